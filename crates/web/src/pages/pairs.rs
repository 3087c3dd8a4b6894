//! Pages of paired learning: the pair's page (shadowing days, improvement project, workshops)
//! and the coordinator's workshops with attendance. Plain forms, POST/redirect/GET.

use crate::forms::{
    FormData, MAIN_ANCHOR, form_with_errors, form_with_errors_on, parse_date, parse_id, see_other,
};
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use minijinja::context;
use tandem_app::pairs as svc;
use tandem_domain::{PersonId, ProgrammeId, RelationshipId, ValidationErrors};
use uuid::Uuid;

/// This area's templates (name, source); names start with `pairs/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "pairs/pair.html",
        include_str!("../../templates/pairs/pair.html"),
    ),
    (
        "pairs/workshops.html",
        include_str!("../../templates/pairs/workshops.html"),
    ),
    (
        "pairs/workshop.html",
        include_str!("../../templates/pairs/workshop.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/relationships/{id}/paired-learning", get(pair))
        .route("/relationships/{id}/shadowing", post(plan_shadowing))
        .route(
            "/relationships/{id}/shadowing/{day}/done",
            post(complete_shadowing),
        )
        .route("/relationships/{id}/project", post(save_project))
        .route(
            "/relationships/{id}/project/milestones",
            post(add_milestone),
        )
        .route(
            "/relationships/{id}/project/milestones/{milestone}",
            post(set_milestone),
        )
        .route("/relationships/{id}/project/measures", post(add_measure))
        .route(
            "/relationships/{id}/project/measures/{measure}",
            post(update_measure),
        )
        .route(
            "/programmes/{id}/workshops",
            get(workshops).post(create_workshop),
        )
        .route("/workshops/{id}", get(workshop).post(set_attendance))
}

fn back(id: RelationshipId) -> String {
    format!("/relationships/{id}/paired-learning")
}

/// A refused or invalid form on the pair's page: the error, what was typed, where the error
/// summary links to, and the shadowing day the form was about (for the per-day forms).
struct Sent {
    err: AppError,
    form: FormData,
    anchor: String,
    day: Option<Uuid>,
}

/// The pair's page, with a form's errors when one was refused or failed validation.
async fn pair_page(
    state: &AppState,
    ctx: &PageCtx,
    id: RelationshipId,
    sent: Option<Sent>,
) -> PageResult {
    let actor = ctx.actor()?;
    let v = svc::view(&state.app, actor, id).await?;
    let page = context! { v => ser(&v) };
    Ok(match sent {
        None => render(state, ctx, "pairs/pair.html", page),
        Some(s) => {
            let page = context! {
                v => ser(&v),
                form => s.form.strings(),
                form_day => s.day.map(|d| d.to_string()),
            };
            form_with_errors_on(state, ctx, "pairs/pair.html", s.err, page, &s.anchor)
        }
    })
}

/// After a write: back to the pair's page, or the page again with the errors (a refusal
/// included: the summary links to `anchor`).
async fn done(
    state: &AppState,
    ctx: &PageCtx,
    id: RelationshipId,
    result: Result<(), AppError>,
    form: FormData,
    anchor: &str,
) -> PageResult {
    done_on(state, ctx, id, result, form, anchor, None).await
}

async fn done_on(
    state: &AppState,
    ctx: &PageCtx,
    id: RelationshipId,
    result: Result<(), AppError>,
    form: FormData,
    anchor: &str,
    day: Option<Uuid>,
) -> PageResult {
    match result {
        Ok(()) => Ok(see_other(&back(id), "notice.saved")),
        Err(err) if crate::error::shown_on_form(&err) => {
            let sent = Sent {
                err,
                form,
                anchor: anchor.to_string(),
                day,
            };
            pair_page(state, ctx, id, Some(sent)).await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn pair(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    pair_page(&state, &ctx, parse_id(&id)?, None).await
}

async fn plan_shadowing(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let day = parse_date(&form, "day", &mut errors);
    let input = svc::ShadowingInput {
        host: form.get("host").parse::<PersonId>().ok(),
        day,
        place: form.get("place").to_string(),
    };
    let result = if errors.errors.is_empty() {
        svc::plan_shadowing(&state.app, actor, rid, input)
            .await
            .map(|_| ())
    } else {
        Err(errors.into())
    };
    done(&state, &ctx, rid, result, form, "host").await
}

async fn complete_shadowing(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, day)): Path<(String, String)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let day: Uuid = parse_id(&day)?;
    let result = svc::complete_shadowing(&state.app, actor, rid, day, form.get("learning")).await;
    let anchor = format!("learning-{day}");
    done_on(&state, &ctx, rid, result, form, &anchor, Some(day)).await
}

async fn save_project(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let presentation_on = parse_date(&form, "presentation_on", &mut errors);
    let input = svc::ProjectInput {
        title: form.get("title").to_string(),
        aim: form.get("aim").to_string(),
        presentation_on,
        presented: form.get("presented") == "yes",
    };
    let result = if errors.errors.is_empty() {
        svc::save_project(&state.app, actor, rid, input).await
    } else {
        Err(errors.into())
    };
    done(&state, &ctx, rid, result, form, "title").await
}

async fn add_milestone(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let due_on = parse_date(&form, "due_on", &mut errors);
    let result = if errors.errors.is_empty() {
        svc::add_milestone(&state.app, actor, rid, form.get("milestone_title"), due_on).await
    } else {
        Err(errors.into())
    };
    done(&state, &ctx, rid, result, form, "title").await
}

async fn set_milestone(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, milestone)): Path<(String, String)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let result = svc::set_milestone(
        &state.app,
        actor,
        rid,
        parse_id(&milestone)?,
        form.get("done") == "yes",
    )
    .await;
    done(&state, &ctx, rid, result, form, MAIN_ANCHOR).await
}

