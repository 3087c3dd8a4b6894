//! HTTP tests of the peer network on both backends: the directory's filters as a plain GET form,
//! asking a listed peer for a conversation (refusals keep the form), accepting revealing both
//! addresses while declining reveals none, and leaving the directory closing open requests; the
//! same through the JSON API (every answer checked against the OpenAPI document by the harness);
//! the scheme coordinator's region form; and requests in the subject access export.

use crate::harness::{CA, PA, SC, World, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use tandem_domain::PersonId;

const BEA: &str = "bea.brookes@beta.example.org";
const AMY: &str = "amy.archer@alpha.example.org";
const OLGA: &str = "olga.outside@alpha.example.org";

/// Bea (Beta Council) and Amy (Alpha Trust) are listed; Olga (Alpha Trust) is not.
async fn setup(w: &World) -> (PersonId, PersonId) {
    let bea = w.add_participant(w.org_b, "Bea", "Brookes", BEA).await;
    let amy = w.add_participant(w.org_a, "Amy", "Archer", AMY).await;
    w.add_participant(w.org_a, "Olga", "Outside", OLGA).await;
    for (email, interests) in [(BEA, "Assessing social workers"), (AMY, "Ward handovers")] {
        let mut b = w.signed_in(email).await;
        b.get("/directory/listing").await;
        b.post(
            "/directory/listing",
            &[("action", "opt_in"), ("interests", interests)],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    }
    (bea, amy)
}

#[tokio::test]
async fn the_directory_filters_combine_without_javascript() {
    on_backends(|w| async move {
        let (bea, amy) = setup(&w).await;
        let mut olga = w.signed_in(OLGA).await;
        let page = olga.get("/directory").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Bea Brookes") && page.contains("Amy Archer"));
        assert!(!page.contains("Olga Outside<br>"), "not listed");
        assert!(page.contains("2 people listed"));
        // A GET form: every filter is a query parameter.
        assert!(page.contains(r#"<form action="/directory" method="get""#));
        for name in [
            "profession",
            "organisation_kind",
            "dimension",
            "language",
            "region",
        ] {
            assert!(page.contains(&format!(r#"name="{name}""#)), "{name}");
        }
        let page = olga
            .get("/directory?organisation_kind=local_authority")
            .await;
        assert!(page.contains("Bea Brookes") && !page.contains("Amy Archer"));
        assert!(page.contains("1 person listed"));
        let page = olga
            .get("/directory?organisation_kind=nhs_trust&language=en-GB&profession=Nursing")
            .await;
        assert!(!page.contains("Bea Brookes") && page.contains("Amy Archer"));
        // Professions read in the reader's language, in the rows and in the filter's options
        // (the value sent stays the stored one).
        let dutch = olga.get("/directory?lang=nl-NL").await.text();
        assert!(dutch.contains(">Verpleegkunde<"), "{dutch}");
        assert!(dutch.contains(r#"<option value="Nursing""#));
        assert!(!dutch.contains(">Nursing<") && !dutch.contains(">nursing<"));
        olga.get("/directory?lang=en-GB").await;
        let page = olga.get("/directory?language=nl-NL").await;
        assert!(!page.contains("Bea Brookes") && !page.contains("Amy Archer"));
        // Unknown codes are ignored, an edited cursor starts again from the beginning.
        let page = olga
            .get("/directory?organisation_kind=castle&cursor=zzz")
            .await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Bea Brookes") && page.contains("Amy Archer"));
        assert!(page.contains("id=\"cursor-unknown\""));
        // Each listed person may be asked; one's own row says so instead.
        assert!(page.contains(&format!("/peers/{bea}/ask")));
        let mut amy_b = w.signed_in(AMY).await;
        let own = amy_b.get("/directory").await;
        assert!(!own.contains(&format!("/peers/{amy}/ask")));
        assert!(own.contains("This is you"));
        // Dutch.
        assert!(
            olga.get("/directory?lang=nl-NL")
                .await
                .contains("Collegagids")
        );
    })
    .await;
}

#[tokio::test]
async fn accepting_reveals_both_addresses_and_declining_reveals_none() {
    on_backends(|w| async move {
        let (bea, amy) = setup(&w).await;
        let mut pat = w.signed_in(PA).await;

        // A refusal keeps what was typed.
        pat.get(&format!("/peers/{bea}/ask"))
            .await
            .assert_status(StatusCode::OK);
        let long = "x".repeat(601);
        let page = pat
            .post(&format!("/peers/{bea}/ask"), &[("message", &long)])
            .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains(&long));
        pat.get(&format!("/peers/{bea}/ask")).await;
        pat.post(
            &format!("/peers/{bea}/ask"),
            &[("message", "Could we compare notes?")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        // A second to the same person is refused on the form, with the message kept.
        pat.get(&format!("/peers/{bea}/ask")).await;
        let again = pat
            .post(&format!("/peers/{bea}/ask"), &[("message", "Hello again")])
            .await;
        again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.contains("already a conversation request"));
        assert!(again.contains("Hello again"));
        pat.get(&format!("/peers/{amy}/ask")).await;
        pat.post(
            &format!("/peers/{amy}/ask"),
            &[("message", "A short call?")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);

        // Not listed: no such page.
        let olga_id = w
            .ctx
            .store
            .account_by_email(OLGA)
            .await
            .unwrap()
            .unwrap()
            .person_id;
        pat.get(&format!("/peers/{olga_id}/ask"))
            .await
            .assert_status(StatusCode::NOT_FOUND);

        // Bea sees the request on her home and her requests page, without Pat's address.
        let pat_email = w
            .ctx
            .store
            .get_person(w.participant)
            .await
            .unwrap()
            .person
            .email;
        let mut bea_b = w.signed_in(BEA).await;
        assert!(bea_b.get("/dashboard").await.contains("todo-peer-requests"));
        let page = bea_b.get("/peers/requests").await;
        assert!(page.contains("Could we compare notes?"));
        assert!(!page.contains(&pat_email));
        let rid = {
            let text = page.text();
            let at = text.find("/peers/requests/").unwrap() + "/peers/requests/".len();
            text[at..at + 36].to_string()
        };
        bea_b
            .post(
                &format!("/peers/requests/{rid}/answer"),
                &[("answer", "accept")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let page = bea_b.get("/peers/requests").await;
        assert!(page.contains(&pat_email), "Bea sees Pat's address");
        let page = pat.get("/peers/requests").await;
        assert!(page.contains(BEA), "Pat sees Bea's address");
        assert!(page.contains("Accepted"));

        // Amy declines: nobody's address shows.
        let mut amy_b = w.signed_in(AMY).await;
        let page = amy_b.get("/peers/requests").await;
        let text = page.text();
        let at = text.find("/peers/requests/").unwrap() + "/peers/requests/".len();
        let rid = text[at..at + 36].to_string();
        amy_b
            .post(
                &format!("/peers/requests/{rid}/answer"),
                &[("answer", "decline")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let page = amy_b.get("/peers/requests").await;
        assert!(!page.contains(&pat_email));
        let page = pat.get("/peers/requests").await;
        assert!(!page.contains(AMY));
        assert!(page.contains("Declined"));
        // Nobody else answers: Pat cannot answer Amy's request for her.
        pat.get("/directory/listing").await;
        pat.post(
            &format!("/peers/requests/{rid}/answer"),
            &[("answer", "accept")],
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn leaving_the_directory_closes_open_requests() {
    on_backends(|w| async move {
        let (bea, _) = setup(&w).await;
        let mut pat = w.signed_in(PA).await;
        pat.get(&format!("/peers/{bea}/ask")).await;
        pat.post(
            &format!("/peers/{bea}/ask"),
            &[("message", "Could we talk?")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let mut bea_b = w.signed_in(BEA).await;
        bea_b.get("/directory/listing").await;
        bea_b
            .post("/directory/listing", &[("action", "opt_out")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert!(!pat.get("/directory").await.contains("Bea Brookes"));
        let page = pat.get("/peers/requests").await;
        assert!(page.contains("No longer available"));
        assert!(!page.contains(BEA));
        let page = bea_b.get("/peers/requests").await;
        assert!(!page.contains("id=\"accept-"), "nothing left to answer");
        assert!(!bea_b.get("/dashboard").await.contains("todo-peer-requests"));
    })
    .await;
}

/// Lists `email` in the directory through the API.
async fn list_by_api(w: &World, email: &str, interests: &str) {
    let token = api_token(w, email).await;
    let (status, body) = call(
        w,
        Method::PUT,
        "/api/v1/directory/listing",
        &token,
        Some(json!({ "interests": interests })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn family_names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["family_name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_api_searches_the_directory_with_the_pages_filters_and_cursor() {
    on_backends(|w| async move {
        setup(&w).await;
        for (given, family) in [("Cal", "Carter"), ("Dee", "Dixon"), ("Eve", "Evans")] {
            let email = format!("{}@alpha.example.org", given.to_lowercase());
            w.add_participant(w.org_a, given, family, &email).await;
            list_by_api(&w, &email, "Night shifts").await;
        }
        let token = api_token(&w, OLGA).await;
        let get = |path: String| {
            let (w, token) = (&w, &token);
            async move { call(w, Method::GET, &path, token, None).await }
        };

        // Three pages of two by cursor, both ways, with an exact total.
        let (status, first) = get("/api/v1/directory?limit=2".into()).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        assert_eq!(first["total"], 5);
        assert_eq!(first["total_exact"], true);
        assert!(first["previous"].is_null());
        let mut seen = family_names(&first);
        let (_, second) = get(format!(
            "/api/v1/directory?limit=2&cursor={}",
            first["next"].as_str().unwrap()
        ))
        .await;
        seen.extend(family_names(&second));
        let (_, third) = get(format!(
            "/api/v1/directory?limit=2&cursor={}",
            second["next"].as_str().unwrap()
        ))
        .await;
        seen.extend(family_names(&third));
        assert!(third["next"].is_null());
        assert_eq!(seen, ["Archer", "Brookes", "Carter", "Dixon", "Evans"]);
        let (_, back) = get(format!(
            "/api/v1/directory?limit=2&cursor={}",
            third["previous"].as_str().unwrap()
        ))
        .await;
        assert_eq!(family_names(&back), ["Carter", "Dixon"]);
        // Never an address.
        assert!(!first.to_string().contains('@'));

        // The page's filters, combined.
        let (_, b) = get("/api/v1/directory?organisation_kind=local_authority".into()).await;
        assert_eq!(family_names(&b), ["Brookes"]);
        assert_eq!(b["items"][0]["organisation_kind"], "local_authority");
        let (_, b) = get(
            "/api/v1/directory?organisation_kind=nhs_trust&language=en-GB&profession=Nursing&q=handovers"
                .into(),
        )
        .await;
        assert_eq!(family_names(&b), ["Archer"]);
        let (_, b) = get("/api/v1/directory?language=nl-NL".into()).await;
        assert_eq!(b["total"], 0);
        let (_, b) = get("/api/v1/directory?dimension=leading_with_care".into()).await;
        assert_eq!(b["total"], 0);
        let (_, b) = get("/api/v1/directory?region=North%20West".into()).await;
        assert_eq!(b["total"], 0);
        let sc = w.actor(w.scheme_coordinator).await;
        tandem_app::peers::set_region(&w.ctx, &sc, w.org_b, "North West")
            .await
            .unwrap();
        let (_, b) = get("/api/v1/directory?region=North%20West".into()).await;
        assert_eq!(family_names(&b), ["Brookes"]);
        assert_eq!(b["items"][0]["region"], "North West");

        // Bad input: an unknown cursor is 422 on `cursor`, an unknown code 400, a zero limit 422.
        let (status, b) = get("/api/v1/directory?cursor=zzz".into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(b["error"]["fields"][0]["field"], "cursor");
        let (status, _) = get("/api/v1/directory?organisation_kind=castle".into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, b) = get("/api/v1/directory?limit=0".into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(b["error"]["fields"][0]["field"], "limit");
    })
    .await;
}

#[tokio::test]
async fn the_api_asks_and_answers_and_its_refusals_write_nothing() {
    on_backends(|w| async move {
        let (bea, amy) = setup(&w).await;
        let pat = api_token(&w, PA).await;
        let bea_t = api_token(&w, BEA).await;
        let amy_t = api_token(&w, AMY).await;
        let olga = w
            .ctx
            .store
            .account_by_email(OLGA)
            .await
            .unwrap()
            .unwrap()
            .person_id;
        let pat_email = w
            .ctx
            .store
            .get_person(w.participant)
            .await
            .unwrap()
            .person
            .email;
        let ask = |token: &str, to: PersonId, message: &str| {
            let (w, token) = (&w, token.to_string());
            let body = json!({ "recipient": to, "message": message });
            async move { call(w, Method::POST, "/api/v1/peer-requests", &token, Some(body)).await }
        };
        let unchanged = |before: tandem_test_support::Fingerprint, what: &'static str| {
            let w = &w;
            async move {
                assert!(
                    w.database
                        .fingerprint()
                        .await
                        .changed_since(&before)
                        .is_empty(),
                    "{what} writes nothing: {:?}",
                    w.database.fingerprint().await.changed_since(&before)
                );
            }
        };

        // Refusals: not listed 404, oneself 403, a bad message 422; nothing written.
        let before = w.database.fingerprint().await;
        let (status, _) = ask(&pat, olga, "Hello?").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = ask(&amy_t, amy, "Hello me").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, b) = ask(&pat, bea, &"x".repeat(601)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(b["error"]["fields"][0]["field"], "message");
        unchanged(before, "a refused request").await;

        // Asked: open, no address either way.
        let (status, r) = ask(&pat, bea, "Could we compare notes?").await;
        assert_eq!(status, StatusCode::CREATED, "{r}");
        assert_eq!(r["status"], "open");
        assert_eq!(r["received"], false);
        assert_eq!(r["with"], "Bea Brookes");
        assert!(r["email"].is_null() && r["my_email"].is_null());
        let rid = r["id"].as_str().unwrap().to_string();
        let before = w.database.fingerprint().await;
        let (status, _) = ask(&pat, bea, "Hello again").await;
        assert_eq!(status, StatusCode::CONFLICT, "one open request per pair");
        let (status, _) = ask(&bea_t, w.participant, "Ask back").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "Pat is not listed");
        unchanged(before, "a second request").await;

        // Bea sees it without Pat's address; nobody else may answer or see it.
        let (_, list) = call(&w, Method::GET, "/api/v1/peer-requests", &bea_t, None).await;
        assert_eq!(list["received"][0]["message"], "Could we compare notes?");
        assert!(list["received"][0]["email"].is_null());
        assert!(!list.to_string().contains(&pat_email));
        let sc = api_token(&w, SC).await;
        let before = w.database.fingerprint().await;
        for (token, path) in [
            (&pat, format!("/api/v1/peer-requests/{rid}/accept")),
            (&amy_t, format!("/api/v1/peer-requests/{rid}/decline")),
        ] {
            let (status, _) = call(&w, Method::POST, &path, token, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let (status, _) = call(
            &w,
            Method::GET,
            &format!("/api/v1/peer-requests/{rid}"),
            &sc,
            None,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "coordinators never see requests"
        );
        unchanged(before, "answering someone else's request").await;

        // Accepting reveals both addresses; a second answer is refused.
        let accept = format!("/api/v1/peer-requests/{rid}/accept");
        let (status, r) = call(&w, Method::POST, &accept, &bea_t, None).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["status"], "accepted");
        assert_eq!(r["email"], pat_email.as_str());
        assert_eq!(r["my_email"], BEA);
        let (_, r) = call(
            &w,
            Method::GET,
            &format!("/api/v1/peer-requests/{rid}"),
            &pat,
            None,
        )
        .await;
        assert_eq!(r["email"], BEA);
        let before = w.database.fingerprint().await;
        let (status, _) = call(&w, Method::POST, &accept, &bea_t, None).await;
        assert_eq!(status, StatusCode::CONFLICT);
        unchanged(before, "answering a closed request").await;

        // The daily cap: five in 24 hours, the sixth refused with nothing written.
        let mut more = vec![amy];
        for (given, family) in [
            ("Cal", "Carter"),
            ("Dee", "Dixon"),
            ("Eve", "Evans"),
            ("Fay", "Fox"),
        ] {
            let email = format!("{}@alpha.example.org", given.to_lowercase());
            more.push(w.add_participant(w.org_a, given, family, &email).await);
            list_by_api(&w, &email, "Night shifts").await;
        }
        for to in &more[..4] {
            let (status, r) = ask(&pat, *to, "A short call?").await;
            assert_eq!(status, StatusCode::CREATED, "{r}");
        }
        let before = w.database.fingerprint().await;
        let (status, b) = ask(&pat, more[4], "A short call?").await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(b["error"]["message"].as_str().unwrap().contains('5'), "{b}");
        unchanged(before, "a request over the cap").await;
        let (_, list) = call(&w, Method::GET, "/api/v1/peer-requests", &pat, None).await;
        assert_eq!(list["left_today"], 0);
        assert_eq!(list["sent"].as_array().unwrap().len(), 5);

        // Amy declines: no address on either side.
        let amy_rid = list["sent"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["with"] == "Amy Archer")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, r) = call(
            &w,
            Method::POST,
            &format!("/api/v1/peer-requests/{amy_rid}/decline"),
            &amy_t,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["status"], "declined");
        assert!(r["email"].is_null() && r["my_email"].is_null());
        let (_, r) = call(
            &w,
            Method::GET,
            &format!("/api/v1/peer-requests/{amy_rid}"),
            &pat,
            None,
        )
        .await;
        assert!(r["email"].is_null());
        let (status, _) = call(
            &w,
            Method::GET,
            "/api/v1/peer-requests/not-an-id",
            &pat,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn the_scheme_coordinator_sets_a_region_on_a_plain_form() {
    on_backends(|w| async move {
        let path = format!("/organisations/{}/region", w.org_a);
        let mut sc = w.signed_in(SC).await;
        let list = sc.get("/organisations").await;
        assert!(
            list.contains(&format!("href=\"{path}\"")),
            "linked from the list"
        );
        let edit = sc.get(&format!("/organisations/{}/edit", w.org_a)).await;
        assert!(
            edit.contains(&format!("href=\"{path}\"")),
            "and from the edit form"
        );
        let page = sc.get(&path).await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("Region of Alpha"));
        assert!(page.contains(&format!(r#"<form action="{path}" method="post""#)));

        let mut pa = w.signed_in(PA).await;
        pa.get("/dashboard").await;
        let mut ca = w.signed_in(CA).await;
        ca.get("/dashboard").await;

        // Bad input keeps what was typed, shows the error summary, writes nothing.
        let before = w.database.fingerprint().await;
        let long = "x".repeat(81);
        let page = sc.post(&path, &[("region", &long)]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("nhsuk-error-summary") && page.contains("href=\"#region\""));
        assert!(page.contains(&long));
        assert!(page.contains("80 characters or fewer"), "{}", page.text());
        sc.get(&path).await;
        let page = sc.post(&path, &[("region", "North\u{202e}West")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("nhsuk-error-summary"));
        // Anyone else is refused.
        pa.get(&path).await.assert_status(StatusCode::FORBIDDEN);
        pa.post(&path, &[("region", "Anywhere")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        ca.post(&path, &[("region", "Anywhere")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        assert!(
            w.database
                .fingerprint()
                .await
                .changed_since(&before)
                .is_empty(),
            "refusals write nothing"
        );
        assert_eq!(w.ctx.store.organisation_region(w.org_a).await.unwrap(), "");

        // Saved, audited, shown back in the form and offered by the directory's filter.
        sc.get(&path).await;
        sc.post(&path, &[("region", "  North West ")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            w.ctx.store.organisation_region(w.org_a).await.unwrap(),
            "North West"
        );
        let audit = w.ctx.store.list_audit(20).await.unwrap();
        assert!(
            audit.iter().any(
                |e| e.action == "peers.organisation.region" && e.subject == w.org_a.to_string()
            )
        );
        assert!(sc.get(&path).await.contains("value=\"North West\""));
        assert!(sc.get("/directory").await.contains("North West"));
        // Dutch.
        assert!(
            sc.get(&format!("{path}?lang=nl-NL"))
                .await
                .contains("Regio van")
        );
    })
    .await;
}

#[tokio::test]
async fn requests_are_in_the_subject_access_export_with_addresses_only_once_accepted() {
    on_backends(|w| async move {
        let (bea, amy) = setup(&w).await;
        let pat = api_token(&w, PA).await;
        let pat_email = w
            .ctx
            .store
            .get_person(w.participant)
            .await
            .unwrap()
            .person
            .email;
        let mut ids = Vec::new();
        for (to, message) in [(bea, "Could we compare notes?"), (amy, "A short call?")] {
            let (status, r) = call(
                &w,
                Method::POST,
                "/api/v1/peer-requests",
                &pat,
                Some(json!({ "recipient": to, "message": message })),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED);
            ids.push(r["id"].as_str().unwrap().to_string());
        }
        let bea_t = api_token(&w, BEA).await;
        call(
            &w,
            Method::POST,
            &format!("/api/v1/peer-requests/{}/accept", ids[0]),
            &bea_t,
            None,
        )
        .await;

        let section = |data: &Value, name: &str| -> Vec<Value> {
            data["sections"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == name)
                .unwrap_or_else(|| panic!("section {name}"))["rows"]
                .as_array()
                .unwrap()
                .clone()
        };
        let mut pat_b = w.signed_in(PA).await;
        let file = pat_b.get("/account/data.json").await;
        file.assert_status(StatusCode::OK);
        let data: Value = serde_json::from_slice(&file.body).unwrap();
        let sent = section(&data, "peer_requests_sent");
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0]["recipient_family_name"], "Brookes");
        assert_eq!(sent[0]["message"], "Could we compare notes?");
        assert_eq!(sent[0]["status"], "accepted");
        assert_eq!(sent[0]["recipient_email"], BEA);
        assert!(sent[0]["answered_at"].is_string() && sent[0]["created_at"].is_string());
        assert_eq!(sent[1]["recipient_given_name"], "Amy");
        assert_eq!(sent[1]["status"], "open");
        assert!(
            sent[1]["recipient_email"].is_null(),
            "no address before acceptance"
        );
        assert!(!file.text().contains(AMY));
        assert!(section(&data, "peer_requests_received").is_empty());

        let mut amy_b = w.signed_in(AMY).await;
        let file = amy_b.get("/account/data.json").await;
        let data: Value = serde_json::from_slice(&file.body).unwrap();
        let received = section(&data, "peer_requests_received");
        assert_eq!(received.len(), 1);
        assert_eq!(received[0]["asker_family_name"], "Participant");
        assert_eq!(received[0]["message"], "A short call?");
        assert!(received[0]["asker_email"].is_null());
        assert!(
            !file.text().contains(&pat_email),
            "Pat's address stays private"
        );
        let mut bea_b = w.signed_in(BEA).await;
        let file = bea_b.get("/account/data.json").await;
        assert!(
            file.text().contains(&pat_email),
            "accepted: Pat's address is Bea's to see"
        );

        // The page lists both sections in either language.
        let page = amy_b.get("/account/data").await;
        assert!(page.contains("Conversation requests peers sent you"));
        assert!(page.contains("A short call?"));
        let page = amy_b.get("/account/data?lang=nl-NL").await;
        assert!(page.contains("Verzoeken om een gesprek die u aan collega"));
    })
    .await;
}
