//! The profile a person keeps about themselves: what they can offer and want to learn (tagged
//! with the leadership-framework dimensions matching uses), languages, weekly availability,
//! preferred ways of meeting, where they are, a short introduction, and how to reach them by
//! telephone.
//!
//! Pure: validation and the normalisation and formatting of phone numbers. Who may see which
//! part is decided by the policy (`ViewProfileSummary`, `ViewProfile`, `ViewContactDetails`);
//! phone numbers go to nobody but the person and the members of a live relationship with them.

use crate::application::Slot;
use crate::framework::FrameworkDimension;
use crate::ids::PersonId;
use crate::organisation::Country;
use crate::programme::Mode;
use crate::validate::ValidationErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest short text of topics (expertise, interests).
pub const MAX_TOPICS: usize = 300;
/// Longest location ("Leeds", "Noord-Holland", "North Wales").
pub const MAX_LOCATION: usize = 80;
/// Longest introduction: a short paragraph, not a CV.
pub const MAX_INTRODUCTION: usize = 1000;
/// Most languages one profile lists.
pub const MAX_LANGUAGES: usize = 10;
/// Longest phone number as typed (spaces and parentheses included).
pub const MAX_PHONE_TYPED: usize = 30;

/// Languages a profile may list: ISO 639 codes (BCP 47 primary language subtags), each with a
/// translated label (`profiles.language.<code>`).
///
/// A fixed list rather than free tags: every entry needs a label in both locales, people pick
/// from a list more reliably than they type codes, and matching or filtering on language later
/// wants stable codes. It covers the languages most spoken by health and care staff in England,
/// Wales and the Netherlands, and the two national sign languages; growing it is adding a code
/// here and a label in each locale.
pub const LANGUAGES: &[&str] = &[
    "en", "cy", "nl", "fy", "pl", "ro", "pt", "es", "it", "fr", "de", "tr", "ar", "ur", "pa", "bn",
    "gu", "hi", "ta", "ml", "tl", "yo", "tw", "so", "zh", "pap", "bfi", "dse",
];

/// Which of the person's numbers they prefer to be called on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    Work,
    #[default]
    Mobile,
}

impl PhoneKind {
    pub const ALL: [Self; 2] = [Self::Work, Self::Mobile];

    pub fn code(self) -> &'static str {
        match self {
            Self::Work => "work",
            Self::Mobile => "mobile",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How the person prefers to be contacted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRoute {
    #[default]
    Email,
    Phone,
    Text,
}

impl ContactRoute {
    pub const ALL: [Self; 3] = [Self::Email, Self::Phone, Self::Text];

    pub fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Text => "text",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What a person enters about themselves (pages and API), before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    #[serde(default)]
    pub expertise: Vec<FrameworkDimension>,
    #[serde(default)]
    pub expertise_topics: String,
    #[serde(default)]
    pub interests: Vec<FrameworkDimension>,
    #[serde(default)]
    pub interest_topics: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub availability: Vec<Slot>,
    #[serde(default)]
    pub modes: Vec<Mode>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub work_phone: String,
    #[serde(default)]
    pub mobile_phone: String,
    #[serde(default)]
    pub preferred_phone: Option<PhoneKind>,
    #[serde(default)]
    pub contact_route: Option<ContactRoute>,
}

/// A kept profile. Phone numbers are stored normalised (`+447700900123`) and shown with
/// [`format_phone`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub expertise: Vec<FrameworkDimension>,
    pub expertise_topics: String,
    pub interests: Vec<FrameworkDimension>,
    pub interest_topics: String,
    pub languages: Vec<String>,
    pub availability: Vec<Slot>,
    pub modes: Vec<Mode>,
    pub location: String,
    pub introduction: String,
    pub contact: ContactDetails,
}

/// How to reach the person: visible to them and the members of a live relationship only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    /// Normalised, or empty.
    pub work_phone: String,
    /// Normalised, or empty.
    pub mobile_phone: String,
    pub preferred_phone: PhoneKind,
    pub route: ContactRoute,
}

