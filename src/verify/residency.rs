//! Where data goes, as the manifest declares it: data residency of remotes,
//! egress and SQL (forge-facts.md section 2, "Data residency"), egress the
//! customer decides at run time, and Custom UI content loaded from third parties.

use super::Input;
use super::evidence::{Evidence, Strength, is_external_host};
use super::gap::Gap;
use crate::manifest::{EgressList, EgressTarget, Manifest, Remote};
use crate::url::{is_loopback, parse_address};

/// The realms a remote's `baseUrl` map can name besides `default`
/// (forge-facts.md 1.2): a site pinned to a realm the map lacks is served by
/// the `default` URL, outside its region.
const REALMS: [&str; 11] = [
    "EU", "US", "AU", "DE", "SG", "CA", "IN", "KR", "JP", "GB", "CH",
];

/// Evidence against "data stays in the customer's region", and gaps.
pub fn data_residency(input: &Input) -> (Vec<Evidence>, Vec<Gap>) {
    let manifest = input.manifest;
    let mut evidence: Vec<Evidence> = manifest.remotes.iter().filter_map(remote).collect();
    for entry in &manifest.egress {
        // `{remote: key}` entries are judged with the remote itself.
        let EgressTarget::Address(address) = &entry.target else {
            continue;
        };
        if entry.in_scope_eud == Some(false) || is_loopback(&parse_address(address).host) {
            continue;
        }
        let how = match entry.in_scope_eud {
            Some(true) => "declares `inScopeEUD: true`",
            _ => "omits `inScopeEUD`, so Forge assumes it carries in-scope end-user data",
        };
        evidence.push(Evidence {
            strength: Strength::Runs,
            also_at: Vec::new(),
            location: entry.location.clone(),
            what: format!(
                "permissions.external.{} entry `{address}` {how}, sent outside the site's region",
                entry.list.as_str()
            ),
            vendor: None,
        });
    }
    for module in manifest.modules.iter().filter(|m| m.module_type == "sql") {
        if module.dare_compliant != Some(true) {
            evidence.push(Evidence {
                strength: Strength::Runs,
                also_at: Vec::new(),
                location: module.location.clone(),
                what: format!(
                    "SQL module `{}` is not `dareCompliant: true`, so its data is not kept in the site's region",
                    module.key
                ),
                vendor: None,
            });
        }
    }
    (evidence, runtime_egress_gap(manifest).into_iter().collect())
}

/// A remote that processes or stores data somewhere other than the site's region.
fn remote(remote: &Remote) -> Option<Evidence> {
    let regions: Vec<&str> = remote
        .base_urls
        .iter()
        .map(|(region, _)| region.as_str())
        .filter(|r| *r != "default")
        .collect();
    let no_operations = remote.operations.is_empty();
    let stores = no_operations
        || (remote.operations.iter().any(|o| o == "storage")
            && remote.storage_in_scope_eud != Some(false));
    let storage = if no_operations {
        "declares no operations, so Forge assumes it stores in-scope end-user data"
    } else if stores {
        "stores in-scope end-user data"
    } else {
        "processes data"
    };
    let missing: Vec<&str> = REALMS
        .iter()
        .copied()
        .filter(|r| !regions.contains(r))
        .collect();
    let why = if regions.is_empty() {
        format!("{storage} at one baseUrl for every region")
    } else if stores && !missing.is_empty() {
        format!(
            "{storage}, and its baseUrl names only {}: sites pinned elsewhere use the default URL",
            regions.join(", ")
        )
    } else if no_operations {
        storage.to_string()
    } else {
        return None;
    };
    Some(Evidence {
        strength: Strength::Runs,
        also_at: Vec::new(),
        location: remote.location.clone(),
        what: format!("remote `{}` {why}", remote.key),
        vendor: None,
    })
}

/// `permissions.external.configurable.enabled`: an admin approves destinations
/// at run time, so no statement about where data goes can be checked statically.
pub fn runtime_egress_gap(manifest: &Manifest) -> Option<Gap> {
    manifest
        .configurable_egress
        .clone()
        .map(Gap::CustomerManagedEgress)
}

