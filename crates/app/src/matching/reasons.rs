//! Why a pair is allowed or refused, rule by rule, and why each unmatched applicant was left
//! out.
//!
//! The engine only answers "allowed or not" ([`candidates::allowed`]). A coordinator needs to know
//! *which* rule refused a pair: "nobody passes the must rules" hid that a dual-role person's
//! mentor side was refused by "same line manager" for every mentee. So each hard rule is checked
//! on its own here, with the engine's own check wherever it has one (a copy of the criteria with
//! only that rule switched on), so the verdicts cannot drift from the engine's; the test
//! `rules_agree_with_the_engine` holds the two together.

use super::inputs::Candidate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tandem_domain::{ApplicationId, PersonId, Pin, PinKind, RuleCount, Unmatched, UnmatchedReason};
use tandem_matching::candidates::{self, Criteria, HardConstraints, Profile};

/// One hard rule a pair must pass, in the order explanations list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    DifferentOrganisation,
    Goals,
    GradeGap,
    Profession,
    Availability,
    Mode,
    Language,
    /// Neither manages the other directly.
    DirectReport,
    /// Neither is the other's manager's manager.
    ManagersManager,
    /// They do not share a line manager.
    SameLineManager,
    /// Neither declared a conflict of interest with the other.
    DeclaredConflict,
    /// The coordinator did not forbid this pair.
    Forbidden,
    /// They were not matched before in this intake.
    PreviousPartner,
    /// Dual roles: the reverse pair (B mentors A while A mentors B) is not also proposed.
    ReversePair,
}

impl Rule {
    pub fn code(self) -> &'static str {
        match self {
            Self::DifferentOrganisation => "different_organisation",
            Self::Goals => "goals",
            Self::GradeGap => "grade_gap",
            Self::Profession => "profession",
            Self::Availability => "availability",
            Self::Mode => "mode",
            Self::Language => "language",
            Self::DirectReport => "direct_report",
            Self::ManagersManager => "managers_manager",
            Self::SameLineManager => "same_line_manager",
            Self::DeclaredConflict => "declared_conflict",
            Self::Forbidden => "forbidden",
            Self::PreviousPartner => "previous_partner",
            Self::ReversePair => "reverse_pair",
        }
    }
}

/// Hard constraints with nothing switched on.
fn none() -> HardConstraints {
    HardConstraints {
        different_organisation: false,
        grade_gap_min: None,
        grade_gap_max: None,
        exclude_line_chain: false,
        exclude_previous_pairs: false,
        exclude_conflicts: false,
        require_common_mode: false,
        require_common_language: false,
        min_availability_overlap: 0,
        require_goal_overlap: false,
        require_profession_preference: false,
    }
}

/// The attribute rules in force under `c`, each as criteria with only that rule on.
fn attribute_rules(c: &Criteria) -> Vec<(Rule, Criteria)> {
    let h = c.hard;
    let mut out = Vec::new();
    let mut only = |rule: Rule, on: bool, set: &dyn Fn(&mut HardConstraints)| {
        if on {
            let mut one = *c;
            one.hard = none();
            set(&mut one.hard);
            out.push((rule, one));
        }
    };
    only(
        Rule::DifferentOrganisation,
        h.different_organisation,
        &|x| x.different_organisation = true,
    );
    only(Rule::Goals, h.require_goal_overlap, &|x| {
        x.require_goal_overlap = true
    });
    only(
        Rule::GradeGap,
        h.grade_gap_min.is_some() || h.grade_gap_max.is_some(),
        &|x| {
            x.grade_gap_min = h.grade_gap_min;
            x.grade_gap_max = h.grade_gap_max;
        },
    );
    only(Rule::Profession, h.require_profession_preference, &|x| {
        x.require_profession_preference = true
    });
    only(Rule::Availability, h.min_availability_overlap > 0, &|x| {
        x.min_availability_overlap = h.min_availability_overlap
    });
    only(Rule::Mode, h.require_common_mode, &|x| {
        x.require_common_mode = true
    });
    only(Rule::Language, h.require_common_language, &|x| {
        x.require_common_language = true
    });
    out
}

