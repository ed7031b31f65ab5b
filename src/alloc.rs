//! The settings of mimalloc, the allocator the `reggraph` binary, the
//! benchmarks and the timing example use (each declares it as its
//! `#[global_allocator]`; a library must not choose for its users). Call
//! [`tune_mimalloc`] first thing in `main`, so that every program measures
//! loads as the command line runs them.
//!
//! No transparent huge pages: memory given back at once (below) and then
//! used again is faulted in anew, and with huge pages each such fault
//! zeroes 2 MiB however little is used (on a million nodes that zeroing
//! took most of a warm `list`: about 15 s, 6.5 s without). That is a build
//! setting, mimalloc's `no_thp` feature (Cargo.toml), not an option set
//! here: mimalloc reserves its first arena (1 GiB) before `main` runs,
//! and asks for huge pages on it then, whatever `main` sets afterwards.
//! The feature compiles that request out. It does not stop the kernel from
//! using huge pages on its own where the system setting is `always`
//! rather than the usual `madvise`.

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` in
/// mimalloc.h, which the Rust bindings do not name): how many milliseconds
/// freed memory is kept before it is given back to the system.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once. A load frees each file's
/// raw records, then the per-file parts as they are gathered: kept for the
/// default second, they add about 1 GB to the peak on a million nodes.
fn give_back_freed_memory_at_once() {
    // SAFETY: `mi_option_set` checks the index against the number of
    // options (a wrong one is ignored, never written out of bounds) and
    // stores the value as a plain, non-atomic `long` in mimalloc's static
    // option table, which every thread that allocates reads. So the call
    // is sound only while no other thread runs: `tune_mimalloc` is called
    // first thing in `main`, before any thread is started (the rayon pool
    // starts on first use). That mimalloc has already initialised itself
    // by then (the runtime allocates before `main`) does not matter for
    // this option: it is read each time freed memory is considered for
    // purging, so it holds from the next purge on.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}

/// Applies the setting above. Call it before starting any thread.
pub fn tune_mimalloc() {
    give_back_freed_memory_at_once();
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_meant() {
        // Its default in the mimalloc 3 that the bindings build is 1000 ms
        // (options.c): a number that named another option would read
        // differently.
        // SAFETY: a read of the option table, with no thread writing it.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(default, 1000);
    }

    /// Whether the mapping that holds `address` was advised to use huge
    /// pages (`hg` in its flags in /proc/self/smaps).
    #[cfg(target_os = "linux")]
    fn advised_huge(address: usize) -> bool {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut inside = false;
        for line in smaps.lines() {
            let range = line.split_whitespace().next().unwrap_or("");
            if let Some((start, end)) = range.split_once('-')
                && let (Ok(start), Ok(end)) = (
                    usize::from_str_radix(start, 16),
                    usize::from_str_radix(end, 16),
                )
            {
                inside = (start..end).contains(&address);
            } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                return flags.split_whitespace().any(|flag| flag == "hg");
            }
        }
        panic!("no mapping holds {address:#x}");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn mimalloc_never_asks_for_huge_pages() {
        // Built without `no_thp`, mimalloc advises its arenas to use huge
        // pages (MADV_HUGEPAGE) as it reserves them, the first one before
        // `main` can set any option.
        // SAFETY: plain allocation and release through mimalloc's C API.
        let small = unsafe { libmimalloc_sys::mi_malloc(64) };
        let large = unsafe { libmimalloc_sys::mi_malloc(64 << 20) };
        assert!(!small.is_null() && !large.is_null());
        let advised = [small, large].map(|p| advised_huge(p as usize));
        unsafe {
            libmimalloc_sys::mi_free(small);
            libmimalloc_sys::mi_free(large);
        }
        assert_eq!(advised, [false, false]);
    }
}
