//! The scheduler and people's notice choices, through the use cases on both backends: each
//! reminder is queued once at its moment (not before), however many instances tick; a clock jump
//! sends what is overdue once and skips what no longer makes sense; a moved or cancelled session
//! drops its reminder at delivery; digests go only when something waits; preferences hold, drop
//! or let through; unsubscribe links work without a session and a forged one changes nothing.

use crate::errors::fields;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::BTreeSet;
use tandem_app::notify::preferences::{self, Mode};
use tandem_app::notify::{NoticeKind, scheduler, worker};
use tandem_app::sessions::{self, Action, BookingInput};
use tandem_app::{AppError, Context};
use tandem_domain::sessions::Booking;
use tandem_domain::{
    Actor, ApplicationRole, Mode as MeetingMode, PersonId, ProgrammeRules, Relationship,
    RelationshipKind,
};
use tandem_storage::OutboxRow;
use tandem_test_support::{World, fixtures, on_worlds};

async fn active(w: &World) -> (Relationship, Actor, Actor) {
    let (m, r) = w
        .active_mentoring(ProgrammeRules {
            session_cap: Some(6),
            session_minutes: Some(60),
            ..ProgrammeRules::default()
        })
        .await;
    let [pat, mo] = m.people();
    (r, w.actor(pat).await, w.actor(mo).await)
}

fn at(date: NaiveDate) -> BookingInput {
    BookingInput {
        date: Some(date),
        start: Some("10:00".into()),
        minutes: Some(60),
        mode: Some(MeetingMode::Video),
        link: Some("https://meet.example.org/tandem".into()),
        place: None,
    }
}

fn day(w: &World, days: i64) -> NaiveDate {
    (w.ctx.now() + Duration::days(days)).date_naive()
}

/// A session proposed by `pat` on `date` and confirmed by `mo`.
async fn confirmed(
    w: &World,
    r: &Relationship,
    pat: &Actor,
    mo: &Actor,
    date: NaiveDate,
) -> Booking {
    let b = sessions::propose(&w.ctx, pat, r.id, at(date))
        .await
        .unwrap();
    sessions::act(&w.ctx, mo, b.id, Some(b.sequence), Action::Confirm)
        .await
        .unwrap()
}

async fn rows(w: &World, kind: NoticeKind) -> Vec<OutboxRow> {
    let prefix = format!("{}:", kind.code());
    w.ctx.store.notices_with_key_prefix(&prefix).await.unwrap()
}

fn recipients(rows: &[OutboxRow]) -> BTreeSet<String> {
    rows.iter().map(|r| format!("{:?}", r.to)).collect()
}

fn to(p: PersonId) -> String {
    format!("{:?}", tandem_storage::NoticeTo::Person(p))
}

async fn email_of(w: &World, p: PersonId) -> String {
    w.ctx.store.get_person(p).await.unwrap().person.email
}

async fn tick(ctx: &Context) -> u64 {
    scheduler::tick(ctx).await.unwrap()
}

