//! A YAML document as a tree of nodes that each keep their line and column.
//!
//! Forge manifests have 211 module types and keep growing, so instead of typed
//! serde structs (which would reject or silently drop what they do not know)
//! the manifest is read into this generic tree once, and the section readers
//! pick what they need with precise, user-facing errors.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{
    DuplicateKeyPolicy, Error as YamlError, MessageFormatter, Options, Spanned,
    UserMessageFormatter, budget::BudgetBreach,
};

/// Deepest nesting accepted. Real manifests stay below 15 levels; the cap keeps
/// the recursive tree builder far from the stack limit.
const MAX_DEPTH: usize = 64;
/// Most YAML nodes accepted, counting those replayed through aliases.
const MAX_NODES: usize = 250_000;
/// Most events replayed from aliases. Legitimate manifests reuse a few small
/// blocks at most; an alias bomb needs millions.
const MAX_REPLAYED_EVENTS: usize = 10_000;

/// One YAML node and where it starts (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub value: Value,
    pub line: u32,
    pub column: u32,
    /// Byte range in the source, when the parser knows it (used to recover the
    /// exact spelling of numbers and booleans read as text).
    pub bytes: Option<(usize, usize)>,
}

/// The content of a node. Scalars are typed with the YAML 1.2 core schema
/// (`yes`/`no` stay strings), as Forge's own YAML reader does.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Null,
    Bool(bool),
    /// A number, in its canonical rendering.
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order (duplicate keys are rejected by the parser).
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// How the value is described in an error ("found a list").
    pub(super) fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The value of `key` when this node is a mapping with a string key `key`.
    pub(super) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, value)| value)
    }

    /// The key node and value node of `key` when this node is a mapping.
    pub(super) fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// Like [`Node::get`], but a key whose value is empty (`key:`) counts as absent.
    pub(super) fn get_present(&self, key: &str) -> Option<&Node> {
        self.get(key).filter(|n| n.value != Value::Null)
    }
}

/// Something wrong with the manifest (YAML syntax, a limit, a shape), at a
/// 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Stack for the parser thread. serde's recursive descent costs tens of KiB
/// per nesting level in debug builds, so [`MAX_DEPTH`] levels would overflow
/// the 2 MiB of a default spawned thread; the parser gets its own thread with
/// room to spare instead of depending on the caller's stack.
const PARSER_STACK_BYTES: usize = 32 * 1024 * 1024;

/// Parses one YAML document into a [`Node`] tree, under limits that make alias
/// bombs and deep nesting fail fast. An empty document is a `Null` node.
pub(super) fn parse_tree(text: &str) -> Result<Node, Problem> {
    let crashed = || Err(at_start("the YAML parser failed on this input"));
    // A scan-pool thread's stack is already large enough: no thread per file.
    if crate::practice::on_large_stack() {
        return crate::practice::contained(|| parse_on_this_thread(text))
            .unwrap_or_else(|_| crashed());
    }
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("manifest-yaml".to_string())
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, || parse_on_this_thread(text));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| crashed()),
            Err(err) => Err(at_start(&format!(
                "cannot start the YAML parser thread: {err}"
            ))),
        }
    })
}

fn parse_on_this_thread(text: &str) -> Result<Node, Problem> {
    serde_saphyr::from_str_with_options::<Node>(text, parser_options())
        .map_err(|err| syntax_error(&err))
}

fn at_start(message: &str) -> Problem {
    Problem {
        line: 1,
        column: 1,
        message: message.to_string(),
    }
}

fn parser_options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED_EVENTS,
        },
        duplicate_keys: DuplicateKeyPolicy::Error,
        // YAML 1.2 core schema, like the `yaml` npm package Forge uses:
        // `on`, `no`, `0755` and `1_000` are strings, not booleans or numbers.
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
    }
}

/// Converts a parser error into a message for a manifest author.
fn syntax_error(err: &YamlError) -> Problem {
    let (line, column) = err
        .location()
        .map_or((1, 1), |loc| (to_u32(loc.line()), to_u32(loc.column())));
    Problem {
        line: line.max(1),
        column: column.max(1),
        message: describe_error(innermost(err)),
    }
}

/// Unwraps the snippet and alias wrappers around the error that happened.
fn innermost(err: &YamlError) -> &YamlError {
    match err {
        YamlError::WithSnippet { error, .. } | YamlError::AliasError { error, .. } => {
            innermost(error)
        }
        other => other,
    }
}

