//! Tandem's matching engine.
//!
//! Pure logic: no web, no database, no file-system access. The `files` module reads and writes the
//! file contract of `tandem match` (see `docs/matching.md`) from any `Read`/`Write` handed in, so
//! the binary owns the files and this crate stays testable in memory.
//!
//! * [`assign`] — exact many-to-one assignment with capacities (dense Jonker–Volgenant and sparse
//!   min-cost flow), each result with a verified optimality certificate.
//! * [`candidates`] — from people and programme rules to a sparse, explainable candidate graph,
//!   with Lee & Orlin pricing so the sparse optimum is proven optimal for the full problem.
//! * [`stable`] — mentee-proposing deferred acceptance with capacities, verified blocking-pair free.
//! * [`groups`] — partition into diverse sets within size bounds, with a proven upper bound.
//! * [`files`] — the CSV / text file contract of `tandem match`.

pub mod assign;
pub mod candidates;
pub mod files;
pub mod fit;
pub mod groups;
pub mod stable;
