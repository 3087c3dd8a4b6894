//! API of matching runs and relationships: criteria, runs (run, read, publish), pins, and the
//! participant's offers, agreements, fit checks, lifecycle and no-fault endings.
//!
//! Refusals caused by the state of things (a deadline passed, a run whose inputs changed, an
//! agreement edited since it was read) are `409` with `code: "refused"` and the reason in
//! `message`; they change nothing.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::wire::{
    AgreementOut, CriteriaDto, IntakeRecordOut, MemberOut, MemberViewOut, PinDto,
    ProgrammeRecordOut, RelationshipOut, SessionLogOut, TermsDto,
};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::str::FromStr;
use tandem_app::matching as svc;
use tandem_domain::{
    ApplicationId, FitCheck, FrameworkDimension, IntakeId, MatchRun, MatchRunId, Mode,
    OrganisationId, ProgrammeId, RelationshipId, RelationshipStatus, RunResult, Slot,
    UnmatchedReason,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_criteria, put_criteria))
        .routes(routes!(list_runs, create_run))
        .routes(routes!(get_run))
        .routes(routes!(publish))
        .routes(routes!(list_pins, add_pin))
        .routes(routes!(remove_pin))
        .routes(routes!(intake_relationships))
        .routes(routes!(my_relationships))
        .routes(routes!(get_relationship))
        .routes(routes!(respond))
        .routes(routes!(put_agreement))
        .routes(routes!(sign))
        .routes(routes!(fit_check))
        .routes(routes!(move_to))
        .routes(routes!(end))
        .routes(routes!(get_shortlist, put_shortlist))
        .routes(routes!(list_sessions, log_session))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Limits the use cases enforce, for the OpenAPI document (see [`super::doc::Bound`]).
pub(super) const BOUNDS: &[super::doc::Bound] = &[
    ("SessionInput", "minutes", "minimum", 1),
    (
        "SessionInput",
        "minutes",
        "maximum",
        svc::MAX_SESSION_MINUTES as u64,
    ),
];

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

// ----- criteria ------------------------------------------------------------------------------

