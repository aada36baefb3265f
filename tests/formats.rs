//! The report formats on every sample app: SARIF is valid against the OASIS
//! SARIF 2.1.0 schema and carries what GitHub code scanning needs, JUnit is
//! well-formed XML whose counts match the claims and findings, and the
//! Markdown report of two apps matches its snapshot under tests/snapshots/.
//! Set `UPDATE_SNAPSHOTS=1` to rewrite the snapshots after a deliberate
//! change, then review the diff.

mod common;
use common::{first_difference, sample_apps};

use std::path::Path;

use forge_claimcheck::report::{junit, markdown, rules, sarif};
use forge_claimcheck::verify::ClaimStatus;
use forge_claimcheck::{CheckOptions, CheckResult, check};
use serde_json::Value;

const SNAPSHOT_APPS: [&str; 2] = ["analytics-dashboard", "webhook-relay"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(app: &Path) -> CheckResult {
    check(app, &CheckOptions::default())
        .unwrap_or_else(|e| panic!("{}: check failed: {e:#}", app.display()))
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(manifest_dir().join("tests/data/sarif-schema-2.1.0.json"))
        .expect("vendored SARIF schema");
    let mut schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    drop_broken_language_pattern(&mut schema);
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The OASIS schema's pattern for `run.language` (and its twins) has a stray
/// `]` that is not a valid ECMA-262 regex, so a validator that checks the
/// schema's own formats rejects the whole schema. claimcheck never writes a
/// `language`, so dropping that one keyword (in memory; the vendored file stays
/// byte for byte as published) loses nothing.
fn drop_broken_language_pattern(node: &mut Value) {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match node {
        Value::Object(map) => {
            if map.get("pattern").and_then(Value::as_str) == Some(BROKEN) {
                map.remove("pattern");
            }
            map.values_mut().for_each(drop_broken_language_pattern);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_broken_language_pattern),
        _ => {}
    }
}

#[test]
fn sarif_is_schema_valid_and_has_what_github_code_scanning_requires() {
    let validator = sarif_validator();
    for app in sample_apps() {
        let result = run(&app);
        let text = sarif::render(&result);
        assert_eq!(
            text,
            sarif::render(&result),
            "{}: not deterministic",
            app.display()
        );
        assert!(
            !text.contains(env!("CARGO_MANIFEST_DIR")),
            "{}: absolute path in SARIF",
            app.display()
        );
        let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", app.display());

        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "claimcheck");
        let descriptors = driver["rules"].as_array().expect("rules");
        for doc in rules::RULES {
            assert!(
                descriptors.iter().any(|d| d["id"] == doc.id),
                "rule {} missing from tool.driver.rules",
                doc.id
            );
        }
        for d in descriptors {
            for field in ["id", "name"] {
                assert!(d[field].is_string(), "{d}");
            }
            for field in ["shortDescription", "fullDescription", "help"] {
                assert!(d[field]["text"].is_string(), "{field} of {d}");
            }
            assert!(d["help"]["markdown"].is_string(), "{d}");
            assert!(d["defaultConfiguration"]["level"].is_string(), "{d}");
        }

        let results = run["results"].as_array().expect("results");
        let findings: usize = result
            .apps
            .iter()
            .map(|a| a.findings.len() + a.suppressed.len())
            .sum();
        assert_eq!(results.len(), findings, "{}", app.display());
        for r in results {
            let rule = r["ruleId"].as_str().expect("ruleId");
            let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(descriptors[index]["id"], rule);
            assert!(
                rules::lookup(rule).is_some(),
                "{rule} is reported but not documented in report::rules"
            );
            assert!(
                matches!(r["level"].as_str(), Some("error" | "warning" | "note")),
                "{r}"
            );
            assert!(
                !r["message"]["text"]
                    .as_str()
                    .expect("message.text")
                    .is_empty()
            );
            let physical = &r["locations"][0]["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
            assert!(
                !uri.starts_with('/') && !uri.contains("://") && !uri.contains('\\'),
                "{uri} is not a relative forward-slash URI"
            );
            assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert!(physical["region"]["startLine"].as_u64().expect("startLine") >= 1);
            if let Some(related) = r["relatedLocations"].as_array() {
                for (i, rel) in related.iter().enumerate() {
                    assert_eq!(rel["id"], i + 1);
                    assert!(rel["message"]["text"].is_string());
                }
            }
        }
        // Claim findings point back at the sentence they contradict, with its text.
        for r in results.iter().filter(|r| {
            r["ruleId"]
                .as_str()
                .is_some_and(|id| id.starts_with("claim/"))
        }) {
            let related = r["relatedLocations"].as_array().expect("claim related");
            assert!(
                related.iter().any(|rel| rel["message"]["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("claim C"))),
                "{r}"
            );
        }
    }
}

#[test]
fn sarif_snippets_are_the_source_text_at_the_location() {
    let app = manifest_dir().join("sample-apps/analytics-dashboard");
    let log: Value = serde_json::from_str(&sarif::render(&run(&app))).expect("JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let segment = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/segment.js"
        })
        .expect("a result in src/segment.js");
    let physical = &segment["locations"][0]["physicalLocation"];
    let line = physical["region"]["startLine"].as_u64().expect("line") as usize;
    let source = std::fs::read_to_string(app.join("src/segment.js")).expect("source");
    let expected = source
        .lines()
        .nth(line - 1)
        .expect("line exists")
        .trim_end();
    assert_eq!(physical["contextRegion"]["snippet"]["text"], expected);
    let snippet = physical["region"]["snippet"]["text"]
        .as_str()
        .expect("snippet");
    assert!(expected.ends_with(snippet), "{snippet:?} vs {expected:?}");
}

/// Counts of `<testcase>` outcomes under one `<testsuite>`.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    tests: usize,
    failures: usize,
    skipped: usize,
}

fn counted(suite: roxmltree::Node) -> Counts {
    let mut counts = Counts::default();
    for case in suite.children().filter(|n| n.has_tag_name("testcase")) {
        counts.tests += 1;
        if case.children().any(|n| n.has_tag_name("failure")) {
            counts.failures += 1;
        }
        if case.children().any(|n| n.has_tag_name("skipped")) {
            counts.skipped += 1;
        }
    }
    counts
}

fn declared(node: roxmltree::Node) -> Counts {
    let attr = |name| {
        node.attribute(name)
            .unwrap_or_else(|| panic!("{name} attribute"))
            .parse()
            .expect("a count")
    };
    Counts {
        tests: attr("tests"),
        failures: attr("failures"),
        skipped: attr("skipped"),
    }
}

#[test]
fn junit_is_well_formed_with_one_case_per_claim_and_finding() {
    for app in sample_apps() {
        let result = run(&app);
        let xml = junit::render(&result);
        assert_eq!(xml, junit::render(&result));
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{}: malformed JUnit XML: {e}", app.display()));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let suites: Vec<_> = root
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        let mut total = Counts::default();
        for suite in &suites {
            let counts = counted(*suite);
            assert_eq!(declared(*suite), counts, "{}", app.display());
            total.tests += counts.tests;
            total.failures += counts.failures;
            total.skipped += counts.skipped;
        }
        assert_eq!(declared(root), total, "{}", app.display());

        let app_result = &result.apps[0];
        let claims = suites
            .iter()
            .find(|s| s.attribute("name") == Some("claims"))
            .expect("claims suite");
        let status = |s: ClaimStatus| {
            app_result
                .claims
                .iter()
                .filter(|(_, v)| v.status == s)
                .count()
        };
        // The sample apps suppress nothing, so every contradicted claim fails.
        assert_eq!(
            counted(*claims),
            Counts {
                tests: app_result.claims.len(),
                failures: status(ClaimStatus::Contradicted),
                skipped: status(ClaimStatus::Unverifiable),
            },
            "{}",
            app.display()
        );
        let others = app_result
            .findings
            .iter()
            .filter(|f| !f.rule.starts_with("claim/"))
            .count();
        let findings_suite = suites
            .iter()
            .find(|s| s.attribute("name") != Some("claims"));
        assert_eq!(
            findings_suite.map_or(0, |s| counted(*s).failures),
            others,
            "{}",
            app.display()
        );
    }
}

#[test]
fn markdown_reports_match_their_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut mismatches = Vec::new();
    for name in SNAPSHOT_APPS {
        let result = run(&manifest_dir().join("sample-apps").join(name));
        let actual = markdown::render(&result);
        assert_eq!(
            actual,
            markdown::render(&result),
            "{name}: not deterministic"
        );
        let path = manifest_dir().join(format!("tests/snapshots/{name}.md"));
        if update {
            std::fs::write(&path, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!("{} is missing; run with UPDATE_SNAPSHOTS=1", path.display())
        });
        if actual != expected {
            mismatches.push(format!("{name}:\n{}", first_difference(&expected, &actual)));
        }
    }
    assert!(
        mismatches.is_empty(),
        "Markdown differs from tests/snapshots (UPDATE_SNAPSHOTS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn every_markdown_report_has_its_sections_and_no_absolute_path() {
    for app in sample_apps() {
        let report = markdown::render(&run(&app));
        for section in [
            "# claimcheck report",
            "### Claims",
            "### Data flows",
            "### Runs on Atlassian",
            "### Findings",
            "### What was not checked and why",
        ] {
            assert!(report.contains(section), "{}: no {section}", app.display());
        }
        let verdict = report.lines().nth(2).expect("verdict line");
        assert!(
            verdict.starts_with('✅') || verdict.starts_with('❌') || verdict.starts_with('⚠'),
            "{verdict}"
        );
        assert!(
            !report.contains(env!("CARGO_MANIFEST_DIR")),
            "{}",
            app.display()
        );
    }
}

/// The validator is not vacuous: a result with a level SARIF does not define,
/// or a URI that is not a URI reference, is rejected.
#[test]
fn the_schema_rejects_what_sarif_forbids() {
    let validator = sarif_validator();
    let app = manifest_dir().join("sample-apps/analytics-dashboard");
    let log: Value = serde_json::from_str(&sarif::render(&run(&app))).expect("JSON");
    let mut bad_level = log.clone();
    bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad_level));
    let mut bad_uri = log;
    bad_uri["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "src/a b.js".into();
    assert!(!validator.is_valid(&bad_uri));
}

/// A vendor added with `--ruleset` is named in the Markdown report as in the
/// text report: the renderer uses the run's catalogue, not the embedded one.
#[test]
fn markdown_names_a_vendor_from_a_ruleset_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "manifest.yml",
        "app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000003\n  runtime:\n    name: nodejs22.x\nmodules:\n  function:\n    - key: main\n      handler: index.run\npermissions:\n  external:\n    fetch:\n      backend:\n        - address: https://api.acme-metrics.example\n",
    );
    write(
        "PRIVACY.md",
        "# Privacy\n\nWe do not collect any analytics or telemetry.\n",
    );
    write(
        "src/index.js",
        "export const run = async () => {\n  await fetch('https://api.acme-metrics.example/v1/track', { method: 'POST' });\n};\n",
    );
    write(
        "rules/vendors.yml",
        "vendors:\n  - id: acme-metrics\n    name: Acme Metrics Cloud\n    organisation: Acme Metrics Ltd\n    categories: [analytics]\n    hosts: [api.acme-metrics.example]\n",
    );
    let options = CheckOptions {
        rulesets: vec![root.join("rules/vendors.yml")],
        ..CheckOptions::default()
    };
    let result = check(root, &options).unwrap_or_else(|e| panic!("check failed: {e:#}"));
    let report = markdown::render(&result);
    assert!(report.contains("**Acme Metrics Cloud**"), "{report}");
    assert!(!report.contains("**acme-metrics**"), "{report}");
}
