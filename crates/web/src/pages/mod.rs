//! Server-rendered pages (work without JavaScript: plain GET/POST forms, POST/redirect/GET).
//!
//! Handlers are thin: read the form, call a service, render a template or redirect. A service's
//! validation error re-renders the form with an NHS error summary and inline messages; every other
//! error becomes an error page through the page middleware in [`crate::session`].

pub(crate) mod applications;
mod appraisal;
pub(crate) mod assessments;
mod audit;
mod auth;
mod dead_letters;
pub(crate) mod evaluation;
mod exports;
pub(crate) mod growth;
mod homes;
mod kinds;
mod local_grades;
pub(crate) mod matching;
pub(crate) mod mentors;
mod notices;
pub(crate) mod pairs;
mod peers;
mod people;
mod profiles;
mod registration;
mod rights;
mod roles;
mod scheme;
pub(crate) mod sessions;
pub(crate) mod sets;
mod setup;
mod sso;
mod story;
mod surveys;

pub(crate) use setup::gate as setup_gate;

use crate::render::PageCtx;
use crate::session::page_context;
use crate::{AppError, AppState, PageError};
use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};

/// Every page template: the core ones and each area's.
pub fn templates() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    crate::templates::CORE
        .iter()
        .chain(applications::TEMPLATES)
        .chain(mentors::TEMPLATES)
        .chain(matching::TEMPLATES)
        .chain(sessions::TEMPLATES)
        .chain(sets::TEMPLATES)
        .chain(kinds::TEMPLATES)
        .chain(growth::TEMPLATES)
        .chain(appraisal::TEMPLATES)
        .chain(pairs::TEMPLATES)
        .chain(setup::TEMPLATES)
        .chain(notices::TEMPLATES)
        .chain(dead_letters::TEMPLATES)
        .chain(surveys::TEMPLATES)
        .chain(evaluation::TEMPLATES)
        .chain(roles::TEMPLATES)
        .chain(local_grades::TEMPLATES)
        .chain(registration::TEMPLATES)
        .chain(profiles::TEMPLATES)
        .chain(sso::TEMPLATES)
        .chain(audit::TEMPLATES)
        .chain(rights::TEMPLATES)
        .chain(assessments::TEMPLATES)
        .chain(exports::TEMPLATES)
        .chain(homes::TEMPLATES)
        .chain(peers::TEMPLATES)
        .chain(story::TEMPLATES)
}

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
        .route(
            "/account/api-tokens/{id}/revoke",
            post(auth::revoke_api_token),
        )
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
        .route("/people/import-mapping/{id}", post(people::import_remap))
        .merge(local_grades::routes())
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
        .merge(appraisal::routes())
        .merge(pairs::routes())
        .merge(setup::routes())
        .merge(notices::routes())
        .merge(surveys::routes())
        .merge(evaluation::routes())
        .merge(dead_letters::routes())
        .merge(roles::routes())
        .merge(registration::routes())
        .merge(profiles::routes())
        .merge(sso::routes())
        .merge(audit::routes())
        .merge(rights::routes())
        .merge(assessments::routes())
        .merge(exports::routes())
        .merge(homes::routes())
        .merge(peers::routes())
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
