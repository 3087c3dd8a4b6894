//! The file contract of `tandem match` (`docs/matching.md`): readers and writers over any
//! `Read` / `Write`, so the binary owns the files and this module is tested in memory.
//!
//! CSV files have a header; columns come in any order and are matched case-insensitively;
//! unknown columns are ignored; UTF-8 with or without a byte-order mark; the separator is `,`
//! unless the header line has more `;` than `,` (Dutch Excel exports). Ids are strings, trimmed.
//! Every error names the file, the line and the problem, because the person reading it is a
//! coordinator holding a spreadsheet export, not a developer.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};

use thiserror::Error;

use crate::assign::Arc;
use crate::groups::{Attribute, SizeBounds};
use crate::stable::{PrefLists, StableProblem};

/// Scores must lie in `[-MAX_SCORE, MAX_SCORE]` (the assignment engine's limit).
pub use crate::assign::MAX_SCORE;

/// Marks a forbidden pair (`x`) in [`DenseScores`]: the assignment engine's `FORBIDDEN`, so the
/// matrix goes to `solve_dense` without a copy.
pub const FORBIDDEN_SCORE: i64 = crate::assign::FORBIDDEN;

/// A problem in an input file: which file, which line (1-based, when known) and what.
#[derive(Debug, Error, PartialEq, Eq)]
pub struct FileError {
    /// The file's name as the user gave it.
    pub file: String,
    /// 1-based line number, when the problem is on one line.
    pub line: Option<u64>,
    /// What is wrong, in words.
    pub problem: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {}: {}", self.file, line, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

fn err(file: &str, line: Option<u64>, problem: impl Into<String>) -> FileError {
    FileError {
        file: file.to_string(),
        line,
        problem: problem.into(),
    }
}

/// A CSV file being read: the reader and the positions of the requested columns.
struct Csv<R: Read> {
    name: String,
    reader: csv::Reader<BufReader<R>>,
    record: csv::ByteRecord,
    line: u64,
}

impl<R: Read> Csv<R> {
    /// Open `r`, detect the separator, strip a BOM and locate `columns` (all required).
    fn open(
        r: R,
        name: &str,
        columns: &[&str],
    ) -> Result<(Self, Vec<usize>, Vec<String>), FileError> {
        let mut buf = BufReader::with_capacity(1 << 16, r);
        let head = buf
            .fill_buf()
            .map_err(|e| err(name, None, format!("cannot read: {e}")))?;
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        let head = if bom { &head[3..] } else { head };
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let commas = first_line.iter().filter(|&&b| b == b',').count();
        let semis = first_line.iter().filter(|&&b| b == b';').count();
        let sep = if semis > commas { b';' } else { b',' };
        if bom {
            buf.consume(3);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(true)
            .from_reader(buf);
        let header = reader
            .byte_headers()
            .map_err(|e| csv_error(name, e))?
            .clone();
        let header: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        if header.iter().all(|h| h.is_empty()) {
            return Err(err(
                name,
                Some(1),
                format!(
                    "the file is empty; expected a header with the columns {}",
                    columns.join(", ")
                ),
            ));
        }
        let mut idx = Vec::with_capacity(columns.len());
        for &col in columns {
            let found: Vec<usize> = header
                .iter()
                .enumerate()
                .filter(|(_, h)| h.eq_ignore_ascii_case(col))
                .map(|(k, _)| k)
                .collect();
            match found.as_slice() {
                [k] => idx.push(*k),
                [] => {
                    return Err(err(
                        name,
                        Some(1),
                        format!(
                            "missing column '{col}' (the header has: {})",
                            header.join(", ")
                        ),
                    ));
                }
                _ => {
                    return Err(err(
                        name,
                        Some(1),
                        format!("column '{col}' appears more than once"),
                    ));
                }
            }
        }
        Ok((
            Self {
                name: name.to_string(),
                reader,
                record: csv::ByteRecord::new(),
                line: 1,
            },
            idx,
            header,
        ))
    }

    /// Read the next row; `false` at the end.
    fn next(&mut self) -> Result<bool, FileError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(more) => {
                if more {
                    self.line = self.record.position().map_or(self.line + 1, |p| p.line());
                }
                Ok(more)
            }
            Err(e) => Err(csv_error(&self.name, e)),
        }
    }

