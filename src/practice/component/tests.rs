//! Components scanned end to end: script blocks at the file's positions,
//! markup read like HTML, handlers read as script.

use super::*;
use crate::model::{Channel, ObservationKind, PageLoad};
use crate::rulesets::Catalogue;

fn scan(
    path: &str,
    source: &str,
    dialect: Dialect,
) -> Vec<(u32, u32, ObservationKind, String, Option<String>)> {
    let catalogue = Catalogue::embedded().unwrap();
    scan_component(
        path,
        source,
        Side::Frontend,
        dialect,
        ScriptContext::new(&catalogue),
    )
    .unwrap()
    .into_iter()
    .map(|o| {
        assert_eq!(o.location.path, path);
        (
            o.location.line,
            o.location.column.unwrap_or(0),
            o.kind,
            o.detail,
            o.host,
        )
    })
    .collect()
}

#[test]
fn a_vue_component_reads_its_blocks_template_and_handlers_in_place() {
    let source = r#"<template>
  <img :src="'https://img.example.com/a.png'" alt="x">
  <button @click="fetch('https://api.example.com/click')">Go</button>
</template>

<script setup lang="ts">
import mixpanel from 'mixpanel-browser';
const n: number = 1;
localStorage.setItem('k', String(n));
</script>
"#;
    let found = scan("static/ui/src/App.vue", source, Dialect::Vue);
    let host = |h: &str| Some(h.to_string());
    assert_eq!(
        found,
        [
            (
                2,
                15,
                ObservationKind::NetworkCall,
                "<img src>".into(),
                host("img.example.com")
            ),
            (
                3,
                19,
                ObservationKind::NetworkCall,
                "fetch".into(),
                host("api.example.com")
            ),
            (7, 1, ObservationKind::Sdk, "mixpanel-browser".into(), None),
            (
                9,
                1,
                ObservationKind::BrowserStorage,
                "localStorage".into(),
                None
            ),
        ]
    );
}

#[test]
fn a_svelte_component_with_a_module_script() {
    let source = "<script context=\"module\">\n  export const api = 'https://api.example.com';\n</script>\n<script lang=\"ts\">\n  let id: string = '';\n  navigator.sendBeacon('https://t.example.com/b', id);\n</script>\n<img src=\"https://cdn.example.com/{id}.png\">\n";
    let found = scan("static/ui/src/Panel.svelte", source, Dialect::Svelte);
    let details: Vec<(u32, &str)> = found.iter().map(|f| (f.0, f.3.as_str())).collect();
    assert_eq!(details, [(6, "navigator.sendBeacon"), (8, "<img src>")]);
    assert_eq!(found[1].4.as_deref(), Some("cdn.example.com"));
}

#[test]
fn a_block_that_does_not_parse_fails_the_file_at_its_line() {
    let catalogue = Catalogue::from_vendors(Vec::new());
    let source = "<template><p/></template>\n<script lang=\"ts\">\nconst = ;\n</script>\n";
    let err = scan_component(
        "a.vue",
        source,
        Side::Frontend,
        Dialect::Vue,
        ScriptContext::new(&catalogue),
    )
    .unwrap_err();
    assert!(
        err.starts_with("the <script> block: syntax error at 3:7"),
        "{err}"
    );
}

#[test]
fn astro_frontmatter_runs_at_build_time() {
    let catalogue = Catalogue::from_vendors(Vec::new());
    let source = "---\nconst r = await fetch('https://build.example.com');\n---\n<script>\nfetch('https://page.example.com');\n</script>\n";
    let found = scan_component(
        "src/pages/index.astro",
        source,
        Side::Frontend,
        Dialect::Astro,
        ScriptContext::new(&catalogue),
    )
    .unwrap();
    let sides: Vec<(u32, Side)> = found.iter().map(|o| (o.location.line, o.side)).collect();
    assert_eq!(sides, [(2, Side::Dev), (5, Side::Frontend)]);
    assert!(found.iter().all(|o| matches!(
        o.channel(),
        Channel::Request | Channel::Load(PageLoad::Script)
    )));
}
