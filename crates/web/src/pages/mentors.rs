//! Pages of mentor development: a person's mentoring record (`/people/{id}/mentoring`, and
//! `/mentoring` for one's own) with forms to add training and supervision and to change the
//! standing, and the coordinators' list of mentors (`/mentors`).
//!
//! The three forms share one page, so a form with errors re-renders the whole page with an
//! error summary; their field names are distinct, so each message lands on its own form.

use crate::forms::{FormData, form_with_errors, parse_date, parse_u32, see_other};
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageResult};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Form, Router};
use minijinja::{Value, context};
use std::collections::BTreeMap;
use tandem_app::mentors::{self as service, StandingInput};
use tandem_domain::mentor::{SupervisionInput, TrainingInput};
use tandem_domain::{MentorStatus, PersonId, ValidationErrors};

/// This area's templates (name, source); names start with `mentors/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "mentors/person.html",
        include_str!("../../templates/mentors/person.html"),
    ),
    (
        "mentors/list.html",
        include_str!("../../templates/mentors/list.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/mentors", get(list))
        .route("/mentoring", get(own_page))
        .route("/mentoring/training", post(own_training))
        .route("/mentoring/supervision", post(own_supervision))
        .route("/mentoring/standing", post(own_standing))
        .route("/people/{id}/mentoring", get(person_page))
        .route("/people/{id}/mentoring/training", post(person_training))
        .route(
            "/people/{id}/mentoring/training/{training}/verify",
            post(verify_training),
        )
        .route(
            "/people/{id}/mentoring/supervision",
            post(person_supervision),
        )
        .route("/people/{id}/mentoring/standing", post(person_standing))
}

const TEMPLATE: &str = "mentors/person.html";

fn person_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// Where a person's mentoring page lives: one's own under `/mentoring`, anyone's under
/// `/people/{id}/mentoring` (the forms post back to the page they are on).
fn base_path(own: bool, person: PersonId) -> String {
    if own {
        "/mentoring".to_string()
    } else {
        format!("/people/{person}/mentoring")
    }
}

fn status_options(statuses: &[MentorStatus]) -> Vec<Value> {
    statuses
        .iter()
        .map(|s| context! { value => s.code(), label => format!("mentors.status.{}", s.code()) })
        .collect()
}

/// The page's variables; `submitted` re-fills the form that was sent (over the stored standing).
async fn page_vars(
    state: &AppState,
    ctx: &PageCtx,
    person: PersonId,
    own: bool,
    submitted: Option<&FormData>,
) -> Result<Value, AppError> {
    let actor = ctx.actor()?;
    let view = service::development(&state.app, actor, person).await?;
    let mut form: BTreeMap<String, Value> = BTreeMap::new();
    form.insert("status".into(), view.standing.standing.status.code().into());
    form.insert(
        "load_max".into(),
        view.standing
            .standing
            .load_max
            .map(|l| l.to_string())
            .unwrap_or_default()
            .into(),
    );
    if let Some(f) = submitted {
        form.extend(f.values());
    }
    Ok(context! {
        view => ser(&view),
        own => own,
        base => base_path(own, person),
        status_options => status_options(&view.statuses),
        form => form,
    })
}

async fn show(state: &AppState, ctx: &PageCtx, person: PersonId, own: bool) -> PageResult {
    let vars = page_vars(state, ctx, person, own, None).await?;
    Ok(render(state, ctx, TEMPLATE, vars))
}

/// Puts the form's own parse errors (an unreadable date or number) before the service's, so
/// they are the ones shown for their fields.
fn parse_errors_first(parse: ValidationErrors, err: AppError) -> AppError {
    match err {
        AppError::Validation(v) if !parse.is_empty() => {
            let mut all = parse;
            all.errors.extend(v.errors);
            AppError::Validation(all)
        }
        other => other,
    }
}

/// After a POST: back to the page with a notice, or the page again with the errors.
async fn after_post(
    state: &AppState,
    ctx: &PageCtx,
    person: PersonId,
    own: bool,
    form: &FormData,
    result: Result<&'static str, AppError>,
) -> PageResult {
    match result {
        Ok(notice) => Ok(see_other(&base_path(own, person), notice)),
        Err(e) => {
            let vars = page_vars(state, ctx, person, own, Some(form)).await?;
            Ok(form_with_errors(state, ctx, TEMPLATE, e, vars))
        }
    }
}

async fn training(
    state: AppState,
    ctx: PageCtx,
    person: PersonId,
    own: bool,
    form: FormData,
) -> PageResult {
    let actor = ctx.actor()?;
    let mut parse = ValidationErrors::new();
    let input = TrainingInput {
        course: form.get("course").to_string(),
        provider: form.get("provider").to_string(),
        // An unreadable date is `None` here, which the service refuses, so nothing is written.
        completed_on: parse_date(&form, "completed_on", &mut parse),
        evidence: form.get("evidence").to_string(),
        qualifies_as_mentor_training: form.get("qualifies") == "yes",
    };
    let result = service::add_training(&state.app, actor, person, input)
        .await
        .map(|_| "notice.created")
        .map_err(|e| parse_errors_first(parse, e));
    after_post(&state, &ctx, person, own, &form, result).await
}

