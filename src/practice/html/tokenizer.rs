//! A small HTML tokenizer following the outline of the WHATWG tokenizer: data,
//! comments, doctypes and other markup declarations, start and end tags with
//! attributes, and the elements whose content is text rather than markup
//! (`<script>`, `<style>`, `<textarea>`, `<title>`...). It yields only what the
//! scanner needs (start tags and the text of raw-text elements) and keeps byte
//! offsets into the source so every finding can point at the file.
//!
//! It never fails: like a browser, it recovers from any input. A tag cut off by
//! the end of the file is dropped, because a browser drops it too.

/// One token the scanner cares about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::practice) enum Token<'s> {
    /// `<name attr=value ...>`.
    StartTag(Tag<'s>),
    /// The content of a raw-text element, up to (not including) its end tag or
    /// the end of the file.
    RawText {
        /// Lower-case name of the element (`script`, `style`...).
        element: String,
        text: &'s str,
        /// Byte offset of `text` in the source.
        start: usize,
    },
    /// `</name>`, yielded only by [`Tokenizer::component`]: a component's
    /// blocks are told apart by nesting, which a page scan never needs.
    EndTag {
        /// Lower-case element name.
        name: String,
    },
}

/// A start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::practice) struct Tag<'s> {
    /// Lower-case element name.
    pub name: String,
    /// Byte offset of the `<`.
    pub start: usize,
    /// Attributes in source order; a repeated name keeps its first occurrence,
    /// as browsers do.
    pub attrs: Vec<Attr<'s>>,
    /// Written `<name ... />`: components (not HTML) treat it as closed.
    pub self_closing: bool,
}

impl<'s> Tag<'s> {
    /// The attribute with this (lower-case) name.
    pub fn attr(&self, name: &str) -> Option<&Attr<'s>> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// An attribute; the value is raw (character references not yet decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::practice) struct Attr<'s> {
    /// Lower-case attribute name.
    pub name: String,
    /// The value between the quotes (or the unquoted run); empty when valueless.
    pub raw: &'s str,
    /// Byte offset of the first character of `raw` (for a valueless attribute,
    /// the end of its name).
    pub value_start: usize,
}

/// How the content of an element ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// `<script>`: text with the spec's escaped / double-escaped states.
    Script,
    /// RAWTEXT and RCDATA elements: text up to `</name`.
    Text,
    /// `<plaintext>`: the rest of the file.
    Plaintext,
}

fn content_of(name: &str) -> Option<Content> {
    match name {
        "script" => Some(Content::Script),
        // RCDATA (textarea, title) ends the same way as RAWTEXT; only entity
        // decoding differs, which the scanner does not need for these.
        // `noscript` is raw text because Custom UI always runs with scripting on.
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" | "textarea" | "title" => {
            Some(Content::Text)
        }
        "plaintext" => Some(Content::Plaintext),
        _ => None,
    }
}

/// Iterates over the tokens of one document.
pub(in crate::practice) struct Tokenizer<'s> {
    src: &'s str,
    pos: usize,
    /// Set after a start tag whose element holds raw text.
    pending: Option<(String, Content)>,
    /// Yield end tags too.
    end_tags: bool,
    /// Attribute values may be `{expression}` (Svelte, Astro): such a value
    /// runs to its matching brace, whatever spaces or `>` it holds.
    braces: bool,
}

impl<'s> Tokenizer<'s> {
    /// Tokenizes `src` from the beginning.
    pub fn new(src: &'s str) -> Self {
        Tokenizer {
            src,
            pos: 0,
            pending: None,
            end_tags: false,
            braces: false,
        }
    }

    /// Tokenizes a single-file component: end tags are yielded, and with
    /// `braces` attribute values and bare attributes in `{...}` are read whole.
    pub fn component(src: &'s str, braces: bool) -> Self {
        Tokenizer {
            end_tags: true,
            braces,
            ..Tokenizer::new(src)
        }
    }

