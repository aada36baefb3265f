//! The JUnit XML report, for CI systems that show test results: each claim is
//! a test case (passed when supported, failed with the contradicting evidence,
//! skipped with the reason when unverifiable), and each manifest, code or
//! disclosure finding is a failed test case of a second suite per app.

use std::fmt::Write;

use super::order;
use crate::model::{Claim, Finding};
use crate::verify::{ClaimStatus, ClaimVerdict};
use crate::{AppResult, CheckResult};

/// Claim sentences longer than this are cut in test case names.
const MAX_NAME_CHARS: usize = 100;

/// One test case, before it is written out.
struct Case {
    name: String,
    classname: String,
    file: String,
    line: u32,
    outcome: Outcome,
}

enum Outcome {
    Passed,
    Failed {
        kind: String,
        message: String,
        body: String,
    },
    Skipped(String),
}

struct Suite {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }
}

/// Renders the JUnit XML document, ending with a newline.
pub fn render(result: &CheckResult) -> String {
    let suites: Vec<Suite> = result
        .apps
        .iter()
        .flat_map(|app| {
            let findings = findings_suite(app);
            std::iter::once(claims_suite(app))
                .chain((!findings.cases.is_empty()).then_some(findings))
        })
        .collect();
    let total = |f: fn(&Outcome) -> bool| suites.iter().map(|s| s.count(f)).sum::<usize>();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"claimcheck\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        total(|_| true),
        total(|o| matches!(o, Outcome::Failed { .. })),
        total(|o| matches!(o, Outcome::Skipped(_))),
    );
    for suite in &suites {
        write_suite(suite, &mut out);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite_name(kind: &str, app: &AppResult) -> String {
    if app.root == "." {
        kind.to_string()
    } else {
        format!("{kind}: {}", app.root)
    }
}

fn claims_suite(app: &AppResult) -> Suite {
    let mut properties = vec![("manifest", app.manifest.clone())];
    if let Some(policy) = &app.policy {
        properties.push(("statement", policy.clone()));
    }
    let mut cases: Vec<Case> = app
        .claims
        .iter()
        .map(|(claim, verdict)| claim_case(app, claim, verdict))
        .collect();
    if app.policy.is_none() {
        cases.push(Case {
            name: "privacy statement".into(),
            classname: app.manifest.clone(),
            file: app.manifest.clone(),
            line: 1,
            outcome: Outcome::Skipped(
                "no privacy statement found, so no claim was checked (use --policy FILE)".into(),
            ),
        });
    }
    Suite {
        name: suite_name("claims", app),
        properties,
        cases,
    }
}

fn claim_case(app: &AppResult, claim: &Claim, verdict: &ClaimVerdict) -> Case {
    let outcome = match verdict.status {
        ClaimStatus::Supported => Outcome::Passed,
        ClaimStatus::Unverifiable => Outcome::Skipped(
            verdict
                .reason
                .clone()
                .unwrap_or_else(|| "not verifiable statically".into()),
        ),
        ClaimStatus::Contradicted => contradicted(&order::evidence(app, claim), claim),
    };
    Case {
        name: format!(
            "{} {}: {}",
            claim.id,
            claim.kind.as_str(),
            truncate(&claim.text, MAX_NAME_CHARS)
        ),
        classname: claim.location.path.clone(),
        file: claim.location.path.clone(),
        line: claim.location.line,
        outcome,
    }
}

/// A contradicted claim fails with its evidence; when every piece of evidence
/// is suppressed it is skipped instead, with the justifications.
fn contradicted(evidence: &[&Finding], claim: &Claim) -> Outcome {
    let active: Vec<&&Finding> = evidence.iter().filter(|f| f.suppressed.is_none()).collect();
    if active.is_empty() && !evidence.is_empty() {
        let reasons: Vec<&str> = evidence
            .iter()
            .filter_map(|f| f.suppressed.as_deref())
            .collect();
        return Outcome::Skipped(format!(
            "contradicted only by suppressed findings: {}",
            reasons.join("; ")
        ));
    }
    let message = match active.as_slice() {
        [] => "contradicted".to_string(),
        [only] => format!("contradicted: {}", only.message),
        [first, rest @ ..] => format!(
            "contradicted by {} findings, first: {}",
            rest.len() + 1,
            first.message
        ),
    };
    let body = evidence
        .iter()
        .map(|f| evidence_line(f))
        .collect::<Vec<_>>()
        .join("\n");
    Outcome::Failed {
        kind: super::rules::claim_rule(claim.kind),
        message,
        body,
    }
}

fn evidence_line(finding: &Finding) -> String {
    let mut line = format!(
        "{} {}: {} [{}]",
        finding.location,
        finding.severity.as_str(),
        finding.message,
        finding.rule
    );
    if let Some(reason) = &finding.suppressed {
        line.push_str(&format!(" (suppressed: {reason})"));
    }
    line
}

fn findings_suite(app: &AppResult) -> Suite {
    let cases = order::other_findings(app)
        .into_iter()
        .map(|f| Case {
            name: format!("{} {}:{}", f.rule, f.location.path, f.location.line),
            classname: f.location.path.clone(),
            file: f.location.path.clone(),
            line: f.location.line,
            outcome: match &f.suppressed {
                Some(reason) => Outcome::Skipped(format!("suppressed: {reason}")),
                None => Outcome::Failed {
                    kind: f.rule.clone(),
                    message: f.message.clone(),
                    body: evidence_line(f),
                },
            },
        })
        .collect();
    Suite {
        name: suite_name("manifest, code and disclosure findings", app),
        properties: Vec::new(),
        cases,
    }
}

fn write_suite(suite: &Suite, out: &mut String) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        escape_attr(&suite.name),
        suite.cases.len(),
        suite.count(|o| matches!(o, Outcome::Failed { .. })),
        suite.count(|o| matches!(o, Outcome::Skipped(_))),
    );
    if !suite.properties.is_empty() {
        out.push_str("    <properties>\n");
        for (name, value) in &suite.properties {
            let _ = writeln!(
                out,
                "      <property name=\"{name}\" value=\"{}\"/>",
                escape_attr(value)
            );
        }
        out.push_str("    </properties>\n");
    }
    for case in &suite.cases {
        let open = format!(
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
            escape_attr(&case.name),
            escape_attr(&case.classname),
            escape_attr(&case.file),
            case.line
        );
        match &case.outcome {
            Outcome::Passed => {
                let _ = writeln!(out, "{open}/>");
            }
            Outcome::Skipped(reason) => {
                let _ = writeln!(out, "{open}>");
                let _ = writeln!(out, "      <skipped message=\"{}\"/>", escape_attr(reason));
                out.push_str("    </testcase>\n");
            }
            Outcome::Failed {
                kind,
                message,
                body,
            } => {
                let _ = writeln!(out, "{open}>");
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    escape_attr(message),
                    escape_attr(kind),
                    escape_text(body)
                );
                out.push_str("    </testcase>\n");
            }
        }
    }
    out.push_str("  </testsuite>\n");
}

