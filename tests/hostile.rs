//! Hostile repositories: whatever a scanned tree holds, the binary ends with a
//! clean result (exit 0/1, every code file scanned or skipped with a reason) or
//! a clear error naming the file (exit 2), never a panic and never a hang.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Any run slower than this is a hang. Generous on purpose: this guards against
/// hangs and runaway work, it does not measure speed (benches/run.sh does), and
/// debug builds on a loaded 2-core machine are slow.
const TIMEOUT: Duration = Duration::from_secs(300);

const MANIFEST: &str = "\
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000
  runtime:
    name: nodejs22.x
modules:
  function:
    - key: main
      handler: index.run
permissions:
  scopes:
    - storage:app
  external:
    fetch:
      backend:
        - address: https://api.example.com
";

/// What one run printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The JSON report; panics with the run's output when it is not JSON.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}); exit {}; stderr:\n{}",
                self.code, self.stderr
            )
        })
    }

    /// `(path, reason)` of every skipped file in the summary.
    fn skipped(&self) -> Vec<(String, String)> {
        self.json()["summary"]["files_skipped"]
            .as_array()
            .expect("files_skipped is an array")
            .iter()
            .map(|s| {
                (
                    s["path"].as_str().expect("path").to_string(),
                    s["reason"].as_str().expect("reason").to_string(),
                )
            })
            .collect()
    }

    fn files_scanned(&self) -> u64 {
        self.json()["summary"]["files_scanned"]
            .as_u64()
            .expect("files_scanned")
    }

    fn reason_for(&self, path: &str) -> Option<String> {
        self.skipped()
            .into_iter()
            .find(|(p, _)| p == path)
            .map(|(_, r)| r)
    }
}

/// Runs `claimcheck check <dir> <args>` with a hard timeout, and checks what
/// every run must satisfy: no panic, an exit code of 0, 1 or 2.
fn run_with(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Run {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out_path = out_dir.path().join("stdout");
    let err_path = out_dir.path().join("stderr");
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("claimcheck"));
    command
        .arg("check")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"));
    for (key, value) in envs {
        command.env(key, value);
    }
    let start = Instant::now();
    let mut child = command.spawn().expect("spawn claimcheck");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "claimcheck did not finish within {TIMEOUT:?} on {}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&std::fs::read(&out_path).expect("read stdout"))
            .into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).expect("read stderr"))
            .into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "claimcheck panicked:\n{}",
        run.stderr
    );
    assert!(
        [0, 1, 2].contains(&run.code),
        "exit {} (killed by a signal?); stderr:\n{}",
        run.code,
        run.stderr
    );
    run
}

fn run(dir: &Path) -> Run {
    run_with(dir, &["--format", "json"], &[])
}

/// A run that must produce a report (exit 0 or 1).
fn report(dir: &Path) -> Run {
    let run = run(dir);
    assert!(
        run.code == 0 || run.code == 1,
        "expected a report, got exit {}: {}",
        run.code,
        run.stderr
    );
    run
}

/// A run that must fail clearly: exit 2, stderr naming `file`.
fn refused(dir: &Path, file: &str) -> Run {
    let run = run(dir);
    assert_eq!(run.code, 2, "expected exit 2; stdout:\n{}", run.stdout);
    assert!(
        run.stderr.contains(file),
        "stderr does not name {file}:\n{}",
        run.stderr
    );
    run
}

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    std::fs::write(&path, content).expect("write");
    path
}

/// A tree with a valid manifest and one ordinary backend file.
fn app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "manifest.yml", MANIFEST);
    write(
        dir.path(),
        "src/index.js",
        "export async function run() {\n  return fetch('https://api.example.com/v1');\n}\n",
    );
    dir
}

