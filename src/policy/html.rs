//! HTML statements (a saved statement page) into sentences with the lines of
//! the original file: headings, paragraphs, list items with the lead-in of the
//! paragraph before the list, table rows with their header cells, and `<br>`
//! as a line break. Scripts, styles and navigation are not statement prose.
//!
//! The tokenizer is deliberately small: statement pages need text, start and
//! end tags, and comments skipped; like a browser it never fails on bad markup.

use super::emit::{Emitter, is_lead_in};
use super::entities::decode;
use super::read::Sentence;
use super::split::LinedText;
use crate::lines::LineStarts;

/// Elements whose content is never statement text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "title", "textarea", "select", "nav",
    "iframe", "object", "head",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "address",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "hr",
    "form",
    "fieldset",
    "center",
    "details",
    "summary",
    "caption",
    "body",
    "html",
];

/// The sentences of an HTML statement.
pub(crate) fn read_html(text: &str) -> Vec<Sentence> {
    let lines = LineStarts::of(text);
    let mut reader = Reader::default();
    let mut tokens = Tokens { src: text, at: 0 };
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(start, raw) => reader.text(raw, start, &lines),
            Token::Start(name, start) => reader.start(&name, lines.line_of(start)),
            Token::End(name) => reader.end(&name),
        }
    }
    reader.finish_all();
    reader.out.finish()
}

#[derive(Debug, PartialEq, Eq)]
enum Token<'s> {
    /// Raw text and its byte offset (entities not yet decoded).
    Text(usize, &'s str),
    /// Lower-case tag name and the offset of `<`.
    Start(String, usize),
    End(String),
}

struct Tokens<'s> {
    src: &'s str,
    at: usize,
}

impl<'s> Tokens<'s> {
    fn next(&mut self) -> Option<Token<'s>> {
        let bytes = self.src.as_bytes();
        while self.at < bytes.len() {
            let start = self.at;
            if bytes[start] != b'<' {
                let end = find(bytes, b"<", start).unwrap_or(bytes.len());
                self.at = end;
                return Some(Token::Text(start, &self.src[start..end]));
            }
            let rest = &bytes[start + 1..];
            if rest.starts_with(b"!--") {
                self.at = find(bytes, b"-->", start + 4).map_or(bytes.len(), |e| e + 3);
                continue;
            }
            if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
                self.at = find(bytes, b">", start).map_or(bytes.len(), |e| e + 1);
                continue;
            }
            let closing = rest.first() == Some(&b'/');
            let name_start = start + 1 + usize::from(closing);
            let name_len = bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                .count();
            if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
                // A stray "<" ("a < b") is text.
                let end = find(bytes, b"<", start + 1).unwrap_or(bytes.len());
                self.at = end;
                return Some(Token::Text(start, &self.src[start..end]));
            }
            let name = self.src[name_start..name_start + name_len].to_ascii_lowercase();
            let Some(tag_end) = tag_end(bytes, name_start + name_len) else {
                // Cut off inside a tag: a browser drops it.
                self.at = bytes.len();
                return None;
            };
            self.at = tag_end;
            if closing {
                return Some(Token::End(name));
            }
            if SKIPPED.contains(&name.as_str()) {
                self.at = end_of_element(self.src, tag_end, &name);
                continue;
            }
            return Some(Token::Start(name, start));
        }
        None
    }
}

/// The offset after the `>` closing a tag whose attributes start at `from`,
/// honouring quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

/// The offset after `</name ...>` (case-insensitive), or the end of the text.
fn end_of_element(src: &str, from: usize, name: &str) -> usize {
    let bytes = src.as_bytes();
    let mut at = from;
    while let Some(lt) = find(bytes, b"</", at) {
        let after = lt + 2;
        let candidate = bytes.get(after..after + name.len());
        let boundary = bytes
            .get(after + name.len())
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) && boundary {
            return tag_end(bytes, after + name.len()).unwrap_or(bytes.len());
        }
        at = after;
    }
    bytes.len()
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[derive(Default)]
struct Reader {
    out: Emitter,
    /// (level, text) of the open heading.
    heading: Option<(usize, LinedText)>,
    /// Text outside any list item, cell or heading, up to the next block boundary.
    paragraph: LinedText,
    /// Lead-in of the `<br>`-separated lines of the current paragraph.
    br_lead: Option<String>,
    /// Open list items, innermost last.
    items: Vec<LinedText>,
    /// Lead-in of each open list.
    leads: Vec<Option<String>>,
    /// Last sentence of the last block, a lead-in candidate.
    last_sentence: Option<String>,
    table: Vec<TableState>,
}

#[derive(Default)]
struct TableState {
    header: Vec<String>,
    cells: Vec<String>,
    cell: Option<LinedText>,
    row_line: u32,
    /// Every cell of the row so far is a `<th>`.
    all_th: bool,
    in_head: bool,
}

