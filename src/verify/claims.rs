//! Statement claims against the practice: one check per claim kind.
//!
//! Each check gathers evidence (what contradicts the claim) and gaps (why the
//! tool may not have seen everything). A claim is `contradicted` when there is
//! evidence, `supported` only when there is neither evidence nor gap.

use std::collections::BTreeMap;

use super::evidence::{
    self, Evidence, Strength, counts, external_vendor, is_external_host, vendor_uses,
};
use super::gap::Gap;
use super::{ClaimStatus, ClaimVerdict, Input};
use crate::manifest::egress::{WildcardBreadth, wildcard_breadth};
use crate::manifest::{EgressTarget, Manifest};
use crate::model::{
    Channel, Claim, ClaimKind, Exception, Fact, Finding, Location, ObservationKind, Related,
    Severity, Side,
};
use crate::url::{host_matches, is_loopback, is_within, parse_address};

/// What one check found.
#[derive(Default)]
struct Check {
    evidence: Vec<Evidence>,
    /// Reasons the tool cannot rule out contradicting evidence.
    gaps: Vec<Gap>,
}

/// Verdicts for every claim and a finding per piece of contradicting evidence.
pub fn check(input: &Input) -> (Vec<ClaimVerdict>, Vec<Finding>) {
    let mut verdicts = Vec::new();
    let mut findings = Vec::new();
    // Claims of one kind share evidence; report each piece once, related to
    // every sentence making that promise.
    // Claims with different exceptions excuse different evidence, so they are
    // grouped apart.
    type Group = (ClaimKind, Vec<String>, String);
    let mut by_kind: BTreeMap<Group, Vec<&Claim>> = BTreeMap::new();
    for claim in input.claims {
        match claim.scope.as_deref() {
            Some(scope) => verdicts.push(unverifiable(
                claim,
                format!(
                    "about the vendor's {}, not the Forge app",
                    scope_noun(scope)
                ),
            )),
            None if claim.kind == ClaimKind::Unverifiable => verdicts.push(unverifiable(
                claim,
                "no static check can verify this promise".to_string(),
            )),
            None => by_kind
                .entry((
                    claim.kind,
                    claim.hosts.clone(),
                    format!("{:?}", claim.exceptions),
                ))
                .or_default()
                .push(claim),
        }
    }
    let file_gaps = unanalysed_file_gap(input);
    for ((kind, hosts, _), claims) in by_kind {
        let Some(mut check) = run_check(kind, &hosts, input) else {
            for claim in claims {
                verdicts.push(unverifiable(
                    claim,
                    format!("claimcheck does not check {} claims yet", kind.as_str()),
                ));
            }
            continue;
        };
        check.gaps.extend(file_gaps.iter().cloned());
        excuse(&mut check, &claims[0].exceptions, input);
        check.evidence.sort();
        check.evidence.dedup();
        // Only what runs contradicts; what merely ships is listed as a note.
        let (runs, ships): (Vec<Evidence>, Vec<Evidence>) = std::mem::take(&mut check.evidence)
            .into_iter()
            .partition(|e| e.strength == Strength::Runs);
        check.evidence = runs;
        check.gaps.extend(shipped_gap(&ships));
        let lead = claims.iter().find(|c| !c.hedged).unwrap_or(&claims[0]);
        for claim in &claims {
            verdicts.push(verdict(claim, &check));
        }
        let severity = if lead.hedged {
            Severity::Warning
        } else {
            Severity::Error
        };
        let related: Vec<Related> = claims
            .iter()
            .map(|c| Related {
                location: c.location.clone(),
                message: format!("claim {}: {}", c.id, c.text),
            })
            .collect();
        let finding =
            |ev: Evidence, severity: Severity, what: String, related: Vec<Related>| Finding {
                fingerprint: String::new(),
                suppressed: None,
                rule: format!("claim/{}", kind.as_str()),
                severity,
                message: format!("{what}, but the statement says {}", promise(kind, &hosts)),
                claim: Some(lead.id.clone()),
                vendor: ev.vendor,
                location: ev.location,
                related,
            };
        for ev in check.evidence {
            let what = ev.what.clone();
            findings.push(finding(ev, severity, what, related.clone()));
        }
        for (ev, more) in one_per_vendor(ships) {
            let what = match more.len() {
                0 => ev.what.clone(),
                n => format!("{}, and in {n} more place{}", ev.what, plural(n)),
            };
            let mut related = related.clone();
            related.extend(more.into_iter().map(|location| Related {
                location,
                message: "the same vendor ships here too".into(),
            }));
            findings.push(finding(ev, Severity::Note, what, related));
        }
    }
    verdicts.sort_by_key(|v| claim_number(&v.claim_id));
    (verdicts, findings)
}

