//! Fresh databases, one per story and backend, and the runners that hand them to stories.
//!
//! SQLite always runs, on a new file in a new temporary directory. PostgreSQL runs when
//! `TANDEM_TEST_POSTGRES_URL` names a server (as printed by `scripts/pg-test.sh start`): each
//! story gets its own database `tandem_test_<random>`, dropped afterwards, so stories run in
//! parallel. Without that URL a PostgreSQL run says so and returns; with
//! `TANDEM_TEST_REQUIRE_POSTGRES=1` it fails instead, so CI can never pass without having run it.
//!
//! A [`Template`] is seeded once and copied for every check that must start from the same
//! state; a [`Fingerprint`] of a database tells whether a call wrote anything.

use sqlx::{Connection, Row};
use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
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

    /// What the database holds now (see [`Fingerprint`]), read on a connection of its own, so
    /// that it sees what every pool committed and nothing the store would filter.
    pub async fn fingerprint(&self) -> Fingerprint {
        let probe = Probe::connect(self).await;
        let fingerprint = probe.fingerprint().await;
        probe.close().await;
        fingerprint
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
        Fresh::sqlite_from(None).await.migrated().await
    }

    async fn postgres(admin_url: &str) -> Fresh {
        Fresh::on_postgres(TempPgDatabase::create(admin_url).await)
            .await
            .migrated()
            .await
    }

    /// A SQLite file in a new temporary directory: empty, or a copy of `template`.
    async fn sqlite_from(template: Option<&Path>) -> Fresh {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("tandem.db");
        if let Some(template) = template {
            std::fs::copy(template, &file).expect("copy the template");
        }
        let url = format!("sqlite:{}", file.display());
        let store = Store::connect(&url).await.expect("connect to SQLite");
        Fresh {
            db: Database { store, url },
            keep: Keep::Dir(dir),
        }
    }

    async fn on_postgres(pg: TempPgDatabase) -> Fresh {
        let store = Store::connect(&pg.url)
            .await
            .expect("connect to PostgreSQL");
        Fresh {
            db: Database {
                store,
                url: pg.url.clone(),
            },
            keep: Keep::Postgres(pg),
        }
    }

    async fn migrated(self) -> Fresh {
        self.db.store.migrate().await.expect("migrate");
        self
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
    if !postgres_only() {
        on_sqlite(&story).await;
    }
    on_postgres(&story).await;
}

/// Whether this run covers PostgreSQL only: `scripts/test.sh` sets `TANDEM_TEST_BACKENDS=postgres`
/// for its second run, right after its first ran every story on SQLite, so that half is not run
/// twice. It is refused without a PostgreSQL server, so a story can never run on neither.
pub fn postgres_only() -> bool {
    if std::env::var("TANDEM_TEST_BACKENDS").as_deref() != Ok("postgres") {
        return false;
    }
    assert!(
        std::env::var("TANDEM_TEST_POSTGRES_URL").is_ok_and(|u| !u.trim().is_empty()),
        "TANDEM_TEST_BACKENDS=postgres but TANDEM_TEST_POSTGRES_URL is not set"
    );
    eprintln!("NOT RUN on SQLite here: TANDEM_TEST_BACKENDS=postgres (the SQLite run covers it)");
    true
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
        TempPgDatabase::create_as(admin_url, "").await
    }

    /// Another database with this one's contents, made by the server (`CREATE DATABASE …
    /// TEMPLATE`), which is much faster than seeding it again. Nobody may be connected to this
    /// one meanwhile: PostgreSQL refuses to copy a database in use.
    pub async fn copy(&self) -> TempPgDatabase {
        TempPgDatabase::create_as(&self.admin_url, &format!(" TEMPLATE {}", self.name)).await
    }

    async fn create_as(admin_url: &str, template: &str) -> TempPgDatabase {
        let name = format!("tandem_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::postgres::PgConnection::connect(admin_url)
            .await
            .expect("connect to the PostgreSQL server");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name}{template}"
        )))
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

/// A seeded database that checks copy instead of seeding their own: for a suite of many calls
/// on a rich world, each of which must start from the same state (a call that writes must not
/// change what the next one sees), where seeding once per call would take minutes.
///
/// On SQLite the template is one compacted file that each copy duplicates; on PostgreSQL it is a
/// database that each copy is made from with `CREATE DATABASE … TEMPLATE`. The template is
/// deleted when dropped, and each copy with its [`TemplateCopy`].
pub struct Template {
    source: Source,
}

enum Source {
    Sqlite {
        /// Holds the template file; copies live in directories of their own.
        _dir: tempfile::TempDir,
        file: PathBuf,
    },
    Postgres(TempPgDatabase),
}

