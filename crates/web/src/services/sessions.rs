//! Use cases of relationships in motion: sessions.
