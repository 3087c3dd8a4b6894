//! The JSON API (`/api/v1`) and its OpenAPI document, through the whole application router.
//!
//! Every story runs on the harness's seeded world (SQLite, and PostgreSQL when configured), with
//! API tokens made by the accounts service for the scheme coordinator and the two organisation
//! coordinators.

use crate::harness::{self, CA, CB, PASSWORD, SC, World};
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tandem_app as services;
use tandem_domain::{OrganisationId, PersonId};
use tower::ServiceExt;

// ---------------------------------------------------------------------------------------------
// Harness

/// The harness's world (Alpha Trust: Sam the scheme coordinator, Ada its coordinator, Pat and
/// three staff; Beta Council: Ben its coordinator and two staff) with API tokens for the three
/// coordinators, made by the accounts service.
struct Api {
    w: World,
    /// Token of the scheme coordinator.
    sc: String,
    /// Token of Alpha Trust's coordinator.
    a: String,
    /// Token of Beta Council's coordinator.
    b: String,
}

/// A response, buffered.
struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.bytes)
            )
        })
    }

    /// The field errors of an error body as (field, code) pairs.
    fn fields(&self) -> Vec<(String, String)> {
        let v = self.json();
        v["error"]["fields"]
            .as_array()
            .unwrap_or_else(|| panic!("no error.fields in {v}"))
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap_or_default().to_string(),
                    f["code"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    fn has_field(&self, field: &str, code: &str) -> bool {
        self.fields().iter().any(|(f, c)| f == field && c == code)
    }
}

async fn token(w: &World, email: &str) -> String {
    let account = w
        .ctx
        .store
        .account_by_email(email)
        .await
        .expect("lookup")
        .expect("seeded account");
    let user = services::accounts::user_for_account(&w.ctx, account.id)
        .await
        .expect("load")
        .expect("user");
    services::accounts::create_api_token(&w.ctx, &user, "tests")
        .await
        .expect("create token")
}

impl std::ops::Deref for Api {
    type Target = World;
    fn deref(&self) -> &World {
        &self.w
    }
}

impl Api {
    async fn new(w: World) -> Api {
        let sc = token(&w, SC).await;
        let a = token(&w, CA).await;
        let b = token(&w, CB).await;
        Api { w, sc, a, b }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Resp {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let res = self
            .w
            .app
            .clone()
            .oneshot(req.body(Body::from(body)).expect("request"))
            .await
            .expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Resp {
            status,
            headers,
            bytes,
        }
    }

    async fn get(&self, path: &str, token: &str) -> Resp {
        self.send(Method::GET, path, Some(token), None, vec![])
            .await
    }

    async fn json(&self, method: Method, path: &str, token: &str, body: &Value) -> Resp {
        self.send(
            method,
            path,
            Some(token),
            Some("application/json"),
            serde_json::to_vec(body).expect("json"),
        )
        .await
    }

    async fn csv(&self, path: &str, token: &str, csv: &str) -> Resp {
        self.send(
            Method::POST,
            path,
            Some(token),
            Some("text/csv"),
            csv.as_bytes().to_vec(),
        )
        .await
    }

    /// Total number of people the scheme coordinator sees.
    async fn people_total(&self) -> u64 {
        let r = self.get("/api/v1/people?limit=1", &self.sc).await;
        assert_eq!(r.status, StatusCode::OK);
        r.json()["total"].as_u64().expect("total")
    }

    /// A person as the scheme coordinator reads them.
    async fn person(&self, id: PersonId) -> Value {
        let r = self.get(&format!("/api/v1/people/{id}"), &self.sc).await;
        assert_eq!(r.status, StatusCode::OK);
        r.json()
    }
}

/// The body that would save `person` (a `GET` answer) as it is, with another line manager.
fn body_of(person: &Value, line_manager_email: Option<&str>) -> Value {
    let e = &person["employments"][0];
    json!({
        "given_name": person["given_name"], "family_name": person["family_name"], "email": person["email"],
        "language": person["language"], "organisation_id": e["organisation_id"], "job_title": e["job_title"],
        "profession": e["profession"], "grade_system": e["grade_system"], "grade": e["grade"],
        "line_manager_email": line_manager_email,
    })
}

fn person_body(org: OrganisationId, email: &str) -> Value {
    json!({
        "given_name": "Grace",
        "family_name": "Hopper",
        "email": email,
        "language": "en-GB",
        "organisation_id": org,
        "job_title": "Matron",
        "profession": "Nursing",
        "grade_system": "afc",
        "grade": "8a",
        "line_manager_email": null,
    })
}

const CSV_HEADER: &str = "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language";

// ---------------------------------------------------------------------------------------------
// Authentication

#[tokio::test]
async fn requests_without_a_valid_bearer_token_are_401_with_a_challenge() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let none = w
            .send(Method::GET, "/api/v1/people", None, None, vec![])
            .await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED);
        assert_eq!(none.json()["error"]["code"], "unauthenticated");
        let challenge = none
            .headers
            .get(header::WWW_AUTHENTICATE)
            .expect("challenge")
            .to_str()
            .unwrap()
            .to_string();
        assert!(challenge.starts_with("Bearer"), "{challenge}");
        assert!(!challenge.contains("invalid_token"));

        let bad = w.get("/api/v1/people", "tandem_not-a-real-token").await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        assert_eq!(bad.json()["error"]["code"], "unauthenticated");
        assert!(
            bad.headers[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .contains("error=\"invalid_token\"")
        );

        // Another scheme, or a token sent as a password, is not a bearer token.
        let basic = w
            .app
            .clone()
            .oneshot(
                Request::get("/api/v1/scheme")
                    .header(header::AUTHORIZATION, format!("Basic {}", w.sc))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);

        // Writes are refused the same way, and write nothing.
        let before = w.people_total().await;
        let post = w
            .send(
                Method::POST,
                "/api/v1/people",
                None,
                Some("application/json"),
                serde_json::to_vec(&person_body(w.org_a, "x@example.org")).unwrap(),
            )
            .await;
        assert_eq!(post.status, StatusCode::UNAUTHORIZED);
        assert_eq!(w.people_total().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_browser_session_cookie_does_not_authenticate_the_api() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let session = services::accounts::sign_in(&w.ctx, CA, PASSWORD)
            .await
            .expect("sign in");
        // The session is live (pages would accept it) ...
        assert!(
            services::accounts::user_for_session(&w.ctx, &session.token)
                .await
                .expect("lookup")
                .is_some()
        );
        // ... but the API does not take cookies, so a hostile page cannot ride on it.
        let cookie = format!(
            "{}={}",
            tandem_web::session::session_cookie(&w.state.config),
            session.token
        );
        let res = w
            .app
            .clone()
            .oneshot(
                Request::get("/api/v1/people")
                    .header(header::COOKIE, cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        // While the same person's bearer token works, without any CSRF token.
        let ok = w
            .json(
                Method::POST,
                "/api/v1/people",
                &w.a,
                &person_body(w.org_a, "csrf-free@example.org"),
            )
            .await;
        assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.json());
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Organisation boundaries

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
async fn an_organisation_coordinator_cannot_import_into_or_export_another_organisation() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let csv = format!(
            "{CSV_HEADER}\nOwn,Person,own.person@example.org,Alpha Trust,Nurse,Nursing,afc,5,,en-GB\n\
             Foreign,Person,foreign.person@example.org,Beta Council,Nurse,Nursing,afc,5,,en-GB\n"
        );
        let dry = w.csv("/api/v1/people/import?dry_run=true", &w.a, &csv).await;
        assert_eq!(dry.status, StatusCode::OK);
        let rows = dry.json()["rows"].as_array().unwrap().clone();
        assert!(rows[0]["errors"].as_array().unwrap().is_empty());
        assert_eq!(rows[1]["line"], 3);
        assert_eq!(rows[1]["errors"][0]["column"], "organisation");
        assert_eq!(rows[1]["errors"][0]["code"], "import.organisation_not_allowed");

        let real = w.csv("/api/v1/people/import?dry_run=false", &w.a, &csv).await;
        assert_eq!(real.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(real.has_field("rows.3.organisation", "import.organisation_not_allowed"), "{:?}", real.fields());
        assert_eq!(real.json()["error"]["rows"][0]["line"], 3);
        assert_eq!(w.people_total().await, before, "nothing may be written");

        // The export holds Alpha's people and nobody of Beta's.
        let export = w.get("/api/v1/people/export?format=csv", &w.a).await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(export.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
        assert!(export.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
        let text = String::from_utf8(export.bytes.clone()).unwrap();
        assert!(text.contains("Archer"));
        assert!(!text.contains("Brook") && !text.contains("Bashir"), "{text}");
        assert!(!text.contains("Beta Council"));
    })
    .await;
}

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

// ---------------------------------------------------------------------------------------------
// Scheme set-up

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

// ---------------------------------------------------------------------------------------------
// People

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
        let wildcard = w.get("/api/v1/people?q=%25", &w.sc).await.json();
        assert_eq!(wildcard["total"], 0, "a % in the search is a character, not a wildcard");
        assert_eq!(w.people_total().await, 10);

        let org = w.json(Method::POST, "/api/v1/organisations", &w.sc, &json!({ "name": "<b>Bold</b> & 'Quoted'; --", "kind": "charity", "country": "GB" })).await;
        assert_eq!(org.status, StatusCode::CREATED);
        let oid = org.json()["id"].as_str().unwrap().to_string();
        assert_eq!(w.get(&format!("/api/v1/organisations/{oid}"), &w.sc).await.json()["name"], "<b>Bold</b> & 'Quoted'; --");
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Import and export

/// 50 rows for Alpha Trust; lines 12, 22 and 32 are bad unless `fixed`.
fn fifty_rows(fixed: bool) -> String {
    let mut csv = String::from(CSV_HEADER);
    csv.push('\n');
    for i in 0..50 {
        let line = i + 2;
        let email = if line == 12 && !fixed {
            "not-an-email".to_string()
        } else {
            format!("import{i}@alpha.example")
        };
        let org = if line == 22 && !fixed {
            "Nowhere Trust"
        } else {
            "Alpha Trust"
        };
        let grade = if line == 32 && !fixed { "12" } else { "6" };
        // Everyone after the first reports to the first row's person (a chain inside the file).
        let manager = if i == 0 {
            String::new()
        } else {
            "import0@alpha.example".to_string()
        };
        csv.push_str(&format!(
            "Given{i},Family{i},{email},{org},Staff nurse,Nursing,afc,{grade},{manager},en-GB\n"
        ));
    }
    csv
}

#[tokio::test]
async fn an_import_with_three_bad_rows_of_fifty_lists_them_and_writes_nothing() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let dry = w
            .csv(
                "/api/v1/people/import?dry_run=true",
                &w.sc,
                &fifty_rows(false),
            )
            .await;
        assert_eq!(dry.status, StatusCode::OK);
        let preview = dry.json();
        assert_eq!(preview["valid"], false);
        assert_eq!(preview["rows_with_errors"], 3);
        assert_eq!(preview["rows"].as_array().unwrap().len(), 50);
        let bad: Vec<(u64, String, String)> = preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| {
                r["errors"].as_array().unwrap().iter().map(|e| {
                    (
                        r["line"].as_u64().unwrap(),
                        e["column"].as_str().unwrap().to_string(),
                        e["code"].as_str().unwrap().to_string(),
                    )
                })
            })
            .collect();
        assert_eq!(
            bad,
            vec![
                (12, "email".to_string(), "import.bad_email".to_string()),
                (
                    22,
                    "organisation".to_string(),
                    "import.unknown_organisation".to_string()
                ),
                (32, "grade".to_string(), "import.unknown_grade".to_string()),
            ]
        );
        assert_eq!(w.people_total().await, before, "a dry run writes nothing");

        let real = w
            .csv(
                "/api/v1/people/import?dry_run=false",
                &w.sc,
                &fifty_rows(false),
            )
            .await;
        assert_eq!(real.status, StatusCode::UNPROCESSABLE_ENTITY);
        let lines: Vec<u64> = real.json()["error"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, [12, 22, 32]);
        assert!(real.has_field("rows.22.organisation", "import.unknown_organisation"));
        assert_eq!(
            w.people_total().await,
            before,
            "a refused import writes nothing"
        );

        // Fixed, the file imports in one go, and importing it again changes nothing.
        let ok = w
            .csv(
                "/api/v1/people/import?dry_run=false",
                &w.sc,
                &fifty_rows(true),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.json());
        assert_eq!(ok.json()["created"], 50);
        assert_eq!(w.people_total().await, before + 50);
        let again = w
            .csv(
                "/api/v1/people/import?dry_run=false",
                &w.sc,
                &fifty_rows(true),
            )
            .await
            .json();
        assert_eq!(
            (
                again["created"].as_u64(),
                again["updated"].as_u64(),
                again["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(50))
        );
        assert_eq!(w.people_total().await, before + 50);
        let someone = w
            .get("/api/v1/people?q=import7%40alpha", &w.sc)
            .await
            .json();
        assert_eq!(someone["items"][0]["grade"], "6");
    })
    .await;
}

#[tokio::test]
async fn import_refuses_unreadable_files_and_wrong_content_types() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let no_columns = w
            .csv(
                "/api/v1/people/import?dry_run=true",
                &w.sc,
                "name,mail\nA,a@example.org\n",
            )
            .await;
        assert_eq!(no_columns.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            no_columns.has_field("file", "import.missing_columns"),
            "{:?}",
            no_columns.fields()
        );
        let quote =
            format!("{CSV_HEADER}\n\"Unclosed,Family,x@example.org,Alpha Trust,a,b,afc,5,,en-GB\n");
        let malformed = w
            .csv("/api/v1/people/import?dry_run=false", &w.sc, &quote)
            .await;
        assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(malformed.fields()[0].0, "file");
        let not_xlsx = w
            .send(
                Method::POST,
                "/api/v1/people/import",
                Some(&w.sc),
                Some(tandem_web::api::XLSX_MIME),
                b"PK\x03\x04 not a zip".to_vec(),
            )
            .await;
        assert_eq!(not_xlsx.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(not_xlsx.fields()[0].0, "file");
        let json_body = w
            .send(
                Method::POST,
                "/api/v1/people/import",
                Some(&w.sc),
                Some("application/json"),
                b"[]".to_vec(),
            )
            .await;
        assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let bad_flag = w
            .csv(
                "/api/v1/people/import?dry_run=maybe",
                &w.sc,
                &fifty_rows(true),
            )
            .await;
        assert_eq!(bad_flag.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad_flag.fields()[0].0, "dry_run");
        // Without `dry_run` nothing is written: previewing is the default.
        let default = w
            .csv("/api/v1/people/import", &w.sc, &fifty_rows(true))
            .await;
        assert_eq!(default.status, StatusCode::OK);
        assert_eq!(default.json()["dry_run"], true);
        assert_eq!(w.people_total().await, before);
    })
    .await;
}

