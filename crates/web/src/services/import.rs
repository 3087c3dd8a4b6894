//! Importing people from an HR extract (CSV or XLSX): preview first, then one transaction.
//!
//! The preview parses and validates every row against the scheme as it is and writes nothing.
//! When the file is valid, its parsed rows are kept in memory under a random id, for the account
//! that uploaded it and for [`PENDING_MINUTES`]; committing re-validates them against the data as
//! they are *then* (someone may have changed people in between) and applies all creates and
//! updates in one transaction. Keeping the rows in the process means a commit must reach the
//! instance that made the preview; with several instances behind a load balancer, use sticky
//! sessions or re-upload (the preview is cheap).

use super::{audit, authorise};
use crate::{AppError, AppResult, AppState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::{Action, Actor, Employment, OrganisationId, Person, PersonId};
use tandem_people_io::{Format, ParseError, RawRow, RowAction, Snapshot};
use tandem_storage::PersonRecord;

pub use tandem_people_io::Format as ImportFormat;

/// How long a valid preview can be confirmed.
pub const PENDING_MINUTES: i64 = 30;

/// A valid preview waiting for confirmation.
pub struct PendingImport {
    person: PersonId,
    created_at: DateTime<Utc>,
    rows: Vec<RawRow>,
}

/// One problem in one cell, as shown in the preview.
#[derive(Clone, Debug, Serialize)]
pub struct CellError {
    pub column: String,
    /// Translation key.
    pub message: String,
    pub params: Vec<(String, String)>,
}

/// One file row in the preview.
#[derive(Clone, Debug, Serialize)]
pub struct RowView {
    pub line: usize,
    pub email: String,
    /// `create`, `update` or `unchanged`.
    pub action: &'static str,
    pub errors: Vec<CellError>,
}

/// What the preview shows.
#[derive(Clone, Debug, Serialize)]
pub struct ImportPreview {
    /// Set when the file is valid: confirm with [`commit`].
    pub id: Option<String>,
    pub rows: Vec<RowView>,
    pub creates: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub rows_with_errors: usize,
}

impl ImportPreview {
    pub fn is_valid(&self) -> bool {
        self.rows_with_errors == 0
    }
}

/// What a commit did.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A whole-file problem as a field error on `file` (translation key and placeholders).
pub fn file_error(e: &ParseError) -> AppError {
    let mut v = tandem_domain::ValidationErrors::new();
    let params = e.params();
    let params: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    v.add_with("file", e.message_key(), &params);
    AppError::Validation(v)
}

fn action_code(a: RowAction) -> &'static str {
    match a {
        RowAction::Create => "create",
        RowAction::Update => "update",
        RowAction::Unchanged => "unchanged",
    }
}

/// The organisations the actor may import into (`None` = any).
fn allowed(actor: &Actor) -> AppResult<Option<Vec<OrganisationId>>> {
    authorise(actor, Action::ImportPeople { organisations: &[] })?;
    Ok(if actor.is_scheme_coordinator() {
        None
    } else {
        match people_scope(actor) {
            PeopleScope::All => None,
            PeopleScope::Organisations(o) => Some(o),
            PeopleScope::OnlySelf => return Err(AppError::Forbidden),
        }
    })
}

async fn validate_rows(
    state: &AppState,
    actor: &Actor,
    rows: &[RawRow],
) -> AppResult<tandem_people_io::Preview> {
    let allowed = allowed(actor)?;
    let organisations = state.store.list_organisations(actor.scheme_id).await?;
    let people: Vec<(Person, Vec<Employment>)> = state
        .store
        .all_people(actor.scheme_id)
        .await?
        .into_iter()
        .map(|r| (r.person, r.employments))
        .collect();
    let rows = rows.to_vec();
    let scheme_id = actor.scheme_id;
    // Validation of 20,000 rows against 10,000 people is CPU work: keep it off the async threads.
    tokio::task::spawn_blocking(move || {
        let snap = Snapshot {
            scheme_id,
            organisations: &organisations,
            people: &people,
            allowed_organisations: allowed.as_deref(),
        };
        tandem_people_io::validate(&rows, &snap)
    })
    .await
    .map_err(AppError::internal)
}

