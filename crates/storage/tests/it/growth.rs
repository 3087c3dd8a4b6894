//! Storage stories of personal growth: goals per relationship and their counts, the reflective
//! log's privacy in the queries themselves, CPD activities with held sessions, and the opt-in
//! directory.

use crate::fixtures::{approved_applicant, at, org, person, scheme};
use chrono::NaiveDate;
use tandem_domain::growth::{
    CpdActivity, CpdActivityId, DirectoryListing, Goal, GoalContent, GoalId, GoalStatus,
    Reflection, ReflectionId,
};
use tandem_domain::peers::PeerFilter;
use tandem_domain::{
    Application, ApplicationRole, FrameworkDimension, Mode, PersonId, ProgrammeKind,
    ProgrammeRules, RelationshipId, RelationshipKind, SchemeId, SessionId, SessionLog,
};
use tandem_storage::peers::{PeerEntry, PeersQuery};
use tandem_storage::{SessionCaps, Store, StoreError};
use tandem_test_support::fixtures::{self, Offer};

struct World {
    scheme: SchemeId,
    a: PersonId,
    b: PersonId,
    outsider: PersonId,
    rel: RelationshipId,
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

/// A scheme with a published mentoring relationship between `a` and `b`, and an outsider.
async fn world(store: &Store) -> World {
    let s = scheme(store, "North").await;
    let oa = org(store, s.id, "Alpha Trust").await;
    let ob = org(store, s.id, "Beta Council").await;
    let rules = ProgrammeRules {
        modes: vec![Mode::Video],
        ..ProgrammeRules::default()
    };
    let programme =
        fixtures::programme(store, s.id, "Mentoring", ProgrammeKind::Mentoring, rules).await;
    let dates = [
        day(1) - chrono::Duration::days(60),
        day(1) - chrono::Duration::days(30),
        day(1),
    ];
    let places = [(oa.id, 5), (ob.id, 5)];
    let intake = fixtures::intake(store, programme.id, "Spring", dates, &places).await;
    let mut apps = Vec::new();
    for (name, o, role) in [
        ("Ann", oa.id, ApplicationRole::Mentee),
        ("Bob", ob.id, ApplicationRole::Mentor),
    ] {
        let (name, submitted) = ((name, "Member"), at(2026, 2, 1, 9, 0));
        apps.push(approved_applicant(store, s.id, intake.id, name, o, role, submitted).await);
    }
    let outsider = person(store, s.id, "Olga", "Outside", &[oa.id]).await;
    let offer = Offer {
        at: at(2026, 2, 3, 9, 0),
        deadline: at(2026, 3, 20, 17, 0),
        slot: None,
    };
    let members: Vec<&Application> = apps.iter().collect();
    let rel = fixtures::publish(
        store,
        intake.id,
        RelationshipKind::Mentoring,
        &members,
        offer,
    )
    .await;
    World {
        scheme: s.id,
        a: apps[0].person_id,
        b: apps[1].person_id,
        outsider: outsider.person.id,
        rel: rel.id,
    }
}

fn goal(w: &World, person: PersonId, title: &str, status: GoalStatus) -> Goal {
    Goal {
        id: GoalId::new(),
        relationship_id: w.rel,
        person_id: person,
        title: title.into(),
        dimensions: vec![FrameworkDimension::LeadingWithCare],
        status,
        progress_note: String::new(),
        created_at: at(2026, 3, 2, 9, 0),
        updated_at: at(2026, 3, 2, 9, 0),
        appraisal: None,
    }
}

pub async fn goals_belong_to_their_owner_and_are_counted_by_status(store: Store) {
    let w = world(&store).await;
    // The first cites its appraisal conversation, which is stored and read back as it was.
    let g1 = Goal {
        appraisal: Some(tandem_domain::appraisal::AppraisalCitation {
            kind: tandem_domain::appraisal::AppraisalKind::Functioneringsgesprek,
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 2, 10).unwrap(),
        }),
        ..goal(&w, w.a, "Chair the huddle", GoalStatus::NotStarted)
    };
    let g2 = goal(&w, w.b, "Coach a new starter", GoalStatus::UnderWay);
    store.create_goal(&g1).await.unwrap();
    store.create_goal(&g2).await.unwrap();
    let listed = store.goals_of_relationship(w.rel).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&g1) && listed.contains(&g2));

    let content = GoalContent {
        title: "Chair the huddle weekly".into(),
        dimensions: vec![
            FrameworkDimension::EngagingTheTeam,
            FrameworkDimension::HoldingToAccount,
        ],
        status: GoalStatus::Achieved,
        progress_note: "Done since March.\nKeeping it up.".into(),
        appraisal: None,
    };
    // Someone else's update writes nothing.
    assert!(matches!(
        store
            .update_goal(g1.id, w.b, &content, at(2026, 3, 5, 9, 0))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.get_goal(g1.id).await.unwrap(), g1);
    store
        .update_goal(g1.id, w.a, &content, at(2026, 3, 5, 9, 0))
        .await
        .unwrap();
    let after = store.get_goal(g1.id).await.unwrap();
    assert_eq!(after.title, content.title);
    assert_eq!(after.dimensions, content.dimensions);
    assert_eq!(after.status, GoalStatus::Achieved);
    assert_eq!(after.progress_note, content.progress_note);
    assert_eq!(after.updated_at, at(2026, 3, 5, 9, 0));
    assert_eq!(
        after.appraisal, None,
        "the citation is cleared when the update has none"
    );

    let counts = store.goal_counts(w.scheme).await.unwrap();
    assert_eq!(
        counts,
        vec![(GoalStatus::UnderWay, 1), (GoalStatus::Achieved, 1)]
    );
    let other = scheme(&store, "South").await;
    assert!(store.goal_counts(other.id).await.unwrap().is_empty());
    // A goal in a relationship that does not exist is refused.
    let mut orphan = goal(&w, w.a, "x", GoalStatus::NotStarted);
    orphan.relationship_id = RelationshipId::new();
    assert!(matches!(
        store.create_goal(&orphan).await,
        Err(StoreError::NotFound)
    ));
}

