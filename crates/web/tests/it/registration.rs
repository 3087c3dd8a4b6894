//! HTTP tests of self-registration (the public form, the e-mailed confirmation link, the
//! coordinators' list of people waiting to be confirmed) and of nominations (the "Nominate
//! staff" page, the nominee's page), with their API equivalents, on both backends.

use crate::harness::{CA, CB, PASSWORD, World, api_call as call, api_token, on_backends};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tandem_domain::{IntakeId, Mode, ProgrammeKind, ProgrammeRules};
use tower::ServiceExt;

const NEW: &str = "nina.new@alpha.example.org";

async fn allow_registration(w: &World, on: bool) {
    let mut s = w.ctx.store.scheme_settings(w.scheme).await.unwrap();
    s.self_registration = on;
    w.ctx
        .store
        .update_scheme_settings(w.scheme, &s)
        .await
        .unwrap();
}

async fn open_intake(w: &World) -> IntakeId {
    let rules = ProgrammeRules {
        modes: vec![Mode::Video],
        ..ProgrammeRules::default()
    };
    let (_, intake) = w
        .programme_with_intake(
            ("Leading together".into(), ProgrammeKind::Mentoring, rules),
            "Spring",
            [-1, 10, 20],
            [5, 5],
        )
        .await;
    intake.id
}

fn form<'a>(org: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("given_name", "Nina"),
        ("family_name", "New"),
        ("email", email),
        ("email_kind", "personal"),
        ("language", "en-GB"),
        ("organisation_id", org),
        ("job_title", "Staff nurse"),
        ("profession", "Nursing"),
        ("grade_system", "afc"),
        ("grade", "5"),
    ]
}

