//! Nominations: an organisation coordinator starts an application on behalf of their staff
//! (inviting those without an account); the person completes or declines it.
//!
//! A nomination is an application in the status `Nominated` (see
//! [`tandem_domain::ApplicationStatus::can_move_to`]) with a row saying who nominated. The
//! person completes it by filling in the intake's form as anyone applying does
//! ([`crate::applications::apply`] notices the nomination and completes it rather than refusing
//! a second application), after which it follows the normal flow; or they decline it, which the
//! nominator sees. Policy: [`Action::Nominate`] for the organisation whose places the
//! application would use (the nominee's primary employer), so only one's own staff; and only
//! into an intake open today.

use super::{audited, authorise_or_hide, intakes};
use crate::applications::{is_open, primary_employment};
use crate::notify::accounts::AccountNotice;
use crate::notify::journey::ApplicationPayload;
use crate::notify::{self, Notice, NoticeKind};
use crate::{AppError, AppResult, Context, Refusal};
use serde::Serialize;
use std::collections::HashMap;
use tandem_domain::application::{Applicant, check_eligibility};
use tandem_domain::policy::people_scope;
use tandem_domain::{
    AccountId, Action, Actor, Answers, Application, ApplicationEvent, ApplicationId,
    ApplicationRole, ApplicationStatus, Intake, IntakeId, MatchingProfile, OrganisationId,
    PersonId, Programme, can,
};
use tandem_storage::{Account, Clash, NominationRecord, PeopleQuery, StoreError, UniqueField};

/// Most people nominated in one request (the work of one request stays bounded).
pub const MAX_NOMINEES: usize = 50;
/// Most staff the nominate page lists at once (narrow with the search).
pub const MAX_CANDIDATES: u64 = 50;

/// The organisations whose staff the actor may nominate.
async fn nominates_for(ctx: &Context, actor: &Actor) -> AppResult<Vec<OrganisationId>> {
    Ok(ctx
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| o.id)
        .filter(|o| can(actor, Action::Nominate { organisation: *o }))
        .collect())
}

/// A member of staff the actor could nominate.
#[derive(Clone, Debug, Serialize)]
pub struct Candidate {
    pub person_id: PersonId,
    pub name: String,
    pub organisation_name: String,
    pub job_title: String,
    /// Roles of this intake they have an application (or nomination) for already.
    pub applied: Vec<ApplicationRole>,
}

/// One nomination as its nominator's organisation sees it.
#[derive(Clone, Debug, Serialize)]
pub struct NominationRow {
    pub application_id: ApplicationId,
    pub person_id: PersonId,
    pub name: String,
    pub role: ApplicationRole,
    pub status: ApplicationStatus,
    pub nominated_at: chrono::DateTime<chrono::Utc>,
}

/// What the "Nominate staff" page shows.
#[derive(Clone, Debug, Serialize)]
pub struct NominatePage {
    pub intake: Intake,
    pub programme: Programme,
    pub open: bool,
    pub roles: Vec<ApplicationRole>,
    pub candidates: Vec<Candidate>,
    /// More staff matched than are listed.
    pub more: bool,
    pub nominations: Vec<NominationRow>,
}

