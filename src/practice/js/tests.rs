//! Behaviour of `scan_js` on realistic and adversarial inputs.

use super::*;
use crate::model::ObservationKind as K;
use crate::rulesets::Vendor;

fn catalogue() -> Catalogue {
    Catalogue::from_vendors(vec![
        Vendor {
            id: "sentry".into(),
            name: "Sentry".into(),
            categories: vec!["error-tracking".into()],
            packages: vec!["@sentry/*".into()],
            hosts: vec!["*.sentry.io".into(), "sentry.io".into()],
            ..Default::default()
        },
        Vendor {
            id: "segment".into(),
            name: "Segment".into(),
            categories: vec!["analytics".into()],
            packages: vec!["analytics-node".into()],
            hosts: vec!["api.segment.io".into()],
            ..Default::default()
        },
        Vendor {
            id: "atlassian".into(),
            name: "Atlassian".into(),
            categories: vec!["atlassian".into()],
            packages: vec!["@forge/*".into()],
            hosts: vec!["*.atlassian.net".into()],
            ..Default::default()
        },
    ])
}

fn scan(path: &str, src: &str) -> Vec<Observation> {
    scan_js(path, src, Side::Backend, &catalogue()).unwrap()
}

/// (kind, detail, host) triples, in output order.
fn summary(path: &str, src: &str) -> Vec<(K, String, Option<String>)> {
    scan(path, src)
        .into_iter()
        .map(|o| (o.kind, o.detail, o.host))
        .collect()
}

fn net(detail: &str, host: Option<&str>) -> (K, String, Option<String>) {
    (K::NetworkCall, detail.into(), host.map(Into::into))
}

fn of_kind(path: &str, src: &str, kind: K) -> Vec<(String, Option<String>)> {
    scan(path, src)
        .into_iter()
        .filter(|o| o.kind == kind)
        .map(|o| (o.detail, o.host))
        .collect()
}

#[test]
fn global_fetch_with_a_literal_url_gives_host_scheme_vendor_and_position() {
    let found = scan(
        "src/a.js",
        "const x = 1;\n  fetch('https://O1.ingest.Sentry.io:443/api');",
    );
    assert_eq!(found.len(), 1);
    let o = &found[0];
    assert_eq!((o.kind, o.detail.as_str()), (K::NetworkCall, "fetch"));
    assert_eq!(o.host.as_deref(), Some("o1.ingest.sentry.io"));
    assert_eq!(o.scheme.as_deref(), Some("https"));
    assert_eq!(o.vendor.as_deref(), Some("sentry"));
    assert_eq!(o.categories, vec!["error-tracking".to_string()]);
    assert_eq!((o.location.line, o.location.column), (2, Some(3)));
}

#[test]
fn fetch_in_comments_strings_or_as_an_unrelated_method_is_not_a_call() {
    let src = r#"
        // fetch('https://sentry.io')
        /* fetch('https://sentry.io') */
        const doc = "fetch('https://sentry.io')";
        client.fetch('https://sentry.io/x');
        cache.fetch(key);
    "#;
    assert_eq!(summary("src/a.js", src), vec![]);
}

#[test]
fn a_shadowed_fetch_is_not_the_global() {
    let src = "function go(fetch) { return fetch('https://sentry.io/'); }\n\
               { const fetch = () => 1; fetch('https://sentry.io/'); }";
    assert_eq!(summary("src/a.js", src), vec![]);
}

#[test]
fn window_and_global_this_fetch_are_the_global() {
    let src =
        "window.fetch('https://a.example.com/');\nglobalThis.fetch(`https://b.example.com/`);";
    assert_eq!(
        summary("src/a.js", src),
        vec![
            net("fetch", Some("a.example.com")),
            net("fetch", Some("b.example.com"))
        ]
    );
}

#[test]
fn computed_urls_are_network_calls_without_a_host_and_relative_urls_are_skipped() {
    let src = "export async function f(url) {\n  await fetch(url);\n  await fetch(process.env.API + '/x');\n  await fetch('/api/local');\n  await fetch(`${url}/v1`);\n}";
    assert_eq!(
        summary("src/a.js", src),
        vec![net("fetch", None), net("fetch", None), net("fetch", None)]
    );
}

