//! Pages of the profile a person keeps: `/profile` (their own, seen and edited on one page, with
//! who can see what), and the choice of whose number is called for a telephone session
//! (`POST /sessions/{id}/number-to-call`, from the sessions page).

use crate::forms::{Choice, FormData, form_with_errors, parse_id, see_other};
use crate::render::{PageCtx, render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Form, Router};
use minijinja::{Value, context};
use std::collections::BTreeMap;
use tandem_app::profiles as service;
use tandem_domain::profile::{ContactRoute, LANGUAGES, PhoneKind, ProfileInput};
use tandem_domain::{FrameworkDimension, Mode, PersonId, SessionId, Slot, ValidationErrors};

/// This area's templates (name, source); names start with `profiles/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[(
    "profiles/edit.html",
    include_str!("../../templates/profiles/edit.html"),
)];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/profile", get(edit_page).post(save))
        .route("/sessions/{id}/number-to-call", post(number_to_call))
}

fn choices<T: Copy>(all: &[T], code: impl Fn(T) -> String, label: &str) -> Vec<Choice> {
    all.iter()
        .map(|x| Choice {
            value: code(*x),
            label: format!("{label}{}", code(*x)),
        })
        .collect()
}

/// The options of every list on the form (labels are translation keys).
fn options() -> Value {
    let dims = choices(
        &FrameworkDimension::ALL,
        |d| d.code().into(),
        "applications.framework.",
    );
    let slots: Vec<Slot> = Slot::all().collect();
    context! {
        dimensions => ser(&dims),
        slots => ser(&choices(&slots, |s| s.code(), "applications.slot.")),
        modes => ser(&choices(&Mode::ALL, |m| m.code().into(), "mode.")),
        languages => ser(&choices(LANGUAGES, |l| l.to_string(), "profiles.language.")),
        phones => ser(&choices(&PhoneKind::ALL, |k| k.code().into(), "profiles.phone.")),
        routes => ser(&choices(&ContactRoute::ALL, |r| r.code().into(), "profiles.route.")),
    }
}

/// Reads a list of codes; an unknown one is a field error (a forged form), never ignored.
fn codes<T>(
    form: &FormData,
    field: &str,
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut ValidationErrors,
) -> Vec<T> {
    let mut out = Vec::new();
    for code in form.all(field) {
        match parse(code) {
            Some(x) => out.push(x),
            None => {
                if errors.for_field(field).is_none() {
                    errors.add(field, "error.profiles.unknown_choice");
                }
            }
        }
    }
    out
}

fn profile_input(form: &FormData, errors: &mut ValidationErrors) -> ProfileInput {
    let preferred = match form.get("preferred_phone") {
        "" => None,
        code => match PhoneKind::from_code(code) {
            Some(k) => Some(k),
            None => {
                errors.add("preferred_phone", "error.profiles.unknown_choice");
                None
            }
        },
    };
    let route = match form.get("contact_route") {
        "" => None,
        code => match ContactRoute::from_code(code) {
            Some(r) => Some(r),
            None => {
                errors.add("contact_route", "error.profiles.unknown_choice");
                None
            }
        },
    };
    ProfileInput {
        expertise: codes(form, "expertise", FrameworkDimension::from_code, errors),
        expertise_topics: form.get("expertise_topics").to_string(),
        interests: codes(form, "interests", FrameworkDimension::from_code, errors),
        interest_topics: form.get("interest_topics").to_string(),
        languages: form
            .all("languages")
            .into_iter()
            .map(String::from)
            .collect(),
        availability: codes(form, "availability", Slot::from_code, errors),
        modes: codes(form, "modes", Mode::from_code, errors),
        location: form.get("location").to_string(),
        introduction: form.get("introduction").to_string(),
        work_phone: form.get("work_phone").to_string(),
        mobile_phone: form.get("mobile_phone").to_string(),
        preferred_phone: preferred,
        contact_route: route,
    }
}

/// The form's starting values from a kept profile (numbers shown formatted, as people read them).
fn values_of(own: &service::OwnProfile) -> BTreeMap<String, Value> {
    let p = &own.profile;
    let list = |v: Vec<String>| Value::from(v);
    let mut m = BTreeMap::new();
    m.insert(
        "expertise".into(),
        list(p.expertise.iter().map(|d| d.code().into()).collect()),
    );
    m.insert("expertise_topics".into(), p.expertise_topics.clone().into());
    m.insert(
        "interests".into(),
        list(p.interests.iter().map(|d| d.code().into()).collect()),
    );
    m.insert("interest_topics".into(), p.interest_topics.clone().into());
    m.insert("languages".into(), list(p.languages.clone()));
    m.insert(
        "availability".into(),
        list(p.availability.iter().map(|s| s.code()).collect()),
    );
    m.insert(
        "modes".into(),
        list(p.modes.iter().map(|m| m.code().into()).collect()),
    );
    m.insert("location".into(), p.location.clone().into());
    m.insert("introduction".into(), p.introduction.clone().into());
    m.insert("work_phone".into(), own.work_phone_shown.clone().into());
    m.insert("mobile_phone".into(), own.mobile_phone_shown.clone().into());
    m.insert(
        "preferred_phone".into(),
        p.contact.preferred_phone.code().into(),
    );
    m.insert("contact_route".into(), p.contact.route.code().into());
    m
}

async fn page_vars(
    state: &AppState,
    ctx: &PageCtx,
    form: Option<&FormData>,
) -> Result<Value, AppError> {
    let own = service::own(&state.app, ctx.actor()?).await?;
    let mut values = values_of(&own);
    if let Some(f) = form {
        // What was typed, as typed; unticked lists stay unticked.
        for k in [
            "expertise",
            "interests",
            "languages",
            "availability",
            "modes",
        ] {
            values.remove(k);
        }
        values.extend(f.values());
    }
    Ok(context! {
        own => ser(&own),
        form => values,
        options => options(),
    })
}

async fn edit_page(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let vars = page_vars(&state, &ctx, None).await?;
    Ok(render(&state, &ctx, "profiles/edit.html", vars))
}

async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mut parse = ValidationErrors::new();
    let input = profile_input(&form, &mut parse);
    let result = if parse.is_empty() {
        service::save(&state.app, actor, input).await.map(|_| ())
    } else {
        Err(AppError::Validation(parse))
    };
    match result {
        Ok(()) => Ok(see_other("/profile", "notice.saved")),
        Err(e @ AppError::Validation(_)) => {
            let vars = page_vars(&state, &ctx, Some(&form)).await?;
            Ok(form_with_errors(
                &state,
                &ctx,
                "profiles/edit.html",
                e,
                vars,
            ))
        }
        Err(e) => Err(PageError(e)),
    }
}

/// Either member of a telephone session chooses whose number is called; back to the sessions.
async fn number_to_call(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let sid: SessionId = parse_id(&id)?;
    let member: PersonId = form.get("member").parse().map_err(|_| AppError::NotFound)?;
    let b = tandem_app::sessions::get(&state.app, actor, sid).await?;
    service::set_number_to_call(&state.app, actor, sid, member).await?;
    Ok(see_other(
        &format!("/relationships/{}/bookings", b.relationship_id),
        "notice.saved",
    ))
}
