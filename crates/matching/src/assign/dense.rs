//! Dense engine: Jonker & Volgenant (1987), "A shortest augmenting path algorithm for dense and
//! sparse linear assignment problems", written from the paper.
//!
//! Phases, as in the paper: column reduction (each column's minimum, assigned to its row when that
//! row is still free), reduction transfer (a row that got exactly one column moves its slack to
//! that column's potential, so other rows are less drawn to it), two passes of augmenting row
//! reduction (auction-like: a free row takes its best column and lowers that column's potential to
//! the row's second best, evicting the previous holder), then the shortest augmenting path phase
//! for the rows still free, level by level without a heap (see [`Jv::augment`] for how the
//! to-do scan differs from the paper's permuted column list). Work arrays are allocated once; the
//! inner loops do not allocate. The matrix
//! is read in place (cost = −score), except to transpose a problem with more rows than columns,
//! and, for a square one whose scores all fit 32 bits, a 32-bit copy made during column reduction
//! that the searches read instead: they are bound by memory bandwidth once the matrix outgrows
//! the caches, and the copy halves the bytes per row scan (docs/benchmarks-matching.md).
//!
//! Departures from the paper, each measured (docs/matching.md §3): for a square matrix the
//! column reduction sweep also validates the scores (one read of the matrix, not two) and spreads
//! tied column minima over rows; the row reduction's step budget is generous; the levels of a
//! search are scanned first in, first out.
//!
//! Column reduction sets potentials that only make sense when every column ends up assigned, so
//! it runs only for square problems without forbidden pairs. Otherwise the initialisation starts
//! from zero potentials and keeps the rectangular invariant (a column that never fills keeps
//! potential 0), and rows that cannot be placed are handled as in the sparse engine: their
//! alternating tree is marked dead and the contested part is re-solved from the columns' side.

// Index loops mirror the paper's pseudocode and several arrays are indexed together; iterator
// chains would obscure the algorithm without removing any bounds check that matters.
#![allow(clippy::needless_range_loop)]

use super::sparse::{Graph, solve_places};
use super::{AssignError, Assignment, Certificate, DenseProblem, FORBIDDEN, MAX_SCORE, SolveStats};

const NONE: u32 = u32::MAX;
const INF: i64 = i64::MAX;
// Column states of a search.
const PENDING: u8 = 0;
const AT_MIN: u8 = 1;
const READY: u8 = 2;
const DEAD_COL: u8 = 3;

pub(super) fn solve(p: &DenseProblem) -> Result<Assignment, AssignError> {
    if p.scores.len() != p.rows.saturating_mul(p.cols) {
        return Err(AssignError::MatrixShape {
            rows: p.rows,
            cols: p.cols,
            len: p.scores.len(),
        });
    }
    if p.rows >= u32::MAX as usize || p.cols >= u32::MAX as usize {
        return Err(AssignError::TooLarge);
    }
    if p.rows == p.cols && p.rows > 0 {
        // Square: column reduction's sweep checks the scores as it reads them, so the matrix is
        // read once here, not twice (validation then reduction). Any forbidden or out-of-range
        // score stops it, and the general path below validates and solves instead.
        let mut jv = Jv::new(p);
        let mut narrow = Vec::new();
        if let Some(free) = jv.column_reduction(Some(&mut narrow)) {
            if narrow.len() == p.scores.len() {
                // Every score fits 32 bits: the searches read the half-size copy. They are
                // bound by memory bandwidth once the matrix outgrows the caches (n = 5,000 is
                // 200 MB of i64; a hard instance scans 850,000 rows of it).
                let mut jv = jv.narrowed(&narrow);
                jv.run::<false>(free, false);
                return Ok(finish(p, jv, true));
            }
            jv.run::<false>(free, false);
            return Ok(finish(p, jv, true));
        }
    }
    let mut forbidden = false;
    for (k, &s) in p.scores.iter().enumerate() {
        if s == FORBIDDEN {
            forbidden = true;
        } else if !(-MAX_SCORE..=MAX_SCORE).contains(&s) {
            return Err(AssignError::DenseScoreOutOfRange {
                row: k / p.cols,
                col: k % p.cols,
                score: s,
            });
        }
    }
    if p.rows <= p.cols {
        return Ok(solve_oriented(p, forbidden));
    }
    // More rows than columns: solve the transpose (rows ≤ columns) and swap the roles back. The
    // certificate's conditions are symmetric when every capacity is 1.
    let mut t = vec![0i64; p.scores.len()];
    for i in 0..p.rows {
        for j in 0..p.cols {
            t[j * p.rows + i] = p.scores[i * p.cols + j];
        }
    }
    let tp = DenseProblem {
        rows: p.cols,
        cols: p.rows,
        scores: t,
    };
    let ta = solve_oriented(&tp, forbidden);
    let mut mentor_of = vec![None; p.rows];
    for (j, m) in ta.mentor_of.iter().enumerate() {
        if let Some(i) = m {
            mentor_of[*i as usize] = Some(j as u32);
        }
    }
    let c = ta.certificate;
    Ok(Assignment {
        mentor_of,
        assigned: ta.assigned,
        total_score: ta.total_score,
        optimal: false,
        certificate: Certificate {
            mentee_cover: c.mentor_cover,
            mentee_potential: c.mentor_potential,
            mentor_cover: c.mentee_cover,
            mentor_potential: c.mentee_potential,
        },
        stats: ta.stats,
    })
}

