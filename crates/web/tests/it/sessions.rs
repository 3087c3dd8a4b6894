//! HTTP tests of relationships in motion: sessions.
