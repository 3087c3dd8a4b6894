//! The caller's own API tokens: list them, make one (its secret is in that answer only) and
//! revoke one. The token's hash is never sent; tokens are known by their id.

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::AppState;
use crate::client::ClientAddr;
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::accounts::{self, ApiTokenView};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// An API token as its owner sees it (never its secret or hash).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApiToken)]
pub struct TokenOut {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// When it stops working; absent only for a token made before tokens expired, until the
    /// server's upkeep gives it the default lifetime.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was last used (to about a minute); absent when never.
    pub last_used_at: Option<DateTime<Utc>>,
    pub expired: bool,
}

impl From<ApiTokenView> for TokenOut {
    fn from(t: ApiTokenView) -> Self {
        Self {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            expired: t.expired,
        }
    }
}

/// A new token's name and lifetime.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ApiTokenInput)]
#[serde(deny_unknown_fields)]
pub struct TokenIn {
    pub name: String,
    /// Days until it expires: 1 to the server's maximum (365 unless configured); the server's
    /// default (90 unless configured) when left out.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// A new token with its secret: the only time the secret is shown.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NewApiToken)]
pub struct NewTokenOut {
    /// Send as `Authorization: Bearer <secret>`. Shown once; only its hash is kept.
    pub secret: String,
    pub token: TokenOut,
}

/// The caller's API tokens, oldest first.
#[utoipa::path(get, path = "/v1/tokens", operation_id = "listApiTokens", tag = "tokens",
    responses((status = 200, description = "The caller's tokens.", body = Vec<TokenOut>), (status = 401, response = doc::Unauthenticated)))]
async fn list_tokens(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<TokenOut>>> {
    let tokens = accounts::api_tokens(&state.app, &user.0.app_user()).await?;
    Ok(Json(tokens.into_iter().map(TokenOut::from).collect()))
}

/// Makes an API token for the caller's own account.
#[utoipa::path(post, path = "/v1/tokens", operation_id = "createApiToken", tag = "tokens", request_body = TokenIn,
    responses((status = 201, description = "The new token and its secret (shown this once).", body = NewTokenOut), (status = 401, response = doc::Unauthenticated), (status = 422, response = doc::Invalid), (status = 429, response = doc::TooManyRequests)))]
async fn create_token(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    user: ApiUser,
    ApiJson(body): ApiJson<TokenIn>,
) -> ApiResult<(StatusCode, Json<NewTokenOut>)> {
    let made = accounts::new_api_token(
        &state.app,
        &client,
        &user.0.app_user(),
        &body.name,
        body.expires_in_days,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(NewTokenOut {
            secret: made.secret,
            token: made.token.into(),
        }),
    ))
}

/// Revokes one of the caller's tokens at once (the one making the request included).
#[utoipa::path(delete, path = "/v1/tokens/{id}", operation_id = "revokeApiToken", tag = "tokens",
    params(("id" = String, Path, description = "The token's id.")),
    responses((status = 204, description = "Revoked."), (status = 401, response = doc::Unauthenticated), (status = 404, response = doc::NotFound)))]
async fn revoke_token(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    accounts::revoke_api_token(&state.app, &user.0.app_user(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
