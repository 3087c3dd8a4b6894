//! `tandem audit verify` through the real binary: an intact demo log passes, one altered by
//! hand (with the append-only trigger dropped first, as only the database owner could) fails
//! naming the entry; on SQLite and, after `tandem copy`, on PostgreSQL.

use crate::commands::{demo, tandem, text};
use sqlx::Connection;
use std::process::Output;
use tandem_test_support::{TempPgDatabase, postgres_url};

fn verify(dir: &std::path::Path, url: &str) -> Output {
    tandem(dir, &["audit", "verify", "--database-url", url], None)
}

/// The number printed by a passing verify.
fn entries_ok(out: &Output) -> u64 {
    let said = text(&out.stdout);
    assert!(
        out.status.success(),
        "verify failed: {said} {}",
        text(&out.stderr)
    );
    let n = said
        .strip_suffix(" audit entries: OK\n")
        .unwrap_or_else(|| panic!("unexpected output {said:?}"));
    n.parse().expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_passes_on_the_demo_and_names_the_entry_altered_by_hand() {
    let (dir, url) = demo();
    let n = entries_ok(&verify(dir.path(), &url));
    assert!(n > 20, "the demo audits its story: {n}");

    let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open");
    let refused = sqlx::query("UPDATE audit_log SET detail = 'x' WHERE seq = 3")
        .execute(&mut conn)
        .await;
    assert!(refused.is_err(), "the trigger refuses updates");
    let refused = sqlx::query("DELETE FROM audit_log WHERE seq = 3")
        .execute(&mut conn)
        .await;
    assert!(refused.is_err(), "the trigger refuses deletes");
    assert_eq!(entries_ok(&verify(dir.path(), &url)), n);

    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET detail = 'x' WHERE seq = 3")
        .execute(&mut conn)
        .await
        .unwrap();
    let id: String = sqlx::query_scalar("SELECT id FROM audit_log WHERE seq = 3")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    let out = verify(dir.path(), &url);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        text(&out.stdout).contains("2 audit entries intact before position 3: BROKEN"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        err.contains(&format!(
            "position 3 (entry {id}): its hash does not match its contents"
        )),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_verify_passes_after_a_copy_and_fails_once_an_entry_is_removed() {
    let Some(admin) = postgres_url() else { return };
    let (dir, url) = demo();
    let n = entries_ok(&verify(dir.path(), &url));
    let target = TempPgDatabase::create(&admin).await;
    let out = tandem(
        dir.path(),
        &["copy", "--from", &url, "--to", &target.url],
        None,
    );
    assert!(out.status.success(), "copy failed: {}", text(&out.stderr));
    assert_eq!(
        entries_ok(&verify(dir.path(), &target.url)),
        n,
        "the copy carries the chain intact"
    );

    let mut conn = sqlx::PgConnection::connect(&target.url).await.unwrap();
    for refused in [
        "UPDATE audit_log SET detail = 'x' WHERE seq = 5",
        "DELETE FROM audit_log WHERE seq = 5",
    ] {
        assert!(
            sqlx::query(refused).execute(&mut conn).await.is_err(),
            "refused: {refused}"
        );
    }
    sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq = 5")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    let out = verify(dir.path(), &target.url);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("position 5") && err.contains("its sequence number is 6, expected 5"),
        "{err}"
    );
}
