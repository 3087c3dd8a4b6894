//! The use cases, shared by the HTML pages and the JSON API.
//!
//! Handlers stay thin: they turn a request into an input struct and call one function here. Every
//! function that acts for somebody takes the [`Actor`](tandem_domain::Actor) and, before anything
//! else, asks [`tandem_domain::can`]; then it validates with the domain's helpers, calls the
//! [`Store`](tandem_storage::Store) and appends an audit entry for every write. Errors are
//! [`AppError`](crate::AppError): field errors carry translation keys, so pages show them inline
//! and the API returns them per field. Anything the actor may not see is reported as `NotFound`
//! (so its existence is not revealed); anything they may see but not change as `Forbidden`.
//!
//! Signatures (all `async`, all returning `AppResult<_>`; `state: &AppState`, `actor: &Actor`):
//!
//! - [`organisations`]: `list(state, actor) -> Vec<Organisation>`, `get(state, actor, id)`,
//!   `create(state, actor, OrganisationInput) -> Organisation`, `update(state, actor, id, OrganisationInput)`,
//!   `people_counts(state, actor) -> Vec<(OrganisationId, u64)>` (only organisations the actor may see).
//! - [`programmes`]: `list`, `get`, `create(state, actor, ProgrammeInput) -> Programme`,
//!   `update(state, actor, id, ProgrammeInput)`. Rules are checked with `ProgrammeRules::validate`.
//! - [`intakes`]: `list(state, actor, programme_id) -> Vec<Intake>`, `get(state, actor, id) -> (Intake, Programme)`,
//!   `create(state, actor, programme_id, IntakeInput) -> Intake`, `update(state, actor, id, IntakeInput)`.
//! - [`people`]: `search(state, actor, &PeopleSearch) -> Page<PersonSummary>` (scope applied in SQL),
//!   `get(state, actor, id) -> PersonView`, `create(state, actor, PersonInput) -> PersonId`,
//!   `update(state, actor, id, PersonInput)`. Duplicate e-mail, unknown organisation, grade outside
//!   its system, unknown line manager and line-management cycles are field errors.
//! - [`import`]: `preview(state, actor, bytes, Format) -> ImportPreview` (writes nothing; keeps
//!   the parsed rows server-side under `ImportPreview::id` for 30 minutes, for this account only),
//!   `commit(state, actor, id) -> ImportOutcome` (re-validates against the current data, then one
//!   transaction), `preview_and_commit(state, actor, bytes, Format)` (for the API: all or nothing).
//! - [`export`]: `export(state, actor, Format) -> Export { bytes, content_type, file_name }`; an
//!   organisation coordinator gets only their organisations' people and employments.
//! - [`accounts`]: `sign_in(state, email, password) -> NewSession`, `sign_out(state, session_token)`,
//!   `user_for_session(state, session_token) -> Option<CurrentUser>`,
//!   `user_for_api_token(state, bearer_token) -> CurrentUser` (`Unauthenticated` when unknown),
//!   `request_password_reset(state, email)`, `reset_password(state, token, password, confirm)`,
//!   `invite(state, actor, person_id)`, `accept_invitation(state, token, password, confirm)`,
//!   `create_api_token(state, user, name) -> String` (shown once; only its hash is stored).
//! - [`dashboard`]: `summary(state, actor) -> Dashboard` (counts the actor may see).

pub mod accounts;
pub mod applications;
pub mod dashboard;
pub mod export;
pub mod growth;
pub mod home;
pub mod import;
pub mod intakes;
pub mod matching;
pub mod mentors;
pub mod organisations;
pub mod pairs;
pub mod people;
pub mod programmes;
pub mod sessions;
pub mod sets;

use crate::{AppError, AppResult, AppState};
use tandem_domain::{Action, Actor, can};
use tandem_storage::AuditEntry;

/// Refuses with `Forbidden` unless the policy allows the action.
pub(crate) fn authorise(actor: &Actor, action: Action<'_>) -> AppResult<()> {
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

/// Appends an audit entry. `subject` and `detail` hold ids and codes only, never names or e-mails.
pub(crate) async fn audit(
    state: &AppState,
    actor: Option<&Actor>,
    action: &str,
    subject: String,
    detail: String,
) -> AppResult<()> {
    let entry = AuditEntry {
        at: state.now(),
        actor: actor.map(|a| a.person_id),
        action: action.to_string(),
        subject,
        detail,
    };
    state.store.append_audit(&entry).await?;
    Ok(())
}
