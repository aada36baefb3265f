//! Stage 0: find the Forge apps under a path, their statements and their files.
//!
//! One walk over the tree (honouring .gitignore even outside git checkouts, never
//! following symlinks, never entering node_modules), then every file is given to
//! the deepest app root that contains it and classified by side.

mod sides;
mod statement;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::manifest::{self, Manifest, ManifestError};
use crate::model::SkippedFile;
use crate::practice::SourceFile;

pub use sides::{FileClass, SCRIPT_EXTENSIONS, classify, is_dotenv};
pub use statement::Statements;

/// What the user asked to scan.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// `--policy FILE`: the statement to use for every app instead of searching.
    pub policy: Option<PathBuf>,
    /// Config `include` globs (relative to the scanned root): when any are
    /// given, code files outside them are not scanned.
    pub include: Vec<String>,
    /// Config `exclude` globs: code files never scanned.
    pub exclude: Vec<String>,
}

/// Every app found under the scanned root.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub apps: Vec<AppInput>,
}

/// One Forge app: its manifest, its statement and its files.
#[derive(Debug)]
pub struct AppInput {
    /// App root relative to the scanned root (`.` for the root itself).
    pub root_rel: String,
    pub manifest: Manifest,
    /// The statement file: absolute path and path as reported.
    pub policy: Option<(PathBuf, String)>,
    /// Files the practice stage scans, with their side.
    pub files: Vec<SourceFile>,
    /// Files of a kind that can carry code or dependencies that this version does
    /// not analyse, with the reason.
    pub skipped: Vec<SkippedFile>,
}

/// Finds the apps under `root`. Errors: `root` missing or not a directory, no
/// app found, or a manifest that cannot be parsed (with file, line and reason).
pub fn discover(root: &Path, options: &DiscoverOptions) -> anyhow::Result<Workspace> {
    if !root.is_dir() {
        bail!(
            "{}: not a directory (claimcheck scans a Forge app folder)",
            root.display()
        );
    }
    let filter = PathFilter::new(&options.include, &options.exclude)?;
    let (files, walk_problems) = walk(root);
    // Manifests are parsed in parallel; the first error in path order is reported.
    let manifest_paths: Vec<&String> = files
        .iter()
        .filter(|f| file_name(f) == "manifest.yml")
        .collect();
    let loaded: Vec<Result<Option<Manifest>, ManifestError>> = manifest_paths
        .par_iter()
        .map(|rel| match manifest::load(&root.join(rel), rel) {
            Ok(manifest) => Ok(Some(manifest)),
            Err(ManifestError::NotAnApp { .. }) => Ok(None),
            Err(e) => Err(e),
        })
        .collect();
    let mut apps = Vec::new();
    for (rel, manifest) in manifest_paths.iter().zip(loaded) {
        let manifest =
            manifest.map_err(|e| anyhow::Error::new(e).context("invalid Forge manifest"))?;
        if let Some(manifest) = manifest {
            apps.push(AppInput {
                root_rel: parent_dir(rel).to_string(),
                manifest,
                policy: None,
                files: Vec::new(),
                skipped: Vec::new(),
            });
        }
    }
    if apps.is_empty() {
        bail!(
            "{}: no Forge app found (no manifest.yml with an `app:` key; node_modules and .gitignored paths are not searched)",
            root.display()
        );
    }
    // A file belongs to the innermost app containing it: the first app root
    // among its ancestor folders.
    let app_at: HashMap<String, usize> = apps
        .iter()
        .enumerate()
        .map(|(i, app)| (app.root_rel.clone(), i))
        .collect();
    let owner = |rel: &str| ancestors(parent_dir(rel)).find_map(|dir| app_at.get(dir).copied());
    for rel in &files {
        let Some(index) = owner(rel) else {
            continue;
        };
        let app = &mut apps[index];
        let in_app = strip_root(rel, &app.root_rel);
        let class = classify(in_app, &app.manifest);
        // Excluded code is listed, not dropped: a reviewer sees what was left out.
        if matches!(class, FileClass::Source { .. }) && !filter.admits(rel) {
            app.skipped.push(SkippedFile {
                path: rel.clone(),
                reason: "excluded by the config's include/exclude globs".to_string(),
            });
            continue;
        }
        match class {
            FileClass::Source { side, kind } => app.files.push(SourceFile {
                rel_path: rel.clone(),
                abs_path: root.join(rel),
                side,
                kind,
            }),
            FileClass::Skipped(reason) => app.skipped.push(SkippedFile {
                path: rel.clone(),
                reason: reason.to_string(),
            }),
            FileClass::Ignored => {}
        }
    }
    // Problems outside every app go to the first app of the report.
    let first = (0..apps.len()).min_by(|&a, &b| apps[a].root_rel.cmp(&apps[b].root_rel));
    for problem in walk_problems {
        if let Some(index) = owner(&problem.path).or(first) {
            apps[index].skipped.push(problem);
        }
    }
    let statements = Statements::new(&files);
    for app in &mut apps {
        app.policy = match &options.policy {
            Some(p) => Some(policy_from_option(root, p)?),
            None => statements.find(root, &app.root_rel),
        };
        app.files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
        app.skipped.sort();
    }
    apps.sort_by(|a, b| a.root_rel.cmp(&b.root_rel));
    Ok(Workspace {
        root: root.to_path_buf(),
        apps,
    })
}