/// `text` cut to `max` chars with an ellipsis.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Whether XML 1.0 allows `c` at all (section 2.2 `Char`); other control
/// characters cannot appear even as character references.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes element text: markup characters become entities, characters XML
/// 1.0 forbids become U+FFFD.
pub fn escape_text(text: &str) -> String {
    escape(text, false)
}

/// Escapes an attribute value like [`escape_text`], and also encodes tab and
/// line breaks so attribute normalisation does not turn them into spaces.
pub fn escape_attr(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimKind, Location, Related, Severity};

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape_text(r#"a & b < c > d "e" 'f'"#),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;"
        );
    }

    #[test]
    fn forbidden_control_characters_are_replaced_and_whitespace_kept() {
        assert_eq!(
            escape_text("a\u{0}b\u{1b}c\u{FFFE}d"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
        );
        assert_eq!(escape_text("x\ty\nz"), "x\ty\nz");
        assert_eq!(escape_attr("x\ty\nz\r"), "x&#9;y&#10;z&#13;");
        // Astral characters are valid XML and pass through.
        assert_eq!(escape_text("😀"), "😀");
    }

    #[test]
    fn long_sentences_are_cut_on_a_char_boundary() {
        let cut = truncate(&"é".repeat(150), 100);
        assert_eq!(cut.chars().count(), 100);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("short", 100), "short");
    }

    fn claim(id: &str, line: u32) -> (Claim, ClaimVerdict) {
        (
            Claim {
                id: id.into(),
                kind: ClaimKind::NoAnalytics,
                hedged: false,
                scope: None,
                text: "We use no <analytics> & no tracking.".into(),
                hosts: Vec::new(),
                exceptions: Vec::new(),
                because: Default::default(),
                location: Location::new("PRIVACY.md", line, None),
            },
            ClaimVerdict {
                claim_id: id.into(),
                status: ClaimStatus::Contradicted,
                reason: None,
            },
        )
    }

    fn evidence(claim: &str, line: u32, suppressed: Option<&str>) -> Finding {
        Finding {
            rule: "claim/no-analytics".into(),
            severity: Severity::Error,
            message: "imports mixpanel".into(),
            claim: Some(claim.into()),
            vendor: None,
            location: Location::new("src/a.js", line, Some(1)),
            related: vec![Related {
                location: Location::new("PRIVACY.md", if claim == "C1" { 3 } else { 9 }, None),
                message: format!("claim {claim}"),
            }],
            fingerprint: String::new(),
            suppressed: suppressed.map(str::to_string),
        }
    }

    #[test]
    fn contradicted_claims_fail_with_their_evidence_and_suppressed_ones_skip() {
        let app = order::test_app(
            vec![
                evidence("C1", 5, None),
                evidence("C1", 7, None),
                evidence("C2", 8, Some("consented users only")),
            ],
            vec![claim("C1", 3), claim("C2", 9)],
        );
        let xml = render(&order::test_result(
            std::path::Path::new("/nonexistent"),
            vec![app],
        ));
        assert!(xml.contains(
            "<testcase name=\"C1 no-analytics: We use no &lt;analytics&gt; &amp; no tracking.\" classname=\"PRIVACY.md\""
        ));
        assert!(xml.contains("message=\"contradicted by 2 findings, first: imports mixpanel\""));
        assert!(xml.contains("src/a.js:7:1 error: imports mixpanel [claim/no-analytics]"));
        assert!(xml.contains(
            "<skipped message=\"contradicted only by suppressed findings: consented users only\"/>"
        ));
        assert!(xml.contains("tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""));
    }
}
