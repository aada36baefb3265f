//! Writes a synthetic monorepo of Forge apps for benchmarks and determinism
//! tests: backend resolvers, Custom UI code, package.json, package-lock.json, a
//! minified bundle, manifest.yml and PRIVACY.md per app.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --apps 20 --out /tmp/corpus
//! cargo run --release --example gen_corpus -- --lines 1000000 --out /tmp/corpus
//! ```
//!
//! The same arguments always give the same bytes (a seeded xorshift, no clock,
//! no hash-map order). `--lines N` adds apps until the JS/TS source (bundles not
//! counted) reaches N lines. The summary on stdout is one `key=value` per line.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// xorshift64*: tiny, fast and good enough to vary generated code.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Zero is a fixed point of xorshift; mix the seed so 0 works too.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A third-party service an app may call: package, host, statement noun.
struct Service {
    package: &'static str,
    import: &'static str,
    host: &'static str,
    side_frontend: bool,
    category: &'static str,
}

const SERVICES: &[Service] = &[
    Service {
        package: "@sentry/node",
        import: "import * as Sentry from '@sentry/node';",
        host: "o450123.ingest.sentry.io",
        side_frontend: false,
        category: "error tracking",
    },
    Service {
        package: "mixpanel-browser",
        import: "import mixpanel from 'mixpanel-browser';",
        host: "api-js.mixpanel.com",
        side_frontend: true,
        category: "analytics",
    },
    Service {
        package: "openai",
        import: "import OpenAI from 'openai';",
        host: "api.openai.com",
        side_frontend: false,
        category: "AI",
    },
    Service {
        package: "@slack/web-api",
        import: "import { WebClient } from '@slack/web-api';",
        host: "hooks.slack.com",
        side_frontend: false,
        category: "messaging",
    },
    Service {
        package: "airtable",
        import: "import Airtable from 'airtable';",
        host: "api.airtable.com",
        side_frontend: false,
        category: "database",
    },
    Service {
        package: "@amplitude/analytics-browser",
        import: "import * as amplitude from '@amplitude/analytics-browser';",
        host: "api2.amplitude.com",
        side_frontend: true,
        category: "analytics",
    },
];

const NOUNS: &[&str] = &[
    "issue",
    "project",
    "sprint",
    "board",
    "comment",
    "worklog",
    "label",
    "version",
    "component",
    "page",
    "space",
    "user",
    "team",
    "filter",
    "field",
    "report",
    "release",
    "epic",
    "task",
    "attachment",
];
const VERBS: &[&str] = &[
    "load",
    "fetch",
    "build",
    "render",
    "sync",
    "compute",
    "merge",
    "format",
    "collect",
    "resolve",
    "update",
    "summarise",
    "group",
    "sort",
    "validate",
    "export",
];
const ADJECTIVES: &[&str] = &[
    "open", "recent", "stale", "blocked", "shared", "pending", "archived", "active", "flagged",
];

/// What to generate (from the command line, or built by a test that includes
/// this file as a module).
pub struct Options {
    /// Number of apps; wins over `lines`.
    pub apps: Option<usize>,
    /// Add apps until the JS/TS source reaches this many lines.
    pub lines: Option<usize>,
    /// Folder to write into (created if missing).
    pub out: PathBuf,
    /// Seed of the generator: same seed, same bytes.
    pub seed: u64,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        apps: None,
        lines: None,
        out: PathBuf::new(),
        seed: 1,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--apps" => options.apps = Some(number(&value("--apps")?)?),
            "--lines" => options.lines = Some(number(&value("--lines")?)?),
            "--seed" => options.seed = number(&value("--seed")?)? as u64,
            "--out" => options.out = PathBuf::from(value("--out")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if options.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    if options.apps.is_none() && options.lines.is_none() {
        return Err("give --apps N or --lines N".into());
    }
    Ok(options)
}

fn number(text: &str) -> Result<usize, String> {
    text.replace('_', "")
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))
}

/// What was written, for the summary.
#[derive(Default)]
pub struct Totals {
    pub apps: usize,
    pub files: usize,
    /// JS/TS files written outside build output.
    pub code_files: usize,
    pub code_lines: usize,
    pub code_bytes: usize,
    pub bundle_bytes: usize,
    pub all_bytes: usize,
}

