//! The authorisation policy, tested exhaustively over role combinations and by property.
use proptest::prelude::*;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::*;

/// A relationship of `scheme` as an actor with `membership` in it sees it.
fn rel(scheme: SchemeId, kind: RelationshipKind, membership: Membership) -> RelationshipFacts {
    RelationshipFacts {
        scheme,
        kind,
        membership,
    }
}

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
    // Not even in their own relationships, with their own records: a role admits to the scheme.
    let mine = rel(s, RelationshipKind::Set, Membership::Current);
    let me = nobody.person_id;
    for action in [
        Action::ChangeMentorStanding {
            person: me,
            employers: &employers,
            self_service: true,
        },
        Action::ListMentors,
        Action::ReviewApplications,
        Action::ViewApplication {
            applicant: me,
            organisation: a,
        },
        Action::WithdrawApplication { applicant: me },
        Action::KeepOwnRecords,
        Action::ViewDirectory,
        Action::ViewRelationship { relationship: mine },
        Action::SteerRelationship { relationship: mine },
        Action::ActInRelationship { relationship: mine },
        Action::ViewGoals { relationship: mine },
        Action::SetGoal { relationship: mine },
        Action::ChangeGoal {
            relationship: mine,
            owner: me,
        },
        Action::ReadPrivate {
            author: me,
            shared_with: Some(Membership::Current),
        },
        Action::ChangePrivate { author: me },
        Action::ViewSet {
            relationship: mine,
            member_organisations: &employers,
        },
        Action::ActInSet { relationship: mine },
        Action::ViewPair {
            relationship: rel(s, RelationshipKind::Pair, Membership::Current),
        },
        Action::RecordForPair {
            relationship: rel(s, RelationshipKind::Pair, Membership::Current),
        },
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
            Action::ChangeMentorStanding { person, employers: &emp, self_service: false },
            Action::ListMentors, Action::ReviewApplications, Action::KeepOwnRecords, Action::ViewDirectory,
            Action::ViewApplication { applicant: PersonId::new(), organisation: b },
        ];
        let mut all = actions.to_vec();
        for m in [Membership::None, Membership::Former, Membership::Current] {
            for kind in [RelationshipKind::Mentoring, RelationshipKind::Pair, RelationshipKind::Set] {
                all.extend(relationship_actions(&one, rel(s, kind, m), &emp));
            }
        }
        for act in all {
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

// ---------------------------------------------------------------------------------------------
// Relationship-level access.

/// The relationship-level actions, in the order of the decision table's columns, on a
/// relationship of `kind` with the actor's `membership`, the goal's owner being the actor
/// (`own`) or someone else, and a member employed by organisation `a`.
fn relationship_answers(
    x: &Actor,
    scheme: SchemeId,
    membership: Membership,
    a: OrganisationId,
) -> [bool; 11] {
    let on = |kind| rel(scheme, kind, membership);
    let mentoring = on(RelationshipKind::Mentoring);
    [
        can(
            x,
            Action::ViewRelationship {
                relationship: mentoring,
            },
        ),
        can(
            x,
            Action::SteerRelationship {
                relationship: mentoring,
            },
        ),
        can(
            x,
            Action::ActInRelationship {
                relationship: mentoring,
            },
        ),
        can(
            x,
            Action::ViewGoals {
                relationship: mentoring,
            },
        ),
        can(
            x,
            Action::SetGoal {
                relationship: mentoring,
            },
        ),
        can(
            x,
            Action::ChangeGoal {
                relationship: mentoring,
                owner: x.person_id,
            },
        ),
        can(
            x,
            Action::ChangeGoal {
                relationship: mentoring,
                owner: PersonId::new(),
            },
        ),
        can(
            x,
            Action::ViewSet {
                relationship: on(RelationshipKind::Set),
                member_organisations: &[a],
            },
        ),
        can(
            x,
            Action::ActInSet {
                relationship: on(RelationshipKind::Set),
            },
        ),
        can(
            x,
            Action::ViewPair {
                relationship: on(RelationshipKind::Pair),
            },
        ),
        can(
            x,
            Action::RecordForPair {
                relationship: on(RelationshipKind::Pair),
            },
        ),
    ]
}

#[test]
fn relationship_decision_table() {
    use Membership::{Current, Former, None as Outside};
    let (s, a, c, p, _) = ids();
    let other_scheme = SchemeId::new();
    const T: bool = true;
    const F: bool = false;
    // Columns: ViewRelationship, SteerRelationship, ActInRelationship, ViewGoals, SetGoal,
    // ChangeGoal (own), ChangeGoal (another's), ViewSet, ActInSet, ViewPair, RecordForPair.
    // Being a member is what lets one act; a coordinator's role lets them look.
    let former = [T, T, T, F, F, F, F, F, F, T, T];
    let current = [T, T, T, T, T, T, F, T, T, T, T];
    let nothing = [F; 11];
    let table: Vec<(&str, RoleAssignment, Membership, [bool; 11])> = vec![
        (
            "participant",
            ra(Role::Participant, Scope::Programme(p)),
            Outside,
            nothing,
        ),
        (
            "participant",
            ra(Role::Participant, Scope::Programme(p)),
            Former,
            former,
        ),
        (
            "participant",
            ra(Role::Participant, Scope::Programme(p)),
            Current,
            current,
        ),
        (
            "scheme coordinator",
            ra(Role::SchemeCoordinator, Scope::Scheme(s)),
            Outside,
            [T, T, F, F, F, F, F, T, F, T, F],
        ),
        (
            "scheme coordinator",
            ra(Role::SchemeCoordinator, Scope::Scheme(s)),
            Former,
            [T, T, T, F, F, F, F, T, F, T, T],
        ),
        (
            "scheme coordinator",
            ra(Role::SchemeCoordinator, Scope::Scheme(s)),
            Current,
            current,
        ),
        (
            "coordinator of a member's organisation",
            ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
            Outside,
            [F, F, F, F, F, F, F, T, F, F, F],
        ),
        (
            "coordinator of a member's organisation",
            ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
            Former,
            [T, T, T, F, F, F, F, T, F, T, T],
        ),
        (
            "coordinator of a member's organisation",
            ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
            Current,
            current,
        ),
        (
            "coordinator of another organisation",
            ra(Role::OrganisationCoordinator, Scope::Organisation(c)),
            Outside,
            nothing,
        ),
        (
            "coordinator of another organisation",
            ra(Role::OrganisationCoordinator, Scope::Organisation(c)),
            Former,
            former,
        ),
        (
            "administrator",
            ra(Role::Administrator, Scope::Scheme(s)),
            Outside,
            nothing,
        ),
        (
            "administrator",
            ra(Role::Administrator, Scope::Scheme(s)),
            Current,
            current,
        ),
        (
            "evaluator",
            ra(Role::Evaluator, Scope::Scheme(s)),
            Outside,
            nothing,
        ),
        (
            "evaluator",
            ra(Role::Evaluator, Scope::Scheme(s)),
            Former,
            former,
        ),
    ];
    for (who, role, membership, expected) in table {
        let x = actor(s, vec![role]);
        assert_eq!(
            relationship_answers(&x, s, membership, a),
            expected,
            "{who} ({membership:?})"
        );
        // The same person acting in another scheme counts for nothing in this one.
        let elsewhere = actor(other_scheme, vec![role]);
        assert_eq!(
            relationship_answers(&elsewhere, s, membership, a),
            nothing,
            "{who} of another scheme ({membership:?})"
        );
    }
}

#[test]
fn sets_and_pairs_are_only_what_they_are() {
    let (s, a, _, _, _) = ids();
    let sc = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    for kind in [
        RelationshipKind::Mentoring,
        RelationshipKind::Pair,
        RelationshipKind::Set,
    ] {
        let r = rel(s, kind, Membership::Current);
        let set = kind == RelationshipKind::Set;
        let pair = kind == RelationshipKind::Pair;
        assert_eq!(
            can(
                &sc,
                Action::ViewSet {
                    relationship: r,
                    member_organisations: &[a]
                }
            ),
            set
        );
        assert_eq!(can(&sc, Action::ActInSet { relationship: r }), set);
        assert_eq!(can(&sc, Action::ViewPair { relationship: r }), pair);
        assert_eq!(can(&sc, Action::RecordForPair { relationship: r }), pair);
        // Every kind is a relationship.
        assert!(can(&sc, Action::ActInRelationship { relationship: r }));
    }
}

#[test]
fn private_entries_are_their_authors_unless_shared_with_a_current_member() {
    let (s, _, _, _, author) = ids();
    let everyone = [
        actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]),
        actor(s, vec![ra(Role::Administrator, Scope::Scheme(s))]),
        actor(s, vec![ra(Role::Evaluator, Scope::Scheme(s))]),
        actor(
            s,
            vec![ra(
                Role::OrganisationCoordinator,
                Scope::Organisation(OrganisationId::new()),
            )],
        ),
        actor(s, vec![ra(Role::Participant, Scope::Scheme(s))]),
    ];
    for x in &everyone {
        let read = |shared_with| {
            can(
                x,
                Action::ReadPrivate {
                    author,
                    shared_with,
                },
            )
        };
        assert!(!read(None), "a private entry is its author's alone");
        assert!(!read(Some(Membership::None)));
        assert!(
            !read(Some(Membership::Former)),
            "a former member no longer reads it"
        );
        assert!(read(Some(Membership::Current)));
        assert!(!can(x, Action::ChangePrivate { author }));
        // Their own, they read and change, shared or not.
        let own = x.person_id;
        for shared_with in [None, Some(Membership::None), Some(Membership::Current)] {
            assert!(can(
                x,
                Action::ReadPrivate {
                    author: own,
                    shared_with
                }
            ));
        }
        assert!(can(x, Action::ChangePrivate { author: own }));
    }
}

