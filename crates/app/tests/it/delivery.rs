//! The delivery core: leased claims, retries with backoff, dead letters, and what reaches a real
//! SMTP server (the loopback sink of `tandem-test-support`, parsed with mail-parser).

use chrono::Duration;
use std::sync::Arc;
use tandem_app::notify::worker::{self, BACKOFF, MAX_ATTEMPTS};
use tandem_app::{Context, accounts};
use tandem_domain::{Language, PersonId};
use tandem_mail::{Attachment, Email, Mailer, SmtpMailer};
use tandem_storage::{NoticeTo, OutboxRow};
use tandem_test_support::mail_parser::MimeHeaders;
use tandem_test_support::{SC, SmtpSink, World, actor_of, on_worlds};

/// The world's context, sending through SMTP to `sink`.
fn smtp_context(w: &World, sink: &SmtpSink) -> Context {
    let mut ctx = w.ctx.clone();
    ctx.mailer = Arc::new(SmtpMailer::new(&sink.config()).unwrap());
    ctx
}

/// Makes `person` read in Dutch.
async fn dutch(w: &World, person: PersonId) {
    let mut record = w.ctx.store.get_person(person).await.unwrap();
    record.person.language = Language::NlNl;
    w.ctx
        .store
        .update_person(&record.person, &record.employments)
        .await
        .unwrap();
}

/// The one invitation row queued for `person`.
async fn invitation_of(w: &World, person: PersonId) -> OutboxRow {
    let rows = w
        .ctx
        .store
        .notices_with_key_prefix("account.invitation:")
        .await
        .unwrap();
    let mut mine: Vec<OutboxRow> = rows
        .into_iter()
        .filter(|r| r.to == NoticeTo::Person(person))
        .collect();
    assert_eq!(mine.len(), 1, "one invitation for {person}");
    mine.pop().unwrap()
}

