//! Each role's home: what waits for the reader, and the few figures that tell them how things
//! stand (issue #17, item 2).
//!
//! - A participant's "My Tandem" ([`participant`]): what to do next (answer an offer, sign the
//!   agreement, say how a session went, agree a set meeting's rota, answer a survey, complete a
//!   nomination), next to [`crate::home`]'s relationship cards and recruitment steps.
//! - An organisation coordinator's "Waiting for you" ([`organisation`]): applications,
//!   registrations and nominations waiting, places used per intake, and their staff's
//!   relationships with status and last activity, never content
//!   ([`Action::ViewRelationshipStatus`]).
//! - A scheme coordinator's to-dos and figures ([`scheme`]): runs to review, intakes closing,
//!   applications and registrations waiting, undelivered notices (for administrators, who may
//!   act on them), and capped figures.
//!
//! Every read is bounded: capped counts and `LIMIT`ed lists from storage `homes.rs`, and for a
//! participant only their own relationships.

use crate::dashboard::COUNT_CAP;
use crate::{AppResult, Context, authorise};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use tandem_domain::policy::{Membership, RelationshipFacts};
use tandem_domain::sessions::BookingStatus;
use tandem_domain::{
    Action, Actor, ApplicationId, ApplicationRole, ApplicationStatus, IntakeId, MatchRunId,
    OrganisationId, PersonId, RelationshipId, RelationshipKind, RelationshipStatus, can,
};

/// How many rows a home lists of each kind; the page links to the full list beyond it.
pub const LIST_LIMIT: u64 = 10;

/// The most rows the full lists ("Applications to review", the staff's relationships) show.
pub const PAGE: u64 = tandem_storage::MAX_PAGE;

/// Intakes closing within this many days are a scheme coordinator's to-do.
pub const CLOSING_WITHIN_DAYS: i64 = 14;

/// One thing waiting for the reader: what (translation key `key`, a message whose plural follows
/// `count`), how many (capped: `more` says there are more than `count`), and where to do
/// it (a link reading the translation `link`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ToDo {
    pub key: &'static str,
    /// The element id the page gives it (stable for links and browser tests).
    pub id: String,
    pub count: u64,
    pub more: bool,
    /// Where the reader does it (a path of this site); empty when there is nothing to do but
    /// wait for someone else.
    pub href: String,
    /// The translation key of the link's text.
    pub link: &'static str,
    /// What it is about (a programme's name), when it names one thing.
    pub about: Option<String>,
}

impl ToDo {
    /// One to-do of kind `key` (`homes.todo.<kind>`), its link text `<key>.link`.
    fn one(key: &'static str, link: &'static str, href: String, about: Option<String>) -> Self {
        let kind = key.rsplit('.').next().unwrap_or(key);
        Self {
            key,
            // Unique per thing: the kind and the path it links to.
            id: format!("todo-{kind}{}", href.replace('/', "-")),
            count: 1,
            more: false,
            href,
            link,
            about,
        }
    }

    /// `n` things of kind `key` (none when `n` is 0), with the element id `id`.
    fn counted(
        key: &'static str,
        link: &'static str,
        id: &str,
        n: u64,
        href: &str,
    ) -> Option<Self> {
        (n > 0).then(|| Self {
            key,
            id: id.to_string(),
            count: n.min(COUNT_CAP),
            more: n > COUNT_CAP,
            href: href.to_string(),
            link,
            about: None,
        })
    }
}

// ----- the participant ---------------------------------------------------------------------

