//! The snapshot file mapped into memory, for blocks taken in place rather
//! than copied out of the page cache by positioned reads, and the guard that
//! keeps a file cut short under a running command from crashing it.
//!
//! A snapshot is never written in place: a new one is written beside it and
//! renamed over it (`cache::store`), and a mapping keeps the file it was
//! made of, so a replaced snapshot changes nothing for a command reading
//! the old one. A file truncated in place (by another program, or a full
//! disk's repair) would make a read of a page past its new end raise
//! SIGBUS, which kills the process. So while a file is mapped, a SIGBUS
//! handler checks where the fault is: in a page of one of our mappings, it
//! maps a page of zeros over it, so the read goes on and sees zeros, and it
//! marks the snapshot damaged ([`cut_seen`]). A block read from there then
//! fails its checksum; one checked before the cut may hold zeros, and the
//! command's answer is thrown away and made again from the files, as for
//! any damaged block (`cli::run`). A fault anywhere else goes to the handler
//! that was there before (Rust's own, for a stack overflow), or kills the
//! process as it would have.

use std::ops::Range;
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A mapped snapshot, registered with the guard while it lives.
pub(super) struct Mapped {
    map: memmap2::Mmap,
    slot: usize,
}

/// How many files may be mapped at once (a command opens one snapshot, a
/// diff two); past that, files are read with positioned reads.
const SLOTS: usize = 16;

/// The address ranges of the live mappings: a start of 0 is a free slot.
/// Read by the signal handler, so only atomics.
static STARTS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static LENS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];

static PAGE: AtomicUsize = AtomicUsize::new(0);
static CUT: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();
static GUARDED: AtomicBool = AtomicBool::new(false);

/// The handler that was there before ours, called for faults not in a
/// mapping of ours. Set once, before ours is installed.
static PREVIOUS: std::sync::OnceLock<libc::sigaction> = std::sync::OnceLock::new();

/// Whether a mapped file of this process was found cut short.
pub(super) fn cut_seen() -> bool {
    CUT.load(Ordering::Relaxed)
}

impl Mapped {
    /// Maps `file`, or `None` if it cannot be mapped or guarded (it is then
    /// read with positioned reads).
    pub(super) fn new(file: &std::fs::File) -> Option<Arc<Mapped>> {
        if !install() {
            return None;
        }
        // SAFETY: the file is ours to read; a cut under the mapping is
        // answered by the SIGBUS guard installed above (the module's notes),
        // and nothing writes through a read-only mapping.
        let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
        if map.is_empty() {
            return None;
        }
        let _ = map.advise(memmap2::Advice::Random);
        let start = map.as_ptr() as usize;
        for slot in 0..SLOTS {
            if STARTS[slot]
                .compare_exchange(0, usize::MAX, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                LENS[slot].store(map.len(), Ordering::Release);
                STARTS[slot].store(start, Ordering::Release);
                return Some(Arc::new(Mapped { map, slot }));
            }
        }
        None
    }

    pub(super) fn len(&self) -> usize {
        self.map.len()
    }

    /// The bytes of `range`, in place, shared with the mapping.
    pub(super) fn bytes(self: &Arc<Mapped>, range: Range<usize>) -> bytes::Bytes {
        bytes::Bytes::from_owner(Shared(Arc::clone(self))).slice(range)
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // Out of the guard's sight before the mapping goes (`map` is
        // dropped, and unmapped, after this).
        STARTS[self.slot].store(usize::MAX, Ordering::Release);
        LENS[self.slot].store(0, Ordering::Release);
        STARTS[self.slot].store(0, Ordering::Release);
    }
}

/// A mapping as the owner of the bytes taken from it.
struct Shared(Arc<Mapped>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0.map
    }
}

/// Installs the SIGBUS guard once; whether it is installed.
fn install() -> bool {
    INSTALL.call_once(|| {
        // SAFETY: sysconf and sigaction are called with valid arguments.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE);
            if page <= 0 {
                return;
            }
            PAGE.store(page as usize, Ordering::Relaxed);
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigbus as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut old) != 0 {
                return;
            }
            let _ = PREVIOUS.set(old);
            if libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut()) == 0 {
                GUARDED.store(true, Ordering::Release);
            }
        }
    });
    GUARDED.load(Ordering::Acquire)
}

/// The page of a mapping of ours that holds `address`, if any.
fn our_page(address: usize) -> Option<usize> {
    let page = PAGE.load(Ordering::Relaxed);
    (0..SLOTS).find_map(|slot| {
        let start = STARTS[slot].load(Ordering::Acquire);
        let len = LENS[slot].load(Ordering::Acquire);
        (start != 0 && start != usize::MAX && (start..start + len).contains(&address))
            .then_some(address & !(page - 1))
    })
}

extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    // SAFETY: the kernel gives a valid siginfo for a SA_SIGINFO handler;
    // mmap, sigaction and raise are system calls, safe in a signal
    // handler, and errno is the calling thread's.
    unsafe {
        let errno = *libc::__errno_location();
        // A fault has a positive code; a SIGBUS sent by a process (kill)
        // has none and carries no address.
        let fault = (*info).si_code > 0;
        if fault && let Some(page) = our_page((*info).si_addr() as usize) {
            let zeros = libc::mmap(
                page as *mut libc::c_void,
                PAGE.load(Ordering::Relaxed),
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            );
            if zeros != libc::MAP_FAILED {
                CUT.store(true, Ordering::Relaxed);
                super::stored::mark_damage_seen();
                *libc::__errno_location() = errno;
                return;
            }
        }
        let previous = PREVIOUS.get();
        let handler = previous.map_or(libc::SIG_DFL, |p| p.sa_sigaction);
        let flags = previous.map_or(0, |p| p.sa_flags);
        if handler == libc::SIG_IGN && !fault {
            // Ignored, as it was before ours.
        } else if handler == libc::SIG_DFL || handler == libc::SIG_IGN {
            // As it would have gone with no handler: a fault happens
            // again on return, a signal sent is raised again.
            let mut default: libc::sigaction = std::mem::zeroed();
            default.sa_sigaction = libc::SIG_DFL;
            libc::sigaction(libc::SIGBUS, &default, std::ptr::null_mut());
            if !fault {
                libc::raise(libc::SIGBUS);
            }
        } else if flags & libc::SA_SIGINFO != 0 {
            let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                std::mem::transmute(handler);
            handler(signal, info, context);
        } else {
            let handler: extern "C" fn(libc::c_int) = std::mem::transmute(handler);
            handler(signal);
        }
        *libc::__errno_location() = errno;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    /// Runs `test` of this module in a process of its own (a cut file
    /// marks every snapshot of the process damaged, and one test kills
    /// its process), with `REGGRAPH_MAPPED_CHILD` set.
    fn in_a_child(test: &str) -> std::process::Output {
        // The name is no other test's prefix: it runs that test only.
        std::process::Command::new(std::env::current_exe().unwrap())
            .arg(format!("cache::mapped::tests::{test}"))
            .env("RUST_TEST_THREADS", "1")
            .env("REGGRAPH_MAPPED_CHILD", "1")
            .output()
            .unwrap()
    }

    fn child() -> bool {
        std::env::var_os("REGGRAPH_MAPPED_CHILD").is_some()
    }

    /// A file of 64 KiB of sevens, and the file opened to cut it.
    fn sevens(dir: &std::path::Path) -> (std::fs::File, std::fs::File) {
        let path = dir.join("snapshot");
        std::fs::write(&path, vec![7u8; 1 << 16]).unwrap();
        let read = std::fs::File::open(&path).unwrap();
        let cut = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        (read, cut)
    }

    #[test]
    fn a_file_cut_under_its_mapping_reads_as_zeros_and_is_marked_damaged() {
        if !child() {
            let out =
                in_a_child("a_file_cut_under_its_mapping_reads_as_zeros_and_is_marked_damaged");
            assert!(out.status.success(), "{out:?}");
            assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let (file, cut) = sevens(dir.path());
        let map = Mapped::new(&file).expect("the guard is installed and the file mapped");
        assert!(map.bytes(0..4096).iter().all(|&b| b == 7));
        cut.set_len(100).unwrap();
        assert!(!cut_seen());
        // Past the cut: a page of zeros each, where the process would die.
        assert!(map.bytes(8192..1 << 16).iter().all(|&b| b == 0));
        assert!(cut_seen());
        assert!(crate::cache::damage_seen());
        drop(map);
        // A mapping dropped is out of the guard's sight.
        assert!(STARTS.iter().all(|s| s.load(Ordering::Relaxed) == 0));
    }

    #[test]
    fn a_fault_outside_our_mappings_still_kills_the_process() {
        if !child() {
            let out = in_a_child("a_fault_outside_our_mappings_still_kills_the_process");
            assert_eq!(out.status.signal(), Some(libc::SIGBUS), "{out:?}");
            return;
        }
        assert!(install());
        let dir = tempfile::tempdir().unwrap();
        let (file, cut) = sevens(dir.path());
        // SAFETY: the point of the test: a read past a cut, not ours to
        // guard.
        let map = unsafe { memmap2::Mmap::map(&file) }.unwrap();
        cut.set_len(0).unwrap();
        let sum: u64 = map.iter().map(|&b| u64::from(b)).sum();
        println!("read {sum} past the cut");
    }
}
