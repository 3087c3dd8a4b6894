//! The world the access table is checked against: one scheme with every kind of person the
//! policy tells apart, every kind of relationship in the state its use cases act on, and a second
//! scheme whose coordinator is a stranger to the first.
//!
//! Its own world rather than `tandem_test_support::World`, because the table needs people and
//! states that one has not (an administrator, an evaluator, a coordinator of an organisation the
//! targets do not concern, offers at three stages, a set, a pair, a draft run with a pin), and
//! reaches them through the use cases where they audit. The rows come from test-support's
//! store-level [`fixtures`]. The world is seeded once into a [`db::Template`]; every check runs
//! on a fresh copy of it (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL), so
//! a call that writes cannot change what the next one sees.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;
use tandem_app::{Context, SettableClock};
use tandem_domain::growth::{CpdActivityId, GoalId, ReflectionId};
use tandem_domain::pairs::{Measure, Milestone, Project, ShadowingDay, Workshop};
use tandem_domain::sets::{ActionStatus, SetAction, SetMeeting};
use tandem_domain::{
    Actor, AgreementTerms, Application, ApplicationId, ApplicationRole, FrameworkDimension,
    IntakeId, MatchRunId, Mode, OrganisationId, OrganisationKind, PersonId, Pin, PinKind,
    ProgrammeId, ProgrammeKind, ProgrammeRules, RelationshipId, RelationshipKind,
    RelationshipStatus, Role, RoleAssignment, Scope, SessionId, Slot,
};
use tandem_mail::MemoryMailer;
use tandem_storage::Store;
use tandem_test_support::db::{self, Database, Fingerprint, TemplateCopy};
use tandem_test_support::{WorldOptions, context, fixtures};
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
    /// A survey of `mentoring` (goal attainment at baseline), and the member's open request to
    /// answer it for `relationship`.
    pub survey: tandem_domain::survey::SurveyId,
    pub survey_request: tandem_domain::survey::SurveyRequestId,
    /// Import previews kept for those who may import (by the preview's id).
    pub previews: BTreeMap<Who, String>,
    /// Today, when the world was made.
    pub today: NaiveDate,
    /// Mentor training the member recorded themselves, not yet verified.
    pub unverified_training: tandem_domain::TrainingId,
    /// The non-member is listed in the directory, and a peer of organisation B (no other part
    /// in the world) asked them for a conversation: this request, open.
    pub peer_request: tandem_domain::peers::PeerRequestId,
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

/// An intake of `programme` named "Intake" with 5 places for each of `places`; `days` are its
/// opening, closing and start dates from `today`.
async fn intake(
    store: &Store,
    programme: ProgrammeId,
    today: NaiveDate,
    days: [i64; 3],
    places: &[OrganisationId],
) -> IntakeId {
    let places: Vec<(OrganisationId, u32)> = places.iter().map(|o| (*o, 5)).collect();
    let dates = days.map(|d| today + Duration::days(d));
    fixtures::intake(store, programme, "Intake", dates, &places)
        .await
        .id
}

/// An application with the matchable profile, stored as the applicant and coordinator would
/// have left it: waiting for the coordinator, or approved within the organisation's places.
async fn application(
    store: &Store,
    intake: IntakeId,
    person: PersonId,
    org: OrganisationId,
    role: ApplicationRole,
    approved: bool,
) -> Application {
    let (profile, now) = (fixtures::matchable_profile(), Utc::now());
    let a = fixtures::submitted_application(store, intake, person, org, role, profile, now).await;
    if approved {
        fixtures::approve(store, &a, now).await
    } else {
        a
    }
}

