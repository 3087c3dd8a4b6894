//! The binary's one integration-test binary.
mod commands;
mod match_cmd;
