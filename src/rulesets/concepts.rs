//! Every concept term of the claim rules in one Aho-Corasick automaton: one
//! pass over a sentence finds the words of every concept at once. Running each
//! concept's regex over each sentence was most of a large statement's time.
//!
//! Terms are literal words, so the automaton sees the sentence lower-cased
//! (ASCII) with hyphens as spaces, which keeps every byte offset; a term's
//! space matches one blank or hyphen, a trailing `*` lets its last word run
//! on, and a term that starts or ends with a letter or digit must do so at a
//! word boundary. The concept's regex (`Concept::pattern`) says the same, and
//! a property test holds the two to each other.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::claims::Concept;

/// One automaton key and the concepts whose terms it is.
#[derive(Debug, Clone)]
struct Key {
    /// (concept index, whether the term's last word may run on).
    owners: Vec<(usize, bool)>,
    /// The key starts with a letter or digit, so must start a word.
    starts_word: bool,
    /// The key ends with a letter or digit, so (unless a stem) must end one.
    ends_word: bool,
}

/// The automaton over every concept's terms.
#[derive(Debug, Clone)]
pub struct ConceptMatcher {
    automaton: Option<AhoCorasick>,
    keys: Vec<Key>,
    concepts: usize,
}

impl ConceptMatcher {
    pub(crate) fn new(concepts: &[Concept]) -> ConceptMatcher {
        let mut texts: Vec<String> = Vec::new();
        let mut keys: Vec<Key> = Vec::new();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        for (index, concept) in concepts.iter().enumerate() {
            for term in &concept.terms {
                let stem = term.ends_with('*');
                let text = key_text(term.trim_end_matches('*'));
                if text.is_empty() {
                    continue;
                }
                match by_text.get(&text).copied() {
                    Some(at) => {
                        if !keys[at].owners.contains(&(index, stem)) {
                            keys[at].owners.push((index, stem));
                        }
                    }
                    None => {
                        keys.push(Key {
                            owners: vec![(index, stem)],
                            starts_word: text.starts_with(|c: char| c.is_alphanumeric()),
                            ends_word: text.ends_with(|c: char| c.is_alphanumeric()),
                        });
                        by_text.insert(text.clone(), texts.len());
                        texts.push(text);
                    }
                }
            }
        }
        // Overlapping matches: one place may hold words of several concepts
        // ("third party" is both `external` and `recipients`).
        // A contiguous NFA builds several times faster than a DFA over two
        // thousand keys, and start-up is most of a small run.
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .ok();
        ConceptMatcher {
            automaton,
            keys,
            concepts: concepts.len(),
        }
    }

    /// For each concept (by index), the byte ranges of `text` its words cover,
    /// by start.
    pub fn find(&self, text: &str) -> Vec<Vec<Range<usize>>> {
        let mut out: Vec<Vec<Range<usize>>> = vec![Vec::new(); self.concepts];
        let Some(automaton) = &self.automaton else {
            return out;
        };
        let hay = hay(text);
        for m in automaton.find_overlapping_iter(&hay) {
            let Some(key) = self.keys.get(m.pattern().as_usize()) else {
                continue;
            };
            if key.starts_word && text[..m.start()].chars().next_back().is_some_and(is_word) {
                continue;
            }
            let run_on = text[m.end()..]
                .char_indices()
                .find(|&(_, c)| !is_word(c))
                .map_or(text.len() - m.end(), |(i, _)| i);
            let whole_word = !key.ends_word || run_on == 0;
            for &(concept, stem) in &key.owners {
                let end = if stem { m.end() + run_on } else { m.end() };
                if (stem || whole_word)
                    && let Some(list) = out.get_mut(concept)
                    && !list.contains(&(m.start()..end))
                {
                    list.push(m.start()..end);
                }
            }
        }
        for list in &mut out {
            list.sort_by_key(|r| (r.start, r.end));
        }
        out
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A term as the automaton sees it: lower-case, hyphens as spaces, one space
/// between words.
fn key_text(term: &str) -> String {
    term.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The text as the automaton sees it, byte for byte the same length.
fn hay(text: &str) -> Vec<u8> {
    text.bytes()
        .map(|b| match b {
            b'-' | b'\t' | b'\n' | b'\r' => b' ',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}
