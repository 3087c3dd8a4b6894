//! `tandem backup` and `tandem restore` through the real binary: a copy taken while a writer
//! writes, a restore that round-trips it, the refusals, a serving demo, and owner-only files.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tandem_domain::{Country, Organisation, OrganisationId, OrganisationKind, Scheme, SchemeId};
use tandem_storage::Store;

fn tandem(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tandem"));
    cmd.current_dir(dir)
        .env_remove("TANDEM_CONFIG")
        .env_remove("TANDEM_DATABASE_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    tandem(dir).args(args).output().expect("run tandem")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn organisation(scheme: SchemeId, i: usize) -> Organisation {
    Organisation {
        id: OrganisationId::new(),
        scheme_id: scheme,
        name: format!("Trust {i:05}"),
        kind: OrganisationKind::NhsTrust,
        country: Country::UnitedKingdom,
    }
}

async fn names(file: &Path, scheme: SchemeId) -> BTreeSet<String> {
    let store = Store::connect(&format!("sqlite:{}", file.display()))
        .await
        .expect("connect");
    let names = store
        .list_organisations(scheme)
        .await
        .expect("organisations")
        .into_iter()
        .map(|o| o.name)
        .collect();
    store.close().await;
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_a_writer_writes_is_consistent_and_restores_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("live.db");
    let url = format!("sqlite:{}", live.display());
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let scheme = Scheme {
        id: SchemeId::new(),
        name: "Backups".into(),
        description: String::new(),
    };
    store.create_scheme(&scheme).await.expect("scheme");
    for i in 0..200 {
        store
            .create_organisation(&organisation(scheme.id, i))
            .await
            .expect("organisation");
    }

    // A writer adds organisations, one transaction each, for as long as the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, stop) = (store.clone(), stop.clone());
        tokio::spawn(async move {
            let mut written = 200;
            while !stop.load(Ordering::Relaxed) {
                store
                    .create_organisation(&organisation(scheme.id, written))
                    .await
                    .expect("a write during the backup");
                written += 1;
            }
            written
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let out = tokio::task::spawn_blocking({
        let dir = dir.path().to_path_buf();
        let url = url.clone();
        move || run(&dir, &["--database-url", &url, "backup", "copy.db"])
    })
    .await
    .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    let said = text(&out.stdout);
    assert!(out.status.success(), "backup failed: {}", text(&out.stderr));
    assert!(said.contains("checked: integrity ok"), "{said}");
    assert!(said.contains("this tandem's latest"), "{said}");

    // One snapshot: organisations 0..n and none after, with the writer well past it.
    let backup = dir.path().join("copy.db");
    let copied = names(&backup, scheme.id).await;
    let n = copied.len();
    assert!(n >= 200 && n < written, "{n} of {written}");
    let expected: BTreeSet<String> = (0..n).map(|i| format!("Trust {i:05}")).collect();
    assert_eq!(copied, expected, "the copy is a prefix of the writes");
    assert!(said.contains(&format!("organisations: {n}")), "{said}");
    #[cfg(unix)]
    assert_eq!(mode(&backup), 0o600, "the backup is owner-only");

    // An existing file is kept unless --force.
    let before = std::fs::read(&backup).unwrap();
    let out = run(dir.path(), &["--database-url", &url, "backup", "copy.db"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("already exists: choose another name, or add --force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        before,
        "nothing was written"
    );

    // Restoring over the live database is refused while it is open, and changes nothing.
    let out = run(dir.path(), &["--database-url", &url, "restore", "copy.db"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("is open in another process"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        store.list_organisations(scheme.id).await.unwrap().len(),
        written
    );
    store.close().await;

    // Once it is closed, the backup takes its place; the replaced database is kept, whole.
    let out = run(dir.path(), &["--database-url", &url, "restore", "copy.db"]);
    let said = text(&out.stdout);
    assert!(
        out.status.success(),
        "restore failed: {}",
        text(&out.stderr)
    );
    assert!(said.contains(&format!("organisations: {n}")), "{said}");
    assert_eq!(names(&live, scheme.id).await, expected, "round trip");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("live.db.before-restore-")
                && !name.ends_with("-wal")
                && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(said.contains("is kept as"), "{said}");
    assert_eq!(names(&kept[0], scheme.id).await.len(), written);
    #[cfg(unix)]
    assert_eq!(mode(&live), 0o600);

    // A restore into a new file needs no previous database.
    let fresh = format!("sqlite:{}", dir.path().join("fresh.db").display());
    let out = run(
        dir.path(),
        &["--database-url", &fresh, "restore", "copy.db"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("There was no database"));
}

#[test]
fn restore_refuses_what_is_not_a_tandem_database_and_postgres_is_sent_to_pg_dump() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("notes.txt"),
        "not a database at all".repeat(100),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["--database-url", "sqlite:target.db", "restore", "notes.txt"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("it is not a Tandem database"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("target.db").exists(), "nothing was made");

    // A SQLite database, but not Tandem's.
    let other = dir.path().join("other.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c =
            sqlx::SqliteConnection::connect(&format!("sqlite:{}?mode=rwc", other.display()))
                .await
                .unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    });
    let out = run(
        dir.path(),
        &["--database-url", "sqlite:target.db", "restore", "other.db"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("holds no Tandem migration history"));

    let out = run(
        dir.path(),
        &["--database-url", "sqlite:missing.db", "backup", "b.db"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing.db does not exist"),
        "{}",
        text(&out.stderr)
    );

    for cmd in ["backup", "restore"] {
        let out = run(
            dir.path(),
            &[
                "--database-url",
                "postgres://u:s3cret@127.0.0.1:1/db",
                cmd,
                "x.db",
            ],
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("pg_dump") && err.contains("pg_restore"),
            "{err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
    }
}

/// A newer tandem's database (an applied migration this build does not have) is refused.
#[tokio::test]
async fn restore_refuses_a_database_from_a_newer_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let newer = dir.path().join("newer.db");
    let store = Store::connect(&format!("sqlite:{}", newer.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store.close().await;
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", newer.display()))
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
             VALUES (99999, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
        )
        .execute(&mut c)
        .await
        .unwrap();
        c.close().await.unwrap();
    }
    let out = run(
        dir.path(),
        &["--database-url", "sqlite:target.db", "restore", "newer.db"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is at migration 99999, newer than this tandem's"),
        "{err}"
    );
    assert!(!dir.path().join("target.db").exists());
}

/// A serving demo is backed up while it serves (its files owner-only), cannot be restored over
/// while it runs, and is restored once it has stopped.
#[test]
fn a_serving_demo_is_backed_up_and_restored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = tandem(dir.path())
        .args([
            "demo",
            "--database",
            "demo.db",
            "--listen",
            "127.0.0.1:0",
            "--seed",
            "7",
        ])
        .env("TANDEM_LOG", "warn")
        .spawn()
        .expect("start the demo");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let serving = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.starts_with("Tandem demo is running at"));
    assert!(serving, "the demo started");

    #[cfg(unix)]
    {
        assert_eq!(mode(&dir.path().join("demo.db")), 0o600, "database");
        for side in ["demo.db-wal", "demo.db-shm"] {
            assert_eq!(mode(&dir.path().join(side)), 0o600, "{side}");
        }
        assert_eq!(mode(&dir.path().join("demo.outbox")), 0o700, "outbox");
    }

    let out = run(
        dir.path(),
        &[
            "--database-url",
            "sqlite:demo.db",
            "backup",
            "demo-backup.db",
        ],
    );
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let people: u64 = said
        .lines()
        .find_map(|l| l.trim().strip_prefix("people: "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert!(people > 300, "{said}");

    let out = run(
        dir.path(),
        &[
            "--database-url",
            "sqlite:demo.db",
            "restore",
            "demo-backup.db",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "refused while serving: {}",
        text(&out.stderr)
    );

    child.kill().unwrap();
    child.wait().unwrap();
    let out = run(
        dir.path(),
        &[
            "--database-url",
            "sqlite:demo.db",
            "restore",
            "demo-backup.db",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("people: {people}")),
        "{}",
        text(&out.stdout)
    );
}

/// A database file Tandem creates is owner-only whatever the umask, and one left readable by
/// others by an earlier version is tightened when it is opened.
#[cfg(unix)]
#[test]
fn database_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(
        dir.path(),
        &["--database-url", "sqlite:fresh.db", "migrate"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(mode(&dir.path().join("fresh.db")), 0o600);

    let loose = dir.path().join("fresh.db");
    std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(
        dir.path(),
        &["--database-url", "sqlite:fresh.db", "migrate"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(mode(&loose), 0o600, "tightened");

    // Exports hold personal data too.
    let out = run(
        dir.path(),
        &["demo", "--no-serve", "--database", "d.db", "--seed", "3"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        dir.path(),
        &[
            "--database-url",
            "sqlite:d.db",
            "export",
            "people",
            "--out",
            "people.csv",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(mode(&dir.path().join("people.csv")), 0o600);
}
