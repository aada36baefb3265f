//! package.json dependencies. (skeleton)

use crate::model::{Observation, Side};
use crate::rulesets::Catalogue;

/// `dependency` observations for catalogue packages a package.json declares.
pub fn scan_package_json(
    _rel_path: &str,
    _source: &str,
    _side: Side,
    _catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    Ok(Vec::new())
}
