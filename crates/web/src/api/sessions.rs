//! API of relationships in motion: sessions (propose, confirm, reschedule, cancel, mark held),
//! private notes (their author's alone), `.ics` files and the caller's calendar feed.
//!
//! Refusals caused by the state of things (the cap reached, an overlap, too late to cancel, a
//! stale view) are `409` with the reason in `message`; they change nothing.

use super::auth::ApiUser;
use super::error::{ApiError, ApiJson, ApiResult, MAX_JSON_BYTES};
use super::openapi::{array_of, date, id_param, input, json_body, names, object, ok, op, r, uuid};
use crate::{AppError, AppState};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::str::FromStr;
use tandem_app::sessions::{self as svc, Action, BookingInput};
use tandem_domain::Mode;
use tandem_domain::sessions::{Booking, BookingStatus};

/// This area's routes (paths below `/api`).
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let json = || DefaultBodyLimit::max(MAX_JSON_BYTES);
    vec![
        (
            "/v1/relationships/{id}/bookings",
            get(list).post(propose).layer(json()),
        ),
        ("/v1/sessions/{id}", get(one)),
        ("/v1/sessions/{id}/confirm", post(confirm).layer(json())),
        (
            "/v1/sessions/{id}/reschedule",
            post(reschedule).layer(json()),
        ),
        ("/v1/sessions/{id}/cancel", post(cancel).layer(json())),
        ("/v1/sessions/{id}/held", post(held).layer(json())),
        (
            "/v1/sessions/{id}/note",
            get(note).put(put_note).layer(json()),
        ),
        ("/v1/sessions/{id}/calendar.ics", get(ics)),
        ("/v1/calendar-feed", post(new_feed)),
    ]
}

fn id<T: FromStr>(raw: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::App(AppError::NotFound))
}

async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<svc::SessionsView>> {
    Ok(Json(
        svc::overview(&state.app, user.actor(), id(&raw)?).await?,
    ))
}

async fn propose(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<BookingInput>,
) -> ApiResult<(StatusCode, Json<Booking>)> {
    let b = svc::propose(&state.app, user.actor(), id(&raw)?, body).await?;
    Ok((StatusCode::CREATED, Json(b)))
}

