//! Storage of relationships in motion: growth.
