//! Exact many-to-one assignment with capacities.
//!
//! **Objective (lexicographic).** First maximise the number of mentees assigned, then maximise the
//! total score of the assigned pairs. A pair that is not an arc is forbidden.
//!
//! **Engines.**
//! * [`solve_sparse`]: an ε-scaling auction with native capacities and a reverse phase for spare
//!   places, whose prices are turned into exact integer duals (module `auction`), wherever every
//!   mentee can be placed. When someone cannot, the contested part `R` (below) is split off and
//!   solved by shortest augmenting paths (Dijkstra with reduced costs on a radix heap, early
//!   termination at the first mentor with spare capacity) on the CSR graph, after a dual-feasible
//!   greedy warm start; that engine is also the fallback and, alone, [`solve_sparse_paths`].
//!   Capacities are native (no slot expansion).
//! * [`solve_dense`]: Jonker–Volgenant (1987) with its initialisation phase (column reduction,
//!   reduction transfer, augmenting row reduction) and its level-by-level shortest augmenting path,
//!   on the caller's row-major matrix without copying it.
//!
//! **Why two passes for the lexicographic objective.** A single pass of shortest augmenting paths
//! from one mentee at a time gives the maximum *number* assigned (Kuhn), and a minimum-cost
//! assignment of every mentee it can place, but when some mentee cannot be placed it may have kept
//! the wrong competitor. The mentees and mentors reachable by alternating paths from the unplaced
//! ones (the set `R` of the Gallai–Edmonds / Dulmage–Mendelsohn decomposition) are exactly where
//! that choice lives: every maximum assignment fills each mentor of `R` with mentees of `R` and
//! places every mentee outside `R` with a mentor outside `R`. So the engine re-solves the part in
//! `R` from the mentors' side (all their places must be filled, mentees compete) and keeps the
//! rest. Both parts are ordinary "one side must be fully served" problems, so plain `i64` reduced
//! costs suffice: no big-M, no overflow from combining cardinality with scores.
//!
//! **Minimum loads.** [`solve_sparse_min_loads`] adds a per-mentor minimum as the second level of
//! the objective (most assigned, then least total shortfall, then highest score); see module
//! `min_loads` for why it uses its own exact engine and a three-level certificate. Without
//! minimums it is exactly [`solve_sparse`].
//!
//! **Certificate.** See [`Certificate`]: dual values of the linear programme
//! `max Σ (M + s_ij) x_ij` for a symbolic, arbitrarily large `M`, written as pairs
//! `(cover bit, potential)` compared lexicographically. [`verify`] checks primal feasibility,
//! dual feasibility and complementary slackness in `O(arcs)` with `i128` arithmetic; the engine
//! runs it before it reports `optimal: true`.

mod auction;
mod cert;
mod dense;
mod heap;
mod min_loads;
mod sparse;

pub use cert::{CertificateError, verify, verify_dense};
pub use min_loads::{
    BelowMin, Lex, MinLoadAssignment, MinLoadCertificate, solve_sparse_min_loads,
    solve_sparse_min_loads_flow, verify_min_loads,
};

/// Where each mentor's places start in a flat array of places (one entry per unit of capacity),
/// plus the total at the end.
fn slot_starts(cap: &[u32]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(cap.len() + 1);
    let mut acc = 0usize;
    for &c in cap {
        starts.push(acc);
        acc += c as usize;
    }
    starts.push(acc);
    starts
}

/// Largest score magnitude accepted: keeps every potential and path length well inside `i64`.
pub const MAX_SCORE: i64 = 1_000_000_000_000;

/// Marks a forbidden pair in a [`DenseProblem`].
pub const FORBIDDEN: i64 = i64::MIN;

/// An allowed (mentee, mentor) pair and its score; a pair with no arc is forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Arc {
    pub mentee: u32,
    pub mentor: u32,
    pub score: i64,
}

/// A sparse many-to-one problem: `capacities[mentor]` places per mentor, arcs in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SparseProblem {
    pub mentees: usize,
    pub capacities: Vec<u32>,
    pub arcs: Vec<Arc>,
}

impl SparseProblem {
    pub fn mentors(&self) -> usize {
        self.capacities.len()
    }
}

/// A dense one-to-one problem: row-major `rows × cols` scores, [`FORBIDDEN`] for a forbidden pair.
/// Row `i` is mentee `i`, column `j` is mentor `j` with capacity 1; `rows` may differ from `cols`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DenseProblem {
    pub rows: usize,
    pub cols: usize,
    pub scores: Vec<i64>,
}

impl DenseProblem {
    pub fn score(&self, row: usize, col: usize) -> i64 {
        self.scores[row * self.cols + col]
    }

    /// The same problem as a sparse one (every non-forbidden entry becomes an arc).
    pub fn to_sparse(&self) -> SparseProblem {
        let mut arcs = Vec::new();
        for i in 0..self.rows {
            for j in 0..self.cols {
                let s = self.scores[i * self.cols + j];
                if s != FORBIDDEN {
                    arcs.push(Arc {
                        mentee: i as u32,
                        mentor: j as u32,
                        score: s,
                    });
                }
            }
        }
        SparseProblem {
            mentees: self.rows,
            capacities: vec![1; self.cols],
            arcs,
        }
    }
}

