//! Storage stories of the scheme journey: applications.
