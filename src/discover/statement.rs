//! Finding an app's privacy statement when `--policy` is not given.

use std::path::{Path, PathBuf};

use super::strip_root;

/// Names tried first, in order, at the app root (case-insensitive).
const PREFERRED: &[&str] = &["privacy.md", "privacy_policy.md"];
/// Extensions the statement reader understands.
const STATEMENT_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// The app's statement: PRIVACY.md / privacy.md, PRIVACY_POLICY.md, then
/// `docs/privacy*.md`, then any `*privacy*` statement file at the app root.
/// `files` is every file of the scanned tree (sorted, relative to `root`).
pub fn find_statement(root: &Path, app_root: &str, files: &[String]) -> Option<(PathBuf, String)> {
    let in_app: Vec<(&str, &String)> = files
        .iter()
        .filter(|f| app_root == "." || f.starts_with(&format!("{app_root}/")))
        .map(|f| (strip_root(f, app_root), f))
        .collect();
    let at_root = |pred: &dyn Fn(&str) -> bool| {
        in_app
            .iter()
            .find(|(p, _)| !p.contains('/') && pred(&p.to_ascii_lowercase()))
            .map(|(_, full)| *full)
    };
    let found = PREFERRED
        .iter()
        .find_map(|want| at_root(&|p: &str| p == *want))
        .or_else(|| {
            in_app
                .iter()
                .find(|(p, _)| {
                    let lower = p.to_ascii_lowercase();
                    lower.strip_prefix("docs/").is_some_and(|n| {
                        !n.contains('/') && n.starts_with("privacy") && n.ends_with(".md")
                    })
                })
                .map(|(_, full)| *full)
        })
        .or_else(|| {
            at_root(&|p: &str| {
                p.contains("privacy")
                    && p.rsplit_once('.')
                        .is_some_and(|(_, e)| STATEMENT_EXTENSIONS.contains(&e))
            })
        })?;
    Some((root.join(found), found.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(app_root: &str, files: &[&str]) -> Option<String> {
        let files: Vec<String> = files.iter().map(|s| s.to_string()).collect();
        find_statement(Path::new("/r"), app_root, &files).map(|(_, rel)| rel)
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
    }
}
