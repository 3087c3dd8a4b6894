//! API of relationships in motion: sessions (propose, confirm, reschedule, cancel, mark held),
//! private notes (their author's alone), `.ics` files and the caller's calendar feed.
//!
//! Refusals caused by the state of things (the cap reached, an overlap, too late to cancel, a
//! stale view) are `409` with the reason in `message`; they change nothing.

use super::auth::ApiUser;
use super::doc::{self, codes};
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::wire::RelationshipOut;
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use tandem_app::sessions::{self as svc, Action, BookingInput};
use tandem_domain::sessions::{Booking, BookingStatus};
use tandem_domain::{Mode, PersonId, RelationshipId, SessionId, Slot};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, propose))
        .routes(routes!(one))
        .routes(routes!(confirm))
        .routes(routes!(reschedule))
        .routes(routes!(cancel))
        .routes(routes!(held))
        .routes(routes!(note, put_note))
        .routes(routes!(ics))
        .routes(routes!(new_feed))
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
}

// ----- bodies --------------------------------------------------------------------------------

/// A session as stored: proposed, confirmed, held or cancelled.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Booking)]
struct BookingOut {
    #[schema(value_type = uuid::Uuid)]
    id: SessionId,
    #[schema(value_type = uuid::Uuid)]
    relationship_id: RelationshipId,
    #[schema(value_type = codes::BookingStatus)]
    status: BookingStatus,
    #[schema(required = true)]
    starts_at: Option<DateTime<Utc>>,
    held_on: NaiveDate,
    minutes: u32,
    #[schema(value_type = codes::Mode)]
    mode: Mode,
    link: String,
    place: String,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    proposed_by: Option<PersonId>,
    /// Raised on every change (the calendar's SEQUENCE).
    sequence: u32,
    topics: String,
    action_points: String,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    logged_by: Option<PersonId>,
    updated_at: DateTime<Utc>,
}

impl From<Booking> for BookingOut {
    fn from(b: Booking) -> Self {
        BookingOut {
            id: b.id,
            relationship_id: b.relationship_id,
            status: b.status,
            starts_at: b.starts_at,
            held_on: b.held_on,
            minutes: b.minutes,
            mode: b.mode,
            link: b.link,
            place: b.place,
            proposed_by: b.proposed_by,
            sequence: b.sequence,
            topics: b.topics,
            action_points: b.action_points,
            logged_by: b.logged_by,
            updated_at: b.updated_at,
        }
    }
}

/// One session as a member sees it: the session, its local times and what they may do.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SessionView)]
struct SessionViewOut {
    #[serde(flatten)]
    session: BookingOut,
    /// Start and end in the viewer's zone ("YYYY-MM-DD HH:MM"), when booked with a time.
    #[schema(required = true)]
    local_start: Option<String>,
    #[schema(required = true)]
    local_end: Option<String>,
    /// A proposal by the other member, which the viewer may confirm.
    can_confirm: bool,
    /// Confirmed and started, so it can be marked held.
    can_mark_held: bool,
    /// Live and in the future, so it can still be moved or cancelled.
    can_change: bool,
    /// The viewer's own private note.
    #[schema(required = true)]
    my_note: Option<String>,
}

/// Another member's stated availability.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Availability)]
struct AvailabilityOut {
    name: String,
    #[schema(value_type = Vec<codes::Slot>)]
    slots: Vec<Slot>,
}

/// The relationship, the zone, each session with local times, what the caller may do and the caller's own note, caps used and the other members' availability.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SessionsView)]
struct SessionsViewOut {
    relationship: RelationshipOut,
    programme_name: String,
    /// The caller's organisation's time zone (IANA name).
    zone: String,
    sessions: Vec<SessionViewOut>,
    /// Confirmed and held sessions (those the caps count).
    used: u32,
    minutes_used: u32,
    #[schema(required = true)]
    session_cap: Option<u32>,
    #[schema(required = true)]
    minutes_cap: Option<u32>,
    #[schema(value_type = Vec<codes::Mode>)]
    modes: Vec<Mode>,
    /// Hours before a session within which it can no longer be moved or cancelled.
    notice_hours: u32,
    partners: Vec<AvailabilityOut>,
    /// A live mentoring relationship or pair, where sessions can be booked.
    can_book: bool,
}