/// Writes files under one root and keeps the totals.
struct Writer {
    root: PathBuf,
    totals: Totals,
}

impl Writer {
    fn write(&mut self, rel: &str, content: &str) -> std::io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, content)?;
        self.totals.files += 1;
        self.totals.all_bytes += content.len();
        Ok(())
    }

    fn write_code(&mut self, rel: &str, content: &str) -> std::io::Result<()> {
        self.totals.code_files += 1;
        self.totals.code_lines += content.lines().count();
        self.totals.code_bytes += content.len();
        self.write(rel, content)
    }
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            eprintln!("usage: gen_corpus (--apps N | --lines N) --out DIR [--seed N]");
            return ExitCode::from(2);
        }
    };
    match generate(&options) {
        Ok(totals) => {
            println!("apps={}", totals.apps);
            println!("files={}", totals.files);
            println!("code_files={}", totals.code_files);
            println!("code_lines={}", totals.code_lines);
            println!("code_bytes={}", totals.code_bytes);
            println!("bundle_bytes={}", totals.bundle_bytes);
            println!("all_bytes={}", totals.all_bytes);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("gen_corpus: {}: {err}", options.out.display());
            ExitCode::from(1)
        }
    }
}

/// Writes the corpus described by `options`.
pub fn generate(options: &Options) -> std::io::Result<Totals> {
    let mut writer = Writer {
        root: options.out.clone(),
        totals: Totals::default(),
    };
    std::fs::create_dir_all(&options.out)?;
    writer.write(
        "README.md",
        "# Synthetic Forge monorepo\n\nGenerated by `examples/gen_corpus.rs` for benchmarks.\n",
    )?;
    let mut rng = Rng::new(options.seed);
    let mut index = 0;
    loop {
        let done = match (options.apps, options.lines) {
            (Some(apps), _) => index >= apps,
            (None, Some(lines)) => writer.totals.code_lines >= lines,
            (None, None) => true,
        };
        if done {
            break;
        }
        write_app(&mut writer, &mut rng, index)?;
        writer.totals.apps += 1;
        index += 1;
    }
    Ok(writer.totals)
}

/// What one app uses, decided up front so manifest, code and statement agree
/// (or disagree on purpose).
struct Plan {
    name: String,
    services: Vec<&'static Service>,
    /// Hosts the manifest declares (some used services are left out on purpose).
    declared: Vec<&'static str>,
    ui: String,
    typescript: bool,
}

