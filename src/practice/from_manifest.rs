//! Practice the manifest itself declares: remotes, external auth providers and
//! public web triggers. These are things the app does whatever its code says.

use crate::manifest::Manifest;
use crate::model::{Observation, ObservationKind, Side};

/// Observations for remotes, `providers.auth` and web triggers.
pub fn observations(manifest: &Manifest) -> Vec<Observation> {
    let mut out = Vec::new();
    for remote in &manifest.remotes {
        let url = remote
            .base_urls
            .first()
            .map(|(_, u)| u.as_str())
            .unwrap_or("configurable URL");
        let mut obs = Observation::new(
            ObservationKind::Remote,
            Side::Remote,
            format!("`{}` at {url}", remote.key),
            remote.location.clone(),
        );
        obs.host = remote
            .base_urls
            .first()
            .map(|(_, u)| crate::url::parse_address(u).host);
        out.push(obs);
    }
    for provider in &manifest.auth_providers {
        let name = provider
            .integration
            .as_deref()
            .or(provider.name.as_deref())
            .unwrap_or("custom");
        out.push(Observation::new(
            ObservationKind::ExternalAuth,
            Side::Backend,
            format!("auth provider `{}` ({name})", provider.key),
            provider.location.clone(),
        ));
    }
    for trigger in manifest
        .modules
        .iter()
        .filter(|m| m.module_type == "webtrigger")
    {
        let response = trigger.webtrigger_response.as_deref().unwrap_or("dynamic");
        let auth = trigger
            .webtrigger_authentication
            .as_deref()
            .unwrap_or("none");
        out.push(Observation::new(
            ObservationKind::PublicEndpoint,
            Side::Backend,
            format!(
                "webtrigger `{}` ({response} response, authentication {auth})",
                trigger.key
            ),
            trigger.location.clone(),
        ));
    }
    out
}
