//! Configuration: built-in defaults, then an optional TOML file, then `TANDEM_…` environment
//! variables, then command-line flags. Secrets are redacted whenever the configuration is printed.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// The annotated example printed by `tandem config`.
pub const EXAMPLE: &str = include_str!("../tandem.example.toml");

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    pub database_url: String,
    pub listen: String,
    pub base_url: String,
    pub cookie_secure: bool,
    pub session_hours: u32,
    pub log_format: LogFormat,
    pub mail: MailConfig,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct MailConfig {
    pub mode: MailMode,
    pub outbox_dir: String,
    pub from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: String,
    pub smtp_username: String,
    pub smtp_password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailMode {
    Outbox,
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
            mail: MailConfig {
                mode: MailMode::Outbox,
                outbox_dir: "outbox".into(),
                from: "Tandem <tandem@localhost>".into(),
                smtp_host: String::new(),
                smtp_port: 587,
                smtp_security: "starttls".into(),
                smtp_username: String::new(),
                smtp_password: String::new(),
            },
        }
    }
}

impl Config {
    /// Loads defaults < file < environment (`TANDEM_`, `__` between section and key).
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            fig = fig.merge(Toml::file_exact(path));
        }
        fig.merge(Env::prefixed("TANDEM_").split("__"))
            .extract()
            .map_err(Box::new)
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
            .field("mail", &self.mail)
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
}
