//! Importing people from an HR extract (CSV or XLSX): a column mapping, a preview, then one
//! transaction; and importing a consortium's organisations from a spreadsheet.
//!
//! The preview reads the file's headings and rows, maps each column to a field (suggested from
//! its heading, changed by the importer), and validates every row against the scheme as it is;
//! it writes no people. The read file and its mapping are kept in the database under a random id,
//! for the person who uploaded it and for [`PENDING_MINUTES`] (see [`pending`]), so that the
//! mapping can be changed without uploading again ([`remap`]); committing takes them out, maps
//! and re-validates the rows against the data as they are *then* (someone may have changed people
//! in between) and applies all creates and updates, and the councils' new grades, in one
//! transaction. Because everything is in the database, any instance behind a load balancer can
//! commit a preview another one made.

use super::{audit_event, audited, authorise};
use crate::{AppError, AppResult, Context};
use serde::Serialize;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::{Action, Actor, Employment, OrganisationId, Person};
use tandem_people_io::{Field, Format, Limits, ParseError, RawRow, RowAction, Sheet, Snapshot};
use tandem_storage::PersonRecord;

pub use tandem_people_io::Field as ImportField;
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
    /// What the commit will do besides (a grade added to a council's list); never stops it.
    pub warnings: Vec<CellError>,
}

/// One column of the file and the field it is mapped to.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnView {
    /// Position in the file, from 0.
    pub index: usize,
    /// The heading as written.
    pub heading: String,
    /// The field's code ([`ImportField::code`]).
    pub field: &'static str,
    /// The field suggested from the heading alone.
    pub suggested: &'static str,
}

/// What the preview shows.
#[derive(Clone, Debug, Serialize)]
pub struct ImportPreview {
    /// Set when the file is valid: confirm with [`commit`].
    pub id: Option<String>,
    /// Set when the read file waits (valid or not) so the mapping can be changed with
    /// [`remap`]; the same id as `id` when the file is valid.
    pub draft_id: Option<String>,
    /// The file's columns and their mapping.
    pub columns: Vec<ColumnView>,
    /// Why the mapping cannot be used (a required field mapped to no column, a field mapped to
    /// two): then no row was checked.
    pub mapping_problem: Option<CellError>,
    pub rows: Vec<RowView>,
    pub creates: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub rows_with_errors: usize,
    pub rows_with_warnings: usize,
}

