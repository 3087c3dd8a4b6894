//! Integration tests for tandem-people-io.

mod fixture;
mod parsing;
mod roundtrip;
mod validation;
