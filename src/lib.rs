//! claimcheck: verify an Atlassian Forge app's privacy statement against what
//! its manifest asks for and its code does. See DESIGN.md for the pipeline.
//!
//! ```text
//! discover -> manifest + statement + files
//!   policy  -> claims, disclosures
//!   practice -> inventory (observations)
//! verify -> claim verdicts, findings, eligibility
//! report -> text | json
//! ```

pub mod config;
pub mod discover;
pub mod manifest;
pub mod model;
pub mod policy;
pub mod practice;
pub mod report;
pub mod rulesets;
pub mod verify;

use std::path::{Path, PathBuf};

use anyhow::Context;

use model::{Claim, Disclosure, Finding, Observation, SkippedFile};
use rulesets::{Catalogue, ClaimPhrases};
use verify::{ClaimVerdict, Eligibility};

/// How to run a check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Use this statement for every app instead of searching for one.
    pub policy: Option<PathBuf>,
}

/// The result of checking one app.
#[derive(Debug, Clone)]
pub struct AppResult {
    pub root: String,
    pub manifest: String,
    pub policy: Option<String>,
    pub claims: Vec<(Claim, ClaimVerdict)>,
    pub disclosures: Vec<Disclosure>,
    pub eligibility: Eligibility,
    pub inventory: Vec<Observation>,
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    pub skipped: Vec<SkippedFile>,
}

/// The result of a whole run, ready for any report format.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// The scanned root as given, used to read snippets for the human report.
    pub root: PathBuf,
    pub apps: Vec<AppResult>,
}

/// The whole pipeline: every app under `root`, checked with the embedded rulesets.
pub fn check(root: &Path, options: &CheckOptions) -> anyhow::Result<CheckResult> {
    let catalogue = Catalogue::embedded().context("loading the embedded vendor catalogue")?;
    let phrases = ClaimPhrases::embedded().context("loading the embedded claim phrases")?;
    let workspace = discover::discover(
        root,
        &discover::DiscoverOptions {
            policy: options.policy.clone(),
        },
    )?;
    let mut apps = Vec::new();
    let mut claims_so_far = 0;
    for app in workspace.apps {
        let result = check_app(app, &catalogue, &phrases, claims_so_far)?;
        claims_so_far += result.claims.len();
        apps.push(result);
    }
    Ok(CheckResult {
        root: root.to_path_buf(),
        apps,
    })
}

fn check_app(
    app: discover::AppInput,
    catalogue: &Catalogue,
    phrases: &ClaimPhrases,
    claim_offset: usize,
) -> anyhow::Result<AppResult> {
    let statement = match &app.policy {
        Some((abs, rel)) => Some(policy::load(abs, rel)?),
        None => None,
    };
    let (claims, disclosures) = match &statement {
        Some(s) => (
            renumber(policy::extract_claims(s, phrases), claim_offset),
            policy::extract_disclosures_with(s, catalogue, phrases),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let scanned = practice::scan(&app.files, catalogue);
    let mut inventory = scanned.observations;
    inventory.extend(practice::from_manifest::observations(&app.manifest));
    inventory
        .sort_by(|a, b| (&a.location, a.kind, &a.detail).cmp(&(&b.location, b.kind, &b.detail)));
    let mut skipped = app.skipped;
    skipped.extend(scanned.skipped);
    skipped.sort();
    let verdict = verify::run(&verify::Input {
        manifest: &app.manifest,
        claims: &claims,
        disclosures: &disclosures,
        observations: &inventory,
        skipped: &skipped,
        catalogue,
    });
    let mut verdicts: std::collections::HashMap<String, ClaimVerdict> = verdict
        .claims
        .into_iter()
        .map(|v| (v.claim_id.clone(), v))
        .collect();
    let claims = claims
        .into_iter()
        .filter_map(|c| verdicts.remove(&c.id).map(|v| (c, v)))
        .collect();
    Ok(AppResult {
        root: app.root_rel,
        manifest: app.manifest.path.clone(),
        policy: app.policy.map(|(_, rel)| rel),
        claims,
        disclosures,
        eligibility: verdict.eligibility,
        inventory,
        findings: verdict.findings,
        files_scanned: scanned.files_scanned,
        skipped,
    })
}

/// Claim ids stay unique across the apps of one run: C1.. continue from the
/// previous app's last claim.
fn renumber(mut claims: Vec<Claim>, offset: usize) -> Vec<Claim> {
    for (i, claim) in claims.iter_mut().enumerate() {
        claim.id = format!("C{}", offset + i + 1);
    }
    claims
}
