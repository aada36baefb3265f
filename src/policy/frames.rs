//! Claims by meaning: a frame of `rulesets/claims.yml` names the concepts a
//! promise is made of ("send" + "outside", negated); it matches a clause that
//! holds a word of every concept, close together, with the frame's polarity.
//! The same frames read prose, list items under their lead-in, table rows and
//! questionnaire answers, because every one of those reaches here as a
//! [`Clauses`] reading.

use std::ops::Range;

use super::clauses::{Clauses, NEGATION_REACH};
use crate::model::{Because, ClaimKind, ReadWord};
use crate::rulesets::ClaimPhrases;
use crate::rulesets::claims::{ClaimFrame, Polarity};

/// How far before and after an assertion's words a negator undoes it.
const ASSERTION_NEGATION_BEFORE: usize = 30;
const ASSERTION_NEGATION_AFTER: usize = 20;

/// One claim kind a sentence makes, and why.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub(crate) kind: ClaimKind,
    /// Where the match starts in the reading's text, when it maps onto the
    /// sentence (exceptions apply by position).
    pub(crate) start: Option<usize>,
    pub(crate) because: Because,
}

/// The matches of each concept in one text, found in one pass.
struct ConceptHits {
    found: Vec<Vec<Range<usize>>>,
}

impl ConceptHits {
    fn new(phrases: &ClaimPhrases, text: &str) -> Self {
        ConceptHits {
            found: phrases.concept_hits(text),
        }
    }

    fn of(&self, concept: usize) -> &[Range<usize>] {
        self.found.get(concept).map_or(&[], Vec::as_slice)
    }
}

/// Adds a reading for each claim kind not yet in `found` that a frame makes.
pub(crate) fn match_frames(clauses: &Clauses, phrases: &ClaimPhrases, found: &mut Vec<Reading>) {
    let text = clauses.text();
    let hits = ConceptHits::new(phrases, text);
    for frame in phrases.frames() {
        if found.iter().any(|r| r.kind == frame.kind) {
            continue;
        }
        if let Some(reading) = match_frame(frame, clauses, phrases, &hits) {
            found.push(reading);
        }
    }
}

fn match_frame(
    frame: &ClaimFrame,
    clauses: &Clauses,
    phrases: &ClaimPhrases,
    hits: &ConceptHits,
) -> Option<Reading> {
    let text = clauses.text();
    // Most frames miss a concept: nothing is allocated for those.
    if frame.slots.iter().any(|&c| hits.of(c).is_empty()) {
        return None;
    }
    // "Stripe for payments (PCI DSS compliant)": an aside about a vendor,
    // not a promise of the app's.
    let outside_asides: Vec<Vec<Range<usize>>>;
    let slots: Vec<&[Range<usize>]> = if frame.kind == ClaimKind::Unverifiable {
        outside_asides = frame
            .slots
            .iter()
            .map(|&c| {
                hits.of(c)
                    .iter()
                    .filter(|r| !in_parentheses(text, r.start))
                    .cloned()
                    .collect()
            })
            .collect();
        outside_asides.iter().map(Vec::as_slice).collect()
    } else {
        frame.slots.iter().map(|&c| hits.of(c)).collect()
    };
    if slots.iter().any(|s| s.is_empty()) {
        return None;
    }
    for anchor in slots[0] {
        let clause = clauses.clause_of(anchor.start);
        let Some(picked) = pick(frame, &slots, anchor, clause, clauses) else {
            continue;
        };
        // A denial may take its negator from the lead-in ("The app does
        // not:"), but an assertion is the item's own: "Scopes are limited
        // to:" does not make each listed scope a promise.
        let in_item = |r: &Range<usize>| r.start >= clauses.item_start();
        let reaches_item = match frame.polarity {
            Polarity::Asserted => picked.iter().all(in_item),
            _ => picked.iter().any(in_item),
        };
        if !reaches_item {
            continue;
        }
        let undone = frame.unless.iter().any(|&c| {
            hits.of(c)
                .iter()
                .any(|r| clauses.clause_of(r.start) == clause)
        });
        if undone {
            continue;
        }
        // "Retention" alone (a table cell, a label) names a topic, not a promise.
        if frame.kind == ClaimKind::Unverifiable
            && clauses.sentence().split_whitespace().count() < 3
        {
            continue;
        }
        let negator = match polarity_holds(frame.polarity, &picked, clause, clauses) {
            Some(n) => n,
            None => continue,
        };
        let mut words: Vec<(usize, ReadWord)> = frame
            .slots
            .iter()
            .zip(&picked)
            .map(|(&c, r)| {
                (
                    r.start,
                    ReadWord {
                        concept: phrases.concepts()[c].name.clone(),
                        text: text[r.clone()].to_string(),
                    },
                )
            })
            .collect();
        words.sort_by_key(|(at, _)| *at);
        let start = picked.iter().map(|r| r.start).min();
        return Some(Reading {
            kind: frame.kind,
            start,
            because: Because {
                reading: format!("{}/{}", frame.kind.as_str(), frame.id),
                words: words.into_iter().map(|(_, w)| w).collect(),
                negated_by: negator.map(|n| text[n].to_string()),
                structure: None,
            },
        });
    }
    None
}

