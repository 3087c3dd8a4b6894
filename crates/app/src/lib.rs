//! Tandem's use cases, with no HTTP in them: the pages and the JSON API of `tandem-web`, the
//! command line, the demo's playback and background work all call these.
//!
//! A front end turns its input into an input struct and calls one function here with a
//! [`Context`] (store, mailer, clock and settings) and the acting person. Every
//! function that acts for somebody takes the [`Actor`](tandem_domain::Actor) and, before it reads
//! or writes anything but the facts the decision needs, asks [`tandem_domain::policy`] through
//! [`authorise`] (refusing with `Forbidden`) or `authorise_or_hide` (`NotFound`); decisions about
//! one relationship go through the `access` module, which loads it and works out the actor's
//! place in it. Then it validates with the domain's helpers, calls the
//! [`Store`](tandem_storage::Store) and appends an audit entry for every write. The few public
//! functions that need no actor (sign-in, e-mailed and calendar tokens, housekeeping) are listed
//! with the reason in `tests/it/access_table.rs`, next to every use case and who may call it; a
//! test fails when a public function is missing from it. Errors are
//! [`AppError`]: field errors carry translation keys, so pages show them inline and the API
//! returns them per field; a front end decides how each is shown (status codes live in the web
//! crate). Anything the actor may not see is reported as `NotFound`
//! (so its existence is not revealed); anything they may see but not change as `Forbidden`.
//!
//! Signatures (all `async`, all returning `AppResult<_>`; `ctx: &Context`, `actor: &Actor`):
//!
//! - [`organisations`]: `list(ctx, actor) -> Vec<Organisation>`, `get(ctx, actor, id)`,
//!   `create(ctx, actor, OrganisationInput) -> Organisation`, `update(ctx, actor, id, OrganisationInput)`,
//!   `people_counts(ctx, actor) -> Vec<(OrganisationId, u64)>` (only organisations the actor may see).
//! - [`programmes`]: `list`, `get`, `create(ctx, actor, ProgrammeInput) -> Programme`,
//!   `update(ctx, actor, id, ProgrammeInput)`. Rules are checked with `ProgrammeRules::validate`.
//! - [`intakes`]: `list(ctx, actor, programme_id) -> Vec<Intake>`, `get(ctx, actor, id) -> (Intake, Programme)`,
//!   `create(ctx, actor, programme_id, IntakeInput) -> Intake`, `update(ctx, actor, id, IntakeInput)`.
//! - [`people`]: `search(ctx, actor, &PeopleSearch) -> Page<PersonSummary>` (scope applied in SQL),
//!   `get(ctx, actor, id) -> PersonView`, `create(ctx, actor, PersonInput) -> PersonId`,
//!   `update(ctx, actor, id, PersonInput)`. Duplicate e-mail, unknown organisation, grade outside
//!   its system, unknown line manager and line-management cycles are field errors.
//! - [`import`]: `preview(ctx, actor, bytes, Format) -> ImportPreview` (writes nothing; keeps
//!   the parsed rows server-side under `ImportPreview::id` for 30 minutes, for this account only),
//!   `commit(ctx, actor, id) -> ImportOutcome` (re-validates against the current data, then one
//!   transaction), `preview_and_commit(ctx, actor, bytes, Format)` (for the API: all or nothing).
//! - [`export`]: `export(ctx, actor, Format) -> Export { bytes, content_type, file_name }`; an
//!   organisation coordinator gets only their organisations' people and employments.
//! - [`accounts`]: `sign_in(ctx, email, password) -> NewSession`, `sign_out(ctx, session_token)`,
//!   `user_for_session(ctx, session_token) -> Option<SessionUser>`,
//!   `user_for_api_token(ctx, bearer_token) -> User` (`Unauthenticated` when unknown),
//!   `request_password_reset(ctx, email)`, `reset_password(ctx, token, password, confirm)`,
//!   `invite(ctx, actor, person_id)`, `accept_invitation(ctx, token, password, confirm)`,
//!   `create_api_token(ctx, user, name) -> String` (shown once; only its hash is stored).
//! - [`roles`]: `of_person(ctx, actor, person) -> PersonRoles` (held roles, and the grants the
//!   actor may make), `holders(ctx, actor)`, `grant(ctx, actor, person, RoleAssignment)`,
//!   `revoke(…)`; a refused grant is audited (`role.grant_refused`), the last administrator and
//!   scheme coordinator stay. See docs/roles.md.
//! - [`dashboard`]: `summary(ctx, actor) -> Dashboard` (counts the actor may see).
//! - [`setup`]: `init(ctx, InitRequest) -> Installed` (the first run: everything validated
//!   first, then one store call), `init_with_code(ctx, code, InitRequest)` (the set-up page),
//!   `open_setup(ctx) -> Option<code>`, `needed(ctx)`, `settings(ctx, actor)`,
//!   `update_settings(ctx, actor, SchemeSettingsInput)`.
//! - [`audit_log`]: `browse(ctx, actor, &AuditQuery) -> AuditPage` (administrators; newest first,
//!   keyset pages). Every audited change goes through [`audited`] (see there).
//! - [`evaluation`]: `programmes(ctx, actor) -> Vec<Evaluable>`,
//!   `programme_report(ctx, actor, programme, ReportFilter) -> Report` (every figure suppressed),
//!   `pooled(ctx, actor) -> Report`, `table_export(ctx, actor, programme, ReportFilter, name,
//!   Format, Lang) -> Export`, `research_export(ctx, actor, programme) -> Export` (a zip).
//! - [`rights`]: `export(ctx, actor, person) -> PersonalData` (subject access),
//!   `erase(ctx, actor, person) -> ErasureCounts` (pseudonymisation, one transaction),
//!   `consents(ctx, actor)`, `set_consent(ctx, actor, ConsentKind, given, lang)`,
//!   `retention(ctx, actor) -> RetentionReport` (a dry run), `update_retention`,
//!   `apply_retention`, and `retention_run(ctx, apply)` for the upkeep pass and the CLI. See
//!   docs/personal-data.md.

