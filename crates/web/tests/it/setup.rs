//! The set-up page on an empty database, and the scheme's settings page and API.

use crate::harness::{Browser, PA, SC, World, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use serde_json::json;
use tandem_domain::{Role, RoleAssignment, Scope};
use tandem_test_support::{Database, WorldOptions, context};
use tandem_web::{AppState, WebConfig};

const AD: &str = "admin@alpha.example.org";

fn setup_form<'a>(code: &'a str, scheme: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("setup_code", code),
        ("scheme_name", scheme),
        ("countries", "GB"),
        ("countries", "NL"),
        ("languages", "en-GB"),
        ("languages", "nl-NL"),
        ("time_zone", "Europe/London"),
        ("small_number_threshold", "8"),
        ("organisation_1_name", "Riverside NHS Foundation Trust"),
        ("organisation_1_kind", "nhs_trust"),
        ("organisation_1_country", "GB"),
        ("organisation_2_name", "Zorggroep Noord"),
        ("organisation_2_kind", "dutch_care_organisation"),
        ("organisation_2_country", "NL"),
        ("organisation_3_name", ""),
        ("organisation_3_kind", ""),
        ("organisation_3_country", ""),
        ("administrator_given_name", "Ada"),
        ("administrator_family_name", "Okafor"),
        ("administrator_email", "ada@riverside.example.org"),
        ("administrator_password", "a-strong-password"),
        ("coordinator_given_name", ""),
        ("coordinator_family_name", ""),
        ("coordinator_email", ""),
    ]
}

