//! HTTP tests of the scheme journey: matching.
