//! Integration tests for tandem-demo: determinism and the invariants every generated consortium
//! must satisfy, and the playback of the journey into a store.

mod journey;
mod play;

use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use tandem_demo::{DEFAULT_SEED, DemoData, generate, generate_people};
use tandem_domain::person::find_management_cycle;
use tandem_domain::validate::normalise_email;
use tandem_domain::{
    Country, Employment, GradeSystem, Intake, Language, Mode, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, ProgrammeKind, Role, Scope,
};

/// Checks the people-level invariants; returns the first violation.
fn check_people(people: &[(Person, Vec<Employment>)], orgs: &[Organisation]) -> Result<(), String> {
    let org_of: HashMap<OrganisationId, &Organisation> = orgs.iter().map(|o| (o.id, o)).collect();
    let by_id: HashMap<PersonId, &(Person, Vec<Employment>)> =
        people.iter().map(|pe| (pe.0.id, pe)).collect();
    if by_id.len() != people.len() {
        return Err("duplicate person ids".into());
    }
    let mut emails = HashSet::new();
    let mut employment_ids = HashSet::new();
    for (p, emps) in people {
        if normalise_email(&p.email).as_deref() != Ok(p.email.as_str()) {
            return Err(format!("e-mail not valid and normalised: {}", p.email));
        }
        if !emails.insert(p.email.to_lowercase()) {
            return Err(format!("duplicate e-mail {}", p.email));
        }
        if p.given_name.trim().is_empty() || p.family_name.trim().is_empty() {
            return Err(format!("empty name for {}", p.email));
        }
        if emps.iter().filter(|e| e.primary).count() != 1 {
            return Err(format!(
                "{} has not exactly one primary employment",
                p.email
            ));
        }
        let primary_org = org_of[&emps.iter().find(|e| e.primary).unwrap().organisation_id];
        let dutch = primary_org.country == Country::Netherlands;
        if (p.language == Language::NlNl) != dutch {
            return Err(format!(
                "{} has language {:?} at {}",
                p.email, p.language, primary_org.name
            ));
        }
        for e in emps {
            if !employment_ids.insert(e.id) || e.person_id != p.id {
                return Err(format!("bad employment id/person for {}", p.email));
            }
            let Some(org) = org_of.get(&e.organisation_id) else {
                return Err(format!("{} employed by an unknown organisation", p.email));
            };
            let Some(grade) = e.grade_system.grade(&e.grade) else {
                return Err(format!(
                    "{} has grade {} outside {:?}",
                    p.email, e.grade, e.grade_system
                ));
            };
            if grade.code != e.grade {
                return Err(format!("grade {} not in canonical spelling", e.grade));
            }
            let system_fits = match (org.kind, org.country) {
                (_, Country::Netherlands) => e.grade_system == GradeSystem::DutchFwg,
                (OrganisationKind::LocalAuthority, _) => {
                    e.grade_system == GradeSystem::LocalAuthority
                }
                _ => matches!(
                    e.grade_system,
                    GradeSystem::AgendaForChange | GradeSystem::Medical
                ),
            };
            if !system_fits {
                return Err(format!(
                    "{} has {:?} at {}",
                    p.email, e.grade_system, org.name
                ));
            }
            if e.job_title.is_empty() || e.profession.is_empty() {
                return Err(format!("{} lacks a job title or profession", p.email));
            }
            if let Some(m) = e.line_manager_id {
                let Some((manager, manager_emps)) = by_id.get(&m) else {
                    return Err(format!("{}'s manager is not a known person", p.email));
                };
                let Some(me) = manager_emps
                    .iter()
                    .find(|me| me.organisation_id == e.organisation_id)
                else {
                    return Err(format!(
                        "{}'s manager {} is not in the same organisation",
                        p.email, manager.email
                    ));
                };
                let manager_level = me
                    .grade_system
                    .grade(&me.grade)
                    .map(|g| g.level)
                    .unwrap_or(0);
                if manager_level < grade.level {
                    return Err(format!(
                        "{} ({}) is managed by a lower grade {}",
                        p.email, e.grade, me.grade
                    ));
                }
            }
        }
    }
    // No cycles, per organisation (line management is a relation within an employer).
    for org in orgs {
        let manager_of: HashMap<PersonId, PersonId> = people
            .iter()
            .flat_map(|(_, emps)| emps.iter())
            .filter(|e| e.organisation_id == org.id)
            .filter_map(|e| e.line_manager_id.map(|m| (e.person_id, m)))
            .collect();
        if let Some(cycle) = find_management_cycle(&manager_of) {
            return Err(format!("management cycle at {}: {cycle:?}", org.name));
        }
        // Exactly one top of each tree: the chief executive.
        let tops = people
            .iter()
            .flat_map(|(_, emps)| emps.iter())
            .filter(|e| e.organisation_id == org.id && e.primary && e.line_manager_id.is_none())
            .count();
        let staffed = people.iter().any(|(_, emps)| {
            emps.iter()
                .any(|e| e.organisation_id == org.id && e.primary)
        });
        if staffed && tops != 1 {
            return Err(format!("{} has {tops} people without a manager", org.name));
        }
    }
    Ok(())
}

