//! Server-rendered pages (work without JavaScript: plain GET/POST forms, POST/redirect/GET).
//!
//! Handlers are thin: read the form, call a service, render a template or redirect. A service's
//! validation error re-renders the form with an NHS error summary and inline messages; every other
//! error becomes an error page through the page middleware in [`crate::session`].

pub(crate) mod applications;
mod auth;
pub(crate) mod growth;
pub(crate) mod matching;
pub(crate) mod mentors;
pub(crate) mod pairs;
mod people;
mod scheme;
pub(crate) mod sessions;
pub(crate) mod sets;

use crate::i18n::{I18n, Lang};
use crate::session::{PageCtx, page_context};
use crate::{AppError, AppState, PageError};
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::Value;
use minijinja::context;
use serde::Serialize;
use std::collections::BTreeMap;
use tandem_domain::{Action, ValidationErrors, can};

/// All page routes, behind the page middleware (session, language, CSRF, error pages).
pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/sign-in", get(auth::sign_in_form).post(auth::sign_in))
        .route("/sign-out", post(auth::sign_out))
        .route(
            "/forgot-password",
            get(auth::forgot_form).post(auth::forgot),
        )
        .route("/reset-password", get(auth::reset_form).post(auth::reset))
        .route(
            "/accept-invitation",
            get(auth::accept_form).post(auth::accept),
        )
        .route("/account", get(auth::account))
        .route("/account/api-tokens", post(auth::create_api_token))
        .route("/dashboard", get(scheme::dashboard))
        .route("/organisations", get(scheme::organisations))
        .route(
            "/organisations/new",
            get(scheme::new_organisation).post(scheme::create_organisation),
        )
        .route(
            "/organisations/{id}/edit",
            get(scheme::edit_organisation).post(scheme::update_organisation),
        )
        .route("/programmes", get(scheme::programmes))
        .route(
            "/programmes/new",
            get(scheme::new_programme).post(scheme::create_programme),
        )
        .route("/programmes/{id}", get(scheme::programme))
        .route(
            "/programmes/{id}/edit",
            get(scheme::edit_programme).post(scheme::update_programme),
        )
        .route(
            "/programmes/{id}/intakes/new",
            get(scheme::new_intake).post(scheme::create_intake),
        )
        .route(
            "/intakes/{id}/edit",
            get(scheme::edit_intake).post(scheme::update_intake),
        )
        .route("/people", get(people::list))
        .route(
            "/people/new",
            get(people::new_person).post(people::create_person),
        )
        .route(
            "/people/import",
            get(people::import_form).post(people::import_preview),
        )
        .route("/people/import/{id}", post(people::import_commit))
        .route("/people/export", get(people::export))
        .route("/people/{id}", get(people::profile))
        .route(
            "/people/{id}/edit",
            get(people::edit_person).post(people::update_person),
        )
        .route("/people/{id}/invite", post(people::invite))
        .merge(applications::routes())
        .merge(mentors::routes())
        .merge(matching::routes())
        .merge(sessions::routes())
        .merge(sets::routes())
        .merge(growth::routes())
        .merge(pairs::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state, page_context))
}

async fn home(ctx: PageCtx) -> Redirect {
    if ctx.user.is_some() {
        Redirect::to("/dashboard")
    } else {
        Redirect::to("/sign-in")
    }
}

async fn not_found() -> PageError {
    PageError(AppError::NotFound)
}

/// Notices that may be shown after a redirect (`?notice=key`); anything else is ignored, so the
/// query string cannot inject text.
const NOTICES: &[&str] = &[
    "notice.saved",
    "notice.created",
    "notice.signed_out",
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
        push("/dashboard", "nav.dashboard");
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
        push("/applications", "nav.applications");
        push("/relationships", "nav.relationships");
        push("/mentoring", "nav.my_mentoring");
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
        csrf_token => ctx.csrf_token.clone(),
        nav => ser(&nav),
        // One leading `/` only: a request for `//evil.example/` must not become a
        // protocol-relative link off site (browsers read `\` as `/` too).
        switch_href => format!("/{}?{}", ctx.path.trim_start_matches(['/', '\\']), query),
        switch_lang => other.tag(),
        switch_label => match other { Lang::EnGb => "English", Lang::NlNl => "Nederlands" },
        demo => state.config.demo,
        notice => notice,
    }
}

/// Any serialisable value as a template value.
pub(crate) fn ser<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// Translation key of a grade system's name (keyed by its serialised name, as templates see it).
pub(crate) fn grade_system_key(s: tandem_domain::GradeSystem) -> String {
    let name = serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("grade_system.{name}")
}

