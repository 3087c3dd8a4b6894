//! The one text rule: what free text, dates, times and numbers Tandem accepts, wherever they come
//! from (web forms, the JSON API, CSV/XLSX imports, the command line).
//!
//! Before this module each form and importer had its own idea of "clean text", so NUL and line
//! breaks were refused in a name but kept in a session note or a workshop place, and direction
//! overrides were shown raw. Every front end now goes through these functions, so a value refused
//! in one place is refused everywhere, with the same translation key (see docs/input-rules.md).
//!
//! - A **line** (names, titles, places, codes) is one line: no control character at all (C0, C1,
//!   DEL, so no CR or LF, no tab) and no Unicode line or paragraph separator.
//! - A **block** (notes, descriptions, reflections) may hold line breaks: CRLF and a lone CR become
//!   `\n`, as do U+2028/U+2029; tab is kept (pasted tables and lists use it); every other control
//!   character is refused.
//! - Both are trimmed and NFC-normalised (so "é" typed as `e` + combining accent and as one
//!   character is the same text, in storage and in searches), and both refuse the bidirectional
//!   embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069), which can make a
//!   name or a note display as something other than what it is. Plain direction *marks* (U+200E,
//!   U+200F) stay allowed: right-to-left names need them and they cannot reorder other text.
//! - Length is counted in characters after normalisation, and over-long text is refused, never cut.

use crate::field_errors::ValidationErrors;
use chrono::{NaiveDate, NaiveTime};
use unicode_normalization::UnicodeNormalization;

/// Longest one-line text in general (names, titles, job titles, places).
pub const LINE_MAX: usize = 200;
/// Longest block of text in general (notes, descriptions); fields may set a lower limit.
pub const BLOCK_MAX: usize = 10_000;

/// Earliest date accepted anywhere: no person, session or programme of a mentoring scheme is
/// older, and a year such as 0000 or −001 is always a typing or conversion error.
pub const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date");
/// Latest date accepted anywhere: far enough for any plan, near enough that 9999 (a common
/// "no end" placeholder in HR extracts) is refused rather than booked.
pub const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a real date");

/// Whether a field is one line or may hold line breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Line,
    Block,
}

/// Why a text was refused. [`TextError::key`] is its translation key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("a value is required")]
    Required,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("contains control characters")]
    Control,
    #[error("contains bidirectional override characters")]
    Bidi,
}

impl TextError {
    /// The translation key. `TooLong` takes a `{max}` parameter ([`TextError::record`] adds it).
    pub fn key(self) -> &'static str {
        match self {
            TextError::Required => "error.required",
            TextError::TooLong { .. } => "error.too_long_n",
            TextError::Control => "error.control_characters",
            TextError::Bidi => "error.text.bidi",
        }
    }

    /// Adds this error to `errors` under `field`, with its parameters.
    pub fn record(self, errors: &mut ValidationErrors, field: &str) {
        match self {
            TextError::TooLong { max } => {
                errors.add_with(field, self.key(), &[("max", &max.to_string())])
            }
            _ => errors.add(field, self.key()),
        }
    }
}

/// The embedding, override and isolate characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` may never appear in an accepted text of this shape (after line ends are
/// normalised: a block keeps `\n` and `\t` only).
pub fn is_forbidden(c: char, shape: Shape) -> bool {
    if is_bidi_control(c) {
        return true;
    }
    match shape {
        Shape::Line => c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'),
        Shape::Block => c.is_control() && !matches!(c, '\n' | '\t'),
    }
}

/// The normalised form of a text, without checking it: line ends (blocks), NFC, trimmed. For
/// code that builds a record first and checks it with [`clean`]'s rules afterwards; checking the
/// normalised text gives the same answer as checking the raw one.
pub fn normalise(raw: &str, shape: Shape) -> String {
    let text: String = match shape {
        Shape::Line => raw.nfc().collect(),
        Shape::Block => raw
            .replace("\r\n", "\n")
            .chars()
            .map(|c| match c {
                '\r' | '\u{2028}' | '\u{2029}' => '\n',
                c => c,
            })
            .nfc()
            .collect(),
    };
    text.trim().to_string()
}

