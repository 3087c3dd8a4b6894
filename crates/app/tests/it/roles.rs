//! Roles granted and revoked through the use cases (`tandem_app::roles`), invitations that let
//! the invited person in, programme coordinators running their own programme, and the
//! participant's next steps on their home; on SQLite and, when configured, PostgreSQL.

use tandem_app::{AppError, Refusal, accounts, applications, home, intakes, programmes, roles};
use tandem_domain::{
    Actor, ApplicationRole, Language, OrganisationId, PersonId, ProgrammeKind, ProgrammeRules,
    Role, RoleAssignment, Scope,
};
use tandem_test_support::{World, actor_of, on_worlds};

fn ra(role: Role, scope: Scope) -> RoleAssignment {
    RoleAssignment { role, scope }
}

/// The newest audit entries' actions, newest first.
async fn audit_actions(w: &World, n: u64) -> Vec<(String, String, String)> {
    w.ctx
        .store
        .list_audit(n)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.subject, e.detail))
        .collect()
}

async fn held(w: &World, person: PersonId) -> Vec<RoleAssignment> {
    w.ctx.store.roles_in_scheme(person, w.scheme).await.unwrap()
}

fn mentoring_rules() -> ProgrammeRules {
    ProgrammeRules {
        modes: vec![tandem_domain::Mode::Video],
        ..ProgrammeRules::default()
    }
}

#[tokio::test]
async fn the_scheme_coordinator_grants_and_revokes_any_role_and_every_change_is_audited() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let bea = w.staff_b[0];
        let oc_b = ra(Role::OrganisationCoordinator, Scope::Organisation(w.org_b));
        roles::grant(&w.ctx, &sc, bea, oc_b).await.unwrap();
        assert_eq!(held(&w, bea).await, vec![oc_b]);
        let (action, subject, detail) = audit_actions(&w, 1).await.remove(0);
        assert_eq!(action, "role.grant");
        assert_eq!(subject, bea.to_string());
        assert_eq!(
            detail,
            format!(
                "role=organisation_coordinator scope=organisation:{}",
                w.org_b
            )
        );
        assert!(!detail.contains('@'), "ids only");

        // Granting again changes nothing and writes nothing.
        let entries = w.ctx.store.list_audit(1000).await.unwrap().len();
        roles::grant(&w.ctx, &sc, bea, oc_b).await.unwrap();
        assert_eq!(w.ctx.store.list_audit(1000).await.unwrap().len(), entries);

        // The person's page shows it, revocable by the scheme coordinator.
        let view = roles::of_person(&w.ctx, &sc, bea).await.unwrap();
        assert_eq!(view.roles.len(), 1);
        assert!(view.roles[0].can_revoke);
        assert_eq!(view.roles[0].scope_name.as_deref(), Some("Beta Council"));
        assert!(
            !view.choices.iter().any(|c| c.assignment == oc_b),
            "held roles are not offered"
        );
        assert!(
            view.choices
                .iter()
                .any(|c| c.assignment == ra(Role::Administrator, Scope::Scheme(w.scheme)))
        );

        // The scheme-wide list names them.
        let holders = roles::holders(&w.ctx, &sc).await.unwrap();
        assert!(
            holders
                .iter()
                .any(|h| h.person_id == bea && h.assignment == oc_b)
        );

        roles::revoke(&w.ctx, &sc, bea, oc_b).await.unwrap();
        assert!(held(&w, bea).await.is_empty());
        assert_eq!(audit_actions(&w, 1).await[0].0, "role.revoke");
    })
    .await;
}

