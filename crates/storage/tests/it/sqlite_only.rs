//! SQLite specifics: the embedded default's file handling and connection settings.

use crate::fixtures::{org, person, scheme};
use sqlx::Connection;
use tandem_storage::{Backend, Store, StoreError};

#[tokio::test]
async fn file_is_created_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    assert!(!path.exists());
    // No `mode` in the URL: the file is still created.
    let store = Store::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    store.migrate().await.unwrap();
    let s = scheme(&store, "On disk").await;
    store.close().await;
    assert!(path.exists());

    let mut raw = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut raw)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    raw.close().await.unwrap();

    // Reopening finds the data and the applied migrations.
    let store = Store::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.get_scheme(s.id).await.unwrap(), s);
    store.close().await;
}

#[tokio::test]
async fn in_memory_database_works() {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    let s = scheme(&store, "Memory").await;
    let a = org(&store, s.id, "Alpha").await;
    // Several concurrent users share the one in-memory database.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            person(&store, s.id, &format!("P{i}"), "Mem", &[a.id]).await
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(store.all_people(s.id).await.unwrap().len(), 8);
    assert_eq!(store.list_schemes().await.unwrap(), vec![s]);
}

#[tokio::test]
async fn bad_urls_are_refused() {
    assert!(matches!(
        Store::connect("mysql://localhost/x").await,
        Err(StoreError::InvalidUrl(_))
    ));
    assert!(matches!(
        Store::connect("sqlite:/tmp/x.db?bogus=1").await,
        Err(StoreError::InvalidUrl(_))
    ));
    let missing = tempfile::tempdir().unwrap();
    let ro = format!(
        "sqlite:{}?mode=ro",
        missing.path().join("absent.db").display()
    );
    assert!(Store::connect(&ro).await.is_err());
}

/// The bundled SQLite is built as `.cargo/config.toml` asks (`LIBSQLITE3_FLAGS`): without
/// `SQLITE_ENABLE_MEMORY_MANAGEMENT`, which puts every connection's page cache behind one
/// process-wide mutex, and without memory statistics, which take another mutex on every
/// allocation. Both were a tenth of SQLite's time in a 1,000,000-row import (issue #18); a build
/// that loses the file's settings would lose that silently.
#[tokio::test]
async fn sqlite_is_built_without_global_cache_and_allocation_locks() {
    let mut raw = sqlx::sqlite::SqliteConnection::connect("sqlite::memory:")
        .await
        .unwrap();
    let options: Vec<String> =
        sqlx::query_scalar("SELECT compile_options FROM pragma_compile_options")
            .fetch_all(&mut raw)
            .await
            .unwrap();
    raw.close().await.unwrap();
    assert!(options.iter().any(|o| o == "ENABLE_FTS5"), "{options:?}");
    assert!(
        !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
        "{options:?}"
    );
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "{options:?}"
    );
}
