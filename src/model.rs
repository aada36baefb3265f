//! The shared vocabulary of the pipeline (see DESIGN.md "Vocabulary"): locations,
//! sides, observations, claims and findings. Every stage speaks in these types.

use std::fmt;

use serde::Serialize;

/// A place in a scanned file. `path` is relative to the scanned root with forward
/// slashes; `line` is 1-based; `column` is 1-based in UTF-16 code units (SARIF's
/// default), absent when only the line is known (statement sentences).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Location {
    pub fn new(path: impl Into<String>, line: u32, column: Option<u32>) -> Self {
        Location {
            path: path.into(),
            line,
            column,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{}", self.path, self.line, c),
            None => write!(f, "{}:{}", self.path, self.line),
        }
    }
}

/// Where a piece of code runs. Dev-side observations are inventory only and never
/// contradict a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// A Forge function (resolver, trigger, webtrigger handler...).
    Backend,
    /// Custom UI / UI Kit code or HTML that runs in the user's browser.
    Frontend,
    /// A Forge Remote or container backend outside the Forge function runtime.
    Remote,
    /// Tests, scripts, build config, devDependencies.
    Dev,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Backend => "backend",
            Side::Frontend => "frontend",
            Side::Remote => "remote",
            Side::Dev => "dev",
        }
    }
}

/// What an observation is about (DESIGN.md "Observation").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObservationKind {
    NetworkCall,
    Sdk,
    /// A call on something an SDK import yields (`mixpanel.track(...)`,
    /// `new S3Client(...)`, `client.send(...)`): a place data leaves through the
    /// SDK. `detail` is the call as written from the import (`mixpanel.track`);
    /// `host` when the call's configuration names one. Use sites are listed
    /// and related to their import's findings; the import is the evidence.
    SdkCall,
    Dependency,
    BrowserStorage,
    ForgeStorage,
    Remote,
    Secret,
    ExternalAuth,
    PublicEndpoint,
    /// A call to an Atlassian product REST API (`requestJira(route`...`)`);
    /// `api` holds the product, method and route. Needed for scope judgement.
    ProductApi,
    /// Code that hides what it calls or loads (`window[atob(...)]`, `eval`,
    /// `require(name)` of a computed name); `fact` says how.
    #[serde(rename = "obscured-code")]
    Obscured,
}

impl ObservationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObservationKind::NetworkCall => "network-call",
            ObservationKind::Sdk => "sdk",
            ObservationKind::SdkCall => "sdk-call",
            ObservationKind::Dependency => "dependency",
            ObservationKind::BrowserStorage => "browser-storage",
            ObservationKind::ForgeStorage => "forge-storage",
            ObservationKind::Remote => "remote",
            ObservationKind::Secret => "secret",
            ObservationKind::ExternalAuth => "external-auth",
            ObservationKind::PublicEndpoint => "public-endpoint",
            ObservationKind::ProductApi => "product-api",
            ObservationKind::Obscured => "obscured-code",
        }
    }
}

/// One thing the app does, at one location.
///
/// Field use by kind:
/// - `network-call`: `host` (lower-case, no port) when the URL is statically known,
///   `None` when it is computed at run time; `scheme` ("https", "http", "wss", "ws")
///   when known; `detail` is the API used, e.g. `fetch`, `api.fetch`, `axios.post`,
///   `navigator.sendBeacon`; `vendor`/`categories` when the host belongs to a
///   catalogue vendor (Atlassian hosts get vendor `atlassian`).
/// - `sdk`: an import/require of a catalogue package; `detail` is the package name.
/// - `dependency`: a catalogue package declared in package.json; `detail` is
///   `"<package> (<dependencies|devDependencies|...>)"`.
/// - `browser-storage`: `detail` is one of `localStorage`, `sessionStorage`,
///   `cookie`, `indexedDB`.
/// - `forge-storage`: `detail` is one of `kvs`, `sql`, `storage`, `legacy-storage`,
///   `object-store`, `secrets`, `entity-store`.
/// - `remote`: `detail` is `invokeRemote(<key>)` or the remote key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    pub kind: ObservationKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    pub side: Side,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    pub detail: String,
    /// `product-api` observations: which product route is called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiCall>,
    /// What verify needs beyond the fields above, typed so that no stage reads
    /// `detail` back. Not in the JSON report: `detail` is its rendered text.
    #[serde(skip)]
    pub fact: Fact,
    pub location: Location,
    /// Other places the same thing was found: the same transitive package in
    /// several lockfiles is one entry, not one per lockfile.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<Location>,
    /// For a use reached through other modules (a call to an imported
    /// wrapper, a client created elsewhere): the hops after `location`, in
    /// order, ending at the network call, SDK or storage use it leads to.
    /// Empty for an observation made where it happens.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<Location>,
    /// A use of something observed elsewhere (a wrapper's call, an SDK's
    /// import), listed with its trace and related to that observation's
    /// findings instead of being reported again.
    #[serde(skip)]
    pub use_site: bool,
}