/// The config's include/exclude globs.
struct PathFilter {
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
}

impl PathFilter {
    fn new(include: &[String], exclude: &[String]) -> anyhow::Result<PathFilter> {
        let set = |globs: &[String]| -> anyhow::Result<globset::GlobSet> {
            let mut builder = globset::GlobSetBuilder::new();
            for glob in globs {
                builder.add(
                    globset::Glob::new(glob).with_context(|| format!("invalid glob `{glob}`"))?,
                );
            }
            Ok(builder.build()?)
        };
        Ok(PathFilter {
            include: if include.is_empty() {
                None
            } else {
                Some(set(include)?)
            },
            exclude: set(exclude)?,
        })
    }

    fn admits(&self, rel: &str) -> bool {
        self.include.as_ref().is_none_or(|i| i.is_match(rel)) && !self.exclude.is_match(rel)
    }
}

/// Whether the walk enters or lists `entry` (below the root).
fn walked(entry: &ignore::DirEntry) -> bool {
    let name = entry.file_name();
    if name == "node_modules" {
        return false;
    }
    if !name.as_encoded_bytes().starts_with(b".") {
        return true;
    }
    let is_file = entry.file_type().is_some_and(|t| t.is_file());
    is_file && name.to_str().is_some_and(is_dotenv)
}

/// All files under `root` as sorted relative paths, plus entries the walk could
/// not read (reported, never silently dropped).
fn walk(root: &Path) -> (Vec<String>, Vec<SkippedFile>) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .require_git(false) // unpacked app archives have no .git but do have .gitignore
        .parents(false) // a .gitignore above the scanned folder is not the app's
        .follow_links(false)
        // Hidden files and folders are skipped, except `.env` files, which
        // hold settings (and sometimes credentials) the app runs with.
        .hidden(false)
        .filter_entry(|e| e.depth() == 0 || walked(e));
    // Directories are read on several threads; the lists are sorted after.
    let found: std::sync::Mutex<(Vec<String>, Vec<SkippedFile>)> = Default::default();
    builder
        .threads(rayon::current_num_threads())
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let item = match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) || e.path_is_symlink() => {
                        match relative(root, e.path()) {
                            Some(rel) if e.path_is_symlink() => Err(SkippedFile {
                                path: rel,
                                reason: "symbolic link (not followed)".to_string(),
                            }),
                            Some(rel) => Ok(rel),
                            // Reported under a readable form of the name, never dropped.
                            None => Err(SkippedFile {
                                path: lossy_relative(root, e.path()),
                                reason: "file name is not valid UTF-8; not analysed".to_string(),
                            }),
                        }
                    }
                    Ok(_) => return ignore::WalkState::Continue,
                    Err(err) => Err(walk_problem(root, &err)),
                };
                // Entries are pushed whole, so a poisoned lock is still consistent.
                let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                match item {
                    Ok(file) => found.0.push(file),
                    Err(problem) => found.1.push(problem),
                }
                ignore::WalkState::Continue
            })
        });
    let (mut files, mut problems) = found.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort();
    problems.sort();
    (files, problems)
}

/// `path` relative to `root` with invalid UTF-8 replaced by U+FFFD, for names
/// that [`relative`] cannot represent.
fn lossy_relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