#[test]
fn applications_are_seen_by_their_applicant_and_their_deciders() {
    let (s, a, b, p, _) = ids();
    let applicant = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    let org_a = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    let sc = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    let admin = actor(s, vec![ra(Role::Administrator, Scope::Scheme(s))]);
    let view = |x: &Actor, organisation| {
        can(
            x,
            Action::ViewApplication {
                applicant: applicant.person_id,
                organisation,
            },
        )
    };
    assert!(view(&applicant, b) && view(&org_a, a) && view(&sc, b));
    assert!(!view(&org_a, b) && !view(&admin, a));
    let withdraw = |x: &Actor| {
        can(
            x,
            Action::WithdrawApplication {
                applicant: applicant.person_id,
            },
        )
    };
    assert!(withdraw(&applicant));
    assert!(!withdraw(&org_a) && !withdraw(&sc) && !withdraw(&admin));
    for (x, reviews) in [
        (&applicant, false),
        (&org_a, true),
        (&sc, true),
        (&admin, false),
    ] {
        assert_eq!(can(x, Action::ReviewApplications), reviews);
        assert_eq!(can(x, Action::ListMentors), reviews);
    }
}

#[test]
fn a_mentor_pauses_and_resumes_themselves_coordinators_change_anything() {
    let (s, a, b, p, _) = ids();
    let mentor = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    let org_a = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    let sc = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    let change = |x: &Actor, employers: &[OrganisationId], self_service| {
        can(
            x,
            Action::ChangeMentorStanding {
                person: mentor.person_id,
                employers,
                self_service,
            },
        )
    };
    assert!(change(&mentor, &[a], true));
    assert!(!change(&mentor, &[a], false));
    assert!(change(&org_a, &[a], false) && change(&sc, &[b], false));
    assert!(!change(&org_a, &[b], false) && !change(&org_a, &[b], true));
}

