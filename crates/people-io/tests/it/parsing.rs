//! Whole-file parsing: formats, encodings, separators and the files that are refused.

use crate::fixture::HEADER;
use tandem_people_io::{Format, MAX_ROWS, MAX_UPLOAD_BYTES, ParseError, parse};

fn ok(text: &str) -> Vec<tandem_people_io::RawRow> {
    parse(text.as_bytes(), Format::Csv).unwrap()
}

#[test]
fn header_in_any_order_with_loose_names() {
    let rows = ok(
        "E-mail Address,ORGANISATION, Family Name ,given_name,Band,Favourite colour\n\
                   ann@example.org,Vale County Council,Smith,Ann,PO2,blue\n",
    );
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.line, 2);
    assert_eq!(r.get("email"), "ann@example.org");
    assert_eq!(r.get("organisation"), "Vale County Council");
    assert_eq!(r.get("family_name"), "Smith");
    assert_eq!(r.get("given_name"), "Ann");
    assert_eq!(r.get("grade"), "PO2");
    assert!(!r.has("favourite_colour"), "unknown columns are ignored");
    assert_eq!(
        r.get("job_title"),
        "",
        "absent optional column reads as empty"
    );
}

#[test]
fn line_numbers_are_spreadsheet_rows() {
    // Row 3 is blank and row 4 has a line break inside a quoted cell: the spreadsheet shows one
    // row for it, so row 5 is still row 5.
    let text = format!(
        "{HEADER}\nA,One,a@x.org,Org,,,,,,\n\nB,\"Two\nlines\",b@x.org,Org,,,,,,\nC,Three,c@x.org,Org,,,,,,\n"
    );
    let rows = ok(&text);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4, 5]);
    // The quoted line break is kept, as a space: a family name is one line.
    assert_eq!(rows[1].get("family_name"), "Two lines");
}

#[test]
fn line_numbers_with_windows_line_endings_and_leading_blank_rows() {
    let text = format!(
        "{HEADER}\r\n\r\n\r\nA,One,a@x.org,Org,,,,,,\r\nB,\"x\r\ny\",b@x.org,Org,,,,,,\r\n\r\nC,Three,c@x.org,Org,,,,,,\r\n"
    );
    let rows = ok(&text);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [4, 5, 7]);
}

#[test]
fn byte_order_mark_is_ignored() {
    let text = format!("\u{feff}{HEADER}\nZoë,Ĳzerman,zoe@x.org,Org,,,,,,\n");
    let rows = ok(&text);
    assert_eq!(rows[0].get("given_name"), "Zoë");
    assert_eq!(rows[0].get("family_name"), "Ĳzerman");
}

#[test]
fn semicolon_separated_files_with_commas_in_cells() {
    let text = "given_name;family_name;email;organisation;job_title\n\
                Jan;van der Berg;jan@x.org;Zorggroep Amstelweide;Teamleider, zorg\n\
                \"Anna; Maria\";\"de \"\"Wit\"\"\";anna@x.org;Zorggroep Amstelweide;x\n";
    let rows = ok(text);
    assert_eq!(rows[0].get("job_title"), "Teamleider, zorg");
    assert_eq!(rows[0].get("family_name"), "van der Berg");
    assert_eq!(rows[1].get("given_name"), "Anna; Maria");
    assert_eq!(rows[1].get("family_name"), "de \"Wit\"");
}

#[test]
fn tab_separated_and_crlf() {
    let text = "given_name\tfamily_name\temail\torganisation\r\nA\tB\ta@x.org\tOrg\r\n";
    let rows = ok(text);
    assert_eq!(
        (rows[0].get("given_name"), rows[0].get("organisation")),
        ("A", "Org")
    );
}

#[test]
fn markup_and_sql_are_kept_verbatim() {
    let text = format!(
        "{HEADER}\n\"<script>alert('x')</script>\",\"Robert'); DROP TABLE people;--\",a@x.org,Org,<b>Boss</b>,,,,,\n"
    );
    let rows = ok(&text);
    assert_eq!(rows[0].get("given_name"), "<script>alert('x')</script>");
    assert_eq!(rows[0].get("family_name"), "Robert'); DROP TABLE people;--");
    assert_eq!(rows[0].get("job_title"), "<b>Boss</b>");
}

#[test]
fn oversized_upload_is_refused_before_parsing() {
    let mut big = HEADER.as_bytes().to_vec();
    big.resize(MAX_UPLOAD_BYTES + 1, b' ');
    assert_eq!(
        parse(&big, Format::Csv),
        Err(ParseError::TooLarge {
            size: MAX_UPLOAD_BYTES + 1,
            max: MAX_UPLOAD_BYTES
        })
    );
    assert!(matches!(
        parse(&big, Format::Xlsx),
        Err(ParseError::TooLarge { .. })
    ));
}

