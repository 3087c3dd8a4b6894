//! Surveys through the use cases on both backends: the builder's rules (validation, another
//! scheme's programme hidden, a stale or answered survey refused); waves opened by the scheduler
//! exactly once across ticks and instances, each with its notice in the same transaction, and
//! one reminder; answering (bad input, duplicates, closed waves and stale versions store
//! nothing); the pseudonymous respondent key; research consent and its withdrawal.

use crate::errors::fields;
use chrono::Duration;
use std::collections::BTreeMap;
use tandem_app::notify::NoticeKind;
use tandem_app::surveys::answer::{self, RequestState, SubmitInput};
use tandem_app::surveys::builder::{self, SurveyInput};
use tandem_app::{AppError, Context, Refusal};
use tandem_domain::survey::{
    AnswerValue, Barr, InstrumentCode, Item, Kirkpatrick, LocalText, Question, QuestionKind,
    Survey, WaveKind,
};
use tandem_domain::{Actor, Language, ProgrammeRules, Relationship, RelationshipStatus};
use tandem_storage::SurveyRequest;
use tandem_test_support::{World, on_worlds};

fn own_question(key: &str) -> Item {
    Item::Question(Question {
        key: key.into(),
        text: LocalText::new("What did you try differently at work?", ""),
        kind: QuestionKind::FreeText,
        required: false,
        kirkpatrick: Kirkpatrick::Behaviour,
        barr: Barr::L3,
        dimension: None,
    })
}

fn input(waves: &[WaveKind]) -> SurveyInput {
    SurveyInput {
        title: LocalText::new("Before and after", "Voor en na"),
        waves: waves.to_vec(),
        items: vec![
            Item::Instrument {
                code: InstrumentCode::Gses,
            },
            own_question("tried"),
        ],
    }
}

fn gses(points: f64) -> BTreeMap<String, AnswerValue> {
    (1..=10)
        .map(|i| (format!("gses.{i}"), AnswerValue::Number(points)))
        .collect()
}

fn answers(points: f64, consent: Option<bool>, version: i64) -> SubmitInput {
    SubmitInput {
        version,
        answers: gses(points),
        research_consent: consent,
        share_free_text: false,
    }
}

async fn coordinator(w: &World) -> Actor {
    w.actor(w.scheme_coordinator).await
}

/// A survey with `waves` on a mentoring programme, made before the relationship starts, and the
/// active relationship of Pat (mentee) and Mo (mentor).
async fn surveyed(w: &World, waves: &[WaveKind]) -> (Survey, Relationship, Actor, Actor) {
    let m = w.mentoring(ProgrammeRules::default()).await;
    let sc = coordinator(w).await;
    let s = builder::create(&w.ctx, &sc, m.programme.id, input(waves))
        .await
        .unwrap();
    let kind = tandem_domain::RelationshipKind::Mentoring;
    let r = w
        .publish(m.intake.id, kind, &[&m.mentee, &m.mentor], None)
        .await;
    w.accept(r.id, &m.people()).await;
    w.sign(r.id, &m.people(), 1).await;
    let r = w.ctx.store.get_relationship(r.id).await.unwrap();
    let [pat, mo] = m.people();
    (s, r, w.actor(pat).await, w.actor(mo).await)
}

async fn tick(ctx: &Context) -> u64 {
    tandem_app::background::tick(ctx).await.unwrap()
}

async fn requests_of(w: &World, a: &Actor) -> Vec<SurveyRequest> {
    w.ctx
        .store
        .survey_requests_of_person(a.person_id, 100)
        .await
        .unwrap()
}

async fn notices(w: &World, kind: NoticeKind) -> Vec<tandem_storage::OutboxRow> {
    let prefix = format!("{}:", kind.code());
    w.ctx.store.notices_with_key_prefix(&prefix).await.unwrap()
}

