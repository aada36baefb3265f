//! The vendor catalogue (`rulesets/vendors/*.yml`): which npm packages, crates,
//! hosts, browser globals and snippet markers belong to which third party, and
//! the names a privacy statement would use for it.
//!
//! The catalogue is embedded in the binary (no files are read at run time) and
//! can be extended with `--ruleset FILE` in the same format (see
//! [`Catalogue::load_additions`]). The file format is documented in
//! `rulesets/vendors/README.md`.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, anyhow, bail};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// The embedded catalogue files, as the build script's JSON of each YAML file.
macro_rules! embedded_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("OUT_DIR"), "/vendors/", $name, ".json")))),*]
    };
}

/// The embedded catalogue files, in load order. A unit test keeps this table in
/// sync with the `rulesets/vendors/` folder, because `include_str!` cannot list
/// a directory and a forgotten file would silently shrink the catalogue.
const EMBEDDED: &[(&str, &str)] = embedded_files![
    "host-sets.yml",
    "atlassian.yml",
    "analytics.yml",
    "monitoring.yml",
    "customer.yml",
    "feature-flags.yml",
    "external-storage.yml",
    "database.yml",
    "ai.yml",
    "messaging.yml",
    "payments.yml",
    "cdn-fonts.yml",
];

/// The categories a vendor may have. Claim checks key on these names.
pub const CATEGORIES: &[&str] = &[
    "analytics",
    "product-analytics",
    "error-tracking",
    "session-replay",
    "apm-logging",
    "marketing-crm",
    "support-chat",
    "feature-flags",
    "external-storage",
    "database",
    "ai",
    "messaging-email-sms",
    "payments",
    "cdn-fonts",
    "atlassian",
];

/// One third party (or Atlassian itself) the tool can recognise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vendor {
    /// Stable id, e.g. `sentry`, `aws-s3`, `atlassian`.
    pub id: String,
    /// Display name, e.g. `Sentry`.
    pub name: String,
    /// Legal organisation, e.g. `Functional Software, Inc.`, `Amazon Web Services`.
    pub organisation: String,
    /// Kebab-case categories: analytics, product-analytics, error-tracking,
    /// session-replay, apm-logging, marketing-crm, support-chat, feature-flags,
    /// external-storage, database, ai, messaging-email-sms, payments, cdn-fonts,
    /// atlassian.
    pub categories: Vec<String>,
    /// npm package names, or prefix globs with one trailing `*` that matches
    /// within one path segment (`@sentry/*`, `launchdarkly-*`). An entry may also
    /// be a subpath (`firebase/analytics`) to claim one entry point of a package.
    pub packages: Vec<String>,
    /// Rust crate names in Cargo form (`aws-sdk-s3`), or prefix globs (`sentry-*`).
    pub crates: Vec<String>,
    /// Host patterns with Forge egress semantics (`*.sentry.io`, `api.segment.io`):
    /// `*.` matches one or more leading labels but not the bare domain.
    pub hosts: Vec<String>,
    /// Browser globals the vendor's snippet defines (`gtag`, `dataLayer`).
    pub globals: Vec<String>,
    /// Text that only the vendor's snippet contains (`gtag(`, `Sentry.init(`).
    pub markers: Vec<String>,
    /// Names a statement would use for this vendor ("Google Analytics", "GA4").
    pub aliases: Vec<String>,
}

impl Vendor {
    /// Atlassian itself: first party, never "external".
    pub fn is_first_party(&self) -> bool {
        self.categories.iter().any(|c| c == "atlassian")
    }

    /// Whether the vendor has the given category.
    pub fn has_category(&self, category: &str) -> bool {
        self.categories.iter().any(|c| c == category)
    }
}

/// A name a statement may use, and the vendors it designates. A vendor's own
/// name and aliases designate that vendor; an organisation's name and aliases
/// ("AWS", "Amazon Web Services") designate every vendor of that organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorName {
    /// The name as written in the catalogue.
    pub text: String,
    /// Ids of the vendors the name designates, in catalogue order.
    pub vendor_ids: Vec<String>,
}

/// All vendors, with fast lookup by package, crate, host and global.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    vendors: Vec<Vendor>,
    /// Organisation name -> extra names for it ("AWS").
    organisations: BTreeMap<String, Vec<String>>,
    /// Host sets of the embedded files, for `{set}` placeholders in additions.
    host_sets: HostSets,
    index: Index,
    /// Identifies this content: fresh whenever a catalogue is built or changed,
    /// so matchers derived from it can be cached (clones share it, being equal).
    generation: u64,
}