#[tokio::test]
async fn an_invitation_reaches_smtp_in_the_invitees_language_with_kind_and_a_working_link() {
    on_worlds(|w| async move {
        let sink = SmtpSink::start();
        let ctx = smtp_context(&w, &sink);
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let invitee = w.staff_a[0];
        dutch(&w, invitee).await;
        accounts::invite(&ctx, &sc, invitee).await.unwrap();

        // Queued, not sent, and the row holds no token: only the account.
        assert_eq!(sink.count(), 0);
        let row = invitation_of(&w, invitee).await;
        assert_eq!(row.state, "queued");
        assert!(!row.payload.contains("token"), "{}", row.payload);

        let done = worker::deliver_due(&ctx, 100).await.unwrap();
        assert_eq!(done.sent, 1, "{done:?}");
        let received = sink.received();
        assert_eq!(received.len(), 1);
        let mail = &received[0];
        assert_eq!(mail.to, ["alice@alpha.example.org"]);
        assert_eq!(
            mail.header("X-Tandem-Kind").as_deref(),
            Some("account.invitation")
        );
        // Essential: no unsubscribe header.
        assert!(mail.raw_header("List-Unsubscribe").is_none());
        // The Message-ID is the outbox row's, so a re-sent copy carries the same one.
        let parsed = mail.parsed();
        assert_eq!(
            parsed.message_id(),
            Some(format!("{}@tandem.test", row.id).as_str())
        );
        assert_eq!(parsed.subject(), Some("U bent uitgenodigd voor Tandem"));
        let text = parsed.body_text(0).unwrap().into_owned();
        let html = parsed.body_html(0).unwrap().into_owned();
        assert!(text.contains("verloopt over 7 dagen"), "{text}");
        assert!(text.contains("De link werkt één keer"), "{text}");
        assert!(html.contains("De link werkt één keer"), "{html}");

        // The link sets the password once.
        let at = text
            .find("https://tandem.test/accept-invitation?token=")
            .unwrap();
        let link: String = text[at..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        assert!(html.contains(&link), "the HTML part links to the same page");
        let token = link.split("token=").nth(1).unwrap();
        accounts::accept_invitation(&ctx, token, "a long new password", "a long new password")
            .await
            .unwrap();
        assert!(
            accounts::accept_invitation(&ctx, token, "another password!", "another password!")
                .await
                .is_err()
        );

        let row = w
            .ctx
            .store
            .notice(&row.id)
            .await
            .unwrap()
            .expect("the notice");
        assert_eq!(row.state, "sent");
        assert_eq!(row.attempts, 1);
        assert!(row.finished_at.is_some());
        // Nothing left to do, and a second pass sends nothing again.
        assert_eq!(worker::deliver_due(&ctx, 100).await.unwrap().sent, 0);
        assert_eq!(sink.count(), 1);
    })
    .await;
}

#[tokio::test]
async fn smtp_messages_carry_kind_unsubscribe_both_parts_encoded_subject_and_attachment() {
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&sink.config()).unwrap();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem//EN\r\nMETHOD:REQUEST\r\n\
               BEGIN:VEVENT\r\nUID:s-1@tandem.test\r\nSEQUENCE:2\r\nDTSTAMP:20250301T090000Z\r\n\
               DTSTART:20250304T093000Z\r\nDTEND:20250304T103000Z\r\nSUMMARY:Sessie\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    mailer
        .send(Email {
            to: "joost@example.nl".into(),
            subject: "Sessie verplaatst: één uur later, café".into(),
            text: "Beste Joost,\n\nUw sessie is verplaatst.".into(),
            html: Some("<p>Beste Joost,</p><p>Uw sessie is verplaatst.</p>".into()),
            kind: Some("session.rescheduled".into()),
            list_unsubscribe: Some("https://tandem.test/notices/unsubscribe?t=abc".into()),
            attachments: vec![Attachment {
                file_name: "session.ics".into(),
                content_type: "text/calendar; charset=utf-8".into(),
                body: ics.into(),
            }],
            message_id: Some("0190-abc@tandem.test".into()),
        })
        .await
        .unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    // The subject went out encoded (RFC 2047) and decodes to the same words.
    let raw_subject = mail.raw_header("Subject").unwrap();
    assert!(
        raw_subject.is_ascii() && raw_subject.contains("=?utf-8?"),
        "{raw_subject}"
    );
    let parsed = mail.parsed();
    assert_eq!(
        parsed.subject(),
        Some("Sessie verplaatst: één uur later, café")
    );
    assert_eq!(
        mail.header("X-Tandem-Kind").as_deref(),
        Some("session.rescheduled")
    );
    assert_eq!(
        mail.raw_header("List-Unsubscribe").as_deref(),
        Some("<https://tandem.test/notices/unsubscribe?t=abc>")
    );
    assert_eq!(
        mail.raw_header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    // Lines end in CRLF on the wire.
    assert_eq!(
        parsed.body_text(0).unwrap().replace("\r\n", "\n"),
        "Beste Joost,\n\nUw sessie is verplaatst."
    );
    assert!(
        parsed
            .body_html(0)
            .unwrap()
            .contains("<p>Uw sessie is verplaatst.</p>")
    );
    assert_eq!(parsed.attachment_count(), 1);
    let attachment = parsed.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("session.ics"));
    let ct = attachment.content_type().unwrap();
    assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("calendar")));
    assert_eq!(ct.attribute("method"), Some("REQUEST"));
    assert_eq!(
        String::from_utf8_lossy(attachment.contents()).replace("\r\n", "\n"),
        ics.replace("\r\n", "\n")
    );
}

#[tokio::test]
async fn a_refused_address_is_retried_with_backoff_then_dead_with_the_reason() {
    on_worlds(|w| async move {
        let sink = SmtpSink::start();
        sink.refuse("alice@alpha.example.org");
        let ctx = smtp_context(&w, &sink);
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let invitee = w.staff_a[0];
        accounts::invite(&ctx, &sc, invitee).await.unwrap();
        let id = invitation_of(&w, invitee).await.id;

        for attempt in 1..=MAX_ATTEMPTS {
            let done = worker::deliver_due(&ctx, 100).await.unwrap();
            assert_eq!((done.sent, done.failed), (0, 1), "attempt {attempt}");
            // Never twice in one pass, and nothing is due again until the pause is over.
            assert_eq!(worker::deliver_due(&ctx, 100).await.unwrap().failed, 0);
            let row = w.ctx.store.notice(&id).await.unwrap().expect("the notice");
            assert_eq!(row.attempts, attempt);
            let reason = row.last_error.clone().unwrap();
            assert!(reason.contains("550"), "{reason}");
            assert!(
                !reason.contains("alice"),
                "no address in the reason: {reason}"
            );
            if attempt < MAX_ATTEMPTS {
                assert_eq!(row.state, "queued");
                let pause = BACKOFF[attempt as usize - 1];
                let now = w.ctx.now();
                assert!(row.due_at > now + pause - Duration::seconds(5), "{row:?}");
                assert!(row.due_at <= now + pause, "{row:?}");
                // A moment before the pause ends: still nothing.
                w.clock.advance(pause - Duration::seconds(10));
                assert_eq!(worker::deliver_due(&ctx, 100).await.unwrap().failed, 0);
                w.clock.advance(Duration::seconds(10));
            } else {
                assert_eq!(row.state, "dead");
                assert!(row.finished_at.is_some());
            }
        }
        assert_eq!(sink.refusals(), u64::from(MAX_ATTEMPTS));
        assert_eq!(sink.count(), 0);
        // Dead stays dead: a day later nothing is tried.
        w.clock.advance(Duration::days(1));
        assert_eq!(
            worker::deliver_due(&ctx, 100).await.unwrap(),
            Default::default()
        );
        assert_eq!(sink.refusals(), u64::from(MAX_ATTEMPTS));
        let counts = w.ctx.store.outbox_counts().await.unwrap();
        assert_eq!((counts.dead, counts.queued), (1, 0));
    })
    .await;
}

