//! The transactional people import.

use crate::fixtures::{job, org, person, person_value, scheme};
use tandem_domain::{Person, PersonId};
use tandem_storage::{PersonRecord, Store, StoreError, UniqueField};

pub async fn import_writes_creates_and_updates(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let existing = person(&store, s.id, "Old", "Timer", &[a.id]).await;

    // A report listed before the manager who is created by the same import.
    let manager = person_value(s.id, "Maggie", "Manager");
    let report = person_value(s.id, "Rory", "Report");
    let mut report_job = job(report.id, b.id, "Assessor", true);
    report_job.line_manager_id = Some(manager.id);
    let creates = vec![
        PersonRecord {
            person: report.clone(),
            employments: vec![report_job],
        },
        PersonRecord {
            person: manager.clone(),
            employments: vec![job(manager.id, b.id, "Team manager", true)],
        },
    ];
    let mut updated_job = job(existing.person.id, b.id, "Moved on", true);
    updated_job.line_manager_id = Some(manager.id);
    let updated = PersonRecord {
        person: Person {
            given_name: "Older".into(),
            ..existing.person.clone()
        },
        employments: vec![updated_job],
    };
    store
        .apply_people_import(&creates, std::slice::from_ref(&updated))
        .await
        .unwrap();

    for rec in creates.iter().chain([&updated]) {
        assert_eq!(&store.get_person(rec.person.id).await.unwrap(), rec);
    }
    assert_eq!(store.all_people(s.id).await.unwrap().len(), 3);
    assert_eq!(
        store.count_people_by_organisation(s.id).await.unwrap(),
        vec![(a.id, 0), (b.id, 3)]
    );
}

/// Snapshot of everything an import could touch.
async fn snapshot(store: &Store, s: tandem_domain::SchemeId) -> Vec<PersonRecord> {
    store.all_people(s).await.unwrap()
}

pub async fn import_failing_late_writes_nothing(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let taken = person(&store, s.id, "Taken", "Email", &[a.id]).await;
    let victim = person(&store, s.id, "Vic", "Tim", &[a.id]).await;
    let before = snapshot(&store, s.id).await;

    // Many good creates and an update, then a create whose e-mail is taken by an existing person.
    let mut creates: Vec<PersonRecord> = (0..450)
        .map(|i| {
            let p = person_value(s.id, &format!("New{i}"), "Person");
            PersonRecord {
                employments: vec![job(p.id, a.id, "Nurse", true)],
                person: p,
            }
        })
        .collect();
    let clash = Person {
        email: taken.person.email.to_uppercase(),
        ..person_value(s.id, "Clash", "Person")
    };
    creates.push(PersonRecord {
        person: clash,
        employments: vec![],
    });
    let update = PersonRecord {
        person: Person {
            family_name: "Changed".into(),
            ..victim.person.clone()
        },
        employments: vec![],
    };
    let err = store
        .apply_people_import(&creates, &[update])
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                field: UniqueField::Email
            }
        ),
        "{err:?}"
    );
    assert_eq!(snapshot(&store, s.id).await, before);
    assert!(matches!(
        store.get_person(creates[0].person.id).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn import_with_duplicate_email_in_file_writes_nothing(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let one = person_value(s.id, "Same", "Mail");
    let two = Person {
        email: one.email.to_uppercase(),
        ..person_value(s.id, "Other", "Person")
    };
    let creates = [
        PersonRecord {
            employments: vec![job(one.id, a.id, "X", true)],
            person: one,
        },
        PersonRecord {
            employments: vec![],
            person: two,
        },
    ];
    let err = store.apply_people_import(&creates, &[]).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                field: UniqueField::Email
            }
        ),
        "{err:?}"
    );
    assert!(snapshot(&store, s.id).await.is_empty());
}

