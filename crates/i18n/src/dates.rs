//! Dates and times written the reader's way, from CLDR data through ICU4X (`icu_datetime`, the
//! crate `icu::datetime` re-exports, with its compiled data): "5 December 2026" and
//! "5 december 2026", "Saturday, 5 December 2026" and "zaterdag 5 december 2026", "09:30".
//!
//! Why a library: month and weekday names, their order, capitals (Dutch writes them in lower
//! case), the word joining a date and a time ("at", "om") and the 24-hour clock are all locale
//! data that CLDR keeps, so a third language is a locale, not new tables of our own.
//!
//! Every visible date goes through here: pages through the template functions of `tandem-web`,
//! e-mails through `tandem_app::notify::words`. Machine formats (form values, `datetime`
//! attributes, JSON, CSV and XLSX cells, calendar files) stay ISO 8601 and never come here.
//!
//! Instants are turned into wall-clock time with `tandem_domain::sessions::to_local` (the tz
//! database through `chrono-tz`) before they are written.

use crate::Lang;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{T, YMD, YMDE, YMDET, YMDT};
use icu_datetime::input::{DateTime as IcuDateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_locale_core::{Locale, locale};
use std::sync::OnceLock;

/// The CLDR locale of a language.
fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::EnGb => locale!("en-GB"),
        Lang::NlNl => locale!("nl-NL"),
    }
}

/// The formatters of one language, made once: loading a formatter's patterns and names from
/// the compiled data costs far more than formatting with it.
struct Formatters {
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    weekday_date: FixedCalendarDateTimeFormatter<Gregorian, YMDE>,
    date_time: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
    weekday_date_time: FixedCalendarDateTimeFormatter<Gregorian, YMDET>,
    time: NoCalendarFormatter<T>,
}

impl Formatters {
    fn new(lang: Lang) -> Self {
        let prefs = || locale_of(lang).into();
        // The data is compiled in and covers both locales, so a failure here is a broken build
        // (the unit tests construct every formatter), not something a request can cause.
        let fail = |what: &str| format!("ICU4X {what} formatter for {}", lang.tag());
        Self {
            date: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long())
                .unwrap_or_else(|e| panic!("{}: {e}", fail("date"))),
            weekday_date: FixedCalendarDateTimeFormatter::try_new(prefs(), YMDE::long())
                .unwrap_or_else(|e| panic!("{}: {e}", fail("weekday"))),
            date_time: FixedCalendarDateTimeFormatter::try_new(
                prefs(),
                YMDT::long().with_time_precision(TimePrecision::Minute),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", fail("date and time"))),
            weekday_date_time: FixedCalendarDateTimeFormatter::try_new(
                prefs(),
                YMDET::long().with_time_precision(TimePrecision::Minute),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", fail("weekday and time"))),
            time: NoCalendarFormatter::try_new(prefs(), T::hm())
                .unwrap_or_else(|e| panic!("{}: {e}", fail("time"))),
        }
    }

    fn of(lang: Lang) -> &'static Self {
        static EN: OnceLock<Formatters> = OnceLock::new();
        static NL: OnceLock<Formatters> = OnceLock::new();
        match lang {
            Lang::EnGb => EN.get_or_init(|| Self::new(lang)),
            Lang::NlNl => NL.get_or_init(|| Self::new(lang)),
        }
    }
}

fn icu_date(d: NaiveDate) -> Date<Gregorian> {
    // chrono's dates all lie within ICU4X's range, and their month and day are valid by
    // construction.
    Date::try_new_gregorian(d.year(), d.month() as u8, d.day() as u8)
        .unwrap_or_else(|_| Date::try_new_gregorian(1970, 1, 1).expect("1 January 1970"))
}

fn icu_time(t: NaiveTime) -> Time {
    Time::try_new(t.hour() as u8, t.minute() as u8, 0, 0).unwrap_or(Time::start_of_day())
}

