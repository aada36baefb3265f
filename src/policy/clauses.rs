//! A sentence cut into clauses, with its negators: decides whether a phrase is
//! asserted or denied ("we do not use analytics" vs "we use Mixpanel for analytics").

use std::cell::OnceCell;
use std::ops::Range;

use regex_automata::meta::Regex;

use crate::rulesets::ClaimPhrases;

/// How far (in bytes) a negator reaches forward within its clause.
pub(crate) const NEGATION_REACH: usize = 80;

/// A sentence (with its list lead-in in front, if any) ready for matching.
#[derive(Debug)]
pub(crate) struct Clauses<'p> {
    /// Normalised text: lead-in (without its colon), a space, then the sentence.
    text: String,
    /// Where the sentence itself starts in `text`.
    item_start: usize,
    has_lead_in: bool,
    phrases: &'p ClaimPhrases,
    /// Found on first need: most sentences match no phrase and name no
    /// vendor, so they never need their clauses.
    cut: OnceCell<Cut>,
}

/// Where clauses start and where the negators are.
#[derive(Debug)]
struct Cut {
    /// Sorted byte offsets where a new clause starts.
    breaks: Vec<usize>,
    /// Byte ranges of negators, by start.
    negators: Vec<Range<usize>>,
}

impl<'p> Clauses<'p> {
    /// Cuts `sentence`, read after its list `lead_in` if any, into clauses.
    pub(crate) fn new(
        sentence: &str,
        lead_in: Option<&str>,
        phrases: &'p ClaimPhrases,
    ) -> Clauses<'p> {
        let mut text = String::new();
        if let Some(lead) = lead_in {
            text.push_str(&normalise(lead.trim_end().trim_end_matches(':')));
            text.push(' ');
        }
        let item_start = text.len();
        text.push_str(&normalise(sentence));
        Clauses {
            text,
            item_start,
            has_lead_in: lead_in.is_some(),
            phrases,
            cut: OnceCell::new(),
        }
    }

    fn cut(&self) -> &Cut {
        self.cut.get_or_init(|| {
            let text = &self.text;
            let mut breaks = punctuation_breaks(text);
            for re in self.phrases.clause_breaks().matching(text) {
                breaks.extend(re.find_iter(text).map(|m| m.start()));
            }
            if self.has_lead_in {
                // A negating lead-in reaches its whole item, even one that opens
                // like a new clause ("The app does not: the app uses ...").
                breaks.retain(|&b| b != self.item_start);
            }
            breaks.sort_unstable();
            let mut negators: Vec<Range<usize>> = self
                .phrases
                .negators()
                .matching(text)
                .flat_map(|re| re.find_iter(text).map(|m| m.range()))
                .collect();
            negators.sort_by_key(|r| r.start);
            Cut { breaks, negators }
        })
    }

    /// The normalised text, lead-in included.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Where the sentence itself starts in [`Clauses::text`].
    pub(crate) fn item_start(&self) -> usize {
        self.item_start
    }

    /// The normalised sentence without its lead-in.
    pub(crate) fn sentence(&self) -> &str {
        &self.text[self.item_start..]
    }

    /// The index of the clause holding byte `offset` of [`Clauses::text`].
    pub(crate) fn clause_of(&self, offset: usize) -> usize {
        self.cut().breaks.partition_point(|&b| b <= offset)
    }

    /// A match of `pattern` reaching into the sentence, unless a negator outside
    /// the match sits in the same clause (`strict`; "residency is not supported").
    pub(crate) fn asserted(&self, pattern: &Regex, strict: bool) -> Option<Range<usize>> {
        pattern
            .find_iter(&self.text)
            .map(|m| m.range())
            .filter(|m| m.end > self.item_start)
            .find(|m| {
                let clause = self.clause_of(m.start);
                !strict
                    || !self.cut().negators.iter().any(|n| {
                        (n.end <= m.start || n.start >= m.end) && self.clause_of(n.start) == clause
                    })
            })
    }

    /// A match of `pattern` inside the sentence that a negator before it, in the
    /// same clause, denies: within reach, or anywhere after a negating lead-in.
    pub(crate) fn negated(&self, pattern: &Regex) -> Option<Range<usize>> {
        pattern
            .find_iter(&self.text)
            .map(|m| m.range())
            .filter(|m| m.start >= self.item_start)
            .find(|m| self.denies(m.start - self.item_start..m.end - self.item_start))
    }
    /// Whether a mention at `range` of the sentence (without lead-in) is denied
    /// by a negator before it in the same clause ("we do not use Sentry").
    pub(crate) fn denies(&self, range: Range<usize>) -> bool {
        self.denier(range.start + self.item_start).is_some()
    }

    /// The negator that denies a mention starting at `start` of
    /// [`Clauses::text`]: before it in its clause, within reach or in a
    /// negating lead-in.
    pub(crate) fn denier(&self, start: usize) -> Option<Range<usize>> {
        let clause = self.clause_of(start);
        self.cut()
            .negators
            .iter()
            .rev()
            .find(|n| {
                n.end <= start
                    && self.clause_of(n.start) == clause
                    && (start - n.end <= NEGATION_REACH || n.start < self.item_start)
            })
            .cloned()
    }

    /// The negators of clause `clause`, by start.
    pub(crate) fn negators_in(&self, clause: usize) -> impl Iterator<Item = &Range<usize>> + '_ {
        self.cut()
            .negators
            .iter()
            .filter(move |n| self.clause_of(n.start) == clause)
    }

    /// Whether the sentence was read after a list lead-in.
    pub(crate) fn has_lead_in(&self) -> bool {
        self.has_lead_in
    }
}