/// Every code file written is accounted for: either skipped with a reason or
/// counted as scanned.
fn assert_accounted(run: &Run, code_files: &[&str]) {
    let skipped = run.skipped();
    for (path, reason) in &skipped {
        assert!(!reason.trim().is_empty(), "{path} skipped without a reason");
    }
    let skipped_code = code_files
        .iter()
        .filter(|f| skipped.iter().any(|(p, _)| p == *f))
        .count();
    assert_eq!(
        run.files_scanned() as usize + skipped_code,
        code_files.len(),
        "scanned {} + skipped {skipped_code} != {} code files; skipped: {skipped:?}",
        run.files_scanned(),
        code_files.len()
    );
}

/// True when permission bits do not stop this process (root).
fn permissions_are_ignored(probe: &Path) -> bool {
    std::fs::read(probe).is_ok()
}

// --- manifests -------------------------------------------------------------

#[test]
fn malformed_yaml_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "manifest.yml",
        "app:\n  id: x\nmodules:\n  function:\n    - key: [unclosed\n      handler: a.b\n",
    );
    let run = refused(dir.path(), "manifest.yml:");
    assert!(
        run.stderr.contains("manifest.yml:5") || run.stderr.contains("manifest.yml:6"),
        "no line number: {}",
        run.stderr
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12u8 {
        let prev = char::from(b'a' + level - 1);
        let name = char::from(b'a' + level);
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    bomb.push_str("app:\n  id: x\n");
    write(dir.path(), "manifest.yml", bomb);
    refused(dir.path(), "manifest.yml");
}

#[test]
fn duplicate_keys_are_an_error_with_a_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "manifest.yml",
        format!("{MANIFEST}permissions:\n  scopes: []\n"),
    );
    let run = refused(dir.path(), "manifest.yml:");
    assert!(
        run.stderr.to_lowercase().contains("duplicate"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_manifest_that_is_a_list_or_a_scalar_is_not_an_app() {
    for text in ["- app\n- modules\n", "just a string\n", "42\n", "~\n", ""] {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "manifest.yml", text);
        let run = run(dir.path());
        assert_eq!(run.code, 2, "{text:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("manifest.yml") || run.stderr.contains("no Forge app"),
            "{text:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn wrong_types_in_each_section_give_a_located_error_or_a_report() {
    let header = "app:\n  id: ari:cloud:ecosystem::app/x\n";
    let cases = [
        "app: just-a-string\n".to_string(),
        "app: [1, 2]\n".to_string(),
        format!("{header}modules: [a, b]\n"),
        format!("{header}modules:\n  function: a-string\n"),
        format!("{header}modules:\n  function:\n    - 42\n"),
        format!("{header}modules:\n  function:\n    - key: [x]\n      handler: {{a: b}}\n"),
        format!("{header}permissions: yes\n"),
        format!("{header}permissions:\n  scopes: {{read: true}}\n"),
        format!("{header}permissions:\n  scopes: [[nested]]\n"),
        format!("{header}permissions:\n  external: [a]\n"),
        format!("{header}permissions:\n  external:\n    fetch: 3\n"),
        format!("{header}permissions:\n  external:\n    fetch:\n      backend: https://x\n"),
        format!(
            "{header}permissions:\n  external:\n    fetch:\n      backend:\n        - address: [1]\n"
        ),
        format!("{header}permissions:\n  content: 7\n"),
        format!("{header}resources: {{key: main}}\n"),
        format!("{header}resources:\n  - key: 1\n    path: [x]\n"),
        format!("{header}remotes: a-string\n"),
        format!("{header}remotes:\n  - key: r\n    baseUrl: 12\n"),
        format!("{header}providers: 5\n"),
        format!("{header}providers:\n  auth: [1]\n"),
        format!("{header}app:\n  runtime: 1\n"),
        "app:\n  id: 12\n  runtime: [x]\n  licensing: no\n".to_string(),
    ];
    for text in &cases {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "manifest.yml", text);
        write(dir.path(), "src/index.js", "export const a = 1;\n");
        let run = run(dir.path());
        if run.code == 2 {
            assert!(
                run.stderr.contains("manifest.yml:"),
                "{text:?}: error without a location: {}",
                run.stderr
            );
        } else {
            assert_accounted(&run, &["src/index.js"]);
        }
    }
}

#[test]
fn a_50_mb_manifest_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("manifest.yml");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    file.write_all(MANIFEST.as_bytes()).expect("write");
    let line = "# padding padding padding padding padding padding padding padding\n";
    for _ in 0..(50 * 1024 * 1024 / line.len()) {
        file.write_all(line.as_bytes()).expect("write");
    }
    drop(file);
    let run = refused(dir.path(), "manifest.yml");
    assert!(run.stderr.contains("larger"), "{}", run.stderr);
}

// --- source files ------------------------------------------------------------

#[test]
fn non_utf8_and_binary_files_are_skipped_and_the_run_goes_on() {
    let dir = app();
    write(dir.path(), "src/latin1.js", b"const s = '\xe9t\xe9';\n");
    write(
        dir.path(),
        "src/blob.ts",
        [0u8, 159, 146, 150, 0, 0, 255, 1],
    );
    write(
        dir.path(),
        "static/ui/src/App.jsx",
        b"\x7fELF\x02\x01\x01\x00\x00",
    );
    // UTF-16 (byte order mark) is read as text, but not with a lone surrogate.
    write(dir.path(), "package.json", b"\xff\xfe{\x00\x00\xd8}\x00");
    write(
        dir.path(),
        "src/wide.js",
        b"\xff\xfel\x00e\x00t\x00 \x00x\x00;\x00",
    );
    let run = report(dir.path());
    assert!(
        run.reason_for("package.json")
            .is_some_and(|r| r.contains("unpaired surrogate")),
        "{:?}",
        run.skipped()
    );
    assert_eq!(
        run.reason_for("src/wide.js"),
        None,
        "UTF-16 script not scanned"
    );
    for path in [
        "src/latin1.js",
        "src/blob.ts",
        "static/ui/src/App.jsx",
        "package.json",
    ] {
        let reason = run.reason_for(path);
        assert!(reason.is_some(), "{path} not listed: {:?}", run.skipped());
    }
    assert_accounted(
        &run,
        &[
            "src/index.js",
            "src/latin1.js",
            "src/blob.ts",
            "static/ui/src/App.jsx",
            "package.json",
            "src/wide.js",
        ],
    );
    assert!(
        run.stdout.contains("src/index.js"),
        "other file not scanned"
    );
}

#[test]
fn code_in_a_language_not_read_is_listed_and_leaves_claims_unverifiable() {
    // A Python backend posting to an analytics API: without a Python scanner
    // the honest verdict on "no analytics" is unverifiable, never supported.
    let dir = app();
    write(dir.path(), "PRIVACY.md", "We do not collect analytics.\n");
    let backend = "import requests\nrequests.post('https://api.segment.io/v1/track')\n";
    write(dir.path(), "remote/app.py", backend);
    write(
        dir.path(),
        "remote/requirements.txt",
        "segment-analytics-python\n",
    );
    write(dir.path(), "tests/test_app.py", "def test_it(): pass\n");
    let run = report(dir.path());
    let reason = run.reason_for("remote/app.py").unwrap_or_default();
    assert!(
        reason.starts_with("Python source is not analysed"),
        "{:?}",
        run.skipped()
    );
    assert!(run.reason_for("remote/requirements.txt").is_some());
    assert_eq!(
        run.reason_for("tests/test_app.py"),
        None,
        "test code is not listed"
    );
    let claims = run.json()["claims"].clone();
    let no_analytics = claims
        .as_array()
        .and_then(|c| c.iter().find(|c| c["kind"] == "no-analytics"))
        .unwrap_or_else(|| panic!("no-analytics claim missing: {claims}"));
    assert_eq!(no_analytics["status"], "unverifiable", "{no_analytics}");
    assert!(
        no_analytics["reason"]
            .as_str()
            .is_some_and(|r| r.contains("not analysed")),
        "{no_analytics}"
    );
}

#[test]
fn a_committed_env_file_is_read_and_other_hidden_files_are_not() {
    let dir = app();
    write(
        dir.path(),
        "PRIVACY.md",
        "The app contains no hardcoded credentials.\n",
    );
    write(
        dir.path(),
        ".env",
        "PORT=3000\nSTRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
    );
    // Hidden folders stay unwalked: their code would be counted as scanned.
    write(
        dir.path(),
        ".cache/stale.js",
        "fetch('https://api.segment.io/v1');\n",
    );
    let run = report(dir.path());
    let report = run.json();
    assert_eq!(run.files_scanned(), 2, "src/index.js and .env: {report}");
    let finding = report["findings"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["rule"] == "claim/no-hardcoded-credentials")
        })
        .unwrap_or_else(|| panic!("no credential finding: {report}"));
    assert_eq!(finding["location"]["path"], ".env");
    assert_eq!(finding["location"]["line"], 2);
    assert!(
        !run.stdout.contains("sk_live_4eC39"),
        "the value must not be reported"
    );
}