/// Every rule that applies to pairs under `c`, in order (what an explanation lists as passed).
pub fn rules_in_force(c: &Criteria, dual_roles: bool) -> Vec<Rule> {
    let mut out: Vec<Rule> = attribute_rules(c).into_iter().map(|(r, _)| r).collect();
    if c.hard.exclude_line_chain {
        out.extend([
            Rule::DirectReport,
            Rule::ManagersManager,
            Rule::SameLineManager,
        ]);
    }
    if c.hard.exclude_conflicts {
        out.push(Rule::DeclaredConflict);
    }
    out.push(Rule::Forbidden);
    if c.hard.exclude_previous_pairs {
        out.push(Rule::PreviousPartner);
    }
    if dual_roles {
        out.push(Rule::ReversePair);
    }
    out
}

/// What a pair check needs besides the two profiles.
pub struct PairFacts<'a> {
    pub a: &'a Candidate,
    pub b: &'a Candidate,
    /// The coordinator forbade this pair.
    pub forbidden: bool,
    /// The reverse pair (b's mentee side with a's mentor side) is in the result.
    pub reverse_taken: bool,
}

/// The rules `(pa, pb)` fails in one direction (`pa` the mentee side). `pa` and `pb` are the
/// engine's profiles *before* pins are turned into conflicts.
fn failing_one_way(c: &Criteria, pa: &Profile, pb: &Profile, out: &mut Vec<Rule>) {
    for (rule, one) in attribute_rules(c) {
        if !candidates::allowed(&one, pa, pb) {
            out.push(rule);
        }
    }
    if c.hard.exclude_line_chain {
        let manages = |boss: &Profile, p: &Profile| p.line_manager == Some(boss.id);
        if manages(pa, pb) || manages(pb, pa) {
            out.push(Rule::DirectReport);
        }
        let above = |boss: &Profile, p: &Profile| p.managers_manager == Some(boss.id);
        if above(pa, pb) || above(pb, pa) {
            out.push(Rule::ManagersManager);
        }
        if pa.line_manager.is_some() && pa.line_manager == pb.line_manager {
            out.push(Rule::SameLineManager);
        }
    }
    if c.hard.exclude_previous_pairs
        && (pa.previous_partners.contains(&pb.id) || pb.previous_partners.contains(&pa.id))
    {
        out.push(Rule::PreviousPartner);
    }
}

/// Every hard rule the pair fails (both directions when `reciprocal`), sorted, no repeats.
/// Empty exactly when the engine allows the pair with the pins and reverse-pair bans applied.
pub fn failing(
    c: &Criteria,
    (pa, pb): (&Profile, &Profile),
    facts: &PairFacts,
    reciprocal: bool,
) -> Vec<Rule> {
    let mut out = Vec::new();
    failing_one_way(c, pa, pb, &mut out);
    if reciprocal {
        failing_one_way(c, pb, pa, &mut out);
    }
    if c.hard.exclude_conflicts
        && (facts.a.conflicts.contains(&facts.b.person_id)
            || facts.b.conflicts.contains(&facts.a.person_id))
    {
        out.push(Rule::DeclaredConflict);
    }
    if facts.forbidden {
        out.push(Rule::Forbidden);
    }
    if facts.reverse_taken {
        out.push(Rule::ReversePair);
    }
    out.sort();
    out.dedup();
    out
}

/// An unmatched entry with no rule counts.
pub fn unmatched(application_id: ApplicationId, reason: UnmatchedReason) -> Unmatched {
    Unmatched {
        application_id,
        reason,
        partners: 0,
        rules: vec![],
    }
}

/// Counts per rule over the partners considered (a partner failing two rules counts twice).
fn counts(refusals: &[Vec<Rule>]) -> Vec<RuleCount> {
    let mut by: BTreeMap<Rule, u32> = BTreeMap::new();
    for r in refusals {
        for rule in r {
            *by.entry(*rule).or_default() += 1;
        }
    }
    by.into_iter()
        .map(|(rule, partners)| RuleCount {
            rule: rule.code().to_string(),
            partners,
        })
        .collect()
}