#[tokio::test]
async fn an_organisation_coordinator_grants_within_their_organisation_only_and_refusals_are_audited()
 {
    on_worlds(|w| async move {
        let ca = actor_of(&w, w.coordinator_a).await;
        let alice = w.staff_a[0];
        let bea = w.staff_b[0];
        let oc_a = ra(Role::OrganisationCoordinator, Scope::Organisation(w.org_a));
        let participant = ra(Role::Participant, Scope::Scheme(w.scheme));

        // Only their own organisation's coordinator role and the participant role are offered.
        let view = roles::of_person(&w.ctx, &ca, alice).await.unwrap();
        let offered: Vec<RoleAssignment> = view.choices.iter().map(|c| c.assignment).collect();
        assert_eq!(offered.len(), 2, "{offered:?}");
        assert!(offered.contains(&oc_a) && offered.contains(&participant));

        roles::grant(&w.ctx, &ca, alice, participant).await.unwrap();
        roles::grant(&w.ctx, &ca, alice, oc_a).await.unwrap();
        assert_eq!(held(&w, alice).await.len(), 2);

        // Beyond their scope: refused, audited, nothing granted.
        let before = held(&w, alice).await;
        for beyond in [
            ra(Role::OrganisationCoordinator, Scope::Organisation(w.org_b)),
            ra(Role::SchemeCoordinator, Scope::Scheme(w.scheme)),
            ra(Role::Administrator, Scope::Scheme(w.scheme)),
        ] {
            let e = roles::grant(&w.ctx, &ca, alice, beyond).await.unwrap_err();
            assert!(matches!(e, AppError::Forbidden), "{e:?}");
            let (action, subject, _) = audit_actions(&w, 1).await.remove(0);
            assert_eq!(
                (action.as_str(), subject),
                ("role.grant_refused", alice.to_string())
            );
        }
        assert_eq!(held(&w, alice).await, before);

        // Another organisation's staff: not found, audited, nothing granted.
        let e = roles::grant(&w.ctx, &ca, bea, participant)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound), "{e:?}");
        assert_eq!(audit_actions(&w, 1).await[0].0, "role.grant_refused");
        assert!(held(&w, bea).await.is_empty());

        // Revoking another organisation's role is refused and writes nothing.
        let sc = actor_of(&w, w.scheme_coordinator).await;
        roles::grant(&w.ctx, &sc, bea, participant).await.unwrap();
        let entries = w.ctx.store.list_audit(1000).await.unwrap().len();
        assert!(roles::revoke(&w.ctx, &ca, bea, participant).await.is_err());
        assert_eq!(w.ctx.store.list_audit(1000).await.unwrap().len(), entries);
        assert_eq!(held(&w, bea).await, vec![participant]);

        // Nobody grants themselves anything.
        let e = roles::grant(&w.ctx, &ca, w.coordinator_a, participant)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden), "{e:?}");
    })
    .await;
}

#[tokio::test]
async fn a_scope_of_another_scheme_is_not_found_and_writes_nothing() {
    on_worlds(|w| async move {
        let other = w
            .another_scheme("Elsewhere Network", "oscar@elsewhere.example.org")
            .await;
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let entries = w.ctx.store.list_audit(1000).await.unwrap().len();
        for scope in [
            Scope::Organisation(other.organisation),
            Scope::Scheme(other.scheme),
            Scope::Organisation(OrganisationId::new()),
        ] {
            let role = if matches!(scope, Scope::Scheme(_)) {
                Role::Participant
            } else {
                Role::OrganisationCoordinator
            };
            let e = roles::grant(&w.ctx, &sc, w.staff_a[0], ra(role, scope))
                .await
                .unwrap_err();
            assert!(matches!(e, AppError::NotFound), "{e:?}");
        }
        // And the other scheme's person is not found either.
        let e = roles::grant(
            &w.ctx,
            &sc,
            other.coordinator,
            ra(Role::Participant, Scope::Scheme(w.scheme)),
        )
        .await
        .unwrap_err();
        assert!(matches!(e, AppError::NotFound), "{e:?}");
        assert_eq!(w.ctx.store.list_audit(1000).await.unwrap().len(), entries);
    })
    .await;
}

#[tokio::test]
async fn the_last_administrator_and_scheme_coordinator_stay() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let scheme_role = ra(Role::SchemeCoordinator, Scope::Scheme(w.scheme));
        let e = roles::revoke(&w.ctx, &sc, w.scheme_coordinator, scheme_role)
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Refused(Refusal::LastSchemeCoordinator)),
            "{e:?}"
        );
        assert_eq!(held(&w, w.scheme_coordinator).await, vec![scheme_role]);

        let admin = ra(Role::Administrator, Scope::Scheme(w.scheme));
        let alice = w.staff_a[0];
        roles::grant(&w.ctx, &sc, alice, admin).await.unwrap();
        let alice_actor = actor_of(&w, alice).await;
        let e = roles::revoke(&w.ctx, &alice_actor, alice, admin)
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Refused(Refusal::LastAdministrator)),
            "{e:?}"
        );

        // With a second holder, either may step down.
        roles::grant(&w.ctx, &sc, w.staff_a[1], scheme_role)
            .await
            .unwrap();
        roles::revoke(&w.ctx, &sc, w.scheme_coordinator, scheme_role)
            .await
            .unwrap();
        assert!(held(&w, w.scheme_coordinator).await.is_empty());
    })
    .await;
}

