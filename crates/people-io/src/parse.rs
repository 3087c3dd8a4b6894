//! Reading CSV and XLSX files into rows keyed by canonical column names.

use crate::{Format, Limits};

/// One data row of an uploaded file, mapped: the value of each of [`crate::COLUMNS`] that the
/// file has. Serialisable so that a valid preview can wait in the database for its confirmation.
///
/// Compact, because the command line holds a million of them at once: the values sit end to end
/// in one string, found by their end offsets, with a bit per column saying whether the file has
/// it. One allocation of about the row's text per row, where a map of ten owned strings cost
/// eleven allocations and about 900 bytes (3 GiB of peak memory for a million rows, issue #18).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawRow {
    /// 1-based spreadsheet row (the header is row 1), as the user sees it in Excel or LibreOffice.
    pub line: usize,
    /// The values as written (validation trims them), in [`crate::COLUMNS`] order.
    text: Box<str>,
    /// Where each column's value ends in `text`.
    ends: [u32; COLUMN_COUNT],
    /// Bit `i` set: the file has column `i` of [`crate::COLUMNS`].
    present: u16,
}

const COLUMN_COUNT: usize = crate::COLUMNS.len();

/// The position of a canonical column name in [`crate::COLUMNS`].
fn column_index(column: &str) -> Option<usize> {
    crate::COLUMNS.iter().position(|c| *c == column)
}

impl RawRow {
    /// A row from the values of the columns the file has, by canonical name (see
    /// [`crate::COLUMNS`]; other names are left out, as unknown columns are).
    pub fn new<'a>(line: usize, values: impl IntoIterator<Item = (&'a str, String)>) -> RawRow {
        let mut by_column: [Option<String>; COLUMN_COUNT] = Default::default();
        for (column, value) in values {
            if let Some(i) = column_index(column) {
                by_column[i] = Some(value);
            }
        }
        RawRow::from_columns(line, by_column)
    }

    /// A row from a value (or none) for each of [`crate::COLUMNS`], in that order.
    pub fn from_columns(line: usize, values: [Option<String>; COLUMN_COUNT]) -> RawRow {
        let len: usize = values.iter().flatten().map(String::len).sum();
        let mut text = String::with_capacity(len);
        let mut ends = [0u32; COLUMN_COUNT];
        let mut present = 0u16;
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                text.push_str(v);
                present |= 1 << i;
            }
            // A row is bounded by the file, which is bounded far below 4 GiB.
            ends[i] = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        RawRow {
            line,
            text: text.into_boxed_str(),
            ends,
            present,
        }
    }

    /// The value of a column, or "" when the file has no such column.
    pub fn get(&self, column: &str) -> &str {
        let Some(i) = column_index(column) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text
            .get(start..self.ends[i] as usize)
            .unwrap_or_default()
    }

    /// Whether the file has the column (mapped to a field), even if this row leaves it empty.
    pub fn has(&self, column: &str) -> bool {
        column_index(column).is_some_and(|i| self.present & (1 << i) != 0)
    }

    /// How many of [`crate::COLUMNS`] the file has.
    pub fn columns(&self) -> usize {
        self.present.count_ones() as usize
    }
}

/// Why a whole file was refused. [`ParseError::message_key`] and [`ParseError::params`] give a
/// translation key and its placeholders for the user; `Display` is English for logs and the CLI.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the file is {size} bytes; the limit is {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("the file is not valid UTF-8 text (row {line}); save it as \"CSV UTF-8\"")]
    NotUtf8 { line: usize },
    #[error("the file is malformed{}: {reason}", line.map(|l| format!(" at row {l}")).unwrap_or_default())]
    Malformed {
        /// Spreadsheet row where the problem was found, when known.
        line: Option<usize>,
        /// Translation key naming the problem, e.g. `import.unterminated_quote`.
        reason: &'static str,
    },
    #[error("no column is mapped to {}; the file's headings are: {}", columns.join(", "), headings.join(", "))]
    MissingColumns {
        columns: Vec<String>,
        /// The headings found in the file (empty when it has none Tandem could read).
        headings: Vec<String>,
    },
    #[error("the file has no column headed {heading:?}; its headings are: {}", headings.join(", "))]
    UnknownHeading {
        heading: String,
        headings: Vec<String>,
    },
    #[error("the mapping does not have one field for each column of the file")]
    MappingMismatch,
    #[error("column {column} appears more than once")]
    DuplicateColumn { column: String },
    #[error("the file has no data rows")]
    NoRows,
    #[error("the file has more than {max} data rows")]
    TooManyRows { max: usize },
}

