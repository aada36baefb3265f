//! The small text formats inside HTML that name URLs: character references in
//! attribute values, absolute URLs, `srcset` candidate lists and the `url()` /
//! `@import` references of CSS.

use crate::url;

/// An attribute value with its character references decoded, remembering where
/// each decoded byte came from so positions still point into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decoded {
    pub text: String,
    /// `origin[i]` is the offset in the raw value of decoded byte `i`; one extra
    /// entry maps the end.
    origin: Vec<usize>,
}

impl Decoded {
    /// Offset in the raw value of decoded byte `i` (clamped to the end).
    pub fn raw_offset(&self, i: usize) -> usize {
        self.origin
            .get(i)
            .or(self.origin.last())
            .copied()
            .unwrap_or(0)
    }
}

/// Named references an attribute value is likely to use in a URL. Browsers know
/// about two thousand; these are the ones that appear in hand-written markup.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("quot", '"'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("nbsp", '\u{a0}'),
    ("sol", '/'),
    ("colon", ':'),
    ("period", '.'),
    ("comma", ','),
    ("quest", '?'),
    ("equals", '='),
    ("num", '#'),
    ("percnt", '%'),
    ("lpar", '('),
    ("rpar", ')'),
    ("Tab", '\t'),
    ("NewLine", '\n'),
];

/// The references HTML accepts without a `;` for compatibility (a subset of
/// the legacy list).
const LEGACY: &[&str] = &["amp", "quot", "lt", "gt", "nbsp"];

/// Decodes `&amp;`, `&quot;`, `&#39;`, `&#x2F;` and the other common references.
pub(super) fn decode(raw: &str) -> Decoded {
    let mut text = String::with_capacity(raw.len());
    let mut origin = Vec::with_capacity(raw.len() + 1);
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        if let Some((c, used)) = rest.strip_prefix('&').and_then(reference) {
            push(&mut text, &mut origin, c, i);
            i += 1 + used;
            continue;
        }
        // `i` is always on a character boundary: references are ASCII.
        let c = rest.chars().next().unwrap_or('\u{fffd}');
        push(&mut text, &mut origin, c, i);
        i += c.len_utf8();
    }
    origin.push(raw.len());
    Decoded { text, origin }
}

fn push(text: &mut String, origin: &mut Vec<usize>, c: char, at: usize) {
    text.push(c);
    origin.extend(std::iter::repeat_n(at, c.len_utf8()));
}

/// The character a reference after `&` stands for, and the bytes it used.
fn reference(after_amp: &str) -> Option<(char, usize)> {
    let bytes = after_amp.as_bytes();
    if let Some(num) = after_amp.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .bytes()
            .take_while(|b| (*b as char).is_digit(radix))
            .count();
        if len == 0 {
            return None;
        }
        // Out-of-range and surrogate code points become U+FFFD, as in browsers.
        let c = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        let semicolon = usize::from(digits.as_bytes().get(len) == Some(&b';'));
        return Some((c, skip + len + semicolon));
    }
    let len = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = &after_amp[..len];
    let &(_, c) = NAMED.iter().find(|(n, _)| *n == name)?;
    if bytes.get(len) == Some(&b';') {
        return Some((c, len + 1));
    }
    // Without `;`, only legacy names decode, and in attributes not before `=`
    // (so `?a=1&lt=2` keeps its query parameter).
    (LEGACY.contains(&name) && bytes.get(len) != Some(&b'=')).then_some((c, len))
}

/// Where a URL written in the document sends the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Dest {
    /// Another origin: lower-case host without port or credentials, and scheme.
    Absolute { host: String, scheme: String },
    /// A path, query or fragment: resolved against the document (or `<base>`).
    Relative,
    /// Nothing fetched over the network by host: `data:`, `blob:`,
    /// `javascript:`, `mailto:`, empty values, malformed hosts.
    None,
}

