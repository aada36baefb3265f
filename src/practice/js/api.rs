//! Atlassian product REST calls: which product, method and route a call
//! reaches, for scope judgement (forge-facts.md 3.4-3.5 and 4).
//!
//! - backend `@forge/api`: `api.asApp().requestJira(route`...`, { method })`,
//!   `asUser()`, named and aliased imports, `requestConfluence`,
//!   `requestBitbucket`; the path from a `route` tagged template (holes become
//!   `{}`), `assumeTrustedRoute(...)`, `routeFromAbsolute(...)` or a plain string;
//! - frontend `@forge/bridge`: `requestJira(path, options)` and friends;
//! - calls whose scopes no route table can tell: `requestGraph` and the other
//!   GraphQL entry points (product `graph`) and UI Kit property hooks
//!   (`useIssueProperty`...), recorded with an unknown path.
//!
//! The method comes from the options object (default `GET`); options the tool
//! cannot read give method `?`.

use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, BinaryExpression, BindingPattern, CallExpression, Expression, ObjectPropertyKind,
    TemplateLiteral,
};
use oxc_semantic::Semantic;
use oxc_syntax::operator::BinaryOperator;

use crate::model::{ApiCall, Observation};
use crate::rulesets::scopes::HOLE;

use super::value::{CALL, Resolver, Val, static_string};

/// Const chains longer than this are given up on.
const MAX_DEPTH: u32 = 16;

/// The method recorded when the options cannot be read.
pub const UNKNOWN_METHOD: &str = "?";

/// A product call: what the observation records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCall {
    pub api: ApiCall,
    /// `GET /rest/api/3/issue/{} (jira)`, `requestGraph (graph)`.
    pub detail: String,
}

/// The product call `call` makes, when its callee (evaluated to `callee`) is
/// one of the Forge request functions.
pub fn product_call<'a>(
    semantic: &Semantic<'a>,
    resolver: &Resolver<'a, '_>,
    callee: &Val<'a>,
    call: &'a CallExpression<'a>,
) -> Option<ProductCall> {
    let Val::Module { module, path } = callee else {
        return None;
    };
    let name = *path.last()?;
    let receiver = &path[..path.len() - 1];
    let args: Vec<&'a Expression<'a>> = call
        .arguments
        .iter()
        .filter_map(Argument::as_expression)
        .collect();
    let reader = Reader { semantic, resolver };
    match *module {
        "@forge/api" if is_api_receiver(receiver) => {
            if let Some(product) = rest_product(name) {
                return Some(rest_call(&reader, product, &args));
            }
            if matches!(
                name,
                "requestGraph"
                    | "requestAtlassian"
                    | "requestConnectedData"
                    | "requestTeamworkGraph"
            ) {
                return Some(opaque("graph", "POST", name));
            }
            None
        }
        "@forge/bridge" if receiver.is_empty() => {
            rest_product(name).map(|product| rest_call(&reader, product, &args))
        }
        "@forge/react" | "@forge/ui" if receiver.is_empty() => {
            let product = match name {
                "useIssueProperty" => "jira",
                "useContentProperty" | "useSpaceProperty" => "confluence",
                _ => return None,
            };
            Some(opaque(product, UNKNOWN_METHOD, name))
        }
        _ => None,
    }
}

/// Sets the fields every product-api observation carries.
pub fn annotate(obs: &mut Observation, api: ApiCall) {
    obs.vendor = Some("atlassian".into());
    obs.categories = vec!["atlassian".into()];
    obs.api = Some(api);
}

/// `requestJira` -> `jira`...
fn rest_product(name: &str) -> Option<&'static str> {
    match name {
        "requestJira" => Some("jira"),
        "requestConfluence" => Some("confluence"),
        "requestBitbucket" => Some("bitbucket"),
        _ => None,
    }
}

/// `api.`, `api.asApp().`, `asUser(id).` or nothing (a named import).
fn is_api_receiver(receiver: &[&str]) -> bool {
    matches!(receiver, [] | ["asApp" | "asUser", CALL])
}

fn opaque(product: &str, method: &str, name: &str) -> ProductCall {
    ProductCall {
        api: ApiCall {
            product: product.into(),
            method: method.into(),
            path: None,
        },
        detail: format!("{name} ({product})"),
    }
}

fn rest_call<'a>(
    reader: &Reader<'a, '_, '_>,
    product: &str,
    args: &[&'a Expression<'a>],
) -> ProductCall {
    let path = args.first().and_then(|a| reader.route(a, 0));
    let method = match args.get(1) {
        None => "GET".to_string(),
        Some(options) => reader.method(options),
    };
    let detail = format!(
        "{method} {} ({product})",
        path.as_deref().unwrap_or("<path computed at run time>")
    );
    ProductCall {
        api: ApiCall {
            product: product.into(),
            method,
            path,
        },
        detail,
    }
}

