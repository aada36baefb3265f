//! Sentences into disclosures: the vendors a statement names as used.
//!
//! Any non-negated mention counts, whatever the sentence's scope: a
//! subprocessor list is company-wide, and a vendor named for the website or
//! support desk is still a vendor the vendor's customers have been told about.
//! Counting it can only suppress an undisclosed-vendor finding, never invent one.

use rayon::prelude::*;

use super::clauses::Clauses;
use super::names;
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
    let Some(matcher) = names::shared(catalogue, false) else {
        return Vec::new();
    };
    // The mentions of each sentence in parallel (an indexed collect keeps
    // statement order), then the first mention of each vendor.
    let mentions: Vec<(String, &[String], u32)> = statement
        .sentences
        .par_iter()
        .flat_map_iter(|sentence| {
            let clauses = Clauses::new(&sentence.text, sentence.lead_in.as_deref(), phrases);
            matcher
                .mentions(clauses.sentence())
                .into_iter()
                .filter(|(range, _)| !clauses.denies(range.clone()))
                .map(|(range, ids)| (clauses.sentence()[range].to_string(), ids, sentence.line))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out: Vec<Disclosure> = Vec::new();
    for (as_written, vendor_ids, line) in mentions {
        for id in vendor_ids {
            if out.iter().any(|d| &d.vendor == id) {
                continue;
            }
            out.push(Disclosure {
                vendor: id.clone(),
                as_written: as_written.clone(),
                location: Location::new(&statement.path, line, None),
            });
        }
    }
    out
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
