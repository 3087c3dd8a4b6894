//! The domain crate's one integration-test binary.
mod grades;
mod policy;
mod profile;
mod programme;
mod validate;
