//! Branch and bound that proves the optimum at pilot sizes.
//!
//! Set sizes are enumerated first (as sorted multisets, each checked to be assignable to the
//! sets' own bounds), most promising first; with the sizes fixed, people are placed one at a time
//! into "slots" of those sizes. Slots of equal size are interchangeable, so an empty slot may be
//! opened only if the previous slot of the same size is already open: each partition is met once.
//! A node is pruned when its value plus an optimistic bound on what the unplaced people can still
//! add does not beat the incumbent (the heuristic's result), so at pilot sizes the tree is small.

use super::model::{CompactLevels, NONE, Value};
use super::{CategoricalProblem, SizeBounds, apart_csr, pairs};

/// What branch and bound needs from an objective.
pub(crate) trait ExactModel {
    type V: Value;
    /// Gain of placing `p` into `slot` given the current fill.
    fn add_gain(&self, p: usize, slot: usize, fill: &[u32]) -> Self::V;
    /// Place `p` into `slot`.
    fn add(&mut self, p: usize, slot: usize);
    /// Undo [`Self::add`].
    fn remove(&mut self, p: usize, slot: usize);
    /// An upper bound on what the unplaced people can still add, given targets and fill.
    fn rest_bound(&self, target: &[u32], fill: &[u32]) -> Self::V;
    /// Order in which to place people (most constraining first).
    fn branch_order(&self, apart_degree: &[usize]) -> Vec<usize>;
}

/// The best solution strictly better than the incumbent, if any, and the work done.
pub(crate) struct Found<V> {
    pub best: Option<(Vec<u32>, V)>,
    pub nodes: u64,
}

/// Sorted (non-increasing) size vectors meeting the bounds, each with a slot → set mapping.
fn size_vectors(n: usize, sizes: &SizeBounds) -> Vec<(Vec<u32>, Vec<usize>)> {
    let g = sizes.groups();
    let lo = *sizes.lo.iter().min().unwrap_or(&0);
    let hi = (*sizes.hi.iter().max().unwrap_or(&0)).min(n as u32);
    let mut out = Vec::new();
    let mut cur = Vec::with_capacity(g);
    gen_sizes(g, n as u32, lo, hi, &mut cur, &mut out, sizes);
    out
}

fn gen_sizes(
    g: usize,
    left: u32,
    lo: u32,
    max_next: u32,
    cur: &mut Vec<u32>,
    out: &mut Vec<(Vec<u32>, Vec<usize>)>,
    sizes: &SizeBounds,
) {
    let slots_left = (g - cur.len()) as u32;
    if slots_left == 0 {
        if left == 0
            && let Some(map) = assign_slots(cur, sizes)
        {
            out.push((cur.clone(), map));
        }
        return;
    }
    // Remaining slots take values in [lo, s] with s non-increasing.
    for s in (lo..=max_next.min(left)).rev() {
        if s as u64 * slots_left as u64 >= left as u64 && lo as u64 * slots_left as u64 <= left as u64 {
            cur.push(s);
            gen_sizes(g, left - s, lo, s, cur, out, sizes);
            cur.pop();
        }
    }
}

/// Match slots (sizes) to sets whose bounds admit them; `None` if impossible.
fn assign_slots(slot_sizes: &[u32], sizes: &SizeBounds) -> Option<Vec<usize>> {
    let g = slot_sizes.len();
    let mut set_of_slot = vec![usize::MAX; g];
    let mut slot_of_set = vec![usize::MAX; g];
    for s in 0..g {
        let mut seen = vec![false; g];
        if !augment(s, slot_sizes, sizes, &mut seen, &mut set_of_slot, &mut slot_of_set) {
            return None;
        }
    }
    Some(set_of_slot)
}

