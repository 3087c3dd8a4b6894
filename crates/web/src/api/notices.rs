//! API of a person's own notice choices: per kind, immediately, in a daily digest, or off
//! (never for essential kinds). Handlers only translate; `notify::preferences` decides.

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, State};
use serde::{Deserialize, Serialize};
use tandem_app::notify::preferences::{self, Mode, Preference};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_preferences, put_preferences))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// One kind of notice and how the person receives it.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct NoticePreference {
    /// The kind's stable code, e.g. `session.reminder`.
    pub kind: String,
    /// `immediate`, `digest` (one e-mail a day) or `off`.
    pub mode: String,
    /// Essential kinds are always sent at once and cannot be changed (ignored on input).
    #[serde(default)]
    pub essential: bool,
}

/// The person's choices: every kind relevant to them.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct NoticePreferences {
    pub preferences: Vec<NoticePreference>,
}

impl From<Vec<Preference>> for NoticePreferences {
    fn from(list: Vec<Preference>) -> Self {
        NoticePreferences {
            preferences: list
                .into_iter()
                .map(|p| NoticePreference {
                    kind: p.kind.to_string(),
                    mode: p.mode.code().to_string(),
                    essential: p.essential,
                })
                .collect(),
        }
    }
}

/// The caller's own notice choices.
#[utoipa::path(get, path = "/v1/me/notice-preferences", operation_id = "getMyNoticePreferences", tag = "notices",
    responses((status = 200, description = "Every kind relevant to the caller and its mode.", body = NoticePreferences), (status = 403, response = doc::Forbidden)))]
pub async fn get_preferences(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<NoticePreferences>> {
    Ok(Json(
        preferences::mine(&state.app, user.actor()).await?.into(),
    ))
}

/// Changes the caller's own choices for the kinds named (others keep theirs). Switching an
/// essential kind off or to the digest is refused with a field error naming the kind.
#[utoipa::path(put, path = "/v1/me/notice-preferences", operation_id = "replaceMyNoticePreferences", tag = "notices", request_body = NoticePreferences,
    responses((status = 200, description = "Every kind relevant to the caller and its mode, as saved.", body = NoticePreferences), (status = 403, response = doc::Forbidden)))]
pub async fn put_preferences(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<NoticePreferences>,
) -> ApiResult<Json<NoticePreferences>> {
    let mut choices = Vec::new();
    for p in body.preferences {
        let mode = Mode::from_code(&p.mode).ok_or(AppError::BadRequest("unknown mode"))?;
        choices.push((p.kind, mode));
    }
    let saved = preferences::set_mine(&state.app, user.actor(), &choices).await?;
    Ok(Json(saved.into()))
}
