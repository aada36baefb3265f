//! Sentences into claims: which promises the statement makes, hedged or not,
//! and about what (the app, or the vendor's server products, website, support).

use std::sync::LazyLock;

use regex::Regex;

use super::clauses::Clauses;
use super::hosts::named_hosts;
use super::read::{Sentence, Statement};
use crate::model::{Claim, ClaimKind, Location};
use crate::rulesets::ClaimPhrases;
use crate::rulesets::claims::PhraseMode;

/// Text after these words describes an exception, not the subject, so it does
/// not decide the scope ("no data is sent back except through support emails").
static EXCEPTION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:except|unless|other than|excluding)\b").ok());

/// Every claim of the statement, ids `C1..` in statement order (by line, then
/// kind order). A sentence yields at most one claim per kind.
pub fn extract_claims(statement: &Statement, phrases: &ClaimPhrases) -> Vec<Claim> {
    let mut claims: Vec<Claim> = statement
        .sentences
        .iter()
        .flat_map(|s| sentence_claims(s, &statement.path, phrases))
        .collect();
    claims.sort_by_key(|c| (c.location.line, c.kind));
    for (i, claim) in claims.iter_mut().enumerate() {
        claim.id = format!("C{}", i + 1);
    }
    claims
}

fn sentence_claims(sentence: &Sentence, path: &str, phrases: &ClaimPhrases) -> Vec<Claim> {
    let clauses = Clauses::new(&sentence.text, sentence.lead_in.as_deref(), phrases);
    let mut found: Vec<(ClaimKind, &str)> = Vec::new();
    for phrase in phrases.phrases() {
        if found.iter().any(|(k, _)| *k == phrase.kind) {
            continue;
        }
        if let Some(context) = &phrase.context
            && !context.is_match(clauses.text())
        {
            continue;
        }
        let hit = match phrase.mode {
            PhraseMode::Asserted => {
                clauses.asserted(&phrase.pattern, phrase.kind != ClaimKind::Unverifiable)
            }
            PhraseMode::Negated => clauses.negated(&phrase.pattern),
        };
        if hit.is_some() {
            found.push((phrase.kind, &phrase.id));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    let hedged = phrases.hedges().iter().any(|h| h.is_match(clauses.text()));
    let scope = scope(sentence, clauses.sentence(), phrases);
    let mut claims = Vec::new();
    for (kind, phrase_id) in found {
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
            exceptions: Vec::new(),
            matched_phrase: format!("{}/{}", kind.as_str(), phrase_id),
            location: Location::new(path, sentence.line, None),
        });
    }
    claims
}

/// The scope of a sentence: from its own text (before any exception), else its
/// lead-in, else its headings from the innermost out.
fn scope(sentence: &Sentence, text: &str, phrases: &ClaimPhrases) -> Option<String> {
    let subject = EXCEPTION
        .as_ref()
        .and_then(|re| re.find(text))
        .map_or(text, |m| &text[..m.start()]);
    let candidates = std::iter::once(subject)
        .chain(sentence.lead_in.as_deref())
        .chain(sentence.headings.iter().rev().map(String::as_str));
    for candidate in candidates {
        if let Some(found) = phrases
            .scopes()
            .iter()
            .find(|s| s.pattern.is_match(candidate))
        {
            return Some(found.scope.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests;
