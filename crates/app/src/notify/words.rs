//! Dates and times in words for every notice, in the recipient's language ("Tuesday 4 March 2025
//! at 09:30", "dinsdag 4 maart 2025 om 09:30"): one set of month and weekday names
//! (`notices.month.*`, `notices.weekday.*` in `notices.*.json`) so that all notices write a date
//! the same way.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use tandem_domain::{ApplicationRole, Language};
use tandem_i18n::I18n;

fn t(lang: Language, key: &str) -> String {
    I18n::shared().t(lang, key)
}

/// The placeholders of a date: weekday, day, month, year.
fn date_params(lang: Language, d: NaiveDate) -> Vec<(&'static str, String)> {
    vec![
        (
            "weekday",
            t(
                lang,
                &format!("notices.weekday.{}", d.weekday().number_from_monday()),
            ),
        ),
        ("day", d.day().to_string()),
        ("month", t(lang, &format!("notices.month.{}", d.month()))),
        ("year", d.year().to_string()),
    ]
}

fn fill(lang: Language, key: &str, params: &[(&'static str, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    I18n::shared().t_with(lang, key, &borrowed)
}

/// "4 March 2025" / "4 maart 2025".
pub fn long_date(lang: Language, d: NaiveDate) -> String {
    let month = t(lang, &format!("notices.month.{}", d.month()));
    format!("{} {month} {}", d.day(), d.year())
}

/// "Tuesday 4 March 2025" / "dinsdag 4 maart 2025".
pub fn date_text(lang: Language, d: NaiveDate) -> String {
    fill(lang, "notices.date", &date_params(lang, d))
}

/// A local date and time: "Tuesday 4 March 2025 at 09:30".
pub fn local_when_text(lang: Language, local: NaiveDateTime) -> String {
    let mut params = date_params(lang, local.date());
    params.push(("time", local.format("%H:%M").to_string()));
    fill(lang, "notices.when", &params)
}

/// An instant in words, in `zone`'s wall-clock time.
pub fn when_text(lang: Language, zone: &str, at: DateTime<Utc>) -> String {
    local_when_text(lang, tandem_domain::sessions::to_local(zone, at))
}

/// Translation key of a role's name.
pub fn role_key(role: ApplicationRole) -> String {
    format!("applications.role.{}", role.code())
}

// ----- the line manager's link ---------------------------------------------------------------
