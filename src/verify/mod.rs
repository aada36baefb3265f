//! Stage 4: claims x manifest x inventory -> claim verdicts and findings.
//!
//! One file per family of rules: `claims` (statement vs practice), `egress`
//! (manifest vs code), `disclosure` (named vendors vs used vendors),
//! `eligibility` (Runs on Atlassian prediction). `evidence` holds the shared
//! vocabulary for describing what contradicts what.

mod access;
mod claims;
mod disclosure;
mod egress;
mod eligibility;
mod evidence;
mod gap;
mod residency;
mod scopes;
mod secrets;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::manifest::Manifest;
use crate::model::{Claim, Disclosure, Finding, Observation, SkippedFile};
use crate::rulesets::Catalogue;

pub use eligibility::{Eligibility, FailingRule, eligibility};

/// Everything verification looks at for one app.
pub struct Input<'a> {
    pub manifest: &'a Manifest,
    pub claims: &'a [Claim],
    pub disclosures: &'a [Disclosure],
    /// The statement's path, when the app has one.
    pub statement: Option<&'a str>,
    pub observations: &'a [Observation],
    /// Files the practice stage could not analyse: evidence may hide in them.
    pub skipped: &'a [SkippedFile],
    pub catalogue: &'a Catalogue,
}

/// Whether a claim held up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    /// Nothing contradicts it, and everything that could have was examined.
    Supported,
    /// At least one finding contradicts it.
    Contradicted,
    /// It could not be checked; `reason` says why.
    Unverifiable,
}

/// The verdict on one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVerdict {
    pub claim_id: String,
    pub status: ClaimStatus,
    pub reason: Option<String>,
}

/// The outcome of verifying one app.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub claims: Vec<ClaimVerdict>,
    pub findings: Vec<Finding>,
    pub eligibility: Eligibility,
}

/// Findings related shown per use site before the rest are counted.
const USE_SITES_SHOWN: usize = 10;

/// Relates to each finding the use sites whose trace passes through its
/// location: the calls of a wrapper that makes the request, the calls on an
/// SDK whose import is the evidence. The inventory lists them all; a finding
/// shows the first few and counts the rest.
pub fn relate_use_sites(findings: &mut [Finding], observations: &[Observation]) {
    use std::collections::HashMap;
    let mut through: HashMap<&crate::model::Location, Vec<&Observation>> = HashMap::new();
    // Tests that call the code are not where data leaves in production.
    let production = |o: &&Observation| o.is_use_site() && o.side != crate::model::Side::Dev;
    for obs in observations.iter().filter(production) {
        for hop in &obs.trace {
            let uses = through.entry(hop).or_default();
            if uses.last().is_none_or(|last| last.location != obs.location) {
                uses.push(obs);
            }
        }
    }
    for finding in findings {
        let Some(uses) = through.get(&finding.location) else {
            continue;
        };
        for obs in uses.iter().take(USE_SITES_SHOWN) {
            finding.related.push(crate::model::Related {
                location: obs.location.clone(),
                message: format!("used here: {}", use_label(obs)),
            });
        }
        if uses.len() > USE_SITES_SHOWN {
            let rest = uses.len() - USE_SITES_SHOWN;
            finding.related.push(crate::model::Related {
                location: finding.location.clone(),
                message: format!("and {rest} more use sites (see the inventory)"),
            });
        }
    }
}

/// How a use site is named in a related location.
fn use_label(obs: &Observation) -> String {
    match obs.kind {
        crate::model::ObservationKind::SdkCall => format!("`{}`", obs.detail),
        _ => match obs.trace.first() {
            Some(first) if obs.trace.len() > 1 => {
                format!("`{}`, by way of {first}", obs.detail)
            }
            _ => format!("`{}`", obs.detail),
        },
    }
}

/// Runs every rule family.
pub fn run(input: &Input) -> Verdict {
    let (claims, mut findings) = claims::check(input);
    findings.extend(egress::check(input));
    findings.extend(disclosure::check(input));
    findings.extend(scopes::findings(input));
    findings.extend(secrets::findings(input));
    findings.sort_by(|a, b| {
        (&a.location, &a.rule, &a.message).cmp(&(&b.location, &b.rule, &b.message))
    });
    findings.dedup();
    Verdict {
        claims,
        findings,
        eligibility: eligibility(input.manifest),
    }
}
