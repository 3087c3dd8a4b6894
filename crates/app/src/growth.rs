//! Personal growth: goals per person per relationship, the reflective log, the CPD record and
//! the opt-in directory.
//!
//! Who sees what, and why (each decided by `tandem_domain::policy`):
//! - **Goals** are shared by nature: the current members of the relationship read all of its
//!   goals, and each member writes only their own. Nobody else reads them (`NotFound`, so their
//!   existence stays hidden); the scheme coordinator and evaluators see only how many goals stand
//!   at each status (pooled figures), which tells them whether goals are being set without
//!   exposing anyone's content.
//! - **Reflections** are private by default. The author may share one with the current members of
//!   one of their relationships and take that back. Reading goes through the storage queries that
//!   only return an entry to its author or through its sharing, and everyone else — coordinators
//!   included — is told it does not exist.
//! - **CPD** is the person's own record; only they read or change it.
//! - **The directory** lists only people who opted in, to anyone signed in to the scheme, so
//!   isolated practitioners can find peers in other organisations.

use super::audited;
use crate::{AppError, AppResult, Context, Refusal, access, authorise, authorise_or_hide};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use tandem_domain::growth::{
    CpdActivity, CpdActivityId, CpdInput, CpdLine, CpdSource, CpdTotals, DirectoryListing, Goal,
    GoalId, GoalInput, GoalStatus, Reflection, ReflectionId, ReflectionInput, csv_field,
    hours_text, validate_listing,
};
use tandem_domain::{
    Action, Actor, FrameworkDimension, Membership, PersonId, RelationshipId, RelationshipKind,
    RelationshipStatus,
};
use tandem_i18n::{I18n, Lang};
use tandem_storage::StoreError;

/// The latest calendar date anywhere (UTC+14), so an entry dated "today" in the writer's own
/// time zone is never refused as being in the future.
pub(crate) fn latest_today(ctx: &Context) -> NaiveDate {
    (ctx.now() + Duration::hours(14)).date_naive()
}

async fn display_name(ctx: &Context, person: PersonId) -> AppResult<String> {
    Ok(ctx.store.get_person(person).await?.person.display_name())
}

/// A relationship as offered in a choice: its id, kind and the other members' names.
#[derive(Clone, Debug, Serialize)]
pub struct RelationshipChoice {
    pub id: RelationshipId,
    pub kind: RelationshipKind,
    pub with: Vec<String>,
}

