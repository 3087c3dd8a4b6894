//! Use cases of relationships in motion: growth.
