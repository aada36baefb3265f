//! Claim phrases (`rulesets/claims.yml`): the patterns that turn statement
//! sentences into claims. The embedded file documents the format; users add
//! phrases in the same format with [`ClaimPhrases::add_from_yaml`].

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use anyhow::{Context, bail};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::literals::{self, LiteralFilter};
use crate::model::ClaimKind;

const EMBEDDED_NAME: &str = "rulesets/claims.yml";
/// `rulesets/claims.yml` as JSON, converted by the build script.
const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/claims.yml.json"));

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
    /// Compiled on first use; its index in [`ClaimPhrases::phrase_candidates`]
    /// is the phrase's index in [`ClaimPhrases::phrases`].
    pub pattern: Pattern,
    /// When set, must also match the sentence or its lead-in.
    pub context: Option<Pattern>,
}

/// How a frame's words must relate to a negator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// The words are the promise; a negator in their clause undoes it.
    Asserted,
    /// The words are what is denied; a negator must come before the last of them.
    Negated,
    /// Either way: "data is retained for 30 days" and "data is not retained"
    /// are both retention promises.
    Either,
}

/// A named set of words a promise is made of ("send": send, transmit, share,
/// upload...): one case-insensitive pattern built from its terms.
#[derive(Debug, Clone)]
pub struct Concept {
    pub name: String,
    /// Every term, braces expanded.
    pub terms: Vec<String>,
    /// The terms as written, braces kept: the pattern is built from these,
    /// since the expanded alternatives outgrow the regex size limit.
    pub written: Vec<String>,
    /// The concept as a regex, built on first use: matching goes through the
    /// concept automaton, and the regex states the same semantics for tests.
    pattern: Arc<OnceLock<Pattern>>,
}

impl Concept {
    /// The concept's terms as one case-insensitive pattern.
    pub fn pattern(&self) -> &Pattern {
        self.pattern
            .get_or_init(|| Pattern::new(&concept_regex(&self.written), Vec::new()))
    }
}

/// A claim kind as a combination of concepts: every slot's concept found in
/// one clause, within `window` bytes, with the frame's polarity.
#[derive(Debug, Clone)]
pub struct ClaimFrame {
    pub kind: ClaimKind,
    /// Stable id within the kind, shown when explaining a claim.
    pub id: String,
    pub polarity: Polarity,
    /// Indexes into [`ClaimPhrases::concepts`], in the order written.
    pub slots: Vec<usize>,
    /// Whether the slots must appear in the order written.
    pub ordered: bool,
    /// The widest span, in bytes, the slots may cover.
    pub window: usize,
    /// The widest gap, in bytes, between one slot's words and the next.
    pub gap: Option<usize>,
    /// Concepts that, anywhere in the clause, undo the frame.
    pub unless: Vec<usize>,
}

/// The span a frame's slots may cover when the file does not say.
pub const DEFAULT_FRAME_WINDOW: usize = 90;

/// A validated pattern of a phrase file, compiled (case-insensitive) on first
/// use: most patterns never match a given statement, and compiling all of them
/// up front was most of a short run's time. Compiled with only the engines a
/// phrase search uses (lazy DFA, PikeVM fallback): the backtracker, the
/// one-pass DFA and the literal prefilter (which case-insensitive patterns
/// make costly, and [`LiteralFilter`] already covers) halved compile time.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: Arc<str>,
    /// Literal sets every match meets (see [`literals::requirements`]).
    required: Arc<[Vec<String>]>,
    /// `None` only if compiling fails, which validation at load rules out.
    compiled: Arc<OnceLock<Option<Regex>>>,
}

impl Pattern {
    fn new(source: &str, required: Vec<Vec<String>>) -> Pattern {
        Pattern {
            source: source.into(),
            required: required.into(),
            compiled: Arc::default(),
        }
    }

    /// The pattern as written in the phrase file.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled pattern; `None` (never seen: patterns are validated when
    /// loaded) reads as "matches nothing".
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build(&self.source).ok())
            .as_ref()
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_some_and(|re| re.is_match(text))
    }
}

