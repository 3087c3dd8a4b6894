//! Reading a scheme's organisations from a spreadsheet (CSV or XLSX with the columns `name`,
//! `kind`, `country`), for the first run: the consortium's list of members often exists as a
//! spreadsheet already. Every row is checked and every problem reported with its row, so the
//! file can be fixed in one go.

use crate::Format;
use crate::parse::{ParseError, read_table};
use std::collections::HashMap;
use tandem_domain::{Country, OrganisationKind};

/// The columns of an organisations file.
pub const ORGANISATION_COLUMNS: [&str; 3] = ["name", "kind", "country"];

/// One valid row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationRow {
    /// 1-based spreadsheet row (the header is row 1).
    pub line: usize,
    pub name: String,
    pub kind: OrganisationKind,
    pub country: Country,
}

/// One problem in one cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationRowError {
    pub line: usize,
    pub column: &'static str,
    /// Translation key (`import.organisations.*`).
    pub message: &'static str,
    /// The value as written (or the first row with the same name, for a duplicate).
    pub value: String,
}

/// Why an organisations file was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationsError {
    /// The file as a whole (too big, malformed, a column missing, no rows).
    #[error("{0}")]
    File(ParseError),
    /// Rows with problems, each named.
    #[error("{} problem(s) in the rows", .0.len())]
    Rows(Vec<OrganisationRowError>),
}

fn column_of(header: &str) -> Option<&'static str> {
    let folded: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match folded.as_str() {
        "name" | "organisation" | "organisationname" | "organization" | "organizationname" => {
            "name"
        }
        "kind" | "type" | "organisationkind" | "organisationtype" => "kind",
        "country" | "countrycode" => "country",
        _ => return None,
    })
}

/// Reads a kind written as its code in any case, with spaces or hyphens for underscores
/// (`NHS trust`, `local-authority`).
fn kind_of(raw: &str) -> Option<OrganisationKind> {
    let code: String = raw
        .trim()
        .chars()
        .map(|c| if matches!(c, ' ' | '-') { '_' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    OrganisationKind::from_code(&code)
}

/// Reads and checks an organisations file. Names are unique ignoring case (the rule the store
/// keeps), kinds and countries must be known.
pub fn read_organisations(
    bytes: &[u8],
    format: Format,
) -> Result<Vec<OrganisationRow>, OrganisationsError> {
    let (rows, errors) = check_organisations(bytes, format)?;
    if !errors.is_empty() {
        return Err(OrganisationsError::Rows(errors));
    }
    Ok(rows)
}

/// Reads an organisations file and checks every row: the valid rows and every problem, by row,
/// for a preview that lists both (`tandem import organisations`). Only a file that cannot be read
/// as a whole is an error.
pub fn check_organisations(
    bytes: &[u8],
    format: Format,
) -> Result<(Vec<OrganisationRow>, Vec<OrganisationRowError>), OrganisationsError> {
    let all_missing = || {
        OrganisationsError::File(ParseError::MissingColumns {
            columns: ORGANISATION_COLUMNS.iter().map(|c| (*c).into()).collect(),
            headings: vec![],
        })
    };
    let table =
        read_table(bytes, format, column_of, crate::Limits::UPLOAD).map_err(|e| match e {
            // A sheet without one known header (the people reader's list would be wrong here).
            ParseError::MissingColumns { .. } => all_missing(),
            other => OrganisationsError::File(other),
        })?;
    let mut iter = table.into_iter();
    let header = iter.next().map(|(_, h)| h).unwrap_or_default();
    let columns: Vec<Option<&'static str>> = header.iter().map(|h| column_of(h)).collect();
    let missing: Vec<String> = ORGANISATION_COLUMNS
        .iter()
        .filter(|c| !columns.contains(&Some(**c)))
        .map(|c| (*c).to_string())
        .collect();
    if !missing.is_empty() {
        return Err(OrganisationsError::File(ParseError::MissingColumns {
            columns: missing,
            headings: vec![],
        }));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in iter {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |name: &str| {
            columns
                .iter()
                .position(|c| *c == Some(name))
                .and_then(|i| cells.get(i))
                .map(|v| crate::mapping::one_line(v).trim().to_string())
                .unwrap_or_default()
        };
        let (name, kind, country) = (cell("name"), cell("kind"), cell("country"));
        let mut problem = |column, message, value: &str| {
            errors.push(OrganisationRowError {
                line,
                column,
                message,
                value: value.to_string(),
            });
        };
        if name.is_empty() {
            problem("name", "import.organisations.name_required", "");
        } else if let Some(first) = seen.get(&name.to_lowercase()) {
            problem("name", "import.organisations.duplicate", &first.to_string());
        } else {
            seen.insert(name.to_lowercase(), line);
        }
        let k = kind_of(&kind);
        if k.is_none() {
            problem("kind", "import.organisations.unknown_kind", &kind);
        }
        let c = Country::from_code(&country);
        if c.is_none() {
            problem("country", "import.organisations.unknown_country", &country);
        }
        if let (Some(kind), Some(country)) = (k, c) {
            rows.push(OrganisationRow {
                line,
                name,
                kind,
                country,
            });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(OrganisationsError::File(ParseError::NoRows));
    }
    Ok((rows, errors))
}
