//! Verification on small hand-built inputs: each rule fires on its case and
//! stays silent on the decoy next to it.

use super::*;
use crate::manifest::{Egress, EgressList, EgressTarget, Module, Remote};
use crate::model::{
    Channel, ClaimKind, Fact, Location, Observation, ObservationKind, PageLoad, Severity, Side,
    SkippedFile,
};
use crate::rulesets::Vendor;

fn catalogue() -> Catalogue {
    Catalogue::from_vendors(vec![
        Vendor {
            id: "segment".into(),
            name: "Segment".into(),
            organisation: "Twilio Inc.".into(),
            categories: vec!["product-analytics".into()],
            packages: vec!["@segment/analytics-node".into()],
            hosts: vec!["api.segment.io".into()],
            ..Vendor::default()
        },
        Vendor {
            id: "atlassian".into(),
            name: "Atlassian".into(),
            organisation: "Atlassian".into(),
            categories: vec!["atlassian".into()],
            hosts: vec!["api.atlassian.com".into(), "*.atlassian.net".into()],
            ..Vendor::default()
        },
    ])
}

fn loc(path: &str, line: u32) -> Location {
    Location::new(path, line, Some(1))
}

fn call(side: Side, scheme: &str, host: Option<&str>, line: u32, cat: &Catalogue) -> Observation {
    let mut obs = Observation::new(
        ObservationKind::NetworkCall,
        side,
        "fetch",
        loc("src/index.js", line),
    );
    obs.host = host.map(str::to_string);
    obs.scheme = Some(scheme.to_string());
    if let Some(v) = host.and_then(|h| cat.vendor_for_host(h)) {
        obs.vendor = Some(v.id.clone());
        obs.categories = v.categories.clone();
    }
    obs
}

fn claim(id: &str, kind: ClaimKind) -> Claim {
    Claim {
        id: id.into(),
        kind,
        hedged: false,
        scope: None,
        text: "a promise".into(),
        hosts: Vec::new(),
        exceptions: Vec::new(),
        because: Default::default(),
        location: Location::new("PRIVACY.md", 3, None),
    }
}

fn egress(list: EgressList, address: &str, line: u32) -> Egress {
    Egress {
        list,
        target: EgressTarget::Address(address.into()),
        category: None,
        in_scope_eud: None,
        string_form: false,
        location: Location::new("manifest.yml", line, Some(11)),
    }
}

fn manifest(egress: Vec<Egress>) -> Manifest {
    Manifest {
        path: "manifest.yml".into(),
        egress,
        ..Manifest::default()
    }
}

fn verify(
    manifest: &Manifest,
    claims: &[Claim],
    observations: &[Observation],
    skipped: &[SkippedFile],
) -> Verdict {
    let cat = catalogue();
    run(&Input {
        manifest,
        claims,
        disclosures: &[],
        statement: Some("PRIVACY.md"),
        observations,
        skipped,
        catalogue: &cat,
    })
}

