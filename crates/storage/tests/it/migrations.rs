//! Where a database stands against the migrations this build carries (`tandem config check`).

use sqlx::Connection;
use tandem_storage::{MigrationStatus, Store};

/// A migrated database: everything applied, nothing pending, unknown or damaged.
pub async fn a_migrated_database_is_current(store: Store) {
    let status = store.migration_status().await.unwrap();
    assert!(status.is_current(), "{status:?}");
    assert!(status.applied.len() >= 8, "{status:?}");
    assert!(status.applied.windows(2).all(|w| w[0] < w[1]));
}

fn all_pending(status: &MigrationStatus) {
    assert!(status.applied.is_empty(), "{status:?}");
    assert!(status.pending.len() >= 8, "{status:?}");
    assert!(status.unknown.is_empty() && status.damaged.is_empty());
    assert!(!status.is_current());
}

/// An empty database has every migration pending, and reading that changes nothing.
#[tokio::test]
async fn sqlite_empty_database_has_every_migration_pending() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("empty.db").display());
    let store = Store::connect(&url).await.unwrap();
    all_pending(&store.migration_status().await.unwrap());
    all_pending(&store.migration_status().await.unwrap());
    store.migrate().await.unwrap();
    assert!(store.migration_status().await.unwrap().is_current());
    store.close().await;
}

#[tokio::test]
async fn postgres_empty_database_has_every_migration_pending() {
    let Some(admin) = tandem_test_support::postgres_url() else {
        return;
    };
    let db = tandem_test_support::TempPgDatabase::create(&admin).await;
    let store = Store::connect(&db.url).await.unwrap();
    all_pending(&store.migration_status().await.unwrap());
    store.migrate().await.unwrap();
    assert!(store.migration_status().await.unwrap().is_current());
    store.close().await;
}

/// A version this build does not have (a newer Tandem migrated the database) and a recorded
/// failure are both reported, and `migrate` refuses such a database.
#[tokio::test]
async fn sqlite_newer_and_failed_migrations_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    let url = format!("sqlite:{}", path.display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let mut raw = sqlx::sqlite::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, X'00', 0)",
    )
    .execute(&mut raw)
    .await
    .unwrap();
    sqlx::query("UPDATE _sqlx_migrations SET success = FALSE WHERE version = 1")
        .execute(&mut raw)
        .await
        .unwrap();
    raw.close().await.unwrap();
    let status = store.migration_status().await.unwrap();
    assert_eq!(status.unknown, vec![9999]);
    assert_eq!(status.damaged, vec![1]);
    assert!(!status.is_current());
    assert!(
        store.migrate().await.is_err(),
        "sqlx refuses such a database"
    );
    store.close().await;
}
