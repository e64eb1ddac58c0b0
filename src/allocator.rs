//! The allocator's settings for a batch run.
//!
//! The `credence` binary and the benchmark use mimalloc. By default mimalloc
//! gives the pages of freed memory back to the OS (`MADV_DONTNEED`) a second
//! after they fall empty; each batch of stories frees most of what the one
//! before allocated, so the next batch faulted the same pages in again and
//! the kernel zeroed them: 3.5% of a one-thread profile, and 7% of the CPU
//! time overall (A/B, 23 MB, medians of 3) once pages are kept.

/// mimalloc's `mi_option_purge_decommits` (v3's `mi_option_e`): whether a
/// purge decommits (1, the default) or only resets (0, `MADV_FREE`, which
/// the kernel reclaims under memory pressure only). The binding exposes
/// no constant for it; `tests::option_indices_are_mimallocs` checks the index.
const PURGE_DECOMMITS: libmimalloc_sys::mi_option_t = 5;

/// Lets freed pages stay mapped until the OS needs them, instead of
/// returning them at once to fault them in again; a `MIMALLOC_PURGE_DECOMMITS`
/// in the environment still decides. Call it first thing in `main`.
pub fn keep_freed_pages() {
    // SAFETY: sets one integer option by its documented index before any
    // thread but the main one exists (the binding's note: not thread-safe).
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set_default(PURGE_DECOMMITS, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// mimalloc's `mi_option_purge_delay`, whose default (1,000 ms) no
    /// neighbouring option shares: if it still sits 10 places after
    /// `purge_decommits`, the enum has not been reordered.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

    #[test]
    #[allow(unsafe_code)]
    fn option_indices_are_mimallocs() {
        // SAFETY: reads two integer options; this test binary sets none.
        let (decommits, delay) = unsafe {
            (
                libmimalloc_sys::mi_option_get(PURGE_DECOMMITS),
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
            )
        };
        if std::env::var_os("MIMALLOC_PURGE_DECOMMITS").is_none() {
            assert_eq!(decommits, 1, "purge_decommits defaults to on");
        }
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(delay, 1_000, "purge_delay defaults to 1,000 ms");
        }
    }
}
