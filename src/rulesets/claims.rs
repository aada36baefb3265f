//! Claim phrases (`rulesets/claims.yml`): the patterns that turn statement
//! sentences into claims. The embedded file documents the format; users add
//! phrases in the same format with [`ClaimPhrases::add_from_yaml`].

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::model::ClaimKind;

const EMBEDDED_NAME: &str = "rulesets/claims.yml";
const EMBEDDED: &str = include_str!("../../rulesets/claims.yml");

/// How a phrase's pattern relates to the promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseMode {
    /// The pattern is the promise ("runs entirely on Atlassian's infrastructure").
    Asserted,
    /// The pattern names what is denied ("analytics"); it needs a negator before it.
    Negated,
}

/// One pattern for one claim kind.
#[derive(Debug, Clone)]
pub struct ClaimPhrase {
    pub kind: ClaimKind,
    pub mode: PhraseMode,
    /// Stable id within the kind, shown when explaining a claim.
    pub id: String,
    pub pattern: Regex,
    /// When set, must also match the sentence or its lead-in.
    pub context: Option<Regex>,
}

/// A scope ("server", "website", "support") and a pattern that puts a sentence in it.
#[derive(Debug, Clone)]
pub struct ScopePattern {
    pub scope: String,
    pub pattern: Regex,
}

/// The phrases that turn statement sentences into claims.
#[derive(Debug, Clone, Default)]
pub struct ClaimPhrases {
    negators: Vec<Regex>,
    clause_breaks: Vec<Regex>,
    hedges: Vec<Regex>,
    scopes: Vec<ScopePattern>,
    exceptions: Vec<Regex>,
    customer_configured: Vec<Regex>,
    retention_columns: Vec<Regex>,
    /// (lower-case name, host), longest names first.
    host_names: Vec<(String, String)>,
    /// In kind order, then file order.
    phrases: Vec<ClaimPhrase>,
}

impl ClaimPhrases {
    /// The phrase file embedded in the binary.
    pub fn embedded() -> anyhow::Result<ClaimPhrases> {
        let mut phrases = ClaimPhrases::default();
        phrases
            .add_from_yaml(EMBEDDED_NAME, EMBEDDED)
            .context("the embedded claim phrase file is malformed")?;
        Ok(phrases)
    }

    /// Adds the phrases of a file in the `claims.yml` format. Unknown keys,
    /// unknown claim kinds, invalid patterns and duplicate phrase ids are errors
    /// naming `file_name` and the line; on error nothing is added.
    pub fn add_from_yaml(&mut self, file_name: &str, yaml: &str) -> anyhow::Result<()> {
        let raw: RawFile = super::yaml::parse(file_name, yaml)?;
        let mut next = self.clone();
        next.negators.extend(compile_all(file_name, &raw.negators)?);
        next.clause_breaks
            .extend(compile_all(file_name, &raw.clause_breaks)?);
        next.hedges.extend(compile_all(file_name, &raw.hedges)?);
        next.exceptions
            .extend(compile_all(file_name, &raw.exceptions)?);
        next.customer_configured
            .extend(compile_all(file_name, &raw.customer_configured)?);
        next.retention_columns
            .extend(compile_all(file_name, &raw.retention_columns)?);
        for (scope, patterns) in &raw.scopes {
            for pattern in compile_all(file_name, patterns)? {
                next.scopes.push(ScopePattern {
                    scope: scope.clone(),
                    pattern,
                });
            }
        }
        for (name, host) in raw.host_names {
            next.host_names
                .push((name.trim().to_lowercase(), host.trim().to_lowercase()));
        }
        next.host_names
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        for (kind, raw_kind) in raw.claims {
            for (mode, list) in [
                (PhraseMode::Asserted, &raw_kind.asserted),
                (PhraseMode::Negated, &raw_kind.negated),
            ] {
                for phrase in list {
                    next.add_phrase(file_name, kind, mode, phrase)?;
                }
            }
        }
        // Stable: file order is kept within a kind.
        next.phrases.sort_by_key(|p| p.kind);
        *self = next;
        Ok(())
    }

    fn add_phrase(
        &mut self,
        file: &str,
        kind: ClaimKind,
        mode: PhraseMode,
        raw: &RawPhrase,
    ) -> anyhow::Result<()> {
        let line = raw.id.referenced.line();
        let id = raw.id.value.trim();
        if id.is_empty() {
            bail!("{file}:{line}: a phrase id must not be empty");
        }
        if self.phrases.iter().any(|p| p.kind == kind && p.id == id) {
            bail!(
                "{file}:{line}: phrase id `{id}` is already used for claim kind `{}`",
                kind.as_str()
            );
        }
        let context = raw.context.as_ref().map(|c| compile(file, c)).transpose()?;
        self.phrases.push(ClaimPhrase {
            kind,
            mode,
            id: id.to_string(),
            pattern: compile(file, &raw.pattern)?,
            context,
        });
        Ok(())
    }

