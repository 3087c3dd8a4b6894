//! Storage stories of relationships in motion: sessions.

use crate::relationships::{approved, publish, t, terms, world};
use chrono::Duration;
use tandem_domain::sessions::{Booking, BookingChange, BookingStatus};
use tandem_domain::{ApplicationRole, Mode, PersonId, RelationshipKind, SessionId};
use tandem_storage::{Clash, SessionCaps, Store, StoreError};

fn refused(r: &Result<impl std::fmt::Debug, StoreError>, why: Clash) -> bool {
    matches!(r, Err(StoreError::Refused(c)) if *c == why)
}

/// Bookings are checked against the caps (confirmed and held count), overlaps and the
/// relationship's status inside one transaction; changes are conditional on what was seen.
pub async fn bookings_keep_caps_overlaps_and_sequences(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    let people: Vec<PersonId> = vec![mentee.person_id, mentor.person_id];
    let caps = SessionCaps {
        sessions: Some(3),
        minutes: Some(180),
    };
    let at = |day: u32, hour: u32, status: BookingStatus| Booking {
        id: SessionId::new(),
        relationship_id: r.id,
        status,
        starts_at: Some(t(day, hour)),
        held_on: t(day, hour).date_naive(),
        minutes: 60,
        mode: Mode::Video,
        link: "https://meet.example.org/x".into(),
        place: String::new(),
        proposed_by: Some(mentee.person_id),
        sequence: 0,
        topics: String::new(),
        action_points: String::new(),
        logged_by: None,
        updated_at: t(1, 9),
    };
    // Not active yet.
    let first = at(10, 10, BookingStatus::Proposed);
    assert!(refused(
        &store.propose_session(&first, &people, caps).await,
        Clash::StatusChanged
    ));
    for p in &people {
        store
            .respond_to_offer(r.id, *p, true, &terms(), t(4, 9))
            .await
            .unwrap();
    }
    for p in &people {
        store.sign_agreement(r.id, *p, 1, t(4, 10)).await.unwrap();
    }
    store.propose_session(&first, &people, caps).await.unwrap();
    // Overlapping (10:30 within 10:00–11:00) is refused; 11:00 is free.
    let mut clash = at(10, 10, BookingStatus::Proposed);
    clash.starts_at = Some(t(10, 10) + Duration::minutes(30));
    assert!(refused(
        &store.propose_session(&clash, &people, caps).await,
        Clash::Overlap
    ));
    store
        .propose_session(&at(10, 11, BookingStatus::Proposed), &people, caps)
        .await
        .unwrap();
    // Confirming: at the sequence seen.
    let confirmed = store
        .change_booking(
            first.id,
            (BookingStatus::Proposed, 0),
            &BookingChange::Confirm,
            mentor.person_id,
            &people,
            caps,
            t(2, 9),
        )
        .await
        .unwrap();
    assert_eq!(confirmed.status, BookingStatus::Confirmed);
    assert!(refused(
        &store
            .change_booking(
                first.id,
                (BookingStatus::Proposed, 0),
                &BookingChange::Confirm,
                mentor.person_id,
                &people,
                caps,
                t(2, 9),
            )
            .await,
        Clash::Stale
    ));
    // Rescheduling raises the sequence and goes back to proposed; it may keep its own slot.
    let moved = store
        .change_booking(
            first.id,
            (BookingStatus::Confirmed, 0),
            &BookingChange::Reschedule {
                starts_at: t(10, 10) + Duration::minutes(15),
                minutes: 30,
                mode: Mode::Telephone,
                link: String::new(),
                place: String::new(),
            },
            mentor.person_id,
            &people,
            caps,
            t(2, 10),
        )
        .await
        .unwrap();
    assert_eq!((moved.status, moved.sequence), (BookingStatus::Proposed, 1));
    assert_eq!(moved.proposed_by, Some(mentor.person_id));
    let again = store.get_booking(first.id).await.unwrap();
    assert_eq!(again, moved);

    // Six confirmed bookings at once against a cap of 3 (the two proposals do not count):
    // exactly three succeed.
    let mut tasks = Vec::new();
    for k in 0..6u32 {
        let store = store.clone();
        let b = at(12 + k, 9, BookingStatus::Confirmed);
        let people = people.clone();
        tasks.push(tokio::spawn(async move {
            store.propose_session(&b, &people, caps).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::Refused(Clash::SessionsCap)) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 3);
    let all = store.bookings_of(r.id).await.unwrap();
    assert_eq!(
        all.iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .count(),
        3
    );
    assert_eq!(all.len(), 5);
    assert_eq!(
        store
            .bookings_of_person(mentor.person_id)
            .await
            .unwrap()
            .len(),
        5
    );
}

/// Notes are kept per author; feeds by token hash, one per person.
pub async fn notes_are_per_author_and_feeds_are_replaced(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    let people = [mentee.person_id, mentor.person_id];
    for p in &people {
        store
            .respond_to_offer(r.id, *p, true, &terms(), t(4, 9))
            .await
            .unwrap();
    }
    for p in &people {
        store.sign_agreement(r.id, *p, 1, t(4, 10)).await.unwrap();
    }
    let b = Booking {
        id: SessionId::new(),
        relationship_id: r.id,
        status: BookingStatus::Proposed,
        starts_at: Some(t(9, 9)),
        held_on: t(9, 9).date_naive(),
        minutes: 30,
        mode: Mode::Telephone,
        link: String::new(),
        place: String::new(),
        proposed_by: Some(mentee.person_id),
        sequence: 0,
        topics: String::new(),
        action_points: String::new(),
        logged_by: None,
        updated_at: t(5, 9),
    };
    let caps = SessionCaps {
        sessions: None,
        minutes: None,
    };
    store.propose_session(&b, &people, caps).await.unwrap();
    store
        .save_session_note(b.id, mentee.person_id, "mine", t(5, 10))
        .await
        .unwrap();
    assert_eq!(
        store
            .own_session_note(b.id, mentee.person_id)
            .await
            .unwrap(),
        Some("mine".into())
    );
    assert_eq!(
        store
            .own_session_note(b.id, mentor.person_id)
            .await
            .unwrap(),
        None
    );
    store
        .save_session_note(b.id, mentee.person_id, "", t(5, 11))
        .await
        .unwrap();
    assert_eq!(
        store
            .own_session_note(b.id, mentee.person_id)
            .await
            .unwrap(),
        None
    );

    store
        .set_calendar_feed(mentee.person_id, "hash-one", t(5, 9))
        .await
        .unwrap();
    assert_eq!(
        store.calendar_feed_owner("hash-one").await.unwrap(),
        Some((mentee.person_id, t(5, 9)))
    );
    store
        .set_calendar_feed(mentee.person_id, "hash-two", t(6, 9))
        .await
        .unwrap();
    assert_eq!(store.calendar_feed_owner("hash-one").await.unwrap(), None);
    assert_eq!(
        store.calendar_feed_of(mentee.person_id).await.unwrap(),
        Some(t(6, 9))
    );
    assert_eq!(
        store.calendar_feed_of(mentor.person_id).await.unwrap(),
        None
    );
}

/// A person's sessions in one relationship block the same time in their other relationships.
pub async fn overlaps_are_checked_across_a_persons_relationships(store: Store) {
    use tandem_test_support::fixtures;
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let other = approved(&store, &w, "Zoe", w.org_a, ApplicationRole::Mentor).await;
    // Max is also a mentee (of Zoe) in the same intake.
    let (role, profile) = (ApplicationRole::Mentee, mentor.profile.clone());
    let max_as_mentee = fixtures::submitted_application(
        &store,
        w.intake,
        mentor.person_id,
        w.org_b,
        role,
        profile,
        t(1, 9),
    )
    .await;
    let max_as_mentee = fixtures::approve(&store, &max_as_mentee, t(1, 9)).await;
    let r1 = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    let r2 = publish(
        &store,
        &w,
        RelationshipKind::Mentoring,
        &[&max_as_mentee, &other],
    )
    .await;
    for (r, people) in [
        (&r1, [mentee.person_id, mentor.person_id]),
        (&r2, [mentor.person_id, other.person_id]),
    ] {
        for p in people {
            store
                .respond_to_offer(r.id, p, true, &terms(), t(4, 9))
                .await
                .unwrap();
        }
        for p in people {
            store.sign_agreement(r.id, p, 1, t(4, 10)).await.unwrap();
        }
    }
    let caps = SessionCaps {
        sessions: None,
        minutes: None,
    };
    let book = |r: &tandem_domain::Relationship, minute: i64| Booking {
        id: SessionId::new(),
        relationship_id: r.id,
        status: BookingStatus::Proposed,
        starts_at: Some(t(20, 10) + Duration::minutes(minute)),
        held_on: t(20, 10).date_naive(),
        minutes: 60,
        mode: Mode::Telephone,
        link: String::new(),
        place: String::new(),
        proposed_by: None,
        sequence: 0,
        topics: String::new(),
        action_points: String::new(),
        logged_by: None,
        updated_at: t(5, 9),
    };
    store
        .propose_session(&book(&r1, 0), &[mentee.person_id, mentor.person_id], caps)
        .await
        .unwrap();
    assert!(refused(
        &store
            .propose_session(&book(&r2, 30), &[mentor.person_id, other.person_id], caps)
            .await,
        Clash::Overlap
    ));
    // A cancelled session frees the time.
    let first = store.bookings_of(r1.id).await.unwrap().remove(0);
    store
        .change_booking(
            first.id,
            (BookingStatus::Proposed, 0),
            &BookingChange::Cancel,
            mentee.person_id,
            &[],
            caps,
            t(6, 9),
        )
        .await
        .unwrap();
    store
        .propose_session(&book(&r2, 30), &[mentor.person_id, other.person_id], caps)
        .await
        .unwrap();
    assert_eq!(store.bookings_of(r2.id).await.unwrap().len(), 1);
}
