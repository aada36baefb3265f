//! Which side of the app a file runs on, and which scanner reads it.
//!
//! Sides decide whether evidence can contradict a claim: test and build code
//! (`dev`) never does, so the rules here lean towards `dev` only for paths whose
//! names say so plainly.

use crate::manifest::Manifest;
use crate::model::Side;
use crate::practice::FileKind;
use crate::practice::component::Dialect;

/// What discovery does with one file of an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileClass {
    /// Scanned by the practice stage.
    Source { side: Side, kind: FileKind },
    /// A file that can carry code or dependencies but is not analysed; the summary
    /// lists it with this reason.
    Skipped(&'static str),
    /// Not code (images, docs, styles...): nothing to analyse.
    Ignored,
}

/// Extensions of the files the JS/TS scanner reads.
pub const SCRIPT_EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];
const BUILD_DIRS: &[&str] = &["build", "dist", "out", ".next", "coverage", ".cache"];
const DEV_DIRS: &[&str] = &[
    "__tests__",
    "__mocks__",
    "test",
    "tests",
    "e2e",
    "cypress",
    "scripts",
    ".storybook",
    "fixtures",
];
const DEV_FILE_MARKERS: &[&str] = &[".test.", ".spec.", ".stories.", ".config.", ".setup."];
const DEV_FILE_NAMES: &[&str] = &[
    "setupTests.js",
    "setupTests.ts",
    "gulpfile.js",
    "Gruntfile.js",
    ".eslintrc.js",
    ".eslintrc.cjs",
];

/// Folders at the app root that hold a documentation or marketing site
/// (a Docusaurus or Jekyll site, GitHub Pages) rather than the app.
const SITE_ROOT_DIRS: &[&str] = &["docs", "doc", "documentation", "website", "site"];
/// Jekyll's own folders, wherever the site sits.
const JEKYLL_DIRS: &[&str] = &["_site", "_layouts", "_includes", "_posts", "_sass", "_data"];

