//! How far the scan has got, for a progress line on long runs. Counters only:
//! the scan never waits on whoever reads them.

use std::sync::atomic::{AtomicUsize, Ordering};

static TOTAL: AtomicUsize = AtomicUsize::new(0);
static DONE: AtomicUsize = AtomicUsize::new(0);

/// A scan of `files` more files begins.
pub(crate) fn add_total(files: usize) {
    TOTAL.fetch_add(files, Ordering::Relaxed);
}

pub(crate) fn file_done() {
    DONE.fetch_add(1, Ordering::Relaxed);
}

/// (files done, files to scan) so far in this process.
pub fn snapshot() -> (usize, usize) {
    (DONE.load(Ordering::Relaxed), TOTAL.load(Ordering::Relaxed))
}
