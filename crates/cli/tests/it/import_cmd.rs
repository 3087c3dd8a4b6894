//! `tandem import organisations` then `tandem import people` with a messy HR extract (byte-order
//! mark, `;`, CRLF, a quoted line break, one full-name column with Dutch particles, council
//! grades, look-alike e-mails): the preview shows exactly the planted errors by row and the
//! council-grade warnings, writes nothing, and the fixed file commits.

use crate::commands::{tandem, text};
use std::path::Path;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/init.example.toml");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../people-io/tests/fixtures");

fn run(dir: &Path, url: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--database-url", url];
    all.extend_from_slice(args);
    tandem(dir, &all, None)
}

fn export(dir: &Path, url: &str) -> String {
    let out = run(dir, url, &["export", "people", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// Lines of the form `FILE:ROW: column: message` naming `file`, as (row, column, message).
fn problems(said: &str, file: &str) -> Vec<(usize, String, String)> {
    said.lines()
        .filter_map(|l| l.strip_prefix(&format!("{file}:")))
        .filter_map(|rest| {
            let (row, rest) = rest.split_once(": ")?;
            let (column, message) = rest.split_once(": ")?;
            Some((row.parse().ok()?, column.to_string(), message.to_string()))
        })
        .collect()
}

#[test]
fn organisations_then_the_messy_extract_show_exactly_the_planted_errors_then_commit() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("scheme.db").display());
    let init = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "init",
            "--file",
            EXAMPLE,
            "--password-stdin",
        ],
        Some("a-strong-password\n"),
    );
    assert!(init.status.success(), "{}", text(&init.stderr));

    // Organisations: a dry run lists each row; the scheme's own are unchanged, not duplicated.
    let orgs = format!("{FIXTURES}/organisations.csv");
    let dry = run(
        dir.path(),
        &url,
        &["import", "organisations", &orgs, "--dry-run"],
    );
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    let said = text(&dry.stdout);
    assert!(said.contains("4 to add, 2 unchanged"), "{said}");
    assert!(
        said.contains("Riverside NHS Foundation Trust: already in the scheme, unchanged"),
        "{said}"
    );
    let done = run(dir.path(), &url, &["import", "organisations", &orgs]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert!(
        text(&done.stdout).contains("4 organisation(s) added, 2 unchanged"),
        "{}",
        text(&done.stdout)
    );
    let again = run(dir.path(), &url, &["import", "organisations", &orgs]);
    assert!(
        text(&again.stdout).contains("0 organisation(s) added, 6 unchanged"),
        "{}",
        text(&again.stdout)
    );
    // A bad organisations file names each problem by row and writes nothing.
    let bad = dir.path().join("bad-orgs.csv");
    std::fs::write(
        &bad,
        "name,kind,country\nNew Trust,hospital,GB\nOther Trust,nhs_trust,FR\n",
    )
    .unwrap();
    let refused = run(
        dir.path(),
        &url,
        &["import", "organisations", bad.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let rows: Vec<usize> = problems(&text(&refused.stderr), bad.to_str().unwrap())
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(rows, [2, 3]);

    // The messy extract, read with no --map at all.
    let before = export(dir.path(), &url);
    let messy = format!("{FIXTURES}/messy-extract.csv");
    let out = run(dir.path(), &url, &["import", "people", &messy]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let errors = problems(&text(&out.stderr), &messy);
    let planted: Vec<(usize, &str)> = errors.iter().map(|(r, c, _)| (*r, c.as_str())).collect();
    assert_eq!(
        planted,
        [(6, "grade"), (7, "organisation"), (8, "email")],
        "exactly the planted errors, by record (the quoted line break on row 4 shifts nothing): {errors:?}"
    );
    assert!(errors[0].2.contains("Band 8e"), "{errors:?}");
    assert!(errors[1].2.contains("Zorggroep Oost"), "{errors:?}");
    assert!(errors[2].2.contains("another alphabet"), "{errors:?}");
    let said = text(&out.stdout);
    let warnings: Vec<(usize, String)> = problems(&said, &messy)
        .into_iter()
        .map(|(r, _, m)| (r, m))
        .collect();
    assert_eq!(
        warnings.iter().map(|w| w.0).collect::<Vec<_>>(),
        [2, 5, 10],
        "{said}"
    );
    assert!(
        warnings.iter().all(|w| w.1.starts_with("warning:")),
        "{said}"
    );
    assert!(said.contains("\"Full Name\"=full_name"), "{said}");
    assert_eq!(export(dir.path(), &url), before, "nothing may be written");

    // Fixed, it commits: eight new people and Ada (behind a zero-width space) updated.
    let fixed = String::from_utf8(std::fs::read(&messy).unwrap())
        .unwrap()
        .replace("Band 8e", "Band 8d")
        .replace("Zorggroep Oost", "Stichting Rivierzorg")
        .replace('\u{0430}', "a");
    let fixed_path = dir.path().join("fixed-extract.csv");
    std::fs::write(&fixed_path, fixed).unwrap();
    let out = run(
        dir.path(),
        &url,
        &["import", "people", fixed_path.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported: 8 added, 1 updated"),
        "{}",
        text(&out.stdout)
    );
    let after = export(dir.path(), &url);
    assert!(
        after.contains("Jan,van der Berg,jan.vanderberg@eastbrook.example.org"),
        "{after}"
    );
    assert!(after.contains("Maria,van 't Hof,"), "{after}");
    assert!(
        after.contains("Senior Staff Nurse (Night Shift)"),
        "{after}"
    );
    assert_eq!(
        after
            .lines()
            .filter(|l| l.split(',').nth(2) == Some("ada.okafor@riverside.example.org"))
            .count(),
        1,
        "the address behind a zero-width space is the same person: {after}"
    );
    // The council's grades are on its list now: the same file previews without warnings.
    let again = run(
        dir.path(),
        &url,
        &[
            "import",
            "people",
            fixed_path.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        !text(&again.stdout).contains("warning:"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn an_unmapped_required_field_names_the_headings_and_map_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("scheme.db").display());
    let init = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "init",
            "--file",
            EXAMPLE,
            "--password-stdin",
        ],
        Some("a-strong-password\n"),
    );
    assert!(init.status.success(), "{}", text(&init.stderr));
    let file = dir.path().join("odd.csv");
    std::fs::write(
        &file,
        "Wie,Mailbox,Werkplek,Band\nJan van der Berg,jan@riverside.example.org,Riverside NHS Foundation Trust,6\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = run(dir.path(), &url, &["import", "people", path, "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("Wie, Mailbox, Werkplek, Band"),
        "names the headings: {err}"
    );
    assert!(err.contains("--map"), "{err}");
    let out = run(
        dir.path(),
        &url,
        &[
            "import",
            "people",
            path,
            "--dry-run",
            "--map",
            "Wie=full_name",
            "--map",
            "mailbox=email",
            "--map",
            "Werkplek=organisation",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 to add"),
        "{}",
        text(&out.stdout)
    );
    let bad = run(
        dir.path(),
        &url,
        &["import", "people", path, "--map", "Wie=nickname"],
    );
    assert_ne!(bad.status.code(), Some(0));
    assert!(
        text(&bad.stderr).contains("not a field"),
        "{}",
        text(&bad.stderr)
    );
}
