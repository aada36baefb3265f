//! Credentials in the code: hard-coded literals (`code/hardcoded-secret`,
//! no-hardcoded-credentials) and credentials that reach the browser
//! (secrets-not-exposed).
//!
//! Both arrive as `secret` observations; those about exposure carry
//! [`Fact::Exposure`], every other one is a hard-coded literal.

use super::Input;
use super::evidence::{self, Evidence, Strength, counts};
use crate::model::{Fact, Finding, Observation, ObservationKind, Related, Severity, Side};

/// Whether a `secret` observation is about a credential reaching the browser
/// rather than a literal in the source.
fn is_exposure(obs: &Observation) -> bool {
    obs.fact == Fact::Exposure
}

/// Hard-coded credential literals outside tests and scripts.
fn hardcoded<'o>(input: &'o Input) -> impl Iterator<Item = &'o Observation> {
    input
        .observations
        .iter()
        .filter(|o| o.kind == ObservationKind::Secret && counts(o) && !is_exposure(o))
}

/// Evidence against "the code holds no credentials".
pub fn no_hardcoded_credentials(input: &Input) -> Vec<Evidence> {
    hardcoded(input)
        .map(|o| evidence::from_observation(o, input.catalogue))
        .collect()
}

/// Evidence against "credentials never reach the browser": secrets a resolver
/// returns, credential env values bundled into frontend code, and credential
/// literals in frontend code.
pub fn secrets_not_exposed(input: &Input) -> Vec<Evidence> {
    input
        .observations
        .iter()
        .filter(|o| o.kind == ObservationKind::Secret && counts(o))
        .filter_map(|o| {
            let what = if is_exposure(o) {
                o.detail.clone()
            } else if o.side == Side::Frontend {
                format!("frontend code holds a hard-coded credential ({})", o.detail)
            } else {
                return None;
            };
            Some(Evidence {
                strength: Strength::Runs,
                also_at: Vec::new(),
                location: o.location.clone(),
                what,
                vendor: None,
            })
        })
        .collect()
}

/// `code/hardcoded-secret`: one error per hard-coded credential outside tests
/// and scripts, whatever the statement says.
pub fn findings(input: &Input) -> Vec<Finding> {
    hardcoded(input)
        .map(|o| Finding {
            rule: "code/hardcoded-secret".into(),
            severity: Severity::Error,
            message: format!(
                "hard-coded credential: {}; keep it in an encrypted Forge variable (`forge variables set --encrypt`) or Forge secret storage instead",
                o.detail
            ),
            claim: None,
            vendor: None,
            location: o.location.clone(),
            related: Vec::<Related>::new(),
            fingerprint: String::new(),
            suppressed: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Manifest;
    use crate::practice::scan_js;
    use crate::rulesets::Catalogue;

    fn scan(path: &str, side: Side, source: &str) -> Vec<Observation> {
        scan_js(path, source, side, &Catalogue::from_vendors(Vec::new())).unwrap()
    }

    fn with<T>(observations: &[Observation], f: impl FnOnce(&Input) -> T) -> T {
        let manifest = Manifest::default();
        let catalogue = Catalogue::from_vendors(Vec::new());
        f(&Input {
            manifest: &manifest,
            claims: &[],
            disclosures: &[],
            statement: Some("PRIVACY.md"),
            observations,
            skipped: &[],
            catalogue: &catalogue,
        })
    }

    const BACKEND: &str = r#"
import Resolver from '@forge/resolver';
import { kvs } from '@forge/kvs';
const GITHUB_TOKEN = 'ghp_4Rk2Vd9sQm1Lx7Tb3Nz8Hc5Jw6Pf0Ya2Ue4G';
const resolver = new Resolver();
resolver.define('leak', async () => {
  const t = await kvs.getSecret('api-token');
  return { t };
});
resolver.define('status', async () => {
  const t = await kvs.getSecret('api-token');
  return { configured: Boolean(t), hint: `${t.slice(0, 4)}...` };
});
"#;

    #[test]
    fn scanned_secrets_split_into_literals_and_exposures() {
        let observations = scan("src/index.js", Side::Backend, BACKEND);
        let literals = with(&observations, no_hardcoded_credentials);
        assert_eq!(literals.len(), 1, "{literals:?}");
        assert_eq!(literals[0].location.line, 4);
        assert!(literals[0].what.contains("GitHub token in `GITHUB_TOKEN`"));
        assert!(
            !literals[0].what.contains("ghp_"),
            "the value is never reported"
        );
        let exposed = with(&observations, secrets_not_exposed);
        assert_eq!(exposed.len(), 1, "{exposed:?}");
        assert_eq!(exposed[0].location.line, 8);
        assert_eq!(
            exposed[0].what,
            "`kvs.getSecret` value returned to the frontend by resolver `leak`"
        );
        let findings = with(&observations, findings);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "code/hardcoded-secret");
        assert_eq!(findings[0].location.line, 4);
    }

    #[test]
    fn frontend_env_reads_and_frontend_literals_are_exposed() {
        let source = "const a = process.env.REACT_APP_API_KEY;\n\
                      const b = process.env.REACT_APP_STRIPE_PUBLISHABLE_KEY;\n\
                      const c = process.env.REACT_APP_TITLE;\n\
                      const apiKey = 'Zq8Lr2Tx7Wm4Kp9Vb3Nc6Hd1';\n";
        let observations = scan("static/app/src/App.js", Side::Frontend, source);
        let exposed = with(&observations, secrets_not_exposed);
        let lines: Vec<u32> = exposed.iter().map(|e| e.location.line).collect();
        assert_eq!(lines, [1, 4], "{exposed:?}");
        assert_eq!(
            exposed[0].what,
            "`process.env.REACT_APP_API_KEY` read in frontend code"
        );
        // The env read is not a hard-coded credential; the literal is.
        assert_eq!(with(&observations, findings).len(), 1);
    }

    #[test]
    fn test_files_and_backend_env_reads_count_for_nothing() {
        let test = scan(
            "src/__tests__/api.test.js",
            Side::Dev,
            "const token = 'ghp_4Rk2Vd9sQm1Lx7Tb3Nz8Hc5Jw6Pf0Ya2Ue4G';",
        );
        assert_eq!(test.len(), 1, "listed in the inventory");
        assert!(with(&test, findings).is_empty());
        assert!(with(&test, no_hardcoded_credentials).is_empty());
        let backend = scan(
            "src/index.js",
            Side::Backend,
            "const key = process.env.API_KEY; const t = await kvs.getSecret('x');",
        );
        assert!(with(&backend, secrets_not_exposed).is_empty());
    }
}
