//! claimcheck: verify an Atlassian Forge app's privacy statement against what
//! its manifest asks for and its code does. See DESIGN.md for the pipeline.
//!
//! ```text
//! config + rulesets (embedded data, user additions)
//! discover -> apps: manifest + statement + files with their sides
//!   policy   -> claims (with exceptions), disclosures   (+ config and listing claims)
//!   practice -> inventory (observations)
//! verify -> claim verdicts, findings, eligibility
//! gate   -> severities, fingerprints, suppressions, baseline
//! report -> text | json | sarif | junit | markdown
//! ```

mod capped;
pub mod config;
pub mod discover;
pub mod gate;
pub mod lines;
pub mod manifest;
pub mod model;
pub mod policy;
pub mod practice;
pub mod report;
pub mod rulesets;
pub mod text;
pub mod url;
pub mod verify;

use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

use config::Config;
use gate::SourceLines;
use gate::baseline::Baseline;
use model::{Claim, Disclosure, Finding, Observation, SkippedFile};
use rulesets::{Catalogue, ClaimPhrases};
use verify::{ClaimVerdict, Eligibility};

/// How to run a check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Use this statement for every app instead of searching for one.
    pub policy: Option<PathBuf>,
    /// `--config FILE` instead of `.claimcheck.yml` at the root.
    pub config: Option<PathBuf>,
    /// Extra vendor files (`--ruleset`), after the config's own.
    pub rulesets: Vec<PathBuf>,
    /// Only findings not in this baseline count (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// The Marketplace listing's Privacy & Security answers as JSON (`--listing`):
    /// more claims and disclosures, located in that file.
    pub listing: Option<PathBuf>,
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
    /// Findings that count, sorted by location and rule.
    pub findings: Vec<Finding>,
    /// Findings silenced by a suppression or the baseline; `suppressed` says why.
    pub suppressed: Vec<Finding>,
    pub files_scanned: usize,
    pub skipped: Vec<SkippedFile>,
}

/// The result of a whole run, ready for any report format.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// The scanned root as given, used to read snippets for the human report.
    pub root: PathBuf,
    /// The config file that was applied, if any.
    pub config: Option<String>,
    pub apps: Vec<AppResult>,
    /// The vendor catalogue the run used (embedded, plus the config's and
    /// `--ruleset` additions), so reports name vendors as the checks did.
    pub catalogue: Catalogue,
}

/// The rulesets a run uses: embedded data plus the user's additions.
pub struct Rulesets {
    pub catalogue: Catalogue,
    pub phrases: ClaimPhrases,
}

impl Rulesets {
    /// The embedded rulesets extended by the config's and the command line's files.
    pub fn load(config: &Config, extra_vendor_files: &[PathBuf]) -> anyhow::Result<Rulesets> {
        Rulesets::load_then(config, extra_vendor_files, |_| ())
    }

    /// [`Rulesets::load`], running `with_catalogue` on the finished catalogue
    /// while the claim phrases are still loading.
    fn load_then(
        config: &Config,
        extra_vendor_files: &[PathBuf],
        with_catalogue: impl FnOnce(&Catalogue) + Send,
    ) -> anyhow::Result<Rulesets> {
        let (catalogue, phrases) = rayon::join(
            || {
                let catalogue = Rulesets::catalogue(config, extra_vendor_files)?;
                with_catalogue(&catalogue);
                Ok::<_, anyhow::Error>(catalogue)
            },
            || Rulesets::phrases(config),
        );
        Ok(Rulesets {
            catalogue: catalogue?,
            phrases: phrases?,
        })
    }

    fn catalogue(config: &Config, extra_vendor_files: &[PathBuf]) -> anyhow::Result<Catalogue> {
        let mut catalogue =
            Catalogue::embedded().context("loading the embedded vendor catalogue")?;
        for path in config.rulesets.iter().chain(extra_vendor_files) {
            let shown = path.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{shown}: cannot read ruleset"))?;
            catalogue.load_additions(&shown, &text)?;
        }
        Ok(catalogue)
    }

    fn phrases(config: &Config) -> anyhow::Result<ClaimPhrases> {
        let mut phrases = ClaimPhrases::embedded().context("loading the embedded claim phrases")?;
        for path in &config.phrases {
            let shown = path.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{shown}: cannot read phrase file"))?;
            phrases.add_from_yaml(&shown, &text)?;
        }
        Ok(phrases)
    }
}

