//! Sparse engine: shortest augmenting paths on a CSR graph with column capacities.
//!
//! The core ([`Sap`]) serves "rows of demand 1, columns of capacity `cap`" problems in min-cost
//! form (`cost = -score`). It keeps one potential `v` per column; a row's potential is implicit,
//! `u_r = cost(r, col(r)) - v[col(r)]`, so every assigned arc is tight by construction. A search
//! is Dijkstra over columns from one free row with reduced costs `cost - u - v ≥ 0`, on a radix
//! heap, stopping at the first column with spare capacity; only the columns it scanned change
//! potential, which keeps `v = 0` on columns that never filled (the condition the certificate
//! needs for mentors with spare places). A failed search proves its whole alternating tree can
//! never reach spare capacity; the tree is marked dead and skipped from then on, so all failures
//! together cost O(arcs).
//!
//! The lexicographic objective is handled in [`solve`] by the two-part scheme described in the
//! module docs of [`super`]: mentees side first, then the contested part `R` from the mentors'
//! side (mentor places as rows), both with this same core.

// Index loops mirror the paper's pseudocode and several arrays are indexed together; iterator
// chains would obscure the algorithm without removing any bounds check that matters.
#![allow(clippy::needless_range_loop)]

use super::auction::{self, Outcome};
use super::heap::RadixHeap;
use super::{AssignError, Assignment, Certificate, SolveStats, SparseProblem, validate_sparse};

const NONE: u32 = u32::MAX;
const INF: i64 = i64::MAX;
/// Distance marker of a dead column: no candidate distance is ever below it, so relaxations never
/// enter a dead column (reduced costs into dead columns may have gone negative; that is harmless
/// because those arcs are never used again).
const DEAD: i64 = i64::MIN;

/// A row-grouped CSR graph: row `r` owns arcs `start[group[r]]..start[group[r] + 1]`.
pub(super) struct Graph<'g> {
    pub start: &'g [usize],
    pub col: &'g [u32],
    pub cost: &'g [i64],
    pub group: &'g [u32],
}

pub(super) struct Sap<'g> {
    g: Graph<'g>,
    cap: Vec<u32>,
    slot_start: Vec<usize>,
    slot_row: Vec<u32>,
    load: Vec<u32>,
    pub v: Vec<i64>,
    dist: Vec<i64>,
    pred_arc: Vec<u32>,
    pred_row: Vec<u32>,
    pub row_col: Vec<u32>,
    row_arc: Vec<u32>,
    /// Cost of each row's assigned arc (saves a dependent load in the hot loop).
    row_cost: Vec<i64>,
    row_slot: Vec<u32>,
    pub dead_row: Vec<bool>,
    heap: RadixHeap,
    touched: Vec<u32>,
    scanned: Vec<u32>,
    pub stats: SolveStats,
}

impl<'g> Sap<'g> {
    pub(super) fn new(g: Graph<'g>, cap: Vec<u32>) -> Self {
        let rows = g.group.len();
        let cols = cap.len();
        let slot_start = super::slot_starts(&cap);
        let acc = slot_start[slot_start.len() - 1];
        Self {
            g,
            slot_row: vec![NONE; acc],
            slot_start,
            load: vec![0; cols],
            v: vec![0; cols],
            dist: vec![INF; cols],
            pred_arc: vec![NONE; cols],
            pred_row: vec![NONE; cols],
            cap,
            row_col: vec![NONE; rows],
            row_arc: vec![NONE; rows],
            row_cost: vec![0; rows],
            row_slot: vec![NONE; rows],
            dead_row: vec![false; rows],
            heap: RadixHeap::new(),
            touched: Vec::new(),
            scanned: Vec::new(),
            stats: SolveStats::default(),
        }
    }

    #[inline]
    fn arcs(&self, r: usize) -> std::ops::Range<usize> {
        let gi = self.g.group[r] as usize;
        self.g.start[gi]..self.g.start[gi + 1]
    }

    pub(super) fn is_dead_col(&self, c: usize) -> bool {
        self.dist[c] == DEAD
    }

