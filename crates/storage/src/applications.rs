//! Storage of the scheme journey: applications.
