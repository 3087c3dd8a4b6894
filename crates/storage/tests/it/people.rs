//! People and their employments.

use crate::fixtures::{job, org, person, person_value, scheme};
use tandem_domain::{GradeSystem, Language, Person, PersonId};
use tandem_storage::{PersonRecord, Store, StoreError, UniqueField};

pub async fn person_round_trip_with_employments(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let boss = person(&store, s.id, "Maria", "Boss", &[a.id]).await;
    let p = Person {
        language: Language::NlNl,
        email: "Jan.de.Vries@Example.NL".into(),
        ..person_value(s.id, "Jan", "de Vries")
    };
    let mut second = job(p.id, b.id, "Sessional GP", false);
    second.grade_system = GradeSystem::Medical;
    second.grade = "ST4".into();
    second.profession = "Medicine".into();
    let mut first = job(p.id, a.id, "Ward manager", true);
    first.line_manager_id = Some(boss.person.id);
    // Stored in the order given, not sorted: the first listed is shown first.
    let employments = vec![second, first];
    store.create_person(&p, &employments).await.unwrap();
    let got = store.get_person(p.id).await.unwrap();
    assert_eq!(
        got,
        PersonRecord {
            person: p.clone(),
            employments: employments.clone()
        }
    );

    // Lookup by e-mail ignores case and surrounding space; the stored e-mail is as given.
    let found = store
        .find_person_by_email(s.id, "  jan.DE.vries@example.nl ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.person, p);
    assert_eq!(found.employments, employments);
    assert!(
        store
            .find_person_by_email(s.id, "nobody@example.nl")
            .await
            .unwrap()
            .is_none()
    );
    let other = scheme(&store, "Other").await;
    assert!(
        store
            .find_person_by_email(other.id, &p.email)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        store.get_person(PersonId::new()).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn duplicate_email_conflicts_within_scheme_only(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let first = person(&store, s.id, "Ann", "Lee", &[a.id]).await;
    let dup = Person {
        email: "ANN.LEE@example.org".into(),
        ..person_value(s.id, "Annie", "Lee")
    };
    let emp = [job(dup.id, a.id, "Nurse", true)];
    assert!(matches!(
        store.create_person(&dup, &emp).await,
        Err(StoreError::Conflict {
            field: UniqueField::Email
        })
    ));
    assert!(matches!(
        store.get_person(dup.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.all_people(s.id).await.unwrap().len(), 1);
    // Reusing an existing id with a fresh e-mail is a conflict on the id.
    let same_id = Person {
        email: "someone.else@example.org".into(),
        ..first.person.clone()
    };
    assert!(matches!(
        store.create_person(&same_id, &[]).await,
        Err(StoreError::Conflict {
            field: UniqueField::Id
        })
    ));
    assert_eq!(store.get_person(first.person.id).await.unwrap(), first);

    // The same e-mail in another scheme is another person.
    let s2 = scheme(&store, "S2").await;
    let b = org(&store, s2.id, "Beta").await;
    let twin = Person {
        scheme_id: s2.id,
        ..dup.clone()
    };
    store
        .create_person(&twin, &[job(twin.id, b.id, "Nurse", true)])
        .await
        .unwrap();

    // A person with an unknown organisation is refused as a whole.
    let lost = person_value(s.id, "Lost", "Person");
    let bad = [job(
        lost.id,
        tandem_domain::OrganisationId::new(),
        "Nurse",
        true,
    )];
    assert!(matches!(
        store.create_person(&lost, &bad).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.get_person(lost.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.get_person(first.person.id).await.unwrap(), first);
}

pub async fn update_replaces_employments(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let rec = person(&store, s.id, "Sam", "Smith", &[a.id, b.id]).await;
    let changed = Person {
        given_name: "Samantha".into(),
        family_name: "Smyth".into(),
        email: "s.smyth@example.org".into(),
        language: Language::NlNl,
        ..rec.person.clone()
    };
    let only = vec![job(changed.id, b.id, "Head of service", true)];
    store.update_person(&changed, &only).await.unwrap();
    assert_eq!(
        store.get_person(changed.id).await.unwrap(),
        PersonRecord {
            person: changed.clone(),
            employments: only
        }
    );
    assert!(
        store
            .find_person_by_email(s.id, "sam.smith@example.org")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.count_people_by_organisation(s.id).await.unwrap(),
        vec![(a.id, 0), (b.id, 1)]
    );

    store.update_person(&changed, &[]).await.unwrap();
    assert!(
        store
            .get_person(changed.id)
            .await
            .unwrap()
            .employments
            .is_empty()
    );

    let ghost = person_value(s.id, "Ghost", "Person");
    assert!(matches!(
        store.update_person(&ghost, &[]).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn update_to_taken_email_changes_nothing(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let ann = person(&store, s.id, "Ann", "Lee", &[a.id]).await;
    let bob = person(&store, s.id, "Bob", "Ray", &[a.id]).await;
    let stolen = Person {
        email: ann.person.email.to_uppercase(),
        given_name: "Robert".into(),
        ..bob.person.clone()
    };
    let moved = [job(bob.person.id, b.id, "Moved", true)];
    assert!(matches!(
        store.update_person(&stolen, &moved).await,
        Err(StoreError::Conflict {
            field: UniqueField::Email
        })
    ));
    assert_eq!(store.get_person(bob.person.id).await.unwrap(), bob);
    assert_eq!(store.get_person(ann.person.id).await.unwrap(), ann);
}

pub async fn all_people_lists_scheme_in_order(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let zed = person(&store, s.id, "Zoe", "adams", &[a.id]).await;
    let amy = person(&store, s.id, "Amy", "Adams", &[a.id, a.id]).await;
    let bob = person(&store, s.id, "Bob", "Baker", &[]).await;
    let other = scheme(&store, "Other").await;
    person(&store, other.id, "Out", "Sider", &[]).await;
    // Family name then given name, ignoring case.
    assert_eq!(store.all_people(s.id).await.unwrap(), vec![amy, zed, bob]);
}