    /// Offset after the `}` matching the `{` at `open`, skipping quoted strings
    /// and template literals; `None` when the file ends first.
    fn brace_end(&self, open: usize) -> Option<usize> {
        let bytes = self.bytes();
        let mut depth = 0usize;
        let mut i = open;
        while i < bytes.len() {
            match bytes[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                quote @ (b'"' | b'\'' | b'`') => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != quote {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    fn bytes(&self) -> &'s [u8] {
        self.src.as_bytes()
    }

    /// Content of a raw-text element starting at `self.pos`; moves past its end tag.
    fn raw_text(&mut self, element: String, content: Content) -> Token<'s> {
        let start = self.pos;
        let end = match content {
            Content::Plaintext => None,
            Content::Text => self.find_end_tag(start, &element),
            Content::Script => self.find_script_end(start),
        };
        let text_end = end.unwrap_or(self.src.len());
        self.pos = match end {
            // Skip the end tag itself (its attributes, if any, are discarded).
            Some(lt) => self
                .tag(lt + 2)
                .map_or(self.src.len(), |(_, _, after, _)| after),
            None => self.src.len(),
        };
        Token::RawText {
            element,
            text: &self.src[start..text_end],
            start,
        }
    }

    /// Offset of the `<` of the first `</name` (any case) followed by a tag
    /// delimiter at or after `from`.
    fn find_end_tag(&self, from: usize, name: &str) -> Option<usize> {
        let mut at = from;
        while let Some(i) = find(self.bytes(), b"</", at) {
            if self.is_tag_named(i + 2, name) {
                return Some(i);
            }
            at = i + 2;
        }
        None
    }

    /// Whether `name` (any case) starts at `at` and is followed by whitespace,
    /// `/` or `>` (the "appropriate end tag" test).
    fn is_tag_named(&self, at: usize, name: &str) -> bool {
        let bytes = self.bytes();
        let end = at + name.len();
        bytes
            .get(at..end)
            .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(end)
                .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
    }

    /// Where a `<script>` element's text ends. Inside `<!--` ... `-->` a nested
    /// `<script>` makes the next `</script>` belong to it (the spec's
    /// double-escaped state), which old "hide from browsers" snippets rely on.
    fn find_script_end(&self, from: usize) -> Option<usize> {
        #[derive(PartialEq)]
        enum State {
            Data,
            Escaped,
            DoubleEscaped,
        }
        let bytes = self.bytes();
        let mut state = State::Data;
        let mut i = from;
        while i < bytes.len() {
            let rest = &bytes[i..];
            match state {
                State::Data => {
                    if rest.starts_with(b"</") && self.is_tag_named(i + 2, "script") {
                        return Some(i);
                    }
                    if rest.starts_with(b"<!--") {
                        state = State::Escaped;
                        // Stay on the dashes so that `<!-->` closes at once.
                        i += 2;
                        continue;
                    }
                }
                State::Escaped => {
                    if rest.starts_with(b"-->") {
                        state = State::Data;
                        i += 3;
                        continue;
                    }
                    if rest.starts_with(b"</") && self.is_tag_named(i + 2, "script") {
                        return Some(i);
                    }
                    if rest.starts_with(b"<") && self.is_tag_named(i + 1, "script") {
                        state = State::DoubleEscaped;
                    }
                }
                State::DoubleEscaped => {
                    if rest.starts_with(b"-->") {
                        state = State::Data;
                        i += 3;
                        continue;
                    }
                    if rest.starts_with(b"</") && self.is_tag_named(i + 2, "script") {
                        state = State::Escaped;
                    }
                }
            }
            i += 1;
        }
        None
    }

    /// Parses a tag whose name starts at `at` (just after `<` or `</`). Returns
    /// the lower-case name, the attributes and the offset after `>`, or `None`
    /// when the file ends inside the tag.
    fn tag(&self, at: usize) -> Option<(String, Vec<Attr<'s>>, usize, bool)> {
        let bytes = self.bytes();
        let mut i = at;
        while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = self.src[at..i].to_ascii_lowercase();
        let mut attrs: Vec<Attr<'s>> = Vec::new();
        loop {
            // Before attribute name: whitespace and stray `/` are skipped.
            let mut slash = false;
            while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
                slash = bytes[i] == b'/';
                i += 1;
            }
            match bytes.get(i) {
                None => return None,
                Some(b'>') => return Some((name, attrs, i + 1, slash)),
                // `{...props}`, `{src}`: a bare expression, read whole.
                Some(b'{') if self.braces => {
                    let end = self.brace_end(i)?;
                    attrs.push(Attr {
                        name: self.src[i..end].to_string(),
                        raw: "",
                        value_start: end,
                    });
                    i = end;
                    continue;
                }
                Some(_) => {}
            }
            let name_start = i;
            // An `=` is part of the name only as its first character.
            i += 1;
            while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let attr_name = self.src[name_start..i].to_ascii_lowercase();
            let name_end = i;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            let (raw, value_start) = if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && is_space(bytes[i]) {
                    i += 1;
                }
                match *bytes.get(i)? {
                    quote @ (b'"' | b'\'') => {
                        let close = bytes[i + 1..].iter().position(|&b| b == quote)? + i + 1;
                        let value = (&self.src[i + 1..close], i + 1);
                        i = close + 1;
                        value
                    }
                    // `a=>`: the value is missing, so it is empty.
                    b'>' => ("", i),
                    b'{' if self.braces => {
                        let end = self.brace_end(i)?;
                        let value = (&self.src[i..end], i);
                        i = end;
                        value
                    }
                    _ => {
                        let start = i;
                        while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                            i += 1;
                        }
                        (&self.src[start..i], start)
                    }
                }
            } else {
                // Valueless: leave `i` on whatever follows, the next attribute
                // or `>`.
                ("", name_end)
            };
            if !attrs.iter().any(|a| a.name == attr_name) {
                attrs.push(Attr {
                    name: attr_name,
                    raw,
                    value_start,
                });
            }
        }
    }

    /// Offset after a comment whose `<!--` ends just before `body`.
    fn comment_end(&self, body: usize) -> usize {
        let bytes = self.bytes();
        let rest = &bytes[body.min(bytes.len())..];
        // `<!-->` and `<!--->` are (malformed) empty comments.
        if rest.starts_with(b">") {
            return body + 1;
        }
        if rest.starts_with(b"->") {
            return body + 2;
        }
        // `-->` or `--!>` closes; one pass over the comment keeps hostile files
        // with many unclosed comments linear.
        let mut at = body;
        while let Some(i) = find(bytes, b"--", at) {
            match bytes.get(i + 2) {
                Some(b'>') => return i + 3,
                Some(b'!') if bytes.get(i + 3) == Some(&b'>') => return i + 4,
                _ => at = i + 1,
            }
        }
        bytes.len()
    }

    /// Offset after the next `>` at or after `from` (a bogus comment).
    fn bogus_comment_end(&self, from: usize) -> usize {
        find(self.bytes(), b">", from).map_or(self.src.len(), |i| i + 1)
    }
}

