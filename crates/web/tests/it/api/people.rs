//! People through the API: organisation coordinators see and change only their own people;
//! people are created, read and changed, bad input is refused per field, the list pages, and
//! markup and SQL are stored as typed.

use super::{Api, body_of, person_body};
use crate::harness::{self, CA};
use axum::http::{Method, StatusCode, header};
use serde_json::json;
use tandem_domain::{OrganisationId, PersonId};

#[tokio::test]
async fn an_organisation_coordinator_lists_only_their_own_people() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let r = w.get("/api/v1/people?limit=200", &w.a).await;
        assert_eq!(r.status, StatusCode::OK);
        let page = r.json();
        let items = page["items"].as_array().unwrap();
        // Sam (scheme coordinator, employed by Alpha), Ada, Pat and Alpha's three staff.
        assert_eq!(page["total"], 6);
        assert_eq!(items.len(), 6);
        for item in items {
            assert_eq!(item["organisation_id"], json!(w.org_a), "{item}");
        }
        let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        for b in &w.staff_b {
            assert!(!ids.contains(&b.to_string().as_str()));
        }
        // Asking for Beta's people explicitly, or searching for them by name, finds nobody.
        let filtered = w
            .get(&format!("/api/v1/people?organisation={}", w.org_b), &w.a)
            .await
            .json();
        assert_eq!(filtered["total"], 0);
        let searched = w.get("/api/v1/people?q=Brook", &w.a).await.json();
        assert_eq!(searched["total"], 0);
        // The scheme coordinator sees both organisations.
        let all = w.get("/api/v1/people?limit=200", &w.sc).await.json();
        assert_eq!(all["total"], 9);
        let orgs: std::collections::HashSet<String> = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["organisation_id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(orgs.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn another_organisations_person_is_not_found_and_cannot_be_changed() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let theirs = w.staff_b[0];
        let r = w.get(&format!("/api/v1/people/{theirs}"), &w.a).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // Exactly what an id that exists nowhere gets: the person's existence is not revealed.
        let nobody = w
            .get(&format!("/api/v1/people/{}", PersonId::new()), &w.a)
            .await;
        assert_eq!(nobody.status, StatusCode::NOT_FOUND);
        assert_eq!(r.bytes, nobody.bytes);

        let before = w
            .get(&format!("/api/v1/people/{theirs}"), &w.sc)
            .await
            .json();
        let put = w
            .json(
                Method::PUT,
                &format!("/api/v1/people/{theirs}"),
                &w.a,
                &person_body(w.org_a, "stolen@example.org"),
            )
            .await;
        assert!(
            put.status == StatusCode::NOT_FOUND || put.status == StatusCode::FORBIDDEN,
            "{}",
            put.status
        );
        let after = w
            .get(&format!("/api/v1/people/{theirs}"), &w.sc)
            .await
            .json();
        assert_eq!(before, after, "the person must be unchanged");

        // Their own people they can read and change.
        let mine = w.staff_a[0];
        assert_eq!(
            w.get(&format!("/api/v1/people/{mine}"), &w.a).await.status,
            StatusCode::OK
        );
        let changed = w
            .json(
                Method::PUT,
                &format!("/api/v1/people/{mine}"),
                &w.a,
                &person_body(w.org_a, "renamed@example.org"),
            )
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.json());
        assert_eq!(changed.json()["email"], "renamed@example.org");

        // Nor can they add a person to the other organisation.
        let create = w
            .json(
                Method::POST,
                "/api/v1/people",
                &w.a,
                &person_body(w.org_b, "planted@example.org"),
            )
            .await;
        assert_eq!(create.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            create.has_field("organisation_id", "error.organisation_not_allowed"),
            "{:?}",
            create.fields()
        );
    })
    .await;
}

#[tokio::test]
async fn people_are_created_read_and_changed() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let mut body = person_body(w.org_a, "  Grace.Hopper@Example.ORG ");
        body["line_manager_email"] = json!(CA);
        let created = w.json(Method::POST, "/api/v1/people", &w.sc, &body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
        let person = created.json();
        assert_eq!(person["email"], "grace.hopper@example.org");
        let e = &person["employments"][0];
        assert_eq!(e["organisation_name"], "Alpha Trust");
        assert_eq!(e["grade"], "8a");
        assert_eq!(e["grade_system"], "afc");
        assert_eq!(e["line_manager"]["id"], json!(w.coordinator_a));
        assert_eq!(e["primary"], true);
        let id = person["id"].as_str().unwrap().to_string();
        assert_eq!(
            created.headers[header::LOCATION],
            format!("/api/v1/people/{id}")
        );

        let page = w.get("/api/v1/people?q=hopper", &w.a).await.json();
        assert_eq!(page["total"], 1);
        assert_eq!(page["items"][0]["grade"], "8a");

        let mut changed = body.clone();
        changed["grade"] = json!("Band 8b");
        changed["job_title"] = json!("Head of nursing");
        let put = w
            .json(
                Method::PUT,
                &format!("/api/v1/people/{id}"),
                &w.sc,
                &changed,
            )
            .await;
        assert_eq!(put.status, StatusCode::OK, "{}", put.json());
        assert_eq!(put.json()["employments"][0]["grade"], "8b");
        assert_eq!(put.json()["employments"][0]["job_title"], "Head of nursing");
    })
    .await;
}

