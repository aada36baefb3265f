//! Stage 2: the privacy statement into sentences, claims and disclosures.

mod claims;
mod disclosures;
mod read;

pub use claims::extract_claims;
pub use disclosures::extract_disclosures;
pub use read::{PolicyError, Sentence, Statement, load, read};
