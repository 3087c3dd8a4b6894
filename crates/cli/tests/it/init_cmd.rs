//! `tandem init` through the real binary, with the shipped example file.

use crate::commands::{tandem, text};
use std::path::Path;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/init.example.toml");

fn url(dir: &Path) -> String {
    format!("sqlite:{}", dir.join("scheme.db").display())
}

#[test]
fn the_example_file_sets_up_a_scheme_once_and_a_second_run_says_what_exists() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(dir.path());
    let args = [
        "--database-url",
        &url,
        "init",
        "--file",
        EXAMPLE,
        "--password-stdin",
    ];
    let out = tandem(dir.path(), &args, Some("a-strong-password\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Set up North Sea Care Network: 3 organisation(s)"),
        "{said}"
    );
    assert!(
        said.contains("/sign-in as ada.okafor@riverside.example.org (administrator)"),
        "{said}"
    );
    assert!(
        said.contains(
            "sam.patel@northshire.example.org (scheme_coordinator) was sent an invitation"
        ),
        "{said}"
    );
    // The coordinator's invitation is in the outbox, with its link.
    let outbox: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(outbox.len(), 1);
    assert!(outbox[0].contains("accept-invitation?token="));

    let again = tandem(dir.path(), &args, Some("a-strong-password\n"));
    assert!(!again.status.success());
    let err = text(&again.stderr);
    assert!(
        err.contains("North Sea Care Network with 3 organisations and 2 accounts"),
        "{err}"
    );
    // The people commands now find the scheme the init made.
    let export = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "export",
            "people",
            "--format",
            "csv",
        ],
        None,
    );
    assert!(export.status.success(), "{}", text(&export.stderr));
    assert!(text(&export.stdout).contains("ada.okafor@riverside.example.org"));
}

#[test]
fn bad_flags_name_every_field_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = url(dir.path());
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "init",
            "--scheme-name",
            "Flag Scheme",
            "--country",
            "FR",
            "--organisation",
            "Alpha Trust,hospital,GB",
            "--organisation",
            "alpha trust,charity,GB",
            "--admin-email",
            "admin@alpha.example.org",
            "--admin-given-name",
            "Al",
            "--admin-family-name",
            "Admin",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for field in [
        "countries:",
        "organisation_1_kind:",
        "organisation_2_name:",
        "administrator_password:",
    ] {
        assert!(err.contains(field), "{field} not named in {err}");
    }
    // Nothing was written: the same database takes a good set-up afterwards, from flags and a
    // spreadsheet of organisations.
    let sheet = dir.path().join("orgs.csv");
    std::fs::write(
        &sheet,
        "name,kind,country\nAlpha Trust,nhs_trust,GB\nBeta Council,local_authority,GB\n",
    )
    .unwrap();
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "init",
            "--scheme-name",
            "Flag Scheme",
            "--country",
            "GB",
            "--organisations-file",
            sheet.to_str().unwrap(),
            "--admin-email",
            "admin@alpha.example.org",
            "--admin-given-name",
            "Al",
            "--admin-family-name",
            "Admin",
            "--password-stdin",
        ],
        Some("a-strong-password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("2 organisation(s), Alpha Trust, Beta Council"),
        "{said}"
    );
    assert!(
        said.contains("admin@alpha.example.org (administrator, scheme_coordinator)"),
        "{said}"
    );
}

#[test]
fn a_bad_organisations_sheet_is_reported_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("orgs.csv");
    std::fs::write(
        &sheet,
        "name,kind,country\nAlpha,nhs_trust,GB\nBeta,zoo,XX\n",
    )
    .unwrap();
    let url = url(dir.path());
    let out = tandem(
        dir.path(),
        &[
            "--database-url",
            &url,
            "init",
            "--scheme-name",
            "Sheet",
            "--organisations-file",
            sheet.to_str().unwrap(),
            "--admin-email",
            "a@b.example.org",
            "--password-stdin",
        ],
        Some("a-strong-password\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("row 3, kind: zoo is not a kind"), "{err}");
    assert!(err.contains("row 3, country: XX"), "{err}");
}
