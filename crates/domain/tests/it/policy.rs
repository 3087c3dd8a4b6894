//! The authorisation policy, tested exhaustively over role combinations and by property.
use proptest::prelude::*;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::*;

fn ids() -> (
    SchemeId,
    OrganisationId,
    OrganisationId,
    ProgrammeId,
    PersonId,
) {
    (
        SchemeId::new(),
        OrganisationId::new(),
        OrganisationId::new(),
        ProgrammeId::new(),
        PersonId::new(),
    )
}

fn actor(scheme: SchemeId, roles: Vec<RoleAssignment>) -> Actor {
    Actor {
        person_id: PersonId::new(),
        scheme_id: scheme,
        roles,
    }
}

fn ra(role: Role, scope: Scope) -> RoleAssignment {
    RoleAssignment { role, scope }
}

#[test]
fn nobody_without_a_role_may_do_anything() {
    let (s, a, _, p, person) = ids();
    let nobody = actor(s, vec![]);
    let employers = [a];
    for action in [
        Action::ViewScheme,
        Action::ManageScheme,
        Action::ListPeople,
        Action::ViewPerson {
            person,
            employers: &employers,
        },
        Action::EditPerson {
            person,
            employers: &employers,
        },
        Action::ImportPeople {
            organisations: &employers,
        },
        Action::ExportPeople,
        Action::ManageAccounts,
        Action::ViewProgramme { programme: p },
        Action::ViewAggregates,
        Action::ApproveApplications { organisation: a },
        Action::RecordMentorDevelopment {
            person: PersonId::new(),
            employers: &employers,
        },
    ] {
        assert!(!can(&nobody, action), "{action:?} allowed without a role");
    }
}

#[test]
fn a_scheme_role_in_another_scheme_counts_for_nothing() {
    let (s, a, _, _, person) = ids();
    let other_scheme = SchemeId::new();
    let outsider = actor(
        s,
        vec![ra(Role::SchemeCoordinator, Scope::Scheme(other_scheme))],
    );
    assert!(!can(&outsider, Action::ViewScheme));
    assert!(!can(
        &outsider,
        Action::ViewPerson {
            person,
            employers: &[a]
        }
    ));
    assert_eq!(people_scope(&outsider), PeopleScope::OnlySelf);
}

#[test]
fn decision_table_for_each_role() {
    let (s, a, b, p, person) = ids();
    let in_a = [a];
    let in_b = [b];
    // (role, scope, [ViewScheme, ManageScheme, ListPeople, ViewPerson(A), ViewPerson(B), EditPerson(A), ImportPeople(A), ImportPeople(B), ManageAccounts, ViewProgramme, ViewAggregates])
    let table: Vec<(Role, Scope, [bool; 11])> = vec![
        (
            Role::SchemeCoordinator,
            Scope::Scheme(s),
            [
                true, true, true, true, true, true, true, true, true, true, true,
            ],
        ),
        (
            Role::Administrator,
            Scope::Scheme(s),
            [
                true, false, true, true, true, true, false, false, true, false, false,
            ],
        ),
        (
            Role::OrganisationCoordinator,
            Scope::Organisation(a),
            [
                true, false, true, true, false, true, true, false, false, true, false,
            ],
        ),
        (
            Role::Participant,
            Scope::Programme(p),
            [
                true, false, false, false, false, false, false, false, false, true, false,
            ],
        ),
        (
            Role::Participant,
            Scope::Scheme(s),
            [
                true, false, false, false, false, false, false, false, false, false, false,
            ],
        ),
        (
            Role::Evaluator,
            Scope::Scheme(s),
            [
                true, false, false, false, false, false, false, false, false, false, true,
            ],
        ),
    ];
    for (role, scope, expected) in table {
        let x = actor(s, vec![ra(role, scope)]);
        let got = [
            can(&x, Action::ViewScheme),
            can(&x, Action::ManageScheme),
            can(&x, Action::ListPeople),
            can(
                &x,
                Action::ViewPerson {
                    person,
                    employers: &in_a,
                },
            ),
            can(
                &x,
                Action::ViewPerson {
                    person,
                    employers: &in_b,
                },
            ),
            can(
                &x,
                Action::EditPerson {
                    person,
                    employers: &in_a,
                },
            ),
            can(
                &x,
                Action::ImportPeople {
                    organisations: &in_a,
                },
            ),
            can(
                &x,
                Action::ImportPeople {
                    organisations: &[a, b],
                },
            ),
            can(&x, Action::ManageAccounts),
            can(&x, Action::ViewProgramme { programme: p }),
            can(&x, Action::ViewAggregates),
        ];
        assert_eq!(got, expected, "{role:?} in {scope:?}");
    }
}

#[test]
fn everyone_may_see_their_own_profile_but_only_coordinators_edit_it() {
    let (s, _, b, p, _) = ids();
    let me = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    assert!(can(
        &me,
        Action::ViewPerson {
            person: me.person_id,
            employers: &[b]
        }
    ));
    assert!(!can(
        &me,
        Action::EditPerson {
            person: me.person_id,
            employers: &[b]
        }
    ));
}

