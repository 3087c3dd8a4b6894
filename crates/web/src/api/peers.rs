//! API of the peer network (`tandem_app::peers`): the directory searched with the same filters as
//! its page and paged by cursor like the other collections, and conversation requests (ask a
//! listed peer, one's requests both ways, accept, decline).
//!
//! Handlers only translate: who may do what, the message rule, the one open request per pair and
//! the daily cap are the use cases'; every refusal writes nothing and answers with the one error
//! body (404 for someone not listed, 403 for oneself, 409 for a state refusal such as the cap).
//! An e-mail address appears only in an accepted request, because the use cases hand out no other.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::peers::{self as service, RequestView, Requests};
use tandem_domain::peers::{PeerFilter, PeerRequestId, PeerRequestStatus};
use tandem_domain::{FrameworkDimension, Language, OrganisationKind, PersonId};
use tandem_storage::peers::PeerEntry;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(directory))
        .routes(routes!(list_requests, create_request))
        .routes(routes!(get_request))
        .routes(routes!(accept_request))
        .routes(routes!(decline_request))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

/// Limits the use cases enforce, for the OpenAPI document (see [`super::doc::Bound`]).
pub(super) const BOUNDS: &[super::doc::Bound] = &[(
    "PeerRequestInput",
    "message",
    "maxLength",
    tandem_domain::peers::MAX_MESSAGE as u64,
)];

/// People on a page when `limit` is not given (as the directory's page shows).
const DEFAULT_LIMIT: u64 = 25;

// ---------------------------------------------------------------------------------------------
// Bodies

/// The directory's filters, as the page's GET form names them.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryParams {
    /// Words in the name or interests (words of three or more characters match anywhere, two-character words the start of a word).
    q: Option<String>,
    /// Only people whose primary job is in this profession (exact).
    profession: Option<String>,
    /// Only people whose primary employer is of this kind.
    #[param(value_type = Option<codes::OrganisationKind>)]
    organisation_kind: Option<OrganisationKind>,
    /// Only people showing this framework dimension.
    #[param(value_type = Option<codes::FrameworkDimension>)]
    dimension: Option<FrameworkDimension>,
    /// Only people with this language.
    #[param(value_type = Option<codes::Language>)]
    language: Option<Language>,
    /// Only people whose primary employer is in this region (exact).
    region: Option<String>,
    /// A page's `next` or `previous` token: the page after or before it. A token naming no one the directory holds is refused with 422 on `cursor`.
    cursor: Option<String>,
    /// People per page (default 25; larger values than 200 are reduced to 200).
    limit: Option<u64>,
}

fn blank(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

/// A listed person as the directory shows them: their listing and primary job, never an address.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = DirectoryEntry)]
pub struct PeerOut {
    #[schema(value_type = uuid::Uuid)]
    person_id: PersonId,
    given_name: String,
    family_name: String,
    job_title: String,
    profession: String,
    organisation: String,
    /// `null` when the person has no employment.
    #[schema(value_type = Option<codes::OrganisationKind>, required = true)]
    organisation_kind: Option<OrganisationKind>,
    /// The organisation's region; empty when not said.
    region: String,
    #[schema(value_type = codes::Language)]
    language: Language,
    interests: String,
    #[schema(value_type = Vec<codes::FrameworkDimension>)]
    dimensions: Vec<FrameworkDimension>,
}

impl From<PeerEntry> for PeerOut {
    fn from(e: PeerEntry) -> Self {
        PeerOut {
            person_id: e.person_id,
            given_name: e.given_name,
            family_name: e.family_name,
            job_title: e.job_title,
            profession: e.profession,
            organisation: e.organisation,
            organisation_kind: e.organisation_kind,
            region: e.region,
            language: e.language,
            interests: e.interests,
            dimensions: e.dimensions,
        }
    }
}

/// One page of the directory.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = DirectoryPage)]
pub struct DirectoryPageOut {
    items: Vec<PeerOut>,
    /// The number of matches when `total_exact`; otherwise 1000: there are more, and the
    /// directory does not count further.
    total: u64,
    limit: u64,
    total_exact: bool,
    /// Token of the next page (pass it as `cursor`); `null` on the last page.
    #[schema(required = true)]
    next: Option<String>,
    /// Token of the previous page; `null` on the first page.
    #[schema(required = true)]
    previous: Option<String>,
}

/// A conversation request to a listed person.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = PeerRequestInput)]
pub struct RequestIn {
    /// The person asked (listed in the directory; never the caller).
    #[schema(value_type = uuid::Uuid)]
    recipient: PersonId,
    /// Who the caller is and why them: required, plain text.
    message: String,
}

/// A conversation request as the caller (its asker or its recipient) sees it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PeerRequest)]
pub struct RequestOut {
    #[schema(value_type = uuid::Uuid)]
    id: PeerRequestId,
    /// The caller received it (and may answer it while it is `open`).
    received: bool,
    /// The other person's name.
    with: String,
    /// The asker's organisation.
    organisation: String,
    message: String,
    /// `unavailable`: the recipient is no longer listed (the asker is not told why).
    #[schema(value_type = codes::PeerRequestStatus)]
    status: PeerRequestStatus,
    created_at: DateTime<Utc>,
    /// The other person's e-mail address: only once accepted, `null` before and otherwise.
    #[schema(required = true)]
    email: Option<String>,
    /// The caller's own address as the other person sees it: only once accepted.
    #[schema(required = true)]
    my_email: Option<String>,
}

impl From<RequestView> for RequestOut {
    fn from(v: RequestView) -> Self {
        RequestOut {
            id: v.id,
            received: v.received,
            with: v.with,
            organisation: v.organisation,
            message: v.message,
            status: v.status,
            created_at: v.created_at,
            email: v.email,
            my_email: v.my_email,
        }
    }
}

/// The caller's conversation requests, both ways.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PeerRequests)]
pub struct RequestsOut {
    /// Requests to the caller, newest first (the last 50).
    received: Vec<RequestOut>,
    /// Requests the caller sent, newest first (the last 50).
    sent: Vec<RequestOut>,
    /// How many requests the caller may still send in the current 24 hours.
    left_today: u32,
}

impl From<Requests> for RequestsOut {
    fn from(r: Requests) -> Self {
        RequestsOut {
            received: r.received.into_iter().map(Into::into).collect(),
            sent: r.sent.into_iter().map(Into::into).collect(),
            left_today: r.left_today,
        }
    }
}

fn id<T: std::str::FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

// ---------------------------------------------------------------------------------------------
// Handlers

/// People listed in the directory across the scheme's organisations, by family name, narrowed by the page's filters (all optional, all combined) and paged by cursor. People who did not opt in never appear.
#[utoipa::path(get, path = "/v1/directory", operation_id = "searchDirectory", tag = "peers", params(DirectoryParams),
    responses((status = 200, description = "One page of listed people and the number of matches (exact up to 1,000).", body = DirectoryPageOut),
        (status = 400, response = doc::BadRequest), (status = 403, response = doc::Forbidden), (status = 422, response = doc::Invalid)))]
