//! People's rights through the use cases, on both backends: the subject access export holds
//! the person's data and nobody else's private notes; erasure pseudonymises the person while the
//! programme's figures stay exactly as they were; retention rules count (dry run) and remove by
//! the application's clock; consents are recorded as a history and a withdrawal takes effect.

use chrono::Duration;
use tandem_app::evaluation::{self, ReportFilter};
use tandem_app::rights::{self, ConsentKind};
use tandem_app::{AppError, Context, Refusal, accounts, dashboard, matching, sessions, surveys};
use tandem_domain::{
    Language, Mode, ProgrammeRules, RelationshipStatus, Role, RoleAssignment, Scope,
};
use tandem_storage::{RetentionCounts, RetentionSettings};
use tandem_test_support::{MO, Mentoring, PA, PASSWORD, World, on_worlds};

async fn audit_len(ctx: &Context) -> usize {
    ctx.store.list_audit(100_000).await.unwrap().len()
}

/// An administrator of the world's scheme.
async fn admin(w: &World) -> tandem_domain::Actor {
    let id = w
        .add_role_holder(
            w.org_a,
            "Ava",
            "Admin",
            "admin@alpha.example.org",
            RoleAssignment {
                role: Role::Administrator,
                scope: Scope::Scheme(w.scheme),
            },
        )
        .await;
    w.actor(id).await
}

/// An active mentoring relationship (Pat mentee, Mo mentor) with one booked session on which
/// both wrote a private note, and Pat's private reflection.
async fn story(w: &World) -> (Mentoring, tandem_domain::RelationshipId) {
    let (m, rel) = w.active_mentoring(ProgrammeRules::default()).await;
    let [pat, mo] = m.people();
    let (pat, mo) = (w.actor(pat).await, w.actor(mo).await);
    let today = w.ctx.now().date_naive();
    matching::log_session(
        &w.ctx,
        &pat,
        rel.id,
        matching::SessionInput {
            held_on: Some(today),
            minutes: Some(60),
            mode: Some(Mode::Video),
            topics: Some("Rota planning".into()),
            action_points: None,
        },
    )
    .await
    .unwrap();
    let booking = sessions::propose(
        &w.ctx,
        &pat,
        rel.id,
        sessions::BookingInput {
            date: Some(today + Duration::days(3)),
            start: Some("10:00".into()),
            minutes: Some(60),
            mode: Some(Mode::Video),
            link: Some("https://meet.example.org/a".into()),
            place: None,
        },
    )
    .await
    .unwrap()
    .id;
    sessions::save_note(&w.ctx, &pat, booking, "Pat's own thoughts on the rota")
        .await
        .unwrap();
    sessions::save_note(&w.ctx, &mo, booking, "Mo's private view of Pat")
        .await
        .unwrap();
    tandem_app::growth::add_reflection(
        &w.ctx,
        &pat,
        tandem_domain::growth::ReflectionInput {
            written_on: Some(today),
            text: "Pat's reflection on leading".into(),
            relationship_id: None,
            dimensions: vec![tandem_domain::FrameworkDimension::LeadingWithCare],
        },
        None,
    )
    .await
    .unwrap();
    (m, rel.id)
}