#[test]
fn a_20_mb_single_line_bundle_does_not_stall_the_run() {
    let dir = app();
    let piece = "var a=function(e){return e+1},b=[1,2,3].map(a);";
    let mut bundle = piece.repeat(20 * 1024 * 1024 / piece.len());
    bundle.push_str("fetch(\"https://api.segment.io/v1/t\");");
    write(dir.path(), "src/vendor.js", &bundle);
    write(dir.path(), "static/ui/build/main.js", &bundle);
    let run = report(dir.path());
    // Scanned literally as a bundle (the host at the far end is found), or
    // skipped with a reason; either way accounted for.
    assert!(
        run.stdout.contains("api.segment.io") || run.reason_for("src/vendor.js").is_some(),
        "neither scanned nor skipped: {:?}",
        run.skipped()
    );
    assert_accounted(
        &run,
        &["src/index.js", "src/vendor.js", "static/ui/build/main.js"],
    );
}

/// `open` repeated `n` times, a short line at a time, so the file reads as
/// hand-written code rather than a minified bundle and reaches the parser.
fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(open);
        if i % 40 == 39 {
            out.push('\n');
        }
    }
    out.push_str(inner);
    for i in 0..n {
        out.push_str(close);
        if i % 40 == 39 {
            out.push('\n');
        }
    }
    out
}

