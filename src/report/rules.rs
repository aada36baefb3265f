//! The documentation of every rule id (DESIGN.md "Rule ids"): what it finds,
//! why it matters and how to fix it. SARIF `tool.driver.rules`, the Markdown
//! report and an `explain` command all read this one table.

use crate::model::{ClaimKind, Severity};

/// One rule's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    /// Stable rule id, e.g. `manifest/unused-egress`.
    pub id: &'static str,
    /// PascalCase name for SARIF `reportingDescriptor.name`.
    pub name: &'static str,
    /// One line: what a result of this rule means.
    pub short: &'static str,
    /// What the rule finds, in full.
    pub finds: &'static str,
    /// Why a reviewer or customer cares.
    pub why: &'static str,
    /// What to change so the result goes away for the right reason.
    pub fix: &'static str,
    /// The severity the rule reports at unless a result says otherwise.
    pub level: Severity,
    /// Labels for filtering in code-scanning UIs.
    pub tags: &'static [&'static str],
}

impl RuleDoc {
    /// Plain-text help: what, why, fix, one paragraph each.
    pub fn help_text(&self) -> String {
        format!(
            "What it finds: {}\n\nWhy it matters: {}\n\nHow to fix: {}",
            self.finds, self.why, self.fix
        )
    }

    /// The same help as Markdown with headings, for SARIF viewers.
    pub fn help_markdown(&self) -> String {
        format!(
            "## {}\n\n**What it finds.** {}\n\n**Why it matters.** {}\n\n**How to fix.** {}",
            self.id, self.finds, self.why, self.fix
        )
    }
}

/// The documentation of `id`, if it is a known rule.
pub fn lookup(id: &str) -> Option<&'static RuleDoc> {
    RULES.iter().find(|r| r.id == id)
}

/// The rule id for a contradicted claim of `kind` (`claim/no-analytics`).
pub fn claim_rule(kind: ClaimKind) -> String {
    format!("claim/{}", kind.as_str())
}

const PRIVACY: &[&str] = &["privacy"];
const PRIVACY_SECURITY: &[&str] = &["privacy", "security"];
const MANIFEST: &[&str] = &["manifest"];
const MANIFEST_SECURITY: &[&str] = &["manifest", "security"];

/// Shared advice for every `claim/*` rule: there are always two honest fixes.
const CLAIM_FIX_TAIL: &str = "Either change the code or manifest so the promise holds, or change the statement so it says what the app does (name the vendor or add an exception), then rerun claimcheck.";

