//! Sentences into disclosures: the vendors a statement names as used.
//!
//! Any non-negated mention counts, whatever the sentence's scope: a
//! subprocessor list is company-wide, and a vendor named for the website or
//! support desk is still a vendor the vendor's customers have been told about.
//! Counting it can only suppress an undisclosed-vendor finding, never invent one.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::clauses::Clauses;
use super::read::Statement;
use crate::model::{Disclosure, Location};
use crate::rulesets::{Catalogue, ClaimPhrases};

/// Vendors the statement discloses, in statement order, first mention of each
/// vendor only. Atlassian (first party) is never a disclosure.
pub fn extract_disclosures(statement: &Statement, catalogue: &Catalogue) -> Vec<Disclosure> {
    // Negation words and clause breaks come from the phrase file; without it
    // every mention counts, which is the safe side (no invented findings).
    let phrases = ClaimPhrases::embedded().unwrap_or_default();
    extract_disclosures_with(statement, catalogue, &phrases)
}

/// [`extract_disclosures`] with the phrase file already loaded (negators and
/// clause breaks decide whether a mention is denied).
pub fn extract_disclosures_with(
    statement: &Statement,
    catalogue: &Catalogue,
    phrases: &ClaimPhrases,
) -> Vec<Disclosure> {
    let Some(matcher) = NameMatcher::new(catalogue) else {
        return Vec::new();
    };
    let mut out: Vec<Disclosure> = Vec::new();
    for sentence in &statement.sentences {
        let clauses = Clauses::new(&sentence.text, sentence.lead_in.as_deref(), phrases);
        for (range, vendor_ids) in matcher.mentions(clauses.sentence()) {
            if clauses.denies(range.clone()) {
                continue;
            }
            for id in vendor_ids {
                if out.iter().any(|d| &d.vendor == id) {
                    continue;
                }
                out.push(Disclosure {
                    vendor: id.clone(),
                    as_written: clauses.sentence()[range.clone()].to_string(),
                    location: Location::new(&statement.path, sentence.line, None),
                });
            }
        }
    }
    out
}

/// Every catalogue name (vendor names, aliases, organisations) in one automaton.
struct NameMatcher {
    automaton: AhoCorasick,
    names: Vec<String>,
    /// Non-first-party vendor ids each name designates.
    vendor_ids: Vec<Vec<String>>,
}

impl NameMatcher {
    fn new(catalogue: &Catalogue) -> Option<NameMatcher> {
        let mut names = Vec::new();
        let mut vendor_ids = Vec::new();
        for name in catalogue.names() {
            let text = name.text.trim().to_string();
            let ids: Vec<String> = name
                .vendor_ids
                .into_iter()
                .filter(|id| catalogue.by_id(id).is_some_and(|v| !v.is_first_party()))
                .collect();
            if !text.is_empty() && !ids.is_empty() {
                names.push(text);
                vendor_ids.push(ids);
            }
        }
        if names.is_empty() {
            return None;
        }
        // Standard semantics so overlapping candidates can be filtered by word
        // boundary before choosing the leftmost-longest one.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&names)
            .ok()?;
        Some(NameMatcher {
            automaton,
            names,
            vendor_ids,
        })
    }

    /// Non-overlapping, leftmost-longest, whole-word mentions in `text`.
    fn mentions<'a>(&'a self, text: &str) -> Vec<(std::ops::Range<usize>, &'a [String])> {
        let mut found: Vec<(std::ops::Range<usize>, usize)> = self
            .automaton
            .find_overlapping_iter(text)
            .filter(|m| {
                whole_word(text, m.range())
                    && case_fits(&self.names[m.pattern().as_usize()], &text[m.range()])
            })
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect();
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut out = Vec::new();
        let mut taken_to = 0;
        for (range, pattern) in found {
            if range.start >= taken_to {
                taken_to = range.end;
                out.push((range, self.vendor_ids[pattern].as_slice()));
            }
        }
        out
    }
}

