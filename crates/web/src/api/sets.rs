//! API of relationships in motion: action learning set meetings — the set, planning and moving
//! meetings, the rota (accept the proposal or adjust it), attendance, presenters' issues and
//! actions, and their follow-up.
//!
//! Responses are filtered by the service exactly as the pages are: an organisation coordinator
//! gets attendance of their own organisation's members only, a scheme coordinator attendance and
//! roles, and only members get links, ground rules, issues and actions. Fields a caller may not
//! see are left out of the response.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::wire::CreatedId;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use tandem_app::sets as svc;
use tandem_domain::sets::ActionStatus;
use tandem_domain::{PersonId, RelationshipId, RelationshipStatus};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_set))
        .routes(routes!(schedule))
        .routes(routes!(get_meeting, reschedule))
        .routes(routes!(rota))
        .routes(routes!(attendance))
        .routes(routes!(send_apologies, withdraw_apologies))
        .routes(routes!(issue))
        .routes(routes!(action))
        .routes(routes!(follow_up))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

// ----- bodies --------------------------------------------------------------------------------

/// What the caller may see of a set.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum Access {
    Member,
    SchemeCoordinator,
    OrganisationCoordinator,
}

impl From<svc::Access> for Access {
    fn from(a: svc::Access) -> Self {
        match a {
            svc::Access::Member => Access::Member,
            svc::Access::SchemeCoordinator => Access::SchemeCoordinator,
            svc::Access::OrganisationCoordinator => Access::OrganisationCoordinator,
        }
    }
}

/// A person, by name.
#[derive(Serialize, ToSchema)]
#[schema(as = SetPerson)]
struct PersonRefOut {
    #[schema(value_type = uuid::Uuid)]
    id: PersonId,
    name: String,
}

