//! Fresh databases for each test, on each backend (see the crate-level comment in `main.rs`).

use sqlx::Connection;
use std::future::Future;
use tandem_storage::Store;

/// Runs `story` on a migrated SQLite database in a new temporary directory.
pub async fn on_sqlite<F, Fut>(story: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("tandem.db").display());
    let store = Store::connect(&url).await.expect("connect to SQLite");
    store.migrate().await.expect("migrate SQLite");
    story(store.clone()).await;
    store.close().await;
}

/// Runs `story` on a migrated, freshly created PostgreSQL database, or reports that it could
/// not (see `main.rs` for when that is a failure).
pub async fn on_postgres<F, Fut>(story: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(admin_url) = postgres_url() else {
        return;
    };
    let db = TempPgDatabase::create(&admin_url).await;
    let store = Store::connect(&db.url)
        .await
        .expect("connect to PostgreSQL");
    store.migrate().await.expect("migrate PostgreSQL");
    story(store.clone()).await;
    store.close().await;
    drop(db);
}

/// The server to test against, or `None` (after saying so) when none is configured and none is
/// required.
pub fn postgres_url() -> Option<String> {
    match std::env::var("TANDEM_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            if std::env::var("TANDEM_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("TANDEM_TEST_REQUIRE_POSTGRES=1 but TANDEM_TEST_POSTGRES_URL is not set");
            }
            eprintln!(
                "NOT RUN on PostgreSQL: TANDEM_TEST_POSTGRES_URL is not set (see scripts/pg-test.sh)"
            );
            None
        }
    }
}

/// A database created for one test and dropped when this value is dropped, even if the test
/// panicked (the drop runs its own small runtime on a separate thread).
pub struct TempPgDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl TempPgDatabase {
    pub async fn create(admin_url: &str) -> TempPgDatabase {
        let name = format!("tandem_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::postgres::PgConnection::connect(admin_url)
            .await
            .expect("connect to the PostgreSQL server");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create test database");
        admin.close().await.ok();
        let url = with_database(admin_url, &name);
        TempPgDatabase {
            admin_url: admin_url.to_string(),
            name,
            url,
        }
    }
}

impl Drop for TempPgDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let mut admin = sqlx::postgres::PgConnection::connect(&admin_url).await?;
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut admin)
                    .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}

/// `admin_url` with its database name replaced by `name` (query string kept).
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(base.len());
    let mut url = format!("{}/{}", &base[..host_end], name);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

#[test]
fn database_name_is_replaced() {
    assert_eq!(
        with_database("postgres://u@h:5/postgres", "x"),
        "postgres://u@h:5/x"
    );
    assert_eq!(with_database("postgres://u@h:5", "x"), "postgres://u@h:5/x");
    assert_eq!(
        with_database("postgres://u:p@h/db?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
}
