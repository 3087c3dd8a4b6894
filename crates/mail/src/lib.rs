//! Outgoing e-mail for Tandem: invitations, password resets and (later) notifications.
//!
//! The web layer depends only on the [`Mailer`] trait so that the same code path sends real mail
//! through SMTP in production ([`SmtpMailer`]), drops each message as a JSON file into an outbox
//! directory during development ([`OutboxMailer`]), or records it in memory for tests
//! ([`MemoryMailer`]).
//!
//! # Why a boxed future
//!
//! [`Mailer::send`] returns a [`MailFuture`] (a pinned, boxed `Send` future) rather than using
//! `async fn` in the trait. An `async fn` / `impl Future` return makes the trait
//! non-dyn-compatible, and the application must hold the mailer chosen at start-up from
//! configuration as `Arc<dyn Mailer>` in its shared state. The alternative, a synchronous `send`
//! wrapped in `spawn_blocking` by every caller, would tie up a blocking thread for the length of
//! an SMTP conversation and push the burden onto each call site; one allocation per e-mail is
//! negligible next to the network round trips it pays for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One e-mail to one recipient. `html` is an optional alternative body; `text` is always sent so
/// that mail readers without HTML (and screen readers in plain mode) get the whole message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// The notice's stable kind code (e.g. `session.reminder`), sent as `X-Tandem-Kind` so that
    /// a mail system, a test or a person filtering their inbox can tell notices apart.
    #[serde(default)]
    pub kind: Option<String>,
    /// One-click unsubscribe address (absolute `https://` URL), sent as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post` (RFC 8058) so mail clients offer an unsubscribe button.
    #[serde(default)]
    pub list_unsubscribe: Option<String>,
    /// Files sent with the message (e.g. `session.ics`).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// `Message-ID` without the angle brackets (`id@host`); a fresh one when `None`. A notice
    /// sends its outbox row's id, the same on every attempt, so that a message sent twice (see
    /// docs/notices.md) carries one id and mail systems that deduplicate can drop the copy.
    #[serde(default)]
    pub message_id: Option<String>,
}

/// A file sent with an e-mail. Text only: everything Tandem attaches (calendar files) is text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub file_name: String,
    /// e.g. `text/calendar; charset=utf-8; method=REQUEST`.
    pub content_type: String,
    pub body: String,
}

/// Why an e-mail could not be sent or stored.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient or sender address is not a valid mailbox.
    #[error("invalid address: {0}")]
    Address(String),
    /// The message could not be assembled (e.g. a header contains a line break).
    #[error("message could not be built: {0}")]
    Build(String),
    /// The SMTP server refused the message or could not be reached.
    #[error("SMTP transport error: {0}")]
    Transport(String),
    /// The outbox directory could not be written.
    #[error("outbox I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The outbox file could not be encoded or decoded.
    #[error("outbox encoding error: {0}")]
    Json(#[from] serde_json::Error),
    /// No mail transport is configured (see [`NoTransport`]).
    #[error("no mail transport is configured (mail.mode)")]
    NotConfigured,
}

/// The future returned by [`Mailer::send`]: boxed so that the trait stays dyn-compatible.
pub type MailFuture<'a> = Pin<Box<dyn Future<Output = Result<(), MailError>> + Send + 'a>>;

/// Something that delivers e-mail. Usable as `Arc<dyn Mailer>` (see the crate documentation for
/// why `send` returns a boxed future).
pub trait Mailer: Send + Sync {
    /// Delivers (or, for development mailers, records) one e-mail.
    fn send(&self, email: Email) -> MailFuture<'_>;
}

impl<M: Mailer + ?Sized> Mailer for Arc<M> {
    fn send(&self, email: Email) -> MailFuture<'_> {
        (**self).send(email)
    }
}

impl<M: Mailer + ?Sized> Mailer for Box<M> {
    fn send(&self, email: Email) -> MailFuture<'_> {
        (**self).send(email)
    }
}

// ---------------------------------------------------------------------------------------------
// SMTP