pub async fn import_update_of_missing_person_writes_nothing(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let known = person(&store, s.id, "Known", "One", &[a.id]).await;
    let before = snapshot(&store, s.id).await;
    let fresh = person_value(s.id, "Fresh", "Face");
    let creates = [PersonRecord {
        employments: vec![job(fresh.id, a.id, "X", true)],
        person: fresh.clone(),
    }];
    let updates = [
        PersonRecord {
            person: Person {
                given_name: "Renamed".into(),
                ..known.person.clone()
            },
            employments: vec![],
        },
        PersonRecord {
            person: person_value(s.id, "Not", "There"),
            employments: vec![],
        },
    ];
    assert!(matches!(
        store.apply_people_import(&creates, &updates).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(snapshot(&store, s.id).await, before);

    // An employment at an unknown organisation fails the import the same way.
    let lost = person_value(s.id, "Lost", "Org");
    let creates = [PersonRecord {
        employments: vec![job(
            lost.id,
            tandem_domain::OrganisationId::new(),
            "X",
            true,
        )],
        person: lost,
    }];
    assert!(matches!(
        store.apply_people_import(&creates, &[]).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(snapshot(&store, s.id).await, before);
    // A manager who does not exist anywhere, too.
    let orphan = person_value(s.id, "Orphan", "Report");
    let mut e = job(orphan.id, a.id, "X", true);
    e.line_manager_id = Some(PersonId::new());
    let creates = [PersonRecord {
        employments: vec![e],
        person: orphan,
    }];
    assert!(matches!(
        store.apply_people_import(&creates, &[]).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(snapshot(&store, s.id).await, before);
}

pub async fn large_import_spans_batches(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let creates: Vec<PersonRecord> = (0..1234)
        .map(|i| {
            let p = person_value(s.id, &format!("P{i:04}"), "Bulk");
            let employments = if i % 2 == 0 {
                vec![job(p.id, a.id, "X", true), job(p.id, b.id, "Y", false)]
            } else {
                vec![job(p.id, b.id, "Y", true)]
            };
            PersonRecord {
                person: p,
                employments,
            }
        })
        .collect();
    store.apply_people_import(&creates, &[]).await.unwrap();
    // On PostgreSQL the planner knows the tables are no longer empty (see `BULK_ANALYZE`).
    if let Some(n) = store.planner_row_estimate("people").await.unwrap() {
        assert!(
            n >= 1234.0,
            "people analysed with the import: reltuples {n}"
        );
    }
    let stored = store.all_people(s.id).await.unwrap();
    assert_eq!(stored, creates);
    assert_eq!(
        store.count_people_by_organisation(s.id).await.unwrap(),
        vec![(a.id, 617), (b.id, 1234)]
    );
    // Re-importing everyone as updates changes what they say and keeps their ids.
    let updates: Vec<PersonRecord> = creates
        .iter()
        .map(|r| PersonRecord {
            person: Person {
                family_name: "Updated".into(),
                ..r.person.clone()
            },
            employments: vec![job(r.person.id, a.id, "Z", true)],
        })
        .collect();
    store.apply_people_import(&[], &updates).await.unwrap();
    assert_eq!(store.all_people(s.id).await.unwrap(), updates);
}

/// Many writers at once (as under a busy web server): every write lands, none is lost to a
/// "database is locked" error.
pub async fn concurrent_writers_all_succeed(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mut tasks = Vec::new();
    for t in 0..12 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            if t % 3 == 0 {
                let creates: Vec<PersonRecord> = (0..20)
                    .map(|i| {
                        let p = person_value(s.id, &format!("Imp{t}x{i}"), "Batch");
                        PersonRecord {
                            employments: vec![job(p.id, a.id, "X", true)],
                            person: p,
                        }
                    })
                    .collect();
                store.apply_people_import(&creates, &[]).await.unwrap();
            } else {
                for i in 0..5 {
                    let rec = person(&store, s.id, &format!("One{t}x{i}"), "ByOne", &[a.id]).await;
                    let renamed = Person {
                        given_name: format!("Renamed{t}x{i}"),
                        ..rec.person
                    };
                    store
                        .update_person(&renamed, &rec.employments)
                        .await
                        .unwrap();
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let all = store.all_people(s.id).await.unwrap();
    assert_eq!(all.len(), 4 * 20 + 8 * 5);
    assert_eq!(
        all.iter()
            .filter(|r| r.person.given_name.starts_with("Renamed"))
            .count(),
        40
    );
}

/// A council's own grade list: kept in order, a grade repeated (ignoring case and spacing) kept
/// once as first written; an import adds its new grades in its own transaction, and an import
/// that fails adds none.
pub async fn local_grades_are_kept_per_council_and_added_by_imports(store: Store) {
    let s = scheme(&store, "S").await;
    let council = org(&store, s.id, "Council").await;
    let other = org(&store, s.id, "Other").await;
    store
        .set_local_grades(
            council.id,
            &["Grade G".into(), "grade  g".into(), "Grade H".into()],
        )
        .await
        .unwrap();
    assert_eq!(
        store.local_grades(council.id).await.unwrap(),
        ["Grade G", "Grade H"]
    );
    assert!(store.local_grades(other.id).await.unwrap().is_empty());

    let newcomer = person_value(s.id, "New", "Comer");
    let creates = vec![PersonRecord {
        person: newcomer.clone(),
        employments: vec![job(newcomer.id, council.id, "Officer", true)],
    }];
    store
        .apply_people_import_with_grades(
            &creates,
            &[],
            &[
                (council.id, "Grade J".into()),
                (council.id, "GRADE G".into()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        store.local_grades(council.id).await.unwrap(),
        ["Grade G", "Grade H", "Grade J"]
    );
    assert_eq!(store.local_grades_of_scheme(s.id).await.unwrap().len(), 3);

    // The same person again: the import fails on the e-mail and adds no grade either.
    let again = vec![PersonRecord {
        person: Person {
            id: PersonId::new(),
            ..newcomer.clone()
        },
        employments: vec![],
    }];
    assert!(
        store
            .apply_people_import_with_grades(&again, &[], &[(council.id, "Grade K".into())])
            .await
            .is_err()
    );
    assert_eq!(store.local_grades(council.id).await.unwrap().len(), 3);

    store.set_local_grades(council.id, &[]).await.unwrap();
    assert!(store.local_grades(council.id).await.unwrap().is_empty());
}
