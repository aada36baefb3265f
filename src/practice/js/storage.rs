//! Browser storage globals and Forge storage modules.

use super::value::Val;

/// The browser storage globals, as reported in `detail`.
pub const BROWSER_STORAGE: [&str; 3] = ["localStorage", "sessionStorage", "indexedDB"];

/// The Forge storage module a specifier names, with the `detail` its uses get.
/// `@forge/api` only counts through its `storage` export, so it is not listed.
pub fn storage_module(module: &str) -> Option<&'static str> {
    match module {
        "@forge/kvs" => Some("kvs"),
        "@forge/sql" => Some("sql"),
        "@forge/storage" => Some("storage"),
        "@forge/object-store" => Some("object-store"),
        _ => None,
    }
}

/// The cookie libraries of browser code (`js-cookie`, `universal-cookie`,
/// `react-cookie`, `cookies-next`): importing one is using cookies, under the
/// `detail` browser-storage observations get.
pub fn cookie_library(module: &str) -> Option<&'static str> {
    matches!(
        module,
        "js-cookie" | "universal-cookie" | "react-cookie" | "cookies-next" | "cookie-universal"
    )
    .then_some("cookie")
}

/// Key under which uses of the legacy `storage` export of `@forge/api` are tracked.
pub const LEGACY_STORAGE_KEY: &str = "@forge/api#storage";

/// Query helpers that build arguments and touch no data.
const HELPERS: [&str; 6] = [
    "WhereConditions",
    "FilterConditions",
    "Sort",
    "SortOrder",
    "startsWith",
    "MatchFilter",
];

/// For a call whose callee is `val`: the storage module key and the `detail`.
/// Only direct calls on a module count (`kvs.entity('x')`, not the chained
/// `.set()` after it), so one statement gives one observation.
pub fn forge_storage_call(val: &Val<'_>) -> Option<(String, &'static str)> {
    let Val::Module { module, path } = val else {
        return None;
    };
    if path.contains(&super::value::CALL) {
        return None;
    }
    let (key, base, rest) = match (*module, path.as_slice()) {
        ("@forge/api", ["storage", rest @ ..]) => {
            (LEGACY_STORAGE_KEY.to_string(), "legacy-storage", rest)
        }
        ("@forge/api", _) => return None,
        (m, segs) => {
            let base = storage_module(m)?;
            // `kvs.get` and `import { kvs }; kvs.get` name the same thing.
            let rest = match segs {
                [first, rest @ ..] if *first == base => rest,
                _ => segs,
            };
            (m.to_string(), base, rest)
        }
    };
    let detail = match rest.first().copied() {
        None if key == LEGACY_STORAGE_KEY => return None,
        Some(h) if HELPERS.contains(&h) => return None,
        Some("getSecret" | "setSecret" | "deleteSecret") => "secrets",
        Some("entity") if base != "sql" && base != "object-store" => "entity-store",
        _ => base,
    };
    Some((key, detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module<'a>(m: &'a str, path: &[&'a str]) -> Val<'a> {
        Val::Module {
            module: m,
            path: path.to_vec(),
        }
    }

    #[test]
    fn kvs_calls_split_into_kvs_entity_store_and_secrets() {
        assert_eq!(
            forge_storage_call(&module("@forge/kvs", &["kvs", "get"]))
                .unwrap()
                .1,
            "kvs"
        );
        assert_eq!(
            forge_storage_call(&module("@forge/kvs", &["entity"]))
                .unwrap()
                .1,
            "entity-store"
        );
        assert_eq!(
            forge_storage_call(&module("@forge/kvs", &["kvs", "setSecret"]))
                .unwrap()
                .1,
            "secrets"
        );
        assert_eq!(
            forge_storage_call(&module("@forge/kvs", &["WhereConditions", "beginsWith"])),
            None
        );
        assert_eq!(
            forge_storage_call(&module("@forge/kvs", &["entity", "()", "set"])),
            None
        );
    }

    #[test]
    fn legacy_storage_counts_only_through_the_storage_export() {
        let (key, detail) = forge_storage_call(&module("@forge/api", &["storage", "get"])).unwrap();
        assert_eq!(
            (key.as_str(), detail),
            (LEGACY_STORAGE_KEY, "legacy-storage")
        );
        assert_eq!(
            forge_storage_call(&module("@forge/api", &["storage", "getSecret"]))
                .unwrap()
                .1,
            "secrets"
        );
        assert_eq!(forge_storage_call(&module("@forge/api", &["fetch"])), None);
    }
}
