//! Use cases of paired learning: shadowing days in both directions, the pair's joint improvement
//! project, and workshops as programme events with attendance.
//!
//! The pair's own records (shadowing, project) are kept and read by its two members; the scheme
//! coordinator reads them too (to follow the programme). Workshops belong to the scheme
//! coordinator, who records attendance; members see the workshops of their programme and whether
//! they attended.

use super::matching::{self, MemberView};
use super::{audited, authorise, programmes};
use crate::notify::{self, NoticeKind, meetings};
use crate::{AppError, AppResult, Context, Refusal, access};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use tandem_domain::pairs::{Measure, Milestone, Project, ShadowingDay, Workshop};
use tandem_domain::{
    Action, Actor, PersonId, Programme, ProgrammeId, ProgrammeKind, Relationship, RelationshipId,
    RelationshipStatus, ValidationErrors, can,
};
use uuid::Uuid;

/// Shadowing days done with each member as host.
#[derive(Clone, Debug, Serialize)]
pub struct Direction {
    pub host: PersonId,
    pub host_name: String,
    pub days_done: u32,
}

/// A workshop of the pair's programme and whether the actor attended.
#[derive(Clone, Debug, Serialize)]
pub struct WorkshopForMember {
    pub workshop: Workshop,
    pub attended: bool,
}

/// Everything paired learning shows for one pair.
#[derive(Clone, Debug, Serialize)]
pub struct PairView {
    pub relationship: Relationship,
    pub members: Vec<MemberView>,
    pub programme: Programme,
    /// The actor is a member (may record); otherwise a coordinator reading.
    pub is_member: bool,
    pub shadowing: Vec<ShadowingDay>,
    pub directions: Vec<Direction>,
    pub project: Option<Project>,
    pub progress_percent: u32,
    pub workshops: Vec<WorkshopForMember>,
    /// The shadowing days (ids) that can be marked done today, by [`can_complete_shadowing`]:
    /// the page offers "Mark done" for these only.
    pub completable: Vec<Uuid>,
}

/// Whether a shadowing day can be marked done on `today`: not before the day itself. The one
/// rule both [`complete_shadowing`] and the pair's page (which offers "Mark done") apply.
pub fn can_complete_shadowing(day: &ShadowingDay, today: NaiveDate) -> Result<(), Refusal> {
    if day.day > today {
        return Err(Refusal::DayNotYet);
    }
    Ok(())
}

/// The pair, for a member or the scheme coordinator ([`Action::ViewPair`]); anything else
/// (another relationship kind, another person) does not exist.
async fn pair(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
) -> AppResult<matching::RelationshipView> {
    let found =
        access::unless_hidden(ctx, actor, id, |r| Action::ViewPair { relationship: r }).await?;
    matching::view_found(ctx, actor, found).await
}

/// The pair for a partner who may record ([`Action::RecordForPair`]): the relationship must be
/// running.
async fn recording(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
) -> AppResult<matching::RelationshipView> {
    let found = access::unless_hidden(ctx, actor, id, |r| Action::RecordForPair {
        relationship: r,
    })
    .await?;
    let v = matching::view_found(ctx, actor, found).await?;
    if !matches!(
        v.relationship.status,
        RelationshipStatus::Active | RelationshipStatus::WindingDown
    ) {
        return Err(AppError::Refused(Refusal::PairNotRunning));
    }
    Ok(v)
}

pub async fn view(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<PairView> {
    let v = pair(ctx, actor, id).await?;
    let mut directions = Vec::new();
    for m in &v.members {
        let (hosted, _) = ctx.store.shadowing_counts(id, m.member.person_id).await?;
        directions.push(Direction {
            host: m.member.person_id,
            host_name: m.name.clone(),
            days_done: hosted,
        });
    }
    let mut workshops = Vec::new();
    for w in ctx.store.workshops(v.programme.id).await? {
        let attended = ctx
            .store
            .workshop_attendance(w.id)
            .await?
            .contains(&actor.person_id);
        workshops.push(WorkshopForMember {
            workshop: w,
            attended,
        });
    }
    let project = ctx.store.project(id).await?;
    let shadowing = ctx.store.shadowing_days(id).await?;
    let today = ctx.now().date_naive();
    let completable = shadowing
        .iter()
        .filter(|d| !d.done && can_complete_shadowing(d, today).is_ok())
        .map(|d| d.id)
        .collect();
    Ok(PairView {
        completable,
        progress_percent: project.as_ref().map_or(0, Project::progress_percent),
        project,
        shadowing,
        directions,
        workshops,
        is_member: v.me.is_some(),
        relationship: v.relationship,
        members: v.members,
        programme: v.programme,
    })
}

/// What a member enters to plan a shadowing day.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ShadowingInput {
    pub host: Option<PersonId>,
    pub day: Option<NaiveDate>,
    #[serde(default)]
    pub place: String,
}

