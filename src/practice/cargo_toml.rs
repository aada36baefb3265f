//! Cargo.toml: the catalogue crates a Rust backend declares.
//!
//! No TOML parser is in the tree, and none is needed: dependency tables have a
//! fixed shape. A table header is one line (`[dependencies]`,
//! `[target.'cfg(unix)'.dev-dependencies]`, `[dependencies.sentry]`), and each
//! dependency is one `name = "1.0"` or `name = { ... }` line (TOML 1.0 inline
//! tables cannot span lines; a TOML 1.1 multi-line one is skipped to its closing
//! brace). Reading lines this way also gives each key's line and column, which a
//! TOML parser would not. Everything outside dependency tables is ignored.

use crate::lines::LineIndex;
use crate::model::{Location, Observation, ObservationKind, Side};
use crate::rulesets::Catalogue;

/// One dependency a Cargo.toml declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoDep {
    /// The crate's real name (`package = "..."` when the key renames it).
    pub krate: String,
    /// `dependencies`, `dev-dependencies` or `build-dependencies`.
    pub table: &'static str,
    /// Byte offset of the key (or of the `[dependencies.name]` header).
    pub offset: usize,
}

impl CargoDep {
    /// Development and build dependencies never reach the deployed backend.
    pub fn is_dev(&self) -> bool {
        self.table != "dependencies"
    }
}

const TABLES: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];

/// Every dependency declared in `source`, in file order.
pub fn read_dependencies(source: &str) -> Result<Vec<CargoDep>, String> {
    let mut deps: Vec<CargoDep> = Vec::new();
    // The dependency table being read, and for `[dependencies.name]` tables the
    // index of that dependency (its `package = ` key renames it).
    let mut table: Option<&'static str> = None;
    let mut sub_table: Option<usize> = None;
    let mut open_braces = 0i32;
    for (number, (at, line)) in crate::lines::line_indices(source).enumerate() {
        let code = strip_comment(line).trim();
        if open_braces > 0 {
            open_braces = (open_braces + brace_balance(code)).max(0);
            continue;
        }
        if code.is_empty() {
            continue;
        }
        if code.starts_with('[') {
            let header = parse_header(code)
                .ok_or_else(|| format!("line {}: malformed table header", number + 1))?;
            (table, sub_table) = (None, None);
            let segments = header.segments;
            if header.array {
                continue;
            }
            if let Some(last) = segments.last()
                && let Some(t) = TABLES.iter().find(|t| *t == last)
            {
                table = Some(t);
            } else if segments.len() >= 2
                && let Some(t) = TABLES.iter().find(|t| **t == segments[segments.len() - 2])
            {
                let indent = line.len() - line.trim_start().len();
                deps.push(CargoDep {
                    krate: segments[segments.len() - 1].clone(),
                    table: t,
                    offset: at + indent,
                });
                sub_table = Some(deps.len() - 1);
            }
            continue;
        }
        let Some((key, value)) = code.split_once('=') else {
            continue;
        };
        let key = unquote(key.trim());
        let value = value.trim();
        if let Some(i) = sub_table {
            if key == "package"
                && let Some(real) = quoted_value(value)
            {
                deps[i].krate = real;
            }
            continue;
        }
        let Some(t) = table else {
            continue;
        };
        open_braces = brace_balance(value).max(0);
        // `sentry.version = "0.34"` (a dotted key) declares `sentry`.
        let name = key.split('.').next().map(unquote).unwrap_or(key);
        let krate = inline_package(value).unwrap_or_else(|| name.to_string());
        let indent = line.len() - line.trim_start().len();
        if deps
            .iter()
            .any(|d| d.krate == krate && d.table == t && key.contains('.'))
        {
            continue;
        }
        deps.push(CargoDep {
            krate,
            table: t,
            offset: at + indent,
        });
    }
    Ok(deps)
}

