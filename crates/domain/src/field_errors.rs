//! The shape of validation errors: a field name and a translation key per problem. A leaf, so
//! that the text rule ([`crate::text`]) and the field checks ([`crate::validate`]), which use
//! each other's parts, both build on it without importing each other in a circle.

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
