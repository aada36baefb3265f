//! The floor under a claimcheck run: walk the tree, read every script claimcheck
//! would parse, and parse it with oxc (and build its semantic model), on all
//! cores, doing nothing with the result. `benches/run.sh` times it beside
//! claimcheck and rg, so the table shows how much of a run is the parser's.
//!
//! ```text
//! cargo run --release --example parse_floor -- /tmp/corpus              # read + parse + semantic
//! cargo run --release --example parse_floor -- /tmp/corpus --stage parse
//! cargo run --release --example parse_floor -- /tmp/corpus --stage read
//! ```
//!
//! Scripts are chosen as claimcheck chooses them: `.js .jsx .ts .tsx .mjs .cjs
//! .mts .cts` files under 1 MiB whose lines are not minified (those are
//! scanned as bundles, without a parse). The summary is `key=value` lines.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use rayon::prelude::*;

use forge_claimcheck::discover::SCRIPT_EXTENSIONS;
use forge_claimcheck::practice::{parse_only, scanned_as_bundle};

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Read,
    Parse,
    Semantic,
}

fn main() -> ExitCode {
    let mut root: Option<PathBuf> = None;
    let mut stage = Stage::Semantic;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--stage" => {
                stage = match args.next().as_deref() {
                    Some("read") => Stage::Read,
                    Some("parse") => Stage::Parse,
                    Some("semantic") => Stage::Semantic,
                    other => {
                        eprintln!("--stage takes read, parse or semantic, not {other:?}");
                        return ExitCode::from(2);
                    }
                }
            }
            "-h" | "--help" => {
                println!("usage: parse_floor PATH [--stage read|parse|semantic]");
                return ExitCode::SUCCESS;
            }
            _ if root.is_none() => root = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("unexpected argument {arg:?}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(root) = root else {
        eprintln!("usage: parse_floor PATH [--stage read|parse|semantic]");
        return ExitCode::from(2);
    };
    let scripts = find_scripts(&root);
    // The same stack claimcheck's scan pool gives its parser threads; each
    // thread keeps its parser arena from file to file, as in a scan.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(256 * 1024 * 1024)
        .build();
    let Ok(pool) = pool else {
        eprintln!("cannot start the parser threads");
        return ExitCode::from(2);
    };
    let (parsed, lines, bytes) = pool.install(|| {
        scripts
            .par_iter()
            .map(|path| parse_one(path, stage))
            .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    println!("scripts={}", scripts.len());
    println!("parsed={parsed}");
    println!("lines={lines}");
    println!("bytes={bytes}");
    ExitCode::SUCCESS
}

/// Every script file under `root`, walked in parallel like claimcheck's
/// discovery (hidden files and `.gitignore` respected), in sorted order.
fn find_scripts(root: &Path) -> Vec<PathBuf> {
    let found = Mutex::new(Vec::new());
    ignore::WalkBuilder::new(root).build_parallel().run(|| {
        Box::new(|entry| {
            if let Ok(entry) = entry {
                let is_script = entry.file_type().is_some_and(|t| t.is_file())
                    && entry
                        .path()
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| SCRIPT_EXTENSIONS.contains(&e));
                if is_script && let Ok(mut found) = found.lock() {
                    found.push(entry.into_path());
                }
            }
            ignore::WalkState::Continue
        })
    });
    let mut found = found.into_inner().unwrap_or_default();
    found.sort();
    found
}

/// (1 if parsed, lines, bytes) of one script; nothing parsed for a bundle,
/// an unreadable file or `--stage read`.
fn parse_one(path: &Path, stage: Stage) -> (usize, usize, usize) {
    let Ok(source) = std::fs::read_to_string(path) else {
        return (0, 0, 0);
    };
    let (lines, bytes) = (source.lines().count(), source.len());
    if stage == Stage::Read || scanned_as_bundle(bytes as u64, &source) {
        return (0, lines, bytes);
    }
    let name = path.to_string_lossy();
    let parsed = parse_only(&name, &source, stage == Stage::Semantic).is_ok();
    (usize::from(parsed), lines, bytes)
}
