//! A burst of notices through real `tandem serve` processes, for the exactly-once tests of the
//! binary and the notices benchmark: a scheme of people with accounts, servers started with
//! their mail going to an [`SmtpSink`], and password-reset requests made through the HTTP form
//! (each queues one notice), as browsers would make them.

use crate::{SmtpSink, fixtures};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tandem_domain::{AccountId, OrganisationKind};
use tandem_storage::{Account, Store};

/// The address of the `i`th person of [`seed`].
pub fn address(i: usize) -> String {
    format!("person{i:05}@burst.example.org")
}

/// Migrates `store` and adds a scheme with `people` people, each with an account (no password).
pub async fn seed(store: &Store, people: usize) {
    store.migrate().await.expect("migrate");
    let scheme = fixtures::scheme(store, "Burst Network").await;
    let org =
        fixtures::organisation(store, scheme, "Burst Trust", OrganisationKind::NhsTrust).await;
    for i in 0..people {
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

/// How the servers run.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub workers: usize,
    pub poll_seconds: u64,
    pub lease_seconds: u64,
}

/// One `tandem serve` on a free loopback port; its log is drained in the background (errors are
/// echoed to this process's stderr).
pub struct Instance {
    pub child: Child,
    pub port: u16,
}

impl Instance {
    /// Starts `binary serve` on `database_url`, sending mail to `sink`.
    pub fn start(
        binary: &Path,
        dir: &Path,
        database_url: &str,
        sink: &SmtpSink,
        options: &ServeOptions,
    ) -> Instance {
        let mut child = Command::new(binary)
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
            .env("TANDEM_NOTICES__WORKERS", options.workers.to_string())
            .env(
                "TANDEM_NOTICES__POLL_SECONDS",
                options.poll_seconds.to_string(),
            )
            .env(
                "TANDEM_NOTICES__LEASE_SECONDS",
                options.lease_seconds.to_string(),
            )
            // Every request comes from this one loopback client: the burst is the point here, so
            // the per-address rate limit (tested elsewhere) is lifted.
            .env("TANDEM_SECURITY__REQUESTS_PER_HOUR", "100000")
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
                } else if line.contains("ERROR") {
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

    /// `kill -9`: the process gets no chance to record anything.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Asks for a password reset for `email` through the form, as a browser would (the CSRF token
/// is double-submitted: the same value in the cookie and the field).
pub fn request_reset(port: u16, email: &str) {
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

/// Sends a reset request for each of `requests` (indexes of [`address`]) to the instances on
/// `ports` in turn, from `clients` clients at once.
pub fn drive(ports: &[u16], requests: &[usize], clients: usize) {
    let per_client = requests.len().div_ceil(clients.max(1)).max(1);
    std::thread::scope(|s| {
        for (c, chunk) in requests.chunks(per_client).enumerate() {
            s.spawn(move || {
                for (n, i) in chunk.iter().enumerate() {
                    request_reset(ports[(c + n) % ports.len()], &address(*i));
                }
            });
        }
    });
}
