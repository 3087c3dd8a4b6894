//! What keeps guessing slow and one busy moment from exhausting the server: rate limits per
//! client address and per e-mail address or account, the progressive delay after failed
//! sign-ins, and the bound on password hashes computed at once.
//!
//! - **Rate limits** are fixed windows counted in the database (`rate_limits`), because several
//!   `serve` instances share it: counters in one process would multiply a client's allowance by
//!   the number of instances. A refused request is not counted (the store's upsert only writes
//!   under the limit), and upkeep deletes old windows.
//! - **The progressive delay** replaces the old hard lock. Failures are counted per e-mail
//!   address (its SHA-256, whether or not an account has it, so the answer reveals nothing about
//!   who has an account); after `delay_after_failures` each further attempt must wait 2, 4, 8, …
//!   seconds, up to `delay_max_seconds`. An attempt inside the wait is refused *without* running
//!   Argon2. Nobody can lock a victim out for long: the wait is short and capped, and the one
//!   who knows the password gets in as soon as it has passed.
//! - **Hash slots**: Argon2 takes ~19 MiB and tens of milliseconds per hash, on the blocking
//!   pool. A process-local semaphore (this bounds this process's memory, so process-local is
//!   right) admits `hash_slots` at once, run on as many threads of its own (see [`HashSlots`]); a request waits up to `hash_wait_ms` for a slot and is
//!   then told the server is busy (`AppError::Busy`, 503 with `Retry-After`).

use crate::{AppError, AppResult, Context};
use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// At most `max` requests per `window_seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window_seconds: u32,
}

impl Limit {
    pub const fn new(max: u32, window_seconds: u32) -> Self {
        Self {
            max,
            window_seconds,
        }
    }
}

/// The limits, the delay and the hashing bound (the binary fills these from `security.*`).
#[derive(Clone, Debug)]
pub struct ThrottleSettings {
    /// Password hashes computed at once by this process (0 refuses every hash: tests only).
    pub hash_slots: usize,
    /// How long a request waits for a hash slot before it is told the server is busy.
    pub hash_wait_ms: u64,
    /// Password sign-ins per client address.
    pub sign_in_per_address: Limit,
    /// E-mailed requests (password reset, sign-in link, self-registration) and API token
    /// creation per client address.
    pub requests_per_address: Limit,
    /// The same requests per e-mail address (or, for API tokens, per account).
    pub requests_per_account: Limit,
    /// Failed sign-ins for one e-mail address before attempts must wait.
    pub delay_after_failures: u32,
    /// The longest wait between attempts.
    pub delay_max_seconds: u32,
}

/// Password hashes this machine can compute at once without queueing on the CPU.
pub fn default_hash_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        Self {
            hash_slots: default_hash_slots(),
            hash_wait_ms: 2_000,
            sign_in_per_address: Limit::new(60, 60),
            requests_per_address: Limit::new(20, 3600),
            requests_per_account: Limit::new(5, 3600),
            delay_after_failures: 5,
            delay_max_seconds: 300,
        }
    }
}

/// Where a request comes from, as the front end determined it (the socket's peer, or a trusted
/// proxy's header). `None` for callers with no network client (the command line, the demo's
/// playback, in-process tests): rate limits are for network clients, and apply to them alone
/// (the progressive delay after failed sign-ins applies to everyone).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    pub address: Option<String>,
}

impl Client {
    pub fn at(address: impl Into<String>) -> Self {
        Self {
            address: Some(address.into()),
        }
    }

    /// No network client: no rate limit applies.
    pub fn local() -> Self {
        Self::default()
    }
}

/// A password hash or check, run on one of the hashing threads.
type Job = Box<dyn FnOnce() + Send>;

/// The bound on password hashes computed at once by this process: `hash_slots` threads of its
/// own, and a semaphore in front of them that a request waits on for at most `hash_wait_ms`.
///
/// Why threads of its own rather than tokio's blocking pool: each Argon2 run allocates ~19 MiB,
/// and the C allocator keeps freed memory in per-thread arenas. On the blocking pool a flood
/// spreads the work over many short-lived threads, each arena keeping its 19 MiB or more (a
/// measured 664 MiB with two slots); a fixed set of threads keeps at most `hash_slots` arenas.
#[derive(Debug)]
pub struct HashSlots {
    slots: Arc<Semaphore>,
    wait: std::time::Duration,
    jobs: Option<std::sync::Mutex<std::sync::mpsc::Sender<Job>>>,
}

