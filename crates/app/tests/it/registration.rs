//! Self-registration through the use cases: registering (only when the scheme allows it), the
//! same answer for an address in use, confirming the address by the e-mailed single-use link,
//! the coordinators' confirmation of the employment (their organisations only), the approval
//! refused until then, "not employed here", and unconfirmed registrations swept away.

use chrono::Duration;
use tandem_app::applications::{self, ApplicationInput, Decision};
use tandem_app::registration::{self, RegistrationInput};
use tandem_app::{AppError, Refusal, accounts, people, upkeep};
use tandem_domain::{
    ApplicationRole, ApplicationStatus, EmailKind, GradeSystem, IntakeId, Language, PersonId,
    ProgrammeKind, ProgrammeRules, Role,
};
use tandem_storage::EmploymentCheck;
use tandem_test_support::{World, fixtures, on_worlds};

const NEW: &str = "nina.new@alpha.example.org";

async fn allow_registration(w: &World, on: bool) {
    let mut s = w.ctx.store.scheme_settings(w.scheme).await.unwrap();
    s.self_registration = on;
    w.ctx
        .store
        .update_scheme_settings(w.scheme, &s)
        .await
        .unwrap();
}

fn input(w: &World, email: &str) -> RegistrationInput {
    RegistrationInput {
        given_name: "Nina".into(),
        family_name: "New".into(),
        email: email.into(),
        email_kind: Some(EmailKind::Personal),
        organisation_id: Some(w.org_a),
        job_title: "Staff nurse".into(),
        profession: "Nursing".into(),
        grade_system: Some(GradeSystem::AgendaForChange),
        grade: "5".into(),
        language: Some(Language::EnGb),
    }
}

