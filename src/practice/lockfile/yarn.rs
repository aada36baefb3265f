//! yarn.lock, classic (v1) and berry (v2+) formats.
//!
//! Both are read line by line: an unindented `specs:` header opens an entry, its
//! fields are indented two spaces and the names under `dependencies:` four.
//! Classic writes `name "range"`, berry `name: range` (YAML); both fit one reader.

use std::collections::HashMap;

use super::DeclaredDeps;
use super::graph::{Graph, Node};

struct Entry {
    /// The specs the header lists (`a@^1`, `a@npm:^1.2`).
    specs: Vec<String>,
    name: String,
    offset: usize,
    /// Workspace entries of berry (`app@workspace:.`) are the app itself.
    workspace: Option<String>,
    deps: Vec<(String, String)>,
}

/// Reads a yarn.lock into a graph. Classic lockfiles do not record the app's
/// own dependencies, so `declared` (the sibling package.json) gives the entry
/// points; berry records them in workspace entries, and `declared` only tells
/// which of the root's are devDependencies.
pub fn parse(source: &str, declared: Option<&DeclaredDeps>) -> Result<Graph, String> {
    let entries = read_entries(source)?;
    let mut by_spec: HashMap<&str, usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        for spec in &entry.specs {
            by_spec.insert(spec.as_str(), i);
        }
    }
    let resolve = |name: &str, range: &str| -> Option<usize> {
        let spec = format!("{name}@{range}");
        by_spec
            .get(spec.as_str())
            .or_else(|| by_spec.get(format!("{name}@npm:{range}").as_str()))
            .copied()
    };
    let mut graph = Graph::default();
    let mut depended = vec![false; entries.len()];
    for entry in &entries {
        let deps: Vec<usize> = entry
            .deps
            .iter()
            .filter_map(|(n, r)| resolve(n, r))
            .collect();
        for &d in &deps {
            if let Some(flag) = depended.get_mut(d) {
                *flag = true;
            }
        }
        // Workspace entries list the app's dependencies, which are roots.
        let edges = if entry.workspace.is_some() {
            Vec::new()
        } else {
            deps
        };
        graph.nodes.push(Node {
            name: entry.name.clone(),
            offset: entry.offset,
            deps: edges,
        });
    }
    let is_dev = |name: &str| declared.is_some_and(|d| d.is_dev_only(name));
    let workspaces: Vec<&Entry> = entries.iter().filter(|e| e.workspace.is_some()).collect();
    if !workspaces.is_empty() {
        for ws in workspaces {
            let root_workspace = ws.workspace.as_deref() == Some(".");
            graph.direct_names.push(ws.name.clone());
            for (name, range) in &ws.deps {
                graph.direct_names.push(name.clone());
                if let Some(node) = resolve(name, range) {
                    graph.roots.push((node, root_workspace && is_dev(name)));
                }
            }
        }
    } else if let Some(declared) = declared {
        for (name, range, dev) in &declared.ranges {
            graph.direct_names.push(name.clone());
            if let Some(node) = resolve(name, range) {
                graph.roots.push((node, *dev));
            }
        }
    } else {
        // No package.json beside a classic lockfile: the packages nothing
        // depends on are the app's own dependencies.
        for (i, flag) in depended.iter().enumerate() {
            if !flag {
                graph.direct_names.push(entries[i].name.clone());
                graph.roots.push((i, false));
            }
        }
    }
    Ok(graph)
}

fn is_header(line: &str) -> bool {
    !line.is_empty()
        && !line.starts_with([' ', '\t', '#'])
        && line.ends_with(':')
        && line != "__metadata:"
}

/// `"a@^1", a@^1.2:` -> [`a@^1`, `a@^1.2`].
fn split_specs(header: &str) -> Vec<String> {
    header
        .trim_end_matches(':')
        .split(',')
        .map(|s| unquote(s.trim()).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s)
}

/// The package name of a spec: up to the `@` that starts the range (a scope's
/// leading `@` is part of the name).
fn spec_name(spec: &str) -> &str {
    match spec.get(1..).and_then(|rest| rest.find('@')) {
        Some(at) => &spec[..at + 1],
        None => spec,
    }
}

fn read_entries(source: &str) -> Result<Vec<Entry>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut in_deps = false;
    for (number, (at, line)) in crate::lines::line_indices(source).enumerate() {
        let text = line.trim_end();
        if is_header(text) {
            let specs = split_specs(text);
            let Some(first) = specs.first() else {
                return Err(format!("line {}: empty entry header", number + 1));
            };
            let workspace = specs
                .iter()
                .find_map(|s| s.split_once("@workspace:").map(|(_, w)| w.to_string()));
            entries.push(Entry {
                name: spec_name(first).to_string(),
                specs: specs.clone(),
                offset: at,
                workspace,
                deps: Vec::new(),
            });
            in_deps = false;
            continue;
        }
        let indent = text.len() - text.trim_start().len();
        let field = text.trim_start();
        if field.is_empty() || field.starts_with('#') {
            continue;
        }
        match indent {
            2 => {
                // peerDependencies are provided by the dependent, not pulled in.
                in_deps = matches!(field, "dependencies:" | "optionalDependencies:");
            }
            4 if in_deps => {
                let Some(entry) = entries.last_mut() else {
                    continue;
                };
                if let Some(dep) = dependency_line(field) {
                    entry.deps.push(dep);
                }
            }
            _ => {}
        }
    }
    Ok(entries)
}

/// `"@scope/a" "^1"` (classic), `"@scope/a": "npm:^1"` or `a: ^1` (berry).
fn dependency_line(field: &str) -> Option<(String, String)> {
    let (name, rest) = if let Some(quoted) = field.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        let end = field.find([' ', ':'])?;
        (&field[..end], &field[end..])
    };
    let range = unquote(rest.trim_start_matches(':').trim());
    (!name.is_empty() && !range.is_empty()).then(|| (name.to_string(), range.to_string()))
}
