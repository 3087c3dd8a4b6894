//! The words Tandem uses: the glossary (`crates/i18n/glossary.json`) and formal Dutch.
//!
//! Read from the FTL sources rather than through formatted output so that a failure names the key
//! (and plural variant) and the text as a translator sees them in `locales/LANG/AREA.ftl`. Each test collects every finding
//! before failing, so one run lists everything there is to fix.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod ftl;

use regex::{Regex, RegexBuilder};
use serde_json::Value;
use tandem_i18n::Lang;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every text of one language, read from its FTL files: each message, and each variant of a
/// message that selects (`homes.todo.surveys[one]`), with arguments as `{name}`.
fn locale(lang: Lang) -> BTreeMap<String, String> {
    let values = ftl::values(lang);
    assert!(!values.is_empty(), "no {lang:?} messages");
    values
}

fn pattern(source: &str, what: &str) -> Regex {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .build()
        .unwrap_or_else(|error| panic!("glossary {what}: bad pattern {source:?}: {error}"))
}

/// One controlled term; see the glossary's `about` for what each pattern means.
struct Term {
    id: String,
    en: Regex,
    keys: Vec<String>,
    en_avoid: Option<Regex>,
    nl: Regex,
    nl_avoid: Option<Regex>,
    nl_reserved: Option<Regex>,
}

impl Term {
    /// Whether the English of `key` uses this term.
    fn used_in(&self, key: &str, english: &str) -> bool {
        // A plural variant (`key[one]`) belongs to its message's key.
        let key = key.split('[').next().unwrap_or(key);
        self.en.is_match(english) || self.keys.iter().any(|k| k == key)
    }
}

struct Glossary {
    ignore: Vec<Regex>,
    terms: Vec<Term>,
}

impl Glossary {
    fn load(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).expect("glossary readable");
        let json: Value = serde_json::from_str(&text).expect("glossary is JSON");
        let text_of = |term: &Value, field: &str, id: &str| -> Option<Regex> {
            term.get(field).map(|value| {
                let source = value
                    .as_str()
                    .unwrap_or_else(|| panic!("glossary term {id}: {field} is not a string"));
                pattern(source, &format!("term {id} {field}"))
            })
        };
        let ignore = json["ignore"]
            .as_array()
            .expect("glossary has an ignore list")
            .iter()
            .map(|p| pattern(p.as_str().expect("ignore pattern is a string"), "ignore"))
            .collect();
        let terms = json["terms"]
            .as_array()
            .expect("glossary has a terms list")
            .iter()
            .map(|term| {
                let id = term["id"].as_str().expect("term has an id").to_owned();
                Term {
                    en: text_of(term, "en", &id).expect("term has en"),
                    keys: term
                        .get("keys")
                        .and_then(Value::as_array)
                        .map(|keys| {
                            keys.iter()
                                .map(|k| k.as_str().expect("key is a string").to_owned())
                                .collect()
                        })
                        .unwrap_or_default(),
                    en_avoid: text_of(term, "en_avoid", &id),
                    nl: text_of(term, "nl", &id).expect("term has nl"),
                    nl_avoid: text_of(term, "nl_avoid", &id),
                    nl_reserved: text_of(term, "nl_reserved", &id),
                    id,
                }
            })
            .collect();
        Glossary { ignore, terms }
    }

    /// The text with placeholders, URLs, code and field names blanked out: they are not words.
    fn clean(&self, text: &str) -> String {
        self.ignore.iter().fold(text.to_owned(), |text, re| {
            re.replace_all(&text, " ").into_owned()
        })
    }
}

fn glossary() -> Glossary {
    Glossary::load(&crate_dir().join("glossary.json"))
}

/// Every problem found in the given values, one line each naming the key and the text.
fn glossary_findings(
    glossary: &Glossary,
    en: &BTreeMap<String, String>,
    nl: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut findings = Vec::new();
    for (key, english_raw) in en {
        let english = glossary.clean(english_raw);
        let dutch_raw = nl.get(key).map(String::as_str).unwrap_or_default();
        let dutch = glossary.clean(dutch_raw);
        for term in &glossary.terms {
            if let Some(avoid) = &term.en_avoid
                && let Some(found) = avoid.find(&english)
            {
                findings.push(format!(
                    "{key}: en-GB uses {:?}, not the glossary's word for {} — {english_raw:?}",
                    found.as_str(),
                    term.id
                ));
            }
            if term.used_in(key, &english) {
                if !term.nl.is_match(&dutch) {
                    findings.push(format!(
                        "{key}: en-GB says {} but nl-NL lacks /{}/ — en {english_raw:?}, nl {dutch_raw:?}",
                        term.id,
                        term.nl.as_str()
                    ));
                }
                if let Some(avoid) = &term.nl_avoid {
                    // The renderings of the other terms this English uses are legitimate here.
                    let rest = glossary
                        .terms
                        .iter()
                        .filter(|other| other.id != term.id && other.used_in(key, &english))
                        .fold(dutch.clone(), |text, other| {
                            other.nl.replace_all(&text, " ").into_owned()
                        });
                    if let Some(found) = avoid.find(&rest) {
                        findings.push(format!(
                            "{key}: nl-NL uses {:?}, which the glossary forbids for {} — nl {dutch_raw:?}",
                            found.as_str(),
                            term.id
                        ));
                    }
                }
            } else if let Some(reserved) = &term.nl_reserved
                && let Some(found) = reserved.find(&dutch)
            {
                findings.push(format!(
                    "{key}: nl-NL uses {:?}, reserved for {}, but the English does not say {} — en {english_raw:?}, nl {dutch_raw:?}",
                    found.as_str(),
                    term.id,
                    term.id
                ));
            }
        }
    }
    findings
}

