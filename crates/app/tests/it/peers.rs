//! The peer network through the use cases on both backends: asking a listed peer in another
//! organisation, relayed by e-mail (through a real SMTP server) with no address in it; the
//! recipient's answer revealing addresses only on acceptance; the limits (one open request per
//! pair, the daily cap, nobody unlisted, never oneself) refusing with nothing written; leaving
//! the directory closing the open requests as "no longer available".

use chrono::Duration;
use std::sync::Arc;
use tandem_app::notify::worker::deliver_due;
use tandem_app::peers::{self, Filter};
use tandem_app::{AppError, Context, Refusal, growth, homes};
use tandem_domain::peers::{DAILY_CAP, MAX_MESSAGE, PeerRequestStatus};
use tandem_domain::{FrameworkDimension, PersonId};
use tandem_mail::SmtpMailer;
use tandem_test_support::{SmtpSink, World, on_worlds};

async fn audit_len(ctx: &Context) -> usize {
    ctx.store.list_audit(100_000).await.unwrap().len()
}

async fn queued(w: &World) -> usize {
    w.ctx
        .store
        .notices_with_key_prefix("peer.")
        .await
        .unwrap()
        .len()
}

async fn list(w: &World, person: PersonId) {
    let a = w.actor(person).await;
    growth::opt_in(
        &w.ctx,
        &a,
        "Assessing newly qualified social workers",
        &[FrameworkDimension::ALL[0]],
    )
    .await
    .unwrap();
}

/// A participant at Beta Council (Bea) and one more at Alpha Trust (Amy), both listed.
async fn peers_of(w: &World) -> (PersonId, PersonId) {
    let bea = w
        .add_participant(w.org_b, "Bea", "Brookes", "bea.brookes@beta.example.org")
        .await;
    let amy = w
        .add_participant(w.org_a, "Amy", "Archer", "amy.archer@alpha.example.org")
        .await;
    list(w, bea).await;
    list(w, amy).await;
    (bea, amy)
}

