//! Notices about meetings, through the use cases: each change to a session, a set meeting or a
//! paired-learning day queues one notice per other person in the change's own transaction, in
//! the recipient's language, linking to the page they may open, with an `.ics` file that an
//! independent parser (the `icalendar` crate) reads back with the calendar feed's UID and
//! SEQUENCE; delivery sends it to them and never to the person who acted, and a notice that a
//! later change superseded is not sent.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, EventLike};
use tandem_app::notify::{self, NoticeKind, Queued, Recipient, Rendered};
use tandem_app::sessions::{self, Action, BookingInput};
use tandem_app::{pairs, sets};
use tandem_domain::{
    AgreementTerms, Application, ApplicationRole, Country, Language, Mode, PersonId, ProgrammeKind,
    ProgrammeRules, RelationshipId, RelationshipKind, RelationshipStatus, Slot,
};
use tandem_storage::{NoticeTo, OutboxRow};
use tandem_test_support::{World, actor_of, on_worlds};

const PAT: &str = "pat@alpha.example.org";
const MO: &str = "mo@beta.example.org";
const LINK: &str = "https://meet.example.org/tandem";

/// What `prefix` queued.
async fn queued(w: &World, prefix: &str) -> Vec<OutboxRow> {
    w.ctx.store.notices_with_key_prefix(prefix).await.unwrap()
}

fn person_of(row: &OutboxRow) -> PersonId {
    match &row.to {
        NoticeTo::Person(p) => *p,
        NoticeTo::Address(a) => panic!("a meetings notice for a bare address: {a}"),
    }
}

/// Renders a queued row for its recipient as the worker would (`None`: no longer relevant).
async fn render(w: &World, row: &OutboxRow) -> Option<Rendered> {
    let person = person_of(row);
    let rec = w.ctx.store.get_person(person).await.unwrap();
    let to = Recipient {
        person_id: Some(person),
        name: rec.person.given_name.clone(),
        address: rec.person.email.clone(),
        language: rec.person.language,
        preferences_url: Some("https://tandem.test/notices/preferences".into()),
        unsubscribe_url: None,
    };
    let notice = Queued {
        kind: NoticeKind::from_code(&row.kind).unwrap(),
        dedup_key: row.dedup_key.clone(),
        payload: serde_json::from_str(&row.payload).unwrap(),
        created_at: row.created_at,
    };
    notify::render(&w.ctx, &notice, &to).await.unwrap()
}

/// The one `.ics` attached, checked as RFC 5545 text (CRLF, folded at 75 octets), and parsed.
fn ics(r: &Rendered) -> (String, Calendar) {
    assert_eq!(r.attachments.len(), 1, "one calendar file");
    let a = &r.attachments[0];
    assert!(a.content_type.starts_with("text/calendar"));
    assert!(a.file_name.ends_with(".ics"));
    let body = a.body.clone();
    assert!(body.ends_with("\r\n") && !body.replace("\r\n", "").contains('\n'));
    assert!(body.split("\r\n").all(|l| l.len() <= 75), "folded lines");
    let cal: Calendar = body.parse().expect("an independent parser reads the .ics");
    (body, cal)
}

fn utc_of(d: DatePerhapsTime) -> DateTime<Utc> {
    match d {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t,
        other => panic!("not a UTC time: {other:?}"),
    }
}

fn date_of(d: DatePerhapsTime) -> NaiveDate {
    match d {
        DatePerhapsTime::Date(d) => d,
        other => panic!("not a date: {other:?}"),
    }
}

/// Delivers everything due and returns the addresses mailed (sorted).
async fn deliver(w: &World) -> Vec<String> {
    w.mailer.clear();
    notify::worker::deliver_due(&w.ctx, 1000).await.unwrap();
    let mut to: Vec<String> = w.mailer.sent().into_iter().map(|e| e.to).collect();
    to.sort();
    to
}

