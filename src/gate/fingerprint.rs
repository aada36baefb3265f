//! Fingerprints that survive unrelated edits: the rule, the file and the text of
//! the flagged line (whitespace-normalised), never the line number, plus an
//! occurrence counter so two identical lines in one file stay distinct.

use std::collections::HashMap;

use super::SourceLines;
use crate::model::Finding;

/// Fills `fingerprint` on every finding.
pub fn assign(findings: &mut [Finding], sources: &mut SourceLines) {
    // Occurrences per key, keyed by the key's hash: the key holds a whole
    // source line, which in a minified bundle is megabytes long.
    let mut seen: HashMap<u64, u32> = HashMap::new();
    for finding in findings.iter_mut() {
        let mut key = Fnv1a::new();
        key.write(&finding.rule);
        key.write("\0");
        key.write(&finding.location.path);
        key.write("\0");
        match sources.line(&finding.location.path, finding.location.line) {
            Some(line) => write_normalised(&mut key, line),
            None => key.write(&finding.message),
        }
        key.write("\0");
        key.write(finding.vendor.as_deref().unwrap_or(""));
        let occurrence = seen.entry(key.0).or_insert(0);
        *occurrence += 1;
        key.write("\0");
        key.write(&occurrence.to_string());
        finding.fingerprint = format!("{:016x}", key.0);
    }
}

/// `line` with runs of whitespace as one space and no leading or trailing
/// whitespace, so re-indenting a line keeps its fingerprint.
fn write_normalised(hash: &mut Fnv1a, line: &str) {
    for (i, word) in line.split_whitespace().enumerate() {
        if i > 0 {
            hash.write(" ");
        }
        hash.write(word);
    }
}

/// FNV-1a, 64 bit: stable across Rust versions and platforms, unlike std's
/// `DefaultHasher`, which is all a fingerprint needs.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, text: &str) {
        for byte in text.bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Severity};

    fn finding(path: &str, line: u32) -> Finding {
        Finding {
            rule: "claim/no-analytics".into(),
            severity: Severity::Error,
            message: "m".into(),
            claim: None,
            vendor: Some("segment".into()),
            location: Location::new(path, line, Some(1)),
            related: Vec::new(),
            fingerprint: String::new(),
            suppressed: None,
        }
    }

    #[test]
    fn a_shifted_line_keeps_its_fingerprint_and_a_changed_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.js"),
            "fetch('https://api.segment.io');\n",
        )
        .unwrap();
        let mut before = [finding("a.js", 1)];
        assign(&mut before, &mut SourceLines::new(dir.path().to_path_buf()));

        std::fs::write(
            dir.path().join("a.js"),
            "// new comment\n\n  fetch('https://api.segment.io');\n",
        )
        .unwrap();
        let mut shifted = [finding("a.js", 3)];
        assign(
            &mut shifted,
            &mut SourceLines::new(dir.path().to_path_buf()),
        );
        assert_eq!(before[0].fingerprint, shifted[0].fingerprint);

        std::fs::write(
            dir.path().join("a.js"),
            "fetch('https://api2.segment.io');\n",
        )
        .unwrap();
        let mut changed = [finding("a.js", 1)];
        assign(
            &mut changed,
            &mut SourceLines::new(dir.path().to_path_buf()),
        );
        assert_ne!(before[0].fingerprint, changed[0].fingerprint);
    }

    #[test]
    fn identical_lines_in_one_file_get_distinct_fingerprints() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.js"), "track();\ntrack();\n").unwrap();
        let mut two = [finding("a.js", 1), finding("a.js", 2)];
        assign(&mut two, &mut SourceLines::new(dir.path().to_path_buf()));
        assert_ne!(two[0].fingerprint, two[1].fingerprint);
    }
}
