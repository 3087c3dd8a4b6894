//! `tandem init`: the first run. It creates the scheme with its settings, its first
//! organisations, the first administrator and the first scheme coordinator, from a TOML file
//! (`--file`, see `init.example.toml`), from flags, or from prompts when standard input is a
//! terminal and something is missing. Flags override the file. Everything is checked by
//! `tandem_app::setup::init` before anything is written, and written in one transaction.
//!
//! The prompts are plain line prompts rather than a prompt library's widgets: the questions
//! are a short, linear list and plain lines behave the same in every terminal and over SSH.
//! Passwords are read hidden with `rpassword`.

use crate::config::Config;
use crate::runtime::{self, UsageError};
use anyhow::{Context, Result, bail};
use clap::Args;
use figment::Figment;
use figment::providers::{Format as _, Toml};
use serde::Deserialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use tandem_app::setup::{self, Credential, InitRequest, OrganisationEntry, PersonEntry};
use tandem_app::{AppError, Refusal};
use tandem_domain::SchemeSettingsInput;
use tandem_domain::organisation::DEFAULT_SMALL_NUMBER_THRESHOLD;

#[derive(Args, Default)]
pub struct InitArgs {
    /// A TOML file with the scheme, its organisations and its first people (see
    /// `init.example.toml`). Flags given as well override it.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Read the administrator's password from the first line of standard input (otherwise they
    /// are asked at a terminal, or sent an invitation e-mail).
    #[arg(long)]
    password_stdin: bool,
    /// The scheme's name.
    #[arg(long)]
    scheme_name: Option<String>,
    /// A country of the scheme's organisations (GB, NL); repeat for several.
    #[arg(long = "country")]
    countries: Vec<String>,
    /// A language of the scheme (en-GB, nl-NL); repeat for several; the first is the default.
    #[arg(long = "language")]
    languages: Vec<String>,
    /// Europe/London or Europe/Amsterdam.
    #[arg(long)]
    time_zone: Option<String>,
    /// Record that staff may register themselves (stored for that later feature).
    #[arg(long)]
    self_registration: bool,
    /// Figures about fewer people than this are not shown (3 to 100; default 8; below 8 only
    /// with `--suppression-reason`).
    #[arg(long)]
    small_number_threshold: Option<i64>,
    /// Why the scheme weakens the evaluation's suppression rule (needed for a threshold below 8).
    #[arg(long)]
    suppression_reason: Option<String>,
    /// An organisation as `NAME,KIND,COUNTRY` (e.g. `Riverside NHS Trust,nhs_trust,GB`); repeat.
    #[arg(long = "organisation")]
    organisations: Vec<String>,
    /// A CSV or XLSX file of organisations with the columns name, kind, country.
    #[arg(long)]
    organisations_file: Option<PathBuf>,
    #[arg(long)]
    admin_email: Option<String>,
    #[arg(long)]
    admin_given_name: Option<String>,
    #[arg(long)]
    admin_family_name: Option<String>,
    /// The administrator's language (default: the scheme's first).
    #[arg(long)]
    admin_language: Option<String>,
    /// The scheme coordinator's e-mail; leave out (or give the administrator's) for one person
    /// holding both roles. Another person is sent an invitation e-mail.
    #[arg(long)]
    coordinator_email: Option<String>,
    #[arg(long)]
    coordinator_given_name: Option<String>,
    #[arg(long)]
    coordinator_family_name: Option<String>,
    #[arg(long)]
    coordinator_language: Option<String>,
}

/// The TOML file. Unknown keys are refused, so a misspelt key is not silently ignored.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct InitFile {
    #[serde(default)]
    scheme: SchemeSection,
    #[serde(default)]
    organisations: Vec<OrganisationEntry>,
    /// A spreadsheet of organisations, relative to the TOML file.
    organisations_file: Option<PathBuf>,
    administrator: Option<PersonSection>,
    coordinator: Option<PersonSection>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemeSection {
    name: Option<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    time_zone: Option<String>,
    #[serde(default)]
    self_registration: bool,
    small_number_threshold: Option<i64>,
    suppression_reason: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonSection {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
}

impl From<PersonSection> for PersonEntry {
    fn from(p: PersonSection) -> Self {
        PersonEntry {
            given_name: p.given_name,
            family_name: p.family_name,
            email: p.email,
            language: p.language,
        }
    }
}

fn read_file(path: &Path) -> Result<InitFile> {
    Figment::from(Toml::file_exact(path))
        .extract()
        .map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
}

fn read_organisations_file(path: &Path) -> Result<Vec<OrganisationEntry>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.to_string_lossy();
    let format = tandem_people_io::Format::from_file_name(&name)
        .unwrap_or_else(|| tandem_people_io::Format::sniff(&bytes));
    match tandem_people_io::read_organisations(&bytes, format) {
        Ok(rows) => Ok(rows
            .into_iter()
            .map(|r| OrganisationEntry {
                name: r.name,
                kind: r.kind.code().into(),
                country: r.country.code().into(),
            })
            .collect()),
        Err(tandem_people_io::OrganisationsError::File(e)) => {
            bail!(UsageError(format!("{}: {e}", path.display())))
        }
        Err(tandem_people_io::OrganisationsError::Rows(rows)) => {
            let lines: Vec<String> = rows
                .iter()
                .map(|r| {
                    format!(
                        "  row {}, {}: {}",
                        r.line,
                        r.column,
                        runtime::english(r.message, &[("value".into(), r.value.clone())])
                    )
                })
                .collect();
            bail!(UsageError(format!(
                "{} has problems; nothing was written:\n{}",
                path.display(),
                lines.join("\n")
            )))
        }
    }
}

