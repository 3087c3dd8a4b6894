//! Use cases of matching runs and the relationships they publish.
//!
//! - Criteria: the coordinator's level ("must", "high", "medium", "low", "off") per criterion,
//!   stored in the programme's rules.
//! - Runs: [`run`] gathers the approved pool of an intake into a [`plan::RunInputs`] snapshot,
//!   solves it with [`plan::plan`] and saves inputs, parameters and result; nothing is visible to
//!   participants until [`publish`], which refuses a run whose inputs changed since it ran.
//! - Pins: lock or forbid a pair, swap two partners; the next run honours them.
//! - Relationships: offers (accept or decline before the deadline), the agreement (edit, sign),
//!   the lifecycle and the private no-fault ending.

pub mod plan;

use super::{audit, authorise, intakes, programmes};
use crate::i18n::{I18n, Lang};
use crate::{AppError, AppResult, AppState};
use plan::{Candidate, RunInputs, RunParameters};
use serde::Serialize;
use std::collections::HashMap;
use tandem_domain::{
    Action, Actor, Agreement, AgreementKind, AgreementTerms, Application, ApplicationId,
    ApplicationRole, ApplicationStatus, FitCheck, Intake, IntakeId, Level, MatchCriterion,
    MatchRun, MatchRunId, MatchingCriteria, Member, Mode, OfferResponse, PersonId, Pin, PinKind,
    Programme, ProgrammeId, ProgrammeKind, Relationship, RelationshipId, RelationshipKind,
    RelationshipStatus, Role, RunStatus, Scope, SessionLog, ValidationErrors,
};
use tandem_mail::Email;
use tandem_storage::{Publication, StoreError};

// ----- criteria ------------------------------------------------------------------------------

/// Checks the coordinator's criteria; errors name the form fields.
pub fn validate_criteria(c: &MatchingCriteria) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if !matches!(c.different_organisation, Level::Must | Level::Off) {
        // The engine treats "different organisation" as a rule, not a score.
        e.add("different_organisation", "error.matching.must_or_off");
    }
    if !(-3..=5).contains(&c.ideal_grade_gap) {
        e.add("ideal_grade_gap", "error.matching.grade_gap_range");
    }
    if !(1..=60).contains(&c.offer_days) {
        e.add("offer_days", "error.matching.offer_days_range");
    }
    if c.shortlist.is_some_and(|n| !(2..=10).contains(&n)) {
        e.add("shortlist", "error.matching.shortlist_range");
    }
    if MatchCriterion::ALL
        .iter()
        .all(|k| matches!(c.level(*k), Level::Off))
    {
        e.add("goals", "error.matching.all_off");
    }
    e.into_result()
}

/// Changes a programme's matching criteria (scheme coordinators only).
pub async fn update_criteria(
    state: &AppState,
    actor: &Actor,
    programme: ProgrammeId,
    criteria: MatchingCriteria,
) -> AppResult<Programme> {
    authorise(actor, Action::ManageScheme)?;
    let mut p = programmes::get(state, actor, programme).await?;
    validate_criteria(&criteria)?;
    p.rules.matching = criteria;
    state.store.update_programme(&p).await?;
    audit(
        state,
        Some(actor),
        "programme.matching_criteria",
        p.id.to_string(),
        String::new(),
    )
    .await?;
    Ok(p)
}

// ----- the pool and runs ---------------------------------------------------------------------

