//! Forge's egress address semantics (forge-facts.md 1.1): how an address in
//! `permissions.external` is split, which hosts it allows, and how broad it is.

use std::net::{IpAddr, Ipv4Addr};

/// An egress address or URL split the way Forge's `parseUrl` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAddress {
    /// Lower-case scheme without `:`; `https` when the address has none.
    pub scheme: String,
    /// Lower-case host without port; may start with `*.`, or be `*`.
    pub host: String,
}

/// Splits an address (`https://x.com/path`, `x.com`, `*.x.com`, `*`): the
/// scheme defaults to `https`; the host loses userinfo, port, path, query and
/// fragment, and IPv6 brackets.
pub fn parse_address(address: &str) -> ParsedAddress {
    let address = address.trim();
    let (scheme, rest) = match address.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("https".to_string(), address),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Userinfo ends at the last `@` of the authority (passwords may hold `@`).
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    ParsedAddress {
        scheme,
        host: strip_port(host_port).to_ascii_lowercase(),
    }
}

/// `host:443` -> `host`, `[::1]:8080` -> `::1`, `[::1]` -> `::1`.
fn strip_port(host_port: &str) -> &str {
    if let Some(bracketed) = host_port.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or(bracketed);
    }
    match host_port.rsplit_once(':') {
        // A bare IPv6 address has several colons and no port.
        Some((host, _)) if !host.contains(':') => host,
        _ => host_port,
    }
}

/// Whether a Forge host pattern allows `host` (both compared case-insensitively):
/// exact, `*` for everything, or a leading `*.` that matches any deeper
/// subdomain but not the bare domain.
pub fn host_matches(pattern: &str, host: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let pattern = pattern.to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .strip_suffix(suffix)
            .and_then(|head| head.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty()),
        None => pattern == host,
    }
}

/// The backend egress check: whether `address` lets a Forge function call
/// `scheme://host`. The schemes must be equal (an address without one means
/// `https`, so it does not allow `wss` or `http`); paths are ignored; the
/// address `*` allows everything.
pub fn address_allows(address: &str, scheme: &str, host: &str) -> bool {
    if address.trim() == "*" {
        return true;
    }
    let allowed = parse_address(address);
    allowed.scheme.eq_ignore_ascii_case(scheme) && host_matches(&allowed.host, host)
}

/// How much of the internet an egress address opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WildcardBreadth {
    /// No wildcard: one host.
    None,
    /// `*.example.com`: the subdomains of one registrable domain.
    Subdomains,
    /// `*.com`, `*.co.uk`, `*.herokuapp.com`: a suffix anyone can register or
    /// host under, so in effect any third party.
    PublicSuffix,
    /// `*`: every host.
    Global,
}

/// Shared hosting suffixes: anyone can get a host directly below these, so a
/// wildcard over one is as open as a wildcard over a TLD. A short, deliberate
/// list of the platforms most often seen in app manifests, not the full Public
/// Suffix List.
const SHARED_HOSTING_SUFFIXES: &[&str] = &[
    "amazonaws.com",
    "appspot.com",
    "azureedge.net",
    "azurewebsites.net",
    "cloudfront.net",
    "firebaseapp.com",
    "fly.dev",
    "github.io",
    "glitch.me",
    "herokuapp.com",
    "netlify.app",
    "ngrok-free.app",
    "ngrok.io",
    "onrender.com",
    "pages.dev",
    "run.app",
    "trycloudflare.com",
    "vercel.app",
    "web.app",
    "workers.dev",
];

/// Providers whose every sub-zone is multi-tenant too (`s3.amazonaws.com`,
/// `execute-api.us-east-1.amazonaws.com`, `blob.core.windows.net`).
const SHARED_HOSTING_TREES: &[&str] = &["amazonaws.com", "windows.net"];

/// Second-level labels that ccTLDs open for public registration (`co.uk`,
/// `com.au`, `ne.jp`...).
const PUBLIC_SECOND_LEVELS: &[&str] = &[
    "ac", "co", "com", "edu", "go", "gov", "ne", "net", "or", "org",
];

/// Classifies an egress address by how many hosts its wildcard covers.
pub fn wildcard_breadth(address: &str) -> WildcardBreadth {
    let host = parse_address(address).host;
    if host == "*" || address.trim() == "*" {
        return WildcardBreadth::Global;
    }
    match host.strip_prefix("*.") {
        Some(suffix) if is_public_suffix(suffix) => WildcardBreadth::PublicSuffix,
        Some(_) => WildcardBreadth::Subdomains,
        None => WildcardBreadth::None,
    }
}

fn is_public_suffix(suffix: &str) -> bool {
    let suffix = suffix.trim_end_matches('.');
    let labels: Vec<&str> = suffix.split('.').collect();
    let is_cc_second_level =
        labels.len() == 2 && PUBLIC_SECOND_LEVELS.contains(&labels[0]) && labels[1].len() == 2;
    labels.len() == 1
        || is_cc_second_level
        || SHARED_HOSTING_SUFFIXES.contains(&suffix)
        || SHARED_HOSTING_TREES
            .iter()
            .any(|tree| suffix.ends_with(&format!(".{tree}")))
}

