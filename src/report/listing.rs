//! Plain listings for the `claims` and `vendors` commands.

use std::fmt::Write;

use serde_json::json;

use crate::model::Claim;
use crate::rulesets::Catalogue;

/// One block per claim: id, kind, flags, location, sentence, exceptions.
pub fn claims_text(claims: &[Claim]) -> String {
    let mut out = String::new();
    if claims.is_empty() {
        out.push_str("No claims found.\n");
    }
    for claim in claims {
        let mut flags = Vec::new();
        if claim.hedged {
            flags.push("hedged".to_string());
        }
        if let Some(scope) = &claim.scope {
            flags.push(format!("scope: {scope}"));
        }
        if !claim.hosts.is_empty() {
            flags.push(format!("hosts: {}", claim.hosts.join(", ")));
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join("; "))
        };
        let _ = writeln!(
            out,
            "{:<4} {:<24} {}{flags}",
            claim.id,
            claim.kind.as_str(),
            claim.location
        );
        let _ = writeln!(out, "     \"{}\"", claim.text);
        let _ = writeln!(out, "     because: {}", claim.because);
        for exception in &claim.exceptions {
            let _ = writeln!(out, "     except: {}", exception.text);
        }
    }
    out
}

pub fn claims_json(claims: &[Claim]) -> String {
    pretty(&json!({ "schema_version": 1, "claims": claims }))
}

/// One line per vendor: id, name, categories, and how many packages and hosts
/// identify it.
pub fn vendors_text(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    let vendors = catalogue.vendors();
    for v in vendors {
        let _ = writeln!(
            out,
            "{:<24} {:<32} {:<40} {} packages, {} hosts",
            v.id,
            v.name,
            v.categories.join(","),
            v.packages.len(),
            v.hosts.len()
        );
    }
    let packages: usize = vendors.iter().map(|v| v.packages.len()).sum();
    let hosts: usize = vendors.iter().map(|v| v.hosts.len()).sum();
    let _ = writeln!(
        out,
        "\n{} vendors, {packages} package patterns, {hosts} host patterns",
        vendors.len()
    );
    out
}

pub fn vendors_json(catalogue: &Catalogue) -> String {
    let vendors: Vec<_> = catalogue
        .vendors()
        .iter()
        .map(|v| {
            json!({
                "id": v.id,
                "name": v.name,
                "organisation": v.organisation,
                "categories": v.categories,
                "packages": v.packages,
                "crates": v.crates,
                "hosts": v.hosts,
                "globals": v.globals,
                "markers": v.markers,
                "aliases": v.aliases,
            })
        })
        .collect();
    pretty(&json!({ "schema_version": 1, "vendors": vendors }))
}

fn pretty(value: &serde_json::Value) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}
