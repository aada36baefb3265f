//! The manifest's egress permissions against the calls the code makes.

use super::Input;
use super::evidence::{counts, is_external_host};
use crate::manifest::egress::{WildcardBreadth, wildcard_breadth};
use crate::manifest::{Egress, EgressList, EgressTarget, Manifest};
use crate::model::{
    Channel, Finding, Observation, ObservationKind, PageLoad, Related, Severity, Side,
};
use crate::rulesets::{Catalogue, Vendor};
use crate::url::{address_allows, host_matches, is_loopback, origin, parse_address};

pub fn check(input: &Input) -> Vec<Finding> {
    let mut findings = undeclared(input);
    for entry in &input.manifest.egress {
        let EgressTarget::Address(address) = &entry.target else {
            continue;
        };
        findings.extend(insecure(entry, address));
        findings.extend(wildcard(entry, address));
        findings.extend(uncategorised_analytics(entry, address, input.catalogue));
        findings.extend(unused(entry, address, input));
    }
    findings
}

fn finding(rule: &str, severity: Severity, message: String, entry: &Egress) -> Finding {
    Finding {
        fingerprint: String::new(),
        suppressed: None,
        rule: rule.to_string(),
        severity,
        message,
        claim: None,
        vendor: None,
        location: entry.location.clone(),
        related: Vec::new(),
    }
}

/// The egress lists that may allow a call: `fetch.backend` for backend code;
/// in the browser, the Content-Security-Policy directive each kind of load falls
/// under (forge-facts.md 1.1: scripts, styles, images, frames, media...).
fn lists_for(obs: &Observation) -> &'static [EgressList] {
    use EgressList::*;
    match obs.side {
        Side::Backend => &[FetchBackend],
        Side::Remote | Side::Dev => &[],
        Side::Frontend => match obs.channel() {
            // `router.open` is checked against this list; `window.location`
            // escapes CSP, and the list is where an honest manifest names its
            // destination.
            Channel::Navigation | Channel::Load(PageLoad::Form) => &[Navigation],
            Channel::Request | Channel::BundleLiteral => &[FetchClient],
            Channel::Load(PageLoad::Script) => &[Scripts],
            Channel::Load(PageLoad::Stylesheet) => &[Styles],
            Channel::Load(PageLoad::CssUrl) => &[Images, Fonts],
            Channel::Load(PageLoad::Image) => &[Images],
            Channel::Load(PageLoad::Frame) => &[Frames],
            Channel::Load(PageLoad::Media) => &[Media],
            Channel::Load(PageLoad::Hint) => {
                &[FetchClient, Scripts, Styles, Fonts, Images, Frames, Media]
            }
        },
    }
}

/// Whether an egress entry (or the remote it names) lets `side` call `host`.
fn entry_allows(entry: &Egress, manifest: &Manifest, side: Side, scheme: &str, host: &str) -> bool {
    let addresses: Vec<&str> = match &entry.target {
        EgressTarget::Address(a) => vec![a.as_str()],
        EgressTarget::Remote(key) => manifest
            .remotes
            .iter()
            .filter(|r| &r.key == key)
            .flat_map(|r| r.base_urls.iter().map(|(_, url)| url.as_str()))
            .collect(),
    };
    addresses.into_iter().any(|address| {
        // The browser's CSP lets an http:// source cover https:// and ws:// cover wss://.
        address_allows(address, scheme, host)
            || (side == Side::Frontend && {
                let upgraded = match scheme {
                    "https" => "http",
                    "wss" => "ws",
                    other => other,
                };
                address_allows(address, upgraded, host)
            })
    })
}

fn undeclared(input: &Input) -> Vec<Finding> {
    let manifest = input.manifest;
    let mut findings = Vec::new();
    for obs in input
        .observations
        .iter()
        .filter(|o| counts(o) && o.kind == ObservationKind::NetworkCall)
    {
        let lists = lists_for(obs);
        let (Some(host), Some(first_list)) = (obs.host.as_deref(), lists.first()) else {
            continue;
        };
        if is_loopback(host) {
            continue;
        }
        // A literal of Atlassian's own in a built bundle is the platform's:
        // Atlaskit's links to its documentation, gateways the Custom UI policy
        // always allows. Nothing shows the app calling it.
        if obs.channel() == Channel::BundleLiteral && !is_external_host(host, input.catalogue) {
            continue;
        }
        let scheme = obs.scheme.as_deref().unwrap_or("https");
        let allowed = manifest
            .egress
            .iter()
            .filter(|e| lists.contains(&e.list))
            .any(|e| entry_allows(e, manifest, obs.side, scheme, host));
        if allowed {
            continue;
        }
        // With customer-managed egress an admin may approve the host at run time.
        let navigation = first_list == &EgressList::Navigation;
        let (severity, note) = match &manifest.configurable_egress {
            Some(_) => (
                Severity::Warning,
                "; customer-managed egress is enabled, so an admin may approve it at run time",
            ),
            // Content-Security-Policy does not stop a page from navigating away,
            // so an undeclared navigation is hidden from admins, not blocked.
            None if navigation => (
                Severity::Error,
                "; the browser will still go there, unseen by the admins who approved the app's egress",
            ),
            None => (
                Severity::Error,
                "; Forge will block the call, or the manifest is incomplete",
            ),
        };
        findings.push(Finding {
            fingerprint: String::new(),
            suppressed: None,
            rule: "manifest/undeclared-egress".into(),
            severity,
            message: format!(
                "`{}` {} {}, which no permissions.external.{} entry allows{note}",
                obs.detail,
                if navigation { "navigates to" } else { "calls" },
                origin(scheme, host),
                first_list.as_str()
            ),
            claim: None,
            vendor: obs.vendor.clone(),
            location: obs.location.clone(),
            related: vec![Related {
                location: crate::model::Location::new(manifest.path.clone(), 1, None),
                message: "the manifest".into(),
            }],
        });
    }
    findings
}

