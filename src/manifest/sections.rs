//! Reads the data-flow sections of a manifest tree into the typed model
//! (forge-facts.md section 1). Unknown keys are ignored; a section we read
//! with the wrong shape is a [`Problem`] at the offending node.

use crate::model::Location;

use super::model::{
    App, AuthProvider, Connect, Egress, EgressList, EgressTarget, Located, Manifest, Module,
    Remote, Resource,
};
use super::yaml::{Node, Problem, Value};

type Read<T> = Result<T, Problem>;

/// The `permissions.external` lists, by their key.
const EGRESS_LISTS: [(&str, EgressList); 7] = [
    ("fonts", EgressList::Fonts),
    ("frames", EgressList::Frames),
    ("navigation", EgressList::Navigation),
    ("images", EgressList::Images),
    ("media", EgressList::Media),
    ("scripts", EgressList::Scripts),
    ("styles", EgressList::Styles),
];

/// Reads every section of an app manifest whose top level is `root` (a mapping
/// with an `app` key). `text` is the source, `path` goes into locations.
pub(super) fn read_manifest(root: &Node, text: &str, path: &str) -> Read<Manifest> {
    let reader = Reader { text, path };
    let mut manifest = Manifest {
        path: path.to_string(),
        ..Manifest::default()
    };
    if let Some(app) = root.get_present("app") {
        manifest.app = reader.app(app)?;
    }
    if let Some(permissions) = root.get_present("permissions") {
        reader.permissions(permissions, &mut manifest)?;
    }
    if let Some(remotes) = root.get_present("remotes") {
        manifest.remotes = reader.remotes(remotes)?;
    }
    if let Some(providers) = root.get_present("providers") {
        manifest.auth_providers = reader.auth_providers(providers)?;
    }
    if let Some(modules) = root.get_present("modules") {
        manifest.modules = reader.modules(modules)?;
    }
    if let Some(resources) = root.get_present("resources") {
        manifest.resources = reader.resources(resources)?;
    }
    if let Some(connect_modules) = root.get_present("connectModules") {
        manifest.connect_modules = reader.connect_modules(connect_modules)?;
    }
    manifest.unresolved_variables = reader.unresolved_variables(root);
    Ok(manifest)
}

/// The source text and path, for locations and for exact scalar spellings.
struct Reader<'a> {
    text: &'a str,
    path: &'a str,
}

