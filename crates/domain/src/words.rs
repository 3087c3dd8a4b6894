//! Words that read differently by language: the profession vocabulary and the family-name sort
//! key.
//!
//! **Professions.** HR files and forms write a profession as free text, in English or Dutch and in
//! any case ("Nursing", "verpleegkunde", "Verpleegkundige"). A fixed vocabulary gives each common
//! health and social care profession a stable code, so that a Dutch reader sees "Verpleegkunde"
//! where an English one sees "Nursing", and so that matching and eligibility treat "Nursing" and
//! "Verpleegkunde" as one profession. Input that names no profession of the vocabulary stays free
//! text and is shown as written. The display labels are translations (locale area `words`, keys
//! `profession.<code>`); this module holds only what input may say, so that the domain stays free
//! of any locale file. A test in the web crate checks that every label is accepted as input.
//!
//! **Family names.** Dutch family names start with particles (*van*, *de*, *van der*, *in 't*)
//! that Dutch lists ignore when sorting: "Petra van der Meer" sorts under M. [`family_sort_key`]
//! computes the key people lists sort by; storage writes it with every person and migration 0039
//! recomputes old keys with the same particle list ([`PARTICLES`]).

use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// One profession of the vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profession {
    /// Stable code, stored in place of the text and used in translation keys (`profession.<code>`).
    pub code: &'static str,
    /// Every spelling input may use for it besides the code, in either language (compared
    /// folded: case, diacritics and spacing are ignored). The en-GB and nl-NL labels are among them.
    pub accepts: &'static [&'static str],
}

const fn p(code: &'static str, accepts: &'static [&'static str]) -> Profession {
    Profession { code, accepts }
}

/// The vocabulary: the professions of the demo and of realistic UK and Dutch health and social
/// care HR files. Codes never change once stored; new professions go at the end.
pub static PROFESSIONS: &[Profession] = &[
    p(
        "nursing",
        &[
            "Nursing",
            "Nurse",
            "Nurses",
            "Registered nurse",
            "Verpleegkunde",
            "Verpleging",
            "Verpleegkundige",
        ],
    ),
    p(
        "midwifery",
        &["Midwifery", "Midwife", "Verloskunde", "Verloskundige"],
    ),
    p(
        "medicine",
        &[
            "Medicine",
            "Medical",
            "Doctor",
            "Doctors",
            "Geneeskunde",
            "Arts",
            "Artsen",
        ],
    ),
    p(
        "allied_health",
        &[
            "Allied health professions",
            "Allied health professionals",
            "Allied health",
            "AHP",
            "AHPs",
            "Paramedische beroepen",
            "Paramedisch",
        ],
    ),
    p(
        "social_work",
        &[
            "Social work",
            "Social worker",
            "Sociaal werk",
            "Maatschappelijk werk",
            "Maatschappelijk werker",
        ],
    ),
    p(
        "care_work",
        &[
            "Care work",
            "Care worker",
            "Social care",
            "Zorg en welzijn",
            "Verzorging",
            "Verzorgende",
            "Zorgmedewerker",
        ],
    ),
    p(
        "management",
        &["Management", "Manager", "Leidinggeven", "Leidinggevende"],
    ),
    p(
        "pharmacy",
        &["Pharmacy", "Pharmacist", "Farmacie", "Apotheker"],
    ),
    p(
        "psychology",
        &["Psychology", "Psychologist", "Psychologie", "Psycholoog"],
    ),
    p(
        "public_health",
        &[
            "Public health",
            "Publieke gezondheid",
            "Publieke gezondheidszorg",
        ],
    ),
    p(
        "chaplaincy",
        &[
            "Chaplaincy",
            "Chaplain",
            "Spiritual care",
            "Geestelijke verzorging",
            "Geestelijk verzorger",
        ],
    ),
    p(
        "dentistry",
        &["Dentistry", "Dentist", "Tandheelkunde", "Tandarts"],
    ),
    p(
        "paramedicine",
        &[
            "Paramedics",
            "Paramedic",
            "Ambulance service",
            "Ambulancezorg",
        ],
    ),
    p(
        "healthcare_science",
        &[
            "Healthcare science",
            "Healthcare scientist",
            "Klinische technologie",
        ],
    ),
    p(
        "administration",
        &[
            "Administration",
            "Administrative and clerical",
            "Administratie",
            "Administratief medewerker",
        ],
    ),
];

/// Lower-cased, compatibility-decomposed text without combining marks, typographic apostrophes
/// made plain and whitespace collapsed: how both vocabulary and input are compared.
fn fold(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| {
            if matches!(c, '\u{2018}' | '\u{2019}') {
                '\''
            } else {
                c
            }
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every spelling [`Profession::find`] accepts, folded once, with its profession. An import
/// looks a profession up per row; folding the whole vocabulary each time was an eighth of a
/// 1,000,000-row import's time (issue #18). Where two professions accept the same folded
/// spelling, the first in [`PROFESSIONS`] keeps it, as the linear search it replaces did.
static FOLDED_PROFESSIONS: LazyLock<HashMap<String, &'static Profession>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for p in PROFESSIONS {
        let spellings = [fold(p.code), fold(&p.code.replace('_', " "))]
            .into_iter()
            .chain(p.accepts.iter().map(|a| fold(a)));
        for s in spellings {
            map.entry(s).or_insert(p);
        }
    }
    map
});

