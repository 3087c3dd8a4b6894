//! The scheme through the API: only the scheme coordinator manages it, the dashboard counts
//! only what the caller may see, and organisations, programmes (with their rules) and intakes
//! are created and changed.

use super::Api;
use crate::harness;
use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};
use tandem_domain::OrganisationId;

#[tokio::test]
async fn only_the_scheme_coordinator_manages_the_scheme() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let org = json!({ "name": "Gamma Care", "kind": "charity", "country": "GB" });
        let r = w
            .json(Method::POST, "/api/v1/organisations", &w.a, &org)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.json()["error"]["code"], "forbidden");
        let prog = json!({ "name": "P", "kind": "mentoring", "rules": { "modes": ["video"] } });
        assert_eq!(
            w.json(Method::POST, "/api/v1/programmes", &w.b, &prog)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let patch = w
            .json(
                Method::PATCH,
                &format!("/api/v1/organisations/{}", w.org_a),
                &w.a,
                &json!({ "name": "Mine now" }),
            )
            .await;
        assert_eq!(patch.status, StatusCode::FORBIDDEN);
        let list = w.get("/api/v1/organisations", &w.sc).await.json();
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .all(|o| o["name"] != "Mine now" && o["name"] != "Gamma Care")
        );
    })
    .await;
}

#[tokio::test]
async fn the_scheme_dashboard_counts_only_what_the_caller_may_see() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let all = w.get("/api/v1/scheme", &w.sc).await;
        assert_eq!(all.status, StatusCode::OK);
        let all = all.json();
        assert_eq!(all["people_total"], 9);
        let count_of = |v: &Value, org: OrganisationId| {
            v["organisations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["id"] == json!(org))
                .expect("organisation listed")["people"]
                .clone()
        };
        assert_eq!(count_of(&all, w.org_a), 6);
        assert_eq!(count_of(&all, w.org_b), 3);
        let a = w.get("/api/v1/scheme", &w.a).await.json();
        assert_eq!(a["people_total"], 6);
        assert_eq!(count_of(&a, w.org_a), 6);
        assert_eq!(count_of(&a, w.org_b), Value::Null);
    })
    .await;
}