async fn close(w: &World, r: &Relationship) {
    w.ctx
        .store
        .move_relationship(
            r.id,
            RelationshipStatus::Active,
            RelationshipStatus::Closed,
            w.ctx.now(),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_builder_checks_hides_other_schemes_and_keeps_answered_surveys() {
    on_worlds(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let sc = coordinator(&w).await;
        let p = m.programme.id;

        // Invalid input: a field error per problem, nothing stored.
        let mut bad = input(&[]);
        bad.title = LocalText::new("  ", "");
        bad.items.push(Item::Instrument {
            code: InstrumentCode::Gses,
        });
        let err = builder::create(&w.ctx, &sc, p, bad).await.unwrap_err();
        let f = fields(&err);
        assert!(
            f.contains(&("title".into(), "survey.error.title".into())),
            "{f:?}"
        );
        assert!(
            f.contains(&("waves".into(), "survey.error.waves".into())),
            "{f:?}"
        );
        assert!(
            f.contains(&("items".into(), "survey.error.instrument_twice".into())),
            "{f:?}"
        );
        assert!(builder::list(&w.ctx, &sc, p).await.unwrap().is_empty());

        // Participants may not build; another scheme's coordinator does not see the programme.
        let pat = w.actor(w.participant).await;
        assert!(matches!(
            builder::create(&w.ctx, &pat, p, input(&[WaveKind::End])).await,
            Err(AppError::Forbidden)
        ));
        let other = w.another_scheme("Elsewhere", "elsewhere@example.org").await;
        let outsider = w.actor_in(other.coordinator, other.scheme).await;
        assert!(matches!(
            builder::create(&w.ctx, &outsider, p, input(&[WaveKind::End])).await,
            Err(AppError::NotFound)
        ));

        let s = builder::create(&w.ctx, &sc, p, input(&[WaveKind::End]))
            .await
            .unwrap();
        assert_eq!(s.version, 1);
        assert_eq!(s.questions().len(), 11, "ten GSES items and one of our own");
        assert!(matches!(
            builder::get(&w.ctx, &outsider, s.id).await,
            Err(AppError::NotFound)
        ));

        // An edit raises the version; an edit from the old version is a conflict.
        let mut changed = input(&[WaveKind::Baseline, WaveKind::End]);
        changed.title = LocalText::new("Before and after (v2)", "");
        let s2 = builder::update(&w.ctx, &sc, s.id, 1, changed.clone())
            .await
            .unwrap();
        assert_eq!(s2.version, 2);
        assert_eq!(s2.waves, vec![WaveKind::Baseline, WaveKind::End]);
        assert!(matches!(
            builder::update(&w.ctx, &sc, s.id, 1, changed.clone()).await,
            Err(AppError::Refused(Refusal::SurveyChanged))
        ));
        assert_eq!(builder::get(&w.ctx, &sc, s.id).await.unwrap().version, 2);

        // Instruments are locked: the library shows their items and attribution.
        let lib = builder::instruments();
        let g = lib.iter().find(|i| i.code == InstrumentCode::Gses).unwrap();
        assert_eq!(g.items.len(), 10);
        assert!(g.attribution.en.contains("Schwarzer"));
    })
    .await;
}

#[tokio::test]
async fn waves_open_once_across_ticks_and_instances_with_their_notices_and_one_reminder() {
    on_worlds(|w| async move {
        let (s, r, pat, mo) = surveyed(&w, &[WaveKind::Baseline, WaveKind::End]).await;

        // Two instances ticking at once open one baseline request per member.
        let other = w.another_server().await;
        let (a, b) = tokio::join!(tick(&w.ctx), tick(&other));
        assert!(a + b >= 2, "the two requests were counted: {a} + {b}");
        tick(&w.ctx).await;
        tick(&other).await;
        for person in [&pat, &mo] {
            let mine = requests_of(&w, person).await;
            assert_eq!(mine.len(), 1, "one request each");
            assert_eq!(mine[0].wave, WaveKind::Baseline);
            assert_eq!(mine[0].survey_id, s.id);
            assert_eq!(mine[0].relationship_id, Some(r.id));
            assert_eq!(
                mine[0].closes_at - mine[0].opens_at,
                Duration::days(tandem_domain::survey::WAVE_OPEN_DAYS)
            );
        }
        assert_eq!(requests_of(&w, &pat).await[0].role, "mentee");
        assert_eq!(requests_of(&w, &mo).await[0].role, "mentor");
        // Each request has exactly one notice, written with it (its key names the request's).
        let waves = notices(&w, NoticeKind::SurveyWave).await;
        assert_eq!(waves.len(), 2);
        for person in [&pat, &mo] {
            let req = &requests_of(&w, person).await[0];
            assert_eq!(
                waves
                    .iter()
                    .filter(|n| n.dedup_key.contains(&req.dedup_key()))
                    .count(),
                1
            );
            assert!(
                waves
                    .iter()
                    .any(|n| n.payload.contains(&req.id.to_string()))
            );
        }

        // The notice links to the form inside Tandem, in the member's language.
        w.deliver().await;
        let sent = w.mailer.sent();
        let to_pat = sent
            .iter()
            .find(|m| m.kind.as_deref() == Some(NoticeKind::SurveyWave.code()))
            .expect("a survey notice was sent");
        assert!(to_pat.text.contains("/surveys/"), "{}", to_pat.text);

        // No reminder before its day; one after, however often and wherever the clock ticks.
        assert!(notices(&w, NoticeKind::SurveyReminder).await.is_empty());
        w.clock.set(w.ctx.now() + Duration::days(8));
        let (a, b) = tokio::join!(tick(&w.ctx), tick(&other));
        assert!(a + b >= 2);
        tick(&w.ctx).await;
        assert_eq!(notices(&w, NoticeKind::SurveyReminder).await.len(), 2);
        assert!(requests_of(&w, &pat).await[0].reminded_at.is_some());

        // The end wave opens when the relationship closes; nothing after the requests close.
        close(&w, &r).await;
        tick(&w.ctx).await;
        let mine = requests_of(&w, &pat).await;
        assert_eq!(mine.len(), 2);
        assert!(mine.iter().any(|q| q.wave == WaveKind::End));
        w.clock.set(w.ctx.now() + Duration::days(60));
        let before = notices(&w, NoticeKind::SurveyReminder).await.len();
        tick(&w.ctx).await;
        assert_eq!(notices(&w, NoticeKind::SurveyReminder).await.len(), before);
        assert_eq!(requests_of(&w, &pat).await.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_relationship_already_running_gets_no_baseline() {
    on_worlds(|w| async move {
        let m = w.mentoring(ProgrammeRules::default()).await;
        let kind = tandem_domain::RelationshipKind::Mentoring;
        let r = w
            .publish(m.intake.id, kind, &[&m.mentee, &m.mentor], None)
            .await;
        w.accept(r.id, &m.people()).await;
        w.sign(r.id, &m.people(), 1).await;
        // The survey is made three weeks after the start.
        w.clock.set(w.ctx.now() + Duration::days(21));
        let sc = coordinator(&w).await;
        builder::create(&w.ctx, &sc, m.programme.id, input(&[WaveKind::Baseline]))
            .await
            .unwrap();
        tick(&w.ctx).await;
        let pat = w.actor(m.people()[0]).await;
        assert!(requests_of(&w, &pat).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn answers_are_checked_and_a_refusal_stores_nothing() {
    on_worlds(|w| async move {
        let (s, _r, pat, mo) = surveyed(&w, &[WaveKind::Baseline]).await;
        tick(&w.ctx).await;
        let req = requests_of(&w, &pat).await[0].clone();
        let count = || async { w.ctx.store.survey_response_rows(s.id).await.unwrap().len() };

        // Somebody else's request does not exist for them.
        assert!(matches!(
            answer::form(&w.ctx, &mo, req.id, Language::EnGb).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            answer::submit(&w.ctx, &mo, req.id, answers(3.0, Some(true), 1)).await,
            Err(AppError::NotFound)
        ));

        let form = answer::form(&w.ctx, &pat, req.id, Language::NlNl)
            .await
            .unwrap();
        assert!(form.ask_consent);
        assert_eq!(form.title, "Voor en na");
        assert_eq!(form.state, RequestState::Due);
        assert_eq!(form.attributions.len(), 1, "the GSES with its source");

        // Outside the scale, and no consent choice: field errors, nothing stored.
        let mut outside = answers(3.0, None, form.version);
        outside
            .answers
            .insert("gses.4".into(), AnswerValue::Number(7.0));
        let err = answer::submit(&w.ctx, &pat, req.id, outside)
            .await
            .unwrap_err();
        let f = fields(&err);
        assert!(
            f.contains(&("gses.4".into(), "survey.error.out_of_scale".into())),
            "{f:?}"
        );
        assert!(
            f.contains(&("research_consent".into(), "surveys.error.consent".into())),
            "{f:?}"
        );
        // A stale version.
        assert!(matches!(
            answer::submit(&w.ctx, &pat, req.id, answers(3.0, Some(true), 99)).await,
            Err(AppError::Refused(Refusal::SurveyChanged))
        ));
        assert_eq!(count().await, 0);
        assert!(
            answer::research_consent(&w.ctx, &pat)
                .await
                .unwrap()
                .is_none()
        );

        answer::submit(&w.ctx, &pat, req.id, answers(3.0, Some(true), form.version))
            .await
            .unwrap();
        assert_eq!(count().await, 1);
        let rows = w.ctx.store.survey_response_rows(s.id).await.unwrap();
        assert_eq!(rows[0].answers, 10);
        assert!(rows[0].research_consent);
        assert_eq!(rows[0].submitted_month.len(), 7, "the month only");

        // A second submission: refused, nothing more stored. The survey is now locked.
        assert!(matches!(
            answer::submit(&w.ctx, &pat, req.id, answers(4.0, None, form.version)).await,
            Err(AppError::Refused(Refusal::SurveyDone))
        ));
        assert_eq!(count().await, 1);
        let sc = coordinator(&w).await;
        assert!(matches!(
            builder::update(&w.ctx, &sc, s.id, s.version, input(&[WaveKind::End])).await,
            Err(AppError::Refused(Refusal::SurveyAnswered))
        ));
        assert_eq!(
            builder::get(&w.ctx, &sc, s.id).await.unwrap().version,
            s.version
        );

        // After the wave closed: refused, and declining too.
        let mo_req = requests_of(&w, &mo).await[0].clone();
        w.clock.set(mo_req.closes_at + Duration::minutes(1));
        assert!(matches!(
            answer::submit(&w.ctx, &mo, mo_req.id, answers(3.0, Some(false), s.version)).await,
            Err(AppError::Refused(Refusal::WaveClosed))
        ));
        assert!(matches!(
            answer::decline(&w.ctx, &mo, mo_req.id).await,
            Err(AppError::Refused(Refusal::WaveClosed))
        ));
        assert_eq!(count().await, 1);
        let listed = answer::mine(&w.ctx, &mo, Language::EnGb).await.unwrap();
        assert_eq!(listed[0].state, RequestState::Closed);
        let listed = answer::mine(&w.ctx, &pat, Language::EnGb).await.unwrap();
        assert_eq!(listed[0].state, RequestState::Answered);
    })
    .await;
}

#[tokio::test]
async fn one_person_answers_under_one_key_that_is_not_their_id_and_may_withdraw_consent() {
    on_worlds(|w| async move {
        let (s, r, pat, mo) = surveyed(&w, &[WaveKind::Baseline, WaveKind::End]).await;
        tick(&w.ctx).await;
        let base = requests_of(&w, &pat).await[0].clone();
        answer::submit(&w.ctx, &pat, base.id, answers(2.0, Some(true), s.version))
            .await
            .unwrap();
        let mo_base = requests_of(&w, &mo).await[0].clone();
        answer::decline(&w.ctx, &mo, mo_base.id).await.unwrap();
        assert!(matches!(
            answer::decline(&w.ctx, &mo, mo_base.id).await,
            Err(AppError::Refused(Refusal::SurveyDone))
        ));

        w.clock.set(w.ctx.now() + Duration::days(90));
        close(&w, &r).await;
        tick(&w.ctx).await;
        let end = requests_of(&w, &pat)
            .await
            .into_iter()
            .find(|q| q.wave == WaveKind::End)
            .unwrap();
        let form = answer::form(&w.ctx, &pat, end.id, Language::EnGb)
            .await
            .unwrap();
        assert!(!form.ask_consent, "asked once, with the first survey");
        answer::submit(&w.ctx, &pat, end.id, answers(3.0, None, s.version))
            .await
            .unwrap();

        let rows = w.ctx.store.survey_response_rows(s.id).await.unwrap();
        assert_eq!(rows.len(), 2, "Mo declined");
        assert_eq!(
            rows[0].respondent, rows[1].respondent,
            "baseline and end pair up"
        );
        let key = &rows[0].respondent;
        assert_eq!(key.len(), 64);
        assert!(!key.contains(&pat.person_id.to_string()));
        assert!(!key.contains(&pat.person_id.0.simple().to_string()));
        assert_eq!(rows[0].role, "mentee");
        assert!(rows.iter().all(|r| r.research_consent));
        assert_eq!(answer::my_respondent_key(&w.ctx, &pat).await.unwrap(), *key);
        assert_ne!(answer::my_respondent_key(&w.ctx, &mo).await.unwrap(), *key);

        // Withdrawal clears the consent of the earlier responses too.
        answer::set_research_consent(&w.ctx, &pat, false)
            .await
            .unwrap();
        assert_eq!(
            answer::research_consent(&w.ctx, &pat).await.unwrap(),
            Some(false)
        );
        let rows = w.ctx.store.survey_response_rows(s.id).await.unwrap();
        assert!(rows.iter().all(|r| !r.research_consent));
        assert_eq!(
            w.ctx.store.responses_of_respondent(key).await.unwrap(),
            (2, 0)
        );
        // The audit trail names the request, never an answer.
        let trail = w.ctx.store.list_audit(200).await.unwrap();
        let answered: Vec<_> = trail
            .iter()
            .filter(|e| e.action == "survey.answer")
            .collect();
        assert_eq!(answered.len(), 2);
        assert!(answered.iter().all(|e| !e.detail.contains("gses")));
    })
    .await;
}

#[tokio::test]
async fn answers_pair_up_per_relationship_not_per_person() {
    on_worlds(|w| async move {
        // Pat answers baseline and end about a relationship with Mo; the stored pair key is the
        // same for both waves and differs from the person-level respondent key.
        let (s, r, pat, _mo) = surveyed(&w, &[WaveKind::Baseline, WaveKind::End]).await;
        tick(&w.ctx).await;
        let base = requests_of(&w, &pat).await[0].clone();
        answer::submit(&w.ctx, &pat, base.id, answers(2.0, Some(true), s.version))
            .await
            .unwrap();
        w.clock.set(w.ctx.now() + Duration::days(90));
        close(&w, &r).await;
        tick(&w.ctx).await;
        let end = requests_of(&w, &pat)
            .await
            .into_iter()
            .find(|q| q.wave == WaveKind::End)
            .unwrap();
        answer::submit(&w.ctx, &pat, end.id, answers(3.0, None, s.version))
            .await
            .unwrap();
        let pairs = w
            .ctx
            .store
            .evaluation_paired_scores(
                r_programme(&w, &r).await,
                "gses",
                WaveKind::Baseline,
                WaveKind::End,
            )
            .await
            .unwrap();
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].before, pairs[0].after), (20.0, 30.0));

        // A mentor with two mentees answers each wave twice, under one respondent key: the
        // pairs form per relationship (two), where pairing by person would make four.
        let rows = w.ctx.store.survey_response_rows(s.id).await.unwrap();
        let template = &rows[0];
        let mut twice = Vec::new();
        for (pair, before, after) in [("rel-1", 20.0, 24.0), ("rel-2", 30.0, 32.0)] {
            for (wave, total) in [(WaveKind::Baseline, before), (WaveKind::End, after)] {
                twice.push(tandem_storage::NewResponse {
                    id: tandem_domain::survey::ResponseId::new(),
                    survey_id: s.id,
                    survey_version: s.version,
                    programme_id: r_programme(&w, &r).await,
                    intake_id: r.intake_id,
                    organisation_id: template.organisation_id,
                    wave,
                    role: "mentor".into(),
                    respondent: "one-mentor".into(),
                    pair_key: pair.into(),
                    submitted_month: "2026-09".into(),
                    research_consent: false,
                    share_free_text: false,
                    answers: Vec::new(),
                    scores: vec![("gses".into(), total)],
                });
            }
        }
        w.ctx.store.insert_survey_responses(&twice).await.unwrap();
        let mut got: Vec<(f64, f64)> = w
            .ctx
            .store
            .evaluation_paired_scores(
                r_programme(&w, &r).await,
                "gses",
                WaveKind::Baseline,
                WaveKind::End,
            )
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.before, p.after))
            .collect();
        got.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(got, vec![(20.0, 24.0), (20.0, 30.0), (30.0, 32.0)]);
    })
    .await;
}

async fn r_programme(w: &World, r: &Relationship) -> tandem_domain::ProgrammeId {
    w.ctx
        .store
        .get_intake(r.intake_id)
        .await
        .unwrap()
        .programme_id
}
