//! The app-wide module graph. Each parsed script says what its top-level
//! declarations do and what it calls in other modules (`js::summary`); here
//! those calls are resolved across files, through re-exports, default and
//! CommonJS exports, class instances and wrappers of wrappers, to a fixed
//! point. A call to a wrapper becomes an observation at the call site with a
//! trace: each hop from the call to the network call, SDK use or storage it
//! leads to.

mod resolve;

use std::collections::{BTreeMap, HashMap};

use crate::model::{Channel, Fact, KnownUrl, Location, Observation, ObservationKind, Side};
use crate::rulesets::Catalogue;

use super::js::summary::{ExportTarget, Held, Instance, ModuleSummary, Owner, Pos, TopBinding};
use super::js::{CALL, HTTP_METHODS};

use resolve::Files;

/// Re-export chains longer than this are given up on (and cycles end).
const MAX_REEXPORTS: u32 = 16;

/// Observations at every call of a wrapper or client another module of the
/// app defines. `modules` are the parsed scripts with their sides;
/// `observations` what the scan found in them.
pub fn uses_across_modules(
    modules: &[(String, Side, ModuleSummary)],
    observations: &[Observation],
    catalogue: &Catalogue,
) -> Vec<Observation> {
    let graph = Graph::new(modules, observations);
    let mut builder = Builder {
        graph: &graph,
        nodes: Vec::new(),
        index: HashMap::new(),
        pending: Vec::new(),
    };
    // Every use site, resolved to the node it calls.
    let mut sites = Vec::new();
    for (file, (_, _, summary)) in modules.iter().enumerate() {
        for use_ in &summary.uses {
            if let Some((key, hops)) =
                graph.resolve_use(file, &use_.spec, &use_.path, use_.constructs)
            {
                let node = builder.node(key);
                sites.push((file, &use_.at, hops, node));
            }
        }
    }
    builder.build_pending();
    let sinks = builder.fixed_point();
    let mut out = Vec::new();
    for (file, at, hops, node) in sites {
        for (sink, trace) in &sinks[node] {
            let mut path: Vec<Location> = hops.clone();
            path.extend(trace.iter().cloned());
            if let Some(obs) = graph.observe(sink.clone(), file, at, path, catalogue) {
                out.push(obs);
            }
        }
    }
    out
}

/// A declaration, or one member of it, in one file.
type Key = (usize, usize, Option<String>);

/// What a node's code does that leaves the module: an observation made in
/// it, or a value another module calls through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Sink {
    Observed(usize),
    /// File, declaration, and the member called on it.
    Held(usize, usize, Option<String>),
}

struct Graph<'g> {
    modules: &'g [(String, Side, ModuleSummary)],
    observations: &'g [Observation],
    files: Files,
    /// Declaration index by name, per file.
    names: Vec<HashMap<&'g str, usize>>,
    /// Observations that can be a sink, per file.
    sinks_in: Vec<Vec<usize>>,
}