/// The typed part of an observation that its `detail` text also says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Fact {
    /// Nothing beyond the kind: an import of an SDK, a declared dependency, a
    /// credential literal, a remote the manifest declares, a plain request.
    #[default]
    None,
    /// `network-call`: how the URL is used, which decides the egress list
    /// that must allow it and how a message words it.
    Call(Channel),
    /// `sdk`: a vendor's snippet or script (an HTML marker or `<script src>`,
    /// a marker in a bundle) rather than an import.
    Snippet,
    /// `dependency`: a package a lockfile shows pulled in by others, with the
    /// chain from a declared dependency down to it.
    Transitive { package: String, chain: Vec<String> },
    /// `remote`: a call in code (`invokeRemote(key)`), not a manifest entry.
    RemoteCall,
    /// `secret`: a credential reaching the browser, not a literal.
    Exposure,
    /// `network-call` whose host is computed at run time: how the URL is
    /// used, and what is known of it.
    Computed { channel: Channel, known: KnownUrl },
    /// `obscured-code`: how the code hides what it does.
    Obscured(Obscured),
}

/// What the source tells of a URL whose host is computed at run time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KnownUrl {
    /// The scheme, when the literal start names one.
    pub scheme: Option<String>,
    /// The start of the host that the literal part spells (`api.` of
    /// `https://api.${region}.example.com`); empty when none is known.
    pub host_start: String,
    /// The setting the URL is read from (`process.env.SLACK_WEBHOOK_URL`,
    /// `storage.get('webhookUrl')`): its key.
    pub key: Option<String>,
}

/// How code hides what it does from a reader (and from this tool).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obscured {
    /// A global read through a computed name: `globalThis['fe' + 'tch']`,
    /// `window[atob('...')]`.
    ComputedGlobal,
    /// `require(...)` or `import(...)` of a computed module name.
    ComputedModule,
    /// `eval(...)`.
    Eval,
    /// `new Function(...)` / `Function(...)`: code built from a string.
    FunctionConstructor,
    /// `setTimeout` / `setInterval` given a string of code.
    StringTimer,
}

impl Obscured {
    /// How the code hides what it does, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Obscured::ComputedGlobal => "reads a global through a computed name",
            Obscured::ComputedModule => "loads a module whose name is computed",
            Obscured::Eval => "runs code from a string with `eval`",
            Obscured::FunctionConstructor => "builds a function from a string",
            Obscured::StringTimer => "passes a string of code to a timer",
        }
    }
}

/// How a network call uses its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// `fetch`, `XMLHttpRequest`, `WebSocket`, an HTTP client or SDK call.
    Request,
    /// The page goes there: `window.location`, `window.open`, `router.open`...
    Navigation,
    /// A URL literal in a built bundle; what uses it is unknown.
    BundleLiteral,
    /// An HTML or CSS reference the browser loads.
    Load(PageLoad),
    /// Fire-and-forget delivery, the way analytics leaves a page.
    Beacon(Beacon),
}

/// How a beacon is sent, which names the Content-Security-Policy directive
/// that governs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beacon {
    /// `navigator.sendBeacon(url, data)` (`connect-src`).
    SendBeacon,
    /// `new Image().src = url`: a tracking pixel (`img-src`).
    Pixel,
}