impl ParseError {
    /// Translation key of the user-facing message.
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "import.too_large",
            Self::NotUtf8 { .. } => "import.not_utf8",
            Self::Malformed { .. } => "import.malformed",
            Self::MissingColumns { headings, .. } if headings.is_empty() => {
                "import.missing_columns"
            }
            Self::MissingColumns { .. } => "import.missing_fields",
            Self::UnknownHeading { .. } => "import.unknown_heading",
            Self::MappingMismatch => "import.mapping_mismatch",
            Self::DuplicateColumn { .. } => "import.duplicate_column",
            Self::NoRows => "import.no_rows",
            Self::TooManyRows { .. } => "import.too_many_rows",
        }
    }

    /// Placeholders for [`ParseError::message_key`].
    pub fn params(&self) -> Vec<(String, String)> {
        let p = |k: &str, v: String| (k.to_string(), v);
        match self {
            Self::TooLarge { size, max } => {
                vec![p("size", size.to_string()), p("max", max.to_string())]
            }
            Self::NotUtf8 { line } => vec![p("line", line.to_string())],
            Self::Malformed { line, reason } => {
                let mut v = vec![p("reason", (*reason).to_string())];
                if let Some(l) = line {
                    v.push(p("line", l.to_string()));
                }
                v
            }
            Self::MissingColumns { columns, headings } => vec![
                p("columns", columns.join(", ")),
                p("headings", headings.join(", ")),
            ],
            Self::UnknownHeading { heading, headings } => vec![
                p("heading", heading.clone()),
                p("headings", headings.join(", ")),
            ],
            Self::MappingMismatch => vec![],
            Self::DuplicateColumn { column } => vec![p("column", column.clone())],
            Self::NoRows => vec![],
            Self::TooManyRows { max } => vec![p("max", max.to_string())],
        }
    }
}

/// A sheet as read: its headings and its non-empty rows with their spreadsheet row numbers.
/// Kept whole (as JSON) while the person importing chooses the mapping (see [`crate::mapping`],
/// which maps it; reading knows nothing of fields, so the reader and the mapping do not import
/// each other).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sheet {
    pub headings: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads a file's headings and non-empty rows, before any mapping. A file without a header row
/// is refused; so is one with more than [`crate::MAX_ROWS`] rows.
pub fn read_sheet(bytes: &[u8], format: Format) -> Result<Sheet, ParseError> {
    read_sheet_within(bytes, format, Limits::UPLOAD)
}

/// As [`read_sheet`] within other limits ([`Limits::COMMAND_LINE`] for `tandem import people`).
pub fn read_sheet_within(
    bytes: &[u8],
    format: Format,
    limits: Limits,
) -> Result<Sheet, ParseError> {
    let table = read_table(bytes, format, any_heading, limits)?;
    let mut iter = table.into_iter();
    let Some((_, headings)) = iter
        .next()
        .filter(|(_, h)| h.iter().any(|c| !c.trim().is_empty()))
    else {
        return Err(ParseError::MissingColumns {
            columns: crate::REQUIRED_COLUMNS
                .iter()
                .map(|c| c.to_string())
                .collect(),
            headings: vec![],
        });
    };
    let headings: Vec<String> = headings
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let width = headings.len();
    let mut rows = Vec::new();
    for (line, mut cells) in iter {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == limits.max_rows {
            return Err(ParseError::TooManyRows {
                max: limits.max_rows,
            });
        }
        cells.resize(width, String::new());
        rows.push((line, cells));
    }
    Ok(Sheet { headings, rows })
}

