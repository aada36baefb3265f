//! Baselines: a file of known findings' fingerprints. With `--baseline`, only
//! findings not in it fail the run; `--write-baseline` records the current ones.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::model::Finding;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// The rule and path are kept for a reader of the file; matching uses the
/// fingerprint, which already contains both.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    path: String,
    fingerprint: String,
}

/// Known fingerprints.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    fingerprints: BTreeSet<String>,
}

impl Baseline {
    pub fn load(path: &Path) -> anyhow::Result<Baseline> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{shown}: cannot read baseline"))?;
        let file: BaselineFile = serde_json::from_str(&text).with_context(|| {
            format!("{shown}: not a claimcheck baseline (write one with --write-baseline)")
        })?;
        anyhow::ensure!(
            file.version == 1,
            "{shown}: baseline version {} is not supported",
            file.version
        );
        Ok(Baseline {
            fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    pub fn contains(&self, finding: &Finding) -> bool {
        self.fingerprints.contains(&finding.fingerprint)
    }
}

/// The baseline file for `findings`, sorted, ending with a newline.
pub fn render<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> String {
    let mut entries: Vec<Entry> = findings
        .into_iter()
        .map(|f| Entry {
            rule: f.rule.clone(),
            path: f.location.path.clone(),
            fingerprint: f.fingerprint.clone(),
        })
        .collect();
    entries.sort();
    entries.dedup();
    let file = BaselineFile {
        version: 1,
        findings: entries,
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Severity};

    #[test]
    fn a_written_baseline_reads_back() {
        let finding = Finding {
            rule: "manifest/unused-egress".into(),
            severity: Severity::Warning,
            message: "m".into(),
            claim: None,
            vendor: None,
            location: Location::new("manifest.yml", 3, Some(5)),
            related: Vec::new(),
            fingerprint: "00aa".into(),
            suppressed: None,
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, render([&finding])).unwrap();
        let baseline = Baseline::load(&path).unwrap();
        assert!(baseline.contains(&finding));
        std::fs::write(&path, "{\"version\": 1}").unwrap();
        assert!(
            Baseline::load(&path)
                .unwrap_err()
                .to_string()
                .contains("not a claimcheck baseline")
        );
    }
}
