//! claimcheck: verify an Atlassian Forge app's privacy statement against what
//! its manifest asks for and its code does. See DESIGN.md for the pipeline.

pub mod manifest;
pub mod model;
pub mod policy;
pub mod practice;
pub mod rulesets;
