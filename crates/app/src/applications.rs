//! Recruitment: the intake's application form, applying, the line manager's e-mailed approval
//! link, the organisation coordinator's decision within places, and the applicant's own view.
//!
//! Refusals that are about the state of things rather than a mistyped value (a second
//! application to the same role, no places left, a decision on an application that has moved on,
//! a closed intake) are [`AppError::Refused`] with a [`Refusal`] that names the form field it is
//! about ([`Refusal::field`]): pages show them in the error summary like any other problem, and
//! the API answers them with `409 Conflict` and the same per-field detail. Every refusal changes
//! nothing.

use super::{audited, authorise, authorise_or_hide, intakes, programmes};
use crate::accounts::token_hash;
use crate::notify;
use crate::{AppError, AppResult, Context, Refusal};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tandem_domain::application::{
    Applicant, Ineligible, ManagerLink, PlaceUse, check_eligibility, validate_answers,
    validate_questions,
};
use tandem_domain::text::{self, Shape, TextError};
use tandem_domain::{
    Action, Actor, Answers, Application, ApplicationEvent, ApplicationId, ApplicationRole,
    ApplicationStatus, Employment, Intake, IntakeId, LinkAction, MatchingProfile, OrganisationId,
    Programme, Question, QuestionKind, ValidationErrors, can_by_link,
};
use tandem_storage::{Clash, StoreError, UniqueField};

/// Translation key of a role's name (defined with the notices' words, which use it too).
pub use crate::notify::words::role_key;

/// Longest question prompt and hint, and longest option, in characters.
pub const MAX_PROMPT: usize = 500;
pub const MAX_OPTION: usize = 200;
/// Longest question key (keys become form field names and HTML ids).
pub const MAX_KEY: usize = 40;
/// Longest reason a coordinator gives with a decision, in characters.
pub const MAX_REASON: usize = 1000;

fn field_with(field: &str, key: &str, params: &[(&str, &str)]) -> AppError {
    let mut e = ValidationErrors::new();
    e.add_with(field, key, params);
    AppError::Validation(e)
}

/// Whether the intake takes applications on the application's today (inclusive dates).
pub fn is_open(ctx: &Context, intake: &Intake) -> bool {
    let today = ctx.now().date_naive();
    intake.opens_on <= today && today <= intake.closes_on
}

// ----- form builder ------------------------------------------------------------------------

/// The intake, its programme and its questions. Any member of the scheme may read them (they
/// are what an applicant is asked).
pub async fn form(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<(Intake, Programme, Vec<Question>)> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    let questions = ctx.store.application_form(intake.id).await?;
    Ok((intake, programme, questions))
}

/// Tidies the coordinator's questions before checking them: trims text, drops blank options,
/// clears what the kind does not use, and gives new questions (no key) a fresh key.
pub fn normalise_questions(mut questions: Vec<Question>) -> Vec<Question> {
    let mut used: BTreeSet<String> = questions.iter().map(|q| q.key.trim().to_string()).collect();
    let mut next = 1usize;
    for q in &mut questions {
        q.key = q.key.trim().to_string();
        if q.key.is_empty() {
            while used.contains(&format!("q{next}")) {
                next += 1;
            }
            q.key = format!("q{next}");
            used.insert(q.key.clone());
        }
        q.prompt = text::normalise(&q.prompt, Shape::Line);
        q.hint = text::normalise(&q.hint, Shape::Line);
        q.options = q
            .options
            .iter()
            .map(|o| text::normalise(o, Shape::Line))
            .filter(|o| !o.is_empty())
            .collect();
        if !matches!(
            q.kind,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        ) {
            q.options.clear();
        }
        if q.kind != QuestionKind::Scale {
            q.scale_max = None;
        }
        q.roles.sort();
        q.roles.dedup();
    }
    questions
}