/// Why one unmatched person of a pairing run was left out, from the rules each possible partner
/// fails (`refusals`, one entry per partner who is not the person themself).
///
/// - some partner passes every rule: the places went to others (`when_eligible`);
/// - none does (or there is nobody on the other side): [`UnmatchedReason::BlockedByRules`], with
///   how many partners each rule excluded.
pub fn pair_reason(
    application_id: ApplicationId,
    refusals: &[Vec<Rule>],
    when_eligible: UnmatchedReason,
) -> Unmatched {
    let partners = refusals.len() as u32;
    if refusals.iter().any(Vec::is_empty) {
        Unmatched {
            partners,
            ..unmatched(application_id, when_eligible)
        }
    } else {
        Unmatched {
            application_id,
            reason: UnmatchedReason::BlockedByRules,
            partners,
            rules: counts(refusals),
        }
    }
}

/// Sets: the rules that keep one person apart from each other member of the pool (line
/// management, declared conflicts, forbidden pairs, earlier sets), for a grouping that cannot
/// keep everyone apart as asked.
pub fn set_reason(application_id: ApplicationId, refusals: &[Vec<Rule>]) -> Unmatched {
    Unmatched {
        application_id,
        reason: UnmatchedReason::BlockedByRules,
        partners: refusals.len() as u32,
        rules: counts(refusals),
    }
}

/// A pairing run's outcome: pairs as (left, right, locked), who on the left is placed, each
/// right person's load.
pub type Outcome<'a> = (&'a [(usize, usize, bool)], &'a [bool], &'a [u32]);

/// The unmatched people of a pairing run with their exact reasons. `left`/`right` are the two
/// sides, `lp`/`rp` their engine profiles, `pairs` the result as (left, right, locked).
pub fn pairs(
    c: &Criteria,
    (left, right): (&[&Candidate], &[&Candidate]),
    (lp, rp): (&[Profile], &[Profile]),
    pins: &[Pin],
    (pairs, placed_left, load): Outcome,
    reciprocal: bool,
) -> Vec<Unmatched> {
    let forbidden: BTreeSet<(ApplicationId, ApplicationId)> = pins
        .iter()
        .filter(|p| p.kind == PinKind::Forbid)
        .flat_map(|p| [(p.first, p.second), (p.second, p.first)])
        .collect();
    let taken: BTreeSet<(PersonId, PersonId)> = pairs
        .iter()
        .map(|&(i, j, _)| (left[i].person_id, right[j].person_id))
        .collect();
    let refusals = |i: usize, j: usize| {
        let (a, b) = (left[i], right[j]);
        let facts = PairFacts {
            a,
            b,
            forbidden: forbidden.contains(&(a.application_id, b.application_id)),
            reverse_taken: !reciprocal && taken.contains(&(b.person_id, a.person_id)),
        };
        failing(c, (&lp[i], &rp[j]), &facts, reciprocal)
    };
    let mut out = Vec::new();
    for (i, a) in left.iter().enumerate() {
        if placed_left[i] {
            continue;
        }
        let r: Vec<Vec<Rule>> = (0..right.len())
            .filter(|&j| right[j].person_id != a.person_id)
            .map(|j| refusals(i, j))
            .collect();
        out.push(pair_reason(
            a.application_id,
            &r,
            UnmatchedReason::NoCapacity,
        ));
    }
    for (j, b) in right.iter().enumerate() {
        if load[j] > 0 {
            continue;
        }
        if rp[j].capacity == 0 {
            out.push(unmatched(
                b.application_id,
                UnmatchedReason::MentorUnavailable,
            ));
            continue;
        }
        let r: Vec<Vec<Rule>> = (0..left.len())
            .filter(|&i| left[i].person_id != b.person_id)
            .map(|i| refusals(i, j))
            .collect();
        out.push(pair_reason(
            b.application_id,
            &r,
            UnmatchedReason::PartnersPlacedElsewhere,
        ));
    }
    out
}

