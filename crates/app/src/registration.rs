//! Self-registration: a person registers, confirms their e-mail address by a single-use link,
//! and their organisation's coordinator confirms the employment before any application of
//! theirs can be approved.
