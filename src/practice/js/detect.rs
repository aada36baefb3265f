//! Walks the semantic node list once and records observations.

use std::collections::{HashMap, HashSet};

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, Expression, IdentifierReference, ImportDeclarationSpecifier, ObjectPropertyKind,
    Program,
};
use oxc_semantic::Semantic;

use crate::lines::LineIndex;
use crate::model::{Channel, Fact, Location, Observation, ObservationKind, Side};
use crate::practice::aliases::{Aliases, NO_ALIASES};
use crate::rulesets::Catalogue;

use super::network::{Effect, call_effect, new_effect};
use super::storage::{BROWSER_STORAGE, LEGACY_STORAGE_KEY, forge_storage_call, storage_module};
use super::summary::{ModuleSummary, Summariser, render_path};
use super::url::{Prefix, Target, target};
use super::value::{Resolver, Val, static_string};

/// Gathers the observations of one file.
pub struct Collector<'c> {
    rel_path: &'c str,
    side: Side,
    catalogue: &'c Catalogue,
    lines: LineIndex<'c>,
    out: Vec<Observation>,
    /// Forge storage imports: (module key, detail, offset), reported only when
    /// the module is never called.
    storage_imports: Vec<(String, &'static str, u32)>,
    storage_called: HashSet<String>,
    source: &'c str,
    /// Where each catalogue package is first imported: SDK calls lead there.
    sdk_imports: HashMap<String, Location>,
    /// SDK calls (index into `out`) and their package, to point at its import.
    sdk_calls: Vec<(usize, String)>,
    /// package.json aliases: an import of `metrics` may be another package.
    aliases: &'c Aliases,
}

impl<'c> Collector<'c> {
    pub fn new(rel_path: &'c str, source: &'c str, side: Side, catalogue: &'c Catalogue) -> Self {
        Collector {
            rel_path,
            side,
            catalogue,
            lines: LineIndex::new(source),
            out: Vec::new(),
            storage_imports: Vec::new(),
            storage_called: HashSet::new(),
            source,
            sdk_imports: HashMap::new(),
            sdk_calls: Vec::new(),
            aliases: &NO_ALIASES,
        }
    }

    /// Reads imports through these package aliases.
    pub fn with_aliases(mut self, aliases: &'c Aliases) -> Self {
        self.aliases = aliases;
        self
    }

