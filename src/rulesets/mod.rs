//! Data the tool ships with (vendor catalogue, claim phrases), embedded in the
//! binary and extensible by the user.

pub mod claims;
pub mod concepts;
pub mod literals;
pub mod scopes;
pub mod vendors;
pub mod yaml;

pub use claims::ClaimPhrases;
pub use vendors::{Catalogue, Vendor};
