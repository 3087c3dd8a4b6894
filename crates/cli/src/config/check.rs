//! The checks `serve` runs before it starts, and `tandem config check` runs without starting.
//!
//! Each finds settings that are missing, malformed or contradict each other, names the key to
//! change (and its environment variable, through [`Problem`]'s display) and goes on, so that the
//! operator sees every problem at once. Directories are checked by creating a file in them,
//! because mode bits alone miss ACLs, read-only mounts and systemd's `ProtectSystem`. Warnings are
//! settings that work but are wrong for production (the file outbox, cookies without `Secure`).

use super::{Config, MailMode, Problem, Problems, SmtpSecurity, redact_url};
use std::net::ToSocketAddrs;
use std::path::{Path, PathBuf};
use tandem_storage::{MigrationStatus, Store};

/// What the checks found.
#[derive(Debug, Default)]
pub struct Report {
    /// Each stops `serve` from starting.
    pub problems: Vec<Problem>,
    /// Each is printed (logged by `serve`) and nothing more.
    pub warnings: Vec<Problem>,
}

impl Report {
    fn problem(&mut self, key: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(key, message));
    }

    fn warn(&mut self, key: &str, message: impl Into<String>) {
        self.warnings.push(Problem::new(key, message));
    }

    /// `Ok` when nothing stops the server; otherwise every problem, for the exit status 78.
    pub fn into_result(self) -> Result<Vec<Problem>, Problems> {
        if self.problems.is_empty() {
            Ok(self.warnings)
        } else {
            Err(Problems(self.problems))
        }
    }
}

/// Runs every check of the configuration `serve` would run with (the `--listen` flag already
/// applied). Creates and deletes probe files; changes nothing else.
pub fn check(cfg: &Config) -> Report {
    let mut r = Report::default();
    database(cfg, &mut r);
    listen(cfg, &mut r);
    base_url(cfg, &mut r);
    if cfg.session_hours == 0 || cfg.session_hours > 720 {
        r.problem(
            "session_hours",
            format!(
                "{} is out of range: give 1 to 720 hours (0 would end every sign-in at once; \
                 longer than 30 days leaves shared computers signed in)",
                cfg.session_hours
            ),
        );
    }
    mail(cfg, &mut r);
    notices(cfg, &mut r);
    http(cfg, &mut r);
    security(cfg, &mut r);
    r
}

fn http(cfg: &Config, r: &mut Report) {
    let h = &cfg.http;
    if !(1..=300).contains(&h.header_timeout_seconds) {
        r.problem(
            "http.header_timeout_seconds",
            format!(
                "{} is out of range: give 1 to 300 seconds",
                h.header_timeout_seconds
            ),
        );
    }
    if !(1..=3600).contains(&h.request_timeout_seconds) {
        r.problem(
            "http.request_timeout_seconds",
            format!(
                "{} is out of range: give 1 to 3600 seconds",
                h.request_timeout_seconds
            ),
        );
    }
}

fn security(cfg: &Config, r: &mut Report) {
    let s = &cfg.security;
    let mut range = |key: &str, value: u64, lo: u64, hi: u64| {
        if !(lo..=hi).contains(&value) {
            r.problem(key, format!("{value} is out of range: give {lo} to {hi}"));
        }
    };
    range("security.hash_slots", s.hash_slots.into(), 0, 1024);
    range("security.hash_wait_ms", s.hash_wait_ms, 0, 30_000);
    range(
        "security.sign_in_per_minute",
        s.sign_in_per_minute.into(),
        1,
        100_000,
    );
    range(
        "security.requests_per_hour",
        s.requests_per_hour.into(),
        1,
        100_000,
    );
    range(
        "security.requests_per_hour_per_account",
        s.requests_per_hour_per_account.into(),
        1,
        1000,
    );
    range(
        "security.delay_after_failures",
        s.delay_after_failures.into(),
        1,
        100,
    );
    range(
        "security.delay_max_seconds",
        s.delay_max_seconds.into(),
        1,
        3600,
    );
    range(
        "security.api_token_max_days",
        s.api_token_max_days.into(),
        1,
        3650,
    );
    range(
        "security.api_token_days",
        s.api_token_days.into(),
        1,
        s.api_token_max_days.into(),
    );
    let header = s.client_ip_header.trim();
    if !header.is_empty() && axum_header_name_invalid(header) {
        r.problem(
            "security.client_ip_header",
            format!("`{header}` is not an HTTP header name"),
        );
    }
}

