//! Exact many-to-one assignment with a minimum load per mentor.
//!
//! **Objective (lexicographic).** First the most mentees assigned, then the least total shortfall
//! `Σ max(0, min_j − load_j)`, then the highest total score. Without minimums this is the
//! objective of [`solve_sparse`](super::solve_sparse), and [`solve_sparse_min_loads`] then simply
//! calls it, so the no-minimum path keeps its speed and its results.
//!
//! **Model.** A min-cost flow `S → mentee → mentor → t` where each mentor has two edges to `t`:
//! a *bonus* edge of capacity `min_j` worth `(0, 1, 0)` and a *rest* edge of capacity
//! `cap_j − min_j` worth nothing; a mentee edge is worth `(1, 0, 0)` and an arc `(0, 0, s)`.
//! Values are triples compared lexicographically (an ordered abelian group), so no big-M is
//! needed and nothing can overflow: cardinality, filled minimum places and score each keep their
//! own component. The bonus units filled are `Σ min(load_j, min_j) = Σ min_j − shortfall`.
//!
//! **Why not the two-pass design of the plain engine.** There the contested part `R` of the
//! Dulmage–Mendelsohn decomposition is re-solved "from the mentors' side" because every maximum
//! assignment fills `R`'s mentors completely. With minimums the second level of the objective
//! couples mentors inside and outside `R` (moving a mentee between two non-full mentors changes
//! the shortfall without changing the count), so instead the mentees are added one at a time
//! and each addition is one exact step of successive shortest paths: the difference between the
//! optimum with and without mentee `i` is a single path or cycle through the edge `S → i`
//! (anything else would have been an improvement before). If a path to `t` exists it is taken
//! (one more mentee dominates); otherwise the cheapest cycle back to `S` is taken if it improves,
//! i.e. `i` replaces an assigned mentee `k` — exactly the choice the Dulmage–Mendelsohn pass makes
//! in the plain engine. Searches are Dijkstra on reduced costs with Johnson potentials.
//!
//! **Certificate.** [`MinLoadCertificate`]: dual values of the linear programme, as triples.
//! They are derived from shortest distances in the final residual graph (label correcting,
//! warm-started from the solver's potentials) and checked by [`verify_min_loads`], which shares
//! nothing with the solver: arc by arc dual feasibility and equality of primal and dual values
//! in `i128`, which by weak duality proves the lexicographic optimum.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::cert::ArcTally;
use super::{
    Arc, AssignError, Assignment, CertificateError, SolveStats, SparseProblem, solve_sparse,
    validate_sparse,
};

/// A lexicographic value `(cardinality, filled minimum places, score)`.
pub type Lex = (i64, i64, i128);

fn add(a: Lex, b: Lex) -> Lex {
    (a.0 + b.0, a.1 + b.1, a.2 + b.2)
}

fn sub(a: Lex, b: Lex) -> Lex {
    (a.0 - b.0, a.1 - b.1, a.2 - b.2)
}

fn scale(a: Lex, k: u64) -> Lex {
    let k64 = k as i64;
    (a.0 * k64, a.1 * k64, a.2 * i128::from(k))
}

const ZERO: Lex = (0, 0, 0);
const BONUS: Lex = (0, 1, 0);
const ONE: Lex = (1, 0, 0);

/// Dual values proving a [`MinLoadAssignment`] optimal.
///
/// Linear programme: maximise `Σ (1, 0, s_ij) x_ij + Σ_j (0, 1, 0) b_j` subject to
/// `Σ_j x_ij ≤ 1`, `Σ_i x_ij = b_j + r_j`, `b_j ≤ min_j`, `r_j ≤ cap_j − min_j`, all
/// non-negative. Its dual: `u_i ≥ 0` per mentee and a free `v_j` per mentor with
/// `u_i + v_j ≥ (1, 0, s_ij)` on every arc; the dual of `b_j`'s and `r_j`'s bounds are then
/// `max(0, v_j + (0, 1, 0))` and `max(0, v_j)`. Weak duality bounds every assignment's value by
/// `Σ u_i + Σ_j (min_j · max(0, v_j + (0,1,0)) + (cap_j − min_j) · max(0, v_j))`; equality with
/// this assignment's value proves it optimal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MinLoadCertificate {
    pub mentee: Vec<Lex>,
    pub mentor: Vec<Lex>,
}

