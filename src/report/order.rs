//! The findings a report shows, in the order every format shares (DESIGN.md:
//! by path, line, column, rule), so SARIF, JUnit and Markdown list the same
//! results in the same order as the JSON report.

use crate::AppResult;
use crate::model::{Claim, Finding};

/// The app's findings, active and suppressed (suppressed ones carry
/// `suppressed: Some(reason)`), sorted by location, rule and message.
pub fn findings(app: &AppResult) -> Vec<&Finding> {
    let mut all: Vec<&Finding> = app.findings.iter().chain(&app.suppressed).collect();
    all.sort_by(|a, b| (&a.location, &a.rule, &a.message).cmp(&(&b.location, &b.rule, &b.message)));
    all
}

/// The findings that contradict `claim`: those of its `claim/<kind>` rule that
/// name it or point at its sentence (a finding names one lead claim and links
/// the others of the same kind), in report order.
pub fn evidence<'a>(app: &'a AppResult, claim: &Claim) -> Vec<&'a Finding> {
    let rule = super::rules::claim_rule(claim.kind);
    findings(app)
        .into_iter()
        .filter(|f| f.rule == rule)
        .filter(|f| {
            f.claim.as_deref() == Some(claim.id.as_str())
                || f.related.iter().any(|r| r.location == claim.location)
        })
        .collect()
}

/// Findings that belong to no claim: manifest, code, disclosure and
/// suppression rules.
pub fn other_findings(app: &AppResult) -> Vec<&Finding> {
    findings(app)
        .into_iter()
        .filter(|f| !f.rule.starts_with("claim/"))
        .collect()
}

/// An app result with only findings and claims set, for renderer unit tests
/// (one place to update when `AppResult` grows a field).
#[cfg(test)]
pub fn test_app(
    findings: Vec<Finding>,
    claims: Vec<(crate::model::Claim, crate::verify::ClaimVerdict)>,
) -> AppResult {
    AppResult {
        root: ".".into(),
        manifest: "manifest.yml".into(),
        policy: Some("PRIVACY.md".into()),
        claims,
        disclosures: Vec::new(),
        eligibility: crate::verify::Eligibility {
            runs_on_atlassian: true,
            failing: Vec::new(),
        },
        inventory: Vec::new(),
        findings: findings
            .iter()
            .filter(|f| f.suppressed.is_none())
            .cloned()
            .collect(),
        suppressed: findings
            .into_iter()
            .filter(|f| f.suppressed.is_some())
            .collect(),
        files_scanned: 1,
        skipped: Vec::new(),
    }
}

/// A run result over `apps` rooted at `root`, for renderer unit tests.
#[cfg(test)]
pub fn test_result(root: &std::path::Path, apps: Vec<AppResult>) -> crate::CheckResult {
    crate::CheckResult {
        root: root.to_path_buf(),
        config: None,
        apps,
        // The embedded catalogue, as a run without additions has.
        catalogue: crate::rulesets::Catalogue::embedded().unwrap_or_default(),
    }
}
