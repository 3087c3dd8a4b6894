//! The operator's subcommands through the real binary: demo, import, export, user, config.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tandem(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tandem"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("TANDEM_CONFIG")
        .env_remove("TANDEM_DATABASE_URL")
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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A demo database in a fresh directory; returns the directory and its `--database-url`.
fn demo() -> (tempfile::TempDir, String) {
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

fn export_csv(dir: &Path, url: &str) -> String {
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
fn config_prints_the_annotated_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = tandem(dir.path(), &["config"], None);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(s.contains("database_url") && s.contains("TANDEM_"), "{s}");
}

/// The demo plays the scheme journey through the real code paths: the 2027 intake is recruiting
/// with applications in every status, the 2026 intake is matched and running (live matches, a
/// declined offer, a pending re-match), the 2025 intake is closed, and no organisation holds more
/// places than it has. The printed participants are in the situation their label says.
#[test]
fn demo_shows_an_intake_recruiting_one_running_and_one_closed() {
    use std::collections::{BTreeSet, HashMap};
    use tandem_domain::{ApplicationStatus, RelationshipStatus};

    let dir = tempfile::tempdir().expect("temp dir");
    let out = tandem(
        dir.path(),
        &["demo", "--no-serve", "--database", "journey.db"],
        None,
    );
    assert!(out.status.success(), "demo failed: {}", text(&out.stderr));
    let said = text(&out.stdout);
    let email_of = |label: &str| -> String {
        said.lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.split_whitespace().last())
            .unwrap_or_else(|| panic!("no {label} line in: {said}"))
            .to_string()
    };
    let active_mentee = email_of("Participant (mentee, active match)");
    let pending_mentee = email_of("Participant (mentee, pending offer)");

    let data = tandem_demo::generate(tandem_demo::DEFAULT_SEED);
    let intake = |name: &str| {
        data.intakes
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("no intake {name}"))
            .id
    };
    let url = format!("sqlite:{}", dir.path().join("journey.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = tandem_storage::Store::connect(&url).await.expect("open");

        let recruiting: BTreeSet<ApplicationStatus> = store
            .list_applications(intake("2027 intake"))
            .await
            .expect("applications")
            .iter()
            .map(|a| a.status)
            .collect();
        for s in [
            ApplicationStatus::AwaitingManager,
            ApplicationStatus::AwaitingCoordinator,
            ApplicationStatus::Approved,
            ApplicationStatus::WaitingList,
            ApplicationStatus::Declined,
            ApplicationStatus::Withdrawn,
        ] {
            assert!(recruiting.contains(&s), "2027 intake: no {}", s.code());
        }
        assert!(!recruiting.contains(&ApplicationStatus::Matched));

        let count = |rels: &[tandem_domain::Relationship], s: RelationshipStatus| {
            rels.iter().filter(|r| r.status == s).count()
        };
        let running = store
            .relationships_of_intake(intake("2026 intake"))
            .await
            .expect("relationships");
        assert!(count(&running, RelationshipStatus::Active) >= 5);
        assert!(
            count(&running, RelationshipStatus::Proposed) >= 1,
            "a pending offer"
        );
        assert!(
            count(&running, RelationshipStatus::Declined) >= 1,
            "a declined offer"
        );
        // Active relationships were signed by every member; pending offers await an answer.
        for r in &running {
            match r.status {
                RelationshipStatus::Active => assert!(
                    r.members.iter().all(|m| m.signed_version.is_some()),
                    "active but unsigned"
                ),
                RelationshipStatus::Proposed => assert!(
                    r.members
                        .iter()
                        .any(|m| m.response == tandem_domain::OfferResponse::Pending)
                ),
                _ => {}
            }
        }
        // Sessions were held in the running intake, with fit checks after the first, and one
        // active relationship has had none (the coordinator's quiet list shows it).
        let last = store
            .last_sessions(intake("2026 intake"))
            .await
            .expect("sessions");
        let active: Vec<_> = running
            .iter()
            .filter(|r| r.status == RelationshipStatus::Active)
            .collect();
        assert!(
            last.len() + 1 >= active.len() && !last.is_empty(),
            "{last:?}"
        );
        assert!(
            active
                .iter()
                .any(|r| !last.iter().any(|(id, _)| *id == r.id)),
            "one quiet relationship"
        );
        assert!(
            active
                .iter()
                .filter(|r| last.iter().any(|(id, _)| *id == r.id))
                .all(|r| r.members.iter().all(|m| m.fit_check.is_some())),
            "fit checks after the first session"
        );
        let pairs = store
            .relationships_of_intake(intake("2026–27 pairs"))
            .await
            .expect("relationships");
        // Relationships in motion: every running pair has its improvement project and
        // shadowing days, one pair has used its whole session cap (9 of 9), and mentoring
        // relationships have sessions booked.
        let mut at_cap = 0;
        for r in pairs
            .iter()
            .filter(|r| r.status == RelationshipStatus::Active)
        {
            assert!(store.project(r.id).await.expect("project").is_some());
            assert_eq!(store.shadowing_days(r.id).await.expect("days").len(), 2);
            if store.sessions_of(r.id).await.expect("sessions").len() == 9 {
                at_cap += 1;
            }
        }
        assert_eq!(at_cap, 1, "one pair at its session cap");
        let mut confirmed = 0;
        for r in &running {
            confirmed += store
                .bookings_of(r.id)
                .await
                .expect("bookings")
                .iter()
                .filter(|b| b.status == tandem_domain::sessions::BookingStatus::Confirmed)
                .count();
        }
        assert!(confirmed >= 1, "sessions booked");
        // An action learning set has met twice with its rota and attendance, and meets next.
        let autumn = store
            .list_intakes(
                data.programmes
                    .iter()
                    .find(|p| p.kind == tandem_domain::ProgrammeKind::ActionLearningSets)
                    .expect("sets programme")
                    .id,
            )
            .await
            .expect("intakes")
            .into_iter()
            .find(|i| i.name == "Autumn 2026 sets")
            .expect("a running set intake");
        let sets = store
            .relationships_of_intake(autumn.id)
            .await
            .expect("sets");
        assert_eq!(count(&sets, RelationshipStatus::Active), 1);
        let meetings = store.set_meetings_of(sets[0].id).await.expect("meetings");
        assert_eq!(meetings.len(), 3);
        assert_eq!(
            meetings
                .iter()
                .filter(|m| m.meeting.attendance_recorded)
                .count(),
            2
        );
        assert!(
            meetings
                .iter()
                .all(|m| m.meeting.rota_agreed || !m.meeting.attendance_recorded)
        );
        assert!(count(&pairs, RelationshipStatus::Active) >= 3);

        let closed = store
            .relationships_of_intake(intake("2025 intake"))
            .await
            .expect("relationships");
        assert!(closed.len() >= 5);
        assert!(
            closed
                .iter()
                .all(|r| r.status == RelationshipStatus::Closed),
            "every 2025 relationship is closed"
        );

        // The printed participants are in the situation their label says.
        for (email, wanted) in [
            (&active_mentee, RelationshipStatus::Active),
            (&pending_mentee, RelationshipStatus::Proposed),
        ] {
            let account = store
                .account_by_email(email)
                .await
                .expect("account")
                .unwrap_or_else(|| panic!("{email} can sign in"));
            let mine = store
                .relationships_of_person(account.person_id)
                .await
                .expect("relationships");
            assert!(
                mine.iter().any(|r| r.status == wanted),
                "{email} has no {} relationship",
                wanted.code()
            );
        }

        // Places: no organisation holds more than its places, and what storage counts as taken
        // is what the applications hold.
        for i in &data.intakes {
            let apps = store.list_applications(i.id).await.expect("applications");
            let mut held: HashMap<_, u32> = HashMap::new();
            for a in apps.iter().filter(|a| a.status.holds_place()) {
                *held.entry(a.organisation_id).or_default() += 1;
            }
            for p in store.place_use(i.id).await.expect("places") {
                assert!(p.taken <= p.places, "{}: over its places", i.name);
                assert_eq!(
                    p.taken,
                    held.get(&p.organisation_id).copied().unwrap_or(0),
                    "{}: taken drifted",
                    i.name
                );
            }
        }
    });
}
