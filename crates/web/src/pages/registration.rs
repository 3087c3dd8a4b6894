//! Pages of self-registration, e-mail and employment confirmation, and nominations.
//!
//! Thin: each handler reads the form, calls `tandem_app::registration` or
//! `tandem_app::nominations`, and renders. `/register` and `/confirm-email` are public (no
//! session needed); the rest need a signed-in person and the policy decides in the use cases.

use crate::forms::{FormData, form_with_errors, parse_id, see_other};
use crate::render::{PageCtx, query_value, render, ser};
use crate::{AppError, AppState, PageResult};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use minijinja::{Value, context};
use tandem_app::registration::{self as svc, RegistrationInput};
use tandem_app::{Refusal, nominations};
use tandem_domain::{
    ApplicationId, ApplicationRole, EmailKind, GradeSystem, IntakeId, Language, PersonId,
};

/// This area's templates (name, source); names start with `registration/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "registration/register.html",
        include_str!("../../templates/registration/register.html"),
    ),
    (
        "registration/confirm_email.html",
        include_str!("../../templates/registration/confirm_email.html"),
    ),
    (
        "registration/waiting.html",
        include_str!("../../templates/registration/waiting.html"),
    ),
    (
        "registration/nominate.html",
        include_str!("../../templates/registration/nominate.html"),
    ),
    (
        "registration/nominated.html",
        include_str!("../../templates/registration/nominated.html"),
    ),
    (
        "registration/mine.html",
        include_str!("../../templates/registration/mine.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(register_form).post(register))
        .route("/confirm-email", get(confirm_form).post(confirm))
        .route("/registrations", get(waiting))
        .route("/registrations/{person}/confirm", post(confirm_employment))
        .route("/registrations/{person}/not-employed", post(not_employed))
        .route("/intakes/{id}/nominate", get(nominate_form).post(nominate))
        .route("/nominations/mine", get(mine))
        .route("/nominations/{id}/decline", post(decline))
}

// ----- registering ------------------------------------------------------------------------

fn input_of(form: &FormData) -> RegistrationInput {
    RegistrationInput {
        given_name: form.get("given_name").to_string(),
        family_name: form.get("family_name").to_string(),
        email: form.get("email").to_string(),
        email_kind: EmailKind::from_code(form.get("email_kind")),
        organisation_id: form.get("organisation_id").parse().ok(),
        job_title: form.get("job_title").to_string(),
        profession: form.get("profession").to_string(),
        grade_system: GradeSystem::from_code(form.get("grade_system")),
        grade: form.get("grade").to_string(),
        language: Language::from_tag(form.get("language")),
    }
}

async fn register_page(state: &AppState, values: Value) -> Result<Value, AppError> {
    let f = svc::form(&state.app).await?;
    Ok(context! {
        open => f.open,
        org_options => f.organisations.iter().map(|o| context! { value => o.id.to_string(), label => o.name.clone() }).collect::<Vec<_>>(),
        grade_systems => GradeSystem::ALL.iter().map(|s| context! { value => s.code(), label => crate::render::grade_system_key(*s) }).collect::<Vec<_>>(),
        email_kinds => EmailKind::ALL.iter().map(|k| context! { value => k.code(), label => format!("registration.email_kind.{}", k.code()) }).collect::<Vec<_>>(),
        languages => f.languages.iter().map(|l| context! { value => l.tag(), label => format!("language.{}", l.tag()) }).collect::<Vec<_>>(),
        form => values,
    })
}

async fn register_form(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let values = context! { language => ctx.lang.tag() };
    let page = register_page(&state, values).await?;
    Ok(render(&state, &ctx, "registration/register.html", page))
}

async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut input = input_of(&form);
    if input.language.is_none() {
        input.language = Language::from_tag(ctx.lang.tag());
    }
    match svc::register_from(&state.app, &client, input).await {
        // The same page whether or not the address was in use.
        Ok(()) => Ok(render(
            &state,
            &ctx,
            "message.html",
            context! { title_key => "registration.sent.title", message_key => "registration.sent.body" },
        )),
        Err(AppError::Refused(Refusal::RegistrationClosed)) => {
            let page = register_page(&state, context! {}).await?;
            Ok(render(&state, &ctx, "registration/register.html", page))
        }
        Err(e) => {
            let page = register_page(&state, ser(&form.strings())).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "registration/register.html",
                e,
                page,
            ))
        }
    }
}

