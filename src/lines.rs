//! Lines, counted one way by every part of the tool: a line ends at `\n`,
//! `\r\n` or a lone `\r`, as editors, git and SARIF viewers count them. A
//! finding, the suppression comment above it, its fingerprint, its snippet and
//! the statement sentence it contradicts therefore agree on line numbers in
//! any file, whatever its line endings.

use std::borrow::Cow;

/// Byte offsets where each line starts; always begins with 0.
#[derive(Debug, Clone)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn of(text: &str) -> Self {
        // `breaks` spelled out: this runs on every scanned file, and building
        // it from the iterator chain cost a few percent of a 1M-line run. The
        // property test below holds the two to the same lines.
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let ends_line = bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n');
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineStarts(starts)
    }

    /// The 1-based line holding byte `offset` (offsets past the end are on the
    /// last line).
    pub fn line_of(&self, offset: usize) -> u32 {
        to_u32(self.0.partition_point(|&s| s <= offset))
    }

    /// Line `line` (1-based) of `text` (the text these starts were taken from),
    /// without its line break. Text after a final line break is not a line, as
    /// with [`str::lines`] and [`split`].
    pub fn line<'t>(&self, text: &'t str, line: u32) -> Option<&'t str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.0.get(index)?;
        if start >= text.len() {
            return None;
        }
        let end = self.0.get(index + 1).map_or(text.len(), |&next| next);
        text.get(start..end).map(without_break)
    }

    /// Byte offset where line `line` (1-based) starts; 0 for a line the text
    /// does not have.
    pub fn start_of(&self, line: u32) -> usize {
        let index = usize::try_from(line).map_or(0, |l| l.saturating_sub(1));
        self.0.get(index).copied().unwrap_or(0)
    }
}

/// Every line break of `text`: its byte offset and length (2 for `\r\n`).
pub fn breaks(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    // memchr finds the few line breaks in long minified lines quickly.
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(move |at| match bytes[at] {
        b'\r' if bytes.get(at + 1) == Some(&b'\n') => Some((at, 2)),
        // The `\n` of a `\r\n`, already counted with its `\r`.
        b'\n' if at > 0 && bytes[at - 1] == b'\r' => None,
        _ => Some((at, 1)),
    })
}

/// The lines of `text` without their breaks: [`str::lines`], with a lone `\r`
/// ending a line too.
pub fn split(text: &str) -> impl Iterator<Item = &str> {
    line_indices(text).map(|(_, line)| line)
}

/// [`split`], with the byte offset where each line starts.
pub fn line_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    let mut breaks = breaks(text);
    std::iter::from_fn(move || {
        let start = from;
        let line = match breaks.next() {
            Some((at, len)) => {
                from = at + len;
                text.get(start..at)?
            }
            None if start < text.len() => {
                from = text.len();
                text.get(start..)?
            }
            None => return None,
        };
        Some((start, line))
    })
}

/// `text` with every lone `\r` turned into `\n`: the same lines at the same
/// byte offsets. The YAML parser counts a lone CR as a line break but keeps
/// counting columns across it, so manifests are read through this.
pub fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
    let mut lone = breaks(text)
        .filter(|&(at, len)| len == 1 && text.as_bytes()[at] == b'\r')
        .peekable();
    if lone.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for (at, _) in lone {
        bytes[at] = b'\n';
    }
    // One ASCII byte for another keeps the text valid UTF-8.
    String::from_utf8(bytes).map_or(Cow::Borrowed(text), Cow::Owned)
}

fn without_break(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Line starts of one text, for turning parser byte offsets into positions.
#[derive(Debug, Clone)]
pub struct LineIndex<'s> {
    text: &'s str,
    starts: LineStarts,
}

impl<'s> LineIndex<'s> {
    /// Indexes `text`; a line ends at `\n`, `\r\n` or a lone `\r`.
    pub fn new(text: &'s str) -> Self {
        LineIndex {
            text,
            starts: LineStarts::of(text),
        }
    }

