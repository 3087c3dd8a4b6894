//! Fast path of the sparse engine: an ε-scaling auction (Bertsekas) on mentors with native
//! capacities, then exact integer duals.
//!
//! **Why.** Shortest augmenting paths are exact from the first path, but when nearly every place
//! is wanted the late searches each explore most of the graph to reach the last free places: on
//! the national instance (100k × 50k, 5.1 M arcs) they took 157 s, growing 30× for 5× the arcs. An
//! auction's bids are local (a mentee looks only at its own candidates) and ε-scaling keeps the
//! bids per mentee and phase small: the same instance takes about 8 s.
//!
//! **The auction.** Each place of a mentor has a price; a mentee pays a mentor's lowest one. A
//! free mentee bids for its best mentor, raising that place's price by the gap to its second-best
//! option (another mentor, or the mentor's next place) plus ε, and evicts the holder. Each phase
//! divides ε by [`EPS_FACTOR`]; mentees still within the new ε of their best option keep their
//! place, the others bid again. With more places than mentees, places left empty may keep prices
//! from coarser phases, which would hide an improvement; after every phase a *reverse* auction
//! (Bertsekas, Castañon and Tsaknakis) lets each such place lower its price just enough to win the
//! mentee it attracts most, or down to the lowest occupied price.
//!
//! **Exactness.** Costs are multiplied by `K` = (mentees with arcs) + 1. At ε = 1 any set of
//! reassignments among `k < K` mentees changes the scaled cost by more than `−K`, so by at least 0
//! in the unscaled integers: the assignment is optimal. The prices are then turned into integer
//! duals of the unscaled problem: `floor(price / K)`, then a raising label-correcting pass that
//! enforces every dual condition of the [`Certificate`] (each mentee's mentor is its cheapest,
//! spare mentors no dearer than full ones). That pass is a longest-path computation that settles
//! exactly when the assignment is optimal, so it is tried from ε ≤ K/4 on and usually ends the
//! auction a few phases early. [`super::verify`] then checks the result independently.
//!
//! **When not everyone fits** (fewer places than mentees, or the first phase overruns a modest
//! work budget and a maximum placement, [`max_placement`], started from the bids so far, leaves
//! someone out), the auction would bid forever. It reports [`Outcome::NotEveryoneFits`] with that
//! placement, and the caller splits the problem: the contested part is solved from the mentors'
//! side, and the rest, where everyone fits, comes back here. Scores too large to scale in 64 bits,
//! or a later budget overrun, give [`Outcome::NotApplicable`] and shortest augmenting paths run.

// Index loops over several parallel arrays read closer to the algorithm than iterator chains.
#![allow(clippy::needless_range_loop)]

use std::collections::VecDeque;

use super::{Assignment, Certificate, SolveStats};

const NONE: u32 = u32::MAX;
/// Price of a column with no places: never the best bid, and no overflow when added to a cost.
const CLOSED: i64 = 1 << 61;
/// A price above this means a price war that cannot end (someone cannot be placed).
const PRICE_LIMIT: i64 = 1 << 60;
/// Scaled costs must stay below this so prices have ample headroom under [`PRICE_LIMIT`].
const SCALED_LIMIT: i128 = 1 << 50;
/// Each phase divides ε by this (Bertsekas reports 4–10 as the useful range).
const EPS_FACTOR: i64 = 8;

/// The CSR view of the problem the auction works on (min-cost form, `cost = -score`).
pub(super) struct Input<'a> {
    pub start: &'a [usize],
    pub col: &'a [u32],
    pub cost: &'a [i64],
    /// Places per mentor, already capped at its number of arcs (the auction's slots).
    pub cap: &'a [u32],
    /// Places per mentor as given: a mentor below these has spare places in the certificate.
    pub capacity: &'a [u32],
}

/// What the auction made of a problem.
pub(super) enum Outcome {
    /// Solved, with a certificate still to be verified by the caller.
    Solved(Box<Assignment>),
    /// Not everyone with an arc can be placed; `placement` is a maximum-cardinality one when
    /// the auction computed it (the mentor of each mentee, or `NONE`).
    NotEveryoneFits { placement: Option<Vec<u32>> },
    /// Scores too large to scale, or a work budget exceeded.
    NotApplicable,
}