/// A mentor who ended below their minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BelowMin {
    pub mentor: u32,
    pub load: u32,
    pub min: u32,
}

/// The result of [`solve_sparse_min_loads`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MinLoadAssignment {
    /// The assignment. Its `certificate` is the plain engine's when there are no minimums
    /// (then [`verify`](super::verify) applies) and empty otherwise.
    pub assignment: Assignment,
    /// `Σ max(0, min_j − load_j)`.
    pub shortfall: u64,
    /// Every mentor below their minimum, in mentor order.
    pub below_min: Vec<BelowMin>,
    /// `Some` when minimums were in play; checked by [`verify_min_loads`].
    pub certificate: Option<MinLoadCertificate>,
}

/// Solves a sparse many-to-one problem with a minimum load per mentor (`min_loads[j] ≤
/// capacities[j]`), exactly; the result carries a verified certificate. All-zero minimums give
/// exactly [`solve_sparse`]'s result.
pub fn solve_sparse_min_loads(
    p: &SparseProblem,
    min_loads: &[u32],
) -> Result<MinLoadAssignment, AssignError> {
    check_mins(p, min_loads)?;
    if min_loads.iter().all(|&m| m == 0) {
        let a = solve_sparse(p)?;
        return Ok(MinLoadAssignment {
            assignment: a,
            shortfall: 0,
            below_min: Vec::new(),
            certificate: None,
        });
    }
    let mut r = solve_flow(p, min_loads)?;
    verify_min_loads(p, min_loads, &r)?;
    r.assignment.optimal = true;
    Ok(r)
}

/// The min-cost-flow engine even when every minimum is 0: tests compare it with the plain engine.
#[doc(hidden)]
pub fn solve_sparse_min_loads_flow(
    p: &SparseProblem,
    min_loads: &[u32],
) -> Result<MinLoadAssignment, AssignError> {
    check_mins(p, min_loads)?;
    let mut r = solve_flow(p, min_loads)?;
    verify_min_loads(p, min_loads, &r)?;
    r.assignment.optimal = true;
    Ok(r)
}

fn check_mins(p: &SparseProblem, min_loads: &[u32]) -> Result<(), AssignError> {
    validate_sparse(p)?;
    if min_loads.len() != p.capacities.len() {
        return Err(AssignError::MinLoadsLength {
            got: min_loads.len(),
            mentors: p.capacities.len(),
        });
    }
    for (j, (&m, &c)) in min_loads.iter().zip(&p.capacities).enumerate() {
        if m > c {
            return Err(AssignError::MinAboveCapacity {
                mentor: j as u32,
                min: m,
                capacity: c,
            });
        }
    }
    Ok(())
}

/// Mentee-side adjacency: `(mentor, score)` per mentee, duplicates rejected.
fn adjacency(p: &SparseProblem) -> Result<Vec<Vec<(u32, i64)>>, AssignError> {
    let mut adj: Vec<Vec<(u32, i64)>> = vec![Vec::new(); p.mentees];
    for a in &p.arcs {
        adj[a.mentee as usize].push((a.mentor, a.score));
    }
    let mut first: Vec<Option<usize>> = vec![None; p.mentees];
    for (k, a) in p.arcs.iter().enumerate() {
        first[a.mentee as usize].get_or_insert(k);
    }
    for (i, list) in adj.iter_mut().enumerate() {
        list.sort_unstable_by_key(|&(j, _)| j);
        if let Some(w) = list.windows(2).find(|w| w[0].0 == w[1].0) {
            let arc = p
                .arcs
                .iter()
                .enumerate()
                .filter(|(_, a)| a.mentee as usize == i && a.mentor == w[0].0)
                .nth(1)
                .map_or(0, |(k, _)| k);
            return Err(AssignError::DuplicateArc {
                arc,
                mentee: i as u32,
                mentor: w[0].0,
            });
        }
    }
    Ok(adj)
}