impl<'g> Graph<'g> {
    fn new(modules: &'g [(String, Side, ModuleSummary)], observations: &'g [Observation]) -> Self {
        let files = Files::new(modules.iter().map(|(path, _, _)| path.as_str()));
        let names = modules
            .iter()
            .map(|(_, _, s)| {
                s.bindings
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (b.name.as_str(), i))
                    .collect()
            })
            .collect();
        let by_path: HashMap<&str, usize> = modules
            .iter()
            .enumerate()
            .map(|(i, (p, _, _))| (p.as_str(), i))
            .collect();
        let mut sinks_in = vec![Vec::new(); modules.len()];
        for (i, obs) in observations.iter().enumerate() {
            if is_sink(obs)
                && let Some(&file) = by_path.get(obs.location.path.as_str())
            {
                sinks_in[file].push(i);
            }
        }
        Graph {
            modules,
            observations,
            files,
            names,
            sinks_in,
        }
    }

    fn summary(&self, file: usize) -> &'g ModuleSummary {
        &self.modules[file].2
    }

    fn binding(&self, file: usize, binding: usize) -> &'g TopBinding {
        &self.summary(file).bindings[binding]
    }

    /// The node a use of `spec` with member path `path` calls, and the
    /// re-exports it passes through.
    fn resolve_use(
        &self,
        file: usize,
        spec: &str,
        path: &[String],
        constructs: bool,
    ) -> Option<(Key, Vec<Location>)> {
        let target = self.files.resolve(&self.modules[file].0, spec)?;
        let (name, rest) = match path.split_first() {
            Some((name, rest)) if name != CALL => (name.as_str(), rest),
            _ => ("default", path),
        };
        let member = match rest.first() {
            Some(m) if m != CALL => Some(m.clone()),
            None if constructs => Some("constructor".to_string()),
            _ => None,
        };
        self.export_of(target, name, member, 0)
    }

    /// The node export `name` of `file` stands for, with `member` called on it.
    fn export_of(
        &self,
        file: usize,
        name: &str,
        member: Option<String>,
        depth: u32,
    ) -> Option<(Key, Vec<Location>)> {
        if depth > MAX_REEXPORTS {
            return None;
        }
        let exports = &self.summary(file).exports;
        let via = |at: &Location, found: Option<(Key, Vec<Location>)>| {
            found.map(|(key, mut hops)| {
                hops.insert(0, at.clone());
                (key, hops)
            })
        };
        for export in exports.iter().filter(|e| e.name == name) {
            let found = match &export.target {
                ExportTarget::Local { binding, member: m } => {
                    let &index = self.names[file].get(binding.as_str())?;
                    return Some(((file, index, m.clone().or(member)), Vec::new()));
                }
                ExportTarget::From {
                    spec,
                    name: Some(inner),
                } => self
                    .files
                    .resolve(&self.modules[file].0, spec)
                    .and_then(|t| self.export_of(t, inner, member.clone(), depth + 1)),
                // A re-exported namespace: the member is the name inside it.
                ExportTarget::From { spec, name: None } => {
                    let t = self.files.resolve(&self.modules[file].0, spec);
                    match (t, &member) {
                        (Some(t), Some(inner)) => self.export_of(t, inner, None, depth + 1),
                        _ => None,
                    }
                }
                ExportTarget::All { .. } => None,
            };
            if found.is_some() {
                return via(&export.at, found);
            }
        }
        for export in exports {
            if let ExportTarget::All { spec } = &export.target
                && let Some(t) = self.files.resolve(&self.modules[file].0, spec)
                && let found @ Some(_) = self.export_of(t, name, member.clone(), depth + 1)
            {
                return via(&export.at, found);
            }
        }
        // `import a from './a'; a.track()` and `module.exports = { track }`:
        // a member of the default export.
        if name != "default" && member.is_none() {
            return self.export_of(file, "default", Some(name.to_string()), depth + 1);
        }
        None
    }

    /// Whether observation `obs` lies in declaration `binding` (and in its
    /// member `member`, when the declaration has that member).
    fn within(&self, obs: &Observation, binding: &TopBinding, member: Option<&str>) -> bool {
        let at: Pos = (obs.location.line, obs.location.column.unwrap_or(1));
        let (start, end) = match member.and_then(|m| binding.members.iter().find(|x| x.name == m)) {
            Some(m) => (m.start, m.end),
            None => (binding.start, binding.end),
        };
        start <= at && at < end
    }

    /// The observation a sink gives at a use site `at` in `file`.
    fn observe(
        &self,
        sink: Sink,
        file: usize,
        at: &Location,
        mut trace: Vec<Location>,
        catalogue: &Catalogue,
    ) -> Option<Observation> {
        let side = self.modules[file].1;
        match sink {
            Sink::Observed(i) => {
                let found = &self.observations[i];
                trace.push(found.location.clone());
                trace.extend(found.trace.iter().cloned());
                let mut obs = found.clone();
                obs.location = at.clone();
                obs.side = side;
                obs.also_at.clear();
                obs.trace = trace;
                obs.use_site = true;
                Some(obs)
            }
            Sink::Held(f, b, member) => {
                let binding = self.binding(f, b);
                trace.push(binding.at.clone());
                match binding.value.as_ref()? {
                    Held::Sdk {
                        package,
                        vendor,
                        categories,
                        path,
                        import_at,
                    } => {
                        trace.extend(import_at.iter().cloned());
                        let called = match &member {
                            Some(m) if !path.is_empty() => format!("{path}.{m}"),
                            Some(m) => m.clone(),
                            None => path.clone(),
                        };
                        let detail = format!("{package}: {called}");
                        let mut obs =
                            Observation::new(ObservationKind::SdkCall, side, detail, at.clone());
                        obs.vendor = Some(vendor.clone());
                        obs.categories = categories.clone();
                        obs.trace = trace;
                        Some(obs)
                    }
                    Held::Client {
                        client,
                        host,
                        scheme,
                    } => {
                        let detail = match &member {
                            Some(m) if HTTP_METHODS.contains(&m.as_str()) => {
                                format!("{client}.{m}")
                            }
                            None => client.clone(),
                            Some(_) => return None,
                        };
                        let direct = trace.len() == 1;
                        let mut obs = Observation::new(
                            ObservationKind::NetworkCall,
                            side,
                            detail,
                            at.clone(),
                        );
                        if let Some(vendor) =
                            host.as_deref().and_then(|h| catalogue.vendor_for_host(h))
                        {
                            obs.vendor = Some(vendor.id.clone());
                            obs.categories = vendor.categories.clone();
                        }
                        obs.host = host.clone();
                        obs.scheme = scheme.clone();
                        obs.fact = match host {
                            Some(_) => Fact::Call(Channel::Request),
                            // A client without a known base: nothing of the
                            // URL is known.
                            None => Fact::Computed {
                                channel: Channel::Request,
                                known: KnownUrl::default(),
                            },
                        };
                        obs.trace = trace;
                        // The request is made here; through a wrapper it was
                        // already observed at the wrapper's own call.
                        obs.use_site = !direct;
                        Some(obs)
                    }
                }
            }
        }
    }
}