async fn one(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Json<Booking>> {
    Ok(Json(svc::get(&state.app, user.actor(), id(&raw)?).await?))
}

/// The sequence the caller saw (a stale view is refused).
#[derive(Debug, Default, Deserialize)]
struct Seen {
    sequence: Option<u32>,
}

async fn confirm(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<Seen>,
) -> ApiResult<Json<Booking>> {
    let b = svc::act(
        &state.app,
        user.actor(),
        id(&raw)?,
        body.sequence,
        Action::Confirm,
    )
    .await?;
    Ok(Json(b))
}

#[derive(Debug, Default, Deserialize)]
struct RescheduleIn {
    sequence: Option<u32>,
    #[serde(flatten)]
    booking: BookingInput,
}

async fn reschedule(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<RescheduleIn>,
) -> ApiResult<Json<Booking>> {
    let action = Action::Reschedule(body.booking);
    let b = svc::act(&state.app, user.actor(), id(&raw)?, body.sequence, action).await?;
    Ok(Json(b))
}

async fn cancel(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<Seen>,
) -> ApiResult<Json<Booking>> {
    let b = svc::act(
        &state.app,
        user.actor(),
        id(&raw)?,
        body.sequence,
        Action::Cancel,
    )
    .await?;
    Ok(Json(b))
}

#[derive(Debug, Default, Deserialize)]
struct HeldIn {
    sequence: Option<u32>,
    #[serde(default)]
    topics: String,
    #[serde(default)]
    action_points: String,
}

async fn held(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<HeldIn>,
) -> ApiResult<Json<Booking>> {
    let action = Action::Held {
        topics: body.topics,
        action_points: body.action_points,
    };
    let b = svc::act(&state.app, user.actor(), id(&raw)?, body.sequence, action).await?;
    Ok(Json(b))
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct NoteBody {
    note: String,
}

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

async fn put_note(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<NoteBody>,
) -> ApiResult<StatusCode> {
    svc::save_note(&state.app, user.actor(), id(&raw)?, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn ics(
    State(state): State<AppState>,
    user: ApiUser,
    Path(raw): Path<String>,
) -> ApiResult<Response> {
    let text = svc::ics(&state.app, user.actor(), id(&raw)?).await?;
    Ok(([(CONTENT_TYPE, "text/calendar; charset=utf-8")], text).into_response())
}

#[derive(Serialize)]
struct FeedOut {
    /// Path of the feed below the site's address; shown once (only its hash is stored).
    path: String,
}

async fn new_feed(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<FeedOut>> {
    let token = svc::new_feed_token(&state.app, user.actor()).await?;
    Ok(Json(FeedOut {
        path: format!("/calendar/{token}.ics"),
    }))
}

// ----- OpenAPI -------------------------------------------------------------------------------

/// This area's OpenAPI paths (with the `/api` prefix).
pub(super) fn paths() -> Map<String, Value> {
    let write = ["400", "403", "404", "409", "413", "415", "422"];
    let rel = || vec![id_param("relationship")];
    let ses = || vec![id_param("session")];
    let v = json!({
        "/api/v1/relationships/{id}/bookings": {
            "get": op("listBookings", "sessions", "The relationship's sessions (any status) for a member, with local times, caps used, the notice and the other members' availability.",
                rel(), None, ("200", ok("The sessions.", r("SessionsView"))), &["404"]),
            "post": op("proposeSession", "sessions", "Proposes a session at a local date and time (the caller's organisation's zone). Refused (409) beyond the cap or overlapping another session of either member; 422 in the past.",
                rel(), Some(json_body("BookingInput")), ("201", ok("The proposed session.", r("Booking"))), &write),
        },
        "/api/v1/sessions/{id}": {
            "get": op("getSession", "sessions", "One session (members only).",
                ses(), None, ("200", ok("The session.", r("Booking"))), &["404"]),
        },
        "/api/v1/sessions/{id}/confirm": {
            "post": op("confirmSession", "sessions", "The other member confirms a proposal (checked against the caps again).",
                ses(), Some(json_body("Seen")), ("200", ok("The session.", r("Booking"))), &write),
        },
        "/api/v1/sessions/{id}/reschedule": {
            "post": op("rescheduleSession", "sessions", "Moves a session: back to proposed, SEQUENCE raised. Refused within the agreed notice.",
                ses(), Some(json_body("RescheduleInput")), ("200", ok("The session.", r("Booking"))), &write),
        },
        "/api/v1/sessions/{id}/cancel": {
            "post": op("cancelSession", "sessions", "Cancels a session. Refused within the agreement's cancellation notice.",
                ses(), Some(json_body("Seen")), ("200", ok("The session.", r("Booking"))), &write),
        },
        "/api/v1/sessions/{id}/held": {
            "post": op("markSessionHeld", "sessions", "Marks a confirmed session that has started as held, with its topics and shared action points.",
                ses(), Some(json_body("HeldInput")), ("200", ok("The session.", r("Booking"))), &write),
        },
        "/api/v1/sessions/{id}/note": {
            "get": op("getSessionNote", "sessions", "The caller's own private note on the session (never anyone else's).",
                ses(), None, ("200", ok("The note.", r("SessionNote"))), &["404"]),
            "put": op("putSessionNote", "sessions", "Saves the caller's private note (readable by them alone; empty deletes it).",
                ses(), Some(json_body("SessionNote")), ("204", json!({ "description": "Saved." })), &write),
        },
        "/api/v1/sessions/{id}/calendar.ics": {
            "get": op("getSessionCalendar", "sessions", "The session as an RFC 5545 calendar (text/calendar): stable UID, SEQUENCE, DTSTAMP, UTC times.",
                ses(), None, ("200", json!({ "description": "The calendar.", "content": { "text/calendar": { "schema": { "type": "string" } } } })), &["404"]),
        },
        "/api/v1/calendar-feed": {
            "post": op("newCalendarFeed", "sessions", "Makes a new secret calendar feed address for the caller; the previous one stops working. Shown once.",
                vec![], None, ("200", ok("The feed's path.", r("CalendarFeed"))), &[]),
        },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// This area's OpenAPI schemas.
pub(super) fn schemas() -> Map<String, Value> {
    let modes = json!({ "type": "string", "enum": [Mode::Telephone.code(), Mode::Video.code(), Mode::InPerson.code()] });
    let booking_props = json!({
        "date": date(), "start": { "type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "description": "Local time in the caller's organisation's zone." },
        "minutes": { "type": "integer", "minimum": 1, "maximum": 600 }, "mode": modes,
        "link": { "type": "string", "description": "Video sessions: the link (http or https)." },
        "place": { "type": "string", "description": "Sessions in person: where." },
    });
    let mut reschedule = booking_props.clone();
    reschedule["sequence"] = json!({ "type": "integer" });
    let v = json!({
        "Booking": object(json!({
            "id": uuid(), "relationship_id": uuid(),
            "status": { "type": "string", "enum": names(&BookingStatus::ALL) },
            "starts_at": { "type": ["string", "null"], "format": "date-time" }, "held_on": date(),
            "minutes": { "type": "integer" }, "mode": { "type": "string" }, "link": { "type": "string" }, "place": { "type": "string" },
            "proposed_by": { "type": ["string", "null"] }, "sequence": { "type": "integer" },
            "topics": { "type": "string" }, "action_points": { "type": "string" },
            "logged_by": { "type": ["string", "null"] }, "updated_at": { "type": "string", "format": "date-time" },
        })),
        "SessionsView": { "type": "object", "description": "The relationship, the zone, each session with local times, what the caller may do and the caller's own note, caps used and the other members' availability.",
            "properties": { "zone": { "type": "string" }, "sessions": array_of(json!({ "type": "object" })), "used": { "type": "integer" }, "minutes_used": { "type": "integer" } } },
        "BookingInput": input(booking_props, &["date", "start", "minutes", "mode"]),
        "RescheduleInput": input(reschedule, &["date", "start", "minutes", "mode"]),
        "Seen": input(json!({ "sequence": { "type": "integer", "description": "The session's sequence the caller saw." } }), &[]),
        "HeldInput": input(json!({ "sequence": { "type": "integer" }, "topics": { "type": "string" }, "action_points": { "type": "string" } }), &[]),
        "SessionNote": input(json!({ "note": { "type": "string", "description": "Private to the caller." } }), &["note"]),
        "CalendarFeed": object(json!({ "path": { "type": "string" } })),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
