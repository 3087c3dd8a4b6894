//! The dead-letter list: notices that could not be delivered after their retries. The scheme's
//! administrator reads them (what, when, how often tried, the last error) and may put one back
//! in the queue once the cause is fixed (a mistyped address corrected, the mail server back).
//! Coordinators do not see the list; they see on a person's page that the person could not be
//! reached ([`crate::people::PersonView::undeliverable`]).

use super::NoticeKind;
use crate::{AppError, AppResult, Context, audited, authorise};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tandem_domain::{Action, Actor, PersonId};
use tandem_storage::NoticeTo;

/// How many dead notices the list shows at most (the newest).
pub const LIST_LIMIT: u64 = 200;

/// One undelivered notice as the administrator sees it.
#[derive(Clone, Debug, Serialize)]
pub struct DeadLetter {
    pub id: String,
    /// The kind's stable code, and the translation key of its name.
    pub kind: String,
    pub kind_key: String,
    pub failed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    pub last_error: Option<String>,
    /// The recipient, when the viewer may see them (their page's link and name).
    pub recipient: Option<(PersonId, String)>,
}

/// The scheme's dead notices, newest failure first (administrators only).
pub async fn list(ctx: &Context, actor: &Actor) -> AppResult<Vec<DeadLetter>> {
    authorise(actor, Action::ManageUndeliveredNotices)?;
    let rows = ctx.store.dead_notices(actor.scheme_id, LIST_LIMIT).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let recipient = match row.to {
            NoticeTo::Person(p) => match crate::people::load_visible(ctx, actor, p).await {
                Ok(record) => Some((p, record.person.display_name())),
                Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            },
            NoticeTo::Address(_) => None,
        };
        let kind_key = NoticeKind::from_code(&row.kind)
            .map(NoticeKind::name_key)
            .unwrap_or_else(|| "notices.dead.unknown_kind".to_string());
        out.push(DeadLetter {
            id: row.id,
            kind: row.kind,
            kind_key,
            failed_at: row.finished_at,
            created_at: row.created_at,
            attempts: row.attempts,
            last_error: row.last_error,
            recipient,
        });
    }
    Ok(out)
}

/// Puts a dead notice of the scheme back in the queue, due now (administrators only). Returns
/// `false` when it was no longer dead (retried by someone else meanwhile): nothing changes.
/// A notice of another scheme, or none, is `NotFound`.
pub async fn retry(ctx: &Context, actor: &Actor, id: &str) -> AppResult<bool> {
    authorise(actor, Action::ManageUndeliveredNotices)?;
    let row = ctx.store.notice(id).await?.ok_or(AppError::NotFound)?;
    let NoticeTo::Person(person) = row.to else {
        return Err(AppError::NotFound);
    };
    match ctx.store.get_person(person).await {
        Ok(r) if r.person.scheme_id == actor.scheme_id => {}
        Ok(_) | Err(tandem_storage::StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    }
    // Written only when the notice was queued again (the store drops the entry otherwise).
    let change = audited(
        ctx,
        Some(actor),
        "dead_letter.retry",
        id.to_string(),
        format!("kind={} attempts={}", row.kind, row.attempts),
    );
    let queued = change.store.retry_dead_notice(id, ctx.now()).await?;
    change.done()?;
    if queued {
        super::worker::wake();
    }
    Ok(queued)
}
