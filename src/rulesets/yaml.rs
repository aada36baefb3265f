//! Typed YAML for the tool's own data and config files, with errors that start
//! `file:line:column:` like every other error the tool prints.

use anyhow::anyhow;
use serde::de::DeserializeOwned;

/// Parses `yaml` (from `path`, used in errors) into `T`.
pub fn parse<T: DeserializeOwned>(path: &str, yaml: &str) -> anyhow::Result<T> {
    serde_saphyr::from_str(yaml).map_err(|e| {
        let message = e.without_snippet().to_string();
        let message = strip_position_suffix(&message);
        match e.location() {
            Some(at) => anyhow!("{path}:{}:{}: {message}", at.line(), at.column()),
            None => anyhow!("{path}: {message}"),
        }
    })
}

/// serde-saphyr ends messages with " at line L, column C"; the caller puts the
/// position first (`file:line:col: message`), so drop the repeat.
fn strip_position_suffix(message: &str) -> &str {
    match message.rsplit_once(" at line ") {
        Some((head, tail))
            if tail
                .split_once(", column ")
                .is_some_and(|(l, c)| is_digits(l) && is_digits(c.trim_end())) =>
        {
            head
        }
        _ => message,
    }
}

pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read through Debug only
    struct Small {
        name: String,
    }

    #[test]
    fn errors_start_with_file_line_and_column() {
        let err = parse::<Small>("conf.yml", "name: x\nnmae: y\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("conf.yml:2:"), "{err}");
        assert!(!err.contains(" at line "), "{err}");
    }
}