impl Reader<'_> {
    fn location(&self, node: &Node) -> Location {
        let column = self.utf16_column(node).unwrap_or(node.column);
        Location::new(self.path, node.line, Some(column))
    }

    /// The parser counts columns in characters; locations count UTF-16 code
    /// units (SARIF's default), which differ after an astral character such as
    /// an emoji earlier on the line.
    fn utf16_column(&self, node: &Node) -> Option<u32> {
        let (start, _) = node.bytes?;
        let before = self.text.get(..start)?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let units: usize = before[line_start..].chars().map(char::len_utf16).sum();
        u32::try_from(units + 1).ok()
    }

    fn located(&self, node: &Node, value: String) -> Located<String> {
        Located {
            value,
            location: self.location(node),
        }
    }

    // ---- app -------------------------------------------------------------

    fn app(&self, app: &Node) -> Read<App> {
        mapping(app, "app")?;
        let id = match app.get_present("id") {
            Some(id) => Some(self.located(id, self.text_of(id, "app.id")?)),
            None => None,
        };
        let runtime = match app.get_present("runtime") {
            Some(runtime) => self.runtime_name(runtime)?,
            None => None,
        };
        let connect = match app.get_present("connect") {
            Some(connect) => Some(self.connect(connect)?),
            None => None,
        };
        let storage_entities = match app
            .get_present("storage")
            .and_then(|s| s.get_present("entities"))
        {
            Some(entities) => self.entity_names(entities)?,
            None => Vec::new(),
        };
        Ok(App {
            id,
            runtime,
            connect,
            storage_entities,
        })
    }

    /// `app.storage.entities[].name`; entries without a name are the schema
    /// validator's business, not a reason to refuse the manifest.
    fn entity_names(&self, entities: &Node) -> Read<Vec<Located<String>>> {
        let mut names = Vec::new();
        for entity in list_items(entities, "app.storage.entities")? {
            if let Some(name) = self.loose_text(entity.get_present("name")) {
                names.push(self.located(entity, name));
            }
        }
        Ok(names)
    }

    fn runtime_name(&self, runtime: &Node) -> Read<Option<Located<String>>> {
        mapping(runtime, "app.runtime")?;
        match runtime.get_present("name") {
            Some(name) => Ok(Some(
                self.located(name, self.text_of(name, "app.runtime.name")?),
            )),
            None => Ok(None),
        }
    }

    fn connect(&self, connect: &Node) -> Read<Connect> {
        mapping(connect, "app.connect")?;
        Ok(Connect {
            key: self.required_text(connect, "key", "app.connect")?,
            remote: self.optional_text(connect, "remote", "app.connect")?,
            location: self.location(connect),
        })
    }

    // ---- permissions -----------------------------------------------------

    fn permissions(&self, permissions: &Node, manifest: &mut Manifest) -> Read<()> {
        mapping(permissions, "permissions")?;
        if let Some(scopes) = permissions.get_present("scopes") {
            manifest.scopes = self.scopes(scopes)?;
        }
        if let Some(external) = permissions.get_present("external") {
            self.external(external, manifest)?;
        }
        Ok(())
    }

    /// `scopes` is a list, or a map `{scope: {allowImpersonation: true}}`.
    fn scopes(&self, scopes: &Node) -> Read<Vec<Located<String>>> {
        let entries: Vec<&Node> = match &scopes.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Map(entries) => entries.iter().map(|(key, _)| key).collect(),
            other => {
                return Err(problem(
                    scopes,
                    format!(
                        "permissions.scopes must be a list or a map of scopes, found {}",
                        other.describe()
                    ),
                ));
            }
        };
        entries
            .into_iter()
            .map(|scope| Ok(self.located(scope, self.text_of(scope, "each scope")?)))
            .collect()
    }

    /// Walks `external` in file order so `manifest.egress` is in file order too.
    fn external(&self, external: &Node, manifest: &mut Manifest) -> Read<()> {
        for (key, value) in map_entries(external, "permissions.external")? {
            let Value::Str(name) = &key.value else {
                continue;
            };
            if value.value == Value::Null {
                continue;
            }
            if name == "fetch" {
                self.fetch(value, &mut manifest.egress)?;
            } else if name == "configurable" {
                manifest.configurable_egress = self.configurable(value)?;
            } else if let Some((_, list)) = EGRESS_LISTS.iter().find(|(n, _)| n == name) {
                self.egress_list(value, *list, &mut manifest.egress)?;
            }
        }
        Ok(())
    }

    fn fetch(&self, fetch: &Node, out: &mut Vec<Egress>) -> Read<()> {
        for (key, value) in map_entries(fetch, "permissions.external.fetch")? {
            let list = match &key.value {
                Value::Str(s) if s == "backend" => EgressList::FetchBackend,
                Value::Str(s) if s == "client" => EgressList::FetchClient,
                _ => continue,
            };
            self.egress_list(value, list, out)?;
        }
        Ok(())
    }

    fn configurable(&self, configurable: &Node) -> Read<Option<Location>> {
        let what = "permissions.external.configurable";
        mapping(configurable, what)?;
        let Some((key, enabled)) = configurable.entry("enabled") else {
            return Ok(None);
        };
        match enabled.value {
            Value::Bool(true) => Ok(Some(self.location(key))),
            Value::Bool(false) | Value::Null => Ok(None),
            ref other => Err(problem(
                enabled,
                format!(
                    "{what}.enabled must be true or false, found {}",
                    other.describe()
                ),
            )),
        }
    }

    fn egress_list(&self, list: &Node, kind: EgressList, out: &mut Vec<Egress>) -> Read<()> {
        let what = format!("permissions.external.{}", kind.as_str());
        let items = match &list.value {
            Value::Seq(items) => items,
            Value::Null => return Ok(()),
            other => {
                return Err(problem(
                    list,
                    format!(
                        "{what} must be a list of egress entries, found {}",
                        other.describe()
                    ),
                ));
            }
        };
        for (index, item) in items.iter().enumerate() {
            out.push(self.egress_entry(item, kind, &format!("{what}[{index}]"))?);
        }
        Ok(())
    }

    /// A string (deprecated form), `{address, category, inScopeEUD}` or `{remote}`.
    fn egress_entry(&self, item: &Node, list: EgressList, what: &str) -> Read<Egress> {
        let location = self.location(item);
        if let Value::Str(address) = &item.value {
            return Ok(Egress {
                list,
                target: EgressTarget::Address(address.clone()),
                category: None,
                in_scope_eud: None,
                string_form: true,
                location,
            });
        }
        if !matches!(item.value, Value::Map(_)) {
            return Err(problem(
                item,
                format!(
                    "{what} must be an address or a mapping with `address` or `remote`, found {}",
                    item.value.describe()
                ),
            ));
        }
        let target = if let Some(address) = item.get_present("address") {
            EgressTarget::Address(self.text_of(address, &format!("{what}.address"))?)
        } else if let Some(remote) = item.get_present("remote") {
            EgressTarget::Remote(self.text_of(remote, &format!("{what}.remote"))?)
        } else {
            return Err(problem(
                item,
                format!("{what} needs an `address` (or a `remote` key)"),
            ));
        };
        Ok(Egress {
            list,
            target,
            category: self.optional_text(item, "category", what)?,
            in_scope_eud: optional_bool(item, "inScopeEUD", what)?,
            string_form: false,
            location,
        })
    }

    // ---- remotes, providers, resources, connectModules --------------------

    fn remotes(&self, remotes: &Node) -> Read<Vec<Remote>> {
        list_items(remotes, "remotes")?
            .iter()
            .enumerate()
            .map(|(index, remote)| self.remote(remote, &format!("remotes[{index}]")))
            .collect()
    }

    fn remote(&self, remote: &Node, what: &str) -> Read<Remote> {
        mapping(remote, what)?;
        let base_urls = match remote.get_present("baseUrl") {
            Some(base_url) => self.base_urls(base_url, &format!("{what}.baseUrl"))?,
            None => Vec::new(),
        };
        let operations = match remote.get_present("operations") {
            Some(ops) => {
                let what = format!("{what}.operations");
                list_items(ops, &what)?
                    .iter()
                    .map(|op| self.text_of(op, &what))
                    .collect::<Read<Vec<_>>>()?
            }
            None => Vec::new(),
        };
        let storage_in_scope_eud = match remote.get_present("storage") {
            Some(storage) => {
                let what = format!("{what}.storage");
                mapping(storage, &what)?;
                optional_bool(storage, "inScopeEUD", &what)?
            }
            None => None,
        };
        Ok(Remote {
            key: self.required_text(remote, "key", what)?,
            base_urls,
            operations,
            storage_in_scope_eud,
            location: self.location(remote),
        })
    }

    /// A plain URL is `("default", url)`; a region map keeps its file order.
    fn base_urls(&self, base_url: &Node, what: &str) -> Read<Vec<(String, String)>> {
        match &base_url.value {
            Value::Str(url) => Ok(vec![("default".to_string(), url.clone())]),
            Value::Map(entries) => entries
                .iter()
                .map(|(region, url)| {
                    Ok((
                        self.text_of(region, what)?,
                        self.text_of(url, &format!("{what} URL"))?,
                    ))
                })
                .collect(),
            other => Err(problem(
                base_url,
                format!(
                    "{what} must be a URL or a map of region to URL, found {}",
                    other.describe()
                ),
            )),
        }
    }

    fn auth_providers(&self, providers: &Node) -> Read<Vec<AuthProvider>> {
        mapping(providers, "providers")?;
        let Some(auth) = providers.get_present("auth") else {
            return Ok(Vec::new());
        };
        list_items(auth, "providers.auth")?
            .iter()
            .enumerate()
            .map(|(index, provider)| {
                let what = format!("providers.auth[{index}]");
                mapping(provider, &what)?;
                Ok(AuthProvider {
                    key: self.required_text(provider, "key", &what)?,
                    name: self.optional_text(provider, "name", &what)?,
                    integration: self.optional_text(provider, "integration", &what)?,
                    location: self.location(provider),
                })
            })
            .collect()
    }

    fn resources(&self, resources: &Node) -> Read<Vec<Resource>> {
        list_items(resources, "resources")?
            .iter()
            .enumerate()
            .map(|(index, resource)| {
                let what = format!("resources[{index}]");
                mapping(resource, &what)?;
                Ok(Resource {
                    key: self.required_text(resource, "key", &what)?,
                    path: self.required_text(resource, "path", &what)?,
                    location: self.location(resource),
                })
            })
            .collect()
    }

    fn connect_modules(&self, connect_modules: &Node) -> Read<Vec<Located<String>>> {
        map_entries(connect_modules, "connectModules")?
            .iter()
            .map(|(key, _)| {
                Ok(self.located(
                    key,
                    self.text_of(key, "each module type under `connectModules`")?,
                ))
            })
            .collect()
    }

    // ---- modules ---------------------------------------------------------

    /// Every module of every type, known or not, in file order.
    fn modules(&self, modules: &Node) -> Read<Vec<Module>> {
        let mut out = Vec::new();
        for (type_key, list) in map_entries(modules, "modules")? {
            let module_type = self.text_of(type_key, "each module type under `modules`")?;
            let what = format!("modules.{module_type}");
            let items = match &list.value {
                Value::Seq(items) => items,
                Value::Null => continue,
                other => {
                    return Err(problem(
                        list,
                        format!(
                            "{what} must be a list of modules, found {}",
                            other.describe()
                        ),
                    ));
                }
            };
            for (index, item) in items.iter().enumerate() {
                out.push(self.module(&module_type, item, &format!("{what}[{index}]"))?);
            }
        }
        Ok(out)
    }

    /// Reads a module of any type. Only `key` is required: the other fields
    /// vary across module types, so a field of an unexpected shape is skipped
    /// rather than rejecting a manifest Forge itself accepts.
    fn module(&self, module_type: &str, item: &Node, what: &str) -> Read<Module> {
        mapping(item, what)?;
        let remote = self.loose_text(item.get("remote"));
        let service = self.loose_text(item.get("service"));
        let endpoint = if module_type == "endpoint" {
            remote.clone().or_else(|| service.clone())
        } else {
            self.loose_text(item.get("endpoint"))
        };
        Ok(Module {
            module_type: module_type.to_string(),
            key: self.required_text(item, "key", what)?,
            handler: self.loose_text(item.get("handler")),
            function: self.loose_text(item.get("function")),
            resolver: self.resolver(item.get("resolver")),
            endpoint,
            remote,
            service,
            resource: self.loose_text(item.get("resource")),
            render: self.loose_text(item.get("render")),
            webtrigger_response: self.loose_text(item.get("response").and_then(|r| r.get("type"))),
            webtrigger_authentication: self.authentication(item),
            dare_compliant: match item.get("dareCompliant").map(|n| &n.value) {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            },
            events: self.events(item.get("events")),
            location: self.location(item),
        })
    }

    /// `events: [..]` of a trigger; entries that are not scalars are skipped.
    fn events(&self, events: Option<&Node>) -> Vec<String> {
        match events.map(|e| &e.value) {
            Some(Value::Seq(items)) => items
                .iter()
                .filter_map(|item| self.loose_text(Some(item)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `resolver: {function: key}` or `{endpoint: key}`.
    fn resolver(&self, resolver: Option<&Node>) -> Option<String> {
        let resolver = resolver?;
        self.loose_text(resolver.get("function"))
            .or_else(|| self.loose_text(resolver.get("endpoint")))
            .or_else(|| self.loose_text(Some(resolver)))
    }

    /// `request.authentication` is a type name or `{type: ...}`.
    fn authentication(&self, module: &Node) -> Option<String> {
        let authentication = module.get("request")?.get("authentication")?;
        match &authentication.value {
            Value::Map(_) => self.loose_text(authentication.get("type")),
            _ => self.loose_text(Some(authentication)),
        }
    }

    // ---- variables -------------------------------------------------------

    /// Every `${NAME}` in any string value, in file order.
    fn unresolved_variables(&self, root: &Node) -> Vec<Located<String>> {
        let mut out = Vec::new();
        self.collect_variables(root, &mut out);
        out
    }

    fn collect_variables(&self, node: &Node, out: &mut Vec<Located<String>>) {
        match &node.value {
            Value::Str(text) => out.extend(
                variable_names(text)
                    .into_iter()
                    .map(|name| self.located(node, name.to_string())),
            ),
            Value::Seq(items) => items.iter().for_each(|n| self.collect_variables(n, out)),
            Value::Map(entries) => entries
                .iter()
                .for_each(|(_, value)| self.collect_variables(value, out)),
            _ => {}
        }
    }

    // ---- scalars ---------------------------------------------------------

    /// A scalar as the text the author wrote (numbers and booleans keep their
    /// spelling: `key: 1.10` is "1.10").
    fn text_of(&self, node: &Node, what: &str) -> Read<String> {
        match &node.value {
            Value::Str(s) => Ok(s.clone()),
            Value::Number(n) => Ok(self.spelling(node).unwrap_or(n).to_string()),
            Value::Bool(b) => Ok(self
                .spelling(node)
                .map_or_else(|| b.to_string(), str::to_string)),
            other => Err(problem(
                node,
                format!("{what} must be a string, found {}", other.describe()),
            )),
        }
    }

    fn spelling(&self, node: &Node) -> Option<&str> {
        let (start, end) = node.bytes?;
        self.text.get(start..end).filter(|s| !s.is_empty())
    }

    /// Text of a scalar, `None` for absent, empty or non-scalar values.
    fn loose_text(&self, node: Option<&Node>) -> Option<String> {
        let node = node?;
        match node.value {
            Value::Str(_) | Value::Number(_) | Value::Bool(_) => self.text_of(node, "").ok(),
            _ => None,
        }
    }

    fn required_text(&self, parent: &Node, key: &str, what: &str) -> Read<String> {
        match parent.get_present(key) {
            Some(value) => self.text_of(value, &format!("{what}.{key}")),
            None => Err(problem(parent, format!("{what} needs a `{key}`"))),
        }
    }

    fn optional_text(&self, parent: &Node, key: &str, what: &str) -> Read<Option<String>> {
        parent
            .get_present(key)
            .map(|value| self.text_of(value, &format!("{what}.{key}")))
            .transpose()
    }
}

fn problem(node: &Node, message: String) -> Problem {
    Problem {
        line: node.line,
        column: node.column,
        message,
    }
}

fn mapping(node: &Node, what: &str) -> Read<()> {
    match node.value {
        Value::Map(_) => Ok(()),
        ref other => Err(problem(
            node,
            format!("{what} must be a mapping, found {}", other.describe()),
        )),
    }
}

fn map_entries<'n>(node: &'n Node, what: &str) -> Read<&'n [(Node, Node)]> {
    match &node.value {
        Value::Map(entries) => Ok(entries),
        Value::Null => Ok(&[]),
        other => Err(problem(
            node,
            format!("{what} must be a mapping, found {}", other.describe()),
        )),
    }
}

fn list_items<'n>(node: &'n Node, what: &str) -> Read<&'n [Node]> {
    match &node.value {
        Value::Seq(items) => Ok(items),
        Value::Null => Ok(&[]),
        other => Err(problem(
            node,
            format!("{what} must be a list, found {}", other.describe()),
        )),
    }
}

