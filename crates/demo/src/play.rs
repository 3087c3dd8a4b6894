//! Playback: loads a generated consortium into a store and plays its journey through the
//! application's own use cases.
//!
//! The generator ([`crate::generate`]) is pure, so the same seed always describes the same
//! consortium; this module is the only part of the crate that does I/O. It writes the
//! consortium through the [`Store`] and then plays what happened to each intake (matching runs,
//! offers answered, agreements signed, sessions logged, pairs near their cap, a running action
//! learning set, re-matching) through `tandem-app` as the scheme coordinator and the members
//! would, on a [`SettableClock`] set to each step's date. Going through the use cases rather than
//! writing rows directly means the demo can only show states the application can reach, and
//! their audit entries and derived counts come out as they would in real use.
//!
//! The steps that happen "now" (the re-match, relationships in motion, the set meeting today)
//! use the wall clock, so the demo looks current whenever it is loaded.

use crate::playback::Actors;
pub use crate::playback::PlayError;
use crate::{DemoData, DemoSignIn, IntakeStage, MatchingStory};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tandem_app::{AppError, Context as AppContext, SettableClock, Settings, matching};
use tandem_domain::survey::WaveKind;
use tandem_domain::{
    AccountId, Actor, ApplicationRole, IntakeId, PersonId, Relationship, RelationshipStatus, Role,
};
use tandem_storage::{Account, PersonRecord, Store};

/// The password of every demo sign-in. The demo's data are synthetic and it listens on loopback.
pub const DEMO_PASSWORD: &str = "tandem-demo-2026";

fn inconsistent(what: &str) -> PlayError {
    PlayError::Inconsistent(what.into())
}

/// Whether a use case said no because a programme's session cap is reached: the playback stops
/// logging sessions there rather than failing. Any other refusal is a real failure.
fn refused(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Refused(
            tandem_app::Refusal::LoggedSessionsCap { .. }
                | tandem_app::Refusal::LoggedMinutesCap { .. }
        )
    )
}

/// Writes the generated consortium into `store` (migrated and empty) through the same store API
/// and use cases the application uses, gives every sign-in an account with [`DEMO_PASSWORD`],
/// and returns everyone to print as a sign-in (the generator's, and participants whose matches
/// only exist once matching has run), in the order to print them. A sign-in may name a person
/// twice; they get one account.
pub async fn load(store: &Store, data: &DemoData) -> Result<Vec<DemoSignIn>, PlayError> {
    let mail = Mail {
        mailer: Arc::new(tandem_mail::MemoryMailer::new()),
        settings: Settings::default(),
    };
    load_with(store, data, &mail).await
}

pub use crate::playback::Mail;

/// [`load`], with the story's notices delivered through `mail` as the story plays: each is
/// rendered and sent at the moment it happened (offers when they were made, agreements when
/// signed), so the demo's outbox holds what its story implies rather than what is still
/// relevant today.
pub async fn load_with(
    store: &Store,
    data: &DemoData,
    mail: &Mail,
) -> Result<Vec<DemoSignIn>, PlayError> {
    store.create_scheme(&data.scheme).await?;
    store
        .update_scheme_settings(data.scheme.id, &data.settings)
        .await?;
    for o in &data.organisations {
        store.create_organisation(o).await?;
    }
    let people: Vec<PersonRecord> = data
        .people
        .iter()
        .map(|(p, e)| PersonRecord {
            person: p.clone(),
            employments: e.clone(),
        })
        .collect();
    store.apply_people_import(&people, &[]).await?;
    for p in &data.programmes {
        store.create_programme(p).await?;
    }
    for i in &data.intakes {
        store.create_intake(i).await?;
    }
    for (person, role) in &data.roles {
        store.grant_role(*person, *role).await?;
    }
    let mut sign_ins = data.sign_ins.clone();
    sign_ins.extend(play_journey(store, data, mail).await?);
    crate::profile_story::play(store, data, mail, &mut sign_ins).await?;
    crate::assessment_story::play(store, data, mail).await?;
    crate::appraisal_story::play(store, data, mail, &mut sign_ins).await?;
    crate::peers_story::play(store, data, mail).await?;
    // Today's reminders and digests, and the survey waves open today (a session held in the
    // last weeks asks for feedback), as a running instance's scheduler would queue them once.
    let today = AppContext::new(store.clone(), mail.mailer.clone(), mail.settings.clone());
    tandem_app::background::tick(&today).await?;
    if let Some(s) = survey_to_answer(store, data, &today).await? {
        sign_ins.push(s);
    }
    let hash = tokio::task::spawn_blocking(|| password_auth::generate_hash(DEMO_PASSWORD)).await?;
    let mut seen = HashSet::new();
    for s in &sign_ins {
        if !seen.insert(s.person_id) {
            continue;
        }
        // Publishing a run gives the matched people who had none an account (with an
        // invitation): the demo sets its password on that one.
        if let Some(existing) = store.account_by_person(s.person_id).await? {
            store.set_password_hash(existing.id, &hash).await?;
            continue;
        }
        let account = Account {
            id: AccountId::new(),
            person_id: s.person_id,
            scheme_id: data.scheme.id,
            email: s.email.clone(),
            password_hash: Some(hash.clone()),
            disabled: false,
            failed_logins: 0,
            locked_until: None,
        };
        store.create_account(&account).await?;
    }
    // What the story and today's tick queued goes out now (a running instance's workers would
    // send the same, once).
    tandem_app::notify::worker::deliver_due(&today, 100_000).await?;
    Ok(sign_ins)
}

