//! The world the access table is checked against: one scheme with every kind of person the
//! policy tells apart, every kind of relationship in the state its use cases act on, and a second
//! scheme whose coordinator is a stranger to the first.
//!
//! Written as plain functions over a [`tandem_app::Context`] (a [`SettableClock`] and a
//! [`MemoryMailer`]) so that it can move to the shared test-support crate as it is. The world is
//! seeded once into a template database; every check runs on a fresh copy of it (a file copy on
//! SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL), so a call that writes cannot change what
//! the next one sees.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sqlx::Connection;
use sqlx::Row;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tandem_app::{Context, SettableClock, Settings};
use tandem_domain::growth::{CpdActivityId, GoalId, ReflectionId};
use tandem_domain::pairs::{Measure, Milestone, Project, ShadowingDay, Workshop};
use tandem_domain::sets::{ActionStatus, SetAction, SetMeeting};
use tandem_domain::{
    Actor, AgreementTerms, Application, ApplicationEvent, ApplicationId, ApplicationRole,
    ApplicationStatus, Country, Employment, EmploymentId, FrameworkDimension, GradeSystem, Intake,
    IntakeId, IntakePlace, Language, MatchRun, MatchRunId, MatchingProfile, Member, Mode,
    OfferResponse, Organisation, OrganisationId, OrganisationKind, Person, PersonId, Pin, PinKind,
    Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, Relationship, RelationshipId,
    RelationshipKind, RelationshipStatus, Role, RoleAssignment, RunResult, RunStatus, Scheme,
    SchemeId, Scope, SessionId, Slot,
};
use tandem_mail::MemoryMailer;
use tandem_storage::{Publication, Store};
use uuid::Uuid;

/// Everyone the access table tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Who {
    /// Scheme coordinator of the scheme.
    SchemeCoordinator,
    /// Administrator of the scheme.
    Administrator,
    /// Evaluator of the scheme (pooled figures only).
    Evaluator,
    /// Coordinator of organisation A, which employs the member (and the applicant).
    CoordinatorOfMember,
    /// Coordinator of organisation C, which employs nobody the targets concern.
    CoordinatorElsewhere,
    /// Participant: a member of every relationship below (mentee, set member, pair partner),
    /// the author of the goal, the reflections and the CPD entry, the mentor-development target.
    Member,
    /// Participant: the member's partner in every relationship (mentor, set member, pair).
    Partner,
    /// Participant of the scheme in none of the relationships (the applicant of `application`).
    NonMember,
    /// Signed in to the scheme, holding no role in it.
    NoRole,
    /// Scheme coordinator of another scheme.
    Outsider,
}

impl Who {
    pub const ALL: [Who; 10] = [
        Who::SchemeCoordinator,
        Who::Administrator,
        Who::Evaluator,
        Who::CoordinatorOfMember,
        Who::CoordinatorElsewhere,
        Who::Member,
        Who::Partner,
        Who::NonMember,
        Who::NoRole,
        Who::Outsider,
    ];
}

/// The ids of everything seeded, and everyone's actor.
#[derive(Clone, Debug)]
pub struct World {
    pub org_a: OrganisationId,
    pub org_b: OrganisationId,
    pub org_c: OrganisationId,
    pub actors: BTreeMap<Who, Actor>,
    /// The third member of the set (organisation B).
    pub third: PersonId,
    /// Staff of A without an account: the one to invite; a mentee in the pool.
    pub staff_a: PersonId,
    /// Mentoring programme of the member's relationships; `intake` is open.
    pub mentoring: ProgrammeId,
    pub intake: IntakeId,
    /// The non-member's application in `intake`, waiting for the coordinator.
    pub application: ApplicationId,
    /// An open intake nobody applied to yet.
    pub apply_intake: IntakeId,
    /// An intake with an approved pool, a pin and a draft run (two pairs).
    pub pool_intake: IntakeId,
    pub pool: [ApplicationId; 4],
    pub pin: Pin,
    pub run: MatchRunId,
    /// A shortlist-mode intake where the member is an approved mentee.
    pub shortlist_intake: IntakeId,
    /// Active mentoring between the member and the partner, with a session held, a future
    /// session the member proposed, the member's goal and reflections.
    pub relationship: RelationshipId,
    pub booking: SessionId,
    pub goal: GoalId,
    pub shared_reflection: ReflectionId,
    pub private_reflection: ReflectionId,
    pub cpd: CpdActivityId,
    /// An offer both may still answer.
    pub offer: RelationshipId,
    /// Accepted by both: the agreement is being drafted (version 1).
    pub agreeing: RelationshipId,
    /// An offer whose deadline passed unanswered.
    pub lapsed: RelationshipId,
    /// An active action learning set of the member, the partner and `third`.
    pub set: RelationshipId,
    /// Held a week ago, rota agreed (the member presents), one action of the member's.
    pub past_meeting: Uuid,
    pub set_action: Uuid,
    /// In two weeks, nothing agreed yet.
    pub next_meeting: Uuid,
    /// Paired learning: the programme, an active pair of the member and the partner, a
    /// shadowing day held, the project with a milestone and a measure, a workshop.
    pub paired: ProgrammeId,
    pub pair: RelationshipId,
    pub shadowing_day: Uuid,
    pub milestone: Uuid,
    pub measure: Uuid,
    pub workshop: Uuid,
    /// Import previews kept for those who may import (by the preview's id).
    pub previews: BTreeMap<Who, String>,
    /// Today, when the world was made.
    pub today: NaiveDate,
}

