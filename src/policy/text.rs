//! Plain-text statements: light structure detection over lines.
//!
//! Statements pasted from web pages into .txt files keep their structure only
//! as line shapes: "4.1 Infrastructure" headings, "- " bullets, pipe tables,
//! "Label: sentence" lines and lead-ins ending with ":" followed by one item per
//! line without any bullet marker.

use super::emit::{Emitter, is_lead_in};
use super::read::Sentence;
use super::split::LinedText;

/// The sentences of a plain-text statement.
pub(crate) fn read_text(text: &str) -> Vec<Sentence> {
    let lines: Vec<&str> = crate::lines::split(text).collect();
    let mut reader = TextReader {
        lines: &lines,
        at: 0,
        out: Emitter::default(),
        last_sentence: None,
        bullet_lead: None,
        bare_items_lead: None,
    };
    reader.run();
    reader.out.finish()
}

struct TextReader<'a> {
    lines: &'a [&'a str],
    /// Index of the next unread line.
    at: usize,
    out: Emitter,
    /// Last sentence of the last paragraph, a lead-in candidate for a list.
    last_sentence: Option<String>,
    /// Lead-in of the bullet list being read.
    bullet_lead: Option<String>,
    /// Lead-in of an unbulleted list (one item per line) being read.
    bare_items_lead: Option<String>,
}

impl TextReader<'_> {
    fn run(&mut self) {
        while let Some(&line) = self.lines.get(self.at) {
            let number = self.line_number(self.at);
            let trimmed = line.trim();
            if is_rule(trimmed) {
                // Blank lines and "---" rules separate blocks and end bare lists.
                self.bare_items_lead = None;
                self.at += 1;
            } else if trimmed.contains('|')
                && self.lines.get(self.at + 1).is_some_and(|l| is_separator(l))
            {
                self.table();
            } else if let Some((level, title)) = heading(trimmed) {
                self.out.heading(level, title);
                self.reset_lists();
                self.at += 1;
            } else if let Some(item) = bullet(trimmed) {
                self.bullet(line, item, number);
            } else if let Some(lead) = self
                .bare_items_lead
                .clone()
                .filter(|_| !is_lead_in(trimmed))
            {
                let mut text = LinedText::default();
                text.push(trimmed, number);
                self.at += 1;
                self.continuation(&mut text, indent(line), true);
                self.out.block(&text, Some(&lead));
            } else {
                self.paragraph();
            }
        }
    }

    fn line_number(&self, index: usize) -> u32 {
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }

    fn reset_lists(&mut self) {
        self.last_sentence = None;
        self.bullet_lead = None;
        self.bare_items_lead = None;
    }

    fn table(&mut self) {
        let header = cells(self.lines[self.at]);
        self.at += 2;
        while let Some(&line) = self.lines.get(self.at) {
            if line.trim().is_empty() || !line.contains('|') {
                break;
            }
            let number = self.line_number(self.at);
            self.out.row(&cells(line), &header, number);
            self.at += 1;
        }
        self.reset_lists();
    }

    fn bullet(&mut self, line: &str, item: &str, number: u32) {
        if self.bullet_lead.is_none() {
            self.bullet_lead = self.last_sentence.take().filter(|s| is_lead_in(s));
        }
        self.bare_items_lead = None;
        let mut text = LinedText::default();
        text.push(item, number);
        self.at += 1;
        self.continuation(&mut text, indent(line), false);
        let lead = self.bullet_lead.clone();
        self.out.block(&text, lead.as_deref());
    }

    /// Appends the wrapped lines of an item: indented deeper than the item, or
    /// starting in lower case.
    fn continuation(&mut self, text: &mut LinedText, item_indent: usize, lowercase_only: bool) {
        while let Some(&line) = self.lines.get(self.at) {
            let trimmed = line.trim();
            if trimmed.is_empty()
                || heading(trimmed).is_some()
                || bullet(trimmed).is_some()
                || is_separator(trimmed)
            {
                break;
            }
            let deeper = !lowercase_only && indent(line) > item_indent;
            if !(deeper || starts_lowercase(trimmed)) {
                break;
            }
            text.space();
            text.push(trimmed, self.line_number(self.at));
            self.at += 1;
        }
    }

    fn paragraph(&mut self) {
        let mut text = LinedText::default();
        let mut prev = "";
        while let Some(&line) = self.lines.get(self.at) {
            let trimmed = line.trim();
            if !prev.is_empty() && !joins(prev, trimmed) {
                break;
            }
            if trimmed.is_empty()
                || heading(trimmed).is_some()
                || bullet(trimmed).is_some()
                || is_separator(trimmed)
            {
                if prev.is_empty() {
                    // Not a paragraph line at all: skip it, never loop without progress.
                    self.at += 1;
                }
                break;
            }
            text.space();
            text.push(trimmed, self.line_number(self.at));
            prev = trimmed;
            self.at += 1;
        }
        let last = self.out.block(&text, None);
        self.bullet_lead = None;
        self.bare_items_lead = last.clone().filter(|s| is_lead_in(s));
        self.last_sentence = last;
    }
}