/// Checks questions for a programme: the domain's rules plus lengths, key shape and roles the
/// programme recruits.
pub fn check_questions(programme: &Programme, questions: &[Question]) -> Result<(), AppError> {
    let mut e = match validate_questions(questions) {
        Ok(()) => ValidationErrors::new(),
        Err(e) => e,
    };
    let offered = ApplicationRole::for_kind(programme.kind);
    for q in questions {
        let field = format!("question_{}", q.key);
        let key_ok = q.key.len() <= MAX_KEY
            && q.key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok && e.for_field(&field).is_none() {
            e.add(&field, "error.question_key");
        }
        // Lengths have their own message below; here only the characters.
        let bad = std::iter::once(&q.prompt)
            .chain([&q.hint])
            .chain(&q.options)
            .find_map(|t| match text::line(t, usize::MAX / 8) {
                Err(err @ (TextError::Control | TextError::Bidi)) => Some(err),
                _ => None,
            });
        if let Some(err) = bad {
            err.record(&mut e, &field);
        }
        let long = q.prompt.chars().count() > MAX_PROMPT
            || q.hint.chars().count() > MAX_PROMPT
            || q.options.iter().any(|o| o.chars().count() > MAX_OPTION);
        if long {
            e.add_with(
                &field,
                "error.applications.question_too_long",
                &[
                    ("max", &MAX_PROMPT.to_string()),
                    ("option_max", &MAX_OPTION.to_string()),
                ],
            );
        }
        if q.roles.iter().any(|r| !offered.contains(r)) {
            e.add(&field, "error.applications.role_not_offered");
        }
    }
    e.into_result().map_err(AppError::Validation)
}

/// Replaces the intake's questions (scheme coordinators). Returns the questions as saved.
pub async fn set_form(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    questions: Vec<Question>,
) -> AppResult<Vec<Question>> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let questions = normalise_questions(questions);
    check_questions(&programme, &questions)?;
    let change = audited(
        ctx,
        Some(actor),
        "application_form.update",
        intake.id.to_string(),
        format!("questions={}", questions.len()),
    );
    change
        .store
        .set_application_form(intake.id, &questions, ctx.now())
        .await?;
    change.done()?;
    Ok(questions)
}

// ----- eligibility and applying --------------------------------------------------------------

/// The employment whose organisation's places an application uses: the one marked primary,
/// else the first.
pub fn primary_employment(employments: &[Employment]) -> Option<&Employment> {
    employments
        .iter()
        .find(|e| e.primary)
        .or_else(|| employments.first())
}

/// One role the applicant could apply for, with why not (if not) and their application (if any).
#[derive(Clone, Debug, Serialize)]
pub struct RoleChoice {
    pub role: ApplicationRole,
    pub ineligible: Option<Ineligible>,
    pub applied: Option<ApplicationId>,
    /// A nomination for this role waiting for the applicant: submitting the form completes it.
    pub nominated: Option<ApplicationId>,
}

/// What the apply page and the eligibility call show before anything is submitted.
#[derive(Clone, Debug, Serialize)]
pub struct ApplyContext {
    pub intake: Intake,
    pub programme: Programme,
    pub questions: Vec<Question>,
    pub open: bool,
    pub roles: Vec<RoleChoice>,
    /// The organisation whose places the application would use; None without an employment.
    pub organisation_id: Option<OrganisationId>,
    /// Whether a line manager will be asked to agree protected time.
    pub asks_line_manager: bool,
}