fn augment(
    s: usize,
    slot_sizes: &[u32],
    sizes: &SizeBounds,
    seen: &mut [bool],
    set_of_slot: &mut [usize],
    slot_of_set: &mut [usize],
) -> bool {
    for k in 0..slot_sizes.len() {
        if seen[k] || slot_sizes[s] < sizes.lo[k] || slot_sizes[s] > sizes.hi[k] {
            continue;
        }
        seen[k] = true;
        if slot_of_set[k] == usize::MAX
            || augment(slot_of_set[k], slot_sizes, sizes, seen, set_of_slot, slot_of_set)
        {
            slot_of_set[k] = s;
            set_of_slot[s] = k;
            return true;
        }
    }
    false
}

struct Search<'a, E: ExactModel> {
    ex: &'a mut E,
    order: Vec<usize>,
    off: Vec<usize>,
    adj: Vec<u32>,
    target: Vec<u32>,
    fill: Vec<u32>,
    slot_of: Vec<u32>,
    best: Option<E::V>,
    best_slots: Option<Vec<u32>>,
    nodes: u64,
}

impl<E: ExactModel> Search<'_, E> {
    fn dfs(&mut self, depth: usize, value: E::V) {
        self.nodes += 1;
        if depth == self.order.len() {
            if self.best.is_none_or(|b| value.improves(b)) {
                self.best = Some(value);
                self.best_slots = Some(self.slot_of.clone());
            }
            return;
        }
        let p = self.order[depth];
        let g = self.target.len();
        let mut cands: Vec<(E::V, usize)> = Vec::with_capacity(g);
        for slot in 0..g {
            if self.fill[slot] >= self.target[slot] {
                continue;
            }
            if self.fill[slot] == 0
                && slot > 0
                && self.target[slot - 1] == self.target[slot]
                && self.fill[slot - 1] == 0
            {
                continue; // an identical empty slot comes first
            }
            let clash = self.adj[self.off[p]..self.off[p + 1]]
                .iter()
                .any(|&x| self.slot_of[x as usize] == slot as u32);
            if clash {
                continue;
            }
            cands.push((self.ex.add_gain(p, slot, &self.fill), slot));
        }
        // Most promising first, so good incumbents come early.
        cands.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        for (gain, slot) in cands {
            let v = value + gain;
            self.ex.add(p, slot);
            self.fill[slot] += 1;
            self.slot_of[p] = slot as u32;
            let bound = v + self.ex.rest_bound(&self.target, &self.fill);
            if self.best.is_none_or(|b| bound.improves(b)) {
                self.dfs(depth + 1, v);
            }
            self.slot_of[p] = u32::MAX;
            self.fill[slot] -= 1;
            self.ex.remove(p, slot);
        }
    }
}

/// Find the optimum, or prove that nothing beats `incumbent`.
pub(crate) fn branch_and_bound<E: ExactModel>(
    ex: &mut E,
    n: usize,
    apart: &[(u32, u32)],
    sizes: &SizeBounds,
    incumbent: Option<E::V>,
) -> Found<E::V> {
    let (off, adj) = apart_csr(n, apart);
    let degree: Vec<usize> = (0..n).map(|p| off[p + 1] - off[p]).collect();
    let order = ex.branch_order(&degree);
    let g = sizes.groups();
    let mut vectors: Vec<(E::V, Vec<u32>, Vec<usize>)> = size_vectors(n, sizes)
        .into_iter()
        .map(|(t, map)| (ex.rest_bound(&t, &vec![0; g]), t, map))
        .collect();
    vectors.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut search = Search {
        ex,
        order,
        off,
        adj,
        target: Vec::new(),
        fill: vec![0; g],
        slot_of: vec![u32::MAX; n],
        best: incumbent,
        best_slots: None,
        nodes: 0,
    };
    let mut best: Option<(Vec<u32>, E::V)> = None;
    for (root_bound, target, map) in vectors {
        if search.best.is_some_and(|b| !root_bound.improves(b)) {
            break; // sorted by bound: no later size vector can do better either
        }
        search.target = target;
        search.best_slots = None;
        search.dfs(0, E::V::default());
        if let (Some(slots), Some(v)) = (search.best_slots.take(), search.best) {
            let group_of = slots.iter().map(|&s| map[s as usize] as u32).collect();
            best = Some((group_of, v));
        }
    }
    Found {
        best,
        nodes: search.nodes,
    }
}

