//! HTTP tests of the applications and mentors lists that cost one page: totals, next and
//! previous links that keep the filter, an old or edited cursor falling back to the first page
//! with a notice (422 through the API), and the API's cursors, on both backends.

use crate::harness::{CA, SC, World, add_person, api_call, api_token, on_backends};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::Duration;
use tandem_domain::{
    Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus, Intake,
    IntakeId, IntakePlace, MatchingProfile, MentorStanding, MentorStatus, Mode, PersonId,
    Programme, ProgrammeId, ProgrammeKind, ProgrammeRules,
};
use tower::ServiceExt;

/// `n` more staff of Alpha Trust ("Mentee{i:03}, Pat"), each a paused mentor and an applicant to
/// a new intake (every third on the waiting list): returns the intake.
async fn crowd(w: &World, n: usize) -> (IntakeId, Vec<PersonId>) {
    let store = &w.ctx.store;
    let programme = Programme {
        id: ProgrammeId::new(),
        scheme_id: w.scheme,
        name: "Crowded".into(),
        kind: ProgrammeKind::Mentoring,
        description: String::new(),
        rules: ProgrammeRules {
            modes: vec![Mode::Video],
            ..ProgrammeRules::default()
        },
    };
    store.create_programme(&programme).await.unwrap();
    let today = w.ctx.now().date_naive();
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme.id,
        name: "Spring".into(),
        opens_on: today - Duration::days(1),
        closes_on: today + Duration::days(10),
        starts_on: today + Duration::days(30),
        places: vec![IntakePlace {
            organisation_id: w.org_a,
            places: 3,
        }],
    };
    store.create_intake(&intake).await.unwrap();
    let mut people = Vec::new();
    for i in 0..n {
        let p = add_person(
            store,
            w.scheme,
            w.org_a,
            "Pat",
            &format!("Mentee{i:03}"),
            &format!("mentee{i:03}@alpha.test"),
        )
        .await;
        store
            .set_mentor_standing(&MentorStanding {
                person_id: p,
                status: MentorStatus::Paused,
                load_max: None,
                updated_at: w.ctx.now(),
            })
            .await
            .unwrap();
        let at = w.ctx.now() + Duration::seconds(i64::try_from(i).unwrap());
        let status = if i % 3 == 0 {
            ApplicationStatus::WaitingList
        } else {
            ApplicationStatus::AwaitingCoordinator
        };
        let a = Application {
            id: ApplicationId::new(),
            intake_id: intake.id,
            person_id: p,
            role: ApplicationRole::Mentee,
            organisation_id: w.org_a,
            status,
            profile: MatchingProfile::default(),
            answers: Default::default(),
            line_manager_id: None,
            submitted_at: at,
            updated_at: at,
            version: 1,
        };
        let e = ApplicationEvent {
            application_id: a.id,
            at,
            actor_id: Some(p),
            status,
            note: String::new(),
        };
        store.create_application(&a, &e).await.unwrap();
        people.push(p);
    }
    (intake.id, people)
}