fn write_app(w: &mut Writer, rng: &mut Rng, index: usize) -> std::io::Result<()> {
    let name = format!("{}-{}-{index:05}", rng.pick(ADJECTIVES), rng.pick(NOUNS));
    let mut services = Vec::new();
    for service in SERVICES {
        if rng.chance(25) {
            services.push(service);
        }
    }
    let declared = services
        .iter()
        .filter(|_| rng.chance(70))
        .map(|s| s.host)
        .collect();
    let plan = Plan {
        ui: format!("{}-ui", rng.pick(NOUNS)),
        typescript: rng.chance(40),
        name,
        services,
        declared,
    };
    let base = format!("apps/{}", plan.name);
    w.write(&format!("{base}/manifest.yml"), &manifest(&plan, index))?;
    w.write(&format!("{base}/PRIVACY.md"), &statement(&plan, rng))?;
    w.write(
        &format!("{base}/package.json"),
        &package_json(&plan.name, &backend_deps(&plan)),
    )?;
    w.write(
        &format!("{base}/package-lock.json"),
        &package_lock(&plan.name, &backend_deps(&plan)),
    )?;
    let ui_base = format!("{base}/static/{}", plan.ui);
    w.write(
        &format!("{ui_base}/package.json"),
        &package_json(&plan.ui, &frontend_deps(&plan)),
    )?;
    w.write(
        &format!("{ui_base}/package-lock.json"),
        &package_lock(&plan.ui, &frontend_deps(&plan)),
    )?;
    w.write(
        &format!("{ui_base}/public/index.html"),
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\" /><title>App</title></head>\n<body><div id=\"root\"></div></body>\n</html>\n",
    )?;

    let ext = if plan.typescript { "ts" } else { "js" };
    let modules = rng.range(4, 9);
    let mut module_names = Vec::new();
    for m in 0..modules {
        let module = format!("{}{}", rng.pick(NOUNS), m);
        let service = plan
            .services
            .iter()
            .filter(|s| !s.side_frontend)
            .nth(m)
            .copied();
        let code = backend_module(rng, &module, service, plan.typescript);
        w.write_code(&format!("{base}/src/resolvers/{module}.{ext}"), &code)?;
        module_names.push(module);
    }
    w.write_code(
        &format!("{base}/src/index.{ext}"),
        &backend_index(&module_names),
    )?;
    w.write_code(
        &format!("{base}/src/lib/util.{ext}"),
        &util_module(rng, plan.typescript),
    )?;
    if rng.chance(50) {
        w.write_code(
            &format!("{base}/src/__tests__/util.test.{ext}"),
            &test_module(&module_names),
        )?;
    }

    let components = rng.range(4, 9);
    let mut component_names = Vec::new();
    let jsx = if plan.typescript { "tsx" } else { "jsx" };
    for c in 0..components {
        let component = format!("{}{}Panel", capitalise(rng.pick(NOUNS)), c);
        let service = plan
            .services
            .iter()
            .filter(|s| s.side_frontend)
            .nth(c)
            .copied();
        let code = component_module(rng, &component, service, plan.typescript);
        w.write_code(
            &format!("{ui_base}/src/components/{component}.{jsx}"),
            &code,
        )?;
        component_names.push(component);
    }
    w.write_code(
        &format!("{ui_base}/src/App.{jsx}"),
        &app_module(&component_names),
    )?;
    w.write_code(
        &format!("{ui_base}/src/index.{jsx}"),
        "import React from 'react';\nimport { createRoot } from 'react-dom/client';\nimport App from './App';\n\ncreateRoot(document.getElementById('root')).render(<App />);\n",
    )?;
    let bundle = minified_bundle(rng, &plan);
    w.totals.bundle_bytes += bundle.len();
    w.write(
        &format!(
            "{ui_base}/build/static/js/main.{:08x}.js",
            rng.next() as u32
        ),
        &bundle,
    )
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

fn manifest(plan: &Plan, index: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "modules:\n  jira:issuePanel:\n    - key: {}-panel",
        plan.name
    );
    let _ = writeln!(
        out,
        "      resource: main\n      resolver:\n        function: resolver\n      title: {}\n      icon: https://example.com/icon.png",
        plan.name
    );
    let _ = writeln!(
        out,
        "  trigger:\n    - key: {}-trigger\n      function: on-event\n      events:\n        - avi:jira:updated:issue",
        plan.name
    );
    out.push_str("  function:\n    - key: resolver\n      handler: index.handler\n");
    out.push_str("    - key: on-event\n      handler: index.onEvent\n");
    let _ = writeln!(
        out,
        "resources:\n  - key: main\n    path: static/{}/build",
        plan.ui
    );
    let _ = writeln!(
        out,
        "app:\n  id: ari:cloud:ecosystem::app/{:08x}-0000-4000-8000-{index:012}\n  runtime:\n    name: nodejs22.x",
        index as u32 ^ 0x5eed_0000
    );
    out.push_str(
        "permissions:\n  scopes:\n    - read:jira-work\n    - write:jira-work\n    - storage:app\n",
    );
    if !plan.declared.is_empty() {
        out.push_str("  external:\n    fetch:\n      backend:\n");
        for host in &plan.declared {
            let _ = writeln!(out, "        - address: https://{host}");
        }
    }
    out
}

fn statement(plan: &Plan, rng: &mut Rng) -> String {
    let mut out = format!(
        "# Privacy statement for {}\n\n## Data we process\n\nThe app reads issue keys, summaries and status to build its panel.\n\n## Storage\n\nAll data is stored in Forge storage hosted by Atlassian.\n\n## Third parties\n\n",
        plan.name
    );
    // Some statements deny what the code does, so the benchmark exercises findings.
    if rng.chance(50) {
        out.push_str("We do not share data with third parties.\n");
        out.push_str("The app does not use analytics or tracking.\n");
        out.push_str("We do not use any error tracking service.\n");
    } else {
        for service in &plan.services {
            let _ = writeln!(
                out,
                "We use {} ({}) for {}.",
                service.package, service.host, service.category
            );
        }
    }
    out.push_str(
        "\n## Retention\n\nData is deleted when the app is uninstalled.\n\n## Contact\n\nprivacy@example.com\n",
    );
    out
}

