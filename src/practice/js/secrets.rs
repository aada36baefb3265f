//! Hard-coded credentials in string literals: well-known token formats
//! anywhere, and random-looking strings assigned to credential-like names.
//!
//! The observation names the kind of credential and the name it is assigned
//! to; it never carries the value itself, so reports can be shared safely.

use std::sync::LazyLock;

use oxc_ast::AstKind;
use oxc_ast::ast::JSXAttributeName;
use oxc_semantic::{NodeId, Semantic};
use oxc_span::{GetSpan, Span};
use regex::{Regex, RegexSet};

use super::exposure;
use super::value::Resolver;
use crate::model::{Fact, Side};

/// A credential literal found in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretLiteral {
    /// What it is and where it is assigned, e.g. "GitHub token in `token`".
    pub detail: String,
    /// Byte offset of the literal.
    pub offset: u32,
}

/// Token formats whose shape alone says "credential" (vendor documentation of
/// each format). The first pattern that matches a literal names it.
const FORMATS: [(&str, &str); 12] = [
    ("AWS access key ID", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    ("GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    (
        "GitHub fine-grained token",
        r"\bgithub_pat_[A-Za-z0-9_]{22,}",
    ),
    ("Slack token", r"\bxox[abpr]-[0-9A-Za-z-]{10,}"),
    ("Stripe live secret key", r"\b[rs]k_live_[0-9A-Za-z]{16,}"),
    ("Atlassian API token", r"\bATATT[A-Za-z0-9_=-]{40,}"),
    ("Google API key", r"\bAIza[0-9A-Za-z_-]{35}"),
    ("Twilio API key SID", r"\bSK[0-9a-fA-F]{32}\b"),
    ("Twilio account SID", r"\bAC[0-9a-fA-F]{32}\b"),
    (
        "SendGrid API key",
        r"\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}",
    ),
    (
        "private key",
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----",
    ),
    (
        "JSON Web Token",
        r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
    ),
];

/// All of [`FORMATS`] in one pass, and the shortest text any of them matches.
struct FormatSet {
    set: RegexSet,
    shortest: usize,
}

static FORMAT_SET: LazyLock<Option<FormatSet>> = LazyLock::new(|| {
    let patterns = FORMATS.iter().map(|(_, pattern)| *pattern);
    let set = RegexSet::new(patterns.clone()).ok()?;
    let shortest = patterns
        .map(|p| {
            regex_syntax::parse(p)
                .ok()
                .and_then(|hir| hir.properties().minimum_len())
                .unwrap_or(0)
        })
        .min()
        .unwrap_or(0);
    Some(FormatSet { set, shortest })
});

/// `scheme://user:password@host`: a password in a connection URL. A Sentry
/// DSN (`https://<public key>@o1.ingest.sentry.io/1`) has no `:password` part
/// and holds only a public client key, so it does not match.
static URL_PASSWORD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@").ok());

/// Words that, as the last word of a name, say the value is a credential.
const CREDENTIAL_WORDS: [&str; 12] = [
    "key",
    "apikey",
    "secret",
    "token",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "auth",
    "authorization",
    "credential",
    "credentials",
];

/// Words before `key` that make it an identifier rather than a credential
/// (`storageKey`, `issueKey`, `publicKey`...).
const NON_SECRET_QUALIFIERS: [&str; 24] = [
    "storage",
    "cache",
    "local",
    "i18n",
    "translation",
    "sort",
    "query",
    "primary",
    "foreign",
    "partition",
    "item",
    "property",
    "settings",
    "issue",
    "project",
    "event",
    "lookup",
    "row",
    "column",
    "field",
    "entity",
    "index",
    "shortcut",
    "hot",
];

/// Values that stand in for a credential in docs and templates.
const PLACEHOLDERS: [&str; 16] = [
    "xxx",
    "changeme",
    "change_me",
    "change-me",
    "your",
    "example",
    "placeholder",
    "dummy",
    "redacted",
    "replace",
    "fake",
    "<",
    "${",
    "{{",
    "***",
    "...",
];

/// Shortest string the entropy rule looks at: below 16 characters the
/// measured entropy of a random string is too close to a word's.
const MIN_RANDOM_LEN: usize = 16;

/// A string counts as random when its measured Shannon entropy (bits per
/// character) reaches this share of what a uniformly random string of the same
/// length over the same alphabet shows on average. At 0.85 fewer than 2% of
/// random 16-character hex strings and fewer than 0.2% of random base64 ones
/// fall below (measured over 3,000 samples per length), while word-built values
/// that pass the other filters stay well under it.
const RANDOMNESS_SHARE: f64 = 0.85;

/// Secret observations of one file as `(detail, offset, fact)`: credential
/// literals on every side, plus credentials reaching the browser (env reads in
/// frontend code, secrets returned by backend resolvers), marked
/// [`Fact::Exposure`].
pub fn observations<'a>(
    semantic: &Semantic<'a>,
    resolver: &Resolver<'a, '_>,
    side: Side,
) -> Vec<(String, u32, Fact)> {
    let mut out: Vec<(String, u32, Fact)> = secret_literals(semantic)
        .into_iter()
        .map(|s| (s.detail, s.offset, Fact::None))
        .collect();
    let exposures = match side {
        Side::Frontend => exposure::frontend_env_reads(semantic, resolver),
        Side::Backend => exposure::resolver_returns(semantic, resolver),
        Side::Remote | Side::Dev => Vec::new(),
    };
    out.extend(
        exposures
            .into_iter()
            .map(|e| (e.detail, e.offset, Fact::Exposure)),
    );
    out
}

