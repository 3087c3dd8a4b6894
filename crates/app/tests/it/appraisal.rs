//! Goals tied to appraisal, through the use cases on both backends: a goal cites its
//! appraisal conversation; at the end of the relationship the mentee shares a summary with their
//! line manager, who opens it once through an e-mailed link that shows nothing else; the mentee
//! sees whether it was opened and can withdraw it before; every refusal writes nothing.

use chrono::Duration;
use tandem_app::appraisal::{self, ManagerGoal};
use tandem_app::notify::worker::deliver_due;
use tandem_app::{AppError, Context, Refusal, growth, matching};
use tandem_domain::appraisal::{AppraisalKind, CitationInput, SummaryLinkProblem, SummaryStatus};
use tandem_domain::growth::{GoalInput, GoalStatus};
use tandem_domain::{PersonId, ProgrammeRules, RelationshipId};
use tandem_mail::Email;
use tandem_test_support::{World, on_worlds};

async fn audit_len(ctx: &Context) -> usize {
    ctx.store.list_audit(100_000).await.unwrap().len()
}

async fn outbox_len(w: &World) -> usize {
    w.ctx
        .store
        .notices_with_key_prefix("appraisal.summary_shared:")
        .await
        .unwrap()
        .len()
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

fn goal(title: &str, kind: &str, on: &str) -> GoalInput {
    GoalInput {
        title: title.into(),
        status: Some(GoalStatus::UnderWay),
        progress_note: format!("Private progress note on {title}"),
        appraisal: CitationInput {
            kind: kind.into(),
            held_on: on.into(),
        },
        ..Default::default()
    }
}

/// The token in the manager's e-mail.
fn token_in(mail: &Email) -> String {
    let at = mail.text.find("/appraisal-summary/").expect("a link") + "/appraisal-summary/".len();
    let rest = &mail.text[at..];
    rest[..rest.find(['?', '\n']).unwrap_or(rest.len())].to_string()
}

const SUMMARY: &str = "I now chair the weekly huddle.\nNext: coaching a new starter.";

/// An active mentoring relationship of Pat (mentee) and Mo (mentor); Pat's line manager is Bea
/// of the other organisation (no account). Pat's goal cites a functioneringsgesprek; Pat has a
/// goal citing nothing and Mo a goal citing an appraisal of his own.
async fn setting(w: &World) -> (RelationshipId, PersonId, PersonId) {
    let (m, r) = w.active_mentoring(ProgrammeRules::default()).await;
    let [pat, mo] = m.people();
    let manager = w.staff_b[0];
    set_line_manager(w, pat, manager).await;
    let pa = w.actor(pat).await;
    let today = w.ctx.now().date_naive();
    let held = (today - Duration::days(40)).to_string();
    growth::add_goal(
        &w.ctx,
        &pa,
        r.id,
        goal("Chair the huddle", "functioneringsgesprek", &held),
    )
    .await
    .unwrap();
    growth::add_goal(&w.ctx, &pa, r.id, goal("Pat's uncited goal", "", ""))
        .await
        .unwrap();
    growth::add_goal(
        &w.ctx,
        &w.actor(mo).await,
        r.id,
        goal("Mo's own appraisal goal", "appraisal", &held),
    )
    .await
    .unwrap();
    (r.id, pat, mo)
}

#[tokio::test]
async fn a_goal_cites_its_appraisal_and_a_bad_citation_writes_nothing() {
    on_worlds(|w| async move {
        let (r, pat, _) = setting(&w).await;
        let pa = w.actor(pat).await;
        let goals = growth::goals(&w.ctx, &pa, r).await.unwrap();
        let cited = goals
            .goals
            .iter()
            .find(|g| g.goal.title == "Chair the huddle")
            .unwrap();
        let c = cited.goal.appraisal.expect("cited");
        assert_eq!(c.kind, AppraisalKind::Functioneringsgesprek);
        assert_eq!(c.held_on, w.ctx.now().date_naive() - Duration::days(40));
        // The audit says the kind, never the date.
        let last = &w.ctx.store.list_audit(3).await.unwrap();
        assert!(
            last.iter()
                .any(|e| e.detail.contains("appraisal=appraisal"))
        );
        assert!(
            !last
                .iter()
                .any(|e| e.detail.contains(&c.held_on.to_string()))
        );

        let before = audit_len(&w.ctx).await;
        let future = (w.ctx.now().date_naive() + Duration::days(3)).to_string();
        for (bad, field) in [
            (goal("x", "functioneringsgesprek", &future), "appraisal_on"),
            (
                goal("x", "functioneringsgesprek", "2026-1-05"),
                "appraisal_on",
            ),
            (goal("x", "appraisal", ""), "appraisal_on"),
            (goal("x", "", "2026-01-05"), "appraisal_kind"),
            (goal("x", "review", "2026-01-05"), "appraisal_kind"),
        ] {
            match growth::add_goal(&w.ctx, &pa, r, bad).await {
                Err(AppError::Validation(e)) => assert!(e.for_field(field).is_some(), "{field}"),
                other => panic!("{field}: {other:?}"),
            }
        }
        assert_eq!(audit_len(&w.ctx).await, before, "refusals write nothing");

        // Updating keeps or clears the citation as given.
        let mut input = goal("Chair the huddle", "beoordelingsgesprek", "2025-11-03");
        input.status = Some(GoalStatus::Achieved);
        let g = growth::update_goal(&w.ctx, &pa, cited.goal.id, input)
            .await
            .unwrap();
        assert_eq!(
            g.appraisal.map(|a| (a.kind, a.held_on.to_string())),
            Some((AppraisalKind::Beoordelingsgesprek, "2025-11-03".to_string()))
        );
    })
    .await;
}

#[tokio::test]
async fn the_summary_reaches_the_line_manager_once_and_nothing_else_does() {
    on_worlds(|w| async move {
        let (r, pat, mo) = setting(&w).await;
        let pa = w.actor(pat).await;
        let manager = w.staff_b[0];

        // Before the end: the page explains, sharing is refused, nothing is written.
        let page = appraisal::summary_page(&w.ctx, &pa, r).await.unwrap();
        assert!(!page.can_share);
        assert_eq!(page.unavailable, Some("appraisal.unavailable.not_ended"));
        assert_eq!(page.goals.len(), 1, "only Pat's cited goal");
        assert_eq!(page.manager_name.as_deref(), Some("Bea Brook"));
        let before = (audit_len(&w.ctx).await, outbox_len(&w).await);
        assert!(matches!(
            appraisal::share_summary(&w.ctx, &pa, r, SUMMARY).await,
            Err(AppError::Refused(Refusal::RelationshipStage))
        ));

        // Nobody but the mentee: the mentor and the coordinators are told it does not exist.
        for other in [mo, w.scheme_coordinator, w.coordinator_a] {
            let a = w.actor(other).await;
            assert!(matches!(
                appraisal::summary_page(&w.ctx, &a, r).await,
                Err(AppError::NotFound)
            ));
            assert!(matches!(
                appraisal::share_summary(&w.ctx, &a, r, SUMMARY).await,
                Err(AppError::NotFound)
            ));
        }
        assert_eq!(
            (audit_len(&w.ctx).await, outbox_len(&w).await),
            before,
            "refusals write nothing"
        );

        // Pat ends the relationship (and is a former member): the summary is still theirs.
        matching::end(&w.ctx, &pa, r, "Moving teams").await.unwrap();
        let page = appraisal::summary_page(&w.ctx, &pa, r).await.unwrap();
        assert!(page.can_share, "{:?}", page.unavailable);
        let before = (audit_len(&w.ctx).await, outbox_len(&w).await);
        match appraisal::share_summary(&w.ctx, &pa, r, "   ").await {
            Err(AppError::Validation(e)) => assert!(e.for_field("summary").is_some()),
            other => panic!("{other:?}"),
        }
        assert_eq!((audit_len(&w.ctx).await, outbox_len(&w).await), before);

        let shared = appraisal::share_summary(&w.ctx, &pa, r, SUMMARY)
            .await
            .unwrap();
        assert_eq!(shared.status, SummaryStatus::Sent);
        assert_eq!(shared.manager_id, manager);
        let queued = w
            .ctx
            .store
            .notices_with_key_prefix("appraisal.summary_shared:")
            .await
            .unwrap();
        assert_eq!(queued.len(), 1);
        assert!(!queued[0].payload.contains("token") && !queued[0].payload.contains("huddle"));
        let entry = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(entry.action, "appraisal.summary.share");
        assert!(!entry.detail.contains("huddle") && !entry.detail.contains('@'));
        // Only one at a time.
        match appraisal::share_summary(&w.ctx, &pa, r, SUMMARY).await {
            Err(AppError::Validation(e)) => assert_eq!(
                e.for_field("summary").unwrap().message,
                "error.appraisal.already_shared"
            ),
            other => panic!("{other:?}"),
        }

        // The manager's e-mail: the mentee named, a single-use link, not the summary itself.
        deliver_due(&w.ctx, 100).await.unwrap();
        let mail = w
            .mailer
            .last_to(&email_of(&w, manager).await)
            .expect("e-mail");
        assert!(mail.subject.contains("Pat Participant"), "{}", mail.subject);
        assert!(!mail.text.contains("huddle"), "{}", mail.text);
        let token = token_in(&mail);
        assert!(token.len() >= 43);
        assert!(
            w.ctx
                .store
                .appraisal_summary_by_link(&token)
                .await
                .unwrap()
                .is_none()
        );

        // Opened once: the name, the cited goal (title, kind, date) and the summary only.
        assert_eq!(appraisal::check_link(&w.ctx, &token).await.unwrap(), None);
        let view = appraisal::open_link(&w.ctx, &token)
            .await
            .unwrap()
            .expect("opens");
        assert_eq!(view.mentee_name, "Pat Participant");
        assert_eq!(view.summary, SUMMARY);
        assert_eq!(
            view.goals,
            vec![ManagerGoal {
                title: "Chair the huddle".into(),
                kind: AppraisalKind::Functioneringsgesprek,
                held_on: w.ctx.now().date_naive() - Duration::days(40),
            }]
        );
        let json = serde_json::to_string(&view).unwrap();
        for hidden in [
            "uncited",
            "Mo's",
            "Private progress note",
            "Moving teams",
            "Mo Mentor",
        ] {
            assert!(
                !json.contains(hidden),
                "{hidden} reached the manager: {json}"
            );
        }
        let opened = w.ctx.store.list_audit(1).await.unwrap()[0].clone();
        assert_eq!(opened.action, "appraisal.summary.open");
        assert_eq!(opened.actor, None);

        // The link is used now; the mentee sees it opened and can no longer withdraw it.
        let before = audit_len(&w.ctx).await;
        assert!(matches!(
            appraisal::open_link(&w.ctx, &token).await.unwrap(),
            Err(SummaryLinkProblem::Used)
        ));
        assert_eq!(
            appraisal::check_link(&w.ctx, &token).await.unwrap(),
            Some(SummaryLinkProblem::Used)
        );
        let page = appraisal::summary_page(&w.ctx, &pa, r).await.unwrap();
        assert_eq!(page.summary.as_ref().unwrap().status, SummaryStatus::Opened);
        assert!(page.summary.unwrap().opened_at.is_some());
        match appraisal::withdraw_summary(&w.ctx, &pa, r).await {
            Err(AppError::Validation(e)) => assert_eq!(
                e.for_field("summary").unwrap().message,
                "error.appraisal.not_withdrawable"
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            appraisal::open_link(&w.ctx, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .await
                .unwrap(),
            Err(SummaryLinkProblem::Unknown)
        ));
        assert_eq!(audit_len(&w.ctx).await, before, "refusals write nothing");
    })
    .await;
}

#[tokio::test]
async fn the_mentee_withdraws_before_it_is_opened_and_links_expire() {
    on_worlds(|w| async move {
        let (r, pat, _) = setting(&w).await;
        let pa = w.actor(pat).await;
        let manager = w.staff_b[0];
        w.clock.advance(Duration::minutes(1));
        matching::end(&w.ctx, &pa, r, "").await.unwrap();
        appraisal::share_summary(&w.ctx, &pa, r, SUMMARY)
            .await
            .unwrap();
        deliver_due(&w.ctx, 100).await.unwrap();
        let first = token_in(&w.mailer.last_to(&email_of(&w, manager).await).unwrap());

        appraisal::withdraw_summary(&w.ctx, &pa, r).await.unwrap();
        assert_eq!(
            w.ctx.store.list_audit(1).await.unwrap()[0].action,
            "appraisal.summary.withdraw"
        );
        assert!(matches!(
            appraisal::open_link(&w.ctx, &first).await.unwrap(),
            Err(SummaryLinkProblem::Withdrawn)
        ));
        let page = appraisal::summary_page(&w.ctx, &pa, r).await.unwrap();
        assert_eq!(
            page.summary.as_ref().unwrap().status,
            SummaryStatus::Withdrawn
        );
        assert!(page.can_share, "a new summary may be shared");

        // Shared again: a new link; the withdrawn one is no longer known.
        appraisal::share_summary(&w.ctx, &pa, r, "Second thoughts.")
            .await
            .unwrap();
        deliver_due(&w.ctx, 100).await.unwrap();
        let second = token_in(&w.mailer.last_to(&email_of(&w, manager).await).unwrap());
        assert_ne!(first, second);
        assert_eq!(
            appraisal::check_link(&w.ctx, &first).await.unwrap(),
            Some(SummaryLinkProblem::Unknown)
        );
        // Unopened for longer than the link lasts: expired, and nothing changes.
        w.clock.advance(
            Duration::days(tandem_domain::appraisal::SUMMARY_LINK_DAYS) + Duration::minutes(1),
        );
        assert!(matches!(
            appraisal::open_link(&w.ctx, &second).await.unwrap(),
            Err(SummaryLinkProblem::Expired)
        ));
        let page = appraisal::summary_page(&w.ctx, &pa, r).await.unwrap();
        assert_eq!(page.summary.unwrap().status, SummaryStatus::Sent);
    })
    .await;
}

#[tokio::test]
async fn without_a_line_manager_the_option_explains_why() {
    on_worlds(|w| async move {
        let (m, r) = w.active_mentoring(ProgrammeRules::default()).await;
        let [pat, _] = m.people();
        let pa = w.actor(pat).await;
        let held = (w.ctx.now().date_naive() - Duration::days(5)).to_string();
        growth::add_goal(&w.ctx, &pa, r.id, goal("Lead", "appraisal", &held))
            .await
            .unwrap();
        matching::end(&w.ctx, &pa, r.id, "").await.unwrap();
        let page = appraisal::summary_page(&w.ctx, &pa, r.id).await.unwrap();
        assert!(!page.can_share);
        assert_eq!(page.manager_name, None);
        assert_eq!(page.unavailable, Some("appraisal.unavailable.no_manager"));
        let before = audit_len(&w.ctx).await;
        match appraisal::share_summary(&w.ctx, &pa, r.id, SUMMARY).await {
            Err(AppError::Validation(e)) => assert_eq!(
                e.for_field("summary").unwrap().message,
                "error.appraisal.no_line_manager"
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(audit_len(&w.ctx).await, before);
    })
    .await;
}

#[tokio::test]
async fn a_spent_link_is_forgotten_by_retention_and_the_mentee_still_sees_it_expired() {
    on_worlds(|w| async move {
        let (r, pat, _) = setting(&w).await;
        let pa = w.actor(pat).await;
        let manager = w.staff_b[0];
        w.clock.advance(Duration::minutes(1));
        matching::end(&w.ctx, &pa, r, "").await.unwrap();
        appraisal::share_summary(&w.ctx, &pa, r, SUMMARY)
            .await
            .unwrap();
        deliver_due(&w.ctx, 100).await.unwrap();
        let token = token_in(&w.mailer.last_to(&email_of(&w, manager).await).unwrap());
        let ours = |runs: Vec<(tandem_domain::SchemeId, tandem_storage::RetentionCounts)>| {
            runs.into_iter()
                .find(|(s, _)| *s == w.scheme)
                .map(|(_, c)| c.appraisal_links)
                .unwrap()
        };

        // Expired, but not yet for the retention period: the link still says "expired".
        let period = Duration::days(i64::from(
            tandem_storage::RetentionSettings::default().appraisal_link_days,
        ));
        w.clock.advance(
            Duration::days(tandem_domain::appraisal::SUMMARY_LINK_DAYS) + Duration::minutes(1),
        );
        assert_eq!(
            ours(
                tandem_app::rights::retention_run(&w.ctx, true)
                    .await
                    .unwrap()
            ),
            0
        );
        assert_eq!(
            appraisal::check_link(&w.ctx, &token).await.unwrap(),
            Some(SummaryLinkProblem::Expired)
        );

        // Expired for longer than the period: the dry run counts it and writes nothing, the run
        // forgets the hash (audited), and the link is then unknown.
        w.clock.advance(period);
        let n = audit_len(&w.ctx).await;
        assert_eq!(
            ours(
                tandem_app::rights::retention_run(&w.ctx, false)
                    .await
                    .unwrap()
            ),
            1
        );
        assert_eq!(audit_len(&w.ctx).await, n, "a dry run writes nothing");
        assert_eq!(
            ours(
                tandem_app::rights::retention_run(&w.ctx, true)
                    .await
                    .unwrap()
            ),
            1
        );
        let entry = &w.ctx.store.list_audit(1).await.unwrap()[0];
        assert_eq!(entry.action, "rights.retention_apply");
        assert!(
            entry.detail.contains("appraisal_links=1"),
            "{}",
            entry.detail
        );
        assert_eq!(
            appraisal::check_link(&w.ctx, &token).await.unwrap(),
            Some(SummaryLinkProblem::Unknown)
        );
        assert!(matches!(
            appraisal::open_link(&w.ctx, &token).await.unwrap(),
            Err(SummaryLinkProblem::Unknown)
        ));
        // The mentee's page still has the summary, sent and past its expiry.
        let page = appraisal::summary_page(&w.ctx, &pa, r).await.unwrap();
        assert!(page.link_expired, "the page says the link expired");
        let s = page.summary.expect("the summary stays");
        assert_eq!(s.status, SummaryStatus::Sent);
        assert!(s.expires_at.is_some_and(|e| e < w.ctx.now()));
        // Done once: nothing left.
        assert_eq!(
            ours(
                tandem_app::rights::retention_run(&w.ctx, false)
                    .await
                    .unwrap()
            ),
            0
        );
    })
    .await;
}
