//! Storage of the scheme journey: relationships.
