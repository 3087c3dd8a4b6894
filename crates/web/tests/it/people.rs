//! People pages: add and change with validation, profile, search and paging, inert markup.

use crate::harness::{CA, SC, add_person, on_backends};
use axum::http::StatusCode;
use tandem_app as services;

fn person_form<'a>(
    org: &'a str,
    given: &'a str,
    family: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("given_name", given),
        ("family_name", family),
        ("email", email),
        ("language", "en-GB"),
        ("organisation_id", org),
        ("job_title", "Ward manager"),
        ("profession", "Nursing"),
        ("grade_system", "afc"),
        ("grade", "Band 7"),
    ]
}

#[tokio::test]
async fn adding_a_person_checks_email_grade_manager_and_organisation() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let org = w.org_a.to_string();
        let count = w.people_count().await;

        let mut dup = person_form(&org, "Dup", "Licate", "ALICE@alpha.example.org");
        let res = b.post("/people/new", &dup).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("already used by someone in the scheme"));
        dup[2] = ("email", "not-an-email");
        assert!(
            b.post("/people/new", &dup)
                .await
                .contains("Enter an email address in the correct format")
        );

        let mut wrong_grade = person_form(&org, "Gail", "Grade", "gail@alpha.example.org");
        wrong_grade[8] = ("grade", "ST4");
        let res = b.post("/people/new", &wrong_grade).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("not part of the chosen grade system"));
        assert!(res.contains("href=\"#grade\""));

        let mut no_manager = person_form(&org, "Mo", "Manager", "mo@alpha.example.org");
        no_manager.push(("line_manager_email", "ghost@alpha.example.org"));
        assert!(
            b.post("/people/new", &no_manager)
                .await
                .contains("No one in the scheme has this email address")
        );

        let unknown_org = uuid::Uuid::now_v7().to_string();
        let res = b
            .post(
                "/people/new",
                &person_form(&unknown_org, "Una", "Known", "una@alpha.example.org"),
            )
            .await;
        assert!(res.contains("This organisation is not part of the scheme"));
        assert_eq!(
            w.people_count().await,
            count,
            "nothing written by refused forms"
        );

        // A good one, with a manager: saved and shown on the profile.
        let mut good = person_form(&org, "Grace", "Good", "Grace.Good@Alpha.example.org");
        good.push(("line_manager_email", "alice@alpha.example.org"));
        let res = b.post("/people/new", &good).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(w.people_count().await, count + 1);
        let stored = w
            .ctx
            .store
            .find_person_by_email(w.scheme, "grace.good@alpha.example.org")
            .await
            .unwrap()
            .expect("stored lower-cased");
        assert_eq!(stored.employments[0].grade, "7", "grade stored by its code");
        assert_eq!(stored.employments[0].line_manager_id, Some(w.staff_a[0]));
        let profile = b.get(&res.location()).await;
        assert!(
            profile.contains("Grace Good")
                && profile.contains("Alice Archer")
                && profile.contains("Ward manager")
                && profile.contains("Alpha Trust")
        );
    })
    .await;
}

#[tokio::test]
async fn a_line_management_cycle_is_refused() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let org = w.org_a.to_string();
        // Alan reports to Alice; Amira reports to Alan.
        let alice = w.staff_a[0].to_string();
        let alan = w.staff_a[1].to_string();
        let amira = w.staff_a[2].to_string();
        let mut f = person_form(&org, "Alan", "Ashby", "alan@alpha.example.org");
        f.push(("line_manager_email", "alice@alpha.example.org"));
        b.post(&format!("/people/{alan}/edit"), &f)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let mut f = person_form(&org, "Amira", "Aziz", "amira@alpha.example.org");
        f.push(("line_manager_email", "alan@alpha.example.org"));
        b.post(&format!("/people/{amira}/edit"), &f)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        // Alice reporting to Amira would close the loop.
        let before = w.ctx.store.get_person(w.staff_a[0]).await.unwrap();
        let mut f = person_form(&org, "Alice", "Archer", "alice@alpha.example.org");
        f.push(("line_manager_email", "amira@alpha.example.org"));
        let res = b.post(&format!("/people/{alice}/edit"), &f).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("loop in line management"));
        assert_eq!(w.ctx.store.get_person(w.staff_a[0]).await.unwrap(), before);
        // Nor can anyone manage themselves.
        let mut f = person_form(&org, "Alice", "Archer", "alice@alpha.example.org");
        f.push(("line_manager_email", "alice@alpha.example.org"));
        assert!(
            b.post(&format!("/people/{alice}/edit"), &f)
                .await
                .contains("cannot be their own line manager")
        );
    })
    .await;
}

