//! Lockfiles: catalogue packages an app ships without declaring them.
//!
//! package.json and Cargo.toml say what the app asks for; the lockfile says
//! what it gets. A vendor SDK pulled in by another package (`@acme/logger`
//! depending on `@sentry/node`) ships with the app all the same, so each
//! catalogue package reachable from the app's own dependencies is reported with
//! the chain that pulls it in. Packages the app declares itself are left to the
//! manifest scanners, so nothing is reported twice.

mod cargo;
mod graph;
mod npm;
mod pnpm;
mod yarn;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::lines::LineIndex;
use crate::model::{Fact, Location, Observation, ObservationKind, Side};
use crate::practice::cargo_toml;
use crate::rulesets::{Catalogue, Vendor};

use graph::Graph;

/// The dependencies the manifest beside a lockfile declares (package.json or
/// Cargo.toml), for the formats that do not record them or their kind.
#[derive(Debug, Clone, Default)]
pub struct DeclaredDeps {
    /// (name, development only).
    pub deps: Vec<(String, bool)>,
    /// (name, version range, development) for package.json, whose ranges name
    /// yarn classic entries.
    pub ranges: Vec<(String, String, bool)>,
}

impl DeclaredDeps {
    /// Declared only as a development (or build) dependency.
    pub fn is_dev_only(&self, name: &str) -> bool {
        let mut kinds = self.deps.iter().filter(|(n, _)| n == name).map(|(_, d)| *d);
        kinds.clone().next().is_some() && kinds.all(|dev| dev)
    }

    /// The dependencies of a package.json; `None` when it is not valid JSON.
    pub fn from_package_json(source: &str) -> Option<DeclaredDeps> {
        let json: Value = serde_json::from_str(source).ok()?;
        let mut declared = DeclaredDeps::default();
        for (section, dev) in [
            ("dependencies", false),
            ("optionalDependencies", false),
            ("peerDependencies", false),
            ("devDependencies", true),
        ] {
            let Some(deps) = json.get(section).and_then(Value::as_object) else {
                continue;
            };
            for (name, range) in deps {
                declared.deps.push((name.clone(), dev));
                if let Some(range) = range.as_str() {
                    declared.ranges.push((name.clone(), range.to_string(), dev));
                }
            }
        }
        Some(declared)
    }

    /// The dependencies of a Cargo.toml; `None` when its tables are malformed.
    pub fn from_cargo_toml(source: &str) -> Option<DeclaredDeps> {
        let deps = cargo_toml::read_dependencies(source).ok()?;
        Some(DeclaredDeps {
            deps: deps.iter().map(|d| (d.krate.clone(), d.is_dev())).collect(),
            ranges: Vec::new(),
        })
    }
}

/// The lockfile formats read, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Npm,
    Yarn,
    Pnpm,
    Cargo,
}

fn format_of(file_name: &str) -> Option<Format> {
    match file_name {
        "package-lock.json" | "npm-shrinkwrap.json" => Some(Format::Npm),
        "yarn.lock" => Some(Format::Yarn),
        "pnpm-lock.yaml" => Some(Format::Pnpm),
        "Cargo.lock" => Some(Format::Cargo),
        _ => None,
    }
}

/// `dependency` observations for catalogue packages (crates, for Cargo.lock) a
/// lockfile holds but the app does not declare itself. The detail gives the
/// chain from a declared dependency, e.g.
/// `@sentry/core (transitive: @acme/logger > @sentry/node > @sentry/core)`;
/// packages reachable only through development dependencies are `Side::Dev`.
/// The location is the package's entry in the lockfile. The manifest beside
/// the lockfile (`abs_path`'s folder) is read when the format needs it.
pub fn scan_lockfile(
    rel_path: &str,
    abs_path: &Path,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    let file_name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let format = format_of(file_name).ok_or_else(|| format!("not a lockfile: {file_name}"))?;
    let sibling = |name: &str| {
        abs_path
            .parent()
            .and_then(|dir| std::fs::read(dir.join(name)).ok())
            .and_then(|bytes| crate::text::decode(bytes).ok())
    };
    let graph = match format {
        Format::Npm => {
            let declared =
                sibling("package.json").and_then(|s| DeclaredDeps::from_package_json(&s));
            npm::parse(source, declared.as_ref())?
        }
        Format::Yarn => {
            let declared =
                sibling("package.json").and_then(|s| DeclaredDeps::from_package_json(&s));
            yarn::parse(source, declared.as_ref())?
        }
        Format::Pnpm => pnpm::parse(source)?,
        Format::Cargo => {
            let declared = sibling("Cargo.toml").and_then(|s| DeclaredDeps::from_cargo_toml(&s));
            cargo::parse(source, declared.as_ref())?
        }
    };
    let lookup = |name: &str| -> Option<&Vendor> {
        if format == Format::Cargo {
            catalogue.vendor_for_crate(name)
        } else {
            catalogue.vendor_for_package(name)
        }
    };
    Ok(report(rel_path, source, side, &graph, lookup))
}

fn report<'c>(
    rel_path: &str,
    source: &str,
    side: Side,
    graph: &Graph,
    lookup: impl Fn(&str) -> Option<&'c Vendor>,
) -> Vec<Observation> {
    // One observation per package name: production over development, then
    // the shortest chain.
    // What only Atlassian's own packages pull in (`@forge/api` > ... >
    // `@sentry/node`) runs as the platform's code, not the app's: it is not
    // reached at all.
    let first_party = |name: &str| lookup(name).is_some_and(Vendor::is_first_party);
    let mut best: BTreeMap<&str, graph::Reach> = BTreeMap::new();
    for reach in graph.reach_except(first_party) {
        let name = graph.nodes[reach.node].name.as_str();
        if graph.direct_names.iter().any(|d| d == name) {
            continue;
        }
        let better = best
            .get(name)
            .is_none_or(|b| (reach.dev_only, reach.chain.len()) < (b.dev_only, b.chain.len()));
        if better {
            best.insert(name, reach);
        }
    }
    let lines = LineIndex::new(source);
    let mut out = Vec::new();
    for (name, reach) in best {
        let Some(vendor) = lookup(name) else {
            continue;
        };
        if vendor.is_first_party() {
            continue;
        }
        let (line, column) = lines.position(graph.nodes[reach.node].offset);
        let mut obs = Observation::new(
            ObservationKind::Dependency,
            if reach.dev_only { Side::Dev } else { side },
            format!("{name} (transitive: {})", reach.chain.join(" > ")),
            Location::new(rel_path, line, Some(column)),
        );
        obs.vendor = Some(vendor.id.clone());
        obs.categories = vendor.categories.clone();
        obs.fact = Fact::Transitive {
            package: name.to_string(),
            chain: reach.chain,
        };
        out.push(obs);
    }
    out.sort_by(|a, b| {
        (a.location.line, a.location.column, &a.detail).cmp(&(
            b.location.line,
            b.location.column,
            &b.detail,
        ))
    });
    out
}

/// "invalid JSON at 2:8: expected value", like package.json.
fn json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i]);
    format!("invalid JSON at {}:{}: {message}", e.line(), e.column())
}

#[cfg(test)]
mod tests;