/// Custom UI content the manifest lets the browser load from non-Atlassian
/// hosts (`permissions.external.scripts/styles/fonts/frames/images/media`):
/// each load tells that host who is looking at what.
pub fn third_party_loads(input: &Input) -> Vec<Evidence> {
    use EgressList::*;
    input
        .manifest
        .egress
        .iter()
        .filter(|e| matches!(e.list, Scripts | Styles | Fonts | Frames | Images | Media))
        .filter_map(|entry| {
            let EgressTarget::Address(address) = &entry.target else {
                return None;
            };
            let host = parse_address(address).host;
            // A wildcard stands for its subdomains: probe one of them.
            let host = match host.strip_prefix("*.") {
                Some(domain) => format!("any.{domain}"),
                None => host,
            };
            (host == "*" || is_external_host(&host, input.catalogue)).then(|| Evidence {
                strength: Strength::Runs,
                also_at: Vec::new(),
                location: entry.location.clone(),
                what: format!(
                    "permissions.external.{} lets the Custom UI load content from `{address}`",
                    entry.list.as_str()
                ),
                vendor: input.catalogue.vendor_for_host(&host).map(|v| v.id.clone()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Egress, Module};
    use crate::model::Location;
    use crate::rulesets::{Catalogue, Vendor};

    fn at(line: u32) -> Location {
        Location::new("manifest.yml", line, Some(5))
    }

    fn remote(
        key: &str,
        urls: &[&str],
        operations: &[&str],
        eud: Option<bool>,
        line: u32,
    ) -> Remote {
        Remote {
            key: key.into(),
            base_urls: urls
                .iter()
                .map(|r| {
                    (
                        (*r).to_string(),
                        format!("https://{}.x.example.com", r.to_lowercase()),
                    )
                })
                .collect(),
            operations: operations.iter().map(|s| s.to_string()).collect(),
            storage_in_scope_eud: eud,
            location: at(line),
        }
    }

    fn egress(list: EgressList, address: &str, eud: Option<bool>, line: u32) -> Egress {
        Egress {
            list,
            target: EgressTarget::Address(address.into()),
            category: None,
            in_scope_eud: eud,
            string_form: false,
            location: at(line),
        }
    }

    fn catalogue() -> Catalogue {
        Catalogue::from_vendors(vec![Vendor {
            id: "atlassian".into(),
            name: "Atlassian".into(),
            organisation: "Atlassian".into(),
            categories: vec!["atlassian".into()],
            hosts: vec!["*.atlassian.net".into(), "*.atl-paas.net".into()],
            ..Vendor::default()
        }])
    }

    fn with<T>(manifest: Manifest, f: impl FnOnce(&Input) -> T) -> T {
        let catalogue = catalogue();
        f(&Input {
            manifest: &manifest,
            claims: &[],
            disclosures: &[],
            statement: Some("PRIVACY.md"),
            observations: &[],
            skipped: &[],
            catalogue: &catalogue,
        })
    }

    fn lines(evidence: &[Evidence]) -> Vec<u32> {
        evidence.iter().map(|e| e.location.line).collect()
    }

    #[test]
    fn remotes_outside_the_sites_region() {
        let all: Vec<&str> = std::iter::once("default").chain(REALMS).collect();
        let manifest = Manifest {
            remotes: vec![
                remote("single", &["default"], &["compute"], None, 3),
                remote(
                    "partial",
                    &["default", "EU", "US"],
                    &["storage", "compute"],
                    Some(true),
                    8,
                ),
                remote("assumed", &all, &[], None, 15),
                remote("regional", &all, &["storage"], Some(true), 20),
                remote("compute", &["default", "EU"], &["compute"], None, 25),
            ],
            ..Manifest::default()
        };
        let (evidence, gaps) = with(manifest, data_residency);
        assert_eq!(lines(&evidence), [3, 8, 15]);
        assert!(evidence[0].what.contains("one baseUrl for every region"));
        assert!(evidence[1].what.contains("names only EU, US"));
        assert!(evidence[2].what.contains("declares no operations"));
        assert!(gaps.is_empty());
    }

    #[test]
    fn egress_counts_unless_it_carries_no_end_user_data() {
        let manifest = Manifest {
            egress: vec![
                egress(EgressList::FetchBackend, "https://api.example.com", None, 4),
                egress(
                    EgressList::FetchBackend,
                    "https://eu.example.com",
                    Some(true),
                    5,
                ),
                egress(
                    EgressList::FetchBackend,
                    "*.analytics.example.com",
                    Some(false),
                    6,
                ),
                egress(EgressList::FetchClient, "http://localhost:3000", None, 7),
            ],
            ..Manifest::default()
        };
        let (evidence, _) = with(manifest, data_residency);
        assert_eq!(lines(&evidence), [4, 5]);
        assert!(evidence[0].what.contains("omits `inScopeEUD`"));
    }

    #[test]
    fn sql_must_be_dare_compliant_and_configurable_egress_is_a_gap() {
        let sql = |key: &str, dare: Option<bool>, line: u32| Module {
            dare_compliant: dare,
            ..Module::new("sql", key, at(line))
        };
        let manifest = Manifest {
            modules: vec![sql("preview", None, 3), sql("ga", Some(true), 6)],
            configurable_egress: Some(at(30)),
            ..Manifest::default()
        };
        let (evidence, gaps) = with(manifest, data_residency);
        assert_eq!(lines(&evidence), [3]);
        assert_eq!(gaps.len(), 1);
        assert!(
            gaps[0].to_string().contains("manifest.yml:30:5"),
            "{gaps:?}"
        );
    }

    #[test]
    fn custom_ui_loads_from_third_parties_but_not_from_atlassian() {
        let manifest = Manifest {
            egress: vec![
                egress(EgressList::Scripts, "https://cdn.jsdelivr.net", None, 4),
                egress(EgressList::Images, "*.atl-paas.net", None, 5),
                egress(EgressList::FetchClient, "https://api.example.com", None, 6),
                egress(EgressList::Fonts, "https://fonts.gstatic.com", None, 7),
            ],
            ..Manifest::default()
        };
        let evidence = with(manifest, third_party_loads);
        assert_eq!(lines(&evidence), [4, 7]);
        assert!(evidence[0].what.contains("permissions.external.scripts"));
    }
}