/// The token of the last confirmation link e-mailed to `to`.
async fn confirmation_token(w: &World, to: &str) -> String {
    w.deliver().await;
    let mail = w
        .mailer
        .last_to(to)
        .unwrap_or_else(|| panic!("an e-mail to {to}"));
    assert_eq!(mail.kind.as_deref(), Some("account.email_confirmation"));
    let at = mail
        .text
        .find("https://tandem.test/confirm-email?token=")
        .expect("the link");
    mail.text[at..]
        .trim_start_matches("https://tandem.test/confirm-email?token=")
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

async fn registered_person(w: &World, email: &str) -> PersonId {
    w.ctx
        .store
        .find_person_by_email(w.scheme, email)
        .await
        .unwrap()
        .expect("the registered person")
        .person
        .id
}

/// Registers Nina and confirms her address; returns her id.
async fn nina_confirmed(w: &World) -> PersonId {
    allow_registration(w, true).await;
    registration::register(&w.ctx, input(w, NEW)).await.unwrap();
    let token = confirmation_token(w, NEW).await;
    registration::confirm_email(&w.ctx, &token, "a long password", "a long password")
        .await
        .unwrap();
    registered_person(w, NEW).await
}

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

async fn outbox_len(w: &World) -> usize {
    let c = w.ctx.store.outbox_counts().await.unwrap();
    (c.queued + c.sent + c.dead + c.dropped + c.digest) as usize
}

#[tokio::test]
async fn registration_is_refused_when_the_scheme_does_not_take_it_and_writes_nothing() {
    on_worlds(|w| async move {
        allow_registration(&w, false).await;
        let before = w.people_count().await;
        let err = registration::register(&w.ctx, input(&w, NEW))
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            AppError::Refused(Refusal::RegistrationClosed)
        ));
        assert!(!registration::form(&w.ctx).await.unwrap().open);
        assert_eq!(w.people_count().await, before);
        assert_eq!(outbox_len(&w).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_registration_is_validated_like_the_person_form() {
    on_worlds(|w| async move {
        allow_registration(&w, true).await;
        let mut bad = input(&w, "not an address");
        bad.grade = "Band 8e".into();
        bad.email_kind = None;
        bad.organisation_id = None;
        let Err(AppError::Validation(e)) = registration::register(&w.ctx, bad).await else {
            panic!("validation errors expected");
        };
        let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
        for f in ["email", "grade", "email_kind", "organisation_id"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        assert_eq!(outbox_len(&w).await, 0);
    })
    .await;
}

#[tokio::test]
async fn an_address_in_use_gets_the_same_answer_and_nothing_is_written() {
    on_worlds(|w| async move {
        allow_registration(&w, true).await;
        let people = w.people_count().await;
        let audit = w.ctx.store.list_audit(1000).await.unwrap().len();
        // A person of the scheme without an account, and one with an account (Pat).
        let staff = w.ctx.store.get_person(w.staff_a[0]).await.unwrap().person;
        for email in [staff.email.as_str(), tandem_test_support::PA] {
            registration::register(&w.ctx, input(&w, email))
                .await
                .expect("the same answer as a new address");
        }
        assert_eq!(w.people_count().await, people);
        assert_eq!(outbox_len(&w).await, 0, "nothing e-mailed");
        assert_eq!(
            w.ctx.store.list_audit(1000).await.unwrap().len(),
            audit,
            "nothing audited about the person"
        );
        // A new address: the same answer, and this time a person, an account and an e-mail.
        registration::register(&w.ctx, input(&w, NEW))
            .await
            .unwrap();
        assert_eq!(w.people_count().await, people + 1);
        assert_eq!(outbox_len(&w).await, 1);
    })
    .await;
}

#[tokio::test]
async fn until_the_address_is_confirmed_nobody_signs_in_and_coordinators_do_not_list_them() {
    on_worlds(|w| async move {
        allow_registration(&w, true).await;
        registration::register(&w.ctx, input(&w, NEW))
            .await
            .unwrap();
        let nina = registered_person(&w, NEW).await;
        assert_eq!(
            w.ctx.store.email_kind(nina).await.unwrap(),
            EmailKind::Personal
        );
        assert!(
            accounts::sign_in(&w.ctx, NEW, "a long password")
                .await
                .is_err()
        );
        let sc = w.actor(w.scheme_coordinator).await;
        let found = people::search(
            &w.ctx,
            &sc,
            &people::PeopleSearch {
                text: Some("Nina".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(found.total, 0, "an unconfirmed registration is not listed");
        assert!(registration::waiting(&w.ctx, &sc).await.unwrap().is_empty());

        let token = confirmation_token(&w, NEW).await;
        assert!(
            registration::confirmation_link_is_valid(&w.ctx, &token)
                .await
                .unwrap()
        );
        registration::confirm_email(&w.ctx, &token, "a long password", "a long password")
            .await
            .unwrap();
        // Signs in, holds the participant role, listed now and waiting for the coordinators.
        accounts::sign_in(&w.ctx, NEW, "a long password")
            .await
            .expect("signs in once confirmed");
        let nina_actor = w.actor(nina).await;
        assert!(nina_actor.roles.iter().any(|r| r.role == Role::Participant));
        let found = people::search(
            &w.ctx,
            &sc,
            &people::PeopleSearch {
                text: Some("Nina".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(found.total, 1);
        let waiting = registration::waiting(&w.ctx, &sc).await.unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].person_id, nina);
        assert_eq!(waiting[0].grade, "5");

        // The link was single use: a second use changes nothing, a forged one neither.
        for t in [token.as_str(), "forged"] {
            let err =
                registration::confirm_email(&w.ctx, t, "another password!", "another password!")
                    .await
                    .unwrap_err();
            let AppError::Validation(e) = err else {
                panic!("a field error");
            };
            assert_eq!(e.errors[0].field, "token");
        }
        accounts::sign_in(&w.ctx, NEW, "a long password")
            .await
            .expect("the password is unchanged");
    })
    .await;
}

#[tokio::test]
async fn an_expired_link_changes_nothing_and_the_sweep_frees_the_address() {
    on_worlds(|w| async move {
        allow_registration(&w, true).await;
        registration::register(&w.ctx, input(&w, NEW))
            .await
            .unwrap();
        let token = confirmation_token(&w, NEW).await;
        let nina = registered_person(&w, NEW).await;
        w.clock.advance(Duration::hours(
            i64::from(w.ctx.settings.invitation_hours) + 1,
        ));
        assert!(
            registration::confirm_email(&w.ctx, &token, "a long password", "a long password")
                .await
                .is_err()
        );
        assert!(
            w.ctx
                .store
                .registration(nina)
                .await
                .unwrap()
                .unwrap()
                .email_confirmed_at
                .is_none()
        );
        // Before the registration's time runs out the sweep keeps it; after, it goes with the
        // person and the account.
        assert_eq!(upkeep::sweep(&w.ctx).await.unwrap().registrations, 0);
        w.clock.advance(Duration::days(1));
        assert_eq!(upkeep::sweep(&w.ctx).await.unwrap().registrations, 1);
        assert!(w.ctx.store.account_by_email(NEW).await.unwrap().is_none());
        assert!(
            w.ctx
                .store
                .find_person_by_email(w.scheme, NEW)
                .await
                .unwrap()
                .is_none()
        );
        // The address is free: a coordinator adds the person as usual.
        let ca = w.actor(w.coordinator_a).await;
        people::create(
            &w.ctx,
            &ca,
            people::PersonInput {
                given_name: "Nina".into(),
                family_name: "New".into(),
                email: NEW.into(),
                organisation_id: Some(w.org_a),
                job_title: "Staff nurse".into(),
                profession: "Nursing".into(),
                grade_system: Some(GradeSystem::AgendaForChange),
                grade: "5".into(),
                ..Default::default()
            },
        )
        .await
        .expect("the address is free again");
    })
    .await;
}

#[tokio::test]
async fn approval_waits_for_the_employer_and_only_its_coordinators_confirm() {
    on_worlds(|w| async move {
        let intake = open_intake(&w).await;
        let nina = nina_confirmed(&w).await;
        let me = w.actor(nina).await;
        let application = applications::apply(
            &w.ctx,
            &me,
            intake,
            ApplicationInput {
                role: Some(ApplicationRole::Mentee),
                profile: fixtures::matchable_profile(),
                answers: Default::default(),
            },
        )
        .await
        .expect("a registered person applies");
        assert_eq!(application.status, ApplicationStatus::AwaitingCoordinator);

        let ca = w.actor(w.coordinator_a).await;
        let err = applications::decide(&w.ctx, &ca, application.id, Decision::Approve, None, "")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Refused(Refusal::EmploymentNotConfirmed { organisation }) if organisation == "Alpha Trust"),
            "{err:?}"
        );
        assert_eq!(
            w.ctx.store.get_application(application.id).await.unwrap().status,
            ApplicationStatus::AwaitingCoordinator,
            "the refusal changed nothing"
        );

        // Another organisation's coordinator does not see the registration, nor can decide it.
        let cb = w.actor(w.coordinator_b).await;
        assert!(registration::waiting(&w.ctx, &cb).await.unwrap().is_empty());
        assert!(matches!(registration::confirm_employment(&w.ctx, &cb, nina).await, Err(AppError::NotFound)));
        let pat = w.actor(w.participant).await;
        assert!(matches!(registration::waiting(&w.ctx, &pat).await.unwrap_err(), AppError::Forbidden));

        assert_eq!(registration::waiting(&w.ctx, &ca).await.unwrap().len(), 1);
        registration::confirm_employment(&w.ctx, &ca, nina).await.unwrap();
        assert_eq!(
            w.ctx.store.registration(nina).await.unwrap().unwrap().employment,
            EmploymentCheck::Confirmed
        );
        assert!(matches!(registration::confirm_employment(&w.ctx, &ca, nina).await, Err(AppError::Refused(Refusal::RegistrationDecided))));
        let approved =
            applications::decide(&w.ctx, &ca, application.id, Decision::Approve, None, "")
                .await
                .expect("approved once the employment is confirmed");
        assert_eq!(approved.status, ApplicationStatus::Approved);
        let audit = w.ctx.store.list_audit(1000).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "registration.employment_confirmed"));
    })
    .await;
}

#[tokio::test]
async fn not_employed_here_ends_the_registration_and_tells_the_person() {
    on_worlds(|w| async move {
        let nina = nina_confirmed(&w).await;
        let session = accounts::sign_in(&w.ctx, NEW, "a long password")
            .await
            .unwrap();
        let sc = w.actor(w.scheme_coordinator).await;
        registration::not_employed(&w.ctx, &sc, nina).await.unwrap();
        assert_eq!(
            w.ctx
                .store
                .registration(nina)
                .await
                .unwrap()
                .unwrap()
                .employment,
            EmploymentCheck::NotEmployed
        );
        assert!(
            accounts::sign_in(&w.ctx, NEW, "a long password")
                .await
                .is_err()
        );
        assert!(
            accounts::user_for_session(&w.ctx, &session.token)
                .await
                .unwrap()
                .is_none(),
            "signed out everywhere"
        );
        w.deliver().await;
        let told = w.mailer.last_to(NEW).expect("the person is told");
        assert_eq!(told.kind.as_deref(), Some("registration.ended"));
        assert!(told.text.contains("Alpha Trust"), "{}", told.text);
        // Gone from the lists, and decided once only.
        assert!(registration::waiting(&w.ctx, &sc).await.unwrap().is_empty());
        assert!(matches!(
            registration::confirm_employment(&w.ctx, &sc, nina).await,
            Err(AppError::Refused(Refusal::RegistrationDecided))
        ));
        let audit = w.ctx.store.list_audit(1000).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.action == "registration.not_employed")
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_of_the_same_address_takes_an_unconfirmed_registration_over() {
    on_worlds(|w| async move {
        allow_registration(&w, true).await;
        registration::register(&w.ctx, input(&w, NEW)).await.unwrap();
        let nina = registered_person(&w, NEW).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let csv = format!(
            "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language\n\
             Nina,New,{NEW},Alpha Trust,Staff nurse,Nursing,afc,6,,en-GB\n"
        );
        let id = crate::import::preview_id(&w.ctx, &sc, csv.as_bytes()).await;
        let outcome = tandem_app::import::commit(&w.ctx, &sc, &id).await.unwrap();
        assert_eq!(outcome.updated, 1, "the import updates the registered person");
        assert!(w.ctx.store.registration(nina).await.unwrap().is_none());
        let found = people::search(
            &w.ctx,
            &sc,
            &people::PeopleSearch {
                text: Some("Nina".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(found.total, 1, "listed as an ordinary person now");
        w.clock.advance(Duration::days(30));
        assert_eq!(upkeep::sweep(&w.ctx).await.unwrap().registrations, 0);
        assert!(w.ctx.store.get_person(nina).await.is_ok(), "never swept away");
    })
    .await;
}