/// Classifies a URL as a browser would parse it: surrounding whitespace and
/// control characters are dropped, tabs and newlines inside are removed, and
/// backslashes count as slashes in http(s) URLs.
pub(super) fn destination(url: &str) -> Dest {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() {
        return Dest::None;
    }
    let is_slash = |c: char| c == '/' || c == '\\';
    let mut chars = cleaned.chars();
    if chars.next().is_some_and(is_slash) && chars.next().is_some_and(is_slash) {
        // Custom UI is served over https, so `//host` is https.
        return authority(cleaned.trim_start_matches(is_slash), "https");
    }
    match url::scheme_of(&cleaned) {
        Some((scheme, rest)) if scheme == "http" || scheme == "https" => {
            if rest.starts_with(is_slash) {
                authority(rest.trim_start_matches(is_slash), &scheme)
            } else {
                // `https:path` on an https page is a relative path.
                Dest::Relative
            }
        }
        Some(_) => Dest::None,
        None => Dest::Relative,
    }
}

fn authority(rest: &str, scheme: &str) -> Dest {
    let host = url::host_of(url::authority_of(rest));
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Dest::None;
    }
    Dest::Absolute {
        host,
        scheme: scheme.to_string(),
    }
}

/// The URLs of a `srcset` list with their byte offsets in `text`:
/// `a.png 1x, https://cdn/b.png 2x`. Follows the spec's outline: a candidate's
/// URL is a run of non-space characters; trailing commas end it; descriptors
/// run to the next comma outside parentheses.
pub(super) fn srcset_urls(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let is_sep = |b: u8| b.is_ascii_whitespace() || b == b',';
    let mut found = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && is_sep(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return found;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &text[start..i];
        if url.ends_with(',') {
            // `a.png,b.png`: the comma ended the candidate; no descriptors.
            url = url.trim_end_matches(',');
        } else {
            let mut depth = 0usize;
            while i < bytes.len() {
                match bytes[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
        if !url.is_empty() {
            found.push((start, url));
        }
    }
}

/// How CSS names a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CssRef {
    /// `@import "x"` or `@import url(x)`.
    Import,
    /// `url(x)` anywhere else (backgrounds, fonts, cursors).
    Url,
}

/// The URLs a style sheet or `style` attribute fetches, with byte offsets in
/// `css`. Comments and strings outside `url()`/`@import` are skipped, so
/// `content: "url(x)"` is not a load.
pub(super) fn css_urls(css: &str) -> Vec<(usize, &str, CssRef)> {
    let bytes = css.as_bytes();
    let mut found = Vec::new();
    let mut after_import = false;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"/*") {
            i = find_from(bytes, b"*/", i + 2).map_or(bytes.len(), |e| e + 2);
            continue;
        }
        if let quote @ (b'"' | b'\'') = bytes[i] {
            let end = string_end(bytes, i + 1, quote);
            if after_import {
                found.push((i + 1, &css[i + 1..end], CssRef::Import));
                after_import = false;
            }
            i = (end + 1).min(bytes.len());
            continue;
        }
        let at_word_start = i == 0 || !is_ident(bytes[i - 1]);
        if at_word_start && starts_with_ignore_case(rest, b"@import") {
            after_import = true;
            i += b"@import".len();
            continue;
        }
        if at_word_start && starts_with_ignore_case(rest, b"url(") {
            let mut j = i + 4;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (start, end, next) = match bytes.get(j) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = string_end(bytes, j + 1, quote);
                    let close = find_from(bytes, b")", end).map_or(bytes.len(), |c| c + 1);
                    (j + 1, end, close)
                }
                _ => {
                    let end = find_from(bytes, b")", j).unwrap_or(bytes.len());
                    (j, end, (end + 1).min(bytes.len()))
                }
            };
            let kind = if after_import {
                CssRef::Import
            } else {
                CssRef::Url
            };
            found.push((start, css[start..end].trim_end(), kind));
            after_import = false;
            i = next;
            continue;
        }
        if !bytes[i].is_ascii_whitespace() {
            after_import = false;
        }
        i += 1;
    }
    found
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn starts_with_ignore_case(hay: &[u8], prefix: &[u8]) -> bool {
    hay.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

/// Offset of the closing quote of a CSS string starting at `from` (or the end);
/// a backslash escapes the next character.
fn string_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn find_from(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abs(host: &str, scheme: &str) -> Dest {
        Dest::Absolute {
            host: host.into(),
            scheme: scheme.into(),
        }
    }

    #[test]
    fn decodes_common_references_and_keeps_raw_offsets() {
        let d = decode("https:&#x2F;&#47;a.example&#x2f;x?a=1&amp;b=&quot;&#39;");
        assert_eq!(d.text, "https://a.example/x?a=1&b=\"'");
        // The decoded `a` of the host came from raw offset 17.
        assert_eq!(d.raw_offset(d.text.find("a.ex").unwrap()), 17);
        assert_eq!(d.raw_offset(d.text.len()), 55);
    }

    #[test]
    fn query_parameters_that_look_like_references_survive() {
        assert_eq!(decode("?x=1&lt=2&copy=3&amp").text, "?x=1&lt=2&copy=3&");
        assert_eq!(decode("&#0;&#x110000;&#").text, "\u{fffd}\u{fffd}&#");
        assert_eq!(decode("é&amp;").text, "é&");
    }

    #[test]
    fn absolute_protocol_relative_and_relative_urls() {
        assert_eq!(
            destination(" HTTPS://User:pw@CDN.Example.com:8443/a "),
            abs("cdn.example.com", "https")
        );
        assert_eq!(
            destination("//fonts.example.net/x"),
            abs("fonts.example.net", "https")
        );
        assert_eq!(
            destination("\\\\evil.example\\x"),
            abs("evil.example", "https")
        );
        assert_eq!(destination("http://[::1]:80/"), abs("::1", "http"));
        assert_eq!(
            destination("ht\ntps://a.example/"),
            abs("a.example", "https")
        );
        assert_eq!(destination("/static/app.js"), Dest::Relative);
        assert_eq!(destination("img/a.png"), Dest::Relative);
        assert_eq!(destination("data:image/png;base64,AAAA"), Dest::None);
        assert_eq!(destination("javascript:alert(1)"), Dest::None);
        assert_eq!(destination("   "), Dest::None);
        assert_eq!(destination("https:///"), Dest::None);
    }

    #[test]
    fn srcset_candidates_with_and_without_descriptors() {
        // A comma inside a URL belongs to it; one that ends the URL ends the
        // candidate.
        let text = "a.png 1x, https://c.example/b.png 2x,//d.example/c,d.png, e.png, f.png 100w";
        let urls: Vec<&str> = srcset_urls(text).into_iter().map(|(_, u)| u).collect();
        assert_eq!(
            urls,
            [
                "a.png",
                "https://c.example/b.png",
                "//d.example/c,d.png",
                "e.png",
                "f.png"
            ]
        );
        let (at, _) = srcset_urls(text)[1];
        assert_eq!(&text[at..at + 5], "https");
        assert!(srcset_urls(" , ,").is_empty());
    }

    #[test]
    fn css_urls_skip_comments_and_plain_strings() {
        let css = "@import 'https://a.example/s.css';\n/* url(https://b.example/x) */\n\
                   p::before{content:\"url(https://c.example/)\"}\n\
                   @IMPORT url( \"https://d.example/t.css\" ) screen;\n\
                   body{background:URL(https://e.example/bg.png)}";
        let found: Vec<(&str, CssRef)> =
            css_urls(css).into_iter().map(|(_, u, k)| (u, k)).collect();
        assert_eq!(
            found,
            [
                ("https://a.example/s.css", CssRef::Import),
                ("https://d.example/t.css", CssRef::Import),
                ("https://e.example/bg.png", CssRef::Url),
            ]
        );
        assert!(css_urls("a{b:url(").len() == 1);
        assert!(css_urls("x: 'unterminated").is_empty());
    }
}