    fn place(&mut self, r: usize, c: usize, arc: usize) {
        let slot = self.slot_start[c] + self.load[c] as usize;
        self.load[c] += 1;
        self.slot_row[slot] = r as u32;
        self.row_col[r] = c as u32;
        self.row_arc[r] = arc as u32;
        self.row_cost[r] = self.g.cost[arc];
        self.row_slot[r] = slot as u32;
    }

    /// Dual-feasible greedy start: each row takes a column of minimum reduced cost if one of them
    /// has a free place (its potential is then exactly that minimum, so nothing is violated).
    pub(super) fn greedy(&mut self) {
        for r in 0..self.row_col.len() {
            let mut best = INF;
            let mut pick = usize::MAX;
            for a in self.arcs(r) {
                let c = self.g.col[a] as usize;
                let h = self.g.cost[a] - self.v[c];
                let free = self.load[c] < self.cap[c];
                if h < best {
                    best = h;
                    pick = if free { a } else { usize::MAX };
                } else if h == best && pick == usize::MAX && free {
                    pick = a;
                }
            }
            if pick != usize::MAX {
                let c = self.g.col[pick] as usize;
                self.place(r, c, pick);
                self.stats.initialised += 1;
            }
        }
    }

    /// Runs a search from every free, live row, in index order.
    pub(super) fn augment_all(&mut self) {
        for r in 0..self.row_col.len() {
            if self.row_col[r] == NONE && !self.dead_row[r] {
                self.augment_from(r);
            }
        }
    }

    /// One shortest augmenting path search from free row `f`. Returns false (and marks the
    /// explored tree dead) when no column with spare capacity is reachable.
    pub(super) fn augment_from(&mut self, f: usize) -> bool {
        self.stats.searches += 1;
        let (col, cost) = (self.g.col, self.g.cost);
        // Reduced costs from f, shifted so the smallest is 0 (the radix heap needs keys ≥ 0).
        let mut uf = INF;
        for a in self.arcs(f) {
            let c = col[a] as usize;
            if self.dist[c] != DEAD {
                uf = uf.min(cost[a] - self.v[c]);
            }
        }
        if uf == INF {
            self.dead_row[f] = true;
            return false;
        }
        self.heap.clear();
        for a in self.arcs(f) {
            let c = col[a] as usize;
            let h = cost[a] - self.v[c] - uf;
            if h < self.dist[c] {
                if self.dist[c] == INF {
                    self.touched.push(c as u32);
                }
                self.dist[c] = h;
                self.pred_arc[c] = a as u32;
                self.pred_row[c] = f as u32;
                self.heap.push(h as u64, c as u32);
            }
        }
        let mut sink = usize::MAX;
        while let Some((key, c)) = self.heap.pop() {
            let c = c as usize;
            let d = key as i64;
            if d != self.dist[c] {
                continue;
            }
            self.scanned.push(c as u32);
            if self.load[c] < self.cap[c] {
                sink = c;
                break;
            }
            let vc = self.v[c];
            let (s0, s1) = (
                self.slot_start[c],
                self.slot_start[c] + self.load[c] as usize,
            );
            for s in s0..s1 {
                let r = self.slot_row[s] as usize;
                // d + reduced(r, c2) = d - u_r + cost - v[c2], with u_r = cost(r, c) - v[c].
                let base = d - (self.row_cost[r] - vc);
                let gi = self.g.group[r] as usize;
                for a in self.g.start[gi]..self.g.start[gi + 1] {
                    let c2 = col[a] as usize;
                    let nd = base + cost[a] - self.v[c2];
                    if nd < self.dist[c2] {
                        if self.dist[c2] == INF {
                            self.touched.push(c2 as u32);
                        }
                        self.dist[c2] = nd;
                        self.pred_arc[c2] = a as u32;
                        self.pred_row[c2] = r as u32;
                        self.heap.push(nd as u64, c2 as u32);
                    }
                }
            }
        }
        self.stats.scanned += self.scanned.len() as u64;
        if sink == usize::MAX {
            // Closed alternating tree: every column in it is full and stays full; bury it.
            self.dead_row[f] = true;
            for k in 0..self.touched.len() {
                let c = self.touched[k] as usize;
                self.dist[c] = DEAD;
                for s in self.slot_start[c]..self.slot_start[c] + self.load[c] as usize {
                    let r = self.slot_row[s] as usize;
                    self.dead_row[r] = true;
                }
            }
            self.touched.clear();
            self.scanned.clear();
            return false;
        }
        let dsink = self.dist[sink];
        for &c in &self.scanned {
            let c = c as usize;
            self.v[c] -= dsink - self.dist[c];
        }
        // Shift the path: the sink gains a place; every other column on it swaps occupants.
        let mut c = sink;
        let mut slot = self.slot_start[sink] + self.load[sink] as usize;
        self.load[sink] += 1;
        loop {
            let r = self.pred_row[c] as usize;
            let (old_c, old_slot) = (self.row_col[r], self.row_slot[r]);
            self.slot_row[slot] = r as u32;
            self.row_col[r] = c as u32;
            self.row_slot[r] = slot as u32;
            self.row_arc[r] = self.pred_arc[c];
            self.row_cost[r] = self.g.cost[self.pred_arc[c] as usize];
            if r == f {
                break;
            }
            c = old_c as usize;
            slot = old_slot as usize;
        }
        for &c in &self.touched {
            self.dist[c as usize] = INF;
        }
        self.touched.clear();
        self.scanned.clear();
        true
    }
}

