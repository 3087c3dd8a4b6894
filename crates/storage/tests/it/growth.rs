//! Storage stories of relationships in motion: growth.