/// Observations a call into a module can lead to.
fn is_sink(obs: &Observation) -> bool {
    match obs.kind {
        ObservationKind::NetworkCall => {
            matches!(
                obs.channel(),
                Channel::Request | Channel::Navigation | Channel::Beacon(_)
            )
        }
        ObservationKind::SdkCall
        | ObservationKind::BrowserStorage
        | ObservationKind::ExternalAuth => true,
        ObservationKind::Remote => obs.fact == Fact::RemoteCall,
        _ => false,
    }
}

struct Node {
    key: Key,
    direct: Vec<Sink>,
    /// Nodes this one calls, each with the hops of the call.
    calls: Vec<(usize, Vec<Location>)>,
}

/// Creates nodes on demand and links each to what it calls.
struct Builder<'b, 'g> {
    graph: &'b Graph<'g>,
    nodes: Vec<Node>,
    index: HashMap<Key, usize>,
    /// Nodes created but not yet linked.
    pending: Vec<usize>,
}

impl Builder<'_, '_> {
    fn node(&mut self, key: Key) -> usize {
        if let Some(&n) = self.index.get(&key) {
            return n;
        }
        let n = self.nodes.len();
        self.nodes.push(Node {
            key: key.clone(),
            direct: Vec::new(),
            calls: Vec::new(),
        });
        self.index.insert(key, n);
        self.pending.push(n);
        n
    }

    /// Links every pending node, creating the nodes it calls, until none is left.
    fn build_pending(&mut self) {
        while let Some(n) = self.pending.pop() {
            let (file, b, member) = self.nodes[n].key.clone();
            let graph = self.graph;
            let binding = graph.binding(file, b);
            let has_member = |m: &str| binding.members.iter().any(|x| x.name == m);
            // A member the declaration does not have: the whole declaration
            // may run, except a constructor that was never written.
            let member = match member {
                Some(m) if has_member(&m) => Some(m),
                Some(m) if m == "constructor" && !binding.members.is_empty() => continue,
                _ => None,
            };
            // Calling a value that is no function runs none of the code that
            // made it; only its members' code runs.
            let runs = member.is_some() || binding.callable;
            let direct: Vec<Sink> = graph.sinks_in[file]
                .iter()
                .filter(|_| runs)
                .filter(|&&i| graph.within(&graph.observations[i], binding, member.as_deref()))
                .map(|&i| Sink::Observed(i))
                .chain(
                    binding
                        .value
                        .is_some()
                        .then(|| Sink::Held(file, b, self.nodes[n].key.2.clone())),
                )
                .collect();
            let summary = graph.summary(file);
            let runs_here = |owner: &Owner| {
                runs && owner.binding == binding.name
                    && (member.is_none() || owner.member.as_deref() == member.as_deref())
            };
            let mut calls = Vec::new();
            for call in summary.local_calls.iter().filter(|c| runs_here(&c.from)) {
                if let Some(&to) = graph.names[file].get(call.to.binding.as_str()) {
                    let target = self.node((file, to, call.to.member.clone()));
                    calls.push((target, vec![call.at.clone()]));
                }
            }
            for use_ in summary
                .uses
                .iter()
                .filter(|u| u.owner.as_ref().is_some_and(runs_here))
            {
                if let Some((key, mut hops)) =
                    graph.resolve_use(file, &use_.spec, &use_.path, use_.constructs)
                {
                    hops.insert(0, use_.at.clone());
                    calls.push((self.node(key), hops));
                }
            }
            // `const analytics = new Analytics()`: its members are the class's.
            let class = match &binding.instance_of {
                Some(Instance::Local(class)) => graph.names[file]
                    .get(class.as_str())
                    .map(|&c| ((file, c, member.clone()), Vec::new())),
                Some(Instance::Imported { spec, name }) => graph
                    .files
                    .resolve(&graph.modules[file].0, spec)
                    .and_then(|t| {
                        graph.export_of(t, name.as_deref().unwrap_or("default"), member.clone(), 0)
                    }),
                None => None,
            };
            if let Some((key, mut hops)) = class {
                hops.insert(0, binding.at.clone());
                calls.push((self.node(key), hops));
            }
            self.nodes[n].direct = direct;
            self.nodes[n].calls = calls;
        }
    }

