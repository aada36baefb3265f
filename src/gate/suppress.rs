//! Suppressions: inline `claimcheck-ignore <rule> -- <reason>` comments (on the
//! flagged line or the line above) and `suppressions:` in the config file.
//! A reason is required; a suppression without one suppresses nothing and is
//! reported (`suppression/missing-reason`), and one that matches no finding is
//! reported too (`suppression/unused`), so stale ignores do not pile up.

use globset::{Glob, GlobMatcher};

use super::SourceLines;
use crate::config::ConfigSuppression;
use crate::lines::LineStarts;
use crate::model::{Finding, Location, Severity};

/// What opens an inline suppression comment.
pub const MARKER: &str = "claimcheck-ignore";

/// One inline suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineSuppression {
    /// Rule ids, or prefixes ending in `*` (`claim/*`).
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub location: Location,
}

impl InlineSuppression {
    fn covers(&self, finding: &Finding) -> bool {
        let same_file = self.location.path == finding.location.path;
        let line = self.location.line;
        let near = finding.location.line == line || finding.location.line == line + 1;
        same_file && near && self.rules.iter().any(|r| rule_matches(r, &finding.rule))
    }
}

fn rule_matches(pattern: &str, rule: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => rule.starts_with(prefix),
        None => pattern == rule,
    }
}

/// Inline suppressions in the text of `path`: the first marker of each line
/// that sits in a comment.
pub fn find_inline(path: &str, text: &str) -> Vec<InlineSuppression> {
    let mut found = Vec::new();
    // Lines are indexed only once a marker turns up, so a file without one
    // costs a single substring search.
    let mut starts: Option<LineStarts> = None;
    let mut last_line = None;
    for (at, _) in text.match_indices(MARKER) {
        let starts = starts.get_or_insert_with(|| LineStarts::of(text));
        let line_number = starts.line_of(at);
        if last_line == Some(line_number) {
            continue;
        }
        last_line = Some(line_number);
        let Some(line) = starts.line(text, line_number) else {
            continue;
        };
        let marker = at - starts.start_of(line_number);
        if !in_comment(&line[..marker]) {
            continue;
        }
        let rest = strip_comment_close(&line[marker + MARKER.len()..]);
        let (rules, reason) = match rest.split_once("--") {
            Some((rules, reason)) => (rules, Some(reason.trim()).filter(|r| !r.is_empty())),
            None => (rest, None),
        };
        let column = line[..marker].encode_utf16().count() as u32 + 1;
        found.push(InlineSuppression {
            rules: rules
                .split([',', ' ', '\t'])
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
            reason: reason.map(str::to_string),
            location: Location::new(path, line_number, Some(column)),
        });
    }
    found
}

/// Whether the text before the marker opens a comment in any language the tool
/// reads (JS/TS/Rust `//` and `/* */`, YAML `#`, HTML `<!--`).
fn in_comment(before: &str) -> bool {
    before.contains("//")
        || before.contains('#')
        || before.contains("/*")
        || before.contains("<!--")
        || before.trim_start().starts_with('*')
}

fn strip_comment_close(text: &str) -> &str {
    let text = text.trim();
    let text = text.strip_suffix("-->").unwrap_or(text);
    text.strip_suffix("*/").unwrap_or(text).trim()
}

/// Findings split into (active, suppressed), plus findings about the
/// suppressions themselves. `files` are the paths whose comments count.
pub fn apply(
    findings: Vec<Finding>,
    files: &[String],
    sources: &mut SourceLines,
    config: &[ConfigSuppression],
    config_path: Option<&str>,
) -> (Vec<Finding>, Vec<Finding>, Vec<Finding>) {
    let inline: Vec<InlineSuppression> = files
        .iter()
        .flat_map(|path| {
            sources
                .text(path)
                .map(|text| find_inline(path, text))
                .unwrap_or_default()
        })
        .collect();
    let globs: Vec<Option<GlobMatcher>> = config
        .iter()
        .map(|s| {
            s.path
                .as_deref()
                .and_then(|p| Glob::new(p).ok())
                .map(|g| g.compile_matcher())
        })
        .collect();
    let mut inline_used = vec![false; inline.len()];
    let mut config_used = vec![false; config.len()];
    let (mut active, mut suppressed) = (Vec::new(), Vec::new());
    for mut finding in findings {
        let by_comment = inline
            .iter()
            .enumerate()
            .find(|(_, s)| s.reason.is_some() && s.covers(&finding));
        let by_config = config.iter().enumerate().find(|(i, s)| {
            rule_matches(&s.rule, &finding.rule)
                && globs[*i]
                    .as_ref()
                    .is_none_or(|g| g.is_match(&finding.location.path))
        });
        if let Some((i, s)) = by_comment {
            inline_used[i] = true;
            finding.suppressed = s.reason.clone();
            suppressed.push(finding);
        } else if let Some((i, s)) = by_config {
            config_used[i] = true;
            finding.suppressed = Some(s.reason.clone());
            suppressed.push(finding);
        } else {
            active.push(finding);
        }
    }
    let mut about = Vec::new();
    for (s, used) in inline.iter().zip(&inline_used) {
        if s.reason.is_none() {
            about.push(suppression_finding(
                "suppression/missing-reason",
                format!(
                    "`{MARKER} {}` has no reason; write `{MARKER} <rule> -- <why>` (it suppresses nothing until then)",
                    s.rules.join(",")
                ),
                s.location.clone(),
            ));
        } else if !used {
            about.push(suppression_finding(
                "suppression/unused",
                format!(
                    "`{MARKER} {}` matches no finding here; remove it",
                    s.rules.join(",")
                ),
                s.location.clone(),
            ));
        }
    }
    for (s, used) in config.iter().zip(&config_used) {
        if !used {
            about.push(suppression_finding(
                "suppression/unused",
                format!(
                    "the config suppression of `{}` matches no finding; remove it",
                    s.rule
                ),
                Location::new(
                    config_path.unwrap_or(crate::config::FILE_NAME),
                    s.line,
                    None,
                ),
            ));
        }
    }
    (active, suppressed, about)
}