impl From<svc::SessionsView> for SessionsViewOut {
    fn from(v: svc::SessionsView) -> Self {
        SessionsViewOut {
            relationship: v.relationship.into(),
            programme_name: v.programme_name,
            zone: v.zone.to_string(),
            sessions: v
                .sessions
                .into_iter()
                .map(|s| SessionViewOut {
                    session: s.session.into(),
                    local_start: s.local_start,
                    local_end: s.local_end,
                    can_confirm: s.can_confirm,
                    can_mark_held: s.can_mark_held,
                    can_change: s.can_change,
                    my_note: s.my_note,
                })
                .collect(),
            used: v.used,
            minutes_used: v.minutes_used,
            session_cap: v.session_cap,
            minutes_cap: v.minutes_cap,
            modes: v.modes,
            notice_hours: v.notice_hours,
            partners: v
                .partners
                .into_iter()
                .map(|p| AvailabilityOut {
                    name: p.name,
                    slots: p.slots,
                })
                .collect(),
            can_book: v.can_book,
        }
    }
}

/// A session to propose, or where to move one: a local date and start time in the caller's
/// organisation's zone.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = BookingInput)]
struct BookingIn {
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    date: Option<NaiveDate>,
    /// Local time, "HH:MM".
    #[schema(pattern = "^[0-2][0-9]:[0-5][0-9]$")]
    start: Option<String>,
    #[schema(minimum = 1, maximum = 600)]
    minutes: Option<u32>,
    #[schema(value_type = Option<codes::Mode>)]
    mode: Option<Mode>,
    /// Video sessions: the link (http or https).
    #[serde(default)]
    link: Option<String>,
    /// Sessions in person: where.
    #[serde(default)]
    place: Option<String>,
}

impl From<BookingIn> for BookingInput {
    fn from(b: BookingIn) -> Self {
        BookingInput {
            date: b.date,
            start: b.start,
            minutes: b.minutes,
            mode: b.mode,
            link: b.link,
            place: b.place,
        }
    }
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

/// The relationship's sessions (any status) for a member, with local times, caps used, the notice and the other members' availability.
#[utoipa::path(get, path = "/v1/relationships/{id}/bookings", operation_id = "listBookings", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")),
    responses((status = 200, description = "The sessions.", body = SessionsViewOut), (status = 404, response = doc::NotFound)))]
async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<SessionsViewOut>> {
    Ok(Json(
        svc::overview(&state.app, user.actor(), id(&raw)?)
            .await?
            .into(),
    ))
}

/// Proposes a session at a local date and time (the caller's organisation's zone). Refused (409) beyond the cap or overlapping another session of either member; 422 in the past.
#[utoipa::path(post, path = "/v1/relationships/{id}/bookings", operation_id = "proposeSession", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the relationship.")), request_body = BookingIn,
    responses((status = 201, description = "The proposed session.", body = BookingOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn propose(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<BookingIn>,
) -> ApiResult<(StatusCode, Json<BookingOut>)> {
    let b = svc::propose(&state.app, user.actor(), id(&raw)?, body.into()).await?;
    Ok((StatusCode::CREATED, Json(b.into())))
}

/// One session (members only).
#[utoipa::path(get, path = "/v1/sessions/{id}", operation_id = "getSession", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")),
    responses((status = 200, description = "The session.", body = BookingOut), (status = 404, response = doc::NotFound)))]
