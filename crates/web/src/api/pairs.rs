//! API of paired learning: the pair's shadowing days and improvement project, and the
//! programme's workshops with attendance.

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::wire::{CreatedId, MemberViewOut, ProgrammeRecordOut, RelationshipOut, WorkshopOut};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use tandem_app::pairs as svc;
use tandem_domain::pairs::{Measure, Milestone, Project, ShadowingDay};
use tandem_domain::{PersonId, RelationshipId};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_pair))
        .routes(routes!(plan_shadowing))
        .routes(routes!(complete_shadowing))
        .routes(routes!(save_project))
        .routes(routes!(add_milestone))
        .routes(routes!(set_milestone))
        .routes(routes!(add_measure))
        .routes(routes!(update_measure))
        .routes(routes!(list_workshops, create_workshop))
        .routes(routes!(get_attendance, put_attendance))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

// ----- bodies --------------------------------------------------------------------------------

/// A shadowing day at one member's workplace.
#[derive(Serialize, ToSchema)]
#[schema(as = ShadowingDay)]
struct ShadowingDayOut {
    id: Uuid,
    #[schema(value_type = uuid::Uuid)]
    relationship_id: RelationshipId,
    /// The member whose workplace it is.
    #[schema(value_type = uuid::Uuid)]
    host_id: PersonId,
    day: NaiveDate,
    place: String,
    done: bool,
    learning: String,
}

impl From<ShadowingDay> for ShadowingDayOut {
    fn from(d: ShadowingDay) -> Self {
        ShadowingDayOut {
            id: d.id,
            relationship_id: d.relationship_id,
            host_id: d.host_id,
            day: d.day,
            place: d.place,
            done: d.done,
            learning: d.learning,
        }
    }
}

/// Shadowing days done with each member as host.
#[derive(Serialize, ToSchema)]
#[schema(as = ShadowingDirection)]
struct DirectionOut {
    #[schema(value_type = uuid::Uuid)]
    host: PersonId,
    host_name: String,
    days_done: u32,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Milestone)]
struct MilestoneOut {
    id: Uuid,
    title: String,
    due_on: NaiveDate,
    done: bool,
}

impl From<Milestone> for MilestoneOut {
    fn from(m: Milestone) -> Self {
        MilestoneOut {
            id: m.id,
            title: m.title,
            due_on: m.due_on,
            done: m.done,
        }
    }
}

/// An outcome measure of the project.
#[derive(Serialize, ToSchema)]
#[schema(as = Measure)]
struct MeasureOut {
    id: Uuid,
    name: String,
    baseline: String,
    target: String,
    latest: String,
}

impl From<Measure> for MeasureOut {
    fn from(m: Measure) -> Self {
        MeasureOut {
            id: m.id,
            name: m.name,
            baseline: m.baseline,
            target: m.target,
            latest: m.latest,
        }
    }
}

/// The pair's improvement project.
#[derive(Serialize, ToSchema)]
#[schema(as = Project)]
struct ProjectOut {
    #[schema(value_type = uuid::Uuid)]
    relationship_id: RelationshipId,
    title: String,
    aim: String,
    #[schema(required = true)]
    presentation_on: Option<NaiveDate>,
    presented: bool,
    milestones: Vec<MilestoneOut>,
    measures: Vec<MeasureOut>,
}

impl From<Project> for ProjectOut {
    fn from(p: Project) -> Self {
        ProjectOut {
            relationship_id: p.relationship_id,
            title: p.title,
            aim: p.aim,
            presentation_on: p.presentation_on,
            presented: p.presented,
            milestones: p.milestones.into_iter().map(Into::into).collect(),
            measures: p.measures.into_iter().map(Into::into).collect(),
        }
    }
}

/// A workshop of the pair's programme and whether the caller attended.
#[derive(Serialize, ToSchema)]
#[schema(as = WorkshopForMember)]
struct WorkshopForMemberOut {
    workshop: WorkshopOut,
    attended: bool,
}

