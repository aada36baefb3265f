//! Claim extraction measured against labelled statements.
//!
//! Each statement under `tests/statements/` has a `.labels` file listing every
//! claim a careful reviewer finds (line, kind, hedged, scope, and what its
//! exceptions must name) and the lines that must not yield a checked claim.
//! The three seed statements live outside the repository
//! (`../shared/seeds/`); their labels are in `tests/statements/seeds/` and are
//! skipped, with a note, when the seeds are absent.
//!
//! Precision and recall count a claim as found only when line, kind, hedged and
//! scope all agree; claims of one kind, scope and hedging on one line count once.
//! An `unverifiable` claim on a line no label names is left out of precision.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use forge_claimcheck::model::{Claim, ClaimKind};
use forge_claimcheck::policy;
use forge_claimcheck::rulesets::{Catalogue, ClaimPhrases};

/// Floors the current extraction reaches; a regression below them fails.
const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.95;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    line: u32,
    kind: ClaimKind,
    hedged: bool,
    scope: Option<String>,
}

#[derive(Debug)]
struct Label {
    key: Key,
    customer_configured: bool,
    vendors: Vec<String>,
}

#[derive(Debug, Default)]
struct Labels {
    claims: Vec<Label>,
    not_claimed: Vec<u32>,
}

fn parse_labels(path: &Path) -> Labels {
    let text = std::fs::read_to_string(path).unwrap();
    let mut labels = Labels::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let at = format!("{}:{}", path.display(), i + 1);
        match fields.as_slice() {
            ["not", l] => labels.not_claimed.push(l.parse().expect(&at)),
            ["claim", l, kind, hedged, scope, extra @ ..] => {
                let key = Key {
                    line: l.parse().expect(&at),
                    kind: ClaimKind::parse(kind).expect(&at),
                    hedged: hedged.parse().expect(&at),
                    scope: (*scope != "-").then(|| scope.to_string()),
                };
                let mut label = Label {
                    key,
                    customer_configured: false,
                    vendors: Vec::new(),
                };
                for e in extra {
                    match e.strip_prefix("vendor:") {
                        Some(v) => label.vendors.push(v.to_string()),
                        None if *e == "cc" => label.customer_configured = true,
                        None => panic!("{at}: unknown field `{e}`"),
                    }
                }
                labels.claims.push(label);
            }
            _ => panic!("{at}: cannot read label `{line}`"),
        }
    }
    labels
}

fn key_of(c: &Claim) -> Key {
    Key {
        line: c.location.line,
        kind: c.kind,
        hedged: c.hedged,
        scope: c.scope.clone(),
    }
}

/// Whether some extracted claim with the label's key carries the exceptions
/// the label asks for.
fn exceptions_fit(label: &Label, claims: &[Claim]) -> bool {
    claims.iter().filter(|c| key_of(c) == label.key).any(|c| {
        (!label.customer_configured || c.exceptions.iter().any(|e| e.customer_configured))
            && label
                .vendors
                .iter()
                .all(|v| c.exceptions.iter().any(|e| e.vendors.contains(v)))
    })
}

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    true_positives: usize,
    extracted: usize,
    labelled: usize,
}

