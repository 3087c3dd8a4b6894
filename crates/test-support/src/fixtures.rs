//! Store-level builders: the rows that many stories need before the part they test, written
//! straight through the [`Store`] (no use case, no policy, no clock), at the times given.
//!
//! The world's methods ([`crate::World`]) build on these with the world's clock and people.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use tandem_domain::{
    AgreementTerms, Application, ApplicationEvent, ApplicationId, ApplicationRole,
    ApplicationStatus, Country, Employment, EmploymentId, FrameworkDimension, GradeSystem, Intake,
    IntakeId, IntakePlace, Language, MatchRun, MatchRunId, MatchingProfile, Member, Mode,
    OfferResponse, Organisation, OrganisationId, OrganisationKind, Person, PersonId, Programme,
    ProgrammeId, ProgrammeKind, ProgrammeRules, Relationship, RelationshipId, RelationshipKind,
    RelationshipStatus, RunResult, RunStatus, Scheme, SchemeId, Slot,
};
use tandem_storage::{Publication, Store};

/// A UTC instant, to the minute.
pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Stores a scheme named `name` (no description).
pub async fn scheme(store: &Store, name: &str) -> SchemeId {
    let id = SchemeId::new();
    store
        .create_scheme(&Scheme {
            id,
            name: name.into(),
            description: String::new(),
        })
        .await
        .expect("create scheme");
    id
}

/// Stores an organisation of `scheme` in the United Kingdom.
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
    store
        .create_organisation(&o)
        .await
        .expect("create organisation");
    o.id
}

/// Stores a person of `scheme` employed (primarily) by `org` as a nursing team leader, Agenda
/// for Change band 7, with no line manager and no account.
pub async fn add_person(
    store: &Store,
    scheme: SchemeId,
    org: OrganisationId,
    given: &str,
    family: &str,
    email: &str,
) -> PersonId {
    let id = PersonId::new();
    let person = Person {
        id,
        scheme_id: scheme,
        given_name: given.into(),
        family_name: family.into(),
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
        .expect("create person");
    id
}

/// Stores a programme of `scheme`.
pub async fn programme(
    store: &Store,
    scheme: SchemeId,
    name: &str,
    kind: ProgrammeKind,
    rules: ProgrammeRules,
) -> Programme {
    let programme = Programme {
        id: ProgrammeId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind,
        description: String::new(),
        rules,
    };
    store
        .create_programme(&programme)
        .await
        .expect("create programme");
    programme
}

/// Stores an intake of `programme` opening, closing and starting on `dates`, with `places` per
/// organisation.
pub async fn intake(
    store: &Store,
    programme: ProgrammeId,
    name: &str,
    dates: [NaiveDate; 3],
    places: &[(OrganisationId, u32)],
) -> Intake {
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme,
        name: name.into(),
        opens_on: dates[0],
        closes_on: dates[1],
        starts_on: dates[2],
        places: places
            .iter()
            .map(|&(organisation_id, places)| IntakePlace {
                organisation_id,
                places,
            })
            .collect(),
    };
    store.create_intake(&intake).await.expect("create intake");
    intake
}

/// An application of `person` to `intake`, submitted at `at` and waiting for the coordinator
/// (no line manager asked; stored directly, as if the applicant had applied).
pub async fn submitted_application(
    store: &Store,
    intake: IntakeId,
    person: PersonId,
    organisation: OrganisationId,
    role: ApplicationRole,
    profile: MatchingProfile,
    at: DateTime<Utc>,
) -> Application {
    let a = Application {
        id: ApplicationId::new(),
        intake_id: intake,
        person_id: person,
        role,
        organisation_id: organisation,
        status: ApplicationStatus::AwaitingCoordinator,
        profile,
        answers: Default::default(),
        line_manager_id: None,
        submitted_at: at,
        updated_at: at,
        version: 1,
    };
    store
        .create_application(&a, &event(a.id, ApplicationStatus::AwaitingCoordinator, at))
        .await
        .expect("create application");
    a
}

