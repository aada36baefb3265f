use super::*;
use crate::policy::read;
use crate::rulesets::Catalogue;

fn claims_of(text: &str) -> Vec<Claim> {
    let statement = read(text, "PRIVACY.txt").unwrap();
    extract_claims(&statement, ClaimPhrases::shared())
}

fn kinds(text: &str) -> Vec<&'static str> {
    claims_of(text).iter().map(|c| c.kind.as_str()).collect()
}

/// (kind, a sentence that makes the claim, a decoy that must not).
const CASES: &[(&str, &str, &str)] = &[
    (
        "no-external-servers",
        "The add-on runs entirely on Atlassian's cloud infrastructure.",
        "Our team runs its own servers for the marketing blog in Frankfurt.",
    ),
    (
        "no-analytics",
        "We do not collect telemetry or analytics of any kind.",
        "We use Mixpanel for analytics.",
    ),
    (
        "no-error-tracking",
        "The app contains no crash reporting or error tracking.",
        "Error reporting goes to our Sentry project.",
    ),
    (
        "no-session-replay",
        "We never record sessions and run no session replay tools.",
        "Session replay helps us debug the settings page.",
    ),
    (
        "no-third-party-services",
        "The app does not rely on any external third-party services.",
        "We rely on third-party services such as Twilio.",
    ),
    (
        "no-data-sharing",
        "Your data is never shared with or disclosed to third parties.",
        "We share aggregate statistics with third parties.",
    ),
    (
        "no-external-storage",
        "All configuration data is stored only in Forge storage.",
        "We store attachments in an external storage bucket.",
    ),
    (
        "no-browser-storage",
        "The interface does not set cookies or use localStorage.",
        "The interface keeps your filter in localStorage.",
    ),
    (
        "encrypted-transport",
        "All requests travel over HTTPS.",
        "Data is encrypted at rest by the platform.",
    ),
    (
        "least-privilege",
        "The app requests only the minimum scopes it needs.",
        "Only the minimum required data is displayed.",
    ),
    (
        "no-hardcoded-credentials",
        "There are no hard-coded secrets in the code base.",
        "Hard-coded defaults apply to new projects.",
    ),
    (
        "secrets-not-exposed",
        "The signing key is never sent to the browser.",
        "Issue data is never sent to the browser cache.",
    ),
    (
        "admin-only-access",
        "Only site administrators can access the app.",
        "Only administrators can configure the notification rules.",
    ),
    (
        "no-external-auth",
        "The app uses no third-party login or SSO.",
        "Sign-in happens through a third-party SSO provider.",
    ),
    (
        "data-residency",
        "Your data stays in the region of your Atlassian site.",
        "Data residency is not supported yet.",
    ),
    (
        "only-named-hosts",
        "The only outbound requests are to hooks.example.net for alerts.",
        "The only thing we ask is feedback.",
    ),
    (
        "unverifiable",
        "Audit entries are retained for 90 days.",
        "Audit entries record who changed what.",
    ),
];

#[test]
fn every_kind_has_a_positive_and_a_decoy() {
    for (kind, positive, decoy) in CASES {
        assert!(
            kinds(positive).contains(kind),
            "{kind} not found in: {positive} -> {:?}",
            kinds(positive)
        );
        assert!(
            !kinds(decoy).contains(kind),
            "{kind} invented in decoy: {decoy} -> {:?}",
            kinds(decoy)
        );
    }
}

#[test]
fn negating_lead_in_passes_its_negation_to_bare_items() {
    let text = "The integrations do not:\nKeep copies of page bodies.\nPerform analytics tracking beyond the Marketplace analytics Atlassian provides.\n";
    let claims = claims_of(text);
    assert_eq!(claims.len(), 1);
    assert_eq!(
        (claims[0].kind, claims[0].location.line),
        (ClaimKind::NoAnalytics, 3)
    );
    assert_eq!(
        claims[0].text,
        "Perform analytics tracking beyond the Marketplace analytics Atlassian provides."
    );
}