/// Reads paths and options, following never-reassigned `const`s.
struct Reader<'a, 'r, 's> {
    semantic: &'r Semantic<'a>,
    resolver: &'r Resolver<'a, 's>,
}

impl<'a> Reader<'a, '_, '_> {
    /// The path of a request's first argument, holes as `{}`.
    fn route(&self, expr: &'a Expression<'a>, depth: u32) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let path = match expr.get_inner_expression() {
            Expression::TaggedTemplateExpression(tagged) => {
                if !self.is_forge(&tagged.tag, "route") {
                    return None;
                }
                // `route` escapes each hole into one path segment.
                holes_only(&tagged.quasi)
            }
            Expression::CallExpression(call) => {
                let trusted = self.is_forge(&call.callee, "assumeTrustedRoute")
                    || self.is_forge(&call.callee, "routeFromAbsolute");
                if !trusted {
                    return None;
                }
                let arg = call.arguments.first().and_then(Argument::as_expression)?;
                self.text(arg, depth + 1)?
            }
            Expression::Identifier(_) => {
                let init = self.const_init(expr)?;
                return self.route(init, depth + 1);
            }
            other => self.text(other, depth + 1)?,
        };
        // Forge matches routes without the query string, and so does the table.
        let path = path
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string();
        (path.contains('/') && !path.split(HOLE).all(str::is_empty)).then_some(path)
    }

    /// A plain string expression, unknown parts as `{}`; `None` when nothing
    /// of it is known.
    fn text(&self, expr: &'a Expression<'a>, depth: u32) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr.get_inner_expression() {
            Expression::StringLiteral(s) => Some(s.value.to_string()),
            Expression::TemplateLiteral(t) => Some(self.template(t, depth)),
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                Some(self.concat(b, depth))
            }
            Expression::Identifier(_) => {
                let init = self.const_init(expr)?;
                self.text(init, depth + 1)
            }
            _ => None,
        }
    }

    fn template(&self, t: &'a TemplateLiteral<'a>, depth: u32) -> String {
        let mut out = String::new();
        for (i, quasi) in t.quasis.iter().enumerate() {
            out.push_str(quasi.value.cooked.unwrap_or(quasi.value.raw).as_str());
            if let Some(e) = t.expressions.get(i) {
                out.push_str(&self.part(e, depth + 1));
            }
        }
        out
    }

    fn concat(&self, b: &'a BinaryExpression<'a>, depth: u32) -> String {
        self.part(&b.left, depth + 1) + &self.part(&b.right, depth + 1)
    }

    /// A piece of a string: its text when fully known, else a hole.
    fn part(&self, expr: &'a Expression<'a>, depth: u32) -> String {
        let prefix = self.resolver.prefix(expr);
        if prefix.complete {
            return prefix.text;
        }
        match expr.get_inner_expression() {
            Expression::TemplateLiteral(_) | Expression::BinaryExpression(_)
                if depth <= MAX_DEPTH =>
            {
                self.text(expr, depth).unwrap_or_else(|| HOLE.into())
            }
            _ => HOLE.into(),
        }
    }

    /// The upper-case method of an options argument: `GET` when an object
    /// literal gives none, `?` when the options cannot be read.
    fn method(&self, options: &'a Expression<'a>) -> String {
        let object = match options.get_inner_expression() {
            Expression::ObjectExpression(o) => o,
            Expression::Identifier(_) => match self
                .const_init(options)
                .map(Expression::get_inner_expression)
            {
                Some(Expression::ObjectExpression(o)) => o,
                _ => return UNKNOWN_METHOD.into(),
            },
            _ => return UNKNOWN_METHOD.into(),
        };
        // The last `method` wins; a spread after it may override it.
        for prop in object.properties.iter().rev() {
            match prop {
                ObjectPropertyKind::SpreadProperty(_) => return UNKNOWN_METHOD.into(),
                ObjectPropertyKind::ObjectProperty(p)
                    if !p.computed && p.key.static_name().is_some_and(|k| k == "method") =>
                {
                    let value = static_string(&p.value).map(str::to_string).or_else(|| {
                        let prefix = self.resolver.prefix(&p.value);
                        prefix.complete.then_some(prefix.text)
                    });
                    return value.map_or_else(|| UNKNOWN_METHOD.into(), |m| m.to_ascii_uppercase());
                }
                _ => {}
            }
        }
        "GET".into()
    }

    /// Whether `expr` is `name` exported by `@forge/api` or `@forge/bridge`.
    fn is_forge(&self, expr: &'a Expression<'a>, name: &str) -> bool {
        matches!(
            self.resolver.eval(expr),
            Val::Module { module, path }
                if (module == "@forge/api" || module == "@forge/bridge") && path == [name]
        )
    }

    /// The initialiser of a never-reassigned variable `expr` names.
    fn const_init(&self, expr: &'a Expression<'a>) -> Option<&'a Expression<'a>> {
        let Expression::Identifier(id) = expr.get_inner_expression() else {
            return None;
        };
        let scoping = self.semantic.scoping();
        let symbol = scoping.get_reference(id.reference_id.get()?).symbol_id()?;
        if scoping.symbol_is_mutated(symbol) {
            return None;
        }
        match self.semantic.symbol_declaration(symbol).kind() {
            AstKind::VariableDeclarator(decl)
                if matches!(decl.id, BindingPattern::BindingIdentifier(_)) =>
            {
                decl.init.as_ref()
            }
            _ => None,
        }
    }
}

