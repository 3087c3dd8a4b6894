//! Workers: claim due notices with a lease, render, send, and record the outcome.
//!
//! # Claims, retries and the one duplicate window
//!
//! A worker claims a batch of due rows (`Store::claim_notices`): the rows get its name and a
//! lease until `now + lease`, and their attempt count goes up. Two workers never hold the same
//! row at once; a row whose worker died (or hung past its lease) is claimed again by anyone once
//! the lease has run out. Recording the outcome checks the worker still holds the lease, so a
//! late worker never overwrites another's result.
//!
//! A failed attempt (SMTP refused or unreachable, a renderer error) puts the row back, due
//! again after a growing pause ([`BACKOFF`]); after [`MAX_ATTEMPTS`] attempts it is `dead`, with
//! the reason kept for the administrator's dead-letter list. Nothing is retried in a tight loop
//! and nothing crashes the worker: a pass that fails (the database went away) is logged and
//! tried again on the next poll.
//!
//! Exactly once has one gap, and it is the classic one: the SMTP server accepted a message and
//! the worker died (or lost the database) before recording `sent`. The row is still queued under
//! the dead worker's lease; when the lease runs out another worker sends it again. The window is
//! the time between the server's `250 OK` and the commit of `sent`, milliseconds in practice;
//! closing it would need the SMTP server to take part in our transaction, which it cannot.
//! docs/notices.md reports how often the kill tests hit it.

use super::preferences::{self, Delivery};
use super::{NoticeKind, Queued, Recipient};
use crate::{AppError, AppResult, Context};
use std::sync::OnceLock;
use std::time::Duration as StdDuration;
use tandem_domain::Language;
use tandem_mail::{Email, MailError};
use tandem_storage::{NoticeTo, OutboxRow, StoreError};
use tokio::sync::{Notify, watch};

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

/// Pause before attempt 2, 3, …: one minute, five, half an hour, two hours, six hours. A server
/// that is briefly down is retried soon; one that refuses an address for good is not hammered,
/// and the notice is dead (with the reason) about nine hours after it was first tried.
pub const BACKOFF: [chrono::Duration; 5] = [
    chrono::Duration::minutes(1),
    chrono::Duration::minutes(5),
    chrono::Duration::minutes(30),
    chrono::Duration::hours(2),
    chrono::Duration::hours(6),
];

/// Attempts before a notice is dead: the first and one after each pause of [`BACKOFF`].
pub const MAX_ATTEMPTS: u32 = BACKOFF.len() as u32 + 1;

/// How a worker runs. The defaults suit production; tests shorten the lease.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// How long a claim holds a row. Longer than a batch can take to send (a slow SMTP server
    /// gives up after its timeout of 30 s per message), or another worker sends it too.
    pub lease: chrono::Duration,
    /// Rows claimed at once.
    pub batch: u64,
    /// How often an idle worker looks for due rows (a local use case wakes it sooner).
    pub poll: StdDuration,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        Self {
            lease: chrono::Duration::minutes(5),
            batch: 10,
            poll: StdDuration::from_secs(5),
        }
    }
}

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    /// No longer deliverable or wanted (erased, switched off, no longer relevant).
    pub dropped: u64,
    /// Held for a daily digest.
    pub held: u64,
    /// Attempts that failed: the notice is queued again for later, or dead after the last.
    pub failed: u64,
}

impl Delivered {
    fn add(&mut self, other: Delivered) {
        self.sent += other.sent;
        self.dropped += other.dropped;
        self.held += other.held;
        self.failed += other.failed;
    }
}

/// Delivers every notice due now, in this process, until none is left (at most `limit`).
/// Tests and the demo call it to run the outbox to completion. It claims like any worker, so it
/// is safe next to running workers; a failed notice is due again later, so it never loops.
pub async fn deliver_due(ctx: &Context, limit: u64) -> AppResult<Delivered> {
    let owner = format!("inline-{}", uuid::Uuid::now_v7());
    deliver_pass(ctx, &owner, &WorkerOptions::default(), limit, None).await
}