#[test]
fn template_literal_hosts_come_from_the_static_head() {
    let src =
        "fetch(`https://api.x.com/users/${id}`);\nfetch(`https://${tenant}.atlassian.net/rest`);";
    assert_eq!(
        summary("src/a.js", src),
        vec![net("fetch", Some("api.x.com")), net("fetch", None)]
    );
}

#[test]
fn const_resolved_hosts_through_concatenation_templates_and_new_url() {
    let src = r#"
        const BASE = 'https://api.x.com';
        const TRACK = `${BASE}/v1/track`;
        fetch(BASE + '/v1');
        fetch(`${BASE}/v2`);
        fetch(TRACK);
        fetch(new URL('/path', 'https://base.example.org'));
        fetch(new URL('https://abs.example.org/x'));
        fetch(BASE + path);
    "#;
    let hosts: Vec<_> = of_kind("src/a.js", src, K::NetworkCall)
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    let want = [
        "api.x.com",
        "api.x.com",
        "api.x.com",
        "base.example.org",
        "abs.example.org",
        "api.x.com",
    ];
    assert_eq!(hosts, want.map(|h| Some(h.to_string())).to_vec());
}

#[test]
fn a_reassigned_let_is_not_trusted_as_a_constant() {
    let src = "let base = 'https://a.example.com';\nif (x) base = other;\nfetch(base + '/y');";
    assert_eq!(summary("src/a.js", src), vec![net("fetch", None)]);
}

#[test]
fn forge_api_fetch_default_named_aliased_and_required() {
    let src = r#"
        import api, { fetch as forgeFetch } from '@forge/api';
        const { fetch: f2 } = require('@forge/api');
        const api2 = require('@forge/api').default;
        api.fetch('https://a.example.com/');
        forgeFetch('https://b.example.com/');
        f2('https://c.example.com/');
        api2.fetch('https://d.example.com/');
        api.asApp().requestJira(route`/rest/api/3/myself`);
    "#;
    let found = of_kind("src/index.js", src, K::NetworkCall);
    let want =
        ["a", "b", "c", "d"].map(|h| ("api.fetch".to_string(), Some(format!("{h}.example.com"))));
    assert_eq!(found, want.to_vec());
}

#[test]
fn with_provider_fetch_is_external_auth_not_a_plain_network_call() {
    let src = r#"
        import api from '@forge/api';
        const google = api.asUser().withProvider('google', 'google-apis');
        await google.fetch('/userinfo/v2/me');
        await api.asApp().withProvider('github').fetch('/user');
    "#;
    assert_eq!(
        summary("src/index.ts", src),
        vec![
            (K::ExternalAuth, "withProvider(google)".into(), None),
            (K::ExternalAuth, "withProvider(github)".into(), None),
        ]
    );
}

#[test]
fn axios_calls_configs_and_instances() {
    let src = r#"
        import axios from 'axios';
        const client = axios.create({ baseURL: 'https://hooks.slack.com' });
        axios('https://a.example.com/x');
        axios({ url: 'https://b.example.com/x', method: 'post' });
        axios.get(`https://c.example.com/${id}`);
        client.post('/services/T000');
        client.request({ url: '/y' });
        const dynamic = axios.create({ baseURL: process.env.BASE });
        dynamic.get('/z');
    "#;
    let found = of_kind("src/a.ts", src, K::NetworkCall);
    let want: Vec<(String, Option<String>)> = vec![
        ("axios".into(), Some("a.example.com".into())),
        ("axios".into(), Some("b.example.com".into())),
        ("axios.get".into(), Some("c.example.com".into())),
        ("axios.post".into(), Some("hooks.slack.com".into())),
        ("axios.request".into(), Some("hooks.slack.com".into())),
        ("axios.get".into(), None),
    ];
    assert_eq!(found, want);
}

