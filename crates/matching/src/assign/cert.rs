//! Independent verification of an [`Assignment`] and its [`Certificate`](super::Certificate).
//!
//! This code shares nothing with the solvers but the data types: it recomputes loads, the number
//! assigned and the total score from the problem, and checks the lexicographic dual conditions arc
//! by arc in `i128`, so a bug in a solver shows up as a rejected certificate rather than as a
//! silently wrong "optimal" answer.

use super::{Assignment, DenseProblem, FORBIDDEN, SparseProblem};

/// Why a certificate (or the assignment it certifies) was rejected.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum CertificateError {
    #[error("{what} has length {got}, expected {expected}")]
    Length {
        what: &'static str,
        got: usize,
        expected: usize,
    },
    #[error("mentee {mentee} is assigned to mentor {mentor}, which does not exist")]
    UnknownMentor { mentee: usize, mentor: u32 },
    #[error("mentee {mentee} is assigned to mentor {mentor} but that pair is not allowed")]
    NotAnArc { mentee: usize, mentor: u32 },
    #[error("mentee {mentee} has {count} arcs to its mentor {mentor} (duplicate pair)")]
    DuplicateArc {
        mentee: usize,
        mentor: u32,
        count: u32,
    },
    #[error("mentor {mentor} has {load} mentees, capacity {capacity}")]
    OverCapacity {
        mentor: usize,
        load: u64,
        capacity: u32,
    },
    #[error("reported {reported} assigned, counted {counted}")]
    AssignedCount { reported: usize, counted: usize },
    #[error("reported total score {reported}, recomputed {recomputed}")]
    TotalScore { reported: i128, recomputed: i128 },
    #[error("{side} {index} has a negative dual value")]
    NegativeDual { side: &'static str, index: usize },
    #[error("mentee {mentee} has a positive dual value but is unassigned")]
    SlackMentee { mentee: usize },
    #[error("mentor {mentor} has a positive dual value but spare capacity")]
    SlackMentor { mentor: usize },
    #[error("arc (mentee {mentee}, mentor {mentor}, score {score}) violates dual feasibility")]
    Infeasible {
        mentee: usize,
        mentor: usize,
        score: i64,
    },
    #[error("assigned arc (mentee {mentee}, mentor {mentor}, score {score}) is not tight")]
    NotTight {
        mentee: usize,
        mentor: usize,
        score: i64,
    },
    #[error(
        "reported shortfall {reported} (or mentors below minimum) differs from recomputed {recomputed}"
    )]
    Shortfall { reported: u64, recomputed: u64 },
    #[error("primal and dual values differ: the assignment is not proven optimal")]
    DualityGap,
}

/// Verifies a sparse problem's assignment and certificate: feasibility, counts, score, and the
/// dual conditions documented on [`Certificate`](super::Certificate).
pub fn verify(p: &SparseProblem, a: &Assignment) -> Result<(), CertificateError> {
    check_nodes(p.mentees, &p.capacities, a)?;
    let c = &a.certificate;
    let mut tally = ArcTally::new(p.mentees);
    for arc in &p.arcs {
        let (i, j) = (arc.mentee as usize, arc.mentor as usize);
        let covers = u8::from(c.mentee_cover[i]) + u8::from(c.mentor_cover[j]);
        let pot = i128::from(c.mentee_potential[i]) + i128::from(c.mentor_potential[j]);
        check_arc(
            i,
            j,
            arc.score,
            covers,
            pot,
            a.mentor_of[i] == Some(arc.mentor),
        )?;
        if a.mentor_of[i] == Some(arc.mentor) {
            tally.record(i, arc.score);
        }
    }
    tally.finish(a)
}

/// Verifies a dense problem's assignment and certificate (every non-forbidden entry is an arc and
/// every column has capacity 1) without materialising the arcs.
///
/// The loop is written out rather than going through a per-arc callback: at n = 5,000 there are
/// 25 million entries, and an indirect call per entry cost more than a tenth of the whole solve.
/// A row's own values (cover, potential, assigned column) are read once per row.
pub fn verify_dense(p: &DenseProblem, a: &Assignment) -> Result<(), CertificateError> {
    if p.scores.len() != p.rows * p.cols {
        return Err(CertificateError::Length {
            what: "matrix",
            got: p.scores.len(),
            expected: p.rows * p.cols,
        });
    }
    let caps = vec![1u32; p.cols];
    check_nodes(p.rows, &caps, a)?;
    let c = &a.certificate;
    let mut tally = ArcTally::new(p.rows);
    for i in 0..p.rows {
        let row = &p.scores[i * p.cols..(i + 1) * p.cols];
        let row_cover = u8::from(c.mentee_cover[i]);
        let row_pot = i128::from(c.mentee_potential[i]);
        let assigned = a.mentor_of[i].map(|j| j as usize);
        for ((j, &s), (&col_cover, &col_pot)) in row
            .iter()
            .enumerate()
            .zip(c.mentor_cover.iter().zip(&c.mentor_potential))
        {
            if s == FORBIDDEN {
                continue;
            }
            let covers = row_cover + u8::from(col_cover);
            let pot = row_pot + i128::from(col_pot);
            let here = assigned == Some(j);
            // The common case (an unassigned arc one side covers, dual sum at least the score)
            // is decided by the two comparisons here; `check_arc` names the failure.
            if here || covers != 1 || pot < i128::from(s) {
                check_arc(i, j, s, covers, pot, here)?;
                if here {
                    tally.record(i, s);
                }
            }
        }
    }
    tally.finish(a)
}