#[tokio::test]
async fn a_session_reminder_is_queued_once_a_day_before_and_dropped_when_the_session_moved() {
    on_worlds(|w| async move {
        let (r, pat, mo) = active(&w).await;
        let start = w.ctx.now();
        let b = confirmed(&w, &r, &pat, &mo, day(&w, 3)).await;
        let starts = b.starts_at.unwrap();

        // Not before its moment.
        w.clock.set(starts - Duration::hours(25));
        tick(&w.ctx).await;
        assert!(rows(&w, NoticeKind::SessionReminder).await.is_empty());

        // Three instances ticking at once queue one reminder per member.
        w.clock.set(starts - Duration::hours(23));
        let other = w.another_server().await;
        let third = w.another_server().await;
        let (a, b2, c) = tokio::join!(tick(&w.ctx), tick(&other), tick(&third));
        assert_eq!(
            a + b2 + c,
            2,
            "two reminders in all, whichever instance queued them"
        );
        tick(&w.ctx).await;
        let queued = rows(&w, NoticeKind::SessionReminder).await;
        assert_eq!(queued.len(), 2);
        assert_eq!(
            recipients(&queued),
            BTreeSet::from([to(pat.person_id), to(mo.person_id)])
        );
        assert!(queued[0].dedup_key.contains(&format!(":{}:", b.sequence)));

        // Delivered in each member's language with the exact page.
        let mut mo_record = w.ctx.store.get_person(mo.person_id).await.unwrap();
        mo_record.person.language = tandem_domain::Language::NlNl;
        w.ctx
            .store
            .update_person(&mo_record.person, &mo_record.employments)
            .await
            .unwrap();
        let done = worker::deliver_due(&w.ctx, 100).await.unwrap();
        assert!(done.sent >= 2, "{done:?}");
        let mail = w
            .mailer
            .last_to(&email_of(&w, pat.person_id).await)
            .unwrap();
        assert!(
            mail.subject.contains("Reminder: your session with Mo"),
            "{}",
            mail.subject
        );
        let dutch = w.mailer.last_to(&email_of(&w, mo.person_id).await).unwrap();
        assert!(
            dutch.subject.starts_with("Herinnering: uw sessie met"),
            "{}",
            dutch.subject
        );
        assert!(dutch.html.unwrap().contains("lang=\"nl-NL\""));
        assert!(
            mail.text
                .contains(&format!("/relationships/{}/bookings", r.id))
        );
        assert!(mail.text.contains("meet.example.org"));

        // A second session: its reminder is queued, then the session moves (earlier in time,
        // outside the notice period) — the queued reminder is dropped at delivery, and the moved
        // session gets its own reminder at its new moment.
        w.clock.set(start);
        let s2 = confirmed(&w, &r, &pat, &mo, day(&w, 6)).await;
        let s2_start = s2.starts_at.unwrap();
        w.clock.set(s2_start - Duration::hours(20));
        tick(&w.ctx).await;
        w.clock.set(start);
        let moved = sessions::act(
            &w.ctx,
            &pat,
            s2.id,
            Some(s2.sequence),
            Action::Reschedule(at(day(&w, 8))),
        )
        .await
        .unwrap();
        sessions::act(&w.ctx, &mo, moved.id, Some(moved.sequence), Action::Confirm)
            .await
            .unwrap();
        w.clock.set(s2_start - Duration::hours(20));
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let old: Vec<OutboxRow> = rows(&w, NoticeKind::SessionReminder)
            .await
            .into_iter()
            .filter(|r| r.dedup_key.contains(&s2.id.to_string()))
            .collect();
        assert_eq!(old.len(), 2);
        assert!(old.iter().all(|r| r.state == "dropped"), "{old:?}");
        let new_start = w.ctx.store.get_booking(s2.id).await.unwrap();
        w.clock
            .set(new_start.starts_at.unwrap() - Duration::hours(2));
        tick(&w.ctx).await;
        let all: Vec<OutboxRow> = rows(&w, NoticeKind::SessionReminder)
            .await
            .into_iter()
            .filter(|r| r.dedup_key.contains(&s2.id.to_string()))
            .collect();
        assert_eq!(all.len(), 4, "the moved session has its own reminders");
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let sent = rows(&w, NoticeKind::SessionReminder).await;
        assert_eq!(sent.iter().filter(|r| r.state == "sent").count(), 4);
    })
    .await;
}

