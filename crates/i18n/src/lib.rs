//! Translations (en-GB and nl-NL), shared by the pages, the API's messages and the e-mails the
//! use cases send.
//!
//! Every user-facing string is a key in `locales/*.json` (flat `key → text`, `{name}` placeholders).
//! The files are embedded in the binary. A missing key falls back to English and then to the key
//! itself, so a gap is visible but never breaks a page; a test keeps both files' keys equal.
//!
//! It is its own crate because both `tandem-app` (e-mails, default agreement terms) and
//! `tandem-web` (pages) translate, and neither should depend on the other for it.

pub mod dates;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use tandem_domain::Language as Lang;

/// The locale files, one per area of the product, merged at start-up (a key defined twice is a
/// bug and panics, so areas cannot silently override each other).
const EN_GB: &[(&str, &str)] = &[
    ("en-GB.json", include_str!("../locales/en-GB.json")),
    (
        "applications.en-GB.json",
        include_str!("../locales/applications.en-GB.json"),
    ),
    (
        "mentors.en-GB.json",
        include_str!("../locales/mentors.en-GB.json"),
    ),
    (
        "matching.en-GB.json",
        include_str!("../locales/matching.en-GB.json"),
    ),
    (
        "sessions.en-GB.json",
        include_str!("../locales/sessions.en-GB.json"),
    ),
    (
        "sets.en-GB.json",
        include_str!("../locales/sets.en-GB.json"),
    ),
    (
        "growth.en-GB.json",
        include_str!("../locales/growth.en-GB.json"),
    ),
    (
        "pairs.en-GB.json",
        include_str!("../locales/pairs.en-GB.json"),
    ),
    (
        "setup.en-GB.json",
        include_str!("../locales/setup.en-GB.json"),
    ),
    (
        "notices.en-GB.json",
        include_str!("../locales/notices.en-GB.json"),
    ),
    (
        "surveys.en-GB.json",
        include_str!("../locales/surveys.en-GB.json"),
    ),
    (
        "evaluation.en-GB.json",
        include_str!("../locales/evaluation.en-GB.json"),
    ),
    (
        "notices-journey.en-GB.json",
        include_str!("../locales/notices-journey.en-GB.json"),
    ),
    (
        "notices-meetings.en-GB.json",
        include_str!("../locales/notices-meetings.en-GB.json"),
    ),
    (
        "notices-scheduled.en-GB.json",
        include_str!("../locales/notices-scheduled.en-GB.json"),
    ),
    (
        "notices-accounts.en-GB.json",
        include_str!("../locales/notices-accounts.en-GB.json"),
    ),
    (
        "access.en-GB.json",
        include_str!("../locales/access.en-GB.json"),
    ),
    (
        "registration.en-GB.json",
        include_str!("../locales/registration.en-GB.json"),
    ),
    (
        "profiles.en-GB.json",
        include_str!("../locales/profiles.en-GB.json"),
    ),
    (
        "signin.en-GB.json",
        include_str!("../locales/signin.en-GB.json"),
    ),
    (
        "import.en-GB.json",
        include_str!("../locales/import.en-GB.json"),
    ),
    (
        "security.en-GB.json",
        include_str!("../locales/security.en-GB.json"),
    ),
    (
        "text.en-GB.json",
        include_str!("../locales/text.en-GB.json"),
    ),
    (
        "audit.en-GB.json",
        include_str!("../locales/audit.en-GB.json"),
    ),
    (
        "rights.en-GB.json",
        include_str!("../locales/rights.en-GB.json"),
    ),
    (
        "operations.en-GB.json",
        include_str!("../locales/operations.en-GB.json"),
    ),
    (
        "minload.en-GB.json",
        include_str!("../locales/minload.en-GB.json"),
    ),
    (
        "explain.en-GB.json",
        include_str!("../locales/explain.en-GB.json"),
    ),
    (
        "assessment.en-GB.json",
        include_str!("../locales/assessment.en-GB.json"),
    ),
    (
        "appraisal.en-GB.json",
        include_str!("../locales/appraisal.en-GB.json"),
    ),
    (
        "kinds.en-GB.json",
        include_str!("../locales/kinds.en-GB.json"),
    ),
    (
        "exports.en-GB.json",
        include_str!("../locales/exports.en-GB.json"),
    ),
    (
        "lists.en-GB.json",
        include_str!("../locales/lists.en-GB.json"),
    ),
    (
        "instruments.en-GB.json",
        include_str!("../locales/instruments.en-GB.json"),
    ),
    (
        "lists-a.en-GB.json",
        include_str!("../locales/lists-a.en-GB.json"),
    ),
    (
        "lists-b.en-GB.json",
        include_str!("../locales/lists-b.en-GB.json"),
    ),
    (
        "homes.en-GB.json",
        include_str!("../locales/homes.en-GB.json"),
    ),
    (
        "phone.en-GB.json",
        include_str!("../locales/phone.en-GB.json"),
    ),
    (
        "refusals.en-GB.json",
        include_str!("../locales/refusals.en-GB.json"),
    ),
    (
        "words.en-GB.json",
        include_str!("../locales/words.en-GB.json"),
    ),
    (
        "peers.en-GB.json",
        include_str!("../locales/peers.en-GB.json"),
    ),
    (
        "story.en-GB.json",
        include_str!("../locales/story.en-GB.json"),
    ),
    (
        "dates.en-GB.json",
        include_str!("../locales/dates.en-GB.json"),
    ),
];
const NL_NL: &[(&str, &str)] = &[
    ("nl-NL.json", include_str!("../locales/nl-NL.json")),
    (
        "applications.nl-NL.json",
        include_str!("../locales/applications.nl-NL.json"),
    ),
    (
        "mentors.nl-NL.json",
        include_str!("../locales/mentors.nl-NL.json"),
    ),
    (
        "matching.nl-NL.json",
        include_str!("../locales/matching.nl-NL.json"),
    ),
    (
        "sessions.nl-NL.json",
        include_str!("../locales/sessions.nl-NL.json"),
    ),
    (
        "sets.nl-NL.json",
        include_str!("../locales/sets.nl-NL.json"),
    ),
    (
        "growth.nl-NL.json",
        include_str!("../locales/growth.nl-NL.json"),
    ),
    (
        "pairs.nl-NL.json",
        include_str!("../locales/pairs.nl-NL.json"),
    ),
    (
        "setup.nl-NL.json",
        include_str!("../locales/setup.nl-NL.json"),
    ),
    (
        "notices.nl-NL.json",
        include_str!("../locales/notices.nl-NL.json"),
    ),
    (
        "surveys.nl-NL.json",
        include_str!("../locales/surveys.nl-NL.json"),
    ),
    (
        "evaluation.nl-NL.json",
        include_str!("../locales/evaluation.nl-NL.json"),
    ),
    (
        "notices-journey.nl-NL.json",
        include_str!("../locales/notices-journey.nl-NL.json"),
    ),
    (
        "notices-meetings.nl-NL.json",
        include_str!("../locales/notices-meetings.nl-NL.json"),
    ),
    (
        "notices-scheduled.nl-NL.json",
        include_str!("../locales/notices-scheduled.nl-NL.json"),
    ),
    (
        "notices-accounts.nl-NL.json",
        include_str!("../locales/notices-accounts.nl-NL.json"),
    ),
    (
        "access.nl-NL.json",
        include_str!("../locales/access.nl-NL.json"),
    ),
    (
        "registration.nl-NL.json",
        include_str!("../locales/registration.nl-NL.json"),
    ),
    (
        "profiles.nl-NL.json",
        include_str!("../locales/profiles.nl-NL.json"),
    ),
    (
        "signin.nl-NL.json",
        include_str!("../locales/signin.nl-NL.json"),
    ),
    (
        "import.nl-NL.json",
        include_str!("../locales/import.nl-NL.json"),
    ),
    (
        "security.nl-NL.json",
        include_str!("../locales/security.nl-NL.json"),
    ),
    (
        "text.nl-NL.json",
        include_str!("../locales/text.nl-NL.json"),
    ),
    (
        "audit.nl-NL.json",
        include_str!("../locales/audit.nl-NL.json"),
    ),
    (
        "rights.nl-NL.json",
        include_str!("../locales/rights.nl-NL.json"),
    ),
    (
        "operations.nl-NL.json",
        include_str!("../locales/operations.nl-NL.json"),
    ),
    (
        "minload.nl-NL.json",
        include_str!("../locales/minload.nl-NL.json"),
    ),
    (
        "explain.nl-NL.json",
        include_str!("../locales/explain.nl-NL.json"),
    ),
    (
        "assessment.nl-NL.json",
        include_str!("../locales/assessment.nl-NL.json"),
    ),
    (
        "appraisal.nl-NL.json",
        include_str!("../locales/appraisal.nl-NL.json"),
    ),
    (
        "kinds.nl-NL.json",
        include_str!("../locales/kinds.nl-NL.json"),
    ),
    (
        "exports.nl-NL.json",
        include_str!("../locales/exports.nl-NL.json"),
    ),
    (
        "lists.nl-NL.json",
        include_str!("../locales/lists.nl-NL.json"),
    ),
    (
        "instruments.nl-NL.json",
        include_str!("../locales/instruments.nl-NL.json"),
    ),
    (
        "lists-a.nl-NL.json",
        include_str!("../locales/lists-a.nl-NL.json"),
    ),
    (
        "lists-b.nl-NL.json",
        include_str!("../locales/lists-b.nl-NL.json"),
    ),
    (
        "homes.nl-NL.json",
        include_str!("../locales/homes.nl-NL.json"),
    ),
    (
        "phone.nl-NL.json",
        include_str!("../locales/phone.nl-NL.json"),
    ),
    (
        "refusals.nl-NL.json",
        include_str!("../locales/refusals.nl-NL.json"),
    ),
    (
        "words.nl-NL.json",
        include_str!("../locales/words.nl-NL.json"),
    ),
    (
        "peers.nl-NL.json",
        include_str!("../locales/peers.nl-NL.json"),
    ),
    (
        "story.nl-NL.json",
        include_str!("../locales/story.nl-NL.json"),
    ),
    (
        "dates.nl-NL.json",
        include_str!("../locales/dates.nl-NL.json"),
    ),
];

