//! Rust backends (Forge Remotes, containers), parsed with `syn`.
//!
//! Finds `use` of catalogue crates, HTTP client calls (`reqwest`, `ureq`,
//! `hyper`, `surf`, `isahc`...) with the host of a literal, a `const`/`static`
//! or a `format!` URL, `sentry::init`, and vendor SDK client construction
//! (`aws_sdk_s3::Client::new`). `syn` does no name resolution, so `use` aliases
//! and the `let` bindings of HTTP clients are tracked here.

use std::collections::{HashMap, HashSet};

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Lit, Macro, Token, UseTree};

use crate::lines::LineIndex;
use crate::model::{Location, Observation, ObservationKind, Side};
use crate::rulesets::Catalogue;

/// Crates whose calls are HTTP requests.
const HTTP_CRATES: &[&str] = &[
    "reqwest",
    "ureq",
    "hyper",
    "hyper_util",
    "surf",
    "isahc",
    "attohttpc",
    "minreq",
    "awc",
];

/// Request functions and builder methods whose first argument is the URL.
const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "uri"];

/// Observations of one Rust source file, or the syntax error's
/// `line:column` and message.
pub fn scan_rust(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    let result = analyse(rel_path, source, side, catalogue);
    // proc-macro2 keeps every parsed source in a thread-local map for span
    // locations; no span outlives `analyse`, so the map can be emptied.
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

fn analyse(
    rel_path: &str,
    source: &str,
    side: Side,
    catalogue: &Catalogue,
) -> Result<Vec<Observation>, String> {
    let lines = LineIndex::new(source);
    let file = syn::parse_file(source).map_err(|e| {
        let (line, column) = lines.position(e.span().byte_range().start);
        format!("syntax error at {line}:{column}: {e}")
    })?;
    let mut names = Names::default();
    names.visit_file(&file);
    let mut scanner = Scanner {
        rel_path,
        side,
        catalogue,
        lines: &lines,
        names: &names,
        http_in_file: HTTP_CRATES.iter().any(|c| source.contains(c)),
        out: Vec::new(),
    };
    for (path, span) in &names.uses {
        scanner.use_of(path, *span);
    }
    scanner.visit_file(&file);
    let mut out = scanner.out;
    out.sort_by(|a, b| {
        (a.location.line, a.location.column, a.kind, &a.detail).cmp(&(
            b.location.line,
            b.location.column,
            b.kind,
            &b.detail,
        ))
    });
    out.dedup();
    Ok(out)
}

/// What the file names: `use` aliases, string constants and HTTP client bindings.
#[derive(Default)]
struct Names {
    /// Local name -> full path (`http` -> `reqwest`, `Client` -> `reqwest::Client`).
    aliases: HashMap<String, Vec<String>>,
    /// Each `use` leaf's full path and where it starts.
    uses: Vec<(Vec<String>, Span)>,
    /// String constants, statics and `let` bindings; `None` when one name is
    /// bound to different values (no scoping is done, so it stays unknown).
    strings: HashMap<String, Option<String>>,
    /// Bindings initialised from an HTTP client (`let client = Client::new()`).
    clients: HashSet<String>,
}

impl Names {
    fn add_use(&mut self, tree: &UseTree, prefix: &mut Vec<String>, span: Span) {
        match tree {
            UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.add_use(&p.tree, prefix, span);
                prefix.pop();
            }
            UseTree::Name(n) => {
                let mut full = prefix.clone();
                let name = n.ident.to_string();
                // `use reqwest::{self}` names the module itself.
                if name != "self" {
                    full.push(name.clone());
                }
                let local = full.last().cloned().unwrap_or(name);
                self.aliases.insert(local, full.clone());
                self.uses.push((full, span));
            }
            UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.aliases.insert(r.rename.to_string(), full.clone());
                self.uses.push((full, span));
            }
            UseTree::Glob(_) => self.uses.push((prefix.clone(), span)),
            UseTree::Group(g) => {
                for item in &g.items {
                    self.add_use(item, prefix, span);
                }
            }
        }
    }

    fn bind_string(&mut self, name: String, value: Option<String>) {
        let Some(value) = value else {
            return;
        };
        self.strings
            .entry(name)
            .and_modify(|old| {
                if old.as_deref() != Some(value.as_str()) {
                    *old = None;
                }
            })
            .or_insert(Some(value));
    }

    /// The full path a written path stands for, through `use` aliases.
    fn resolve(&self, path: &syn::Path) -> Vec<String> {
        let mut segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if matches!(segments.first().map(String::as_str), Some("crate" | "self")) {
            segments.remove(0);
        }
        if let Some(first) = segments.first()
            && let Some(full) = self.aliases.get(first)
        {
            let mut resolved = full.clone();
            resolved.extend(segments.into_iter().skip(1));
            return resolved;
        }
        segments
    }

    /// The string an expression evaluates to, when it is known statically:
    /// literals, constants, `format!` with a literal head, and conversions.
    fn string_value(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            Expr::Path(p) if p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                self.strings.get(&name).cloned().flatten()
            }
            Expr::Reference(r) => self.string_value(&r.expr),
            Expr::Paren(p) => self.string_value(&p.expr),
            Expr::Group(g) => self.string_value(&g.expr),
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "to_string"
                        | "to_owned"
                        | "into"
                        | "as_str"
                        | "parse"
                        | "clone"
                        | "ok"
                        | "unwrap"
                        | "expect"
                ) =>
            {
                self.string_value(&m.receiver)
            }
            // `String::from(..)`, `Url::parse(..)`, `Uri::from_static(..)`, `Some(..)`.
            Expr::Call(c) if c.args.len() == 1 => {
                let Expr::Path(f) = &*c.func else {
                    return None;
                };
                let last = f.path.segments.last()?.ident.to_string();
                matches!(
                    last.as_str(),
                    "from" | "parse" | "from_static" | "new" | "Some"
                )
                .then(|| self.string_value(&c.args[0]))
                .flatten()
            }
            Expr::Macro(m) => self.format_value(&m.mac),
            _ => None,
        }
    }

    /// `format!("https://{}/x", BASE)`: the format string with a leading hole
    /// filled from a known constant; other holes stay as `{}`.
    fn format_value(&self, mac: &Macro) -> Option<String> {
        let name = mac.path.segments.last()?.ident.to_string();
        if !matches!(name.as_str(), "format" | "concat") {
            return None;
        }
        let args = mac
            .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
            .ok()?;
        if name == "concat" {
            return args.iter().map(|a| self.string_value(a)).collect();
        }
        let template = self.string_value(args.first()?)?;
        let Some(rest) = template.strip_prefix('{') else {
            return Some(template);
        };
        let Some((hole, tail)) = rest.split_once('}') else {
            return Some(template);
        };
        let head = if hole.is_empty() {
            args.iter().nth(1).and_then(|a| self.string_value(a))
        } else {
            self.strings.get(hole).cloned().flatten()
        };
        Some(match head {
            Some(head) => format!("{head}{tail}"),
            None => template,
        })
    }

    fn mentions_http_client(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => is_http_path(&self.resolve(&p.path)),
                _ => false,
            },
            Expr::MethodCall(m) => self.mentions_http_client(&m.receiver),
            Expr::Path(p) => {
                p.path.segments.len() == 1
                    && self.clients.contains(&p.path.segments[0].ident.to_string())
            }
            Expr::Try(t) => self.mentions_http_client(&t.expr),
            Expr::Await(a) => self.mentions_http_client(&a.base),
            Expr::Reference(r) => self.mentions_http_client(&r.expr),
            Expr::Field(f) => {
                matches!(&f.member, syn::Member::Named(n) if self.clients.contains(&n.to_string()))
            }
            _ => false,
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.add_use(&item.tree, &mut Vec::new(), item.tree.span());
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        if let Some((_, rename)) = &item.rename {
            self.aliases
                .insert(rename.to_string(), vec![item.ident.to_string()]);
        }
    }

    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        let value = self.string_value(&item.expr);
        self.bind_string(item.ident.to_string(), value);
        syn::visit::visit_item_const(self, item);
    }

    fn visit_item_static(&mut self, item: &'ast syn::ItemStatic) {
        let value = self.string_value(&item.expr);
        self.bind_string(item.ident.to_string(), value);
        syn::visit::visit_item_static(self, item);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        let pat = match &local.pat {
            syn::Pat::Type(t) => &*t.pat,
            p => p,
        };
        if let (syn::Pat::Ident(id), Some(init)) = (pat, &local.init) {
            let name = id.ident.to_string();
            let value = self.string_value(&init.expr);
            self.bind_string(name.clone(), value);
            let typed_client = matches!(&local.pat, syn::Pat::Type(t)
                if matches!(&*t.ty, syn::Type::Path(p) if is_http_path(&self.resolve(&p.path))));
            if typed_client || self.mentions_http_client(&init.expr) {
                self.clients.insert(name);
            }
        }
        syn::visit::visit_local(self, local);
    }

    /// Struct fields of a client type (`client: reqwest::Client`) make
    /// `self.client.get(..)` a request.
    fn visit_field(&mut self, field: &'ast syn::Field) {
        if let (Some(name), syn::Type::Path(p)) = (&field.ident, &field.ty)
            && is_http_path(&self.resolve(&p.path))
        {
            self.clients.insert(name.to_string());
        }
        syn::visit::visit_field(self, field);
    }
}

