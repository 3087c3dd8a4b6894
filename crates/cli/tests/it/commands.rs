//! The operator's subcommands through the real binary: demo, import, export, user, config.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub(crate) fn tandem(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tandem"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("TANDEM_CONFIG")
        .env_remove("TANDEM_DATABASE_URL")
        // A development set-up: e-mails (invitations) go to files.
        .env("TANDEM_MAIL__MODE", "outbox")
        .env("TANDEM_MAIL__OUTBOX_DIR", dir.join("outbox"))
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run tandem");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait")
}

pub(crate) fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A demo database in a fresh directory; returns the directory and its `--database-url`.
pub(crate) fn demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = tandem(
        dir.path(),
        &[
            "demo",
            "--no-serve",
            "--database",
            "demo.db",
            "--seed",
            "11",
        ],
        None,
    );
    assert!(out.status.success(), "demo failed: {}", text(&out.stderr));
    let url = format!("sqlite:{}", dir.path().join("demo.db").display());
    (dir, url)
}

/// Organisation, grade system and grade of the first exported person, for building valid rows.
fn first_employment(csv: &str) -> (String, String, String) {
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).expect("a row").split(',').collect();
    let col = |name: &str| {
        row[header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} column"))]
        .to_string()
    };
    (col("organisation"), col("grade_system"), col("grade"))
}

pub(crate) fn export_csv(dir: &Path, url: &str) -> String {
    let out = tandem(
        dir,
        &["--database-url", url, "export", "people", "--format", "csv"],
        None,
    );
    assert!(out.status.success(), "export failed: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn export_then_import_changes_nothing_and_reports_every_row_unchanged() {
    let (dir, url) = demo();
    let csv = export_csv(dir.path(), &url);
    let rows = csv.lines().count() - 1;
    assert!(
        rows >= 300,
        "the demo should hold a few hundred people, got {rows}"
    );
    let file: PathBuf = dir.path().join("people.csv");
    std::fs::write(&file, &csv).expect("write");
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "import",
            "people",
            file.to_str().expect("path"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("0 added, 0 updated"), "{said}");
    assert!(said.contains(&format!("{rows} unchanged")), "{said}");
    assert_eq!(
        export_csv(dir.path(), &url),
        csv,
        "a no-op import must leave the data as they were"
    );
}

#[test]
fn a_bad_import_lists_each_problem_by_row_writes_nothing_and_exits_2() {
    let (dir, url) = demo();
    let before = export_csv(dir.path(), &url);
    let (org, system, grade) = first_employment(&before);
    let csv = format!(
        "given_name,family_name,email,organisation,grade_system,grade\n\
         Ada,Good,ada.good@example.org,{org},{system},{grade}\n\
         Bob,Bad,not-an-email,{org},{system},{grade}\n\
         Cy,Nowhere,cy@example.org,No Such Trust,{system},{grade}\n"
    );
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, csv).expect("write");
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "import",
            "people",
            file.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.csv:3:"),
        "row 3 (the bad e-mail) must be named: {err}"
    );
    assert!(
        err.contains("bad.csv:4:"),
        "row 4 (unknown organisation) must be named: {err}"
    );
    assert!(!err.contains("bad.csv:2:"), "row 2 is fine: {err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        export_csv(dir.path(), &url),
        before,
        "nothing may be written"
    );

    let missing = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "import",
            "people",
            "no-such-file.csv",
        ],
        None,
    );
    assert_ne!(missing.status.code(), Some(0));
}

#[test]
fn a_dry_run_reports_without_writing() {
    let (dir, url) = demo();
    let before = export_csv(dir.path(), &url);
    let (org, system, grade) = first_employment(&before);
    let file = dir.path().join("one.csv");
    std::fs::write(&file, format!("given_name,family_name,email,organisation,grade_system,grade\nNew,Person,new.person@example.org,{org},{system},{grade}\n"))
        .expect("write");
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "import",
            "people",
            file.to_str().expect("path"),
            "--dry-run",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 to add"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(export_csv(dir.path(), &url), before);
}

#[test]
fn user_create_and_reset_password() {
    let (dir, url) = demo();
    let csv = export_csv(dir.path(), &url);
    let email = csv
        .lines()
        .nth(5)
        .and_then(|l| l.split(',').nth(2))
        .expect("an e-mail")
        .to_string();
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "create",
            "--email",
            &email,
            "--role",
            "evaluator",
            "--password-stdin",
        ],
        Some("a long enough password 1\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "reset-password",
            "--email",
            &email,
            "--password-stdin",
        ],
        Some("another long password 2\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let unknown = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "reset-password",
            "--email",
            "nobody@example.org",
            "--password-stdin",
        ],
        Some("x\n"),
    );
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown.stderr));
    let bad_role = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "create",
            "--email",
            &email,
            "--role",
            "emperor",
        ],
        None,
    );
    assert_eq!(bad_role.status.code(), Some(2));
    let newcomer = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "create",
            "--email",
            "who@example.org",
            "--role",
            "evaluator",
        ],
        None,
    );
    assert_eq!(
        newcomer.status.code(),
        Some(2),
        "an unknown person needs names and an organisation"
    );
    assert!(text(&newcomer.stderr).contains("--given-name"));
}

