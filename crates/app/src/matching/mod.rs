//! Use cases of matching runs and the relationships they publish.
//!
//! - Criteria: the coordinator's level ("must", "high", "medium", "low", "off") per criterion,
//!   stored in the programme's rules.
//! - Runs: [`run`] gathers the approved pool of an intake into a [`plan::RunInputs`] snapshot,
//!   solves it with [`plan::plan`] and saves inputs, parameters and result; nothing is visible to
//!   participants until [`publish`], which refuses a run whose inputs changed since it ran.
//! - Pins: lock or forbid a pair, swap two partners; the next run honours them.
//! - Relationships: offers (accept or decline before the deadline), the agreement (edit, sign),
//!   the lifecycle and the private no-fault ending.

mod agreements;
pub mod assessment;
mod criteria;
pub mod dual;
pub mod explain;
mod figures;
mod inputs;
mod min_loads;
mod offers;
pub mod pairs;
mod pins;
pub mod plan;
mod publication;
pub mod reasons;
mod relationships;
mod runs;
mod shortlists;

pub use agreements::*;
pub use criteria::*;
pub use figures::*;
pub use offers::*;
pub use pins::*;
pub use publication::*;
pub use relationships::*;
pub use runs::*;
pub use shortlists::*;