fn at(date: NaiveDate, start: &str) -> BookingInput {
    BookingInput {
        date: Some(date),
        start: Some(start.into()),
        minutes: Some(60),
        mode: Some(Mode::Video),
        link: Some(LINK.into()),
        place: None,
    }
}

/// Mo (Beta Council) reads Dutch, and Beta Council is in the Netherlands.
async fn make_mo_dutch(w: &World, mo: PersonId) {
    let store = &w.ctx.store;
    let mut org = store.get_organisation(w.org_b).await.unwrap();
    org.country = Country::Netherlands;
    store.update_organisation(&org).await.unwrap();
    let mut rec = store.get_person(mo).await.unwrap();
    rec.person.language = Language::NlNl;
    store
        .update_person(&rec.person, &rec.employments)
        .await
        .unwrap();
}

#[tokio::test]
async fn each_change_to_a_session_tells_the_other_member_once_with_its_calendar_file() {
    on_worlds(|w| async move {
        let (m, r) = w.active_mentoring(ProgrammeRules::default()).await;
        let [pat, mo] = m.people();
        make_mo_dutch(&w, mo).await;
        let (pat_a, mo_a) = (actor_of(&w, pat).await, actor_of(&w, mo).await);
        deliver(&w).await;
        let day = (w.ctx.now() + Duration::days(5)).date_naive();
        let page = format!("/relationships/{}/bookings", r.id);

        // Pat proposes 10:00 London time: Mo is told, in Dutch, at 11:00 Amsterdam time.
        let b = sessions::propose(&w.ctx, &pat_a, r.id, at(day, "10:00"))
            .await
            .unwrap();
        let rows = queued(&w, "session.proposed:").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].dedup_key,
            format!("session.proposed:{}:0:{mo}", b.id)
        );
        let mail = render(&w, &rows[0]).await.expect("still relevant");
        assert!(
            mail.subject
                .starts_with("Pat Participant stelt een sessie voor op")
                && mail.subject.ends_with(" om 11:00"),
            "{}",
            mail.subject
        );
        assert!(mail.text.starts_with("Beste Mo,"));
        assert!(mail.html.contains("lang=\"nl-NL\"") && mail.html.contains("Beste Mo,"));
        assert!(mail.text.contains(&format!("Videolink: {LINK}")));
        assert!(mail.text.contains("Duur: 60 minuten"));
        assert!(mail.text.contains("Met: Pat Participant"));
        assert!(mail.text.contains(&page) && mail.html.contains(&page));
        let (_, cal) = ics(&mail);
        assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
        let ev = cal.events().next().expect("one event");
        let uid = format!("session-{}@tandem", b.id);
        assert_eq!(ev.get_uid(), Some(uid.as_str()));
        assert_eq!(ev.get_sequence(), Some(0));
        assert_eq!(utc_of(ev.get_start().unwrap()), b.starts_at.unwrap());
        assert_eq!(
            utc_of(ev.get_end().unwrap()),
            b.starts_at.unwrap() + Duration::minutes(60)
        );
        assert_eq!(ev.property_value("STATUS"), Some("TENTATIVE"));
        assert_eq!(
            ev.property_value("ORGANIZER"),
            Some(format!("mailto:{PAT}").as_str())
        );
        assert_eq!(deliver(&w).await, vec![MO.to_string()], "Mo, not Pat");

        // Mo confirms: Pat is told, in English, with the confirmed event.
        let b = sessions::act(&w.ctx, &mo_a, b.id, Some(0), Action::Confirm)
            .await
            .unwrap();
        let rows = queued(&w, "session.confirmed:").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(person_of(&rows[0]), pat);
        let mail = render(&w, &rows[0]).await.unwrap();
        assert!(
            mail.subject.starts_with("Session confirmed for ")
                && mail.subject.ends_with(" at 10:00"),
            "{}",
            mail.subject
        );
        assert!(mail.text.contains("Mo Mentor confirmed your session"));
        let (_, cal) = ics(&mail);
        let ev = cal.events().next().unwrap();
        assert_eq!(ev.property_value("STATUS"), Some("CONFIRMED"));
        assert_eq!(ev.get_sequence(), Some(0));
        assert_eq!(deliver(&w).await, vec![PAT.to_string()], "Pat, not Mo");

        // Pat moves it a day later: Mo is told the old and the new time; SEQUENCE 1.
        let b = sessions::act(
            &w.ctx,
            &pat_a,
            b.id,
            Some(b.sequence),
            Action::Reschedule(at(day + Duration::days(1), "10:00")),
        )
        .await
        .unwrap();
        assert_eq!(b.sequence, 1);
        let rows = queued(&w, &format!("session.rescheduled:{}:1:", b.id)).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(person_of(&rows[0]), mo);
        let mail = render(&w, &rows[0]).await.unwrap();
        assert!(mail.subject.starts_with("Sessie verplaatst naar "));
        assert!(mail.text.contains("Eerder gepland: "));
        let (_, cal) = ics(&mail);
        let ev = cal.events().next().unwrap();
        assert_eq!(ev.get_sequence(), Some(1));
        assert_eq!(utc_of(ev.get_start().unwrap()), b.starts_at.unwrap());
        assert_eq!(deliver(&w).await, vec![MO.to_string()]);

        // Mo cancels: Pat gets METHOD:CANCEL with STATUS:CANCELLED and SEQUENCE 2, the same UID
        // and SEQUENCE as the calendar feed's file of the session.
        sessions::act(&w.ctx, &mo_a, b.id, Some(1), Action::Cancel)
            .await
            .unwrap();
        let rows = queued(&w, "session.cancelled:").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(person_of(&rows[0]), pat);
        let mail = render(&w, &rows[0]).await.unwrap();
        assert!(mail.subject.starts_with("Session on ") && mail.subject.ends_with(" cancelled"));
        let (_, cal) = ics(&mail);
        assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
        let ev = cal.events().next().unwrap();
        assert_eq!(ev.property_value("STATUS"), Some("CANCELLED"));
        assert_eq!(ev.get_sequence(), Some(2));
        let feed: Calendar = sessions::ics(&w.ctx, &pat_a, b.id)
            .await
            .unwrap()
            .parse()
            .unwrap();
        let fe = feed.events().next().unwrap();
        assert_eq!(fe.get_uid(), ev.get_uid());
        assert_eq!(fe.get_sequence(), ev.get_sequence());
        assert_eq!(deliver(&w).await, vec![PAT.to_string()]);

        // Nothing was queued twice, and nothing for the person who acted.
        let all = queued(&w, "session.").await;
        assert_eq!(all.len(), 4);
        assert!(all.iter().all(|r| r.state == "sent"));
    })
    .await;
}