/// The whole pipeline: every app under `root`, checked against its statement.
/// It runs on the scan pool, so independent steps share its threads.
pub fn check(root: &Path, options: &CheckOptions) -> anyhow::Result<CheckResult> {
    practice::in_scan_pool(|| check_in_pool(root, options))
}

fn check_in_pool(root: &Path, options: &CheckOptions) -> anyhow::Result<CheckResult> {
    let config = Config::load(root, options.config.as_deref())?;
    let discover_options = discover::DiscoverOptions {
        policy: options.policy.clone().or_else(|| config.policy.clone()),
        include: config.include.clone(),
        exclude: config.exclude.clone(),
    };
    // The tree is walked while the rulesets load; the statements' vendor-name
    // matchers are built as soon as the catalogue is final.
    let (rulesets, workspace) = rayon::join(
        || Rulesets::load_then(&config, &options.rulesets, policy::prepare_name_matchers),
        || discover::discover(root, &discover_options),
    );
    let rulesets = rulesets?;
    let baseline = options
        .baseline
        .as_deref()
        .map(Baseline::load)
        .transpose()?;
    let listing = options
        .listing
        .as_deref()
        .map(|path| Listing::load(path, &rulesets.catalogue))
        .transpose()?;
    let extra = ExtraClaims {
        config: policy::claims_from_config(
            &config.claims,
            config.path.as_deref().unwrap_or(config::FILE_NAME),
        ),
        listing,
    };
    let workspace = workspace?;
    // Apps are independent: read their statements in parallel, number the
    // claims in app order, then check the apps in parallel. Results keep app
    // order, and the first error in app order is the one reported.
    let run = Run {
        rulesets: &rulesets,
        config: &config,
        extra: &extra,
        baseline: baseline.as_ref(),
        scanner: practice::Scanner::new(&rulesets.catalogue),
        root,
    };
    let read: Vec<anyhow::Result<AppStatement>> = workspace
        .apps
        .into_par_iter()
        .map(|app| run.read_statement(app))
        .collect();
    let mut statements: Vec<AppStatement> = read.into_iter().collect::<anyhow::Result<_>>()?;
    let mut claims_so_far = 0;
    for app in &mut statements {
        renumber(&mut app.claims, claims_so_far);
        claims_so_far += app.claims.len();
    }
    let apps: Vec<AppResult> = statements
        .into_par_iter()
        .map(|app| run.check_app(app))
        .collect();
    // The scanner borrows the catalogue; once the apps are checked it moves
    // into the result.
    drop(run);
    Ok(CheckResult {
        root: root.to_path_buf(),
        config: config.path.clone(),
        apps,
        catalogue: rulesets.catalogue,
    })
}

/// Claims that come from outside the statement and apply to every app.
struct ExtraClaims {
    config: Vec<Claim>,
    listing: Option<Listing>,
}

/// `--listing FILE`: the listing's answers as claims and disclosures.
struct Listing {
    claims: Vec<Claim>,
    disclosures: Vec<Disclosure>,
}

impl Listing {
    fn load(path: &Path, catalogue: &Catalogue) -> anyhow::Result<Listing> {
        let shown = path.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{shown}: cannot read listing"))?;
        Ok(Listing {
            claims: policy::claims_from_listing(&text, &shown)?,
            disclosures: policy::disclosures_from_listing(&text, &shown, catalogue)?,
        })
    }
}

/// What every app of a run shares.
struct Run<'r> {
    rulesets: &'r Rulesets,
    config: &'r Config,
    extra: &'r ExtraClaims,
    baseline: Option<&'r Baseline>,
    scanner: practice::Scanner<'r>,
    root: &'r Path,
}

/// An app with its statement read and its claims found.
struct AppStatement {
    app: discover::AppInput,
    statement_path: Option<String>,
    claims: Vec<Claim>,
    disclosures: Vec<Disclosure>,
}

