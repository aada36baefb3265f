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
    let mut depth = 0usize;
    let mut chain = 0usize;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let word_byte = b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
        if !word_byte {
            in_word = false;
        }
        match b {
            b'\'' | b'"' => {
                i = skip_string(bytes, i);
                chain += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = find(bytes, i + 2, b"\n");
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").saturating_add(2);
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
            _ if word_byte => {
                // A word counts once, at its first byte.
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

/// The index after a quoted string starting at `start`; strings end at their
/// quote or at a line break (JSX text like `Don't` must not swallow the file).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index of `needle` at or after `from`, or the end of input.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
        .map_or(bytes.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

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
