//! The Markdown report: a release checklist a Marketplace reviewer reads. A
//! verdict line, then per app the claims table with evidence links, the
//! data-flow inventory grouped by destination, the Runs-on-Atlassian
//! prediction, the findings with their code lines, what was not checked and
//! why, and the help of every rule the report mentions.
//!
//! Links are relative to the scanned root (`src/a.js#L14`), so the report
//! works when written at the root of the repository it describes.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::order;
use super::rules;
use super::sarif::encode_uri_path;
use super::snippet::{Snippets, fit};
use crate::model::{Finding, Location, Observation, ObservationKind, Side};
use crate::rulesets::Catalogue;
use crate::url::origin;
use crate::verify::ClaimStatus;
use crate::{AppResult, CheckResult};

/// Locations listed per grouped inventory row before "and N more".
const MAX_LINKS: usize = 5;

/// Renders the Markdown report, ending with a newline.
pub fn render(result: &CheckResult) -> String {
    let catalogue = &result.catalogue;
    let mut snippets = Snippets::new(result.root.clone());
    let mut out = String::from("# claimcheck report\n\n");
    render_verdict(result, &mut out);
    for app in &result.apps {
        render_app(app, catalogue, &mut snippets, &mut out);
    }
    render_rule_help(result, &mut out);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn render_verdict(result: &CheckResult, out: &mut String) {
    let claims: Vec<ClaimStatus> = result
        .apps
        .iter()
        .flat_map(|a| a.claims.iter().map(|(_, v)| v.status))
        .collect();
    let contradicted = claims
        .iter()
        .filter(|s| **s == ClaimStatus::Contradicted)
        .count();
    let supported = claims
        .iter()
        .filter(|s| **s == ClaimStatus::Supported)
        .count();
    let unverifiable = claims.len() - contradicted - supported;
    let (errors, warnings, notes) = super::counts(result);
    let tally = format!(
        "{errors} {}, {warnings} {}, {notes} {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(notes, "note", "notes")
    );
    let verdict = if contradicted > 0 || errors > 0 {
        format!(
            "❌ **{contradicted} of {} {} contradicted** · {tally}",
            claims.len(),
            plural(claims.len(), "claim", "claims")
        )
    } else if warnings > 0 || notes > 0 {
        format!("⚠️ **No claim contradicted** · {tally}")
    } else if supported > 0 {
        format!(
            "✅ **All {supported} checkable {} supported** · no findings",
            plural(supported, "claim", "claims")
        )
    } else {
        "✅ **No findings** · no checkable claim in the statement".to_string()
    };
    let _ = writeln!(out, "{verdict}\n");
    let scanned: usize = result.apps.iter().map(|a| a.files_scanned).sum();
    let skipped: usize = result.apps.iter().map(|a| a.skipped.len()).sum();
    let _ = writeln!(
        out,
        "{} {}, {scanned} files scanned, {skipped} not analysed; {unverifiable} {} could not be checked. claimcheck {}.\n",
        result.apps.len(),
        plural(result.apps.len(), "app", "apps"),
        plural(unverifiable, "claim", "claims"),
        env!("CARGO_PKG_VERSION")
    );
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn render_app(app: &AppResult, catalogue: &Catalogue, snippets: &mut Snippets, out: &mut String) {
    let _ = writeln!(out, "## App `{}`\n", code(&app.root));
    let statement = match &app.policy {
        Some(p) => format!("[`{}`]({})", code(p), encode_uri_path(p)),
        None => "none found".to_string(),
    };
    let _ = writeln!(
        out,
        "Manifest: [`{}`]({}) · Statement: {statement}\n",
        code(&app.manifest),
        encode_uri_path(&app.manifest)
    );
    render_claims(app, out);
    render_inventory(app, catalogue, out);
    render_eligibility(app, out);
    render_findings(app, snippets, out);
    render_not_checked(app, out);
}

fn render_claims(app: &AppResult, out: &mut String) {
    out.push_str("### Claims\n\n");
    if app.policy.is_none() {
        out.push_str("No privacy statement was found, so no claim was checked (looked for PRIVACY.md, PRIVACY_POLICY.md, docs/privacy*.md, *privacy*; use `--policy FILE`). The manifest checks still ran.\n\n");
        return;
    }
    if app.claims.is_empty() {
        out.push_str("The statement makes no claim claimcheck recognises.\n\n");
        return;
    }
    out.push_str("| ID | Claim | Sentence | Status | Evidence |\n|---|---|---|---|---|\n");
    for (claim, verdict) in &app.claims {
        let mut kind = format!("`{}`", claim.kind.as_str());
        if claim.hedged {
            kind.push_str(" (hedged)");
        }
        if let Some(scope) = &claim.scope {
            let _ = write!(kind, " (about the {})", prose(scope));
        }
        let (status, evidence) = match verdict.status {
            ClaimStatus::Supported => ("✅ supported".to_string(), "—".to_string()),
            ClaimStatus::Unverifiable => (
                "➖ unverifiable".to_string(),
                verdict.reason.as_deref().map_or("—".into(), prose),
            ),
            ClaimStatus::Contradicted => {
                let links: Vec<String> = order::evidence(app, claim)
                    .iter()
                    .map(|f| {
                        let link = link(&f.location);
                        match f.suppressed {
                            Some(_) => format!("{link} (suppressed)"),
                            None => link,
                        }
                    })
                    .collect();
                (
                    "❌ contradicted".to_string(),
                    if links.is_empty() {
                        "—".to_string()
                    } else {
                        links.join(", ")
                    },
                )
            }
        };
        let _ = writeln!(
            out,
            "| [{}]({}) | {kind} | {} | {status} | {evidence} |",
            claim.id,
            anchor(&claim.location),
            prose(&claim.text)
        );
    }
    out.push('\n');
}

/// Where an observation's data ends up, for grouping the inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Flow {
    LeavesAtlassian,
    StaysOnAtlassian,
    Browser,
    EntryPointsAndCredentials,
    DevOnly,
}

impl Flow {
    fn heading(self) -> &'static str {
        match self {
            Flow::LeavesAtlassian => "Leaves Atlassian",
            Flow::StaysOnAtlassian => "Stays on Atlassian",
            Flow::Browser => "Stored in the user's browser",
            Flow::EntryPointsAndCredentials => "Entry points and credentials",
            Flow::DevOnly => "Development only (tests, scripts, devDependencies; not deployed)",
        }
    }
}

