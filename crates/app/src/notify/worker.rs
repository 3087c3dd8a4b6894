//! Workers: claim due notices with a lease, render, send, and record the outcome.

use std::sync::OnceLock;
use tokio::sync::Notify;

/// Wakes this process's workers (a use case just queued something), so a notice goes out
/// without waiting for the next poll. Other instances find it on their next poll.
pub fn wake() {
    waker().notify_waiters();
}

/// The process-wide wake-up signal the workers wait on.
pub fn waker() -> &'static Notify {
    static WAKER: OnceLock<Notify> = OnceLock::new();
    WAKER.get_or_init(Notify::new)
}
