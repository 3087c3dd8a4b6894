//! Sign-in, sign-out, password reset, invitations and the account page.

use crate::client::ClientAddr;
use crate::forms::{FormData, form_with_errors, form_with_errors_on, see_other};
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::session::{cookies, session_cookie, set_cookie};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use tandem_app::accounts;

/// Only local paths are followed after sign-in, so the `next` parameter cannot send anyone to
/// another site.
///
/// Allow-list rather than deny-list: one `/` followed by anything but `/` or `\`, and only visible
/// ASCII. Browsers drop tabs and newlines inside URLs (`/<TAB>/evil` becomes `//evil`) and treat
/// `\` like `/`, so anything else could turn into a protocol-relative, off-site address.
pub(super) fn safe_next(next: &str) -> Option<&str> {
    let bytes = next.as_bytes();
    let ok = bytes.first() == Some(&b'/')
        && bytes.get(1).is_none_or(|&b| b != b'/' && b != b'\\')
        && bytes.iter().all(|&b| (0x21..=0x7e).contains(&b));
    ok.then_some(next)
}

pub(super) async fn sign_in_form(State(state): State<AppState>, ctx: PageCtx) -> Response {
    if ctx.user.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    let next = crate::render::query_value(&ctx, "next")
        .filter(|n| safe_next(n).is_some())
        .unwrap_or_default();
    render(
        &state,
        &ctx,
        "sign_in.html",
        context! { form => context! { next => next }, sso => sso_offered(&state).await },
    )
}

/// Whether any organisation offers single sign-on (the sign-in page links to it only then).
async fn sso_offered(state: &AppState) -> bool {
    match tandem_app::sign_in::sso_choices(&state.app).await {
        Ok(orgs) => !orgs.is_empty(),
        Err(e) => {
            e.log();
            false
        }
    }
}

