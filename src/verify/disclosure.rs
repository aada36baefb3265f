//! Vendors the app uses against the vendors the statement names.

use std::collections::BTreeSet;

use super::Input;
use super::evidence::{Strength, describe, external_vendor, vendor_uses};
use crate::model::{Finding, Location, Related, Severity};

/// `disclosure/undisclosed-vendor`: a vendor the app uses that the statement
/// never names (by name, alias or organisation), whether or not the statement has
/// a subprocessor list. A vendor named only to deny it is not disclosed. Without
/// a statement there is nothing to disclose in, and the report says so instead.
pub fn check(input: &Input) -> Vec<Finding> {
    let Some(statement) = input.statement else {
        return Vec::new();
    };
    let cat = input.catalogue;
    // Organisation names were expanded to the vendors they designate when the
    // disclosures were read ("Amazon Web Services" -> every AWS vendor).
    let disclosed: BTreeSet<&str> = input
        .disclosures
        .iter()
        .map(|d| d.vendor.as_str())
        .collect();
    let mut reported = BTreeSet::new();
    let mut findings = Vec::new();
    for obs in vendor_uses(input.observations) {
        let Some(id) = external_vendor(obs, cat) else {
            continue;
        };
        // One finding per vendor, at its first use (observations are sorted).
        if disclosed.contains(id) || !reported.insert(id.to_string()) {
            continue;
        }
        let name = cat.by_id(id).map_or(id, |v| v.name.as_str());
        findings.push(Finding {
            fingerprint: String::new(),
            suppressed: None,
            rule: "disclosure/undisclosed-vendor".into(),
            // A vendor only a package shows may never run: a note to check.
            severity: match Strength::of(obs) {
                Strength::Runs => Severity::Warning,
                Strength::Declared | Strength::Shipped => Severity::Note,
            },
            message: format!(
                "{}, but the statement does not name {name} as a third party the app uses",
                describe(obs, cat)
            ),
            claim: None,
            vendor: Some(id.to_string()),
            location: obs.location.clone(),
            related: vec![match input.disclosures.first() {
                Some(d) => Related {
                    location: d.location.clone(),
                    message: "the statement names its third parties here".into(),
                },
                None => Related {
                    location: Location::new(statement, 1, None),
                    message: "the statement names no third party".into(),
                },
            }],
        });
    }
    findings
}
