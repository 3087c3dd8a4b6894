//! Professions and grades in the reader's language, and Dutch family names sorted without their
//! particles, on the people pages.

use crate::harness::{SC, on_backends};
use axum::http::StatusCode;

/// Positions of `names` in `text`, in the order given (panics when one is missing).
fn positions(text: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            text.find(n)
                .unwrap_or_else(|| panic!("{n} not on the page"))
        })
        .collect()
}

#[tokio::test]
async fn professions_and_grades_read_in_each_language_and_names_sort_dutch_style() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let org = w.org_a.to_string();
        // (given, family, e-mail, profession as typed, grade system, grade)
        let people = [
            (
                "Petra",
                "van der Meer",
                "petra@alpha.example.org",
                "Verpleegkunde",
                "afc",
                "8a",
            ),
            (
                "Thijs",
                "de Graaf",
                "thijs@alpha.example.org",
                "NURSING",
                "fwg",
                "50",
            ),
            (
                "Fleur",
                "Dekker",
                "fleur@alpha.example.org",
                "nursing",
                "afc",
                "Band 6",
            ),
            (
                "Nina",
                "Smit",
                "nina@alpha.example.org",
                "Nursing",
                "afc",
                "5",
            ),
        ];
        for (given, family, email, profession, system, grade) in people {
            let res = b
                .post(
                    "/people/new",
                    &[
                        ("given_name", given),
                        ("family_name", family),
                        ("email", email),
                        ("language", "nl-NL"),
                        ("organisation_id", org.as_str()),
                        ("job_title", "Verpleegkundige"),
                        ("profession", profession),
                        ("grade_system", system),
                        ("grade", grade),
                    ],
                )
                .await;
            res.assert_status(StatusCode::SEE_OTHER);
        }
        let petra = w
            .ctx
            .store
            .find_person_by_email(w.scheme, "petra@alpha.example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            petra.employments[0].profession, "nursing",
            "stored as its code"
        );

        // The list, filtered by the stored code, in Dutch.
        let nl = b.get("/people?lang=nl-NL&profession=nursing").await;
        nl.assert_status(StatusCode::OK);
        let text = nl.text();
        assert!(text.contains(">Verpleegkunde<"), "profession in Dutch");
        assert!(!text.contains(">nursing<") && !text.contains(">Nursing<"));
        assert!(text.contains("AfC-band 8a") && text.contains("FWG 50"));
        assert!(
            !text.contains("(FWG (zorg))"),
            "no system name after the grade"
        );
        // Dekker, (de) Graaf, (van der) Meer, Smit: not "de Graaf" under D and "van der Meer"
        // under V.
        let at = positions(
            &text,
            &[
                "Dekker, Fleur",
                "de Graaf, Thijs",
                "van der Meer, Petra",
                "Smit, Nina",
            ],
        );
        assert!(at.windows(2).all(|w| w[0] < w[1]), "order {at:?}");

        // The same list in English.
        let en = b.get("/people?lang=en-GB&profession=nursing").await;
        let text = en.text();
        // A label typed in either language filters as its code does.
        for label in ["Nursing", "verpleegkunde", "Verpleegkunde"] {
            let by_label = b
                .get(&format!("/people?lang=en-GB&profession={label}"))
                .await
                .text();
            let names = |page: &str| {
                [
                    "Dekker, Fleur",
                    "de Graaf, Thijs",
                    "van der Meer, Petra",
                    "Smit, Nina",
                ]
                .map(|n| page.contains(n))
            };
            assert_eq!(names(&by_label), names(&text), "{label}");
            assert!(names(&by_label).iter().any(|&found| found), "{label}");
        }
        assert!(text.contains(">Nursing<") && !text.contains(">Verpleegkunde<"));
        assert!(text.contains("Band 8a") && !text.contains("AfC-band"));
        assert!(text.contains("FWG 50") && !text.contains("(FWG (Dutch care))"));
        let at = positions(
            &text,
            &[
                "Dekker, Fleur",
                "de Graaf, Thijs",
                "van der Meer, Petra",
                "Smit, Nina",
            ],
        );
        assert!(at.windows(2).all(|w| w[0] < w[1]), "order {at:?}");

        // A person's page and the form to change them, in Dutch.
        let id = petra.person.id;
        let page = b.get(&format!("/people/{id}?lang=nl-NL")).await;
        assert!(page.contains(">Verpleegkunde<") && page.contains("AfC-band 8a"));
        let form = b.get(&format!("/people/{id}/edit")).await;
        assert!(
            form.contains("value=\"Verpleegkunde\""),
            "the form offers the label"
        );
        let page = b.get(&format!("/people/{id}?lang=en-GB")).await;
        assert!(page.contains(">Nursing<") && page.contains("Band 8a"));
    })
    .await;
}
