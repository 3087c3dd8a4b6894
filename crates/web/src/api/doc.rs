//! What every part of the OpenAPI document shares: the document's head (info, tags, security
//! scheme), the error body and the error responses, and the schemas of the domain's codes.
//!
//! A leaf module: the areas use it to document their handlers, and only `api/mod.rs` gathers the
//! areas into the document, so no area depends on another through the document.
//!
//! Codes (kinds, statuses, modes, ...) are the domain's enumerations, serialised by the domain;
//! their schemas list the values of each enumeration's `ALL` constant through serde, so a new
//! value appears in the document without editing this file. utoipa is kept out of the domain
//! crate; these marker types carry the schemas instead (`#[schema(value_type = codes::Mode)]`).

use super::error::MAX_JSON_BYTES;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{RefOr, Response, schema::Schema};
use utoipa::{Modify, OpenApi, ToSchema};

/// The serialised names of an enumeration's values, as the API writes them.
pub(crate) fn names<T: Serialize>(all: &[T]) -> Value {
    Value::Array(
        all.iter()
            .map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
            .collect(),
    )
}

/// A schema written as JSON (utoipa's types deserialise from the document's own form).
pub(crate) fn schema(v: Value) -> RefOr<Schema> {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("schema: {e}"))
}

/// The error body every failure has (`{"error": {"code", "message", "fields"}}`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code: unauthenticated, forbidden, not_found, validation, conflict, refused, payload_too_large, bad_request, malformed_json, unsupported_media_type, method_not_allowed, internal, too_many_requests, busy, setup.required.
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// One field at fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldError {
    /// The field (or query parameter) at fault; nested fields are dotted, e.g. `rules.session_cap`.
    pub field: String,
    /// Stable code of the problem (a translation key), e.g. `error.email_taken`.
    pub code: String,
    pub message: String,
}

/// Error responses shared by the operations, as components (`#/components/responses/<name>`).
macro_rules! error_responses {
    ($($name:ident => $description:expr),* $(,)?) => {$(
        #[doc = $description]
        pub struct $name;

        impl<'r> utoipa::ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Response>) {
                let mut r = json!({
                    "description": $description,
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
                });
                if matches!(stringify!($name), "TooManyRequests" | "Busy") {
                    r["headers"] = json!({ "Retry-After": {
                        "schema": { "type": "integer" },
                        "description": "Seconds to wait before trying again.",
                    } });
                }
                if stringify!($name) == "Unauthenticated" {
                    r["headers"] = json!({ "WWW-Authenticate": {
                        "schema": { "type": "string" },
                        "description": "`Bearer realm=\"tandem\"`, with `error=\"invalid_token\"` when a token was sent.",
                    } });
                }
                (stringify!($name), serde_json::from_value(r).unwrap_or_else(|e| panic!("response: {e}")))
            }
        }
    )*};
}

error_responses! {
    BadRequest => "The request cannot be read (malformed JSON or query string).",
    Unauthenticated => "No bearer token, or not a valid one.",
    Forbidden => "The caller's roles do not allow this.",
    NotFound => "No such resource, or one the caller may not know of.",
    TooLarge => "The body is larger than allowed.",
    UnsupportedMediaType => "The body's content type is not accepted here.",
    Invalid => "Some values are not valid; `fields` names each one.",
    Conflict => "Refused because of the state of things (a deadline passed, the data changed since it was read, a limit is reached); `message` says why. Nothing was changed.",
    Internal => "Something went wrong on the server; it has been logged.",
    TooManyRequests => "Too many requests from this client or for this account (code `too_many_requests`); nothing was done. `Retry-After` says when to try again.",
    Busy => "The server is at its limit for password checks (code `busy`); nothing was done. `Retry-After` says when to try again.",
    SetupRequired => "The database holds no scheme yet (code `setup.required`): an administrator sets it up first, on the set-up page or with `tandem init`.",
}

/// The document's head; the areas' routers add the paths and the schemas they use.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tandem API",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    servers((url = "/")),
    security(("bearerAuth" = [])),
    tags(
        (name = "meta"), (name = "scheme"), (name = "organisations"), (name = "programmes"),
        (name = "intakes"), (name = "people"), (name = "applications"), (name = "mentors"),
        (name = "matching"), (name = "relationships"), (name = "sessions"), (name = "sets"),
        (name = "growth"), (name = "peers"), (name = "pairs"), (name = "settings"), (name = "notices"),
        (name = "evaluation"),
        (name = "surveys"),
        (name = "registration"),
        (name = "audit"),
        (name = "tokens"),
        (name = "exports"),
    ),
    components(
        schemas(ErrorBody, ErrorDetail, FieldError),
        responses(BadRequest, Unauthenticated, Forbidden, NotFound, TooLarge, UnsupportedMediaType, Invalid, Conflict, Internal, TooManyRequests, Busy, SetupRequired),
    ),
    modifiers(&Head),
)]
pub struct ApiDoc;

