//! Which calls send a request, and to what URL expression.

use oxc_ast::ast::{Argument, CallExpression, Expression, NewExpression};

use super::url::Prefix;
use super::value::{CALL, Resolver, Val, join_base, static_string};
use crate::model::{Beacon, Channel, PageLoad};

/// HTTP verbs client libraries expose as methods (`axios.post`, `got.put`...).
pub(crate) const METHODS: [&str; 8] = [
    "get", "post", "put", "patch", "delete", "head", "options", "request",
];

/// What a call does that leaves the function or the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A request; `detail` names the API, `url` is what is known of the URL.
    Request { detail: String, url: Prefix },
    /// The page navigates to `url` (`window.location`, `router.open`...).
    Navigation { detail: String, url: Prefix },
    /// A beacon or a load that is not a plain request: `navigator.sendBeacon`,
    /// a pixel, a script tag made in code, `importScripts`.
    Send {
        detail: String,
        url: Prefix,
        channel: Channel,
    },
    /// `withProvider(key).fetch(...)`: an external OAuth API.
    ExternalAuth(String),
    /// `invokeRemote(key)` / `requestRemote(key)`: a Forge Remote call.
    Remote(String),
}

/// The effect of `call`, whose callee evaluates to `callee`.
pub fn call_effect<'a>(
    resolver: &Resolver<'a, '_>,
    callee: &Val<'a>,
    call: &'a CallExpression<'a>,
) -> Option<Effect> {
    let args: Vec<&'a Expression<'a>> = call
        .arguments
        .iter()
        .filter_map(Argument::as_expression)
        .collect();
    let url_at = |i: usize| {
        args.get(i)
            .map_or_else(Prefix::unknown, |e| resolver.prefix(e))
    };
    let request = |detail: &str, url: Prefix| {
        Some(Effect::Request {
            detail: detail.to_string(),
            url,
        })
    };
    match callee {
        Val::Global(path) => match path.as_slice() {
            ["fetch"] => request("fetch", url_at(0)),
            ["navigator", "sendBeacon"] => Some(Effect::Send {
                detail: "navigator.sendBeacon".into(),
                url: url_at(0),
                channel: Channel::Beacon(Beacon::SendBeacon),
            }),
            // A worker's scripts are governed by `script-src`.
            ["importScripts"] => Some(Effect::Send {
                detail: "importScripts".into(),
                url: url_at(0),
                channel: Channel::Load(PageLoad::Script),
            }),
            _ => None,
        },
        Val::Module { module, path } => module_call(resolver, module, path, &args),
        Val::HttpClient { client, base } => request(
            client,
            config_url(resolver, args.first().copied(), base.clone()),
        ),
        Val::Member(object, method) => match (object.as_ref(), *method) {
            (Val::HttpClient { client, base }, m) if METHODS.contains(&m) => {
                let url = if m == "request" {
                    config_url(resolver, args.first().copied(), base.clone())
                } else {
                    with_base(url_at(0), base.clone())
                };
                request(&format!("{client}.{m}"), url)
            }
            (Val::Xhr, "open") => request("XMLHttpRequest.open", url_at(1)),
            (Val::Provider(key), "fetch") => {
                Some(Effect::ExternalAuth(format!("withProvider({key})")))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The effect of `new X(url)`: WebSocket, EventSource, the `ws` package.
pub fn new_effect<'a>(resolver: &Resolver<'a, '_>, new: &'a NewExpression<'a>) -> Option<Effect> {
    let detail = match resolver.eval(&new.callee) {
        Val::Global(path) if path == ["WebSocket"] => "WebSocket",
        Val::Global(path) if path == ["EventSource"] => "EventSource",
        Val::Module { module, path }
            if module == "ws" && (path.is_empty() || path == ["WebSocket"]) =>
        {
            "ws"
        }
        _ => return None,
    };
    let url = new
        .arguments
        .first()
        .and_then(Argument::as_expression)
        .map_or_else(Prefix::unknown, |e| resolver.prefix(e));
    Some(Effect::Request {
        detail: detail.into(),
        url,
    })
}

fn module_call<'a>(
    resolver: &Resolver<'a, '_>,
    module: &str,
    path: &[&str],
    args: &[&'a Expression<'a>],
) -> Option<Effect> {
    if path.contains(&CALL) {
        return None;
    }
    let module = module.strip_prefix("node:").unwrap_or(module);
    let url_at = |i: usize| {
        args.get(i)
            .map_or_else(Prefix::unknown, |e| resolver.prefix(e))
    };
    let request = |detail: String, url: Prefix| Some(Effect::Request { detail, url });
    let key = |prefix: &str| {
        let key = args.first().and_then(|e| static_string(e));
        key.map_or_else(|| prefix.to_string(), |k| format!("{prefix}({k})"))
    };
    match (module, path) {
        ("@forge/api", ["fetch"]) => request("api.fetch".into(), url_at(0)),
        ("@forge/api" | "@forge/bridge", ["invokeRemote"]) => {
            Some(Effect::Remote(key("invokeRemote")))
        }
        ("@forge/bridge", ["requestRemote"]) => Some(Effect::Remote(key("requestRemote"))),
        ("node-fetch" | "cross-fetch" | "isomorphic-fetch", [] | ["fetch"]) => {
            request(module.into(), url_at(0))
        }
        ("undici", [f @ ("fetch" | "request")]) => request(format!("undici.{f}"), url_at(0)),
        ("axios" | "got" | "ky", []) => request(
            module.into(),
            config_url(resolver, args.first().copied(), None),
        ),
        ("axios" | "got" | "ky", [m]) if METHODS.contains(m) => {
            let url = if *m == "request" {
                config_url(resolver, args.first().copied(), None)
            } else {
                url_at(0)
            };
            request(format!("{module}.{m}"), url)
        }
        // superagent: `request.get(url)` or `request('GET', url)`.
        ("superagent", [m]) if METHODS.contains(m) => request(format!("superagent.{m}"), url_at(0)),
        ("superagent", []) => request(
            "superagent".into(),
            url_at(if args.len() > 1 { 1 } else { 0 }),
        ),
        ("http" | "https", [m @ ("request" | "get")]) => request(
            format!("{module}.{m}"),
            node_http_url(resolver, module, args.first().copied()),
        ),
        _ => None,
    }
}

/// The URL of a `client(url)` / `client({ url, baseURL })` style call.
fn config_url<'a>(
    resolver: &Resolver<'a, '_>,
    arg: Option<&'a Expression<'a>>,
    base: Option<Prefix>,
) -> Prefix {
    let Some(arg) = arg else {
        return base.unwrap_or_default();
    };
    if is_object(resolver, arg) {
        let base = resolver
            .object_property(arg, "baseURL")
            .map(|b| resolver.prefix(b))
            .or(base);
        let url = resolver
            .object_property(arg, "url")
            .map_or_else(|| Prefix::exact(""), |u| resolver.prefix(u));
        with_base(url, base)
    } else {
        with_base(resolver.prefix(arg), base)
    }
}

/// `url` resolved against a client's base URL.
fn with_base(url: Prefix, base: Option<Prefix>) -> Prefix {
    let absolute = url.text.contains("://") || url.text.starts_with("//");
    match base {
        Some(base) if !absolute => join_base(base),
        _ => url,
    }
}

/// Node `http.request(url | options)`: options give `hostname`/`host` and `protocol`.
fn node_http_url<'a>(
    resolver: &Resolver<'a, '_>,
    module: &str,
    arg: Option<&'a Expression<'a>>,
) -> Prefix {
    let Some(arg) = arg else {
        return Prefix::unknown();
    };
    if !is_object(resolver, arg) {
        return resolver.prefix(arg);
    }
    let host = resolver
        .object_property(arg, "hostname")
        .or_else(|| resolver.object_property(arg, "host"))
        .map_or_else(Prefix::unknown, |h| resolver.prefix(h));
    if !host.complete || host.text.is_empty() {
        return Prefix::unknown();
    }
    let protocol = resolver
        .object_property(arg, "protocol")
        .and_then(|p| static_string(p))
        .map_or_else(|| format!("{module}:"), str::to_string);
    Prefix {
        text: format!("{}://{}/", protocol.trim_end_matches(':'), host.text),
        complete: false,
        key: None,
    }
}

fn is_object<'a>(resolver: &Resolver<'a, '_>, expr: &'a Expression<'a>) -> bool {
    match expr.get_inner_expression() {
        Expression::ObjectExpression(_) => true,
        // A const holding an object literal: any property lookup that resolves
        // through it proves it; `url` or `baseURL` are the likely ones.
        Expression::Identifier(_) => ["url", "baseURL", "hostname", "host", "method"]
            .iter()
            .any(|p| resolver.object_property(expr, p).is_some()),
        _ => false,
    }
}
