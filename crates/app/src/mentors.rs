//! Mentor development: training and qualification records, supervision sessions, and each
//! mentor's standing (status and personal load).
//!
//! Who may do what is [`Action::RecordMentorDevelopment`]: the mentor themselves, a coordinator
//! of an organisation employing them, and the scheme coordinator read and add records; anyone
//! else is told the person does not exist (`NotFound`). Within that, the standing has two rules
//! of its own ([`Action::ChangeMentorStanding`]): only coordinators set a personal load or
//! withdraw a mentor, and a mentor may only pause and resume themselves
//! (`MentorStatus::mentor_may_change`); asking for more is `Forbidden`, because they can see
//! their standing but not change it that way.
//!
//! Matching reads the same facts through the store (`mentor_standings`, `mentor_load`) and
//! `MentorStanding::free_places`, so what a coordinator sees here is what matching enforces.

use super::{audited, authorise, authorise_or_hide};
use crate::{AppError, AppResult, Context};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use tandem_domain::mentor::{MentorOverview, Recording, SupervisionInput, TrainingInput};
use tandem_domain::{
    Action, Actor, MentorStanding, MentorStatus, OrganisationId, Person, PersonId, SupervisionId,
    SupervisionRecord, TrainingId, TrainingRecord, ValidationErrors, can,
};

/// The latest calendar date anywhere: a record dated today in the mentor's own time zone is
/// never refused as "in the future", whatever the server's clock zone (UTC+14 is the latest).
fn latest_today(ctx: &Context) -> NaiveDate {
    (ctx.now() + Duration::hours(14)).date_naive()
}

/// A person whose mentor development the actor may see and record, with their employers.
struct Target {
    person: Person,
    employers: Vec<OrganisationId>,
}

/// Loads the person and checks the actor may record their development (else `NotFound`).
async fn target(ctx: &Context, actor: &Actor, id: PersonId) -> AppResult<Target> {
    let record = ctx.store.get_person(id).await?;
    if record.person.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    let mut employers: Vec<OrganisationId> = record
        .employments
        .iter()
        .map(|e| e.organisation_id)
        .collect();
    employers.sort();
    employers.dedup();
    authorise_or_hide(
        actor,
        Action::RecordMentorDevelopment {
            person: id,
            employers: &employers,
        },
    )?;
    Ok(Target {
        person: record.person,
        employers,
    })
}

/// Whether the actor coordinates this person: the scheme coordinator, or a coordinator of an
/// organisation employing them. Only coordinators set loads and withdraw mentors, so this asks
/// the policy about a change no mentor may make themselves.
fn coordinates(actor: &Actor, employers: &[OrganisationId]) -> bool {
    can(
        actor,
        Action::ChangeMentorStanding {
            person: actor.person_id,
            employers,
            self_service: false,
        },
    )
}

/// A mentor's standing as shown: the stored one, or the initial one when never recorded.
#[derive(Clone, Debug, Serialize)]
pub struct StandingView {
    pub standing: MentorStanding,
    /// Whether a standing was ever recorded (`false`: active with the programme's load).
    pub recorded: bool,
    /// Live relationships in which they are the mentor.
    pub current_load: u32,
    /// Holds training that counts as mentor training.
    pub trained: bool,
}

async fn standing_view(ctx: &Context, person: PersonId) -> AppResult<StandingView> {
    let stored = ctx.store.mentor_standing(person).await?;
    Ok(StandingView {
        recorded: stored.is_some(),
        standing: stored.unwrap_or_else(|| MentorStanding::initial(person, ctx.now())),
        current_load: ctx.store.mentor_load(person).await?,
        trained: ctx.store.is_mentor_trained(person).await?,
    })
}

/// Everything the mentoring page shows about one person.
#[derive(Clone, Debug, Serialize)]
pub struct MentorDevelopment {
    pub person: Person,
    pub standing: StandingView,
    pub training: Vec<TrainingRecord>,
    pub supervision: Vec<SupervisionRecord>,
    /// The actor is this person.
    pub is_self: bool,
    /// The actor may set the personal load and any status (a coordinator).
    pub coordinates: bool,
    /// The statuses the actor may choose from the current one.
    pub statuses: Vec<MentorStatus>,
    /// The actor may verify this person's training (a coordinator of theirs, not themselves).
    pub can_verify: bool,
}

/// The statuses an actor may move a standing to (the current one always included).
fn allowed_statuses(coordinates: bool, current: MentorStatus) -> Vec<MentorStatus> {
    MentorStatus::ALL
        .into_iter()
        .filter(|s| coordinates || current.mentor_may_change(*s))
        .collect()
}