/// What the derive cannot write: the description (it names a constant) and the bearer scheme.
struct Head;

impl Modify for Head {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        doc.info.version = env!("CARGO_PKG_VERSION").into();
        doc.info.description = Some(format!(
            "Tandem's JSON API: the scheme, organisations, programmes and intakes, and people with import and export.\n\n\
    Authenticate with `Authorization: Bearer <token>`; cookies are not accepted. Every error has the body \
    `{{\"error\": {{\"code\", \"message\", \"fields\": [{{\"field\", \"code\", \"message\"}}]}}}}`. Dates are ISO 8601 (`YYYY-MM-DD`). \
    JSON bodies may be at most {MAX_JSON_BYTES} bytes; unknown fields in them are ignored."
        ));
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description = Some("An API token created by a signed-in user.".into());
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearerAuth", SecurityScheme::Http(bearer));
    }
}

/// A limit the use cases enforce on a field, written into the document: schema, property,
/// JSON Schema keyword (`maxLength`, `minimum`, `maximum`, `maxItems`) and value. utoipa's
/// attributes take only literals, and these limits are the domain's constants, so the areas list
/// them beside their types instead. `maxLength` on an array property bounds its items.
pub(crate) type Bound = (&'static str, &'static str, &'static str, u64);

/// Finishes the document the router collected: paths get the `/api` prefix the router is mounted
/// at, and every operation gets the responses that follow from how it is reached rather than from
/// what it does, so that no handler can forget them:
/// - every operation but the document itself needs a token: `401`, and `500`; and answers
///   `503` while the database holds no scheme;
/// - every operation that reads a JSON body (through `ApiJson`): `400`, `413`, `415` and `422`.
///
/// It also writes the [`Bound`]s the areas list.
pub(crate) fn finish(doc: utoipa::openapi::OpenApi, bounds: &[Bound]) -> Value {
    let mut v = serde_json::to_value(doc).unwrap_or_else(|e| panic!("document: {e}"));
    for (schema, property, keyword, value) in bounds {
        let mut at = format!("/components/schemas/{schema}/properties/{property}");
        if keyword.ends_with("Length") && v.pointer(&format!("{at}/items")).is_some() {
            at.push_str("/items");
        }
        let target = v
            .pointer_mut(&at)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("bound on {schema}.{property}: no such property"));
        target.insert((*keyword).to_string(), json!(value));
    }
    let paths = v["paths"].as_object().cloned().unwrap_or_default();
    let mut prefixed = serde_json::Map::new();
    for (path, mut item) in paths {
        if let Some(ops) = item.as_object_mut() {
            for op in ops.values_mut() {
                // `security(())` is written `[{}]` (anonymous allowed); the document needs none.
                if op.get("security") == Some(&json!([{}])) {
                    op["security"] = json!([]);
                }
                let public = op.get("security") == Some(&json!([]));
                let json_body = op
                    .pointer("/requestBody/content/application~1json")
                    .is_some();
                let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                    continue;
                };
                let mut add = |status: &str, name: &str| {
                    responses.entry(status.to_string()).or_insert_with(
                        || json!({ "$ref": format!("#/components/responses/{name}") }),
                    );
                };
                if json_body {
                    add("400", "BadRequest");
                    add("413", "TooLarge");
                    add("415", "UnsupportedMediaType");
                    add("422", "Invalid");
                }
                if !public {
                    add("401", "Unauthenticated");
                    add("500", "Internal");
                    add("503", "SetupRequired");
                }
            }
        }
        prefixed.insert(format!("/api{path}"), item);
    }
    v["paths"] = Value::Object(prefixed);
    v
}

/// Schemas of the domain's codes, from their `ALL` constants.
pub mod codes {
    use super::{names, schema};
    use serde_json::json;
    use std::borrow::Cow;
    use utoipa::openapi::{RefOr, schema::Schema};

