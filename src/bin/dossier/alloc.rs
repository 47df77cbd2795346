//! The binary's memory allocator: the system's for short commands, mimalloc from the moment
//! a command that reads many articles starts ([`use_mimalloc`]).
//!
//! Indexing allocates and frees many small strings and vectors an article, on several
//! threads (an article is parsed on one and dropped on another), and there mimalloc is
//! faster than glibc's malloc: Reuters ×1 indexed in 1.57 s against 1.66 s (median of six
//! alternated runs each), ×10 in 9.7 s against 10.3 s (median of three), on a shared
//! 2-core machine. But mimalloc costs a process even when it allocates nothing: it starts
//! up at load (reads its options from the environment, asks the kernel about memory), and
//! allocating from it touches more fresh pages (a page a size class): a one-shot query
//! served wholly by mimalloc took 495 page faults against 331, and 0.26 ms more. So memory
//! comes from the system's allocator until [`use_mimalloc`], and every block goes back to
//! the allocator it came from, which mimalloc can tell. What is left, mimalloc's start-up,
//! is 0.05–0.08 ms of a one-shot query (`scripts/oneshot-ab.py`).
//!
//! mimalloc 2 (feature `v2`) starts up faster than mimalloc 3 (0.085 ms against 0.13 ms
//! more than the system's allocator alone for `dossier --version`), and both index alike.
//! It is built without transparent huge pages (`no_thp`): with them, its first allocation
//! had the kernel clear a 2 MiB page.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// Allocates from the system's allocator, or from mimalloc once [`use_mimalloc`] was called.
pub struct Allocator;

/// Whether new blocks come from mimalloc. Set once, never unset.
static MIMALLOC: AtomicBool = AtomicBool::new(false);

/// New blocks come from mimalloc from now on, on every thread (blocks allocated before
/// are freed by the system's allocator as always).
pub fn use_mimalloc() {
    MIMALLOC.store(true, Ordering::Relaxed);
}

/// Whether mimalloc allocated `ptr`. Before [`use_mimalloc`] nothing is mimalloc's (and
/// mimalloc is not even started by the question).
fn from_mimalloc(ptr: *mut u8) -> bool {
    // SAFETY: mi_is_in_heap_region only looks `ptr` up in mimalloc's page map; any
    // pointer may be asked about.
    MIMALLOC.load(Ordering::Relaxed)
        && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast_const().cast()) }
}

// SAFETY: each call is passed on unchanged to one of two allocators that implement
// GlobalAlloc; a block is freed or resized only by the allocator that gave it.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if MIMALLOC.load(Ordering::Relaxed) {
            unsafe { MiMalloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if MIMALLOC.load(Ordering::Relaxed) {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if from_mimalloc(ptr) {
            unsafe { MiMalloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if from_mimalloc(ptr) {
            unsafe { MiMalloc.realloc(ptr, layout, new_size) }
        } else {
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_go_back_to_the_allocator_they_came_from() {
        let layout = Layout::from_size_align(100, 8).unwrap();
        let a = Allocator;
        // SAFETY: each block is used within its layout and freed once.
        unsafe {
            let before = a.alloc(layout);
            assert!(!from_mimalloc(before));
            use_mimalloc();
            let after = a.alloc(layout);
            assert!(from_mimalloc(after));
            assert!(
                !from_mimalloc(before),
                "the system's block stays the system's"
            );
            let before = a.realloc(before, layout, 5000);
            assert!(!from_mimalloc(before));
            let after = a.realloc(after, layout, 5000);
            assert!(from_mimalloc(after));
            let grown = Layout::from_size_align(5000, 8).unwrap();
            a.dealloc(before, grown);
            a.dealloc(after, grown);
        }
    }
}