/// How the SMTP connection is secured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS; refuses to send if the server cannot upgrade.
    #[default]
    Starttls,
    /// TLS from the first byte ("SMTPS", usually port 465).
    Tls,
    /// No encryption at all: only for a relay on the same host or a test server.
    None,
}

impl SmtpSecurity {
    /// The conventional port for this security mode.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Starttls => 587,
            Self::Tls => 465,
            Self::None => 25,
        }
    }
}

/// SMTP settings. `Debug` never prints the password, so the configuration can be logged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Sender, e.g. `Tandem <noreply@example.org>`.
    pub from: String,
    /// Gives up on an unresponsive server after this many seconds (default 30).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
}

fn default_timeout() -> u64 {
    30
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("from", &self.from)
            .field("timeout_seconds", &self.timeout_seconds)
            .finish()
    }
}

type SmtpTransport = lettre::AsyncSmtpTransport<lettre::Tokio1Executor>;

/// Sends e-mail through an SMTP server with lettre (rustls with the ring provider, webpki roots).
pub struct SmtpMailer {
    transport: SmtpTransport,
    from: lettre::message::Mailbox,
    host: String,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("host", &self.host)
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl SmtpMailer {
    /// Builds the transport. No connection is opened until the first e-mail is sent.
    pub fn new(config: &SmtpConfig) -> Result<Self, MailError> {
        use lettre::transport::smtp::authentication::Credentials;
        use lettre::transport::smtp::client::{Tls, TlsParameters};

        let from: lettre::message::Mailbox = config
            .from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Address(format!("from: {e}")))?;
        let tls = match config.security {
            SmtpSecurity::None => Tls::None,
            SmtpSecurity::Starttls | SmtpSecurity::Tls => {
                let params = TlsParameters::builder(config.host.clone())
                    .build_rustls()
                    .map_err(|e| MailError::Transport(format!("TLS set-up: {e}")))?;
                if config.security == SmtpSecurity::Tls {
                    Tls::Wrapper(params)
                } else {
                    Tls::Required(params)
                }
            }
        };
        let mut builder = SmtpTransport::builder_dangerous(config.host.clone())
            .port(config.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(config.timeout_seconds.max(1))));
        if let Some(user) = &config.username {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                config.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            host: config.host.clone(),
        })
    }

    /// Builds the MIME message (exposed so the message shape can be tested without a server).
    pub fn build_message(&self, email: &Email) -> Result<lettre::Message, MailError> {
        build_message(&self.from, email)
    }
}

