//! CI-gate habits end to end: baselines, suppressions, config, several outputs
//! in one run, and the listing commands.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn claimcheck() -> Command {
    Command::cargo_bin("claimcheck").expect("binary built")
}

mod common;
use common::{MINIMAL_MANIFEST, write};

/// An app whose statement promises no analytics while the backend calls Segment
/// (declared egress, without `category: analytics`: one error, one warning).
fn analytics_app(dir: &Path) {
    write(
        dir,
        "manifest.yml",
        "app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000001\n  runtime:\n    name: nodejs22.x\nmodules:\n  function:\n    - key: main\n      handler: index.run\npermissions:\n  external:\n    fetch:\n      backend:\n        - address: https://api.segment.io\n",
    );
    write(
        dir,
        "PRIVACY.md",
        "# Privacy\n\nWe do not collect any analytics or telemetry.\n",
    );
    write(
        dir,
        "src/index.js",
        "export const run = async () => {\n  await fetch('https://api.segment.io/v1/track', { method: 'POST' });\n};\n",
    );
}

fn json_findings(dir: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let output = claimcheck()
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("runs");
    let code = output.status.code().expect("exit code");
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "JSON on stdout; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (value, code)
}

#[test]
fn a_baseline_lets_known_findings_pass_and_fails_on_new_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    analytics_app(dir.path());
    let baseline = dir.path().join("baseline.json");
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .arg("--write-baseline")
        .arg(&baseline)
        .assert()
        .code(0);
    let (report, code) = json_findings(
        dir.path(),
        &["--baseline", baseline.to_str().expect("utf-8")],
    );
    assert_eq!(code, 0, "{report:#}");
    assert!(report["findings"].as_array().expect("array").is_empty());
    assert!(
        !report["suppressed"]
            .as_array()
            .expect("baselined findings listed")
            .is_empty()
    );

    // A line moved by an unrelated edit keeps its fingerprint...
    write(
        dir.path(),
        "src/index.js",
        "// telemetry\n\nexport const run = async () => {\n  await fetch('https://api.segment.io/v1/track', { method: 'POST' });\n};\n",
    );
    let (_, code) = json_findings(
        dir.path(),
        &["--baseline", baseline.to_str().expect("utf-8")],
    );
    assert_eq!(code, 0);
    // ...and a new call is the only finding that fails the run.
    write(
        dir.path(),
        "src/extra.js",
        "export const more = () => fetch('https://api.segment.io/v1/page');\n",
    );
    let (report, code) = json_findings(
        dir.path(),
        &["--baseline", baseline.to_str().expect("utf-8")],
    );
    assert_eq!(code, 1);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["location"]["path"].as_str().expect("path"))
        .collect();
    assert!(
        !paths.is_empty() && paths.iter().all(|p| *p == "src/extra.js"),
        "{paths:?}"
    );
}

#[test]
fn an_inline_suppression_needs_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    analytics_app(dir.path());
    write(
        dir.path(),
        "src/index.js",
        "export const run = async () => {\n  // claimcheck-ignore claim/no-analytics -- consented product telemetry, see DPA 4.2\n  await fetch('https://api.segment.io/v1/track', { method: 'POST' });\n};\n",
    );
    let (report, code) = json_findings(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    let suppressed = &report["suppressed"][0];
    assert_eq!(suppressed["rule"], "claim/no-analytics");
    assert_eq!(
        suppressed["suppressed"],
        "consented product telemetry, see DPA 4.2"
    );

    write(
        dir.path(),
        "src/index.js",
        "export const run = async () => {\n  // claimcheck-ignore claim/no-analytics\n  await fetch('https://api.segment.io/v1/track', { method: 'POST' });\n};\n",
    );
    let (report, code) = json_findings(dir.path(), &[]);
    assert_eq!(code, 1);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert!(
        rules.contains(&"claim/no-analytics") && rules.contains(&"suppression/missing-reason"),
        "{rules:?}"
    );
}