    /// The 1-based (line, column) of a byte offset; the column counts UTF-16 code
    /// units. Offsets past the end or inside a character are clamped back to a
    /// character boundary, so hostile spans never panic.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.line_of(offset);
        let start = self.starts.start_of(line);
        let column: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        (line, to_u32(column + 1))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Texts with every kind of line ending, for the tests of code that reads lines.
#[cfg(test)]
pub(crate) const MIXED_ENDINGS: [&str; 9] = [
    "",
    "a",
    "a\n",
    "a\r\nb",
    "a\n\nb\n",
    "\n",
    "x\r\n\r\n",
    "a\rb\r\rc",
    "é\n🙂",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks the text character by character: the obviously correct answer.
    fn naive(text: &str, offset: usize) -> (u32, u32) {
        let (mut line, mut col) = (1u32, 1u32);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if i >= offset {
                break;
            }
            match c {
                '\n' => (line, col) = (line + 1, 1),
                '\r' if chars.peek().map(|&(_, n)| n) != Some('\n') => (line, col) = (line + 1, 1),
                '\r' => col += 1,
                _ => col += c.len_utf16() as u32,
            }
        }
        (line, col)
    }

    #[test]
    fn agrees_with_a_naive_scan_on_mixed_line_endings_and_non_ascii() {
        let text = "a\r\nbé🙂c\rd\n\nx€y\r\n";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            assert_eq!(
                index.position(offset),
                naive(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(index.position(text.len()), naive(text, text.len()));
    }

    #[test]
    fn counts_astral_characters_as_two_utf16_units() {
        let text = "🙂fetch()";
        assert_eq!(LineIndex::new(text).position(4), (1, 3));
    }

    #[test]
    fn crlf_is_one_line_break() {
        let text = "x\r\ny";
        assert_eq!(LineIndex::new(text).position(3), (2, 1));
    }

    #[test]
    fn split_agrees_with_str_lines_and_also_ends_lines_at_a_lone_cr() {
        let without_lone_cr = MIXED_ENDINGS
            .iter()
            .filter(|text| !text.replace("\r\n", "").contains('\r'));
        for text in without_lone_cr {
            assert_eq!(
                split(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
        assert_eq!(
            split("a\rb\r\rc\r").collect::<Vec<_>>(),
            ["a", "b", "", "c"]
        );
        assert_eq!(split("a\r\n\rb").collect::<Vec<_>>(), ["a", "", "b"]);
    }

    proptest::proptest! {
        /// Every way of asking for a line gives the same answer: `split`'s
        /// n-th line is `LineStarts::line(n)`, begins where `line_of` and
        /// `position` say line n begins, and no line holds a break.
        #[test]
        fn split_line_and_positions_agree(text in "[a\r\né]{0,40}") {
            let starts = LineStarts::of(&text);
            let index = LineIndex::new(&text);
            let lines: Vec<&str> = split(&text).collect();
            for (n, line) in lines.iter().enumerate() {
                let number = n as u32 + 1;
                proptest::prop_assert_eq!(starts.line(&text, number), Some(*line));
                proptest::prop_assert!(!line.contains(['\r', '\n']));
                let start = line.as_ptr() as usize - text.as_ptr() as usize;
                proptest::prop_assert_eq!(starts.line_of(start), number);
                proptest::prop_assert_eq!(index.position(start), (number, 1));
            }
            proptest::prop_assert_eq!(starts.line(&text, lines.len() as u32 + 1), None);
            proptest::prop_assert_eq!(starts.line(&text, 0), None);
        }
    }

    #[test]
    fn lone_crs_become_lfs_and_crlf_stays() {
        assert!(matches!(lone_cr_as_lf("a\r\nb\n"), Cow::Borrowed(_)));
        assert_eq!(lone_cr_as_lf("a\rb\r\nc\r"), "a\nb\r\nc\n");
    }

    #[test]
    fn clamps_offsets_past_the_end_or_inside_a_character() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(1), (1, 1));
        assert_eq!(index.position(99), (1, 2));
    }
}
