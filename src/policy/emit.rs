//! Collects sentences with their heading path, shared by the readers.

use super::read::Sentence;
use super::split::LinedText;

/// Heading stack plus the sentences emitted so far.
#[derive(Debug, Default)]
pub(crate) struct Emitter {
    /// (level, title), outermost first; levels strictly increase.
    headings: Vec<(usize, String)>,
    sentences: Vec<Sentence>,
}

impl Emitter {
    /// Opens a heading: it replaces every heading of the same or a deeper level.
    pub(crate) fn heading(&mut self, level: usize, title: &str) {
        self.headings.retain(|(l, _)| *l < level);
        let title = super::split::collapse(title);
        if !title.is_empty() {
            self.headings.push((level, title));
        }
    }

    /// Emits the sentences of a paragraph or list item; returns the text of the
    /// last one so the caller can tell whether it introduces a list.
    pub(crate) fn block(&mut self, text: &LinedText, lead_in: Option<&str>) -> Option<String> {
        let sentences = text.sentences();
        let last = sentences.last().map(|(s, _)| s.clone());
        for (text, line) in sentences {
            self.push(Sentence {
                text,
                line,
                headings: self.heading_titles(),
                lead_in: lead_in.map(str::to_string),
                table_header: Vec::new(),
            });
        }
        last
    }

    /// Emits one table row as one sentence, cells joined by " | ".
    pub(crate) fn row(&mut self, cells: &[String], header: &[String], line: u32) {
        let cells: Vec<String> = cells.iter().map(|c| super::split::collapse(c)).collect();
        if cells.iter().all(String::is_empty) {
            return;
        }
        self.push(Sentence {
            text: cells.join(" | "),
            line,
            headings: self.heading_titles(),
            lead_in: None,
            table_header: header.to_vec(),
        });
    }

    fn heading_titles(&self) -> Vec<String> {
        self.headings.iter().map(|(_, t)| t.clone()).collect()
    }

    fn push(&mut self, sentence: Sentence) {
        self.sentences.push(sentence);
    }

    pub(crate) fn finish(self) -> Vec<Sentence> {
        self.sentences
    }
}

/// Whether a sentence introduces a list ("The apps do not:").
pub(crate) fn is_lead_in(sentence: &str) -> bool {
    sentence.trim_end().ends_with(':')
}
