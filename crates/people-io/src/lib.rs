//! Import and export of people from HR extracts (CSV and XLSX).
//!
//! Pure: bytes in, a [`Preview`] out, and bytes out again for export. Nothing here touches the
//! database, so the web layer can show a complete, row-by-row preview of an upload before a single
//! row is written, and commit the planned creates and updates in one transaction afterwards.
//!
//! The flow is [`parse`] (file → [`RawRow`]s, refusing whole files that are too big, malformed or
//! lack required columns) → [`validate`] (rows + a [`Snapshot`] of the scheme → [`Preview`] listing
//! every problem per row, plus the people to create and update) → commit by the caller.
//! [`export_csv`] and [`export_xlsx`] write the same [`COLUMNS`], so an export can be edited in a
//! spreadsheet and imported again; re-importing an unedited export changes nothing.

mod export;
pub mod mapping;
mod organisations;
mod parse;
mod validate;

pub use export::{
    Cell, ExportError, export_csv, export_rows, export_xlsx, table_csv, try_export_xlsx,
    try_table_xlsx,
};
pub use mapping::{Field, parse, parse_with, split_full_name};
pub use organisations::{
    ORGANISATION_COLUMNS, OrganisationRow, OrganisationRowError, OrganisationsError,
    check_organisations, read_organisations,
};
pub use parse::{
    MAX_XLSX_UNPACKED_BYTES, ParseError, RawRow, Sheet, check_unpacked_size, read_sheet,
    read_sheet_within,
};
pub use validate::{
    Preview, PreviewRow, RowAction, RowError, Snapshot, infer_grade_system, validate,
    validate_owned, validate_with,
};

/// The columns of an import or export file, in export order.
pub const COLUMNS: [&str; 10] = [
    "given_name",
    "family_name",
    "email",
    "organisation",
    "job_title",
    "profession",
    "grade_system",
    "grade",
    "line_manager_email",
    "language",
];

/// Columns a file must have (a file without them is refused as a whole).
pub const REQUIRED_COLUMNS: [&str; 4] = ["given_name", "family_name", "email", "organisation"];

/// Largest upload accepted, in bytes. An HR extract of [`MAX_ROWS`] people is well under this.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// Most data rows accepted in one file; larger populations are imported in parts.
pub const MAX_ROWS: usize = 20_000;

/// Largest file `tandem import people` reads (1 GiB): the command line reads a national HR
/// extract in one go, where the web upload (a request body held in memory by a shared server)
/// keeps [`MAX_UPLOAD_BYTES`]. A CSV of 1,000,000 people is about 150 MB.
pub const MAX_CLI_BYTES: usize = 1024 * 1024 * 1024;

/// Most data rows `tandem import people` reads from one file: twice the largest population
/// benchmarked (1,000,000 people; the NHS employs about 1.5 million).
pub const MAX_CLI_ROWS: usize = 2_000_000;

/// The bounds a file is read within: the web upload's or the command line's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_bytes: usize,
    /// Most non-empty data rows.
    pub max_rows: usize,
    /// Most bytes the parts of an XLSX file may declare unpacked.
    pub max_xlsx_unpacked: u64,
}

impl Limits {
    /// A file uploaded through the pages or the API.
    pub const UPLOAD: Limits = Limits {
        max_bytes: MAX_UPLOAD_BYTES,
        max_rows: MAX_ROWS,
        max_xlsx_unpacked: MAX_XLSX_UNPACKED_BYTES,
    };

    /// A file given to `tandem import people` by the scheme's operator, on their own machine.
    pub const COMMAND_LINE: Limits = Limits {
        max_bytes: MAX_CLI_BYTES,
        max_rows: MAX_CLI_ROWS,
        max_xlsx_unpacked: 32 * MAX_XLSX_UNPACKED_BYTES,
    };
}

/// File format of an upload or export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// Guesses the format from a file name's extension (`.csv`, `.txt` → CSV; `.xlsx` → XLSX).
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".xlsx") {
            Some(Self::Xlsx)
        } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
            Some(Self::Csv)
        } else {
            None
        }
    }

    /// Recognises XLSX by its ZIP signature; anything else is treated as CSV. Used when a
    /// browser sends no useful file name.
    pub fn sniff(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"PK\x03\x04") {
            Self::Xlsx
        } else {
            Self::Csv
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// MIME type for downloads.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}