impl ImportPreview {
    pub fn is_valid(&self) -> bool {
        self.mapping_problem.is_none() && self.rows_with_errors == 0
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
    rows: Vec<RawRow>,
) -> AppResult<tandem_people_io::Preview> {
    let allowed = allowed(actor)?;
    let mut step = tandem_storage::Steps::new("people.validate");
    let organisations = ctx.store.list_organisations(actor.scheme_id).await?;
    // Only the people the file can touch (its addresses and line managers, and the managers up
    // their chains): the check costs what the file costs, not what the scheme holds.
    let keys: Vec<String> = rows
        .iter()
        .flat_map(|r| [r.get("email"), r.get("line_manager_email")])
        .filter_map(|e| tandem_domain::validate::normalise_email(e).ok())
        .collect();
    let people: Vec<(Person, Vec<Employment>)> = ctx
        .store
        .people_for_import(actor.scheme_id, &keys)
        .await?
        .into_iter()
        .map(|r| (r.person, r.employments))
        .collect();
    drop(keys);
    step.done("lookup", people.len());
    let local_grades = ctx.store.local_grades_of_scheme(actor.scheme_id).await?;
    let scheme_id = actor.scheme_id;
    // Validation of a big file is CPU work: keep it off the async threads.
    tokio::task::spawn_blocking(move || {
        let snap = Snapshot {
            scheme_id,
            organisations: &organisations,
            people: &people,
            allowed_organisations: allowed.as_deref(),
        };
        tandem_people_io::validate_owned(rows, &snap, &local_grades)
    })
    .await
    .map_err(AppError::internal)
}

fn cell_errors(errors: &[tandem_people_io::RowError]) -> Vec<CellError> {
    errors
        .iter()
        .map(|e| CellError {
            column: e.column.clone(),
            message: e.message.clone(),
            params: e.params.clone(),
        })
        .collect()
}

/// Reads an upload's headings and rows (off the async threads). A file that cannot be read at
/// all is a field error on `file`.
async fn read(actor: &Actor, bytes: &[u8], format: Format) -> AppResult<Sheet> {
    if bytes.len() > tandem_people_io::MAX_UPLOAD_BYTES {
        allowed(actor)?;
        return Err(AppError::PayloadTooLarge);
    }
    read_within(actor, bytes.to_vec(), format, Limits::UPLOAD).await
}

/// As [`read`] within `limits`, taking the bytes (a file of a million rows is not copied).
async fn read_within(
    actor: &Actor,
    bytes: Vec<u8>,
    format: Format,
    limits: Limits,
) -> AppResult<Sheet> {
    allowed(actor)?;
    let sheet = tokio::task::spawn_blocking(move || {
        tandem_people_io::read_sheet_within(&bytes, format, limits)
    })
    .await
    .map_err(AppError::internal)?
    .map_err(|e| file_error(&e))?;
    // No rows is the file's problem, whatever the mapping.
    if sheet.rows.is_empty() {
        return Err(file_error(&ParseError::NoRows));
    }
    Ok(sheet)
}

/// Maps and validates a read file against the data as they are: the preview to show (without
/// ids) and, when the mapping could be used, the validation with its plan.
async fn check(
    ctx: &Context,
    actor: &Actor,
    sheet: &Sheet,
    mapping: &[Field],
) -> AppResult<(ImportPreview, Option<tandem_people_io::Preview>)> {
    allowed(actor)?;
    let view = columns_view(sheet, mapping);
    match sheet.apply(mapping) {
        Ok(rows) => check_rows(ctx, actor, view, rows).await,
        Err(e) => Ok((mapping_problem(view, &e), None)),
    }
}

/// As [`check`] for a file read within the command line's limits, taking the sheet apart as it
/// is mapped.
async fn check_owned(
    ctx: &Context,
    actor: &Actor,
    sheet: Sheet,
    mapping: &[Field],
    limits: Limits,
) -> AppResult<(ImportPreview, Option<tandem_people_io::Preview>)> {
    allowed(actor)?;
    let view = columns_view(&sheet, mapping);
    match sheet.into_rows(mapping, limits.max_rows) {
        Ok(rows) => check_rows(ctx, actor, view, rows).await,
        Err(e) => Ok((mapping_problem(view, &e), None)),
    }
}

fn columns_view(sheet: &Sheet, mapping: &[Field]) -> ImportPreview {
    let suggested = sheet.suggested();
    let columns = sheet
        .headings
        .iter()
        .enumerate()
        .map(|(index, heading)| ColumnView {
            index,
            heading: heading.clone(),
            field: mapping.get(index).copied().unwrap_or(Field::Ignore).code(),
            suggested: suggested[index].code(),
        })
        .collect();
    ImportPreview {
        id: None,
        draft_id: None,
        columns,
        mapping_problem: None,
        rows: Vec::new(),
        creates: 0,
        updates: 0,
        unchanged: 0,
        rows_with_errors: 0,
        rows_with_warnings: 0,
    }
}

fn mapping_problem(mut view: ImportPreview, e: &ParseError) -> ImportPreview {
    view.mapping_problem = Some(CellError {
        column: "mapping".into(),
        message: e.message_key().into(),
        params: e.params(),
    });
    view
}

async fn check_rows(
    ctx: &Context,
    actor: &Actor,
    mut view: ImportPreview,
    rows: Vec<RawRow>,
) -> AppResult<(ImportPreview, Option<tandem_people_io::Preview>)> {
    let mut step = tandem_storage::Steps::new("people.check");
    let p = validate_rows(ctx, actor, rows).await?;
    step.done("validate", p.rows.len());
    view.rows = p
        .rows
        .iter()
        .map(|r| RowView {
            line: r.line,
            email: r.email.clone(),
            action: action_code(r.action),
            errors: cell_errors(&r.errors),
            warnings: cell_errors(&r.warnings),
        })
        .collect();
    view.creates = p.count(RowAction::Create);
    view.updates = p.count(RowAction::Update);
    view.unchanged = p.count(RowAction::Unchanged);
    view.rows_with_errors = p.rows_with_errors();
    view.rows_with_warnings = p.rows_with_warnings();
    audit_event(
        ctx,
        Some(actor),
        "people.import_preview",
        format!("rows={}", view.rows.len()),
        format!(
            "errors={} warnings={} creates={} updates={}",
            view.rows_with_errors, view.rows_with_warnings, view.creates, view.updates
        ),
    )
    .await?;
    Ok((view, Some(p)))
}

/// A mapping that cannot be used, as the whole-file field error the API and the command line
/// answer with (the pages show the mapping step instead).
fn mapping_error(view: &ImportPreview) -> Option<AppError> {
    view.mapping_problem.as_ref().map(|m| {
        let mut v = tandem_domain::ValidationErrors::new();
        let params: Vec<(&str, &str)> = m
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        v.add_with("file", &m.message, &params);
        AppError::Validation(v)
    })
}

/// Keeps the read file and its mapping for the uploader, and sets the preview's ids.
async fn keep(
    ctx: &Context,
    actor: &Actor,
    sheet: Sheet,
    mapping: Vec<Field>,
    view: ImportPreview,
) -> AppResult<ImportPreview> {
    let id = pending::keep(ctx, actor.person_id, &pending::Draft { sheet, mapping }).await?;
    Ok(ImportPreview {
        id: view.is_valid().then(|| id.clone()),
        draft_id: Some(id),
        ..view
    })
}

/// Parses and validates an upload with the mapping suggested from its headings; writes no
/// people. See [`preview_mapped`].
pub async fn preview(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<ImportPreview> {
    preview_mapped(ctx, actor, bytes, format, &[]).await
}

/// Parses an upload, maps its columns (the suggestion from the headings, changed by `overrides`:
/// heading → field) and validates every row; writes no people. A file that cannot be read at all,
/// or an override naming a heading the file lacks, is a field error on `file`; a mapping that
/// cannot be used is the preview's `mapping_problem`; row problems are listed by row. The read
/// file waits (see [`pending`]) under `draft_id` for [`remap`], and when valid under `id` for
/// [`commit`].
pub async fn preview_mapped(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
    overrides: &[(String, Field)],
) -> AppResult<ImportPreview> {
    let sheet = read(actor, bytes, format).await?;
    let mapping = sheet.mapping_with(overrides).map_err(|e| file_error(&e))?;
    let (view, _) = check(ctx, actor, &sheet, &mapping).await?;
    keep(ctx, actor, sheet, mapping, view).await
}

/// Checks a waiting file again with another mapping (one field per column, in the file's order),
/// without uploading it again; keeps it under a new id. An expired or someone else's draft is a
/// field error on `file` (`import.preview_expired`).
pub async fn remap(
    ctx: &Context,
    actor: &Actor,
    draft_id: &str,
    mapping: &[Field],
) -> AppResult<ImportPreview> {
    allowed(actor)?;
    let Some(draft) = pending::take(ctx, actor.person_id, draft_id).await? else {
        return Err(AppError::field("file", "import.preview_expired"));
    };
    let mut mapping = mapping.to_vec();
    mapping.resize(draft.sheet.headings.len(), Field::Ignore);
    let (view, _) = check(ctx, actor, &draft.sheet, &mapping).await?;
    keep(ctx, actor, draft.sheet, mapping, view).await
}

/// Parses and validates an upload and keeps nothing: a dry run.
pub async fn dry_run(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<ImportPreview> {
    dry_run_mapped(ctx, actor, bytes, format, &[]).await
}

/// As [`dry_run`] with the suggested mapping changed by `overrides` (heading → field); a mapping
/// that cannot be used is a field error on `file` naming the headings found.
pub async fn dry_run_mapped(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
    overrides: &[(String, Field)],
) -> AppResult<ImportPreview> {
    let sheet = read(actor, bytes, format).await?;
    let mapping = sheet.mapping_with(overrides).map_err(|e| file_error(&e))?;
    let (view, _) = check(ctx, actor, &sheet, &mapping).await?;
    match mapping_error(&view) {
        Some(e) => Err(e),
        None => Ok(view),
    }
}

/// Commits a confirmed preview in one transaction, after validating it again. A preview that has
/// become invalid (or never was) is returned as `Err(Validation)` on `file` with the key
/// `import.changed`.
pub async fn commit(ctx: &Context, actor: &Actor, id: &str) -> AppResult<ImportOutcome> {
    allowed(actor)?;
    let Some(draft) = pending::take(ctx, actor.person_id, id).await? else {
        return Err(AppError::field("file", "import.preview_expired"));
    };
    let Ok(rows) = draft.sheet.apply(&draft.mapping) else {
        return Err(AppError::field("file", "import.changed"));
    };
    let p = validate_rows(ctx, actor, rows).await?;
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
    preview_and_commit_mapped(ctx, actor, bytes, format, &[]).await
}

/// As [`preview_and_commit`] with the suggested mapping changed by `overrides`.
pub async fn preview_and_commit_mapped(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
    overrides: &[(String, Field)],
) -> AppResult<Result<ImportOutcome, ImportPreview>> {
    let sheet = read(actor, bytes, format).await?;
    let mapping = sheet.mapping_with(overrides).map_err(|e| file_error(&e))?;
    let (view, p) = check(ctx, actor, &sheet, &mapping).await?;
    if let Some(e) = mapping_error(&view) {
        return Err(e);
    }
    match p {
        Some(p) if p.is_valid() => apply(ctx, actor, p).await.map(Ok),
        _ => Ok(Err(view)),
    }
}

/// The command line's import of a whole file, within [`Limits::COMMAND_LINE`] (a national HR
/// extract of a million rows in one file) rather than the upload's limits: the same mapping,
/// validation, all-or-nothing commit and audit as [`preview_and_commit_mapped`], or with
/// `dry_run` as [`dry_run_mapped`] (the preview, nothing written). The file is taken by value
/// and each stage drops what the next does not need, so memory stays a few times the file.
pub async fn import_file(
    ctx: &Context,
    actor: &Actor,
    bytes: Vec<u8>,
    format: Format,
    overrides: &[(String, Field)],
    dry_run: bool,
) -> AppResult<Result<ImportOutcome, ImportPreview>> {
    let limits = Limits::COMMAND_LINE;
    let mut step = tandem_storage::Steps::new("people.import_file");
    let sheet = read_within(actor, bytes, format, limits).await?;
    step.done("read", sheet.rows.len());
    let mapping = sheet.mapping_with(overrides).map_err(|e| file_error(&e))?;
    let (view, p) = check_owned(ctx, actor, sheet, &mapping, limits).await?;
    step.done("check", view.rows.len());
    if let Some(e) = mapping_error(&view) {
        return Err(e);
    }
    match p {
        Some(p) if p.is_valid() && !dry_run => {
            drop(view);
            let done = apply(ctx, actor, p).await.map(Ok);
            step.done("write", 0);
            done
        }
        _ => Ok(Err(view)),
    }
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
    // The per-row preview is not needed for writing: a million rows of it need not wait.
    drop(p.rows);
    let new_grades = p.new_local_grades;
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
    let change = audited(
        ctx,
        Some(actor),
        "people.import",
        format!("organisations={}", orgs.len()),
        format!(
            "created={} updated={} local_grades_added={}",
            creates.len(),
            updates.len(),
            new_grades.len()
        ),
    );
    change
        .store
        .apply_people_import_with_grades(&creates, &updates, &new_grades)
        .await
        .map_err(|e| AppError::from(e).into_validation())?;
    change.done()?;
    let updated: Vec<tandem_domain::PersonId> = updates.iter().map(|u| u.person.id).collect();
    crate::registration::taken_over(ctx, &updated).await?;
    let outcome = ImportOutcome {
        created: creates.len(),
        updated: updates.len(),
        unchanged,
    };
    Ok(outcome)
}

/// Where valid previews wait for confirmation: the store, so that several instances can serve
/// one scheme. The rows are kept as JSON under the SHA-256 of a random id; only the uploader can
/// take them, once, before they expire.
pub mod pending {
    use super::PENDING_MINUTES;
    use crate::accounts::{random_token, token_hash};
    use crate::{AppError, AppResult, Context};
    use serde::{Deserialize, Serialize};
    use tandem_domain::PersonId;
    use tandem_people_io::{Field, Sheet};

    /// A read file and the mapping chosen for it.
    #[derive(Clone, Debug, Serialize, Deserialize)]
    pub struct Draft {
        pub sheet: Sheet,
        pub mapping: Vec<Field>,
    }

    /// Keeps `draft` for `person` (replacing any preview of theirs) and returns the new id.
    pub async fn keep(ctx: &Context, person: PersonId, draft: &Draft) -> AppResult<String> {
        let id = random_token();
        let json = serde_json::to_string(draft).map_err(AppError::internal)?;
        let now = ctx.now();
        let until = now + chrono::Duration::minutes(PENDING_MINUTES);
        ctx.store
            .keep_import_preview(&token_hash(&id), person, now, until, &json)
            .await?;
        Ok(id)
    }

    /// Takes the draft `id` if it is `person`'s and has not expired. A draft kept by an older
    /// version (parsed rows, no sheet) reads as expired: the uploader is asked to upload again.
    pub async fn take(ctx: &Context, person: PersonId, id: &str) -> AppResult<Option<Draft>> {
        let Some(json) = ctx
            .store
            .take_import_preview(&token_hash(id.trim()), person, ctx.now())
            .await?
        else {
            return Ok(None);
        };
        Ok(serde_json::from_str(&json).ok())
    }

    /// Deletes expired previews (the server's sweeper calls this); returns how many.
    pub async fn sweep(ctx: &Context) -> AppResult<u64> {
        Ok(ctx.store.delete_expired_import_previews(ctx.now()).await?)
    }
}

// ----- organisations -------------------------------------------------------------------------

/// One row of an organisations file in its preview.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationRowView {
    pub line: usize,
    pub name: String,
    /// `create`, or `unchanged` for an organisation the scheme has already (same name, ignoring
    /// case): it is left as it is, never duplicated.
    pub action: &'static str,
    pub errors: Vec<CellError>,
}

/// What an organisations import would do.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationsPreview {
    pub rows: Vec<OrganisationRowView>,
    pub creates: usize,
    pub unchanged: usize,
    pub rows_with_errors: usize,
}

impl OrganisationsPreview {
    pub fn is_valid(&self) -> bool {
        self.rows_with_errors == 0
    }
}

/// What an organisations import did.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct OrganisationsOutcome {
    pub created: usize,
    pub unchanged: usize,
}