fn optional_bool(parent: &Node, key: &str, what: &str) -> Read<Option<bool>> {
    match parent.get_present(key).map(|n| (n, &n.value)) {
        None => Ok(None),
        Some((_, Value::Bool(b))) => Ok(Some(*b)),
        Some((node, other)) => Err(problem(
            node,
            format!(
                "{what}.{key} must be true or false, found {}",
                other.describe()
            ),
        )),
    }
}

/// Names in `${NAME}` references (NAME: letters, digits, `_`, not starting
/// with a digit), which Forge substitutes at deploy time.
fn variable_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) if is_variable_name(&after[..end]) => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names_finds_each_reference_and_skips_malformed_ones() {
        assert_eq!(
            variable_names("https://${HOST}:${PORT}/x"),
            vec!["HOST", "PORT"]
        );
        assert_eq!(variable_names("${}${1X}${ OK}$NAME ${_ok9}"), vec!["_ok9"]);
        assert_eq!(variable_names("${UNCLOSED"), Vec::<&str>::new());
        assert_eq!(variable_names("${A${B}"), vec!["B"]);
    }

    #[test]
    fn trigger_events_are_read_in_order_and_odd_entries_skipped() {
        let text = "app:\n  id: x\nmodules:\n  trigger:\n    - key: t\n      function: f\n      events:\n        - avi:jira:created:issue\n        - {odd: entry}\n        - avi:jira:updated:issue\n    - key: u\n      function: f\n      events: avi:jira:deleted:issue\n";
        let manifest = crate::manifest::parse(text, "manifest.yml").unwrap();
        assert_eq!(
            manifest.modules[0].events,
            vec!["avi:jira:created:issue", "avi:jira:updated:issue"]
        );
        // not a list: Forge's schema rejects it; nothing is assumed
        assert!(manifest.modules[1].events.is_empty());
    }
}
