//! HTTP tests of the scheme journey: mentors.
