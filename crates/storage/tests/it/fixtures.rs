//! Small builders for the stories (the journey's rows are built by `tandem_test_support::fixtures`).

use tandem_domain::{
    Country, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, Scheme, SchemeId,
};
use tandem_storage::{PersonRecord, Store};

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
