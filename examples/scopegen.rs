//! Generates `rulesets/scopes/routes.tsv`, the route -> required-scope table
//! claimcheck embeds, from Atlassian product OpenAPI documents.
//!
//! ```text
//! cargo run --example scopegen -- \
//!     jira=path/to/jira-platform.v3.json \
//!     jira=path/to/jira-software.v3.json \
//!     confluence=path/to/confluence-v2.v3.json > rulesets/scopes/routes.tsv
//! ```
//!
//! Each argument is `<product>=<spec file>`; the product is the one whose
//! `request<Product>` function reaches those routes (`jira`, `confluence`,
//! `bitbucket`). For every operation the table keeps the method, the path
//! template (prefixed by the path of the spec's first server URL, so Confluence
//! v2 routes read `/wiki/api/v2/pages`) and two scope sets:
//!
//! - `current`: the operation's `x-atlassian-oauth2-scopes` entry with state
//!   `Current` (classic scopes such as `read:jira-work` in Jira; Confluence v2
//!   lists granular names here);
//! - `beta`: the entry with state `Beta` (granular scopes such as `read:issue:jira`).
//!
//! Without `x-atlassian-oauth2-scopes` the OAuth entries of `security` are used,
//! split by shape: a scope with one colon (`read:jira-work`) is classic and goes
//! to `current`, one with two (`read:sprint:jira-software`) is granular and goes
//! to `beta`. When such an operation names granular scopes only, `current` is
//! written `?`: the document does not say which classic scope works, and the
//! checker must not guess. An empty set is `-`.
//!
//! Output is sorted by product, path and method, so a regenerated table diffs
//! cleanly. The spec documents themselves are not part of the repository.

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// HTTP methods OpenAPI path items may hold.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

/// One table row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    product: String,
    path: String,
    method: String,
    current: Option<BTreeSet<String>>,
    beta: BTreeSet<String>,
}

fn main() -> ExitCode {
    match run() {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("scopegen: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        bail!("usage: scopegen <product>=<openapi.json>...");
    }
    let mut rows = BTreeSet::new();
    let mut sources = Vec::new();
    for arg in &args {
        let Some((product, path)) = arg.split_once('=') else {
            bail!("argument `{arg}` is not <product>=<spec file>");
        };
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
        let spec: Value =
            serde_json::from_str(&text).with_context(|| format!("parsing {path} as JSON"))?;
        let title = spec["info"]["title"].as_str().unwrap_or("untitled");
        let version = spec["info"]["version"].as_str().unwrap_or("unversioned");
        sources.push(format!("{product}: {title} {version}"));
        rows.extend(rows_of(product, &spec).with_context(|| format!("reading routes of {path}"))?);
    }
    Ok(render(&sources, &rows))
}

/// Every operation of one spec as a row.
fn rows_of(product: &str, spec: &Value) -> Result<Vec<Row>> {
    let base = server_path(spec);
    let Some(paths) = spec["paths"].as_object() else {
        bail!("no `paths` object");
    };
    let mut rows = Vec::new();
    for (template, item) in paths {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let (current, beta) = scopes_of(operation);
            rows.push(Row {
                product: product.to_string(),
                path: format!("{base}{template}"),
                method: method.to_ascii_uppercase(),
                current,
                beta,
            });
        }
    }
    Ok(rows)
}

/// The path part of the first server URL (`https://{your-domain}/wiki/api/v2`
/// -> `/wiki/api/v2`), without a trailing slash.
fn server_path(spec: &Value) -> String {
    let url = spec["servers"][0]["url"].as_str().unwrap_or("");
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_string()
}

/// `(current, beta)`; `current` is `None` when only granular scopes are known.
fn scopes_of(operation: &Value) -> (Option<BTreeSet<String>>, BTreeSet<String>) {
    if let Some(entries) = operation["x-atlassian-oauth2-scopes"].as_array() {
        let mut current = BTreeSet::new();
        let mut beta = BTreeSet::new();
        for entry in entries {
            let target = match entry["state"].as_str() {
                Some("Current") => &mut current,
                Some("Beta") => &mut beta,
                _ => continue,
            };
            target.extend(strings(&entry["scopes"]));
        }
        return (Some(current), beta);
    }
    let mut classic = BTreeSet::new();
    let mut granular = BTreeSet::new();
    for requirement in operation["security"].as_array().into_iter().flatten() {
        let Some(schemes) = requirement.as_object() else {
            continue;
        };
        for (scheme, scopes) in schemes {
            if scheme == "basicAuth" {
                continue;
            }
            for scope in strings(scopes) {
                if scope.matches(':').count() >= 2 {
                    granular.insert(scope);
                } else {
                    classic.insert(scope);
                }
            }
        }
    }
    if classic.is_empty() && !granular.is_empty() {
        (None, granular)
    } else {
        (Some(classic), granular)
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn render(sources: &[String], rows: &BTreeSet<Row>) -> String {
    let mut out = String::from(
        "# Atlassian product REST routes and the OAuth scopes each needs.\n\
         # Generated by `cargo run --example scopegen` (examples/scopegen.rs); do not edit.\n\
         # A route is satisfied when every scope of `current` or every scope of `beta`\n\
         # is declared. `-` = no scope, `?` = not stated by the source document.\n",
    );
    for source in sources {
        out.push_str(&format!("# source {source}\n"));
    }
    out.push_str("# product\tmethod\tpath\tcurrent\tbeta\n");
    for row in rows {
        let current = row.current.as_ref().map_or("?".to_string(), join);
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            row.product,
            row.method,
            row.path,
            current,
            join(&row.beta)
        ));
    }
    out
}

fn join(scopes: &BTreeSet<String>) -> String {
    if scopes.is_empty() {
        "-".to_string()
    } else {
        scopes.iter().cloned().collect::<Vec<_>>().join(",")
    }
}
