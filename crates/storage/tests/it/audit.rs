//! The audit log's guarantees, on both backends: an entry and its change commit together (a
//! failing entry rolls the change back, a refused change writes no entry), and concurrent
//! appenders keep one unbroken chain.

use crate::fixtures;
use chrono::Utc;
use sqlx::Connection;
use tandem_storage::{AuditEntry, AuditFilter, Backend, Store, StoreError};
use tandem_test_support::{Database, on_postgres, on_sqlite};

fn entry(action: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        actor: None,
        action: action.into(),
        subject: "s".into(),
        detail: String::new(),
    }
}

/// Makes every audit insert fail, as a full disk or a broken constraint would.
async fn break_audit_inserts(db: &Database) {
    match db.store.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            sqlx::query(
                "CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log \
                 BEGIN SELECT RAISE(ABORT, 'broken'); END",
            )
            .execute(&mut c)
            .await
            .unwrap();
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            for sql in [
                "CREATE FUNCTION audit_broken() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'broken'; END $$",
                "CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION audit_broken()",
            ] {
                sqlx::query(sql).execute(&mut c).await.unwrap();
            }
        }
    }
}

async fn change_and_entry_commit_together(db: Database) {
    let store = db.store.clone();
    let scheme = fixtures::scheme(&store, "Chained").await;
    // A refused change (an unknown organisation) writes no entry.
    let ghost = fixtures::org_value(scheme.id, "Ghost");
    let handle = store.audited(entry("organisation.update"));
    assert!(matches!(
        handle.update_organisation(&ghost).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.list_audit(10).await.unwrap().is_empty());
    // A change and its entry.
    let org = fixtures::org_value(scheme.id, "Kept");
    let handle = store.audited(entry("organisation.create"));
    handle.create_organisation(&org).await.unwrap();
    handle.ensure_flushed().unwrap();
    assert_eq!(store.list_audit(10).await.unwrap().len(), 1);
    // The entry's insert fails: the change is rolled back with it.
    break_audit_inserts(&db).await;
    let lost = fixtures::org_value(scheme.id, "Lost");
    let handle = store.audited(entry("organisation.create"));
    assert!(handle.create_organisation(&lost).await.is_err());
    assert!(matches!(
        store.get_organisation(lost.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.list_audit(10).await.unwrap().len(), 1);
    assert!(store.verify_audit().await.unwrap().broken.is_none());
}

async fn concurrent_appenders_keep_one_chain(store: Store) {
    let mut tasks = Vec::new();
    for t in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..15 {
                store
                    .append_audit(&entry(&format!("test.{t}.{i}")))
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let check = store.verify_audit().await.unwrap();
    assert_eq!(check.broken, None);
    assert_eq!(check.entries, 120);
    // Keyset pages: newest first, no entry twice, none missed.
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store
            .audit_page(&AuditFilter::default(), before, 50)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        before = page.last().map(|r| r.seq);
        seen.extend(page.iter().map(|r| r.seq));
    }
    assert_eq!(seen, (1..=120).rev().collect::<Vec<i64>>());
    let only = AuditFilter {
        action: Some("test.3.7".into()),
        ..Default::default()
    };
    let rows = store.audit_page(&only, None, 50).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "test.3.7");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_change_and_entry_commit_together() {
    on_sqlite(change_and_entry_commit_together).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_change_and_entry_commit_together() {
    on_postgres(change_and_entry_commit_together).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_concurrent_appenders_keep_one_chain() {
    on_sqlite(|db| concurrent_appenders_keep_one_chain(db.store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_concurrent_appenders_keep_one_chain() {
    on_postgres(|db| concurrent_appenders_keep_one_chain(db.store)).await;
}

/// Entries written before migration 0024 (no seq, no hashes) are chained by the next
/// `migrate`, after those already chained, and the chain then verifies.
async fn entries_from_before_the_chain_are_chained_on_migrate(db: Database) {
    let store = db.store.clone();
    store.append_audit(&entry("chained.first")).await.unwrap();
    let insert = "INSERT INTO audit_log (id, at, actor_id, action, subject, detail) \
                  VALUES ($1, $2, NULL, $3, 's', '')";
    let old = [
        (
            "0190c0de-0000-7000-8000-000000000002",
            "2024-01-01T10:00:00.000000000Z",
            "old.b",
        ),
        (
            "0190c0de-0000-7000-8000-000000000001",
            "2024-01-01T09:00:00.000000000Z",
            "old.a",
        ),
    ];
    match store.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            for (id, at, action) in old {
                sqlx::query(insert)
                    .bind(id)
                    .bind(at)
                    .bind(action)
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            for (id, at, action) in old {
                sqlx::query(insert)
                    .bind(id)
                    .bind(at)
                    .bind(action)
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
        }
    }
    let check = store.verify_audit().await.unwrap();
    assert_eq!(
        check.broken.map(|b| b.problem),
        Some(tandem_storage::AuditProblem::Unchained)
    );
    store.migrate().await.unwrap();
    let check = store.verify_audit().await.unwrap();
    assert_eq!(check.broken, None);
    assert_eq!(check.entries, 3);
    let rows = store
        .audit_page(&AuditFilter::default(), None, 10)
        .await
        .unwrap();
    let order: Vec<&str> = rows.iter().rev().map(|r| r.action.as_str()).collect();
    assert_eq!(order, ["chained.first", "old.a", "old.b"]);
    // Chaining happens once: another migrate changes nothing.
    store.migrate().await.unwrap();
    assert_eq!(store.verify_audit().await.unwrap().entries, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_entries_from_before_the_chain_are_chained_on_migrate() {
    on_sqlite(entries_from_before_the_chain_are_chained_on_migrate).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_entries_from_before_the_chain_are_chained_on_migrate() {
    on_postgres(entries_from_before_the_chain_are_chained_on_migrate).await;
}
