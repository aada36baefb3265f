//! pnpm-lock.yaml, lockfile versions 5.x, 6.x and 9.x.
//!
//! Read line by line: pnpm writes a fixed layout (two-space indents, one key
//! per line, flow maps only for leaf values such as `resolution`), so the
//! indentation alone says which section and entry a line belongs to.
//!
//! - importers (`.`, workspace folders) or, in single-project 5.x/6.x files,
//!   top-level `dependencies` / `devDependencies` / `optionalDependencies`:
//!   the app's own dependencies, each with its resolved version;
//! - `packages` (and, in 9.x, `snapshots`): one entry per resolved package,
//!   keyed `/name/1.0.0` (5.x), `/name@1.0.0` (6.x) or `name@1.0.0` (9.x),
//!   with peer suffixes, and their `dependencies` / `optionalDependencies`.

use std::collections::HashMap;

use super::graph::{Graph, Node};

const PROD: [&str; 2] = ["dependencies", "optionalDependencies"];
const ALL: [&str; 3] = ["dependencies", "optionalDependencies", "devDependencies"];

#[derive(Clone, Copy, PartialEq)]
enum Section {
    Importers,
    /// Top-level dependency sections of 5.x/6.x single-project files.
    Direct {
        dev: bool,
    },
    Packages,
    Other,
}

/// Reads a pnpm-lock.yaml into a graph.
pub fn parse(source: &str) -> Result<Graph, String> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // (name, version value, dev) of the app's own dependencies, and the edges
    // (node, name, version value) to resolve once every entry is known.
    let mut direct: Vec<(String, String, bool)> = Vec::new();
    let mut edges: Vec<(usize, String, String)> = Vec::new();

    let mut slash_keys = false;
    let mut section = Section::Other;
    let mut entry: Option<usize> = None; // current package entry
    let mut in_deps = false; // under a package's dependencies
    let mut importer_dev: Option<bool> = None; // under an importer's section
    let mut pending: Option<(String, bool)> = None; // a dependency awaiting `version:`
    for (number, (at, line)) in crate::lines::line_indices(source).enumerate() {
        let text = line.trim_end();
        let field = text.trim_start();
        // List items (`transitivePeerDependencies`, `cpu`, `os` written in
        // block style) name no dependency edge.
        if field.is_empty() || field.starts_with('#') || field == "-" || field.starts_with("- ") {
            continue;
        }
        let indent = text.len() - field.len();
        let (key, value) = split_field(field)
            .ok_or_else(|| format!("line {}: expected `key: value`", number + 1))?;
        match indent {
            0 => {
                if key == "lockfileVersion" {
                    slash_keys = value.starts_with(['3', '4', '5']);
                }
                section = match key.as_str() {
                    "importers" => Section::Importers,
                    "dependencies" | "optionalDependencies" => Section::Direct { dev: false },
                    "devDependencies" => Section::Direct { dev: true },
                    "packages" | "snapshots" => Section::Packages,
                    _ => Section::Other,
                };
                entry = None;
                importer_dev = None;
                pending = None;
            }
            2 => match section {
                Section::Direct { dev } => {
                    pending = None;
                    if value.is_empty() {
                        pending = Some((key, dev));
                    } else {
                        direct.push((key, value, dev));
                    }
                }
                Section::Packages => {
                    entry = Some(node_for(&mut nodes, &mut by_key, &key, at, slash_keys));
                    in_deps = false;
                }
                Section::Importers | Section::Other => {}
            },
            4 => match section {
                Section::Packages => in_deps = PROD.contains(&key.as_str()),
                Section::Direct { .. } => {
                    if key == "version"
                        && let Some((name, dev)) = pending.take()
                    {
                        direct.push((name, value, dev));
                    }
                }
                Section::Importers => {
                    importer_dev = ALL
                        .contains(&key.as_str())
                        .then_some(key == "devDependencies");
                    pending = None;
                }
                Section::Other => {}
            },
            6 => match section {
                Section::Packages if in_deps => {
                    if let Some(node) = entry {
                        edges.push((node, key, value));
                    }
                }
                Section::Importers => {
                    if let Some(dev) = importer_dev {
                        if value.is_empty() {
                            pending = Some((key, dev));
                        } else {
                            direct.push((key, value, dev));
                        }
                    }
                }
                _ => {}
            },
            8 if section == Section::Importers && key == "version" => {
                if let Some((name, dev)) = pending.take() {
                    direct.push((name, value, dev));
                }
            }
            _ => {}
        }
    }
    let resolve = |name: &str, version: &str| -> Option<usize> {
        candidates(name, version)
            .iter()
            .find_map(|k| by_key.get(k).copied())
    };
    let mut graph = Graph::default();
    for (node, name, version) in &edges {
        if let Some(dep) = resolve(name, version) {
            nodes[*node].deps.push(dep);
        }
    }
    for (name, version, dev) in &direct {
        graph.direct_names.push(name.clone());
        if let Some(node) = resolve(name, version) {
            graph.roots.push((node, *dev));
            // An alias (`metrics: '@segment/analytics-next@1.72.0'`) is the
            // real package, declared directly.
            if nodes[node].name != *name {
                graph.direct_names.push(nodes[node].name.clone());
            }
        }
    }
    graph.nodes = nodes;
    Ok(graph)
}