/// A matrix entry the searches can read: the caller's `i64` scores, or their 32-bit copy when
/// every score fits (half the memory traffic per row scan; all arithmetic stays in `i64`).
trait Cell: Copy {
    fn score(self) -> i64;
}

impl Cell for i64 {
    #[inline(always)]
    fn score(self) -> i64 {
        self
    }
}

impl Cell for i32 {
    #[inline(always)]
    fn score(self) -> i64 {
        i64::from(self)
    }
}

struct Jv<'a, S: Cell = i64> {
    rows: usize,
    cols: usize,
    s: &'a [S],
    v: Vec<i64>,
    x: Vec<u32>,
    y: Vec<u32>,
    d: Vec<i64>,
    pred: Vec<u32>,
    state: Vec<u8>,
    ready: Vec<u32>,
    level: Vec<u32>,
    live: Vec<u32>,
    dead_col: Vec<bool>,
    dead_row: Vec<bool>,
    stats: SolveStats,
}

impl<'a> Jv<'a, i64> {
    fn new(p: &'a DenseProblem) -> Self {
        let (rows, cols) = (p.rows, p.cols);
        Jv {
            rows,
            cols,
            s: &p.scores,
            v: vec![0; cols],
            x: vec![NONE; rows],
            y: vec![NONE; cols],
            d: vec![INF; cols],
            pred: vec![NONE; cols],
            state: vec![PENDING; cols],
            ready: Vec::new(),
            level: Vec::new(),
            live: (0..cols as u32).collect(),
            dead_col: vec![false; cols],
            dead_row: vec![false; rows],
            stats: SolveStats::default(),
        }
    }

