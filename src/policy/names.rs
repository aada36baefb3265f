//! Catalogue vendor names found in statement text (whole words, leftmost-longest).

use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rulesets::Catalogue;

/// How many (catalogue, mode) matchers stay cached: a run uses one catalogue
/// in two modes; tests build many small catalogues, so the cache is bounded.
const CACHED_MATCHERS: usize = 8;

/// Matchers already built, keyed by catalogue generation and `first_party`,
/// most recently built last.
type Cache = Vec<((u64, bool), Option<Arc<NameMatcher>>)>;

static CACHE: Mutex<Cache> = Mutex::new(Vec::new());

/// The matcher of [`NameMatcher::new`] for `catalogue`, built once per
/// catalogue content and mode and shared: building the automaton costs far
/// more than matching one statement with it.
pub(crate) fn shared(catalogue: &Catalogue, first_party: bool) -> Option<Arc<NameMatcher>> {
    let key = (catalogue.generation(), first_party);
    // A panic elsewhere while holding the lock leaves the cache consistent
    // (entries are pushed whole), so a poisoned lock is still usable.
    let lock = || CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, matcher)) = lock().iter().find(|(k, _)| *k == key) {
        return matcher.clone();
    }
    // Built outside the lock, so the two modes can be built at once
    // ([`prepare`]); a caller that loses a race uses the first one stored.
    let built = NameMatcher::new(catalogue, first_party).map(Arc::new);
    let mut cache = lock();
    if let Some((_, matcher)) = cache.iter().find(|(k, _)| *k == key) {
        return matcher.clone();
    }
    if cache.len() >= CACHED_MATCHERS {
        cache.remove(0);
    }
    cache.push((key, built.clone()));
    built
}

/// Builds both matchers of `catalogue` in parallel, ahead of the statements
/// that need them.
pub fn prepare(catalogue: &Catalogue) {
    rayon::join(|| shared(catalogue, true), || shared(catalogue, false));
}

/// Every catalogue name (vendor names, aliases, organisations) in one automaton.
pub(crate) struct NameMatcher {
    automaton: AhoCorasick,
    names: Vec<String>,
    /// Vendor ids each name designates.
    vendor_ids: Vec<Vec<String>>,
}

impl NameMatcher {
    /// A matcher over every catalogue name; Atlassian's own names only with
    /// `first_party` (an exception may name Atlassian, a disclosure never does).
    /// `None` when no name qualifies. Callers use [`shared`].
    fn new(catalogue: &Catalogue, first_party: bool) -> Option<NameMatcher> {
        let mut names = Vec::new();
        let mut vendor_ids = Vec::new();
        for name in catalogue.names() {
            let text = name.text.trim().to_string();
            let ids: Vec<String> = name
                .vendor_ids
                .into_iter()
                .filter(|id| {
                    catalogue
                        .by_id(id)
                        .is_some_and(|v| first_party || !v.is_first_party())
                })
                .collect();
            if !text.is_empty() && !ids.is_empty() {
                names.push(text);
                vendor_ids.push(ids);
            }
        }
        if names.is_empty() {
            return None;
        }
        // Standard semantics so overlapping candidates can be filtered by word
        // boundary before choosing the leftmost-longest one.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&names)
            .ok()?;
        Some(NameMatcher {
            automaton,
            names,
            vendor_ids,
        })
    }

    /// Non-overlapping, leftmost-longest, whole-word mentions in `text`.
    pub(crate) fn mentions<'a>(
        &'a self,
        text: &str,
    ) -> Vec<(std::ops::Range<usize>, &'a [String])> {
        let mut found: Vec<(std::ops::Range<usize>, usize)> = self
            .automaton
            .find_overlapping_iter(text)
            .filter(|m| {
                whole_word(text, m.range())
                    && case_fits(&self.names[m.pattern().as_usize()], &text[m.range()])
            })
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect();
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut out = Vec::new();
        let mut taken_to = 0;
        for (range, pattern) in found {
            if range.start >= taken_to {
                taken_to = range.end;
                out.push((range, self.vendor_ids[pattern].as_slice()));
            }
        }
        out
    }
}

fn whole_word(text: &str, range: std::ops::Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Names are matched case-insensitively ("SENTRY", "sentry.io"), except that a
/// capitalised name must be capitalised in the text and a name of three letters
/// or fewer must match exactly: "Segment" or "GA" are brands, "a segment of
/// users" or "ga" are not.
fn case_fits(name: &str, written: &str) -> bool {
    if name.chars().count() <= 3 {
        return name == written;
    }
    let name_upper = name.chars().next().is_some_and(char::is_uppercase);
    !name_upper || written.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulesets::Vendor;

    fn catalogue() -> Catalogue {
        Catalogue::from_vendors(vec![Vendor {
            id: "sentry".into(),
            name: "Sentry".into(),
            organisation: "Functional Software, Inc.".into(),
            categories: vec!["error-tracking".into()],
            ..Default::default()
        }])
    }

    fn ids(matcher: &NameMatcher, text: &str) -> Vec<String> {
        matcher
            .mentions(text)
            .into_iter()
            .flat_map(|(_, ids)| ids.to_vec())
            .collect()
    }

    #[test]
    fn one_matcher_per_catalogue_and_mode() {
        let c = catalogue();
        let a = shared(&c, false).unwrap();
        let b = shared(&c.clone(), false).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "a clone reuses the matcher");
        let first_party = shared(&c, true).unwrap();
        assert!(!Arc::ptr_eq(&a, &first_party));
        let other = shared(&catalogue(), false).unwrap();
        assert!(!Arc::ptr_eq(&a, &other), "another catalogue gets its own");
    }

    #[test]
    fn added_vendors_are_matched_after_load_additions() {
        let mut c = catalogue();
        let before = shared(&c, false).unwrap();
        assert!(ids(&before, "Events go to Acme Metrics.").is_empty());
        let yaml = "vendors:\n  - id: acme-metrics\n    name: Acme Metrics\n    organisation: Acme\n    categories: [analytics]\n";
        c.load_additions("acme.yml", yaml).unwrap();
        let after = shared(&c, false).unwrap();
        assert_eq!(ids(&after, "Events go to Acme Metrics."), ["acme-metrics"]);
        assert_eq!(ids(&after, "Errors go to Sentry."), ["sentry"]);
    }

    #[test]
    fn a_catalogue_without_names_has_no_matcher() {
        assert!(shared(&Catalogue::default(), true).is_none());
    }
}
