//! Sentences into disclosures (vendors the statement names as used). (skeleton)

use super::read::Statement;
use crate::model::Disclosure;
use crate::rulesets::Catalogue;

/// Vendors the statement discloses, in statement order.
pub fn extract_disclosures(_statement: &Statement, _catalogue: &Catalogue) -> Vec<Disclosure> {
    Vec::new()
}
