//! package.json: the catalogue packages an app declares.

use serde_json::Value;

use crate::lines::LineIndex;
use crate::model::{Location, Observation, ObservationKind, Side};
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
    for section in SECTIONS {
        let Some(deps) = json.get(section).and_then(Value::as_object) else {
            continue;
        };
        let section_at = find_key(source, section, 0);
        for package in deps.keys() {
            let Some(vendor) = catalogue.vendor_for_package(package) else {
                continue;
            };
            if vendor.is_first_party() {
                continue;
            }
            let offset = section_at
                .and_then(|at| find_key(source, package, at))
                .unwrap_or(0);
            let (line, column) = lines.position(offset);
            let mut obs = Observation::new(
                ObservationKind::Dependency,
                if section == "devDependencies" {
                    Side::Dev
                } else {
                    side
                },
                format!("{package} ({section})"),
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
    Ok(out)
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