fn flow(obs: &Observation) -> Flow {
    if obs.side == Side::Dev {
        return Flow::DevOnly;
    }
    let atlassian = obs.vendor.as_deref() == Some("atlassian")
        || obs.categories.iter().any(|c| c == "atlassian");
    match obs.kind {
        ObservationKind::BrowserStorage => Flow::Browser,
        ObservationKind::ForgeStorage | ObservationKind::ProductApi => Flow::StaysOnAtlassian,
        ObservationKind::Secret | ObservationKind::PublicEndpoint => {
            Flow::EntryPointsAndCredentials
        }
        // Hidden code may send anything anywhere: a reviewer reads it first.
        ObservationKind::Obscured => Flow::LeavesAtlassian,
        ObservationKind::NetworkCall
        | ObservationKind::Sdk
        | ObservationKind::SdkCall
        | ObservationKind::Dependency
        | ObservationKind::Remote
        | ObservationKind::ExternalAuth => {
            if atlassian {
                Flow::StaysOnAtlassian
            } else {
                Flow::LeavesAtlassian
            }
        }
    }
}

/// The destination an outbound observation is grouped under.
fn destination(obs: &Observation, catalogue: &Catalogue) -> String {
    if let Some(vendor) = &obs.vendor {
        let name = catalogue
            .by_id(vendor)
            .map_or(vendor.as_str(), |v| v.name.as_str());
        return format!("**{}**", prose(name));
    }
    match (&obs.host, obs.kind) {
        (Some(host), ObservationKind::Remote) => format!("Forge Remote `{}`", code(host)),
        (Some(host), _) => format!("`{}`", code(host)),
        (None, ObservationKind::Remote) => "Forge Remote".to_string(),
        (None, ObservationKind::ExternalAuth) => "External auth provider".to_string(),
        (None, _) => "URL computed at run time".to_string(),
    }
}

fn what(obs: &Observation) -> String {
    let mut text = format!("{} `{}`", obs.kind.as_str(), code(&obs.detail));
    if let (Some(host), ObservationKind::NetworkCall) = (&obs.host, obs.kind) {
        let scheme = obs.scheme.as_deref().unwrap_or("https");
        let _ = write!(text, " → `{}`", code(&origin(scheme, host)));
    }
    text
}