#[tokio::test]
async fn an_export_imports_back_unchanged_in_both_formats() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        for (format, mime) in [("csv", "text/csv"), ("xlsx", tandem_web::api::XLSX_MIME)] {
            let export = w
                .get(&format!("/api/v1/people/export?format={format}"), &w.sc)
                .await;
            assert_eq!(export.status, StatusCode::OK, "{format}");
            assert!(
                export.headers[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with(mime)
            );
            assert!(
                export.headers[header::CONTENT_DISPOSITION]
                    .to_str()
                    .unwrap()
                    .contains(&format!(".{format}"))
            );
            let back = w
                .send(
                    Method::POST,
                    "/api/v1/people/import?dry_run=true",
                    Some(&w.sc),
                    Some(mime),
                    export.bytes.clone(),
                )
                .await;
            assert_eq!(back.status, StatusCode::OK, "{format}: {}", back.json());
            let preview = back.json();
            assert_eq!(preview["valid"], true, "{format}: {preview}");
            assert_eq!(preview["unchanged"], 9, "{format}");
            assert_eq!(preview["creates"], 0);
        }
        let unknown = w.get("/api/v1/people/export?format=pdf", &w.sc).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(unknown.fields()[0].0, "format");
    })
    .await;
}

#[tokio::test]
async fn an_xlsx_workbook_made_elsewhere_imports() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let rows = [
            [
                "Given Name",
                "Family Name",
                "Email",
                "Organisation",
                "Job title",
                "Profession",
                "Grade system",
                "Grade",
                "Line manager email",
                "Language",
            ],
            [
                "Jan",
                "de Vries",
                "jan@zorg.example",
                "Beta Council",
                "Social worker",
                "Social work",
                "la",
                "PO1",
                "",
                "nl-NL",
            ],
            [
                "Els",
                "Bakker",
                "els@zorg.example",
                "beta council",
                "Team manager",
                "Social work",
                "local_authority",
                "SM1",
                "",
                "nl",
            ],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet
                    .write_string(r as u32, c as u16, *cell)
                    .expect("write cell");
            }
        }
        let bytes = book.save_to_buffer().expect("xlsx");
        let r = w
            .send(
                Method::POST,
                "/api/v1/people/import?dry_run=false",
                Some(&w.b),
                Some(tandem_web::api::XLSX_MIME),
                bytes,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json());
        assert_eq!(r.json()["created"], 2);
        let jan = w.get("/api/v1/people?q=jan%40zorg", &w.b).await.json();
        assert_eq!(jan["items"][0]["language"], "nl-NL");
        assert_eq!(jan["items"][0]["organisation_id"], json!(w.org_b));
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Limits and unknown routes