#[tokio::test]
async fn a_proposal_moved_before_delivery_is_not_sent_only_the_move() {
    on_worlds(|w| async move {
        let (m, r) = w.active_mentoring(ProgrammeRules::default()).await;
        let [pat, mo] = m.people();
        let pat_a = actor_of(&w, pat).await;
        deliver(&w).await;
        let day = (w.ctx.now() + Duration::days(5)).date_naive();
        let b = sessions::propose(&w.ctx, &pat_a, r.id, at(day, "10:00"))
            .await
            .unwrap();
        sessions::act(
            &w.ctx,
            &pat_a,
            b.id,
            Some(0),
            Action::Reschedule(at(day, "15:00")),
        )
        .await
        .unwrap();
        let proposed = &queued(&w, "session.proposed:").await[0];
        assert!(render(&w, proposed).await.is_none(), "superseded");

        assert_eq!(deliver(&w).await, vec![MO.to_string()]);
        let sent = w.mailer.sent();
        assert!(
            sent[0].subject.ends_with(" at 15:00"),
            "{}",
            sent[0].subject
        );
        assert_eq!(
            queued(&w, "session.proposed:").await[0].state,
            "dropped",
            "counted as no longer relevant"
        );
        assert_eq!(person_of(&queued(&w, "session.rescheduled:").await[0]), mo);
    })
    .await;
}