/// Every credential literal of a file, in source order.
pub fn secret_literals(semantic: &Semantic<'_>) -> Vec<SecretLiteral> {
    let mut out = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    for node in semantic.nodes().iter() {
        texts.clear();
        let span = match node.kind() {
            AstKind::StringLiteral(s) => {
                texts.push(s.value.as_str());
                s.span
            }
            AstKind::TemplateLiteral(t) => {
                texts.extend(
                    t.quasis
                        .iter()
                        .map(|q| q.value.cooked.unwrap_or(q.value.raw).as_str()),
                );
                t.span
            }
            _ => continue,
        };
        // The name is looked up only when a literal could be a credential:
        // most literals are too short for any rule.
        let mut name: Option<Option<String>> = None;
        let whole = (texts.len() == 1).then(|| texts[0]);
        let kind = texts
            .iter()
            .find_map(|t| known_format(t))
            .or_else(|| whole.and_then(url_password))
            .or_else(|| {
                let value = whole.filter(|v| v.len() >= MIN_RANDOM_LEN)?;
                let name = name
                    .get_or_insert_with(|| assigned_name(semantic, node.id(), span))
                    .as_deref()?;
                random_credential(name, value)
            });
        if let Some(kind) = kind {
            let name = name.unwrap_or_else(|| assigned_name(semantic, node.id(), span));
            let detail = match &name {
                Some(name) => format!("{kind} in `{name}`"),
                None => format!("{kind} in a string literal"),
            };
            out.push(SecretLiteral {
                detail,
                offset: span.start,
            });
        }
    }
    out
}

/// What credential `value` is when it is assigned to `name`, by the rules a
/// string literal in code is judged by; for values read outside code
/// (`.env` files), where the name is always known.
pub fn credential_assigned(name: &str, value: &str) -> Option<&'static str> {
    known_format(value)
        .or_else(|| url_password(value))
        .or_else(|| random_credential(name, value))
}

/// A random-looking value under a credential-like name (`apiKey`, `token`).
fn random_credential(name: &str, value: &str) -> Option<&'static str> {
    // The name test first: it is cheaper than measuring the value.
    let credential = value.len() >= MIN_RANDOM_LEN && credential_name(name);
    (credential && looks_random(value)).then(|| random_kind(name))
}

/// The well-known credential format `text` contains, if any.
pub fn known_format(text: &str) -> Option<&'static str> {
    let formats = FORMAT_SET.as_ref()?;
    if text.len() < formats.shortest {
        return None;
    }
    // Most literals match no format: the placeholder test runs only on those
    // that do. The set reports every format that matches; the first one in
    // [`FORMATS`] names the literal.
    let first = formats.set.matches(text).iter().next()?;
    (!is_placeholder(text)).then(|| FORMATS[first].0)
}

fn url_password(text: &str) -> Option<&'static str> {
    let caps = URL_PASSWORD.as_ref()?.captures(text)?;
    let password = caps.get(1)?.as_str();
    (!is_placeholder(password) && !all_same(password)).then_some("password in a connection URL")
}

