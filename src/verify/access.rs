//! Who can use the app: an "only administrators" promise against the UI
//! modules the manifest declares and the web triggers it exposes.

use super::Input;
use super::evidence::{Evidence, Strength};
use super::gap::Gap;
use crate::manifest::Module;

/// UI module types only administrators can open: the site's product admins
/// (`jira:adminPage`, `confluence:globalSettings`, `compass:adminPage`), or the
/// admins of one project, space, workspace or repository (their settings pages).
const ADMIN_MODULES: [&str; 7] = [
    "jira:adminPage",
    "jira:projectSettingsPage",
    "confluence:globalSettings",
    "confluence:spaceSettings",
    "compass:adminPage",
    "bitbucket:workspaceSettingsMenuPage",
    "bitbucket:repoSettingsMenuPage",
];

/// UI module types any user of the product (or a customer on a service portal)
/// can open: panels, glances, pages, actions, macros, gadgets, fields.
const USER_MODULES: [&str; 40] = [
    "jira:issuePanel",
    "jira:issueGlance",
    "jira:issueActivity",
    "jira:issueAction",
    "jira:issueContext",
    "jira:issueViewBackgroundScript",
    "jira:projectPage",
    "jira:globalPage",
    "jira:fullPage",
    "jira:personalSettingsPage",
    "jira:dashboardGadget",
    "jira:customField",
    "jira:customFieldType",
    "jira:backlogAction",
    "jira:boardAction",
    "jira:sprintAction",
    "jira:uiModifications",
    "macro",
    "confluence:contentBylineItem",
    "confluence:contentAction",
    "confluence:contextMenu",
    "confluence:globalPage",
    "confluence:spacePage",
    "confluence:fullPage",
    "confluence:homepageFeed",
    "confluence:customContent",
    "confluence:pageBanner",
    "jiraServiceManagement:queuePage",
    "jiraServiceManagement:organizationPanel",
    "jiraServiceManagement:portalRequestDetail",
    "jiraServiceManagement:portalRequestDetailPanel",
    "jiraServiceManagement:portalHeader",
    "jiraServiceManagement:portalSubheader",
    "jiraServiceManagement:portalFooter",
    "bitbucket:repoMainMenuPage",
    "bitbucket:repoCodeOverviewCard",
    "bitbucket:repoPullRequestCard",
    "compass:componentPage",
    "compass:teamPage",
    "rovo:agent",
];

/// Evidence against "only administrators can use the app", and gaps: UI
/// modules of a type whose audience claimcheck does not know.
pub fn admin_only(input: &Input) -> (Vec<Evidence>, Vec<Gap>) {
    let mut evidence = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for module in &input.manifest.modules {
        let kind = module.module_type.as_str();
        if USER_MODULES.contains(&kind) {
            evidence.push(Evidence {
                strength: Strength::Runs,
                also_at: Vec::new(),
                location: module.location.clone(),
                what: format!(
                    "the manifest adds `{kind}` `{}`, which any user can open",
                    module.key
                ),
                vendor: None,
            });
        } else if kind == "webtrigger" {
            evidence.extend(webtrigger(module));
        } else if !ADMIN_MODULES.contains(&kind)
            && (module.resource.is_some() || module.render.is_some())
            && !unknown.contains(&kind)
        {
            unknown.push(kind);
        }
    }
    let gaps = unknown
        .into_iter()
        .map(|kind| Gap::UnknownModule(kind.to_string()))
        .collect();
    (evidence, gaps)
}

/// A web trigger anyone holding its URL can call: unauthenticated, or with a
/// dynamic response (the default) that hands data back to the caller.
fn webtrigger(module: &Module) -> Option<Evidence> {
    let dynamic = module.webtrigger_response.as_deref() != Some("static");
    let unauthenticated = matches!(
        module.webtrigger_authentication.as_deref(),
        None | Some("none")
    );
    let why = match (dynamic, unauthenticated) {
        (true, true) => "answers unauthenticated requests with a dynamic response",
        (true, false) => "returns a dynamic response to whoever calls its URL",
        (false, true) => "accepts unauthenticated requests",
        (false, false) => return None,
    };
    Some(Evidence {
        strength: Strength::Runs,
        also_at: Vec::new(),
        location: module.location.clone(),
        what: format!("web trigger `{}` {why}", module.key),
        vendor: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Manifest;
    use crate::model::Location;
    use crate::rulesets::Catalogue;

    fn module(module_type: &str, key: &str, line: u32) -> Module {
        Module {
            resource: Some("main".into()),
            ..Module::new(
                module_type,
                key,
                Location::new("manifest.yml", line, Some(7)),
            )
        }
    }

    fn trigger(key: &str, response: Option<&str>, auth: Option<&str>, line: u32) -> Module {
        Module {
            resource: None,
            webtrigger_response: response.map(Into::into),
            webtrigger_authentication: auth.map(Into::into),
            ..module("webtrigger", key, line)
        }
    }

    fn run(modules: Vec<Module>) -> (Vec<Evidence>, Vec<Gap>) {
        let manifest = Manifest {
            path: "manifest.yml".into(),
            modules,
            ..Manifest::default()
        };
        let catalogue = Catalogue::from_vendors(Vec::new());
        admin_only(&Input {
            manifest: &manifest,
            claims: &[],
            disclosures: &[],
            statement: Some("PRIVACY.md"),
            observations: &[],
            skipped: &[],
            catalogue: &catalogue,
        })
    }

    #[test]
    fn an_admin_page_alone_keeps_the_promise() {
        let (evidence, gaps) = run(vec![
            module("jira:adminPage", "settings", 3),
            Module {
                resource: None,
                ..module("function", "resolver", 9)
            },
            Module {
                resource: None,
                ..module("trigger", "on-issue", 12)
            },
        ]);
        assert!(evidence.is_empty(), "{evidence:?}");
        assert!(gaps.is_empty());
    }

    #[test]
    fn pages_any_user_opens_break_it() {
        let (evidence, _) = run(vec![
            module("jira:adminPage", "settings", 3),
            module("jira:issuePanel", "notes", 8),
            module("macro", "chart", 14),
        ]);
        let lines: Vec<u32> = evidence.iter().map(|e| e.location.line).collect();
        assert_eq!(lines, [8, 14]);
        assert!(evidence[0].what.contains("`jira:issuePanel` `notes`"));
    }

    #[test]
    fn web_triggers_break_it_unless_static_and_authenticated() {
        let (evidence, _) = run(vec![
            trigger("export", None, None, 5),
            trigger(
                "signed-export",
                Some("dynamic"),
                Some("hmacSharedSecret"),
                9,
            ),
            trigger("open-ping", Some("static"), Some("none"), 13),
            trigger("signed-ping", Some("static"), Some("hmacSharedSecret"), 17),
        ]);
        let lines: Vec<u32> = evidence.iter().map(|e| e.location.line).collect();
        assert_eq!(lines, [5, 9, 13]);
        assert!(evidence[0].what.contains("unauthenticated"));
        assert!(evidence[1].what.contains("dynamic response"));
    }

    #[test]
    fn an_unknown_ui_module_type_is_a_gap_not_evidence() {
        let (evidence, gaps) = run(vec![module("jira:someFutureModule", "x", 3)]);
        assert!(evidence.is_empty());
        let gaps: Vec<String> = gaps.iter().map(Gap::to_string).collect();
        assert_eq!(
            gaps,
            ["claimcheck does not know who can open `jira:someFutureModule` modules"]
        );
    }
}
