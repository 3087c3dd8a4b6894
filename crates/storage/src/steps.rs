//! How long each step of a long piece of work took, as `debug` events (`TANDEM_LOG=debug`).
//!
//! An import of a million people takes minutes; an operator who wants to know where (reading,
//! checking, the rows, the search tables) turns these on instead of attaching a profiler. The
//! events carry step names, counts and durations only: never a person's data.

use std::time::Instant;

/// A stopwatch over the steps of one piece of work.
#[derive(Debug)]
pub struct Steps {
    work: &'static str,
    started: Instant,
    last: Instant,
}

impl Steps {
    pub fn new(work: &'static str) -> Self {
        let now = Instant::now();
        Steps {
            work,
            started: now,
            last: now,
        }
    }

    /// Records that `step` (of `count` rows or items) finished now.
    pub fn done(&mut self, step: &'static str, count: usize) {
        let now = Instant::now();
        tracing::debug!(
            work = self.work,
            step,
            count,
            ms = now.duration_since(self.last).as_millis() as u64,
            total_ms = now.duration_since(self.started).as_millis() as u64,
            "step done"
        );
        self.last = now;
    }
}