/// Publishes one relationship of `apps` (offers with a deadline 14 days after `at`, meeting on
/// Monday afternoons), as a run would: the applications become matched.
async fn publish(
    store: &Store,
    intake: IntakeId,
    kind: RelationshipKind,
    apps: &[&Application],
    at: DateTime<Utc>,
) -> RelationshipId {
    let offer = fixtures::Offer {
        at,
        deadline: at + Duration::days(14),
        slot: Some(Slot { day: 1, part: 1 }),
    };
    fixtures::publish(store, intake, kind, apps, offer).await.id
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
    let (scheme, organisation) = (fixtures::scheme, fixtures::organisation);
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
        let given = format!("{who:?}");
        let email = format!("person{i}@example.org");
        let person = fixtures::add_person(store, scheme_id, org, &given, "Tester", &email).await;
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
    let third = fixtures::add_person(store, s, org_b, "Third", "Tester", "third@example.org").await;
    store
        .grant_role(third, role(Role::Participant, Scope::Scheme(s)))
        .await
        .unwrap();
    let staff_a =
        fixtures::add_person(store, s, org_a, "Staff", "Tester", "staff.a@example.org").await;
    let staff_b1 =
        fixtures::add_person(store, s, org_b, "Mentor1", "Tester", "mentor1@example.org").await;
    let staff_b2 =
        fixtures::add_person(store, s, org_b, "Mentor2", "Tester", "mentor2@example.org").await;
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
    let mentoring = fixtures::programme(
        store,
        s,
        "Mentoring",
        ProgrammeKind::Mentoring,
        rules.clone(),
    )
    .await
    .id;
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
        &[&mentee, &mentor],
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
            ..Default::default()
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
    let offer = publish(store, i, RelationshipKind::Mentoring, &[&a, &b], now).await;
    let (i, a, b) = offers.remove(0);
    let agreeing = publish(store, i, RelationshipKind::Mentoring, &[&a, &b], now).await;
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
        &[&a, &b],
        now - Duration::days(30),
    )
    .await;

    // An open intake nobody applied to.
    let apply_intake = mentoring_intake([-1, 10, 20]).await;

    // The pool: two mentees of A, two mentors of B; a lock, then a draft run.
    let pool_programme = fixtures::programme(
        store,
        s,
        "Pool",
        ProgrammeKind::Mentoring,
        ProgrammeRules {
            mentor_load_max: Some(1),
            ..rules.clone()
        },
    )
    .await
    .id;
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
    let shortlisting = fixtures::programme(
        store,
        s,
        "Shortlisted",
        ProgrammeKind::Mentoring,
        shortlist_rules,
    )
    .await
    .id;
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
    let sets_programme = fixtures::programme(
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
    .await
    .id;
    let sets_intake = intake(store, sets_programme, today, [-30, -10, -5], &places).await;
    let mut set_apps = Vec::new();
    for (p, org) in [(me.person_id, org_a), (pa.person_id, org_b), (third, org_b)] {
        set_apps
            .push(application(store, sets_intake, p, org, ApplicationRole::SetMember, true).await);
    }
    let set = publish(
        store,
        sets_intake,
        RelationshipKind::Set,
        &set_apps.iter().collect::<Vec<_>>(),
        now,
    )
    .await;
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
        sequence: 0,
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
    let paired = fixtures::programme(store, s, "Paired", ProgrammeKind::PairedLearning, rules)
        .await
        .id;
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
        &[&clinician, &manager],
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
    let unverified_training = tandem_domain::TrainingRecord {
        id: tandem_domain::TrainingId::new(),
        person_id: actors[&Who::Member].person_id,
        course: "Mentor foundation".into(),
        provider: "Academy".into(),
        completed_on: today - Duration::days(30),
        evidence: String::new(),
        qualifies_as_mentor_training: true,
        recorded_by: Some(actors[&Who::Member].person_id),
        recorded_at: now,
        verified_by: None,
        verified_at: None,
    };
    store.create_training(&unverified_training).await.unwrap();

    // A survey of the mentoring programme, and the member's open baseline request.
    let (survey, survey_request) = {
        use tandem_domain::survey::{
            InstrumentCode, Item, LocalText, Survey, SurveyId, SurveyRequestId, WaveKind,
        };
        let survey = Survey {
            id: SurveyId::new(),
            programme_id: mentoring,
            title: LocalText::new("Goals", "Doelen"),
            waves: vec![WaveKind::Baseline],
            items: vec![Item::Instrument {
                code: InstrumentCode::GoalAttainment,
            }],
            version: 1,
            created_at: now,
            updated_at: now,
        };
        store.create_survey(&survey).await.unwrap();
        let request = tandem_storage::SurveyRequest {
            id: SurveyRequestId::new(),
            survey_id: survey.id,
            wave: WaveKind::Baseline,
            person_id: actors[&Who::Member].person_id,
            relationship_id: Some(relationship),
            session_key: String::new(),
            programme_id: mentoring,
            intake_id: main,
            organisation_id: Some(org_a),
            role: "mentee".into(),
            opens_at: now - Duration::days(1),
            closes_at: now + Duration::days(27),
            reminded_at: None,
            answered_at: None,
            declined_at: None,
            created_at: now,
        };
        store
            .open_survey_requests(std::slice::from_ref(&request))
            .await
            .unwrap();
        (survey.id, request.id)
    };

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

    // The peer network: the non-member listed, and asked by a peer of organisation B.
    let nm_actor = actors[&Who::NonMember].clone();
    tandem_app::growth::opt_in(
        ctx,
        &nm_actor,
        "Assessment practice",
        &[FrameworkDimension::LeadingWithCare],
    )
    .await
    .expect("listed");
    let peer = fixtures::add_person(store, s, org_b, "Peer", "Tester", "peer@example.org").await;
    store
        .grant_role(
            peer,
            RoleAssignment {
                role: Role::Participant,
                scope: Scope::Scheme(s),
            },
        )
        .await
        .unwrap();
    let peer_actor = Actor {
        person_id: peer,
        scheme_id: s,
        roles: store.roles_in_scheme(peer, s).await.unwrap(),
    };
    let peer_request = tandem_app::peers::ask(ctx, &peer_actor, nm, "Could we talk?")
        .await
        .expect("peer request")
        .id;

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
        survey,
        survey_request,
        previews,
        today,
        peer_request,
        unverified_training: unverified_training.id,
    }
}

