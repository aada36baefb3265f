//! The statement file into sentences with line numbers (Markdown, HTML or plain text).

use std::path::Path;

use crate::capped::{self, Capped};

/// Statements larger than this are refused: no real privacy statement comes
/// close, and the readers keep the whole text in memory.
pub const MAX_STATEMENT_BYTES: usize = 10 * 1024 * 1024;

/// A statement split into sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statement {
    /// Path relative to the scanned root.
    pub path: String,
    pub sentences: Vec<Sentence>,
}

/// One sentence, list item, table row or "Label: sentence" line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Plain text: markup removed, whitespace collapsed. A table row's cells
    /// are joined with " | ".
    pub text: String,
    /// 1-based line in the original file where the sentence starts.
    pub line: u32,
    /// The heading titles above the sentence, outermost first.
    pub headings: Vec<String>,
    /// The lead-in of the list this item belongs to ("The apps do not:").
    pub lead_in: Option<String>,
    /// For a table row: the header cells of its table; empty otherwise.
    pub table_header: Vec<String>,
}

/// How a statement file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with tables, strikethrough and footnotes.
    Markdown,
    /// Plain text with structure detected from line shapes.
    Text,
    /// A saved HTML page: headings, paragraphs, lists, tables, `<br>`.
    Html,
}

impl Format {
    /// `.md` / `.markdown` are Markdown, `.html` / `.htm` HTML; anything else is
    /// read as plain text.
    pub fn from_path(path: &str) -> Format {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            _ => Format::Text,
        }
    }
}

/// Why a statement could not be read.
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
    /// Malformed structured input (a listing JSON file) at a line and column.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
}

fn invalid(path: &str, message: impl Into<String>) -> PolicyError {
    PolicyError::Invalid {
        path: path.to_string(),
        message: message.into(),
    }
}

fn too_large(path: &str, bytes: u64) -> PolicyError {
    invalid(
        path,
        format!("statement is {bytes} bytes, over the {MAX_STATEMENT_BYTES}-byte limit"),
    )
}

/// Reads the statement at `abs_path` (format by extension: .md/.markdown,
/// .html/.htm, else text).
pub fn load(abs_path: &Path, rel_path: &str) -> Result<Statement, PolicyError> {
    let io = |source| PolicyError::Io {
        path: rel_path.to_string(),
        source,
    };
    // A huge file is refused by its size, never loaded.
    let bytes = match capped::read(abs_path, MAX_STATEMENT_BYTES as u64).map_err(io)? {
        Capped::Bytes(bytes) => bytes,
        Capped::TooLarge { size } => return Err(too_large(rel_path, size)),
    };
    let text = crate::text::decode(bytes).map_err(|e| invalid(rel_path, e.to_string()))?;
    read(&text, rel_path)
}

/// Splits statement text into sentences; the format comes from `rel_path`'s extension.
pub fn read(text: &str, rel_path: &str) -> Result<Statement, PolicyError> {
    read_as(text, rel_path, Format::from_path(rel_path))
}

/// Splits statement text into sentences, reading it as `format`.
pub fn read_as(text: &str, rel_path: &str, format: Format) -> Result<Statement, PolicyError> {
    if text.len() > MAX_STATEMENT_BYTES {
        return Err(too_large(rel_path, text.len() as u64));
    }
    if let Some(offset) = text.find('\0') {
        return Err(invalid(
            rel_path,
            format!("binary content (NUL byte at offset {offset}), not a text statement"),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sentences = match format {
        Format::Markdown if super::text::is_pasted_plain_text(text) => super::text::read_text(text),
        Format::Markdown => super::markdown::read_markdown(text),
        Format::Text => super::text::read_text(text),
        Format::Html => super::html::read_html(text),
    };
    Ok(Statement {
        path: rel_path.to_string(),
        sentences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_statements_have_no_sentences() {
        assert!(read("", "PRIVACY.md").unwrap().sentences.is_empty());
        assert!(
            read("\n \n\t\n", "privacy.txt")
                .unwrap()
                .sentences
                .is_empty()
        );
    }

    fn load_bytes(bytes: &[u8], name: &str) -> Result<Statement, PolicyError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        load(&path, name)
    }

    #[test]
    fn utf16_statements_with_a_byte_order_mark_read_as_their_utf8_twin() {
        let text = "# Data\r\nWe do not use cookies.\r\nAnalytics: none. Café 🙂.\r\n";
        let utf8 = load_bytes(text.as_bytes(), "PRIVACY.md").unwrap();
        assert_eq!(utf8.sentences.len(), 3, "{:?}", utf8.sentences);
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(
            load_bytes(&le, "PRIVACY.md").unwrap().sentences,
            utf8.sentences
        );
        assert_eq!(
            load_bytes(&be, "PRIVACY.md").unwrap().sentences,
            utf8.sentences
        );
    }

    #[test]
    fn broken_utf16_is_refused_with_the_path_and_offset() {
        let odd = load_bytes(&[0xFF, 0xFE, b'W', 0, b'e'], "p.txt").unwrap_err();
        assert!(odd.to_string().starts_with("p.txt: UTF-16 text"), "{odd}");
        // "W" then a lone high surrogate (D800) at byte offset 4.
        let lone = load_bytes(&[0xFF, 0xFE, b'W', 0, 0x00, 0xD8, b'e', 0], "p.txt").unwrap_err();
        assert_eq!(
            lone.to_string(),
            "p.txt: not valid UTF-16 text (unpaired surrogate at byte offset 4)"
        );
        let latin1 = load_bytes(b"caf\xe9", "p.txt").unwrap_err();
        assert_eq!(
            latin1.to_string(),
            "p.txt: not UTF-8 text (invalid byte at offset 3)"
        );
    }

    #[test]
    fn binary_text_is_refused_with_the_path() {
        let err = read("We do\0not", "PRIVACY.md").unwrap_err();
        assert!(
            err.to_string().starts_with("PRIVACY.md: binary content"),
            "{err}"
        );
    }

    #[test]
    fn oversized_text_is_refused() {
        let big = "a".repeat(MAX_STATEMENT_BYTES + 1);
        let err = read(&big, "p.txt").unwrap_err();
        assert!(err.to_string().contains("limit"), "{err}");
    }

    #[test]
    fn extension_picks_the_reader() {
        // "# x" is a heading in both, but "*a*" is emphasis only in Markdown.
        let md = read("*a* b.\n", "P.MD").unwrap();
        let txt = read("*a* b.\n", "p.txt").unwrap();
        assert_eq!(md.sentences[0].text, "a b.");
        assert_eq!(txt.sentences[0].text, "*a* b.");
    }

    #[test]
    fn byte_order_mark_and_crlf_do_not_leak_into_text_or_lines() {
        let s = read("\u{feff}First.\r\nSecond.\r\n", "p.txt").unwrap();
        assert_eq!(s.sentences[0].text, "First.");
        assert_eq!(
            (s.sentences[1].line, s.sentences[1].text.as_str()),
            (2, "Second.")
        );
    }

    #[test]
    fn load_reports_invalid_utf8_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.txt");
        std::fs::write(&path, b"ok \xff\xfe").unwrap();
        let err = load(&path, "p.txt").unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        let err = load(&dir.path().join("none.md"), "none.md").unwrap_err();
        assert!(matches!(err, PolicyError::Io { .. }));
    }
}