    macro_rules! codes {
        ($($(#[doc = $doc:expr])* $name:ident = $all:expr),* $(,)?) => {$(
            $(#[doc = $doc])*
            pub struct $name;

            impl utoipa::PartialSchema for $name {
                fn schema() -> RefOr<Schema> {
                    let mut s = json!({ "type": "string", "enum": names(&$all) });
                    let doc: &[&str] = &[$($doc),*];
                    if !doc.is_empty() {
                        s["description"] = doc.join("\n").trim().into();
                    }
                    schema(s)
                }
            }

            impl utoipa::ToSchema for $name {
                fn name() -> Cow<'static, str> {
                    Cow::Borrowed(stringify!($name))
                }
            }
        )*};
    }

    use tandem_domain as d;
    codes! {
        OrganisationKind = d::OrganisationKind::ALL,
        /// ISO 3166-1 alpha-2.
        Country = d::Country::ALL,
        ProgrammeKind = d::ProgrammeKind::ALL,
        Mode = d::Mode::ALL,
        GradeSystem = d::GradeSystem::ALL,
        /// BCP 47 tag.
        Language = d::Language::ALL,
        /// IANA name.
        TimeZone = d::TimeZone::ALL,
        ApplicationRole = d::ApplicationRole::ALL,
        /// A scoped role (see docs/roles.md).
        Role = d::Role::ALL,
        ApplicationStatus = d::ApplicationStatus::ALL,
        /// Whether an address is a work or a personal one.
        EmailKind = d::EmailKind::ALL,
        FrameworkDimension = d::FrameworkDimension::ALL,
        QuestionKind = d::QuestionKind::ALL,
        /// Paused and withdrawn mentors keep their current mentees and are not matched with new ones.
        MentorStatus = d::MentorStatus::ALL,
        GoalStatus = d::growth::GoalStatus::ALL,
        /// Where a conversation request stands (`unavailable`: the recipient left the directory while it was open).
        PeerRequestStatus = d::peers::PeerRequestStatus::ALL,
        /// The kind of appraisal conversation a goal came from.
        AppraisalKind = d::appraisal::AppraisalKind::ALL,
        /// Where a summary shared with a line manager stands.
        SummaryStatus = d::appraisal::SummaryStatus::ALL,
        Level = d::Level::ALL,
        RelationshipStatus = d::RelationshipStatus::ALL,
        RelationshipKind = [d::RelationshipKind::Mentoring, d::RelationshipKind::Pair, d::RelationshipKind::Set],
        FitCheck = d::FitCheck::ALL,
        PinKind = [d::PinKind::Lock, d::PinKind::Forbid],
        RunStatus = [d::RunStatus::Draft, d::RunStatus::Published, d::RunStatus::Superseded],
        OfferResponse = [d::OfferResponse::Pending, d::OfferResponse::Accepted, d::OfferResponse::Declined],
        AgreementKind = [d::AgreementKind::Mentoring, d::AgreementKind::Reciprocal, d::AgreementKind::SetContract],
        UnmatchedReason = [
            d::UnmatchedReason::NoEligiblePartner, d::UnmatchedReason::NoCapacity,
            d::UnmatchedReason::MentorUnavailable, d::UnmatchedReason::PartnersPlacedElsewhere,
            d::UnmatchedReason::DidNotRank, d::UnmatchedReason::TooFewForSet,
            d::UnmatchedReason::BlockedByRules,
            d::UnmatchedReason::MentorBelowMinimum,
        ],
        /// Why a mentor ended below the programme's minimum load.
        BelowMinReason = d::BelowMinReason::ALL,
        BookingStatus = d::sessions::BookingStatus::ALL,
        ActionStatus = d::sets::ActionStatus::ALL,
        CpdSource = [d::growth::CpdSource::Session, d::growth::CpdSource::Activity],
        Decision = [
            tandem_app::applications::Decision::Approve,
            tandem_app::applications::Decision::WaitingList,
            tandem_app::applications::Decision::Decline,
        ],
    }

    /// An answer to a question of an application form.
    pub struct Answer;

    impl utoipa::PartialSchema for Answer {
        fn schema() -> RefOr<Schema> {
            schema(json!({ "oneOf": [
                { "type": "string", "description": "Text, or the chosen option of a single choice." },
                { "type": "integer", "minimum": 1, "maximum": 10, "description": "A point of a scale." },
                { "type": "array", "items": { "type": "string" }, "description": "The chosen options of a multiple choice." },
            ] }))
        }
    }

    impl utoipa::ToSchema for Answer {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed("Answer")
        }
    }

    /// A half-day of the week: day (mon…sun) and part (am, pm, eve).
    pub struct Slot;

    impl utoipa::PartialSchema for Slot {
        fn schema() -> RefOr<Schema> {
            let all: Vec<String> = d::Slot::all().map(|s| s.code()).collect();
            schema(
                json!({ "type": "string", "enum": all, "description": "A half-day of the week: day (mon…sun) and part (am, pm, eve)." }),
            )
        }
    }

    impl utoipa::ToSchema for Slot {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed("Slot")
        }
    }
}
