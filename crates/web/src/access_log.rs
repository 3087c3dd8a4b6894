//! Which requests get an access-log line: all, one in N, errors only, or none.
//!
//! A line per request is what a load run cannot afford (a 30-minute run wrote 2.3 GB, and
//! writing the lines capped `/healthz` at 63 k requests a second against 89 k without them).
//! The default, `sample:100`, keeps what an operator looks for: every server error and every
//! slow request, and one in a hundred of the rest, so traffic stays visible in the log without
//! the log growing with it. The choice is deterministic (a per-process counter rather than a
//! random draw), so it can be tested and one in N is exactly one in N. The counter is the
//! process's own: sampling is about how much one process writes, not something a request needs.
//!
//! What a line holds is unchanged (see `ops`): the method, the matched route (never the path or
//! query, which may hold a name, an e-mail address or a link's secret), the status, the latency
//! and the request id.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A request slower than this is always logged (except with [`AccessLog::Off`]).
pub const SLOW: Duration = Duration::from_secs(1);

/// Which requests are logged (the binary reads it from its configuration, `access_log`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessLog {
    /// Every request.
    All,
    /// Server errors and slow requests, and one in `n` of the others (`n` ≥ 1; 1 is `All`).
    Sample(u64),
    /// Server errors and slow requests only.
    Errors,
    /// No access log (the application's own warnings and errors still are).
    Off,
}

impl Default for AccessLog {
    fn default() -> Self {
        AccessLog::Sample(100)
    }
}

/// The policy with its counter of ordinary requests: cheap to clone (clones share the counter).
#[derive(Clone, Debug, Default)]
pub struct Sampler {
    policy: AccessLog,
    seen: Arc<AtomicU64>,
}

impl Sampler {
    pub fn new(policy: AccessLog) -> Self {
        Self {
            policy,
            seen: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Whether this response gets a line. Server errors and slow requests always do (unless the
    /// log is off); of the others, `Sample(n)` keeps the first and then every n-th.
    pub fn keep(&self, status: u16, latency: Duration) -> bool {
        let notable = status >= 500 || latency >= SLOW;
        match self.policy {
            AccessLog::Off => false,
            AccessLog::All => true,
            AccessLog::Errors => notable,
            AccessLog::Sample(n) => {
                notable
                    || self
                        .seen
                        .fetch_add(1, Ordering::Relaxed)
                        .is_multiple_of(n.max(1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: Duration = Duration::from_millis(3);

    #[test]
    fn sampling_keeps_exactly_one_in_n_of_ordinary_requests() {
        let s = Sampler::new(AccessLog::Sample(10));
        let kept = (0..100).filter(|_| s.keep(200, FAST)).count();
        assert_eq!(kept, 10);
        // Which ones: the first, then every tenth.
        let s = Sampler::new(AccessLog::Sample(4));
        let pattern: Vec<bool> = (0..9).map(|_| s.keep(404, FAST)).collect();
        assert_eq!(
            pattern,
            [true, false, false, false, true, false, false, false, true]
        );
        // Clones share the counter: one in N across the whole server, not per clone.
        let a = Sampler::new(AccessLog::Sample(2));
        let b = a.clone();
        assert_eq!(
            (a.keep(200, FAST), b.keep(200, FAST), a.keep(200, FAST)),
            (true, false, true)
        );
        // Sample(1) keeps everything.
        let one = Sampler::new(AccessLog::Sample(1));
        assert!((0..50).all(|_| one.keep(200, FAST)));
    }

    #[test]
    fn errors_and_slow_requests_are_always_kept_and_do_not_use_up_the_sample() {
        let s = Sampler::new(AccessLog::Sample(1000));
        assert!(s.keep(200, FAST)); // the first ordinary one
        for _ in 0..20 {
            assert!(s.keep(500, FAST));
            assert!(s.keep(503, FAST));
            assert!(s.keep(200, SLOW));
        }
        // 999 ordinary requests skipped, then the next is kept: the notable ones did not count.
        assert!((0..999).all(|_| !s.keep(200, FAST)));
        assert!(s.keep(302, FAST));

        let e = Sampler::new(AccessLog::Errors);
        assert!(!e.keep(200, FAST) && !e.keep(404, FAST) && !e.keep(499, FAST));
        assert!(e.keep(500, FAST) && e.keep(200, SLOW));

        let off = Sampler::new(AccessLog::Off);
        assert!(!off.keep(500, SLOW) && !off.keep(200, FAST));
        let all = Sampler::new(AccessLog::All);
        assert!(all.keep(200, FAST) && all.keep(404, FAST));
    }
}
