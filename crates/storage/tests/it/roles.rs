//! Scoped roles.

use crate::fixtures::{org, person, scheme};
use tandem_domain::{
    Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, Role, RoleAssignment, SchemeId, Scope,
};
use tandem_storage::{Store, StoreError};

fn ra(role: Role, scope: Scope) -> RoleAssignment {
    RoleAssignment { role, scope }
}

async fn programme(store: &Store, scheme: SchemeId, name: &str) -> ProgrammeId {
    let p = Programme {
        id: ProgrammeId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind: ProgrammeKind::Mentoring,
        description: String::new(),
        rules: ProgrammeRules::default(),
    };
    store.create_programme(&p).await.unwrap();
    p.id
}

pub async fn grant_is_idempotent_and_revoke_removes(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let who = person(&store, s.id, "Rita", "Roles", &[a.id])
        .await
        .person
        .id;
    let coord = ra(Role::OrganisationCoordinator, Scope::Organisation(a.id));
    store.grant_role(who, coord).await.unwrap();
    store.grant_role(who, coord).await.unwrap();
    assert_eq!(store.roles_in_scheme(who, s.id).await.unwrap(), vec![coord]);
    assert_eq!(
        store
            .holders_of_role(Role::OrganisationCoordinator, Scope::Organisation(a.id))
            .await
            .unwrap(),
        vec![who]
    );
    let admin = ra(Role::Administrator, Scope::Scheme(s.id));
    store.grant_role(who, admin).await.unwrap();
    assert_eq!(store.roles_in_scheme(who, s.id).await.unwrap().len(), 2);
    store.revoke_role(who, coord).await.unwrap();
    store.revoke_role(who, coord).await.unwrap();
    assert_eq!(store.roles_in_scheme(who, s.id).await.unwrap(), vec![admin]);
    assert!(
        store
            .holders_of_role(Role::OrganisationCoordinator, Scope::Organisation(a.id))
            .await
            .unwrap()
            .is_empty()
    );
    // Unknown person or scope: refused.
    let nobody = tandem_domain::PersonId::new();
    assert!(matches!(
        store.grant_role(nobody, admin).await,
        Err(StoreError::NotFound)
    ));
    let ghost = ra(
        Role::OrganisationCoordinator,
        Scope::Organisation(tandem_domain::OrganisationId::new()),
    );
    assert!(matches!(
        store.grant_role(who, ghost).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn roles_in_scheme_excludes_other_schemes(store: Store) {
    let s = scheme(&store, "Mine").await;
    let t = scheme(&store, "Theirs").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, t.id, "Beta").await;
    let pa = programme(&store, s.id, "Mentoring here").await;
    let pb = programme(&store, t.id, "Mentoring there").await;
    let who = person(&store, s.id, "Multi", "Hat", &[a.id])
        .await
        .person
        .id;
    let mine = vec![
        ra(Role::SchemeCoordinator, Scope::Scheme(s.id)),
        ra(Role::OrganisationCoordinator, Scope::Organisation(a.id)),
        ra(Role::Participant, Scope::Programme(pa)),
        ra(Role::Evaluator, Scope::Scheme(s.id)),
    ];
    let theirs = vec![
        ra(Role::SchemeCoordinator, Scope::Scheme(t.id)),
        ra(Role::OrganisationCoordinator, Scope::Organisation(b.id)),
        ra(Role::Participant, Scope::Programme(pb)),
    ];
    for r in mine.iter().chain(&theirs) {
        store.grant_role(who, *r).await.unwrap();
    }
    let mut got = store.roles_in_scheme(who, s.id).await.unwrap();
    let mut want = mine.clone();
    got.sort_by_key(|r| format!("{r:?}"));
    want.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(got, want);
    let mut got = store.roles_in_scheme(who, t.id).await.unwrap();
    let mut want = theirs.clone();
    got.sort_by_key(|r| format!("{r:?}"));
    want.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(got, want);
    // Someone else holds nothing.
    let other = person(&store, s.id, "No", "Roles", &[a.id]).await.person.id;
    assert!(store.roles_in_scheme(other, s.id).await.unwrap().is_empty());
}

pub async fn malformed_roles_are_refused(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let who = person(&store, s.id, "Bad", "Grant", &[a.id])
        .await
        .person
        .id;
    for r in [
        ra(Role::SchemeCoordinator, Scope::Organisation(a.id)),
        ra(Role::OrganisationCoordinator, Scope::Scheme(s.id)),
        ra(Role::Administrator, Scope::Organisation(a.id)),
    ] {
        assert!(
            matches!(store.grant_role(who, r).await, Err(StoreError::Invalid(_))),
            "{r:?}"
        );
    }
    assert!(store.roles_in_scheme(who, s.id).await.unwrap().is_empty());
}
