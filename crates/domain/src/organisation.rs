//! The consortium: a scheme and the employers that run it together.

use crate::ids::{OrganisationId, SchemeId};
use crate::person::Language;
use serde::{Deserialize, Serialize};

/// A consortium scheme: several employers running mentoring and peer learning together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub id: SchemeId,
    pub name: String,
    pub description: String,
}

/// The kinds of employer a scheme spans (PRODUCT.md §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    NhsTrust,
    LocalAuthority,
    IndependentProvider,
    Charity,
    DutchCareOrganisation,
}

impl OrganisationKind {
    pub const ALL: [Self; 5] = [
        Self::NhsTrust,
        Self::LocalAuthority,
        Self::IndependentProvider,
        Self::Charity,
        Self::DutchCareOrganisation,
    ];

    /// Stable code used in storage, URLs, imports and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Self::NhsTrust => "nhs_trust",
            Self::LocalAuthority => "local_authority",
            Self::IndependentProvider => "independent_provider",
            Self::Charity => "charity",
            Self::DutchCareOrganisation => "dutch_care_organisation",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Country of an organisation; it decides defaults such as language and time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    /// United Kingdom (England, Wales, Scotland, Northern Ireland).
    #[serde(rename = "GB")]
    UnitedKingdom,
    #[serde(rename = "NL")]
    Netherlands,
}

impl Country {
    pub const ALL: [Self; 2] = [Self::UnitedKingdom, Self::Netherlands];

    /// ISO 3166-1 alpha-2 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::UnitedKingdom => "GB",
            Self::Netherlands => "NL",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// IANA time zone used for calendars and displayed times.
    pub fn time_zone(self) -> &'static str {
        match self {
            Self::UnitedKingdom => "Europe/London",
            Self::Netherlands => "Europe/Amsterdam",
        }
    }
}

/// An employer taking part in a scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub scheme_id: SchemeId,
    pub name: String,
    pub kind: OrganisationKind,
    pub country: Country,
}

/// A time zone the scheme's dates and times are shown in: one of the zones
/// [`crate::sessions`] can convert (both follow the EU summer-time rule).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimeZone {
    #[default]
    #[serde(rename = "Europe/London")]
    EuropeLondon,
    #[serde(rename = "Europe/Amsterdam")]
    EuropeAmsterdam,
}

impl TimeZone {
    pub const ALL: [Self; 2] = [Self::EuropeLondon, Self::EuropeAmsterdam];

    /// The IANA name, as `crate::sessions` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::EuropeLondon => "Europe/London",
            Self::EuropeAmsterdam => "Europe/Amsterdam",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|z| z.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// Smallest small-number threshold accepted: below 3, a published count of one or two people
/// could point at a colleague.
pub const MIN_SMALL_NUMBER_THRESHOLD: u32 = 3;
/// Largest threshold accepted: above 100 a scheme could publish almost no figure at all.
pub const MAX_SMALL_NUMBER_THRESHOLD: u32 = 100;
/// The default threshold. Published health statistics suppress counts below 5; evaluation
/// figures of a mentoring scheme are cut much finer (one ward's mentees of one intake), so counts
/// below 8 are hidden by default (issue #14), and a lower threshold needs a recorded reason.
pub const DEFAULT_SMALL_NUMBER_THRESHOLD: u32 = 8;
/// Below scheme level, counts are rounded to a multiple of this by default (1 = no rounding).
pub const DEFAULT_SUPPRESSION_ROUNDING: u32 = 5;
/// Means, tests and effect sizes need at least this many respondents by default.
pub const DEFAULT_SUPPRESSION_MIN_STATISTICS: u32 = 10;
/// Largest rounding base and minimum for statistics accepted.
pub const MAX_SUPPRESSION_SETTING: u32 = 100;
/// Longest recorded reason for weakening the rule.
pub const SUPPRESSION_REASON_MAX: usize = 500;

/// What a scheme decides about itself once, at set-up, and the administrator may change later.
///
/// `self_registration` is stored only (a later feature reads it); the suppression settings shape
/// every evaluation figure (`tandem_app::evaluation`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeSettings {
    /// The countries its organisations are in (at least one; no repeats).
    pub countries: Vec<Country>,
    /// The languages it works in (at least one; no repeats): the first is the default for new
    /// people.
    pub languages: Vec<Language>,
    pub time_zone: TimeZone,
    /// Whether staff may register themselves (not yet offered: stored for that feature).
    pub self_registration: bool,
    /// Figures counting fewer people than this are not shown ("fewer than 8").
    pub small_number_threshold: u32,
    /// Below scheme level, counts are rounded to a multiple of this.
    pub suppression_rounding: u32,
    /// Statistics need at least this many respondents.
    pub suppression_min_statistics: u32,
    /// Why the scheme weakened the defaults (8, 5, 10); required when it did, empty otherwise.
    pub suppression_reason: String,
}

impl Default for SchemeSettings {
    /// What a database from before the settings existed holds: a British, English-speaking
    /// scheme, which is what every scheme was then.
    fn default() -> Self {
        Self {
            countries: vec![Country::UnitedKingdom],
            languages: vec![Language::EnGb],
            time_zone: TimeZone::EuropeLondon,
            self_registration: false,
            small_number_threshold: DEFAULT_SMALL_NUMBER_THRESHOLD,
            suppression_rounding: DEFAULT_SUPPRESSION_ROUNDING,
            suppression_min_statistics: DEFAULT_SUPPRESSION_MIN_STATISTICS,
            suppression_reason: String::new(),
        }
    }
}

