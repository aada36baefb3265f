//! Credentials that reach the browser: Forge secrets a resolver returns to its
//! frontend, and credential-named build-time variables read in frontend code
//! (bundlers inline `process.env.X` into the shipped JavaScript).
//!
//! The resolver check is a small intra-function data flow: values of
//! `kvs.getSecret(...)` / `storage.getSecret(...)` and the variables they are
//! assigned to, followed up to a `return` of the resolver function. Flows
//! through a test (`!!t`, `t === x`, `Boolean(t)`, `t.length`, a masked
//! `t.slice(0, 4)`) are not exposure; flows through calls of unknown functions
//! are not followed.

use std::collections::HashSet;

use oxc_ast::AstKind;
use oxc_ast::ast::{Argument, CallExpression, Expression, LogicalOperator, UnaryOperator};
use oxc_semantic::{NodeId, Semantic};
use oxc_span::{GetSpan, Span};
use oxc_syntax::operator::BinaryOperator;
use oxc_syntax::symbol::SymbolId;

use super::secrets::credential_name;
use super::storage::forge_storage_call;
use super::value::{Resolver, Val};

/// One place a credential reaches the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// e.g. "`kvs.getSecret` value returned to the frontend by resolver `getToken`".
    pub detail: String,
    pub offset: u32,
}

/// Upper bound on taint propagation rounds (`a = secret; b = a; c = b`...).
const MAX_ROUNDS: usize = 8;

/// `process.env.*_TOKEN` / `import.meta.env.*_KEY` reads: call only for
/// frontend files.
pub fn frontend_env_reads<'a>(
    semantic: &Semantic<'a>,
    resolver: &Resolver<'a, '_>,
) -> Vec<Exposure> {
    let mut out = Vec::new();
    for node in semantic.nodes().iter() {
        let (object, name, span) = match node.kind() {
            AstKind::StaticMemberExpression(m) => (&m.object, m.property.name.as_str(), m.span),
            AstKind::ComputedMemberExpression(m) => match &m.expression {
                Expression::StringLiteral(s) => (&m.object, s.value.as_str(), m.span),
                _ => continue,
            },
            _ => continue,
        };
        if !credential_name(name) {
            continue;
        }
        let source = if resolver.eval(object) == Val::Global(vec!["process", "env"]) {
            "process.env"
        } else if is_import_meta_env(object) {
            "import.meta.env"
        } else {
            continue;
        };
        out.push(Exposure {
            detail: format!("`{source}.{name}` read in frontend code"),
            offset: span.start,
        });
    }
    out
}

fn is_import_meta_env(expr: &Expression<'_>) -> bool {
    match expr.get_inner_expression() {
        Expression::StaticMemberExpression(m) => {
            m.property.name == "env"
                && matches!(m.object.get_inner_expression(), Expression::ImportMeta(_))
        }
        _ => false,
    }
}

/// Resolver functions (`resolver.define('key', fn)` on a `@forge/resolver`
/// instance) whose return value carries a Forge secret.
pub fn resolver_returns<'a>(semantic: &Semantic<'a>, resolver: &Resolver<'a, '_>) -> Vec<Exposure> {
    let flow = Flow { semantic, resolver };
    let facts = flow.facts();
    // Most files read no secret: nothing to follow.
    if facts.sources.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for node in semantic.nodes().iter() {
        let AstKind::CallExpression(call) = node.kind() else {
            continue;
        };
        let Some((key, handler)) = flow.definition(call) else {
            continue;
        };
        if let Some((api, offset)) = flow.secret_return(&facts, handler) {
            out.push(Exposure {
                detail: format!("`{api}` value returned to the frontend by resolver `{key}`"),
                offset,
            });
        }
    }
    out
}

/// What the data flow needs from a file, gathered in one pass.
#[derive(Default)]
struct Facts {
    /// `getSecret` calls: node, span and the API as written in messages.
    sources: Vec<(NodeId, Span, String)>,
    /// Returned expressions with the span of the function they return from.
    returns: Vec<(Span, Span)>,
    /// Variables given a value: symbol and the value's span.
    bindings: Vec<(SymbolId, Span)>,
}

