//! The SARIF 2.1.0 report for code-scanning UIs (GitHub, GitLab, IDE viewers):
//! one run, every rule documented in `tool.driver.rules`, one result per
//! finding with a relative location, snippet, related locations (the claim's
//! sentence, the manifest entry), a fingerprint and suppressions.
//!
//! URIs are relative to the scanned root under the `%SRCROOT%` base id. The
//! run deliberately has no `originalUriBaseIds`: the only truthful value would
//! be an absolute path of this machine, which would make the output differ
//! between checkouts; GitHub resolves `%SRCROOT%`-relative URIs against the
//! repository root.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::rules::{RULES, RuleDoc};
use super::snippet::Snippets;
use crate::model::{Finding, Location, Related, Severity};
use crate::{AppResult, CheckResult};

/// The URI of the schema the output follows (OASIS errata 01 location).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base id every artifact URI is relative to: the scanned root.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of claimcheck's own fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "claimcheck/v1";

/// Lines longer than this (minified bundles) get no snippet: a snippet must be
/// the region's exact text, and megabytes of it help nobody.
const MAX_SNIPPET_CHARS: usize = 1000;

/// The marker of an inline suppression comment (see `gate::suppress`).
const INLINE_MARKER: &str = "claimcheck-ignore";

/// Renders the SARIF log, pretty-printed, ending with a newline.
pub fn render(result: &CheckResult) -> String {
    let mut snippets = Snippets::new(result.root.clone());
    let mut entries: Vec<(&AppResult, &Finding)> = result
        .apps
        .iter()
        .flat_map(|app| {
            super::order::findings(app)
                .into_iter()
                .map(move |f| (app, f))
        })
        .collect();
    entries.sort_by(|(_, a), (_, b)| {
        (&a.location, &a.rule, &a.message).cmp(&(&b.location, &b.rule, &b.message))
    });
    let (rules, index) = rule_table(entries.iter().map(|(_, f)| f.rule.as_str()));
    let results: Vec<Value> = entries
        .iter()
        .map(|(app, finding)| {
            let rule_index = index.get(finding.rule.as_str()).copied().unwrap_or(0);
            result_object(app, finding, rule_index, &mut snippets)
        })
        .collect();
    let mut driver = object_of([
        ("name", json!("claimcheck")),
        ("version", json!(env!("CARGO_PKG_VERSION"))),
        ("semanticVersion", json!(env!("CARGO_PKG_VERSION"))),
        ("rules", Value::Array(rules)),
    ]);
    let information = information_uri();
    if !information.is_empty() {
        driver["informationUri"] = json!(information);
    }
    let run = object_of([
        ("tool", object_of([("driver", driver)])),
        ("columnKind", json!("utf16CodeUnits")),
        ("invocations", Value::Array(vec![invocation(result)])),
        ("results", Value::Array(results)),
    ]);
    let log = object_of([
        ("$schema", json!(SCHEMA_URI)),
        ("version", json!("2.1.0")),
        ("runs", Value::Array(vec![run])),
    ]);
    // Serialising a Value cannot fail; fall back rather than panic if it did.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

/// A JSON object of `entries`, in order. The values are moved in: `json!`
/// would copy a `Value` argument through serialisation, which for the results
/// array of a large tree costs more than rendering it.
fn object_of<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

/// The project's home page from Cargo metadata; empty while the package
/// declares none (SARIF then omits `informationUri` rather than invent one).
fn information_uri() -> &'static str {
    let repository = env!("CARGO_PKG_REPOSITORY");
    if repository.is_empty() {
        env!("CARGO_PKG_HOMEPAGE")
    } else {
        repository
    }
}