/// Source of [`Catalogue::generation`] values; 0 is left to the empty default.
static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn fresh_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Catalogue {
    /// The catalogue embedded in the binary.
    pub fn embedded() -> anyhow::Result<Catalogue> {
        let files = EMBEDDED
            .iter()
            .map(|(name, json)| {
                let raw: RawFile = serde_json::from_str(json).with_context(|| {
                    format!("embedded vendor catalogue file {name} is malformed")
                })?;
                Ok(ParsedFile::new(format!("rulesets/vendors/{name}"), raw))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Catalogue::from_files(files)
    }

    /// The catalogue of parsed files, in load order: host sets first, then
    /// organisations and vendors, with every cross-file check.
    fn from_files(files: Vec<ParsedFile>) -> anyhow::Result<Catalogue> {
        let mut host_sets = HostSets::default();
        for file in &files {
            host_sets.add(file)?;
        }
        let mut vendors = Vec::new();
        let mut organisations = BTreeMap::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for file in files {
            for org in file.organisations {
                let name = org.name.value.clone();
                if organisations.insert(name.clone(), org.aliases).is_some() {
                    bail!(
                        "{}:{}: organisation `{name}` is declared twice",
                        file.path,
                        org.name.referenced.line()
                    );
                }
            }
            for raw in file.vendors {
                let at = format!("{}:{}", file.path, raw.id.referenced.line());
                if let Some(first) = seen.insert(raw.id.value.clone(), at.clone()) {
                    bail!(
                        "{at}: vendor id `{}` is already used at {first}",
                        raw.id.value
                    );
                }
                vendors.push(raw.into_vendor(&file.path, &host_sets)?);
            }
        }
        let mut catalogue = Catalogue::from_vendors(vendors);
        catalogue.organisations = organisations;
        catalogue.host_sets = host_sets;
        catalogue.generation = fresh_generation();
        Ok(catalogue)
    }

    /// A catalogue of the given vendors (tests, user rulesets). When two vendors
    /// claim the same package, crate, host or global, the later one wins.
    pub fn from_vendors(vendors: Vec<Vendor>) -> Catalogue {
        let index = Index::build(&vendors);
        Catalogue {
            vendors,
            organisations: BTreeMap::new(),
            host_sets: HostSets::default(),
            index,
            generation: fresh_generation(),
        }
    }

    /// Adds the vendors of a user ruleset (`--ruleset FILE`, same format as the
    /// embedded files). A vendor whose id already exists replaces it; new ids are
    /// added. Added and replaced vendors take precedence over embedded ones when
    /// they claim the same package, crate, host or global. `{set}` host
    /// placeholders may use the embedded host sets and the file's own.
    ///
    /// On error the catalogue is unchanged, and the message names `file_name`
    /// and, where known, the line.
    pub fn load_additions(&mut self, file_name: &str, yaml: &str) -> anyhow::Result<()> {
        let file = parse_file(file_name, yaml)?;
        let mut host_sets = self.host_sets.clone();
        host_sets.add(&file)?;
        let mut added = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        for raw in file.vendors {
            let line = raw.id.referenced.line();
            if let Some(first) = seen.insert(raw.id.value.clone(), line) {
                bail!(
                    "{file_name}:{line}: vendor id `{}` is already used at line {first}",
                    raw.id.value
                );
            }
            added.push(raw.into_vendor(file_name, &host_sets)?);
        }
        for org in file.organisations {
            self.organisations.insert(org.name.value, org.aliases);
        }
        let ids: std::collections::HashSet<&str> = added.iter().map(|v| v.id.as_str()).collect();
        self.vendors.retain(|v| !ids.contains(v.id.as_str()));
        self.vendors.extend(added);
        self.host_sets = host_sets;
        self.index = Index::build(&self.vendors);
        self.generation = fresh_generation();
        Ok(())
    }

    /// Changes whenever the catalogue's content may have changed (built, or
    /// extended by [`Catalogue::load_additions`]); equal for clones. Lets
    /// derived data (name matchers) be built once per catalogue and reused.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// All vendors, in catalogue order (user additions last).
    pub fn vendors(&self) -> &[Vendor] {
        &self.vendors
    }

    /// The vendor with this id.
    pub fn by_id(&self, id: &str) -> Option<&Vendor> {
        self.index.by_id.get(id).map(|&i| &self.vendors[i])
    }

    /// The vendor whose package list matches an npm package name (`@sentry/node`),
    /// also given a deep import path (`@sentry/node/tracing`, `firebase/app`).
    /// The most specific entry wins: a subpath entry (`firebase/analytics`) over
    /// the package (`firebase`), an exact name over a glob, a longer glob over a
    /// shorter one.
    pub fn vendor_for_package(&self, package: &str) -> Option<&Vendor> {
        let spec = package.trim().to_ascii_lowercase();
        let root_len = package_root_len(&spec)?;
        // Longest candidate first: the full path, then each parent down to the root.
        let mut candidate = spec.as_str();
        loop {
            if let Some(&i) = self.index.packages.exact.get(candidate) {
                return Some(&self.vendors[i]);
            }
            if candidate.len() <= root_len {
                break;
            }
            match candidate.rfind('/') {
                Some(cut) if cut >= root_len => candidate = &candidate[..cut],
                _ => break,
            }
        }
        self.index
            .packages
            .glob(&spec[..root_len])
            .map(|i| &self.vendors[i])
    }

    /// The vendor whose crate list matches a Rust crate name. Accepts Cargo
    /// (`aws-sdk-s3`) and code (`aws_sdk_s3`) spellings, and a path whose first
    /// segment is the crate (`sentry::init`).
    pub fn vendor_for_crate(&self, krate: &str) -> Option<&Vendor> {
        let first = krate.trim().split("::").next().unwrap_or_default();
        let name = normalise_crate(first);
        if name.is_empty() {
            return None;
        }
        if let Some(&i) = self.index.crates.exact.get(&name) {
            return Some(&self.vendors[i]);
        }
        self.index.crates.glob(&name).map(|i| &self.vendors[i])
    }

    /// The vendor owning `host` (any case; a trailing dot and a `:port` are ignored).
    /// An exact host entry wins over wildcards, and the longest wildcard wins
    /// (`*.ingest.example.com` over `*.example.com`).
    pub fn vendor_for_host(&self, host: &str) -> Option<&Vendor> {
        let host = host.trim();
        let host = match host.rsplit_once(':') {
            Some((name, port)) if super::yaml::is_digits(port) => name,
            _ => host,
        };
        let host = host.trim_end_matches('.');
        if host.is_empty() {
            return None;
        }
        let lower;
        let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = host.to_ascii_lowercase();
            lower.as_str()
        } else {
            host
        };
        if let Some(&i) = self.index.exact_hosts.get(host) {
            return Some(&self.vendors[i]);
        }
        // Suffixes after each dot, longest first; `*.a.b` is stored as `a.b`.
        host.match_indices('.')
            .find_map(|(dot, _)| self.index.wildcard_hosts.get(&host[dot + 1..]))
            .map(|&i| &self.vendors[i])
    }

    /// The vendor whose snippet defines this browser global (`gtag`, `Sentry`).
    /// Case-sensitive, like JavaScript identifiers.
    pub fn vendor_for_global(&self, global: &str) -> Option<&Vendor> {
        self.index.globals.get(global).map(|&i| &self.vendors[i])
    }

    /// Every snippet marker with its vendor, for building a multi-pattern matcher.
    pub fn markers(&self) -> Vec<(&str, &Vendor)> {
        self.vendors
            .iter()
            .flat_map(|v| v.markers.iter().map(move |m| (m.as_str(), v)))
            .collect()
    }

    /// Every name a statement may use for catalogue vendors: each vendor's name
    /// and aliases, and each organisation's name and aliases (designating all of
    /// its vendors). Names are merged case-insensitively; order is deterministic.
    pub fn names(&self) -> Vec<VendorName> {
        let mut by_key: BTreeMap<String, VendorName> = BTreeMap::new();
        let mut add = |text: &str, id: &str| {
            let entry = by_key
                .entry(text.to_lowercase())
                .or_insert_with(|| VendorName {
                    text: text.to_string(),
                    vendor_ids: Vec::new(),
                });
            if !entry.vendor_ids.iter().any(|v| v == id) {
                entry.vendor_ids.push(id.to_string());
            }
        };
        for v in &self.vendors {
            add(&v.name, &v.id);
            for alias in &v.aliases {
                add(alias, &v.id);
            }
            // "Twilio Inc." in a subprocessor list names the Twilio product, not
            // every product the company owns (SendGrid, Segment); an organisation
            // named after none of its products ("Amazon Web Services") names them all.
            let org_ids: Vec<&str> = match self.namesake(&v.organisation) {
                Some(namesake) => vec![namesake],
                None => vec![v.id.as_str()],
            };
            for id in org_ids {
                // "(self-hosted or any provider)" describes driver vendors; no
                // statement names it.
                if !v.organisation.starts_with('(') {
                    add(&v.organisation, id);
                }
                if let Some(org_aliases) = self.organisations.get(&v.organisation) {
                    for alias in org_aliases {
                        add(alias, id);
                    }
                }
            }
        }
        by_key.into_values().collect()
    }

    /// The vendor of `organisation` whose name is the organisation's name without
    /// its legal form ("Twilio" for "Twilio Inc."), if there is one.
    fn namesake(&self, organisation: &str) -> Option<&str> {
        let bare = strip_legal_form(organisation);
        self.vendors
            .iter()
            .find(|v| v.organisation == organisation && v.name.eq_ignore_ascii_case(bare))
            .map(|v| v.id.as_str())
    }

    /// The vendors a name designates (case-insensitive, exact name): a vendor
    /// name or alias, or an organisation name or alias. Empty when unknown.
    pub fn vendors_named(&self, name: &str) -> Vec<&Vendor> {
        let key = name.trim().to_lowercase();
        self.names()
            .into_iter()
            .find(|n| n.text.to_lowercase() == key)
            .map(|n| {
                n.vendor_ids
                    .iter()
                    .filter_map(|id| self.by_id(id))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// "Twilio Inc." -> "Twilio", "Acme Pty Ltd" -> "Acme".
fn strip_legal_form(organisation: &str) -> &str {
    const FORMS: &[&str] = &[
        " pty ltd",
        " pty. ltd.",
        " inc.",
        " inc",
        " llc",
        " ltd.",
        " ltd",
        " limited",
        " gmbh",
        " b.v.",
        " corporation",
        " corp.",
        " corp",
        " s.a.",
        " ab",
        " oy",
        " sas",
        " plc",
        ",",
    ];
    let mut bare = organisation.trim();
    loop {
        let lower = bare.to_ascii_lowercase();
        match FORMS.iter().find(|f| lower.ends_with(*f)) {
            Some(form) => bare = bare[..bare.len() - form.len()].trim_end(),
            None => return bare,
        }
    }
}

/// Byte length of the package name at the start of an import specifier
/// (`@scope/name` or `name`), or `None` when it is not a bare package specifier
/// (relative paths, URLs, a lone scope).
fn package_root_len(spec: &str) -> Option<usize> {
    if spec.is_empty() || spec.starts_with('.') || spec.starts_with('/') || spec.contains(':') {
        return None;
    }
    let first = spec.find('/').unwrap_or(spec.len());
    if !spec.starts_with('@') {
        return Some(first);
    }
    let rest = spec.get(first + 1..)?;
    if rest.is_empty() {
        return None;
    }
    Some(first + 1 + rest.find('/').unwrap_or(rest.len()))
}

/// Cargo treats `-` and `_` in crate names alike; code spells them with `_`.
fn normalise_crate(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace('_', "-")
}

/// Exact names plus prefix globs (`prefix*`, the `*` matching within one segment).
#[derive(Debug, Clone, Default)]
struct NameIndex {
    exact: HashMap<String, usize>,
    /// (prefix, vendor), longest prefix first so the most specific glob wins.
    globs: Vec<(String, usize)>,
}

impl NameIndex {
    fn insert(&mut self, pattern: &str, vendor: usize) {
        match pattern.strip_suffix('*') {
            Some(prefix) if !prefix.contains('*') => {
                self.globs.retain(|(p, _)| p != prefix);
                self.globs.push((prefix.to_string(), vendor));
            }
            _ => {
                self.exact.insert(pattern.to_string(), vendor);
            }
        }
    }

    fn finish(&mut self) {
        // Stable sort: among equal lengths the insertion order is kept.
        self.globs.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    }

    fn glob(&self, name: &str) -> Option<usize> {
        self.globs.iter().find_map(|(prefix, vendor)| {
            let rest = name.strip_prefix(prefix.as_str())?;
            (!rest.is_empty() && !rest.contains('/')).then_some(*vendor)
        })
    }
}

/// Lookup tables over a vendor list; rebuilt whenever the list changes.
#[derive(Debug, Clone, Default)]
struct Index {
    by_id: HashMap<String, usize>,
    packages: NameIndex,
    crates: NameIndex,
    exact_hosts: HashMap<String, usize>,
    /// `*.example.com` stored as `example.com`.
    wildcard_hosts: HashMap<String, usize>,
    globals: HashMap<String, usize>,
}

impl Index {
    fn build(vendors: &[Vendor]) -> Index {
        let mut index = Index::default();
        for (i, v) in vendors.iter().enumerate() {
            index.by_id.insert(v.id.clone(), i);
            for p in &v.packages {
                index.packages.insert(&p.to_ascii_lowercase(), i);
            }
            for c in &v.crates {
                index.crates.insert(&normalise_crate(c), i);
            }
            for h in &v.hosts {
                let h = h.to_ascii_lowercase();
                match h.strip_prefix("*.") {
                    Some(suffix) => index.wildcard_hosts.insert(suffix.to_string(), i),
                    None => index.exact_hosts.insert(h, i),
                };
            }
            for g in &v.globals {
                index.globals.insert(g.clone(), i);
            }
        }
        index.packages.finish();
        index.crates.finish();
        index
    }
}

// ---------------------------------------------------------------------------
// File format

/// One catalogue file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Named lists substituted into `{name}` host placeholders (AWS regions...).
    #[serde(default)]
    host_sets: BTreeMap<String, Spanned<Vec<String>>>,
    #[serde(default)]
    organisations: Vec<RawOrganisation>,
    #[serde(default)]
    vendors: Vec<RawVendor>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVendor {
    id: Spanned<String>,
    name: Spanned<String>,
    organisation: Spanned<String>,
    categories: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    packages: Vec<Spanned<String>>,
    #[serde(default)]
    crates: Vec<Spanned<String>>,
    #[serde(default)]
    hosts: Vec<Spanned<String>>,
    #[serde(default)]
    globals: Vec<Spanned<String>>,
    #[serde(default)]
    markers: Vec<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

/// A parsed file and the path used in its error messages.
struct ParsedFile {
    path: String,
    host_sets: BTreeMap<String, Spanned<Vec<String>>>,
    organisations: Vec<RawOrganisation>,
    vendors: Vec<RawVendor>,
}

fn parse_file(path: &str, yaml: &str) -> anyhow::Result<ParsedFile> {
    let raw: RawFile = super::yaml::parse(path, yaml)?;
    Ok(ParsedFile::new(path.to_string(), raw))
}

impl ParsedFile {
    fn new(path: String, raw: RawFile) -> ParsedFile {
        ParsedFile {
            path,
            host_sets: raw.host_sets,
            organisations: raw.organisations,
            vendors: raw.vendors,
        }
    }
}

/// Host sets from all files seen so far.
#[derive(Debug, Clone, Default, PartialEq)]
struct HostSets(BTreeMap<String, Vec<String>>);

impl HostSets {
    fn add(&mut self, file: &ParsedFile) -> anyhow::Result<()> {
        for (name, values) in &file.host_sets {
            let line = values.referenced.line();
            if !is_kebab(name) {
                bail!(
                    "{}:{line}: host set name `{name}` must be kebab-case",
                    file.path
                );
            }
            for v in &values.value {
                if !is_host_label(v) {
                    bail!(
                        "{}:{line}: host set `{name}` entry `{v}` is not a lower-case host label",
                        file.path
                    );
                }
            }
            self.0.insert(name.clone(), values.value.clone());
        }
        Ok(())
    }

    /// Expands every `{set}` in `pattern` (one output per combination).
    fn expand(&self, pattern: &str) -> Result<Vec<String>, String> {
        let Some(open) = pattern.find('{') else {
            return if pattern.contains('}') {
                Err("has an unmatched `}`".to_string())
            } else {
                Ok(vec![pattern.to_string()])
            };
        };
        let close = pattern[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| "has an unmatched `{`".to_string())?;
        let name = &pattern[open + 1..close];
        let values = self.0.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.0.keys().map(String::as_str).collect();
            format!(
                "uses unknown host set `{{{name}}}` (known: {})",
                known.join(", ")
            )
        })?;
        let mut out = Vec::new();
        for value in values {
            let replaced = format!("{}{value}{}", &pattern[..open], &pattern[close + 1..]);
            out.extend(self.expand(&replaced)?);
        }
        Ok(out)
    }
}

impl RawVendor {
    fn into_vendor(self, path: &str, host_sets: &HostSets) -> anyhow::Result<Vendor> {
        let at = |s: &Spanned<String>| format!("{path}:{}", s.referenced.line());
        let id = &self.id;
        if !is_kebab(&id.value) {
            bail!("{}: vendor id `{}` must be kebab-case", at(id), id.value);
        }
        for field in [&self.name, &self.organisation] {
            if field.value.trim().is_empty() {
                bail!(
                    "{}: vendor `{}` has an empty name or organisation",
                    at(field),
                    id.value
                );
            }
        }
        if self.categories.value.is_empty() {
            bail!(
                "{path}:{}: vendor `{}` needs at least one category",
                self.categories.referenced.line(),
                id.value
            );
        }
        for c in &self.categories.value {
            if !CATEGORIES.contains(&c.value.as_str()) {
                bail!(
                    "{}: vendor `{}` has unknown category `{}` (known: {})",
                    at(c),
                    id.value,
                    c.value,
                    CATEGORIES.join(", ")
                );
            }
        }
        for p in &self.packages {
            if !is_package_pattern(&p.value) {
                bail!(
                    "{}: vendor `{}` package `{}` is not a lower-case npm name, subpath or `prefix*` glob",
                    at(p),
                    id.value,
                    p.value
                );
            }
        }
        for c in &self.crates {
            if !is_crate_pattern(&c.value) {
                bail!(
                    "{}: vendor `{}` crate `{}` is not a lower-case crate name or `prefix*` glob",
                    at(c),
                    id.value,
                    c.value
                );
            }
        }
        let mut hosts = Vec::new();
        for h in &self.hosts {
            let expanded = host_sets.expand(&h.value).map_err(|why| {
                anyhow!("{}: vendor `{}` host `{}` {why}", at(h), id.value, h.value)
            })?;
            for host in expanded {
                if let Err(why) = check_host_pattern(&host) {
                    bail!("{}: vendor `{}` host `{host}` {why}", at(h), id.value);
                }
                hosts.push(host);
            }
        }
        for g in &self.globals {
            if !is_js_identifier(&g.value) {
                bail!(
                    "{}: vendor `{}` global `{}` is not a JavaScript identifier",
                    at(g),
                    id.value,
                    g.value
                );
            }
        }
        for text in self.markers.iter().chain(&self.aliases) {
            if text.value.trim().is_empty() {
                bail!(
                    "{}: vendor `{}` has an empty marker or alias",
                    at(text),
                    id.value
                );
            }
        }
        let values = |list: Vec<Spanned<String>>| list.into_iter().map(|s| s.value).collect();
        Ok(Vendor {
            id: self.id.value,
            name: self.name.value,
            organisation: self.organisation.value,
            categories: values(self.categories.value),
            packages: values(self.packages),
            crates: values(self.crates),
            hosts,
            globals: values(self.globals),
            markers: values(self.markers),
            aliases: values(self.aliases),
        })
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_host_label(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Forge egress form: an optional leading `*.`, then dot-separated lower-case
/// labels, at least two of them.
fn check_host_pattern(pattern: &str) -> Result<(), &'static str> {
    let body = pattern.strip_prefix("*.").unwrap_or(pattern);
    if body.contains('*') {
        return Err("may only use `*` as a whole leading label (`*.example.com`)");
    }
    if !body.contains('.') {
        return Err("must contain a dot");
    }
    if !body.split('.').all(is_host_label) {
        return Err(
            "must be lower-case labels of letters, digits and `-` (no scheme, port or path)",
        );
    }
    Ok(())
}

fn is_package_pattern(s: &str) -> bool {
    let body = s.strip_suffix('*').unwrap_or(s);
    if body.is_empty() || body.contains('*') || body.ends_with('/') && !s.ends_with('*') {
        return false;
    }
    let valid_char = |b: u8| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'_' | b'/')
    };
    let (scope_ok, rest) = match body.strip_prefix('@') {
        Some(rest) => (rest.contains('/'), rest),
        None => (true, body),
    };
    scope_ok && !rest.starts_with(['.', '_', '/']) && rest.bytes().all(valid_char)
}

fn is_crate_pattern(s: &str) -> bool {
    let body = s.strip_suffix('*').unwrap_or(s);
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn is_js_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsed once: every test starts from a clone of the embedded catalogue.
    fn catalogue() -> Catalogue {
        static EMBEDDED_CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        EMBEDDED_CATALOGUE
            .get_or_init(|| Catalogue::embedded().unwrap())
            .clone()
    }

    fn id_for_host(c: &Catalogue, host: &str) -> Option<String> {
        c.vendor_for_host(host).map(|v| v.id.clone())
    }

    fn id_for_package(c: &Catalogue, package: &str) -> Option<String> {
        c.vendor_for_package(package).map(|v| v.id.clone())
    }

    #[test]
    fn the_embedded_json_holds_exactly_the_yaml_files() {
        // Read from the YAML with positions, so a broken catalogue file fails
        // here with its line; then compared with what the binary embeds.
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/vendors");
        let files = EMBEDDED
            .iter()
            .map(|(name, _)| {
                let yaml = std::fs::read_to_string(folder.join(name)).unwrap();
                parse_file(&format!("rulesets/vendors/{name}"), &yaml).unwrap()
            })
            .collect();
        let from_yaml = Catalogue::from_files(files).unwrap();
        let embedded = Catalogue::embedded().unwrap();
        assert_eq!(from_yaml.vendors, embedded.vendors);
        assert_eq!(from_yaml.organisations, embedded.organisations);
        assert_eq!(from_yaml.host_sets, embedded.host_sets);
        assert!(embedded.vendors.len() > 100);
    }

    #[test]
    fn embedded_table_lists_exactly_the_yml_files_in_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/vendors");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "update EMBEDDED in src/rulesets/vendors.rs"
        );
    }

    #[test]
    fn embedded_catalogue_loads_with_at_least_60_vendors() {
        let c = catalogue();
        assert!(
            c.vendors().len() >= 60,
            "only {} vendors",
            c.vendors().len()
        );
    }

    #[test]
    fn main_categories_have_at_least_three_vendors() {
        let c = catalogue();
        for category in [
            "analytics",
            "product-analytics",
            "error-tracking",
            "session-replay",
            "database",
            "external-storage",
            "ai",
            "messaging-email-sms",
        ] {
            let n = c
                .vendors()
                .iter()
                .filter(|v| v.has_category(category))
                .count();
            assert!(n >= 3, "{category} has {n} vendors");
        }
    }

    #[test]
    fn no_id_package_crate_host_or_global_is_claimed_by_two_vendors() {
        let c = catalogue();
        let mut owners: HashMap<(&str, String), &str> = HashMap::new();
        let mut clashes = Vec::new();
        for v in c.vendors() {
            let keys = std::iter::once(("id", v.id.clone()))
                .chain(v.packages.iter().map(|p| ("package", p.clone())))
                .chain(v.crates.iter().map(|k| ("crate", normalise_crate(k))))
                .chain(v.hosts.iter().map(|h| ("host", h.clone())))
                .chain(v.globals.iter().map(|g| ("global", g.clone())));
            let mut own = std::collections::HashSet::new();
            for key in keys {
                if !own.insert(key.clone()) {
                    continue; // a vendor repeating itself is harmless
                }
                if let Some(other) = owners.insert(key.clone(), &v.id) {
                    clashes.push(format!("{} `{}`: {other} and {}", key.0, key.1, v.id));
                }
            }
        }
        assert!(clashes.is_empty(), "{clashes:#?}");
    }

    #[test]
    fn no_glob_or_wildcard_reaches_into_another_vendor() {
        let c = catalogue();
        let mut overlaps = Vec::new();
        for v in c.vendors() {
            for p in v.packages.iter().filter(|p| !p.ends_with('*')) {
                let owner = c.vendor_for_package(p).map(|o| o.id.as_str());
                if owner != Some(v.id.as_str()) {
                    overlaps.push(format!("package {p} of {} resolves to {owner:?}", v.id));
                }
            }
            for k in v.crates.iter().filter(|k| !k.ends_with('*')) {
                let owner = c.vendor_for_crate(k).map(|o| o.id.as_str());
                if owner != Some(v.id.as_str()) {
                    overlaps.push(format!("crate {k} of {} resolves to {owner:?}", v.id));
                }
            }
            for h in &v.hosts {
                // A concrete host under the pattern must come back to its owner.
                let probe = h.replace("*.", "probe.");
                let owner = c.vendor_for_host(&probe).map(|o| o.id.as_str());
                if owner != Some(v.id.as_str()) {
                    overlaps.push(format!("host {h} of {} resolves to {owner:?}", v.id));
                }
            }
        }
        assert!(overlaps.is_empty(), "{overlaps:#?}");
    }

    #[test]
    fn every_package_and_crate_glob_is_a_trailing_prefix_glob() {
        for v in catalogue().vendors() {
            for p in v.packages.iter().chain(&v.crates) {
                if let Some(prefix) = p.strip_suffix('*') {
                    assert!(!prefix.is_empty() && !prefix.contains('*'), "{}: {p}", v.id);
                } else {
                    assert!(!p.contains('*'), "{}: {p}", v.id);
                }
            }
        }
    }

    #[test]
    fn every_host_pattern_has_forge_egress_form() {
        for v in catalogue().vendors() {
            for h in &v.hosts {
                let body = h.strip_prefix("*.").unwrap_or(h);
                assert!(!body.contains('*'), "{}: {h}", v.id);
                assert!(body.contains('.'), "{}: {h}", v.id);
                assert_eq!(h, &h.to_ascii_lowercase(), "{}: {h}", v.id);
                assert!(!h.contains(['{', '}', '/', ':', ' ']), "{}: {h}", v.id);
            }
        }
    }

    #[test]
    fn atlassian_is_the_only_first_party_vendor() {
        let c = catalogue();
        let first: Vec<&str> = c
            .vendors()
            .iter()
            .filter(|v| v.is_first_party())
            .map(|v| v.id.as_str())
            .collect();
        assert_eq!(first, ["atlassian"]);
        assert_eq!(
            id_for_host(&c, "api.atlassian.com").as_deref(),
            Some("atlassian")
        );
        assert_eq!(
            id_for_host(&c, "acme.atlassian.net").as_deref(),
            Some("atlassian")
        );
        assert_eq!(
            id_for_package(&c, "@forge/api").as_deref(),
            Some("atlassian")
        );
        assert!(
            c.vendor_for_host("api.atlassian.com")
                .unwrap()
                .is_first_party()
        );
    }

    #[test]
    fn atlassian_is_first_party_in_every_environment() {
        let c = catalogue();
        let first_party = |host: &str| c.vendor_for_host(host).is_some_and(Vendor::is_first_party);
        for host in [
            // Commercial: products, the API gateway, the analytics gateway.
            "acme.atlassian.net",
            "atlassian.net",
            "api.atlassian.com",
            "as.atlassian.com",
            "developer.atlassian.com",
            // FedRAMP / US government (isolated cloud).
            "api.atlassian-us-gov-mod.com",
            "atlassian-us-gov-mod.com",
            "acme.atlassian-us-gov-mod.net",
            // Staging, development and platform hosts.
            "api.stg.atlassian.com",
            "forge-cdn.prod.atl-paas.net",
            "atl-paas.net",
            "acme.jira-dev.com",
            "x.hello.atlassian-dev.net",
            // Written as an egress entry or a URL may write them.
            "*.atlassian-us-gov-mod.net",
            "API.Atlassian.com.",
            "api.atlassian.com:443",
        ] {
            assert!(first_party(host), "{host} is Atlassian's");
        }
        for host in [
            "atlassian.net.example.com",
            "evilatlassian.net",
            "atlassian-us-gov-mod.com.example.org",
            "jira-dev.com.attacker.io",
        ] {
            assert!(!first_party(host), "{host} is not Atlassian's");
        }
    }

    #[test]
    fn deep_imports_resolve_to_their_package() {
        let c = catalogue();
        assert_eq!(
            id_for_package(&c, "@sentry/node/tracing").as_deref(),
            Some("sentry")
        );
        assert_eq!(
            id_for_package(&c, "@sentry/browser").as_deref(),
            Some("sentry")
        );
        assert_eq!(
            id_for_package(&c, "firebase/app").as_deref(),
            Some("firebase")
        );
        assert_eq!(id_for_package(&c, "firebase").as_deref(), Some("firebase"));
        assert_eq!(
            id_for_package(&c, "mixpanel-browser").as_deref(),
            Some("mixpanel")
        );
        assert_eq!(
            id_for_package(&c, "launchdarkly-node-server-sdk").as_deref(),
            Some("launchdarkly")
        );
        assert_eq!(
            id_for_package(&c, "@aws-sdk/client-s3/dist-cjs/index.js").as_deref(),
            Some("aws-s3")
        );
    }

    #[test]
    fn a_subpath_entry_wins_over_its_package() {
        let c = Catalogue::from_vendors(vec![
            Vendor {
                id: "firebase".into(),
                packages: vec!["firebase".into()],
                ..Vendor::default()
            },
            Vendor {
                id: "firebase-analytics".into(),
                packages: vec!["firebase/analytics".into()],
                ..Vendor::default()
            },
        ]);
        assert_eq!(
            id_for_package(&c, "firebase/analytics").as_deref(),
            Some("firebase-analytics")
        );
        assert_eq!(
            id_for_package(&c, "firebase/firestore").as_deref(),
            Some("firebase")
        );
    }

    #[test]
    fn unrelated_and_relative_imports_match_no_vendor() {
        let c = catalogue();
        for spec in [
            "axios",
            "./sentry",
            "../@sentry/node",
            "@sentry",
            "lodash/get",
            "node:http",
            "",
        ] {
            assert_eq!(id_for_package(&c, spec), None, "{spec}");
        }
        // A glob covers one segment: `@sentry/*` is not `@sentryx/node`.
        assert_eq!(id_for_package(&c, "@sentryx/node"), None);
    }

    #[test]
    fn hosts_resolve_by_exact_then_longest_wildcard() {
        let c = catalogue();
        assert_eq!(
            id_for_host(&c, "o123.ingest.sentry.io").as_deref(),
            Some("sentry")
        );
        assert_eq!(
            id_for_host(&c, "O123.Ingest.Sentry.IO").as_deref(),
            Some("sentry")
        );
        assert_eq!(id_for_host(&c, "sentry.io").as_deref(), Some("sentry"));
        assert_eq!(id_for_host(&c, "sentry.io.:443").as_deref(), Some("sentry"));
        assert_eq!(id_for_host(&c, "evil-sentry.io"), None);
        assert_eq!(id_for_host(&c, "sentry.io.evil.com"), None);
        assert_eq!(
            id_for_host(&c, "bucket.s3.eu-west-1.amazonaws.com").as_deref(),
            Some("aws-s3")
        );
        assert_eq!(
            id_for_host(&c, "s3.amazonaws.com").as_deref(),
            Some("aws-s3")
        );
        assert_eq!(
            id_for_host(&c, "dynamodb.us-east-1.amazonaws.com").as_deref(),
            Some("aws-dynamodb")
        );
        assert_eq!(
            id_for_host(&c, "us-central1-aiplatform.googleapis.com").as_deref(),
            Some("google-gemini")
        );
        assert_eq!(
            id_for_host(&c, "www.google-analytics.com").as_deref(),
            Some("google-analytics")
        );
        assert_eq!(id_for_host(&c, "example.com"), None);
        assert_eq!(id_for_host(&c, ""), None);
    }

    #[test]
    fn a_bare_domain_matches_only_when_listed() {
        let c = Catalogue::from_vendors(vec![Vendor {
            id: "acme".into(),
            hosts: vec!["*.acme.io".into()],
            ..Vendor::default()
        }]);
        assert_eq!(id_for_host(&c, "a.b.acme.io").as_deref(), Some("acme"));
        assert_eq!(id_for_host(&c, "acme.io"), None);
    }

    #[test]
    fn the_most_specific_host_pattern_wins() {
        let c = Catalogue::from_vendors(vec![
            Vendor {
                id: "broad".into(),
                hosts: vec!["*.example.com".into()],
                ..Vendor::default()
            },
            Vendor {
                id: "narrow".into(),
                hosts: vec!["*.ingest.example.com".into(), "api.example.com".into()],
                ..Vendor::default()
            },
        ]);
        assert_eq!(
            id_for_host(&c, "x.ingest.example.com").as_deref(),
            Some("narrow")
        );
        assert_eq!(
            id_for_host(&c, "api.example.com").as_deref(),
            Some("narrow")
        );
        assert_eq!(id_for_host(&c, "www.example.com").as_deref(), Some("broad"));
    }

    #[test]
    fn crates_match_in_cargo_and_code_spelling() {
        let c = catalogue();
        let id = |k: &str| c.vendor_for_crate(k).map(|v| v.id.clone());
        assert_eq!(id("aws-sdk-s3").as_deref(), Some("aws-s3"));
        assert_eq!(id("aws_sdk_s3::Client").as_deref(), Some("aws-s3"));
        assert_eq!(id("sentry").as_deref(), Some("sentry"));
        assert_eq!(id("sentry_tracing").as_deref(), Some("sentry"));
        assert_eq!(id("async-openai").as_deref(), Some("openai"));
        assert_eq!(id("serde"), None);
    }

    #[test]
    fn globals_and_markers_are_indexed() {
        let c = catalogue();
        assert_eq!(
            c.vendor_for_global("gtag").map(|v| v.id.as_str()),
            Some("google-analytics")
        );
        assert_eq!(
            c.vendor_for_global("dataLayer").map(|v| v.id.as_str()),
            Some("google-tag-manager")
        );
        assert_eq!(
            c.vendor_for_global("_hsq").map(|v| v.id.as_str()),
            Some("hubspot")
        );
        assert_eq!(c.vendor_for_global("window"), None);
        assert!(
            c.markers()
                .iter()
                .any(|(m, v)| *m == "Sentry.init(" && v.id == "sentry")
        );
    }

    #[test]
    fn organisation_names_designate_all_their_vendors() {
        let c = catalogue();
        let ids = |name: &str| -> Vec<String> {
            c.vendors_named(name).iter().map(|v| v.id.clone()).collect()
        };
        for name in ["AWS", "Amazon Web Services", "amazon web services"] {
            let aws = ids(name);
            for id in ["aws-s3", "aws-dynamodb", "aws-ses", "aws-bedrock"] {
                assert!(
                    aws.iter().any(|a| a == id),
                    "{name} should cover {id}: {aws:?}"
                );
            }
        }
        assert_eq!(ids("Amazon S3"), ["aws-s3"]);
        assert_eq!(ids("Simple Storage Service"), ["aws-s3"]);
        assert_eq!(ids("GA4"), ["google-analytics"]);
        assert!(ids("No Such Vendor").is_empty());
        assert!(ids("(self-hosted or any provider)").is_empty());
    }

    #[test]
    fn an_organisation_named_after_one_product_designates_that_product() {
        let c = catalogue();
        let ids = |name: &str| -> Vec<String> {
            c.vendors_named(name).iter().map(|v| v.id.clone()).collect()
        };
        // SendGrid and Segment belong to Twilio Inc. too, but a statement naming
        // "Twilio Inc." for SMS has not disclosed them.
        assert_eq!(ids("Twilio Inc."), ["twilio"]);
        assert_eq!(ids("Twilio"), ["twilio"]);
        assert_eq!(strip_legal_form("Acme Pty Ltd"), "Acme");
        assert_eq!(
            strip_legal_form("Functional Software, Inc."),
            "Functional Software"
        );
    }

    const USER_FILE: &str = "\
vendors:
  - id: sentry
    name: Self-hosted Sentry
    organisation: Acme Corp
    categories: [error-tracking]
    hosts: [sentry.acme.internal]
  - id: acme-metrics
    name: Acme Metrics
    organisation: Acme Corp
    categories: [analytics]
    packages: [\"@acme/metrics-*\"]
    hosts: [\"*.metrics.acme.com\", \"metrics.{aws-region}.acme.com\"]
";

    #[test]
    fn user_additions_replace_existing_ids_and_add_new_ones() {
        let mut c = catalogue();
        let before = c.vendors().len();
        c.load_additions("my-rules.yml", USER_FILE).unwrap();
        assert_eq!(c.vendors().len(), before + 1);
        let sentry = c.by_id("sentry").unwrap();
        assert_eq!(sentry.name, "Self-hosted Sentry");
        // The replaced vendor no longer claims the embedded entry's hosts/packages.
        assert_eq!(id_for_host(&c, "o1.ingest.sentry.io"), None);
        assert_eq!(id_for_package(&c, "@sentry/node"), None);
        assert_eq!(
            id_for_host(&c, "sentry.acme.internal").as_deref(),
            Some("sentry")
        );
        assert_eq!(
            id_for_host(&c, "x.metrics.acme.com").as_deref(),
            Some("acme-metrics")
        );
        assert_eq!(
            id_for_host(&c, "metrics.eu-west-1.acme.com").as_deref(),
            Some("acme-metrics")
        );
        assert_eq!(
            id_for_package(&c, "@acme/metrics-node").as_deref(),
            Some("acme-metrics")
        );
        // Unrelated embedded vendors are untouched.
        assert_eq!(
            id_for_host(&c, "api.mixpanel.com").as_deref(),
            Some("mixpanel")
        );
    }

    #[test]
    fn a_user_vendor_wins_a_host_an_embedded_vendor_claims() {
        let mut c = catalogue();
        let yaml = "vendors:\n  - id: my-proxy\n    name: Proxy\n    organisation: Me\n    categories: [analytics]\n    hosts: [api.mixpanel.com]\n";
        c.load_additions("proxy.yml", yaml).unwrap();
        assert_eq!(
            id_for_host(&c, "api.mixpanel.com").as_deref(),
            Some("my-proxy")
        );
        assert_eq!(
            id_for_host(&c, "api-eu.mixpanel.com").as_deref(),
            Some("mixpanel")
        );
    }

    fn load_error(yaml: &str) -> String {
        let mut c = catalogue();
        let before = c.vendors().len();
        let err = c.load_additions("rules/extra.yml", yaml).unwrap_err();
        assert_eq!(
            c.vendors().len(),
            before,
            "a failed load must not change the catalogue"
        );
        format!("{err:#}")
    }

    #[test]
    fn malformed_yaml_is_an_error_naming_file_and_line() {
        let err = load_error("vendors:\n  - id: x\n    name: [unclosed\n");
        assert!(err.starts_with("rules/extra.yml:"), "{err}");
        assert!(err.contains(":3:") || err.contains(":4:"), "{err}");
    }

    #[test]
    fn unknown_keys_are_rejected_with_file_and_line() {
        let yaml = "vendors:\n  - id: x\n    name: X\n    organisation: X\n    categories: [ai]\n    homepage: https://x.example\n";
        let err = load_error(yaml);
        assert!(err.starts_with("rules/extra.yml:6:"), "{err}");
        assert!(err.contains("homepage"), "{err}");
        assert!(!err.contains("at line"), "position given twice: {err}");
        let err = load_error("vendor:\n  - id: x\n");
        assert!(err.starts_with("rules/extra.yml:1:"), "{err}");
    }

    #[test]
    fn unknown_categories_are_rejected_with_file_and_line() {
        let yaml = "vendors:\n  - id: x\n    name: X\n    organisation: X\n    categories:\n      - ai\n      - telemetry\n";
        let err = load_error(yaml);
        assert!(err.starts_with("rules/extra.yml:7:"), "{err}");
        assert!(err.contains("unknown category `telemetry`"), "{err}");
    }

    #[test]
    fn invalid_patterns_are_rejected_with_file_and_line() {
        let base = "vendors:\n  - id: x\n    name: X\n    organisation: X\n    categories: [ai]\n";
        for (extra, expect) in [
            ("    hosts: [\"api.*.example.com\"]\n", "`*`"),
            (
                "    hosts: [\"https://x.example.com\"]\n",
                "lower-case labels",
            ),
            ("    hosts: [\"Example.com\"]\n", "lower-case labels"),
            ("    hosts: [localhost]\n", "must contain a dot"),
            (
                "    hosts: [\"s3.{no-such-set}.example.com\"]\n",
                "unknown host set",
            ),
            ("    packages: [\"@sentry/*/x\"]\n", "npm name"),
            ("    crates: [\"Sentry\"]\n", "crate name"),
            ("    globals: [\"window.ga\"]\n", "JavaScript identifier"),
        ] {
            let err = load_error(&format!("{base}{extra}"));
            assert!(err.starts_with("rules/extra.yml:6:"), "{extra}: {err}");
            assert!(err.contains(expect), "{extra}: {err}");
        }
        let err = load_error(
            "vendors:\n  - id: Not_Kebab\n    name: X\n    organisation: X\n    categories: [ai]\n",
        );
        assert!(err.starts_with("rules/extra.yml:2:"), "{err}");
    }

    #[test]
    fn duplicate_ids_in_one_user_file_are_rejected() {
        let v = "  - id: x\n    name: X\n    organisation: X\n    categories: [ai]\n";
        let err = load_error(&format!("vendors:\n{v}{v}"));
        assert!(err.starts_with("rules/extra.yml:6:"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }
}
