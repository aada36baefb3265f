//! Stage 2: the privacy statement into sentences, claims and disclosures.

mod claims;
mod clauses;
mod disclosures;
mod emit;
mod hosts;
mod markdown;
mod read;
mod split;
mod text;

pub use claims::extract_claims;
pub use disclosures::{extract_disclosures, extract_disclosures_with};
pub use read::{
    Format, MAX_STATEMENT_BYTES, PolicyError, Sentence, Statement, load, read, read_as,
};
