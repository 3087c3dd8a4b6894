//! Integration tests for tandem-people-io.

mod fixture;
mod messy;
mod organisations;
mod parsing;
mod roundtrip;
mod validation;
