//! `tandem demo`: a fresh SQLite database with the synthetic consortium, served on localhost.

use crate::config::Config;
use crate::runtime;
use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tandem_domain::AccountId;
use tandem_storage::{Account, PersonRecord, Store};
use tandem_web::AppState;

/// The password of every demo sign-in. The demo's data are synthetic and it listens on loopback.
pub const DEMO_PASSWORD: &str = "tandem-demo-2026";

#[derive(Args)]
pub struct DemoArgs {
    /// SQLite file to create; an existing file is replaced.
    #[arg(long, default_value = "tandem-demo.db")]
    database: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Seed of the synthetic consortium: the same seed gives the same people.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Load the database and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

pub async fn run(cfg: Config, args: DemoArgs) -> Result<()> {
    remove_database(&args.database)?;
    let store = Store::connect(&format!("sqlite:{}", args.database.display()))
        .await
        .context("creating the demo database")?;
    store
        .migrate()
        .await
        .context("migrating the demo database")?;
    let data = tandem_demo::generate(args.seed);
    load(&store, &data)
        .await
        .context("loading the demo consortium")?;

    if args.no_serve {
        println!("Demo database written to {}", args.database.display());
        return Ok(());
    }
    let outbox = args.database.with_extension("outbox");
    let mailer =
        Arc::new(tandem_mail::OutboxMailer::new(&outbox).context("creating the demo outbox")?);
    let mut web = runtime::web_config(&cfg);
    web.base_url = format!("http://{}", args.listen);
    // Plain HTTP on loopback: a Secure cookie would be dropped by browsers that do not treat
    // http://127.0.0.1 as a secure context.
    web.cookie_secure = false;
    web.demo = true;
    let state = AppState::new(store, mailer, web);
    let sign_ins = data.sign_ins.clone();
    runtime::serve_state(state, &args.listen, |url| {
        println!("Tandem demo is running at {url}");
        println!("Password for every demo account: {DEMO_PASSWORD}");
        let width = sign_ins
            .iter()
            .map(|s| s.role_label.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for s in &sign_ins {
            println!("  {:<width$}{}", s.role_label, s.email);
        }
        println!(
            "E-mails (invitations, password resets) are written to {}",
            outbox.display()
        );
        println!("Press Ctrl-C to stop.");
    })
    .await
}

fn remove_database(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("removing {}", PathBuf::from(p).display()));
            }
        }
    }
    Ok(())
}

/// Writes the generated consortium through the same store API the application uses.
pub async fn load(store: &Store, data: &tandem_demo::DemoData) -> Result<()> {
    store.create_scheme(&data.scheme).await?;
    for o in &data.organisations {
        store.create_organisation(o).await?;
    }
    let people: Vec<PersonRecord> = data
        .people
        .iter()
        .map(|(p, e)| PersonRecord {
            person: p.clone(),
            employments: e.clone(),
        })
        .collect();
    store.apply_people_import(&people, &[]).await?;
    for p in &data.programmes {
        store.create_programme(p).await?;
    }
    for i in &data.intakes {
        store.create_intake(i).await?;
    }
    for (person, role) in &data.roles {
        store.grant_role(*person, *role).await?;
    }
    let hash = tokio::task::spawn_blocking(|| password_auth::generate_hash(DEMO_PASSWORD)).await?;
    for s in &data.sign_ins {
        let account = Account {
            id: AccountId::new(),
            person_id: s.person_id,
            scheme_id: data.scheme.id,
            email: s.email.clone(),
            password_hash: Some(hash.clone()),
            disabled: false,
            failed_logins: 0,
            locked_until: None,
        };
        store.create_account(&account).await?;
    }
    Ok(())
}