/// The intake's pool as matching sees it now, with the programme.
async fn gather(
    state: &AppState,
    actor: &Actor,
    intake: &Intake,
    programme: &Programme,
) -> AppResult<(RunInputs, Vec<Application>)> {
    // The pool: approved applications, and mentors already matched who still have free places
    // (a mentor with a load of two stays in the pool after their first mentee).
    let apps: Vec<Application> = state
        .store
        .list_applications(intake.id)
        .await?
        .into_iter()
        .filter(|a| {
            a.status == ApplicationStatus::Approved
                || (a.status == ApplicationStatus::Matched && a.role == ApplicationRole::Mentor)
        })
        .collect();
    let people: HashMap<PersonId, tandem_storage::PersonRecord> = state
        .store
        .all_people(actor.scheme_id)
        .await?
        .into_iter()
        .map(|r| (r.person.id, r))
        .collect();
    let standings: HashMap<PersonId, tandem_domain::MentorStanding> = state
        .store
        .mentor_standings(actor.scheme_id)
        .await?
        .into_iter()
        .map(|s| (s.person_id, s))
        .collect();
    let loads: HashMap<PersonId, u32> = state
        .store
        .mentor_loads(actor.scheme_id)
        .await?
        .into_iter()
        .collect();
    let mut previous: HashMap<PersonId, Vec<PersonId>> = HashMap::new();
    for r in state.store.relationships_of_intake(intake.id).await? {
        for a in &r.members {
            for b in &r.members {
                if a.person_id != b.person_id {
                    previous.entry(a.person_id).or_default().push(b.person_id);
                }
            }
        }
    }
    let primary = |p: PersonId| {
        people.get(&p).and_then(|r| {
            r.employments
                .iter()
                .find(|e| e.primary)
                .or(r.employments.first())
        })
    };
    let mut candidates: Vec<Candidate> = apps
        .iter()
        .map(|a| {
            let job = primary(a.person_id);
            let manager = job.and_then(|j| j.line_manager_id);
            let capacity = if a.role == ApplicationRole::Mentor {
                let standing = standings.get(&a.person_id);
                let load = loads.get(&a.person_id).copied().unwrap_or(0);
                match standing {
                    Some(s) => s.free_places(load, programme.rules.mentor_load_max),
                    None => programme
                        .rules
                        .mentor_load_max
                        .unwrap_or(1)
                        .saturating_sub(load),
                }
            } else {
                1
            };
            let mut prev = previous.get(&a.person_id).cloned().unwrap_or_default();
            prev.sort();
            prev.dedup();
            Candidate {
                application_id: a.id,
                person_id: a.person_id,
                version: a.version,
                role: a.role,
                organisation_id: a.organisation_id,
                profession: job.map(|j| j.profession.to_lowercase()).unwrap_or_default(),
                level: job
                    .and_then(|j| j.grade_system.grade(&j.grade))
                    .map_or(0, |g| g.level),
                goals: a.profile.goals.clone(),
                expertise: a.profile.expertise.clone(),
                availability: a.profile.availability.clone(),
                modes: a.profile.modes.clone(),
                line_manager: manager,
                managers_manager: manager.and_then(|m| primary(m).and_then(|j| j.line_manager_id)),
                conflicts: a.profile.conflicts.clone(),
                previous_partners: prev,
                capacity,
            }
        })
        .collect();
    let matched: std::collections::HashSet<ApplicationId> = apps
        .iter()
        .filter(|a| a.status == ApplicationStatus::Matched)
        .map(|a| a.id)
        .collect();
    candidates.retain(|c| !matched.contains(&c.application_id) || c.capacity > 0);
    candidates.sort_by_key(|c| c.application_id);
    let set_size = match (programme.rules.set_size_min, programme.rules.set_size_max) {
        (Some(lo), Some(hi)) => Some((lo, hi)),
        _ => None,
    };
    // Rankings count only in shortlist mode, and only the pool's mentees' (in id order).
    let rankings = if programme.rules.matching.shortlist.is_some() {
        let pool: std::collections::HashSet<ApplicationId> =
            candidates.iter().map(|c| c.application_id).collect();
        let mut r: Vec<(ApplicationId, Vec<ApplicationId>)> = state
            .store
            .shortlist_rankings(intake.id)
            .await?
            .into_iter()
            .filter(|(m, _)| pool.contains(m))
            .collect();
        r.sort_by_key(|(m, _)| *m);
        r
    } else {
        Vec::new()
    };
    Ok((
        RunInputs {
            kind: programme.kind,
            candidates,
            set_size,
            rankings,
        },
        apps,
    ))
}

/// The seed of every run: fixed, so a run depends only on its inputs and the coordinator's
/// choices.
const SEED: u64 = 20_261_123;

/// The pool as it is now, the parameters a run would use now, and their digest.
async fn current(
    state: &AppState,
    actor: &Actor,
    intake: &Intake,
    programme: &Programme,
) -> AppResult<(RunInputs, RunParameters, String)> {
    let (inputs, _) = gather(state, actor, intake, programme).await?;
    let params = RunParameters {
        criteria: programme.rules.matching.clone(),
        pins: state.store.list_pins(intake.id).await?,
        seed: SEED,
    };
    let digest = params.digest_with(&inputs);
    Ok((inputs, params, digest))
}

/// An intake's matching page: the pool, pins and runs.
#[derive(Clone, Debug, Serialize)]
pub struct MatchingOverview {
    pub intake: Intake,
    pub programme: Programme,
    /// Approved applicants waiting to be matched, per role.
    pub pool: Vec<(ApplicationRole, usize)>,
    pub pins: Vec<Pin>,
    pub runs: Vec<MatchRun>,
    /// Whether the newest draft run still matches the pool (so it can be published).
    pub latest_current: bool,
}

