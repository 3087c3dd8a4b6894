//! HTTP tests of the peer network on both backends: the directory's filters as a plain GET form,
//! asking a listed peer for a conversation (refusals keep the form), accepting revealing both
//! addresses while declining reveals none, and leaving the directory closing open requests.

use crate::harness::{PA, World, on_backends};
use axum::http::StatusCode;
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