/// Every column with a heading is worth reading: the mapping decides which are used.
fn any_heading(header: &str) -> Option<&'static str> {
    (!header.trim().is_empty()).then_some("")
}

/// Reads a whole CSV or XLSX file (within the upload limit) as a [`Table`], for every reader of
/// spreadsheets in this crate (people here, organisations in `organisations`).
pub(crate) fn read_table(
    bytes: &[u8],
    format: Format,
    column: fn(&str) -> Option<&'static str>,
    limits: Limits,
) -> Result<Table, ParseError> {
    if bytes.len() > limits.max_bytes {
        return Err(ParseError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    match format {
        Format::Csv => read_csv(bytes),
        Format::Xlsx => read_xlsx(bytes, column, limits),
    }
}

/// A sheet as rows of cells with their spreadsheet row numbers; the first row is the header.
pub(crate) type Table = Vec<(usize, Vec<String>)>;

/// The separator used most often outside quotes in the first line.
fn detect_delimiter(text: &[u8]) -> u8 {
    let mut in_quotes = false;
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    // Ties (including "no separator at all") go to the comma, the first entry.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// Removes the apostrophe that [`crate::export_csv`] puts before formula-like values.
pub(crate) fn unescape_formula(value: String) -> String {
    let rest = value.trim_start_matches('\'');
    if value.starts_with('\'') && rest.starts_with(['=', '+', '-', '@']) {
        value[1..].to_string()
    } else {
        value
    }
}

/// The file line on which a record's first character stands. The reader reports where it started
/// looking (just after the previous record), which is before any blank lines it skipped; each of
/// those is a row in a spreadsheet, so they are counted here.
fn record_line(bytes: &[u8], position: Option<&csv::Position>) -> usize {
    let Some(pos) = position else { return 1 };
    let start = usize::try_from(pos.byte())
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let skipped = bytes[start..]
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .filter(|&&b| b == b'\n')
        .count();
    pos.line() as usize + skipped
}

fn read_csv(bytes: &[u8]) -> Result<Table, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = detect_delimiter(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut table: Table = Vec::new();
    // Line breaks inside quoted cells move the file's line count ahead of the spreadsheet's rows.
    let mut embedded_newlines = 0usize;
    let mut width = None;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record_line(bytes, record.position())
                    .saturating_sub(embedded_newlines)
                    .max(1);
                let cells: Vec<String> = record
                    .iter()
                    .map(|c| unescape_formula(c.to_string()))
                    .collect();
                embedded_newlines += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
                match width {
                    None => width = Some(cells.len()),
                    Some(w)
                        if cells.len() > w && cells[w..].iter().any(|c| !c.trim().is_empty()) =>
                    {
                        return Err(ParseError::Malformed {
                            line: Some(line),
                            reason: "import.too_many_fields",
                        });
                    }
                    Some(_) => {}
                }
                table.push((line, cells));
            }
            Err(e) => {
                let line = record_line(bytes, e.position())
                    .saturating_sub(embedded_newlines)
                    .max(1);
                return Err(match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => ParseError::NotUtf8 { line },
                    _ => ParseError::Malformed {
                        line: Some(line),
                        reason: "import.unreadable_csv",
                    },
                });
            }
        }
    }
    // In well-formed CSV every quote opens, closes or is doubled, so an odd count means a quoted
    // cell never ended: it swallowed the rest of the file into the last row.
    if bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        let line = table.last().map(|(l, _)| *l).unwrap_or(1);
        return Err(ParseError::Malformed {
            line: Some(line),
            reason: "import.unterminated_quote",
        });
    }
    Ok(table)
}

