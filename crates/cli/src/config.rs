//! Configuration: built-in defaults, then an optional TOML file, then `TANDEM_…` environment
//! variables, then command-line flags. Secrets are redacted whenever the configuration is printed.
//!
//! [`KEYS`] is the one list of settings with their meaning: `tandem config reference` prints it
//! (with each default taken from [`Config::default`]) and docs/operations.md holds that output, so
//! the documentation cannot drift from the code (tests compare them). [`check`] holds the checks
//! `serve` and `tandem config check` run.

pub mod check;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
pub use tandem_mail::SmtpSecurity;

/// The annotated example printed by `tandem config` (and `tandem config example`).
pub const EXAMPLE: &str = include_str!("../tandem.example.toml");

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    pub database_url: String,
    pub listen: String,
    pub base_url: String,
    pub cookie_secure: bool,
    pub session_hours: u32,
    pub log_format: LogFormat,
    /// Which requests get an access-log line (after `log_format` so that the TOML file keeps its
    /// top-level keys before its sections).
    pub access_log: AccessLog,
    pub mail: MailConfig,
    pub notices: NoticesConfig,
    pub http: HttpConfig,
    pub security: SecurityConfig,
}

/// How long the HTTP server waits for a client (see `tandem_web::WebConfig`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HttpConfig {
    /// Seconds a client has to send a request's head; also how long an idle keep-alive
    /// connection stays open.
    pub header_timeout_seconds: u64,
    /// Seconds one request may take, body included, before it is answered 503.
    pub request_timeout_seconds: u64,
}

/// Rate limits, the sign-in delay, the password-hashing bound and API token lifetimes (see
/// docs/sign-in.md).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SecurityConfig {
    /// Password hashes computed at once per process; 0 means one per CPU.
    pub hash_slots: u32,
    /// How long a sign-in waits for a hash slot before it is answered 503.
    pub hash_wait_ms: u64,
    /// Password sign-ins per client address per minute.
    pub sign_in_per_minute: u32,
    /// Reset, sign-in link, registration and API token requests per client address per hour.
    pub requests_per_hour: u32,
    /// The same requests per e-mail address (or account) per hour.
    pub requests_per_hour_per_account: u32,
    /// Failed sign-ins for one address before attempts must wait.
    pub delay_after_failures: u32,
    /// The longest wait between attempts.
    pub delay_max_seconds: u32,
    /// Default lifetime of a new API token.
    pub api_token_days: u32,
    /// Longest lifetime a new API token may be given.
    pub api_token_max_days: u32,
    /// Header a trusted reverse proxy puts the client's address in; empty for the socket's peer.
    pub client_ip_header: String,
}

/// How `serve` delivers the outbox (see docs/notices.md).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticesConfig {
    /// Delivery workers per instance; 0 leaves delivery to other instances.
    pub workers: u32,
    /// How often an idle worker looks for due notices queued by other instances.
    pub poll_seconds: u64,
    /// How long a claim holds a notice before another worker may take it over.
    pub lease_seconds: u64,
    /// How often the scheduler queues due reminders and digests.
    pub scheduler_seconds: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Which requests get an access-log line: `all`, `sample:N` (server errors and slow requests,
/// and one in N of the others), `errors` (server errors and slow requests only) or `off`. Written
/// as that text in the file and the environment; see `tandem_web::access_log` for why the
/// default samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum AccessLog {
    All,
    Sample(u64),
    Errors,
    Off,
}

impl Default for AccessLog {
    fn default() -> Self {
        AccessLog::Sample(100)
    }
}

impl TryFrom<String> for AccessLog {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        let v = s.trim().to_ascii_lowercase();
        match v.as_str() {
            "all" => Ok(AccessLog::All),
            "errors" => Ok(AccessLog::Errors),
            "off" => Ok(AccessLog::Off),
            _ => v
                .strip_prefix("sample:")
                .and_then(|n| n.trim().parse::<u64>().ok())
                .filter(|n| *n >= 1)
                .map(AccessLog::Sample)
                .ok_or_else(|| {
                    format!("{s:?} is not one of all, sample:N (N from 1), errors, off")
                }),
        }
    }
}

