//! HTTP tests of recruitment: applying (eligibility, duplicates, the form's questions), the line
//! manager's e-mailed link, the organisation coordinator's decisions within places, the
//! applicant's history and withdrawal, and the same through the API, on both backends.

use crate::harness::{CA, CB, PA, SC, World, add_person, api_call as call, api_token, on_backends};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::Duration;
use serde_json::{Value, json};
use tandem_domain::application::PlaceUse;
use tandem_domain::{
    Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus,
    FrameworkDimension, Intake, IntakeId, IntakePlace, Language, MatchingProfile, Mode,
    OrganisationId, PersonId, Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, Slot,
};
use tower::ServiceExt;

// ----- helpers -------------------------------------------------------------------------------

/// Adds a mentoring programme with `rules` and an intake open today (or closed) with the given
/// places for Alpha Trust and Beta Council.
async fn intake(
    w: &World,
    rules: ProgrammeRules,
    places_a: u32,
    places_b: u32,
    open: bool,
) -> (Programme, Intake) {
    let programme = Programme {
        id: ProgrammeId::new(),
        scheme_id: w.scheme,
        name: format!("Mentoring {}", uuid::Uuid::now_v7().simple()),
        kind: ProgrammeKind::Mentoring,
        description: String::new(),
        rules: ProgrammeRules {
            modes: vec![Mode::Video, Mode::Telephone],
            session_cap: Some(3),
            session_minutes: Some(90),
            ..rules
        },
    };
    w.ctx.store.create_programme(&programme).await.unwrap();
    let today = w.ctx.now().date_naive();
    let (opens, closes) = if open {
        (today - Duration::days(1), today + Duration::days(10))
    } else {
        (today + Duration::days(5), today + Duration::days(10))
    };
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme.id,
        name: "Spring".into(),
        opens_on: opens,
        closes_on: closes,
        starts_on: today + Duration::days(30),
        places: vec![
            IntakePlace {
                organisation_id: w.org_a,
                places: places_a,
            },
            IntakePlace {
                organisation_id: w.org_b,
                places: places_b,
            },
        ],
    };
    w.ctx.store.create_intake(&intake).await.unwrap();
    (programme, intake)
}

fn open_to_all() -> ProgrammeRules {
    ProgrammeRules::default()
}

/// The fixed part of a mentee's application, as a page form.
fn mentee_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("role", "mentee"),
        ("goals", "leading_with_care"),
        ("goals", "engaging_the_team"),
        ("availability", "mon_am"),
        ("availability", "thu_eve"),
        ("modes", "video"),
    ]
}

/// An application made directly in storage (for applicants without accounts).
async fn stored_application(
    w: &World,
    intake: IntakeId,
    person: PersonId,
    org: OrganisationId,
) -> Application {
    let now = w.ctx.now();
    let a = Application {
        id: ApplicationId::new(),
        intake_id: intake,
        person_id: person,
        role: ApplicationRole::Mentee,
        organisation_id: org,
        status: ApplicationStatus::AwaitingCoordinator,
        profile: MatchingProfile {
            goals: vec![FrameworkDimension::LeadingWithCare],
            expertise: vec![],
            availability: vec![Slot { day: 0, part: 0 }],
            modes: vec![Mode::Video],
            conflicts: vec![],
        },
        answers: Default::default(),
        line_manager_id: None,
        submitted_at: now,
        updated_at: now,
        version: 1,
    };
    let e = ApplicationEvent {
        application_id: a.id,
        at: now,
        actor_id: Some(person),
        status: a.status,
        note: "applications.history.submitted_no_manager".into(),
    };
    w.ctx.store.create_application(&a, &e).await.unwrap();
    a
}

async fn status_of(w: &World, id: ApplicationId) -> ApplicationStatus {
    w.ctx.store.get_application(id).await.unwrap().status
}

async fn place(w: &World, intake: IntakeId, org: OrganisationId) -> PlaceUse {
    w.ctx
        .store
        .place_use(intake)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.organisation_id == org)
        .unwrap()
}

/// Gives `person` a line manager on their primary employment (and the manager a language).
async fn set_line_manager(w: &World, person: PersonId, manager: PersonId, lang: Language) {
    let mut rec = w.ctx.store.get_person(person).await.unwrap();
    for e in &mut rec.employments {
        e.line_manager_id = Some(manager);
    }
    w.ctx
        .store
        .update_person(&rec.person, &rec.employments)
        .await
        .unwrap();
    let mut m = w.ctx.store.get_person(manager).await.unwrap();
    m.person.language = lang;
    w.ctx
        .store
        .update_person(&m.person, &m.employments)
        .await
        .unwrap();
}

/// Delivers every queued notice (the outbox's workers, run to completion); how many were sent.
async fn deliver(w: &World) -> u64 {
    tandem_app::notify::worker::deliver_due(&w.ctx, 1000)
        .await
        .expect("delivery")
        .sent
}

/// The single-use token in the last manager e-mail to `to` (delivered first).
async fn link_token(w: &World, to: &str) -> String {
    deliver(w).await;
    let mail = w.mailer.last_to(to).expect("an e-mail to the manager");
    let at = mail.text.find("/manager-approval/").expect("a link") + "/manager-approval/".len();
    let rest = &mail.text[at..];
    let end = rest.find(['?', '\n', ' ']).unwrap_or(rest.len());
    rest[..end].to_string()
}

