//! Fingerprints that survive unrelated edits: the rule, the file and the text of
//! the flagged line (whitespace-normalised), never the line number, plus an
//! occurrence counter so two identical lines in one file stay distinct. Of a
//! very long line (minified code) only the text around the flagged column
//! counts: the rest changes with every build and is costly to hash per finding.

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
            Some(line) => write_normalised(&mut key, around(line, finding.location.column)),
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

/// Lines longer than this many bytes are minified code.
const LONG_LINE: usize = 1000;
/// Characters kept on each side of the flagged column of a long line.
const CONTEXT_CHARS: usize = 100;

/// `line`, or of a long line the characters around `column` (1-based).
fn around(line: &str, column: Option<u32>) -> &str {
    if line.len() <= LONG_LINE {
        return line;
    }
    let at = column.map_or(0, |c| c.saturating_sub(1) as usize);
    let start = at.saturating_sub(CONTEXT_CHARS);
    // Columns count UTF-16 units, which in ASCII text are bytes.
    if line.is_ascii() {
        return &line[start.min(line.len())..(at + CONTEXT_CHARS).min(line.len())];
    }
    let mut offsets = line.char_indices().map(|(i, _)| i).skip(start);
    let from = offsets.next().unwrap_or(line.len());
    let to = offsets
        .nth(at - start + CONTEXT_CHARS - 1)
        .unwrap_or(line.len());
    &line[from..to]
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
    fn of_a_minified_line_only_the_text_near_the_finding_counts() {
        let line = format!("{}track(){}", "a".repeat(3000), "b".repeat(3000));
        let column = Some(3001);
        let near = around(&line, column);
        assert_eq!(near.len(), 2 * CONTEXT_CHARS);
        assert!(near.contains("track()"), "{near}");
        assert_eq!(around("short line", Some(4)), "short line");
        assert_eq!(around(&line, None).len(), CONTEXT_CHARS);
        let end = Some(6007);
        assert!(
            around(&line, end).ends_with("bbb") && around(&line, end).len() == CONTEXT_CHARS + 1
        );
        let wide = "é".repeat(2000);
        assert_eq!(
            around(&wide, Some(10)).chars().count(),
            10 + CONTEXT_CHARS - 1
        );
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
