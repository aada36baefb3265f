//! What a statically known URL prefix says about where a request goes.

use crate::model::KnownUrl;
use crate::url;

/// The statically known start of a URL expression: `text` is exact when
/// `complete`, otherwise only a prefix (the rest is computed at run time).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prefix {
    pub text: String,
    pub complete: bool,
    /// When nothing of the text is known: the setting it is read from
    /// (`process.env.SLACK_URL` -> `SLACK_URL`, `storage.get('hookUrl')`).
    pub key: Option<String>,
}

impl Prefix {
    /// Nothing known: a parameter, an environment variable, a call result.
    pub fn unknown() -> Self {
        Prefix::default()
    }

    /// A fully known string.
    pub fn exact(text: impl Into<String>) -> Self {
        Prefix {
            text: text.into(),
            complete: true,
            key: None,
        }
    }
}

/// Where a request goes, as far as the source tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An absolute URL with a known host (lower-case, no port, no credentials).
    Host {
        host: String,
        scheme: Option<String>,
    },
    /// The destination is computed at run time.
    Dynamic,
    /// A relative URL: same origin in the browser, meaningless on the backend.
    Relative,
}

/// Classifies a URL prefix.
pub fn target(prefix: &Prefix) -> Target {
    let text = prefix.text.trim_start();
    if text.is_empty() {
        return if prefix.complete {
            Target::Relative
        } else {
            Target::Dynamic
        };
    }
    let (scheme, rest) = if let Some(rest) = text.strip_prefix("//") {
        (None, rest)
    } else if let Some((scheme, rest)) = request_scheme(text) {
        (Some(scheme), rest)
    } else if text.starts_with('/')
        || text.starts_with('.')
        || text.starts_with('?')
        || text.starts_with('#')
    {
        return Target::Relative;
    } else if !prefix.complete && !text.contains(['/', ':', '?', '#']) {
        // `${host}/x` style: the static part is too short to tell.
        return Target::Dynamic;
    } else {
        return Target::Relative;
    };
    let authority = url::authority_of(rest);
    // Without a terminator the host may continue at run time (`https://api.${tld}`);
    // accept it only when it already looks like a whole host name.
    let terminated = authority.len() < rest.len() || prefix.complete;
    let parts = url::Authority::parse(authority);
    // A trailing dot is a fully qualified name once the host is whole, and the
    // start of a longer one while it may continue.
    let cut_short = parts.host.ends_with('-') || (!terminated && parts.host.ends_with('.'));
    let host = parts.normalised_host();
    let plausible = !host.is_empty()
        && !cut_short
        && (terminated || authority.contains(':') || host.contains('.') || host == "localhost");
    if !plausible {
        return Target::Dynamic;
    }
    Target::Host { host, scheme }
}

/// What a run-time URL's literal start and source tell of its destination:
/// the scheme and the start of the host it spells, and the setting it is
/// read from.
pub fn known_parts(prefix: &Prefix) -> KnownUrl {
    let text = prefix.text.trim_start();
    let (scheme, rest) = match request_scheme(text) {
        Some((scheme, rest)) => (Some(scheme), Some(rest)),
        None => (None, text.strip_prefix("//")),
    };
    // The host's known start runs to where the literal text stops.
    let host_start = rest
        .map(|rest| url::authority_of(rest).to_ascii_lowercase())
        .unwrap_or_default();
    KnownUrl {
        scheme,
        host_start,
        key: prefix.key.clone(),
    }
}

/// `https://rest` -> ("https", "rest") for the schemes a request can use.
fn request_scheme(text: &str) -> Option<(String, &str)> {
    url::split_scheme(text)
        .filter(|(scheme, _)| matches!(scheme.as_str(), "http" | "https" | "ws" | "wss"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(text: &str, complete: bool) -> Target {
        target(&Prefix {
            text: text.into(),
            complete,
            key: None,
        })
    }

    fn known(host: &str, scheme: Option<&str>) -> Target {
        Target::Host {
            host: host.into(),
            scheme: scheme.map(Into::into),
        }
    }

    #[test]
    fn host_is_lower_case_without_port_or_credentials() {
        assert_eq!(
            host("HTTPS://user:pw@API.X.com:8443/v1", true),
            known("api.x.com", Some("https"))
        );
        assert_eq!(host("wss://[::1]:9000/s", true), known("::1", Some("wss")));
        assert_eq!(
            host("https://[2001:DB8:0::1]/s", true),
            known("2001:db8::1", Some("https"))
        );
    }

    #[test]
    fn a_trailing_dot_ends_a_whole_host_and_continues_a_partial_one() {
        assert_eq!(
            host("https://api.x.com./v1", true),
            known("api.x.com", Some("https"))
        );
        assert_eq!(
            host("https://api.x.com.", true),
            known("api.x.com", Some("https"))
        );
        assert_eq!(host("https://api.x.", false), Target::Dynamic);
    }

    #[test]
    fn a_template_head_gives_the_host_when_it_ends_at_a_slash() {
        assert_eq!(
            host("https://api.x.com/users/", false),
            known("api.x.com", Some("https"))
        );
    }

    #[test]
    fn a_host_that_continues_at_run_time_is_dynamic() {
        assert_eq!(host("https://", false), Target::Dynamic);
        assert_eq!(host("https://api.", false), Target::Dynamic);
        assert_eq!(host("https://api-", false), Target::Dynamic);
        assert_eq!(host("https://tenant", false), Target::Dynamic);
    }

    #[test]
    fn a_constant_base_followed_by_a_variable_path_keeps_its_host() {
        assert_eq!(
            host("https://api.x.com", false),
            known("api.x.com", Some("https"))
        );
    }

    #[test]
    fn a_run_time_url_keeps_its_scheme_host_start_and_setting() {
        let partial = Prefix {
            text: "https://API.".into(),
            complete: false,
            key: None,
        };
        assert_eq!(
            known_parts(&partial),
            KnownUrl {
                scheme: Some("https".into()),
                host_start: "api.".into(),
                key: None
            }
        );
        let setting = Prefix {
            key: Some("SLACK_WEBHOOK_URL".into()),
            ..Prefix::unknown()
        };
        assert_eq!(
            known_parts(&setting).key.as_deref(),
            Some("SLACK_WEBHOOK_URL")
        );
        assert_eq!(known_parts(&setting).host_start, "");
    }

    #[test]
    fn relative_and_unknown_urls() {
        assert_eq!(host("/api/x", true), Target::Relative);
        assert_eq!(host("./x", false), Target::Relative);
        assert_eq!(host("", false), Target::Dynamic);
        assert_eq!(host("//cdn.x.com/a.js", true), known("cdn.x.com", None));
        assert_eq!(host("mailto:a@b.c", true), Target::Relative);
    }
}
