//! Stage 3: what the app does. Each file kind has its own scanner; `scan` runs
//! them in parallel and gathers an inventory.

pub mod aliases;
mod bundle;
mod cargo_toml;
pub mod component;
mod contain;
mod dotenv;
pub mod from_manifest;
mod graph;
mod html;
mod js;
mod lockfile;
mod package_json;
pub mod progress;
mod rust;

use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::model::{Observation, Side, SkippedFile};
use crate::rulesets::Catalogue;
use aliases::Aliases;

use crate::capped::{self, Capped};
use crate::gate::suppress::MARKER;

pub use bundle::scan_bundle;
pub use cargo_toml::scan_cargo_toml;
pub use component::scan_component;
pub(crate) use contain::contained;
pub use contain::panic_is_contained;
pub use html::scan_html;
pub(crate) use js::on_large_stack;
pub use js::{
    ModuleSummary, ParseFailure, ScriptContext, parse_only, scan_js, scan_module, scan_script,
};
pub use lockfile::scan_lockfile;
pub use package_json::scan_package_json;
pub use rust::scan_rust;

/// Files larger than this are not read (generated code), except the kinds
/// [`max_bytes`] allows more.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Bundles are scanned literally and lockfiles line by line, both in linear
/// time, so a 20 MB single-line bundle or a monorepo lockfile is still read.
pub const MAX_LARGE_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The read limit of a kind of file. Scripts share the bundle limit: a large
/// script is scanned as a bundle.
pub fn max_bytes(kind: FileKind) -> u64 {
    match kind {
        FileKind::Script | FileKind::Bundle | FileKind::Lockfile => MAX_LARGE_FILE_BYTES,
        _ => MAX_FILE_BYTES,
    }
}

/// Which scanner reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// .js .jsx .ts .tsx .mjs .cjs .mts .cts
    Script,
    /// package.json
    PackageJson,
    /// .html .htm
    Html,
    /// Built or minified JavaScript (`build/`, `dist/`, `*.min.js`): a literal
    /// scan. Scripts over 1 MiB or with very long lines are scanned so too.
    Bundle,
    /// package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, Cargo.lock
    Lockfile,
    /// Cargo.toml
    CargoToml,
    /// .rs
    Rust,
    /// `.env`, `.env.local`, ...: `KEY=value` settings
    DotEnv,
    /// .vue .svelte .astro single-file components
    Component(component::Dialect),
}

/// A file of an app to scan.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the scanned root, forward slashes (used in locations).
    pub rel_path: String,
    pub abs_path: PathBuf,
    pub side: Side,
    pub kind: FileKind,
}

/// What scanning found.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub observations: Vec<Observation>,
    pub files_scanned: usize,
    pub skipped: Vec<SkippedFile>,
    /// Scanned files whose text holds a suppression marker, in file order:
    /// the gate reads only these for suppression comments.
    pub marked: Vec<String>,
    /// The module summary of every parsed script with its path and side, in
    /// file order.
    pub modules: Vec<(String, Side, ModuleSummary)>,
}

/// One file scanned.
#[derive(Default)]
struct Scanned {
    observations: Vec<Observation>,
    module: Option<ModuleSummary>,
    /// Whether its text contains [`crate::gate::suppress::MARKER`].
    marked: bool,
    /// A package.json's aliases, which apply to the scripts below it.
    aliases: Aliases,
    /// What the file points at that is not analysed (a package.json's git
    /// and tarball dependencies).
    unread: Vec<SkippedFile>,
}

/// Scans every file (in parallel). Observations are sorted by (path, line,
/// column, kind, detail) and skipped files by path, so the result does not
/// depend on thread scheduling.
pub fn scan(files: &[SourceFile], catalogue: &Catalogue) -> Inventory {
    Scanner::new(catalogue).scan(files)
}

/// What scanning many files shares: the catalogue and the matchers built from
/// it, built once on first use (an app with no bundle never builds one).
pub struct Scanner<'c> {
    catalogue: &'c Catalogue,
    bundle: OnceLock<Result<bundle::BundleMatcher<'c>, String>>,
}