#[tokio::test]
async fn a_lease_keeps_a_notice_from_other_workers_until_it_runs_out() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        for p in w.staff_a.iter().chain(&w.staff_b) {
            accounts::invite(&w.ctx, &sc, *p).await.unwrap();
        }
        let store = &w.ctx.store;
        let total = w.staff_a.len() + w.staff_b.len();
        let now = w.ctx.now();
        let lease = Duration::minutes(5);
        let a = store
            .claim_notices("worker-a", now, lease, 2)
            .await
            .unwrap();
        assert_eq!(a.len(), 2);
        assert!(a.iter().all(|r| r.attempts == 1));
        // B gets the rest, never A's.
        let b = store
            .claim_notices("worker-b", now, lease, 100)
            .await
            .unwrap();
        assert_eq!(b.len(), total - 2);
        assert!(b.iter().all(|r| a.iter().all(|x| x.id != r.id)));
        assert!(
            store
                .claim_notices("worker-c", now, lease, 100)
                .await
                .unwrap()
                .is_empty()
        );

        // B finishes one of its own; it cannot finish one of A's.
        assert!(
            store
                .finish_claimed(&b[0].id, "worker-b", "sent", None, now)
                .await
                .unwrap()
        );
        assert!(
            !store
                .finish_claimed(&a[0].id, "worker-b", "sent", None, now)
                .await
                .unwrap()
        );

        // A dies. Once its lease has run out, C takes its rows over (a second attempt)...
        let later = now + lease + Duration::seconds(1);
        let c = store
            .claim_notices("worker-c", later, lease, 100)
            .await
            .unwrap();
        let mut taken: Vec<&str> = c.iter().map(|r| r.id.as_str()).collect();
        taken.sort_unstable();
        let mut expected: Vec<&str> = a.iter().chain(&b[1..]).map(|r| r.id.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(taken, expected, "A's rows and B's unfinished ones");
        assert!(c.iter().all(|r| r.attempts == 2));
        // ...and A, coming back late, can no longer record an outcome over C's.
        assert!(
            !store
                .finish_claimed(&a[0].id, "worker-a", "dead", Some("late"), later)
                .await
                .unwrap()
        );
        assert!(
            !store
                .retry_claimed(&a[1].id, "worker-a", "late", later)
                .await
                .unwrap()
        );
        assert!(
            store
                .finish_claimed(&a[0].id, "worker-c", "sent", None, later)
                .await
                .unwrap()
        );
        let row = store.notice(&a[0].id).await.unwrap().expect("the notice");
        assert_eq!((row.state.as_str(), row.last_error), ("sent", None));
        // The sent row is never claimed again.
        let much_later = later + Duration::days(1);
        let again = store
            .claim_notices("worker-d", much_later, lease, 100)
            .await
            .unwrap();
        assert!(again.iter().all(|r| r.id != a[0].id && r.id != b[0].id));
        assert_eq!(again.len(), total - 2);
    })
    .await;
}