#[tokio::test]
async fn a_request_is_relayed_without_addresses_and_accepting_reveals_them() {
    on_worlds(|w| async move {
        let sink = SmtpSink::start();
        let mut ctx = w.ctx.clone();
        ctx.mailer = Arc::new(SmtpMailer::new(&sink.config()).unwrap());
        let (bea, _) = peers_of(&w).await;
        let pat = w.actor(w.participant).await;
        let pat_email = w
            .ctx
            .store
            .get_person(w.participant)
            .await
            .unwrap()
            .person
            .email;
        let bea_email = "bea.brookes@beta.example.org";

        // The directory finds Bea by organisation kind, across organisations.
        let page = peers::search(
            &ctx,
            &pat,
            Filter {
                organisation_kind: Some(tandem_domain::OrganisationKind::LocalAuthority),
                ..Filter::default()
            },
            None,
            25,
        )
        .await
        .unwrap();
        assert_eq!(
            page.items.iter().map(|e| e.person_id).collect::<Vec<_>>(),
            vec![bea]
        );

        let before = audit_len(&ctx).await;
        let r = peers::ask(&ctx, &pat, bea, "I assess on my own too. Could we talk?")
            .await
            .unwrap();
        assert_eq!(audit_len(&ctx).await, before + 1);
        assert_eq!(r.status, PeerRequestStatus::Open);
        // Bea's home shows the to-do.
        let bea_actor = w.actor(bea).await;
        let todos = homes::participant_todos(&ctx, &bea_actor).await.unwrap();
        assert!(
            todos
                .iter()
                .any(|t| t.key == "peers.todo.requests" && t.count == 1),
            "{todos:?}"
        );

        // Delivered by SMTP to Bea, naming Pat and quoting the message, with no address of Pat's.
        let done = deliver_due(&ctx, 100).await.unwrap();
        assert_eq!(done.sent, 1, "{done:?}");
        let received = sink.received();
        assert_eq!(received.len(), 1);
        let mail = &received[0];
        assert_eq!(mail.to, [bea_email]);
        let raw = String::from_utf8_lossy(&mail.data).to_string();
        assert!(!raw.contains(&pat_email), "the asker's address leaked");
        let parsed = mail.parsed();
        assert_eq!(
            parsed.subject(),
            Some("Pat Participant would like a conversation with you")
        );
        let text = parsed.body_text(0).unwrap().into_owned();
        assert!(text.contains("Could we talk?"), "{text}");
        assert!(text.contains("Alpha Trust"), "{text}");
        assert!(
            text.contains("https://tandem.test/peers/requests"),
            "{text}"
        );

        // Before an answer neither sees the other's address.
        let mine = peers::requests(&ctx, &pat).await.unwrap();
        assert_eq!(mine.sent.len(), 1);
        assert_eq!(mine.sent[0].email, None);
        assert_eq!(mine.left_today, DAILY_CAP - 1);
        let theirs = peers::requests(&ctx, &bea_actor).await.unwrap();
        assert_eq!(theirs.received[0].email, None);

        // Only Bea answers; Pat is told it does not exist.
        assert!(matches!(
            peers::answer(&ctx, &pat, r.id, true).await,
            Err(AppError::NotFound)
        ));
        let accepted = peers::answer(&ctx, &bea_actor, r.id, true).await.unwrap();
        assert_eq!(accepted.status, PeerRequestStatus::Accepted);
        let mine = peers::requests(&ctx, &pat).await.unwrap();
        assert_eq!(mine.sent[0].email.as_deref(), Some(bea_email));
        let theirs = peers::requests(&ctx, &bea_actor).await.unwrap();
        assert_eq!(
            theirs.received[0].email.as_deref(),
            Some(pat_email.as_str())
        );
        // Pat is told by e-mail, again with no address in it.
        deliver_due(&ctx, 100).await.unwrap();
        let received = sink.received();
        assert_eq!(received.len(), 2);
        assert_eq!(received[1].to, [pat_email.as_str()]);
        let raw = String::from_utf8_lossy(&received[1].data).to_string();
        assert!(!raw.contains(bea_email));
        // A second answer is refused and writes nothing.
        let before = audit_len(&ctx).await;
        assert!(matches!(
            peers::answer(&ctx, &bea_actor, r.id, false).await,
            Err(AppError::Refused(Refusal::PeerRequestClosed))
        ));
        assert_eq!(audit_len(&ctx).await, before);
        // The coordinators never see it: the request is between the two.
        let sc = w.actor(w.scheme_coordinator).await;
        assert!(matches!(
            peers::answer(&ctx, &sc, r.id, true).await,
            Err(AppError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn refusals_write_nothing_and_declines_reveal_nothing() {
    on_worlds(|w| async move {
        let (bea, amy) = peers_of(&w).await;
        let pat = w.actor(w.participant).await;
        let nobody_listed = w.staff_a[0];
        let check_nothing = async |what: &str, r: Result<_, AppError>, before: (usize, usize)| {
            assert!(r.is_err(), "{what}");
            assert_eq!(
                (audit_len(&w.ctx).await, queued(&w).await),
                before,
                "{what} wrote something"
            );
            r.err().unwrap()
        };
        let now = (audit_len(&w.ctx).await, queued(&w).await);
        // Not listed: does not exist for the asker; oneself: forbidden.
        let e = check_nothing(
            "unlisted",
            peers::ask(&w.ctx, &pat, nobody_listed, "Hello").await,
            now,
        )
        .await;
        assert!(matches!(e, AppError::NotFound), "{e:?}");
        list(&w, w.participant).await;
        let now = (audit_len(&w.ctx).await, queued(&w).await);
        let e = check_nothing(
            "oneself",
            peers::ask(&w.ctx, &pat, w.participant, "Hello").await,
            now,
        )
        .await;
        assert!(matches!(e, AppError::Forbidden), "{e:?}");
        // The message: required, bounded, under the text rule.
        for bad in ["   ", &"x".repeat(MAX_MESSAGE + 1), "a\u{202e}b"] {
            let e =
                check_nothing("bad message", peers::ask(&w.ctx, &pat, bea, bad).await, now).await;
            assert!(matches!(e, AppError::Validation(_)), "{e:?}");
        }
        // One open request per pair, whichever side asks.
        peers::ask(&w.ctx, &pat, bea, "Could we talk?")
            .await
            .unwrap();
        let now = (audit_len(&w.ctx).await, queued(&w).await);
        let bea_actor = w.actor(bea).await;
        let e = check_nothing(
            "pair open",
            peers::ask(&w.ctx, &bea_actor, w.participant, "Or shall I ask?").await,
            now,
        )
        .await;
        assert!(
            matches!(e, AppError::Refused(Refusal::PeerRequestOpen)),
            "{e:?}"
        );

        // Declined: the asker sees it declined and no address either way.
        let amy_actor = w.actor(amy).await;
        let r = peers::ask(&w.ctx, &pat, amy, "A short call?")
            .await
            .unwrap();
        peers::answer(&w.ctx, &amy_actor, r.id, false)
            .await
            .unwrap();
        let mine = peers::requests(&w.ctx, &pat).await.unwrap();
        let line = mine.sent.iter().find(|l| l.id == r.id).unwrap();
        assert_eq!(line.status, PeerRequestStatus::Declined);
        assert_eq!((line.email.as_ref(), line.my_email.as_ref()), (None, None));

        // The daily cap: Pat has asked twice; more listed peers until the cap, then refused.
        let mut extra = Vec::new();
        for i in 0..DAILY_CAP {
            let p = w
                .add_participant(
                    w.org_b,
                    "Peer",
                    &format!("Number{i}"),
                    &format!("peer{i}@beta.example.org"),
                )
                .await;
            list(&w, p).await;
            extra.push(p);
        }
        for p in &extra[..(DAILY_CAP as usize - 2)] {
            peers::ask(&w.ctx, &pat, *p, "Hello").await.unwrap();
        }
        let now = (audit_len(&w.ctx).await, queued(&w).await);
        let e = check_nothing(
            "cap",
            peers::ask(&w.ctx, &pat, extra[DAILY_CAP as usize - 1], "Hello").await,
            now,
        )
        .await;
        assert!(
            matches!(e, AppError::Refused(Refusal::PeerDailyCap { cap }) if cap == DAILY_CAP),
            "{e:?}"
        );
        // A day later the window has moved on.
        w.clock.advance(Duration::hours(25));
        peers::ask(&w.ctx, &pat, extra[DAILY_CAP as usize - 1], "Hello again")
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn leaving_the_directory_closes_open_requests_and_hides_at_once() {
    on_worlds(|w| async move {
        let (bea, amy) = peers_of(&w).await;
        let pat = w.actor(w.participant).await;
        let amy_actor = w.actor(amy).await;
        let open = peers::ask(&w.ctx, &pat, bea, "Could we talk?")
            .await
            .unwrap();
        let other = peers::ask(&w.ctx, &amy_actor, bea, "Me too?")
            .await
            .unwrap();
        let bea_actor = w.actor(bea).await;
        let before = audit_len(&w.ctx).await;
        growth::opt_out(&w.ctx, &bea_actor).await.unwrap();
        assert_eq!(audit_len(&w.ctx).await, before + 1, "one audited change");
        // Hidden at once, and no longer askable.
        let page = peers::search(&w.ctx, &pat, Filter::default(), None, 25)
            .await
            .unwrap();
        assert!(page.items.iter().all(|e| e.person_id != bea));
        assert!(matches!(
            peers::ask(&w.ctx, &pat, bea, "Hello?").await,
            Err(AppError::NotFound)
        ));
        // The askers read "no longer available"; Bea can no longer answer.
        for (who, id) in [(&pat, open.id), (&amy_actor, other.id)] {
            let mine = peers::requests(&w.ctx, who).await.unwrap();
            let line = mine.sent.iter().find(|l| l.id == id).unwrap();
            assert_eq!(line.status, PeerRequestStatus::Unavailable);
            assert_eq!(line.email, None);
        }
        assert!(matches!(
            peers::answer(&w.ctx, &bea_actor, open.id, true).await,
            Err(AppError::Refused(Refusal::PeerRequestClosed))
        ));
        // Its e-mail, still queued, is dropped at delivery rather than sent.
        let done = deliver_due(&w.ctx, 100).await.unwrap();
        assert_eq!(done.sent, 0, "{done:?}");
        assert!(w.mailer.sent().is_empty());
        // Leaving again writes nothing.
        let before = audit_len(&w.ctx).await;
        growth::opt_out(&w.ctx, &bea_actor).await.unwrap();
        assert_eq!(audit_len(&w.ctx).await, before);
    })
    .await;
}
