//! Field validation shared by forms, the API and imports.
//!
//! Errors carry a field name and a translation key (never English text), so the web layer can show
//! them as an NHS error summary with inline messages in the reader's language, and the API can
//! return them per field.

use serde::Serialize;

/// One problem with one field. `message` is a translation key, `params` fill its placeholders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub params: Vec<(String, String)>,
}

/// All problems found with one submission.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{} field(s) are not valid", errors.len())]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: &str) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
            params: vec![],
        });
    }

    pub fn add_with(&mut self, field: &str, message: &str, params: &[(&str, &str)]) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
            params: params
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }

    /// `Ok(())` when nothing was added, so a validator can end with `errors.into_result()`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

/// Longest free-text field accepted anywhere (names, titles); longer text is refused, not cut.
pub const MAX_TEXT: usize = 200;

/// Normalises and checks a work e-mail address: trimmed, lower-cased, one `@`, a dotted domain,
/// no spaces or control characters. Deliberately simple: the invitation e-mail proves the rest.
pub fn normalise_email(raw: &str) -> Result<String, &'static str> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err("error.email_required");
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

/// Checks a required free-text field: trimmed, non-empty, at most [`MAX_TEXT`] characters, no
/// control characters. Markup is allowed and stored as typed; pages escape it on output.
pub fn required_text(raw: &str) -> Result<String, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Err("error.required");
    }
    optional_text(t).map(|s| s.unwrap_or_default())
}

/// As [`required_text`] but empty is allowed (`None`).
pub fn optional_text(raw: &str) -> Result<Option<String>, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > MAX_TEXT {
        return Err("error.too_long");
    }
    if t.chars().any(|c| c.is_control()) {
        return Err("error.control_characters");
    }
    Ok(Some(t.to_string()))
}