fn check_demo(d: &DemoData) -> Result<(), String> {
    check_people(&d.people, &d.organisations)?;
    let org_ids: HashSet<OrganisationId> = d.organisations.iter().map(|o| o.id).collect();
    if d.organisations.iter().any(|o| o.scheme_id != d.scheme.id)
        || d.people.iter().any(|(p, _)| p.scheme_id != d.scheme.id)
    {
        return Err("something outside the scheme".into());
    }
    for o in &d.organisations {
        if !d
            .people
            .iter()
            .any(|(_, emps)| emps.iter().any(|e| e.organisation_id == o.id && e.primary))
        {
            return Err(format!("{} has nobody", o.name));
        }
    }
    for p in &d.programmes {
        p.rules
            .validate(p.kind)
            .map_err(|e| format!("{}: {e:?}", p.name))?;
    }
    let programme_ids: HashSet<_> = d.programmes.iter().map(|p| p.id).collect();
    for i in &d.intakes {
        Intake::validate_dates(i.opens_on, i.closes_on, i.starts_on)
            .map_err(|e| format!("{}: {e:?}", i.name))?;
        if !programme_ids.contains(&i.programme_id) || i.places.is_empty() {
            return Err(format!("intake {} dangling or without places", i.name));
        }
        if i.places
            .iter()
            .any(|p| !org_ids.contains(&p.organisation_id) || p.places == 0)
        {
            return Err(format!("intake {} has bad places", i.name));
        }
    }
    let person_ids: HashSet<PersonId> = d.people.iter().map(|(p, _)| p.id).collect();
    for (person, r) in &d.roles {
        if !person_ids.contains(person) || !r.is_well_formed() {
            return Err(format!("bad role {r:?}"));
        }
        let scope_ok = match r.scope {
            Scope::Scheme(s) => s == d.scheme.id,
            Scope::Organisation(o) => org_ids.contains(&o),
            Scope::Programme(p) => programme_ids.contains(&p),
        };
        if !scope_ok {
            return Err(format!("role {r:?} scoped outside the scheme"));
        }
    }
    let by_id: HashMap<PersonId, &Person> = d.people.iter().map(|(p, _)| (p.id, p)).collect();
    for s in &d.sign_ins {
        if by_id.get(&s.person_id).map(|p| p.email.as_str()) != Some(s.email.as_str()) {
            return Err(format!(
                "sign-in {} does not match its person",
                s.role_label
            ));
        }
        if !d.roles.iter().any(|(p, _)| *p == s.person_id) {
            return Err(format!("sign-in {} holds no role", s.role_label));
        }
    }
    Ok(())
}

#[test]
fn same_seed_same_consortium_different_seed_different_people() {
    let a = generate(DEFAULT_SEED);
    assert_eq!(a, generate(DEFAULT_SEED));
    let b = generate(DEFAULT_SEED + 1);
    assert_ne!(a.scheme.id, b.scheme.id);
    let emails_a: HashSet<&str> = a.people.iter().map(|(p, _)| p.email.as_str()).collect();
    let emails_b: HashSet<&str> = b.people.iter().map(|(p, _)| p.email.as_str()).collect();
    assert_ne!(emails_a, emails_b);
    // The shape of the consortium is the same; only who is in it changes.
    assert_eq!(
        a.organisations.iter().map(|o| &o.name).collect::<Vec<_>>(),
        b.organisations.iter().map(|o| &o.name).collect::<Vec<_>>()
    );
}

