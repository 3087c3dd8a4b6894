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

use super::preferences::{self, Delivery};
use super::{NoticeKind, Queued, Recipient};
use crate::{AppError, AppResult, Context};
use tandem_domain::Language;
use tandem_mail::Email;
use tandem_storage::{NoticeTo, OutboxRow, StoreError};

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    /// No longer deliverable or wanted (erased, switched off, no longer relevant).
    pub dropped: u64,
    /// Held for a daily digest.
    pub held: u64,
    pub failed: u64,
}

/// Delivers every notice due now, in this process, until none is left (at most `limit`).
/// Tests and the demo call it to run the outbox to completion.
pub async fn deliver_due(ctx: &Context, limit: u64) -> AppResult<Delivered> {
    let mut done = Delivered::default();
    let rows = ctx.store.due_notices(ctx.now(), limit).await?;
    for row in rows {
        let outcome = deliver_one(ctx, &row).await;
        let now = ctx.now();
        match outcome {
            Ok(Outcome::Sent) => {
                ctx.store.finish_notice(&row.id, "sent", None, now).await?;
                done.sent += 1;
            }
            Ok(Outcome::Dropped(why)) => {
                ctx.store
                    .finish_notice(&row.id, "dropped", Some(why), now)
                    .await?;
                done.dropped += 1;
            }
            Ok(Outcome::Held) => {
                ctx.store
                    .finish_notice(&row.id, "digest", None, now)
                    .await?;
                done.held += 1;
            }
            Err(e) => {
                // Ids only: the error may name an address.
                tracing::warn!(notice = %row.id, kind = %row.kind, "notice not delivered");
                let reason = e.to_string();
                ctx.store
                    .finish_notice(&row.id, "dead", Some(&reason), now)
                    .await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

enum Outcome {
    Sent,
    Dropped(&'static str),
    Held,
}

async fn deliver_one(ctx: &Context, row: &OutboxRow) -> AppResult<Outcome> {
    let Some(kind) = NoticeKind::from_code(&row.kind) else {
        return Ok(Outcome::Dropped("unknown kind"));
    };
    let recipient = match &row.to {
        NoticeTo::Person(id) => match ctx.store.get_person(*id).await {
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
    };
    ctx.mailer.send(email).await.map_err(AppError::internal)?;
    Ok(Outcome::Sent)
}
