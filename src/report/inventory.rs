//! The `inventory` command: only the practice side, for vendors writing their
//! statement from scratch. Grouped by vendor, then what has no vendor.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::json;

use crate::CheckResult;
use crate::model::{Observation, ObservationKind, Side};

/// A table per app: each vendor with its categories, sides and locations, then
/// unattributed hosts, storage, remotes and the rest.
pub fn render_text(result: &CheckResult) -> String {
    let mut out = String::new();
    for app in &result.apps {
        let _ = writeln!(
            out,
            "App {} ({} files scanned)\n",
            app.root, app.files_scanned
        );
        let mut by_vendor: BTreeMap<&str, Vec<&Observation>> = BTreeMap::new();
        let mut other: BTreeMap<&'static str, Vec<&Observation>> = BTreeMap::new();
        for obs in &app.inventory {
            match obs.vendor.as_deref() {
                Some(v) => by_vendor.entry(v).or_default().push(obs),
                None => other.entry(obs.kind.as_str()).or_default().push(obs),
            }
        }
        for (vendor, observations) in &by_vendor {
            let categories = observations
                .first()
                .map(|o| o.categories.join(", "))
                .unwrap_or_default();
            let _ = writeln!(out, "{vendor} ({categories})");
            for obs in observations {
                write_line(&mut out, obs);
            }
            let _ = writeln!(out);
        }
        for (kind, observations) in &other {
            let _ = writeln!(out, "{kind}");
            for obs in observations {
                write_line(&mut out, obs);
            }
            let _ = writeln!(out);
        }
        if app.inventory.is_empty() {
            let _ = writeln!(
                out,
                "Nothing found: no network calls, SDKs, storage or remotes.\n"
            );
        }
        let leaves = leaving_atlassian(&app.inventory);
        let _ = writeln!(
            out,
            "Leaves Atlassian (outside tests): {}\n",
            if leaves.is_empty() {
                "nothing found".to_string()
            } else {
                leaves.join(", ")
            }
        );
    }
    out
}

fn write_line(out: &mut String, obs: &Observation) {
    let host = obs
        .host
        .as_deref()
        .map(|h| format!(" -> {h}"))
        .unwrap_or_default();
    let also: Vec<String> = obs.also_at.iter().map(|l| l.to_string()).collect();
    let also = if also.is_empty() {
        String::new()
    } else {
        format!(" (also {})", also.join(", "))
    };
    let _ = writeln!(
        out,
        "  {:<8} {:<15} {}{host}  {}{also}",
        obs.side.as_str(),
        obs.kind.as_str(),
        obs.detail,
        obs.location
    );
    // A use reached through other modules: one line per hop.
    for hop in &obs.trace {
        let _ = writeln!(out, "  {:<8} {:<15} via {hop}", "", "");
    }
}

/// Hosts and vendors that receive data from non-dev code, Atlassian aside.
fn leaving_atlassian(inventory: &[Observation]) -> Vec<String> {
    let mut out: Vec<String> = inventory
        .iter()
        .filter(|o| o.side != Side::Dev && o.vendor.as_deref() != Some("atlassian"))
        .filter_map(|o| match o.kind {
            ObservationKind::NetworkCall | ObservationKind::Remote => {
                o.host.clone().or(o.vendor.clone())
            }
            ObservationKind::Sdk => o.vendor.clone(),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

pub fn render_json(result: &CheckResult) -> String {
    let apps: Vec<_> = result
        .apps
        .iter()
        .map(|a| json!({"root": a.root, "manifest": a.manifest, "files_scanned": a.files_scanned}))
        .collect();
    let mut inventory: Vec<&Observation> = result.apps.iter().flat_map(|a| &a.inventory).collect();
    inventory
        .sort_by(|a, b| (&a.location, a.kind, &a.detail).cmp(&(&b.location, b.kind, &b.detail)));
    let skipped: Vec<_> = result.apps.iter().flat_map(|a| &a.skipped).collect();
    let value = json!({
        "schema_version": 1,
        "apps": apps,
        "inventory": inventory,
        "files_skipped": skipped,
    });
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}
