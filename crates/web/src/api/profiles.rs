//! API of the profile a person keeps: `GET` and `PUT /v1/profile`, the caller's own.
//!
//! Handlers only translate: validation, who may see what and auditing are in
//! `tandem_app::profiles`. Phone numbers go in as typed and come back normalised and formatted.

use super::auth::ApiUser;
use super::doc::codes;
use super::error::{ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::AppState;
use axum::Json;
use axum::extract::{DefaultBodyLimit, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::profiles::{self as service, OwnProfile};
use tandem_domain::profile::{ContactRoute, PhoneKind, ProfileInput};
use tandem_domain::{EmailKind, FrameworkDimension, Mode, PersonId, Slot};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_profile, put_profile))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Which of the person's numbers they prefer to be called on.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PreferredPhone {
    Work,
    Mobile,
}

impl From<PreferredPhone> for PhoneKind {
    fn from(p: PreferredPhone) -> Self {
        match p {
            PreferredPhone::Work => PhoneKind::Work,
            PreferredPhone::Mobile => PhoneKind::Mobile,
        }
    }
}

impl From<PhoneKind> for PreferredPhone {
    fn from(p: PhoneKind) -> Self {
        match p {
            PhoneKind::Work => PreferredPhone::Work,
            PhoneKind::Mobile => PreferredPhone::Mobile,
        }
    }
}

/// How the person prefers to be contacted.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactBy {
    Email,
    Phone,
    Text,
}

impl From<ContactBy> for ContactRoute {
    fn from(c: ContactBy) -> Self {
        match c {
            ContactBy::Email => ContactRoute::Email,
            ContactBy::Phone => ContactRoute::Phone,
            ContactBy::Text => ContactRoute::Text,
        }
    }
}

impl From<ContactRoute> for ContactBy {
    fn from(c: ContactRoute) -> Self {
        match c {
            ContactRoute::Email => ContactBy::Email,
            ContactRoute::Phone => ContactBy::Phone,
            ContactRoute::Text => ContactBy::Text,
        }
    }
}

/// Whether the person's e-mail address is their work address or a personal one.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmailKindOut {
    Work,
    Personal,
}

/// The caller's profile.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Profile)]
pub struct ProfileOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    pub email: String,
    pub email_kind: EmailKindOut,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub expertise: Vec<FrameworkDimension>,
    pub expertise_topics: String,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub interests: Vec<FrameworkDimension>,
    pub interest_topics: String,
    /// ISO 639 codes (BCP 47 primary language subtags) from the scheme's list.
    pub languages: Vec<String>,
    #[schema(value_type = Vec<codes::Slot>)]
    pub availability: Vec<Slot>,
    #[schema(value_type = Vec<codes::Mode>)]
    pub modes: Vec<Mode>,
    pub location: String,
    pub introduction: String,
    /// Formatted for reading, e.g. `+44 7700 900123`; empty when not given.
    pub work_phone: String,
    pub mobile_phone: String,
    pub preferred_phone: PreferredPhone,
    pub contact_route: ContactBy,
    /// When it was last saved; absent before the first save.
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<OwnProfile> for ProfileOut {
    fn from(o: OwnProfile) -> Self {
        let p = o.profile;
        ProfileOut {
            person_id: o.person_id,
            email: o.email,
            email_kind: match o.email_kind {
                EmailKind::Work => EmailKindOut::Work,
                EmailKind::Personal => EmailKindOut::Personal,
            },
            expertise: p.expertise,
            expertise_topics: p.expertise_topics,
            interests: p.interests,
            interest_topics: p.interest_topics,
            languages: p.languages,
            availability: p.availability,
            modes: p.modes,
            location: p.location,
            introduction: p.introduction,
            work_phone: o.work_phone_shown,
            mobile_phone: o.mobile_phone_shown,
            preferred_phone: p.contact.preferred_phone.into(),
            contact_route: p.contact.route.into(),
            updated_at: o.updated_at,
        }
    }
}

/// The whole profile, replacing what was kept (omitted fields are empty).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ProfileInput)]
#[serde(deny_unknown_fields)]
pub struct ProfileIn {
    #[serde(default)]
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub expertise: Vec<FrameworkDimension>,
    /// At most 300 characters, one line.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub expertise_topics: String,
    #[serde(default)]
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    pub interests: Vec<FrameworkDimension>,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub interest_topics: String,
    /// ISO 639 codes from the scheme's list (`en`, `cy`, `nl`, `pl`, …), at most 10.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::Slot>)]
    pub availability: Vec<Slot>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::Mode>)]
    pub modes: Vec<Mode>,
    #[serde(default)]
    #[schema(max_length = 80)]
    pub location: String,
    /// At most 1000 characters; line breaks allowed.
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub introduction: String,
    /// Digits, spaces, `+` and brackets; a national number takes the person's country code.
    #[serde(default)]
    #[schema(max_length = 30)]
    pub work_phone: String,
    #[serde(default)]
    #[schema(max_length = 30)]
    pub mobile_phone: String,
    #[serde(default)]
    pub preferred_phone: Option<PreferredPhone>,
    #[serde(default)]
    pub contact_route: Option<ContactBy>,
}

impl From<ProfileIn> for ProfileInput {
    fn from(b: ProfileIn) -> Self {
        ProfileInput {
            expertise: b.expertise,
            expertise_topics: b.expertise_topics,
            interests: b.interests,
            interest_topics: b.interest_topics,
            languages: b.languages,
            availability: b.availability,
            modes: b.modes,
            location: b.location,
            introduction: b.introduction,
            work_phone: b.work_phone,
            mobile_phone: b.mobile_phone,
            preferred_phone: b.preferred_phone.map(Into::into),
            contact_route: b.contact_route.map(Into::into),
        }
    }
}

/// The caller's own profile (empty fields before they first save it).
#[utoipa::path(get, path = "/v1/profile", operation_id = "getProfile", tag = "people",
    responses((status = 200, description = "The caller's profile.", body = ProfileOut)))]
async fn get_profile(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<ProfileOut>> {
    Ok(Json(service::own(&state.app, user.actor()).await?.into()))
}

/// Replaces the caller's profile. Every field is checked first; nothing is saved when any is wrong (422 with the fields).
#[utoipa::path(put, path = "/v1/profile", operation_id = "setProfile", tag = "people", request_body = ProfileIn,
    responses((status = 200, description = "The profile now.", body = ProfileOut)))]
async fn put_profile(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<ProfileIn>,
) -> ApiResult<Json<ProfileOut>> {
    Ok(Json(
        service::save(&state.app, user.actor(), body.into())
            .await?
            .into(),
    ))
}