fn render_inventory(app: &AppResult, catalogue: &Catalogue, out: &mut String) {
    out.push_str("### Data flows\n\n");
    if app.inventory.is_empty() {
        out.push_str(
            "The code and manifest show no network calls, SDKs, storage or entry points.\n\n",
        );
        return;
    }
    let mut by_flow: BTreeMap<Flow, Vec<&Observation>> = BTreeMap::new();
    for obs in &app.inventory {
        by_flow.entry(flow(obs)).or_default().push(obs);
    }
    if !by_flow.contains_key(&Flow::LeavesAtlassian) {
        out.push_str("#### Leaves Atlassian\n\nNothing: no code or manifest entry sends data to a non-Atlassian destination.\n\n");
    }
    for (flow, observations) in &by_flow {
        let _ = writeln!(out, "#### {}\n", flow.heading());
        if *flow == Flow::LeavesAtlassian {
            render_outbound(observations, catalogue, out);
        } else {
            render_grouped(observations, out);
        }
    }
}

/// One row per observation, grouped by destination, with the vendor's categories.
fn render_outbound(observations: &[&Observation], catalogue: &Catalogue, out: &mut String) {
    let mut rows: Vec<(String, &Observation)> = observations
        .iter()
        .map(|o| (destination(o, catalogue), *o))
        .collect();
    rows.sort_by(|a, b| (&a.0, &a.1.location).cmp(&(&b.0, &b.1.location)));
    out.push_str("| Destination | Categories | What | Side | Where |\n|---|---|---|---|---|\n");
    let mut previous: Option<&str> = None;
    for (dest, obs) in &rows {
        let shown = if previous == Some(dest.as_str()) {
            ""
        } else {
            dest.as_str()
        };
        previous = Some(dest);
        let categories = if obs.categories.is_empty() {
            "—".to_string()
        } else {
            prose(&obs.categories.join(", "))
        };
        let _ = writeln!(
            out,
            "| {shown} | {categories} | {} | {} | {} |",
            what(obs),
            obs.side.as_str(),
            link(&obs.location)
        );
    }
    out.push('\n');
}

/// Rows of the same kind, detail and side share one line with their locations.
fn render_grouped(observations: &[&Observation], out: &mut String) {
    let mut groups: BTreeMap<(String, &str), Vec<&Location>> = BTreeMap::new();
    for obs in observations {
        groups
            .entry((what(obs), obs.side.as_str()))
            .or_default()
            .push(&obs.location);
    }
    out.push_str("| What | Side | Where |\n|---|---|---|\n");
    for ((what, side), mut locations) in groups {
        locations.sort();
        let mut links: Vec<String> = locations.iter().take(MAX_LINKS).map(|l| link(l)).collect();
        if locations.len() > MAX_LINKS {
            links.push(format!("and {} more", locations.len() - MAX_LINKS));
        }
        let _ = writeln!(out, "| {what} | {side} | {} |", links.join(", "));
    }
    out.push('\n');
}

fn render_eligibility(app: &AppResult, out: &mut String) {
    out.push_str("### Runs on Atlassian\n\n");
    if app.eligibility.runs_on_atlassian {
        out.push_str("✅ Eligible, as predicted from the manifest (Atlassian decides on the deployed version).\n\n");
        return;
    }
    out.push_str("❌ Not eligible, as predicted from the manifest (Atlassian decides on the deployed version). Failing rules:\n\n");
    out.push_str("| Rule | Meaning | Where |\n|---|---|---|\n");
    let mut failing: Vec<_> = app.eligibility.failing.iter().collect();
    failing.sort();
    for rule in failing {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            rule.rule,
            eligibility_meaning(rule.rule),
            link(&rule.location)
        );
    }
    out.push('\n');
}

/// What Atlassian's rule names mean (forge-facts.md section 2).
fn eligibility_meaning(rule: &str) -> &'static str {
    match rule {
        "HAS_REMOTES" => "the app uses remote services",
        "HAS_CONNECT_MODULES" => "the app has Connect modules",
        "HAS_DEFINED_EGRESS" => "egress that is not analytics without end-user data",
        "HAS_EXPOSED_CREDENTIALS" => "the app exposes credentials",
        "HAS_NON_DARE_COMPLIANT_SQL_MODULE" => "an SQL module that is not data-residency compliant",
        "HAS_EGRESS_WEBTRIGGER_MODULE" => "a web trigger with a dynamic response can egress data",
        _ => "see Atlassian's Runs on Atlassian rules",
    }
}

