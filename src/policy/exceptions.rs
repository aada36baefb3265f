//! Exception clauses of a sentence ("except SMS alerts sent through Twilio",
//! "unless a customer's administrator configures a non-TLS endpoint") and what
//! each one names: catalogue vendors, hosts, customer-configured destinations.

use std::ops::Range;

use super::clauses::Clauses;
use super::hosts::named_hosts;
use super::names::NameMatcher;
use crate::model::Exception;
use crate::rulesets::ClaimPhrases;

/// One exception clause found in a sentence's normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) exception: Exception,
    /// The opening word(s) ("except", "unless").
    pub(crate) marker: Range<usize>,
    /// Marker plus the excepted text.
    pub(crate) span: Range<usize>,
    /// It opens its sentence part ("Unless ..., data is not ...").
    pub(crate) leading: bool,
}

impl Found {
    /// Whether the exception names something a check can excuse precisely; such
    /// an exception narrows the claim instead of softening it.
    pub(crate) fn is_specific(&self) -> bool {
        let e = &self.exception;
        !e.vendors.is_empty() || !e.hosts.is_empty() || e.customer_configured
    }

    /// Whether the exception bears on a claim whose match starts at
    /// `claim_start` (`None`: the claim has no position in `clauses`): it opens
    /// its sentence part ("Unless ..., data is not ..."), or it follows the
    /// claim's own clause ("no calls to outside services other than ...").
    pub(crate) fn applies_to(&self, clauses: &Clauses, claim_start: Option<usize>) -> bool {
        let Some(start) = claim_start else {
            return true;
        };
        // The marker itself may open a clause, so look just before it.
        let before = self.marker.start.saturating_sub(1);
        self.leading || clauses.clause_of(before) == clauses.clause_of(start)
    }
}

/// Every exception clause in `text`, in order. `vendors` matches catalogue
/// names (Atlassian included: "beyond the analytics Atlassian provides").
pub(crate) fn find(
    text: &str,
    phrases: &ClaimPhrases,
    vendors: Option<&NameMatcher>,
) -> Vec<Found> {
    let mut markers: Vec<Range<usize>> = phrases
        .exceptions()
        .matching(text)
        .flat_map(|re| re.find_iter(text).map(|m| m.range()))
        .collect();
    markers.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    // Overlapping markers ("except for" and "except") count once, longest first.
    let mut kept: Vec<Range<usize>> = Vec::new();
    for m in markers {
        if kept.last().is_none_or(|k| m.start >= k.end) {
            kept.push(m);
        }
    }
    let mut out = Vec::new();
    for (i, marker) in kept.iter().enumerate() {
        let next_marker = kept.get(i + 1).map_or(text.len(), |m| m.start);
        let leading = opens_clause(&text[..marker.start]);
        let end = clause_end(text, marker.end, next_marker, leading);
        let body = text[marker.end..end]
            .trim()
            .trim_end_matches(['.', ',', ';', ':'])
            .trim();
        if body.is_empty() {
            continue;
        }
        out.push(Found {
            exception: describe(body, phrases, vendors),
            marker: marker.clone(),
            span: marker.start..end,
            leading,
        });
    }
    out
}

/// What an exception's text names.
pub(crate) fn describe(
    body: &str,
    phrases: &ClaimPhrases,
    vendors: Option<&NameMatcher>,
) -> Exception {
    let mut ids: Vec<String> = Vec::new();
    if let Some(matcher) = vendors {
        for (_, vendor_ids) in matcher.mentions(body) {
            for id in vendor_ids {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
    }
    Exception {
        text: body.to_string(),
        vendors: ids,
        hosts: named_hosts(body, phrases),
        customer_configured: phrases.customer_configured().is_match(body),
    }
}

/// Whether a marker preceded by `before` opens its sentence part ("Unless ...,"
/// at the start, after a "Label:" or a semicolon).
fn opens_clause(before: &str) -> bool {
    let t = before.trim_end();
    t.is_empty() || t.ends_with([':', ';', '(', '\u{2014}', '-'])
}

/// Where an exception starting at `from` ends: at `;`, `|`, a sentence end, a
/// contrast word, the next exception, or, for a leading exception, its comma.
/// Commas inside a trailing exception separate the things it names ("except
/// Twilio, Slack and SendGrid"), so they do not end it.
fn clause_end(text: &str, from: usize, limit: usize, leading: bool) -> usize {
    let rest = &text[from..limit];
    let mut depth = 0usize;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ';' | '|' => return from + i,
            '.' | '!' | '?' if next_is_space => return from + i,
            ',' if leading && depth == 0 => return from + i,
            _ => {}
        }
        if depth == 0 && c == ' ' && starts_contrast(&rest[i + 1..]) {
            return from + i;
        }
    }
    limit
}