fn whole_word(text: &str, range: std::ops::Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Names are matched case-insensitively ("SENTRY", "sentry.io"), except that a
/// capitalised name must be capitalised in the text and a name of three letters
/// or fewer must match exactly: "Segment" or "GA" are brands, "a segment of
/// users" or "ga" are not.
fn case_fits(name: &str, written: &str) -> bool {
    if name.chars().count() <= 3 {
        return name == written;
    }
    let name_upper = name.chars().next().is_some_and(char::is_uppercase);
    !name_upper || written.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::read;
    use crate::rulesets::Vendor;

    fn vendor(id: &str, name: &str, org: &str, categories: &[&str], aliases: &[&str]) -> Vendor {
        Vendor {
            id: id.into(),
            name: name.into(),
            organisation: org.into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        }
    }

    fn catalogue() -> Catalogue {
        Catalogue::from_vendors(vec![
            vendor(
                "sentry",
                "Sentry",
                "Functional Software, Inc.",
                &["error-tracking"],
                &[],
            ),
            vendor(
                "segment",
                "Segment",
                "Twilio Inc.",
                &["analytics"],
                &["Twilio Segment"],
            ),
            vendor(
                "aws-s3",
                "Amazon S3",
                "Amazon Web Services",
                &["external-storage"],
                &["S3"],
            ),
            vendor(
                "aws-ses",
                "Amazon SES",
                "Amazon Web Services",
                &["messaging-email-sms"],
                &[],
            ),
            vendor(
                "google-analytics",
                "Google Analytics",
                "Google LLC",
                &["analytics"],
                &["GA4"],
            ),
            vendor(
                "atlassian",
                "Atlassian",
                "Atlassian Pty Ltd",
                &["atlassian"],
                &[],
            ),
        ])
    }

    fn disclosed(text: &str) -> Vec<(String, String, u32)> {
        let statement = read(text, "PRIVACY.md").unwrap();
        extract_disclosures_with(&statement, &catalogue(), ClaimPhrases::shared())
            .into_iter()
            .map(|d| (d.vendor, d.as_written, d.location.line))
            .collect()
    }

    fn pair(v: &str, w: &str, l: u32) -> (String, String, u32) {
        (v.into(), w.into(), l)
    }

    #[test]
    fn named_vendors_are_disclosed_once_with_their_line() {
        let got = disclosed(
            "Intro.\n\nWe send crash reports to SENTRY and page views to Google Analytics.\n\nSentry again.\n",
        );
        assert_eq!(
            got,
            vec![
                pair("sentry", "SENTRY", 3),
                pair("google-analytics", "Google Analytics", 3)
            ]
        );
    }

    #[test]
    fn an_organisation_discloses_each_of_its_vendors() {
        let got =
            disclosed("| Subprocessor | Role |\n|---|---|\n| Amazon Web Services | Hosting |\n");
        assert_eq!(
            got,
            vec![
                pair("aws-s3", "Amazon Web Services", 3),
                pair("aws-ses", "Amazon Web Services", 3)
            ]
        );
    }

    #[test]
    fn negated_mentions_are_not_disclosures() {
        assert!(disclosed("We do not use Sentry or Google Analytics.").is_empty());
        let got = disclosed("We do not use Sentry, but we use Segment for events.");
        assert_eq!(got, vec![pair("segment", "Segment", 1)]);
    }

    #[test]
    fn longest_whole_word_name_wins_and_common_words_do_not_match() {
        assert_eq!(
            disclosed("Events go to Twilio Segment."),
            vec![pair("segment", "Twilio Segment", 1)]
        );
        assert!(
            disclosed("A segment of users sees GA4x and Sentryish tools, not s3 buckets.")
                .is_empty()
        );
        assert_eq!(
            disclosed("Files live in S3."),
            vec![pair("aws-s3", "S3", 1)]
        );
    }

    #[test]
    fn atlassian_is_first_party_and_never_disclosed() {
        assert!(disclosed("Atlassian Pty Ltd hosts the Forge runtime for Atlassian.").is_empty());
    }

    #[test]
    fn the_convenience_entry_point_loads_the_embedded_phrases() {
        let statement = read("We never use Sentry. We use Segment.", "p.md").unwrap();
        let got = extract_disclosures(&statement, &catalogue());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].vendor, "segment");
    }

    #[test]
    fn website_and_support_mentions_still_count() {
        assert_eq!(
            disclosed("Our website uses Google Analytics."),
            vec![pair("google-analytics", "Google Analytics", 1)]
        );
    }
}