/// Optimality certificate: a dual solution of the assignment linear programme.
///
/// With a symbolic large `M`, the primal is `max Σ (M + s_ij) x_ij` subject to each mentee at most
/// once and mentor `j` at most `capacities[j]` times. Its dual values are written as pairs
/// `u_i = (mentee_cover[i], mentee_potential[i])`, `v_j = (mentor_cover[j], mentor_potential[j])`
/// meaning `cover·M + potential`, compared lexicographically. The assignment is optimal for the
/// lexicographic objective when, for every arc `(i, j, s)`:
/// * `u_i + v_j ≥ (1, s)` (dual feasibility), with equality when `i` is assigned to `j`;
/// * `u_i ≥ 0`, `v_j ≥ 0`; `u_i > 0` only if `i` is assigned; `v_j > 0` only if `j` is full.
///
/// Weak duality then bounds every feasible assignment by `Σ u_i + Σ capacity_j · v_j`, which the
/// complementary slackness conditions make equal to this assignment's value. The cover bits alone
/// are a König vertex cover proving the number assigned is maximum.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Certificate {
    pub mentee_cover: Vec<bool>,
    pub mentee_potential: Vec<i64>,
    pub mentor_cover: Vec<bool>,
    pub mentor_potential: Vec<i64>,
}

/// Counters describing how the solve went (for benchmarks and logs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SolveStats {
    /// Mentees placed by the initialisation phase (greedy / column reduction / row reduction).
    pub initialised: usize,
    /// Shortest augmenting path searches run.
    pub searches: usize,
    /// Columns scanned over all searches.
    pub scanned: u64,
    /// Mentees in the re-solved reachable part `R` (0 when everyone with an arc can be placed).
    pub contested_mentees: usize,
    /// Bids of the auction fast path; 0 when the shortest-augmenting-path engine solved it.
    pub auction_bids: u64,
}

/// The result of a solve.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assignment {
    /// Mentor of each mentee, `None` for an unassigned mentee.
    pub mentor_of: Vec<Option<u32>>,
    pub assigned: usize,
    pub total_score: i128,
    /// True only when [`verify`] accepted the certificate.
    pub optimal: bool,
    pub certificate: Certificate,
    pub stats: SolveStats,
}

/// Invalid input to a solver.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum AssignError {
    #[error("arc {arc}: mentee {mentee} out of range (there are {mentees} mentees)")]
    MenteeOutOfRange {
        arc: usize,
        mentee: u32,
        mentees: usize,
    },
    #[error("arc {arc}: mentor {mentor} out of range (there are {mentors} mentors)")]
    MentorOutOfRange {
        arc: usize,
        mentor: u32,
        mentors: usize,
    },
    #[error("arc {arc}: score {score} outside [-{MAX_SCORE}, {MAX_SCORE}]")]
    ScoreOutOfRange { arc: usize, score: i64 },
    #[error("arc {arc}: duplicate pair (mentee {mentee}, mentor {mentor})")]
    DuplicateArc {
        arc: usize,
        mentee: u32,
        mentor: u32,
    },
    #[error("dense matrix has {len} entries, expected {rows} x {cols}")]
    MatrixShape {
        rows: usize,
        cols: usize,
        len: usize,
    },
    #[error("dense entry ({row}, {col}): score {score} outside [-{MAX_SCORE}, {MAX_SCORE}]")]
    DenseScoreOutOfRange { row: usize, col: usize, score: i64 },
    #[error("too many mentees, mentors or arcs for 32-bit indices")]
    TooLarge,
    #[error("the engine's optimality certificate was rejected: {0}")]
    Internal(#[from] CertificateError),
    #[error("{got} minimum loads given for {mentors} mentors")]
    MinLoadsLength { got: usize, mentors: usize },
    #[error("mentor {mentor}: minimum load {min} above capacity {capacity}")]
    MinAboveCapacity {
        mentor: u32,
        min: u32,
        capacity: u32,
    },
}

/// Solves a sparse many-to-one problem exactly; the result carries a verified certificate.
pub fn solve_sparse(p: &SparseProblem) -> Result<Assignment, AssignError> {
    let mut a = sparse::solve(p)?;
    verify(p, &a)?;
    a.optimal = true;
    Ok(a)
}

/// [`solve_sparse`] with shortest augmenting paths only, never the auction: the reference the
/// auction is compared with in tests and benchmarks.
pub fn solve_sparse_paths(p: &SparseProblem) -> Result<Assignment, AssignError> {
    let mut a = sparse::solve_with(p, false)?;
    verify(p, &a)?;
    a.optimal = true;
    Ok(a)
}

/// Solves a dense one-to-one problem exactly; the result carries a verified certificate.
pub fn solve_dense(p: &DenseProblem) -> Result<Assignment, AssignError> {
    let mut a = dense::solve(p)?;
    verify_dense(p, &a)?;
    a.optimal = true;
    Ok(a)
}

/// Solves without running the final certificate check (`optimal` stays false). For callers that
/// verify later themselves, e.g. pricing loops that check the full problem instead.
pub fn solve_sparse_unverified(p: &SparseProblem) -> Result<Assignment, AssignError> {
    sparse::solve(p)
}

/// Checks a sparse problem's arcs: indices in range, scores in range, no duplicate pair.
pub fn validate_sparse(p: &SparseProblem) -> Result<(), AssignError> {
    if p.mentees >= u32::MAX as usize || p.capacities.len() >= u32::MAX as usize {
        return Err(AssignError::TooLarge);
    }
    let mentors = p.capacities.len();
    for (k, a) in p.arcs.iter().enumerate() {
        if a.mentee as usize >= p.mentees {
            return Err(AssignError::MenteeOutOfRange {
                arc: k,
                mentee: a.mentee,
                mentees: p.mentees,
            });
        }
        if a.mentor as usize >= mentors {
            return Err(AssignError::MentorOutOfRange {
                arc: k,
                mentor: a.mentor,
                mentors,
            });
        }
        if !(-MAX_SCORE..=MAX_SCORE).contains(&a.score) {
            return Err(AssignError::ScoreOutOfRange {
                arc: k,
                score: a.score,
            });
        }
    }
    Ok(())
}
