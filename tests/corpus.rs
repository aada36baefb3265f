//! The claim reader measured on real Marketplace statements.
//!
//! `../shared/statements/` holds statements vendors published, with
//! `labels.json`: every line that makes a promise about the app (`kind`, or
//! `null` for a promise no static check verifies), second readings a reviewer
//! could accept (`optional`), and lines that look like claims but are not
//! (`not_claims`). `tests/corpus/` holds statements written here in styles the
//! shared set lacks, labelled the same way. Scoring follows the shared README:
//!
//! - recall: non-optional labels of a checkable kind matched one-to-one by a
//!   reported claim of that kind within one line, with no scope;
//! - precision: reported claims of a checkable kind with no scope that match a
//!   non-optional label of their kind within one line, over all such claims
//!   (those matching only an optional label are left out);
//! - unverifiable recall: `null` labels matched by an `unverifiable` claim
//!   within one line;
//! - decoys: reported claims without scope on a `not_claims` line.
//!
//! Every miss and every invented claim is printed, so `cargo test --test
//! corpus -- --nocapture` shows what to read next.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use forge_claimcheck::model::{Claim, ClaimKind};
use forge_claimcheck::policy;
use forge_claimcheck::rulesets::{Catalogue, ClaimPhrases};
use serde::Deserialize;

const MIN_RECALL: f64 = 0.90;
const MIN_PRECISION: f64 = 0.95;
const MIN_UNVERIFIABLE_RECALL: f64 = 0.80;

#[derive(Debug, Deserialize)]
struct FileLabels {
    claims: Vec<ClaimLabel>,
    not_claims: Vec<NotClaim>,
}

#[derive(Debug, Deserialize)]
struct ClaimLabel {
    line: u32,
    kind: Option<String>,
    #[serde(default)]
    why: String,
    #[serde(default)]
    optional: bool,
}

#[derive(Debug, Deserialize)]
struct NotClaim {
    line: u32,
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    hits: usize,
    of: usize,
}

impl Tally {
    fn ratio(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hits as f64 / self.of as f64
        }
    }
    fn add(&mut self, other: Tally) {
        self.hits += other.hits;
        self.of += other.of;
    }
}

/// "0.95 (108/114)", the ratio to the formatter's precision (2 by default).
impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = f.precision().unwrap_or(2);
        write!(f, "{:.digits$} ({}/{})", self.ratio(), self.hits, self.of)
    }
}

#[derive(Debug, Default)]
struct Score {
    recall: Tally,
    precision: Tally,
    unverifiable: Tally,
    decoys: Vec<String>,
    recall_by_kind: BTreeMap<&'static str, Tally>,
    precision_by_kind: BTreeMap<&'static str, Tally>,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.recall.add(other.recall);
        self.precision.add(other.precision);
        self.unverifiable.add(other.unverifiable);
        self.decoys.extend(other.decoys);
        for (k, t) in other.recall_by_kind {
            self.recall_by_kind.entry(k).or_default().add(t);
        }
        for (k, t) in other.precision_by_kind {
            self.precision_by_kind.entry(k).or_default().add(t);
        }
    }
}

fn near(a: u32, b: u32) -> bool {
    a.abs_diff(b) <= 1
}

fn kind_of(label: &ClaimLabel, at: &str) -> Option<ClaimKind> {
    label.kind.as_deref().map(|k| {
        ClaimKind::parse(k).unwrap_or_else(|| panic!("{at}: unknown kind `{k}` in the labels"))
    })
}

