//! Dates and times in words for every notice, in the recipient's language ("Tuesday, 4 March
//! 2025 at 09:30", "dinsdag 4 maart 2025 om 09:30"), written by `tandem_i18n::dates` from CLDR
//! data (ICU4X), the same module the pages use, so that a date reads alike in an e-mail and on
//! the page it links to.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use tandem_domain::{ApplicationRole, Language};
use tandem_i18n::dates;

/// "4 March 2025" / "4 maart 2025".
pub fn long_date(lang: Language, d: NaiveDate) -> String {
    dates::date(lang, d)
}

/// "Tuesday, 4 March 2025" / "dinsdag 4 maart 2025".
pub fn date_text(lang: Language, d: NaiveDate) -> String {
    dates::weekday_date(lang, d)
}

/// A local date and time: "Tuesday, 4 March 2025 at 09:30".
pub fn local_when_text(lang: Language, local: NaiveDateTime) -> String {
    dates::local_date_time(lang, local, true)
}

/// An instant in words, in `zone`'s wall-clock time.
pub fn when_text(lang: Language, zone: &str, at: DateTime<Utc>) -> String {
    dates::date_time(lang, zone, at, true)
}

/// Translation key of a role's name.
pub fn role_key(role: ApplicationRole) -> String {
    format!("applications.role.{}", role.code())
}

// ----- the line manager's link ---------------------------------------------------------------