/// Works out, for each role of the intake's programme, whether the actor may apply.
pub async fn apply_context(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<ApplyContext> {
    authorise(actor, Action::ViewScheme)?;
    let (intake, programme, questions) = form(ctx, actor, intake).await?;
    let record = ctx.store.get_person(actor.person_id).await?;
    let employment = primary_employment(&record.employments).cloned();
    let org_kind = match &employment {
        Some(e) => Some(ctx.store.get_organisation(e.organisation_id).await?.kind),
        None => None,
    };
    let trained = ctx.store.is_mentor_trained(actor.person_id).await?;
    let (nominated, mine): (Vec<Application>, Vec<Application>) = ctx
        .store
        .applications_of_person(actor.person_id)
        .await?
        .into_iter()
        .filter(|a| a.intake_id == intake.id)
        .partition(|a| a.status == ApplicationStatus::Nominated);
    let mine: HashMap<ApplicationRole, ApplicationId> =
        mine.into_iter().map(|a| (a.role, a.id)).collect();
    let nominated: HashMap<ApplicationRole, ApplicationId> =
        nominated.into_iter().map(|a| (a.role, a.id)).collect();
    let applicant = Applicant {
        grade_system: employment.as_ref().map(|e| e.grade_system),
        grade: employment.as_ref().map(|e| e.grade.as_str()),
        profession: employment.as_ref().map(|e| e.profession.as_str()),
        organisation_kind: org_kind,
        mentor_trained: trained,
    };
    let roles = ApplicationRole::for_kind(programme.kind)
        .iter()
        .map(|&role| {
            let ineligible = if employment.is_none() {
                Some(Ineligible {
                    reason: "eligibility.no_employment",
                    params: vec![],
                })
            } else {
                check_eligibility(programme.kind, &programme.rules, role, &applicant).err()
            };
            RoleChoice {
                role,
                ineligible,
                applied: mine.get(&role).copied(),
                nominated: nominated.get(&role).copied(),
            }
        })
        .collect();
    let asks_line_manager = employment
        .as_ref()
        .and_then(|e| e.line_manager_id)
        .is_some_and(|m| m != actor.person_id);
    Ok(ApplyContext {
        open: is_open(ctx, &intake),
        organisation_id: employment.as_ref().map(|e| e.organisation_id),
        intake,
        programme,
        questions,
        roles,
        asks_line_manager,
    })
}

/// What an applicant submits.
#[derive(Clone, Debug, Default)]
pub struct ApplicationInput {
    pub role: Option<ApplicationRole>,
    pub profile: MatchingProfile,
    pub answers: Answers,
}

/// Applies to an open intake for one role. Checks, in order: the intake is open, the role is one
/// the programme recruits and the applicant is eligible for it (the reason is the error on
/// `role`), no earlier application to the same role, the fixed part and the answers. With a
/// line manager on record the application waits for them and they are e-mailed a link;
/// otherwise it goes straight to the organisation coordinator.
pub async fn apply(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    input: ApplicationInput,
) -> AppResult<Application> {
    let form = apply_context(ctx, actor, intake).await?;
    if !form.open {
        return Err(AppError::Refused(Refusal::IntakeClosed));
    }
    let Some(role) = input.role else {
        return Err(AppError::field("role", "error.applications.choose_role"));
    };
    let Some(choice) = form.roles.iter().find(|c| c.role == role) else {
        return Err(AppError::field("role", "eligibility.role_not_offered"));
    };
    if let Some(why) = &choice.ineligible {
        let params: Vec<(&str, &str)> = why
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        return Err(field_with("role", why.reason, &params));
    }
    if choice.applied.is_some() {
        return Err(AppError::Refused(Refusal::AlreadyApplied));
    }
    let organisation_id = form.organisation_id.ok_or(AppError::NotFound)?;

    let mut profile = input.profile;
    profile.goals.sort();
    profile.goals.dedup();
    profile.expertise.sort();
    profile.expertise.dedup();
    profile.availability.sort();
    profile.availability.dedup();
    profile.modes.sort();
    profile.modes.dedup();
    profile.conflicts.sort();
    profile.conflicts.dedup();
    profile.conflicts.retain(|p| *p != actor.person_id);
    let mut errors = match profile.validate(role, &form.programme.rules.modes) {
        Ok(()) => ValidationErrors::new(),
        Err(e) => e,
    };
    for p in &profile.conflicts {
        let known = match ctx.store.get_person(*p).await {
            Ok(r) => r.person.scheme_id == actor.scheme_id,
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        };
        if !known {
            errors.add("conflicts", "error.applications.unknown_person");
            break;
        }
    }
    // Only answers to questions asked of this role are kept.
    let asked: BTreeSet<&str> = form
        .questions
        .iter()
        .filter(|q| q.asked_of(role))
        .map(|q| q.key.as_str())
        .collect();
    let answers: Answers = input
        .answers
        .into_iter()
        .filter(|(k, _)| asked.contains(k.as_str()))
        .collect();
    if let Err(e) = validate_answers(&form.questions, role, &answers) {
        errors.errors.extend(e.errors);
    }
    errors.into_result()?;

    let record = ctx.store.get_person(actor.person_id).await?;
    let line_manager = primary_employment(&record.employments)
        .and_then(|e| e.line_manager_id)
        .filter(|m| *m != actor.person_id);
    let now = ctx.now();
    let status = if line_manager.is_some() {
        ApplicationStatus::AwaitingManager
    } else {
        ApplicationStatus::AwaitingCoordinator
    };
    // A nomination waiting for this person and role is completed, not applied for twice.
    let nomination = choice.nominated;
    let application = Application {
        id: nomination.unwrap_or_else(ApplicationId::new),
        intake_id: form.intake.id,
        person_id: actor.person_id,
        role,
        organisation_id,
        status,
        profile,
        answers,
        line_manager_id: line_manager,
        submitted_at: now,
        updated_at: now,
        version: 1,
    };
    let event = ApplicationEvent {
        application_id: application.id,
        at: now,
        actor_id: Some(actor.person_id),
        status,
        note: if line_manager.is_some() {
            "applications.history.submitted".into()
        } else {
            "applications.history.submitted_no_manager".into()
        },
    };
    // The applicant is told it arrived and the line manager is asked, in the same transaction
    // as the application: both or neither.
    let mut notices = vec![notify::journey::received(ctx, &application)?];
    if let Some(manager) = line_manager {
        notices.push(notify::journey::manager_request(
            ctx,
            &application,
            manager,
        )?);
    }
    let staged = notify::stage(ctx, notices);
    if nomination.is_some() {
        let staged = staged.audited(
            ctx,
            Some(actor),
            "nomination.complete",
            application.id.to_string(),
            format!(
                "intake={} role={} status={}",
                application.intake_id,
                role.code(),
                status.code()
            ),
        );
        let completed = match staged.store.complete_nomination(&application, &event).await {
            Ok(a) => a,
            Err(StoreError::Refused(Clash::StatusChanged)) => {
                return Err(AppError::Refused(Refusal::NominationAnswered));
            }
            Err(e) => return Err(e.into()),
        };
        staged.done()?;
        return Ok(completed);
    }
    let staged = staged.audited(
        ctx,
        Some(actor),
        "application.create",
        application.id.to_string(),
        format!(
            "intake={} role={} status={}",
            application.intake_id,
            role.code(),
            status.code()
        ),
    );
    match staged.store.create_application(&application, &event).await {
        Ok(()) => {}
        Err(StoreError::Conflict {
            field: UniqueField::Role,
        }) => return Err(AppError::Refused(Refusal::AlreadyApplied)),
        Err(e) => return Err(e.into()),
    }
    staged.done()?;
    Ok(application)
}

/// What the manager's page shows.
#[derive(Clone, Debug, Serialize)]
pub struct ManagerRequest {
    pub application: Application,
    pub applicant_name: String,
    pub manager_name: String,
    pub programme: Programme,
    pub intake: Intake,
    pub minutes_cap: Option<u32>,
}

/// Why a manager link cannot be used (each is its own page; nothing changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// Never issued (or mistyped, or forged).
    Unknown,
    Expired,
    Used,
    /// The application no longer waits for the manager (e.g. the applicant withdrew it).
    Settled,
}

