//! Sentences into claims: which promises the statement makes, hedged or not,
//! and about what (the app, or the vendor's server products, website, support).

use rayon::prelude::*;

use super::clauses::Clauses;
use super::exceptions::{self, Found};
use super::frames::{Reading, match_frames};
use super::hosts::named_hosts;
use super::names::{self, NameMatcher};
use super::read::{Sentence, Statement};
use crate::model::{Because, Claim, ClaimKind, Location, ReadWord, Structure};
use crate::rulesets::claims::PhraseMode;
use crate::rulesets::{Catalogue, ClaimPhrases};

/// Every claim of the statement, ids `C1..` in statement order (by line, then
/// kind order). A sentence yields at most one claim per kind. Exceptions name
/// vendors of the embedded catalogue; use [`extract_claims_with`] to pass one.
pub fn extract_claims(statement: &Statement, phrases: &ClaimPhrases) -> Vec<Claim> {
    match Catalogue::embedded() {
        Ok(catalogue) => extract_claims_with(statement, phrases, &catalogue),
        // Without a catalogue exceptions still carry hosts and
        // customer-configured destinations, only no vendor ids.
        Err(_) => extract(statement, phrases, None),
    }
}

/// [`extract_claims`] with the vendor catalogue used to resolve the vendors an
/// exception names ("except SMS alerts sent through Twilio" -> `twilio`).
pub fn extract_claims_with(
    statement: &Statement,
    phrases: &ClaimPhrases,
    catalogue: &Catalogue,
) -> Vec<Claim> {
    let matcher = names::shared(catalogue, true);
    extract(statement, phrases, matcher.as_deref())
}

fn extract(
    statement: &Statement,
    phrases: &ClaimPhrases,
    matcher: Option<&NameMatcher>,
) -> Vec<Claim> {
    // Sentences are independent; an indexed parallel collect keeps their order.
    let mut claims: Vec<Claim> = statement
        .sentences
        .par_iter()
        .flat_map_iter(|s| sentence_claims(s, &statement.path, phrases, matcher))
        .collect();
    claims.sort_by_key(|c| (c.location.line, c.kind));
    for (i, claim) in claims.iter_mut().enumerate() {
        claim.id = format!("C{}", i + 1);
    }
    claims
}

fn sentence_claims(
    sentence: &Sentence,
    path: &str,
    phrases: &ClaimPhrases,
    matcher: Option<&NameMatcher>,
) -> Vec<Claim> {
    let clauses = Clauses::new(&sentence.text, sentence.lead_in.as_deref(), phrases);
    let mut found: Vec<Reading> = Vec::new();
    match question_and_answer(sentence) {
        Some((question, answer)) => {
            // A questionnaire row: the question read under its yes/no answer,
            // then the answer's own explanation. Offsets do not map onto the
            // row's text, so every exception of the row applies.
            let lead = (answer.verdict == Verdict::No).then_some("No:");
            for (text, lead) in [(question, lead), (answer.rest, None)] {
                let reading = Clauses::new(text, lead, phrases);
                read_clauses(&reading, phrases, &mut found);
            }
            for f in &mut found {
                f.start = None;
                f.because.structure = Some(Structure::Questionnaire);
            }
        }
        None => {
            read_clauses(&clauses, phrases, &mut found);
            if clauses.has_lead_in() {
                for f in &mut found {
                    f.because.structure = Some(Structure::LeadIn);
                }
            }
        }
    }
    if !found.iter().any(|r| r.kind == ClaimKind::Unverifiable)
        && has_retention_cell(sentence, phrases)
    {
        found.push(Reading {
            kind: ClaimKind::Unverifiable,
            start: None,
            because: Because {
                reading: "unverifiable/retention-column".to_string(),
                ..Because::default()
            },
        });
    }
    if found.is_empty() {
        return Vec::new();
    }
    let found_exceptions = exceptions::find(clauses.text(), phrases, matcher);
    let hedged = is_hedged(clauses.text(), phrases, &found_exceptions);
    let scope = scope(sentence, &clauses, &found_exceptions, phrases);
    let mut claims = Vec::new();
    for Reading {
        kind,
        start,
        because,
    } in found
    {
        let hosts = if kind == ClaimKind::OnlyNamedHosts {
            let hosts = named_hosts(clauses.sentence(), phrases);
            if hosts.is_empty() {
                // "The only communication is with our partners" names nothing checkable.
                continue;
            }
            hosts
        } else {
            Vec::new()
        };
        claims.push(Claim {
            id: String::new(),
            kind,
            hedged,
            scope: scope.clone(),
            text: sentence.text.clone(),
            hosts,
            exceptions: found_exceptions
                .iter()
                .filter(|f| f.applies_to(&clauses, start))
                .map(|f| f.exception.clone())
                .collect(),
            because,
            location: Location::new(path, sentence.line, None),
        });
    }
    claims
}

/// Phrases first, then frames: the first reading of each kind wins.
fn read_clauses(clauses: &Clauses, phrases: &ClaimPhrases, found: &mut Vec<Reading>) {
    match_phrases(clauses, phrases, found);
    match_frames(clauses, phrases, found);
}