fn is_http_path(path: &[String]) -> bool {
    path.first()
        .is_some_and(|c| HTTP_CRATES.contains(&c.as_str()))
}

/// The second pass: calls, with the names of the first pass.
struct Scanner<'a> {
    rel_path: &'a str,
    side: Side,
    catalogue: &'a Catalogue,
    lines: &'a LineIndex<'a>,
    names: &'a Names,
    /// The file names an HTTP client crate somewhere.
    http_in_file: bool,
    out: Vec<Observation>,
}

impl Scanner<'_> {
    fn location(&self, span: Span) -> Location {
        let (line, column) = self.lines.position(span.byte_range().start);
        Location::new(self.rel_path, line, Some(column))
    }

    fn vendor_obs(&mut self, kind: ObservationKind, krate: &str, detail: String, span: Span) {
        let Some(vendor) = self.catalogue.vendor_for_crate(krate) else {
            return;
        };
        if vendor.is_first_party() {
            return;
        }
        let mut obs = Observation::new(kind, self.side, detail, self.location(span));
        obs.vendor = Some(vendor.id.clone());
        obs.categories = vendor.categories.clone();
        self.out.push(obs);
    }

    fn use_of(&mut self, path: &[String], span: Span) {
        if let Some(krate) = path.first() {
            self.vendor_obs(ObservationKind::Sdk, krate, path.join("::"), span);
        }
    }

    /// A network call to `url` (host `None` when it is computed at run time).
    fn network_call(&mut self, detail: String, url: Option<&str>, span: Span) {
        let mut obs = Observation::new(
            ObservationKind::NetworkCall,
            self.side,
            detail,
            self.location(span),
        );
        if let Some((scheme, host)) = url.and_then(split_url) {
            obs.scheme = Some(scheme);
            if let Some(host) = host {
                if let Some(vendor) = self.catalogue.vendor_for_host(&host) {
                    obs.vendor = Some(vendor.id.clone());
                    obs.categories = vendor.categories.clone();
                }
                obs.host = Some(host);
            }
        }
        self.out.push(obs);
    }
}

