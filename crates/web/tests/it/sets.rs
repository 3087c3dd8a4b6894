//! HTTP tests of relationships in motion: sets.