/// A person's training, supervision and standing.
pub async fn development(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
) -> AppResult<MentorDevelopment> {
    let t = target(ctx, actor, person).await?;
    let standing = standing_view(ctx, person).await?;
    let coordinates = coordinates(actor, &t.employers);
    Ok(MentorDevelopment {
        statuses: allowed_statuses(coordinates, standing.standing.status),
        can_verify: may_verify(actor, person, &t.employers),
        is_self: actor.person_id == person,
        coordinates,
        training: ctx.store.list_training(person).await?,
        supervision: ctx.store.list_supervision(person).await?,
        standing,
        person: t.person,
    })
}

fn recording(ctx: &Context, actor: &Actor, person: PersonId) -> Recording {
    Recording {
        person_id: person,
        recorded_by: Some(actor.person_id),
        recorded_at: ctx.now(),
        today: latest_today(ctx),
    }
}

/// A person's training records, most recently completed first.
pub async fn list_training(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
) -> AppResult<Vec<TrainingRecord>> {
    target(ctx, actor, person).await?;
    Ok(ctx.store.list_training(person).await?)
}

/// Records completed training or a qualification.
pub async fn add_training(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    input: TrainingInput,
) -> AppResult<TrainingRecord> {
    let t = target(ctx, actor, person).await?;
    let mut record = input.into_record(TrainingId::new(), recording(ctx, actor, person))?;
    // A coordinator recording someone's training checked it: it is verified as entered. The
    // person's own entry waits for a coordinator's check.
    if may_verify(actor, person, &t.employers) {
        record.verified_by = Some(actor.person_id);
        record.verified_at = Some(record.recorded_at);
    }
    let change = audited(
        ctx,
        Some(actor),
        "mentor.training.create",
        person.to_string(),
        format!(
            "training={}; qualifies={}; verified={}",
            record.id,
            record.qualifies_as_mentor_training,
            record.verified()
        ),
    );
    change.store.create_training(&record).await?;
    change.done()?;
    Ok(record)
}

fn may_verify(actor: &Actor, person: PersonId, employers: &[OrganisationId]) -> bool {
    can(actor, Action::VerifyTraining { person, employers })
}

/// Verifies one of a person's training records ([`Action::VerifyTraining`]: a coordinator of
/// the person, never the person), so that it counts for "mentor training required". Anyone who
/// may see the record but not verify it is `Forbidden`; anyone else is told it does not exist.
/// A record verified already stays as first verified.
pub async fn verify_training(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    training: TrainingId,
) -> AppResult<()> {
    let t = target(ctx, actor, person).await?;
    authorise(
        actor,
        Action::VerifyTraining {
            person,
            employers: &t.employers,
        },
    )?;
    if !ctx
        .store
        .list_training(person)
        .await?
        .iter()
        .any(|r| r.id == training)
    {
        return Err(AppError::NotFound);
    }
    let change = audited(
        ctx,
        Some(actor),
        "mentor.training.verify",
        person.to_string(),
        format!("training={training}"),
    );
    change
        .store
        .verify_training(person, training, actor.person_id, ctx.now())
        .await?;
    change.done()
}

/// A person's supervision sessions, most recent first.
pub async fn list_supervision(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
) -> AppResult<Vec<SupervisionRecord>> {
    target(ctx, actor, person).await?;
    Ok(ctx.store.list_supervision(person).await?)
}

/// Records a supervision session the mentor had.
pub async fn add_supervision(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    input: SupervisionInput,
) -> AppResult<SupervisionRecord> {
    target(ctx, actor, person).await?;
    let record = input.into_record(SupervisionId::new(), recording(ctx, actor, person))?;
    let change = audited(
        ctx,
        Some(actor),
        "mentor.supervision.create",
        person.to_string(),
        format!("supervision={}; minutes={}", record.id, record.minutes),
    );
    change.store.create_supervision(&record).await?;
    change.done()?;
    Ok(record)
}

