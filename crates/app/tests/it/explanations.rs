//! Explanations a coordinator reads (issue #15): exact unmatched reasons, people counted per
//! organisation, dual roles without 2-cycles, and each pair explained criterion by criterion and
//! rule by rule. The planner is pure, so most of this is tested on its inputs; the dual-role
//! journey also runs through the use cases on both backends.

use std::collections::BTreeSet;
use tandem_app::matching::explain::{explain_pairs, explain_run};
use tandem_app::matching::plan::{Candidate, RunInputs, RunParameters, plan};
use tandem_domain::{
    ApplicationId, ApplicationRole, FrameworkDimension, Level, MatchingCriteria, Mode,
    OrganisationId, PersonId, Pin, PinKind, ProgrammeKind, ProgrammeRules, RunResult, Slot,
    UnmatchedReason,
};
use tandem_test_support::on_worlds;

fn org(n: u128) -> OrganisationId {
    OrganisationId(uuid::Uuid::from_u128(n))
}

fn person(n: u128) -> PersonId {
    PersonId(uuid::Uuid::from_u128(5000 + n))
}

/// An application of person `p` in organisation `o`: everyone covers every goal and meets on
/// video on Monday morning, so only the rules under test tell people apart.
fn app(id: u128, p: u128, role: ApplicationRole, o: u128, level: u8) -> Candidate {
    Candidate {
        application_id: ApplicationId(uuid::Uuid::from_u128(1000 + id)),
        person_id: person(p),
        version: 1,
        role,
        organisation_id: org(o),
        profession: if role == ApplicationRole::Mentor {
            "social work".into()
        } else {
            "nursing".into()
        },
        level,
        goals: vec![FrameworkDimension::ALL[0]],
        expertise: vec![FrameworkDimension::ALL[0]],
        availability: vec![Slot::all().next().unwrap()],
        modes: vec![Mode::Video],
        line_manager: None,
        managers_manager: None,
        conflicts: vec![],
        previous_partners: vec![],
        capacity: 1,
        assessment: vec![],
        background: vec![],
    }
}

fn inputs(kind: ProgrammeKind, mut candidates: Vec<Candidate>) -> RunInputs {
    candidates.sort_by_key(|c| c.application_id);
    RunInputs {
        kind,
        candidates,
        set_size: None,
        rankings: vec![],
        mentor_load_min: None,
        mentor_loads: vec![],
        assessment: None,
    }
}

fn params(pins: Vec<Pin>) -> RunParameters {
    RunParameters {
        criteria: MatchingCriteria::default(),
        pins,
        seed: 1,
    }
}

fn reason(r: &RunResult, a: &Candidate) -> Option<UnmatchedReason> {
    r.unmatched
        .iter()
        .find(|u| u.application_id == a.application_id)
        .map(|u| u.reason)
}

fn persons_of(i: &RunInputs, r: &RunResult) -> BTreeSet<(PersonId, PersonId)> {
    let person = |a: &ApplicationId| {
        i.candidates
            .iter()
            .find(|c| c.application_id == *a)
            .unwrap()
            .person_id
    };
    r.matches
        .iter()
        .map(|m| (person(&m.applications[0]), person(&m.applications[1])))
        .collect()
}

#[test]
fn a_dual_role_mentor_blocked_by_a_shared_line_manager_is_told_so() {
    use ApplicationRole::*;
    // Dee is mentee and mentor. Both other mentees share Dee's line manager (person 90), so
    // Dee's mentor side can take nobody; Dee's mentee side goes to Max.
    let mut dee_mentee = app(1, 1, Mentee, 1, 3);
    let mut dee_mentor = app(2, 1, Mentor, 1, 5);
    let mut e1 = app(3, 2, Mentee, 2, 3);
    let mut e2 = app(4, 3, Mentee, 3, 3);
    for c in [&mut dee_mentee, &mut dee_mentor, &mut e1, &mut e2] {
        c.line_manager = Some(person(90));
    }
    let max = app(5, 4, Mentor, 4, 5);
    let i = inputs(
        ProgrammeKind::Mentoring,
        vec![
            dee_mentee.clone(),
            dee_mentor.clone(),
            e1.clone(),
            e2.clone(),
            max.clone(),
        ],
    );
    let r = plan(&i, &params(vec![])).unwrap();
    let pairs = persons_of(&i, &r);
    assert!(!pairs.iter().any(|(a, b)| a == b), "paired with themselves");
    let u = r
        .unmatched
        .iter()
        .find(|u| u.application_id == dee_mentor.application_id)
        .expect("Dee's mentor side is unmatched");
    assert_eq!(u.reason, UnmatchedReason::BlockedByRules);
    assert_eq!(u.partners, 2, "Dee's own mentee side is not a partner");
    let rules: Vec<(&str, u32)> = u
        .rules
        .iter()
        .map(|c| (c.rule.as_str(), c.partners))
        .collect();
    assert_eq!(rules, vec![("same_line_manager", 2)]);
    // Max can take one of the three mentees; the two others are "no capacity", not "blocked".
    assert_eq!(r.matches.len(), 1);
    for m in [&dee_mentee, &e1, &e2] {
        if !r.matches[0].applications.contains(&m.application_id) {
            assert_eq!(reason(&r, m), Some(UnmatchedReason::NoCapacity));
        }
    }
}