    /// The same state over a 32-bit copy of the scores (`narrow`, row-major like `s`).
    fn narrowed<'b>(self, narrow: &'b [i32]) -> Jv<'b, i32> {
        Jv {
            rows: self.rows,
            cols: self.cols,
            s: narrow,
            v: self.v,
            x: self.x,
            y: self.y,
            d: self.d,
            pred: self.pred,
            state: self.state,
            ready: self.ready,
            level: self.level,
            live: self.live,
            dead_col: self.dead_col,
            dead_row: self.dead_row,
            stats: self.stats,
        }
    }

    /// Column reduction and reduction transfer (square). Returns the free rows, or `None` as
    /// soon as a row holds a forbidden or out-of-range score (nothing is kept then: the caller
    /// validates and starts again on the general path).
    ///
    /// With `narrow`, the sweep also copies the scores into it as `i32` while the row is still
    /// in cache, and empties it again at the first score that does not fit.
    fn column_reduction(&mut self, mut narrow: Option<&mut Vec<i32>>) -> Option<Vec<u32>> {
        let n = self.cols;
        if let Some(c) = narrow.as_deref_mut() {
            c.clear();
            c.reserve_exact(self.s.len());
        }
        let mut colmin = vec![INF; n];
        let mut argmin = vec![0u32; n];
        // Columns each row is the current argmin of. On a tie a column moves to the new row when
        // its current row holds others: any minimum row is as good, and spreading ties leaves far
        // fewer rows free for the later phases when scores repeat (integer scores in a small
        // range, criteria-built scores).
        let mut holds = vec![0u32; self.rows];
        // Row-major sweep (cache friendly); strict `<` keeps the first row on ties. The range
        // check is a branch-free flag per row: |s| > MAX_SCORE also catches FORBIDDEN (i64::MIN).
        for i in 0..self.rows {
            let row = self.row(i);
            let mut bad = false;
            for (&s, (cm, am)) in row.iter().zip(colmin.iter_mut().zip(argmin.iter_mut())) {
                bad |= s.unsigned_abs() > MAX_SCORE as u64;
                let c = s.wrapping_neg();
                if c < *cm {
                    if *cm != INF {
                        holds[*am as usize] -= 1;
                    }
                    *cm = c;
                    *am = i as u32;
                    holds[i] += 1;
                } else if c == *cm && holds[*am as usize] > 1 && holds[i] == 0 {
                    holds[*am as usize] -= 1;
                    *am = i as u32;
                    holds[i] = 1;
                }
            }
            if bad {
                return None;
            }
            if let Some(c) = narrow.as_deref_mut() {
                let wide = row
                    .iter()
                    .fold(false, |w, &s| w | (i64::from(s as i32) != s));
                if wide {
                    c.clear();
                    c.shrink_to_fit();
                    narrow = None;
                } else {
                    c.extend(row.iter().map(|&s| s as i32));
                }
            }
        }
        let mut matches = vec![0u32; self.rows];
        for j in (0..n).rev() {
            self.v[j] = colmin[j];
            let i = argmin[j] as usize;
            matches[i] += 1;
            if matches[i] == 1 {
                self.x[i] = j as u32;
                self.y[j] = i as u32;
            }
        }
        let mut free = Vec::new();
        for i in 0..self.rows {
            if matches[i] == 0 {
                free.push(i as u32);
            } else if matches[i] == 1 {
                let j1 = self.x[i] as usize;
                let row = self.row(i);
                let mut min = INF;
                for j in 0..n {
                    if j != j1 {
                        min = min.min(-row[j] - self.v[j]);
                    }
                }
                if min != INF {
                    // Row i's slack moves onto its column: u_i = min, reduced cost at j1 stays 0.
                    self.v[j1] -= min - (-row[j1] - self.v[j1]);
                }
            }
        }
        self.stats.initialised = self.rows - free.len();
        Some(free)
    }
}

impl<'a, S: Cell> Jv<'a, S> {
    #[inline(always)]
    fn cost<const FORB: bool>(row: &[S], j: usize) -> i64 {
        let s = row[j].score();
        if FORB && s == FORBIDDEN { INF } else { -s }
    }