async fn add_measure(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let input = svc::MeasureInput {
        name: form.get("name").to_string(),
        baseline: form.get("baseline").to_string(),
        target: form.get("target").to_string(),
        latest: form.get("latest").to_string(),
    };
    let result = svc::add_measure(&state.app, actor, rid, input).await;
    done(&state, &ctx, rid, result, form, "title").await
}

async fn update_measure(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, measure)): Path<(String, String)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let result = svc::update_measure(
        &state.app,
        actor,
        rid,
        parse_id(&measure)?,
        form.get("latest"),
    )
    .await;
    done(&state, &ctx, rid, result, form, MAIN_ANCHOR).await
}

async fn workshops_page(
    state: &AppState,
    ctx: &PageCtx,
    id: ProgrammeId,
    err: Option<(AppError, FormData)>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (programme, list) = svc::workshops(&state.app, actor, id).await?;
    let page = context! { programme => ser(&programme), workshops => ser(&list) };
    Ok(match err {
        None => render(state, ctx, "pairs/workshops.html", page),
        Some((e, form)) => {
            let page = context! { programme => ser(&programme), workshops => ser(&list), form => form.strings() };
            form_with_errors(state, ctx, "pairs/workshops.html", e, page)
        }
    })
}

async fn workshops(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    workshops_page(&state, &ctx, parse_id(&id)?, None).await
}

async fn create_workshop(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let pid: ProgrammeId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let day = parse_date(&form, "day", &mut errors);
    let input = svc::WorkshopInput {
        title: form.get("title").to_string(),
        day,
        place: form.get("place").to_string(),
    };
    let result = if errors.errors.is_empty() {
        svc::create_workshop(&state.app, actor, pid, input)
            .await
            .map(|_| ())
    } else {
        Err(errors.into())
    };
    match result {
        Ok(()) => Ok(see_other(
            &format!("/programmes/{pid}/workshops"),
            "notice.created",
        )),
        Err(e) if crate::error::shown_on_form(&e) => {
            workshops_page(&state, &ctx, pid, Some((e, form))).await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn workshop(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    workshop_page(&state, &ctx, parse_id(&id)?, None).await
}

/// The workshop page, with the errors of a refused attendance (the ticks kept as sent).
async fn workshop_page(
    state: &AppState,
    ctx: &PageCtx,
    id: Uuid,
    err: Option<(AppError, Vec<PersonId>)>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (w, programme, mut people) = svc::workshop(&state.app, actor, id).await?;
    let open = svc::attendance_open(&state.app, &w);
    let Some((e, sent)) = err else {
        return Ok(render(
            state,
            ctx,
            "pairs/workshop.html",
            context! { workshop => ser(&w), programme => ser(&programme), people => ser(&people), open => open },
        ));
    };
    for p in &mut people {
        p.attended = sent.contains(&p.person_id);
    }
    let page = context! { workshop => ser(&w), programme => ser(&programme), people => ser(&people), open => open, form => context! {} };
    Ok(form_with_errors_on(
        state,
        ctx,
        "pairs/workshop.html",
        e,
        page,
        "present",
    ))
}

async fn set_attendance(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let wid: Uuid = parse_id(&id)?;
    let present: Vec<PersonId> = form
        .all("present")
        .into_iter()
        .map(|p| p.parse().map_err(|_| AppError::BadRequest("present")))
        .collect::<Result<_, _>>()?;
    match svc::set_attendance(&state.app, actor, wid, present.clone()).await {
        Ok(()) => Ok(see_other(&format!("/workshops/{wid}"), "notice.saved")),
        Err(e) if crate::error::shown_on_form(&e) => {
            workshop_page(&state, &ctx, wid, Some((e, present))).await
        }
        Err(e) => Err(PageError(e)),
    }
}