/// Categorical objective for branch and bound.
pub(crate) struct CatExact {
    c: CompactLevels,
    wsum: i64,
    groups: usize,
    /// `counts[a][slot * levels + l]`.
    counts: Vec<Vec<u32>>,
    /// Unplaced members per attribute and level.
    rem: Vec<Vec<u32>>,
    /// Scratch for the water-filling bound.
    scratch: std::cell::RefCell<(Vec<u32>, Vec<u32>)>,
}

impl CatExact {
    pub(crate) fn new(p: &CategoricalProblem, groups: usize) -> Self {
        let c = CompactLevels::new(p);
        let counts = c.level_count.iter().map(|&l| vec![0; l * groups]).collect();
        let rem = c.level_size.clone();
        Self {
            wsum: c.weights.iter().sum(),
            groups,
            counts,
            rem,
            scratch: std::cell::RefCell::new((vec![0; groups], vec![0; groups])),
            c,
        }
    }
}

impl ExactModel for CatExact {
    type V = i64;

    fn add_gain(&self, p: usize, slot: usize, fill: &[u32]) -> i64 {
        let attrs = self.c.attrs;
        let mut gain = 0;
        for a in 0..attrs {
            let l = self.c.levels[p * attrs + a];
            let same = if l == NONE {
                0
            } else {
                self.counts[a][slot * self.c.level_count[a] + l as usize]
            };
            gain += self.c.weights[a] * (fill[slot] - same) as i64;
        }
        gain
    }

    fn add(&mut self, p: usize, slot: usize) {
        let attrs = self.c.attrs;
        for a in 0..attrs {
            let l = self.c.levels[p * attrs + a];
            if l != NONE {
                self.counts[a][slot * self.c.level_count[a] + l as usize] += 1;
                self.rem[a][l as usize] -= 1;
            }
        }
    }

    fn remove(&mut self, p: usize, slot: usize) {
        let attrs = self.c.attrs;
        for a in 0..attrs {
            let l = self.c.levels[p * attrs + a];
            if l != NONE {
                self.counts[a][slot * self.c.level_count[a] + l as usize] -= 1;
                self.rem[a][l as usize] += 1;
            }
        }
    }

    /// Every pair still to be formed counts as differing on every attribute, minus, per
    /// attribute and level, the fewest same-level pairs the unplaced members of that level must
    /// create: spread greedily over the slots with room (a relaxation: each level may use all of
    /// a slot's room), which is exact for one level because pair counts are convex.
    fn rest_bound(&self, target: &[u32], fill: &[u32]) -> i64 {
        let g = self.groups;
        let new_pairs: u64 = (0..g)
            .map(|k| pairs(target[k] as u64) - pairs(fill[k] as u64))
            .sum();
        let mut bound = self.wsum * new_pairs as i64;
        let mut scratch = self.scratch.borrow_mut();
        let (cnt, room) = &mut *scratch;
        for a in 0..self.c.attrs {
            let levels = self.c.level_count[a];
            let mut same = 0u64;
            for l in 0..levels {
                let mut r = self.rem[a][l];
                if r == 0 {
                    continue;
                }
                for k in 0..g {
                    cnt[k] = self.counts[a][k * levels + l];
                    room[k] = target[k] - fill[k];
                }
                while r > 0 {
                    let mut at = usize::MAX;
                    for k in 0..g {
                        if room[k] > 0 && (at == usize::MAX || cnt[k] < cnt[at]) {
                            at = k;
                        }
                    }
                    if at == usize::MAX {
                        break;
                    }
                    same += cnt[at] as u64;
                    cnt[at] += 1;
                    room[at] -= 1;
                    r -= 1;
                }
            }
            bound -= self.c.weights[a] * same as i64;
        }
        bound
    }