/// Runs the auction and the dual pass (see module docs).
pub(super) fn solve(g: &Input<'_>) -> Outcome {
    match run(g) {
        Ok(a) => Outcome::Solved(Box::new(a)),
        Err(o) => o,
    }
}

fn run(g: &Input<'_>) -> Result<Assignment, Outcome> {
    use Outcome::{NotApplicable, NotEveryoneFits};
    let n = g.start.len() - 1;
    let m = g.cap.len();
    let active = (0..n).filter(|&r| g.start[r + 1] > g.start[r]).count();
    let places: u64 = g.cap.iter().map(|&c| u64::from(c)).sum();
    if active == 0 || g.cost.is_empty() {
        return Err(NotApplicable);
    }
    if active as u64 > places {
        return Err(NotEveryoneFits { placement: None });
    }
    let (lo, hi) = g
        .cost
        .iter()
        .fold((i64::MAX, i64::MIN), |(l, h), &c| (l.min(c), h.max(c)));
    let k = active as i64 + 1;
    if i128::from(hi - lo) * i128::from(k) >= SCALED_LIMIT {
        return Err(NotApplicable);
    }
    // Shifting every cost by `lo` changes every complete assignment's cost by the same amount.
    let kc: Vec<i64> = g.cost.iter().map(|&c| (c - lo) * k).collect();
    let range = (hi - lo) * k;
    let mut a = Auction::new(g, &kc, range);
    // Bids cost their mentee's arcs. A solvable instance needs a few times its arcs per phase;
    // when someone cannot be placed the first phase would bid forever, so past a modest budget
    // it stops and an exact cardinality check decides whether to go on.
    let arcs = g.col.len() as u64;
    let first_budget = 20 * arcs + 1_000_000;
    let budget = 400 * arcs + 1_000_000;
    let dual_budget = 8 * arcs + 1_000_000;
    let mut eps = (range / EPS_FACTOR).max(1);
    let mut first = true;
    let duals = loop {
        let mut ok = a.phase(eps, if first { first_budget } else { budget });
        if !ok && first {
            let placement = max_placement(g, &a.held());
            let placed = placement.iter().filter(|&&c| c != NONE).count();
            if placed < active {
                return Err(NotEveryoneFits {
                    placement: Some(placement),
                });
            }
            ok = a.phase(eps, budget);
        }
        first = false;
        if !ok || !a.reverse(eps, budget) {
            return Err(NotApplicable);
        }
        // ε = 1 proves optimality outright; coarser phases often reach an optimal assignment
        // already, which the dual pass detects exactly (it settles only on an optimal one).
        if (eps <= k / 4 || eps == 1)
            && let Some(d) = a.integer_duals(k, dual_budget)
        {
            break d;
        }
        if eps == 1 {
            return Err(NotApplicable);
        }
        eps = (eps / EPS_FACTOR).max(1);
    };
    Ok(a.into_assignment(&duals, active, m))
}

/// Arcs by mentor: mentee, arc and scaled cost, in mentor order so that a reverse bid reads them
/// sequentially.
struct ByMentor {
    start: Vec<usize>,
    row: Vec<u32>,
    arc: Vec<u32>,
    kc: Vec<i64>,
}

