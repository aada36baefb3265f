//! The `claimcheck` command line: argument parsing, output and exit codes. All
//! logic lives in the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use forge_claimcheck::config::Config;
use forge_claimcheck::model::{ClaimKind, Severity};
use forge_claimcheck::{CheckOptions, CheckResult, Rulesets, check, gate, policy, report};

const EXAMPLES: &str = "\
Examples:
  claimcheck check                          # the app in the current folder, human report
  claimcheck check sample-apps/error-reporter
  claimcheck check . --format json > claimcheck.json
  claimcheck check . --output sarif=claimcheck.sarif --output markdown=report.md
  claimcheck check apps/ --policy legal/privacy.md --fail-on warning
  claimcheck check . --listing listing-privacy.json   # also check the Marketplace answers
  claimcheck check . --write-baseline .claimcheck-baseline.json
  claimcheck check . --baseline .claimcheck-baseline.json
  claimcheck inventory . --format json      # what the app does, no statement needed
  claimcheck claims PRIVACY.md              # the claims claimcheck reads in a statement
  claimcheck vendors                        # the vendor catalogue
  claimcheck explain manifest/unused-egress # what a rule finds and how to fix it

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 the run could not be trusted (bad arguments, no manifest, malformed input).";

#[derive(Parser)]
#[command(
    name = "claimcheck",
    version,
    about = "Check an Atlassian Forge app's privacy statement against its manifest and code",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the Forge app(s) under PATH against their privacy statement.
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// List what the app(s) under PATH do: network calls, SDKs, storage, remotes.
    Inventory(InventoryArgs),
    /// List the claims claimcheck reads in a privacy statement.
    Claims(ClaimsArgs),
    /// List the vendor catalogue (embedded, plus --ruleset files).
    Vendors(VendorsArgs),
    /// Explain a rule: what it finds, why it matters, how to fix it. Without a
    /// rule id, list every rule.
    Explain {
        /// A rule id such as `manifest/unused-egress`.
        rule: Option<String>,
    },
}

#[derive(clap::Args)]
struct Common {
    /// Folder to scan; every manifest.yml with an `app:` key under it is an app.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The privacy statement to check against (default: PRIVACY.md and friends at
    /// each app root).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Config file (default: .claimcheck.yml at PATH, if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Extra vendor catalogue file (format of rulesets/vendors/*.yml); repeatable.
    #[arg(long = "ruleset", value_name = "FILE")]
    rulesets: Vec<PathBuf>,
    /// The app listing's Privacy & Security answers (Marketplace API JSON): more
    /// claims and disclosures to check.
    #[arg(long, value_name = "FILE")]
    listing: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// Report format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also write a report to a file, as FORMAT=FILE (e.g. sarif=out.sarif); repeatable.
    #[arg(long = "output", value_name = "FORMAT=FILE", value_parser = parse_output)]
    outputs: Vec<(Format, PathBuf)>,
    /// Lowest severity that makes the run fail (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Only findings not in this baseline file count.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the current findings as a baseline file (and exit 0).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Text report: only findings and the summary line.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args)]
struct InventoryArgs {
    #[command(flatten)]
    common: Common,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(clap::Args)]
struct ClaimsArgs {
    /// The statement (Markdown, HTML or plain text).
    file: PathBuf,
    /// Config file whose `phrases:` extend the embedded claim phrases.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(clap::Args)]
struct VendorsArgs {
    /// Extra vendor catalogue file; repeatable.
    #[arg(long = "ruleset", value_name = "FILE")]
    rulesets: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_output(value: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = value
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=FILE, got `{value}`"))?;
    let format = Format::from_str(format, true)
        .map_err(|_| format!("unknown format `{format}` (text, json, sarif, junit, markdown)"))?;
    if file.is_empty() {
        return Err("the file after `=` is empty".to_string());
    }
    Ok((format, PathBuf::from(file)))
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        }
    }
}

fn main() -> ExitCode {
    silence_contained_parser_panics();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Inventory(args) => run_inventory(&args).map(|()| ExitCode::SUCCESS),
        Command::Claims(args) => run_claims(&args).map(|()| ExitCode::SUCCESS),
        Command::Vendors(args) => run_vendors(&args).map(|()| ExitCode::SUCCESS),
        Command::Explain { rule } => run_explain(rule.as_deref()).map(|()| ExitCode::SUCCESS),
    };
    outcome.unwrap_or_else(|err| {
        eprintln!("claimcheck: error: {err:#}");
        ExitCode::from(2)
    })
}

/// A parser crash on one hostile file is contained and reported as a skipped
/// file with a reason; the default hook would still print a panic notice for
/// it, which reads like a crash of the tool. Every other panic is printed.
fn silence_contained_parser_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !forge_claimcheck::practice::panic_is_contained() {
            default_hook(info);
        }
    }));
}

fn configure_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        anyhow::ensure!(n > 0, "--threads must be at least 1");
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("configuring worker threads")?;
    }
    Ok(())
}

