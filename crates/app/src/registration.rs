//! Self-registration: a person registers, confirms their e-mail address by a single-use link,
//! and their organisation's coordinator confirms the employment before any application of
//! theirs can be approved.
//!
//! The steps, and why each is as it is:
//! - **Registering** (public, only when the scheme's `self_registration` is on) writes the
//!   person, their primary employment, the work-or-personal kind of their address, an account
//!   *without a password* and the registration, with the confirmation e-mail staged in the same
//!   transaction. An address already in use gets exactly the same answer and writes nothing, so
//!   the form cannot tell anyone who has an account.
//! - **Confirming the address** is where the person chooses their password (as accepting an
//!   invitation does): no password of an unverified stranger is ever kept, a mail scanner that
//!   opens the link (a GET) consumes nothing, and until then sign-in is refused because the
//!   account has no password. Confirming grants the scheme's participant role.
//! - **Confirming the employment** is the coordinators' (of the organisation named, or the
//!   scheme's): until then the person may apply, but approval is refused with
//!   [`Refusal::EmploymentNotConfirmed`]. "Not employed here" ends the registration: the
//!   account is disabled and the person told.
//! - A registration never confirmed by e-mail expires (the link's lifetime plus a day) and is
//!   removed with its person by [`crate::upkeep::sweep`], so a mistyped or hostile registration
//!   never blocks the real person's invitation or import for long. An HR import that updates a
//!   registered person takes the registration over before then (the employer vouches for them).

use super::{audited, authorise_or_hide};
use crate::accounts::{check_new_password, hash_password, token_hash};
use crate::notify::accounts::AccountNotice;
use crate::notify::{self, Notice, NoticeKind};
use crate::{AppError, AppResult, Context, Refusal};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use tandem_domain::validate::{normalise_email, required_text};
use tandem_domain::{
    AccountId, Action, Actor, EmailKind, Employment, EmploymentId, GradeSystem, Language,
    Organisation, OrganisationId, Person, PersonId, Scheme, ValidationErrors, can,
};
use tandem_storage::{Account, Clash, EmploymentCheck, RegistrationRecord, StoreError, TokenKind};

/// Most registrations one page of the coordinators' list shows.
pub const MAX_WAITING: u64 = 200;
/// Most expired registrations one upkeep pass removes (the rest go on the next pass).
pub const SWEEP_BATCH: u64 = 500;

/// The scheme people register with: an installation serves one scheme.
async fn the_scheme(ctx: &Context) -> AppResult<Option<Scheme>> {
    Ok(ctx.store.list_schemes().await?.into_iter().next())
}

/// What the registration page needs: whether registration is open, and the choices.
#[derive(Clone, Debug, Serialize)]
pub struct RegistrationForm {
    pub open: bool,
    pub organisations: Vec<Organisation>,
    pub languages: Vec<Language>,
}

/// The registration page's choices (no actor: the page is public). When the scheme does not
/// take registrations, `open` is false and nothing else is given.
pub async fn form(ctx: &Context) -> AppResult<RegistrationForm> {
    let closed = RegistrationForm {
        open: false,
        organisations: Vec::new(),
        languages: Vec::new(),
    };
    let Some(scheme) = the_scheme(ctx).await? else {
        return Ok(closed);
    };
    let settings = ctx.store.scheme_settings(scheme.id).await?;
    if !settings.self_registration {
        return Ok(closed);
    }
    Ok(RegistrationForm {
        open: true,
        organisations: ctx.store.list_organisations(scheme.id).await?,
        languages: settings.languages,
    })
}

/// What a person registering gives.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct RegistrationInput {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub email_kind: Option<EmailKind>,
    pub organisation_id: Option<OrganisationId>,
    pub job_title: String,
    pub profession: String,
    pub grade_system: Option<GradeSystem>,
    pub grade: String,
    pub language: Option<Language>,
}

/// Registers a person (see the module documentation). `Ok(())` means "check your e-mail",
/// whether or not the address was free: nothing tells the two apart.
pub async fn register(ctx: &Context, input: RegistrationInput) -> AppResult<()> {
    register_from(ctx, &crate::throttle::Client::local(), input).await
}