/// Claims and delivers batches until nothing is due, `limit` rows were handled, or `stop` says so.
async fn deliver_pass(
    ctx: &Context,
    owner: &str,
    options: &WorkerOptions,
    limit: u64,
    stop: Option<&watch::Receiver<bool>>,
) -> AppResult<Delivered> {
    let mut done = Delivered::default();
    let mut left = limit;
    while left > 0 && !stop.is_some_and(|s| *s.borrow()) {
        let rows = ctx
            .store
            .claim_notices(
                owner,
                ctx.now(),
                options.lease,
                options.batch.max(1).min(left),
            )
            .await?;
        if rows.is_empty() {
            break;
        }
        left = left.saturating_sub(rows.len() as u64);
        for (i, row) in rows.iter().enumerate() {
            if stop.is_some_and(|s| *s.borrow()) {
                // Shutting down: hand the rest back now rather than when the lease runs out.
                let rest: Vec<&str> = rows[i..].iter().map(|r| r.id.as_str()).collect();
                ctx.store.release_claimed(&rest, owner).await?;
                return Ok(done);
            }
            done.add(deliver_claimed(ctx, owner, row).await?);
        }
    }
    Ok(done)
}

/// Delivers one claimed row and records the outcome under `owner`'s lease.
async fn deliver_claimed(ctx: &Context, owner: &str, row: &OutboxRow) -> AppResult<Delivered> {
    if row.attempts > MAX_ATTEMPTS {
        // Claimed more often than it may be tried: each time its worker died or panicked while
        // holding it. Trying again would take the next worker down too.
        tracing::warn!(notice = %row.id, kind = %row.kind, "notice given up: its workers kept stopping");
        ctx.store
            .finish_claimed(
                &row.id,
                owner,
                "dead",
                Some("gave up: every attempt was interrupted (the worker stopped while sending)"),
                ctx.now(),
            )
            .await?;
        return Ok(Delivered {
            failed: 1,
            ..Delivered::default()
        });
    }
    let outcome = deliver_one(ctx, row).await;
    let now = ctx.now();
    let store = &ctx.store;
    let mut done = Delivered::default();
    let kept = match outcome {
        Ok(Outcome::Sent) => {
            done.sent = 1;
            store
                .finish_claimed(&row.id, owner, "sent", None, now)
                .await?
        }
        Ok(Outcome::Dropped(why)) => {
            done.dropped = 1;
            store
                .finish_claimed(&row.id, owner, "dropped", Some(why), now)
                .await?
        }
        Ok(Outcome::Held) => {
            done.held = 1;
            store
                .finish_claimed(&row.id, owner, "digest", None, now)
                .await?
        }
        Err(failure) => {
            done.failed = 1;
            let reason = failure.reason();
            let last = failure.permanent || row.attempts >= MAX_ATTEMPTS;
            // Ids only: the reason is kept in the row, where the administrator reads it.
            tracing::warn!(
                notice = %row.id,
                kind = %row.kind,
                attempt = row.attempts,
                dead = last,
                "notice not delivered"
            );
            if last {
                store
                    .finish_claimed(&row.id, owner, "dead", Some(&reason), now)
                    .await?
            } else {
                let pause = BACKOFF[(row.attempts.max(1) as usize - 1).min(BACKOFF.len() - 1)];
                store
                    .retry_claimed(&row.id, owner, &reason, now + pause)
                    .await?
            }
        }
    };
    if !kept {
        // The lease ran out mid-delivery and another worker claimed the row: its outcome stands.
        tracing::warn!(notice = %row.id, worker = %owner, "lease lost before the outcome was recorded");
    }
    Ok(done)
}

/// Runs one worker until `shutdown` turns true: claims and delivers batches, then sleeps until
/// a local use case queues something ([`wake`]) or the poll interval passes. Errors of a pass
/// (the database unreachable) are logged and the worker carries on at the next poll.
pub async fn run(
    ctx: crate::Context,
    owner: String,
    options: WorkerOptions,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(worker = %owner, "notice worker started");
    loop {
        if *shutdown.borrow() {
            break;
        }
        // Registered before the pass, so a notice queued while it runs still wakes us.
        let notified = waker().notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        // In a task of its own, so that a panic while rendering one notice (a bug) ends the
        // pass, not the worker; the notice's lease runs out and it is counted as an attempt.
        let pass = tokio::spawn({
            let (ctx, owner, options, stop) = (
                ctx.clone(),
                owner.clone(),
                options.clone(),
                shutdown.clone(),
            );
            async move { deliver_pass(&ctx, &owner, &options, u64::MAX, Some(&stop)).await }
        });
        match pass.await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::warn!(worker = %owner, error = %chain(&e), "notice delivery pass failed");
            }
            Err(e) => tracing::error!(worker = %owner, error = %e, "notice delivery pass panicked"),
        }
        tokio::select! {
            _ = &mut notified => {}
            _ = tokio::time::sleep(options.poll) => {}
            _ = shutdown.changed() => {}
        }
    }
    tracing::info!(worker = %owner, "notice worker stopped");
}