impl Template {
    /// Runs `seed` on a fresh, migrated SQLite database and keeps what it left as the template;
    /// returns the template and what `seed` returned (the ids of what it seeded).
    pub async fn sqlite<F, Fut, T>(seed: F) -> (Template, T)
    where
        F: FnOnce(Database) -> Fut,
        Fut: Future<Output = T>,
    {
        let seeding = Fresh::sqlite().await;
        let seeded = seed(seeding.db.clone()).await;
        // `VACUUM INTO` writes one self-contained file: a plain copy of the seeding file could
        // miss what is still in its write-ahead log.
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("template.db");
        let probe = Probe::connect(&seeding.db).await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "VACUUM INTO '{}'",
            file.display()
        )))
        .execute(&probe.pool)
        .await
        .expect("write the template");
        probe.close().await;
        seeding.finish().await;
        let source = Source::Sqlite { _dir: dir, file };
        (Template { source }, seeded)
    }

    /// Runs `seed` on a fresh, migrated PostgreSQL database of the server of `admin_url` (see
    /// [`postgres_url`]) and keeps it as the template. The seeding store is closed afterwards,
    /// since a database cannot be copied while connected to: `seed` must not open pools of its
    /// own on it (such as [`Database::connect_again`]) and leave them open.
    pub async fn postgres<F, Fut, T>(admin_url: &str, seed: F) -> (Template, T)
    where
        F: FnOnce(Database) -> Fut,
        Fut: Future<Output = T>,
    {
        let seeding = Fresh::postgres(admin_url).await;
        let seeded = seed(seeding.db.clone()).await;
        seeding.db.store.close().await;
        let Keep::Postgres(database) = seeding.keep else {
            unreachable!("a PostgreSQL database")
        };
        (
            Template {
                source: Source::Postgres(database),
            },
            seeded,
        )
    }

    /// A fresh copy of the template, and a connection of its own that reads its
    /// [`TemplateCopy::fingerprint`].
    pub async fn copy(&self) -> TemplateCopy {
        let fresh = match &self.source {
            Source::Sqlite { file, .. } => Fresh::sqlite_from(Some(file)).await,
            Source::Postgres(template) => Fresh::on_postgres(template.copy().await).await,
        };
        let probe = Probe::connect(&fresh.db).await;
        TemplateCopy { fresh, probe }
    }
}

/// A copy of a [`Template`], deleted when dropped (call [`Self::close`] first to close its
/// connections in order).
pub struct TemplateCopy {
    fresh: Fresh,
    /// Kept open because a check reads the fingerprint after every call.
    probe: Probe,
}

impl TemplateCopy {
    /// The copy's store and URL.
    pub fn database(&self) -> &Database {
        &self.fresh.db
    }

    /// What the copy holds now (see [`Fingerprint`]).
    pub async fn fingerprint(&self) -> Fingerprint {
        self.probe.fingerprint().await
    }

    /// Closes the copy's connections, then deletes it.
    pub async fn close(self) {
        self.probe.close().await;
        self.fresh.finish().await;
    }
}

/// A connection to a database beside its store: the store exposes no SQL, and a fingerprint
/// must read every table as it is (the audit log included; only the migrations' bookkeeping is
/// left out).
struct Probe {
    pool: sqlx::AnyPool,
    backend: Backend,
    /// The tables and the query reading them all (see [`Probe::select_everything`]).
    everything: std::sync::OnceLock<(Vec<String>, String)>,
}

impl Probe {
    async fn connect(db: &Database) -> Probe {
        sqlx::any::install_default_drivers();
        let pool = sqlx::pool::PoolOptions::<sqlx::Any>::new()
            .max_connections(1)
            .connect(&db.url)
            .await
            .expect("connect the probe");
        Probe {
            pool,
            backend: db.backend(),
            everything: std::sync::OnceLock::new(),
        }
    }

    async fn strings(&self, sql: String, column: &str) -> Vec<String> {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .expect("read the database")
            .iter()
            .map(|r| r.get::<String, _>(column))
            .collect()
    }

    /// One query that reads every table as `(name, row)` pairs, one text per row, the same for
    /// the same contents (SQLite quotes each column and joins them, PostgreSQL writes the row as
    /// a record). Built once per probe from the schema: a fingerprint is then one round trip,
    /// not one per table, which matters when a test takes a thousand of them.
    async fn select_everything(&self) -> &(Vec<String>, String) {
        if let Some(built) = self.everything.get() {
            return built;
        }
        let sqlite = self.backend == Backend::Sqlite;
        let list = if sqlite {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name"
        } else {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
             AND table_name NOT LIKE '_sqlx%' ORDER BY name"
        };
        let tables = self.strings(list.into(), "name").await;
        let mut selects = Vec::new();
        for table in &tables {
            let row = if sqlite {
                let columns = self
                    .strings(
                        format!("SELECT name FROM pragma_table_info('{table}')"),
                        "name",
                    )
                    .await;
                let quoted: Vec<String> = columns
                    .iter()
                    .map(|c| format!("quote(t.\"{c}\")"))
                    .collect();
                quoted.join(" || '|' || ")
            } else {
                "CAST(t AS TEXT)".to_string()
            };
            selects.push(format!(
                "SELECT CAST('{table}' AS TEXT) AS name, {row} AS row FROM \"{table}\" AS t"
            ));
        }
        self.everything
            .get_or_init(|| (tables, selects.join(" UNION ALL ")))
    }

