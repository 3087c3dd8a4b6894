//! Small builders for the stories (the journey's rows are built by `tandem_test_support::fixtures`).

use chrono::{DateTime, Utc};
use tandem_domain::{
    Application, ApplicationRole, Country, Employment, EmploymentId, GradeSystem, IntakeId,
    Language, MatchingProfile, Organisation, OrganisationId, OrganisationKind, Person, PersonId,
    Scheme, SchemeId,
};
use tandem_storage::{PersonRecord, Store};
use tandem_test_support::fixtures;

pub use tandem_test_support::fixtures::at;

pub async fn scheme(store: &Store, name: &str) -> Scheme {
    let s = Scheme {
        id: SchemeId::new(),
        name: name.into(),
        description: format!("About {name}"),
    };
    store.create_scheme(&s).await.expect("create scheme");
    s
}

pub fn org_value(scheme: SchemeId, name: &str) -> Organisation {
    Organisation {
        id: OrganisationId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind: OrganisationKind::NhsTrust,
        country: Country::UnitedKingdom,
    }
}

pub async fn org(store: &Store, scheme: SchemeId, name: &str) -> Organisation {
    let o = org_value(scheme, name);
    store
        .create_organisation(&o)
        .await
        .expect("create organisation");
    o
}

pub fn person_value(scheme: SchemeId, given: &str, family: &str) -> Person {
    Person {
        id: PersonId::new(),
        scheme_id: scheme,
        given_name: given.into(),
        family_name: family.into(),
        email: format!(
            "{}.{}@example.org",
            given.to_lowercase(),
            family.to_lowercase()
        ),
        language: Language::EnGb,
    }
}

pub fn job(person: PersonId, org: OrganisationId, title: &str, primary: bool) -> Employment {
    Employment {
        id: EmploymentId::new(),
        person_id: person,
        organisation_id: org,
        job_title: title.into(),
        profession: "Nursing".into(),
        grade_system: GradeSystem::AgendaForChange,
        grade: "7".into(),
        line_manager_id: None,
        primary,
    }
}

/// Creates a person employed (primarily) by each of `orgs`, in order.
pub async fn person(
    store: &Store,
    scheme: SchemeId,
    given: &str,
    family: &str,
    orgs: &[OrganisationId],
) -> PersonRecord {
    let p = person_value(scheme, given, family);
    let employments: Vec<Employment> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| job(p.id, *o, &format!("Role {i}"), i == 0))
        .collect();
    store
        .create_person(&p, &employments)
        .await
        .expect("create person");
    PersonRecord {
        person: p,
        employments,
    }
}

/// A new person of `org` named `(given, family)` whose application to `intake` in `role` (with
/// an empty profile) was submitted and approved at `at`: the members of the relationships that
/// the stories publish.
pub async fn approved_applicant(
    store: &Store,
    scheme: SchemeId,
    intake: IntakeId,
    (given, family): (&str, &str),
    org: OrganisationId,
    role: ApplicationRole,
    at: DateTime<Utc>,
) -> Application {
    let p = person(store, scheme, given, family, &[org]).await;
    let profile = MatchingProfile::default();
    let a =
        fixtures::submitted_application(store, intake, p.person.id, org, role, profile, at).await;
    fixtures::approve(store, &a, at).await
}