fn run_check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    configure_threads(args.common.threads)?;
    let options = CheckOptions {
        policy: args.common.policy.clone(),
        config: args.common.config.clone(),
        rulesets: args.common.rulesets.clone(),
        baseline: args.baseline.clone(),
        listing: args.common.listing.clone(),
    };
    let progress = Progress::start(!args.quiet);
    let result = check(&args.common.path, &options);
    progress.finish();
    let result = result?;
    if let Some(path) = &args.write_baseline {
        let findings = result.apps.iter().flat_map(|a| &a.findings);
        std::fs::write(path, gate::baseline::render(findings))
            .with_context(|| format!("{}: cannot write baseline", path.display()))?;
        let count: usize = result.apps.iter().map(|a| a.findings.len()).sum();
        eprintln!(
            "claimcheck: wrote {count} findings to baseline {}",
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let text_options = report::text::Options {
        color,
        quiet: args.quiet,
    };
    for (format, path) in &args.outputs {
        let rendered = render(*format, &result, report::text::Options::default());
        std::fs::write(path, rendered)
            .with_context(|| format!("{}: cannot write report", path.display()))?;
    }
    write_stdout(&render(args.format, &result, text_options))?;
    let failing = args.fail_on.threshold().is_some_and(|threshold| {
        result
            .apps
            .iter()
            .flat_map(|a| &a.findings)
            .any(|f| f.severity >= threshold)
    });
    // The process ends next: freeing a large tree's results one by one would
    // only delay the exit (tens of milliseconds on a monorepo).
    std::mem::forget(result);
    Ok(ExitCode::from(u8::from(failing)))
}

/// A one-line progress display on stderr, for terminals only and only once a
/// run has taken more than a second, so pipes and CI logs stay clean.
struct Progress {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(enabled: bool) -> Progress {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let thread = (enabled && std::io::stderr().is_terminal()).then(|| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let mut shown = false;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    if started.elapsed().as_secs() >= 1 {
                        let (done, total) = forge_claimcheck::practice::progress::snapshot();
                        eprint!(
                            "\rclaimcheck: scanned {done}/{total} files ({}s)",
                            started.elapsed().as_secs()
                        );
                        shown = true;
                    }
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        Progress { stop, thread }
    }

    fn finish(self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread {
            let _ = thread.join();
        }
    }
}

fn render(format: Format, result: &CheckResult, text: report::text::Options) -> String {
    match format {
        Format::Text => report::text::render(result, text),
        Format::Json => report::json::render(result),
        Format::Sarif => report::sarif::render(result),
        Format::Junit => report::junit::render(result),
        Format::Markdown => report::markdown::render(result),
    }
}

fn run_inventory(args: &InventoryArgs) -> anyhow::Result<()> {
    configure_threads(args.common.threads)?;
    let options = CheckOptions {
        policy: args.common.policy.clone(),
        config: args.common.config.clone(),
        rulesets: args.common.rulesets.clone(),
        baseline: None,
        listing: args.common.listing.clone(),
    };
    let result = check(&args.common.path, &options)?;
    write_stdout(&match args.format {
        ListFormat::Text => report::inventory::render_text(&result),
        ListFormat::Json => report::inventory::render_json(&result),
    })
}

fn run_claims(args: &ClaimsArgs) -> anyhow::Result<()> {
    let config = match &args.config {
        Some(path) => Config::load(Path::new("."), Some(path))?,
        None => Config::default(),
    };
    let rulesets = Rulesets::load(&config, &[])?;
    let shown = args.file.to_string_lossy().replace('\\', "/");
    let statement = policy::load(&args.file, &shown)?;
    let mut claims =
        policy::extract_claims_with(&statement, &rulesets.phrases, &rulesets.catalogue);
    for (i, claim) in claims.iter_mut().enumerate() {
        claim.id = format!("C{}", i + 1);
    }
    write_stdout(&match args.format {
        ListFormat::Text => report::listing::claims_text(&claims),
        ListFormat::Json => report::listing::claims_json(&claims),
    })
}

fn run_vendors(args: &VendorsArgs) -> anyhow::Result<()> {
    let rulesets = Rulesets::load(&Config::default(), &args.rulesets)?;
    write_stdout(&match args.format {
        ListFormat::Text => report::listing::vendors_text(&rulesets.catalogue),
        ListFormat::Json => report::listing::vendors_json(&rulesets.catalogue),
    })
}

fn run_explain(rule: Option<&str>) -> anyhow::Result<()> {
    let text = match rule {
        Some(id) => {
            let doc = report::rules::lookup(id).with_context(|| {
                format!("unknown rule `{id}`; `claimcheck explain` lists every rule")
            })?;
            let mut text = format!("{}\n\n{}\n", doc.id, doc.help_text());
            // A claim rule also says how statements are read for its kind, so
            // a user can see why a sentence was or was not read.
            if let Some(kind) = id.strip_prefix("claim/").and_then(ClaimKind::parse) {
                let phrases = forge_claimcheck::rulesets::ClaimPhrases::embedded()?;
                text.push_str(&format!(
                    "\nHow statements are read for `{}` (rulesets/claims.yml; the `because` of each claim names the one that matched):\n",
                    kind.as_str()
                ));
                for line in phrases.readings_of(kind) {
                    text.push_str(&format!("  {line}\n"));
                }
            }
            text
        }
        None => report::rules::RULES
            .iter()
            .map(|r| format!("{:<42} {}\n", r.id, r.short))
            .collect(),
    };
    write_stdout(&text)
}

fn write_stdout(text: &str) -> anyhow::Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the report"),
    }
}
