//! The policy's rules of #15's scheme kinds: nobody decides on (or nominates) themselves, and
//! mentor training is verified by a coordinator other than the person.
use tandem_domain::*;

fn ra(role: Role, scope: Scope) -> RoleAssignment {
    RoleAssignment { role, scope }
}

struct World {
    scheme: SchemeId,
    org: OrganisationId,
    other_org: OrganisationId,
    programme: ProgrammeId,
}

fn world() -> World {
    World {
        scheme: SchemeId::new(),
        org: OrganisationId::new(),
        other_org: OrganisationId::new(),
        programme: ProgrammeId::new(),
    }
}

fn actor(w: &World, roles: Vec<RoleAssignment>) -> Actor {
    Actor {
        person_id: PersonId::new(),
        scheme_id: w.scheme,
        roles,
    }
}

fn decide(applicant: PersonId, w: &World, organisation: OrganisationId) -> Action<'static> {
    Action::DecideApplication {
        applicant,
        organisation,
        programme: w.programme,
    }
}

#[test]
fn coordinators_decide_others_applications_but_never_their_own() {
    let w = world();
    let someone = PersonId::new();
    let scheme_coord = actor(
        &w,
        vec![ra(Role::SchemeCoordinator, Scope::Scheme(w.scheme))],
    );
    let org_coord = actor(
        &w,
        vec![
            ra(Role::OrganisationCoordinator, Scope::Organisation(w.org)),
            ra(Role::Participant, Scope::Scheme(w.scheme)),
        ],
    );
    let prog_coord = actor(
        &w,
        vec![ra(
            Role::ProgrammeCoordinator,
            Scope::Programme(w.programme),
        )],
    );
    let participant = actor(&w, vec![ra(Role::Participant, Scope::Scheme(w.scheme))]);

    for a in [&scheme_coord, &org_coord, &prog_coord] {
        assert!(
            can(a, decide(someone, &w, w.org)),
            "{a:?} decides another's"
        );
        assert!(
            !can(a, decide(a.person_id, &w, w.org)),
            "{a:?} never decides their own"
        );
    }
    // The organisation coordinator's reach is their organisation's places only.
    assert!(!can(&org_coord, decide(someone, &w, w.other_org)));
    // A participant decides nothing, their own application included.
    assert!(!can(&participant, decide(someone, &w, w.org)));
    assert!(!can(&participant, decide(participant.person_id, &w, w.org)));
}

#[test]
fn nobody_nominates_themselves() {
    let w = world();
    let someone = PersonId::new();
    let org_coord = actor(
        &w,
        vec![ra(
            Role::OrganisationCoordinator,
            Scope::Organisation(w.org),
        )],
    );
    let scheme_coord = actor(
        &w,
        vec![ra(Role::SchemeCoordinator, Scope::Scheme(w.scheme))],
    );
    for a in [&org_coord, &scheme_coord] {
        let nominate = |person| Action::NominatePerson {
            person,
            organisation: w.org,
        };
        assert!(can(a, nominate(someone)));
        assert!(!can(a, nominate(a.person_id)));
    }
    assert!(!can(
        &org_coord,
        Action::NominatePerson {
            person: someone,
            organisation: w.other_org,
        }
    ));
}

#[test]
fn training_is_verified_by_a_coordinator_of_the_person_never_by_themselves() {
    let w = world();
    let mentor = PersonId::new();
    let employers = [w.org];
    let verify = |person| Action::VerifyTraining {
        person,
        employers: &employers,
    };
    let scheme_coord = actor(
        &w,
        vec![ra(Role::SchemeCoordinator, Scope::Scheme(w.scheme))],
    );
    let org_coord = actor(
        &w,
        vec![ra(
            Role::OrganisationCoordinator,
            Scope::Organisation(w.org),
        )],
    );
    let other_org_coord = actor(
        &w,
        vec![ra(
            Role::OrganisationCoordinator,
            Scope::Organisation(w.other_org),
        )],
    );
    let participant = actor(&w, vec![ra(Role::Participant, Scope::Scheme(w.scheme))]);
    let admin = actor(&w, vec![ra(Role::Administrator, Scope::Scheme(w.scheme))]);
    assert!(can(&scheme_coord, verify(mentor)));
    assert!(can(&org_coord, verify(mentor)));
    assert!(!can(&other_org_coord, verify(mentor)));
    assert!(!can(&admin, verify(mentor)));
    assert!(!can(&participant, verify(mentor)));
    // The mentor may record their own training, but not verify it.
    assert!(can(
        &participant,
        Action::RecordMentorDevelopment {
            person: participant.person_id,
            employers: &employers,
        }
    ));
    assert!(!can(&participant, verify(participant.person_id)));
    // A coordinator's own training is verified by someone else too.
    let own = [w.org];
    assert!(!can(
        &org_coord,
        Action::VerifyTraining {
            person: org_coord.person_id,
            employers: &own,
        }
    ));
}
