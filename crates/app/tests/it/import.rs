//! Import previews live in the database (migration 0008), so a preview made by one instance of
//! the server can be committed through another behind the same load balancer: once, by the
//! person who made it, before it expires, and only if the file is still valid then.

use crate::errors::field;
use chrono::Duration;
use tandem_app::Context;
use tandem_app::import::{self, ImportFormat, ImportOutcome, PENDING_MINUTES};
use tandem_app::organisations::{self, OrganisationInput};
use tandem_domain::Actor;
use tandem_test_support::{World, on_worlds};

const HEADER: &str = "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language";

/// An HR extract of `n` new people of Alpha Trust, their e-mail addresses starting with `tag`.
fn extract(tag: &str, n: usize) -> Vec<u8> {
    let mut csv = format!("{HEADER}\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Given{i},Family{i},{tag}{i}@alpha.example.org,Alpha Trust,Staff nurse,Nursing,afc,6,,en-GB\n"
        ));
    }
    csv.into_bytes()
}

/// Previews `file` as `actor`, which must be valid, and returns the id the preview waits under.
pub async fn preview_id(ctx: &Context, actor: &Actor, file: &[u8]) -> String {
    let preview = import::preview(ctx, actor, file, ImportFormat::Csv).await;
    preview
        .unwrap()
        .id
        .expect("a valid preview waits under an id")
}

/// The field error a commit of an unknown, expired, used or someone else's preview gets.
fn expired() -> (String, String) {
    ("file".into(), "import.preview_expired".into())
}

async fn emails(w: &World) -> Vec<String> {
    let mut all: Vec<String> = w
        .ctx
        .store
        .all_people(w.scheme)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.person.email)
        .collect();
    all.sort();
    all
}

#[tokio::test]
async fn a_preview_made_on_one_server_is_committed_once_on_another() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let other = w.another_server().await;
        let before = w.people_count().await;

        let preview = import::preview(&w.ctx, &sc, &extract("lb", 3), ImportFormat::Csv)
            .await
            .unwrap();
        assert!(preview.is_valid(), "{:?}", preview.rows);
        assert_eq!((preview.creates, preview.updates), (3, 0));
        let id = preview.id.expect("a valid preview waits under an id");
        // A preview writes no people.
        assert_eq!(w.people_count().await, before);

        let outcome = import::commit(&other, &sc, &id).await.unwrap();
        assert_eq!(
            outcome,
            ImportOutcome {
                created: 3,
                updated: 0,
                unchanged: 0
            }
        );
        assert_eq!(w.people_count().await, before + 3);
        assert!(
            emails(&w)
                .await
                .contains(&"lb2@alpha.example.org".to_string())
        );

        // Taken once: neither server can commit it again, and nothing more is written.
        for ctx in [&other, &w.ctx] {
            let again = import::commit(ctx, &sc, &id).await.unwrap_err();
            assert_eq!(field(&again), expired());
        }
        assert_eq!(w.people_count().await, before + 3);
        other.store.close().await;
    })
    .await;
}