/// The staff the actor may nominate into the intake (narrowed by `search`), and the
/// nominations made so far at the actor's organisations with where each stands.
pub async fn page(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    search: Option<&str>,
) -> AppResult<NominatePage> {
    let orgs = nominates_for(ctx, actor).await?;
    if orgs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    let mut q = PeopleQuery::new(people_scope(actor), actor.person_id);
    q.limit = MAX_CANDIDATES;
    // A term with a character no stored text holds matches no one (see `text::search_term`).
    let found = match tandem_domain::text::search_term(search, 200) {
        Ok(text) => {
            q.text = text;
            ctx.store.search_people(actor.scheme_id, &q).await?
        }
        Err(_) => tandem_storage::Page::empty(0, MAX_CANDIDATES),
    };
    let mut applied: HashMap<PersonId, Vec<ApplicationRole>> = HashMap::new();
    for a in ctx.store.list_applications(intake.id).await? {
        applied.entry(a.person_id).or_default().push(a.role);
    }
    let candidates = found
        .items
        .into_iter()
        .filter(|s| s.organisation_id.is_some_and(|o| orgs.contains(&o)))
        .filter(|s| s.person.id != actor.person_id)
        .map(|s| Candidate {
            person_id: s.person.id,
            name: s.person.display_name(),
            organisation_name: s.organisation_name.unwrap_or_default(),
            job_title: s.job_title.unwrap_or_default(),
            applied: applied.get(&s.person.id).cloned().unwrap_or_default(),
        })
        .collect();
    let nominations = rows(ctx, intake.id, &orgs).await?;
    Ok(NominatePage {
        open: is_open(ctx, &intake),
        roles: ApplicationRole::for_kind(programme.kind).to_vec(),
        more: found.total > MAX_CANDIDATES,
        candidates,
        nominations,
        intake,
        programme,
    })
}

/// The intake's nominations at the actor's organisations (all of them for the scheme's
/// coordinators), with where each stands: the nominator follows what became of them.
pub async fn list(ctx: &Context, actor: &Actor, intake: IntakeId) -> AppResult<Vec<NominationRow>> {
    let orgs = nominates_for(ctx, actor).await?;
    if orgs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let (intake, _) = intakes::get(ctx, actor, intake).await?;
    rows(ctx, intake.id, &orgs).await
}

async fn rows(
    ctx: &Context,
    intake: IntakeId,
    orgs: &[OrganisationId],
) -> AppResult<Vec<NominationRow>> {
    let mut out = Vec::new();
    for n in ctx.store.nominations_in_intake(intake, Some(orgs)).await? {
        out.push(row(ctx, n).await?);
    }
    Ok(out)
}

async fn row(ctx: &Context, n: NominationRecord) -> AppResult<NominationRow> {
    Ok(NominationRow {
        name: ctx
            .store
            .get_person(n.person_id)
            .await?
            .person
            .display_name(),
        application_id: n.application_id,
        person_id: n.person_id,
        role: n.role,
        status: n.status,
        nominated_at: n.nominated_at,
    })
}

/// Why one person was not nominated.
#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    pub person_id: PersonId,
    pub name: String,
    /// Translation key of the reason.
    pub reason: String,
}

/// What a nomination request did.
#[derive(Clone, Debug, Serialize)]
pub struct Nominated {
    pub nominated: Vec<ApplicationId>,
    /// Of those nominated, how many had no account yet and were invited too.
    pub invited: usize,
    pub skipped: Vec<Skipped>,
}