fn icu_date_time(l: NaiveDateTime) -> IcuDateTime<Gregorian> {
    IcuDateTime {
        date: icu_date(l.date()),
        time: icu_time(l.time()),
    }
}

/// "5 December 2026" / "5 december 2026".
pub fn date(lang: Lang, d: NaiveDate) -> String {
    Formatters::of(lang).date.format(&icu_date(d)).to_string()
}

/// "Saturday, 5 December 2026" / "zaterdag 5 december 2026" (CLDR's en-GB has the comma).
pub fn weekday_date(lang: Lang, d: NaiveDate) -> String {
    Formatters::of(lang)
        .weekday_date
        .format(&icu_date(d))
        .to_string()
}

/// "09:30" (the 24-hour clock both locales use).
pub fn time(lang: Lang, t: NaiveTime) -> String {
    Formatters::of(lang).time.format(&icu_time(t)).to_string()
}

/// A wall-clock date and time: "5 December 2026 at 09:30" / "5 december 2026 om 09:30", with
/// the weekday in front when `weekday`.
pub fn local_date_time(lang: Lang, local: NaiveDateTime, weekday: bool) -> String {
    let f = Formatters::of(lang);
    let input = icu_date_time(local);
    if weekday {
        f.weekday_date_time.format(&input).to_string()
    } else {
        f.date_time.format(&input).to_string()
    }
}

/// An instant as a date and time on the wall clock of `zone` (an IANA name).
pub fn date_time(lang: Lang, zone: &str, at: DateTime<Utc>, weekday: bool) -> String {
    local_date_time(lang, tandem_domain::sessions::to_local(zone, at), weekday)
}

/// An instant's date on the wall clock of `zone`.
pub fn date_in(lang: Lang, zone: &str, at: DateTime<Utc>) -> String {
    date(lang, tandem_domain::sessions::to_local(zone, at).date())
}

/// A message's placeholder value as the reader should see it: a bare ISO date ("2026-12-05",
/// as a refusal carries its deadline, language-free) in words, anything else unchanged.
pub fn param(lang: Lang, value: &str) -> String {
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) if value.len() == 10 => date(lang, d),
        _ => value.to_string(),
    }
}

/// A value as the templates receive it: the text form of a date, a wall-clock time or an
/// instant (how serde writes chrono's types, or how a page already wrote a local time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// "2026-12-05".
    Date(NaiveDate),
    /// "2026-12-05 09:30" or "2026-12-05T09:30:00": already on the reader's wall clock.
    Local(NaiveDateTime),
    /// "2026-12-05T09:30:00Z" or with an offset: an instant, shown in the reader's zone.
    Instant(DateTime<Utc>),
}

