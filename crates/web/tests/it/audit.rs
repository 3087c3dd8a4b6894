//! The audit log page and `GET /api/v1/audit`: the administrator browses and filters, everyone
//! else is refused.

use crate::harness::{SC, World, api_call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use tandem_domain::{Role, RoleAssignment, Scope};

const AD: &str = "admin@alpha.example.org";

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

#[tokio::test]
async fn the_administrator_browses_and_filters_the_log_and_a_coordinator_is_refused() {
    on_backends(|w| async move {
        add_administrator(&w).await;
        let mut admin = w.signed_in(AD).await;
        let page = admin.get("/audit").await;
        page.assert_status(StatusCode::OK);
        // Ada's own sign-in went through the use case, so the log has it.
        assert!(
            page.contains("<code>account.sign_in</code>"),
            "{}",
            page.text()
        );
        assert!(page.contains("id=\"audit-log\""));

        let filtered = admin.get("/audit?action=account.sign_in").await;
        filtered.assert_status(StatusCode::OK);
        assert!(filtered.contains("<code>account.sign_in</code>"));
        assert!(!filtered.contains("id=\"audit-none\""));
        let none = admin.get("/audit?action=no.such.action").await;
        assert!(none.contains("id=\"audit-none\""));
        let reversed = admin.get("/audit?from=2030-01-02&to=2030-01-01").await;
        reversed.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reversed.contains("The end date must not be before the start date"));
        // The total is shown; an edited cursor gives the first page with a notice.
        assert!(page.contains("id=\"result-count\""), "{}", page.text());
        let edited = admin.get("/audit?before=not-a-place").await;
        edited.assert_status(StatusCode::OK);
        assert!(
            edited.contains("id=\"cursor-unknown\""),
            "{}",
            edited.text()
        );
        assert!(edited.contains("<code>account.sign_in</code>"));
        // Past the oldest entry: no rows, and the way back to the first page.
        let past = admin.get("/audit?before=1").await;
        assert!(past.contains("id=\"past-end\""), "{}", past.text());
        let nl = admin.get("/audit?lang=nl-NL").await;
        assert!(nl.contains("Auditlog"));

        let token = api_token(&w, AD).await;
        let (status, body) = api_call(
            &w,
            Method::GET,
            "/api/v1/audit?action=account.sign_in",
            &token,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let entries = body["entries"].as_array().expect("entries");
        assert!(!entries.is_empty(), "{body}");
        assert!(
            entries.iter().all(|e| e["action"] == "account.sign_in"),
            "{body}"
        );
        assert!(body["total"].as_u64().unwrap() >= 1, "{body}");
        assert_eq!(body["total_exact"], true, "{body}");
        assert!(body["previous"].is_null(), "{body}");
        let seqs: Vec<i64> = entries.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert!(
            seqs.windows(2).all(|p| p[0] > p[1]),
            "newest first: {seqs:?}"
        );

        let mut coordinator = w.signed_in(SC).await;
        coordinator
            .get("/audit")
            .await
            .assert_status(StatusCode::FORBIDDEN);
        let token = api_token(&w, SC).await;
        let (status, _) = api_call(&w, Method::GET, "/api/v1/audit", &token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}