/// `key: value`, `'quoted@key': value` or `key:` (value empty).
fn split_field(field: &str) -> Option<(String, String)> {
    let (key, rest) = match field.chars().next() {
        Some(q @ ('\'' | '"')) => {
            let end = field[1..].find(q)? + 1;
            (&field[1..end], &field[end + 1..])
        }
        _ => match field.find(": ") {
            Some(cut) => (&field[..cut], &field[cut..]),
            None => (field.strip_suffix(':')?, ""),
        },
    };
    let value = rest.trim_start_matches(':').trim();
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    Some((key.to_string(), value.to_string()))
}

/// The node of a package key. In 9.x `snapshots` repeats `packages` keys with
/// peer suffixes; such an entry joins the node of its `packages` key, so the
/// location stays the package's entry.
fn node_for(
    nodes: &mut Vec<Node>,
    by_key: &mut HashMap<String, usize>,
    key: &str,
    offset: usize,
    slash_keys: bool,
) -> usize {
    if let Some(&i) = by_key.get(key) {
        return i;
    }
    let base = key.split('(').next().unwrap_or(key);
    let i = match by_key.get(base) {
        Some(&i) => i,
        None => {
            nodes.push(Node {
                name: package_name(key, slash_keys).to_string(),
                offset,
                deps: Vec::new(),
            });
            nodes.len() - 1
        }
    };
    by_key.insert(key.to_string(), i);
    i
}

/// `/@scope/a/1.0.0_peer`, `/@scope/a@1.0.0(peer@1)`, `@scope/a@1.0.0` -> `@scope/a`.
/// 5.x (`slash_keys`) separates the version with a slash, and its peer
/// suffix (`_react@18.0.0`) never holds one.
fn package_name(key: &str, slash_keys: bool) -> &str {
    let key = key.strip_prefix('/').unwrap_or(key);
    if slash_keys {
        let before_peers = key.split('_').next().unwrap_or(key);
        return before_peers
            .rfind('/')
            .filter(|&cut| cut > 0)
            .map_or(key, |cut| &key[..cut]);
    }
    let base = key.split('(').next().unwrap_or(key);
    base.get(1..)
        .and_then(|rest| rest.rfind('@'))
        .map_or(base, |at| &base[..at + 1])
}

/// The package keys a dependency `name: version` may be filed under.
fn candidates(name: &str, version: &str) -> Vec<String> {
    if version.starts_with('/') {
        return vec![version.to_string()];
    }
    vec![
        format!("{name}@{version}"),
        format!("/{name}@{version}"),
        format!("/{name}/{version}"),
        // An alias (`alias: real@1.0.0` in 9.x).
        version.to_string(),
    ]
}
