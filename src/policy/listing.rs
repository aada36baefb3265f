//! The Marketplace listing's Privacy & Security answers (JSON, as the
//! Marketplace REST API returns them; see forge-facts.md section 5.2) into
//! claims and disclosures. Each answer that makes a checkable promise becomes a
//! claim located at the line of its field in the JSON file.

use serde_json::Value;

use super::names;
use super::read::{MAX_STATEMENT_BYTES, PolicyError};
use crate::model::{Claim, ClaimKind, Disclosure, Location};
use crate::rulesets::Catalogue;

/// One answer the tool understands: section, field, the value that makes a
/// promise, the claim kind, and the promise in words.
struct Answer {
    section: &'static str,
    field: &'static str,
    promise: Promise,
    kind: ClaimKind,
    text: &'static str,
}

/// Which value of a field makes the promise.
#[derive(Clone, Copy)]
enum Promise {
    /// The answer is "no" (`false`).
    No,
    /// The answer is "yes" (`true`).
    Yes,
    /// Data residency: `true`, or an enum value saying residency is supported.
    ResidencySupported,
    /// Any value at all (a retention period is stated).
    Present,
}

const ANSWERS: &[Answer] = &[
    Answer {
        section: "dataAccessAndStorage",
        field: "appProcessEUDOutsideAtlassian",
        promise: Promise::No,
        kind: ClaimKind::NoExternalServers,
        text: "The app does not process end-user data outside Atlassian.",
    },
    Answer {
        section: "dataAccessAndStorage",
        field: "appStoresEUDOutsideAtlassian",
        promise: Promise::No,
        kind: ClaimKind::NoExternalStorage,
        text: "The app does not store end-user data outside Atlassian.",
    },
    Answer {
        section: "thirdPartyInformation",
        field: "isEndUserDataShared",
        promise: Promise::No,
        kind: ClaimKind::NoDataSharing,
        text: "End-user data is not shared with third parties.",
    },
    Answer {
        section: "thirdPartyInformation",
        field: "dataSubProcessors",
        promise: Promise::No,
        kind: ClaimKind::NoThirdPartyServices,
        text: "The app uses no sub-processors.",
    },
    Answer {
        section: "logDetails",
        field: "logProcessAndOrStoreEUDOutsideAtlassian",
        promise: Promise::No,
        kind: ClaimKind::NoExternalServers,
        text: "Logs with end-user data are not processed or stored outside Atlassian.",
    },
    Answer {
        section: "logDetails",
        field: "logEUDShareWithThirdParty",
        promise: Promise::No,
        kind: ClaimKind::NoDataSharing,
        text: "Logs with end-user data are not shared with third parties.",
    },
    Answer {
        section: "dataResidency",
        field: "isDataResidencySupported",
        promise: Promise::ResidencySupported,
        kind: ClaimKind::DataResidency,
        text: "The app supports data residency.",
    },
    Answer {
        section: "dataTransfer",
        field: "isEndUserDataTransferredOutsideEEA",
        promise: Promise::No,
        kind: ClaimKind::DataResidency,
        text: "End-user data is not transferred outside the EEA.",
    },
    Answer {
        section: "dataRetention",
        field: "retentionDurationInDays",
        promise: Promise::Present,
        kind: ClaimKind::Unverifiable,
        text: "End-user data is retained for the stated period.",
    },
    Answer {
        section: "dataRetention",
        field: "isRetentionDurationIndefinite",
        promise: Promise::Yes,
        kind: ClaimKind::Unverifiable,
        text: "End-user data is retained indefinitely.",
    },
    Answer {
        section: "security",
        field: "isDiskEncryptionSupported",
        promise: Promise::Yes,
        kind: ClaimKind::Unverifiable,
        text: "Data is encrypted at rest.",
    },
];

/// The listing answers that promise something, as claims (ids left empty; the
/// pipeline numbers them). Invalid JSON is an error with line and column.
pub fn claims_from_listing(json_text: &str, rel_path: &str) -> Result<Vec<Claim>, PolicyError> {
    let root = parse(json_text, rel_path)?;
    let mut claims = Vec::new();
    for answer in ANSWERS {
        let Some((section, section_at)) = find_section(&root, json_text, answer.section) else {
            continue;
        };
        let Some(value) = section.get(answer.field) else {
            continue;
        };
        let Some(shown) = promised(value, answer.promise) else {
            continue;
        };
        let at = key_offset(json_text, answer.field, section_at).unwrap_or(section_at);
        claims.push(Claim {
            id: String::new(),
            kind: answer.kind,
            hedged: false,
            scope: None,
            text: format!(
                "{} (listing: {}.{} = {shown})",
                answer.text, answer.section, answer.field
            ),
            hosts: Vec::new(),
            exceptions: Vec::new(),
            because: crate::model::Because {
                reading: format!("listing/{}.{}", answer.section, answer.field),
                ..Default::default()
            },
            location: Location::new(rel_path, line_of(json_text, at), None),
        });
    }
    claims.sort_by_key(|c| (c.location.line, c.kind));
    Ok(claims)
}