async fn directory(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<Query<DirectoryParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<DirectoryPageOut>> {
    let Query(p) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    if p.limit == Some(0) {
        return Err(AppError::field("limit", "error.must_be_positive").into());
    }
    let limit = p
        .limit
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, tandem_storage::MAX_PAGE);
    let filter = PeerFilter {
        text: blank(p.q),
        profession: blank(p.profession),
        organisation_kind: p.organisation_kind,
        dimension: p.dimension,
        language: p.language,
        region: blank(p.region),
    };
    let cursor = blank(p.cursor);
    let page = service::search(&state.app, user.actor(), filter, cursor.as_deref(), limit).await?;
    Ok(Json(DirectoryPageOut {
        items: page.items.into_iter().map(Into::into).collect(),
        total: page.total,
        limit: page.limit,
        total_exact: page.total_exact,
        next: page.next,
        previous: page.previous,
    }))
}

/// The caller's conversation requests: those received and those sent, with how many more the caller may send today. Addresses appear only in accepted requests.
#[utoipa::path(get, path = "/v1/peer-requests", operation_id = "listPeerRequests", tag = "peers",
    responses((status = 200, description = "The requests.", body = RequestsOut), (status = 403, response = doc::Forbidden)))]
async fn list_requests(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<RequestsOut>> {
    Ok(Json(
        service::requests(&state.app, user.actor()).await?.into(),
    ))
}

/// Asks a listed person for a conversation; they are told by e-mail (with no address in it). Someone not listed is not found (404); asking oneself is 403; a second open request between the same two people, or more than 5 requests in 24 hours, is refused with 409. Nothing is written on refusal.
#[utoipa::path(post, path = "/v1/peer-requests", operation_id = "createPeerRequest", tag = "peers", request_body = RequestIn,
    responses((status = 201, description = "The new request.", body = RequestOut),
        (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn create_request(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(body): ApiJson<RequestIn>,
) -> ApiResult<Response> {
    let r = service::ask(&state.app, user.actor(), body.recipient, &body.message).await?;
    let view = service::request(&state.app, user.actor(), r.id).await?;
    Ok((StatusCode::CREATED, Json(RequestOut::from(view))).into_response())
}

/// One of the caller's requests. Anyone but its asker and its recipient is told it does not exist.
#[utoipa::path(get, path = "/v1/peer-requests/{id}", operation_id = "getPeerRequest", tag = "peers", params(("id" = uuid::Uuid, Path, description = "Id of the request.")),
    responses((status = 200, description = "The request.", body = RequestOut), (status = 404, response = doc::NotFound)))]
async fn get_request(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RequestOut>> {
    Ok(Json(
        service::request(&state.app, user.actor(), id(&raw)?)
            .await?
            .into(),
    ))
}

async fn answer(
    state: &AppState,
    user: &ApiUser,
    raw: &str,
    accept: bool,
) -> ApiResult<Json<RequestOut>> {
    let rid: PeerRequestId = id(raw)?;
    service::answer(&state.app, user.actor(), rid, accept).await?;
    Ok(Json(
        service::request(&state.app, user.actor(), rid)
            .await?
            .into(),
    ))
}

/// Accepts a request to the caller: both people then see each other's e-mail address, and the asker is told by e-mail. The recipient only (anyone else: 404); a request no longer open is refused with 409.
#[utoipa::path(post, path = "/v1/peer-requests/{id}/accept", operation_id = "acceptPeerRequest", tag = "peers", params(("id" = uuid::Uuid, Path, description = "Id of the request.")),
    responses((status = 200, description = "The request, now accepted, with the asker's address.", body = RequestOut),
        (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn accept_request(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RequestOut>> {
    answer(&state, &user, &raw, true).await
}

/// Declines a request to the caller, quietly (no e-mail; the asker sees it declined). The recipient only (anyone else: 404); a request no longer open is refused with 409.
#[utoipa::path(post, path = "/v1/peer-requests/{id}/decline", operation_id = "declinePeerRequest", tag = "peers", params(("id" = uuid::Uuid, Path, description = "Id of the request.")),
    responses((status = 200, description = "The request, now declined.", body = RequestOut),
        (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn decline_request(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<RequestOut>> {
    answer(&state, &user, &raw, false).await
}