impl ContactDetails {
    /// The number to call them on: the preferred one if given, otherwise the other.
    pub fn preferred_number(&self) -> Option<&str> {
        let (first, second) = match self.preferred_phone {
            PhoneKind::Work => (&self.work_phone, &self.mobile_phone),
            PhoneKind::Mobile => (&self.mobile_phone, &self.work_phone),
        };
        [first, second]
            .into_iter()
            .find(|n| !n.is_empty())
            .map(String::as_str)
    }
}

/// A stored profile with its owner and when it last changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProfile {
    pub person_id: PersonId,
    pub profile: Profile,
    pub updated_at: DateTime<Utc>,
}

/// Checks one free text with the one text rule ([`crate::text`]): a line, or a block where line
/// breaks are allowed (the introduction).
fn checked_text(
    e: &mut ValidationErrors,
    field: &str,
    raw: &str,
    max: usize,
    multiline: bool,
) -> String {
    let shape = if multiline {
        crate::text::Shape::Block
    } else {
        crate::text::Shape::Line
    };
    match crate::text::clean(raw, shape, max) {
        Ok(t) => t,
        Err(err) => {
            err.record(e, field);
            raw.trim().to_string()
        }
    }
}

/// The country calling code of the person's country, used for a number typed without one.
pub fn calling_code(country: Country) -> &'static str {
    match country {
        Country::UnitedKingdom => "44",
        Country::Netherlands => "31",
    }
}

/// Normalises a phone number to `+<country code><number>`: digits, spaces, one leading `+` and
/// parentheses allowed; `00` reads as `+`; a national number (leading `0`) takes `country_code`.
/// Between 7 and 15 digits (E.164's limit). The error is a translation key.
pub fn normalise_phone(raw: &str, country_code: &str) -> Result<String, &'static str> {
    let t = raw.trim();
    if t.chars().count() > MAX_PHONE_TYPED {
        return Err("error.profiles.phone_invalid");
    }
    let mut digits = String::new();
    let mut plus = false;
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '(' | ')' => {}
            '+' if i == 0 => plus = true,
            _ => return Err("error.profiles.phone_invalid"),
        }
    }
    let full = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("{country_code}{rest}")
    } else {
        return Err("error.profiles.phone_invalid");
    };
    // The UK's "(0)" convention: +44 (0)20 … keeps the 0 after the country code; drop it.
    let full = match full.strip_prefix(country_code) {
        Some(rest) if plus && rest.starts_with('0') && t.contains("(0)") => {
            format!("{country_code}{}", &rest[1..])
        }
        _ => full,
    };
    if !(7..=15).contains(&full.len()) || full.starts_with('0') {
        return Err("error.profiles.phone_invalid");
    }
    Ok(format!("+{full}"))
}

/// Shows a normalised number in groups that are easy to read out: `+44 7700 900123`,
/// `+31 6 12345678`, `+44 20 7946 0958`; other countries as `+` and the digits in threes.
pub fn format_phone(normalised: &str) -> String {
    let Some(d) = normalised.strip_prefix('+') else {
        return normalised.to_string();
    };
    if let Some(n) = d.strip_prefix("44") {
        if n.starts_with('7') && n.len() == 10 {
            return format!("+44 {} {}", &n[..4], &n[4..]);
        }
        if n.starts_with("20") && n.len() == 10 {
            return format!("+44 20 {} {}", &n[2..6], &n[6..]);
        }
        if n.len() == 10 {
            return format!("+44 {} {}", &n[..4], &n[4..]);
        }
        return format!("+44 {n}");
    }
    if let Some(n) = d.strip_prefix("31") {
        if n.starts_with('6') && n.len() == 9 {
            return format!("+31 6 {}", &n[1..]);
        }
        if n.len() == 9 {
            return format!("+31 {} {} {}", &n[..2], &n[2..5], &n[5..]);
        }
        return format!("+31 {n}");
    }
    let groups: Vec<String> = d
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    format!("+{}", groups.join(" "))
}

/// Sorted and without repeats, so a profile compares and displays stably.
fn tidy<T: Ord + Clone>(v: &[T]) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort();
    v.dedup();
    v
}