/// A person's standing with their current load.
pub async fn standing(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<StandingView> {
    target(ctx, actor, person).await?;
    standing_view(ctx, person).await
}

/// A change of standing. `load_max`: `None` keeps the current personal load, `Some(None)`
/// removes it (back to the programme's), `Some(Some(n))` sets it.
#[derive(Clone, Debug, Default)]
pub struct StandingInput {
    pub status: Option<MentorStatus>,
    pub load_max: Option<Option<u32>>,
}

/// Sets a person's status and personal load (see the module comment for who may do what).
pub async fn set_standing(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    input: StandingInput,
) -> AppResult<StandingView> {
    let t = target(ctx, actor, person).await?;
    let Some(status) = input.status else {
        return Err(AppError::field("status", "error.mentors.status_required"));
    };
    let current = ctx
        .store
        .mentor_standing(person)
        .await?
        .unwrap_or_else(|| MentorStanding::initial(person, ctx.now()));
    let load_max = input.load_max.unwrap_or(current.load_max);
    authorise(
        actor,
        Action::ChangeMentorStanding {
            person,
            employers: &t.employers,
            self_service: load_max == current.load_max && current.status.mentor_may_change(status),
        },
    )?;
    let mut e = ValidationErrors::new();
    if let Err(load_errors) = MentorStanding::validate_load(load_max) {
        e.errors.extend(load_errors.errors);
    }
    e.into_result()?;
    let standing = MentorStanding {
        person_id: person,
        status,
        load_max,
        updated_at: ctx.now(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "mentor.standing.set",
        person.to_string(),
        format!(
            "status={}; load_max={}",
            status.code(),
            load_max.map_or_else(|| "programme".to_string(), |l| l.to_string())
        ),
    );
    change.store.set_mentor_standing(&standing).await?;
    change.done()?;
    standing_view(ctx, person).await
}

/// The mentors a coordinator looks after: the scheme coordinator sees the whole scheme, an
/// organisation coordinator the people their organisations employ; anyone else is refused. The
/// first page of [`list_mentors_page`].
pub async fn list_mentors(ctx: &Context, actor: &Actor) -> AppResult<Vec<MentorOverview>> {
    Ok(list_mentors_page(ctx, actor, &MentorsPaging::default())
        .await?
        .items)
}

/// Which page of the mentors' list: by cursor (keyset paging, from a page's `next` or
/// `previous`).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct MentorsPaging {
    pub cursor: Option<String>,
    pub per_page: Option<u64>,
}

/// Default number of mentors per page.
pub const MENTORS_PER_PAGE: u64 = 50;

/// One page of the mentors a coordinator looks after (see [`list_mentors`]), by name, with the
/// total counted up to `tandem_storage::COUNT_CAP`. A cursor that is malformed or names no one of
/// the scheme is a validation error on `cursor` (`people::CURSOR_UNKNOWN`).
pub async fn list_mentors_page(
    ctx: &Context,
    actor: &Actor,
    paging: &MentorsPaging,
) -> AppResult<tandem_storage::Page<MentorOverview>> {
    authorise(actor, Action::ListMentors)?;
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
    let q = tandem_storage::list_pages::MentorsQuery {
        scheme: actor.scheme_id,
        organisations: (!actor.is_scheme_coordinator()).then(|| actor.coordinated_organisations()),
        limit: paging
            .per_page
            .unwrap_or(MENTORS_PER_PAGE)
            .clamp(1, tandem_storage::MAX_PAGE),
        cursor,
    };
    match ctx.store.mentor_page(&q).await {
        Err(tandem_storage::StoreError::NotFound) if cursor.is_some() => {
            Err(crate::people::cursor_unknown())
        }
        r => Ok(r?),
    }
}

/// Whether the actor may open the list of mentors (for navigation links).
pub fn may_list_mentors(actor: &Actor) -> bool {
    can(actor, Action::ListMentors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_domain::{Role, RoleAssignment, SchemeId, Scope};

    fn actor(roles: Vec<RoleAssignment>) -> Actor {
        Actor {
            person_id: PersonId::new(),
            scheme_id: SchemeId::new(),
            roles,
        }
    }

    #[test]
    fn coordinators_are_the_scheme_and_the_employers_coordinators() {
        let a = OrganisationId::new();
        let b = OrganisationId::new();
        let participant = actor(vec![]);
        let mut sc = actor(vec![]);
        sc.roles.push(RoleAssignment {
            role: Role::SchemeCoordinator,
            scope: Scope::Scheme(sc.scheme_id),
        });
        let ca = actor(vec![RoleAssignment {
            role: Role::OrganisationCoordinator,
            scope: Scope::Organisation(a),
        }]);
        assert!(coordinates(&sc, &[b]));
        assert!(coordinates(&ca, &[b, a]));
        assert!(!coordinates(&ca, &[b]));
        assert!(!coordinates(&participant, &[a]));
        assert!(may_list_mentors(&sc) && may_list_mentors(&ca));
        assert!(!may_list_mentors(&participant));
    }

    #[test]
    fn a_mentor_chooses_between_active_and_paused_only() {
        use MentorStatus::*;
        assert_eq!(allowed_statuses(false, Active), vec![Active, Paused]);
        assert_eq!(allowed_statuses(false, Withdrawn), vec![Withdrawn]);
        assert_eq!(
            allowed_statuses(true, Withdrawn),
            MentorStatus::ALL.to_vec()
        );
    }
}
