//! `copy::copy_sqlite_to_postgres`: a SQLite file into an empty PostgreSQL database.
//!
//! The tests live in `copy::postgres` so that the PostgreSQL run of `scripts/test.sh` selects
//! them; without a server they say so and return (and fail under
//! `TANDEM_TEST_REQUIRE_POSTGRES=1`), like every PostgreSQL story.

mod postgres {
    use rand::{Rng, SeedableRng};
    use sha2::Digest;
    use sqlx::{AssertSqlSafe, Connection, Row};
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use tandem_domain::{AccountId, OrganisationKind};
    use tandem_storage::copy::{CopyError, copy_sqlite_to_postgres};
    use tandem_storage::{Account, AuditEntry, Store};
    use tandem_test_support::fixtures::{add_person, at, organisation, scheme};
    use tandem_test_support::{TempPgDatabase, postgres_url};

    /// A migrated SQLite file with a small scheme in it: two people (one the other's line
    /// manager), an account with a password hash, and audit entries.
    struct Source {
        _dir: tempfile::TempDir,
        file: PathBuf,
        url: String,
    }

    async fn seeded_source() -> (Source, tandem_domain::SchemeId) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tandem.db");
        let url = format!("sqlite:{}", file.display());
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let scheme_id = scheme(&store, "North Consortium").await;
        let org = organisation(&store, scheme_id, "Trust Ö", OrganisationKind::NhsTrust).await;
        let manager = add_person(&store, scheme_id, org, "Ada", "Özdemir", "ada@example.org").await;
        let report = add_person(&store, scheme_id, org, "IJsbrand", "Vos", "ij@example.org").await;
        let mut record = store.get_person(report).await.unwrap();
        record.employments[0].line_manager_id = Some(manager);
        store
            .update_person(&record.person, &record.employments)
            .await
            .unwrap();
        store
            .create_account(&Account {
                id: AccountId::new(),
                person_id: manager,
                scheme_id,
                email: "ada@example.org".into(),
                password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
                disabled: false,
                failed_logins: 2,
                locked_until: Some(at(2030, 1, 2, 3, 4)),
            })
            .await
            .unwrap();
        for i in 0..3 {
            store
                .append_audit(&AuditEntry {
                    at: at(2026, 1, 1, 9, i),
                    actor: Some(manager),
                    action: "person.updated".into(),
                    subject: report.to_string(),
                    detail: format!("change {i}"),
                })
                .await
                .unwrap();
        }
        store.close().await;
        (
            Source {
                _dir: dir,
                file,
                url,
            },
            scheme_id,
        )
    }

    /// Every file beside the source (the database and any journal) with its length and the
    /// SHA-256 of its bytes.
    fn files_of(source: &Source) -> BTreeMap<String, (usize, String)> {
        let dir = source.file.parent().unwrap();
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (p.file_name().unwrap().to_string_lossy().into_owned(), {
                    let bytes = std::fs::read(&p).unwrap();
                    (bytes.len(), hex::encode(sha2::Sha256::digest(&bytes)))
                })
            })
            .collect()
    }

    /// The source as it was: the database file byte for byte, and no page in its write-ahead
    /// log that was not there before. (A reader of a WAL database creates the `-shm` index and
    /// an empty `-wal` when they are missing, as SQLite's readers always do; neither holds data.)
    #[track_caller]
    fn assert_untouched(
        before: &BTreeMap<String, (usize, String)>,
        after: &BTreeMap<String, (usize, String)>,
    ) {
        assert_eq!(
            after["tandem.db"], before["tandem.db"],
            "the database file changed"
        );
        match (before.get("tandem.db-wal"), after.get("tandem.db-wal")) {
            (_, None) => {}
            (None, Some((len, _))) => assert_eq!(*len, 0, "pages were written to the log"),
            (Some(b), Some(a)) => assert_eq!(a, b, "the log changed"),
        }
    }

    async fn raw_sqlite(file: &Path) -> sqlx::SqliteConnection {
        sqlx::SqliteConnection::connect(&format!("sqlite:{}", file.display()))
            .await
            .unwrap()
    }

    /// The tables of a PostgreSQL database holding rows (the migrations' own table aside), with
    /// their counts, and all its tables.
    async fn pg_contents(url: &str) -> (BTreeMap<String, i64>, Vec<String>) {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let mut rows = BTreeMap::new();
        for t in tables.iter().filter(|t| *t != "_sqlx_migrations") {
            let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{t}\"")))
                .fetch_one(&mut conn)
                .await
                .unwrap();
            if n > 0 {
                rows.insert(t.clone(), n);
            }
        }
        conn.close().await.unwrap();
        (rows, tables)
    }

    /// A table with every column type the copy carries, created on both sides (the target
    /// migrated first, as the copy would), filled on the source with generated rows: extreme
    /// integers, reals that are not round in decimal, infinities and negative zero, text in
    /// many scripts with quotes and line breaks, blobs with every byte, nulls; every row
    /// refers to a parent with a *larger* id, so reading in key order meets children first.
    async fn add_probe_table(source: &Source, target_url: &str, rows: i64) {
        let mut sqlite = raw_sqlite(&source.file).await;
        sqlx::query(
            "CREATE TABLE copy_probe (id INTEGER PRIMARY KEY, \
             parent_id INTEGER REFERENCES copy_probe (id), label TEXT, big BIGINT, \
             small INTEGER, ratio REAL, data BLOB, flag INTEGER NOT NULL)",
        )
        .execute(&mut sqlite)
        .await
        .unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(19);
        let scripts = [
            "",
            "plain",
            "O'Brien \"quoted\"",
            "back\\slash",
            "tab\tline\nbreak\r\n",
            "Ærøskøbing",
            "IJsbrand Özdemir",
            "Ελληνικά",
            "中文字符",
            "🙂👩‍⚕️",
            "%_like_%",
        ];
        for id in (1..=rows).rev() {
            let parent =
                (id < rows && rng.random_bool(0.8)).then(|| rng.random_range(id + 1..=rows));
            let label = rng.random_bool(0.9).then(|| {
                let mut s = String::new();
                for _ in 0..rng.random_range(0..4) {
                    s.push_str(scripts[rng.random_range(0..scripts.len())]);
                    s.push(char::from_u32(rng.random_range(0x20..0x2FFF)).unwrap_or('x'));
                }
                s
            });
            let big = match id % 5 {
                0 => i64::MIN,
                1 => i64::MAX,
                _ => rng.random(),
            };
            let small: i32 = rng.random();
            let ratio = match id % 7 {
                0 => f64::INFINITY,
                1 => f64::NEG_INFINITY,
                2 => -0.0,
                3 => f64::MIN_POSITIVE / 3.0,
                _ => f64::from_bits(rng.random::<u64>() & !(0x7FF << 52)) * 1e300,
            };
            let data = rng.random_bool(0.8).then(|| {
                let n = rng.random_range(0..64);
                (0..n).map(|_| rng.random::<u8>()).collect::<Vec<u8>>()
            });
            sqlx::query("INSERT INTO copy_probe VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(id)
                .bind(parent)
                .bind(label)
                .bind(big)
                .bind(small)
                .bind(ratio)
                .bind(data)
                .bind(id % 2)
                .execute(&mut sqlite)
                .await
                .unwrap();
        }
        sqlite.close().await.unwrap();

        let target = Store::connect(target_url).await.unwrap();
        target.migrate().await.unwrap();
        target.close().await;
        let mut pg = sqlx::PgConnection::connect(target_url).await.unwrap();
        sqlx::query(
            "CREATE TABLE copy_probe (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \
             parent_id BIGINT REFERENCES copy_probe (id), label TEXT, big BIGINT, \
             small INTEGER, ratio DOUBLE PRECISION, data BYTEA, flag INTEGER NOT NULL)",
        )
        .execute(&mut pg)
        .await
        .unwrap();
        pg.close().await.unwrap();
    }

    type ProbeRow = (
        i64,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<u64>,
        Option<Vec<u8>>,
        i64,
    );

    async fn probe_rows_sqlite(file: &Path) -> Vec<ProbeRow> {
        let mut c = raw_sqlite(file).await;
        let rows = sqlx::query("SELECT * FROM copy_probe ORDER BY id")
            .fetch_all(&mut c)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get::<Option<f64>, _>(5).map(f64::to_bits),
                    r.get(6),
                    r.get(7),
                )
            })
            .collect();
        c.close().await.unwrap();
        rows
    }

    async fn probe_rows_pg(url: &str) -> Vec<ProbeRow> {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        let rows = sqlx::query("SELECT * FROM copy_probe ORDER BY id")
            .fetch_all(&mut c)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get::<Option<i32>, _>(4).map(i64::from),
                    r.get::<Option<f64>, _>(5).map(f64::to_bits),
                    r.get(6),
                    r.get::<i32, _>(7).into(),
                )
            })
            .collect();
        c.close().await.unwrap();
        rows
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn copies_every_table_and_value_exactly_and_never_writes_the_source() {
        let Some(admin) = postgres_url() else { return };
        let (source, scheme_id) = seeded_source().await;
        let target = TempPgDatabase::create(&admin).await;
        add_probe_table(&source, &target.url, 400).await;
        let before = files_of(&source);

        let mut reports = Vec::new();
        let report = copy_sqlite_to_postgres(&source.url, &target.url, |p| {
            reports.push((p.table.to_string(), p.done, p.total))
        })
        .await
        .unwrap();
        assert_untouched(&before, &files_of(&source));
        assert!(
            !report.migrated_target,
            "the test migrated the target itself"
        );

        // Every table is in the report, parents before children, with the source's counts.
        let (rows, tables) = pg_contents(&target.url).await;
        let copied: Vec<&str> = report.tables.iter().map(|t| t.table.as_str()).collect();
        let mut all: Vec<&str> = tables
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "_sqlx_migrations")
            // The people search's derived tables, kept by the target's own triggers.
            .filter(|t| !t.starts_with("people_search"))
            .collect();
        all.sort();
        let mut sorted = copied.clone();
        sorted.sort();
        assert_eq!(sorted, all, "every table is copied");
        let pos = |t: &str| copied.iter().position(|c| *c == t).unwrap();
        assert!(pos("schemes") < pos("people") && pos("people") < pos("employments"));
        assert!(pos("accounts") < pos("sessions"));
        for t in &report.tables {
            assert_eq!(
                rows.get(&t.table).copied().unwrap_or(0),
                t.rows as i64,
                "{}",
                t.table
            );
            assert_eq!(t.checksum.len(), 64);
        }
        assert_eq!(rows["copy_probe"], 400);
        assert_eq!(rows["audit_log"], 3);
        assert!(
            reports.contains(&("copy_probe".into(), 400, 400)),
            "{reports:?}"
        );

        // Independently of the copy's own checksums: the values read back are the source's.
        assert_eq!(
            probe_rows_pg(&target.url).await,
            probe_rows_sqlite(&source.file).await
        );
        let (from, to) = (
            Store::connect(&source.url).await.unwrap(),
            Store::connect(&target.url).await.unwrap(),
        );
        assert_eq!(
            to.all_people(scheme_id).await.unwrap(),
            from.all_people(scheme_id).await.unwrap()
        );
        assert!(
            to.all_people(scheme_id)
                .await
                .unwrap()
                .iter()
                .any(|p| p.employments[0].line_manager_id.is_some())
        );
        assert_eq!(
            to.list_audit(10).await.unwrap(),
            from.list_audit(10).await.unwrap()
        );
        assert_eq!(
            to.account_by_email("ada@example.org").await.unwrap(),
            from.account_by_email("ada@example.org").await.unwrap()
        );
        from.close().await;
        to.close().await;

        // The identity column's sequence continues after the copied ids.
        let mut pg = sqlx::PgConnection::connect(&target.url).await.unwrap();
        let next: i64 = sqlx::query_scalar("INSERT INTO copy_probe (flag) VALUES (1) RETURNING id")
            .fetch_one(&mut pg)
            .await
            .unwrap();
        assert_eq!(next, 401);
        pg.close().await.unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn migrates_a_fresh_target_and_refuses_a_second_copy_into_it() {
        let Some(admin) = postgres_url() else { return };
        let (source, _) = seeded_source().await;
        let target = TempPgDatabase::create(&admin).await;
        let report = copy_sqlite_to_postgres(&source.url, &target.url, |_| {})
            .await
            .unwrap();
        assert!(report.migrated_target);
        let (rows, _) = pg_contents(&target.url).await;

        let err = copy_sqlite_to_postgres(&source.url, &target.url, |_| {})
            .await
            .unwrap_err();
        match &err {
            CopyError::TargetNotEmpty { tables } => {
                assert!(
                    tables.contains(&"people".to_string())
                        && tables.contains(&"schemes".to_string()),
                    "{tables:?}"
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(err.is_refusal());
        assert!(err.to_string().contains("already holds data (in "), "{err}");
        assert_eq!(
            pg_contents(&target.url).await.0,
            rows,
            "the refused copy wrote nothing"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn refuses_an_older_or_newer_source_without_migrating_it_or_touching_the_target() {
        let Some(admin) = postgres_url() else { return };
        let (source, _) = seeded_source().await;
        let target = TempPgDatabase::create(&admin).await;
        let mut sqlite = raw_sqlite(&source.file).await;
        let latest: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut sqlite)
            .await
            .unwrap();
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
            .bind(latest)
            .execute(&mut sqlite)
            .await
            .unwrap();
        sqlite.close().await.unwrap();
        let before = files_of(&source);

        let err = copy_sqlite_to_postgres(&source.url, &target.url, |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(err, CopyError::SourceOutdated { found, latest: l } if found == latest - 1 && l == latest),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .contains("run `tandem migrate` on the source first"),
            "{err}"
        );
        assert_untouched(&before, &files_of(&source));
        assert_eq!(
            pg_contents(&target.url).await.1,
            Vec::<String>::new(),
            "the target was not even migrated"
        );

        let mut sqlite = raw_sqlite(&source.file).await;
        sqlx::query("INSERT INTO _sqlx_migrations SELECT version + 1000, description, installed_on, success, checksum, execution_time FROM _sqlx_migrations WHERE version = 1")
            .execute(&mut sqlite)
            .await
            .unwrap();
        sqlite.close().await.unwrap();
        let err = copy_sqlite_to_postgres(&source.url, &target.url, |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(err, CopyError::SourceNewer { found: 1001, .. }),
            "{err:?}"
        );
        assert!(err.is_refusal());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn refuses_a_target_with_tables_of_its_own() {
        let Some(admin) = postgres_url() else { return };
        let (source, _) = seeded_source().await;
        let target = TempPgDatabase::create(&admin).await;
        let mut pg = sqlx::PgConnection::connect(&target.url).await.unwrap();
        sqlx::query("CREATE TABLE invoices (id TEXT PRIMARY KEY)")
            .execute(&mut pg)
            .await
            .unwrap();
        pg.close().await.unwrap();
        let err = copy_sqlite_to_postgres(&source.url, &target.url, |_| {})
            .await
            .unwrap_err();
        assert!(matches!(err, CopyError::TargetNotTandem), "{err:?}");
        assert_eq!(pg_contents(&target.url).await.1, ["invoices"]);
    }

    /// A row the target's constraints refuse (an employment of a person who does not exist,
    /// which SQLite let in with its foreign keys switched off) fails the copy midway: the
    /// tables copied before it are rolled back with it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_row_breaking_a_target_constraint_rolls_everything_back() {
        let Some(admin) = postgres_url() else { return };
        let (source, _) = seeded_source().await;
        let mut sqlite = raw_sqlite(&source.file).await;
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut sqlite)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO employments (id, person_id, organisation_id, ordinal, job_title, \
             profession, grade_system, grade, line_manager_id, is_primary) \
             SELECT 'e-orphan', 'no-such-person', organisation_id, 0, 'x', 'x', grade_system, \
             grade, NULL, 1 FROM employments LIMIT 1",
        )
        .execute(&mut sqlite)
        .await
        .unwrap();
        sqlite.close().await.unwrap();
        let before = files_of(&source);
        let target = TempPgDatabase::create(&admin).await;

        let err = copy_sqlite_to_postgres(&source.url, &target.url, |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(&err, CopyError::Target { table: Some(t), .. } if t == "employments"),
            "{err:?}"
        );
        assert!(!err.is_refusal());
        let (rows, tables) = pg_contents(&target.url).await;
        assert!(
            tables.contains(&"people".to_string()),
            "the fresh target was migrated"
        );
        assert_eq!(rows, BTreeMap::new(), "no data row is left in the target");
        assert_untouched(&before, &files_of(&source));
    }

    /// A value the target column could not hold exactly (text in an integer column, which
    /// SQLite's type affinity allows) stops the copy, naming table, column and row.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_value_of_the_wrong_kind_stops_the_copy_and_rolls_back() {
        let Some(admin) = postgres_url() else { return };
        let (source, _) = seeded_source().await;
        let mut sqlite = raw_sqlite(&source.file).await;
        sqlx::query("UPDATE accounts SET failed_logins = 'many'")
            .execute(&mut sqlite)
            .await
            .unwrap();
        sqlite.close().await.unwrap();
        let target = TempPgDatabase::create(&admin).await;

        let err = copy_sqlite_to_postgres(&source.url, &target.url, |_| {})
            .await
            .unwrap_err();
        match &err {
            CopyError::ValueMismatch {
                table,
                column,
                row,
                found,
                ..
            } => {
                assert_eq!(
                    (table.as_str(), column.as_str(), *row, *found),
                    ("accounts", "failed_logins", 1, "text")
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(
            !err.to_string().contains("many"),
            "values are never shown: {err}"
        );
        assert_eq!(pg_contents(&target.url).await.0, BTreeMap::new());
    }
}
