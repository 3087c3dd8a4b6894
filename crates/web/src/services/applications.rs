//! Use cases of the scheme journey: applications.
