//! Profiles people keep: expertise and interests, languages, availability, modes, location,
//! an introduction and phone numbers, with who may see what.