fn random_kind(name: &str) -> &'static str {
    match words(name).last().map(String::as_str) {
        Some("password" | "passwd" | "pwd" | "passphrase") => "password",
        _ => "high-entropy string",
    }
}

/// The name a literal is given: `const name = '...'`, `{ name: '...' }`,
/// `x.name = '...'`, `name = '...'` as a default, a class field or a JSX prop.
fn assigned_name(semantic: &Semantic<'_>, literal: NodeId, span: Span) -> Option<String> {
    let nodes = semantic.nodes();
    let mut child = span;
    let mut id = literal;
    loop {
        let parent = nodes.parent_node(id);
        if parent.id() == id {
            return None;
        }
        let same = |s: Span| s == child;
        let name = match parent.kind() {
            AstKind::ParenthesizedExpression(_)
            | AstKind::TSAsExpression(_)
            | AstKind::TSSatisfiesExpression(_)
            | AstKind::TSNonNullExpression(_)
            | AstKind::TSTypeAssertion(_)
            | AstKind::JSXExpressionContainer(_) => {
                child = parent.kind().span();
                id = parent.id();
                continue;
            }
            AstKind::VariableDeclarator(d) => d
                .init
                .as_ref()
                .filter(|i| same(i.span()))
                .and_then(|_| d.id.get_identifier_name())
                .map(|n| n.to_string()),
            AstKind::ObjectProperty(p) if !p.computed && same(p.value.span()) => {
                p.key.static_name().map(|n| n.to_string())
            }
            AstKind::PropertyDefinition(p) if !p.computed => p
                .value
                .as_ref()
                .filter(|v| same(v.span()))
                .and_then(|_| p.key.static_name())
                .map(|n| n.to_string()),
            AstKind::AssignmentExpression(a) if same(a.right.span()) => {
                a.left.get_identifier_name().map(str::to_string)
            }
            AstKind::AssignmentPattern(a) if same(a.right.span()) => {
                a.left.get_identifier_name().map(|n| n.to_string())
            }
            AstKind::FormalParameter(p) => p
                .initializer
                .as_ref()
                .filter(|i| same(i.span()))
                .and_then(|_| p.pattern.get_identifier_name())
                .map(|n| n.to_string()),
            AstKind::AssignmentTargetWithDefault(a) if same(a.init.span()) => {
                a.binding.get_identifier_name().map(str::to_string)
            }
            AstKind::AssignmentTargetPropertyIdentifier(a) => a
                .init
                .as_ref()
                .filter(|i| same(i.span()))
                .map(|_| a.binding.name.to_string()),
            AstKind::JSXAttribute(a) => match &a.name {
                JSXAttributeName::Identifier(n) => Some(n.name.to_string()),
                JSXAttributeName::NamespacedName(n) => Some(n.name.name.to_string()),
            },
            _ => None,
        };
        return name;
    }
}

/// Whether `name` is one a credential is kept under: its last word is a
/// credential word (`apiKey`, `CLIENT_SECRET`, `authToken`), and a `key` is
/// not qualified as an identifier (`storageKey`) or as public (`publicKey`).
pub fn credential_name(name: &str) -> bool {
    let words = words(name);
    if words.iter().any(|w| w == "public" || w == "publishable") {
        return false;
    }
    match words.as_slice() {
        [.., qualifier, last] if last == "key" => {
            !NON_SECRET_QUALIFIERS.contains(&qualifier.as_str())
        }
        [.., last] => CREDENTIAL_WORDS.contains(&last.as_str()),
        [] => false,
    }
}

/// `apiKey`, `API_KEY`, `x-api-key` -> `["api", "key"]`.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether `value` looks like a randomly generated secret rather than a word,
/// a path, a URL or a placeholder.
pub fn looks_random(value: &str) -> bool {
    let len = value.chars().count();
    if len < MIN_RANDOM_LEN
        || value.chars().any(char::is_whitespace)
        || value.contains("://")
        || value.starts_with(['/', '.'])
        || is_placeholder(value)
        || all_same(value)
        || word_built(value)
    {
        return false;
    }
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    // Short all-letter values are words far more often than secrets.
    if !has_letter || (!has_digit && len < 24) {
        return false;
    }
    let alphabet = if value.chars().all(|c| c.is_ascii_hexdigit()) {
        16
    } else {
        64
    };
    shannon_entropy(value) >= RANDOMNESS_SHARE * expected_entropy(len, alphabet)
}

