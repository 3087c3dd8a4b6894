//! Pages of relationships in motion: a relationship's sessions (propose with the other's
//! availability, confirm, reschedule, cancel, mark held with topics and action points, private
//! notes), a session's `.ics` file and the person's calendar feed.
//!
//! Every action is a small POST form that redirects back (POST/redirect/GET); no JavaScript.

use crate::forms::{Choice, FormData, form_with_errors_on, not_offered, parse_id, see_other};
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::context;
use std::collections::BTreeMap;
use tandem_app::sessions::{self as svc, Action, BookingInput};
use tandem_domain::{Mode, RelationshipId, SessionId, ValidationErrors};

/// This area's templates (name, source); names start with `sessions/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "sessions/list.html",
        include_str!("../../templates/sessions/list.html"),
    ),
    (
        "sessions/reschedule.html",
        include_str!("../../templates/sessions/reschedule.html"),
    ),
    (
        "sessions/calendar.html",
        include_str!("../../templates/sessions/calendar.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/relationships/{id}/bookings", get(list).post(propose))
        .route("/sessions/{id}/confirm", post(confirm))
        .route("/sessions/{id}/cancel", post(cancel))
        .route("/sessions/{id}/held", post(held))
        .route("/sessions/{id}/note", post(note))
        .route(
            "/sessions/{id}/reschedule",
            get(reschedule_form).post(reschedule),
        )
        .route("/sessions/{id}/calendar.ics", get(ics))
        .route("/calendar", get(calendar).post(new_feed))
        .route("/calendar/{token}", get(feed))
}

fn mode_choices(modes: &[Mode]) -> Vec<Choice> {
    modes
        .iter()
        .map(|m| Choice {
            value: m.code().into(),
            label: format!("mode.{}", m.code()),
        })
        .collect()
}

fn booking_input(form: &FormData, errors: &mut ValidationErrors) -> BookingInput {
    let date = crate::forms::parse_date(form, "date", errors);
    let minutes = crate::forms::parse_u32(form, "minutes", errors);
    BookingInput {
        date,
        start: Some(form.get("start").to_string()),
        minutes,
        mode: Mode::from_code(form.get("mode")),
        link: Some(form.get("link").to_string()),
        place: Some(form.get("place").to_string()),
    }
}

/// A refused or invalid form on the sessions page: what was typed, which session's form it was
/// (for the forms repeated per session), and where the error summary links to.
struct Sent {
    form: BTreeMap<String, String>,
    session: Option<SessionId>,
    anchor: String,
    err: AppError,
}

async fn list_page(
    state: &AppState,
    ctx: &PageCtx,
    rid: RelationshipId,
    sent: Option<Sent>,
) -> PageResult {
    let actor = ctx.actor()?;
    let v = svc::overview(&state.app, actor, rid).await?;
    let cannot_propose = v.cannot_propose.as_ref().map(|r| not_offered(ctx.lang, r));
    let (form, session) = match &sent {
        Some(s) => (s.form.clone(), s.session.map(|id| id.to_string())),
        None => (BTreeMap::new(), None),
    };
    let page = context! {
        v => ser(&v),
        modes => ser(&mode_choices(&v.modes)),
        form => form,
        form_session => session,
        cannot_propose => cannot_propose,
    };
    Ok(match sent {
        Some(s) => form_with_errors_on(state, ctx, "sessions/list.html", s.err, page, &s.anchor),
        None => render(state, ctx, "sessions/list.html", page),
    })
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    list_page(&state, &ctx, parse_id(&id)?, None).await
}

async fn propose(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let input = booking_input(&form, &mut errors);
    let result = if errors.errors.is_empty() {
        svc::propose(&state.app, actor, rid, input)
            .await
            .map(|_| ())
    } else {
        Err(errors.into())
    };
    match result {
        Ok(()) => Ok(see_other(
            &format!("/relationships/{rid}/bookings"),
            "notice.created",
        )),
        Err(e) if crate::error::shown_on_form(&e) => {
            let sent = Sent {
                form: form.strings(),
                session: None,
                anchor: "propose".into(),
                err: e,
            };
            list_page(&state, &ctx, rid, Some(sent)).await
        }
        Err(e) => Err(PageError(e)),
    }
}

fn sequence(form: &FormData) -> Option<u32> {
    form.get("sequence").parse().ok()
}

