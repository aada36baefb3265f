//! URLs and hosts, read one way for the whole tool: the manifest's egress
//! addresses, every scanner's URLs and verify's comparisons. A host is compared
//! in one form ([`normalise_host`]), so an egress entry `https://[2001:db8::1]`
//! and a bundle's `"https://[2001:DB8:0::1]:443/x"` name the same host.
//!
//! What each scanner accepts as a plausible host (a template head that may
//! continue at run time, a minified literal) stays with the scanner; this module
//! only splits and normalises.

use std::net::{IpAddr, Ipv6Addr};

/// `scheme:rest` with the scheme lower-cased, when `text` starts with a valid
/// scheme (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
pub fn scheme_of(text: &str) -> Option<(String, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme.to_ascii_lowercase(), rest))
}

/// `scheme://rest` -> (lower-case scheme, `rest`); `None` without a scheme
/// followed by `//` (`x.com`, `localhost:3000`, `mailto:a@b.c`).
pub fn split_scheme(text: &str) -> Option<(String, &str)> {
    let (scheme, rest) = scheme_of(text)?;
    rest.strip_prefix("//").map(|rest| (scheme, rest))
}

/// The authority at the start of what follows `//`: up to the path, query or
/// fragment (a backslash counts as a slash, as browsers read http(s) URLs).
pub fn authority_of(rest: &str) -> &str {
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// An authority (`user:pw@host:port`) split into its parts, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authority<'a> {
    /// Before the last `@` (a password may hold `@`).
    pub userinfo: Option<&'a str>,
    /// The host as written, without the brackets of an IPv6 literal.
    pub host: &'a str,
    /// The host was an IPv6 literal in brackets (`[::1]`).
    pub bracketed: bool,
    pub port: Option<&'a str>,
}

impl<'a> Authority<'a> {
    pub fn parse(authority: &'a str) -> Authority<'a> {
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((user, host_port)) => (Some(user), host_port),
            None => (None, authority),
        };
        if let Some(inside) = host_port.strip_prefix('[') {
            let (host, after) = inside.split_once(']').unwrap_or((inside, ""));
            return Authority {
                userinfo,
                host,
                bracketed: true,
                port: after.strip_prefix(':'),
            };
        }
        // An IPv6 address written without brackets (an egress entry `::1`) has
        // no port; anything else ends its host at the first colon.
        let (host, port) = if host_port.parse::<Ipv6Addr>().is_ok() {
            (host_port, None)
        } else {
            match host_port.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            }
        };
        Authority {
            userinfo,
            host,
            bracketed: false,
            port,
        }
    }

    /// The host in its compared form ([`normalise_host`]).
    pub fn normalised_host(&self) -> String {
        normalise_host(self.host)
    }
}

/// The one form hosts are compared in: lower-case, without a trailing dot (a
/// fully qualified `x.com.` is `x.com`), and an IPv6 address without brackets in
/// its canonical text (`2001:DB8:0::1` -> `2001:db8::1`). Wildcards (`*.x.com`)
/// are kept.
pub fn normalise_host(host: &str) -> String {
    // Trimmed as sets, so normalising twice changes nothing (`[::1].` too).
    let host = host.trim_start_matches('[').trim_end_matches([']', '.']);
    if let Ok(ip) = host.parse::<Ipv6Addr>() {
        return ip.to_string();
    }
    host.to_ascii_lowercase()
}

/// The compared host of an absolute URL's authority (`User@API.x.com:443`).
pub fn host_of(authority: &str) -> String {
    Authority::parse(authority).normalised_host()
}

/// An egress address or URL split the way Forge's `parseUrl` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Lower-case scheme; `https` when the address has none.
    pub scheme: String,
    /// The compared host ([`normalise_host`]); may start with `*.`, or be `*`.
    pub host: String,
}

