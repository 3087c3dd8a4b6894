//! Field validation shared by forms, the API and imports.
//!
//! Errors carry a field name and a translation key (never English text), so the web layer can show
//! them as an NHS error summary with inline messages in the reader's language, and the API can
//! return them per field.

pub use crate::field_errors::{FieldError, ValidationErrors};

/// Longest free-text field accepted anywhere (names, titles); longer text is refused, not cut.
pub const MAX_TEXT: usize = crate::text::LINE_MAX;

/// Characters that show as nothing (or as a plain space) but make two addresses differ: zero-width
/// space, non-joiner and joiner, word joiner, byte-order mark, soft hyphen, left-to-right and
/// right-to-left marks, and no-break spaces. Spreadsheets and copied e-mail signatures carry them
/// invisibly, so they are removed before an address is compared or stored.
const INVISIBLE: [char; 11] = [
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{00ad}', '\u{200e}', '\u{200f}',
    '\u{00a0}', '\u{202f}', '\u{180e}',
];

/// Cyrillic and Greek letters (lower case, as addresses are compared lower-cased) that look like
/// a Latin letter, with that letter. A small documented table rather than the whole Unicode
/// confusables list: these are the letters a Cyrillic or Greek keyboard, or a deliberate spoof,
/// puts into an otherwise Latin address. An address containing one is refused, never matched to
/// the Latin one and never stored as a second person: which of the two was meant is ambiguous.
pub const LOOKALIKES: [(char, char); 29] = [
    ('\u{0430}', 'a'), // Cyrillic а
    ('\u{0441}', 'c'), // Cyrillic с
    ('\u{0435}', 'e'), // Cyrillic е
    ('\u{0451}', 'e'), // Cyrillic ё
    ('\u{04bb}', 'h'), // Cyrillic һ
    ('\u{0456}', 'i'), // Cyrillic і
    ('\u{0458}', 'j'), // Cyrillic ј
    ('\u{043a}', 'k'), // Cyrillic к
    ('\u{043c}', 'm'), // Cyrillic м
    ('\u{043d}', 'h'), // Cyrillic н
    ('\u{043e}', 'o'), // Cyrillic о
    ('\u{0440}', 'p'), // Cyrillic р
    ('\u{0455}', 's'), // Cyrillic ѕ
    ('\u{0442}', 't'), // Cyrillic т
    ('\u{0443}', 'y'), // Cyrillic у
    ('\u{0445}', 'x'), // Cyrillic х
    ('\u{0501}', 'd'), // Cyrillic ԁ
    ('\u{051b}', 'q'), // Cyrillic ԛ
    ('\u{051d}', 'w'), // Cyrillic ԝ
    ('\u{03b1}', 'a'), // Greek α
    ('\u{03b5}', 'e'), // Greek ε
    ('\u{03b9}', 'i'), // Greek ι
    ('\u{03ba}', 'k'), // Greek κ
    ('\u{03bd}', 'v'), // Greek ν
    ('\u{03bf}', 'o'), // Greek ο
    ('\u{03c1}', 'p'), // Greek ρ
    ('\u{03c4}', 't'), // Greek τ
    ('\u{03c5}', 'u'), // Greek υ
    ('\u{03c7}', 'x'), // Greek χ
];

/// The first look-alike letter in an address (after folding), with the Latin letter it imitates.
pub fn lookalike_in(raw: &str) -> Option<(char, char)> {
    fold_email(raw)
        .chars()
        .find_map(|c| LOOKALIKES.iter().find(|(l, _)| *l == c).copied())
}

/// Trims, removes [`INVISIBLE`] characters, applies NFKC (fullwidth `ａ` → `a`, `＠` → `@`) and
/// lower-cases.
///
/// Nearly every address is plain ASCII, where none of that but trimming and lower-casing can
/// change anything (no invisible character and no compatibility form is ASCII): such an address
/// skips the Unicode passes, which were a tenth of a 1,000,000-row import's check. A property
/// test holds both ways to the same answer.
fn fold_email(raw: &str) -> String {
    if raw.is_ascii() {
        return raw.trim().to_ascii_lowercase();
    }
    fold_email_unicode(raw)
}

fn fold_email_unicode(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.chars()
        .filter(|c| !INVISIBLE.contains(c))
        .nfkc()
        .collect::<String>()
        .trim()
        .to_lowercase()
}