/// Scores one statement against its labels, printing every disagreement.
fn measure(claims: &[Claim], labels: &FileLabels, shown: &str) -> Score {
    let mut score = Score::default();
    let labelled: Vec<(Option<ClaimKind>, &ClaimLabel)> = labels
        .claims
        .iter()
        .map(|l| (kind_of(l, shown), l))
        .collect();

    // Recall: each non-optional checkable label takes one unscoped claim of its
    // kind within a line; a claim is used once.
    let mut used = vec![false; claims.len()];
    for (kind, label) in &labelled {
        let Some(kind) = kind else { continue };
        if label.optional {
            continue;
        }
        let pick = claims.iter().enumerate().position(|(i, c)| {
            !used[i] && c.kind == *kind && c.scope.is_none() && near(c.location.line, label.line)
        });
        let tally = score.recall_by_kind.entry(kind.as_str()).or_default();
        tally.of += 1;
        score.recall.of += 1;
        match pick {
            Some(i) => {
                used[i] = true;
                tally.hits += 1;
                score.recall.hits += 1;
            }
            None => {
                let scoped = claims.iter().any(|c| {
                    c.kind == *kind && c.scope.is_some() && near(c.location.line, label.line)
                });
                let note = if scoped { " (read with a scope)" } else { "" };
                println!(
                    "  missed        {shown}:{} {}{note}: {}",
                    label.line,
                    kind.as_str(),
                    label.why
                );
            }
        }
    }

    // Precision: unscoped checkable claims against non-optional labels of their
    // kind; a claim matching only an optional label is left out.
    for claim in claims {
        if claim.kind == ClaimKind::Unverifiable || claim.scope.is_some() {
            continue;
        }
        let fits = |optional: bool| {
            labelled.iter().any(|(k, l)| {
                *k == Some(claim.kind)
                    && l.optional == optional
                    && near(l.line, claim.location.line)
            })
        };
        let tally = score
            .precision_by_kind
            .entry(claim.kind.as_str())
            .or_default();
        if fits(false) {
            tally.hits += 1;
            tally.of += 1;
            score.precision.hits += 1;
            score.precision.of += 1;
        } else if !fits(true) {
            tally.of += 1;
            score.precision.of += 1;
            println!(
                "  invented      {shown}:{} {} ({}): {}",
                claim.location.line,
                claim.kind.as_str(),
                claim.because,
                claim.text
            );
        }
    }

    // Unverifiable recall.
    for (kind, label) in &labelled {
        if kind.is_some() || label.optional {
            continue;
        }
        score.unverifiable.of += 1;
        let hit = claims
            .iter()
            .any(|c| c.kind == ClaimKind::Unverifiable && near(c.location.line, label.line));
        if hit {
            score.unverifiable.hits += 1;
        } else {
            println!(
                "  missed        {shown}:{} unverifiable: {}",
                label.line, label.why
            );
        }
    }

    for not in &labels.not_claims {
        for c in claims {
            if c.scope.is_none() && c.location.line == not.line {
                score.decoys.push(format!(
                    "{shown}:{} {} from `{}`",
                    not.line,
                    c.kind.as_str(),
                    c.text
                ));
            }
        }
    }
    score
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_labels(path: &Path) -> BTreeMap<String, FileLabels> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads every labelled statement of `dir` and returns the total score.
fn score_dir(dir: &Path) -> Score {
    let phrases = ClaimPhrases::embedded().unwrap();
    let catalogue = Catalogue::embedded().unwrap();
    let labels = read_labels(&dir.join("labels.json"));
    let mut total = Score::default();
    for (file, file_labels) in &labels {
        let path = dir.join(file);
        let statement = policy::load(&path, file)
            .unwrap_or_else(|e| panic!("{}: cannot read the statement: {e}", path.display()));
        let claims = policy::extract_claims_with(&statement, &phrases, &catalogue);
        let score = measure(&claims, file_labels, file);
        println!(
            "{file:<48} recall {}  precision {}  unverifiable {}",
            score.recall, score.precision, score.unverifiable
        );
        total.add(score);
    }
    total
}

fn report_and_check(name: &str, total: &Score) {
    println!("\n{name}: per kind");
    let kinds: std::collections::BTreeSet<&str> = total
        .recall_by_kind
        .keys()
        .chain(total.precision_by_kind.keys())
        .copied()
        .collect();
    for kind in kinds {
        let r = total.recall_by_kind.get(kind).copied().unwrap_or_default();
        let p = total
            .precision_by_kind
            .get(kind)
            .copied()
            .unwrap_or_default();
        println!("  {kind:<26} recall {r}  precision {p}");
    }
    println!(
        "{name}: recall {:.3}  precision {:.3}  unverifiable recall {:.3}  decoys {}",
        total.recall,
        total.precision,
        total.unverifiable,
        total.decoys.len()
    );
    assert!(
        total.decoys.is_empty(),
        "{name}: claims on lines that make none:\n{}",
        total.decoys.join("\n")
    );
    assert!(
        total.recall.ratio() >= MIN_RECALL,
        "{name}: recall {:.3} under {MIN_RECALL}",
        total.recall.ratio()
    );
    assert!(
        total.precision.ratio() >= MIN_PRECISION,
        "{name}: precision {:.3} under {MIN_PRECISION}",
        total.precision.ratio()
    );
    assert!(
        total.unverifiable.ratio() >= MIN_UNVERIFIABLE_RECALL,
        "{name}: unverifiable recall {:.3} under {MIN_UNVERIFIABLE_RECALL}",
        total.unverifiable.ratio()
    );
}

#[test]
fn the_shared_corpus_of_real_statements_is_read() {
    let dir = manifest_dir().join("../shared/statements");
    if !dir.join("labels.json").is_file() {
        // CI always has ../shared beside the checkout; a bare clone says so.
        println!(
            "note: {} is absent; the real corpus is not measured",
            dir.display()
        );
        return;
    }
    let total = score_dir(&dir);
    report_and_check("shared corpus", &total);
}

#[test]
fn the_statements_written_here_are_read() {
    let total = score_dir(&manifest_dir().join("tests/corpus"));
    report_and_check("own corpus", &total);
}