impl When {
    /// Reads the text form; `None` for anything else (the caller shows the text unchanged, so
    /// an unexpected value is visible rather than lost).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Self::Instant(t.with_timezone(&Utc)));
        }
        // Stored instants written without a `T` ("2026-12-05 09:30:00+00:00", as SQL writes them).
        if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z") {
            return Some(Self::Instant(t.with_timezone(&Utc)));
        }
        for f in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
        ] {
            if let Ok(l) = NaiveDateTime::parse_from_str(s, f) {
                return Some(Self::Local(l));
            }
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(Self::Date)
    }

    /// The wall-clock date and time in `zone` (midnight for a bare date).
    pub fn local(self, zone: &str) -> NaiveDateTime {
        match self {
            Self::Date(d) => d.and_time(NaiveTime::MIN),
            Self::Local(l) => l,
            Self::Instant(t) => tandem_domain::sessions::to_local(zone, t),
        }
    }

    /// Whether it carries a time of day.
    pub fn has_time(self) -> bool {
        !matches!(self, Self::Date(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn dates_in_both_languages() {
        assert_eq!(date(Lang::EnGb, d("2026-12-05")), "5 December 2026");
        assert_eq!(date(Lang::NlNl, d("2026-12-05")), "5 december 2026");
        assert_eq!(date(Lang::EnGb, d("2027-03-01")), "1 March 2027");
        assert_eq!(date(Lang::NlNl, d("2027-03-01")), "1 maart 2027");
    }

    #[test]
    fn weekdays_in_both_languages() {
        assert_eq!(
            weekday_date(Lang::EnGb, d("2026-12-05")),
            // CLDR's British English puts a comma after the weekday; Dutch has none.
            "Saturday, 5 December 2026"
        );
        assert_eq!(
            weekday_date(Lang::NlNl, d("2026-12-05")),
            "zaterdag 5 december 2026"
        );
    }

    #[test]
    fn times_use_the_24_hour_clock() {
        let t = NaiveTime::from_hms_opt(9, 30, 0).unwrap();
        assert_eq!(time(Lang::EnGb, t), "09:30");
        assert_eq!(time(Lang::NlNl, t), "09:30");
        let t = NaiveTime::from_hms_opt(17, 5, 59).unwrap();
        assert_eq!(time(Lang::EnGb, t), "17:05");
    }

    #[test]
    fn instants_are_written_on_the_readers_wall_clock() {
        // Summer: London is UTC+1, Amsterdam UTC+2.
        let t = utc("2026-07-01T08:30:00Z");
        assert_eq!(
            date_time(Lang::EnGb, "Europe/London", t, false),
            "1 July 2026 at 09:30"
        );
        assert_eq!(
            date_time(Lang::NlNl, "Europe/Amsterdam", t, true),
            "woensdag 1 juli 2026 om 10:30"
        );
        // Winter, just before midnight in London: already the next day in Amsterdam.
        let t = utc("2026-12-05T23:30:00Z");
        assert_eq!(date_in(Lang::EnGb, "Europe/London", t), "5 December 2026");
        assert_eq!(
            date_in(Lang::NlNl, "Europe/Amsterdam", t),
            "6 december 2026"
        );
        // Either side of the clocks going forward in London.
        assert_eq!(
            date_time(
                Lang::EnGb,
                "Europe/London",
                utc("2026-03-29T00:59:00Z"),
                false
            ),
            "29 March 2026 at 00:59"
        );
        assert_eq!(
            date_time(
                Lang::EnGb,
                "Europe/London",
                utc("2026-03-29T01:00:00Z"),
                false
            ),
            "29 March 2026 at 02:00"
        );
    }

    #[test]
    fn message_parameters_that_are_dates_are_written_in_words() {
        assert_eq!(param(Lang::NlNl, "2025-03-14"), "14 maart 2025");
        assert_eq!(param(Lang::EnGb, "2025-03-14"), "14 March 2025");
        assert_eq!(param(Lang::EnGb, "12"), "12");
        assert_eq!(
            param(Lang::EnGb, "2025-03-14 and more"),
            "2025-03-14 and more"
        );
    }

    #[test]
    fn template_values_are_read_in_their_text_forms() {
        assert_eq!(When::parse("2026-12-05"), Some(When::Date(d("2026-12-05"))));
        let local = d("2026-12-05").and_hms_opt(9, 30, 0).unwrap();
        assert_eq!(When::parse("2026-12-05 09:30"), Some(When::Local(local)));
        assert_eq!(When::parse("2026-12-05T09:30:00"), Some(When::Local(local)));
        let at = utc("2026-12-05T09:30:00Z");
        assert_eq!(When::parse("2026-12-05T09:30:00Z"), Some(When::Instant(at)));
        assert_eq!(
            When::parse("2026-12-05T10:30:00.123+01:00"),
            Some(When::Instant(at + chrono::Duration::milliseconds(123)))
        );
        assert_eq!(When::parse("soon"), None);
        assert_eq!(
            When::parse("2026-07-01T08:30:00Z")
                .unwrap()
                .local("Europe/Amsterdam"),
            d("2026-07-01").and_hms_opt(10, 30, 0).unwrap()
        );
    }
}
