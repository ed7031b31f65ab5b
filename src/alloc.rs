//! The settings of mimalloc, the allocator the `reggraph` binary, the
//! benchmarks and the timing example use (each declares it as its
//! `#[global_allocator]`; a library must not choose for its users). Call
//! [`tune_mimalloc`] first thing in `main`, so that every program measures
//! loads as the command line runs them.

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` in
/// mimalloc.h, which the Rust bindings do not name): how many milliseconds
/// freed memory is kept before it is given back to the system.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once. A load frees each file's
/// raw records, then the per-file parts as they are gathered: kept for the
/// default second, they add about 1 GB to the peak on a million nodes.
fn give_back_freed_memory_at_once() {
    // SAFETY: mimalloc allows options to be set at any time; this one is a
    // plain number of milliseconds.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}

/// mimalloc's `mi_option_allow_thp` (its place in `mi_option_e` in the
/// mimalloc 3 header): whether its memory may be backed by transparent huge
/// pages.
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// No transparent huge pages. Memory given back at once (above) and then
/// used again is faulted in anew; with huge pages each such fault zeroes
/// 2 MiB, however little is used. On a million nodes that zeroing took
/// most of a warm `list` (about 15 s; 6.5 s without), and the cold load is
/// no slower without it.
fn no_transparent_huge_pages() {
    // SAFETY: as above; this one is a plain flag.
    unsafe { libmimalloc_sys::mi_option_set(ALLOW_THP, 0) }
}

/// Applies both settings above.
pub fn tune_mimalloc() {
    give_back_freed_memory_at_once();
    no_transparent_huge_pages();
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_meant() {
        // Its default in the mimalloc 3 that the bindings build is 1000 ms
        // (options.c): a number that named another option would read
        // differently.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(default, 1000);
    }

    #[test]
    fn the_huge_pages_option_is_the_one_meant() {
        // Its default is 1 on Linux; nine places before it, the option
        // `generic_collect` has the distinctive default 10000: together
        // they pin the place.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(get(super::ALLOW_THP), 1);
        assert_eq!(get(super::ALLOW_THP - 9), 10000);
    }
}
