//! What an expression refers to, resolved through scopes: a real global, a
//! module import (ES, CommonJS or dynamic), an HTTP client instance, or nothing
//! known. Also the static prefix of URL-like expressions.

use std::borrow::Cow;
use std::collections::HashMap;

use oxc_allocator::Allocator;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, BindingPattern, CallExpression, ChainElement, Expression, IdentifierReference,
    ImportDeclarationSpecifier, MemberExpression, ModuleExportName, ObjectPropertyKind,
};
use oxc_semantic::{Scoping, Semantic};
use oxc_syntax::operator::{BinaryOperator, LogicalOperator};
use oxc_syntax::symbol::SymbolId;

use super::url::{Prefix, Target, target};

/// Const chains longer than this are given up on (also stops `const a = b, b = a`).
const MAX_DEPTH: u32 = 32;

/// Path segment marking "the result of calling what precedes".
pub const CALL: &str = "()";

/// Globals that stand for the global object itself.
const GLOBAL_OBJECTS: [&str; 3] = ["window", "globalThis", "self"];

/// What an expression denotes, as far as static analysis can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// Names are borrowed from the source (or the parser's arena), so evaluating an
/// expression allocates no strings.
pub enum Val<'a> {
    Unknown,
    /// A real (undeclared) global and the members read off it: `["localStorage", "setItem"]`.
    /// `window.x`, `globalThis.x` and `self.x` are folded into `["x"]`.
    Global(Vec<&'a str>),
    /// Something reached from a module: `path` lists members read and calls made
    /// (`CALL`); `default` is dropped so ES and CommonJS interop look alike.
    Module {
        module: &'a str,
        path: Vec<&'a str>,
    },
    /// `asUser().withProvider(key)` from `@forge/api`.
    Provider(&'a str),
    /// `axios.create({ baseURL })`: `base` is `None` without a baseURL.
    HttpClient {
        client: &'static str,
        base: Option<Prefix>,
    },
    /// `new XMLHttpRequest()`.
    Xhr,
    /// An element made in code: `document.createElement('script')` (lower-case
    /// `tag`), or `new Image()` / `new Audio()` (`constructed`), which is never
    /// put on the page and so loads only to deliver its URL.
    Element {
        tag: &'a str,
        constructed: bool,
    },
    /// A member of one of the values above that is not a module or global.
    Member(Box<Val<'a>>, &'a str),
}

/// What a local name was bound to.
#[derive(Debug)]
enum Binding<'a> {
    /// `import x from 'm'`, `import { a as x } from 'm'`, `import * as x from 'm'`.
    Import { module: &'a str, path: Vec<&'a str> },
    /// `const x = init` or `const { a: { b: x } } = init` (path `["a", "b"]`), for
    /// variables never reassigned.
    Init {
        init: &'a Expression<'a>,
        path: Vec<&'a str>,
    },
}

/// Scope-correct name resolution for one file.
pub struct Resolver<'a, 's> {
    scoping: &'s Scoping,
    bindings: HashMap<SymbolId, Binding<'a>>,
    /// Holds the few names the source does not spell out (numeric keys).
    arena: &'a Allocator,
}

