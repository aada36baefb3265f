//! What counts as evidence, and how to describe it in a message.

use std::collections::BTreeSet;

use crate::model::{Channel, Fact, Location, Observation, ObservationKind, Side};
use crate::rulesets::Catalogue;
use crate::url::{is_loopback, origin};

/// One thing that contradicts a claim: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    pub location: Location,
    /// A clause such as "`fetch` sends data to https://api.segment.io".
    pub what: String,
    pub vendor: Option<String>,
    pub strength: Strength,
    /// Other places showing the same thing (the package in other lockfiles).
    pub also_at: Vec<Location>,
}

/// How much a piece of evidence shows. Only code that runs contradicts a
/// claim; a package that merely ships with the app is inventory: a note, never
/// an error, because whether anything calls it is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// A call, an SDK import or use site in production code, a manifest entry.
    Runs,
    /// A dependency the app declares but no production file imports.
    Declared,
    /// A package another dependency pulls in (a lockfile entry).
    Shipped,
}

impl Strength {
    /// The strength of what an observation shows, from its kind and fact.
    pub fn of(obs: &Observation) -> Strength {
        match (obs.kind, &obs.fact) {
            (ObservationKind::Dependency, Fact::Transitive { .. }) => Strength::Shipped,
            (ObservationKind::Dependency, _) => Strength::Declared,
            _ => Strength::Runs,
        }
    }
}

/// Dev-side code (tests, scripts, devDependencies) never contradicts a claim.
pub fn counts(obs: &Observation) -> bool {
    obs.side != Side::Dev
}

/// A host outside Atlassian and outside the machine itself.
pub fn is_external_host(host: &str, catalogue: &Catalogue) -> bool {
    !is_loopback(host)
        && !catalogue
            .vendor_for_host(host)
            .is_some_and(|v| v.is_first_party())
}

/// A vendor observation about a non-Atlassian vendor.
pub fn external_vendor<'o>(obs: &'o Observation, catalogue: &Catalogue) -> Option<&'o str> {
    let id = obs.vendor.as_deref()?;
    match catalogue.by_id(id) {
        Some(v) if v.is_first_party() => None,
        _ => Some(id),
    }
}

/// Vendor observations (sdk, network-call with a vendor, dependency) that count,
/// keeping a `dependency` only for vendors the code never imports or calls, so one
/// vendor used in code is reported at its use, not again at package.json.
pub fn vendor_uses(observations: &[Observation]) -> Vec<&Observation> {
    let used_in_code: BTreeSet<&str> = observations
        .iter()
        .filter(|o| counts(o) && o.kind != ObservationKind::Dependency)
        .filter_map(|o| o.vendor.as_deref())
        .collect();
    observations
        .iter()
        .filter(|o| counts(o) && o.vendor.is_some())
        .filter(|o| match o.kind {
            ObservationKind::Sdk | ObservationKind::NetworkCall => true,
            ObservationKind::Dependency => o
                .vendor
                .as_deref()
                .is_some_and(|v| !used_in_code.contains(v)),
            _ => false,
        })
        .collect()
}

/// "imports `@sentry/node` (Sentry)"-style description of an observation.
pub fn describe(obs: &Observation, catalogue: &Catalogue) -> String {
    let vendor = obs
        .vendor
        .as_deref()
        .map(|id| catalogue.by_id(id).map_or(id, |v| v.name.as_str()));
    let with_vendor = |s: String| match vendor {
        Some(name) => format!("{s} ({name})"),
        None => s,
    };
    match obs.kind {
        ObservationKind::NetworkCall => {
            let d = obs.detail.as_str();
            // The verb says how the data leaves: a call, a page load, a navigation.
            let action = match obs.channel() {
                Channel::BundleLiteral => "a built bundle contains the URL".to_string(),
                Channel::Load(_) => format!("`{d}` loads"),
                Channel::Navigation => format!("`{d}` navigates to"),
                Channel::Request => format!("`{d}` calls"),
                Channel::Beacon(_) => format!("`{d}` sends a beacon to"),
            };
            match &obs.host {
                Some(host) => with_vendor(format!(
                    "{action} {}",
                    origin(obs.scheme.as_deref().unwrap_or("https"), host)
                )),
                None => format!("{action} a URL computed at run time"),
            }
        }
        // HTML snippets report the marker or script URL that gave them away.
        ObservationKind::Sdk if obs.fact == Fact::Snippet => {
            with_vendor(format!("embeds `{}`", obs.detail))
        }
        ObservationKind::Sdk => with_vendor(format!("imports `{}`", obs.detail)),
        ObservationKind::SdkCall => with_vendor(format!("calls `{}`", obs.detail)),
        // A lockfile entry reached through other packages: say who pulls it in.
        ObservationKind::Dependency => match &obs.fact {
            Fact::Transitive { package, chain } => with_vendor(format!(
                "ships `{package}`, pulled in by {} (no scanned file imports it)",
                chain.join(" > ")
            )),
            _ => with_vendor(format!(
                "declares `{}`, shipped with the app though no scanned file imports it",
                obs.detail
            )),
        },
        ObservationKind::BrowserStorage => format!("uses browser storage (`{}`)", obs.detail),
        ObservationKind::ForgeStorage => format!("uses Forge storage (`{}`)", obs.detail),
        // Remotes come from code (`invokeRemote(...)`) or from the manifest itself.
        ObservationKind::Remote if obs.fact == Fact::RemoteCall => {
            format!("calls a Forge Remote (`{}`)", obs.detail)
        }
        ObservationKind::Remote => format!("the manifest declares Forge Remote {}", obs.detail),
        ObservationKind::Secret => format!("holds a hard-coded credential ({})", obs.detail),
        ObservationKind::ExternalAuth => {
            format!("authenticates with an external provider (`{}`)", obs.detail)
        }
        ObservationKind::PublicEndpoint => format!("exposes a public endpoint ({})", obs.detail),
        ObservationKind::ProductApi => format!("calls the Atlassian product API `{}`", obs.detail),
        ObservationKind::Obscured => match obs.fact {
            Fact::Obscured(how) => format!("{} (`{}`)", how.describe(), obs.detail),
            _ => format!("obscured code (`{}`)", obs.detail),
        },
    }
}

pub fn from_observation(obs: &Observation, catalogue: &Catalogue) -> Evidence {
    Evidence {
        location: obs.location.clone(),
        what: describe(obs, catalogue),
        vendor: obs.vendor.clone(),
        strength: Strength::of(obs),
        also_at: obs.also_at.clone(),
    }
}
