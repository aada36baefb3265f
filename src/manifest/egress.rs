//! Forge's egress address semantics (forge-facts.md 1.1). (skeleton)

/// An egress address or URL split the way Forge's `parseUrl` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAddress {
    /// Lower-case scheme without `:`; `https` when the address has none.
    pub scheme: String,
    /// Lower-case host without port; may start with `*.`, or be `*`.
    pub host: String,
}

/// Splits an address (`https://x.com/path`, `x.com`, `*.x.com`, `*`).
pub fn parse_address(address: &str) -> ParsedAddress {
    let (scheme, rest) = match address.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("https".to_string(), address),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h).to_ascii_lowercase();
    ParsedAddress { scheme, host }
}

/// Whether a Forge host pattern allows `host`: exact, `*` for everything, or a
/// leading `*.` that matches any subdomain but not the bare domain.
pub fn host_matches(pattern: &str, host: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}")),
        None => pattern.eq_ignore_ascii_case(host),
    }
}
