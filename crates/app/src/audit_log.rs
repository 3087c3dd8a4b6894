//! Browsing the audit log (administrators only): newest first, filtered by action, actor,
//! subject and date range, one page at a time by keyset (the page after the last entry shown),
//! so a page costs its own rows however long the log is. See docs/audit.md.
//!
//! Entries hold ids and codes only. An actor is shown by name when the administrator may see
//! that person (the same rule as the people pages), otherwise by id; nothing else is looked up.

use crate::{AppError, AppResult, Context, authorise};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use tandem_domain::{Action, Actor, PersonId};
use tandem_storage::{AuditCursor, AuditFilter};

/// Entries per page.
pub const PAGE_SIZE: u32 = 50;

/// Longest action or subject filter accepted (codes and ids are far shorter).
const MAX_FILTER_CHARS: usize = 200;

/// What to show: every field optional; `before` is the `next` of the page before.
#[derive(Clone, Debug, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor: Option<PersonId>,
    pub subject: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub before: Option<i64>,
    /// The `previous` of the page after: entries newer than it (ignored when `before` is set).
    pub after: Option<i64>,
}

/// One entry as the administrator sees it.
#[derive(Clone, Debug, Serialize)]
pub struct AuditLine {
    /// Its position in the chain.
    pub seq: i64,
    pub id: String,
    pub at: DateTime<Utc>,
    pub actor: Option<PersonId>,
    /// The actor's name, when the viewer may see them.
    pub actor_name: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// One page, and where the next one starts (`None` on the last page).
#[derive(Clone, Debug, Serialize)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    pub next: Option<i64>,
    /// Where the newer page starts (pass as `after`); `None` on the newest page.
    pub previous: Option<i64>,
    /// Entries matching the filters, exact up to [`tandem_storage::COUNT_CAP`]; beyond it
    /// `total_exact` is false and the total is that cap (counting further would read them all).
    pub total: u64,
    pub total_exact: bool,
}

fn filter_text(field: &'static str, v: &Option<String>) -> AppResult<Option<String>> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if t.chars().count() > MAX_FILTER_CHARS => {
            Err(AppError::field(field, "audit.error.filter_too_long"))
        }
        Some(t) => Ok(Some(t.to_string())),
    }
}

/// One page of the log, newest first (administrators only).
pub async fn browse(ctx: &Context, actor: &Actor, q: &AuditQuery) -> AppResult<AuditPage> {
    authorise(actor, Action::ViewAuditLog)?;
    if let (Some(from), Some(to)) = (q.from, q.to)
        && from > to
    {
        return Err(AppError::field("to", "audit.error.dates_reversed"));
    }
    let filter = AuditFilter {
        action: filter_text("action", &q.action)?,
        actor: q.actor,
        subject: filter_text("subject", &q.subject)?,
        from: q.from,
        to: q.to,
    };
    let cursor = match (q.before, q.after) {
        (Some(b), _) => Some(AuditCursor::Before(b)),
        (None, Some(a)) => Some(AuditCursor::After(a)),
        (None, None) => None,
    };
    // Keyset paging with a capped count: a page costs its own rows however long the log is.
    let mut page = ctx
        .store
        .audit_log_page(&filter, cursor, u64::from(PAGE_SIZE))
        .await?;
    if page.items.is_empty() && matches!(cursor, Some(AuditCursor::After(_))) {
        // Nothing newer than an (edited) `after`: the newest page.
        page = ctx
            .store
            .audit_log_page(&filter, None, u64::from(PAGE_SIZE))
            .await?;
    }
    let parse = |c: &Option<String>| c.as_deref().and_then(|s| s.parse::<i64>().ok());
    let (next, previous) = (parse(&page.next), parse(&page.previous));
    let (total, total_exact) = (page.total, page.total_exact);
    let rows = page.items;
    let mut names: HashMap<PersonId, Option<String>> = HashMap::new();
    for id in rows.iter().filter_map(|r| r.actor) {
        if names.contains_key(&id) {
            continue;
        }
        let name = match crate::people::load_visible(ctx, actor, id).await {
            Ok(record) => Some(record.person.display_name()),
            // Erased, of another scheme or not theirs to see: shown by id.
            Err(AppError::NotFound | AppError::Forbidden) => None,
            Err(e) => return Err(e),
        };
        names.insert(id, name);
    }
    let lines = rows
        .into_iter()
        .map(|r| AuditLine {
            actor_name: r.actor.and_then(|a| names.get(&a).cloned().flatten()),
            seq: r.seq,
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
        })
        .collect();
    Ok(AuditPage {
        lines,
        next,
        previous,
        total,
        total_exact,
    })
}