impl From<AccessLog> for String {
    fn from(a: AccessLog) -> String {
        match a {
            AccessLog::All => "all".into(),
            AccessLog::Sample(n) => format!("sample:{n}"),
            AccessLog::Errors => "errors".into(),
            AccessLog::Off => "off".into(),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
pub struct MailConfig {
    pub mode: MailMode,
    pub outbox_dir: String,
    pub from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    pub smtp_username: String,
    pub smtp_password: String,
}

/// How e-mail leaves Tandem. The default is `None` so that a server nobody configured for mail
/// refuses to start instead of quietly writing password-reset links into files nobody reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailMode {
    /// No transport chosen: `serve` refuses to start; commands that send nothing still work.
    None,
    /// Each e-mail is written as a JSON file (development and demos only).
    Outbox,
    /// Sent through the SMTP server of `mail.smtp_*`.
    Smtp,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite:tandem.db".into(),
            listen: "127.0.0.1:8080".into(),
            base_url: "http://localhost:8080".into(),
            cookie_secure: true,
            session_hours: 12,
            log_format: LogFormat::Text,
            access_log: AccessLog::default(),
            mail: MailConfig {
                mode: MailMode::None,
                outbox_dir: "outbox".into(),
                from: "Tandem <tandem@localhost>".into(),
                smtp_host: String::new(),
                smtp_port: 587,
                smtp_security: SmtpSecurity::Starttls,
                smtp_username: String::new(),
                smtp_password: String::new(),
            },
            notices: NoticesConfig {
                workers: 2,
                poll_seconds: 5,
                lease_seconds: 300,
                scheduler_seconds: 60,
            },
            http: HttpConfig {
                header_timeout_seconds: 10,
                request_timeout_seconds: 30,
            },
            security: SecurityConfig {
                hash_slots: 0,
                hash_wait_ms: 2_000,
                sign_in_per_minute: 60,
                requests_per_hour: 20,
                requests_per_hour_per_account: 5,
                delay_after_failures: 5,
                delay_max_seconds: 300,
                api_token_days: 90,
                api_token_max_days: 365,
                client_ip_header: String::new(),
            },
        }
    }
}

impl MailConfig {
    /// The SMTP settings of `mail.smtp_*` (empty user name and password mean none).
    pub fn smtp(&self) -> tandem_mail::SmtpConfig {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        tandem_mail::SmtpConfig {
            host: self.smtp_host.clone(),
            port: self.smtp_port,
            security: self.smtp_security,
            username: opt(&self.smtp_username),
            password: opt(&self.smtp_password),
            from: self.from.clone(),
            timeout_seconds: 30,
        }
    }
}

/// One setting: its key (`section.key` for nested ones), the flag that overrides it if there is
/// one, and what it means. The environment variable and the default are derived, not written.
pub struct Key {
    pub key: &'static str,
    pub flag: Option<&'static str>,
    pub meaning: &'static str,
}