#[test]
fn own_records_and_the_directory_are_for_anyone_in_the_scheme() {
    let (s, a, _, p, _) = ids();
    for role in [
        ra(Role::SchemeCoordinator, Scope::Scheme(s)),
        ra(Role::Administrator, Scope::Scheme(s)),
        ra(Role::Evaluator, Scope::Programme(p)),
        ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
        ra(Role::Participant, Scope::Programme(p)),
    ] {
        let x = actor(s, vec![role]);
        assert!(can(&x, Action::KeepOwnRecords) && can(&x, Action::ViewDirectory));
    }
}

#[test]
fn aggregates_are_for_the_scheme_coordinator_and_evaluators_only() {
    let (s, a, _, p, _) = ids();
    for (role, allowed) in [
        (ra(Role::SchemeCoordinator, Scope::Scheme(s)), true),
        (ra(Role::Evaluator, Scope::Scheme(s)), true),
        (ra(Role::Evaluator, Scope::Programme(p)), true),
        (ra(Role::Administrator, Scope::Scheme(s)), false),
        (
            ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
            false,
        ),
        (ra(Role::Participant, Scope::Scheme(s)), false),
    ] {
        assert_eq!(
            can(&actor(s, vec![role]), Action::ViewAggregates),
            allowed,
            "{role:?}"
        );
    }
}

#[test]
fn a_signed_link_is_its_own_authority() {
    for token_valid in [true, false] {
        assert_eq!(
            can_by_link(LinkAction::AnswerAsLineManager { token_valid }),
            token_valid
        );
        assert_eq!(
            can_by_link(LinkAction::ReadCalendarFeed { token_valid }),
            token_valid
        );
        assert_eq!(
            can_by_link(LinkAction::ReadAppraisalSummary { token_valid }),
            token_valid
        );
    }
}

/// The appraisal summary is the mentee's alone: current or former member, never the mentor,
/// never a coordinator of any kind, never in a relationship without a mentee (a set).
#[test]
fn only_the_mentee_shares_an_appraisal_summary() {
    let (s, a, _, p, _) = ids();
    let mentee = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    let share = |x: &Actor, membership, who: Option<PersonId>| {
        can(
            x,
            Action::ShareAppraisalSummary {
                relationship: rel(s, RelationshipKind::Mentoring, membership),
                mentee: who,
            },
        )
    };
    let me = Some(mentee.person_id);
    assert!(share(&mentee, Membership::Current, me));
    assert!(share(&mentee, Membership::Former, me), "after ending it");
    assert!(!share(&mentee, Membership::None, me));
    // The mentor is a member but not the mentee; a set has no mentee.
    assert!(!share(&mentee, Membership::Current, Some(PersonId::new())));
    assert!(!share(&mentee, Membership::Current, None));
    for role in [
        (Role::SchemeCoordinator, Scope::Scheme(s)),
        (Role::Administrator, Scope::Scheme(s)),
        (Role::OrganisationCoordinator, Scope::Organisation(a)),
        (Role::ProgrammeCoordinator, Scope::Programme(p)),
    ] {
        let c = actor(s, vec![ra(role.0, role.1)]);
        assert!(!share(&c, Membership::None, me), "{role:?}");
    }
    // In another scheme, not even the mentee.
    assert!(!can(
        &mentee,
        Action::ShareAppraisalSummary {
            relationship: rel(
                SchemeId::new(),
                RelationshipKind::Mentoring,
                Membership::Current
            ),
            mentee: me,
        }
    ));
}

fn any_membership() -> impl Strategy<Value = Membership> {
    prop::sample::select(vec![
        Membership::None,
        Membership::Former,
        Membership::Current,
    ])
}

fn any_kind() -> impl Strategy<Value = RelationshipKind> {
    prop::sample::select(vec![
        RelationshipKind::Mentoring,
        RelationshipKind::Pair,
        RelationshipKind::Set,
    ])
}

/// Every relationship-level action on `r`, with goals owned by the actor.
fn relationship_actions<'a>(
    x: &Actor,
    r: RelationshipFacts,
    orgs: &'a [OrganisationId],
) -> [Action<'a>; 12] {
    [
        Action::ViewRelationship { relationship: r },
        Action::SteerRelationship { relationship: r },
        Action::ActInRelationship { relationship: r },
        Action::ViewGoals { relationship: r },
        Action::SetGoal { relationship: r },
        Action::ChangeGoal {
            relationship: r,
            owner: x.person_id,
        },
        Action::ViewSet {
            relationship: r,
            member_organisations: orgs,
        },
        Action::ActInSet { relationship: r },
        Action::ViewPair { relationship: r },
        Action::RecordForPair { relationship: r },
        Action::ReadPrivate {
            author: PersonId::new(),
            shared_with: Some(r.membership),
        },
        Action::ShareAppraisalSummary {
            relationship: r,
            mentee: Some(x.person_id),
        },
    ]
}

