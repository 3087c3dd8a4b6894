//! Rendering pages: the request's page context, the variables every page receives (navigation,
//! language switch, notices), templates rendered with them, and error pages.
//!
//! A leaf of the crate: the page middleware in [`crate::session`] and every page area use it,
//! and it uses neither.

use crate::error::status;
use crate::i18n::{I18n, Lang};
use crate::{AppError, AppState, CurrentUser, PageError};
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use minijinja::Value;
use minijinja::context;
use serde::Serialize;
use tandem_domain::{Action, Actor, Role, can};

/// Everything a page handler needs about the request beyond its own parameters (set by the page
/// middleware).
#[derive(Clone, Debug)]
pub struct PageCtx {
    pub user: Option<CurrentUser>,
    pub lang: Lang,
    /// The token every form must send back in `csrf_token`.
    pub csrf_token: String,
    /// Path and query of this request (for the language switch and sign-in redirects).
    pub path: String,
    pub query: Option<String>,
}

impl PageCtx {
    /// The signed-in person, or `Unauthenticated` (which redirects to sign-in).
    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthenticated)
    }

    /// The signed-in person's actor, or `Unauthenticated`.
    pub fn actor(&self) -> Result<&Actor, AppError> {
        self.user().map(|u| &u.actor)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<PageCtx>()
            .cloned()
            .ok_or(PageError(AppError::Internal(
                "page context missing: route outside the page router".into(),
            )))
    }
}

/// Notices that may be shown after a redirect (`?notice=key`); anything else is ignored, so the
/// query string cannot inject text.
const NOTICES: &[&str] = &[
    "notice.notice_queued_again",
    "notice.notice_not_dead",
    "notice.saved",
    "notice.set_up",
    "notice.created",
    "notice.signed_out",
    "security.notice.token_revoked",
    "notice.password_set",
    "notice.invitation_sent",
    "notice.import_done",
    "notice.matching_run",
    "notice.pin_saved",
    "notice.published",
    "notice.swapped",
    "notice.offer_accepted",
    "notice.offer_declined",
    "notice.signed",
    "notice.relationship_ended",
    "notice.session_logged",
    "notice.apologies_sent",
    "kinds.notice.apologies_withdrawn",
    "kinds.notice.training_verified",
    "registration.notice.employment_confirmed",
    "registration.notice.not_employed",
    "registration.notice.email_confirmed",
    "nominations.notice.declined",
    "rights.notice.consent_saved",
    "rights.notice.erased",
    "rights.notice.retention_saved",
    "rights.notice.retention_applied",
    "instruments.notice.created",
    "instruments.notice.deleted",
    "peers.notice.sent",
    "peers.notice.accepted",
    "peers.notice.declined",
];

/// A navigation entry.
#[derive(Serialize)]
struct NavItem {
    href: &'static str,
    label: &'static str,
    current: bool,
}

/// Variables every page template receives.
fn base(state: &AppState, ctx: &PageCtx) -> Value {
    let mut nav = Vec::new();
    if let Some(u) = &ctx.user {
        let a = &u.actor;
        let mut push = |href: &'static str, label: &'static str| {
            let current = ctx.path == href
                || (href != "/dashboard" && ctx.path.starts_with(&format!("{href}/")));
            nav.push(NavItem {
                href,
                label,
                current,
            });
        };
        let holds = |role: Role| a.roles.iter().any(|r| r.role == role);
        // Each item names what this reader finds there (issue #17): a participant's home is
        // "My Tandem"; a coordinator's menu leads to the applications they review and, for an
        // organisation's coordinator, their staff's relationships, where a participant's leads
        // to their own applications and matches.
        let only_participant = a.roles.iter().all(|r| r.role == Role::Participant);
        let reviews = can(a, Action::ReviewApplications);
        let coordinates_staff = !a.coordinated_organisations().is_empty();
        let own_journey = holds(Role::Participant) || !reviews;
        push(
            "/dashboard",
            if only_participant {
                "homes.nav.my_tandem"
            } else {
                "nav.dashboard"
            },
        );
        if can(a, Action::ViewScheme) {
            push("/organisations", "nav.organisations");
            push("/programmes", "nav.programmes");
        }
        if can(a, Action::ListPeople) {
            push("/people", "nav.people");
        }
        if tandem_app::mentors::may_list_mentors(a) {
            push("/mentors", "nav.mentors");
        }
        // Evaluation is an evaluator's whole work, so it is in their menu; coordinators reach it
        // from their dashboard, which keeps their menu on one line of the header.
        if holds(Role::Evaluator) {
            push("/evaluation", "nav.evaluation");
        }
        if reviews {
            push("/reviews", "homes.nav.reviews");
        }
        if coordinates_staff {
            push("/staff-relationships", "homes.nav.staff");
        }
        if own_journey {
            push("/applications", "nav.applications");
            push("/relationships", "nav.relationships");
            push("/mentoring", "nav.my_mentoring");
        }
        // Surveys are asked of participants; nobody else has any to answer.
        if holds(Role::Participant) {
            push("/surveys", "surveys.nav");
            push("/profile", "nav.profile");
        }
        if can(a, Action::EditSchemeSettings) {
            push("/settings", "nav.settings");
        }
        if can(a, Action::ExportSchemeRecords) {
            push("/exports", "exports.nav");
        }
    }
    let other = match ctx.lang {
        Lang::EnGb => Lang::NlNl,
        Lang::NlNl => Lang::EnGb,
    };
    let mut params: Vec<(String, String)> =
        form_urlencoded::parse(ctx.query.as_deref().unwrap_or("").as_bytes())
            .filter(|(k, _)| k != "lang" && k != "notice")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    params.push(("lang".into(), other.tag().into()));
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let notice = query_value(ctx, "notice").filter(|n| NOTICES.contains(&n.as_str()));
    context! {
        lang => ctx.lang.tag(),
        signed_in => ctx.user.is_some(),
        user_name => ctx.user.as_ref().map(|u| u.person.display_name()),
        // The zone the date filters show instants in: the reader's (their employer's
        // country's); signed out, the scheme's default.
        zone => ctx.user.as_ref().map(|u| u.time_zone),
        csrf_token => ctx.csrf_token.clone(),
        nav => ser(&nav),
        // One leading `/` only: a request for `//evil.example/` must not become a
        // protocol-relative link off site (browsers read `\` as `/` too).
        switch_href => format!("/{}?{}", ctx.path.trim_start_matches(['/', '\\']), query),
        switch_lang => other.tag(),
        switch_label => match other { Lang::EnGb => "English", Lang::NlNl => "Nederlands" },
        demo => state.config.demo,
        // How many people a publication told ("Published. 12 people …"): a count only, so a
        // hand-made link can mislead nobody but its maker.
        notice_count => query_value(ctx, "told")
            .filter(|_| notice.as_deref() == Some("notice.published"))
            .and_then(|n| n.parse::<u32>().ok()),
        notice => notice,
    }
}

