//! Offers from a published run, answered before and after their deadline by the application's
//! clock: accepting closes at the deadline, declining returns both to the pool, and a lapsed
//! offer is let go only once the deadline has passed.

use crate::errors::key;
use chrono::Duration;
use tandem_app::AppError;
use tandem_app::matching;
use tandem_domain::{
    ApplicationStatus, OfferResponse, PersonId, ProgrammeRules, Relationship, RelationshipStatus,
};
use tandem_test_support::{MO, Mentoring, PA, SC, World, on_worlds};

/// Pat and Mo matched by a run and offered each other, through the use cases.
async fn offered(w: &World) -> (Mentoring, Relationship) {
    let m = w
        .mentoring(ProgrammeRules {
            mentor_load_max: Some(1),
            ..ProgrammeRules::default()
        })
        .await;
    w.run_and_publish(m.intake.id).await;
    let mut mine = w
        .ctx
        .store
        .relationships_of_person(w.participant)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1, "the run matched Pat once");
    let r = mine.pop().unwrap();
    assert_eq!(r.status, RelationshipStatus::Proposed);
    let mut members: Vec<PersonId> = r.members.iter().map(|m| m.person_id).collect();
    let mut expected = m.people().to_vec();
    members.sort();
    expected.sort();
    assert_eq!(members, expected, "the run matched Pat with Mo");
    (m, r)
}

async fn status(w: &World, r: &Relationship) -> RelationshipStatus {
    w.ctx.store.get_relationship(r.id).await.unwrap().status
}

async fn response(w: &World, r: &Relationship, person: PersonId) -> OfferResponse {
    let r = w.ctx.store.get_relationship(r.id).await.unwrap();
    r.member(person).expect("a member").response
}

async fn application(w: &World, a: &tandem_domain::Application) -> ApplicationStatus {
    w.ctx.store.get_application(a.id).await.unwrap().status
}

#[tokio::test]
async fn an_offer_can_be_accepted_until_its_deadline_and_not_after() {
    on_worlds(|w| async move {
        let (m, r) = offered(&w).await;
        let [pat, mo] = m.people();
        // Everyone offered a match is told, with the deadline 14 days out by default.
        tandem_app::notify::worker::deliver_due(&w.ctx, 1000)
            .await
            .unwrap();
        for to in [PA, MO] {
            let mail = w.mailer.last_to(to).expect("an offer e-mail");
            assert!(mail.subject.contains("proposed match"), "{}", mail.subject);
        }
        let days = (r.offer_deadline - w.ctx.now()).num_days();
        assert!((13..=14).contains(&days), "deadline in {days} days");

        // A minute before the deadline, Pat accepts.
        w.clock.set(r.offer_deadline - Duration::minutes(1));
        let after = matching::respond(&w.ctx, &w.actor(pat).await, r.id, true)
            .await
            .unwrap();
        assert_eq!(after, RelationshipStatus::Proposed, "Mo has not answered");
        assert_eq!(response(&w, &r, pat).await, OfferResponse::Accepted);

        // A minute after it, Mo can no longer accept: nothing changes.
        w.clock.set(r.offer_deadline + Duration::minutes(1));
        let late = matching::respond(&w.ctx, &w.actor(mo).await, r.id, true)
            .await
            .unwrap_err();
        assert_eq!(key(&late), "error.matching.offer_closed");
        assert_eq!(response(&w, &r, mo).await, OfferResponse::Pending);
        assert_eq!(status(&w, &r).await, RelationshipStatus::Proposed);
        assert_eq!(application(&w, &m.mentor).await, ApplicationStatus::Matched);

        // Someone who is not in the match cannot answer for it, before or after.
        let ada = w.actor(w.coordinator_a).await;
        let outsider = matching::respond(&w.ctx, &ada, r.id, true)
            .await
            .unwrap_err();
        assert!(matches!(outsider, AppError::NotFound), "{outsider:?}");
    })
    .await;
}