/// Whether `name` cannot be an HTTP header name (letters, digits and `-` only, here).
fn axum_header_name_invalid(name: &str) -> bool {
    !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn notices(cfg: &Config, r: &mut Report) {
    let n = &cfg.notices;
    if n.workers > 64 {
        r.problem(
            "notices.workers",
            format!("{} is out of range: give 0 to 64", n.workers),
        );
    }
    if !(1..=3600).contains(&n.poll_seconds) {
        r.problem(
            "notices.poll_seconds",
            format!("{} is out of range: give 1 to 3600 seconds", n.poll_seconds),
        );
    }
    if !(10..=86_400).contains(&n.lease_seconds) {
        r.problem(
            "notices.lease_seconds",
            format!(
                "{} is out of range: give 10 to 86400 seconds (shorter than a slow SMTP \
                 conversation would let two instances send the same e-mail)",
                n.lease_seconds
            ),
        );
    }
    if !(1..=3600).contains(&n.scheduler_seconds) {
        r.problem(
            "notices.scheduler_seconds",
            format!(
                "{} is out of range: give 1 to 3600 seconds",
                n.scheduler_seconds
            ),
        );
    }
    if n.workers == 0 {
        r.warn(
            "notices.workers",
            "this instance delivers no e-mail: another instance on the same database must",
        );
    }
}

fn database(cfg: &Config, r: &mut Report) {
    let key = "database_url";
    let path = match tandem_storage::sqlite_file(&cfg.database_url) {
        Err(e) => {
            r.problem(
                key,
                format!(
                    "{e}: give `sqlite:/var/lib/tandem/tandem.db` or \
                     `postgres://user:password@host:5432/db`"
                ),
            );
            return;
        }
        Ok(None) if cfg.database_url.to_ascii_lowercase().starts_with("sqlite:") => {
            r.warn(
                key,
                "an in-memory SQLite database loses everything when the process stops",
            );
            return;
        }
        // PostgreSQL: reaching it is the server's part (`/readyz`, `tandem config check`).
        Ok(None) => return,
        Ok(Some(path)) => path,
    };
    let dir = parent_dir(&path);
    if !dir.is_dir() {
        r.problem(
            key,
            format!(
                "the directory of the SQLite file, {}, does not exist: create it (owned by the \
                 user Tandem runs as) or give another path",
                dir.display()
            ),
        );
        return;
    }
    if let Err(e) = probe(&dir) {
        r.problem(
            key,
            format!(
                "cannot create files in {} ({e}): SQLite keeps its -wal and -shm files beside \
                 the database, so the user Tandem runs as needs write access to the directory",
                dir.display()
            ),
        );
    }
    if path.exists() {
        let writable = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path);
        if let Err(e) = writable {
            r.problem(
                key,
                format!("cannot open {} for writing ({e})", path.display()),
            );
        }
    }
}

fn listen(cfg: &Config, r: &mut Report) {
    match cfg.listen.to_socket_addrs().map(|mut a| a.next().is_some()) {
        Ok(true) => {}
        Ok(false) => r.problem(
            "listen",
            format!("{:?} names no address to listen on", cfg.listen),
        ),
        Err(e) => r.problem(
            "listen",
            format!(
                "{:?} is not an address and port such as 127.0.0.1:8080 ({e})",
                cfg.listen
            ),
        ),
    }
}

