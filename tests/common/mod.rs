//! Helpers shared by the integration tests (a folder module, so cargo does not
//! build it as a test of its own).

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
