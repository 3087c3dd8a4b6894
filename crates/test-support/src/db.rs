//! Fresh databases, one per story and backend, and the runners that hand them to stories.
//!
//! SQLite always runs, on a new file in a new temporary directory. PostgreSQL runs when
//! `TANDEM_TEST_POSTGRES_URL` names a server (as printed by `scripts/pg-test.sh start`): each
//! story gets its own database `tandem_test_<random>`, dropped afterwards, so stories run in
//! parallel. Without that URL a PostgreSQL run says so and returns; with
//! `TANDEM_TEST_REQUIRE_POSTGRES=1` it fails instead, so CI can never pass without having run it.

use sqlx::Connection;
use std::future::Future;
use tandem_storage::{Backend, Store};

/// A migrated database made for one story: its store, and the URL to open it again (a second
/// server behind a load balancer opens its own pool on the same database).
#[derive(Clone, Debug)]
pub struct Database {
    pub store: Store,
    pub url: String,
}

impl Database {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Another connection pool on the same database, as another instance of the server would
    /// have. The caller closes it (or lets the runner drop the database under it).
    pub async fn connect_again(&self) -> Store {
        Store::connect(&self.url)
            .await
            .expect("connect again to the test database")
    }
}

/// What keeps a fresh database alive; dropping it deletes the database.
enum Keep {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Postgres(#[allow(dead_code)] TempPgDatabase),
}

/// A database with what deletes it afterwards.
struct Fresh {
    db: Database,
    keep: Keep,
}

impl Fresh {
    async fn sqlite() -> Fresh {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("tandem.db").display());
        let store = Store::connect(&url).await.expect("connect to SQLite");
        store.migrate().await.expect("migrate SQLite");
        Fresh {
            db: Database { store, url },
            keep: Keep::Dir(dir),
        }
    }

    async fn postgres(admin_url: &str) -> Fresh {
        let pg = TempPgDatabase::create(admin_url).await;
        let store = Store::connect(&pg.url)
            .await
            .expect("connect to PostgreSQL");
        store.migrate().await.expect("migrate PostgreSQL");
        Fresh {
            db: Database {
                store,
                url: pg.url.clone(),
            },
            keep: Keep::Postgres(pg),
        }
    }

    /// Closes the story's pool, then deletes the database.
    async fn finish(self) {
        self.db.store.close().await;
        drop(self.keep);
    }
}

/// Runs `story` on a migrated SQLite database in a new temporary directory.
pub async fn on_sqlite<F, Fut>(story: F)
where
    F: FnOnce(Database) -> Fut,
    Fut: Future<Output = ()>,
{
    let fresh = Fresh::sqlite().await;
    story(fresh.db.clone()).await;
    fresh.finish().await;
}

/// Runs `story` on a migrated, freshly created PostgreSQL database, or returns without running
/// it when no server is configured (a failure when one is required; see [`postgres_url`]).
pub async fn on_postgres<F, Fut>(story: F)
where
    F: FnOnce(Database) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(admin_url) = postgres_url() else {
        return;
    };
    let fresh = Fresh::postgres(&admin_url).await;
    story(fresh.db.clone()).await;
    fresh.finish().await;
}

/// Runs `story` on SQLite, then on PostgreSQL when configured (see [`on_postgres`]).
pub async fn on_backends<F, Fut>(story: F)
where
    F: Fn(Database) -> Fut,
    Fut: Future<Output = ()>,
{
    on_sqlite(&story).await;
    on_postgres(&story).await;
}

/// The PostgreSQL server to test against, or `None` (after saying so) when none is configured
/// and none is required. Panics when `TANDEM_TEST_REQUIRE_POSTGRES=1` and no server is set.
pub fn postgres_url() -> Option<String> {
    match std::env::var("TANDEM_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("TANDEM_TEST_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "TANDEM_TEST_REQUIRE_POSTGRES=1 but TANDEM_TEST_POSTGRES_URL is not set"
            );
            eprintln!(
                "NOT RUN on PostgreSQL: TANDEM_TEST_POSTGRES_URL is not set (see scripts/pg-test.sh)"
            );
            None
        }
    }
}

/// A PostgreSQL database created for one test and dropped when this value is dropped, even when
/// the test panicked (the drop runs its own small runtime on a separate thread, because it may
/// happen inside or outside a runtime).
pub struct TempPgDatabase {
    admin_url: String,
    /// The database's name (`tandem_test_<random>`).
    pub name: String,
    /// The URL of the new database: `admin_url` with its database name replaced.
    pub url: String,
}

impl TempPgDatabase {
    /// Creates an empty database on the server of `admin_url` (a URL of a user who may create
    /// databases).
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
pub fn with_database(admin_url: &str, name: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[tokio::test]
    async fn each_sqlite_run_gets_its_own_migrated_database_deleted_afterwards() {
        let first = std::sync::Mutex::new(None);
        let first = &first;
        on_sqlite(|db| async move {
            assert_eq!(db.backend(), Backend::Sqlite);
            let scheme = tandem_domain::Scheme {
                id: tandem_domain::SchemeId::new(),
                name: "First".into(),
                description: String::new(),
            };
            db.store.create_scheme(&scheme).await.unwrap();
            let again = db.connect_again().await;
            assert_eq!(again.list_schemes().await.unwrap(), vec![scheme]);
            again.close().await;
            *first.lock().unwrap() = Some(db.url.clone());
        })
        .await;
        let first = first.lock().unwrap().clone().expect("the first story ran");
        let file = first.strip_prefix("sqlite:").unwrap();
        assert!(
            !std::path::Path::new(file).exists(),
            "{file} was not deleted"
        );
        on_sqlite(|db| async move {
            assert_ne!(first, db.url);
            assert!(db.store.list_schemes().await.unwrap().is_empty());
        })
        .await;
    }
}
