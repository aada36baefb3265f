//! Declared scopes against what the app needs: `manifest/unused-scope` and
//! `manifest/missing-scope` (forge-facts.md 3.5 and 6, "Minimum scopes").
//!
//! A declared scope is needed when a product call's route needs it (either its
//! classic or its granular set, whichever the manifest fully declares), when a
//! trigger event needs it (`rulesets/scopes/events.tsv`), or, for
//! `storage:app`, when any code uses Forge storage.
//!
//! The judgement is conservative, because a wrong "unused" finding invites the
//! developer to break the app:
//! - a product's scopes are not judged when any call to it has a path computed
//!   at run time, options the tool cannot read, or a route the table does not
//!   know, or when a trigger subscribes to an event the event table does not
//!   know; a GraphQL call (`requestGraph`...) stops the judgement for every
//!   product. Each such reason is returned as a gap, so a least-privilege
//!   claim becomes unverifiable rather than wrong;
//! - scopes no product owns by name (`read:me`, `report:personal-data`,
//!   `read:app-system-token`, unknown names) are never reported: other
//!   platform features need them and the tool does not see all of those;
//! - a granular read scope of a product is not reported when one of its
//!   trigger events is declared without its classic scope (the event may be
//!   relying on granular scopes the event table does not list).
//!
//! Dev-side code (tests, scripts) does not run on Forge and needs no scope.

use std::collections::{BTreeMap, BTreeSet};

use super::Input;
use super::evidence::{Evidence, Strength, counts};
use crate::model::{Finding, Location, Observation, ObservationKind, Related, Severity};
use crate::rulesets::scopes::{Need, ScopeTable, is_write_scope, scope_product};

const UNUSED: &str = "manifest/unused-scope";
const MISSING: &str = "manifest/missing-scope";
const STORAGE_SCOPE: &str = "storage:app";

/// The outcome of the scope judgement for one app.
#[derive(Debug, Default)]
pub struct Judgement {
    /// `manifest/unused-scope` and `manifest/missing-scope` findings.
    pub findings: Vec<Finding>,
    /// One clause per unused scope, for a least-privilege claim.
    pub unused: Vec<Evidence>,
    /// Why some scopes were not judged.
    pub gaps: Vec<String>,
}

/// The findings of both rules.
pub fn findings(input: &Input) -> Vec<Finding> {
    judge(input).findings
}

/// Judges every declared scope and every product call.
pub fn judge(input: &Input) -> Judgement {
    let mut judgement = Judgement::default();
    let table = match ScopeTable::embedded() {
        Ok(table) => table,
        Err(error) => {
            judgement
                .gaps
                .push(format!("the scope tables could not be read ({error})"));
            return judgement;
        }
    };
    let declared: BTreeSet<&str> = input
        .manifest
        .scopes
        .iter()
        .map(|s| s.value.as_str())
        .collect();
    let mut usage = Usage::default();
    for obs in input
        .observations
        .iter()
        .filter(|o| counts(o) && o.kind == ObservationKind::ProductApi)
    {
        usage.call(obs, table, &declared, input, &mut judgement);
    }
    usage.events(input, table, &declared);
    // Declared Custom Entity Store entities need the scope even before code
    // touches them.
    let storage_used = !input.manifest.app.storage_entities.is_empty()
        || input
            .observations
            .iter()
            .any(|o| counts(o) && o.kind == ObservationKind::ForgeStorage);
    for scope in &input.manifest.scopes {
        let name = scope.value.as_str();
        let Some(what) = usage.unused(name, storage_used) else {
            continue;
        };
        judgement.findings.push(Finding {
            fingerprint: String::new(),
            suppressed: None,
            rule: UNUSED.into(),
            severity: Severity::Warning,
            message: format!("{what}; remove it from permissions.scopes"),
            claim: None,
            vendor: None,
            location: scope.location.clone(),
            related: Vec::new(),
        });
        judgement.unused.push(Evidence {
            strength: Strength::Runs,
            also_at: Vec::new(),
            location: scope.location.clone(),
            what,
            vendor: None,
        });
    }
    judgement.gaps.extend(usage.opaque_all.clone());
    judgement.gaps.extend(
        usage
            .unjudged
            .iter()
            .map(|(product, why)| format!("{} scopes were not judged: {why}", title(product))),
    );
    judgement
}