impl Run<'_> {
    fn read_statement(&self, app: discover::AppInput) -> anyhow::Result<AppStatement> {
        let catalogue = &self.rulesets.catalogue;
        let statement = match &app.policy {
            Some((abs, rel)) => Some(policy::load(abs, rel)?),
            None => None,
        };
        let (mut claims, mut disclosures) = match &statement {
            Some(s) => (
                policy::extract_claims_with(s, &self.rulesets.phrases, catalogue),
                policy::extract_disclosures_with(s, catalogue, &self.rulesets.phrases),
            ),
            None => (Vec::new(), Vec::new()),
        };
        claims.extend(self.extra.config.iter().cloned());
        if let Some(listing) = &self.extra.listing {
            claims.extend(listing.claims.iter().cloned());
            disclosures.extend(listing.disclosures.iter().cloned());
        }
        Ok(AppStatement {
            app,
            statement_path: statement.map(|s| s.path),
            claims,
            disclosures,
        })
    }

    fn check_app(&self, prepared: AppStatement) -> AppResult {
        let AppStatement {
            app,
            statement_path,
            claims,
            disclosures,
        } = prepared;
        let catalogue = &self.rulesets.catalogue;
        let scanned = self.scanner.scan(&app.files);
        let mut inventory = scanned.observations;
        inventory.extend(practice::from_manifest::observations(&app.manifest));
        inventory.sort_by(|a, b| {
            (&a.location, a.kind, &a.detail).cmp(&(&b.location, b.kind, &b.detail))
        });
        let inventory = practice::merge_shipped(inventory);
        let mut skipped = app.skipped;
        skipped.extend(scanned.skipped);
        skipped.sort();
        // Use sites lead to something observed elsewhere: that is the evidence,
        // and they are related to its findings.
        let evidence: Vec<Observation> = inventory
            .iter()
            .filter(|o| !o.is_use_site())
            .cloned()
            .collect();
        let mut verdict = verify::run(&verify::Input {
            manifest: &app.manifest,
            claims: &claims,
            disclosures: &disclosures,
            statement: statement_path.as_deref(),
            observations: &evidence,
            skipped: &skipped,
            catalogue,
        });
        verify::relate_use_sites(&mut verdict.findings, &inventory);
        let mut verdicts: std::collections::HashMap<String, ClaimVerdict> = verdict
            .claims
            .into_iter()
            .map(|v| (v.claim_id.clone(), v))
            .collect();
        let claims = claims
            .into_iter()
            .filter_map(|c| verdicts.remove(&c.id).map(|v| (c, v)))
            .collect();
        // Suppression comments count in every file the app consists of; the
        // scan noted which of its files hold one.
        let mut files = scanned.marked;
        files.push(app.manifest.path.clone());
        let mut result = AppResult {
            root: app.root_rel,
            manifest: app.manifest.path.clone(),
            policy: app.policy.map(|(_, rel)| rel),
            claims,
            disclosures,
            eligibility: verdict.eligibility,
            inventory,
            findings: verdict.findings,
            suppressed: Vec::new(),
            files_scanned: scanned.files_scanned,
            skipped,
        };
        let mut sources = SourceLines::new(self.root.to_path_buf());
        gate(
            &mut result,
            &files,
            self.config,
            self.baseline,
            &mut sources,
        );
        result
    }
}

/// Severity overrides, fingerprints, suppressions and the baseline.
fn gate(
    app: &mut AppResult,
    files: &[String],
    config: &Config,
    baseline: Option<&Baseline>,
    sources: &mut SourceLines,
) {
    let mut findings = std::mem::take(&mut app.findings);
    for finding in &mut findings {
        if let Some(severity) = config.severity.get(&finding.rule) {
            finding.severity = *severity;
        }
    }
    gate::fingerprint::assign(&mut findings, sources);
    let (active, mut suppressed, mut about) = gate::suppress::apply(
        findings,
        files,
        sources,
        &config.suppressions,
        config.path.as_deref(),
    );
    gate::fingerprint::assign(&mut about, sources);
    let mut findings = Vec::new();
    for finding in active.into_iter().chain(about) {
        match baseline {
            Some(b) if b.contains(&finding) => {
                let mut f = finding;
                f.suppressed = Some("in the baseline".to_string());
                suppressed.push(f);
            }
            _ => findings.push(finding),
        }
    }
    let order = |a: &Finding, b: &Finding| {
        (&a.location, &a.rule, &a.message).cmp(&(&b.location, &b.rule, &b.message))
    };
    findings.sort_by(order);
    suppressed.sort_by(order);
    app.findings = findings;
    app.suppressed = suppressed;
}

/// Claim ids stay unique across the apps of one run: C1.. continue from the
/// previous app's last claim.
fn renumber(claims: &mut [Claim], offset: usize) {
    for (i, claim) in claims.iter_mut().enumerate() {
        claim.id = format!("C{}", offset + i + 1);
    }
}