impl ByMentor {
    fn new(g: &Input<'_>, kc: &[i64]) -> Self {
        let m = g.cap.len();
        let mut start = vec![0usize; m + 1];
        for &c in g.col {
            start[c as usize + 1] += 1;
        }
        for c in 0..m {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut by = Self {
            row: vec![0; g.col.len()],
            arc: vec![0; g.col.len()],
            kc: vec![0; g.col.len()],
            start: Vec::new(),
        };
        for r in 0..g.start.len() - 1 {
            for a in g.start[r]..g.start[r + 1] {
                let c = g.col[a] as usize;
                let k = fill[c];
                by.row[k] = r as u32;
                by.arc[k] = a as u32;
                by.kc[k] = kc[a];
                fill[c] += 1;
            }
        }
        by.start = start;
        by
    }
}

struct Auction<'a> {
    g: &'a Input<'a>,
    kc: &'a [i64],
    /// Largest scaled cost difference: the increment of a mentee with a single option.
    range: i64,
    slot_start: Vec<usize>,
    slot_col: Vec<u32>,
    slot_price: Vec<i64>,
    slot_row: Vec<u32>,
    row_slot: Vec<u32>,
    /// The arc each placed mentee holds its place by.
    row_arc: Vec<u32>,
    /// What each placed mentee pays: scaled cost of its arc plus its place's price.
    paid: Vec<i64>,
    /// Arcs by mentor for the reverse phase, built the first time a place is left empty.
    by_col: Option<ByMentor>,
    /// Lowest slot price of each mentor (what a bidder pays), its slot, and the second lowest.
    p1: Vec<i64>,
    p1_slot: Vec<u32>,
    p2: Vec<i64>,
    queue: VecDeque<u32>,
    stats: SolveStats,
}

impl<'a> Auction<'a> {
    fn new(g: &'a Input<'a>, kc: &'a [i64], range: i64) -> Self {
        let m = g.cap.len();
        let slot_start = super::slot_starts(g.cap);
        let acc = slot_start[slot_start.len() - 1];
        let mut slot_col = Vec::with_capacity(acc);
        for (c, &k) in g.cap.iter().enumerate() {
            slot_col.extend(std::iter::repeat_n(c as u32, k as usize));
        }
        let mut s = Self {
            row_arc: vec![NONE; g.start.len() - 1],
            paid: vec![i64::MIN; g.start.len() - 1],
            by_col: None,
            slot_col,
            g,
            kc,
            range,
            slot_price: vec![0; acc],
            slot_row: vec![NONE; acc],
            row_slot: vec![NONE; g.start.len() - 1],
            p1: vec![0; m],
            p1_slot: vec![NONE; m],
            p2: vec![0; m],
            slot_start,
            queue: VecDeque::new(),
            stats: SolveStats::default(),
        };
        for c in 0..m {
            s.refresh(c);
        }
        s
    }

    /// Recomputes a mentor's lowest and second-lowest slot prices (capacities are small).
    fn refresh(&mut self, c: usize) {
        let (s0, s1) = (self.slot_start[c], self.slot_start[c + 1]);
        let (mut b1, mut b2, mut at) = (CLOSED, CLOSED, NONE);
        for s in s0..s1 {
            let p = self.slot_price[s];
            if p < b1 {
                b2 = b1;
                b1 = p;
                at = s as u32;
            } else if p < b2 {
                b2 = p;
            }
        }
        self.p1[c] = b1;
        self.p2[c] = b2;
        self.p1_slot[c] = at;
    }

    /// One ε-phase: mentees no longer within ε of their best option give up their place, and
    /// every mentee without one bids until all are placed. Returns false when the work budget or
    /// the price limit is exceeded.
    fn phase(&mut self, eps: i64, budget: u64) -> bool {
        self.queue.clear();
        let (start, col, kc) = (self.g.start, self.g.col, self.kc);
        let mut work = 0u64;
        // Mentees already within the new ε of their best option keep their place; the rest bid.
        for r in 0..start.len() - 1 {
            if start[r + 1] == start[r] {
                continue;
            }
            let s = self.row_slot[r];
            if s != NONE {
                let mut best = i64::MAX;
                for a in start[r]..start[r + 1] {
                    best = best.min(kc[a] + self.p1[col[a] as usize]);
                }
                work += (start[r + 1] - start[r]) as u64;
                if self.paid[r] <= best + eps {
                    continue;
                }
                self.row_slot[r] = NONE;
                self.paid[r] = i64::MIN;
                self.slot_row[s as usize] = NONE;
            }
            self.queue.push_back(r as u32);
        }
        while let Some(r) = self.queue.pop_front() {
            let r = r as usize;
            let (a0, a1) = (start[r], start[r + 1]);
            work += (a1 - a0) as u64;
            if work > budget {
                return false;
            }
            self.stats.auction_bids += 1;
            let (mut w1, mut w2, mut best) = (i64::MAX, i64::MAX, usize::MAX);
            for a in a0..a1 {
                let w = kc[a] + self.p1[col[a] as usize];
                if w < w1 {
                    w2 = w1;
                    w1 = w;
                    best = a;
                } else if w < w2 {
                    w2 = w;
                }
            }
            let c = col[best] as usize;
            if self.p1[c] >= CLOSED {
                // Every candidate has no places at all.
                return false;
            }
            // The mentor's second place is an alternative too.
            w2 = w2.min(kc[best].saturating_add(self.p2[c]));
            if w2 >= CLOSED {
                w2 = w1 + self.range;
            }
            let s = self.p1_slot[c] as usize;
            let price = self.slot_price[s] + (w2 - w1) + eps;
            if price > PRICE_LIMIT {
                return false;
            }
            let old = self.slot_row[s];
            if old != NONE {
                self.row_slot[old as usize] = NONE;
                self.paid[old as usize] = i64::MIN;
                self.queue.push_back(old);
            }
            self.slot_row[s] = r as u32;
            self.row_slot[r] = s as u32;
            self.row_arc[r] = best as u32;
            self.paid[r] = kc[best] + price;
            self.slot_price[s] = price;
            self.refresh(c);
        }
        true
    }

