//! Storage stories of profiles: a person's profile round trips and is replaced whole, belongs to
//! an existing person, and a telephone session records whose number is called.

use crate::relationships::{approved, publish, t, terms, world};
use tandem_domain::profile::{ContactDetails, ContactRoute, PhoneKind, Profile, StoredProfile};
use tandem_domain::sessions::{Booking, BookingStatus};
use tandem_domain::{
    ApplicationRole, FrameworkDimension, Mode, PersonId, RelationshipKind, SessionId, Slot,
};
use tandem_storage::{SessionCaps, Store, StoreError};

fn profile(person: PersonId, phone: &str) -> StoredProfile {
    StoredProfile {
        person_id: person,
        profile: Profile {
            expertise: vec![FrameworkDimension::LeadingWithCare],
            expertise_topics: "Rotas".into(),
            interests: vec![
                FrameworkDimension::SharingTheVision,
                FrameworkDimension::EngagingTheTeam,
            ],
            interest_topics: "Quality improvement".into(),
            languages: vec!["cy".into(), "en".into()],
            availability: vec![Slot::from_code("mon_am").unwrap()],
            modes: vec![Mode::Telephone],
            location: "Cardiff".into(),
            introduction: "Ward sister.\nHappy to talk.".into(),
            contact: ContactDetails {
                work_phone: String::new(),
                mobile_phone: phone.into(),
                preferred_phone: PhoneKind::Mobile,
                route: ContactRoute::Text,
            },
        },
        updated_at: t(1, 9),
    }
}

pub async fn profiles_round_trip_and_are_replaced_whole(store: Store) {
    let w = world(&store).await;
    let a = approved(&store, &w, "Ann", w.org_a, ApplicationRole::Mentee).await;
    let b = approved(&store, &w, "Bob", w.org_b, ApplicationRole::Mentor).await;
    assert_eq!(store.profile_of(a.person_id).await.unwrap(), None);
    let first = profile(a.person_id, "+447700900123");
    store.save_profile(&first).await.unwrap();
    assert_eq!(
        store.profile_of(a.person_id).await.unwrap(),
        Some(first.clone())
    );
    // Nobody else's profile changed or appeared.
    assert_eq!(store.profile_of(b.person_id).await.unwrap(), None);
    let mut second = profile(a.person_id, "");
    second.profile.languages = vec![];
    second.profile.contact.route = ContactRoute::Email;
    second.updated_at = t(2, 9);
    store.save_profile(&second).await.unwrap();
    assert_eq!(store.profile_of(a.person_id).await.unwrap(), Some(second));
    // A profile of nobody is refused and writes nothing.
    let ghost = PersonId::new();
    assert!(matches!(
        store.save_profile(&profile(ghost, "")).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.profile_of(ghost).await.unwrap(), None);
}

pub async fn a_session_records_whose_number_is_called(store: Store) {
    let w = world(&store).await;
    let mentee = approved(&store, &w, "Mia", w.org_a, ApplicationRole::Mentee).await;
    let mentor = approved(&store, &w, "Max", w.org_b, ApplicationRole::Mentor).await;
    let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
    let people = vec![mentee.person_id, mentor.person_id];
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
        starts_at: Some(t(10, 10)),
        held_on: t(10, 10).date_naive(),
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
    assert_eq!(store.session_call_member(b.id).await.unwrap(), None);
    store
        .set_session_call_member(b.id, mentor.person_id)
        .await
        .unwrap();
    assert_eq!(
        store.session_call_member(b.id).await.unwrap(),
        Some(mentor.person_id)
    );
    store
        .set_session_call_member(b.id, mentee.person_id)
        .await
        .unwrap();
    assert_eq!(
        store.session_call_member(b.id).await.unwrap(),
        Some(mentee.person_id)
    );
    // The booking itself is untouched by the choice.
    assert_eq!(store.get_booking(b.id).await.unwrap(), b);
    let unknown = SessionId::new();
    assert!(matches!(
        store
            .set_session_call_member(unknown, mentee.person_id)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.session_call_member(unknown).await,
        Err(StoreError::NotFound)
    ));
}
