//! The binary's one integration-test binary.
mod audit_cmd;
mod backup_cmd;
mod commands;
mod config_cmd;
mod copy_cmd;
mod import_cmd;
mod init_cmd;
mod match_cmd;
mod notices_cmd;
mod retention_cmd;
mod role_cmd;
mod stats_cmd;