fn only_application(apps: &[Application]) -> &Application {
    assert_eq!(apps.len(), 1, "exactly one application: {apps:?}");
    &apps[0]
}

// ----- pages ---------------------------------------------------------------------------------

#[tokio::test]
async fn ineligibility_is_explained_before_and_on_submit_and_writes_nothing() {
    on_backends(|w| async move {
        let rules = ProgrammeRules {
            eligibility: tandem_domain::Eligibility {
                professions: vec!["Medicine".into()],
                ..Default::default()
            },
            ..open_to_all()
        };
        let (_, i) = intake(&w, rules, 3, 3, true).await;
        let mut b = w.signed_in(PA).await;
        let page = b.get(&format!("/intakes/{}/apply", i.id)).await;
        page.assert_status(StatusCode::OK);
        assert!(
            page.contains("This programme is for these professions only: Medicine."),
            "{}",
            page.text()
        );
        assert!(
            !page.contains("Send application"),
            "no form when no role is open"
        );

        let res = b
            .post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("This programme is for these professions only: Medicine."));
        assert!(res.contains("href=\"#role\""));
        assert!(
            w.ctx
                .store
                .list_applications(i.id)
                .await
                .unwrap()
                .is_empty()
        );

        // Mentor training: mentors need it, mentees do not.
        let trained = ProgrammeRules {
            eligibility: tandem_domain::Eligibility {
                mentor_training_required: true,
                ..Default::default()
            },
            ..open_to_all()
        };
        let (_, t) = intake(&w, trained, 3, 3, true).await;
        let page = b.get(&format!("/intakes/{}/apply", t.id)).await;
        assert!(page.contains("Mentors on this programme need a recorded mentor training"));
        let mut as_mentor = mentee_form();
        as_mentor[0] = ("role", "mentor");
        as_mentor.push(("expertise", "holding_to_account"));
        let res = b
            .post(&format!("/intakes/{}/apply", t.id), &as_mentor)
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("need a recorded mentor training"));
        assert!(
            w.ctx
                .store
                .list_applications(t.id)
                .await
                .unwrap()
                .is_empty()
        );

        // A closed intake says so and takes nothing.
        let (_, closed) = intake(&w, open_to_all(), 3, 3, false).await;
        let page = b.get(&format!("/intakes/{}/apply", closed.id)).await;
        assert!(page.contains("This intake is not open for applications"));
        let res = b
            .post(&format!("/intakes/{}/apply", closed.id), &mentee_form())
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            w.ctx
                .store
                .list_applications(closed.id)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn an_application_is_made_once_per_role_and_shows_its_history() {
    on_backends(|w| async move {
        let (p, i) = intake(&w, open_to_all(), 3, 3, true).await;
        let mut b = w.signed_in(PA).await;
        let open = b.get("/apply").await;
        open.assert_status(StatusCode::OK);
        assert!(open.contains(&p.name));
        assert!(open.contains(&format!("/intakes/{}/apply?role=mentee", i.id)));

        // Missing fixed answers are reported per field, nothing written.
        let res = b
            .post(&format!("/intakes/{}/apply", i.id), &[("role", "mentee")])
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("href=\"#goals\""));
        assert!(res.contains("href=\"#availability\""));
        assert!(res.contains("href=\"#modes\""));
        assert!(
            w.ctx
                .store
                .list_applications(i.id)
                .await
                .unwrap()
                .is_empty()
        );

        let res = b
            .post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let apps = w.ctx.store.list_applications(i.id).await.unwrap();
        let a = only_application(&apps).clone();
        assert_eq!(
            res.location(),
            format!("/applications/{}?notice=notice.created", a.id)
        );
        assert_eq!(a.person_id, w.participant);
        assert_eq!(a.organisation_id, w.org_a);
        // No line manager on record: straight to the organisation coordinator.
        assert_eq!(a.status, ApplicationStatus::AwaitingCoordinator);
        assert_eq!(a.line_manager_id, None);
        assert!(w.mailer.sent().is_empty());

        // The same role again: a clear refusal, nothing written.
        let res = b
            .post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("You have already applied for this role in this intake."));
        assert_eq!(w.ctx.store.list_applications(i.id).await.unwrap().len(), 1);
        // Another role is fine.
        let mut as_mentor = mentee_form();
        as_mentor[0] = ("role", "mentor");
        as_mentor.push(("expertise", "holding_to_account"));
        b.post(&format!("/intakes/{}/apply", i.id), &as_mentor)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(w.ctx.store.list_applications(i.id).await.unwrap().len(), 2);

        let mine = b.get("/applications").await;
        mine.assert_status(StatusCode::OK);
        assert!(mine.contains(&format!("/applications/{}", a.id)));
        assert_eq!(
            mine.text()
                .matches("<td class=\"nhsuk-table__cell\"><a href=\"/applications/")
                .count(),
            2
        );
        let view = b.get(&format!("/applications/{}", a.id)).await;
        view.assert_status(StatusCode::OK);
        assert!(view.contains("Application sent to the organisation coordinator"));
        assert!(view.contains("Waiting for coordinator"));
        assert!(view.contains("Leading with care"));
    })
    .await;
}

