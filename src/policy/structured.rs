//! Claims written as data rather than prose: the `claims:` list of the config
//! file. (The Marketplace listing's answers are in `listing.rs`.)

use crate::config::ConfigClaim;
use crate::model::{Claim, Location};

/// The config file's explicit claims, located at `config_path:line`. Ids are
/// left empty: the pipeline numbers claims from every source together.
pub fn claims_from_config(config_claims: &[ConfigClaim], config_path: &str) -> Vec<Claim> {
    config_claims
        .iter()
        .map(|c| Claim {
            id: String::new(),
            kind: c.kind,
            hedged: false,
            scope: None,
            text: c.text.clone(),
            hosts: c.hosts.clone(),
            exceptions: Vec::new(),
            because: crate::model::Because {
                reading: format!("config/{}", c.kind.as_str()),
                ..Default::default()
            },
            location: Location::new(config_path, c.line, None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClaimKind;

    #[test]
    fn config_claims_keep_kind_text_hosts_and_line() {
        let got = claims_from_config(
            &[ConfigClaim {
                kind: ClaimKind::OnlyNamedHosts,
                text: "Only api.example.com.".into(),
                hosts: vec!["api.example.com".into()],
                line: 7,
            }],
            ".claimcheck.yml",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, ClaimKind::OnlyNamedHosts);
        assert_eq!(got[0].hosts, vec!["api.example.com"]);
        assert_eq!(got[0].location.to_string(), ".claimcheck.yml:7");
        assert!(got[0].id.is_empty() && !got[0].hedged && got[0].scope.is_none());
    }
}