fn render_findings(app: &AppResult, snippets: &mut Snippets, out: &mut String) {
    let all = order::findings(app);
    let (active, suppressed): (Vec<&Finding>, Vec<&Finding>) =
        all.into_iter().partition(|f| f.suppressed.is_none());
    let _ = writeln!(out, "### Findings ({})\n", active.len());
    if active.is_empty() {
        out.push_str("None.\n\n");
    }
    for finding in &active {
        render_finding(finding, snippets, out);
    }
    if !suppressed.is_empty() {
        let _ = writeln!(out, "#### Suppressed ({})\n", suppressed.len());
        for finding in &suppressed {
            let _ = writeln!(
                out,
                "- `{}` at {}: {} — **justification:** {}",
                finding.rule,
                link(&finding.location),
                message(&finding.message),
                prose(finding.suppressed.as_deref().unwrap_or_default())
            );
        }
        out.push('\n');
    }
}

fn render_finding(finding: &Finding, snippets: &mut Snippets, out: &mut String) {
    let icon = match finding.severity {
        crate::model::Severity::Error => "❌",
        crate::model::Severity::Warning => "⚠️",
        crate::model::Severity::Note => "ℹ️",
    };
    let _ = writeln!(
        out,
        "{icon} **{}** `{}` at {}\n",
        finding.severity.as_str(),
        finding.rule,
        link(&finding.location)
    );
    let _ = writeln!(out, "{}\n", message(&finding.message));
    if let Some(line) = snippets.line(&finding.location.path, finding.location.line) {
        let column = finding.location.column.unwrap_or(1) as usize;
        let (text, _) = fit(&line, column);
        let fence = fence_for(&text);
        let _ = writeln!(
            out,
            "{fence}{}\n{text}\n{fence}\n",
            language(&finding.location.path)
        );
    }
    for related in &finding.related {
        let _ = writeln!(
            out,
            "- {} — {}",
            prose(&related.message),
            link(&related.location)
        );
    }
    if !finding.related.is_empty() {
        out.push('\n');
    }
}

/// A backtick fence longer than any backtick run in `text`.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

/// The fenced-code language for a file, from its extension.
fn language(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "js" | "mjs" | "cjs" => "javascript",
        "jsx" => "jsx",
        "ts" | "mts" | "cts" => "typescript",
        "tsx" => "tsx",
        "yml" | "yaml" => "yaml",
        "json" => "json",
        "html" | "htm" => "html",
        "md" | "markdown" => "markdown",
        "rs" => "rust",
        "css" => "css",
        "vue" => "vue",
        "svelte" => "svelte",
        "toml" => "toml",
        _ => "text",
    }
}

fn render_not_checked(app: &AppResult, out: &mut String) {
    out.push_str("### What was not checked and why\n\n");
    let mut any = false;
    if app.policy.is_none() {
        out.push_str("- No privacy statement was found, so no claim was checked.\n");
        any = true;
    }
    for (claim, verdict) in &app.claims {
        if verdict.status == ClaimStatus::Unverifiable {
            let reason = verdict
                .reason
                .as_deref()
                .unwrap_or("not verifiable statically");
            let _ = writeln!(
                out,
                "- Claim [{}]({}) “{}”: {}",
                claim.id,
                anchor(&claim.location),
                prose(&claim.text),
                prose(reason)
            );
            any = true;
        }
    }
    let mut runtime: Vec<&Observation> = app
        .inventory
        .iter()
        .filter(|o| o.kind == ObservationKind::NetworkCall && o.host.is_none())
        .collect();
    runtime.sort_by(|a, b| a.location.cmp(&b.location));
    for obs in runtime {
        let _ = writeln!(
            out,
            "- `{}` at {}: the URL is computed at run time, so its destination is unknown.",
            code(&obs.detail),
            link(&obs.location)
        );
        any = true;
    }
    for skipped in &app.skipped {
        let _ = writeln!(
            out,
            "- File `{}` was not analysed: {}.",
            code(&skipped.path),
            prose(skipped.reason.trim_end_matches('.'))
        );
        any = true;
    }
    if !any {
        out.push_str(
            "Every claim was checkable, every file was analysed and every destination was known.\n",
        );
    }
    out.push('\n');
}

