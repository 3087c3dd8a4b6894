//! Storage stories of the scheme journey: relationships.
