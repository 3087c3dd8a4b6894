//! How the stories read the use cases' errors: by the translation keys users are shown, so that
//! they assert what a person would be told, whatever shape the error type takes.

use tandem_app::AppError;

/// The key of the headline explanation (for a refusal, the refusal's own key).
pub fn key(e: &AppError) -> &'static str {
    e.message_key()
}

/// The field errors as (field, key).
pub fn fields(e: &AppError) -> Vec<(String, String)> {
    e.field_errors()
        .into_iter()
        .map(|(field, key, _)| (field, key))
        .collect()
}

/// The one field error, as (field, key); panics when there is not exactly one.
pub fn field(e: &AppError) -> (String, String) {
    let all = fields(e);
    assert_eq!(
        all.len(),
        1,
        "expected one field error, got {all:?} from {e:?}"
    );
    all.into_iter().next().unwrap()
}