/// What, why and how to fix for each rule the report mentions.
fn render_rule_help(result: &CheckResult, out: &mut String) {
    let mut used: Vec<&str> = result
        .apps
        .iter()
        .flat_map(order::findings)
        .map(|f| f.rule.as_str())
        .collect();
    used.sort_unstable();
    used.dedup();
    let docs: Vec<_> = used.into_iter().filter_map(rules::lookup).collect();
    if docs.is_empty() {
        return;
    }
    out.push_str("## Rules in this report\n\n");
    for doc in docs {
        let _ = writeln!(
            out,
            "- **`{}`**: {} *Why it matters:* {} *How to fix:* {}",
            doc.id, doc.finds, doc.why, doc.fix
        );
    }
    out.push('\n');
}

/// `[path:line](path#Lline)`.
fn link(location: &Location) -> String {
    format!(
        "[{}:{}]({})",
        prose(&location.path),
        location.line,
        anchor(location)
    )
}

fn anchor(location: &Location) -> String {
    format!("{}#L{}", encode_uri_path(&location.path), location.line)
}

/// Untrusted prose (statement sentences, reasons, names) for a table cell or
/// list item: one line, with Markdown and HTML punctuation escaped so it
/// renders as written and cannot break the table or inject markup.
fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// claimcheck's own messages keep their `code` spans; only what would break a
/// table row or open HTML is escaped.
fn message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '|' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text inside a `code span`: backticks cannot be escaped there, so they are
/// replaced; `|` is escaped because GitHub splits table cells before parsing
/// code spans.
fn code(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '`' => "'".to_string(),
            '|' => "\\|".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, ClaimKind, Severity};
    use crate::verify::ClaimVerdict;

    #[test]
    fn table_cells_escape_pipes_and_markup() {
        assert_eq!(prose("a | b"), "a \\| b");
        assert_eq!(prose("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(prose("line\nbreak"), "line break");
        assert_eq!(code("a|b`c"), "a\\|b'c");
        assert_eq!(message("`api.fetch` | x"), "`api.fetch` \\| x");
    }

    #[test]
    fn fences_outgrow_backticks_in_the_snippet() {
        assert_eq!(fence_for("let x = 1;"), "```");
        assert_eq!(fence_for("const s = ````;"), "`````");
    }

    #[test]
    fn languages_follow_the_extension() {
        assert_eq!(language("src/a.TSX"), "tsx");
        assert_eq!(language("manifest.yml"), "yaml");
        assert_eq!(language("Makefile"), "text");
    }

    #[test]
    fn a_clean_app_gets_a_green_verdict_and_a_contradiction_a_red_one() {
        let claim = Claim {
            id: "C1".into(),
            kind: ClaimKind::NoAnalytics,
            hedged: false,
            scope: None,
            text: "No analytics | none".into(),
            hosts: Vec::new(),
            exceptions: Vec::new(),
            because: Default::default(),
            location: Location::new("PRIVACY.md", 2, None),
        };
        let verdict = |status| ClaimVerdict {
            claim_id: "C1".into(),
            status,
            reason: None,
        };
        let clean = order::test_app(
            Vec::new(),
            vec![(claim.clone(), verdict(ClaimStatus::Supported))],
        );
        let report = render(&order::test_result(
            std::path::Path::new("/nonexistent"),
            vec![clean],
        ));
        assert!(report.contains("✅ **All 1 checkable claim supported** · no findings"));
        assert!(report.contains(
            "| [C1](PRIVACY.md#L2) | `no-analytics` | No analytics \\| none | ✅ supported | — |"
        ));
        let finding = Finding {
            rule: "claim/no-analytics".into(),
            severity: Severity::Error,
            message: "imports `mixpanel-browser`".into(),
            claim: Some("C1".into()),
            vendor: None,
            location: Location::new("src/a b.js", 3, Some(1)),
            related: Vec::new(),
            fingerprint: String::new(),
            suppressed: None,
        };
        let dirty = order::test_app(
            vec![finding],
            vec![(claim, verdict(ClaimStatus::Contradicted))],
        );
        let report = render(&order::test_result(
            std::path::Path::new("/nonexistent"),
            vec![dirty],
        ));
        assert!(report.contains("❌ **1 of 1 claim contradicted** · 1 error, 0 warnings, 0 notes"));
        assert!(report.contains("❌ contradicted | [src/a b.js:3](src/a%20b.js#L3) |"));
        assert!(report.contains("`claim/no-analytics`"));
    }
}
