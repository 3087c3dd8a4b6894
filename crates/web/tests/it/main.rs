//! HTTP tests of the whole application, in process, against a real store: SQLite always, and a
//! fresh PostgreSQL database per test when `TANDEM_TEST_POSTGRES_URL` is set.

mod api;
mod applications;
mod assessments;
mod audit;
mod auth;
mod bad_input;
mod copy;
mod evaluation;
mod growth;
mod harness;
mod i18n;
mod import;
mod limits;
mod matching;
mod mentors;
mod notices;
mod notices_dead;
mod openapi;
mod openapi_check;
mod ops;
mod pages;
mod pairs;
mod people;
mod profiles;
mod registration;
mod rights;
mod roles;
mod sessions;
mod sets;
mod setup;
mod sso;
mod surveys;
mod throttle;