/// Whether `next` continues the paragraph line `prev` (hard-wrapped text).
fn joins(prev: &str, next: &str) -> bool {
    if next.is_empty() || ends_sentence(prev) {
        return false;
    }
    starts_lowercase(next) || (prev.chars().count() >= 60 && !looks_labelled(next))
}

fn ends_sentence(line: &str) -> bool {
    let stripped = line.trim_end_matches(['"', '\'', ')', '”', '’', ']']);
    stripped.ends_with(['.', '!', '?', ':'])
}

fn starts_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// "Data Residency: Data is ..." — a short label then a colon.
fn looks_labelled(line: &str) -> bool {
    line.split_once(':').is_some_and(|(label, rest)| {
        label.chars().count() <= 40
            && label.chars().next().is_some_and(char::is_uppercase)
            && rest.starts_with(' ')
    })
}

/// A blank line or a horizontal rule ("---", "***", "===").
fn is_rule(line: &str) -> bool {
    line.chars()
        .all(|c| matches!(c, '-' | '*' | '=' | '_' | ' ' | '\t'))
}

/// A statement pasted into a `.md` file without Markdown structure: no `#`
/// headings, but numbered section titles ("4. Analytics and Tracking") directly
/// followed by their text. CommonMark would fold such a title into a list item
/// with its first paragraph, so these files read better as plain text.
pub(crate) fn is_pasted_plain_text(text: &str) -> bool {
    let lines: Vec<&str> = crate::lines::split(text).map(str::trim).collect();
    let has_markdown_heading = lines.iter().enumerate().any(|(i, l)| {
        (l.starts_with('#') && heading(l).is_some())
            || (i > 0 && !lines[i - 1].is_empty() && !l.is_empty() && l.chars().all(|c| c == '='))
    });
    !has_markdown_heading
        && lines.windows(2).any(|pair| {
            heading(pair[0]).is_some()
                && !pair[1].is_empty()
                && heading(pair[1]).is_none()
                && bullet(pair[1]).is_none()
        })
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// "2. Data Storage", "4.1 Infrastructure" or "## Retention": (level, title).
fn heading(line: &str) -> Option<(usize, &str)> {
    if line.starts_with('#') {
        let level = line.chars().take_while(|&c| c == '#').count();
        let rest = &line[level..];
        return (level <= 6 && rest.starts_with(' '))
            .then(|| (level, rest.trim().trim_end_matches('#').trim()));
    }
    let number_end = line.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, rest) = line.split_at(number_end);
    let groups: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    if number.is_empty()
        || groups.iter().any(|g| g.is_empty() || g.len() > 2)
        || !rest.starts_with([' ', '\t'])
    {
        return None;
    }
    let title = rest.trim();
    let first_upper = title.chars().next().is_some_and(char::is_uppercase);
    let short = title.chars().count() <= 100 && title.split_whitespace().count() <= 14;
    let ends_like_prose = title.ends_with(['.', ':', ';', ',', '!', '?']);
    (first_upper && short && !ends_like_prose).then_some((groups.len(), title))
}

/// The text of a bulleted or numbered list item.
fn bullet(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    let first = chars.next()?;
    if matches!(first, '-' | '*' | '+' | '•' | '–' | '◦' | '‣') {
        let rest = chars.as_str();
        return rest
            .starts_with([' ', '\t'])
            .then(|| rest.trim())
            .filter(|r| !r.is_empty());
    }
    // "1) item", or "1. item" that failed the heading test (ends like prose).
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    let rest = &line[digits..];
    let body = rest.strip_prefix(')').or_else(|| rest.strip_prefix('.'))?;
    (digits > 0 && digits <= 2 && body.starts_with([' ', '\t']))
        .then(|| body.trim())
        .filter(|b| !b.is_empty())
}

