//! HTTP tests of the scheme journey: applications.