/// `dependency` observations for the catalogue crates a Cargo.toml declares.
/// Dev and build dependencies are `Side::Dev`; the location is the key.
pub fn scan_cargo_toml(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    let lines = LineIndex::new(source);
    let mut out = Vec::new();
    for dep in read_dependencies(source)? {
        let Some(vendor) = catalogue.vendor_for_crate(&dep.krate) else {
            continue;
        };
        if vendor.is_first_party() {
            continue;
        }
        let (line, column) = lines.position(dep.offset);
        let mut obs = Observation::new(
            ObservationKind::Dependency,
            if dep.is_dev() { Side::Dev } else { side },
            format!("{} ({})", dep.krate, dep.table),
            Location::new(rel_path, line, Some(column)),
        );
        obs.vendor = Some(vendor.id.clone());
        obs.categories = vendor.categories.clone();
        out.push(obs);
    }
    Ok(out)
}

struct Header {
    array: bool,
    segments: Vec<String>,
}

/// `[a.'b c'."d"]` -> segments a, b c, d; `[[bin]]` is an array of tables.
fn parse_header(code: &str) -> Option<Header> {
    let array = code.starts_with("[[");
    let inner = if array {
        code.strip_prefix("[[")?.strip_suffix("]]")?
    } else {
        code.strip_prefix('[')?.strip_suffix(']')?
    };
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, '.') => segments.push(std::mem::take(&mut current)),
            (None, c) if c.is_whitespace() => {}
            (None, c) => current.push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    segments.push(current);
    Some(Header { array, segments })
}

/// The line without a `#` comment (a `#` inside a string is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => return &line[..i],
            _ => {}
        }
    }
    line
}

fn brace_balance(code: &str) -> i32 {
    code.chars()
        .map(|c| match c {
            '{' | '[' => 1,
            '}' | ']' => -1,
            _ => 0,
        })
        .sum::<i32>()
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches(|c| c == '"' || c == '\'')
}

/// `"text"` -> text.
fn quoted_value(value: &str) -> Option<String> {
    let value = value.trim();
    let q = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &value[1..];
    Some(rest[..rest.find(q)?].to_string())
}

/// The `package = "..."` of an inline table, when the key renames the crate.
fn inline_package(value: &str) -> Option<String> {
    let inner = value.strip_prefix('{')?;
    let at = inner.find("package")?;
    let after = inner[at + "package".len()..]
        .trim_start()
        .strip_prefix('=')?;
    quoted_value(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulesets::Vendor;

    fn catalogue() -> Catalogue {
        let vendor = |id: &str, crates: &[&str]| Vendor {
            id: id.into(),
            name: id.into(),
            organisation: id.into(),
            categories: vec!["error-tracking".into()],
            crates: crates.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        };
        Catalogue::from_vendors(vec![
            vendor("sentry", &["sentry", "sentry-*"]),
            vendor("aws-s3", &["aws-sdk-s3"]),
            vendor("segment", &["analytics-rs"]),
        ])
    }

    const MANIFEST: &str = r#"[package]
name = "remote" # sentry = "decoy in a comment"
description = "sentry = \"not a dependency\""

[dependencies]
serde = { version = "1", features = ["derive"] }
"sentry" = "0.34" # error reports
track = { version = "0.3", package = "analytics-rs" }
tokio = { version = "1",
  features = ["full"] }

[dependencies.aws-sdk-s3]
version = "1"

[target.'cfg(unix)'.dev-dependencies]
sentry-test = "0.34"

[[bin]]
name = "sentry"
"#;

    #[test]
    fn reads_each_table_renames_and_sub_tables() {
        let found =
            scan_cargo_toml("remote/Cargo.toml", MANIFEST, Side::Remote, &catalogue()).unwrap();
        let seen: Vec<(&str, Side, u32, Option<u32>)> = found
            .iter()
            .map(|o| {
                (
                    o.detail.as_str(),
                    o.side,
                    o.location.line,
                    o.location.column,
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("sentry (dependencies)", Side::Remote, 7, Some(1)),
                ("analytics-rs (dependencies)", Side::Remote, 8, Some(1)),
                ("aws-sdk-s3 (dependencies)", Side::Remote, 12, Some(1)),
                ("sentry-test (dev-dependencies)", Side::Dev, 16, Some(1)),
            ]
        );
    }

    #[test]
    fn a_malformed_header_names_its_line() {
        let err = read_dependencies("[package]\n[dependencies\nx = 1\n").unwrap_err();
        assert_eq!(err, "line 2: malformed table header");
    }
}