struct State {
    mentor_of: Vec<Option<u32>>,
    score_of: Vec<i64>,
    load: Vec<u32>,
    /// Mentees assigned to each mentor (unordered).
    members: Vec<Vec<u32>>,
}

impl State {
    fn unassign(&mut self, i: usize) {
        if let Some(j) = self.mentor_of[i].take() {
            let list = &mut self.members[j as usize];
            if let Some(pos) = list.iter().position(|&k| k as usize == i) {
                list.swap_remove(pos);
            }
            self.load[j as usize] -= 1;
        }
    }

    fn assign(&mut self, i: usize, j: u32, s: i64) {
        self.unassign(i);
        self.mentor_of[i] = Some(j);
        self.score_of[i] = s;
        self.members[j as usize].push(i as u32);
        self.load[j as usize] += 1;
    }
}

/// Cost (negated value, without the cardinality component) of sending one more unit from mentor
/// `j` to `t`, `None` when full.
fn terminal(load: u32, min: u32, cap: u32) -> Option<(i64, i128)> {
    if load < min {
        Some((-1, 0))
    } else if load < cap {
        Some((0, 0))
    } else {
        None
    }
}

type Cost = (i64, i128);

fn cadd(a: Cost, b: Cost) -> Cost {
    (a.0 + b.0, a.1 + b.1)
}

fn csub(a: Cost, b: Cost) -> Cost {
    (a.0 - b.0, a.1 - b.1)
}