    /// Field `k` of the current row as trimmed UTF-8.
    fn field(&self, k: usize) -> Result<&str, FileError> {
        let raw = self.record.get(k).unwrap_or(b"");
        std::str::from_utf8(raw)
            .map(str::trim)
            .map_err(|_| self.error("the row is not valid UTF-8"))
    }

    /// A non-empty id in field `k`.
    fn id(&self, k: usize, what: &str) -> Result<&str, FileError> {
        let v = self.field(k)?;
        if v.is_empty() {
            return Err(self.error(format!("empty {what}")));
        }
        Ok(v)
    }

    fn error(&self, problem: impl Into<String>) -> FileError {
        err(&self.name, Some(self.line), problem)
    }
}

fn csv_error(name: &str, e: csv::Error) -> FileError {
    let line = e.position().map(|p| p.line());
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => err(
            name,
            line,
            format!("expected {expected_len} fields like the header, found {len}"),
        ),
        csv::ErrorKind::Utf8 { .. } => err(name, line, "not valid UTF-8"),
        csv::ErrorKind::Io(io) => err(name, line, format!("cannot read: {io}")),
        _ => err(name, line, e.to_string()),
    }
}

/// Parse an integer field, naming the field in the error.
fn parse_int(csv: &Csv<impl Read>, text: &str, what: &str) -> Result<i64, FileError> {
    text.parse::<i64>()
        .map_err(|_| csv.error(format!("{what} '{text}' is not an integer")))
}

fn parse_score(csv: &Csv<impl Read>, text: &str) -> Result<i64, FileError> {
    let v = parse_int(csv, text, "score")?;
    if !(-MAX_SCORE..=MAX_SCORE).contains(&v) {
        return Err(csv.error(format!(
            "score {v} is outside the allowed range [-10^12, 10^12]"
        )));
    }
    Ok(v)
}

/// Ids in file order with an index for lookups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids {
    ids: Vec<String>,
    index: HashMap<String, u32>,
}

