//! Built and minified bundles: a literal scan instead of a parse.
//!
//! A 20 MB single-line bundle is too costly to parse and its names are mangled
//! anyway, so one Aho-Corasick pass looks for what survives minification: URL
//! schemes (the host is read after them), catalogue hosts written without a
//! scheme, and catalogue snippet markers. Each distinct host or vendor is
//! reported once per file, at its first occurrence.

use std::collections::BTreeMap;
use std::net::Ipv6Addr;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::lines::LineIndex;
use crate::model::{Channel, Fact, Location, Observation, ObservationKind, Side};
use crate::rulesets::{Catalogue, Vendor};
use crate::url::{Authority, is_loopback, normalise_host};

/// Scripts at least this large are scanned as bundles, wherever they live.
pub const BUNDLE_MIN_BYTES: u64 = 1024 * 1024;

/// A line longer than this (in bytes) marks a script as minified.
pub const BUNDLE_MIN_LINE: usize = 5_000;

/// Whether a script's text looks minified: some line is longer than
/// [`BUNDLE_MIN_LINE`]. Hand-written code never is.
pub fn looks_minified(source: &str) -> bool {
    let bytes = source.as_bytes();
    if bytes.len() <= BUNDLE_MIN_LINE {
        return false;
    }
    let mut line_start = 0;
    for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if at - line_start > BUNDLE_MIN_LINE {
            return true;
        }
        line_start = at + 1;
    }
    bytes.len() - line_start > BUNDLE_MIN_LINE
}

/// Hosts that appear as URL literals in library code but are never contacted:
/// XML namespaces (`http://www.w3.org/2000/svg`), structured-data vocabularies,
/// XMP namespaces and the error-decoder links every production React build
/// prints for humans. Subdomains are included.
const NEVER_CONTACTED: &[&str] = &[
    "w3.org",
    "schema.org",
    "purl.org",
    "ns.adobe.com",
    "reactjs.org",
    "react.dev",
    "fb.me",
];