#[tokio::test]
async fn after_a_day_down_overdue_notices_go_once_and_passed_reminders_not_at_all() {
    on_worlds(|w| async move {
        let (r, pat, mo) = active(&w).await;
        let early = confirmed(&w, &r, &pat, &mo, day(&w, 2)).await;
        let late = confirmed(&w, &r, &pat, &mo, day(&w, 3)).await;
        // The server was down from before both reminders were due until after the first
        // session had ended: no reminder for it (it has started), but a prompt to log it, and the
        // second session's reminder, once each.
        let back = early.starts_at.unwrap() + Duration::hours(3);
        assert!(late.starts_at.unwrap() - Duration::hours(24) < back);
        w.clock.set(back);
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        let reminders = rows(&w, NoticeKind::SessionReminder).await;
        assert_eq!(reminders.len(), 2);
        assert!(
            reminders
                .iter()
                .all(|r| r.dedup_key.contains(&late.id.to_string()))
        );
        let prompts = rows(&w, NoticeKind::SessionLogPrompt).await;
        assert_eq!(prompts.len(), 2);
        assert!(
            prompts
                .iter()
                .all(|r| r.dedup_key.contains(&early.id.to_string()))
        );

        // Logged as held before delivery: the prompt is dropped, not sent.
        let held = Action::Held {
            topics: "Winter pressures".into(),
            action_points: String::new(),
        };
        sessions::act(&w.ctx, &mo, early.id, None, held)
            .await
            .unwrap();
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let prompts = rows(&w, NoticeKind::SessionLogPrompt).await;
        assert!(prompts.iter().all(|r| r.state == "dropped"), "{prompts:?}");
        assert!(
            rows(&w, NoticeKind::SessionReminder)
                .await
                .iter()
                .all(|r| r.state == "sent")
        );
    })
    .await;
}

#[tokio::test]
async fn offers_are_reminded_two_days_before_the_deadline_and_told_when_they_expired() {
    on_worlds(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let r = w
            .publish(
                m.intake.id,
                RelationshipKind::Mentoring,
                &[&m.mentee, &m.mentor],
                None,
            )
            .await;
        let [pat, mo] = m.people();
        tick(&w.ctx).await;
        assert!(rows(&w, NoticeKind::OfferReminder).await.is_empty());

        w.clock
            .set(r.offer_deadline - Duration::days(2) - Duration::minutes(1));
        tick(&w.ctx).await;
        assert!(
            rows(&w, NoticeKind::OfferReminder).await.is_empty(),
            "not before"
        );

        w.clock.set(r.offer_deadline - Duration::days(1));
        tick(&w.ctx).await;
        assert_eq!(rows(&w, NoticeKind::OfferReminder).await.len(), 2);
        // Mo answers before delivery: only Pat is reminded.
        w.accept(r.id, &[mo]).await;
        tick(&w.ctx).await;
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let states: Vec<(String, String)> = rows(&w, NoticeKind::OfferReminder)
            .await
            .into_iter()
            .map(|r| (format!("{:?}", r.to), r.state))
            .collect();
        assert!(states.contains(&(to(pat), "sent".into())), "{states:?}");
        assert!(states.contains(&(to(mo), "dropped".into())), "{states:?}");
        let mail = w.mailer.last_to(&email_of(&w, pat).await).unwrap();
        assert!(mail.text.contains(&format!("/relationships/{}", r.id)));

        // The deadline passes unanswered: both told once, however often the scheduler ticks.
        w.clock.set(r.offer_deadline + Duration::hours(1));
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        let expired = rows(&w, NoticeKind::OfferExpired).await;
        assert_eq!(recipients(&expired), BTreeSet::from([to(pat), to(mo)]));
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        assert!(
            rows(&w, NoticeKind::OfferExpired)
                .await
                .iter()
                .all(|r| r.state == "sent")
        );
    })
    .await;
}

#[tokio::test]
async fn the_organisation_digest_goes_daily_and_only_when_something_waits() {
    on_worlds(|w| async move {
        tick(&w.ctx).await;
        assert!(rows(&w, NoticeKind::DigestOrganisation).await.is_empty());
        let m = w.mentoring(ProgrammeRules::default()).await;
        let waiting = fixtures::submitted_application(
            &w.ctx.store,
            m.intake.id,
            w.staff_a[0],
            w.org_a,
            ApplicationRole::Mentee,
            fixtures::matchable_profile(),
            w.ctx.now(),
        )
        .await;
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        let digests = rows(&w, NoticeKind::DigestOrganisation).await;
        assert_eq!(recipients(&digests), BTreeSet::from([to(w.coordinator_a)]));
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let mail = w
            .mailer
            .last_to(&email_of(&w, w.coordinator_a).await)
            .unwrap();
        assert!(mail.text.contains(&format!("/applications/{}", waiting.id)));
        // The next day, again (still waiting); nothing for organisation B's coordinator.
        w.clock.advance(Duration::days(1));
        tick(&w.ctx).await;
        let digests = rows(&w, NoticeKind::DigestOrganisation).await;
        assert_eq!(digests.len(), 2);
        assert_eq!(recipients(&digests), BTreeSet::from([to(w.coordinator_a)]));
    })
    .await;
}

