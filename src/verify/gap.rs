//! Why a claim may not have been seen whole: the gaps that make it
//! `unverifiable`. Checks decide on the cause; the claim's `reason` is the
//! rendered text.

use std::fmt;

use crate::model::{Location, Obscured};

/// One reason the tool cannot rule out evidence against a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// Network calls whose URL is computed at run time.
    RunTimeUrls { count: usize, first: Location },
    /// `permissions.external.configurable.enabled`: an admin approves
    /// destinations at run time.
    CustomerManagedEgress(Location),
    /// Files that could hold evidence and were not analysed.
    Unanalysed { first: String, more: usize },
    /// A UI module type whose audience the tool does not know.
    UnknownModule(String),
    /// Scopes left unjudged, in the scope judgement's words.
    Scopes(String),
    /// Third-party packages shipped through the app's dependencies, whose
    /// code the tool does not read.
    Shipped { count: usize, first: Location },
    /// Code that hides what it calls (`window[atob(...)]`, `eval`): the
    /// first such place, what it is, and how many there are.
    Obscured {
        how: Obscured,
        detail: String,
        first: Location,
        count: usize,
    },
}

impl Gap {
    /// Whether the gap is about destinations decided at run time, which an
    /// exception for customer-configured destinations describes.
    pub fn is_run_time_destination(&self) -> bool {
        matches!(
            self,
            Gap::RunTimeUrls { .. } | Gap::CustomerManagedEgress(_)
        )
    }
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gap::RunTimeUrls { count: 1, first } => {
                write!(
                    f,
                    "the network call at {first} uses a URL computed at run time"
                )
            }
            Gap::RunTimeUrls { count, first } => write!(
                f,
                "{count} network calls use URLs computed at run time (first at {first})"
            ),
            Gap::CustomerManagedEgress(location) => write!(
                f,
                "customer-managed egress is enabled ({location}): destinations are decided at run time"
            ),
            Gap::Unanalysed { first, more: 0 } => write!(f, "{first} was not analysed"),
            Gap::Unanalysed { first, more } => {
                write!(f, "{first} and {more} more files were not analysed")
            }
            Gap::UnknownModule(kind) => {
                write!(f, "claimcheck does not know who can open `{kind}` modules")
            }
            Gap::Scopes(text) => f.write_str(text),
            Gap::Shipped { count: 1, first } => write!(
                f,
                "a third-party package ships through a dependency ({first}), whose code claimcheck does not read"
            ),
            Gap::Shipped { count, first } => write!(
                f,
                "{count} third-party packages ship through dependencies (first at {first}), whose code claimcheck does not read"
            ),
            Gap::Obscured {
                how,
                detail,
                first,
                count,
            } => {
                write!(
                    f,
                    "the code at {first} {} (`{detail}`), so what it calls cannot be seen",
                    how.describe()
                )?;
                match count - 1 {
                    0 => Ok(()),
                    1 => write!(f, "; 1 more place hides code so"),
                    n => write!(f, "; {n} more places hide code so"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_read_as_before_and_know_their_cause() {
        let at = Location::new("src/a.js", 3, Some(5));
        let one = Gap::RunTimeUrls {
            count: 1,
            first: at.clone(),
        };
        assert_eq!(
            one.to_string(),
            "the network call at src/a.js:3:5 uses a URL computed at run time"
        );
        let many = Gap::RunTimeUrls {
            count: 4,
            first: at.clone(),
        };
        assert_eq!(
            many.to_string(),
            "4 network calls use URLs computed at run time (first at src/a.js:3:5)"
        );
        assert!(one.is_run_time_destination());
        assert!(Gap::CustomerManagedEgress(at).is_run_time_destination());
        let files = Gap::Unanalysed {
            first: "package-lock.json".into(),
            more: 2,
        };
        assert_eq!(
            files.to_string(),
            "package-lock.json and 2 more files were not analysed"
        );
        assert!(!files.is_run_time_destination());
        let shipped = Gap::Shipped {
            count: 2,
            first: Location::new("package-lock.json", 57, Some(5)),
        };
        assert_eq!(
            shipped.to_string(),
            "2 third-party packages ship through dependencies (first at package-lock.json:57:5), whose code claimcheck does not read"
        );
        assert!(!shipped.is_run_time_destination());
        // Words alone lift nothing: a scope reason that mentions run time stays.
        assert!(!Gap::Scopes("routes computed at run time".into()).is_run_time_destination());
    }
}