#[tokio::test]
async fn a_lapsed_offer_is_let_go_only_after_the_deadline_and_returns_both_to_the_pool() {
    on_worlds(|w| async move {
        let (m, r) = offered(&w).await;
        let sam = w.actor(w.scheme_coordinator).await;
        // While the offer is open, the coordinator cannot let it lapse.
        let early = matching::lapse(&w.ctx, &sam, r.id).await.unwrap_err();
        assert_eq!(key(&early), "error.matching.offer_still_open");
        assert_eq!(status(&w, &r).await, RelationshipStatus::Proposed);

        w.clock.set(r.offer_deadline + Duration::hours(1));
        // A participant may not let offers lapse, even their own.
        let pat = w.actor(w.participant).await;
        assert!(matching::lapse(&w.ctx, &pat, r.id).await.is_err());
        assert_eq!(status(&w, &r).await, RelationshipStatus::Proposed);

        matching::lapse(&w.ctx, &sam, r.id).await.unwrap();
        assert_eq!(status(&w, &r).await, RelationshipStatus::Declined);
        for a in [&m.mentee, &m.mentor] {
            assert_eq!(application(&w, a).await, ApplicationStatus::Approved);
        }
        // Once lapsed it is over: a late acceptance is refused for the state, not the date.
        let again = matching::respond(&w.ctx, &pat, r.id, true)
            .await
            .unwrap_err();
        assert_eq!(key(&again), "error.matching.wrong_status");
    })
    .await;
}

#[tokio::test]
async fn a_decline_before_the_deadline_ends_the_match_and_tells_the_coordinator() {
    on_worlds(|w| async move {
        let (m, r) = offered(&w).await;
        let [pat, mo] = m.people();
        w.mailer.clear();
        let pat = w.actor(pat).await;
        matching::respond(&w.ctx, &pat, r.id, true).await.unwrap();
        // Answering twice is refused and changes nothing.
        let twice = matching::respond(&w.ctx, &pat, r.id, false)
            .await
            .unwrap_err();
        assert_eq!(key(&twice), "error.matching.already_answered");
        assert_eq!(
            response(&w, &r, pat.person_id).await,
            OfferResponse::Accepted
        );

        let declined = matching::respond(&w.ctx, &w.actor(mo).await, r.id, false)
            .await
            .unwrap();
        assert_eq!(declined, RelationshipStatus::Declined);
        for a in [&m.mentee, &m.mentor] {
            assert_eq!(application(&w, a).await, ApplicationStatus::Approved);
        }
        tandem_app::notify::worker::deliver_due(&w.ctx, 1000)
            .await
            .unwrap();
        let mail = w
            .mailer
            .last_to(SC)
            .expect("the scheme coordinator is told");
        assert!(mail.subject.contains("declined"), "{}", mail.subject);
        // The partner hears of it too, with the intake and the page of what happens next
        // (issue #17: they used to find out from an empty list of matches).
        let told = w.mailer.last_to(PA).expect("the partner is told");
        assert!(told.subject.contains("was declined"), "{}", told.subject);
        assert!(
            told.text.contains(&format!("/relationships/{}", r.id)),
            "{}",
            told.text
        );
    })
    .await;
}

#[tokio::test]
async fn when_both_accept_the_agreement_is_drafted_for_them_to_sign() {
    on_worlds(|w| async move {
        let (m, r) = offered(&w).await;
        let [pat, mo] = m.people();
        assert!(w.ctx.store.get_agreement(r.id).await.unwrap().is_none());
        w.clock.advance(Duration::days(13));
        matching::respond(&w.ctx, &w.actor(pat).await, r.id, true)
            .await
            .unwrap();
        let both = matching::respond(&w.ctx, &w.actor(mo).await, r.id, true)
            .await
            .unwrap();
        assert_eq!(both, RelationshipStatus::Accepted);
        let agreement = w
            .ctx
            .store
            .get_agreement(r.id)
            .await
            .unwrap()
            .expect("an agreement to sign");
        assert_eq!(agreement.version, 1);
        w.sign(r.id, &[pat, mo], 1).await;
        assert_eq!(status(&w, &r).await, RelationshipStatus::Active);
    })
    .await;
}