#[tokio::test]
async fn switched_off_is_dropped_digest_is_held_then_sent_once_and_essential_stays_on() {
    on_worlds(|w| async move {
        let (r, pat, mo) = active(&w).await;
        let set = |a: &Actor, kind: NoticeKind, mode: Mode| {
            let (ctx, a) = (w.ctx.clone(), a.clone());
            async move { preferences::set_mine(&ctx, &a, &[(kind.code().into(), mode)]).await }
        };
        set(&pat, NoticeKind::SessionReminder, Mode::Digest)
            .await
            .unwrap();
        set(&mo, NoticeKind::SessionReminder, Mode::Off)
            .await
            .unwrap();
        let refused = set(&pat, NoticeKind::SessionCancelled, Mode::Off)
            .await
            .unwrap_err();
        assert!(matches!(refused, AppError::Validation(_)));
        assert_eq!(
            preferences::decide(&w.ctx, pat.person_id, NoticeKind::SessionCancelled)
                .await
                .unwrap(),
            preferences::Delivery::Immediate
        );
        let mine = preferences::mine(&w.ctx, &pat).await.unwrap();
        let reminder = mine.iter().find(|p| p.kind == "session.reminder").unwrap();
        assert_eq!(reminder.mode, Mode::Digest);
        assert!(
            !mine.iter().any(|p| p.kind == "digest.scheme"),
            "a participant is not offered coordinators' digests"
        );

        let b = confirmed(&w, &r, &pat, &mo, day(&w, 3)).await;
        // The booking's own notices (proposed, confirmed) go first, so that only the reminder's
        // fate is counted below.
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        w.clock.set(b.starts_at.unwrap() - Duration::hours(23));
        tick(&w.ctx).await;
        let done = worker::deliver_due(&w.ctx, 100).await.unwrap();
        assert_eq!((done.held, done.dropped), (1, 1), "{done:?}");
        let before = w.mailer.sent().len();

        // The next tick queues Pat's digest; it is sent once and lists the held reminder.
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        assert_eq!(rows(&w, NoticeKind::DigestDaily).await.len(), 1);
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let sent = w.mailer.sent();
        assert_eq!(sent.len(), before + 1);
        let digest = &sent[before];
        assert_eq!(digest.to, email_of(&w, pat.person_id).await);
        assert!(digest.text.contains("Session reminder (24 hours before)"));
        assert!(
            digest
                .text
                .contains(&format!("/relationships/{}/bookings", r.id))
        );
        // Settled: the held reminder counts as sent, and no second digest comes.
        tick(&w.ctx).await;
        let pats: Vec<OutboxRow> = rows(&w, NoticeKind::SessionReminder)
            .await
            .into_iter()
            .filter(|r| format!("{:?}", r.to) == to(pat.person_id))
            .collect();
        assert_eq!(pats[0].state, "sent");
        w.clock.advance(Duration::days(1));
        tick(&w.ctx).await;
        assert_eq!(rows(&w, NoticeKind::DigestDaily).await.len(), 1);

        // The home page lists Pat's recent notices.
        let recent = preferences::recent(&w.ctx, &pat).await.unwrap();
        assert_eq!(recent[0].kind, "session.reminder");
        assert_eq!(
            recent[0].path.as_deref(),
            Some(format!("/relationships/{}/bookings", r.id).as_str())
        );
    })
    .await;
}