#[test]
fn missing_required_columns_are_named() {
    let err = parse(
        b"given_name,email,job_title\nA,a@x.org,Nurse\n",
        Format::Csv,
    )
    .unwrap_err();
    assert_eq!(
        err,
        ParseError::MissingColumns {
            columns: vec!["family_name".into(), "organisation".into()],
            headings: vec!["given_name".into(), "email".into(), "job_title".into()],
        }
    );
    assert_eq!(err.message_key(), "import.missing_fields");
    assert_eq!(
        err.params(),
        vec![
            (
                "columns".to_string(),
                "family_name, organisation".to_string()
            ),
            (
                "headings".to_string(),
                "given_name, email, job_title".to_string()
            )
        ]
    );
}

#[test]
fn two_columns_for_one_field_suggest_the_first_and_mapping_both_is_refused() {
    let file = b"given_name,family_name,email,organisation,Surname\nA,B,a@x.org,O,C\n";
    let rows = parse(file, Format::Csv).unwrap();
    assert_eq!(rows[0].get("family_name"), "B");
    let err = tandem_people_io::parse_with(
        file,
        Format::Csv,
        &[("SURNAME".into(), tandem_people_io::Field::FamilyName)],
    )
    .unwrap_err();
    assert_eq!(
        err,
        ParseError::DuplicateColumn {
            column: "family_name".into()
        }
    );
}

#[test]
fn files_without_data_rows_are_refused() {
    assert_eq!(
        parse(format!("{HEADER}\n").as_bytes(), Format::Csv),
        Err(ParseError::NoRows)
    );
    assert_eq!(
        parse(
            format!("{HEADER}\n,,,,,,,,,\n\n ,, ,,,,,,,\n").as_bytes(),
            Format::Csv
        ),
        Err(ParseError::NoRows)
    );
    assert!(matches!(
        parse(b"", Format::Csv),
        Err(ParseError::MissingColumns { .. })
    ));
}

#[test]
fn too_many_rows_are_refused() {
    let mut text = String::from("given_name,family_name,email,organisation\n");
    for i in 0..MAX_ROWS {
        text.push_str(&format!("A,B,p{i}@x.org,O\n"));
    }
    assert_eq!(parse(text.as_bytes(), Format::Csv).unwrap().len(), MAX_ROWS);
    text.push_str("A,B,last@x.org,O\n");
    assert_eq!(
        parse(text.as_bytes(), Format::Csv),
        Err(ParseError::TooManyRows { max: MAX_ROWS })
    );
}

#[test]
fn unterminated_quote_is_malformed_at_its_row() {
    let text = format!(
        "{HEADER}\nA,B,a@x.org,Org,,,,,,\nC,\"D,c@x.org,Org,,,,,,\nE,F,e@x.org,Org,,,,,,\n"
    );
    assert_eq!(
        parse(text.as_bytes(), Format::Csv),
        Err(ParseError::Malformed {
            line: Some(3),
            reason: "import.unterminated_quote"
        })
    );
}

#[test]
fn extra_cells_are_malformed_at_their_row() {
    let text = "given_name,family_name,email,organisation\nA,B,a@x.org,O\nA,B,b@x.org,O,surprise\n";
    let err = parse(text.as_bytes(), Format::Csv).unwrap_err();
    assert_eq!(
        err,
        ParseError::Malformed {
            line: Some(3),
            reason: "import.too_many_fields"
        }
    );
    assert!(err.to_string().contains("row 3"));
    // Trailing empty cells (as some spreadsheets write) are harmless.
    assert!(
        parse(
            b"given_name,family_name,email,organisation\nA,B,b@x.org,O,,\n",
            Format::Csv
        )
        .is_ok()
    );
}

#[test]
fn non_utf8_is_refused_with_its_row() {
    let mut bytes = b"given_name,family_name,email,organisation\nA,B,a@x.org,O\n".to_vec();
    bytes.extend_from_slice(b"Zo\xEB,B,z@x.org,O\n"); // "Zoë" in Windows-1252
    assert_eq!(
        parse(&bytes, Format::Csv),
        Err(ParseError::NotUtf8 { line: 3 })
    );
}

#[test]
fn formula_marker_from_export_is_removed() {
    let rows =
        ok("given_name,family_name,email,organisation\n'=HYPERLINK(\"x\"),'t Hart,a@x.org,O\n");
    assert_eq!(rows[0].get("given_name"), "=HYPERLINK(\"x\")");
    assert_eq!(
        rows[0].get("family_name"),
        "'t Hart",
        "a Dutch 't is not a formula marker"
    );
}

