//! Use cases of the scheme journey: mentors.
