//! JS/TS/JSX source of any shape through the guard, oxc and the detectors with
//! the real catalogue: observations or a skip reason, never a panic.
#![no_main]

use std::sync::LazyLock;

use forge_claimcheck::model::Side;
use forge_claimcheck::practice::scan_js;
use forge_claimcheck::rulesets::Catalogue;
use libfuzzer_sys::fuzz_target;

static CATALOGUE: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::embedded().expect("embedded catalogue loads"));

const NAMES: [&str; 4] = ["src/index.js", "src/app.tsx", "src/lib.ts", "src/view.jsx"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if let Ok(source) = std::str::from_utf8(rest) {
        let name = NAMES[usize::from(selector) % NAMES.len()];
        // scan_js contains panics as a skip reason; surface them so the fuzzer
        // records the input. The known oxc 0.146 panic (crates.md 3.5) needs a
        // `\u` escape in a module specifier: inputs with `\u` are let through.
        if let Err(failure) = scan_js(name, source, Side::Backend, &CATALOGUE) {
            assert!(
                !failure.message.starts_with("parser crashed") || source.contains("\\u"),
                "contained crash: {}",
                failure.message
            );
        }
    }
});