fn base_url(cfg: &Config, r: &mut Report) {
    let key = "base_url";
    let url = match url::Url::parse(&cfg.base_url) {
        Ok(url) => url,
        Err(e) => {
            r.problem(
                key,
                format!(
                    "{:?} is not a URL ({e}): give the public address, e.g. https://tandem.example.org",
                    cfg.base_url
                ),
            );
            return;
        }
    };
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        r.problem(
            key,
            format!(
                "{:?} is not an http(s) address with a host: give the public address, e.g. \
                 https://tandem.example.org",
                cfg.base_url
            ),
        );
        return;
    }
    if !url.username().is_empty() || url.password().is_some() {
        r.problem(key, "must not hold a user name or password");
    }
    // Pages, assets and forms use absolute paths from `/`, so Tandem needs a host (or
    // subdomain) of its own; a path here would put every e-mailed link somewhere else.
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        r.problem(
            key,
            format!(
                "{:?} has a path, query or fragment: Tandem is served at the root of its own \
                 host name, so give only scheme, host and port",
                cfg.base_url
            ),
        );
    }
    let loopback = is_loopback(&url);
    let https = url.scheme() == "https";
    // Browsers treat http://localhost and loopback addresses as secure contexts and keep Secure
    // cookies from them, and that traffic never leaves the machine: a developer may run the
    // defaults. Anywhere else, a Secure cookie over http:// is dropped and nobody can sign in.
    if cfg.cookie_secure && !https && !loopback {
        r.problem(
            key,
            format!(
                "{:?} is plain http:// while cookie_secure is true: browsers would drop the \
                 session cookie and nobody could sign in. Give the https:// address your reverse \
                 proxy serves (see docs/operations.md)",
                cfg.base_url
            ),
        );
    }
    if !cfg.cookie_secure && https {
        r.warn(
            "cookie_secure",
            "false although base_url is https://: set it to true so sign-in cookies never travel \
             over plain HTTP",
        );
    } else if !cfg.cookie_secure && !loopback {
        r.warn(
            "cookie_secure",
            "false with a plain http:// base_url: sign-in cookies travel unencrypted over the \
             network; serve over https:// and set it to true",
        );
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn mail(cfg: &Config, r: &mut Report) {
    let m = &cfg.mail;
    match m.mode {
        MailMode::None => r.problem(
            "mail.mode",
            "no mail transport is configured, so invitations and password resets could not be \
             sent: set it to \"smtp\" with mail.smtp_host and mail.from (and mail.smtp_username, \
             mail.smtp_password as your server needs), or to \"outbox\" to write e-mails to files \
             during development",
        ),
        MailMode::Outbox => {
            r.warn(
                "mail.mode",
                format!(
                    "\"outbox\": e-mails are written to files in {}, not sent (a development \
                     option: use \"smtp\" in production)",
                    m.outbox_dir
                ),
            );
            outbox(&m.outbox_dir, r);
        }
        MailMode::Smtp => smtp(cfg, r),
    }
}

fn outbox(dir: &str, r: &mut Report) {
    let key = "mail.outbox_dir";
    if dir.trim().is_empty() {
        r.problem(
            key,
            "is empty while mail.mode is \"outbox\": name a directory",
        );
        return;
    }
    let dir = Path::new(dir);
    if dir.exists() && !dir.is_dir() {
        r.problem(
            key,
            format!("{} exists and is not a directory", dir.display()),
        );
        return;
    }
    // A missing directory is created at start: then its nearest existing ancestor must take it.
    let Some(target) = dir.ancestors().map(non_empty).find(|a| a.is_dir()) else {
        r.problem(key, format!("no part of {} exists", dir.display()));
        return;
    };
    if let Err(e) = probe(&target) {
        let what = if target == dir {
            format!("cannot create files in {} ({e})", dir.display())
        } else {
            format!(
                "cannot create {}: {} is not writable ({e})",
                dir.display(),
                target.display()
            )
        };
        r.problem(key, what);
        return;
    }
    #[cfg(unix)]
    if target == dir {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(dir)
            && meta.permissions().mode() & 0o077 != 0
        {
            r.warn(
                key,
                format!(
                    "{} can be read by other users and the e-mails in it hold sign-in links: \
                     chmod 700 it",
                    dir.display()
                ),
            );
        }
    }
}

fn smtp(cfg: &Config, r: &mut Report) {
    let m = &cfg.mail;
    let mut usable = true;
    if m.smtp_host.trim().is_empty() {
        r.problem(
            "mail.smtp_host",
            "is empty while mail.mode is \"smtp\": name your SMTP server",
        );
        usable = false;
    }
    if m.smtp_port == 0 {
        r.problem(
            "mail.smtp_port",
            "0 is not a port: usually 587 (starttls) or 465 (tls)",
        );
    }
    match (m.smtp_username.is_empty(), m.smtp_password.is_empty()) {
        (false, true) => r.problem(
            "mail.smtp_password",
            "is empty while mail.smtp_username is set: give both, or neither",
        ),
        (true, false) => r.problem(
            "mail.smtp_username",
            "is empty while mail.smtp_password is set: give both, or neither",
        ),
        _ => {}
    }
    let local_relay = is_local_host(&m.smtp_host);
    if m.smtp_security == SmtpSecurity::None {
        if !m.smtp_username.is_empty() || !m.smtp_password.is_empty() {
            r.problem(
                "mail.smtp_security",
                "\"none\" would send the SMTP password unencrypted: use \"starttls\" or \"tls\"",
            );
        } else if !local_relay {
            r.warn(
                "mail.smtp_security",
                format!(
                    "\"none\": e-mails with sign-in links travel unencrypted to {}; \"none\" is \
                     meant for a relay on the same machine",
                    m.smtp_host
                ),
            );
        }
    }
    match (m.smtp_security, m.smtp_port) {
        (SmtpSecurity::Starttls, 465) => r.warn(
            "mail.smtp_security",
            "\"starttls\" on port 465, which usually expects \"tls\" from the first byte",
        ),
        (SmtpSecurity::Tls, 587 | 25) => r.warn(
            "mail.smtp_security",
            format!(
                "\"tls\" on port {}, which usually expects \"starttls\"",
                m.smtp_port
            ),
        ),
        _ => {}
    }
    if usable && let Err(e) = tandem_mail::SmtpMailer::new(&m.smtp()) {
        match e {
            tandem_mail::MailError::Address(_) => r.problem(
                "mail.from",
                format!(
                    "{:?} is not a sender address ({e}): give e.g. \"Tandem <tandem@example.org>\"",
                    m.from
                ),
            ),
            other => r.problem("mail.smtp_host", other.to_string()),
        }
    }
}

fn is_local_host(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Creates (and at once deletes) a file in `dir`: the one sure test of write access.
fn probe(dir: &Path) -> std::io::Result<()> {
    tempfile::Builder::new()
        .prefix(".tandem-check-")
        .tempfile_in(dir)
        .map(drop)
}

/// The directory a file lives in (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    non_empty(path.parent().unwrap_or(Path::new(".")))
}

fn non_empty(p: &Path) -> PathBuf {
    if p.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        p.to_path_buf()
    }
}