#[test]
fn deeply_nested_js_is_skipped_with_a_reason() {
    let dir = app();
    let n = 100_000;
    write(
        dir.path(),
        "src/parens.js",
        format!("x = {};\n", nested("(", "1", ")", n)),
    );
    write(
        dir.path(),
        "src/arrays.ts",
        format!("const y = {};\n", nested("[", "0", "]", n)),
    );
    write(
        dir.path(),
        "src/objects.js",
        format!("const z = {};\n", nested("{a:", "1", "}", n)),
    );
    write(
        dir.path(),
        "src/calls.jsx",
        format!("f{};\n", "(g".repeat(30_000) + &")".repeat(30_000)),
    );
    // The same depth on one line is a minified file: scanned literally, or
    // skipped, but never handed to the recursive parser unguarded.
    write(
        dir.path(),
        "src/one-line.js",
        format!("x = {}1{};\n", "(".repeat(n), ")".repeat(n)),
    );
    let run = report(dir.path());
    for path in ["src/parens.js", "src/arrays.ts", "src/objects.js"] {
        let reason = run
            .reason_for(path)
            .unwrap_or_else(|| panic!("{path} not skipped: {:?}", run.skipped()));
        assert!(
            reason.contains("nesting") || reason.contains("deep"),
            "{path}: {reason}"
        );
    }
    assert_accounted(
        &run,
        &[
            "src/index.js",
            "src/parens.js",
            "src/arrays.ts",
            "src/objects.js",
            "src/calls.jsx",
            "src/one-line.js",
        ],
    );
}

