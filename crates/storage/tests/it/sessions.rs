//! Storage stories of relationships in motion: sessions.
