//! Use cases of relationships in motion: action learning set meetings.
//!
//! Who may look and who may act is decided by the policy (`ViewSet`, `ActInSet`); what each may
//! see is filtered here, once, and the views are built already filtered, so pages and the API
//! cannot leak by accident:
//! - members of the set see everything of their set (link, ground rules, rota, issues, actions);
//! - scheme coordinators see the meetings' attendance and rota roles, never issues or actions;
//! - an organisation's coordinator sees only the attendance of their own organisation's members,
//!   and only for sets with such a member — no roles, issues, actions, link or ground rules.
//!
//! The rota is proposed by the pure `tandem_domain::sets::propose` from the meetings recorded so
//! far; the members accept it or adjust it, and only then may issues be recorded.

use super::{AppResult, audited};
use crate::notify::{self, NoticeKind, meetings};
use crate::{AppError, Context, Refusal, access, authorise_or_hide};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use tandem_domain::sets::{
    self as rota, ActionStatus, Attendance, MeetingRecord, SetAction, SetMeeting,
};
use tandem_domain::text::Shape;
use tandem_domain::{
    Action, Actor, OrganisationId, PersonId, Programme, Relationship, RelationshipFacts,
    RelationshipId, RelationshipStatus, ValidationErrors, can,
};
use tandem_storage::{Clash, StoreError};
use uuid::Uuid;

pub use crate::set_roles::PRESENTERS_PER_MEETING;
use crate::set_roles::proposal;

const MAX_LINK: usize = 500;
const MAX_ISSUE: usize = 4000;
const MAX_ACTION: usize = 1000;

/// What the viewer may see of a set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Member,
    SchemeCoordinator,
    OrganisationCoordinator,
}

#[derive(Clone, Debug, Serialize)]
pub struct PersonRef {
    pub id: PersonId,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct AttendanceView {
    pub person: PersonRef,
    pub present: bool,
    /// Absent having sent apologies in advance (shown apart from absent).
    pub apologies: bool,
}

#[derive(Debug, Serialize)]
pub struct RotaView {
    /// False while this is only the proposal.
    pub agreed: bool,
    pub facilitator: Option<PersonRef>,
    pub timekeeper: Option<PersonRef>,
    pub presenters: Vec<PersonRef>,
}

#[derive(Debug, Serialize)]
pub struct ActionView {
    pub id: Uuid,
    pub person: PersonRef,
    pub text: String,
    pub status: ActionStatus,
    /// Date of the meeting where it was committed to.
    pub committed_on: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct PresentationView {
    pub person: PersonRef,
    pub issue: String,
    pub actions: Vec<ActionView>,
}

/// One meeting as the viewer may see it; fields they may not see are empty or absent.
#[derive(Debug, Serialize)]
pub struct MeetingView {
    pub id: Uuid,
    pub relationship_id: RelationshipId,
    pub starts_on: NaiveDate,
    pub starts_time: String,
    pub attendance_recorded: bool,
    pub attendance: Vec<AttendanceView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rota: Option<RotaView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presentations: Option<Vec<PresentationView>>,
    /// Actions of earlier meetings to follow up at this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<Vec<ActionView>>,
    /// Members (the viewer may see) who sent apologies for it.
    pub apologies: Vec<PersonRef>,
    /// The viewer sent apologies for it.
    pub my_apologies: bool,
    /// Apologies may still be sent or withdrawn (not yet held, attendance not recorded).
    pub apologies_open: bool,
    /// Attendance may be recorded (the day of the meeting has come), by
    /// [`can_record_attendance`]; the page offers the form only then.
    pub attendance_open: bool,
}

/// Whether apologies for meeting `m` may still be sent or withdrawn on `today`: not once it is
/// held or its attendance recorded. The one rule the use cases and the page apply.
pub fn can_change_apologies(m: &SetMeeting, today: NaiveDate) -> Result<(), Refusal> {
    if m.attendance_recorded || m.starts_on < today {
        return Err(Refusal::MeetingHeld);
    }
    Ok(())
}

/// Whether attendance at meeting `m` may be recorded on `today`: from the day of the meeting.
/// The one rule [`record_attendance`] and the page apply.
pub fn can_record_attendance(m: &SetMeeting, today: NaiveDate) -> Result<(), Refusal> {
    if m.starts_on > today {
        return Err(Refusal::MeetingNotYetHeld);
    }
    Ok(())
}

/// The proposed date and time of the next meeting.
#[derive(Debug, Serialize)]
pub struct NextMeeting {
    pub starts_on: NaiveDate,
    pub starts_time: String,
}

#[derive(Debug, Serialize)]
pub struct SetView {
    pub relationship_id: RelationshipId,
    pub status: RelationshipStatus,
    pub access: Access,
    pub programme: String,
    /// Half-day code of the slot the members share.
    pub slot: Option<String>,
    pub cadence_weeks: Option<u32>,
    /// Members the viewer may see (an organisation coordinator: their organisation's only).
    pub members: Vec<PersonRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ground_rules: Option<String>,
    pub meetings: Vec<MeetingView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<NextMeeting>,
}

/// Everything loaded for one set, before filtering.
struct Loaded {
    r: Relationship,
    access: Access,
    programme: Programme,
    names: HashMap<PersonId, String>,
    /// The people the viewer may see (everyone for members and the scheme coordinator).
    visible: BTreeSet<PersonId>,
    records: Vec<MeetingRecord>,
    /// Apologies sent, as (meeting, person).
    apologies: BTreeSet<(Uuid, PersonId)>,
    /// Who is looking.
    viewer: PersonId,
    /// Today, for whether apologies are still open.
    today: NaiveDate,
    /// What the policy decided on.
    facts: RelationshipFacts,
}

impl Loaded {
    fn person(&self, id: PersonId) -> PersonRef {
        PersonRef {
            id,
            name: self.names.get(&id).cloned().unwrap_or_default(),
        }
    }

