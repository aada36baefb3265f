//! Which of the app's files a module specifier names, as Node and bundlers
//! resolve it: relative paths with or without an extension, `index` files,
//! TypeScript's `.js` written for `.ts`. Only files the scan read count.

use std::collections::HashMap;

/// Extensions tried, in order, after a specifier without one.
const EXTENSIONS: [&str; 8] = ["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"];

/// The app's parsed scripts by path.
pub struct Files {
    index: HashMap<String, usize>,
}

impl Files {
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p str>) -> Files {
        let index = paths
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p.to_string(), i))
            .collect();
        Files { index }
    }

    /// The file `spec` names when `from` imports it; `None` for a package or
    /// a file the scan did not read.
    pub fn resolve(&self, from: &str, spec: &str) -> Option<usize> {
        if !(spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == "..") {
            return None;
        }
        let dir = from.rsplit_once('/').map_or("", |(dir, _)| dir);
        let base = normalise(dir, spec)?;
        self.candidate(&base)
    }

    fn candidate(&self, base: &str) -> Option<usize> {
        if let Some(&i) = self.index.get(base) {
            return Some(i);
        }
        let with = |stem: &str| {
            EXTENSIONS
                .iter()
                .find_map(|ext| self.index.get(&format!("{stem}.{ext}")).copied())
        };
        if let Some(i) = with(base) {
            return Some(i);
        }
        // TypeScript sources import `./a.js` for `./a.ts`.
        if let Some((stem, ext)) = base.rsplit_once('.')
            && matches!(ext, "js" | "jsx" | "mjs" | "cjs")
            && !stem.ends_with('/')
            && let Some(i) = with(stem)
        {
            return Some(i);
        }
        let index = if base.is_empty() {
            "index".to_string()
        } else {
            format!("{base}/index")
        };
        with(&index)
    }
}

/// `dir` joined with the relative `spec`, with `.` and `..` applied; `None`
/// when it climbs above the scanned root.
fn normalise(dir: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        Files::new([
            "src/index.ts",
            "src/lib/analytics.ts",
            "src/lib/index.js",
            "src/util.mjs",
            "shared/track.tsx",
        ])
    }

    #[test]
    fn relative_specifiers_resolve_as_node_and_bundlers_do() {
        let f = files();
        assert_eq!(f.resolve("src/index.ts", "./lib/analytics"), Some(1));
        assert_eq!(f.resolve("src/index.ts", "./lib/analytics.js"), Some(1));
        assert_eq!(f.resolve("src/index.ts", "./lib/analytics.ts"), Some(1));
        assert_eq!(f.resolve("src/index.ts", "./lib"), Some(2));
        assert_eq!(f.resolve("src/lib/analytics.ts", ".."), Some(0));
        assert_eq!(f.resolve("src/lib/analytics.ts", "../util"), Some(3));
        assert_eq!(
            f.resolve("src/lib/analytics.ts", "../../shared/track"),
            Some(4)
        );
    }

    #[test]
    fn packages_missing_files_and_escapes_do_not_resolve() {
        let f = files();
        assert_eq!(f.resolve("src/index.ts", "analytics"), None);
        assert_eq!(f.resolve("src/index.ts", "./missing"), None);
        assert_eq!(f.resolve("src/index.ts", "../../../etc/passwd"), None);
        assert_eq!(f.resolve("src/index.ts", "/src/util"), None);
    }
}
