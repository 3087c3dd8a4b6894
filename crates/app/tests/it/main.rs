//! Tests of the use cases, run without HTTP.

mod access;
mod access_table;
mod access_world;
mod matching_plan;