impl LinkProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Unknown => "error.applications.link_unknown",
            Self::Expired => "error.applications.link_expired",
            Self::Used => "error.applications.link_used",
            Self::Settled => "error.applications.link_settled",
        }
    }
}

/// Result of looking at or answering a manager link.
pub enum LinkOutcome<T> {
    Ok(T),
    Refused(LinkProblem),
}

/// Why the policy refuses a manager link now, if it does: the token is the authority while it
/// is unused and unexpired (no account is involved).
fn link_refused(link: &ManagerLink, now: chrono::DateTime<chrono::Utc>) -> Option<LinkProblem> {
    let token_valid = link.usable_at(now);
    if can_by_link(LinkAction::AnswerAsLineManager { token_valid }) {
        None
    } else if link.used_at.is_some() {
        Some(LinkProblem::Used)
    } else {
        Some(LinkProblem::Expired)
    }
}

/// Reads the request behind a manager link without using it.
pub async fn manager_request(ctx: &Context, token: &str) -> AppResult<LinkOutcome<ManagerRequest>> {
    let hash = token_hash(token);
    let Some(link) = ctx.store.manager_link(&hash).await? else {
        return Ok(LinkOutcome::Refused(LinkProblem::Unknown));
    };
    if let Some(problem) = link_refused(&link, ctx.now()) {
        return Ok(LinkOutcome::Refused(problem));
    }
    let application = ctx.store.get_application(link.application_id).await?;
    if application.status != ApplicationStatus::AwaitingManager {
        return Ok(LinkOutcome::Refused(LinkProblem::Settled));
    }
    let applicant = ctx.store.get_person(application.person_id).await?.person;
    let manager = ctx.store.get_person(link.manager_id).await?.person;
    let intake = ctx.store.get_intake(application.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    Ok(LinkOutcome::Ok(ManagerRequest {
        applicant_name: applicant.display_name(),
        manager_name: manager.display_name(),
        minutes_cap: programme.rules.minutes_cap(),
        application,
        programme,
        intake,
    }))
}

/// The manager's answer through the link: approve sends the application on to the
/// organisation coordinator, decline ends it. The link works once.
pub async fn answer_manager_link(
    ctx: &Context,
    token: &str,
    approve: bool,
) -> AppResult<LinkOutcome<Application>> {
    let hash = token_hash(token);
    let Some(link) = ctx.store.manager_link(&hash).await? else {
        return Ok(LinkOutcome::Refused(LinkProblem::Unknown));
    };
    if let Some(problem) = link_refused(&link, ctx.now()) {
        return Ok(LinkOutcome::Refused(problem));
    }
    // The store consumes the link in one conditional update, so of two answers at once only
    // one counts; the other is told the link was used.
    let (status, note) = if approve {
        (
            ApplicationStatus::AwaitingCoordinator,
            "applications.history.manager_approved",
        )
    } else {
        (
            ApplicationStatus::ManagerDeclined,
            "applications.history.manager_declined",
        )
    };
    let event = ApplicationEvent {
        application_id: link.application_id,
        at: ctx.now(),
        actor_id: None,
        status,
        note: note.into(),
    };
    // A manager's "no" ends the application: the applicant is told, with who said no, in the
    // same transaction. Their "yes" only passes it on to the coordinator, who decides next.
    let mut notices = Vec::new();
    if !approve {
        let application = ctx.store.get_application(link.application_id).await?;
        notices.extend(notify::journey::decided(
            ctx,
            &application,
            status,
            note,
            "",
        )?);
    }
    let staged = notify::stage(ctx, notices).audited(
        ctx,
        None,
        if approve {
            "application.manager_approve"
        } else {
            "application.manager_decline"
        },
        link.application_id.to_string(),
        format!("manager={}", link.manager_id),
    );
    let outcome = staged
        .store
        .answer_manager_link(&hash, ctx.now(), &event)
        .await;
    let application = match outcome {
        Ok(a) => {
            staged.done()?;
            a
        }
        Err(StoreError::NotFound) => return Ok(LinkOutcome::Refused(LinkProblem::Unknown)),
        Err(StoreError::Refused(Clash::LinkUsed)) => {
            return Ok(LinkOutcome::Refused(LinkProblem::Used));
        }
        Err(StoreError::Refused(Clash::LinkExpired)) => {
            return Ok(LinkOutcome::Refused(LinkProblem::Expired));
        }
        Err(StoreError::Refused(Clash::StatusChanged)) => {
            return Ok(LinkOutcome::Refused(LinkProblem::Settled));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(LinkOutcome::Ok(application))
}

// ----- the organisation coordinator ----------------------------------------------------------

/// What an organisation coordinator decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    WaitingList,
    Decline,
}

impl Decision {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "approve" => Some(Self::Approve),
            "waiting_list" => Some(Self::WaitingList),
            "decline" => Some(Self::Decline),
            _ => None,
        }
    }

    fn status(self) -> ApplicationStatus {
        match self {
            Self::Approve => ApplicationStatus::Approved,
            Self::WaitingList => ApplicationStatus::WaitingList,
            Self::Decline => ApplicationStatus::Declined,
        }
    }

    fn note(self) -> &'static str {
        match self {
            Self::Approve => "applications.history.approved",
            Self::WaitingList => "applications.history.waiting_list",
            Self::Decline => "applications.history.declined",
        }
    }
}

