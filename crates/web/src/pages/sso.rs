//! Pages of e-mailed sign-in links and single sign-on per organisation: asking for a link, the
//! page the link opens (a GET shows a button, only its POST uses the link, because mail scanners
//! open links), choosing one's organisation, the provider's callback, and the administrator's
//! settings under `/settings/sign-in`.

use crate::forms::{Choice, FormData, form_with_errors, parse_id, see_other};
use crate::render::{PageCtx, query_value, render, render_status, ser};
use crate::session::{cookies, session_cookie, set_cookie};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::context;
use tandem_app::accounts::{self, NewSession};
use tandem_app::sign_in::{self, SsoCallback, SsoInput, SsoOrganisation};

/// This area's templates (name, source); names start with `sso/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "sso/link_request.html",
        include_str!("../../templates/sso/link_request.html"),
    ),
    (
        "sso/link.html",
        include_str!("../../templates/sso/link.html"),
    ),
    (
        "sso/failed.html",
        include_str!("../../templates/sso/failed.html"),
    ),
    (
        "sso/organisation.html",
        include_str!("../../templates/sso/organisation.html"),
    ),
    (
        "sso/settings.html",
        include_str!("../../templates/sso/settings.html"),
    ),
    (
        "sso/organisation_settings.html",
        include_str!("../../templates/sso/organisation_settings.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/sign-in/link-request",
            get(link_request_form).post(link_request),
        )
        .route("/sign-in/link", get(link_page).post(link_sign_in))
        .route("/sign-in/organisation", get(organisation_form))
        .route(
            "/sign-in/organisation/{organisation}",
            get(organisation_start),
        )
        .route("/sign-in/oidc/callback", get(callback))
        .route("/settings/sign-in", get(settings))
        .route(
            "/settings/sign-in/{organisation}",
            get(organisation_settings).post(save_organisation_settings),
        )
}

/// The cookie that ties a single sign-on to the browser that began it (so a callback URL is
/// worthless in another browser). `__Host-` when cookies are `Secure`.
fn state_cookie(config: &crate::WebConfig) -> &'static str {
    if config.cookie_secure {
        "__Host-tandem_sso"
    } else {
        "tandem_sso"
    }
}

