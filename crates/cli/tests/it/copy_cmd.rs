//! `tandem copy` through the real binary, into a throwaway PostgreSQL database.
//!
//! Every test's name starts with `postgres_` so the PostgreSQL run of `scripts/test.sh`
//! selects it; without a server each says so and returns (and fails under
//! `TANDEM_TEST_REQUIRE_POSTGRES=1`), like every PostgreSQL story.

use sqlx::{AssertSqlSafe, Connection};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tandem_domain::{
    Country, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, Scheme, SchemeId,
};
use tandem_storage::{PersonRecord, Store};
use tandem_test_support::{TempPgDatabase, postgres_url};

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

/// `url` with a password added (the test cluster trusts every connection, so it is ignored
/// by the server but must never be shown).
fn with_password(url: &str) -> String {
    url.replacen("://postgres@", "://postgres:s3cret-pw@", 1)
}

/// The tables of the database at `url` holding rows (the migrations' own table aside).
async fn data_rows(url: &str) -> Vec<(String, i64)> {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .expect("tables");
    assert!(tables.len() > 20, "the target was migrated: {tables:?}");
    let mut rows = Vec::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{t}\"")))
            .fetch_one(&mut conn)
            .await
            .expect("count");
        if n > 0 {
            rows.push((t, n));
        }
    }
    conn.close().await.ok();
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_copies_the_demo_and_refuses_a_second_copy_with_the_password_hidden() {
    let Some(admin) = postgres_url() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(
        dir.path(),
        &["demo", "--no-serve", "--database", "demo.db", "--seed", "5"],
    );
    assert!(out.status.success(), "demo failed: {}", text(&out.stderr));
    let target = TempPgDatabase::create(&admin).await;
    let to = with_password(&target.url);

    let out = run(
        dir.path(),
        &["copy", "--from", "sqlite:demo.db", "--to", &to],
    );
    let (said, err) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "copy failed: {err}");
    assert!(
        said.contains("every table's rows and checksum match the source"),
        "{said}"
    );
    let people_line = said
        .lines()
        .find(|l| l.starts_with("people "))
        .unwrap_or_else(|| panic!("no people line in {said}"));
    assert!(people_line.ends_with(" ok"), "{people_line}");
    let people: i64 = people_line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(people > 300, "{people_line}");
    let rows = data_rows(&target.url).await;
    assert!(rows.contains(&("people".to_string(), people)), "{rows:?}");
    for shown in [&said, &err] {
        assert!(
            !shown.contains("s3cret-pw"),
            "a password was shown: {shown}"
        );
    }
    assert!(err.contains("postgres:***@"), "{err}");

    let out = run(
        dir.path(),
        &["copy", "--from", "sqlite:demo.db", "--to", &to],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("copy refused: the target already holds data (in "),
        "{err}"
    );
    assert!(!err.contains("s3cret-pw"), "{err}");
    assert_eq!(
        data_rows(&target.url).await,
        rows,
        "the refused copy wrote nothing"
    );

    // The wrong direction and a missing file are refused before anything is opened.
    let out = run(
        dir.path(),
        &["copy", "--from", &to, "--to", "sqlite:demo.db"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the source is PostgreSQL"),
        "{}",
        text(&out.stderr)
    );
    assert!(!text(&out.stderr).contains("s3cret-pw"));
    let out = run(
        dir.path(),
        &["copy", "--from", "sqlite:missing.db", "--to", &to],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the source file does not exist"));
}

/// A SQLite database with one scheme of `n` people, written through the store.
async fn large_source(file: &Path, n: usize) {
    let store = Store::connect(&format!("sqlite:{}", file.display()))
        .await
        .expect("connect");
    store.migrate().await.expect("migrate");
    let scheme = Scheme {
        id: SchemeId::new(),
        name: "Large".into(),
        description: String::new(),
    };
    store.create_scheme(&scheme).await.expect("scheme");
    let org = Organisation {
        id: OrganisationId::new(),
        scheme_id: scheme.id,
        name: "Trust".into(),
        kind: OrganisationKind::NhsTrust,
        country: Country::UnitedKingdom,
    };
    store.create_organisation(&org).await.expect("organisation");
    let people: Vec<PersonRecord> = (0..n)
        .map(|i| {
            let id = PersonId::new();
            PersonRecord {
                person: Person {
                    id,
                    scheme_id: scheme.id,
                    given_name: format!("Given{i}"),
                    family_name: format!("Family{i}"),
                    email: format!("person{i}@example.org"),
                    language: Language::EnGb,
                },
                employments: vec![Employment {
                    id: EmploymentId::new(),
                    person_id: id,
                    organisation_id: org.id,
                    job_title: "Nurse".into(),
                    profession: "Nursing".into(),
                    grade_system: GradeSystem::AgendaForChange,
                    grade: "5".into(),
                    line_manager_id: None,
                    primary: true,
                }],
            }
        })
        .collect();
    store
        .apply_people_import(&people, &[])
        .await
        .expect("import");
    store.close().await;
}

/// `kill -9` of `tandem copy` while it copies a long table: the server rolls the transaction
/// back, so the (migrated) target holds no data row, and a new copy then succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_copy_killed_midway_leaves_no_data_in_the_target() {
    let Some(admin) = postgres_url() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    large_source(&dir.path().join("large.db"), 40_000).await;
    let target = TempPgDatabase::create(&admin).await;

    let mut child = tandem(dir.path())
        .args(["copy", "--from", "sqlite:large.db", "--to", &target.url])
        .spawn()
        .expect("start the copy");
    let stderr = child.stderr.take().expect("stderr");
    let mut seen = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("a line");
        let midway = line.trim_start().starts_with("people: 10000 of 40000");
        seen.push(line);
        if midway {
            break;
        }
    }
    assert!(
        seen.last()
            .is_some_and(|l| l.contains("people: 10000 of 40000")),
        "no progress seen: {seen:?}"
    );
    child.kill().expect("kill -9");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "the copy was killed, not finished");

    assert_eq!(
        data_rows(&target.url).await,
        vec![],
        "no data row survives the kill"
    );
    let out = run(
        dir.path(),
        &["copy", "--from", "sqlite:large.db", "--to", &target.url],
    );
    assert!(
        out.status.success(),
        "a new copy succeeds: {}",
        text(&out.stderr)
    );
    let rows = data_rows(&target.url).await;
    assert!(rows.contains(&("people".to_string(), 40_000)), "{rows:?}");
    assert!(
        rows.contains(&("employments".to_string(), 40_000)),
        "{rows:?}"
    );
}
