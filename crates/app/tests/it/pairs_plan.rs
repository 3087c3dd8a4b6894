//! One pair solver for every rule of a one-to-one run: assessment points, mentors' minimum loads
//! and the 2-cycle ban of dual roles combine instead of one silently switching off another
//! (issue #15). The planner is pure, so this is tested on its inputs; the fixtures are those of
//! `min_loads_plan` (everyone compatible, `goal` steering scores) plus assessment scores.

use std::collections::BTreeMap;
use tandem_app::matching::assessment::{AssessmentRules, RunDimension};
use tandem_app::matching::plan::{Candidate, RunInputs, RunParameters, plan, suggestions};
use tandem_domain::assessment::DimensionMode;
use tandem_domain::{
    ApplicationId, ApplicationRole, BelowMinReason, FrameworkDimension, MatchingCriteria, Mode,
    OrganisationId, PersonId, ProgrammeKind, RunResult, Slot, UnmatchedReason,
};

fn app(i: u128) -> ApplicationId {
    ApplicationId(uuid::Uuid::from_u128(1000 + i))
}

fn person_id(i: u128) -> PersonId {
    PersonId(uuid::Uuid::from_u128(5000 + i))
}

/// As in `min_loads_plan`: everyone compatible (different organisations, shared mode and slot);
/// `goal` makes some pairs score higher; `score` is the person's one assessment score (1–5).
fn person(i: u128, role: ApplicationRole, capacity: u32, goal: usize, score: i64) -> Candidate {
    Candidate {
        application_id: app(i),
        person_id: person_id(i),
        version: 1,
        role,
        organisation_id: OrganisationId(uuid::Uuid::from_u128(i)),
        profession: "nursing".into(),
        level: if role == ApplicationRole::Mentor {
            6
        } else {
            4
        },
        goals: vec![FrameworkDimension::ALL[goal]],
        expertise: vec![FrameworkDimension::ALL[goal]],
        availability: vec![Slot::all().next().expect("a slot")],
        modes: vec![Mode::Video],
        line_manager: None,
        managers_manager: None,
        conflicts: vec![],
        previous_partners: vec![],
        capacity,
        assessment: vec![Some(score)],
        background: vec![],
    }
}

/// The mentor application `i` belongs to the person of mentee application `of` (a dual role):
/// same person, same organisation.
fn also_mentor(mut c: Candidate, of: u128) -> Candidate {
    c.person_id = person_id(of);
    c.organisation_id = OrganisationId(uuid::Uuid::from_u128(of));
    c
}

/// One similarity dimension on a 1–5 scale with a high weight: alike scores decide the run.
fn rules() -> AssessmentRules {
    AssessmentRules {
        dimensions: vec![RunDimension {
            instrument_id: "ins".into(),
            instrument: "Styles".into(),
            code: "d1".into(),
            label: "Directness".into(),
            min: 1,
            max: 5,
            weight: 5,
            mode: DimensionMode::Similarity,
        }],
        background_weight: 0,
    }
}

fn inputs(mut candidates: Vec<Candidate>, min: Option<u32>, assessment: bool) -> RunInputs {
    candidates.sort_by_key(|c| c.application_id);
    RunInputs {
        kind: ProgrammeKind::VirtualCohort,
        candidates,
        set_size: None,
        rankings: vec![],
        mentor_load_min: min,
        mentor_loads: vec![],
        assessment: assessment.then(rules),
    }
}

fn params() -> RunParameters {
    RunParameters {
        criteria: MatchingCriteria::default(),
        pins: vec![],
        seed: 1,
    }
}

fn load_of(r: &RunResult, mentor: ApplicationId) -> usize {
    r.matches
        .iter()
        .filter(|m| m.applications.contains(&mentor))
        .count()
}

/// (mentee's person, mentor's person) of every proposed pair.
fn person_pairs(i: &RunInputs, r: &RunResult) -> Vec<(PersonId, PersonId)> {
    let by_app: BTreeMap<ApplicationId, &Candidate> =
        i.candidates.iter().map(|c| (c.application_id, c)).collect();
    r.matches
        .iter()
        .map(|m| {
            let (a, b) = (by_app[&m.applications[0]], by_app[&m.applications[1]]);
            if a.role == ApplicationRole::Mentee {
                (a.person_id, b.person_id)
            } else {
                (b.person_id, a.person_id)
            }
        })
        .collect()
}

fn has_two_cycle(i: &RunInputs, r: &RunResult) -> bool {
    let pairs = person_pairs(i, r);
    pairs.iter().any(|&(a, b)| pairs.contains(&(b, a)))
}

/// Four mentees alike the first mentor (score 5) and unlike the second (score 1), both with three
/// places. Assessment points alone send three to the first; a minimum of two on top splits them
/// two and two, and places exactly as many mentees as the run without it.
#[test]
fn assessment_runs_honour_the_minimum() {
    let mut people: Vec<Candidate> = (0..4)
        .map(|i| person(i, ApplicationRole::Mentee, 1, 0, 5))
        .collect();
    people.push(person(100, ApplicationRole::Mentor, 3, 0, 5));
    people.push(person(101, ApplicationRole::Mentor, 3, 0, 1));

    let plain = inputs(people.clone(), None, true);
    let free = plan(&plain, &params()).expect("plan");
    assert_eq!(
        load_of(&free, app(100)),
        3,
        "assessment points steer the run"
    );
    assert!(free.matches.iter().all(
        |m| m.breakdown.iter().any(|(c, v)| c == "assessment" && *v > 0)
            || m.applications.contains(&app(101))
    ));

    let with_min = inputs(people, Some(2), true);
    let r = plan(&with_min, &params()).expect("plan");
    assert_eq!(r.matches.len(), free.matches.len());
    assert_eq!(load_of(&r, app(100)), 2);
    assert_eq!(load_of(&r, app(101)), 2);
    assert!(r.mentors_below_min.is_empty());
    assert!(r.optimal);
    // The score still counts the assessment points: the minimum costs exactly one alike pair.
    assert!(r.total_score < free.total_score);
    assert!(
        r.matches
            .iter()
            .filter(|m| m.applications.contains(&app(100)))
            .all(|m| m.breakdown.iter().any(|(c, v)| c == "assessment" && *v > 0))
    );
}