/// An error with its causes, for the log and `last_error` (the mail crate already replaces
/// addresses in SMTP replies; our own errors carry ids only).
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        out.push_str(": ");
        out.push_str(&s.to_string());
        src = s.source();
    }
    out
}

/// The host part of notices' `Message-ID`s: the public address's host (an id is unique to the
/// installation that made it).
fn message_id_host(ctx: &Context) -> String {
    let base = ctx.settings.base();
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    if host.is_empty() || !host.is_ascii() {
        "tandem.invalid".into()
    } else {
        host.to_ascii_lowercase()
    }
}

enum Outcome {
    Sent,
    Dropped(&'static str),
    Held,
}

/// Why an attempt failed, and whether trying again could help.
struct Failure {
    error: Box<dyn std::error::Error + Send + Sync>,
    permanent: bool,
}

impl Failure {
    fn reason(&self) -> String {
        let mut reason = chain(self.error.as_ref());
        if reason.len() > 500 {
            let mut cut = 500;
            while !reason.is_char_boundary(cut) {
                cut -= 1;
            }
            reason.truncate(cut);
        }
        reason
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure {
            error: Box::new(e),
            permanent: false,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        AppError::from(e).into()
    }
}

impl From<MailError> for Failure {
    fn from(e: MailError) -> Self {
        // A malformed address or message fails the same way every time; the server being
        // down, busy or refusing (which may be temporary, or fixed by the person's coordinator)
        // is worth trying again.
        let permanent = matches!(e, MailError::Address(_) | MailError::Build(_));
        Failure {
            error: Box::new(e),
            permanent,
        }
    }
}

async fn deliver_one(ctx: &Context, row: &OutboxRow) -> Result<Outcome, Failure> {
    let Some(kind) = NoticeKind::from_code(&row.kind) else {
        return Ok(Outcome::Dropped("unknown kind"));
    };
    let recipient = match &row.to {
        NoticeTo::Person(id) => match ctx.store.get_person(*id).await {
            // An erased person keeps their row (others' records name it) but is told nothing.
            Ok(_) if ctx.store.person_erased(*id).await? => {
                return Ok(Outcome::Dropped("person erased"));
            }
            Ok(record) => {
                let (preferences_url, unsubscribe_url) = preferences::links(ctx, *id, kind).await?;
                Recipient {
                    person_id: Some(*id),
                    name: record.person.given_name.clone(),
                    address: record.person.email.clone(),
                    language: record.person.language,
                    preferences_url,
                    unsubscribe_url,
                }
            }
            Err(StoreError::NotFound) => return Ok(Outcome::Dropped("person gone")),
            Err(e) => return Err(e.into()),
        },
        NoticeTo::Address(a) => Recipient {
            person_id: None,
            name: String::new(),
            address: a.clone(),
            language: Language::default(),
            preferences_url: None,
            unsubscribe_url: None,
        },
    };
    if let Some(person) = recipient.person_id {
        match preferences::decide(ctx, person, kind).await? {
            Delivery::Immediate => {}
            Delivery::Digest => return Ok(Outcome::Held),
            Delivery::Off => return Ok(Outcome::Dropped("switched off")),
        }
    }
    let queued = Queued {
        kind,
        dedup_key: row.dedup_key.clone(),
        payload: serde_json::from_str(&row.payload).map_err(AppError::internal)?,
        created_at: row.created_at,
    };
    let Some(rendered) = super::render(ctx, &queued, &recipient).await? else {
        return Ok(Outcome::Dropped("no longer relevant"));
    };
    let email = Email {
        to: recipient.address,
        subject: rendered.subject,
        text: rendered.text,
        html: Some(rendered.html),
        kind: Some(kind.code().to_string()),
        list_unsubscribe: recipient.unsubscribe_url,
        attachments: rendered.attachments,
        message_id: Some(format!("{}@{}", row.id, message_id_host(ctx))),
    };
    ctx.mailer.send(email).await?;
    Ok(Outcome::Sent)
}
