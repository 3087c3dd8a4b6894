//! Writing people back out in the import columns, and the one table writer (rows of typed cells
//! to CSV or XLSX, formula-guarded) that every export of Tandem shares.

use crate::COLUMNS;
use chrono::{Datelike, NaiveDate};
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
            tandem_domain::words::family_sort_key(&a.0.family_name),
            a.0.given_name.to_lowercase(),
            &a.0.email,
        )
            .cmp(&(
                tandem_domain::words::family_sort_key(&b.0.family_name),
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

/// One cell of an exported table. Typed, so that a spreadsheet gets real dates and numbers it can
/// sort and add up, while CSV writes them as `YYYY-MM-DD` and digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text, written as text (never a formula): CSV escapes formula-like values, XLSX stores a
    /// string cell.
    Text(String),
    Date(NaiveDate),
    Number(i64),
    Empty,
}

impl Cell {
    /// A text cell, or [`Cell::Empty`] for an empty string.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// A date cell, or [`Cell::Empty`] for none.
    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// What the cell says in CSV (formula-like text made inert).
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => escape_formula(s).into_owned(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// The one writer of every export (people, and the coordinators' exports of scheme records):
/// CSV in UTF-8 with a byte-order mark (so Excel shows accented names correctly), CRLF line ends,
/// a header row of `headings`, formula-like text cells made inert with a leading `'`.
pub fn table_csv(headings: &[String], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail.
        w.write_record(headings).expect("in-memory write");
        for row in rows {
            w.write_record(row.iter().map(Cell::csv))
                .expect("in-memory write");
        }
        w.flush().expect("in-memory write");
    }
    out
}

/// The XLSX twin of [`table_csv`]: one worksheet named `sheet`, a bold, frozen header row, text as
/// string cells (never formulas, so no escaping is needed), dates as dates (`d mmm yyyy`) and
/// numbers as numbers.
pub fn try_table_xlsx(
    sheet_name: &str,
    headings: &[String],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError(e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(err)?;
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("d mmm yyyy");
    for (c, name) in headings.iter().enumerate() {
        let c = u16::try_from(c).map_err(|_| ExportError("too many columns".into()))?;
        sheet
            .write_string_with_format(0, c, name, &bold)
            .map_err(err)?;
        let width = name.chars().count().clamp(14, 30) + 2;
        sheet.set_column_width(c, width as f64).map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| ExportError("too many rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| ExportError("too many columns".into()))?;
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, c, s).map_err(err)?;
                }
                Cell::Date(d) => {
                    let (y, m, dd) = (d.year(), d.month(), d.day());
                    let when = u16::try_from(y)
                        .ok()
                        .and_then(|y| ExcelDateTime::from_ymd(y, m as u8, dd as u8).ok());
                    match when {
                        Some(when) => {
                            sheet
                                .write_date_with_format(r, c, &when, &day)
                                .map_err(err)?;
                        }
                        // Before 1900 a spreadsheet has no date: the text says it.
                        None => {
                            sheet
                                .write_string(r, c, d.format("%Y-%m-%d").to_string())
                                .map_err(err)?;
                        }
                    }
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n as f64).map_err(err)?;
                }
                Cell::Empty => {}
            }
        }
    }
    book.save_to_buffer().map_err(err)
}

fn people_table(
    people: &[(Person, Vec<Employment>)],
    orgs: &[Organisation],
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let headings = COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows = export_rows(people, orgs)
        .into_iter()
        .map(|row| row.into_iter().map(Cell::text).collect())
        .collect();
    (headings, rows)
}

/// CSV in UTF-8 with a byte-order mark, header row of [`COLUMNS`] (see [`table_csv`]).
pub fn export_csv(people: &[(Person, Vec<Employment>)], orgs: &[Organisation]) -> Vec<u8> {
    let (headings, rows) = people_table(people, orgs);
    table_csv(&headings, &rows)
}

/// XLSX with one worksheet "People": a bold, frozen header row of [`COLUMNS`], then text cells
/// (see [`try_table_xlsx`]).
pub fn try_export_xlsx(
    people: &[(Person, Vec<Employment>)],
    orgs: &[Organisation],
) -> Result<Vec<u8>, ExportError> {
    let (headings, rows) = people_table(people, orgs);
    try_table_xlsx("People", &headings, &rows)
}

/// As [`try_export_xlsx`].
///
/// # Panics
/// Only if a cell exceeds the XLSX limit of 32,767 characters or there are more than a million
/// rows, which validated people (text at most 200 characters) and [`crate::MAX_ROWS`] rule out.
pub fn export_xlsx(people: &[(Person, Vec<Employment>)], orgs: &[Organisation]) -> Vec<u8> {
    try_export_xlsx(people, orgs).expect("validated people fit in a worksheet")
}