impl World {
    pub fn actor(&self, who: Who) -> &Actor {
        &self.actors[&who]
    }

    pub fn person(&self, who: Who) -> PersonId {
        self.actor(who).person_id
    }

    pub fn day(&self, days: i64) -> NaiveDate {
        self.today + Duration::days(days)
    }
}

/// A context on `store` with its own clock and mailer.
pub fn context(store: Store) -> (Context, MemoryMailer, Arc<SettableClock>) {
    let mailer = MemoryMailer::new();
    let clock = SettableClock::new();
    let settings = Settings {
        base_url: "https://tandem.test".into(),
        ..Settings::default()
    };
    let ctx = Context::with_clock(store, Arc::new(mailer.clone()), settings, clock.clone());
    (ctx, mailer, clock)
}

pub async fn add_person(
    store: &Store,
    scheme: SchemeId,
    org: OrganisationId,
    given: &str,
    email: &str,
) -> PersonId {
    let id = PersonId::new();
    let person = Person {
        id,
        scheme_id: scheme,
        given_name: given.into(),
        family_name: "Tester".into(),
        email: email.into(),
        language: Language::EnGb,
    };
    let employment = Employment {
        id: EmploymentId::new(),
        person_id: id,
        organisation_id: org,
        job_title: "Team leader".into(),
        profession: "Nursing".into(),
        grade_system: GradeSystem::AgendaForChange,
        grade: "7".into(),
        line_manager_id: None,
        primary: true,
    };
    store
        .create_person(&person, &[employment])
        .await
        .expect("person");
    id
}

pub async fn organisation(
    store: &Store,
    scheme: SchemeId,
    name: &str,
    kind: OrganisationKind,
) -> OrganisationId {
    let o = Organisation {
        id: OrganisationId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind,
        country: Country::UnitedKingdom,
    };
    store.create_organisation(&o).await.expect("organisation");
    o.id
}

pub async fn scheme(store: &Store, name: &str) -> SchemeId {
    let id = SchemeId::new();
    store
        .create_scheme(&Scheme {
            id,
            name: name.into(),
            description: String::new(),
        })
        .await
        .expect("scheme");
    id
}

pub async fn programme(
    store: &Store,
    scheme: SchemeId,
    name: &str,
    kind: ProgrammeKind,
    rules: ProgrammeRules,
) -> ProgrammeId {
    let p = Programme {
        id: ProgrammeId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind,
        description: String::new(),
        rules,
    };
    store.create_programme(&p).await.expect("programme");
    p.id
}

/// An intake of `programme`; `days` are its opening, closing and start dates from `today`.
pub async fn intake(
    store: &Store,
    programme: ProgrammeId,
    today: NaiveDate,
    days: [i64; 3],
    places: &[OrganisationId],
) -> IntakeId {
    let day = |d: i64| today + Duration::days(d);
    let i = Intake {
        id: IntakeId::new(),
        programme_id: programme,
        name: "Intake".into(),
        opens_on: day(days[0]),
        closes_on: day(days[1]),
        starts_on: day(days[2]),
        places: places
            .iter()
            .map(|o| IntakePlace {
                organisation_id: *o,
                places: 5,
            })
            .collect(),
    };
    store.create_intake(&i).await.expect("intake");
    i.id
}