/// Approves the submitted application `a` at `at`, within its organisation's places (stored
/// directly, as if the coordinator had approved it), and returns it as stored.
pub async fn approve(store: &Store, a: &Application, at: DateTime<Utc>) -> Application {
    store
        .move_application(
            a.id,
            ApplicationStatus::AwaitingCoordinator,
            &event(a.id, ApplicationStatus::Approved, at),
        )
        .await
        .expect("approve application")
}

/// An application's move to `status` at `at`, by nobody in particular.
fn event(
    application: ApplicationId,
    status: ApplicationStatus,
    at: DateTime<Utc>,
) -> ApplicationEvent {
    ApplicationEvent {
        application_id: application,
        at,
        actor_id: None,
        status,
        note: "test".into(),
    }
}

/// A profile that any mentee and mentor with it can be matched on under the default criteria:
/// the same goal and expertise, one shared slot (Monday morning), video.
pub fn matchable_profile() -> MatchingProfile {
    MatchingProfile {
        goals: vec![FrameworkDimension::LeadingWithCare],
        expertise: vec![FrameworkDimension::LeadingWithCare],
        availability: vec![Slot { day: 1, part: 0 }],
        modes: vec![Mode::Video],
        conflicts: vec![],
    }
}

/// A draft run of `intake` with an empty result, made at `at` (not stored): publishing needs a
/// run to publish.
pub fn draft_run(intake: IntakeId, at: DateTime<Utc>) -> MatchRun {
    MatchRun {
        id: MatchRunId::new(),
        intake_id: intake,
        number: 0,
        status: RunStatus::Draft,
        created_at: at,
        created_by: None,
        inputs_digest: "d".into(),
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
            mentors_below_min: vec![],
        },
        published_at: None,
    }
}

/// When and how an offer is made.
#[derive(Clone, Copy, Debug)]
pub struct Offer {
    /// When the run is published and the relationship created.
    pub at: DateTime<Utc>,
    /// Until when the members may answer.
    pub deadline: DateTime<Utc>,
    /// The shared slot a set meets in, if any.
    pub slot: Option<Slot>,
}

/// A proposed relationship of `apps` from `run` (not stored), every member's answer pending.
pub fn proposed_relationship(
    intake: IntakeId,
    run: MatchRunId,
    kind: RelationshipKind,
    apps: &[&Application],
    offer: Offer,
) -> Relationship {
    Relationship {
        id: RelationshipId::new(),
        intake_id: intake,
        run_id: Some(run),
        kind,
        status: RelationshipStatus::Proposed,
        offer_deadline: offer.deadline,
        meeting_slot: offer.slot,
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
        created_at: offer.at,
        updated_at: offer.at,
        activated_at: None,
        closed_at: None,
    }
}

/// Publishes one relationship of the approved `apps` through a stored draft run, as publishing
/// a run does, and returns it as stored (status `Proposed`, the applications `Matched`). Faster
/// and more predictable than running the matcher when the story is about what comes after.
pub async fn publish(
    store: &Store,
    intake: IntakeId,
    kind: RelationshipKind,
    apps: &[&Application],
    offer: Offer,
) -> Relationship {
    let run = draft_run(intake, offer.at);
    store.create_match_run(&run).await.expect("create run");
    let r = proposed_relationship(intake, run.id, kind, apps, offer);
    store
        .publish_match_run(&Publication {
            run_id: run.id,
            intake_id: intake,
            expected: apps.iter().map(|a| (a.id, a.version)).collect(),
            relationships: vec![r.clone()],
            actor: None,
            at: offer.at,
        })
        .await
        .expect("publish");
    store.get_relationship(r.id).await.expect("published")
}

/// Every one of `people` accepts the offer of `relationship` with `terms` as the first agreement
/// and signs that version, at `at`, straight through the store (no deadline check by any clock
/// but `at`). The relationship is then active.
pub async fn accept_and_sign(
    store: &Store,
    relationship: RelationshipId,
    people: &[PersonId],
    terms: &AgreementTerms,
    at: DateTime<Utc>,
) {
    for p in people {
        store
            .respond_to_offer(relationship, *p, true, terms, at)
            .await
            .expect("accept offer");
    }
    for p in people {
        store
            .sign_agreement(relationship, *p, 1, at)
            .await
            .expect("sign agreement");
    }
}
