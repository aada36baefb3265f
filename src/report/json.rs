//! The JSON report (DESIGN.md "JSON report", schema version 1). Field order and
//! array order are fixed so the output is byte-identical across runs.

use rayon::slice::ParallelSliceMut;
use serde::Serialize;

use crate::CheckResult;
use crate::model::{
    Because, Claim, ClaimKind, Disclosure, Exception, Finding, Location, Observation, SkippedFile,
};
use crate::verify::{ClaimStatus, FailingRule};

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    apps: Vec<App<'a>>,
    claims: Vec<ClaimOut<'a>>,
    disclosures: Vec<&'a Disclosure>,
    eligibility: EligibilityOut<'a>,
    inventory: Vec<&'a Observation>,
    findings: Vec<&'a Finding>,
    /// Findings silenced by a suppression or the baseline, each with its reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressed: Vec<&'a Finding>,
    summary: Summary<'a>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct App<'a> {
    root: &'a str,
    manifest: &'a str,
    policy: Option<&'a str>,
}

#[derive(Serialize)]
struct ClaimOut<'a> {
    id: &'a str,
    kind: ClaimKind,
    status: ClaimStatus,
    hedged: bool,
    scope: Option<&'a str>,
    text: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    hosts: &'a [String],
    #[serde(skip_serializing_if = "<[Exception]>::is_empty")]
    exceptions: &'a [Exception],
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    because: &'a Because,
    location: &'a Location,
}

#[derive(Serialize)]
struct EligibilityOut<'a> {
    runs_on_atlassian: bool,
    failing: Vec<&'a FailingRule>,
}

#[derive(Serialize)]
struct Summary<'a> {
    files_scanned: usize,
    files_skipped: Vec<&'a SkippedFile>,
    errors: usize,
    warnings: usize,
    notes: usize,
}

/// Renders the JSON report, pretty-printed, ending with a newline.
pub fn render(result: &CheckResult) -> String {
    let apps = &result.apps;
    let claims = apps
        .iter()
        .flat_map(|a| &a.claims)
        .map(|(claim, verdict): &(Claim, _)| ClaimOut {
            id: &claim.id,
            kind: claim.kind,
            status: verdict.status,
            hedged: claim.hedged,
            scope: claim.scope.as_deref(),
            text: &claim.text,
            hosts: &claim.hosts,
            exceptions: &claim.exceptions,
            reason: verdict.reason.as_deref(),
            because: &claim.because,
            location: &claim.location,
        })
        .collect();
    let mut failing: Vec<&FailingRule> = apps.iter().flat_map(|a| &a.eligibility.failing).collect();
    failing.sort();
    // Tens of thousands of entries on a large tree: sorted on all threads.
    let mut inventory: Vec<&Observation> = apps.iter().flat_map(|a| &a.inventory).collect();
    inventory.par_sort_by(|a, b| {
        (&a.location, a.kind, &a.detail).cmp(&(&b.location, b.kind, &b.detail))
    });
    let mut findings: Vec<&Finding> = apps.iter().flat_map(|a| &a.findings).collect();
    findings.par_sort_by(|a, b| {
        (&a.location, &a.rule, &a.message).cmp(&(&b.location, &b.rule, &b.message))
    });
    let mut suppressed: Vec<&Finding> = apps.iter().flat_map(|a| &a.suppressed).collect();
    suppressed.sort_by(|a, b| {
        (&a.location, &a.rule, &a.message).cmp(&(&b.location, &b.rule, &b.message))
    });
    let mut skipped: Vec<&SkippedFile> = apps.iter().flat_map(|a| &a.skipped).collect();
    skipped.sort();
    let (errors, warnings, notes) = super::counts(result);
    let report = Report {
        schema_version: 1,
        tool: Tool {
            name: "claimcheck",
            version: env!("CARGO_PKG_VERSION"),
        },
        apps: apps
            .iter()
            .map(|a| App {
                root: &a.root,
                manifest: &a.manifest,
                policy: a.policy.as_deref(),
            })
            .collect(),
        claims,
        disclosures: apps.iter().flat_map(|a| &a.disclosures).collect(),
        eligibility: EligibilityOut {
            runs_on_atlassian: failing.is_empty(),
            failing,
        },
        inventory,
        findings,
        suppressed,
        summary: Summary {
            files_scanned: apps.iter().map(|a| a.files_scanned).sum(),
            files_skipped: skipped,
            errors,
            warnings,
            notes,
        },
    };
    // Serialising these plain structs cannot fail; fall back to an empty object
    // rather than panic if it ever did.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}