/// The token of the last confirmation link e-mailed to `to`.
async fn confirmation_token(w: &World, to: &str) -> String {
    w.deliver().await;
    let mail = w.mailer.last_to(to).expect("a confirmation e-mail");
    let prefix = "https://tandem.test/confirm-email?token=";
    let at = mail.text.find(prefix).expect("the link");
    mail.text[at + prefix.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// An API call without a token (the public endpoints).
async fn anonymous(w: &World, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(&body).unwrap()))
        .unwrap();
    let res = w.app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Accepts the invitation e-mailed to `to` (choosing the seeded password), as the person would
/// by its link.
async fn accept_invitation(w: &World, to: &str) {
    w.deliver().await;
    let mail = w
        .mailer
        .sent()
        .into_iter()
        .rev()
        .find(|m| m.to == to && m.kind.as_deref() == Some("account.invitation"))
        .expect("an invitation");
    let prefix = "https://tandem.test/accept-invitation?token=";
    let at = mail.text.find(prefix).expect("the link");
    let token = mail.text[at + prefix.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    tandem_app::accounts::accept_invitation(&w.ctx, &token, PASSWORD, PASSWORD)
        .await
        .expect("accepted");
}

async fn outbox_total(w: &World) -> u64 {
    let c = w.ctx.store.outbox_counts().await.unwrap();
    c.queued + c.sent + c.dead + c.dropped + c.digest
}

#[tokio::test]
async fn registration_closed_says_so_and_the_api_refuses() {
    on_backends(|w| async move {
        allow_registration(&w, false).await;
        let mut b = w.browser();
        let page = b.get("/register").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Registration is closed"));
        assert!(!page.contains("name=\"email\""), "no form when closed");
        let org = w.org_a.to_string();
        let page = b.post("/register", &form(&org, NEW)).await;
        assert!(page.contains("Registration is closed"));
        let body = json!({
            "given_name": "Nina", "family_name": "New", "email": NEW, "email_kind": "work",
            "organisation_id": w.org_a, "job_title": "Nurse", "profession": "Nursing",
            "grade_system": "afc", "grade": "5"
        });
        let (status, answer) = anonymous(&w, Method::POST, "/api/v1/registrations", body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        assert_eq!(answer["error"]["code"], "refused");
        assert_eq!(
            answer["error"]["message"],
            "This scheme does not take registrations."
        );
        assert_eq!(outbox_total(&w).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_person_registers_confirms_is_confirmed_by_their_coordinator_and_may_be_approved() {
    on_backends(|w| async move {
        allow_registration(&w, true).await;
        let org = w.org_a.to_string();
        let mut b = w.browser();
        b.get("/register").await.assert_status(StatusCode::OK);

        // Mistakes are shown inline, with what was typed kept.
        let mut bad = form(&org, NEW);
        bad.retain(|(k, _)| *k != "email_kind");
        bad.push(("grade", ""));
        bad.retain(|(k, v)| !(*k == "grade" && *v == "5"));
        let page = b.post("/register", &bad).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("Choose whether this is a work or a personal address"));
        assert!(page.contains("value=\"Staff nurse\""), "kept as typed");
        assert_eq!(outbox_total(&w).await, 0);

        let page = b.post("/register", &form(&org, NEW)).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Check your email"));
        // The same address again: the same page, and nothing more written or sent.
        let again = b.post("/register", &form(&org, NEW)).await;
        again.assert_status(StatusCode::OK);
        assert!(again.contains("Check your email"));
        assert_eq!(outbox_total(&w).await, 1);

        // A forged link: a clear page. The real one: a password form, then sign-in.
        let page = b.get("/confirm-email?token=forged").await;
        assert!(page.contains("has expired, has been used already or is not valid"));
        let token = confirmation_token(&w, NEW).await;
        let page = b.get(&format!("/confirm-email?token={token}")).await;
        assert!(page.contains("name=\"password\""));
        let done = b
            .post(
                "/confirm-email",
                &[
                    ("token", token.as_str()),
                    ("password", "a long password"),
                    ("confirm", "a long password"),
                ],
            )
            .await;
        done.assert_status(StatusCode::SEE_OTHER);
        assert!(done.location().starts_with("/sign-in"));
        // Used once: the link is now refused with the same clear page, nothing changed.
        let reused = b
            .post(
                "/confirm-email",
                &[
                    ("token", token.as_str()),
                    ("password", "another password"),
                    ("confirm", "another password"),
                ],
            )
            .await;
        reused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reused.contains("has expired, has been used already or is not valid"));
        let mut nina = w.browser();
        nina.sign_in(NEW, "a long password")
            .await
            .assert_status(StatusCode::SEE_OTHER);

        // Beta's coordinator does not see her; Alpha's does, and confirms.
        let mut cb = w.signed_in(CB).await;
        assert!(!cb.get("/registrations").await.contains("Nina New"));
        let person = w
            .ctx
            .store
            .find_person_by_email(w.scheme, NEW)
            .await
            .unwrap()
            .unwrap()
            .person
            .id;
        let refused = cb
            .post(&format!("/registrations/{person}/confirm"), &[])
            .await;
        refused.assert_status(StatusCode::NOT_FOUND);
        let mut ca = w.signed_in(CA).await;
        let list = ca.get("/registrations").await;
        list.assert_status(StatusCode::OK);
        assert!(list.contains("Nina New"));
        assert!(list.contains("Personal address"));
        let done = ca
            .post(&format!("/registrations/{person}/confirm"), &[])
            .await;
        done.assert_status(StatusCode::SEE_OTHER);
        assert!(ca.get("/registrations").await.contains("Nobody is waiting"));
    })
    .await;
}

#[tokio::test]
async fn nominate_staff_on_the_page_and_the_nominee_declines_on_theirs() {
    on_backends(|w| async move {
        let intake = open_intake(&w).await;
        let mut ca = w.signed_in(CA).await;
        let page = ca.get(&format!("/intakes/{intake}/nominate")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Alice Archer"));
        assert!(!page.contains("Bea Brook"), "another organisation's staff");
        let searched = ca.get(&format!("/intakes/{intake}/nominate?q=alan")).await;
        assert!(searched.contains("Alan Ashby"));
        assert!(!searched.contains("Alice Archer"));

        // No one chosen: the error inline, the role kept.
        let page = ca
            .post(
                &format!("/intakes/{intake}/nominate"),
                &[("role", "mentee")],
            )
            .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("Choose at least one person to nominate"));

        let (alice, alan) = (w.staff_a[0].to_string(), w.staff_a[1].to_string());
        let page = ca
            .post(
                &format!("/intakes/{intake}/nominate"),
                &[("role", "mentee"), ("people", &alice), ("people", &alan)],
            )
            .await;
        page.assert_status(StatusCode::OK);
        assert!(
            page.contains("2 people nominated; 2 of them had no account yet"),
            "{}",
            page.text()
        );
        let page = ca.get(&format!("/intakes/{intake}/nominate")).await;
        assert!(page.contains("Nominated"));

        // Another organisation's coordinator cannot nominate Alpha's staff.
        let mut cb = w.signed_in(CB).await;
        let refused = cb
            .post(
                &format!("/intakes/{intake}/nominate"),
                &[("role", "mentee"), ("people", &w.staff_a[2].to_string())],
            )
            .await;
        refused.assert_status(StatusCode::NOT_FOUND);

        // Alice signs in (her invitation gives her an account) and declines on her page.
        let email = "alice@alpha.example.org";
        accept_invitation(&w, email).await;
        let mut alice_b = w.signed_in(email).await;
        let mine = alice_b.get("/nominations/mine").await;
        mine.assert_status(StatusCode::OK);
        assert!(mine.contains("You were nominated into Leading together, Spring"));
        assert!(mine.contains("Ada Alpha"));
        let apps = alice_b.get("/applications").await;
        assert!(apps.contains("Complete or decline"));
        let id = w.ctx.store.open_nominations_of(w.staff_a[0]).await.unwrap()[0].application_id;
        let done = alice_b
            .post(&format!("/nominations/{id}/decline"), &[])
            .await;
        done.assert_status(StatusCode::SEE_OTHER);
        assert!(
            alice_b
                .get("/nominations/mine")
                .await
                .contains("no nominations waiting")
        );
        assert!(
            ca.get(&format!("/intakes/{intake}/nominate"))
                .await
                .contains("Nomination declined")
        );
    })
    .await;
}

#[tokio::test]
async fn the_api_registers_confirms_nominates_and_declines() {
    on_backends(|w| async move {
        allow_registration(&w, true).await;
        let body = json!({
            "given_name": "Nina", "family_name": "New", "email": NEW, "email_kind": "personal",
            "organisation_id": w.org_a, "job_title": "Nurse", "profession": "Nursing",
            "grade_system": "afc", "grade": "5"
        });
        let (status, _) = anonymous(&w, Method::POST, "/api/v1/registrations", body.clone()).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let (status, _) = anonymous(&w, Method::POST, "/api/v1/registrations", body).await;
        assert_eq!(
            status,
            StatusCode::ACCEPTED,
            "the same answer for an address in use"
        );
        let token = confirmation_token(&w, NEW).await;
        let (status, answer) = anonymous(
            &w,
            Method::POST,
            "/api/v1/registrations/confirm-email",
            json!({"token": "forged", "password": "a long password", "confirm": "a long password"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        let (status, _) = anonymous(
            &w,
            Method::POST,
            "/api/v1/registrations/confirm-email",
            json!({"token": token, "password": "a long password", "confirm": "a long password"}),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        let ca = api_token(&w, CA).await;
        let (status, list) = call(&w, Method::GET, "/api/v1/registrations", &ca, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["email_kind"], "personal");
        let person = list[0]["person_id"].as_str().unwrap().to_string();
        let cb = api_token(&w, CB).await;
        let path = format!("/api/v1/registrations/{person}/confirm");
        let (status, _) = call(&w, Method::POST, &path, &cb, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = call(&w, Method::POST, &path, &ca, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(&w, Method::POST, &path, &ca, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "decided already");

        // Nominations.
        let intake = open_intake(&w).await;
        let path = format!("/api/v1/intakes/{intake}/nominations");
        let (status, done) = call(
            &w,
            Method::POST,
            &path,
            &ca,
            Some(json!({"role": "mentor", "people": [w.staff_a[0], w.staff_a[1]]})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert_eq!(done["nominated"].as_array().unwrap().len(), 2);
        assert_eq!(done["invited"], 2);
        let (status, _) = call(
            &w,
            Method::POST,
            &path,
            &cb,
            Some(json!({"role": "mentor", "people": [w.staff_a[2]]})),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, rows) = call(&w, Method::GET, &path, &ca, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(rows.as_array().unwrap().len(), 2);
        assert_eq!(rows[0]["status"], "nominated");

        let email = "alan@alpha.example.org";
        accept_invitation(&w, email).await;
        let alan = api_token(&w, email).await;
        let (status, mine) = call(&w, Method::GET, "/api/v1/nominations/mine", &alan, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(mine.as_array().unwrap().len(), 1);
        assert_eq!(mine[0]["nominated_by"], "Ada Alpha");
        let id = mine[0]["application_id"].as_str().unwrap().to_string();
        let decline = format!("/api/v1/nominations/{id}/decline");
        let (status, _) = call(&w, Method::POST, &decline, &ca, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "only the nominee declines");
        let (status, _) = call(&w, Method::POST, &decline, &alan, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, rows) = call(&w, Method::GET, &path, &ca, None).await;
        assert!(
            rows.as_array()
                .unwrap()
                .iter()
                .any(|r| r["status"] == "nomination_declined")
        );
    })
    .await;
}
