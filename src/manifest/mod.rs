//! Stage 1: `manifest.yml` into a typed model with positions.

pub mod egress;
mod load;
pub mod model;
mod sections;
mod yaml;

pub use load::{ManifestError, load, parse};
pub use model::*;
