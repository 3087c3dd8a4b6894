//! Conversions between domain values and the portable column encodings.

use crate::error::{StoreError, corrupt};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::str::FromStr;

/// Fixed-width RFC 3339 in UTC with nanoseconds (`2025-01-31T09:00:00.000000000Z`): the same
/// width for every instant, so comparing the text compares the times on both backends, and the
/// value reads back exactly.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

pub(crate) fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt(format!("timestamp {s:?}")))
}

pub(crate) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt(format!("date {s:?}")))
}

/// The key used for case-insensitive uniqueness, lookup and ordering (full Unicode lower case;
/// SQLite's `LOWER` would only fold ASCII).
pub(crate) fn key(s: &str) -> String {
    s.to_lowercase()
}

/// Escapes `%`, `_` and `\` so user text matches literally inside `LIKE … ESCAPE '\'`.
pub(crate) fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Reads a text column.
pub(crate) fn text(row: &AnyRow, col: &str) -> Result<String, StoreError> {
    row.try_get::<String, _>(col).map_err(crate::error::db)
}

pub(crate) fn opt_text(row: &AnyRow, col: &str) -> Result<Option<String>, StoreError> {
    row.try_get::<Option<String>, _>(col)
        .map_err(crate::error::db)
}

pub(crate) fn int(row: &AnyRow, col: &str) -> Result<i64, StoreError> {
    row.try_get::<i64, _>(col).map_err(crate::error::db)
}

pub(crate) fn boolean(row: &AnyRow, col: &str) -> Result<bool, StoreError> {
    Ok(int(row, col)? != 0)
}

/// Reads an id (or anything else parsed from text).
pub(crate) fn parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    let s = text(row, col)?;
    s.parse().map_err(|_| corrupt(format!("{col} {s:?}")))
}

pub(crate) fn opt_parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<Option<T>, StoreError> {
    match opt_text(row, col)? {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| corrupt(format!("{col} {s:?}"))),
    }
}

/// Reads a coded enum with its `from_code`.
pub(crate) fn coded<T>(
    row: &AnyRow,
    col: &str,
    from_code: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    let s = text(row, col)?;
    from_code(&s).ok_or_else(|| corrupt(format!("{col} {s:?}")))
}

pub(crate) fn u32_from(v: i64, what: &str) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| corrupt(format!("{what} {v}")))
}

/// Clamps a `u64` to the `i64` a BIGINT parameter takes.
pub(crate) fn i64_from(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_are_fixed_width_and_round_trip() {
        let a = Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap();
        let b = a + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(ts(a).len(), ts(b).len());
        assert!(ts(a) < ts(b));
        assert_eq!(parse_ts(&ts(b)).unwrap(), b);
        assert_eq!(ts(a), "2025-01-02T03:04:05.000000000Z");
    }

    #[test]
    fn like_escape_escapes_wildcards() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(like_escape("plain"), "plain");
    }
}