/// Replaces every e-mail address in `text` with `[address]`. SMTP servers quote the recipient in
/// their refusals (`550 5.1.1 <ann@example.org>: unknown user`), and these messages end up in
/// logs, which must not collect people's addresses; the status and reason stay for diagnosis.
fn redact_addresses(text: &str) -> String {
    fn flush(word: &mut String, out: &mut String) {
        if word.contains('@') {
            out.push_str("[address]");
        } else {
            out.push_str(word);
        }
        word.clear();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() || "<>()[]\"',;:".contains(c) {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The header naming a notice's kind.
const X_TANDEM_KIND: lettre::message::header::HeaderName =
    lettre::message::header::HeaderName::new_from_ascii_str("X-Tandem-Kind");
const LIST_UNSUBSCRIBE: lettre::message::header::HeaderName =
    lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe");
const LIST_UNSUBSCRIBE_POST: lettre::message::header::HeaderName =
    lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post");

/// A header value that must stay on one line and in ASCII (codes and URLs): anything else is a
/// bug upstream, refused rather than encoded into something no client understands.
fn ascii_header(
    name: lettre::message::header::HeaderName,
    value: String,
    what: &str,
) -> Result<lettre::message::header::HeaderValue, MailError> {
    if !value.is_ascii() || value.contains(['\r', '\n']) || value.is_empty() {
        return Err(MailError::Build(format!(
            "the {what} is not one line of ASCII"
        )));
    }
    Ok(lettre::message::header::HeaderValue::new(name, value))
}

/// The content type of an attachment; a calendar file gets `method=` from its own `METHOD:`
/// line when the renderer did not say (clients treat REQUEST and CANCEL differently).
fn attachment_type(a: &Attachment) -> Result<lettre::message::header::ContentType, MailError> {
    let mut ct = a.content_type.clone();
    if ct.starts_with("text/calendar") && !ct.contains("method=") {
        let method = a
            .body
            .lines()
            .find_map(|l| l.trim().strip_prefix("METHOD:"))
            .map(str::trim);
        if let Some(m) = method.filter(|m| m.chars().all(|c| c.is_ascii_alphabetic())) {
            ct = format!("{ct}; method={m}");
        }
    }
    lettre::message::header::ContentType::parse(&ct)
        .map_err(|e| MailError::Build(format!("attachment type: {e}")))
}

/// Builds a MIME message: plain text alone, or multipart/alternative when there is HTML; with
/// attachments, that body and the files inside multipart/mixed. The kind and the unsubscribe
/// link become headers.
pub fn build_message(
    from: &lettre::message::Mailbox,
    email: &Email,
) -> Result<lettre::Message, MailError> {
    use lettre::message::{MultiPart, SinglePart, header::ContentType};
    let to: lettre::message::Mailbox = email
        .to
        .parse()
        .map_err(|e: lettre::address::AddressError| MailError::Address(format!("to: {e}")))?;
    if email.subject.contains(['\r', '\n']) {
        return Err(MailError::Build("the subject contains a line break".into()));
    }
    let mut builder = lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone());
    if let Some(id) = &email.message_id {
        if !id.is_ascii() || id.contains(['<', '>', ' ', '\r', '\n']) || !id.contains('@') {
            return Err(MailError::Build("the message id is not id@host".into()));
        }
        builder = builder.message_id(Some(format!("<{id}>")));
    }
    if let Some(kind) = &email.kind {
        builder = builder.raw_header(ascii_header(X_TANDEM_KIND, kind.clone(), "kind")?);
    }
    if let Some(url) = &email.list_unsubscribe {
        builder = builder
            .raw_header(ascii_header(
                LIST_UNSUBSCRIBE,
                format!("<{url}>"),
                "unsubscribe link",
            )?)
            .raw_header(ascii_header(
                LIST_UNSUBSCRIBE_POST,
                "List-Unsubscribe=One-Click".into(),
                "unsubscribe post",
            )?);
    }
    let text = || {
        SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(email.text.clone())
    };
    let message = if email.attachments.is_empty() {
        match &email.html {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(email.text.clone()),
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                html.clone(),
            )),
        }
    } else {
        let mut mixed = match &email.html {
            None => MultiPart::mixed().singlepart(text()),
            Some(html) => MultiPart::mixed().multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                html.clone(),
            )),
        };
        for a in &email.attachments {
            mixed = mixed.singlepart(
                lettre::message::Attachment::new(a.file_name.clone())
                    .body(a.body.clone(), attachment_type(a)?),
            );
        }
        builder.multipart(mixed)
    };
    message.map_err(|e| MailError::Build(e.to_string()))
}

