//! Importing people from an HR extract (CSV or XLSX): preview first, then one transaction.
//!
//! The preview parses and validates every row against the scheme as it is and writes no people.
//! When the file is valid, its parsed rows are kept in the database under a random id, for the
//! person who uploaded it and for [`PENDING_MINUTES`] (see [`pending`]); committing takes them
//! out, re-validates them against the data as they are *then* (someone may have changed people in
//! between) and applies all creates and updates in one transaction. Because the rows are in the
//! database, any instance behind a load balancer can commit a preview another one made.

use super::{audit, authorise};
use crate::{AppError, AppResult, Context};
use serde::Serialize;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::{Action, Actor, Employment, OrganisationId, Person};
use tandem_people_io::{Format, ParseError, RawRow, RowAction, Snapshot};
use tandem_storage::PersonRecord;

pub use tandem_people_io::Format as ImportFormat;

/// How long a valid preview can be confirmed.
pub const PENDING_MINUTES: i64 = 30;

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
    ctx: &Context,
    actor: &Actor,
    rows: &[RawRow],
) -> AppResult<tandem_people_io::Preview> {
    let allowed = allowed(actor)?;
    let organisations = ctx.store.list_organisations(actor.scheme_id).await?;
    let people: Vec<(Person, Vec<Employment>)> = ctx
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

/// Parses and validates an upload against the data as they are: the preview to show, and the
/// parsed rows with their validation.
async fn check(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<(ImportPreview, Vec<RawRow>, tandem_people_io::Preview)> {
    allowed(actor)?;
    if bytes.len() > tandem_people_io::MAX_UPLOAD_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let owned = bytes.to_vec();
    let rows = tokio::task::spawn_blocking(move || tandem_people_io::parse(&owned, format))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| file_error(&e))?;
    let p = validate_rows(ctx, actor, &rows).await?;
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
        ctx,
        Some(actor),
        "people.import_preview",
        format!("rows={}", view.rows.len()),
        format!(
            "errors={} creates={} updates={}",
            view.rows_with_errors, view.creates, view.updates
        ),
    )
    .await?;
    Ok((view, rows, p))
}

/// Parses and validates an upload; writes no people. A file that cannot be read at all is a
/// field error on `file`; row problems are listed in the preview. A valid file waits (see
/// [`pending`]) under the preview's `id` until it is committed.
pub async fn preview(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<ImportPreview> {
    let (view, rows, p) = check(ctx, actor, bytes, format).await?;
    if !p.is_valid() {
        return Ok(view);
    }
    let id = pending::keep(ctx, actor.person_id, &rows).await?;
    Ok(ImportPreview {
        id: Some(id),
        ..view
    })
}

/// Parses and validates an upload and keeps nothing: a dry run.
pub async fn dry_run(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<ImportPreview> {
    Ok(check(ctx, actor, bytes, format).await?.0)
}

/// Commits a confirmed preview in one transaction, after validating it again. A preview that has
/// become invalid is returned as `Err(Validation)` on `file` with the key `import.changed`.
pub async fn commit(ctx: &Context, actor: &Actor, id: &str) -> AppResult<ImportOutcome> {
    allowed(actor)?;
    let Some(rows) = pending::take(ctx, actor.person_id, id).await? else {
        return Err(AppError::field("file", "import.preview_expired"));
    };
    let p = validate_rows(ctx, actor, &rows).await?;
    if !p.is_valid() {
        return Err(AppError::field("file", "import.changed"));
    }
    apply(ctx, actor, p).await
}

/// Validates and, when every row is valid, commits in one go (for the API and the command line):
/// nothing waits in between. Any row error makes the whole call fail with the preview's errors.
pub async fn preview_and_commit(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<Result<ImportOutcome, ImportPreview>> {
    let (view, _, p) = check(ctx, actor, bytes, format).await?;
    if !p.is_valid() {
        return Ok(Err(view));
    }
    apply(ctx, actor, p).await.map(Ok)
}

async fn apply(
    ctx: &Context,
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
    ctx.store
        .apply_people_import(&creates, &updates)
        .await
        .map_err(|e| AppError::from(e).into_validation())?;
    let updated: Vec<tandem_domain::PersonId> = updates.iter().map(|u| u.person.id).collect();
    crate::registration::taken_over(ctx, &updated).await?;
    let outcome = ImportOutcome {
        created: creates.len(),
        updated: updates.len(),
        unchanged,
    };
    audit(
        ctx,
        Some(actor),
        "people.import",
        format!("organisations={}", orgs.len()),
        format!("created={} updated={}", outcome.created, outcome.updated),
    )
    .await?;
    Ok(outcome)
}

/// Where valid previews wait for confirmation: the store, so that several instances can serve
/// one scheme. The rows are kept as JSON under the SHA-256 of a random id; only the uploader can
/// take them, once, before they expire.
pub mod pending {
    use super::PENDING_MINUTES;
    use crate::accounts::{random_token, token_hash};
    use crate::{AppError, AppResult, Context};
    use tandem_domain::PersonId;
    use tandem_people_io::RawRow;

    /// Keeps `rows` for `person` (replacing any preview of theirs) and returns the new id.
    pub async fn keep(ctx: &Context, person: PersonId, rows: &[RawRow]) -> AppResult<String> {
        let id = random_token();
        let json = serde_json::to_string(rows).map_err(AppError::internal)?;
        let now = ctx.now();
        let until = now + chrono::Duration::minutes(PENDING_MINUTES);
        ctx.store
            .keep_import_preview(&token_hash(&id), person, now, until, &json)
            .await?;
        Ok(id)
    }

    /// Takes the rows of preview `id` if it is `person`'s and has not expired.
    pub async fn take(ctx: &Context, person: PersonId, id: &str) -> AppResult<Option<Vec<RawRow>>> {
        let Some(json) = ctx
            .store
            .take_import_preview(&token_hash(id.trim()), person, ctx.now())
            .await?
        else {
            return Ok(None);
        };
        serde_json::from_str(&json)
            .map(Some)
            .map_err(AppError::internal)
    }

    /// Deletes expired previews (the server's sweeper calls this); returns how many.
    pub async fn sweep(ctx: &Context) -> AppResult<u64> {
        Ok(ctx.store.delete_expired_import_previews(ctx.now()).await?)
    }
}