/// Every setting, in the order of the example file. Tests check that this list and the fields of
/// [`Config`] are the same set, and that the example file and docs/operations.md cover it.
pub const KEYS: &[Key] = &[
    Key {
        key: "database_url",
        flag: Some("--database-url"),
        meaning: "Where the data live: `sqlite:FILE` (embedded; the file is created if missing, \
                  its directory must exist and be writable) or `postgres://user:password@host:5432/db` \
                  (several `serve` instances may share it).",
    },
    Key {
        key: "listen",
        flag: Some("serve --listen"),
        meaning: "Address and port the HTTP server binds, e.g. `127.0.0.1:8080` behind a reverse \
                  proxy on the same machine.",
    },
    Key {
        key: "base_url",
        flag: None,
        meaning: "The public address people use (the reverse proxy's `https://` address): links in \
                  e-mails and calendar feeds are built from it. Must be `https://` while \
                  `cookie_secure` is true, except on loopback for development.",
    },
    Key {
        key: "cookie_secure",
        flag: None,
        meaning: "Mark the session and CSRF cookies `Secure` (with the `__Host-` prefix), so browsers \
                  send them over HTTPS only. Keep `true` in production.",
    },
    Key {
        key: "session_hours",
        flag: None,
        meaning: "Hours a sign-in lasts without activity (1 to 720).",
    },
    Key {
        key: "log_format",
        flag: None,
        meaning: "`text` for people, `json` for log collectors. Logs never contain names or e-mail \
                  addresses; `TANDEM_LOG` sets the level filter (default `info,sqlx=warn`).",
    },
    Key {
        key: "access_log",
        flag: None,
        meaning: "Which requests get an access-log line (method, matched route, status, latency, \
                  request id; never the path or query): `all`, `sample:N` (every server error and \
                  request slower than 1 s, and one in N of the others), `errors` (server errors \
                  and slow requests only) or `off`.",
    },
    Key {
        key: "mail.mode",
        flag: None,
        meaning: "How e-mail is sent: `smtp` (production), `outbox` (writes each e-mail as a file; \
                  development only, `serve` warns) or `none` (not configured: `serve` refuses to \
                  start).",
    },
    Key {
        key: "mail.outbox_dir",
        flag: None,
        meaning: "Directory the `outbox` mode writes into (created owner-only, files 0600).",
    },
    Key {
        key: "mail.from",
        flag: None,
        meaning: "Sender of every e-mail, e.g. `Tandem <tandem@example.org>`.",
    },
    Key {
        key: "mail.smtp_host",
        flag: None,
        meaning: "SMTP server (required with `mode = \"smtp\"`).",
    },
    Key {
        key: "mail.smtp_port",
        flag: None,
        meaning: "SMTP port: usually 587 with `starttls`, 465 with `tls`, 25 with `none`.",
    },
    Key {
        key: "mail.smtp_security",
        flag: None,
        meaning: "`starttls` (refuses to send if the server cannot upgrade), `tls` (implicit TLS) or \
                  `none` (only for a relay on the same machine; never with credentials).",
    },
    Key {
        key: "mail.smtp_username",
        flag: None,
        meaning: "SMTP user name; empty for none. Set together with `mail.smtp_password`.",
    },
    Key {
        key: "mail.smtp_password",
        flag: None,
        meaning: "SMTP password (redacted whenever the configuration is shown). Prefer the \
                  environment variable or a file readable by the service only.",
    },
    Key {
        key: "notices.workers",
        flag: None,
        meaning: "Notice delivery workers each `serve` process runs (claiming due e-mails with a \
                  lease, so instances never send the same one twice). 0 leaves delivery to other \
                  instances.",
    },
    Key {
        key: "notices.poll_seconds",
        flag: None,
        meaning: "How often an idle worker looks for notices queued by other instances (1 to \
                  3600; a notice queued by the same instance wakes it at once).",
    },
    Key {
        key: "notices.lease_seconds",
        flag: None,
        meaning: "How long a worker holds the notices it claimed before another instance may take \
                  them over (10 to 86400). Keep it well above the SMTP timeout (30 s) times the \
                  batch of 10; a crashed instance's notices wait this long.",
    },
    Key {
        key: "notices.scheduler_seconds",
        flag: None,
        meaning: "How often each instance queues the reminders and digests that have fallen due \
                  (1 to 3600; every instance may run it, each reminder is queued once).",
    },
    Key {
        key: "http.header_timeout_seconds",
        flag: None,
        meaning: "Seconds a client has to send a request's head before the connection is closed \
                  (1 to 300). The wait starts again after each response, so this is also how long \
                  an idle keep-alive connection stays open. Keep it below the reverse proxy's \
                  keep-alive timeout towards Tandem, or the proxy may reuse a closed connection.",
    },
    Key {
        key: "http.request_timeout_seconds",
        flag: None,
        meaning: "Seconds one request may take, reading its body included, before it is answered \
                  `503` (retry later) and its work dropped (1 to 3600). Large imports need the \
                  most.",
    },
    Key {
        key: "security.hash_slots",
        flag: None,
        meaning: "Password hashes (Argon2, about 19 MiB each) one process computes at once; 0 \
                  means one per CPU. Sign-ins beyond it wait, then get 503 with `Retry-After`.",
    },
    Key {
        key: "security.hash_wait_ms",
        flag: None,
        meaning: "How long a sign-in waits for a free hash slot before it is answered 503 \
                  (0 to 30000).",
    },
    Key {
        key: "security.sign_in_per_minute",
        flag: None,
        meaning: "Password sign-ins accepted per client address per minute (1 to 100000); more get \
                  429 with `Retry-After`. Counted in the database, so shared by every instance.",
    },
    Key {
        key: "security.requests_per_hour",
        flag: None,
        meaning: "Password-reset, sign-in link, self-registration and API token requests accepted \
                  per client address per hour, each kind counted apart (1 to 100000).",
    },
    Key {
        key: "security.requests_per_hour_per_account",
        flag: None,
        meaning: "The same requests per e-mail address (API tokens: per account) per hour (1 to \
                  1000): caps the e-mails one address can be sent.",
    },
    Key {
        key: "security.delay_after_failures",
        flag: None,
        meaning: "Failed sign-ins for one e-mail address before each further attempt must wait \
                  2, 4, 8 ... seconds (1 to 100). Nothing locks the account.",
    },
    Key {
        key: "security.delay_max_seconds",
        flag: None,
        meaning: "The longest wait between sign-in attempts for one address after failures (1 to \
                  3600).",
    },
    Key {
        key: "security.api_token_days",
        flag: None,
        meaning: "Days a new API token lasts unless its creator chooses (1 to \
                  `security.api_token_max_days`).",
    },
    Key {
        key: "security.api_token_max_days",
        flag: None,
        meaning: "The longest lifetime, in days, a new API token may be given (1 to 3650).",
    },
    Key {
        key: "security.client_ip_header",
        flag: None,
        meaning: "Header a trusted reverse proxy sets to the client's address (e.g. \
                  `X-Forwarded-For`; its last entry is used). Empty: the connection's peer. Set \
                  it only behind a proxy that sets the header, or clients could choose their own.",
    },
];