impl Profession {
    /// The profession a text names (its code or any accepted spelling), if any.
    pub fn find(text: &str) -> Option<&'static Profession> {
        let wanted = fold(text);
        if wanted.is_empty() {
            return None;
        }
        FOLDED_PROFESSIONS.get(&wanted).copied()
    }

    /// The profession with this exact code.
    pub fn by_code(code: &str) -> Option<&'static Profession> {
        PROFESSIONS.iter().find(|p| p.code == code)
    }
}

/// What is stored for a profession typed or imported as `text`: the vocabulary code when the text
/// names one, otherwise the text trimmed, as written.
pub fn canonical_profession(text: &str) -> String {
    match Profession::find(text) {
        Some(p) => p.code.to_string(),
        None => text.trim().to_string(),
    }
}

/// The key two professions are compared by (matching, eligibility): the code when known, else
/// the folded text, so "Nursing", "nursing" and "Verpleegkunde" are one profession and stored
/// rows written before the vocabulary compare like new ones.
pub fn profession_key(text: &str) -> String {
    match Profession::find(text) {
        Some(p) => p.code.to_string(),
        None => fold(text),
    }
}

/// Dutch family-name particles, longest (most words) first, written as the key writes them
/// (lower case, single spaces, a plain apostrophe). Migration 0039 tests them in this order.
pub static PARTICLES: &[&str] = &[
    "van der", "van den", "van het", "van 't", "van de", "in 't", "in het", "in de", "in den",
    "uit de", "uit den", "uit het", "op de", "op den", "op het", "op 't", "aan de", "aan den",
    "aan het", "bij de", "onder de", "over de", "van", "von", "der", "den", "de", "het", "'t",
    "ter", "ten", "te",
];

