//! Each role's home and the menus that say what they hold (issue #17, item 2): every to-do
//! appears when due and goes when done; an organisation coordinator sees their own staff's
//! matches (status and last activity, never content) and only theirs; a participant sees only
//! their own.

use crate::harness::{CA, CB, MO, PA, SC, World, on_backends};
use axum::http::StatusCode;
use chrono::Duration;
use tandem_app::sessions::{self, Action as SessionAction, BookingInput};
use tandem_domain::{ApplicationRole, Mode, ProgrammeRules, RelationshipKind};
use tandem_test_support::fixtures;

/// A link to `path` as templates write a path held in a variable (`/` escaped).
fn nav(path: &str) -> String {
    format!("href=\"{}\"", path.replace('/', "&#x2f;"))
}

fn booking(w: &World, days: i64) -> BookingInput {
    BookingInput {
        date: Some((w.ctx.now() + Duration::days(days)).date_naive()),
        start: Some("10:00".into()),
        minutes: Some(60),
        mode: Some(Mode::Video),
        link: Some("https://meet.example.org/tandem".into()),
        place: None,
    }
}

#[tokio::test]
async fn a_participants_to_dos_appear_when_due_and_go_when_done() {
    on_backends(|w: World| async move {
        let m = w
            .mentoring(ProgrammeRules {
                session_cap: Some(4),
                session_minutes: Some(60),
                ..Default::default()
            })
            .await;
        let mut pat = w.signed_in(PA).await;
        let home = pat.get("/dashboard").await;
        home.assert_status(StatusCode::OK);
        assert!(home.contains("<h1>My Tandem</h1>"), "{}", home.text());
        assert!(
            home.contains("My Tandem</strong>"),
            "the menu names the home"
        );
        assert!(!home.contains("Scheme dashboard"));
        assert!(home.contains(&nav("/applications")), "My applications");
        assert!(home.contains(">My applications<"));
        assert!(!home.contains(&nav("/reviews")), "nothing to review");
        assert!(!home.contains("id=\"todo-answer_offer"));

        // An offer: answer it.
        let r = w
            .publish(
                m.intake.id,
                RelationshipKind::Mentoring,
                &[&m.mentee, &m.mentor],
                None,
            )
            .await;
        let offer = format!("id=\"todo-answer_offer-relationships-{}\"", r.id);
        let home = pat.get("/dashboard").await;
        assert!(home.contains(&offer), "{}", home.text());
        assert!(home.contains("Answer the offer of a match (Cross-agency mentoring)"));
        assert!(home.contains(&nav(&format!("/relationships/{}", r.id))));
        // Mo sees his own offer, not Pat's to-dos under his name.
        let mut mo = w.signed_in(MO).await;
        assert!(mo.get("/dashboard").await.contains(&offer));

        // Accepted: the offer goes, the agreement waits for signing.
        w.accept(r.id, &m.people()).await;
        let sign = format!("id=\"todo-sign_agreement-relationships-{}\"", r.id);
        let home = pat.get("/dashboard").await;
        assert!(!home.contains(&offer), "answered");
        assert!(home.contains(&sign), "{}", home.text());

        // Signed and active: a confirmed session, then its time passes.
        w.sign(r.id, &m.people(), 1).await;
        assert!(!pat.get("/dashboard").await.contains(&sign), "signed");
        let [pat_id, mo_id] = m.people();
        let (pat_actor, mo_actor) = (w.actor(pat_id).await, w.actor(mo_id).await);
        let b = sessions::propose(&w.ctx, &pat_actor, r.id, booking(&w, 2))
            .await
            .unwrap();
        let b = sessions::act(
            &w.ctx,
            &mo_actor,
            b.id,
            Some(b.sequence),
            SessionAction::Confirm,
        )
        .await
        .unwrap();
        let record = &format!("id=\"todo-record_session-relationships-{}-bookings\"", r.id);
        assert!(
            !pat.get("/dashboard").await.contains(record),
            "not yet held"
        );
        w.clock.advance(Duration::days(3));
        // Three days on, the session has expired: sign in again.
        let mut pat = w.signed_in(PA).await;
        let home = pat.get("/dashboard").await;
        assert!(home.contains(record), "{}", home.text());
        assert!(home.contains(&nav(&format!("/relationships/{}/bookings", r.id))));
        sessions::act(
            &w.ctx,
            &pat_actor,
            b.id,
            Some(b.sequence),
            SessionAction::Held {
                topics: "SECRET-TOPIC".into(),
                action_points: "SECRET-ACTION".into(),
            },
        )
        .await
        .unwrap();
        let home = pat.get("/dashboard").await;
        assert!(!home.contains(record), "recorded");
        assert!(home.contains("id=\"todos-none\""), "{}", home.text());

        // In Dutch, the home is "Mijn Tandem".
        let nl = pat.get("/dashboard?lang=nl-NL").await;
        assert!(nl.contains("<h1>Mijn Tandem</h1>"), "{}", nl.text());

        // The organisation coordinators: each sees their own staff's match, its status and
        // last activity, never its content.
        let mut ca = w.signed_in(CA).await;
        let home = ca.get("/dashboard").await;
        home.assert_status(StatusCode::OK);
        let text = home.text();
        assert!(text.contains("id=\"staff-relationships\""), "{text}");
        assert!(text.contains("Pat Participant"), "{text}");
        assert!(
            !text.contains("Mo Mentor"),
            "another organisation's person: {text}"
        );
        let held = (w.ctx.now() - Duration::days(1)).date_naive();
        // In words for the reader, ISO in the `datetime` attribute for machines.
        let in_words = tandem_i18n::dates::date(tandem_domain::Language::EnGb, held);
        assert!(text.contains(&in_words), "last activity {in_words}: {text}");
        assert!(text.contains(&format!("datetime=\"{held}\"")), "{text}");
        assert!(!text.contains("SECRET"), "no content: {text}");
        let page = ca.get("/staff-relationships").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Pat Participant"));
        assert!(!page.contains("Mo Mentor"));
        assert!(!page.contains("SECRET"));
        let mut cb = w.signed_in(CB).await;
        let page = cb.get("/staff-relationships").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Mo Mentor"), "{}", page.text());
        assert!(!page.contains("Pat Participant"));
        // A participant has no staff.
        pat.get("/staff-relationships")
            .await
            .assert_status(StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn coordinators_see_what_waits_for_them_and_only_their_organisations() {
    on_backends(|w: World| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let mut ca = w.signed_in(CA).await;
        let home = ca.get("/dashboard").await;
        assert!(!home.contains("id=\"todo-applications\""));
        assert!(home.contains("No applications are waiting for your decision."));
        // The menu: applications to review and the staff's matches, not "My applications".
        assert!(home.contains(&nav("/reviews")));
        assert!(home.contains(">Applications to review<"));
        assert!(home.contains(&nav("/staff-relationships")));
        assert!(!home.contains(&nav("/applications")), "{}", home.text());
        // Places used per intake: Pat's approved application takes one of Alpha's five.
        assert!(home.contains("id=\"places-used\""), "{}", home.text());
        assert!(home.contains("1 of 5"), "{}", home.text());

        // Alice (Alpha) applies: Alpha's coordinator has it waiting; Beta's does not.
        let alice = fixtures::submitted_application(
            &w.ctx.store,
            m.intake.id,
            w.staff_a[0],
            w.org_a,
            ApplicationRole::Mentee,
            fixtures::matchable_profile(),
            w.ctx.now(),
        )
        .await;
        let home = ca.get("/dashboard").await;
        let text = home.text();
        assert!(text.contains("id=\"todo-applications\""), "{text}");
        assert!(
            text.contains("1 application waiting for your decision"),
            "{text}"
        );
        assert!(text.contains(&format!("href=\"/applications/{}\"", alice.id)));
        let reviews = ca.get("/reviews").await;
        reviews.assert_status(StatusCode::OK);
        assert!(reviews.contains("Alice Archer"), "{}", reviews.text());
        let mut cb = w.signed_in(CB).await;
        assert!(!cb.get("/dashboard").await.contains("todo-applications"));
        let theirs = cb.get("/reviews").await;
        theirs.assert_status(StatusCode::OK);
        assert!(!theirs.contains("Alice Archer"));
        // The scheme coordinator reviews every organisation's.
        let mut sc = w.signed_in(SC).await;
        let home = sc.get("/dashboard").await;
        assert!(home.contains("id=\"todo-applications\""), "{}", home.text());
        assert!(sc.get("/reviews").await.contains("Alice Archer"));
        // A participant reviews nothing.
        let mut pat = w.signed_in(PA).await;
        pat.get("/reviews")
            .await
            .assert_status(StatusCode::FORBIDDEN);

        // Decided: the to-do goes.
        ca.post(
            &format!("/applications/{}/decision", alice.id),
            &[("decision", "approve"), ("return", "view")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let home = ca.get("/dashboard").await;
        assert!(
            !home.contains("id=\"todo-applications\""),
            "{}",
            home.text()
        );
        assert!(home.contains("2 of 5"), "{}", home.text());
        assert!(!ca.get("/reviews").await.contains("Alice Archer"));
    })
    .await;
}

#[tokio::test]
async fn the_scheme_coordinators_to_dos_follow_runs_and_intakes() {
    on_backends(|w: World| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let mut sc = w.signed_in(SC).await;
        let home = sc.get("/dashboard").await;
        home.assert_status(StatusCode::OK);
        let text = home.text();
        assert!(text.contains("Scheme dashboard"), "{text}");
        // The intake closes in 10 days: within the fortnight.
        assert!(text.contains("id=\"intakes-closing\""), "{text}");
        assert!(text.contains(&format!("href=\"/intakes/{}/applications\"", m.intake.id)));
        assert!(!text.contains("id=\"draft-runs\""));
        assert!(
            !text.contains("notices/dead"),
            "not the coordinator's to retry"
        );

        // A run in draft waits for review; published, it goes.
        let coordinator = w.actor(w.scheme_coordinator).await;
        let run = tandem_app::matching::run(&w.ctx, &coordinator, m.intake.id)
            .await
            .unwrap();
        let home = sc.get("/dashboard").await;
        assert!(home.contains("id=\"draft-runs\""), "{}", home.text());
        assert!(home.contains(&format!("href=\"/match-runs/{}\"", run.id)));
        tandem_app::matching::publish(&w.ctx, &coordinator, run.id)
            .await
            .unwrap();
        let home = sc.get("/dashboard").await;
        assert!(!home.contains("id=\"draft-runs\""), "{}", home.text());
        assert!(
            home.contains("1 match running in the scheme."),
            "{}",
            home.text()
        );

        // Past the closing date, the intake is no longer a to-do.
        w.clock.advance(Duration::days(11));
        let mut sc = w.signed_in(SC).await;
        let home = sc.get("/dashboard").await;
        assert!(!home.contains("id=\"intakes-closing\""), "{}", home.text());
    })
    .await;
}
