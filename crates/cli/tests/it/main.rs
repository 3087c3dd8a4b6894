//! The binary's one integration-test binary.
mod commands;
mod config_cmd;
mod match_cmd;