/// Reads an organisations file (`name`, `kind`, `country`) and plans it against the scheme: the
/// preview, and the organisations to create.
async fn plan_organisations(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<(OrganisationsPreview, Vec<tandem_domain::Organisation>)> {
    authorise(actor, Action::ManageScheme)?;
    if bytes.len() > tandem_people_io::MAX_UPLOAD_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let (rows, errors) = match tandem_people_io::check_organisations(bytes, format) {
        Ok(checked) => checked,
        Err(tandem_people_io::OrganisationsError::File(e)) => return Err(file_error(&e)),
        Err(tandem_people_io::OrganisationsError::Rows(errors)) => (Vec::new(), errors),
    };
    let existing: std::collections::HashSet<String> = ctx
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| o.name.trim().to_lowercase())
        .collect();
    let mut views: Vec<OrganisationRowView> = Vec::new();
    let mut creates = Vec::new();
    for r in &rows {
        let known = existing.contains(&r.name.trim().to_lowercase());
        views.push(OrganisationRowView {
            line: r.line,
            name: r.name.clone(),
            action: if known { "unchanged" } else { "create" },
            errors: Vec::new(),
        });
        if !known {
            creates.push(tandem_domain::Organisation {
                id: OrganisationId::new(),
                scheme_id: actor.scheme_id,
                name: r.name.clone(),
                kind: r.kind,
                country: r.country,
            });
        }
    }
    for e in &errors {
        let error = CellError {
            column: e.column.to_string(),
            message: e.message.to_string(),
            params: vec![("value".into(), e.value.clone())],
        };
        match views.iter_mut().find(|v| v.line == e.line) {
            Some(v) => v.errors.push(error),
            None => views.push(OrganisationRowView {
                line: e.line,
                name: String::new(),
                action: "create",
                errors: vec![error],
            }),
        }
    }
    views.sort_by_key(|v| v.line);
    let preview = OrganisationsPreview {
        creates: views.iter().filter(|v| v.action == "create").count(),
        unchanged: views.iter().filter(|v| v.action == "unchanged").count(),
        rows_with_errors: views.iter().filter(|v| !v.errors.is_empty()).count(),
        rows: views,
    };
    Ok((preview, creates))
}