/// The environment variable of a key: `TANDEM_`, then the key in capitals with `__` between a
/// section and its key (figment's `split("__")`).
pub fn env_var(key: &str) -> String {
    format!("TANDEM_{}", key.replace('.', "__").to_ascii_uppercase())
}

/// Whether `key` is a setting.
pub fn is_key(key: &str) -> bool {
    KEYS.iter().any(|k| k.key == key)
}

/// The default of a key as it would be written in the TOML file, from [`Config::default`].
pub fn default_toml(key: &str) -> String {
    let value = serde_json::to_value(Config::default()).expect("the defaults serialise");
    let pointer = format!("/{}", key.replace('.', "/"));
    match value.pointer(&pointer) {
        // JSON and TOML write strings, numbers and booleans alike.
        Some(v) => v.to_string(),
        None => panic!("{key} is in KEYS but not in Config"),
    }
}

/// The configuration reference as Markdown: one table row per key. `tandem config reference`
/// prints it; docs/operations.md holds it between markers.
pub fn reference_markdown() -> String {
    let mut out =
        String::from("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
    for k in KEYS {
        let flag = k
            .flag
            .map(|f| format!(" Flag: `tandem {f}`."))
            .unwrap_or_default();
        let meaning = k.meaning.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!(
            "| `{}` | `{}` | `{}` | {meaning}{flag} |\n",
            k.key,
            env_var(k.key),
            default_toml(k.key).replace('|', "\\|"),
        ));
    }
    out
}

/// A setting that is missing, malformed or contradicts another (or, among warnings, one that
/// works but should not be used in production). It always names the key to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

impl Problem {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_key(&self.key) {
            write!(f, "{} ({}): {}", self.key, env_var(&self.key), self.message)
        } else {
            write!(f, "{}: {}", self.key, self.message)
        }
    }
}

/// Every problem found at once, so the operator fixes them in one go. The binary exits with
/// [`Problems::EXIT_CODE`].
#[derive(Debug, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// `EX_CONFIG` of sysexits.h, which systemd calls `CONFIG` too: the unit's
    /// `RestartPreventExitStatus=78` stops systemd restarting a server that can never start.
    pub const EXIT_CODE: u8 = 78;
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the configuration has {n} problem{} (set each key in the configuration file or its \
             environment variable):",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.0 {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

