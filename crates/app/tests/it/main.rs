//! Tests of the use cases, run without HTTP.

mod matching_plan;
