//! evaluation: tests of this area.