/// What an HTML or CSS reference loads, which names its Content-Security-Policy
/// directive (forge-facts.md 1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLoad {
    /// `<script src>`.
    Script,
    /// `<link rel=stylesheet>`, CSS `@import`.
    Stylesheet,
    /// CSS `url()`: an image or a font.
    CssUrl,
    /// `<img>`, `<source>`, `<link rel=icon>`, `<input src>`, `<video poster>`.
    Image,
    /// `<iframe>`, `<embed>`, `<object>`.
    Frame,
    /// `<audio>`, `<video src>`, `<track>`.
    Media,
    /// `<form action>`, `formaction`: a navigation.
    Form,
    /// Other `<link>` relations (preconnect, preload...): whatever list names
    /// the host.
    Hint,
}

/// An Atlassian product REST call as written in the code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ApiCall {
    /// `jira`, `confluence` or `bitbucket` (from `requestJira` etc.), or `graph`
    /// for Atlassian GraphQL (`requestGraph`).
    pub product: String,
    /// Upper-case HTTP method; `GET` when the options give none.
    pub method: String,
    /// The route with template holes as `{}` (`/rest/api/3/issue/{}`), or `None`
    /// when it is computed at run time and cannot be resolved.
    pub path: Option<String>,
}

impl Observation {
    /// An observation with no vendor, host or scheme; set those fields directly.
    pub fn new(
        kind: ObservationKind,
        side: Side,
        detail: impl Into<String>,
        location: Location,
    ) -> Self {
        Observation {
            kind,
            vendor: None,
            categories: Vec::new(),
            side,
            host: None,
            scheme: None,
            detail: detail.into(),
            api: None,
            fact: Fact::None,
            location,
            also_at: Vec::new(),
            trace: Vec::new(),
            use_site: false,
        }
    }

    /// A use site: an SDK call or a use reached through other modules. Use
    /// sites are listed and related to the finding at what they lead to; they
    /// are never evidence of their own, so nothing is reported twice.
    pub fn is_use_site(&self) -> bool {
        self.kind == ObservationKind::SdkCall || self.use_site
    }

    /// How a `network-call` uses its URL; a request unless its scanner said
    /// otherwise.
    pub fn channel(&self) -> Channel {
        match self.fact {
            Fact::Call(channel) | Fact::Computed { channel, .. } => channel,
            _ => Channel::Request,
        }
    }
}

/// A file the tool did not read, and why. The summary accounts for every file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// Finding severity, ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A location with a short explanation of why it is related to a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Related {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

/// A mismatch between statement, manifest and code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    pub location: Location,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Stable identity for baselines and SARIF `partialFingerprints`: a hash of
    /// the rule, the path and the text at the location (not its line number).
    /// Filled by the pipeline after verification.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// Why the finding is suppressed (an inline `claimcheck-ignore` or a config
    /// suppression); suppressed findings never fail the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}