#[test]
fn a_positive_lead_in_does_not_turn_items_into_claims() {
    let text =
        "We provide:\n- Analytics dashboards for admins\n- Session replay of your own tests\n";
    assert!(kinds(text).is_empty());
}

#[test]
fn mentioning_marketplace_analytics_is_not_a_claim() {
    assert!(
        kinds("Install counts come from Marketplace analytics provided by Atlassian.").is_empty()
    );
}

#[test]
fn one_sentence_can_make_several_claims() {
    assert_eq!(
        kinds("No hardcoded credentials or external authentication mechanisms are used."),
        vec!["no-hardcoded-credentials", "no-external-auth"]
    );
}

#[test]
fn softeners_hedge_the_claim() {
    let claims = claims_of("Where possible, we do not store data outside Atlassian's platform.");
    assert!(!claims.is_empty());
    assert!(claims.iter().all(|c| c.hedged));
    let claims = claims_of(
        "Unless a feature requires it, data is not stored outside Atlassian's infrastructure.",
    );
    assert_eq!(
        (claims[0].kind, claims[0].hedged),
        (ClaimKind::NoExternalStorage, true)
    );
    assert!(!claims_of("We never use cookies.")[0].hedged);
}

#[test]
fn scope_comes_from_sentence_lead_in_or_heading() {
    let claims = claims_of("Our website does not use tracking cookies.");
    assert_eq!(claims[0].scope.as_deref(), Some("website"));
    let claims = claims_of(
        "3. Data Center apps\nThe apps contain no analytics.\n4. Cloud apps\nThe apps contain no analytics.\n",
    );
    assert_eq!(claims[0].scope.as_deref(), Some("server"));
    assert_eq!(claims[1].scope, None);
    let claims = claims_of("Support tickets are retained for 2 years.");
    assert_eq!(claims[0].scope.as_deref(), Some("support"));
}

#[test]
fn an_exception_clause_does_not_decide_the_scope() {
    let claims =
        claims_of("No data is reported back to us except through support emails you send.");
    assert_eq!(claims[0].kind, ClaimKind::NoExternalServers);
    assert_eq!((claims[0].scope.clone(), claims[0].hedged), (None, true));
}

#[test]
fn only_named_hosts_carries_the_hosts() {
    let claims = claims_of(
        "The only external API communication is with the Atlassian Admin API (api.atlassian.com).",
    );
    assert_eq!(claims[0].kind, ClaimKind::OnlyNamedHosts);
    assert_eq!(claims[0].hosts, vec!["api.atlassian.com"]);
    assert_eq!(
        claims[0].because.reading,
        "only-named-hosts/the-only-communication"
    );
}

