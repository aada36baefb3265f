//! Reading manifest.yml: size limit, YAML into a positioned tree, then the
//! sections into the typed model.

use std::path::Path;

use crate::capped::{self, Capped};
use crate::lines::LineStarts;
use crate::text::NotText;

use super::model::Manifest;
use super::sections::read_manifest;
use super::yaml::{Problem, Value, parse_tree};

/// Largest manifest accepted. Real manifests are a few KiB; the cap keeps a
/// hostile repository from making the scan read or parse gigabytes.
const MAX_MANIFEST_BYTES: usize = 10 * 1024 * 1024;

/// Why a manifest could not be loaded. Every variant names the file; parse and
/// shape errors also carry the line and column of the offending node.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The file could not be read.
    #[error("{path}: cannot read manifest: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Malformed YAML, a limit hit, or a section of the wrong shape.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
    /// A YAML mapping without an `app` key: some other tool's manifest.yml.
    #[error("{path}: not a Forge manifest (no `app:` key)")]
    NotAnApp { path: String },
    /// Larger than 10 MiB; refused before parsing.
    #[error("{path}: manifest is larger than {limit} bytes; refusing to parse it")]
    TooLarge { path: String, limit: usize },
}

/// Reads and parses the manifest at `abs_path`; `rel_path` is used in locations.
pub fn load(abs_path: &Path, rel_path: &str) -> Result<Manifest, ManifestError> {
    let limit = u64::try_from(MAX_MANIFEST_BYTES).unwrap_or(u64::MAX);
    let read = capped::read(abs_path, limit).map_err(|source| ManifestError::Io {
        path: rel_path.to_string(),
        source,
    })?;
    let Capped::Bytes(bytes) = read else {
        return Err(too_large(rel_path));
    };
    let text = crate::text::decode(bytes).map_err(|not_text| {
        let (line, column) = match &not_text {
            NotText::Utf8 { offset, bytes } => position_after(&bytes[..*offset]),
            _ => (1, 1),
        };
        ManifestError::Invalid {
            path: rel_path.to_string(),
            line,
            column,
            message: format!("manifest is {not_text}"),
        }
    })?;
    parse(&text, rel_path)
}

/// Parses manifest text; `rel_path` is used in locations and errors.
pub fn parse(text: &str, rel_path: &str) -> Result<Manifest, ManifestError> {
    if text.len() > MAX_MANIFEST_BYTES {
        return Err(too_large(rel_path));
    }
    let invalid = |problem: Problem| ManifestError::Invalid {
        path: rel_path.to_string(),
        line: problem.line,
        column: problem.column,
        message: problem.message,
    };
    // Same lines at the same offsets; see `lone_cr_as_lf` for why.
    let text = &*crate::lines::lone_cr_as_lf(text);
    let root = parse_tree(text).map_err(invalid)?;
    if !matches!(root.value, Value::Map(_)) {
        return Err(invalid(Problem {
            line: root.line.max(1),
            column: root.column.max(1),
            message: format!(
                "manifest.yml must be a mapping with an `app:` key, found {}",
                root.value.describe()
            ),
        }));
    }
    if root.get("app").is_none() {
        return Err(ManifestError::NotAnApp {
            path: rel_path.to_string(),
        });
    }
    read_manifest(&root, text, rel_path).map_err(invalid)
}

fn too_large(path: &str) -> ManifestError {
    ManifestError::TooLarge {
        path: path.to_string(),
        limit: MAX_MANIFEST_BYTES,
    }
}

