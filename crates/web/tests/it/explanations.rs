//! The results page explains each pair and each unmatched person (issue #15): every criterion
//! with its label, points and share of its best (a 0 shown as 0 %), both people's profession and
//! grade, every rule including the line-management ones, exact unmatched reasons with the rule
//! and its count, people counted per organisation, and criteria levels offered only where valid.

use crate::harness::{SC, on_backends};
use axum::http::StatusCode;
use tandem_domain::{ApplicationRole, Mode, ProgrammeRules};
use tandem_test_support::fixtures::matchable_profile;

fn id_of(location: &str) -> String {
    let path = location.split('?').next().unwrap_or("");
    path.rsplit('/').next().unwrap_or("").to_string()
}

#[tokio::test]
async fn the_results_page_explains_pairs_and_unmatched_people() {
    on_backends(|w| async move {
        let m = w
            .mentoring(ProgrammeRules {
                modes: vec![Mode::Video],
                mentor_load_max: Some(1),
                ..ProgrammeRules::default()
            })
            .await;
        let [pat, mo] = m.people();
        // Dual roles: Pat also mentors, Mo is also mentored (a 2-cycle would be the best score).
        w.approved_application(
            m.intake.id,
            pat,
            w.org_a,
            ApplicationRole::Mentor,
            matchable_profile(),
        )
        .await;
        w.approved_application(
            m.intake.id,
            mo,
            w.org_b,
            ApplicationRole::Mentee,
            matchable_profile(),
        )
        .await;
        let mut sc = w.signed_in(SC).await;

        // The criteria form offers "different organisation" only as must or off.
        let form = sc
            .get(&format!("/programmes/{}/matching-criteria", m.programme.id))
            .await
            .text();
        let offered: Vec<&str> = form
            .split("name=\"different_organisation\" type=\"radio\" value=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or(""))
            .collect();
        assert_eq!(offered, vec!["must", "off"], "{form}");
        assert_eq!(
            form.matches("name=\"goals\" type=\"radio\"").count(),
            5,
            "scored criteria offer all five levels"
        );

        let res = sc
            .post(&format!("/intakes/{}/matching/run", m.intake.id), &[])
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let run = id_of(&res.location());
        let page = sc.get(&format!("/match-runs/{run}")).await;
        page.assert_status(StatusCode::OK);
        let text = page.text();
        // One pair (never both ways round), every criterion with its share; profession scored
        // nothing (both nurses, a different profession preferred) and is shown as 0 %.
        assert_eq!(
            text.matches("class=\"nhsuk-table__row tandem-pair\"")
                .count(),
            1,
            "{text}"
        );
        for label in [
            "Development goals",
            "Seniority gap",
            "Profession",
            "Shared availability",
            "Way of meeting",
        ] {
            assert!(
                text.contains(&format!("<dt>{label}</dt>")),
                "no {label}: {text}"
            );
        }
        assert!(
            text.contains("data-criterion=\"profession\">0 of 3000 points (0%)"),
            "{text}"
        );
        assert!(text.contains("% of the best possible"), "{text}");
        assert!(
            !text.contains("Seniority gap: "),
            "raw points are gone: {text}"
        );
        // Both people's profession and grade.
        assert_eq!(
            text.matches("class=\"tandem-profession\">Nursing<").count(),
            2,
            "{text}"
        );
        assert!(
            text.contains("<dd>Band 7</dd>"),
            "grade read as a band: {text}"
        );
        // Every rule, the line-management ones included, as passed.
        for rule in [
            "Different organisation: passed",
            "Neither manages the other: passed",
            "Neither is the other&#x27;s manager&#x27;s manager: passed",
            "Not the same line manager: passed",
            "Not each other&#x27;s mentor and mentee at once: passed",
        ] {
            assert!(text.contains(rule), "no \"{rule}\": {text}");
        }
        // The two left out are told the exact rule: the reverse pair, 1 of 1 partner.
        assert_eq!(
            text.matches("data-reason=\"blocked_by_rules\"").count(),
            2,
            "{text}"
        );
        assert_eq!(
            text.matches(
                "Not each other&#x27;s mentor and mentee at once: ruled out 1 of 1 possible partner"
            )
            .count(),
            2,
            "{text}"
        );
        assert!(!text.contains("nobody passes the must rules"), "{text}");
        // People per organisation: Pat is one person of Alpha, placed.
        assert_eq!(text.matches(">1 of 1<").count(), 2, "{text}");

        // The same in Dutch.
        let nl = sc
            .get(&format!("/match-runs/{run}?lang=nl-NL"))
            .await
            .text();
        assert!(nl.contains("0 van 3000 punten (0%)"), "{nl}");
        assert!(nl.contains("Niet dezelfde leidinggevende: voldaan"), "{nl}");
    })
    .await;
}
