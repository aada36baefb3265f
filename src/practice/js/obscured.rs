//! Code written so that a reader cannot see what it calls: a global read
//! through a computed name (`globalThis['fe' + 'tch']`, `window[atob(k)]`),
//! a module loaded by a computed name (`require('mix' + 'panel')`), and code
//! run from strings (`eval`, `new Function`, `setTimeout('...')`). Each is an
//! `obscured-code` observation, which makes the claims such code could break
//! unverifiable instead of silently supported. Where the name folds to a
//! constant the resolver also reads the real global or module (value.rs).

use oxc_ast::AstKind;
use oxc_ast::ast::{Argument, CallExpression, ComputedMemberExpression, Expression};

use super::value::{Resolver, Val, static_string};
use crate::model::Obscured;

/// Globals that are the global object.
const GLOBAL_OBJECTS: [&str; 4] = ["window", "globalThis", "self", "global"];

/// One piece of obscured code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    pub how: Obscured,
    /// What a reviewer reads: `window[<computed>]`, `require('mixpanel')`...
    pub detail: String,
    pub offset: u32,
    /// The module a computed `require`/`import` name folds to.
    pub module: Option<String>,
}

/// The obscured code a node is, if any. A cheap look at names comes first so
/// that most nodes cost no resolution.
pub fn hidden<'a>(resolver: &Resolver<'a, '_>, kind: &AstKind<'a>) -> Option<Hidden> {
    match kind {
        AstKind::ComputedMemberExpression(member) => computed_global(resolver, member),
        AstKind::CallExpression(call) => call_from_string(resolver, call),
        AstKind::NewExpression(new) => {
            let named = matches!(&new.callee, Expression::Identifier(id) if id.name == "Function");
            (named && resolver.eval(&new.callee) == Val::Global(vec!["Function"])).then(|| Hidden {
                how: Obscured::FunctionConstructor,
                detail: "new Function".into(),
                offset: new.span.start,
                module: None,
            })
        }
        AstKind::ImportExpression(import) if static_string(&import.source).is_none() => Some(
            module_by_name(resolver, "import", &import.source, import.span.start),
        ),
        _ => None,
    }
}

/// `window[expr]` where `expr` is not a literal name.
fn computed_global<'a>(
    resolver: &Resolver<'a, '_>,
    member: &'a ComputedMemberExpression<'a>,
) -> Option<Hidden> {
    let Expression::Identifier(object) = member.object.get_inner_expression() else {
        return None;
    };
    if !GLOBAL_OBJECTS.contains(&object.name.as_str()) || !resolver.is_global(object) {
        return None;
    }
    let key = member.expression.get_inner_expression();
    if static_string(key).is_some() || matches!(key, Expression::NumericLiteral(_)) {
        return None;
    }
    let folded = resolver.prefix(key);
    let detail = if folded.complete {
        format!("{}['{}'] (a computed name)", object.name, folded.text)
    } else {
        format!("{}[<computed>]", object.name)
    };
    Some(Hidden {
        how: Obscured::ComputedGlobal,
        detail,
        offset: member.span.start,
        module: None,
    })
}

/// `eval(...)`, `Function(...)`, `setTimeout('code')`, `require(expr)`.
fn call_from_string<'a>(
    resolver: &Resolver<'a, '_>,
    call: &'a CallExpression<'a>,
) -> Option<Hidden> {
    // Only these names can be what is looked for; skip resolving the rest.
    let name = match call.callee.get_inner_expression() {
        Expression::Identifier(id) => id.name.as_str(),
        Expression::StaticMemberExpression(m) => m.property.name.as_str(),
        _ => return None,
    };
    if !matches!(
        name,
        "eval" | "Function" | "setTimeout" | "setInterval" | "require"
    ) {
        return None;
    }
    let Val::Global(path) = resolver.eval(&call.callee) else {
        return None;
    };
    let first = call.arguments.first().and_then(Argument::as_expression);
    let at = call.span.start;
    let found = |how, detail: &str| {
        Some(Hidden {
            how,
            detail: detail.to_string(),
            offset: at,
            module: None,
        })
    };
    match path.as_slice() {
        ["eval"] => found(Obscured::Eval, "eval"),
        ["Function"] => found(Obscured::FunctionConstructor, "Function"),
        [timer @ ("setTimeout" | "setInterval")] => {
            first.filter(|arg| is_string(resolver, arg))?;
            found(Obscured::StringTimer, &format!("{timer}(<string>)"))
        }
        ["require"] => {
            let arg = first?;
            if static_string(arg).is_some() {
                return None;
            }
            Some(module_by_name(resolver, "require", arg, at))
        }
        _ => None,
    }
}