fn starts_contrast(rest: &str) -> bool {
    let lower = rest.get(..10).unwrap_or(rest).to_ascii_lowercase();
    ["but ", "however", "whereas ", "although "]
        .iter()
        .any(|w| lower.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulesets::{Catalogue, Vendor};

    fn vendor(id: &str, name: &str, org: &str, categories: &[&str]) -> Vendor {
        Vendor {
            id: id.into(),
            name: name.into(),
            organisation: org.into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }

    fn exceptions(text: &str) -> Vec<Exception> {
        let catalogue = Catalogue::from_vendors(vec![
            vendor("twilio", "Twilio", "Twilio Inc.", &["messaging-email-sms"]),
            vendor("atlassian", "Atlassian", "Atlassian", &["atlassian"]),
        ]);
        let matcher = crate::policy::names::shared(&catalogue, true);
        find(text, ClaimPhrases::shared(), matcher.as_deref())
            .into_iter()
            .map(|f| f.exception)
            .collect()
    }

    #[test]
    fn webhook_urls_the_customer_configures_and_a_named_vendor() {
        let got = exceptions(
            "Nothing leaves a customer's installation except outbound webhook deliveries to URLs the customer configures and SMS alerts sent through Twilio.",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].text,
            "outbound webhook deliveries to URLs the customer configures and SMS alerts sent through Twilio"
        );
        assert_eq!(got[0].vendors, vec!["twilio"]);
        assert!(got[0].customer_configured);
    }

    #[test]
    fn a_vague_exception_names_nothing() {
        let got = exceptions(
            "Unless explicitly required for app functionality, data is not stored outside Atlassian.",
        );
        assert_eq!(got[0].text, "explicitly required for app functionality");
        assert!(got[0].vendors.is_empty() && got[0].hosts.is_empty());
        assert!(!got[0].customer_configured);
    }

    #[test]
    fn beyond_names_atlassian_as_first_party() {
        let got = exceptions(
            "Perform analytics tracking beyond the Marketplace analytics that Atlassian itself provides.",
        );
        assert_eq!(got[0].vendors, vec!["atlassian"]);
    }

    #[test]
    fn hosts_and_an_administrator_entered_endpoint() {
        let got = exceptions(
            "All traffic uses TLS unless a customer's administrator explicitly configures a non-TLS endpoint.",
        );
        assert!(got[0].customer_configured);
        let got =
            exceptions("No calls leave Forge other than to hooks.slack.com; we keep no logs.");
        assert_eq!(got[0].hosts, vec!["hooks.slack.com"]);
        assert_eq!(got[0].text, "to hooks.slack.com");
    }

    #[test]
    fn a_mention_of_customers_is_not_a_configured_destination() {
        let got = exceptions("We share nothing except with the customer's consent.");
        assert!(!got[0].customer_configured);
        let got = exceptions("No data leaves except support emails customers send us.");
        assert!(!got[0].customer_configured);
    }

    #[test]
    fn an_exception_ends_at_a_contrast_and_parentheses_stay_inside() {
        let got = exceptions(
            "Nothing leaves except as described (typically: webhooks to endpoints an administrator enters), but we keep logs.",
        );
        assert_eq!(
            got[0].text,
            "as described (typically: webhooks to endpoints an administrator enters)"
        );
        assert!(got[0].customer_configured);
    }

    #[test]
    fn two_markers_give_two_exceptions_and_for_is_part_of_the_marker() {
        let got =
            exceptions("We call no third parties except for Twilio, unless you enable Slack.");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].text, "Twilio");
        assert_eq!(got[1].text, "you enable Slack");
    }
}