impl<'a, 's> Resolver<'a, 's> {
    /// Records every import and never-reassigned variable initialiser in the file.
    pub fn new(semantic: &'s Semantic<'a>, arena: &'a Allocator) -> Self {
        let mut resolver = Resolver {
            scoping: semantic.scoping(),
            bindings: HashMap::new(),
            arena,
        };
        for node in semantic.nodes().iter() {
            match node.kind() {
                AstKind::ImportDeclaration(decl) if !decl.import_kind.is_type() => {
                    let module = decl.source.value.as_str();
                    for spec in decl.specifiers.iter().flatten() {
                        let (local, path) = match spec {
                            ImportDeclarationSpecifier::ImportSpecifier(s) => {
                                if s.import_kind.is_type() {
                                    continue;
                                }
                                (&s.local, member_path(&[], export_name(&s.imported)))
                            }
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                (&s.local, Vec::new())
                            }
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                (&s.local, Vec::new())
                            }
                        };
                        if let Some(symbol) = local.symbol_id.get() {
                            resolver
                                .bindings
                                .insert(symbol, Binding::Import { module, path });
                        }
                    }
                }
                AstKind::VariableDeclarator(decl) => {
                    if let Some(init) = &decl.init {
                        resolver.bind_pattern(&decl.id, init, Vec::new());
                    }
                }
                _ => {}
            }
        }
        resolver
    }

    fn bind_pattern(
        &mut self,
        pattern: &'a BindingPattern<'a>,
        init: &'a Expression<'a>,
        path: Vec<&'a str>,
    ) {
        match pattern {
            BindingPattern::BindingIdentifier(id) => {
                if let Some(symbol) = id.symbol_id.get()
                    && !self.scoping.symbol_is_mutated(symbol)
                {
                    self.bindings.insert(symbol, Binding::Init { init, path });
                }
            }
            BindingPattern::ObjectPattern(object) => {
                for prop in &object.properties {
                    if prop.computed {
                        continue;
                    }
                    if let Some(key) = prop.key.static_name() {
                        let key = match key {
                            Cow::Borrowed(key) => key,
                            Cow::Owned(key) => self.arena.alloc_str(&key),
                        };
                        self.bind_pattern(&prop.value, init, member_path(&path, key));
                    }
                }
            }
            BindingPattern::AssignmentPattern(assign) => {
                self.bind_pattern(&assign.left, init, path)
            }
            BindingPattern::ArrayPattern(_) => {}
        }
    }

    /// The declaration a reference resolves to: `Ok(None)` for a real global,
    /// `Err(())` when the parser gave the reference no id.
    fn symbol(&self, id: &IdentifierReference<'a>) -> Result<Option<SymbolId>, ()> {
        let reference = id.reference_id.get().ok_or(())?;
        Ok(self.scoping.get_reference(reference).symbol_id())
    }

    /// Whether `id` is the real global of that name (not shadowed or declared).
    pub fn is_global(&self, id: &IdentifierReference<'a>) -> bool {
        matches!(self.symbol(id), Ok(None))
    }

    /// What the name `id` denotes where it is used.
    pub fn eval_reference(&self, id: &IdentifierReference<'a>) -> Val<'a> {
        match self.symbol(id) {
            Ok(None) => Val::Global(vec![id.name.as_str()]),
            Ok(Some(symbol)) => self.eval_binding(symbol, 0),
            Err(()) => Val::Unknown,
        }
    }

    /// What `expr` denotes.
    pub fn eval(&self, expr: &'a Expression<'a>) -> Val<'a> {
        self.eval_at(expr, 0)
    }

    fn eval_at(&self, expr: &'a Expression<'a>, depth: u32) -> Val<'a> {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        let expr = expr.get_inner_expression();
        match expr {
            Expression::Identifier(id) => match self.symbol(id) {
                Ok(None) => Val::Global(vec![id.name.as_str()]),
                Ok(Some(symbol)) => self.eval_binding(symbol, depth),
                Err(()) => Val::Unknown,
            },
            Expression::CallExpression(call) => self.eval_call(call, depth),
            Expression::NewExpression(new) => match self.eval_at(&new.callee, depth + 1) {
                Val::Global(path) if path == ["XMLHttpRequest"] => Val::Xhr,
                // An instance of a module's class: its methods are the module's.
                Val::Module { module, mut path } => {
                    path.push(CALL);
                    Val::Module { module, path }
                }
                Val::Global(path) if path == ["Image"] => Val::Element {
                    tag: "img",
                    constructed: true,
                },
                Val::Global(path) if path == ["Audio"] => Val::Element {
                    tag: "audio",
                    constructed: true,
                },
                _ => Val::Unknown,
            },
            Expression::AwaitExpression(a) => self.eval_at(&a.argument, depth + 1),
            Expression::ImportExpression(import) => match static_string(&import.source) {
                Some(module) => Val::Module {
                    module,
                    path: Vec::new(),
                },
                None => Val::Unknown,
            },
            // `(0, _api.fetch)(url)`, as transpilers write calls.
            Expression::SequenceExpression(seq) => match seq.expressions.last() {
                Some(last) => self.eval_at(last, depth + 1),
                None => Val::Unknown,
            },
            Expression::ChainExpression(chain) => match &chain.expression {
                ChainElement::CallExpression(call) => self.eval_call(call, depth),
                element => match element.as_member_expression() {
                    Some(member) => match member.static_property_name() {
                        Some(prop) => member_of(self.eval_at(member.object(), depth + 1), prop),
                        None => Val::Unknown,
                    },
                    None => Val::Unknown,
                },
            },
            _ => match expr.as_member_expression() {
                Some(member) => match self.property_name(member, depth) {
                    Some(prop) => member_of(self.eval_at(member.object(), depth + 1), prop),
                    None => Val::Unknown,
                },
                None => Val::Unknown,
            },
        }
    }

    /// The name a computed member key folds to (`['local' + 'Storage']`).
    pub fn computed_name(&self, key: &'a Expression<'a>) -> Option<&'a str> {
        if let Expression::StringLiteral(s) = key {
            return Some(s.value.as_str());
        }
        let folded = self.prefix(key);
        (folded.complete && !folded.text.is_empty())
            .then(|| self.arena.alloc_str(&folded.text) as &str)
    }

    /// A member's property name, also when it is computed from constants:
    /// `globalThis['fe' + 'tch']` reads `fetch`, as the engine would.
    fn property_name(&self, member: &'a MemberExpression<'a>, depth: u32) -> Option<&'a str> {
        if let Some(name) = member.static_property_name() {
            return Some(name);
        }
        let MemberExpression::ComputedMemberExpression(computed) = member else {
            return None;
        };
        if depth > MAX_DEPTH {
            return None;
        }
        self.computed_name(&computed.expression)
    }

    fn eval_binding(&self, symbol: SymbolId, depth: u32) -> Val<'a> {
        match self.bindings.get(&symbol) {
            Some(Binding::Import { module, path }) => Val::Module {
                module,
                path: path.clone(),
            },
            Some(Binding::Init { init, path }) => path
                .iter()
                .fold(self.eval_at(init, depth + 1), |val, prop| {
                    member_of(val, prop)
                }),
            None => Val::Unknown,
        }
    }

    fn eval_call(&self, call: &'a CallExpression<'a>, depth: u32) -> Val<'a> {
        let first = call.arguments.first().and_then(Argument::as_expression);
        match self.eval_at(&call.callee, depth + 1) {
            Val::Global(path) if path == ["document", "createElement"] => {
                match first.and_then(static_string) {
                    Some(tag) => Val::Element {
                        tag: self.arena.alloc_str(&tag.to_ascii_lowercase()),
                        constructed: false,
                    },
                    None => Val::Unknown,
                }
            }
            Val::Global(path) if path == ["require"] => match first.and_then(static_string) {
                Some(module) => Val::Module {
                    module,
                    path: Vec::new(),
                },
                None => Val::Unknown,
            },
            Val::Module { module, path } if module == "axios" && path == ["create"] => {
                Val::HttpClient {
                    client: "axios",
                    base: first
                        .and_then(|config| self.object_property(config, "baseURL"))
                        .map(|base| self.prefix(base)),
                }
            }
            Val::Module { module, path }
                if module == "@forge/api" && path.last().is_some_and(|p| *p == "withProvider") =>
            {
                Val::Provider(first.and_then(static_string).unwrap_or("?"))
            }
            Val::Module { module, mut path } => {
                path.push(CALL);
                Val::Module { module, path }
            }
            // Babel/TypeScript interop helpers hand back the module they wrap.
            _ if is_interop_helper(&call.callee) => match first {
                Some(arg) => self.eval_at(arg, depth + 1),
                None => Val::Unknown,
            },
            _ => Val::Unknown,
        }
    }

    /// The value of property `name` in an object literal (or a const holding one).
    pub fn object_property(
        &self,
        expr: &'a Expression<'a>,
        name: &str,
    ) -> Option<&'a Expression<'a>> {
        self.object_property_at(expr, name, 0)
    }

    fn object_property_at(
        &self,
        expr: &'a Expression<'a>,
        name: &str,
        depth: u32,
    ) -> Option<&'a Expression<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr.get_inner_expression() {
            Expression::ObjectExpression(object) => {
                object.properties.iter().rev().find_map(|prop| match prop {
                    ObjectPropertyKind::ObjectProperty(p)
                        if !p.computed && p.key.static_name().is_some_and(|k| k == name) =>
                    {
                        Some(&p.value)
                    }
                    _ => None,
                })
            }
            Expression::Identifier(id) => match self.symbol(id) {
                Ok(Some(symbol)) => match self.bindings.get(&symbol) {
                    Some(Binding::Init { init, path }) if path.is_empty() => {
                        self.object_property_at(init, name, depth + 1)
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// The statically known start of a string-valued expression.
    pub fn prefix(&self, expr: &'a Expression<'a>) -> Prefix {
        self.prefix_at(expr, 0)
    }

    fn prefix_at(&self, expr: &'a Expression<'a>, depth: u32) -> Prefix {
        if depth > MAX_DEPTH {
            return Prefix::unknown();
        }
        match expr.get_inner_expression() {
            Expression::StringLiteral(s) => Prefix::exact(s.value.as_str()),
            Expression::NumericLiteral(n) => Prefix::exact(n.value.to_string()),
            Expression::TemplateLiteral(t) => {
                let mut text = String::new();
                for (i, quasi) in t.quasis.iter().enumerate() {
                    text.push_str(quasi.value.cooked.unwrap_or(quasi.value.raw).as_str());
                    if let Some(e) = t.expressions.get(i) {
                        let part = self.prefix_at(e, depth + 1);
                        text.push_str(&part.text);
                        if !part.complete {
                            return Prefix {
                                text,
                                complete: false,
                                key: part.key,
                            };
                        }
                    }
                }
                Prefix::exact(text)
            }
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                let left = self.prefix_at(&b.left, depth + 1);
                if !left.complete {
                    return left;
                }
                let right = self.prefix_at(&b.right, depth + 1);
                Prefix {
                    key: if left.text.is_empty() {
                        right.key
                    } else {
                        None
                    },
                    text: left.text + &right.text,
                    complete: right.complete,
                }
            }
            // `process.env.API_URL || 'https://api.x.com'`: when the left side is
            // unknown (configuration), the hard-coded fallback is where the
            // call goes unless someone sets the variable.
            Expression::LogicalExpression(l)
                if matches!(l.operator, LogicalOperator::Or | LogicalOperator::Coalesce) =>
            {
                let left = self.prefix_at(&l.left, depth + 1);
                if !left.text.is_empty() {
                    return left;
                }
                self.prefix_at(&l.right, depth + 1)
            }
            Expression::Identifier(id) => match self.symbol(id) {
                Ok(Some(symbol)) => match self.bindings.get(&symbol) {
                    Some(Binding::Init { init, path }) if path.is_empty() => {
                        self.prefix_at(init, depth + 1)
                    }
                    // `const { SLACK_URL } = process.env`.
                    Some(Binding::Init { path, .. }) => keyed(path.last().copied()),
                    _ => Prefix::unknown(),
                },
                _ => Prefix::unknown(),
            },
            // `process.env.SLACK_URL`, `settings.webhookUrl`: the setting's name.
            Expression::StaticMemberExpression(m) => keyed(Some(m.property.name.as_str())),
            // `storage.get('webhookUrl')`, `config.get('SLACK_URL')`.
            Expression::CallExpression(call) => {
                let key = match call.callee.get_inner_expression() {
                    Expression::StaticMemberExpression(m)
                        if matches!(m.property.name.as_str(), "get" | "getSecret") =>
                    {
                        call.arguments
                            .first()
                            .and_then(Argument::as_expression)
                            .and_then(static_string)
                    }
                    _ => None,
                };
                keyed(key)
            }
            Expression::NewExpression(new)
                if self.eval_at(&new.callee, depth + 1) == Val::Global(vec!["URL"]) =>
            {
                let mut args = new.arguments.iter().filter_map(Argument::as_expression);
                let url = args
                    .next()
                    .map_or_else(Prefix::unknown, |u| self.prefix_at(u, depth + 1));
                match args.next() {
                    Some(base) if !matches!(target(&url), Target::Host { .. }) => {
                        join_base(self.prefix_at(base, depth + 1))
                    }
                    _ => url,
                }
            }
            _ => Prefix::unknown(),
        }
    }
}

/// Nothing known of the text but the setting it comes from.
fn keyed(key: Option<&str>) -> Prefix {
    Prefix {
        key: key.map(str::to_string),
        ..Prefix::unknown()
    }
}

/// The prefix of `base + relative path`: the base's authority is then terminated.
pub fn join_base(base: Prefix) -> Prefix {
    if base.complete {
        let slash = if base.text.ends_with('/') { "" } else { "/" };
        Prefix {
            text: format!("{}{slash}", base.text),
            complete: false,
            key: None,
        }
    } else {
        base
    }
}

/// Reading `prop` off `val`.
pub fn member_of<'a>(val: Val<'a>, prop: &'a str) -> Val<'a> {
    match val {
        Val::Global(mut path) => {
            if path.len() == 1 && GLOBAL_OBJECTS.contains(&path[0]) {
                path.clear();
            }
            path.push(prop);
            Val::Global(path)
        }
        Val::Module { module, path } => Val::Module {
            module,
            path: member_path(&path, prop),
        },
        Val::Unknown | Val::Member(..) => Val::Unknown,
        other => Val::Member(Box::new(other), prop),
    }
}

/// `path` extended by `prop`, dropping `default` (ES/CommonJS interop).
fn member_path<'a>(path: &[&'a str], prop: &'a str) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(path.len() + 1);
    out.extend_from_slice(path);
    if prop != "default" {
        out.push(prop);
    }
    out
}

fn export_name<'a>(name: &ModuleExportName<'a>) -> &'a str {
    match name {
        ModuleExportName::IdentifierName(n) => n.name.as_str(),
        ModuleExportName::IdentifierReference(n) => n.name.as_str(),
        ModuleExportName::StringLiteral(s) => s.value.as_str(),
    }
}

/// A string literal or a template literal without substitutions.
pub fn static_string<'a>(expr: &Expression<'a>) -> Option<&'a str> {
    match expr.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        Expression::TemplateLiteral(t) => t.single_quasi().map(|q| q.as_str()),
        _ => None,
    }
}

fn is_interop_helper(callee: &Expression<'_>) -> bool {
    matches!(
        callee.get_inner_expression(),
        Expression::Identifier(id) if matches!(
            id.name.as_str(),
            "_interopRequireDefault" | "_interopRequireWildcard" | "__importDefault" | "__importStar"
        )
    )
}