/// Nominates `people` into an open intake for `role`. Every person must be the actor's to
/// nominate (else the whole request is `NotFound` and nothing is written); one who is not
/// eligible, or has an application for the role already, is skipped with the reason. Each
/// nomination is one transaction: the application, the nomination, the participant role, the
/// account if the person had none, and the notices (the nomination, and the invitation).
pub async fn nominate(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    role: Option<ApplicationRole>,
    people: &[PersonId],
) -> AppResult<Nominated> {
    let orgs = nominates_for(ctx, actor).await?;
    if orgs.is_empty() {
        return Err(AppError::Forbidden);
    }
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    if !is_open(ctx, &intake) {
        return Err(AppError::Refused(Refusal::IntakeClosed));
    }
    let Some(role) = role.filter(|r| ApplicationRole::for_kind(programme.kind).contains(r)) else {
        return Err(AppError::field("role", "error.applications.choose_role"));
    };
    let mut people = people.to_vec();
    people.sort();
    people.dedup();
    if people.is_empty() {
        return Err(AppError::field("people", "nominations.error.choose_people"));
    }
    if people.len() > MAX_NOMINEES {
        let max = MAX_NOMINEES.to_string();
        let mut e = tandem_domain::ValidationErrors::new();
        e.add_with("people", "nominations.error.too_many", &[("max", &max)]);
        return Err(AppError::Validation(e));
    }
    // Everyone first: one person not the actor's hides the whole request, before any write.
    let mut records = Vec::new();
    for p in &people {
        let record = match ctx.store.get_person(*p).await {
            Ok(r) if r.person.scheme_id == actor.scheme_id => r,
            Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let Some(employment) = primary_employment(&record.employments).cloned() else {
            return Err(AppError::NotFound);
        };
        let nominate = Action::NominatePerson {
            person: *p,
            organisation: employment.organisation_id,
        };
        // Oneself is someone the actor knows of: told why, rather than hidden.
        if *p == actor.person_id && !can(actor, nominate) {
            return Err(AppError::field("people", "kinds.error.nominate_self"));
        }
        authorise_or_hide(actor, nominate)?;
        records.push((record, employment));
    }
    let now = ctx.now();
    let mut out = Nominated {
        nominated: Vec::new(),
        invited: 0,
        skipped: Vec::new(),
    };
    for (record, employment) in records {
        let person = record.person;
        let skip = |reason: &str, _: Vec<(String, String)>| Skipped {
            person_id: person.id,
            name: person.display_name(),
            reason: reason.to_string(),
        };
        let existing = ctx.store.applications_of_person(person.id).await?;
        if existing
            .iter()
            .any(|a| a.intake_id == intake.id && a.role == role)
        {
            out.skipped
                .push(skip("nominations.skipped.already_applied", Vec::new()));
            continue;
        }
        let org_kind = ctx
            .store
            .get_organisation(employment.organisation_id)
            .await?
            .kind;
        let applicant = Applicant {
            grade_system: Some(employment.grade_system),
            grade: Some(employment.grade.as_str()),
            profession: Some(employment.profession.as_str()),
            organisation_kind: Some(org_kind),
            mentor_trained: ctx.store.is_mentor_trained(person.id).await?,
        };
        if check_eligibility(programme.kind, &programme.rules, role, &applicant).is_err() {
            // The precise reason is what the person sees on the apply page; the nominator is
            // told only that the programme's rules rule them out for this role.
            out.skipped
                .push(skip("nominations.skipped.ineligible", Vec::new()));
            continue;
        }
        let existing_account = ctx.store.account_by_person(person.id).await?;
        if existing_account.as_ref().is_some_and(|a| a.disabled) {
            out.skipped
                .push(skip("nominations.skipped.account_disabled", Vec::new()));
            continue;
        }
        let new_account = match &existing_account {
            Some(_) => None,
            None => Some(Account {
                id: AccountId::new(),
                person_id: person.id,
                scheme_id: actor.scheme_id,
                email: person.email.clone(),
                password_hash: None,
                disabled: false,
                failed_logins: 0,
                locked_until: None,
            }),
        };
        let application = Application {
            id: ApplicationId::new(),
            intake_id: intake.id,
            person_id: person.id,
            role,
            organisation_id: employment.organisation_id,
            status: ApplicationStatus::Nominated,
            profile: MatchingProfile::default(),
            answers: Answers::default(),
            line_manager_id: None,
            submitted_at: now,
            updated_at: now,
            version: 1,
        };
        let event = ApplicationEvent {
            application_id: application.id,
            at: now,
            actor_id: Some(actor.person_id),
            status: ApplicationStatus::Nominated,
            note: "nominations.history.nominated".into(),
        };
        let mut notices = vec![Notice::to_person(
            ctx,
            NoticeKind::ApplicationNominated,
            person.id,
            &application.id.to_string(),
            ApplicationPayload {
                application: application.id,
                status: Some(ApplicationStatus::Nominated),
                cause: None,
                reason: None,
            },
        )?];
        // Someone who cannot sign in yet is invited to (a new account, or one whose earlier
        // invitation was never accepted).
        let invite = existing_account
            .as_ref()
            .or(new_account.as_ref())
            .filter(|a| a.password_hash.is_none());
        if let Some(account) = invite {
            notices.push(Notice::to_person(
                ctx,
                NoticeKind::AccountInvitation,
                person.id,
                &format!("nomination:{}", application.id),
                AccountNotice {
                    account: account.id,
                },
            )?);
        }
        let staged = notify::stage(ctx, notices).audited(
            ctx,
            Some(actor),
            "nomination.create",
            application.id.to_string(),
            format!(
                "intake={} person={} role={} invited={}",
                intake.id,
                person.id,
                role.code(),
                invite.is_some()
            ),
        );
        match staged
            .store
            .create_nomination(
                &application,
                &event,
                actor.person_id,
                actor.scheme_id,
                new_account.as_ref(),
            )
            .await
        {
            Ok(()) => staged.done()?,
            Err(StoreError::Conflict {
                field: UniqueField::Role,
            }) => {
                out.skipped
                    .push(skip("nominations.skipped.already_applied", Vec::new()));
                continue;
            }
            Err(StoreError::Conflict { .. }) => {
                out.skipped
                    .push(skip("nominations.skipped.address_in_use", Vec::new()));
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        if invite.is_some() {
            out.invited += 1;
        }
        out.nominated.push(application.id);
    }
    Ok(out)
}

/// One of the actor's open nominations, for their home and applications list.
#[derive(Clone, Debug, Serialize)]
pub struct OpenNomination {
    pub application_id: ApplicationId,
    pub intake: Intake,
    pub programme: Programme,
    pub role: ApplicationRole,
    pub nominated_by: String,
    pub open: bool,
}

/// The actor's nominations waiting for them to complete or decline.
pub async fn mine(ctx: &Context, actor: &Actor) -> AppResult<Vec<OpenNomination>> {
    crate::authorise(actor, Action::ViewScheme)?;
    let mut out = Vec::new();
    for n in ctx.store.open_nominations_of(actor.person_id).await? {
        let (intake, programme) = intakes::get(ctx, actor, n.intake_id).await?;
        let nominated_by = match ctx.store.get_person(n.nominated_by).await {
            Ok(r) => r.person.display_name(),
            Err(StoreError::NotFound) => String::new(),
            Err(e) => return Err(e.into()),
        };
        out.push(OpenNomination {
            application_id: n.application_id,
            open: is_open(ctx, &intake),
            intake,
            programme,
            role: n.role,
            nominated_by,
        });
    }
    Ok(out)
}

/// Declines a nomination of the actor's own (anyone else's is `NotFound`); recorded in its
/// history, where the nominator sees it.
pub async fn decline(ctx: &Context, actor: &Actor, id: ApplicationId) -> AppResult<Application> {
    crate::authorise(actor, Action::ViewScheme)?;
    let application = ctx.store.get_application(id).await?;
    if application.person_id != actor.person_id || ctx.store.nomination(id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if application.status != ApplicationStatus::Nominated {
        return Err(AppError::Refused(Refusal::NominationAnswered));
    }
    let event = ApplicationEvent {
        application_id: id,
        at: ctx.now(),
        actor_id: Some(actor.person_id),
        status: ApplicationStatus::NominationDeclined,
        note: "nominations.history.declined".into(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "nomination.decline",
        id.to_string(),
        String::new(),
    );
    let moved = match change
        .store
        .move_application(id, ApplicationStatus::Nominated, &event)
        .await
    {
        Ok(a) => a,
        Err(StoreError::Refused(Clash::StatusChanged)) => {
            return Err(AppError::Refused(Refusal::NominationAnswered));
        }
        Err(e) => return Err(e.into()),
    };
    change.done()?;

    Ok(moved)
}