fn backend_deps(plan: &Plan) -> Vec<(&'static str, &'static str)> {
    let mut deps = vec![
        ("@forge/api", "^5.1.0"),
        ("@forge/kvs", "^1.0.2"),
        ("@forge/resolver", "^1.6.3"),
    ];
    deps.extend(
        plan.services
            .iter()
            .filter(|s| !s.side_frontend)
            .map(|s| (s.package, "^4.0.0")),
    );
    deps.sort();
    deps
}

fn frontend_deps(plan: &Plan) -> Vec<(&'static str, &'static str)> {
    let mut deps = vec![
        ("@forge/bridge", "^4.4.0"),
        ("react", "^18.3.1"),
        ("react-dom", "^18.3.1"),
    ];
    deps.extend(
        plan.services
            .iter()
            .filter(|s| s.side_frontend)
            .map(|s| (s.package, "^2.5.0")),
    );
    deps.sort();
    deps
}

fn package_json(name: &str, deps: &[(&str, &str)]) -> String {
    let mut out = format!(
        "{{\n  \"name\": \"{name}\",\n  \"version\": \"1.0.0\",\n  \"private\": true,\n  \"dependencies\": {{\n"
    );
    let lines: Vec<String> = deps
        .iter()
        .map(|(n, v)| format!("    \"{n}\": \"{v}\""))
        .collect();
    out.push_str(&lines.join(",\n"));
    out.push_str("\n  },\n  \"devDependencies\": {\n    \"jest\": \"^29.7.0\"\n  }\n}\n");
    out
}

fn package_lock(name: &str, deps: &[(&str, &str)]) -> String {
    let mut out = format!(
        "{{\n  \"name\": \"{name}\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n    \"\": {{\n      \"name\": \"{name}\",\n      \"version\": \"1.0.0\"\n    }}"
    );
    for (dep, version) in deps {
        let exact = version.trim_start_matches('^');
        let _ = write!(
            out,
            ",\n    \"node_modules/{dep}\": {{\n      \"version\": \"{exact}\",\n      \"resolved\": \"https://registry.npmjs.org/{dep}/-/{}-{exact}.tgz\",\n      \"integrity\": \"sha512-{}\"\n    }}",
            dep.rsplit('/').next().unwrap_or(dep),
            "A".repeat(86)
        );
    }
    out.push_str("\n  }\n}\n");
    out
}

/// A backend resolver module: Jira REST through `@forge/api`, KVS storage,
/// optionally one third-party SDK and a raw fetch to its host.
fn backend_module(rng: &mut Rng, module: &str, service: Option<&Service>, ts: bool) -> String {
    let mut out = String::new();
    out.push_str(
        "import api, { route, fetch } from '@forge/api';\nimport { kvs } from '@forge/kvs';\n",
    );
    if let Some(s) = service {
        out.push_str(s.import);
        out.push('\n');
    }
    out.push('\n');
    let (id_type, any) = if ts { (": string", ": any") } else { ("", "") };
    let helpers = rng.range(6, 14);
    for h in 0..helpers {
        let noun = rng.pick(NOUNS);
        let verb = rng.pick(VERBS);
        let func = format!("{verb}{}{h}", capitalise(noun));
        match rng.below(4) {
            0 => {
                let _ = write!(
                    out,
                    "export async function {func}(key{id_type}) {{\n  const response = await api\n    .asApp()\n    .requestJira(route`/rest/api/3/{noun}/${{key}}?expand=names`);\n  if (!response.ok) {{\n    throw new Error(`Could not {verb} {noun} ${{key}}: ${{response.status}}`);\n  }}\n  const body{any} = await response.json();\n  return body;\n}}\n\n"
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "export async function {func}(key{id_type}, value{any}) {{\n  const existing = (await kvs.get(`{module}:${{key}}`)) || [];\n  const next = [...existing, {{ ...value, at: Date.now() }}].slice(-{});\n  await kvs.set(`{module}:${{key}}`, next);\n  return next.length;\n}}\n\n",
                    rng.range(10, 200)
                );
            }
            2 => {
                let _ = write!(
                    out,
                    "export function {func}(items{any}) {{\n  const groups = new Map();\n  for (const item of items) {{\n    const bucket = item.{} || 'none';\n    if (!groups.has(bucket)) {{\n      groups.set(bucket, []);\n    }}\n    groups.get(bucket).push(item);\n  }}\n  return Array.from(groups.entries())\n    .map(([name, list]) => ({{ name, count: list.length }}))\n    .sort((a, b) => b.count - a.count);\n}}\n\n",
                    rng.pick(ADJECTIVES)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "export async function {func}(query{id_type}) {{\n  const result = await api.asUser().requestJira(route`/rest/api/3/search/jql`, {{\n    method: 'POST',\n    headers: {{ Accept: 'application/json', 'Content-Type': 'application/json' }},\n    body: JSON.stringify({{ jql: query, maxResults: {} }}),\n  }});\n  const data = await result.json();\n  return (data.issues || []).map((issue) => issue.key);\n}}\n\n",
                    rng.range(10, 100)
                );
            }
        }
    }
    if let Some(s) = service {
        let _ = write!(
            out,
            "export async function notify{}(payload{any}) {{\n  const response = await fetch('https://{}/v1/{module}', {{\n    method: 'POST',\n    headers: {{ 'Content-Type': 'application/json' }},\n    body: JSON.stringify(payload),\n  }});\n  return response.status;\n}}\n",
            capitalise(module),
            s.host
        );
    }
    out
}