/// One organisation's places in the intake, for the coordinator's list.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceRow {
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub places: u32,
    pub taken: u32,
}

/// One application in the coordinator's list.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationRow {
    pub application: Application,
    pub applicant_name: String,
    pub organisation_name: String,
    /// The viewer may decide it (not when it is their own).
    pub can_decide: bool,
}

/// The coordinator's view of an intake's applications.
#[derive(Clone, Debug, Serialize)]
pub struct IntakeApplications {
    pub intake: Intake,
    pub programme: Programme,
    pub places: Vec<PlaceRow>,
    /// One page of the applications (see [`ApplicationsPaging`]).
    pub applications: Vec<ApplicationRow>,
    /// The number of applications listed, or a lower bound when not `total_exact`
    /// (`tandem_storage::COUNT_CAP`: counting further would cost reading them all).
    pub total: u64,
    pub total_exact: bool,
    /// Cursor tokens of the next and previous pages, when there are any.
    pub next: Option<String>,
    pub previous: Option<String>,
}

/// Which page of an intake's applications, and which of them: by cursor (keyset paging, from a
/// page's `next` or `previous`), optionally with one status only.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ApplicationsPaging {
    pub status: Option<ApplicationStatus>,
    pub cursor: Option<String>,
    pub per_page: Option<u64>,
}

