//! package.json: the catalogue packages an app declares.

use serde_json::Value;

use crate::lines::LineIndex;
use crate::model::{Location, Observation, ObservationKind, Side, SkippedFile};
use crate::practice::aliases::{Aliases, DependencySource, dependency_source};
use crate::rulesets::Catalogue;

/// The dependency sections read, in the order they are reported.
const SECTIONS: [&str; 4] = [
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
];

/// `dependency` observations for catalogue packages a package.json declares
/// (first-party packages aside). devDependencies are `Side::Dev`; the location is
/// the package's key. Invalid JSON is an error naming its line and column.
pub fn scan_package_json(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    read_package_json(rel_path, source, side, catalogue).map(|read| read.observations)
}

/// What one package.json says beyond its catalogue packages.
#[derive(Debug, Default)]
pub struct PackageJson {
    /// `dependency` observations, as [`scan_package_json`] returns them.
    pub observations: Vec<Observation>,
    /// `"metrics": "npm:@segment/analytics-node@1"`: code imports `metrics`.
    pub aliases: Aliases,
    /// Production dependencies from git, a tarball URL or a local path: the
    /// name says nothing about their code, which is not analysed. Each is
    /// listed under the `node_modules` folder it is installed to.
    pub unread: Vec<SkippedFile>,
}

/// Reads a package.json: its catalogue packages (aliases resolved to the
/// real package), its aliases, and the dependencies it pulls from outside the
/// registry.
pub fn read_package_json(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<PackageJson, String> {
    let json: Value = serde_json::from_str(source).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; say it once, our way.
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        format!("invalid JSON at {}:{}: {message}", e.line(), e.column())
    })?;
    let lines = LineIndex::new(source);
    let mut out = Vec::new();
    let mut aliases = Aliases::default();
    let mut unread = Vec::new();
    let dir = rel_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    for section in SECTIONS {
        let Some(deps) = json.get(section).and_then(Value::as_object) else {
            continue;
        };
        let section_at = find_key(source, section, 0);
        for (package, spec) in deps {
            let position = || {
                let offset = section_at
                    .and_then(|at| find_key(source, package, at))
                    .unwrap_or(0);
                lines.position(offset)
            };
            let source_of = dependency_source(spec.as_str().unwrap_or_default());
            if let DependencySource::Alias(real) = source_of {
                aliases.insert(package, real);
            }
            // Dev and peer dependencies are not the app's shipped code.
            let shipped = matches!(section, "dependencies" | "optionalDependencies");
            if let Some(how) = source_of.unread_reason().filter(|_| shipped) {
                let (line, column) = position();
                let installed = match dir {
                    "" => format!("node_modules/{package}"),
                    dir => format!("{dir}/node_modules/{package}"),
                };
                unread.push(SkippedFile {
                    path: installed,
                    reason: format!(
                        "dependency `{package}` {how}, declared at {rel_path}:{line}:{column}: its code is not analysed and its name does not say what it is"
                    ),
                });
            }
            let real = match source_of {
                DependencySource::Alias(real) => Some(real),
                _ => None,
            };
            let Some(vendor) = catalogue.vendor_for_package(real.unwrap_or(package)) else {
                continue;
            };
            if vendor.is_first_party() {
                continue;
            }
            let (line, column) = position();
            let detail = match real {
                Some(real) => format!("{package} (alias of {real}; {section})"),
                None => format!("{package} ({section})"),
            };
            let mut obs = Observation::new(
                ObservationKind::Dependency,
                if section == "devDependencies" {
                    Side::Dev
                } else {
                    side
                },
                detail,
                Location::new(rel_path, line, Some(column)),
            );
            obs.vendor = Some(vendor.id.clone());
            obs.categories = vendor.categories.clone();
            out.push(obs);
        }
    }
    out.sort_by(|a, b| {
        (a.location.line, a.location.column).cmp(&(b.location.line, b.location.column))
    });
    Ok(PackageJson {
        observations: out,
        aliases,
        unread,
    })
}

