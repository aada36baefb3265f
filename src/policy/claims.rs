//! Sentences into claims. (skeleton)

use super::read::Statement;
use crate::model::Claim;
use crate::rulesets::ClaimPhrases;

/// Every claim of the statement, ids `C1..` in statement order.
pub fn extract_claims(_statement: &Statement, _phrases: &ClaimPhrases) -> Vec<Claim> {
    Vec::new()
}