impl<'s> Iterator for Tokenizer<'s> {
    type Item = Token<'s>;

    fn next(&mut self) -> Option<Token<'s>> {
        if let Some((element, content)) = self.pending.take() {
            return Some(self.raw_text(element, content));
        }
        let bytes = self.bytes();
        loop {
            let lt = find(bytes, b"<", self.pos)?;
            let after = lt + 1;
            match bytes.get(after) {
                Some(b'!') if bytes[after..].starts_with(b"!--") => {
                    self.pos = self.comment_end(after + 3);
                }
                // Doctype, CDATA outside foreign content, processing instructions.
                Some(b'!' | b'?') => self.pos = self.bogus_comment_end(after),
                Some(b'/') => match bytes.get(after + 1) {
                    Some(b) if b.is_ascii_alphabetic() => {
                        // An end tag: its attributes are parsed and thrown away.
                        match self.tag(after + 1) {
                            Some((name, _, end, _)) => {
                                self.pos = end;
                                if self.end_tags {
                                    return Some(Token::EndTag { name });
                                }
                            }
                            None => {
                                self.pos = bytes.len();
                                return None;
                            }
                        }
                    }
                    Some(b'>') => self.pos = after + 2,
                    _ => self.pos = self.bogus_comment_end(after + 1),
                },
                Some(b) if b.is_ascii_alphabetic() => {
                    let Some((name, attrs, end, self_closing)) = self.tag(after) else {
                        self.pos = bytes.len();
                        return None;
                    };
                    self.pos = end;
                    // A component's `<script />` has no body; in HTML the
                    // slash means nothing and the body follows.
                    let closed = self_closing && self.end_tags;
                    if let Some(content) = content_of(&name).filter(|_| !closed) {
                        self.pending = Some((name.clone(), content));
                    }
                    return Some(Token::StartTag(Tag {
                        name,
                        start: lt,
                        attrs,
                        self_closing,
                    }));
                }
                // A `<` that starts nothing is text.
                _ => self.pos = after,
            }
        }
    }
}