/// The invitation token in the newest e-mail to `email`.
fn token_in_mail(w: &World, email: &str) -> String {
    let mail = w.mailer.last_to(email).expect("an e-mail");
    let at = mail.text.find("accept-invitation?token=").expect("a link");
    mail.text[at..]
        .split("token=")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn an_accepted_invitation_admits_the_person_as_a_participant_once() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let alice = w.staff_a[0];
        accounts::invite(&w.ctx, &sc, alice).await.unwrap();
        w.deliver().await;
        let token = token_in_mail(&w, "alice@alpha.example.org");
        assert_eq!(
            accounts::invitation_language(&w.ctx, &token).await.unwrap(),
            Some(Language::EnGb)
        );
        assert!(held(&w, alice).await.is_empty());
        accounts::accept_invitation(&w.ctx, &token, "a long new password", "a long new password")
            .await
            .unwrap();
        assert_eq!(
            held(&w, alice).await,
            vec![ra(Role::Participant, Scope::Scheme(w.scheme))]
        );
        let entries = audit_actions(&w, 3).await;
        assert!(
            entries.iter().any(|(a, s, d)| a == "role.grant"
                && *s == alice.to_string()
                && d.contains("reason=invitation")),
            "{entries:?}"
        );
        // A spent token tells nothing, not even a language.
        assert_eq!(
            accounts::invitation_language(&w.ctx, &token).await.unwrap(),
            None
        );
        assert_eq!(
            accounts::invitation_language(&w.ctx, "forged")
                .await
                .unwrap(),
            None
        );

        // Someone who already holds a role keeps exactly their roles.
        let bea = w.staff_b[0];
        let evaluator = ra(Role::Evaluator, Scope::Scheme(w.scheme));
        roles::grant(&w.ctx, &sc, bea, evaluator).await.unwrap();
        accounts::invite(&w.ctx, &sc, bea).await.unwrap();
        w.deliver().await;
        let token = token_in_mail(&w, "bea@beta.example.org");
        accounts::accept_invitation(&w.ctx, &token, "a long new password", "a long new password")
            .await
            .unwrap();
        assert_eq!(held(&w, bea).await, vec![evaluator]);
    })
    .await;
}

#[tokio::test]
async fn a_dutch_persons_invitation_is_dutch_and_knows_its_language() {
    on_worlds(|w| async move {
        let sc = actor_of(&w, w.scheme_coordinator).await;
        let alice = w.staff_a[0];
        let mut record = w.ctx.store.get_person(alice).await.unwrap();
        record.person.language = Language::NlNl;
        w.ctx
            .store
            .update_person(&record.person, &record.employments)
            .await
            .unwrap();
        accounts::invite(&w.ctx, &sc, alice).await.unwrap();
        w.deliver().await;
        let mail = w.mailer.last_to("alice@alpha.example.org").unwrap();
        assert_eq!(mail.subject, "U bent uitgenodigd voor Tandem");
        let token = token_in_mail(&w, "alice@alpha.example.org");
        assert_eq!(
            accounts::invitation_language(&w.ctx, &token).await.unwrap(),
            Some(Language::NlNl)
        );
    })
    .await;
}

#[tokio::test]
async fn organisation_coordinators_invite_their_own_staff_only() {
    on_worlds(|w| async move {
        let ca = actor_of(&w, w.coordinator_a).await;
        accounts::invite(&w.ctx, &ca, w.staff_a[0]).await.unwrap();
        assert!(
            w.ctx
                .store
                .account_by_person(w.staff_a[0])
                .await
                .unwrap()
                .is_some()
        );
        let e = accounts::invite(&w.ctx, &ca, w.staff_b[0])
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::NotFound), "{e:?}");
        assert!(
            w.ctx
                .store
                .account_by_person(w.staff_b[0])
                .await
                .unwrap()
                .is_none()
        );
        // A participant invites nobody.
        let pa = actor_of(&w, w.participant).await;
        assert!(accounts::invite(&w.ctx, &pa, w.staff_a[1]).await.is_err());
    })
    .await;
}

async fn programme_coordinator(w: &World, programme: tandem_domain::ProgrammeId) -> Actor {
    let sc = actor_of(w, w.scheme_coordinator).await;
    let pc = w.staff_a[2];
    roles::grant(
        &w.ctx,
        &sc,
        pc,
        ra(Role::ProgrammeCoordinator, Scope::Programme(programme)),
    )
    .await
    .unwrap();
    actor_of(w, pc).await
}

