//! Many apps in one tree: every app is checked, and parallel work across apps
//! does not nest on a small stack (a run over 744 generated apps once aborted
//! with a stack overflow when apps were checked on one thread pool and their
//! files on another).

use assert_cmd::Command;

#[test]
fn eight_hundred_small_apps_are_all_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..800 {
        let app = dir.path().join(format!("apps/app{i:03}"));
        std::fs::create_dir_all(app.join("src")).expect("mkdir");
        std::fs::write(
            app.join("manifest.yml"),
            format!(
                "app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-{i:012}\n  runtime:\n    name: nodejs22.x\nmodules:\n  function:\n    - key: main\n      handler: index.run\n"
            ),
        )
        .expect("manifest");
        std::fs::write(
            app.join("src/index.js"),
            "import { kvs } from '@forge/kvs';\nexport const run = async () => kvs.get('k');\n",
        )
        .expect("source");
        std::fs::write(app.join("PRIVACY.md"), "We do not collect analytics.\n")
            .expect("statement");
    }
    let output = Command::cargo_bin("claimcheck")
        .expect("binary built")
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["apps"].as_array().expect("apps").len(), 800);
    assert_eq!(report["summary"]["files_scanned"], 800);
    let ids: Vec<&str> = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.first(), Some(&"C1"));
    assert_eq!(
        ids.last(),
        Some(&"C800"),
        "claim ids run on across apps in app order"
    );
}