impl<'c> Scanner<'c> {
    pub fn new(catalogue: &'c Catalogue) -> Scanner<'c> {
        Scanner {
            catalogue,
            bundle: OnceLock::new(),
        }
    }

    /// Scans every file (in parallel); see [`scan`].
    pub fn scan(&self, files: &[SourceFile]) -> Inventory {
        scan_files(files, self)
    }

    fn bundle(&self, rel_path: &str, source: &str, side: Side) -> Result<Vec<Observation>, String> {
        let matcher = self
            .bundle
            .get_or_init(|| bundle::BundleMatcher::new(self.catalogue));
        match matcher {
            Ok(m) => bundle::scan_bundle_with(m, rel_path, source, side, self.catalogue),
            Err(e) => Err(e.clone()),
        }
    }
}

fn scan_files(files: &[SourceFile], scanner: &Scanner<'_>) -> Inventory {
    progress::add_total(files.len());
    // package.json files first: their aliases apply to the scripts below them.
    let (manifests, rest): (Vec<usize>, Vec<usize>) =
        (0..files.len()).partition(|&i| files[i].kind == FileKind::PackageJson);
    let scan_some =
        |indices: &[usize], packages: &AppPackages| -> Vec<Result<Scanned, SkippedFile>> {
            indices
                .par_iter()
                .map(|&i| {
                    let result = scan_contained(&files[i], scanner, packages);
                    progress::file_done();
                    result
                })
                .collect()
        };
    let in_pool = |indices: &[usize], packages: &AppPackages| match scan_pool() {
        Some(pool) => pool.install(|| scan_some(indices, packages)),
        None => scan_some(indices, packages),
    };
    let first = in_pool(&manifests, &AppPackages::default());
    let packages = AppPackages::new(manifests.iter().zip(&first).filter_map(|(&i, result)| {
        Some((files[i].rel_path.as_str(), &result.as_ref().ok()?.aliases))
    }));
    let second = in_pool(&rest, &packages);
    let mut results: Vec<(usize, Result<Scanned, SkippedFile>)> = manifests
        .into_iter()
        .zip(first)
        .chain(rest.into_iter().zip(second))
        .collect();
    results.sort_by_key(|(i, _)| *i);
    let mut inventory = Inventory::default();
    for (i, result) in results {
        let file = &files[i];
        match result {
            Ok(scanned) => {
                inventory.files_scanned += 1;
                inventory.observations.extend(scanned.observations);
                if let Some(module) = scanned.module {
                    inventory
                        .modules
                        .push((file.rel_path.clone(), file.side, module));
                }
                inventory.skipped.extend(scanned.unread);
                if scanned.marked {
                    inventory.marked.push(file.rel_path.clone());
                }
            }
            Err(skipped) => inventory.skipped.push(skipped),
        }
    }
    let across = graph::uses_across_modules(
        &inventory.modules,
        &inventory.observations,
        scanner.catalogue,
    );
    inventory.observations.extend(across);
    inventory.observations.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            a.kind,
            &a.detail,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                b.kind,
                &b.detail,
            ))
    });
    inventory.skipped.sort();
    inventory
}

/// The package aliases of an app's package.json files, each merged with
/// those of the package.json files above it (npm hoists an alias to the
/// root `node_modules`, where code below finds it too).
#[derive(Default)]
struct AppPackages {
    /// Folder of a package.json (`""` for the root, `static/ui`...), and the
    /// aliases that apply below it.
    by_dir: Vec<(String, Aliases)>,
}

impl AppPackages {
    fn new<'a>(manifests: impl Iterator<Item = (&'a str, &'a Aliases)>) -> AppPackages {
        let own: Vec<(String, &Aliases)> = manifests
            .map(|(path, aliases)| (parent_dir(path).to_string(), aliases))
            .collect();
        if own.iter().all(|(_, a)| a.is_empty()) {
            return AppPackages::default();
        }
        let by_dir = own
            .iter()
            .map(|(dir, aliases)| {
                let mut merged = (*aliases).clone();
                for (other, theirs) in &own {
                    if other != dir && is_within_dir(dir, other) {
                        merged.merge(theirs);
                    }
                }
                (dir.clone(), merged)
            })
            .collect();
        AppPackages { by_dir }
    }

    /// The aliases of the nearest package.json at or above `rel_path`.
    fn for_file(&self, rel_path: &str) -> &Aliases {
        let dir = parent_dir(rel_path);
        self.by_dir
            .iter()
            .filter(|(d, _)| is_within_dir(dir, d))
            .max_by_key(|(d, _)| d.len())
            .map_or(&aliases::NO_ALIASES, |(_, a)| a)
    }
}

fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Whether folder `dir` is `ancestor` or inside it (`""` is the root).
fn is_within_dir(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || dir == ancestor
        || dir
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// One entry per transitive package of one side and vendor: the same package
/// found in several lockfiles (a root and each Custom UI folder) keeps its
/// first location and lists the others in `also_at`. `observations` must be
/// sorted by location, so the kept one is the first.
pub fn merge_shipped(observations: Vec<Observation>) -> Vec<Observation> {
    use crate::model::{Fact, ObservationKind};
    use std::collections::HashMap;
    let mut out: Vec<Observation> = Vec::with_capacity(observations.len());
    let mut seen: HashMap<(String, Side, Option<String>), usize> = HashMap::new();
    for obs in observations {
        let key = match (&obs.kind, &obs.fact) {
            (ObservationKind::Dependency, Fact::Transitive { package, .. }) => {
                Some((package.clone(), obs.side, obs.vendor.clone()))
            }
            _ => None,
        };
        match key {
            Some(key) => match seen.get(&key) {
                Some(&at) => out[at].also_at.push(obs.location),
                None => {
                    seen.insert(key, out.len());
                    out.push(obs);
                }
            },
            None => out.push(obs),
        }
    }
    out
}

/// Worker threads with a parser-sized stack, built once per process with as
/// many threads as rayon's global pool (`RAYON_NUM_THREADS` or the CPU count).
/// Parsing on them saves a thread spawn and a fresh 256 MiB stack mapping per
/// script. `None` where no such stack can be reserved: scripts then get a
/// thread of their own, as before.
/// Runs `f` on the scan pool, so that parallel work inside it (apps, then
/// their files) stays on one pool: a worker of another pool waiting on this one
/// would steal more outer jobs while it waits and nest them on its own small
/// stack until it overflows.
pub fn in_scan_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match scan_pool() {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

fn scan_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        js::PARSER_STACKS.iter().find_map(|&stack| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(rayon::current_num_threads())
                .stack_size(stack)
                .thread_name(|_| js::PARSER_THREAD_NAME.to_string())
                .start_handler(|_| js::mark_parser_thread())
                .build()
                .ok()
        })
    })
    .as_ref()
}

/// [`scan_file`] with a panic in any scanner contained: the file is reported
/// as skipped and the run goes on.
fn scan_contained(
    file: &SourceFile,
    scanner: &Scanner<'_>,
    packages: &AppPackages,
) -> Result<Scanned, SkippedFile> {
    contain::contained(|| scan_file(file, scanner, packages)).unwrap_or_else(|_| {
        Err(SkippedFile {
            path: file.rel_path.clone(),
            reason: "scanner crashed on this file; not analysed".to_string(),
        })
    })
}

fn skipped(file: &SourceFile, reason: String) -> SkippedFile {
    SkippedFile {
        path: file.rel_path.clone(),
        reason,
    }
}

/// Reads and analyses one file, or says why it was skipped.
fn scan_file(
    file: &SourceFile,
    scanner: &Scanner<'_>,
    packages: &AppPackages,
) -> Result<Scanned, SkippedFile> {
    let skip = |reason: String| skipped(file, reason);
    let limit = max_bytes(file.kind);
    let bytes = match capped::read(&file.abs_path, limit) {
        Ok(Capped::Bytes(bytes)) => bytes,
        Ok(Capped::TooLarge { .. }) => {
            return Err(skip(format!("larger than {} MiB", limit / (1024 * 1024))));
        }
        Err(e) => return Err(skip(e.to_string())),
    };
    let size = bytes.len() as u64;
    let source = &crate::text::decode(bytes).map_err(|e| skip(e.to_string()))?;
    let marked = memchr::memmem::find(source.as_bytes(), MARKER.as_bytes()).is_some();
    let context = ScriptContext {
        catalogue: scanner.catalogue,
        aliases: packages.for_file(&file.rel_path),
    };
    if file.kind == FileKind::PackageJson {
        let read =
            package_json::read_package_json(&file.rel_path, source, file.side, scanner.catalogue)
                .map_err(skip)?;
        return Ok(Scanned {
            observations: read.observations,
            module: None,
            marked,
            aliases: read.aliases,
            unread: read.unread,
        });
    }
    let (observations, module) = analyse_file(file, source, size, scanner, context)?;
    Ok(Scanned {
        observations,
        module,
        marked,
        ..Scanned::default()
    })
}

