//! The administrator's list of undelivered notices, "Try again", and the "could not deliver"
//! warning a coordinator sees on a person's page.

use crate::harness::{CA, PA, SC, World, on_backends};
use axum::http::StatusCode;
use serde_json::json;
use tandem_app::notify::{Notice, NoticeKind};
use tandem_domain::{ApplicationRole, ProgrammeKind, ProgrammeRules, Role, RoleAssignment, Scope};
use tandem_test_support::fixtures;

const AD: &str = "admin@alpha.example.org";
const ERROR: &str = "550 5.1.1 mailbox unavailable";

/// The world has no administrator: these tests add Ada, of organisation A, as the scheme's.
async fn add_administrator(w: &World) {
    w.add_role_holder(
        w.org_a,
        "Ada",
        "Admin",
        AD,
        RoleAssignment {
            role: Role::Administrator,
            scope: Scope::Scheme(w.scheme),
        },
    )
    .await;
}

/// Pat's application receipt, queued and then given up on by the worker: its id.
async fn dead_notice_to_pat(w: &World) -> String {
    let (_, intake) = w
        .programme_with_intake(
            (
                "Leading together".into(),
                ProgrammeKind::Mentoring,
                ProgrammeRules::default(),
            ),
            "Spring",
            [-1, 10, 20],
            [5, 5],
        )
        .await;
    let a = w
        .approved_application(
            intake.id,
            w.participant,
            w.org_a,
            ApplicationRole::Mentee,
            fixtures::matchable_profile(),
        )
        .await;
    let notice = Notice::to_person(
        &w.ctx,
        NoticeKind::ApplicationReceived,
        w.participant,
        &a.id.to_string(),
        json!({ "application": a.id }),
    )
    .unwrap();
    let key = notice.dedup_key.clone();
    assert_eq!(
        tandem_app::notify::queue(&w.ctx, vec![notice])
            .await
            .unwrap(),
        1
    );
    let row = w
        .ctx
        .store
        .notices_with_key_prefix(&key)
        .await
        .unwrap()
        .pop()
        .expect("queued");
    w.ctx
        .store
        .finish_notice(&row.id, "dead", Some(ERROR), w.ctx.now())
        .await
        .unwrap();
    row.id
}

async fn state_of(w: &World, id: &str) -> String {
    w.ctx
        .store
        .notice(id)
        .await
        .unwrap()
        .expect("a notice")
        .state
}