    fn branch_order(&self, apart_degree: &[usize]) -> Vec<usize> {
        let attrs = self.c.attrs;
        let commonness = |p: usize| -> i64 {
            (0..attrs)
                .map(|a| {
                    let l = self.c.levels[p * attrs + a];
                    if l == NONE {
                        0
                    } else {
                        self.c.weights[a] * self.c.level_size[a][l as usize] as i64
                    }
                })
                .sum()
        };
        let mut order: Vec<usize> = (0..apart_degree.len()).collect();
        order.sort_by_key(|&p| (std::cmp::Reverse(apart_degree[p]), std::cmp::Reverse(commonness(p)), p));
        order
    }
}

/// Distance objective for branch and bound.
pub(crate) struct DistExact<'a> {
    d: &'a [f64],
    n: usize,
    groups: usize,
    /// `gain[i * groups + slot]`: sum of distances from i to the members of slot.
    gain: Vec<f64>,
    placed: Vec<bool>,
    /// Each person's partners by decreasing distance.
    sorted: Vec<Vec<u32>>,
}

impl<'a> DistExact<'a> {
    pub(crate) fn new(d: &'a [f64], n: usize, groups: usize) -> Self {
        let sorted = (0..n)
            .map(|i| {
                let mut v: Vec<u32> = (0..n as u32).filter(|&j| j as usize != i).collect();
                v.sort_by(|&a, &b| d[i * n + b as usize].total_cmp(&d[i * n + a as usize]));
                v
            })
            .collect();
        Self {
            d,
            n,
            groups,
            gain: vec![0.0; n * groups],
            placed: vec![false; n],
            sorted,
        }
    }
}

impl ExactModel for DistExact<'_> {
    type V = f64;

    fn add_gain(&self, p: usize, slot: usize, _fill: &[u32]) -> f64 {
        self.gain[p * self.groups + slot]
    }

    fn add(&mut self, p: usize, slot: usize) {
        let (n, g) = (self.n, self.groups);
        for i in 0..n {
            self.gain[i * g + slot] += self.d[p * n + i];
        }
        self.placed[p] = true;
    }

    fn remove(&mut self, p: usize, slot: usize) {
        let (n, g) = (self.n, self.groups);
        for i in 0..n {
            self.gain[i * g + slot] -= self.d[p * n + i];
        }
        self.placed[p] = false;
    }

    /// Each unplaced person gains at most its best slot's distance sum to the placed members,
    /// plus half its best possible distances to other unplaced people (at most one fewer than
    /// the largest room): every remaining pair is then counted at most once in total.
    fn rest_bound(&self, target: &[u32], fill: &[u32]) -> f64 {
        let (n, g) = (self.n, self.groups);
        let max_room = (0..g).map(|k| target[k] - fill[k]).max().unwrap_or(0) as usize;
        let mut bound = 0.0;
        for i in 0..n {
            if self.placed[i] {
                continue;
            }
            let mut best = f64::NEG_INFINITY;
            for k in 0..g {
                if fill[k] < target[k] {
                    best = best.max(self.gain[i * g + k]);
                }
            }
            let mut partners = 0.0;
            let mut taken = 0;
            for &j in &self.sorted[i] {
                if taken + 1 >= max_room {
                    break;
                }
                if self.placed[j as usize] {
                    continue;
                }
                let dij = self.d[i * n + j as usize];
                if dij <= 0.0 {
                    break;
                }
                partners += dij;
                taken += 1;
            }
            bound += best + partners / 2.0;
        }
        bound
    }

    fn branch_order(&self, apart_degree: &[usize]) -> Vec<usize> {
        let n = self.n;
        let weight = |p: usize| -> f64 { (0..n).map(|j| self.d[p * n + j].abs()).sum() };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            apart_degree[b]
                .cmp(&apart_degree[a])
                .then(weight(b).total_cmp(&weight(a)))
                .then(a.cmp(&b))
        });
        order
    }
}
