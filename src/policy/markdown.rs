//! Markdown statements through pulldown-cmark, with original line numbers.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::emit::{Emitter, is_lead_in};
use super::read::Sentence;
use super::split::LinedText;
use crate::lines::LineStarts;

/// The sentences of a Markdown statement.
pub(crate) fn read_markdown(text: &str) -> Vec<Sentence> {
    // Not Options::all(): smart punctuation would turn "we" into “we” and break
    // phrase matching.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let lines = LineStarts::of(text);
    let mut state = State::default();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        state.event(event, lines.line_of(range.start));
    }
    state.out.finish()
}

#[derive(Default)]
struct State {
    out: Emitter,
    heading: Option<LinedText>,
    paragraph: Option<LinedText>,
    /// Text of each open list item, nested lists excluded.
    items: Vec<LinedText>,
    /// Lead-in of each open list.
    leads: Vec<Option<String>>,
    /// Last sentence of the last block, a lead-in candidate.
    last_sentence: Option<String>,
    cell: Option<LinedText>,
    cells: Vec<String>,
    header: Vec<String>,
    row_line: u32,
    /// Inside code or HTML blocks, whose text is not statement prose.
    skip: usize,
}

impl State {
    fn event(&mut self, event: Event<'_>, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) if self.skip == 0 => {
                if let Some(target) = self.target() {
                    target.push(&t, line);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(target) = self.target() {
                    target.space();
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: u32) {
        match tag {
            Tag::Heading { .. } => self.heading = Some(LinedText::default()),
            Tag::Paragraph => {
                if let Some(item) = self.items.last_mut() {
                    item.space();
                } else {
                    self.paragraph = Some(LinedText::default());
                }
            }
            Tag::List(_) => {
                self.flush_item();
                let lead = self.last_sentence.take().filter(|s| is_lead_in(s));
                self.leads.push(lead);
            }
            Tag::Item => self.items.push(LinedText::default()),
            Tag::TableHead | Tag::TableRow => {
                self.cells.clear();
                self.row_line = line;
            }
            Tag::TableCell => self.cell = Some(LinedText::default()),
            // Front matter (`---` YAML at the top) is page metadata, not prose.
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => self.skip += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                if let Some(text) = self.heading.take() {
                    self.out.heading(level as usize, &text.collapsed());
                }
                self.last_sentence = None;
            }
            TagEnd::Paragraph => {
                if let Some(text) = self.paragraph.take() {
                    self.last_sentence = self.out.block(&text, None);
                }
            }
            TagEnd::Item => {
                self.flush_item();
                self.items.pop();
                self.last_sentence = None;
            }
            TagEnd::List(_) => {
                self.leads.pop();
                self.last_sentence = None;
            }
            TagEnd::TableCell => {
                let text = self.cell.take().unwrap_or_default();
                self.cells.push(text.collapsed());
            }
            TagEnd::TableHead => self.header = std::mem::take(&mut self.cells),
            TagEnd::TableRow => {
                let cells = std::mem::take(&mut self.cells);
                self.out.row(&cells, &self.header, self.row_line);
            }
            TagEnd::Table => self.header.clear(),
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                self.skip = self.skip.saturating_sub(1)
            }
            _ => {}
        }
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

    fn target(&mut self) -> Option<&mut LinedText> {
        if self.cell.is_some() {
            return self.cell.as_mut();
        }
        if self.heading.is_some() {
            return self.heading.as_mut();
        }
        if self.paragraph.is_some() {
            return self.paragraph.as_mut();
        }
        self.items.last_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> Vec<(u32, String, Vec<String>, Option<String>)> {
        read_markdown(text)
            .into_iter()
            .map(|s| (s.line, s.text, s.headings, s.lead_in))
            .collect()
    }

    #[test]
    fn lines_survive_a_multi_line_paragraph_and_markup() {
        let got = view(
            "# Privacy\n\nWe **never** send\ndata out. Our `app` uses\n[Forge](https://x.io) only.\n\nLast one.\n",
        );
        assert_eq!(
            got[0],
            (
                3,
                "We never send data out.".into(),
                vec!["Privacy".into()],
                None
            )
        );
        assert_eq!(
            (got[1].0, got[1].1.as_str()),
            (4, "Our app uses Forge only.")
        );
        assert_eq!(got[2].0, 7);
    }

    #[test]
    fn quotes_stay_straight() {
        let got = view("We say \"no\" and don't track.\n");
        assert_eq!(got[0].1, "We say \"no\" and don't track.");
    }

    #[test]
    fn list_items_carry_the_lead_in_and_nested_lists_their_parent() {
        let md = "Intro text. The app does not:\n\n- use cookies\n- call home, for:\n  - metrics\n\nAfter the list.\n";
        let got = view(md);
        assert_eq!(got[1].1, "The app does not:");
        assert_eq!(
            got[2],
            (
                3,
                "use cookies".into(),
                vec![],
                Some("The app does not:".into())
            )
        );
        assert_eq!(got[3].3.as_deref(), Some("The app does not:"));
        assert_eq!(
            got[4],
            (5, "metrics".into(), vec![], Some("call home, for:".into()))
        );
        assert_eq!(got[5].3, None);
    }

    #[test]
    fn headings_nest_and_reset_by_level() {
        let got = view("# A\n## B\nx.\n## C\ny.\n# D\nz.\n");
        assert_eq!(got[0].2, vec!["A", "B"]);
        assert_eq!(got[1].2, vec!["A", "C"]);
        assert_eq!(got[2].2, vec!["D"]);
    }

    #[test]
    fn table_rows_are_sentences_with_header_context() {
        let sentences =
            read_markdown("Intro.\n\n| Vendor | Use |\n|---|---|\n| Acme Inc. | *Email* |\n");
        let row = &sentences[1];
        assert_eq!((row.line, row.text.as_str()), (5, "Acme Inc. | Email"));
        assert_eq!(row.table_header, vec!["Vendor", "Use"]);
    }

    #[test]
    fn code_blocks_and_html_are_not_prose() {
        let got = view("Text.\n\n```\nwe do not track\n```\n\n<div>hidden</div>\n");
        assert_eq!(got.len(), 1);
    }
}