impl Reader {
    fn text(&mut self, raw: &str, start: usize, lines: &LineStarts) {
        let target = self.target();
        // Line by line, so a sentence deep in a wrapped paragraph keeps its line.
        let mut from = 0;
        let last = std::iter::once((raw.len(), 0));
        for (at, len) in crate::lines::breaks(raw).chain(last) {
            if from > 0 {
                target.space();
            }
            target.push(&decode(&raw[from..at]), lines.line_of(start + from));
            from = at + len;
        }
    }

    fn target(&mut self) -> &mut LinedText {
        if let Some((_, heading)) = self.heading.as_mut() {
            return heading;
        }
        if let Some(cell) = self.table.last_mut().and_then(|t| t.cell.as_mut()) {
            return cell;
        }
        if let Some(item) = self.items.last_mut() {
            return item;
        }
        &mut self.paragraph
    }

    fn in_cell(&self) -> bool {
        self.table.last().is_some_and(|t| t.cell.is_some())
    }

    fn start(&mut self, name: &str, line: u32) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block_boundary();
                let level = usize::from(name.as_bytes()[1] - b'0');
                self.heading = Some((level, LinedText::default()));
            }
            "br" => self.line_break(),
            "ul" | "ol" => {
                self.block_boundary();
                self.flush_item();
                let lead = self.last_sentence.take().filter(|s| is_lead_in(s));
                self.leads.push(lead);
            }
            "li" => {
                self.block_boundary();
                self.flush_item();
                self.items.push(LinedText::default());
            }
            "table" => {
                self.block_boundary();
                self.table.push(TableState::default());
            }
            "thead" => {
                if let Some(t) = self.table.last_mut() {
                    t.in_head = true;
                }
            }
            "tr" => {
                if let Some(t) = self.table.last_mut() {
                    t.cells.clear();
                    t.cell = None;
                    t.row_line = line;
                    t.all_th = true;
                }
            }
            "td" | "th" => {
                self.finish_cell();
                if let Some(t) = self.table.last_mut() {
                    if t.cells.is_empty() && t.row_line == 0 {
                        t.row_line = line;
                    }
                    t.all_th &= name == "th";
                    t.cell = Some(LinedText::default());
                }
            }
            _ if BLOCKS.contains(&name) => self.block_boundary(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some((level, text)) = self.heading.take() {
                    self.out.heading(level, &text.collapsed());
                }
                self.last_sentence = None;
            }
            "li" => {
                self.block_boundary();
                self.flush_item();
                self.items.pop();
                self.last_sentence = None;
            }
            "ul" | "ol" => {
                self.block_boundary();
                // An unclosed <li> ends with its list.
                self.flush_item();
                self.items.pop();
                self.leads.pop();
                self.last_sentence = None;
            }
            "td" | "th" => self.finish_cell(),
            "tr" => self.finish_row(),
            "thead" => {
                self.finish_row();
                if let Some(t) = self.table.last_mut() {
                    t.in_head = false;
                }
            }
            "table" => {
                self.finish_row();
                self.table.pop();
                self.last_sentence = None;
            }
            _ if BLOCKS.contains(&name) => self.block_boundary(),
            _ => {}
        }
    }

    /// `<br>`: inside a paragraph it ends a line (a "Label: sentence" line or an
    /// item under a lead-in line); elsewhere it separates words.
    fn line_break(&mut self) {
        if self.heading.is_some() || self.in_cell() || !self.items.is_empty() {
            self.target().space();
            return;
        }
        let text = std::mem::take(&mut self.paragraph);
        if text.is_blank() {
            return;
        }
        let last = self.out.block(&text, self.br_lead.as_deref());
        if let Some(lead) = last.clone().filter(|s| is_lead_in(s)) {
            self.br_lead = Some(lead);
        }
        self.last_sentence = last;
    }

    /// A block element opens or closes: the loose paragraph text so far is done.
    fn block_boundary(&mut self) {
        if self.in_cell() {
            self.target().space();
            return;
        }
        if let Some(item) = self.items.last_mut() {
            item.space();
            return;
        }
        let text = std::mem::take(&mut self.paragraph);
        if !text.is_blank() {
            self.last_sentence = self.out.block(&text, self.br_lead.as_deref());
        }
        self.br_lead = None;
    }

    /// Emits the open item's text so far (before a nested list or at its end).
    fn flush_item(&mut self) {
        let Some(item) = self.items.last_mut() else {
            return;
        };
        if item.is_blank() {
            return;
        }
        let text = std::mem::take(item);
        let lead = self.leads.last().cloned().flatten();
        self.last_sentence = self.out.block(&text, lead.as_deref());
    }

    fn finish_cell(&mut self) {
        if let Some(t) = self.table.last_mut()
            && let Some(cell) = t.cell.take()
        {
            t.cells.push(cell.collapsed());
        }
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        let Some(t) = self.table.last_mut() else {
            return;
        };
        if t.cells.is_empty() {
            return;
        }
        let cells = std::mem::take(&mut t.cells);
        let line = t.row_line;
        t.row_line = 0;
        if (t.in_head || t.all_th) && t.header.is_empty() {
            t.header = cells;
        } else {
            let header = t.header.clone();
            self.out.row(&cells, &header, line);
        }
    }

    fn finish_all(&mut self) {
        while !self.table.is_empty() {
            self.end("table");
        }
        if let Some((level, text)) = self.heading.take() {
            self.out.heading(level, &text.collapsed());
        }
        while !self.items.is_empty() {
            self.flush_item();
            self.items.pop();
        }
        self.block_boundary();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> Vec<(u32, String, Vec<String>, Option<String>)> {
        read_html(text)
            .into_iter()
            .map(|s| (s.line, s.text, s.headings, s.lead_in))
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_lines_of_the_original_file() {
        let html = "<!DOCTYPE html>\n<html><head><title>We never track</title>\n<style>p{}</style></head>\n<body>\n<h1>Privacy</h1>\n<p>We keep data in Forge.\n  It never <b>leaves</b>\n  the platform.</p>\n<script>var analytics = 1;</script>\n</body></html>\n";
        let got = view(html);
        assert_eq!(
            got,
            vec![
                (
                    6,
                    "We keep data in Forge.".to_string(),
                    vec!["Privacy".to_string()],
                    None
                ),
                (
                    7,
                    "It never leaves the platform.".to_string(),
                    vec!["Privacy".to_string()],
                    None
                ),
            ]
        );
    }

    #[test]
    fn list_items_take_the_lead_in_of_the_paragraph_before() {
        let got = view(
            "<p>Intro.</p>\n<p>The app does not:</p>\n<ul>\n<li>use cookies</li>\n<li>track <em>you</em>\n</ul>\n<p>After.</p>\n",
        );
        assert_eq!(
            got[2],
            (
                4,
                "use cookies".into(),
                vec![],
                Some("The app does not:".into())
            )
        );
        assert_eq!(
            got[3],
            (
                5,
                "track you".into(),
                vec![],
                Some("The app does not:".into())
            )
        );
        assert_eq!((got[4].1.as_str(), got[4].3.clone()), ("After.", None));
    }

    #[test]
    fn table_rows_carry_the_header_cells() {
        let got = read_html(
            "<table>\n<thead><tr><th>Vendor</th><th>Use</th></tr></thead>\n<tbody>\n<tr><td>Acme &amp; Co</td>\n<td><p>Email</p></td></tr>\n</tbody></table>\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].line, got[0].text.as_str()),
            (4, "Acme & Co | Email")
        );
        assert_eq!(got[0].table_header, vec!["Vendor", "Use"]);
    }

    #[test]
    fn a_header_row_of_th_cells_without_thead_is_the_header() {
        let got = read_html(
            "<table><tr><th>Question</th><th>Answer</th></tr><tr><th>Analytics?</th><td>No</td></tr></table>",
        );
        assert_eq!(got[0].text, "Analytics? | No");
        assert_eq!(got[0].table_header, vec!["Question", "Answer"]);
    }

    #[test]
    fn br_separates_label_lines_and_items_under_a_lead_in() {
        let got = view(
            "<p>Runtime: All code runs in Forge<br>\nResidency: Data stays in region<br/>\nThe app does not:<br>use cookies<br>track users</p>",
        );
        assert_eq!(got[0].1, "Runtime: All code runs in Forge");
        assert_eq!(
            (got[1].0, got[1].1.as_str()),
            (2, "Residency: Data stays in region")
        );
        assert_eq!(got[3].3.as_deref(), Some("The app does not:"));
        assert_eq!(
            (got[4].1.as_str(), got[4].3.as_deref()),
            ("track users", Some("The app does not:"))
        );
    }

    #[test]
    fn entities_comments_and_broken_markup() {
        let got = view(
            "<p>We don&rsquo;t&nbsp;sell &#x44;ata &lt;ever&gt;.<!-- We use Sentry. --></p><p>a < b and c</p><p>cut <a href=\"x",
        );
        assert_eq!(got[0].1, "We don\u{2019}t sell Data <ever>.");
        assert_eq!(got[1].1, "a < b and c");
        assert_eq!(got[2].1, "cut");
    }

    #[test]
    fn unclosed_tags_and_garbage_do_not_panic() {
        for html in [
            "<",
            "<p",
            "<li>x",
            "</ul></table></li>",
            "<table><td>x",
            "<h2>t",
            "<<>>",
            "<script>x",
            "<!--",
        ] {
            let _ = read_html(html);
        }
        assert_eq!(view("<ul><li>a<li>b</ul>").len(), 2);
    }

    proptest::proptest! {
        /// Any markup soup reads without panicking, and every sentence points
        /// at a line of the file.
        #[test]
        fn any_input_reads_with_lines_inside_the_file(
            html in "(<[/!a-z0-9 =\"'-]{0,12}>?|&[#a-z0-9]{0,8};?|[a-z .:\n]{0,10}|<br>|<li>|<td>|<th>){0,40}"
        ) {
            let lines = u32::try_from(html.lines().count().max(1)).unwrap_or(u32::MAX);
            for sentence in read_html(&html) {
                proptest::prop_assert!(sentence.line >= 1 && sentence.line <= lines + 1);
                proptest::prop_assert!(!sentence.text.is_empty());
            }
        }
    }
}
