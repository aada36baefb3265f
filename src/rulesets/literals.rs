//! Literals a pattern's every match must contain, so one Aho-Corasick pass over
//! a sentence can rule out most phrase patterns. It replaces a prefilter built
//! as a regex set: compiling that set was most of a short run's time, while
//! reading literals off the parsed pattern costs microseconds.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Hir, HirKind};

/// What a pattern's every match contains: for each set, at least one of its
/// literals (lower-case ASCII, compared ignoring ASCII case). Empty when
/// nothing is known. Each part of a sequence gives its own set, so a pattern
/// is ruled out as soon as one part's words are missing from the text. `hir`
/// is the pattern parsed case-sensitively: its literals are then plain text,
/// and the case-insensitive match differs from them only in case.
pub fn requirements(hir: &Hir) -> Vec<Vec<String>> {
    match hir.kind() {
        HirKind::Concat(parts) => parts.iter().flat_map(requirements).collect(),
        HirKind::Capture(capture) => requirements(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => requirements(&repetition.sub),
        _ => required(hir).into_iter().collect(),
    }
}

/// One set of lower-case ASCII literals, at least one of which occurs in every
/// match of `hir`; `None` when no such set is known.
pub fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Literal(literal) => {
            let text = std::str::from_utf8(&literal.0).ok()?;
            text.is_ascii().then(|| vec![text.to_ascii_lowercase()])
        }
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        // Every part of a sequence is in the match: keep the most selective.
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            .max_by_key(|set| selectivity(set)),
        // A match takes one branch: the branches' sets together.
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(required(branch)?);
            }
            all.sort();
            all.dedup();
            Some(all)
        }
        // Classes, assertions, empty text and optional parts require nothing.
        _ => None,
    }
}

/// Longer shortest literal first (a short literal occurs almost everywhere),
/// then fewer literals; ties keep the earlier part.
fn selectivity(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(String::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

/// Characters outside ASCII that Unicode simple case folding equates with an
/// ASCII letter (LONG S with `s`, KELVIN SIGN with `k`): a case-insensitive
/// pattern matches them where an ASCII-case-insensitive literal search does not.
const FOLDS_TO_ASCII: [char; 2] = ['\u{17F}', '\u{212A}'];

/// Which of a list of patterns may match a text, from their requirements.
#[derive(Debug, Clone)]
pub struct LiteralFilter {
    automaton: Option<AhoCorasick>,
    /// For each literal of the automaton, the patterns with a set holding it.
    owners: Vec<Vec<usize>>,
    /// For each pattern, its sets as indexes of literals.
    sets: Vec<Vec<Vec<usize>>>,
    /// Patterns with no requirement: always candidates.
    always: Vec<usize>,
}

impl LiteralFilter {
    /// A filter over patterns with `requirements` (see [`requirements`]), in order.
    pub fn new<'a>(requirements: impl IntoIterator<Item = &'a [Vec<String>]>) -> LiteralFilter {
        let mut literals: Vec<&'a str> = Vec::new();
        let mut ids_by_literal: HashMap<&'a str, usize> = HashMap::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut sets = Vec::new();
        let mut always = Vec::new();
        for (index, requirement) in requirements.into_iter().enumerate() {
            let mut own_sets = Vec::new();
            for set in requirement.iter().filter(|set| !set.is_empty()) {
                let mut ids = Vec::new();
                for literal in set {
                    let id = *ids_by_literal.entry(literal.as_str()).or_insert_with(|| {
                        literals.push(literal);
                        owners.push(Vec::new());
                        literals.len() - 1
                    });
                    if owners[id].last() != Some(&index) {
                        owners[id].push(index);
                    }
                    ids.push(id);
                }
                own_sets.push(ids);
            }
            if own_sets.is_empty() {
                always.push(index);
            }
            sets.push(own_sets);
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&literals)
                .ok()
        };
        // Should the automaton not build, every pattern stays a candidate.
        if automaton.is_none() {
            always = (0..sets.len()).collect();
        }
        LiteralFilter {
            automaton,
            owners,
            sets,
            always,
        }
    }

    /// For each pattern, whether it may match `text`; `None` means all may.
    pub fn candidates(&self, text: &str) -> Option<Vec<bool>> {
        if !text.is_ascii() && text.contains(FOLDS_TO_ASCII) {
            return None;
        }
        let mut out = vec![false; self.sets.len()];
        for &index in &self.always {
            out[index] = true;
        }
        let Some(automaton) = &self.automaton else {
            return Some(out);
        };
        let mut found = vec![false; self.owners.len()];
        for hit in automaton.find_overlapping_iter(text) {
            found[hit.pattern().as_usize()] = true;
        }
        // Only patterns owning a found literal can have every set met.
        for (id, owners) in self.owners.iter().enumerate() {
            if !found[id] {
                continue;
            }
            for &index in owners {
                if !out[index] {
                    out[index] = self.sets[index]
                        .iter()
                        .all(|set| set.iter().any(|&l| found[l]));
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        required(&hir)
    }

    fn sets(pattern: &str) -> Vec<Vec<String>> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        requirements(&hir)
    }

    #[test]
    fn each_part_of_a_sequence_is_its_own_requirement() {
        assert_eq!(
            sets(r"\b(?:sell|share) data\b[^.]{0,30}\b(?:third part(?:y|ies)|brokers)\b"),
            [
                vec!["sell".to_string(), "share".to_string()],
                vec![" data".to_string()],
                vec!["brokers".to_string(), "third part".to_string()],
            ]
        );
        assert_eq!(sets(r"(?:a|\w)+ cookies?"), [vec![" cookie".to_string()]]);
        assert!(sets(r"[a-z]+").is_empty());
    }

    #[test]
    fn the_most_selective_part_of_a_sequence_is_kept() {
        assert_eq!(
            literals(r"\b(?:do|does) not\b[^.]{0,30}\b(?:analytics|telemetry)\b"),
            Some(vec!["analytics".into(), "telemetry".into()])
        );
        assert_eq!(literals(r"\bNo Cookies\b"), Some(vec!["no cookies".into()]));
    }

    #[test]
    fn optional_parts_and_classes_require_nothing() {
        assert_eq!(literals(r"(?:cookies)?"), None);
        assert_eq!(literals(r"[a-z]+"), None);
        assert_eq!(literals(r"cookies|\w+"), None);
        assert_eq!(literals(r"(?:track)+ing"), Some(vec!["track".into()]));
    }

    #[test]
    fn non_ascii_literals_are_not_used() {
        assert_eq!(literals("café"), None);
        assert_eq!(literals("café|tea"), None);
        assert_eq!(literals("café tea x"), None);
        assert_eq!(
            literals("café (?:tea|milk)"),
            Some(vec!["milk".into(), "tea".into()])
        );
    }

    #[test]
    fn candidates_need_every_set_and_fold_case() {
        let requirements = [
            vec![vec!["cookies".to_string()]],
            vec![],
            vec![
                vec!["analytics".to_string(), "tracking".to_string()],
                vec!["never".to_string()],
            ],
        ];
        let filter = LiteralFilter::new(requirements.iter().map(Vec::as_slice));
        assert_eq!(
            filter.candidates("We NEVER use TRACKING pixels"),
            Some(vec![false, true, true])
        );
        assert_eq!(
            filter.candidates("We use tracking cookies"),
            Some(vec![true, true, false])
        );
        assert_eq!(filter.candidates("nothing"), Some(vec![false, true, false]));
        // LONG S folds to `s`: the literal search cannot see "cookieſ".
        assert_eq!(filter.candidates("cookie\u{17F}"), None);
    }
}
