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
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tandem_domain::{AccountId, OrganisationKind};
use tandem_storage::{Account, Store};
use tandem_test_support::{SmtpSink, TempPgDatabase, fixtures, postgres_url};

/// People with an account; each asks for a reset [`ROUNDS`] times: 1,050 notices.
const PEOPLE: usize = 350;
const ROUNDS: usize = 3;
/// Workers per instance and the batch each claims (the runtime's default): what a killed
/// instance can hold at once, so the most it can leave to be sent twice.
const WORKERS: usize = 2;
const BATCH: usize = 10;

fn address(i: usize) -> String {
    format!("person{i:04}@burst.example.org")
}

/// A scheme with [`PEOPLE`] people, each with an account (no password yet).
async fn seed(store: &Store) {
    store.migrate().await.expect("migrate");
    let scheme = fixtures::scheme(store, "Burst Network").await;
    let org =
        fixtures::organisation(store, scheme, "Burst Trust", OrganisationKind::NhsTrust).await;
    for i in 0..PEOPLE {
        let person =
            fixtures::add_person(store, scheme, org, "Person", &format!("{i}"), &address(i)).await;
        store
            .create_account(&Account {
                id: AccountId::new(),
                person_id: person,
                scheme_id: scheme,
                email: address(i),
                password_hash: None,
                disabled: false,
                failed_logins: 0,
                locked_until: None,
            })
            .await
            .expect("account");
    }
}

/// One `tandem serve` on a free port, its log drained in the background.
struct Instance {
    child: Child,
    port: u16,
}

fn serve(dir: &Path, database_url: &str, sink: &SmtpSink) -> Instance {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .current_dir(dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("TANDEM_CONFIG")
        .env("TANDEM_DATABASE_URL", database_url)
        .env("TANDEM_BASE_URL", "http://127.0.0.1:8080")
        .env("TANDEM_COOKIE_SECURE", "false")
        .env("TANDEM_MAIL__MODE", "smtp")
        .env("TANDEM_MAIL__SMTP_HOST", "127.0.0.1")
        .env("TANDEM_MAIL__SMTP_PORT", sink.port().to_string())
        .env("TANDEM_MAIL__SMTP_SECURITY", "none")
        .env("TANDEM_MAIL__FROM", "Tandem <tandem@tandem.test>")
        .env("TANDEM_NOTICES__WORKERS", WORKERS.to_string())
        .env("TANDEM_NOTICES__POLL_SECONDS", "1")
        // Short, so the killed instance's claims are taken over soon.
        .env("TANDEM_NOTICES__LEASE_SECONDS", "10")
        .env("TANDEM_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tandem serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("Tandem is serving at http://127.0.0.1:").nth(1) {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(rest.trim_end_matches('/').to_string());
                }
            } else if line.contains("ERROR") || line.contains("error") {
                eprintln!("serve: {line}");
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("tandem serve announced its address")
        .parse()
        .expect("a port");
    Instance { child, port }
}

/// Asks for a password reset for `email` through the form, as a browser would (the CSRF token
/// is double-submitted: the same value in the cookie and the field).
fn request_reset(port: u16, email: &str) {
    let csrf = "c".repeat(43);
    let body = format!("csrf_token={csrf}&email={}", email.replace('@', "%40"));
    let request = format!(
        "POST /forgot-password HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Cookie: tandem_csrf={csrf}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{}",
        response.lines().next().unwrap_or_default()
    );
}

/// Sends `requests` (address indexes) to the instances on `ports`, from four clients at once.
fn drive(ports: &[u16], requests: &[usize]) {
    std::thread::scope(|s| {
        for (c, chunk) in requests.chunks(requests.len().div_ceil(4)).enumerate() {
            s.spawn(move || {
                for (n, i) in chunk.iter().enumerate() {
                    request_reset(ports[(c + n) % ports.len()], &address(*i));
                }
            });
        }
    });
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
    seed(&store).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let sink = SmtpSink::start();
    let mut instances: Vec<Instance> = (0..3).map(|_| serve(dir.path(), &db.url, &sink)).collect();
    let ports: Vec<u16> = instances.iter().map(|i| i.port).collect();
    let requests = every_request();
    let (first, rest) = requests.split_at(requests.len() / 3);

    drive(&ports, first);
    // Mid-way: the first instance dies without a chance to record anything.
    let before_kill = store.outbox_counts().await.expect("counts");
    instances[0].child.kill().expect("kill -9");
    instances[0].child.wait().expect("reaped");
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
    for mut i in instances.drain(1..) {
        let _ = i.child.kill();
        let _ = i.child.wait();
    }
    store.close().await;
    drop(db);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_serve_killed_with_kill_9_and_restarted_sends_every_notice_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("burst.db").display());
    let store = Store::connect(&url).await.expect("connect");
    seed(&store).await;
    let sink = SmtpSink::start();
    let requests = every_request();
    let (first, rest) = requests.split_at(requests.len() / 2);

    let mut one = serve(dir.path(), &url, &sink);
    drive(&[one.port], first);
    let before_kill = store.outbox_counts().await.expect("counts");
    one.child.kill().expect("kill -9");
    one.child.wait().expect("reaped");
    let mut again = serve(dir.path(), &url, &sink);
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
    let _ = again.child.kill();
    let _ = again.child.wait();
    store.close().await;
}
