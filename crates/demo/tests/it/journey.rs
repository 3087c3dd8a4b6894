//! The demo's scheme journey: applications, their history and places, mentor development and
//! the stage of each intake.

use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use tandem_demo::{DEFAULT_SEED, DemoData, IntakeStage, demo_today, generate};
use tandem_domain::application::{Applicant, check_eligibility, validate_answers};
use tandem_domain::{
    ApplicationRole, ApplicationStatus, Intake, IntakeId, MentorStatus, OrganisationId, PersonId,
    Programme, ProgrammeKind,
};

fn intake<'a>(d: &'a DemoData, name: &str) -> &'a Intake {
    d.intakes
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no intake {name}"))
}

fn programme_of<'a>(d: &'a DemoData, i: &Intake) -> &'a Programme {
    d.programmes
        .iter()
        .find(|p| p.id == i.programme_id)
        .expect("the intake's programme")
}

fn stage(d: &DemoData, id: IntakeId) -> &IntakeStage {
    &d.journey
        .stages
        .iter()
        .find(|(i, _)| *i == id)
        .expect("every intake has a stage")
        .1
}

fn statuses(d: &DemoData, id: IntakeId) -> BTreeMap<ApplicationStatus, usize> {
    let mut out = BTreeMap::new();
    for a in d
        .journey
        .applications
        .iter()
        .filter(|a| a.application.intake_id == id)
    {
        *out.entry(a.status()).or_default() += 1;
    }
    out
}

/// Replays every intake's history in time order, counting places as storage does, and checks
/// that no organisation ever holds more than its places, that nobody is on a waiting list while
/// their organisation has a place free, and that the counts at the end agree.
fn check_places(d: &DemoData) -> Result<(), String> {
    for i in &d.intakes {
        let places: HashMap<OrganisationId, u32> = i
            .places
            .iter()
            .map(|p| (p.organisation_id, p.places))
            .collect();
        let apps: Vec<_> = d
            .journey
            .applications
            .iter()
            .filter(|a| a.application.intake_id == i.id)
            .collect();
        let org_of: HashMap<_, _> = apps
            .iter()
            .map(|a| (a.application.id, a.application.organisation_id))
            .collect();
        let mut events: Vec<_> = apps.iter().flat_map(|a| a.history.windows(2)).collect();
        events.sort_by_key(|w| w[1].at);
        let mut held: HashMap<OrganisationId, u32> = HashMap::new();
        for w in events {
            let (from, to) = (w[0].status, w[1].status);
            let org = org_of[&w[1].application_id];
            if to.holds_place() && !from.holds_place() {
                let n = held.entry(org).or_default();
                *n += 1;
                let max = places.get(&org).copied().unwrap_or(0);
                if *n > max {
                    return Err(format!(
                        "{}: an organisation holds {n} of {max} places",
                        i.name
                    ));
                }
            } else if from.holds_place() && !to.holds_place() {
                *held.entry(org).or_default() -= 1;
            }
        }
        for a in &apps {
            let org = a.application.organisation_id;
            if a.status() == ApplicationStatus::WaitingList
                && held.get(&org).copied().unwrap_or(0) < places[&org]
            {
                return Err(format!("{}: waiting list while places are free", i.name));
            }
        }
        let end = apps.iter().filter(|a| a.status().holds_place()).count() as u32;
        if end != held.values().sum::<u32>() {
            return Err(format!("{}: place count drifted", i.name));
        }
    }
    Ok(())
}

