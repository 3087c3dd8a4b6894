//! HTTP tests of relationships in motion: growth.