#[tokio::test]
async fn the_export_holds_the_persons_data_and_never_others_private_notes() {
    on_worlds(|w| async move {
        let (m, _) = story(&w).await;
        let [pat_id, mo_id] = m.people();
        let pat = w.actor(pat_id).await;
        let ava = admin(&w).await;
        rights::set_consent(&w.ctx, &pat, ConsentKind::Equality, true, Language::EnGb)
            .await
            .unwrap();

        let before = audit_len(&w.ctx).await;
        let data = rights::export(&w.ctx, &pat, pat_id).await.unwrap();
        let json = serde_json::to_string(&data).unwrap();
        for expected in [
            PA,
            "Pat's own thoughts on the rota",
            "Pat's reflection on leading",
            "Rota planning",
            "equality",
            "rights.basis.equality.v2",
        ] {
            assert!(json.contains(expected), "{expected} is in the export");
        }
        // The other member is named (the relationship needs it) but their e-mail, their notes
        // and any secret are not there.
        assert!(json.contains("Mentor"), "the mentor is named");
        assert!(!json.contains(MO), "not the mentor's address");
        assert!(!json.contains("Mo's private view"), "not the mentor's note");
        assert!(!json.contains("password_hash") && !json.contains("token_hash"));
        let names: Vec<&str> = data.sections.iter().map(|s| s.name).collect();
        for section in [
            "person",
            "employments",
            "account",
            "roles",
            "profile",
            "applications",
            "relationships",
            "other_members",
            "sessions",
            "private_notes",
            "goals",
            "reflections",
            "survey_requests",
            "consents",
            "notices",
            "audit",
        ] {
            assert!(names.contains(&section), "{section} in {names:?}");
        }
        // Audited with ids only.
        assert_eq!(audit_len(&w.ctx).await, before + 1);
        let last = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(last.action, "rights.export");
        assert_eq!(last.subject, pat_id.to_string());
        assert!(!last.detail.contains('@'));

        // An administrator produces the same for a request; the mentor may not.
        let by_admin = rights::export(&w.ctx, &ava, pat_id).await.unwrap();
        assert_eq!(by_admin.sections.len(), data.sections.len());
        let mo = w.actor(mo_id).await;
        let n = audit_len(&w.ctx).await;
        assert!(matches!(
            rights::export(&w.ctx, &mo, pat_id).await,
            Err(AppError::NotFound)
        ));
        let sc = w.actor(w.scheme_coordinator).await;
        assert!(matches!(
            rights::export(&w.ctx, &sc, pat_id).await,
            Err(AppError::NotFound)
        ));
        assert_eq!(audit_len(&w.ctx).await, n, "refusals write nothing");
    })
    .await;
}

