//! `tandem config` and the configuration checks of `serve`, through the real binary.
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The binary in `dir` with only the given environment (nothing inherited, so a developer's
/// `TANDEM_…` variables cannot change the outcome).
fn command(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tandem"));
    cmd.current_dir(dir)
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    command(dir, args, env).output().expect("run tandem")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const EX_CONFIG: i32 = 78;

#[test]
fn serve_refuses_to_start_without_a_mail_transport_and_touches_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(dir.path(), &["serve"], &[]);
    assert_eq!(out.status.code(), Some(EX_CONFIG), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("mail.mode (TANDEM_MAIL__MODE): no mail transport is configured"),
        "{err}"
    );
    assert!(err.contains("1 problem"), "only the mail is missing: {err}");
    assert!(
        !dir.path().join("tandem.db").exists(),
        "the database must not be created by a server that refused to start"
    );
}

#[test]
fn every_problem_is_listed_at_once_with_its_key_and_variable() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("t.toml"),
        "database_url = \"sqlite:/proc/tandem-check/tandem.db\"\n\
         listen = \"nowhere\"\n\
         base_url = \"http://tandem.example.org/mentoring\"\n\
         session_hours = 0\n\
         [mail]\n\
         mode = \"smtp\"\n\
         smtp_username = \"tandem\"\n\
         smtp_security = \"none\"\n",
    )
    .expect("write");
    let out = run(dir.path(), &["--config", "t.toml", "serve"], &[]);
    assert_eq!(out.status.code(), Some(EX_CONFIG), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for expected in [
        "database_url (TANDEM_DATABASE_URL): the directory of the SQLite file, /proc/tandem-check, does not exist",
        "listen (TANDEM_LISTEN): \"nowhere\" is not an address and port",
        "base_url (TANDEM_BASE_URL): \"http://tandem.example.org/mentoring\" has a path",
        "base_url (TANDEM_BASE_URL): \"http://tandem.example.org/mentoring\" is plain http:// while cookie_secure is true",
        "session_hours (TANDEM_SESSION_HOURS): 0 is out of range",
        "mail.smtp_host (TANDEM_MAIL__SMTP_HOST): is empty",
        "mail.smtp_password (TANDEM_MAIL__SMTP_PASSWORD): is empty while mail.smtp_username is set",
        "mail.smtp_security (TANDEM_MAIL__SMTP_SECURITY): \"none\" would send the SMTP password unencrypted",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(err.contains("8 problems"), "{err}");

    // `config check` finds the same problems, and says so with the same exit status.
    let check = run(dir.path(), &["--config", "t.toml", "config", "check"], &[]);
    assert_eq!(check.status.code(), Some(EX_CONFIG));
    assert!(
        text(&check.stderr).contains("8 problems"),
        "{}",
        text(&check.stderr)
    );
}

#[test]
fn notice_settings_out_of_range_are_problems_and_no_workers_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("t.toml"),
        "[mail]\nmode = \"outbox\"\n[notices]\nworkers = 65\npoll_seconds = 0\n\
         lease_seconds = 5\nscheduler_seconds = 4000\n",
    )
    .expect("write");
    let check = run(dir.path(), &["--config", "t.toml", "config", "check"], &[]);
    assert_eq!(check.status.code(), Some(EX_CONFIG));
    let err = text(&check.stderr);
    for expected in [
        "notices.workers (TANDEM_NOTICES__WORKERS): 65 is out of range",
        "notices.poll_seconds (TANDEM_NOTICES__POLL_SECONDS): 0 is out of range",
        "notices.lease_seconds (TANDEM_NOTICES__LEASE_SECONDS): 5 is out of range",
        "notices.scheduler_seconds (TANDEM_NOTICES__SCHEDULER_SECONDS): 4000 is out of range",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let none = run(
        dir.path(),
        &["config", "check"],
        &[
            ("TANDEM_MAIL__MODE", "outbox"),
            ("TANDEM_NOTICES__WORKERS", "0"),
        ],
    );
    let said = text(&none.stdout);
    assert!(
        said.contains(
            "notices.workers (TANDEM_NOTICES__WORKERS): this instance delivers no e-mail"
        ),
        "{said}{}",
        text(&none.stderr)
    );
}