proptest! {
    /// Whatever roles they hold, someone who is not a member never acts in a relationship: not
    /// as a member, not in a set, not for a pair, not with goals; they may at most look.
    #[test]
    fn only_members_act(roles in prop::collection::vec((any_role(), 0usize..3), 0..4), kind in any_kind()) {
        let (s, a, c, p, _) = ids();
        let scope = |r: Role, i: usize| match r {
            Role::OrganisationCoordinator => Scope::Organisation([a, c, OrganisationId::new()][i]),
            Role::Participant | Role::Evaluator if i == 0 => Scope::Programme(p),
            _ => Scope::Scheme(s),
        };
        let x = actor(s, roles.iter().map(|(r, i)| ra(*r, scope(*r, *i))).collect());
        let r = rel(s, kind, Membership::None);
        for act in [
            Action::ActInRelationship { relationship: r },
            Action::ViewGoals { relationship: r },
            Action::SetGoal { relationship: r },
            Action::ChangeGoal { relationship: r, owner: x.person_id },
            Action::ActInSet { relationship: r },
            Action::RecordForPair { relationship: r },
            Action::ShareAppraisalSummary { relationship: r, mentee: Some(x.person_id) },
        ] {
            prop_assert!(!can(&x, act), "{:?} allowed to a non-member", act);
        }
    }

    /// Nothing of a relationship in another scheme is anyone's business, whatever their roles
    /// and place in it.
    #[test]
    fn relationships_of_another_scheme_are_out_of_reach(role in any_role(), membership in any_membership(), kind in any_kind()) {
        let (s, a, _, p, _) = ids();
        let scope = match role {
            Role::OrganisationCoordinator => Scope::Organisation(a),
            Role::Participant => Scope::Programme(p),
            _ => Scope::Scheme(s),
        };
        let x = actor(s, vec![ra(role, scope)]);
        let r = rel(SchemeId::new(), kind, membership);
        for act in relationship_actions(&x, r, &[a]) {
            if matches!(act, Action::ReadPrivate { .. }) {
                continue; // decided by the sharing relationship's membership alone
            }
            prop_assert!(!can(&x, act), "{:?} allowed across schemes", act);
        }
    }

    /// Being a current member is at least as good as having been one, which is at least as
    /// good as never having been one.
    #[test]
    fn a_closer_place_never_loses_a_permission(role in any_role(), kind in any_kind()) {
        let (s, a, _, p, _) = ids();
        let scope = match role {
            Role::OrganisationCoordinator => Scope::Organisation(a),
            Role::Participant => Scope::Programme(p),
            _ => Scope::Scheme(s),
        };
        let x = actor(s, vec![ra(role, scope)]);
        let places = [Membership::None, Membership::Former, Membership::Current];
        let orgs = [a];
        for pair in places.windows(2) {
            let further = relationship_actions(&x, rel(s, kind, pair[0]), &orgs);
            let closer = relationship_actions(&x, rel(s, kind, pair[1]), &orgs);
            for (f, c) in further.iter().zip(closer.iter()) {
                prop_assert!(!can(&x, *f) || can(&x, *c), "{:?} lost moving to {:?}", f, pair[1]);
            }
        }
    }
}

#[test]
fn scheme_settings_are_edited_by_administrators_and_read_by_scheme_coordinators() {
    let (s, a, _, p, _) = ids();
    // (role, scope, may read, may edit)
    let table = [
        (Role::Administrator, Scope::Scheme(s), true, true),
        (Role::SchemeCoordinator, Scope::Scheme(s), true, false),
        (
            Role::OrganisationCoordinator,
            Scope::Organisation(a),
            false,
            false,
        ),
        (Role::Participant, Scope::Programme(p), false, false),
        (Role::Participant, Scope::Scheme(s), false, false),
        (Role::Evaluator, Scope::Scheme(s), false, false),
        // An administrator of another scheme has no say in this one.
        (
            Role::Administrator,
            Scope::Scheme(SchemeId::new()),
            false,
            false,
        ),
    ];
    for (role, scope, read, edit) in table {
        let x = actor(s, vec![ra(role, scope)]);
        assert_eq!(
            can(&x, Action::ViewSchemeSettings),
            read,
            "{role:?} {scope:?} reads"
        );
        assert_eq!(
            can(&x, Action::EditSchemeSettings),
            edit,
            "{role:?} {scope:?} edits"
        );
    }
    assert!(!can(&actor(s, vec![]), Action::ViewSchemeSettings));
}

#[test]
fn only_the_schemes_administrators_manage_undelivered_notices() {
    let (s, a, _, p, _) = ids();
    let table = [
        (Role::Administrator, Scope::Scheme(s), true),
        (Role::SchemeCoordinator, Scope::Scheme(s), false),
        (Role::OrganisationCoordinator, Scope::Organisation(a), false),
        (Role::Participant, Scope::Programme(p), false),
        (Role::Participant, Scope::Scheme(s), false),
        (Role::Evaluator, Scope::Scheme(s), false),
        // An administrator of another scheme has no say in this one.
        (Role::Administrator, Scope::Scheme(SchemeId::new()), false),
    ];
    for (role, scope, allowed) in table {
        let x = actor(s, vec![ra(role, scope)]);
        assert_eq!(
            can(&x, Action::ManageUndeliveredNotices),
            allowed,
            "{role:?} {scope:?}"
        );
    }
    assert!(!can(&actor(s, vec![]), Action::ManageUndeliveredNotices));
}

#[test]
fn only_the_schemes_administrators_browse_the_audit_log() {
    let (s, a, _, p, _) = ids();
    let table = [
        (Role::Administrator, Scope::Scheme(s), true),
        (Role::SchemeCoordinator, Scope::Scheme(s), false),
        (Role::OrganisationCoordinator, Scope::Organisation(a), false),
        (Role::ProgrammeCoordinator, Scope::Programme(p), false),
        (Role::Participant, Scope::Scheme(s), false),
        (Role::Evaluator, Scope::Scheme(s), false),
        // An administrator of another scheme has no say in this one.
        (Role::Administrator, Scope::Scheme(SchemeId::new()), false),
    ];
    for (role, scope, allowed) in table {
        let x = actor(s, vec![ra(role, scope)]);
        assert_eq!(can(&x, Action::ViewAuditLog), allowed, "{role:?} {scope:?}");
    }
    assert!(!can(&actor(s, vec![]), Action::ViewAuditLog));
}