/// Whether a script of `size` bytes is scanned as a bundle rather than parsed:
/// a large one, or one with a minified line, wherever it lives.
pub fn scanned_as_bundle(size: u64, source: &str) -> bool {
    size > bundle::BUNDLE_MIN_BYTES || bundle::looks_minified(source)
}

/// The observations of one file's text, by its kind, and for a parsed script
/// its module summary.
fn analyse_file(
    file: &SourceFile,
    source: &str,
    size: u64,
    scanner: &Scanner<'_>,
    context: ScriptContext<'_>,
) -> Result<(Vec<Observation>, Option<ModuleSummary>), SkippedFile> {
    let skip = |reason: String| skipped(file, reason);
    if file.kind == FileKind::Script && !scanned_as_bundle(size, source) {
        return js::scan_module(&file.rel_path, source, file.side, context)
            .map(|(observations, module)| (observations, Some(module)))
            .map_err(|f| skip(f.message));
    }
    analyse_other(file, source, scanner, context).map(|observations| (observations, None))
}

/// The observations of a file that is not a parsed script.
fn analyse_other(
    file: &SourceFile,
    source: &str,
    scanner: &Scanner<'_>,
    context: ScriptContext<'_>,
) -> Result<Vec<Observation>, SkippedFile> {
    let catalogue = scanner.catalogue;
    let skip = |reason: String| skipped(file, reason);
    match file.kind {
        FileKind::Component(dialect) => {
            scan_component(&file.rel_path, source, file.side, dialect, context).map_err(skip)
        }
        FileKind::Script | FileKind::Bundle => scanner
            .bundle(&file.rel_path, source, file.side)
            .map_err(skip),
        FileKind::Lockfile => {
            scan_lockfile(&file.rel_path, &file.abs_path, source, file.side, catalogue)
                .map_err(skip)
        }
        FileKind::CargoToml => {
            scan_cargo_toml(&file.rel_path, source, file.side, catalogue).map_err(skip)
        }
        FileKind::Rust => scan_rust(&file.rel_path, source, file.side, catalogue).map_err(skip),
        FileKind::DotEnv => Ok(dotenv::scan_dotenv(&file.rel_path, source, file.side)),
        FileKind::PackageJson => {
            scan_package_json(&file.rel_path, source, file.side, catalogue).map_err(skip)
        }
        FileKind::Html => scan_html(&file.rel_path, source, file.side, catalogue).map_err(skip),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ObservationKind;
    use crate::rulesets::Vendor;

    fn catalogue() -> Catalogue {
        Catalogue::from_vendors(vec![Vendor {
            id: "sentry".into(),
            name: "Sentry".into(),
            organisation: "Functional Software, Inc.".into(),
            categories: vec!["error-tracking".into()],
            packages: vec!["@sentry/*".into()],
            hosts: vec!["*.sentry.io".into()],
            ..Default::default()
        }])
    }

    fn file(dir: &std::path::Path, name: &str, content: &[u8], kind: FileKind) -> SourceFile {
        let abs_path = dir.join(name.replace('/', "_"));
        std::fs::write(&abs_path, content).unwrap();
        SourceFile {
            rel_path: name.into(),
            abs_path,
            side: Side::Backend,
            kind,
        }
    }

    #[test]
    fn a_utf16_script_is_scanned_like_its_utf8_twin() {
        // Browsers run a script that starts with a UTF-16 byte order mark, so
        // it must not escape the scan as "not text".
        let dir = tempfile::tempdir().unwrap();
        let source = "// init\nfetch('https://o1.ingest.sentry.io/x');\n";
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(source.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let files = [
            file(dir.path(), "a.js", source.as_bytes(), FileKind::Script),
            file(dir.path(), "b.js", &utf16, FileKind::Script),
        ];
        let inventory = scan(&files, &catalogue());
        assert_eq!(inventory.files_scanned, 2, "{:?}", inventory.skipped);
        let seen: Vec<(&str, u32, Option<u32>)> = inventory
            .observations
            .iter()
            .map(|o| (o.location.path.as_str(), o.location.line, o.location.column))
            .collect();
        let from = |path| {
            seen.iter()
                .filter(|s| s.0 == path)
                .map(|s| (s.1, s.2))
                .collect::<Vec<_>>()
        };
        assert!(!from("a.js").is_empty(), "{seen:?}");
        assert_eq!(from("a.js"), from("b.js"));
    }

    #[test]
    fn every_file_is_either_scanned_or_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let mut big = b"// ".to_vec();
        big.resize(MAX_FILE_BYTES as usize + 1, b'x');
        let mut files = vec![
            file(
                dir.path(),
                "src/b.js",
                b"import * as S from '@sentry/node';\nfetch(x);\n",
                FileKind::Script,
            ),
            file(
                dir.path(),
                "src/a.js",
                b"\xef\xbb\xbffetch('https://o1.ingest.sentry.io/x')",
                FileKind::Script,
            ),
            file(
                dir.path(),
                "src/bin.js",
                b"\x89PNG\r\n\x1a\n\x00",
                FileKind::Script,
            ),
            // Scripts this large are scanned as bundles; other kinds are skipped.
            file(dir.path(), "big/package.json", &big, FileKind::PackageJson),
            file(dir.path(), "src/broken.ts", b"const = ;", FileKind::Script),
            file(
                dir.path(),
                "package.json",
                b"{\"dependencies\": {\"@sentry/node\": \"8\"}}",
                FileKind::PackageJson,
            ),
        ];
        files.push(SourceFile {
            rel_path: "src/gone.js".into(),
            abs_path: dir.path().join("gone.js"),
            side: Side::Backend,
            kind: FileKind::Script,
        });
        let inventory = scan(&files, &catalogue());
        assert_eq!(inventory.files_scanned, 3);
        let skipped: Vec<(&str, &str)> = inventory
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(skipped[0], ("big/package.json", "larger than 5 MiB"));
        assert_eq!(
            skipped[1],
            ("src/bin.js", "not UTF-8 text (invalid byte at offset 0)")
        );
        assert!(
            skipped[2].0 == "src/broken.ts" && skipped[2].1.starts_with("syntax error at 1:7"),
            "{skipped:?}"
        );
        assert_eq!(skipped[3].0, "src/gone.js");
        let seen: Vec<(&str, u32, u32, ObservationKind)> = inventory
            .observations
            .iter()
            .map(|o| {
                (
                    o.location.path.as_str(),
                    o.location.line,
                    o.location.column.unwrap(),
                    o.kind,
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("package.json", 1, 19, ObservationKind::Dependency),
                // The byte-order mark does not shift the column.
                ("src/a.js", 1, 1, ObservationKind::NetworkCall),
                ("src/b.js", 1, 1, ObservationKind::Sdk),
                ("src/b.js", 2, 1, ObservationKind::NetworkCall),
            ]
        );
    }
}

#[cfg(test)]
mod pool_tests {
    use super::*;

    #[test]
    fn the_deepest_accepted_script_parses_on_the_scan_pool() {
        let dir = tempfile::tempdir().unwrap();
        // Just under the guard's limit, on short lines so it is parsed, not
        // scanned as a bundle: this needs the pool's large stack.
        let depth = js::guard_limit() - 5;
        let mut source = String::from("x = ");
        for i in 0..depth {
            source.push_str(if i % 2 == 0 { "(" } else { "[" });
            if i % 50 == 49 {
                source.push('\n');
            }
        }
        source.push_str("fetch('https://api.example.com')");
        for i in (0..depth).rev() {
            source.push_str(if i % 2 == 0 { ")" } else { "]" });
            if i % 50 == 0 {
                source.push('\n');
            }
        }
        let abs_path = dir.path().join("deep.js");
        std::fs::write(&abs_path, &source).unwrap();
        let files = vec![SourceFile {
            rel_path: "src/deep.js".into(),
            abs_path,
            side: Side::Backend,
            kind: FileKind::Script,
        }];
        let inventory = scan(&files, &Catalogue::default());
        assert_eq!(inventory.skipped, vec![], "deep file was not parsed");
        assert_eq!(inventory.files_scanned, 1);
        assert!(
            inventory
                .observations
                .iter()
                .any(|o| o.host.as_deref() == Some("api.example.com")
                    || o.detail.contains("api.example.com")),
            "{:?}",
            inventory.observations
        );
    }
}