impl Ids {
    /// The ids in order.
    pub fn as_slice(&self) -> &[String] {
        &self.ids
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Index of `id`.
    pub fn get(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    /// Id at `k`.
    pub fn id(&self, k: usize) -> &str {
        &self.ids[k]
    }

    /// Add a new id; `Err(index)` if it is already there.
    fn insert(&mut self, id: &str) -> Result<u32, u32> {
        match self.index.entry(id.to_string()) {
            Entry::Occupied(e) => Err(*e.get()),
            Entry::Vacant(e) => {
                let k = self.ids.len() as u32;
                e.insert(k);
                self.ids.push(id.to_string());
                Ok(k)
            }
        }
    }

    /// Index of `id`, adding it if new.
    fn intern(&mut self, id: &str) -> u32 {
        self.insert(id).unwrap_or_else(|k| k)
    }
}

/// Read a list of ids (`mentees.csv`: column `id`). Duplicates are an error.
pub fn read_ids(r: impl Read, name: &str) -> Result<Ids, FileError> {
    let (mut csv, idx, _) = Csv::open(r, name, &["id"])?;
    let mut ids = Ids::default();
    let mut lines = Vec::new();
    while csv.next()? {
        let id = csv.id(idx[0], "id")?;
        if let Err(k) = ids.insert(id) {
            return Err(csv.error(format!(
                "duplicate row: id '{id}' already appears on line {}",
                lines[k as usize]
            )));
        }
        lines.push(csv.line);
    }
    Ok(ids)
}

/// Mentors and their capacities (`mentors.csv`: `id,capacity`, optionally `min_capacity`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentors {
    /// Mentor ids in file order.
    pub ids: Ids,
    /// Capacity of each mentor (≥ 0).
    pub capacities: Vec<u32>,
    /// Minimum load of each mentor (`0 ≤ min ≤ capacity`); all 0 when the column is absent.
    pub min_capacities: Vec<u32>,
}

/// Read `mentors.csv`. The optional `min_capacity` column must hold an integer between 0 and
/// the row's capacity; an empty cell means 0.
pub fn read_mentors(r: impl Read, name: &str) -> Result<Mentors, FileError> {
    let (mut csv, idx, header) = Csv::open(r, name, &["id", "capacity"])?;
    let min_col = optional_column(name, &header, "min_capacity")?;
    let mut ids = Ids::default();
    let mut capacities = Vec::new();
    let mut min_capacities = Vec::new();
    let mut lines = Vec::new();
    while csv.next()? {
        let id = csv.id(idx[0], "id")?.to_string();
        let text = csv.field(idx[1])?;
        let cap = parse_int(&csv, text, "capacity")?;
        if cap < 0 {
            return Err(csv.error(format!("negative capacity {cap} for mentor '{id}'")));
        }
        let cap = u32::try_from(cap)
            .map_err(|_| csv.error(format!("capacity {cap} for mentor '{id}' is too large")))?;
        let min = match min_col {
            Some(k) => {
                let text = csv.field(k)?;
                if text.is_empty() {
                    0
                } else {
                    let min = parse_int(&csv, text, "min_capacity")?;
                    if min < 0 {
                        return Err(
                            csv.error(format!("negative min_capacity {min} for mentor '{id}'"))
                        );
                    }
                    if min > i64::from(cap) {
                        return Err(csv.error(format!(
                            "min_capacity {min} for mentor '{id}' is above their capacity {cap}"
                        )));
                    }
                    min as u32
                }
            }
            None => 0,
        };
        if let Err(k) = ids.insert(&id) {
            return Err(csv.error(format!(
                "duplicate row: mentor '{id}' already appears on line {}",
                lines[k as usize]
            )));
        }
        lines.push(csv.line);
        capacities.push(cap);
        min_capacities.push(min);
    }
    Ok(Mentors {
        ids,
        capacities,
        min_capacities,
    })
}

/// Position of an optional column in the header, refusing it twice.
fn optional_column(name: &str, header: &[String], col: &str) -> Result<Option<usize>, FileError> {
    let found: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.eq_ignore_ascii_case(col))
        .map(|(k, _)| k)
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [k] => Ok(Some(*k)),
        _ => Err(err(
            name,
            Some(1),
            format!("column '{col}' appears more than once"),
        )),
    }
}

/// Read `arcs.csv` (`mentee,mentor,score`) against known mentees and mentors, as the
/// assignment engine's arcs.
pub fn read_arcs(
    r: impl Read,
    name: &str,
    mentees: &Ids,
    mentors: &Ids,
) -> Result<Vec<Arc>, FileError> {
    let (mut csv, idx, _) = Csv::open(r, name, &["mentee", "mentor", "score"])?;
    let mut arcs = Vec::new();
    let mut lines = Vec::new();
    while csv.next()? {
        let me = csv.id(idx[0], "mentee id")?;
        let mentee = mentees
            .get(me)
            .ok_or_else(|| csv.error(format!("unknown mentee id '{me}'")))?;
        let mo = csv.id(idx[1], "mentor id")?;
        let mentor = mentors
            .get(mo)
            .ok_or_else(|| csv.error(format!("unknown mentor id '{mo}'")))?;
        let score = parse_score(&csv, csv.field(idx[2])?)?;
        arcs.push(Arc {
            mentee,
            mentor,
            score,
        });
        lines.push(csv.line);
    }
    // Duplicates: sort row numbers by pair, compare neighbours.
    let mut order: Vec<u32> = (0..arcs.len() as u32).collect();
    order.sort_unstable_by_key(|&k| (arcs[k as usize].mentee, arcs[k as usize].mentor, k));
    for w in order.windows(2) {
        let (a, b) = (&arcs[w[0] as usize], &arcs[w[1] as usize]);
        if a.mentee == b.mentee && a.mentor == b.mentor {
            return Err(err(
                name,
                Some(lines[w[1] as usize]),
                format!(
                    "duplicate row: the pair ({}, {}) already appears on line {}",
                    mentees.id(a.mentee as usize),
                    mentors.id(a.mentor as usize),
                    lines[w[0] as usize]
                ),
            ));
        }
    }
    Ok(arcs)
}