fn solve_flow(p: &SparseProblem, mins: &[u32]) -> Result<MinLoadAssignment, AssignError> {
    let n = p.mentees;
    let m = p.capacities.len();
    let adj = adjacency(p)?;
    let caps = &p.capacities;
    let t = n + m;
    let nodes = n + m + 1;
    let mut st = State {
        mentor_of: vec![None; n],
        score_of: vec![0; n],
        load: vec![0; m],
        members: vec![Vec::new(); m],
    };
    // Johnson potentials (cost form): reduced cost c(a,b) + pot[a] − pot[b] ≥ 0 on every residual
    // edge among active mentees, mentors and t. Shifting all by a constant changes nothing, so
    // after a search only the settled nodes move.
    let mut pot: Vec<Cost> = vec![(0, 0); nodes];
    pot[t] = (-1, 0);
    let mut key: Vec<Option<Cost>> = vec![None; nodes];
    let mut settled = vec![false; nodes];
    let mut prev: Vec<u32> = vec![u32::MAX; nodes];
    let mut touched: Vec<usize> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(Cost, usize)>> = BinaryHeap::new();
    let mut stats = SolveStats::default();

    for i in 0..n {
        if adj[i].is_empty() {
            continue;
        }
        // Activate i: its only edges are i → mentor, so any potential at least every
        // pot[j] + (0, s) keeps them non-negative.
        let mut pi: Option<Cost> = None;
        for &(j, s) in &adj[i] {
            let c = cadd(pot[n + j as usize], (0, i128::from(s)));
            pi = Some(pi.map_or(c, |x: Cost| x.max(c)));
        }
        pot[i] = pi.unwrap_or((0, 0));

        stats.searches += 1;
        for &v in &touched {
            key[v] = None;
            settled[v] = false;
            prev[v] = u32::MAX;
        }
        touched.clear();
        heap.clear();
        key[i] = Some((0, 0));
        touched.push(i);
        heap.push(Reverse(((0, 0), i)));
        let mut reached_t: Option<Cost> = None;
        let mut order: Vec<usize> = Vec::new();
        while let Some(Reverse((k, v))) = heap.pop() {
            if settled[v] || key[v] != Some(k) {
                continue;
            }
            settled[v] = true;
            order.push(v);
            stats.scanned += 1;
            if v == t {
                reached_t = Some(k);
                break;
            }
            let mut relax = |w: usize, nk: Cost, from: usize, heap: &mut BinaryHeap<_>| {
                if settled[w] {
                    return;
                }
                if key[w].is_none_or(|old| nk < old) {
                    if key[w].is_none() {
                        touched.push(w);
                    }
                    key[w] = Some(nk);
                    prev[w] = from as u32;
                    heap.push(Reverse((nk, w)));
                }
            };
            if v < n {
                let own = st.mentor_of[v];
                for &(j, s) in &adj[v] {
                    if own == Some(j) {
                        continue;
                    }
                    let w = n + j as usize;
                    let rc = csub(cadd((0, -i128::from(s)), pot[v]), pot[w]);
                    relax(w, cadd(k, rc), v, &mut heap);
                }
            } else {
                let j = v - n;
                for &kk in &st.members[j] {
                    let w = kk as usize;
                    let rc = csub(cadd((0, i128::from(st.score_of[w])), pot[v]), pot[w]);
                    relax(w, cadd(k, rc), v, &mut heap);
                }
                if let Some(c) = terminal(st.load[j], mins[j], caps[j]) {
                    let rc = csub(cadd(c, pot[v]), pot[t]);
                    relax(t, cadd(k, rc), v, &mut heap);
                }
            }
        }
        let big = match reached_t {
            Some(kt) => kt,
            None => order.iter().filter_map(|&v| key[v]).max().unwrap_or((0, 0)),
        };
        // Cycle candidates, in true costs before the potentials move: i replaces assigned k.
        let mut best_cycle: Option<(Cost, usize)> = None;
        if reached_t.is_none() {
            for &v in &order {
                if v < n && v != i && st.mentor_of[v].is_some() {
                    let kv = key[v].unwrap_or((0, 0));
                    let true_cost = csub(cadd(kv, pot[v]), pot[i]);
                    if true_cost < (0, 0) && best_cycle.is_none_or(|(c, _)| true_cost < c) {
                        best_cycle = Some((true_cost, v));
                    }
                }
            }
        }
        for &v in &order {
            if let Some(kv) = key[v] {
                pot[v] = csub(cadd(pot[v], kv), big);
            }
        }
        if reached_t.is_some() {
            // Walk back from t: each mentor came from a mentee, each reached assigned mentee
            // from its own mentor.
            let mut j = prev[t] as usize - n;
            loop {
                let u = prev[n + j] as usize;
                let s = adj[u]
                    .iter()
                    .find(|&&(jj, _)| jj as usize == j)
                    .map_or(0, |&(_, s)| s);
                let old = st.mentor_of[u];
                st.assign(u, j as u32, s);
                if u == i {
                    break;
                }
                j = old.map_or(j, |o| o as usize);
            }
        } else if let Some((_, k)) = best_cycle {
            stats.contested_mentees += 1;
            let mut j = st.mentor_of[k].map_or(0, |o| o as usize);
            st.unassign(k);
            loop {
                let u = prev[n + j] as usize;
                let s = adj[u]
                    .iter()
                    .find(|&&(jj, _)| jj as usize == j)
                    .map_or(0, |&(_, s)| s);
                let old = st.mentor_of[u];
                st.assign(u, j as u32, s);
                if u == i {
                    break;
                }
                j = old.map_or(j, |o| o as usize);
            }
        }
    }

    let certificate = certify(&adj, caps, mins, &st, &pot)?;
    let assigned = st.mentor_of.iter().filter(|x| x.is_some()).count();
    let total_score: i128 = st
        .mentor_of
        .iter()
        .zip(&st.score_of)
        .filter(|(x, _)| x.is_some())
        .map(|(_, &s)| i128::from(s))
        .sum();
    let (shortfall, below_min) = shortfall(&st.load, mins);
    Ok(MinLoadAssignment {
        assignment: Assignment {
            mentor_of: st.mentor_of,
            assigned,
            total_score,
            optimal: false,
            certificate: super::Certificate::default(),
            stats,
        },
        shortfall,
        below_min,
        certificate: Some(certificate),
    })
}