/// Separator-joined lower-case words (`notes-panel-settings-v1`): written by a
/// person, whatever its entropy.
fn word_built(value: &str) -> bool {
    let segments: Vec<&str> = value
        .split(['-', '_', '.', ':', '/'])
        .filter(|s| !s.is_empty())
        .collect();
    let wordy = segments
        .iter()
        .filter(|s| s.len() >= 3 && s.chars().all(|c| c.is_ascii_lowercase()))
        .count();
    segments.len() >= 2 && wordy * 2 >= segments.len()
}

fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    PLACEHOLDERS.iter().any(|p| lower.contains(p))
}

fn all_same(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_none_or(|first| chars.all(|c| c == first))
}

/// Shannon entropy of `value` in bits per character.
pub fn shannon_entropy(value: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut len = 0usize;
    for c in value.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        len += 1;
    }
    if len == 0 {
        return 0.0;
    }
    let n = len as f64;
    counts
        .values()
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// The mean measured entropy of a uniformly random string of `len` characters
/// over `alphabet` symbols: by linearity, `alphabet` times the expected
/// contribution of one symbol whose count is Binomial(len, 1/alphabet).
fn expected_entropy(len: usize, alphabet: u32) -> f64 {
    // Past 128 characters the expectation is within a few percent of its limit.
    let n = len.min(128);
    let nf = n as f64;
    let p = 1.0 / f64::from(alphabet);
    let mut pmf = (1.0 - p).powi(n as i32);
    let mut sum = 0.0;
    for c in 1..=n {
        pmf *= (nf - (c - 1) as f64) / c as f64 * p / (1.0 - p);
        let share = c as f64 / nf;
        sum -= pmf * share * share.log2();
    }
    f64::from(alphabet) * sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_compiles_and_the_shortest_match_is_still_found() {
        let formats = FORMAT_SET.as_ref().expect("formats compile");
        assert_eq!(formats.set.len(), FORMATS.len());
        // `xox[abpr]-` and ten more characters: the shortest format.
        assert_eq!(formats.shortest, 15);
        assert_eq!(known_format("xoxb-1234567890"), Some("Slack token"));
        assert_eq!(known_format("xoxb-123456789"), None);
        // Two formats in one literal: the first in the table names it.
        let both = "AKIAABCDEFGHIJKLMNOP ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        assert_eq!(known_format(both), Some("AWS access key ID"));
    }

    #[test]
    fn expected_entropy_matches_sampled_random_strings() {
        // Means measured over 2,000 random strings each.
        assert!((expected_entropy(16, 16) - 3.21).abs() < 0.02);
        assert!((expected_entropy(32, 64) - 4.56).abs() < 0.02);
        assert!((expected_entropy(400, 64) - expected_entropy(128, 64)).abs() < 1e-9);
    }

    #[test]
    fn credential_names_are_judged_by_their_last_word() {
        for name in [
            "apiKey",
            "API_KEY",
            "x-api-key",
            "clientSecret",
            "authToken",
            "password",
            "DB_PASSWORD",
            "auth",
            "Authorization",
            "secretAccessKey",
            "privateKey",
        ] {
            assert!(credential_name(name), "{name}");
        }
        for name in [
            "tokenUrl",
            "secretName",
            "storageKey",
            "localStorageKey",
            "issueKey",
            "publicKey",
            "stripePublishableKey",
            "author",
            "keyboard",
            "monkey",
        ] {
            assert!(!credential_name(name), "{name}");
        }
    }

    #[test]
    fn random_strings_pass_and_human_strings_do_not() {
        for value in [
            "d41d8cd98f00b204e9800998ecf8427e",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "a1b2c3d4e5f6a7b8c9d0",
            "9fQ2xLr7TzK1mWv8pB3n",
        ] {
            assert!(looks_random(value), "{value}");
        }
        for value in [
            "my-super-secret-password-2024",
            "production-api-key-v2",
            "notes-panel-settings-v1",
            "changeme12345678",
            "xxxxxxxxxxxxxxxxxxxxxxxx",
            "<your-api-token-here>",
            "${API_TOKEN}",
            "aaaaaaaaaaaaaaaaaaaa",
            "short1",
            "https://api.example.com/v1/token",
            "Summer2024!Summer2024!",
            "correcthorsebatterystaple",
        ] {
            assert!(!looks_random(value), "{value}");
        }
    }

    #[test]
    fn well_known_formats_are_named() {
        assert_eq!(
            known_format("AKIAZ7VQ3MXR5BD2KLPW"),
            Some("AWS access key ID")
        );
        assert_eq!(
            known_format("ghp_4Rk2Vd9sQm1Lx7Tb3Nz8Hc5Jw6Pf0Ya2Ue4G"),
            Some("GitHub token")
        );
        assert_eq!(
            known_format("Bearer xoxb-2048-1024-ZxCvBnMaSdFg"),
            Some("Slack token")
        );
        assert_eq!(
            known_format("-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
            Some("private key")
        );
        assert_eq!(
            known_format("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_x-1"),
            Some("JSON Web Token")
        );
        // AWS's documentation key and an obvious template are placeholders.
        assert_eq!(known_format("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(
            known_format("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
            None
        );
        assert_eq!(known_format("-----BEGIN PUBLIC KEY-----"), None);
    }

    #[test]
    fn a_sentry_dsn_is_not_a_url_password() {
        assert_eq!(
            url_password("https://3f9a1c@o4501.ingest.sentry.io/4505"),
            None
        );
        assert_eq!(
            url_password("postgres://admin:Pg7rT2qLx9@db.internal.example.net/app"),
            Some("password in a connection URL")
        );
        assert_eq!(url_password("postgres://admin:${PASSWORD}@db/app"), None);
    }

    fn secrets(side: Side, source: &str) -> Vec<(u32, String)> {
        crate::practice::scan_js(
            "src/index.ts",
            source,
            side,
            &crate::rulesets::Catalogue::from_vendors(Vec::new()),
        )
        .unwrap()
        .into_iter()
        .filter(|o| o.kind == crate::model::ObservationKind::Secret)
        .map(|o| (o.location.line, o.detail))
        .collect()
    }

    #[test]
    fn every_way_of_naming_a_value_is_seen() {
        let source = "const apiKey = '9fQ2xLr7TzK1mWv8pB3n';\n\
                      const cfg = { clientSecret: ('4b7e9a0c2d5f8e1a3c6b9d0e') as string };\n\
                      cfg.password = 'Pg7rT2qLx9Vm4Kd8';\n\
                      function call(token = 'a1B2c3D4e5F6g7H8i9J0') {}\n\
                      class C { authToken = 'Zq8Lr2Tx7Wm4Kp9Vb3Nc6Hd1'; }\n\
                      const { secret = 'Wm4Kp9Vb3Nc6Hd1Zq8Lr2Tx7' } = opts;\n\
                      const headers = { Authorization: `Bearer ghp_4Rk2Vd9sQm1Lx7Tb3Nz8Hc5Jw6Pf0Ya2Ue4G` };\n\
                      const pem = '-----BEGIN PRIVATE KEY-----\\nMIIEvQ';\n";
        let found = secrets(Side::Backend, source);
        assert_eq!(
            found,
            [
                (1, "high-entropy string in `apiKey`".to_string()),
                (2, "high-entropy string in `clientSecret`".to_string()),
                (3, "password in `password`".to_string()),
                (4, "high-entropy string in `token`".to_string()),
                (5, "high-entropy string in `authToken`".to_string()),
                (6, "high-entropy string in `secret`".to_string()),
                (7, "GitHub token in `Authorization`".to_string()),
                (8, "private key in `pem`".to_string()),
            ]
        );
    }

    #[test]
    fn placeholders_identifiers_and_public_keys_are_not_secrets() {
        let source = "const apiKey = 'your-api-key-here';\n\
                      const token = '<your-token>';\n\
                      const password = 'changeme';\n\
                      const secret = '${SECRET}';\n\
                      const authToken = 'xxxxxxxxxxxxxxxxxxxxxxxx';\n\
                      const storageKey = 'prefs-v2-9fQ2xLr7TzK1m';\n\
                      const issueKey = 'PROJ-12345678901234';\n\
                      const title = '9fQ2xLr7TzK1mWv8pB3n';\n\
                      const dsn = 'https://3f9a1c0b7d2e4f5a@o4501.ingest.sentry.io/4505';\n\
                      const awsDocsKey = 'AKIAIOSFODNN7EXAMPLE';\n\
                      const publishableKey = 'pk_live_51H8xLr7TzK1mWv8pB3n';\n";
        assert_eq!(secrets(Side::Backend, source), Vec::new());
    }
}
