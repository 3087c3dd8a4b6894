//! `tandem role grant|revoke`: scoped roles from the command line, through the same use cases
//! (and so the same rules and audit entries) as the roles page and the API, acting as the
//! operator (a scheme coordinator of the chosen scheme).

use crate::config::Config;
use crate::runtime::{self, UsageError};
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use tandem_app::roles;
use tandem_domain::{Role, RoleAssignment, Scope};

#[derive(Subcommand)]
pub enum RoleCommand {
    /// Grant a role to a person of the scheme (granting one already held changes nothing).
    Grant(RoleArgs),
    /// Revoke a role (the scheme's last administrator and last scheme coordinator stay).
    Revoke(RoleArgs),
}

#[derive(Args)]
pub struct RoleArgs {
    /// The person's e-mail address.
    #[arg(long)]
    email: String,
    /// scheme_coordinator, administrator, organisation_coordinator, programme_coordinator,
    /// evaluator or participant.
    #[arg(long)]
    role: String,
    /// The organisation (name) an organisation coordinator's role is scoped to.
    #[arg(long, conflicts_with = "programme")]
    organisation: Option<String>,
    /// The programme (name) a programme coordinator's role is scoped to; for an evaluator or
    /// participant, one programme instead of the whole scheme.
    #[arg(long)]
    programme: Option<String>,
    /// Scheme name or id, when the database holds several.
    #[arg(long)]
    scheme: Option<String>,
}

pub async fn run(cfg: Config, cmd: RoleCommand) -> Result<()> {
    let store = runtime::open_store(&cfg).await?;
    let app = runtime::context(&cfg, store.clone())?;
    let (args, grant) = match cmd {
        RoleCommand::Grant(a) => (a, true),
        RoleCommand::Revoke(a) => (a, false),
    };
    let scheme = runtime::pick_scheme(&store, args.scheme.as_deref()).await?;
    let operator = runtime::operator(&scheme);
    let role = Role::from_code(args.role.trim())
        .ok_or_else(|| UsageError(format!("unknown role {:?}", args.role)))?;
    let scope = if let Some(name) = &args.organisation {
        let orgs = store.list_organisations(scheme.id).await?;
        let org = orgs
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                UsageError(format!("no organisation named {name:?} in {}", scheme.name))
            })?;
        Scope::Organisation(org.id)
    } else if let Some(name) = &args.programme {
        let programmes = store.list_programmes(scheme.id).await?;
        let p = programmes
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UsageError(format!("no programme named {name:?} in {}", scheme.name)))?;
        Scope::Programme(p.id)
    } else {
        Scope::Scheme(scheme.id)
    };
    let assignment = RoleAssignment { role, scope };
    if !assignment.is_well_formed() {
        bail!(UsageError(match role {
            Role::OrganisationCoordinator =>
                "an organisation coordinator needs --organisation".into(),
            Role::ProgrammeCoordinator => "a programme coordinator needs --programme".into(),
            _ => format!(
                "the role {} is held in the whole scheme: give no --organisation or --programme",
                role.code()
            ),
        }));
    }
    let email = args.email.trim().to_lowercase();
    let person = store
        .find_person_by_email(scheme.id, &email)
        .await?
        .ok_or_else(|| UsageError(format!("{email} is not known in {}", scheme.name)))?
        .person
        .id;
    let result = if grant {
        roles::grant(&app, &operator, person, assignment).await
    } else {
        roles::revoke(&app, &operator, person, assignment).await
    };
    result.map_err(|e| UsageError(describe(&e)))?;
    eprintln!(
        "{} {} {}.",
        email,
        if grant {
            "now holds"
        } else {
            "no longer holds"
        },
        role.code()
    );
    Ok(())
}

/// The error in English, for the terminal.
fn describe(e: &tandem_app::AppError) -> String {
    match e {
        tandem_app::AppError::Validation(v) => runtime::describe_fields(v),
        tandem_app::AppError::Refused(r) => {
            tandem_i18n::I18n::shared().t(tandem_i18n::Lang::EnGb, r.message().0)
        }
        other => other.to_string(),
    }
}