fn parse_organisation_flag(raw: &str) -> Result<OrganisationEntry> {
    let parts: Vec<&str> = raw.rsplitn(3, ',').collect();
    let [country, kind, name] = parts.as_slice() else {
        bail!(UsageError(format!(
            "--organisation {raw:?}: expected NAME,KIND,COUNTRY"
        )));
    };
    Ok(OrganisationEntry {
        name: name.trim().into(),
        kind: kind.trim().into(),
        country: country.trim().into(),
    })
}

/// Line prompts at a terminal, for what neither the file nor the flags gave.
struct Prompter {
    on: bool,
}

impl Prompter {
    fn ask(&self, question: &str, default: &str) -> Result<String> {
        let mut out = std::io::stderr();
        if default.is_empty() {
            write!(out, "{question}: ")?;
        } else {
            write!(out, "{question} [{default}]: ")?;
        }
        out.flush()?;
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let answer = line.trim();
        Ok(if answer.is_empty() {
            default.to_string()
        } else {
            answer.to_string()
        })
    }

    /// Fills `value` when it is empty and prompts are on.
    fn fill(&self, value: &mut String, question: &str, default: &str) -> Result<()> {
        if self.on && value.trim().is_empty() {
            *value = self.ask(question, default)?;
        }
        Ok(())
    }