fn rules(verdict: &Verdict) -> Vec<&str> {
    verdict.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn an_analytics_call_contradicts_no_analytics_and_points_at_both_places() {
    let cat = catalogue();
    let m = manifest(vec![egress(
        EgressList::FetchBackend,
        "https://api.segment.io",
        20,
    )]);
    let obs = [call(
        Side::Backend,
        "https",
        Some("api.segment.io"),
        7,
        &cat,
    )];
    let v = verify(&m, &[claim("C1", ClaimKind::NoAnalytics)], &obs, &[]);
    assert_eq!(v.claims[0].status, ClaimStatus::Contradicted);
    let f = v
        .findings
        .iter()
        .find(|f| f.rule == "claim/no-analytics")
        .unwrap();
    assert_eq!(f.location.line, 7);
    assert_eq!(f.related[0].location.path, "PRIVACY.md");
    assert_eq!(f.severity, Severity::Error);
}

#[test]
fn dev_side_evidence_never_contradicts() {
    let cat = catalogue();
    let obs = [call(Side::Dev, "https", Some("api.segment.io"), 7, &cat)];
    let v = verify(
        &manifest(vec![]),
        &[claim("C1", ClaimKind::NoAnalytics)],
        &obs,
        &[],
    );
    assert_eq!(v.claims[0].status, ClaimStatus::Supported);
    assert!(v.findings.is_empty());
}

#[test]
fn a_hedged_claim_is_reported_as_a_warning() {
    let cat = catalogue();
    let mut c = claim("C1", ClaimKind::NoAnalytics);
    c.hedged = true;
    let obs = [call(
        Side::Frontend,
        "https",
        Some("api.segment.io"),
        7,
        &cat,
    )];
    let m = manifest(vec![egress(
        EgressList::FetchClient,
        "https://api.segment.io",
        20,
    )]);
    let v = verify(&m, &[c], &obs, &[]);
    let f = v
        .findings
        .iter()
        .find(|f| f.rule == "claim/no-analytics")
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn a_run_time_url_or_an_unread_file_makes_a_claim_unverifiable_not_supported() {
    let cat = catalogue();
    let dynamic = [call(Side::Backend, "https", None, 9, &cat)];
    let v = verify(
        &manifest(vec![]),
        &[claim("C1", ClaimKind::NoExternalServers)],
        &dynamic,
        &[],
    );
    assert_eq!(v.claims[0].status, ClaimStatus::Unverifiable);
    assert!(
        v.claims[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("computed at run time")
    );

    let skipped = [SkippedFile {
        path: "src/broken.js".into(),
        reason: "syntax error at 1:5: Unexpected token".into(),
    }];
    let v = verify(
        &manifest(vec![]),
        &[claim("C1", ClaimKind::NoBrowserStorage)],
        &[],
        &skipped,
    );
    assert_eq!(v.claims[0].status, ClaimStatus::Unverifiable);
    assert!(
        v.claims[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("src/broken.js")
    );
}

#[test]
fn atlassian_hosts_are_first_party() {
    let cat = catalogue();
    let obs = [call(
        Side::Backend,
        "https",
        Some("api.atlassian.com"),
        4,
        &cat,
    )];
    let m = manifest(vec![egress(
        EgressList::FetchBackend,
        "https://api.atlassian.com",
        20,
    )]);
    let claims = [
        claim("C1", ClaimKind::NoExternalServers),
        claim("C2", ClaimKind::NoThirdPartyServices),
    ];
    let v = verify(&m, &claims, &obs, &[]);
    assert!(
        v.claims.iter().all(|c| c.status == ClaimStatus::Supported),
        "{:?}",
        v.claims
    );
}

#[test]
fn government_and_staging_hosts_of_atlassian_are_first_party() {
    let cat = Catalogue::embedded().unwrap();
    let hosts = [
        "api.atlassian-us-gov-mod.com",
        "acme.atlassian-us-gov-mod.net",
        "as.atlassian.com",
        "forge.stg.atl-paas.net",
        "acme.jira-dev.com",
    ];
    let obs: Vec<Observation> = (1..)
        .zip(hosts)
        .map(|(line, host)| call(Side::Backend, "https", Some(host), line, &cat))
        .collect();
    assert!(obs.iter().all(|o| o.vendor.as_deref() == Some("atlassian")));
    // A decoy beside them: a host that only ends like Atlassian's.
    let mut with_decoy = obs.clone();
    with_decoy.push(call(
        Side::Backend,
        "https",
        Some("atlassian-us-gov-mod.com.example.org"),
        9,
        &cat,
    ));
    let m = manifest(vec![egress(EgressList::FetchBackend, "*", 20)]);
    let claims = [
        claim("C1", ClaimKind::NoExternalServers),
        claim("C2", ClaimKind::NoThirdPartyServices),
    ];
    let input = |observations: &[Observation]| {
        run(&Input {
            manifest: &m,
            claims: &claims,
            disclosures: &[],
            statement: Some("PRIVACY.md"),
            observations,
            skipped: &[],
            catalogue: &cat,
        })
    };
    let clean = input(&obs);
    assert!(
        clean
            .claims
            .iter()
            .all(|c| c.status == ClaimStatus::Supported),
        "{:?}",
        clean.claims
    );
    let decoy = input(&with_decoy);
    assert!(
        decoy
            .claims
            .iter()
            .all(|c| c.status == ClaimStatus::Contradicted),
        "{:?}",
        decoy.claims
    );
    assert!(
        decoy
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("claim/"))
            .all(|f| f.location.line == 9)
    );
}

#[test]
fn atlassian_literals_in_a_bundle_are_not_undeclared_egress() {
    let cat = catalogue();
    let literal = |host: &str, line: u32| {
        let mut obs = call(Side::Frontend, "https", Some(host), line, &cat);
        obs.fact = Fact::Call(Channel::BundleLiteral);
        obs
    };
    let mut fetch = call(Side::Frontend, "https", Some("acme.atlassian.net"), 3, &cat);
    fetch.fact = Fact::Call(Channel::Request);
    let obs = [
        literal("acme.atlassian.net", 1),
        literal("cdn.example.com", 2),
        fetch,
    ];
    let v = verify(&manifest(Vec::new()), &[], &obs, &[]);
    let flagged: Vec<u32> = v
        .findings
        .iter()
        .filter(|f| f.rule == "manifest/undeclared-egress")
        .map(|f| f.location.line)
        .collect();
    // The third-party literal and the app's own request still need egress.
    assert_eq!(flagged, vec![2, 3]);
}

#[test]
fn undeclared_egress_follows_forge_wildcard_semantics() {
    let cat = catalogue();
    let m = manifest(vec![egress(EgressList::FetchBackend, "*.example.com", 20)]);
    let obs = [
        call(Side::Backend, "https", Some("api.example.com"), 3, &cat),
        call(Side::Backend, "https", Some("example.com"), 4, &cat),
        call(Side::Frontend, "https", Some("api.example.com"), 5, &cat),
        call(Side::Backend, "http", Some("localhost"), 6, &cat),
    ];
    let v = verify(&m, &[], &obs, &[]);
    let undeclared: Vec<u32> = v
        .findings
        .iter()
        .filter(|f| f.rule == "manifest/undeclared-egress")
        .map(|f| f.location.line)
        .collect();
    // the bare domain and the frontend call (fetch.client is empty) are undeclared
    assert_eq!(undeclared, vec![4, 5]);
}

#[test]
fn unused_egress_stays_precise_with_run_time_urls() {
    let cat = catalogue();
    let m = manifest(vec![egress(
        EgressList::FetchBackend,
        "https://hooks.example.com",
        20,
    )]);
    let v = verify(&m, &[], &[], &[]);
    assert_eq!(rules(&v), vec!["manifest/unused-egress"]);
    let computed = |line: u32, known: crate::model::KnownUrl| {
        let mut obs = call(Side::Backend, "https", None, line, &cat);
        obs.scheme = None;
        obs.fact = crate::model::Fact::Computed {
            channel: crate::model::Channel::Request,
            known,
        };
        obs
    };
    // Nothing known of the URL names no entry: the finding fires and says
    // which call to check.
    let unknown = computed(3, crate::model::KnownUrl::default());
    let v = verify(&m, &[], std::slice::from_ref(&unknown), &[]);
    assert_eq!(rules(&v), vec!["manifest/unused-egress"]);
    assert!(
        v.findings[0].message.ends_with(
            "; check the call whose URL is computed at run time: `fetch` at src/index.js:3:1"
        ),
        "{}",
        v.findings[0].message
    );
    // A literal start or a setting that names the host could be the entry.
    for known in [
        crate::model::KnownUrl {
            scheme: Some("https".into()),
            host_start: "hooks.".into(),
            key: None,
        },
        crate::model::KnownUrl {
            key: Some("EXAMPLE_HOOK_URL".into()),
            ..Default::default()
        },
    ] {
        let v = verify(&m, &[], &[computed(3, known)], &[]);
        assert!(v.findings.is_empty(), "{:?}", v.findings);
    }
    // An http:// call does not use an https:// entry.
    let plain = call(Side::Backend, "http", Some("hooks.example.com"), 4, &cat);
    let v = verify(&m, &[], &[plain], &[]);
    assert!(
        rules(&v).contains(&"manifest/unused-egress"),
        "{:?}",
        rules(&v)
    );
}

#[test]
fn insecure_wildcard_and_uncategorised_analytics_egress() {
    let cat = catalogue();
    let m = manifest(vec![
        egress(EgressList::FetchBackend, "http://status.example.com", 10),
        egress(EgressList::FetchBackend, "http://localhost:3000", 11),
        egress(EgressList::FetchBackend, "*", 12),
        egress(EgressList::FetchBackend, "https://api.segment.io", 13),
    ]);
    let obs = [
        call(Side::Backend, "http", Some("status.example.com"), 3, &cat),
        call(Side::Backend, "https", Some("api.segment.io"), 4, &cat),
    ];
    let v = verify(&m, &[], &obs, &[]);
    let manifest_rules: Vec<(&str, u32)> = v
        .findings
        .iter()
        .filter(|f| f.location.path == "manifest.yml")
        .map(|f| (f.rule.as_str(), f.location.line))
        .collect();
    assert!(manifest_rules.contains(&("manifest/insecure-egress", 10)));
    assert!(!manifest_rules.contains(&("manifest/insecure-egress", 11)));
    assert!(manifest_rules.contains(&("manifest/wildcard-egress", 12)));
    assert!(manifest_rules.contains(&("manifest/uncategorised-analytics-egress", 13)));
}

#[test]
fn a_claim_about_the_website_is_never_checked() {
    let cat = catalogue();
    let mut c = claim("C1", ClaimKind::NoBrowserStorage);
    c.scope = Some("website".into());
    let mut obs = Observation::new(
        ObservationKind::BrowserStorage,
        Side::Frontend,
        "cookie",
        loc("static/a.js", 2),
    );
    obs.vendor = None;
    let v = verify(
        &manifest(vec![]),
        &[c],
        &[obs, call(Side::Backend, "https", None, 1, &cat)],
        &[],
    );
    assert_eq!(v.claims[0].status, ClaimStatus::Unverifiable);
    assert!(v.findings.iter().all(|f| !f.rule.starts_with("claim/")));
}

#[test]
fn eligibility_names_each_failing_rule_with_its_entry() {
    let mut analytics = egress(EgressList::FetchBackend, "https://api.segment.io", 13);
    analytics.category = Some("analytics".into());
    analytics.in_scope_eud = Some(false);
    let mut m = manifest(vec![
        analytics,
        egress(EgressList::FetchClient, "https://cdn.example.com", 14),
    ]);
    m.remotes.push(Remote {
        key: "backend".into(),
        base_urls: vec![("default".into(), "https://api.example.com".into())],
        operations: vec!["compute".into()],
        storage_in_scope_eud: None,
        location: Location::new("manifest.yml", 30, Some(5)),
    });
    let webtrigger = |key: &str, response: Option<&str>, line| Module {
        function: Some("f".into()),
        webtrigger_response: response.map(str::to_string),
        ..Module::new(
            "webtrigger",
            key,
            Location::new("manifest.yml", line, Some(7)),
        )
    };
    m.modules = vec![
        webtrigger("hook", None, 40),
        webtrigger("status", Some("static"), 45),
    ];
    let e = eligibility(&m);
    assert!(!e.runs_on_atlassian);
    let rules: Vec<(&str, u32)> = e
        .failing
        .iter()
        .map(|f| (f.rule, f.location.line))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("HAS_DEFINED_EGRESS", 14),
            ("HAS_REMOTES", 30),
            ("HAS_EGRESS_WEBTRIGGER_MODULE", 40)
        ]
    );
}

#[test]
fn browser_loads_are_checked_against_their_csp_list() {
    let cat = catalogue();
    let m = manifest(vec![
        egress(EgressList::Scripts, "https://cdn.example.com", 20),
        egress(EgressList::FetchClient, "https://api.example.com", 21),
    ]);
    let mut script = call(Side::Frontend, "https", Some("cdn.example.com"), 3, &cat);
    script.detail = "<script src>".into();
    script.fact = Fact::Call(Channel::Load(PageLoad::Script));
    let mut image = call(Side::Frontend, "https", Some("api.example.com"), 4, &cat);
    image.detail = "<img src>".into();
    image.fact = Fact::Call(Channel::Load(PageLoad::Image));
    let fetch = call(Side::Frontend, "https", Some("api.example.com"), 5, &cat);
    let v = verify(&m, &[], &[script, image, fetch], &[]);
    let undeclared: Vec<(u32, &str)> = v
        .findings
        .iter()
        .filter(|f| f.rule == "manifest/undeclared-egress")
        .map(|f| (f.location.line, f.message.as_str()))
        .collect();
    // the image's host is only in fetch.client, which does not govern <img>
    assert_eq!(undeclared.len(), 1, "{undeclared:?}");
    assert_eq!(undeclared[0].0, 4);
    assert!(undeclared[0].1.contains("permissions.external.images"));
}

#[test]
fn an_exception_excuses_only_what_it_names() {
    let cat = catalogue();
    let mut c = claim("C1", ClaimKind::NoExternalServers);
    c.exceptions = vec![crate::model::Exception {
        text: "webhooks to URLs the customer configures and events sent to Segment".into(),
        vendors: vec!["segment".into()],
        hosts: Vec::new(),
        customer_configured: true,
    }];
    let m = manifest(vec![]);
    let excused = [
        call(Side::Backend, "https", Some("api.segment.io"), 3, &cat),
        call(Side::Backend, "https", None, 4, &cat),
    ];
    let v = verify(&m, std::slice::from_ref(&c), &excused, &[]);
    assert_eq!(v.claims[0].status, ClaimStatus::Supported, "{:?}", v.claims);

    let not_named = [call(
        Side::Backend,
        "https",
        Some("api.other.example"),
        5,
        &cat,
    )];
    let v = verify(&m, &[c], &not_named, &[]);
    assert_eq!(v.claims[0].status, ClaimStatus::Contradicted);
}