/// Adds each claim kind whose phrase `clauses` makes (first phrase per kind),
/// with the phrase id and where its match starts.
fn match_phrases(clauses: &Clauses, phrases: &ClaimPhrases, found: &mut Vec<Reading>) {
    // One pass over the text rules out the phrases that cannot match.
    let candidates = phrases.phrase_candidates(clauses.text());
    for (i, phrase) in phrases.phrases().iter().enumerate() {
        if !candidates.contains(i) || found.iter().any(|r| r.kind == phrase.kind) {
            continue;
        }
        if let Some(context) = &phrase.context
            && !context.is_match(clauses.text())
        {
            continue;
        }
        let Some(pattern) = phrase.pattern.regex() else {
            continue;
        };
        let hit = match phrase.mode {
            PhraseMode::Asserted => {
                clauses.asserted(pattern, phrase.kind != ClaimKind::Unverifiable)
            }
            PhraseMode::Negated => clauses.negated(pattern),
        };
        if let Some(range) = hit {
            let negated_by = match phrase.mode {
                PhraseMode::Negated => clauses
                    .denier(range.start)
                    .map(|n| clauses.text()[n].to_string()),
                PhraseMode::Asserted => None,
            };
            found.push(Reading {
                kind: phrase.kind,
                start: Some(range.start),
                because: Because {
                    reading: format!("{}/{}", phrase.kind.as_str(), phrase.id),
                    words: vec![ReadWord {
                        concept: "phrase".to_string(),
                        text: clauses.text()[range].to_string(),
                    }],
                    negated_by,
                    structure: None,
                },
            });
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Yes,
    No,
}

#[derive(Debug)]
struct Answer<'s> {
    verdict: Verdict,
    /// The explanation after "Yes." / "No,".
    rest: &'s str,
}

/// A questionnaire table row: the first cell asks a question ("Does the app
/// use analytics?") and the next cell starts with Yes or No.
fn question_and_answer(sentence: &Sentence) -> Option<(&str, Answer<'_>)> {
    if sentence.table_header.is_empty() {
        return None;
    }
    let (question, answer) = sentence.text.split_once(" | ")?;
    if !question.trim_end().ends_with('?') {
        return None;
    }
    let answer = answer.trim_start();
    let word_end = answer
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(answer.len());
    let verdict = match answer[..word_end].to_ascii_lowercase().as_str() {
        "yes" => Verdict::Yes,
        "no" => Verdict::No,
        _ => return None,
    };
    // "Does the app use ...?" read as "the app use ...", so a "No" answer's
    // negation reaches the whole question.
    let question = question.trim();
    let question = [
        "Does ", "Do ", "Is ", "Are ", "Has ", "Have ", "Can ", "Will ",
    ]
    .iter()
    .find_map(|aux| question.strip_prefix(aux))
    .unwrap_or(question);
    let rest = answer[word_end..].trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '-' | '\u{2013}' | '\u{2014}' | '|'
            )
    });
    Some((question, Answer { verdict, rest }))
}

/// A table row with a non-empty cell under a retention column ("| Audit logs |
/// ... | Until uninstall |"): a retention promise no static check can verify.
fn has_retention_cell(sentence: &Sentence, phrases: &ClaimPhrases) -> bool {
    if sentence.table_header.is_empty() {
        return false;
    }
    let cells: Vec<&str> = sentence.text.split(" | ").collect();
    sentence.table_header.iter().enumerate().any(|(i, header)| {
        phrases.retention_columns().is_match(header)
            && cells.get(i).is_some_and(|c| {
                let c = c.trim();
                !c.is_empty() && !matches!(c, "-" | "\u{2014}" | "n/a" | "N/A")
            })
    })
}

/// A hedge anywhere in the sentence softens its claims, except the marker of an
/// exception that names what it excuses: "except SMS sent through Twilio"
/// narrows the promise, "unless required for app functionality" softens it.
fn is_hedged(text: &str, phrases: &ClaimPhrases, found: &[Found]) -> bool {
    phrases.hedges().matching(text).any(|h| {
        h.find_iter(text).any(|m| {
            !found
                .iter()
                .any(|f| f.is_specific() && f.marker.start <= m.start() && m.end() <= f.marker.end)
        })
    })
}

/// The scope of a sentence: from its own text (exception clauses left out), else
/// its lead-in, else its headings from the innermost out.
fn scope(
    sentence: &Sentence,
    clauses: &Clauses,
    found: &[Found],
    phrases: &ClaimPhrases,
) -> Option<String> {
    // Exceptions describe what is excused, not the subject ("no data is sent
    // back except through support emails").
    let text = clauses.text();
    let mut subject = String::new();
    let mut at = clauses.item_start();
    for f in found {
        if f.span.start >= at {
            subject.push_str(&text[at..f.span.start]);
            subject.push(' ');
        }
        at = at.max(f.span.end);
    }
    subject.push_str(text.get(at..).unwrap_or_default());
    let candidates = std::iter::once(subject.as_str())
        .chain(sentence.lead_in.as_deref())
        .chain(sentence.headings.iter().rev().map(String::as_str));
    for candidate in candidates {
        if let Some(scope) = phrases.scope_of(candidate) {
            return Some(scope.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests;