#[test]
fn demo_invariants_hold_for_several_seeds() {
    for seed in [0, 1, 2, 42, DEFAULT_SEED, u64::MAX] {
        let d = generate(seed);
        check_demo(&d).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}

#[test]
fn demo_has_the_consortium_of_the_brief() {
    let d = generate(DEFAULT_SEED);
    assert!((380..=420).contains(&d.people.len()), "{}", d.people.len());
    assert!((7..=9).contains(&d.organisations.len()));
    let kinds: HashSet<OrganisationKind> = d.organisations.iter().map(|o| o.kind).collect();
    assert_eq!(kinds.len(), 5, "all five kinds of employer");
    assert!(
        d.organisations
            .iter()
            .filter(|o| o.kind == OrganisationKind::NhsTrust)
            .count()
            >= 2
    );
    assert!(
        d.organisations
            .iter()
            .filter(|o| o.kind == OrganisationKind::LocalAuthority)
            .count()
            >= 2
    );
    let dutch: Vec<&Organisation> = d
        .organisations
        .iter()
        .filter(|o| o.country == Country::Netherlands)
        .collect();
    assert_eq!(dutch.len(), 1);
    assert_eq!(dutch[0].kind, OrganisationKind::DutchCareOrganisation);

    // Dutch staff have Dutch names; some with tussenvoegsels.
    let dutch_people: Vec<&Person> = d
        .people
        .iter()
        .filter(|(_, e)| e.iter().any(|e| e.organisation_id == dutch[0].id))
        .map(|(p, _)| p)
        .collect();
    assert!(dutch_people.len() >= 20);
    assert!(dutch_people.iter().all(|p| p.language == Language::NlNl));
    assert!(
        dutch_people
            .iter()
            .any(|p| p.family_name.starts_with("van ") || p.family_name.starts_with("de "))
    );

    // Plausible professions.
    let professions: HashSet<&str> = d
        .people
        .iter()
        .flat_map(|(_, e)| e.iter().map(|e| e.profession.as_str()))
        .collect();
    for expected in [
        "nursing",
        "medicine",
        "allied_health",
        "social_work",
        "management",
        "pharmacy",
        "care_work",
        "psychology",
    ] {
        assert!(professions.contains(expected), "no {expected}");
    }
    // Someone holds several employments.
    assert!(d.people.iter().any(|(_, e)| e.len() > 1));
}

#[test]
fn demo_programmes_follow_product_brief() {
    let d = generate(DEFAULT_SEED);
    let kinds: Vec<ProgrammeKind> = d.programmes.iter().map(|p| p.kind).collect();
    assert_eq!(kinds.len(), 4);
    assert_eq!(kinds.iter().collect::<HashSet<_>>().len(), 4);
    let by_kind = |k| d.programmes.iter().find(|p| p.kind == k).unwrap();

    let m = &by_kind(ProgrammeKind::Mentoring).rules;
    assert_eq!(
        (m.mentor_load_min, m.mentor_load_max, m.term_months),
        (Some(1), Some(2), Some(12))
    );
    assert_eq!(
        m.modes.iter().collect::<HashSet<_>>(),
        [Mode::Video, Mode::InPerson, Mode::Telephone]
            .iter()
            .collect()
    );

    let v = &by_kind(ProgrammeKind::VirtualCohort).rules;
    assert_eq!(
        (v.session_cap, v.session_minutes, v.minutes_cap()),
        (Some(3), Some(90), Some(270))
    );
    assert_eq!(
        v.modes.iter().collect::<HashSet<_>>(),
        [Mode::Telephone, Mode::Video].iter().collect()
    );
    assert!(v.mentor_load_min >= Some(2));

    let a = &by_kind(ProgrammeKind::ActionLearningSets).rules;
    assert_eq!(
        (a.set_size_min, a.set_size_max, a.cadence_weeks),
        (Some(4), Some(8), Some(4))
    );
    assert_eq!(a.modes, vec![Mode::Video]);

    // Paired learning: registrars ST3–ST6 with Band 7/8a managers, and its participants fit.
    let paired = by_kind(ProgrammeKind::PairedLearning);
    let ranges = &paired.rules.eligibility.grade_ranges;
    assert!(ranges.contains(&(GradeSystem::Medical, "ST3".into(), "ST6".into())));
    assert!(ranges.contains(&(GradeSystem::AgendaForChange, "7".into(), "8a".into())));
    let people: HashMap<PersonId, &Vec<Employment>> =
        d.people.iter().map(|(p, e)| (p.id, e)).collect();
    let participants: Vec<&Employment> = d
        .roles
        .iter()
        .filter(|(_, r)| r.role == Role::Participant && r.scope == Scope::Programme(paired.id))
        .map(|(p, _)| people[p].iter().find(|e| e.primary).unwrap())
        .collect();
    let registrars = participants
        .iter()
        .filter(|e| e.grade_system == GradeSystem::Medical)
        .count();
    let managers = participants
        .iter()
        .filter(|e| e.grade_system == GradeSystem::AgendaForChange)
        .count();
    assert!(
        registrars >= 5 && registrars == managers,
        "{registrars} registrars, {managers} managers"
    );
    for e in &participants {
        let ok = match e.grade_system {
            GradeSystem::Medical => ["ST3", "ST4", "ST5", "ST6"].contains(&e.grade.as_str()),
            GradeSystem::AgendaForChange => ["7", "8a"].contains(&e.grade.as_str()),
            _ => false,
        };
        assert!(ok, "{} {} in paired learning", e.job_title, e.grade);
    }

    // Action learning sets: social work assessors, from more than one organisation, enough for a set.
    let als = by_kind(ProgrammeKind::ActionLearningSets);
    let members: Vec<&Employment> = d
        .roles
        .iter()
        .filter(|(_, r)| r.scope == Scope::Programme(als.id))
        .map(|(p, _)| people[p].iter().find(|e| e.primary).unwrap())
        .collect();
    assert!(members.len() >= 8);
    assert!(members.iter().all(|e| e.profession == "social_work"));
    assert!(
        members
            .iter()
            .map(|e| e.organisation_id)
            .collect::<HashSet<_>>()
            .len()
            >= 2
    );
    assert!(members.iter().any(|e| e.job_title.contains("Assessor")));

    // Every programme has participants and an intake.
    for p in &d.programmes {
        assert!(
            d.roles
                .iter()
                .any(|(_, r)| r.scope == Scope::Programme(p.id)),
            "{}",
            p.name
        );
        assert!(
            d.intakes.iter().any(|i| i.programme_id == p.id),
            "{}",
            p.name
        );
    }
}

#[test]
fn demo_roles_and_sign_ins() {
    let d = generate(DEFAULT_SEED);
    let holders = |role: Role| d.roles.iter().filter(|(_, r)| r.role == role).count();
    assert_eq!(holders(Role::SchemeCoordinator), 1);
    assert_eq!(holders(Role::Administrator), 1);
    assert_eq!(holders(Role::Evaluator), 1);
    for o in &d.organisations {
        let coordinators: Vec<PersonId> = d
            .roles
            .iter()
            .filter(|(_, r)| {
                r.role == Role::OrganisationCoordinator && r.scope == Scope::Organisation(o.id)
            })
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(coordinators.len(), 1, "{}", o.name);
        // An organisation coordinator works for that organisation.
        let (_, emps) = d
            .people
            .iter()
            .find(|(p, _)| p.id == coordinators[0])
            .unwrap();
        assert!(emps.iter().any(|e| e.organisation_id == o.id), "{}", o.name);
    }
    let labels: Vec<&str> = d.sign_ins.iter().map(|s| s.role_label.as_str()).collect();
    for wanted in ["Scheme coordinator", "Administrator", "Evaluator"] {
        assert!(labels.contains(&wanted), "{labels:?}");
    }
    let dutch = d
        .organisations
        .iter()
        .find(|o| o.country == Country::Netherlands)
        .unwrap();
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Organisation coordinator") && l.contains(&dutch.name))
    );
    assert!(
        labels
            .iter()
            .filter(|l| l.starts_with("Organisation coordinator"))
            .count()
            >= 2
    );
    assert!(labels.iter().any(|l| l.starts_with("Participant")));
    let emails: HashSet<&str> = d.sign_ins.iter().map(|s| s.email.as_str()).collect();
    assert_eq!(emails.len(), d.sign_ins.len(), "one person per sign-in");
}

