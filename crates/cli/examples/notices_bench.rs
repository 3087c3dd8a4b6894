//! The notices benchmark (driven by `bench/notices/run.sh`; not a test): password-reset requests
//! through the HTTP form of `tandem serve` instances, each queuing one notice, delivered to a
//! loopback SMTP sink. Reports, per run and as the median of the runs:
//!
//! - queued per second: requests answered (each one a notice committed to the outbox) divided by
//!   the time from the first request to the last answer;
//! - delivered per second: notices divided by the time from the first request until the sink
//!   holds them all (queueing and delivery overlap, as they do in production).
//!
//! Arguments: `BACKEND` (`sqlite` or `postgres`, the latter on `TANDEM_TEST_POSTGRES_URL`),
//! `INSTANCES`, `NOTICES`, `RUNS`, and the `tandem` binary to start (release build).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tandem_storage::Store;
use tandem_test_support::burst::{self, Instance, ServeOptions};
use tandem_test_support::{SmtpSink, TempPgDatabase, postgres_url};

/// People asking; each asks `NOTICES / PEOPLE` times.
const PEOPLE: usize = 500;

struct Figures {
    queued_per_s: f64,
    delivered_per_s: f64,
}

async fn one_run(binary: &Path, backend: &str, instances: usize, notices: usize) -> Figures {
    let dir = tempfile::tempdir().expect("temp dir");
    let pg;
    let url = match backend {
        "sqlite" => format!("sqlite:{}", dir.path().join("bench.db").display()),
        "postgres" => {
            let admin = postgres_url().expect("TANDEM_TEST_POSTGRES_URL (scripts/pg-test.sh)");
            pg = TempPgDatabase::create(&admin).await;
            pg.url.clone()
        }
        other => panic!("unknown backend {other}"),
    };
    let store = Store::connect(&url).await.expect("connect");
    burst::seed(&store, PEOPLE).await;
    let sink = SmtpSink::start();
    let options = ServeOptions {
        workers: 2,
        poll_seconds: 1,
        lease_seconds: 60,
    };
    let servers: Vec<Instance> = (0..instances)
        .map(|_| Instance::start(binary, dir.path(), &url, &sink, &options))
        .collect();
    let ports: Vec<u16> = servers.iter().map(|s| s.port).collect();
    let requests: Vec<usize> = (0..notices).map(|i| i % PEOPLE).collect();
    let start = Instant::now();
    burst::drive(&ports, &requests, 8);
    let queued = start.elapsed();
    while sink.count() < notices {
        assert!(
            start.elapsed() < Duration::from_secs(1800),
            "not delivered within 30 minutes"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let delivered = start.elapsed();
    let counts = store.outbox_counts().await.expect("counts");
    drop(servers);
    store.close().await;
    assert_eq!(
        sink.count(),
        notices,
        "no message twice (no instance was killed)"
    );
    assert!(counts.dead == 0 && counts.dropped == 0, "{counts:?}");
    Figures {
        queued_per_s: notices as f64 / queued.as_secs_f64(),
        delivered_per_s: notices as f64 / delivered.as_secs_f64(),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [backend, instances, notices, runs, binary] = args.as_slice() else {
        eprintln!("usage: notices_bench BACKEND INSTANCES NOTICES RUNS TANDEM_BINARY");
        std::process::exit(2);
    };
    let instances: usize = instances.parse().expect("INSTANCES");
    let notices: usize = notices.parse().expect("NOTICES");
    let runs: usize = runs.parse().expect("RUNS");
    let binary = PathBuf::from(binary);
    let mut queued = Vec::new();
    let mut delivered = Vec::new();
    for run in 1..=runs {
        let f = one_run(&binary, backend, instances, notices).await;
        println!(
            "  {backend}, {instances} instance(s), run {run}: {:.0} queued/s, {:.0} delivered/s",
            f.queued_per_s, f.delivered_per_s
        );
        queued.push(f.queued_per_s);
        delivered.push(f.delivered_per_s);
    }
    println!(
        "{backend}, {instances} instance(s) x 2 workers, {notices} notices, median of {runs}: \
         {:.0} queued/s, {:.0} delivered/s",
        median(queued),
        median(delivered)
    );
}