/// A dense score matrix (`scores.txt`), row-major, [`FORBIDDEN_SCORE`] for `x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenseScores {
    /// Mentees (rows).
    pub rows: usize,
    /// Mentors (columns).
    pub cols: usize,
    /// `rows * cols` scores.
    pub scores: Vec<i64>,
}

/// Read `scores.txt`: `n m`, then `n` lines of `m` integers or `x`. Blank lines are skipped.
pub fn read_dense_scores(mut r: impl Read, name: &str) -> Result<DenseScores, FileError> {
    let mut data = Vec::new();
    r.read_to_end(&mut data)
        .map_err(|e| err(name, None, format!("cannot read: {e}")))?;
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
    let mut lines = data
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(k, l)| (k as u64 + 1, l))
        .filter(|(_, l)| l.iter().any(|b| !b.is_ascii_whitespace()));
    let Some((hline, header)) = lines.next() else {
        return Err(err(
            name,
            Some(1),
            "the file is empty; expected a first line 'n m'",
        ));
    };
    let head: Vec<&[u8]> = tokens(header).collect();
    let dims: Vec<usize> = head
        .iter()
        .map(|t| std::str::from_utf8(t).ok().and_then(|s| s.parse().ok()))
        .collect::<Option<_>>()
        .filter(|v: &Vec<usize>| v.len() == 2)
        .ok_or_else(|| {
            err(
                name,
                Some(hline),
                "the first line must be two non-negative integers 'n m'",
            )
        })?;
    let (rows, cols) = (dims[0], dims[1]);
    let cells = rows
        .checked_mul(cols)
        .filter(|&c| c <= 1 << 31)
        .ok_or_else(|| err(name, Some(hline), format!("{rows} x {cols} is too large")))?;
    let mut scores = Vec::with_capacity(cells);
    let mut row = 0;
    for (line, text) in lines {
        if row == rows {
            return Err(err(
                name,
                Some(line),
                format!("more than the {rows} score lines announced on the first line"),
            ));
        }
        let before = scores.len();
        for tok in tokens(text) {
            if scores.len() - before == cols {
                return Err(err(
                    name,
                    Some(line),
                    format!("more than {cols} scores on this line"),
                ));
            }
            scores.push(parse_dense_token(tok).map_err(|p| err(name, Some(line), p))?);
        }
        let found = scores.len() - before;
        if found != cols {
            return Err(err(
                name,
                Some(line),
                format!("expected {cols} scores, found {found}"),
            ));
        }
        row += 1;
    }
    if row != rows {
        return Err(err(
            name,
            None,
            format!("expected {rows} score lines after the first line, found {row}"),
        ));
    }
    Ok(DenseScores { rows, cols, scores })
}

fn tokens(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
}

