//! An offline prediction of Atlassian's "Runs on Atlassian" rules from the
//! manifest (forge-facts.md section 2), with the entry that trips each rule.

use serde::Serialize;

use crate::manifest::Manifest;
use crate::model::Location;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    pub runs_on_atlassian: bool,
    pub failing: Vec<FailingRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FailingRule {
    /// Atlassian's rule name, e.g. `HAS_REMOTES`.
    pub rule: &'static str,
    pub location: Location,
}

pub fn eligibility(manifest: &Manifest) -> Eligibility {
    let mut failing = Vec::new();
    let mut fail = |rule: &'static str, location: &Location| {
        failing.push(FailingRule {
            rule,
            location: location.clone(),
        })
    };
    for remote in &manifest.remotes {
        fail("HAS_REMOTES", &remote.location);
    }
    if let Some(connect) = manifest.app.connect.as_ref().filter(|c| c.remote.is_some()) {
        fail("HAS_REMOTES", &connect.location);
    }
    for module in manifest
        .modules
        .iter()
        .filter(|m| m.module_type == "endpoint" && m.remote.is_some())
    {
        fail("HAS_REMOTES", &module.location);
    }
    for module in &manifest.connect_modules {
        fail("HAS_CONNECT_MODULES", &module.location);
    }
    for entry in &manifest.egress {
        // Analytics egress that carries no end-user data is allowed by the program.
        let allowed =
            entry.category.as_deref() == Some("analytics") && entry.in_scope_eud == Some(false);
        if !allowed {
            fail("HAS_DEFINED_EGRESS", &entry.location);
        }
    }
    for module in manifest
        .modules
        .iter()
        .filter(|m| m.module_type == "webtrigger")
    {
        // Web triggers are dynamic unless declared static.
        if module.webtrigger_response.as_deref() != Some("static") {
            fail("HAS_EGRESS_WEBTRIGGER_MODULE", &module.location);
        }
    }
    for module in manifest.modules.iter().filter(|m| m.module_type == "sql") {
        if module.dare_compliant != Some(true) {
            fail("HAS_NON_DARE_COMPLIANT_SQL_MODULE", &module.location);
        }
    }
    failing.sort_by(|a, b| (&a.location, a.rule).cmp(&(&b.location, b.rule)));
    Eligibility {
        runs_on_atlassian: failing.is_empty(),
        failing,
    }
}