    async fn fingerprint(&self) -> Fingerprint {
        let (names, sql) = self.select_everything().await.clone();
        let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .expect("read the database")
        {
            rows.entry(r.get::<String, _>("name"))
                .or_default()
                .push(r.get::<String, _>("row"));
        }
        let mut tables = BTreeMap::new();
        for name in names {
            let mut rows = rows.remove(&name).unwrap_or_default();
            rows.sort();
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            rows.hash(&mut hasher);
            tables.insert(name, (rows.len(), hasher.finish()));
        }
        Fingerprint(tables)
    }

    async fn close(self) {
        self.pool.close().await;
    }
}

/// What a database holds: per table, its number of rows and a hash of their contents, in any
/// order. Equal fingerprints before and after a call mean the call wrote nothing, not even to
/// the audit log (a table like any other), which is how a test proves that a refused call had
/// no effect; a changed row is seen even when the number of rows stays the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint(BTreeMap<String, (usize, u64)>);

impl Fingerprint {
    /// The tables whose rows differ from `before`'s, each as `table (then -> now rows)`, for
    /// a failure message that says where a call wrote.
    pub fn changed_since(&self, before: &Fingerprint) -> Vec<String> {
        self.0
            .iter()
            .filter(|(t, now)| before.0.get(*t) != Some(now))
            .map(|(t, (n, _))| {
                let then = before.0.get(t).map_or(0, |(n, _)| *n);
                format!("{t} ({then} -> {n} rows)")
            })
            .collect()
    }

    /// How many rows `table` held when the fingerprint was taken (0 for a table it lacks).
    pub fn rows(&self, table: &str) -> usize {
        self.0.get(table).map_or(0, |(n, _)| *n)
    }
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

    /// One scheme, seeded into a template.
    async fn seed_a_scheme(db: Database) -> tandem_domain::Scheme {
        let scheme = tandem_domain::Scheme {
            id: tandem_domain::SchemeId::new(),
            name: "Seeded".into(),
            description: String::new(),
        };
        db.store.create_scheme(&scheme).await.unwrap();
        scheme
    }

    /// Each copy starts as seeded, whatever another copy wrote; its fingerprint sees a new row
    /// and a changed one, and not a read.
    async fn copies_start_as_seeded(template: &Template, scheme: &tandem_domain::Scheme) {
        let first = template.copy().await;
        let store = &first.database().store;
        let clean = first.fingerprint().await;
        assert_eq!(store.list_schemes().await.unwrap(), vec![scheme.clone()]);
        assert_eq!(first.fingerprint().await, clean, "reading changes nothing");
        let mut organisation = tandem_domain::Organisation {
            id: tandem_domain::OrganisationId::new(),
            scheme_id: scheme.id,
            name: "Added".into(),
            kind: tandem_domain::OrganisationKind::Charity,
            country: tandem_domain::Country::UnitedKingdom,
        };
        store.create_organisation(&organisation).await.unwrap();
        let added = first.fingerprint().await;
        assert_eq!(added.changed_since(&clean), ["organisations (0 -> 1 rows)"]);
        organisation.name = "Renamed".into();
        store.update_organisation(&organisation).await.unwrap();
        let renamed = first.database().fingerprint().await;
        assert_eq!(renamed, first.fingerprint().await, "both readings agree");
        assert_eq!(
            renamed.changed_since(&added),
            ["organisations (1 -> 1 rows)"]
        );

        let second = template.copy().await;
        assert_ne!(second.database().url, first.database().url);
        assert_eq!(second.fingerprint().await, clean, "a new copy is as seeded");
        first.close().await;
        second.close().await;
    }

    #[tokio::test]
    async fn a_sqlite_template_is_copied_as_seeded_and_copies_are_deleted() {
        let (template, scheme) = Template::sqlite(seed_a_scheme).await;
        copies_start_as_seeded(&template, &scheme).await;
        let copy = template.copy().await;
        let file = copy
            .database()
            .url
            .strip_prefix("sqlite:")
            .unwrap()
            .to_string();
        copy.close().await;
        assert!(!Path::new(&file).exists(), "{file} was not deleted");
    }

    #[tokio::test]
    async fn a_postgres_template_is_copied_as_seeded() {
        let Some(admin_url) = postgres_url() else {
            return;
        };
        let (template, scheme) = Template::postgres(&admin_url, seed_a_scheme).await;
        copies_start_as_seeded(&template, &scheme).await;
    }
}