/// Every documented rule in table order, then any rule id a result uses that
/// the table lacks (so `ruleIndex` is always valid), with each id's index.
fn rule_table<'a>(used: impl Iterator<Item = &'a str>) -> (Vec<Value>, BTreeMap<String, usize>) {
    let mut rules: Vec<Value> = RULES.iter().map(descriptor).collect();
    let mut index: BTreeMap<String, usize> = RULES
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.to_string(), i))
        .collect();
    let mut unknown: Vec<&str> = used.filter(|id| !index.contains_key(*id)).collect();
    unknown.sort_unstable();
    unknown.dedup();
    for id in unknown {
        index.insert(id.to_string(), rules.len());
        rules.push(json!({
            "id": id,
            "name": pascal_case(id),
            "shortDescription": { "text": id },
        }));
    }
    (rules, index)
}

fn descriptor(rule: &RuleDoc) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.short },
        "fullDescription": { "text": rule.finds },
        "help": { "text": rule.help_text(), "markdown": rule.help_markdown() },
        "defaultConfiguration": { "level": level(rule.level) },
        "properties": { "tags": rule.tags },
    })
}

/// `manifest/unused-egress` -> `ManifestUnusedEgress`, for rules outside the table.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn result_object(
    app: &AppResult,
    finding: &Finding,
    rule_index: usize,
    snippets: &mut Snippets,
) -> Value {
    let related = related_entries(app, finding);
    let mut object = Map::new();
    object.insert("ruleId".into(), json!(finding.rule));
    object.insert("ruleIndex".into(), json!(rule_index));
    object.insert("level".into(), json!(level(finding.severity)));
    object.insert(
        "message".into(),
        json!({ "text": message_text(&finding.message, &related) }),
    );
    object.insert(
        "locations".into(),
        Value::Array(vec![object_of([(
            "physicalLocation",
            physical_location(&finding.location, snippets),
        )])]),
    );
    if !related.is_empty() {
        let locations: Vec<Value> = related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                object_of([
                    ("id", json!(i + 1)),
                    ("physicalLocation", physical_location(&r.location, snippets)),
                    ("message", json!({ "text": r.message })),
                ])
            })
            .collect();
        object.insert("relatedLocations".into(), Value::Array(locations));
    }
    if !finding.fingerprint.is_empty() {
        object.insert(
            "partialFingerprints".into(),
            json!({ FINGERPRINT_KEY: finding.fingerprint }),
        );
    }
    if let Some(reason) = &finding.suppressed {
        object.insert(
            "suppressions".into(),
            json!([{
                "kind": suppression_kind(&finding.location, snippets),
                "status": "accepted",
                "justification": reason,
            }]),
        );
    }
    let mut properties = Map::new();
    if let Some(claim) = &finding.claim {
        properties.insert("claim".into(), json!(claim));
    }
    if let Some(vendor) = &finding.vendor {
        properties.insert("vendor".into(), json!(vendor));
    }
    if !properties.is_empty() {
        object.insert("properties".into(), Value::Object(properties));
    }
    Value::Object(object)
}

/// The finding's related entries, plus its claim's sentence when the finding
/// names a claim but does not already point at it.
fn related_entries(app: &AppResult, finding: &Finding) -> Vec<Related> {
    let mut related = finding.related.clone();
    let claim = finding
        .claim
        .as_ref()
        .and_then(|id| app.claims.iter().find(|(c, _)| &c.id == id));
    if let Some((claim, _)) = claim
        && !related.iter().any(|r| r.location == claim.location)
    {
        related.insert(
            0,
            Related {
                location: claim.location.clone(),
                message: format!("claim {}: {}", claim.id, claim.text),
            },
        );
    }
    related
}

/// The message with embedded links to the related locations (SARIF 3.11.6),
/// which viewers render as links to the claim's sentence. Literal brackets and
/// backslashes are escaped so they are not read as links.
fn message_text(message: &str, related: &[Related]) -> String {
    let mut text = escape_message(message);
    if !related.is_empty() {
        let links: Vec<String> = related
            .iter()
            .enumerate()
            .map(|(i, r)| format!("[{}]({})", escape_message(&r.message), i + 1))
            .collect();
        text.push_str(" (see ");
        text.push_str(&links.join(", "));
        text.push(')');
    }
    text
}

