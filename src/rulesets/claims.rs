//! Claim phrases (`rulesets/claims.yml`). (skeleton)

/// The phrases that turn statement sentences into claims.
#[derive(Debug, Clone, Default)]
pub struct ClaimPhrases {}

impl ClaimPhrases {
    /// The phrase file embedded in the binary.
    pub fn embedded() -> anyhow::Result<ClaimPhrases> {
        Ok(ClaimPhrases::default())
    }
}
