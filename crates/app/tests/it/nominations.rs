//! Nominations through the use cases (an organisation coordinator starts applications on behalf
//! of their own staff, who complete or decline them), and publishing a run that invites the
//! matched people who cannot sign in yet, with counts that equal the e-mails queued.

use tandem_app::applications::{self, ApplicationInput};
use tandem_app::{AppError, Refusal, matching, nominations};
use tandem_domain::{
    ApplicationRole, ApplicationStatus, IntakeId, Mode, ProgrammeKind, ProgrammeRules, Role,
};
use tandem_test_support::{World, fixtures, on_worlds};

async fn intake(w: &World, days: [i64; 3]) -> IntakeId {
    let rules = ProgrammeRules {
        modes: vec![Mode::Video],
        ..ProgrammeRules::default()
    };
    let (_, intake) = w
        .programme_with_intake(
            ("Leading together".into(), ProgrammeKind::Mentoring, rules),
            "Spring",
            days,
            [5, 5],
        )
        .await;
    intake.id
}

fn complete() -> ApplicationInput {
    ApplicationInput {
        role: Some(ApplicationRole::Mentee),
        profile: fixtures::matchable_profile(),
        answers: Default::default(),
    }
}

async fn email_of(w: &World, p: tandem_domain::PersonId) -> String {
    w.ctx.store.get_person(p).await.unwrap().person.email
}

#[tokio::test]
async fn a_coordinator_nominates_three_staff_two_complete_and_one_declines() {
    on_worlds(|w| async move {
        let intake = intake(&w, [-1, 10, 20]).await;
        let ca = w.actor(w.coordinator_a).await;
        let staff = w.staff_a.clone();
        let page = nominations::page(&w.ctx, &ca, intake, None).await.unwrap();
        for s in &staff {
            assert!(page.candidates.iter().any(|c| c.person_id == *s));
        }
        assert!(
            !page
                .candidates
                .iter()
                .any(|c| w.staff_b.contains(&c.person_id)),
            "only their own staff"
        );

        let done =
            nominations::nominate(&w.ctx, &ca, intake, Some(ApplicationRole::Mentee), &staff)
                .await
                .unwrap();
        assert_eq!(done.nominated.len(), 3);
        assert_eq!(done.invited, 3, "none of them had an account");
        assert!(done.skipped.is_empty());

        // One nomination and one invitation each, delivered in their language.
        w.deliver().await;
        for s in &staff {
            let to = email_of(&w, *s).await;
            let kinds: Vec<String> = w
                .mailer
                .sent()
                .into_iter()
                .filter(|m| m.to == to)
                .filter_map(|m| m.kind)
                .collect();
            assert_eq!(kinds.len(), 2, "{kinds:?}");
            assert!(kinds.contains(&"application.nominated".to_string()));
            assert!(kinds.contains(&"account.invitation".to_string()));
        }
        let mail = w
            .mailer
            .sent()
            .into_iter()
            .find(|m| m.kind.as_deref() == Some("application.nominated"))
            .unwrap();
        assert!(mail.text.contains("Ada Alpha"), "{}", mail.text);
        assert!(mail.text.contains("Leading together"), "{}", mail.text);
        assert!(mail.text.contains("https://tandem.test/nominations/mine"));

        // Each nominee holds the participant role and sees their nomination.
        let mut nominees = Vec::new();
        for s in &staff {
            let a = w.actor(*s).await;
            assert!(a.roles.iter().any(|r| r.role == Role::Participant));
            let mine = nominations::mine(&w.ctx, &a).await.unwrap();
            assert_eq!(mine.len(), 1);
            assert_eq!(mine[0].nominated_by, "Ada Alpha");
            nominees.push((a, mine[0].application_id));
        }

        // Two complete the application form; it then follows the normal flow.
        for (a, id) in &nominees[..2] {
            let completed = applications::apply(&w.ctx, a, intake, complete())
                .await
                .expect("completes the nomination");
            assert_eq!(
                completed.id, *id,
                "the nominated application, not a second one"
            );
            assert_eq!(completed.status, ApplicationStatus::AwaitingCoordinator);
            assert!(nominations::mine(&w.ctx, a).await.unwrap().is_empty());
            // Completing twice is the usual "already applied".
            assert!(matches!(
                applications::apply(&w.ctx, a, intake, complete()).await,
                Err(AppError::Refused(Refusal::AlreadyApplied))
            ));
        }
        // The third declines; declining again is refused, and nobody else can decline it.
        let (third, third_id) = &nominees[2];
        assert!(matches!(
            nominations::decline(&w.ctx, &nominees[0].0, *third_id).await,
            Err(AppError::NotFound)
        ));
        let declined = nominations::decline(&w.ctx, third, *third_id)
            .await
            .unwrap();
        assert_eq!(declined.status, ApplicationStatus::NominationDeclined);
        assert!(matches!(
            nominations::decline(&w.ctx, third, *third_id).await,
            Err(AppError::Refused(Refusal::NominationAnswered))
        ));

        // The nominator sees what became of each.
        let rows = nominations::list(&w.ctx, &ca, intake).await.unwrap();
        let mut statuses: Vec<ApplicationStatus> = rows.iter().map(|r| r.status).collect();
        statuses.sort();
        assert_eq!(
            statuses,
            vec![
                ApplicationStatus::NominationDeclined,
                ApplicationStatus::AwaitingCoordinator,
                ApplicationStatus::AwaitingCoordinator,
            ]
        );
        // Nominating them again for the same role is skipped, with the reason.
        let again = nominations::nominate(
            &w.ctx,
            &ca,
            intake,
            Some(ApplicationRole::Mentee),
            &staff[..1],
        )
        .await
        .unwrap();
        assert!(again.nominated.is_empty());
        assert_eq!(
            again.skipped[0].reason,
            "nominations.skipped.already_applied"
        );
    })
    .await;
}

