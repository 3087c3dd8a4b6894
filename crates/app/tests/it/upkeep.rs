//! The sweeper (`tandem_app::upkeep::sweep`): what has expired by the application's clock is
//! deleted, nothing else, each row once even when several servers sweep at the same time.

use crate::import::preview_id;
use chrono::Duration;
use tandem_app::accounts::{self, token_hash};
use tandem_app::import::{self, PENDING_MINUTES};
use tandem_app::upkeep::{Swept, sweep};
use tandem_test_support::{CA, PA, PASSWORD, SC, on_worlds};

fn extract(email: &str) -> Vec<u8> {
    format!(
        "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language\n\
         Sweep,Test,{email},Alpha Trust,Staff nurse,Nursing,afc,6,,en-GB\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn the_sweeper_deletes_expired_sessions_and_previews_once_across_servers() {
    on_worlds(|w| async move {
        let other = w.another_server().await;
        let start = w.ctx.now();
        let sam = w.actor(w.scheme_coordinator).await;
        let ada = w.actor(w.coordinator_a).await;
        let session_hours = i64::from(w.ctx.settings.session_hours);

        let pat = accounts::sign_in(&w.ctx, PA, PASSWORD).await.unwrap();
        let sam_session = accounts::sign_in(&other, SC, PASSWORD).await.unwrap();
        let stale = preview_id(&w.ctx, &sam, &extract("stale@alpha.example.org")).await;

        // Nothing has expired yet.
        assert_eq!(sweep(&w.ctx).await.unwrap(), Swept::default());
        assert!(
            accounts::user_for_session(&w.ctx, &pat.token)
                .await
                .unwrap()
                .is_some()
        );

        // Past the preview's minutes: the preview goes, the sessions stay, and a preview made
        // since is kept and can still be committed.
        w.clock.advance(Duration::minutes(PENDING_MINUTES + 1));
        let fresh = preview_id(&w.ctx, &ada, &extract("fresh@alpha.example.org")).await;
        assert_eq!(
            sweep(&other).await.unwrap(),
            Swept {
                sessions: 0,
                import_previews: 1,
                registrations: 0,
            }
        );
        // Gone from the database, not merely expired: even asked as of its making, it is not
        // there.
        let taken = w
            .ctx
            .store
            .take_import_preview(&token_hash(&stale), w.scheme_coordinator, start)
            .await
            .unwrap();
        assert!(taken.is_none());
        assert!(
            accounts::user_for_session(&other, &sam_session.token)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            import::commit(&w.ctx, &ada, &fresh).await.unwrap().created,
            1
        );

        // Past the sessions' hours: two servers sweeping at once delete each session once.
        w.clock.advance(Duration::hours(session_hours));
        let (a, b) = tokio::join!(sweep(&w.ctx), sweep(&other));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.sessions + b.sessions, 2, "{a:?} {b:?}");
        assert_eq!(a.import_previews + b.import_previews, 0);
        for s in [&pat, &sam_session] {
            let row = w
                .ctx
                .store
                .session(&token_hash(&s.token), start)
                .await
                .unwrap();
            assert!(row.is_none(), "the session row is deleted");
        }
        // Sweeping again finds nothing.
        assert_eq!(sweep(&w.ctx).await.unwrap(), Swept::default());
        other.store.close().await;
    })
    .await;
}

#[tokio::test]
async fn the_sweeper_goes_by_the_applications_clock_not_the_wall_clock() {
    on_worlds(|w| async move {
        let session = accounts::sign_in(&w.ctx, CA, PASSWORD).await.unwrap();
        // An application whose clock is behind the wall clock (the demo plays the past) sweeps
        // nothing that is only expired by the wall clock's measure...
        w.clock.advance(-Duration::hours(48));
        let earlier = accounts::sign_in(&w.ctx, PA, PASSWORD).await.unwrap();
        assert_eq!(sweep(&w.ctx).await.unwrap(), Swept::default());
        // ...and, moved forward, sweeps exactly what has expired by then.
        w.clock.advance(Duration::hours(48));
        assert_eq!(sweep(&w.ctx).await.unwrap().sessions, 1);
        assert!(
            accounts::user_for_session(&w.ctx, &earlier.token)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            accounts::user_for_session(&w.ctx, &session.token)
                .await
                .unwrap()
                .is_some()
        );
    })
    .await;
}
