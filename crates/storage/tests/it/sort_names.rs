//! Family names sort without their Dutch particles ("Petra van der Meer" under M), in every list
//! and page, and migration 0039 recomputes keys written before it (and stores vocabulary
//! professions as codes) the same way on both backends.

use crate::fixtures::{job, org, person_value, scheme};
use sqlx::Connection;
use tandem_domain::policy::PeopleScope;
use tandem_domain::words::family_sort_key;
use tandem_domain::{PersonId, SchemeId};
use tandem_storage::{Backend, MAX_PAGE, PeopleCursor, PeopleQuery, Store};
use tandem_test_support::Database;

/// (given, family) in the order a Dutch reader expects.
const ORDERED: &[(&str, &str)] = &[
    ("Zoe", "Adams"),
    ("Anna", "van den Berg"),
    ("Thijs", "de Graaf"),
    ("Joost", "’t Hart"),
    ("Anna", "Jansen"),
    ("Ben", "Meer"),
    ("Petra", "van der Meer"),
    ("Vera", "Vandermeer"),
    ("Kees", "in ’t Veld"),
];

async fn people(store: &Store, s: SchemeId) -> Vec<PersonId> {
    let o = org(store, s, "Alpha").await;
    let mut ids = Vec::new();
    // Created in reverse so that insertion order cannot pass for name order.
    for (given, family) in ORDERED.iter().rev() {
        let p = person_value(s, given, family);
        let mut e = job(p.id, o.id, "Nurse", true);
        e.profession = "Verpleegkunde".into();
        store.create_person(&p, &[e]).await.unwrap();
        ids.push(p.id);
    }
    ids.reverse();
    ids
}

/// Walks the people list two at a time, forwards by cursor.
async fn walk(store: &Store, s: SchemeId, actor: PersonId) -> Vec<PersonId> {
    let mut out = Vec::new();
    let mut cursor: Option<PeopleCursor> = None;
    loop {
        let q = PeopleQuery {
            limit: 2,
            cursor,
            ..PeopleQuery::new(PeopleScope::All, actor)
        };
        let page = store.search_people(s, &q).await.unwrap();
        out.extend(page.items.iter().map(|i| i.person.id));
        match page.next {
            Some(t) => cursor = Some(PeopleCursor::parse(&t).unwrap()),
            None => return out,
        }
        assert!(out.len() <= ORDERED.len(), "the walk ends");
    }
}

pub async fn family_names_sort_without_particles(store: Store) {
    let s = scheme(&store, "S").await;
    let ids = people(&store, s.id).await;
    assert_eq!(walk(&store, s.id, ids[0]).await, ids, "cursor pages");
    let whole: Vec<PersonId> = store
        .all_people(s.id)
        .await
        .unwrap()
        .iter()
        .map(|r| r.person.id)
        .collect();
    assert_eq!(whole, ids, "whole-scheme readers (exports)");
    let q = PeopleQuery {
        limit: MAX_PAGE,
        text: Some("meer".into()),
        ..PeopleQuery::new(PeopleScope::All, ids[0])
    };
    let found: Vec<PersonId> = store
        .search_people(s.id, &q)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.person.id)
        .collect();
    assert_eq!(
        found,
        vec![ids[5], ids[6], ids[7]],
        "a search keeps the order"
    );
}

async fn exec(db: &Database, sql: &str) {
    match db.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                .execute(&mut c)
                .await
                .unwrap();
            c.close().await.unwrap();
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                .execute(&mut c)
                .await
                .unwrap();
            c.close().await.unwrap();
        }
    }
}

/// Keys and professions as written before 0039 (the lower-cased family name; the profession as
/// typed) are recomputed by the migration to exactly what Rust now writes.
pub async fn migration_recomputes_old_keys(db: Database) {
    let store = db.store.clone();
    let s = scheme(&store, "S").await;
    let ids = people(&store, s.id).await;
    // Old-style rows: Rust used to store `family_name.to_lowercase()`; these names are ASCII
    // apart from the apostrophe, so SQL's LOWER writes the same. Extra spaces as a careless form
    // would have kept them.
    exec(
        &db,
        "UPDATE people SET family_key = LOWER(family_name); \
         UPDATE people SET family_key = 'van  der meer ' WHERE family_name = 'van der Meer'; \
         UPDATE employments SET profession = ' verpleegkunde'; \
         DELETE FROM _sqlx_migrations WHERE version = 39;",
    )
    .await;
    assert_ne!(
        walk(&store, s.id, ids[0]).await,
        ids,
        "old keys sort by particle"
    );
    store.migrate().await.unwrap();
    assert!(store.migration_status().await.unwrap().is_current());
    assert_eq!(walk(&store, s.id, ids[0]).await, ids, "migrated keys");
    for id in &ids {
        let rec = store.get_person(*id).await.unwrap();
        assert_eq!(rec.employments[0].profession, "nursing");
    }
    let keys = keys(&db).await;
    assert_eq!(keys.len(), ORDERED.len());
    for (family, key) in keys {
        assert_eq!(key, family_sort_key(&family), "{family}");
    }
}

/// (family name, family key) of every person, read beside the store.
async fn keys(db: &Database) -> Vec<(String, String)> {
    let sql = "SELECT family_name, family_key FROM people";
    match db.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
        }
    }
}