/// `x` or an integer in range, without going through `str` (25 million of these at n = 5000).
fn parse_dense_token(tok: &[u8]) -> Result<i64, String> {
    if tok == b"x" || tok == b"X" {
        return Ok(FORBIDDEN_SCORE);
    }
    let (neg, digits) = match tok {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, tok),
    };
    let bad = || {
        format!(
            "score '{}' is not an integer or 'x'",
            String::from_utf8_lossy(tok)
        )
    };
    if digits.is_empty() || digits.len() > 19 {
        return Err(bad());
    }
    let mut v: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return Err(bad());
        }
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add((d - b'0') as i64))
            .ok_or_else(bad)?;
    }
    let v = if neg { -v } else { v };
    if !(-MAX_SCORE..=MAX_SCORE).contains(&v) {
        return Err(format!(
            "score {v} is outside the allowed range [-10^12, 10^12]"
        ));
    }
    Ok(v)
}

/// A stable-matching instance read from files, with the ids for the output.
#[derive(Debug, Clone)]
pub struct StableInput {
    /// Mentee ids: those in the mentee preferences in order of first appearance, then those only
    /// mentors list (they rank no one, so they stay unmatched but are still reported).
    pub mentees: Ids,
    /// Mentor ids (from `mentors.csv`).
    pub mentors: Ids,
    /// The validated instance.
    pub problem: StableProblem,
}

struct PrefRow {
    person: u32,
    other: u32,
    rank: i64,
    line: u64,
}

/// Read the preference files of `tandem match stable` against `mentors`.
pub fn read_stable(
    mentors: &Mentors,
    mentee_prefs: impl Read,
    mentee_prefs_name: &str,
    mentor_prefs: impl Read,
    mentor_prefs_name: &str,
) -> Result<StableInput, FileError> {
    let mut mentees = Ids::default();
    let rows = read_pref_rows(
        mentee_prefs,
        mentee_prefs_name,
        ["mentee", "mentor"],
        |csv, me, mo| {
            let mentor = mentors.ids.get(mo).ok_or_else(|| {
                csv.error(format!(
                    "unknown mentor id '{mo}' (not in the mentors file)"
                ))
            })?;
            Ok((mentees.intern(me), mentor))
        },
    )?;
    let mentor_rows = read_pref_rows(
        mentor_prefs,
        mentor_prefs_name,
        ["mentor", "mentee"],
        |csv, mo, me| {
            let mentor = mentors.ids.get(mo).ok_or_else(|| {
                csv.error(format!(
                    "unknown mentor id '{mo}' (not in the mentors file)"
                ))
            })?;
            Ok((mentor, mentees.intern(me)))
        },
    )?;
    let n = mentees.len();
    let m = mentors.ids.len();
    let mentee_lists = build_lists(rows, n, mentee_prefs_name, "mentee", &mentees, &mentors.ids)?;
    let mentor_lists = build_lists(
        mentor_rows,
        m,
        mentor_prefs_name,
        "mentor",
        &mentors.ids,
        &mentees,
    )?;
    let problem = StableProblem::new(mentors.capacities.clone(), mentee_lists, mentor_lists)
        .map_err(|e| err(mentee_prefs_name, None, e.to_string()))?;
    Ok(StableInput {
        mentees,
        mentors: mentors.ids.clone(),
        problem,
    })
}

fn read_pref_rows<R: Read>(
    r: R,
    name: &str,
    cols: [&str; 2],
    mut resolve: impl FnMut(&Csv<R>, &str, &str) -> Result<(u32, u32), FileError>,
) -> Result<Vec<PrefRow>, FileError> {
    let (mut csv, idx, _) = Csv::open(r, name, &[cols[0], cols[1], "rank"])?;
    // Built once: a preference file has tens of millions of rows, and the reading loop must not
    // allocate per row.
    let (what_a, what_b) = (format!("{} id", cols[0]), format!("{} id", cols[1]));
    let mut rows = Vec::new();
    while csv.next()? {
        let a = csv.id(idx[0], &what_a)?;
        let b = csv.id(idx[1], &what_b)?;
        let rank = parse_int(&csv, csv.field(idx[2])?, "rank")?;
        if rank < 1 {
            return Err(csv.error(format!(
                "rank {rank} is not a positive integer (1 is the first choice)"
            )));
        }
        let (person, other) = resolve(&csv, a, b)?;
        rows.push(PrefRow {
            person,
            other,
            rank,
            line: csv.line,
        });
    }
    Ok(rows)
}

