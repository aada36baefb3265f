//! Statement text in every format the reader knows (chosen by the first byte):
//! sentences or an error, never a panic.
#![no_main]

use forge_claimcheck::policy;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["PRIVACY.md", "privacy.txt", "privacy.html", "PRIVACY"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(rest) {
        let name = NAMES[usize::from(selector) % NAMES.len()];
        let _ = policy::read(text, name);
    }
});