    /// The embedded phrases, compiled once per test binary (compiling them in
    /// every test makes the debug test suite slow).
    #[cfg(test)]
    pub(crate) fn shared() -> &'static ClaimPhrases {
        static SHARED: std::sync::LazyLock<ClaimPhrases> =
            std::sync::LazyLock::new(|| ClaimPhrases::embedded().unwrap_or_default());
        &SHARED
    }

    /// Every phrase, in claim-kind order.
    pub fn phrases(&self) -> &[ClaimPhrase] {
        &self.phrases
    }

    /// Words that negate what follows them in the same clause.
    pub fn negators(&self) -> &[Regex] {
        &self.negators
    }

    /// Words that end a clause (punctuation is built in).
    pub fn clause_breaks(&self) -> &[Regex] {
        &self.clause_breaks
    }

    /// Softeners that make a claim `hedged`.
    pub fn hedges(&self) -> &[Regex] {
        &self.hedges
    }

    /// Words that open an exception clause ("except", "unless", "beyond").
    pub fn exceptions(&self) -> &[Regex] {
        &self.exceptions
    }

    /// Patterns that mark an exception as excusing destinations the customer
    /// configures ("URLs the customer configures").
    pub fn customer_configured(&self) -> &[Regex] {
        &self.customer_configured
    }

    /// Table header cells whose column states how long data is kept.
    pub fn retention_columns(&self) -> &[Regex] {
        &self.retention_columns
    }

    /// Scope patterns, grouped by scope name in alphabetical order.
    pub fn scopes(&self) -> &[ScopePattern] {
        &self.scopes
    }

    /// Well-known API names and their hosts (lower-case), longest names first.
    pub fn host_names(&self) -> &[(String, String)] {
        &self.host_names
    }
}

fn compile_all(file: &str, patterns: &[Spanned<String>]) -> anyhow::Result<Vec<Regex>> {
    patterns.iter().map(|p| compile(file, p)).collect()
}

fn compile(file: &str, pattern: &Spanned<String>) -> anyhow::Result<Regex> {
    let line = pattern.referenced.line();
    if pattern.value.trim().is_empty() {
        bail!("{file}:{line}: empty pattern");
    }
    let regex = RegexBuilder::new(&pattern.value)
        .case_insensitive(true)
        .build()
        .with_context(|| format!("{file}:{line}: invalid pattern `{}`", pattern.value))?;
    // A pattern that matches the empty string would match every sentence.
    if regex.is_match("") {
        bail!(
            "{file}:{line}: pattern `{}` matches empty text",
            pattern.value
        );
    }
    Ok(regex)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    negators: Vec<Spanned<String>>,
    #[serde(default)]
    clause_breaks: Vec<Spanned<String>>,
    #[serde(default)]
    hedges: Vec<Spanned<String>>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    customer_configured: Vec<Spanned<String>>,
    #[serde(default)]
    retention_columns: Vec<Spanned<String>>,
    #[serde(default)]
    scopes: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    host_names: BTreeMap<String, String>,
    #[serde(default)]
    claims: BTreeMap<ClaimKind, RawKind>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    #[serde(default)]
    asserted: Vec<RawPhrase>,
    #[serde(default)]
    negated: Vec<RawPhrase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhrase {
    id: Spanned<String>,
    pattern: Spanned<String>,
    #[serde(default)]
    context: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(yaml: &str) -> String {
        let mut phrases = ClaimPhrases::embedded().unwrap();
        let before = phrases.phrases().len();
        let err = phrases.add_from_yaml("my.yml", yaml).unwrap_err();
        assert_eq!(
            phrases.phrases().len(),
            before,
            "a failed load must add nothing"
        );
        format!("{err:#}")
    }

    #[test]
    fn embedded_file_loads_and_covers_every_claim_kind() {
        let phrases = ClaimPhrases::embedded().unwrap();
        for kind in ClaimKind::ALL {
            assert!(
                phrases.phrases().iter().any(|p| p.kind == kind),
                "no phrase for {}",
                kind.as_str()
            );
        }
        assert!(!phrases.negators().is_empty() && !phrases.hedges().is_empty());
        assert!(!phrases.exceptions().is_empty() && !phrases.customer_configured().is_empty());
    }

    #[test]
    fn user_phrases_are_added_in_kind_order() {
        let mut phrases = ClaimPhrases::embedded().unwrap();
        let yaml = "claims:\n  no-analytics:\n    negated:\n      - id: metrics\n        pattern: '\\bmetrics\\b'\n";
        phrases.add_from_yaml("my.yml", yaml).unwrap();
        let ids: Vec<&str> = phrases
            .phrases()
            .iter()
            .filter(|p| p.kind == ClaimKind::NoAnalytics)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids.last(), Some(&"metrics"));
    }

    #[test]
    fn unknown_claim_kind_names_file_and_line() {
        let err = error("claims:\n  no-fun:\n    asserted: []\n");
        assert!(
            err.contains("my.yml") && err.contains("no-fun") && err.contains('2'),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err =
            error("claims:\n  no-analytics:\n    asserted:\n      - id: x\n        patern: 'a'\n");
        assert!(err.contains("my.yml") && err.contains("patern"), "{err}");
    }

    #[test]
    fn invalid_or_empty_matching_pattern_names_the_line() {
        let err = error("hedges:\n  - 'ok'\n  - '(unclosed'\n");
        assert!(err.contains("my.yml:3: invalid pattern"), "{err}");
        let err = error("negators:\n  - 'x*'\n");
        assert!(
            err.contains("my.yml:2:") && err.contains("empty text"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_phrase_id_is_an_error() {
        let err = error(
            "claims:\n  no-analytics:\n    negated:\n      - id: analytics\n        pattern: 'x'\n",
        );
        assert!(
            err.contains("my.yml:4:") && err.contains("already used"),
            "{err}"
        );
    }
}
