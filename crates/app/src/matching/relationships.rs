//! Relationships as their members and the coordinator see them: views, sessions held within the
//! caps, the lifecycle and the private no-fault ending.
use crate::{AppError, AppResult, Context, Refusal};
use crate::{access, audited, authorise, intakes};
use serde::Serialize;
use std::collections::HashMap;
use tandem_domain::{
    Action, Actor, Agreement, Intake, IntakeId, Member, Mode, Programme, Relationship,
    RelationshipId, RelationshipStatus, SessionLog, ValidationErrors,
};
use tandem_storage::{Clash, StoreError};

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
    /// What it has held, of every kind (sessions, set meetings, shadowing days, workshops).
    pub activity: crate::kinds::Activity,
    /// A further session can be logged now: not at its caps (the rule logging applies, see
    /// `sessions::can_add_session`), so the page offers the form only then.
    pub can_log: bool,
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

/// The relationship as the actor may see it; the caller decided they may.
pub(crate) async fn view(
    ctx: &Context,
    actor: &Actor,
    r: Relationship,
) -> AppResult<RelationshipView> {
    let intake = ctx.store.get_intake(r.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    view_loaded(ctx, actor, r, intake, programme).await
}

/// The view of a relationship found through [`access`], with the intake and programme the
/// access check loaded already.
pub(crate) async fn view_found(
    ctx: &Context,
    actor: &Actor,
    found: access::Found,
) -> AppResult<RelationshipView> {
    view_loaded(
        ctx,
        actor,
        found.relationship,
        found.intake,
        found.programme,
    )
    .await
}

async fn view_loaded(
    ctx: &Context,
    actor: &Actor,
    r: Relationship,
    intake: Intake,
    programme: Programme,
) -> AppResult<RelationshipView> {
    let orgs: HashMap<_, _> = crate::organisations::names(ctx, actor.scheme_id).await?;
    let mut members = Vec::new();
    for m in &r.members {
        let rec = ctx.store.get_person(m.person_id).await?;
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
        ctx.store.own_ending_reason(r.id, actor.person_id).await?
    } else {
        None
    };
    let sessions = ctx.store.sessions_of(r.id).await?;
    // Set meetings, shadowing days and workshops are activity as much as sessions are.
    let activity = crate::kinds::activity_of(ctx, &r, &programme).await?;
    let can_log = crate::sessions::can_add_session(ctx, &r, &programme)
        .await?
        .is_ok();
    Ok(RelationshipView {
        can_log,
        minutes_used: sessions.iter().map(|s| s.minutes).sum(),
        session_cap: programme.rules.session_cap,
        minutes_cap: programme.rules.minutes_cap(),
        stale: is_stale(&r, activity.last, ctx.now(), STALE_WEEKS),
        activity,
        sessions,
        agreement: ctx.store.get_agreement(r.id).await?,
        offer_expired: super::offers::can_accept_offer(&r, ctx.now()).is_err(),
        relationship: r,
        members,
        programme,
        intake,
        me,
        my_ending_reason,
    })
}

/// The actor's relationships and offers, newest first.
pub async fn mine(ctx: &Context, actor: &Actor) -> AppResult<Vec<RelationshipView>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut out = Vec::new();
    for r in ctx
        .store
        .relationships_of_person(actor.person_id)
        .await?
        .into_iter()
        .rev()
    {
        out.push(view(ctx, actor, r).await?);
    }
    Ok(out)
}

/// One relationship, for its members and the scheme coordinator; to anyone else it does not
/// exist.
pub async fn get(ctx: &Context, actor: &Actor, id: RelationshipId) -> AppResult<RelationshipView> {
    let found = access::view(ctx, actor, id).await?;
    view_found(ctx, actor, found).await
}