/// What a participant should do next, each linked to where they do it.
pub async fn participant_todos(ctx: &Context, actor: &Actor) -> AppResult<Vec<ToDo>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let now = ctx.now();
    let today = now.date_naive();
    let mut todos = Vec::new();
    for r in ctx.store.relationships_of_person(actor.person_id).await? {
        let Some(me) = r.member(actor.person_id) else {
            continue;
        };
        if !r.status.is_live() || me.left_at.is_some() {
            continue;
        }
        let intake = ctx.store.get_intake(r.intake_id).await?;
        let programme = ctx.store.get_programme(intake.programme_id).await?;
        let about = Some(programme.name.clone());
        match r.status {
            RelationshipStatus::Proposed
                if me.response == tandem_domain::OfferResponse::Pending
                    && now <= r.offer_deadline =>
            {
                todos.push(ToDo::one(
                    "homes.todo.answer_offer",
                    "homes.todo.answer_offer.link",
                    format!("/relationships/{}", r.id),
                    about.clone(),
                ));
            }
            RelationshipStatus::Accepted if me.signed_version.is_none() => {
                todos.push(ToDo::one(
                    "homes.todo.sign_agreement",
                    "homes.todo.sign_agreement.link",
                    format!("/relationships/{}", r.id),
                    about.clone(),
                ));
            }
            _ => {}
        }
        if !matches!(
            r.status,
            RelationshipStatus::Active | RelationshipStatus::WindingDown
        ) {
            continue;
        }
        // A confirmed session whose time has passed: say whether it was held.
        let unrecorded = ctx
            .store
            .bookings_of(r.id)
            .await?
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .filter(|b| b.ends_at().is_some_and(|end| end <= now))
            .count();
        if unrecorded > 0 {
            todos.push(ToDo {
                count: unrecorded as u64,
                ..ToDo::one(
                    "homes.todo.record_session",
                    "homes.todo.record_session.link",
                    format!("/relationships/{}/bookings", r.id),
                    about.clone(),
                )
            });
        }
        if r.kind == RelationshipKind::Set {
            for rec in ctx.store.set_meetings_of(r.id).await? {
                let m = &rec.meeting;
                if m.starts_on >= today && !m.rota_agreed {
                    todos.push(ToDo::one(
                        "homes.todo.agree_rota",
                        "homes.todo.agree_rota.link",
                        format!("/set-meetings/{}", m.id),
                        about.clone(),
                    ));
                }
            }
        }
    }
    let surveys = crate::surveys::answer::due_count(ctx, actor).await?;
    if let Some(t) = ToDo::counted(
        "homes.todo.surveys",
        "surveys.home.link",
        "surveys-due",
        surveys as u64,
        "/surveys",
    ) {
        todos.push(t);
    }
    let nominations = crate::nominations::mine(ctx, actor)
        .await?
        .into_iter()
        .filter(|n| n.open)
        .count();
    if let Some(t) = ToDo::counted(
        "homes.todo.nominations",
        "homes.todo.nominations.link",
        "todo-nominations",
        nominations as u64,
        "/nominations/mine",
    ) {
        todos.push(t);
    }
    // Conversation requests from peers, waiting for the actor's answer.
    let asked = ctx.store.open_peer_requests_to(actor.person_id).await?;
    if let Some(t) = ToDo::counted(
        "peers.todo.requests",
        "peers.todo.requests.link",
        "todo-peer-requests",
        asked,
        "/peers/requests",
    ) {
        todos.push(t);
    }
    Ok(todos)
}

// ----- the organisation coordinator --------------------------------------------------------

/// An application waiting for the reader's decision.
#[derive(Clone, Debug, Serialize)]
pub struct WaitingApplication {
    pub id: ApplicationId,
    pub name: String,
    pub role: ApplicationRole,
    pub intake_id: IntakeId,
    pub intake: String,
    pub programme: String,
    pub submitted_on: NaiveDate,
}

/// One of the reader's organisations' places in one intake.
#[derive(Clone, Debug, Serialize)]
pub struct Places {
    pub intake_id: IntakeId,
    pub intake: String,
    pub programme: String,
    pub organisation: String,
    pub places: u32,
    pub taken: u32,
    pub closes_on: NaiveDate,
}

/// How one member of staff's relationship is going: status and last activity, no content.
#[derive(Clone, Debug, Serialize)]
pub struct StaffRelationship {
    pub id: RelationshipId,
    pub kind: RelationshipKind,
    pub status: RelationshipStatus,
    pub person_id: PersonId,
    pub name: String,
    pub role: ApplicationRole,
    pub programme: String,
    pub intake: String,
    pub last_activity: Option<NaiveDate>,
}

/// An organisation coordinator's home.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationHome {
    /// Applications, registrations and nominations waiting (capped counts, linked).
    pub todos: Vec<ToDo>,
    /// The oldest applications waiting for a decision, at most [`LIST_LIMIT`].
    pub applications: Vec<WaitingApplication>,
    /// Places per intake (recruiting now or closed within the last 90 days).
    pub places: Vec<Places>,
    /// Their staff's live relationships, most recently changed first, at most [`LIST_LIMIT`].
    pub relationships: Vec<StaffRelationship>,
}

