//! Runs the binary on every sample app and compares the whole JSON report with
//! the app's checked-in `expected.json`. Set `UPDATE_EXPECTED=1` to rewrite the
//! expectations after a deliberate change, then review the diff.

mod common;
use common::{first_difference, sample_apps};

use std::path::Path;

use assert_cmd::Command;

fn run_json(app: &Path) -> (String, i32) {
    let name = app
        .file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 name");
    let output = Command::cargo_bin("claimcheck")
        .expect("binary built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", &format!("sample-apps/{name}"), "--format", "json"])
        .output()
        .expect("claimcheck runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8(output.stdout).expect("JSON is UTF-8");
    let code = output.status.code().expect("exited normally");
    assert_ne!(code, 2, "{name}: the run failed: {stderr}");
    (stdout, code)
}

#[test]
fn every_sample_app_matches_its_expected_report() {
    let apps = sample_apps();
    assert!(
        apps.len() >= 6,
        "expected at least six sample apps, found {}",
        apps.len()
    );
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut mismatches = Vec::new();
    for app in &apps {
        let (actual, code) = run_json(app);
        let expected_path = app.join("expected.json");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expected.json");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with UPDATE_EXPECTED=1",
                expected_path.display()
            )
        });
        if actual != expected {
            mismatches.push(format!(
                "{}:\n{}",
                app.display(),
                first_difference(&expected, &actual)
            ));
        }
        let report: serde_json::Value = serde_json::from_str(&actual).expect("valid JSON");
        let errors = report["summary"]["errors"]
            .as_u64()
            .expect("summary.errors");
        assert_eq!(
            code,
            i32::from(errors > 0),
            "{}: exit code must follow error findings",
            app.display()
        );
    }
    assert!(
        mismatches.is_empty(),
        "reports differ from expected.json:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn the_json_report_is_byte_identical_across_runs() {
    for app in sample_apps() {
        assert_eq!(run_json(&app).0, run_json(&app).0, "{}", app.display());
    }
}

/// The sample apps exist to exercise every rule: if regenerating the
/// expectations ever drops one, this says which.
#[test]
fn the_samples_exercise_every_claim_kind_and_manifest_rule_and_the_clean_app_is_clean() {
    let mut rules = std::collections::BTreeSet::new();
    for app in sample_apps() {
        let report: serde_json::Value =
            serde_json::from_str(&run_json(&app).0).expect("valid JSON");
        let findings = report["findings"].as_array().expect("findings array");
        if app.ends_with("clean-issue-notes") {
            assert!(
                findings.is_empty(),
                "the clean app must report nothing: {findings:?}"
            );
            let statuses: Vec<&str> = report["claims"]
                .as_array()
                .expect("claims array")
                .iter()
                .filter(|c| c["kind"] == "no-analytics" || c["kind"] == "no-browser-storage")
                .map(|c| c["status"].as_str().expect("status"))
                .collect();
            assert!(
                !statuses.is_empty() && statuses.iter().all(|s| *s == "supported"),
                "{statuses:?}"
            );
        }
        for f in findings {
            rules.insert(f["rule"].as_str().expect("rule").to_string());
        }
    }
    for rule in [
        "claim/no-external-servers",
        "claim/no-analytics",
        "claim/no-error-tracking",
        "claim/no-session-replay",
        "claim/no-external-storage",
        "claim/no-browser-storage",
        "claim/encrypted-transport",
        "claim/no-third-party-services",
        "claim/no-data-sharing",
        "manifest/undeclared-egress",
        "manifest/unused-egress",
        "manifest/insecure-egress",
        "manifest/wildcard-egress",
        "manifest/uncategorised-analytics-egress",
        "disclosure/undisclosed-vendor",
    ] {
        assert!(rules.contains(rule), "no sample app triggers {rule}");
    }
}