#[tokio::test]
async fn oversized_bodies_are_413_and_write_nothing() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let mut body = person_body(w.org_a, "big@example.org");
        body["job_title"] = json!("x".repeat(tandem_web::api::error::MAX_JSON_BYTES));
        let r = w.json(Method::POST, "/api/v1/people", &w.sc, &body).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.json()["error"]["code"], "payload_too_large");

        let mut csv = fifty_rows(true);
        while csv.len() <= tandem_people_io::MAX_UPLOAD_BYTES {
            csv.push_str(&format!("# padding {}\n", "x".repeat(1000)));
        }
        let r = w
            .csv("/api/v1/people/import?dry_run=false", &w.sc, &csv)
            .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.json()["error"]["code"], "payload_too_large");
        assert_eq!(w.people_total().await, before);

        // Just under the JSON limit is read (and then judged on its merits: the title is too long).
        let mut near = person_body(w.org_a, "near@example.org");
        near["job_title"] = json!("x".repeat(tandem_web::api::error::MAX_JSON_BYTES - 1000));
        let r = w.json(Method::POST, "/api/v1/people", &w.sc, &near).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.has_field("job_title", "error.too_long"),
            "{:?}",
            r.fields()
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_in_json() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let r = w.get("/api/v1/nothing-here", &w.sc).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.json()["error"]["code"], "not_found");
        let r = w
            .send(Method::DELETE, "/api/v1/people", Some(&w.sc), None, vec![])
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    })
    .await;
}
