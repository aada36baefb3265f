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
