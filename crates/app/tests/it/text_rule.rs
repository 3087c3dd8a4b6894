//! The one text rule (`tandem_domain::text`) through the use cases, and the e-mail answer that
//! tells a coordinator nothing about people outside their organisations.

use crate::errors::{field, fields};
use tandem_app::people::{self, PersonInput};
use tandem_domain::GradeSystem;
use tandem_test_support::on_worlds;

fn input(w: &tandem_test_support::World, email: &str) -> PersonInput {
    PersonInput {
        given_name: "Grace".into(),
        family_name: "Hopper".into(),
        email: email.into(),
        organisation_id: Some(w.org_a),
        job_title: "Matron".into(),
        profession: "Nursing".into(),
        grade_system: Some(GradeSystem::AgendaForChange),
        grade: "6".into(),
        ..PersonInput::default()
    }
}

#[tokio::test]
async fn an_address_used_outside_the_coordinators_organisations_is_only_unavailable() {
    on_worlds(|w| async move {
        let ada = w.actor(w.coordinator_a).await;
        let sam = w.actor(w.scheme_coordinator).await;
        let before = w.people_count().await;

        // Bea works for Beta Council, which Ada cannot see: no "already used".
        let e = people::create(&w.ctx, &ada, input(&w, "bea@beta.example.org"))
            .await
            .unwrap_err();
        assert_eq!(
            field(&e),
            ("email".into(), "error.email_unavailable".into())
        );
        // Alice works for Alpha Trust, Ada's own: the clear answer stays.
        let e = people::create(&w.ctx, &ada, input(&w, "alice@alpha.example.org"))
            .await
            .unwrap_err();
        assert_eq!(field(&e), ("email".into(), "error.email_taken".into()));
        // The scheme coordinator sees everyone, so Bea's address is "already used" to them.
        let e = people::create(&w.ctx, &sam, input(&w, "bea@beta.example.org"))
            .await
            .unwrap_err();
        assert_eq!(field(&e), ("email".into(), "error.email_taken".into()));
        // Changing someone to another organisation's address answers the same as creating.
        let mut change = input(&w, "bilal@beta.example.org");
        change.given_name = "Alice".into();
        change.family_name = "Archer".into();
        let e = people::update(&w.ctx, &ada, w.staff_a[0], change)
            .await
            .unwrap_err();
        assert!(
            fields(&e).contains(&("email".into(), "error.email_unavailable".into())),
            "{e:?}"
        );
        assert_eq!(w.people_count().await, before, "refusals write nothing");
    })
    .await;
}

#[tokio::test]
async fn names_are_stored_in_nfc_and_overrides_and_controls_are_refused() {
    on_worlds(|w| async move {
        let ada = w.actor(w.coordinator_a).await;
        let before = w.people_count().await;
        for (given, key) in [
            ("Gr\u{202e}ecag", "error.text.bidi"),
            ("Gra\u{2066}ce", "error.text.bidi"),
            ("Gra\0ce", "error.control_characters"),
            ("Gra\r\nce", "error.control_characters"),
            ("Gra\u{85}ce", "error.control_characters"),
        ] {
            let mut i = input(&w, "grace.hopper@alpha.example.org");
            i.given_name = given.into();
            let e = people::create(&w.ctx, &ada, i).await.unwrap_err();
            assert_eq!(field(&e), ("given_name".into(), key.into()), "{given:?}");
        }
        assert_eq!(w.people_count().await, before, "refusals write nothing");

        // "René" typed with a combining accent is stored as the one character.
        let mut i = input(&w, "rene.hopper@alpha.example.org");
        i.given_name = "  Rene\u{301} ".into();
        let id = people::create(&w.ctx, &ada, i).await.unwrap();
        let stored = w.ctx.store.get_person(id).await.unwrap();
        assert_eq!(stored.person.given_name, "Ren\u{e9}");
    })
    .await;
}
