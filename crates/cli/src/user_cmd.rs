//! `tandem user`: accounts from the command line, for the first administrator and for recovery.

use crate::config::Config;
use crate::runtime::{self, UsageError};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::io::BufRead;
use tandem_app::{Context as AppContext, accounts, people};
use tandem_domain::{AccountId, GradeSystem, Role, RoleAssignment, Scope};
use tandem_storage::Account;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Give a person a role and an account. The person is created if their e-mail is not known yet
    /// (then --given-name, --family-name and --organisation are needed). Without --password-stdin
    /// an invitation e-mail with a link to set a password is sent.
    Create(Box<CreateArgs>),
    /// Reset a password: with --password-stdin set it directly, otherwise e-mail a reset link.
    /// Either way the person is signed out everywhere.
    ResetPassword {
        #[arg(long)]
        email: String,
        /// Read the new password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Args)]
pub struct CreateArgs {
    #[arg(long)]
    email: String,
    /// scheme_coordinator, organisation_coordinator, participant, evaluator or administrator.
    #[arg(long)]
    role: String,
    /// Scheme name or id, when the database holds several.
    #[arg(long)]
    scheme: Option<String>,
    /// Organisation (name) the role is scoped to (organisation coordinators) and, for a new
    /// person, their employer.
    #[arg(long)]
    organisation: Option<String>,
    #[arg(long)]
    given_name: Option<String>,
    #[arg(long)]
    family_name: Option<String>,
    #[arg(long, default_value = "")]
    job_title: String,
    #[arg(long, default_value = "")]
    profession: String,
    /// afc, medical, local_authority or fwg.
    #[arg(long)]
    grade_system: Option<String>,
    #[arg(long, default_value = "")]
    grade: String,
    /// Read the password from the first line of standard input instead of sending an invitation.
    #[arg(long)]
    password_stdin: bool,
}

fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if let Err(e) = accounts::check_new_password(&password, &password) {
        let keys: Vec<String> = e.errors.into_iter().map(|f| f.message).collect();
        bail!(UsageError(format!(
            "the password is not acceptable: {}",
            keys.join(", ")
        )));
    }
    Ok(password)
}

pub async fn run(cfg: Config, cmd: UserCommand) -> Result<()> {
    let store = runtime::open_store(&cfg).await?;
    let app = runtime::context(&cfg, store.clone())?;
    match cmd {
        UserCommand::Create(args) => {
            // Refused before anything is written, not after the person and role exist.
            if !args.password_stdin {
                runtime::require_mail_transport(&cfg)?;
            }
            create(&app, *args).await
        }
        UserCommand::ResetPassword {
            email,
            password_stdin,
        } => {
            let email = email.trim().to_lowercase();
            let account = store
                .account_by_email(&email)
                .await?
                .ok_or_else(|| UsageError(format!("no account for {email}")))?;
            if password_stdin {
                let password = read_password()?;
                let hash =
                    tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
                        .await?;
                store.set_password_hash(account.id, &hash).await?;
                store.reset_login_failures(account.id).await?;
                store.delete_sessions_of(account.id).await?;
                // As a reset by e-mail does: API tokens and unused reset links end too.
                store.delete_api_tokens_of(account.id).await?;
                store
                    .spend_tokens_of(
                        account.id,
                        tandem_storage::TokenKind::PasswordReset,
                        chrono::Utc::now(),
                    )
                    .await?;
                eprintln!(
                    "Password set; all sessions, API tokens and reset links of this account were ended."
                );
            } else {
                runtime::require_mail_transport(&cfg)?;
                store.delete_sessions_of(account.id).await?;
                accounts::request_password_reset(&app, &email)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                runtime::deliver_now(&app).await?;
                eprintln!("A password-reset link was e-mailed ({}).", mail_hint(&cfg));
            }
            Ok(())
        }
    }
}

fn mail_hint(cfg: &Config) -> String {
    match cfg.mail.mode {
        crate::config::MailMode::Outbox => format!("see the outbox folder {}", cfg.mail.outbox_dir),
        crate::config::MailMode::Smtp => format!("through {}", cfg.mail.smtp_host),
        crate::config::MailMode::None => "no mail transport".into(),
    }
}

async fn create(app: &AppContext, args: CreateArgs) -> Result<()> {
    let store = &app.store;
    let scheme = runtime::pick_scheme(store, args.scheme.as_deref()).await?;
    let operator = runtime::operator(&scheme);
    let role = Role::from_code(&args.role)
        .ok_or_else(|| UsageError(format!("unknown role {:?}", args.role)))?;
    let orgs = store.list_organisations(scheme.id).await?;
    let organisation = match &args.organisation {
        Some(name) => Some(
            orgs.iter()
                .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| {
                    UsageError(format!("no organisation named {name:?} in {}", scheme.name))
                })?,
        ),
        None => None,
    };
    let scope = match role {
        Role::OrganisationCoordinator => Scope::Organisation(
            organisation
                .ok_or_else(|| {
                    UsageError("an organisation coordinator needs --organisation".into())
                })?
                .id,
        ),
        _ => Scope::Scheme(scheme.id),
    };

    let email = args.email.trim().to_lowercase();
    let person_id = match store.find_person_by_email(scheme.id, &email).await? {
        Some(record) => record.person.id,
        None => {
            let (Some(given_name), Some(family_name), Some(org)) =
                (args.given_name, args.family_name, organisation)
            else {
                bail!(UsageError(format!(
                    "{email} is not known in {}: give --given-name, --family-name and --organisation to add them",
                    scheme.name
                )));
            };
            let grade_system = match args.grade_system.as_deref() {
                Some(code) => Some(
                    GradeSystem::from_code(code)
                        .ok_or_else(|| UsageError(format!("unknown grade system {code:?}")))?,
                ),
                None => None,
            };
            let input = people::PersonInput {
                given_name,
                family_name,
                email: email.clone(),
                language: None,
                organisation_id: Some(org.id),
                job_title: args.job_title,
                profession: args.profession,
                grade_system,
                grade: args.grade,
                line_manager_email: None,
            };
            people::create(app, &operator, input)
                .await
                .map_err(|e| UsageError(describe(&e)))?
        }
    };
    store
        .grant_role(person_id, RoleAssignment { role, scope })
        .await?;

    if args.password_stdin {
        let password = read_password()?;
        let hash =
            tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?;
        match store.account_by_person(person_id).await? {
            Some(a) => store.set_password_hash(a.id, &hash).await?,
            None => {
                store
                    .create_account(&Account {
                        id: AccountId::new(),
                        person_id,
                        scheme_id: scheme.id,
                        email: email.clone(),
                        password_hash: Some(hash),
                        disabled: false,
                        failed_logins: 0,
                        locked_until: None,
                    })
                    .await?
            }
        }
        eprintln!(
            "{email} can now sign in as {} in {}.",
            role.code(),
            scheme.name
        );
    } else {
        accounts::invite(app, &operator, person_id)
            .await
            .map_err(|e| UsageError(describe(&e)))?;
        runtime::deliver_now(app).await?;
        eprintln!(
            "{email} has the role {} and was invited to set a password.",
            role.code()
        );
    }
    Ok(())
}

/// Field errors in English, for the terminal.
fn describe(e: &tandem_app::AppError) -> String {
    match e {
        tandem_app::AppError::Validation(v) => runtime::describe_fields(v),
        other => other.to_string(),
    }
}