struct Flow<'s, 'a, 'r> {
    semantic: &'s Semantic<'a>,
    resolver: &'s Resolver<'a, 'r>,
}

impl<'a> Flow<'_, 'a, '_> {
    /// `r.define('key', handler)` with `r = new Resolver()` from
    /// `@forge/resolver`: the key and the span of the handler function.
    fn definition(&self, call: &'a CallExpression<'a>) -> Option<(String, Span)> {
        let Expression::StaticMemberExpression(member) = call.callee.get_inner_expression() else {
            return None;
        };
        if member.property.name != "define" || !self.is_forge_resolver(&member.object) {
            return None;
        }
        let mut args = call.arguments.iter().filter_map(Argument::as_expression);
        let key = super::value::static_string(args.next()?)?.to_string();
        let handler = self.function_span(args.next()?)?;
        Some((key, handler))
    }

    /// Whether `expr` is a variable initialised with `new Resolver()` of `@forge/resolver`.
    fn is_forge_resolver(&self, expr: &'a Expression<'a>) -> bool {
        let Some(declarator) = self.declaration_of(expr) else {
            return false;
        };
        let AstKind::VariableDeclarator(d) = declarator else {
            return false;
        };
        match d.init.as_ref().map(Expression::get_inner_expression) {
            Some(Expression::NewExpression(new)) => matches!(
                self.resolver.eval(&new.callee),
                Val::Module { module, .. } if module == "@forge/resolver"
            ),
            _ => false,
        }
    }