/// A participant with a survey to answer today (English-speaking when there is one), to print
/// as a sign-in: the demo shows answering a survey from the participant's side.
async fn survey_to_answer(
    store: &Store,
    data: &DemoData,
    today: &AppContext,
) -> Result<Option<DemoSignIn>, PlayError> {
    let now = today.now();
    let mut found: Option<&tandem_domain::Person> = None;
    for (p, _) in &data.people {
        let due = store
            .survey_requests_of_person(p.id, 20)
            .await?
            .iter()
            .any(|q| {
                q.answered_at.is_none()
                    && q.declined_at.is_none()
                    && q.opens_at <= now
                    && now < q.closes_at
            });
        if due {
            let english = p.language == tandem_domain::Language::EnGb;
            if english || found.is_none() {
                found = Some(p);
            }
            if english {
                break;
            }
        }
    }
    Ok(found.map(|p| DemoSignIn {
        role_label: "Participant (survey to answer)".into(),
        email: p.email.clone(),
        person_id: p.id,
    }))
}

/// The intake's relationships in a stable order (by their members' application ids, which the
/// generator fixes), so the same seed declines the same offer.
async fn relationships(store: &Store, intake: IntakeId) -> Result<Vec<Relationship>, PlayError> {
    let mut rels = store.relationships_of_intake(intake).await?;
    rels.sort_by_key(|r| r.members.iter().map(|m| m.application_id).min());
    Ok(rels)
}

/// The member who answers first and, for a declined offer, declines: the mentee, the clinical
/// partner of a pair, or else the first member.
fn decliner(r: &Relationship) -> Option<PersonId> {
    r.members
        .iter()
        .find(|m| {
            matches!(
                m.role,
                ApplicationRole::Mentee | ApplicationRole::PairClinician
            )
        })
        .or(r.members.first())
        .map(|m| m.person_id)
}

/// Runs matching on the intake's pool and publishes the run, as the scheme coordinator would.
async fn run_and_publish(
    state: &AppContext,
    coordinator: &Actor,
    intake: IntakeId,
) -> Result<(), PlayError> {
    let run = matching::run(state, coordinator, intake).await?;
    matching::publish(state, coordinator, run.id).await?;
    Ok(())
}