#[test]
fn evaluation_figures_go_to_coordinators_and_the_programmes_evaluators_only() {
    let (s, a, b, p, _) = ids();
    let other = ProgrammeId::new();
    let whole = |programme| Action::ViewEvaluation {
        programme,
        organisation: None,
    };
    let of_org = |programme, o| Action::ViewEvaluation {
        programme,
        organisation: Some(o),
    };
    let coordinator = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    assert!(can(&coordinator, whole(p)) && can(&coordinator, of_org(p, a)));
    let scheme_evaluator = actor(s, vec![ra(Role::Evaluator, Scope::Scheme(s))]);
    assert!(can(&scheme_evaluator, whole(p)) && can(&scheme_evaluator, whole(other)));
    let foreign_evaluator = actor(s, vec![ra(Role::Evaluator, Scope::Scheme(SchemeId::new()))]);
    assert!(!can(&foreign_evaluator, whole(p)));
    let programme_evaluator = actor(s, vec![ra(Role::Evaluator, Scope::Programme(p))]);
    assert!(can(&programme_evaluator, whole(p)) && can(&programme_evaluator, of_org(p, b)));
    assert!(!can(&programme_evaluator, whole(other)));
    let org = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    assert!(can(&org, of_org(p, a)));
    assert!(!can(&org, of_org(p, b)) && !can(&org, whole(p)));
    let participant = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    assert!(!can(&participant, whole(p)) && !can(&participant, of_org(p, a)));
}

#[test]
fn only_the_person_asked_answers_a_survey() {
    let (s, _, _, p, _) = ids();
    let me = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    assert!(can(
        &me,
        Action::AnswerSurvey {
            respondent: me.person_id
        }
    ));
    assert!(!can(
        &me,
        Action::AnswerSurvey {
            respondent: PersonId::new()
        }
    ));
    let coordinator = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    assert!(!can(
        &coordinator,
        Action::AnswerSurvey {
            respondent: me.person_id
        }
    ));
}

// ----- roles, invitations and programme coordinators (issue #12) -----

/// Every well-formed assignment of the scheme over organisations `orgs` and programmes `progs`.
fn every_assignment(
    s: SchemeId,
    orgs: &[OrganisationId],
    progs: &[ProgrammeId],
) -> Vec<RoleAssignment> {
    let mut scopes = vec![Scope::Scheme(s)];
    scopes.extend(orgs.iter().map(|o| Scope::Organisation(*o)));
    scopes.extend(progs.iter().map(|p| Scope::Programme(*p)));
    let mut v = Vec::new();
    for role in Role::ALL {
        for scope in &scopes {
            let r = ra(role, *scope);
            if r.is_well_formed() {
                v.push(r);
            }
        }
    }
    v
}

fn change(
    assignment: RoleAssignment,
    grantee: PersonId,
    employers: &[OrganisationId],
    revoke: bool,
) -> Action<'_> {
    Action::ChangeRole {
        assignment,
        grantee,
        grantee_employers: employers,
        revoke,
    }
}

#[test]
fn the_scheme_coordinator_and_administrator_grant_any_role_of_the_scheme_but_not_to_themselves() {
    let (s, a, b, p, person) = ids();
    let emp = [b];
    for holder in [Role::SchemeCoordinator, Role::Administrator] {
        let x = actor(s, vec![ra(holder, Scope::Scheme(s))]);
        for r in every_assignment(s, &[a, b], &[p]) {
            assert!(
                can(&x, change(r, person, &emp, false)),
                "{holder:?} grants {r:?}"
            );
            assert!(
                can(&x, change(r, person, &emp, true)),
                "{holder:?} revokes {r:?}"
            );
            assert!(
                !can(&x, change(r, x.person_id, &emp, false)),
                "{holder:?} grants itself {r:?}"
            );
        }
        // Another scheme's scope is never theirs to give.
        let elsewhere = ra(Role::Participant, Scope::Scheme(SchemeId::new()));
        assert!(!can(&x, change(elsewhere, person, &emp, false)));
        // A malformed assignment is nobody's to give.
        assert!(!can(
            &x,
            change(
                ra(Role::SchemeCoordinator, Scope::Organisation(a)),
                person,
                &emp,
                false
            )
        ));
    }
}

#[test]
fn an_organisation_coordinator_grants_only_their_organisations_roles_to_their_own_staff() {
    let (s, a, b, p, person) = ids();
    let x = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    let own = [a];
    let other = [b];
    let oc_a = ra(Role::OrganisationCoordinator, Scope::Organisation(a));
    let participant = ra(Role::Participant, Scope::Scheme(s));
    for revoke in [false, true] {
        assert!(can(&x, change(oc_a, person, &own, revoke)));
        assert!(can(&x, change(participant, person, &own, revoke)));
        // Not to another organisation's staff.
        assert!(!can(&x, change(oc_a, person, &other, revoke)));
        assert!(!can(&x, change(participant, person, &other, revoke)));
        // Nothing beyond their scope, even to their own staff.
        for r in [
            ra(Role::OrganisationCoordinator, Scope::Organisation(b)),
            ra(Role::SchemeCoordinator, Scope::Scheme(s)),
            ra(Role::Administrator, Scope::Scheme(s)),
            ra(Role::Evaluator, Scope::Scheme(s)),
            ra(Role::Evaluator, Scope::Programme(p)),
            ra(Role::ProgrammeCoordinator, Scope::Programme(p)),
            ra(Role::Participant, Scope::Programme(p)),
        ] {
            assert!(!can(&x, change(r, person, &own, revoke)), "{r:?}");
        }
    }
    // Participants, evaluators and programme coordinators grant nothing.
    for holder in [
        ra(Role::Participant, Scope::Scheme(s)),
        ra(Role::Evaluator, Scope::Scheme(s)),
        ra(Role::ProgrammeCoordinator, Scope::Programme(p)),
    ] {
        let y = actor(s, vec![holder]);
        for r in every_assignment(s, &[a, b], &[p]) {
            assert!(
                !can(&y, change(r, person, &own, false)),
                "{holder:?} grants {r:?}"
            );
        }
    }
}