/// Every rule claimcheck reports, in id order within each family.
pub const RULES: &[RuleDoc] = &[
    RuleDoc {
        id: "claim/no-external-servers",
        name: "ContradictedNoExternalServersClaim",
        short: "The statement says the app runs only on Atlassian infrastructure, but it sends data elsewhere.",
        finds: "Network calls from a Forge function or remote to non-Atlassian hosts, Forge Remotes and containers outside Atlassian, and external storage, when the statement says no data leaves Atlassian.",
        why: "Customers and Marketplace reviewers rely on this promise to skip a vendor risk assessment; a call to another server means their data reaches infrastructure they did not approve.",
        fix: CLAIM_FIX_TAIL,
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/no-analytics",
        name: "ContradictedNoAnalyticsClaim",
        short: "The statement says the app collects no analytics, but it uses an analytics service.",
        finds: "Analytics SDK imports, dependencies on analytics packages, calls to analytics hosts and egress entries with `category: analytics`, when the statement says the app has no analytics, telemetry or tracking.",
        why: "Analytics send usage data about the customer's users to a third party; customers with strict policies choose apps that promise not to.",
        fix: "Remove the analytics code and its egress entry, or disclose the analytics in the statement (and declare the egress with `category: analytics` so admins can switch it off).",
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/no-error-tracking",
        name: "ContradictedNoErrorTrackingClaim",
        short: "The statement says the app uses no error-tracking service, but it does.",
        finds: "Error or crash reporting SDKs (Sentry, Bugsnag, Rollbar...) and calls to their hosts, when the statement says no error reporting service is used.",
        why: "Error reports carry stack traces, request data and often user content to the vendor's servers.",
        fix: CLAIM_FIX_TAIL,
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/no-session-replay",
        name: "ContradictedNoSessionReplayClaim",
        short: "The statement says the app records no sessions, but it uses a session-replay tool.",
        finds: "Session recording SDKs (FullStory, Hotjar, LogRocket...) in frontend code, when the statement says no session recording or replay is used.",
        why: "Session replay captures what users see and type in the app's UI, which inside Jira or Confluence is customer content.",
        fix: CLAIM_FIX_TAIL,
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/no-third-party-services",
        name: "ContradictedNoThirdPartyServicesClaim",
        short: "The statement says no third-party services process data, but the app uses one.",
        finds: "Any non-Atlassian vendor or host the app uses that the claim's exceptions do not name.",
        why: "A third-party processor is a subprocessor for the customer's compliance records; an unlisted one breaks their due diligence.",
        fix: CLAIM_FIX_TAIL,
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/no-data-sharing",
        name: "ContradictedNoDataSharingClaim",
        short: "The statement says data is not shared with third parties, but the app sends data to one.",
        finds: "Data sent to a non-Atlassian vendor or host (network calls, SDKs that upload, external storage), when the statement says data is not shared with or sold to third parties.",
        why: "Sharing data with a third party without saying so is the kind of statement a customer's legal review treats as misleading.",
        fix: CLAIM_FIX_TAIL,
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/no-external-storage",
        name: "ContradictedNoExternalStorageClaim",
        short: "The statement says data is stored only in Atlassian storage, but the app stores it elsewhere.",
        finds: "External storage or database vendors (S3, Firebase, Airtable...) and remotes that declare the `storage` operation, when the statement says persistent data stays in Forge or Atlassian storage.",
        why: "Data stored outside Atlassian is outside Atlassian's data residency, retention and deletion guarantees.",
        fix: "Move the data to Forge storage (KVS, custom entities or Forge SQL), or state where it is stored and for how long.",
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/no-browser-storage",
        name: "ContradictedNoBrowserStorageClaim",
        short: "The statement says the app uses no cookies or browser storage, but its frontend does.",
        finds: "`localStorage`, `sessionStorage`, `document.cookie` and `indexedDB` in Custom UI or UI Kit code, when the statement says no browser storage is used.",
        why: "Browser storage can outlive the session on shared machines and may require cookie consent the customer did not plan for.",
        fix: "Keep the state in Forge storage through a resolver, or disclose what is stored in the browser and why.",
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/encrypted-transport",
        name: "ContradictedEncryptedTransportClaim",
        short: "The statement says all traffic is encrypted, but the app uses plain http:// or ws://.",
        finds: "`http://` and `ws://` URLs in code and egress entries (loopback addresses aside), when the statement promises HTTPS/TLS only.",
        why: "Unencrypted traffic can be read or changed by anyone on the network path.",
        fix: "Use `https://` or `wss://` in the code and the manifest (Forge rejects http:// egress anyway).",
        level: Severity::Error,
        tags: PRIVACY_SECURITY,
    },
    RuleDoc {
        id: "claim/least-privilege",
        name: "ContradictedLeastPrivilegeClaim",
        short: "The statement says the app asks for the minimum permissions, but it asks for more.",
        finds: "Scopes no code needs, wildcard egress and egress entries no code uses, when the statement promises minimal scopes or permissions.",
        why: "Every unused permission is access an attacker gains if the app is compromised, and admins approve scopes based on this promise.",
        fix: "Remove the unused scopes and egress entries from manifest.yml, or stop promising least privilege.",
        level: Severity::Error,
        tags: PRIVACY_SECURITY,
    },
    RuleDoc {
        id: "claim/no-hardcoded-credentials",
        name: "ContradictedNoHardcodedCredentialsClaim",
        short: "The statement says there are no credentials in code, but the source contains one.",
        finds: "Credential literals (API keys, tokens, private keys) in source files, when the statement says no credentials are stored in code.",
        why: "A credential in source ships in every bundle and every clone of the repository.",
        fix: "Revoke the credential, move it to a Forge environment variable or the secret store, and read it at run time.",
        level: Severity::Error,
        tags: PRIVACY_SECURITY,
    },
    RuleDoc {
        id: "claim/secrets-not-exposed",
        name: "ContradictedSecretsNotExposedClaim",
        short: "The statement says credentials never reach the browser, but frontend code reads or returns one.",
        finds: "Secrets read, embedded or returned on the frontend side, when the statement says credentials never reach the browser.",
        why: "Anything in the browser can be read by the user and by any script on the page.",
        fix: "Keep the credential in a resolver or Forge function and call the third party from the backend.",
        level: Severity::Error,
        tags: PRIVACY_SECURITY,
    },
    RuleDoc {
        id: "claim/admin-only-access",
        name: "ContradictedAdminOnlyAccessClaim",
        short: "The statement says only administrators can use the app, but some entry points are open to everyone.",
        finds: "Modules open to all users and public web triggers, when the statement says only administrators can use the app.",
        why: "Customers grant access based on who can reach the app's data; an open entry point widens that.",
        fix: "Move the module to an admin page or check permissions in the handler, or describe who can use the app.",
        level: Severity::Error,
        tags: PRIVACY_SECURITY,
    },
    RuleDoc {
        id: "claim/no-external-auth",
        name: "ContradictedNoExternalAuthClaim",
        short: "The statement says the app uses no external authentication, but the manifest declares a provider.",
        finds: "`providers.auth` entries in manifest.yml, when the statement says no external authentication mechanism is used.",
        why: "An external OAuth provider links the customer's users to an account outside Atlassian.",
        fix: "Remove the provider, or say which identity provider the app connects to and what it reads.",
        level: Severity::Error,
        tags: PRIVACY_SECURITY,
    },
    RuleDoc {
        id: "claim/data-residency",
        name: "ContradictedDataResidencyClaim",
        short: "The statement says data stays in the customer's region, but the app sends it outside residency control.",
        finds: "Remotes and egress that Atlassian's data residency cannot pin to the customer's realm, when the statement promises data residency.",
        why: "Customers with residency requirements (EU, AU...) choose apps on this promise; data in an unpinned backend breaks it.",
        fix: "Keep the data in Forge-hosted storage, or use region-specific remote URLs with residency declared in the manifest.",
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "claim/only-named-hosts",
        name: "ContradictedOnlyNamedHostsClaim",
        short: "The statement names the only hosts the app talks to, but it calls another.",
        finds: "Network calls to any host other than those the statement names as the app's only external communication.",
        why: "An exhaustive list that is not exhaustive misleads everyone who relies on it.",
        fix: CLAIM_FIX_TAIL,
        level: Severity::Error,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "disclosure/undisclosed-vendor",
        name: "UndisclosedVendor",
        short: "The app uses a vendor the statement's list of third parties does not name.",
        finds: "A catalogue vendor the app's code or manifest uses, when the statement lists its third parties or subprocessors and that vendor is not among them.",
        why: "A subprocessor list is read as complete; customers check it against their approved vendors.",
        fix: "Add the vendor (and what it receives) to the statement's list, or remove it from the app.",
        level: Severity::Warning,
        tags: PRIVACY,
    },
    RuleDoc {
        id: "manifest/undeclared-egress",
        name: "UndeclaredEgress",
        short: "Code calls a host that no egress entry in manifest.yml allows.",
        finds: "Network calls whose host no `permissions.external` entry of the right list (`fetch.backend`, `fetch.client`...) matches.",
        why: "Forge blocks the call at run time, or the manifest hides a data flow the admin approves the app without seeing.",
        fix: "Add the host to `permissions.external.fetch.backend` (or `client` for browser calls) as an `address` entry, or remove the call.",
        level: Severity::Error,
        tags: MANIFEST,
    },
    RuleDoc {
        id: "manifest/unused-egress",
        name: "UnusedEgress",
        short: "An egress entry in manifest.yml that no code uses.",
        finds: "`permissions.external` entries that no network call, SDK or HTML load in the app matches.",
        why: "Unused egress is permission the app does not need: admins see a data flow that does not exist, and the app loses Runs on Atlassian eligibility for nothing.",
        fix: "Remove the entry from manifest.yml, or keep it and say which code needs it.",
        level: Severity::Warning,
        tags: MANIFEST,
    },
    RuleDoc {
        id: "manifest/wildcard-egress",
        name: "WildcardEgress",
        short: "An egress entry allows every host, or any host under a public suffix.",
        finds: "`*` and wildcard entries such as `*.com` or `*.amazonaws.com` in `permissions.external`.",
        why: "A broad wildcard lets the app send data anywhere, so the manifest no longer tells admins where data goes.",
        fix: "List the exact hosts the app calls.",
        level: Severity::Warning,
        tags: MANIFEST_SECURITY,
    },
    RuleDoc {
        id: "manifest/insecure-egress",
        name: "InsecureEgress",
        short: "An egress entry uses plain http:// or ws://.",
        finds: "`permissions.external` entries with the `http` or `ws` scheme (loopback addresses aside).",
        why: "Forge rejects http:// egress at deploy time, and unencrypted traffic can be read on the way.",
        fix: "Use `https://` or `wss://`.",
        level: Severity::Error,
        tags: MANIFEST_SECURITY,
    },
    RuleDoc {
        id: "manifest/uncategorised-analytics-egress",
        name: "UncategorisedAnalyticsEgress",
        short: "An analytics vendor's host is declared without `category: analytics`.",
        finds: "Egress entries matching a catalogue analytics vendor's hosts that lack `category: analytics`.",
        why: "Only egress marked as analytics can be switched off by admins, and only analytics egress without in-scope end-user data keeps an app eligible for Runs on Atlassian.",
        fix: "Declare the entry as `{address: ..., category: analytics, inScopeEUD: false}` if it carries no end-user data.",
        level: Severity::Warning,
        tags: MANIFEST,
    },
    RuleDoc {
        id: "manifest/unused-scope",
        name: "UnusedScope",
        short: "A scope in manifest.yml that no API call in the code needs.",
        finds: "`permissions.scopes` entries that no product REST call, storage use or trigger in the app requires.",
        why: "Admins grant every scope at install; an unused one is access the app holds for nothing.",
        fix: "Remove the scope from manifest.yml.",
        level: Severity::Warning,
        tags: MANIFEST_SECURITY,
    },
    RuleDoc {
        id: "manifest/missing-scope",
        name: "MissingScope",
        short: "The code makes a call that needs a scope the manifest does not declare.",
        finds: "Product REST calls and Forge APIs whose required scope is absent from `permissions.scopes`.",
        why: "The call fails at run time with a permission error.",
        fix: "Add the scope to `permissions.scopes` (customers will be asked to approve it on upgrade), or remove the call.",
        level: Severity::Error,
        tags: MANIFEST,
    },
    RuleDoc {
        id: "code/hardcoded-secret",
        name: "HardcodedSecret",
        short: "A credential literal in source code or a committed `.env` file.",
        finds: "String literals in app source, and values in committed `.env` files, that look like API keys, tokens or private keys (by vendor prefix or key format), or random values assigned to key, secret or token names.",
        why: "A credential in source ships in every bundle and every clone; anyone with either can use it.",
        fix: "Revoke the credential, store it with `forge variables set --encrypt` or the secret store, and read it at run time.",
        level: Severity::Error,
        tags: PRIVACY_SECURITY,
    },
    RuleDoc {
        id: "suppression/missing-reason",
        name: "SuppressionWithoutReason",
        short: "A `claimcheck-ignore` comment without a reason.",
        finds: "Inline `claimcheck-ignore <rule>` comments that lack the `-- <reason>` part.",
        why: "A suppression without a reason cannot be reviewed; it suppresses nothing until one is written.",
        fix: "Write `claimcheck-ignore <rule> -- <why this is acceptable>`.",
        level: Severity::Warning,
        tags: &["suppression"],
    },
    RuleDoc {
        id: "suppression/unused",
        name: "UnusedSuppression",
        short: "A suppression that matches no finding.",
        finds: "Inline `claimcheck-ignore` comments and config suppressions that no finding matches.",
        why: "Stale suppressions hide future findings on the same line or rule without anyone noticing.",
        fix: "Remove the suppression.",
        level: Severity::Warning,
        tags: &["suppression"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_checkable_claim_kind_has_a_documented_rule() {
        for kind in ClaimKind::ALL {
            let documented = lookup(&claim_rule(kind)).is_some();
            assert_eq!(documented, kind != ClaimKind::Unverifiable, "{kind:?}");
        }
    }

    #[test]
    fn ids_and_names_are_unique_and_names_are_pascal_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        ids.sort_unstable();
        ids.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(names.len(), RULES.len());
        for name in names {
            assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        }
    }

    #[test]
    fn help_covers_what_why_and_fix() {
        let doc = lookup("manifest/unused-egress").unwrap();
        let text = doc.help_text();
        assert!(text.contains("What it finds:") && text.contains("How to fix: Remove"));
        assert!(doc.help_markdown().starts_with("## manifest/unused-egress"));
        assert!(lookup("manifest/nonexistent").is_none());
    }
}