/// Parses and validates an upload; writes nothing. A file that cannot be read at all is a field
/// error on `file`; row problems are listed in the preview.
pub async fn preview(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<ImportPreview> {
    allowed(actor)?;
    if bytes.len() > tandem_people_io::MAX_UPLOAD_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let owned = bytes.to_vec();
    let rows = tokio::task::spawn_blocking(move || tandem_people_io::parse(&owned, format))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| file_error(&e))?;
    let p = validate_rows(state, actor, &rows).await?;
    let view = ImportPreview {
        id: None,
        rows: p
            .rows
            .iter()
            .map(|r| RowView {
                line: r.line,
                email: r.email.clone(),
                action: action_code(r.action),
                errors: r
                    .errors
                    .iter()
                    .map(|e| CellError {
                        column: e.column.clone(),
                        message: e.message.clone(),
                        params: e.params.clone(),
                    })
                    .collect(),
            })
            .collect(),
        creates: p.count(RowAction::Create),
        updates: p.count(RowAction::Update),
        unchanged: p.count(RowAction::Unchanged),
        rows_with_errors: p.rows_with_errors(),
    };
    audit(
        state,
        Some(actor),
        "people.import_preview",
        format!("rows={}", view.rows.len()),
        format!(
            "errors={} creates={} updates={}",
            view.rows_with_errors, view.creates, view.updates
        ),
    )
    .await?;
    if !p.is_valid() {
        return Ok(view);
    }
    let id = super::accounts::random_token();
    let pending = PendingImport {
        person: actor.person_id,
        created_at: state.now(),
        rows,
    };
    forget_stale(state);
    {
        let mut map = state
            .inner
            .pending_imports
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // One pending preview per person: a new upload replaces the last, so repeated uploads
        // cannot pile files up in memory (each holds up to `MAX_ROWS` rows).
        map.retain(|_, p| p.person != actor.person_id);
        map.insert(id.clone(), pending);
    }
    Ok(ImportPreview {
        id: Some(id),
        ..view
    })
}

/// Commits a confirmed preview in one transaction, after validating it again. A preview that has
/// become invalid is returned as `Err(Validation)` on `file` with the key `import.changed`.
pub async fn commit(state: &AppState, actor: &Actor, id: &str) -> AppResult<ImportOutcome> {
    allowed(actor)?;
    let pending = {
        let mut map = state
            .inner
            .pending_imports
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match map.get(id) {
            Some(p) if p.person == actor.person_id && !expired(state, p) => map.remove(id),
            _ => None,
        }
    };
    let Some(pending) = pending else {
        return Err(AppError::field("file", "import.preview_expired"));
    };
    let p = validate_rows(state, actor, &pending.rows).await?;
    if !p.is_valid() {
        return Err(AppError::field("file", "import.changed"));
    }
    apply(state, actor, p).await
}

/// Validates and, when every row is valid, commits in one go (for the API and the command line).
/// Any row error makes the whole call fail with the preview's errors.
pub async fn preview_and_commit(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<Result<ImportOutcome, ImportPreview>> {
    let preview = preview(state, actor, bytes, format).await?;
    match preview.id {
        Some(id) => commit(state, actor, &id).await.map(Ok),
        None => Ok(Err(preview)),
    }
}

async fn apply(
    state: &AppState,
    actor: &Actor,
    p: tandem_people_io::Preview,
) -> AppResult<ImportOutcome> {
    let mut orgs: Vec<OrganisationId> = p
        .creates
        .iter()
        .chain(p.updates.iter())
        .flat_map(|(_, e)| e.iter().map(|e| e.organisation_id))
        .collect();
    orgs.sort();
    orgs.dedup();
    // Defence in depth for organisation coordinators (the validator already refuses rows for
    // other organisations): every new person must be employed only where they may import.
    // Updates leave employments at organisations the file does not name untouched.
    let created_orgs: Vec<OrganisationId> = p
        .creates
        .iter()
        .flat_map(|(_, e)| e.iter().map(|e| e.organisation_id))
        .collect();
    authorise(
        actor,
        Action::ImportPeople {
            organisations: &created_orgs,
        },
    )?;
    let unchanged = p.count(RowAction::Unchanged);
    let creates: Vec<PersonRecord> = p
        .creates
        .into_iter()
        .map(|(person, employments)| PersonRecord {
            person,
            employments,
        })
        .collect();
    let updates: Vec<PersonRecord> = p
        .updates
        .into_iter()
        .map(|(person, employments)| PersonRecord {
            person,
            employments,
        })
        .collect();
    state
        .store
        .apply_people_import(&creates, &updates)
        .await
        .map_err(|e| AppError::from(e).into_validation())?;
    let outcome = ImportOutcome {
        created: creates.len(),
        updated: updates.len(),
        unchanged,
    };
    audit(
        state,
        Some(actor),
        "people.import",
        format!("organisations={}", orgs.len()),
        format!("created={} updated={}", outcome.created, outcome.updated),
    )
    .await?;
    Ok(outcome)
}

fn expired(state: &AppState, p: &PendingImport) -> bool {
    state.now() - p.created_at > chrono::Duration::minutes(PENDING_MINUTES)
}

/// Drops previews older than [`PENDING_MINUTES`].
pub fn forget_stale(state: &AppState) {
    let mut map = state
        .inner
        .pending_imports
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    map.retain(|_, p| !expired(state, p));
}