    fn remaining(&self) -> Vec<PersonId> {
        self.r.remaining().map(|m| m.person_id).collect()
    }

    /// Who sent apologies for the meeting at `index`.
    fn away(&self, index: usize) -> BTreeSet<PersonId> {
        let id = self.records[index].meeting.id;
        self.apologies
            .iter()
            .filter(|(m, _)| *m == id)
            .map(|(_, p)| *p)
            .collect()
    }

    /// The rota proposed for the meeting at `index`: from the meetings before it, giving no
    /// role to whoever sent apologies.
    fn proposal(&self, index: usize) -> rota::Rota<PersonId> {
        proposal(&self.records, index, &self.remaining(), &self.away(index))
    }

    fn action(&self, a: &SetAction) -> ActionView {
        let committed_on = self
            .records
            .iter()
            .find(|m| m.meeting.id == a.meeting_id)
            .map(|m| m.meeting.starts_on)
            .unwrap_or_default();
        ActionView {
            id: a.id,
            person: self.person(a.person_id),
            text: a.text.clone(),
            status: a.status,
            committed_on,
        }
    }

    fn meeting(&self, index: usize) -> MeetingView {
        let rec = &self.records[index];
        let m = &rec.meeting;
        let away = self.away(index);
        let attendance = rec
            .attendance
            .iter()
            .filter(|a| self.visible.contains(&a.person_id))
            .map(|a| AttendanceView {
                person: self.person(a.person_id),
                present: a.present,
                apologies: !a.present && away.contains(&a.person_id),
            })
            .collect();
        let rota = (self.access != Access::OrganisationCoordinator).then(|| {
            if m.rota_agreed {
                RotaView {
                    agreed: true,
                    facilitator: m.facilitator.map(|p| self.person(p)),
                    timekeeper: m.timekeeper.map(|p| self.person(p)),
                    presenters: rec
                        .presentations
                        .iter()
                        .map(|p| self.person(p.person_id))
                        .collect(),
                }
            } else {
                let p = self.proposal(index);
                RotaView {
                    agreed: false,
                    facilitator: p.facilitator.map(|p| self.person(p)),
                    timekeeper: p.timekeeper.map(|p| self.person(p)),
                    presenters: p.presenters.iter().map(|p| self.person(*p)).collect(),
                }
            }
        });
        let member = self.access == Access::Member;
        let presentations = member.then(|| {
            rec.presentations
                .iter()
                .map(|p| PresentationView {
                    person: self.person(p.person_id),
                    issue: p.issue.clone(),
                    actions: rec
                        .actions
                        .iter()
                        .filter(|a| a.person_id == p.person_id)
                        .map(|a| self.action(a))
                        .collect(),
                })
                .collect()
        });
        let follow_up = member.then(|| {
            let earlier = &self.records[..index];
            let last = earlier.len().checked_sub(1);
            earlier
                .iter()
                .enumerate()
                .flat_map(|(i, r)| r.actions.iter().map(move |a| (i, a)))
                .filter(|(i, a)| Some(*i) == last || a.status.pending())
                .map(|(_, a)| self.action(a))
                .collect()
        });
        MeetingView {
            id: m.id,
            relationship_id: m.relationship_id,
            starts_on: m.starts_on,
            starts_time: m.starts_time.format("%H:%M").to_string(),
            attendance_recorded: m.attendance_recorded,
            attendance,
            link: member.then(|| m.link.clone()),
            rota,
            presentations,
            follow_up,
            apologies: away
                .iter()
                .filter(|p| self.visible.contains(*p))
                .map(|p| self.person(*p))
                .collect(),
            my_apologies: away.contains(&self.viewer),
            apologies_open: can_change_apologies(m, self.today).is_ok(),
            attendance_open: can_record_attendance(m, self.today).is_ok(),
        }
    }
}

/// Loads a set and decides the viewer's access ([`Action::ViewSet`]); NotFound for anyone with
/// no access (and for relationships that are not sets), so nothing about the set is revealed to
/// them. Current members see everything; anyone else the policy lets look is a coordinator.
async fn load(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Loaded> {
    let found = access::find(ctx, actor, id).await?;
    let r = found.relationship;
    // The organisations whose places the current members use: coordinators of those look.
    let mut orgs: HashMap<PersonId, OrganisationId> = HashMap::new();
    for m in r.remaining() {
        let app = ctx.store.get_application(m.application_id).await?;
        orgs.insert(m.person_id, app.organisation_id);
    }
    let member_organisations: Vec<OrganisationId> = orgs.values().copied().collect();
    authorise_or_hide(
        actor,
        Action::ViewSet {
            relationship: found.facts,
            member_organisations: &member_organisations,
        },
    )?;
    let everyone: BTreeSet<PersonId> = orgs.keys().copied().collect();
    let (access, visible) = if can(
        actor,
        Action::ActInSet {
            relationship: found.facts,
        },
    ) {
        (Access::Member, everyone)
    } else if can(actor, Action::ManageScheme) {
        (Access::SchemeCoordinator, everyone)
    } else {
        let mine = actor.coordinated_organisations();
        let visible: BTreeSet<PersonId> = orgs
            .iter()
            .filter(|(_, o)| mine.contains(o))
            .map(|(p, _)| *p)
            .collect();
        (Access::OrganisationCoordinator, visible)
    };
    let mut names = HashMap::new();
    for m in r.remaining() {
        let p = ctx.store.get_person(m.person_id).await?;
        names.insert(m.person_id, p.person.display_name());
    }
    let records = ctx.store.set_meetings_of(id).await?;
    let apologies = ctx.store.set_apologies_of(id).await?.into_iter().collect();
    Ok(Loaded {
        r,
        access,
        programme: found.programme,
        names,
        visible,
        records,
        apologies,
        viewer: actor.person_id,
        today: ctx.now().date_naive(),
        facts: found.facts,
    })
}

fn view_of(ctx: &Context, l: &Loaded, ground_rules: Option<String>) -> SetView {
    let member = l.access == Access::Member;
    let next = (member && l.r.status == RelationshipStatus::Active)
        .then(|| {
            let slot = l.r.meeting_slot?;
            let last = l.records.last().map(|m| m.meeting.starts_on);
            let weeks = l.programme.rules.cadence_weeks.unwrap_or(4);
            Some(NextMeeting {
                starts_on: rota::next_date(slot, weeks, last, ctx.now().date_naive()),
                starts_time: rota::slot_start(slot).format("%H:%M").to_string(),
            })
        })
        .flatten();
    SetView {
        relationship_id: l.r.id,
        status: l.r.status,
        access: l.access,
        programme: l.programme.name.clone(),
        slot: l.r.meeting_slot.map(|s| s.code()),
        cadence_weeks: l.programme.rules.cadence_weeks,
        members: l.visible.iter().map(|p| l.person(*p)).collect(),
        ground_rules: if member { ground_rules } else { None },
        meetings: (0..l.records.len()).map(|i| l.meeting(i)).collect(),
        next,
    }
}

async fn ground_rules(ctx: &Context, l: &Loaded) -> AppResult<Option<String>> {
    if l.access != Access::Member {
        return Ok(None);
    }
    Ok(ctx
        .store
        .get_agreement(l.r.id)
        .await?
        .map(|a| a.terms.ground_rules))
}

/// The set as the actor may see it.
pub async fn view(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<SetView> {
    let l = load(ctx, actor, id).await?;
    let rules = ground_rules(ctx, &l).await?;
    Ok(view_of(ctx, &l, rules))
}

/// One meeting as the actor may see it, with its set.
pub async fn meeting(
    ctx: &Context,
    actor: &Actor,
    meeting: Uuid,
) -> AppResult<(SetView, MeetingView)> {
    let rec = ctx.store.get_set_meeting(meeting).await?;
    let l = load(ctx, actor, rec.meeting.relationship_id).await?;
    let rules = ground_rules(ctx, &l).await?;
    let index = l
        .records
        .iter()
        .position(|m| m.meeting.id == meeting)
        .ok_or(AppError::NotFound)?;
    let m = l.meeting(index);
    Ok((view_of(ctx, &l, rules), m))
}

/// Loads the set for a change by a member while it is active.
async fn as_acting_member(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<Loaded> {
    let l = load(ctx, actor, id).await?;
    // Coordinators may look, never act: same answer as for a stranger.
    authorise_or_hide(
        actor,
        Action::ActInSet {
            relationship: l.facts,
        },
    )?;
    if l.r.status != RelationshipStatus::Active {
        return Err(AppError::Refused(Refusal::SetNotActive));
    }
    Ok(l)
}

async fn meeting_for_change(
    ctx: &Context,
    actor: &Actor,
    meeting: Uuid,
) -> AppResult<(Loaded, usize)> {
    let rec = ctx.store.get_set_meeting(meeting).await?;
    let l = as_acting_member(ctx, actor, rec.meeting.relationship_id).await?;
    let index = l
        .records
        .iter()
        .position(|m| m.meeting.id == meeting)
        .ok_or(AppError::NotFound)?;
    Ok((l, index))
}

/// When and where a meeting is held.
#[derive(Debug, Default, Clone)]
pub struct ScheduleInput {
    pub starts_on: Option<NaiveDate>,
    pub starts_time: String,
    pub link: String,
}

fn validate_schedule(
    ctx: &Context,
    input: &ScheduleInput,
) -> AppResult<(NaiveDate, NaiveTime, String)> {
    let mut e = ValidationErrors::new();
    let today = ctx.now().date_naive();
    match input.starts_on {
        None => e.add("starts_on", "error.date_required"),
        Some(d) if d < today => e.add("starts_on", "error.sets.date_in_past"),
        Some(d) => {
            if let Err(k) = tandem_domain::text::check_date(d) {
                e.add("starts_on", k)
            }
        }
    }
    let time = tandem_domain::text::parse_time(input.starts_time.trim()).ok();
    if time.is_none() {
        e.add("starts_time", "error.sets.time_invalid");
    }
    let link = tandem_domain::text::line(&input.link, MAX_LINK).unwrap_or_default();
    let valid_link = (link.starts_with("https://") || link.starts_with("http://"))
        && link.len() > "https://".len()
        && link.len() <= MAX_LINK
        && !link.chars().any(char::is_whitespace);
    if !valid_link {
        e.add("link", "error.sets.link_invalid");
    }
    e.into_result()?;
    Ok((
        input.starts_on.unwrap_or(today),
        time.unwrap_or(NaiveTime::MIN),
        link,
    ))
}

/// Plans the set's next meeting (a member, while the set is active).
pub async fn schedule(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    input: ScheduleInput,
) -> AppResult<Uuid> {
    let l = as_acting_member(ctx, actor, id).await?;
    let (starts_on, starts_time, link) = validate_schedule(ctx, &input)?;
    let m = SetMeeting {
        id: Uuid::new_v4(),
        relationship_id: id,
        starts_on,
        starts_time,
        link,
        facilitator: None,
        timekeeper: None,
        rota_agreed: false,
        attendance_recorded: false,
        created_by: Some(actor.person_id),
        created_at: ctx.now(),
        sequence: 0,
    };
    // The other members hear of it with the meeting's own transaction.
    let staged = notify::stage(ctx, meeting_notices(ctx, &l, &m, actor.person_id)?);
    let staged = staged.audited(
        ctx,
        Some(actor),
        "sets.schedule",
        m.id.to_string(),
        id.to_string(),
    );
    staged.store.create_set_meeting(&m).await?;
    staged.done()?;
    Ok(m.id)
}

/// Moves a meeting or changes its link, until attendance is recorded.
pub async fn reschedule(
    ctx: &Context,
    actor: &Actor,
    meeting: Uuid,
    input: ScheduleInput,
) -> AppResult<()> {
    let (l, index) = meeting_for_change(ctx, actor, meeting).await?;
    let (starts_on, starts_time, link) = validate_schedule(ctx, &input)?;
    let mut m = l.records[index].meeting.clone();
    let moved = (m.starts_on, m.starts_time) != (starts_on, starts_time);
    m.starts_on = starts_on;
    m.starts_time = starts_time;
    m.link = link;
    // A new time is news (the cause names it, so each time is told once); a new link alone
    // reaches people through the meeting page and the reminder.
    let notices = if moved {
        meeting_notices(ctx, &l, &m, actor.person_id)?
    } else {
        Vec::new()
    };
    let staged = notify::stage(ctx, notices);
    let staged = staged.audited(
        ctx,
        Some(actor),
        "sets.reschedule",
        meeting.to_string(),
        String::new(),
    );
    staged
        .store
        .reschedule_set_meeting(&m)
        .await
        .map_err(|e| match e {
            StoreError::Refused(Clash::AttendanceRecorded) => {
                AppError::Refused(Refusal::MeetingHeld)
            }
            other => other.into(),
        })?;
    staged.done()?;
    Ok(())
}

/// `set.meeting_next` for every member of the set but `by`, about meeting `m` at its time.
fn meeting_notices(
    ctx: &Context,
    l: &Loaded,
    m: &SetMeeting,
    by: PersonId,
) -> AppResult<Vec<notify::Notice>> {
    let starts = NaiveDateTime::new(m.starts_on, m.starts_time);
    meetings::to_others(
        ctx,
        NoticeKind::SetMeetingNext,
        &l.remaining(),
        by,
        &format!("{}:{}", m.id, starts.format("%Y-%m-%dT%H:%M")),
        &meetings::SetMeetingPayload {
            meeting: m.id,
            by,
            starts,
        },
    )
}

/// A member sends apologies for a meeting that is still to come. They are kept (the rota gives
/// them no role, attendance shows "apologies"), and the other members (the facilitator among
/// them) are told, once however often it is sent. When the rota was agreed and gave them a
/// role, the role is re-assigned by the rota rule (`tandem_domain::sets::reassign`) in the same
/// transaction, and the notice says so and names the new roles.
pub async fn send_apologies(ctx: &Context, actor: &Actor, meeting: Uuid) -> AppResult<()> {
    let (l, index) = meeting_for_change(ctx, actor, meeting).await?;
    let rec = &l.records[index];
    let m = &rec.meeting;
    can_change_apologies(m, ctx.now().date_naive()).map_err(AppError::Refused)?;
    let mut away = l.away(index);
    away.insert(actor.person_id);
    let agreed = m.rota_agreed.then(|| rota::Rota {
        facilitator: m.facilitator,
        timekeeper: m.timekeeper,
        presenters: rec.presentations.iter().map(|p| p.person_id).collect(),
    });
    let reassigned = agreed.filter(|a| rota::holds_a_role(a, &away)).map(|a| {
        rota::reassign(
            &l.remaining(),
            &crate::set_roles::history(&l.records, index),
            &away,
            &a,
        )
    });
    let notices = meetings::to_others(
        ctx,
        NoticeKind::SetApologies,
        &l.remaining(),
        actor.person_id,
        &format!("{meeting}:{}", actor.person_id),
        &meetings::ApologiesPayload {
            meeting,
            by: actor.person_id,
            reassigned: reassigned.is_some(),
        },
    )?;
    let staged = notify::stage(ctx, notices).audited(
        ctx,
        Some(actor),
        "sets.apologies",
        meeting.to_string(),
        format!("reassigned={}", reassigned.is_some()),
    );
    staged
        .store
        .send_set_apologies(meeting, actor.person_id, ctx.now(), reassigned.as_ref())
        .await
        .map_err(|e| match e {
            StoreError::Refused(Clash::AttendanceRecorded) => {
                AppError::Refused(Refusal::MeetingHeld)
            }
            other => store_rota_error(other),
        })?;
    staged.done()?;
    Ok(())
}

/// A member withdraws their apologies before the meeting (they can come after all). The rota
/// stays as it is: a role re-assigned meanwhile is not taken back from whoever took it on.
pub async fn withdraw_apologies(ctx: &Context, actor: &Actor, meeting: Uuid) -> AppResult<()> {
    let (l, index) = meeting_for_change(ctx, actor, meeting).await?;
    let m = &l.records[index].meeting;
    can_change_apologies(m, ctx.now().date_naive()).map_err(AppError::Refused)?;
    if !l.away(index).contains(&actor.person_id) {
        return Ok(());
    }
    let change = audited(
        ctx,
        Some(actor),
        "sets.apologies_withdrawn",
        meeting.to_string(),
        String::new(),
    );
    change
        .store
        .withdraw_set_apologies(meeting, actor.person_id)
        .await
        .map_err(|e| match e {
            StoreError::Refused(Clash::AttendanceRecorded) => {
                AppError::Refused(Refusal::MeetingHeld)
            }
            other => other.into(),
        })?;
    change.done()
}

/// A rota chosen by the members instead of the proposal.
#[derive(Debug, Default, Clone)]
pub struct RotaInput {
    pub facilitator: Option<PersonId>,
    pub timekeeper: Option<PersonId>,
    pub presenters: Vec<PersonId>,
}

fn store_rota_error(e: StoreError) -> AppError {
    match e {
        StoreError::Refused(Clash::IssuesRecorded) => AppError::Refused(Refusal::IssuesRecorded),
        other => other.into(),
    }
}

/// Accepts the proposed rota as it stands.
pub async fn accept_rota(ctx: &Context, actor: &Actor, meeting: Uuid) -> AppResult<()> {
    let (l, index) = meeting_for_change(ctx, actor, meeting).await?;
    let p = l.proposal(index);
    let change = audited(
        ctx,
        Some(actor),
        "sets.rota",
        meeting.to_string(),
        String::new(),
    );
    change
        .store
        .agree_set_rota(meeting, p.facilitator, p.timekeeper, &p.presenters)
        .await
        .map_err(store_rota_error)?;
    change.done()
}

/// Agrees a rota adjusted by the members: everyone named must be a member, presenters once each,
/// and the facilitator and timekeeper two different people.
pub async fn adjust_rota(
    ctx: &Context,
    actor: &Actor,
    meeting: Uuid,
    input: RotaInput,
) -> AppResult<()> {
    let (l, _) = meeting_for_change(ctx, actor, meeting).await?;
    let members = l.remaining();
    let mut e = ValidationErrors::new();
    match input.facilitator {
        Some(p) if !members.contains(&p) => e.add("facilitator", "error.sets.not_a_member"),
        None => e.add("facilitator", "error.sets.choose_someone"),
        _ => {}
    }
    match input.timekeeper {
        Some(p) if !members.contains(&p) => e.add("timekeeper", "error.sets.not_a_member"),
        Some(p) if Some(p) == input.facilitator => e.add("timekeeper", "error.sets.same_person"),
        None => e.add("timekeeper", "error.sets.choose_someone"),
        _ => {}
    }
    let distinct: BTreeSet<PersonId> = input.presenters.iter().copied().collect();
    if input.presenters.is_empty() {
        e.add("presenters", "error.sets.choose_presenters");
    } else if distinct.len() != input.presenters.len()
        || !input.presenters.iter().all(|p| members.contains(p))
    {
        e.add("presenters", "error.sets.not_a_member");
    }
    e.into_result()?;
    let change = audited(
        ctx,
        Some(actor),
        "sets.rota",
        meeting.to_string(),
        String::new(),
    );
    change
        .store
        .agree_set_rota(
            meeting,
            input.facilitator,
            input.timekeeper,
            &input.presenters,
        )
        .await
        .map_err(store_rota_error)?;
    change.done()
}

/// Records who attended: `present` are those who came; every other member was absent.
pub async fn record_attendance(
    ctx: &Context,
    actor: &Actor,
    meeting: Uuid,
    present: &[PersonId],
) -> AppResult<()> {
    let (l, index) = meeting_for_change(ctx, actor, meeting).await?;
    let members = l.remaining();
    if present.iter().any(|p| !members.contains(p)) {
        return Err(AppError::field("present", "error.sets.not_a_member"));
    }
    can_record_attendance(&l.records[index].meeting, ctx.now().date_naive())
        .map_err(AppError::Refused)?;
    let list: Vec<Attendance> = members
        .iter()
        .map(|p| Attendance {
            person_id: *p,
            present: present.contains(p),
        })
        .collect();
    let change = audited(
        ctx,
        Some(actor),
        "sets.attendance",
        meeting.to_string(),
        String::new(),
    );
    change.store.record_set_attendance(meeting, &list).await?;
    change.done()
}

/// Checks that the rota is agreed and `person` presents at the meeting.
fn presenter(l: &Loaded, index: usize, person: PersonId) -> AppResult<()> {
    let rec = &l.records[index];
    if !rec.meeting.rota_agreed {
        return Err(AppError::Refused(Refusal::RotaNotAgreed));
    }
    if !rec.presentations.iter().any(|p| p.person_id == person) {
        return Err(AppError::field("person", "error.sets.not_a_presenter"));
    }
    Ok(())
}

/// Records a presenter's issue.
pub async fn record_issue(
    ctx: &Context,
    actor: &Actor,
    meeting: Uuid,
    person: PersonId,
    issue: &str,
) -> AppResult<()> {
    let (l, index) = meeting_for_change(ctx, actor, meeting).await?;
    presenter(&l, index, person)?;
    let issue = tandem_domain::text::field("issue", issue, Shape::Block, MAX_ISSUE)?;
    if issue.is_empty() {
        return Err(AppError::field("issue", "error.sets.issue_required"));
    }
    let change = audited(
        ctx,
        Some(actor),
        "sets.issue",
        meeting.to_string(),
        person.to_string(),
    );
    change
        .store
        .record_set_issue(meeting, person, &issue)
        .await?;
    change.done()
}

/// Records an action a presenter commits to.
pub async fn add_action(
    ctx: &Context,
    actor: &Actor,
    meeting: Uuid,
    person: PersonId,
    text: &str,
) -> AppResult<Uuid> {
    let (l, index) = meeting_for_change(ctx, actor, meeting).await?;
    presenter(&l, index, person)?;
    let text = tandem_domain::text::field("action", text, Shape::Block, MAX_ACTION)?;
    if text.is_empty() {
        return Err(AppError::field("action", "error.sets.action_required"));
    }
    let a = SetAction {
        id: Uuid::new_v4(),
        meeting_id: meeting,
        person_id: person,
        text,
        status: ActionStatus::Open,
        updated_at: ctx.now(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "sets.action",
        a.id.to_string(),
        meeting.to_string(),
    );
    change.store.add_set_action(&a).await?;
    change.done()?;
    Ok(a.id)
}

/// Follows an action up: done, not done, or carried to later meetings.
pub async fn follow_up(
    ctx: &Context,
    actor: &Actor,
    action: Uuid,
    status: Option<ActionStatus>,
) -> AppResult<RelationshipId> {
    let a = ctx.store.get_set_action(action).await?;
    let rec = ctx.store.get_set_meeting(a.meeting_id).await?;
    let rid = rec.meeting.relationship_id;
    as_acting_member(ctx, actor, rid).await?;
    let status = match status {
        Some(s) if s != ActionStatus::Open => s,
        _ => return Err(AppError::field("status", "error.sets.choose_status")),
    };
    let change = audited(
        ctx,
        Some(actor),
        "sets.follow_up",
        action.to_string(),
        String::new(),
    );
    change
        .store
        .set_action_status(action, status, ctx.now())
        .await?;
    change.done()?;
    Ok(rid)
}

/// The meeting an action belongs to (for redirects), for the set's members: actions are theirs.
pub async fn meeting_of_action(ctx: &Context, actor: &Actor, action: Uuid) -> AppResult<Uuid> {
    let a = ctx.store.get_set_action(action).await?;
    let rec = ctx.store.get_set_meeting(a.meeting_id).await?;
    let l = load(ctx, actor, rec.meeting.relationship_id).await?;
    authorise_or_hide(
        actor,
        Action::ActInSet {
            relationship: l.facts,
        },
    )?;
    Ok(a.meeting_id)
}