/// Plays the recruitment and matching journey: forms, mentor development, applications with
/// their history (approvals through `move_application`, which counts places), then matching,
/// offers, agreements and endings through the application's use cases as the scheme
/// coordinator and the members would.
async fn play_journey(
    store: &Store,
    data: &DemoData,
    mail: &Mail,
) -> Result<Vec<DemoSignIn>, PlayError> {
    let j = &data.journey;
    for f in &j.forms {
        store
            .set_application_form(f.intake_id, &f.questions, f.saved_at)
            .await?;
    }
    for t in &j.training {
        store.create_training(t).await?;
    }
    for s in &j.supervision {
        store.create_supervision(s).await?;
    }
    for a in &j.applications {
        let (first, rest) = a
            .history
            .split_first()
            .ok_or_else(|| inconsistent("an application without history"))?;
        store.create_application(&a.application, first).await?;
        let mut from = first.status;
        for step in rest {
            store
                .move_application(a.application.id, from, step)
                .await
                .map_err(|source| PlayError::Move {
                    from: from.code(),
                    to: step.status.code(),
                    source,
                })?;
            from = step.status;
        }
    }

    // The past is played on a state of its own whose clock is set to each step's date, so
    // runs, offers, signatures and endings carry the dates they happened on. E-mails go nowhere.
    let clock = SettableClock::new();
    let state = AppContext::with_clock(
        store.clone(),
        mail.mailer.clone(),
        mail.settings.clone(),
        clock.clone(),
    );
    let mut actors = Actors {
        store,
        scheme: data.scheme.id,
        known: HashMap::new(),
    };
    let coordinator_id = data
        .roles
        .iter()
        .find(|(_, r)| r.role == Role::SchemeCoordinator)
        .map(|(p, _)| *p)
        .ok_or_else(|| inconsistent("the demo has no scheme coordinator"))?;
    let coordinator = actors.get(coordinator_id).await?;

    // Every programme's surveys, made by the coordinator before the story's first match.
    let mut surveys = crate::survey_story::SurveyStory::new(data.scheme.id.0.as_u128() as u64);
    if let Some(first) = j
        .stages
        .iter()
        .filter_map(|(_, s)| match s {
            IntakeStage::Running(m) | IntakeStage::Closed(m) => Some(m.published_at),
            IntakeStage::Recruiting => None,
        })
        .min()
    {
        advance(&state, &clock, first - chrono::Duration::days(30)).await?;
    }
    surveys
        .make_surveys(&state, &coordinator, &data.programmes)
        .await?;

    let mut rematch = Vec::new();
    for (intake, stage) in &j.stages {
        let (story, closes): (&MatchingStory, bool) = match stage {
            IntakeStage::Recruiting => continue,
            IntakeStage::Running(s) => (s, false),
            IntakeStage::Closed(s) => (s, true),
        };
        advance(&state, &clock, story.published_at).await?;
        run_and_publish(&state, &coordinator, *intake).await?;

        advance(&state, &clock, story.answered_at).await?;
        let mut declines = story.declined_offers;
        for r in relationships(store, *intake).await? {
            if r.status != RelationshipStatus::Proposed {
                continue;
            }
            if declines > 0
                && let Some(p) = decliner(&r)
            {
                declines -= 1;
                matching::respond(&state, &actors.get(p).await?, r.id, false).await?;
                continue;
            }
            for m in &r.members {
                matching::respond(&state, &actors.get(m.person_id).await?, r.id, true).await?;
            }
        }

        advance(&state, &clock, story.signed_at).await?;
        for r in relationships(store, *intake).await? {
            if r.status != RelationshipStatus::Accepted {
                continue;
            }
            for m in &r.members {
                let actor = actors.get(m.person_id).await?;
                let version = matching::get(&state, &actor, r.id)
                    .await?
                    .agreement
                    .map(|a| a.version)
                    .ok_or_else(|| inconsistent("an accepted relationship has no agreement"))?;
                matching::sign(&state, &actor, r.id, version).await?;
            }
        }
        // The baseline wave opens as the relationships start; most answer within days.
        tandem_app::surveys::waves::open_due(&state).await?;
        advance(&state, &clock, story.signed_at + chrono::Duration::days(2)).await?;
        let started = relationships(store, *intake).await?;
        surveys
            .answer(&state, store, &mut actors, &started, WaveKind::Baseline)
            .await?;

        // Sessions held every four weeks from a fortnight after signing, until the wind-down (or
        // today), within the programme's caps, with a fit check after the first. The newest
        // relationship of a running intake has had none, so the coordinator's "no session for
        // six weeks" view has one to show.
        let until = story.winding_down_at.unwrap_or_else(chrono::Utc::now);
        let active: Vec<Relationship> = relationships(store, *intake)
            .await?
            .into_iter()
            .filter(|r| r.status == RelationshipStatus::Active)
            .collect();
        for (k, r) in active.iter().enumerate() {
            if !closes && k + 1 == active.len() {
                continue;
            }
            let logger = actors.get(r.members[0].person_id).await?;
            let mode = matching::get(&state, &logger, r.id)
                .await?
                .programme
                .rules
                .modes
                .first()
                .copied();
            let mut when = story.signed_at + chrono::Duration::days(14 + (k % 7) as i64);
            // On a working day, and so every four weeks after it.
            when += crate::workday_after(when.date_naive()) - when.date_naive();
            let mut held = 0;
            while when < until {
                advance(&state, &clock, when + chrono::Duration::hours(2)).await?;
                let input = matching::SessionInput {
                    held_on: Some(when.date_naive()),
                    minutes: Some(60),
                    mode,
                    ..Default::default()
                };
                match matching::log_session(&state, &logger, r.id, input).await {
                    Ok(()) => {}
                    // The programme's cap is reached: no more sessions.
                    Err(e) if refused(&e) => break,
                    Err(e) => return Err(e.into()),
                }
                if held == 0 {
                    for (i, m) in r.members.iter().enumerate() {
                        let fit = if (k + i) % 6 == 5 {
                            tandem_domain::FitCheck::Unsure
                        } else {
                            tandem_domain::FitCheck::Good
                        };
                        matching::fit_check(&state, &actors.get(m.person_id).await?, r.id, fit)
                            .await?;
                    }
                }
                held += 1;
                when += chrono::Duration::weeks(4);
            }
        }

        if closes {
            for (when, to) in [
                (story.winding_down_at, RelationshipStatus::WindingDown),
                (story.closed_at, RelationshipStatus::Closed),
            ] {
                let Some(when) = when else { continue };
                advance(&state, &clock, when).await?;
                for r in relationships(store, *intake).await? {
                    if r.status.can_move_to(to) {
                        matching::move_to(&state, &coordinator, r.id, to).await?;
                    }
                }
            }
            // The end wave opens at the close, and the follow-up six months on.
            if let Some(closed) = story.closed_at {
                let ended = relationships(store, *intake).await?;
                for (wave, at) in [
                    (WaveKind::End, closed),
                    (
                        WaveKind::FollowUp,
                        closed
                            .checked_add_months(chrono::Months::new(
                                tandem_domain::survey::FOLLOW_UP_MONTHS,
                            ))
                            .unwrap_or(closed),
                    ),
                ] {
                    if at > chrono::Utc::now() {
                        continue;
                    }
                    advance(&state, &clock, at + chrono::Duration::hours(1)).await?;
                    tandem_app::surveys::waves::open_due(&state).await?;
                    advance(&state, &clock, at + chrono::Duration::days(3)).await?;
                    surveys
                        .answer(&state, store, &mut actors, &ended, wave)
                        .await?;
                }
            }
        }
        if story.rematch {
            rematch.push(*intake);
        }
    }

    // The standings date from the autumn; the re-match happens now, on a state with the real
    // clock, so its offers are open whenever the demo is loaded.
    advance(&state, &clock, chrono::Utc::now()).await?;
    let state = AppContext::new(store.clone(), mail.mailer.clone(), mail.settings.clone());
    for s in &j.standings {
        store.set_mentor_standing(s).await?;
    }
    let (capped, near) = in_motion(&state, store, &mut actors).await?;
    let set_member = running_set(store, data, &mut actors, &coordinator, mail).await?;
    let mut sign_ins = Vec::new();
    for (person, label) in [
        (capped, "Participant (pair at its session cap)"),
        (
            near.map(|n| n.0),
            "Participant (pair one session from its cap)",
        ),
        (near.map(|n| n.1), "Participant (partner in that pair)"),
        (set_member, "Participant (action learning set)"),
    ] {
        if let Some(person) = person
            && let Some((p, _)) = data.people.iter().find(|(p, _)| p.id == person)
        {
            sign_ins.push(DemoSignIn {
                role_label: label.into(),
                email: p.email.clone(),
                person_id: person,
            });
        }
    }
    for intake in rematch {
        // An empty pool (everyone matched) leaves nothing to re-match; anything else is an error.
        let pool_empty = store
            .list_applications(intake)
            .await?
            .iter()
            .all(|a| a.status != tandem_domain::ApplicationStatus::Approved);
        if pool_empty {
            continue;
        }
        run_and_publish(&state, &coordinator, intake).await?;
        let rels = relationships(store, intake).await?;
        // A mentee of a relationship in `status`, English-speaking when there is one (a Dutch
        // participant is printed already).
        let mentees_of = |status: RelationshipStatus| -> Vec<PersonId> {
            rels.iter()
                .filter(|r| r.status == status)
                .filter_map(|r| {
                    r.members
                        .iter()
                        .find(|m| m.role == ApplicationRole::Mentee)
                        .map(|m| m.person_id)
                })
                .collect()
        };
        let language: HashMap<PersonId, tandem_domain::Language> = data
            .people
            .iter()
            .map(|(p, _)| (p.id, p.language))
            .collect();
        let mentee_of = |status: RelationshipStatus| {
            let all = mentees_of(status);
            all.iter()
                .find(|p| language.get(p) == Some(&tandem_domain::Language::EnGb))
                .or(all.first())
                .copied()
        };
        for (status, label) in [
            (
                RelationshipStatus::Active,
                "Participant (mentee, active match)",
            ),
            (
                RelationshipStatus::Proposed,
                "Participant (mentee, pending offer)",
            ),
        ] {
            if let Some(person) = mentee_of(status)
                && let Some((p, _)) = data.people.iter().find(|(p, _)| p.id == person)
            {
                sign_ins.push(DemoSignIn {
                    role_label: label.into(),
                    email: p.email.clone(),
                    person_id: person,
                });
            }
        }
    }
    // Feedback on the sessions of the last weeks: the requests open now, as a running
    // instance's scheduler would have opened them after each session, and about half answer.
    tandem_app::surveys::waves::open_due(&state).await?;
    let mut all = Vec::new();
    for i in &data.intakes {
        all.extend(relationships(store, i.id).await?);
    }
    surveys
        .answer(&state, store, &mut actors, &all, WaveKind::Session)
        .await?;
    Ok(sign_ins)
}