fn suppression_finding(rule: &str, message: String, location: Location) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity: Severity::Warning,
        message,
        claim: None,
        vendor: None,
        location,
        related: Vec::new(),
        fingerprint: String::new(),
        suppressed: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, path: &str, line: u32) -> Finding {
        let mut f = suppression_finding(rule, "m".into(), Location::new(path, line, Some(1)));
        f.severity = Severity::Error;
        f
    }

    #[test]
    fn comments_in_each_language_are_read_and_code_is_not() {
        let js = "x(); // claimcheck-ignore claim/no-analytics -- consented telemetry\nconst s = 'claimcheck-ignore claim/x -- no';\n";
        let found = find_inline("a.js", js);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rules, ["claim/no-analytics"]);
        assert_eq!(found[0].reason.as_deref(), Some("consented telemetry"));
        let yaml = "x: 1\r\n\n    - address: '*' # claimcheck-ignore manifest/wildcard-egress -- partner rotates hosts # claimcheck-ignore x\r\n";
        assert_eq!(
            find_inline("manifest.yml", yaml),
            [InlineSuppression {
                rules: vec!["manifest/wildcard-egress".into()],
                reason: Some("partner rotates hosts # claimcheck-ignore x".into()),
                location: Location::new("manifest.yml", 3, Some(22)),
            }]
        );
        let html = "<!-- claimcheck-ignore claim/* -- vendor widget -->\n";
        assert_eq!(
            find_inline("i.html", html)[0].reason.as_deref(),
            Some("vendor widget")
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_for_suppressions_as_it_does_for_findings() {
        // Old Mac line endings: the scan puts `track()` on line 3, so the
        // comment must be on line 2 to cover it, not on a single line 1.
        let js = "init();\r// claimcheck-ignore claim/no-analytics -- approved\rtrack();\r";
        let found = find_inline("a.js", js);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, Location::new("a.js", 2, Some(4)));
        assert_eq!(found[0].reason.as_deref(), Some("approved"));
        assert!(found[0].covers(&finding("claim/no-analytics", "a.js", 3)));
        assert!(!found[0].covers(&finding("claim/no-analytics", "a.js", 4)));
    }

    #[test]
    fn a_suppression_needs_a_reason_and_must_be_used() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.js"),
            "// claimcheck-ignore claim/no-analytics -- approved in review #12\ntrack();\n// claimcheck-ignore claim/no-error-tracking\nreport();\n// claimcheck-ignore manifest/unused-egress -- stale\n",
        )
        .unwrap();
        let mut sources = SourceLines::new(dir.path().to_path_buf());
        let findings = vec![
            finding("claim/no-analytics", "a.js", 2),
            finding("claim/no-error-tracking", "a.js", 4),
        ];
        let (active, suppressed, about) =
            apply(findings, &["a.js".into()], &mut sources, &[], None);
        assert_eq!(suppressed.len(), 1);
        assert_eq!(
            suppressed[0].suppressed.as_deref(),
            Some("approved in review #12")
        );
        assert_eq!(active.len(), 1, "a reasonless ignore suppresses nothing");
        let rules: Vec<(&str, u32)> = about
            .iter()
            .map(|f| (f.rule.as_str(), f.location.line))
            .collect();
        assert_eq!(
            rules,
            [("suppression/missing-reason", 3), ("suppression/unused", 5)]
        );
    }

    #[test]
    fn config_suppressions_match_rule_and_path_glob() {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = SourceLines::new(dir.path().to_path_buf());
        let config = [
            ConfigSuppression {
                rule: "manifest/wildcard-egress".into(),
                path: Some("apps/*/manifest.yml".into()),
                reason: "reviewed".into(),
                line: 4,
            },
            ConfigSuppression {
                rule: "claim/*".into(),
                path: Some("legacy/**".into()),
                reason: "legacy code".into(),
                line: 8,
            },
        ];
        let findings = vec![
            finding("manifest/wildcard-egress", "apps/a/manifest.yml", 3),
            finding("manifest/wildcard-egress", "manifest.yml", 3),
        ];
        let (active, suppressed, about) = apply(
            findings,
            &[],
            &mut sources,
            &config,
            Some(".claimcheck.yml"),
        );
        assert_eq!((active.len(), suppressed.len()), (1, 1));
        assert_eq!(about.len(), 1);
        assert_eq!(about[0].location, Location::new(".claimcheck.yml", 8, None));
    }
}