#[tokio::test]
async fn an_empty_database_leads_every_page_to_the_set_up_page_until_it_is_used() {
    tandem_test_support::on_backends(|db: Database| async move {
        let (ctx, _, _) = context(db.store.clone(), WorldOptions::default());
        let state = AppState::new(ctx.clone(), WebConfig::default());
        let app = crate::openapi_check::checked(tandem_web::app(state));
        let mut b = Browser::on(app.clone());

        for path in ["/", "/sign-in", "/dashboard", "/settings"] {
            let page = b.get(path).await;
            page.assert_status(StatusCode::SEE_OTHER);
            assert_eq!(page.location(), "/setup", "{path}");
        }
        b.get("/healthz").await.assert_status(StatusCode::OK);
        // The API answers 503 with one code, token or not.
        let res = b.get("/api/v1/scheme").await;
        res.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        let body: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
        assert_eq!(body["error"]["code"], "setup.required");

        let code = tandem_app::setup::open_setup(&ctx).await.unwrap().unwrap();
        let form = b.get(&format!("/setup?code={code}")).await;
        form.assert_status(StatusCode::OK);
        assert!(
            form.contains(&format!("value=\"{code}\"")),
            "the code is filled in"
        );
        let csrf = form.csrf().unwrap();

        // A wrong code: refused, named, what was typed is kept (not the password), nothing written.
        let before = db.fingerprint().await;
        let mut fields = vec![("csrf_token", csrf.as_str())];
        fields.extend(setup_form("not-the-code", "North Sea Care Network"));
        let refused = b.post_raw("/setup", &fields).await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.contains("href=\"#setup_code\""));
        assert!(refused.contains("value=\"North Sea Care Network\""));
        assert!(refused.contains("value=\"Zorggroep Noord\""));
        assert!(!refused.contains("a-strong-password"));
        assert_eq!(db.fingerprint().await, before);

        // Missing fields are each named.
        let mut fields = vec![("csrf_token", csrf.as_str())];
        fields.extend(setup_form(&code, ""));
        fields.retain(|(k, _)| *k != "countries" && *k != "organisation_1_kind");
        let refused = b.post_raw("/setup", &fields).await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["scheme_name", "countries", "organisation_1_kind"] {
            assert!(refused.contains(&format!("href=\"#{field}\"")), "{field}");
        }
        assert_eq!(db.fingerprint().await, before);

        // The right code: the scheme exists and the administrator is signed in.
        let mut fields = vec![("csrf_token", csrf.as_str())];
        fields.extend(setup_form(&code, "North Sea Care Network"));
        let done = b.post_raw("/setup", &fields).await;
        done.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(done.location(), "/dashboard?notice=notice.set_up");
        let dashboard = b.get("/dashboard").await;
        dashboard.assert_status(StatusCode::OK);
        assert!(
            dashboard.contains("href=\"&#x2f;settings\""),
            "the administrator's navigation"
        );
        // The page is gone, and a fresh browser is sent to sign in as usual.
        b.get("/setup").await.assert_status(StatusCode::NOT_FOUND);
        let mut stranger = Browser::on(app);
        let home = stranger.get("/").await;
        assert_eq!(home.location(), "/sign-in");
        assert_eq!(tandem_app::setup::open_setup(&ctx).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn the_administrator_edits_the_settings_and_the_coordinator_only_reads_them() {
    on_backends(|w| async move {
        add_administrator(&w).await;
        let mut admin = w.signed_in(AD).await;
        let page = admin.get("/settings").await;
        page.assert_status(StatusCode::OK);
        assert!(page.contains("name=\"small_number_threshold\""));
        let before = w.database.fingerprint().await;
        let bad = admin
            .post(
                "/settings",
                &[
                    ("countries", "NL"),
                    ("languages", "en-GB"),
                    ("time_zone", "Europe/London"),
                    ("small_number_threshold", "two"),
                ],
            )
            .await;
        bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        // The seeded organisations are British, so GB stays; the threshold is named too.
        assert!(bad.contains("href=\"#countries\""));
        assert!(bad.contains("href=\"#small_number_threshold\""));
        assert_eq!(w.database.fingerprint().await, before);
        let saved = admin
            .post(
                "/settings",
                &[
                    ("countries", "GB"),
                    ("countries", "NL"),
                    ("languages", "nl-NL"),
                    ("languages", "en-GB"),
                    ("time_zone", "Europe/Amsterdam"),
                    ("small_number_threshold", "8"),
                    ("self_registration", "yes"),
                ],
            )
            .await;
        saved.assert_status(StatusCode::SEE_OTHER);
        let settings = w.ctx.store.scheme_settings(w.scheme).await.unwrap();
        assert_eq!(settings.small_number_threshold, 8);
        assert!(settings.self_registration);

        // The scheme coordinator reads them, without a form, and cannot post.
        let mut sc = w.signed_in(SC).await;
        let page = sc.get("/settings").await;
        page.assert_status(StatusCode::OK);
        assert!(!page.contains("name=\"small_number_threshold\""));
        assert!(page.contains("Amsterdam"));
        // Only the administrator's navigation links to it.
        assert!(
            !sc.get("/dashboard")
                .await
                .contains("href=\"&#x2f;settings\"")
        );
        let before = w.database.fingerprint().await;
        sc.post("/settings", &[("countries", "GB")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        assert_eq!(w.database.fingerprint().await, before);
        let mut pat = w.signed_in(PA).await;
        pat.get("/settings")
            .await
            .assert_status(StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn the_settings_api_reads_and_replaces_them_for_whoever_may() {
    on_backends(|w| async move {
        add_administrator(&w).await;
        let admin = api_token(&w, AD).await;
        let sc = api_token(&w, SC).await;
        let pat = api_token(&w, PA).await;
        let (status, body) = api_call(&w, Method::GET, "/api/v1/scheme/settings", &sc, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["countries"], json!(["GB"]));
        assert_eq!(body["small_number_threshold"], 8);
        let (status, _) = api_call(&w, Method::GET, "/api/v1/scheme/settings", &pat, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let wanted = json!({
            "countries": ["GB", "NL"],
            "languages": ["en-GB", "nl-NL"],
            "time_zone": "Europe/Amsterdam",
            "self_registration": false,
            "small_number_threshold": 10,
            "suppression_rounding": 5,
            "suppression_min_statistics": 10,
            "suppression_reason": "",
        });
        let before = w.database.fingerprint().await;
        let (status, _) = api_call(
            &w,
            Method::PUT,
            "/api/v1/scheme/settings",
            &sc,
            Some(wanted.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = api_call(
            &w,
            Method::PUT,
            "/api/v1/scheme/settings",
            &admin,
            Some(json!({ "countries": ["XX"], "languages": [], "time_zone": "Mars", "small_number_threshold": 1 })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["countries", "languages", "time_zone", "small_number_threshold"]
        );
        assert_eq!(w.database.fingerprint().await, before);
        let (status, body) = api_call(
            &w,
            Method::PUT,
            "/api/v1/scheme/settings",
            &admin,
            Some(wanted.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, wanted);
    })
    .await;
}

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