#[tokio::test]
async fn workers_delivering_at_once_send_each_notice_once() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        // Forty reset requests for the scheme coordinator and invitations for the staff.
        for _ in 0..40 {
            accounts::request_password_reset(&w.ctx, SC).await.unwrap();
        }
        for p in w.staff_a.iter().chain(&w.staff_b) {
            accounts::invite(&w.ctx, &sc, *p).await.unwrap();
        }
        let total = 40 + w.staff_a.len() + w.staff_b.len();
        let (one, two, three) = tokio::join!(
            worker::deliver_due(&w.ctx, 1_000),
            worker::deliver_due(&w.ctx, 1_000),
            worker::deliver_due(&w.ctx, 1_000),
        );
        let sent = one.unwrap().sent + two.unwrap().sent + three.unwrap().sent;
        assert_eq!(sent as usize, total);
        let mails = w.mailer.sent();
        assert_eq!(mails.len(), total);
        let mut ids: Vec<String> = mails.iter().filter_map(|m| m.message_id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), total, "every message once");
        assert!(mails.iter().all(|m| m.kind.is_some()));
        let counts = w.ctx.store.outbox_counts().await.unwrap();
        assert_eq!((counts.sent as usize, counts.queued), (total, 0));
    })
    .await;
}

#[tokio::test]
async fn a_notice_whose_workers_keep_dying_ends_dead_instead_of_taking_more_down() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        accounts::invite(&w.ctx, &sc, w.staff_a[0]).await.unwrap();
        let id = invitation_of(&w, w.staff_a[0]).await.id;
        let lease = Duration::minutes(5);
        // Every claim's worker dies holding it.
        for n in 0..MAX_ATTEMPTS {
            let at = w.ctx.now() + (lease + Duration::seconds(1)) * (n as i32);
            let claimed = w
                .ctx
                .store
                .claim_notices("doomed", at, lease, 10)
                .await
                .unwrap();
            assert_eq!(claimed.len(), 1);
        }
        w.clock
            .advance((lease + Duration::seconds(1)) * (MAX_ATTEMPTS as i32));
        let done = worker::deliver_due(&w.ctx, 10).await.unwrap();
        assert_eq!((done.sent, done.failed), (0, 1));
        let row = w.ctx.store.notice(&id).await.unwrap().expect("the notice");
        assert_eq!(row.state, "dead");
        assert!(row.last_error.unwrap().contains("interrupted"));
        assert!(w.mailer.sent().is_empty());
    })
    .await;
}

#[tokio::test]
async fn released_claims_are_free_at_once_and_do_not_count_as_attempts() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        accounts::invite(&w.ctx, &sc, w.staff_a[0]).await.unwrap();
        let store = &w.ctx.store;
        let now = w.ctx.now();
        let lease = Duration::minutes(5);
        let claimed = store
            .claim_notices("leaving", now, lease, 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        // Someone else's release does nothing.
        store
            .release_claimed(&[&claimed[0].id], "other")
            .await
            .unwrap();
        assert!(
            store
                .claim_notices("b", now, lease, 10)
                .await
                .unwrap()
                .is_empty()
        );
        store
            .release_claimed(&[&claimed[0].id], "leaving")
            .await
            .unwrap();
        let again = store.claim_notices("b", now, lease, 10).await.unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].attempts, 1, "the released claim did not count");
    })
    .await;
}

#[tokio::test]
async fn a_running_worker_delivers_what_a_use_case_queues_and_stops_when_told() {
    on_worlds(|w| async move {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let options = worker::WorkerOptions {
            // Far longer than the test: only the use case's wake-up can start delivery soon.
            poll: std::time::Duration::from_secs(3600),
            ..Default::default()
        };
        let running = tokio::spawn(worker::run(
            w.ctx.clone(),
            "test-worker".into(),
            options,
            stopped,
        ));
        // Let the worker finish its first (empty) pass and wait.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let sc = actor_of(&w, w.scheme_coordinator).await;
        accounts::invite(&w.ctx, &sc, w.staff_a[0]).await.unwrap();
        let mut waited = 0;
        while w.mailer.sent().is_empty() {
            assert!(waited < 200, "the worker did not deliver within 20 s");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            waited += 1;
        }
        assert_eq!(w.mailer.sent().len(), 1);
        stop.send(true).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(20), running)
            .await
            .expect("the worker stopped")
            .unwrap();
        let counts = w.ctx.store.outbox_counts().await.unwrap();
        assert_eq!((counts.sent, counts.queued), (1, 0));
    })
    .await;
}