#[tokio::test]
async fn a_programme_coordinator_runs_their_programme_and_no_other() {
    on_worlds(|w| async move {
        let rules = mentoring_rules();
        let (mine, intake) = w
            .programme_with_intake(
                ("Mine".into(), ProgrammeKind::Mentoring, rules.clone()),
                "Spring",
                [-5, 10, 30],
                [3, 3],
            )
            .await;
        let (theirs, their_intake) = w
            .programme_with_intake(
                ("Theirs".into(), ProgrammeKind::Mentoring, rules.clone()),
                "Autumn",
                [-5, 10, 30],
                [3, 3],
            )
            .await;
        let pc = programme_coordinator(&w, mine.id).await;

        // Their programme: its settings, intakes, form and applications.
        let input = programmes::ProgrammeInput {
            name: "Mine, renamed".into(),
            kind: Some(ProgrammeKind::Mentoring),
            description: String::new(),
            rules: rules.clone(),
        };
        programmes::update(&w.ctx, &pc, mine.id, input.clone())
            .await
            .unwrap();
        let today = w.ctx.now().date_naive();
        let new_intake = intakes::IntakeInput {
            name: "Summer".into(),
            opens_on: Some(today),
            closes_on: Some(today + chrono::Duration::days(10)),
            starts_on: Some(today + chrono::Duration::days(20)),
            places: vec![tandem_domain::IntakePlace {
                organisation_id: w.org_a,
                places: 2,
            }],
        };
        intakes::create(&w.ctx, &pc, mine.id, new_intake.clone())
            .await
            .unwrap();
        applications::set_form(&w.ctx, &pc, intake.id, vec![])
            .await
            .unwrap();
        let list = applications::intake_applications(&w.ctx, &pc, intake.id)
            .await
            .unwrap();
        assert_eq!(list.programme.id, mine.id);
        tandem_app::matching::overview(&w.ctx, &pc, intake.id)
            .await
            .unwrap();

        // Another programme: refused, nothing written.
        let entries = w.ctx.store.list_audit(1000).await.unwrap().len();
        let refused = [
            programmes::update(&w.ctx, &pc, theirs.id, input)
                .await
                .map(drop),
            intakes::create(&w.ctx, &pc, theirs.id, new_intake)
                .await
                .map(drop),
            applications::set_form(&w.ctx, &pc, their_intake.id, vec![])
                .await
                .map(drop),
            applications::intake_applications(&w.ctx, &pc, their_intake.id)
                .await
                .map(drop),
            tandem_app::matching::overview(&w.ctx, &pc, their_intake.id)
                .await
                .map(drop),
        ];
        for r in refused {
            assert!(matches!(r, Err(AppError::Forbidden)), "{r:?}");
        }
        assert_eq!(w.ctx.store.list_audit(1000).await.unwrap().len(), entries);
        // The scheme's own business stays the scheme coordinator's.
        assert!(matches!(
            programmes::create(
                &w.ctx,
                &pc,
                programmes::ProgrammeInput {
                    name: "New".into(),
                    kind: Some(ProgrammeKind::Mentoring),
                    description: String::new(),
                    rules,
                }
            )
            .await,
            Err(AppError::Forbidden)
        ));
        assert!(roles::holders(&w.ctx, &pc).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn a_participants_home_lists_the_intakes_open_to_them_and_their_applications() {
    on_worlds(|w| async move {
        let rules = mentoring_rules();
        let (_, open) = w
            .programme_with_intake(
                ("Open".into(), ProgrammeKind::Mentoring, rules.clone()),
                "Now",
                [-5, 10, 30],
                [3, 3],
            )
            .await;
        // Closed, and open without places for organisation A: neither is listed.
        w.programme_with_intake(
            ("Closed".into(), ProgrammeKind::Mentoring, rules.clone()),
            "Past",
            [-30, -10, 10],
            [3, 3],
        )
        .await;
        let (_, no_places) = w
            .programme_with_intake(
                ("Elsewhere".into(), ProgrammeKind::Mentoring, rules.clone()),
                "Beta only",
                [-5, 10, 30],
                [0, 3],
            )
            .await;
        let pa = actor_of(&w, w.participant).await;
        let steps = home::next_steps(&w.ctx, &pa).await.unwrap();
        let listed: Vec<_> = steps.intakes.iter().map(|i| i.intake_id).collect();
        assert!(listed.contains(&open.id), "{listed:?}");
        assert!(!listed.contains(&no_places.id), "{listed:?}");
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert!(steps.applications.is_empty());

        let input = applications::ApplicationInput {
            role: Some(ApplicationRole::Mentee),
            profile: tandem_test_support::fixtures::matchable_profile(),
            answers: Default::default(),
        };
        applications::apply(&w.ctx, &pa, open.id, input)
            .await
            .unwrap();
        let steps = home::next_steps(&w.ctx, &pa).await.unwrap();
        assert_eq!(steps.applications.len(), 1);
        assert!(steps.applications[0].next_step.starts_with("home.next."));
        // The mentee role is taken; the intake stays listed only for roles still open.
        if let Some(i) = steps.intakes.iter().find(|i| i.intake_id == open.id) {
            assert!(!i.roles.contains(&ApplicationRole::Mentee));
        }
    })
    .await;
}