/// An active set of Pat (A), Mo (B) and Al (A) meeting on Tuesday afternoons.
async fn active_set(w: &World) -> (RelationshipId, [PersonId; 3]) {
    let (_, intake) = w
        .programme_with_intake(
            (
                "Leading across boundaries".to_string(),
                ProgrammeKind::ActionLearningSets,
                ProgrammeRules {
                    cadence_weeks: Some(4),
                    ..ProgrammeRules::default()
                },
            ),
            "2026 sets",
            [-30, -10, -5],
            [5, 5],
        )
        .await;
    let mo = w.add_participant(w.org_b, "Mo", "Mentor", MO).await;
    let al = w
        .add_participant(w.org_a, "Al", "Able", "al@alpha.example.org")
        .await;
    let people = [(w.participant, w.org_a), (mo, w.org_b), (al, w.org_a)];
    let mut apps = Vec::new();
    for (p, org) in people {
        let role = ApplicationRole::SetMember;
        apps.push(
            w.approved_application(intake.id, p, org, role, Default::default())
                .await,
        );
    }
    let members: Vec<&Application> = apps.iter().collect();
    let slot = Some(Slot { day: 1, part: 1 });
    let r = w
        .publish(intake.id, RelationshipKind::Set, &members, slot)
        .await;
    let everyone = [w.participant, mo, al];
    w.accept(r.id, &everyone).await;
    let terms = AgreementTerms {
        goals: "Learn from each other".into(),
        frequency: "Every four weeks".into(),
        channel: None,
        cancellation_notice_hours: 48,
        confidentiality_notes: String::new(),
        ground_rules: "What is said here stays here.".into(),
    };
    let first = actor_of(w, w.participant).await;
    let version = tandem_app::matching::save_agreement(&w.ctx, &first, r.id, terms, 1)
        .await
        .unwrap();
    w.sign(r.id, &everyone, version).await;
    let status = w.ctx.store.get_relationship(r.id).await.unwrap().status;
    assert_eq!(status, RelationshipStatus::Active);
    (r.id, everyone)
}

