//! The dashboards' people figures, read from the maintained counts (migration 0043), equal the
//! counting way they replaced (storage `figures.rs`, uncapped here) for every reader: the scheme
//! coordinator, a coordinator of one organisation and of two (where someone employed by both
//! counts once), after people move, are employed twice and are erased.

use tandem_app::dashboard;
use tandem_domain::{
    Actor, Employment, EmploymentId, GradeSystem, OrganisationId, PersonId, Role, RoleAssignment,
    Scope,
};
use tandem_test_support::{World, on_worlds};

const ALL: u64 = 1_000_000;

fn job(person: PersonId, org: OrganisationId, primary: bool) -> Employment {
    Employment {
        id: EmploymentId::new(),
        person_id: person,
        organisation_id: org,
        job_title: "Nurse".into(),
        profession: "nursing".into(),
        grade_system: GradeSystem::AgendaForChange,
        grade: "7".into(),
        line_manager_id: None,
        primary,
    }
}

/// The dashboard of `a` against the old counts: each organisation it shows, and its total.
async fn check(w: &World, a: &Actor, scope: &[OrganisationId], context: &str) {
    let store = &w.ctx.store;
    let d = dashboard::summary(&w.ctx, a).await.unwrap();
    for row in &d.organisations {
        let o = row.organisation.id;
        let expected = if a.is_scheme_coordinator() || scope.contains(&o) {
            Some(store.count_employees(o, ALL).await.unwrap())
        } else {
            None
        };
        assert_eq!(row.people, expected, "organisation {o}, {context}");
        assert!(!row.people_more, "{context}");
    }
    let total = if a.is_scheme_coordinator() {
        store.count_listed_people(a.scheme_id, ALL).await.unwrap()
    } else {
        store
            .count_listed_employees(scope, Some(a.person_id), ALL)
            .await
            .unwrap()
    };
    assert_eq!(d.people_total, Some(total), "total, {context}");
    assert!(!d.people_total_more, "{context}");
}

#[tokio::test]
async fn dashboard_figures_equal_the_counting_way() {
    on_worlds(|w| async move {
        let store = &w.ctx.store;
        let sc = w.actor(w.scheme_coordinator).await;
        // Ada coordinates organisation A; Ben both A and B.
        store
            .grant_role(
                w.coordinator_b,
                RoleAssignment {
                    role: Role::OrganisationCoordinator,
                    scope: Scope::Organisation(w.org_a),
                },
            )
            .await
            .unwrap();
        let ada = w.actor(w.coordinator_a).await;
        let ben = w.actor(w.coordinator_b).await;
        let readers = [
            (sc.clone(), vec![]),
            (ada.clone(), vec![w.org_a]),
            (ben.clone(), vec![w.org_a, w.org_b]),
        ];
        for (a, scope) in &readers {
            check(&w, a, scope, "as seeded").await;
        }
        // Someone of A also employed by B (twice), someone of B moved to A, one erased.
        let both = store.get_person(w.staff_a[0]).await.unwrap();
        store
            .update_person(
                &both.person,
                &[
                    job(both.person.id, w.org_a, true),
                    job(both.person.id, w.org_b, false),
                    job(both.person.id, w.org_b, false),
                ],
            )
            .await
            .unwrap();
        let moved = store.get_person(w.staff_b[0]).await.unwrap();
        store
            .update_person(&moved.person, &[job(moved.person.id, w.org_a, true)])
            .await
            .unwrap();
        store
            .erase_person(w.staff_a[1], "Former", chrono::Utc::now())
            .await
            .unwrap();
        for (a, scope) in &readers {
            check(&w, a, scope, "after moves and an erasure").await;
        }
        // Ben's total counts the person employed by both once (Ben is employed by B).
        let kept = store.people_counts(w.scheme).await.unwrap();
        let d = dashboard::summary(&w.ctx, &ben).await.unwrap();
        assert_eq!(
            d.people_total,
            Some(kept.organisation(w.org_a).listed + kept.organisation(w.org_b).listed - 1)
        );
    })
    .await;
}