/// A `route` template: text as written, every hole `{}`.
fn holes_only(t: &TemplateLiteral<'_>) -> String {
    let mut out = String::new();
    for (i, quasi) in t.quasis.iter().enumerate() {
        out.push_str(quasi.value.cooked.unwrap_or(quasi.value.raw).as_str());
        if i < t.expressions.len() {
            out.push_str(HOLE);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::{ApiCall, ObservationKind, Side};
    use crate::practice::js::scan_js;
    use crate::rulesets::Catalogue;

    /// (product, method, path, detail) of each product call in `src`.
    fn calls(side: Side, src: &str) -> Vec<(String, String, Option<String>, String)> {
        scan_js("src/a.js", src, side, &Catalogue::from_vendors(Vec::new()))
            .unwrap()
            .into_iter()
            .filter(|o| o.kind == ObservationKind::ProductApi)
            .map(|o| {
                assert_eq!(o.vendor.as_deref(), Some("atlassian"));
                assert_eq!(o.categories, ["atlassian"]);
                let ApiCall {
                    product,
                    method,
                    path,
                } = o.api.unwrap();
                (product, method, path, o.detail)
            })
            .collect()
    }

    fn one(side: Side, src: &str) -> (String, String, Option<String>) {
        let found = calls(side, src);
        assert_eq!(found.len(), 1, "{found:?}");
        let (p, m, path, _) = found.into_iter().next().unwrap();
        (p, m, path)
    }

    fn call(product: &str, method: &str, path: Option<&str>) -> (String, String, Option<String>) {
        (product.into(), method.into(), path.map(String::from))
    }

    #[test]
    fn as_app_and_as_user_with_route_holes_and_detail() {
        let found = calls(
            Side::Backend,
            "import api, { route } from '@forge/api';\n\
             await api.asApp().requestJira(route`/rest/api/3/issue/${key}?fields=${f}`);\n\
             await api.asUser().requestConfluence(route`/wiki/api/v2/pages`, { method: 'POST', body });",
        );
        assert_eq!(
            found,
            vec![
                (
                    "jira".into(),
                    "GET".into(),
                    Some("/rest/api/3/issue/{}".into()),
                    "GET /rest/api/3/issue/{} (jira)".into()
                ),
                (
                    "confluence".into(),
                    "POST".into(),
                    Some("/wiki/api/v2/pages".into()),
                    "POST /wiki/api/v2/pages (confluence)".into()
                ),
            ]
        );
    }

    #[test]
    fn aliased_named_and_commonjs_imports_resolve() {
        let aliased = "import { asUser as me, route as r } from '@forge/api';\n\
                       me().requestJira(r`/rest/api/3/myself`);";
        assert_eq!(
            one(Side::Backend, aliased),
            call("jira", "GET", Some("/rest/api/3/myself"))
        );
        let destructured = "const { asApp, route } = require('@forge/api');\n\
                            const { requestJira } = asApp();\n\
                            requestJira(route`/rest/api/3/project/${p}`, { method: 'delete' });";
        assert_eq!(
            one(Side::Backend, destructured),
            call("jira", "DELETE", Some("/rest/api/3/project/{}"))
        );
        let held = "import api, { route } from '@forge/api';\n\
                    const app = api.asApp();\n\
                    const path = route`/rest/api/3/issue/${id}/comment`;\n\
                    const opts = { method: 'PUT', headers: {} };\n\
                    app.requestJira(path, opts);";
        assert_eq!(
            one(Side::Backend, held),
            call("jira", "PUT", Some("/rest/api/3/issue/{}/comment"))
        );
    }

    #[test]
    fn a_local_function_named_like_the_api_is_not_a_product_call() {
        let src = "const api = { asApp: () => ({ requestJira: () => 1 }) };\n\
                   function route(s) { return s; }\n\
                   api.asApp().requestJira(route`/rest/api/3/issue`);\n\
                   requestJira('/rest/api/3/issue');";
        assert!(calls(Side::Backend, src).is_empty());
    }

    #[test]
    fn trusted_routes_plain_strings_and_untagged_templates_resolve() {
        let trusted = "import api, { assumeTrustedRoute } from '@forge/api';\n\
                       const BASE = '/rest/api/3';\n\
                       api.asApp().requestJira(assumeTrustedRoute(BASE + '/issue/' + key));";
        assert_eq!(
            one(Side::Backend, trusted),
            call("jira", "GET", Some("/rest/api/3/issue/{}"))
        );
        // an untagged template is read like a plain string
        let untagged = "import api from '@forge/api';\n\
                        api.asApp().requestJira(`/rest/api/3/issue/${key}`);";
        assert_eq!(
            one(Side::Backend, untagged),
            call("jira", "GET", Some("/rest/api/3/issue/{}"))
        );
    }

    #[test]
    fn unresolvable_paths_and_options_are_recorded_as_unknown() {
        let src = "import api, { route } from '@forge/api';\n\
                   export async function run(path, options) {\n\
                     await api.asApp().requestJira(path);\n\
                     await api.asApp().requestJira(route`/rest/api/3/issue`, options);\n\
                     await api.asApp().requestJira(route`/rest/api/3/issue`, { ...options });\n\
                     await api.asApp().requestJira(route`/rest/api/3/issue`, { ...options, method: 'POST' });\n\
                   }";
        let found = calls(Side::Backend, src);
        let summary: Vec<_> = found
            .iter()
            .map(|(_, m, p, _)| (m.as_str(), p.is_some()))
            .collect();
        assert_eq!(
            summary,
            [("GET", false), ("?", true), ("?", true), ("POST", true)]
        );
        assert_eq!(found[0].3, "GET <path computed at run time> (jira)");
    }

    #[test]
    fn bridge_calls_on_the_frontend_with_plain_and_template_paths() {
        let src = "import { requestJira as rj, requestConfluence } from '@forge/bridge';\n\
                   const KEY = 'PRJ-1';\n\
                   await rj(`/rest/api/3/issue/${KEY}/comment?maxResults=0`);\n\
                   await rj(`/rest/api/3/issue/${ctx.issueKey}`, { method: 'PUT', body });\n\
                   await requestConfluence('/wiki/api/v2/spaces');";
        let found = calls(Side::Frontend, src);
        let paths: Vec<_> = found
            .iter()
            .map(|(p, m, path, _)| (p.as_str(), m.as_str(), path.as_deref()))
            .collect();
        assert_eq!(
            paths,
            [
                ("jira", "GET", Some("/rest/api/3/issue/PRJ-1/comment")),
                ("jira", "PUT", Some("/rest/api/3/issue/{}")),
                ("confluence", "GET", Some("/wiki/api/v2/spaces")),
            ]
        );
        let obs = scan_js(
            "static/a.js",
            src,
            Side::Frontend,
            &Catalogue::from_vendors(Vec::new()),
        )
        .unwrap();
        assert!(
            obs.iter()
                .filter(|o| o.kind == ObservationKind::ProductApi)
                .all(|o| o.side == Side::Frontend)
        );
    }

    #[test]
    fn graphql_and_property_hooks_are_calls_with_unknown_routes() {
        let src = "import api from '@forge/api';\n\
                   import { useIssueProperty } from '@forge/react';\n\
                   api.asApp().requestGraph('query { me { user { name } } }');\n\
                   const [v, setV] = useIssueProperty('k', 0);";
        let found = calls(Side::Backend, src);
        let details: Vec<_> = found
            .iter()
            .map(|(p, _, path, d)| (p.as_str(), path.is_none(), d.as_str()))
            .collect();
        assert_eq!(
            details,
            [
                ("graph", true, "requestGraph (graph)"),
                ("jira", true, "useIssueProperty (jira)")
            ]
        );
    }

    #[test]
    fn bitbucket_and_non_product_forge_calls() {
        let src = "import api, { route, fetch } from '@forge/api';\n\
                   api.asApp().requestBitbucket(route`/2.0/repositories/${ws}`);\n\
                   fetch('https://example.com');\n\
                   api.asApp().withProvider('google').fetch('/x');";
        assert_eq!(
            one(Side::Backend, src),
            call("bitbucket", "GET", Some("/2.0/repositories/{}"))
        );
    }
}
