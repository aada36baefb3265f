//! Reading manifest.yml. (skeleton: the manifest helper replaces this body)

use std::path::Path;

use super::model::Manifest;

/// Why a manifest could not be loaded. Every variant names the file; parse and
/// shape errors also carry the line and column of the offending node.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{path}: cannot read manifest: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
}

/// Reads and parses the manifest at `abs_path`; `rel_path` is used in locations.
pub fn load(abs_path: &Path, rel_path: &str) -> Result<Manifest, ManifestError> {
    let text = std::fs::read_to_string(abs_path).map_err(|source| ManifestError::Io {
        path: rel_path.to_string(),
        source,
    })?;
    parse(&text, rel_path)
}

/// Parses manifest text; `rel_path` is used in locations and errors.
pub fn parse(_text: &str, rel_path: &str) -> Result<Manifest, ManifestError> {
    Ok(Manifest {
        path: rel_path.to_string(),
        ..Manifest::default()
    })
}
