//! The set-up page (the first run in a browser) and the scheme's settings page; and the gate
//! that sends every request to the set-up page while the database holds no scheme.

use crate::forms::{Choice, FormData, form_with_errors, see_other};
use crate::render::{PageCtx, render, ser};
use crate::session::{session_cookie, set_cookie};
use crate::{AppError, AppState, PageResult};
use axum::Form;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use tandem_app::setup::{self, Credential, InitRequest, OrganisationEntry, PersonEntry};
use tandem_app::{accounts, authorise};
use tandem_domain::organisation::DEFAULT_SMALL_NUMBER_THRESHOLD;
use tandem_domain::{
    Action, Country, Language, OrganisationKind, SchemeSettingsInput, TimeZone, can,
};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "setup/setup.html",
        include_str!("../../templates/setup/setup.html"),
    ),
    (
        "setup/settings.html",
        include_str!("../../templates/setup/settings.html"),
    ),
];

/// How many organisations the set-up page offers (more are added on the Organisations page
/// afterwards, or all at once with `tandem init`).
const ORGANISATION_ROWS: usize = 3;

pub(super) fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/setup", get(setup_form).post(set_up))
        .route("/settings", get(settings).post(save_settings))
}

/// Paths that work while the database holds no scheme: the set-up page itself, the design
/// system's files, the health checks and the API's description.
fn open_before_setup(path: &str) -> bool {
    path == "/setup"
        || path.starts_with("/assets/")
        || matches!(path, "/healthz" | "/readyz" | "/api/openapi.json")
}