proptest! {
    /// However many organisations an organisation coordinator holds, no role they may grant or
    /// revoke is scoped outside them (or beyond the scheme's participant role), and never to
    /// anyone who is not their own staff.
    #[test]
    fn an_org_coordinator_never_grants_a_scope_outside_their_organisations(
        n_orgs in 2usize..6,
        mine in prop::collection::vec(0usize..6, 1..4),
        target in prop::collection::vec(0usize..6, 0..3),
        revoke in any::<bool>(),
    ) {
        let s = SchemeId::new();
        let orgs: Vec<OrganisationId> = (0..n_orgs).map(|_| OrganisationId::new()).collect();
        let progs = [ProgrammeId::new(), ProgrammeId::new()];
        let mine: Vec<OrganisationId> = mine.into_iter().map(|i| orgs[i % n_orgs]).collect();
        let employers: Vec<OrganisationId> = target.into_iter().map(|i| orgs[i % n_orgs]).collect();
        let x = actor(s, mine.iter().map(|o| ra(Role::OrganisationCoordinator, Scope::Organisation(*o))).collect());
        let own_staff = employers.iter().any(|e| mine.contains(e));
        for r in every_assignment(s, &orgs, &progs) {
            if can(&x, change(r, PersonId::new(), &employers, revoke)) {
                prop_assert!(own_staff, "granted {:?} to someone else's staff", r);
                match (r.role, r.scope) {
                    (Role::OrganisationCoordinator, Scope::Organisation(o)) => prop_assert!(mine.contains(&o)),
                    (Role::Participant, Scope::Scheme(sc)) => prop_assert_eq!(sc, s),
                    other => prop_assert!(false, "granted {:?}", other),
                }
            }
        }
    }
}

#[test]
fn organisation_coordinators_invite_their_own_staff_only() {
    let (s, a, b, p, _) = ids();
    let oc = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    assert!(can(&oc, Action::InvitePerson { employers: &[a] }));
    assert!(can(&oc, Action::InvitePerson { employers: &[b, a] }));
    assert!(!can(&oc, Action::InvitePerson { employers: &[b] }));
    assert!(!can(&oc, Action::InvitePerson { employers: &[] }));
    // Still not the scheme's account administration.
    assert!(!can(&oc, Action::ManageAccounts));
    for holder in [Role::SchemeCoordinator, Role::Administrator] {
        let x = actor(s, vec![ra(holder, Scope::Scheme(s))]);
        assert!(can(&x, Action::InvitePerson { employers: &[b] }));
        assert!(can(&x, Action::InvitePerson { employers: &[] }));
    }
    for holder in [
        ra(Role::Participant, Scope::Scheme(s)),
        ra(Role::Evaluator, Scope::Scheme(s)),
        ra(Role::ProgrammeCoordinator, Scope::Programme(p)),
    ] {
        assert!(!can(
            &actor(s, vec![holder]),
            Action::InvitePerson { employers: &[a] }
        ));
    }
}

#[test]
fn a_programme_coordinator_runs_their_programme_and_no_other() {
    let (s, _, _, p, _) = ids();
    let q = ProgrammeId::new();
    let pc = actor(s, vec![ra(Role::ProgrammeCoordinator, Scope::Programme(p))]);
    assert!(can(&pc, Action::ManageProgramme { programme: p }));
    assert!(can(&pc, Action::ViewProgramme { programme: p }));
    assert!(can(
        &pc,
        Action::ViewEvaluation {
            programme: p,
            organisation: None
        }
    ));
    assert!(!can(&pc, Action::ManageProgramme { programme: q }));
    assert!(!can(&pc, Action::ViewProgramme { programme: q }));
    assert!(!can(
        &pc,
        Action::ViewEvaluation {
            programme: q,
            organisation: None
        }
    ));
    // The scheme's own business stays the scheme coordinator's.
    assert!(!can(&pc, Action::ManageScheme));
    assert!(!can(&pc, Action::ListPeople));
    assert!(!can(&pc, Action::ManageAccounts));
    let sc = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    assert!(can(&sc, Action::ManageProgramme { programme: q }));
    // Participants of a programme do not run it.
    let member = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    assert!(!can(&member, Action::ManageProgramme { programme: p }));
}

#[test]
fn profiles_who_sees_what() {
    let (s, a, b, p, _) = ids();
    let person = PersonId::new();
    let employers = [a];
    let participant = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    let scheme_coordinator = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    let their_coordinator = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    let other_coordinator = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(b))],
    );
    let admin = actor(s, vec![ra(Role::Administrator, Scope::Scheme(s))]);
    let summary = |who: &Actor, partner: bool, listed: bool| {
        can(
            who,
            Action::ViewProfileSummary {
                person,
                employers: &employers,
                partner,
                listed,
            },
        )
    };
    let whole = |who: &Actor, partner: bool| {
        can(
            who,
            Action::ViewProfile {
                person,
                employers: &employers,
                partner,
            },
        )
    };
    let contact =
        |who: &Actor, partner: bool| can(who, Action::ViewContactDetails { person, partner });
    // (who, partner in a live relationship) -> (summary unlisted, whole, contact details)
    let table: [(&Actor, bool, bool, bool, bool); 7] = [
        (&participant, false, false, false, false),
        (&participant, true, true, true, true),
        (&scheme_coordinator, false, true, true, false),
        (&their_coordinator, false, true, true, false),
        (&other_coordinator, false, false, false, false),
        (&admin, false, false, false, false),
        (&scheme_coordinator, true, true, true, true),
    ];
    for (i, (who, partner, s_, w, c)) in table.into_iter().enumerate() {
        assert_eq!(summary(who, partner, false), s_, "row {i}: summary");
        assert_eq!(whole(who, partner), w, "row {i}: whole");
        assert_eq!(contact(who, partner), c, "row {i}: contact");
        // Listing in the directory opens the summary to anyone in the scheme, nothing more.
        assert!(summary(who, partner, true), "row {i}: listed summary");
    }
    // The person sees and edits everything of their own; nobody else edits it, coordinators
    // included.
    let me = Actor {
        person_id: person,
        ..participant.clone()
    };
    assert!(whole(&me, false) && contact(&me, false));
    assert!(can(&me, Action::EditProfile { person }));
    for who in [
        &participant,
        &scheme_coordinator,
        &their_coordinator,
        &admin,
    ] {
        assert!(!can(who, Action::EditProfile { person }));
    }
    // Without a role in the scheme, not even one's own profile.
    let nobody = Actor {
        person_id: person,
        scheme_id: s,
        roles: vec![],
    };
    assert!(!can(&nobody, Action::EditProfile { person }));
    assert!(!contact(&nobody, true));
}