/// Group rows by person, order by rank, and reject repeated pairs and repeated ranks.
fn build_lists(
    mut rows: Vec<PrefRow>,
    people: usize,
    name: &str,
    side: &str,
    ids: &Ids,
    other_ids: &Ids,
) -> Result<PrefLists, FileError> {
    rows.sort_unstable_by_key(|r| (r.person, r.other, r.line));
    for w in rows.windows(2) {
        if w[0].person == w[1].person && w[0].other == w[1].other {
            return Err(err(
                name,
                Some(w[1].line),
                format!(
                    "duplicate row: {side} '{}' already lists '{}' on line {}",
                    ids.id(w[0].person as usize),
                    other_ids.id(w[0].other as usize),
                    w[0].line
                ),
            ));
        }
    }
    rows.sort_unstable_by_key(|r| (r.person, r.rank, r.line));
    for w in rows.windows(2) {
        if w[0].person == w[1].person && w[0].rank == w[1].rank {
            return Err(err(
                name,
                Some(w[1].line),
                format!(
                    "ranks are not distinct: {side} '{}' gives rank {} on line {} and again here",
                    ids.id(w[0].person as usize),
                    w[0].rank,
                    w[0].line
                ),
            ));
        }
    }
    let mut lists = PrefLists::with_capacity(people, rows.len());
    let mut k = 0;
    for person in 0..people as u32 {
        while k < rows.len() && rows[k].person == person {
            lists.push_item(rows[k].other);
            k += 1;
        }
        lists.end_list();
    }
    Ok(lists)
}

/// People and their categorical attributes (`people.csv`: `id` plus attribute columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct People {
    /// Person ids in file order.
    pub ids: Ids,
    /// One attribute per non-`id` column, weight 1, levels numbered by first appearance.
    pub attributes: Vec<Attribute>,
}

/// Read `people.csv`. Every column other than `id` is an attribute; an empty cell is a level of
/// its own (the value ""), so people with no value recorded count as alike.
pub fn read_people(r: impl Read, name: &str) -> Result<People, FileError> {
    let (mut csv, idx, header) = Csv::open(r, name, &["id"])?;
    let id_col = idx[0];
    let attr_cols: Vec<usize> = (0..header.len()).filter(|&k| k != id_col).collect();
    for (k, &c) in attr_cols.iter().enumerate() {
        if header[c].is_empty() {
            return Err(err(name, Some(1), format!("column {} has no name", c + 1)));
        }
        if attr_cols[..k]
            .iter()
            .any(|&o| header[o].eq_ignore_ascii_case(&header[c]))
        {
            return Err(err(
                name,
                Some(1),
                format!("column '{}' appears more than once", header[c]),
            ));
        }
    }
    let mut ids = Ids::default();
    let mut lines = Vec::new();
    let mut levels: Vec<HashMap<String, u32>> = vec![HashMap::new(); attr_cols.len()];
    let mut level_of: Vec<Vec<u32>> = vec![Vec::new(); attr_cols.len()];
    while csv.next()? {
        let id = csv.id(id_col, "id")?;
        if let Err(k) = ids.insert(id) {
            return Err(csv.error(format!(
                "duplicate row: id '{id}' already appears on line {}",
                lines[k as usize]
            )));
        }
        lines.push(csv.line);
        for (a, &c) in attr_cols.iter().enumerate() {
            let v = csv.field(c)?;
            let next = levels[a].len() as u32;
            let l = *levels[a].entry(v.to_string()).or_insert(next);
            level_of[a].push(l);
        }
    }
    let attributes = attr_cols
        .iter()
        .zip(level_of)
        .map(|(&c, level_of)| Attribute {
            name: header[c].clone(),
            weight: 1,
            level_of,
        })
        .collect();
    Ok(People { ids, attributes })
}

