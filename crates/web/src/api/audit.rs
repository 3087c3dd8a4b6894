//! API of the audit log (administrators): `GET /v1/audit`, newest first, with the page's
//! filters, keyset pagination both ways and a total counted up to 1,000. Handlers only translate; `tandem_app::audit_log` decides.

use super::auth::ApiUser;
use super::doc;
use super::error::{ApiError, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tandem_app::audit_log::{self, AuditPage, AuditQuery};
use tandem_domain::PersonId;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This area's routes and their documentation (paths below `/api`).
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[derive(Deserialize)]
struct AuditParams {
    action: Option<String>,
    actor: Option<PersonId>,
    subject: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    before: Option<i64>,
    after: Option<i64>,
}

/// One audit entry: ids and codes only.
#[derive(Serialize, ToSchema)]
pub struct AuditEntryOut {
    /// Its position in the hash chain (1, 2, 3, …).
    pub seq: i64,
    pub id: String,
    pub at: DateTime<Utc>,
    /// Who acted (none: the system, or nobody signed in).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub actor: Option<PersonId>,
    /// The actor's name, when the caller may see that person.
    pub actor_name: Option<String>,
    /// The action's code, e.g. `person.update`.
    pub action: String,
    /// What it was done to: an id or a code.
    pub subject: String,
    /// Further ids and codes.
    pub detail: String,
}

/// A page of entries.
#[derive(Serialize, ToSchema)]
pub struct AuditPageOut {
    pub entries: Vec<AuditEntryOut>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next: Option<i64>,
    /// Pass as `after` for the previous (newer) page; absent on the newest page.
    pub previous: Option<i64>,
    /// Entries matching the filters when `total_exact`; otherwise 1000: there are more, and the
    /// log does not count further.
    pub total: u64,
    pub total_exact: bool,
}

impl From<AuditPage> for AuditPageOut {
    fn from(p: AuditPage) -> Self {
        AuditPageOut {
            entries: p
                .lines
                .into_iter()
                .map(|l| AuditEntryOut {
                    seq: l.seq,
                    id: l.id,
                    at: l.at,
                    actor: l.actor,
                    actor_name: l.actor_name,
                    action: l.action,
                    subject: l.subject,
                    detail: l.detail,
                })
                .collect(),
            next: p.next,
            previous: p.previous,
            total: p.total,
            total_exact: p.total_exact,
        }
    }
}

/// The audit log, newest first, 50 entries a page (administrators only).
#[utoipa::path(get, path = "/v1/audit", operation_id = "listAuditLog", tag = "audit",
    params(
        ("action" = Option<String>, Query, description = "Only this action code, e.g. `person.update`."),
        ("actor" = Option<String>, Query, format = Uuid, description = "Only entries of this person."),
        ("subject" = Option<String>, Query, description = "Only entries about this id or code."),
        ("from" = Option<String>, Query, format = Date, description = "From this day (UTC), inclusive."),
        ("to" = Option<String>, Query, format = Date, description = "Up to this day (UTC), inclusive."),
        ("before" = Option<i64>, Query, description = "The `next` of the page before: entries older than it."),
        ("after" = Option<i64>, Query, description = "The `previous` of the page after: entries newer than it (ignored with `before`)."),
    ),
    responses((status = 200, description = "One page of entries.", body = AuditPageOut), (status = 400, response = doc::BadRequest), (status = 403, response = doc::Forbidden)))]
async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    params: Result<Query<AuditParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<AuditPageOut>> {
    let Query(p) = params.map_err(|r| ApiError::BadRequest(r.body_text()))?;
    let q = AuditQuery {
        action: p.action,
        actor: p.actor,
        subject: p.subject,
        from: p.from,
        to: p.to,
        before: p.before,
        after: p.after,
    };
    Ok(Json(
        audit_log::browse(&state.app, user.actor(), &q)
            .await?
            .into(),
    ))
}
