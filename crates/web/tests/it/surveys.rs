//! surveys: tests of this area.