#[tokio::test]
async fn only_own_staff_and_only_open_intakes_and_a_refusal_writes_nothing() {
    on_worlds(|w| async move {
        let open = intake(&w, [-1, 10, 20]).await;
        let closed = intake(&w, [-20, -10, 20]).await;
        let cb = w.actor(w.coordinator_b).await;
        let ca = w.actor(w.coordinator_a).await;
        let pat = w.actor(w.participant).await;
        let before = w.ctx.store.list_applications(open).await.unwrap().len();
        // Staff of A through B's coordinator: not found, even mixed with B's own staff.
        let mixed = [w.staff_b[0], w.staff_a[0]];
        assert!(matches!(
            nominations::nominate(&w.ctx, &cb, open, Some(ApplicationRole::Mentee), &mixed)
                .await
                .map(|_| ()),
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            nominations::nominate(
                &w.ctx,
                &pat,
                open,
                Some(ApplicationRole::Mentee),
                &w.staff_a
            )
            .await
            .map(|_| ()),
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            nominations::nominate(
                &w.ctx,
                &ca,
                closed,
                Some(ApplicationRole::Mentee),
                &w.staff_a
            )
            .await
            .map(|_| ()),
            Err(AppError::Refused(Refusal::IntakeClosed))
        ));
        let no_role = nominations::nominate(&w.ctx, &ca, open, None, &w.staff_a).await;
        assert!(matches!(no_role, Err(AppError::Validation(_))));
        assert_eq!(
            w.ctx.store.list_applications(open).await.unwrap().len(),
            before,
            "nothing written"
        );
        assert!(
            w.ctx
                .store
                .account_by_person(w.staff_a[0])
                .await
                .unwrap()
                .is_none()
        );
        // B's coordinator nominates B's own staff.
        let ok = nominations::nominate(
            &w.ctx,
            &cb,
            open,
            Some(ApplicationRole::Mentor),
            &w.staff_b[..1],
        )
        .await
        .unwrap();
        assert_eq!(ok.nominated.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn publishing_invites_the_matched_who_cannot_sign_in_and_says_so_truthfully() {
    on_worlds(|w| async move {
        let m = w
            .mentoring(ProgrammeRules {
                mentor_load_max: Some(1),
                ..ProgrammeRules::default()
            })
            .await;
        // Two more approved, neither with an account: a mentee of A and a mentor of B.
        let profile = fixtures::matchable_profile;
        w.approved_application(
            m.intake.id,
            w.staff_a[0],
            w.org_a,
            ApplicationRole::Mentee,
            profile(),
        )
        .await;
        w.approved_application(
            m.intake.id,
            w.staff_b[0],
            w.org_b,
            ApplicationRole::Mentor,
            profile(),
        )
        .await;
        let sc = w.actor(w.scheme_coordinator).await;
        let run = matching::run(&w.ctx, &sc, m.intake.id).await.unwrap();
        let published = matching::publish(&w.ctx, &sc, run.id).await.unwrap();
        let relationships = w
            .ctx
            .store
            .relationships_of_intake(m.intake.id)
            .await
            .unwrap();
        let members: Vec<tandem_domain::PersonId> = relationships
            .iter()
            .flat_map(|r| r.members.iter().map(|x| x.person_id))
            .collect();
        let without: Vec<_> = members
            .iter()
            .filter(|p| **p == w.staff_a[0] || **p == w.staff_b[0])
            .collect();
        assert_eq!(published.told, members.len());
        assert_eq!(published.invited, without.len());
        assert!(published.invited > 0, "someone matched had no account");

        w.deliver().await;
        let sent = w.mailer.sent();
        let offers = sent
            .iter()
            .filter(|e| e.kind.as_deref() == Some("offer.made"))
            .count();
        let invitations = sent
            .iter()
            .filter(|e| e.kind.as_deref() == Some("account.invitation"))
            .count();
        assert_eq!(
            offers, published.told,
            "the message's count is the e-mails queued"
        );
        assert_eq!(invitations, published.invited);
        for p in without {
            let account = w.ctx.store.account_by_person(*p).await.unwrap();
            assert!(account.is_some_and(|a| a.password_hash.is_none()));
        }
    })
    .await;
}