pub fn profile() -> MatchingProfile {
    MatchingProfile {
        goals: vec![FrameworkDimension::LeadingWithCare],
        expertise: vec![FrameworkDimension::LeadingWithCare],
        availability: vec![Slot { day: 1, part: 0 }],
        modes: vec![Mode::Video],
        conflicts: vec![],
    }
}

/// An application stored as the applicant and coordinator would have left it: waiting for the
/// coordinator, or approved within the organisation's places.
pub async fn application(
    store: &Store,
    intake: IntakeId,
    person: PersonId,
    org: OrganisationId,
    role: ApplicationRole,
    approved: bool,
) -> Application {
    let now = Utc::now();
    let a = Application {
        id: ApplicationId::new(),
        intake_id: intake,
        person_id: person,
        role,
        organisation_id: org,
        status: ApplicationStatus::AwaitingCoordinator,
        profile: profile(),
        answers: Default::default(),
        line_manager_id: None,
        submitted_at: now,
        updated_at: now,
        version: 1,
    };
    let ev = |status| ApplicationEvent {
        application_id: a.id,
        at: now,
        actor_id: None,
        status,
        note: "test".into(),
    };
    store
        .create_application(&a, &ev(ApplicationStatus::AwaitingCoordinator))
        .await
        .expect("application");
    if !approved {
        return a;
    }
    store
        .move_application(
            a.id,
            ApplicationStatus::AwaitingCoordinator,
            &ev(ApplicationStatus::Approved),
        )
        .await
        .expect("approval")
}

/// Publishes one relationship of `apps` (offers with a deadline 14 days after `at`), as a run
/// would: the applications become matched.
pub async fn publish(
    store: &Store,
    intake: IntakeId,
    kind: RelationshipKind,
    apps: &[Application],
    at: DateTime<Utc>,
) -> RelationshipId {
    let run = MatchRun {
        id: MatchRunId::new(),
        intake_id: intake,
        number: 0,
        status: RunStatus::Draft,
        created_at: at,
        created_by: None,
        inputs_digest: "seeded".into(),
        inputs: "{}".into(),
        parameters: "{}".into(),
        result: RunResult {
            matches: vec![],
            unmatched: vec![],
            total_score: 0,
            mean_score_percent: 0,
            optimal: true,
            per_organisation: vec![],
            ignored_pins: vec![],
        },
        published_at: None,
    };
    store.create_match_run(&run).await.expect("run");
    let r = Relationship {
        id: RelationshipId::new(),
        intake_id: intake,
        run_id: Some(run.id),
        kind,
        status: RelationshipStatus::Proposed,
        offer_deadline: at + Duration::days(14),
        meeting_slot: Some(Slot { day: 1, part: 1 }),
        members: apps
            .iter()
            .map(|a| Member {
                person_id: a.person_id,
                application_id: a.id,
                role: a.role,
                response: OfferResponse::Pending,
                responded_at: None,
                signed_version: None,
                signed_at: None,
                fit_check: None,
                left_at: None,
            })
            .collect(),
        created_at: at,
        updated_at: at,
        activated_at: None,
        closed_at: None,
    };
    store
        .publish_match_run(&Publication {
            run_id: run.id,
            intake_id: intake,
            expected: apps.iter().map(|a| (a.id, a.version)).collect(),
            relationships: vec![r.clone()],
            actor: None,
            at,
        })
        .await
        .expect("publish");
    r.id
}

fn terms(kind: RelationshipKind) -> AgreementTerms {
    AgreementTerms {
        goals: "Learn from each other".into(),
        frequency: "Monthly".into(),
        channel: (kind != RelationshipKind::Set).then_some(Mode::Video),
        cancellation_notice_hours: 24,
        confidentiality_notes: String::new(),
        ground_rules: if kind == RelationshipKind::Set {
            "What is said here stays here.".into()
        } else {
            String::new()
        },
    }
}

/// Every member accepts; with `sign`, the first saves the agreement and everyone signs it.
async fn accept(
    ctx: &Context,
    r: RelationshipId,
    kind: RelationshipKind,
    members: &[&Actor],
    sign: bool,
) {
    use tandem_app::matching;
    for a in members {
        matching::respond(ctx, a, r, true).await.expect("accept");
    }
    if !sign {
        return;
    }
    let v = matching::save_agreement(ctx, members[0], r, terms(kind), 1)
        .await
        .expect("agreement");
    for a in members {
        matching::sign(ctx, a, r, v).await.expect("sign");
    }
    let status = ctx.store.get_relationship(r).await.unwrap().status;
    assert_eq!(status, RelationshipStatus::Active, "{kind:?} not active");
}

