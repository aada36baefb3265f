//! Line endings do not change a report. Every sample app is copied with its
//! text files rewritten to CRLF (Windows), and again to a lone CR (classic Mac),
//! and each copy must give the app's checked-in `expected.json` byte for byte:
//! the same findings, claims, lines, columns and fingerprints.
//!
//! Rust files keep LF in the lone-CR copy: in Rust a lone CR does not end a
//! line (a `//` comment runs on to the next LF), so such a file is a different
//! program, not the same one with other line endings.

mod common;
use common::{first_difference, sample_apps};

use std::path::Path;

use assert_cmd::Command;

#[derive(Clone, Copy, Debug)]
enum Ending {
    Crlf,
    LoneCr,
}

impl Ending {
    fn bytes(self) -> &'static [u8] {
        match self {
            Ending::Crlf => b"\r\n",
            Ending::LoneCr => b"\r",
        }
    }

    fn rewrites(self, path: &Path) -> bool {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let rust = path.extension().is_some_and(|e| e == "rs");
        name != "expected.json" && !(matches!(self, Ending::LoneCr) && rust)
    }
}

/// Copies `from` into `to`, rewriting every LF of the text files `ending` applies to.
fn copy_rewritten(from: &Path, to: &Path, ending: Ending) {
    std::fs::create_dir_all(to).expect("create the copy's folder");
    for entry in std::fs::read_dir(from).expect("read the sample app") {
        let path = entry.expect("readable entry").path();
        let target = to.join(path.file_name().expect("named entry"));
        if path.is_dir() {
            copy_rewritten(&path, &target, ending);
            continue;
        }
        let bytes = std::fs::read(&path).expect("read a sample file");
        let text_file = !bytes.contains(&0);
        let out = if text_file && ending.rewrites(&path) {
            let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
            for &b in &bytes {
                match b {
                    b'\n' => out.extend_from_slice(ending.bytes()),
                    b'\r' => panic!("{} already has a CR", path.display()),
                    _ => out.push(b),
                }
            }
            out
        } else {
            bytes
        };
        std::fs::write(&target, out).expect("write the copy");
    }
}

fn check(ending: Ending) {
    let work = tempfile::tempdir().expect("temp dir");
    let mut mismatches = Vec::new();
    for app in sample_apps() {
        let name = app
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name");
        copy_rewritten(&app, &work.path().join("sample-apps").join(name), ending);
        // Run from the copy's root with the same relative path the checked-in
        // expectations were made with.
        let output = Command::cargo_bin("claimcheck")
            .expect("binary built")
            .current_dir(work.path())
            .args(["check", &format!("sample-apps/{name}"), "--format", "json"])
            .output()
            .expect("claimcheck runs");
        let actual = String::from_utf8(output.stdout).expect("JSON is UTF-8");
        let expected = std::fs::read_to_string(app.join("expected.json")).expect("expected.json");
        if actual != expected {
            mismatches.push(format!("{name}:\n{}", first_difference(&expected, &actual)));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{ending:?} line endings changed the report:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn crlf_copies_of_the_sample_apps_report_exactly_as_the_originals() {
    check(Ending::Crlf);
}

#[test]
fn lone_cr_copies_of_the_sample_apps_report_exactly_as_the_originals() {
    check(Ending::LoneCr);
}