/// Read `apart.csv` (`a,b`) against known people; pairs are returned with the smaller index
/// first. A person paired with themselves and a pair given twice (in either order) are errors.
pub fn read_apart(r: impl Read, name: &str, people: &Ids) -> Result<Vec<(u32, u32)>, FileError> {
    let (mut csv, idx, _) = Csv::open(r, name, &["a", "b"])?;
    let mut seen: HashMap<(u32, u32), u64> = HashMap::new();
    let mut out = Vec::new();
    while csv.next()? {
        let mut pair = [0u32; 2];
        for (k, &c) in idx.iter().enumerate() {
            let id = csv.id(c, "id")?;
            pair[k] = people
                .get(id)
                .ok_or_else(|| csv.error(format!("unknown id '{id}' (not in the people file)")))?;
        }
        if pair[0] == pair[1] {
            return Err(csv.error(format!(
                "'{}' cannot be kept apart from themselves",
                people.id(pair[0] as usize)
            )));
        }
        let key = (pair[0].min(pair[1]), pair[0].max(pair[1]));
        if let Some(first) = seen.insert(key, csv.line) {
            return Err(csv.error(format!(
                "duplicate row: the same pair already appears on line {first}"
            )));
        }
        out.push(key);
    }
    Ok(out)
}

/// An MDGPLIB instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Mdgp {
    /// Number of elements.
    pub people: usize,
    /// `true` for "ss" (equal sizes), `false` for "ds".
    pub equal_sizes: bool,
    /// Size bounds of each group.
    pub sizes: SizeBounds,
    /// `(i, j, d_ij)` for each listed pair; absent pairs have distance 0.
    pub pairs: Vec<(u32, u32, f64)>,
}

/// Whitespace-separated tokens with their line numbers.
struct Tokens<'a> {
    name: &'a str,
    inner: Box<dyn Iterator<Item = (u64, &'a str)> + 'a>,
    last_line: u64,
}

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<(u64, &'a str)> {
        let t = self.inner.next()?;
        self.last_line = t.0;
        Some(t)
    }

    fn expect(&mut self, what: &str) -> Result<(u64, &'a str), FileError> {
        self.next().ok_or_else(|| {
            err(
                self.name,
                Some(self.last_line),
                format!("the file ends where {what} was expected"),
            )
        })
    }

    fn uint(&mut self, what: &str) -> Result<(u64, usize), FileError> {
        let (line, t) = self.expect(what)?;
        t.parse::<usize>().map(|v| (line, v)).map_err(|_| {
            err(
                self.name,
                Some(line),
                format!("{what} '{t}' is not a non-negative integer"),
            )
        })
    }
}

