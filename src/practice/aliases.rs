//! Where a package.json dependency comes from, as npm, yarn and pnpm write
//! it, and the aliases (`"metrics": "npm:@segment/analytics-node@1"`) that
//! make code import one package under another's name.

use std::collections::BTreeMap;

/// The source a dependency's version field names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DependencySource<'s> {
    /// A registry version or range (`^1.2.0`, `latest`, `*`).
    Registry,
    /// `npm:real-package@range`: installed and imported under the key's name.
    Alias(&'s str),
    /// `git+https://...`, `git://`, `github:user/repo`, `user/repo#ref`...
    Git(&'s str),
    /// An `http(s)://` tarball.
    Url(&'s str),
    /// `file:../lib`, `link:../lib`, a local `.tgz` or path.
    Local(&'s str),
    /// `workspace:*`: a package of the same repository, scanned as files.
    Workspace,
}

impl DependencySource<'_> {
    /// Why the dependency's code is not known by its name, for sources that
    /// bypass the registry; `None` for registry, alias and workspace packages.
    pub fn unread_reason(&self) -> Option<String> {
        match self {
            DependencySource::Git(spec) => Some(format!("from git (`{spec}`)")),
            DependencySource::Url(spec) => Some(format!("from a tarball URL (`{spec}`)")),
            DependencySource::Local(spec) => Some(format!("from a local path (`{spec}`)")),
            _ => None,
        }
    }
}

/// Reads a dependency's version field.
pub fn dependency_source(spec: &str) -> DependencySource<'_> {
    let spec = spec.trim();
    if let Some(rest) = spec.strip_prefix("npm:") {
        // `npm:@scope/name@1` and `npm:name`: the version follows the last `@`
        // after the first character (a scope's `@` comes first).
        let name = match rest.get(1..).and_then(|tail| tail.find('@')) {
            Some(at) => &rest[..at + 1],
            None => rest,
        };
        return DependencySource::Alias(name);
    }
    if spec.starts_with("workspace:") {
        return DependencySource::Workspace;
    }
    let lower = spec.to_ascii_lowercase();
    let git_prefixes = ["git:", "git+", "github:", "gitlab:", "bitbucket:", "gist:"];
    if git_prefixes.iter().any(|p| lower.starts_with(p)) {
        return DependencySource::Git(spec);
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        // A `.git` URL is a repository; anything else is a tarball.
        return if lower
            .split(['#', '?'])
            .next()
            .is_some_and(|u| u.ends_with(".git"))
        {
            DependencySource::Git(spec)
        } else {
            DependencySource::Url(spec)
        };
    }
    if lower.starts_with("file:")
        || lower.starts_with("link:")
        || spec.starts_with(['.', '/', '~'])
        || lower.ends_with(".tgz")
        || lower.ends_with(".tar.gz")
    {
        return DependencySource::Local(spec);
    }
    // `user/repo` or `user/repo#ref` is GitHub shorthand; a range never holds `/`.
    if spec.contains('/') && !spec.contains(' ') {
        return DependencySource::Git(spec);
    }
    DependencySource::Registry
}

/// The aliases of the package.json files that apply to one script: the name
/// code imports, and the real package npm installs under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases(BTreeMap<String, String>);

/// The aliases of a script with no package.json above it.
pub static NO_ALIASES: Aliases = Aliases(BTreeMap::new());

impl Aliases {
    /// Records `name` as an alias of `real`; an existing entry wins, so the
    /// nearest package.json, added first, decides.
    pub fn insert(&mut self, name: &str, real: &str) {
        self.0
            .entry(name.to_string())
            .or_insert_with(|| real.to_string());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The real package (and subpath) behind an import specifier, when its
    /// package name is an alias: `metrics/server` -> `@segment/analytics-node/server`.
    pub fn resolve(&self, specifier: &str) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let name_end = package_name_end(specifier);
        let real = self.0.get(&specifier[..name_end])?;
        Some(format!("{real}{}", &specifier[name_end..]))
    }

    /// The aliases of `other` not already here.
    pub fn merge(&mut self, other: &Aliases) {
        for (name, real) in &other.0 {
            self.insert(name, real);
        }
    }
}

/// Where the package name of a bare specifier ends: after `@scope/name` or
/// `name`.
fn package_name_end(specifier: &str) -> usize {
    let mut slashes = specifier.match_indices('/').map(|(i, _)| i);
    let cut = if specifier.starts_with('@') {
        slashes.nth(1)
    } else {
        slashes.next()
    };
    cut.unwrap_or(specifier.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_fields_in_every_form_npm_accepts() {
        use DependencySource::*;
        assert_eq!(
            dependency_source("npm:@segment/analytics-node@1"),
            Alias("@segment/analytics-node")
        );
        assert_eq!(dependency_source("npm:mixpanel"), Alias("mixpanel"));
        assert_eq!(dependency_source("npm:lodash@^4"), Alias("lodash"));
        assert_eq!(dependency_source("^1.2.3"), Registry);
        assert_eq!(dependency_source(">= 1.0.0 < 2"), Registry);
        assert_eq!(dependency_source("latest"), Registry);
        assert_eq!(dependency_source("workspace:*"), Workspace);
        for git in [
            "git+https://github.com/acme/tracker.git#v2",
            "git://github.com/acme/tracker.git",
            "github:acme/tracker",
            "acme/tracker#main",
            "https://github.com/acme/tracker.git",
        ] {
            assert_eq!(dependency_source(git), Git(git), "{git}");
        }
        assert_eq!(
            dependency_source("https://cdn.acme.io/t-1.0.0.tgz"),
            Url("https://cdn.acme.io/t-1.0.0.tgz")
        );
        for local in ["file:../shared", "link:../shared", "./vendor/t.tgz"] {
            assert_eq!(dependency_source(local), Local(local), "{local}");
        }
    }

    #[test]
    fn an_alias_resolves_with_its_subpath_and_the_nearest_wins() {
        let mut near = Aliases::default();
        near.insert("metrics", "@segment/analytics-node");
        let mut far = Aliases::default();
        far.insert("metrics", "mixpanel");
        far.insert("@acme/track", "posthog-node");
        near.merge(&far);
        assert_eq!(
            near.resolve("metrics").as_deref(),
            Some("@segment/analytics-node")
        );
        assert_eq!(
            near.resolve("metrics/server").as_deref(),
            Some("@segment/analytics-node/server")
        );
        assert_eq!(
            near.resolve("@acme/track/x").as_deref(),
            Some("posthog-node/x")
        );
        assert_eq!(near.resolve("metricsx"), None);
        assert_eq!(NO_ALIASES.resolve("metrics"), None);
    }
}
