//! Writing people back out in the import columns.

use crate::COLUMNS;
use std::collections::HashMap;
use tandem_domain::{Employment, Organisation, OrganisationId, Person, PersonId};

/// Why an XLSX export failed (only for absurd inputs: cells over 32,767 characters or more rows
/// than a worksheet holds).
#[derive(Debug, thiserror::Error)]
#[error("the spreadsheet could not be written: {0}")]
pub struct ExportError(String);

/// The export as rows of cells in [`COLUMNS`] order: one row per employment, primary employment
/// first, people ordered by family name, given name and e-mail. A person without employments gets
/// one row with the employment columns empty.
pub fn export_rows(
    people: &[(Person, Vec<Employment>)],
    orgs: &[Organisation],
) -> Vec<[String; COLUMNS.len()]> {
    let org_name: HashMap<OrganisationId, &str> =
        orgs.iter().map(|o| (o.id, o.name.as_str())).collect();
    let email_of: HashMap<PersonId, &str> = people
        .iter()
        .map(|(p, _)| (p.id, p.email.as_str()))
        .collect();
    let mut order: Vec<&(Person, Vec<Employment>)> = people.iter().collect();
    order.sort_by(|a, b| {
        (
            a.0.family_name.to_lowercase(),
            a.0.given_name.to_lowercase(),
            &a.0.email,
        )
            .cmp(&(
                b.0.family_name.to_lowercase(),
                b.0.given_name.to_lowercase(),
                &b.0.email,
            ))
    });
    let mut rows = Vec::with_capacity(people.len());
    for (p, employments) in order {
        let mut emps: Vec<&Employment> = employments.iter().collect();
        emps.sort_by_key(|e| !e.primary); // stable: the rest keep their order
        let person_cells = |e: Option<&Employment>| -> [String; COLUMNS.len()] {
            [
                p.given_name.clone(),
                p.family_name.clone(),
                p.email.clone(),
                e.and_then(|e| org_name.get(&e.organisation_id))
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                e.map(|e| e.job_title.clone()).unwrap_or_default(),
                e.map(|e| e.profession.clone()).unwrap_or_default(),
                e.map(|e| e.grade_system.code().to_string())
                    .unwrap_or_default(),
                e.map(|e| e.grade.clone()).unwrap_or_default(),
                e.and_then(|e| e.line_manager_id)
                    .and_then(|m| email_of.get(&m))
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                p.language.tag().to_string(),
            ]
        };
        if emps.is_empty() {
            rows.push(person_cells(None));
        }
        for e in emps {
            rows.push(person_cells(Some(e)));
        }
    }
    rows
}

/// Prefixes a `'` to values a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, also after
/// earlier apostrophes, so the escape is reversible); [`crate::parse`] removes it again.
fn escape_formula(value: &str) -> std::borrow::Cow<'_, str> {
    if value
        .trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@'])
    {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// CSV in UTF-8 with a byte-order mark (so Excel shows accented names correctly), comma-separated,
/// header row of [`COLUMNS`]. Formula-like cells are made inert (see `parse`).
pub fn export_csv(people: &[(Person, Vec<Employment>)], orgs: &[Organisation]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail.
        w.write_record(COLUMNS).expect("in-memory write");
        for row in export_rows(people, orgs) {
            w.write_record(row.iter().map(|c| escape_formula(c).into_owned()))
                .expect("in-memory write");
        }
        w.flush().expect("in-memory write");
    }
    out
}

/// XLSX with one worksheet "People": a bold, frozen header row of [`COLUMNS`], then text cells
/// (never formulas, so no escaping is needed).
pub fn try_export_xlsx(
    people: &[(Person, Vec<Employment>)],
    orgs: &[Organisation],
) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError(e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("People").map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *name, &bold)
            .map_err(err)?;
        sheet
            .set_column_width(c as u16, if c < 4 { 28 } else { 20 })
            .map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    for (r, row) in export_rows(people, orgs).iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| ExportError("too many rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r, c as u16, cell).map_err(err)?;
            }
        }
    }
    book.save_to_buffer().map_err(err)
}

/// As [`try_export_xlsx`].
///
/// # Panics
/// Only if a cell exceeds the XLSX limit of 32,767 characters or there are more than a million
/// rows, which validated people (text at most 200 characters) and [`crate::MAX_ROWS`] rule out.
pub fn export_xlsx(people: &[(Person, Vec<Employment>)], orgs: &[Organisation]) -> Vec<u8> {
    try_export_xlsx(people, orgs).expect("validated people fit in a worksheet")
}
