//! Statement text read all the way to claims and disclosures, in every format
//! (chosen by the first byte): the concept frames, terse answers, list
//! destinations and document scope run on hostile text without panicking,
//! and every claim sits on a line of the statement.
#![no_main]

use std::sync::LazyLock;

use forge_claimcheck::policy;
use forge_claimcheck::rulesets::{Catalogue, ClaimPhrases};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["PRIVACY.md", "privacy.txt", "privacy.html", "PRIVACY"];

static PHRASES: LazyLock<Option<ClaimPhrases>> = LazyLock::new(|| ClaimPhrases::embedded().ok());
static CATALOGUE: LazyLock<Option<Catalogue>> = LazyLock::new(|| Catalogue::embedded().ok());

fuzz_target!(|data: &[u8]| {
    let (Some(phrases), Some(catalogue)) = (PHRASES.as_ref(), CATALOGUE.as_ref()) else {
        return;
    };
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let Ok(statement) = policy::read(text, name) else {
        return;
    };
    let lines = text.lines().count().max(1) as u32 + 1;
    for claim in policy::extract_claims_with(&statement, phrases, catalogue) {
        assert!(claim.location.line >= 1 && claim.location.line <= lines);
    }
    let _ = policy::extract_disclosures_with(&statement, catalogue, phrases);
});
