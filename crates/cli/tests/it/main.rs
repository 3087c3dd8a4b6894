//! The binary's one integration-test binary.
mod commands;
mod init_cmd;
mod match_cmd;