#[test]
fn benchmark_population_of_ten_thousand() {
    let d = generate(DEFAULT_SEED);
    let people = generate_people(&d.scheme, &d.organisations, 10_000, 7);
    assert_eq!(people.len(), 10_000);
    check_people(&people, &d.organisations).unwrap();
    assert_eq!(
        people,
        generate_people(d.scheme.id, &d.organisations, 10_000, 7)
    );
    for o in &d.organisations {
        assert!(
            people.iter().any(|(_, e)| e[0].organisation_id == o.id),
            "{}",
            o.name
        );
    }
}

#[test]
fn demo_export_reimports_unchanged() {
    use tandem_people_io::{Format, RowAction, Snapshot, export_csv, export_xlsx, parse, validate};
    let d = generate(DEFAULT_SEED);
    let snap = Snapshot {
        scheme_id: d.scheme.id,
        organisations: &d.organisations,
        people: &d.people,
        allowed_organisations: None,
    };
    for (bytes, format) in [
        (export_csv(&d.people, &d.organisations), Format::Csv),
        (export_xlsx(&d.people, &d.organisations), Format::Xlsx),
    ] {
        let rows = parse(&bytes, format).unwrap();
        let preview = validate(&rows, &snap);
        assert!(
            preview.is_valid(),
            "{:?}",
            preview.rows.iter().find(|r| !r.errors.is_empty())
        );
        assert!(
            preview
                .rows
                .iter()
                .all(|r| r.action == RowAction::Unchanged)
        );
        assert!(preview.creates.is_empty() && preview.updates.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn generated_populations_keep_the_invariants(seed in any::<u64>(), n in 0usize..600, orgs in 1usize..=8) {
        let d = generate(1);
        let orgs = &d.organisations[..orgs];
        let people = generate_people(d.scheme.id, orgs, n, seed);
        prop_assert_eq!(people.len(), n);
        prop_assert_eq!(check_people(&people, orgs), Ok(()));
    }
}