/// Sets that cannot keep everyone apart as asked: each person with the rules that keep them
/// apart from how many others (line management, declared conflicts, forbidden pairs, earlier
/// sets).
pub fn sets(people: &[&Candidate], pins: &[Pin]) -> Vec<Unmatched> {
    let forbidden: BTreeSet<(ApplicationId, ApplicationId)> = pins
        .iter()
        .filter(|p| p.kind == PinKind::Forbid)
        .flat_map(|p| [(p.first, p.second), (p.second, p.first)])
        .collect();
    people
        .iter()
        .map(|a| {
            let r: Vec<Vec<Rule>> = people
                .iter()
                .filter(|b| b.person_id != a.person_id)
                .map(|b| {
                    let mut out = Vec::new();
                    let manages =
                        |x: &Candidate, y: &Candidate| y.line_manager == Some(x.person_id);
                    if manages(a, b) || manages(b, a) {
                        out.push(Rule::DirectReport);
                    }
                    let above =
                        |x: &Candidate, y: &Candidate| y.managers_manager == Some(x.person_id);
                    if above(a, b) || above(b, a) {
                        out.push(Rule::ManagersManager);
                    }
                    if a.conflicts.contains(&b.person_id) || b.conflicts.contains(&a.person_id) {
                        out.push(Rule::DeclaredConflict);
                    }
                    if forbidden.contains(&(a.application_id, b.application_id)) {
                        out.push(Rule::Forbidden);
                    }
                    if a.previous_partners.contains(&b.person_id)
                        || b.previous_partners.contains(&a.person_id)
                    {
                        out.push(Rule::PreviousPartner);
                    }
                    out
                })
                .collect();
            set_reason(a.application_id, &r)
        })
        .collect()
}