/// Byte offset of `"key"` used as an object key (a `:` follows) at or after `from`.
fn find_key(source: &str, key: &str, from: usize) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut at = from;
    while let Some(found) = source.get(at..)?.find(&quoted) {
        let start = at + found;
        let after = &source[start + quoted.len()..];
        if after.trim_start().starts_with(':') {
            return Some(start);
        }
        at = start + quoted.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulesets::Vendor;

    fn vendor(id: &str, categories: &[&str], packages: &[&str]) -> Vendor {
        Vendor {
            id: id.into(),
            name: id.into(),
            organisation: id.into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            packages: packages.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }

    fn catalogue() -> Catalogue {
        Catalogue::from_vendors(vec![
            vendor("sentry", &["error-tracking"], &["@sentry/*"]),
            vendor("mixpanel", &["analytics"], &["mixpanel-browser"]),
            vendor("atlassian", &["atlassian"], &["@forge/*"]),
        ])
    }

    const MANIFEST: &str = r#"{
  "name": "app",
  "description": "mentions \"@sentry/node\": nothing",
  "dependencies": {
    "@forge/api": "^5.0.0",
    "@sentry/node": "^8.0.0"
  },
  "devDependencies": {
    "mixpanel-browser": "2"
  }
}"#;

    #[test]
    fn reports_catalogue_packages_at_their_key_in_the_right_section() {
        let found =
            scan_package_json("package.json", MANIFEST, Side::Backend, &catalogue()).unwrap();
        let seen: Vec<(String, Side, u32, Option<u32>)> = found
            .iter()
            .map(|o| (o.detail.clone(), o.side, o.location.line, o.location.column))
            .collect();
        assert_eq!(
            seen,
            vec![
                (
                    "@sentry/node (dependencies)".into(),
                    Side::Backend,
                    6,
                    Some(5)
                ),
                (
                    "mixpanel-browser (devDependencies)".into(),
                    Side::Dev,
                    9,
                    Some(5)
                ),
            ]
        );
        assert_eq!(found[0].vendor.as_deref(), Some("sentry"));
        assert_eq!(found[0].categories, vec!["error-tracking".to_string()]);
    }

    #[test]
    fn first_party_and_unknown_packages_are_not_reported() {
        let src = r#"{"dependencies": {"@forge/bridge": "1", "lodash": "4"}}"#;
        assert!(
            scan_package_json("package.json", src, Side::Frontend, &catalogue())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn aliases_resolve_to_their_vendor_and_git_dependencies_are_listed() {
        let src = r#"{
  "dependencies": {
    "metrics": "npm:@sentry/node@8",
    "tracker": "github:acme/tracker#v2",
    "local": "file:../shared",
    "lodash": "^4"
  },
  "devDependencies": { "fixtures": "git+https://github.com/acme/fx.git" }
}"#;
        let read =
            read_package_json("static/ui/package.json", src, Side::Frontend, &catalogue()).unwrap();
        let seen: Vec<(&str, Option<&str>, u32)> = read
            .observations
            .iter()
            .map(|o| (o.detail.as_str(), o.vendor.as_deref(), o.location.line))
            .collect();
        assert_eq!(
            seen,
            [(
                "metrics (alias of @sentry/node; dependencies)",
                Some("sentry"),
                3
            )]
        );
        assert_eq!(
            read.aliases.resolve("metrics").as_deref(),
            Some("@sentry/node")
        );
        let unread: Vec<&str> = read.unread.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            unread,
            [
                "static/ui/node_modules/local",
                "static/ui/node_modules/tracker"
            ]
        );
        assert!(
            read.unread[1]
                .reason
                .starts_with("dependency `tracker` from git (`github:acme/tracker#v2`), declared at static/ui/package.json:4:5"),
            "{}",
            read.unread[1].reason
        );
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let err = scan_package_json(
            "package.json",
            "{\n  \"a\": ,\n}",
            Side::Backend,
            &catalogue(),
        )
        .unwrap_err();
        assert_eq!(err, "invalid JSON at 2:8: expected value");
    }
}