fn backend_index(modules: &[String]) -> String {
    let mut out = String::from("import Resolver from '@forge/resolver';\n");
    for m in modules {
        let _ = writeln!(out, "import * as {m} from './resolvers/{m}';");
    }
    out.push_str("\nconst resolver = new Resolver();\n\n");
    for m in modules {
        let _ = writeln!(
            out,
            "resolver.define('{m}', async ({{ payload, context }}) => {{\n  const handlers = Object.values({m}).filter((f) => typeof f === 'function');\n  return {{ count: handlers.length, issue: context.extension?.issue?.key, payload }};\n}});\n"
        );
    }
    out.push_str("export const handler = resolver.getDefinitions();\n\nexport async function onEvent(event) {\n  console.log('event', event.eventType);\n}\n");
    out
}

fn util_module(rng: &mut Rng, ts: bool) -> String {
    let mut out = String::new();
    if ts {
        out.push_str("export interface Entry<T> {\n  key: string;\n  value: T;\n  updated: number;\n}\n\nexport type Grouped<T> = Record<string, Entry<T>[]>;\n\n");
    }
    for i in 0..rng.range(5, 12) {
        let sig = if ts {
            "<T>(entries: Entry<T>[], limit: number): Entry<T>[]"
        } else {
            "(entries, limit)"
        };
        let _ = write!(
            out,
            "export const take{i} = {sig} =>\n  entries\n    .filter((e) => e.updated > Date.now() - {} * 86400000)\n    .slice(0, limit);\n\n",
            rng.range(1, 90)
        );
    }
    out
}

fn test_module(modules: &[String]) -> String {
    let mut out = String::from("jest.mock('@forge/api');\n\n");
    for m in modules {
        let _ = writeln!(
            out,
            "test('{m} loads', () => {{\n  expect(typeof require('../resolvers/{m}')).toBe('object');\n}});\n"
        );
    }
    out
}