/// While the database holds no scheme, pages lead to `/setup` and the API answers `503` with the
/// code `setup.required`. Once a scheme exists (it never stops existing) this instance stops
/// asking the database (see [`AppState::set_up`]).
pub(crate) async fn gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.is_set_up() || open_before_setup(req.uri().path()) {
        return next.run(req).await;
    }
    match setup::needed(&state.app).await {
        Ok(false) => {
            state.mark_set_up();
            next.run(req).await
        }
        Ok(true) if req.uri().path().starts_with("/api/") => crate::api::error::setup_required(),
        Ok(true) => Redirect::to("/setup").into_response(),
        Err(e) => {
            e.log();
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn choices(codes: impl Iterator<Item = &'static str>, prefix: &str) -> Vec<Choice> {
    codes
        .map(|code| Choice {
            value: code.into(),
            label: format!("{prefix}.{code}"),
        })
        .collect()
}

fn settings_choices() -> Value {
    context! {
        countries => ser(&choices(Country::ALL.iter().map(|c| c.code()), "country")),
        languages => ser(&choices(Language::ALL.iter().map(|l| l.tag()), "language")),
        zones => ser(&choices(TimeZone::ALL.iter().map(|z| z.name()), "setup.zone")),
        kinds => ser(&choices(OrganisationKind::ALL.iter().map(|k| k.code()), "organisation_kind")),
        rows => (1..=ORGANISATION_ROWS).collect::<Vec<_>>(),
    }
}

fn settings_input(form: &FormData) -> SchemeSettingsInput {
    SchemeSettingsInput {
        countries: form.all("countries").into_iter().map(Into::into).collect(),
        languages: form.all("languages").into_iter().map(Into::into).collect(),
        time_zone: form.get("time_zone").into(),
        self_registration: form.get("self_registration") == "yes",
        // Not a number is out of range: the field's own message says what is wanted.
        small_number_threshold: Some(
            form.get("small_number_threshold")
                .trim()
                .parse()
                .unwrap_or(0),
        ),
        // Absent or empty keeps the default; not a number is out of range.
        suppression_rounding: optional_number(form, "suppression_rounding"),
        suppression_min_statistics: optional_number(form, "suppression_min_statistics"),
        suppression_reason: form.get("suppression_reason").into(),
    }
}

fn optional_number(form: &FormData, name: &str) -> Option<i64> {
    let v = form.get(name).trim();
    (!v.is_empty()).then(|| v.parse().unwrap_or(0))
}

async fn setup_form(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    if !setup::needed(&state.app).await? {
        return Err(AppError::NotFound.into());
    }
    let code = crate::render::query_value(&ctx, "code").unwrap_or_default();
    let form = context! {
        setup_code => code,
        countries => vec!["GB"],
        languages => vec!["en-GB"],
        time_zone => "Europe/London",
        small_number_threshold => DEFAULT_SMALL_NUMBER_THRESHOLD,
    };
    Ok(render(
        &state,
        &ctx,
        "setup/setup.html",
        context! { choices => settings_choices(), form => form },
    ))
}

fn init_request(form: &FormData) -> InitRequest {
    let organisations = (1..=ORGANISATION_ROWS)
        .map(|n| OrganisationEntry {
            name: form.get(&format!("organisation_{n}_name")).into(),
            kind: form.get(&format!("organisation_{n}_kind")).into(),
            country: form.get(&format!("organisation_{n}_country")).into(),
        })
        // Rows left empty are not organisations; the first row always counts.
        .enumerate()
        .filter(|(i, o)| *i == 0 || !o.name.trim().is_empty())
        .map(|(_, o)| o)
        .collect();
    let person = |prefix: &str| PersonEntry {
        given_name: form.get(&format!("{prefix}_given_name")).into(),
        family_name: form.get(&format!("{prefix}_family_name")).into(),
        email: form.get(&format!("{prefix}_email")).into(),
        language: String::new(),
    };
    InitRequest {
        scheme_name: form.get("scheme_name").into(),
        settings: settings_input(form),
        organisations,
        administrator: person("administrator"),
        administrator_credential: Credential::Password(form.get("administrator_password").into()),
        coordinator: Some(person("coordinator")),
        coordinator_credential: Credential::Invitation,
    }
}

async fn set_up(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let req = init_request(&form);
    let (email, password) = (
        req.administrator.email.clone(),
        form.get("administrator_password").to_string(),
    );
    match setup::init_with_code(&state.app, form.get("setup_code"), req).await {
        Ok(_) => {
            state.mark_set_up();
            // The administrator is signed in at once with the password they just chose.
            let session = accounts::sign_in(&state.app, &email, &password).await?;
            let max_age = i64::from(state.app.settings.session_hours) * 3600;
            let cookie = set_cookie(
                &state.config,
                session_cookie(&state.config),
                &session.token,
                Some(max_age),
            );
            Ok((
                [(header::SET_COOKIE, cookie)],
                see_other("/dashboard", "notice.set_up"),
            )
                .into_response())
        }
        Err(e) => {
            // The password is never sent back; everything else is kept as typed.
            let mut values = form.values();
            values.remove("administrator_password");
            Ok(form_with_errors(
                &state,
                &ctx,
                "setup/setup.html",
                e,
                context! { choices => settings_choices(), form => values },
            ))
        }
    }
}

async fn settings(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let current = setup::settings(&state.app, actor).await?;
    let input = SchemeSettingsInput::from(&current);
    let form = context! {
        countries => input.countries,
        languages => input.languages,
        time_zone => input.time_zone,
        self_registration => if input.self_registration { "yes" } else { "" },
        small_number_threshold => current.small_number_threshold,
        suppression_rounding => current.suppression_rounding,
        suppression_min_statistics => current.suppression_min_statistics,
        suppression_reason => current.suppression_reason.clone(),
    };
    Ok(render(
        &state,
        &ctx,
        "setup/settings.html",
        context! {
            choices => settings_choices(),
            form => form,
            settings => ser(&current),
            can_edit => can(actor, Action::EditSchemeSettings),
            can_manage_notices => can(actor, Action::ManageUndeliveredNotices),
            can_configure_sign_in => can(actor, Action::ConfigureSignIn),
        },
    ))
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    authorise(actor, Action::EditSchemeSettings)?;
    Ok(
        match setup::update_settings(&state.app, actor, settings_input(&form)).await {
            Ok(_) => see_other("/settings", "notice.saved"),
            Err(e) => form_with_errors(
                &state,
                &ctx,
                "setup/settings.html",
                e,
                context! {
                    choices => settings_choices(),
                    form => form.values(),
                    can_edit => true,
                    can_manage_notices => can(actor, Action::ManageUndeliveredNotices),
                    can_configure_sign_in => can(actor, Action::ConfigureSignIn),
                },
            ),
        },
    )
}