pub async fn overview(
    state: &AppState,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<MatchingOverview> {
    authorise(actor, Action::ManageScheme)?;
    let (intake, programme) = intakes::get(state, actor, intake).await?;
    let (inputs, params, digest) = current(state, actor, &intake, &programme).await?;
    let mut pool = Vec::new();
    for role in ApplicationRole::for_kind(programme.kind) {
        pool.push((
            *role,
            inputs.candidates.iter().filter(|c| c.role == *role).count(),
        ));
    }
    let runs = state.store.list_match_runs(intake.id).await?;
    let latest_current = runs
        .first()
        .is_some_and(|r| r.status == RunStatus::Draft && r.inputs_digest == digest);
    Ok(MatchingOverview {
        pins: params.pins,
        intake,
        programme,
        pool,
        runs,
        latest_current,
    })
}

/// Runs matching on the intake's approved pool with the programme's criteria and the pins.
pub async fn run(state: &AppState, actor: &Actor, intake: IntakeId) -> AppResult<MatchRun> {
    authorise(actor, Action::ManageScheme)?;
    let (intake, programme) = intakes::get(state, actor, intake).await?;
    let (inputs, params, digest) = current(state, actor, &intake, &programme).await?;
    if inputs.candidates.is_empty() {
        return Err(AppError::refused("error.matching.empty_pool", &[]));
    }
    let result = plan::plan(&inputs, &params).map_err(AppError::internal)?;
    let mut run = MatchRun {
        id: MatchRunId::new(),
        intake_id: intake.id,
        number: 0,
        status: RunStatus::Draft,
        created_at: state.now(),
        created_by: Some(actor.person_id),
        inputs_digest: digest,
        inputs: serde_json::to_string(&inputs).map_err(AppError::internal)?,
        parameters: serde_json::to_string(&params).map_err(AppError::internal)?,
        result,
        published_at: None,
    };
    run.number = state.store.create_match_run(&run).await?;
    audit(
        state,
        Some(actor),
        "matching.run",
        run.id.to_string(),
        format!(
            "intake={} number={} matches={} unmatched={}",
            intake.id,
            run.number,
            run.result.matches.len(),
            run.result.unmatched.len()
        ),
    )
    .await?;
    Ok(run)
}

/// A run with its intake and programme, and whether solving its stored inputs again gives the
/// same result (every run can be reproduced).
pub async fn get_run(
    state: &AppState,
    actor: &Actor,
    id: MatchRunId,
) -> AppResult<(MatchRun, Intake, Programme)> {
    authorise(actor, Action::ManageScheme)?;
    let run = state.store.get_match_run(id).await?;
    let (intake, programme) = intakes::get(state, actor, run.intake_id).await?;
    Ok((run, intake, programme))
}

/// Solves a saved run again from its stored inputs and parameters.
pub fn reproduce(run: &MatchRun) -> AppResult<tandem_domain::RunResult> {
    let inputs: RunInputs = serde_json::from_str(&run.inputs).map_err(AppError::internal)?;
    let params: RunParameters =
        serde_json::from_str(&run.parameters).map_err(AppError::internal)?;
    plan::plan(&inputs, &params).map_err(AppError::internal)
}

/// Adds a lock or forbid between two applications of the intake's pool.
pub async fn add_pin(state: &AppState, actor: &Actor, intake: IntakeId, pin: Pin) -> AppResult<()> {
    authorise(actor, Action::ManageScheme)?;
    let (intake, _) = intakes::get(state, actor, intake).await?;
    check_pin(state, &intake, &pin).await?;
    state.store.add_pin(intake.id, pin, state.now()).await?;
    audit(
        state,
        Some(actor),
        &format!("matching.{}", pin.kind.code()),
        intake.id.to_string(),
        format!("first={} second={}", pin.first, pin.second),
    )
    .await
}

/// Both applications must be in the intake and distinct.
async fn check_pin(state: &AppState, intake: &Intake, pin: &Pin) -> AppResult<()> {
    if pin.first == pin.second {
        return Err(AppError::field("second", "error.matching.same_person"));
    }
    for (field, id) in [("first", pin.first), ("second", pin.second)] {
        let ok = match state.store.get_application(id).await {
            Ok(a) => a.intake_id == intake.id,
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        };
        if !ok {
            return Err(AppError::field(field, "error.matching.not_in_intake"));
        }
    }
    Ok(())
}

pub async fn remove_pin(
    state: &AppState,
    actor: &Actor,
    intake: IntakeId,
    pin: Pin,
) -> AppResult<()> {
    authorise(actor, Action::ManageScheme)?;
    let (intake, _) = intakes::get(state, actor, intake).await?;
    state.store.remove_pin(intake.id, pin).await?;
    audit(
        state,
        Some(actor),
        "matching.unpin",
        intake.id.to_string(),
        format!(
            "kind={} first={} second={}",
            pin.kind.code(),
            pin.first,
            pin.second
        ),
    )
    .await
}

/// Swaps the partners of two left-side applicants in a run (mentees, or clinicians): the two
/// new pairs are locked, so the next run keeps them and re-solves the rest.
pub async fn swap(
    state: &AppState,
    actor: &Actor,
    run: MatchRunId,
    first: ApplicationId,
    second: ApplicationId,
) -> AppResult<()> {
    let (run, intake, programme) = get_run(state, actor, run).await?;
    if programme.kind == ProgrammeKind::ActionLearningSets {
        return Err(AppError::refused("error.matching.swap_pairs_only", &[]));
    }
    let partner = |a: ApplicationId| {
        run.result
            .matches
            .iter()
            .find(|m| m.applications.first() == Some(&a))
            .and_then(|m| m.applications.get(1).copied())
    };
    let (Some(p1), Some(p2)) = (partner(first), partner(second)) else {
        return Err(AppError::field("first", "error.matching.swap_unknown"));
    };
    if first == second {
        return Err(AppError::field("second", "error.matching.same_person"));
    }
    for (a, b) in [(first, p2), (second, p1)] {
        state
            .store
            .add_pin(
                intake.id,
                Pin {
                    kind: PinKind::Lock,
                    first: a,
                    second: b,
                },
                state.now(),
            )
            .await?;
    }
    audit(
        state,
        Some(actor),
        "matching.swap",
        intake.id.to_string(),
        format!("run={} first={first} second={second}", run.id),
    )
    .await
}

/// Publishes a draft run: offers go to everyone matched, with the programme's deadline.
/// Refused when anything the run read has changed since (re-run first).
pub async fn publish(state: &AppState, actor: &Actor, id: MatchRunId) -> AppResult<usize> {
    let (run, intake, programme) = get_run(state, actor, id).await?;
    if run.status != RunStatus::Draft {
        return Err(AppError::refused("error.matching.not_a_draft", &[]));
    }
    let (_, _, now_digest) = current(state, actor, &intake, &programme).await?;
    if now_digest != run.inputs_digest {
        return Err(AppError::refused("error.matching.inputs_changed", &[]));
    }
    let inputs: RunInputs = serde_json::from_str(&run.inputs).map_err(AppError::internal)?;
    let params: RunParameters =
        serde_json::from_str(&run.parameters).map_err(AppError::internal)?;
    let by_app: HashMap<ApplicationId, &Candidate> = inputs
        .candidates
        .iter()
        .map(|c| (c.application_id, c))
        .collect();
    let now = state.now();
    let deadline = now + chrono::Duration::days(i64::from(params.criteria.offer_days));
    let kind = RelationshipKind::for_programme(programme.kind);
    let mut relationships = Vec::new();
    let mut expected = Vec::new();
    for m in &run.result.matches {
        let mut members = Vec::new();
        for a in &m.applications {
            let c = by_app
                .get(a)
                .ok_or(AppError::refused("error.matching.inputs_changed", &[]))?;
            expected.push((c.application_id, c.version));
            members.push(Member {
                person_id: c.person_id,
                application_id: c.application_id,
                role: c.role,
                response: OfferResponse::Pending,
                responded_at: None,
                signed_version: None,
                signed_at: None,
                fit_check: None,
                left_at: None,
            });
        }
        relationships.push(Relationship {
            id: RelationshipId::new(),
            intake_id: intake.id,
            run_id: Some(run.id),
            kind,
            status: RelationshipStatus::Proposed,
            offer_deadline: deadline,
            meeting_slot: m.shared_slot,
            members,
            created_at: now,
            updated_at: now,
            activated_at: None,
            closed_at: None,
        });
    }
    let publication = Publication {
        run_id: run.id,
        intake_id: intake.id,
        expected,
        relationships: relationships.clone(),
        actor: Some(actor.person_id),
        at: now,
    };
    match state.store.publish_match_run(&publication).await {
        Ok(()) => {}
        Err(StoreError::Conflict(what)) if what == "inputs" => {
            return Err(AppError::refused("error.matching.inputs_changed", &[]));
        }
        Err(StoreError::Conflict(_)) => {
            return Err(AppError::refused("error.matching.not_a_draft", &[]));
        }
        Err(e) => return Err(e.into()),
    }
    audit(
        state,
        Some(actor),
        "matching.publish",
        run.id.to_string(),
        format!("intake={} relationships={}", intake.id, relationships.len()),
    )
    .await?;
    for r in &relationships {
        for m in &r.members {
            notify(state, m.person_id, "mail.offer", &programme, deadline).await?;
        }
    }
    Ok(relationships.len())
}

/// E-mails a person (when they have an account) about their match, in their language.
async fn notify(
    state: &AppState,
    person: PersonId,
    prefix: &str,
    programme: &Programme,
    deadline: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let Some(account) = state.store.account_by_person(person).await? else {
        return Ok(());
    };
    let record = state.store.get_person(person).await?;
    let lang: Lang = record.person.language;
    let i18n = I18n::shared();
    let link = format!(
        "{}/relationships",
        state.config.base_url.trim_end_matches('/')
    );
    let date = deadline.format("%Y-%m-%d").to_string();
    let params = [
        ("name", record.person.given_name.as_str()),
        ("programme", programme.name.as_str()),
        ("deadline", date.as_str()),
        ("link", link.as_str()),
    ];
    let email = Email {
        to: account.email,
        subject: i18n.t_with(lang, &format!("{prefix}.subject"), &params),
        text: i18n.t_with(lang, &format!("{prefix}.body"), &params),
        html: None,
    };
    state.mailer.send(email).await.map_err(AppError::internal)
}

// ----- relationships -------------------------------------------------------------------------

/// A member as others may see them.
#[derive(Clone, Debug, Serialize)]
pub struct MemberView {
    pub member: Member,
    pub name: String,
    pub organisation: String,
    pub job_title: String,
}

/// A relationship as the actor may see it.
#[derive(Clone, Debug, Serialize)]
pub struct RelationshipView {
    pub relationship: Relationship,
    pub members: Vec<MemberView>,
    pub agreement: Option<Agreement>,
    pub programme: Programme,
    pub intake: Intake,
    /// The actor's own membership, when they are a member.
    pub me: Option<Member>,
    /// The actor's own private reason, when they ended it.
    pub my_ending_reason: Option<String>,
    /// The offer can no longer be accepted.
    pub offer_expired: bool,
    /// Sessions held, oldest first.
    pub sessions: Vec<SessionLog>,
    /// Minutes used and the programme's caps, for "used against the cap".
    pub minutes_used: u32,
    pub session_cap: Option<u32>,
    pub minutes_cap: Option<u32>,
    /// Live (active or winding down) with no session for [`STALE_WEEKS`] weeks (counted from the
    /// last session, or from the start when none was held).
    pub stale: bool,
}

/// Default number of weeks without a session after which a live relationship is flagged.
pub const STALE_WEEKS: u32 = 6;

/// Whether a live relationship has gone `weeks` without a session at `now`.
pub fn is_stale(
    r: &Relationship,
    last_session: Option<chrono::NaiveDate>,
    now: chrono::DateTime<chrono::Utc>,
    weeks: u32,
) -> bool {
    if !matches!(
        r.status,
        RelationshipStatus::Active | RelationshipStatus::WindingDown
    ) {
        return false;
    }
    let since = last_session.or(r.activated_at.map(|t| t.date_naive()));
    since.is_some_and(|d| (now.date_naive() - d).num_days() >= i64::from(weeks) * 7)
}

async fn view(state: &AppState, actor: &Actor, r: Relationship) -> AppResult<RelationshipView> {
    let intake = state.store.get_intake(r.intake_id).await?;
    let programme = state.store.get_programme(intake.programme_id).await?;
    let orgs: HashMap<_, _> = state
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut members = Vec::new();
    for m in &r.members {
        let rec = state.store.get_person(m.person_id).await?;
        let job = rec
            .employments
            .iter()
            .find(|e| e.primary)
            .or(rec.employments.first());
        members.push(MemberView {
            name: rec.person.display_name(),
            organisation: job
                .and_then(|j| orgs.get(&j.organisation_id).cloned())
                .unwrap_or_default(),
            job_title: job.map(|j| j.job_title.clone()).unwrap_or_default(),
            member: m.clone(),
        });
    }
    let me = r.member(actor.person_id).cloned();
    let my_ending_reason = if me.is_some() {
        state.store.own_ending_reason(r.id, actor.person_id).await?
    } else {
        None
    };
    let sessions = state.store.sessions_of(r.id).await?;
    let last = sessions.iter().map(|s| s.held_on).max();
    Ok(RelationshipView {
        minutes_used: sessions.iter().map(|s| s.minutes).sum(),
        session_cap: programme.rules.session_cap,
        minutes_cap: programme.rules.minutes_cap(),
        stale: is_stale(&r, last, state.now(), STALE_WEEKS),
        sessions,
        agreement: state.store.get_agreement(r.id).await?,
        offer_expired: r.status == RelationshipStatus::Proposed && state.now() > r.offer_deadline,
        relationship: r,
        members,
        programme,
        intake,
        me,
        my_ending_reason,
    })
}

/// The actor's relationships and offers, newest first.
pub async fn mine(state: &AppState, actor: &Actor) -> AppResult<Vec<RelationshipView>> {
    let mut out = Vec::new();
    for r in state
        .store
        .relationships_of_person(actor.person_id)
        .await?
        .into_iter()
        .rev()
    {
        out.push(view(state, actor, r).await?);
    }
    Ok(out)
}

/// One relationship, for its members and the scheme coordinator; to anyone else it does not
/// exist.
pub async fn get(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
) -> AppResult<RelationshipView> {
    let r = state.store.get_relationship(id).await?;
    let member = r.member(actor.person_id).is_some();
    if !member && !tandem_domain::can(actor, Action::ManageScheme) {
        return Err(AppError::NotFound);
    }
    let v = view(state, actor, r).await?;
    // The intake must belong to the actor's scheme.
    programmes::get(state, actor, v.programme.id).await?;
    Ok(v)
}

/// The relationships of an intake, for the coordinator; `stale_weeks` sets when a live
/// relationship counts as having had no session for too long.
pub async fn of_intake(
    state: &AppState,
    actor: &Actor,
    intake: IntakeId,
    stale_weeks: u32,
) -> AppResult<(Intake, Programme, Vec<RelationshipView>)> {
    authorise(actor, Action::ManageScheme)?;
    let (intake, programme) = intakes::get(state, actor, intake).await?;
    let mut out = Vec::new();
    for r in state.store.relationships_of_intake(intake.id).await? {
        let mut v = view(state, actor, r).await?;
        let last = v.sessions.iter().map(|s| s.held_on).max();
        v.stale = is_stale(&v.relationship, last, state.now(), stale_weeks);
        out.push(v);
    }
    Ok((intake, programme, out))
}

/// Longest session that can be logged, in minutes (a typo guard).
pub const MAX_SESSION_MINUTES: u32 = 600;

/// What a member logs about a session held.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SessionInput {
    pub held_on: Option<chrono::NaiveDate>,
    pub minutes: Option<u32>,
    pub mode: Option<Mode>,
    /// Topics discussed, shared between the members.
    #[serde(default)]
    pub topics: Option<String>,
    /// Action points agreed, shared between the members.
    #[serde(default)]
    pub action_points: Option<String>,
}