/// Applies an action and goes back to the relationship's sessions; a refusal (a cap reached,
/// too late to cancel, changed meanwhile) shows the sessions again with the summary linking to
/// the session's row and, for "mark held", the topics and action points as typed.
async fn act(
    state: &AppState,
    ctx: &PageCtx,
    id: &str,
    form: &FormData,
    action: Action,
) -> PageResult {
    let actor = ctx.actor()?;
    let sid: SessionId = parse_id(id)?;
    match svc::act(&state.app, actor, sid, sequence(form), action).await {
        Ok(b) => Ok(see_other(
            &format!("/relationships/{}/bookings", b.relationship_id),
            "notice.saved",
        )),
        Err(e) if crate::error::shown_on_form(&e) => {
            let b = svc::get(&state.app, actor, sid).await?;
            let sent = Sent {
                form: form.strings(),
                session: Some(sid),
                anchor: format!("session-{sid}"),
                err: e,
            };
            list_page(state, ctx, b.relationship_id, Some(sent)).await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    act(&state, &ctx, &id, &form, Action::Confirm).await
}

async fn cancel(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    act(&state, &ctx, &id, &form, Action::Cancel).await
}

async fn held(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let action = Action::Held {
        topics: form.get("topics").to_string(),
        action_points: form.get("action_points").to_string(),
    };
    act(&state, &ctx, &id, &form, action).await
}

async fn note(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let sid: SessionId = parse_id(&id)?;
    let b = svc::get(&state.app, actor, sid).await?;
    match svc::save_note(&state.app, actor, sid, form.get("note")).await {
        Ok(()) => Ok(see_other(
            &format!("/relationships/{}/bookings", b.relationship_id),
            "notice.saved",
        )),
        Err(e) if crate::error::shown_on_form(&e) => {
            let sent = Sent {
                form: form.strings(),
                session: Some(sid),
                anchor: format!("note-{sid}"),
                err: e,
            };
            list_page(&state, &ctx, b.relationship_id, Some(sent)).await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn reschedule_page(
    state: &AppState,
    ctx: &PageCtx,
    sid: SessionId,
    form: Option<BTreeMap<String, String>>,
    err: Option<AppError>,
) -> PageResult {
    let actor = ctx.actor()?;
    let b = svc::get(&state.app, actor, sid).await?;
    let v = svc::overview(&state.app, actor, b.relationship_id).await?;
    let form = form.unwrap_or_else(|| {
        let mut m = BTreeMap::new();
        m.insert("minutes".into(), b.minutes.to_string());
        m.insert("mode".into(), b.mode.code().to_string());
        m.insert("link".into(), b.link.clone());
        m.insert("place".into(), b.place.clone());
        m
    });
    let page = context! {
        v => ser(&v),
        s => ser(&b),
        modes => ser(&mode_choices(&v.modes)),
        form => form,
    };
    Ok(match err {
        Some(e) => form_with_errors_on(state, ctx, "sessions/reschedule.html", e, page, "date"),
        None => render(state, ctx, "sessions/reschedule.html", page),
    })
}

async fn reschedule_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    reschedule_page(&state, &ctx, parse_id(&id)?, None, None).await
}

async fn reschedule(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let sid: SessionId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let input = booking_input(&form, &mut errors);
    let result = if errors.errors.is_empty() {
        svc::act(
            &state.app,
            actor,
            sid,
            sequence(&form),
            Action::Reschedule(input),
        )
        .await
    } else {
        Err(errors.into())
    };
    match result {
        Ok(b) => Ok(see_other(
            &format!("/relationships/{}/bookings", b.relationship_id),
            "notice.saved",
        )),
        Err(e) if crate::error::shown_on_form(&e) => {
            reschedule_page(&state, &ctx, sid, Some(form.strings()), Some(e)).await
        }
        Err(e) => Err(PageError(e)),
    }
}

fn calendar_response(text: String, file: Option<&str>) -> Response {
    let mut res = (
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response();
    if let Some(f) = file
        && let Ok(v) = format!("attachment; filename=\"{f}\"").parse()
    {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res
}

async fn ics(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let sid: SessionId = parse_id(&id)?;
    let text = svc::ics(&state.app, actor, sid).await?;
    Ok(calendar_response(text, Some(&format!("session-{sid}.ics"))))
}

async fn calendar(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let made = svc::feed_made(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "sessions/calendar.html",
        context! { made => made.map(|t| t.format("%Y-%m-%d").to_string()), url => Option::<String>::None },
    ))
}

/// Makes a new feed address and shows it once (only its hash is kept).
async fn new_feed(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let token = svc::new_feed_token(&state.app, actor).await?;
    let url = format!("{}/calendar/{token}.ics", state.app.settings.base());
    let made = svc::feed_made(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "sessions/calendar.html",
        context! { made => made.map(|t| t.format("%Y-%m-%d").to_string()), url => Some(url) },
    ))
}

/// The secret feed: no sign-in (calendar programs cannot), the token is the key.
async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> PageResult {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let text = svc::feed(&state.app, token).await?;
    Ok(calendar_response(text, None))
}