/// Reads the first worksheet as a stream of cells, keeping only the columns whose header is
/// known and stopping as soon as there are too many rows, so that a small but highly compressed
/// workbook cannot make the server hold a huge sheet in memory.
/// `column` names the columns worth reading: cells under any other header are skipped.
fn read_xlsx(
    bytes: &[u8],
    column: fn(&str) -> Option<&'static str>,
    limits: Limits,
) -> Result<Table, ParseError> {
    use calamine::{Data, Reader, Xlsx};
    use std::collections::BTreeMap;
    let bad = || ParseError::Malformed {
        line: None,
        reason: "import.unreadable_xlsx",
    };
    check_unpacked_size(bytes, limits.max_xlsx_unpacked)?;
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| bad())?;
    let Some(first) = workbook.sheet_names().first().cloned() else {
        return Err(ParseError::NoRows);
    };
    let mut cells = workbook.worksheet_cells_reader(&first).map_err(|_| bad())?;
    let mut header: Vec<(u32, String)> = Vec::new();
    // Columns (sheet indices, left to right) whose header names a known column.
    let mut wanted: Option<Vec<u32>> = None;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let known = |header: &[(u32, String)]| -> Vec<u32> {
        header
            .iter()
            .filter(|(_, h)| column(h).is_some())
            .map(|(c, _)| *c)
            .collect()
    };
    while let Some(cell) = cells.next_cell().map_err(|_| bad())? {
        let (row, col) = cell.get_position();
        let text = match Data::from(cell.get_value().clone()) {
            Data::Empty => String::new(),
            Data::String(s) => s,
            // Whole numbers typed into a spreadsheet (a band "7") come back as floats.
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            other => other.to_string(),
        };
        if row == 0 {
            if wanted.is_some() {
                return Err(bad()); // the header arrived after data: not a sheet Excel writes
            }
            header.push((col, text));
            continue;
        }
        let columns = wanted.get_or_insert_with(|| known(&header));
        if columns.is_empty() {
            return Err(ParseError::MissingColumns {
                columns: crate::REQUIRED_COLUMNS
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
                headings: vec![],
            });
        }
        let Some(k) = columns.iter().position(|&c| c == col) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        if !rows.contains_key(&row) && rows.len() == limits.max_rows {
            return Err(ParseError::TooManyRows {
                max: limits.max_rows,
            });
        }
        let width = columns.len();
        rows.entry(row)
            .or_insert_with(|| vec![String::new(); width])[k] = text;
    }
    let columns = wanted.unwrap_or_else(|| known(&header));
    let header_cells: Vec<String> = columns
        .iter()
        .map(|c| {
            header
                .iter()
                .find(|(hc, _)| hc == c)
                .map(|(_, h)| h.clone())
                .unwrap_or_default()
        })
        .collect();
    let mut table: Table = vec![(1, header_cells)];
    table.extend(
        rows.into_iter()
            .map(|(row, cells)| (row as usize + 1, cells)),
    );
    Ok(table)
}

/// Most bytes the parts of an XLSX upload may declare when unpacked. A real HR extract of
/// [`crate::MAX_ROWS`] rows unpacks to a few tens of MiB; a "zip bomb" of a few MiB could
/// otherwise make calamine, which reads the shared-strings part whole, allocate gigabytes.
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;

/// Refuses an archive whose parts declare more than `max` bytes in total, before anything is
/// unpacked. (Declared sizes are what the archive claims; calamine's own row limit and the
/// request body limit bound the rest.)
pub fn check_unpacked_size(bytes: &[u8], max: u64) -> Result<(), ParseError> {
    let bad = || ParseError::Malformed {
        line: None,
        reason: "import.unreadable_xlsx",
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| bad())?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(|_| bad())?;
        total = total.saturating_add(part.size());
    }
    if total > max {
        return Err(ParseError::TooLarge {
            size: usize::try_from(total).unwrap_or(usize::MAX),
            max: usize::try_from(max).unwrap_or(usize::MAX),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_commonest_outside_quotes() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter(b"\"a;b;c\",d\n"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"abc"), b',');
    }

    #[test]
    fn formula_marker_is_removed_once() {
        assert_eq!(unescape_formula("'=1+1".into()), "=1+1");
        assert_eq!(unescape_formula("''=1".into()), "'=1");
        assert_eq!(unescape_formula("'t Hart".into()), "'t Hart");
        assert_eq!(unescape_formula("=1".into()), "=1");
    }
}
