//! Pages of relationships in motion: action learning set meetings — the set's page (meetings,
//! ground rules, planning the next meeting) and each meeting's page (rota, attendance, issues,
//! actions and the follow-up of earlier actions).
//!
//! Every action is a small POST form that redirects back (POST/redirect/GET); no JavaScript.
//! What each viewer sees is filtered by the service, not here.

use crate::forms::{FormData, form_with_errors_on, parse_id, see_other};
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use minijinja::{Value, context};
use std::collections::BTreeMap;
use tandem_app::sets::{self as svc, ScheduleInput};
use tandem_domain::sets::ActionStatus;
use tandem_domain::{PersonId, RelationshipId, ValidationErrors};
use uuid::Uuid;

/// This area's templates (name, source); names start with `sets/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "sets/set.html",
        include_str!("../../templates/sets/set.html"),
    ),
    (
        "sets/meeting.html",
        include_str!("../../templates/sets/meeting.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/sets/{id}", get(set_page))
        .route("/sets/{id}/meetings", post(schedule))
        .route("/set-meetings/{id}", get(meeting_page))
        .route("/set-meetings/{id}/schedule", post(reschedule))
        .route("/set-meetings/{id}/rota", post(rota))
        .route("/set-meetings/{id}/attendance", post(attendance))
        .route("/set-meetings/{id}/apologies", post(apologies))
        .route(
            "/set-meetings/{id}/apologies/withdraw",
            post(withdraw_apologies),
        )
        .route("/set-meetings/{id}/issues", post(issue))
        .route("/set-meetings/{id}/actions", post(action))
        .route("/set-actions/{id}/status", post(follow_up))
}

fn statuses() -> Vec<crate::forms::Choice> {
    [
        ActionStatus::Done,
        ActionStatus::NotDone,
        ActionStatus::Carried,
    ]
    .into_iter()
    .map(|s| crate::forms::Choice {
        value: s.code().to_string(),
        label: format!("sets.action.status.{}", s.code()),
    })
    .collect()
}

fn set_vars(v: &svc::SetView, form: Option<BTreeMap<String, String>>) -> Value {
    let form = form.unwrap_or_else(|| {
        let mut f = BTreeMap::new();
        if let Some(n) = &v.next {
            f.insert(
                "starts_on-day".into(),
                n.starts_on.format("%-d").to_string(),
            );
            f.insert(
                "starts_on-month".into(),
                n.starts_on.format("%-m").to_string(),
            );
            f.insert(
                "starts_on-year".into(),
                n.starts_on.format("%Y").to_string(),
            );
            f.insert("starts_time".into(), n.starts_time.clone());
        }
        if let Some(last) = v.meetings.iter().rev().find_map(|m| m.link.clone()) {
            f.insert("link".into(), last);
        }
        f
    });
    context! { v => ser(v), form => form }
}

async fn set_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let v = svc::view(&state.app, actor, parse_id(&id)?).await?;
    Ok(render(&state, &ctx, "sets/set.html", set_vars(&v, None)))
}

fn schedule_input(form: &FormData, errors: &mut ValidationErrors) -> ScheduleInput {
    ScheduleInput {
        starts_on: crate::forms::parse_date(form, "starts_on", errors),
        starts_time: form.get("starts_time").to_string(),
        link: form.get("link").to_string(),
    }
}

async fn schedule(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let input = schedule_input(&form, &mut errors);
    let result = if errors.errors.is_empty() {
        svc::schedule(&state.app, actor, rid, input).await
    } else {
        Err(errors.into())
    };
    match result {
        Ok(m) => Ok(see_other(&format!("/set-meetings/{m}"), "notice.created")),
        Err(e) if crate::error::shown_on_form(&e) => {
            let v = svc::view(&state.app, actor, rid).await?;
            Ok(form_with_errors_on(
                &state,
                &ctx,
                "sets/set.html",
                e,
                set_vars(&v, Some(form.strings())),
                "starts_on",
            ))
        }
        Err(e) => Err(PageError(e)),
    }
}

fn meeting_vars(
    set: &svc::SetView,
    m: &svc::MeetingView,
    form: Option<BTreeMap<String, String>>,
) -> Value {
    let form = form.unwrap_or_else(|| {
        let mut f = BTreeMap::new();
        f.insert(
            "starts_on-day".into(),
            m.starts_on.format("%-d").to_string(),
        );
        f.insert(
            "starts_on-month".into(),
            m.starts_on.format("%-m").to_string(),
        );
        f.insert(
            "starts_on-year".into(),
            m.starts_on.format("%Y").to_string(),
        );
        f.insert("starts_time".into(), m.starts_time.clone());
        f.insert("link".into(), m.link.clone().unwrap_or_default());
        if let Some(r) = &m.rota {
            if let Some(p) = &r.facilitator {
                f.insert("facilitator".into(), p.id.to_string());
            }
            if let Some(p) = &r.timekeeper {
                f.insert("timekeeper".into(), p.id.to_string());
            }
        }
        f
    });
    let presenting: Vec<String> = m
        .rota
        .as_ref()
        .map(|r| r.presenters.iter().map(|p| p.id.to_string()).collect())
        .unwrap_or_default();
    let present: Vec<String> = m
        .attendance
        .iter()
        .filter(|a| a.present || !m.attendance_recorded)
        .map(|a| a.person.id.to_string())
        .collect();
    let people: Vec<crate::forms::Choice> = set
        .members
        .iter()
        .map(|p| crate::forms::Choice {
            value: p.id.to_string(),
            label: p.name.clone(),
        })
        .collect();
    context! {
        set => ser(set),
        m => ser(m),
        form => form,
        people => ser(&people),
        presenting => presenting,
        present => present,
        away => m.apologies.iter().map(|p| p.id.to_string()).collect::<Vec<_>>(),
        statuses => ser(&statuses()),
        locked => m.presentations.as_ref().is_some_and(|ps| ps.iter().any(|p| !p.issue.is_empty())),
    }
}