#[test]
fn user_invitation_and_reset_by_email_are_delivered_before_the_command_exits() {
    let (dir, url) = demo();
    let csv = export_csv(dir.path(), &url);
    let email = csv
        .lines()
        .nth(5)
        .and_then(|l| l.split(',').nth(2))
        .expect("an e-mail")
        .to_string();
    let outbox = dir.path().join("outbox");
    // The messages to `email` written so far (the command also sends whatever else was due,
    // such as the demo's own notices).
    let to_them = || -> Vec<tandem_mail::OutboxMessage> {
        tandem_mail::read_outbox(&outbox)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.to.eq_ignore_ascii_case(&email))
            .collect()
    };
    let before = to_them().len();
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "create",
            "--email",
            &email,
            "--role",
            "evaluator",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut mine = to_them();
    assert_eq!(mine.len(), before + 1, "the invitation was written");
    let invitation = mine.pop().expect("the invitation");
    assert_eq!(invitation.kind.as_deref(), Some("account.invitation"));
    assert!(invitation.text.contains("/accept-invitation?token="));

    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "user",
            "reset-password",
            "--email",
            &email,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut mine = to_them();
    assert_eq!(mine.len(), before + 2, "the reset was written");
    let reset = mine.pop().expect("the reset");
    assert_eq!(reset.kind.as_deref(), Some("account.password_reset"));
    assert!(
        reset.text.contains("/reset-password?token="),
        "{}",
        reset.text
    );
    assert!(
        reset
            .html
            .as_deref()
            .is_some_and(|h| h.contains("/reset-password?token="))
    );
}

#[test]
fn config_prints_the_annotated_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = tandem(dir.path(), &["config"], None);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(s.contains("database_url") && s.contains("TANDEM_"), "{s}");
}

/// `tandem demo --no-serve` prints what the browser tests read (`e2e/lib/banner.mjs`): where it
/// wrote the database, the password, then one `  <label>  <e-mail>` line per sign-in with the
/// e-mails in one column, every role among them; and every printed e-mail has an account with
/// that password in the database written. What the demo holds is tested with its playback, in
/// tandem-demo.
#[test]
fn demo_prints_the_sign_ins_of_the_database_it_wrote() {
    use tandem_demo::play::DEMO_PASSWORD;

    let dir = tempfile::tempdir().expect("temp dir");
    let out = tandem(
        dir.path(),
        &["demo", "--no-serve", "--database", "journey.db"],
        None,
    );
    assert!(out.status.success(), "demo failed: {}", text(&out.stderr));
    let said = text(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines[0], "Demo database written to journey.db", "{said}");
    assert_eq!(
        lines[1],
        format!("Password for every demo account: {DEMO_PASSWORD}"),
        "{said}"
    );
    // The last line says where the story's e-mails are; they are there.
    let (outbox_line, sign_in_lines) = lines[2..].split_last().expect("more lines");
    assert_eq!(
        *outbox_line, "E-mails of the story are in journey.outbox",
        "{said}"
    );
    let messages = std::fs::read_dir(dir.path().join("journey.outbox"))
        .expect("the outbox directory")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
        .count();
    assert!(messages > 100, "{messages} e-mails in the demo's outbox");
    let mut printed = Vec::new();
    let mut column = None;
    for line in sign_in_lines {
        let body = line
            .strip_prefix("  ")
            .unwrap_or_else(|| panic!("not indented by two spaces: {line:?}"));
        let (label, email) = body
            .rsplit_once("  ")
            .unwrap_or_else(|| panic!("no label and e-mail: {line:?}"));
        let (label, email) = (label.trim_end(), email.trim_start());
        assert!(!label.is_empty() && !label.starts_with(' '), "{line:?}");
        assert!(email.contains('@') && !email.contains(' '), "{line:?}");
        let at = line.len() - email.len();
        assert_eq!(
            *column.get_or_insert(at),
            at,
            "e-mails in one column: {said}"
        );
        printed.push((label.to_string(), email.to_string()));
    }
    for role in [
        "Scheme coordinator",
        "Administrator",
        "Organisation coordinator",
        "Evaluator",
        "Participant",
    ] {
        assert!(
            printed
                .iter()
                .any(|(l, _)| l == role || l.starts_with(&format!("{role} ("))),
            "no {role} sign-in: {said}"
        );
    }
    // The generator's sign-ins come first, as generated for the default seed.
    let data = tandem_demo::generate(tandem_demo::DEFAULT_SEED);
    for (s, (label, email)) in data.sign_ins.iter().zip(&printed) {
        assert_eq!((&s.role_label, &s.email), (label, email));
    }
    assert!(
        printed.len() > data.sign_ins.len(),
        "and those found by playing"
    );

    let url = format!("sqlite:{}", dir.path().join("journey.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = tandem_storage::Store::connect(&url).await.expect("open");
        for (label, email) in &printed {
            let account = store
                .account_by_email(email)
                .await
                .expect("account")
                .unwrap_or_else(|| panic!("{label}: {email} has no account"));
            let hash = account.password_hash.expect("a password");
            assert!(
                password_auth::verify_password(DEMO_PASSWORD, &hash).is_ok(),
                "{label}: {email} does not take the demo password"
            );
        }
    });
}

#[test]
fn export_writes_each_record_export_of_the_demo_scheme() {
    let (dir, url) = demo();
    for (kind, heading, rows_expected) in [
        ("applications", "Programme,Intake,Given name", true),
        ("relationships", "Programme,Intake,Kind,Members", true),
        ("sessions", "Session cap", true),
        ("set-attendance", "Meeting date", true),
        ("workshops", "Workshop", false),
        ("projects", "Measure", false),
    ] {
        let out = tandem(
            dir.path(),
            &["--database-url", &url, "export", kind, "--format", "csv"],
            None,
        );
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
        let csv = text(&out.stdout);
        let header = csv.lines().next().expect("a header");
        assert!(header.contains(heading), "{kind}: {header}");
        if rows_expected {
            assert!(csv.lines().count() > 1, "{kind}: the demo has rows");
        }
    }
}
