//! Use cases of the scheme journey: matching.