impl Score {
    fn precision(self) -> f64 {
        ratio(self.true_positives, self.extracted)
    }
    fn recall(self) -> f64 {
        ratio(self.true_positives, self.labelled)
    }
    fn add(&mut self, other: Score) {
        self.true_positives += other.true_positives;
        self.extracted += other.extracted;
        self.labelled += other.labelled;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores one statement, printing every disagreement; returns the score and
/// the violations of `not` lines.
fn measure(statement: &Path, shown: &str, labels: &Labels) -> (Score, Vec<String>) {
    let phrases = ClaimPhrases::embedded().unwrap();
    let catalogue = Catalogue::embedded().unwrap();
    let parsed = policy::load(statement, shown).unwrap();
    let claims = policy::extract_claims_with(&parsed, &phrases, &catalogue);
    let labelled: BTreeSet<&Key> = labels.claims.iter().map(|l| &l.key).collect();
    // An unverifiable claim no label names is neutral, as in the shared
    // corpus's scoring: listing a promise no check verifies costs nothing.
    let extracted: BTreeSet<Key> = claims
        .iter()
        .map(key_of)
        .filter(|k| k.kind != ClaimKind::Unverifiable || labelled.contains(k))
        .collect();
    let mut score = Score {
        extracted: extracted.len(),
        labelled: labelled.len(),
        ..Score::default()
    };
    for label in &labels.claims {
        if extracted.contains(&label.key) && exceptions_fit(label, &claims) {
            score.true_positives += 1;
        } else {
            println!("  missed   {shown}:{} {:?}", label.key.line, label);
        }
    }
    for key in &extracted {
        if !labelled.contains(key) {
            println!("  invented {shown}:{} {key:?}", key.line);
        }
    }
    let violations = claims
        .iter()
        .filter(|c| {
            labels.not_claimed.contains(&c.location.line)
                && c.kind != ClaimKind::Unverifiable
                && c.scope.is_none()
        })
        .map(|c| format!("{}: {} from `{}`", c.location, c.kind.as_str(), c.text))
        .collect();
    (score, violations)
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (statement path, name shown, labels path) for every labelled statement.
fn cases() -> Vec<(PathBuf, String, PathBuf)> {
    let dir = manifest_dir().join("tests/statements");
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.extension().is_some_and(|e| e == "labels") || path.is_dir() {
            continue;
        }
        let labels = path.with_extension("labels");
        if labels.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((path, name, labels));
        }
    }
    let seeds = manifest_dir().join("../shared/seeds");
    let mut seed_labels: Vec<PathBuf> = std::fs::read_dir(dir.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seed_labels.sort();
    if !seeds.is_dir() {
        println!(
            "note: {} is absent; the {} seed statements are not measured",
            seeds.display(),
            seed_labels.len()
        );
        return out;
    }
    for labels in seed_labels {
        let stem = labels.file_stem().unwrap().to_string_lossy().into_owned();
        let statement = seeds.join(format!("{stem}.txt"));
        if statement.is_file() {
            out.push((statement, format!("seeds/{stem}.txt"), labels));
        } else {
            println!("note: seed {} is absent, skipped", statement.display());
        }
    }
    out
}

#[test]
fn extraction_matches_the_labelled_statements() {
    let mut total = Score::default();
    let mut violations = Vec::new();
    for (statement, shown, labels_path) in cases() {
        let labels = parse_labels(&labels_path);
        let (score, bad) = measure(&statement, &shown, &labels);
        println!(
            "{shown:<32} precision {:.3} ({}/{})  recall {:.3} ({}/{})",
            score.precision(),
            score.true_positives,
            score.extracted,
            score.recall(),
            score.true_positives,
            score.labelled
        );
        total.add(score);
        violations.extend(bad);
    }
    println!(
        "{:<32} precision {:.3} ({}/{})  recall {:.3} ({}/{})",
        "overall",
        total.precision(),
        total.true_positives,
        total.extracted,
        total.recall(),
        total.true_positives,
        total.labelled
    );
    assert!(
        violations.is_empty(),
        "checked claims from sentences that make none:\n{}",
        violations.join("\n")
    );
    assert!(
        total.precision() >= MIN_PRECISION,
        "precision {:.3} under {MIN_PRECISION}",
        total.precision()
    );
    assert!(
        total.recall() >= MIN_RECALL,
        "recall {:.3} under {MIN_RECALL}",
        total.recall()
    );
}

#[test]
fn the_listing_fixture_yields_its_promises_and_third_parties() {
    let path = manifest_dir().join("tests/statements/listing.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let claims = policy::claims_from_listing(&text, "listing.json").unwrap();
    let got: Vec<(u32, &str)> = claims
        .iter()
        .map(|c| (c.location.line, c.kind.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (4, "no-external-servers"),
            (5, "no-external-storage"),
            (36, "no-external-servers"),
            (37, "no-data-sharing"),
            (41, "data-residency"),
            (45, "unverifiable"),
            (49, "unverifiable"),
        ]
    );
    let catalogue = Catalogue::embedded().unwrap();
    let disclosed = policy::disclosures_from_listing(&text, "listing.json", &catalogue).unwrap();
    let got: Vec<(&str, u32)> = disclosed
        .iter()
        .map(|d| (d.vendor.as_str(), d.location.line))
        .collect();
    assert_eq!(got, vec![("sendgrid", 21)]);
}

#[test]
fn an_html_statement_is_read_by_its_extension() {
    let path = manifest_dir().join("tests/statements/html-page.html");
    let statement = policy::load(&path, "docs/privacy.html").unwrap();
    assert!(statement.sentences.iter().all(|s| !s.text.contains('<')));
    assert!(
        !statement
            .sentences
            .iter()
            .any(|s| s.text.contains("dataLayer") || s.text.contains("Sentry"))
    );
}
