//! Schemes, organisations, and properties of the store itself.

use crate::fixtures::{org, org_value, person, scheme};
use tandem_domain::{Country, Organisation, OrganisationId, OrganisationKind, Scheme, SchemeId};
use tandem_storage::{Store, StoreError, UniqueField};

pub async fn schemes_round_trip(store: Store) {
    assert!(store.list_schemes().await.unwrap().is_empty());
    let b = scheme(&store, "beta network").await;
    let a = scheme(&store, "Alpha Network").await;
    assert_eq!(store.get_scheme(a.id).await.unwrap(), a);
    assert_eq!(store.list_schemes().await.unwrap(), vec![a.clone(), b]);
    assert!(matches!(
        store.get_scheme(SchemeId::new()).await,
        Err(StoreError::NotFound)
    ));
    let again = Scheme {
        name: "Other".into(),
        ..a
    };
    assert!(matches!(
        store.create_scheme(&again).await,
        Err(StoreError::Conflict {
            field: UniqueField::Id
        })
    ));
    store.ping().await.unwrap();
}

pub async fn organisations_unique_name_per_scheme(store: Store) {
    let s1 = scheme(&store, "One").await;
    let s2 = scheme(&store, "Two").await;
    let trust = org(&store, s1.id, "Riverside NHS Trust").await;
    let council = Organisation {
        kind: OrganisationKind::LocalAuthority,
        ..org_value(s1.id, "eastshire council")
    };
    store.create_organisation(&council).await.unwrap();
    let zorg = Organisation {
        kind: OrganisationKind::DutchCareOrganisation,
        country: Country::Netherlands,
        ..org_value(s1.id, "Zorggroep Oost")
    };
    store.create_organisation(&zorg).await.unwrap();

    // Same name, different case, same scheme: refused and nothing written.
    let dup = org_value(s1.id, "RIVERSIDE nhs trust");
    assert!(matches!(
        store.create_organisation(&dup).await,
        Err(StoreError::Conflict {
            field: UniqueField::Name
        })
    ));
    assert!(matches!(
        store.get_organisation(dup.id).await,
        Err(StoreError::NotFound)
    ));
    // Same name in another scheme is fine.
    let other = org(&store, s2.id, "Riverside NHS Trust").await;

    assert_eq!(
        store.list_organisations(s1.id).await.unwrap(),
        vec![council.clone(), trust.clone(), zorg.clone()]
    );
    assert_eq!(store.list_organisations(s2.id).await.unwrap(), vec![other]);
    assert_eq!(store.get_organisation(zorg.id).await.unwrap(), zorg);
}

pub async fn organisation_updates_and_missing_references(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let renamed = Organisation {
        name: "Alpha Care".into(),
        kind: OrganisationKind::Charity,
        country: Country::Netherlands,
        ..a.clone()
    };
    store.update_organisation(&renamed).await.unwrap();
    assert_eq!(store.get_organisation(a.id).await.unwrap(), renamed);
    // Renaming onto another organisation's name (any case) is refused and changes nothing.
    let clash = Organisation {
        name: "BETA".into(),
        ..b.clone()
    };
    let clash = Organisation { id: a.id, ..clash };
    assert!(matches!(
        store.update_organisation(&clash).await,
        Err(StoreError::Conflict {
            field: UniqueField::Name
        })
    ));
    assert_eq!(store.get_organisation(a.id).await.unwrap(), renamed);
    // Renaming to its own name in another case is allowed.
    let recased = Organisation {
        name: "ALPHA CARE".into(),
        ..renamed
    };
    store.update_organisation(&recased).await.unwrap();
    assert_eq!(
        store.get_organisation(a.id).await.unwrap().name,
        "ALPHA CARE"
    );

    let ghost = org_value(s.id, "Ghost");
    assert!(matches!(
        store.update_organisation(&ghost).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.get_organisation(OrganisationId::new()).await,
        Err(StoreError::NotFound)
    ));
    let orphan = org_value(SchemeId::new(), "Orphan");
    assert!(matches!(
        store.create_organisation(&orphan).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn people_counted_per_organisation(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let c = org(&store, s.id, "Charlie").await;
    person(&store, s.id, "Ann", "One", &[a.id]).await;
    person(&store, s.id, "Bob", "Two", &[a.id, b.id]).await;
    person(&store, s.id, "Cat", "Three", &[b.id]).await;
    // A second employment at the same organisation counts the person once.
    person(&store, s.id, "Dan", "Four", &[b.id, b.id]).await;
    let other = scheme(&store, "Other").await;
    let x = org(&store, other.id, "Xray").await;
    person(&store, other.id, "Eve", "Five", &[x.id]).await;
    assert_eq!(
        store.count_people_by_organisation(s.id).await.unwrap(),
        vec![(a.id, 2), (b.id, 3), (c.id, 0)]
    );
}

/// SQLite only enforces foreign keys when each connection turns them on; writing through many
/// pooled connections at once must be refused on every one of them.
pub async fn foreign_keys_enforced_on_every_connection(store: Store) {
    let mut tasks = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .create_organisation(&org_value(SchemeId::new(), &format!("Orphan {i}")))
                .await
        }));
    }
    for t in tasks {
        assert!(matches!(t.await.unwrap(), Err(StoreError::NotFound)));
    }
}

pub async fn migrate_is_idempotent(store: Store) {
    let s = scheme(&store, "Kept").await;
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.get_scheme(s.id).await.unwrap(), s);
}
