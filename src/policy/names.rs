//! Catalogue vendor names found in statement text (whole words, leftmost-longest).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::rulesets::Catalogue;

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
    /// `None` when no name qualifies.
    pub(crate) fn new(catalogue: &Catalogue, first_party: bool) -> Option<NameMatcher> {
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