/// The relationships of an intake, for the coordinator; `stale_weeks` sets when a live
/// relationship counts as having had no session for too long.
pub async fn of_intake(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    stale_weeks: u32,
) -> AppResult<(Intake, Programme, Vec<RelationshipView>)> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let mut out = Vec::new();
    for r in ctx.store.relationships_of_intake(intake.id).await? {
        let mut v = view_loaded(ctx, actor, r, intake.clone(), programme.clone()).await?;
        v.stale = is_stale(&v.relationship, v.activity.last, ctx.now(), stale_weeks);
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
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    input: SessionInput,
) -> AppResult<()> {
    let access::Found {
        relationship: r,
        programme,
        ..
    } = access::member(ctx, actor, id).await?;
    let mut e = ValidationErrors::new();
    let today = ctx.now().date_naive();
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
        Some(m) => crate::kinds::check_session_length(&mut e, m, &programme),
    }
    match input.mode {
        None => e.add("mode", "error.choose_a_mode"),
        Some(m) if !programme.rules.modes.contains(&m) => e.add("mode", "error.mode_not_offered"),
        _ => {}
    }
    let (block, max) = (
        tandem_domain::text::Shape::Block,
        tandem_domain::sessions::MAX_SESSION_TEXT,
    );
    let topics = input.topics.unwrap_or_default();
    let topics = tandem_domain::text::check(&mut e, "topics", &topics, block, max);
    let action_points = input.action_points.unwrap_or_default();
    let action_points =
        tandem_domain::text::check(&mut e, "action_points", &action_points, block, max);
    e.into_result()?;
    let log = SessionLog {
        id: tandem_domain::SessionId::new(),
        relationship_id: id,
        held_on: input.held_on.unwrap_or(today),
        minutes: input.minutes.unwrap_or(0),
        mode: input.mode.unwrap_or(Mode::Video),
        logged_by: Some(actor.person_id),
        logged_at: ctx.now(),
        topics: topics.unwrap_or_default(),
        action_points: action_points.unwrap_or_default(),
    };
    let caps = tandem_storage::SessionCaps {
        sessions: programme.rules.session_cap,
        minutes: programme.rules.minutes_cap(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "relationship.session_logged",
        id.to_string(),
        format!("minutes={}", log.minutes),
    );
    change
        .store
        .log_session(&log, caps)
        .await
        .map_err(|err| match err {
            StoreError::Refused(Clash::SessionsCap) => {
                AppError::Refused(Refusal::LoggedSessionsCap {
                    cap: caps.sessions.unwrap_or(0),
                })
            }
            StoreError::Refused(Clash::MinutesCap) => {
                AppError::Refused(Refusal::LoggedMinutesCap {
                    cap: caps.minutes.unwrap_or(0),
                })
            }
            other => refusal(other, &r),
        })?;
    change.done()
}

/// Explains the store's refusals of a change to relationship `r`.
pub(crate) fn refusal(e: StoreError, r: &Relationship) -> AppError {
    let why = match e {
        StoreError::Refused(Clash::OfferClosed) => Refusal::OfferClosed {
            deadline: r.offer_deadline.date_naive(),
        },
        StoreError::Refused(Clash::AlreadyAnswered) => Refusal::AlreadyAnswered,
        StoreError::Refused(Clash::VersionChanged) => Refusal::AgreementChanged,
        StoreError::Refused(Clash::StatusChanged) => Refusal::RelationshipStage,
        other => return other.into(),
    };
    AppError::Refused(why)
}

/// Winds down or closes a relationship (a member or the scheme coordinator).
pub async fn move_to(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    to: RelationshipStatus,
) -> AppResult<()> {
    let v = access::steer(ctx, actor, id).await?;
    if !matches!(
        to,
        RelationshipStatus::WindingDown | RelationshipStatus::Closed
    ) {
        return Err(AppError::field("status", "error.matching.wrong_status"));
    }
    let from = v.relationship.status;
    if !from.can_move_to(to) {
        return Err(AppError::Refused(Refusal::RelationshipStage));
    }
    let change = audited(
        ctx,
        Some(actor),
        "relationship.move",
        id.to_string(),
        format!("from={} to={}", from.code(), to.code()),
    );
    change
        .store
        .move_relationship(id, from, to, ctx.now())
        .await
        .map_err(|e| refusal(e, &v.relationship))?;
    change.done()
}

/// Longest private reason kept.
pub const MAX_REASON_CHARS: usize = 2000;