/// CSR of a sparse problem by mentee, in min-cost form.
struct MenteeCsr {
    start: Vec<usize>,
    col: Vec<u32>,
    cost: Vec<i64>,
    indegree: Vec<u32>,
}

fn build_csr(p: &SparseProblem) -> Result<MenteeCsr, AssignError> {
    let n = p.mentees;
    let m = p.capacities.len();
    let mut start = vec![0usize; n + 1];
    for a in &p.arcs {
        start[a.mentee as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut col = vec![0u32; p.arcs.len()];
    let mut cost = vec![0i64; p.arcs.len()];
    let mut indegree = vec![0u32; m];
    for a in &p.arcs {
        let k = &mut fill[a.mentee as usize];
        col[*k] = a.mentor;
        cost[*k] = -a.score;
        *k += 1;
        indegree[a.mentor as usize] = indegree[a.mentor as usize].saturating_add(1);
    }
    // Duplicate pairs would make "the assigned arc" ambiguous in the certificate.
    let mut stamp = vec![u32::MAX; m];
    for i in 0..n {
        for k in start[i]..start[i + 1] {
            let j = col[k] as usize;
            if stamp[j] == i as u32 {
                let arc = p
                    .arcs
                    .iter()
                    .position(|a| a.mentee as usize == i && a.mentor as usize == j)
                    .unwrap_or(k);
                return Err(AssignError::DuplicateArc {
                    arc,
                    mentee: i as u32,
                    mentor: j as u32,
                });
            }
            stamp[j] = i as u32;
        }
    }
    Ok(MenteeCsr {
        start,
        col,
        cost,
        indegree,
    })
}

pub(super) fn solve(p: &SparseProblem) -> Result<Assignment, AssignError> {
    solve_with(p, true)
}

/// Solves with the auction fast path first when `auction` is set (see [`super::auction`]).
pub(super) fn solve_with(p: &SparseProblem, auction: bool) -> Result<Assignment, AssignError> {
    validate_sparse(p)?;
    if p.arcs.len() >= u32::MAX as usize {
        return Err(AssignError::TooLarge);
    }
    let n = p.mentees;
    let m = p.capacities.len();
    let csr = build_csr(p)?;
    // A mentor can never hold more mentees than it has arcs: this bounds the slot arrays.
    let cap: Vec<u32> = p
        .capacities
        .iter()
        .zip(&csr.indegree)
        .map(|(&c, &d)| c.min(d))
        .collect();
    if auction {
        let input = auction::Input {
            start: &csr.start,
            col: &csr.col,
            cost: &csr.cost,
            cap: &cap,
            capacity: &p.capacities,
        };
        match auction::solve(&input) {
            Outcome::Solved(a) => return Ok(*a),
            Outcome::NotEveryoneFits { placement } => {
                let placement =
                    placement.unwrap_or_else(|| auction::max_placement(&input, &vec![NONE; n]));
                if let Some(a) = solve_split(p, &csr, &cap, &placement)? {
                    return Ok(a);
                }
            }
            Outcome::NotApplicable => {}
        }
    }
    let identity: Vec<u32> = (0..n as u32).collect();
    let mut out = Sap::new(
        Graph {
            start: &csr.start,
            col: &csr.col,
            cost: &csr.cost,
            group: &identity,
        },
        cap.clone(),
    );
    out.greedy();
    out.augment_all();
    let mut stats = out.stats;

    let mut mentor_of: Vec<Option<u32>> = vec![None; n];
    let mut cert = Certificate {
        mentee_cover: vec![true; n],
        mentee_potential: vec![0; n],
        mentor_cover: vec![false; m],
        mentor_potential: vec![0; m],
    };
    // Part outside R: mentors keep q = -v (≥ 0, positive only if full); mentees are tight.
    for j in 0..m {
        if !out.is_dead_col(j) {
            cert.mentor_potential[j] = -out.v[j];
        }
    }
    for i in 0..n {
        if !out.dead_row[i] && out.row_col[i] != NONE {
            let j = out.row_col[i];
            mentor_of[i] = Some(j);
            let arc = out.row_arc[i] as usize;
            cert.mentee_potential[i] = -csr.cost[arc] - cert.mentor_potential[j as usize];
        }
    }

    // Contested part R: re-solve from the mentors' side, every place of a mentor in R filled.
    let r_mentees: Vec<u32> = (0..n as u32)
        .filter(|&i| out.dead_row[i as usize])
        .collect();
    if !r_mentees.is_empty() {
        let r_mentors: Vec<u32> = (0..m as u32)
            .filter(|&j| out.is_dead_col(j as usize))
            .collect();
        stats.contested_mentees = r_mentees.len();
        solve_contested(
            auction,
            p,
            &csr,
            &cap,
            &r_mentees,
            &r_mentors,
            &mut mentor_of,
            &mut cert,
            &mut stats,
        )?;
    }
    drop(out);
    Ok(assemble(&csr, mentor_of, cert, stats))
}

/// The assignment with its count and total score recomputed from the placements.
fn assemble(
    csr: &MenteeCsr,
    mentor_of: Vec<Option<u32>>,
    certificate: Certificate,
    stats: SolveStats,
) -> Assignment {
    let mut total: i128 = 0;
    let mut assigned = 0usize;
    for (i, j) in mentor_of.iter().enumerate() {
        if let Some(j) = j {
            assigned += 1;
            if let Some(arc) = (csr.start[i]..csr.start[i + 1]).find(|&k| csr.col[k] == *j) {
                total -= i128::from(csr.cost[arc]);
            }
        }
    }
    Assignment {
        mentor_of,
        assigned,
        total_score: total,
        optimal: false,
        certificate,
        stats,
    }
}

/// When not everyone fits: the contested part `R` (everything reachable by alternating paths
/// from the mentees a maximum placement leaves out) is re-solved from the mentors' side as in
/// [`solve_with`], and everything outside `R` (where everyone fits, by the Dulmage–Mendelsohn
/// decomposition) goes to the auction. The certificates compose: a mentee outside `R` and a
/// mentor inside it are both covered, and a mentee of `R` has arcs only into `R`. `None` when the
/// auction does not settle the outside part; the caller then runs augmenting paths throughout.
fn solve_split(
    p: &SparseProblem,
    csr: &MenteeCsr,
    cap: &[u32],
    placement: &[u32],
) -> Result<Option<Assignment>, AssignError> {
    let n = p.mentees;
    let m = p.capacities.len();
    let mut occupants_start = vec![0usize; m + 1];
    for &c in placement {
        if c != NONE {
            occupants_start[c as usize + 1] += 1;
        }
    }
    for c in 0..m {
        occupants_start[c + 1] += occupants_start[c];
    }
    let mut fill = occupants_start.clone();
    let mut occupants = vec![0u32; occupants_start[m]];
    for (r, &c) in placement.iter().enumerate() {
        if c != NONE {
            occupants[fill[c as usize]] = r as u32;
            fill[c as usize] += 1;
        }
    }
    // Alternating search from every mentee left out.
    let mut row_in_r = vec![false; n];
    let mut col_in_r = vec![false; m];
    let mut stack: Vec<u32> = (0..n as u32)
        .filter(|&r| {
            placement[r as usize] == NONE && csr.start[r as usize + 1] > csr.start[r as usize]
        })
        .collect();
    for &r in &stack {
        row_in_r[r as usize] = true;
    }
    while let Some(r) = stack.pop() {
        let r = r as usize;
        for k in csr.start[r]..csr.start[r + 1] {
            let c = csr.col[k] as usize;
            if !col_in_r[c] {
                col_in_r[c] = true;
                for &o in &occupants[occupants_start[c]..occupants_start[c + 1]] {
                    if !row_in_r[o as usize] {
                        row_in_r[o as usize] = true;
                        stack.push(o);
                    }
                }
            }
        }
    }
    // The outside part: arcs between mentees and mentors outside R only.
    let mut start = Vec::with_capacity(n + 1);
    let mut col = Vec::new();
    let mut cost = Vec::new();
    start.push(0);
    for r in 0..n {
        if !row_in_r[r] {
            for k in csr.start[r]..csr.start[r + 1] {
                let c = csr.col[k];
                if !col_in_r[c as usize] {
                    col.push(c);
                    cost.push(csr.cost[k]);
                }
            }
        }
        start.push(col.len());
    }
    let outside_cap: Vec<u32> = (0..m)
        .map(|c| if col_in_r[c] { 0 } else { cap[c] })
        .collect();
    let outside_capacity: Vec<u32> = (0..m)
        .map(|c| if col_in_r[c] { 0 } else { p.capacities[c] })
        .collect();
    let outside = auction::Input {
        start: &start,
        col: &col,
        cost: &cost,
        cap: &outside_cap,
        capacity: &outside_capacity,
    };
    let mut a = match auction::solve(&outside) {
        Outcome::Solved(a) => *a,
        // Nobody outside R (everyone is contested): an empty outside part.
        Outcome::NotApplicable if col.is_empty() => Assignment {
            mentor_of: vec![None; n],
            certificate: Certificate {
                mentee_cover: vec![false; n],
                mentee_potential: vec![0; n],
                mentor_cover: vec![false; m],
                mentor_potential: vec![0; m],
            },
            ..Assignment::default()
        },
        _ => return Ok(None),
    };
    let r_mentees: Vec<u32> = (0..n as u32).filter(|&i| row_in_r[i as usize]).collect();
    let r_mentors: Vec<u32> = (0..m as u32).filter(|&j| col_in_r[j as usize]).collect();
    let mut stats = a.stats;
    stats.contested_mentees = r_mentees.len();
    solve_contested(
        true,
        p,
        csr,
        cap,
        &r_mentees,
        &r_mentors,
        &mut a.mentor_of,
        &mut a.certificate,
        &mut stats,
    )?;
    // Mentees outside R with arcs into R are covered on both sides: their auction potentials
    // stand. Mentees outside R with no arc outside it cannot exist (they would be in R).
    Ok(Some(assemble(csr, a.mentor_of, a.certificate, stats)))
}

/// Augmenting paths for a contested part whose rows are places (`group` maps each to its mentor's
/// arcs) and whose `columns` mentees have one place each; the counters are added to `stats`.
pub(super) fn solve_places<'g>(g: Graph<'g>, columns: usize, stats: &mut SolveStats) -> Sap<'g> {
    let mut inner = Sap::new(g, vec![1; columns]);
    inner.greedy();
    inner.augment_all();
    stats.initialised += inner.stats.initialised;
    stats.searches += inner.stats.searches;
    stats.scanned += inner.stats.scanned;
    inner
}