pub(super) async fn sign_in(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddr(client): ClientAddr,
    headers: axum::http::HeaderMap,
    Form(form): Form<FormData>,
) -> Response {
    let email = form.get("email");
    match accounts::sign_in_from(&state.app, &client, email, form.get("password")).await {
        Ok(session) => {
            // A session this browser had before is ended: the new one has a new id.
            if let Some(old) = cookies(&headers).get(session_cookie(&state.config))
                && let Err(e) = accounts::sign_out(&state.app, old).await
            {
                e.log();
            }
            let to = safe_next(form.get("next"))
                .unwrap_or("/dashboard")
                .to_string();
            let max_age = i64::from(state.app.settings.session_hours) * 3600;
            let cookie = set_cookie(
                &state.config,
                session_cookie(&state.config),
                &session.token,
                Some(max_age),
            );
            ([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response()
        }
        Err(e) => {
            // The password is never sent back.
            let values = context! { email => email, next => form.get("next") };
            let sso = sso_offered(&state).await;
            form_with_errors(
                &state,
                &ctx,
                "sign_in.html",
                e,
                context! { form => values, sso => sso },
            )
        }
    }
}

pub(super) async fn sign_out(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    if let Some(token) = cookies(&headers).get(session_cookie(&state.config))
        && let Err(e) = accounts::sign_out(&state.app, token).await
    {
        return PageError(e).into_response();
    }
    let cookie = set_cookie(&state.config, session_cookie(&state.config), "", Some(0));
    (
        [(header::SET_COOKIE, cookie)],
        see_other("/sign-in", "notice.signed_out"),
    )
        .into_response()
}

pub(super) async fn forgot_form(State(state): State<AppState>, ctx: PageCtx) -> Response {
    render(&state, &ctx, "forgot_password.html", context! {})
}

pub(super) async fn forgot(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddr(client): ClientAddr,
    Form(form): Form<FormData>,
) -> Response {
    if let Err(e) = tandem_domain::validate::normalise_email(form.get("email")) {
        let values = context! { email => form.get("email") };
        return form_with_errors(
            &state,
            &ctx,
            "forgot_password.html",
            AppError::field("email", e),
            context! { form => values },
        );
    }
    if let Err(e) =
        accounts::request_password_reset_from(&state.app, &client, form.get("email")).await
    {
        let values = context! { email => form.get("email") };
        return form_with_errors(
            &state,
            &ctx,
            "forgot_password.html",
            e,
            context! { form => values },
        );
    }
    render(
        &state,
        &ctx,
        "message.html",
        context! { title_key => "reset.sent_title", message_key => "reset.sent_body" },
    )
}

fn token_page(state: &AppState, ctx: &PageCtx, purpose: &str) -> Response {
    let token = crate::render::query_value(ctx, "token").unwrap_or_default();
    render(
        state,
        ctx,
        "set_password.html",
        context! { purpose => purpose, form => context! { token => token } },
    )
}

pub(super) async fn reset_form(State(state): State<AppState>, ctx: PageCtx) -> Response {
    token_page(&state, &ctx, "reset")
}

/// The invitation's page speaks the invited person's language, as its e-mail did, unless the
/// visitor chose one (`?lang=` or the remembered cookie). The language is then remembered, so
/// the sign-in page after it, and the session, keep it.
pub(super) async fn accept_form(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    mut ctx: PageCtx,
) -> Response {
    let chosen = crate::render::query_value(&ctx, "lang").is_some()
        || crate::session::cookies(&headers).contains_key(crate::i18n::LANG_COOKIE);
    let token = crate::render::query_value(&ctx, "token").unwrap_or_default();
    let invitee = if chosen {
        None
    } else {
        match accounts::invitation_language(&state.app, &token).await {
            Ok(l) => l,
            Err(e) => {
                e.log();
                None
            }
        }
    };
    let Some(lang) = invitee else {
        return token_page(&state, &ctx, "invitation");
    };
    ctx.lang = lang;
    let mut res = token_page(&state, &ctx, "invitation");
    let cookie = crate::session::set_cookie(
        &state.config,
        crate::i18n::LANG_COOKIE,
        lang.tag(),
        Some(365 * 24 * 3600),
    );
    res.headers_mut()
        .append(axum::http::header::SET_COOKIE, cookie);
    res
}

async fn set_password(state: AppState, ctx: PageCtx, form: FormData, purpose: &str) -> Response {
    let (token, password, confirm) = (form.get("token"), form.get("password"), form.get("confirm"));
    let result = if purpose == "reset" {
        accounts::reset_password(&state.app, token, password, confirm).await
    } else {
        accounts::accept_invitation(&state.app, token, password, confirm).await
    };
    match result {
        Ok(()) => see_other("/sign-in", "notice.password_set"),
        Err(e) => {
            let values = context! { token => token };
            form_with_errors(
                &state,
                &ctx,
                "set_password.html",
                e,
                context! { purpose => purpose, form => values },
            )
        }
    }
}

pub(super) async fn reset(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> Response {
    set_password(state, ctx, form, "reset").await
}

pub(super) async fn accept(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> Response {
    set_password(state, ctx, form, "invitation").await
}

fn roles_shown(user: &crate::CurrentUser) -> Vec<String> {
    let mut v: Vec<String> = user
        .actor
        .roles
        .iter()
        .map(|r| format!("role.{}", r.role.code()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The account page's variables: the person, their roles and their API tokens.
async fn account_page(state: &AppState, user: &crate::CurrentUser) -> PageResult<minijinja::Value> {
    let tokens = accounts::api_tokens(&state.app, &user.app_user()).await?;
    Ok(context! { person => ser(&user.person), roles => roles_shown(user), tokens => ser(&tokens) })
}

pub(super) async fn account(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let user = ctx.user()?;
    let page = account_page(&state, user).await?;
    Ok(render(&state, &ctx, "account.html", page))
}

pub(super) async fn create_api_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientAddr(client): ClientAddr,
    Form(form): Form<FormData>,
) -> PageResult {
    let user = ctx.user()?;
    let mut errors = tandem_domain::ValidationErrors::new();
    let days = crate::forms::parse_u32(&form, "expires_in_days", &mut errors);
    let result = match errors.into_result() {
        Ok(()) => {
            accounts::new_api_token(
                &state.app,
                &client,
                &user.app_user(),
                form.get("name"),
                days,
            )
            .await
        }
        Err(v) => Err(AppError::Validation(v)),
    };
    Ok(match result {
        // Shown once, on this response only (no redirect, so it is never in a URL or a log).
        Ok(token) => {
            let base = account_page(&state, user).await?;
            render(
                &state,
                &ctx,
                "account.html",
                context! { new_token => token.secret, ..base },
            )
        }
        Err(e) => {
            let base = account_page(&state, user).await?;
            form_with_errors_on(
                &state,
                &ctx,
                "account.html",
                e,
                context! { form => form.values(), ..base },
                "name",
            )
        }
    })
}

/// Revokes one of the signed-in person's API tokens (its id is in the path).
pub(super) async fn revoke_api_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> PageResult {
    let user = ctx.user()?;
    accounts::revoke_api_token(&state.app, &user.app_user(), &id).await?;
    Ok(see_other("/account", "security.notice.token_revoked"))
}
