//! Issue #17's story bugs, on the pages: an organisation coordinator opens their own staff's
//! relationship and reads its status, never its content (another organisation's stays hidden);
//! a profile names the line manager at the same organisation, and says "someone at another
//! organisation" only when that is true; a member of a declined match reads who declined and
//! what happens next.

use crate::harness::{CA, CB, MO, PA, World, on_backends};
use axum::http::StatusCode;
use tandem_app::matching;
use tandem_domain::{ApplicationRole, ProgrammeKind, ProgrammeRules, RelationshipKind};

#[tokio::test]
async fn organisation_coordinators_see_their_staffs_relationship_status_not_its_content() {
    on_backends(|w: World| async move {
        let m = w
            .mentoring(ProgrammeRules {
                session_cap: Some(6),
                ..ProgrammeRules::default()
            })
            .await;
        let r = w
            .publish(
                m.intake.id,
                RelationshipKind::Mentoring,
                &[&m.mentee, &m.mentor],
                None,
            )
            .await;
        w.accept(r.id, &m.people()).await;
        w.sign(r.id, &m.people(), 1).await;
        let [pat, _] = m.people();
        let held_on = w.ctx.now().date_naive();
        matching::log_session(
            &w.ctx,
            &w.actor(pat).await,
            r.id,
            matching::SessionInput {
                held_on: Some(held_on),
                minutes: Some(60),
                mode: Some(tandem_domain::Mode::Video),
                topics: Some("SECRET-TOPIC".into()),
                action_points: Some("SECRET-ACTION".into()),
            },
        )
        .await
        .unwrap();
        let path = format!("/relationships/{}", r.id);

        // Pat's organisation's coordinator: the staff list links to it, and it shows status,
        // dates and counts, Pat by name and Mo by organisation only.
        let mut ca = w.signed_in(CA).await;
        let staff = ca.get("/staff-relationships").await;
        assert!(
            staff.contains(&format!("href=\"/relationships/{}\"", r.id)),
            "{}",
            staff.text()
        );
        let page = ca.get(&path).await;
        page.assert_status(StatusCode::OK);
        let text = page.text();
        assert!(text.contains("How this relationship is going"), "{text}");
        assert!(text.contains("id=\"status\">Active<"), "{text}");
        assert!(text.contains("Pat Participant"), "{text}");
        assert!(text.contains("A member from Beta Council"), "{text}");
        assert!(
            !text.contains("Mo Mentor"),
            "another organisation's person: {text}"
        );
        assert!(text.contains("1 of 6"), "sessions against the cap: {text}");
        assert!(text.contains(&held_on.to_string()), "last activity: {text}");
        assert!(!text.contains("SECRET"), "no content: {text}");
        assert!(!text.contains("/respond"), "no forms: {text}");
        // Mo's organisation's coordinator sees it the other way round.
        let mut cb = w.signed_in(CB).await;
        let text = cb.get(&path).await.text();
        assert!(text.contains("Mo Mentor"), "{text}");
        assert!(text.contains("A member from Alpha Trust"), "{text}");
        assert!(!text.contains("Pat Participant"), "{text}");
        // The members still get the full page.
        let mut pa = w.signed_in(PA).await;
        let mine = pa.get(&path).await;
        mine.assert_status(StatusCode::OK);
        assert!(!mine.contains("How this relationship is going"));

        // A relationship of Alpha Trust's staff only stays hidden from Beta's coordinator.
        let (_, intake) = w
            .programme_with_intake(
                (
                    "Alpha pairs".into(),
                    ProgrammeKind::Mentoring,
                    ProgrammeRules::default(),
                ),
                "Summer",
                [-10, 10, 20],
                [5, 5],
            )
            .await;
        let a1 = w
            .add_participant(w.org_a, "Ann", "Alpha", "ann@alpha.example.org")
            .await;
        let a2 = w
            .add_participant(w.org_a, "Abe", "Alpha", "abe@alpha.example.org")
            .await;
        let x = w
            .approved_application(
                intake.id,
                a1,
                w.org_a,
                ApplicationRole::Mentee,
                Default::default(),
            )
            .await;
        let y = w
            .approved_application(
                intake.id,
                a2,
                w.org_a,
                ApplicationRole::Mentor,
                Default::default(),
            )
            .await;
        let theirs = w
            .publish(intake.id, RelationshipKind::Mentoring, &[&x, &y], None)
            .await;
        let hidden = cb.get(&format!("/relationships/{}", theirs.id)).await;
        assert_ne!(hidden.status, StatusCode::OK);
        assert!(!hidden.contains("How this relationship is going"));
        assert!(!hidden.contains("Ann Alpha"));
        ca.get(&format!("/relationships/{}", theirs.id))
            .await
            .assert_status(StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_profile_names_the_line_manager_at_the_same_organisation() {
    on_backends(|w: World| async move {
        let pat = w.participant;
        let set_manager = |manager| {
            let w = &w;
            async move {
                let mut rec = w.ctx.store.get_person(pat).await.unwrap();
                for e in &mut rec.employments {
                    e.line_manager_id = Some(manager);
                }
                w.ctx
                    .store
                    .update_person(&rec.person, &rec.employments)
                    .await
                    .unwrap();
            }
        };
        let alice = w.staff_a[0];
        set_manager(alice).await;
        let path = format!("/people/{pat}");
        let mut pa = w.signed_in(PA).await;
        let own = pa.get(&path).await;
        own.assert_status(StatusCode::OK);
        let text = own.text();
        assert!(text.contains("Alice Archer"), "{text}");
        assert!(!text.contains("Someone at another organisation"), "{text}");
        // Named, not linked: Pat may not open Alice's record.
        assert!(!text.contains(&format!("/people/{alice}")), "{text}");
        pa.get(&format!("/people/{alice}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        // Their coordinator sees the name as a link.
        let mut ca = w.signed_in(CA).await;
        let text = ca.get(&path).await.text();
        assert!(text.contains(&format!("/people/{alice}")), "{text}");

        // A manager who works only at another organisation is "someone at another
        // organisation", and only then.
        set_manager(w.staff_b[0]).await;
        let text = pa.get(&path).await.text();
        assert!(text.contains("Someone at another organisation"), "{text}");
        assert!(!text.contains("Bea Brook"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn a_declined_match_says_who_declined_and_what_happens_next() {
    on_backends(|w: World| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let r = w
            .publish(
                m.intake.id,
                RelationshipKind::Mentoring,
                &[&m.mentee, &m.mentor],
                None,
            )
            .await;
        let [_, mo] = m.people();
        matching::respond(&w.ctx, &w.actor(mo).await, r.id, false)
            .await
            .unwrap();
        let path = format!("/relationships/{}", r.id);
        let mut pa = w.signed_in(PA).await;
        let page = pa.get(&path).await;
        page.assert_status(StatusCode::OK);
        let text = page.text();
        assert!(text.contains("id=\"declined-explained\""), "{text}");
        assert!(text.contains("Mo Mentor declined this match on"), "{text}");
        assert!(
            text.contains("back in the intake&#x27;s pool")
                || text.contains("back in the intake's pool"),
            "{text}"
        );
        let mut mo_page = w.signed_in(MO).await;
        let text = mo_page.get(&path).await.text();
        assert!(text.contains("You declined this match on"), "{text}");
        // In Dutch too.
        let nl = pa.get(&format!("{path}?lang=nl-NL")).await.text();
        assert!(nl.contains("Deze match is afgewezen"), "{nl}");
    })
    .await;
}