/// Total shortfall and the mentors below their minimum, from the loads.
fn shortfall(load: &[u32], mins: &[u32]) -> (u64, Vec<BelowMin>) {
    let mut total = 0u64;
    let mut below = Vec::new();
    for (j, (&l, &mn)) in load.iter().zip(mins).enumerate() {
        if l < mn {
            total += u64::from(mn - l);
            below.push(BelowMin {
                mentor: j as u32,
                load: l,
                min: mn,
            });
        }
    }
    (total, below)
}

/// Dual values from shortest distances (label correcting) in the final residual graph with `S`
/// and `t`, warm-started from the solver's potentials, which already satisfy every edge but those
/// at `S` and the reverse ones out of `t`.
fn certify(
    adj: &[Vec<(u32, i64)>],
    caps: &[u32],
    mins: &[u32],
    st: &State,
    pot: &[(i64, i128)],
) -> Result<MinLoadCertificate, AssignError> {
    let n = adj.len();
    let m = caps.len();
    let t = n + m;
    let s_node = n + m + 1;
    let nodes = n + m + 2;
    let mut d: Vec<Lex> = (0..nodes)
        .map(|v| {
            if v < n + m + 1 {
                (0, pot[v].0, pot[v].1)
            } else {
                (0, pot[t].0, pot[t].1)
            }
        })
        .collect();
    let flow = st.mentor_of.iter().any(Option::is_some);
    let bonus_used = |j: usize| st.load[j].min(mins[j]);
    let mut queue: VecDeque<usize> = (0..nodes).collect();
    let mut in_queue = vec![true; nodes];
    let mut passes = vec![0usize; nodes];
    let mut out: Vec<(usize, Lex)> = Vec::new();
    while let Some(a) = queue.pop_front() {
        in_queue[a] = false;
        passes[a] += 1;
        if passes[a] > nodes + 1 {
            return Err(AssignError::Internal(CertificateError::NegativeDual {
                side: "residual cycle at node",
                index: a,
            }));
        }
        out.clear();
        if a < n {
            if !adj[a].is_empty() {
                let own = st.mentor_of[a];
                for &(j, s) in &adj[a] {
                    if own != Some(j) {
                        out.push((n + j as usize, (0, 0, -i128::from(s))));
                    }
                }
                if own.is_some() {
                    out.push((s_node, ONE));
                }
            }
        } else if a < t {
            let j = a - n;
            for &k in &st.members[j] {
                out.push((k as usize, (0, 0, i128::from(st.score_of[k as usize]))));
            }
            let b = bonus_used(j);
            let r = st.load[j] - b;
            if b < mins[j] {
                out.push((t, (0, -1, 0)));
            }
            if r < caps[j] - mins[j] {
                out.push((t, ZERO));
            }
        } else if a == t {
            for j in 0..m {
                let b = bonus_used(j);
                if b > 0 {
                    out.push((n + j, BONUS));
                }
                if st.load[j] > b {
                    out.push((n + j, ZERO));
                }
            }
            out.push((s_node, ZERO));
        } else {
            for (i, list) in adj.iter().enumerate() {
                if !list.is_empty() && st.mentor_of[i].is_none() {
                    out.push((i, (-1, 0, 0)));
                }
            }
            if flow {
                out.push((t, ZERO));
            }
        }
        for &(b, c) in &out {
            let nd = add(d[a], c);
            if nd < d[b] {
                d[b] = nd;
                if !in_queue[b] {
                    in_queue[b] = true;
                    queue.push_back(b);
                }
            }
        }
    }
    // φ = −d; v_j = φ(j) − φ(t); u_i tight on its assigned arc, 0 when unassigned.
    let mentor: Vec<Lex> = (0..m).map(|j| sub(d[t], d[n + j])).collect();
    let mentee: Vec<Lex> = (0..n)
        .map(|i| match st.mentor_of[i] {
            Some(j) => sub((1, 0, i128::from(st.score_of[i])), mentor[j as usize]),
            None => ZERO,
        })
        .collect();
    Ok(MinLoadCertificate { mentee, mentor })
}

