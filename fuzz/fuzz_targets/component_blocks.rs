//! Vue, Svelte and Astro components of any shape through the block extractor
//! and the component scanner with the real catalogue: blocks that lie inside
//! the file, observations or a skip reason, never a panic.
#![no_main]

use std::sync::LazyLock;

use forge_claimcheck::model::Side;
use forge_claimcheck::practice::component::{Dialect, script_blocks};
use forge_claimcheck::practice::{ScriptContext, scan_component};
use forge_claimcheck::rulesets::Catalogue;
use libfuzzer_sys::fuzz_target;

static CATALOGUE: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::embedded().expect("embedded catalogue loads"));

const DIALECTS: [Dialect; 3] = [Dialect::Vue, Dialect::Svelte, Dialect::Astro];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if let Ok(source) = std::str::from_utf8(rest) {
        let dialect = DIALECTS[usize::from(selector) % DIALECTS.len()];
        for block in script_blocks(source, dialect) {
            assert!(block.start <= block.end && block.end <= source.len());
            assert!(source.is_char_boundary(block.start) && source.is_char_boundary(block.end));
        }
        let _ = scan_component(
            "static/ui/src/App.vue",
            source,
            Side::Frontend,
            dialect,
            ScriptContext::new(&CATALOGUE),
        );
    }
});