/// Normalises and checks one text: line ends (blocks), NFC, trimmed; then refused if it holds a
/// forbidden character or more than `max` characters. Empty is allowed (see [`required`]).
pub fn clean(raw: &str, shape: Shape, max: usize) -> Result<String, TextError> {
    // Bounded work: a text far over any limit is refused before it is normalised. NFC never
    // shrinks text by more than a few characters per character, so 4 bytes a character is safe.
    if raw.len() > max.saturating_mul(4).saturating_add(1024) {
        return Err(TextError::TooLong { max });
    }
    let text = normalise(raw, shape);
    let text = text.as_str();
    if text.chars().any(is_bidi_control) {
        return Err(TextError::Bidi);
    }
    if text.chars().any(|c| is_forbidden(c, shape)) {
        return Err(TextError::Control);
    }
    if text.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    Ok(text.to_string())
}

/// A one-line text, possibly empty.
pub fn line(raw: &str, max: usize) -> Result<String, TextError> {
    clean(raw, Shape::Line, max)
}

/// A block of text (line breaks allowed), possibly empty.
pub fn block(raw: &str, max: usize) -> Result<String, TextError> {
    clean(raw, Shape::Block, max)
}

/// As [`clean`], refusing an empty result.
pub fn required(raw: &str, shape: Shape, max: usize) -> Result<String, TextError> {
    let t = clean(raw, shape, max)?;
    if t.is_empty() {
        return Err(TextError::Required);
    }
    Ok(t)
}

/// Checks a text field and records its error: the cleaned text, or `None` with the error added.
pub fn check(
    errors: &mut ValidationErrors,
    field: &str,
    raw: &str,
    shape: Shape,
    max: usize,
) -> Option<String> {
    clean(raw, shape, max)
        .map_err(|k| k.record(errors, field))
        .ok()
}

/// A search term under the rule: `Ok(None)` for none, else NFC, trimmed and cut to `max`
/// characters (a search is never refused for its length). A term holding a character no accepted
/// text may contain is an error: it can match nothing, and must never reach the database (NUL is
/// an error there, not a character).
pub fn search_term(raw: Option<&str>, max: usize) -> Result<Option<String>, TextError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    // Bounded work: only the start of an enormous term is looked at.
    let mut end = raw.len().min(max.saturating_mul(4).saturating_add(64));
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let t = normalise(&raw[..end], Shape::Line);
    if t.chars().any(is_bidi_control) {
        return Err(TextError::Bidi);
    }
    if t.chars().any(|c| is_forbidden(c, Shape::Line)) {
        return Err(TextError::Control);
    }
    let t: String = t.chars().take(max).collect();
    Ok((!t.is_empty()).then_some(t))
}

/// Checks a form's only text field: the cleaned text, or the field's error.
pub fn field(field: &str, raw: &str, shape: Shape, max: usize) -> Result<String, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let t = check(&mut e, field, raw, shape, max);
    e.into_result().map(|()| t.unwrap_or_default())
}

/// Translation key of a date outside [`FIRST_DATE`]..=[`LAST_DATE`].
pub const DATE_RANGE: &str = "error.text.date_range";
/// Translation key of a date not written as `YYYY-MM-DD`.
pub const DATE_INVALID: &str = "error.date_invalid";
/// Translation key of a time not written as `HH:MM`.
pub const TIME_INVALID: &str = "error.text.time_invalid";

/// Refuses a date outside [`FIRST_DATE`]..=[`LAST_DATE`] (key [`DATE_RANGE`]).
pub fn check_date(d: NaiveDate) -> Result<NaiveDate, &'static str> {
    if (FIRST_DATE..=LAST_DATE).contains(&d) {
        Ok(d)
    } else {
        Err(DATE_RANGE)
    }
}

/// As [`check_date`] for an optional date.
pub fn check_date_opt(d: Option<NaiveDate>) -> Result<Option<NaiveDate>, &'static str> {
    d.map(check_date).transpose()
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Parses an ISO date, exactly `YYYY-MM-DD` (no sign, no five-digit year, no single-digit month
/// or day), a real calendar day within [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn parse_date(raw: &str) -> Result<NaiveDate, &'static str> {
    let mut parts = raw.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DATE_INVALID);
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return Err(DATE_INVALID);
    };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DATE_INVALID)?;
    check_date(date)
}