async fn meeting_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (set, m) = svc::meeting(&state.app, actor, parse_id(&id)?).await?;
    Ok(render(
        &state,
        &ctx,
        "sets/meeting.html",
        meeting_vars(&set, &m, None),
    ))
}

/// Runs a meeting change and redirects back to the meeting, or re-shows it with the errors and
/// what was typed; a refusal (the meeting held, not yet held, the rota not agreed) is listed in
/// the error summary with a link to `anchor`, where the form is.
async fn on_meeting(
    state: &AppState,
    ctx: &PageCtx,
    meeting: Uuid,
    form: &FormData,
    result: Result<(), AppError>,
    anchor: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(see_other(
            &format!("/set-meetings/{meeting}"),
            "notice.saved",
        )),
        Err(e) if crate::error::shown_on_form(&e) => {
            let (set, m) = svc::meeting(&state.app, ctx.actor()?, meeting).await?;
            Ok(form_with_errors_on(
                state,
                ctx,
                "sets/meeting.html",
                e,
                meeting_vars(&set, &m, Some(form.strings())),
                anchor,
            ))
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn reschedule(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mid: Uuid = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let input = schedule_input(&form, &mut errors);
    let result = if errors.errors.is_empty() {
        svc::reschedule(&state.app, actor, mid, input).await
    } else {
        Err(errors.into())
    };
    on_meeting(&state, &ctx, mid, &form, result, "starts_on").await
}

/// A person id from a form field; an unknown value reads as nobody (refused by the service).
fn person(form: &FormData, field: &str) -> Option<PersonId> {
    form.get(field).parse().ok()
}

async fn rota(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mid: Uuid = parse_id(&id)?;
    let result = if form.get("answer") == "accept" {
        svc::accept_rota(&state.app, actor, mid).await
    } else {
        let mut errors = ValidationErrors::new();
        let mut presenters = Vec::new();
        for raw in form.all("presenters") {
            match raw.parse() {
                Ok(p) => presenters.push(p),
                Err(_) => errors.add("presenters", "error.sets.not_a_member"),
            }
        }
        if errors.errors.is_empty() {
            let input = svc::RotaInput {
                facilitator: person(&form, "facilitator"),
                timekeeper: person(&form, "timekeeper"),
                presenters,
            };
            svc::adjust_rota(&state.app, actor, mid, input).await
        } else {
            Err(errors.into())
        }
    };
    on_meeting(&state, &ctx, mid, &form, result, "rota").await
}

async fn attendance(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mid: Uuid = parse_id(&id)?;
    let mut present = Vec::new();
    let mut result = Ok(());
    for raw in form.all("present") {
        match raw.parse() {
            Ok(p) => present.push(p),
            Err(_) => result = Err(AppError::field("present", "error.sets.not_a_member")),
        }
    }
    if result.is_ok() {
        result = svc::record_attendance(&state.app, actor, mid, &present).await;
    }
    on_meeting(&state, &ctx, mid, &form, result, "attendance-form").await
}

/// A member sends apologies for a meeting to come (the other members are e-mailed).
async fn apologies(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mid: Uuid = parse_id(&id)?;
    match svc::send_apologies(&state.app, actor, mid).await {
        Ok(()) => Ok(see_other(
            &format!("/set-meetings/{mid}"),
            "notice.apologies_sent",
        )),
        Err(e) => on_meeting(&state, &ctx, mid, &form, Err(e), "when").await,
    }
}

/// A member withdraws their apologies before the meeting (they can come after all).
async fn withdraw_apologies(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mid: Uuid = parse_id(&id)?;
    match svc::withdraw_apologies(&state.app, actor, mid).await {
        Ok(()) => Ok(see_other(
            &format!("/set-meetings/{mid}"),
            "kinds.notice.apologies_withdrawn",
        )),
        Err(e) => on_meeting(&state, &ctx, mid, &form, Err(e), "when").await,
    }
}

async fn issue(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mid: Uuid = parse_id(&id)?;
    let result = match person(&form, "person") {
        Some(p) => svc::record_issue(&state.app, actor, mid, p, form.get("issue")).await,
        None => Err(AppError::field("person", "error.sets.not_a_presenter")),
    };
    on_meeting(&state, &ctx, mid, &form, result, "issues").await
}

async fn action(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mid: Uuid = parse_id(&id)?;
    let result = match person(&form, "person") {
        Some(p) => svc::add_action(&state.app, actor, mid, p, form.get("action"))
            .await
            .map(|_| ()),
        None => Err(AppError::field("person", "error.sets.not_a_presenter")),
    };
    on_meeting(&state, &ctx, mid, &form, result, "issues").await
}

async fn follow_up(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let aid: Uuid = parse_id(&id)?;
    let back: Uuid = form
        .get("meeting")
        .parse()
        .map_err(|_| AppError::BadRequest("meeting"))?;
    let result = svc::follow_up(
        &state.app,
        actor,
        aid,
        ActionStatus::from_code(form.get("status")),
    )
    .await
    .map(|_| ());
    on_meeting(&state, &ctx, back, &form, result, "follow-up").await
}