fn insecure(entry: &Egress, address: &str) -> Option<Finding> {
    let parsed = parse_address(address);
    let plain = matches!(parsed.scheme.as_str(), "http" | "ws");
    (plain && !is_loopback(&parsed.host)).then(|| {
        finding(
            "manifest/insecure-egress",
            Severity::Error,
            format!(
                "permissions.external.{} allows `{address}` without TLS; Forge rejects http:// egress, use https://",
                entry.list.as_str()
            ),
            entry,
        )
    })
}

fn wildcard(entry: &Egress, address: &str) -> Option<Finding> {
    let scope = match wildcard_breadth(address) {
        WildcardBreadth::Global => "every host on the internet".to_string(),
        WildcardBreadth::PublicSuffix => format!(
            "any host under `{}`, a suffix anyone can register under",
            parse_address(address).host.trim_start_matches("*.")
        ),
        WildcardBreadth::Subdomains | WildcardBreadth::None => return None,
    };
    Some(finding(
        "manifest/wildcard-egress",
        Severity::Warning,
        format!(
            "permissions.external.{} entry `{address}` allows {scope}; list the exact hosts the app calls",
            entry.list.as_str()
        ),
        entry,
    ))
}

/// The catalogue vendor owning an egress host pattern (`*.mixpanel.com` is
/// owned by whoever owns its subdomains).
fn vendor_of_pattern<'c>(host_pattern: &str, catalogue: &'c Catalogue) -> Option<&'c Vendor> {
    match host_pattern.strip_prefix("*.") {
        Some(suffix) => catalogue
            .vendor_for_host(&format!("x.{suffix}"))
            .or_else(|| catalogue.vendor_for_host(suffix)),
        None => catalogue.vendor_for_host(host_pattern),
    }
}

/// Whether an egress host pattern covers one of a vendor's hosts, so that the
/// vendor's SDK (which calls those hosts itself) uses the entry: `*.amazonaws.com`
/// covers S3's `*.s3.eu-west-1.amazonaws.com`.
fn pattern_reaches_vendor(pattern: &str, vendor: &Vendor) -> bool {
    vendor.hosts.iter().any(|vendor_host| {
        let example = match vendor_host.strip_prefix("*.") {
            Some(suffix) => format!("x.{suffix}"),
            None => vendor_host.clone(),
        };
        host_matches(pattern, &example)
            || host_matches(vendor_host, pattern.trim_start_matches("*."))
    })
}

fn uncategorised_analytics(
    entry: &Egress,
    address: &str,
    catalogue: &Catalogue,
) -> Option<Finding> {
    if entry.category.as_deref() == Some("analytics") {
        return None;
    }
    let host = parse_address(address).host;
    let vendor = vendor_of_pattern(&host, catalogue)?;
    let is_analytics = vendor
        .categories
        .iter()
        .any(|c| c == "analytics" || c == "product-analytics");
    is_analytics.then(|| {
        let mut f = finding(
            "manifest/uncategorised-analytics-egress",
            Severity::Warning,
            format!(
                "`{address}` is {} analytics, but the egress entry lacks `category: analytics`, so admins cannot switch it off",
                vendor.name
            ),
            entry,
        );
        f.vendor = Some(vendor.id.clone());
        f
    })
}

/// An egress entry no call, SDK or dependency of its side uses. Silent when the
/// side makes calls to run-time URLs, which might be the ones it allows.
fn unused(entry: &Egress, address: &str, input: &Input) -> Option<Finding> {
    let side = match entry.list {
        EgressList::FetchBackend => Side::Backend,
        EgressList::FetchClient => Side::Frontend,
        _ => return None,
    };
    let pattern = parse_address(address).host;
    if pattern == "*" {
        return None;
    }
    let on_side: Vec<&Observation> = input
        .observations
        .iter()
        .filter(|o| o.side == side)
        .collect();
    let has_dynamic = on_side
        .iter()
        .any(|o| o.kind == ObservationKind::NetworkCall && o.host.is_none());
    let used = on_side.iter().any(|o| {
        let host_used = o.kind == ObservationKind::NetworkCall
            && o.host.as_deref().is_some_and(|h| host_matches(&pattern, h));
        let vendor_used = matches!(o.kind, ObservationKind::Sdk | ObservationKind::Dependency)
            && o.vendor
                .as_deref()
                .and_then(|id| input.catalogue.by_id(id))
                .is_some_and(|v| pattern_reaches_vendor(&pattern, v));
        host_used || vendor_used
    });
    (!used && !has_dynamic).then(|| {
        finding(
            "manifest/unused-egress",
            Severity::Warning,
            format!(
                "permissions.external.{} allows `{address}`, but no {} code calls it; remove the entry",
                entry.list.as_str(),
                side.as_str()
            ),
            entry,
        )
    })
}
