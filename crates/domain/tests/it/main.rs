//! The domain crate's one integration-test binary.
mod grades;
mod policy;
mod programme;
mod validate;
