//! JavaScript / TypeScript with oxc. (skeleton)

use crate::model::{Observation, Side};
use crate::rulesets::Catalogue;

/// A file the parser could not read; the scan reports it and goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    pub message: String,
}

/// Observations in one script file.
pub fn scan_js(
    _rel_path: &str,
    _source: &str,
    _side: Side,
    _catalogue: &Catalogue,
) -> Result<Vec<Observation>, ParseFailure> {
    Ok(Vec::new())
}