fn role(role: Role, scope: Scope) -> RoleAssignment {
    RoleAssignment { role, scope }
}

/// Seeds the world into `ctx.store` (migrated and empty).
pub async fn seed(ctx: &Context) -> World {
    use tandem_app::{growth, import, matching, sessions};
    let store = &ctx.store;
    let now = ctx.now();
    let today = now.date_naive();
    let s = scheme(store, "North Region Network").await;
    let org_a = organisation(store, s, "Alpha Trust", OrganisationKind::NhsTrust).await;
    let org_b = organisation(store, s, "Beta Council", OrganisationKind::LocalAuthority).await;
    let org_c = organisation(store, s, "Gamma Care", OrganisationKind::Charity).await;
    let elsewhere = scheme(store, "Another Network").await;
    let org_x = organisation(store, elsewhere, "Xenon Trust", OrganisationKind::NhsTrust).await;

    let people: [(Who, OrganisationId, Option<RoleAssignment>); 10] = [
        (
            Who::SchemeCoordinator,
            org_a,
            Some(role(Role::SchemeCoordinator, Scope::Scheme(s))),
        ),
        (
            Who::Administrator,
            org_a,
            Some(role(Role::Administrator, Scope::Scheme(s))),
        ),
        (
            Who::Evaluator,
            org_a,
            Some(role(Role::Evaluator, Scope::Scheme(s))),
        ),
        (
            Who::CoordinatorOfMember,
            org_a,
            Some(role(
                Role::OrganisationCoordinator,
                Scope::Organisation(org_a),
            )),
        ),
        (
            Who::CoordinatorElsewhere,
            org_c,
            Some(role(
                Role::OrganisationCoordinator,
                Scope::Organisation(org_c),
            )),
        ),
        (
            Who::Member,
            org_a,
            Some(role(Role::Participant, Scope::Scheme(s))),
        ),
        (
            Who::Partner,
            org_b,
            Some(role(Role::Participant, Scope::Scheme(s))),
        ),
        (
            Who::NonMember,
            org_a,
            Some(role(Role::Participant, Scope::Scheme(s))),
        ),
        (Who::NoRole, org_a, None),
        (
            Who::Outsider,
            org_x,
            Some(role(Role::SchemeCoordinator, Scope::Scheme(elsewhere))),
        ),
    ];
    let mut actors = BTreeMap::new();
    for (i, (who, org, grant)) in people.into_iter().enumerate() {
        let scheme_id = if who == Who::Outsider { elsewhere } else { s };
        let person = add_person(
            store,
            scheme_id,
            org,
            &format!("{who:?}"),
            &format!("person{i}@example.org"),
        )
        .await;
        if let Some(g) = grant {
            store.grant_role(person, g).await.expect("grant");
        }
        let roles = store
            .roles_in_scheme(person, scheme_id)
            .await
            .expect("roles");
        actors.insert(
            who,
            Actor {
                person_id: person,
                scheme_id,
                roles,
            },
        );
    }
    let third = add_person(store, s, org_b, "Third", "third@example.org").await;
    store
        .grant_role(third, role(Role::Participant, Scope::Scheme(s)))
        .await
        .unwrap();
    let staff_a = add_person(store, s, org_a, "Staff", "staff.a@example.org").await;
    let staff_b1 = add_person(store, s, org_b, "Mentor1", "mentor1@example.org").await;
    let staff_b2 = add_person(store, s, org_b, "Mentor2", "mentor2@example.org").await;
    let me = actors[&Who::Member].clone();
    let pa = actors[&Who::Partner].clone();
    let nm = actors[&Who::NonMember].person_id;
    let third_actor = Actor {
        person_id: third,
        scheme_id: s,
        roles: store.roles_in_scheme(third, s).await.unwrap(),
    };

    let rules = ProgrammeRules {
        modes: vec![Mode::Video, Mode::InPerson],
        mentor_load_max: Some(5),
        ..ProgrammeRules::default()
    };
    let mentoring = programme(
        store,
        s,
        "Mentoring",
        ProgrammeKind::Mentoring,
        rules.clone(),
    )
    .await;
    let places = [org_a, org_b, org_c];
    let mentoring_intake = |days| intake(store, mentoring, today, days, &places);

    // The member's mentoring relationship, and the non-member's application in its intake.
    let main = mentoring_intake([-10, 10, 20]).await;
    let mentee = application(
        store,
        main,
        me.person_id,
        org_a,
        ApplicationRole::Mentee,
        true,
    )
    .await;
    let mentor = application(
        store,
        main,
        pa.person_id,
        org_b,
        ApplicationRole::Mentor,
        true,
    )
    .await;
    let relationship = publish(
        store,
        main,
        RelationshipKind::Mentoring,
        &[mentee, mentor],
        now,
    )
    .await;
    accept(
        ctx,
        relationship,
        RelationshipKind::Mentoring,
        &[&me, &pa],
        true,
    )
    .await;
    let applied = application(store, main, nm, org_a, ApplicationRole::Mentee, false).await;
    matching::log_session(
        ctx,
        &me,
        relationship,
        matching::SessionInput {
            held_on: Some(today),
            minutes: Some(60),
            mode: Some(Mode::Video),
            topics: None,
            action_points: None,
        },
    )
    .await
    .expect("session held");
    let booking = sessions::propose(
        ctx,
        &me,
        relationship,
        sessions::BookingInput {
            date: Some(today + Duration::days(3)),
            start: Some("10:00".into()),
            minutes: Some(60),
            mode: Some(Mode::Video),
            link: Some("https://meet.example.org/a".into()),
            place: None,
        },
    )
    .await
    .expect("booking")
    .id;
    let goal = growth::add_goal(
        ctx,
        &me,
        relationship,
        tandem_domain::growth::GoalInput {
            title: "Lead the huddle".into(),
            dimensions: vec![FrameworkDimension::LeadingWithCare],
            status: Some(tandem_domain::growth::GoalStatus::UnderWay),
            progress_note: String::new(),
        },
    )
    .await
    .expect("goal")
    .id;
    let reflection = |share: Option<RelationshipId>| {
        growth::add_reflection(
            ctx,
            &me,
            tandem_domain::growth::ReflectionInput {
                written_on: Some(today),
                text: "What I learnt today".into(),
                relationship_id: None,
                dimensions: vec![FrameworkDimension::LeadingWithCare],
            },
            share,
        )
    };
    let shared_reflection = reflection(Some(relationship)).await.expect("shared").id;
    let private_reflection = reflection(None).await.expect("private").id;
    let cpd = growth::add_cpd(
        ctx,
        &me,
        tandem_domain::growth::CpdInput {
            activity: "Reading".into(),
            done_on: Some(today),
            minutes: Some(30),
            participatory: false,
            reflection: String::new(),
        },
    )
    .await
    .expect("cpd")
    .id;

    // Offers at three stages.
    let mut offers = Vec::new();
    for _ in 0..3 {
        let i = mentoring_intake([-30, -20, 20]).await;
        let a = application(store, i, me.person_id, org_a, ApplicationRole::Mentee, true).await;
        let b = application(store, i, pa.person_id, org_b, ApplicationRole::Mentor, true).await;
        offers.push((i, a, b));
    }
    let (i, a, b) = offers.remove(0);
    let offer = publish(store, i, RelationshipKind::Mentoring, &[a, b], now).await;
    let (i, a, b) = offers.remove(0);
    let agreeing = publish(store, i, RelationshipKind::Mentoring, &[a, b], now).await;
    accept(
        ctx,
        agreeing,
        RelationshipKind::Mentoring,
        &[&me, &pa],
        false,
    )
    .await;
    let (i, a, b) = offers.remove(0);
    let lapsed = publish(
        store,
        i,
        RelationshipKind::Mentoring,
        &[a, b],
        now - Duration::days(30),
    )
    .await;

    // An open intake nobody applied to.
    let apply_intake = mentoring_intake([-1, 10, 20]).await;

    // The pool: two mentees of A, two mentors of B; a lock, then a draft run.
    let pool_programme = programme(
        store,
        s,
        "Pool",
        ProgrammeKind::Mentoring,
        ProgrammeRules {
            mentor_load_max: Some(1),
            ..rules.clone()
        },
    )
    .await;
    let pool_intake = intake(store, pool_programme, today, [-30, -10, 20], &places).await;
    let mut pool = Vec::new();
    for (p, org, r) in [
        (nm, org_a, ApplicationRole::Mentee),
        (staff_a, org_a, ApplicationRole::Mentee),
        (staff_b1, org_b, ApplicationRole::Mentor),
        (staff_b2, org_b, ApplicationRole::Mentor),
    ] {
        pool.push(application(store, pool_intake, p, org, r, true).await.id);
    }
    let pin = Pin {
        kind: PinKind::Lock,
        first: pool[0],
        second: pool[2],
    };
    store.add_pin(pool_intake, pin, now).await.expect("pin");
    let coordinator = actors[&Who::SchemeCoordinator].clone();
    let run = matching::run(ctx, &coordinator, pool_intake)
        .await
        .expect("run");
    assert_eq!(run.result.matches.len(), 2, "the pool makes two pairs");

    // Shortlist mode: the member is an approved mentee, the partner a mentor.
    let mut shortlist_rules = rules.clone();
    shortlist_rules.matching.shortlist = Some(3);
    let shortlisting = programme(
        store,
        s,
        "Shortlisted",
        ProgrammeKind::Mentoring,
        shortlist_rules,
    )
    .await;
    let shortlist_intake = intake(store, shortlisting, today, [-30, -10, 20], &places).await;
    application(
        store,
        shortlist_intake,
        me.person_id,
        org_a,
        ApplicationRole::Mentee,
        true,
    )
    .await;
    application(
        store,
        shortlist_intake,
        pa.person_id,
        org_b,
        ApplicationRole::Mentor,
        true,
    )
    .await;

    // The set.
    let sets_programme = programme(
        store,
        s,
        "Sets",
        ProgrammeKind::ActionLearningSets,
        ProgrammeRules {
            cadence_weeks: Some(4),
            set_size_min: Some(3),
            set_size_max: Some(8),
            ..rules.clone()
        },
    )
    .await;
    let sets_intake = intake(store, sets_programme, today, [-30, -10, -5], &places).await;
    let mut set_apps = Vec::new();
    for (p, org) in [(me.person_id, org_a), (pa.person_id, org_b), (third, org_b)] {
        set_apps
            .push(application(store, sets_intake, p, org, ApplicationRole::SetMember, true).await);
    }
    let set = publish(store, sets_intake, RelationshipKind::Set, &set_apps, now).await;
    accept(
        ctx,
        set,
        RelationshipKind::Set,
        &[&me, &pa, &third_actor],
        true,
    )
    .await;
    let meeting = |starts_on: NaiveDate| SetMeeting {
        id: Uuid::new_v4(),
        relationship_id: set,
        starts_on,
        starts_time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        link: "https://meet.example.org/set".into(),
        facilitator: None,
        timekeeper: None,
        rota_agreed: false,
        attendance_recorded: false,
        created_by: Some(me.person_id),
        created_at: now,
    };
    let past = meeting(today - Duration::days(7));
    store.create_set_meeting(&past).await.unwrap();
    store
        .agree_set_rota(past.id, Some(pa.person_id), Some(third), &[me.person_id])
        .await
        .unwrap();
    let set_action = SetAction {
        id: Uuid::new_v4(),
        meeting_id: past.id,
        person_id: me.person_id,
        text: "Talk to the ward manager".into(),
        status: ActionStatus::Open,
        updated_at: now,
    };
    store.add_set_action(&set_action).await.unwrap();
    let next = meeting(today + Duration::days(14));
    store.create_set_meeting(&next).await.unwrap();

    // The pair.
    let paired = programme(store, s, "Paired", ProgrammeKind::PairedLearning, rules).await;
    let pairs_intake = intake(store, paired, today, [-30, -10, -5], &places).await;
    let clinician = application(
        store,
        pairs_intake,
        me.person_id,
        org_a,
        ApplicationRole::PairClinician,
        true,
    )
    .await;
    let manager = application(
        store,
        pairs_intake,
        pa.person_id,
        org_b,
        ApplicationRole::PairManager,
        true,
    )
    .await;
    let pair = publish(
        store,
        pairs_intake,
        RelationshipKind::Pair,
        &[clinician, manager],
        now,
    )
    .await;
    accept(ctx, pair, RelationshipKind::Pair, &[&me, &pa], true).await;
    let day = ShadowingDay {
        id: Uuid::now_v7(),
        relationship_id: pair,
        host_id: pa.person_id,
        day: today - Duration::days(2),
        place: "Ward 7".into(),
        done: false,
        learning: String::new(),
    };
    store
        .create_shadowing_day(&day, me.person_id, now)
        .await
        .unwrap();
    let project = Project {
        relationship_id: pair,
        title: "Faster discharge".into(),
        aim: "Halve the wait".into(),
        presentation_on: None,
        presented: false,
        milestones: vec![],
        measures: vec![],
    };
    store.save_project(&project, now).await.unwrap();
    let milestone = Milestone {
        id: Uuid::now_v7(),
        title: "Map the process".into(),
        due_on: today + Duration::days(30),
        done: false,
    };
    store.add_milestone(pair, &milestone).await.unwrap();
    let measure = Measure {
        id: Uuid::now_v7(),
        name: "Wait".into(),
        baseline: "8h".into(),
        target: "4h".into(),
        latest: String::new(),
    };
    store.add_measure(pair, &measure).await.unwrap();
    let workshop = Workshop {
        id: Uuid::now_v7(),
        programme_id: paired,
        title: "Improvement methods".into(),
        day: today + Duration::days(20),
        place: "Education centre".into(),
    };
    store.create_workshop(&workshop, now).await.unwrap();

    // Import previews of those who may import.
    let mut previews = BTreeMap::new();
    for who in [Who::SchemeCoordinator, Who::CoordinatorOfMember] {
        let p = import::preview(
            ctx,
            &actors[&who],
            import_file().as_bytes(),
            import::ImportFormat::Csv,
        )
        .await
        .expect("preview");
        previews.insert(who, p.id.expect("a valid file is kept"));
    }

    World {
        org_a,
        org_b,
        org_c,
        actors,
        third,
        staff_a,
        mentoring,
        intake: main,
        application: applied.id,
        apply_intake,
        pool_intake,
        pool: [pool[0], pool[1], pool[2], pool[3]],
        pin,
        run: run.id,
        shortlist_intake,
        relationship,
        booking,
        goal,
        shared_reflection,
        private_reflection,
        cpd,
        offer,
        agreeing,
        lapsed,
        set,
        past_meeting: past.id,
        set_action: set_action.id,
        next_meeting: next.id,
        paired,
        pair,
        shadowing_day: day.id,
        milestone: milestone.id,
        measure: measure.id,
        workshop: workshop.id,
        previews,
        today,
    }
}