fn informal_findings(nl: &BTreeMap<String, String>) -> Vec<String> {
    let informal = pattern(r"\b(je|jij|jou|jouw|jullie|jezelf|jouwe)\b", "informal");
    nl.iter()
        .filter_map(|(key, text)| {
            informal.find(text).map(|found| {
                format!(
                    "{key}: informal {:?} (Tandem addresses people as u/uw) — {text:?}",
                    found.as_str()
                )
            })
        })
        .collect()
}

#[test]
fn every_locale_value_keeps_to_the_glossary() {
    let findings = glossary_findings(&glossary(), &locale(Lang::EnGb), &locale(Lang::NlNl));
    assert!(
        findings.is_empty(),
        "{} glossary finding(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

#[test]
fn dutch_is_formal_everywhere() {
    let findings = informal_findings(&locale(Lang::NlNl));
    assert!(
        findings.is_empty(),
        "{} informal Dutch value(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

fn one(key: &str, text: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(key.to_owned(), text.to_owned())])
}

/// The checks above would pass vacuously if the patterns never matched; these prove each kind of
/// finding fires on the mistakes issue 17 reported.
#[test]
fn the_checks_catch_the_reported_mistakes() {
    let glossary = glossary();
    let cases = [
        ("sign_in.title", "Sign in", "Aanmelden", "sign_in"),
        (
            "x.apply",
            "Apply to {intake}",
            "Inloggen voor {intake}",
            "apply",
        ),
        ("mode.in_person", "In person", "Persoonlijk", "in_person"),
        (
            "x.end",
            "End this match without fault",
            "Beëindigen zonder schuld",
            "no_fault_ending",
        ),
        (
            "x.mail",
            "Check your e-mail",
            "Controleer uw e-mail",
            "email",
        ),
        (
            "x.reserved",
            "Opt in to the directory",
            "Meld u aan voor de gids: aanmelden",
            "apply",
        ),
    ];
    for (key, english, dutch, term) in cases {
        let findings = glossary_findings(&glossary, &one(key, english), &one(key, dutch));
        assert!(
            findings
                .iter()
                .any(|f| f.starts_with(&format!("{key}:")) && f.contains(term)),
            "{english:?} / {dutch:?} should be a {term} finding, got {findings:?}"
        );
    }
    // Both senses side by side are fine when the English speaks of both.
    let key = "x.both";
    let findings = glossary_findings(
        &glossary,
        &one(
            key,
            "An application is started; people without an account are invited to sign in.",
        ),
        &one(
            key,
            "Er wordt een aanmelding gestart; wie geen account heeft, wordt uitgenodigd om in te loggen.",
        ),
    );
    assert!(findings.is_empty(), "{findings:?}");

    // Every variant of a plural message is read: the mistake in the `one` variant is found.
    let plural = ftl::values_of_source(
        "x-plural =\n    { $count ->\n        [one] Jij hebt { $count } notitie\n       *[other] U hebt { $count } notities\n    }\n",
    );
    assert_eq!(plural.len(), 2, "{plural:?}");
    let informal = informal_findings(&plural);
    assert!(
        informal.len() == 1 && informal[0].starts_with("x.plural[one]:"),
        "{informal:?}"
    );
    let findings = glossary_findings(
        &glossary,
        &ftl::values_of_source(
            "x-in = { $count ->\n    [one] In person\n   *[other] In person, { $count } times\n}\n",
        ),
        &ftl::values_of_source(
            "x-in = { $count ->\n    [one] Op locatie\n   *[other] Persoonlijk, { $count } keer\n}\n",
        ),
    );
    assert!(
        !findings.is_empty() && findings.iter().all(|f| f.starts_with("x.in[other]:")),
        "{findings:?}"
    );

    let informal = informal_findings(&one("x.je", "Alleen jij kunt je notitie lezen."));
    assert_eq!(informal.len(), 1, "{informal:?}");
    assert!(informal_findings(&one("x.u", "Alleen u kunt uw notitie lezen.")).is_empty());
}