#[test]
fn dual_roles_never_make_a_two_cycle_even_when_locked() {
    use ApplicationRole::*;
    // Ann and Bo are each mentee and mentor, in different organisations: the best unconstrained
    // answer is Ann→Bo and Bo→Ann.
    let ann_e = app(1, 1, Mentee, 1, 3);
    let ann_r = app(2, 1, Mentor, 1, 3);
    let bo_e = app(3, 2, Mentee, 2, 3);
    let bo_r = app(4, 2, Mentor, 2, 3);
    let i = inputs(
        ProgrammeKind::Mentoring,
        vec![ann_e.clone(), ann_r.clone(), bo_e.clone(), bo_r.clone()],
    );
    let r = plan(&i, &params(vec![])).unwrap();
    assert_eq!(r.matches.len(), 1, "{:?}", r.matches);
    assert!(r.optimal);
    let pairs = persons_of(&i, &r);
    for (a, b) in &pairs {
        assert!(!pairs.contains(&(*b, *a)), "a 2-cycle: {pairs:?}");
    }
    // The unmatched mentee's only partner is the one they mentor: the rule says so.
    let (unmatched_mentee, _) = if r.matches[0].applications[0] == ann_e.application_id {
        (&bo_e, &ann_r)
    } else {
        (&ann_e, &bo_r)
    };
    let u = r
        .unmatched
        .iter()
        .find(|u| u.application_id == unmatched_mentee.application_id)
        .unwrap();
    assert_eq!(u.reason, UnmatchedReason::BlockedByRules);
    assert_eq!(u.rules.len(), 1);
    assert_eq!(
        (u.rules[0].rule.as_str(), u.rules[0].partners),
        ("reverse_pair", 1)
    );

    // Locking Bo→Ann keeps it and bans Ann→Bo; a second lock the other way is ignored.
    let lock = |e: &Candidate, m: &Candidate| Pin {
        kind: PinKind::Lock,
        first: e.application_id,
        second: m.application_id,
    };
    let r = plan(&i, &params(vec![lock(&bo_e, &ann_r), lock(&ann_e, &bo_r)])).unwrap();
    assert_eq!(r.matches.len(), 1);
    assert_eq!(
        r.matches[0].applications,
        vec![bo_e.application_id, ann_r.application_id]
    );
    assert!(r.matches[0].locked);
    assert_eq!(r.ignored_pins, vec![lock(&ann_e, &bo_r)]);
}

#[test]
fn organisations_count_people_not_applications() {
    use ApplicationRole::*;
    // One mentor of organisation 1 with three places takes three mentees of organisation 2: the
    // demo showed "3 of 2". The dual-role person of organisation 2 is one applicant.
    let mut mentor = app(1, 1, Mentor, 1, 5);
    mentor.capacity = 3;
    let e = [
        app(2, 2, Mentee, 2, 3),
        app(3, 3, Mentee, 2, 3),
        app(4, 4, Mentee, 2, 3),
    ];
    let dual_mentor = app(5, 4, Mentor, 2, 5);
    let mut all = vec![mentor.clone(), dual_mentor];
    all.extend(e.iter().cloned());
    let i = inputs(ProgrammeKind::Mentoring, all);
    let r = plan(&i, &params(vec![])).unwrap();
    assert_eq!(r.matches.len(), 3);
    let q = |o| {
        r.per_organisation
            .iter()
            .find(|q| q.organisation_id == org(o))
            .unwrap()
    };
    assert_eq!((q(1).placed, q(1).applicants), (1, 1));
    assert_eq!((q(2).placed, q(2).applicants), (3, 3));
    for q in &r.per_organisation {
        assert!(q.placed <= q.applicants);
    }
}

#[test]
fn too_few_for_a_set_is_said_as_such() {
    let i = RunInputs {
        set_size: Some((4, 8)),
        ..inputs(
            ProgrammeKind::ActionLearningSets,
            vec![
                app(1, 1, ApplicationRole::SetMember, 1, 3),
                app(2, 2, ApplicationRole::SetMember, 2, 3),
            ],
        )
    };
    let r = plan(&i, &params(vec![])).unwrap();
    assert!(r.matches.is_empty());
    assert_eq!(r.unmatched.len(), 2);
    for u in &r.unmatched {
        assert_eq!(u.reason, UnmatchedReason::TooFewForSet);
        assert_eq!(u.partners, 1);
    }
}