impl From<svc::PersonRef> for PersonRefOut {
    fn from(p: svc::PersonRef) -> Self {
        PersonRefOut {
            id: p.id,
            name: p.name,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = SetAttendance)]
struct AttendanceOut {
    person: PersonRefOut,
    present: bool,
    /// Absent having sent apologies in advance.
    apologies: bool,
}

/// Who facilitates, keeps time and presents; members and the scheme coordinator.
#[derive(Serialize, ToSchema)]
#[schema(as = SetRota)]
struct RotaOut {
    /// False while this is only the proposal.
    agreed: bool,
    #[schema(required = true)]
    facilitator: Option<PersonRefOut>,
    #[schema(required = true)]
    timekeeper: Option<PersonRefOut>,
    presenters: Vec<PersonRefOut>,
}

/// An action a presenter committed to.
#[derive(Serialize, ToSchema)]
#[schema(as = SetAction)]
struct ActionOut {
    id: Uuid,
    person: PersonRefOut,
    text: String,
    #[schema(value_type = codes::ActionStatus)]
    status: ActionStatus,
    /// Date of the meeting where it was committed to.
    committed_on: NaiveDate,
}

impl From<svc::ActionView> for ActionOut {
    fn from(a: svc::ActionView) -> Self {
        ActionOut {
            id: a.id,
            person: a.person.into(),
            text: a.text,
            status: a.status,
            committed_on: a.committed_on,
        }
    }
}

/// The issue a presenter brought, and the actions they committed to.
#[derive(Serialize, ToSchema)]
#[schema(as = SetPresentation)]
struct PresentationOut {
    person: PersonRefOut,
    issue: String,
    actions: Vec<ActionOut>,
}

/// One meeting as the caller may see it; what they may not see is left out.
#[derive(Serialize, ToSchema)]
#[schema(as = SetMeetingView)]
struct MeetingOut {
    id: Uuid,
    #[schema(value_type = uuid::Uuid)]
    relationship_id: RelationshipId,
    starts_on: NaiveDate,
    /// Local time, hh:mm.
    starts_time: String,
    attendance_recorded: bool,
    attendance: Vec<AttendanceOut>,
    /// Members only.
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<String>,
    /// Members and the scheme coordinator.
    #[serde(skip_serializing_if = "Option::is_none")]
    rota: Option<RotaOut>,
    /// Members only.
    #[serde(skip_serializing_if = "Option::is_none")]
    presentations: Option<Vec<PresentationOut>>,
    /// Members only: actions of earlier meetings to follow up at this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    follow_up: Option<Vec<ActionOut>>,
    /// Members (the caller may see) who sent apologies for it.
    apologies: Vec<PersonRefOut>,
    /// The caller sent apologies for it.
    my_apologies: bool,
    /// Apologies may still be sent or withdrawn.
    apologies_open: bool,
}

impl From<svc::MeetingView> for MeetingOut {
    fn from(m: svc::MeetingView) -> Self {
        MeetingOut {
            id: m.id,
            relationship_id: m.relationship_id,
            starts_on: m.starts_on,
            starts_time: m.starts_time,
            attendance_recorded: m.attendance_recorded,
            attendance: m
                .attendance
                .into_iter()
                .map(|a| AttendanceOut {
                    person: a.person.into(),
                    present: a.present,
                    apologies: a.apologies,
                })
                .collect(),
            link: m.link,
            rota: m.rota.map(|r| RotaOut {
                agreed: r.agreed,
                facilitator: r.facilitator.map(Into::into),
                timekeeper: r.timekeeper.map(Into::into),
                presenters: r.presenters.into_iter().map(Into::into).collect(),
            }),
            presentations: m.presentations.map(|ps| {
                ps.into_iter()
                    .map(|p| PresentationOut {
                        person: p.person.into(),
                        issue: p.issue,
                        actions: p.actions.into_iter().map(Into::into).collect(),
                    })
                    .collect()
            }),
            follow_up: m.follow_up.map(|f| f.into_iter().map(Into::into).collect()),
            apologies: m.apologies.into_iter().map(Into::into).collect(),
            my_apologies: m.my_apologies,
            apologies_open: m.apologies_open,
        }
    }
}

/// The proposed date and time of the next meeting.
#[derive(Serialize, ToSchema)]
#[schema(as = SetNextMeeting)]
struct NextMeetingOut {
    starts_on: NaiveDate,
    starts_time: String,
}

/// An action learning set as the caller may see it.
#[derive(Serialize, ToSchema)]
#[schema(as = SetView)]
struct SetOut {
    #[schema(value_type = uuid::Uuid)]
    relationship_id: RelationshipId,
    #[schema(value_type = codes::RelationshipStatus)]
    status: RelationshipStatus,
    access: Access,
    programme: String,
    /// Half-day code of the slot the members share.
    #[schema(required = true)]
    slot: Option<String>,
    #[schema(required = true)]
    cadence_weeks: Option<u32>,
    /// Members the caller may see (an organisation coordinator: their organisation's only).
    members: Vec<PersonRefOut>,
    /// Members only.
    #[serde(skip_serializing_if = "Option::is_none")]
    ground_rules: Option<String>,
    meetings: Vec<MeetingOut>,
    /// Members of an active set: the proposed date and time of the next meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<NextMeetingOut>,
}

impl From<svc::SetView> for SetOut {
    fn from(v: svc::SetView) -> Self {
        SetOut {
            relationship_id: v.relationship_id,
            status: v.status,
            access: v.access.into(),
            programme: v.programme,
            slot: v.slot,
            cadence_weeks: v.cadence_weeks,
            members: v.members.into_iter().map(Into::into).collect(),
            ground_rules: v.ground_rules,
            meetings: v.meetings.into_iter().map(Into::into).collect(),
            next: v.next.map(|n| NextMeetingOut {
                starts_on: n.starts_on,
                starts_time: n.starts_time,
            }),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(as = SetMeetingSchedule)]
#[serde(deny_unknown_fields)]
struct ScheduleIn {
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    starts_on: Option<NaiveDate>,
    #[serde(default)]
    starts_time: String,
    #[serde(default)]
    link: String,
}

impl From<ScheduleIn> for svc::ScheduleInput {
    fn from(s: ScheduleIn) -> Self {
        svc::ScheduleInput {
            starts_on: s.starts_on,
            starts_time: s.starts_time,
            link: s.link,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(as = SetRotaInput)]
#[serde(deny_unknown_fields)]
struct RotaIn {
    #[serde(default)]
    accept: bool,
    #[schema(value_type = Option<uuid::Uuid>)]
    facilitator: Option<PersonId>,
    #[schema(value_type = Option<uuid::Uuid>)]
    timekeeper: Option<PersonId>,
    #[serde(default)]
    #[schema(value_type = Vec<uuid::Uuid>)]
    presenters: Vec<PersonId>,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = SetAttendanceInput)]
#[serde(deny_unknown_fields)]
struct AttendanceIn {
    #[schema(value_type = Vec<uuid::Uuid>)]
    present: Vec<PersonId>,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = SetIssueInput)]
#[serde(deny_unknown_fields)]
struct IssueIn {
    #[schema(value_type = uuid::Uuid)]
    person_id: PersonId,
    issue: String,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = SetActionInput)]
#[serde(deny_unknown_fields)]
struct ActionIn {
    #[schema(value_type = uuid::Uuid)]
    person_id: PersonId,
    text: String,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = SetActionStatusInput)]
#[serde(deny_unknown_fields)]
struct StatusIn {
    #[schema(value_type = codes::ActionStatus)]
    status: ActionStatus,
}

/// An action learning set as the caller may see it: members see everything; the scheme coordinator attendance and roles; an organisation coordinator only their own members' attendance.
#[utoipa::path(get, path = "/v1/sets/{id}", operation_id = "getSet", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set (relationship).")),
    responses((status = 200, description = "The set.", body = SetOut), (status = 404, response = doc::NotFound)))]