/// A pair's paired learning: the relationship, members and programme, the shadowing days and the days done per host, the project (or null) with its progress, and the programme's workshops.
#[derive(Serialize, ToSchema)]
#[schema(as = PairedLearning)]
struct PairOut {
    relationship: RelationshipOut,
    members: Vec<MemberViewOut>,
    programme: ProgrammeRecordOut,
    /// The caller is a member (may record); otherwise a coordinator reading.
    is_member: bool,
    shadowing: Vec<ShadowingDayOut>,
    directions: Vec<DirectionOut>,
    #[schema(required = true)]
    project: Option<ProjectOut>,
    progress_percent: u32,
    workshops: Vec<WorkshopForMemberOut>,
}

impl From<svc::PairView> for PairOut {
    fn from(v: svc::PairView) -> Self {
        PairOut {
            relationship: v.relationship.into(),
            members: v.members.into_iter().map(Into::into).collect(),
            programme: v.programme.into(),
            is_member: v.is_member,
            shadowing: v.shadowing.into_iter().map(Into::into).collect(),
            directions: v
                .directions
                .into_iter()
                .map(|d| DirectionOut {
                    host: d.host,
                    host_name: d.host_name,
                    days_done: d.days_done,
                })
                .collect(),
            project: v.project.map(Into::into),
            progress_percent: v.progress_percent,
            workshops: v
                .workshops
                .into_iter()
                .map(|w| WorkshopForMemberOut {
                    workshop: w.workshop.into(),
                    attended: w.attended,
                })
                .collect(),
        }
    }
}

/// A workshop with how many attended.
#[derive(Serialize, ToSchema)]
#[schema(as = WorkshopSummary)]
struct WorkshopSummaryOut {
    workshop: WorkshopOut,
    attended: usize,
}

/// One who may attend a workshop (a member of a pair of the programme) and whether they did.
#[derive(Serialize, ToSchema)]
#[schema(as = Attendee)]
struct AttendeeOut {
    #[schema(value_type = uuid::Uuid)]
    person_id: PersonId,
    name: String,
    organisation: String,
    attended: bool,
}

fn attendees(people: Vec<svc::Attendee>) -> Vec<AttendeeOut> {
    people
        .into_iter()
        .map(|a| AttendeeOut {
            person_id: a.person_id,
            name: a.name,
            organisation: a.organisation,
            attended: a.attended,
        })
        .collect()
}

/// A shadowing day to plan.
#[derive(Default, Deserialize, ToSchema)]
#[schema(as = ShadowingInput)]
struct ShadowingIn {
    /// The member whose workplace it is.
    #[schema(value_type = Option<uuid::Uuid>)]
    host: Option<PersonId>,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    day: Option<NaiveDate>,
    #[serde(default)]
    place: String,
}

impl From<ShadowingIn> for svc::ShadowingInput {
    fn from(s: ShadowingIn) -> Self {
        svc::ShadowingInput {
            host: s.host,
            day: s.day,
            place: s.place,
        }
    }
}

/// The project's own fields.
#[derive(Default, Deserialize, ToSchema)]
#[schema(as = ProjectInput)]
struct ProjectIn {
    #[serde(default)]
    title: String,
    #[serde(default)]
    aim: String,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    presentation_on: Option<NaiveDate>,
    #[serde(default)]
    presented: bool,
}

impl From<ProjectIn> for svc::ProjectInput {
    fn from(p: ProjectIn) -> Self {
        svc::ProjectInput {
            title: p.title,
            aim: p.aim,
            presentation_on: p.presentation_on,
            presented: p.presented,
        }
    }
}

/// An outcome measure: baseline, target and latest value.
#[derive(Default, Deserialize, ToSchema)]
#[schema(as = MeasureInput)]
struct MeasureIn {
    #[serde(default)]
    name: String,
    #[serde(default)]
    baseline: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    latest: String,
}

impl From<MeasureIn> for svc::MeasureInput {
    fn from(m: MeasureIn) -> Self {
        svc::MeasureInput {
            name: m.name,
            baseline: m.baseline,
            target: m.target,
            latest: m.latest,
        }
    }
}

/// A workshop of the programme.
#[derive(Default, Deserialize, ToSchema)]
#[schema(as = WorkshopInput)]
struct WorkshopIn {
    #[serde(default)]
    title: String,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    day: Option<NaiveDate>,
    #[serde(default)]
    place: String,
}

