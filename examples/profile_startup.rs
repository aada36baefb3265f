//! Where a short run's time goes: each fixed startup step timed on its own,
//! then whole checks of one app. Run in release:
//!
//! ```text
//! cargo run --release --example profile_startup -- sample-apps/analytics-dashboard
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use forge_claimcheck::rulesets::scopes::ScopeTable;
use forge_claimcheck::rulesets::{Catalogue, ClaimPhrases};
use forge_claimcheck::{CheckOptions, check};

/// Median of `runs` timings of `step`.
fn median(runs: usize, mut step: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            step();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn report(label: &str, time: Duration) {
    println!("{label:<48} {:>8.2} ms", time.as_secs_f64() * 1000.0);
}

fn main() {
    let app = std::env::args().nth(1).map_or_else(
        || PathBuf::from("sample-apps/analytics-dashboard"),
        PathBuf::from,
    );
    // The first call of each step, as a fresh process pays it.
    let start = Instant::now();
    let scopes_ok = ScopeTable::embedded().is_ok();
    report("scope table (first call, cached after)", start.elapsed());
    let runs = 15;
    report(
        "vendor catalogue: YAML parse + index",
        median(runs, || {
            let _ = Catalogue::embedded();
        }),
    );
    report(
        "claim phrases: YAML parse + literal extraction",
        median(runs, || {
            let _ = ClaimPhrases::embedded();
        }),
    );
    report(
        "one thread with a 256 MiB stack (spawn+join)",
        median(runs, || {
            let _ = std::thread::Builder::new()
                .stack_size(256 * 1024 * 1024)
                .spawn(|| 1)
                .map(|h| h.join());
        }),
    );
    report(
        "rayon pool of 2 with 256 MiB stacks (build+drop)",
        median(runs, || {
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .stack_size(256 * 1024 * 1024)
                .build();
        }),
    );
    let options = CheckOptions::default();
    report(
        &format!("check() of {}", app.display()),
        median(runs, || {
            let _ = check(&app, &options);
        }),
    );
    println!("scope table loaded: {scopes_ok}");
}
