//! package-lock.json / npm-shrinkwrap.json: the `packages` map of lockfile
//! versions 2 and 3, and the nested `dependencies` tree of version 1.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::graph::{Graph, Node};
use super::{DeclaredDeps, json_error};

/// Sections of a package entry whose packages npm installs with it.
const PROD_SECTIONS: [&str; 3] = ["dependencies", "optionalDependencies", "peerDependencies"];

/// Reads a package-lock.json into a graph. `declared` (the sibling package.json)
/// is only needed by version 1, which does not record the app's own entry.
pub fn parse(source: &str, declared: Option<&DeclaredDeps>) -> Result<Graph, String> {
    let json: Value = serde_json::from_str(source).map_err(|e| json_error(&e))?;
    match json.get("packages").and_then(Value::as_object) {
        Some(packages) => Ok(parse_packages(source, packages)),
        None => Ok(parse_v1(source, &json, declared)),
    }
}

/// Byte offset of each object key, where it is followed by `:` (first occurrence).
fn key_offsets(source: &str) -> HashMap<&str, usize> {
    let mut offsets = HashMap::new();
    let bytes = source.as_bytes();
    let mut at = 0;
    while let Some(found) = source[at..].find('"') {
        let start = at + found;
        // Lockfile keys hold no escapes, so the next quote closes the string.
        let Some(len) = source[start + 1..].find('"') else {
            break;
        };
        let end = start + 1 + len;
        let mut next = end + 1;
        while next < bytes.len() && bytes[next].is_ascii_whitespace() {
            next += 1;
        }
        if bytes.get(next) == Some(&b':') {
            offsets.entry(&source[start + 1..end]).or_insert(start);
        }
        at = end + 1;
    }
    offsets
}

/// The installed name of a `packages` key: what follows its last `node_modules/`.
fn name_of_key(key: &str) -> &str {
    key.rsplit_once("node_modules/")
        .map_or(key, |(_, name)| name)
}

/// Where a dependency of the package at `key` is installed: its own
/// `node_modules`, then each enclosing one up to the root (Node's resolution).
fn resolve(packages: &Map<String, Value>, key: &str, dep: &str) -> Option<String> {
    let mut base = key.to_string();
    loop {
        let candidate = if base.is_empty() {
            format!("node_modules/{dep}")
        } else {
            format!("{base}/node_modules/{dep}")
        };
        if packages.contains_key(&candidate) {
            return Some(candidate);
        }
        if base.is_empty() {
            return None;
        }
        base = match base.rfind("/node_modules/") {
            Some(cut) => base[..cut].to_string(),
            // A top-level package or a workspace folder: next is the root.
            None => String::new(),
        };
    }
}

fn dep_names<'j>(entry: &'j Value, sections: &[&str]) -> Vec<&'j str> {
    sections
        .iter()
        .filter_map(|s| entry.get(*s).and_then(Value::as_object))
        .flat_map(|deps| deps.keys().map(String::as_str))
        .collect()
}

/// Versions 2 and 3: a flat map from install path to package.
fn parse_packages(source: &str, packages: &Map<String, Value>) -> Graph {
    let offsets = key_offsets(source);
    let index: HashMap<&str, usize> = packages
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    // A workspace link (`"link": true`) stands for the folder it resolves to.
    let follow = |key: &str| -> Option<usize> {
        let entry = packages.get(key)?;
        let target = match entry.get("link").and_then(Value::as_bool) {
            Some(true) => entry.get("resolved").and_then(Value::as_str)?,
            _ => key,
        };
        index.get(target).copied()
    };
    let mut graph = Graph::default();
    for (key, entry) in packages {
        let name = entry
            .get("name")
            .and_then(Value::as_str)
            .filter(|_| key.contains("node_modules/"))
            .unwrap_or_else(|| name_of_key(key));
        let is_app = !key.contains("node_modules/");
        // The app's devDependencies are entry points (roots) of their own, not
        // edges, so nothing reached through them passes for production.
        let deps = dep_names(entry, &PROD_SECTIONS)
            .into_iter()
            .filter_map(|dep| resolve(packages, key, dep))
            .filter_map(|k| follow(&k))
            .collect();
        graph.nodes.push(Node {
            name: name.to_string(),
            offset: offsets.get(key.as_str()).copied().unwrap_or(0),
            deps,
        });
        // The root ("") and workspace folders are the app's own packages.
        if is_app {
            for (sections, dev) in [
                (&PROD_SECTIONS[..], false),
                (&["devDependencies"][..], true),
            ] {
                for dep in dep_names(entry, sections) {
                    graph.direct_names.push(dep.to_string());
                    if let Some(node) = resolve(packages, key, dep).and_then(|k| follow(&k)) {
                        graph.roots.push((node, dev));
                    }
                }
            }
        }
    }
    // The app's own entries are not packages anyone pulls in.
    graph.direct_names.extend(
        packages
            .iter()
            .filter(|(k, _)| !k.contains("node_modules/"))
            .filter_map(|(_, e)| e.get("name").and_then(Value::as_str))
            .map(str::to_string),
    );
    graph
}

