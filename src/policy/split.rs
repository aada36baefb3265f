//! Text with a line for every byte, split into sentences.
//!
//! Readers append the pieces of a paragraph together with the original line
//! each piece came from; splitting then gives every sentence the line it
//! starts on, even deep inside a multi-line paragraph.

use unicode_segmentation::UnicodeSegmentation;

/// A block's plain text plus where each piece of it came from.
#[derive(Debug, Default, Clone)]
pub(crate) struct LinedText {
    text: String,
    /// (byte offset in `text`, 1-based source line), offsets increasing.
    starts: Vec<(usize, u32)>,
}

impl LinedText {
    /// Appends `piece`, which starts on source line `line`.
    pub(crate) fn push(&mut self, piece: &str, line: u32) {
        if piece.is_empty() {
            return;
        }
        self.starts.push((self.text.len(), line));
        self.text.push_str(piece);
    }

    /// Appends a word separator (soft line break, cell or item boundary).
    pub(crate) fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The whole text with whitespace collapsed.
    pub(crate) fn collapsed(&self) -> String {
        collapse(&self.text)
    }

    fn line_at(&self, offset: usize) -> u32 {
        let idx = self.starts.partition_point(|&(start, _)| start <= offset);
        idx.checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .or(self.starts.first())
            .map_or(1, |&(_, line)| line)
    }

    /// The sentences of the text, each with its starting line, whitespace collapsed.
    pub(crate) fn sentences(&self) -> Vec<(String, u32)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut glue_next = false;
        for (offset, segment) in self.text.split_sentence_bound_indices() {
            let text = collapse(segment);
            if text.is_empty() {
                continue;
            }
            let lead = segment.len() - segment.trim_start().len();
            match out.last_mut() {
                Some((prev, _)) if glue_next || continues(&text) => {
                    prev.push(' ');
                    prev.push_str(&text);
                }
                _ => out.push((text, offset + lead)),
            }
            glue_next = out.last().is_some_and(|(s, _)| ends_with_abbreviation(s));
        }
        out.into_iter()
            .map(|(text, offset)| {
                let line = self.line_at(offset);
                (text, line)
            })
            .collect()
    }
}

/// Collapses runs of whitespace (including no-break spaces) into one space.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A segment that cannot start a sentence (UAX #29 split inside "e.g. 3", "Nov. 2026").
fn continues(segment: &str) -> bool {
    segment
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_lowercase())
}

/// Abbreviations after which UAX #29 wrongly ends a sentence ("Acme Pty. Ltd.",
/// "Dr. J. Smith", "1 Nov. 2026"). "etc." is left out on purpose: it usually
/// does end the sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "cf", "vs", "approx", "inc", "ltd", "pty", "co", "corp", "llc", "gmbh", "dr",
    "mr", "mrs", "ms", "prof", "st", "no", "art", "sec", "para", "fig", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.u",
];

fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(body) = sentence.strip_suffix('.') else {
        return false;
    };
    let word = body
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or(body);
    // A single capital letter is an initial ("J. Smith").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lined(parts: &[(&str, u32)]) -> LinedText {
        let mut t = LinedText::default();
        for (i, (p, l)) in parts.iter().enumerate() {
            if i > 0 {
                t.space();
            }
            t.push(p, *l);
        }
        t
    }

    fn texts(t: &LinedText) -> Vec<String> {
        t.sentences().into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn sentences_in_a_wrapped_paragraph_keep_their_own_lines() {
        let t = lined(&[
            ("We keep data in Forge. It never", 4),
            ("leaves the platform. Nothing is", 5),
            ("logged.", 6),
        ]);
        assert_eq!(
            t.sentences(),
            vec![
                ("We keep data in Forge.".to_string(), 4),
                ("It never leaves the platform.".to_string(), 4),
                ("Nothing is logged.".to_string(), 5),
            ]
        );
    }

    #[test]
    fn company_names_and_initials_do_not_end_sentences() {
        let t = lined(&[(
            "Our processor is Acme Pty. Ltd. in Sydney. Contact Dr. J. Smith about it.",
            1,
        )]);
        assert_eq!(
            texts(&t),
            vec![
                "Our processor is Acme Pty. Ltd. in Sydney.",
                "Contact Dr. J. Smith about it."
            ]
        );
    }

    #[test]
    fn example_markers_dates_and_versions_stay_inside_the_sentence() {
        let t = lined(&[(
            "Secrets (e.g. API tokens) use TLS 1.2+ since 1 Nov. 2026. Done i.e. Finished.",
            2,
        )]);
        assert_eq!(
            texts(&t),
            vec![
                "Secrets (e.g. API tokens) use TLS 1.2+ since 1 Nov. 2026.",
                "Done i.e. Finished."
            ]
        );
    }

    #[test]
    fn whitespace_and_no_break_spaces_are_collapsed() {
        let t = lined(&[("We\u{a0}do   not\ttrack you.", 3)]);
        assert_eq!(t.sentences(), vec![("We do not track you.".to_string(), 3)]);
    }
}