/// Verifies a [`MinLoadAssignment`]: feasibility, the reported count, score, shortfall and
/// mentors below minimum, then the certificate (arc by arc dual feasibility, non-negative mentee
/// duals, and equal primal and dual values). Shares nothing with the solver.
pub fn verify_min_loads(
    p: &SparseProblem,
    mins: &[u32],
    r: &MinLoadAssignment,
) -> Result<(), CertificateError> {
    let n = p.mentees;
    let m = p.capacities.len();
    let a = &r.assignment;
    if a.mentor_of.len() != n {
        return Err(CertificateError::Length {
            what: "mentor_of",
            got: a.mentor_of.len(),
            expected: n,
        });
    }
    if mins.len() != m {
        return Err(CertificateError::Length {
            what: "min_loads",
            got: mins.len(),
            expected: m,
        });
    }
    let mut load = vec![0u32; m];
    for (i, x) in a.mentor_of.iter().enumerate() {
        if let Some(j) = *x {
            if j as usize >= m {
                return Err(CertificateError::UnknownMentor {
                    mentee: i,
                    mentor: j,
                });
            }
            load[j as usize] += 1;
        }
    }
    for (j, (&l, &cap)) in load.iter().zip(&p.capacities).enumerate() {
        if l > cap {
            return Err(CertificateError::OverCapacity {
                mentor: j,
                load: u64::from(l),
                capacity: cap,
            });
        }
    }
    let counted = a.mentor_of.iter().filter(|x| x.is_some()).count();
    if counted != a.assigned {
        return Err(CertificateError::AssignedCount {
            reported: a.assigned,
            counted,
        });
    }
    let (short, below) = shortfall(&load, mins);
    if short != r.shortfall || below != r.below_min {
        return Err(CertificateError::Shortfall {
            reported: r.shortfall,
            recomputed: short,
        });
    }
    let Some(c) = &r.certificate else {
        return Err(CertificateError::Length {
            what: "min-load certificate",
            got: 0,
            expected: 1,
        });
    };
    if c.mentee.len() != n || c.mentor.len() != m {
        return Err(CertificateError::Length {
            what: "min-load certificate",
            got: c.mentee.len() + c.mentor.len(),
            expected: n + m,
        });
    }
    for (i, &u) in c.mentee.iter().enumerate() {
        if u < ZERO {
            return Err(CertificateError::NegativeDual {
                side: "mentee",
                index: i,
            });
        }
    }
    let mut tally = ArcTally::new(n);
    for arc in &p.arcs {
        let &Arc {
            mentee,
            mentor,
            score,
        } = arc;
        let (i, j) = (mentee as usize, mentor as usize);
        let lhs = add(c.mentee[i], c.mentor[j]);
        let w = (1, 0, i128::from(score));
        if lhs < w {
            return Err(CertificateError::Infeasible {
                mentee: i,
                mentor: j,
                score,
            });
        }
        if a.mentor_of[i] == Some(mentor) {
            tally.record(i, score);
        }
    }
    let total = tally.total();
    tally.finish(a)?;
    let filled: u64 = load
        .iter()
        .zip(mins)
        .map(|(&l, &mn)| u64::from(l.min(mn)))
        .sum();
    let primal: Lex = (counted as i64, filled as i64, total);
    let mut dual: Lex = ZERO;
    for &u in &c.mentee {
        dual = add(dual, u);
    }
    for (j, &v) in c.mentor.iter().enumerate() {
        let beta = add(v, BONUS).max(ZERO);
        let rho = v.max(ZERO);
        dual = add(dual, scale(beta, u64::from(mins[j])));
        dual = add(dual, scale(rho, u64::from(p.capacities[j] - mins[j])));
    }
    if primal != dual {
        return Err(CertificateError::DualityGap);
    }
    Ok(())
}