pub async fn plan_shadowing(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    input: ShadowingInput,
) -> AppResult<Uuid> {
    let v = recording(ctx, actor, id).await?;
    let mut e = ValidationErrors::new();
    let host = input.host.filter(|h| v.relationship.member(*h).is_some());
    if host.is_none() {
        e.add("host", "error.pairs.choose_host");
    }
    if input.day.is_none() {
        e.add("day", "error.date_required");
    }
    let d = ShadowingDay {
        id: Uuid::now_v7(),
        relationship_id: id,
        host_id: host.unwrap_or(actor.person_id),
        day: input.day.unwrap_or_default(),
        place: tandem_domain::text::normalise(&input.place, tandem_domain::text::Shape::Line),
        done: false,
        learning: String::new(),
    };
    if let Err(more) = d.validate() {
        e.errors.extend(more.errors);
    }
    e.into_result()?;
    // The other member hears of it in the same transaction.
    let members: Vec<PersonId> = v.relationship.remaining().map(|m| m.person_id).collect();
    let notices = meetings::to_others(
        ctx,
        NoticeKind::PairShadowingInvitation,
        &members,
        actor.person_id,
        &d.id.to_string(),
        &meetings::ShadowingPayload {
            relationship: id,
            day: d.id,
            by: actor.person_id,
        },
    )?;
    let staged = notify::stage(ctx, notices);
    let staged = staged.audited(
        ctx,
        Some(actor),
        "pairs.shadowing_planned",
        id.to_string(),
        format!("day={}", d.id),
    );
    staged
        .store
        .create_shadowing_day(&d, actor.person_id, ctx.now())
        .await?;
    staged.done()?;
    Ok(d.id)
}

/// Marks a shadowing day done with what was learnt; not before the day itself.
pub async fn complete_shadowing(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    day_id: Uuid,
    learning: &str,
) -> AppResult<()> {
    recording(ctx, actor, id).await?;
    let day = ctx
        .store
        .shadowing_days(id)
        .await?
        .into_iter()
        .find(|d| d.id == day_id)
        .ok_or(AppError::NotFound)?;
    can_complete_shadowing(&day, ctx.now().date_naive()).map_err(AppError::Refused)?;
    let mut check = day.clone();
    check.learning = tandem_domain::text::normalise(learning, tandem_domain::text::Shape::Block);
    check.validate()?;
    let change = audited(
        ctx,
        Some(actor),
        "pairs.shadowing_done",
        id.to_string(),
        format!("day={day_id}"),
    );
    change
        .store
        .complete_shadowing_day(id, day_id, &check.learning)
        .await?;
    change.done()
}

/// The project's own fields.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProjectInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub aim: String,
    pub presentation_on: Option<NaiveDate>,
    #[serde(default)]
    pub presented: bool,
}

pub async fn save_project(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    input: ProjectInput,
) -> AppResult<()> {
    recording(ctx, actor, id).await?;
    let p = Project {
        relationship_id: id,
        title: tandem_domain::text::normalise(&input.title, tandem_domain::text::Shape::Line),
        aim: tandem_domain::text::normalise(&input.aim, tandem_domain::text::Shape::Block),
        presentation_on: input.presentation_on,
        presented: input.presented,
        milestones: vec![],
        measures: vec![],
    };
    p.validate()?;
    let change = audited(
        ctx,
        Some(actor),
        "pairs.project_saved",
        id.to_string(),
        String::new(),
    );
    change.store.save_project(&p, ctx.now()).await?;
    change.done()
}