/// People's rights (UK GDPR / AVG): a person exports their own data and changes their own
/// consents; administrators export anyone's data, erase anyone but themselves and manage
/// retention; nobody else does any of it.
#[test]
fn rights_belong_to_the_person_and_the_administrators() {
    let (s, a, _, p, other) = ids();
    let roles = [
        (
            "scheme coordinator",
            ra(Role::SchemeCoordinator, Scope::Scheme(s)),
            false,
        ),
        (
            "administrator",
            ra(Role::Administrator, Scope::Scheme(s)),
            true,
        ),
        ("evaluator", ra(Role::Evaluator, Scope::Scheme(s)), false),
        (
            "organisation coordinator",
            ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
            false,
        ),
        (
            "programme coordinator",
            ra(Role::ProgrammeCoordinator, Scope::Programme(p)),
            false,
        ),
        (
            "participant",
            ra(Role::Participant, Scope::Scheme(s)),
            false,
        ),
    ];
    for (who, role, admin) in roles {
        let x = actor(s, vec![role]);
        let me = x.person_id;
        // Their own data and consents, whatever their role.
        assert!(can(&x, Action::ExportPersonalData { person: me }), "{who}");
        assert!(can(&x, Action::ChangeConsent { person: me }), "{who}");
        // Nobody consents for someone else, administrators included.
        assert!(!can(&x, Action::ChangeConsent { person: other }), "{who}");
        assert_eq!(
            can(&x, Action::ExportPersonalData { person: other }),
            admin,
            "{who}"
        );
        assert_eq!(
            can(&x, Action::ErasePerson { person: other }),
            admin,
            "{who}"
        );
        assert_eq!(can(&x, Action::ManageRetention), admin, "{who}");
        // Nobody erases themselves.
        assert!(!can(&x, Action::ErasePerson { person: me }), "{who}");
    }
    // An administrator of another scheme counts for nothing here, and no role means nothing.
    let elsewhere = actor(
        s,
        vec![ra(Role::Administrator, Scope::Scheme(SchemeId::new()))],
    );
    let nobody = actor(s, vec![]);
    for x in [&elsewhere, &nobody] {
        assert!(!can(x, Action::ExportPersonalData { person: other }));
        assert!(!can(
            x,
            Action::ExportPersonalData {
                person: x.person_id
            }
        ));
        assert!(!can(x, Action::ErasePerson { person: other }));
        assert!(!can(x, Action::ManageRetention));
        assert!(!can(
            x,
            Action::ChangeConsent {
                person: x.person_id
            }
        ));
    }
}

/// Assessment results are seen and held by the coordinators of *that* programme only (the
/// scheme's coordinators and its own programme coordinators); equality data is entered by the
/// person alone.
#[test]
fn assessments_belong_to_the_programme_coordinators_and_equality_data_to_the_person() {
    let (s, a, _, p, other) = ids();
    let elsewhere = ProgrammeId::new();
    let roles = [
        (
            "scheme coordinator",
            ra(Role::SchemeCoordinator, Scope::Scheme(s)),
            true,
        ),
        (
            "programme coordinator",
            ra(Role::ProgrammeCoordinator, Scope::Programme(p)),
            true,
        ),
        (
            "another programme's coordinator",
            ra(Role::ProgrammeCoordinator, Scope::Programme(elsewhere)),
            false,
        ),
        (
            "administrator",
            ra(Role::Administrator, Scope::Scheme(s)),
            false,
        ),
        ("evaluator", ra(Role::Evaluator, Scope::Scheme(s)), false),
        (
            "programme evaluator",
            ra(Role::Evaluator, Scope::Programme(p)),
            false,
        ),
        (
            "organisation coordinator",
            ra(Role::OrganisationCoordinator, Scope::Organisation(a)),
            false,
        ),
        (
            "participant",
            ra(Role::Participant, Scope::Scheme(s)),
            false,
        ),
    ];
    for (who, role, sees) in roles {
        let x = actor(s, vec![role]);
        assert_eq!(
            can(&x, Action::ManageAssessments { programme: p }),
            sees,
            "{who}"
        );
        assert!(
            can(
                &x,
                Action::EditEqualityData {
                    person: x.person_id
                }
            ),
            "{who}"
        );
        assert!(
            !can(&x, Action::EditEqualityData { person: other }),
            "{who}"
        );
    }
    let nobody = actor(s, vec![]);
    assert!(!can(&nobody, Action::ManageAssessments { programme: p }));
    assert!(!can(
        &nobody,
        Action::EditEqualityData {
            person: nobody.person_id
        }
    ));
    let foreign = actor(
        s,
        vec![ra(Role::SchemeCoordinator, Scope::Scheme(SchemeId::new()))],
    );
    assert!(!can(&foreign, Action::ManageAssessments { programme: p }));
}

