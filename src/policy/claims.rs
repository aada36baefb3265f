//! Sentences into claims: which promises the statement makes, hedged or not,
//! and about what (the app, or the vendor's server products, website, support).

use rayon::prelude::*;

use super::clauses::{Clauses, normalise};
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
        .enumerate()
        .flat_map_iter(|(i, _)| sentence_claims(statement, i, phrases, matcher))
        .collect();
    if about_server_products(statement, phrases) {
        for claim in claims.iter_mut().filter(|c| c.scope.is_none()) {
            claim.scope = Some("server".to_string());
        }
    }
    claims.sort_by_key(|c| (c.location.line, c.kind));
    for (i, claim) in claims.iter_mut().enumerate() {
        claim.id = format!("C{}", i + 1);
    }
    claims
}

/// A statement about server products as a whole: some sentence is in the
/// `server` scope and nothing in it names Forge or the cloud.
fn about_server_products(statement: &Statement, phrases: &ClaimPhrases) -> bool {
    // Cloud words first: most statements name Forge early, which ends the scan.
    let mut headings_seen: Option<&[String]> = None;
    let names_cloud = statement.sentences.iter().any(|s| {
        // Sentences of one section share their headings; test them once.
        let new_headings = headings_seen != Some(s.headings.as_slice());
        headings_seen = Some(s.headings.as_slice());
        phrases.cloud_markers().is_match(&s.text)
            || new_headings
                && s.headings
                    .iter()
                    .any(|h| phrases.cloud_markers().is_match(h))
    });
    !names_cloud
        && statement
            .sentences
            .iter()
            .any(|s| phrases.scope_of(&s.text) == Some("server"))
}

/// A bold label in a paragraph of its own ("Geographic Data Residency:"):
/// a heading in all but markup, which promises nothing itself.
fn is_label(text: &str) -> bool {
    let text = text.trim();
    text.ends_with(':') && text.split_whitespace().count() <= 4
}

