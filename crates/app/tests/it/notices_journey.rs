//! The journey's notices, through the use cases: each change queues its notice in its own
//! transaction, and delivery renders it for the recipient as they are now (their language, the
//! exact page they may open).

use chrono::Duration;
use tandem_app::applications::{self, ApplicationInput, Decision};
use tandem_app::notify::worker::deliver_due;
use tandem_app::{AppError, matching};
use tandem_domain::{
    Application, ApplicationRole, ApplicationStatus, IntakeId, Language, PersonId, ProgrammeKind,
    ProgrammeRules, RelationshipKind, RelationshipStatus,
};
use tandem_mail::Email;
use tandem_test_support::{MO, PA, SC, World, fixtures, on_worlds};

const BASE: &str = "https://tandem.test";

async fn deliver(w: &World) -> u64 {
    deliver_due(&w.ctx, 1000).await.expect("delivery").sent
}

/// The last e-mail to `to`, which must exist.
fn mail_to(w: &World, to: &str) -> Email {
    w.mailer
        .last_to(to)
        .unwrap_or_else(|| panic!("an e-mail to {to}"))
}

async fn set_language(w: &World, person: PersonId, lang: Language) {
    let mut rec = w.ctx.store.get_person(person).await.unwrap();
    rec.person.language = lang;
    w.ctx
        .store
        .update_person(&rec.person, &rec.employments)
        .await
        .unwrap();
}

async fn set_line_manager(w: &World, person: PersonId, manager: PersonId) {
    let mut rec = w.ctx.store.get_person(person).await.unwrap();
    for e in &mut rec.employments {
        e.line_manager_id = Some(manager);
    }
    w.ctx
        .store
        .update_person(&rec.person, &rec.employments)
        .await
        .unwrap();
}

async fn email_of(w: &World, person: PersonId) -> String {
    w.ctx.store.get_person(person).await.unwrap().person.email
}

/// An open mentoring intake ("Spring") of a programme named "Leading together".
async fn open_intake(w: &World) -> IntakeId {
    let rules = ProgrammeRules {
        modes: vec![tandem_domain::Mode::Video],
        ..ProgrammeRules::default()
    };
    let (_, intake) = w
        .programme_with_intake(
            ("Leading together".into(), ProgrammeKind::Mentoring, rules),
            "Spring",
            [-1, 10, 20],
            [5, 5],
        )
        .await;
    intake.id
}

async fn pat_applies(w: &World, intake: IntakeId) -> Application {
    let input = ApplicationInput {
        role: Some(ApplicationRole::Mentee),
        profile: fixtures::matchable_profile(),
        answers: Default::default(),
    };
    applications::apply(&w.ctx, &w.actor(w.participant).await, intake, input)
        .await
        .expect("apply")
}

/// The token in a manager's e-mail.
fn token_in(mail: &Email) -> String {
    let at = mail.text.find("/manager-approval/").expect("a link") + "/manager-approval/".len();
    let rest = &mail.text[at..];
    rest[..rest.find(['?', '\n']).unwrap_or(rest.len())].to_string()
}