/// The project must exist before milestones and measures are added to it.
async fn with_project(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Project> {
    recording(ctx, actor, id).await?;
    ctx.store
        .project(id)
        .await?
        .ok_or_else(|| AppError::Refused(Refusal::ProjectFirst))
}

pub async fn add_milestone(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    title: &str,
    due_on: Option<NaiveDate>,
) -> AppResult<()> {
    with_project(ctx, actor, id).await?;
    let mut e = ValidationErrors::new();
    let title = match tandem_domain::text::line(title, tandem_domain::pairs::MAX_SHORT) {
        Ok(t) if t.is_empty() => {
            e.add("milestone_title", "error.pairs.required");
            t
        }
        Ok(t) => t,
        Err(err) => {
            err.record(&mut e, "milestone_title");
            String::new()
        }
    };
    if due_on.is_none() {
        e.add("due_on", "error.date_required");
    }
    e.into_result()?;
    let m = Milestone {
        id: Uuid::now_v7(),
        title,
        due_on: due_on.unwrap_or_default(),
        done: false,
    };
    let change = audited(
        ctx,
        Some(actor),
        "pairs.milestone_added",
        id.to_string(),
        format!("milestone={}", m.id),
    );
    change.store.add_milestone(id, &m).await?;
    change.done()
}

pub async fn set_milestone(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    milestone: Uuid,
    done: bool,
) -> AppResult<()> {
    with_project(ctx, actor, id).await?;
    let change = audited(
        ctx,
        Some(actor),
        "pairs.milestone_set",
        id.to_string(),
        format!("milestone={milestone} done={done}"),
    );
    change.store.set_milestone_done(id, milestone, done).await?;
    change.done()
}

/// What a member enters for a measure.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MeasureInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub baseline: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub latest: String,
}

pub async fn add_measure(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    input: MeasureInput,
) -> AppResult<()> {
    with_project(ctx, actor, id).await?;
    let m = Measure {
        id: Uuid::now_v7(),
        name: tandem_domain::text::normalise(&input.name, tandem_domain::text::Shape::Line),
        baseline: tandem_domain::text::normalise(&input.baseline, tandem_domain::text::Shape::Line),
        target: tandem_domain::text::normalise(&input.target, tandem_domain::text::Shape::Line),
        latest: tandem_domain::text::normalise(&input.latest, tandem_domain::text::Shape::Line),
    };
    m.validate()?;
    let change = audited(
        ctx,
        Some(actor),
        "pairs.measure_added",
        id.to_string(),
        format!("measure={}", m.id),
    );
    change.store.add_measure(id, &m).await?;
    change.done()
}

pub async fn update_measure(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    measure: Uuid,
    latest: &str,
) -> AppResult<()> {
    let project = with_project(ctx, actor, id).await?;
    let mut m = project
        .measures
        .into_iter()
        .find(|m| m.id == measure)
        .ok_or(AppError::NotFound)?;
    m.latest = tandem_domain::text::normalise(latest, tandem_domain::text::Shape::Line);
    m.validate()?;
    let change = audited(
        ctx,
        Some(actor),
        "pairs.measure_updated",
        id.to_string(),
        format!("measure={measure}"),
    );
    change.store.update_measure(id, measure, &m.latest).await?;
    change.done()
}

// ----- workshops -----------------------------------------------------------------------------

/// A workshop with how many attended.
#[derive(Clone, Debug, Serialize)]
pub struct WorkshopSummary {
    pub workshop: Workshop,
    pub attended: usize,
}