/// Any serialisable value as a template value.
pub fn ser<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// Translation key of a grade system's name (keyed by its serialised name, as templates see it).
pub fn grade_system_key(s: tandem_domain::GradeSystem) -> String {
    let name = serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("grade_system.{name}")
}

/// A query parameter of the current request.
pub fn query_value(ctx: &PageCtx, name: &str) -> Option<String> {
    form_urlencoded::parse(ctx.query.as_deref()?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Renders a page; `page` is merged over the base variables.
pub fn render(state: &AppState, ctx: &PageCtx, template: &str, page: Value) -> Response {
    render_status(state, ctx, StatusCode::OK, template, page)
}

/// Renders a page with a status (422 for a form with errors).
pub fn render_status(
    state: &AppState,
    ctx: &PageCtx,
    status: StatusCode,
    template: &str,
    page: Value,
) -> Response {
    let vars = context! { ..page, ..base(state, ctx) };
    match state.templates.render(template, vars) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(template, error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Html("<!DOCTYPE html><html lang=\"en-GB\"><title>Error</title><p>Sorry, there is a problem with the service.</p></html>")).into_response()
        }
    }
}

/// An error page for an error (used by the middleware, which may have no page context yet).
pub fn error_page(
    state: &AppState,
    ctx: Option<&PageCtx>,
    lang: Lang,
    err: &AppError,
    path: &str,
) -> Response {
    err.log();
    let (key, params) = err.message();
    let res = error_page_with(state, ctx, lang, status(err), key, &params, path);
    crate::error::with_retry_after(err, res)
}

/// An error page for a status and message key.
pub fn error_page_for(
    state: &AppState,
    ctx: Option<&PageCtx>,
    lang: Lang,
    status: StatusCode,
    key: &str,
    path: &str,
) -> Response {
    error_page_with(state, ctx, lang, status, key, &[], path)
}

/// An error page for a status, a message key and its placeholder values.
pub fn error_page_with(
    state: &AppState,
    ctx: Option<&PageCtx>,
    lang: Lang,
    status: StatusCode,
    key: &str,
    params: &[(String, String)],
    path: &str,
) -> Response {
    let fallback = PageCtx {
        user: None,
        lang,
        csrf_token: String::new(),
        path: path.to_string(),
        query: None,
    };
    let ctx = ctx.unwrap_or(&fallback);
    let title_key = match status {
        StatusCode::NOT_FOUND => "error.title.not_found",
        StatusCode::FORBIDDEN => "error.title.forbidden",
        StatusCode::PAYLOAD_TOO_LARGE => "error.title.too_large",
        s if s.is_server_error() => "error.title.internal",
        _ => "error.title.generic",
    };
    let max_mb = (tandem_people_io::MAX_UPLOAD_BYTES / (1024 * 1024)).to_string();
    // A date a refusal carries (an offer's deadline) is written in words for the reader.
    let params: Vec<(&str, String)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), tandem_i18n::dates::param(ctx.lang, v)))
        .collect();
    let mut all: Vec<(&str, &str)> = vec![("max", max_mb.as_str())];
    all.extend(params.iter().map(|(k, v)| (*k, v.as_str())));
    let message = I18n::shared().t_with(ctx.lang, key, &all);
    render_status(
        state,
        ctx,
        status,
        "error.html",
        context! { title_key => title_key, message => message },
    )
}