fn walk_problem(root: &Path, err: &ignore::Error) -> SkippedFile {
    let path = io_path(err).map_or_else(
        || ".".to_string(),
        |p| relative(root, p).unwrap_or_else(|| lossy_relative(root, p)),
    );
    SkippedFile {
        path,
        reason: format!("cannot read: {}", strip_path_prefix(&err.to_string())),
    }
}

/// The path an `ignore` error is about, if it names one.
fn io_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            io_path(err)
        }
        _ => None,
    }
}

/// `ignore` prefixes messages with the absolute path; the report already has
/// the relative one.
fn strip_path_prefix(message: &str) -> &str {
    message.rsplit_once(": ").map_or(message, |(_, m)| m)
}

fn policy_from_option(root: &Path, policy: &Path) -> anyhow::Result<(PathBuf, String)> {
    if !policy.is_file() {
        bail!("{}: --policy file not found", policy.display());
    }
    let abs = policy
        .canonicalize()
        .with_context(|| format!("{}: cannot resolve --policy path", policy.display()))?;
    let shown = root
        .canonicalize()
        .ok()
        .and_then(|r| relative(&r, &abs))
        .unwrap_or_else(|| policy.to_string_lossy().replace('\\', "/"));
    Ok((abs, shown))
}

/// `path` relative to `root` with forward slashes; `None` outside `root` or for
/// non-UTF-8 names (reported by the caller's summary as unreadable).
pub(crate) fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    let joined = parts?.join("/");
    Some(if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    })
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

/// `apps/a/b`, `apps/a`, `apps`, `.`: a folder and those above it.
fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(dir), |d| match *d {
        "." => None,
        d => Some(d.rsplit_once('/').map_or(".", |(parent, _)| parent)),
    })
}

/// `rel` relative to the app root.
pub(crate) fn strip_root<'a>(rel: &'a str, root_rel: &str) -> &'a str {
    if root_rel == "." {
        rel
    } else {
        rel.strip_prefix(root_rel)
            .map_or(rel, |r| r.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_belong_to_the_innermost_app() {
        let dir = tempfile::tempdir().unwrap();
        let manifest =
            "app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-00000000000a\n";
        for rel in [
            "manifest.yml",
            "apps/a/manifest.yml",
            "apps/ab/manifest.yml",
            "src/root.js",
            "apps/a/src/a.js",
            "apps/ab/src/ab.js",
            "apps/shared.js",
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = if rel.ends_with(".yml") {
                manifest
            } else {
                "export const x = 1;\n"
            };
            std::fs::write(path, text).unwrap();
        }
        let workspace = discover(dir.path(), &DiscoverOptions::default()).unwrap();
        let apps: Vec<(&str, Vec<&str>)> = workspace
            .apps
            .iter()
            .map(|a| {
                let files = a.files.iter().map(|f| f.rel_path.as_str()).collect();
                (a.root_rel.as_str(), files)
            })
            .collect();
        assert_eq!(
            apps,
            [
                (".", vec!["apps/shared.js", "src/root.js"]),
                ("apps/a", vec!["apps/a/src/a.js"]),
                ("apps/ab", vec!["apps/ab/src/ab.js"]),
            ]
        );
        assert_eq!(strip_root("apps/a/src/x.js", "apps/a"), "src/x.js");
        assert_eq!(parent_dir("manifest.yml"), ".");
        assert_eq!(
            ancestors("apps/a").collect::<Vec<_>>(),
            ["apps/a", "apps", "."]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_walk_lists_links_and_undecodable_names_instead_of_dropping_them() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ok.js"), "x").unwrap();
        let bad = std::ffi::OsStr::from_bytes(b"b\xffd.js");
        std::fs::write(dir.path().join(bad), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let (files, problems) = walk(dir.path());
        assert_eq!(files, vec!["ok.js".to_string()]);
        let mut listed: Vec<(String, String)> =
            problems.into_iter().map(|p| (p.path, p.reason)).collect();
        listed.sort();
        assert_eq!(
            listed,
            vec![
                (
                    "b\u{fffd}d.js".to_string(),
                    "file name is not valid UTF-8; not analysed".to_string()
                ),
                (
                    "loop".to_string(),
                    "symbolic link (not followed)".to_string()
                ),
            ]
        );
    }
}