#[tokio::test]
async fn bad_people_input_is_refused_per_field_and_writes_nothing() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let taken = w.person(w.staff_a[0]).await["email"]
            .as_str()
            .unwrap()
            .to_string();

        let dup = w
            .json(
                Method::POST,
                "/api/v1/people",
                &w.sc,
                &person_body(w.org_a, &taken.to_uppercase()),
            )
            .await;
        assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            dup.has_field("email", "error.email_taken"),
            "{:?}",
            dup.fields()
        );

        let bad_email = w
            .json(
                Method::POST,
                "/api/v1/people",
                &w.sc,
                &person_body(w.org_a, "grace at example"),
            )
            .await;
        assert!(
            bad_email.has_field("email", "error.email_invalid"),
            "{:?}",
            bad_email.fields()
        );

        let unknown_org = w
            .json(
                Method::POST,
                "/api/v1/people",
                &w.sc,
                &person_body(OrganisationId::new(), "g1@example.org"),
            )
            .await;
        assert_eq!(unknown_org.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            unknown_org.has_field("organisation_id", "error.unknown_organisation"),
            "{:?}",
            unknown_org.fields()
        );

        let mut grade = person_body(w.org_a, "g2@example.org");
        grade["grade"] = json!("ST4"); // a medical grade, not an Agenda for Change band
        let r = w.json(Method::POST, "/api/v1/people", &w.sc, &grade).await;
        assert!(
            r.has_field("grade", "error.grade_not_in_system"),
            "{:?}",
            r.fields()
        );

        let mut unknown_system = person_body(w.org_a, "g3@example.org");
        unknown_system["grade_system"] = json!("pay_band");
        let r = w
            .json(Method::POST, "/api/v1/people", &w.sc, &unknown_system)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.fields()[0].0, "grade_system");

        let mut several = person_body(w.org_a, "bad@");
        several["given_name"] = json!("");
        several["grade"] = json!("10");
        let r = w
            .json(Method::POST, "/api/v1/people", &w.sc, &several)
            .await;
        let fields: Vec<String> = r.fields().into_iter().map(|(f, _)| f).collect();
        for f in ["given_name", "email", "grade"] {
            assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
        }

        // A line-management cycle: Alice reports to Alan, Alan to Ada; Ada cannot report to Alice.
        let (alice, alan, ada) = (w.staff_a[0], w.staff_a[1], w.coordinator_a);
        let (alice_json, alan_json) = (w.person(alice).await, w.person(alan).await);
        let set = w
            .json(
                Method::PUT,
                &format!("/api/v1/people/{alan}"),
                &w.sc,
                &body_of(&alan_json, Some(CA)),
            )
            .await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.json());
        let alan_email = alan_json["email"].as_str().unwrap();
        let set = w
            .json(
                Method::PUT,
                &format!("/api/v1/people/{alice}"),
                &w.sc,
                &body_of(&alice_json, Some(alan_email)),
            )
            .await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.json());
        let ada_before = w.person(ada).await;
        let cycle = w
            .json(
                Method::PUT,
                &format!("/api/v1/people/{ada}"),
                &w.sc,
                &body_of(&ada_before, alice_json["email"].as_str()),
            )
            .await;
        assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            cycle.has_field("line_manager_email", "error.manager_cycle"),
            "{:?}",
            cycle.fields()
        );
        let ada_after = w.person(ada).await;
        assert_eq!(ada_after, ada_before, "a refused change writes nothing");

        let missing_manager = {
            let mut b = person_body(w.org_a, "g4@example.org");
            b["line_manager_email"] = json!("nobody@example.org");
            w.json(Method::POST, "/api/v1/people", &w.sc, &b).await
        };
        assert!(
            missing_manager.has_field("line_manager_email", "error.manager_not_found"),
            "{:?}",
            missing_manager.fields()
        );

        // Malformed JSON is a 400; JSON of another content type a 415.
        let malformed = w
            .send(
                Method::POST,
                "/api/v1/people",
                Some(&w.sc),
                Some("application/json"),
                b"{\"given_name\": ".to_vec(),
            )
            .await;
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        assert_eq!(malformed.json()["error"]["code"], "malformed_json");
        let form = w
            .send(
                Method::POST,
                "/api/v1/people",
                Some(&w.sc),
                Some("application/x-www-form-urlencoded"),
                b"given_name=x".to_vec(),
            )
            .await;
        assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(form.json()["error"]["code"], "unsupported_media_type");

        assert_eq!(w.people_total().await, before);
    })
    .await;
}