/// The home of a coordinator of one or more organisations: only their organisations' rows.
pub async fn organisation(ctx: &Context, actor: &Actor) -> AppResult<OrganisationHome> {
    authorise(actor, Action::ReviewApplications)?;
    let orgs = actor.coordinated_organisations();
    if orgs.is_empty() {
        return Err(crate::AppError::Forbidden);
    }
    let scheme = actor.scheme_id;
    let store = &ctx.store;
    let waiting = store
        .count_applications_in_status(
            scheme,
            Some(&orgs),
            ApplicationStatus::AwaitingCoordinator,
            COUNT_CAP,
        )
        .await?;
    let registrations = store
        .count_registrations_waiting(scheme, Some(&orgs), COUNT_CAP)
        .await?;
    let nominated = store
        .count_applications_in_status(scheme, Some(&orgs), ApplicationStatus::Nominated, COUNT_CAP)
        .await?;
    let todos = [
        ToDo::counted(
            "homes.todo.applications",
            "homes.todo.applications.link",
            "todo-applications",
            waiting,
            "/reviews",
        ),
        ToDo::counted(
            "homes.todo.registrations",
            "registration.dashboard.link",
            "registrations-waiting",
            registrations,
            "/registrations",
        ),
        // Nothing for the coordinator to do but wait for their staff: no link.
        ToDo::counted(
            "homes.todo.nominations_open",
            "",
            "todo-nominations-open",
            nominated,
            "",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let applications = waiting_applications(ctx, actor, Some(&orgs), LIST_LIMIT).await?;
    let names = crate::organisations::list(ctx, actor).await?;
    let org_name = |id: OrganisationId| {
        names
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let since = ctx.now().date_naive() - Duration::days(90);
    let places = store
        .places_used(scheme, &orgs, since, 20)
        .await?
        .into_iter()
        .map(|p| Places {
            intake_id: p.intake_id,
            intake: p.intake,
            programme: p.programme,
            organisation: org_name(p.organisation_id),
            places: p.places,
            taken: p.taken,
            closes_on: p.closes_on,
        })
        .collect();
    let relationships = staff_relationships(ctx, actor, LIST_LIMIT).await?;
    Ok(OrganisationHome {
        todos,
        applications,
        places,
        relationships,
    })
}

/// Applications waiting for a decision that the actor may decide: the scheme's for a scheme
/// coordinator (`organisations` `None`), their organisations' for an organisation coordinator;
/// the actor's own are left out (nobody decides on themselves).
async fn waiting_applications(
    ctx: &Context,
    actor: &Actor,
    organisations: Option<&[OrganisationId]>,
    n: u64,
) -> AppResult<Vec<WaitingApplication>> {
    Ok(ctx
        .store
        .applications_awaiting_decision(actor.scheme_id, organisations, n)
        .await?
        .into_iter()
        .filter(|a| a.person_id != actor.person_id)
        .map(|a| WaitingApplication {
            id: a.id,
            name: format!("{} {}", a.given_name, a.family_name),
            role: a.role,
            intake_id: a.intake_id,
            intake: a.intake,
            programme: a.programme,
            submitted_on: a.submitted_at.date_naive(),
        })
        .collect())
}

/// The applications an organisation or scheme coordinator reviews, oldest first, at most
/// `crate`'s page size (200): what their "Applications to review" menu leads to.
pub async fn applications_to_review(
    ctx: &Context,
    actor: &Actor,
) -> AppResult<Vec<WaitingApplication>> {
    authorise(actor, Action::ReviewApplications)?;
    if actor.is_scheme_coordinator() {
        waiting_applications(ctx, actor, None, PAGE).await
    } else {
        let orgs = actor.coordinated_organisations();
        waiting_applications(ctx, actor, Some(&orgs), PAGE).await
    }
}

/// Live relationships of the actor's organisations' staff (those taking part through their
/// places), each allowed by [`Action::ViewRelationshipStatus`]: status and last activity only.
async fn staff_relationships(
    ctx: &Context,
    actor: &Actor,
    n: u64,
) -> AppResult<Vec<StaffRelationship>> {
    let orgs = actor.coordinated_organisations();
    if orgs.is_empty() {
        authorise(actor, Action::ReviewApplications)?;
        return Err(crate::AppError::Forbidden);
    }
    let today = ctx.now().date_naive();
    let mut out = Vec::new();
    for r in ctx.store.staff_relationships(&orgs, today, n).await? {
        let facts = RelationshipFacts {
            scheme: actor.scheme_id,
            kind: r.kind,
            membership: if r.person_id == actor.person_id {
                Membership::Current
            } else {
                Membership::None
            },
        };
        // The row was found through one of the actor's organisations' places; the policy
        // still decides, so a change of rule there changes this list too.
        if !can(
            actor,
            Action::ViewRelationshipStatus {
                relationship: facts,
                member_organisations: &[r.organisation_id],
            },
        ) {
            continue;
        }
        out.push(StaffRelationship {
            id: r.id,
            kind: r.kind,
            status: r.status,
            person_id: r.person_id,
            name: format!("{} {}", r.given_name, r.family_name),
            role: r.role,
            programme: r.programme,
            intake: r.intake,
            last_activity: r.last_activity,
        });
    }
    Ok(out)
}

/// The staff relationships page: every live one of the actor's organisations', up to the page
/// size.
pub async fn all_staff_relationships(
    ctx: &Context,
    actor: &Actor,
) -> AppResult<Vec<StaffRelationship>> {
    staff_relationships(ctx, actor, PAGE).await
}

// ----- the scheme coordinator --------------------------------------------------------------

/// A matching run in draft, to review and publish.
#[derive(Clone, Debug, Serialize)]
pub struct DraftRun {
    pub id: MatchRunId,
    pub intake_id: IntakeId,
    pub intake: String,
    pub programme: String,
    pub number: u32,
}

/// An intake closing soon.
#[derive(Clone, Debug, Serialize)]
pub struct ClosingIntake {
    pub id: IntakeId,
    pub name: String,
    pub programme: String,
    pub closes_on: NaiveDate,
}

/// A scheme coordinator's (or administrator's) home.
#[derive(Clone, Debug, Serialize)]
pub struct SchemeHome {
    pub todos: Vec<ToDo>,
    pub runs: Vec<DraftRun>,
    pub closing: Vec<ClosingIntake>,
    pub applications: Vec<WaitingApplication>,
    /// Live relationships in the scheme, capped; `live_more` when beyond [`COUNT_CAP`].
    pub live_relationships: u64,
    pub live_more: bool,
}

/// The scheme-wide to-dos: for a scheme coordinator the runs, intakes, applications and
/// registrations; for an administrator the notices that could not be delivered (theirs to
/// retry, [`Action::ManageUndeliveredNotices`]).
pub async fn scheme(ctx: &Context, actor: &Actor) -> AppResult<SchemeHome> {
    let coordinator = actor.is_scheme_coordinator();
    let admin = can(actor, Action::ManageUndeliveredNotices);
    if !coordinator && !admin {
        authorise(actor, Action::ManageScheme)?;
    }
    let scheme = actor.scheme_id;
    let store = &ctx.store;
    let today = ctx.now().date_naive();
    let mut todos = Vec::new();
    let (mut runs, mut closing, mut applications) = (Vec::new(), Vec::new(), Vec::new());
    let (mut live_relationships, mut live_more) = (0, false);
    if coordinator {
        runs = store
            .draft_runs(scheme, LIST_LIMIT)
            .await?
            .into_iter()
            .map(|r| DraftRun {
                id: r.id,
                intake_id: r.intake_id,
                intake: r.intake,
                programme: r.programme,
                number: r.number,
            })
            .collect();
        closing = store
            .intakes_closing(
                scheme,
                today,
                today + Duration::days(CLOSING_WITHIN_DAYS),
                LIST_LIMIT,
            )
            .await?
            .into_iter()
            .map(|i| ClosingIntake {
                id: i.id,
                name: i.name,
                programme: i.programme,
                closes_on: i.closes_on,
            })
            .collect();
        let waiting = store
            .count_applications_in_status(
                scheme,
                None,
                ApplicationStatus::AwaitingCoordinator,
                COUNT_CAP,
            )
            .await?;
        todos.extend(ToDo::counted(
            "homes.todo.applications",
            "homes.todo.applications.link",
            "todo-applications",
            waiting,
            "/reviews",
        ));
        let registrations = store
            .count_registrations_waiting(scheme, None, COUNT_CAP)
            .await?;
        todos.extend(ToDo::counted(
            "homes.todo.registrations",
            "registration.dashboard.link",
            "registrations-waiting",
            registrations,
            "/registrations",
        ));
        applications = waiting_applications(ctx, actor, None, LIST_LIMIT).await?;
        let n = store.count_live_relationships(scheme, COUNT_CAP).await?;
        (live_relationships, live_more) = (n.min(COUNT_CAP), n > COUNT_CAP);
    }
    if admin {
        let dead = store.count_dead_notices(scheme, COUNT_CAP).await?;
        todos.extend(ToDo::counted(
            "homes.todo.dead_notices",
            "nav.dead_notices",
            "todo-dead-notices",
            dead,
            "/notices/dead",
        ));
    }
    Ok(SchemeHome {
        todos,
        runs,
        closing,
        applications,
        live_relationships,
        live_more,
    })
}
