//! Booking sessions within the programme's caps, through the use cases: proposals do not count
//! but are checked, confirmed and held sessions do; a cancellation frees a place; and two
//! servers confirming at once can never pass the cap.

use crate::errors::key;
use chrono::{Duration, NaiveDate};
use tandem_app::sessions::{self, Action, BookingInput};
use tandem_domain::sessions::{Booking, BookingStatus};
use tandem_domain::{Actor, Mode, ProgrammeRules, Relationship};
use tandem_test_support::{World, on_worlds};

/// An active mentoring relationship of Pat and Mo in a programme of `cap` sessions of 60
/// minutes, with Pat and Mo as actors.
async fn active(w: &World, cap: u32) -> (Relationship, Actor, Actor) {
    let (m, r) = w
        .active_mentoring(ProgrammeRules {
            session_cap: Some(cap),
            session_minutes: Some(60),
            ..ProgrammeRules::default()
        })
        .await;
    let [pat, mo] = m.people();
    (r, w.actor(pat).await, w.actor(mo).await)
}

/// The status of every booking of `r`, stored in any order.
async fn statuses(w: &World, r: &Relationship) -> Vec<BookingStatus> {
    let bookings = w.ctx.store.bookings_of(r.id).await.unwrap();
    bookings.into_iter().map(|b| b.status).collect()
}

/// `days` from today by the application's clock.
fn day(w: &World, days: i64) -> NaiveDate {
    (w.ctx.now() + Duration::days(days)).date_naive()
}

fn at(date: NaiveDate, minutes: u32) -> BookingInput {
    BookingInput {
        date: Some(date),
        start: Some("10:00".into()),
        minutes: Some(minutes),
        mode: Some(Mode::Video),
        link: Some("https://meet.example.org/tandem".into()),
        place: None,
    }
}

async fn status_of(w: &World, b: &Booking) -> BookingStatus {
    w.ctx.store.get_booking(b.id).await.unwrap().status
}

#[tokio::test]
async fn bookings_stay_within_the_session_and_minute_caps() {
    on_worlds(|w| async move {
        let (r, pat, mo) = active(&w, 2).await;
        let confirm = async |b: &Booking| {
            sessions::act(&w.ctx, &mo, b.id, Some(b.sequence), Action::Confirm).await
        };

        let s1 = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 5), 60))
            .await
            .unwrap();
        confirm(&s1).await.unwrap();

        // One session of 90 minutes in a programme of 60-minute sessions: refused, not booked
        // (the total alone would have let it through while minutes were left).
        let long = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 6), 90))
            .await
            .unwrap_err();
        assert_eq!(
            crate::errors::fields(&long),
            vec![(
                "minutes".to_string(),
                "kinds.error.session_too_long".to_string()
            )]
        );
        assert_eq!(statuses(&w, &r).await.len(), 1);

        // Proposals do not use the cap, so two more can wait; only one can be confirmed.
        let s2 = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 6), 60))
            .await
            .unwrap();
        let s3 = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 7), 60))
            .await
            .unwrap();
        confirm(&s2).await.unwrap();
        let full = confirm(&s3).await.unwrap_err();
        assert_eq!(key(&full), "error.sessions.session_cap");
        assert_eq!(status_of(&w, &s3).await, BookingStatus::Proposed);
        // With the cap reached, nothing more can even be proposed.
        let more = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 8), 30))
            .await
            .unwrap_err();
        assert_eq!(key(&more), "error.sessions.session_cap");

        // Cancelling (well before the agreed notice) frees the place for the waiting proposal.
        sessions::act(&w.ctx, &pat, s2.id, Some(s2.sequence), Action::Cancel)
            .await
            .unwrap();
        confirm(&s3).await.unwrap();
        assert_eq!(status_of(&w, &s2).await, BookingStatus::Cancelled);
        assert_eq!(status_of(&w, &s3).await, BookingStatus::Confirmed);

        // A held session still counts.
        w.clock.advance(Duration::days(5) + Duration::hours(12));
        let held = Action::Held {
            topics: "Leading a ward through winter".into(),
            action_points: String::new(),
        };
        sessions::act(&w.ctx, &mo, s1.id, None, held).await.unwrap();
        assert_eq!(status_of(&w, &s1).await, BookingStatus::Held);
        let after = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 9), 30))
            .await
            .unwrap_err();
        assert_eq!(key(&after), "error.sessions.session_cap");

        let mut kept = statuses(&w, &r).await;
        kept.sort_by_key(|s| format!("{s:?}"));
        let want = [
            BookingStatus::Cancelled,
            BookingStatus::Confirmed,
            BookingStatus::Held,
        ];
        assert_eq!(kept, want, "refused bookings are not stored");
    })
    .await;
}

#[tokio::test]
async fn two_servers_confirming_the_last_place_at_once_confirm_one_session() {
    on_worlds(|w| async move {
        let (r, pat, mo) = active(&w, 1).await;
        let other = w.another_server().await;
        let p1 = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 3), 60))
            .await
            .unwrap();
        let p2 = sessions::propose(&other, &pat, r.id, at(day(&w, 4), 60))
            .await
            .unwrap();

        let (a, b) = tokio::join!(
            sessions::act(&w.ctx, &mo, p1.id, Some(0), Action::Confirm),
            sessions::act(&other, &mo, p2.id, Some(0), Action::Confirm)
        );
        let refused: Vec<_> = [&a, &b]
            .into_iter()
            .filter_map(|r| r.as_ref().err())
            .collect();
        assert_eq!(
            refused.len(),
            1,
            "exactly one confirmation wins: {a:?} / {b:?}"
        );
        assert_eq!(
            key(refused[0]),
            "error.sessions.session_cap",
            "{:?}",
            refused[0]
        );
        let confirmed = statuses(&w, &r)
            .await
            .into_iter()
            .filter(|s| *s == BookingStatus::Confirmed)
            .count();
        assert_eq!(confirmed, 1);
        other.store.close().await;
    })
    .await;
}

#[tokio::test]
async fn only_members_book_and_nobody_confirms_their_own_proposal() {
    on_worlds(|w| async move {
        let (r, pat, mo) = active(&w, 2).await;
        // The coordinators and other participants are not members: the relationship does not
        // exist for them.
        for outsider in [w.scheme_coordinator, w.coordinator_a] {
            let e = sessions::propose(&w.ctx, &w.actor(outsider).await, r.id, at(day(&w, 3), 60))
                .await
                .unwrap_err();
            assert!(matches!(e, tandem_app::AppError::NotFound), "{e:?}");
        }
        let p = sessions::propose(&w.ctx, &pat, r.id, at(day(&w, 3), 60))
            .await
            .unwrap();
        let own = sessions::act(&w.ctx, &pat, p.id, Some(0), Action::Confirm)
            .await
            .unwrap_err();
        assert_eq!(key(&own), "error.sessions.confirm_own");
        // Proposing in the past is a field error, and nothing is stored.
        let past = sessions::propose(&w.ctx, &mo, r.id, at(day(&w, -1), 60))
            .await
            .unwrap_err();
        assert_eq!(
            crate::errors::field(&past),
            ("date".into(), "error.sessions.in_past".into())
        );
        assert_eq!(statuses(&w, &r).await.len(), 1);
        assert_eq!(status_of(&w, &p).await, BookingStatus::Proposed);
    })
    .await;
}