#[tokio::test]
async fn the_people_list_pages_and_checks_its_parameters() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let first = w.get("/api/v1/people?limit=4", &w.sc).await.json();
        assert_eq!(first["total"], 9);
        assert_eq!(first["items"].as_array().unwrap().len(), 4);
        assert_eq!(
            (first["offset"].as_u64(), first["limit"].as_u64()),
            (Some(0), Some(4))
        );
        let third = w.get("/api/v1/people?limit=4&offset=8", &w.sc).await.json();
        assert_eq!(third["items"].as_array().unwrap().len(), 1);
        assert_eq!(third["offset"], 8);
        // Pages do not overlap and together hold everyone once.
        let mut seen = std::collections::HashSet::new();
        for offset in [0, 4, 8] {
            for item in w
                .get(&format!("/api/v1/people?limit=4&offset={offset}"), &w.sc)
                .await
                .json()["items"]
                .as_array()
                .unwrap()
            {
                assert!(seen.insert(item["id"].as_str().unwrap().to_string()));
            }
        }
        assert_eq!(seen.len(), 9);
        assert_eq!(first["total_exact"], true);
        assert_eq!(first["previous"], serde_json::Value::Null);
        // The cursors walk the same list, forwards and back.
        let mut by_cursor = Vec::new();
        let mut page = first.clone();
        loop {
            for item in page["items"].as_array().unwrap() {
                by_cursor.push(item["id"].as_str().unwrap().to_string());
            }
            let Some(next) = page["next"].as_str() else {
                break;
            };
            page = w
                .get(&format!("/api/v1/people?limit=4&cursor={next}"), &w.sc)
                .await
                .json();
            assert_eq!(page["total"], 9);
        }
        assert_eq!(by_cursor.len(), 9);
        assert_eq!(
            by_cursor
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len(),
            9
        );
        let previous = page["previous"].as_str().unwrap().to_string();
        let back = w
            .get(&format!("/api/v1/people?limit=4&cursor={previous}"), &w.sc)
            .await
            .json();
        let back_ids: Vec<&str> = back["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            back_ids,
            by_cursor[4..8]
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );

        let by_org = w
            .get(&format!("/api/v1/people?organisation={}", w.org_b), &w.sc)
            .await
            .json();
        assert_eq!(by_org["total"], 3);
        let by_system = w
            .get("/api/v1/people?grade_system=medical", &w.sc)
            .await
            .json();
        assert_eq!(by_system["total"], 0);
        let by_afc = w
            .get("/api/v1/people?grade_system=afc&profession=Nursing", &w.sc)
            .await
            .json();
        assert_eq!(by_afc["total"], 9);

        for (query, field) in [
            ("limit=abc", "limit"),
            ("limit=0", "limit"),
            ("offset=-1", "offset"),
            ("offset=3&limit=4", "offset"),
            ("organisation=not-a-uuid", "organisation"),
            ("grade_system=pay_band", "grade_system"),
            ("cursor=zzz", "cursor"),
            ("cursor=aAAAAAAAAAAAAAAAAAAAAAA", "cursor"),
        ] {
            let r = w.get(&format!("/api/v1/people?{query}"), &w.sc).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            assert_eq!(r.fields()[0].0, field, "{query}");
        }
    })
    .await;
}

#[tokio::test]
async fn markup_and_sql_are_stored_and_returned_exactly() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let given = "<script>alert('x')</script>";
        let family = "O'Brien\"); DROP TABLE people; --";
        let job = "<img src=x onerror=alert(1)> & co";
        let mut body = person_body(w.org_a, "inert@example.org");
        body["given_name"] = json!(given);
        body["family_name"] = json!(family);
        body["job_title"] = json!(job);
        let created = w.json(Method::POST, "/api/v1/people", &w.sc, &body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
        let id = created.json()["id"].as_str().unwrap().to_string();
        let got = w.get(&format!("/api/v1/people/{id}"), &w.sc).await;
        assert!(got.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
        let got = got.json();
        assert_eq!(got["given_name"], given);
        assert_eq!(got["family_name"], family);
        assert_eq!(got["employments"][0]["job_title"], job);
        // Searching with the SQL finds the row and nothing breaks.
        let found = w.get("/api/v1/people?q=DROP%20TABLE", &w.sc).await.json();
        assert_eq!(found["total"], 1);
        assert_eq!(found["items"][0]["family_name"], family);
        let wildcard = w.get("/api/v1/people?q=%25%25%25", &w.sc).await.json();
        assert_eq!(wildcard["total"], 0, "a % in the search is a character, not a wildcard");
        assert_eq!(w.people_total().await, 10);

        let org = w.json(Method::POST, "/api/v1/organisations", &w.sc, &json!({ "name": "<b>Bold</b> & 'Quoted'; --", "kind": "charity", "country": "GB" })).await;
        assert_eq!(org.status, StatusCode::CREATED);
        let oid = org.json()["id"].as_str().unwrap().to_string();
        assert_eq!(w.get(&format!("/api/v1/organisations/{oid}"), &w.sc).await.json()["name"], "<b>Bold</b> & 'Quoted'; --");
    })
    .await;
}
