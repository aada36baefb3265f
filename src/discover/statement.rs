//! Finding an app's privacy statement when `--policy` is not given.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{ancestors, parent_dir};

/// Names tried first, in order, at the app root (case-insensitive).
const PREFERRED: &[&str] = &["privacy.md", "privacy_policy.md"];
/// Extensions the statement reader understands.
const STATEMENT_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// The statement candidates of every folder, from one pass over the file list
/// (a monorepo of many apps would otherwise rescan every file for every app).
pub struct Statements<'f> {
    by_dir: HashMap<&'f str, Candidates<'f>>,
}

/// Files of one folder whose name mentions privacy, as (lower-case name, path),
/// in file order.
#[derive(Default)]
struct Candidates<'f> {
    own: Vec<(String, &'f String)>,
    /// Those in its `docs/` subfolder.
    docs: Vec<(String, &'f String)>,
}

impl<'f> Statements<'f> {
    /// `files` is every file of the scanned tree (sorted, relative to the root).
    pub fn new(files: &'f [String]) -> Statements<'f> {
        let mut by_dir: HashMap<&str, Candidates> = HashMap::new();
        for file in files {
            let dir = parent_dir(file);
            let name = file.rsplit('/').next().unwrap_or(file);
            let lower = name.to_ascii_lowercase();
            if !lower.contains("privacy") {
                continue;
            }
            if dir != "." {
                let (above, last) = dir.rsplit_once('/').unwrap_or((".", dir));
                if last.eq_ignore_ascii_case("docs") {
                    by_dir
                        .entry(above)
                        .or_default()
                        .docs
                        .push((lower.clone(), file));
                }
            }
            by_dir.entry(dir).or_default().own.push((lower, file));
        }
        Statements { by_dir }
    }

    /// The app's statement: PRIVACY.md / privacy.md, PRIVACY_POLICY.md, then
    /// `docs/privacy*.md`, then any `*privacy*` statement file at the app root.
    /// An app without one of its own takes the nearest one found the same way
    /// in a folder above it (a monorepo's shared statement at the repository
    /// root).
    pub fn find(&self, root: &Path, app_root: &str) -> Option<(PathBuf, String)> {
        let found = ancestors(app_root).find_map(|dir| self.statement_in(dir))?;
        Some((root.join(found), found.clone()))
    }

    /// The statement kept in folder `dir` itself (not in an app below it).
    fn statement_in(&self, dir: &str) -> Option<&'f String> {
        let candidates = self.by_dir.get(dir)?;
        let own = |pred: &dyn Fn(&str) -> bool| {
            candidates
                .own
                .iter()
                .find(|(name, _)| pred(name))
                .map(|(_, path)| *path)
        };
        PREFERRED
            .iter()
            .find_map(|want| own(&|name: &str| name == *want))
            .or_else(|| {
                candidates
                    .docs
                    .iter()
                    .find(|(name, _)| name.starts_with("privacy") && name.ends_with(".md"))
                    .map(|(_, path)| *path)
            })
            .or_else(|| {
                own(&|name: &str| {
                    name.rsplit_once('.')
                        .is_some_and(|(_, e)| STATEMENT_EXTENSIONS.contains(&e))
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(app_root: &str, files: &[&str]) -> Option<String> {
        let files: Vec<String> = files.iter().map(|s| s.to_string()).collect();
        Statements::new(&files)
            .find(Path::new("/r"), app_root)
            .map(|(_, rel)| rel)
    }

    #[test]
    fn prefers_privacy_md_case_insensitively() {
        assert_eq!(
            find(".", &["Privacy.MD", "docs/privacy.md"]).as_deref(),
            Some("Privacy.MD")
        );
        assert_eq!(
            find(".", &["PRIVACY_POLICY.md", "data-privacy.md"]).as_deref(),
            Some("PRIVACY_POLICY.md")
        );
    }

    #[test]
    fn falls_back_to_docs_then_any_privacy_file() {
        assert_eq!(
            find(
                "app",
                &["app/docs/privacy-statement.md", "app/our-privacy.md"]
            )
            .as_deref(),
            Some("app/docs/privacy-statement.md")
        );
        assert_eq!(
            find(".", &["our-privacy.txt", "README.md"]).as_deref(),
            Some("our-privacy.txt")
        );
        assert_eq!(find(".", &["src/privacy.md", "README.md"]), None);
    }

    #[test]
    fn does_not_take_another_apps_statement() {
        assert_eq!(find("a", &["b/PRIVACY.md", "a/src/x.js"]), None);
        assert_eq!(find("apps/a", &["apps/b/PRIVACY.md", "apps/a/x.js"]), None);
    }

    #[test]
    fn an_app_without_a_statement_shares_the_nearest_one_above_it() {
        let files = [
            "PRIVACY.md",
            "apps/a/manifest.yml",
            "apps/b/PRIVACY.md",
            "apps/b/manifest.yml",
            "apps/c/manifest.yml",
            "tools/docs/privacy.md",
            "tools/x/manifest.yml",
        ];
        assert_eq!(find("apps/a", &files).as_deref(), Some("PRIVACY.md"));
        assert_eq!(find("apps/b", &files).as_deref(), Some("apps/b/PRIVACY.md"));
        assert_eq!(
            find("tools/x", &files).as_deref(),
            Some("tools/docs/privacy.md")
        );
        assert_eq!(find(".", &files).as_deref(), Some("PRIVACY.md"));
    }

    #[test]
    fn each_app_of_a_monorepo_gets_its_own_manifest_and_statement() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let manifest = "app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-00000000000a\n  runtime:\n    name: nodejs22.x\n";
        write("PRIVACY.md", "# Shared statement\n");
        write("apps/a/manifest.yml", manifest);
        write("apps/a/src/index.js", "export const run = () => 1;\n");
        write("apps/b/manifest.yml", manifest);
        write("apps/b/PRIVACY.md", "# B's statement\n");
        write("apps/b/src/index.js", "export const run = () => 2;\n");
        let workspace = super::super::discover(dir.path(), &Default::default()).unwrap();
        let apps: Vec<(&str, &str, Option<&str>, Vec<&str>)> = workspace
            .apps
            .iter()
            .map(|a| {
                (
                    a.root_rel.as_str(),
                    a.manifest.path.as_str(),
                    a.policy.as_ref().map(|(_, rel)| rel.as_str()),
                    a.files.iter().map(|f| f.rel_path.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            apps,
            [
                (
                    "apps/a",
                    "apps/a/manifest.yml",
                    Some("PRIVACY.md"),
                    vec!["apps/a/src/index.js"]
                ),
                (
                    "apps/b",
                    "apps/b/manifest.yml",
                    Some("apps/b/PRIVACY.md"),
                    vec!["apps/b/src/index.js"]
                ),
            ]
        );
    }
}