#[test]
fn got_superagent_node_http_and_node_fetch() {
    let src = r#"
        const got = require('got');
        const request = require('superagent');
        const https = require('node:https');
        const http = require('http');
        import fetch from 'node-fetch';
        got.post('https://a.example.com/');
        request.get('https://b.example.com/');
        https.request({ hostname: 'c.example.com', path: '/x' });
        http.get('http://d.example.com/');
        fetch('https://e.example.com/');
    "#;
    let found = scan("src/a.mjs", src);
    let got: Vec<_> = found
        .iter()
        .map(|o| (o.detail.as_str(), o.host.as_deref(), o.scheme.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("got.post", Some("a.example.com"), Some("https")),
            ("superagent.get", Some("b.example.com"), Some("https")),
            ("https.request", Some("c.example.com"), Some("https")),
            ("http.get", Some("d.example.com"), Some("http")),
            ("node-fetch", Some("e.example.com"), Some("https")),
        ]
    );
}

#[test]
fn browser_apis_xhr_websocket_event_source_and_beacon() {
    let src = r#"
        const xhr = new XMLHttpRequest();
        xhr.open('POST', 'https://a.example.com/collect');
        new WebSocket('wss://b.example.com/socket');
        new EventSource('https://c.example.com/stream');
        navigator.sendBeacon('https://d.example.com/b', data);
        const other = { open() {} };
        other.open('GET', 'https://no.example.com/');
    "#;
    let found = scan("static/app.js", src);
    let got: Vec<_> = found
        .iter()
        .map(|o| (o.detail.as_str(), o.host.as_deref(), o.scheme.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("XMLHttpRequest.open", Some("a.example.com"), Some("https")),
            ("WebSocket", Some("b.example.com"), Some("wss")),
            ("EventSource", Some("c.example.com"), Some("https")),
            ("navigator.sendBeacon", Some("d.example.com"), Some("https")),
        ]
    );
}

#[test]
fn sdk_imports_of_every_form_but_not_first_party_or_type_only() {
    let src = r#"
        import * as Sentry from '@sentry/node';
        import type { Event } from '@sentry/types';
        import { invoke } from '@forge/bridge';
        const Analytics = require('analytics-node');
        async function later() { const t = await import('@sentry/tracing'); }
        export * from '@sentry/browser';
    "#;
    let found = scan("src/a.ts", src);
    let sdks: Vec<_> = found
        .iter()
        .filter(|o| o.kind == K::Sdk)
        .map(|o| (o.detail.as_str(), o.vendor.as_deref()))
        .collect();
    assert_eq!(
        sdks,
        vec![
            ("@sentry/node", Some("sentry")),
            ("analytics-node", Some("segment")),
            ("@sentry/tracing", Some("sentry")),
            ("@sentry/browser", Some("sentry")),
        ]
    );
}

#[test]
fn a_local_require_function_is_not_commonjs() {
    let src = "function f(require) { return require('@sentry/node'); }";
    assert_eq!(summary("src/a.js", src), vec![]);
}

#[test]
fn browser_storage_real_globals_only() {
    let src = r#"
        localStorage.setItem('k', v);
        window.sessionStorage.getItem('k');
        globalThis['localStorage'].clear();
        document.cookie = 'a=b';
        const c = window.document.cookie;
        indexedDB.open('db');
        const localStorageKey = 'k';
        const cookieName = 'session';
        settings.localStorage = true;
        function f(localStorage) { localStorage.setItem('x', 1); }
        const doc = { cookie: 1 }; doc.cookie;
    "#;
    let found = scan("static/app.js", src);
    let got: Vec<_> = found
        .iter()
        .map(|o| (o.detail.as_str(), o.location.line))
        .collect();
    assert_eq!(
        got,
        vec![
            ("localStorage", 2),
            ("sessionStorage", 3),
            ("localStorage", 4),
            ("cookie", 5),
            ("cookie", 6),
            ("indexedDB", 7),
        ]
    );
    assert!(found.iter().all(|o| o.kind == K::BrowserStorage));
}