/// Checks an organisations file row by row and writes nothing (the scheme coordinator only).
pub async fn preview_organisations(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<OrganisationsPreview> {
    Ok(plan_organisations(ctx, actor, bytes, format).await?.0)
}

/// Imports an organisations file when every row is valid, in one transaction; otherwise writes
/// nothing and returns the preview with its problems. Organisations the scheme has already are
/// reported unchanged, not duplicated.
pub async fn import_organisations(
    ctx: &Context,
    actor: &Actor,
    bytes: &[u8],
    format: Format,
) -> AppResult<Result<OrganisationsOutcome, OrganisationsPreview>> {
    let (preview, creates) = plan_organisations(ctx, actor, bytes, format).await?;
    if !preview.is_valid() {
        return Ok(Err(preview));
    }
    let change = audited(
        ctx,
        Some(actor),
        "organisation.import",
        format!("rows={}", preview.rows.len()),
        format!("created={} unchanged={}", creates.len(), preview.unchanged),
    );
    change
        .store
        .create_organisations(&creates)
        .await
        .map_err(|e| AppError::from(e).into_validation())?;
    change.done()?;
    Ok(Ok(OrganisationsOutcome {
        created: creates.len(),
        unchanged: preview.unchanged,
    }))
}

// ----- local-authority grades ----------------------------------------------------------------

/// A council's own grade list, for its page.
#[derive(Clone, Debug, Serialize)]
pub struct LocalGrades {
    pub organisation: tandem_domain::Organisation,
    pub grades: Vec<String>,
}

/// Who may see and edit a council's grade list: the scheme coordinator, or a coordinator of that
/// council (through the policy's `ImportPeople` for it: whoever may import its staff keeps their
/// grades). Anything but a council of the actor's scheme is not found.
async fn council(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
) -> AppResult<tandem_domain::Organisation> {
    authorise(
        actor,
        Action::ImportPeople {
            organisations: &[organisation],
        },
    )?;
    let org = match ctx.store.get_organisation(organisation).await {
        Ok(o) => o,
        Err(tandem_storage::StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if org.scheme_id != actor.scheme_id
        || org.kind != tandem_domain::OrganisationKind::LocalAuthority
    {
        return Err(AppError::NotFound);
    }
    // An organisation coordinator imports only their own organisation's staff.
    if let Some(allowed) = allowed(actor)?
        && !allowed.contains(&organisation)
    {
        return Err(AppError::Forbidden);
    }
    Ok(org)
}

/// A council's grade list.
pub async fn local_grades(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
) -> AppResult<LocalGrades> {
    let organisation = council(ctx, actor, organisation).await?;
    let grades = ctx.store.local_grades(organisation.id).await?;
    Ok(LocalGrades {
        organisation,
        grades,
    })
}

/// Replaces a council's grade list (one grade per entry; blank entries dropped, repeats kept
/// once). Each grade is checked as free text. People keep the grades they hold.
pub async fn set_local_grades(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
    grades: &[String],
) -> AppResult<LocalGrades> {
    let organisation = council(ctx, actor, organisation).await?;
    let mut e = tandem_domain::ValidationErrors::new();
    let mut clean: Vec<String> = Vec::new();
    for g in grades {
        match tandem_domain::validate::optional_text(g) {
            Ok(Some(g)) => clean.push(g.split_whitespace().collect::<Vec<_>>().join(" ")),
            Ok(None) => {}
            Err(key) => e.add_with("grades", key, &[("value", g.trim())]),
        }
    }
    e.into_result()?;
    let change = audited(
        ctx,
        Some(actor),
        "organisation.local_grades",
        organisation.id.to_string(),
        format!("grades={}", clean.len()),
    );
    change
        .store
        .set_local_grades(organisation.id, &clean)
        .await?;
    change.done()?;
    let grades = ctx.store.local_grades(organisation.id).await?;
    Ok(LocalGrades {
        organisation,
        grades,
    })
}