/// How a relationship is going (status and last activity, no content): its members, the scheme
/// coordinator and the coordinators of a current member's organisation; never another
/// organisation's coordinator, an evaluator, a participant outside it or anyone of another
/// scheme. Seeing the status grants nothing of the content.
#[test]
fn relationship_status_is_for_members_the_scheme_and_the_members_organisations() {
    let (s, a, b, p, _) = ids();
    let status = |x: &Actor, membership, orgs: &[OrganisationId]| {
        can(
            x,
            Action::ViewRelationshipStatus {
                relationship: rel(s, RelationshipKind::Mentoring, membership),
                member_organisations: orgs,
            },
        )
    };
    let coord_a = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    assert!(status(&coord_a, Membership::None, &[a]));
    assert!(status(&coord_a, Membership::None, &[b, a]));
    assert!(
        !status(&coord_a, Membership::None, &[b]),
        "another organisation's staff"
    );
    assert!(!status(&coord_a, Membership::None, &[]));
    // Status only: the content stays the members'.
    let facts = rel(s, RelationshipKind::Mentoring, Membership::None);
    assert!(!can(
        &coord_a,
        Action::ViewRelationship {
            relationship: facts
        }
    ));
    assert!(!can(
        &coord_a,
        Action::ViewGoals {
            relationship: facts
        }
    ));
    assert!(!can(
        &coord_a,
        Action::ActInRelationship {
            relationship: facts
        }
    ));
    let sc = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    assert!(status(&sc, Membership::None, &[]));
    let participant = actor(s, vec![ra(Role::Participant, Scope::Scheme(s))]);
    assert!(status(&participant, Membership::Current, &[]));
    assert!(status(&participant, Membership::Former, &[]));
    assert!(!status(&participant, Membership::None, &[a]));
    let evaluator = actor(s, vec![ra(Role::Evaluator, Scope::Programme(p))]);
    assert!(!status(&evaluator, Membership::None, &[a]));
    // A coordinator's role counts in their own scheme only.
    let elsewhere = rel(
        SchemeId::new(),
        RelationshipKind::Mentoring,
        Membership::None,
    );
    assert!(!can(
        &coord_a,
        Action::ViewRelationshipStatus {
            relationship: elsewhere,
            member_organisations: &[a],
        }
    ));
    assert!(!can(
        &actor(s, vec![]),
        Action::ViewRelationshipStatus {
            relationship: rel(s, RelationshipKind::Mentoring, Membership::Current),
            member_organisations: &[a],
        }
    ));
}

#[test]
fn peers_are_asked_only_when_listed_and_requests_stay_between_the_two() {
    let (s, a, _, p, _) = ids();
    let asker = actor(s, vec![ra(Role::Participant, Scope::Scheme(s))]);
    let other = PersonId::new();
    assert!(can(
        &asker,
        Action::AskPeer {
            recipient: other,
            listed: true
        }
    ));
    assert!(!can(
        &asker,
        Action::AskPeer {
            recipient: other,
            listed: false
        }
    ));
    // Never oneself, listed or not.
    assert!(!can(
        &asker,
        Action::AskPeer {
            recipient: asker.person_id,
            listed: true
        }
    ));
    // Nobody without a role, even to a listed person.
    assert!(!can(
        &actor(s, vec![]),
        Action::AskPeer {
            recipient: other,
            listed: true
        }
    ));
    // Only the recipient answers; only the two see it, coordinators included.
    assert!(can(
        &asker,
        Action::AnswerPeerRequest {
            recipient: asker.person_id
        }
    ));
    assert!(!can(&asker, Action::AnswerPeerRequest { recipient: other }));
    let view = |who: &Actor, asking: PersonId, to: PersonId| {
        can(
            who,
            Action::ViewPeerRequest {
                asker: asking,
                recipient: to,
            },
        )
    };
    assert!(view(&asker, asker.person_id, other));
    assert!(view(&asker, other, asker.person_id));
    assert!(!view(&asker, other, PersonId::new()));
    for roles in [
        vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))],
        vec![ra(Role::Administrator, Scope::Scheme(s))],
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
        vec![ra(Role::Evaluator, Scope::Programme(p))],
    ] {
        assert!(!view(&actor(s, roles), other, PersonId::new()));
    }
}

#[test]
fn a_line_managers_name_is_seen_at_their_own_organisation_only() {
    let (s, a, b, p, _) = ids();
    let participant = actor(s, vec![ra(Role::Participant, Scope::Programme(p))]);
    let manager = PersonId::new();
    let sees = |x: &Actor, person: PersonId, at: OrganisationId, manager_at: &[OrganisationId]| {
        can(
            x,
            Action::SeeLineManagerName {
                person,
                employment_organisation: at,
                manager,
                manager_employers: manager_at,
            },
        )
    };
    let me = participant.person_id;
    // Their own manager at the same trust: named, though they may not open the manager's record.
    assert!(sees(&participant, me, a, &[a]));
    assert!(!can(
        &participant,
        Action::ViewPerson {
            person: manager,
            employers: &[a]
        }
    ));
    // A manager employed only elsewhere stays unnamed, and nobody else's manager is named.
    assert!(!sees(&participant, me, a, &[b]));
    assert!(!sees(&participant, PersonId::new(), a, &[a]));
    // The organisation's coordinator sees their own staff's managers, not another's.
    let coord_a = actor(
        s,
        vec![ra(Role::OrganisationCoordinator, Scope::Organisation(a))],
    );
    assert!(sees(&coord_a, PersonId::new(), a, &[a]));
    assert!(!sees(&coord_a, PersonId::new(), a, &[b]));
    // The scheme's coordinator sees every record.
    let scheme = actor(s, vec![ra(Role::SchemeCoordinator, Scope::Scheme(s))]);
    assert!(sees(&scheme, PersonId::new(), a, &[b]));
    // Without a role, nothing.
    assert!(!sees(&actor(s, vec![]), PersonId::new(), a, &[a]));
}