    /// Every sink each node leads to, with the shortest trace there: a
    /// worklist over callers until nothing changes, so wrappers of wrappers
    /// resolve and cycles end.
    fn fixed_point(self) -> Vec<BTreeMap<Sink, Vec<Location>>> {
        let mut sinks: Vec<BTreeMap<Sink, Vec<Location>>> = self
            .nodes
            .iter()
            .map(|n| n.direct.iter().map(|s| (s.clone(), Vec::new())).collect())
            .collect();
        let mut callers: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.nodes.len()];
        for (n, node) in self.nodes.iter().enumerate() {
            for (c, (target, _)) in node.calls.iter().enumerate() {
                callers[*target].push((n, c));
            }
        }
        let mut work: Vec<usize> = (0..self.nodes.len()).collect();
        let mut queued = vec![true; self.nodes.len()];
        while let Some(n) = work.pop() {
            queued[n] = false;
            let reached: Vec<(Sink, Vec<Location>)> = sinks[n]
                .iter()
                .map(|(s, t)| (s.clone(), t.clone()))
                .collect();
            for &(caller, c) in &callers[n] {
                let hops = &self.nodes[caller].calls[c].1;
                let mut changed = false;
                for (sink, trace) in &reached {
                    let mut candidate = hops.clone();
                    candidate.extend(trace.iter().cloned());
                    let better = match sinks[caller].get(sink) {
                        Some(known) => (candidate.len(), &candidate) < (known.len(), known),
                        None => true,
                    };
                    if better {
                        sinks[caller].insert(sink.clone(), candidate);
                        changed = true;
                    }
                }
                if changed && !queued[caller] {
                    queued[caller] = true;
                    work.push(caller);
                }
            }
        }
        sinks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::js::{ScriptContext, scan_module};
    use proptest::prelude::*;

    fn catalogue() -> Catalogue {
        Catalogue::from_vendors(Vec::new())
    }

    /// Scans `files` (path, text) as one app and joins them through the graph.
    fn across(files: &[(String, String)]) -> (Vec<Observation>, Vec<Observation>) {
        let catalogue = catalogue();
        let mut modules = Vec::new();
        let mut observations = Vec::new();
        for (path, text) in files {
            if let Ok((found, summary)) =
                scan_module(path, text, Side::Backend, ScriptContext::new(&catalogue))
            {
                observations.extend(found);
                modules.push((path.clone(), Side::Backend, summary));
            }
        }
        let derived = uses_across_modules(&modules, &observations, &catalogue);
        (observations, derived)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any web of modules that import and call each other (cycles,
        /// self-imports, missing files) ends, and every trace ends at
        /// something the scan observed.
        #[test]
        fn any_call_graph_ends_and_every_trace_leads_to_an_observation(
            calls in proptest::collection::vec((0usize..6, 0usize..7), 0..20),
            fetches in proptest::collection::vec(any::<bool>(), 6),
        ) {
            let files: Vec<(String, String)> = (0..6)
                .map(|i| {
                    let mut text = String::new();
                    for (_, to) in calls.iter().filter(|(from, _)| *from == i) {
                        text.push_str(&format!("import {{ f{to} as g{to} }} from './m{to}';\n"));
                    }
                    text.push_str(&format!("export function f{i}() {{\n"));
                    if fetches[i] {
                        text.push_str("  fetch('https://api.example.com/x');\n");
                    }
                    for (_, to) in calls.iter().filter(|(from, _)| *from == i) {
                        text.push_str(&format!("  g{to}();\n"));
                    }
                    text.push_str("}\n");
                    (format!("src/m{i}.ts"), text)
                })
                .collect();
            let (observed, derived) = across(&files);
            for obs in &derived {
                let last = obs.trace.last().expect("a derived observation has a trace");
                prop_assert!(observed.iter().any(|o| &o.location == last), "{obs:?}");
                prop_assert!(obs.trace.len() <= 2 * files.len(), "{obs:?}");
            }
        }
    }

    #[test]
    fn a_call_of_a_module_that_makes_no_request_leads_nowhere() {
        let files = vec![
            (
                "src/a.ts".to_string(),
                "export function quiet() { return 1; }\n".to_string(),
            ),
            (
                "src/b.ts".to_string(),
                "import { quiet } from './a';\nexport const run = () => quiet();\n".to_string(),
            ),
        ];
        let (_, derived) = across(&files);
        assert!(derived.is_empty(), "{derived:?}");
    }
}