/// Relationships in motion, on the real clock: every running pair has an improvement project with
/// milestones and a measure, and shadowing days both ways; the first pair has used its whole
/// session cap; some mentoring relationships have their next session booked.
async fn in_motion(
    state: &AppContext,
    store: &Store,
    actors: &mut Actors<'_>,
) -> Result<(Option<PersonId>, Option<(PersonId, PersonId)>), PlayError> {
    use tandem_app::{pairs, sessions};
    let today = state.now().date_naive();
    let scheme = actors.scheme;
    let mut booked = 0;
    let mut capped = None;
    let mut near = None;
    for programme in store.list_programmes(scheme).await? {
        for intake in store.list_intakes(programme.id).await? {
            for r in store.relationships_of_intake(intake.id).await? {
                if r.status != RelationshipStatus::Active {
                    continue;
                }
                let a = actors.get(r.members[0].person_id).await?;
                let b = actors.get(r.members[1].person_id).await?;
                match r.kind {
                    tandem_domain::RelationshipKind::Pair => {
                        for (host, when, done) in [
                            (
                                b.person_id,
                                crate::workday_before(today - chrono::Duration::days(20)),
                                true,
                            ),
                            (
                                a.person_id,
                                crate::workday_after(today + chrono::Duration::days(12)),
                                false,
                            ),
                        ] {
                            let input = pairs::ShadowingInput {
                                host: Some(host),
                                day: Some(when),
                                place: "Main site".into(),
                            };
                            let day = pairs::plan_shadowing(state, &a, r.id, input).await?;
                            if done {
                                let learning =
                                    "How the other side plans the week and escalates risk.";
                                pairs::complete_shadowing(state, &b, r.id, day, learning).await?;
                            }
                        }
                        let project = pairs::ProjectInput {
                            title: "Fewer late discharges".into(),
                            aim:
                                "Half the discharges after 5 pm on the pair's wards by the spring."
                                    .into(),
                            presentation_on: Some(crate::workday_after(
                                today + chrono::Duration::days(120),
                            )),
                            presented: false,
                        };
                        pairs::save_project(state, &a, r.id, project).await?;
                        for (title, days) in [("Baseline audit", -14), ("First test of change", 30)]
                        {
                            let due = crate::workday_after(today + chrono::Duration::days(days));
                            pairs::add_milestone(state, &a, r.id, title, Some(due)).await?;
                        }
                        let first = store
                            .project(r.id)
                            .await?
                            .and_then(|p| p.milestones.first().map(|m| m.id))
                            .ok_or_else(|| {
                                inconsistent("a milestone was added but is not there")
                            })?;
                        pairs::set_milestone(state, &b, r.id, first, true).await?;
                        let measure = pairs::MeasureInput {
                            name: "Discharges after 5 pm".into(),
                            baseline: "41%".into(),
                            target: "20%".into(),
                            latest: "37%".into(),
                        };
                        pairs::add_measure(state, &b, r.id, measure).await?;
                        if capped.is_none() || near.is_none() {
                            // Log the rest of the sessions this pair had: the first pair up to
                            // the cap, the second to one session short of it.
                            let leave = u32::from(capped.is_some());
                            let cap = programme.rules.session_cap.unwrap_or(0);
                            let mut when = today - chrono::Duration::days(2);
                            while store.sessions_of(r.id).await?.len() as u32 + leave < cap {
                                let input = matching::SessionInput {
                                    held_on: Some(crate::workday_before(when)),
                                    minutes: Some(60),
                                    mode: Some(tandem_domain::Mode::InPerson),
                                    ..Default::default()
                                };
                                match matching::log_session(state, &a, r.id, input).await {
                                    Ok(()) => when -= chrono::Duration::days(3),
                                    Err(e) if refused(&e) => break,
                                    Err(e) => return Err(e.into()),
                                }
                            }
                            if capped.is_none() {
                                capped = Some(a.person_id);
                            } else {
                                near = Some((a.person_id, b.person_id));
                            }
                        }
                    }
                    tandem_domain::RelationshipKind::Mentoring if booked < 4 => {
                        // The next session, proposed by the mentee and confirmed by the mentor.
                        let input = sessions::BookingInput {
                            date: Some(crate::workday_after(
                                today + chrono::Duration::days(5 + booked),
                            )),
                            start: Some("15:30".into()),
                            minutes: Some(60),
                            mode: Some(tandem_domain::Mode::Video),
                            link: Some("https://meet.example.org/tandem-demo".into()),
                            place: None,
                        };
                        let session = sessions::propose(state, &a, r.id, input).await?;
                        sessions::act(state, &b, session.id, None, sessions::Action::Confirm)
                            .await?;
                        booked += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    Ok((capped, near))
}

/// An action learning set that has been meeting since the autumn: the "Autumn 2026 sets" intake
/// of the action learning programme, its set published, accepted and signed, two meetings held
/// with their rota, attendance, issues and actions (the first meeting's followed up at the
/// second), and the next meeting planned. Played on its own clock, relative to today, so the
/// next meeting is always ahead.
async fn running_set(
    store: &Store,
    data: &DemoData,
    actors: &mut Actors<'_>,
    coordinator: &Actor,
    mail: &Mail,
) -> Result<Option<PersonId>, PlayError> {
    use chrono::{Duration, NaiveTime, TimeZone, Utc};
    use tandem_app::sets;
    use tandem_domain::{
        Application, ApplicationEvent, ApplicationId, ApplicationStatus, FrameworkDimension,
        Intake, IntakePlace, MatchingProfile, Mode, ProgrammeKind, Slot,
    };

    let Some(programme) = data
        .programmes
        .iter()
        .find(|p| p.kind == ProgrammeKind::ActionLearningSets)
    else {
        return Ok(None);
    };
    let organisations: Vec<_> = data
        .intakes
        .iter()
        .find(|i| i.programme_id == programme.id)
        .map(|i| i.places.iter().map(|p| p.organisation_id).collect())
        .unwrap_or_default();
    let today = Utc::now().date_naive();
    let at = |d: chrono::NaiveDate, h: u32| {
        Utc.from_utc_datetime(&d.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default()))
    };
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme.id,
        name: "Autumn 2026 sets".into(),
        opens_on: today - Duration::days(130),
        closes_on: today - Duration::days(95),
        starts_on: today - Duration::days(70),
        places: organisations
            .iter()
            .map(|o| IntakePlace {
                organisation_id: *o,
                places: 3,
            })
            .collect(),
    };
    store.create_intake(&intake).await?;

    // Six practice assessors of newly qualified social workers (their job titles say so: see
    // [`crate::is_practice_assessor`]), spread over the organisations, who have not applied to
    // anything else: the programme is for them, and the generator keeps them out of the 2027
    // intake's applicants.
    let applied: HashSet<PersonId> = data
        .journey
        .applications
        .iter()
        .map(|a| a.application.person_id)
        .collect();
    let mut chosen: Vec<(PersonId, tandem_domain::OrganisationId)> = Vec::new();
    for round in 0..2 {
        for org in &organisations {
            // Nobody in a set with their own line manager or report: the set search keeps
            // them apart, so the demo picks people who are not.
            let manager_of = |id: PersonId| {
                data.people
                    .iter()
                    .find(|(p, _)| p.id == id)
                    .and_then(|(_, jobs)| jobs.iter().find(|j| j.primary))
                    .and_then(|j| j.line_manager_id)
            };
            let found = data.people.iter().find(|(p, jobs)| {
                !applied.contains(&p.id)
                    && jobs.iter().any(|j| {
                        j.primary
                            && j.organisation_id == *org
                            && crate::is_practice_assessor(&j.profession, &j.job_title)
                    })
                    && !chosen.iter().any(|(c, _)| {
                        *c == p.id || manager_of(*c) == Some(p.id) || manager_of(p.id) == Some(*c)
                    })
                    && manager_of(p.id).is_some()
            });
            if let Some((p, _)) = found.filter(|_| round < 2) {
                chosen.push((p.id, *org));
            }
        }
    }
    chosen.truncate(6);

    let clock = SettableClock::new();
    let past = AppContext::with_clock(
        store.clone(),
        mail.mailer.clone(),
        mail.settings.clone(),
        clock.clone(),
    );
    let published = at(today - Duration::days(75), 9);
    advance(&past, &clock, published).await?;
    let dims = FrameworkDimension::ALL;
    for (person, _) in &chosen {
        // Applicants take part in the scheme: they hold its participant role.
        let role = tandem_domain::RoleAssignment {
            role: Role::Participant,
            scope: tandem_domain::Scope::Scheme(data.scheme.id),
        };
        store.grant_role(*person, role).await?;
    }
    for (i, (person, org)) in chosen.iter().enumerate() {
        let a = Application {
            id: ApplicationId::new(),
            intake_id: intake.id,
            person_id: *person,
            role: ApplicationRole::SetMember,
            organisation_id: *org,
            status: ApplicationStatus::AwaitingCoordinator,
            profile: MatchingProfile {
                goals: vec![dims[i % dims.len()], dims[(i + 3) % dims.len()]],
                expertise: vec![dims[(i + 5) % dims.len()]],
                availability: vec![
                    Slot { day: 2, part: 0 },
                    Slot {
                        day: i as u8 % 5,
                        part: 1,
                    },
                ],
                modes: vec![Mode::Video],
                conflicts: vec![],
            },
            answers: Default::default(),
            line_manager_id: None,
            submitted_at: published - Duration::days(40),
            updated_at: published - Duration::days(40),
            version: 1,
        };
        let step = |status, note: &str| ApplicationEvent {
            application_id: a.id,
            at: published - Duration::days(40),
            actor_id: None,
            status,
            note: note.into(),
        };
        store
            .create_application(
                &a,
                &step(
                    ApplicationStatus::AwaitingCoordinator,
                    "applications.history.submitted",
                ),
            )
            .await?;
        store
            .move_application(
                a.id,
                ApplicationStatus::AwaitingCoordinator,
                &step(ApplicationStatus::Approved, "applications.history.approved"),
            )
            .await?;
    }
    run_and_publish(&past, coordinator, intake.id).await?;
    for r in relationships(store, intake.id).await? {
        for m in &r.members {
            matching::respond(&past, &actors.get(m.person_id).await?, r.id, true).await?;
        }
    }
    for r in relationships(store, intake.id).await? {
        for m in &r.members {
            let actor = actors.get(m.person_id).await?;
            let version = matching::get(&past, &actor, r.id)
                .await?
                .agreement
                .map(|a| a.version)
                .ok_or_else(|| inconsistent("an accepted set has no contract"))?;
            matching::sign(&past, &actor, r.id, version).await?;
        }
    }

    let link = "https://meet.example.org/tandem-set".to_string();
    for r in relationships(store, intake.id).await? {
        if r.status != RelationshipStatus::Active {
            continue;
        }
        let members: Vec<PersonId> = r.members.iter().map(|m| m.person_id).collect();
        let first = actors.get(members[0]).await?;
        // The set meets in the slot its page names ("The set meets on Wednesday morning"), every
        // `cadence_weeks`: the meeting still to run is the latest slot day on or before today
        // (today when it is that weekday), the two before it were held, the one after is planned.
        let slot = r
            .meeting_slot
            .ok_or_else(|| inconsistent("a formed set has no meeting slot"))?;
        let cadence = i64::from(programme.rules.cadence_weeks.unwrap_or(4));
        let current = latest_on_or_before(slot, today);
        let starts_time = tandem_domain::sets::slot_start(slot)
            .format("%H:%M")
            .to_string();
        let mut previous_actions = Vec::new();
        for (k, weeks) in [2 * cadence, cadence].into_iter().enumerate() {
            let when = current - Duration::weeks(weeks);
            advance(&past, &clock, at(when - Duration::days(7), 10)).await?;
            let input = sets::ScheduleInput {
                starts_on: Some(when),
                starts_time: starts_time.clone(),
                link: link.clone(),
            };
            let meeting = sets::schedule(&past, &first, r.id, input).await?;
            if k == 0 {
                // The member who misses the first meeting says so the day before.
                advance(&past, &clock, at(when - Duration::days(1), 17)).await?;
                let absent = actors.get(members[members.len() - 1]).await?;
                sets::send_apologies(&past, &absent, meeting).await?;
            }
            advance(&past, &clock, at(when, 12)).await?;
            sets::accept_rota(&past, &first, meeting).await?;
            // Everyone came, except one member at the first meeting.
            let present: Vec<PersonId> = members
                .iter()
                .copied()
                .filter(|p| k > 0 || *p != members[members.len() - 1])
                .collect();
            sets::record_attendance(&past, &first, meeting, &present).await?;
            for a in previous_actions.drain(..) {
                sets::follow_up(
                    &past,
                    &first,
                    a,
                    Some(tandem_domain::sets::ActionStatus::Done),
                )
                .await?;
            }
            let presenters: Vec<PersonId> = store
                .get_set_meeting(meeting)
                .await?
                .presentations
                .iter()
                .map(|p| p.person_id)
                .collect();
            for p in presenters {
                // What practice assessors bring to their set: assessing others' practice.
                let issue = "Giving honest feedback to a newly qualified social worker who is \
                             struggling with their caseload.";
                sets::record_issue(&past, &first, meeting, p, issue).await?;
                let action = "Agree a written development plan with them before the next \
                              supervision.";
                previous_actions.push(sets::add_action(&past, &first, meeting, p, action).await?);
            }
        }
        advance(&past, &clock, at(current - Duration::days(7), 10)).await?;
        // The meeting still to run is on or just before today, so a demo user can run it:
        // rota, attendance, issues.
        let next = sets::ScheduleInput {
            starts_on: Some(current),
            starts_time: starts_time.clone(),
            link: link.clone(),
        };
        sets::schedule(&past, &first, r.id, next).await?;
        // The one after is planned too, and a member already knows they cannot come: their
        // apologies are on it, so the rota proposes no role for them.
        let after = sets::ScheduleInput {
            starts_on: Some(current + Duration::weeks(cadence)),
            starts_time: starts_time.clone(),
            link: link.clone(),
        };
        let later = sets::schedule(&past, &first, r.id, after).await?;
        let away = actors.get(members[1]).await?;
        sets::send_apologies(&past, &away, later).await?;
    }
    advance(&past, &clock, Utc::now()).await?;
    Ok(chosen.first().map(|(p, _)| *p))
}

/// The latest day on or before `today` that falls on `slot`'s weekday.
fn latest_on_or_before(slot: tandem_domain::Slot, today: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    let have = i64::from(today.weekday().num_days_from_monday());
    today - chrono::Duration::days((have - i64::from(slot.day)).rem_euclid(7))
}

/// Sends what the story has caused by the current moment of `clock`, as the workers of a
/// running instance would have at that time, then moves the clock to `to`. The scheduler is not
/// run on the past: it reads today's data (who is waiting now), so a digest dated in the story
/// would list what waits today. It runs once at the end, on the real clock.
async fn advance(
    ctx: &AppContext,
    clock: &SettableClock,
    to: chrono::DateTime<chrono::Utc>,
) -> Result<(), PlayError> {
    tandem_app::notify::worker::deliver_due(ctx, 100_000).await?;
    clock.set(to);
    Ok(())
}