/// The paired-learning programme (scheme coordinators only).
async fn paired_programme(ctx: &Context, actor: &Actor, id: ProgrammeId) -> AppResult<Programme> {
    let p = programmes::get(ctx, actor, id).await?;
    authorise(actor, Action::ManageProgramme { programme: id })?;
    if p.kind != ProgrammeKind::PairedLearning {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

pub async fn workshops(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<(Programme, Vec<WorkshopSummary>)> {
    let p = paired_programme(ctx, actor, programme).await?;
    let mut out = Vec::new();
    for w in ctx.store.workshops(p.id).await? {
        let attended = ctx.store.workshop_attendance(w.id).await?.len();
        out.push(WorkshopSummary {
            workshop: w,
            attended,
        });
    }
    Ok((p, out))
}

/// What the coordinator enters for a workshop.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct WorkshopInput {
    #[serde(default)]
    pub title: String,
    pub day: Option<NaiveDate>,
    #[serde(default)]
    pub place: String,
}

pub async fn create_workshop(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    input: WorkshopInput,
) -> AppResult<Workshop> {
    let p = paired_programme(ctx, actor, programme).await?;
    let mut e = ValidationErrors::new();
    if input.day.is_none() {
        e.add("day", "error.date_required");
    }
    let w = Workshop {
        id: Uuid::now_v7(),
        programme_id: p.id,
        title: tandem_domain::text::normalise(&input.title, tandem_domain::text::Shape::Line),
        day: input.day.unwrap_or_default(),
        place: tandem_domain::text::normalise(&input.place, tandem_domain::text::Shape::Line),
    };
    if let Err(more) = w.validate() {
        e.errors.extend(more.errors);
    }
    e.into_result()?;
    let notices = workshop_invitations(ctx, &p, &w, actor.person_id).await?;
    let staged = notify::stage(ctx, notices);
    let staged = staged.audited(
        ctx,
        Some(actor),
        "pairs.workshop_created",
        w.id.to_string(),
        format!("programme={}", p.id),
    );
    staged.store.create_workshop(&w, ctx.now()).await?;
    staged.done()?;
    Ok(w)
}

/// An invitation to workshop `w` for every member of the programme's pairs that accepted their
/// match and have not finished (see [`meetings::invited`]), each linking to their own pair's page
/// (where members see the programme's workshops); never to the coordinator who created it.
async fn workshop_invitations(
    ctx: &Context,
    p: &Programme,
    w: &Workshop,
    by: PersonId,
) -> AppResult<Vec<notify::Notice>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for intake in ctx.store.list_intakes(p.id).await? {
        for r in ctx.store.relationships_of_intake(intake.id).await? {
            if !meetings::invited(&r) {
                continue;
            }
            for m in r.remaining() {
                if m.person_id == by || !seen.insert(m.person_id) {
                    continue;
                }
                out.push(notify::Notice::to_person(
                    ctx,
                    NoticeKind::PairWorkshopInvitation,
                    m.person_id,
                    &w.id.to_string(),
                    meetings::WorkshopPayload {
                        workshop: w.id,
                        relationship: r.id,
                    },
                )?);
            }
        }
    }
    Ok(out)
}

/// One who may attend a workshop: a member of a pair of the programme.
#[derive(Clone, Debug, Serialize)]
pub struct Attendee {
    pub person_id: PersonId,
    pub name: String,
    pub organisation: String,
    pub attended: bool,
}

/// A workshop with everyone who may attend it (members of the programme's pairs that were not
/// declined) and whether they did.
pub async fn workshop(
    ctx: &Context,
    actor: &Actor,
    id: Uuid,
) -> AppResult<(Workshop, Programme, Vec<Attendee>)> {
    authorise(actor, Action::ViewScheme)?;
    let w = ctx.store.get_workshop(id).await?;
    let p = paired_programme(ctx, actor, w.programme_id).await?;
    let present: HashSet<PersonId> = ctx
        .store
        .workshop_attendance(id)
        .await?
        .into_iter()
        .collect();
    let mut people = Vec::new();
    let mut seen = HashSet::new();
    for intake in ctx.store.list_intakes(p.id).await? {
        for r in ctx.store.relationships_of_intake(intake.id).await? {
            if r.status == RelationshipStatus::Declined {
                continue;
            }
            let v = matching::get(ctx, actor, r.id).await?;
            for m in v.members {
                if seen.insert(m.member.person_id) {
                    people.push(Attendee {
                        attended: present.contains(&m.member.person_id),
                        person_id: m.member.person_id,
                        name: m.name,
                        organisation: m.organisation,
                    });
                }
            }
        }
    }
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((w, p, people))
}

/// Replaces the workshop's attendance, on or after its day; everyone named must be a member of
/// the programme's pairs.
pub async fn set_attendance(
    ctx: &Context,
    actor: &Actor,
    id: Uuid,
    present: Vec<PersonId>,
) -> AppResult<()> {
    let (w, _, people) = workshop(ctx, actor, id).await?;
    // Attendance is what happened: a workshop still to come has none yet (the rule the page
    // applies to offer the form, [`attendance_open`]).
    if !attendance_open(ctx, &w) {
        let day = w.day.format("%Y-%m-%d").to_string();
        let mut e = ValidationErrors::new();
        e.add_with(
            "present",
            "kinds.error.workshop_not_yet",
            &[("date", day.as_str())],
        );
        return Err(AppError::Validation(e));
    }
    let allowed: HashSet<PersonId> = people.iter().map(|a| a.person_id).collect();
    if present.iter().any(|p| !allowed.contains(p)) {
        return Err(AppError::field("present", "error.pairs.not_a_participant"));
    }
    let mut present = present;
    present.sort();
    present.dedup();
    let change = audited(
        ctx,
        Some(actor),
        "pairs.attendance",
        w.id.to_string(),
        format!("present={}", present.len()),
    );
    change.store.set_workshop_attendance(w.id, &present).await?;
    change.done()
}

/// Whether the workshop's attendance may be recorded: on or after its day.
pub fn attendance_open(ctx: &Context, w: &Workshop) -> bool {
    w.day <= ctx.now().date_naive()
}

/// Whether the actor may manage workshops (for links on pages).
pub fn may_manage_workshops(actor: &Actor) -> bool {
    can(actor, Action::ManageScheme)
}