/// 1-based line and column of the character just after `prefix`.
fn position_after(prefix: &[u8]) -> (u32, u32) {
    let text = String::from_utf8_lossy(prefix);
    let starts = LineStarts::of(&text);
    let line = starts.line_of(text.len());
    let column = text[starts.start_of(line)..].chars().count() + 1;
    (line, u32::try_from(column).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::model::{EgressList, EgressTarget, Module};
    use crate::model::Location;

    /// A manifest touching every section the model reads. Line numbers matter:
    /// the tests below point at them.
    const FULL: &str = "\
app:
  id: ari:cloud:ecosystem::app/0b7c2b34-1111-2222-3333-444455556666
  runtime:
    name: nodejs22.x
  connect:
    key: com.example.legacy
    remote: connect-backend
modules:
  function:
    - key: main
      handler: index.run
    - key: resolver-fn
      handler: resolvers.handler
  jira:issuePanel:
    - key: issue-panel
      resource: panel-ui
      resolver:
        function: resolver-fn
      title: Panel
  webtrigger:
    - key: static-hook
      function: main
      response:
        type: static
    - key: open-hook
      function: main
      request:
        authentication: none
  scheduledTrigger:
    - key: nightly
      function: main
      interval: day
  trigger:
    - key: on-issue
      function: main
      events: [avi:jira:created:issue]
  consumer:
    - key: queue-consumer
      queue: jobs
      resolver:
        endpoint: remote-ep
  endpoint:
    - key: remote-ep
      remote: backend
      route:
        path: /forge
  sql:
    - key: main-db
      engine: mysql
      dareCompliant: true
  macro:
    - key: hello-macro
      render: native
      resource: macro-ui
  some:futureModule:
    - key: future
      handler: future.run
resources:
  - key: panel-ui
    path: static/panel/build
  - key: macro-ui
    path: src/frontend/macro.jsx
permissions:
  scopes:
    - read:jira-work
    - storage:app
  external:
    fetch:
      backend:
        - api.example.com
        - address: https://*.analytics.example.com
          category: analytics
          inScopeEUD: false
        - remote: backend
      client:
        - address: https://cdn.example.com
    images:
      - address: https://img.example.com
    configurable:
      enabled: true
remotes:
  - key: backend
    baseUrl:
      default: https://api.example.com
      EU: https://eu.api.example.com
    operations: [storage, compute]
    storage:
      inScopeEUD: true
providers:
  auth:
    - key: google
      name: Google
      integration: google
connectModules:
  jira:webPanels:
    - key: legacy-panel
      url: /panel
";

    fn full() -> Manifest {
        parse(FULL, "apps/demo/manifest.yml").unwrap()
    }

    fn at(line: u32, column: u32) -> Location {
        Location::new("apps/demo/manifest.yml", line, Some(column))
    }

    fn module<'m>(manifest: &'m Manifest, key: &str) -> &'m Module {
        manifest.modules.iter().find(|m| m.key == key).unwrap()
    }

    fn invalid(text: &str) -> (u32, u32, String) {
        match parse(text, "manifest.yml") {
            Err(ManifestError::Invalid {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn app_section_is_read_with_value_positions() {
        let m = full();
        assert_eq!(m.path, "apps/demo/manifest.yml");
        let id = m.app.id.as_ref().unwrap();
        assert!(id.value.starts_with("ari:cloud:ecosystem::app/0b7c2b34"));
        assert_eq!(id.location, at(2, 7));
        let runtime = m.app.runtime.as_ref().unwrap();
        assert_eq!(runtime.value, "nodejs22.x");
        assert_eq!(runtime.location, at(4, 11));
        let connect = m.app.connect.as_ref().unwrap();
        assert_eq!(connect.key, "com.example.legacy");
        assert_eq!(connect.remote.as_deref(), Some("connect-backend"));
        assert_eq!(connect.location, at(6, 5));
    }

    #[test]
    fn every_module_is_read_in_file_order_including_unknown_types() {
        let m = full();
        let keys: Vec<(&str, &str)> = m
            .modules
            .iter()
            .map(|m| (m.module_type.as_str(), m.key.as_str()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("function", "main"),
                ("function", "resolver-fn"),
                ("jira:issuePanel", "issue-panel"),
                ("webtrigger", "static-hook"),
                ("webtrigger", "open-hook"),
                ("scheduledTrigger", "nightly"),
                ("trigger", "on-issue"),
                ("consumer", "queue-consumer"),
                ("endpoint", "remote-ep"),
                ("sql", "main-db"),
                ("macro", "hello-macro"),
                ("some:futureModule", "future"),
            ]
        );
        let main = module(&m, "main");
        assert_eq!(main.handler.as_deref(), Some("index.run"));
        assert_eq!(main.location, at(10, 7));
        assert_eq!(module(&m, "future").handler.as_deref(), Some("future.run"));
    }

    #[test]
    fn ui_module_fields_resource_resolver_and_render() {
        let m = full();
        let panel = module(&m, "issue-panel");
        assert_eq!(panel.resource.as_deref(), Some("panel-ui"));
        assert_eq!(panel.resolver.as_deref(), Some("resolver-fn"));
        assert_eq!(panel.render, None);
        assert_eq!(panel.location, at(15, 7));
        let mac = module(&m, "hello-macro");
        assert_eq!(mac.render.as_deref(), Some("native"));
        assert_eq!(mac.resource.as_deref(), Some("macro-ui"));
    }

    #[test]
    fn webtriggers_keep_response_type_and_authentication_as_written() {
        let m = full();
        let fixed = module(&m, "static-hook");
        assert_eq!(fixed.function.as_deref(), Some("main"));
        assert_eq!(fixed.webtrigger_response.as_deref(), Some("static"));
        assert_eq!(fixed.webtrigger_authentication, None);
        let open = module(&m, "open-hook");
        assert_eq!(open.webtrigger_response, None);
        assert_eq!(open.webtrigger_authentication.as_deref(), Some("none"));
        assert_eq!(open.location, at(25, 7));
    }

    #[test]
    fn authentication_object_form_yields_its_type() {
        let text = "app: {id: x}\nmodules:\n  webtrigger:\n    - key: w\n      function: f\n      request:\n        authentication:\n          type: hmacSharedSecret\n";
        let m = parse(text, "manifest.yml").unwrap();
        assert_eq!(
            m.modules[0].webtrigger_authentication.as_deref(),
            Some("hmacSharedSecret")
        );
    }

    #[test]
    fn function_backed_endpoint_and_storage_modules() {
        let m = full();
        assert_eq!(module(&m, "nightly").function.as_deref(), Some("main"));
        assert_eq!(module(&m, "on-issue").function.as_deref(), Some("main"));
        assert_eq!(
            module(&m, "queue-consumer").resolver.as_deref(),
            Some("remote-ep")
        );
        let endpoint = module(&m, "remote-ep");
        assert_eq!(endpoint.remote.as_deref(), Some("backend"));
        assert_eq!(endpoint.endpoint.as_deref(), Some("backend"));
        assert_eq!(endpoint.service, None);
        assert_eq!(module(&m, "main-db").dare_compliant, Some(true));
        assert_eq!(module(&m, "main").dare_compliant, None);
    }

    #[test]
    fn resources_and_connect_modules() {
        let m = full();
        assert_eq!(m.resources.len(), 2);
        assert_eq!(m.resources[0].key, "panel-ui");
        assert_eq!(m.resources[0].path, "static/panel/build");
        assert_eq!(m.resources[0].location, at(59, 5));
        assert_eq!(m.resources[1].path, "src/frontend/macro.jsx");
        assert_eq!(m.connect_modules.len(), 1);
        assert_eq!(m.connect_modules[0].value, "jira:webPanels");
        assert_eq!(m.connect_modules[0].location, at(95, 3));
    }

    #[test]
    fn scopes_in_list_form() {
        let m = full();
        let scopes: Vec<&str> = m.scopes.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(scopes, vec!["read:jira-work", "storage:app"]);
        assert_eq!(m.scopes[1].location, at(66, 7));
    }

    #[test]
    fn scopes_in_map_form_point_at_each_key() {
        let text = "app:\n  id: x\npermissions:\n  scopes:\n    read:jira-work: {}\n    write:jira-work:\n      allowImpersonation: true\n";
        let m = parse(text, "manifest.yml").unwrap();
        let scopes: Vec<(&str, u32, Option<u32>)> = m
            .scopes
            .iter()
            .map(|s| (s.value.as_str(), s.location.line, s.location.column))
            .collect();
        assert_eq!(
            scopes,
            vec![
                ("read:jira-work", 5, Some(5)),
                ("write:jira-work", 6, Some(5))
            ]
        );
    }

    #[test]
    fn egress_string_object_and_remote_forms() {
        let m = full();
        assert_eq!(m.egress.len(), 5);
        let plain = &m.egress[0];
        assert_eq!(plain.list, EgressList::FetchBackend);
        assert_eq!(
            plain.target,
            EgressTarget::Address("api.example.com".to_string())
        );
        assert!(plain.string_form);
        assert_eq!(plain.location, at(70, 11));
        let analytics = &m.egress[1];
        assert!(!analytics.string_form);
        assert_eq!(analytics.category.as_deref(), Some("analytics"));
        assert_eq!(analytics.in_scope_eud, Some(false));
        assert_eq!(analytics.location, at(71, 11));
        let remote = &m.egress[2];
        assert_eq!(remote.target, EgressTarget::Remote("backend".to_string()));
        assert_eq!(remote.in_scope_eud, None);
        assert_eq!(m.egress[3].list, EgressList::FetchClient);
        assert_eq!(m.egress[4].list, EgressList::Images);
        assert_eq!(m.configurable_egress, Some(at(80, 7)));
    }

    #[test]
    fn every_external_list_is_read() {
        let text = "app: {id: x}\npermissions:\n  external:\n    fonts: [a.com]\n    frames: [b.com]\n    navigation: [c.com]\n    images: [d.com]\n    media: [e.com]\n    scripts: [f.com]\n    styles: [g.com]\n    configurable: {enabled: false}\n";
        let m = parse(text, "manifest.yml").unwrap();
        let lists: Vec<EgressList> = m.egress.iter().map(|e| e.list).collect();
        assert_eq!(
            lists,
            vec![
                EgressList::Fonts,
                EgressList::Frames,
                EgressList::Navigation,
                EgressList::Images,
                EgressList::Media,
                EgressList::Scripts,
                EgressList::Styles,
            ]
        );
        assert_eq!(m.configurable_egress, None);
    }

    #[test]
    fn remote_with_region_map_keeps_file_order() {
        let m = full();
        let remote = &m.remotes[0];
        assert_eq!(remote.key, "backend");
        assert_eq!(
            remote.base_urls,
            vec![
                ("default".to_string(), "https://api.example.com".to_string()),
                ("EU".to_string(), "https://eu.api.example.com".to_string()),
            ]
        );
        assert_eq!(remote.operations, vec!["storage", "compute"]);
        assert_eq!(remote.storage_in_scope_eud, Some(true));
        assert_eq!(remote.location, at(82, 5));
    }

    #[test]
    fn remote_with_plain_base_url_is_default_region() {
        let text = "app: {id: x}\nremotes:\n  - key: r\n    baseUrl: https://r.example.com\n";
        let m = parse(text, "manifest.yml").unwrap();
        assert_eq!(
            m.remotes[0].base_urls,
            vec![("default".to_string(), "https://r.example.com".to_string())]
        );
        assert!(m.remotes[0].operations.is_empty());
        assert_eq!(m.remotes[0].storage_in_scope_eud, None);
    }

    #[test]
    fn auth_providers() {
        let m = full();
        assert_eq!(m.auth_providers.len(), 1);
        let google = &m.auth_providers[0];
        assert_eq!(google.key, "google");
        assert_eq!(google.name.as_deref(), Some("Google"));
        assert_eq!(google.integration.as_deref(), Some("google"));
        assert_eq!(google.location, at(91, 7));
    }

    #[test]
    fn unresolved_variables_are_reported_where_they_are_written() {
        let text = "app:\n  id: ${APP_ID}\npermissions:\n  external:\n    fetch:\n      backend:\n        - address: https://${API_HOST}/${API_PATH}\nother:\n  nested: [\"x ${DEEP}\"]\n";
        let m = parse(text, "manifest.yml").unwrap();
        let vars: Vec<(&str, u32, Option<u32>)> = m
            .unresolved_variables
            .iter()
            .map(|v| (v.value.as_str(), v.location.line, v.location.column))
            .collect();
        assert_eq!(
            vars,
            vec![
                ("APP_ID", 2, Some(7)),
                ("API_HOST", 7, Some(20)),
                ("API_PATH", 7, Some(20)),
                ("DEEP", 9, Some(12)),
            ]
        );
        assert_eq!(full().unresolved_variables, vec![]);
    }

    #[test]
    fn columns_count_utf16_units_after_an_emoji() {
        let text = "app: {id: x}\npermissions:\n  scopes: [\"\u{1F680}\", read:jira-work]\n";
        let m = parse(text, "manifest.yml").unwrap();
        // `[` at 11, the quoted rocket at 12..15 (2 UTF-16 units), `, ` then the scope.
        assert_eq!(m.scopes[1].location.column, Some(18));
    }

    #[test]
    fn scalar_keys_keep_their_spelling() {
        let text = "app: {id: x}\nmodules:\n  function:\n    - key: 1.10\n      handler: index.run\n    - key: yes\n      handler: index.run\n";
        let m = parse(text, "manifest.yml").unwrap();
        assert_eq!(m.modules[0].key, "1.10");
        assert_eq!(m.modules[1].key, "yes");
    }

    #[test]
    fn empty_sections_are_treated_as_absent() {
        let text = "app:\n  id: x\nmodules:\npermissions:\n  scopes:\n  external:\n    fetch:\n      backend:\nresources:\n";
        let m = parse(text, "manifest.yml").unwrap();
        assert!(m.modules.is_empty() && m.scopes.is_empty() && m.egress.is_empty());
    }

    #[test]
    fn a_mapping_without_app_is_not_an_app() {
        let err = parse("name: some-other-tool\nversion: 2\n", "tools/manifest.yml").unwrap_err();
        assert!(
            matches!(&err, ManifestError::NotAnApp { path } if path == "tools/manifest.yml"),
            "{err:?}"
        );
    }

    #[test]
    fn a_top_level_list_is_invalid_with_a_clear_message() {
        let (line, column, message) = invalid("- app\n- modules\n");
        assert_eq!((line, column), (1, 1));
        assert_eq!(
            message,
            "manifest.yml must be a mapping with an `app:` key, found a list"
        );
    }

    #[test]
    fn an_empty_file_is_invalid() {
        let (line, _, message) = invalid("");
        assert_eq!(line, 1);
        assert!(message.ends_with("found nothing"), "{message}");
    }

    #[test]
    fn malformed_yaml_is_invalid_at_its_line() {
        let (line, column, message) = invalid("app:\n  id: x\n modules: [a, b\n");
        assert_eq!((line, column), (3, 2));
        assert!(message.starts_with("invalid YAML"), "{message}");
    }

    #[test]
    fn scopes_of_the_wrong_type_are_invalid() {
        let (line, column, message) = invalid("app: {id: x}\npermissions:\n  scopes: 5\n");
        assert_eq!((line, column), (3, 11));
        assert_eq!(
            message,
            "permissions.scopes must be a list or a map of scopes, found a number"
        );
    }

    #[test]
    fn egress_list_that_is_not_a_list_is_invalid() {
        let (line, _, message) = invalid(
            "app: {id: x}\npermissions:\n  external:\n    fetch:\n      backend: api.example.com\n",
        );
        assert_eq!(line, 5);
        assert!(
            message.starts_with("permissions.external.fetch.backend must be a list"),
            "{message}"
        );
    }

    #[test]
    fn egress_object_without_address_or_remote_is_invalid() {
        let text = "app: {id: x}\npermissions:\n  external:\n    fetch:\n      client:\n        - address: a.com\n        - category: analytics\n";
        let (line, column, message) = invalid(text);
        assert_eq!((line, column), (7, 11));
        assert_eq!(
            message,
            "permissions.external.fetch.client[1] needs an `address` (or a `remote` key)"
        );
    }

    #[test]
    fn in_scope_eud_must_be_a_boolean() {
        let text = "app: {id: x}\npermissions:\n  external:\n    images:\n      - address: a.com\n        inScopeEUD: maybe\n";
        let (line, _, message) = invalid(text);
        assert_eq!(line, 6);
        assert!(
            message.contains("inScopeEUD must be true or false"),
            "{message}"
        );
    }

    #[test]
    fn module_list_and_module_key_are_required() {
        let (line, _, message) = invalid("app: {id: x}\nmodules:\n  function: main\n");
        assert_eq!(line, 3);
        assert!(
            message.starts_with("modules.function must be a list"),
            "{message}"
        );
        let (line, _, message) =
            invalid("app: {id: x}\nmodules:\n  function:\n    - handler: index.run\n");
        assert_eq!(line, 4);
        assert_eq!(message, "modules.function[0] needs a `key`");
    }

    #[test]
    fn base_url_of_the_wrong_type_is_invalid() {
        let (line, _, message) =
            invalid("app: {id: x}\nremotes:\n  - key: r\n    baseUrl: [a, b]\n");
        assert_eq!(line, 4);
        assert!(
            message.starts_with("remotes[0].baseUrl must be a URL or a map"),
            "{message}"
        );
    }

    #[test]
    fn duplicate_keys_are_invalid_naming_the_key() {
        let text = "app: {id: x}\nmodules:\n  function:\n    - key: a\n      handler: a.run\n  function:\n    - key: b\n      handler: b.run\n";
        let (line, column, message) = invalid(text);
        assert_eq!((line, column), (6, 3));
        assert!(message.contains("duplicate key `function`"), "{message}");
    }

    #[test]
    fn oversized_manifest_is_refused_before_parsing() {
        // Not valid YAML: proves the size check happens first.
        let text = format!("app: [{}", "x".repeat(MAX_MANIFEST_BYTES));
        let err = parse(&text, "manifest.yml").unwrap_err();
        assert!(matches!(err, ManifestError::TooLarge { .. }), "{err:?}");
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut text =
            String::from("app: {id: x}\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let refs = vec![format!("*l{}", level - 1); 9].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let (_, _, message) = invalid(&text);
        assert!(message.contains("alias"), "{message}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn deep_nesting_fails_fast_in_flow_and_block_style() {
        let flow = format!(
            "app: {{id: x}}\ndeep: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (line, _, message) = invalid(&flow);
        assert_eq!(line, 2);
        assert!(
            message.contains("invalid YAML") || message.contains("nested"),
            "{message}"
        );
        let block: String = std::iter::once("app: {id: x}\n".to_string())
            .chain((0..100).map(|depth| format!("{}k{depth}:\n", "  ".repeat(depth))))
            .collect();
        let (_, _, message) = invalid(&block);
        assert!(message.contains("nested more than 64 levels"), "{message}");
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let m = parse("\u{feff}app:\n  id: x\n", "manifest.yml").unwrap();
        assert_eq!(m.app.id.unwrap().location.line, 2);
    }

    #[test]
    fn a_module_type_key_that_is_not_a_string_is_invalid() {
        let (line, _, message) = invalid("app: {id: x}\nmodules:\n  ? [x]\n  : []\n");
        assert_eq!(line, 3);
        assert_eq!(
            message,
            "each module type under `modules` must be a string, found a list"
        );
    }

    #[test]
    fn hostile_bytes_never_panic() {
        for text in [
            "\u{feff}app: {id: x}\n",
            "app: !!binary AAAA\n",
            "? [a, b]\n: 1\napp: {}\n",
            "app: {id: x}\nmodules:\n  ? [x]\n  : []\n",
            "app: *undefined\n",
            "app:\n\t- x\n",
            "app: {id: x}\n---\nother: doc\n",
            "\0\u{1}\u{2}",
        ] {
            let _ = parse(text, "manifest.yml");
        }
    }

    #[test]
    fn load_reports_invalid_utf8_with_a_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.yml");
        std::fs::write(&path, b"app:\n  id: \xff\n").unwrap();
        let err = load(&path, "manifest.yml").unwrap_err();
        assert!(
            matches!(
                err,
                ManifestError::Invalid {
                    line: 2,
                    column: 7,
                    ..
                }
            ),
            "{err:?}"
        );
        let missing = load(&dir.path().join("nope.yml"), "nope.yml").unwrap_err();
        assert!(matches!(missing, ManifestError::Io { .. }), "{missing:?}");
    }

    #[test]
    fn custom_entity_names_are_read_with_their_lines() {
        let text = "app:\n  id: x\n  storage:\n    entities:\n      - name: release-note\n        attributes: {title: {type: string}}\n      - attributes: {}\n";
        let m = parse(text, "manifest.yml").unwrap();
        let names: Vec<(&str, u32)> = m
            .app
            .storage_entities
            .iter()
            .map(|e| (e.value.as_str(), e.location.line))
            .collect();
        assert_eq!(names, [("release-note", 5)]);
    }
}