#[test]
fn people_scope_follows_roles() {
    let (s, a, b, p, _) = ids();
    assert_eq!(
        people_scope(&actor(
            s,
            vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]
        )),
        PeopleScope::All
    );
    let two = actor(
        s,
        vec![
            ra(Role::OrganisationCoordinator, Scope::Organisation(b)),
            ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
        ],
    );
    let mut both = vec![a, b];
    both.sort();
    assert_eq!(people_scope(&two), PeopleScope::Organisations(both));
    assert_eq!(
        people_scope(&actor(s, vec![ra(Role::Participant, Scope::Programme(p))])),
        PeopleScope::OnlySelf
    );
}

#[test]
fn malformed_role_scopes_grant_nothing() {
    let (s, a, _, _, _) = ids();
    // A scheme coordinator "scoped" to an organisation is not a scheme coordinator.
    let odd = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Organisation(a))]);
    assert!(!ra(Role::SchemeCoordinator, Scope::Organisation(a)).is_well_formed());
    assert!(!can(&odd, Action::ManageScheme));
    assert!(!can(&odd, Action::ViewScheme));
}

fn any_role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

proptest! {
    /// Whatever organisation-coordinator roles an actor holds, they never see or change a person
    /// employed only by organisations they do not coordinate (unless it is themselves).
    #[test]
    fn org_coordinators_never_cross_the_boundary(n_orgs in 2usize..6, mine in prop::collection::vec(0usize..6, 1..4), target in prop::collection::vec(0usize..6, 1..3)) {
        let s = SchemeId::new();
        let orgs: Vec<OrganisationId> = (0..n_orgs).map(|_| OrganisationId::new()).collect();
        let mine: Vec<OrganisationId> = mine.into_iter().map(|i| orgs[i % n_orgs]).collect();
        let employers: Vec<OrganisationId> = target.into_iter().map(|i| orgs[i % n_orgs]).collect();
        let x = actor(s, mine.iter().map(|o| ra(Role::OrganisationCoordinator, Scope::Organisation(*o))).collect());
        let person = PersonId::new();
        let overlap = employers.iter().any(|e| mine.contains(e));
        prop_assert_eq!(can(&x, Action::ViewPerson { person, employers: &employers }), overlap);
        prop_assert_eq!(can(&x, Action::EditPerson { person, employers: &employers }), overlap);
        prop_assert_eq!(can(&x, Action::ImportPeople { organisations: &employers }), employers.iter().all(|e| mine.contains(e)));
        match people_scope(&x) {
            PeopleScope::Organisations(v) => prop_assert!(v.iter().all(|o| mine.contains(o))),
            other => prop_assert!(false, "unexpected scope {:?}", other),
        }
    }

    /// Adding a role never takes a permission away (the policy is monotone).
    #[test]
    fn adding_a_role_never_removes_a_permission(r1 in any_role(), r2 in any_role()) {
        let (s, a, b, p, person) = ids();
        let scope_for = |r: Role| match r {
            Role::OrganisationCoordinator => Scope::Organisation(a),
            Role::Participant => Scope::Programme(p),
            _ => Scope::Scheme(s),
        };
        let one = Actor { person_id: person, scheme_id: s, roles: vec![ra(r1, scope_for(r1))] };
        let mut two = one.clone();
        two.roles.push(ra(r2, scope_for(r2)));
        let emp = [b];
        let actions = [
            Action::ViewScheme, Action::ManageScheme, Action::ListPeople, Action::ExportPeople,
            Action::ViewPerson { person: PersonId::new(), employers: &emp },
            Action::EditPerson { person: PersonId::new(), employers: &emp },
            Action::ImportPeople { organisations: &emp },
            Action::ManageAccounts, Action::ViewProgramme { programme: p }, Action::ViewAggregates,
            Action::ApproveApplications { organisation: b },
            Action::RecordMentorDevelopment { person: PersonId::new(), employers: &emp },
        ];
        for act in actions {
            prop_assert!(!can(&one, act) || can(&two, act), "{:?} lost by adding {:?}", act, r2);
        }
    }
}

#[test]
fn applications_are_decided_within_the_coordinators_organisations() {
    let (s, a, b, _, _) = ids();
    let org_a = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    let scheme = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    let participant = actor(s, vec![ra(Role::Participant, Scope::Scheme(s))]);
    let person = participant.person_id;
    assert!(can(&org_a, Action::ApproveApplications { organisation: a }));
    assert!(!can(
        &org_a,
        Action::ApproveApplications { organisation: b }
    ));
    assert!(can(
        &scheme,
        Action::ApproveApplications { organisation: b }
    ));
    assert!(!can(
        &participant,
        Action::ApproveApplications { organisation: a }
    ));
    // Mentor records: the mentor themself, their organisation's coordinator, the scheme's.
    let other = PersonId::new();
    let mentor_in_b = |who: PersonId| Action::RecordMentorDevelopment {
        person: who,
        employers: &[],
    };
    assert!(can(&participant, mentor_in_b(person)));
    assert!(!can(&participant, mentor_in_b(other)));
    assert!(!can(
        &org_a,
        Action::RecordMentorDevelopment {
            person: other,
            employers: &[b]
        }
    ));
    assert!(can(
        &org_a,
        Action::RecordMentorDevelopment {
            person: other,
            employers: &[a]
        }
    ));
    assert!(can(&scheme, mentor_in_b(other)));
}
