//! Tests of the use cases, run without HTTP: the matching planner's properties, and the main
//! journeys through `tandem_app` functions on the shared seeded world of `tandem-test-support`
//! (a fresh SQLite file, then a fresh PostgreSQL database when `TANDEM_TEST_POSTGRES_URL` is set).

mod access;
mod access_table;
mod access_world;
mod appraisal;
mod assessments;
mod dashboard;
mod delivery;
mod errors;
mod evaluation;
mod explanations;
mod exports;
mod import;
mod import_bulk;
mod import_mapping;
mod kinds;
mod matching_plan;
mod meeting_notices;
mod min_loads_plan;
mod nominations;
mod notices_journey;
mod offers;
mod pairs_plan;
mod peers;
mod profiles;
mod registration;
mod rights;
mod roles;
mod scheduler;
mod sessions;
mod setup;
mod sign_in;
mod surveys;
mod text_rule;
mod throttle;
mod upkeep;
