//! How broad an address in `permissions.external` is (forge-facts.md 1.1).
//! How an address is split and which hosts it allows is `crate::url`'s job.

use crate::url::parse_address;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
