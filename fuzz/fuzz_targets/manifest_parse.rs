//! manifest.yml text of any shape: the loader answers Ok or a positioned error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = forge_claimcheck::manifest::parse(text, "manifest.yml");
    }
});
