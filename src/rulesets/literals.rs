//! Literals a pattern's every match must contain, so one Aho-Corasick pass over
//! a sentence can rule out most phrase patterns. It replaces a prefilter built
//! as a regex set: compiling that set was most of a short run's time, while
//! reading literals off the parsed pattern costs microseconds.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::{Hir, HirKind};

/// Lower-case ASCII literals, at least one of which occurs (ignoring ASCII
/// case) in every match of `hir`; `None` when no such set is known. `hir` is
/// the pattern parsed case-sensitively: its literals are then plain text,
/// and the case-insensitive match differs from them only in case.
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

/// Which of a list of patterns may match a text, from their required literals.
#[derive(Debug, Clone)]
pub struct LiteralFilter {
    automaton: Option<AhoCorasick>,
    /// For each literal of the automaton, the patterns that require it.
    owners: Vec<Vec<usize>>,
    /// Patterns with no required literal: always candidates.
    always: Vec<usize>,
    patterns: usize,
}

impl LiteralFilter {
    /// A filter over patterns whose required literals are `requirements`, in order.
    pub fn new<'a>(requirements: impl IntoIterator<Item = Option<&'a [String]>>) -> LiteralFilter {
        let mut literals: Vec<&'a str> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        let mut patterns = 0;
        for (index, requirement) in requirements.into_iter().enumerate() {
            patterns = index + 1;
            let Some(set) = requirement.filter(|set| !set.is_empty()) else {
                always.push(index);
                continue;
            };
            for literal in set {
                match literals.iter().position(|l| *l == literal.as_str()) {
                    Some(at) => owners[at].push(index),
                    None => {
                        literals.push(literal);
                        owners.push(vec![index]);
                    }
                }
            }
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
            always = (0..patterns).collect();
        }
        LiteralFilter {
            automaton,
            owners,
            always,
            patterns,
        }
    }

    /// For each pattern, whether it may match `text`; `None` means all may.
    pub fn candidates(&self, text: &str) -> Option<Vec<bool>> {
        if !text.is_ascii() && text.contains(FOLDS_TO_ASCII) {
            return None;
        }
        let mut out = vec![false; self.patterns];
        for &index in &self.always {
            out[index] = true;
        }
        if let Some(automaton) = &self.automaton {
            for found in automaton.find_overlapping_iter(text) {
                for &index in &self.owners[found.pattern().as_usize()] {
                    out[index] = true;
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
    fn candidates_follow_the_literals_and_fold_case() {
        let sets = [
            Some(vec!["cookies".to_string()]),
            None,
            Some(vec!["analytics".to_string(), "tracking".to_string()]),
        ];
        let filter = LiteralFilter::new(sets.iter().map(|s| s.as_deref()));
        assert_eq!(
            filter.candidates("We use TRACKING pixels"),
            Some(vec![false, true, true])
        );
        assert_eq!(filter.candidates("nothing"), Some(vec![false, true, false]));
        // LONG S folds to `s`: the literal search cannot see "cookieſ".
        assert_eq!(filter.candidates("cookie\u{17F}"), None);
    }
}