fn escape_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `inSource` when a `claimcheck-ignore` comment sits on the finding's line or
/// the line above (where inline suppressions apply), else `external` (the
/// config file or a baseline).
fn suppression_kind(location: &Location, snippets: &mut Snippets) -> &'static str {
    let lines = [location.line, location.line.saturating_sub(1)];
    let inline = lines.into_iter().filter(|l| *l > 0).any(|l| {
        snippets
            .line(&location.path, l)
            .is_some_and(|text| text.contains(INLINE_MARKER))
    });
    if inline { "inSource" } else { "external" }
}

fn physical_location(location: &Location, snippets: &mut Snippets) -> Value {
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), artifact_location(&location.path));
    if location.line == 0 {
        return Value::Object(physical);
    }
    let column = location.column.filter(|c| *c > 0);
    let source = snippets
        .line(&location.path, location.line)
        .filter(|l| l.chars().count() <= MAX_SNIPPET_CHARS);
    let mut region = Map::new();
    region.insert("startLine".into(), json!(location.line));
    if let Some(column) = column {
        region.insert("startColumn".into(), json!(column));
    }
    if let Some(line) = &source {
        // A region with a start column and no end runs to the end of the line;
        // its snippet is exactly that text, and the whole line goes in the
        // context region.
        let start = column.map_or(0, |c| char_index(line, c));
        let from_column: String = line.chars().skip(start).collect();
        region.insert("snippet".into(), json!({ "text": from_column }));
        physical.insert("region".into(), Value::Object(region));
        if start > 0 {
            physical.insert(
                "contextRegion".into(),
                json!({ "startLine": location.line, "snippet": { "text": line } }),
            );
        }
    } else {
        physical.insert("region".into(), Value::Object(region));
    }
    Value::Object(physical)
}

fn artifact_location(path: &str) -> Value {
    json!({ "uri": encode_uri_path(path), "uriBaseId": SRCROOT })
}

/// The char index of a 1-based UTF-16 column within `line` (clamped to its end).
fn char_index(line: &str, column: u32) -> usize {
    let target = column.saturating_sub(1) as usize;
    let mut units = 0;
    for (index, c) in line.chars().enumerate() {
        if units >= target {
            return index;
        }
        units += c.len_utf16();
    }
    line.chars().count()
}

