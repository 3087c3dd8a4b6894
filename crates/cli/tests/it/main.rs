//! The binary's one integration-test binary.
mod match_cmd;