/// Patterns of one kind (negators, hedges, phrases, ...) in file order, with a
/// combined prefilter: one pass over a text tells which patterns can match it,
/// so only those are run (a statement has thousands of sentences).
#[derive(Debug, Clone, Default)]
pub struct PatternGroup {
    patterns: Vec<Pattern>,
    /// The patterns' required literals in one automaton; `None` for an empty
    /// group (and then every pattern is a candidate).
    prefilter: Option<LiteralFilter>,
}

/// Which patterns of a [`PatternGroup`] may match a text; the others certainly do not.
#[derive(Debug, Clone)]
pub struct Candidates(Option<Vec<bool>>);

impl Candidates {
    /// Whether pattern `index` of the group may match.
    pub fn contains(&self, index: usize) -> bool {
        self.0
            .as_ref()
            .is_none_or(|m| m.get(index).copied().unwrap_or(true))
    }
}

impl PatternGroup {
    /// The patterns, in file order.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether the group has no pattern.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Which patterns may match `text` (one pass over it).
    pub fn candidates(&self, text: &str) -> Candidates {
        Candidates(self.prefilter.as_ref().and_then(|f| f.candidates(text)))
    }

    /// The compiled patterns that may match `text`, in file order; patterns
    /// left out certainly do not match.
    pub fn matching<'a>(&'a self, text: &str) -> impl Iterator<Item = &'a Regex> + 'a {
        let candidates = self.candidates(text);
        self.patterns
            .iter()
            .enumerate()
            .filter(move |(i, _)| candidates.contains(*i))
            .filter_map(|(_, p)| p.regex())
    }

    /// Whether any pattern matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.matching(text).any(|re| re.is_match(text))
    }
}

/// A scope ("server", "website", "support") and a pattern that puts a sentence in it.
#[derive(Debug, Clone)]
pub struct ScopePattern {
    pub scope: String,
    pub pattern: Pattern,
}

/// The phrases that turn statement sentences into claims.
#[derive(Debug, Clone, Default)]
pub struct ClaimPhrases {
    negators: PatternGroup,
    clause_breaks: PatternGroup,
    hedges: PatternGroup,
    /// The patterns of `scopes`, in the same order.
    scope_patterns: PatternGroup,
    scopes: Vec<ScopePattern>,
    exceptions: PatternGroup,
    customer_configured: PatternGroup,
    retention_columns: PatternGroup,
    pointers: PatternGroup,
    cloud_markers: PatternGroup,
    /// (vendor category, pattern): what a sentence says a vendor is used for.
    purposes: Vec<(String, Pattern)>,
    /// (lower-case name, host), longest names first.
    host_names: Vec<(String, String)>,
    /// In kind order, then file order.
    phrases: Vec<ClaimPhrase>,
    /// The patterns of `phrases`, in the same order.
    phrase_patterns: PatternGroup,
    /// In file order; user files add concepts or terms to existing ones.
    concepts: Vec<Concept>,
    /// Every concept's terms in one automaton.
    concept_matcher: Option<super::concepts::ConceptMatcher>,
    /// In kind order, then file order.
    frames: Vec<ClaimFrame>,
}

impl ClaimPhrases {
    /// The phrase file embedded in the binary.
    pub fn embedded() -> anyhow::Result<ClaimPhrases> {
        let mut phrases = ClaimPhrases::default();
        // Its patterns are parsed now and compiled on first use; a test
        // compiles every one of them.
        let raw: RawFile = serde_json::from_str(EMBEDDED_JSON)
            .context("the embedded claim phrase file is malformed")?;
        phrases = phrases
            .with_file(EMBEDDED_NAME, &raw, false)
            .context("the embedded claim phrase file is malformed")?;
        Ok(phrases)
    }

    /// Adds the phrases of a file in the `claims.yml` format. Unknown keys,
    /// unknown claim kinds, invalid patterns and duplicate phrase ids are errors
    /// naming `file_name` and the line; on error nothing is added. The file's
    /// patterns are compiled now, so no error waits for the first statement.
    pub fn add_from_yaml(&mut self, file_name: &str, yaml: &str) -> anyhow::Result<()> {
        let raw: RawFile = super::yaml::parse(file_name, yaml)?;
        *self = self.with_file(file_name, &raw, true)?;
        Ok(())
    }