impl From<WorkshopIn> for svc::WorkshopInput {
    fn from(w: WorkshopIn) -> Self {
        svc::WorkshopInput {
            title: w.title,
            day: w.day,
            place: w.place,
        }
    }
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// A pair's shadowing days (both directions), improvement project with milestones and measures, and the programme's workshops with the caller's attendance. Members and the scheme coordinator.
#[utoipa::path(get, path = "/v1/relationships/{id}/paired-learning", operation_id = "getPairedLearning", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")),
    responses((status = 200, description = "The pair's paired learning.", body = PairOut), (status = 404, response = doc::NotFound)))]
async fn get_pair(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<PairOut>> {
    Ok(Json(
        svc::view(&state.app, user.actor(), id(&raw)?).await?.into(),
    ))
}

/// Plans a shadowing day at one member's workplace (members of a running pair).
#[utoipa::path(post, path = "/v1/relationships/{id}/shadowing", operation_id = "planShadowingDay", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = ShadowingIn,
    responses((status = 201, description = "The new day's id.", body = CreatedId), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn plan_shadowing(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ShadowingIn>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    let day = svc::plan_shadowing(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: day })))
}

/// What was learnt.
#[derive(Deserialize, ToSchema)]
#[schema(as = LearningInput)]
struct LearningIn {
    #[serde(default)]
    learning: String,
}

