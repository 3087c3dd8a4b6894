//! What every use case runs with: the store, the mailer, a clock and the settings.
//!
//! The clock is injected so that expiry (tokens, lock-outs, offers, caps by date) can be tested
//! by moving time rather than by waiting, and so that the demo can play a scheme's history at the
//! dates it happened. Production uses [`SystemClock`]; nothing on the context itself can move
//! time.

use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tandem_mail::Mailer;
use tandem_storage::Store;

/// The current time, as the application sees it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The wall clock moved by an offset that its owner may change: tests move it forward to expire
/// tokens and offers, and the demo moves it back to play past events at their dates. Whoever
/// builds a [`Context`] with it keeps the handle; nobody else can reach it.
#[derive(Debug, Default)]
pub struct SettableClock {
    offset_seconds: AtomicI64,
}

impl SettableClock {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Moves the clock by `by` (forward when positive).
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), Ordering::Relaxed);
    }

    /// Sets the clock to `to` (to the second).
    pub fn set(&self, to: DateTime<Utc>) {
        self.offset_seconds
            .store((to - Utc::now()).num_seconds(), Ordering::Relaxed);
    }
}

impl Clock for SettableClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }
}

/// Settings the use cases need (the binary fills these from its configuration).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Public address used in e-mailed links, e.g. `https://tandem.example.org` (no trailing slash).
    pub base_url: String,
    /// Lifetime of a browser session.
    pub session_hours: u32,
    /// How long an invitation link stays valid.
    pub invitation_hours: u32,
    /// How long a password-reset link stays valid.
    pub reset_minutes: u32,
    /// Lifetime of a new API token unless its creator chooses another.
    pub api_token_days: u32,
    /// The longest lifetime a new API token may be given.
    pub api_token_max_days: u32,
    /// Rate limits and the password-hashing bound (see [`crate::throttle`]).
    pub throttle: crate::throttle::ThrottleSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            session_hours: 12,
            invitation_hours: 7 * 24,
            reset_minutes: 60,
            api_token_days: 90,
            api_token_max_days: 365,
            throttle: crate::throttle::ThrottleSettings::default(),
        }
    }
}

impl Settings {
    /// `base_url` without a trailing slash, for building links.
    pub fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// Everything a use case runs with. Cheap to clone.
#[derive(Clone)]
pub struct Context {
    pub store: Store,
    pub mailer: Arc<dyn Mailer>,
    pub clock: Arc<dyn Clock>,
    pub settings: Settings,
    /// Bounds the password hashes this process computes at once (shared by every clone).
    pub hashing: Arc<crate::throttle::HashSlots>,
}

impl Context {
    /// A context on the wall clock.
    pub fn new(store: Store, mailer: Arc<dyn Mailer>, settings: Settings) -> Self {
        Self::with_clock(store, mailer, settings, Arc::new(SystemClock))
    }

    pub fn with_clock(
        store: Store,
        mailer: Arc<dyn Mailer>,
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let hashing = Arc::new(crate::throttle::HashSlots::new(&settings.throttle));
        Self {
            store,
            mailer,
            clock,
            settings,
            hashing,
        }
    }

    /// The current time as the application sees it.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
