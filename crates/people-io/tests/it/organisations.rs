//! The organisations spreadsheet of the first run.

use crate::parsing::xlsx;
use tandem_domain::{Country, OrganisationKind};
use tandem_people_io::{Format, OrganisationsError, ParseError, read_organisations};

#[test]
fn a_clean_csv_reads_in_order_with_forgiving_headers_and_kinds() {
    let csv = "Organisation name;Type;Country\n\
               Riverside NHS Foundation Trust;NHS trust;gb\n\
               \n\
               Zorggroep Noord;dutch-care-organisation;NL\n";
    let rows = read_organisations(csv.as_bytes(), Format::Csv).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].name, "Riverside NHS Foundation Trust");
    assert_eq!(rows[0].kind, OrganisationKind::NhsTrust);
    assert_eq!(rows[0].country, Country::UnitedKingdom);
    assert_eq!(rows[1].line, 4, "blank rows still count");
    assert_eq!(rows[1].kind, OrganisationKind::DutchCareOrganisation);
}

#[test]
fn every_bad_row_is_reported_with_its_row_and_column() {
    let csv = "name,kind,country\n\
               Alpha Trust,nhs_trust,GB\n\
               ALPHA TRUST,charity,GB\n\
               ,hospital,FR\n";
    let Err(OrganisationsError::Rows(errors)) = read_organisations(csv.as_bytes(), Format::Csv)
    else {
        panic!("expected row errors");
    };
    let found: Vec<(usize, &str, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.value.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "name", "2"),
            (4, "name", ""),
            (4, "kind", "hospital"),
            (4, "country", "FR"),
        ]
    );
    assert_eq!(errors[0].message, "import.organisations.duplicate");
}

#[test]
fn xlsx_reads_the_first_sheet_and_a_missing_column_refuses_the_file() {
    let book = xlsx(
        &[
            vec!["name", "kind", "country"],
            vec!["Northshire County Council", "local_authority", "GB"],
        ],
        0,
    );
    let rows = read_organisations(&book, Format::Xlsx).unwrap();
    assert_eq!(rows[0].kind, OrganisationKind::LocalAuthority);
    assert_eq!(rows[0].line, 2);
    let e = read_organisations(b"name,kind\nAlpha,charity\n", Format::Csv).unwrap_err();
    assert_eq!(
        e,
        OrganisationsError::File(ParseError::MissingColumns {
            columns: vec!["country".into()],
            headings: vec![],
        })
    );
    assert_eq!(
        read_organisations(b"name,kind,country\n", Format::Csv).unwrap_err(),
        OrganisationsError::File(ParseError::NoRows)
    );
}
