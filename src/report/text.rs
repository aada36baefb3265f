//! The human report: claims and their status, Runs-on-Atlassian prediction,
//! findings with the code line and the sentence they contradict, a summary.

use std::fmt::Write;

use super::snippet::{Snippets, fit};
use crate::model::{Finding, Location, Severity};
use crate::verify::ClaimStatus;
use crate::{AppResult, CheckResult};

/// How the text report looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// ANSI colours (the CLI turns them on for terminals without NO_COLOR).
    pub color: bool,
    /// Only the findings and the summary line.
    pub quiet: bool,
}

/// Renders the report a reviewer reads top to bottom.
pub fn render(result: &CheckResult, options: Options) -> String {
    let mut snippets = Snippets::new(result.root.clone());
    let paint = Paint(options.color);
    let mut out = String::new();
    for app in &result.apps {
        if options.quiet {
            for finding in &app.findings {
                render_finding(finding, &mut snippets, paint, &mut out);
            }
        } else {
            render_app(app, &mut snippets, paint, &mut out);
        }
    }
    render_summary(result, options.quiet, &mut out);
    out
}

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(self, severity: Severity) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Note => "1;36",
        };
        self.wrap(code, severity.as_str())
    }

    fn status(self, status: ClaimStatus) -> String {
        // pad before colouring so the escape codes do not break the columns
        match status {
            ClaimStatus::Supported => self.wrap("32", &format!("{:<12}", "supported")),
            ClaimStatus::Contradicted => self.wrap("1;31", &format!("{:<12}", "CONTRADICTED")),
            ClaimStatus::Unverifiable => self.wrap("2", &format!("{:<12}", "unverifiable")),
        }
    }
}

fn render_app(app: &AppResult, snippets: &mut Snippets, paint: Paint, out: &mut String) {
    let statement = app.policy.as_deref().unwrap_or("none found");
    let _ = writeln!(
        out,
        "App {} (manifest {}, statement {statement})",
        app.root, app.manifest
    );
    let _ = writeln!(out);
    render_claims(app, paint, out);
    render_eligibility(app, out);
    if app.findings.is_empty() {
        let _ = writeln!(out, "Findings: none\n");
    } else {
        let _ = writeln!(out, "Findings ({})\n", app.findings.len());
        for finding in &app.findings {
            render_finding(finding, snippets, paint, out);
        }
    }
    if !app.suppressed.is_empty() {
        let _ = writeln!(out, "Suppressed ({})", app.suppressed.len());
        for finding in &app.suppressed {
            let reason = finding.suppressed.as_deref().unwrap_or("");
            let _ = writeln!(out, "  {} {} ({reason})", finding.rule, finding.location);
        }
        let _ = writeln!(out);
    }
}

fn render_claims(app: &AppResult, paint: Paint, out: &mut String) {
    if app.policy.is_none() {
        let _ = writeln!(
            out,
            "Claims: no privacy statement found (looked for PRIVACY.md, PRIVACY_POLICY.md, docs/privacy*.md, *privacy*; use --policy FILE). Manifest checks still ran.\n"
        );
        return;
    }
    if app.claims.is_empty() {
        let _ = writeln!(
            out,
            "Claims: the statement makes no claim claimcheck recognises.\n"
        );
        return;
    }
    let _ = writeln!(out, "Claims ({})", app.claims.len());
    for (claim, verdict) in &app.claims {
        let status = paint.status(verdict.status);
        let mut tags = Vec::new();
        if claim.hedged {
            tags.push("hedged".to_string());
        }
        if let Some(scope) = &claim.scope {
            tags.push(format!("scope: {scope}"));
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", tags.join(", "))
        };
        let _ = writeln!(
            out,
            "  {:<4} {} {:<24} {}{tags}",
            claim.id,
            status,
            claim.kind.as_str(),
            claim.location
        );
        let _ = writeln!(out, "       \"{}\"", claim.text);
        let _ = writeln!(out, "       because: {}", claim.because);
        if let Some(reason) = &verdict.reason {
            let _ = writeln!(out, "       why unverifiable: {reason}");
        }
    }
    let _ = writeln!(out);
}

fn render_eligibility(app: &AppResult, out: &mut String) {
    if app.eligibility.runs_on_atlassian {
        let _ = writeln!(
            out,
            "Runs on Atlassian (predicted from the manifest): eligible\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "Runs on Atlassian (predicted from the manifest): not eligible"
    );
    for rule in &app.eligibility.failing {
        let _ = writeln!(out, "  {:<34} {}", rule.rule, rule.location);
    }
    let _ = writeln!(out);
}

fn render_finding(finding: &Finding, snippets: &mut Snippets, paint: Paint, out: &mut String) {
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        paint.severity(finding.severity),
        finding.rule,
        finding.message
    );
    let _ = writeln!(out, "  --> {}", finding.location);
    render_snippet(&finding.location, snippets, out);
    for related in &finding.related {
        let _ = writeln!(out, "   = {} ({})", related.message, related.location);
    }
    let _ = writeln!(out);
}

fn render_snippet(location: &Location, snippets: &mut Snippets, out: &mut String) {
    let Some(line) = snippets.line(&location.path, location.line) else {
        return;
    };
    let column = location.column.unwrap_or(1) as usize;
    let (text, column) = fit(&line, column);
    let number = location.line.to_string();
    let pad = " ".repeat(number.len());
    let _ = writeln!(out, " {pad} |");
    let _ = writeln!(out, " {number} | {text}");
    if location.column.is_some() {
        let _ = writeln!(out, " {pad} | {}^", " ".repeat(column.saturating_sub(1)));
    }
}

fn render_summary(result: &CheckResult, quiet: bool, out: &mut String) {
    let (errors, warnings, notes) = super::counts(result);
    let scanned: usize = result.apps.iter().map(|a| a.files_scanned).sum();
    let skipped: Vec<_> = result.apps.iter().flat_map(|a| &a.skipped).collect();
    let claims: usize = result.apps.iter().map(|a| a.claims.len()).sum();
    let contradicted = result
        .apps
        .iter()
        .flat_map(|a| &a.claims)
        .filter(|(_, v)| v.status == ClaimStatus::Contradicted)
        .count();
    if !skipped.is_empty() && !quiet {
        let _ = writeln!(out, "Not analysed ({})", skipped.len());
        for s in &skipped {
            let _ = writeln!(out, "  {}: {}", s.path, s.reason);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "Summary: {} app(s), {scanned} files scanned, {} not analysed; {claims} claims, {contradicted} contradicted; {errors} errors, {warnings} warnings, {notes} notes",
        result.apps.len(),
        skipped.len()
    );
}
