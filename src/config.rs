//! The project config file, `.claimcheck.yml` at the scanned root or
//! `--config FILE`. Every key is optional; unknown keys are errors with the
//! file and line, so a typo never silently disables a setting.
//!
//! ```yaml
//! policy: docs/privacy.md            # statement for every app (like --policy)
//! include: ["src/**", "static/**"]   # only these files are scanned
//! exclude: ["scripts/**"]            # never scanned
//! rulesets: [rules/vendors.yml]      # extra vendors, same format as rulesets/vendors/
//! phrases: [rules/claims.yml]        # extra claim phrases, same format as rulesets/claims.yml
//! severity:                          # per-rule severity: error, warning, note
//!   manifest/unused-egress: note
//! suppressions:                      # findings to suppress, each with a reason
//!   - rule: manifest/wildcard-egress
//!     path: manifest.yml             # a glob; omitted = everywhere
//!     reason: the partner rotates subdomains weekly
//! claims:                            # explicit claims, checked like statement claims
//!   - kind: no-analytics
//!     text: The app collects no analytics.
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::model::{ClaimKind, Severity};

/// The config file's name at the scanned root.
pub const FILE_NAME: &str = ".claimcheck.yml";

/// A loaded config; paths inside it are resolved against its folder.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the config came from (as shown in messages), if anywhere.
    pub path: Option<String>,
    pub policy: Option<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub rulesets: Vec<PathBuf>,
    pub phrases: Vec<PathBuf>,
    pub severity: BTreeMap<String, Severity>,
    pub suppressions: Vec<ConfigSuppression>,
    pub claims: Vec<ConfigClaim>,
}

/// A suppression from the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSuppression {
    pub rule: String,
    /// Glob over the finding's path; `None` matches every path.
    pub path: Option<String>,
    pub reason: String,
    pub line: u32,
}

/// An explicit claim from the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigClaim {
    pub kind: ClaimKind,
    pub text: String,
    pub hosts: Vec<String>,
    pub line: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    policy: Option<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rulesets: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    suppressions: Vec<Spanned<RawSuppression>>,
    #[serde(default)]
    claims: Vec<Spanned<RawClaim>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    rule: String,
    path: Option<String>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    kind: String,
    text: String,
    #[serde(default)]
    hosts: Vec<String>,
}

impl Config {
    /// `--config FILE` when given, else `.claimcheck.yml` at `root` if present,
    /// else the empty config.
    pub fn load(root: &Path, explicit: Option<&Path>) -> anyhow::Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let candidate = root.join(FILE_NAME);
                if !candidate.is_file() {
                    return Ok(Config::default());
                }
                candidate
            }
        };
        let shown = path.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{shown}: cannot read config"))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::parse(&shown, &text, &base)
    }

    /// Parses config text; relative paths in it are resolved against `base`.
    pub fn parse(shown: &str, text: &str, base: &Path) -> anyhow::Result<Config> {
        if text.trim().is_empty() {
            return Ok(Config {
                path: Some(shown.to_string()),
                ..Config::default()
            });
        }
        let raw: RawConfig = crate::rulesets::yaml::parse(shown, text)?;
        let resolve = |p: &String| base.join(p);
        let mut severity = BTreeMap::new();
        for (rule, level) in raw.severity {
            let line = level.referenced.line();
            let parsed = match level.value.as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "note" => Severity::Note,
                other => anyhow::bail!(
                    "{shown}:{line}: severity of `{rule}` must be error, warning or note, not `{other}`"
                ),
            };
            severity.insert(rule, parsed);
        }
        let mut suppressions = Vec::new();
        for s in raw.suppressions {
            let line = s.referenced.line() as u32;
            let reason = s
                .value
                .reason
                .filter(|r| !r.trim().is_empty())
                .with_context(|| {
                    format!(
                        "{shown}:{line}: suppression of `{}` needs a `reason`",
                        s.value.rule
                    )
                })?;
            if let Some(glob) = &s.value.path {
                globset::Glob::new(glob)
                    .with_context(|| format!("{shown}:{line}: invalid path glob `{glob}`"))?;
            }
            suppressions.push(ConfigSuppression {
                rule: s.value.rule,
                path: s.value.path,
                reason,
                line,
            });
        }
        let mut claims = Vec::new();
        for c in raw.claims {
            let line = c.referenced.line() as u32;
            let kind = ClaimKind::parse(&c.value.kind).with_context(|| {
                format!(
                    "{shown}:{line}: unknown claim kind `{}` (see `claimcheck claims --help`)",
                    c.value.kind
                )
            })?;
            claims.push(ConfigClaim {
                kind,
                text: c.value.text,
                hosts: c
                    .value
                    .hosts
                    .iter()
                    .map(|h| h.to_ascii_lowercase())
                    .collect(),
                line,
            });
        }
        for glob in raw.include.iter().chain(&raw.exclude) {
            globset::Glob::new(glob)
                .with_context(|| format!("{shown}: invalid include/exclude glob `{glob}`"))?;
        }
        Ok(Config {
            path: Some(shown.to_string()),
            policy: raw.policy.as_ref().map(resolve),
            include: raw.include,
            exclude: raw.exclude,
            rulesets: raw.rulesets.iter().map(resolve).collect(),
            phrases: raw.phrases.iter().map(resolve).collect(),
            severity,
            suppressions,
            claims,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<Config> {
        Config::parse(".claimcheck.yml", text, Path::new("/repo"))
    }

    #[test]
    fn a_full_config_is_read_with_paths_resolved() {
        let c = parse(
            "policy: docs/privacy.md\nexclude: ['scripts/**']\nrulesets: [rules/v.yml]\nseverity:\n  manifest/unused-egress: note\nsuppressions:\n  - rule: manifest/wildcard-egress\n    path: manifest.yml\n    reason: partner rotates hosts\nclaims:\n  - kind: no-analytics\n    text: No analytics.\n",
        )
        .unwrap();
        assert_eq!(c.policy, Some(PathBuf::from("/repo/docs/privacy.md")));
        assert_eq!(c.rulesets, [PathBuf::from("/repo/rules/v.yml")]);
        assert_eq!(c.severity["manifest/unused-egress"], Severity::Note);
        assert_eq!(c.suppressions[0].line, 7);
        assert_eq!(c.claims[0].kind, ClaimKind::NoAnalytics);
        assert_eq!(c.claims[0].line, 11);
    }

    #[test]
    fn unknown_keys_and_values_are_errors_with_the_line() {
        let err = parse("polcy: x.md\n").unwrap_err().to_string();
        assert!(err.starts_with(".claimcheck.yml:1:"), "{err}");
        let err = parse("severity:\n  claim/no-analytics: fatal\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(".claimcheck.yml:2:") && err.contains("fatal"),
            "{err}"
        );
        let err = parse("claims:\n  - kind: no-magic\n    text: x\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":2:") && err.contains("no-magic"), "{err}");
    }

    #[test]
    fn a_suppression_without_a_reason_is_refused() {
        let err = parse("suppressions:\n  - rule: manifest/unused-egress\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":2:") && err.contains("reason"), "{err}");
    }

    #[test]
    fn an_empty_file_is_the_default_config() {
        let c = parse("\n").unwrap();
        assert!(c.claims.is_empty() && c.severity.is_empty());
    }
}