#[test]
fn forge_storage_per_call_site_with_details() {
    let src = r#"
        import { kvs, WhereConditions } from '@forge/kvs';
        import { sql } from '@forge/sql';
        import { storage } from '@forge/api';
        await kvs.set('k', 1);
        await kvs.entity('tasks').set('id', {});
        await kvs.query().where('key', WhereConditions.beginsWith('a')).getMany();
        await kvs.getSecret('token');
        await sql.executeRaw('SELECT 1');
        await storage.get('legacy');
        await storage.setSecret('s', 'v');
    "#;
    let details: Vec<_> = of_kind("src/index.js", src, K::ForgeStorage)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    assert_eq!(
        details,
        [
            "kvs",
            "entity-store",
            "kvs",
            "secrets",
            "sql",
            "legacy-storage",
            "secrets"
        ]
    );
}

#[test]
fn a_storage_module_imported_but_never_called_is_reported_once_at_the_import() {
    let src = "import { objectStore } from '@forge/object-store';\nexport const s = objectStore;\n";
    let found = scan("src/index.js", src);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (
            found[0].kind,
            found[0].detail.as_str(),
            found[0].location.line
        ),
        (K::ForgeStorage, "object-store", 1)
    );
}

#[test]
fn a_name_bound_by_a_numeric_key_still_resolves_to_its_module() {
    // `1` is the one kind of key the source does not spell as written: the
    // resolver stores it in the parse arena, and the call is still seen.
    let src = "const { 1: store } = require('@forge/kvs');\nawait store.get('k');\n";
    let found: Vec<_> = scan("src/index.js", src)
        .into_iter()
        .map(|o| (o.kind, o.detail, o.location.line))
        .collect();
    assert_eq!(found, vec![(K::ForgeStorage, "kvs".to_string(), 2)]);
}

#[test]
fn remotes_keep_their_key() {
    let src = r#"
        import { invokeRemote } from '@forge/api';
        import { requestRemote } from '@forge/bridge';
        await invokeRemote('remote-backend', { path: '/x' });
        await requestRemote('other', {});
    "#;
    assert_eq!(
        summary("src/a.js", src),
        vec![
            (K::Remote, "invokeRemote(remote-backend)".into(), None),
            (K::Remote, "requestRemote(other)".into(), None),
        ]
    );
}

#[test]
fn tsx_component_with_jsx_and_types() {
    let src = r#"
        import React, { useEffect } from 'react';
        type Props = { id: string };
        export const App = ({ id }: Props): JSX.Element => {
          useEffect(() => { fetch<unknown>(`https://api.segment.io/v1/${id}`); }, [id]);
          return <div className="x">{id as string}</div>;
        };
    "#;
    let found = scan("static/src/App.tsx", src);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].vendor.as_deref(), Some("segment"));
    assert_eq!(found[0].categories, vec!["analytics".to_string()]);
}

#[test]
fn jsx_in_a_js_file_parses_and_plain_js_still_works() {
    let jsx =
        "export default () => <button onClick={() => fetch('https://a.example.com/')}>Go</button>;";
    assert_eq!(
        summary("static/App.js", jsx),
        vec![net("fetch", Some("a.example.com"))]
    );
    // `<` comparisons that would confuse a JSX reader still parse as plain JS.
    let plain = "var a = b < c > d; fetch('https://b.example.com/');";
    assert_eq!(
        summary("src/x.js", plain),
        vec![net("fetch", Some("b.example.com"))]
    );
}

#[test]
fn atlassian_hosts_get_the_atlassian_vendor() {
    let found = scan(
        "src/a.js",
        "fetch('https://acme.atlassian.net/rest/api/3/myself');",
    );
    assert_eq!(found[0].vendor.as_deref(), Some("atlassian"));
}

#[test]
fn columns_count_utf16_units_after_non_ascii_text() {
    let found = scan(
        "src/a.js",
        "const s = '🙂é'; fetch('https://a.example.com/');",
    );
    // '🙂' is two UTF-16 units: `fetch` starts at column 18.
    assert_eq!(found[0].location.column, Some(18));
}

#[test]
fn syntax_errors_are_reported_with_position() {
    let err = scan_js(
        "src/a.ts",
        "const ok = 1;\nconst = ;",
        Side::Backend,
        &catalogue(),
    )
    .unwrap_err();
    assert!(
        err.message.starts_with("syntax error at 2:7: "),
        "{}",
        err.message
    );
}