#[test]
fn syntax_errors_are_reported_and_other_files_still_scanned() {
    let dir = app();
    write(
        dir.path(),
        "src/broken.js",
        "function ( {\n  return fetch(\n",
    );
    write(
        dir.path(),
        "src/broken.ts",
        "interface A {\n  x: number\nconst = 3;\n",
    );
    write(
        dir.path(),
        "src/broken.tsx",
        "export const A = () => <div><span></div>;\n",
    );
    write(
        dir.path(),
        "src/other.js",
        "export const go = () => fetch('https://api.example.com/other');\n",
    );
    let run = report(dir.path());
    for path in ["src/broken.js", "src/broken.ts", "src/broken.tsx"] {
        let reason = run
            .reason_for(path)
            .unwrap_or_else(|| panic!("{path} not skipped: {:?}", run.skipped()));
        assert!(reason.contains("syntax error"), "{path}: {reason}");
    }
    assert!(
        run.stdout.contains("src/other.js"),
        "other file not scanned"
    );
    assert_accounted(
        &run,
        &[
            "src/index.js",
            "src/broken.js",
            "src/broken.ts",
            "src/broken.tsx",
            "src/other.js",
        ],
    );
}

// --- the tree ----------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlinks_are_listed_and_never_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    write(
        outside.path(),
        "secret.js",
        "fetch('https://outside-the-root.invalid/x');\n",
    );
    write(
        outside.path(),
        "dir/more.js",
        "fetch('https://outside-dir.invalid/');\n",
    );
    let dir = app();
    symlink(
        outside.path().join("secret.js"),
        dir.path().join("src/linked.js"),
    )
    .expect("link");
    symlink(
        outside.path().join("dir"),
        dir.path().join("src/linked-dir"),
    )
    .expect("link");
    symlink(dir.path(), dir.path().join("src/loop")).expect("link");
    symlink("../src", dir.path().join("src/up")).expect("link");
    symlink("nowhere.js", dir.path().join("src/dangling.js")).expect("link");
    let run = report(dir.path());
    assert!(
        !run.stdout.contains("outside-the-root.invalid"),
        "followed a file link"
    );
    assert!(
        !run.stdout.contains("outside-dir.invalid"),
        "followed a folder link"
    );
    for link in [
        "src/linked.js",
        "src/linked-dir",
        "src/loop",
        "src/up",
        "src/dangling.js",
    ] {
        let reason = run
            .reason_for(link)
            .unwrap_or_else(|| panic!("{link} not listed: {:?}", run.skipped()));
        assert!(reason.contains("symbolic link"), "{link}: {reason}");
    }
    assert_accounted(&run, &["src/index.js"]);
}

#[cfg(unix)]
#[test]
fn a_symlinked_manifest_or_statement_is_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tempdir");
    write(outside.path(), "manifest.yml", MANIFEST);
    let dir = tempfile::tempdir().expect("tempdir");
    symlink(
        outside.path().join("manifest.yml"),
        dir.path().join("manifest.yml"),
    )
    .expect("link");
    let run = run(dir.path());
    assert_eq!(
        run.code, 2,
        "a linked manifest was followed: {}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_listed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = app();
    let file = write(
        dir.path(),
        "src/locked.js",
        "fetch('https://locked.invalid');\n",
    );
    write(dir.path(), "src/private/inner.js", "export const x = 1;\n");
    let folder = dir.path().join("src/private");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let run = report(dir.path());
    // Restore so the tempdir can be removed.
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    if is_root() {
        eprintln!(
            "note: running as root, chmod 000 does not stop reads; only checked that the run completes"
        );
        assert_accounted(
            &run,
            &["src/index.js", "src/locked.js", "src/private/inner.js"],
        );
        return;
    }
    let locked = run.reason_for("src/locked.js").unwrap_or_default();
    assert!(
        locked.contains("ermission"),
        "locked file: {:?}",
        run.skipped()
    );
    let private = run.reason_for("src/private").unwrap_or_default();
    assert!(
        private.contains("ermission"),
        "locked folder: {:?}",
        run.skipped()
    );
    assert_accounted(&run, &["src/index.js", "src/locked.js"]);
}