    /// These phrases plus those of `raw`, each pattern compiled now when
    /// `compile_now` (else on first use).
    fn with_file(&self, file_name: &str, raw: &RawFile, compile_now: bool) -> anyhow::Result<Self> {
        let loader = Loader {
            file: file_name,
            compile_now,
        };
        let mut next = self.clone();
        next.negators.patterns.extend(loader.all(&raw.negators)?);
        next.clause_breaks
            .patterns
            .extend(loader.all(&raw.clause_breaks)?);
        next.hedges.patterns.extend(loader.all(&raw.hedges)?);
        next.exceptions
            .patterns
            .extend(loader.all(&raw.exceptions)?);
        next.customer_configured
            .patterns
            .extend(loader.all(&raw.customer_configured)?);
        next.retention_columns
            .patterns
            .extend(loader.all(&raw.retention_columns)?);
        next.pointers.patterns.extend(loader.all(&raw.pointers)?);
        for (category, patterns) in &raw.purposes {
            if !super::vendors::CATEGORIES.contains(&category.as_str()) {
                bail!(
                    "{file_name}: purpose `{category}` is not a vendor category ({})",
                    super::vendors::CATEGORIES.join(", ")
                );
            }
            for pattern in loader.all(patterns)? {
                next.purposes.push((category.clone(), pattern));
            }
        }
        next.cloud_markers
            .patterns
            .extend(loader.all(&raw.cloud_markers)?);
        for (scope, patterns) in &raw.scopes {
            for pattern in loader.all(patterns)? {
                next.scopes.push(ScopePattern {
                    scope: scope.clone(),
                    pattern,
                });
            }
        }
        for (name, host) in &raw.host_names {
            next.host_names
                .push((name.trim().to_lowercase(), host.trim().to_lowercase()));
        }
        next.host_names
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        for (name, terms) in &raw.concepts {
            next.add_concept(file_name, name, terms)?;
        }
        for (&kind, raw_kind) in &raw.claims {
            for frame in &raw_kind.frames {
                next.add_frame(file_name, kind, frame)?;
            }
            for (mode, list) in [
                (PhraseMode::Asserted, &raw_kind.asserted),
                (PhraseMode::Negated, &raw_kind.negated),
            ] {
                for phrase in list {
                    next.add_phrase(&loader, kind, mode, phrase)?;
                }
            }
        }
        // Stable: file order is kept within a kind.
        next.phrases.sort_by_key(|p| p.kind);
        next.frames.sort_by_key(|f| f.kind);
        next.concept_matcher = Some(super::concepts::ConceptMatcher::new(&next.concepts));
        next.scope_patterns.patterns = next.scopes.iter().map(|s| s.pattern.clone()).collect();
        next.phrase_patterns.patterns = next.phrases.iter().map(|p| p.pattern.clone()).collect();
        next.rebuild_prefilters();
        Ok(next)
    }

    fn add_phrase(
        &mut self,
        loader: &Loader,
        kind: ClaimKind,
        mode: PhraseMode,
        raw: &RawPhrase,
    ) -> anyhow::Result<()> {
        let file = loader.file;
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
        let context = raw.context.as_ref().map(|c| loader.one(c)).transpose()?;
        self.phrases.push(ClaimPhrase {
            kind,
            mode,
            id: id.to_string(),
            pattern: loader.one(&raw.pattern)?,
            context,
        });
        Ok(())
    }