/// The contested part by auction, its places expanded to rows: the placed mentee of each row
/// (local index or `NONE`), each mentee's dual `q` (0 when unplaced) and the bids made. `None`
/// when `auction` is off or the auction does not settle it.
fn contested_by_auction(
    auction: bool,
    start: &[usize],
    col: &[u32],
    cost: &[i64],
    group: &[u32],
    mentees: usize,
) -> Option<(Vec<u32>, Vec<i64>, u64)> {
    if !auction {
        return None;
    }
    let mut rows_start = Vec::with_capacity(group.len() + 1);
    let (mut rows_col, mut rows_cost) = (Vec::new(), Vec::new());
    rows_start.push(0);
    for &g in group {
        let arcs = start[g as usize]..start[g as usize + 1];
        rows_col.extend_from_slice(&col[arcs.clone()]);
        rows_cost.extend_from_slice(&cost[arcs]);
        rows_start.push(rows_col.len());
    }
    let ones = vec![1u32; mentees];
    let Outcome::Solved(a) = auction::solve(&auction::Input {
        start: &rows_start,
        col: &rows_col,
        cost: &rows_cost,
        cap: &ones,
        capacity: &ones,
    }) else {
        return None;
    };
    let placed = a.mentor_of.iter().map(|m| m.unwrap_or(NONE)).collect();
    Some((placed, a.certificate.mentor_potential, a.stats.auction_bids))
}