/// Logs a session held (a member of a live relationship), within the programme's caps.
pub async fn log_session(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
    input: SessionInput,
) -> AppResult<()> {
    let (r, _) = as_member(state, actor, id).await?;
    let intake = state.store.get_intake(r.intake_id).await?;
    let programme = state.store.get_programme(intake.programme_id).await?;
    let mut e = ValidationErrors::new();
    let today = state.now().date_naive();
    match input.held_on {
        None => e.add("held_on", "error.date_required"),
        Some(d) if d > today => e.add("held_on", "error.matching.session_in_future"),
        Some(d)
            if r.activated_at
                .is_some_and(|a| d < a.date_naive() - chrono::Duration::days(1)) =>
        {
            e.add("held_on", "error.matching.session_before_start")
        }
        _ => {}
    }
    match input.minutes {
        None => e.add("minutes", "error.matching.minutes_required"),
        Some(m) if m == 0 || m > MAX_SESSION_MINUTES => {
            e.add("minutes", "error.matching.minutes_range")
        }
        _ => {}
    }
    match input.mode {
        None => e.add("mode", "error.choose_a_mode"),
        Some(m) if !programme.rules.modes.contains(&m) => e.add("mode", "error.mode_not_offered"),
        _ => {}
    }
    let topics = input.topics.unwrap_or_default().trim().to_string();
    let action_points = input.action_points.unwrap_or_default().trim().to_string();
    if topics.chars().count() > tandem_domain::sessions::MAX_SESSION_TEXT {
        e.add("topics", "error.sessions.text_too_long");
    }
    if action_points.chars().count() > tandem_domain::sessions::MAX_SESSION_TEXT {
        e.add("action_points", "error.sessions.text_too_long");
    }
    e.into_result()?;
    let log = SessionLog {
        id: tandem_domain::SessionId::new(),
        relationship_id: id,
        held_on: input.held_on.unwrap_or(today),
        minutes: input.minutes.unwrap_or(0),
        mode: input.mode.unwrap_or(Mode::Video),
        logged_by: Some(actor.person_id),
        logged_at: state.now(),
        topics,
        action_points,
    };
    let caps = tandem_storage::SessionCaps {
        sessions: programme.rules.session_cap,
        minutes: programme.rules.minutes_cap(),
    };
    state
        .store
        .log_session(&log, caps)
        .await
        .map_err(|err| match err {
            StoreError::Conflict(w) if w == "sessions_cap" => {
                let cap = caps.sessions.unwrap_or(0).to_string();
                AppError::refused("error.matching.session_cap_reached", &[("cap", &cap)])
            }
            StoreError::Conflict(w) if w == "minutes_cap" => {
                let cap = caps.minutes.unwrap_or(0).to_string();
                AppError::refused("error.matching.minutes_cap_reached", &[("cap", &cap)])
            }
            other => refusal(other, &r),
        })?;
    audit(
        state,
        Some(actor),
        "relationship.session_logged",
        id.to_string(),
        format!("minutes={}", log.minutes),
    )
    .await
}

