//! `tandem stats paired|independent FILE`: the evaluation statistics (`tandem-stats`, equal to
//! scipy; see docs/evaluation-statistics.md) on a CSV file, for an analyst who wants the figures
//! without the web application.
//!
//! The whole file is read and checked before anything is computed: bad input (a wrong header, text
//! or nothing where a number belongs, too few rows, a third group) exits with status 2 and
//! `FILE:LINE: problem` on stderr. Success prints one JSON object on stdout. Data that leave a
//! statistic undefined (every difference equal, no spread at all) are not bad input: the run
//! succeeds and those figures are `null`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::{Map, Value, json};

/// The two comparisons.
#[derive(Subcommand)]
pub enum StatsCommand {
    /// Before/after for the same people: a CSV with the columns `before,after` (in either order),
    /// one row a person. Paired t test, Wilcoxon signed-rank test, effect sizes (after − before).
    Paired {
        /// The CSV file.
        file: PathBuf,
    },
    /// Cohort against cohort: a CSV with the columns `group,value` and exactly two group labels.
    /// Welch's t test, Mann–Whitney U, Hedges' g; differences are second group − first group, in
    /// the order the labels first appear.
    Independent {
        /// The CSV file.
        file: PathBuf,
    },
}

/// Run a `tandem stats` subcommand; exit 0 with JSON, or 2 naming the file and line.
pub fn run(cmd: StatsCommand) -> ExitCode {
    let (name, result) = match cmd {
        StatsCommand::Paired { file } => ("paired", run_paired(&file)),
        StatsCommand::Independent { file } => ("independent", run_independent(&file)),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("tandem stats {name}: {msg}");
            ExitCode::from(2)
        }
    }
}

/// A problem with the input, already phrased as `FILE:LINE: problem` (or `FILE: problem`).
type Problem = String;

/// The rows of a two-column CSV file with exactly the header `want` (in any order), each value
/// with its line number, in the order of `want`.
struct Rows {
    rows: Vec<(u64, [String; 2])>,
    /// The last line read (the header's, if there are no rows).
    last_line: u64,
}

fn read_two_columns(path: &Path, want: [&str; 2]) -> Result<Rows, Problem> {
    let file = path.display();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| format!("{file}: cannot open: {e}"))?;
    let header = reader
        .headers()
        .map_err(|e| csv_problem(&file.to_string(), &e))?
        .clone();
    let names: Vec<&str> = header.iter().collect();
    let mut index = [0usize; 2];
    for (k, w) in want.iter().enumerate() {
        index[k] = match names.iter().position(|n| n == w) {
            Some(i) => i,
            None => {
                return Err(format!(
                    "{file}:1: the header must be `{},{}` (in either order); found `{}`",
                    want[0],
                    want[1],
                    names.join(",")
                ));
            }
        };
    }
    if names.len() != 2 {
        return Err(format!(
            "{file}:1: the header must be exactly `{},{}` (in either order); found `{}`",
            want[0],
            want[1],
            names.join(",")
        ));
    }
    let mut rows = Vec::new();
    let mut last_line = 1;
    for record in reader.records() {
        let record = record.map_err(|e| csv_problem(&file.to_string(), &e))?;
        let line = record.position().map_or(last_line + 1, |p| p.line());
        last_line = line;
        let value = |k: usize| record.get(index[k]).unwrap_or("").to_owned();
        rows.push((line, [value(0), value(1)]));
    }
    Ok(Rows { rows, last_line })
}

/// A CSV-level error (a row with the wrong number of cells, invalid UTF-8) with its line.
fn csv_problem(file: &str, e: &csv::Error) -> Problem {
    let problem = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} cell(s) where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".to_owned(),
        _ => e.to_string(),
    };
    match e.position() {
        Some(p) => format!("{file}:{}: {problem}", p.line()),
        None => format!("{file}: {problem}"),
    }
}

/// A finite number from a cell, or a problem naming the line and column.
fn number(file: &str, line: u64, column: &str, cell: &str) -> Result<f64, Problem> {
    if cell.is_empty() {
        return Err(format!("{file}:{line}: missing value in column `{column}`"));
    }
    match cell.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!(
            "{file}:{line}: `{cell}` in column `{column}` is not a number"
        )),
    }
}

fn run_paired(path: &Path) -> Result<Value, Problem> {
    let file = path.display().to_string();
    let Rows { rows, last_line } = read_two_columns(path, ["before", "after"])?;
    let mut before = Vec::with_capacity(rows.len());
    let mut after = Vec::with_capacity(rows.len());
    for (line, [b, a]) in &rows {
        before.push(number(&file, *line, "before", b)?);
        after.push(number(&file, *line, "after", a)?);
    }
    if rows.len() < 2 {
        return Err(format!(
            "{file}:{last_line}: {} data row(s); at least 2 are needed",
            rows.len()
        ));
    }
    let result = tandem_stats::paired(&before, &after).map_err(|e| format!("{file}: {e}"))?;
    let mut out = Map::new();
    out.insert("file".into(), json!(file));
    out.insert("test".into(), json!("paired"));
    merge(
        &mut out,
        serde_json::to_value(result).map_err(|e| e.to_string())?,
    );
    Ok(Value::Object(out))
}

fn run_independent(path: &Path) -> Result<Value, Problem> {
    let file = path.display().to_string();
    let Rows { rows, last_line } = read_two_columns(path, ["group", "value"])?;
    let mut labels: Vec<String> = Vec::new();
    let mut values: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for (line, [group, value]) in &rows {
        if group.is_empty() {
            return Err(format!("{file}:{line}: missing value in column `group`"));
        }
        let x = number(&file, *line, "value", value)?;
        let g = match labels.iter().position(|l| l == group) {
            Some(g) => g,
            None if labels.len() < 2 => {
                labels.push(group.clone());
                labels.len() - 1
            }
            None => {
                return Err(format!(
                    "{file}:{line}: a third group `{group}`; exactly two (`{}`, `{}`) are compared",
                    labels[0], labels[1]
                ));
            }
        };
        values[g].push(x);
    }
    if labels.len() < 2 {
        return Err(format!(
            "{file}:{last_line}: {} group(s) found; exactly two are compared",
            labels.len()
        ));
    }
    for (label, vs) in labels.iter().zip(&values) {
        if vs.len() < 2 {
            return Err(format!(
                "{file}:{last_line}: group `{label}` has {} row(s); at least 2 are needed",
                vs.len()
            ));
        }
    }
    let result =
        tandem_stats::independent(&values[0], &values[1]).map_err(|e| format!("{file}: {e}"))?;
    let mut out = Map::new();
    out.insert("file".into(), json!(file));
    out.insert("test".into(), json!("independent"));
    out.insert("group_a".into(), json!(labels[0]));
    out.insert("group_b".into(), json!(labels[1]));
    merge(
        &mut out,
        serde_json::to_value(result).map_err(|e| e.to_string())?,
    );
    Ok(Value::Object(out))
}

/// Append a result's fields to the output object.
fn merge(out: &mut Map<String, Value>, fields: Value) {
    if let Value::Object(fields) = fields {
        out.extend(fields);
    }
}
