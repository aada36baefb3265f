//! Host names a sentence mentions, for only-named-hosts claims.

use std::sync::LazyLock;

use regex::Regex;

use crate::rulesets::ClaimPhrases;

/// A dotted name ending in an alphabetic label, optionally `*.`-prefixed, not
/// part of an e-mail address or a longer dotted word.
static HOST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\w@.\-])((?:\*\.)?(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b",
    )
    .ok()
});

/// File extensions that look like top-level domains in prose ("manifest.yml").
const NOT_TLDS: &[&str] = &[
    "yml", "yaml", "json", "js", "mjs", "cjs", "ts", "jsx", "tsx", "md", "txt", "html", "htm",
    "csv", "xml", "png", "jpg", "jpeg", "gif", "svg", "pdf", "toml", "lock", "sh", "py", "rs",
    "zip",
];

/// The hosts `sentence` names, lower-case, in order of appearance, without
/// duplicates: host-like tokens plus well-known API names from the phrase file.
pub(crate) fn named_hosts(sentence: &str, phrases: &ClaimPhrases) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    let mut push = |h: String| {
        if !hosts.contains(&h) {
            hosts.push(h);
        }
    };
    if let Some(re) = HOST.as_ref() {
        for caps in re.captures_iter(sentence) {
            let Some(host) = caps.get(1).map(|m| m.as_str().to_lowercase()) else {
                continue;
            };
            let tld = host.rsplit('.').next().unwrap_or_default();
            if !NOT_TLDS.contains(&tld) {
                push(host);
            }
        }
    }
    let lower = sentence.to_lowercase();
    for (name, host) in phrases.host_names() {
        if contains_words(&lower, name) {
            push(host.clone());
        }
    }
    hosts
}

/// Whether `needle` occurs in `haystack` between word boundaries.
fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, m)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(s: &str) -> Vec<String> {
        named_hosts(s, ClaimPhrases::shared())
    }

    #[test]
    fn finds_hosts_urls_and_wildcards_but_not_files_or_emails() {
        assert_eq!(
            hosts(
                "Calls go to API.Example.com and https://hooks.slack.com/x and *.acme.io, see manifest.yml or mail a@b.com."
            ),
            vec!["api.example.com", "hooks.slack.com", "*.acme.io"]
        );
    }

    #[test]
    fn well_known_api_names_map_to_their_host_once() {
        assert_eq!(
            hosts("Only the Atlassian Admin API (api.atlassian.com) is called."),
            vec!["api.atlassian.com"]
        );
        assert!(hosts("Version 1.2 of e.g. the app.").is_empty());
    }
}