/// "|---|:--:|" — the line under a table's header.
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains("---")
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> Vec<(u32, String, Vec<String>, Option<String>)> {
        read_text(text)
            .into_iter()
            .map(|s| (s.line, s.text, s.headings, s.lead_in))
            .collect()
    }

    #[test]
    fn pasted_statements_are_told_from_markdown() {
        assert!(is_pasted_plain_text(
            "1. Introduction\nThis app runs on Forge.\n"
        ));
        assert!(!is_pasted_plain_text(
            "# Privacy\n\n1. Introduction\nThis app runs on Forge.\n"
        ));
        assert!(!is_pasted_plain_text(
            "Privacy\n=======\n\n1. Introduction\nText.\n"
        ));
        // an ordinary Markdown numbered list is not a pasted statement
        assert!(!is_pasted_plain_text(
            "Steps:\n\n1. Install the app\n2. Open it\n"
        ));
    }

    #[test]
    fn numbered_headings_nest_by_depth() {
        let got =
            view("2. Storage\n2.1 Where\nData stays in Forge.\n3. Sharing\nWe sell nothing.\n");
        assert_eq!(got[0].2, vec!["Storage", "Where"]);
        assert_eq!(got[1].2, vec!["Sharing"]);
        assert_eq!((got[1].0, got[1].1.as_str()), (5, "We sell nothing."));
    }

    #[test]
    fn numbered_prose_line_is_an_item_not_a_heading() {
        let got = view("Our rules:\n1. We never track you.\n");
        assert_eq!(got[1].1, "We never track you.");
        assert!(got[1].2.is_empty());
        assert_eq!(got[1].3.as_deref(), Some("Our rules:"));
    }

    #[test]
    fn bullets_under_a_lead_in_carry_it_and_the_list_ends_at_prose() {
        let got =
            view("Intro.\nWe never use data for:\n- Ads\n- Profiling of\n  users\nThat is all.\n");
        assert_eq!(
            got[2],
            (
                3,
                "Ads".into(),
                vec![],
                Some("We never use data for:".into())
            )
        );
        assert_eq!(got[3].1, "Profiling of users");
        assert_eq!(got[4].3, None);
    }

    #[test]
    fn bare_lines_after_a_lead_in_are_items_until_the_next_heading() {
        let got = view("The app does not:\nStore passwords.\nTrack usage.\n5. Next\nPlain text.\n");
        assert_eq!(got[1].3.as_deref(), Some("The app does not:"));
        assert_eq!(
            (got[2].0, got[2].3.as_deref()),
            (3, Some("The app does not:"))
        );
        assert_eq!(got[3].3, None);
    }

    #[test]
    fn label_lines_are_separate_sentences_with_their_label() {
        let got = view("Runtime: All code runs in Forge.\nResidency: Data stays in region.\n");
        assert_eq!(got[0].1, "Runtime: All code runs in Forge.");
        assert_eq!(
            (got[1].0, got[1].1.as_str()),
            (2, "Residency: Data stays in region.")
        );
    }

    #[test]
    fn a_wrapped_sentence_is_joined_and_keeps_its_first_line() {
        let got = view(
            "Intro line.\nAccess is limited to the scopes listed in the app's\nmanifest file. Second one.\n",
        );
        assert_eq!(
            got[1],
            (
                2,
                "Access is limited to the scopes listed in the app's manifest file.".into(),
                vec![],
                None
            )
        );
        assert_eq!(got[2].0, 3);
    }

    #[test]
    fn pipe_tables_give_one_sentence_per_row_with_the_header() {
        let sentences =
            read_text("Who | Where |\n|---|---|\n| Acme Ltd | EU |\n| Beta | US |\nAfter.\n");
        assert_eq!(sentences[0].text, "Acme Ltd | EU");
        assert_eq!(sentences[0].line, 3);
        assert_eq!(sentences[0].table_header, vec!["Who", "Where"]);
        assert_eq!(sentences[1].line, 4);
        assert_eq!(sentences[2].text, "After.");
    }

    #[test]
    fn garbage_lines_do_not_hang_or_panic() {
        let got = view("|---|\n---\n|\n1.\n- \n#\n##x\n");
        assert!(got.len() <= 7);
    }
}