#[allow(clippy::too_many_arguments)]
fn solve_contested(
    auction: bool,
    p: &SparseProblem,
    csr: &MenteeCsr,
    cap: &[u32],
    r_mentees: &[u32],
    r_mentors: &[u32],
    mentor_of: &mut [Option<u32>],
    cert: &mut Certificate,
    stats: &mut SolveStats,
) -> Result<(), AssignError> {
    let m = p.capacities.len();
    let mut mentor_local = vec![NONE; m];
    for (k, &j) in r_mentors.iter().enumerate() {
        mentor_local[j as usize] = k as u32;
    }
    // Transposed CSR restricted to R (R is closed: a mentee of R only has arcs into R).
    let nm = r_mentors.len();
    let mut start = vec![0usize; nm + 1];
    for &i in r_mentees {
        for k in csr.start[i as usize]..csr.start[i as usize + 1] {
            let lj = mentor_local[csr.col[k] as usize];
            if lj != NONE {
                start[lj as usize + 1] += 1;
            }
        }
    }
    for k in 0..nm {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut col = vec![0u32; start[nm]];
    let mut cost = vec![0i64; start[nm]];
    for (li, &i) in r_mentees.iter().enumerate() {
        for k in csr.start[i as usize]..csr.start[i as usize + 1] {
            let lj = mentor_local[csr.col[k] as usize];
            if lj != NONE {
                let pos = &mut fill[lj as usize];
                col[*pos] = li as u32;
                cost[*pos] = csr.cost[k];
                *pos += 1;
            }
        }
    }
    // One row per place of each mentor in R: all of them are filled in every maximum assignment.
    let mut group = Vec::new();
    for (lj, &j) in r_mentors.iter().enumerate() {
        group.extend(std::iter::repeat_n(lj as u32, cap[j as usize] as usize));
    }
    // Each place as a row: the mentees (capacity 1) compete for places that must all be filled.
    let (row_mentee, mentee_q) =
        match contested_by_auction(auction, &start, &col, &cost, &group, r_mentees.len()) {
            Some((placed, q, bids)) => {
                stats.auction_bids += bids;
                (placed, q)
            }
            None => {
                let graph = Graph {
                    start: &start,
                    col: &col,
                    cost: &cost,
                    group: &group,
                };
                let inner = solve_places(graph, r_mentees.len(), stats);
                let q = inner.v.iter().map(|&v| -v).collect();
                (inner.row_col, q)
            }
        };

    for &i in r_mentees {
        mentor_of[i as usize] = None;
    }
    for (li, &i) in r_mentees.iter().enumerate() {
        cert.mentee_cover[i as usize] = false;
        cert.mentee_potential[i as usize] = mentee_q[li];
    }
    for (lj, &j) in r_mentors.iter().enumerate() {
        cert.mentor_cover[j as usize] = true;
        // q_j = max over its arcs of (s - p_i): tight on its assigned arcs when the search
        // invariant holds, and well defined for a mentor with no places.
        let mut q = i64::MIN;
        for k in start[lj]..start[lj + 1] {
            q = q.max(-cost[k] - cert.mentee_potential[r_mentees[col[k] as usize] as usize]);
        }
        cert.mentor_potential[j as usize] = if q == i64::MIN { 0 } else { q };
    }
    for (row, &lc) in row_mentee.iter().enumerate() {
        if lc != NONE {
            let j = r_mentors[group[row] as usize];
            mentor_of[r_mentees[lc as usize] as usize] = Some(j);
        }
    }
    Ok(())
}