fn sentence_claims(
    statement: &Statement,
    index: usize,
    phrases: &ClaimPhrases,
    matcher: Option<&NameMatcher>,
) -> Vec<Claim> {
    let Some(sentence) = statement.sentences.get(index) else {
        return Vec::new();
    };
    if is_label(&sentence.text) {
        return Vec::new();
    }
    let clauses = Clauses::new(&sentence.text, sentence.lead_in.as_deref(), phrases);
    if phrases.pointers().is_match(clauses.sentence()) {
        return Vec::new();
    }
    let mut found: Vec<Reading> = Vec::new();
    if let Some(reading) = answer_reading(statement, index) {
        let answered = Clauses::new(&reading, None, phrases);
        read_clauses(&answered, phrases, &mut found);
        for f in &mut found {
            f.start = None;
            f.because.structure = Some(Structure::Answer);
        }
    } else {
        read_sentence(sentence, &clauses, phrases, &mut found);
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
    build_claims(statement, index, &clauses, found, phrases, matcher)
}

/// A sentence read as prose, list item or questionnaire row.
fn read_sentence(
    sentence: &Sentence,
    clauses: &Clauses,
    phrases: &ClaimPhrases,
    found: &mut Vec<Reading>,
) {
    match question_and_answer(sentence) {
        Some((question, answer)) => {
            // A questionnaire row: the question read under its yes/no answer,
            // then the answer's own explanation. Offsets do not map onto the
            // row's text, so every exception of the row applies.
            let lead = (answer.verdict == Verdict::No).then_some("No:");
            for (text, lead) in [(question, lead), (answer.rest, None)] {
                let reading = Clauses::new(text, lead, phrases);
                read_clauses(&reading, phrases, found);
            }
            for f in found.iter_mut() {
                f.start = None;
                f.because.structure = Some(Structure::Questionnaire);
            }
        }
        None => {
            read_clauses(clauses, phrases, found);
            if clauses.has_lead_in() {
                for f in found.iter_mut() {
                    f.because.structure = Some(Structure::LeadIn);
                }
            }
        }
    }
}

/// The claims of sentence `index` from its readings: hedging, scope,
/// exceptions, and the hosts an only-named-hosts claim names.
fn build_claims(
    statement: &Statement,
    index: usize,
    clauses: &Clauses,
    found: Vec<Reading>,
    phrases: &ClaimPhrases,
    matcher: Option<&NameMatcher>,
) -> Vec<Claim> {
    let Some(sentence) = statement.sentences.get(index) else {
        return Vec::new();
    };
    let path = statement.path.as_str();
    let found_exceptions = exceptions::find(clauses.text(), phrases, matcher);
    let hedged = is_hedged(clauses.text(), phrases, &found_exceptions);
    let scope = scope(sentence, clauses, &found_exceptions, phrases);
    let mut claims = Vec::new();
    for Reading {
        kind,
        start,
        because,
    } in found
    {
        let mut listed = Vec::new();
        let hosts = if kind == ClaimKind::OnlyNamedHosts {
            let mut hosts = named_hosts(clauses.sentence(), phrases);
            if hosts.is_empty() {
                // "Only for:" and a list: the items name the destinations.
                listed = listed_destinations(statement, index, phrases, matcher);
                for host in listed.iter().flat_map(|item| &item.hosts) {
                    if !hosts.contains(host) {
                        hosts.push(host.clone());
                    }
                }
            }
            if hosts.is_empty() && listed.iter().all(|e| e.vendors.is_empty()) {
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
                .filter(|f| f.applies_to(clauses, start))
                .map(|f| f.exception.clone())
                .chain(listed.iter().filter(|e| !e.vendors.is_empty()).cloned())
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

/// The list items under sentence `index` (its lead-in), each read for the
/// vendors and hosts it names.
fn listed_destinations(
    statement: &Statement,
    index: usize,
    phrases: &ClaimPhrases,
    matcher: Option<&NameMatcher>,
) -> Vec<crate::model::Exception> {
    let Some(lead) = statement.sentences.get(index) else {
        return Vec::new();
    };
    if !lead.text.trim_end().ends_with(':') {
        return Vec::new();
    }
    statement.sentences[index + 1..]
        .iter()
        .take_while(|s| s.lead_in.as_deref().map(str::trim) == Some(lead.text.trim()))
        .map(|s| exceptions::describe(&normalise(&s.text), phrases, matcher))
        .filter(|e| !e.vendors.is_empty() || !e.hosts.is_empty())
        .collect()
}

/// Words that answer a question by denying it.
const DENIALS: &[&str] = &[
    "no", "none", "nope", "never", "nowhere", "nothing", "zero", "n/a", "na",
];

/// A terse answer ("None.", "Nowhere outside Atlassian.", "External backend:
/// None.") read with what it answers: its label, the question before it, its
/// list's lead-in or its heading. `None` for any other sentence.
fn answer_reading(statement: &Statement, index: usize) -> Option<String> {
    let sentence = statement.sentences.get(index)?;
    let text = normalise(&sentence.text);
    // "Label: None." or a table row "Label | None".
    for separator in [": ", " | "] {
        if let Some((label, answer)) = text.split_once(separator)
            // A question with its answer is a questionnaire row.
            && !label.trim_end().ends_with('?')
            && let Some(rest) = denial(answer)
            && !label.trim().is_empty()
            && label.split_whitespace().count() <= 8
        {
            return Some(format!("no {} {rest}", label.trim()));
        }
    }
    let rest = denial(&text)?;
    let previous = index
        .checked_sub(1)
        .and_then(|i| statement.sentences.get(i))
        .filter(|p| p.text.trim_end().ends_with('?') && sentence.line.abs_diff(p.line) <= 2);
    let context = match previous {
        Some(question) => question_body(question.text.trim()).to_string(),
        None => sentence
            .lead_in
            .clone()
            .or_else(|| sentence.headings.last().cloned())?,
    };
    Some(format!("no {} {rest}", context.trim_end_matches(':')))
}

/// What follows the denial when `text` is a terse one (the caller reads it as
/// "no" whatever its word: "N/A" negates nothing by itself): the word alone,
/// or "Nowhere"/"None" and a few words ("Nowhere outside Atlassian").
fn denial(text: &str) -> Option<&str> {
    let text = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end();
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '/'))
        .unwrap_or(text.len());
    let (word, rest) = text.split_at(end);
    let word = word.to_ascii_lowercase();
    if !DENIALS.contains(&word.as_str()) {
        return None;
    }
    let rest = rest.trim_start_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | '!' | ';' | ' ' | '-' | '\u{2013}' | '\u{2014}'
        )
    });
    let more = rest.split_whitespace().count();
    let brief = matches!(word.as_str(), "nowhere" | "none" | "nothing");
    (more == 0 || brief && more <= 4).then_some(rest)
}

/// "Does the app use ...?" as "the app use ...", so a denial reaches all of it.
fn question_body(question: &str) -> &str {
    let question = question.trim().trim_end_matches('?');
    [
        "Does ", "Do ", "Is ", "Are ", "Has ", "Have ", "Can ", "Will ",
    ]
    .iter()
    .find_map(|aux| question.strip_prefix(aux))
    .unwrap_or(question)
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
    let question = question_body(question);
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