/// Data directories are tested by creating a file in them. /proc refuses new files even to root
/// (these tests may run as root, for whom mode bits stop nothing).
#[test]
fn unwritable_data_directories_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(
        dir.path(),
        &["config", "check"],
        &[
            ("TANDEM_DATABASE_URL", "sqlite:/proc/tandem.db"),
            ("TANDEM_MAIL__MODE", "outbox"),
            ("TANDEM_MAIL__OUTBOX_DIR", "/proc/tandem-outbox"),
        ],
    );
    assert_eq!(out.status.code(), Some(EX_CONFIG), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("database_url (TANDEM_DATABASE_URL): cannot create files in /proc"),
        "{err}"
    );
    assert!(
        err.contains("mail.outbox_dir (TANDEM_MAIL__OUTBOX_DIR): cannot create /proc/tandem-outbox: /proc is not writable"),
        "{err}"
    );
}

#[test]
fn malformed_values_and_unknown_keys_are_reported_together_for_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("t.toml"),
        "session_hours = \"twelve\"\nsmtp_host = \"relay\"\n[mail]\nsmtp_hots = \"relay\"\n",
    )
    .expect("write");
    let out = run(
        dir.path(),
        &["--config", "t.toml", "migrate"],
        &[
            ("TANDEM_MAIL__SMTP_PORT", "lots"),
            ("TANDEM_MAIL__SMTP_SECURITY", "ssl"),
        ],
    );
    assert_eq!(out.status.code(), Some(EX_CONFIG), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for expected in [
        "session_hours (TANDEM_SESSION_HOURS): invalid type",
        "(in ",
        "mail.smtp_port (TANDEM_MAIL__SMTP_PORT): invalid type",
        "(from the environment)",
        "mail.smtp_security (TANDEM_MAIL__SMTP_SECURITY): unknown variant",
        "smtp_host in t.toml: not a Tandem setting (did you mean `mail.smtp_host`?)",
        "mail.smtp_hots in t.toml: not a Tandem setting",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(err.contains("5 problems"), "{err}");
    assert!(
        !dir.path().join("tandem.db").exists(),
        "nothing runs on a configuration that does not load"
    );

    let missing = run(
        dir.path(),
        &["--config", "nope.toml", "config", "check"],
        &[],
    );
    assert_eq!(missing.status.code(), Some(EX_CONFIG));
    assert!(
        text(&missing.stderr).contains("configuration file nope.toml"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn a_production_configuration_passes_and_the_database_state_is_reported_without_migrating() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("data/tandem.db");
    std::fs::create_dir(dir.path().join("data")).expect("mkdir");
    let url = format!("sqlite:{}", db.display());
    let production = [
        ("TANDEM_DATABASE_URL", url.as_str()),
        ("TANDEM_BASE_URL", "https://tandem.example.org"),
        ("TANDEM_MAIL__MODE", "smtp"),
        ("TANDEM_MAIL__SMTP_HOST", "smtp.example.org"),
        ("TANDEM_MAIL__SMTP_USERNAME", "tandem"),
        ("TANDEM_MAIL__SMTP_PASSWORD", "123456"),
        ("TANDEM_MAIL__FROM", "Tandem <tandem@example.org>"),
    ];
    let check = || run(dir.path(), &["config", "check"], &production);

    let out = check();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(!said.contains("warning:"), "{said}");
    assert!(said.contains("no database yet"), "{said}");
    assert!(said.contains("No problems"), "{said}");
    assert!(!db.exists(), "config check must not create the database");

    // An empty SQLite file: every migration pending, and still pending after the check.
    std::fs::write(&db, b"").expect("empty database");
    for _ in 0..2 {
        let said = text(&check().stdout);
        assert!(said.contains("migrations to apply"), "{said}");
    }
    let migrate = run(dir.path(), &["migrate"], &production);
    assert!(migrate.status.success(), "{}", text(&migrate.stderr));
    let said = text(&check().stdout);
    assert!(said.contains("up to date"), "{said}");
    assert!(!said.contains("to apply"), "{said}");
}

#[test]
fn outbox_mode_is_a_development_option_that_still_serves_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = command(
        dir.path(),
        &["serve", "--listen", "127.0.0.1:0"],
        &[("TANDEM_MAIL__MODE", "outbox")],
    )
    .spawn()
    .expect("start serve");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut seen = String::new();
    let url = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).expect("read stderr") == 0 {
            let _ = child.kill();
            panic!("serve ended before serving:\n{seen}");
        }
        seen.push_str(&line);
        if let Some(url) = line.trim().strip_prefix("Tandem is serving at ") {
            break url.trim_end_matches('/').to_string();
        }
    };
    let addr = url.strip_prefix("http://").expect("http address");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    child.kill().expect("stop serve");
    let _ = child.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        seen.contains("mail.mode (TANDEM_MAIL__MODE): \"outbox\": e-mails are written to files in outbox, not sent"),
        "the development option must be announced: {seen}"
    );
    assert!(dir.path().join("tandem.db").exists());
}

