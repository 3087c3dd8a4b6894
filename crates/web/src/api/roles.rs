//! API granting and revoking roles: a person's roles with the grants the caller may make
//! (`GET`), a grant (`POST`) and a revocation (`DELETE`, the role named in the body) at
//! `/v1/people/{id}/roles`. Who may do what is `tandem_app::roles`'s (the policy's) decision.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use serde::{Deserialize, Serialize};
use tandem_app::roles::{self as service, PersonRoles};
use tandem_domain::{OrganisationId, PersonId, ProgrammeId, Role, RoleAssignment, Scope};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_roles, grant_role, revoke_role))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// One role in its scope. Exactly one of `organisation_id` and `programme_id` is set for a role
/// scoped to an organisation or a programme; neither for a role in the whole scheme.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RoleAssignment)]
pub struct RoleOut {
    #[schema(value_type = codes::Role)]
    pub role: Role,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub organisation_id: Option<OrganisationId>,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub programme_id: Option<ProgrammeId>,
    /// The organisation's or programme's name; `null` for the scheme.
    #[schema(required = true)]
    pub scope_name: Option<String>,
}

fn out(a: RoleAssignment, scope_name: Option<String>) -> RoleOut {
    let (organisation_id, programme_id) = match a.scope {
        Scope::Scheme(_) => (None, None),
        Scope::Organisation(o) => (Some(o), None),
        Scope::Programme(p) => (None, Some(p)),
    };
    RoleOut {
        role: a.role,
        organisation_id,
        programme_id,
        scope_name,
    }
}

/// A role the person holds, and whether the caller may revoke it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = HeldRole)]
pub struct HeldOut {
    #[schema(value_type = codes::Role)]
    pub role: Role,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub organisation_id: Option<OrganisationId>,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub programme_id: Option<ProgrammeId>,
    /// The organisation's or programme's name; `null` for the scheme.
    #[schema(required = true)]
    pub scope_name: Option<String>,
    pub can_revoke: bool,
}

/// A person's roles in the caller's scheme.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PersonRoles)]
pub struct PersonRolesOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub roles: Vec<HeldOut>,
    /// The roles the caller may grant this person (and they do not hold yet).
    pub grantable: Vec<RoleOut>,
}

impl From<PersonRoles> for PersonRolesOut {
    fn from(v: PersonRoles) -> Self {
        PersonRolesOut {
            person_id: v.person.id,
            roles: v
                .roles
                .into_iter()
                .map(|r| {
                    let o = out(r.assignment, r.scope_name);
                    HeldOut {
                        role: o.role,
                        organisation_id: o.organisation_id,
                        programme_id: o.programme_id,
                        scope_name: o.scope_name,
                        can_revoke: r.can_revoke,
                    }
                })
                .collect(),
            grantable: v
                .choices
                .into_iter()
                .map(|c| out(c.assignment, c.scope_name))
                .collect(),
        }
    }
}

/// A role to grant or revoke: the role, and the organisation (organisation coordinators) or
/// programme (programme coordinators; evaluators and participants of one programme) it is
/// scoped to. Neither: the whole scheme.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = RoleInput)]
#[serde(deny_unknown_fields)]
pub struct RoleIn {
    #[schema(value_type = codes::Role)]
    pub role: Role,
    #[serde(default)]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub organisation_id: Option<OrganisationId>,
    #[serde(default)]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub programme_id: Option<ProgrammeId>,
}

impl RoleIn {
    fn assignment(&self, user: &ApiUser) -> ApiResult<RoleAssignment> {
        let scope = match (self.organisation_id, self.programme_id) {
            (None, None) => Scope::Scheme(user.actor().scheme_id),
            (Some(o), None) => Scope::Organisation(o),
            (None, Some(p)) => Scope::Programme(p),
            (Some(_), Some(_)) => {
                return Err(AppError::field("programme_id", "roles.error.role_scope").into());
            }
        };
        Ok(RoleAssignment {
            role: self.role,
            scope,
        })
    }
}

fn person(raw: &str) -> ApiResult<PersonId> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// A person's roles in the scheme, with the roles the caller may grant them. Anyone who may see the person (themselves included); for anyone else the person is not found.
#[utoipa::path(get, path = "/v1/people/{id}/roles", operation_id = "listPersonRoles", tag = "people", params(("id" = uuid::Uuid, Path, description = "Id of the person.")),
    responses((status = 200, description = "The roles.", body = PersonRolesOut), (status = 404, response = doc::NotFound)))]
async fn list_roles(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<PersonRolesOut>> {
    let v = service::of_person(&state.app, user.actor(), person(&raw)?).await?;
    Ok(Json(v.into()))
}

/// Grants a role (granting one already held changes nothing). The scheme's coordinators and administrators grant any role of the scheme; an organisation's coordinators only that organisation's coordinator role and the scheme's participant role, to their own staff. A refusal is audited and changes nothing else.
#[utoipa::path(post, path = "/v1/people/{id}/roles", operation_id = "grantRole", tag = "people", params(("id" = uuid::Uuid, Path, description = "Id of the person.")), request_body = RoleIn,
    responses((status = 200, description = "The person's roles after the grant.", body = PersonRolesOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 422, response = doc::Invalid)))]
async fn grant_role(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RoleIn>,
) -> ApiResult<Json<PersonRolesOut>> {
    let id = person(&raw)?;
    service::grant(&state.app, user.actor(), id, body.assignment(&user)?).await?;
    let v = service::of_person(&state.app, user.actor(), id).await?;
    Ok(Json(v.into()))
}

/// Revokes a role (revoking one not held changes nothing), by the same rule as granting. The scheme's last administrator and last scheme coordinator cannot be revoked (409).
#[utoipa::path(delete, path = "/v1/people/{id}/roles", operation_id = "revokeRole", tag = "people", params(("id" = uuid::Uuid, Path, description = "Id of the person.")), request_body = RoleIn,
    responses((status = 200, description = "The person's roles after the revocation.", body = PersonRolesOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict), (status = 422, response = doc::Invalid)))]
async fn revoke_role(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RoleIn>,
) -> ApiResult<Json<PersonRolesOut>> {
    let id = person(&raw)?;
    service::revoke(&state.app, user.actor(), id, body.assignment(&user)?).await?;
    let v = service::of_person(&state.app, user.actor(), id).await?;
    Ok(Json(v.into()))
}