async fn supervision(
    state: AppState,
    ctx: PageCtx,
    person: PersonId,
    own: bool,
    form: FormData,
) -> PageResult {
    let actor = ctx.actor()?;
    let mut parse = ValidationErrors::new();
    let input = SupervisionInput {
        // Unreadable values are `None`, which the service refuses, so nothing is written.
        held_on: parse_date(&form, "held_on", &mut parse),
        supervisor: form.get("supervisor").to_string(),
        minutes: parse_u32(&form, "minutes", &mut parse),
        themes: form.get("themes").to_string(),
    };
    let result = service::add_supervision(&state.app, actor, person, input)
        .await
        .map(|_| "notice.created")
        .map_err(|e| parse_errors_first(parse, e));
    after_post(&state, &ctx, person, own, &form, result).await
}

async fn standing(
    state: AppState,
    ctx: PageCtx,
    person: PersonId,
    own: bool,
    form: FormData,
) -> PageResult {
    let actor = ctx.actor()?;
    let mut parse = ValidationErrors::new();
    let status = match form.get("status") {
        "" => None,
        code => match MentorStatus::from_code(code) {
            Some(s) => Some(s),
            None => {
                parse.add("status", "error.mentors.status_required");
                None
            }
        },
    };
    // Only coordinators see the load field; without it the personal load is kept as it is.
    let has_load = form.0.iter().any(|(k, _)| k == "load_max");
    let load = parse_u32(&form, "load_max", &mut parse);
    let result = if parse.is_empty() {
        let input = StandingInput {
            status,
            load_max: has_load.then_some(load),
        };
        service::set_standing(&state.app, actor, person, input)
            .await
            .map(|_| "notice.saved")
    } else {
        // A load that is not a number must not be read as "no personal load": nothing is saved.
        Err(AppError::Validation(parse))
    };
    after_post(&state, &ctx, person, own, &form, result).await
}

async fn own_page(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let me = ctx.actor()?.person_id;
    show(&state, &ctx, me, true).await
}

async fn person_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let id = person_id(&id)?;
    show(&state, &ctx, id, false).await
}

async fn own_training(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let me = ctx.actor()?.person_id;
    training(state, ctx, me, true, form).await
}

async fn person_training(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id = person_id(&id)?;
    training(state, ctx, id, false, form).await
}

/// A coordinator verifies a training record, so it counts for "mentor training required".
async fn verify_training(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, training)): Path<(String, String)>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = person_id(&id)?;
    let training = training
        .parse()
        .map_err(|_| crate::PageError(AppError::NotFound))?;
    service::verify_training(&state.app, actor, id, training).await?;
    Ok(see_other(
        &format!("/people/{id}/mentoring#training"),
        "kinds.notice.training_verified",
    ))
}

async fn own_supervision(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let me = ctx.actor()?.person_id;
    supervision(state, ctx, me, true, form).await
}

async fn person_supervision(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id = person_id(&id)?;
    supervision(state, ctx, id, false, form).await
}

async fn own_standing(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let me = ctx.actor()?.person_id;
    standing(state, ctx, me, true, form).await
}

async fn person_standing(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id = person_id(&id)?;
    standing(state, ctx, id, false, form).await
}

/// Query parameters of the mentors' list (bad values are ignored, not errors).
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct ListQuery {
    cursor: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<ListQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mut paging = service::MentorsPaging {
        cursor: query.cursor,
        per_page: None,
    };
    // A cursor from an old or edited link: the first page, saying so, rather than an error page.
    let (page, cursor_unknown) = match service::list_mentors_page(&state.app, actor, &paging).await
    {
        Err(AppError::Validation(_)) if paging.cursor.is_some() => {
            paging.cursor = None;
            (
                service::list_mentors_page(&state.app, actor, &paging).await?,
                true,
            )
        }
        r => (r?, false),
    };
    let rows: Vec<Value> = page
        .items
        .iter()
        .map(|m| {
            context! {
                id => m.person_id.to_string(),
                name => format!("{}, {}", m.family_name, m.given_name),
                status => m.status().code(),
                current_load => m.current_load,
                load_max => m.load_max(),
                trained => m.trained,
            }
        })
        .collect();
    let link = |cursor: &str| {
        let qs = form_urlencoded::Serializer::new(String::new())
            .append_pair("cursor", cursor)
            .finish();
        format!("/mentors?{qs}")
    };
    let past_end = page.items.is_empty() && paging.cursor.is_some() && !cursor_unknown;
    let (total_key, total_number) =
        super::applications::total_text("mentors", page.total, page.total_exact, ctx.lang);
    Ok(render(
        &state,
        &ctx,
        "mentors/list.html",
        context! {
            mentors => rows,
            scheme_wide => actor.is_scheme_coordinator(),
            total_key => total_key,
            total_number => total_number,
            cursor_unknown => cursor_unknown,
            past_end => past_end,
            previous => page.previous.as_deref().map(link),
            next => page.next.as_deref().map(link),
        },
    ))
}
