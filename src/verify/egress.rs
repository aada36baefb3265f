//! The manifest's egress permissions against the calls the code makes.

use super::Input;
use super::evidence::{counts, is_external_host};
use crate::manifest::egress::{WildcardBreadth, wildcard_breadth};
use crate::manifest::{Egress, EgressList, EgressTarget, Manifest};
use crate::model::{
    Beacon, Channel, Fact, Finding, KnownUrl, Observation, ObservationKind, PageLoad, Related,
    Severity, Side,
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
            Channel::Beacon(Beacon::SendBeacon) => &[FetchClient],
            Channel::Beacon(Beacon::Pixel) => &[Images],
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

/// An egress entry no call, SDK or dependency of its side uses. A call to a
/// URL computed at run time uses it only when what is known of the URL could
/// name the entry's host (a literal start, the setting it is read from);
/// the message lists the other computed calls for a reviewer to check.
fn unused(entry: &Egress, address: &str, input: &Input) -> Option<Finding> {
    let side = match entry.list {
        EgressList::FetchBackend => Side::Backend,
        EgressList::FetchClient => Side::Frontend,
        _ => return None,
    };
    let parsed = parse_address(address);
    let pattern = parsed.host.clone();
    if pattern == "*" {
        return None;
    }
    let manifest = input.manifest;
    let on_side: Vec<&Observation> = input
        .observations
        .iter()
        .filter(|o| o.side == side)
        .collect();
    let mut computed: Vec<&Observation> = Vec::new();
    let used = on_side.iter().any(|o| {
        let host_used = o.kind == ObservationKind::NetworkCall
            && o.host.as_deref().is_some_and(|h| {
                let scheme = o.scheme.as_deref().unwrap_or("https");
                entry_allows(entry, manifest, side, scheme, h)
            });
        let vendor_used = matches!(o.kind, ObservationKind::Sdk | ObservationKind::Dependency)
            && o.vendor
                .as_deref()
                .and_then(|id| input.catalogue.by_id(id))
                .is_some_and(|v| pattern_reaches_vendor(&pattern, v));
        host_used || vendor_used
    });
    if used {
        return None;
    }
    for obs in on_side
        .iter()
        .filter(|o| o.kind == ObservationKind::NetworkCall && o.host.is_none())
    {
        let Fact::Computed { known, .. } = &obs.fact else {
            computed.push(obs);
            continue;
        };
        if could_reach(known, &parsed.scheme, &pattern, side) {
            return None;
        }
        // A literal host start that rules the entry out settles it; a setting's
        // name that does not name the host does not: that call is listed.
        if known.host_start.is_empty() {
            computed.push(obs);
        }
    }
    let review = match computed.as_slice() {
        [] => String::new(),
        calls => {
            let named: Vec<String> = calls
                .iter()
                .take(3)
                .map(|o| format!("`{}` at {}", o.detail, o.location))
                .collect();
            let more = match calls.len().saturating_sub(3) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!(
                "; check the {} whose URL is computed at run time: {}{more}",
                if calls.len() == 1 { "call" } else { "calls" },
                named.join(", ")
            )
        }
    };
    Some(finding(
        "manifest/unused-egress",
        Severity::Warning,
        format!(
            "permissions.external.{} allows `{address}`, but no {} code calls it; remove the entry{review}",
            entry.list.as_str(),
            side.as_str()
        ),
        entry,
    ))
}

/// Whether a call to a run-time URL of which `known` is known could go to
/// an entry with this scheme and host pattern.
fn could_reach(known: &KnownUrl, entry_scheme: &str, pattern: &str, side: Side) -> bool {
    if let Some(scheme) = known.scheme.as_deref() {
        // An http:// call never uses an https:// entry; in the browser an
        // http:// entry covers https:// (CSP's upgrade), and ws:// wss://.
        let compatible = scheme == entry_scheme
            || (side == Side::Frontend
                && matches!((entry_scheme, scheme), ("http", "https") | ("ws", "wss")))
            || matches!((entry_scheme, scheme), ("https", "wss") | ("http", "ws"));
        if !compatible {
            return false;
        }
    }
    if !known.host_start.is_empty() {
        return match pattern.strip_prefix("*.") {
            // `https://api.` + region + `.example.com` may end in any suffix.
            Some(_) => true,
            None => pattern.starts_with(&known.host_start),
        };
    }
    match known.key.as_deref() {
        Some(key) => key_names_host(key, pattern),
        // A scheme alone (`https://` + host) could be any host; nothing at
        // all known names no host.
        None => known.scheme.is_some(),
    }
}

/// Words of a setting's key that are too common to name a host.
const GENERIC_WORDS: &[&str] = &[
    "url", "uri", "api", "base", "host", "endpoint", "webhook", "hook", "hooks", "server",
    "service", "domain", "address", "link", "www", "com", "net", "org", "app", "key", "token",
    "secret", "env", "config", "prod", "dev", "http", "https",
];

/// Whether a setting's key (`SLACK_WEBHOOK_URL`, `sentryDsn`) names one of
/// the labels of a host (`hooks.slack.com`): the manifest entry and the code
/// then speak of the same service.
fn key_names_host(key: &str, host_pattern: &str) -> bool {
    let labels: Vec<String> = host_pattern
        .split(['.', '-'])
        .map(str::to_ascii_lowercase)
        .collect();
    key_words(key).iter().any(|word| {
        word.len() >= 3 && !GENERIC_WORDS.contains(&word.as_str()) && labels.contains(word)
    })
}

/// `SLACK_WEBHOOK_URL` -> slack, webhook, url; `sentryDsn` -> sentry, dsn.
fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        let boundary = !c.is_ascii_alphanumeric() || (c.is_ascii_uppercase() && previous_lower);
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(scheme: Option<&str>, host_start: &str, key: Option<&str>) -> KnownUrl {
        KnownUrl {
            scheme: scheme.map(str::to_string),
            host_start: host_start.into(),
            key: key.map(str::to_string),
        }
    }

    #[test]
    fn a_computed_url_reaches_only_entries_its_known_parts_could_name() {
        let b = Side::Backend;
        let api_start = known(Some("https"), "api.", None);
        assert!(could_reach(&api_start, "https", "api.example.com", b));
        assert!(!could_reach(&api_start, "https", "hooks.slack.com", b));
        assert!(could_reach(&api_start, "https", "*.example.com", b));
        // An http:// call does not use an https:// entry.
        assert!(!could_reach(
            &known(Some("http"), "api.", None),
            "https",
            "api.example.com",
            b
        ));
        let slack = known(None, "", Some("SLACK_WEBHOOK_URL"));
        assert!(could_reach(&slack, "https", "hooks.slack.com", b));
        assert!(!could_reach(&slack, "https", "api.example.com", b));
        assert!(!could_reach(
            &known(None, "", Some("webhookUrl")),
            "https",
            "hooks.example.com",
            b
        ));
        assert!(could_reach(
            &known(None, "", Some("sentryDsn")),
            "https",
            "o1.ingest.sentry.io",
            b
        ));
        // Nothing known names no host.
        assert!(!could_reach(
            &KnownUrl::default(),
            "https",
            "api.example.com",
            b
        ));
    }
}