/// [`register`] for a network client: a valid submission is limited per client address and per
/// e-mail address (`TooManyRequests`, nothing written), so nobody can flood an address with
/// confirmation e-mails or the scheme with registrations.
pub async fn register_from(
    ctx: &Context,
    client: &crate::throttle::Client,
    input: RegistrationInput,
) -> AppResult<()> {
    let Some(scheme) = the_scheme(ctx).await? else {
        return Err(AppError::Refused(Refusal::RegistrationClosed));
    };
    let settings = ctx.store.scheme_settings(scheme.id).await?;
    if !settings.self_registration {
        return Err(AppError::Refused(Refusal::RegistrationClosed));
    }
    // The same checks and messages as the person form (people::check), without the line
    // manager (a stranger may not probe who works where) and without "e-mail taken".
    let mut e = ValidationErrors::new();
    let given_name = required_text(&input.given_name)
        .map_err(|k| e.add("given_name", k))
        .ok();
    let family_name = required_text(&input.family_name)
        .map_err(|k| e.add("family_name", k))
        .ok();
    let email = normalise_email(&input.email)
        .map_err(|k| e.add("email", k))
        .ok();
    if input.email_kind.is_none() {
        e.add("email_kind", "registration.error.choose_email_kind");
    }
    let job_title = required_text(&input.job_title)
        .map_err(|k| e.add("job_title", k))
        .ok();
    let profession = required_text(&input.profession)
        .map_err(|k| e.add("profession", k))
        .ok();
    let organisations = ctx.store.list_organisations(scheme.id).await?;
    match input.organisation_id {
        None => e.add("organisation_id", "error.choose_organisation"),
        Some(o) if !organisations.iter().any(|x| x.id == o) => {
            e.add("organisation_id", "error.unknown_organisation")
        }
        Some(_) => {}
    }
    let mut grade = None;
    match input.grade_system {
        None => e.add("grade_system", "error.choose_grade_system"),
        Some(system) => match system.grade(&input.grade) {
            Some(g) => grade = Some(g.code.to_string()),
            None if input.grade.trim().is_empty() => e.add("grade", "error.required"),
            None => e.add_with(
                "grade",
                "error.grade_not_in_system",
                &[("system", system.code())],
            ),
        },
    }
    let language = match input.language {
        Some(l) if settings.languages.contains(&l) => l,
        Some(_) => {
            e.add("language", "registration.error.language");
            Language::default()
        }
        None => settings.languages.first().copied().unwrap_or_default(),
    };
    e.into_result()?;
    let email = email.unwrap_or_default();
    {
        use crate::throttle::{self, Counted};
        throttle::per_address_and_account(
            ctx,
            client,
            &throttle::email_subject(&email),
            Counted::Registration,
        )
        .await?;
    }
    // An address in use: the same answer, nothing written, nothing audited about that person.
    if ctx
        .store
        .find_person_by_email(scheme.id, &email)
        .await?
        .is_some()
        || ctx.store.account_by_email(&email).await?.is_some()
    {
        return Ok(());
    }
    let now = ctx.now();
    let person_id = PersonId::new();
    let organisation_id = input.organisation_id.unwrap_or_default();
    let person = Person {
        id: person_id,
        scheme_id: scheme.id,
        given_name: given_name.unwrap_or_default(),
        family_name: family_name.unwrap_or_default(),
        email: email.clone(),
        language,
    };
    let employment = Employment {
        id: EmploymentId::new(),
        person_id,
        organisation_id,
        job_title: job_title.unwrap_or_default(),
        profession: tandem_domain::words::canonical_profession(&profession.unwrap_or_default()),
        grade_system: input.grade_system.unwrap_or(GradeSystem::AgendaForChange),
        grade: grade.unwrap_or_default(),
        line_manager_id: None,
        primary: true,
    };
    let account = Account {
        id: AccountId::new(),
        person_id,
        scheme_id: scheme.id,
        email,
        password_hash: None,
        disabled: false,
        failed_logins: 0,
        locked_until: None,
    };
    let registration = RegistrationRecord {
        person_id,
        scheme_id: scheme.id,
        organisation_id,
        registered_at: now,
        expires_at: expiry(ctx, now),
        email_confirmed_at: None,
        employment: EmploymentCheck::Pending,
        decided_by: None,
        decided_at: None,
    };
    let notice = Notice::to_person(
        ctx,
        NoticeKind::AccountEmailConfirmation,
        person_id,
        &account.id.to_string(),
        AccountNotice {
            account: account.id,
        },
    )?;
    let staged = notify::stage(ctx, vec![notice]).audited(
        ctx,
        None,
        "registration.create",
        person_id.to_string(),
        format!("organisation={organisation_id}"),
    );
    match staged
        .store
        .register_person(
            &person,
            &employment,
            input.email_kind.unwrap_or_default(),
            &account,
            &registration,
        )
        .await
    {
        Ok(()) => staged.done()?,
        // Taken meanwhile by a parallel request: the same answer as above.
        Err(StoreError::Conflict { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// When an unconfirmed registration made at `at` is removed: the confirmation link's lifetime
/// (counted from its delivery, a little later) plus a day.
fn expiry(ctx: &Context, at: DateTime<Utc>) -> DateTime<Utc> {
    at + Duration::hours(i64::from(ctx.settings.invitation_hours)) + Duration::days(1)
}

/// Whether an e-mail confirmation link can still be used (to show its form); uses nothing.
pub async fn confirmation_link_is_valid(ctx: &Context, token: &str) -> AppResult<bool> {
    Ok(ctx
        .store
        .token_is_valid(
            TokenKind::EmailConfirmation,
            &token_hash(token.trim()),
            ctx.now(),
        )
        .await?
        .is_some())
}

/// Confirms the address with the e-mailed single-use link and sets the first password; grants
/// the participant role. An expired, used or forged link is a field error on `token` and
/// changes nothing.
pub async fn confirm_email(
    ctx: &Context,
    token: &str,
    password: &str,
    confirm: &str,
) -> AppResult<()> {
    check_new_password(password, confirm)?;
    let hash = hash_password(ctx, password.to_string()).await?;
    let token_hash = token_hash(token.trim());
    // The entry names the account and person the link belongs to, so they are read first; the
    // store then consumes the link and writes the entry in one transaction (a link used
    // meanwhile is refused there, and nothing is written).
    let invalid = || AppError::field("token", "error.link_invalid");
    let Some(account) = ctx
        .store
        .token_is_valid(TokenKind::EmailConfirmation, &token_hash, ctx.now())
        .await?
    else {
        return Err(invalid());
    };
    let person = ctx.store.get_account(account).await?.person_id;
    let change = audited(
        ctx,
        None,
        "registration.email_confirmed",
        account.to_string(),
        format!("person={person}"),
    );
    match change
        .store
        .confirm_registration_email(&token_hash, &hash, ctx.now())
        .await?
    {
        Some((confirmed, _)) if confirmed == account => change.done(),
        _ => Err(invalid()),
    }
}

/// A registration waiting for its employment to be confirmed, as coordinators see it.
#[derive(Clone, Debug, Serialize)]
pub struct WaitingRegistration {
    pub person_id: PersonId,
    pub name: String,
    pub email: String,
    pub email_kind: EmailKind,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub job_title: String,
    pub profession: String,
    pub grade_system: GradeSystem,
    pub grade: String,
    pub email_confirmed_at: Option<DateTime<Utc>>,
}

/// The organisations whose registrations the actor decides (policy: `ConfirmEmployment`).
async fn decides_for(ctx: &Context, actor: &Actor) -> AppResult<Vec<Organisation>> {
    Ok(ctx
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .filter(|o| can(actor, Action::ConfirmEmployment { organisation: o.id }))
        .collect())
}

/// People whose address is confirmed and whose employment waits for the actor: at their own
/// organisations for an organisation coordinator, everywhere for the scheme's coordinators.
/// Anyone who decides for no organisation is refused.
pub async fn waiting(ctx: &Context, actor: &Actor) -> AppResult<Vec<WaitingRegistration>> {
    let orgs = decides_for(ctx, actor).await?;
    if orgs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<OrganisationId> = orgs.iter().map(|o| o.id).collect();
    let mut out = Vec::new();
    for r in ctx
        .store
        .waiting_registrations(actor.scheme_id, Some(&ids), MAX_WAITING)
        .await?
    {
        let record = ctx.store.get_person(r.person_id).await?;
        let employment = record
            .employments
            .iter()
            .find(|e| e.organisation_id == r.organisation_id)
            .cloned();
        out.push(WaitingRegistration {
            person_id: r.person_id,
            name: record.person.display_name(),
            email: record.person.email.clone(),
            email_kind: ctx.store.email_kind(r.person_id).await?,
            organisation_id: r.organisation_id,
            organisation_name: orgs
                .iter()
                .find(|o| o.id == r.organisation_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            job_title: employment
                .as_ref()
                .map(|e| e.job_title.clone())
                .unwrap_or_default(),
            profession: employment
                .as_ref()
                .map(|e| e.profession.clone())
                .unwrap_or_default(),
            grade_system: employment
                .as_ref()
                .map(|e| e.grade_system)
                .unwrap_or(GradeSystem::AgendaForChange),
            grade: employment.map(|e| e.grade).unwrap_or_default(),
            email_confirmed_at: r.email_confirmed_at,
        });
    }
    Ok(out)
}

/// A registration the actor may decide on: of their scheme, address confirmed, at an
/// organisation they confirm employments for; anything else is `NotFound`.
async fn decidable(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
) -> AppResult<RegistrationRecord> {
    let Some(r) = ctx.store.registration(person).await? else {
        return Err(AppError::NotFound);
    };
    if r.scheme_id != actor.scheme_id || r.email_confirmed_at.is_none() {
        return Err(AppError::NotFound);
    }
    authorise_or_hide(
        actor,
        Action::ConfirmEmployment {
            organisation: r.organisation_id,
        },
    )?;
    if r.employment != EmploymentCheck::Pending {
        return Err(AppError::Refused(Refusal::RegistrationDecided));
    }
    Ok(r)
}

/// Confirms that the person works at the organisation they named: from now on their
/// applications can be approved.
pub async fn confirm_employment(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<()> {
    let r = decidable(ctx, actor, person).await?;
    let change = audited(
        ctx,
        Some(actor),
        "registration.employment_confirmed",
        person.to_string(),
        format!("organisation={}", r.organisation_id),
    );
    match change
        .store
        .decide_registration(
            person,
            EmploymentCheck::Confirmed,
            actor.person_id,
            ctx.now(),
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::Refused(Clash::StatusChanged)) => {
            return Err(AppError::Refused(Refusal::RegistrationDecided));
        }
        Err(e) => return Err(e.into()),
    }
    change.done()
}

/// "Not employed here": ends the registration. The account is disabled (signed out everywhere)
/// and the person is told, in the same transaction.
pub async fn not_employed(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<()> {
    let r = decidable(ctx, actor, person).await?;
    let notice = Notice::to_person(
        ctx,
        NoticeKind::RegistrationEnded,
        person,
        &r.organisation_id.to_string(),
        crate::notify::nominations::EndedNotice {
            organisation: r.organisation_id,
        },
    )?;
    let staged = notify::stage(ctx, vec![notice]).audited(
        ctx,
        Some(actor),
        "registration.not_employed",
        person.to_string(),
        format!("organisation={}", r.organisation_id),
    );
    match staged
        .store
        .decide_registration(
            person,
            EmploymentCheck::NotEmployed,
            actor.person_id,
            ctx.now(),
        )
        .await
    {
        Ok(()) => staged.done()?,
        Err(StoreError::Refused(Clash::StatusChanged)) => {
            return Err(AppError::Refused(Refusal::RegistrationDecided));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Why an application of `person` cannot be approved yet: they registered themselves and the
/// organisation they named has not confirmed the employment. `None` for everyone else.
pub(crate) async fn approval_block(ctx: &Context, person: PersonId) -> AppResult<Option<Refusal>> {
    let Some(r) = ctx.store.registration(person).await? else {
        return Ok(None);
    };
    if r.employment == EmploymentCheck::Confirmed {
        return Ok(None);
    }
    let organisation = ctx
        .store
        .get_organisation(r.organisation_id)
        .await
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(Some(Refusal::EmploymentNotConfirmed { organisation }))
}

/// Removes registrations never confirmed by e-mail whose time ran out (the upkeep pass).
pub(crate) async fn sweep(ctx: &Context) -> AppResult<u64> {
    Ok(ctx
        .store
        .delete_expired_registrations(ctx.now(), SWEEP_BATCH)
        .await?)
}

/// An HR import updated these people: a pending self-registration among them is taken over by
/// the employer's record (see [`tandem_storage::Store::release_registrations`]), so a person
/// who registered and then arrived in an import is not hidden or swept away.
pub(crate) async fn taken_over(ctx: &Context, people: &[PersonId]) -> AppResult<u64> {
    Ok(ctx.store.release_registrations(people).await?)
}