/// Each application's own facts: history, profile, answers, eligibility, organisation.
fn check_applications(d: &DemoData) -> Result<(), String> {
    let today = demo_today().and_hms_opt(0, 0, 0).unwrap().and_utc();
    let people: HashMap<PersonId, _> = d.people.iter().map(|(p, e)| (p.id, e)).collect();
    let kinds: HashMap<OrganisationId, _> =
        d.organisations.iter().map(|o| (o.id, o.kind)).collect();
    let mut seen = HashSet::new();
    for a in &d.journey.applications {
        let app = &a.application;
        let i = d
            .intakes
            .iter()
            .find(|i| i.id == app.intake_id)
            .ok_or("unknown intake")?;
        let p = programme_of(d, i);
        let name = format!("{} in {}", app.role.code(), i.name);
        if !seen.insert((app.intake_id, app.person_id, app.role)) {
            return Err(format!(
                "{name}: the same person applied twice to the same role"
            ));
        }
        if !ApplicationRole::for_kind(p.kind).contains(&app.role) {
            return Err(format!("{name}: role not offered"));
        }
        let job = people
            .get(&app.person_id)
            .and_then(|e| e.iter().find(|e| e.primary))
            .ok_or("applicant unknown")?;
        if job.organisation_id != app.organisation_id
            || !i
                .places
                .iter()
                .any(|pl| pl.organisation_id == app.organisation_id)
        {
            return Err(format!(
                "{name}: organisation without places or not the employer"
            ));
        }
        if app.line_manager_id != job.line_manager_id.filter(|m| *m != app.person_id) {
            return Err(format!("{name}: line manager is not the applicant's"));
        }
        app.profile
            .validate(app.role, &p.rules.modes)
            .map_err(|e| format!("{name}: profile {e:?}"))?;
        let questions = &d
            .journey
            .forms
            .iter()
            .find(|f| f.intake_id == i.id)
            .ok_or("intake without a form")?
            .questions;
        validate_answers(questions, app.role, &app.answers)
            .map_err(|e| format!("{name}: answers {e:?}"))?;
        let trained = d.journey.training.iter().any(|t| {
            t.person_id == app.person_id
                && t.qualifies_as_mentor_training
                && t.completed_on < app.submitted_at.date_naive()
        });
        let who = Applicant {
            grade_system: Some(job.grade_system),
            grade: Some(&job.grade),
            profession: Some(&job.profession),
            organisation_kind: kinds.get(&job.organisation_id).copied(),
            mentor_trained: trained,
        };
        check_eligibility(p.kind, &p.rules, app.role, &who)
            .map_err(|e| format!("{name}: ineligible ({})", e.reason))?;

        // History: starts with the submission, moves only as allowed, in time order, before
        // today and (for matched intakes) before matching.
        let first = a.history.first().ok_or("no history")?;
        if first.status != app.status
            || first.at != app.submitted_at
            || app.version != 1
            || app.status.holds_place()
        {
            return Err(format!("{name}: submission does not match the application"));
        }
        let expected_first = if app.line_manager_id.is_some() {
            ApplicationStatus::AwaitingManager
        } else {
            ApplicationStatus::AwaitingCoordinator
        };
        if app.status != expected_first {
            return Err(format!("{name}: starts in {}", app.status.code()));
        }
        for w in a.history.windows(2) {
            if !w[0].status.can_move_to(w[1].status) || w[0].at >= w[1].at {
                return Err(format!(
                    "{name}: {} → {} not allowed or not later",
                    w[0].status.code(),
                    w[1].status.code()
                ));
            }
        }
        let last = a.history.last().ok_or("no history")?;
        if last.at >= today || first.at.date_naive() < i.opens_on {
            return Err(format!("{name}: history outside the recruitment window"));
        }
        if let IntakeStage::Running(s) | IntakeStage::Closed(s) = stage(d, i.id)
            && (last.at >= s.published_at || first.at.date_naive() > i.closes_on)
        {
            return Err(format!("{name}: history after matching or closing"));
        }
        if a.history.iter().any(|e| e.application_id != app.id) {
            return Err(format!("{name}: a step of another application"));
        }
    }
    Ok(())
}

#[test]
fn the_journey_is_deterministic_and_follows_the_seed() {
    let a = generate(DEFAULT_SEED);
    assert_eq!(a.journey, generate(DEFAULT_SEED).journey);
    let b = generate(DEFAULT_SEED + 1);
    let ids = |d: &DemoData| -> HashSet<_> {
        d.journey
            .applications
            .iter()
            .map(|a| a.application.id)
            .collect()
    };
    assert!(ids(&a).is_disjoint(&ids(&b)));
    assert!(!a.journey.applications.is_empty());
}

#[test]
fn the_recruiting_2027_intake_shows_every_recruitment_status() {
    for seed in [0, 1, 2, 11, 42, DEFAULT_SEED, u64::MAX] {
        let d = generate(seed);
        let i = intake(&d, "2027 intake");
        assert_eq!(stage(&d, i.id), &IntakeStage::Recruiting);
        let s = statuses(&d, i.id);
        for status in [
            ApplicationStatus::AwaitingManager,
            ApplicationStatus::AwaitingCoordinator,
            ApplicationStatus::Approved,
            ApplicationStatus::WaitingList,
            ApplicationStatus::Declined,
            ApplicationStatus::Withdrawn,
            ApplicationStatus::ManagerDeclined,
        ] {
            assert!(
                s.contains_key(&status),
                "seed {seed}: no {} in {s:?}",
                status.code()
            );
        }
        assert!(!s.contains_key(&ApplicationStatus::Matched));
        let n: usize = s.values().sum();
        assert!((15..=45).contains(&n), "seed {seed}: {n} applications");
    }
}

