//! What Tandem's test suites share, so that storage, use-case and HTTP tests build the same
//! databases and the same scheme in one way. A dev-dependency only (`publish = false`); it never
//! depends on axum or `tandem-web`, so the use cases can be tested without HTTP.
//!
//! # Databases on each backend ([`db`], always available)
//!
//! - [`on_sqlite`]`(story)`, [`on_postgres`]`(story)`, [`on_backends`]`(story)`: run
//!   `story: impl Fn(Database) -> impl Future<Output = ()>` on a fresh, migrated SQLite file; on a
//!   fresh PostgreSQL database when `TANDEM_TEST_POSTGRES_URL` is set (required, so a missing
//!   URL fails, when `TANDEM_TEST_REQUIRE_POSTGRES=1`); or on SQLite and then PostgreSQL. The
//!   database is deleted afterwards, also when the story panics.
//! - [`Database`]`{ store, url }`: `backend()`, `connect_again()` (a second pool on the same
//!   database, as another server would open), `fingerprint()`.
//! - [`TempPgDatabase::create`]`(admin_url)` (dropped with the value), `copy()` (`CREATE
//!   DATABASE … TEMPLATE` of it), [`postgres_url`].
//!
//! ## Seed once, check many times
//!
//! For suites of many calls that must each start from the same rich state (the access table
//! calls every use case as ten kinds of people), seeding per call would take minutes:
//!
//! - [`Template::sqlite`]`(seed)`, [`Template::postgres`]`(admin_url, seed)`: `seed:
//!   FnOnce(Database) -> impl Future<Output = T>` fills a fresh, migrated database once; they
//!   return the template and the `T` (the ids of what was seeded). `copy()` is a
//!   [`TemplateCopy`]: a fresh database with the template's contents (a file copy on SQLite,
//!   `CREATE DATABASE … TEMPLATE` on PostgreSQL), with `database()`, `fingerprint()` and
//!   `close()`; it is deleted when dropped.
//! - [`Fingerprint`]: per table, the number of rows and a hash of their contents, read on a
//!   connection of its own. Equal before and after a call: the call wrote nothing, not even an
//!   audit entry (how a test proves that a refused call had no effect). `changed_since(&before)`
//!   names the tables that differ, as `table (then -> now rows)`.
//!
//! # Store-level fixtures ([`fixtures`], always available)
//!
//! Rows written straight through the `Store` at given times, for stories about what comes after
//! them: `scheme`, `organisation`, `add_person` (also [`add_person`]), `programme`, `intake`,
//! `submitted_application`, `approve`, `matchable_profile`, `draft_run`,
//! `proposed_relationship`, `publish` (one relationship through a draft run, with an
//! [`fixtures::Offer`]`{ at, deadline, slot }`), `accept_and_sign`, `at(y, m, d, h, min)`.
//!
//! # The seeded world (feature `world`, on by default)
//!
//! [`World`] is one scheme on a fresh database and the `tandem_app::Context` around it, built by
//! [`World::build`]`(database, WorldOptions)` or, per backend, by [`on_worlds`]`(|w| async move {
//! … })` and [`on_worlds_with`]`(options, story)`. [`WorldOptions`] has the use cases'
//! `settings` (base URL `https://tandem.test`) and where the clock `start`s;
//! [`context`]`(store, options)` is the context a world has, for a world seeded another way
//! (one copied from a [`Template`], say): `(Context, MemoryMailer, Arc<SettableClock>)`.
//!
//! - Alpha Trust (NHS trust): `scheme_coordinator` ([`SC`]), `coordinator_a` ([`CA`]),
//!   `participant` ([`PA`]) and three `staff_a` without accounts; Beta Council (local
//!   authority): `coordinator_b` ([`CB`]) and two `staff_b`. Accounts use [`PASSWORD`].
//! - `ctx` (store, `mailer`, `clock`, settings), `clock: Arc<SettableClock>` (move it with
//!   `advance`/`set`), `mailer: MemoryMailer` (`sent()`, `last_to(email)`), `database`.
//! - People and actors: `actor(person)` (roles in the world's scheme; also the free
//!   [`actor_of`]`(&w, person)`), `actor_in(person, scheme)`, `add_person(org, given, family,
//!   email)`, `add_account(person, email, RoleAssignment)`, `add_role_holder(org, given, family,
//!   email, RoleAssignment)`, `add_participant(org, given, family, email)`,
//!   `another_scheme(name, coordinator_email) -> OtherScheme`, `people_count()`.
//! - The journey: `programme_with_intake((name, kind, rules), intake_name, [open, close,
//!   start] in days from today, [places A, places B])`, `approved_application(intake, person,
//!   org, role, profile)`, `publish(intake, kind, &[&Application], slot)` (straight through the
//!   store, 14 days to answer), `run_and_publish(intake)` (matching through the use cases, as
//!   the scheme coordinator), `accept(relationship, people)` and `sign(relationship, people,
//!   version)` (through the use cases).
//! - Ready-made: `mentoring(rules) -> Mentoring { programme, intake, mentee, mentor }` (an
//!   intake open today with Pat approved as mentee and Mo Mentor, [`MO`] of Beta Council, as
//!   mentor, ready to be matched) and `active_mentoring(rules) -> (Mentoring, Relationship)`
//!   (published, accepted and signed: active).
//! - `another_server()`: a second `Context` on the same database (its own pool; the same clock,
//!   mailer and settings), for stories of several instances behind a load balancer.
//!
//! ```ignore
//! use tandem_test_support::{on_worlds, fixtures::matchable_profile};
//!
//! #[tokio::test]
//! async fn a_story() {
//!     on_worlds(|w| async move {
//!         let pat = w.actor(w.participant).await;
//!         // … call tandem_app use cases with &w.ctx and &pat, assert on what they return and
//!         // on w.ctx.store …
//!     })
//!     .await;
//! }
//! ```

#[cfg(feature = "world")]
pub mod burst;
pub mod db;
pub mod fixtures;
#[cfg(feature = "world")]
pub mod smtp_sink;
#[cfg(feature = "world")]
mod world;

pub use db::{
    Database, Fingerprint, TempPgDatabase, Template, TemplateCopy, on_backends, on_postgres,
    on_sqlite, postgres_url,
};
pub use fixtures::add_person;
/// The MIME parser the sink's messages are read with, for tests that look deeper.
#[cfg(feature = "world")]
pub use mail_parser;
#[cfg(feature = "world")]
pub use smtp_sink::{Received, SmtpSink};
#[cfg(feature = "world")]
pub use world::{
    CA, CB, MO, Mentoring, OtherScheme, PA, PASSWORD, SC, World, WorldOptions, actor_of, context,
    deliver, on_worlds, on_worlds_with,
};
