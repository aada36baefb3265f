//! Stage 2: the privacy statement into sentences, claims and disclosures;
//! also the structured claim sources (config file, Marketplace listing).

mod claims;
mod clauses;
mod disclosures;
mod emit;
mod entities;
mod exceptions;
mod frames;
mod hosts;
mod html;
mod listing;
mod markdown;
mod names;
mod read;
mod split;
mod structured;
mod text;

pub use claims::{extract_claims, extract_claims_with};
pub use disclosures::{extract_disclosures, extract_disclosures_with};
pub use listing::{claims_from_listing, disclosures_from_listing};
pub use names::prepare as prepare_name_matchers;
pub use read::{
    Format, MAX_STATEMENT_BYTES, PolicyError, Sentence, Statement, load, read, read_as,
};
pub use structured::claims_from_config;
