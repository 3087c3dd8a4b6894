//! Programmes with their rules, and intakes with places.

use crate::fixtures::{org, scheme};
use chrono::NaiveDate;
use tandem_domain::programme::Eligibility;
use tandem_domain::{
    GradeSystem, Intake, IntakeId, IntakePlace, Mode, OrganisationKind, Programme, ProgrammeId,
    ProgrammeKind, ProgrammeRules, SchemeId,
};
use tandem_storage::{Store, StoreError, UniqueField};

fn capped_cohort(scheme: SchemeId) -> Programme {
    Programme {
        id: ProgrammeId::new(),
        scheme_id: scheme,
        name: "Virtual mentoring cohort".into(),
        kind: ProgrammeKind::VirtualCohort,
        description: "Three sessions of 90 minutes by telephone or video.".into(),
        rules: ProgrammeRules {
            session_cap: Some(3),
            session_minutes: Some(90),
            modes: vec![Mode::Telephone, Mode::Video],
            term_months: Some(6),
            mentor_load_min: Some(1),
            mentor_load_max: Some(2),
            set_size_min: None,
            set_size_max: None,
            cadence_weeks: None,
            eligibility: Eligibility {
                grade_ranges: vec![(GradeSystem::AgendaForChange, "7".into(), "8a".into())],
                professions: vec!["Nursing".into(), "Allied health".into()],
                organisation_kinds: vec![
                    OrganisationKind::NhsTrust,
                    OrganisationKind::LocalAuthority,
                ],
                mentor_training_required: true,
            },
            pilot: true,
            matching: tandem_domain::MatchingCriteria {
                grade_gap: tandem_domain::Level::Must,
                shortlist: Some(3),
                ..Default::default()
            },
        },
    }
}