/// The `href` of the link with `rel` on a page, HTML escapes read back.
fn link(text: &str, rel: &str) -> Option<String> {
    let at = text.find(&format!("rel=\"{rel}\""))?;
    let start = text[..at].rfind("href=\"")? + "href=\"".len();
    let end = text[start..].find('"')? + start;
    Some(
        text[start..end]
            .replace("&#x2f;", "/")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

#[tokio::test]
async fn intake_applications_page_by_cursor_and_keep_the_filter() {
    on_backends(|w| async move {
        let (intake, people) = crowd(&w, 70).await;
        let base = format!("/intakes/{intake}/applications");
        for who in [SC, CA] {
            let mut b = w.signed_in(who).await;
            let first = b.get(&base).await;
            first.assert_status(StatusCode::OK);
            assert!(first.contains("70 applications"), "{who}");
            // The first page: the oldest 50, a next link and no previous one.
            assert!(first.contains("Pat Mentee000") && first.contains("Pat Mentee049"));
            assert!(!first.contains("Pat Mentee050"));
            assert!(link(&first.text(), "prev").is_none());
            let next = link(&first.text(), "next").expect("a next page");
            let second = b.get(&next).await;
            second.assert_status(StatusCode::OK);
            assert!(second.contains("Pat Mentee050") && second.contains("Pat Mentee069"));
            assert!(!second.contains("Pat Mentee049"));
            assert!(link(&second.text(), "next").is_none());
            let back = b.get(&link(&second.text(), "prev").unwrap()).await;
            assert!(back.contains("Pat Mentee000") && back.contains("Pat Mentee049"));
        }
        // The status filter: its count, and its links keep it.
        let mut b = w.signed_in(SC).await;
        let waiting = b.get(&format!("{base}?status=waiting_list")).await;
        assert!(waiting.contains("24 applications"));
        assert!(!waiting.contains("Pat Mentee001<"));
        assert!(waiting.contains("<option value=\"waiting_list\" selected>"));
        assert!(link(&waiting.text(), "next").is_none());
        let few = b.get(&format!("{base}?status=declined")).await;
        assert!(few.contains("0 applications") && few.contains("id=\"no-applications\""));
        // An edited cursor: the first page, saying so.
        let edited = b.get(&format!("{base}?cursor=a{}", "A".repeat(22))).await;
        edited.assert_status(StatusCode::OK);
        assert!(edited.contains("id=\"cursor-unknown\"") && edited.contains("Pat Mentee000"));
        // Past the end: says so and links to the first page.
        let last = people[69];
        let last_app = w
            .ctx
            .store
            .applications_of_person(last)
            .await
            .unwrap()
            .remove(0);
        let after_last = tandem_storage::list_pages::Cursor::After(last_app.id).token();
        let past = b.get(&format!("{base}?cursor={after_last}")).await;
        assert!(past.contains("id=\"past-end\""));

        // The API: the same page with its cursors; a bad cursor, status or limit is 422.
        let token = api_token(&w, SC).await;
        let url = format!("/api/v1/intakes/{intake}/applications?limit=30");
        let (status, body) = api_call(&w, Method::GET, &url, &token, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["applications"].as_array().unwrap().len(), 30);
        assert_eq!(
            (body["total"].clone(), body["total_exact"].clone()),
            (70.into(), true.into())
        );
        assert!(body["previous"].is_null());
        let next = body["next"].as_str().unwrap().to_string();
        let (_, page2) = api_call(
            &w,
            Method::GET,
            &format!("{url}&cursor={next}"),
            &token,
            None,
        )
        .await;
        assert_eq!(page2["applications"][0]["applicant_name"], "Pat Mentee030");
        assert!(page2["previous"].is_string());
        for bad in ["cursor=nope", "status=bogus", "limit=many"] {
            let (status, _) = api_call(
                &w,
                Method::GET,
                &format!("/api/v1/intakes/{intake}/applications?{bad}"),
                &token,
                None,
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        }
    })
    .await;
}

#[tokio::test]
async fn mentors_page_by_cursor_on_the_page_and_the_api() {
    on_backends(|w| async move {
        crowd(&w, 55).await;
        let mut b = w.signed_in(SC).await;
        let first = b.get("/mentors").await;
        first.assert_status(StatusCode::OK);
        assert!(first.contains("55 mentors"));
        assert!(first.contains("Mentee000, Pat") && !first.contains("Mentee050, Pat"));
        let second = b
            .get(&link(&first.text(), "next").expect("a next page"))
            .await;
        assert!(second.contains("Mentee054, Pat") && !second.contains("Mentee000, Pat"));
        assert!(link(&second.text(), "prev").is_some());
        let edited = b.get("/mentors?cursor=bOOPS").await;
        edited.assert_status(StatusCode::OK);
        assert!(edited.contains("id=\"cursor-unknown\"") && edited.contains("Mentee000, Pat"));

        // The API keeps its array; the pages are in the Link header, the total in Tandem-Total.
        let token = api_token(&w, SC).await;
        let get = |uri: String| {
            let app = w.app.clone();
            let token = token.clone();
            async move {
                let req = Request::builder()
                    .uri(uri)
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .body(Body::empty())
                    .unwrap();
                let r = app.oneshot(req).await.unwrap();
                let status = r.status();
                let headers = r.headers().clone();
                let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
                    .await
                    .unwrap();
                let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
                (status, headers, body)
            }
        };
        let (status, headers, body) = get("/api/v1/mentors?limit=20".into()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body.as_array().unwrap().len(), 20);
        assert_eq!(headers["tandem-total"], "55");
        let links = headers[header::LINK].to_str().unwrap().to_string();
        assert!(links.ends_with("rel=\"next\"") && !links.contains("rel=\"prev\""));
        let next = links[1..links.find('>').unwrap()].to_string();
        let (_, headers, page2) = get(next).await;
        assert_eq!(page2.as_array().unwrap().len(), 20);
        assert_ne!(page2[0], body[0]);
        assert!(
            headers[header::LINK]
                .to_str()
                .unwrap()
                .contains("rel=\"prev\"")
        );
        let (status, _, _) = get("/api/v1/mentors?cursor=nope".into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    })
    .await;
}