    /// Reverse auction for places left empty (Bertsekas, Castañon and Tsaknakis): when there are
    /// more places than mentees, the empty ones must end no dearer than any occupied one, or
    /// moving someone there would be an improvement the prices hide. Prices left over from
    /// coarser phases break that. Each such place lowers its price just enough to win the mentee
    /// it attracts most (who gains at least ε), or down to the occupied level if none is worth it.
    /// Keeps ε-complementary slackness for everyone. Returns false past the work budget.
    fn reverse(&mut self, eps: i64, budget: u64) -> bool {
        let mut level = i64::MAX;
        for s in 0..self.slot_row.len() {
            if self.slot_row[s] != NONE {
                level = level.min(self.slot_price[s]);
            }
        }
        let stale: Vec<u32> = (0..self.slot_row.len() as u32)
            .filter(|&s| self.slot_row[s as usize] == NONE && self.slot_price[s as usize] > level)
            .collect();
        if stale.is_empty() {
            return true;
        }
        let by = self
            .by_col
            .take()
            .unwrap_or_else(|| ByMentor::new(self.g, self.kc));
        let done = self.reverse_bids(&by, stale, level, eps, budget);
        self.by_col = Some(by);
        done
    }

    fn reverse_bids(
        &mut self,
        by: &ByMentor,
        mut stale: Vec<u32>,
        level: i64,
        eps: i64,
        budget: u64,
    ) -> bool {
        let mut work = 0u64;
        while let Some(s) = stale.pop() {
            let s = s as usize;
            if self.slot_row[s] != NONE || self.slot_price[s] <= level {
                continue;
            }
            let c = self.slot_col[s] as usize;
            let (mut b1, mut b2, mut pick) = (i64::MIN, i64::MIN, usize::MAX);
            let (k0, k1) = (by.start[c], by.start[c + 1]);
            work += (k1 - k0) as u64;
            if work > budget {
                return false;
            }
            for k in k0..k1 {
                // The price at which this mentee would be indifferent between its place and
                // this one (very negative for a mentee without a place: not a candidate).
                let beta = self.paid[by.row[k] as usize].saturating_sub(by.kc[k]);
                if beta > b1 {
                    b2 = b1;
                    b1 = beta;
                    pick = k;
                } else if beta > b2 {
                    b2 = beta;
                }
            }
            if pick != usize::MAX && b1 >= level.saturating_add(eps) {
                let r = by.row[pick] as usize;
                let old = self.row_slot[r] as usize;
                let price = level.max(b2.saturating_sub(eps));
                self.slot_row[old] = NONE;
                self.slot_row[s] = r as u32;
                self.row_slot[r] = s as u32;
                self.row_arc[r] = by.arc[pick];
                self.paid[r] = by.kc[pick] + price;
                self.slot_price[s] = price;
                self.stats.auction_bids += 1;
                let oc = self.slot_col[old] as usize;
                self.refresh(oc);
                if self.slot_price[old] > level {
                    stale.push(old as u32);
                }
            } else {
                self.slot_price[s] = level;
            }
            self.refresh(c);
        }
        true
    }

