//! `tandem demo`: a fresh SQLite database with the synthetic consortium, served on localhost.
//!
//! The consortium and its journey are `tandem-demo`'s ([`tandem_demo::play::load`]); this command
//! only handles its arguments, the database file, printing the sign-ins (read by the browser
//! tests, see `e2e/lib/banner.mjs`) and serving.

use crate::config::Config;
use crate::runtime;
use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tandem_app::Context as AppContext;
use tandem_demo::DemoSignIn;
use tandem_demo::play::{self, DEMO_PASSWORD};
use tandem_storage::Store;

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
    // The story's e-mails are written as it plays (see `play::load_with`), so the outbox is
    // made first, emptied of an earlier demo's messages along with its database.
    let outbox = args.database.with_extension("outbox");
    remove_messages(&outbox)?;
    let mailer =
        Arc::new(tandem_mail::OutboxMailer::new(&outbox).context("creating the demo outbox")?);
    let mut settings = runtime::settings(&cfg);
    settings.base_url = format!("http://{}", args.listen);
    let mail = play::Mail {
        mailer: mailer.clone(),
        settings: settings.clone(),
    };
    let sign_ins = play::load_with(&store, &data, &mail)
        .await
        .context("loading the demo consortium")?;

    if args.no_serve {
        println!("Demo database written to {}", args.database.display());
        println!("Password for every demo account: {DEMO_PASSWORD}");
        print_sign_ins(&sign_ins);
        println!("E-mails of the story are in {}", outbox.display());
        return Ok(());
    }
    let mut web = runtime::web_config(&cfg);
    // Plain HTTP on loopback: a Secure cookie would be dropped by browsers that do not treat
    // http://127.0.0.1 as a secure context.
    web.cookie_secure = false;
    web.demo = true;
    let app = AppContext::new(store, mailer, settings);
    let workers = runtime::Workers::from_config(&cfg);
    runtime::serve_app(app, web, &args.listen, workers, |url| {
        println!("Tandem demo is running at {url}");
        println!("Password for every demo account: {DEMO_PASSWORD}");
        print_sign_ins(&sign_ins);
        println!(
            "E-mails (the story's and every new one) are written to {}",
            outbox.display()
        );
        println!("Press Ctrl-C to stop.");
    })
    .await
}

/// One line per sign-in: the role (or the participant's situation) and the e-mail.
fn print_sign_ins(sign_ins: &[DemoSignIn]) {
    let width = sign_ins
        .iter()
        .map(|s| s.role_label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    for s in sign_ins {
        println!("  {:<width$}{}", s.role_label, s.email);
    }
}

/// Removes an earlier demo's messages (the `*.json` files the outbox writes), leaving anything
/// else in the directory alone.
fn remove_messages(outbox: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(outbox) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", outbox.display())),
    };
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "json") {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
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
