//! Source files, read once per file, for fingerprints, inline suppressions and
//! report snippets.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::lines::LineStarts;

/// Reads files below a root lazily and keeps their text.
pub struct SourceLines {
    root: PathBuf,
    files: HashMap<String, Option<SourceText>>,
}

/// A file's text, with where its lines start once a line is asked for (most
/// files are only searched for suppression comments).
struct SourceText {
    text: String,
    line_starts: OnceLock<LineStarts>,
}

impl SourceText {
    fn line(&self, line: u32) -> Option<&str> {
        self.line_starts
            .get_or_init(|| LineStarts::of(&self.text))
            .line(&self.text, line)
    }
}

impl SourceLines {
    pub fn new(root: PathBuf) -> Self {
        SourceLines {
            root,
            files: HashMap::new(),
        }
    }

    fn file(&mut self, path: &str) -> Option<&SourceText> {
        let root = &self.root;
        self.files
            .entry(path.to_string())
            .or_insert_with(|| read(root, path))
            .as_ref()
    }

    /// The text of `path` (relative to the root), or `None` when it cannot be
    /// read as text.
    pub fn text(&mut self, path: &str) -> Option<&str> {
        self.file(path).map(|f| f.text.as_str())
    }

    /// Line `line` (1-based) of `path`, without its line ending.
    pub fn line(&mut self, path: &str, line: u32) -> Option<&str> {
        self.file(path)?.line(line)
    }
}

/// A file's text, or `None` when it cannot be read as text.
fn read(root: &std::path::Path, path: &str) -> Option<SourceText> {
    // Decoded as the scan decoded it, so lines and columns agree.
    let text = crate::text::decode(std::fs::read(root.join(path)).ok()?).ok()?;
    Some(SourceText {
        text,
        line_starts: OnceLock::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_the_scans_lines_whatever_the_line_endings() {
        let dir = tempfile::tempdir().unwrap();
        let samples = crate::lines::MIXED_ENDINGS;
        for (i, text) in samples.iter().enumerate() {
            let name = format!("{i}.txt");
            std::fs::write(dir.path().join(&name), text).unwrap();
            let mut sources = SourceLines::new(dir.path().to_path_buf());
            let expected: Vec<&str> = crate::lines::split(text).collect();
            for n in 0..=expected.len() + 1 {
                let want = n.checked_sub(1).and_then(|i| expected.get(i)).copied();
                assert_eq!(sources.line(&name, n as u32), want, "{text:?} line {n}");
            }
        }
        let mut sources = SourceLines::new(dir.path().to_path_buf());
        // The file written from "a\rb\r\rc": a lone CR ends a line, as in the scan.
        assert_eq!(sources.line("7.txt", 2), Some("b"));
        assert_eq!(sources.line("7.txt", 4), Some("c"));
        assert_eq!(sources.text("missing.txt"), None);
    }
}