#[test]
fn config_severity_and_unknown_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    analytics_app(dir.path());
    write(
        dir.path(),
        ".claimcheck.yml",
        "severity:\n  claim/no-analytics: warning\n",
    );
    let (_, code) = json_findings(dir.path(), &[]);
    assert_eq!(
        code, 0,
        "an error demoted to a warning no longer fails the default gate"
    );
    write(
        dir.path(),
        ".claimcheck.yml",
        "severty:\n  claim/no-analytics: warning\n",
    );
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".claimcheck.yml:1:"));
}

#[test]
fn several_outputs_in_one_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    analytics_app(dir.path());
    let out = tempfile::tempdir().expect("tempdir");
    let json = out.path().join("r.json");
    let markdown = out.path().join("r.md");
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .arg("--output")
        .arg(format!("json={}", json.display()))
        .arg("--output")
        .arg(format!("markdown={}", markdown.display()))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("claim/no-analytics"));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).expect("json written")).expect("valid");
    assert_eq!(report["summary"]["errors"], 1);
    assert!(
        std::fs::read_to_string(markdown)
            .expect("markdown written")
            .contains("no-analytics")
    );
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .args(["--output", "pdf=x.pdf"])
        .assert()
        .code(2);
}

#[test]
fn listing_commands() {
    claimcheck()
        .args(["vendors", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\": \"sentry\""));
    let dir = tempfile::tempdir().expect("tempdir");
    analytics_app(dir.path());
    claimcheck()
        .arg("claims")
        .arg(dir.path().join("PRIVACY.md"))
        .assert()
        .success()
        .stdout(predicate::str::contains("no-analytics"));
    claimcheck()
        .arg("inventory")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("segment"));
}

#[test]
fn explain_documents_rules_and_refuses_unknown_ones() {
    claimcheck()
        .args(["explain", "manifest/wildcard-egress"])
        .assert()
        .success()
        .stdout(predicate::str::contains("How to fix"));
    claimcheck()
        .args(["explain", "claim/no-such-thing"])
        .assert()
        .code(2);
}

#[test]
fn listing_answers_become_claims_located_in_the_listing() {
    let dir = tempfile::tempdir().expect("tempdir");
    analytics_app(dir.path());
    let listing = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/statements/listing.json");
    let (report, _) = json_findings(dir.path(), &["--listing", listing.to_str().expect("utf-8")]);
    let from_listing = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter(|c| {
            c["location"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("listing.json"))
        })
        .count();
    assert!(from_listing > 0, "{report:#}");
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"dataAccessAndStorage\": {\n    \"appProcessEUDOutsideAtlassian\" false\n  }\n}\n",
    )
    .expect("write");
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .arg("--listing")
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json:3:"));
}

/// A lockfile that does not parse is listed as not analysed and, like any file
/// the tool could not read, leaves claims it could contradict unverifiable
/// (README "What it checks"): it may pull in a vendor's package.
#[test]
fn a_malformed_lockfile_leaves_claims_unverifiable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "manifest.yml", MINIMAL_MANIFEST);
    write(
        root,
        "PRIVACY.md",
        "# Privacy\n\nWe do not collect any analytics or telemetry.\n",
    );
    write(
        root,
        "src/index.js",
        "export const run = async () => 'ok';\n",
    );
    write(
        root,
        "package.json",
        "{\"name\": \"app\", \"dependencies\": {\"@forge/api\": \"^5.0.0\"}}\n",
    );
    write(
        root,
        "package-lock.json",
        "{\"lockfileVersion\": 3, \"packages\": {\n",
    );
    let (report, _) = json_findings(root, &[]);
    let skipped: Vec<&str> = report["summary"]["files_skipped"]
        .as_array()
        .expect("files_skipped")
        .iter()
        .filter_map(|s| s["path"].as_str())
        .collect();
    assert_eq!(skipped, ["package-lock.json"], "{report:#}");
    let claim = &report["claims"][0];
    assert_eq!(claim["kind"], "no-analytics", "{report:#}");
    assert_eq!(claim["status"], "unverifiable", "{report:#}");
    assert_eq!(claim["reason"], "package-lock.json was not analysed");
}