async fn one(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<BookingOut>> {
    Ok(Json(
        svc::get(&state.app, user.actor(), id(&raw)?).await?.into(),
    ))
}

/// The sequence the caller saw (a stale view is refused).
#[derive(Debug, Default, Deserialize, ToSchema)]
struct Seen {
    /// The session's sequence the caller saw.
    sequence: Option<u32>,
}

/// The other member confirms a proposal (checked against the caps again).
#[utoipa::path(post, path = "/v1/sessions/{id}/confirm", operation_id = "confirmSession", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")), request_body = Seen,
    responses((status = 200, description = "The session.", body = BookingOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn confirm(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<Seen>,
) -> ApiResult<Json<BookingOut>> {
    let b = svc::act(
        &state.app,
        user.actor(),
        id(&raw)?,
        body.sequence,
        Action::Confirm,
    )
    .await?;
    Ok(Json(b.into()))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = RescheduleInput)]
struct RescheduleIn {
    sequence: Option<u32>,
    #[serde(flatten)]
    booking: BookingIn,
}

/// Moves a session: back to proposed, SEQUENCE raised. Refused within the agreed notice.
#[utoipa::path(post, path = "/v1/sessions/{id}/reschedule", operation_id = "rescheduleSession", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")), request_body = RescheduleIn,
    responses((status = 200, description = "The session.", body = BookingOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn reschedule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RescheduleIn>,
) -> ApiResult<Json<BookingOut>> {
    let action = Action::Reschedule(body.booking.into());
    let b = svc::act(&state.app, user.actor(), id(&raw)?, body.sequence, action).await?;
    Ok(Json(b.into()))
}

/// Cancels a session. Refused within the agreement's cancellation notice.
#[utoipa::path(post, path = "/v1/sessions/{id}/cancel", operation_id = "cancelSession", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")), request_body = Seen,
    responses((status = 200, description = "The session.", body = BookingOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn cancel(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<Seen>,
) -> ApiResult<Json<BookingOut>> {
    let b = svc::act(
        &state.app,
        user.actor(),
        id(&raw)?,
        body.sequence,
        Action::Cancel,
    )
    .await?;
    Ok(Json(b.into()))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = HeldInput)]
struct HeldIn {
    sequence: Option<u32>,
    #[serde(default)]
    topics: String,
    #[serde(default)]
    action_points: String,
}

/// Marks a confirmed session that has started as held, with its topics and shared action points.
#[utoipa::path(post, path = "/v1/sessions/{id}/held", operation_id = "markSessionHeld", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")), request_body = HeldIn,
    responses((status = 200, description = "The session.", body = BookingOut), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn held(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<HeldIn>,
) -> ApiResult<Json<BookingOut>> {
    let action = Action::Held {
        topics: body.topics,
        action_points: body.action_points,
    };
    let b = svc::act(&state.app, user.actor(), id(&raw)?, body.sequence, action).await?;
    Ok(Json(b.into()))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[schema(as = SessionNote)]
struct NoteBody {
    /// Private to the caller.
    note: String,
}

/// The caller's own private note on the session (never anyone else's).
#[utoipa::path(get, path = "/v1/sessions/{id}/note", operation_id = "getSessionNote", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")),
    responses((status = 200, description = "The note.", body = NoteBody), (status = 404, response = doc::NotFound)))]
async fn note(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<NoteBody>> {
    let note = svc::own_note(&state.app, user.actor(), id(&raw)?).await?;
    Ok(Json(NoteBody {
        note: note.unwrap_or_default(),
    }))
}

/// Saves the caller's private note (readable by them alone; empty deletes it).
#[utoipa::path(put, path = "/v1/sessions/{id}/note", operation_id = "putSessionNote", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")), request_body = NoteBody,
    responses((status = 204, description = "Saved."), (status = 403, response = doc::Forbidden), (status = 404, response = doc::NotFound), (status = 409, response = doc::Conflict)))]
async fn put_note(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<NoteBody>,
) -> ApiResult<StatusCode> {
    svc::save_note(&state.app, user.actor(), id(&raw)?, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The session as an RFC 5545 calendar (text/calendar): stable UID, SEQUENCE, DTSTAMP, UTC times.
#[utoipa::path(get, path = "/v1/sessions/{id}/calendar.ics", operation_id = "getSessionCalendar", tag = "sessions", params(("id" = uuid::Uuid, Path, description = "Id of the session.")),
    responses((status = 200, description = "The calendar.", content_type = "text/calendar", body = String), (status = 404, response = doc::NotFound)))]
async fn ics(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Response> {
    let text = svc::ics(&state.app, user.actor(), id(&raw)?).await?;
    Ok(([(CONTENT_TYPE, "text/calendar; charset=utf-8")], text).into_response())
}

#[derive(Serialize, ToSchema)]
#[schema(as = CalendarFeed)]
struct FeedOut {
    /// Path of the feed below the site's address; shown once (only its hash is stored).
    path: String,
}

/// Makes a new secret calendar feed address for the caller; the previous one stops working. Shown once.
#[utoipa::path(post, path = "/v1/calendar-feed", operation_id = "newCalendarFeed", tag = "sessions",
    responses((status = 200, description = "The feed's path.", body = FeedOut)))]
async fn new_feed(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<FeedOut>> {
    let token = svc::new_feed_token(&state.app, user.actor()).await?;
    Ok(Json(FeedOut {
        path: format!("/calendar/{token}.ics"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::tests::{same_input, same_output};
    use serde_json::json;

    #[test]
    fn bookings_are_written_and_read_as_before() {
        let id = "0192f3a4-5b6c-7d8e-9f00-112233445566";
        same_output::<Booking, BookingOut>(json!({
            "id": id, "relationship_id": id, "status": "confirmed", "starts_at": "2026-03-01T09:30:00Z",
            "held_on": "2026-03-01", "minutes": 60, "mode": "video", "link": "https://x", "place": "",
            "proposed_by": id, "sequence": 2, "topics": "", "action_points": "", "logged_by": null,
            "updated_at": "2026-03-01T09:30:00Z" }));
        same_input::<BookingIn, BookingInput>(
            json!({ "date": "2026-03-01", "start": "09:30", "minutes": 60, "mode": "in_person", "place": "Room 4" }),
        );
        same_input::<BookingIn, BookingInput>(json!({}));
        same_input::<BookingIn, BookingInput>(json!({ "minutes": "an hour" }));
    }
}