#[tokio::test]
async fn only_the_administrator_sees_the_undelivered_notices() {
    on_backends(|w| async move {
        add_administrator(&w).await;
        let mut admin = w.signed_in(AD).await;
        let empty = admin.get("/notices/dead").await;
        empty.assert_status(StatusCode::OK);
        assert!(empty.contains("id=\"dead-letters-none\""));
        // Reached from the scheme settings (the menu is full enough already).
        let settings = admin.get("/settings").await;
        assert!(
            settings.contains("href=\"/notices/dead\""),
            "on the settings page"
        );

        let id = dead_notice_to_pat(&w).await;
        let page = admin.get("/notices/dead").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Application received"), "{}", page.text());
        assert!(page.contains("application.received"));
        assert!(page.contains(ERROR));
        assert!(page.contains(&format!("href=\"/people/{}\"", w.participant)));
        assert!(page.contains(&format!("action=\"/notices/dead/{id}/retry\"")));
        assert!(page.contains("name=\"csrf_token\""));

        // In Dutch too.
        let nl = admin.get("/notices/dead?lang=nl-NL").await;
        assert!(nl.contains("E-mails die niet bezorgd konden worden"));
        assert!(nl.contains("Opnieuw proberen"));

        // A dead notice of another scheme is neither listed nor retried here.
        let other = w
            .another_scheme("Elsewhere", "oscar@elsewhere.example.org")
            .await;
        let notice = Notice::to_person(
            &w.ctx,
            NoticeKind::AgreementSigned,
            other.coordinator,
            "elsewhere",
            json!({ "relationship": uuid::Uuid::now_v7() }),
        )
        .unwrap();
        let key = notice.dedup_key.clone();
        tandem_app::notify::queue(&w.ctx, vec![notice])
            .await
            .unwrap();
        let theirs = w.ctx.store.notices_with_key_prefix(&key).await.unwrap()[0]
            .id
            .clone();
        w.ctx
            .store
            .finish_notice(&theirs, "dead", Some("421 elsewhere is down"), w.ctx.now())
            .await
            .unwrap();
        let page = admin.get("/notices/dead").await;
        assert!(page.contains(ERROR));
        assert!(!page.contains("421 elsewhere is down"));
        assert!(!page.contains(&theirs));
        admin
            .post(&format!("/notices/dead/{theirs}/retry"), &[])
            .await
            .assert_status(StatusCode::NOT_FOUND);
        assert_eq!(state_of(&w, &theirs).await, "dead");

        for who in [SC, CA, PA] {
            let mut b = w.signed_in(who).await;
            b.get("/notices/dead")
                .await
                .assert_status(StatusCode::FORBIDDEN);
            let page = b.get("/dashboard").await;
            page.assert_status(StatusCode::OK);
            assert!(!page.contains("notices/dead"), "{who}'s dashboard");
            if who == SC {
                let settings = b.get("/settings").await;
                settings.assert_status(StatusCode::OK);
                assert!(
                    !settings.contains("notices/dead"),
                    "the coordinator's settings"
                );
            }
            b.post(&format!("/notices/dead/{id}/retry"), &[])
                .await
                .assert_status(StatusCode::FORBIDDEN);
            assert_eq!(state_of(&w, &id).await, "dead", "{who} changed nothing");
        }
    })
    .await;
}

#[tokio::test]
async fn try_again_queues_a_dead_notice_once_and_it_is_delivered() {
    on_backends(|w| async move {
        add_administrator(&w).await;
        let id = dead_notice_to_pat(&w).await;
        // Pat's coordinator sees on Pat's page that Pat cannot be reached.
        let mut ca = w.signed_in(CA).await;
        let person = format!("/people/{}", w.participant);
        let page = ca.get(&person).await;
        page.assert_status(StatusCode::OK);
        assert!(
            page.contains("We could not deliver email to this person"),
            "{}",
            page.text()
        );

        let mut admin = w.signed_in(AD).await;
        let res = admin.post(&format!("/notices/dead/{id}/retry"), &[]).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            res.location(),
            "/notices/dead?notice=notice.notice_queued_again"
        );
        let row = w.ctx.store.notice(&id).await.unwrap().unwrap();
        assert_eq!(row.state, "queued");
        assert_eq!(row.attempts, 0, "a fresh round of attempts");
        assert!(row.due_at <= w.ctx.now());
        let audit = w.ctx.store.list_audit(20).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.action == "dead_letter.retry" && e.subject == id),
            "audited"
        );
        // A second press finds it queued already: nothing changes.
        let again = admin.post(&format!("/notices/dead/{id}/retry"), &[]).await;
        assert_eq!(
            again.location(),
            "/notices/dead?notice=notice.notice_not_dead"
        );
        // An unknown id is not found.
        admin
            .post("/notices/dead/no-such-notice/retry", &[])
            .await
            .assert_status(StatusCode::NOT_FOUND);

        let done = tandem_app::notify::worker::deliver_due(&w.ctx, 1000)
            .await
            .unwrap();
        assert_eq!(done.sent, 1);
        let mail = w.mailer.last_to(PA).expect("delivered at last");
        assert_eq!(
            mail.subject,
            "We have received your application to Leading together"
        );
        assert_eq!(state_of(&w, &id).await, "sent");
        // Delivered now: the warning is gone.
        let page = ca.get(&person).await;
        assert!(!page.contains("We could not deliver email to this person"));
        let list = admin.get("/notices/dead").await;
        assert!(list.contains("id=\"dead-letters-none\""));
    })
    .await;
}