#[tokio::test]
async fn notices_follow_an_application_from_receipt_to_decision() {
    on_worlds(|w| async move {
        let intake = open_intake(&w).await;
        let manager = w.staff_a[0];
        set_line_manager(&w, w.participant, manager).await;
        set_language(&w, manager, Language::NlNl).await;
        let a = pat_applies(&w, intake).await;
        assert_eq!(a.status, ApplicationStatus::AwaitingManager);

        // Queued with the application, and no token rests in the outbox.
        let queued = w
            .ctx
            .store
            .notices_with_key_prefix("application.manager_request:")
            .await
            .unwrap();
        assert_eq!(queued.len(), 1);
        assert!(
            !queued[0].payload.contains("token"),
            "{}",
            queued[0].payload
        );
        assert!(w.mailer.sent().is_empty(), "nothing is sent in the request");

        assert_eq!(deliver(&w).await, 2, "the applicant and the manager");
        let received = mail_to(&w, PA);
        assert_eq!(
            received.subject,
            "We have received your application to Leading together"
        );
        assert!(received.text.contains("Dear Pat,"), "{}", received.text);
        assert!(
            received
                .text
                .contains(&format!("{BASE}/applications/{}", a.id))
        );
        assert!(received.html.as_deref().unwrap().contains("lang=\"en-GB\""));

        // The manager's request: in Dutch, with a single-use link whose hash only is stored.
        let request = mail_to(&w, &email_of(&w, manager).await);
        assert!(
            request.subject.contains("vraagt u in te stemmen"),
            "{}",
            request.subject
        );
        assert!(request.text.contains("Leading together"));
        let token = token_in(&request);
        assert!(token.len() >= 43, "32 random bytes: {token}");
        assert!(w.ctx.store.manager_link(&token).await.unwrap().is_none());
        assert!(
            w.ctx
                .store
                .manager_link(&tandem_app::accounts::token_hash(&token))
                .await
                .unwrap()
                .is_some()
        );
        // Delivered once: a second pass sends nothing.
        assert_eq!(deliver(&w).await, 0);

        // The manager agrees; the coordinator puts Pat on the waiting list with a reason.
        let yes = applications::answer_manager_link(&w.ctx, &token, true)
            .await
            .unwrap();
        assert!(matches!(yes, applications::LinkOutcome::Ok(_)));
        let ca = w.actor(w.coordinator_a).await;
        applications::decide(
            &w.ctx,
            &ca,
            a.id,
            Decision::WaitingList,
            None,
            "All places are held until March; you are first in line.",
        )
        .await
        .unwrap();
        assert_eq!(deliver(&w).await, 1);
        let waiting = mail_to(&w, PA);
        assert_eq!(
            waiting.subject,
            "Your application to Leading together is on the waiting list"
        );
        assert!(
            waiting
                .text
                .contains("Reason given: All places are held until March; you are first in line.")
        );
        assert!(
            waiting
                .text
                .contains(&format!("{BASE}/applications/{}", a.id))
        );

        // Then approved, without a reason: the notice gives none.
        w.clock.advance(Duration::minutes(5));
        applications::decide(&w.ctx, &ca, a.id, Decision::Approve, None, "  ")
            .await
            .unwrap();
        assert_eq!(deliver(&w).await, 1);
        let approved = mail_to(&w, PA);
        assert_eq!(
            approved.subject,
            "Your application to Leading together has been approved"
        );
        assert!(!approved.text.contains("Reason given"));

        // A reason over the limit is a field error, and nothing changes.
        let long = "x".repeat(applications::MAX_REASON + 1);
        let e = applications::decide(&w.ctx, &ca, a.id, Decision::Decline, None, &long)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Validation(_)), "{e:?}");
        assert_eq!(deliver(&w).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_managers_no_is_told_to_the_applicant_in_their_language() {
    on_worlds(|w| async move {
        let intake = open_intake(&w).await;
        let manager = w.staff_a[0];
        set_line_manager(&w, w.participant, manager).await;
        set_language(&w, w.participant, Language::NlNl).await;
        let a = pat_applies(&w, intake).await;
        deliver(&w).await;
        let received = mail_to(&w, PA);
        assert_eq!(
            received.subject,
            "Wij hebben uw aanmelding voor Leading together ontvangen"
        );
        let token = token_in(&mail_to(&w, &email_of(&w, manager).await));
        applications::answer_manager_link(&w.ctx, &token, false)
            .await
            .unwrap();
        assert_eq!(deliver(&w).await, 1);
        let declined = mail_to(&w, PA);
        assert_eq!(
            declined.subject,
            "Uw aanmelding voor Leading together is niet aangenomen"
        );
        assert!(declined.text.contains("Beste Pat,"), "{}", declined.text);
        assert!(
            declined
                .text
                .contains("Uw leidinggevende heeft niet ingestemd"),
            "{}",
            declined.text
        );
        assert!(
            declined
                .text
                .contains(&format!("{BASE}/applications/{}", a.id))
        );
        assert!(declined.html.as_deref().unwrap().contains("lang=\"nl-NL\""));
    })
    .await;
}

#[tokio::test]
async fn a_decision_overtaken_before_delivery_is_not_sent() {
    on_worlds(|w| async move {
        let intake = open_intake(&w).await;
        let a = pat_applies(&w, intake).await;
        let ca = w.actor(w.coordinator_a).await;
        applications::decide(&w.ctx, &ca, a.id, Decision::WaitingList, None, "")
            .await
            .unwrap();
        w.clock.advance(Duration::minutes(1));
        applications::decide(&w.ctx, &ca, a.id, Decision::Approve, None, "")
            .await
            .unwrap();
        // Delivered together: the waiting-list notice is no longer true and is dropped.
        let done = deliver_due(&w.ctx, 1000).await.unwrap();
        assert_eq!((done.sent, done.dropped), (2, 1), "{done:?}");
        let subjects: Vec<String> = w
            .mailer
            .sent()
            .into_iter()
            .filter(|m| m.to == PA)
            .map(|m| m.subject)
            .collect();
        assert!(subjects.iter().any(|s| s.contains("has been approved")));
        assert!(!subjects.iter().any(|s| s.contains("waiting list")));
    })
    .await;
}

#[tokio::test]
async fn offers_go_to_everyone_matched_and_a_decline_to_the_coordinators() {
    on_worlds(|w| async move {
        let m = w
            .mentoring(ProgrammeRules {
                mentor_load_max: Some(1),
                ..ProgrammeRules::default()
            })
            .await;
        let sc = w.actor(w.scheme_coordinator).await;
        set_language(&w, m.mentor.person_id, Language::NlNl).await;
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        let published = matching::publish(&w.ctx, &sc, run.id).await.unwrap();
        assert_eq!(published.relationships, 1);
        assert_eq!(published.told, 2, "both people matched have an address");
        assert_eq!(deliver(&w).await, 2);
        let r = w
            .ctx
            .store
            .relationships_of_person(w.participant)
            .await
            .unwrap()
            .pop()
            .unwrap();
        let link = format!("{BASE}/relationships/{}", r.id);
        let pat = mail_to(&w, PA);
        assert_eq!(
            pat.subject,
            "You have a proposed match in Cross-agency mentoring"
        );
        assert!(pat.text.contains(&link), "{}", pat.text);
        let deadline = tandem_app::notify::journey::long_date(Language::EnGb, r.offer_deadline);
        assert!(
            pat.text.contains(&format!("Answer by: {deadline}")),
            "{}",
            pat.text
        );
        let mo = mail_to(&w, MO);
        assert_eq!(
            mo.subject,
            "U hebt een voorgestelde match in Cross-agency mentoring"
        );
        assert!(mo.text.contains(&link));
        assert!(mo.text.contains(&tandem_app::notify::journey::long_date(
            Language::NlNl,
            r.offer_deadline
        )));

        // Mo declines: the scheme coordinator is told who and which intake, with its page,
        // and so is Pat, with the page that says what happens next.
        matching::respond(&w.ctx, &w.actor(m.mentor.person_id).await, r.id, false)
            .await
            .unwrap();
        assert_eq!(deliver(&w).await, 2);
        let told = mail_to(&w, SC);
        assert_eq!(
            told.subject,
            "A match in Cross-agency mentoring (Winter) was declined"
        );
        assert!(told.text.contains("Pat"), "{}", told.text);
        assert!(told.text.contains("Mo Mentor"), "{}", told.text);
        assert!(
            told.text.contains("Declined by: Mo Mentor"),
            "{}",
            told.text
        );
        assert!(
            told.text
                .contains(&format!("{BASE}/intakes/{}/relationships", m.intake.id)),
            "{}",
            told.text
        );
        let pat = mail_to(&w, PA);
        assert_eq!(
            pat.subject,
            "A proposed match in Cross-agency mentoring (Winter) was declined"
        );
        assert!(
            pat.text.contains(
                "Mo Mentor declined the proposed match in Cross-agency mentoring, intake Winter."
            ),
            "{}",
            pat.text
        );
        assert!(pat.text.contains("Intake: Winter"), "{}", pat.text);
        assert!(
            pat.text.contains("back in the intake's pool"),
            "{}",
            pat.text
        );
        assert!(pat.text.contains(&link), "{}", pat.text);
        assert_eq!(
            w.mailer.sent().iter().filter(|e| e.to == PA).count(),
            2,
            "Pat has the offer and the decline"
        );
        assert!(
            w.mailer
                .sent()
                .iter()
                .filter(|e| e.to == MO)
                .all(|e| !e.subject.contains("declined")),
            "who declined is not told of it"
        );
    })
    .await;
}

#[tokio::test]
async fn people_without_an_address_are_not_counted_as_told() {
    on_worlds(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        // Mo's record has no address (an imported record, say).
        let mut rec = w.ctx.store.get_person(m.mentor.person_id).await.unwrap();
        rec.person.email = String::new();
        w.ctx
            .store
            .update_person(&rec.person, &rec.employments)
            .await
            .unwrap();
        let sc = w.actor(w.scheme_coordinator).await;
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        let p = matching::publish(&w.ctx, &sc, run.id).await.unwrap();
        assert_eq!(p.told, 1);
        assert_eq!(deliver(&w).await, 1);
        assert!(w.mailer.last_to(PA).is_some());
    })
    .await;
}

#[tokio::test]
async fn the_agreement_asks_for_signatures_and_tells_everyone_when_signed() {
    on_worlds(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let [pat, mo] = m.people();
        let r = w
            .publish(
                m.intake.id,
                RelationshipKind::Mentoring,
                &[&m.mentee, &m.mentor],
                None,
            )
            .await;
        let link = format!("{BASE}/relationships/{}", r.id);
        w.accept(r.id, &[pat]).await;
        assert_eq!(deliver(&w).await, 0, "Mo has not answered yet");
        set_language(&w, mo, Language::NlNl).await;
        w.accept(r.id, &[mo]).await;
        assert_eq!(deliver(&w).await, 2, "both are asked to sign");
        let to_sign = mail_to(&w, PA);
        assert_eq!(
            to_sign.subject,
            "Your agreement for Cross-agency mentoring is waiting for your signature"
        );
        assert!(to_sign.text.contains(&link));
        let mo_mail = mail_to(&w, MO);
        assert_eq!(
            mo_mail.subject,
            "Uw overeenkomst voor Cross-agency mentoring wacht op uw handtekening"
        );

        // Pat edits the terms: Mo is asked to sign the new version; Pat is not asked again.
        let agreement = w.ctx.store.get_agreement(r.id).await.unwrap().unwrap();
        let mut terms = agreement.terms.clone();
        terms.goals = "Grow as a leader".into();
        let v2 = matching::save_agreement(&w.ctx, &w.actor(pat).await, r.id, terms, 1)
            .await
            .unwrap();
        assert_eq!(deliver(&w).await, 1);
        assert_eq!(w.mailer.last_to(MO).unwrap().subject, mo_mail.subject);
        assert_eq!(w.mailer.sent().iter().filter(|e| e.to == MO).count(), 2);

        // The first signature tells nobody; the last tells everyone.
        w.sign(r.id, &[pat], v2).await;
        assert_eq!(deliver(&w).await, 0);
        w.sign(r.id, &[mo], v2).await;
        let status = w.ctx.store.get_relationship(r.id).await.unwrap().status;
        assert_eq!(status, RelationshipStatus::Active);
        assert_eq!(deliver(&w).await, 2);
        let signed = mail_to(&w, PA);
        assert_eq!(
            signed.subject,
            "Everyone has signed your agreement for Cross-agency mentoring"
        );
        assert!(signed.text.contains(&link));
        assert!(
            mail_to(&w, MO)
                .subject
                .starts_with("Iedereen heeft uw overeenkomst")
        );
    })
    .await;
}