#[test]
fn applications_are_valid_within_places_and_in_order() {
    for seed in [0, 1, 11, 42, DEFAULT_SEED] {
        let d = generate(seed);
        check_applications(&d).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        check_places(&d).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}

#[test]
fn the_intakes_are_closed_running_and_recruiting() {
    let d = generate(DEFAULT_SEED);
    let closed = intake(&d, "2025 intake");
    let mentoring = programme_of(&d, closed);
    assert_eq!(mentoring.kind, ProgrammeKind::Mentoring);
    assert_eq!(
        (closed.opens_on.to_string(), closed.starts_on.to_string()),
        ("2024-11-04".to_string(), "2025-03-03".to_string())
    );
    let IntakeStage::Closed(story) = stage(&d, closed.id) else {
        panic!("the 2025 intake is closed");
    };
    let closed_on = story.closed_at.expect("closed").date_naive();
    let term = mentoring.rules.term_months.expect("a term");
    assert!(closed_on >= closed.starts_on + chrono::Months::new(term) && closed_on < demo_today());
    assert!(story.winding_down_at < story.closed_at && story.declined_offers == 0);

    for name in ["2026 intake", "2026–27 pairs"] {
        let i = intake(&d, name);
        let IntakeStage::Running(s) = stage(&d, i.id) else {
            panic!("{name} is running");
        };
        assert!(s.published_at < s.answered_at && s.answered_at < s.signed_at);
        assert!(s.signed_at.date_naive() <= i.starts_on && s.closed_at.is_none());
        assert!(
            statuses(&d, i.id)
                .get(&ApplicationStatus::Approved)
                .copied()
                .unwrap_or(0)
                >= 8,
            "{name} has a pool to match"
        );
    }
    for name in ["2027 intake", "Cohort 2027", "Spring 2027 sets"] {
        let i = intake(&d, name);
        assert_eq!(stage(&d, i.id), &IntakeStage::Recruiting, "{name}");
        assert!(i.opens_on <= demo_today() && demo_today() <= i.closes_on);
    }
    // Played oldest first.
    let order: Vec<_> = d
        .journey
        .stages
        .iter()
        .map(|(id, _)| {
            d.intakes
                .iter()
                .find(|i| i.id == *id)
                .unwrap()
                .name
                .as_str()
        })
        .collect();
    assert_eq!(&order[..3], ["2025 intake", "2026 intake", "2026–27 pairs"]);
    assert_eq!(d.journey.stages.len(), d.intakes.len());
}

#[test]
fn the_running_mentoring_intake_can_rematch_a_declined_offer() {
    for seed in [0, 1, 11, 42, DEFAULT_SEED] {
        let d = generate(seed);
        let i = intake(&d, "2026 intake");
        let IntakeStage::Running(s) = stage(&d, i.id) else {
            panic!("running");
        };
        assert!(s.declined_offers >= 1 && s.rematch);
        let approved = |role| {
            d.journey
                .applications
                .iter()
                .filter(|a| {
                    a.application.intake_id == i.id
                        && a.application.role == role
                        && a.status() == ApplicationStatus::Approved
                })
                .count()
        };
        let (mentors, mentees) = (
            approved(ApplicationRole::Mentor),
            approved(ApplicationRole::Mentee),
        );
        // Each mentee takes one mentor, so some mentors stay free for a declined mentee.
        assert!(
            mentors > mentees && mentees >= 5,
            "seed {seed}: {mentors} mentors, {mentees} mentees"
        );
    }
}

#[test]
fn mentors_are_trained_supervised_and_one_is_paused() {
    let d = generate(DEFAULT_SEED);
    let j = &d.journey;
    let today = demo_today();
    let mentors: HashSet<PersonId> = j
        .applications
        .iter()
        .filter(|a| a.application.role == ApplicationRole::Mentor)
        .map(|a| a.application.person_id)
        .collect();
    let trained: HashSet<PersonId> = j
        .training
        .iter()
        // Counts only when a coordinator recorded or verified it; own ticks do not.
        .filter(|t| t.qualifies_as_mentor_training && t.verified())
        .map(|t| t.person_id)
        .collect();
    assert!(
        j.training
            .iter()
            .any(|t| t.qualifies_as_mentor_training && !t.verified()),
        "someone's own entry waits to be verified"
    );
    assert!(
        trained.len() * 10 >= mentors.len() * 7,
        "{} of {} mentors trained",
        trained.len(),
        mentors.len()
    );
    assert!(trained.len() < mentors.len(), "not every mentor is trained");
    assert!(trained.is_subset(&mentors));
    // The virtual cohort requires training: every mentor applicant holds it.
    let cohort = intake(&d, "Cohort 2027");
    assert!(
        programme_of(&d, cohort)
            .rules
            .eligibility
            .mentor_training_required
    );
    assert!(
        j.applications
            .iter()
            .filter(|a| a.application.intake_id == cohort.id
                && a.application.role == ApplicationRole::Mentor)
            .all(|a| trained.contains(&a.application.person_id))
    );
    for t in &j.training {
        assert!(t.completed_on < today && t.recorded_at.date_naive() >= t.completed_on);
        assert!(!t.course.is_empty() && !t.provider.is_empty());
    }
    assert!(j.supervision.len() >= 4);
    for s in &j.supervision {
        assert!(mentors.contains(&s.person_id) && s.held_on < today);
        assert!((1..=600).contains(&s.minutes) && !s.themes.is_empty());
    }
    let running = intake(&d, "2026 intake");
    let running_mentors: HashSet<PersonId> = j
        .applications
        .iter()
        .filter(|a| {
            a.application.intake_id == running.id && a.application.role == ApplicationRole::Mentor
        })
        .map(|a| a.application.person_id)
        .collect();
    let paused: Vec<_> = j
        .standings
        .iter()
        .filter(|s| s.status == MentorStatus::Paused)
        .collect();
    assert_eq!(paused.len(), 1);
    let personal: Vec<_> = j
        .standings
        .iter()
        .filter(|s| s.load_max.is_some())
        .collect();
    assert_eq!(personal.len(), 1);
    for s in &j.standings {
        assert!(running_mentors.contains(&s.person_id));
        assert!(tandem_domain::MentorStanding::validate_load(s.load_max).is_ok());
        assert!(s.updated_at.date_naive() < today);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn any_seed_keeps_the_journey_consistent(seed in any::<u64>()) {
        let d = generate(seed);
        prop_assert_eq!(check_places(&d), Ok(()));
        prop_assert_eq!(check_applications(&d), Ok(()));
        let s = statuses(&d, intake(&d, "2027 intake").id);
        prop_assert!(s.len() >= 6, "{:?}", s);
    }
}

/// Staff of the Dutch partner write their applications' free text in Dutch, everyone else in
/// English (issue #17: a Dutch organisation's people wrote English).
#[test]
fn dutch_applicants_write_in_dutch() {
    let d = generate(DEFAULT_SEED);
    let dutch_orgs: HashSet<OrganisationId> = d
        .organisations
        .iter()
        .filter(|o| o.country == tandem_domain::Country::Netherlands)
        .map(|o| o.id)
        .collect();
    let dutch_words = [
        " ik ",
        " de ",
        " het ",
        " een ",
        " van ",
        " en ",
        " met ",
        " voor ",
        " mijn ",
        " hoe ",
        " op ",
        "Eén ",
        "Meer ",
        "Minder ",
        "Basistraining",
        "Post-hbo",
        "Cursus",
    ];
    let (mut nl, mut en) = (0, 0);
    for a in &d.journey.applications {
        for key in ["hopes", "offer", "training", "project", "challenge"] {
            let Some(tandem_domain::application::Answer::Text(text)) =
                a.application.answers.get(key)
            else {
                continue;
            };
            let dutch = dutch_words.iter().any(|w| format!(" {text}").contains(w));
            if dutch_orgs.contains(&a.application.organisation_id) {
                assert!(dutch, "a Dutch applicant wrote English: {text}");
                nl += 1;
            } else {
                assert!(!dutch, "an English applicant wrote Dutch: {text}");
                en += 1;
            }
        }
    }
    assert!(nl > 0 && en > 0, "{nl} Dutch and {en} English answers");
}