/// Per organisation: people placed and people who applied. People, not applications: a mentor
/// with three mentees is one person placed (the "3 of 2" the demo showed), and someone with a
/// mentee and a mentor application is one applicant, placed if either side matched.
pub fn people_per_organisation(
    members: &[&Candidate],
    matches: &[tandem_domain::ProposedMatch],
) -> (
    BTreeMap<tandem_domain::OrganisationId, u32>,
    BTreeMap<tandem_domain::OrganisationId, u32>,
) {
    let in_match: BTreeSet<ApplicationId> = matches
        .iter()
        .flat_map(|m| m.applications.iter().copied())
        .collect();
    let mut applied = BTreeSet::new();
    let mut placed = BTreeSet::new();
    for c in members {
        applied.insert((c.organisation_id, c.person_id));
        if in_match.contains(&c.application_id) {
            placed.insert((c.organisation_id, c.person_id));
        }
    }
    let count = |s: BTreeSet<(tandem_domain::OrganisationId, PersonId)>| {
        let mut m = BTreeMap::new();
        for (o, _) in s {
            *m.entry(o).or_default() += 1;
        }
        m
    };
    (count(placed), count(applied))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::plan::engine_criteria;
    use proptest::prelude::*;
    use tandem_domain::{ApplicationRole, Level, MatchingCriteria, OrganisationId, PersonId};

    fn candidate(person: PersonId) -> Candidate {
        Candidate {
            application_id: ApplicationId::new(),
            person_id: person,
            version: 1,
            role: ApplicationRole::Mentee,
            organisation_id: OrganisationId::new(),
            profession: String::new(),
            level: 0,
            goals: vec![],
            expertise: vec![],
            availability: vec![],
            modes: vec![],
            line_manager: None,
            managers_manager: None,
            conflicts: vec![],
            previous_partners: vec![],
            capacity: 1,
            assessment: vec![],
            background: vec![],
        }
    }

    fn profile(id: u64) -> impl Strategy<Value = Profile> {
        (
            0u32..2,
            proptest::option::of(1u64..6),
            proptest::option::of(1u64..6),
            1i32..8,
            0u32..2,
            0u64..8,
            0u64..8,
            0u8..4,
            0u128..8,
            proptest::collection::vec(1u64..6, 0..2),
        )
            .prop_map(
                move |(org, lm, mm, grade, prof, goals, exp, modes, av, prev)| Profile {
                    id,
                    organisation: org,
                    line_manager: lm,
                    managers_manager: mm,
                    grade,
                    profession: prof,
                    goals,
                    expertise: exp,
                    languages: 1,
                    modes,
                    availability: av,
                    previous_partners: prev,
                    conflicts: vec![],
                    capacity: 1,
                    assessment: None,
                },
            )
    }

    fn level() -> impl Strategy<Value = Level> {
        prop_oneof![Just(Level::Must), Just(Level::High), Just(Level::Off)]
    }

    proptest! {
        /// No failing rule exactly when the engine allows the pair, for any criteria.
        #[test]
        fn rules_agree_with_the_engine(
            a in profile(1), b in profile(2),
            levels in proptest::collection::vec(level(), 5),
            org_must in any::<bool>(), gap in 0i32..3, reciprocal in any::<bool>(),
        ) {
            let mut m = MatchingCriteria {
                goals: levels[0], grade_gap: levels[1], profession: levels[2],
                availability: levels[3], mode: levels[4],
                different_organisation: if org_must { Level::Must } else { Level::Off },
                ideal_grade_gap: gap,
                ..MatchingCriteria::default()
            };
            m.cross_profession = gap % 2 == 0;
            let c = engine_criteria(&m);
            let (ca, cb) = (candidate(PersonId::new()), candidate(PersonId::new()));
            let facts = PairFacts { a: &ca, b: &cb, forbidden: false, reverse_taken: false };
            let engine = candidates::allowed(&c, &a, &b)
                && (!reciprocal || candidates::allowed(&c, &b, &a));
            let rules = failing(&c, (&a, &b), &facts, reciprocal);
            prop_assert_eq!(rules.is_empty(), engine, "{:?}", rules);
            for r in &rules {
                prop_assert!(rules_in_force(&c, true).contains(r));
            }
        }
    }

    #[test]
    fn a_shared_line_manager_is_named() {
        let c = engine_criteria(&MatchingCriteria::default());
        let mut a = Profile {
            id: 1,
            organisation: 0,
            line_manager: Some(9),
            modes: 1,
            languages: 1,
            ..Profile::default()
        };
        let mut b = Profile {
            id: 2,
            organisation: 1,
            ..a.clone()
        };
        let (ca, cb) = (candidate(PersonId::new()), candidate(PersonId::new()));
        let facts = PairFacts {
            a: &ca,
            b: &cb,
            forbidden: false,
            reverse_taken: false,
        };
        assert_eq!(
            failing(&c, (&a, &b), &facts, false),
            vec![Rule::SameLineManager]
        );
        b.line_manager = Some(1);
        a.line_manager = None;
        assert_eq!(
            failing(&c, (&a, &b), &facts, false),
            vec![Rule::DirectReport]
        );
    }

    #[test]
    fn unmatched_reasons_count_rules_per_partner() {
        let id = ApplicationId::new();
        let u = pair_reason(
            id,
            &[
                vec![Rule::SameLineManager],
                vec![Rule::SameLineManager, Rule::Mode],
                vec![Rule::DifferentOrganisation],
            ],
            UnmatchedReason::NoCapacity,
        );
        assert_eq!(u.reason, UnmatchedReason::BlockedByRules);
        assert_eq!(u.partners, 3);
        let got: Vec<(&str, u32)> = u
            .rules
            .iter()
            .map(|r| (r.rule.as_str(), r.partners))
            .collect();
        assert_eq!(
            got,
            vec![
                ("different_organisation", 1),
                ("mode", 1),
                ("same_line_manager", 2)
            ]
        );
        let u = pair_reason(id, &[vec![Rule::Mode], vec![]], UnmatchedReason::NoCapacity);
        assert_eq!(u.reason, UnmatchedReason::NoCapacity);
        assert!(u.rules.is_empty());
        let u = pair_reason(id, &[], UnmatchedReason::NoCapacity);
        assert_eq!((u.reason, u.partners), (UnmatchedReason::BlockedByRules, 0));
    }
}