/// Packages that ship with the app through its dependencies: the tool does
/// not read those dependencies, so it cannot say the vendor never runs.
fn shipped_gap(ships: &[Evidence]) -> Option<Gap> {
    let mut shipped = ships.iter().filter(|e| e.strength == Strength::Shipped);
    let first = shipped.next()?;
    Some(Gap::Shipped {
        count: 1 + shipped.count(),
        first: first.location.clone(),
    })
}

/// Inventory evidence grouped by vendor: the first piece of each vendor, with
/// every other place it was found (other packages, other lockfiles), so a
/// vendor in five lockfiles is one note, not five.
fn one_per_vendor(ships: Vec<Evidence>) -> Vec<(Evidence, Vec<Location>)> {
    let mut groups: Vec<(Evidence, Vec<Location>)> = Vec::new();
    for ev in ships {
        let others = ev.also_at.clone();
        match groups
            .iter_mut()
            .find(|(first, _)| first.vendor == ev.vendor)
        {
            Some((_, more)) if ev.vendor.is_some() => {
                more.push(ev.location);
                more.extend(others);
            }
            _ => groups.push((ev, others)),
        }
    }
    for (_, more) in &mut groups {
        more.sort();
        more.dedup();
    }
    groups
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn claim_number(id: &str) -> u64 {
    id.trim_start_matches('C').parse().unwrap_or(u64::MAX)
}

fn verdict(claim: &Claim, check: &Check) -> ClaimVerdict {
    let (status, reason) = if !check.evidence.is_empty() {
        (ClaimStatus::Contradicted, None)
    } else if !check.gaps.is_empty() {
        let reasons: Vec<String> = check.gaps.iter().map(Gap::to_string).collect();
        (ClaimStatus::Unverifiable, Some(reasons.join("; ")))
    } else {
        (ClaimStatus::Supported, None)
    };
    ClaimVerdict {
        claim_id: claim.id.clone(),
        status,
        reason,
    }
}

fn unverifiable(claim: &Claim, reason: String) -> ClaimVerdict {
    ClaimVerdict {
        claim_id: claim.id.clone(),
        status: ClaimStatus::Unverifiable,
        reason: Some(reason),
    }
}

fn scope_noun(scope: &str) -> &str {
    match scope {
        "server" => "Server/Data Center products",
        "website" => "website",
        "support" => "support and billing channels",
        other => other,
    }
}

/// What the statement promised, for messages.
fn promise(kind: ClaimKind, hosts: &[String]) -> String {
    match kind {
        ClaimKind::NoExternalServers => "the app runs only on Atlassian infrastructure".into(),
        ClaimKind::NoAnalytics => "the app collects no analytics".into(),
        ClaimKind::NoErrorTracking => "the app uses no error-tracking service".into(),
        ClaimKind::NoSessionReplay => "the app records no user sessions".into(),
        ClaimKind::NoThirdPartyServices => "the app uses no third-party services".into(),
        ClaimKind::NoDataSharing => "data is not shared with third parties".into(),
        ClaimKind::NoExternalStorage => "data is stored only on Atlassian's platform".into(),
        ClaimKind::NoBrowserStorage => "the app uses no cookies or browser storage".into(),
        ClaimKind::EncryptedTransport => "all traffic is encrypted (HTTPS/TLS)".into(),
        ClaimKind::LeastPrivilege => "the app asks only for the permissions it needs".into(),
        ClaimKind::NoExternalAuth => "the app uses no external authentication".into(),
        ClaimKind::OnlyNamedHosts => format!("the app talks only to {}", hosts.join(", ")),
        ClaimKind::DataResidency => "data stays in the customer's Atlassian region".into(),
        ClaimKind::AdminOnlyAccess => "only administrators can use the app".into(),
        ClaimKind::NoHardcodedCredentials => "the code holds no credentials".into(),
        ClaimKind::SecretsNotExposed => "credentials never reach the browser".into(),
        other => format!("a {} promise", other.as_str()),
    }
}

/// Files that could hide evidence: every file the tool did not read, lockfiles
/// included (a lockfile that does not parse may hide a vendor's package).
fn unanalysed_file_gap(input: &Input) -> Option<Gap> {
    let (first, rest) = input.skipped.split_first()?;
    Some(Gap::Unanalysed {
        first: first.path.clone(),
        more: rest.len(),
    })
}

/// The check for a claim kind; `None` for kinds this version cannot check.
fn run_check(kind: ClaimKind, hosts: &[String], input: &Input) -> Option<Check> {
    Some(match kind {
        ClaimKind::NoExternalServers => no_external_servers(input),
        ClaimKind::NoAnalytics => {
            let mut check = vendor_category_check(input, &["analytics", "product-analytics"]);
            analytics_egress(input.manifest, &mut check);
            beacons(input, &mut check);
            check
        }
        ClaimKind::NoErrorTracking => vendor_category_check(input, &["error-tracking"]),
        ClaimKind::NoSessionReplay => vendor_category_check(input, &["session-replay"]),
        ClaimKind::NoThirdPartyServices | ClaimKind::NoDataSharing => third_parties(input),
        ClaimKind::NoExternalStorage => external_storage(input),
        ClaimKind::NoBrowserStorage => browser_storage(input),
        ClaimKind::EncryptedTransport => encrypted_transport(input),
        ClaimKind::OnlyNamedHosts => only_named_hosts(input, hosts),
        ClaimKind::NoExternalAuth => external_auth(input),
        ClaimKind::LeastPrivilege => least_privilege(input),
        ClaimKind::NoHardcodedCredentials => Check {
            evidence: super::secrets::no_hardcoded_credentials(input),
            gaps: Vec::new(),
        },
        ClaimKind::SecretsNotExposed => Check {
            evidence: super::secrets::secrets_not_exposed(input),
            gaps: Vec::new(),
        },
        ClaimKind::AdminOnlyAccess => {
            let (evidence, gaps) = super::access::admin_only(input);
            Check { evidence, gaps }
        }
        ClaimKind::DataResidency => {
            let (evidence, gaps) = super::residency::data_residency(input);
            Check { evidence, gaps }
        }
        ClaimKind::Unverifiable => return None,
    })
}

/// Drops what the claim's exceptions excuse: evidence about a vendor or host an
/// exception names, and, when an exception covers destinations the customer
/// configures, the uncertainty of calls to URLs computed at run time. An
/// exception excuses only what it names.
fn excuse(check: &mut Check, exceptions: &[Exception], input: &Input) {
    if exceptions.is_empty() {
        return;
    }
    let host_at = |location: &Location| {
        input
            .observations
            .iter()
            .find(|o| &o.location == location)
            .and_then(|o| o.host.as_deref())
    };
    let named_host = |host: &str| {
        exceptions
            .iter()
            .flat_map(|e| &e.hosts)
            .any(|h| is_within(host, h))
    };
    check.evidence.retain(|ev| {
        let vendor_named = ev
            .vendor
            .as_deref()
            .is_some_and(|v| exceptions.iter().any(|e| e.vendors.iter().any(|n| n == v)));
        let host_named = host_at(&ev.location).is_some_and(named_host);
        !(vendor_named || host_named)
    });
    // Both run-time URLs and customer-managed egress ("destinations are decided
    // at run time") are what such an exception describes.
    if exceptions.iter().any(|e| e.customer_configured) {
        check.gaps.retain(|g| !g.is_run_time_destination());
    }
}

const ALL_SIDES: &[Side] = &[Side::Backend, Side::Remote, Side::Frontend];

/// Why destinations cannot all be known: calls to run-time URLs on `sides`, and
/// customer-managed egress, whose hosts an admin approves at run time.
fn destination_gaps(input: &Input, sides: &[Side]) -> Vec<Gap> {
    dynamic_call_gap(input, sides)
        .into_iter()
        .chain(super::residency::runtime_egress_gap(input.manifest))
        .collect()
}

/// Network calls whose URL is computed at run time: the tool cannot tell where
/// they go, so claims about destinations stay unverifiable.
fn dynamic_call_gap(input: &Input, sides: &[Side]) -> Option<Gap> {
    let mut dynamic = input.observations.iter().filter(|o| {
        o.kind == ObservationKind::NetworkCall && o.host.is_none() && sides.contains(&o.side)
    });
    let first = dynamic.next()?;
    Some(Gap::RunTimeUrls {
        count: 1 + dynamic.count(),
        first: first.location.clone(),
    })
}

fn no_external_servers(input: &Input) -> Check {
    let cat = input.catalogue;
    let mut check = Check::default();
    for obs in input
        .observations
        .iter()
        .filter(|o| counts(o) && matches!(o.side, Side::Backend | Side::Remote))
    {
        let external = match obs.kind {
            ObservationKind::NetworkCall => obs
                .host
                .as_deref()
                .is_some_and(|h| is_external_host(h, cat)),
            ObservationKind::Sdk => external_vendor(obs, cat).is_some(),
            ObservationKind::Remote => true,
            _ => false,
        };
        if external {
            check.evidence.push(evidence::from_observation(obs, cat));
        }
    }
    check.evidence.extend(storage_vendor_evidence(input));
    check
        .gaps
        .extend(destination_gaps(input, &[Side::Backend, Side::Remote]));
    check
        .gaps
        .extend(obscured_gap(input, &[Side::Backend, Side::Remote]));
    check
}

/// Obscured code on `sides`: it could do what the claim rules out unseen.
fn obscured_gap(input: &Input, sides: &[Side]) -> Option<Gap> {
    let mut hidden = input
        .observations
        .iter()
        .filter(|o| o.kind == ObservationKind::Obscured && sides.contains(&o.side));
    let first = hidden.next()?;
    let Fact::Obscured(how) = first.fact else {
        return None;
    };
    Some(Gap::Obscured {
        how,
        detail: first.detail.clone(),
        first: first.location.clone(),
        count: 1 + hidden.count(),
    })
}

/// Beacons (`navigator.sendBeacon`, a `new Image()` pixel) are how analytics
/// leaves a page: one to a host outside Atlassian is analytics-like delivery,
/// and one to a URL computed at run time may be.
fn beacons(input: &Input, check: &mut Check) {
    let cat = input.catalogue;
    let sent = input.observations.iter().filter(|o| {
        counts(o)
            && o.kind == ObservationKind::NetworkCall
            && matches!(o.channel(), Channel::Beacon(_))
            && o.vendor.is_none()
    });
    let mut computed: Vec<&Location> = Vec::new();
    for obs in sent {
        match obs.host.as_deref() {
            Some(host) if is_external_host(host, cat) => {
                check.evidence.push(evidence::from_observation(obs, cat));
            }
            Some(_) => {}
            None => computed.push(&obs.location),
        }
    }
    if let Some(first) = computed.first() {
        check.gaps.push(Gap::RunTimeUrls {
            count: computed.len(),
            first: (*first).clone(),
        });
    }
}

/// Uses of vendors in any of `categories`.
fn vendor_category_check(input: &Input, categories: &[&str]) -> Check {
    let mut check = Check::default();
    check.gaps.extend(obscured_gap(input, ALL_SIDES));
    for obs in vendor_uses(input.observations) {
        if obs
            .categories
            .iter()
            .any(|c| categories.contains(&c.as_str()))
        {
            check
                .evidence
                .push(evidence::from_observation(obs, input.catalogue));
        }
    }
    check
}

fn analytics_egress(manifest: &Manifest, check: &mut Check) {
    for entry in &manifest.egress {
        if let (Some("analytics"), EgressTarget::Address(address)) =
            (entry.category.as_deref(), &entry.target)
        {
            check.evidence.push(Evidence {
                strength: Strength::Runs,
                also_at: Vec::new(),
                location: entry.location.clone(),
                what: format!(
                    "the manifest declares analytics egress to `{address}` (permissions.external.{})",
                    entry.list.as_str()
                ),
                vendor: None,
            });
        }
    }
}

fn third_parties(input: &Input) -> Check {
    let cat = input.catalogue;
    let mut check = Check::default();
    for obs in vendor_uses(input.observations) {
        if external_vendor(obs, cat).is_some() {
            check.evidence.push(evidence::from_observation(obs, cat));
        }
    }
    for obs in input
        .observations
        .iter()
        .filter(|o| counts(o) && o.kind == ObservationKind::NetworkCall && o.vendor.is_none())
    {
        if obs
            .host
            .as_deref()
            .is_some_and(|h| is_external_host(h, cat))
        {
            check.evidence.push(evidence::from_observation(obs, cat));
        }
    }
    check.gaps.extend(destination_gaps(input, ALL_SIDES));
    check.gaps.extend(obscured_gap(input, ALL_SIDES));
    check
        .evidence
        .extend(super::residency::third_party_loads(input));
    check
}

fn storage_vendor_evidence(input: &Input) -> Vec<Evidence> {
    vendor_uses(input.observations)
        .into_iter()
        .filter(|o| {
            o.categories
                .iter()
                .any(|c| c == "external-storage" || c == "database")
        })
        .map(|o| evidence::from_observation(o, input.catalogue))
        .collect()
}

fn external_storage(input: &Input) -> Check {
    let mut check = Check {
        evidence: storage_vendor_evidence(input),
        gaps: obscured_gap(input, ALL_SIDES).into_iter().collect(),
    };
    for remote in &input.manifest.remotes {
        let stores =
            remote.operations.is_empty() || remote.operations.iter().any(|o| o == "storage");
        if stores {
            let why = if remote.operations.is_empty() {
                "declares no operations, so Forge assumes it stores end-user data"
            } else {
                "declares the `storage` operation"
            };
            check.evidence.push(Evidence {
                strength: Strength::Runs,
                also_at: Vec::new(),
                location: remote.location.clone(),
                what: format!("remote `{}` {why}", remote.key),
                vendor: None,
            });
        }
    }
    check
}

fn browser_storage(input: &Input) -> Check {
    Check {
        evidence: input
            .observations
            .iter()
            .filter(|o| counts(o) && o.kind == ObservationKind::BrowserStorage)
            .map(|o| evidence::from_observation(o, input.catalogue))
            .collect(),
        gaps: obscured_gap(input, &[Side::Frontend]).into_iter().collect(),
    }
}

fn encrypted_transport(input: &Input) -> Check {
    let mut check = Check::default();
    // A URL computed at run time may as well be http://.
    check.gaps.extend(dynamic_call_gap(input, ALL_SIDES));
    check.gaps.extend(obscured_gap(input, ALL_SIDES));
    for obs in input
        .observations
        .iter()
        .filter(|o| counts(o) && o.kind == ObservationKind::NetworkCall)
    {
        let plain = matches!(obs.scheme.as_deref(), Some("http" | "ws"));
        if plain && obs.host.as_deref().is_some_and(|h| !is_loopback(h)) {
            check
                .evidence
                .push(evidence::from_observation(obs, input.catalogue));
        }
    }
    for entry in &input.manifest.egress {
        if let EgressTarget::Address(address) = &entry.target {
            let parsed = parse_address(address);
            if matches!(parsed.scheme.as_str(), "http" | "ws") && !is_loopback(&parsed.host) {
                check.evidence.push(Evidence {
                    strength: Strength::Runs,
                    also_at: Vec::new(),
                    location: entry.location.clone(),
                    what: format!("the manifest allows unencrypted egress to `{address}`"),
                    vendor: None,
                });
            }
        }
    }
    check
}

fn only_named_hosts(input: &Input, named: &[String]) -> Check {
    let cat = input.catalogue;
    let allowed = |host: &str| {
        named
            .iter()
            .any(|n| host_matches(n, host) || is_within(host, n))
    };
    let mut check = Check::default();
    for obs in input.observations.iter().filter(|o| counts(o)) {
        let offending = match obs.kind {
            ObservationKind::NetworkCall => obs
                .host
                .as_deref()
                .is_some_and(|h| !is_loopback(h) && !allowed(h)),
            ObservationKind::Sdk => external_vendor(obs, cat).is_some(),
            _ => false,
        };
        if offending {
            check.evidence.push(evidence::from_observation(obs, cat));
        }
    }
    check.gaps.extend(destination_gaps(input, ALL_SIDES));
    check.gaps.extend(obscured_gap(input, ALL_SIDES));
    check
}

fn external_auth(input: &Input) -> Check {
    let mut check = Check::default();
    // Manifest auth providers arrive as observations too (practice::from_manifest).
    for obs in input
        .observations
        .iter()
        .filter(|o| counts(o) && o.kind == ObservationKind::ExternalAuth)
    {
        check
            .evidence
            .push(evidence::from_observation(obs, input.catalogue));
    }
    check
}

/// Scopes nothing needs and broad wildcard egress contradict a least-privilege
/// claim; it is supported only when every declared scope could be judged
/// (every product call's route resolved, every trigger event known).
fn least_privilege(input: &Input) -> Check {
    let mut check = Check::default();
    for entry in &input.manifest.egress {
        if let EgressTarget::Address(address) = &entry.target
            && matches!(
                wildcard_breadth(address),
                WildcardBreadth::Global | WildcardBreadth::PublicSuffix
            )
        {
            check.evidence.push(Evidence {
                strength: Strength::Runs,
                also_at: Vec::new(),
                location: entry.location.clone(),
                what: format!(
                    "permissions.external.{} allows `{address}`, a broad wildcard",
                    entry.list.as_str()
                ),
                vendor: None,
            });
        }
    }
    let scopes = super::scopes::judge(input);
    check.evidence.extend(scopes.unused);
    check.gaps.extend(scopes.gaps.into_iter().map(Gap::Scopes));
    check
}