/// The third parties the listing names (`thirdPartyInformation.thirdPartyDetails[].name`)
/// that the catalogue knows, each at the line of its `name`. First mention of
/// each vendor only; Atlassian is never a disclosure.
pub fn disclosures_from_listing(
    json_text: &str,
    rel_path: &str,
    catalogue: &Catalogue,
) -> Result<Vec<Disclosure>, PolicyError> {
    let root = parse(json_text, rel_path)?;
    let Some((section, section_at)) = find_section(&root, json_text, "thirdPartyInformation")
    else {
        return Ok(Vec::new());
    };
    let Some(details) = section.get("thirdPartyDetails").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let matcher = names::shared(catalogue, false);
    let mut at = key_offset(json_text, "thirdPartyDetails", section_at).unwrap_or(section_at);
    let mut out: Vec<Disclosure> = Vec::new();
    for entry in details {
        let Some(name) = entry.get("name").and_then(Value::as_str) else {
            continue;
        };
        // The n-th `"name"` after the array's key is the n-th entry's name.
        at = key_offset(json_text, "name", at).map_or(at, |o| o + 1);
        let mut ids: Vec<String> = catalogue
            .vendors_named(name)
            .into_iter()
            .filter(|v| !v.is_first_party())
            .map(|v| v.id.clone())
            .collect();
        if ids.is_empty()
            && let Some(m) = &matcher
        {
            // "Twilio Inc. (SMS delivery)": a catalogue name inside the entry.
            ids = m
                .mentions(name)
                .into_iter()
                .flat_map(|(_, ids)| ids.iter().cloned())
                .collect();
        }
        for id in ids {
            if out.iter().any(|d| d.vendor == id) {
                continue;
            }
            out.push(Disclosure {
                vendor: id,
                as_written: name.to_string(),
                location: Location::new(rel_path, line_of(json_text, at.saturating_sub(1)), None),
            });
        }
    }
    Ok(out)
}

fn parse(json_text: &str, rel_path: &str) -> Result<Value, PolicyError> {
    if json_text.len() > MAX_STATEMENT_BYTES {
        return Err(PolicyError::Invalid {
            path: rel_path.to_string(),
            message: format!("listing is over the {MAX_STATEMENT_BYTES}-byte limit"),
        });
    }
    serde_json::from_str(json_text).map_err(|e| {
        // The position goes in front of the message, not at its end.
        let full = e.to_string();
        let reason = full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i]);
        PolicyError::Syntax {
            path: rel_path.to_string(),
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            // serde_json says column 0 when the error is at a line's start.
            column: u32::try_from(e.column()).unwrap_or(u32::MAX).max(1),
            message: format!("invalid listing JSON: {reason}"),
        }
    })
}

/// The first object under key `name` anywhere in the document (the API may wrap
/// the answers, and `dataTransfer` sits under `privacy.gdpr`), with the offset
/// of its key in the text.
fn find_section<'v>(root: &'v Value, text: &str, name: &str) -> Option<(&'v Value, usize)> {
    let value = find_key(root, name, 0)?;
    Some((value, key_offset(text, name, 0).unwrap_or(0)))
}

fn find_key<'v>(value: &'v Value, name: &str, depth: usize) -> Option<&'v Value> {
    // serde_json already refuses nesting deeper than 128; this is belt and braces.
    if depth > 64 {
        return None;
    }
    match value {
        Value::Object(map) => map
            .get(name)
            .filter(|v| v.is_object())
            .or_else(|| map.values().find_map(|v| find_key(v, name, depth + 1))),
        Value::Array(items) => items.iter().find_map(|v| find_key(v, name, depth + 1)),
        _ => None,
    }
}

/// How the value reads when it makes the promise, `None` when it does not.
fn promised(value: &Value, promise: Promise) -> Option<String> {
    let flag = match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    };
    let shown = || value.to_string();
    match promise {
        Promise::No => (flag == Some(false)).then(shown),
        Promise::Yes => (flag == Some(true)).then(shown),
        Promise::Present => (!value.is_null()).then(shown),
        Promise::ResidencySupported => {
            let supported = match value {
                Value::String(s) => {
                    let s = s.to_ascii_uppercase();
                    flag == Some(true)
                        || (s.contains("SUPPORT") && !s.contains("NOT") && !s.contains("_NO_"))
                }
                _ => flag == Some(true),
            };
            supported.then(shown)
        }
    }
}

