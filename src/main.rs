//! The `claimcheck` command line: argument parsing, output and exit codes. All
//! logic lives in the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use forge_claimcheck::model::Severity;
use forge_claimcheck::{CheckOptions, check, report};

const EXAMPLES: &str = "\
Examples:
  claimcheck check                          # the app in the current folder, human report
  claimcheck check sample-apps/error-reporter
  claimcheck check . --format json > claimcheck.json
  claimcheck check apps/ --policy legal/privacy.md --fail-on warning

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
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Folder to scan; every manifest.yml with an `app:` key under it is an app.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The privacy statement to check against (default: PRIVACY.md and friends at
    /// each app root).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
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
    match cli.command {
        Command::Check(args) => run_check(&args),
    }
}

/// The JS scanner runs each parse on a thread named `claimcheck-js` and turns a
/// parser panic into a skipped file with a reason; the default hook would still
/// print a backtrace notice for it, which reads like a crash of the tool.
fn silence_contained_parser_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("claimcheck-js") {
            default_hook(info);
        }
    }));
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let options = CheckOptions {
        policy: args.policy.clone(),
    };
    let result = match check(&args.path, &options) {
        Ok(result) => result,
        Err(err) => {
            eprintln!("claimcheck: error: {err:#}");
            return ExitCode::from(2);
        }
    };
    let rendered = match args.format {
        Format::Text => report::text::render(&result),
        Format::Json => report::json::render(&result),
    };
    if let Err(err) = std::io::stdout().lock().write_all(rendered.as_bytes()) {
        // A closed pipe (`| head`) is the reader's choice, not a failure to report.
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("claimcheck: error: writing the report: {err}");
            return ExitCode::from(2);
        }
    }
    let failing = args.fail_on.threshold().is_some_and(|threshold| {
        result
            .apps
            .iter()
            .flat_map(|a| &a.findings)
            .any(|f| f.severity >= threshold)
    });
    ExitCode::from(u8::from(failing))
}