/// The dual condition on one arc: an assigned arc is tight (exactly one side covers it and the
/// potentials sum to its score); any other arc is covered twice, or once with potentials summing
/// to at least its score.
#[inline]
fn check_arc(
    i: usize,
    j: usize,
    s: i64,
    covers: u8,
    pot: i128,
    assigned_here: bool,
) -> Result<(), CertificateError> {
    if assigned_here {
        if covers != 1 || pot != i128::from(s) {
            return Err(CertificateError::NotTight {
                mentee: i,
                mentor: j,
                score: s,
            });
        }
    } else if covers == 0 || (covers == 1 && pot < i128::from(s)) {
        return Err(CertificateError::Infeasible {
            mentee: i,
            mentor: j,
            score: s,
        });
    }
    Ok(())
}

/// Counts, while the arcs are walked, how often each mentee's assigned pair was met and the total
/// score of the assigned arcs; [`ArcTally::finish`] then proves every assigned pair is exactly one
/// allowed arc and the reported total is the real one. Shared by every verifier in this module
/// tree, so the dense, sparse and minimum-load certificates agree on what an assignment is.
pub(super) struct ArcTally {
    used: Vec<u32>,
    total: i128,
}

impl ArcTally {
    pub(super) fn new(mentees: usize) -> Self {
        Self {
            used: vec![0; mentees],
            total: 0,
        }
    }

    /// Records one arc that carries mentee `i`'s assigned pair.
    #[inline]
    pub(super) fn record(&mut self, i: usize, score: i64) {
        self.used[i] += 1;
        self.total += i128::from(score);
    }

    /// The recomputed total score of the assigned arcs.
    pub(super) fn total(&self) -> i128 {
        self.total
    }

    /// Every assigned pair met exactly once, and the reported total equal to the recomputed one.
    pub(super) fn finish(self, a: &Assignment) -> Result<(), CertificateError> {
        for (i, m) in a.mentor_of.iter().enumerate() {
            if let Some(j) = *m {
                match self.used[i] {
                    1 => {}
                    0 => {
                        return Err(CertificateError::NotAnArc {
                            mentee: i,
                            mentor: j,
                        });
                    }
                    n => {
                        return Err(CertificateError::DuplicateArc {
                            mentee: i,
                            mentor: j,
                            count: n,
                        });
                    }
                }
            }
        }
        if self.total != a.total_score {
            return Err(CertificateError::TotalScore {
                reported: a.total_score,
                recomputed: self.total,
            });
        }
        Ok(())
    }
}

/// Lengths, primal feasibility (loads within capacity, the assigned count) and the dual sign and
/// complementary-slackness conditions on the nodes.
fn check_nodes(mentees: usize, caps: &[u32], a: &Assignment) -> Result<(), CertificateError> {
    let mentors = caps.len();
    let c = &a.certificate;
    for (what, got, expected) in [
        ("mentor_of", a.mentor_of.len(), mentees),
        ("mentee_cover", c.mentee_cover.len(), mentees),
        ("mentee_potential", c.mentee_potential.len(), mentees),
        ("mentor_cover", c.mentor_cover.len(), mentors),
        ("mentor_potential", c.mentor_potential.len(), mentors),
    ] {
        if got != expected {
            return Err(CertificateError::Length {
                what,
                got,
                expected,
            });
        }
    }
    // Primal feasibility: loads within capacity.
    let mut load = vec![0u64; mentors];
    let mut counted = 0usize;
    for (i, m) in a.mentor_of.iter().enumerate() {
        if let Some(j) = *m {
            if j as usize >= mentors {
                return Err(CertificateError::UnknownMentor {
                    mentee: i,
                    mentor: j,
                });
            }
            load[j as usize] += 1;
            counted += 1;
        }
    }
    for (j, (&l, &cap)) in load.iter().zip(caps).enumerate() {
        if l > u64::from(cap) {
            return Err(CertificateError::OverCapacity {
                mentor: j,
                load: l,
                capacity: cap,
            });
        }
    }
    if counted != a.assigned {
        return Err(CertificateError::AssignedCount {
            reported: a.assigned,
            counted,
        });
    }
    // Dual sign conditions and complementary slackness on the node constraints.
    for i in 0..mentees {
        let (cov, pot) = (c.mentee_cover[i], c.mentee_potential[i]);
        if !cov && pot < 0 {
            return Err(CertificateError::NegativeDual {
                side: "mentee",
                index: i,
            });
        }
        if (cov || pot > 0) && a.mentor_of[i].is_none() {
            return Err(CertificateError::SlackMentee { mentee: i });
        }
    }
    for j in 0..mentors {
        let (cov, pot) = (c.mentor_cover[j], c.mentor_potential[j]);
        if !cov && pot < 0 {
            return Err(CertificateError::NegativeDual {
                side: "mentor",
                index: j,
            });
        }
        if (cov || pot > 0) && load[j] < u64::from(caps[j]) {
            return Err(CertificateError::SlackMentor { mentor: j });
        }
    }
    Ok(())
}