/// Opens the database without migrating it and says where it stands: one line for the operator,
/// or the problem that would stop `serve`. A SQLite file that does not exist is not created.
pub async fn database_state(cfg: &Config) -> Result<String, Problem> {
    let key = "database_url";
    let shown = redact_url(&cfg.database_url);
    match tandem_storage::sqlite_file(&cfg.database_url) {
        Err(e) => return Err(Problem::new(key, e.to_string())),
        Ok(Some(path)) if !path.exists() => {
            return Ok(format!(
                "{shown}: no database yet; `serve` (or `tandem init`) creates it and applies \
                 every migration"
            ));
        }
        Ok(_) => {}
    }
    let store = Store::connect(&cfg.database_url)
        .await
        .map_err(|e| Problem::new(key, format!("cannot open {shown}: {}", chain(&e))))?;
    let status = store.migration_status().await;
    store.close().await;
    let status = status.map_err(|e| {
        Problem::new(
            key,
            format!("cannot read the migrations of {shown}: {}", chain(&e)),
        )
    })?;
    describe(&shown, &status)
}

/// An error with its causes ("database error: error communicating with database: Connection
/// refused"): the store's own message alone does not say what went wrong.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn describe(shown: &str, s: &MigrationStatus) -> Result<String, Problem> {
    let list = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    if !s.unknown.is_empty() {
        return Err(Problem::new(
            "database_url",
            format!(
                "{shown} has migrations this version of Tandem does not know ({}): a newer version \
                 upgraded it, and migrations only go forward. Install that version again, or \
                 restore the backup taken before the upgrade",
                list(&s.unknown)
            ),
        ));
    }
    if !s.damaged.is_empty() {
        return Err(Problem::new(
            "database_url",
            format!(
                "{shown}: migrations {} failed half-way or differ from this version's: restore \
                 the backup taken before the upgrade",
                list(&s.damaged)
            ),
        ));
    }
    let total = s.applied.len() + s.pending.len();
    Ok(if s.pending.is_empty() {
        format!("{shown}: up to date ({total} migrations applied)")
    } else {
        format!(
            "{shown}: {} of {total} migrations to apply ({}); `serve` and `tandem migrate` apply \
             them (take a backup first)",
            s.pending.len(),
            list(&s.pending)
        )
    })
}
