//! Storage of relationships in motion: sessions.
