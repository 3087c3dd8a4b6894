//! Storage stories of paired learning: shadowing days, the improvement project with milestones
//! and measures, workshops with attendance.

use crate::relationships::{approved, publish, t, terms, world};
use chrono::NaiveDate;
use tandem_domain::pairs::{Measure, Milestone, Project, ShadowingDay, Workshop};
use tandem_domain::{ApplicationRole, RelationshipKind};
use tandem_storage::{Store, StoreError};
use uuid::Uuid;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, d).unwrap()
}

pub async fn shadowing_days_are_kept_per_direction(store: Store) {
    let w = world(&store).await;
    let a = approved(&store, &w, "Cleo", w.org_a, ApplicationRole::PairClinician).await;
    let b = approved(&store, &w, "Mani", w.org_b, ApplicationRole::PairManager).await;
    let r = publish(&store, &w, RelationshipKind::Pair, &[&a, &b]).await;
    for p in [a.person_id, b.person_id] {
        store
            .respond_to_offer(r.id, p, true, &terms(), t(4, 9))
            .await
            .unwrap();
    }
    let mk = |host, d| ShadowingDay {
        id: Uuid::now_v7(),
        relationship_id: r.id,
        host_id: host,
        day: day(d),
        place: "Ward 7".into(),
        done: false,
        learning: String::new(),
    };
    let first = mk(a.person_id, 10);
    let second = mk(b.person_id, 3);
    let third = mk(a.person_id, 20);
    for d in [&first, &second, &third] {
        store
            .create_shadowing_day(d, a.person_id, t(5, 9))
            .await
            .unwrap();
    }
    let days = store.shadowing_days(r.id).await.unwrap();
    assert_eq!(
        days.iter().map(|d| d.day).collect::<Vec<_>>(),
        vec![day(3), day(10), day(20)],
        "earliest first"
    );
    assert_eq!(
        store.shadowing_counts(r.id, a.person_id).await.unwrap(),
        (0, 0)
    );
    store
        .complete_shadowing_day(r.id, first.id, "How bed flow is run")
        .await
        .unwrap();
    store
        .complete_shadowing_day(r.id, second.id, "")
        .await
        .unwrap();
    assert_eq!(
        store.shadowing_counts(r.id, a.person_id).await.unwrap(),
        (1, 1)
    );
    assert_eq!(
        store.shadowing_counts(r.id, b.person_id).await.unwrap(),
        (1, 1)
    );
    // A day of another relationship (or none) cannot be completed through this one.
    assert!(matches!(
        store
            .complete_shadowing_day(tandem_domain::RelationshipId::new(), third.id, "x")
            .await,
        Err(StoreError::NotFound)
    ));
}

pub async fn projects_keep_milestones_and_measures(store: Store) {
    let w = world(&store).await;
    let a = approved(&store, &w, "Cleo", w.org_a, ApplicationRole::PairClinician).await;
    let b = approved(&store, &w, "Mani", w.org_b, ApplicationRole::PairManager).await;
    let r = publish(&store, &w, RelationshipKind::Pair, &[&a, &b]).await;
    assert_eq!(store.project(r.id).await.unwrap(), None);
    let ms = Milestone {
        id: Uuid::now_v7(),
        title: "Baseline audit".into(),
        due_on: day(30),
        done: false,
    };
    // Milestones need the project first.
    assert!(store.add_milestone(r.id, &ms).await.is_err());
    let mut p = Project {
        relationship_id: r.id,
        title: "Discharge before noon".into(),
        aim: "Half the discharges after 5 pm".into(),
        presentation_on: None,
        presented: false,
        milestones: vec![],
        measures: vec![],
    };
    store.save_project(&p, t(6, 9)).await.unwrap();
    store.add_milestone(r.id, &ms).await.unwrap();
    let m2 = Milestone {
        id: Uuid::now_v7(),
        title: "First PDSA cycle".into(),
        due_on: day(15),
        done: false,
    };
    store.add_milestone(r.id, &m2).await.unwrap();
    store.set_milestone_done(r.id, ms.id, true).await.unwrap();
    for (name, latest) in [("Discharges after 5 pm", "31%"), ("Patient experience", "")] {
        let m = Measure {
            id: Uuid::now_v7(),
            name: name.into(),
            baseline: "40%".into(),
            target: "20%".into(),
            latest: latest.into(),
        };
        store.add_measure(r.id, &m).await.unwrap();
    }
    // Saving the project's own fields again keeps its milestones and measures.
    p.presentation_on = Some(day(28));
    p.presented = true;
    store.save_project(&p, t(7, 9)).await.unwrap();
    let got = store.project(r.id).await.unwrap().expect("project");
    assert!(got.presented);
    assert_eq!(got.presentation_on, Some(day(28)));
    assert_eq!(
        got.milestones
            .iter()
            .map(|m| (m.title.as_str(), m.done))
            .collect::<Vec<_>>(),
        vec![("First PDSA cycle", false), ("Baseline audit", true)],
        "by due date"
    );
    assert_eq!(
        got.measures
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Discharges after 5 pm", "Patient experience"],
        "in the order added"
    );
    assert_eq!(got.progress_percent(), 50);
    let id = got.measures[1].id;
    store.update_measure(r.id, id, "4.2 of 5").await.unwrap();
    assert_eq!(
        store.project(r.id).await.unwrap().unwrap().measures[1].latest,
        "4.2 of 5"
    );
    assert!(matches!(
        store.update_measure(r.id, Uuid::now_v7(), "x").await,
        Err(StoreError::NotFound)
    ));
}

pub async fn workshop_attendance_is_replaced_whole(store: Store) {
    let w = world(&store).await;
    let programme = store.get_intake(w.intake).await.unwrap().programme_id;
    let a = approved(&store, &w, "Cleo", w.org_a, ApplicationRole::PairClinician).await;
    let b = approved(&store, &w, "Mani", w.org_b, ApplicationRole::PairManager).await;
    let ws = Workshop {
        id: Uuid::now_v7(),
        programme_id: programme,
        title: "Quality improvement basics".into(),
        day: day(12),
        place: "Online".into(),
    };
    store.create_workshop(&ws, t(2, 9)).await.unwrap();
    assert_eq!(store.workshops(programme).await.unwrap(), vec![ws.clone()]);
    store
        .set_workshop_attendance(ws.id, &[a.person_id, b.person_id])
        .await
        .unwrap();
    let mut both = vec![a.person_id, b.person_id];
    both.sort();
    assert_eq!(store.workshop_attendance(ws.id).await.unwrap(), both);
    store
        .set_workshop_attendance(ws.id, &[b.person_id])
        .await
        .unwrap();
    assert_eq!(
        store.workshop_attendance(ws.id).await.unwrap(),
        vec![b.person_id]
    );
    // A duplicate in the list fails the whole replacement.
    assert!(
        store
            .set_workshop_attendance(ws.id, &[a.person_id, a.person_id])
            .await
            .is_err()
    );
    assert_eq!(
        store.workshop_attendance(ws.id).await.unwrap(),
        vec![b.person_id]
    );
}
