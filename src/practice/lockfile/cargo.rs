//! Cargo.lock: `[[package]]` blocks with `name`, `version`, `source` and a
//! `dependencies` array of `"name"`, `"name version"` or
//! `"name version (source)"`. Packages without `source` are the workspace's
//! own crates; their dependencies are the entry points.

use std::collections::HashMap;

use super::DeclaredDeps;
use super::graph::{Graph, Node};

#[derive(Default)]
struct Package {
    name: String,
    version: String,
    local: bool,
    offset: usize,
    deps: Vec<String>,
}

/// Reads a Cargo.lock into a graph. `declared` (the sibling Cargo.toml) tells
/// which of the workspace's dependencies are dev or build dependencies.
pub fn parse(source: &str, declared: Option<&DeclaredDeps>) -> Result<Graph, String> {
    let mut packages: Vec<Package> = Vec::new();
    let mut in_package = false;
    let mut in_deps = false;
    for (number, (at, line)) in crate::lines::line_indices(source).enumerate() {
        let code = line.trim();
        if code.starts_with('[') && !in_deps {
            in_package = code == "[[package]]";
            if in_package {
                packages.push(Package {
                    local: true,
                    offset: at,
                    ..Package::default()
                });
            }
            continue;
        }
        if !in_package {
            continue;
        }
        let Some(package) = packages.last_mut() else {
            continue;
        };
        if in_deps {
            in_deps = !code.starts_with(']');
            if let Some(dep) = string_item(code) {
                package.deps.push(dep);
            }
            continue;
        }
        let Some((key, value)) = code.split_once('=') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "name" => {
                package.name = string_item(value)
                    .ok_or_else(|| format!("line {}: `name` is not a string", number + 1))?;
                package.offset = at + (line.len() - line.trim_start().len());
            }
            "version" => package.version = string_item(value).unwrap_or_default(),
            "source" => package.local = false,
            "dependencies" => {
                // `dependencies = [` opens a multi-line array; a one-line array
                // is read at once.
                let items = value.trim_start_matches('[');
                for item in items.trim_end_matches(']').split(',') {
                    if let Some(dep) = string_item(item) {
                        package.deps.push(dep);
                    }
                }
                in_deps = !value.ends_with(']');
            }
            _ => {}
        }
    }
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in packages.iter().enumerate() {
        by_name.entry(p.name.as_str()).or_default().push(i);
    }
    let resolve = |spec: &str| -> Option<usize> {
        let mut parts = spec.split_whitespace();
        let name = parts.next()?;
        let version = parts.next();
        let options = by_name.get(name)?;
        match version {
            Some(v) => options.iter().find(|&&i| packages[i].version == v).copied(),
            None => options.first().copied(),
        }
    };
    let mut graph = Graph::default();
    for p in &packages {
        graph.nodes.push(Node {
            name: p.name.clone(),
            offset: p.offset,
            deps: if p.local {
                Vec::new()
            } else {
                p.deps.iter().filter_map(|d| resolve(d)).collect()
            },
        });
    }
    for p in packages.iter().filter(|p| p.local) {
        graph.direct_names.push(p.name.clone());
        for dep in &p.deps {
            let name = dep.split_whitespace().next().unwrap_or_default();
            graph.direct_names.push(name.to_string());
            let dev = declared.is_some_and(|d| d.is_dev_only(name));
            if let Some(node) = resolve(dep) {
                graph.roots.push((node, dev));
            }
        }
    }
    Ok(graph)
}

/// `"text",` -> text.
fn string_item(code: &str) -> Option<String> {
    let code = code.trim().trim_end_matches(',').trim();
    code.strip_prefix('"')?
        .strip_suffix('"')
        .map(str::to_string)
}
