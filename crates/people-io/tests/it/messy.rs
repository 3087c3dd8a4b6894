//! A real-looking HR extract (`tests/fixtures/messy-extract.csv`): byte-order mark, `;`, CRLF, a
//! quoted line break, one full-name column with Dutch particles, council grades and look-alike
//! e-mails, with exactly three planted errors. And the row-number invariant behind it.

use proptest::prelude::*;
use std::collections::BTreeMap;
use tandem_domain::{
    Country, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, SchemeId,
};
use tandem_people_io::{Field, Format, RowAction, Snapshot, parse, read_sheet, validate_with};

const MESSY: &[u8] = include_bytes!("../fixtures/messy-extract.csv");

fn organisations(scheme: SchemeId) -> Vec<Organisation> {
    use OrganisationKind::*;
    [
        (
            "Riverside NHS Foundation Trust",
            NhsTrust,
            Country::UnitedKingdom,
        ),
        (
            "Northshire County Council",
            LocalAuthority,
            Country::UnitedKingdom,
        ),
        (
            "Eastbrook Borough Council",
            LocalAuthority,
            Country::UnitedKingdom,
        ),
        (
            "Stichting Rivierzorg",
            DutchCareOrganisation,
            Country::Netherlands,
        ),
    ]
    .into_iter()
    .map(|(name, kind, country)| Organisation {
        id: OrganisationId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind,
        country,
    })
    .collect()
}

fn ada(scheme: SchemeId, riverside: OrganisationId) -> (Person, Vec<Employment>) {
    let id = PersonId::new();
    (
        Person {
            id,
            scheme_id: scheme,
            given_name: "Ada".into(),
            family_name: "Okafor".into(),
            email: "ada.okafor@riverside.example.org".into(),
            language: Language::EnGb,
        },
        vec![Employment {
            id: EmploymentId::new(),
            person_id: id,
            organisation_id: riverside,
            job_title: "Administrator".into(),
            profession: String::new(),
            grade_system: GradeSystem::AgendaForChange,
            grade: "8a".into(),
            line_manager_id: None,
            primary: true,
        }],
    )
}

#[test]
fn the_messy_extract_shows_exactly_its_planted_errors_and_the_council_grade_warnings() {
    let sheet = read_sheet(MESSY, Format::Csv).expect("reads");
    assert_eq!(
        sheet.headings[0], "Employee Number",
        "the byte-order mark is gone"
    );
    let mapping = sheet.suggested();
    assert_eq!(
        mapping,
        [
            Field::EmployeeNumber,
            Field::FullName,
            Field::Email,
            Field::Organisation,
            Field::JobTitle,
            Field::Grade,
            Field::LineManagerEmail
        ]
    );
    let rows = parse(MESSY, Format::Csv).expect("parses");
    let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        (2..=10).collect::<Vec<_>>(),
        "rows are records, not lines"
    );
    let row = |line: usize| rows.iter().find(|r| r.line == line).unwrap();
    assert_eq!(
        (row(2).get("given_name"), row(2).get("family_name")),
        ("Jan", "van der Berg")
    );
    assert_eq!(
        (row(4).get("given_name"), row(4).get("family_name")),
        ("Maria", "van 't Hof")
    );
    assert_eq!(row(4).get("job_title"), "Senior Staff Nurse (Night Shift)");

    let scheme = SchemeId::new();
    let orgs = organisations(scheme);
    let people = vec![ada(scheme, orgs[0].id)];
    let snap = Snapshot {
        scheme_id: scheme,
        organisations: &orgs,
        people: &people,
        allowed_organisations: None,
    };
    let p = validate_with(&rows, &snap, &[]);
    let errors: BTreeMap<usize, Vec<&str>> = p
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty())
        .map(|r| {
            (
                r.line,
                r.errors.iter().map(|e| e.message.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        BTreeMap::from([
            (6, vec!["import.unknown_grade"]),
            (7, vec!["import.unknown_organisation"]),
            (8, vec!["import.email_lookalike"]),
        ])
    );
    let warnings: Vec<(usize, &str)> = p
        .rows
        .iter()
        .flat_map(|r| r.warnings.iter().map(move |w| (r.line, w.message.as_str())))
        .collect();
    assert_eq!(
        warnings,
        [
            (2, "import.new_local_grade"),
            (5, "import.new_local_grade"),
            (10, "import.new_local_grade")
        ]
    );
    let eastbrook = orgs[2].id;
    assert_eq!(
        p.new_local_grades,
        [(eastbrook, "Grade G".into()), (eastbrook, "Grade H".into())]
    );
    // The zero-width space hides Ada, who is already in the scheme: an update, not a new person.
    let ada_row = p.rows.iter().find(|r| r.line == 9).unwrap();
    assert_eq!(
        (ada_row.email.as_str(), ada_row.action),
        ("ada.okafor@riverside.example.org", RowAction::Update)
    );
    assert!(
        p.creates.is_empty() && p.updates.is_empty(),
        "nothing planned while invalid"
    );

    // Fixed, the same file is valid, and the council's grades are still only warnings.
    let fixed = String::from_utf8(MESSY.to_vec())
        .unwrap()
        .replace("Band 8e", "Band 8d")
        .replace("Zorggroep Oost", "Stichting Rivierzorg")
        .replace('\u{0430}', "a");
    let rows = parse(fixed.as_bytes(), Format::Csv).unwrap();
    let p = validate_with(&rows, &snap, &[(eastbrook, "grade g".into())]);
    assert!(p.is_valid(), "{:?}", p.rows);
    assert_eq!((p.creates.len(), p.updates.len()), (8, 1));
    assert_eq!(p.new_local_grades, [(eastbrook, "Grade H".into())]);
    assert_eq!(
        p.rows_with_warnings(),
        1,
        "Grade G is in Eastbrook's list now"
    );
}

fn cell() -> impl Strategy<Value = String> {
    // Letters, separators and line breaks of every kind, to be quoted.
    proptest::collection::vec(
        prop_oneof![
            "[a-z]{1,4}".prop_map(|s| s),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just(";".to_string()),
            Just(" ".to_string()),
        ],
        0..5,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    /// However many line breaks quoted cells hold, with LF or CRLF line ends, each record keeps
    /// its spreadsheet row: header 1, then 2, 3, … (a blank line still counts as a row).
    #[test]
    fn a_quoted_line_break_never_shifts_row_numbers(
        titles in proptest::collection::vec(cell(), 1..8),
        crlf in any::<bool>(),
        blank_after in proptest::option::of(0usize..8),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("\u{feff}given_name;family_name;email;organisation;job_title{end}");
        let mut expected = Vec::new();
        let mut row = 2;
        for (i, title) in titles.iter().enumerate() {
            text.push_str(&format!(
                "A;B{i};p{i}@x.org;O;\"{}\"{end}",
                title.replace('"', "\"\"")
            ));
            expected.push(row);
            row += 1;
            if blank_after == Some(i) {
                text.push_str(end);
                row += 1;
            }
        }
        let rows = parse(text.as_bytes(), Format::Csv).unwrap();
        prop_assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), expected);
        for (r, title) in rows.iter().zip(&titles) {
            // Kept, on one line: every break and the spaces around it become one space.
            let words: Vec<&str> = title.split(['\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).collect();
            prop_assert_eq!(r.get("job_title").trim(), words.join(" "));
            prop_assert!(!r.get("job_title").contains(['\n', '\r']));
        }
    }
}