/// Sets the session cookie of a new session (ending any session this browser had) and goes on.
async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    session: &NewSession,
    to: &str,
    extra: Option<axum::http::HeaderValue>,
) -> Response {
    if let Some(old) = cookies(headers).get(session_cookie(&state.config))
        && let Err(e) = accounts::sign_out(&state.app, old).await
    {
        e.log();
    }
    let max_age = i64::from(state.app.settings.session_hours) * 3600;
    let cookie = set_cookie(
        &state.config,
        session_cookie(&state.config),
        &session.token,
        Some(max_age),
    );
    let mut resp = ([(header::SET_COOKIE, cookie)], Redirect::to(to)).into_response();
    if let Some(v) = extra {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

fn link_invalid(state: &AppState, ctx: &PageCtx) -> Response {
    render_status(
        state,
        ctx,
        StatusCode::BAD_REQUEST,
        "sso/failed.html",
        context! {
            title_key => "signin.link.invalid_title",
            message_key => "signin.link.invalid_body",
        },
    )
}

// ----- e-mailed links -----

async fn link_request_form(State(state): State<AppState>, ctx: PageCtx) -> Response {
    render(&state, &ctx, "sso/link_request.html", context! {})
}

async fn link_request(
    State(state): State<AppState>,
    ctx: PageCtx,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    Form(form): Form<FormData>,
) -> Response {
    // Only the address's form is checked here; whether it has an account is never said.
    if let Err(e) = tandem_domain::validate::normalise_email(form.get("email")) {
        let values = context! { email => form.get("email") };
        return form_with_errors(
            &state,
            &ctx,
            "sso/link_request.html",
            AppError::field("email", e),
            context! { form => values },
        );
    }
    if let Err(e) = sign_in::request_sign_in_link_from(&state.app, &client, form.get("email")).await
    {
        let values = context! { email => form.get("email") };
        return form_with_errors(
            &state,
            &ctx,
            "sso/link_request.html",
            e,
            context! { form => values },
        );
    }
    render(
        &state,
        &ctx,
        "message.html",
        context! { title_key => "signin.link.sent_title", message_key => "signin.link.sent_body" },
    )
}

async fn link_page(State(state): State<AppState>, ctx: PageCtx) -> Response {
    let token = query_value(&ctx, "token").unwrap_or_default();
    match sign_in::sign_in_link_is_valid(&state.app, &token).await {
        Ok(true) => render(&state, &ctx, "sso/link.html", context! { token => token }),
        Ok(false) => link_invalid(&state, &ctx),
        Err(e) => PageError(e).into_response(),
    }
}

async fn link_sign_in(
    State(state): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Form(form): Form<FormData>,
) -> Response {
    match sign_in::sign_in_with_link(&state.app, form.get("token")).await {
        Ok(session) => signed_in(&state, &headers, &session, "/dashboard", None).await,
        Err(AppError::Validation(_)) => link_invalid(&state, &ctx),
        Err(e) => PageError(e).into_response(),
    }
}

// ----- single sign-on -----

async fn organisation_form(State(state): State<AppState>, ctx: PageCtx) -> Response {
    let next = query_value(&ctx, "next")
        .filter(|n| super::auth::safe_next(n).is_some())
        .unwrap_or_default();
    let orgs = match sign_in::sso_choices(&state.app).await {
        Ok(o) => o,
        Err(e) => return PageError(e).into_response(),
    };
    let organisations: Vec<Choice> = orgs
        .into_iter()
        .map(|o| Choice {
            value: o.id.to_string(),
            label: o.name,
        })
        .collect();
    render(
        &state,
        &ctx,
        "sso/organisation.html",
        context! { organisations => ser(&organisations), next => next },
    )
}

/// Starts a single sign-on and sends the browser to the provider. A GET (a link on the previous
/// page): a form's redirect to another site would break the pages' `form-action 'self'` policy.
/// It writes only the pending sign-in, which is harmless if a prefetch makes one (it expires).
async fn organisation_start(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> Response {
    let next = query_value(&ctx, "next")
        .and_then(|n| super::auth::safe_next(&n).map(str::to_string))
        .unwrap_or_else(|| "/dashboard".to_string());
    let Ok(organisation) = id.parse() else {
        return PageError(AppError::NotFound).into_response();
    };
    match sign_in::begin_sso(&state.app, organisation, &next).await {
        Ok(start) => {
            let cookie = set_cookie(
                &state.config,
                state_cookie(&state.config),
                &start.state,
                Some(15 * 60),
            );
            (
                [(header::SET_COOKIE, cookie)],
                Redirect::to(&start.authorize_url),
            )
                .into_response()
        }
        Err(e) => sso_failed(&state, &ctx, e),
    }
}

/// Every failed single sign-on gets this page (the reason is in the log only).
fn sso_failed(state: &AppState, ctx: &PageCtx, e: AppError) -> Response {
    if matches!(e, AppError::Internal(_)) {
        return PageError(e).into_response();
    }
    let clear = set_cookie(&state.config, state_cookie(&state.config), "", Some(0));
    let mut resp = render_status(
        state,
        ctx,
        StatusCode::FORBIDDEN,
        "sso/failed.html",
        context! {
            title_key => "signin.sso.failed_title",
            message_key => "signin.sso.failed_body",
        },
    );
    resp.headers_mut().append(header::SET_COOKIE, clear);
    resp
}

async fn callback(State(state): State<AppState>, ctx: PageCtx, headers: HeaderMap) -> Response {
    let cb = SsoCallback {
        state: query_value(&ctx, "state").unwrap_or_default(),
        code: query_value(&ctx, "code"),
        error: query_value(&ctx, "error"),
        browser_state: cookies(&headers).get(state_cookie(&state.config)).cloned(),
    };
    match sign_in::finish_sso(&state.app, &cb).await {
        Ok(done) => {
            let to = super::auth::safe_next(&done.next)
                .unwrap_or("/dashboard")
                .to_string();
            let clear = set_cookie(&state.config, state_cookie(&state.config), "", Some(0));
            signed_in(&state, &headers, &done.session, &to, Some(clear)).await
        }
        Err(e) => sso_failed(&state, &ctx, e),
    }
}

// ----- the administrator's settings -----

fn organisation_row(o: &SsoOrganisation) -> minijinja::Value {
    context! {
        id => o.organisation.id.to_string(),
        name => o.organisation.name.clone(),
        enabled => o.enabled,
        configured => o.updated_at.is_some(),
        issuer_url => o.issuer_url.clone(),
        secret_set => o.secret_set,
    }
}

async fn settings(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let all = sign_in::sso_settings(&state.app, actor).await?;
    let rows: Vec<minijinja::Value> = all.iter().map(organisation_row).collect();
    Ok(render(
        &state,
        &ctx,
        "sso/settings.html",
        context! { organisations => rows },
    ))
}

fn redirect_url(state: &AppState) -> String {
    format!("{}/sign-in/oidc/callback", state.app.settings.base())
}

async fn organisation_settings(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let o = sign_in::sso_setting(&state.app, actor, parse_id(&id)?).await?;
    let form = context! {
        issuer_url => o.issuer_url.clone(),
        client_id => o.client_id.clone(),
        enabled => if o.enabled { "yes" } else { "" },
    };
    Ok(render(
        &state,
        &ctx,
        "sso/organisation_settings.html",
        context! {
            organisation => organisation_row(&o),
            secret_set => o.secret_set,
            redirect_url => redirect_url(&state),
            form => form,
        },
    ))
}

async fn save_organisation_settings(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let organisation = parse_id(&id)?;
    let input = SsoInput {
        issuer_url: form.get("issuer_url").to_string(),
        client_id: form.get("client_id").to_string(),
        client_secret: form.get("client_secret").to_string(),
        enabled: form.get("enabled") == "yes",
    };
    match sign_in::save_sso_settings(&state.app, actor, organisation, &input).await {
        Ok(_) => Ok(see_other("/settings/sign-in", "notice.saved")),
        Err(AppError::Validation(v)) => {
            let o = sign_in::sso_setting(&state.app, actor, organisation).await?;
            // The secret is never sent back, not even as typed.
            let values = context! {
                issuer_url => input.issuer_url,
                client_id => input.client_id,
                enabled => if input.enabled { "yes" } else { "" },
            };
            Ok(form_with_errors(
                &state,
                &ctx,
                "sso/organisation_settings.html",
                AppError::Validation(v),
                context! {
                    organisation => organisation_row(&o),
                    secret_set => o.secret_set,
                    redirect_url => redirect_url(&state),
                    form => values,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}