/// A query parameter of the current request.
pub(crate) fn query_value(ctx: &PageCtx, name: &str) -> Option<String> {
    form_urlencoded::parse(ctx.query.as_deref()?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Renders a page; `page` is merged over the base variables.
pub(crate) fn render(state: &AppState, ctx: &PageCtx, template: &str, page: Value) -> Response {
    render_status(state, ctx, StatusCode::OK, template, page)
}

/// Renders a page with a status (422 for a form with errors).
pub(crate) fn render_status(
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
pub(crate) fn error_page(
    state: &AppState,
    ctx: Option<&PageCtx>,
    lang: Lang,
    err: &AppError,
    path: &str,
) -> Response {
    err.log();
    let (key, params) = match err {
        AppError::BadRequest("csrf") => ("error.page.csrf", vec![]),
        other => other.message(),
    };
    error_page_with(
        state,
        ctx,
        lang,
        crate::error::status(err),
        key,
        &params,
        path,
    )
}

/// An error page for a status and message key.
pub(crate) fn error_page_for(
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
pub(crate) fn error_page_with(
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
    let mut all: Vec<(&str, &str)> = vec![("max", max_mb.as_str())];
    all.extend(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let message = I18n::shared().t_with(ctx.lang, key, &all);
    render_status(
        state,
        ctx,
        status,
        "error.html",
        context! { title_key => title_key, message => message },
    )
}

/// Parses an id from the path; an id that cannot exist is simply not found.
pub(crate) fn parse_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// A radio, checkbox or select option whose label is a translation key.
#[derive(Serialize)]
pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// A submitted URL-encoded form as name/value pairs (repeated names kept, e.g. checkboxes).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub(crate) struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single values as text for re-filling a form (the CSRF token left out).
    pub(crate) fn strings(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter(|(k, _)| k != crate::session::CSRF_FIELD)
            .cloned()
            .collect()
    }

    /// The values as a map for re-filling a form (checkbox groups as lists).
    pub(crate) fn values(&self) -> BTreeMap<String, Value> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in &self.0 {
            if k != crate::session::CSRF_FIELD {
                m.entry(k.clone()).or_default().push(v.clone());
            }
        }
        m.into_iter()
            .map(|(k, v)| {
                if v.len() == 1 {
                    (k, Value::from(v[0].clone()))
                } else {
                    (k, Value::from(v))
                }
            })
            .collect()
    }
}

/// One translated error for the summary and the inline message.
#[derive(Serialize)]
pub(crate) struct ShownError {
    field: String,
    message: String,
}

/// Translates field errors for a form: a list for the error summary (in the order given) and a
/// map for inline messages (first error per field).
pub(crate) fn shown_errors(
    lang: Lang,
    errors: &ValidationErrors,
) -> (Vec<ShownError>, BTreeMap<String, String>) {
    let i18n = I18n::shared();
    let mut list = Vec::new();
    let mut by_field = BTreeMap::new();
    for e in &errors.errors {
        let params: Vec<(&str, &str)> = e
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut message = i18n.t_with(lang, &e.message, &params);
        if let Some(label) = field_label_key(&e.field) {
            // The summary names the field so each entry makes sense on its own.
            message = i18n.t_with(
                lang,
                "error.field_message",
                &[("field", &i18n.t(lang, label)), ("message", &message)],
            );
        }
        if !by_field.contains_key(&e.field) {
            by_field.insert(e.field.clone(), message.clone());
            list.push(ShownError {
                field: e.field.clone(),
                message,
            });
        }
    }
    (list, by_field)
}

/// Labels of the fields whose error messages are generic ("Enter a value"), to prefix them.
fn field_label_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "given_name" => "field.given_name",
        "family_name" => "field.family_name",
        "name" => "field.name",
        "job_title" => "field.job_title",
        "profession" => "field.profession",
        "grade" => "field.grade",
        "session_cap" => "field.session_cap",
        "session_minutes" => "field.session_minutes",
        "term_months" => "field.term_months",
        "mentor_load_min" => "field.mentor_load_min",
        "mentor_load_max" => "field.mentor_load_max",
        "set_size_min" => "field.set_size_min",
        "set_size_max" => "field.set_size_max",
        "cadence_weeks" => "field.cadence_weeks",
        "opens_on" => "field.opens_on",
        "closes_on" => "field.closes_on",
        "starts_on" => "field.starts_on",
        "description" => "field.description",
        "course" => "mentors.course",
        "provider" => "mentors.provider",
        "evidence" => "mentors.evidence",
        "supervisor" => "mentors.supervisor",
        "minutes" => "mentors.minutes",
        "themes" => "mentors.themes",
        "load_max" => "mentors.load_max",
        "reason" => "matching.end.reason",
        _ => return None,
    })
}

/// Renders a form page with errors (status 422), or passes other errors on.
pub(crate) fn form_with_errors(
    state: &AppState,
    ctx: &PageCtx,
    template: &str,
    err: AppError,
    page: Value,
) -> Response {
    match err.into_validation() {
        AppError::Validation(v) => {
            let (errors, error_for) = shown_errors(ctx.lang, &v);
            let vars = context! { errors => ser(&errors), error_for => error_for, ..page };
            render_status(state, ctx, StatusCode::UNPROCESSABLE_ENTITY, template, vars)
        }
        other => PageError(other).into_response(),
    }
}

/// Redirect after a successful POST, with a notice key.
pub(crate) fn see_other(to: &str, notice: &str) -> Response {
    let sep = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{sep}notice={notice}")).into_response()
}

/// Parses an optional whole number from a form field; records an error when it is not one.
pub(crate) fn parse_u32(
    form: &FormData,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<u32> {
    let raw = form.get(field).trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<u32>() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.add(field, "error.whole_number");
            None
        }
    }
}

/// Parses an NHS date input (`{field}-day`, `{field}-month`, `{field}-year`).
pub(crate) fn parse_date(
    form: &FormData,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<chrono::NaiveDate> {
    let d = form.get(&format!("{field}-day")).trim().to_string();
    let m = form.get(&format!("{field}-month")).trim().to_string();
    let y = form.get(&format!("{field}-year")).trim().to_string();
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return None;
    }
    let parsed = (|| {
        let (d, m, y) = (
            d.parse::<u32>().ok()?,
            m.parse::<u32>().ok()?,
            y.parse::<i32>().ok()?,
        );
        if !(1900..=2200).contains(&y) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(y, m, d)
    })();
    if parsed.is_none() {
        errors.add(field, "error.date_invalid");
    }
    parsed
}
