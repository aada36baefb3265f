//! A cheap pre-scan that refuses inputs deep enough to overflow the parser's or
//! the semantic builder's recursion (hostile or generated files).

/// Deepest bracket nesting accepted; real code stays far below it.
pub const MAX_NESTING: usize = 1000;

/// Longest run of tokens accepted between statement or list separators. Long
/// unbracketed chains (`a+a+a…`, `!!!!…`, `a=a=a…`, `if(x)if(x)…`) nest the AST
/// as deeply as brackets do.
pub const MAX_CHAIN: usize = 50_000;

/// Why a file is refused, or `None` when it is safe to parse. String and comment
/// contents are skipped; regular expressions and template text are not, which
/// can only overestimate depth a little.
pub fn too_deep(source: &str) -> Option<String> {
    let bytes = source.as_bytes();
    if bytes.len() <= MAX_CHAIN && opening_brackets(bytes) <= MAX_NESTING {
        // Each token takes at least a byte and each level an opening bracket,
        // so neither limit can be reached: most files stop here.
        return None;
    }
    let mut depth = 0usize;
    let mut chain = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match CLASSES[usize::from(b)] {
            Class::Space => {}
            Class::Word => {
                // A word counts once: skip the rest of it.
                chain += 1;
                while bytes
                    .get(i + 1)
                    .is_some_and(|&n| CLASSES[usize::from(n)] == Class::Word)
                {
                    i += 1;
                }
            }
            Class::Quote => {
                i = skip_string(bytes, i);
                chain += 1;
                continue;
            }
            Class::Slash if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i + 2..]).map_or(bytes.len(), |p| i + 2 + p);
                continue;
            }
            Class::Slash if bytes.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |p| i + 4 + p);
                continue;
            }
            Class::Open => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(format!("nesting deeper than {MAX_NESTING} levels"));
                }
                if b == b'{' {
                    chain = 0;
                }
            }
            Class::Close => {
                depth = depth.saturating_sub(1);
                if b == b'}' {
                    chain = 0;
                }
            }
            Class::Separator => chain = 0,
            Class::Slash | Class::Punctuation => chain += 1,
        }
        if chain > MAX_CHAIN {
            return Some(format!(
                "an expression chain longer than {MAX_CHAIN} tokens"
            ));
        }
        i += 1;
    }
    None
}

/// How many `(`, `[` and `{` bytes there are, strings and comments included.
fn opening_brackets(bytes: &[u8]) -> usize {
    // Counted in blocks a `u8` cannot overflow on, which compiles to vector code.
    bytes
        .chunks(255)
        .map(|block| {
            let opens = block.iter().fold(0u8, |n, &b| {
                n + u8::from(b == b'(' || b == b'[' || b == b'{')
            });
            usize::from(opens)
        })
        .sum()
}

/// What a byte is to the pre-scan.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Whitespace and control bytes.
    Space,
    /// Identifier and number bytes, and every byte of a non-ASCII character.
    Word,
    Quote,
    Slash,
    Open,
    Close,
    Separator,
    Punctuation,
}

/// The class of every byte, computed at compile time (one lookup per byte).
const CLASSES: [Class; 256] = {
    let mut table = [Class::Space; 256];
    let mut b = 0usize;
    while b < 256 {
        let byte = b as u8;
        table[b] = match byte {
            b'\'' | b'"' => Class::Quote,
            b'/' => Class::Slash,
            b'(' | b'[' | b'{' => Class::Open,
            b')' | b']' | b'}' => Class::Close,
            b';' | b',' => Class::Separator,
            b'_' | b'$' => Class::Word,
            _ if byte.is_ascii_alphanumeric() || byte >= 0x80 => Class::Word,
            _ if byte.is_ascii_punctuation() => Class::Punctuation,
            _ => Class::Space,
        };
        b += 1;
    }
    table
};

