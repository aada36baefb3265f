//! The report is the same bytes whatever the thread count and however often
//! the tool runs: CI gates diff reports, and a flaky order reads as a change.

use std::path::Path;
use std::process::Command;

// The benchmark's corpus generator, reused so the test covers many apps, both
// sides, TypeScript and JSX, and findings of every common kind.
#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

/// `claimcheck check <dir> --format json` with `RAYON_NUM_THREADS=threads`;
/// returns (exit code, stdout bytes).
fn json_report(dir: &Path, threads: &str) -> (i32, Vec<u8>) {
    let output = Command::new(assert_cmd::cargo::cargo_bin("claimcheck"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run claimcheck");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().unwrap_or(-1), output.stdout)
}

#[test]
fn json_is_byte_identical_across_thread_counts_and_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let totals = gen_corpus::generate(&gen_corpus::Options {
        apps: Some(12),
        lines: None,
        out: dir.path().to_path_buf(),
        seed: 7,
    })
    .expect("generate corpus");
    assert!(totals.code_files > 100, "corpus too small to race");

    let (code, one) = json_report(dir.path(), "1");
    assert!(code == 0 || code == 1, "exit {code}");
    assert!(one.len() > 10_000, "suspiciously small report");
    for threads in ["4", "4", "2"] {
        let (other_code, other) = json_report(dir.path(), threads);
        assert_eq!(other_code, code, "exit code differs with {threads} threads");
        if other != one {
            let at = one
                .iter()
                .zip(&other)
                .position(|(a, b)| a != b)
                .unwrap_or(one.len().min(other.len()));
            let context = |bytes: &[u8]| {
                String::from_utf8_lossy(&bytes[at.saturating_sub(200)..(at + 200).min(bytes.len())])
                    .into_owned()
            };
            panic!(
                "JSON differs with {threads} threads at byte {at}:\n--- 1 thread\n{}\n--- {threads} threads\n{}",
                context(&one),
                context(&other)
            );
        }
    }
}

#[test]
fn the_generator_is_deterministic() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    for dir in [&a, &b] {
        gen_corpus::generate(&gen_corpus::Options {
            apps: Some(3),
            lines: None,
            out: dir.path().to_path_buf(),
            seed: 3,
        })
        .expect("generate corpus");
    }
    let listing = |root: &Path| {
        let mut files = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read_dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(root).expect("prefix").to_path_buf();
                    files.push((rel, std::fs::read(&path).expect("read")));
                }
            }
        }
        files.sort();
        files
    };
    assert_eq!(listing(a.path()), listing(b.path()));
}