/// `https://user@Host:443/x` -> ("https", Some("host")); a host with a format
/// hole (`https://{}/x`) is unknown.
fn split_url(url: &str) -> Option<(String, Option<String>)> {
    let (scheme, rest) = crate::url::split_scheme(url)?;
    if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
        return None;
    }
    let parts = crate::url::Authority::parse(crate::url::authority_of(rest));
    let host = (!parts.host.is_empty() && !parts.host.contains(['{', '}', '$']))
        .then(|| parts.normalised_host());
    Some((scheme, host))
}

fn is_url(value: &str) -> bool {
    split_url(value).is_some()
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_expr_call(&mut self, call: &'ast ExprCall) {
        if let Expr::Path(p) = &*call.func {
            let path = self.names.resolve(&p.path);
            let joined = path.join("::");
            let last = path.last().map(String::as_str).unwrap_or_default();
            let span = call.span();
            if path.len() == 2 && path[0] == "sentry" && last == "init" {
                // With a known DSN the call is reported once, as the network
                // call it sets up (vendor Sentry); otherwise as the SDK.
                let dsn = call.args.first().and_then(|a| dsn_of(self.names, a));
                match dsn.filter(|d| is_url(d)) {
                    Some(dsn) => self.network_call(joined, Some(&dsn), span),
                    None => self.vendor_obs(ObservationKind::Sdk, "sentry", joined, span),
                }
            } else if is_http_path(&path) && (VERBS.contains(&last) || last == "request") {
                // `request(Method::POST, url)` takes the URL second.
                let arg = if last == "request" { 1 } else { 0 };
                let url = call
                    .args
                    .iter()
                    .nth(arg)
                    .and_then(|a| self.names.string_value(a));
                self.network_call(joined, url.as_deref(), span);
            } else if path.len() >= 2 && path.iter().any(|s| s == "Client") && !is_http_path(&path)
            {
                self.vendor_obs(ObservationKind::Sdk, &path[0], joined, span);
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        let method = call.method.to_string();
        let arg = match method.as_str() {
            "request" => Some(1),
            m if VERBS.contains(&m) => Some(0),
            _ => None,
        };
        if let Some(arg) = arg {
            let url = call
                .args
                .iter()
                .nth(arg)
                .and_then(|a| self.names.string_value(a));
            let on_client = self.names.mentions_http_client(&call.receiver);
            // Without a known client, only a URL argument makes `.get(..)` a
            // request (`map.get(key)` is not one).
            let url_arg = url.as_deref().is_some_and(is_url) && self.http_in_file;
            if on_client || url_arg {
                let detail = format!("{}.{method}", receiver_text(&call.receiver));
                let span = call.method.span();
                self.network_call(detail, url.as_deref(), span);
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    /// Macro bodies are opaque to syn; comma-separated expressions inside
    /// (`println!`, `tokio::join!`, `vec!`) are parsed and visited.
    fn visit_macro(&mut self, mac: &'ast Macro) {
        if let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            for arg in &args {
                self.visit_expr(arg);
            }
        }
    }
}

/// The DSN of `sentry::init`'s argument: a string, a `(dsn, options)` tuple or
/// `ClientOptions { dsn: .., .. }`.
fn dsn_of(names: &Names, arg: &Expr) -> Option<String> {
    match arg {
        Expr::Tuple(t) => t.elems.first().and_then(|e| names.string_value(e)),
        Expr::Struct(s) => s.fields.iter().find_map(|f| match &f.member {
            syn::Member::Named(n) if n == "dsn" => names.string_value(&f.expr),
            _ => None,
        }),
        other => names.string_value(other),
    }
}

/// A short name for the receiver of a request method: `client`,
/// `self.http`, `Client::new()`.
fn receiver_text(expr: &Expr) -> String {
    match expr {
        Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => format!("{}.{n}", receiver_text(&f.base)),
            syn::Member::Unnamed(i) => format!("{}.{}", receiver_text(&f.base), i.index),
        },
        Expr::Call(c) => format!("{}()", receiver_text(&c.func)),
        Expr::MethodCall(m) => format!("{}.{}()", receiver_text(&m.receiver), m.method),
        Expr::Reference(r) => receiver_text(&r.expr),
        Expr::Paren(p) => receiver_text(&p.expr),
        _ => "(expr)".to_string(),
    }
}

#[cfg(test)]
mod tests;