/// Offset of `"key"` followed by `:` at or after `from`, skipping escaped quotes
/// inside string values.
fn key_offset(text: &str, key: &str, from: usize) -> Option<usize> {
    let needle = format!("\"{key}\"");
    let mut at = from;
    while let Some(found) = text.get(at..)?.find(&needle) {
        let start = at + found;
        let after = text[start + needle.len()..].trim_start();
        let escaped = text[..start].ends_with('\\');
        if after.starts_with(':') && !escaped {
            return Some(start);
        }
        at = start + needle.len();
    }
    None
}

fn line_of(text: &str, offset: usize) -> u32 {
    crate::lines::LineStarts::of(text).line_of(offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulesets::Vendor;

    const LISTING: &str = r#"{
  "dataAccessAndStorage": {
    "appProcessEUDOutsideAtlassian": false,
    "appStoresEUDOutsideAtlassian": true
  },
  "thirdPartyInformation": {
    "isEndUserDataShared": true,
    "thirdPartyDetails": [
      { "name": "Twilio Inc.", "purpose": "SMS \"name\": x" },
      { "name": "Unknown Corp", "purpose": "none" },
      { "name": "Atlassian", "purpose": "hosting" }
    ]
  },
  "logDetails": { "logEUDShareWithThirdParty": "false" },
  "dataResidency": { "isDataResidencySupported": "APP_DOES_NOT_SUPPORT_DR" },
  "privacy": { "gdpr": { "dataTransfer": { "isEndUserDataTransferredOutsideEEA": false } } }
}"#;

    fn view(claims: &[Claim]) -> Vec<(ClaimKind, u32)> {
        claims.iter().map(|c| (c.kind, c.location.line)).collect()
    }

    #[test]
    fn no_answers_become_claims_at_their_lines_and_yes_answers_do_not() {
        let claims = claims_from_listing(LISTING, "listing.json").unwrap();
        assert_eq!(
            view(&claims),
            vec![
                (ClaimKind::NoExternalServers, 3),
                (ClaimKind::NoDataSharing, 14),
                (ClaimKind::DataResidency, 16),
            ]
        );
        assert!(
            claims[0]
                .text
                .contains("appProcessEUDOutsideAtlassian = false")
        );
        assert!(claims.iter().all(|c| c.id.is_empty()));
    }

    #[test]
    fn residency_enum_values_are_read() {
        let yes = r#"{"dataResidency": {"isDataResidencySupported": "STORED_IN_ATLASSIAN_N_DR_SUPPORTED"}}"#;
        assert_eq!(
            view(&claims_from_listing(yes, "l.json").unwrap()),
            vec![(ClaimKind::DataResidency, 1)]
        );
    }

    #[test]
    fn third_parties_are_disclosures_at_their_name_lines() {
        let catalogue = Catalogue::from_vendors(vec![
            Vendor {
                id: "twilio".into(),
                name: "Twilio".into(),
                organisation: "Twilio Inc.".into(),
                ..Default::default()
            },
            Vendor {
                id: "atlassian".into(),
                name: "Atlassian".into(),
                organisation: "Atlassian".into(),
                categories: vec!["atlassian".into()],
                ..Default::default()
            },
        ]);
        let got = disclosures_from_listing(LISTING, "listing.json", &catalogue).unwrap();
        let got: Vec<(&str, &str, u32)> = got
            .iter()
            .map(|d| (d.vendor.as_str(), d.as_written.as_str(), d.location.line))
            .collect();
        assert_eq!(got, vec![("twilio", "Twilio Inc.", 9)]);
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let err = claims_from_listing("{\n  \"a\": 1,\n  \"b\" 2\n}", "listing.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "listing.json:3:7: invalid listing JSON: expected `:`"
        );
        let err = disclosures_from_listing("[", "l.json", &Catalogue::default()).unwrap_err();
        assert!(err.to_string().contains("l.json:1:"), "{err}");
    }

    #[test]
    fn unrelated_json_yields_nothing() {
        assert!(
            claims_from_listing("[1, {\"x\": null}]", "l.json")
                .unwrap()
                .is_empty()
        );
        assert!(
            claims_from_listing("{\"security\": 3}", "l.json")
                .unwrap()
                .is_empty()
        );
    }
}
