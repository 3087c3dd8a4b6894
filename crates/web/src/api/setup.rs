//! The scheme's settings: read by its administrators and scheme coordinators, changed by its
//! administrators (`tandem_app::setup`).

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::AppState;
use axum::Json;
use axum::extract::{DefaultBodyLimit, State};
use serde::{Deserialize, Serialize};
use tandem_app::setup;
use tandem_domain::organisation::{MAX_SMALL_NUMBER_THRESHOLD, MIN_SMALL_NUMBER_THRESHOLD};
use tandem_domain::{Country, Language, SchemeSettings, SchemeSettingsInput, TimeZone};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_settings, put_settings))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Limits of the settings, for the document.
pub(super) const BOUNDS: &[doc::Bound] = &[
    (
        "SchemeSettings",
        "small_number_threshold",
        "minimum",
        MIN_SMALL_NUMBER_THRESHOLD as u64,
    ),
    (
        "SchemeSettings",
        "small_number_threshold",
        "maximum",
        MAX_SMALL_NUMBER_THRESHOLD as u64,
    ),
    (
        "SchemeSettingsInput",
        "small_number_threshold",
        "minimum",
        MIN_SMALL_NUMBER_THRESHOLD as u64,
    ),
    (
        "SchemeSettingsInput",
        "small_number_threshold",
        "maximum",
        MAX_SMALL_NUMBER_THRESHOLD as u64,
    ),
];

/// The scheme's settings.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SchemeSettings)]
pub struct SettingsOut {
    /// The countries its organisations are in.
    #[schema(value_type = Vec<codes::Country>)]
    pub countries: Vec<Country>,
    /// The languages it works in; the first is the default for new people.
    #[schema(value_type = Vec<codes::Language>)]
    pub languages: Vec<Language>,
    #[schema(value_type = codes::TimeZone)]
    pub time_zone: TimeZone,
    /// Whether staff may register themselves (stored for that later feature).
    pub self_registration: bool,
    /// Evaluation figures counting fewer people than this are shown as "fewer than N".
    pub small_number_threshold: u32,
    /// Below scheme level, evaluation counts are rounded to a multiple of this.
    pub suppression_rounding: u32,
    /// Evaluation statistics need at least this many respondents.
    pub suppression_min_statistics: u32,
    /// Why the scheme weakened the defaults (8, 5, 10); empty when it did not.
    pub suppression_reason: String,
}

impl From<SchemeSettings> for SettingsOut {
    fn from(s: SchemeSettings) -> Self {
        Self {
            countries: s.countries,
            languages: s.languages,
            time_zone: s.time_zone,
            self_registration: s.self_registration,
            small_number_threshold: s.small_number_threshold,
            suppression_rounding: s.suppression_rounding,
            suppression_min_statistics: s.suppression_min_statistics,
            suppression_reason: s.suppression_reason,
        }
    }
}

/// New settings, all of them. Codes are read as text, so an unknown one is a field error
/// naming its field (`countries`, `languages`, `time_zone`, `small_number_threshold`,
/// `suppression_rounding`, `suppression_min_statistics`, `suppression_reason`).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = SchemeSettingsInput)]
pub struct SettingsIn {
    #[schema(value_type = Vec<codes::Country>)]
    #[serde(default)]
    pub countries: Vec<String>,
    #[schema(value_type = Vec<codes::Language>)]
    #[serde(default)]
    pub languages: Vec<String>,
    #[schema(value_type = codes::TimeZone)]
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub self_registration: bool,
    pub small_number_threshold: Option<i64>,
    /// Default 5 when absent.
    #[serde(default)]
    pub suppression_rounding: Option<i64>,
    /// Default 10 when absent.
    #[serde(default)]
    pub suppression_min_statistics: Option<i64>,
    /// Required when the rule is weaker than 8, 5, 10.
    #[serde(default)]
    pub suppression_reason: String,
}

impl From<SettingsIn> for SchemeSettingsInput {
    fn from(i: SettingsIn) -> Self {
        SchemeSettingsInput {
            countries: i.countries,
            languages: i.languages,
            time_zone: i.time_zone,
            self_registration: i.self_registration,
            small_number_threshold: i.small_number_threshold,
            suppression_rounding: i.suppression_rounding,
            suppression_min_statistics: i.suppression_min_statistics,
            suppression_reason: i.suppression_reason,
        }
    }
}

/// The scheme's settings (administrators and scheme coordinators).
#[utoipa::path(get, path = "/v1/scheme/settings", operation_id = "getSchemeSettings", tag = "settings",
    responses((status = 200, description = "The settings.", body = SettingsOut), (status = 403, response = doc::Forbidden)))]
pub async fn get_settings(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<SettingsOut>> {
    Ok(Json(
        setup::settings(&state.app, user.actor()).await?.into(),
    ))
}

/// Replaces the scheme's settings (administrators). A country cannot be dropped while
/// organisations of the scheme are there.
#[utoipa::path(put, path = "/v1/scheme/settings", operation_id = "replaceSchemeSettings", tag = "settings", request_body = SettingsIn,
    responses((status = 200, description = "The settings as saved.", body = SettingsOut), (status = 403, response = doc::Forbidden)))]
pub async fn put_settings(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<SettingsIn>,
) -> ApiResult<Json<SettingsOut>> {
    let saved = setup::update_settings(&state.app, user.actor(), body.into()).await?;
    Ok(Json(saved.into()))
}
