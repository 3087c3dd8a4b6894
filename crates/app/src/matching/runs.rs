//! Matching runs: [`run`] gathers the approved pool of an intake into a [`RunInputs`] snapshot,
//! solves it with [`plan`](super::plan::plan) and saves inputs, parameters and result. Nothing is
//! visible to participants until it is published.
use super::plan::{Candidate, RunInputs, RunParameters};
use super::*;
use crate::{AppError, AppResult, Context, Refusal};
use crate::{audited, authorise, intakes};
use serde::Serialize;
use std::collections::HashMap;
use tandem_domain::{
    Action, Actor, Application, ApplicationId, ApplicationRole, ApplicationStatus, Intake,
    IntakeId, MatchRun, MatchRunId, PersonId, Pin, Programme, RunStatus,
};

/// The intake's pool as matching sees it now, with the programme.
pub(crate) async fn gather(
    ctx: &Context,
    actor: &Actor,
    intake: &Intake,
    programme: &Programme,
) -> AppResult<(RunInputs, Vec<Application>)> {
    // The pool: approved applications, and mentors already matched who still have free places
    // (a mentor with a load of two stays in the pool after their first mentee).
    let apps: Vec<Application> = ctx
        .store
        .list_applications(intake.id)
        .await?
        .into_iter()
        .filter(|a| {
            a.status == ApplicationStatus::Approved
                || (a.status == ApplicationStatus::Matched && a.role == ApplicationRole::Mentor)
        })
        .collect();
    let people: HashMap<PersonId, tandem_storage::PersonRecord> = ctx
        .store
        .all_people(actor.scheme_id)
        .await?
        .into_iter()
        .map(|r| (r.person.id, r))
        .collect();
    let standings: HashMap<PersonId, tandem_domain::MentorStanding> = ctx
        .store
        .mentor_standings(actor.scheme_id)
        .await?
        .into_iter()
        .map(|s| (s.person_id, s))
        .collect();
    let loads: HashMap<PersonId, u32> = ctx
        .store
        .mentor_loads(actor.scheme_id)
        .await?
        .into_iter()
        .collect();
    let mut previous: HashMap<PersonId, Vec<PersonId>> = HashMap::new();
    for r in ctx.store.relationships_of_intake(intake.id).await? {
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
                profession: job
                    .map(|j| tandem_domain::words::profession_key(&j.profession))
                    .unwrap_or_default(),
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
                assessment: Vec::new(),
                background: Vec::new(),
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
        let mut r: Vec<(ApplicationId, Vec<ApplicationId>)> = ctx
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
    // Minimum loads (issue #15): each pool mentor's current mentees, so the minimum counts them.
    let mentor_loads: Vec<(ApplicationId, u32)> = candidates
        .iter()
        .filter(|c| c.role == ApplicationRole::Mentor)
        .filter_map(|c| {
            let n = loads.get(&c.person_id).copied().unwrap_or(0);
            (n > 0).then_some((c.application_id, n))
        })
        .collect();
    let assessment = super::assessment::gather(ctx, intake, programme, &mut candidates).await?;
    Ok((
        RunInputs {
            kind: programme.kind,
            candidates,
            set_size,
            rankings,
            mentor_load_min: programme.rules.mentor_load_min,
            mentor_loads,
            assessment,
        },
        apps,
    ))
}

/// The seed of every run: fixed, so a run depends only on its inputs and the coordinator's
/// choices.
const SEED: u64 = 20_261_123;

/// The pool as it is now, the parameters a run would use now, and their digest.
pub(crate) async fn current(
    ctx: &Context,
    actor: &Actor,
    intake: &Intake,
    programme: &Programme,
) -> AppResult<(RunInputs, RunParameters, String)> {
    let (inputs, _) = gather(ctx, actor, intake, programme).await?;
    let params = RunParameters {
        criteria: programme.rules.matching.clone(),
        pins: ctx.store.list_pins(intake.id).await?,
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
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<MatchingOverview> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let (inputs, params, digest) = current(ctx, actor, &intake, &programme).await?;
    let mut pool = Vec::new();
    for role in ApplicationRole::for_kind(programme.kind) {
        pool.push((
            *role,
            inputs.candidates.iter().filter(|c| c.role == *role).count(),
        ));
    }
    let runs = ctx.store.list_match_runs(intake.id).await?;
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
pub async fn run(ctx: &Context, actor: &Actor, intake: IntakeId) -> AppResult<MatchRun> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let (inputs, params, digest) = current(ctx, actor, &intake, &programme).await?;
    if inputs.candidates.is_empty() {
        return Err(AppError::Refused(Refusal::EmptyPool));
    }
    let result = plan::plan(&inputs, &params).map_err(AppError::internal)?;
    let mut run = MatchRun {
        id: MatchRunId::new(),
        intake_id: intake.id,
        number: 0,
        status: RunStatus::Draft,
        created_at: ctx.now(),
        created_by: Some(actor.person_id),
        inputs_digest: digest,
        inputs: serde_json::to_string(&inputs).map_err(AppError::internal)?,
        parameters: serde_json::to_string(&params).map_err(AppError::internal)?,
        result,
        published_at: None,
    };
    // The run's number is given by the store as it writes the run, so the entry names the id.
    let change = audited(
        ctx,
        Some(actor),
        "matching.run",
        run.id.to_string(),
        format!(
            "intake={} matches={} unmatched={}",
            intake.id,
            run.result.matches.len(),
            run.result.unmatched.len()
        ),
    );
    run.number = change.store.create_match_run(&run).await?;
    change.done()?;
    Ok(run)
}

/// A run with its intake and programme, and whether solving its stored inputs again gives the
/// same result (every run can be reproduced).
pub async fn get_run(
    ctx: &Context,
    actor: &Actor,
    id: MatchRunId,
) -> AppResult<(MatchRun, Intake, Programme)> {
    let run = ctx.store.get_match_run(id).await?;
    let (intake, programme) = intakes::get(ctx, actor, run.intake_id).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    Ok((run, intake, programme))
}

/// Solves a saved run again from its stored inputs and parameters.
pub fn reproduce(run: &MatchRun) -> AppResult<tandem_domain::RunResult> {
    let inputs: RunInputs = serde_json::from_str(&run.inputs).map_err(AppError::internal)?;
    let params: RunParameters =
        serde_json::from_str(&run.parameters).map_err(AppError::internal)?;
    plan::plan(&inputs, &params).map_err(AppError::internal)
}

/// Whether solving a saved run again makes the same decision: the same pairs or sets with the
/// same scores and the same people left unmatched. Annotations a later release added (exact
/// reasons with rule counts, the mentors below a minimum) are not compared, so a run saved before
/// them still shows as reproduced when its decision is the same.
pub fn reproduces(run: &MatchRun) -> bool {
    let Ok(again) = reproduce(run) else {
        return false;
    };
    let decision = |r: &tandem_domain::RunResult| {
        let matches: Vec<(Vec<ApplicationId>, i64)> = r
            .matches
            .iter()
            .map(|m| (m.applications.clone(), m.score))
            .collect();
        let mut unmatched: Vec<ApplicationId> =
            r.unmatched.iter().map(|u| u.application_id).collect();
        unmatched.sort();
        (matches, unmatched, r.total_score)
    };
    decision(&again) == decision(&run.result)
}

/// How a run page names an application: the person, their organisation and role.
#[derive(Clone, Debug, Serialize)]
pub struct Label {
    pub name: String,
    pub organisation: String,
    pub role: ApplicationRole,
    /// The primary employment's profession and grade as recorded (explanations show both).
    pub profession: String,
    pub grade: String,
    /// The grade system's code (`grade_system.<code>` names it); empty when unknown.
    pub grade_system: String,
}

/// Labels for every application of the intake (coordinators only).
pub async fn labels(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
) -> AppResult<HashMap<ApplicationId, Label>> {
    // The intake must be of the actor's scheme.
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let orgs: HashMap<_, _> = crate::organisations::names(ctx, actor.scheme_id).await?;
    let people: HashMap<PersonId, (String, String, String, String)> = ctx
        .store
        .all_people(actor.scheme_id)
        .await?
        .into_iter()
        .map(|r| {
            let job = r
                .employments
                .iter()
                .find(|e| e.primary)
                .or(r.employments.first());
            let (profession, grade, system) = job
                .map(|j| {
                    let system = j.grade_system.code().to_string();
                    (j.profession.clone(), j.grade.clone(), system)
                })
                .unwrap_or_default();
            (
                r.person.id,
                (r.person.display_name(), profession, grade, system),
            )
        })
        .collect();
    Ok(ctx
        .store
        .list_applications(intake.id)
        .await?
        .into_iter()
        .map(|a| {
            (a.id, {
                let (name, profession, grade, grade_system) =
                    people.get(&a.person_id).cloned().unwrap_or_default();
                Label {
                    name,
                    organisation: orgs.get(&a.organisation_id).cloned().unwrap_or_default(),
                    role: a.role,
                    profession,
                    grade,
                    grade_system,
                }
            })
        })
        .collect())
}