/// Whether this test process runs as root (permission bits do not apply).
fn is_root() -> bool {
    let probe = tempfile::NamedTempFile::new().expect("tempfile");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(probe.path(), std::fs::Permissions::from_mode(0o000))
            .expect("chmod");
    }
    permissions_are_ignored(probe.path())
}

#[test]
fn an_empty_repo_is_exit_2_no_forge_app() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run(dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no Forge app"), "{}", run.stderr);
}

#[test]
fn a_repo_without_a_statement_still_gets_manifest_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "manifest.yml",
        MANIFEST.replace("https://api.example.com", "'*'"),
    );
    write(dir.path(), "src/index.js", "export const run = () => 1;\n");
    let run = report(dir.path());
    let json = run.json();
    assert!(json["apps"][0]["policy"].is_null(), "{}", run.stdout);
    assert!(
        run.stdout.contains("manifest/wildcard-egress"),
        "{}",
        run.stdout
    );
    assert_accounted(&run, &["src/index.js"]);
}

/// Runs the app with `content` as its statement: a report, or exit 2 naming
/// the statement (the run itself is bounded by the hang guard).
fn check_statement(label: &str, content: &[u8]) {
    let dir = app();
    write(dir.path(), "PRIVACY.md", content);
    let run = run(dir.path());
    if run.code == 2 {
        assert!(
            run.stderr.contains("PRIVACY.md"),
            "{label}: error does not name the statement: {}",
            run.stderr
        );
    } else {
        assert_accounted(&run, &["src/index.js"]);
    }
}

#[test]
fn an_empty_blank_or_binary_statement_is_handled() {
    check_statement("empty", b"");
    check_statement("blank", b"\n\n   \n");
    check_statement("binary", &[0, 1, 2, 0xff, 0xfe, 0, 0x89, b'P', b'N', b'G']);
    check_statement("NUL in text", b"We do not sell data.\0\0\0");
}

#[test]
fn a_statement_over_the_size_limit_is_refused() {
    let big = "We do not share data with third parties. ".repeat(11 * 1024 * 1024 / 41);
    let dir = app();
    write(dir.path(), "PRIVACY.md", &big);
    refused(dir.path(), "PRIVACY.md");
}

#[test]
fn a_10_mb_statement_finishes_within_the_timeout() {
    let ten_mb = "We do not share data with third parties. ".repeat(10_000_000 / 41);
    check_statement("10 MB", ten_mb.as_bytes());
}

#[test]
fn paths_with_spaces_and_non_ascii_names_are_reported_as_they_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = "my app/Ünïcødé – 日本";
    write(dir.path(), &format!("{root}/manifest.yml"), MANIFEST);
    write(
        dir.path(),
        &format!("{root}/src/dätä files/ïndex fïle.js"),
        "export const go = () => fetch('https://api.example.com/x');\n",
    );
    write(
        dir.path(),
        &format!("{root}/PRIVACY – privé.md"),
        "We do not use analytics.\n",
    );
    let run = report(dir.path());
    let file = format!("{root}/src/dätä files/ïndex fïle.js");
    assert!(run.stdout.contains(&file), "{}", run.stdout);
    assert_eq!(run.json()["apps"][0]["root"].as_str(), Some(root));
    assert_accounted(&run, &[file.as_str()]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_listed() {
    use std::os::unix::ffi::OsStrExt;
    let dir = app();
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff\xfe-name.js");
    std::fs::write(dir.path().join("src").join(name), "fetch('x');\n").expect("write");
    let run = report(dir.path());
    let skipped = run.skipped();
    assert!(
        skipped
            .iter()
            .any(|(p, r)| p.starts_with("src/bad-") && r.contains("UTF-8")),
        "{skipped:?}"
    );
    assert_accounted(&run, &["src/index.js"]);
}