fn reflection(author: PersonId, on: u32, text: &str) -> Reflection {
    Reflection {
        id: ReflectionId::new(),
        person_id: author,
        written_on: day(on),
        text: text.into(),
        relationship_id: None,
        dimensions: vec![],
        shared_with: None,
        created_at: at(2026, 3, on, 9, 0),
        updated_at: at(2026, 3, on, 9, 0),
    }
}

pub async fn reflections_are_read_by_their_author_or_through_their_sharing(store: Store) {
    let w = world(&store).await;
    let private = reflection(w.a, 3, "A private thought");
    let mut shared = reflection(w.a, 4, "Something to share");
    shared.relationship_id = Some(w.rel);
    store.create_reflection(&private).await.unwrap();
    store.create_reflection(&shared).await.unwrap();

    let own = store.reflections_of_author(w.a).await.unwrap();
    assert_eq!(own, vec![shared.clone(), private.clone()]);
    assert!(store.reflections_of_author(w.b).await.unwrap().is_empty());
    assert!(
        store
            .reflections_shared_with(w.rel)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.get_own_reflection(private.id, w.b).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.get_shared_reflection(private.id, w.rel).await,
        Err(StoreError::NotFound)
    ));

    // Only the author can share.
    assert!(matches!(
        store
            .set_reflection_sharing(shared.id, w.b, Some(w.rel), at(2026, 3, 5, 9, 0))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .set_reflection_sharing(shared.id, w.a, Some(w.rel), at(2026, 3, 5, 9, 0))
        .await
        .unwrap();
    let visible = store.reflections_shared_with(w.rel).await.unwrap();
    assert_eq!(visible.len(), 1);
    assert_eq!(visible[0].id, shared.id);
    assert_eq!(visible[0].shared_with, Some(w.rel));
    assert_eq!(
        store.reflection_sharing(shared.id).await.unwrap(),
        (w.a, Some(w.rel))
    );
    assert_eq!(
        store
            .get_shared_reflection(shared.id, w.rel)
            .await
            .unwrap()
            .text,
        "Something to share"
    );

    // Unsharing makes it private again.
    store
        .set_reflection_sharing(shared.id, w.a, None, at(2026, 3, 6, 9, 0))
        .await
        .unwrap();
    assert!(
        store
            .reflections_shared_with(w.rel)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.get_shared_reflection(shared.id, w.rel).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .get_own_reflection(shared.id, w.a)
            .await
            .unwrap()
            .shared_with,
        None
    );
}

pub async fn cpd_activities_and_held_sessions_are_listed(store: Store) {
    let w = world(&store).await;
    let act = |on: u32, minutes, participatory| CpdActivity {
        id: CpdActivityId::new(),
        person_id: w.a,
        activity: format!("Course on day {on}, \"advanced\""),
        done_on: day(on),
        minutes,
        participatory,
        reflection: "Learnt, applied".into(),
        created_at: at(2026, 3, on, 12, 0),
    };
    let first = act(2, 90, true);
    let second = act(5, 45, false);
    store.create_cpd_activity(&first).await.unwrap();
    store.create_cpd_activity(&second).await.unwrap();
    assert_eq!(
        store.cpd_activities_of(w.a).await.unwrap(),
        vec![second.clone(), first.clone()]
    );
    assert!(store.cpd_activities_of(w.b).await.unwrap().is_empty());
    assert!(matches!(
        store.delete_cpd_activity(first.id, w.b).await,
        Err(StoreError::NotFound)
    ));
    store.delete_cpd_activity(first.id, w.a).await.unwrap();
    assert_eq!(store.cpd_activities_of(w.a).await.unwrap(), vec![second]);

    assert!(store.held_session_minutes(w.rel).await.unwrap().is_empty());
    let terms = crate::relationships::terms();
    for p in [w.a, w.b] {
        store
            .respond_to_offer(w.rel, p, true, &terms, at(2026, 3, 4, 9, 0))
            .await
            .unwrap();
    }
    for p in [w.a, w.b] {
        store
            .sign_agreement(w.rel, p, 1, at(2026, 3, 4, 10, 0))
            .await
            .unwrap();
    }
    store
        .log_session(
            &SessionLog {
                id: SessionId::new(),
                relationship_id: w.rel,
                held_on: day(7),
                minutes: 60,
                mode: Mode::Video,
                logged_by: Some(w.a),
                logged_at: at(2026, 3, 7, 12, 0),
                topics: String::new(),
                action_points: String::new(),
            },
            SessionCaps {
                sessions: None,
                minutes: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        store.held_session_minutes(w.rel).await.unwrap(),
        vec![(day(7), 60)]
    );
}

/// The directory's page as the peer network reads it (unfiltered, one page).
async fn directory(store: &Store, scheme: tandem_domain::SchemeId) -> Vec<PeerEntry> {
    store
        .peer_page(&PeersQuery {
            scheme,
            filter: PeerFilter::default(),
            limit: 50,
            cursor: None,
            person: None,
        })
        .await
        .unwrap()
        .items
}

pub async fn only_people_who_opt_in_are_in_the_directory(store: Store) {
    let w = world(&store).await;
    assert!(directory(&store, w.scheme).await.is_empty());
    let listing = DirectoryListing {
        person_id: w.b,
        interests: "Rural practice, digital care".into(),
        dimensions: vec![FrameworkDimension::SharingTheVision],
        updated_at: at(2026, 3, 1, 9, 0),
    };
    store.set_directory_listing(&listing).await.unwrap();
    let all = directory(&store, w.scheme).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].person_id, w.b);
    assert_eq!(all[0].given_name, "Bob");
    assert_eq!(all[0].organisation, "Beta Council");
    assert_eq!(all[0].job_title, "Role 0");
    assert_eq!(all[0].interests, listing.interests);
    assert!(
        all.iter()
            .all(|e| e.person_id != w.a && e.person_id != w.outsider)
    );
    // Replacing keeps one row.
    let changed = DirectoryListing {
        interests: "Quality improvement".into(),
        ..listing.clone()
    };
    store.set_directory_listing(&changed).await.unwrap();
    assert_eq!(
        store.directory_listing(w.b).await.unwrap(),
        Some(changed.clone())
    );
    assert_eq!(directory(&store, w.scheme).await.len(), 1);
    // Another scheme never sees them.
    let other = scheme(&store, "South").await;
    assert!(directory(&store, other.id).await.is_empty());
    // Opting out removes every trace.
    assert!(store.remove_directory_listing(w.b).await.unwrap());
    assert!(!store.remove_directory_listing(w.b).await.unwrap());
    assert!(directory(&store, w.scheme).await.is_empty());
    assert_eq!(store.directory_listing(w.b).await.unwrap(), None);
}