/// Default number of applications per page.
pub const APPLICATIONS_PER_PAGE: u64 = 50;

/// The organisations whose applications the actor decides (all for a scheme coordinator).
fn decides_for(actor: &Actor) -> Option<Vec<OrganisationId>> {
    if actor.is_scheme_coordinator() {
        None
    } else {
        Some(actor.coordinated_organisations())
    }
}

/// The applications using the actor's organisations' places (a scheme coordinator sees all),
/// oldest first, with the places taken and offered. Someone who decides for no organisation is
/// refused.
pub async fn intake_applications(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<IntakeApplications> {
    intake_applications_page(ctx, actor, intake, &ApplicationsPaging::default()).await
}

/// One page of [`intake_applications`]: costs one page however many applied. A cursor that is
/// malformed or names no application of the intake is a validation error on `cursor`
/// (`people::CURSOR_UNKNOWN`), so a page can fall back to the first page and say so.
pub async fn intake_applications_page(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    paging: &ApplicationsPaging,
) -> AppResult<IntakeApplications> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    // A programme's coordinators decide its applications for every organisation.
    let runs = tandem_domain::can(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    );
    if !runs {
        authorise(actor, Action::ReviewApplications)?;
    }
    let cursor = match paging
        .cursor
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(token) => Some(
            tandem_storage::list_pages::Cursor::parse(token)
                .ok_or_else(crate::people::cursor_unknown)?,
        ),
    };
    let scope = if runs { None } else { decides_for(actor) };
    let visible = |o: &OrganisationId| scope.as_ref().is_none_or(|s| s.contains(o));
    let names: HashMap<OrganisationId, String> =
        crate::organisations::names(ctx, actor.scheme_id).await?;
    let places = ctx
        .store
        .place_use(intake.id)
        .await?
        .into_iter()
        .filter(|p| visible(&p.organisation_id))
        .map(|p: PlaceUse| PlaceRow {
            organisation_name: names.get(&p.organisation_id).cloned().unwrap_or_default(),
            organisation_id: p.organisation_id,
            places: p.places,
            taken: p.taken,
        })
        .collect();
    let q = tandem_storage::list_pages::ApplicationsQuery {
        intake: intake.id,
        organisations: scope,
        status: paging.status,
        limit: paging
            .per_page
            .unwrap_or(APPLICATIONS_PER_PAGE)
            .clamp(1, tandem_storage::MAX_PAGE),
        cursor,
    };
    let page = match ctx.store.application_page(&q).await {
        Err(StoreError::NotFound) if cursor.is_some() => Err(crate::people::cursor_unknown()),
        r => Ok(r?),
    }?;
    let applications = page
        .items
        .into_iter()
        .map(|line| {
            let a = line.application;
            ApplicationRow {
                organisation_name: names.get(&a.organisation_id).cloned().unwrap_or_default(),
                applicant_name: format!("{} {}", line.given_name, line.family_name),
                can_decide: tandem_domain::can(
                    actor,
                    Action::DecideApplication {
                        applicant: a.person_id,
                        organisation: a.organisation_id,
                        programme: programme.id,
                    },
                ),
                application: a,
            }
        })
        .collect();
    Ok(IntakeApplications {
        intake,
        programme,
        places,
        applications,
        total: page.total,
        total_exact: page.total_exact,
        next: page.next,
        previous: page.previous,
    })
}

/// Loads an application the actor may see: their own, or one using the places of an
/// organisation they decide for. Anything else is `NotFound`, so its existence stays hidden.
async fn visible_application(
    ctx: &Context,
    actor: &Actor,
    id: ApplicationId,
) -> AppResult<(Application, Intake, Programme)> {
    let application = ctx.store.get_application(id).await?;
    let (intake, programme) = intakes::get(ctx, actor, application.intake_id).await?;
    if !tandem_domain::can(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    ) {
        authorise_or_hide(
            actor,
            Action::ViewApplication {
                applicant: application.person_id,
                organisation: application.organisation_id,
            },
        )?;
    }
    Ok((application, intake, programme))
}