/// A private, no-fault ending by a member.
pub async fn end(
    ctx: &Context,
    actor: &Actor,
    id: RelationshipId,
    reason: &str,
) -> AppResult<RelationshipStatus> {
    let r = access::member(ctx, actor, id).await?.relationship;
    let reason = tandem_domain::text::field(
        "reason",
        reason,
        tandem_domain::text::Shape::Block,
        MAX_REASON_CHARS,
    )?;
    let change = audited(
        ctx,
        Some(actor),
        "relationship.end",
        id.to_string(),
        String::new(),
    );
    let outcome = change
        .store
        .end_relationship(id, actor.person_id, &reason, ctx.now())
        .await
        .map_err(|e| refusal(e, &r))?;
    // The reason is private: the audit records only that it happened.
    change.done()?;
    Ok(outcome.status)
}

/// Relationships per page of an intake's list (and the most a request may ask for).
pub const RELATIONSHIPS_PER_PAGE: u64 = 50;

/// One page of an intake's relationships as its coordinators see them.
#[derive(Clone, Debug, Serialize)]
pub struct IntakeRelationshipsPage {
    /// The relationships of this page (only the quiet ones when asked for), oldest first.
    pub relationships: Vec<RelationshipView>,
    /// Relationships of the intake, exact up to [`tandem_storage::COUNT_CAP`] (see `total_exact`).
    pub total: u64,
    pub total_exact: bool,
    /// Quiet relationships among this page's (the whole intake's when it fits one page): counting
    /// them across every page would cost reading every relationship's activity.
    pub stale_on_page: usize,
    /// Whether the list has more than this page (so `stale_on_page` is of this page only).
    pub paged: bool,
    /// Cursor tokens of the pages after and before this one.
    pub next: Option<String>,
    pub previous: Option<String>,
}

/// One page of the intake's published relationships (scheme coordinators), by cursor (a `next`
/// or `previous` token of an earlier page). The page costs its own relationships: the store
/// reads them by keyset and only they are loaded with their members, sessions and activity.
/// With `only_stale`, the quiet ones of the page are kept (a page may then show fewer than
/// [`RELATIONSHIPS_PER_PAGE`]; its `next` goes on from the last one read). A malformed token, or
/// one naming no relationship of the intake, is refused as `error.lists.cursor_unknown` on
/// `cursor`.
pub async fn of_intake_page(
    ctx: &Context,
    actor: &Actor,
    intake: IntakeId,
    stale_weeks: u32,
    only_stale: bool,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> AppResult<(Intake, Programme, IntakeRelationshipsPage)> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let unknown = || {
        let mut e = ValidationErrors::new();
        e.add("cursor", crate::people::CURSOR_UNKNOWN);
        AppError::Validation(e)
    };
    let cursor = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(t) => Some(tandem_storage::RelationshipCursor::parse(t).ok_or_else(unknown)?),
    };
    let limit = limit
        .unwrap_or(RELATIONSHIPS_PER_PAGE)
        .clamp(1, RELATIONSHIPS_PER_PAGE);
    let page = match ctx
        .store
        .relationships_of_intake_page(intake.id, cursor, limit)
        .await
    {
        Err(StoreError::NotFound) if cursor.is_some() => return Err(unknown()),
        r => r?,
    };
    let mut relationships = Vec::with_capacity(page.items.len());
    for r in page.items {
        let mut v = view_loaded(ctx, actor, r, intake.clone(), programme.clone()).await?;
        v.stale = is_stale(&v.relationship, v.activity.last, ctx.now(), stale_weeks);
        relationships.push(v);
    }
    let stale_on_page = relationships.iter().filter(|v| v.stale).count();
    if only_stale {
        relationships.retain(|v| v.stale);
    }
    let paged = page.next.is_some() || page.previous.is_some();
    Ok((
        intake,
        programme,
        IntakeRelationshipsPage {
            relationships,
            total: page.total,
            total_exact: page.total_exact,
            stale_on_page,
            paged,
            next: page.next,
            previous: page.previous,
        },
    ))
}