/// An HR extract with one new person of Alpha Trust.
pub fn import_file() -> String {
    "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language\n\
     Nia,New,nia.new@example.org,Alpha Trust,Nurse,Nursing,afc,6,,en-GB\n"
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Databases: a seeded template and fresh copies of it.

/// Where the template lives.
pub enum Backend {
    Sqlite {
        dir: tempfile::TempDir,
        template: PathBuf,
    },
    Postgres {
        admin_url: String,
        template: String,
        _database: PgDatabase,
    },
}

/// The seeded template database and the world in it.
pub struct Template {
    pub backend: Backend,
    pub world: World,
}

/// A fresh copy of the template: the context to call use cases with, and a second connection
/// pool that reads the fingerprint. Dropping it removes the copy.
pub struct Copy {
    pub ctx: Context,
    pub mailer: MemoryMailer,
    pub clock: Arc<SettableClock>,
    probe: sqlx::AnyPool,
    sqlite: bool,
    _database: Option<PgDatabase>,
}

/// A PostgreSQL database made for the test, dropped with this value (even when a check panicked).
pub struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(admin_sql(&admin_url, sql));
        })
        .join();
    }
}

/// The PostgreSQL server to test against, when `TANDEM_TEST_POSTGRES_URL` is set (required
/// when `TANDEM_TEST_REQUIRE_POSTGRES=1`).
pub fn postgres_url() -> Option<String> {
    match std::env::var("TANDEM_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("TANDEM_TEST_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "TANDEM_TEST_REQUIRE_POSTGRES=1 but TANDEM_TEST_POSTGRES_URL is not set"
            );
            None
        }
    }
}