    fn fill_list(&self, value: &mut Vec<String>, question: &str, default: &str) -> Result<()> {
        if self.on && value.is_empty() {
            *value = self
                .ask(question, default)?
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        Ok(())
    }

    fn person(&self, p: &mut PersonEntry, who: &str) -> Result<()> {
        self.fill(&mut p.email, &format!("{who}: e-mail"), "")?;
        self.fill(&mut p.given_name, &format!("{who}: given name"), "")?;
        self.fill(&mut p.family_name, &format!("{who}: family name"), "")?;
        Ok(())
    }
}

fn first_line_of_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn hidden_password() -> Result<Credential> {
    let first = rpassword::prompt_password(
        "Administrator's password (at least 10 characters; empty to send an invitation instead): ",
    )?;
    if first.is_empty() {
        return Ok(Credential::Invitation);
    }
    let again = rpassword::prompt_password("The same password again: ")?;
    if first != again {
        bail!(UsageError(
            "the two passwords differ; nothing was written".into()
        ));
    }
    Ok(Credential::Password(first))
}

/// Builds the request from the file, the flags and (at a terminal) the answers to prompts.
fn request(args: InitArgs, interactive: bool) -> Result<InitRequest> {
    let file = match &args.file {
        Some(path) => read_file(path)?,
        None => InitFile::default(),
    };
    let base = args
        .file
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let ask = Prompter { on: interactive };

    let mut scheme_name = args.scheme_name.or(file.scheme.name).unwrap_or_default();
    ask.fill(&mut scheme_name, "Scheme name", "")?;
    let mut countries = if args.countries.is_empty() {
        file.scheme.countries
    } else {
        args.countries
    };
    ask.fill_list(&mut countries, "Countries (GB, NL)", "GB")?;
    let mut languages = if args.languages.is_empty() {
        file.scheme.languages
    } else {
        args.languages
    };
    let default_language = if countries.iter().all(|c| c.eq_ignore_ascii_case("NL")) {
        "nl-NL"
    } else {
        "en-GB"
    };
    ask.fill_list(&mut languages, "Languages (en-GB, nl-NL)", default_language)?;
    // Sensible defaults without asking: the zone and language of the first country.
    let mut time_zone = args.time_zone.or(file.scheme.time_zone).unwrap_or_default();
    let default_zone = match countries.first().map(|c| c.to_ascii_uppercase()) {
        Some(c) if c == "NL" => "Europe/Amsterdam",
        _ => "Europe/London",
    };
    ask.fill(
        &mut time_zone,
        "Time zone (Europe/London, Europe/Amsterdam)",
        default_zone,
    )?;
    if time_zone.is_empty() {
        time_zone = default_zone.into();
    }
    if languages.is_empty() && !interactive {
        languages = vec![default_language.into()];
    }
    let settings = SchemeSettingsInput {
        countries,
        languages,
        time_zone,
        self_registration: args.self_registration || file.scheme.self_registration,
        small_number_threshold: args
            .small_number_threshold
            .or(file.scheme.small_number_threshold)
            .or(Some(i64::from(DEFAULT_SMALL_NUMBER_THRESHOLD))),
        suppression_reason: args
            .suppression_reason
            .clone()
            .or_else(|| file.scheme.suppression_reason.clone())
            .unwrap_or_default(),
        ..SchemeSettingsInput::default()
    };

    let mut organisations = file.organisations;
    if let Some(sheet) = &file.organisations_file {
        organisations.extend(read_organisations_file(&base.join(sheet))?);
    }
    if let Some(sheet) = &args.organisations_file {
        organisations.extend(read_organisations_file(sheet)?);
    }
    for raw in &args.organisations {
        organisations.push(parse_organisation_flag(raw)?);
    }
    if interactive && organisations.is_empty() {
        eprintln!(
            "Organisations: one per line as NAME,KIND,COUNTRY (kinds: nhs_trust, local_authority, \
             independent_provider, charity, dutch_care_organisation); an empty line ends the list."
        );
        loop {
            let line = ask.ask("Organisation", "")?;
            if line.is_empty() {
                break;
            }
            organisations.push(parse_organisation_flag(&line)?);
        }
    }

    let mut administrator: PersonEntry = file.administrator.map(Into::into).unwrap_or_default();
    let set = |field: &mut String, flag: Option<String>| {
        if let Some(v) = flag {
            *field = v;
        }
    };
    set(&mut administrator.email, args.admin_email);
    set(&mut administrator.given_name, args.admin_given_name);
    set(&mut administrator.family_name, args.admin_family_name);
    set(&mut administrator.language, args.admin_language);
    ask.person(&mut administrator, "Administrator")?;

    let mut coordinator: PersonEntry = file.coordinator.map(Into::into).unwrap_or_default();
    set(&mut coordinator.email, args.coordinator_email);
    set(&mut coordinator.given_name, args.coordinator_given_name);
    set(&mut coordinator.family_name, args.coordinator_family_name);
    set(&mut coordinator.language, args.coordinator_language);
    if interactive && coordinator.email.is_empty() {
        coordinator.email = ask.ask(
            "Scheme coordinator: e-mail (empty: the administrator is the coordinator too)",
            "",
        )?;
        if !coordinator.email.is_empty()
            && !coordinator.email.eq_ignore_ascii_case(&administrator.email)
        {
            ask.person(&mut coordinator, "Scheme coordinator")?;
        }
    }

    let administrator_credential = if args.password_stdin {
        Credential::Password(first_line_of_stdin()?)
    } else if interactive {
        hidden_password()?
    } else {
        Credential::Invitation
    };
    Ok(InitRequest {
        scheme_name,
        settings,
        organisations,
        administrator,
        administrator_credential,
        coordinator: Some(coordinator),
        coordinator_credential: Credential::Invitation,
    })
}

pub async fn run(cfg: Config, args: InitArgs) -> Result<()> {
    let interactive = !args.password_stdin && std::io::stdin().is_terminal();
    let store = runtime::open_store(&cfg).await?;
    let app = runtime::context(&cfg, store)?;
    // Refuse before asking anything when there is nothing to set up.
    if let Some(r) = setup::already_set_up(&app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        bail!(refusal(&r));
    }
    let req = request(args, interactive)?;
    let done = match setup::init(&app, req).await {
        Ok(done) => done,
        Err(AppError::Validation(v)) => bail!(UsageError(format!(
            "nothing was written: {}",
            runtime::describe_fields(&v)
        ))),
        Err(AppError::Refused(r)) => bail!(refusal(&r)),
        Err(e) => return Err(anyhow::anyhow!("{e}")),
    };
    // The invitations were queued with the set-up; send them now rather than at the next
    // `serve`. One that fails stays queued, and `serve` retries it.
    runtime::deliver_now(&app).await?;
    let base = &app.settings.base_url;
    println!(
        "Set up {}: {} organisation(s), {}.",
        done.scheme.name,
        done.organisations.len(),
        done.organisations
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for p in &done.people {
        let roles: Vec<&str> = p.roles.iter().map(|r| r.code()).collect();
        if done.not_sent.contains(&p.email) {
            println!(
                "{} ({}): the invitation could not be sent; set a password with `tandem user reset-password --email {} --password-stdin`.",
                p.email,
                roles.join(", "),
                p.email
            );
        } else if p.invited {
            println!(
                "{} ({}) was sent an invitation to set a password ({}).",
                p.email,
                roles.join(", "),
                mail_hint(&cfg)
            );
        } else {
            println!(
                "Sign in at {base}/sign-in as {} ({}) with the password you gave.",
                p.email,
                roles.join(", ")
            );
        }
    }
    Ok(())
}

fn refusal(r: &Refusal) -> anyhow::Error {
    let (key, params) = r.message();
    let params: Vec<(String, String)> = params
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    anyhow::anyhow!("{}", runtime::english(key, &params))
}

fn mail_hint(cfg: &Config) -> String {
    match cfg.mail.mode {
        crate::config::MailMode::Outbox => format!("see the outbox folder {}", cfg.mail.outbox_dir),
        crate::config::MailMode::Smtp => format!("through {}", cfg.mail.smtp_host),
        // `NoTransport` refuses every e-mail, so an invitation lands in `not_sent` instead.
        crate::config::MailMode::None => "no mail transport is configured".into(),
    }
}