#[test]
fn the_known_oxc_panic_input_is_an_error_not_a_crash() {
    let err = scan_js(
        "src/a.js",
        r#"import { "\\u" as x } from "m";"#,
        Side::Backend,
        &catalogue(),
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "parser crashed (oxc 0.146 bug); file not analysed"
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let src = format!("fetch({}1{});", "(".repeat(100_000), ")".repeat(100_000));
    let err = scan_js("src/a.js", &src, Side::Backend, &catalogue()).unwrap_err();
    assert_eq!(err.message, "nesting deeper than 1000 levels");
}

#[test]
fn nesting_just_under_the_limit_and_long_chains_under_theirs_still_parse() {
    let src = format!(
        "fetch({}'https://a.example.com/'{});",
        "(".repeat(990),
        ")".repeat(990)
    );
    assert_eq!(
        summary("src/a.js", &src),
        vec![net("fetch", Some("a.example.com"))]
    );
    let chain = format!(
        "const x = a{};\nfetch('https://a.example.com/');",
        " + a".repeat(20_000)
    );
    assert_eq!(summary("src/a.js", &chain).len(), 1);
    let unary = format!("const y = {}z;", "!".repeat(40_000));
    assert_eq!(summary("src/a.js", &unary), vec![]);
}

#[test]
fn an_environment_variable_with_a_hard_coded_fallback_calls_the_fallback_host() {
    let src = "const BASE = process.env.REPORT_API || 'https://reports.example.com';\n\
               export const run = () => fetch(`${BASE}/v1/send`);\n\
               export const other = () => fetch(process.env.HOOK ?? 'https://hooks.example.net/x');\n\
               export const unknown = () => fetch(process.env.ONLY_ENV);\n";
    assert_eq!(
        of_kind("src/index.js", src, K::NetworkCall),
        vec![
            ("fetch".to_string(), Some("reports.example.com".to_string())),
            ("fetch".to_string(), Some("hooks.example.net".to_string())),
            ("fetch".to_string(), None),
        ]
    );
}

#[test]
fn a_reused_parser_arena_carries_nothing_from_one_file_to_the_next() {
    // `analyse` runs on this thread, so all three files share its arena.
    let catalogue = catalogue();
    let first =
        "import * as Sentry from '@sentry/node';\nfetch('https://o1.ingest.sentry.io/x');\n";
    let broken = "const = ;";
    let second = "const url = 'https://api.segment.io/v1';\nfetch(url);\n";
    let alone = analyse(
        "b.js",
        second,
        Side::Backend,
        ScriptContext::new(&catalogue),
    );
    let before = analyse("a.js", first, Side::Backend, ScriptContext::new(&catalogue));
    assert!(
        analyse(
            "c.js",
            broken,
            Side::Backend,
            ScriptContext::new(&catalogue)
        )
        .is_err()
    );
    let after = analyse(
        "b.js",
        second,
        Side::Backend,
        ScriptContext::new(&catalogue),
    );
    assert_eq!(after, alone);
    assert_eq!(
        analyse("a.js", first, Side::Backend, ScriptContext::new(&catalogue)),
        before
    );
    let hosts: Vec<_> = after
        .unwrap()
        .0
        .into_iter()
        .filter_map(|o| o.host)
        .collect();
    assert_eq!(hosts, vec!["api.segment.io".to_string()]);
}

#[test]
fn the_parse_floor_parses_exactly_what_the_scan_parses() {
    // JSX in a `.js` file parses; a syntax error reads as the scan reports it.
    assert_eq!(parse_only("a.js", "const x = <p>hi</p>;\n", true), Ok(()));
    let broken = "const = ;";
    let scanned = scan_js("b.ts", broken, Side::Backend, &catalogue()).unwrap_err();
    assert_eq!(parse_only("b.ts", broken, false), Err(scanned));
    let deep = format!("x = {}1{};", "(".repeat(2_000), ")".repeat(2_000));
    assert!(parse_only("c.js", &deep, true).is_err());
}
