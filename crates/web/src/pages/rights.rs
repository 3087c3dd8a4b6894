//! People's rights (UK GDPR / AVG) as pages: one's own data, readable and as a JSON download
//! (`/account/data`, `/account/data.json`), one's consents (`/account/consents`); for an
//! administrator a person's data (`/people/{id}/data`, `…/data.json`), their erasure with a
//! confirmation step (`/people/{id}/erase`) and the retention rules (`/retention`).
//!
//! Handlers only translate: `tandem_app::rights` decides, validates and audits.

use crate::forms::{FormData, form_with_errors, see_other};
use crate::render::{PageCtx, render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use minijinja::context;
use tandem_app::rights::{self, ConsentKind, PersonalData};
use tandem_domain::PersonId;
use tandem_storage::RetentionSettings;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "rights/data.html",
        include_str!("../../templates/rights/data.html"),
    ),
    (
        "rights/consents.html",
        include_str!("../../templates/rights/consents.html"),
    ),
    (
        "rights/erase.html",
        include_str!("../../templates/rights/erase.html"),
    ),
    (
        "rights/retention.html",
        include_str!("../../templates/rights/retention.html"),
    ),
];

pub(super) fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/account/data", get(my_data))
        .route("/account/data.json", get(my_data_json))
        .route("/account/consents", get(consents).post(set_consent))
        .route("/people/{id}/data", get(person_data))
        .route("/people/{id}/data.json", get(person_data_json))
        .route("/people/{id}/erase", get(erase_form).post(erase))
        .route("/retention", get(retention).post(update_retention))
        .route("/retention/apply", post(apply_retention))
}

fn person_id(raw: &str) -> Result<PersonId, PageError> {
    raw.parse().map_err(|_| PageError(AppError::NotFound))
}

fn json_file(data: &PersonalData) -> PageResult {
    let body =
        serde_json::to_vec_pretty(data).map_err(|e| PageError(AppError::Internal(Box::new(e))))?;
    // Ids only in the file name: it lands in download folders and browser histories.
    let disposition = format!(
        "attachment; filename=\"tandem-data-{}.json\"",
        data.person_id
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

fn data_page(state: &AppState, ctx: &PageCtx, data: &PersonalData, own: bool) -> PageResult {
    let page = context! {
        data => ser(data),
        own => own,
        json_href => if own {
            "/account/data.json".to_string()
        } else {
            format!("/people/{}/data.json", data.person_id)
        },
        back => if own { "/account".to_string() } else { format!("/people/{}", data.person_id) },
    };
    Ok(render(state, ctx, "rights/data.html", page))
}

async fn my_data(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let data = rights::export(&state.app, actor, actor.person_id).await?;
    data_page(&state, &ctx, &data, true)
}

async fn my_data_json(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    json_file(&rights::export(&state.app, actor, actor.person_id).await?)
}

async fn person_data(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let person = person_id(&id)?;
    let data = rights::export(&state.app, actor, person).await?;
    data_page(&state, &ctx, &data, person == actor.person_id)
}

async fn person_data_json(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    json_file(&rights::export(&state.app, actor, person_id(&id)?).await?)
}

async fn consents(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let c = rights::consents(&state.app, actor).await?;
    let kinds: Vec<_> = c
        .current
        .iter()
        .map(|s| {
            context! {
                code => s.kind.code(),
                given => s.given,
                recorded_at => s.recorded_at.map(|t| t.format("%Y-%m-%d").to_string()),
                basis_key => s.kind.basis_text_key(),
            }
        })
        .collect();
    let page = context! { kinds => kinds, history => ser(&c.history) };
    Ok(render(&state, &ctx, "rights/consents.html", page))
}

async fn set_consent(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let kind = ConsentKind::from_code(form.get("kind"))
        .ok_or(PageError(AppError::BadRequest("unknown consent kind")))?;
    let given = match form.get("given") {
        "yes" => true,
        "no" => false,
        _ => return Err(PageError(AppError::BadRequest("give or withdraw"))),
    };
    rights::set_consent(&state.app, actor, kind, given, ctx.lang).await?;
    Ok(see_other(
        "/account/consents",
        "rights.notice.consent_saved",
    ))
}

async fn erase_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let person = person_id(&id)?;
    // The confirmation is shown only to whom the erasure would be allowed.
    if !tandem_domain::can(actor, tandem_domain::Action::ErasePerson { person }) {
        return Err(PageError(if person == actor.person_id {
            AppError::Forbidden
        } else {
            AppError::NotFound
        }));
    }
    let view = tandem_app::people::get(&state.app, actor, person).await?;
    let page = context! {
        name => view.person.display_name(),
        person_id => person.to_string(),
    };
    Ok(render(&state, &ctx, "rights/erase.html", page))
}

async fn erase(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let person = person_id(&id)?;
    rights::erase(&state.app, actor, person).await?;
    Ok(see_other(
        &format!("/people/{person}"),
        "rights.notice.erased",
    ))
}

fn retention_values(s: &RetentionSettings) -> minijinja::Value {
    context! {
        closed_relationship_years => s.closed_relationship_years.to_string(),
        registration_days => s.registration_days.to_string(),
        dead_notice_days => s.dead_notice_days.to_string(),
        assessment_score_months => s.assessment_score_months.to_string(),
        appraisal_link_days => s.appraisal_link_days.to_string(),
    }
}

async fn retention(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let report = rights::retention(&state.app, actor).await?;
    let page = context! {
        report => ser(&report),
        form => retention_values(&report.settings),
    };
    Ok(render(&state, &ctx, "rights/retention.html", page))
}

async fn update_retention(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    // A number that is not one becomes 0, which the use case refuses with the field's message.
    let n = |f: &str| form.get(f).trim().parse::<u32>().unwrap_or(0);
    let settings = RetentionSettings {
        closed_relationship_years: n("closed_relationship_years"),
        registration_days: n("registration_days"),
        dead_notice_days: n("dead_notice_days"),
        assessment_score_months: n("assessment_score_months"),
        appraisal_link_days: n("appraisal_link_days"),
    };
    match rights::update_retention(&state.app, actor, settings).await {
        Ok(()) => Ok(see_other("/retention", "rights.notice.retention_saved")),
        Err(e) => {
            let report = rights::retention(&state.app, actor).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "rights/retention.html",
                e,
                context! { report => ser(&report), form => form.values() },
            ))
        }
    }
}

async fn apply_retention(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    rights::apply_retention(&state.app, actor).await?;
    Ok(see_other("/retention", "rights.notice.retention_applied"))
}
