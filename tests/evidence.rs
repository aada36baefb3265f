//! Evidence has a strength: code that runs contradicts a claim; a package that
//! only ships with the app is a note; what Atlassian's own packages pull in is
//! not the app's at all.

mod common;
use common::{MINIMAL_MANIFEST, write};

use assert_cmd::Command;
use serde_json::Value;

fn report(dir: &std::path::Path) -> Value {
    let output = Command::cargo_bin("claimcheck")
        .expect("binary built")
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("claimcheck runs");
    assert_ne!(output.status.code(), Some(2), "the run failed");
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

const PACKAGE: &str = r#"{"name": "app", "dependencies": {"@forge/api": "^5"}}"#;

/// `@forge/api` > `@forge/manifest` > `@sentry/node`, as real lockfiles have it.
const LOCK: &str = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "app", "dependencies": { "@forge/api": "^5" } },
    "node_modules/@forge/api": { "version": "5.0.0", "dependencies": { "@forge/manifest": "^8" } },
    "node_modules/@forge/manifest": { "version": "8.0.0", "dependencies": { "@sentry/node": "^7" } },
    "node_modules/@sentry/node": { "version": "7.0.0", "dependencies": { "@sentry/core": "^7" } },
    "node_modules/@sentry/core": { "version": "7.0.0" }
  }
}"#;

const STATEMENT: &str =
    "# Privacy\n\nThe app does not use any error tracking or crash reporting service.\n";

fn app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "manifest.yml", MINIMAL_MANIFEST);
    write(dir.path(), "package.json", PACKAGE);
    write(dir.path(), "package-lock.json", LOCK);
    write(dir.path(), "PRIVACY.md", STATEMENT);
    write(
        dir.path(),
        "src/index.js",
        "export const run = async () => 'ok';\n",
    );
    dir
}

fn status_of(report: &Value, kind: &str) -> String {
    report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["kind"] == kind)
        .map(|c| c["status"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default()
}

#[test]
fn sentry_that_only_forge_pulls_in_is_not_reported_at_all() {
    let dir = app();
    let report = report(dir.path());
    let findings = report["findings"].to_string().to_lowercase();
    let inventory = report["inventory"].to_string().to_lowercase();
    assert!(!findings.contains("sentry"), "findings: {findings}");
    assert!(!inventory.contains("sentry"), "inventory: {inventory}");
    assert_eq!(status_of(&report, "no-error-tracking"), "supported");
}

#[test]
fn a_real_sentry_import_beside_it_still_contradicts() {
    let dir = app();
    write(
        dir.path(),
        "src/crash.js",
        "import * as Sentry from '@sentry/node';\nSentry.init({});\n",
    );
    let report = report(dir.path());
    let errors: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["rule"], "claim/no-error-tracking");
    assert_eq!(errors[0]["location"]["path"], "src/crash.js");
    assert_eq!(status_of(&report, "no-error-tracking"), "contradicted");
}

#[test]
fn a_vendor_in_several_lockfiles_is_one_note_per_claim_never_an_error() {
    let dir = app();
    let lock = |name: &str| {
        format!(
            r#"{{
  "name": "{name}",
  "lockfileVersion": 3,
  "packages": {{
    "": {{ "name": "{name}", "dependencies": {{ "@acme/logger": "^1" }} }},
    "node_modules/@acme/logger": {{ "version": "1.0.0", "dependencies": {{ "@sentry/browser": "^8" }} }},
    "node_modules/@sentry/browser": {{ "version": "8.0.0" }}
  }}
}}"#
        )
    };
    for ui in ["static/a", "static/b", "static/c"] {
        write(
            dir.path(),
            &format!("{ui}/package.json"),
            r#"{"name": "ui", "dependencies": {"@acme/logger": "^1"}}"#,
        );
        write(dir.path(), &format!("{ui}/package-lock.json"), &lock("ui"));
    }
    let report = report(dir.path());
    let findings = report["findings"].as_array().expect("findings");
    let claim: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "claim/no-error-tracking")
        .collect();
    assert_eq!(claim.len(), 1, "{claim:?}");
    assert_eq!(claim[0]["severity"], "note");
    assert!(
        findings.iter().all(|f| f["severity"] == "note"),
        "{findings:?}"
    );
    // The package's code is not read, so the claim is not called supported.
    assert_eq!(status_of(&report, "no-error-tracking"), "unverifiable");
    // One inventory entry per package and side, with the other lockfiles.
    let shipped: Vec<&Value> = report["inventory"]
        .as_array()
        .expect("inventory")
        .iter()
        .filter(|o| o["vendor"] == "sentry")
        .collect();
    assert_eq!(shipped.len(), 1, "{shipped:?}");
    assert_eq!(shipped[0]["also_at"].as_array().map(Vec::len), Some(2));
}
