//! Shared plumbing of the subcommands: configuration, logging, the store, the mailer, the use
//! cases' context and serving.

use crate::config::{AccessLog, Config, LogFormat, MailMode, Problem, Problems, check};
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::sync::Arc;
use tandem_app::Settings;
use tandem_domain::{Actor, Role, RoleAssignment, Scheme, Scope};
use tandem_mail::{Mailer, NoTransport, OutboxMailer, SmtpMailer};
use tandem_storage::Store;
use tandem_web::{AppState, WebConfig};

/// A mistake in what the operator asked for (bad arguments, invalid input file): exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn load_config(file: Option<&Path>, database_url: Option<String>) -> Result<Config> {
    let mut cfg = Config::load(file)?;
    if let Some(url) = database_url {
        cfg.database_url = url;
    }
    init_logging(cfg.log_format);
    Ok(cfg)
}

/// Logs go to stderr, so commands that print results (import, export) keep stdout clean. Colours
/// only on a terminal: under systemd stderr is the journal, where escape codes are noise.
fn init_logging(format: LogFormat) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("TANDEM_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub fn block_on<F: std::future::Future<Output = Result<()>>>(f: F) -> Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?
        .block_on(f)
}

/// Connects to the configured database and applies pending migrations.
pub async fn open_store(cfg: &Config) -> Result<Store> {
    let shown = crate::config::redact_url(&cfg.database_url);
    let store = Store::connect(&cfg.database_url)
        .await
        .with_context(|| format!("connecting to {shown}"))?;
    store
        .migrate()
        .await
        .with_context(|| format!("migrating {shown}"))?;
    if let Some(ext) = store
        .missing_search_extension()
        .await
        .with_context(|| format!("checking {shown}"))?
    {
        tracing::warn!(
            extension = ext,
            "people search has no index: the PostgreSQL extension {ext} is missing, so every \
             search reads every person. Install it as a superuser (CREATE EXTENSION {ext}; on \
             some systems the postgresql-contrib package first), then restart"
        );
    }
    Ok(store)
}

pub async fn migrate(cfg: Config) -> Result<()> {
    open_store(&cfg).await?;
    eprintln!(
        "Database is up to date: {}",
        crate::config::redact_url(&cfg.database_url)
    );
    Ok(())
}

/// The configured mailer. Without a transport (`mail.mode = "none"`) it is [`NoTransport`], so
/// commands that send nothing still run; `serve` has refused to start before it gets here, and
/// commands that mean to send call [`require_mail_transport`] first.
pub fn mailer(cfg: &Config) -> Result<Arc<dyn Mailer>> {
    Ok(match cfg.mail.mode {
        MailMode::None => Arc::new(NoTransport),
        MailMode::Outbox => {
            Arc::new(OutboxMailer::new(&cfg.mail.outbox_dir).context("opening the mail outbox")?)
        }
        MailMode::Smtp => Arc::new(SmtpMailer::new(&cfg.mail.smtp()).context("configuring SMTP")?),
    })
}

/// Refuses (naming the key) before a command sends an e-mail with no transport configured.
pub fn require_mail_transport(cfg: &Config) -> Result<()> {
    if cfg.mail.mode == MailMode::None {
        return Err(Problems(vec![Problem::new(
            "mail.mode",
            "no mail transport is configured, so this e-mail could not be sent: set it to \"smtp\" \
             (with mail.smtp_host), or use --password-stdin to set the password directly",
        )])
        .into());
    }
    Ok(())
}

/// Delivers the notices a command just queued before it exits (a command does not wait for
/// `serve`); one that cannot be sent now stays queued, `serve` retries it, and this says so.
pub async fn deliver_now(app: &tandem_app::Context) -> Result<()> {
    let done = tandem_app::notify::worker::deliver_due(app, 1_000)
        .await
        .map_err(|e| anyhow::anyhow!("delivering e-mail: {e}"))?;
    if done.failed > 0 {
        eprintln!(
            "{} e-mail(s) could not be sent yet; `tandem serve` tries again (check `mail.*`).",
            done.failed
        );
    }
    Ok(())
}