impl Mailer for SmtpMailer {
    fn send(&self, email: Email) -> MailFuture<'_> {
        Box::pin(async move {
            use lettre::AsyncTransport;
            let message = self.build_message(&email)?;
            self.transport
                .send(message)
                .await
                .map_err(|e| MailError::Transport(redact_addresses(&e.to_string())))?;
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Outbox

/// One e-mail as stored by [`OutboxMailer`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// The notice's kind code (`null` for mail that is not a notice).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub list_unsubscribe: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    pub created_at: DateTime<Utc>,
}

impl OutboxMessage {
    pub fn email(&self) -> Email {
        Email {
            to: self.to.clone(),
            subject: self.subject.clone(),
            text: self.text.clone(),
            html: self.html.clone(),
            kind: self.kind.clone(),
            list_unsubscribe: self.list_unsubscribe.clone(),
            attachments: self.attachments.clone(),
            message_id: None,
        }
    }
}

/// Writes each e-mail as one JSON file in a directory, for development and end-to-end tests
/// (a developer reads the invitation link from the file instead of running a mail server).
///
/// Files are named `<UTC time to the microsecond>-<UUIDv7>.json`, so a plain name sort is time
/// order, and written to a hidden temporary name first and then renamed, so a reader never sees a
/// half-written message. The messages hold sign-in links (invitations, password resets), so on
/// Unix a directory this creates is readable by its owner only (0700) and every file is 0600
/// (tempfile creates them so), whatever the umask.
#[derive(Clone, Debug)]
pub struct OutboxMailer {
    dir: PathBuf,
}

impl OutboxMailer {
    /// Uses `dir`, creating it (and its parents) if it is missing.
    pub fn new(dir: impl Into<PathBuf>) -> Result<Self, MailError> {
        let dir = dir.into();
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir)?;
        Ok(Self { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stores a message now (synchronously); [`Mailer::send`] runs this off the async threads.
    pub fn write(&self, email: &Email) -> Result<PathBuf, MailError> {
        write_outbox(&self.dir, email, Utc::now())
    }

    /// All messages in the outbox, oldest first.
    pub fn messages(&self) -> Result<Vec<OutboxMessage>, MailError> {
        read_outbox(&self.dir)
    }
}

fn write_outbox(dir: &Path, email: &Email, now: DateTime<Utc>) -> Result<PathBuf, MailError> {
    let message = OutboxMessage {
        to: email.to.clone(),
        subject: email.subject.clone(),
        text: email.text.clone(),
        html: email.html.clone(),
        kind: email.kind.clone(),
        list_unsubscribe: email.list_unsubscribe.clone(),
        attachments: email.attachments.clone(),
        created_at: now,
    };
    let json = serde_json::to_vec_pretty(&message)?;
    // UUIDv7 after the timestamp keeps names unique and still ordered within one microsecond.
    let name = format!(
        "{}-{}.json",
        now.format("%Y%m%dT%H%M%S%.6fZ"),
        uuid::Uuid::now_v7()
    );
    let path = dir.join(&name);
    // Owner-only (0600) on Unix, deleted if anything fails before the rename.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    std::io::Write::write_all(&mut tmp, &json)?;
    tmp.persist(&path).map_err(|e| MailError::Io(e.error))?;
    Ok(path)
}

/// Reads every `*.json` message in `dir`, in name (= time) order; temporary files are skipped.
pub fn read_outbox(dir: &Path) -> Result<Vec<OutboxMessage>, MailError> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| Ok(serde_json::from_slice(&std::fs::read(p)?)?))
        .collect()
}

impl Mailer for OutboxMailer {
    fn send(&self, email: Email) -> MailFuture<'_> {
        let dir = self.dir.clone();
        Box::pin(async move {
            let now = Utc::now();
            tokio::task::spawn_blocking(move || write_outbox(&dir, &email, now))
                .await
                .map_err(|e| MailError::Io(std::io::Error::other(e.to_string())))??;
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------------------------
// No transport

/// The mailer of a command run while no mail transport is configured (`mail.mode = "none"`):
/// every [`Mailer::send`] fails with [`MailError::NotConfigured`]. Commands that send nothing
/// (import, export, setting a password) then work without one, and anything that does try to
/// send fails loudly instead of the message being dropped; `serve` never runs with it (it
/// refuses to start without a transport).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoTransport;

impl Mailer for NoTransport {
    fn send(&self, _email: Email) -> MailFuture<'_> {
        Box::pin(async { Err(MailError::NotConfigured) })
    }
}

// ---------------------------------------------------------------------------------------------
// Memory

/// Keeps sent e-mails in memory so tests can assert what was sent. Clones share one list.
#[derive(Clone, Debug, Default)]
pub struct MemoryMailer {
    sent: Arc<Mutex<Vec<Email>>>,
}

impl MemoryMailer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything sent so far, oldest first.
    pub fn sent(&self) -> Vec<Email> {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The most recent e-mail to `to` (compared case-insensitively), if any.
    pub fn last_to(&self, to: &str) -> Option<Email> {
        self.sent()
            .into_iter()
            .rev()
            .find(|e| e.to.eq_ignore_ascii_case(to))
    }

    pub fn clear(&self) {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

impl Mailer for MemoryMailer {
    fn send(&self, email: Email) -> MailFuture<'_> {
        Box::pin(async move {
            self.sent
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(email);
            Ok(())
        })
    }
}
