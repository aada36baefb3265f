//! Source lines, read once per file, for fingerprints and inline suppressions.

use std::collections::HashMap;
use std::path::PathBuf;

/// Reads files below a root lazily and keeps their lines.
pub struct SourceLines {
    root: PathBuf,
    files: HashMap<String, Option<Vec<String>>>,
}

impl SourceLines {
    pub fn new(root: PathBuf) -> Self {
        SourceLines {
            root,
            files: HashMap::new(),
        }
    }

    /// All lines of `path` (relative to the root), or `None` when it cannot be
    /// read as text.
    pub fn lines(&mut self, path: &str) -> Option<&[String]> {
        let root = &self.root;
        self.files
            .entry(path.to_string())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(root.join(path)).ok()?;
                Some(text.lines().map(str::to_string).collect())
            })
            .as_deref()
    }

    /// Line `line` (1-based) of `path`.
    pub fn line(&mut self, path: &str, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.lines(path)?.get(index).map(String::as_str)
    }
}