impl HashSlots {
    pub fn new(settings: &ThrottleSettings) -> Self {
        let jobs = (settings.hash_slots > 0).then(|| {
            let (tx, rx) = std::sync::mpsc::channel::<Job>();
            let rx = Arc::new(std::sync::Mutex::new(rx));
            for i in 0..settings.hash_slots {
                let rx = rx.clone();
                // The threads end when the sender (this value) is dropped.
                let spawned = std::thread::Builder::new()
                    .name(format!("tandem-hash-{i}"))
                    .spawn(move || {
                        loop {
                            let job = match rx.lock() {
                                Ok(r) => r.recv(),
                                Err(_) => return,
                            };
                            match job {
                                // A panicking job drops its answer (its caller gets an
                                // internal error); the thread lives on for the next.
                                Ok(job) => {
                                    let _ =
                                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                                }
                                Err(_) => return,
                            }
                        }
                    });
                if let Err(e) = spawned {
                    tracing::error!(error = %e, "could not start a password hashing thread");
                }
            }
            std::sync::Mutex::new(tx)
        });
        Self {
            slots: Arc::new(Semaphore::new(settings.hash_slots)),
            wait: std::time::Duration::from_millis(settings.hash_wait_ms),
            jobs,
        }
    }

    /// Runs `work` (a password hash or check) on a hashing thread once a slot is free, holding
    /// the slot until it is done; `Busy` when none frees up in time.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        let busy = || {
            tracing::warn!("password hashing at capacity; request refused");
            AppError::Busy { retry_after: 2 }
        };
        let permit = match tokio::time::timeout(self.wait, self.slots.clone().acquire_owned()).await
        {
            Ok(Ok(p)) => p,
            _ => return Err(busy()),
        };
        let Some(jobs) = &self.jobs else {
            return Err(busy());
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(work());
        });
        jobs.lock()
            .map_err(|_| AppError::internal(std::io::Error::other("hashing queue poisoned")))?
            .send(job)
            .map_err(|_| AppError::internal(std::io::Error::other("hashing threads gone")))?;
        let out = rx
            .await
            .map_err(|_| AppError::internal(std::io::Error::other("a hashing job failed")));
        drop(permit);
        out
    }
}

/// What a limit counts, naming its bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    SignIn,
    PasswordReset,
    SignInLink,
    Registration,
    ApiToken,
}

impl Counted {
    fn code(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::PasswordReset => "reset",
            Self::SignInLink => "link",
            Self::Registration => "register",
            Self::ApiToken => "api_token",
        }
    }
}

/// The start of the fixed window `now` falls in; the same on every instance.
fn window_start(now: DateTime<Utc>, window_seconds: u32) -> DateTime<Utc> {
    let w = i64::from(window_seconds.max(1));
    let start = now.timestamp().div_euclid(w) * w;
    DateTime::from_timestamp(start, 0).unwrap_or(now)
}

/// Whole seconds from `now` until `then`, rounded up (at least 1), for `Retry-After`.
fn seconds_until(now: DateTime<Utc>, then: DateTime<Utc>) -> u64 {
    let ms = (then - now).num_milliseconds().max(0);
    u64::try_from((ms + 999) / 1000).unwrap_or(1).max(1)
}

/// Counts one request in a bucket, or refuses it with `TooManyRequests` (counting nothing).
async fn hit(ctx: &Context, bucket: &str, limit: Limit) -> AppResult<()> {
    let now = ctx.now();
    let start = window_start(now, limit.window_seconds);
    if ctx.store.hit_rate_limit(bucket, start, limit.max).await? {
        return Ok(());
    }
    let end = start + Duration::seconds(i64::from(limit.window_seconds.max(1)));
    let retry_after = seconds_until(now, end);
    tracing::info!(
        what = bucket.split(':').next().unwrap_or(""),
        "rate limit reached"
    );
    Err(AppError::TooManyRequests { retry_after })
}

fn bucket(what: Counted, kind: &str, subject: &str) -> String {
    format!("{}:{kind}:{subject}", what.code())
}

fn address_limit(ctx: &Context, what: Counted) -> Limit {
    match what {
        Counted::SignIn => ctx.settings.throttle.sign_in_per_address,
        _ => ctx.settings.throttle.requests_per_address,
    }
}

