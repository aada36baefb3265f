//! Command-line behaviour a user relies on: exit codes, error messages with
//! file and line, help text.

mod common;
use common::{MINIMAL_MANIFEST, write};

use assert_cmd::Command;
use predicates::prelude::*;

fn claimcheck() -> Command {
    Command::cargo_bin("claimcheck").expect("binary built")
}

#[test]
fn help_shows_examples_and_exit_codes() {
    claimcheck()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("Exit codes")));
}

#[test]
fn a_missing_folder_is_exit_2() {
    claimcheck()
        .args(["check", "does/not/exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a directory"));
}

#[test]
fn a_folder_without_an_app_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "README.md", "# nothing here\n");
    write(dir.path(), "other/manifest.yml", "name: not-a-forge-app\n");
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no Forge app found"));
}

#[test]
fn a_malformed_manifest_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "manifest.yml",
        "app:\n  id: x\n  runtime: [unclosed\nmodules: {}\n",
    );
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("manifest.yml:"));
}

#[test]
fn an_app_without_a_statement_still_gets_manifest_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = format!(
        "{MINIMAL_MANIFEST}permissions:\n  external:\n    fetch:\n      backend:\n        - address: '*'\n"
    );
    write(dir.path(), "manifest.yml", &manifest);
    write(
        dir.path(),
        "src/index.js",
        "export const run = async () => ({ ok: true });\n",
    );
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("no privacy statement found")
                .and(predicate::str::contains("manifest/wildcard-egress")),
        );
}

#[test]
fn fail_on_warning_turns_warnings_into_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = format!(
        "{MINIMAL_MANIFEST}permissions:\n  external:\n    fetch:\n      backend:\n        - address: '*'\n"
    );
    write(dir.path(), "manifest.yml", &manifest);
    write(
        dir.path(),
        "src/index.js",
        "export const run = async () => ({ ok: true });\n",
    );
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .args(["--fail-on", "warning"])
        .assert()
        .code(1);
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
}

#[test]
fn a_contradicted_claim_is_exit_1_with_both_locations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = format!(
        "{MINIMAL_MANIFEST}permissions:\n  external:\n    fetch:\n      backend:\n        - address: https://api.segment.io\n          category: analytics\n          inScopeEUD: false\n"
    );
    write(dir.path(), "manifest.yml", &manifest);
    write(
        dir.path(),
        "src/index.js",
        "export const run = async () => {\n  await fetch('https://api.segment.io/v1/track', { method: 'POST' });\n};\n",
    );
    write(
        dir.path(),
        "PRIVACY.md",
        "# Privacy\n\nWe do not collect any analytics or telemetry.\n",
    );
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("claim/no-analytics")
                .and(predicate::str::contains("src/index.js:2:9"))
                .and(predicate::str::contains("PRIVACY.md:3")),
        );
}

#[test]
fn policy_option_pointing_nowhere_is_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "manifest.yml", MINIMAL_MANIFEST);
    claimcheck()
        .arg("check")
        .arg(dir.path())
        .args(["--policy", "no-such-file.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--policy"));
}
