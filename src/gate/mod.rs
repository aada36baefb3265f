//! Between verification and the report: what a CI gate needs. Findings get a
//! stable fingerprint, config severities, and are split into active and
//! suppressed (inline `claimcheck-ignore` comments, config suppressions, a
//! baseline). Suppressions that are malformed or unused are findings themselves.

pub mod baseline;
pub mod fingerprint;
mod source;
pub mod suppress;

pub use source::SourceLines;