#[test]
fn bare_config_and_config_example_print_the_annotated_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bare = run(dir.path(), &["config"], &[]);
    let example = run(dir.path(), &["config", "example"], &[]);
    assert!(bare.status.success() && example.status.success());
    assert_eq!(bare.stdout, example.stdout);
    let s = text(&example.stdout);
    assert!(
        s.contains("mode = \"none\"") && s.contains("TANDEM_MAIL__SMTP_HOST"),
        "{s}"
    );
}

#[test]
fn sending_commands_refuse_before_writing_when_no_transport_is_configured() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = run(
        dir.path(),
        &["demo", "--no-serve", "--database", "demo.db", "--seed", "5"],
        &[],
    );
    assert!(
        demo.status.success(),
        "the demo needs no mail settings: {}",
        text(&demo.stderr)
    );
    let url = format!("sqlite:{}", dir.path().join("demo.db").display());
    let before = run(
        dir.path(),
        &["--database-url", &url, "export", "people"],
        &[],
    );
    assert!(
        before.status.success(),
        "export sends nothing: {}",
        text(&before.stderr)
    );
    let out = run(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "create",
            "--email",
            "new.person@example.org",
            "--role",
            "evaluator",
            "--given-name",
            "New",
            "--family-name",
            "Person",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(EX_CONFIG), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("TANDEM_MAIL__MODE"),
        "{}",
        text(&out.stderr)
    );
    let after = run(
        dir.path(),
        &["--database-url", &url, "export", "people"],
        &[],
    );
    assert_eq!(before.stdout, after.stdout, "nothing may be written");
}

/// docs/operations.md holds `tandem config reference`'s output between its markers; with
/// `UPDATE_DOCS=1` this test writes it there instead of comparing.
#[test]
fn the_operations_guide_holds_the_generated_configuration_reference() {
    const BEGIN: &str = "<!-- BEGIN configuration reference: generated by `tandem config reference`; UPDATE_DOCS=1 cargo nextest run -p tandem reference rewrites it -->\n";
    const END: &str = "<!-- END configuration reference -->";
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(dir.path(), &["config", "reference"], &[]);
    assert!(out.status.success());
    let generated = text(&out.stdout);
    assert!(
        generated.contains("| `mail.smtp_host` | `TANDEM_MAIL__SMTP_HOST` | `\"\"` |"),
        "{generated}"
    );

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/operations.md");
    let doc = std::fs::read_to_string(&path).expect("docs/operations.md");
    let start = doc
        .find(BEGIN)
        .expect("the BEGIN marker in docs/operations.md")
        + BEGIN.len();
    let end = start + doc[start..].find(END).expect("the END marker after BEGIN");
    if std::env::var("UPDATE_DOCS").as_deref() == Ok("1") {
        let updated = format!("{}{generated}{}", &doc[..start], &doc[end..]);
        std::fs::write(&path, updated).expect("write docs/operations.md");
    } else {
        assert_eq!(
            doc[start..end],
            generated,
            "docs/operations.md is out of date: run UPDATE_DOCS=1 cargo nextest run -p tandem reference"
        );
    }
}