fn describe_error(err: &YamlError) -> String {
    match err {
        YamlError::DuplicateMappingKey { key: Some(key), .. } => {
            format!(
                "duplicate key `{}` (each key may appear once in a mapping)",
                printable(key)
            )
        }
        YamlError::DuplicateMappingKey { key: None, .. } => {
            "duplicate key (each key may appear once in a mapping)".to_string()
        }
        YamlError::Budget { breach, .. } => describe_breach(breach),
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => format!(
            "YAML aliases expand to too much data (more than {MAX_REPLAYED_EVENTS} replayed nodes); refusing a possible alias bomb"
        ),
        other => {
            let text = UserMessageFormatter.format_message(other);
            // The scanner's own flow-nesting guard words this as a recursion limit.
            if text.contains("recursion limit") {
                return describe_breach(&BudgetBreach::Depth { depth: MAX_DEPTH });
            }
            format!("invalid YAML: {}", printable(&text))
        }
    }
}

fn describe_breach(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Depth { .. } => {
            format!("YAML nested more than {MAX_DEPTH} levels deep; refusing it")
        }
        BudgetBreach::Nodes { .. } => format!(
            "YAML has more than {MAX_NODES} nodes (after expanding aliases); refusing a possible alias bomb"
        ),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. } => {
            "YAML uses too many aliases; refusing a possible alias bomb".to_string()
        }
        other => format!("YAML too large or too complex ({other:?})"),
    }
}

/// Keeps control characters from the input out of terminal output.
fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(text.chars().flat_map(char::escape_debug).collect())
    } else {
        Cow::Borrowed(text)
    }
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        let loc = spanned.referenced;
        let span = loc.span();
        let bytes = span
            .byte_offset()
            .zip(span.byte_len())
            .and_then(|(start, len)| {
                let start = usize::try_from(start).ok()?;
                Some((start, start.checked_add(usize::try_from(len).ok()?)?))
            });
        Ok(Node {
            value: spanned.value,
            line: to_u32(loc.line()),
            column: to_u32(loc.column()),
            bytes,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.to_string()))
    }

    fn visit_char<E>(self, v: char) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        parse_tree(text).unwrap()
    }

    #[test]
    fn positions_are_one_based_for_keys_values_and_items() {
        let root = tree("app:\n  id: abc\nlist:\n  - one\n");
        let app = root.get("app").unwrap();
        let id = app.get("id").unwrap();
        assert_eq!((id.line, id.column), (2, 7));
        let Value::Seq(items) = &root.get("list").unwrap().value else {
            panic!("not a list")
        };
        assert_eq!((items[0].line, items[0].column), (4, 5));
        let Value::Map(entries) = &app.value else {
            panic!("not a map")
        };
        assert_eq!((entries[0].0.line, entries[0].0.column), (2, 3));
    }

    #[test]
    fn yaml_1_1_booleans_and_octals_stay_strings() {
        let root = tree("a: yes\nb: on\nc: 0755\nd: true\ne: 12\n");
        assert_eq!(root.get("a").unwrap().value, Value::Str("yes".into()));
        assert_eq!(root.get("b").unwrap().value, Value::Str("on".into()));
        assert_eq!(root.get("c").unwrap().value, Value::Str("0755".into()));
        assert_eq!(root.get("d").unwrap().value, Value::Bool(true));
        assert_eq!(root.get("e").unwrap().value, Value::Number("12".into()));
    }

    #[test]
    fn merge_keys_and_aliases_are_expanded() {
        let root = tree("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n");
        let used = root.get("use").unwrap();
        assert_eq!(used.get("x").unwrap().value, Value::Number("1".into()));
    }

    #[test]
    fn byte_range_recovers_the_exact_spelling() {
        let text = "v: 1.10\n";
        let node = tree(text).get("v").cloned().unwrap();
        let (start, end) = node.bytes.unwrap();
        assert_eq!(&text[start..end], "1.10");
    }

    #[test]
    fn duplicate_key_is_an_error_naming_the_key_and_its_line() {
        let err = parse_tree("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("duplicate key `a`"), "{}", err.message);
    }

    #[test]
    fn malformed_yaml_reports_position_without_snippet() {
        let err = parse_tree("app:\n  id: x\n modules: [a, b\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.starts_with("invalid YAML: "), "{}", err.message);
        assert!(!err.message.contains('\n'));
    }

    #[test]
    fn empty_document_is_null() {
        assert_eq!(tree("").value, Value::Null);
        assert_eq!(tree("# only a comment\n").value, Value::Null);
    }
}