/// Scheme settings as typed (a form, a TOML file, flags, JSON): codes as text, so that an unknown
/// code is a field error naming the field rather than a parse failure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeSettingsInput {
    pub countries: Vec<String>,
    pub languages: Vec<String>,
    pub time_zone: String,
    pub self_registration: bool,
    pub small_number_threshold: Option<i64>,
    /// `None` keeps the default (5).
    #[serde(default)]
    pub suppression_rounding: Option<i64>,
    /// `None` keeps the default (10).
    #[serde(default)]
    pub suppression_min_statistics: Option<i64>,
    #[serde(default)]
    pub suppression_reason: String,
}

impl From<&SchemeSettings> for SchemeSettingsInput {
    fn from(s: &SchemeSettings) -> Self {
        Self {
            countries: s.countries.iter().map(|c| c.code().into()).collect(),
            languages: s.languages.iter().map(|l| l.tag().into()).collect(),
            time_zone: s.time_zone.name().into(),
            self_registration: s.self_registration,
            small_number_threshold: Some(i64::from(s.small_number_threshold)),
            suppression_rounding: Some(i64::from(s.suppression_rounding)),
            suppression_min_statistics: Some(i64::from(s.suppression_min_statistics)),
            suppression_reason: s.suppression_reason.clone(),
        }
    }
}

/// Parses a list of codes: each must be known and appear once, and there must be one at least.
fn codes<T: PartialEq>(
    raw: &[String],
    field: &str,
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut crate::ValidationErrors,
) -> Vec<T> {
    let mut out = Vec::new();
    for code in raw.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match parse(code) {
            Some(v) if out.contains(&v) => {
                errors.add_with(field, "error.settings.repeated", &[("value", code)]);
            }
            Some(v) => out.push(v),
            None => errors.add_with(field, "error.settings.unknown", &[("value", code)]),
        }
    }
    if out.is_empty() && errors.for_field(field).is_none() {
        errors.add(field, "error.settings.choose_one");
    }
    out
}

impl SchemeSettingsInput {
    /// Checks every field and names each one that is wrong (`countries`, `languages`,
    /// `time_zone`, `small_number_threshold`, `suppression_rounding`, `suppression_min_statistics`,
    /// `suppression_reason`), adding to `errors`; `None` when any is.
    pub fn parse_into(&self, errors: &mut crate::ValidationErrors) -> Option<SchemeSettings> {
        let before = errors.errors.len();
        let countries = codes(&self.countries, "countries", Country::from_code, errors);
        let languages = codes(&self.languages, "languages", Language::from_tag, errors);
        let time_zone = TimeZone::from_name(&self.time_zone);
        if time_zone.is_none() {
            errors.add_with(
                "time_zone",
                "error.settings.unknown",
                &[("value", self.time_zone.trim())],
            );
        }
        let threshold = self
            .small_number_threshold
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (MIN_SMALL_NUMBER_THRESHOLD..=MAX_SMALL_NUMBER_THRESHOLD).contains(n));
        if threshold.is_none() {
            errors.add_with(
                "small_number_threshold",
                "error.settings.threshold_range",
                &[
                    ("min", &MIN_SMALL_NUMBER_THRESHOLD.to_string()),
                    ("max", &MAX_SMALL_NUMBER_THRESHOLD.to_string()),
                ],
            );
        }
        let bounded = |value: Option<i64>,
                       default: u32,
                       field: &str,
                       errors: &mut crate::ValidationErrors| {
            let v = match value {
                None => Some(default),
                Some(n) => u32::try_from(n)
                    .ok()
                    .filter(|n| (1..=MAX_SUPPRESSION_SETTING).contains(n)),
            };
            if v.is_none() {
                errors.add_with(
                    field,
                    "error.settings.threshold_range",
                    &[("min", "1"), ("max", &MAX_SUPPRESSION_SETTING.to_string())],
                );
            }
            v
        };
        let rounding = bounded(
            self.suppression_rounding,
            DEFAULT_SUPPRESSION_ROUNDING,
            "suppression_rounding",
            errors,
        );
        let min_statistics = bounded(
            self.suppression_min_statistics,
            DEFAULT_SUPPRESSION_MIN_STATISTICS,
            "suppression_min_statistics",
            errors,
        );
        let reason = match crate::text::block(&self.suppression_reason, SUPPRESSION_REASON_MAX) {
            Ok(r) => r,
            Err(crate::text::TextError::TooLong { .. }) => {
                errors.add_with(
                    "suppression_reason",
                    "error.settings.reason_too_long",
                    &[("max", &SUPPRESSION_REASON_MAX.to_string())],
                );
                String::new()
            }
            Err(err) => {
                err.record(errors, "suppression_reason");
                String::new()
            }
        };
        // Weaker than the defaults only with a recorded reason (as tandem_stats'
        // `Rule::validate` demands of the rule it is given).
        if let (Some(t), Some(r), Some(m)) = (threshold, rounding, min_statistics)
            && (t < DEFAULT_SMALL_NUMBER_THRESHOLD
                || r < DEFAULT_SUPPRESSION_ROUNDING
                || m < DEFAULT_SUPPRESSION_MIN_STATISTICS)
            && reason.is_empty()
        {
            errors.add("suppression_reason", "error.settings.reason_needed");
        }
        if errors.errors.len() > before {
            return None;
        }
        Some(SchemeSettings {
            countries,
            languages,
            time_zone: time_zone?,
            self_registration: self.self_registration,
            small_number_threshold: threshold?,
            suppression_rounding: rounding?,
            suppression_min_statistics: min_statistics?,
            suppression_reason: reason,
        })
    }

    /// As [`Self::parse_into`], on its own.
    pub fn parse(&self) -> Result<SchemeSettings, crate::ValidationErrors> {
        let mut errors = crate::ValidationErrors::new();
        match self.parse_into(&mut errors) {
            Some(s) => Ok(s),
            None => Err(errors),
        }
    }
}