#[test]
fn a_statement_in_the_usual_style_yields_exactly_these_claims() {
    let text = "\
Privacy and Security Statement for Acme Tools
1. Overview
Acme Tools are Forge apps that run entirely on Atlassian\u{2019}s platform. We do not operate any external servers.
2. Storage
Runtime: Everything executes inside the Forge runtime.
Residency: Data is stored in the same region as the customer's Atlassian site.
Backups: Unless a customer asks otherwise, nothing is stored outside Atlassian's cloud.
3. What we never do
We do not use any data for:
- Marketing campaigns
- Telemetry or analytics
- Error reporting services
4. Transport
Every request is sent over TLS 1.2+. No data travels over unencrypted connections.
5. Access
Access is restricted to Jira administrators.
The app requests the minimum required scopes defined in its
manifest.yml.
6. Our website
Our website does not use cookies beyond a session cookie.
7. Retention
Audit records are retained for 12 months.
| Data | Kept |
|---|---|
| Settings | Until uninstall |
";
    let got: Vec<(String, &str, u32, bool, Option<String>)> = claims_of(text)
        .into_iter()
        .map(|c| (c.id, c.kind.as_str(), c.location.line, c.hedged, c.scope))
        .collect();
    let want: Vec<(String, &str, u32, bool, Option<String>)> = [
        ("no-external-servers", 3, false, None),
        ("no-external-servers", 3, false, None),
        // "Everything executes inside the Forge runtime."
        ("no-external-servers", 5, false, None),
        ("data-residency", 6, false, None),
        ("no-external-storage", 7, true, None),
        // backups: a promise no code shows
        ("unverifiable", 7, true, None),
        // "We do not use any data for: Marketing campaigns": a purpose promise
        ("unverifiable", 10, false, None),
        ("no-analytics", 11, false, None),
        ("no-error-tracking", 12, false, None),
        ("encrypted-transport", 14, false, None),
        ("encrypted-transport", 14, false, None),
        ("admin-only-access", 16, false, None),
        // an access-control promise beside the checkable one
        ("unverifiable", 16, false, None),
        ("least-privilege", 17, false, None),
        ("no-browser-storage", 20, false, Some("website")),
        ("unverifiable", 22, false, None),
        // "Settings | Until uninstall": a retention row
        ("unverifiable", 25, false, None),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (k, l, h, s))| (format!("C{}", i + 1), k, l, h, s.map(str::to_string)))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn running_on_forge_is_not_a_promise_that_nothing_else_runs() {
    assert!(
        !kinds("Backend: The App's functions run on Atlassian Forge.")
            .contains(&"no-external-servers")
    );
    assert!(
        !kinds("Storage: The list of watched projects is kept in Atlassian Forge Storage.")
            .contains(&"no-external-servers")
    );
    assert!(
        kinds("As \"Run on Atlassian\" apps, they comply with the program.")
            .contains(&"no-external-servers")
    );
    assert!(
        kinds("All data processing occurs within Atlassian's cloud infrastructure.")
            .contains(&"no-external-servers")
    );
    assert!(
        kinds("The app runs on Atlassian's infrastructure only.").contains(&"no-external-servers")
    );
}

#[test]
fn selling_data_is_a_promise_no_code_shows() {
    // Not selling data is also not handing it to anyone (issue 13: "Does
    // NOT sell your data" is no-data-sharing plus the unverifiable promise).
    assert_eq!(
        kinds("Tallyhouse does not sell, rent or trade customer information."),
        ["no-data-sharing", "unverifiable"]
    );
    let both = kinds("We do not share, sell or rent data to third parties.");
    assert!(
        both.contains(&"no-data-sharing") && both.contains(&"unverifiable"),
        "{both:?}"
    );
}

#[test]
fn recording_sessions_under_a_negating_lead_in_is_no_session_replay() {
    let text = "The app does not:\n- Record user sessions or screen activity.\n";
    assert_eq!(kinds(text), ["no-session-replay"]);
    assert!(kinds("We record the sessions of our support calls for training.").is_empty());
}

fn claims_with(text: &str) -> Vec<Claim> {
    let statement = read(text, "PRIVACY.txt").unwrap();
    let catalogue = Catalogue::embedded().unwrap();
    extract_claims_with(&statement, ClaimPhrases::shared(), &catalogue)
}

#[test]
fn an_exception_naming_a_vendor_and_configured_urls_narrows_without_hedging() {
    let claims = claims_with(
        "Nothing leaves a customer's installation except outbound webhook deliveries to URLs the customer configures and SMS alerts sent through Twilio.",
    );
    assert_eq!(claims.len(), 1);
    assert!(!claims[0].hedged);
    let e = &claims[0].exceptions[0];
    assert_eq!(e.vendors, vec!["twilio"]);
    assert!(e.customer_configured);
}

#[test]
fn a_vague_exception_still_hedges_and_a_hedge_inside_an_exception_counts() {
    let claims = claims_with(
        "Unless explicitly required for app functionality, data is not stored outside of Atlassian's infrastructure.",
    );
    assert!(claims[0].hedged);
    assert_eq!(
        claims[0].exceptions[0].text,
        "explicitly required for app functionality"
    );
    let claims = claims_with(
        "Nothing leaves the site except as described (typically: webhooks to URLs the customer configures).",
    );
    assert!(claims[0].hedged && claims[0].exceptions[0].customer_configured);
}

