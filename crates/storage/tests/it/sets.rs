//! Storage stories of relationships in motion: sets.