impl Config {
    /// Loads defaults < file < environment (`TANDEM_`, `__` between section and key).
    ///
    /// Every malformed value is reported, not just the first: serde stops at the first error, so
    /// each erroneous key is noted and set back to its default, and extraction is tried again.
    /// Keys in the file that are not settings are reported too (a misspelt key would otherwise
    /// be ignored without a word).
    pub fn load(file: Option<&Path>) -> Result<Self, Problems> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        let mut problems = Vec::new();
        if let Some(path) = file {
            fig = fig.merge(Toml::file_exact(path));
            problems.extend(unknown_keys(path));
        }
        let env = Env::prefixed("TANDEM_").split("__");
        fig = fig.merge(env.clone());
        let defaults = serde_json::to_value(Config::default()).expect("the defaults serialise");
        // figment reads `TANDEM_MAIL__SMTP_PASSWORD=123456` as a number (and `1.50` as 1.5), so
        // a text setting takes its variable's text exactly as it is.
        for (key, value) in env.iter() {
            let key = key.as_str().to_ascii_lowercase();
            let pointer = format!("/{}", key.replace('.', "/"));
            if is_key(&key) && defaults.pointer(&pointer).is_some_and(|d| d.is_string()) {
                fig = fig.merge(Serialized::default(&key, value));
            }
        }
        loop {
            match fig.extract::<Config>() {
                Ok(cfg) if problems.is_empty() => return Ok(cfg),
                Ok(_) => return Err(Problems(problems)),
                Err(errors) => {
                    let mut reset = Vec::new();
                    for e in errors {
                        let key = e.path.join(".");
                        let source = match &e.metadata {
                            Some(m) => match &m.source {
                                Some(figment::Source::File(p)) => format!(" (in {})", p.display()),
                                // The key's display names the variable.
                                _ if m.name.contains("environment") => {
                                    " (from the environment)".to_string()
                                }
                                _ => String::new(),
                            },
                            None => String::new(),
                        };
                        let default = defaults.pointer(&format!("/{}", key.replace('.', "/")));
                        match (is_key(&key), default) {
                            (true, Some(d)) => {
                                problems.push(Problem::new(&key, format!("{}{source}", e.kind)));
                                reset.push((key, d.clone()));
                            }
                            _ => {
                                // Not one key's value (the file is missing or not TOML): there is
                                // nothing to set back, so report it and stop.
                                let what = file.map_or_else(
                                    || "configuration".to_string(),
                                    |p| format!("configuration file {}", p.display()),
                                );
                                problems.push(Problem::new(what, e.to_string()));
                                return Err(Problems(problems));
                            }
                        }
                    }
                    for (key, value) in reset {
                        fig = fig.merge(Serialized::default(&key, value));
                    }
                }
            }
        }
    }
}

/// Keys of the TOML file at `path` that are not settings, each with a hint when it is a known
/// key's last part (a `[mail]` key written at the top, say). A file that cannot be read or parsed
/// is reported by [`Config::load`]'s extraction instead.
fn unknown_keys(path: &Path) -> Vec<Problem> {
    let Ok(data) = figment::Provider::data(&Toml::file_exact(path)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for dict in data.values() {
        collect_keys(dict, "", &mut found);
    }
    found
        .into_iter()
        .filter(|k| !is_key(k))
        .map(|k| {
            let hint = KEYS
                .iter()
                .find(|known| known.key.rsplit('.').next() == k.rsplit('.').next())
                .map(|known| format!(" (did you mean `{}`?)", known.key))
                .unwrap_or_default();
            Problem::new(
                format!("{k} in {}", path.display()),
                format!("not a Tandem setting{hint}; `tandem config reference` lists them all"),
            )
        })
        .collect()
}

fn collect_keys(dict: &figment::value::Dict, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in dict {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            // `mail`, `notices`, `http` and `security` are sections; a table anywhere else is
            // simply an unknown key.
            figment::value::Value::Dict(_, inner)
                if key == "mail" || key == "notices" || key == "http" || key == "security" =>
            {
                collect_keys(inner, &key, out)
            }
            _ => out.push(key),
        }
    }
}