    /// The mentor each mentee holds a place with, `NONE` for none.
    fn held(&self) -> Vec<u32> {
        self.row_slot
            .iter()
            .map(|&s| {
                if s == NONE {
                    NONE
                } else {
                    self.slot_col[s as usize]
                }
            })
            .collect()
    }

    fn col_of_slot(&self, s: usize) -> usize {
        self.slot_col[s] as usize
    }

    /// Exact integer duals of the unscaled, shifted problem: `P[c]` per mentor and `pt`, the
    /// level separating spare mentors (at or below it) from used ones (at or above it).
    fn integer_duals(&self, k: i64, budget: u64) -> Option<(Vec<i64>, i64)> {
        let m = self.g.cap.len();
        let (start, col, cost) = (self.g.start, self.g.col, self.g.cost);
        let mut load = vec![0u32; m];
        for &s in &self.row_slot {
            if s != NONE {
                load[self.col_of_slot(s as usize)] += 1;
            }
        }
        let spare = |c: usize| load[c] < self.g.capacity[c];
        let mut price: Vec<i64> = (0..m)
            .map(|c| {
                if self.g.cap[c] == 0 {
                    i64::MIN / 4
                } else {
                    self.p1[c].div_euclid(k)
                }
            })
            .collect();
        let mut pt = (0..m).filter(|&c| spare(c)).map(|c| price[c]).max();
        if pt.is_none() {
            pt = (0..m)
                .filter(|&c| self.g.cap[c] > 0)
                .map(|c| price[c])
                .min();
        }
        let mut pt = pt.unwrap_or(0);
        let mut queued = vec![false; m];
        let mut queue: VecDeque<u32> = VecDeque::new();
        let mut work = 0u64;
        let mut slots = Vec::new();
        loop {
            // Used mentors must be at or above the spare level.
            for c in 0..m {
                if load[c] > 0 && price[c] < pt {
                    price[c] = pt;
                }
                if load[c] > 0 && !queued[c] {
                    queued[c] = true;
                    queue.push_back(c as u32);
                }
            }
            let mut raised_pt = false;
            while let Some(c) = queue.pop_front() {
                let c = c as usize;
                queued[c] = false;
                slots.clear();
                slots.extend(
                    self.slot_row[self.slot_start[c]..self.slot_start[c + 1]]
                        .iter()
                        .copied()
                        .filter(|&r| r != NONE),
                );
                for &r in &slots {
                    let r = r as usize;
                    // Every arc of r must cost at least what r pays where it sits.
                    let paid = cost[self.row_arc[r] as usize] + price[c];
                    work += (start[r + 1] - start[r]) as u64;
                    if work > budget {
                        return None;
                    }
                    for a in start[r]..start[r + 1] {
                        let c2 = col[a] as usize;
                        let need = paid - cost[a];
                        if price[c2] < need {
                            price[c2] = need;
                            if spare(c2) && need > pt {
                                pt = need;
                                raised_pt = true;
                            }
                            if load[c2] > 0 && !queued[c2] {
                                queued[c2] = true;
                                queue.push_back(c2 as u32);
                            }
                        }
                    }
                }
            }
            if !raised_pt {
                break;
            }
            work += m as u64;
            if work > budget {
                return None;
            }
        }
        Some((price, pt))
    }

    fn into_assignment(self, duals: &(Vec<i64>, i64), active: usize, m: usize) -> Assignment {
        let (price, pt) = (&duals.0, duals.1);
        let n = self.row_slot.len();
        let cost = self.g.cost;
        let mut mentor_of = vec![None; n];
        let mut cert = Certificate {
            mentee_cover: vec![false; n],
            mentee_potential: vec![0; n],
            mentor_cover: vec![false; m],
            mentor_potential: (0..m).map(|c| (price[c] - pt).max(0)).collect(),
        };
        let mut total: i128 = 0;
        for r in 0..n {
            let s = self.row_slot[r];
            if s == NONE {
                continue;
            }
            let c = self.col_of_slot(s as usize);
            let a = self.row_arc[r] as usize;
            mentor_of[r] = Some(c as u32);
            total -= i128::from(cost[a]);
            cert.mentee_cover[r] = true;
            // Tight on the assigned arc: potential + (price - pt) = score = -cost.
            cert.mentee_potential[r] = -cost[a] - (price[c] - pt);
        }
        Assignment {
            mentor_of,
            assigned: active,
            total_score: total,
            optimal: false,
            certificate: cert,
            stats: self.stats,
        }
    }
}