/// A React component using the bridge, some browser storage and optionally a
/// frontend SDK.
fn component_module(rng: &mut Rng, component: &str, service: Option<&Service>, ts: bool) -> String {
    let mut out = String::from(
        "import React, { useEffect, useState } from 'react';\nimport { invoke, view } from '@forge/bridge';\n",
    );
    if let Some(s) = service {
        out.push_str(s.import);
        out.push('\n');
    }
    let props = if ts { ": { issueKey: string }" } else { "" };
    let state = if ts { "<any[]>" } else { "" };
    let storage = rng.pick(&["localStorage", "sessionStorage"]);
    let _ = write!(
        out,
        "\nexport default function {component}({{ issueKey }}{props}) {{\n  const [rows, setRows] = useState{state}([]);\n  const [error, setError] = useState(null);\n  const [filter, setFilter] = useState(() => window.{storage}.getItem('{component}.filter') || '');\n\n  useEffect(() => {{\n    invoke('{}', {{ issueKey }})\n      .then((result) => setRows(result.rows || []))\n      .catch((e) => setError(e.message));\n  }}, [issueKey]);\n\n  useEffect(() => {{\n    window.{storage}.setItem('{component}.filter', filter);\n  }}, [filter]);\n\n",
        rng.pick(NOUNS)
    );
    if let Some(s) = service {
        let _ = write!(
            out,
            "  useEffect(() => {{\n    fetch('https://{}/track', {{ method: 'POST', body: JSON.stringify({{ event: '{component}' }}) }});\n  }}, []);\n\n",
            s.host
        );
    }
    for i in 0..rng.range(3, 8) {
        let _ = write!(
            out,
            "  const handle{i} = async (event) => {{\n    event.preventDefault();\n    const updated = await invoke('{}{i}', {{ issueKey, filter }});\n    setRows(updated.rows);\n    view.refresh();\n  }};\n\n",
            rng.pick(VERBS)
        );
    }
    out.push_str("  if (error) {\n    return <p className=\"error\">{error}</p>;\n  }\n\n  return (\n    <section>\n      <input value={filter} onChange={(e) => setFilter(e.target.value)} />\n      <ul>\n");
    out.push_str("        {rows\n          .filter((row) => !filter || row.name.includes(filter))\n          .map((row) => (\n            <li key={row.id}>\n              <strong>{row.name}</strong> <span>{row.count}</span>\n            </li>\n          ))}\n      </ul>\n");
    let _ = write!(
        out,
        "      <button onClick={{handle0}}>Refresh {component}</button>\n    </section>\n  );\n}}\n"
    );
    out
}

fn app_module(components: &[String]) -> String {
    let mut out = String::from(
        "import React, { useEffect, useState } from 'react';\nimport { view } from '@forge/bridge';\n",
    );
    for c in components {
        let _ = writeln!(out, "import {c} from './components/{c}';");
    }
    out.push_str("\nexport default function App() {\n  const [context, setContext] = useState(null);\n  useEffect(() => {\n    view.getContext().then(setContext);\n  }, []);\n  if (!context) {\n    return <p>Loading…</p>;\n  }\n  const issueKey = context.extension.issue.key;\n  return (\n    <main>\n");
    for c in components {
        let _ = writeln!(out, "      <{c} issueKey={{issueKey}} />");
    }
    out.push_str("    </main>\n  );\n}\n");
    out
}

/// A webpack-like production bundle: one long line of short-named functions,
/// with the app's SDK hosts embedded as string literals.
fn minified_bundle(rng: &mut Rng, plan: &Plan) -> String {
    let mut out = String::from(
        "/*! For license information please see main.js.LICENSE.txt */\n(()=>{\"use strict\";var e={",
    );
    let chunks = rng.range(150, 400);
    for i in 0..chunks {
        let _ = write!(
            out,
            "{i}:(e,t,n)=>{{n.d(t,{{Z:()=>r}});var o=n({}),a=n.n(o);function r(e){{return(0,o.useState)(e?.{}||null)[0]??a().createElement(\"div\",{{className:\"p{i}\"}},e.children)}}}},",
            rng.range(100, 999),
            rng.pick(NOUNS)
        );
    }
    for (k, s) in plan.services.iter().enumerate() {
        let _ = write!(
            out,
            "{}:(e,t,n)=>{{fetch(\"https://{}/v2/e\",{{method:\"POST\",body:JSON.stringify(e)}})}},",
            chunks + k,
            s.host
        );
    }
    out.push_str("};var t={};function n(o){var a=t[o];if(void 0!==a)return a.exports;var r=t[o]={exports:{}};return e[o](r,r.exports,n),r.exports}n.d=(e,t)=>{for(var o in t)n.o(t,o)&&!n.o(e,o)&&Object.defineProperty(e,o,{enumerable:!0,get:t[o]})},n.o=(e,t)=>Object.prototype.hasOwnProperty.call(e,t),n.n=e=>{var t=e&&e.__esModule?()=>e.default:()=>e;return n.d(t,{a:t}),t},n(0)})();\n//# sourceMappingURL=main.js.map\n");
    out
}