/// The actor's relationships: `current` only those they are still a member of and that have not
/// closed (for sharing and new goals), otherwise every one they were ever in (for linking).
pub async fn relationship_choices(
    ctx: &Context,
    actor: &Actor,
    current: bool,
) -> AppResult<Vec<RelationshipChoice>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut out = Vec::new();
    for r in ctx.store.relationships_of_person(actor.person_id).await? {
        if current
            && (access::membership(&r, actor.person_id) != Membership::Current
                || r.status == RelationshipStatus::Closed)
        {
            continue;
        }
        if !current && r.member(actor.person_id).is_none() {
            continue;
        }
        let mut with = Vec::new();
        for m in r.remaining().filter(|m| m.person_id != actor.person_id) {
            with.push(display_name(ctx, m.person_id).await?);
        }
        out.push(RelationshipChoice {
            id: r.id,
            kind: r.kind,
            with,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Goals

/// A goal with its owner's name, as the members see it.
#[derive(Clone, Debug, Serialize)]
pub struct GoalView {
    pub goal: Goal,
    pub owner_name: String,
    /// The actor owns it (and may update it).
    pub mine: bool,
}

/// A relationship's goals.
#[derive(Clone, Debug, Serialize)]
pub struct RelationshipGoals {
    pub relationship_id: RelationshipId,
    pub kind: RelationshipKind,
    pub status: RelationshipStatus,
    /// New goals may be set (the relationship has not closed).
    pub open: bool,
    pub goals: Vec<GoalView>,
}

/// The relationship's goals, for its current members.
pub async fn goals(
    ctx: &Context,
    actor: &Actor,
    relationship: RelationshipId,
) -> AppResult<RelationshipGoals> {
    let r = access::unless_hidden(ctx, actor, relationship, |r| Action::ViewGoals {
        relationship: r,
    })
    .await?
    .relationship;
    let mut names: BTreeMap<PersonId, String> = BTreeMap::new();
    let mut goals = Vec::new();
    for g in ctx.store.goals_of_relationship(r.id).await? {
        if let Entry::Vacant(slot) = names.entry(g.person_id) {
            slot.insert(display_name(ctx, g.person_id).await?);
        }
        goals.push(GoalView {
            owner_name: names.get(&g.person_id).cloned().unwrap_or_default(),
            mine: g.person_id == actor.person_id,
            goal: g,
        });
    }
    Ok(RelationshipGoals {
        relationship_id: r.id,
        kind: r.kind,
        status: r.status,
        open: r.status != RelationshipStatus::Closed,
        goals,
    })
}

/// Sets a goal of the actor's own in a relationship they are a current member of.
pub async fn add_goal(
    ctx: &Context,
    actor: &Actor,
    relationship: RelationshipId,
    input: GoalInput,
) -> AppResult<Goal> {
    let r = access::unless_hidden(ctx, actor, relationship, |r| Action::SetGoal {
        relationship: r,
    })
    .await?
    .relationship;
    if r.status == RelationshipStatus::Closed {
        return Err(AppError::Refused(Refusal::RelationshipClosed));
    }
    let c = input
        .validate(latest_today(ctx))
        .map_err(AppError::Validation)?;
    let now = ctx.now();
    let goal = Goal {
        id: GoalId::new(),
        relationship_id: r.id,
        person_id: actor.person_id,
        title: c.title,
        dimensions: c.dimensions,
        status: c.status,
        progress_note: c.progress_note,
        created_at: now,
        updated_at: now,
        appraisal: c.appraisal,
    };
    let change = audited(
        ctx,
        Some(actor),
        "growth.goal.create",
        goal.id.to_string(),
        format!(
            "relationship={}; status={}{}",
            r.id,
            goal.status.code(),
            crate::appraisal::audit_citation(goal.appraisal.as_ref())
        ),
    );
    change.store.create_goal(&goal).await?;
    change.done()?;
    Ok(goal)
}

/// One goal, for the current members of its relationship.
pub async fn get_goal(ctx: &Context, actor: &Actor, id: GoalId) -> AppResult<GoalView> {
    let g = match ctx.store.get_goal(id).await {
        Ok(g) => g,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    access::unless_hidden(ctx, actor, g.relationship_id, |r| Action::ViewGoals {
        relationship: r,
    })
    .await?;
    Ok(GoalView {
        owner_name: display_name(ctx, g.person_id).await?,
        mine: g.person_id == actor.person_id,
        goal: g,
    })
}

/// Updates the actor's own goal (title, dimensions, progress). Another member may read it but
/// not change it (`Forbidden`); anyone else is told it does not exist.
pub async fn update_goal(
    ctx: &Context,
    actor: &Actor,
    id: GoalId,
    input: GoalInput,
) -> AppResult<Goal> {
    let goal = ctx.store.get_goal(id).await?;
    let found = access::unless_hidden(ctx, actor, goal.relationship_id, |r| Action::ViewGoals {
        relationship: r,
    })
    .await?;
    authorise(
        actor,
        Action::ChangeGoal {
            relationship: found.facts,
            owner: goal.person_id,
        },
    )?;
    let c = input
        .validate(latest_today(ctx))
        .map_err(AppError::Validation)?;
    let now = ctx.now();
    let change = audited(
        ctx,
        Some(actor),
        "growth.goal.update",
        id.to_string(),
        format!(
            "status={}{}",
            c.status.code(),
            crate::appraisal::audit_citation(c.appraisal.as_ref())
        ),
    );
    change
        .store
        .update_goal(id, actor.person_id, &c, now)
        .await?;
    change.done()?;
    Ok(ctx.store.get_goal(id).await?)
}

/// How many goals stand at each status across the scheme (every status listed, zero included):
/// the scheme coordinator's and evaluators' view of goals, counts only.
pub async fn goal_counts(ctx: &Context, actor: &Actor) -> AppResult<Vec<(GoalStatus, u64)>> {
    authorise(actor, Action::ViewAggregates)?;
    let stored = ctx.store.goal_counts(actor.scheme_id).await?;
    Ok(GoalStatus::ALL
        .into_iter()
        .map(|s| {
            let n = stored
                .iter()
                .find(|(t, _)| *t == s)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (s, n)
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Reflective log

/// A reflection with its author's name.
#[derive(Clone, Debug, Serialize)]
pub struct ReflectionView {
    pub reflection: Reflection,
    pub author_name: String,
    /// The actor wrote it (and may share or unshare it).
    pub mine: bool,
}

/// The actor's log and the entries others shared with them.
#[derive(Clone, Debug, Serialize)]
pub struct ReflectiveLog {
    pub own: Vec<Reflection>,
    pub shared_with_me: Vec<ReflectionView>,
}

/// The actor's own entries, and the entries shared with relationships they are a current member
/// of (written by others).
pub async fn reflective_log(ctx: &Context, actor: &Actor) -> AppResult<ReflectiveLog> {
    authorise(actor, Action::KeepOwnRecords)?;
    let own = ctx.store.reflections_of_author(actor.person_id).await?;
    let mut shared_with_me = Vec::new();
    let mut names: BTreeMap<PersonId, String> = BTreeMap::new();
    for r in ctx.store.relationships_of_person(actor.person_id).await? {
        if access::membership(&r, actor.person_id) != Membership::Current {
            continue;
        }
        for e in ctx.store.reflections_shared_with(r.id).await? {
            if e.person_id == actor.person_id {
                continue;
            }
            if let Entry::Vacant(slot) = names.entry(e.person_id) {
                slot.insert(display_name(ctx, e.person_id).await?);
            }
            shared_with_me.push(ReflectionView {
                author_name: names.get(&e.person_id).cloned().unwrap_or_default(),
                mine: false,
                reflection: e,
            });
        }
    }
    shared_with_me.sort_by(|a, b| {
        (b.reflection.written_on, b.reflection.created_at)
            .cmp(&(a.reflection.written_on, a.reflection.created_at))
    });
    Ok(ReflectiveLog {
        own,
        shared_with_me,
    })
}

/// Checks that the actor may share with `relationship` (a current member, not closed).
async fn sharing_target(
    ctx: &Context,
    actor: &Actor,
    relationship: Option<RelationshipId>,
) -> AppResult<Option<RelationshipId>> {
    let Some(id) = relationship else {
        return Ok(None);
    };
    let choices = relationship_choices(ctx, actor, true).await?;
    if choices.iter().any(|c| c.id == id) {
        Ok(Some(id))
    } else {
        Err(AppError::field(
            "shared_with",
            "error.growth.not_your_relationship",
        ))
    }
}

/// Adds an entry to the actor's log: private unless `share_with` names one of their current
/// relationships.
pub async fn add_reflection(
    ctx: &Context,
    actor: &Actor,
    input: ReflectionInput,
    share_with: Option<RelationshipId>,
) -> AppResult<Reflection> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut errors = match input.validate(latest_today(ctx)) {
        Ok(_) => tandem_domain::ValidationErrors::new(),
        Err(e) => e,
    };
    if let Some(link) = input.relationship_id {
        let ever = relationship_choices(ctx, actor, false).await?;
        if !ever.iter().any(|c| c.id == link) {
            errors.add("relationship_id", "error.growth.not_your_relationship");
        }
    }
    let shared_with = match sharing_target(ctx, actor, share_with).await {
        Ok(s) => s,
        Err(AppError::Validation(v)) => {
            errors.errors.extend(v.errors);
            None
        }
        Err(e) => return Err(e),
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let c = input
        .validate(latest_today(ctx))
        .map_err(AppError::Validation)?;
    let now = ctx.now();
    let entry = Reflection {
        id: ReflectionId::new(),
        person_id: actor.person_id,
        written_on: c.written_on,
        text: c.text,
        relationship_id: input.relationship_id,
        dimensions: c.dimensions,
        shared_with,
        created_at: now,
        updated_at: now,
    };
    let change = audited(
        ctx,
        Some(actor),
        "growth.reflection.create",
        entry.id.to_string(),
        format!("shared={}", entry.shared_with.is_some()),
    );
    change.store.create_reflection(&entry).await?;
    change.done()?;
    Ok(entry)
}

/// One entry: for its author, or for a current member of the relationship it is shared with.
/// Everyone else — coordinators included — is told it does not exist.
pub async fn get_reflection(
    ctx: &Context,
    actor: &Actor,
    id: ReflectionId,
) -> AppResult<ReflectionView> {
    let (author, shared_with) = match ctx.store.reflection_sharing(id).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let place = match shared_with {
        Some(rel) => Some(access::find(ctx, actor, rel).await?.facts.membership),
        None => None,
    };
    authorise_or_hide(
        actor,
        Action::ReadPrivate {
            author,
            shared_with: place,
        },
    )?;
    let reflection = if author == actor.person_id {
        ctx.store.get_own_reflection(id, actor.person_id).await?
    } else {
        // The policy lets anyone but the author read only an entry shared with them.
        let rel = shared_with.ok_or(AppError::NotFound)?;
        ctx.store.get_shared_reflection(id, rel).await?
    };
    Ok(ReflectionView {
        author_name: display_name(ctx, author).await?,
        mine: author == actor.person_id,
        reflection,
    })
}

/// Shares the actor's own entry with one of their current relationships, or makes it private
/// again (`None`). Anyone else's entry is not found.
pub async fn share_reflection(
    ctx: &Context,
    actor: &Actor,
    id: ReflectionId,
    share_with: Option<RelationshipId>,
) -> AppResult<Reflection> {
    // Only its author changes an entry; to anyone else it does not exist, whatever its sharing.
    let (author, _) = ctx.store.reflection_sharing(id).await?;
    authorise_or_hide(actor, Action::ChangePrivate { author })?;
    let target = sharing_target(ctx, actor, share_with).await?;
    let change = audited(
        ctx,
        Some(actor),
        "growth.reflection.share",
        id.to_string(),
        match target {
            Some(r) => format!("shared_with={r}"),
            None => "private".to_string(),
        },
    );
    change
        .store
        .set_reflection_sharing(id, actor.person_id, target, ctx.now())
        .await?;
    change.done()?;
    Ok(ctx.store.get_own_reflection(id, actor.person_id).await?)
}

// ---------------------------------------------------------------------------------------------
// CPD

/// A person's CPD record: sessions held in their relationships and the activities they added,
/// most recent first, with totals.
#[derive(Clone, Debug, Serialize)]
pub struct CpdRecord {
    pub person_id: PersonId,
    pub name: String,
    pub lines: Vec<CpdLine>,
    pub totals: CpdTotals,
    /// The kind of relationship of each session line, by relationship id (for its label).
    pub kinds: BTreeMap<RelationshipId, RelationshipKind>,
    pub meets_nmc: bool,
}

/// One line of a CPD record as it is shown and exported, in the reader's language.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CpdRow {
    pub done_on: String,
    /// The activity, or for a session the kind of relationship it was held in.
    pub activity: String,
    /// Hours as "1.5".
    pub hours: String,
    pub participatory: bool,
    pub reflection: String,
    /// A session held (not an activity the person added, so it cannot be deleted).
    pub session: bool,
    /// The activity's id, for added activities.
    pub id: Option<String>,
}

/// The record's lines as rows in `lang`.
pub fn cpd_rows(record: &CpdRecord, lang: Lang) -> Vec<CpdRow> {
    let i18n = I18n::shared();
    record
        .lines
        .iter()
        .map(|l| {
            let activity = match l.source {
                CpdSource::Activity => l.activity.clone(),
                CpdSource::Session => {
                    let kind = l
                        .relationship_id
                        .and_then(|r| record.kinds.get(&r).copied())
                        .unwrap_or(RelationshipKind::Mentoring);
                    i18n.t(lang, &format!("growth.cpd.session.{}", kind.code()))
                }
            };
            CpdRow {
                done_on: l.done_on.to_string(),
                activity,
                hours: hours_text(u64::from(l.minutes)),
                participatory: l.participatory,
                reflection: l.reflection.clone(),
                session: l.source == CpdSource::Session,
                id: l.activity_id.map(|i| i.to_string()),
            }
        })
        .collect()
}

/// The CPD record as CSV text (UTF-8 with a byte-order mark, CRLF line ends as RFC 4180 has
/// them), headed in `lang`, with the totals last: the page's download and the API's export
/// are this one text.
pub fn cpd_csv(record: &CpdRecord, lang: Lang) -> String {
    let i18n = I18n::shared();
    let line = |fields: &[String]| {
        let mut l = fields
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",");
        l.push_str("\r\n");
        l
    };
    let header = [
        "growth.cpd.date",
        "growth.cpd.activity",
        "growth.cpd.hours",
        "growth.cpd.participatory",
        "growth.cpd.reflection",
    ]
    .map(|k| i18n.t(lang, k));
    let yes = i18n.t(lang, "growth.yes");
    let no = i18n.t(lang, "growth.no");
    let mut out = String::from("\u{feff}");
    out.push_str(&line(&header));
    for row in cpd_rows(record, lang) {
        out.push_str(&line(&[
            row.done_on,
            row.activity,
            row.hours,
            if row.participatory {
                yes.clone()
            } else {
                no.clone()
            },
            row.reflection,
        ]));
    }
    out.push_str(&line(&[
        String::new(),
        i18n.t(lang, "growth.cpd.total"),
        hours_text(record.totals.minutes),
        hours_text(record.totals.participatory_minutes),
        String::new(),
    ]));
    out
}

/// The actor's CPD record. Sessions count as participatory learning (learning with others).
pub async fn cpd_record(ctx: &Context, actor: &Actor) -> AppResult<CpdRecord> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut lines = Vec::new();
    let mut kinds = BTreeMap::new();
    for r in ctx.store.relationships_of_person(actor.person_id).await? {
        // A member who declined never took part in its sessions.
        let took_part = r
            .member(actor.person_id)
            .is_some_and(|m| m.response != tandem_domain::OfferResponse::Declined);
        if !took_part {
            continue;
        }
        let left_on = r
            .member(actor.person_id)
            .and_then(|m| m.left_at)
            .map(|t| t.date_naive());
        for (held_on, minutes) in ctx.store.held_session_minutes(r.id).await? {
            if left_on.is_some_and(|l| held_on > l) {
                continue;
            }
            kinds.insert(r.id, r.kind);
            lines.push(CpdLine {
                done_on: held_on,
                activity: String::new(),
                minutes,
                participatory: true,
                reflection: String::new(),
                source: CpdSource::Session,
                activity_id: None,
                relationship_id: Some(r.id),
            });
        }
    }
    for a in ctx.store.cpd_activities_of(actor.person_id).await? {
        lines.push(CpdLine {
            done_on: a.done_on,
            activity: a.activity,
            minutes: a.minutes,
            participatory: a.participatory,
            reflection: a.reflection,
            source: CpdSource::Activity,
            activity_id: Some(a.id),
            relationship_id: None,
        });
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.done_on));
    let totals = CpdTotals::of(&lines);
    Ok(CpdRecord {
        person_id: actor.person_id,
        name: display_name(ctx, actor.person_id).await?,
        meets_nmc: totals.meets_nmc(),
        lines,
        totals,
        kinds,
    })
}

/// Adds a learning activity to the actor's CPD record.
pub async fn add_cpd(ctx: &Context, actor: &Actor, input: CpdInput) -> AppResult<CpdActivity> {
    authorise(actor, Action::KeepOwnRecords)?;
    let c = input
        .validate(latest_today(ctx))
        .map_err(AppError::Validation)?;
    let a = CpdActivity {
        id: CpdActivityId::new(),
        person_id: actor.person_id,
        activity: c.activity,
        done_on: c.done_on,
        minutes: c.minutes,
        participatory: c.participatory,
        reflection: c.reflection,
        created_at: ctx.now(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "growth.cpd.create",
        a.id.to_string(),
        format!("minutes={}; participatory={}", a.minutes, a.participatory),
    );
    change.store.create_cpd_activity(&a).await?;
    change.done()?;
    Ok(a)
}

/// Removes one of the actor's own CPD activities (the store finds only the actor's own: anyone
/// else's does not exist for them).
pub async fn delete_cpd(ctx: &Context, actor: &Actor, id: CpdActivityId) -> AppResult<()> {
    authorise(actor, Action::KeepOwnRecords)?;
    let change = audited(
        ctx,
        Some(actor),
        "growth.cpd.delete",
        id.to_string(),
        String::new(),
    );
    match change.store.delete_cpd_activity(id, actor.person_id).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    }
    change.done()
}

// ---------------------------------------------------------------------------------------------
// Directory

/// The actor's listing, or `None` when they have not opted in.
pub async fn my_listing(ctx: &Context, actor: &Actor) -> AppResult<Option<DirectoryListing>> {
    authorise(actor, Action::KeepOwnRecords)?;
    Ok(ctx.store.directory_listing(actor.person_id).await?)
}

/// Opts the actor in (or changes what they show).
pub async fn opt_in(
    ctx: &Context,
    actor: &Actor,
    interests: &str,
    dimensions: &[FrameworkDimension],
) -> AppResult<DirectoryListing> {
    authorise(actor, Action::KeepOwnRecords)?;
    let (interests, dimensions) =
        validate_listing(interests, dimensions).map_err(AppError::Validation)?;
    let l = DirectoryListing {
        person_id: actor.person_id,
        interests,
        dimensions,
        updated_at: ctx.now(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "growth.directory.opt_in",
        actor.person_id.to_string(),
        String::new(),
    );
    change.store.set_directory_listing(&l).await?;
    change.done()?;
    Ok(l)
}

/// Opts the actor out: their listing is deleted and the open conversation requests to them are
/// closed, at once (see [`crate::peers::leave`]).
pub async fn opt_out(ctx: &Context, actor: &Actor) -> AppResult<()> {
    crate::peers::leave(ctx, actor).await.map(drop)
}