#[tokio::test]
async fn the_scheme_coordinator_creates_and_changes_organisations() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let created = w.json(Method::POST, "/api/v1/organisations", &w.sc, &json!({ "name": "Zorggroep Oost", "kind": "dutch_care_organisation", "country": "NL" })).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
        let org = created.json();
        let id = org["id"].as_str().unwrap().to_string();
        assert_eq!(created.headers[header::LOCATION], format!("/api/v1/organisations/{id}"));
        assert_eq!(org["kind"], "dutch_care_organisation");
        assert_eq!(org["country"], "NL");

        let got = w.get(&format!("/api/v1/organisations/{id}"), &w.sc).await;
        assert_eq!(got.json(), org);
        // Everyone in the scheme may read organisations.
        assert_eq!(w.get(&format!("/api/v1/organisations/{id}"), &w.b).await.status, StatusCode::OK);

        let put = w.json(Method::PUT, &format!("/api/v1/organisations/{id}"), &w.sc, &json!({ "name": "Zorggroep West", "kind": "charity", "country": "NL" })).await;
        assert_eq!(put.status, StatusCode::OK);
        assert_eq!(put.json()["kind"], "charity");
        // PATCH changes only what is sent.
        let patch = w.json(Method::PATCH, &format!("/api/v1/organisations/{id}"), &w.sc, &json!({ "name": "Zorggroep Noord" })).await;
        assert_eq!(patch.status, StatusCode::OK);
        assert_eq!(patch.json()["name"], "Zorggroep Noord");
        assert_eq!(patch.json()["kind"], "charity");
        assert_eq!(patch.json()["country"], "NL");

        let list = w.get("/api/v1/organisations", &w.sc).await.json();
        let names: Vec<&str> = list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Alpha Trust", "Beta Council", "Zorggroep Noord"]);

        // Bad input is refused per field and writes nothing.
        let dup = w.json(Method::POST, "/api/v1/organisations", &w.sc, &json!({ "name": "alpha trust", "kind": "nhs_trust", "country": "GB" })).await;
        assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(dup.has_field("name", "error.name_taken"), "{:?}", dup.fields());
        let missing = w.json(Method::POST, "/api/v1/organisations", &w.sc, &json!({ "name": "  " })).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        for f in ["name", "kind", "country"] {
            assert!(missing.fields().iter().any(|(field, _)| field == f), "{f} in {:?}", missing.fields());
        }
        let unknown_kind = w.json(Method::POST, "/api/v1/organisations", &w.sc, &json!({ "name": "X", "kind": "hospital", "country": "GB" })).await;
        assert_eq!(unknown_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(unknown_kind.fields()[0].0, "kind");
        let unknown = w.get(&format!("/api/v1/organisations/{}", OrganisationId::new()), &w.sc).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(w.get("/api/v1/organisations/not-a-uuid", &w.sc).await.status, StatusCode::NOT_FOUND);
        assert_eq!(w.get("/api/v1/organisations", &w.sc).await.json().as_array().unwrap().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn programme_rules_round_trip_including_a_three_by_ninety_minute_cap() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let body = json!({
            "name": "Virtual mentoring cohort",
            "kind": "virtual_cohort",
            "description": "Each mentee gets at most three sessions of 90 minutes.",
            "rules": {
                "session_cap": 3,
                "session_minutes": 90,
                "modes": ["video", "telephone"],
                "term_months": 6,
                "mentor_load_min": 2,
                "mentor_load_max": 4,
                "eligibility": {
                    "grade_ranges": [{ "grade_system": "afc", "lowest": "7", "highest": "8a" }],
                    "professions": ["Nursing"],
                    "organisation_kinds": ["nhs_trust"],
                    "mentor_training_required": true
                },
                "pilot": true
            }
        });
        let created = w.json(Method::POST, "/api/v1/programmes", &w.sc, &body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
        let p = created.json();
        let rules = &p["rules"];
        assert_eq!(rules["session_cap"], 3);
        assert_eq!(rules["session_minutes"], 90);
        assert_eq!(rules["total_minutes_cap"], 270);
        assert_eq!(rules["modes"], json!(["telephone", "video"]));
        assert_eq!(rules["eligibility"]["grade_ranges"][0], json!({ "grade_system": "afc", "lowest": "7", "highest": "8a" }));
        assert_eq!(rules["eligibility"]["mentor_training_required"], true);
        assert_eq!(rules["pilot"], true);
        let id = p["id"].as_str().unwrap().to_string();
        assert_eq!(w.get(&format!("/api/v1/programmes/{id}"), &w.sc).await.json(), p);

        // What GET returns can be sent back with a change (read-only fields are ignored).
        let mut edited = p.clone();
        edited["rules"]["session_minutes"] = json!(60);
        let put = w.json(Method::PUT, &format!("/api/v1/programmes/{id}"), &w.sc, &edited).await;
        assert_eq!(put.status, StatusCode::OK, "{}", put.json());
        assert_eq!(put.json()["rules"]["total_minutes_cap"], 180);
        let list = w.get("/api/v1/programmes", &w.a).await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["rules"]["session_minutes"], 60);

        // Incoherent rules are refused per field.
        let bad = json!({ "name": "Sets", "kind": "action_learning_sets", "rules": { "modes": [], "set_size_min": 8, "set_size_max": 4 } });
        let r = w.json(Method::POST, "/api/v1/programmes", &w.sc, &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has_field("set_size_max", "error.max_below_min"), "{:?}", r.fields());
        assert!(r.has_field("modes", "error.choose_a_mode"));
        let typed = json!({ "name": "X", "kind": "mentoring", "rules": { "session_cap": "three", "modes": ["video"] } });
        let r = w.json(Method::POST, "/api/v1/programmes", &w.sc, &typed).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.fields()[0], ("rules.session_cap".to_string(), "error.invalid_value".to_string()));
        assert_eq!(w.get("/api/v1/programmes", &w.sc).await.json().as_array().unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn intakes_are_created_with_places_per_organisation() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let p = w.json(Method::POST, "/api/v1/programmes", &w.sc, &json!({ "name": "Paired learning", "kind": "paired_learning", "rules": { "modes": ["in_person"] } })).await.json();
        let pid = p["id"].as_str().unwrap().to_string();
        let body = json!({
            "name": "2026 intake",
            "opens_on": "2026-01-05",
            "closes_on": "2026-02-27",
            "starts_on": "2026-03-16",
            "places": [{ "organisation_id": w.org_a, "places": 6 }, { "organisation_id": w.org_b, "places": 4 }]
        });
        let created = w.json(Method::POST, &format!("/api/v1/programmes/{pid}/intakes"), &w.sc, &body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.json());
        let intake = created.json();
        assert_eq!(intake["opens_on"], "2026-01-05");
        assert_eq!(intake["starts_on"], "2026-03-16");
        assert_eq!(intake["total_places"], 10);
        let iid = intake["id"].as_str().unwrap().to_string();
        assert_eq!(w.get(&format!("/api/v1/intakes/{iid}"), &w.a).await.json(), intake);
        let list = w.get(&format!("/api/v1/programmes/{pid}/intakes"), &w.sc).await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);

        let mut changed = body.clone();
        changed["places"] = json!([{ "organisation_id": w.org_a, "places": 8 }]);
        let put = w.json(Method::PUT, &format!("/api/v1/intakes/{iid}"), &w.sc, &changed).await;
        assert_eq!(put.status, StatusCode::OK);
        assert_eq!(put.json()["total_places"], 8);

        // Dates out of order, a made-up organisation and a date that is not one are field errors.
        let stranger = OrganisationId::new();
        let bad = json!({ "name": "Bad", "opens_on": "2026-03-01", "closes_on": "2026-02-01", "starts_on": "2026-04-01",
                          "places": [{ "organisation_id": stranger, "places": 2 }] });
        let r = w.json(Method::POST, &format!("/api/v1/programmes/{pid}/intakes"), &w.sc, &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.has_field("closes_on", "error.closes_before_opens"), "{:?}", r.fields());
        assert!(r.has_field(&format!("places_{stranger}"), "error.unknown_organisation"), "{:?}", r.fields());
        let not_a_date = json!({ "name": "Bad", "opens_on": "2026-02-30", "closes_on": "2026-03-01", "starts_on": "2026-04-01" });
        let r = w.json(Method::POST, &format!("/api/v1/programmes/{pid}/intakes"), &w.sc, &not_a_date).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.fields()[0].0, "opens_on");
        assert_eq!(w.get(&format!("/api/v1/programmes/{pid}/intakes"), &w.sc).await.json().as_array().unwrap().len(), 1);
        // An intake of a programme that does not exist.
        let r = w.json(Method::POST, &format!("/api/v1/programmes/{}/intakes", uuid::Uuid::new_v4()), &w.sc, &body).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // Organisation coordinators may read intakes but not create them.
        assert_eq!(w.json(Method::POST, &format!("/api/v1/programmes/{pid}/intakes"), &w.a, &body).await.status, StatusCode::FORBIDDEN);
    })
    .await;
}