fn token_of(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn an_unsubscribe_link_works_without_a_session_and_a_forged_one_changes_nothing() {
    on_worlds(|w| async move {
        let pat = w.participant;
        let kind = NoticeKind::SessionLogPrompt;
        let (prefs, unsub) = preferences::links(&w.ctx, pat, kind).await.unwrap();
        assert!(prefs.unwrap().ends_with("/notices/preferences"));
        let url = unsub.expect("a non-essential kind has an unsubscribe link");
        let token = token_of(&url);
        // Essential kinds have none.
        let (_, none) = preferences::links(&w.ctx, pat, NoticeKind::OfferMade)
            .await
            .unwrap();
        assert!(none.is_none());

        // Forged: another person's id, or another kind, under the same signature; or garbage.
        let other = w.staff_a[0];
        let (_, theirs) = preferences::links(&w.ctx, other, kind).await.unwrap();
        let their_token = token_of(&theirs.unwrap());
        let (_, mine_other_kind) = preferences::links(&w.ctx, pat, NoticeKind::SetActionsDue)
            .await
            .unwrap();
        let swapped = format!(
            "{}.{}",
            token.split('.').next().unwrap(),
            their_token.split('.').nth(1).unwrap()
        );
        let swapped_kind = format!(
            "{}.{}",
            token_of(&mine_other_kind.unwrap())
                .split('.')
                .next()
                .unwrap(),
            token.split('.').nth(1).unwrap()
        );
        for bad in [swapped.as_str(), swapped_kind.as_str(), "nonsense", ""] {
            assert!(
                preferences::unsubscribe_link(&w.ctx, bad)
                    .await
                    .unwrap()
                    .is_none()
            );
            assert!(
                preferences::unsubscribe(&w.ctx, bad)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        assert!(
            w.ctx
                .store
                .notice_preferences(pat)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            w.ctx
                .store
                .notice_preferences(other)
                .await
                .unwrap()
                .is_empty()
        );

        let seen = preferences::unsubscribe_link(&w.ctx, &token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((seen.kind, seen.off), ("session.log_prompt", false));
        let done = preferences::unsubscribe(&w.ctx, &token)
            .await
            .unwrap()
            .unwrap();
        assert!(done.off);
        assert_eq!(
            preferences::decide(&w.ctx, pat, kind).await.unwrap(),
            preferences::Delivery::Off
        );
        // Another instance checks the same link (one signing key for all).
        let other_server = w.another_server().await;
        assert!(
            preferences::unsubscribe_link(&other_server, &token)
                .await
                .unwrap()
                .unwrap()
                .off
        );
    })
    .await;
}

#[tokio::test]
async fn a_survey_wave_invites_each_participant_once_at_its_date() {
    on_worlds(|w| async move {
        let (m, _r) = w.active_mentoring(ProgrammeRules::default()).await;
        let coordinator = w.actor(w.scheme_coordinator).await;
        let when: DateTime<Utc> = w.ctx.now() + Duration::days(30);
        let link = "https://survey.example.org/wave-1";
        let n =
            scheduler::queue_survey_wave(&w.ctx, &coordinator, m.programme.id, "6m", link, when)
                .await
                .unwrap();
        assert_eq!(n, 2);
        let again =
            scheduler::queue_survey_wave(&w.ctx, &coordinator, m.programme.id, "6m", link, when)
                .await
                .unwrap();
        assert_eq!(again, 0);
        let participant = w.actor(w.participant).await;
        let no =
            scheduler::queue_survey_wave(&w.ctx, &participant, m.programme.id, "x", link, when)
                .await
                .unwrap_err();
        assert!(matches!(no, AppError::Forbidden));
        let bad = scheduler::queue_survey_wave(
            &w.ctx,
            &coordinator,
            m.programme.id,
            "7m",
            "javascript:alert(1)",
            when,
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(&bad),
            vec![("link".to_string(), "notices.survey.error.link".to_string())]
        );

        // Not before its date; then sent with the survey's link.
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let waves = rows(&w, NoticeKind::SurveyWave).await;
        assert!(waves.iter().all(|r| r.state == "queued"));
        w.clock.set(when + Duration::minutes(1));
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let mail = w
            .mailer
            .last_to(&email_of(&w, w.participant).await)
            .unwrap();
        assert!(mail.text.contains(link));
    })
    .await;
}

/// A relationship of `kind` in a new programme of `programme_kind`, made active straight
/// through the store (the agreement steps are not what these tests are about).
async fn running(
    w: &World,
    programme_kind: tandem_domain::ProgrammeKind,
    kind: RelationshipKind,
    roles: [ApplicationRole; 2],
    other: PersonId,
) -> (tandem_domain::Programme, Relationship) {
    use tandem_domain::RelationshipStatus as S;
    let (programme, intake) = w
        .programme_with_intake(
            (
                format!("{programme_kind:?}"),
                programme_kind,
                ProgrammeRules::default(),
            ),
            "2026",
            [-30, -10, -5],
            [3, 3],
        )
        .await;
    let a = w
        .approved_application(
            intake.id,
            w.participant,
            w.org_a,
            roles[0],
            Default::default(),
        )
        .await;
    let b = w
        .approved_application(intake.id, other, w.org_b, roles[1], Default::default())
        .await;
    let r = w.publish(intake.id, kind, &[&a, &b], None).await;
    let now = w.ctx.now();
    let store = &w.ctx.store;
    store
        .move_relationship(r.id, S::Proposed, S::Accepted, now)
        .await
        .unwrap();
    store
        .move_relationship(r.id, S::Accepted, S::Active, now)
        .await
        .unwrap();
    (programme, store.get_relationship(r.id).await.unwrap())
}

fn about(rows: &[OutboxRow], id: &impl ToString) -> Vec<OutboxRow> {
    let id = id.to_string();
    rows.iter()
        .filter(|r| r.dedup_key.contains(&id))
        .cloned()
        .collect()
}

#[tokio::test]
async fn set_meetings_and_open_actions_are_recalled_before_the_meeting() {
    on_worlds(|w| async move {
        use chrono::NaiveTime;
        use tandem_domain::sets::{ActionStatus, SetAction, SetMeeting};
        let mo = w
            .add_participant(w.org_b, "Mo", "Member", tandem_test_support::MO)
            .await;
        let (_, set) = running(
            &w,
            tandem_domain::ProgrammeKind::ActionLearningSets,
            RelationshipKind::Set,
            [ApplicationRole::SetMember, ApplicationRole::SetMember],
            mo,
        )
        .await;
        let store = &w.ctx.store;
        let now = w.ctx.now();
        let meeting = |id, on, time: &str| SetMeeting {
            id,
            relationship_id: set.id,
            starts_on: on,
            starts_time: NaiveTime::parse_from_str(time, "%H:%M").unwrap(),
            link: "https://meet.example.org/set".into(),
            facilitator: Some(w.participant),
            timekeeper: Some(mo),
            rota_agreed: false,
            attendance_recorded: false,
            sequence: 0,
            created_by: None,
            created_at: now,
        };
        let past = meeting(uuid::Uuid::now_v7(), day(&w, -20), "10:00");
        store.create_set_meeting(&past).await.unwrap();
        store
            .add_set_action(&SetAction {
                id: uuid::Uuid::now_v7(),
                meeting_id: past.id,
                person_id: w.participant,
                text: "Meet the discharge lead".into(),
                status: ActionStatus::Open,
                updated_at: now,
            })
            .await
            .unwrap();
        let next = meeting(uuid::Uuid::now_v7(), day(&w, 4), "10:00");
        store.create_set_meeting(&next).await.unwrap();
        let starts = tandem_domain::sessions::from_local(
            "Europe/London",
            next.starts_on.and_time(next.starts_time),
        )
        .unwrap();

        w.clock.set(starts - Duration::days(3) - Duration::hours(1));
        tick(&w.ctx).await;
        assert!(
            rows(&w, NoticeKind::SetActionsDue).await.is_empty(),
            "not before"
        );

        // Three days before: Pat (who has an open action) is told; Mo (none) is not.
        w.clock.set(starts - Duration::days(2));
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        let due = rows(&w, NoticeKind::SetActionsDue).await;
        assert_eq!(recipients(&due), BTreeSet::from([to(w.participant)]));
        assert!(rows(&w, NoticeKind::SetMeetingReminder).await.is_empty());
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let mail = w
            .mailer
            .last_to(&email_of(&w, w.participant).await)
            .unwrap();
        assert!(mail.text.contains("Meet the discharge lead"));
        assert!(mail.text.contains(&format!("/set-meetings/{}", next.id)));

        // The day before: both members, with who facilitates and keeps time.
        w.clock
            .set(starts - Duration::hours(20) + Duration::minutes(5));
        tick(&w.ctx).await;
        let reminders = rows(&w, NoticeKind::SetMeetingReminder).await;
        assert_eq!(
            recipients(&reminders),
            BTreeSet::from([to(w.participant), to(mo)])
        );
        // Moved to the afternoon before delivery: those reminders are dropped, and the moved
        // meeting gets its own.
        store
            .reschedule_set_meeting(&meeting(next.id, next.starts_on, "14:00"))
            .await
            .unwrap();
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        assert!(
            rows(&w, NoticeKind::SetMeetingReminder)
                .await
                .iter()
                .all(|r| r.state == "dropped")
        );
        tick(&w.ctx).await;
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let all = rows(&w, NoticeKind::SetMeetingReminder).await;
        assert_eq!(all.len(), 4);
        assert_eq!(all.iter().filter(|r| r.state == "sent").count(), 2);
        let mail = w.mailer.last_to(&email_of(&w, mo).await).unwrap();
        assert!(mail.text.contains("14:00"), "{}", mail.text);
    })
    .await;
}

#[tokio::test]
async fn shadowing_days_and_workshops_are_recalled_shortly_before() {
    on_worlds(|w| async move {
        use tandem_domain::pairs::{ShadowingDay, Workshop};
        let mo = w
            .add_participant(w.org_b, "Mo", "Manager", tandem_test_support::MO)
            .await;
        let (programme, pair) = running(
            &w,
            tandem_domain::ProgrammeKind::PairedLearning,
            RelationshipKind::Pair,
            [ApplicationRole::PairClinician, ApplicationRole::PairManager],
            mo,
        )
        .await;
        let store = &w.ctx.store;
        let now = w.ctx.now();
        let shadowing = ShadowingDay {
            id: uuid::Uuid::now_v7(),
            relationship_id: pair.id,
            host_id: mo,
            day: day(&w, 3),
            place: "Ward 7".into(),
            done: false,
            learning: String::new(),
        };
        store
            .create_shadowing_day(&shadowing, w.participant, now)
            .await
            .unwrap();
        let workshop = Workshop {
            id: uuid::Uuid::now_v7(),
            programme_id: programme.id,
            title: "Measuring improvement".into(),
            day: day(&w, 5),
            place: "Room 2".into(),
        };
        store.create_workshop(&workshop, now).await.unwrap();
        tick(&w.ctx).await;
        assert!(rows(&w, NoticeKind::PairShadowingReminder).await.is_empty());
        assert!(rows(&w, NoticeKind::PairWorkshopReminder).await.is_empty());

        w.clock.advance(Duration::days(2));
        tick(&w.ctx).await;
        let shadow = rows(&w, NoticeKind::PairShadowingReminder).await;
        assert_eq!(
            recipients(&shadow),
            BTreeSet::from([to(w.participant), to(mo)])
        );
        assert!(rows(&w, NoticeKind::PairWorkshopReminder).await.is_empty());

        w.clock.advance(Duration::days(1));
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        assert_eq!(rows(&w, NoticeKind::PairShadowingReminder).await.len(), 2);
        let ws = rows(&w, NoticeKind::PairWorkshopReminder).await;
        assert_eq!(recipients(&ws), BTreeSet::from([to(w.participant), to(mo)]));
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let mail = w.mailer.last_to(&email_of(&w, mo).await).unwrap();
        assert!(
            mail.subject.contains("Measuring improvement"),
            "{}",
            mail.subject
        );
        assert!(mail.text.contains(&format!("/workshops/{}", workshop.id)));
        let sent: Vec<_> = w.mailer.sent();
        assert!(sent.iter().any(|m| {
            m.text.contains("Ward 7")
                && m.text
                    .contains(&format!("/relationships/{}/paired-learning", pair.id))
        }));
        assert_eq!(
            about(
                &rows(&w, NoticeKind::PairShadowingReminder).await,
                &shadowing.id
            )
            .len(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn a_line_manager_is_reminded_once_after_five_days_with_a_link_that_works() {
    on_worlds(|w| async move {
        use tandem_domain::application::{
            Application, ApplicationEvent, ApplicationStatus, ManagerLink,
        };
        let m = w.mentoring(ProgrammeRules::default()).await;
        let manager = w.staff_a[1];
        let now = w.ctx.now();
        let a = Application {
            id: tandem_domain::ApplicationId::new(),
            intake_id: m.intake.id,
            person_id: w.staff_a[0],
            role: ApplicationRole::Mentee,
            organisation_id: w.org_a,
            status: ApplicationStatus::AwaitingManager,
            profile: fixtures::matchable_profile(),
            answers: Default::default(),
            line_manager_id: Some(manager),
            submitted_at: now,
            updated_at: now,
            version: 1,
        };
        let event = ApplicationEvent {
            application_id: a.id,
            at: now,
            actor_id: None,
            status: ApplicationStatus::AwaitingManager,
            note: "test".into(),
        };
        w.ctx.store.create_application(&a, &event).await.unwrap();
        w.ctx
            .store
            .create_manager_link(&ManagerLink {
                token_hash: tandem_app::accounts::token_hash("first-link"),
                application_id: a.id,
                manager_id: manager,
                created_at: now,
                expires_at: now + Duration::days(14),
                used_at: None,
            })
            .await
            .unwrap();
        w.clock.advance(Duration::days(5) - Duration::minutes(5));
        tick(&w.ctx).await;
        assert!(
            rows(&w, NoticeKind::ApplicationManagerReminder)
                .await
                .is_empty()
        );
        w.clock.advance(Duration::minutes(10));
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        let reminders = rows(&w, NoticeKind::ApplicationManagerReminder).await;
        assert_eq!(recipients(&reminders), BTreeSet::from([to(manager)]));
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let mail = w.mailer.last_to(&email_of(&w, manager).await).unwrap();
        let at = mail.text.find("/manager-approval/").expect("the link");
        let token: String = mail.text[at + "/manager-approval/".len()..]
            .chars()
            .take_while(|c| *c != '?' && !c.is_whitespace())
            .collect();
        let opened = tandem_app::applications::manager_request(&w.ctx, &token)
            .await
            .unwrap();
        assert!(matches!(
            opened,
            tandem_app::applications::LinkOutcome::Ok(_)
        ));
        // Days later, still one reminder.
        w.clock.advance(Duration::days(3));
        tick(&w.ctx).await;
        assert_eq!(
            rows(&w, NoticeKind::ApplicationManagerReminder).await.len(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn the_scheme_digest_goes_weekly_when_relationships_have_gone_quiet() {
    on_worlds(|w| async move {
        tick(&w.ctx).await;
        assert!(
            rows(&w, NoticeKind::DigestScheme).await.is_empty(),
            "nothing to say"
        );
        let (r, _, _) = active(&w).await;
        tick(&w.ctx).await;
        assert!(
            rows(&w, NoticeKind::DigestScheme).await.is_empty(),
            "just started"
        );
        w.clock.advance(Duration::weeks(5));
        tick(&w.ctx).await;
        tick(&w.ctx).await;
        let digests = rows(&w, NoticeKind::DigestScheme).await;
        assert_eq!(
            recipients(&digests),
            BTreeSet::from([to(w.scheme_coordinator)])
        );
        worker::deliver_due(&w.ctx, 100).await.unwrap();
        let mail = w
            .mailer
            .last_to(&email_of(&w, w.scheme_coordinator).await)
            .unwrap();
        assert!(
            mail.text.contains("no session in the last 4 weeks: 1"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains(&format!("/relationships/{}", r.id)));
        w.clock.advance(Duration::weeks(1));
        tick(&w.ctx).await;
        assert_eq!(
            rows(&w, NoticeKind::DigestScheme).await.len(),
            2,
            "one a week"
        );
    })
    .await;
}
