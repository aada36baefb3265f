//! One reading of hosts across the manifest and every scanner: an egress entry
//! allows the same host whichever scanner found the call.

use std::path::Path;

use assert_cmd::Command;

mod common;
use common::{MINIMAL_MANIFEST, write};

fn findings(dir: &Path) -> Vec<(String, String, String)> {
    let output = Command::cargo_bin("claimcheck")
        .expect("binary built")
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--fail-on", "never"])
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "JSON on stdout; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let text = |key: &str| f[key].as_str().unwrap_or_default().to_string();
            (
                text("rule"),
                f["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                text("message"),
            )
        })
        .collect()
}

/// The egress entry `https://[2001:db8::1]` allows that address from hand-written
/// code and from a minified bundle alike (the bundle scan used to keep the
/// brackets and raise a false `manifest/undeclared-egress`); an address no entry
/// names is still reported, written with its brackets.
#[test]
fn an_ipv6_egress_entry_allows_its_address_from_source_and_bundle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "manifest.yml",
        &format!(
            "{MINIMAL_MANIFEST}permissions:\n  external:\n    fetch:\n      backend:\n        - address: https://[2001:db8::1]\n"
        ),
    );
    write(
        root,
        "src/index.js",
        "export const run = async () => {\n  await fetch('https://[2001:db8::1]/v1/items');\n};\n",
    );
    write(
        root,
        "src/vendor/client.min.js",
        "var a=function(){return fetch(\"https://[2001:DB8:0::1]:443/v1/x\")};var b=fetch(\"https://[2001:db8::2]/y\");\n",
    );
    let found = findings(root);
    let egress: Vec<_> = found
        .iter()
        .filter(|(rule, _, _)| rule.starts_with("manifest/"))
        .collect();
    assert_eq!(egress.len(), 1, "{found:#?}");
    let (rule, path, message) = egress[0];
    assert_eq!(rule, "manifest/undeclared-egress");
    assert_eq!(path, "src/vendor/client.min.js");
    assert!(message.contains("https://[2001:db8::2],"), "{message}");
}