/// What the calls and events of one app use.
#[derive(Default)]
struct Usage {
    /// Declared scopes some call or event needs.
    used: BTreeSet<String>,
    /// Per product, the first reason its scopes cannot be judged.
    unjudged: BTreeMap<String, String>,
    /// A GraphQL call: no product's scopes can be judged.
    opaque_all: Option<String>,
    /// Per product, resolved calls: (method, detail, location).
    calls: BTreeMap<String, Vec<(String, String, Location)>>,
    /// Products with at least one trigger event.
    evented: BTreeSet<String>,
    /// Products with an event declared without its classic scopes.
    granular_events: BTreeSet<String>,
}

impl Usage {
    fn unjudged(&mut self, product: &str, why: String) {
        self.unjudged.entry(product.to_string()).or_insert(why);
    }

    fn call(
        &mut self,
        obs: &Observation,
        table: &ScopeTable,
        declared: &BTreeSet<&str>,
        input: &Input,
        judgement: &mut Judgement,
    ) {
        let Some(api) = &obs.api else { return };
        let at = &obs.location;
        if api.product == "graph" {
            self.opaque_all.get_or_insert_with(|| {
                format!(
                    "`{}` at {at} sends GraphQL queries whose scopes depend on the query",
                    obs.detail
                )
            });
            return;
        }
        let Some(path) = api.path.as_deref() else {
            self.unjudged(
                &api.product,
                format!(
                    "the call `{}` at {at} has a path computed at run time",
                    obs.detail
                ),
            );
            return;
        };
        if api.method == "?" {
            self.unjudged(
                &api.product,
                format!("the call at {at} passes request options the tool cannot read"),
            );
            return;
        }
        let Some(route) = table.resolve(&api.product, &api.method, path) else {
            let why = if table.has_product(&api.product) {
                format!(
                    "`{}` at {at} matches no route in the {} scope table",
                    obs.detail, api.product
                )
            } else {
                format!(
                    "`{}` at {at}: claimcheck has no route table for {}",
                    obs.detail, api.product
                )
            };
            self.unjudged(&api.product, why);
            return;
        };
        match route.need(declared) {
            Need::Nothing => {}
            Need::Satisfied { used } => self.used.extend(used.into_iter().map(String::from)),
            Need::Missing { wanted, partial } => {
                self.used.extend(partial.into_iter().map(String::from));
                judgement.findings.push(missing(
                    obs,
                    &route.method,
                    &route.path,
                    &wanted,
                    declared,
                    input,
                ));
            }
            Need::Unknown => {
                self.unjudged(
                    &api.product,
                    format!(
                        "the API document lists only granular scopes for {} {} (called at {at}) and the manifest declares none of them, so the classic scope it relies on is unknown",
                        route.method, route.path
                    ),
                );
                return;
            }
        }
        self.calls.entry(api.product.clone()).or_default().push((
            route.method.clone(),
            obs.detail.clone(),
            at.clone(),
        ));
    }

    fn events(&mut self, input: &Input, table: &ScopeTable, declared: &BTreeSet<&str>) {
        for module in &input.manifest.modules {
            for event in &module.events {
                let Some(needs) = table.event(event) else {
                    if let Some(product) = event_product(event) {
                        self.unjudged(
                            product,
                            format!(
                                "trigger `{}` subscribes to `{event}`, which the event table does not list",
                                module.key
                            ),
                        );
                    }
                    continue;
                };
                self.evented.insert(needs.product.clone());
                if !needs.scopes.iter().all(|s| declared.contains(s.as_str())) {
                    self.granular_events.insert(needs.product.clone());
                }
                self.used.extend(
                    needs
                        .scopes
                        .iter()
                        .filter(|s| declared.contains(s.as_str()))
                        .cloned(),
                );
            }
        }
    }