/// The key a family name sorts by: lower case, spacing collapsed, typographic apostrophes made
/// plain, and leading Dutch particles ([`PARTICLES`], as whole words, longest first) removed
/// while a word remains after them. "van der Meer" sorts as "meer", "de Graaf" as "graaf",
/// "Vandermeer" and "Devries" as written, and a name that is only particles ("Van") as itself.
///
/// Idempotent, and never empty for a name with any non-space character, so every person has a
/// place in a list. Names are displayed as written; only the order changes.
pub fn family_sort_key(family_name: &str) -> String {
    let mut key: String = family_name
        .to_lowercase()
        .replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    'strip: loop {
        for particle in PARTICLES {
            if let Some(rest) = key.strip_prefix(particle)
                && let Some(rest) = rest.strip_prefix(' ')
                && !rest.is_empty()
            {
                key = rest.to_string();
                continue 'strip;
            }
        }
        return key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The search `find` replaced: the first profession any of whose spellings folds alike.
    fn find_linear(text: &str) -> Option<&'static Profession> {
        let wanted = fold(text);
        if wanted.is_empty() {
            return None;
        }
        PROFESSIONS.iter().find(|p| {
            fold(p.code) == wanted
                || fold(&p.code.replace('_', " ")) == wanted
                || p.accepts.iter().any(|a| fold(a) == wanted)
        })
    }

    #[test]
    fn find_agrees_with_the_linear_search_on_every_spelling() {
        for p in PROFESSIONS {
            let spellings = [p.code.to_string(), p.code.replace('_', " ")]
                .into_iter()
                .chain(p.accepts.iter().map(|a| a.to_string()));
            for s in spellings {
                for variant in [s.clone(), s.to_uppercase(), format!("  {s} ")] {
                    let found = Profession::find(&variant).map(|f| f.code);
                    assert_eq!(found, find_linear(&variant).map(|f| f.code), "{variant}");
                    assert!(found.is_some(), "{variant} names a profession");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn find_agrees_with_the_linear_search(text in "\\PC{0,20}") {
            prop_assert_eq!(
                Profession::find(&text).map(|p| p.code),
                find_linear(&text).map(|p| p.code)
            );
        }
    }

    #[test]
    fn particles_are_ignored_longest_first() {
        assert_eq!(family_sort_key("van der Meer"), "meer");
        assert_eq!(family_sort_key("de Graaf"), "graaf");
        assert_eq!(family_sort_key("in ’t Veld"), "veld");
        assert_eq!(family_sort_key("Van  Den Berg"), "berg");
        assert_eq!(family_sort_key("ter Horst"), "horst");
        assert_eq!(family_sort_key("'t Hart"), "hart");
        assert_eq!(family_sort_key("Jansen"), "jansen");
        assert_eq!(family_sort_key("Vandermeer"), "vandermeer");
        assert_eq!(family_sort_key("Devries"), "devries");
        assert_eq!(family_sort_key("Van"), "van");
        assert_eq!(family_sort_key("van de"), "de");
        assert_eq!(family_sort_key("Müller"), "müller");
    }

    #[test]
    fn particles_are_in_key_form_and_longest_first() {
        for (i, p) in PARTICLES.iter().enumerate() {
            assert_eq!(*p, family_sort_key_unstripped(p), "{p} is in key form");
            for later in &PARTICLES[i + 1..] {
                assert!(
                    !later.starts_with(&format!("{p} ")),
                    "{later} must come before {p}"
                );
            }
        }
    }

    #[test]
    fn professions_are_found_in_either_language() {
        assert_eq!(canonical_profession("Nursing"), "nursing");
        assert_eq!(canonical_profession("  VERPLEEGKUNDE "), "nursing");
        assert_eq!(canonical_profession("allied_health"), "allied_health");
        assert_eq!(
            canonical_profession("Allied  health professions"),
            "allied_health"
        );
        assert_eq!(canonical_profession("Maatschappelijk werk"), "social_work");
        assert_eq!(canonical_profession("Géneeskunde"), "medicine");
        assert_eq!(canonical_profession(" Art therapy "), "Art therapy");
        assert_eq!(profession_key("Art Therapy"), profession_key("art therapy"));
        assert_eq!(profession_key("Nursing"), profession_key("Verpleegkunde"));
    }

    #[test]
    fn every_spelling_names_one_profession() {
        for p in PROFESSIONS {
            assert_eq!(Profession::find(p.code).map(|f| f.code), Some(p.code));
            for a in p.accepts {
                assert_eq!(Profession::find(a).map(|f| f.code), Some(p.code), "{a}");
            }
        }
    }

    proptest! {
        #[test]
        fn sort_key_is_idempotent_and_never_empty(
            words in prop::collection::vec(
                prop_oneof![
                    Just("van".to_string()), Just("der".to_string()), Just("de".to_string()),
                    Just("’t".to_string()), Just("in".to_string()), Just("Ter".to_string()),
                    "[A-Za-zéü'’]{1,8}",
                ],
                1..5,
            ),
            sep in "[ \t]{1,3}",
        ) {
            let name = words.join(&sep);
            let key = family_sort_key(&name);
            prop_assert_eq!(family_sort_key(&key), key.clone());
            prop_assert!(!key.is_empty());
            // Only whole leading words go: the key is the name's last words.
            let norm = family_sort_key_unstripped(&name);
            prop_assert!(norm == key || norm.ends_with(&format!(" {key}")), "{} -> {}", norm, key);
        }
    }

    fn family_sort_key_unstripped(name: &str) -> String {
        name.to_lowercase()
            .replace(['\u{2018}', '\u{2019}'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}