impl ProfileInput {
    /// Validates every field at once (so a form shows every problem) and returns the profile to
    /// keep. `country_code` completes phone numbers typed without one.
    pub fn validate(&self, country_code: &str) -> Result<Profile, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let expertise_topics = checked_text(
            &mut e,
            "expertise_topics",
            &self.expertise_topics,
            MAX_TOPICS,
            false,
        );
        let interest_topics = checked_text(
            &mut e,
            "interest_topics",
            &self.interest_topics,
            MAX_TOPICS,
            false,
        );
        let location = checked_text(&mut e, "location", &self.location, MAX_LOCATION, false);
        let introduction = checked_text(
            &mut e,
            "introduction",
            &self.introduction,
            MAX_INTRODUCTION,
            true,
        );
        let languages = tidy(
            &self
                .languages
                .iter()
                .map(|l| l.trim().to_ascii_lowercase())
                .collect::<Vec<_>>(),
        );
        if languages.iter().any(|l| !LANGUAGES.contains(&l.as_str())) {
            e.add("languages", "error.profiles.unknown_language");
        } else if languages.len() > MAX_LANGUAGES {
            let max = MAX_LANGUAGES.to_string();
            e.add_with(
                "languages",
                "error.profiles.too_many_languages",
                &[("max", &max)],
            );
        }
        let mut phone = |field: &str, raw: &str| -> String {
            if raw.trim().is_empty() {
                return String::new();
            }
            match normalise_phone(raw, country_code) {
                Ok(n) => n,
                Err(key) => {
                    e.add(field, key);
                    String::new()
                }
            }
        };
        let work_phone = phone("work_phone", &self.work_phone);
        let mobile_phone = phone("mobile_phone", &self.mobile_phone);
        let route = self.contact_route.unwrap_or_default();
        let typed = |s: &str| !s.trim().is_empty();
        match route {
            ContactRoute::Phone if !typed(&self.work_phone) && !typed(&self.mobile_phone) => {
                e.add("contact_route", "error.profiles.route_needs_phone")
            }
            ContactRoute::Text if !typed(&self.mobile_phone) => {
                e.add("contact_route", "error.profiles.route_needs_mobile")
            }
            _ => {}
        }
        // The preferred number must be one that was given; with one number, it is that one.
        let preferred_phone = match (typed(&self.work_phone), typed(&self.mobile_phone)) {
            (true, false) => PhoneKind::Work,
            (false, true) => PhoneKind::Mobile,
            _ => self.preferred_phone.unwrap_or_default(),
        };
        e.into_result()?;
        Ok(Profile {
            expertise: tidy(&self.expertise),
            expertise_topics,
            interests: tidy(&self.interests),
            interest_topics,
            languages,
            availability: tidy(&self.availability),
            modes: tidy_modes(&self.modes),
            location,
            introduction,
            contact: ContactDetails {
                work_phone,
                mobile_phone,
                preferred_phone,
                route,
            },
        })
    }
}

/// Modes in their fixed order (telephone, video, in person), each once.
fn tidy_modes(modes: &[Mode]) -> Vec<Mode> {
    Mode::ALL
        .into_iter()
        .filter(|m| modes.contains(m))
        .collect()
}

impl Profile {
    /// The input that would keep this profile as it is (the edit form's starting values).
    pub fn to_input(&self) -> ProfileInput {
        ProfileInput {
            expertise: self.expertise.clone(),
            expertise_topics: self.expertise_topics.clone(),
            interests: self.interests.clone(),
            interest_topics: self.interest_topics.clone(),
            languages: self.languages.clone(),
            availability: self.availability.clone(),
            modes: self.modes.clone(),
            location: self.location.clone(),
            introduction: self.introduction.clone(),
            work_phone: self.contact.work_phone.clone(),
            mobile_phone: self.contact.mobile_phone.clone(),
            preferred_phone: Some(self.contact.preferred_phone),
            contact_route: Some(self.contact.route),
        }
    }

    /// Whether nothing has been entered yet.
    pub fn is_empty(&self) -> bool {
        *self == Profile::default()
    }
}
