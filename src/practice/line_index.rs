//! Byte offsets to 1-based line and UTF-16 column, as SARIF expects.

/// Line starts of one text, for turning parser byte offsets into positions.
#[derive(Debug, Clone)]
pub struct LineIndex<'s> {
    text: &'s str,
    /// Byte offset of the first character of each line; always starts with 0.
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    /// Indexes `text`; a line ends at `\n`, `\r\n` or a lone `\r`.
    pub fn new(text: &'s str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // memchr finds the few line breaks in long minified lines quickly.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let ends_line = bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n');
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { text, starts }
    }

    /// The 1-based (line, column) of a byte offset; the column counts UTF-16 code
    /// units. Offsets past the end or inside a character are clamped back to a
    /// character boundary, so hostile spans never panic.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        (to_u32(line), to_u32(column + 1))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

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
    fn clamps_offsets_past_the_end_or_inside_a_character() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(1), (1, 1));
        assert_eq!(index.position(99), (1, 2));
    }
}