/// Marks a shadowing day done with what was learnt (on or after the day).
#[utoipa::path(post, path = "/v1/relationships/{id}/shadowing/{day}/done", operation_id = "completeShadowingDay", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship."), ("day" = uuid::Uuid, Path, description = "Id of the shadowing day.")), request_body = LearningIn,
    responses((status = 204, description = "Saved."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn complete_shadowing(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, day)): Path<(String, String)>,
    ApiJson(body): ApiJson<LearningIn>,
) -> ApiResult<StatusCode> {
    svc::complete_shadowing(
        &state.app,
        user.actor(),
        id(&raw)?,
        id(&day)?,
        &body.learning,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates or replaces the pair's improvement project (title, aim, final presentation).
#[utoipa::path(put, path = "/v1/relationships/{id}/project", operation_id = "saveProject", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = ProjectIn,
    responses((status = 204, description = "Saved."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn save_project(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<ProjectIn>,
) -> ApiResult<StatusCode> {
    svc::save_project(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[schema(as = MilestoneInput)]
struct MilestoneIn {
    #[serde(default)]
    title: String,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    due_on: Option<chrono::NaiveDate>,
}

/// Adds a milestone to the project.
#[utoipa::path(post, path = "/v1/relationships/{id}/project/milestones", operation_id = "addMilestone", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = MilestoneIn,
    responses((status = 201, description = "Added."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn add_milestone(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MilestoneIn>,
) -> ApiResult<StatusCode> {
    svc::add_milestone(
        &state.app,
        user.actor(),
        id(&raw)?,
        &body.title,
        body.due_on,
    )
    .await
    .map_err(AppError::into_validation)?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize, ToSchema)]
#[schema(as = DoneInput)]
struct DoneIn {
    done: bool,
}

/// Marks a milestone done or open.
#[utoipa::path(put, path = "/v1/relationships/{id}/project/milestones/{milestone}", operation_id = "setMilestone", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship."), ("milestone" = uuid::Uuid, Path, description = "Id of the milestone.")), request_body = DoneIn,
    responses((status = 204, description = "Saved."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn set_milestone(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, milestone)): Path<(String, String)>,
    ApiJson(body): ApiJson<DoneIn>,
) -> ApiResult<StatusCode> {
    svc::set_milestone(
        &state.app,
        user.actor(),
        id(&raw)?,
        id(&milestone)?,
        body.done,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds an outcome measure (baseline, target, latest).
#[utoipa::path(post, path = "/v1/relationships/{id}/project/measures", operation_id = "addMeasure", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = MeasureIn,
    responses((status = 201, description = "Added."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn add_measure(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MeasureIn>,
) -> ApiResult<StatusCode> {
    svc::add_measure(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize, ToSchema)]
#[schema(as = LatestInput)]
struct LatestIn {
    #[serde(default)]
    latest: String,
}

/// Records a measure's latest value.
#[utoipa::path(put, path = "/v1/relationships/{id}/project/measures/{measure}", operation_id = "updateMeasure", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the relationship."), ("measure" = uuid::Uuid, Path, description = "Id of the measure.")), request_body = LatestIn,
    responses((status = 204, description = "Saved."), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn update_measure(
    State(state): State<AppState>,
    user: ApiUser,
    Path((raw, measure)): Path<(String, String)>,
    ApiJson(body): ApiJson<LatestIn>,
) -> ApiResult<StatusCode> {
    svc::update_measure(
        &state.app,
        user.actor(),
        id(&raw)?,
        id(&measure)?,
        &body.latest,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The paired-learning programme's workshops with attendance counts (scheme coordinators).
#[utoipa::path(get, path = "/v1/programmes/{id}/workshops", operation_id = "listWorkshops", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")),
    responses((status = 200, description = "The workshops.", body = Vec<WorkshopSummaryOut>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn list_workshops(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<WorkshopSummaryOut>>> {
    let (_, list) = svc::workshops(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(
        list.into_iter()
            .map(|w| WorkshopSummaryOut {
                workshop: w.workshop.into(),
                attended: w.attended,
            })
            .collect(),
    ))
}

/// Adds a workshop to the programme (scheme coordinators).
#[utoipa::path(post, path = "/v1/programmes/{id}/workshops", operation_id = "createWorkshop", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")), request_body = WorkshopIn,
    responses((status = 201, description = "The workshop.", body = WorkshopOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn create_workshop(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<WorkshopIn>,
) -> ApiResult<(StatusCode, Json<WorkshopOut>)> {
    let w = svc::create_workshop(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    Ok((StatusCode::CREATED, Json(w.into())))
}

/// Everyone in the programme's pairs and whether they attended (scheme coordinators).
#[utoipa::path(get, path = "/v1/workshops/{id}/attendance", operation_id = "getAttendance", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the workshop.")),
    responses((status = 200, description = "The attendance.", body = Vec<AttendeeOut>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn get_attendance(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<AttendeeOut>>> {
    let (_, _, people) = svc::workshop(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(attendees(people)))
}

/// The people present.
#[derive(Deserialize, ToSchema)]
#[schema(as = AttendanceInput)]
struct AttendanceIn {
    #[schema(value_type = Vec<uuid::Uuid>)]
    present: Vec<PersonId>,
}

/// Replaces the attendance: the people present (members of the programme's pairs only).
#[utoipa::path(put, path = "/v1/workshops/{id}/attendance", operation_id = "setAttendance", tag = "pairs", params(("id" = uuid::Uuid, Path, description = "Id of the workshop.")), request_body = AttendanceIn,
    responses((status = 200, description = "The attendance.", body = Vec<AttendeeOut>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn put_attendance(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AttendanceIn>,
) -> ApiResult<Json<Vec<AttendeeOut>>> {
    let wid: Uuid = id(&raw)?;
    svc::set_attendance(&state.app, user.actor(), wid, body.present).await?;
    let (_, _, people) = svc::workshop(&state.app, user.actor(), wid).await?;
    Ok(Json(attendees(people)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::tests::{same_input, same_output};
    use serde_json::json;

    #[test]
    fn pair_records_are_written_and_inputs_read_as_before() {
        let id = "0192f3a4-5b6c-7d8e-9f00-112233445566";
        same_output::<ShadowingDay, ShadowingDayOut>(json!({
            "id": id, "relationship_id": id, "host_id": id, "day": "2026-03-01", "place": "Ward 7",
            "done": true, "learning": "L" }));
        same_output::<Project, ProjectOut>(json!({
            "relationship_id": id, "title": "T", "aim": "A", "presentation_on": null, "presented": false,
            "milestones": [{ "id": id, "title": "M", "due_on": "2026-05-01", "done": false }],
            "measures": [{ "id": id, "name": "N", "baseline": "1", "target": "2", "latest": "" }] }));
        same_input::<ShadowingIn, svc::ShadowingInput>(json!({ "host": id, "day": "2026-03-01" }));
        same_input::<ProjectIn, svc::ProjectInput>(
            json!({ "title": "T", "presentation_on": null }),
        );
        same_input::<MeasureIn, svc::MeasureInput>(json!({ "name": "N", "target": 3 }));
        same_input::<WorkshopIn, svc::WorkshopInput>(json!({ "title": "W", "day": "2026-04-01" }));
    }
}