/// Applies the per-address limit of `what` for a network client (none for local callers).
pub(crate) async fn per_address(ctx: &Context, client: &Client, what: Counted) -> AppResult<()> {
    let Some(address) = &client.address else {
        return Ok(());
    };
    hit(ctx, &bucket(what, "ip", address), address_limit(ctx, what)).await
}

/// Applies both limits of `what` to a network client's request: per client address, and per
/// account (`subject` is an account id or [`email_subject`]). When the second refuses, the hit
/// the first counted is taken back, so a refused request leaves the counters as they were.
pub(crate) async fn per_address_and_account(
    ctx: &Context,
    client: &Client,
    subject: &str,
    what: Counted,
) -> AppResult<()> {
    let Some(address) = &client.address else {
        return Ok(());
    };
    let limit = address_limit(ctx, what);
    let by_address = bucket(what, "ip", address);
    hit(ctx, &by_address, limit).await?;
    let refused = hit(
        ctx,
        &bucket(what, "acct", subject),
        ctx.settings.throttle.requests_per_account,
    )
    .await;
    if refused.is_err() {
        let start = window_start(ctx.now(), limit.window_seconds);
        ctx.store.release_rate_limit(&by_address, start).await?;
    }
    refused
}

/// What counters know an e-mail address by: its SHA-256, never the address.
pub(crate) fn email_subject(normalised_email: &str) -> String {
    crate::tokens::token_hash(&normalised_email.to_lowercase())
}

/// Refuses a sign-in for `subject` while its delay runs (before any password is checked).
pub(crate) async fn check_delay(ctx: &Context, subject: &str) -> AppResult<()> {
    let now = ctx.now();
    if let Some(until) = ctx.store.sign_in_not_before(subject).await?
        && until > now
    {
        return Err(AppError::TooManyRequests {
            retry_after: seconds_until(now, until),
        });
    }
    Ok(())
}

/// The wait after `failures` failed sign-ins: none up to the threshold, then 2, 4, 8, … seconds,
/// capped.
pub fn delay_after(settings: &ThrottleSettings, failures: u32) -> Option<Duration> {
    let over = failures.checked_sub(settings.delay_after_failures)?;
    let cap = i64::from(settings.delay_max_seconds);
    let secs = 2_i64
        .checked_pow(over.saturating_add(1))
        .unwrap_or(cap)
        .min(cap);
    (secs > 0).then(|| Duration::seconds(secs))
}

/// Counts a failed sign-in for `subject` and starts the next wait when it is due.
pub(crate) async fn record_failure(ctx: &Context, subject: &str) -> AppResult<()> {
    let now = ctx.now();
    let failures = ctx.store.record_sign_in_failure(subject, now).await?;
    if let Some(wait) = delay_after(&ctx.settings.throttle, failures) {
        ctx.store.delay_sign_in(subject, now + wait).await?;
    }
    Ok(())
}

/// Deletes windows and failure counts nobody needs any more; returns how many rows.
pub(crate) async fn sweep(ctx: &Context) -> AppResult<u64> {
    let now = ctx.now();
    let t = &ctx.settings.throttle;
    let longest = [
        t.sign_in_per_address,
        t.requests_per_address,
        t.requests_per_account,
    ]
    .iter()
    .map(|l| i64::from(l.window_seconds))
    .max()
    .unwrap_or(3600);
    let windows = ctx
        .store
        .delete_rate_limits_before(now - Duration::seconds(longest))
        .await?;
    let delays = ctx
        .store
        .delete_sign_in_delays_before(now - Duration::hours(24))
        .await?;
    Ok(windows + delays)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_after_the_threshold_and_is_capped() {
        let s = ThrottleSettings {
            delay_after_failures: 3,
            delay_max_seconds: 60,
            ..ThrottleSettings::default()
        };
        assert_eq!(delay_after(&s, 2), None);
        assert_eq!(delay_after(&s, 3), Some(Duration::seconds(2)));
        assert_eq!(delay_after(&s, 4), Some(Duration::seconds(4)));
        assert_eq!(delay_after(&s, 7), Some(Duration::seconds(32)));
        assert_eq!(delay_after(&s, 8), Some(Duration::seconds(60)));
        assert_eq!(delay_after(&s, 500), Some(Duration::seconds(60)));
    }

    #[test]
    fn windows_are_aligned_so_every_instance_agrees() {
        let t = DateTime::from_timestamp(1_000_059, 0).unwrap();
        assert_eq!(window_start(t, 60).timestamp(), 1_000_020);
        assert_eq!(window_start(t, 3600).timestamp(), 997_200);
    }
}