/// `admin_url` with its database name replaced by `name`.
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(base.len());
    let mut url = format!("{}/{}", &base[..host_end], name);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

async fn admin_sql(admin_url: &str, sql: String) {
    let mut admin = sqlx::postgres::PgConnection::connect(admin_url)
        .await
        .expect("connect to PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut admin)
        .await
        .expect("admin statement");
    admin.close().await.ok();
}

impl Template {
    /// Seeds a template on SQLite.
    pub async fn sqlite() -> Template {
        let dir = tempfile::tempdir().expect("temp dir");
        let seeding = dir.path().join("seeding.db");
        let store = Store::connect(&format!("sqlite:{}", seeding.display()))
            .await
            .expect("connect");
        store.migrate().await.expect("migrate");
        let (ctx, _, _) = context(store.clone());
        let world = seed(&ctx).await;
        // One self-contained file (no write-ahead log beside it) to copy from.
        let template = dir.path().join("template.db");
        let probe = probe(&format!("sqlite:{}", seeding.display())).await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "VACUUM INTO '{}'",
            template.display()
        )))
        .execute(&probe)
        .await
        .expect("vacuum into");
        probe.close().await;
        store.close().await;
        Template {
            backend: Backend::Sqlite { dir, template },
            world,
        }
    }

    /// Seeds a template on PostgreSQL.
    pub async fn postgres(admin_url: &str) -> Template {
        let name = format!("tandem_access_tpl_{}", Uuid::new_v4().simple());
        admin_sql(admin_url, format!("CREATE DATABASE {name}")).await;
        let store = Store::connect(&with_database(admin_url, &name))
            .await
            .expect("connect");
        store.migrate().await.expect("migrate");
        let (ctx, _, _) = context(store.clone());
        let world = seed(&ctx).await;
        store.close().await;
        Template {
            backend: Backend::Postgres {
                admin_url: admin_url.into(),
                template: name.clone(),
                _database: PgDatabase {
                    admin_url: admin_url.into(),
                    name,
                },
            },
            world,
        }
    }

    /// A fresh copy of the template.
    pub async fn copy(&self) -> Copy {
        let (url, database, sqlite) = match &self.backend {
            Backend::Sqlite { dir, template } => {
                let file = dir.path().join(format!("{}.db", Uuid::new_v4().simple()));
                std::fs::copy(template, &file).expect("copy template");
                (format!("sqlite:{}", file.display()), None, true)
            }
            Backend::Postgres {
                admin_url,
                template,
                ..
            } => {
                let name = format!("tandem_access_{}", Uuid::new_v4().simple());
                admin_sql(
                    admin_url,
                    format!("CREATE DATABASE {name} TEMPLATE {template}"),
                )
                .await;
                (
                    with_database(admin_url, &name),
                    Some(PgDatabase {
                        admin_url: admin_url.clone(),
                        name,
                    }),
                    false,
                )
            }
        };
        let store = Store::connect(&url).await.expect("connect to the copy");
        let (ctx, mailer, clock) = context(store);
        Copy {
            ctx,
            mailer,
            clock,
            probe: probe(&url).await,
            sqlite,
            _database: database,
        }
    }
}