    /// The declaration node of the variable or function `expr` names.
    fn declaration_of(&self, expr: &Expression<'a>) -> Option<AstKind<'a>> {
        let Expression::Identifier(id) = expr.get_inner_expression() else {
            return None;
        };
        let scoping = self.semantic.scoping();
        let symbol = scoping.get_reference(id.reference_id.get()?).symbol_id()?;
        let node = scoping.symbol_declaration(symbol);
        Some(self.semantic.nodes().kind(node))
    }

    /// The span of the function `expr` is or names.
    fn function_span(&self, expr: &'a Expression<'a>) -> Option<Span> {
        match expr.get_inner_expression() {
            Expression::ArrowFunctionExpression(f) => Some(f.span),
            Expression::FunctionExpression(f) => Some(f.span),
            Expression::Identifier(_) => match self.declaration_of(expr)? {
                AstKind::Function(f) => Some(f.span),
                AstKind::VariableDeclarator(d) => match d.init.as_ref()?.get_inner_expression() {
                    Expression::ArrowFunctionExpression(f) => Some(f.span),
                    Expression::FunctionExpression(f) => Some(f.span),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    fn facts(&self) -> Facts {
        let mut facts = Facts::default();
        for node in self.semantic.nodes().iter() {
            match node.kind() {
                AstKind::CallExpression(call) => {
                    if let Some(api) = self.secret_api(call) {
                        facts.sources.push((node.id(), call.span, api));
                    }
                }
                AstKind::ReturnStatement(r) => {
                    if let (Some(arg), Some(function)) =
                        (&r.argument, self.enclosing_function(node.id()))
                    {
                        facts.returns.push((arg.span(), function));
                    }
                }
                AstKind::ArrowFunctionExpression(f) => {
                    facts
                        .returns
                        .extend(f.get_expression().map(|e| (e.span(), f.span)));
                }
                AstKind::VariableDeclarator(d) => {
                    if let (Some(init), Some(symbol)) = (
                        &d.init,
                        d.id.get_binding_identifier()
                            .and_then(|id| id.symbol_id.get()),
                    ) {
                        facts.bindings.push((symbol, init.span()));
                    }
                }
                AstKind::AssignmentExpression(a) => {
                    if let Some(symbol) = self.assigned_symbol(a) {
                        facts.bindings.push((symbol, a.right.span()));
                    }
                }
                _ => {}
            }
        }
        facts
    }

    /// The secret API and the offset of the first returned value of the
    /// function at `handler` that carries a secret.
    fn secret_return(&self, facts: &Facts, handler: Span) -> Option<(String, u32)> {
        let within = |s: Span| s.start >= handler.start && s.end <= handler.end;
        let mut carriers: Vec<(NodeId, String)> = facts
            .sources
            .iter()
            .filter(|(_, span, _)| within(*span))
            .map(|(id, _, api)| (*id, api.clone()))
            .collect();
        let mut returns: Vec<Span> = facts
            .returns
            .iter()
            .filter(|(_, function)| *function == handler)
            .map(|(ret, _)| *ret)
            .collect();
        if carriers.is_empty() || returns.is_empty() {
            return None;
        }
        let bindings: Vec<&(SymbolId, Span)> =
            facts.bindings.iter().filter(|(_, v)| within(*v)).collect();
        // Variables holding a secret, found round by round.
        let mut tainted: HashSet<SymbolId> = HashSet::new();
        for _ in 0..MAX_ROUNDS {
            let mut grew = false;
            for (symbol, value) in &bindings {
                if tainted.contains(symbol) {
                    continue;
                }
                if let Some(api) = carriers
                    .iter()
                    .find(|(id, _)| self.flows_into(*id, *value))
                    .map(|(_, api)| api.clone())
                {
                    tainted.insert(*symbol);
                    let scoping = self.semantic.scoping();
                    carriers.extend(
                        scoping
                            .get_resolved_references(*symbol)
                            .map(|r| (r.node_id(), api.clone())),
                    );
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        returns.sort();
        returns.into_iter().find_map(|ret| {
            carriers
                .iter()
                .find(|(id, _)| self.flows_into(*id, ret))
                .map(|(_, api)| (api.clone(), ret.start))
        })
    }

    fn assigned_symbol(&self, a: &oxc_ast::ast::AssignmentExpression<'a>) -> Option<SymbolId> {
        let oxc_ast::ast::AssignmentTarget::AssignmentTargetIdentifier(id) = &a.left else {
            return None;
        };
        let scoping = self.semantic.scoping();
        scoping.get_reference(id.reference_id.get()?).symbol_id()
    }

    /// `kvs.getSecret(...)`-style calls: the API as written in messages.
    fn secret_api(&self, call: &'a CallExpression<'a>) -> Option<String> {
        let callee = self.resolver.eval(&call.callee);
        let (_, detail) = forge_storage_call(&callee)?;
        let Val::Module { path, .. } = &callee else {
            return None;
        };
        (detail == "secrets" && path.last().is_some_and(|p| *p == "getSecret"))
            .then(|| path.join("."))
    }

    /// The span of the nearest function enclosing `node`.
    fn enclosing_function(&self, node: NodeId) -> Option<Span> {
        self.semantic
            .nodes()
            .ancestors(node)
            .find_map(|a| match a.kind() {
                AstKind::Function(f) => Some(f.span),
                AstKind::ArrowFunctionExpression(f) => Some(f.span),
                _ => None,
            })
    }

    /// Whether the value at `source` ends up, unmasked, in the expression at `target`.
    fn flows_into(&self, source: NodeId, target: Span) -> bool {
        let nodes = self.semantic.nodes();
        let mut child = nodes.kind(source).span();
        if !(child.start >= target.start && child.end <= target.end) {
            return false;
        }
        if child == target {
            return true;
        }
        for parent in nodes.ancestors(source) {
            let kind = parent.kind();
            let span = kind.span();
            if !(span.start >= target.start && span.end <= target.end) {
                return false;
            }
            if self.masks(kind, child) {
                return false;
            }
            if span == target {
                return true;
            }
            child = span;
        }
        false
    }

    /// Whether `parent` turns its operand at `child` into something that no
    /// longer carries the credential (a boolean, a number, a short hint).
    fn masks(&self, parent: AstKind<'a>, child: Span) -> bool {
        match parent {
            AstKind::UnaryExpression(_) => true,
            AstKind::BinaryExpression(b) => b.operator != BinaryOperator::Addition,
            AstKind::LogicalExpression(l) => {
                l.operator == LogicalOperator::And && l.left.span() == child
            }
            AstKind::ConditionalExpression(c) => c.test.span() == child,
            AstKind::IfStatement(_) | AstKind::WhileStatement(_) => true,
            AstKind::StaticMemberExpression(m) if m.object.span() == child => matches!(
                m.property.name.as_str(),
                "length" | "startsWith" | "endsWith" | "includes" | "indexOf" | "test"
            ),
            AstKind::CallExpression(call) => self.masking_call(call, child),
            _ => false,
        }
    }

    /// A call the value passes through: as an argument, only known
    /// pass-through functions keep it; as the receiver (`t.trim()`), string
    /// methods keep it except masked slices.
    fn masking_call(&self, call: &'a CallExpression<'a>, child: Span) -> bool {
        let is_argument = call.arguments.iter().any(|a| a.span() == child);
        if is_argument {
            let passes = matches!(
                self.resolver.eval(&call.callee),
                Val::Global(path) if matches!(
                    path.as_slice(),
                    ["JSON", "stringify"] | ["String"] | ["btoa"] | ["encodeURIComponent"]
                        | ["Buffer", "from"]
                )
            );
            return !passes;
        }
        // `t.slice(0, 4)`, `t.substring(0, 4)`, `t.slice(-4)`: a hint, not the secret.
        // The walk arrives here from the callee `t.slice`.
        if call.callee.span() != child {
            return false;
        }
        let Expression::StaticMemberExpression(m) = call.callee.get_inner_expression() else {
            return false;
        };
        let args: Vec<_> = call
            .arguments
            .iter()
            .filter_map(Argument::as_expression)
            .collect();
        match m.property.name.as_str() {
            "slice" | "substring" | "substr" => {
                args.len() >= 2
                    || matches!(args.first().map(|a| a.get_inner_expression()),
                        Some(Expression::UnaryExpression(u)) if u.operator == UnaryOperator::UnaryNegation)
            }
            "charAt" | "at" | "codePointAt" | "charCodeAt" => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ObservationKind, Side};
    use crate::practice::scan_js;
    use crate::rulesets::Catalogue;

    fn exposures(side: Side, source: &str) -> Vec<(u32, String)> {
        scan_js(
            "src/index.js",
            source,
            side,
            &Catalogue::from_vendors(Vec::new()),
        )
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == ObservationKind::Secret)
        .map(|o| (o.location.line, o.detail))
        .collect()
    }

    const HEADER: &str = "import Resolver from '@forge/resolver';\n\
                          import { kvs } from '@forge/kvs';\n\
                          import api from '@forge/api';\n\
                          const resolver = new Resolver();\n";

    #[test]
    fn a_secret_returned_by_a_resolver_reaches_the_frontend() {
        let source = format!(
            "{HEADER}\
             resolver.define('direct', () => kvs.getSecret('a'));\n\
             resolver.define('viaVar', async () => {{\n\
               let t = await kvs.getSecret('a');\n\
               const header = `Bearer ${{t}}`;\n\
               return {{ header }};\n\
             }});\n\
             async function named() {{ const s = await api.storage.getSecret('b'); return s || ''; }}\n\
             resolver.define('named', named);\n"
        );
        let found = exposures(Side::Backend, &source);
        assert_eq!(
            found,
            [
                (
                    5,
                    "`kvs.getSecret` value returned to the frontend by resolver `direct`".into()
                ),
                (
                    9,
                    "`kvs.getSecret` value returned to the frontend by resolver `viaVar`".into()
                ),
                (
                    11,
                    "`storage.getSecret` value returned to the frontend by resolver `named`".into()
                ),
            ]
        );
    }

    #[test]
    fn secrets_used_on_the_backend_or_reduced_to_a_hint_stay_there() {
        let source = format!(
            "{HEADER}\
             resolver.define('status', async () => {{\n\
               const t = await kvs.getSecret('a');\n\
               if (!t) return {{ configured: false }};\n\
               await fetch('https://api.example.com', {{ headers: {{ auth: t }} }});\n\
               return {{ configured: !!t, same: t === 'x', hint: t.slice(0, 4), n: t.length }};\n\
             }});\n\
             resolver.define('nested', async () => {{\n\
               const t = await kvs.getSecret('a');\n\
               const check = () => {{ return t; }};\n\
               return {{ ok: Boolean(t) }};\n\
             }});\n\
             const other = {{ define() {{}} }};\n\
             other.define('x', async () => kvs.getSecret('a'));\n"
        );
        assert_eq!(exposures(Side::Backend, &source), Vec::new());
    }
}