/// The programme's matching criteria: a level per criterion, the ideal seniority gap, the profession preference, the days to answer an offer.
#[utoipa::path(get, path = "/v1/programmes/{id}/matching-criteria", operation_id = "getMatchingCriteria", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")),
    responses((status = 200, description = "The criteria.", body = CriteriaDto), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn get_criteria(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<CriteriaDto>> {
    let p = tandem_app::programmes::get(&state.app, user.actor(), id::<ProgrammeId>(&raw)?).await?;
    Ok(Json(p.rules.matching.into()))
}

/// Replaces the programme's matching criteria (scheme coordinators). \"different_organisation\" takes only \"must\" or \"off\".
#[utoipa::path(put, path = "/v1/programmes/{id}/matching-criteria", operation_id = "replaceMatchingCriteria", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the programme.")), request_body = CriteriaDto,
    responses((status = 200, description = "The saved criteria.", body = CriteriaDto), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn put_criteria(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<CriteriaDto>,
) -> ApiResult<Json<CriteriaDto>> {
    let p = svc::update_criteria(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    Ok(Json(p.rules.matching.into()))
}

// ----- runs ----------------------------------------------------------------------------------

/// A run as the API shows it: stored inputs and parameters as JSON, not text.
#[derive(Serialize, ToSchema)]
#[schema(as = MatchRun)]
struct RunOut {
    #[schema(value_type = uuid::Uuid)]
    id: MatchRunId,
    #[schema(value_type = uuid::Uuid)]
    intake_id: IntakeId,
    number: u32,
    #[schema(value_type = codes::RunStatus)]
    status: tandem_domain::RunStatus,
    created_at: chrono::DateTime<chrono::Utc>,
    inputs_digest: String,
    /// The pool the run read (applicants, versions, capacities).
    #[schema(value_type = Object)]
    inputs: Value,
    /// Criteria, pins and seed.
    #[schema(value_type = Object)]
    parameters: Value,
    result: RunResultOut,
    #[schema(required = true)]
    published_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What a run proposes: the matches with their score breakdowns and the rules they meet, the
/// unmatched with reasons, and the quality overall and per organisation.
#[derive(Serialize, ToSchema)]
#[schema(as = RunResult)]
struct RunResultOut {
    matches: Vec<ProposedMatchOut>,
    unmatched: Vec<UnmatchedOut>,
    total_score: i64,
    mean_score_percent: u32,
    /// The solver proved the matching optimal.
    optimal: bool,
    per_organisation: Vec<OrganisationQualityOut>,
    /// Pins that could not be honoured.
    ignored_pins: Vec<PinDto>,
    /// Mentors below the programme's minimum load after the run, with the reason.
    mentors_below_min: Vec<MentorBelowMinOut>,
}

/// A mentor below the programme's minimum load: mentees after the run (current, locked and
/// new), the minimum and why.
#[derive(Serialize, ToSchema)]
#[schema(as = MentorBelowMin)]
struct MentorBelowMinOut {
    #[schema(value_type = uuid::Uuid)]
    application_id: ApplicationId,
    load: u32,
    min: u32,
    #[schema(value_type = codes::BelowMinReason)]
    reason: tandem_domain::BelowMinReason,
}

/// A proposed match: its applications, score and why.
#[derive(Serialize, ToSchema)]
#[schema(as = ProposedMatch)]
struct ProposedMatchOut {
    #[schema(value_type = Vec<uuid::Uuid>)]
    applications: Vec<ApplicationId>,
    score: i64,
    /// `[criterion, points]` pairs.
    #[schema(schema_with = breakdown_schema)]
    breakdown: Vec<(String, i64)>,
    constraints_met: Vec<String>,
    locked: bool,
    organisations: u32,
    professions: u32,
    #[schema(value_type = Option<codes::Slot>, required = true)]
    shared_slot: Option<Slot>,
}

fn breakdown_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    doc::schema(serde_json::json!({ "type": "array", "items": {
        "type": "array", "prefixItems": [{ "type": "string" }, { "type": "integer" }], "minItems": 2, "maxItems": 2,
    } }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = Unmatched)]
struct UnmatchedOut {
    #[schema(value_type = uuid::Uuid)]
    application_id: ApplicationId,
    #[schema(value_type = codes::UnmatchedReason)]
    reason: UnmatchedReason,
    /// How many people on the other side were considered.
    partners: u32,
    /// For `blocked_by_rules`: each hard rule and how many of those partners it excluded.
    rules: Vec<RuleCountOut>,
}

/// A hard rule and how many partners it excluded.
#[derive(Serialize, ToSchema)]
#[schema(as = RuleCount)]
struct RuleCountOut {
    /// direct_report, managers_manager, same_line_manager, different_organisation, goals,
    /// grade_gap, profession, availability, mode, language, declared_conflict, forbidden,
    /// previous_partner or reverse_pair.
    rule: String,
    partners: u32,
}

#[derive(Serialize, ToSchema)]
#[schema(as = OrganisationQuality)]
struct OrganisationQualityOut {
    #[schema(value_type = uuid::Uuid)]
    organisation_id: OrganisationId,
    placed: u32,
    applicants: u32,
    mean_score_percent: u32,
}

impl From<RunResult> for RunResultOut {
    fn from(r: RunResult) -> Self {
        RunResultOut {
            matches: r
                .matches
                .into_iter()
                .map(|m| ProposedMatchOut {
                    applications: m.applications,
                    score: m.score,
                    breakdown: m.breakdown,
                    constraints_met: m.constraints_met,
                    locked: m.locked,
                    organisations: m.organisations,
                    professions: m.professions,
                    shared_slot: m.shared_slot,
                })
                .collect(),
            unmatched: r
                .unmatched
                .into_iter()
                .map(|u| UnmatchedOut {
                    application_id: u.application_id,
                    reason: u.reason,
                    partners: u.partners,
                    rules: u
                        .rules
                        .into_iter()
                        .map(|r| RuleCountOut {
                            rule: r.rule,
                            partners: r.partners,
                        })
                        .collect(),
                })
                .collect(),
            total_score: r.total_score,
            mean_score_percent: r.mean_score_percent,
            optimal: r.optimal,
            per_organisation: r
                .per_organisation
                .into_iter()
                .map(|o| OrganisationQualityOut {
                    organisation_id: o.organisation_id,
                    placed: o.placed,
                    applicants: o.applicants,
                    mean_score_percent: o.mean_score_percent,
                })
                .collect(),
            ignored_pins: r.ignored_pins.into_iter().map(Into::into).collect(),
            mentors_below_min: r
                .mentors_below_min
                .into_iter()
                .map(|b| MentorBelowMinOut {
                    application_id: b.application_id,
                    load: b.load,
                    min: b.min,
                    reason: b.reason,
                })
                .collect(),
        }
    }
}

impl From<MatchRun> for RunOut {
    fn from(r: MatchRun) -> Self {
        Self {
            id: r.id,
            intake_id: r.intake_id,
            number: r.number,
            status: r.status,
            created_at: r.created_at,
            inputs_digest: r.inputs_digest,
            inputs: serde_json::from_str(&r.inputs).unwrap_or(Value::Null),
            parameters: serde_json::from_str(&r.parameters).unwrap_or(Value::Null),
            result: r.result.into(),
            published_at: r.published_at,
        }
    }
}

/// The intake's matching runs, newest first (scheme coordinators).
#[utoipa::path(get, path = "/v1/intakes/{id}/match-runs", operation_id = "listMatchRuns", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 200, description = "The runs.", body = Vec<RunOut>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn list_runs(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<RunOut>>> {
    let o = svc::overview(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(o.runs.into_iter().map(Into::into).collect()))
}

/// Runs matching on the intake's approved pool with the programme's criteria and the pins, and saves the run as a draft that only coordinators see.
#[utoipa::path(post, path = "/v1/intakes/{id}/match-runs", operation_id = "runMatching", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 201, description = "The new run; `Location` names it.", body = RunOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn create_run(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Response> {
    let run = svc::run(&state.app, user.actor(), id(&raw)?).await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/match-runs/{}", run.id))],
        Json(RunOut::from(run)),
    )
        .into_response())
}

/// One run with its stored inputs, parameters and result.
#[utoipa::path(get, path = "/v1/match-runs/{id}", operation_id = "getMatchRun", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the run.")),
    responses((status = 200, description = "The run.", body = RunOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn get_run(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RunOut>> {
    let (run, ..) = svc::get_run(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(run.into()))
}

/// How many relationships were offered, and how many people were told by e-mail.
#[derive(Serialize, ToSchema)]
struct Published {
    relationships: usize,
    /// Everyone matched who has an e-mail address: their offers are queued with the publication.
    told: usize,
    /// Of those told, how many could not sign in yet (no account, or an invitation never
    /// accepted) and were invited to, with the publication.
    invited: usize,
}

/// Publishes the newest draft run: offers go to everyone matched. Refused (409) when the pool changed since the run.
#[utoipa::path(post, path = "/v1/match-runs/{id}/publish", operation_id = "publishMatchRun", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the run.")),
    responses((status = 200, description = "How many relationships were offered.", body = Published), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn publish(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Published>> {
    let n = svc::publish(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(Published {
        relationships: n.relationships,
        told: n.told,
        invited: n.invited,
    }))
}

// ----- pins ----------------------------------------------------------------------------------

/// The intake's locked and forbidden pairs.
#[utoipa::path(get, path = "/v1/intakes/{id}/pins", operation_id = "listPins", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 200, description = "The pins.", body = Vec<PinDto>), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound)))]
async fn list_pins(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<PinDto>>> {
    let o = svc::overview(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(o.pins.into_iter().map(Into::into).collect()))
}

/// Locks or forbids a pair of applications for the next runs. A lock replaces other locks of either application.
#[utoipa::path(post, path = "/v1/intakes/{id}/pins", operation_id = "addPin", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")), request_body = PinDto,
    responses((status = 204, description = "Saved."), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn add_pin(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(pin): ApiJson<PinDto>,
) -> ApiResult<StatusCode> {
    svc::add_pin(&state.app, user.actor(), id(&raw)?, pin.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a pin (either order of the pair).
#[utoipa::path(post, path = "/v1/intakes/{id}/pins/remove", operation_id = "removePin", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")), request_body = PinDto,
    responses((status = 204, description = "Removed."), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn remove_pin(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(pin): ApiJson<PinDto>,
) -> ApiResult<StatusCode> {
    svc::remove_pin(&state.app, user.actor(), id(&raw)?, pin.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- relationships -------------------------------------------------------------------------

/// A relationship as the caller may see it: the relationship with its members (name, organisation, answers, signatures), agreement, programme and intake, the caller's own membership (`me`), sessions held and caps used.
#[derive(Serialize, ToSchema)]
#[schema(as = Relationship)]
struct RelationshipViewOut {
    relationship: RelationshipOut,
    members: Vec<MemberViewOut>,
    #[schema(required = true)]
    agreement: Option<AgreementOut>,
    programme: ProgrammeRecordOut,
    intake: IntakeRecordOut,
    /// The caller's own membership, when they are a member.
    #[schema(required = true)]
    me: Option<MemberOut>,
    /// The caller's own private reason, when they ended it.
    #[schema(required = true)]
    my_ending_reason: Option<String>,
    /// The offer can no longer be accepted.
    offer_expired: bool,
    /// Sessions held, oldest first.
    sessions: Vec<SessionLogOut>,
    minutes_used: u32,
    #[schema(required = true)]
    session_cap: Option<u32>,
    #[schema(required = true)]
    minutes_cap: Option<u32>,
    /// Live with no session for the stale period.
    stale: bool,
}

impl From<svc::RelationshipView> for RelationshipViewOut {
    fn from(v: svc::RelationshipView) -> Self {
        RelationshipViewOut {
            relationship: v.relationship.into(),
            members: v.members.into_iter().map(Into::into).collect(),
            agreement: v.agreement.map(Into::into),
            programme: v.programme.into(),
            intake: v.intake.into(),
            me: v.me.map(Into::into),
            my_ending_reason: v.my_ending_reason,
            offer_expired: v.offer_expired,
            sessions: v.sessions.into_iter().map(Into::into).collect(),
            minutes_used: v.minutes_used,
            session_cap: v.session_cap,
            minutes_cap: v.minutes_cap,
            stale: v.stale,
        }
    }
}

#[derive(Deserialize)]
struct StaleQuery {
    weeks: Option<u32>,
    cursor: Option<String>,
    limit: Option<u64>,
}

/// One page of the intake's published relationships (scheme coordinators), oldest first; `stale` marks live ones with no session for `weeks` weeks (default 6). Pages by cursor: the `Link` header names the next and previous pages, `X-Total-Count` the number of relationships (exact up to 1,000; `X-Total-Exact: false` beyond).
#[utoipa::path(get, path = "/v1/intakes/{id}/relationships", operation_id = "listIntakeRelationships", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the intake."), ("weeks" = Option<u32>, Query, description = "Weeks without a session after which a live relationship is flagged (1 to 52)."),
        ("cursor" = Option<String>, Query, description = "A token from the `Link` header of an earlier page: the page after or before it. A token naming no relationship of the intake is refused with 422 on `cursor`."),
        ("limit" = Option<u64>, Query, description = "Relationships per page (1 to 50; default 50).")),
    responses((status = 200, description = "One page of relationships.", body = Vec<RelationshipViewOut>,
        headers(("Link" = String, description = "RFC 8288 links to the `next` and `prev` pages, when there are any."),
                ("X-Total-Count" = u64, description = "Relationships of the intake, exact up to 1,000."),
                ("X-Total-Exact" = bool, description = "`false` when there are more than `X-Total-Count`."))),
        (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 422, response = doc::Invalid)))]
async fn intake_relationships(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    axum::extract::Query(query): axum::extract::Query<StaleQuery>,
) -> ApiResult<(axum::http::HeaderMap, Json<Vec<RelationshipViewOut>>)> {
    let weeks = query
        .weeks
        .filter(|w| (1..=52).contains(w))
        .unwrap_or(svc::STALE_WEEKS);
    let intake: IntakeId = id(&raw)?;
    let (_, _, page) = svc::of_intake_page(
        &state.app,
        user.actor(),
        intake,
        weeks,
        false,
        query.cursor.as_deref(),
        query.limit,
    )
    .await?;
    let mut headers = axum::http::HeaderMap::new();
    let link = |token: &str, rel: &str| {
        let qs: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs([("weeks", weeks.to_string()), ("cursor", token.to_string())])
            .extend_pairs(query.limit.map(|l| ("limit", l.to_string())))
            .finish();
        format!("</api/v1/intakes/{intake}/relationships?{qs}>; rel=\"{rel}\"")
    };
    let links: Vec<String> = [
        page.next.as_deref().map(|t| link(t, "next")),
        page.previous.as_deref().map(|t| link(t, "prev")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Ok(v) = axum::http::HeaderValue::from_str(&links.join(", "))
        && !links.is_empty()
    {
        headers.insert(axum::http::header::LINK, v);
    }
    headers.insert("x-total-count", page.total.into());
    headers.insert(
        "x-total-exact",
        axum::http::HeaderValue::from_static(if page.total_exact { "true" } else { "false" }),
    );
    Ok((
        headers,
        Json(page.relationships.into_iter().map(Into::into).collect()),
    ))
}

/// The caller's offers and relationships, newest first.
#[utoipa::path(get, path = "/v1/me/relationships", operation_id = "listMyRelationships", tag = "relationships",
    responses((status = 200, description = "The relationships.", body = Vec<RelationshipViewOut>)))]
async fn my_relationships(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<RelationshipViewOut>>> {
    let list = svc::mine(&state.app, user.actor()).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// One relationship (its members and scheme coordinators only).
#[utoipa::path(get, path = "/v1/relationships/{id}", operation_id = "getRelationship", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")),
    responses((status = 200, description = "The relationship.", body = RelationshipViewOut), (status = 404, response = doc::NotFound)))]
async fn get_relationship(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RelationshipViewOut>> {
    Ok(Json(
        svc::get(&state.app, user.actor(), id(&raw)?).await?.into(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum Answer {
    Accept,
    Decline,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = OfferAnswer)]
struct AnswerIn {
    #[schema(inline)]
    answer: Answer,
}

/// The relationship's status now.
#[derive(Serialize, ToSchema)]
#[schema(as = RelationshipStatusOut)]
struct StatusOut {
    #[schema(value_type = codes::RelationshipStatus)]
    status: RelationshipStatus,
}

/// Accepts or declines the offer before its deadline. A decline tells the coordinator and returns people to the pool.
#[utoipa::path(post, path = "/v1/relationships/{id}/response", operation_id = "answerOffer", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = AnswerIn,
    responses((status = 200, description = "The relationship's status now.", body = StatusOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn respond(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AnswerIn>,
) -> ApiResult<Json<StatusOut>> {
    let accept = matches!(body.answer, Answer::Accept);
    let status = svc::respond(
        &state.app,
        user.actor(),
        id::<RelationshipId>(&raw)?,
        accept,
    )
    .await?;
    Ok(Json(StatusOut { status }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = AgreementInput)]
struct AgreementIn {
    /// The version being replaced (from the relationship's `agreement.version`).
    version: u32,
    #[serde(flatten)]
    terms: TermsDto,
}

/// The agreement's new version.
#[derive(Serialize, ToSchema)]
#[schema(as = AgreementVersion)]
struct VersionOut {
    version: u32,
}

/// Replaces the agreement's terms while it is being agreed; every member signs again.
#[utoipa::path(put, path = "/v1/relationships/{id}/agreement", operation_id = "replaceAgreement", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = AgreementIn,
    responses((status = 200, description = "The new version.", body = VersionOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn put_agreement(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<AgreementIn>,
) -> ApiResult<Json<VersionOut>> {
    let v = svc::save_agreement(
        &state.app,
        user.actor(),
        id(&raw)?,
        body.terms.into(),
        body.version,
    )
    .await?;
    Ok(Json(VersionOut { version: v }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = Signature)]
struct SignIn {
    version: u32,
}

/// Signs the agreement version read. When everyone has signed, the relationship is active.
#[utoipa::path(post, path = "/v1/relationships/{id}/signature", operation_id = "signAgreement", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = SignIn,
    responses((status = 200, description = "The relationship's status now.", body = StatusOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn sign(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SignIn>,
) -> ApiResult<Json<StatusOut>> {
    let status = svc::sign(&state.app, user.actor(), id(&raw)?, body.version).await?;
    Ok(Json(StatusOut { status }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = FitCheckInput)]
struct FitIn {
    #[schema(value_type = codes::FitCheck)]
    fit: FitCheck,
}

/// Answers \"how is it going?\" (active relationships).
#[utoipa::path(post, path = "/v1/relationships/{id}/fit-check", operation_id = "recordFitCheck", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = FitIn,
    responses((status = 204, description = "Saved."), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn fit_check(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<FitIn>,
) -> ApiResult<StatusCode> {
    svc::fit_check(&state.app, user.actor(), id(&raw)?, body.fit).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[schema(as = StatusInput)]
struct MoveIn {
    /// `winding_down` or `closed`.
    #[schema(value_type = codes::RelationshipStatus)]
    status: RelationshipStatus,
}

/// Winds down or closes an active relationship (a member or the scheme coordinator).
#[utoipa::path(post, path = "/v1/relationships/{id}/status", operation_id = "moveRelationship", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = MoveIn,
    responses((status = 200, description = "The new status.", body = StatusOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn move_to(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MoveIn>,
) -> ApiResult<Json<StatusOut>> {
    svc::move_to(&state.app, user.actor(), id(&raw)?, body.status).await?;
    Ok(Json(StatusOut {
        status: body.status,
    }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = EndingInput)]
struct EndIn {
    /// Private to the caller.
    #[serde(default)]
    reason: String,
}

/// Ends the relationship without fault. The reason is stored for its author only; the others return to the pool.
#[utoipa::path(post, path = "/v1/relationships/{id}/ending", operation_id = "endRelationship", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = EndIn,
    responses((status = 200, description = "The relationship's status now.", body = StatusOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<EndIn>,
) -> ApiResult<Json<StatusOut>> {
    let status = svc::end(&state.app, user.actor(), id(&raw)?, &body.reason).await?;
    Ok(Json(StatusOut { status }))
}

/// Shortlist mode: the mentors suggested to the caller (an approved mentee) and their ranking.
#[utoipa::path(get, path = "/v1/intakes/{id}/shortlist", operation_id = "getShortlist", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")),
    responses((status = 200, description = "The shortlist.", body = ShortlistOut), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn get_shortlist(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<ShortlistOut>> {
    Ok(Json(
        svc::shortlist(&state.app, user.actor(), id(&raw)?)
            .await?
            .into(),
    ))
}

/// What a mentee sees in shortlist mode: the intake, the programme, their application, the mentors suggested to them (name, organisation, job title, expertise) and their ranking.
#[derive(Serialize, ToSchema)]
#[schema(as = Shortlist)]
struct ShortlistOut {
    intake: IntakeRecordOut,
    programme: ProgrammeRecordOut,
    #[schema(value_type = uuid::Uuid)]
    application_id: ApplicationId,
    suggestions: Vec<SuggestionOut>,
    /// The mentee's ranking, first choice first.
    #[schema(value_type = Vec<uuid::Uuid>)]
    ranking: Vec<ApplicationId>,
}

/// A mentor suggested to a mentee.
#[derive(Serialize, ToSchema)]
#[schema(as = Suggestion)]
struct SuggestionOut {
    #[schema(value_type = uuid::Uuid)]
    application_id: ApplicationId,
    name: String,
    organisation: String,
    job_title: String,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    expertise: Vec<FrameworkDimension>,
}

impl From<svc::ShortlistView> for ShortlistOut {
    fn from(v: svc::ShortlistView) -> Self {
        ShortlistOut {
            intake: v.intake.into(),
            programme: v.programme.into(),
            application_id: v.application_id,
            suggestions: v
                .suggestions
                .into_iter()
                .map(|s| SuggestionOut {
                    application_id: s.application_id,
                    name: s.name,
                    organisation: s.organisation,
                    job_title: s.job_title,
                    expertise: s.expertise,
                })
                .collect(),
            ranking: v.ranking,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(as = RankingInput)]
struct RankingIn {
    #[schema(value_type = Vec<uuid::Uuid>)]
    ranking: Vec<ApplicationId>,
}

/// A session held, as a member logs it.
#[derive(Default, Deserialize, ToSchema)]
#[schema(as = SessionInput)]
struct SessionIn {
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    held_on: Option<chrono::NaiveDate>,
    minutes: Option<u32>,
    #[schema(value_type = Option<codes::Mode>)]
    mode: Option<Mode>,
    /// Topics discussed, shared between the members.
    #[serde(default)]
    topics: Option<String>,
    /// Action points agreed, shared between the members.
    #[serde(default)]
    action_points: Option<String>,
}

impl From<SessionIn> for svc::SessionInput {
    fn from(s: SessionIn) -> Self {
        svc::SessionInput {
            held_on: s.held_on,
            minutes: s.minutes,
            mode: s.mode,
            topics: s.topics,
            action_points: s.action_points,
        }
    }
}

/// Replaces the caller's ranking of their suggested mentors, first choice first.
#[utoipa::path(put, path = "/v1/intakes/{id}/shortlist", operation_id = "rankShortlist", tag = "matching", params(("id" = uuid::Uuid, Path, description = "Id of the intake.")), request_body = RankingIn,
    responses((status = 200, description = "The shortlist.", body = ShortlistOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn put_shortlist(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RankingIn>,
) -> ApiResult<Json<ShortlistOut>> {
    let intake: IntakeId = id(&raw)?;
    svc::rank(&state.app, user.actor(), intake, body.ranking).await?;
    Ok(Json(
        svc::shortlist(&state.app, user.actor(), intake)
            .await?
            .into(),
    ))
}

/// The sessions the relationship held, oldest first.
#[utoipa::path(get, path = "/v1/relationships/{id}/sessions", operation_id = "listSessions", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")),
    responses((status = 200, description = "The sessions.", body = Vec<SessionLogOut>), (status = 404, response = doc::NotFound)))]
async fn list_sessions(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Vec<SessionLogOut>>> {
    let v = svc::get(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(v.sessions.into_iter().map(Into::into).collect()))
}

/// Logs a session held (a member; also after the fact). Refused (409) beyond the programme's session or minutes cap.
#[utoipa::path(post, path = "/v1/relationships/{id}/sessions", operation_id = "logSession", tag = "relationships", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = SessionIn,
    responses((status = 201, description = "Logged."), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn log_session(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<SessionIn>,
) -> ApiResult<StatusCode> {
    svc::log_session(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    Ok(StatusCode::CREATED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::tests::{same_input, same_output};
    use serde_json::json;

    #[test]
    fn run_results_and_logged_sessions_are_written_and_read_as_before() {
        let id = "0192f3a4-5b6c-7d8e-9f00-112233445566";
        same_output::<RunResult, RunResultOut>(json!({
            "matches": [{ "applications": [id, id], "score": 870, "breakdown": [["goals", 300], ["mode", -20]],
                "constraints_met": ["different_organisation"], "locked": false, "organisations": 2,
                "professions": 1, "shared_slot": "mon_am" }],
            "unmatched": [{ "application_id": id, "reason": "no_capacity" }],
            "total_score": 870, "mean_score_percent": 81, "optimal": true,
            "per_organisation": [{ "organisation_id": id, "placed": 1, "applicants": 2, "mean_score_percent": 81 }],
            "ignored_pins": [{ "kind": "lock", "first": id, "second": id }],
            "mentors_below_min": [{ "application_id": id, "load": 1, "min": 2, "reason": "taken_elsewhere" }] }));
        same_input::<SessionIn, svc::SessionInput>(
            json!({ "held_on": "2026-03-01", "minutes": 45, "mode": "telephone", "topics": "T" }),
        );
        same_input::<SessionIn, svc::SessionInput>(json!({ "minutes": -1 }));
    }
}