/// Classifies `path` (relative to the app root, forward slashes).
pub fn classify(path: &str, manifest: &Manifest) -> FileClass {
    let (dirs, name) = match path.rsplit_once('/') {
        Some((d, n)) => (d.split('/').collect::<Vec<_>>(), n),
        None => (Vec::new(), path),
    };
    // A documentation site's pages and scripts are not the app: its links and
    // embeds are not egress, and a page the tool cannot read hides nothing the
    // app does. A resource the manifest ships from such a folder is the app.
    // Credentials committed there still count.
    if is_documentation(&dirs) && !is_dotenv(name) && !is_frontend(path, &dirs, manifest) {
        return FileClass::Ignored;
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let kind = match extension.as_deref() {
        _ if is_dotenv(name) => FileKind::DotEnv,
        _ if name == "package.json" => FileKind::PackageJson,
        _ if LOCKFILES.contains(&name) => FileKind::Lockfile,
        // Rust backends run outside Forge, wherever they sit in the repository.
        _ if name == "Cargo.toml" || name == "Cargo.lock" || extension.as_deref() == Some("rs") => {
            return rust_class(&dirs, name);
        }
        Some(e) if SCRIPT_EXTENSIONS.contains(&e) => {
            if name.ends_with(".d.ts") {
                return FileClass::Ignored; // type declarations hold no behaviour
            }
            FileKind::Script
        }
        // HTML and lockfiles take the same side logic as scripts.
        Some("html" | "htm") => FileKind::Html,
        Some(e) if let Some(dialect) = Dialect::of_extension(e) => FileKind::Component(dialect),
        _ => return unread_code(&dirs, name, extension.as_deref()),
    };
    let built = dirs.iter().any(|d| BUILD_DIRS.contains(d))
        || name.contains(".min.")
        || has_content_hash(name);
    // Built HTML is read like any page: what it loads is what the app loads.
    let kind = if built && kind == FileKind::Script {
        FileKind::Bundle
    } else {
        kind
    };
    let side = if is_dev(&dirs, name) {
        Side::Dev
    } else if is_frontend(path, &dirs, manifest) {
        Side::Frontend
    } else {
        Side::Backend
    };
    FileClass::Source { side, kind }
}

/// Code and dependency lists in languages this version does not read. Outside
/// test and build folders they are listed as not analysed, so a claim they
/// could contradict (a Python backend posting to an analytics API) is
/// unverifiable rather than supported.
const UNREAD_EXTENSIONS: &[(&str, &str)] = &[
    (
        "py",
        "Python source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "java",
        "Java source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "kt",
        "Kotlin source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "scala",
        "Scala source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "go",
        "Go source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "rb",
        "Ruby source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "php",
        "PHP source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "cs",
        "C# source is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    (
        "coffee",
        "CoffeeScript is not analysed (claimcheck reads JS/TS, HTML and Rust)",
    ),
    ("wasm", "WebAssembly module is not analysed"),
];

/// Dependency lists of the languages above, by file name.
const UNREAD_DEPENDENCY_FILES: &[(&str, &str)] = &[
    ("requirements.txt", "Python dependency list is not analysed"),
    ("Pipfile", "Python dependency list is not analysed"),
    ("pyproject.toml", "Python dependency list is not analysed"),
    ("go.mod", "Go dependency list is not analysed"),
    ("pom.xml", "Java dependency list is not analysed"),
    (
        "build.gradle",
        "Java/Kotlin dependency list is not analysed",
    ),
    (
        "build.gradle.kts",
        "Java/Kotlin dependency list is not analysed",
    ),
    ("Gemfile", "Ruby dependency list is not analysed"),
    ("composer.json", "PHP dependency list is not analysed"),
];

/// A file no scanner reads: listed when it is code (or a dependency list) that
/// could run as part of the app, else ignored.
fn unread_code(dirs: &[&str], name: &str, extension: Option<&str>) -> FileClass {
    let by_name = UNREAD_DEPENDENCY_FILES.iter().find(|(n, _)| *n == name);
    let by_extension = UNREAD_EXTENSIONS
        .iter()
        .find(|(e, _)| Some(*e) == extension);
    let Some((_, reason)) = by_name.or(by_extension) else {
        return FileClass::Ignored;
    };
    let built = dirs.iter().any(|d| BUILD_DIRS.contains(d));
    if built || is_dev(dirs, name) {
        return FileClass::Ignored;
    }
    FileClass::Skipped(reason)
}

/// Inside a documentation site: a site folder at the app root, or a Jekyll
/// folder anywhere.
fn is_documentation(dirs: &[&str]) -> bool {
    dirs.first().is_some_and(|d| SITE_ROOT_DIRS.contains(d))
        || dirs.iter().any(|d| JEKYLL_DIRS.contains(d))
}

/// A bundler's output name: a part after the first (`index-2D7JALmr.js`,
/// `main.3f2a1b9c.js`) of 8 to 20 letters and digits with both in it, as
/// content hashes are. Such a file is built, wherever it was committed.
fn has_content_hash(name: &str) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.split(['.', '-', '_']).skip(1).any(|part| {
        (8..=20).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_alphanumeric())
            && part.bytes().any(|b| b.is_ascii_digit())
            && part.bytes().any(|b| b.is_ascii_alphabetic())
    })
}

/// `.env` and `.env.<anything>`: the one kind of hidden file the walk keeps.
pub fn is_dotenv(name: &str) -> bool {
    name == ".env" || name.starts_with(".env.")
}

const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
];

/// Rust sources and Cargo files are side `remote`; tests, benches, examples,
/// build scripts and the usual dev folders are `dev`.
fn rust_class(dirs: &[&str], name: &str) -> FileClass {
    let kind = match name {
        "Cargo.toml" => FileKind::CargoToml,
        "Cargo.lock" => FileKind::Lockfile,
        _ => FileKind::Rust,
    };
    let dev = name == "build.rs"
        || dirs
            .iter()
            .any(|d| matches!(*d, "tests" | "benches" | "examples") || DEV_DIRS.contains(d));
    FileClass::Source {
        side: if dev { Side::Dev } else { Side::Remote },
        kind,
    }
}

fn is_dev(dirs: &[&str], name: &str) -> bool {
    dirs.iter().any(|d| DEV_DIRS.contains(d))
        || DEV_FILE_MARKERS.iter().any(|m| name.contains(m))
        || DEV_FILE_NAMES.contains(&name)
}

/// Custom UI code lives under `static/` by convention and under each resource's
/// project folder; UI Kit code is the resource file itself.
fn is_frontend(path: &str, dirs: &[&str], manifest: &Manifest) -> bool {
    if dirs.first() == Some(&"static") {
        return true;
    }
    manifest
        .resources
        .iter()
        .filter_map(|r| frontend_root(&r.path))
        .any(|root| match root {
            FrontendRoot::Dir(d) => path.starts_with(&format!("{d}/")),
            FrontendRoot::File(f) => path == f,
        })
}

