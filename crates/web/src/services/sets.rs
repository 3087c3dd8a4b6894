//! Use cases of relationships in motion: sets.