#[test]
fn every_criterion_and_rule_is_explained() {
    use ApplicationRole::*;
    // Availability off, and no shared slot: the other criteria score, profession (different,
    // as preferred) scores fully.
    let mut e = app(1, 1, Mentee, 1, 3);
    let mut m = app(2, 2, Mentor, 2, 4);
    e.availability = vec![Slot::all().nth(1).unwrap()];
    m.line_manager = Some(person(99));
    e.line_manager = Some(person(98));
    let i = inputs(ProgrammeKind::Mentoring, vec![e.clone(), m.clone()]);
    let mut p = params(vec![]);
    p.criteria.availability = Level::Low;
    let r = plan(&i, &p).unwrap();
    assert_eq!(r.matches.len(), 1);
    let x = &explain_pairs(&i, &p, &r.matches)[0];
    let codes: Vec<&str> = x.criteria.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["goals", "grade_gap", "profession", "availability", "mode"]
    );
    let avail = x
        .criteria
        .iter()
        .find(|c| c.code == "availability")
        .unwrap();
    assert_eq!((avail.points, avail.percent), (0, 0), "a 0 is shown as 0 %");
    assert_eq!(avail.max, 1000);
    let prof = x.criteria.iter().find(|c| c.code == "profession").unwrap();
    assert_eq!(prof.percent, 100);
    assert_eq!(
        x.score, r.matches[0].score,
        "the lines sum to the pair's score"
    );
    assert_eq!(x.max, x.criteria.iter().map(|c| c.max).sum::<i64>());
    assert_eq!(x.percent as i64, x.score * 100 / x.max);
    assert_eq!(x.members[0].profession, "nursing");
    assert_eq!(x.members[1].profession, "social work");
    assert_eq!((x.members[0].level, x.members[1].level), (3, 4));
    let rules: Vec<&str> = x.rules.iter().map(|r| r.code.as_str()).collect();
    for rule in [
        "different_organisation",
        "mode",
        "direct_report",
        "managers_manager",
        "same_line_manager",
        "declared_conflict",
        "previous_partner",
    ] {
        assert!(rules.contains(&rule), "{rule} not listed: {rules:?}");
    }
    assert!(!rules.contains(&"reverse_pair"), "no dual roles here");
    assert!(x.rules.iter().all(|r| r.passed));
}

#[tokio::test]
async fn a_dual_role_intake_runs_publishes_and_explains_on_both_backends() {
    on_worlds(|w| async move {
        let m = w
            .mentoring(ProgrammeRules {
                mentor_load_max: Some(1),
                ..ProgrammeRules::default()
            })
            .await;
        let [pat, mo] = m.people();
        // Pat also mentors and Mo is also mentored: four applications, two people.
        let profile = tandem_test_support::fixtures::matchable_profile;
        w.approved_application(
            m.intake.id,
            pat,
            w.org_a,
            ApplicationRole::Mentor,
            profile(),
        )
        .await;
        w.approved_application(m.intake.id, mo, w.org_b, ApplicationRole::Mentee, profile())
            .await;
        let run = w.run_and_publish(m.intake.id).await;
        assert_eq!(run.result.matches.len(), 1, "one pair, not a 2-cycle");
        assert_eq!(run.result.unmatched.len(), 2);
        for u in &run.result.unmatched {
            assert_eq!(u.reason, UnmatchedReason::BlockedByRules);
            assert_eq!(u.rules.len(), 1);
            assert_eq!(u.rules[0].rule, "reverse_pair");
        }
        for q in &run.result.per_organisation {
            assert_eq!((q.placed, q.applicants), (1, 1), "people, not applications");
        }
        // Published: one relationship, between two different people.
        let rels = w
            .ctx
            .store
            .relationships_of_intake(m.intake.id)
            .await
            .unwrap();
        assert_eq!(rels.len(), 1);
        let people: BTreeSet<PersonId> = rels[0].members.iter().map(|x| x.person_id).collect();
        assert_eq!(people, BTreeSet::from([pat, mo]));
        // The saved run explains its pair from what it stored.
        let x = explain_run(&run).unwrap();
        assert_eq!(x.len(), 1);
        let reverse = x[0].rules.iter().find(|r| r.code == "reverse_pair");
        assert!(reverse.is_some_and(|r| r.passed), "{:?}", x[0].rules);
        // A second run of the intake cannot pair them the other way round either.
        let again =
            tandem_app::matching::run(&w.ctx, &w.actor(w.scheme_coordinator).await, m.intake.id)
                .await
                .unwrap();
        assert!(
            again.result.matches.is_empty(),
            "{:?}",
            again.result.matches
        );
    })
    .await;
}