/// Splits an egress address (`https://x.com/path`, `x.com`, `*.x.com`, `*`,
/// `[2001:db8::1]`): the scheme defaults to `https`, and the host loses
/// userinfo, port, path, query and fragment (forge-facts.md 1.1).
pub fn parse_address(address: &str) -> Address {
    let address = address.trim();
    let (scheme, rest) = split_scheme(address).unwrap_or_else(|| ("https".to_string(), address));
    Address {
        scheme,
        host: host_of(authority_of(rest)),
    }
}

/// Whether a Forge host pattern allows `host`, compared in their normalised
/// forms: exact, `*` for everything, or a leading `*.` that matches any deeper
/// subdomain but not the bare domain.
pub fn host_matches(pattern: &str, host: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let (pattern, host) = (normalise_host(pattern), normalise_host(host));
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .strip_suffix(suffix)
            .and_then(|head| head.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty()),
        None => pattern == host,
    }
}

/// Whether `host` is `domain` or one of its subdomains (`eu.api.x.com` is
/// within `x.com`; `evilx.com` is not).
pub fn is_within(host: &str, domain: &str) -> bool {
    let (host, domain) = (normalise_host(host), normalise_host(domain));
    host == domain
        || host
            .strip_suffix(domain.as_str())
            .is_some_and(|head| head.ends_with('.'))
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

/// Whether `host` is the local machine: `localhost`, `*.localhost`,
/// `127.0.0.0/8` or `::1` (also bracketed, or IPv4-mapped).
pub fn is_loopback(host: &str) -> bool {
    let host = normalise_host(host);
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

/// `scheme://host` for a message, with an IPv6 host back in brackets.
pub fn origin(scheme: &str, host: &str) -> String {
    if host.contains(':') {
        format!("{scheme}://[{host}]")
    } else {
        format!("{scheme}://{host}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        assert_eq!(parsed("localhost:3000").1, "localhost");
    }

    #[test]
    fn parse_handles_ipv6_literals() {
        assert_eq!(parsed("http://[::1]:8080/x").1, "::1");
        assert_eq!(parsed("[2001:db8::1]").1, "2001:db8::1");
        assert_eq!(parsed("https://[2001:DB8:0::1]").1, "2001:db8::1");
        assert_eq!(parsed("2001:db8::1").1, "2001:db8::1");
        assert_eq!(parsed("127.0.0.1:3000").1, "127.0.0.1");
    }

    #[test]
    fn authority_parts() {
        assert_eq!(
            Authority::parse("u:p@[::1]:8080"),
            Authority {
                userinfo: Some("u:p"),
                host: "::1",
                bracketed: true,
                port: Some("8080"),
            }
        );
        let a = Authority::parse("Host.example.com.:443");
        assert_eq!(
            (a.host, a.port, a.bracketed),
            ("Host.example.com.", Some("443"), false)
        );
        assert_eq!(a.normalised_host(), "host.example.com");
        // An unclosed bracket keeps what follows it.
        assert_eq!(Authority::parse("[::1").host, "::1");
    }

    #[test]
    fn trailing_dots_and_case_name_the_same_host() {
        assert_eq!(normalise_host("API.Example.com."), "api.example.com");
        assert!(host_matches("api.example.com", "API.example.com."));
        assert!(host_matches("*.example.com.", "a.example.com"));
        assert!(address_allows(
            "https://api.example.com.",
            "https",
            "api.example.com"
        ));
    }

    #[test]
    fn schemes() {
        assert_eq!(split_scheme("HTTPS://x"), Some(("https".into(), "x")));
        assert_eq!(split_scheme("mailto:a@b.c"), None);
        assert_eq!(split_scheme("localhost:3000/x"), None);
        assert_eq!(split_scheme("1http://x"), None);
        assert_eq!(
            scheme_of("data:image/png"),
            Some(("data".into(), "image/png"))
        );
        assert_eq!(authority_of("a.example\\x"), "a.example");
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
        assert!(host_matches("2001:db8::1", "[2001:DB8::0:1]"));
    }

    #[test]
    fn within_a_domain() {
        assert!(is_within("x.com", "x.com"));
        assert!(is_within("eu.API.x.com", "x.com"));
        assert!(!is_within("evilx.com", "x.com"));
        assert!(!is_within("x.com", "api.x.com"));
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
        assert!(address_allows(
            "https://[2001:db8::1]",
            "https",
            "2001:db8::1"
        ));
    }

    #[test]
    fn global_address_allows_every_scheme_and_host() {
        assert!(address_allows("*", "https", "tracker.example.net"));
        assert!(address_allows("*", "wss", "socket.example.net"));
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

    #[test]
    fn origins_bracket_ipv6_hosts() {
        assert_eq!(origin("https", "2001:db8::1"), "https://[2001:db8::1]");
        assert_eq!(origin("wss", "x.com"), "wss://x.com");
    }

    fn label() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?"
    }

    fn host_name() -> impl Strategy<Value = String> {
        proptest::collection::vec(label(), 1..4).prop_map(|labels| labels.join("."))
    }

    fn ipv6() -> impl Strategy<Value = Ipv6Addr> {
        any::<[u16; 8]>()
            .prop_map(|s| Ipv6Addr::new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]))
    }

    proptest! {
        /// However a URL dresses a host (scheme case, userinfo, port, path,
        /// trailing dot, letter case), the egress reading and the URL reading
        /// give the same compared host, and an entry naming it allows it.
        #[test]
        fn every_spelling_of_a_host_is_one_host(
            host in host_name(),
            upper in any::<bool>(),
            dot in any::<bool>(),
            user in proptest::option::of("[a-z]{1,5}(:[a-z@]{1,5})?"),
            port in proptest::option::of(1u16..),
            path in "(/[a-z0-9]{0,6}){0,2}(\\?[a-z=]{0,5})?",
        ) {
            let written = if upper { host.to_ascii_uppercase() } else { host.clone() };
            let user = user.map(|u| format!("{u}@")).unwrap_or_default();
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let dot = if dot { "." } else { "" };
            let url = format!("HTTPS://{user}{written}{dot}{port}{path}");
            let expected = host.to_ascii_lowercase();
            prop_assert_eq!(&parse_address(&url).host, &expected);
            let (scheme, rest) = split_scheme(&url).unwrap_or_default();
            prop_assert_eq!(scheme.as_str(), "https");
            prop_assert_eq!(host_of(authority_of(rest)), expected.clone());
            prop_assert!(address_allows(&host, "https", &expected));
            let wildcard = format!("*.{host}");
            let below = format!("a.{expected}");
            prop_assert!(host_matches(&wildcard, &below));
            prop_assert!(!host_matches(&wildcard, &expected));
        }

        /// An IPv6 address reads the same in brackets with a port, as an
        /// egress entry, and in any letter case.
        #[test]
        fn ipv6_hosts_read_alike(ip in ipv6(), port in proptest::option::of(1u16..), upper in any::<bool>()) {
            let text = if upper { ip.to_string().to_ascii_uppercase() } else { ip.to_string() };
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let url = format!("https://[{text}]{port}/x");
            let canonical = ip.to_string();
            prop_assert_eq!(&parse_address(&url).host, &canonical);
            prop_assert_eq!(&parse_address(&text).host, &canonical);
            let entry = format!("[{text}]");
            prop_assert!(address_allows(&entry, "https", &canonical));
            let mapped_loopback = ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback());
            prop_assert_eq!(is_loopback(&url_host(&url)), ip.is_loopback() || mapped_loopback);
        }

        /// Parsing never panics and normalising is idempotent.
        #[test]
        fn normalising_is_idempotent(text in "\\PC{0,40}") {
            let once = parse_address(&text).host;
            prop_assert_eq!(normalise_host(&once), once.clone());
            let _ = is_loopback(&text);
            let _ = host_matches(&text, &once);
        }
    }

    fn url_host(url: &str) -> String {
        split_scheme(url)
            .map(|(_, rest)| host_of(authority_of(rest)))
            .unwrap_or_default()
    }
}