    #[inline(always)]
    fn row(&self, i: usize) -> &'a [S] {
        &self.s[i * self.cols..(i + 1) * self.cols]
    }

    /// Augmenting row reduction, one pass over `free`; returns the rows still free.
    fn row_reduction<const FORB: bool>(&mut self, mut free: Vec<u32>) -> Vec<u32> {
        let prv = free.len();
        let mut k = 0usize;
        let mut numfree = 0usize;
        // Each eviction lowers a potential by at least 1, so the loop ends; the cap only bounds
        // pathological chains (the remaining rows are left to the shortest path phase). It is
        // generous because a step here (one row scan) is cheaper than a search: on correlated
        // (low-rank) scores a cap of 8 (n + m) left four times as many rows to the searches.
        let mut budget = 32 * (self.rows + self.cols) + 64;
        while k < prv {
            if budget == 0 {
                let rest: Vec<u32> = free[k..prv].to_vec();
                free.truncate(numfree);
                free.extend(rest);
                return free;
            }
            budget -= 1;
            let i = free[k] as usize;
            k += 1;
            let row = self.row(i);
            let (mut u1, mut u2) = (INF, INF);
            let (mut j1, mut j2) = (usize::MAX, usize::MAX);
            if !FORB && self.live.len() == self.cols {
                // Every column live: a straight zip of the row and the potentials, no index list
                // and no bounds checks.
                for (j, (&s, &vj)) in row.iter().zip(&self.v).enumerate() {
                    let h = -s.score() - vj;
                    if h < u2 {
                        if h >= u1 {
                            u2 = h;
                            j2 = j;
                        } else {
                            u2 = u1;
                            j2 = j1;
                            u1 = h;
                            j1 = j;
                        }
                    }
                }
            } else {
                for &jj in &self.live {
                    let j = jj as usize;
                    let c = Self::cost::<FORB>(row, j);
                    if FORB && c == INF {
                        continue;
                    }
                    let h = c - self.v[j];
                    if h < u2 {
                        if h >= u1 {
                            u2 = h;
                            j2 = j;
                        } else {
                            u2 = u1;
                            j2 = j1;
                            u1 = h;
                            j1 = j;
                        }
                    }
                }
            }
            if j1 == usize::MAX || j2 == usize::MAX {
                // No or a single allowed column: no second best to lower to; leave it to the
                // shortest path phase (which handles failure too).
                free[numfree] = i as u32;
                numfree += 1;
                continue;
            }
            let mut i0 = self.y[j1];
            if u1 < u2 {
                self.v[j1] -= u2 - u1;
            } else if i0 != NONE {
                j1 = j2;
                i0 = self.y[j2];
            }
            self.x[i] = j1 as u32;
            self.y[j1] = i as u32;
            if i0 != NONE {
                self.x[i0 as usize] = NONE;
                if u1 < u2 {
                    k -= 1;
                    free[k] = i0;
                } else {
                    free[numfree] = i0;
                    numfree += 1;
                }
            }
        }
        free.truncate(numfree);
        free
    }

    /// Shortest augmenting path from free row `f` (the paper's AUGMENTATION procedure).
    ///
    /// The paper keeps the columns in one permuted list (ready / at the current minimum / to
    /// do). Here the to-do scan walks the row, the potentials and the distances in natural
    /// order instead: sequential memory, no gather through a permutation, no bounds checks in
    /// the hot loop. That needs no per-column state there: with non-negative reduced costs a
    /// column already at or below the current minimum can never be improved, and a dead column
    /// sits at distance `i64::MIN`. The state array is only read when the next minimum is
    /// chosen, once per distance level.
    fn augment<const FORB: bool>(&mut self, f: usize) -> bool {
        self.stats.searches += 1;
        let rowf = self.row(f);
        for ((dj, st), (&s, &vj)) in self
            .d
            .iter_mut()
            .zip(self.state.iter_mut())
            .zip(rowf.iter().zip(&self.v))
        {
            let s = s.score();
            if *st == DEAD_COL {
                *dj = i64::MIN;
                continue;
            }
            *st = PENDING;
            *dj = if FORB && s == FORBIDDEN { INF } else { -s - vj };
        }
        self.pred.fill(f as u32);
        self.ready.clear();
        self.level.clear();
        let mut min = 0i64;
        // The level is a queue (`level[head..]` still to scan): first in, first out, as in the
        // paper. With many equal distances (tie-heavy scores) this reaches a free column after
        // about a third fewer row scans than a stack did.
        let mut head = 0usize;
        let sink;
        'search: loop {
            if head == self.level.len() {
                self.level.clear();
                head = 0;
                min = INF;
                for (j, (&dj, &st)) in self.d.iter().zip(&self.state).enumerate() {
                    if st == PENDING && dj <= min {
                        if dj < min {
                            min = dj;
                            self.level.clear();
                        }
                        self.level.push(j as u32);
                    }
                }
                if min == INF || self.level.is_empty() {
                    return self.fail(f);
                }
                for &j in &self.level {
                    if self.y[j as usize] == NONE {
                        sink = j as usize;
                        break 'search;
                    }
                    self.state[j as usize] = AT_MIN;
                }
            }
            if head == self.level.len() {
                continue;
            }
            let j1 = self.level[head] as usize;
            head += 1;
            self.state[j1] = READY;
            self.ready.push(j1 as u32);
            let i = self.y[j1] as usize;
            let rowi = self.row(i);
            let u1 = Self::cost::<FORB>(rowi, j1) - self.v[j1] - min;
            let mut hit = usize::MAX;
            for (j, ((&s, &vj), (dj, pj))) in rowi
                .iter()
                .zip(&self.v)
                .zip(self.d.iter_mut().zip(self.pred.iter_mut()))
                .enumerate()
            {
                let s = s.score();
                if FORB && s == FORBIDDEN {
                    continue;
                }
                let h = -s - vj - u1;
                if h < *dj {
                    *dj = h;
                    *pj = i as u32;
                    if h == min {
                        if self.y[j] == NONE {
                            hit = j;
                            break;
                        }
                        self.state[j] = AT_MIN;
                        self.level.push(j as u32);
                    }
                }
            }
            if hit != usize::MAX {
                sink = hit;
                break 'search;
            }
        }
        self.stats.scanned += self.ready.len() as u64;
        // Potentials of the columns scanned below the final distance.
        for &j in &self.ready {
            let j = j as usize;
            self.v[j] += self.d[j] - min;
        }
        let mut j = sink;
        loop {
            let i = self.pred[j] as usize;
            self.y[j] = i as u32;
            let prev = self.x[i];
            self.x[i] = j as u32;
            if i == f {
                break;
            }
            j = prev as usize;
        }
        true
    }

    /// No free column reachable from `f`: its tree (the ready columns) is closed and full forever.
    fn fail(&mut self, f: usize) -> bool {
        self.stats.scanned += self.ready.len() as u64;
        self.dead_row[f] = true;
        for k in 0..self.ready.len() {
            let j = self.ready[k] as usize;
            self.dead_col[j] = true;
            self.state[j] = DEAD_COL;
            let i = self.y[j];
            if i != NONE {
                self.dead_row[i as usize] = true;
            }
        }
        let dead = &self.dead_col;
        self.live.retain(|&j| !dead[j as usize]);
        false
    }

    /// Augmenting row reduction (two passes) and the shortest path phase, from the rows `free`.
    /// Without column reduction, the rows placed by the row reduction count as initialised.
    fn run<const FORB: bool>(&mut self, mut free: Vec<u32>, count_initialised: bool) {
        for _ in 0..2 {
            if free.is_empty() {
                break;
            }
            free = self.row_reduction::<FORB>(free);
        }
        if count_initialised {
            self.stats.initialised = self.rows - free.len();
        }
        for &f in &free {
            self.augment::<FORB>(f as usize);
        }
    }
}

