//! Exactly once across instances: `tandem serve` processes sharing a database deliver a
//! scripted burst of notices to a real SMTP server on loopback (the sink of
//! `tandem-test-support`) while one of them is killed with SIGKILL mid-way.
//!
//! The burst is password-reset requests made through the HTTP form, each queuing one notice, so
//! the whole path runs as in production: request, outbox row, claim, render, SMTP. Messages are
//! counted at the sink by `Message-ID`, which is the outbox row's id on every attempt: a copy
//! sent twice is the documented window (SMTP accepted, `sent` not yet recorded when the process
//! died), counted and printed, and bounded by what the killed instance held at that moment.
//!
//! The PostgreSQL test's name contains `postgres` so the PostgreSQL run of `scripts/test.sh`
//! selects it.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};
use tandem_storage::Store;
use tandem_test_support::burst::{self, Instance, ServeOptions};
use tandem_test_support::{SmtpSink, TempPgDatabase, postgres_url};

/// People with an account; each asks for a reset [`ROUNDS`] times: 1,050 notices.
const PEOPLE: usize = 350;
const ROUNDS: usize = 3;
/// Workers per instance and the batch each claims (the runtime's default): what a killed
/// instance can hold at once, so the most it can leave to be sent twice.
const WORKERS: usize = 2;
const BATCH: usize = 10;

fn serve(dir: &Path, database_url: &str, sink: &SmtpSink) -> Instance {
    let options = ServeOptions {
        workers: WORKERS,
        poll_seconds: 1,
        // Short, so the killed instance's claims are taken over soon.
        lease_seconds: 10,
    };
    Instance::start(
        Path::new(env!("CARGO_BIN_EXE_tandem")),
        dir,
        database_url,
        sink,
        &options,
    )
}

fn drive(ports: &[u16], requests: &[usize]) {
    burst::drive(ports, requests, 4);
}

/// Waits until the outbox has nothing queued (the killed instance's lease must run out first).
async fn drained(store: &Store, expected: u64) -> Duration {
    let start = Instant::now();
    loop {
        let c = store.outbox_counts().await.expect("counts");
        if c.queued == 0 && c.sent + c.dead + c.dropped >= expected {
            assert_eq!((c.sent, c.dead, c.dropped), (expected, 0, 0), "{c:?}");
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the outbox did not drain: {c:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Every message at the sink once, except the duplicates this returns (counted by
/// `Message-ID`); checks they are notices of the right kind for the right people.
fn duplicates_at(sink: &SmtpSink, expected: usize) -> usize {
    let received = sink.received();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for m in &received {
        assert_eq!(
            m.header("X-Tandem-Kind").as_deref(),
            Some("account.password_reset")
        );
        let id = m.parsed().message_id().expect("a Message-ID").to_string();
        *by_id.entry(id).or_default() += 1;
    }
    assert_eq!(by_id.len(), expected, "every notice reached the sink");
    let duplicates = received.len() - by_id.len();
    assert!(by_id.values().all(|n| *n <= 2), "nothing three times");
    duplicates
}

fn every_request() -> Vec<usize> {
    (0..ROUNDS).flat_map(|_| 0..PEOPLE).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_three_serve_instances_send_every_notice_once_across_a_kill_9() {
    let Some(admin) = postgres_url() else { return };
    let db = TempPgDatabase::create(&admin).await;
    let store = Store::connect(&db.url).await.expect("connect");
    burst::seed(&store, PEOPLE).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let sink = SmtpSink::start();
    let mut instances: Vec<Instance> = (0..3).map(|_| serve(dir.path(), &db.url, &sink)).collect();
    let ports: Vec<u16> = instances.iter().map(|i| i.port).collect();
    let requests = every_request();
    let (first, rest) = requests.split_at(requests.len() / 3);

    drive(&ports, first);
    // Mid-way: the first instance dies without a chance to record anything.
    let before_kill = store.outbox_counts().await.expect("counts");
    instances[0].kill();
    drive(&ports[1..], rest);
    let took = drained(&store, requests.len() as u64).await;
    let duplicates = duplicates_at(&sink, requests.len());
    println!(
        "notices exactly-once, PostgreSQL, 3 instances ({WORKERS} workers each), one killed: \
         {} notices, {} messages at the sink, {duplicates} sent twice (window: SMTP accepted, \
         `sent` not recorded); at the kill {} were sent and {} queued; drained {:.1} s after \
         the last request",
        requests.len(),
        sink.count(),
        before_kill.sent,
        before_kill.queued,
        took.as_secs_f64()
    );
    assert!(
        duplicates <= WORKERS * BATCH,
        "{duplicates} duplicates: more than the killed instance could hold"
    );
    drop(instances);
    store.close().await;
    drop(db);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_serve_killed_with_kill_9_and_restarted_sends_every_notice_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("burst.db").display());
    let store = Store::connect(&url).await.expect("connect");
    burst::seed(&store, PEOPLE).await;
    let sink = SmtpSink::start();
    let requests = every_request();
    let (first, rest) = requests.split_at(requests.len() / 2);

    let mut one = serve(dir.path(), &url, &sink);
    drive(&[one.port], first);
    let before_kill = store.outbox_counts().await.expect("counts");
    one.kill();
    let again = serve(dir.path(), &url, &sink);
    drive(&[again.port], rest);
    let took = drained(&store, requests.len() as u64).await;
    let duplicates = duplicates_at(&sink, requests.len());
    println!(
        "notices exactly-once, SQLite, 1 instance ({WORKERS} workers) killed and restarted: \
         {} notices, {} messages at the sink, {duplicates} sent twice; at the kill {} were sent \
         and {} queued; drained {:.1} s after the last request",
        requests.len(),
        sink.count(),
        before_kill.sent,
        before_kill.queued,
        took.as_secs_f64()
    );
    assert!(duplicates <= WORKERS * BATCH, "{duplicates} duplicates");
    drop(again);
    store.close().await;
}