/// Read an MDGPLIB text instance: `M G ss|ds a_1 b_1 … a_G b_G`, then `i j d_ij` per pair
/// (0-based). The header may wrap across lines; each pair is on one line; every error names the
/// line of the offending token.
pub fn read_mdgp(mut r: impl Read, name: &str) -> Result<Mdgp, FileError> {
    let mut text = String::new();
    r.read_to_string(&mut text)
        .map_err(|e| err(name, None, format!("cannot read (is it UTF-8 text?): {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut toks = Tokens {
        name,
        inner: Box::new(
            text.lines()
                .enumerate()
                .flat_map(|(k, l)| l.split_whitespace().map(move |t| (k as u64 + 1, t))),
        ),
        last_line: 1,
    };
    let (mline, people) = toks.uint("the number of elements M")?;
    if people < 2 {
        return Err(err(
            name,
            Some(mline),
            format!("{people} elements: at least 2 are needed"),
        ));
    }
    let (gline, groups) = toks.uint("the number of groups G")?;
    if groups == 0 {
        return Err(err(
            name,
            Some(gline),
            "the number of groups G must be at least 1",
        ));
    }
    let (tline, kind) = toks.expect("'ss' or 'ds'")?;
    let equal_sizes = if kind.eq_ignore_ascii_case("ss") {
        true
    } else if kind.eq_ignore_ascii_case("ds") {
        false
    } else {
        return Err(err(
            name,
            Some(tline),
            format!("expected 'ss' or 'ds', found '{kind}'"),
        ));
    };
    let mut lo = Vec::with_capacity(groups);
    let mut hi = Vec::with_capacity(groups);
    for g in 0..groups {
        let (la, a) = toks.uint(&format!("the lower size bound of group {g}"))?;
        let (lb, b) = toks.uint(&format!("the upper size bound of group {g}"))?;
        if a > b || b == 0 || b > u32::MAX as usize {
            return Err(err(
                name,
                Some(lb.max(la)),
                format!("group {g} has size bounds [{a}, {b}]"),
            ));
        }
        lo.push(a as u32);
        hi.push(b as u32);
    }
    let sizes = SizeBounds::per_group(lo, hi).map_err(|e| err(name, Some(tline), e.to_string()))?;
    sizes
        .check(people)
        .map_err(|e| err(name, Some(mline), e.to_string()))?;
    let mut pairs = Vec::new();
    let mut seen: HashMap<(u32, u32), u64> = HashMap::new();
    while let Some((line, ti)) = toks.next() {
        let index = |t: &str| -> Result<u32, FileError> {
            t.parse::<u32>()
                .ok()
                .filter(|&v| (v as usize) < people)
                .ok_or_else(|| {
                    err(
                        name,
                        Some(line),
                        format!("'{t}' is not an element index in 0..{people}"),
                    )
                })
        };
        let incomplete = || err(name, Some(line), "incomplete pair line: expected 'i j d'");
        let (lj, tj) = toks.next().ok_or_else(incomplete)?;
        let (ld, td) = toks.next().ok_or_else(incomplete)?;
        if lj != line || ld != line {
            return Err(incomplete());
        }
        let (i, j) = (index(ti)?, index(tj)?);
        let d: f64 = td
            .parse()
            .ok()
            .filter(|d: &f64| d.is_finite())
            .ok_or_else(|| {
                err(
                    name,
                    Some(line),
                    format!("distance '{td}' is not a finite number"),
                )
            })?;
        if i == j {
            return Err(err(
                name,
                Some(line),
                format!("pair ({i}, {j}) joins an element to itself"),
            ));
        }
        if let Some(first) = seen.insert((i.min(j), i.max(j)), line) {
            return Err(err(
                name,
                Some(line),
                format!("duplicate row: the pair ({i}, {j}) already appears on line {first}"),
            ));
        }
        pairs.push((i, j, d));
    }
    Ok(Mdgp {
        people,
        equal_sizes,
        sizes,
        pairs,
    })
}

/// Write `matches.csv`: `mentee,mentor` for every mentee, mentor empty when unassigned.
pub fn write_matches<S: AsRef<str>, T: AsRef<str>>(
    w: impl Write,
    mentee_ids: &[S],
    mentor_ids: &[T],
    mentor_of: &[Option<u32>],
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["mentee", "mentor"])?;
    for (i, m) in mentor_of.iter().enumerate() {
        let mentor = m.map_or("", |j| mentor_ids[j as usize].as_ref());
        out.write_record([mentee_ids[i].as_ref(), mentor])?;
    }
    out.flush()
}

/// Write `groups.csv`: `id,group` (0-based) for every person.
pub fn write_groups<S: AsRef<str>>(
    w: impl Write,
    ids: &[S],
    group_of: &[u32],
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["id", "group"])?;
    for (id, &g) in ids.iter().zip(group_of) {
        out.write_record([id.as_ref(), g.to_string().as_str()])?;
    }
    out.flush()
}
