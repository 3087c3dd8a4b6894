//! Pages granting and revoking roles: one person's roles (`/people/{id}/roles`), with a grant
//! form offering only what the viewer may grant and a revoke button on each role they may
//! revoke, and the scheme's role holders (`/roles`) for those who manage its accounts.
//!
//! A choice of role travels as one form value, `role:scope_kind:scope_id`, so a single labelled
//! list holds every grant the viewer may make; the use case checks it again whatever was sent.

use crate::forms::{FormData, form_with_errors, see_other};
use crate::render::{PageCtx, render};
use crate::{AppError, AppState, PageResult};
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Form, Router};
use minijinja::{Value, context};
use tandem_app::roles::{self as service, PersonRoles};
use tandem_domain::{PersonId, Role, RoleAssignment, Scope};
use tandem_i18n::{I18n, Lang};

/// This area's templates (name, source); names start with `roles/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "roles/person.html",
        include_str!("../../templates/roles/person.html"),
    ),
    (
        "roles/list.html",
        include_str!("../../templates/roles/list.html"),
    ),
    (
        "roles/next_steps.html",
        include_str!("../../templates/roles/next_steps.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/roles", get(list))
        .route("/people/{id}/roles", get(person_page).post(grant))
        .route("/people/{id}/roles/revoke", post(revoke))
}

fn person_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The form value of an assignment.
pub(crate) fn encode(a: RoleAssignment) -> String {
    let (kind, id) = match a.scope {
        Scope::Scheme(id) => ("scheme", id.to_string()),
        Scope::Organisation(id) => ("organisation", id.to_string()),
        Scope::Programme(id) => ("programme", id.to_string()),
    };
    format!("{}:{kind}:{id}", a.role.code())
}

/// Reads a form value written by [`encode`]; anything else is `None`.
pub(crate) fn decode(raw: &str) -> Option<RoleAssignment> {
    let mut bits = raw.trim().splitn(3, ':');
    let role = Role::from_code(bits.next()?)?;
    let kind = bits.next()?;
    let id = bits.next()?;
    let scope = match kind {
        "scheme" => Scope::Scheme(id.parse().ok()?),
        "organisation" => Scope::Organisation(id.parse().ok()?),
        "programme" => Scope::Programme(id.parse().ok()?),
        _ => return None,
    };
    Some(RoleAssignment { role, scope })
}

/// "Organisation coordinator (Riverside Trust)", in the reader's language.
fn label(lang: Lang, role: Role, scope_name: Option<&str>) -> String {
    let i18n = I18n::shared();
    let name = i18n.t(lang, &format!("role.{}", role.code()));
    match scope_name {
        Some(s) => i18n.t_with(lang, "roles.scoped", &[("role", &name), ("scope", s)]),
        None => i18n.t_with(lang, "roles.scheme_wide", &[("role", &name)]),
    }
}

fn page_vars(lang: Lang, view: &PersonRoles) -> Value {
    let roles: Vec<Value> = view
        .roles
        .iter()
        .map(|r| {
            context! {
                value => encode(r.assignment),
                label => label(lang, r.assignment.role, r.scope_name.as_deref()),
                can_revoke => r.can_revoke,
            }
        })
        .collect();
    let choices: Vec<Value> = view
        .choices
        .iter()
        .map(|c| {
            context! {
                value => encode(c.assignment),
                label => label(lang, c.assignment.role, c.scope_name.as_deref()),
            }
        })
        .collect();
    context! {
        person => context! {
            id => view.person.id.to_string(),
            name => view.person.display_name(),
        },
        roles => roles,
        choices => choices,
    }
}

async fn person_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let view = service::of_person(&state.app, actor, person_id(&id)?).await?;
    Ok(render(
        &state,
        &ctx,
        "roles/person.html",
        page_vars(ctx.lang, &view),
    ))
}

/// Shows the page again with `err` inline (against `field`), or passes other errors on. A
/// refusal with its reason (the last administrator) is shown against the field too, since the
/// reader is owed it on the page they acted from.
async fn again(
    state: &AppState,
    ctx: &PageCtx,
    person: PersonId,
    field: &str,
    err: AppError,
    form: Value,
) -> PageResult {
    let err = match err {
        AppError::Refused(r) => AppError::field(field, r.message().0),
        other => other,
    };
    let view = service::of_person(&state.app, ctx.actor()?, person).await?;
    let vars = page_vars(ctx.lang, &view);
    Ok(form_with_errors(
        state,
        ctx,
        "roles/person.html",
        err,
        context! { form => form, ..vars },
    ))
}

async fn grant(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let person = person_id(&id)?;
    let result = match decode(form.get("assignment")) {
        Some(a) => service::grant(&state.app, actor, person, a).await,
        None => Err(AppError::field("assignment", "roles.error.choose")),
    };
    done(&state, &ctx, person, "assignment", result, form).await
}

async fn revoke(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let person = person_id(&id)?;
    let result = match decode(form.get("assignment")) {
        Some(a) => service::revoke(&state.app, actor, person, a).await,
        None => Err(AppError::NotFound),
    };
    done(&state, &ctx, person, "revoke", result, form).await
}

async fn done(
    state: &AppState,
    ctx: &PageCtx,
    person: PersonId,
    field: &str,
    result: Result<(), AppError>,
    form: FormData,
) -> PageResult {
    let back = format!("/people/{person}/roles");
    match result {
        Ok(()) => Ok(see_other(&back, "notice.saved")),
        Err(e @ (AppError::Validation(_) | AppError::Refused(_))) => {
            let values = context! { assignment => form.get("assignment") };
            again(state, ctx, person, field, e, values).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn list(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let holders = service::holders(&state.app, actor).await?;
    let rows: Vec<Value> = holders
        .iter()
        .map(|h| {
            context! {
                id => h.person_id.to_string(),
                name => h.name.clone(),
                role => label(ctx.lang, h.assignment.role, h.scope_name.as_deref()),
            }
        })
        .collect();
    Ok(render(
        &state,
        &ctx,
        "roles/list.html",
        context! { holders => rows },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_domain::{OrganisationId, SchemeId};

    #[test]
    fn a_choice_reads_back_as_itself_and_nonsense_as_nothing() {
        for a in [
            RoleAssignment {
                role: Role::OrganisationCoordinator,
                scope: Scope::Organisation(OrganisationId::new()),
            },
            RoleAssignment {
                role: Role::Participant,
                scope: Scope::Scheme(SchemeId::new()),
            },
        ] {
            assert_eq!(decode(&encode(a)), Some(a));
        }
        for bad in [
            "",
            "participant",
            "boss:scheme:x",
            "participant:planet:1",
            "participant:scheme:nope",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