pub async fn programme_rules_round_trip(store: Store) {
    let s = scheme(&store, "S").await;
    let cohort = capped_cohort(s.id);
    store.create_programme(&cohort).await.unwrap();
    assert_eq!(store.get_programme(cohort.id).await.unwrap(), cohort);
    let sets = Programme {
        id: ProgrammeId::new(),
        name: "Action learning sets".into(),
        kind: ProgrammeKind::ActionLearningSets,
        rules: ProgrammeRules {
            set_size_min: Some(5),
            set_size_max: Some(7),
            cadence_weeks: Some(6),
            ..ProgrammeRules::default()
        },
        ..cohort.clone()
    };
    store.create_programme(&sets).await.unwrap();
    assert_eq!(
        store.list_programmes(s.id).await.unwrap(),
        vec![sets.clone(), cohort.clone()]
    );
    let other = scheme(&store, "Other").await;
    assert!(store.list_programmes(other.id).await.unwrap().is_empty());

    let changed = Programme {
        name: "Cohort, changed".into(),
        kind: ProgrammeKind::Mentoring,
        rules: ProgrammeRules {
            session_cap: None,
            modes: vec![Mode::InPerson],
            ..cohort.rules.clone()
        },
        ..cohort.clone()
    };
    store.update_programme(&changed).await.unwrap();
    assert_eq!(store.get_programme(cohort.id).await.unwrap(), changed);
    let ghost = Programme {
        id: ProgrammeId::new(),
        ..changed
    };
    assert!(matches!(
        store.update_programme(&ghost).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.get_programme(ghost.id).await,
        Err(StoreError::NotFound)
    ));
    let orphan = Programme {
        id: ProgrammeId::new(),
        scheme_id: SchemeId::new(),
        ..cohort
    };
    assert!(matches!(
        store.create_programme(&orphan).await,
        Err(StoreError::NotFound)
    ));
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub async fn intakes_with_places_round_trip(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let c = org(&store, s.id, "Gamma").await;
    let prog = capped_cohort(s.id);
    store.create_programme(&prog).await.unwrap();
    let spring = Intake {
        id: IntakeId::new(),
        programme_id: prog.id,
        name: "Spring 2026".into(),
        opens_on: d(2026, 1, 5),
        closes_on: d(2026, 2, 1),
        starts_on: d(2026, 3, 2),
        // Kept in the order given.
        places: vec![
            IntakePlace {
                organisation_id: c.id,
                places: 4,
            },
            IntakePlace {
                organisation_id: a.id,
                places: 12,
            },
        ],
    };
    let autumn = Intake {
        id: IntakeId::new(),
        name: "Autumn 2025".into(),
        opens_on: d(2025, 9, 1),
        closes_on: d(2025, 9, 30),
        starts_on: d(2025, 10, 15),
        places: vec![],
        ..spring.clone()
    };
    store.create_intake(&spring).await.unwrap();
    store.create_intake(&autumn).await.unwrap();
    assert_eq!(store.get_intake(spring.id).await.unwrap(), spring);
    assert_eq!(
        store.list_intakes(prog.id).await.unwrap(),
        vec![autumn.clone(), spring.clone()]
    );

    let changed = Intake {
        name: "Spring 2026 (extended)".into(),
        closes_on: d(2026, 2, 15),
        places: vec![
            IntakePlace {
                organisation_id: b.id,
                places: 3,
            },
            IntakePlace {
                organisation_id: c.id,
                places: 5,
            },
        ],
        ..spring.clone()
    };
    store.update_intake(&changed).await.unwrap();
    assert_eq!(store.get_intake(spring.id).await.unwrap(), changed);
    assert_eq!(store.get_intake(autumn.id).await.unwrap(), autumn);
}

pub async fn intake_conflicts_and_missing(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let prog = capped_cohort(s.id);
    store.create_programme(&prog).await.unwrap();
    let twice = Intake {
        id: IntakeId::new(),
        programme_id: prog.id,
        name: "Twice".into(),
        opens_on: d(2026, 1, 1),
        closes_on: d(2026, 1, 2),
        starts_on: d(2026, 1, 3),
        places: vec![
            IntakePlace {
                organisation_id: a.id,
                places: 1,
            },
            IntakePlace {
                organisation_id: a.id,
                places: 2,
            },
        ],
    };
    assert!(matches!(
        store.create_intake(&twice).await,
        Err(StoreError::Conflict {
            field: UniqueField::Places
        })
    ));
    assert!(matches!(
        store.get_intake(twice.id).await,
        Err(StoreError::NotFound)
    ));
    let good = Intake {
        places: vec![IntakePlace {
            organisation_id: a.id,
            places: 2,
        }],
        ..twice.clone()
    };
    store.create_intake(&good).await.unwrap();
    assert!(matches!(
        store.create_intake(&good).await,
        Err(StoreError::Conflict {
            field: UniqueField::Id
        })
    ));
    // A failed update leaves the intake as it was.
    let bad_update = Intake {
        name: "Renamed".into(),
        ..twice.clone()
    };
    assert!(matches!(
        store.update_intake(&bad_update).await,
        Err(StoreError::Conflict {
            field: UniqueField::Places
        })
    ));
    assert_eq!(store.get_intake(good.id).await.unwrap(), good);
    let unknown_org = Intake {
        places: vec![IntakePlace {
            organisation_id: tandem_domain::OrganisationId::new(),
            places: 1,
        }],
        ..good.clone()
    };
    assert!(matches!(
        store.update_intake(&unknown_org).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.get_intake(good.id).await.unwrap(), good);
    let ghost = Intake {
        id: IntakeId::new(),
        ..good.clone()
    };
    assert!(matches!(
        store.update_intake(&ghost).await,
        Err(StoreError::NotFound)
    ));
    let orphan = Intake {
        id: IntakeId::new(),
        programme_id: ProgrammeId::new(),
        ..good
    };
    assert!(matches!(
        store.create_intake(&orphan).await,
        Err(StoreError::NotFound)
    ));
}