/// The member record of the actor, or NotFound (acting on someone else's offer reveals nothing).
pub async fn as_member(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
) -> AppResult<(Relationship, Member)> {
    let r = state.store.get_relationship(id).await?;
    let m = r
        .member(actor.person_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok((r, m))
}

/// Maps the store's state conflicts to explanations.
fn refusal(e: StoreError, r: &Relationship) -> AppError {
    match e {
        StoreError::Conflict(what) => match what.as_str() {
            "deadline" => {
                let d = r.offer_deadline.format("%Y-%m-%d").to_string();
                AppError::refused("error.matching.offer_closed", &[("date", &d)])
            }
            "response" => AppError::refused("error.matching.already_answered", &[]),
            "version" => AppError::refused("error.matching.agreement_changed", &[]),
            _ => AppError::refused("error.matching.wrong_status", &[]),
        },
        other => other.into(),
    }
}

/// Standard agreement terms to start from.
fn default_terms(kind: RelationshipKind, programme: &Programme, lang: Lang) -> AgreementTerms {
    let i18n = I18n::shared();
    let frequency = match (programme.rules.session_cap, programme.rules.session_minutes) {
        (Some(n), Some(m)) => i18n.t_with(
            lang,
            "agreement.default_frequency_capped",
            &[("sessions", &n.to_string()), ("minutes", &m.to_string())],
        ),
        _ => i18n.t(lang, "agreement.default_frequency"),
    };
    AgreementTerms {
        goals: String::new(),
        frequency,
        channel: programme.rules.modes.first().copied(),
        cancellation_notice_hours: 48,
        confidentiality_notes: String::new(),
        ground_rules: if kind == RelationshipKind::Set {
            i18n.t(lang, "agreement.default_ground_rules")
        } else {
            String::new()
        },
    }
}

/// Accepts or declines an offer. A decline tells the scheme coordinators and returns people to
/// the pool.
pub async fn respond(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
    accept: bool,
) -> AppResult<RelationshipStatus> {
    let (r, _) = as_member(state, actor, id).await?;
    let intake = state.store.get_intake(r.intake_id).await?;
    let programme = state.store.get_programme(intake.programme_id).await?;
    let lang = state
        .store
        .get_person(actor.person_id)
        .await?
        .person
        .language;
    let terms = default_terms(r.kind, &programme, lang);
    let outcome = state
        .store
        .respond_to_offer(id, actor.person_id, accept, &terms, state.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    audit(
        state,
        Some(actor),
        if accept {
            "offer.accept"
        } else {
            "offer.decline"
        },
        id.to_string(),
        format!("status={}", outcome.status.code()),
    )
    .await?;
    if !accept {
        for c in state
            .store
            .holders_of_role(Role::SchemeCoordinator, Scope::Scheme(actor.scheme_id))
            .await?
        {
            notify(
                state,
                c,
                "mail.offer_declined",
                &programme,
                r.offer_deadline,
            )
            .await?;
        }
    }
    Ok(outcome.status)
}

/// Lets a lapsed offer go (coordinator): everyone returns to the pool.
pub async fn lapse(state: &AppState, actor: &Actor, id: RelationshipId) -> AppResult<()> {
    authorise(actor, Action::ManageScheme)?;
    let v = get(state, actor, id).await?;
    state
        .store
        .lapse_offer(id, Some(actor.person_id), state.now())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(w) if w == "deadline" => {
                AppError::refused("error.matching.offer_still_open", &[])
            }
            other => refusal(other, &v.relationship),
        })?;
    audit(
        state,
        Some(actor),
        "offer.lapse",
        id.to_string(),
        String::new(),
    )
    .await
}