/// Solves a problem with `rows ≤ cols` (already validated).
fn solve_oriented(p: &DenseProblem, forbidden: bool) -> Assignment {
    let mut jv = Jv::new(p);
    let square_complete = p.rows == p.cols && !forbidden;
    if forbidden {
        let all = (0..p.rows as u32).collect();
        jv.run::<true>(all, true);
    } else if square_complete {
        // Validated scores never stop the sweep; were it to stop, it changed nothing, and
        // starting from every row free is still correct.
        let free = jv
            .column_reduction(None)
            .unwrap_or_else(|| (0..p.rows as u32).collect());
        jv.run::<false>(free, false);
    } else {
        let all = (0..p.rows as u32).collect();
        jv.run::<false>(all, true);
    }
    finish(p, jv, square_complete)
}

/// The assignment and its certificate from a finished run (the contested part, if any, is
/// re-solved from the columns' side first).
fn finish<S: Cell>(p: &DenseProblem, jv: Jv<'_, S>, square_complete: bool) -> Assignment {
    let (rows, cols) = (p.rows, p.cols);
    let mut stats = jv.stats;

    let mut mentor_of = vec![None; rows];
    let mut cert = Certificate {
        mentee_cover: vec![true; rows],
        mentee_potential: vec![0; rows],
        mentor_cover: vec![false; cols],
        mentor_potential: vec![0; cols],
    };
    // Outside the contested part: q_j = K - v_j with K the largest potential (0 unless column
    // reduction ran, where every column is full so any K ≥ max v works), mentees tight.
    let shift = if square_complete {
        jv.v.iter().copied().max().unwrap_or(0)
    } else {
        0
    };
    for j in 0..cols {
        if !jv.dead_col[j] {
            cert.mentor_potential[j] = shift - jv.v[j];
        }
    }
    for i in 0..rows {
        if !jv.dead_row[i] && jv.x[i] != NONE {
            let j = jv.x[i] as usize;
            mentor_of[i] = Some(j as u32);
            cert.mentee_potential[i] = p.scores[i * cols + j] - cert.mentor_potential[j];
        }
    }
    let r_rows: Vec<u32> = (0..rows as u32)
        .filter(|&i| jv.dead_row[i as usize])
        .collect();
    if !r_rows.is_empty() {
        let r_cols: Vec<u32> = (0..cols as u32)
            .filter(|&j| jv.dead_col[j as usize])
            .collect();
        stats.contested_mentees = r_rows.len();
        // Columns of R as rows (each must be filled), rows of R as unit-capacity columns.
        let mut start = Vec::with_capacity(r_cols.len() + 1);
        let mut col = Vec::new();
        let mut cost = Vec::new();
        start.push(0);
        for &j in &r_cols {
            for (li, &i) in r_rows.iter().enumerate() {
                let s = p.scores[i as usize * cols + j as usize];
                if s != FORBIDDEN {
                    col.push(li as u32);
                    cost.push(-s);
                }
            }
            start.push(col.len());
        }
        let group: Vec<u32> = (0..r_cols.len() as u32).collect();
        let graph = Graph {
            start: &start,
            col: &col,
            cost: &cost,
            group: &group,
        };
        let inner = solve_places(graph, r_rows.len(), &mut stats);
        for (li, &i) in r_rows.iter().enumerate() {
            mentor_of[i as usize] = None;
            cert.mentee_cover[i as usize] = false;
            cert.mentee_potential[i as usize] = -inner.v[li];
        }
        for (lj, &j) in r_cols.iter().enumerate() {
            cert.mentor_cover[j as usize] = true;
            let mut q = i64::MIN;
            for k in start[lj]..start[lj + 1] {
                q = q.max(-cost[k] - cert.mentee_potential[r_rows[col[k] as usize] as usize]);
            }
            cert.mentor_potential[j as usize] = if q == i64::MIN { 0 } else { q };
            let lc = inner.row_col[lj];
            if lc != NONE {
                mentor_of[r_rows[lc as usize] as usize] = Some(j);
            }
        }
    }
    let mut total: i128 = 0;
    let mut assigned = 0;
    for (i, m) in mentor_of.iter().enumerate() {
        if let Some(j) = m {
            assigned += 1;
            total += i128::from(p.scores[i * cols + *j as usize]);
        }
    }
    Assignment {
        mentor_of,
        assigned,
        total_score: total,
        optimal: false,
        certificate: cert,
        stats,
    }
}

