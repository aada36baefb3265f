//! Sentences into disclosures: the vendors a statement names as used.
//!
//! A non-negated mention counts when its sentence is about the app: a vendor
//! named only for the website, the support desk or billing ("our website uses
//! Google Analytics") tells customers nothing about what the app sends where.
//! An organisation's name ("Google LLC", "Amazon") discloses those of its
//! products whose category fits the purpose the sentence gives; with no
//! purpose given, every product of it.

use rayon::prelude::*;

use super::clauses::Clauses;
use super::names;
use super::read::{Sentence, Statement};
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
    let mentions: Vec<(String, Vec<&String>, u32)> = statement
        .sentences
        .par_iter()
        .flat_map_iter(|sentence| {
            if about_something_else(sentence, phrases) {
                return Vec::new();
            }
            let clauses = Clauses::new(&sentence.text, sentence.lead_in.as_deref(), phrases);
            let purposes = phrases.purposes_in(clauses.text());
            matcher
                .mentions(clauses.sentence())
                .into_iter()
                .filter(|(range, _)| !clauses.denies(range.clone()))
                .map(|(range, ids)| {
                    let ids = fitting(ids, &purposes, catalogue);
                    (clauses.sentence()[range].to_string(), ids, sentence.line)
                })
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

/// Whether the sentence, its lead-in or its headings put it in a scope other
/// than the app (website, support and billing, server products).
fn about_something_else(sentence: &Sentence, phrases: &ClaimPhrases) -> bool {
    std::iter::once(sentence.text.as_str())
        .chain(sentence.lead_in.as_deref())
        .chain(sentence.headings.iter().map(String::as_str))
        .any(|text| phrases.scope_of(text).is_some())
}

/// The vendors a name stands for that fit the sentence's purposes: all of them
/// for a product's own name or when no purpose is given.
fn fitting<'a>(ids: &'a [String], purposes: &[&str], catalogue: &Catalogue) -> Vec<&'a String> {
    if ids.len() < 2 || purposes.is_empty() {
        return ids.iter().collect();
    }
    let fits: Vec<&String> = ids
        .iter()
        .filter(|id| {
            catalogue
                .by_id(id)
                .is_some_and(|v| v.categories.iter().any(|c| purposes.contains(&c.as_str())))
        })
        .collect();
    // A purpose none of the organisation's products has says nothing of which
    // one is meant.
    if fits.is_empty() {
        ids.iter().collect()
    } else {
        fits
    }
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
    fn an_organisation_discloses_the_vendors_its_purpose_fits() {
        let got =
            disclosed("| Subprocessor | Role |\n|---|---|\n| Amazon Web Services | Hosting |\n");
        assert_eq!(got, vec![pair("aws-s3", "Amazon Web Services", 3)]);
        let got = disclosed("We send notification e-mails through Amazon Web Services.");
        assert_eq!(got, vec![pair("aws-ses", "Amazon Web Services", 1)]);
        // No purpose: each of its products may be meant.
        let got = disclosed("Our subprocessors: Amazon Web Services.");
        assert_eq!(
            got,
            vec![
                pair("aws-s3", "Amazon Web Services", 1),
                pair("aws-ses", "Amazon Web Services", 1)
            ]
        );
    }

    #[test]
    fn vendors_of_the_website_support_desk_or_billing_are_not_the_app_s() {
        assert!(disclosed("Our website uses Google Analytics to count visits.").is_empty());
        assert!(disclosed("## Our website\n\nWe count visits with GA4.\n").is_empty());
        assert!(disclosed("Our support desk stores tickets in Amazon S3.").is_empty());
        assert_eq!(
            disclosed("The app sends crash reports to Sentry."),
            vec![pair("sentry", "Sentry", 1)]
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
}