/// The loaded translation tables.
pub struct I18n {
    en: HashMap<String, String>,
    nl: HashMap<String, String>,
}

impl I18n {
    fn load() -> Self {
        let parse = |files: &[(&str, &str)]| -> HashMap<String, String> {
            let mut all = HashMap::new();
            for (name, text) in files {
                let table: HashMap<String, String> =
                    serde_json::from_str(text).unwrap_or_else(|e| {
                        panic!("locale {name} is not a flat JSON object of strings: {e}")
                    });
                for (k, v) in table {
                    if all.insert(k.clone(), v).is_some() {
                        panic!("locale key {k} is defined twice (again in {name})");
                    }
                }
            }
            all
        };
        Self {
            en: parse(EN_GB),
            nl: parse(NL_NL),
        }
    }

    /// The process-wide tables (parsed once; they are compiled in).
    pub fn shared() -> &'static I18n {
        static SHARED: OnceLock<I18n> = OnceLock::new();
        SHARED.get_or_init(I18n::load)
    }

    /// All keys of one language, for the consistency test.
    pub fn keys(&self, lang: Lang) -> Vec<&str> {
        let mut k: Vec<&str> = self.table(lang).keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.table(lang).contains_key(key)
    }

    fn table(&self, lang: Lang) -> &HashMap<String, String> {
        match lang {
            Lang::EnGb => &self.en,
            Lang::NlNl => &self.nl,
        }
    }

    /// Text of `key` in `lang`.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.t_with(lang, key, &[])
    }

    /// Text of `key` in `lang` with `{name}` placeholders filled.
    pub fn t_with(&self, lang: Lang, key: &str, params: &[(&str, &str)]) -> String {
        let raw = self
            .table(lang)
            .get(key)
            .or_else(|| self.en.get(key))
            .map(String::as_str)
            .unwrap_or(key);
        // A `reason` placeholder carries a translation key of its own (e.g. why a file is malformed).
        if let Some((_, reason)) = params
            .iter()
            .find(|(k, v)| *k == "reason" && self.en.contains_key(*v))
        {
            let reason = self.t(lang, reason);
            let params: Vec<(&str, &str)> = params
                .iter()
                .map(|(k, v)| {
                    if *k == "reason" {
                        (*k, reason.as_str())
                    } else {
                        (*k, *v)
                    }
                })
                .collect();
            return fill(raw, &params);
        }
        fill(raw, params)
    }
}

/// Replaces `{name}` with its value; unknown placeholders are left as written.
pub fn fill(raw: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() || !raw.contains('{') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len() + 16);
    let mut rest = raw;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match params.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_keeps_unknown_ones() {
        assert_eq!(
            fill("Row {row}: {what}", &[("row", "3"), ("what", "x")]),
            "Row 3: x"
        );
        assert_eq!(fill("{a} and {b}", &[("a", "1")]), "1 and {b}");
        assert_eq!(fill("open { brace", &[("a", "1")]), "open { brace");
    }
}