#[tokio::test]
async fn the_line_manager_approves_once_through_the_emailed_link() {
    on_backends(|w| async move {
        let (p, i) = intake(&w, open_to_all(), 3, 3, true).await;
        let manager = w.staff_a[0];
        set_line_manager(&w, w.participant, manager, Language::NlNl).await;
        let mut b = w.signed_in(PA).await;
        let page = b.get(&format!("/intakes/{}/apply", i.id)).await;
        assert!(page.contains("your line manager is emailed a link"));
        b.post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let apps = w.ctx.store.list_applications(i.id).await.unwrap();
        let a = only_application(&apps).clone();
        assert_eq!(a.status, ApplicationStatus::AwaitingManager);
        assert_eq!(a.line_manager_id, Some(manager));

        // The e-mail is in the manager's language and carries a single-use link.
        deliver(&w).await;
        let mail = w.mailer.last_to("alice@alpha.example.org").expect("mail");
        assert!(
            mail.subject.contains("vraagt u in te stemmen"),
            "{}",
            mail.subject
        );
        assert!(mail.text.contains("https://tandem.test/manager-approval/"));
        let token = link_token(&w, "alice@alpha.example.org").await;
        assert!(token.len() >= 43, "32 random bytes");
        // Only the hash is stored.
        assert!(w.ctx.store.manager_link(&token).await.unwrap().is_none());

        // The manager needs no account.
        let mut m = w.browser();
        let ask = m
            .get(&format!("/manager-approval/{token}?lang=en-GB"))
            .await;
        ask.assert_status(StatusCode::OK);
        assert!(ask.contains("Pat Participant"));
        assert!(ask.contains(&p.name));
        assert!(ask.contains("270"), "the time commitment: 3 × 90 minutes");
        let csrf = ask.csrf().expect("a form");
        let res = m
            .post_raw(
                &format!("/manager-approval/{token}"),
                &[("csrf_token", &csrf), ("decision", "approve")],
            )
            .await;
        res.assert_status(StatusCode::OK);
        assert!(res.contains("You agreed the protected time"));
        let after = w.ctx.store.get_application(a.id).await.unwrap();
        assert_eq!(after.status, ApplicationStatus::AwaitingCoordinator);
        let history = w.ctx.store.application_history(a.id).await.unwrap();
        let last = history.last().unwrap();
        assert_eq!(last.note, "applications.history.manager_approved");
        assert_eq!(last.actor_id, None);

        // Used: refused, nothing changed.
        let again = m.get(&format!("/manager-approval/{token}")).await;
        again.assert_status(StatusCode::GONE);
        assert!(again.contains("already been used"));
        let res = m
            .post_raw(
                &format!("/manager-approval/{token}"),
                &[("csrf_token", &csrf), ("decision", "decline")],
            )
            .await;
        res.assert_status(StatusCode::GONE);
        assert_eq!(
            status_of(&w, a.id).await,
            ApplicationStatus::AwaitingCoordinator
        );
        assert_eq!(
            w.ctx.store.application_history(a.id).await.unwrap().len(),
            2
        );

        // Forged: not valid.
        let forged = m
            .get("/manager-approval/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .await;
        forged.assert_status(StatusCode::NOT_FOUND);
        assert!(forged.contains("This link is not valid"));
        let res = m
            .post_raw(
                "/manager-approval/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                &[("csrf_token", &csrf), ("decision", "approve")],
            )
            .await;
        res.assert_status(StatusCode::NOT_FOUND);
        // Without the CSRF token the answer is refused before anything is looked at.
        let res = m
            .post_raw(
                &format!("/manager-approval/{token}"),
                &[("decision", "approve")],
            )
            .await;
        res.assert_status(StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn a_declined_or_expired_manager_link_changes_nothing_more() {
    on_backends(|w| async move {
        let (_, i) = intake(&w, open_to_all(), 3, 3, true).await;
        let manager = w.staff_a[1];
        set_line_manager(&w, w.participant, manager, Language::EnGb).await;
        let mut b = w.signed_in(PA).await;
        b.post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let first = link_token(&w, "alan@alpha.example.org").await;
        let mut as_mentor = mentee_form();
        as_mentor[0] = ("role", "mentor");
        as_mentor.push(("expertise", "holding_to_account"));
        b.post(&format!("/intakes/{}/apply", i.id), &as_mentor)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let second = link_token(&w, "alan@alpha.example.org").await;
        assert_ne!(first, second);
        let apps = w.ctx.store.list_applications(i.id).await.unwrap();
        let mentee = apps
            .iter()
            .find(|a| a.role == ApplicationRole::Mentee)
            .unwrap()
            .id;
        let mentor = apps
            .iter()
            .find(|a| a.role == ApplicationRole::Mentor)
            .unwrap()
            .id;

        let mut m = w.browser();
        let csrf = m
            .get(&format!("/manager-approval/{first}"))
            .await
            .csrf()
            .unwrap();
        let res = m
            .post_raw(
                &format!("/manager-approval/{first}"),
                &[("csrf_token", &csrf), ("decision", "decline")],
            )
            .await;
        res.assert_status(StatusCode::OK);
        assert!(res.contains("You declined the protected time"));
        assert_eq!(
            status_of(&w, mentee).await,
            ApplicationStatus::ManagerDeclined
        );

        // The applicant sees the outcome.
        let view = b.get(&format!("/applications/{mentee}")).await;
        assert!(view.contains("Line manager declined protected time"));

        // Fifteen days later the other link has expired.
        w.clock.advance(Duration::days(15));
        let late = m.get(&format!("/manager-approval/{second}")).await;
        late.assert_status(StatusCode::GONE);
        assert!(late.contains("This link has expired"));
        let res = m
            .post_raw(
                &format!("/manager-approval/{second}"),
                &[("csrf_token", &csrf), ("decision", "approve")],
            )
            .await;
        res.assert_status(StatusCode::GONE);
        assert_eq!(
            status_of(&w, mentor).await,
            ApplicationStatus::AwaitingManager
        );
    })
    .await;
}

#[tokio::test]
async fn the_organisation_coordinator_approves_within_places_then_uses_the_waiting_list() {
    on_backends(|w| async move {
        let (_, i) = intake(&w, open_to_all(), 1, 2, true).await;
        let mut pat = w.signed_in(PA).await;
        pat.post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let pats = w.ctx.store.applications_of_person(w.participant).await.unwrap()[0].clone();
        let alice = stored_application(&w, i.id, w.staff_a[0], w.org_a).await;
        let bea = stored_application(&w, i.id, w.staff_b[0], w.org_b).await;

        let mut ca = w.signed_in(CA).await;
        let list = ca.get(&format!("/intakes/{}/applications", i.id)).await;
        list.assert_status(StatusCode::OK);
        assert!(list.contains("Pat Participant") && list.contains("Alice Archer"));
        assert!(!list.contains("Bea Brook"), "another organisation's applicant");
        assert!(!list.contains("Beta Council"));

        let decide = |id: ApplicationId, d: &'static str, seen: &'static str| {
            (format!("/applications/{id}/decision"), vec![("decision", d), ("expected_status", seen)])
        };
        let (path, form) = decide(pats.id, "approve", "awaiting_coordinator");
        let res = ca.post(&path, &form).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(res.location(), format!("/intakes/{}/applications?notice=notice.saved", i.id));
        assert_eq!(status_of(&w, pats.id).await, ApplicationStatus::Approved);
        assert_eq!(place(&w, i.id, w.org_a).await.taken, 1);

        // Beyond the places: a clear refusal, nothing changed.
        let (path, form) = decide(alice.id, "approve", "awaiting_coordinator");
        let res = ca.post(&path, &form).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.contains("All 1 places of Alpha Trust in Spring are taken; put the application on the waiting list instead."),
            "{}",
            res.text()
        );
        assert_eq!(status_of(&w, alice.id).await, ApplicationStatus::AwaitingCoordinator);
        assert_eq!(place(&w, i.id, w.org_a).await.taken, 1);

        let (path, form) = decide(alice.id, "waiting_list", "awaiting_coordinator");
        ca.post(&path, &form).await.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(status_of(&w, alice.id).await, ApplicationStatus::WaitingList);
        // A stale page (it saw "awaiting coordinator") cannot decide again.
        let (path, form) = decide(alice.id, "decline", "awaiting_coordinator");
        let res = ca.post(&path, &form).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("This application has changed since you looked at it"));
        assert_eq!(status_of(&w, alice.id).await, ApplicationStatus::WaitingList);

        // Another organisation's coordinator cannot act on it, nor see it.
        let mut cb = w.signed_in(CB).await;
        let (path, form) = decide(alice.id, "decline", "waiting_list");
        cb.post(&path, &form).await.assert_status(StatusCode::NOT_FOUND);
        cb.get(&format!("/applications/{}", alice.id))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        assert_eq!(status_of(&w, alice.id).await, ApplicationStatus::WaitingList);
        // …but decides their own.
        let (path, form) = decide(bea.id, "approve", "awaiting_coordinator");
        cb.post(&path, &form).await.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(place(&w, i.id, w.org_b).await.taken, 1);
        // A participant decides nothing.
        pat.get(&format!("/intakes/{}/applications", i.id))
            .await
            .assert_status(StatusCode::FORBIDDEN);

        // Pat withdraws: the place frees and the waiting list can have it.
        let res = pat.post(&format!("/applications/{}/withdraw", pats.id), &[]).await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(status_of(&w, pats.id).await, ApplicationStatus::Withdrawn);
        assert_eq!(place(&w, i.id, w.org_a).await.taken, 0);
        let (path, form) = decide(alice.id, "approve", "waiting_list");
        ca.post(&path, &form).await.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(status_of(&w, alice.id).await, ApplicationStatus::Approved);
        assert_eq!(place(&w, i.id, w.org_a).await.taken, 1);

        // The scheme coordinator sees every organisation, and the places taken.
        let mut sc = w.signed_in(SC).await;
        let all = sc.get(&format!("/intakes/{}/applications", i.id)).await;
        assert!(all.contains("Alice Archer") && all.contains("Bea Brook"));

        // Places cannot be cut below what is taken.
        let res = sc
            .post(
                &format!("/intakes/{}/edit", i.id),
                &[
                    ("name", "Spring"),
                    ("opens_on-day", &i.opens_on.format("%-d").to_string()),
                    ("opens_on-month", &i.opens_on.format("%-m").to_string()),
                    ("opens_on-year", &i.opens_on.format("%Y").to_string()),
                    ("closes_on-day", &i.closes_on.format("%-d").to_string()),
                    ("closes_on-month", &i.closes_on.format("%-m").to_string()),
                    ("closes_on-year", &i.closes_on.format("%Y").to_string()),
                    ("starts_on-day", &i.starts_on.format("%-d").to_string()),
                    ("starts_on-month", &i.starts_on.format("%-m").to_string()),
                    ("starts_on-year", &i.starts_on.format("%Y").to_string()),
                    (&format!("places_{}", w.org_a), "0"),
                    (&format!("places_{}", w.org_b), "2"),
                ],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Approved applications already hold 1 of these places"));
        assert_eq!(place(&w, i.id, w.org_a).await.places, 1);
    })
    .await;
}

#[tokio::test]
async fn applicants_withdraw_only_their_own_applications() {
    on_backends(|w| async move {
        let (_, i) = intake(&w, open_to_all(), 3, 3, true).await;
        let alice = stored_application(&w, i.id, w.staff_a[0], w.org_a).await;
        let mut pat = w.signed_in(PA).await;
        pat.get(&format!("/applications/{}", alice.id))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        pat.post(&format!("/applications/{}/withdraw", alice.id), &[])
            .await
            .assert_status(StatusCode::NOT_FOUND);
        assert_eq!(
            status_of(&w, alice.id).await,
            ApplicationStatus::AwaitingCoordinator
        );

        pat.post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let mine = w
            .ctx
            .store
            .applications_of_person(w.participant)
            .await
            .unwrap()[0]
            .id;
        // The organisation coordinator may look at it (to decide), but not withdraw it.
        let mut ca = w.signed_in(CA).await;
        ca.get(&format!("/applications/{mine}"))
            .await
            .assert_status(StatusCode::OK);
        ca.post(&format!("/applications/{mine}/withdraw"), &[])
            .await
            .assert_status(StatusCode::NOT_FOUND);

        pat.post(&format!("/applications/{mine}/withdraw"), &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let view = pat.get(&format!("/applications/{mine}")).await;
        assert!(view.contains("Withdrawn by the applicant"));
        assert!(
            !view.contains("id=\"withdraw\""),
            "no second withdrawal offered"
        );
        let res = pat
            .post(&format!("/applications/{mine}/withdraw"), &[])
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("can no longer be withdrawn"));
        assert_eq!(
            w.ctx.store.application_history(mine).await.unwrap().len(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn the_form_builder_adds_questions_that_applicants_answer() {
    on_backends(|w| async move {
        let (_, i) = intake(&w, open_to_all(), 3, 3, true).await;
        let path = format!("/intakes/{}/form", i.id);
        let mut sc = w.signed_in(SC).await;
        sc.get(&path).await.assert_status(StatusCode::OK);

        let res = sc
            .post(
                &path,
                &[
                    ("count", "1"),
                    ("q0_key", ""),
                    ("q0_prompt", "Which site suits you?"),
                    ("q0_kind", "single_choice"),
                    ("q0_options", "North"),
                    ("q0_required", "yes"),
                ],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("Give at least two options"));
        assert!(w.ctx.store.application_form(i.id).await.unwrap().is_empty());

        let res = sc
            .post(
                &path,
                &[
                    ("count", "2"),
                    ("q0_key", ""),
                    ("q0_prompt", "Which site suits you?"),
                    ("q0_kind", "single_choice"),
                    ("q0_options", "North\r\nSouth\r\n"),
                    ("q0_required", "yes"),
                    ("q0_roles", "mentee"),
                    ("q1_key", ""),
                    ("q1_prompt", "How confident are you?"),
                    ("q1_kind", "scale"),
                    ("q1_scale_max", "5"),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let form = w.ctx.store.application_form(i.id).await.unwrap();
        assert_eq!(form.len(), 2);
        assert_eq!(form[0].options, vec!["North", "South"]);
        assert_eq!(form[0].roles, vec![ApplicationRole::Mentee]);
        assert_eq!(form[1].scale_max, Some(5));
        let (k0, k1) = (form[0].key.clone(), form[1].key.clone());
        assert_ne!(k0, k1);

        // Only the scheme coordinator builds forms.
        let mut ca = w.signed_in(CA).await;
        ca.post(&path, &[("count", "0")])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        assert_eq!(w.ctx.store.application_form(i.id).await.unwrap().len(), 2);

        let mut pat = w.signed_in(PA).await;
        let page = pat.get(&format!("/intakes/{}/apply", i.id)).await;
        assert!(page.contains("Which site suits you?"));
        let apply = format!("/intakes/{}/apply", i.id);
        let a0 = format!("answer_{k0}");
        let a1 = format!("answer_{k1}");
        let mut bad = mentee_form();
        bad.push((&a0, "West"));
        bad.push((&a1, "9"));
        let res = pat.post(&apply, &bad).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains(&format!("href=\"#{a0}\"")));
        assert!(res.contains(&format!("href=\"#{a1}\"")));
        let mut missing = mentee_form();
        missing.push((&a1, "3"));
        let res = pat.post(&apply, &missing).await;
        assert!(res.contains("Answer this question"));
        assert!(
            w.ctx
                .store
                .list_applications(i.id)
                .await
                .unwrap()
                .is_empty()
        );

        let mut good = mentee_form();
        good.push((&a0, "North"));
        good.push((&a1, "4"));
        pat.post(&apply, &good)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let apps = w.ctx.store.list_applications(i.id).await.unwrap();
        let a = only_application(&apps);
        assert_eq!(
            a.answers.get(&k0),
            Some(&tandem_domain::Answer::Text("North".into()))
        );
        assert_eq!(a.answers.get(&k1), Some(&tandem_domain::Answer::Number(4)));
        // The builder still shows the saved questions; removing one keeps the other.
        let res = sc
            .post(
                &path,
                &[
                    ("count", "2"),
                    ("q0_key", &k0),
                    ("q0_prompt", "Which site suits you?"),
                    ("q0_kind", "single_choice"),
                    ("q0_options", "North\nSouth"),
                    ("q0_remove", "yes"),
                    ("q1_key", &k1),
                    ("q1_prompt", "How confident are you?"),
                    ("q1_kind", "scale"),
                    ("q1_scale_max", "5"),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let form = w.ctx.store.application_form(i.id).await.unwrap();
        assert_eq!(
            form.iter().map(|q| q.key.clone()).collect::<Vec<_>>(),
            vec![k1]
        );
    })
    .await;
}

// ----- API -----------------------------------------------------------------------------------

fn has_field(v: &Value, field: &str, code: &str) -> bool {
    v["error"]["fields"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x["field"] == field && x["code"] == code))
}

fn mentee_json() -> Value {
    json!({
        "role": "mentee",
        "goals": ["leading_with_care"],
        "availability": ["tue_pm", "fri_am"],
        "modes": ["telephone"],
    })
}

#[tokio::test]
async fn the_api_applies_decides_and_withdraws() {
    on_backends(|w| async move {
        let (_, i) = intake(&w, open_to_all(), 1, 1, true).await;
        let (sc, ca, cb, pa) = (
            api_token(&w, SC).await,
            api_token(&w, CA).await,
            api_token(&w, CB).await,
            api_token(&w, PA).await,
        );
        // The form builder.
        let form = json!({ "questions": [
            { "kind": "text", "prompt": "Why now?", "required": true },
            { "kind": "multiple_choice", "prompt": "Topics", "options": ["Budgets", "Rotas", "People"] },
        ] });
        let (s, _) = call(&w, Method::PUT, &format!("/api/v1/intakes/{}/form", i.id), &ca, Some(form.clone())).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, saved) = call(&w, Method::PUT, &format!("/api/v1/intakes/{}/form", i.id), &sc, Some(form)).await;
        assert_eq!(s, StatusCode::OK, "{saved}");
        let k0 = saved["questions"][0]["key"].as_str().unwrap().to_string();
        let k1 = saved["questions"][1]["key"].as_str().unwrap().to_string();
        let (s, bad) = call(&w, Method::PUT, &format!("/api/v1/intakes/{}/form", i.id), &sc,
            Some(json!({ "questions": [{ "key": "q9", "kind": "scale", "prompt": "Rate", "scale_max": 1 }] }))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field(&bad, "question_q9", "error.question_scale"), "{bad}");
        let (_, got) = call(&w, Method::GET, &format!("/api/v1/intakes/{}/form", i.id), &pa, None).await;
        assert_eq!(got["questions"].as_array().unwrap().len(), 2);

        // Eligibility before applying.
        let (s, el) = call(&w, Method::GET, &format!("/api/v1/intakes/{}/eligibility", i.id), &pa, None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(el["open"], true);
        assert!(el["roles"].as_array().unwrap().iter().all(|r| r["eligible"] == true));
        let (_, open) = call(&w, Method::GET, "/api/v1/me/open-intakes", &pa, None).await;
        assert!(open.as_array().unwrap().iter().any(|o| o["intake_id"] == i.id.to_string()));

        // Apply: a missing required answer, then properly, then a duplicate.
        let path = format!("/api/v1/intakes/{}/applications", i.id);
        let (s, e) = call(&w, Method::POST, &path, &pa, Some(mentee_json())).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field(&e, &format!("answer_{k0}"), "error.answer_required"), "{e}");
        let mut body = mentee_json();
        body["answers"] = json!({ k0.clone(): "Because", k1.clone(): ["Rotas", "People"] });
        let (s, created) = call(&w, Method::POST, &path, &pa, Some(body.clone())).await;
        assert_eq!(s, StatusCode::CREATED, "{created}");
        assert_eq!(created["status"], "awaiting_coordinator");
        assert_eq!(created["organisation_id"], w.org_a.to_string());
        let pats: ApplicationId = created["id"].as_str().unwrap().parse().unwrap();
        let (s, dup) = call(&w, Method::POST, &path, &pa, Some(body)).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(has_field(&dup, "role", "error.applications.already_applied"), "{dup}");
        assert_eq!(w.ctx.store.list_applications(i.id).await.unwrap().len(), 1);

        // Decisions within places.
        let alice = stored_application(&w, i.id, w.staff_a[0], w.org_a).await;
        let (s, list) = call(&w, Method::GET, &path, &ca, None).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list["applications"].as_array().unwrap().len(), 2);
        assert_eq!(list["places"].as_array().unwrap().len(), 1, "only Alpha Trust's places");
        let (s, _) = call(&w, Method::GET, &path, &pa, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let decide = |id: ApplicationId| format!("/api/v1/applications/{id}/decision");
        let (s, ok) = call(&w, Method::POST, &decide(pats), &ca, Some(json!({ "decision": "approve" }))).await;
        assert_eq!(s, StatusCode::OK, "{ok}");
        assert_eq!(ok["status"], "approved");
        assert_eq!(ok["version"], 2);
        let (s, full) = call(&w, Method::POST, &decide(alice.id), &ca, Some(json!({ "decision": "approve" }))).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(has_field(&full, "decision", "error.applications.places_full"), "{full}");
        assert!(full["error"]["message"].as_str().unwrap().contains("All 1 places of Alpha Trust"));
        assert_eq!(status_of(&w, alice.id).await, ApplicationStatus::AwaitingCoordinator);
        let (s, _) = call(&w, Method::POST, &decide(alice.id), &cb, Some(json!({ "decision": "decline" }))).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, stale) = call(&w, Method::POST, &decide(alice.id), &ca,
            Some(json!({ "decision": "decline", "expected_status": "waiting_list" }))).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(has_field(&stale, "decision", "error.applications.status_changed"));
        let (s, _) = call(&w, Method::POST, &decide(alice.id), &ca, Some(json!({ "decision": "maybe" }))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status_of(&w, alice.id).await, ApplicationStatus::AwaitingCoordinator);
        let (s, wl) = call(&w, Method::POST, &decide(alice.id), &ca, Some(json!({ "decision": "waiting_list" }))).await;
        assert_eq!((s, wl["status"].as_str()), (StatusCode::OK, Some("waiting_list")));

        // Places cannot be cut below what is taken.
        let (s, e) = call(&w, Method::PUT, &format!("/api/v1/intakes/{}", i.id), &sc, Some(json!({
            "name": "Spring", "opens_on": i.opens_on, "closes_on": i.closes_on, "starts_on": i.starts_on,
            "places": [{ "organisation_id": w.org_a, "places": 0 }],
        }))).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field(&e, &format!("places_{}", w.org_a), "error.applications.places_below_taken"), "{e}");

        // The applicant's view, and withdrawal (own only).
        let (s, mine) = call(&w, Method::GET, "/api/v1/me/applications", &pa, None).await;
        assert_eq!(s, StatusCode::OK);
        let history: Vec<&str> = mine[0]["history"].as_array().unwrap().iter().map(|e| e["note"].as_str().unwrap()).collect();
        assert_eq!(history, vec!["applications.history.submitted_no_manager", "applications.history.approved"]);
        let (s, _) = call(&w, Method::GET, &format!("/api/v1/applications/{pats}"), &cb, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = call(&w, Method::POST, &format!("/api/v1/applications/{}/withdraw", alice.id), &pa, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, gone) = call(&w, Method::POST, &format!("/api/v1/applications/{pats}/withdraw"), &pa, None).await;
        assert_eq!((s, gone["status"].as_str()), (StatusCode::OK, Some("withdrawn")));
        assert_eq!(place(&w, i.id, w.org_a).await.taken, 0);
        let (s, again) = call(&w, Method::POST, &format!("/api/v1/applications/{pats}/withdraw"), &pa, None).await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(has_field(&again, "withdraw", "error.applications.cannot_withdraw"));
        let (s, ok) = call(&w, Method::POST, &decide(alice.id), &ca, Some(json!({ "decision": "approve" }))).await;
        assert_eq!((s, ok["status"].as_str()), (StatusCode::OK, Some("approved")));
    })
    .await;
}

#[tokio::test]
async fn the_api_explains_ineligibility() {
    on_backends(|w| async move {
        let rules = ProgrammeRules {
            eligibility: tandem_domain::Eligibility {
                grade_ranges: vec![(
                    tandem_domain::GradeSystem::AgendaForChange,
                    "8a".into(),
                    "9".into(),
                )],
                ..Default::default()
            },
            ..open_to_all()
        };
        let (_, i) = intake(&w, rules, 3, 3, true).await;
        let pa = api_token(&w, PA).await;
        let (_, el) = call(
            &w,
            Method::GET,
            &format!("/api/v1/intakes/{}/eligibility", i.id),
            &pa,
            None,
        )
        .await;
        let mentee = el["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"] == "mentee")
            .unwrap()
            .clone();
        assert_eq!(mentee["eligible"], false);
        assert_eq!(mentee["reason"], "eligibility.grade");
        assert!(
            mentee["message"].as_str().unwrap().contains("afc 8a–9"),
            "{mentee}"
        );
        let (s, e) = call(
            &w,
            Method::POST,
            &format!("/api/v1/intakes/{}/applications", i.id),
            &pa,
            Some(mentee_json()),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field(&e, "role", "eligibility.grade"), "{e}");
        assert!(
            w.ctx
                .store
                .list_applications(i.id)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_http_approvals_never_exceed_the_places() {
    on_backends(|w| async move {
        let (_, i) = intake(&w, open_to_all(), 3, 1, true).await;
        let mut ids = Vec::new();
        for n in 0..8 {
            let p = add_person(
                &w.ctx.store,
                w.scheme,
                w.org_a,
                "Par",
                &format!("Allel{n}"),
                &format!("par{n}@alpha.example.org"),
            )
            .await;
            ids.push(stored_application(&w, i.id, p, w.org_a).await.id);
        }
        let sc = api_token(&w, SC).await;
        let mut tasks = Vec::new();
        for id in ids.clone() {
            let app = w.app.clone();
            let token = sc.clone();
            tasks.push(tokio::spawn(async move {
                let req = Request::builder()
                    .method(Method::POST)
                    .uri(format!("/api/v1/applications/{id}/decision"))
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(r#"{"decision":"approve"}"#))
                    .unwrap();
                app.oneshot(req).await.unwrap().status()
            }));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let refused = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((ok, refused), (3, 5), "{statuses:?}");
        assert_eq!(place(&w, i.id, w.org_a).await.taken, 3);
        let mut approved = 0;
        for id in ids {
            if status_of(&w, id).await == ApplicationStatus::Approved {
                approved += 1;
            }
        }
        assert_eq!(approved, 3);
    })
    .await;
}

#[tokio::test]
async fn notices_carry_the_coordinators_reason_given_on_the_application_page_or_the_api() {
    on_backends(|w| async move {
        let (p, i) = intake(&w, open_to_all(), 2, 2, true).await;
        let mut pat = w.signed_in(PA).await;
        pat.post(&format!("/intakes/{}/apply", i.id), &mentee_form())
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let a = w
            .ctx
            .store
            .applications_of_person(w.participant)
            .await
            .unwrap()[0]
            .clone();
        deliver(&w).await;
        let received = w.mailer.last_to(PA).expect("the receipt");
        assert!(received.subject.contains(&p.name), "{}", received.subject);

        // The application page offers one reason for whichever decision is taken.
        let mut ca = w.signed_in(CA).await;
        let view = format!("/applications/{}", a.id);
        let page = ca.get(&view).await;
        assert!(page.contains("name=\"reason\""));
        assert!(page.contains("Reason for the applicant (optional)"));
        let path = format!("/applications/{}/decision", a.id);
        // Too long: the page says so, keeps what was typed, and nothing changes.
        let long = "y".repeat(1001);
        let res = ca
            .post(
                &path,
                &[
                    ("decision", "waiting_list"),
                    ("expected_status", "awaiting_coordinator"),
                    ("return", "view"),
                    ("reason", &long),
                ],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.contains("Must be 1000 characters or fewer"),
            "{}",
            res.text()
        );
        assert!(res.contains(&long), "the reason typed is kept");
        assert_eq!(
            status_of(&w, a.id).await,
            ApplicationStatus::AwaitingCoordinator
        );
        let reason = "Places at Alpha are held for nurses this round & next.";
        ca.post(
            &path,
            &[
                ("decision", "waiting_list"),
                ("expected_status", "awaiting_coordinator"),
                ("return", "view"),
                ("reason", reason),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(deliver(&w).await, 1);
        let mail = w.mailer.last_to(PA).unwrap();
        assert!(mail.subject.contains("waiting list"), "{}", mail.subject);
        assert!(mail.text.contains(reason), "{}", mail.text);
        assert!(
            mail.html
                .as_deref()
                .unwrap()
                .contains("Places at Alpha are held for nurses this round &amp; next."),
            "escaped in HTML"
        );
        assert!(
            mail.text
                .contains(&format!("https://tandem.test/applications/{}", a.id))
        );

        // Through the API, in the applicant's language.
        let mut rec = w.ctx.store.get_person(w.participant).await.unwrap();
        rec.person.language = Language::NlNl;
        w.ctx
            .store
            .update_person(&rec.person, &rec.employments)
            .await
            .unwrap();
        let token = api_token(&w, CA).await;
        let (s, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/applications/{}/decision", a.id),
            &token,
            Some(json!({ "decision": "approve", "reason": "Er is een plaats vrijgekomen." })),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(deliver(&w).await, 1);
        let mail = w.mailer.last_to(PA).unwrap();
        assert!(mail.subject.contains("is goedgekeurd"), "{}", mail.subject);
        assert!(
            mail.text
                .contains("Opgegeven reden: Er is een plaats vrijgekomen."),
            "{}",
            mail.text
        );
    })
    .await;
}
