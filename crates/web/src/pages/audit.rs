//! The administrator's audit log page: filters (action, actor, subject, dates) in a GET form,
//! newest first, "Older entries" and "Newer entries" by keyset (the `seq` of the entry a page
//! starts after), with the total counted up to `tandem_storage::COUNT_CAP`. Handlers only translate; `audit_log` decides.

use crate::forms::form_with_errors;
use crate::render::{PageCtx, render, ser};
use crate::{AppState, PageResult};
use axum::extract::{Query, State};
use minijinja::context;
use serde::Deserialize;
use tandem_app::audit_log::{self, AuditQuery};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[(
    "audit/log.html",
    include_str!("../../templates/audit/log.html"),
)];

pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/audit", axum::routing::get(list))
}

/// The page's query (all optional; values that do not parse are ignored, as on the people list).
#[derive(Debug, Default, Deserialize)]
pub(super) struct LogQuery {
    action: Option<String>,
    actor: Option<String>,
    subject: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
    after: Option<String>,
}

/// A place in the log from a link (a positive `seq`); `None` for anything else.
fn cursor(raw: &Option<String>) -> Option<i64> {
    raw.as_deref()
        .and_then(|c| c.trim().parse::<i64>().ok())
        .filter(|n| *n > 0)
}

async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<LogQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let query = AuditQuery {
        action: q.action.clone(),
        actor: q.actor.as_deref().and_then(|a| a.trim().parse().ok()),
        subject: q.subject.clone(),
        from: q.from.as_deref().and_then(|d| d.parse().ok()),
        to: q.to.as_deref().and_then(|d| d.parse().ok()),
        before: cursor(&q.before),
        after: cursor(&q.after),
    };
    // A cursor from an old or edited link (not a place in the log): the first page, saying so.
    let cursor_unknown = [&q.before, &q.after]
        .iter()
        .any(|c| c.as_deref().is_some_and(|c| !c.trim().is_empty()) && cursor(c).is_none());
    let filter = context! {
        action => q.action.clone().unwrap_or_default(),
        actor => q.actor.clone().unwrap_or_default(),
        subject => q.subject.clone().unwrap_or_default(),
        from => q.from.clone().unwrap_or_default(),
        to => q.to.clone().unwrap_or_default(),
    };
    let result = match audit_log::browse(&state.app, actor, &query).await {
        Ok(r) => r,
        Err(e) => {
            let page = context! { form => filter, lines => Vec::<u8>::new() };
            return Ok(form_with_errors(&state, &ctx, "audit/log.html", e, page));
        }
    };
    let link = |key: &'static str, n: i64| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("action", &q.action),
            ("actor", &q.actor),
            ("subject", &q.subject),
            ("from", &q.from),
            ("to", &q.to),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
                pairs.push((k, v.to_string()));
            }
        }
        pairs.push((key, n.to_string()));
        let qs: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("/audit?{qs}")
    };
    let older = result.next.map(|n| link("before", n));
    let newer = result.previous.map(|n| link("after", n));
    let total_key = match (result.total_exact, result.total) {
        (false, _) => "lists-b.audit.more",
        // One message whose plural follows `count` (CLDR rules, in the locale file).
        (true, _) => "lists-b.audit",
    };
    let past_end = result.lines.is_empty() && result.previous.is_some();
    let page = context! {
        form => filter,
        lines => ser(&result.lines),
        older => older,
        newer => newer,
        total_key => total_key,
        total_number => crate::templates::grouped(result.total, ctx.lang),
        cursor_unknown => cursor_unknown,
        past_end => past_end,
    };
    Ok(render(&state, &ctx, "audit/log.html", page))
}