/// For each slot after the first, the match in `clause` nearest `anchor`
/// (after the previous slot's when the frame is ordered) that overlaps no
/// other pick; `None` when a slot has none or the picks span more than the
/// frame's window.
fn pick(
    frame: &ClaimFrame,
    slots: &[&[Range<usize>]],
    anchor: &Range<usize>,
    clause: usize,
    clauses: &Clauses,
) -> Option<Vec<Range<usize>>> {
    let mut picked = vec![anchor.clone()];
    for matches in slots.get(1..).unwrap_or_default() {
        let after = picked.last().map_or(0, |r| r.end);
        let best = matches
            .iter()
            .filter(|m| clauses.clause_of(m.start) == clause)
            .filter(|m| !frame.ordered || m.start >= after)
            .filter(|m| picked.iter().all(|p| m.end <= p.start || m.start >= p.end))
            .min_by_key(|m| m.start.abs_diff(anchor.start))?;
        picked.push(best.clone());
    }
    let lo = picked.iter().map(|r| r.start).min()?;
    let hi = picked.iter().map(|r| r.end).max()?;
    if hi - lo > frame.window {
        return None;
    }
    if let Some(gap) = frame.gap {
        let mut sorted = picked.clone();
        sorted.sort_by_key(|r| r.start);
        if sorted
            .windows(2)
            .any(|w| w[1].start.saturating_sub(w[0].end) > gap)
        {
            return None;
        }
    }
    Some(picked)
}

/// `Some(negator)` when the frame's polarity holds for its picked words:
/// `Some(None)` for an assertion without negator, `Some(Some(range))` for a
/// denial and the negator that makes it.
fn polarity_holds(
    polarity: Polarity,
    picked: &[Range<usize>],
    clause: usize,
    clauses: &Clauses,
) -> Option<Option<Range<usize>>> {
    let outside = |n: &Range<usize>| picked.iter().all(|p| n.end <= p.start || n.start >= p.end);
    match polarity {
        Polarity::Either => Some(None),
        Polarity::Asserted => {
            // A negator near the words undoes them ("residency is not
            // supported"); one further off belongs to another part of the
            // clause ("makes no outbound calls, and requests only read access").
            let first = picked.iter().map(|r| r.start).min()?;
            let last = picked.iter().map(|r| r.end).max()?;
            let negated = clauses.negators_in(clause).any(|n| {
                outside(n)
                    && n.end + ASSERTION_NEGATION_BEFORE > first
                    && n.start < last + ASSERTION_NEGATION_AFTER
            });
            (!negated).then_some(None)
        }
        Polarity::Negated => {
            let first = picked.iter().map(|r| r.start).min()?;
            let last = picked.iter().map(|r| r.start).max()?;
            // Before the last word, and close to the first one ("the app
            // shares no data with third parties"), or in a negating lead-in.
            clauses
                .negators_in(clause)
                .filter(|n| outside(n) && n.end <= last)
                .find(|n| {
                    n.start < clauses.item_start() && clauses.has_lead_in()
                        || first.saturating_sub(n.end) <= NEGATION_REACH
                })
                .cloned()
                .map(Some)
        }
    }
}

/// Whether byte `at` of `text` sits inside round brackets.
fn in_parentheses(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    let opened = before.matches('(').count();
    let closed = before.matches(')').count();
    opened > closed
}
