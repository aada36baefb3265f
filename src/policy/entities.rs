//! HTML character references in statement text: numeric ones and the named
//! ones statement pages use (punctuation, quotes, spaces, symbols).

/// Named references and their characters. Unknown names stay as written.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("shy", '\u{ad}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("ldquo", '\u{201c}'),
    ("rdquo", '\u{201d}'),
    ("sbquo", '\u{201a}'),
    ("bdquo", '\u{201e}'),
    ("laquo", '\u{ab}'),
    ("raquo", '\u{bb}'),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("hellip", '\u{2026}'),
    ("bull", '\u{2022}'),
    ("middot", '\u{b7}'),
    ("copy", '\u{a9}'),
    ("reg", '\u{ae}'),
    ("trade", '\u{2122}'),
    ("sect", '\u{a7}'),
    ("para", '\u{b6}'),
    ("deg", '\u{b0}'),
    ("euro", '\u{20ac}'),
    ("pound", '\u{a3}'),
    ("times", '\u{d7}'),
    ("rarr", '\u{2192}'),
    ("larr", '\u{2190}'),
    ("auml", '\u{e4}'),
    ("ouml", '\u{f6}'),
    ("uuml", '\u{fc}'),
    ("Auml", '\u{c4}'),
    ("Ouml", '\u{d6}'),
    ("Uuml", '\u{dc}'),
    ("szlig", '\u{df}'),
    ("eacute", '\u{e9}'),
    ("egrave", '\u{e8}'),
    ("aacute", '\u{e1}'),
    ("agrave", '\u{e0}'),
    ("ccedil", '\u{e7}'),
    ("ntilde", '\u{f1}'),
    ("oslash", '\u{f8}'),
    ("aring", '\u{e5}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
];

/// Longest reference name worth looking for (`&#x10FFFF;` and `&thinsp;` fit).
const MAX_REF: usize = 10;

/// `text` with character references decoded. A reference needs its `;`; an
/// invalid or unknown one is kept as written, as browsers show it.
pub(crate) fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .char_indices()
            .take(MAX_REF + 1)
            .find(|&(_, c)| c == ';')
            .and_then(|(semi, _)| reference(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // NUL and surrogates become the replacement character, as in browsers.
        return Some(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}'),
        );
    }
    NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_numeric_references() {
        assert_eq!(
            decode("AT&amp;T &ldquo;no&rdquo; &#8217; &#x41;&nbsp;b"),
            "AT&T \u{201c}no\u{201d} \u{2019} A\u{a0}b"
        );
    }

    #[test]
    fn unknown_unterminated_and_huge_references_stay_as_written() {
        assert_eq!(
            decode("a & b &bogus; &amp &#xFFFFFFFF; &#0;"),
            "a & b &bogus; &amp \u{fffd} \u{fffd}"
        );
        assert_eq!(
            decode("&#99999999999; &averyveryverylongname;"),
            "&#99999999999; &averyveryverylongname;"
        );
        assert_eq!(decode("&#xD800;"), "\u{fffd}");
        assert_eq!(decode("&"), "&");
    }
}
