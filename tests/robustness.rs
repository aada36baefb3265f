//! Property tests for the readers of untrusted input: whatever bytes a hostile
//! repository holds, the manifest loader, the statement reader and the scanners
//! answer with a result or an error, never a panic, and errors name a place.

use forge_claimcheck::manifest::{self, ManifestError};
use forge_claimcheck::model::Side;
use forge_claimcheck::policy;
use forge_claimcheck::practice::{scan_js, scan_package_json};
use forge_claimcheck::rulesets::Catalogue;
use proptest::prelude::*;

/// Fragments of real manifests, shuffled and nested by the strategy below, reach
/// far more of the loader than random bytes do.
const YAML_PIECES: &[&str] = &[
    "app:\n",
    "  id: ari:cloud:ecosystem::app/x\n",
    "permissions:\n",
    "  scopes:\n",
    "    - read:jira-work\n",
    "  external:\n",
    "    fetch:\n",
    "      backend:\n",
    "        - address: https://api.x.com\n",
    "          category: analytics\n",
    "        - remote: r\n",
    "remotes:\n",
    "  - key: r\n",
    "    baseUrl: {default: x}\n",
    "modules:\n",
    "  webtrigger:\n",
    "    - key: w\n",
    "      response: {type: static}\n",
    "&a [*a]\n",
    "- - -\n",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "\t",
    "'",
    "\"",
    "${X}",
    "\u{feff}",
];

const JS_PIECES: &[&str] = &[
    "import a from 'mixpanel-browser';",
    "const u = `https://${h}/x`;",
    "fetch(u);",
    "localStorage.setItem('k', 1);",
    "axios.create({baseURL: 'https://a.io'})",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "`",
    "'",
    "\"",
    "/*",
    "*/",
    "//",
    "\n",
    "<div>",
    "</div>",
    "import { \"\\u\" as x } from \"m\";",
    "new WebSocket(",
    "=>",
    "?.",
    "#x",
    "@dec",
];

const MD_PIECES: &[&str] = &[
    "# Title\n",
    "1. Section\n",
    "- item\n",
    "The app does not:\n",
    "| a | b |\n",
    "|---|---|\n",
    "We do not use analytics.\n",
    "Label: sentence.\n",
    "```\n",
    "> quote\n",
    "e.g. ",
    "Inc. ",
    "\r\n",
    "<br>",
    "**",
    "_",
    "[link](x)",
    "\u{0}",
    "\u{2028}",
];

fn pieces(set: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(set), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_manifest_loader_never_panics(text in pieces(YAML_PIECES)) {
        match manifest::parse(&text, "manifest.yml") {
            Ok(m) => prop_assert_eq!(m.path, "manifest.yml"),
            Err(ManifestError::Invalid { path, line, .. }) => {
                prop_assert_eq!(path, "manifest.yml");
                prop_assert!(line >= 1);
            }
            Err(_) => {}
        }
    }

    #[test]
    fn the_manifest_loader_survives_arbitrary_text(text in "\\PC{0,200}") {
        let _ = manifest::parse(&text, "manifest.yml");
    }

    #[test]
    fn the_js_scanner_never_panics(text in pieces(JS_PIECES)) {
        let catalogue = Catalogue::embedded().unwrap();
        if let Ok(observations) = scan_js("src/x.jsx", &text, Side::Backend, &catalogue) {
            let lines = text.split('\n').count() as u32;
            for o in observations {
                prop_assert!(o.location.line >= 1 && o.location.line <= lines);
            }
        }
    }

    #[test]
    fn the_package_json_scanner_never_panics(text in "\\PC{0,120}") {
        let catalogue = Catalogue::embedded().unwrap();
        let _ = scan_package_json("package.json", &text, Side::Backend, &catalogue);
    }

    #[test]
    fn statement_sentences_point_into_the_file(text in pieces(MD_PIECES)) {
        for name in ["PRIVACY.md", "privacy.txt"] {
            if let Ok(statement) = policy::read(&text, name) {
                let lines = text.lines().count().max(1) as u32;
                for s in statement.sentences {
                    prop_assert!(s.line >= 1 && s.line <= lines, "{} line {} of {}", name, s.line, lines);
                }
            }
        }
    }
}