/// An HR extract with one new person of Alpha Trust.
pub fn import_file() -> String {
    "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language\n\
     Nia,New,nia.new@example.org,Alpha Trust,Nurse,Nursing,afc,6,,en-GB\n"
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Databases: the world seeded once into a template, and a fresh copy of it for every check.

/// The seeded template database and the world in it.
pub struct Template {
    database: db::Template,
    pub world: World,
}

/// A fresh copy of the template: the context to call use cases with (its own clock and mailer),
/// and the copy's fingerprint. Dropping it removes the copy.
pub struct Copy {
    pub ctx: Context,
    pub mailer: MemoryMailer,
    pub clock: Arc<SettableClock>,
    database: TemplateCopy,
}

/// Seeds the world into a fresh database, through a context of its own.
async fn seed_database(database: Database) -> World {
    let (ctx, _, _) = context(database.store, WorldOptions::default());
    seed(&ctx).await
}

impl Template {
    /// Seeds a template on SQLite.
    pub async fn sqlite() -> Template {
        let (database, world) = db::Template::sqlite(seed_database).await;
        Template { database, world }
    }

    /// Seeds a template on the PostgreSQL server of `admin_url`.
    pub async fn postgres(admin_url: &str) -> Template {
        let (database, world) = db::Template::postgres(admin_url, seed_database).await;
        Template { database, world }
    }

    /// A fresh copy of the template.
    pub async fn copy(&self) -> Copy {
        let database = self.database.copy().await;
        let store = database.database().store.clone();
        let (ctx, mailer, clock) = context(store, WorldOptions::default());
        Copy {
            ctx,
            mailer,
            clock,
            database,
        }
    }
}

impl Copy {
    /// What the copy holds now: equal before and after a call means the call wrote nothing.
    pub async fn fingerprint(&self) -> Fingerprint {
        self.database.fingerprint().await
    }

    /// Closes the connections; the copy itself goes when the value is dropped.
    pub async fn close(self) {
        self.database.close().await;
    }
}