#[test]
fn an_exception_belongs_to_the_clause_it_follows() {
    let claims = claims_with(
        "Entries are stored only in Forge storage, and the app makes no calls to any outside service other than the Slack webhook URL an administrator enters.",
    );
    let by_kind = |k: ClaimKind| claims.iter().find(|c| c.kind == k).unwrap();
    assert!(by_kind(ClaimKind::NoExternalStorage).exceptions.is_empty());
    let excused = &by_kind(ClaimKind::NoThirdPartyServices).exceptions;
    assert_eq!(excused[0].vendors, vec!["slack"]);
    assert!(excused[0].customer_configured);
}

#[test]
fn beyond_atlassian_s_own_analytics_is_an_exception_naming_atlassian() {
    let text = "The app does not:\n- Collect analytics beyond the Marketplace analytics that Atlassian itself provides.\n";
    let claims = claims_with(text);
    assert_eq!(claims[0].kind, ClaimKind::NoAnalytics);
    assert_eq!(claims[0].exceptions[0].vendors, vec!["atlassian"]);
    assert!(!claims[0].hedged);
}

#[test]
fn questionnaire_rows_are_read_with_their_yes_or_no() {
    let text = "| Question | Answer |\n|---|---|\n| Does the app use analytics or usage tracking? | No |\n| Does the app use an error tracking service? | Yes, Sentry. |\n| Does the app store data outside Atlassian? | No, everything stays in Forge. |\n| Is all traffic encrypted in transit? | Yes |\n| Does the app use cookies? | It depends |\n";
    let got: Vec<(u32, &str)> = claims_of(text)
        .iter()
        .map(|c| (c.location.line, c.kind.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "no-analytics"),
            // "everything stays in Forge" promises more than storage
            (5, "no-external-servers"),
            (5, "no-external-storage"),
            (6, "encrypted-transport")
        ]
    );
}

#[test]
fn a_retention_column_makes_each_row_an_unverifiable_claim() {
    let text =
        "| Data | Retention |\n|---|---|\n| Audit logs | Until uninstall |\n| Drafts | - |\n";
    let got: Vec<(u32, &str)> = claims_of(text)
        .iter()
        .map(|c| (c.location.line, c.kind.as_str()))
        .collect();
    assert_eq!(got, vec![(3, "unverifiable")]);
}

#[test]
fn html_statements_yield_claims_at_their_source_lines() {
    let html = "<h2>Privacy</h2>\n<p>The app does not:</p>\n<ul>\n<li>set cookies</li>\n</ul>\n<p>Our website uses cookies.</p>\n";
    let statement = read(html, "privacy.html").unwrap();
    let claims = extract_claims(&statement, ClaimPhrases::shared());
    assert_eq!(claims.len(), 1);
    assert_eq!(
        (claims[0].kind, claims[0].location.line),
        (ClaimKind::NoBrowserStorage, 4)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Hostile statements (markup, answers, questions, lead-ins, marks and
    /// any Unicode around promise words) never panic the reader, and every
    /// claim sits on a line of the statement.
    #[test]
    fn any_statement_reads_to_claims_on_its_own_lines(
        pieces in proptest::collection::vec((0usize..24, "\\PC{0,12}"), 1..40)
    ) {
        const PARTS: [&str; 24] = [
            "No", "None.", "N/A", "?", ":", "\n", "\n\n", "- ", "| ", " | ", "# ",
            "\u{274c} ", "does not send data outside Atlassian", "(", ")",
            "Does the app store data?", "The app does not:", "only for:",
            "third-party", "Forge storage", "{", "\u{2019}", "*", "\r",
        ];
        let mut text = String::new();
        for (part, noise) in &pieces {
            text.push_str(PARTS[part % PARTS.len()]);
            text.push_str(noise);
        }
        let lines = u32::try_from(text.split(['\n', '\r']).count()).unwrap_or(u32::MAX);
        for claim in claims_of(&text) {
            proptest::prop_assert!(claim.location.line >= 1 && claim.location.line <= lines);
        }
    }
}
