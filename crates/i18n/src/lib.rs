//! Translations (en-GB and nl-NL), shared by the pages, the API's messages and the e-mails the
//! use cases send.
//!
//! Every user-facing string is a [Project Fluent](https://projectfluent.org) message in
//! `locales/LANG/AREA.ftl`, embedded in the binary. Callers name a message by its Tandem key
//! (`"homes.todo.surveys"`); the Fluent id is the same key with a reversible spelling
//! ([`fluent_id`]), because Fluent ids cannot contain dots. Counts are plural selectors on a
//! number (`{ $count -> [one] … *[other] … }`), chosen by the CLDR rules of the language
//! (`intl_pluralrules`, through `fluent-bundle`). A missing key falls back to English and then to
//! the key itself, so a gap is visible but never breaks a page; tests keep both languages'
//! messages and plural variants equal.
//!
//! Arguments are text, as callers format them (numbers grouped the reader's way by the templates'
//! `number()`); an argument that is a plain whole number (`"0"`, `"1"`, `"25"`) is handed to
//! Fluent as a number so that plural selectors see it, and is shown exactly as given. A grouped or
//! capped figure ("20,000", "1,000+") stays text and selects the `*[other]` variant, which is the
//! CLDR category of every such figure in English and Dutch.
//!
//! It is its own crate because both `tandem-app` (e-mails, default agreement terms) and
//! `tandem-web` (pages) translate, and neither should depend on the other for it.

pub mod dates;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentMessage, FluentResource, FluentValue};
use fluent_syntax::ast;

pub use tandem_domain::Language as Lang;

/// The message areas, one FTL file per language each (`locales/en-GB/AREA.ftl`,
/// `locales/nl-NL/AREA.ftl`), merged at start-up. A message defined twice is a load error, so
/// areas cannot silently override each other.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        &[$((
            $area,
            include_str!(concat!("../locales/en-GB/", $area, ".ftl")),
            include_str!(concat!("../locales/nl-NL/", $area, ".ftl")),
        )),*]
    };
}

/// (area, en-GB source, nl-NL source).
const AREAS: &[(&str, &str, &str)] = areas![
    "core",
    "applications",
    "mentors",
    "matching",
    "sessions",
    "sets",
    "growth",
    "pairs",
    "setup",
    "notices",
    "surveys",
    "evaluation",
    "notices-journey",
    "notices-meetings",
    "notices-scheduled",
    "notices-accounts",
    "access",
    "registration",
    "profiles",
    "signin",
    "import",
    "security",
    "text",
    "audit",
    "rights",
    "operations",
    "minload",
    "explain",
    "assessment",
    "appraisal",
    "kinds",
    "exports",
    "lists",
    "instruments",
    "lists-a",
    "lists-b",
    "homes",
    "phone",
    "refusals",
    "words",
    "peers",
    "story",
    "dates",
];

/// The FTL files of one language as (file name, source), in registration order.
pub fn sources(lang: Lang) -> Vec<(String, &'static str)> {
    AREAS
        .iter()
        .map(|(area, en, nl)| match lang {
            Lang::EnGb => (format!("en-GB/{area}.ftl"), *en),
            Lang::NlNl => (format!("nl-NL/{area}.ftl"), *nl),
        })
        .collect()
}

/// The Fluent message id of a Tandem key: `-` → `--`, `/` → `__`, `.` → `-` (reversible by
/// [`key_of`]; `crates/i18n/tools/json_to_ftl.py` uses the same mapping).
pub fn fluent_id(key: &str) -> String {
    key.replace('-', "--").replace('/', "__").replace('.', "-")
}

/// The Tandem key of a Fluent message id (the inverse of [`fluent_id`]).
pub fn key_of(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut chars = id.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('-', Some('-')) => {
                chars.next();
                out.push('-');
            }
            ('_', Some('_')) => {
                chars.next();
                out.push('/');
            }
            ('-', _) => out.push('.'),
            (c, _) => out.push(c),
        }
    }
    out
}

/// Why the compiled-in messages could not be loaded: names the file and where in it.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("locale file {file}, line {line} (message {key}): {reason}")]
    Syntax {
        file: String,
        line: usize,
        /// The Tandem key of the message the error is in or after ("-" at the top of the file).
        key: String,
        reason: String,
    },
    #[error("locale file {file}: message {key} is defined twice (again here)")]
    Duplicate { file: String, key: String },
    #[error("locale file {file}, line {line}: {id} is not a Tandem key's message id")]
    BadId {
        file: String,
        line: usize,
        id: String,
    },
    #[error("locale file {file}: message {key} has no text")]
    NoValue { file: String, key: String },
}

/// One language's messages.
pub struct Messages {
    bundle: FluentBundle<FluentResource>,
    keys: BTreeSet<String>,
}