/// A relative path as a URI reference: forward slashes kept, every byte other
/// than RFC 3986 unreserved characters percent-encoded (so spaces, `#`, `?`,
/// `%`, `:` and non-ASCII names survive).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Files the run could not analyse, as tool notifications: evidence may hide
/// in them, so a reader of the SARIF log should know.
fn invocation(result: &CheckResult) -> Value {
    let mut skipped: Vec<_> = result.apps.iter().flat_map(|a| &a.skipped).collect();
    skipped.sort();
    let notifications: Vec<Value> = skipped
        .iter()
        .map(|s| {
            let physical = object_of([("artifactLocation", artifact_location(&s.path))]);
            object_of([
                ("level", json!("note")),
                (
                    "message",
                    json!({ "text": format!("not analysed: {}", s.reason) }),
                ),
                (
                    "locations",
                    Value::Array(vec![object_of([("physicalLocation", physical)])]),
                ),
            ])
        })
        .collect();
    let mut invocation = json!({ "executionSuccessful": true });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    invocation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{ClaimStatus, ClaimVerdict};
    use std::path::PathBuf;

    fn finding(rule: &str, path: &str, line: u32, column: Option<u32>) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Error,
            message: "calls [x] via `fetch`".into(),
            claim: None,
            vendor: None,
            location: Location::new(path, line, column),
            related: Vec::new(),
            fingerprint: String::new(),
            suppressed: None,
        }
    }

    fn app(findings: Vec<Finding>) -> AppResult {
        super::super::order::test_app(findings, Vec::new())
    }

    fn render_in(dir: &std::path::Path, app: AppResult) -> Value {
        let result = super::super::order::test_result(dir, vec![app]);
        serde_json::from_str(&render(&result)).unwrap()
    }

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        assert_eq!(encode_uri_path("src/a b#1.js"), "src/a%20b%231.js");
        assert_eq!(encode_uri_path("static/é.js"), "static/%C3%A9.js");
        assert_eq!(encode_uri_path("c:d\\e.js"), "c%3Ad/e.js");
    }

    #[test]
    fn utf16_columns_map_to_chars_after_astral_characters() {
        // "😀" is two UTF-16 units: column 4 is the `f` of fetch.
        assert_eq!(char_index("😀 fetch()", 4), 2);
        assert_eq!(char_index("abc", 99), 3);
        assert_eq!(char_index("abc", 1), 0);
    }

    #[test]
    fn snippet_runs_from_the_column_and_context_holds_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/a.js"), "x;\nconst r = fetch(u);\n").unwrap();
        let log = render_in(
            dir.path(),
            app(vec![finding(
                "manifest/undeclared-egress",
                "src/a.js",
                2,
                Some(11),
            )]),
        );
        let result = &log["runs"][0]["results"][0];
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "src/a.js");
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(physical["region"]["snippet"]["text"], "fetch(u);");
        assert_eq!(
            physical["contextRegion"]["snippet"]["text"],
            "const r = fetch(u);"
        );
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], "manifest/undeclared-egress");
        assert_eq!(result["message"]["text"], "calls \\[x\\] via `fetch`");
        assert!(result.get("partialFingerprints").is_none());
    }

    #[test]
    fn suppressions_say_whether_the_comment_is_in_the_source() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.js"),
            "// claimcheck-ignore claim/no-analytics -- consented\ntrack();\nother();\n",
        )
        .unwrap();
        let mut inline = finding("claim/no-analytics", "a.js", 2, Some(1));
        inline.suppressed = Some("consented".into());
        inline.fingerprint = "abc123".into();
        let mut external = finding("claim/no-analytics", "a.js", 3, Some(1));
        external.suppressed = Some("accepted in config".into());
        let log = render_in(dir.path(), app(vec![external, inline]));
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
        assert_eq!(results[0]["suppressions"][0]["justification"], "consented");
        assert_eq!(results[0]["partialFingerprints"]["claimcheck/v1"], "abc123");
        assert_eq!(results[1]["suppressions"][0]["kind"], "external");
    }

    #[test]
    fn a_finding_naming_a_claim_links_to_its_sentence() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(vec![{
            let mut f = finding("claim/no-analytics", "a.js", 1, Some(1));
            f.claim = Some("C1".into());
            f
        }]);
        a.claims.push((
            crate::model::Claim {
                id: "C1".into(),
                kind: crate::model::ClaimKind::NoAnalytics,
                hedged: false,
                scope: None,
                text: "We collect no analytics.".into(),
                hosts: Vec::new(),
                exceptions: Vec::new(),
                because: Default::default(),
                location: Location::new("PRIVACY.md", 4, None),
            },
            ClaimVerdict {
                claim_id: "C1".into(),
                status: ClaimStatus::Contradicted,
                reason: None,
            },
        ));
        let log = render_in(dir.path(), a);
        let result = &log["runs"][0]["results"][0];
        let related = &result["relatedLocations"][0];
        assert_eq!(related["id"], 1);
        assert_eq!(
            related["physicalLocation"]["artifactLocation"]["uri"],
            "PRIVACY.md"
        );
        assert_eq!(related["physicalLocation"]["region"]["startLine"], 4);
        let text = result["message"]["text"].as_str().unwrap();
        assert!(
            text.ends_with("(see [claim C1: We collect no analytics.](1))"),
            "{text}"
        );
        assert_eq!(result["properties"]["claim"], "C1");
    }

    #[test]
    fn unknown_rules_get_a_descriptor_so_indexes_stay_valid() {
        let log = render_in(
            &PathBuf::from("/nonexistent"),
            app(vec![finding("config/odd-rule", "x.js", 1, None)]),
        );
        let run = &log["runs"][0];
        let index = run["results"][0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            "config/odd-rule"
        );
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["name"],
            "ConfigOddRule"
        );
    }
}
