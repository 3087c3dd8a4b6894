//! Pages render for the roles that may see them and refuse the others; scheme set-up forms.

use crate::harness::{CA, CB, PA, SC, on_backends};
use axum::http::StatusCode;
use tandem_domain::{Mode, ProgrammeKind};

/// Checks the page chrome every page must have (language, title, skip link, language switch).
#[track_caller]
fn assert_chrome(page: &crate::harness::Page, lang: &str) {
    let text = page.text();
    assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
    assert!(
        text.contains(&format!("<html lang=\"{lang}\">")),
        "lang attribute missing"
    );
    assert!(
        text.contains("<title>") && text.contains("– Tandem</title>"),
        "title missing"
    );
    assert!(
        text.contains("href=\"#maincontent\"") && text.contains("id=\"maincontent\""),
        "skip link missing"
    );
    assert!(text.contains("hreflang="), "language switch missing");
    assert!(
        !text.contains("<script>") && !text.contains("onclick"),
        "inline script found"
    );
}

#[tokio::test]
async fn every_page_renders_for_the_scheme_coordinator() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        // Make a programme and an intake so their pages exist.
        let res = b
            .post(
                "/programmes/new",
                &[
                    ("name", "Mentoring 2026"),
                    ("kind", "mentoring"),
                    ("modes", "video"),
                    ("session_cap", "6"),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let programme = res
            .location()
            .trim_start_matches("/programmes/")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        b.post(
            &format!("/programmes/{programme}/intakes/new"),
            &[
                ("name", "Spring"),
                ("opens_on-day", "1"),
                ("opens_on-month", "3"),
                ("opens_on-year", "2026"),
                ("closes_on-day", "31"),
                ("closes_on-month", "3"),
                ("closes_on-year", "2026"),
                ("starts_on-day", "1"),
                ("starts_on-month", "5"),
                ("starts_on-year", "2026"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let intake = w
            .ctx
            .store
            .list_intakes(programme.parse().unwrap())
            .await
            .unwrap()[0]
            .id;
        let person = w.staff_a[0];
        let pages = [
            "/dashboard".to_string(),
            "/organisations".into(),
            "/organisations/new".into(),
            format!("/organisations/{}/edit", w.org_b),
            "/programmes".into(),
            "/programmes/new".into(),
            format!("/programmes/{programme}"),
            format!("/programmes/{programme}/edit"),
            format!("/programmes/{programme}/intakes/new"),
            format!("/intakes/{intake}/edit"),
            "/people".into(),
            "/people?q=al&organisation=&grade_system=afc&page=1".into(),
            "/people/new".into(),
            format!("/people/{person}"),
            format!("/people/{person}/edit"),
            "/people/import".into(),
            "/account".into(),
        ];
        for path in &pages {
            let page = b.get(path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text());
            assert_chrome(&page, "en-GB");
            let dutch = b
                .get(&format!(
                    "{path}{}lang=nl-NL",
                    if path.contains('?') { '&' } else { '?' }
                ))
                .await;
            assert_eq!(dutch.status, StatusCode::OK, "{path} in Dutch");
            assert_chrome(&dutch, "nl-NL");
            b.get("/dashboard?lang=en-GB").await;
        }
        // Signed-out pages.
        let mut anon = w.browser();
        for path in [
            "/sign-in",
            "/forgot-password",
            "/reset-password?token=abc",
            "/accept-invitation?token=abc",
        ] {
            let page = anon.get(path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert_chrome(&page, "en-GB");
        }
    })
    .await;
}

#[tokio::test]
async fn pages_are_refused_to_roles_that_may_not_see_them() {
    on_backends(|w| async move {
        let mut anon = w.browser();
        for path in [
            "/dashboard",
            "/people",
            "/organisations",
            &format!("/people/{}", w.staff_a[0]),
        ] {
            let page = anon.get(path).await;
            page.assert_status(StatusCode::SEE_OTHER);
            assert!(page.location().starts_with("/sign-in?next="), "{path}");
        }
        let mut participant = w.signed_in(PA).await;
        for path in [
            "/people",
            "/people/new",
            "/people/import",
            "/people/export",
            "/organisations/new",
            "/programmes/new",
            "/audit",
        ] {
            let page = participant.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
            assert!(page.contains("You do not have access"), "{path}");
        }
        participant
            .get("/dashboard")
            .await
            .assert_status(StatusCode::OK);
        participant
            .get("/programmes")
            .await
            .assert_status(StatusCode::OK);
        // Their own profile, but nobody else's.
        participant
            .get(&format!("/people/{}", w.participant))
            .await
            .assert_status(StatusCode::OK);
        participant
            .get(&format!("/people/{}", w.staff_a[0]))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        participant
            .get(&format!("/people/{}/edit", w.participant))
            .await
            .assert_status(StatusCode::FORBIDDEN);

        let mut ca = w.signed_in(CA).await;
        for path in [
            "/organisations/new",
            "/programmes/new",
            &format!("/organisations/{}/edit", w.org_a),
        ] {
            assert_eq!(ca.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        let res = ca
            .post(
                "/organisations/new",
                &[("name", "Sneaky"), ("kind", "charity"), ("country", "GB")],
            )
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
        assert!(
            !w.ctx
                .store
                .list_organisations(w.scheme)
                .await
                .unwrap()
                .iter()
                .any(|o| o.name == "Sneaky")
        );
        // Unknown ids and malformed ids are plain 404s.
        ca.get("/people/not-a-uuid")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        ca.get(&format!("/programmes/{}", uuid::Uuid::nil()))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        ca.get("/no/such/page")
            .await
            .assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn organisation_a_coordinator_can_neither_read_nor_change_organisation_b_people() {
    on_backends(|w| async move {
        let mut ca = w.signed_in(CA).await;
        let b_person = w.staff_b[0];
        let before = w.ctx.store.get_person(b_person).await.unwrap();
        ca.get(&format!("/people/{b_person}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        ca.get(&format!("/people/{b_person}/edit"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        let fields = [
            ("given_name", "Hacked"),
            ("family_name", "Name"),
            ("email", "bea@beta.example.org"),
            ("organisation_id", &w.org_a.to_string()),
            ("job_title", "x"),
            ("profession", "x"),
            ("grade_system", "afc"),
            ("grade", "5"),
        ];
        ca.post(&format!("/people/{b_person}/edit"), &fields)
            .await
            .assert_status(StatusCode::NOT_FOUND);
        ca.post(&format!("/people/{b_person}/invite"), &[])
            .await
            .assert_status(StatusCode::NOT_FOUND);
        assert_eq!(w.ctx.store.get_person(b_person).await.unwrap(), before);

        // Creating someone in B is refused with a field error, and nothing is written.
        let count = w.people_count().await;
        let create = [
            ("given_name", "New"),
            ("family_name", "Person"),
            ("email", "new.person@beta.example.org"),
            ("language", "en-GB"),
            ("organisation_id", &w.org_b.to_string()),
            ("job_title", "Social worker"),
            ("profession", "Social work"),
            ("grade_system", "local_authority"),
            ("grade", "PO1"),
        ];
        let res = ca.post("/people/new", &create).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("only add or change people of your own organisation"));
        assert_eq!(w.people_count().await, count);

        // The list and its search show A's people only, even when filtered for B.
        let list = ca.get("/people").await;
        assert!(list.contains("Archer") && !list.contains("Brook") && !list.contains("Bashir"));
        assert!(
            !list.contains("Beta Council"),
            "B is not even offered as a filter"
        );
        let search = ca
            .get(&format!("/people?q=brook&organisation={}", w.org_b))
            .await;
        assert!(!search.contains("Brook"));
        assert!(search.contains("role=\"status\">0 people<"));
        // Export contains A's people only.
        let csv = ca.get("/people/export?format=csv").await;
        csv.assert_status(StatusCode::OK);
        let text = csv.text();
        assert!(
            text.contains("alice@alpha.example.org") && !text.contains("beta.example.org"),
            "{text}"
        );
        // The dashboard counts only A.
        let dash = ca.get("/dashboard").await;
        assert!(dash.contains("Alpha Trust") && !dash.contains("Beta Council"));

        // B's coordinator sees B and not A.
        let mut cb = w.signed_in(CB).await;
        cb.get(&format!("/people/{b_person}"))
            .await
            .assert_status(StatusCode::OK);
        cb.get(&format!("/people/{}", w.staff_a[0]))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn programme_with_three_sessions_of_ninety_minutes_is_saved_and_shown() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let res = b
            .post(
                "/programmes/new",
                &[
                    ("name", "Virtual mentoring cohort"),
                    ("kind", "virtual_cohort"),
                    ("description", "Organisational-development mentoring"),
                    ("session_cap", "3"),
                    ("session_minutes", "90"),
                    ("modes", "telephone"),
                    ("modes", "video"),
                    ("mentor_load_min", "2"),
                    ("grade_from_afc", "7"),
                    ("grade_to_afc", "8a"),
                    ("professions", "Nursing\nSocial work"),
                    ("organisation_kinds", "nhs_trust"),
                    ("mentor_training_required", "yes"),
                    ("pilot", "yes"),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let programmes = w.ctx.store.list_programmes(w.scheme).await.unwrap();
        assert_eq!(programmes.len(), 1);
        let p = &programmes[0];
        assert_eq!(p.kind, ProgrammeKind::VirtualCohort);
        assert_eq!(
            (p.rules.session_cap, p.rules.session_minutes),
            (Some(3), Some(90))
        );
        assert_eq!(p.rules.modes, vec![Mode::Telephone, Mode::Video]);
        assert_eq!(p.rules.mentor_load_min, Some(2));
        assert_eq!(
            p.rules.eligibility.grade_ranges,
            vec![(
                tandem_domain::GradeSystem::AgendaForChange,
                "7".to_string(),
                "8a".to_string()
            )]
        );
        assert_eq!(
            p.rules.eligibility.professions,
            vec!["Nursing".to_string(), "Social work".to_string()]
        );
        assert!(p.rules.eligibility.mentor_training_required && p.rules.pilot);
        assert!(res.location().starts_with(&format!("/programmes/{}", p.id)));

        let page = b.get(&format!("/programmes/{}", p.id)).await;
        page.assert_status(StatusCode::OK);
        assert!(
            page.contains("Up to 3 sessions of 90 minutes"),
            "{}",
            page.text()
        );
        assert!(page.contains("270 minutes in total"));
        assert!(page.contains("Telephone, Video"));
        let list = b.get("/programmes").await;
        assert!(
            list.contains("Virtual mentoring cohort")
                && list.contains("Up to 3 sessions of 90 minutes")
        );
        // The edit form shows the stored rules.
        let edit = b.get(&format!("/programmes/{}/edit", p.id)).await;
        assert!(edit.contains("id=\"session_cap\" name=\"session_cap\" type=\"text\" value=\"3\""));
        assert!(
            edit.contains("value=\"telephone\" checked")
                && edit.contains("value=\"video\" checked")
                && !edit.contains("value=\"in_person\" checked")
        );
        // And in Dutch.
        let nl = b.get(&format!("/programmes/{}?lang=nl-NL", p.id)).await;
        assert!(nl.contains("Maximaal 3 sessies van 90 minuten"));
    })
    .await;
}

#[tokio::test]
async fn bad_programme_rules_are_listed_and_nothing_is_saved() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let res = b
            .post(
                "/programmes/new",
                &[
                    ("name", ""),
                    ("kind", "action_learning_sets"),
                    ("session_cap", "three"),
                    ("set_size_min", "8"),
                    ("set_size_max", "4"),
                ],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        for href in ["#name", "#session_cap", "#modes", "#set_size_max"] {
            assert!(
                res.contains(&format!("href=\"{href}\"")),
                "{href} missing: {}",
                res.text()
            );
        }
        assert!(res.contains("Enter a whole number"));
        assert!(res.contains("nhsuk-form-group--error"));
        // What was typed is kept.
        assert!(res.contains("value=\"three\""));
        assert!(
            w.ctx
                .store
                .list_programmes(w.scheme)
                .await
                .unwrap()
                .is_empty()
        );
        // A reversed grade range is refused too.
        let res = b
            .post(
                "/programmes/new",
                &[
                    ("name", "X"),
                    ("kind", "mentoring"),
                    ("modes", "video"),
                    ("grade_from_afc", "8a"),
                    ("grade_to_afc", "5"),
                ],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("The lowest grade must not be above the highest"));
        assert!(
            w.ctx
                .store
                .list_programmes(w.scheme)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn organisations_are_added_and_changed_with_duplicate_names_refused() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let res = b
            .post(
                "/organisations/new",
                &[
                    ("name", "Zorggroep Noord"),
                    ("kind", "dutch_care_organisation"),
                    ("country", "NL"),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let list = b.get(&res.location()).await;
        assert!(
            list.contains("Zorggroep Noord")
                && list.contains("Dutch care organisation")
                && list.contains("Added")
        );
        let dup = b
            .post(
                "/organisations/new",
                &[
                    ("name", "alpha trust"),
                    ("kind", "nhs_trust"),
                    ("country", "GB"),
                ],
            )
            .await;
        dup.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(dup.contains("This name is already used"));
        let missing = b.post("/organisations/new", &[("name", "Gamma")]).await;
        assert!(
            missing.contains("Select the kind of organisation")
                && missing.contains("Select the country")
        );
        let edit = b
            .post(
                &format!("/organisations/{}/edit", w.org_b),
                &[
                    ("name", "Beta City Council"),
                    ("kind", "local_authority"),
                    ("country", "GB"),
                ],
            )
            .await;
        edit.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            w.ctx.store.get_organisation(w.org_b).await.unwrap().name,
            "Beta City Council"
        );
        assert_eq!(
            w.ctx
                .store
                .list_organisations(w.scheme)
                .await
                .unwrap()
                .len(),
            3
        );
    })
    .await;
}

#[tokio::test]
async fn intakes_take_dates_and_places_per_organisation() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let res = b
            .post(
                "/programmes/new",
                &[
                    ("name", "Paired learning"),
                    ("kind", "paired_learning"),
                    ("modes", "in_person"),
                ],
            )
            .await;
        let id = res
            .location()
            .trim_start_matches("/programmes/")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        let a_places = format!("places_{}", w.org_a);
        let b_places = format!("places_{}", w.org_b);
        let dates = |o: &'static str, c: &'static str| {
            vec![
                ("opens_on-day", "1"),
                ("opens_on-month", o),
                ("opens_on-year", "2026"),
                ("closes_on-day", "1"),
                ("closes_on-month", c),
                ("closes_on-year", "2026"),
                ("starts_on-day", "1"),
                ("starts_on-month", "9"),
                ("starts_on-year", "2026"),
            ]
        };
        // Closing before opening, and a non-number of places: refused.
        let mut bad = dates("6", "2");
        bad.push(("name", "2026"));
        bad.push((a_places.as_str(), "many"));
        let res = b.post(&format!("/programmes/{id}/intakes/new"), &bad).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("The closing date must be on or after the opening date"));
        assert!(res.contains(&format!("href=\"#{a_places}\"")));
        let mut good = dates("2", "6");
        good.push(("name", "2026 cohort"));
        good.push((a_places.as_str(), "4"));
        good.push((b_places.as_str(), "2"));
        b.post(&format!("/programmes/{id}/intakes/new"), &good)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let intakes = w.ctx.store.list_intakes(id.parse().unwrap()).await.unwrap();
        assert_eq!(intakes.len(), 1);
        let mut places: Vec<(String, u32)> = intakes[0]
            .places
            .iter()
            .map(|p| (p.organisation_id.to_string(), p.places))
            .collect();
        places.sort();
        let mut want = vec![(w.org_a.to_string(), 4), (w.org_b.to_string(), 2)];
        want.sort();
        assert_eq!(places, want);
        let page = b.get(&format!("/programmes/{id}")).await;
        assert!(
            page.contains("2026 cohort")
                && page.contains("1 February 2026")
                && !page.contains(">2026-02-01")
                && page.contains("Alpha Trust")
        );
        // An invalid date is reported, not guessed.
        let mut nonsense = dates("2", "6");
        nonsense[0] = ("opens_on-day", "31");
        nonsense[1] = ("opens_on-month", "2");
        nonsense.push(("name", "X"));
        let res = b
            .post(&format!("/programmes/{id}/intakes/new"), &nonsense)
            .await;
        assert!(res.contains("Enter a real date"));
        assert_eq!(
            w.ctx
                .store
                .list_intakes(id.parse().unwrap())
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn language_follows_the_switch_then_the_person_then_the_browser() {
    on_backends(|w| async move {
        let mut anon = w.browser();
        anon.headers
            .push(("accept-language".into(), "nl-NL,nl;q=0.9,en;q=0.5".into()));
        let page = anon.get("/sign-in").await;
        assert!(page.contains("<html lang=\"nl-NL\">") && page.contains("Inloggen"));
        let mut b = w.browser();
        let page = b.get("/sign-in?lang=nl-NL").await;
        assert!(page.contains("Inloggen"));
        // Remembered in a cookie.
        assert!(
            b.get("/forgot-password")
                .await
                .contains("Wachtwoord opnieuw instellen")
        );
        assert!(b.get("/sign-in?lang=en-GB").await.contains("Sign in"));
        // A Dutch-speaking person gets Dutch after signing in.
        let mut person = w.ctx.store.get_person(w.coordinator_b).await.unwrap();
        person.person.language = tandem_domain::Language::NlNl;
        w.ctx
            .store
            .update_person(&person.person, &person.employments)
            .await
            .unwrap();
        let mut cb = w.signed_in(CB).await;
        assert!(
            cb.get("/dashboard")
                .await
                .contains("Overzicht van het programma")
        );
        // Errors are translated too.
        let err = cb.get("/organisations/new").await;
        assert!(err.contains("U hebt geen toegang"));
    })
    .await;
}

/// The `href` of the language-switch link (entities decoded as a browser would).
fn language_link(page: &crate::harness::Page) -> String {
    let text = page.text();
    let at = text
        .find("nhsuk-header__account-link\" href=\"")
        .expect("language link")
        + "nhsuk-header__account-link\" href=\"".len();
    let end = text[at..].find('"').unwrap() + at;
    text[at..end]
        .replace("&#x2f;", "/")
        .replace("&#x5c;", "\\")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_language_link_of_a_not_found_page_stays_on_site() {
    on_backends(|w| async move {
        let mut b = w.browser();
        for path in ["//evil.example/", "///evil.example/x", "/\\evil.example/"] {
            let page = b.get(path).await;
            page.assert_status(StatusCode::NOT_FOUND);
            let href = language_link(&page);
            assert!(href.starts_with('/'), "{path}: {href}");
            assert!(
                !href.starts_with("//") && !href.starts_with("/\\"),
                "{path}: {href}"
            );
        }
        // An ordinary page keeps its own path.
        let page = b.get("/sign-in").await;
        assert!(
            language_link(&page).starts_with("/sign-in?lang="),
            "{}",
            language_link(&page)
        );
    })
    .await;
}
