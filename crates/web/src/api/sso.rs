//! API of e-mailed sign-in links and single sign-on per organisation: the administrator's
//! single sign-on settings (the sign-in flows themselves are browser pages, not API calls).

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::sign_in::{self, SsoInput, SsoOrganisation};
use tandem_domain::OrganisationId;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sso))
        .routes(routes!(get_sso, put_sso))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// An organisation's single sign-on. The client secret is never sent back: only whether one
/// is set.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SingleSignOn)]
pub struct SsoOut {
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    /// The provider's issuer for this organisation (empty when not set up).
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret_set: bool,
    pub enabled: bool,
    /// When the settings were last saved; absent when never.
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<SsoOrganisation> for SsoOut {
    fn from(o: SsoOrganisation) -> Self {
        Self {
            organisation_id: o.organisation.id,
            organisation_name: o.organisation.name,
            issuer_url: o.issuer_url,
            client_id: o.client_id,
            client_secret_set: o.secret_set,
            enabled: o.enabled,
            updated_at: o.updated_at,
        }
    }
}

/// New single sign-on settings for an organisation. The issuer must be `https` (or `http` on a
/// loopback host). An empty or absent `client_secret` keeps the one set.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = SingleSignOnInput)]
pub struct SsoIn {
    pub issuer_url: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: String,
    pub enabled: bool,
}

fn id(raw: &str) -> ApiResult<OrganisationId> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// The scheme's organisations and their single sign-on (administrators).
#[utoipa::path(get, path = "/v1/settings/sign-in", operation_id = "listSingleSignOn", tag = "settings",
    responses((status = 200, description = "Every organisation of the scheme with its single sign-on.", body = Vec<SsoOut>), (status = 403, response = doc::Forbidden)))]
pub async fn list_sso(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<SsoOut>>> {
    let all = sign_in::sso_settings(&state.app, user.actor()).await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// One organisation's single sign-on (administrators).
#[utoipa::path(get, path = "/v1/organisations/{id}/sign-in", operation_id = "getSingleSignOn", tag = "settings", params(("id" = uuid::Uuid, Path, description = "Id of the organisation.")),
    responses((status = 200, description = "The organisation's single sign-on.", body = SsoOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn get_sso(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<SsoOut>> {
    let o = sign_in::sso_setting(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(o.into()))
}

/// Replaces one organisation's single sign-on (administrators); audited, without the secret.
#[utoipa::path(put, path = "/v1/organisations/{id}/sign-in", operation_id = "replaceSingleSignOn", tag = "settings", params(("id" = uuid::Uuid, Path, description = "Id of the organisation.")), request_body = SsoIn,
    responses((status = 200, description = "The settings as saved.", body = SsoOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
pub async fn put_sso(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SsoIn>,
) -> ApiResult<Json<SsoOut>> {
    let input = SsoInput {
        issuer_url: body.issuer_url,
        client_id: body.client_id,
        client_secret: body.client_secret,
        enabled: body.enabled,
    };
    let o = sign_in::save_sso_settings(&state.app, user.actor(), id(&raw)?, &input).await?;
    Ok(Json(o.into()))
}