/// Version 1: nested `dependencies` objects; `requires` names what each needs.
fn parse_v1(source: &str, json: &Value, declared: Option<&DeclaredDeps>) -> Graph {
    let mut graph = Graph::default();
    let mut paths: Vec<Vec<String>> = Vec::new();
    let mut entries: Vec<&Value> = Vec::new();
    let mut by_path: HashMap<Vec<String>, usize> = HashMap::new();
    // Depth-first over the nested trees, recording each package's path.
    let mut stack: Vec<(Vec<String>, &Value)> = Vec::new();
    if let Some(deps) = json.get("dependencies").and_then(Value::as_object) {
        for (name, entry) in deps.iter().rev() {
            stack.push((vec![name.clone()], entry));
        }
    }
    while let Some((path, entry)) = stack.pop() {
        if let Some(nested) = entry.get("dependencies").and_then(Value::as_object) {
            for (name, child) in nested.iter().rev() {
                let mut child_path = path.clone();
                child_path.push(name.clone());
                stack.push((child_path, child));
            }
        }
        by_path.insert(path.clone(), paths.len());
        paths.push(path);
        entries.push(entry);
    }
    let lookup = |from: &[String], dep: &str| -> Option<usize> {
        let mut scope = from.to_vec();
        loop {
            let mut candidate = scope.clone();
            candidate.push(dep.to_string());
            if let Some(&i) = by_path.get(&candidate) {
                return Some(i);
            }
            scope.pop()?;
        }
    };
    let mut required = vec![false; paths.len()];
    for (path, entry) in paths.iter().zip(&entries) {
        let name = path.last().cloned().unwrap_or_default();
        let deps: Vec<usize> = entry
            .get("requires")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|r| r.keys())
            .filter_map(|dep| lookup(path, dep))
            .collect();
        for &d in &deps {
            required[d] = true;
        }
        let offset = find_object_key(source, &name).unwrap_or(0);
        graph.nodes.push(Node { name, offset, deps });
    }
    match declared {
        Some(declared) => {
            for (name, dev) in &declared.deps {
                graph.direct_names.push(name.clone());
                if let Some(i) = lookup(&[], name) {
                    graph.roots.push((i, *dev));
                }
            }
        }
        // Without package.json, the top-level packages nothing requires are the
        // app's own dependencies, and npm marks development ones `"dev": true`.
        None => {
            for (i, path) in paths.iter().enumerate() {
                if path.len() == 1 && !required[i] {
                    let dev = entries[i].get("dev").and_then(Value::as_bool) == Some(true);
                    graph.direct_names.push(path[0].clone());
                    graph.roots.push((i, dev));
                }
            }
        }
    }
    graph
}

/// Offset of `"name"` used as a key whose value is an object.
fn find_object_key(source: &str, name: &str) -> Option<usize> {
    let quoted = format!("\"{name}\"");
    let mut at = 0;
    while let Some(found) = source[at..].find(&quoted) {
        let start = at + found;
        let rest = source[start + quoted.len()..].trim_start();
        if let Some(value) = rest.strip_prefix(':')
            && value.trim_start().starts_with('{')
        {
            return Some(start);
        }
        at = start + quoted.len();
    }
    None
}
