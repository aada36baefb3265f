//! The vendor catalogue (`rulesets/vendors/*.yml`). (skeleton)

/// One third party (or Atlassian itself) the tool can recognise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    /// Stable id, e.g. `sentry`, `aws-s3`, `atlassian`.
    pub id: String,
    /// Display name, e.g. `Sentry`.
    pub name: String,
    /// Legal organisation, e.g. `Functional Software, Inc.`, `Amazon Web Services`.
    pub organisation: String,
    /// Kebab-case categories: analytics, product-analytics, error-tracking,
    /// session-replay, apm-logging, marketing-crm, support-chat, feature-flags,
    /// external-storage, database, ai, messaging-email-sms, payments, cdn-fonts,
    /// atlassian.
    pub categories: Vec<String>,
    /// npm package names or globs (`@sentry/*`).
    pub packages: Vec<String>,
    /// Host patterns with Forge egress semantics (`*.sentry.io`, `api.segment.io`).
    pub hosts: Vec<String>,
    /// Names a statement would use for this vendor ("Google Analytics", "GA4").
    pub aliases: Vec<String>,
}

impl Vendor {
    /// Atlassian itself: first party, never "external".
    pub fn is_first_party(&self) -> bool {
        self.categories.iter().any(|c| c == "atlassian")
    }
}

/// All vendors, with fast lookup by package and host.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    vendors: Vec<Vendor>,
}

impl Catalogue {
    /// The catalogue embedded in the binary.
    pub fn embedded() -> anyhow::Result<Catalogue> {
        Ok(Catalogue::default())
    }

    /// A catalogue of the given vendors (tests, user rulesets).
    pub fn from_vendors(vendors: Vec<Vendor>) -> Catalogue {
        Catalogue { vendors }
    }

    pub fn vendors(&self) -> &[Vendor] {
        &self.vendors
    }

    pub fn by_id(&self, id: &str) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.id == id)
    }

    /// The vendor whose package list matches an npm package name (`@sentry/node`),
    /// also given a deep import path (`@sentry/node/tracing`, `lodash/get`).
    pub fn vendor_for_package(&self, _package: &str) -> Option<&Vendor> {
        None
    }

    /// The vendor owning `host` (lower-case, no port).
    pub fn vendor_for_host(&self, _host: &str) -> Option<&Vendor> {
        None
    }
}
