//! Roles on pages and in the API (`/people/{id}/roles`, `/roles`, `/api/v1/people/{id}/roles`),
//! invitations that land on a home with next steps, and an invitation's page in the invitee's
//! language.

use crate::harness::{CA, CB, PA, SC, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use serde_json::json;
use tandem_domain::{Language, Role, RoleAssignment, Scope};

async fn held(w: &crate::harness::World, person: tandem_domain::PersonId) -> Vec<RoleAssignment> {
    w.ctx.store.roles_in_scheme(person, w.scheme).await.unwrap()
}

#[tokio::test]
async fn the_roles_page_grants_and_revokes_what_the_viewer_may() {
    on_backends(|w| async move {
        let alice = w.staff_a[0];
        let mut sc = w.signed_in(SC).await;
        // The person page links to the roles page.
        assert!(
            sc.get(&format!("/people/{alice}"))
                .await
                .contains(&format!("/people/{alice}/roles"))
        );
        let page = sc.get(&format!("/people/{alice}/roles")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("No roles."));
        let value = format!("organisation_coordinator:organisation:{}", w.org_a);
        assert!(page.contains(&value), "the grant form offers it");
        assert!(page.contains("Administrator (whole scheme)"));

        let res = sc
            .post(&format!("/people/{alice}/roles"), &[("assignment", &value)])
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let oc_a = RoleAssignment {
            role: Role::OrganisationCoordinator,
            scope: Scope::Organisation(w.org_a),
        };
        assert_eq!(held(&w, alice).await, vec![oc_a]);
        let page = sc.get(&format!("/people/{alice}/roles")).await;
        assert!(page.contains("Organisation coordinator (Alpha Trust)"));
        assert!(page.contains("/roles/revoke"));

        // Nothing chosen: the form says so inline.
        let res = sc
            .post(&format!("/people/{alice}/roles"), &[("assignment", "")])
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Select a role to grant"));
        assert!(res.contains("href=\"#assignment\""));

        // The scheme-wide list shows the holder.
        let list = sc.get("/roles").await;
        list.assert_status(StatusCode::OK);
        assert!(list.contains("Alice Archer"));

        sc.post(
            &format!("/people/{alice}/roles/revoke"),
            &[("assignment", &value)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        assert!(held(&w, alice).await.is_empty());

        // The last scheme coordinator cannot step down; the page says why.
        let me = w.scheme_coordinator;
        let res = sc
            .post(
                &format!("/people/{me}/roles/revoke"),
                &[(
                    "assignment",
                    &format!("scheme_coordinator:scheme:{}", w.scheme),
                )],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("last scheme coordinator"));
        assert_eq!(held(&w, me).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_organisation_coordinator_is_offered_only_their_own_roles_and_refused_beyond() {
    on_backends(|w| async move {
        let alice = w.staff_a[0];
        let bea = w.staff_b[0];
        let mut ca = w.signed_in(CA).await;
        let page = ca.get(&format!("/people/{alice}/roles")).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains(&format!(
            "organisation_coordinator:organisation:{}",
            w.org_a
        )));
        assert!(!page.contains(&format!("organisation:{}", w.org_b)));
        assert!(!page.contains("administrator:scheme"));
        // A forged choice beyond their scope is refused and changes nothing.
        let res = ca
            .post(
                &format!("/people/{alice}/roles"),
                &[("assignment", &format!("administrator:scheme:{}", w.scheme))],
            )
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
        assert!(held(&w, alice).await.is_empty());
        // Another organisation's staff are not found.
        ca.get(&format!("/people/{bea}/roles"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        // The scheme-wide list is not theirs.
        ca.get("/roles").await.assert_status(StatusCode::FORBIDDEN);
        let mut cb = w.signed_in(CB).await;
        cb.get(&format!("/people/{alice}/roles"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn the_api_lists_grants_and_revokes_roles() {
    on_backends(|w| async move {
        let alice = w.staff_a[0];
        let token = api_token(&w, SC).await;
        let path = format!("/api/v1/people/{alice}/roles");
        let (status, body) = api_call(&w, Method::GET, &path, &token, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["roles"], json!([]));
        assert!(body["grantable"].as_array().unwrap().len() > 3);

        let grant = json!({ "role": "organisation_coordinator", "organisation_id": w.org_a });
        let (status, body) = api_call(&w, Method::POST, &path, &token, Some(grant.clone())).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["roles"][0]["role"], "organisation_coordinator");
        assert_eq!(body["roles"][0]["scope_name"], "Alpha Trust");
        assert_eq!(body["roles"][0]["can_revoke"], true);

        let (status, body) = api_call(&w, Method::DELETE, &path, &token, Some(grant)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["roles"], json!([]));

        // A malformed role and scope is a field error; an organisation of nowhere is not found.
        let bad = json!({ "role": "organisation_coordinator" });
        let (status, _) = api_call(&w, Method::POST, &path, &token, Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let nowhere =
            json!({ "role": "organisation_coordinator", "organisation_id": uuid::Uuid::now_v7() });
        let (status, _) = api_call(&w, Method::POST, &path, &token, Some(nowhere)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The last scheme coordinator stays: 409 with the reason.
        let me = w.scheme_coordinator;
        let (status, body) = api_call(
            &w,
            Method::DELETE,
            &format!("/api/v1/people/{me}/roles"),
            &token,
            Some(json!({ "role": "scheme_coordinator" })),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("last scheme coordinator")
        );

        // A participant may read their own roles, and grant nothing.
        let pa = api_token(&w, PA).await;
        let (status, body) = api_call(
            &w,
            Method::GET,
            &format!("/api/v1/people/{}/roles", w.participant),
            &pa,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["grantable"], json!([]));
        let (status, _) = api_call(
            &w,
            Method::POST,
            &path,
            &pa,
            Some(json!({ "role": "participant" })),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

async fn link_in_mail(w: &crate::harness::World, to: &str) -> String {
    w.deliver().await;
    let mail = w.mailer.last_to(to).expect("an e-mail");
    let at = mail.text.find("https://tandem.test/").expect("a link");
    let rest = &mail.text[at + "https://tandem.test".len()..];
    rest.split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn an_invited_person_lands_on_their_home_with_an_open_intake() {
    on_backends(|w| async move {
        let rules = tandem_domain::ProgrammeRules {
            modes: vec![tandem_domain::Mode::Video],
            ..Default::default()
        };
        let (_, intake) = w
            .programme_with_intake(
                (
                    "Open mentoring".into(),
                    tandem_domain::ProgrammeKind::Mentoring,
                    rules,
                ),
                "This spring",
                [-3, 10, 30],
                [3, 3],
            )
            .await;
        let invitee = w.staff_a[0];
        let email = "alice@alpha.example.org";
        // Their own organisation's coordinator invites them.
        let mut ca = w.signed_in(CA).await;
        ca.post(&format!("/people/{invitee}/invite"), &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let link = link_in_mail(&w, email).await;
        let token = link.split("token=").nth(1).unwrap().to_string();
        let mut b = w.browser();
        b.get(&link).await.assert_status(StatusCode::OK);
        b.post(
            "/accept-invitation",
            &[
                ("token", &token),
                ("password", "my first password"),
                ("confirm", "my first password"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        b.sign_in(email, "my first password")
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let home = b.get("/dashboard").await;
        home.assert_status(StatusCode::OK);
        assert!(home.contains("<title>My Tandem"), "{}", home.text());
        assert!(home.contains("Intakes you can apply to"));
        assert!(home.contains(&format!("/intakes/{}/apply?role=mentee", intake.id)));
        assert!(!home.contains("do not have access"));
    })
    .await;
}

#[tokio::test]
async fn a_dutch_invitation_opens_a_dutch_page_unless_the_visitor_chose_otherwise() {
    on_backends(|w| async move {
        let invitee = w.staff_a[0];
        let mut record = w.ctx.store.get_person(invitee).await.unwrap();
        record.person.language = Language::NlNl;
        w.ctx
            .store
            .update_person(&record.person, &record.employments)
            .await
            .unwrap();
        let mut sc = w.signed_in(SC).await;
        sc.post(&format!("/people/{invitee}/invite"), &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        w.deliver().await;
        let mail = w.mailer.last_to("alice@alpha.example.org").unwrap();
        assert_eq!(mail.subject, "U bent uitgenodigd voor Tandem");
        let link = link_in_mail(&w, "alice@alpha.example.org").await;

        // A browser with no choice made, asking for English: the invitee's Dutch wins.
        let mut b = w.browser();
        b.headers.push(("accept-language".into(), "en-GB".into()));
        let page = b.get(&link).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("lang=\"nl-NL\""), "{}", page.text());
        // And it stays Dutch on the next page (the sign-in page after accepting).
        assert!(b.get("/sign-in").await.contains("lang=\"nl-NL\""));

        // A visitor who picks English explicitly gets English.
        let mut e = w.browser();
        let page = e.get(&format!("{link}&lang=en-GB")).await;
        assert!(page.contains("lang=\"en-GB\""));
        assert!(e.get(&link).await.contains("lang=\"en-GB\""));
    })
    .await;
}