/// The use cases' settings from the configuration.
pub fn settings(cfg: &Config) -> Settings {
    use tandem_app::throttle::{Limit, ThrottleSettings, default_hash_slots};
    let s = &cfg.security;
    Settings {
        base_url: cfg.base_url.trim_end_matches('/').to_string(),
        session_hours: cfg.session_hours,
        api_token_days: s.api_token_days,
        api_token_max_days: s.api_token_max_days,
        throttle: ThrottleSettings {
            hash_slots: match s.hash_slots {
                0 => default_hash_slots(),
                n => n as usize,
            },
            hash_wait_ms: s.hash_wait_ms,
            sign_in_per_address: Limit::new(s.sign_in_per_minute, 60),
            requests_per_address: Limit::new(s.requests_per_hour, 3600),
            requests_per_account: Limit::new(s.requests_per_hour_per_account, 3600),
            delay_after_failures: s.delay_after_failures,
            delay_max_seconds: s.delay_max_seconds,
        },
        ..Settings::default()
    }
}

/// The use cases' context on the wall clock, with the configured mailer.
pub fn context(cfg: &Config, store: Store) -> Result<tandem_app::Context> {
    Ok(tandem_app::Context::new(store, mailer(cfg)?, settings(cfg)))
}

pub fn web_config(cfg: &Config) -> WebConfig {
    let header = cfg.security.client_ip_header.trim();
    WebConfig {
        cookie_secure: cfg.cookie_secure,
        header_timeout: std::time::Duration::from_secs(cfg.http.header_timeout_seconds.max(1)),
        request_timeout: std::time::Duration::from_secs(cfg.http.request_timeout_seconds.max(1)),
        client_ip_header: (!header.is_empty()).then(|| header.to_ascii_lowercase()),
        access_log: match cfg.access_log {
            AccessLog::All => tandem_web::access_log::AccessLog::All,
            AccessLog::Sample(n) => tandem_web::access_log::AccessLog::Sample(n),
            AccessLog::Errors => tandem_web::access_log::AccessLog::Errors,
            AccessLog::Off => tandem_web::access_log::AccessLog::Off,
        },
        ..WebConfig::default()
    }
}

/// Serves with the configuration after refusing to start on any problem [`check::check`] finds
/// (all of them listed, exit status 78) and logging its warnings.
pub async fn serve(mut cfg: Config, listen: Option<String>) -> Result<()> {
    if let Some(listen) = listen {
        cfg.listen = listen;
    }
    for w in check::check(&cfg).into_result()? {
        tracing::warn!("configuration: {w}");
    }
    let store = open_store(&cfg).await?;
    let addr = cfg.listen.clone();
    let app = context(&cfg, store)?;
    // A database with no scheme is set up in the browser by whoever can read this console.
    let setup_code = setup_code(&app).await?;
    let workers = Workers::from_config(&cfg);
    serve_app(app, web_config(&cfg), &addr, workers, |url| {
        eprintln!("Tandem is serving at {url}");
        if let Some(code) = setup_code {
            announce_setup(&cfg.base_url, &code);
        }
    })
    .await
}

