//! Source lines for the reports, read once per file (through the same cache
//! the gate uses for fingerprints), and cut to fit.

use std::path::PathBuf;

use crate::gate::SourceLines;

/// Hands out single source lines for snippets.
pub struct Snippets(SourceLines);

/// Lines longer than this (minified code) are cut around the column.
const MAX_WIDTH: usize = 120;

impl Snippets {
    pub fn new(root: PathBuf) -> Self {
        Snippets(SourceLines::new(root))
    }

    /// Line `line` (1-based) of `path`, trimmed of trailing whitespace, or `None`
    /// when the file cannot be read as text.
    pub fn line(&mut self, path: &str, line: u32) -> Option<String> {
        self.0
            .line(path, line)
            .map(|text| text.trim_end().to_string())
    }
}

/// `text` shortened to fit a terminal, keeping `column` (1-based, in chars)
/// visible; returns the shortened text and the column within it.
pub fn fit(text: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MAX_WIDTH {
        return (text.to_string(), column);
    }
    let start = column
        .saturating_sub(MAX_WIDTH / 2)
        .min(chars.len().saturating_sub(MAX_WIDTH));
    let end = (start + MAX_WIDTH).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    let mut col = column - start;
    if start > 0 {
        out.insert_str(0, "...");
        col += 3;
    }
    if end < chars.len() {
        out.push_str("...");
    }
    (out, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_keep_the_column_in_view() {
        let line = format!(
            "{}fetch('https://x.io'){}",
            "a".repeat(500),
            "b".repeat(500)
        );
        let (cut, col) = fit(&line, 501);
        assert!(cut.len() < 130);
        assert_eq!(&cut[col - 1..col + 4], "fetch");
    }

    #[test]
    fn short_lines_are_untouched() {
        assert_eq!(fit("let x = 1;", 5), ("let x = 1;".to_string(), 5));
    }
}