#[tokio::test]
async fn two_servers_confirming_the_same_preview_at_once_import_it_once() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let other = w.another_server().await;
        let before = w.people_count().await;
        let id = preview_id(&w.ctx, &sc, &extract("race", 5)).await;
        let (a, b) = tokio::join!(
            import::commit(&w.ctx, &sc, &id),
            import::commit(&other, &sc, &id)
        );
        let won: Vec<ImportOutcome> = [&a, &b]
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .copied()
            .collect();
        assert_eq!(won.len(), 1, "exactly one commit wins: {a:?} / {b:?}");
        assert_eq!(won[0].created, 5);
        let lost = a.err().or(b.err()).expect("the other commit loses");
        assert_eq!(field(&lost), expired());
        assert_eq!(w.people_count().await, before + 5);
        other.store.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_preview_expires_after_its_minutes_on_every_server() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let other = w.another_server().await;
        let before = w.people_count().await;

        // Just inside the time: committed.
        let id = preview_id(&w.ctx, &sc, &extract("early", 1)).await;
        w.clock.advance(Duration::minutes(PENDING_MINUTES - 1));
        assert_eq!(import::commit(&other, &sc, &id).await.unwrap().created, 1);

        // Just past it: refused on both servers, and nothing is written.
        let id = preview_id(&w.ctx, &sc, &extract("late", 1)).await;
        w.clock.advance(Duration::minutes(PENDING_MINUTES + 1));
        for ctx in [&other, &w.ctx] {
            let e = import::commit(ctx, &sc, &id).await.unwrap_err();
            assert_eq!(field(&e), expired());
        }
        let all = emails(&w).await;
        assert!(all.contains(&"early0@alpha.example.org".to_string()));
        assert!(!all.contains(&"late0@alpha.example.org".to_string()));
        assert_eq!(w.people_count().await, before + 1);
        other.store.close().await;
    })
    .await;
}

#[tokio::test]
async fn only_the_person_who_made_a_preview_can_commit_it() {
    on_worlds(|w| async move {
        let ada = w.actor(w.coordinator_a).await;
        let sam = w.actor(w.scheme_coordinator).await;
        let ben = w.actor(w.coordinator_b).await;
        let other = w.another_server().await;
        let before = w.people_count().await;
        let id = preview_id(&w.ctx, &ada, &extract("ada", 2)).await;

        // Somebody else's id is answered exactly like an unknown one, even for the scheme
        // coordinator, and trying does not use the preview up.
        for (who, ctx) in [(&sam, &other), (&ben, &w.ctx)] {
            let e = import::commit(ctx, who, &id).await.unwrap_err();
            assert_eq!(field(&e), expired());
            let unknown = import::commit(ctx, who, "no-such-preview")
                .await
                .unwrap_err();
            assert_eq!(field(&unknown), field(&e));
        }
        assert_eq!(w.people_count().await, before);

        let mine = import::commit(&other, &ada, &id).await.unwrap();
        assert_eq!(mine.created, 2);
        assert_eq!(w.people_count().await, before + 2);
        other.store.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_new_preview_replaces_the_previous_one_of_the_same_person() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let other = w.another_server().await;
        let first = preview_id(&w.ctx, &sc, &extract("first", 1)).await;
        let second = preview_id(&other, &sc, &extract("second", 1)).await;
        assert_ne!(first, second);
        let e = import::commit(&w.ctx, &sc, &first).await.unwrap_err();
        assert_eq!(field(&e), expired());
        assert_eq!(
            import::commit(&w.ctx, &sc, &second).await.unwrap().created,
            1
        );
        let all = emails(&w).await;
        assert!(all.contains(&"second0@alpha.example.org".to_string()));
        assert!(!all.contains(&"first0@alpha.example.org".to_string()));
        other.store.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_preview_that_the_data_have_overtaken_is_refused_and_writes_nothing() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let other = w.another_server().await;
        let before = w.people_count().await;
        let id = preview_id(&w.ctx, &sc, &extract("moved", 2)).await;
        // Meanwhile, on the other server, the organisation the file names is renamed.
        let alpha = w.ctx.store.get_organisation(w.org_a).await.unwrap();
        let input = OrganisationInput {
            name: "Alpha Health Trust".into(),
            kind: Some(alpha.kind),
            country: Some(alpha.country),
        };
        organisations::update(&other, &sc, w.org_a, input)
            .await
            .unwrap();

        let e = import::commit(&other, &sc, &id).await.unwrap_err();
        assert_eq!(field(&e), ("file".into(), "import.changed".into()));
        assert_eq!(w.people_count().await, before);
        // The preview was taken by that attempt: it cannot be retried, only made again.
        let again = import::commit(&w.ctx, &sc, &id).await.unwrap_err();
        assert_eq!(field(&again), expired());
        other.store.close().await;
    })
    .await;
}