/// Replaces the password of a `scheme://user:password@host/...` URL with `***`, and the value of
/// a `password=` query parameter (libpq accepts it there too).
pub fn redact_url(url: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(u, q)| (u, Some(q)));
    let base = redact_userinfo(base);
    match query {
        Some(q) => {
            let q: Vec<String> = q
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{base}?{}", q.join("&"))
        }
        None => base,
    }
}

fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_string();
    };
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    let slash = if rest.contains('/') { "/" } else { "" };
    if userinfo.contains(':') {
        format!("{scheme}://{user}:***@{host}{slash}{path}")
    } else {
        format!("{scheme}://{user}@{host}{slash}{path}")
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("listen", &self.listen)
            .field("base_url", &self.base_url)
            .field("cookie_secure", &self.cookie_secure)
            .field("session_hours", &self.session_hours)
            .field("log_format", &self.log_format)
            .field("access_log", &self.access_log)
            .field("mail", &self.mail)
            .field("notices", &self.notices)
            .field("http", &self.http)
            .field("security", &self.security)
            .finish()
    }
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = if self.smtp_password.is_empty() {
            ""
        } else {
            "***"
        };
        f.debug_struct("MailConfig")
            .field("mode", &self.mode)
            .field("outbox_dir", &self.outbox_dir)
            .field("from", &self.from)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_security", &self.smtp_security)
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &secret)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_urls_and_debug_output() {
        assert_eq!(
            redact_url("postgres://tandem:s3cret@db:5432/tandem"),
            "postgres://tandem:***@db:5432/tandem"
        );
        assert_eq!(
            redact_url("postgres://tandem@db/tandem"),
            "postgres://tandem@db/tandem"
        );
        assert_eq!(redact_url("sqlite:tandem.db"), "sqlite:tandem.db");
        assert_eq!(
            redact_url("postgres://db/tandem?sslmode=require&password=s3cret"),
            "postgres://db/tandem?sslmode=require&password=***"
        );
        let mut mail = Config::default().mail;
        mail.smtp_password = "hunter3".into();
        let c = Config {
            database_url: "postgres://u:hunter2@h/d".into(),
            mail,
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("hunter3"),
            "{shown}"
        );
        assert!(shown.contains("***"));
    }

    #[test]
    fn the_example_file_parses_to_the_defaults() {
        let from_example: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string(EXAMPLE))
            .extract()
            .expect("example parses");
        assert_eq!(
            format!("{from_example:?}"),
            format!("{:?}", Config::default())
        );
    }

    /// The dotted keys of every leaf of a JSON object (sections are objects).
    fn leaves(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    leaves(v, &key, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }

    fn sorted(mut v: Vec<String>) -> Vec<String> {
        v.sort();
        v
    }

    fn table_keys() -> Vec<String> {
        sorted(KEYS.iter().map(|k| k.key.to_string()).collect())
    }

    #[test]
    fn the_reference_table_lists_exactly_the_fields_of_config() {
        let mut fields = Vec::new();
        leaves(
            &serde_json::to_value(Config::default()).expect("serialise"),
            "",
            &mut fields,
        );
        assert_eq!(sorted(fields), table_keys());
        let mut unique = table_keys();
        unique.dedup();
        assert_eq!(unique.len(), KEYS.len(), "a key is listed twice");
        assert_eq!(env_var("mail.smtp_host"), "TANDEM_MAIL__SMTP_HOST");
        assert_eq!(default_toml("mail.smtp_port"), "587");
        assert_eq!(default_toml("mail.mode"), "\"none\"");
    }

    /// The keys a TOML text sets, as dotted paths.
    fn toml_keys(text: &str) -> Vec<String> {
        let data = figment::Provider::data(&Toml::string(text)).expect("TOML parses");
        let mut found = Vec::new();
        for dict in data.values() {
            collect_keys(dict, "", &mut found);
        }
        sorted(found)
    }

    #[test]
    fn the_example_and_the_packaged_configuration_set_every_key() {
        assert_eq!(
            toml_keys(EXAMPLE),
            table_keys(),
            "crates/cli/tandem.example.toml"
        );
        let packaged = include_str!("../../../packaging/tandem.toml");
        assert_eq!(toml_keys(packaged), table_keys(), "packaging/tandem.toml");
        // The package's file is the production layout: SQLite under /var/lib/tandem, loopback
        // behind a proxy, an https base_url, Secure cookies and SMTP.
        let c: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string(packaged))
            .extract()
            .expect("packaged configuration parses");
        assert_eq!(c.database_url, "sqlite:/var/lib/tandem/tandem.db");
        assert!(c.listen.starts_with("127.0.0.1:"), "{}", c.listen);
        assert!(c.base_url.starts_with("https://"), "{}", c.base_url);
        assert!(c.cookie_secure);
        assert_eq!(c.mail.mode, MailMode::Smtp);
        assert_eq!(c.log_format, LogFormat::Text);
    }

    #[test]
    fn every_row_of_the_reference_names_key_variable_and_default() {
        let md = reference_markdown();
        assert_eq!(md.lines().count(), KEYS.len() + 2);
        assert!(md.contains(
            "| `database_url` | `TANDEM_DATABASE_URL` | `\"sqlite:tandem.db\"` | Where the data live"
        ));
        assert!(md.contains("| `cookie_secure` | `TANDEM_COOKIE_SECURE` | `true` |"));
        assert!(md.contains("Flag: `tandem --database-url`."));
    }

    #[test]
    #[expect(
        clippy::result_large_err,
        reason = "figment::Jail's closure type is fixed by figment"
    )]
    fn environment_overrides_file_and_nested_keys_use_double_underscore() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "t.toml",
                "listen = \"0.0.0.0:9000\"\n[mail]\nsmtp_port = 25\n",
            )?;
            jail.set_env("TANDEM_LISTEN", "127.0.0.1:7000");
            jail.set_env("TANDEM_MAIL__SMTP_HOST", "relay.local");
            let c = Config::load(Some(Path::new("t.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(c.listen, "127.0.0.1:7000");
            assert_eq!(c.mail.smtp_port, 25);
            assert_eq!(c.mail.smtp_host, "relay.local");
            Ok(())
        });
    }

    #[test]
    fn access_log_takes_its_four_forms_and_refuses_the_rest() {
        let parse = |s: &str| AccessLog::try_from(s.to_string());
        assert_eq!(parse("all"), Ok(AccessLog::All));
        assert_eq!(parse(" Errors "), Ok(AccessLog::Errors));
        assert_eq!(parse("off"), Ok(AccessLog::Off));
        assert_eq!(parse("sample:25"), Ok(AccessLog::Sample(25)));
        assert_eq!(parse("SAMPLE: 7"), Ok(AccessLog::Sample(7)));
        for bad in [
            "",
            "some",
            "sample",
            "sample:",
            "sample:0",
            "sample:-3",
            "sample:x",
            "1",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        for a in [
            AccessLog::All,
            AccessLog::Sample(9),
            AccessLog::Errors,
            AccessLog::Off,
        ] {
            assert_eq!(parse(&String::from(a)), Ok(a));
        }
        assert_eq!(Config::default().access_log, AccessLog::Sample(100));
    }

    #[test]
    #[expect(
        clippy::result_large_err,
        reason = "figment::Jail's closure type is fixed by figment"
    )]
    fn access_log_is_read_from_the_file_and_the_environment_and_checked() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("t.toml", "access_log = \"errors\"\n")?;
            let c = Config::load(Some(Path::new("t.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(c.access_log, AccessLog::Errors);
            jail.set_env("TANDEM_ACCESS_LOG", "off");
            let c = Config::load(Some(Path::new("t.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(c.access_log, AccessLog::Off);
            jail.set_env("TANDEM_ACCESS_LOG", "sample:3");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.access_log, AccessLog::Sample(3));
            jail.set_env("TANDEM_ACCESS_LOG", "sometimes");
            let err = Config::load(None).expect_err("a bad value is refused");
            assert!(err.to_string().contains("access_log"), "{err}");
            Ok(())
        });
    }
}