async fn probe(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::pool::PoolOptions::<sqlx::Any>::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("connect the probe")
}

impl Copy {
    /// What the database holds: per table, its number of rows and a hash of their contents.
    /// Equal fingerprints before and after a call mean the call wrote nothing (the audit log
    /// is a table like any other).
    pub async fn fingerprint(&self) -> Fingerprint {
        let tables: Vec<String> = if self.sqlite {
            sqlx::query(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
            )
        } else {
            sqlx::query(
                "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
                 AND table_name NOT LIKE '_sqlx%' ORDER BY name",
            )
        }
        .fetch_all(&self.probe)
        .await
        .expect("tables")
        .iter()
        .map(|r| r.get::<String, _>("name"))
        .collect();
        let mut out = BTreeMap::new();
        for t in tables {
            let select = if self.sqlite {
                let columns: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT name FROM pragma_table_info('{t}')"
                )))
                .fetch_all(&self.probe)
                .await
                .expect("columns")
                .iter()
                .map(|r| format!("quote(\"{}\")", r.get::<String, _>("name")))
                .collect();
                format!("SELECT {} AS row FROM \"{t}\"", columns.join(" || '|' || "))
            } else {
                format!("SELECT CAST(t AS TEXT) AS row FROM \"{t}\" AS t")
            };
            let mut rows: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(select))
                .fetch_all(&self.probe)
                .await
                .expect("rows")
                .iter()
                .map(|r| r.get::<String, _>("row"))
                .collect();
            rows.sort();
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            rows.hash(&mut h);
            out.insert(t, (rows.len(), h.finish()));
        }
        Fingerprint(out)
    }

    /// Closes the connections; the copy itself goes when the value is dropped.
    pub async fn close(self) {
        self.probe.close().await;
        self.ctx.store.close().await;
    }
}

/// Rows and a content hash per table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint(BTreeMap<String, (usize, u64)>);

impl Fingerprint {
    /// The tables whose rows differ from `before`'s, with their row counts then and now.
    pub fn changed_since(&self, before: &Fingerprint) -> Vec<String> {
        self.0
            .iter()
            .filter(|(t, now)| before.0.get(*t) != Some(now))
            .map(|(t, (n, _))| {
                let then = before.0.get(t).map_or(0, |(n, _)| *n);
                format!("{t} ({then} -> {n} rows)")
            })
            .collect()
    }
}
