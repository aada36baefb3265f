//! Stage 5: the result as a human report or JSON.

pub mod inventory;
pub mod json;
pub mod junit;
pub mod listing;
pub mod markdown;
mod order;
pub mod rules;
pub mod sarif;
mod snippet;
pub mod text;

use crate::CheckResult;
use crate::model::Severity;

/// Findings per severity across all apps: (errors, warnings, notes).
pub fn counts(result: &CheckResult) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for finding in result.apps.iter().flat_map(|a| &a.findings) {
        match finding.severity {
            Severity::Error => counts.0 += 1,
            Severity::Warning => counts.1 += 1,
            Severity::Note => counts.2 += 1,
        }
    }
    counts
}
