//! `.env` files: one `KEY=value` per line (dotenv syntax: an optional
//! `export `, quoted or bare values, `#` comments). Each value is judged by the
//! rules a string literal in code is judged by, with the key as its name, so a
//! committed `.env` holding a live key is a hard-coded credential like any
//! other. The observation names the key and the kind, never the value.

use super::js::secrets::credential_assigned;
use crate::lines::{LineIndex, line_indices};
use crate::model::{Location, Observation, ObservationKind, Side};

/// The credentials assigned in a `.env` file, in line order.
pub fn scan_dotenv(rel_path: &str, source: &str, side: Side) -> Vec<Observation> {
    let lines = LineIndex::new(source);
    let mut out = Vec::new();
    for (line_start, line) in line_indices(source) {
        let Some(Assignment { key, value, at }) = assignment(line) else {
            continue;
        };
        if let Some(kind) = credential_assigned(key, value) {
            let (line, column) = lines.position(line_start + at);
            out.push(Observation::new(
                ObservationKind::Secret,
                side,
                format!("{kind} in `{key}`"),
                Location::new(rel_path, line, Some(column)),
            ));
        }
    }
    out
}

/// One `KEY=value` line: the key, the value without quotes or trailing
/// comment, and the byte offset of the value within the line.
#[derive(Debug, PartialEq, Eq)]
struct Assignment<'a> {
    key: &'a str,
    value: &'a str,
    at: usize,
}

fn assignment(line: &str) -> Option<Assignment<'_>> {
    let body = line.trim_start();
    if body.starts_with('#') {
        return None;
    }
    let body = body.strip_prefix("export ").unwrap_or(body);
    let (key, rest) = body.split_once('=')?;
    let key = key.trim();
    let valid_key = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    if key.is_empty() || !key.bytes().all(valid_key) {
        return None;
    }
    let raw = rest.trim_start();
    let raw_at = line.len() - raw.len();
    let (value, at) = match raw.as_bytes().first() {
        // A quoted value runs to its closing quote, or to the end of the line
        // when it continues on the next (a multi-line private key).
        Some(&quote @ (b'"' | b'\'' | b'`')) => {
            let inner = &raw[1..];
            let end = inner.find(char::from(quote)).unwrap_or(inner.len());
            (&inner[..end], raw_at + 1)
        }
        // A bare value ends at a ` #` comment.
        _ => {
            let end = raw.find(" #").unwrap_or(raw.len());
            (raw[..end].trim_end(), raw_at)
        }
    };
    (!value.is_empty()).then_some(Assignment { key, value, at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_lines_read_as_key_and_value_with_the_values_offset() {
        let read = |line| assignment(line).map(|a| (a.key, a.value, a.at));
        assert_eq!(read("A=b"), Some(("A", "b", 2)));
        assert_eq!(
            read("export  KEY = 'v a l' # note"),
            Some(("KEY", "v a l", 15))
        );
        assert_eq!(read("  URL=\"x#y\""), Some(("URL", "x#y", 7)));
        assert_eq!(read("TOKEN=abc # comment"), Some(("TOKEN", "abc", 6)));
        assert_eq!(read("PEM=\"-----BEGIN"), Some(("PEM", "-----BEGIN", 5)));
        for not_one in ["# A=b", "", "EMPTY=", "no equals", "=v", "BAD KEY=v"] {
            assert_eq!(read(not_one), None, "{not_one:?}");
        }
    }

    #[test]
    fn credentials_are_found_by_format_or_by_name_and_never_carry_the_value() {
        let source = "# local settings\n\
                      PORT=3000\n\
                      export STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n\
                      API_TOKEN=\"q8Zr2LmX7vKp3NwT9sYb4HcJ\"\n\
                      API_TOKEN_EXAMPLE=your-token-here\n\
                      GREETING=hello-there-general-kenobi\n";
        let found = scan_dotenv(".env", source, Side::Backend);
        let seen: Vec<(&str, u32, Option<u32>)> = found
            .iter()
            .map(|o| (o.detail.as_str(), o.location.line, o.location.column))
            .collect();
        assert_eq!(
            seen,
            [
                ("Stripe live secret key in `STRIPE_SECRET_KEY`", 3, Some(26)),
                ("high-entropy string in `API_TOKEN`", 4, Some(12)),
            ]
        );
        assert!(found.iter().all(|o| !o.detail.contains("sk_live")));
    }
}