#[tokio::test]
async fn erasure_pseudonymises_the_person_and_leaves_the_figures_unchanged() {
    on_worlds(|w| async move {
        let (m, rel) = story(&w).await;
        let [pat_id, mo_id] = m.people();
        let sc = w.actor(w.scheme_coordinator).await;
        let ava = admin(&w).await;
        let figures = async || {
            (
                format!(
                    "{:?}",
                    matching::programme_figures(&w.ctx, &sc, m.programme.id)
                        .await
                        .unwrap()
                ),
                evaluation::programme_report(&w.ctx, &sc, m.programme.id, ReportFilter::default())
                    .await
                    .unwrap(),
                {
                    // The dashboard's programmes and organisations, with the scheme's headcount
                    // apart: an erased person is no longer listed staff (see below).
                    let mut d = dashboard::summary(&w.ctx, &sc).await.unwrap();
                    let total = d.people_total.take();
                    (format!("{d:?}"), total)
                },
            )
        };
        let before = figures().await;
        let audit_before = w.ctx.store.list_audit(100_000).await.unwrap();
        let mo = w.actor(mo_id).await;
        let sessions_before = sessions::overview(&w.ctx, &mo, rel).await.unwrap();

        // Refusals write nothing: a coordinator, and the administrator erasing themselves.
        let n = audit_len(&w.ctx).await;
        assert!(matches!(
            rights::erase(&w.ctx, &sc, pat_id).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            rights::erase(&w.ctx, &ava, ava.person_id).await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(audit_len(&w.ctx).await, n);

        let counts = rights::erase(&w.ctx, &ava, pat_id).await.unwrap();
        assert_eq!(
            (counts.accounts, counts.notes, counts.reflections),
            (1, 1, 1)
        );

        // The figures are exactly as they were; only the headcount of listed staff lost the
        // erased person.
        let after = figures().await;
        assert_eq!(
            (&after.0, &after.1, &after.2.0),
            (&before.0, &before.1, &before.2.0)
        );
        assert_eq!(after.2.1, before.2.1.map(|n| n - 1));
        let sessions_after = sessions::overview(&w.ctx, &mo, rel).await.unwrap();
        assert_eq!(
            sessions_after.sessions.len(),
            sessions_before.sessions.len()
        );
        assert_eq!(sessions_after.used, sessions_before.used);

        // The person shows as a former participant; nothing identifying is left.
        let record = w.ctx.store.get_person(pat_id).await.unwrap();
        assert_eq!(record.person.given_name, "Former participant");
        assert_eq!(record.person.family_name, "");
        assert!(!record.person.email.contains("pat"));
        assert!(w.ctx.store.person_erased(pat_id).await.unwrap());
        assert!(w.ctx.store.profile_of(pat_id).await.unwrap().is_none());
        assert!(accounts::sign_in(&w.ctx, PA, PASSWORD).await.is_err());
        let exported =
            serde_json::to_string(&rights::export(&w.ctx, &ava, pat_id).await.unwrap()).unwrap();
        for gone in ["Pat", PA, "Pat's own thoughts", "Pat's reflection"] {
            assert!(!exported.contains(gone), "{gone} is gone");
        }
        // The mentor's own note on the shared session is theirs and stays.
        let booking = sessions_after
            .sessions
            .iter()
            .find(|s| s.session.link.contains("meet.example.org"))
            .map(|s| s.session.id)
            .expect("the booked session");
        assert_eq!(
            sessions::own_note(&w.ctx, &mo, booking)
                .await
                .unwrap()
                .as_deref(),
            Some("Mo's private view of Pat")
        );
        // The audit log is unchanged but for the erasure's own entries (ids only).
        let audit_after = w.ctx.store.list_audit(100_000).await.unwrap();
        assert_eq!(
            &audit_after[audit_after.len() - audit_before.len()..],
            &audit_before[..]
        );
        let erased = audit_after
            .iter()
            .find(|a| a.action == "rights.erase")
            .unwrap();
        assert_eq!(erased.subject, pat_id.to_string());
    })
    .await;
}

#[tokio::test]
async fn the_last_administrator_is_never_erased() {
    on_worlds(|w| async move {
        let ava = admin(&w).await;
        // A second administrator would erase Ava; with Ava the only one, it is refused.
        let ola_id = w
            .add_role_holder(
                w.org_a,
                "Ola",
                "Other",
                "ola@alpha.example.org",
                RoleAssignment {
                    role: Role::Administrator,
                    scope: Scope::Scheme(w.scheme),
                },
            )
            .await;
        let ola = w.actor(ola_id).await;
        // Ola leaves the role after acting: a stale actor still holding it in memory.
        w.ctx
            .store
            .revoke_role(
                ola_id,
                RoleAssignment {
                    role: Role::Administrator,
                    scope: Scope::Scheme(w.scheme),
                },
            )
            .await
            .unwrap();
        let n = audit_len(&w.ctx).await;
        assert!(matches!(
            rights::erase(&w.ctx, &ola, ava.person_id).await,
            Err(AppError::Refused(Refusal::LastAdministrator))
        ));
        assert_eq!(audit_len(&w.ctx).await, n);
        assert!(!w.ctx.store.person_erased(ava.person_id).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn retention_counts_then_removes_by_the_clock() {
    on_worlds(|w| async move {
        let (m, rel) = story(&w).await;
        let [pat_id, _] = m.people();
        let sc = w.actor(w.scheme_coordinator).await;
        let ava = admin(&w).await;
        let pat = w.actor(pat_id).await;
        matching::end(&w.ctx, &pat, rel, "Moving on to a new post")
            .await
            .unwrap();
        let r = w.ctx.store.get_relationship(rel).await.unwrap();
        if r.status.is_live() {
            matching::move_to(&w.ctx, &sc, rel, RelationshipStatus::Closed)
                .await
                .unwrap();
        }
        // Closed today: nothing to remove yet (the dry run and the run agree).
        let report = rights::retention(&w.ctx, &ava).await.unwrap();
        assert_eq!(report.settings, RetentionSettings::default());
        assert_eq!(report.would_remove.closed_relationships, 0);

        // A shorter period, and seven years on: the dry run finds it, writes nothing.
        rights::update_retention(
            &w.ctx,
            &ava,
            RetentionSettings {
                closed_relationship_years: 5,
                ..RetentionSettings::default()
            },
        )
        .await
        .unwrap();
        assert!(matches!(
            rights::update_retention(
                &w.ctx,
                &ava,
                RetentionSettings {
                    closed_relationship_years: 0,
                    ..RetentionSettings::default()
                },
            )
            .await,
            Err(AppError::Validation(_))
        ));
        w.clock.advance(Duration::days(7 * 366));
        let n = audit_len(&w.ctx).await;
        let dry = rights::retention_run(&w.ctx, false).await.unwrap();
        let ours = dry.iter().find(|(s, _)| *s == w.scheme).unwrap().1;
        assert_eq!(ours.closed_relationships, 1);
        assert_eq!(audit_len(&w.ctx).await, n, "a dry run writes nothing");
        assert_eq!(
            rights::retention(&w.ctx, &ava).await.unwrap().would_remove,
            ours
        );

        let figures = matching::programme_figures(&w.ctx, &sc, m.programme.id)
            .await
            .unwrap();
        let applied = rights::apply_retention(&w.ctx, &ava).await.unwrap();
        assert_eq!(applied, ours);
        assert_eq!(
            format!(
                "{:?}",
                matching::programme_figures(&w.ctx, &sc, m.programme.id)
                    .await
                    .unwrap()
            ),
            format!("{figures:?}"),
            "figures stay"
        );
        let exported =
            serde_json::to_string(&rights::export(&w.ctx, &ava, pat_id).await.unwrap()).unwrap();
        assert!(!exported.contains("Moving on to a new post"));
        assert!(!exported.contains("Pat's own thoughts"));
        assert!(!exported.contains("Rota planning"));
        // The run and then the export that checked it.
        assert_eq!(
            w.ctx.store.list_audit(2).await.unwrap()[1].action,
            "rights.retention_apply"
        );
        // Done once: nothing is left to remove.
        let again = rights::retention(&w.ctx, &ava).await.unwrap().would_remove;
        assert_eq!(again, RetentionCounts::default());
    })
    .await;
}

#[tokio::test]
async fn consents_are_a_history_and_withdrawing_research_use_takes_effect() {
    on_worlds(|w| async move {
        let pat = w.actor(w.participant).await;
        let start = rights::consents(&w.ctx, &pat).await.unwrap();
        assert!(start.current.iter().all(|c| c.given.is_none()));
        assert!(start.history.is_empty());

        rights::set_consent(&w.ctx, &pat, ConsentKind::Research, true, Language::NlNl)
            .await
            .unwrap();
        rights::set_consent(&w.ctx, &pat, ConsentKind::Assessment, true, Language::EnGb)
            .await
            .unwrap();
        w.clock.advance(Duration::minutes(1));
        rights::set_consent(&w.ctx, &pat, ConsentKind::Research, false, Language::EnGb)
            .await
            .unwrap();
        let now = rights::consents(&w.ctx, &pat).await.unwrap();
        assert_eq!(now.history.len(), 3);
        // The wording shown is recorded, in the language shown, with its version.
        assert_ne!(now.history[0].basis, now.history[2].basis);
        assert_eq!(now.history[0].basis_version, "surveys.consent.v1");
        let research = &now.current[0];
        assert_eq!(
            (research.kind, research.given),
            (ConsentKind::Research, Some(false))
        );
        assert_eq!(now.current[1].given, Some(true));
        assert_eq!(now.current[2].given, None);
        // The survey flow reads the same choice, so future answers are left out of research.
        assert_eq!(
            surveys::answer::research_consent(&w.ctx, &pat)
                .await
                .unwrap(),
            Some(false)
        );
        // Nobody consents for another.
        let sc = w.actor(w.scheme_coordinator).await;
        assert!(
            rights::consents(&w.ctx, &sc)
                .await
                .unwrap()
                .history
                .is_empty()
        );
    })
    .await;
}