#[tokio::test]
async fn set_members_hear_of_the_next_meeting_and_of_apologies() {
    on_worlds(|w| async move {
        let (set, [pat, mo, al]) = active_set(&w).await;
        make_mo_dutch(&w, mo).await;
        deliver(&w).await;
        let pat_a = actor_of(&w, pat).await;
        let day = (w.ctx.now() + Duration::days(9)).date_naive();
        let input = |d: NaiveDate| sets::ScheduleInput {
            starts_on: Some(d),
            starts_time: "14:00".into(),
            link: "https://meet.example.org/set-one".into(),
        };
        let meeting = sets::schedule(&w.ctx, &pat_a, set, input(day))
            .await
            .unwrap();
        let rows = queued(&w, "set.meeting_next:").await;
        let mut to: Vec<PersonId> = rows.iter().map(person_of).collect();
        to.sort();
        let mut want = vec![mo, al];
        want.sort();
        assert_eq!(to, want, "the other members, not Pat");
        let for_al = rows.iter().find(|r| person_of(r) == al).unwrap();
        let mail = render(&w, for_al).await.unwrap();
        assert!(
            mail.subject.starts_with("Next set meeting: ") && mail.subject.ends_with(" at 14:00"),
            "{}",
            mail.subject
        );
        assert!(
            mail.text
                .contains("Pat Participant planned the next meeting")
        );
        assert!(mail.text.contains("The roles below are proposed"));
        for label in ["Presenting: ", "Facilitating: ", "Keeping time: "] {
            let line = mail.text.lines().find(|l| l.starts_with(label)).unwrap();
            assert!(
                ["Pat Participant", "Mo Mentor", "Al Able"]
                    .iter()
                    .any(|n| line.contains(n)),
                "{line}"
            );
        }
        assert!(
            mail.text
                .contains("Video link: https://meet.example.org/set-one")
        );
        assert!(mail.text.contains(&format!("/set-meetings/{meeting}")));
        let for_mo = rows.iter().find(|r| person_of(r) == mo).unwrap();
        let dutch = render(&w, for_mo).await.unwrap();
        assert!(
            dutch
                .subject
                .starts_with("Volgende bijeenkomst van de intervisiegroep: ")
        );
        assert!(dutch.text.contains("Begeleidt: "));

        // Moved a week on before delivery: only the new time is sent.
        let later = day + Duration::days(7);
        sets::reschedule(&w.ctx, &pat_a, meeting, input(later))
            .await
            .unwrap();
        assert_eq!(queued(&w, "set.meeting_next:").await.len(), 4);
        assert!(
            render(&w, for_al).await.is_none(),
            "the old time is superseded"
        );
        let moved = queued(&w, "set.meeting_next:").await;
        let moved = moved
            .iter()
            .find(|r| person_of(r) == al && r.dedup_key != for_al.dedup_key)
            .unwrap();
        let (_, cal) = ics(&render(&w, moved).await.unwrap());
        let ev = cal.events().next().unwrap();
        let uid = format!("set-meeting-{meeting}@tandem");
        assert_eq!(ev.get_uid(), Some(uid.as_str()));
        assert_eq!(ev.get_sequence(), Some(1), "moved once");
        // 14:00 in London on the new day, for three hours.
        let start = utc_of(ev.get_start().unwrap());
        let local = later.and_hms_opt(14, 0, 0).unwrap();
        assert_eq!(
            Some(start),
            tandem_domain::sessions::from_local("Europe/London", local)
        );
        assert_eq!(utc_of(ev.get_end().unwrap()), start + Duration::hours(3));
        let sent = deliver(&w).await;
        assert_eq!(
            sent,
            vec!["al@alpha.example.org".to_string(), MO.to_string()]
        );

        // Mo sends apologies (twice): Pat and Al are told once each.
        let mo_a = actor_of(&w, mo).await;
        sets::send_apologies(&w.ctx, &mo_a, meeting).await.unwrap();
        sets::send_apologies(&w.ctx, &mo_a, meeting).await.unwrap();
        let rows = queued(&w, "set.apologies:").await;
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| person_of(r) != mo));
        let for_pat = rows.iter().find(|r| person_of(r) == pat).unwrap();
        let mail = render(&w, for_pat).await.unwrap();
        assert!(
            mail.subject
                .starts_with("Mo Mentor cannot come to the set meeting on "),
            "{}",
            mail.subject
        );
        assert!(mail.text.contains(&format!("/set-meetings/{meeting}")));
        let sent = deliver(&w).await;
        assert_eq!(
            sent,
            vec!["al@alpha.example.org".to_string(), PAT.to_string()]
        );

        // Once attendance is recorded the meeting is over: no more apologies.
        w.clock.advance(Duration::days(17));
        sets::record_attendance(&w.ctx, &pat_a, meeting, &[pat, al])
            .await
            .unwrap();
        let late = sets::send_apologies(&w.ctx, &mo_a, meeting).await;
        assert!(late.is_err());
    })
    .await;
}

/// An active pair of Pat (A) and Mo (B) in a paired-learning programme.
async fn active_pair(w: &World) -> (tandem_domain::ProgrammeId, RelationshipId, PersonId) {
    let (programme, intake) = w
        .programme_with_intake(
            (
                "Registrars and managers".to_string(),
                ProgrammeKind::PairedLearning,
                ProgrammeRules {
                    modes: vec![Mode::Video],
                    ..ProgrammeRules::default()
                },
            ),
            "2026 pairs",
            [-30, -10, -5],
            [3, 3],
        )
        .await;
    let mo = w.add_participant(w.org_b, "Mo", "Manager", MO).await;
    let a = w
        .approved_application(
            intake.id,
            w.participant,
            w.org_a,
            ApplicationRole::PairClinician,
            Default::default(),
        )
        .await;
    let b = w
        .approved_application(
            intake.id,
            mo,
            w.org_b,
            ApplicationRole::PairManager,
            Default::default(),
        )
        .await;
    let r = w
        .publish(intake.id, RelationshipKind::Pair, &[&a, &b], None)
        .await;
    w.accept(r.id, &[w.participant, mo]).await;
    w.sign(r.id, &[w.participant, mo], 1).await;
    (programme.id, r.id, mo)
}

