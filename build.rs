//! Converts the embedded rulesets from YAML, the format people edit and review,
//! to JSON in `OUT_DIR`, which the binary embeds instead. Reading 70 KB of YAML
//! was most of every run's start-up (serde-saphyr reads about 7 MB/s);
//! serde_json reads the same data in well under a millisecond. A malformed
//! ruleset fails the build, naming the file and position.
//!
//! Users' own ruleset files (`--ruleset`, `phrases:`) are still YAML, read at
//! run time with positions in every error.

use std::path::{Path, PathBuf};

fn main() -> Result<(), String> {
    println!("cargo:rerun-if-changed=rulesets");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let vendors_out = out.join("vendors");
    std::fs::create_dir_all(&vendors_out).map_err(|e| format!("{}: {e}", vendors_out.display()))?;
    let vendors = Path::new("rulesets/vendors");
    let entries = std::fs::read_dir(vendors).map_err(|e| format!("{}: {e}", vendors.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", vendors.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "yml") {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            to_json(&path, &vendors_out.join(format!("{name}.json")))?;
        }
    }
    to_json(
        Path::new("rulesets/claims.yml"),
        &out.join("claims.yml.json"),
    )
}

/// Writes the YAML file `from` as JSON to `to`.
fn to_json(from: &Path, to: &Path) -> Result<(), String> {
    let yaml = std::fs::read_to_string(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let value: serde_json::Value =
        serde_saphyr::from_str(&yaml).map_err(|e| format!("{}: {e}", from.display()))?;
    let json = serde_json::to_string(&value).map_err(|e| format!("{}: {e}", from.display()))?;
    std::fs::write(to, json).map_err(|e| format!("{}: {e}", to.display()))
}
