//! Panics the scan contains: a crash of a parser on one hostile file becomes a
//! skipped file with a reason, and the panic hook stays quiet about it while
//! still reporting any other panic, on any thread.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// How many contained regions the current thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, turning a panic into `Err`.
pub(crate) fn contained<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    result
}

/// Whether a panic happening now on this thread will be contained, so the
/// panic hook need not print it.
pub fn panic_is_contained() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contained_panic_is_an_error_and_the_flag_is_reset() {
        assert!(!panic_is_contained());
        let inside = contained(panic_is_contained).unwrap();
        assert!(inside);
        assert!(contained(|| -> u8 { panic!("boom") }).is_err());
        assert!(!panic_is_contained());
    }
}