    /// Adds concept `name`, or its terms to the concept of that name.
    fn add_concept(
        &mut self,
        file: &str,
        name: &str,
        terms: &[Spanned<String>],
    ) -> anyhow::Result<()> {
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            bail!("{file}: concept name `{name}` must be lower-case letters and hyphens");
        }
        let existing = self.concepts.iter().find(|c| c.name == name);
        let mut all: Vec<String> = existing.map(|c| c.terms.clone()).unwrap_or_default();
        let mut seen: std::collections::HashSet<String> = all.iter().cloned().collect();
        let mut written: Vec<String> = existing.map(|c| c.written.clone()).unwrap_or_default();
        for term in terms {
            written.push(term.value.trim().to_lowercase());
            let line = term.referenced.line();
            let expanded = expand_braces(&term.value.to_lowercase())
                .with_context(|| format!("{file}:{line}: concept `{name}`"))?;
            for t in expanded {
                let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if t.is_empty() || t == "*" {
                    bail!("{file}:{line}: concept `{name}` has an empty term");
                }
                if t.trim_end_matches('*').contains('*') {
                    bail!("{file}:{line}: term `{t}` of concept `{name}`: `*` may only end a term");
                }
                if !seen.insert(t.clone()) {
                    bail!("{file}:{line}: term `{t}` is already in concept `{name}`");
                }
                all.push(t);
            }
        }
        let concept = Concept {
            name: name.to_string(),
            terms: all,
            written,
            pattern: Arc::default(),
        };
        match self.concepts.iter_mut().find(|c| c.name == name) {
            Some(existing) => *existing = concept,
            None => self.concepts.push(concept),
        }
        Ok(())
    }

    fn concept_index(&self, file: &str, line: u64, name: &str) -> anyhow::Result<usize> {
        self.concepts
            .iter()
            .position(|c| c.name == name.trim())
            .with_context(|| format!("{file}:{line}: unknown concept `{}`", name.trim()))
    }

    fn add_frame(&mut self, file: &str, kind: ClaimKind, raw: &RawFrame) -> anyhow::Result<()> {
        let line = raw.id.referenced.line();
        let id = raw.id.value.trim();
        if id.is_empty() {
            bail!("{file}:{line}: a frame id must not be empty");
        }
        if self.frames.iter().any(|f| f.kind == kind && f.id == id)
            || self.phrases.iter().any(|p| p.kind == kind && p.id == id)
        {
            bail!(
                "{file}:{line}: id `{id}` is already used for claim kind `{}`",
                kind.as_str()
            );
        }
        let (polarity, slots) = match (&raw.negated, &raw.asserted, &raw.either) {
            (Some(s), None, None) => (Polarity::Negated, s),
            (None, Some(s), None) => (Polarity::Asserted, s),
            (None, None, Some(s)) => (Polarity::Either, s),
            _ => {
                bail!("{file}:{line}: frame `{id}` needs exactly one of negated, asserted, either")
            }
        };
        if slots.is_empty() {
            bail!("{file}:{line}: frame `{id}` names no concept");
        }
        let slots = slots
            .iter()
            .map(|s| self.concept_index(file, line, s))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let unless = raw
            .unless
            .iter()
            .map(|s| self.concept_index(file, line, s))
            .collect::<anyhow::Result<Vec<_>>>()?;
        self.frames.push(ClaimFrame {
            kind,
            id: id.to_string(),
            polarity,
            slots,
            ordered: raw.ordered,
            window: raw.window.unwrap_or(DEFAULT_FRAME_WINDOW),
            gap: raw.gap,
            unless,
        });
        Ok(())
    }

    /// Builds every group's prefilter from its patterns' literals.
    fn rebuild_prefilters(&mut self) {
        let groups = [
            &mut self.negators,
            &mut self.clause_breaks,
            &mut self.hedges,
            &mut self.scope_patterns,
            &mut self.exceptions,
            &mut self.customer_configured,
            &mut self.retention_columns,
            &mut self.pointers,
            &mut self.cloud_markers,
            &mut self.phrase_patterns,
        ];
        for group in groups {
            group.prefilter = (!group.patterns.is_empty())
                .then(|| LiteralFilter::new(group.patterns.iter().map(|p| &p.required[..])));
        }
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

    /// Which of [`ClaimPhrases::phrases`] may match `text` (by index); the
    /// others' patterns certainly do not.
    pub fn phrase_candidates(&self, text: &str) -> Candidates {
        self.phrase_patterns.candidates(text)
    }

    /// Every concept, in file order.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// For each of [`ClaimPhrases::concepts`] (by index), where its words
    /// occur in `text`, by start.
    pub fn concept_hits(&self, text: &str) -> Vec<Vec<std::ops::Range<usize>>> {
        match &self.concept_matcher {
            Some(matcher) => matcher.find(text),
            None => vec![Vec::new(); self.concepts.len()],
        }
    }

    /// How statements are read for `kind`: one line per frame ("negated: send
    /// + external [nothing-sent-outside]") and per phrase, for `explain`.
    pub fn readings_of(&self, kind: ClaimKind) -> Vec<String> {
        let mut out: Vec<String> = self
            .frames
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| {
                let polarity = match f.polarity {
                    Polarity::Asserted => "asserted",
                    Polarity::Negated => "negated",
                    Polarity::Either => "either way",
                };
                let names: Vec<&str> = f
                    .slots
                    .iter()
                    .filter_map(|&c| self.concepts.get(c).map(|c| c.name.as_str()))
                    .collect();
                format!("frame {} ({polarity}): {}", f.id, names.join(" + "))
            })
            .collect();
        out.extend(
            self.phrases
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| format!("phrase {}: {}", p.id, p.pattern.as_str())),
        );
        out
    }

    /// Every frame, in claim-kind order.
    pub fn frames(&self) -> &[ClaimFrame] {
        &self.frames
    }

    /// Words that negate what follows them in the same clause.
    pub fn negators(&self) -> &PatternGroup {
        &self.negators
    }

    /// Words that end a clause (punctuation is built in).
    pub fn clause_breaks(&self) -> &PatternGroup {
        &self.clause_breaks
    }

    /// Softeners that make a claim `hedged`.
    pub fn hedges(&self) -> &PatternGroup {
        &self.hedges
    }

    /// Words that open an exception clause ("except", "unless", "beyond").
    pub fn exceptions(&self) -> &PatternGroup {
        &self.exceptions
    }

    /// Patterns that mark an exception as excusing destinations the customer
    /// configures ("URLs the customer configures").
    pub fn customer_configured(&self) -> &PatternGroup {
        &self.customer_configured
    }

    /// Table header cells whose column states how long data is kept.
    pub fn retention_columns(&self) -> &PatternGroup {
        &self.retention_columns
    }

    /// Sentences that point to other documentation ("See Atlassian's data
    /// residency documentation") and so promise nothing themselves.
    pub fn pointers(&self) -> &PatternGroup {
        &self.pointers
    }

    /// The vendor categories `text` names as a purpose ("for analytics" ->
    /// analytics, product-analytics), in file order, without repeats.
    pub fn purposes_in(&self, text: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (category, pattern) in &self.purposes {
            if !out.contains(&category.as_str()) && pattern.is_match(text) {
                out.push(category);
            }
        }
        out
    }

    /// Words that show a statement is about a cloud app; a statement with
    /// server-scoped sentences and none of these is about server products.
    pub fn cloud_markers(&self) -> &PatternGroup {
        &self.cloud_markers
    }

    /// Scope patterns, grouped by scope name in alphabetical order.
    pub fn scopes(&self) -> &[ScopePattern] {
        &self.scopes
    }

    /// The first scope (in [`ClaimPhrases::scopes`] order) whose pattern matches `text`.
    pub fn scope_of(&self, text: &str) -> Option<&str> {
        let candidates = self.scope_patterns.candidates(text);
        self.scopes
            .iter()
            .enumerate()
            .find(|(i, s)| candidates.contains(*i) && s.pattern.is_match(text))
            .map(|(_, s)| s.scope.as_str())
    }

    /// Well-known API names and their hosts (lower-case), longest names first.
    pub fn host_names(&self) -> &[(String, String)] {
        &self.host_names
    }
}