    /// Why `scope` is unused, as a clause; `None` when it is used or not judged.
    fn unused(&self, scope: &str, storage_used: bool) -> Option<String> {
        if scope == STORAGE_SCOPE {
            return (!storage_used).then(|| {
                format!("the manifest asks for `{scope}`, which nothing uses: no scanned code uses Forge storage")
            });
        }
        let product = scope_product(scope)?;
        if self.opaque_all.is_some()
            || self.unjudged.contains_key(product)
            || self.used.contains(scope)
        {
            return None;
        }
        let granular = scope.matches(':').count() >= 2;
        if granular && !is_write_scope(scope) && self.granular_events.contains(product) {
            return None;
        }
        let calls = self.calls.get(product).map_or(&[][..], Vec::as_slice);
        let name = title(product);
        if calls.is_empty() && !self.evented.contains(product) {
            return Some(format!(
                "the manifest asks for `{scope}`, which nothing uses: the app makes no {name} API call and receives no {name} event"
            ));
        }
        let reads_only = calls.iter().all(|(method, _, _)| method == "GET");
        if is_write_scope(scope) && reads_only {
            let count = match calls.len() {
                0 => format!("the app makes no {name} API call"),
                1 => format!("the app's only {name} API call reads"),
                n => format!("all {n} of the app's {name} API calls read"),
            };
            let first = calls
                .first()
                .map(|(_, detail, at)| format!(" (`{detail}` at {at})"))
                .unwrap_or_default();
            return Some(format!(
                "the manifest asks for `{scope}`, a write scope nothing needs: {count}{first}"
            ));
        }
        Some(format!(
            "the manifest asks for `{scope}`, which none of the app's {} {name} API calls or trigger events needs",
            calls.len()
        ))
    }
}

fn missing(
    obs: &Observation,
    method: &str,
    template: &str,
    wanted: &[&str],
    declared: &BTreeSet<&str>,
    input: &Input,
) -> Finding {
    let lacking: Vec<String> = wanted
        .iter()
        .filter(|s| !declared.contains(*s))
        .map(|s| format!("`{s}`"))
        .collect();
    let noun = if lacking.len() == 1 {
        "scope"
    } else {
        "scopes"
    };
    Finding {
        fingerprint: String::new(),
        suppressed: None,
        rule: MISSING.into(),
        severity: Severity::Warning,
        message: format!(
            "`{}` ({method} {template}) needs {noun} {}, which permissions.scopes does not declare; the call fails at run time",
            obs.detail,
            lacking.join(", ")
        ),
        claim: None,
        vendor: None,
        location: obs.location.clone(),
        related: input
            .manifest
            .scopes
            .first()
            .map(|s| Related {
                location: s.location.clone(),
                message: "the declared scopes".into(),
            })
            .into_iter()
            .collect(),
    }
}

/// The product an event belongs to by name: `avi:jira-software:...` is Jira's.
fn event_product(event: &str) -> Option<&'static str> {
    let noun = event.split(':').nth(1)?;
    match noun.split('-').next()? {
        "jira" => Some("jira"),
        "confluence" => Some("confluence"),
        "bitbucket" => Some("bitbucket"),
        _ => None,
    }
}