/// A placement of as many mentees as possible (maximum cardinality, scores ignored): greedy, then
/// passes of depth-first augmenting paths over mentors not yet visited in the pass, as in
/// Hopcroft–Karp without the layering. Starts from `held`, the mentor each mentee already holds
/// a place with (or `NONE`), and returns the mentor of each mentee (or `NONE`).
pub(super) fn max_placement(g: &Input<'_>, held: &[u32]) -> Vec<u32> {
    let n = g.start.len() - 1;
    let m = g.cap.len();
    let slot_start = super::slot_starts(g.cap);
    let acc = slot_start[slot_start.len() - 1];
    let mut slot_row = vec![NONE; acc];
    let mut load = vec![0u32; m];
    let mut row_slot = vec![NONE; n];
    let mut free = Vec::new();
    for r in 0..n {
        let c = held[r];
        if c != NONE {
            let c = c as usize;
            let s = slot_start[c] + load[c] as usize;
            load[c] += 1;
            slot_row[s] = r as u32;
            row_slot[r] = s as u32;
        }
    }
    for r in 0..n {
        if row_slot[r] != NONE {
            continue;
        }
        let mut placed = false;
        for a in g.start[r]..g.start[r + 1] {
            let c = g.col[a] as usize;
            if load[c] < g.cap[c] {
                let s = slot_start[c] + load[c] as usize;
                load[c] += 1;
                slot_row[s] = r as u32;
                row_slot[r] = s as u32;
                placed = true;
                break;
            }
        }
        if !placed && g.start[r + 1] > g.start[r] {
            free.push(r as u32);
        }
    }
    let mut seen = vec![0u32; m];
    let mut stamp = 0u32;
    // Depth-first search frames: a mentee, its next arc, and the frame (and arc) it came from.
    let mut frames: Vec<(u32, usize, u32, u32)> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    while !free.is_empty() {
        stamp += 1;
        let before = free.len();
        free.retain(|&f| {
            frames.clear();
            stack.clear();
            frames.push((f, g.start[f as usize], NONE, NONE));
            stack.push(0);
            while let Some(&top) = stack.last() {
                let (r, next, _, _) = frames[top as usize];
                let end = g.start[r as usize + 1];
                let mut a = next;
                while a < end && seen[g.col[a] as usize] == stamp {
                    a += 1;
                }
                frames[top as usize].1 = a + 1;
                if a >= end {
                    stack.pop();
                    continue;
                }
                let c = g.col[a] as usize;
                seen[c] = stamp;
                if load[c] < g.cap[c] {
                    // Shift along the path: each mentee moves to the mentor its frame entered.
                    let mut slot = slot_start[c] + load[c] as usize;
                    load[c] += 1;
                    let mut fi = top;
                    loop {
                        let (r, _, parent, _) = frames[fi as usize];
                        let old = row_slot[r as usize];
                        slot_row[slot] = r;
                        row_slot[r as usize] = slot as u32;
                        if parent == NONE {
                            break;
                        }
                        slot = old as usize;
                        fi = parent;
                    }
                    return false;
                }
                for s in slot_start[c]..slot_start[c] + load[c] as usize {
                    let idx = frames.len() as u32;
                    frames.push((slot_row[s], g.start[slot_row[s] as usize], top, a as u32));
                    stack.push(idx);
                }
            }
            true
        });
        if free.len() == before {
            break;
        }
    }
    row_slot
        .iter()
        .map(|&s| {
            if s == NONE {
                NONE
            } else {
                // Slots are grouped by mentor in order: the owner is the last start at or below.
                (slot_start.partition_point(|&x| x <= s as usize) - 1) as u32
            }
        })
        .collect()
}