/// Turns a file's patterns into [`Pattern`]s: each is parsed now (which
/// checks its syntax and reads its literals) and compiled now when
/// `compile_now` or when it might match empty text, else on first use.
struct Loader<'f> {
    file: &'f str,
    compile_now: bool,
}

impl Loader<'_> {
    fn all(&self, patterns: &[Spanned<String>]) -> anyhow::Result<Vec<Pattern>> {
        patterns.iter().map(|p| self.one(p)).collect()
    }

    fn one(&self, pattern: &Spanned<String>) -> anyhow::Result<Pattern> {
        let file = self.file;
        let line = pattern.referenced.line();
        let source = &pattern.value;
        if source.trim().is_empty() {
            bail!("{file}:{line}: empty pattern");
        }
        let invalid = || format!("{file}:{line}: invalid pattern `{source}`");
        let hir = regex_syntax::Parser::new()
            .parse(source)
            .with_context(invalid)?;
        let out = Pattern::new(source, literals::requirements(&hir));
        if self.compile_now || hir.properties().minimum_len() == Some(0) {
            let regex = build(source).with_context(invalid)?;
            // A pattern that matches the empty string would match every sentence.
            if regex.is_match("") {
                bail!("{file}:{line}: pattern `{source}` matches empty text");
            }
            let _ = out.compiled.set(Some(regex));
        }
        Ok(out)
    }
}

