//! Reading forms and showing their errors: form data with repeated names, NHS date inputs and
//! whole numbers, translated error summaries with inline messages, and the redirect after a
//! successful POST.

use crate::i18n::{I18n, Lang};
use crate::render::{PageCtx, render_status, ser};
use crate::{AppError, AppState, PageError};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::Value;
use minijinja::context;
use serde::Serialize;
use std::collections::BTreeMap;
use tandem_domain::ValidationErrors;

/// Parses an id from the path; an id that cannot exist is simply not found.
pub fn parse_id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// A radio, checkbox or select option whose label is a translation key.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A submitted URL-encoded form as name/value pairs (repeated names kept, e.g. checkboxes).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single values as text for re-filling a form (the CSRF token left out).
    pub fn strings(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter(|(k, _)| k != crate::session::CSRF_FIELD)
            .cloned()
            .collect()
    }

    /// The values as a map for re-filling a form (checkbox groups as lists).
    pub fn values(&self) -> BTreeMap<String, Value> {
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
pub struct ShownError {
    field: String,
    message: String,
}

/// Translates field errors for a form: a list for the error summary (in the order given) and a
/// map for inline messages (first error per field).
pub fn shown_errors(
    lang: Lang,
    errors: &ValidationErrors,
) -> (Vec<ShownError>, BTreeMap<String, String>) {
    let i18n = I18n::shared();
    let mut list = Vec::new();
    let mut by_field = BTreeMap::new();
    for e in &errors.errors {
        // A date in an error (a workshop's day, an offer's deadline) in words for the reader.
        let params: Vec<(&str, String)> = e
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), tandem_i18n::dates::param(lang, v)))
            .collect();
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
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
        "scheme_name" => "setup.label.scheme_name",
        "organisation_1_name" | "organisation_2_name" | "organisation_3_name" => {
            "setup.label.organisation_name"
        }
        "administrator_given_name" | "coordinator_given_name" => "field.given_name",
        "administrator_family_name" | "coordinator_family_name" => "field.family_name",
        _ => return None,
    })
}

/// Where a form-level problem (a refusal about no field in particular) links to when the form
/// names no better place: the page's main content, which every page has.
pub const MAIN_ANCHOR: &str = "maincontent";

/// Renders a form page with errors (status 422), or passes other errors on. A rate limit or a
/// busy server shows the form again too (429 or 503 with `Retry-After`), its message against the
/// `email` field; a refusal about no field links to the page's main content.
pub fn form_with_errors(
    state: &AppState,
    ctx: &PageCtx,
    template: &str,
    err: AppError,
    page: Value,
) -> Response {
    form_errors(state, ctx, template, err, page, "email", MAIN_ANCHOR)
}

/// [`form_with_errors`], showing a rate limit, a busy server or a refusal about no field against
/// `field` (the id the error summary links to: the form's first field or its button).
pub fn form_with_errors_on(
    state: &AppState,
    ctx: &PageCtx,
    template: &str,
    err: AppError,
    page: Value,
    field: &str,
) -> Response {
    form_errors(state, ctx, template, err, page, field, field)
}

/// The form again with its problems. A refusal re-renders with the same status as field errors
/// (422, as recruitment's refused forms always have): the page is the form, still to be fixed.
fn form_errors(
    state: &AppState,
    ctx: &PageCtx,
    template: &str,
    err: AppError,
    page: Value,
    wait_field: &str,
    anchor: &str,
) -> Response {
    if let Some(secs) = err.retry_after() {
        let (key, _) = err.message();
        let mut v = ValidationErrors::new();
        v.add_with(wait_field, key, &[("seconds", &secs.to_string())]);
        let (errors, error_for) = shown_errors(ctx.lang, &v);
        let vars = context! { errors => ser(&errors), error_for => error_for, ..page };
        let res = render_status(state, ctx, crate::error::status(&err), template, vars);
        return crate::error::with_retry_after(&err, res);
    }
    match crate::error::inline_errors(err, anchor) {
        Ok(v) => {
            let (errors, error_for) = shown_errors(ctx.lang, &v);
            let vars = context! { errors => ser(&errors), error_for => error_for, ..page };
            render_status(state, ctx, StatusCode::UNPROCESSABLE_ENTITY, template, vars)
        }
        Err(other) => PageError(other).into_response(),
    }
}

/// Redirect after a successful POST, with a notice key.
pub fn see_other(to: &str, notice: &str) -> Response {
    let sep = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{sep}notice={notice}")).into_response()
}

/// Parses an optional whole number from a form field; records an error when it is not one.
pub fn parse_u32(form: &FormData, field: &str, errors: &mut ValidationErrors) -> Option<u32> {
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
pub fn parse_date(
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
        chrono::NaiveDate::from_ymd_opt(y, m, d)
    })();
    // The one date rule (tandem_domain::text): a real day within 1900..=2100.
    match parsed.map(tandem_domain::text::check_date) {
        None => {
            errors.add(field, tandem_domain::text::DATE_INVALID);
            None
        }
        Some(Err(k)) => {
            errors.add(field, k);
            None
        }
        Some(Ok(d)) => Some(d),
    }
}

/// Why an action is not offered on a page, in the reader's language: the refusal the action
/// would meet, decided by the same rule the use case applies (e.g.
/// `tandem_app::sessions::can_propose`), so the page and the refusal never disagree. A used-up
/// cap reads as what it is ("Sessions used: 6 of 6") rather than as a refusal of something the
/// reader has not tried; every other reason reads as its refusal.
pub fn not_offered(lang: Lang, why: &tandem_app::Refusal) -> String {
    use tandem_app::Refusal;
    let (key, params) = match why {
        Refusal::BookedSessionsCap { cap } | Refusal::LoggedSessionsCap { cap } => {
            ("refusals.sessions.all_used", vec![("cap", cap.to_string())])
        }
        Refusal::BookedMinutesCap { cap } | Refusal::LoggedMinutesCap { cap } => (
            "refusals.sessions.minutes_used",
            vec![("cap", cap.to_string())],
        ),
        other => other.message(),
    };
    let params: Vec<(&str, String)> = params
        .into_iter()
        .map(|(k, v)| (k, tandem_i18n::dates::param(lang, &v)))
        .collect();
    let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    I18n::shared().t_with(lang, key, &params)
}