#[tokio::test]
async fn pairs_are_invited_to_shadowing_days_and_workshops_with_calendar_files() {
    on_worlds(|w| async move {
        let (programme, pair, mo) = active_pair(&w).await;
        deliver(&w).await;
        let pat_a = actor_of(&w, w.participant).await;
        let page = format!("/relationships/{pair}/paired-learning");

        // Pat arranges a day at Mo's workplace: Mo, the host, is told.
        let day = (w.ctx.now() + Duration::days(12)).date_naive();
        let input = pairs::ShadowingInput {
            host: Some(mo),
            day: Some(day),
            place: "Ward 7, Beta Council".into(),
        };
        let id = pairs::plan_shadowing(&w.ctx, &pat_a, pair, input)
            .await
            .unwrap();
        let rows = queued(&w, "pair.shadowing_invitation:").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(person_of(&rows[0]), mo);
        let mail = render(&w, &rows[0]).await.unwrap();
        assert!(mail.subject.starts_with("Shadowing day on "));
        assert!(
            mail.text
                .contains("will spend the day with you at your workplace")
        );
        assert!(mail.text.contains("Where: Ward 7, Beta Council"));
        assert!(mail.text.contains(&page));
        let (body, cal) = ics(&mail);
        assert!(body.contains("LOCATION:Ward 7\\, Beta Council\r\n"));
        let ev = cal.events().next().unwrap();
        assert_eq!(
            ev.get_uid(),
            Some(format!("shadowing-{id}@tandem").as_str())
        );
        assert_eq!(date_of(ev.get_start().unwrap()), day);
        assert_eq!(date_of(ev.get_end().unwrap()), day + Duration::days(1));
        assert_eq!(cal.property_value("METHOD"), Some("PUBLISH"));
        assert_eq!(deliver(&w).await, vec![MO.to_string()]);

        // The coordinator announces a workshop: both members are invited, not the coordinator.
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let wday = (w.ctx.now() + Duration::days(20)).date_naive();
        let input = pairs::WorkshopInput {
            title: "Quality improvement basics".into(),
            day: Some(wday),
            place: "Leeds".into(),
        };
        let workshop = pairs::create_workshop(&w.ctx, &sc, programme, input)
            .await
            .unwrap();
        let rows = queued(&w, "pair.workshop_invitation:").await;
        let mut to: Vec<PersonId> = rows.iter().map(person_of).collect();
        to.sort();
        let mut want = vec![w.participant, mo];
        want.sort();
        assert_eq!(to, want);
        let for_pat = rows.iter().find(|r| person_of(r) == w.participant).unwrap();
        let mail = render(&w, for_pat).await.unwrap();
        assert!(
            mail.subject
                .starts_with("Workshop invitation: Quality improvement basics on "),
            "{}",
            mail.subject
        );
        assert!(mail.text.contains("Programme: Registrars and managers"));
        assert!(mail.text.contains(&page));
        let (_, cal) = ics(&mail);
        let ev = cal.events().next().unwrap();
        let uid = format!("workshop-{}@tandem", workshop.id);
        assert_eq!(ev.get_uid(), Some(uid.as_str()));
        assert_eq!(date_of(ev.get_start().unwrap()), wday);
        assert_eq!(ev.get_location(), Some("Leeds"));
        assert_eq!(deliver(&w).await, vec![MO.to_string(), PAT.to_string()]);
    })
    .await;
}