/// The kinds of promise a statement can make (DESIGN.md "Claim kinds"). The
/// kebab-case names are stable ids used in rule ids, JSON and config files.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    NoExternalServers,
    NoAnalytics,
    NoErrorTracking,
    NoSessionReplay,
    NoThirdPartyServices,
    NoDataSharing,
    NoExternalStorage,
    NoBrowserStorage,
    EncryptedTransport,
    LeastPrivilege,
    NoHardcodedCredentials,
    SecretsNotExposed,
    AdminOnlyAccess,
    NoExternalAuth,
    DataResidency,
    OnlyNamedHosts,
    /// A promise no static check can verify (retention, response times...).
    Unverifiable,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 17] = [
        ClaimKind::NoExternalServers,
        ClaimKind::NoAnalytics,
        ClaimKind::NoErrorTracking,
        ClaimKind::NoSessionReplay,
        ClaimKind::NoThirdPartyServices,
        ClaimKind::NoDataSharing,
        ClaimKind::NoExternalStorage,
        ClaimKind::NoBrowserStorage,
        ClaimKind::EncryptedTransport,
        ClaimKind::LeastPrivilege,
        ClaimKind::NoHardcodedCredentials,
        ClaimKind::SecretsNotExposed,
        ClaimKind::AdminOnlyAccess,
        ClaimKind::NoExternalAuth,
        ClaimKind::DataResidency,
        ClaimKind::OnlyNamedHosts,
        ClaimKind::Unverifiable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::NoExternalServers => "no-external-servers",
            ClaimKind::NoAnalytics => "no-analytics",
            ClaimKind::NoErrorTracking => "no-error-tracking",
            ClaimKind::NoSessionReplay => "no-session-replay",
            ClaimKind::NoThirdPartyServices => "no-third-party-services",
            ClaimKind::NoDataSharing => "no-data-sharing",
            ClaimKind::NoExternalStorage => "no-external-storage",
            ClaimKind::NoBrowserStorage => "no-browser-storage",
            ClaimKind::EncryptedTransport => "encrypted-transport",
            ClaimKind::LeastPrivilege => "least-privilege",
            ClaimKind::NoHardcodedCredentials => "no-hardcoded-credentials",
            ClaimKind::SecretsNotExposed => "secrets-not-exposed",
            ClaimKind::AdminOnlyAccess => "admin-only-access",
            ClaimKind::NoExternalAuth => "no-external-auth",
            ClaimKind::DataResidency => "data-residency",
            ClaimKind::OnlyNamedHosts => "only-named-hosts",
            ClaimKind::Unverifiable => "unverifiable",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimKind> {
        ClaimKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A promise found in a statement (or, later, the config file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// "C1", "C2"... in statement order; assigned by `policy::extract_claims`.
    pub id: String,
    pub kind: ClaimKind,
    /// "unless explicitly required for app functionality" and similar softeners.
    pub hedged: bool,
    /// `Some("server" | "website" | "support" | ...)` when the sentence is about
    /// something other than the Forge app; such claims are never checked.
    pub scope: Option<String>,
    /// The sentence as written (whitespace collapsed, Markdown markup removed).
    pub text: String,
    /// For `only-named-hosts`: the hosts the sentence names, lower-case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// What the sentence excuses ("except webhook deliveries to URLs the customer
    /// configures", "except SMS sent through Twilio"). Exceptions excuse only
    /// what they name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<Exception>,
    /// Why the sentence was read as this claim: the frame or phrase and the
    /// words that made it, so a reviewer can judge the reading.
    pub because: Because,
    pub location: Location,
}

/// How a claim was read: which frame or phrase of the claim rules matched
/// (`no-analytics/analytics`, `config/no-analytics`), the concepts and the
/// words that made it, what negated them, and the shape of the text it was
/// read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Because {
    pub reading: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<ReadWord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negated_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structure: Option<Structure>,
}

/// One concept of a reading and the words of the sentence that carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadWord {
    pub concept: String,
    pub text: String,
}

/// The shape of text a claim was read from, when it is not a plain sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Structure {
    /// A list item read after its lead-in ("The app does not:").
    LeadIn,
    /// A terse answer read with its question, label or heading ("Third
    /// parties" then "None").
    Answer,
    /// A questionnaire row: a question and its Yes/No.
    Questionnaire,
}

impl fmt::Display for Structure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Structure::LeadIn => "list item under its lead-in",
            Structure::Answer => "answer read with its question or heading",
            Structure::Questionnaire => "questionnaire row",
        })
    }
}

impl fmt::Display for Because {
    /// One line: `"transmit" (send) + "outside of Atlassian" (outside),
    /// negated by "not" [no-external-servers/send-outside]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<String> = self
            .words
            .iter()
            .map(|w| format!("\"{}\" ({})", w.text, w.concept))
            .collect();
        if !words.is_empty() {
            write!(f, "{}", words.join(" + "))?;
        }
        if let Some(negator) = &self.negated_by {
            write!(f, ", negated by \"{negator}\"")?;
        }
        if let Some(structure) = self.structure {
            write!(f, ", {structure}")?;
        }
        if words.is_empty() && self.negated_by.is_none() && self.structure.is_none() {
            write!(f, "{}", self.reading)
        } else {
            write!(f, " [{}]", self.reading)
        }
    }
}

/// One exception of a claim, and what it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    /// The exception as written, after "except" / "unless" / "other than".
    pub text: String,
    /// Catalogue vendor ids it names ("SMS alerts sent through Twilio" -> twilio).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vendors: Vec<String>,
    /// Hosts it names, lower-case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// It excuses destinations the customer configures (webhook URLs, endpoints
    /// an admin enters): calls whose URL is computed at run time from settings.
    pub customer_configured: bool,
}

/// A vendor the statement names as used (a subprocessor row, "we use X for Y").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disclosure {
    /// Catalogue vendor id.
    pub vendor: String,
    pub as_written: String,
    pub location: Location,
}