/// Parses a time of day, exactly `HH:MM` (two digits each, 00–23 and 00–59).
pub fn parse_time(raw: &str) -> Result<NaiveTime, &'static str> {
    let (h, m) = raw.split_once(':').ok_or(TIME_INVALID)?;
    let (Some(h), Some(m)) = (digits(h, 2), digits(m, 2)) else {
        return Err(TIME_INVALID);
    };
    NaiveTime::from_hms_opt(h, m, 0).ok_or(TIME_INVALID)
}

/// serde adapters for the JSON API: a date field is read with [`parse_date`], so the API refuses
/// what the pages refuse, as a 422 naming the field.
pub mod serde_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, de::Error};

    /// `#[serde(deserialize_with = "tandem_domain::text::serde_date::required")]`
    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::parse_date(&s).map_err(|k| D::Error::custom(message(k)))
    }

    /// `#[serde(default, deserialize_with = "tandem_domain::text::serde_date::optional")]`
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s = <Option<std::borrow::Cow<'de, str>>>::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => super::parse_date(&s)
                .map(Some)
                .map_err(|k| D::Error::custom(message(k))),
        }
    }

    fn message(key: &str) -> &'static str {
        if key == super::DATE_RANGE {
            "date outside 1900-01-01..=2100-12-31"
        } else {
            "expected a date as YYYY-MM-DD"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_line_refuses_line_breaks_nul_and_c1() {
        for bad in [
            "a\nb",
            "a\r\nb",
            "a\rb",
            "a\0b",
            "a\u{85}b",
            "a\u{7f}b",
            "a\tb",
            "a\u{2028}b",
        ] {
            assert_eq!(line(bad, 50), Err(TextError::Control), "{bad:?}");
        }
        assert_eq!(line("  Ann Lee ", 50).as_deref(), Ok("Ann Lee"));
    }

    #[test]
    fn a_block_normalises_line_ends_and_keeps_tabs() {
        assert_eq!(block("a\r\nb\rc\u{2029}d", 50).as_deref(), Ok("a\nb\nc\nd"));
        assert_eq!(block("a\tb", 50).as_deref(), Ok("a\tb"));
        assert_eq!(block("a\0b", 50), Err(TextError::Control));
        assert_eq!(block("a\u{1b}[31m", 50), Err(TextError::Control));
    }

    #[test]
    fn overrides_are_refused_marks_are_not() {
        for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}'] {
            assert_eq!(line(&format!("Ann{c}Lee"), 50), Err(TextError::Bidi));
            assert_eq!(block(&format!("Ann{c}Lee"), 50), Err(TextError::Bidi));
        }
        assert!(line("\u{5d0}\u{200f}", 50).is_ok());
    }

    #[test]
    fn text_is_nfc_and_length_is_counted_after_it() {
        assert_eq!(line("Rene\u{301}", 50).as_deref(), Ok("Ren\u{e9}"));
        assert!(line(&"e\u{301}".repeat(5), 5).is_ok());
        assert_eq!(line(&"x".repeat(6), 5), Err(TextError::TooLong { max: 5 }));
        assert_eq!(required("  ", Shape::Line, 5), Err(TextError::Required));
    }

    #[test]
    fn search_terms_are_cut_not_refused_unless_they_hold_what_nothing_holds() {
        assert_eq!(search_term(None, 5), Ok(None));
        assert_eq!(search_term(Some("  "), 5), Ok(None));
        assert_eq!(
            search_term(Some(" Rene\u{301}e "), 4),
            Ok(Some("Ren\u{e9}".into()))
        );
        assert_eq!(search_term(Some("a\0b"), 5), Err(TextError::Control));
        assert_eq!(search_term(Some("a\u{202e}b"), 5), Err(TextError::Bidi));
        let long = "\u{e9}".repeat(100_000);
        assert_eq!(search_term(Some(&long), 3), Ok(Some("\u{e9}".repeat(3))));
    }

    #[test]
    fn dates_are_iso_and_in_range() {
        assert_eq!(
            parse_date("2026-03-27"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 27).unwrap())
        );
        for bad in [
            "2026-3-27",
            "26-03-27",
            "+2026-03-27",
            "-001-01-01",
            "2026-02-30",
            "",
            "2026-03-27T00:00",
        ] {
            assert_eq!(parse_date(bad), Err(DATE_INVALID), "{bad:?}");
        }
        for out in ["0000-01-01", "1899-12-31", "2101-01-01", "9999-12-31"] {
            assert_eq!(parse_date(out), Err(DATE_RANGE), "{out:?}");
        }
        assert!(parse_date("1900-01-01").is_ok() && parse_date("2100-12-31").is_ok());
    }

    #[test]
    fn times_are_two_digits_each() {
        assert_eq!(
            parse_time("09:05"),
            Ok(NaiveTime::from_hms_opt(9, 5, 0).unwrap())
        );
        for bad in [
            "9:5", "9:05", "09:5", "24:00", "23:60", "09:05:00", "0905", " 09:05",
        ] {
            assert_eq!(parse_time(bad), Err(TIME_INVALID), "{bad:?}");
        }
    }

    #[test]
    fn the_api_adapter_uses_the_same_rule() {
        #[derive(serde::Deserialize)]
        struct W {
            #[serde(deserialize_with = "serde_date::required")]
            on: NaiveDate,
            #[serde(default, deserialize_with = "serde_date::optional")]
            until: Option<NaiveDate>,
        }
        let ok: W = serde_json::from_str(r#"{"on":"2026-01-02","until":null}"#).unwrap();
        assert_eq!(ok.on, NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        assert!(ok.until.is_none());
        let missing: W = serde_json::from_str(r#"{"on":"2026-01-02"}"#).unwrap();
        assert!(missing.until.is_none());
        assert!(serde_json::from_str::<W>(r#"{"on":"9999-01-02"}"#).is_err());
        assert!(serde_json::from_str::<W>(r#"{"on":"2026-01-02","until":"0000-01-01"}"#).is_err());
        assert!(serde_json::from_str::<W>(r#"{"on":5}"#).is_err());
    }

    fn any_text() -> impl Strategy<Value = String> {
        // Mostly ordinary text, with the characters the rule is about mixed in.
        prop::collection::vec(
            prop_oneof![
                4 => any::<char>(),
                1 => prop::sample::select(vec![
                    '\0', '\r', '\n', '\t', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}',
                    '\u{2028}', '\u{301}', 'e', ' ',
                ]),
            ],
            0..40,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// Cleaning accepted text again changes nothing.
        #[test]
        fn cleaning_is_idempotent(raw in any_text(), block_shape: bool) {
            let shape = if block_shape { Shape::Block } else { Shape::Line };
            if let Ok(once) = clean(&raw, shape, 1000) {
                prop_assert_eq!(clean(&once, shape, 1000), Ok(once.clone()));
            }
        }

        /// Accepted text never holds a forbidden character, is NFC, trimmed and within the limit.
        #[test]
        fn accepted_text_is_clean(raw in any_text(), block_shape: bool, max in 0usize..50) {
            let shape = if block_shape { Shape::Block } else { Shape::Line };
            if let Ok(t) = clean(&raw, shape, max) {
                prop_assert!(!t.chars().any(|c| is_forbidden(c, shape)));
                prop_assert!(!t.contains('\r'));
                prop_assert!(unicode_normalization::is_nfc(&t));
                prop_assert_eq!(t.trim(), t.as_str());
                prop_assert!(t.chars().count() <= max);
            }
        }

        /// A forbidden character anywhere inside otherwise good text is refused, never dropped.
        #[test]
        fn a_forbidden_character_is_refused(
            a in "[a-zA-Z ]{1,10}",
            b in "[a-zA-Z ]{1,10}",
            c in prop::sample::select(vec!['\0', '\u{1}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}']),
        ) {
            let raw = format!("x{a}{c}{b}x");
            prop_assert!(line(&raw, 100).is_err());
            prop_assert!(block(&raw, 100).is_err());
        }

        /// Every date the rule accepts prints back as the text it was read from.
        #[test]
        fn accepted_dates_round_trip(y in 0i32..10000, m in 0u32..14, d in 0u32..33) {
            let raw = format!("{y:04}-{m:02}-{d:02}");
            if let Ok(date) = parse_date(&raw) {
                prop_assert_eq!(date.format("%Y-%m-%d").to_string(), raw);
                prop_assert!((1900..=2100).contains(&y));
            }
        }
    }
}