/// 1-based line of byte offset `pos` in `source`.
fn line_at(source: &str, pos: usize) -> usize {
    source[..pos.min(source.len())].matches('\n').count() + 1
}

/// The key of the last message starting at or before byte `pos` (what a translator looks for).
fn key_before(source: &str, pos: usize) -> String {
    source[..pos.min(source.len())]
        .lines()
        .rev()
        .find_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let valid = id.chars().next()?.is_ascii_alphabetic()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            valid.then(|| key_of(id))
        })
        .unwrap_or_else(|| "-".to_owned())
}

impl Messages {
    /// Parses and merges one language's FTL files. Every error names the file and the message.
    pub fn load(lang: Lang, files: &[(String, &str)]) -> Result<Self, LoadError> {
        let tag = lang.tag().parse().expect("a language tag Tandem supports");
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // Isolation marks (U+2068/U+2069) around arguments would reach e-mail subjects, CSV
        // files and `title` attributes verbatim; both languages are left-to-right.
        bundle.set_use_isolating(false);
        let mut keys = BTreeSet::new();
        for (file, source) in files {
            let resource =
                FluentResource::try_new((*source).to_owned()).map_err(|(_, errors)| {
                    let error = &errors[0];
                    LoadError::Syntax {
                        file: file.clone(),
                        line: line_at(source, error.pos.start),
                        key: key_before(source, error.pos.start),
                        reason: error.to_string(),
                    }
                })?;
            for entry in resource.entries() {
                match entry {
                    ast::Entry::Message(message) => {
                        let id = message.id.name;
                        let key = key_of(id);
                        let line = line_at(source, source.find(id).unwrap_or_default());
                        if fluent_id(&key) != id {
                            return Err(LoadError::BadId {
                                file: file.clone(),
                                line,
                                id: id.to_owned(),
                            });
                        }
                        if message.value.is_none() {
                            return Err(LoadError::NoValue {
                                file: file.clone(),
                                key,
                            });
                        }
                        if !keys.insert(key.clone()) {
                            return Err(LoadError::Duplicate {
                                file: file.clone(),
                                key,
                            });
                        }
                    }
                    ast::Entry::Term(term) => {
                        return Err(LoadError::BadId {
                            file: file.clone(),
                            line: line_at(source, source.find(term.id.name).unwrap_or_default()),
                            id: format!("-{}", term.id.name),
                        });
                    }
                    _ => {}
                }
            }
            // Duplicates were refused above, so adding cannot override anything.
            bundle
                .add_resource(resource)
                .map_err(|_| LoadError::Duplicate {
                    file: file.clone(),
                    key: "-".to_owned(),
                })?;
        }
        Ok(Self { bundle, keys })
    }

    /// The message of `key`, and whether the key named one plural variant (`X.one`): callers
    /// written against the old `X.one` / `X.other` pairs still get message `X`.
    fn lookup(&self, key: &str) -> Option<(FluentMessage<'_>, bool)> {
        if let Some(message) = self.bundle.get_message(&fluent_id(key)) {
            return Some((message, false));
        }
        let (base, category) = key.rsplit_once('.')?;
        if !matches!(category, "zero" | "one" | "two" | "few" | "many" | "other") {
            return None;
        }
        let message = self.bundle.get_message(&fluent_id(base))?;
        Some((message, category == "one"))
    }

    fn has(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    /// The formatted message, with the Fluent errors met on the way (a missing argument, say).
    pub fn format(
        &self,
        key: &str,
        params: &[(&str, &str)],
    ) -> Option<(String, Vec<fluent_bundle::FluentError>)> {
        let (message, one) = self.lookup(key)?;
        let pattern = message.value()?;
        let mut args = FluentArgs::with_capacity(params.len() + 1);
        for (name, value) in params {
            args.set(*name, arg_value(value));
        }
        if one && args.get("count").is_none() {
            args.set("count", 1);
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&args), &mut errors);
        let mut text = text.into_owned();
        if !errors.is_empty() {
            // An argument the caller did not give shows as `{name}`, as it always has.
            text = text.replace("{$", "{");
        }
        Some((text, errors))
    }
}