async fn get_set(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<SetOut>> {
    Ok(Json(
        svc::view(&state.app, user.actor(), id(&raw)?).await?.into(),
    ))
}

async fn meeting_out(state: &AppState, user: &ApiUser, m: Uuid) -> ApiResult<Json<MeetingOut>> {
    Ok(Json(
        svc::meeting(&state.app, user.actor(), m).await?.1.into(),
    ))
}

/// Plans a meeting of an active set (a member).
#[utoipa::path(post, path = "/v1/sets/{id}/meetings", operation_id = "scheduleSetMeeting", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set (relationship).")), request_body = ScheduleIn,
    responses((status = 201, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn schedule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ScheduleIn>,
) -> ApiResult<Response> {
    let m = svc::schedule(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    let out = MeetingOut::from(svc::meeting(&state.app, user.actor(), m).await?.1);
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/set-meetings/{m}"))],
        Json(out),
    )
        .into_response())
}

/// One meeting as the caller may see it; with the proposed rota until the members agree one.
#[utoipa::path(get, path = "/v1/set-meetings/{id}", operation_id = "getSetMeeting", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")),
    responses((status = 200, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound)))]
async fn get_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<MeetingOut>> {
    meeting_out(&state, &user, id(&raw)?).await
}

/// Moves a meeting or changes its link (a member; refused once attendance is recorded).
#[utoipa::path(put, path = "/v1/set-meetings/{id}", operation_id = "rescheduleSetMeeting", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")), request_body = ScheduleIn,
    responses((status = 200, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn reschedule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ScheduleIn>,
) -> ApiResult<Json<MeetingOut>> {
    let m: Uuid = id(&raw)?;
    svc::reschedule(&state.app, user.actor(), m, body.into()).await?;
    meeting_out(&state, &user, m).await
}

/// Accepts the proposed rota (`accept: true`) or agrees an adjusted one. Refused once an issue is recorded.
#[utoipa::path(post, path = "/v1/set-meetings/{id}/rota", operation_id = "agreeSetRota", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")), request_body = RotaIn,
    responses((status = 200, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn rota(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RotaIn>,
) -> ApiResult<Json<MeetingOut>> {
    let m: Uuid = id(&raw)?;
    if body.accept {
        svc::accept_rota(&state.app, user.actor(), m).await?;
    } else {
        let input = svc::RotaInput {
            facilitator: body.facilitator,
            timekeeper: body.timekeeper,
            presenters: body.presenters,
        };
        svc::adjust_rota(&state.app, user.actor(), m, input).await?;
    }
    meeting_out(&state, &user, m).await
}

/// Records who attended (every other member was absent); from the meeting's day.
#[utoipa::path(put, path = "/v1/set-meetings/{id}/attendance", operation_id = "recordSetAttendance", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")), request_body = AttendanceIn,
    responses((status = 200, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn attendance(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AttendanceIn>,
) -> ApiResult<Json<MeetingOut>> {
    let m: Uuid = id(&raw)?;
    svc::record_attendance(&state.app, user.actor(), m, &body.present).await?;
    meeting_out(&state, &user, m).await
}

/// Sends the caller's apologies for a meeting to come: the rota gives them no role (an agreed
/// role is re-assigned by the rota rule) and the other members are told.
#[utoipa::path(put, path = "/v1/set-meetings/{id}/apologies", operation_id = "sendSetApologies", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")),
    responses((status = 200, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn send_apologies(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<MeetingOut>> {
    let m: Uuid = id(&raw)?;
    svc::send_apologies(&state.app, user.actor(), m).await?;
    meeting_out(&state, &user, m).await
}

/// Withdraws the caller's apologies for a meeting to come.
#[utoipa::path(delete, path = "/v1/set-meetings/{id}/apologies", operation_id = "withdrawSetApologies", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")),
    responses((status = 200, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn withdraw_apologies(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<MeetingOut>> {
    let m: Uuid = id(&raw)?;
    svc::withdraw_apologies(&state.app, user.actor(), m).await?;
    meeting_out(&state, &user, m).await
}

/// Records the issue a presenter of the agreed rota brought.
#[utoipa::path(post, path = "/v1/set-meetings/{id}/issues", operation_id = "recordSetIssue", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")), request_body = IssueIn,
    responses((status = 200, description = "The meeting.", body = MeetingOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn issue(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<IssueIn>,
) -> ApiResult<Json<MeetingOut>> {
    let m: Uuid = id(&raw)?;
    svc::record_issue(&state.app, user.actor(), m, body.person_id, &body.issue).await?;
    meeting_out(&state, &user, m).await
}

/// Records an action a presenter commits to.
#[utoipa::path(post, path = "/v1/set-meetings/{id}/actions", operation_id = "addSetAction", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the set meeting.")), request_body = ActionIn,
    responses((status = 201, description = "The new action's id.", body = CreatedId), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn action(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ActionIn>,
) -> ApiResult<Response> {
    let m: Uuid = id(&raw)?;
    let a = svc::add_action(&state.app, user.actor(), m, body.person_id, &body.text).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: a })).into_response())
}

/// Follows an action up: done, not done, or carried to later meetings.
#[utoipa::path(post, path = "/v1/set-actions/{id}/status", operation_id = "followUpSetAction", tag = "sets", params(("id" = uuid::Uuid, Path, description = "Id of the action.")), request_body = StatusIn,
    responses((status = 204, description = "Saved."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn follow_up(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<StatusIn>,
) -> ApiResult<StatusCode> {
    svc::follow_up(&state.app, user.actor(), id(&raw)?, Some(body.status)).await?;
    Ok(StatusCode::NO_CONTENT)
}
