//! The matching crate's one integration-test binary (one binary per crate keeps link time down).
mod assign;
mod candidates;
mod files;
mod groups;
mod min_loads;
mod stable;