pub(crate) fn xlsx(rows: &[Vec<&str>], start_row: u32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (start_row + r as u32, c as u16);
            if let Ok(n) = cell.parse::<f64>() {
                sheet.write_number(r, c, n).unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, *cell).unwrap();
            }
        }
    }
    // A second sheet must be ignored.
    book.add_worksheet()
        .write_string(0, 0, "not people")
        .unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_first_sheet_with_numbers_and_blank_rows() {
    let bytes = xlsx(
        &[
            vec![
                "Given name",
                "Family name",
                "Email",
                "Organisation",
                "Grade",
            ],
            vec!["Ann", "Smith", "ann@x.org", "Trust", "7"],
            vec![],
            vec!["Bob", "<i>Jones</i>", "bob@x.org", "Trust", "8.5"],
        ],
        0,
    );
    assert_eq!(Format::sniff(&bytes), Format::Xlsx);
    let rows = parse(&bytes, Format::Xlsx).unwrap();
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
    assert_eq!(
        rows[0].get("grade"),
        "7",
        "a whole number typed as a number reads as 7, not 7.0"
    );
    assert_eq!(rows[1].get("grade"), "8.5");
    assert_eq!(rows[1].get("family_name"), "<i>Jones</i>");
}

#[test]
fn xlsx_header_must_be_in_row_one() {
    let bytes = xlsx(
        &[
            vec!["given_name", "family_name", "email", "organisation"],
            vec!["A", "B", "a@x.org", "O"],
        ],
        2,
    );
    assert!(matches!(
        parse(&bytes, Format::Xlsx),
        Err(ParseError::MissingColumns { .. })
    ));
}

#[test]
fn garbage_is_malformed_xlsx() {
    assert_eq!(
        parse(b"PK\x03\x04 definitely not a workbook", Format::Xlsx),
        Err(ParseError::Malformed {
            line: None,
            reason: "import.unreadable_xlsx"
        })
    );
    assert!(matches!(
        parse(b"given_name,family_name\n", Format::Xlsx),
        Err(ParseError::Malformed { .. })
    ));
}

#[test]
fn format_helpers() {
    assert_eq!(Format::from_file_name("People.XLSX"), Some(Format::Xlsx));
    assert_eq!(Format::from_file_name("people.csv"), Some(Format::Csv));
    assert_eq!(Format::from_file_name("people.pdf"), None);
    assert_eq!(Format::sniff(b"given_name"), Format::Csv);
}

#[test]
fn xlsx_with_too_many_rows_is_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["given_name", "family_name", "email", "organisation"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=(MAX_ROWS as u32 + 1) {
        sheet.write_string(r, 2, format!("p{r}@x.org")).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(
        parse(&bytes, Format::Xlsx),
        Err(ParseError::TooManyRows { max: MAX_ROWS })
    );
}

#[test]
fn xlsx_wide_extract_keeps_only_known_columns() {
    // HR systems export many columns; the ones Tandem knows may be far to the right.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for c in 0..300u16 {
        sheet.write_string(0, c, format!("Extra {c}")).unwrap();
        sheet.write_string(1, c, "noise").unwrap();
    }
    for (k, (h, v)) in [
        ("Given name", "Ann"),
        ("Surname", "Smith"),
        ("Work email", "ann@x.org"),
        ("Employer", "Trust"),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, 300 + k as u16, *h).unwrap();
        sheet.write_string(1, 300 + k as u16, *v).unwrap();
    }
    let rows = parse(&book.save_to_buffer().unwrap(), Format::Xlsx).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].line, 2);
    assert_eq!(rows[0].columns(), 4);
    assert_eq!(
        (rows[0].get("given_name"), rows[0].get("organisation")),
        ("Ann", "Trust")
    );
}

#[test]
fn an_xlsx_that_unpacks_too_large_is_refused_before_unpacking() {
    let bytes = xlsx(
        &[
            vec!["given_name", "family_name", "email", "organisation"],
            vec!["A", "B", "a@b.example", "Org"],
        ],
        1,
    );
    // A real workbook passes the production limit…
    assert!(
        tandem_people_io::check_unpacked_size(&bytes, tandem_people_io::MAX_XLSX_UNPACKED_BYTES)
            .is_ok()
    );
    // …and the same archive is refused once its declared unpacked size exceeds the limit.
    let refused = tandem_people_io::check_unpacked_size(&bytes, 1024);
    assert!(
        matches!(refused, Err(ParseError::TooLarge { max: 1024, .. })),
        "{refused:?}"
    );
    assert!(matches!(
        tandem_people_io::check_unpacked_size(b"not a zip", 1024),
        Err(ParseError::Malformed { .. })
    ));
}