/// Typographic quotes and dashes to ASCII, so patterns need only one spelling.
pub(crate) fn normalise(text: &str) -> String {
    // Every character replaced is outside ASCII.
    if text.is_ascii() {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2010}' | '\u{2011}' => '-',
            other => other,
        })
        .collect()
}

/// Clause ends: ; ! ? | always; . and : only before whitespace or the end, so
/// "api.atlassian.com", "e.g." inside words and "TLS 1.2" do not cut.
fn punctuation_breaks(text: &str) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        let cuts = match c {
            ';' | '!' | '?' | '|' => true,
            '.' | ':' => next_is_space,
            _ => false,
        };
        if cuts {
            breaks.push(i + c.len_utf8());
        }
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(sentence: &str, lead: Option<&str>) -> Clauses<'static> {
        Clauses::new(sentence, lead, ClaimPhrases::shared())
    }

    fn topic() -> Regex {
        Regex::new("(?i)analytics").unwrap()
    }

    #[test]
    fn negation_reaches_a_listed_topic_but_not_past_a_clause_break() {
        assert!(
            clauses("We collect no telemetry, crash dumps or analytics.", None)
                .negated(&topic())
                .is_some()
        );
        assert!(
            clauses("We do not sell data; Mixpanel provides analytics.", None)
                .negated(&topic())
                .is_none()
        );
        assert!(
            clauses(
                "We do not sell data and we use Mixpanel for analytics.",
                None
            )
            .negated(&topic())
            .is_none()
        );
        assert!(
            clauses("We use Mixpanel for analytics.", None)
                .negated(&topic())
                .is_none()
        );
    }

    #[test]
    fn a_negating_lead_in_reaches_the_whole_item() {
        let c = clauses(
            "Send usage events of every kind to any of the analytics dashboards we may build.",
            Some("The app will never:"),
        );
        assert!(c.negated(&topic()).is_some());
        assert!(
            clauses("Analytics dashboards.", Some("The app offers:"))
                .negated(&topic())
                .is_none()
        );
    }

    #[test]
    fn a_topic_only_in_the_lead_in_is_not_the_item_s_claim() {
        let c = clauses("Passwords.", Some("No analytics or"));
        assert!(c.negated(&topic()).is_none());
    }

    #[test]
    fn strict_assertions_yield_to_a_negator_in_their_clause() {
        let re = Regex::new("(?i)data residency").unwrap();
        assert!(
            clauses("Data residency is not supported yet.", None)
                .asserted(&re, true)
                .is_none()
        );
        assert!(
            clauses("Data residency applies. We do not move data.", None)
                .asserted(&re, true)
                .is_some()
        );
        assert!(
            clauses("Data residency is not supported yet.", None)
                .asserted(&re, false)
                .is_some()
        );
    }

    #[test]
    fn curly_apostrophes_are_straightened() {
        assert_eq!(
            clauses("Atlassian\u{2019}s cloud", None).sentence(),
            "Atlassian's cloud"
        );
    }
}