    /// Every observation in the file, sorted by position, and what the file
    /// offers and takes from other modules. `arena` is the one the file was
    /// parsed into.
    pub fn run<'a>(
        mut self,
        program: &'a Program<'a>,
        semantic: &Semantic<'a>,
        arena: &'a Allocator,
    ) -> (Vec<Observation>, ModuleSummary) {
        let resolver = Resolver::new(semantic, arena);
        let mut summary = Summariser::new(
            self.rel_path,
            self.source,
            self.catalogue,
            program,
            &resolver,
        );
        for node in semantic.nodes().iter() {
            if let Some(hidden) = super::obscured::hidden(&resolver, &node.kind()) {
                self.hidden(hidden);
            }
            match node.kind() {
                AstKind::CallExpression(call) => {
                    let callee = resolver.eval(&call.callee);
                    self.require(
                        &callee,
                        call.arguments.first(),
                        call.span.start,
                        &mut summary,
                    );
                    summary.call_site(&callee, &call.callee, false, call.span.start);
                    self.sdk_call(&resolver, &callee, &call.arguments, false, call.span.start);
                    if let Some((key, detail)) = forge_storage_call(&callee) {
                        self.storage_called.insert(key);
                        self.push(ObservationKind::ForgeStorage, detail, call.span.start);
                    }
                    if let Some(effect) = call_effect(&resolver, &callee, call) {
                        self.effect(effect, call.span.start);
                    }
                    if let Some(found) =
                        super::api::product_call(semantic, &resolver, &callee, call)
                    {
                        let obs =
                            self.push(ObservationKind::ProductApi, &found.detail, call.span.start);
                        super::api::annotate(obs, found.api);
                    }
                }
                AstKind::NewExpression(new) => {
                    if let Some(effect) = new_effect(&resolver, new) {
                        self.effect(effect, new.span.start);
                    }
                    let callee = resolver.eval(&new.callee);
                    summary.call_site(&callee, &new.callee, true, new.span.start);
                    // `client.send(new PutObjectCommand(...))` is one use of the
                    // SDK, whether the client is this file's or another module's.
                    let argument_of_module_call = match semantic.nodes().parent_kind(node.id()) {
                        AstKind::CallExpression(outer) => {
                            matches!(resolver.eval(&outer.callee), Val::Module { .. })
                        }
                        AstKind::NewExpression(outer) => {
                            matches!(resolver.eval(&outer.callee), Val::Module { .. })
                        }
                        _ => false,
                    };
                    if !argument_of_module_call {
                        self.sdk_call(&resolver, &callee, &new.arguments, true, new.span.start);
                    }
                }
                AstKind::IdentifierReference(id) => self.storage_global(&resolver, id),
                AstKind::StaticMemberExpression(m) => {
                    self.storage_member(
                        &resolver,
                        &m.object,
                        Some(m.property.name.as_str()),
                        m.span.start,
                    );
                }
                AstKind::ComputedMemberExpression(m) => {
                    let prop = resolver.computed_name(&m.expression);
                    self.storage_member(&resolver, &m.object, prop, m.span.start);
                }
                AstKind::ImportDeclaration(decl) if !decl.import_kind.is_type() => {
                    let specifiers: &[ImportDeclarationSpecifier<'_>] =
                        decl.specifiers.as_ref().map_or(&[], |s| s.as_slice());
                    let all_types = !specifiers.is_empty()
                        && specifiers.iter().all(|s| {
                            matches!(s, ImportDeclarationSpecifier::ImportSpecifier(s) if s.import_kind.is_type())
                        });
                    if !all_types {
                        let module = decl.source.value.as_str();
                        self.sdk(module, decl.span.start);
                        self.storage_import(module, decl.span.start);
                        let legacy = specifiers.iter().any(|s| {
                            matches!(s, ImportDeclarationSpecifier::ImportSpecifier(s)
                                if !s.import_kind.is_type() && s.imported.name() == "storage")
                        });
                        if module == "@forge/api" && legacy {
                            self.storage_imports.push((
                                LEGACY_STORAGE_KEY.into(),
                                "legacy-storage",
                                decl.span.start,
                            ));
                        }
                    }
                }
                AstKind::ImportExpression(import) => match static_string(&import.source) {
                    Some(module) => {
                        self.sdk(module, import.span.start);
                        self.storage_import(module, import.span.start);
                        summary.load(module, import.span.start);
                    }
                    None => summary.computed_load(import.span.start),
                },
                AstKind::ExportAllDeclaration(decl) if !decl.export_kind.is_type() => {
                    self.sdk(decl.source.value.as_str(), decl.span.start);
                }
                AstKind::ExportFromDeclaration(decl) if !decl.export_kind.is_type() => {
                    self.sdk(decl.source.value.as_str(), decl.span.start);
                }
                _ => {}
            }
        }
        for (effect, offset) in super::navigation::navigations(semantic, &resolver, self.side) {
            self.effect(effect, offset);
        }
        for (detail, offset, fact) in super::secrets::observations(semantic, &resolver, self.side) {
            self.push(ObservationKind::Secret, &detail, offset).fact = fact;
        }
        self.unused_storage_imports();
        for (index, package) in std::mem::take(&mut self.sdk_calls) {
            if let (Some(obs), Some(at)) = (self.out.get_mut(index), self.sdk_imports.get(&package))
            {
                obs.trace = vec![at.clone()];
            }
        }
        self.out.sort_by(|a, b| {
            (a.location.line, a.location.column, a.kind, &a.detail).cmp(&(
                b.location.line,
                b.location.column,
                b.kind,
                &b.detail,
            ))
        });
        let summary = summary.finish(&self.sdk_imports);
        (self.out, summary)
    }

    /// `require('m')` with the real `require`.
    fn require(
        &mut self,
        callee: &Val<'_>,
        first: Option<&Argument<'_>>,
        offset: u32,
        summary: &mut Summariser<'_>,
    ) {
        if !matches!(callee, Val::Global(path) if *path == ["require"]) {
            return;
        }
        match first
            .and_then(Argument::as_expression)
            .and_then(static_string)
        {
            Some(module) => {
                self.sdk(module, offset);
                self.storage_import(module, offset);
                summary.load(module, offset);
            }
            None => summary.computed_load(offset),
        }
    }

    /// A call or `new` on something an SDK import yields: a place data
    /// leaves through the SDK, with the host its configuration names.
    fn sdk_call<'a>(
        &mut self,
        resolver: &Resolver<'a, '_>,
        callee: &Val<'a>,
        arguments: &'a [Argument<'a>],
        constructs: bool,
        offset: u32,
    ) {
        let Val::Module { module, path } = callee else {
            return;
        };
        let Some(vendor) = self
            .catalogue
            .vendor_for_package(module)
            .filter(|v| !v.is_first_party())
        else {
            return;
        };
        let (id, categories) = (vendor.id.clone(), vendor.categories.clone());
        let (host, scheme) = configured_host(resolver, arguments).unzip();
        let detail = format!("{module}: {}", render_path(path, constructs));
        let obs = self.push(ObservationKind::SdkCall, &detail, offset);
        obs.vendor = Some(id);
        obs.categories = categories;
        obs.host = host;
        obs.scheme = scheme.flatten();
        self.sdk_calls
            .push((self.out.len() - 1, module.to_string()));
    }

    fn sdk(&mut self, module: &str, offset: u32) {
        if module.starts_with('.') || module.starts_with('/') {
            return;
        }
        let real = self.aliases.resolve(module);
        let package = real.as_deref().unwrap_or(module);
        let Some(vendor) = self.catalogue.vendor_for_package(package) else {
            return;
        };
        if vendor.is_first_party() {
            return;
        }
        let (id, categories) = (vendor.id.clone(), vendor.categories.clone());
        let detail = match &real {
            Some(real) => format!("{module} (alias of {real})"),
            None => module.to_string(),
        };
        let obs = self.push(ObservationKind::Sdk, &detail, offset);
        obs.vendor = Some(id);
        obs.categories = categories;
        let at = obs.location.clone();
        self.sdk_imports.entry(module.to_string()).or_insert(at);
    }

    /// Obscured code, and the module a computed `require` name folds to.
    fn hidden(&mut self, hidden: super::obscured::Hidden) {
        let obs = self.push(ObservationKind::Obscured, &hidden.detail, hidden.offset);
        obs.fact = Fact::Obscured(hidden.how);
        if let Some(module) = hidden.module {
            self.sdk(&module, hidden.offset);
            self.storage_import(&module, hidden.offset);
        }
    }

    fn storage_import(&mut self, module: &str, offset: u32) {
        let real = self.aliases.resolve(module);
        let module = real.as_deref().unwrap_or(module);
        if let Some(detail) = super::storage::cookie_library(module) {
            self.push(ObservationKind::BrowserStorage, detail, offset);
        }
        if let Some(detail) = storage_module(module) {
            self.storage_imports
                .push((module.to_string(), detail, offset));
        }
    }

    fn unused_storage_imports(&mut self) {
        let mut reported = HashSet::new();
        for (key, detail, offset) in std::mem::take(&mut self.storage_imports) {
            if !self.storage_called.contains(&key) && reported.insert((key, offset)) {
                self.push(ObservationKind::ForgeStorage, detail, offset);
            }
        }
    }

    fn effect(&mut self, effect: Effect, offset: u32) {
        match effect {
            Effect::ExternalAuth(detail) => {
                self.push(ObservationKind::ExternalAuth, &detail, offset);
            }
            Effect::Remote(detail) => {
                self.push(ObservationKind::Remote, &detail, offset).fact = Fact::RemoteCall;
            }
            Effect::Request { detail, url } => self.request(detail, url, Channel::Request, offset),
            Effect::Navigation { detail, url } => {
                self.request(detail, url, Channel::Navigation, offset);
            }
            Effect::Send {
                detail,
                url,
                channel,
            } => self.request(detail, url, channel, offset),
        }
    }

    fn request(&mut self, detail: String, url: Prefix, channel: Channel, offset: u32) {
        let (host, scheme) = match target(&url) {
            Target::Relative => return,
            Target::Dynamic => (None, None),
            Target::Host { host, scheme } => (Some(host), scheme),
        };
        let fact = match host {
            Some(_) => Fact::Call(channel),
            None => Fact::Computed {
                channel,
                known: super::url::known_parts(&url),
            },
        };
        let vendor = host
            .as_deref()
            .and_then(|h| self.catalogue.vendor_for_host(h));
        let (vendor, categories) = vendor.map_or((None, Vec::new()), |v| {
            (Some(v.id.clone()), v.categories.clone())
        });
        let obs = self.push(ObservationKind::NetworkCall, &detail, offset);
        obs.host = host;
        obs.scheme = scheme;
        obs.vendor = vendor;
        obs.categories = categories;
        obs.fact = fact;
    }

    /// A bare `localStorage` / `sessionStorage` / `indexedDB` that is the real global.
    fn storage_global<'a>(&mut self, resolver: &Resolver<'a, '_>, id: &IdentifierReference<'a>) {
        if let Some(name) = BROWSER_STORAGE.iter().find(|n| **n == id.name.as_str())
            && resolver.is_global(id)
        {
            self.push(ObservationKind::BrowserStorage, name, id.span.start);
        }
    }

    /// `window.localStorage`, `globalThis.sessionStorage`, `document.cookie`.
    fn storage_member<'a>(
        &mut self,
        resolver: &Resolver<'a, '_>,
        object: &'a Expression<'a>,
        prop: Option<&str>,
        offset: u32,
    ) {
        let Some(prop) = prop else { return };
        let is_storage = BROWSER_STORAGE.contains(&prop);
        if !is_storage && prop != "cookie" {
            return;
        }
        let Val::Global(path) = resolver.eval(object) else {
            return;
        };
        let detail = match path.as_slice() {
            ["window" | "globalThis" | "self"] if is_storage => prop,
            ["document"] if prop == "cookie" => "cookie",
            _ => return,
        };
        self.push(ObservationKind::BrowserStorage, detail, offset);
    }

    fn push(&mut self, kind: ObservationKind, detail: &str, offset: u32) -> &mut Observation {
        let (line, column) = self.lines.position(offset as usize);
        let location = crate::model::Location::new(self.rel_path, line, Some(column));
        self.out
            .push(Observation::new(kind, self.side, detail, location));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

/// The host an SDK call's configuration names: a URL argument (`createClient(url,
/// key)`) or a URL-valued property of an options object (`{ api_host }`,
/// `{ dsn }`, `{ endpoint }`).
fn configured_host<'a>(
    resolver: &Resolver<'a, '_>,
    arguments: &'a [Argument<'a>],
) -> Option<(String, Option<String>)> {
    let host_of = |expr: &'a Expression<'a>| match target(&resolver.prefix(expr)) {
        Target::Host { host, scheme } => Some((host, scheme)),
        _ => None,
    };
    arguments
        .iter()
        .filter_map(Argument::as_expression)
        .find_map(|arg| match arg.get_inner_expression() {
            Expression::ObjectExpression(object) => {
                object.properties.iter().find_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) if !p.computed => host_of(&p.value),
                    _ => None,
                })
            }
            other => host_of(other),
        })
}