/// `tandem config check`: the checks of `serve` and where the database stands, printed; every
/// problem is returned together (exit status 78) and nothing is started or migrated.
pub async fn config_check(cfg: Config, file: Option<&Path>) -> Result<()> {
    match file {
        Some(f) => println!("Configuration file: {}", f.display()),
        None => println!("Configuration file: none (built-in defaults and TANDEM_… variables)"),
    }
    let report = check::check(&cfg);
    let database_ok = !report.problems.iter().any(|p| p.key == "database_url");
    let mut problems = report.problems;
    for w in &report.warnings {
        println!("warning: {w}");
    }
    if database_ok {
        match check::database_state(&cfg).await {
            Ok(state) => println!("Database: {state}"),
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems).into());
    }
    println!(
        "No problems: `tandem serve` would start with this configuration ({} warning{}).",
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

/// Binds, reports the address actually bound (port 0 picks a free one) and serves the use cases
/// of `app` over HTTP until Ctrl-C. The one place the command line meets the web crate: every
/// other command calls `tandem-app` directly.
///
/// Next to the web server it runs the notice workers and the scheduler of `workers` (see
/// docs/notices.md); on shutdown they finish the message in hand and stop.
pub async fn serve_app(
    app: tandem_app::Context,
    web: WebConfig,
    addr: &str,
    workers: Workers,
    announce: impl FnOnce(&str),
) -> Result<()> {
    let state = AppState::new(app.clone(), web);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    let local = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = workers.spawn(&app, &stopped);
    announce(&format!("http://{local}/"));
    tracing::info!(address = %local, workers = workers.count, "serving");
    let served = tandem_web::serve(listener, state).await;
    let _ = stop.send(true);
    // A worker in the middle of an SMTP conversation finishes it (bounded by the SMTP timeout),
    // so a message the server accepted is recorded as sent rather than sent again later.
    let all = futures_join_all(running);
    if tokio::time::timeout(std::time::Duration::from_secs(40), all)
        .await
        .is_err()
    {
        tracing::warn!("notice workers did not stop within 40 s");
    }
    served.context("serving")?;
    Ok(())
}

async fn futures_join_all(handles: Vec<tokio::task::JoinHandle<()>>) {
    for h in handles {
        let _ = h.await;
    }
}

/// The notice workers and scheduler a serving process runs (`notices.*` settings).
#[derive(Clone, Debug)]
pub struct Workers {
    pub count: u32,
    pub options: tandem_app::notify::worker::WorkerOptions,
    pub scheduler_every: std::time::Duration,
}

impl Workers {
    pub fn from_config(cfg: &Config) -> Workers {
        let n = &cfg.notices;
        Workers {
            count: n.workers,
            options: tandem_app::notify::worker::WorkerOptions {
                lease: chrono::Duration::seconds(i64::try_from(n.lease_seconds).unwrap_or(300)),
                poll: std::time::Duration::from_secs(n.poll_seconds.max(1)),
                ..Default::default()
            },
            scheduler_every: std::time::Duration::from_secs(n.scheduler_seconds.max(1)),
        }
    }

    /// Starts the workers and the scheduler; they stop when `stopped` turns true.
    fn spawn(
        &self,
        app: &tandem_app::Context,
        stopped: &tokio::sync::watch::Receiver<bool>,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        use tandem_app::notify::worker;
        // Unique per process and worker, so a lease names exactly who holds it (the process id
        // alone repeats across machines and restarts).
        let process = uuid::Uuid::now_v7().simple().to_string();
        let mut handles: Vec<_> = (0..self.count)
            .map(|i| {
                tokio::spawn(worker::run(
                    app.clone(),
                    format!(
                        "{}-{}-{i}",
                        std::process::id(),
                        &process[process.len() - 8..]
                    ),
                    self.options.clone(),
                    stopped.clone(),
                ))
            })
            .collect();
        handles.push(tokio::spawn(tandem_app::background::run(
            app.clone(),
            self.scheduler_every,
            stopped.clone(),
        )));
        handles
    }
}

/// Picks the scheme a command acts on: the one named (by name or id), or the only one there is.
pub async fn pick_scheme(store: &Store, wanted: Option<&str>) -> Result<Scheme> {
    let schemes = store.list_schemes().await?;
    match wanted {
        Some(w) => schemes
            .into_iter()
            .find(|s| s.id.to_string() == w || s.name.eq_ignore_ascii_case(w))
            .ok_or_else(|| UsageError(format!("no scheme named {w:?}")).into()),
        None => match schemes.len() {
            1 => Ok(schemes.into_iter().next().expect("one")),
            0 => bail!(UsageError(
                "the database holds no scheme yet: set one up with `tandem init` (or try `tandem demo`)".into()
            )),
            _ => bail!(UsageError(
                "the database holds several schemes: choose one with --scheme".into()
            )),
        },
    }
}

/// The operator at the command line acts with a scheme coordinator's rights in the chosen scheme
/// (they hold the database itself, so nothing more is protected by asking less). Their audit
/// entries carry the nil id, which no person has, so they read as "the command line".
pub fn operator(scheme: &Scheme) -> Actor {
    Actor {
        person_id: tandem_domain::PersonId(uuid::Uuid::nil()),
        scheme_id: scheme.id,
        roles: vec![RoleAssignment {
            role: Role::SchemeCoordinator,
            scope: Scope::Scheme(scheme.id),
        }],
    }
}

/// A translation key with its placeholders, in English: the terminal's language.
pub fn english(key: &str, params: &[(String, String)]) -> String {
    let p: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tandem_i18n::I18n::shared().t_with(tandem_i18n::Lang::EnGb, key, &p)
}

/// Field errors as "field: message" in English.
pub fn describe_fields(v: &tandem_domain::ValidationErrors) -> String {
    v.errors
        .iter()
        .map(|f| format!("{}: {}", f.field, english(&f.message, &f.params)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A single-use set-up code when the database holds no scheme yet (see `tandem_app::setup`).
async fn setup_code(app: &tandem_app::Context) -> Result<Option<String>> {
    tandem_app::setup::open_setup(app)
        .await
        .map_err(|e| anyhow::anyhow!("making a set-up code: {e}"))
}

/// Prints the set-up link to standard output, like the serving announcement: it is for the
/// person at the console, never for the structured logs.
fn announce_setup(base_url: &str, code: &str) {
    println!(
        "This database holds no scheme yet. Set up this Tandem at {}/setup?code={code} \
         (the code works once; `tandem init` does the same from the command line).",
        base_url.trim_end_matches('/')
    );
}