/// A term with `{a,b,}` alternatives as every term it stands for:
/// `{send,sent} {,the }data` is "send data", "send the data", "sent data"...
fn expand_braces(term: &str) -> anyhow::Result<Vec<String>> {
    let Some(open) = term.find('{') else {
        if term.contains('}') {
            bail!("`{term}` has a `}}` without its `{{`");
        }
        return Ok(vec![term.to_string()]);
    };
    let close = term[open..]
        .find('}')
        .map(|i| open + i)
        .with_context(|| format!("`{term}` has a `{{` without its `}}`"))?;
    let inner = &term[open + 1..close];
    if inner.contains('{') {
        bail!("`{term}` nests braces");
    }
    let rest = expand_braces(&term[close + 1..])?;
    let mut out = Vec::new();
    for alternative in inner.split(',') {
        for tail in &rest {
            out.push(format!("{}{alternative}{tail}", &term[..open]));
        }
    }
    Ok(out)
}

/// The pattern of a concept's terms: each term as whole words, spaces
/// matching any run of blanks or hyphens ("third party" = "third-party"), a
/// trailing `*` letting a word run on ("transmit*" = "transmitted"), braces
/// becoming alternations.
fn concept_regex(terms: &[String]) -> String {
    let mut sorted: Vec<&String> = terms.iter().collect();
    // Longest first, so "personal data" wins over "personal".
    sorted.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let alternatives: Vec<String> = sorted
        .iter()
        .map(|term| {
            let expanded = expand_braces(term).unwrap_or_default();
            let starts_word = expanded
                .iter()
                .all(|t| t.trim_start().starts_with(|c: char| c.is_alphanumeric()));
            let ends_word = expanded.iter().all(|t| {
                t.trim_end()
                    .ends_with(|c: char| c.is_alphanumeric() || c == '*')
            });
            let mut out = String::new();
            if starts_word {
                out.push_str(r"\b");
            }
            out.push_str(&term_body(term.trim()));
            if ends_word {
                out.push_str(r"\b");
            }
            out
        })
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

/// One written term as regex syntax, without its outer word boundaries.
fn term_body(term: &str) -> String {
    let mut out = String::new();
    let mut rest = term;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let close = rest.find('}').unwrap_or(rest.len());
            let inner = &rest[1..close];
            let alternatives: Vec<String> = inner.split(',').map(term_body).collect();
            out.push_str(&format!("(?:{})", alternatives.join("|")));
            rest = rest.get(close + 1..).unwrap_or_default();
            continue;
        }
        if c.is_whitespace() || c == '-' {
            let end = rest
                .find(|c: char| !(c.is_whitespace() || c == '-'))
                .unwrap_or(rest.len());
            out.push_str(r"[\s\-]+");
            rest = &rest[end..];
            continue;
        }
        if c == '*' {
            out.push_str(r"\w*");
        } else {
            out.push_str(&regex_syntax::escape(&c.to_string()));
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The case-insensitive regex of a phrase-file pattern.
fn build(pattern: &str) -> Result<Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .which_captures(WhichCaptures::Implicit)
                .auto_prefilter(false)
                .onepass(false)
                .backtrack(false),
        )
        .syntax(syntax::Config::new().case_insensitive(true))
        .build(pattern)
        .map_err(Box::new)
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
    pointers: Vec<Spanned<String>>,
    #[serde(default)]
    cloud_markers: Vec<Spanned<String>>,
    #[serde(default)]
    purposes: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    scopes: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    host_names: BTreeMap<String, String>,
    #[serde(default)]
    concepts: BTreeMap<String, Vec<Spanned<String>>>,
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
    #[serde(default)]
    frames: Vec<RawFrame>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrame {
    id: Spanned<String>,
    #[serde(default)]
    negated: Option<Vec<String>>,
    #[serde(default)]
    asserted: Option<Vec<String>>,
    #[serde(default)]
    either: Option<Vec<String>>,
    #[serde(default)]
    ordered: bool,
    #[serde(default)]
    window: Option<usize>,
    #[serde(default)]
    gap: Option<usize>,
    #[serde(default)]
    unless: Vec<String>,
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
    fn the_embedded_json_holds_exactly_the_yaml_file() {
        // Read from the YAML with positions, so a broken phrase file fails here
        // with its line; then compared with what the binary embeds.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EMBEDDED_NAME);
        let yaml = std::fs::read_to_string(path).unwrap();
        let raw: RawFile = crate::rulesets::yaml::parse(EMBEDDED_NAME, &yaml).unwrap();
        let from_yaml = ClaimPhrases::default()
            .with_file(EMBEDDED_NAME, &raw, false)
            .unwrap();
        let embedded = ClaimPhrases::embedded().unwrap();
        assert_eq!(format!("{from_yaml:?}"), format!("{embedded:?}"));
        assert!(embedded.phrases().len() > 50);
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
    fn every_embedded_pattern_compiles_and_needs_text() {
        let phrases = ClaimPhrases::shared();
        let mut patterns: Vec<&Pattern> = phrases
            .phrases()
            .iter()
            .flat_map(|p| std::iter::once(&p.pattern).chain(p.context.as_ref()))
            .collect();
        for group in [
            phrases.negators(),
            phrases.clause_breaks(),
            phrases.hedges(),
            phrases.exceptions(),
            phrases.customer_configured(),
            phrases.retention_columns(),
            phrases.pointers(),
            phrases.cloud_markers(),
        ] {
            patterns.extend(group.patterns());
        }
        patterns.extend(phrases.scopes().iter().map(|s| &s.pattern));
        patterns.extend(phrases.purposes.iter().map(|(_, p)| p));
        for pattern in patterns {
            let regex = build(pattern.as_str());
            assert!(
                regex.as_ref().is_ok_and(|re| !re.is_match("")),
                "{}: {regex:?}",
                pattern.as_str()
            );
        }
    }

    #[test]
    fn every_concept_compiles_and_matches_each_of_its_terms() {
        let phrases = ClaimPhrases::shared();
        assert!(phrases.concepts().len() > 20);
        for (index, concept) in phrases.concepts().iter().enumerate() {
            let regex = build(concept.pattern().as_str());
            let Ok(regex) = regex else {
                panic!("concept {}: {regex:?}", concept.name);
            };
            for term in &concept.terms {
                let sample = term.replace('*', "");
                let text = format!("We say {sample} here.");
                let hits = phrases.concept_hits(&text);
                assert!(
                    regex.is_match(&text) && !hits[index].is_empty(),
                    "concept {} does not match its term `{term}`",
                    concept.name
                );
            }
        }
    }

    #[test]
    fn braces_expand_to_every_alternative() {
        assert_eq!(
            expand_braces("{on,in} {,the }forge").unwrap(),
            vec!["on forge", "on the forge", "in forge", "in the forge"]
        );
        assert!(expand_braces("{on,in forge").is_err());
        assert!(expand_braces("on} forge").is_err());
    }

    #[test]
    fn frames_name_known_concepts_and_one_polarity() {
        let err = error(
            "claims:\n  no-analytics:\n    frames:\n      - id: f\n        negated: [nonesuch]\n",
        );
        assert!(
            err.contains("my.yml:4") && err.contains("unknown concept `nonesuch`"),
            "{err}"
        );
        let err = error(
            "claims:\n  no-analytics:\n    frames:\n      - id: f\n        negated: [send]\n        asserted: [send]\n",
        );
        assert!(err.contains("exactly one of"), "{err}");
        let err = error("concepts:\n  send: [send]\n");
        assert!(err.contains("already in concept `send`"), "{err}");
        let mut phrases = ClaimPhrases::embedded().unwrap();
        phrases
            .add_from_yaml(
                "my.yml",
                "concepts:\n  send: [beam]\nclaims:\n  no-analytics:\n    frames:\n      - id: beamed\n        negated: [send]\n",
            )
            .unwrap();
        let send = phrases
            .concepts()
            .iter()
            .find(|c| c.name == "send")
            .unwrap();
        assert!(send.pattern().is_match("we beam data") && send.pattern().is_match("sent"));
        assert!(phrases.frames().iter().any(|f| f.id == "beamed"));
    }

    #[test]
    fn prefilters_never_rule_out_a_pattern_that_matches() {
        let phrases = ClaimPhrases::shared();
        let texts = [
            "We do not use analytics, telemetry or tracking cookies.",
            "Caf\u{e9} n\u{e3}o: no data leaves Atlassian\u{2019}s infrastructure \u{2014} ever.",
            "The app runs entirely on Atlassian's Forge platform; nothing is stored elsewhere.",
            "\u{17f}ome data is shared with third parties unless you opt out.",
            "| Data | Retention |",
        ];
        for text in texts {
            let candidates = phrases.phrase_candidates(text);
            for (i, phrase) in phrases.phrases().iter().enumerate() {
                if phrase.pattern.is_match(text) {
                    assert!(candidates.contains(i), "{} on {text}", phrase.id);
                }
            }
            for group in [
                phrases.negators(),
                phrases.clause_breaks(),
                phrases.hedges(),
            ] {
                let kept = group.candidates(text);
                for (i, p) in group.patterns().iter().enumerate() {
                    if p.is_match(text) {
                        assert!(kept.contains(i), "{} on {text}", p.as_str());
                    }
                }
            }
        }
    }

    /// Words of the phrase patterns' sources, to build sentences that match some.
    fn phrase_words() -> Vec<String> {
        let mut words: Vec<String> = ClaimPhrases::shared()
            .phrases()
            .iter()
            .flat_map(|p| {
                p.pattern
                    .as_str()
                    .split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
                    .map(|w| w.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.len() > 1)
            .collect();
        words.sort();
        words.dedup();
        words
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Sentences of pattern words, in lower, upper or (rarely) Unicode
        /// case variants that fold to ASCII letters.
        #[test]
        fn no_matching_phrase_is_filtered_out(
            picks in proptest::collection::vec((0usize..10_000, 0usize..4, 0u8..16), 1..12)
        ) {
            let words = phrase_words();
            let separators = [" ", ", ", " the ", " we "];
            let mut text = String::new();
            for (word, separator, case) in picks {
                let word = &words[word % words.len()];
                text.push_str(&match case {
                    0..8 => word.clone(),
                    8..15 => word.to_uppercase(),
                    _ => word.replace('s', "\u{17F}").replace('k', "\u{212A}"),
                });
                text.push_str(separators[separator]);
            }
            let phrases = ClaimPhrases::shared();
            let candidates = phrases.phrase_candidates(&text);
            for (i, phrase) in phrases.phrases().iter().enumerate() {
                if phrase.pattern.is_match(&text) {
                    proptest::prop_assert!(candidates.contains(i), "{} on {}", phrase.id, text);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Sentences of concept terms: the automaton finds a concept exactly
        /// where the concept's regex does.
        #[test]
        fn the_concept_automaton_agrees_with_each_concept_s_regex(
            picks in proptest::collection::vec((0usize..10_000, 0usize..5, 0u8..16), 1..10)
        ) {
            let phrases = ClaimPhrases::shared();
            let terms: Vec<&String> = phrases.concepts().iter().flat_map(|c| &c.terms).collect();
            let separators = [" ", ", ", " the ", "-", "s "];
            let mut text = String::new();
            for (term, separator, case) in picks {
                let term = terms[term % terms.len()].replace('*', "ed");
                text.push_str(&match case {
                    0..12 => term,
                    _ => term.to_uppercase(),
                });
                text.push_str(separators[separator]);
            }
            let hits = phrases.concept_hits(&text);
            for (i, concept) in phrases.concepts().iter().enumerate() {
                let by_regex = concept.pattern().is_match(&text);
                proptest::prop_assert_eq!(
                    by_regex,
                    !hits[i].is_empty(),
                    "{} on {}",
                    concept.name,
                    text
                );
            }
        }
    }

    #[test]
    fn a_bad_pattern_after_a_good_file_is_still_reported() {
        let err = error("scopes:\n  server:\n    - '\\bserver\\b'\n    - '\\b(x'\n");
        assert!(err.contains("my.yml:4: invalid pattern"), "{err}");
        let err = error(
            "claims:\n  no-analytics:\n    negated:\n      - id: y\n        pattern: 'x'\n        context: 'y?'\n",
        );
        assert!(err.contains("my.yml:6:") && err.contains("empty"), "{err}");
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