/// Saves the agreement terms (any member, before it is active).
pub async fn save_agreement(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
    terms: AgreementTerms,
    version: u32,
) -> AppResult<u32> {
    let (r, _) = as_member(state, actor, id).await?;
    terms.validate(AgreementKind::for_relationship(r.kind))?;
    let v = state
        .store
        .save_agreement(id, &terms, version, actor.person_id, state.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    audit(
        state,
        Some(actor),
        "agreement.save",
        id.to_string(),
        format!("version={v}"),
    )
    .await?;
    Ok(v)
}

/// Signs the agreement version the member read.
pub async fn sign(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
    version: u32,
) -> AppResult<RelationshipStatus> {
    let (r, _) = as_member(state, actor, id).await?;
    let status = state
        .store
        .sign_agreement(id, actor.person_id, version, state.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    audit(
        state,
        Some(actor),
        "agreement.sign",
        id.to_string(),
        format!("version={version} status={}", status.code()),
    )
    .await?;
    Ok(status)
}

/// Records the member's fit check.
pub async fn fit_check(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
    fit: FitCheck,
) -> AppResult<()> {
    let (r, _) = as_member(state, actor, id).await?;
    // The fit check asks how it is going after the first session.
    if state.store.sessions_of(id).await?.is_empty() {
        return Err(AppError::refused(
            "error.matching.fit_after_first_session",
            &[],
        ));
    }
    state
        .store
        .record_fit_check(id, actor.person_id, fit, state.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    audit(
        state,
        Some(actor),
        "relationship.fit_check",
        id.to_string(),
        format!("fit={}", fit.code()),
    )
    .await
}

/// Winds down or closes a relationship (a member or the scheme coordinator).
pub async fn move_to(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
    to: RelationshipStatus,
) -> AppResult<()> {
    let v = get(state, actor, id).await?;
    if !matches!(
        to,
        RelationshipStatus::WindingDown | RelationshipStatus::Closed
    ) {
        return Err(AppError::field("status", "error.matching.wrong_status"));
    }
    let from = v.relationship.status;
    if !from.can_move_to(to) {
        return Err(AppError::refused("error.matching.wrong_status", &[]));
    }
    state
        .store
        .move_relationship(id, from, to, state.now())
        .await
        .map_err(|e| refusal(e, &v.relationship))?;
    audit(
        state,
        Some(actor),
        "relationship.move",
        id.to_string(),
        format!("from={} to={}", from.code(), to.code()),
    )
    .await
}

/// Longest private reason kept.
pub const MAX_REASON_CHARS: usize = 2000;

/// A private, no-fault ending by a member.
pub async fn end(
    state: &AppState,
    actor: &Actor,
    id: RelationshipId,
    reason: &str,
) -> AppResult<RelationshipStatus> {
    let (r, _) = as_member(state, actor, id).await?;
    if reason.chars().count() > MAX_REASON_CHARS {
        let max = MAX_REASON_CHARS.to_string();
        let mut e = ValidationErrors::new();
        e.add_with("reason", "error.too_long_n", &[("max", &max)]);
        return Err(e.into());
    }
    let outcome = state
        .store
        .end_relationship(id, actor.person_id, reason.trim(), state.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    // The reason is private: the audit records only that it happened.
    audit(
        state,
        Some(actor),
        "relationship.end",
        id.to_string(),
        format!("status={}", outcome.status.code()),
    )
    .await?;
    Ok(outcome.status)
}

/// How a run page names an application: the person, their organisation and role.
#[derive(Clone, Debug, Serialize)]
pub struct Label {
    pub name: String,
    pub organisation: String,
    pub role: ApplicationRole,
}

/// Labels for every application of the intake (coordinators only).
pub async fn labels(
    state: &AppState,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<HashMap<ApplicationId, Label>> {
    authorise(actor, Action::ManageScheme)?;
    let orgs: HashMap<_, _> = state
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let people: HashMap<PersonId, String> = state
        .store
        .all_people(actor.scheme_id)
        .await?
        .into_iter()
        .map(|r| (r.person.id, r.person.display_name()))
        .collect();
    Ok(state
        .store
        .list_applications(intake)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.id,
                Label {
                    name: people.get(&a.person_id).cloned().unwrap_or_default(),
                    organisation: orgs.get(&a.organisation_id).cloned().unwrap_or_default(),
                    role: a.role,
                },
            )
        })
        .collect())
}

/// A mentor suggested to a mentee in shortlist mode, as the mentee sees them.
#[derive(Clone, Debug, Serialize)]
pub struct Suggestion {
    pub application_id: ApplicationId,
    pub name: String,
    pub organisation: String,
    pub job_title: String,
    pub expertise: Vec<tandem_domain::FrameworkDimension>,
}

/// What a mentee sees in shortlist mode: their suggested mentors and their current ranking.
#[derive(Clone, Debug, Serialize)]
pub struct ShortlistView {
    pub intake: Intake,
    pub programme: Programme,
    pub application_id: ApplicationId,
    pub suggestions: Vec<Suggestion>,
    /// The mentee's ranking, first choice first.
    pub ranking: Vec<ApplicationId>,
}

/// The actor's shortlist for the intake: only in shortlist mode, only for a mentee whose
/// application is approved and not yet matched.
pub async fn shortlist(
    state: &AppState,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<ShortlistView> {
    let intake = state.store.get_intake(intake).await?;
    let programme = programmes::get(state, actor, intake.programme_id).await?;
    if programme.rules.matching.shortlist.is_none() {
        return Err(AppError::NotFound);
    }
    let mine = state
        .store
        .applications_of_person(actor.person_id)
        .await?
        .into_iter()
        .find(|a| a.intake_id == intake.id && a.role == ApplicationRole::Mentee)
        .ok_or(AppError::NotFound)?;
    if mine.status != ApplicationStatus::Approved {
        return Err(AppError::refused(
            "error.matching.shortlist_not_in_pool",
            &[],
        ));
    }
    // The pool as matching sees it; the actor is not a coordinator, so gather with the scheme's
    // data directly (it reads, never returns, other people's details beyond the suggestions).
    let (inputs, _) = gather(state, actor, &intake, &programme).await?;
    let suggested = plan::suggestions(&inputs, &programme.rules.matching)
        .into_iter()
        .find(|(m, _)| *m == mine.id)
        .map(|(_, s)| s)
        .unwrap_or_default();
    let orgs: HashMap<_, _> = state
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut suggestions = Vec::new();
    for id in &suggested {
        let a = state.store.get_application(*id).await?;
        let rec = state.store.get_person(a.person_id).await?;
        let job = rec
            .employments
            .iter()
            .find(|e| e.primary)
            .or(rec.employments.first());
        suggestions.push(Suggestion {
            application_id: a.id,
            name: rec.person.display_name(),
            organisation: orgs.get(&a.organisation_id).cloned().unwrap_or_default(),
            job_title: job.map(|j| j.job_title.clone()).unwrap_or_default(),
            expertise: a.profile.expertise.clone(),
        });
    }
    let ranking = state
        .store
        .shortlist_rankings(intake.id)
        .await?
        .into_iter()
        .find(|(m, _)| *m == mine.id)
        .map(|(_, r)| r)
        .unwrap_or_default();
    Ok(ShortlistView {
        intake,
        programme,
        application_id: mine.id,
        suggestions,
        ranking,
    })
}

/// Saves the actor's ranking of their suggested mentors (first choice first). Every entry must
/// be one of their suggestions, each at most once.
pub async fn rank(
    state: &AppState,
    actor: &Actor,
    intake: IntakeId,
    ranking: Vec<ApplicationId>,
) -> AppResult<()> {
    let view = shortlist(state, actor, intake).await?;
    let allowed: std::collections::HashSet<ApplicationId> =
        view.suggestions.iter().map(|s| s.application_id).collect();
    let mut seen = std::collections::HashSet::new();
    for id in &ranking {
        if !allowed.contains(id) {
            return Err(AppError::field("ranking", "error.matching.not_suggested"));
        }
        if !seen.insert(*id) {
            return Err(AppError::field("ranking", "error.matching.ranked_twice"));
        }
    }
    state
        .store
        .save_shortlist_ranking(view.intake.id, view.application_id, &ranking, state.now())
        .await?;
    audit(
        state,
        Some(actor),
        "matching.shortlist_ranked",
        view.application_id.to_string(),
        format!("ranked={}", ranking.len()),
    )
    .await
}

/// Intakes in shortlist mode where the actor, as an approved mentee, can rank suggestions.
pub async fn open_shortlists(
    state: &AppState,
    actor: &Actor,
) -> AppResult<Vec<(Intake, Programme)>> {
    let mut out = Vec::new();
    for a in state.store.applications_of_person(actor.person_id).await? {
        if a.role != ApplicationRole::Mentee || a.status != ApplicationStatus::Approved {
            continue;
        }
        let intake = state.store.get_intake(a.intake_id).await?;
        let programme = state.store.get_programme(intake.programme_id).await?;
        if programme.rules.matching.shortlist.is_some() {
            out.push((intake, programme));
        }
    }
    Ok(out)
}

/// One intake's relationships in figures, for the programme page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IntakeFigures {
    pub intake_id: IntakeId,
    /// Active or winding down.
    pub live: usize,
    pub sessions_held: usize,
    pub minutes_held: u32,
    /// Sessions the live relationships may hold in all (cap × live), when the programme caps them.
    pub sessions_allowed: Option<u32>,
    /// Live relationships with no session for `stale_weeks` weeks.
    pub quiet: usize,
    pub stale_weeks: u32,
    /// Sessions booked ahead (proposed or confirmed).
    pub sessions_planned: usize,
    /// Set meetings: members present and members expected, over meetings with attendance.
    pub set_present: usize,
    pub set_expected: usize,
}

/// Sessions held against caps and quiet relationships per intake (scheme coordinators).
pub async fn programme_figures(
    state: &AppState,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<Vec<IntakeFigures>> {
    authorise(actor, Action::ManageScheme)?;
    let p = programmes::get(state, actor, programme).await?;
    let mut out = Vec::new();
    for intake in state.store.list_intakes(p.id).await? {
        let mut f = IntakeFigures {
            intake_id: intake.id,
            stale_weeks: STALE_WEEKS,
            ..IntakeFigures::default()
        };
        for r in state.store.relationships_of_intake(intake.id).await? {
            if !matches!(
                r.status,
                RelationshipStatus::Active | RelationshipStatus::WindingDown
            ) {
                continue;
            }
            let sessions = state.store.sessions_of(r.id).await?;
            let now = state.now();
            f.sessions_planned += state
                .store
                .bookings_of(r.id)
                .await?
                .iter()
                .filter(|b| {
                    matches!(
                        b.status,
                        tandem_domain::sessions::BookingStatus::Proposed
                            | tandem_domain::sessions::BookingStatus::Confirmed
                    ) && b.starts_at.is_some_and(|t| t > now)
                })
                .count();
            if r.kind == RelationshipKind::Set {
                for m in state.store.set_meetings_of(r.id).await? {
                    if m.meeting.attendance_recorded {
                        f.set_present += m.attendance.iter().filter(|a| a.present).count();
                        f.set_expected += m.attendance.len();
                    }
                }
            }
            f.live += 1;
            f.sessions_held += sessions.len();
            f.minutes_held += sessions.iter().map(|s| s.minutes).sum::<u32>();
            let last = sessions.iter().map(|s| s.held_on).max();
            if is_stale(&r, last, state.now(), STALE_WEEKS) {
                f.quiet += 1;
            }
        }
        f.sessions_allowed = p.rules.session_cap.map(|c| c * f.live as u32);
        out.push(f);
    }
    Ok(out)
}
