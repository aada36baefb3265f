//! Where data leaves across the whole app: calls of wrappers and clients that
//! other modules define are observations at the call, with a trace of every
//! hop to the network call or SDK they lead to.

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

fn inventory(report: &Value) -> &Vec<Value> {
    report["inventory"].as_array().expect("inventory")
}

/// `path:line` of every hop of an observation's trace.
fn hops(obs: &Value) -> Vec<String> {
    obs["trace"]
        .as_array()
        .map(|t| {
            t.iter()
                .map(|l| format!("{}:{}", l["path"].as_str().unwrap_or("?"), l["line"]))
                .collect()
        })
        .unwrap_or_default()
}

fn at<'r>(report: &'r Value, path: &str, line: u64) -> Vec<&'r Value> {
    inventory(report)
        .iter()
        .filter(|o| o["location"]["path"] == path && o["location"]["line"] == line)
        .collect()
}

fn sample() -> Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-apps/module-graph");
    report(&dir)
}

#[test]
fn a_wrapper_called_through_a_barrel_and_a_class_instance_is_traced_to_its_request() {
    let report = sample();
    let uses = at(&report, "src/index.ts", 9);
    assert_eq!(uses.len(), 1, "{uses:?}");
    assert_eq!(uses[0]["kind"], "network-call");
    assert_eq!(uses[0]["host"], "api-js.mixpanel.com");
    // index.ts -> services/index.ts (export *) -> analytics.ts (the instance,
    // then the method's call of `send`) -> transport.ts (the fetch).
    assert_eq!(
        hops(uses[0]),
        [
            "src/services/index.ts:1",
            "src/services/analytics.ts:13",
            "src/services/analytics.ts:5",
            "src/lib/transport.ts:4",
        ]
    );
}

#[test]
fn an_sdk_client_made_in_one_module_is_traced_from_its_use_in_another() {
    let report = sample();
    let sends: Vec<_> = at(&report, "src/storage/reports.ts", 5)
        .into_iter()
        .filter(|o| o["kind"] == "sdk-call")
        .collect();
    assert_eq!(sends.len(), 1, "{sends:?}");
    assert_eq!(sends[0]["detail"], "@aws-sdk/client-s3: S3Client().send");
    assert_eq!(
        hops(sends[0]),
        ["src/storage/s3.ts:3", "src/storage/s3.ts:1"]
    );
    // The handler's call of `saveReport` reaches the same client.
    let handler = at(&report, "src/index.ts", 10);
    assert_eq!(handler.len(), 1, "{handler:?}");
    assert_eq!(
        hops(handler[0]),
        [
            "src/storage/reports.ts:5",
            "src/storage/s3.ts:3",
            "src/storage/s3.ts:1"
        ]
    );
}

#[test]
fn use_sites_relate_to_the_finding_they_lead_to_and_are_not_reported_again() {
    let report = sample();
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .collect();
    for finding in &findings {
        let path = finding["location"]["path"].as_str().unwrap_or("");
        assert!(
            path != "src/index.ts" && path != "src/storage/reports.ts"
                || finding["location"]["line"] == 1,
            "a use site became a finding of its own: {finding}"
        );
    }
    let analytics = findings
        .iter()
        .find(|f| f["rule"] == "claim/no-analytics")
        .expect("no-analytics is contradicted");
    assert_eq!(analytics["location"]["path"], "src/lib/transport.ts");
    let related: Vec<String> = analytics["related"]
        .as_array()
        .expect("related")
        .iter()
        .map(|r| format!("{}:{}", r["path"].as_str().unwrap_or("?"), r["line"]))
        .collect();
    assert!(
        related.contains(&"src/index.ts:9".to_string()),
        "{related:?}"
    );
    // The test that calls the code is listed, not related.
    assert!(
        !related.iter().any(|r| r.contains("__tests__")),
        "{related:?}"
    );
}

#[test]
fn names_that_look_like_data_leaving_stay_silent() {
    let report = sample();
    // `track('...')` of a local helper and `mailer.send` of an unrelated class.
    assert!(at(&report, "src/index.ts", 11).is_empty());
    assert!(at(&report, "src/index.ts", 12).is_empty());
    // Calling a method that makes no request leads nowhere.
    assert!(
        !inventory(&report)
            .iter()
            .any(|o| hops(o).iter().any(|h| h == "src/util/decoys.ts:8")),
    );
}

#[test]
fn commonjs_exports_and_require_are_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "manifest.yml", MINIMAL_MANIFEST);
    write(
        dir.path(),
        "src/lib/post.js",
        "function post(body) {\n  return fetch('https://api.segment.io/v1/track', { method: 'POST', body });\n}\nmodule.exports = { post };\n",
    );
    write(
        dir.path(),
        "src/index.js",
        "const { post } = require('./lib/post');\nexports.run = async () => {\n  await post('{}');\n};\n",
    );
    let report = report(dir.path());
    let uses = at(&report, "src/index.js", 3);
    assert_eq!(uses.len(), 1, "{:?}", inventory(&report));
    assert_eq!(uses[0]["host"], "api.segment.io");
    assert_eq!(hops(uses[0]), ["src/lib/post.js:2"]);
}

#[test]
fn wrappers_of_wrappers_resolve_and_cycles_end() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "manifest.yml", MINIMAL_MANIFEST);
    // a.ts and b.ts call each other; only b.ts makes the request.
    write(
        dir.path(),
        "src/a.ts",
        "import { pong } from './b';\nexport function ping(n: number): unknown {\n  return n > 0 ? pong(n - 1) : null;\n}\n",
    );
    write(
        dir.path(),
        "src/b.ts",
        "import { ping } from './a';\nexport function pong(n: number): unknown {\n  fetch('https://api.segment.io/v1/batch');\n  return ping(n);\n}\n",
    );
    write(
        dir.path(),
        "src/index.ts",
        "import { ping } from './a';\nexport const run = () => ping(3);\n",
    );
    let report = report(dir.path());
    let uses = at(&report, "src/index.ts", 2);
    assert_eq!(uses.len(), 1, "{:?}", inventory(&report));
    assert_eq!(hops(uses[0]), ["src/a.ts:3", "src/b.ts:3"]);
}

#[test]
fn a_re_export_chain_of_three_modules_keeps_its_trace() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "manifest.yml", MINIMAL_MANIFEST);
    write(
        dir.path(),
        "src/core/send.ts",
        "export default async function send(event: string) {\n  await fetch('https://api.segment.io/v1/track', { method: 'POST', body: event });\n}\n",
    );
    write(
        dir.path(),
        "src/core/index.ts",
        "export { default as send } from './send';\n",
    );
    write(dir.path(), "src/lib/index.ts", "export * from '../core';\n");
    write(
        dir.path(),
        "src/api.ts",
        "export { send as emit } from './lib';\n",
    );
    write(
        dir.path(),
        "src/index.ts",
        "import * as api from './api';\nexport const run = () => api.emit('opened');\n",
    );
    let report = report(dir.path());
    let uses = at(&report, "src/index.ts", 2);
    assert_eq!(uses.len(), 1, "{:?}", inventory(&report));
    assert_eq!(
        hops(uses[0]),
        [
            "src/api.ts:1",
            "src/lib/index.ts:1",
            "src/core/index.ts:1",
            "src/core/send.ts:2"
        ]
    );
}