/// A plain whole number becomes a Fluent number (plural selectors see it, and it prints exactly
/// as given: at most 15 digits, no leading zero); anything else stays text.
fn arg_value<'a>(value: &'a str) -> FluentValue<'a> {
    let plain = !value.is_empty()
        && value.len() <= 15
        && value.bytes().all(|b| b.is_ascii_digit())
        && (value == "0" || !value.starts_with('0'));
    match value.parse::<u64>() {
        Ok(n) if plain => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

/// The loaded translation tables.
pub struct I18n {
    en: Messages,
    nl: Messages,
}

impl I18n {
    /// Parses both languages' compiled-in FTL files.
    pub fn load() -> Result<Self, LoadError> {
        Ok(Self {
            en: Messages::load(Lang::EnGb, &sources(Lang::EnGb))?,
            nl: Messages::load(Lang::NlNl, &sources(Lang::NlNl))?,
        })
    }

    /// The process-wide tables (parsed once; they are compiled in). Binaries call this at
    /// start-up, so a malformed FTL file stops the program there, naming the file and message,
    /// rather than at the first page that needs it.
    pub fn shared() -> &'static I18n {
        Self::try_shared().unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`I18n::shared`], or why the compiled-in files do not load (for a clean start-up error).
    pub fn try_shared() -> Result<&'static I18n, &'static LoadError> {
        static SHARED: OnceLock<Result<I18n, LoadError>> = OnceLock::new();
        SHARED.get_or_init(I18n::load).as_ref()
    }

    /// All keys of one language, for the consistency test (a plural message is one key).
    pub fn keys(&self, lang: Lang) -> Vec<&str> {
        self.messages(lang)
            .keys
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// Whether `key` names a message (`X.one` / `X.other` name plural message `X`).
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.messages(lang).has(key)
    }

    /// One language's messages.
    pub fn messages(&self, lang: Lang) -> &Messages {
        match lang {
            Lang::EnGb => &self.en,
            Lang::NlNl => &self.nl,
        }
    }

    /// Text of `key` in `lang`.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.t_with(lang, key, &[])
    }

    /// Text of `key` in `lang` with its arguments (`$name` in the message) given as text; a
    /// plain whole number selects plural variants (see the crate documentation).
    pub fn t_with(&self, lang: Lang, key: &str, params: &[(&str, &str)]) -> String {
        // A `reason` argument carries a translation key of its own (e.g. why a file is malformed).
        let reason = params
            .iter()
            .find(|(k, v)| *k == "reason" && self.en.has(v))
            .map(|(_, reason)| self.t(lang, reason));
        let params: Cow<[(&str, &str)]> = match &reason {
            Some(reason) => params
                .iter()
                .map(|(k, v)| {
                    if *k == "reason" {
                        (*k, reason.as_str())
                    } else {
                        (*k, *v)
                    }
                })
                .collect(),
            None => Cow::Borrowed(params),
        };
        self.messages(lang)
            .format(key, &params)
            .or_else(|| self.en.format(key, &params))
            .map(|(text, _)| text)
            .unwrap_or_else(|| key.to_owned())
    }
}

/// Replaces `{name}` with its value; unknown placeholders are left as written. (The placeholder
/// syntax of the JSON files before Fluent; kept for callers that fill their own templates.)
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

    #[test]
    fn ids_round_trip() {
        for key in [
            "homes.todo.surveys",
            "lists-b.audit.more",
            "language.en-GB",
            "setup.zone.Europe/London",
            "notices.month.10",
        ] {
            let id = fluent_id(key);
            assert!(!id.contains('.') && !id.contains('/'), "{id}");
            assert_eq!(key_of(&id), key);
        }
        assert_eq!(fluent_id("lists-b.audit.more"), "lists--b-audit-more");
    }

    fn one_file(source: &str) -> Result<Messages, LoadError> {
        Messages::load(Lang::EnGb, &[("en-GB/bad.ftl".to_owned(), source)])
    }

    #[test]
    fn a_malformed_file_fails_at_load_naming_file_line_and_message() {
        let source = "homes-title = Home\nhomes-count = { $count ->\n    [one] One\n}\n";
        let error = one_file(source)
            .err()
            .expect("a select without default is refused");
        let text = error.to_string();
        assert!(text.contains("en-GB/bad.ftl"), "{text}");
        assert!(text.contains("homes.count"), "{text}");
        assert!(
            matches!(error, LoadError::Syntax { line, .. } if (2..=4).contains(&line)),
            "{text}"
        );

        let unclosed = "a-b = fine\nc-d = Open { $name\ne-f = next\n";
        let text = one_file(unclosed)
            .err()
            .expect("unclosed placeable")
            .to_string();
        assert!(text.contains("bad.ftl") && text.contains("c.d"), "{text}");

        let twice = "a-b = one\na-b = two\n";
        let text = one_file(twice).err().expect("duplicate").to_string();
        assert!(text.contains("a.b") && text.contains("twice"), "{text}");

        assert!(one_file("a-b = fine\n").is_ok());
    }

    #[test]
    fn arguments_that_are_whole_numbers_select_plurals_and_print_as_given() {
        let m =
            one_file("n = { $count ->\n    [one] one { $count }\n   *[other] many { $count }\n}\n")
                .expect("valid");
        let f = |count: &str| m.format("n", &[("count", count)]).expect("message").0;
        assert_eq!(f("1"), "one 1");
        assert_eq!(f("0"), "many 0");
        assert_eq!(f("2"), "many 2");
        assert_eq!(f("1,000+"), "many 1,000+");
        assert_eq!(f("007"), "many 007");
        assert_eq!(f("123456789012"), "many 123456789012");
    }
}