#[cfg(test)]
mod tests {
    //! The square fast path (validation inside column reduction) and tie-heavy searches (the
    //! FIFO level, the larger row-reduction budget), against brute force and the sparse engine.
    use super::super::{
        AssignError, DenseProblem, FORBIDDEN, MAX_SCORE, solve_dense, solve_sparse,
    };
    use proptest::prelude::*;

    /// Best (assigned, total) over all injections of rows into columns (rows ≤ cols ≤ 7).
    fn brute(p: &DenseProblem) -> (usize, i128) {
        fn go(
            p: &DenseProblem,
            i: usize,
            used: &mut [bool],
            best: &mut (usize, i128),
            cur: (usize, i128),
        ) {
            if i == p.rows {
                if cur > *best {
                    *best = cur;
                }
                return;
            }
            go(p, i + 1, used, best, cur);
            for j in 0..p.cols {
                let s = p.scores[i * p.cols + j];
                if !used[j] && s != FORBIDDEN {
                    used[j] = true;
                    go(p, i + 1, used, best, (cur.0 + 1, cur.1 + i128::from(s)));
                    used[j] = false;
                }
            }
        }
        let mut best = (0, 0);
        go(p, 0, &mut vec![false; p.cols], &mut best, (0, 0));
        best
    }

    fn tie_heavy(max_n: usize, levels: i64) -> impl Strategy<Value = DenseProblem> {
        (1usize..=max_n).prop_flat_map(move |n| {
            proptest::collection::vec(0..levels, n * n).prop_map(move |scores| DenseProblem {
                rows: n,
                cols: n,
                scores,
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Square, scores from two or three values: many equal distances in every search.
        #[test]
        fn tie_heavy_square_matches_brute_force(p in tie_heavy(7, 3)) {
            let a = solve_dense(&p).unwrap();
            prop_assert!(a.optimal);
            prop_assert_eq!((a.assigned, a.total_score), brute(&p));
        }

        /// Scores beyond 32 bits (the searches then read the caller's `i64` matrix, not the
        /// narrow copy), whether the first wide score sits in the first row or only in a later
        /// one (the copy made so far is dropped): still the optimum. The unscaled problem, read
        /// through the narrow copy, is checked alongside.
        #[test]
        fn wide_scores_square_matches_brute_force(p in tie_heavy(6, 5), at in any::<prop::sample::Index>()) {
            let k = at.index(p.scores.len());
            let mut wide = p.clone();
            let scale = 1i64 << 20;
            for s in &mut wide.scores {
                *s *= scale;
            }
            // One entry pushed just past i32::MAX, anywhere in the matrix.
            wide.scores[k] += i64::from(i32::MAX) + 1;
            let a = solve_dense(&wide).unwrap();
            prop_assert!(a.optimal);
            prop_assert_eq!((a.assigned, a.total_score), brute(&wide));
            let narrow = solve_dense(&p).unwrap();
            prop_assert!(narrow.optimal);
            prop_assert_eq!((narrow.assigned, narrow.total_score), brute(&p));
        }

        /// One forbidden pair or one out-of-range score anywhere in a square matrix: the fused
        /// sweep stops and the general path answers exactly as it would have (optimum, or the
        /// first bad cell in row-major order).
        #[test]
        fn square_fast_path_falls_back(mut p in tie_heavy(6, 5), at in any::<prop::sample::Index>(), out_of_range in any::<bool>()) {
            let k = at.index(p.scores.len());
            if out_of_range {
                p.scores[k] = MAX_SCORE + 1;
                let e = solve_dense(&p).unwrap_err();
                prop_assert!(
                    matches!(e, AssignError::DenseScoreOutOfRange { row, col, score }
                        if row == k / p.cols && col == k % p.cols && score == MAX_SCORE + 1),
                    "{e:?}"
                );
            } else {
                p.scores[k] = FORBIDDEN;
                let a = solve_dense(&p).unwrap();
                prop_assert!(a.optimal);
                prop_assert_eq!((a.assigned, a.total_score), brute(&p));
            }
        }
    }

    /// Tie-heavy and low-rank squares too big for brute force agree with the sparse engine.
    #[test]
    fn medium_tie_heavy_and_low_rank_agree_with_sparse() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (n, kind) in [(90, 0), (120, 1), (100, 2), (150, 2)] {
            let a: Vec<i64> = (0..n).map(|_| (next() % 100) as i64).collect();
            let b: Vec<i64> = (0..n).map(|_| (next() % 100) as i64).collect();
            let scores: Vec<i64> = (0..n * n)
                .map(|k| match kind {
                    0 => (next() % 3) as i64,
                    1 => (next() % 1000) as i64,
                    // Rank one plus a little noise: strongly correlated rows and columns.
                    _ => a[k / n] * b[k % n] + (next() % 5) as i64,
                })
                .collect();
            let p = DenseProblem {
                rows: n,
                cols: n,
                scores,
            };
            let d = solve_dense(&p).unwrap();
            let s = solve_sparse(&p.to_sparse()).unwrap();
            assert!(d.optimal && s.optimal);
            assert_eq!(
                (d.assigned, d.total_score),
                (s.assigned, s.total_score),
                "n {n} kind {kind}"
            );
        }
    }
}
