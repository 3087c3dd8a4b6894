//! The domain crate's one integration-test binary.
mod grades;
mod policy;
mod policy_kinds;
mod profile;
mod programme;
mod validate;