fn title(product: &str) -> &str {
    match product {
        "jira" => "Jira",
        "confluence" => "Confluence",
        "bitbucket" => "Bitbucket",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Located, Manifest, Module};
    use crate::model::{ApiCall, Side};
    use crate::rulesets::Catalogue;

    fn at(path: &str, line: u32) -> Location {
        Location::new(path, line, Some(5))
    }

    fn manifest(scopes: &[&str], events: &[&str]) -> Manifest {
        let mut m = Manifest {
            path: "manifest.yml".into(),
            scopes: scopes
                .iter()
                .enumerate()
                .map(|(i, s)| Located {
                    value: s.to_string(),
                    location: at("manifest.yml", 20 + i as u32),
                })
                .collect(),
            ..Manifest::default()
        };
        if !events.is_empty() {
            m.modules.push(Module {
                function: Some("f".into()),
                events: events.iter().map(|e| e.to_string()).collect(),
                ..Module::new("trigger", "on-event", at("manifest.yml", 5))
            });
        }
        m
    }

    fn api(product: &str, method: &str, path: Option<&str>, line: u32) -> Observation {
        let detail = format!("{method} {} ({product})", path.unwrap_or("<computed>"));
        let mut obs = Observation::new(
            ObservationKind::ProductApi,
            Side::Backend,
            detail,
            at("src/index.js", line),
        );
        obs.api = Some(ApiCall {
            product: product.into(),
            method: method.into(),
            path: path.map(String::from),
        });
        obs
    }

    fn storage(side: Side) -> Observation {
        Observation::new(
            ObservationKind::ForgeStorage,
            side,
            "kvs",
            at("src/store.js", 3),
        )
    }

    fn judged(manifest: &Manifest, observations: &[Observation]) -> Judgement {
        let catalogue = Catalogue::from_vendors(Vec::new());
        judge(&Input {
            manifest,
            claims: &[],
            disclosures: &[],
            statement: Some("PRIVACY.md"),
            observations,
            skipped: &[],
            catalogue: &catalogue,
        })
    }

    /// (rule, line, message) of each finding.
    fn rules(j: &Judgement) -> Vec<(String, u32, String)> {
        j.findings
            .iter()
            .map(|f| (f.rule.clone(), f.location.line, f.message.clone()))
            .collect()
    }

    #[test]
    fn a_write_scope_with_only_read_calls_is_the_headline_case() {
        let m = manifest(&["read:jira-work", "write:jira-work"], &[]);
        let j = judged(
            &m,
            &[api(
                "jira",
                "GET",
                Some("/rest/api/3/search/jql?jql={}"),
                10,
            )],
        );
        let found = rules(&j);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0.as_str(), found[0].1), (UNUSED, 21));
        assert!(
            found[0]
                .2
                .contains("`write:jira-work`, a write scope nothing needs")
        );
        assert!(found[0].2.contains("the app's only Jira API call reads"));
        assert!(found[0].2.contains("src/index.js:10"));
        assert_eq!(j.unused.len(), 1);
        assert!(j.gaps.is_empty(), "{:?}", j.gaps);
    }

    #[test]
    fn a_write_call_uses_the_write_scope() {
        let m = manifest(&["read:jira-work", "write:jira-work"], &[]);
        let j = judged(
            &m,
            &[
                api("jira", "GET", Some("/rest/api/3/issue/{}"), 10),
                api("jira", "PUT", Some("/rest/api/3/issue/{}"), 12),
            ],
        );
        assert!(j.findings.is_empty(), "{:?}", rules(&j));
    }

    #[test]
    fn a_scope_used_only_by_a_trigger_event_is_used() {
        let m = manifest(
            &["read:jira-work", "read:jira-user"],
            &["avi:jira:created:issue"],
        );
        let j = judged(&m, &[]);
        let found = rules(&j);
        // read:jira-work is the event's; read:jira-user has no call and no event
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, 21);
        assert!(found[0].2.contains("`read:jira-user`"));
        assert!(
            !found[0]
                .2
                .contains("no Jira API call and receives no Jira event")
        );
    }

    #[test]
    fn storage_app_is_used_by_kvs_but_not_by_a_test_file() {
        let m = manifest(&["storage:app"], &[]);
        assert!(judged(&m, &[storage(Side::Backend)]).findings.is_empty());
        let j = judged(&m, &[storage(Side::Dev)]);
        assert_eq!(rules(&j).len(), 1);
        assert!(
            j.findings[0]
                .message
                .contains("no scanned code uses Forge storage")
        );
    }

    #[test]
    fn declared_custom_entities_need_storage_app_before_any_code_runs() {
        let mut m = manifest(&["storage:app"], &[]);
        m.app.storage_entities = vec![Located {
            value: "release-note".into(),
            location: at("manifest.yml", 5),
        }];
        assert!(judged(&m, &[]).findings.is_empty());
    }

    #[test]
    fn a_computed_path_leaves_that_product_unjudged_and_says_why() {
        let m = manifest(
            &["read:jira-work", "write:jira-work", "write:page:confluence"],
            &[],
        );
        let j = judged(
            &m,
            &[
                api("jira", "GET", Some("/rest/api/3/issue/{}"), 10),
                api("jira", "GET", None, 14),
            ],
        );
        let found = rules(&j);
        // Jira is not judged; the Confluence scope has no Confluence call at all
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].2.contains("`write:page:confluence`"));
        assert_eq!(j.gaps.len(), 1);
        assert!(j.gaps[0].starts_with("Jira scopes were not judged"));
        assert!(j.gaps[0].contains("src/index.js:14"));
    }

    #[test]
    fn unknown_routes_methods_events_and_graphql_leave_scopes_unjudged() {
        let m = manifest(&["write:jira-work"], &[]);
        let unknown_route = judged(
            &m,
            &[api("jira", "GET", Some("/rest/servicedeskapi/request"), 3)],
        );
        assert!(unknown_route.findings.is_empty());
        assert!(unknown_route.gaps[0].contains("matches no route"));
        let unknown_method = judged(&m, &[api("jira", "?", Some("/rest/api/3/issue/{}"), 3)]);
        assert!(unknown_method.findings.is_empty());
        let bitbucket = manifest(&["read:repository:bitbucket"], &[]);
        let j = judged(
            &bitbucket,
            &[api("bitbucket", "GET", Some("/2.0/repositories/{}"), 3)],
        );
        assert!(j.findings.is_empty());
        assert!(j.gaps[0].contains("no route table for bitbucket"));
        let event = manifest(&["write:jira-work"], &["avi:jira:frobbed:issue"]);
        assert!(judged(&event, &[]).findings.is_empty());
        let mut graph = api("graph", "POST", None, 3);
        graph.detail = "requestGraph (graph)".into();
        let j = judged(
            &manifest(&["write:jira-work", "write:page:confluence"], &[]),
            &[graph],
        );
        assert!(j.findings.is_empty());
        assert!(j.gaps[0].contains("GraphQL"));
    }

    #[test]
    fn platform_and_unknown_scopes_are_never_reported() {
        let m = manifest(
            &[
                "read:me",
                "report:personal-data",
                "read:app-system-token",
                "frobnicate:things",
            ],
            &[],
        );
        let j = judged(&m, &[]);
        assert!(j.findings.is_empty(), "{:?}", rules(&j));
    }

    #[test]
    fn a_granular_set_satisfies_a_call_and_only_the_unneeded_scope_is_reported() {
        let m = manifest(&["read:page:confluence", "write:page:confluence"], &[]);
        let j = judged(
            &m,
            &[api("confluence", "GET", Some("/wiki/api/v2/pages/{}"), 7)],
        );
        let found = rules(&j);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .2
                .contains("`write:page:confluence`, a write scope nothing needs")
        );
    }

    #[test]
    fn a_call_needing_an_undeclared_scope_is_missing_scope_and_its_partial_set_counts() {
        // read:issue:jira is part of the call's granular set: needed, not enough
        let m = manifest(&["read:issue:jira"], &[]);
        let j = judged(&m, &[api("jira", "POST", Some("/rest/api/3/issue"), 9)]);
        let found = rules(&j);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0.as_str(), found[0].1), (MISSING, 9));
        assert!(
            found[0].2.contains("needs scope `write:jira-work`"),
            "{}",
            found[0].2
        );
        assert_eq!(j.findings[0].related[0].location.line, 20);
        // read:jira-work is no part of what a create needs: unused beside the missing one
        let m = manifest(&["read:jira-work"], &[]);
        let found = rules(&judged(
            &m,
            &[api("jira", "POST", Some("/rest/api/3/issue"), 9)],
        ));
        let kinds: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(kinds, [MISSING, UNUSED]);
    }

    #[test]
    fn an_event_declared_without_its_classic_scope_protects_granular_reads() {
        let m = manifest(
            &["read:issue:jira", "write:issue:jira"],
            &["avi:jira:updated:issue"],
        );
        let found = rules(&judged(&m, &[]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].2.contains("`write:issue:jira`"));
    }
}
