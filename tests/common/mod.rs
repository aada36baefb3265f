//! Helpers shared by the integration tests (a folder module, so cargo does not
//! build it as a test of its own).
// Each test crate uses only some of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Every bundled sample app (a folder of `sample-apps/` with a manifest), sorted.
pub fn sample_apps() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-apps");
    let mut apps: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("sample-apps/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.join("manifest.yml").is_file())
        .collect();
    apps.sort();
    assert!(apps.len() >= 6, "expected the sample apps, found {apps:?}");
    apps
}

/// Where two reports first differ, for a test failure message: the line
/// number with both lines, or the line counts when one is a prefix.
pub fn first_difference(expected: &str, actual: &str) -> String {
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("  line {}:\n  expected: {e}\n  actual:   {a}", i + 1);
        }
    }
    format!(
        "  lengths differ: expected {} lines, actual {} lines",
        expected.lines().count(),
        actual.lines().count()
    )
}

/// The smallest manifest with an `app:` key: one function.
pub const MINIMAL_MANIFEST: &str = "\
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
  runtime:
    name: nodejs22.x
modules:
  function:
    - key: main
      handler: index.run
";

/// Writes `text` at `rel` under `dir`, creating folders.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}