/// What an automaton pattern stands for.
#[derive(Debug, Clone, Copy)]
enum Pattern<'c> {
    /// `https://`, `wss:\/\/` (JSON-escaped)...: the host follows.
    Scheme(&'static str),
    /// A catalogue host, or the `.suffix` of a wildcard host.
    Host,
    /// A catalogue snippet marker.
    Marker(&'c Vendor),
    /// A browser-storage write that survives minification (globals keep
    /// their names), with the storage it writes.
    Storage(&'static str),
}

/// Writes to browser storage as minified code still spells them. Reads are
/// left out: libraries probe storage without the app storing anything.
const STORAGE_WRITES: [(&str, &str); 5] = [
    ("localStorage.setItem(", "localStorage"),
    ("sessionStorage.setItem(", "sessionStorage"),
    ("document.cookie=", "cookie"),
    ("document.cookie =", "cookie"),
    ("indexedDB.open(", "indexedDB"),
];

const SCHEMES: [(&str, &str); 8] = [
    ("https://", "https"),
    ("http://", "http"),
    ("wss://", "wss"),
    ("ws://", "ws"),
    ("https:\\/\\/", "https"),
    ("http:\\/\\/", "http"),
    ("wss:\\/\\/", "wss"),
    ("ws:\\/\\/", "ws"),
];

/// One distinct host of a file.
struct HostSeen {
    offset: usize,
    scheme: Option<&'static str>,
    count: usize,
}

/// `network-call` observations (detail `bundle literal`) for each distinct host a
/// bundle names in a URL literal or as a catalogue host, and `sdk` observations
/// for each vendor whose snippet marker it contains, at the first occurrence.
/// Hosts inside licence comments (`/*! ... */`, `/* @license ... */`), loopback
/// hosts and hosts nobody contacts (XML namespaces...) are not reported.
pub fn scan_bundle(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    scan_bundle_with(
        &BundleMatcher::new(catalogue)?,
        rel_path,
        source,
        side,
        catalogue,
    )
}

/// The one automaton a bundle scan needs; building it costs more than scanning
/// a typical bundle, so a scan of many files builds it once and shares it.
/// It starts as a quick-to-build NFA; once a run has scanned
/// [`DFA_AFTER_BYTES`] of bundles, a DFA over the same patterns (same matches,
/// several times the scan speed, ~25 ms to build) takes over.
pub struct BundleMatcher<'c> {
    automaton: AhoCorasick,
    texts: Vec<String>,
    fast: OnceLock<Option<AhoCorasick>>,
    scanned: AtomicUsize,
    patterns: Vec<Pattern<'c>>,
}

/// Bundle bytes after which the DFA pays for its build.
const DFA_AFTER_BYTES: usize = 4 * 1024 * 1024;

impl<'c> BundleMatcher<'c> {
    pub fn new(catalogue: &'c Catalogue) -> Result<BundleMatcher<'c>, String> {
        let (texts, patterns) = pattern_texts(catalogue);
        let automaton = AhoCorasick::new(&texts)
            .map_err(|e| format!("cannot build the bundle matcher: {e}"))?;
        Ok(BundleMatcher {
            automaton,
            texts,
            fast: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            patterns,
        })
    }

    /// The automaton to scan `len` more bytes with.
    fn automaton(&self, len: usize) -> &AhoCorasick {
        let before = self.scanned.fetch_add(len, Ordering::Relaxed);
        if before.saturating_add(len) < DFA_AFTER_BYTES {
            return &self.automaton;
        }
        self.fast
            .get_or_init(|| {
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&self.texts)
                    .ok()
            })
            .as_ref()
            .unwrap_or(&self.automaton)
    }
}

/// [`scan_bundle`] with a prebuilt matcher (from the same catalogue).
pub fn scan_bundle_with(
    matcher: &BundleMatcher<'_>,
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    let (automaton, patterns) = (matcher.automaton(source.len()), &matcher.patterns);
    let licences = licence_comments(source);
    let bytes = source.as_bytes();
    // Keyed by (host, scheme) so an `http://` use is not hidden behind an
    // earlier `https://` one (encrypted-transport needs it).
    let mut hosts: BTreeMap<(String, Option<&'static str>), HostSeen> = BTreeMap::new();
    let mut markers: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    let mut storage: BTreeMap<&str, usize> = BTreeMap::new();
    // End of the last host read, so a catalogue host inside a URL already read
    // is not read again.
    let mut read_until = 0;
    for m in automaton.find_overlapping_iter(source) {
        if in_ranges(&licences, m.start()) {
            continue;
        }
        let found = match patterns[m.pattern().as_usize()] {
            Pattern::Marker(vendor) => {
                markers
                    .entry(vendor.id.as_str())
                    .or_insert((m.start(), &source[m.start()..m.end()]));
                continue;
            }
            Pattern::Storage(kind) => {
                storage.entry(kind).or_insert(m.start());
                continue;
            }
            Pattern::Scheme(scheme) => {
                let (start, end) = authority(bytes, m.end());
                read_until = read_until.max(end);
                url_host(&source[start..end]).map(|h| (h, Some(scheme), m.start()))
            }
            Pattern::Host => {
                if m.start() < read_until {
                    continue;
                }
                let (start, end) = host_token(bytes, m.start(), m.end());
                read_until = end;
                // `support@vendor.com` is an e-mail address, not a destination.
                let is_email = start > 0 && bytes[start - 1] == b'@';
                let host = normalise_host(&source[start..end]);
                (!is_email && catalogue.vendor_for_host(&host).is_some())
                    .then_some((host, None, start))
            }
        };
        let Some((host, scheme, offset)) = found else {
            continue;
        };
        if is_ignored(&host) {
            continue;
        }
        hosts
            .entry((host, scheme))
            .and_modify(|seen| seen.count += 1)
            .or_insert(HostSeen {
                offset,
                scheme,
                count: 1,
            });
    }
    let with_scheme: Vec<String> = hosts
        .keys()
        .filter(|(_, scheme)| scheme.is_some())
        .map(|(host, _)| host.clone())
        .collect();
    let mut located: Vec<(usize, Observation)> = Vec::new();
    for ((host, _), seen) in hosts {
        // A bare catalogue host also written as a URL is that URL's host.
        if seen.scheme.is_none() && with_scheme.contains(&host) {
            continue;
        }
        let detail = match seen.count {
            1 => "bundle literal".to_string(),
            n => format!("bundle literal (first of {n})"),
        };
        let mut obs = Observation::new(ObservationKind::NetworkCall, side, detail, dummy());
        if let Some(vendor) = catalogue.vendor_for_host(&host) {
            obs.vendor = Some(vendor.id.clone());
            obs.categories = vendor.categories.clone();
        }
        obs.scheme = seen.scheme.map(str::to_string);
        obs.host = Some(host);
        obs.fact = Fact::Call(Channel::BundleLiteral);
        located.push((seen.offset, obs));
    }
    for (id, (offset, marker)) in markers {
        let mut obs = Observation::new(ObservationKind::Sdk, side, marker, dummy());
        obs.fact = Fact::Snippet;
        obs.vendor = Some(id.to_string());
        obs.categories = catalogue
            .by_id(id)
            .map(|v| v.categories.clone())
            .unwrap_or_default();
        located.push((offset, obs));
    }
    for (kind, offset) in storage {
        let obs = Observation::new(ObservationKind::BrowserStorage, side, kind, dummy());
        located.push((offset, obs));
    }
    locate(rel_path, source, &mut located);
    Ok(located.into_iter().map(|(_, obs)| obs).collect())
}

fn dummy() -> Location {
    Location::new("", 0, None)
}

/// Every scheme, catalogue host and marker, with what each one is.
fn pattern_texts(catalogue: &Catalogue) -> (Vec<String>, Vec<Pattern<'_>>) {
    let mut texts: Vec<String> = Vec::new();
    let mut patterns = Vec::new();
    for (text, scheme) in SCHEMES {
        texts.push(text.to_string());
        patterns.push(Pattern::Scheme(scheme));
    }
    for (text, kind) in STORAGE_WRITES {
        texts.push(text.to_string());
        patterns.push(Pattern::Storage(kind));
    }
    for vendor in catalogue.vendors() {
        for host in &vendor.hosts {
            // `*.x.com` is found by its `.x.com` suffix; the labels before it are
            // read back from the text.
            let text = host.strip_prefix('*').unwrap_or(host);
            if text.contains(['*', '{']) || !text.contains('.') {
                continue;
            }
            texts.push(text.to_ascii_lowercase());
            patterns.push(Pattern::Host);
        }
        for marker in &vendor.markers {
            if !marker.is_empty() {
                texts.push(marker.clone());
                patterns.push(Pattern::Marker(vendor));
            }
        }
    }
    (texts, patterns)
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// The authority after a scheme: up to the first byte that cannot be part of it.
fn authority(bytes: &[u8], from: usize) -> (usize, usize) {
    let end = bytes[from..]
        .iter()
        .position(|&b| !(is_host_byte(b) || matches!(b, b'@' | b':' | b'[' | b']' | b'_' | b'%')))
        .map_or(bytes.len(), |n| from + n);
    (from, end)
}

/// The lower-case host of an authority (`user@host:port`), when it is a real
/// host name or address. `https://` followed by a template hole or a variable
/// names no host.
fn url_host(authority: &str) -> Option<String> {
    let parts = Authority::parse(authority);
    let host = parts.normalised_host();
    let plausible = (parts.bracketed && host.parse::<Ipv6Addr>().is_ok())
        || (host.contains('.')
            && !host.starts_with(['.', '-'])
            && host.bytes().all(is_host_byte)
            && host.bytes().any(|b| b.is_ascii_alphabetic() || b == b'.'));
    (plausible || host == "localhost").then_some(host)
}

/// The whole host name around a catalogue-host match.
fn host_token(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
    let start = bytes[..start]
        .iter()
        .rposition(|&b| !is_host_byte(b))
        .map_or(0, |p| p + 1);
    let end = bytes[end..]
        .iter()
        .position(|&b| !is_host_byte(b))
        .map_or(bytes.len(), |n| end + n);
    (start, end)
}

fn is_ignored(host: &str) -> bool {
    is_loopback(host)
        || NEVER_CONTACTED
            .iter()
            .any(|d| host == *d || host.strip_suffix(d).is_some_and(|p| p.ends_with('.')))
}

/// Byte ranges of the comments minifiers keep for licences: `/*! ... */` and
/// `/* @license ... */` (also `@preserve`). Their URLs are project homepages and
/// licence texts, never contacted by the code.
fn licence_comments(source: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some(found) = source[at..].find("/*") {
        let start = at + found;
        let body = &source[start + 2..];
        let lead = body.trim_start_matches(|c: char| c == '*' || c.is_whitespace());
        let is_licence =
            body.starts_with('!') || lead.starts_with("@license") || lead.starts_with("@preserve");
        if !is_licence {
            at = start + 2;
            continue;
        }
        let end = body.find("*/").map_or(source.len(), |n| start + 2 + n + 2);
        ranges.push((start, end));
        at = end;
    }
    ranges
}

fn in_ranges(ranges: &[(usize, usize)], offset: usize) -> bool {
    let i = ranges.partition_point(|&(start, _)| start <= offset);
    i > 0 && offset < ranges[i - 1].1
}

/// Fills in locations. Offsets are visited in order and each column is counted
/// on from the previous one on the same line, so a 20 MB single-line bundle is
/// walked once rather than once per observation.
fn locate(rel_path: &str, source: &str, located: &mut [(usize, Observation)]) {
    located.sort_by_key(|(offset, _)| *offset);
    let index = LineIndex::new(source);
    let mut previous: Option<(usize, u32, u32)> = None;
    for (offset, obs) in located.iter_mut() {
        let (line, column) = match previous {
            Some((prev, line, column)) if !source[prev..*offset].contains(['\n', '\r']) => {
                let width: usize = source[prev..*offset].chars().map(char::len_utf16).sum();
                (
                    line,
                    column.saturating_add(u32::try_from(width).unwrap_or(u32::MAX)),
                )
            }
            _ => index.position(*offset),
        };
        previous = Some((*offset, line, column));
        obs.location = Location::new(rel_path, line, Some(column));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        let vendor = |id: &str, cat: &str, hosts: &[&str], markers: &[&str]| Vendor {
            id: id.into(),
            name: id.into(),
            organisation: id.into(),
            categories: vec![cat.into()],
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            markers: markers.iter().map(|m| m.to_string()).collect(),
            ..Default::default()
        };
        Catalogue::from_vendors(vec![
            vendor(
                "mixpanel",
                "analytics",
                &["mixpanel.com", "*.mixpanel.com"],
                &["mixpanel.init("],
            ),
            vendor("sentry", "error-tracking", &["*.sentry.io"], &[]),
            vendor(
                "google-tag-manager",
                "analytics",
                &["*.googletagmanager.com"],
                &["googletagmanager.com/gtm.js"],
            ),
            vendor("atlassian", "atlassian", &["*.atlassian.net"], &[]),
        ])
    }

    fn scan(source: &str) -> Vec<Observation> {
        scan_bundle("build/main.js", source, Side::Frontend, &catalogue()).unwrap()
    }

    fn summary(found: &[Observation]) -> Vec<(ObservationKind, String, String, u32, u32)> {
        found
            .iter()
            .map(|o| {
                (
                    o.kind,
                    o.host.clone().unwrap_or_default(),
                    o.detail.clone(),
                    o.location.line,
                    o.location.column.unwrap_or(0),
                )
            })
            .collect()
    }

    #[test]
    fn reports_each_host_once_at_its_first_occurrence() {
        let src = r#"!function(){var a="https://api.mixpanel.com/track",b="xmlns",c="http://www.w3.org/2000/svg";fetch(a);fetch("https://api.mixpanel.com/engage?x=1");e.src="https://cdn.example.net/x.js"}"#;
        let found = scan(src);
        assert_eq!(
            summary(&found),
            vec![
                (
                    ObservationKind::NetworkCall,
                    "api.mixpanel.com".into(),
                    "bundle literal (first of 2)".into(),
                    1,
                    src.find("https://api").unwrap() as u32 + 1
                ),
                (
                    ObservationKind::NetworkCall,
                    "cdn.example.net".into(),
                    "bundle literal".into(),
                    1,
                    src.find("https://cdn").unwrap() as u32 + 1
                ),
            ]
        );
        assert_eq!(found[0].vendor.as_deref(), Some("mixpanel"));
        assert_eq!(found[0].scheme.as_deref(), Some("https"));
        assert_eq!(found[1].vendor, None);
    }

    #[test]
    fn ipv6_and_fully_qualified_hosts_are_read_in_their_compared_form() {
        let src = r#"fetch("https://[2001:DB8:0::1]:8443/x");fetch("https://cdn.example.net./y");fetch("https://[nope]/")"#;
        let hosts: Vec<String> = scan(src).into_iter().filter_map(|o| o.host).collect();
        assert_eq!(hosts, vec!["2001:db8::1", "cdn.example.net"]);
    }

    #[test]
    fn the_dfa_that_takes_over_on_large_runs_finds_the_same() {
        let catalogue = catalogue();
        let src = r#"!function(){var a="https://api.mixpanel.com/track";n.src="//www.googletagmanager.com/gtm.js";o="o1.ingest.sentry.io";fetch("http://cdn.example.net/x.js")}"#;
        let scan_with = |matcher: &BundleMatcher<'_>| {
            scan_bundle_with(matcher, "build/main.js", src, Side::Frontend, &catalogue).unwrap()
        };
        let fresh = BundleMatcher::new(&catalogue).unwrap();
        let warmed = BundleMatcher::new(&catalogue).unwrap();
        warmed.scanned.store(DFA_AFTER_BYTES, Ordering::Relaxed);
        let by_nfa = scan_with(&fresh);
        let by_dfa = scan_with(&warmed);
        assert!(fresh.fast.get().is_none());
        assert!(warmed.fast.get().is_some_and(Option::is_some));
        assert_eq!(by_dfa, by_nfa);
        assert_eq!(by_nfa.len(), 5, "{:?}", summary(&by_nfa));
    }

    #[test]
    fn xml_namespaces_loopback_and_licence_comments_are_not_destinations() {
        let src = "/*! For license information see https://github.com/x/y */\n\
                   /** @license React v18 https://reactjs.org */\n\
                   var s=\"http://www.w3.org/2000/svg\",l=\"http://www.w3.org/1999/xlink\",\
                   o=\"https://schema.org\",d=\"http://localhost:3000/api\",\
                   r=\"https://reactjs.org/docs/error-decoder.html?invariant=\",t=\"https://\"+h;";
        assert!(scan(src).is_empty(), "{:?}", summary(&scan(src)));
    }

    #[test]
    fn bare_catalogue_hosts_wildcards_and_escaped_urls_are_found() {
        let src = "a={host:\"o42.ingest.sentry.io\"};b=\"https:\\/\\/api.mixpanel.com\\/x\";\
                   c=\"sales@mixpanel.com\";d=\"mixpanel.com.evil.example\";e=\"x.atlassian.net\"";
        let found = scan(src);
        let hosts: Vec<(&str, Option<&str>, Option<&str>)> = found
            .iter()
            .map(|o| {
                (
                    o.host.as_deref().unwrap(),
                    o.scheme.as_deref(),
                    o.vendor.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            hosts,
            vec![
                ("o42.ingest.sentry.io", None, Some("sentry")),
                ("api.mixpanel.com", Some("https"), Some("mixpanel")),
                ("x.atlassian.net", None, Some("atlassian")),
            ]
        );
    }

    #[test]
    fn markers_give_sdk_observations_even_inside_urls() {
        let src =
            "j.src=\"https://www.googletagmanager.com/gtm.js?id=\"+i;\nmixpanel.init(\"tok\")";
        let found = scan(src);
        assert_eq!(
            summary(&found),
            vec![
                (
                    ObservationKind::NetworkCall,
                    "www.googletagmanager.com".into(),
                    "bundle literal".into(),
                    1,
                    8
                ),
                (
                    ObservationKind::Sdk,
                    String::new(),
                    "googletagmanager.com/gtm.js".into(),
                    1,
                    20
                ),
                (
                    ObservationKind::Sdk,
                    String::new(),
                    "mixpanel.init(".into(),
                    2,
                    1
                ),
            ]
        );
    }

    #[test]
    fn an_insecure_use_is_reported_beside_a_secure_one() {
        let found = scan("a='https://api.mixpanel.com';b='http://api.mixpanel.com'");
        let schemes: Vec<Option<&str>> = found.iter().map(|o| o.scheme.as_deref()).collect();
        assert_eq!(schemes, vec![Some("https"), Some("http")]);
    }

    #[test]
    fn columns_count_utf16_units_after_non_ascii_text() {
        let src = "x=\"é🙂\";y=\"https://api.mixpanel.com\";z=\"€\";w=\"https://b.example.org\"";
        let found = scan(src);
        let cols: Vec<u32> = found.iter().map(|o| o.location.column.unwrap()).collect();
        let utf16_col =
            |needle: &str| src[..src.find(needle).unwrap()].encode_utf16().count() as u32 + 1;
        assert_eq!(
            cols,
            vec![utf16_col("https://api"), utf16_col("https://b.")]
        );
        assert_eq!(cols[0], 12);
    }

    #[test]
    fn a_twenty_megabyte_single_line_bundle_is_scanned() {
        let mut src = String::with_capacity(21 * 1024 * 1024);
        src.push_str("!function(){");
        while src.len() < 20 * 1024 * 1024 {
            src.push_str("var a=b.map(function(c){return c+1}),d=\"http://www.w3.org/2000/svg\";");
        }
        src.push_str("fetch(\"https://api.mixpanel.com/track\")}()");
        assert!(looks_minified(&src));
        let found = scan(&src);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.line, 1);
        assert_eq!(
            found[0].location.column,
            Some(src.find("https://api").unwrap() as u32 + 1)
        );
    }

    #[test]
    fn storage_writes_in_a_bundle_are_browser_storage_once_each() {
        let found = scan(
            "var a=typeof localStorage;localStorage.setItem(\"k\",v);localStorage.setItem(\"j\",w);document.cookie=\"x=1\";",
        );
        let storage: Vec<(&str, u32)> = found
            .iter()
            .filter(|o| o.kind == ObservationKind::BrowserStorage)
            .map(|o| (o.detail.as_str(), o.location.column.unwrap_or(0)))
            .collect();
        assert_eq!(storage, [("localStorage", 27), ("cookie", 83)]);
    }

    #[test]
    fn hand_written_code_does_not_look_minified() {
        assert!(!looks_minified("const a = 1;\nfetch(a);\n"));
        assert!(looks_minified(&"x".repeat(BUNDLE_MIN_LINE + 1)));
        let line = "y".repeat(BUNDLE_MIN_LINE);
        // Lines of exactly the limit, ended by either break, are hand-written.
        assert!(!looks_minified(&format!("{line}\n{line}\r\n{line}")));
        // One byte more, first, in the middle or last, is minified.
        assert!(looks_minified(&format!("{line}x\n{line}")));
        assert!(looks_minified(&format!("a\n{line}x\r\nb")));
        assert!(looks_minified(&format!("{line}\r{line}x")));
    }
}