#[tokio::test]
async fn markup_and_sql_in_fields_are_stored_as_typed_and_shown_inert() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let org = w.org_a.to_string();
        let script = "<script>alert('x')</script>";
        let sql = "Robert'); DROP TABLE people;--";
        let mut f = person_form(&org, script, sql, "bobby@alpha.example.org");
        f[5] = ("job_title", "<img src=x onerror=alert(1)>");
        let res = b.post("/people/new", &f).await;
        res.assert_status(StatusCode::SEE_OTHER);
        let stored = w
            .ctx
            .store
            .find_person_by_email(w.scheme, "bobby@alpha.example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.person.given_name, script);
        assert_eq!(stored.person.family_name, sql);
        let profile = b.get(&res.location()).await;
        let text = profile.text();
        assert!(
            !text.contains(script) && !text.contains("<img src=x"),
            "markup must be escaped"
        );
        assert!(
            text.contains("&lt;script&gt;") && text.contains("&lt;img src=x onerror=alert(1)&gt;")
        );
        // The people table still exists and the name is found by search, escaped in the list.
        let list = b.get("/people?q=DROP%20TABLE").await;
        assert!(
            list.contains("role=\"status\">1 person<"),
            "{}",
            list.text()
        );
        assert!(!list.text().contains(script));
        // Search text with SQL wildcards and quotes is literal.
        let none = b.get("/people?q=%25'%20OR%201%3D1%20--").await;
        assert!(none.contains("role=\"status\">0 people<"));
        // Organisation names too.
        b.post(
            "/organisations/new",
            &[
                ("name", "<b>Bold</b> & Co"),
                ("kind", "charity"),
                ("country", "GB"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let orgs = b.get("/organisations").await;
        assert!(
            orgs.contains("&lt;b&gt;Bold&lt;")
                && orgs.contains("&amp; Co")
                && !orgs.contains("<b>Bold"),
            "{}",
            orgs.text()
        );
    })
    .await;
}

#[tokio::test]
async fn the_people_list_searches_filters_and_pages_with_counts() {
    on_backends(|w| async move {
        for i in 0..60 {
            let family = format!("Zulu{i:02}");
            add_person(
                &w.ctx.store,
                w.scheme,
                w.org_b,
                "Zed",
                &family,
                &format!("zed{i}@beta.example.org"),
            )
            .await;
        }
        let total = w.people_count().await;
        let mut b = w.signed_in(SC).await;
        let first = b.get("/people").await;
        assert!(
            first.contains(&format!("role=\"status\">{total} people<")),
            "{}",
            first.text()
        );
        assert!(first.contains("rel=\"next\"") && !first.contains("rel=\"prev\""));
        // Following "Next" visits everyone once, in order, and the last page has no "Next".
        let rows = |html: &str| -> Vec<String> {
            html.split("</span><a href=\"/people/")
                .skip(1)
                .map(|r| r[..36].to_string())
                .collect()
        };
        let link = |html: &str, rel: &str| -> Option<String> {
            let end = html.find(&format!("\" rel=\"{rel}\""))?;
            let start = html[..end].rfind("href=\"")? + 6;
            Some(
                html[start..end]
                    .replace("&amp;", "&")
                    .replace("&#x2f;", "/"),
            )
        };
        let mut seen = rows(&first.text());
        let mut page = first;
        let mut pages = 1;
        while let Some(next) = link(&page.text(), "next") {
            assert!(next.starts_with("/people?cursor="), "{next}");
            page = b.get(&next).await;
            page.assert_status(StatusCode::OK);
            seen.extend(rows(&page.text()));
            pages += 1;
        }
        assert_eq!(seen.len(), total);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "no one twice");
        assert_eq!(pages, total.div_ceil(25));
        assert!(page.contains("rel=\"prev\""));
        // "Previous" from the last page goes back one page.
        let back = b.get(&link(&page.text(), "prev").unwrap()).await;
        assert_eq!(rows(&back.text()).len(), 25);
        // Old `?page=` links still work; beyond the end they say so and link to the first page.
        let third = b.get("/people?page=3").await;
        assert!(third.contains("rel=\"prev\""));
        assert_eq!(third.contains("rel=\"next\""), total > 75);
        assert_eq!(rows(&third.text()), seen[50..total.min(75)].to_vec());
        let beyond = b.get("/people?page=999").await;
        beyond.assert_status(StatusCode::OK);
        assert!(beyond.contains("There is no one on this page of the list."));
        // A cursor naming no one (edited or from another list) gives the first page, saying so.
        for bad in ["zzz", "aAAAAAAAAAAAAAAAAAAAAAA", "%22%20OR%201%3D1"] {
            let page = b.get(&format!("/people?cursor={bad}")).await;
            page.assert_status(StatusCode::OK);
            assert!(
                page.contains("That page of the list no longer exists"),
                "{bad}"
            );
            assert_eq!(rows(&page.text()), seen[..25].to_vec());
        }
        let filtered = b.get(&format!("/people?organisation={}", w.org_b)).await;
        assert!(
            filtered.contains("role=\"status\">63 people<"),
            "{}",
            filtered.text()
        );
        let search = b.get("/people?q=zulu0").await;
        assert!(search.contains("role=\"status\">10 people<"));
        // Paging keeps the filters.
        let next = link(&filtered.text(), "next").unwrap();
        assert!(
            next.starts_with(&format!("/people?organisation={}&cursor=", w.org_b)),
            "{next}"
        );
        let second = b.get(&next).await;
        assert!(rows(&second.text()).len() == 25 && second.contains("rel=\"prev\""));
        let grade = b.get("/people?grade_system=fwg").await;
        assert!(grade.contains("role=\"status\">0 people<"));
        // Nonsense parameters are ignored rather than failing.
        b.get("/people?page=abc&organisation=zzz&grade_system=nope")
            .await
            .assert_status(StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn an_organisation_coordinator_edits_their_own_people() {
    on_backends(|w| async move {
        let mut ca = w.signed_in(CA).await;
        let alice = w.staff_a[0];
        let org = w.org_a.to_string();
        let form = ca.get(&format!("/people/{alice}/edit")).await;
        form.assert_status(StatusCode::OK);
        assert!(form.contains("value=\"alice@alpha.example.org\""));
        let mut f = person_form(&org, "Alice", "Archer-Smith", "alice@alpha.example.org");
        f[5] = ("job_title", "Matron");
        ca.post(&format!("/people/{alice}/edit"), &f)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let stored = w.ctx.store.get_person(alice).await.unwrap();
        assert_eq!(stored.person.family_name, "Archer-Smith");
        assert_eq!(stored.employments.len(), 1);
        assert_eq!(stored.employments[0].job_title, "Matron");
        // Moving them to B is refused.
        let b_org = w.org_b.to_string();
        let res = ca
            .post(
                &format!("/people/{alice}/edit"),
                &person_form(&b_org, "Alice", "Archer", "alice@alpha.example.org"),
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            w.ctx.store.get_person(alice).await.unwrap().employments[0].organisation_id,
            w.org_a
        );
    })
    .await;
}

#[tokio::test]
async fn a_person_employed_by_both_organisations_shows_each_coordinator_only_their_part() {
    on_backends(|w| async move {
        // Bilal works for B (main job) and also for A.
        let bilal = w.staff_b[1];
        let mut record = w.ctx.store.get_person(bilal).await.unwrap();
        record.employments.push(tandem_domain::Employment {
            id: tandem_domain::EmploymentId::new(),
            person_id: bilal,
            organisation_id: w.org_a,
            job_title: "Bank nurse".into(),
            profession: "Nursing".into(),
            grade_system: tandem_domain::GradeSystem::AgendaForChange,
            grade: "5".into(),
            line_manager_id: None,
            primary: false,
        });
        record.employments[0].job_title = "Secret council role".into();
        w.ctx
            .store
            .update_person(&record.person, &record.employments)
            .await
            .unwrap();

        let mut ca = w.signed_in(CA).await;
        let profile = ca.get(&format!("/people/{bilal}")).await;
        profile.assert_status(StatusCode::OK);
        assert!(profile.contains("Bank nurse") && !profile.contains("Secret council role"));
        assert!(profile.contains("Also employed by 1 other organisation"));
        // A's coordinator cannot rewrite B's main employment through the edit form.
        ca.get(&format!("/people/{bilal}/edit"))
            .await
            .assert_status(StatusCode::FORBIDDEN);
        let org = w.org_a.to_string();
        let res = ca
            .post(
                &format!("/people/{bilal}/edit"),
                &person_form(&org, "Bilal", "Bashir", "bilal@beta.example.org"),
            )
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
        let now = w.ctx.store.get_person(bilal).await.unwrap();
        assert!(
            now.employments
                .iter()
                .any(|e| e.job_title == "Secret council role" && e.organisation_id == w.org_b)
        );
        // The export for A carries only the A employment.
        let csv = ca.get("/people/export?format=csv").await.text();
        assert!(csv.contains("Bank nurse") && !csv.contains("Secret council role"));

        // The people list shows Bilal's A job, never his B job or organisation.
        let list = ca.get("/people?q=Bashir").await;
        list.assert_status(StatusCode::OK);
        assert!(list.contains("Bank nurse"), "{}", list.text());
        assert!(!list.contains("Secret council role") && !list.contains("Beta Council"));
        // Filtering by B's organisation, profession or grade system reveals nothing of B.
        let probe = ca
            .get(&format!("/people?organisation={}&q=Bashir", w.org_b))
            .await;
        probe.assert_status(StatusCode::OK);
        assert!(
            !probe.contains(&format!("/people/{bilal}")) && !probe.contains("Secret council role"),
            "{}",
            probe.text()
        );

        // The same through the API.
        let account = w.ctx.store.account_by_email(CA).await.unwrap().unwrap();
        let user = services::accounts::user_for_account(&w.ctx, account.id)
            .await
            .unwrap()
            .unwrap();
        let token = services::accounts::create_api_token(&w.ctx, &user, "tests")
            .await
            .unwrap();
        let mut api = w.browser();
        api.headers
            .push(("authorization".into(), format!("Bearer {token}")));
        let listed = api.get("/api/v1/people?q=Bashir").await;
        listed.assert_status(StatusCode::OK);
        assert!(listed.contains("Bank nurse"), "{}", listed.text());
        assert!(!listed.contains("Secret council role") && !listed.contains("Beta Council"));
        assert!(!listed.contains(&w.org_b.to_string()));
        let probed = api
            .get(&format!("/api/v1/people?organisation={}", w.org_b))
            .await;
        assert!(
            !probed.contains("Bashir") && !probed.contains("Secret council role"),
            "{}",
            probed.text()
        );
    })
    .await;
}