/// HTML's ASCII whitespace (tab, LF, FF, CR, space).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// First occurrence of `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(src: &str) -> Vec<(String, Vec<(String, String)>)> {
        Tokenizer::new(src)
            .filter_map(|t| match t {
                Token::StartTag(tag) => Some((
                    tag.name,
                    tag.attrs
                        .into_iter()
                        .map(|a| (a.name, a.raw.to_string()))
                        .collect(),
                )),
                _ => None,
            })
            .collect()
    }

    fn raw_texts(src: &str) -> Vec<(String, String)> {
        Tokenizer::new(src)
            .filter_map(|t| match t {
                Token::RawText { element, text, .. } => Some((element, text.to_string())),
                _ => None,
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn attributes_in_every_quoting_style_and_case() {
        let found = tags("<IMG SRC=\"a b\" Alt='it\"s' width=10 hidden data-x = y/>");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "img");
        assert_eq!(
            found[0].1,
            pairs(&[
                ("src", "a b"),
                ("alt", "it\"s"),
                ("width", "10"),
                ("hidden", ""),
                ("data-x", "y/")
            ])
        );
    }

    #[test]
    fn a_repeated_attribute_keeps_its_first_value() {
        let found = tags("<img src=a SRC=b>");
        assert_eq!(found[0].1, pairs(&[("src", "a")]));
    }

    #[test]
    fn attributes_need_no_space_after_a_quoted_value() {
        let found = tags("<a x=\"1\"y='2'>");
        assert_eq!(found[0].1, pairs(&[("x", "1"), ("y", "2")]));
    }

    #[test]
    fn comments_doctype_and_stray_brackets_are_not_tags() {
        let src = "<!DOCTYPE html><!-- <img src=x> --><? php ?>a < b <!--><p><!---><i>";
        let names: Vec<String> = tags(src).into_iter().map(|t| t.0).collect();
        assert_eq!(names, ["p", "i"]);
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag_in_any_case() {
        let src = "<script>if (a</b) x = '</div><img src=y>';</SCRIPT ><p>";
        assert_eq!(
            raw_texts(src),
            pairs(&[("script", "if (a</b) x = '</div><img src=y>';")])
        );
        let names: Vec<String> = tags(src).into_iter().map(|t| t.0).collect();
        assert_eq!(names, ["script", "p"]);
    }

    #[test]
    fn split_end_tag_strings_do_not_end_a_script() {
        let src = "<script>document.write(\"<scr\" + \"ipt></scr\" + \"ipt>\")</script>";
        assert_eq!(
            raw_texts(src),
            pairs(&[(
                "script",
                "document.write(\"<scr\" + \"ipt></scr\" + \"ipt>\")"
            )])
        );
    }

    #[test]
    fn a_script_inside_an_escaped_comment_shields_the_next_end_tag() {
        let src = "<script><!-- document.write('<script></script>'); --></script><b>";
        assert_eq!(
            raw_texts(src),
            pairs(&[("script", "<!-- document.write('<script></script>'); -->")])
        );
    }

    #[test]
    fn textarea_and_title_content_is_not_markup() {
        let src = "<title><img src=a></title><textarea><iframe src=b></textarea><hr>";
        let names: Vec<String> = tags(src).into_iter().map(|t| t.0).collect();
        assert_eq!(names, ["title", "textarea", "hr"]);
    }

    #[test]
    fn input_cut_off_inside_a_tag_or_comment_ends_quietly() {
        assert_eq!(
            tags("<p>ok<img src=\"https://x.example/a"),
            vec![("p".to_string(), vec![])]
        );
        assert_eq!(tags("<p><img src=x"), vec![("p".to_string(), vec![])]);
        assert_eq!(tags("<p><!-- <img src=x>"), vec![("p".to_string(), vec![])]);
        assert_eq!(raw_texts("<style>a{}"), pairs(&[("style", "a{}")]));
        assert_eq!(tags("<"), vec![]);
        assert_eq!(tags("</"), vec![]);
        assert_eq!(tags("<a b="), vec![]);
    }

    #[test]
    fn offsets_point_at_the_tag_and_value() {
        let src = "ab<img src='u'>";
        let Some(Token::StartTag(tag)) = Tokenizer::new(src).next() else {
            panic!("no tag");
        };
        assert_eq!(tag.start, 2);
        assert_eq!(&src[tag.attrs[0].value_start..][..1], "u");
    }
}