/// An argument that is evidently a string of code rather than a function.
fn is_string<'a>(resolver: &Resolver<'a, '_>, arg: &'a Expression<'a>) -> bool {
    matches!(
        arg.get_inner_expression(),
        Expression::StringLiteral(_) | Expression::TemplateLiteral(_)
    ) || !resolver.prefix(arg).text.is_empty()
}

fn module_by_name<'a>(
    resolver: &Resolver<'a, '_>,
    how: &str,
    arg: &'a Expression<'a>,
    offset: u32,
) -> Hidden {
    let folded = resolver.prefix(arg);
    let module = (folded.complete && !folded.text.is_empty()).then_some(folded.text);
    let detail = match &module {
        Some(m) => format!("{how}('{m}') (a computed name)"),
        None => format!("{how}(<computed>)"),
    };
    Hidden {
        how: Obscured::ComputedModule,
        detail,
        offset,
        module,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Fact, Obscured, ObservationKind, Side};
    use crate::practice::scan_js;
    use crate::rulesets::{Catalogue, Vendor};

    fn catalogue() -> Catalogue {
        Catalogue::from_vendors(vec![Vendor {
            id: "mixpanel".into(),
            name: "Mixpanel".into(),
            organisation: "Mixpanel, Inc.".into(),
            categories: vec!["analytics".into()],
            packages: vec!["mixpanel".into()],
            ..Default::default()
        }])
    }

    fn scan(source: &str) -> Vec<(u32, ObservationKind, String, Option<Obscured>)> {
        scan_js("static/a/src/x.js", source, Side::Frontend, &catalogue())
            .unwrap()
            .into_iter()
            .map(|o| {
                let how = match o.fact {
                    Fact::Obscured(how) => Some(how),
                    _ => None,
                };
                (o.location.line, o.kind, o.detail, how)
            })
            .collect()
    }

    #[test]
    fn hidden_names_are_observed_and_folded_names_read_as_the_real_thing() {
        let source = "globalThis['fe' + 'tch']('https://x.example.com/c');\n\
                      window['local' + 'Storage'].setItem('k', v);\n\
                      window[atob('ZmV0Y2g=')](u);\n\
                      const m = require('mix' + 'panel');\n\
                      eval(code);\n\
                      const f = new Function('a', body);\n\
                      setTimeout('send()', 10);\n\
                      import(name);\n";
        let found = scan(source);
        let obscured: Vec<(u32, Obscured)> =
            found.iter().filter_map(|f| f.3.map(|h| (f.0, h))).collect();
        assert_eq!(
            obscured,
            [
                (1, Obscured::ComputedGlobal),
                (2, Obscured::ComputedGlobal),
                (3, Obscured::ComputedGlobal),
                (4, Obscured::ComputedModule),
                (5, Obscured::Eval),
                (6, Obscured::FunctionConstructor),
                (7, Obscured::StringTimer),
                (8, Obscured::ComputedModule),
            ]
        );
        let kinds = |line: u32| -> Vec<ObservationKind> {
            found
                .iter()
                .filter(|f| f.0 == line && f.3.is_none())
                .map(|f| f.1)
                .collect()
        };
        assert_eq!(kinds(1), [ObservationKind::NetworkCall]);
        assert_eq!(kinds(2), [ObservationKind::BrowserStorage]);
        assert_eq!(kinds(4), [ObservationKind::Sdk]);
        assert!(
            found
                .iter()
                .any(|f| f.2 == "require('mixpanel') (a computed name)")
        );
    }

    #[test]
    fn ordinary_code_that_looks_alike_stays_silent() {
        let source = "const o = {}; const k = 'a';\n\
                      o[k] = 1; items[i].fetch();\n\
                      window['localStorage'];\n\
                      setTimeout(() => send(), 10); setInterval(tick, 5);\n\
                      function eval2() {} const require2 = require('./local');\n\
                      console.log('localStorage is not used');\n\
                      class Api { fetch(u) {} } new Api().fetch('https://y.example.com');\n\
                      import('./lazy.js');\n";
        let found = scan(source);
        assert!(found.iter().all(|f| f.3.is_none()), "{found:?}");
        // The literal `window['localStorage']` is read as storage, not obscured.
        assert_eq!(
            found
                .iter()
                .filter(|f| f.1 == ObservationKind::BrowserStorage)
                .count(),
            1
        );
        assert!(!found.iter().any(|f| f.1 == ObservationKind::NetworkCall));
    }
}