mod access;
pub mod accounts;
pub mod applications;
pub mod appraisal;
pub mod assessments;
pub mod audit_log;
pub mod background;
pub mod calendar;
mod context;
pub mod dashboard;
mod error;
pub mod evaluation;
pub mod export;
pub mod exports;
pub mod growth;
pub mod home;
pub mod homes;
pub mod import;
pub mod intakes;
pub mod kinds;
pub mod matching;
pub mod mentors;
pub mod nominations;
pub mod notify;
pub mod organisations;
pub mod pairs;
pub mod peers;
pub mod people;
pub mod profiles;
pub mod programmes;
mod refusal;
pub mod registration;
pub mod rights;
pub mod roles;
pub mod sessions;
pub mod set_roles;
pub mod sets;
pub mod setup;
pub mod sign_in;
pub mod story;
pub mod surveys;
pub mod throttle;
pub mod tokens;
pub mod upkeep;

pub use context::{Clock, Context, SettableClock, Settings, SystemClock};
pub use error::{AppError, AppResult, FieldProblem, conflict_key};
pub use refusal::Refusal;
pub use tandem_storage::UniqueField;

use tandem_domain::{Action, Actor, can};
use tandem_storage::AuditEntry;

/// Refuses with `Forbidden` unless the policy allows the action.
pub fn authorise(actor: &Actor, action: Action<'_>) -> AppResult<()> {
    if can(actor, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Refuses with `NotFound` unless the policy allows the action: used where even the existence of
/// the target must stay hidden (another organisation's person).
pub(crate) fn authorise_or_hide(actor: &Actor, action: Action<'_>) -> AppResult<()> {
    if can(actor, action) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The audit entry for something `actor` did (`None`: nobody signed in, or the system).
/// `subject` and `detail` hold ids and codes only, never names or e-mails: the log is
/// hash-chained and can never be changed, so personal data in it could never be erased.
pub(crate) fn audit_entry(
    ctx: &Context,
    actor: Option<&Actor>,
    action: &str,
    subject: String,
    detail: String,
) -> AuditEntry {
    AuditEntry {
        at: ctx.now(),
        actor: actor.map(|a| a.person_id),
        action: action.to_string(),
        subject,
        detail,
    }
}

/// Starts an audited change: THE way a use case writes data that must be audited.
///
/// The entry is built first and staged on a store handle; the write made on that handle appends
/// it in the write's own transaction, so the change and its entry are kept or lost together:
///
/// ```ignore
/// let change = audited(ctx, Some(actor), "organisation.create", org.id.to_string(), detail);
/// change.store.create_organisation(&org).await?;
/// change.done()?;
/// ```
///
/// With notices staged too, use `notify::stage(…)` and then [`notify::Staged::audited`] on it.
/// [`Audited::done`] fails if the write had no transaction (a storage method that does not end
/// with `Store::commit`), so a forgotten entry shows up as an error in that use case's tests.
/// Several writes that must share the entry: make them one storage method (one transaction);
/// where a use case cannot, the entry goes with its principal write (docs/audit.md lists them).
pub(crate) fn audited(
    ctx: &Context,
    actor: Option<&Actor>,
    action: &str,
    subject: String,
    detail: String,
) -> Audited {
    Audited {
        store: ctx
            .store
            .audited(audit_entry(ctx, actor, action, subject, detail)),
    }
}

/// A store handle carrying one staged audit entry; see [`audited`].
pub(crate) struct Audited {
    pub store: tandem_storage::Store,
}

impl Audited {
    /// Confirms that the write took the entry (it fails when the write had no transaction).
    pub fn done(self) -> AppResult<()> {
        self.store.ensure_flushed().map_err(AppError::internal)
    }
}

/// Records an event that changes nothing else (a refusal, an export, a failed sign-in), as its
/// own transaction. A change must use [`audited`] instead.
pub(crate) async fn audit_event(
    ctx: &Context,
    actor: Option<&Actor>,
    action: &str,
    subject: String,
    detail: String,
) -> AppResult<()> {
    ctx.store
        .append_audit(&audit_entry(ctx, actor, action, subject, detail))
        .await?;
    Ok(())
}