/// Whether `host` is the local machine: `localhost`, `*.localhost`,
/// `127.0.0.0/8` or `::1` (also bracketed, or IPv4-mapped).
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(&host);
    if bare == "localhost" || bare.ends_with(".localhost") {
        return true;
    }
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback()
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4: Ipv4Addr| v4.is_loopback())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(address: &str) -> (String, String) {
        let p = parse_address(address);
        (p.scheme, p.host)
    }

    #[test]
    fn parse_defaults_to_https_and_keeps_only_the_host() {
        assert_eq!(
            parsed("api.example.com"),
            ("https".into(), "api.example.com".into())
        );
        assert_eq!(
            parsed("HTTPS://API.Example.COM:8443/v1/x?q=1#f"),
            ("https".into(), "api.example.com".into())
        );
        assert_eq!(
            parsed("wss://stream.example.com/socket"),
            ("wss".into(), "stream.example.com".into())
        );
        assert_eq!(
            parsed("https://user:p@ss@host.example.com/"),
            ("https".into(), "host.example.com".into())
        );
        assert_eq!(
            parsed("*.example.com/path"),
            ("https".into(), "*.example.com".into())
        );
        assert_eq!(parsed("*"), ("https".into(), "*".into()));
    }

    #[test]
    fn parse_handles_ipv6_literals() {
        assert_eq!(parsed("http://[::1]:8080/x").1, "::1");
        assert_eq!(parsed("[2001:db8::1]").1, "2001:db8::1");
        assert_eq!(parsed("127.0.0.1:3000").1, "127.0.0.1");
    }

    #[test]
    fn subdomain_wildcard_does_not_match_the_bare_domain() {
        assert!(host_matches("*.x.com", "a.x.com"));
        assert!(host_matches("*.x.com", "a.b.x.com"));
        assert!(!host_matches("*.x.com", "x.com"));
        assert!(!host_matches("*.x.com", "evilx.com"));
        assert!(!host_matches("*.x.com", ".x.com"));
    }

    #[test]
    fn host_matching_is_exact_and_case_insensitive() {
        assert!(host_matches("API.example.com", "api.EXAMPLE.com"));
        assert!(!host_matches("api.example.com", "api.example.com.evil.net"));
        assert!(host_matches("*", "anything.at.all"));
        assert!(host_matches("*.Example.com", "A.example.COM"));
    }

    #[test]
    fn backend_check_requires_the_same_scheme() {
        assert!(address_allows(
            "api.example.com",
            "https",
            "api.example.com"
        ));
        assert!(!address_allows("api.example.com", "wss", "api.example.com"));
        assert!(address_allows(
            "wss://stream.example.com",
            "wss",
            "stream.example.com"
        ));
        assert!(!address_allows(
            "wss://stream.example.com",
            "https",
            "stream.example.com"
        ));
        assert!(!address_allows(
            "https://api.example.com",
            "http",
            "api.example.com"
        ));
        assert!(address_allows(
            "HTTPS://API.example.com",
            "https",
            "api.example.com"
        ));
    }

    #[test]
    fn backend_check_ignores_paths_and_ports() {
        assert!(address_allows(
            "https://api.example.com/v1/only",
            "https",
            "api.example.com"
        ));
        assert!(address_allows(
            "https://api.example.com:8443",
            "https",
            "api.example.com"
        ));
        assert!(address_allows(
            "*.example.com",
            "https",
            "eu.api.example.com"
        ));
        assert!(!address_allows("*.example.com", "https", "example.com"));
    }

    #[test]
    fn global_address_allows_every_scheme_and_host() {
        assert!(address_allows("*", "https", "tracker.example.net"));
        assert!(address_allows("*", "wss", "socket.example.net"));
    }

    #[test]
    fn wildcard_breadth_classifies_addresses() {
        assert_eq!(wildcard_breadth("*"), WildcardBreadth::Global);
        assert_eq!(wildcard_breadth("https://*"), WildcardBreadth::Global);
        assert_eq!(wildcard_breadth("api.example.com"), WildcardBreadth::None);
        assert_eq!(
            wildcard_breadth("https://*.example.com/x"),
            WildcardBreadth::Subdomains
        );
        assert_eq!(
            wildcard_breadth("*.eu.example.co.uk"),
            WildcardBreadth::Subdomains
        );
    }

    #[test]
    fn wildcards_over_public_or_shared_suffixes_are_public_suffix() {
        for address in [
            "*.com",
            "*.io",
            "https://*.co.uk",
            "*.com.au",
            "*.amazonaws.com",
            "*.s3.amazonaws.com",
            "*.execute-api.us-east-1.amazonaws.com",
            "*.herokuapp.com",
            "*.vercel.app",
            "*.azurewebsites.net",
            "*.blob.core.windows.net",
            "*.appspot.com",
            "*.cloudfront.net",
            "*.workers.dev",
            "*.HEROKUAPP.com",
        ] {
            assert_eq!(
                wildcard_breadth(address),
                WildcardBreadth::PublicSuffix,
                "{address}"
            );
        }
        assert_eq!(
            wildcard_breadth("*.myapp.herokuapp.com"),
            WildcardBreadth::Subdomains
        );
        assert_eq!(
            wildcard_breadth("*.example.com"),
            WildcardBreadth::Subdomains
        );
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LOCALHOST",
            "app.localhost",
            "127.0.0.1",
            "127.10.0.3",
            "::1",
            "[::1]",
            "::ffff:127.0.0.1",
            "localhost.",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "example.com",
            "localhost.example.com",
            "128.0.0.1",
            "10.0.0.1",
            "::2",
            "0.0.0.0",
            "mylocalhost",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