/// Normalises and checks a work e-mail address: invisible characters removed, NFKC-folded,
/// trimmed, lower-cased, one `@`, a dotted domain, no spaces or control characters. Deliberately
/// simple: the invitation e-mail proves the rest.
///
/// This is the one place addresses are normalised, so two spellings that differ only by invisible
/// or compatibility characters are the same person everywhere (forms, imports, sign-in), and an
/// address with a Cyrillic or Greek look-alike letter ([`LOOKALIKES`]) is refused with
/// `error.email_lookalike` rather than becoming a second person.
pub fn normalise_email(raw: &str) -> Result<String, &'static str> {
    let email = fold_email(raw);
    if email.is_empty() {
        return Err("error.email_required");
    }
    if lookalike_in(&email).is_some() {
        return Err("error.email_lookalike");
    }
    if email.chars().count() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("error.email_invalid");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("error.email_invalid");
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if local.is_empty()
        || domain.contains('@')
        || !domain_ok
        || local.contains(['<', '>', '"', ',', ';'])
    {
        return Err("error.email_invalid");
    }
    Ok(email)
}

/// Checks a required one-line field with the one text rule ([`crate::text`]) at [`MAX_TEXT`]
/// characters. Markup is allowed and stored as typed; pages escape it on output.
pub fn required_text(raw: &str) -> Result<String, &'static str> {
    let t = optional_text(raw)?;
    t.ok_or("error.required")
}

/// As [`required_text`] but empty is allowed (`None`). A text over the limit is refused with
/// `error.too_long` (whose message names [`MAX_TEXT`]), the other refusals with the rule's keys.
pub fn optional_text(raw: &str) -> Result<Option<String>, &'static str> {
    match crate::text::line(raw, MAX_TEXT) {
        Ok(t) if t.is_empty() => Ok(None),
        Ok(t) => Ok(Some(t)),
        Err(crate::text::TextError::TooLong { .. }) => Err("error.too_long"),
        Err(e) => Err(e.key()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn invisible_and_fullwidth_characters_fold_away() {
        let plain = normalise_email("ann.lee@example.org");
        assert_eq!(normalise_email("ann.\u{200b}lee@example.org"), plain);
        assert_eq!(
            normalise_email("\u{feff}Ann.Lee@Example.org\u{00a0}"),
            plain
        );
        assert_eq!(
            normalise_email("ann.l\u{00ad}ee@exam\u{200d}ple.org"),
            plain
        );
        assert_eq!(normalise_email("ａｎｎ.lee＠example.org"), plain);
    }

    #[test]
    fn cyrillic_and_greek_lookalikes_are_refused() {
        assert_eq!(
            normalise_email("\u{0430}nn.lee@example.org"),
            Err("error.email_lookalike")
        );
        assert_eq!(
            normalise_email("ann.lee@ex\u{03b1}mple.org"),
            Err("error.email_lookalike")
        );
        assert_eq!(lookalike_in("\u{0410}nn@x.org"), Some(('\u{0430}', 'a')));
        assert_eq!(lookalike_in("ann@x.org"), None);
    }

    proptest! {
        /// The plain-ASCII shortcut folds every ASCII text (spaces, tabs, vertical tabs, controls,
        /// capitals) exactly as the Unicode passes do.
        #[test]
        fn ascii_addresses_fold_as_by_the_unicode_passes(raw in "[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(fold_email(&raw), fold_email_unicode(&raw));
        }

        /// Sprinkling invisible characters anywhere never changes which person an address is.
        #[test]
        fn invisibles_never_make_a_second_person(
            local in "[a-z][a-z0-9.]{0,10}[a-z0-9]",
            at in 0usize..40,
            which in 0usize..INVISIBLE.len(),
        ) {
            let clean = format!("{local}@example.org");
            let mut noisy: Vec<char> = clean.chars().collect();
            noisy.insert(at.min(noisy.len()), INVISIBLE[which]);
            let noisy: String = noisy.into_iter().collect();
            prop_assert_eq!(normalise_email(&noisy), normalise_email(&clean));
        }

        /// Swapping any Latin letter for its look-alike is refused, never accepted as another address.
        #[test]
        fn a_lookalike_letter_is_always_refused(local in "[a-z]{2,10}", k in 0usize..LOOKALIKES.len()) {
            let (fake, _) = LOOKALIKES[k];
            let addr = format!("{local}{fake}@example.org");
            prop_assert_eq!(normalise_email(&addr), Err("error.email_lookalike"));
        }
    }
}