enum FrontendRoot {
    Dir(String),
    File(String),
}

/// The source folder of a resource: `static/app/build` is built from
/// `static/app`; a UI Kit entry file `src/frontend/index.jsx` makes its folder
/// frontend unless that folder is the backend's own `src`.
fn frontend_root(resource_path: &str) -> Option<FrontendRoot> {
    let trimmed = resource_path.trim_start_matches("./").trim_end_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let (dir, last) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    if last.contains('.') {
        return Some(if dir.is_empty() || dir == "src" {
            FrontendRoot::File(trimmed.to_string())
        } else {
            FrontendRoot::Dir(dir.to_string())
        });
    }
    if BUILD_DIRS.contains(&last) || last == "public" {
        return (!dir.is_empty() && dir != "src").then(|| FrontendRoot::Dir(dir.to_string()));
    }
    Some(FrontendRoot::Dir(trimmed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Located, Resource};
    use crate::model::Location;

    fn manifest_with_resources(paths: &[&str]) -> Manifest {
        Manifest {
            resources: paths
                .iter()
                .map(|p| Resource {
                    key: "r".into(),
                    path: (*p).into(),
                    location: Location::new("manifest.yml", 1, Some(1)),
                })
                .collect(),
            ..Manifest::default()
        }
    }

    fn side(path: &str, manifest: &Manifest) -> Option<Side> {
        match classify(path, manifest) {
            FileClass::Source { side, .. } => Some(side),
            _ => None,
        }
    }

    #[test]
    fn code_in_languages_not_read_is_listed_outside_tests_and_builds() {
        let m = Manifest::default();
        let listed = |path| matches!(classify(path, &m), FileClass::Skipped(_));
        assert!(listed("remote/app.py"));
        assert!(listed("remote/requirements.txt"));
        assert!(!listed("static/ui/src/App.vue"), "components are read");
        assert_eq!(
            classify("static/ui/src/App.svelte", &m),
            FileClass::Source {
                side: Side::Frontend,
                kind: FileKind::Component(Dialect::Svelte)
            }
        );
        assert!(listed("backend/go.mod"));
        assert!(
            !listed("tests/test_app.py"),
            "test code never contradicts a claim"
        );
        assert!(!listed("scripts/release.py"));
        assert!(!listed("static/ui/dist/app.wasm"), "build output");
        assert_eq!(classify("docs/logo.png", &m), FileClass::Ignored);
        assert_eq!(classify("static/ui/src/app.css", &m), FileClass::Ignored);
    }

    #[test]
    fn tests_and_config_are_dev_side() {
        let m = Manifest::default();
        assert_eq!(side("src/__tests__/notes.test.js", &m), Some(Side::Dev));
        assert_eq!(side("src/index.spec.ts", &m), Some(Side::Dev));
        assert_eq!(side("webpack.config.js", &m), Some(Side::Dev));
        assert_eq!(side("scripts/release.mjs", &m), Some(Side::Dev));
        assert_eq!(side("src/index.js", &m), Some(Side::Backend));
        // "latest.js" contains "test" but is not a test file
        assert_eq!(side("src/latest.js", &m), Some(Side::Backend));
    }

    #[test]
    fn resource_folders_and_static_are_frontend() {
        let m = manifest_with_resources(&["ui/panel/build", "src/frontend/index.jsx"]);
        assert_eq!(side("ui/panel/src/App.jsx", &m), Some(Side::Frontend));
        assert_eq!(side("static/other/src/App.tsx", &m), Some(Side::Frontend));
        assert_eq!(side("src/frontend/Panel.jsx", &m), Some(Side::Frontend));
        assert_eq!(side("src/resolvers/index.js", &m), Some(Side::Backend));
    }

    #[test]
    fn a_ui_kit_entry_in_src_does_not_make_the_backend_frontend() {
        let m = manifest_with_resources(&["src/frontend.jsx"]);
        assert_eq!(side("src/frontend.jsx", &m), Some(Side::Frontend));
        assert_eq!(side("src/index.js", &m), Some(Side::Backend));
    }

    #[test]
    fn a_documentation_site_is_not_the_app() {
        let m = manifest_with_resources(&["docs/panel/build"]);
        for path in [
            "docs/index.html",
            "docs/assets/js/search.js",
            "website/src/pages/index.js",
            "website/package.json",
            "site/_layouts/default.html",
            "pages/_includes/analytics.html",
            "documentation/guide.html",
        ] {
            assert_eq!(classify(path, &m), FileClass::Ignored, "{path}");
        }
        // Decoys: the app's own code, a resource the manifest ships from
        // docs/, a `docs` folder inside the app's source, a committed .env.
        assert_eq!(side("src/docs/help.js", &m), Some(Side::Backend));
        assert_eq!(
            side("static/ui/src/docs/Help.jsx", &m),
            Some(Side::Frontend)
        );
        assert_eq!(
            classify("docs/panel/build/assets/index-2D7JALmr.js", &m),
            FileClass::Source {
                side: Side::Frontend,
                kind: FileKind::Bundle
            }
        );
        assert!(matches!(
            classify("docs/.env", &m),
            FileClass::Source {
                kind: FileKind::DotEnv,
                ..
            }
        ));
    }

    #[test]
    fn hashed_names_are_built_output_wherever_they_are_committed() {
        let m = Manifest::default();
        let kind = |path| match classify(path, &m) {
            FileClass::Source { kind, .. } => Some(kind),
            _ => None,
        };
        for built in [
            "static/assets/index-2D7JALmr.js",
            "static/app/js/main.3f2a1b9c.js",
            "static/app/chunk.1a2b3c4d5e.js",
        ] {
            assert_eq!(kind(built), Some(FileKind::Bundle), "{built}");
        }
        for source in [
            "src/sha256utils.js",
            "src/polyfill-es2015.js",
            "src/i18n-messages.js",
            "static/app/src/chunk-vendors.js",
            "src/index.js",
        ] {
            assert_eq!(kind(source), Some(FileKind::Script), "{source}");
        }
    }

    #[test]
    fn bundles_lockfiles_and_rust_have_their_own_scanners() {
        let m = Manifest::default();
        let source = |side, kind| FileClass::Source { side, kind };
        assert_eq!(
            classify("static/a/build/static/js/main.1a2b.js", &m),
            source(Side::Frontend, FileKind::Bundle)
        );
        assert_eq!(
            classify("vendor/lib.min.js", &m),
            source(Side::Backend, FileKind::Bundle)
        );
        assert_eq!(
            classify("test/fixtures/dist/x.js", &m),
            source(Side::Dev, FileKind::Bundle)
        );
        assert_eq!(
            classify("package-lock.json", &m),
            source(Side::Backend, FileKind::Lockfile)
        );
        assert_eq!(
            classify("static/a/yarn.lock", &m),
            source(Side::Frontend, FileKind::Lockfile)
        );
        assert_eq!(
            classify("remote/src/main.rs", &m),
            source(Side::Remote, FileKind::Rust)
        );
        assert_eq!(
            classify("remote/Cargo.toml", &m),
            source(Side::Remote, FileKind::CargoToml)
        );
        assert_eq!(
            classify("remote/Cargo.lock", &m),
            source(Side::Remote, FileKind::Lockfile)
        );
        for dev in [
            "remote/tests/api.rs",
            "remote/benches/b.rs",
            "remote/examples/e.rs",
            "remote/build.rs",
        ] {
            assert_eq!(
                classify(dev, &m),
                source(Side::Dev, FileKind::Rust),
                "{dev}"
            );
        }
        // HTML is scanned, built or not, with the same sides as scripts.
        let html = |side| FileClass::Source {
            side,
            kind: FileKind::Html,
        };
        assert_eq!(
            classify("static/a/build/index.html", &m),
            html(Side::Frontend)
        );
        assert_eq!(
            classify("static/a/public/index.html", &m),
            html(Side::Frontend)
        );
        assert_eq!(classify("static/a/INDEX.HTM", &m), html(Side::Frontend));
        assert_eq!(classify("test/fixtures/page.html", &m), html(Side::Dev));
        assert_eq!(classify("src/email.html", &m), html(Side::Backend));
        assert_eq!(classify("README.md", &m), FileClass::Ignored);
        assert_eq!(classify("src/types.d.ts", &m), FileClass::Ignored);
        let _ = Located {
            value: 1,
            location: Location::new("x", 1, None),
        };
    }
}