async fn confirm_form(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let token = query_value(&ctx, "token").unwrap_or_default();
    let valid = svc::confirmation_link_is_valid(&state.app, &token).await?;
    Ok(render(
        &state,
        &ctx,
        "registration/confirm_email.html",
        context! { valid => valid, form => context! { token => token } },
    ))
}

async fn confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> Response {
    let (token, password, again) = (form.get("token"), form.get("password"), form.get("confirm"));
    match svc::confirm_email(&state.app, token, password, again).await {
        Ok(()) => see_other("/sign-in", "registration.notice.email_confirmed"),
        Err(e) => form_with_errors(
            &state,
            &ctx,
            "registration/confirm_email.html",
            e,
            context! { valid => true, form => context! { token => token } },
        ),
    }
}

// ----- employment confirmation --------------------------------------------------------------

async fn waiting(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let people = svc::waiting(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "registration/waiting.html",
        context! { people => ser(&people) },
    ))
}

async fn confirm_employment(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(person): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let person: PersonId = parse_id(&person)?;
    svc::confirm_employment(&state.app, actor, person).await?;
    Ok(see_other(
        "/registrations",
        "registration.notice.employment_confirmed",
    ))
}

async fn not_employed(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(person): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let person: PersonId = parse_id(&person)?;
    svc::not_employed(&state.app, actor, person).await?;
    Ok(see_other(
        "/registrations",
        "registration.notice.not_employed",
    ))
}

// ----- nominations ----------------------------------------------------------------------------

async fn nominate_page(
    state: &AppState,
    ctx: &PageCtx,
    intake: IntakeId,
    search: Option<&str>,
    values: Value,
) -> Result<Value, AppError> {
    let actor = ctx.actor()?;
    let p = nominations::page(&state.app, actor, intake, search).await?;
    Ok(context! {
        page => ser(&p),
        role_options => p.roles.iter().map(|r| context! { value => r.code(), label => tandem_app::applications::role_key(*r) }).collect::<Vec<_>>(),
        q => search.unwrap_or_default(),
        form => values,
    })
}

async fn nominate_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let intake: IntakeId = parse_id(&id)?;
    let q = query_value(&ctx, "q");
    let page = nominate_page(&state, &ctx, intake, q.as_deref(), context! {}).await?;
    Ok(render(&state, &ctx, "registration/nominate.html", page))
}

async fn nominate(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let intake: IntakeId = parse_id(&id)?;
    let role = ApplicationRole::from_code(form.get("role"));
    let mut people = Vec::new();
    for raw in form.all("people") {
        people.push(parse_id::<PersonId>(raw)?);
    }
    match nominations::nominate(&state.app, actor, intake, role, &people).await {
        Ok(done) => {
            let page = nominate_page(&state, &ctx, intake, None, context! {}).await?;
            Ok(render(
                &state,
                &ctx,
                "registration/nominated.html",
                context! { done => ser(&done), ..page },
            ))
        }
        Err(e) => {
            let q = form.get("q").to_string();
            let page = nominate_page(
                &state,
                &ctx,
                intake,
                Some(q.as_str()).filter(|q| !q.is_empty()),
                ser(&form.values()),
            )
            .await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "registration/nominate.html",
                e,
                page,
            ))
        }
    }
}

async fn mine(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let open = nominations::mine(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "registration/mine.html",
        context! { nominations => ser(&open) },
    ))
}

async fn decline(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ApplicationId = parse_id(&id)?;
    nominations::decline(&state.app, actor, id).await?;
    Ok(see_other(
        "/nominations/mine",
        "nominations.notice.declined",
    ))
}