/// With assessment matching on, mentors still below the minimum are listed with their reason, and
/// a mentor left with nobody is unmatched as "below the minimum".
#[test]
fn assessment_runs_explain_mentors_below_the_minimum() {
    // Five mentees, three mentors with three places and a minimum of two: one stays at one.
    let mut people: Vec<Candidate> = (0..5)
        .map(|i| person(i, ApplicationRole::Mentee, 1, 0, 3))
        .collect();
    for k in 0..3 {
        people.push(person(
            100 + k,
            ApplicationRole::Mentor,
            3,
            0,
            1 + 2 * k as i64 % 5,
        ));
    }
    let r = plan(&inputs(people, Some(2), true), &params()).expect("plan");
    assert_eq!(r.matches.len(), 5);
    assert_eq!(r.mentors_below_min.len(), 1);
    let b = &r.mentors_below_min[0];
    assert_eq!((b.load, b.min), (1, 2));
    assert_eq!(b.reason, BelowMinReason::TakenElsewhere);

    // Two mentees, four mentors with two places: three mentors get nobody.
    let mut people: Vec<Candidate> = (0..2)
        .map(|i| person(i, ApplicationRole::Mentee, 1, 0, 2))
        .collect();
    for k in 0..4 {
        people.push(person(100 + k, ApplicationRole::Mentor, 2, 0, 1 + k as i64));
    }
    let r = plan(&inputs(people, Some(2), true), &params()).expect("plan");
    assert_eq!(r.matches.len(), 2);
    let zero = r
        .unmatched
        .iter()
        .filter(|u| u.reason == UnmatchedReason::MentorBelowMinimum)
        .count();
    assert_eq!(zero, 3);
    assert_eq!(r.mentors_below_min.len(), 3);
}

/// People 0 and 1 both mentor and are mentored; their assessment scores make "0 mentored by 1"
/// and "1 mentored by 0" the two best pairs. With assessment matching on the run still never
/// makes that 2-cycle: one of them goes to mentor 102 instead.
#[test]
fn assessment_runs_make_no_two_cycle() {
    let people = vec![
        person(0, ApplicationRole::Mentee, 1, 0, 5),
        person(1, ApplicationRole::Mentee, 1, 0, 1),
        also_mentor(person(100, ApplicationRole::Mentor, 1, 0, 5), 1),
        also_mentor(person(101, ApplicationRole::Mentor, 1, 0, 1), 0),
        person(102, ApplicationRole::Mentor, 1, 0, 3),
    ];
    let i = inputs(people, None, true);
    let r = plan(&i, &params()).expect("plan");
    assert!(!has_two_cycle(&i, &r));
    assert_eq!(r.matches.len(), 2);
    assert!(r.optimal);
    // Nobody is paired with themselves.
    assert!(person_pairs(&i, &r).iter().all(|(a, b)| a != b));
}

/// Two dual-role people and four more mentees; both mentors (the dual-role people) have three
/// places and a minimum of two. Placing all six needs the 2-cycle, so five are placed, with no
/// 2-cycle and both minimums reached; the same with assessment matching on.
#[test]
fn minimums_and_dual_roles_combine() {
    for assessment in [false, true] {
        let mut people: Vec<Candidate> = (0..6)
            .map(|i| person(i, ApplicationRole::Mentee, 1, 0, 3))
            .collect();
        people.push(also_mentor(
            person(100, ApplicationRole::Mentor, 3, 0, 3),
            1,
        ));
        people.push(also_mentor(
            person(101, ApplicationRole::Mentor, 3, 5, 3),
            0,
        ));
        let i = inputs(people, Some(2), assessment);
        let r = plan(&i, &params()).expect("plan");
        assert!(!has_two_cycle(&i, &r), "assessment {assessment}");
        assert!(person_pairs(&i, &r).iter().all(|(a, b)| a != b));
        assert_eq!(r.matches.len(), 5);
        assert!(load_of(&r, app(100)) >= 2 && load_of(&r, app(101)) >= 2);
        assert!(r.mentors_below_min.is_empty());
        assert!(r.optimal);
    }
}

/// Shortlists rank mentors by a run's arc score: with assessment matching on, the mentor whose
/// scores are alike comes first although the profile criteria tie; and a dual-role mentee is
/// never suggested to themselves.
#[test]
fn shortlists_rank_with_assessment_points() {
    let people = vec![
        person(0, ApplicationRole::Mentee, 1, 0, 5),
        person(100, ApplicationRole::Mentor, 1, 0, 1),
        person(101, ApplicationRole::Mentor, 1, 0, 5),
        also_mentor(person(102, ApplicationRole::Mentor, 1, 0, 5), 0),
    ];
    let criteria = MatchingCriteria {
        shortlist: Some(3),
        ..Default::default()
    };
    let on = suggestions(&inputs(people.clone(), None, true), &criteria);
    assert_eq!(on, vec![(app(0), vec![app(101), app(100)])]);
    let off = suggestions(&inputs(people, None, false), &criteria);
    assert_eq!(off, vec![(app(0), vec![app(100), app(101)])]);
}
