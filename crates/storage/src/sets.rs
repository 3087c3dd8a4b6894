//! Storage of relationships in motion: sets.
