//! The typed, normalised model of the parts of `manifest.yml` that carry data flow
//! (forge-facts.md section 1). Every entry keeps the location of its YAML node.

use crate::model::Location;

/// A value with the location of the YAML node it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Path of manifest.yml relative to the scanned root.
    pub path: String,
    pub app: App,
    /// `permissions.scopes`, list or map form, in file order.
    pub scopes: Vec<Located<String>>,
    /// Every entry of every `permissions.external.*` list, in file order.
    pub egress: Vec<Egress>,
    /// Location of `permissions.external.configurable.enabled: true` (customer-managed
    /// egress: destinations set at run time, invisible to static analysis).
    pub configurable_egress: Option<Location>,
    pub remotes: Vec<Remote>,
    /// `providers.auth[]`.
    pub auth_providers: Vec<AuthProvider>,
    /// Every module of every type under `modules`, in file order.
    pub modules: Vec<Module>,
    /// `resources[]`.
    pub resources: Vec<Resource>,
    /// Keys of `connectModules` (e.g. `jira:webPanels`), each with its location.
    pub connect_modules: Vec<Located<String>>,
    /// `${VAR}` references left unresolved in any string value, with where they are.
    pub unresolved_variables: Vec<Located<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct App {
    pub id: Option<Located<String>>,
    pub runtime: Option<Located<String>>,
    /// `app.connect` (Connect-on-Forge).
    pub connect: Option<Connect>,
    /// `app.storage.entities[].name`: Custom Entity Store entities, which need
    /// `storage:app` whatever the code does.
    pub storage_entities: Vec<Located<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connect {
    pub key: String,
    pub remote: Option<String>,
    pub location: Location,
}

/// Which `permissions.external` list an egress entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EgressList {
    FetchBackend,
    FetchClient,
    Fonts,
    Frames,
    Navigation,
    Images,
    Media,
    Scripts,
    Styles,
}

impl EgressList {
    /// The manifest path below `permissions.external`, e.g. `fetch.backend`.
    pub fn as_str(self) -> &'static str {
        match self {
            EgressList::FetchBackend => "fetch.backend",
            EgressList::FetchClient => "fetch.client",
            EgressList::Fonts => "fonts",
            EgressList::Frames => "frames",
            EgressList::Navigation => "navigation",
            EgressList::Images => "images",
            EgressList::Media => "media",
            EgressList::Scripts => "scripts",
            EgressList::Styles => "styles",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EgressTarget {
    /// The address as written (`https://api.example.com`, `*.example.com`, `*`).
    Address(String),
    /// `{remote: key}`.
    Remote(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Egress {
    pub list: EgressList,
    pub target: EgressTarget,
    /// `category` as written (only `analytics` is valid today).
    pub category: Option<String>,
    /// `inScopeEUD` as written; Forge treats an omitted value as `true`.
    pub in_scope_eud: Option<bool>,
    /// The deprecated plain-string form rather than `{address: ...}`.
    pub string_form: bool,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub key: String,
    /// `(region, url)` pairs; a plain string baseUrl is `("default", url)`.
    pub base_urls: Vec<(String, String)>,
    /// `operations` as written; empty when omitted (Forge then assumes stored EUD).
    pub operations: Vec<String>,
    /// `storage.inScopeEUD`.
    pub storage_in_scope_eud: Option<bool>,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthProvider {
    pub key: String,
    pub name: Option<String>,
    /// Predefined integration (`google`, `dropbox`...), if any.
    pub integration: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The module type key under `modules`, e.g. `function`, `jira:issuePanel`.
    pub module_type: String,
    pub key: String,
    /// `function[].handler`, e.g. `index.run`.
    pub handler: Option<String>,
    /// A `function:` reference (webtrigger, trigger, consumer, scheduledTrigger...).
    pub function: Option<String>,
    /// `resolver.function` or `resolver.endpoint` key.
    pub resolver: Option<String>,
    /// `endpoint:` reference, or for `endpoint[]` modules their own `remote`/`service`.
    pub endpoint: Option<String>,
    /// `endpoint[].remote` (Forge Remote, off Atlassian).
    pub remote: Option<String>,
    /// `endpoint[].service` (Forge Containers, Atlassian-hosted).
    pub service: Option<String>,
    /// UI modules: `resource` key.
    pub resource: Option<String>,
    /// UI modules: `render` (`native` = UI Kit).
    pub render: Option<String>,
    /// Webtriggers: `response.type` as written (`static` / `dynamic`; omitted = dynamic).
    pub webtrigger_response: Option<String>,
    /// Webtriggers: `request.authentication` type as written (`hmacSharedSecret`, `none`).
    pub webtrigger_authentication: Option<String>,
    /// `sql[]`: `dareCompliant` as written.
    pub dare_compliant: Option<bool>,
    /// `trigger[]`: the product events it subscribes to (`avi:jira:created:issue`),
    /// in file order; each needs its scope.
    pub events: Vec<String>,
    pub location: Location,
}

impl Module {
    /// A module of `module_type` with only its key and location; every other
    /// field empty, to be filled in.
    pub fn new(
        module_type: impl Into<String>,
        key: impl Into<String>,
        location: Location,
    ) -> Module {
        Module {
            module_type: module_type.into(),
            key: key.into(),
            handler: None,
            function: None,
            resolver: None,
            endpoint: None,
            remote: None,
            service: None,
            resource: None,
            render: None,
            webtrigger_response: None,
            webtrigger_authentication: None,
            dare_compliant: None,
            events: Vec::new(),
            location,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub key: String,
    /// `path` as written, relative to the app root (e.g. `static/hello/build`).
    pub path: String,
    pub location: Location,
}
