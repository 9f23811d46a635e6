//! Giving freed memory back to the system. glibc's allocator keeps what a thread frees for
//! that thread's next allocations, so a first open at a million articles held gigabytes it no
//! longer used: the search index built in memory (1.4 GB, dropped once its file is written) and
//! what the analysis threads freed between articles. Elsewhere this does nothing.

/// Returns the allocator's free pages to the system; they come back zeroed when needed.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes the allocator's own locks and touches only its free memory.
    unsafe {
        libc::malloc_trim(0);
    }
}