/// The index after a quoted string starting at `start`; strings end at their
/// quote or at a line break (JSX text like `Don't` must not swallow the file).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while let Some(p) = memchr::memchr3(quote, b'\\', b'\n', &bytes[i.min(bytes.len())..]) {
        let at = i + p;
        match bytes[at] {
            b'\\' => i = at + 2,
            b'\n' => return at,
            _ => return at + 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pre-scan byte by byte, without lookup tables or skipping: the
    /// obviously correct answer the fast one must agree with.
    fn naive(source: &str) -> Option<String> {
        let bytes = source.as_bytes();
        let (mut depth, mut chain, mut in_word, mut i) = (0usize, 0usize, false, 0);
        let find = |from: usize, needle: &[u8]| {
            bytes
                .get(from..)
                .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
                .map_or(bytes.len(), |p| from + p)
        };
        while i < bytes.len() {
            let b = bytes[i];
            let word = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
            if !word {
                in_word = false;
            }
            match b {
                b'\'' | b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b && bytes[i] != b'\n' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    if i < bytes.len() && bytes[i] == b {
                        i += 1;
                    }
                    chain += 1;
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = find(i + 2, b"\n");
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = find(i + 2, b"*/").saturating_add(2);
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(format!("nesting deeper than {MAX_NESTING} levels"));
                    }
                    if b == b'{' {
                        chain = 0;
                    }
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if b == b'}' {
                        chain = 0;
                    }
                }
                b';' | b',' => chain = 0,
                _ if word => {
                    chain += usize::from(!in_word);
                    in_word = true;
                }
                _ if b.is_ascii_punctuation() => chain += 1,
                _ => {}
            }
            if chain > MAX_CHAIN {
                return Some(format!(
                    "an expression chain longer than {MAX_CHAIN} tokens"
                ));
            }
            i += 1;
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_byte_by_byte_scan(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "(", ")", "[", "]", "{", "}", ";", ",", "'", "\"", "\\", "\n", "//", "/*",
                    "*/", "/", " ", "a", "é", "!", "+", "$x", "`",
                ]),
                0..400,
            ),
            repeat in 1usize..200,
        ) {
            let source = parts.concat().repeat(repeat);
            proptest::prop_assert_eq!(too_deep(&source), naive(&source));
        }
    }

    #[test]
    fn counts_opening_brackets_across_blocks() {
        let src = "a([{)]}".repeat(1_000);
        assert_eq!(opening_brackets(src.as_bytes()), 3_000);
        // A short file with more than the limit of brackets still gets the
        // full scan, and its strings do not count.
        let src = format!("x = '{}';", "(".repeat(MAX_NESTING + 10));
        assert_eq!(too_deep(&src), None);
        let src = format!("x = {}1{};", "(".repeat(1_001), ")".repeat(1_001));
        assert!(src.len() < MAX_CHAIN && too_deep(&src).is_some());
    }

    #[test]
    fn refuses_100k_nested_parentheses() {
        let src = format!("x = {}1{};", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(
            too_deep(&src).as_deref(),
            Some("nesting deeper than 1000 levels")
        );
    }

    #[test]
    fn refuses_a_long_unbracketed_chain() {
        let src = format!("x = {}1;", "!".repeat(60_000));
        assert!(too_deep(&src).unwrap().contains("chain"));
        let src = format!("x = a{};", "+a".repeat(60_000));
        assert!(too_deep(&src).is_some());
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        let parens = "(".repeat(5_000);
        let src =
            format!("const a = '{parens}'; // {parens}\n/* {parens} */ const b = \"{parens}\";");
        assert_eq!(too_deep(&src), None);
    }

    #[test]
    fn an_apostrophe_in_jsx_text_does_not_hide_the_rest_of_the_file() {
        let src = format!(
            "<p>Don't</p>;\nx = {}1{};",
            "(".repeat(2_000),
            ")".repeat(2_000)
        );
        assert!(too_deep(&src).is_some());
    }

    #[test]
    fn accepts_ordinary_code_with_long_statement_lists() {
        let src =
            "function f(a, b) { return fetch(`${a}/x`, { method: 'POST' }); }\n".repeat(10_000);
        assert_eq!(too_deep(&src), None);
    }
}
