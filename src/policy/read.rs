//! Markdown / plain text into sentences with line numbers. (skeleton)

use std::path::Path;

/// A statement split into sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statement {
    /// Path relative to the scanned root.
    pub path: String,
    pub sentences: Vec<Sentence>,
}

/// One sentence, list item, table row or "Label: sentence" line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Plain text: markup removed, whitespace collapsed.
    pub text: String,
    /// 1-based line in the original file where the sentence starts.
    pub line: u32,
    /// The heading titles above the sentence, outermost first.
    pub headings: Vec<String>,
    /// The lead-in of the list this item belongs to ("The apps do not:").
    pub lead_in: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("{path}: cannot read statement: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// Reads the statement at `abs_path` (format by extension: .md/.markdown, else text).
pub fn load(abs_path: &Path, rel_path: &str) -> Result<Statement, PolicyError> {
    let bytes = std::fs::read(abs_path).map_err(|source| PolicyError::Io {
        path: rel_path.to_string(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| PolicyError::Invalid {
        path: rel_path.to_string(),
        message: "not UTF-8 text".to_string(),
    })?;
    read(&text, rel_path)
}

/// Splits statement text into sentences.
pub fn read(_text: &str, rel_path: &str) -> Result<Statement, PolicyError> {
    Ok(Statement {
        path: rel_path.to_string(),
        sentences: Vec::new(),
    })
}