/// The organisation coordinator's decision. Approving takes one of the organisation's places
/// for the intake, or is refused when none is left (naming how many there are); `expected`
/// is the status the decider saw, so a decision on an application that has moved on since is
/// refused rather than applied to a state nobody looked at.
///
/// `reason` is what the coordinator tells the applicant (empty for nothing): it goes, as
/// written, into the notice that tells them of the decision, and nowhere else, so it is read
/// by the one person it is addressed to.
pub async fn decide(
    ctx: &Context,
    actor: &Actor,
    id: ApplicationId,
    decision: Decision,
    expected: Option<ApplicationStatus>,
    reason: &str,
) -> AppResult<Application> {
    let application = ctx.store.get_application(id).await?;
    let (intake, programme) = intakes::get(ctx, actor, application.intake_id).await?;
    let decide = Action::DecideApplication {
        applicant: application.person_id,
        organisation: application.organisation_id,
        programme: programme.id,
    };
    if !tandem_domain::can(actor, decide) {
        // A coordinator's own application is theirs to see: they are owed the reason. Anything
        // else they may not decide stays hidden, as before.
        if application.person_id == actor.person_id
            && decides_for_others(actor, &application, programme.id)
        {
            return Err(AppError::Refused(Refusal::OwnApplication));
        }
        authorise_or_hide(actor, decide)?;
    }
    let reason = &text::field("reason", reason, Shape::Block, MAX_REASON)?;
    let from = expected.unwrap_or(application.status);
    if from != application.status {
        return Err(AppError::Refused(Refusal::DecisionOutdated));
    }
    let to = decision.status();
    if !from.can_move_to(to) {
        return Err(AppError::Refused(Refusal::CannotDecide));
    }
    // Someone who registered themselves holds a place only once their employer confirmed them.
    if to == ApplicationStatus::Approved
        && let Some(refusal) =
            crate::registration::approval_block(ctx, application.person_id).await?
    {
        return Err(AppError::Refused(refusal));
    }
    let event = ApplicationEvent {
        application_id: id,
        at: ctx.now(),
        actor_id: Some(actor.person_id),
        status: to,
        note: decision.note().into(),
    };
    let notice = notify::journey::decided(ctx, &application, to, decision.note(), reason)?;
    let staged = notify::stage(ctx, notice.into_iter().collect()).audited(
        ctx,
        Some(actor),
        "application.decide",
        id.to_string(),
        format!("from={} to={}", from.code(), to.code()),
    );
    let moved = match staged.store.move_application(id, from, &event).await {
        Ok(a) => {
            staged.done()?;
            a
        }
        Err(StoreError::Refused(Clash::PlacesFull)) => {
            return Err(places_full(ctx, actor, &intake, application.organisation_id).await?);
        }
        Err(StoreError::Refused(Clash::StatusChanged)) => {
            return Err(AppError::Refused(Refusal::DecisionOutdated));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(moved)
}

/// The refusal of an approval beyond the places: "All N places of <organisation> … are taken".
async fn places_full(
    ctx: &Context,
    actor: &Actor,
    intake: &Intake,
    organisation: OrganisationId,
) -> AppResult<AppError> {
    let places = ctx
        .store
        .place_use(intake.id)
        .await?
        .into_iter()
        .find(|p| p.organisation_id == organisation)
        .map(|p| p.places)
        .unwrap_or(0);
    let name = ctx
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .find(|o| o.id == organisation)
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(AppError::Refused(Refusal::PlacesFull {
        places,
        organisation: name,
        intake: intake.name.clone(),
    }))
}

// ----- the applicant -------------------------------------------------------------------------

/// An application with where it belongs and its history.
#[derive(Clone, Debug, Serialize)]
pub struct ApplicationView {
    pub application: Application,
    pub intake: Intake,
    pub programme: Programme,
    pub history: Vec<ApplicationEvent>,
    pub applicant_name: String,
    /// The applicant is the one looking (may withdraw).
    pub own: bool,
    pub can_withdraw: bool,
    /// The viewer decides for the application's organisation.
    pub can_decide: bool,
    /// The viewer would decide it, but it is their own: another coordinator decides (the page
    /// says so instead of offering the decision).
    pub decides_elsewhere: bool,
    pub questions: Vec<Question>,
}

/// Whether the actor decides applications like this one for others: the policy's answer about
/// the same application from someone else.
fn decides_for_others(
    actor: &Actor,
    a: &Application,
    programme: tandem_domain::ProgrammeId,
) -> bool {
    tandem_domain::can(
        actor,
        Action::ApproveApplications {
            organisation: a.organisation_id,
        },
    ) || tandem_domain::can(actor, Action::ManageProgramme { programme })
}

/// One application with its history: the applicant's own, or one a coordinator decides on.
pub async fn view(ctx: &Context, actor: &Actor, id: ApplicationId) -> AppResult<ApplicationView> {
    let (application, intake, programme) = visible_application(ctx, actor, id).await?;
    let history = ctx.store.application_history(id).await?;
    let own = application.person_id == actor.person_id;
    let applicant_name = ctx
        .store
        .get_person(application.person_id)
        .await?
        .person
        .display_name();
    let questions = ctx.store.application_form(intake.id).await?;
    Ok(ApplicationView {
        can_withdraw: own && application.status.can_move_to(ApplicationStatus::Withdrawn),
        can_decide: tandem_domain::can(
            actor,
            Action::DecideApplication {
                applicant: application.person_id,
                organisation: application.organisation_id,
                programme: programme.id,
            },
        ),
        decides_elsewhere: own && decides_for_others(actor, &application, programme.id),
        own,
        applicant_name,
        application,
        intake,
        programme,
        history,
        questions,
    })
}

/// The actor's applications, newest first, each with its intake, programme and history.
pub async fn mine(ctx: &Context, actor: &Actor) -> AppResult<Vec<ApplicationView>> {
    authorise(actor, Action::ViewScheme)?;
    let mut out = Vec::new();
    for a in ctx.store.applications_of_person(actor.person_id).await? {
        out.push(view(ctx, actor, a.id).await?);
    }
    Ok(out)
}

/// Withdraws the actor's own application (anyone else's is `NotFound`). A withdrawn approved or
/// matched application gives its place back.
pub async fn withdraw(ctx: &Context, actor: &Actor, id: ApplicationId) -> AppResult<Application> {
    authorise(actor, Action::ViewScheme)?;
    let application = ctx.store.get_application(id).await?;
    authorise_or_hide(
        actor,
        Action::WithdrawApplication {
            applicant: application.person_id,
        },
    )?;
    let from = application.status;
    if !from.can_move_to(ApplicationStatus::Withdrawn) {
        return Err(AppError::Refused(Refusal::CannotWithdraw));
    }
    let event = ApplicationEvent {
        application_id: id,
        at: ctx.now(),
        actor_id: Some(actor.person_id),
        status: ApplicationStatus::Withdrawn,
        note: "applications.history.withdrawn".into(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "application.withdraw",
        id.to_string(),
        format!("from={}", from.code()),
    );
    let moved = match change.store.move_application(id, from, &event).await {
        Ok(a) => a,
        Err(StoreError::Refused(Clash::StatusChanged)) => {
            return Err(AppError::Refused(Refusal::WithdrawalOutdated));
        }
        Err(e) => return Err(e.into()),
    };
    change.done()?;
    Ok(moved)
}

/// An intake open for applications, with the roles the actor has applied for already.
#[derive(Clone, Debug, Serialize)]
pub struct OpenIntake {
    pub intake: Intake,
    pub programme: Programme,
    pub roles: Vec<ApplicationRole>,
    pub applied: Vec<ApplicationRole>,
}

/// Every intake of the scheme open today, by closing date.
pub async fn open_intakes(ctx: &Context, actor: &Actor) -> AppResult<Vec<OpenIntake>> {
    authorise(actor, Action::ViewScheme)?;
    let mut applied: BTreeMap<IntakeId, Vec<ApplicationRole>> = BTreeMap::new();
    for a in ctx.store.applications_of_person(actor.person_id).await? {
        applied.entry(a.intake_id).or_default().push(a.role);
    }
    let mut out = Vec::new();
    for programme in programmes::list(ctx, actor).await? {
        for intake in ctx.store.list_intakes(programme.id).await? {
            if is_open(ctx, &intake) {
                out.push(OpenIntake {
                    roles: ApplicationRole::for_kind(programme.kind).to_vec(),
                    applied: applied.get(&intake.id).cloned().unwrap_or_default(),
                    intake,
                    programme: programme.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.intake.closes_on, &a.programme.name, a.intake.id).cmp(&(
            b.intake.closes_on,
            &b.programme.name,
            b.intake.id,
        ))
    });
    Ok(out)
}
