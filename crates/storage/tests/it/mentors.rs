//! Storage stories of the scheme journey: mentors.