#[tokio::test]
async fn an_offer_answered_before_delivery_is_not_sent() {
    on_worlds(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        matching::publish(&w.ctx, &sc, run.id).await.unwrap();
        let r = w
            .ctx
            .store
            .relationships_of_person(w.participant)
            .await
            .unwrap()
            .pop()
            .unwrap();
        // Pat answers from the page before the offer e-mail went out.
        matching::respond(&w.ctx, &w.actor(w.participant).await, r.id, true)
            .await
            .unwrap();
        let done = deliver_due(&w.ctx, 1000).await.unwrap();
        assert_eq!((done.sent, done.dropped), (1, 1), "{done:?}");
        assert!(w.mailer.last_to(PA).is_none());
        assert!(w.mailer.last_to(MO).is_some());
    })
    .await;
}

#[tokio::test]
async fn a_decline_that_leaves_a_set_agreed_asks_the_rest_to_sign() {
    on_worlds(|w| async move {
        let (_, intake) = w
            .programme_with_intake(
                (
                    "Learning sets".into(),
                    ProgrammeKind::ActionLearningSets,
                    ProgrammeRules::default(),
                ),
                "Autumn",
                [-10, 10, 20],
                [5, 5],
            )
            .await;
        let mut people = Vec::new();
        let mut apps = Vec::new();
        for (given, email) in [
            ("Ann", "ann@alpha.example.org"),
            ("Bo", "bo@alpha.example.org"),
            ("Cy", "cy@beta.example.org"),
        ] {
            let org = if email.ends_with("beta.example.org") {
                w.org_b
            } else {
                w.org_a
            };
            let p = w.add_participant(org, given, "Member", email).await;
            people.push(p);
            apps.push(
                w.approved_application(
                    intake.id,
                    p,
                    org,
                    ApplicationRole::SetMember,
                    Default::default(),
                )
                .await,
            );
        }
        let members: Vec<&Application> = apps.iter().collect();
        let r = w
            .publish(intake.id, RelationshipKind::Set, &members, None)
            .await;
        w.accept(r.id, &people[..2]).await;
        assert_eq!(deliver(&w).await, 0, "Cy has not answered");
        // Cy declines: the two who stay have all accepted, so their agreement is drafted.
        let status = matching::respond(&w.ctx, &w.actor(people[2]).await, r.id, false)
            .await
            .unwrap();
        assert_eq!(status, RelationshipStatus::Accepted);
        assert_eq!(
            deliver(&w).await,
            5,
            "the scheme coordinator, and Ann and Bo (the decline, and the agreement)"
        );
        for to in ["ann@alpha.example.org", "bo@alpha.example.org"] {
            let subjects: Vec<String> = w
                .mailer
                .sent()
                .iter()
                .filter(|e| e.to == to)
                .map(|e| e.subject.clone())
                .collect();
            assert!(
                subjects.contains(
                    &"Your agreement for Learning sets is waiting for your signature".to_string()
                ),
                "{subjects:?}"
            );
            let told = w
                .mailer
                .sent()
                .into_iter()
                .find(|e| e.to == to && e.subject.contains("was declined"))
                .expect("the decline is told to those who stay");
            assert_eq!(
                told.subject,
                "A proposed match in Learning sets (Autumn) was declined"
            );
            assert!(told.text.contains("Cy Member declined"), "{}", told.text);
            assert!(
                told.text.contains("The others go ahead without them"),
                "{}",
                told.text
            );
        }
        assert!(w.mailer.last_to("cy@beta.example.org").is_none());
        let told = mail_to(&w, SC);
        assert!(
            told.text.contains("Declined by: Cy Member"),
            "{}",
            told.text
        );
        assert!(
            told.text
                .contains("The person who declined is back in the pool; the others stay together."),
            "{}",
            told.text
        );
    })
    .await;
}
