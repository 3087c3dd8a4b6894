//! Branch and bound that proves the optimum at pilot sizes.
//!
//! Set sizes are enumerated first (as sorted multisets, each checked to be assignable to the
//! sets' own bounds), most promising first. With the sizes fixed, sets are filled one at a time:
//! each new set is opened by the first unplaced person (in a fixed order) and takes its other
//! members in increasing order, so every partition is generated exactly once and interchangeable
//! sets cause no duplicate work. A node is pruned when its value plus an optimistic bound on what
//! the unplaced people can still add does not beat the incumbent (the heuristic's result).
//!
//! For the categorical form the bound is, per attribute, the exact fewest same-level pairs the
//! unplaced people must still create given every set's remaining room: a small transportation
//! problem with convex costs (levels → sets), solved by successive shortest paths. With unequal
//! set sizes this is much tighter than spreading each level independently, and on pilot cohorts
//! it usually proves the heuristic's answer optimal at the root. Cheap one-sided relaxations are
//! tried first, so the flow only runs where they fail to prune.

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
    /// A tighter (never looser) but costlier bound, tried only when [`Self::rest_bound`] fails
    /// to prune.
    fn tight_rest_bound(&self, target: &[u32], fill: &[u32]) -> Self::V {
        self.rest_bound(target, fill)
    }
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
        if s as u64 * slots_left as u64 >= left as u64
            && lo as u64 * slots_left as u64 <= left as u64
        {
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
        if !augment(
            s,
            slot_sizes,
            sizes,
            &mut seen,
            &mut set_of_slot,
            &mut slot_of_set,
        ) {
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
            || augment(
                slot_of_set[k],
                slot_sizes,
                sizes,
                seen,
                set_of_slot,
                slot_of_set,
            )
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
    /// People in branching order; sets are opened by the first unplaced person in this order.
    order: Vec<usize>,
    off: Vec<usize>,
    adj: Vec<u32>,
    /// Target size of each slot: opened slots keep theirs, unopened ones hold the remaining
    /// sizes in decreasing order (a valid completion for the bound).
    target: Vec<u32>,
    fill: Vec<u32>,
    /// Sizes not yet given to an opened slot: `(size, how many)`, decreasing sizes.
    left: Vec<(u32, u32)>,
    slot_of: Vec<u32>,
    /// Size of each opened slot, in opening order.
    opened: Vec<u32>,
    best: Option<E::V>,
    best_slots: Option<(Vec<u32>, Vec<u32>)>,
    nodes: u64,
}

impl<E: ExactModel> Search<'_, E> {
    fn bound_allows(&self, value: E::V) -> bool {
        let Some(best) = self.best else { return true };
        (value + self.ex.rest_bound(&self.target, &self.fill)).improves(best)
            && (value + self.ex.tight_rest_bound(&self.target, &self.fill)).improves(best)
    }

    /// Give the unopened slots `k..` the remaining sizes, largest first.
    fn spread_left(&mut self, k: usize) {
        let mut at = k;
        for &(size, count) in &self.left {
            for _ in 0..count {
                self.target[at] = size;
                at += 1;
            }
        }
    }

    /// Open slot `k` (all earlier slots are full) with the first unplaced person.
    fn open_slot(&mut self, k: usize, value: E::V) {
        self.nodes += 1;
        let Some(pos) = self.order.iter().position(|&p| self.slot_of[p] == u32::MAX) else {
            if self.best.is_none_or(|b| value.improves(b)) {
                self.best = Some(value);
                self.best_slots = Some((self.slot_of.clone(), self.opened.clone()));
            }
            return;
        };
        let p = self.order[pos];
        for li in 0..self.left.len() {
            if self.left[li].1 == 0 {
                continue;
            }
            let size = self.left[li].0;
            self.left[li].1 -= 1;
            self.target[k] = size;
            self.spread_left(k + 1);
            self.opened.push(size);
            if size == 0 {
                // An empty set (lower bound 0): nothing to place, move on.
                self.open_slot(k + 1, value);
            } else {
                let gain = self.ex.add_gain(p, k, &self.fill);
                self.ex.add(p, k);
                self.fill[k] = 1;
                self.slot_of[p] = k as u32;
                let v = value + gain;
                if self.bound_allows(v) {
                    self.fill_slot(k, pos, v);
                }
                self.slot_of[p] = u32::MAX;
                self.fill[k] = 0;
                self.ex.remove(p, k);
            }
            self.opened.pop();
            self.left[li].1 += 1;
        }
        self.spread_left(k);
    }

    /// Add members to slot `k` in increasing order position (each set is generated once).
    fn fill_slot(&mut self, k: usize, last: usize, value: E::V) {
        self.nodes += 1;
        if self.fill[k] == self.target[k] {
            self.open_slot(k + 1, value);
            return;
        }
        let need = (self.target[k] - self.fill[k]) as usize;
        let n = self.order.len();
        let mut free_after = (last + 1..n)
            .filter(|&q| self.slot_of[self.order[q]] == u32::MAX)
            .count();
        for pos in last + 1..n {
            if free_after < need {
                break;
            }
            let p = self.order[pos];
            if self.slot_of[p] != u32::MAX {
                continue;
            }
            free_after -= 1;
            let clash = self.adj[self.off[p]..self.off[p + 1]]
                .iter()
                .any(|&x| self.slot_of[x as usize] == k as u32);
            if clash {
                continue;
            }
            let v = value + self.ex.add_gain(p, k, &self.fill);
            self.ex.add(p, k);
            self.fill[k] += 1;
            self.slot_of[p] = k as u32;
            if self.bound_allows(v) {
                self.fill_slot(k, pos, v);
            }
            self.slot_of[p] = u32::MAX;
            self.fill[k] -= 1;
            self.ex.remove(p, k);
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
        .map(|(t, map)| {
            let zero = vec![0; g];
            let cheap = ex.rest_bound(&t, &zero);
            let tight = ex.tight_rest_bound(&t, &zero);
            (if tight < cheap { tight } else { cheap }, t, map)
        })
        .collect();
    vectors.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let mut search = Search {
        ex,
        order,
        off,
        adj,
        target: vec![0; g],
        fill: vec![0; g],
        left: Vec::new(),
        slot_of: vec![u32::MAX; n],
        opened: Vec::new(),
        best: incumbent,
        best_slots: None,
        nodes: 0,
    };
    let mut best: Option<(Vec<u32>, E::V)> = None;
    for (root_bound, vector, map) in vectors {
        if search.best.is_some_and(|b| !root_bound.improves(b)) {
            break; // sorted by bound: no later size vector can do better either
        }
        search.left.clear();
        for &s in &vector {
            match search.left.last_mut() {
                Some((size, count)) if *size == s => *count += 1,
                _ => search.left.push((s, 1)),
            }
        }
        search.spread_left(0);
        search.best_slots = None;
        search.open_slot(0, E::V::default());
        if let (Some((slots, opened)), Some(v)) = (search.best_slots.take(), search.best) {
            // Slot k has size opened[k]; hand each the next set the size vector's matching
            // reserved for that size.
            let mut by_size: Vec<(u32, Vec<usize>)> = Vec::new();
            for (pos, &s) in vector.iter().enumerate() {
                match by_size.iter_mut().find(|(size, _)| *size == s) {
                    Some((_, sets)) => sets.push(map[pos]),
                    None => by_size.push((s, vec![map[pos]])),
                }
            }
            let set_of_slot: Vec<usize> = opened
                .iter()
                .map(|s| {
                    let (_, sets) = by_size
                        .iter_mut()
                        .find(|(size, _)| size == s)
                        .expect("size in vector");
                    sets.pop().expect("one set per slot of this size")
                })
                .collect();
            let group_of = slots
                .iter()
                .map(|&k| set_of_slot[k as usize] as u32)
                .collect();
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
    /// Unplaced people per attribute whose level is shared with no one.
    single_rem: Vec<u32>,
}

impl CatExact {
    pub(crate) fn new(p: &CategoricalProblem, groups: usize) -> Self {
        let c = CompactLevels::new(p);
        let counts = c.level_count.iter().map(|&l| vec![0; l * groups]).collect();
        let rem = c.level_size.clone();
        let width = groups.max(c.level_count.iter().copied().max().unwrap_or(0));
        let single_rem = (0..c.attrs)
            .map(|a| {
                (0..p.people())
                    .filter(|&i| c.levels[i * c.attrs + a] == NONE)
                    .count() as u32
            })
            .collect();
        Self {
            single_rem,
            wsum: c.weights.iter().sum(),
            groups,
            counts,
            rem,
            scratch: std::cell::RefCell::new((vec![0; width], vec![0; width])),
            c,
        }
    }
}

impl CatExact {
    /// Fewest new same-level pairs of attribute `a` if each level spreads its unplaced members
    /// over the slots with room on its own (ignoring that levels share that room).
    fn level_side(&self, a: usize, target: &[u32], fill: &[u32]) -> u64 {
        let g = self.groups;
        let levels = self.c.level_count[a];
        let mut scratch = self.scratch.borrow_mut();
        let (cnt, room) = &mut *scratch;
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
        same
    }

    /// Fewest new same-level pairs of attribute `a` if each slot fills its room with the
    /// cheapest unplaced people on its own (ignoring that slots share the unplaced people).
    /// Together with [`Self::level_side`] (take the larger) this is tight near the leaves, where
    /// little room is left, as well as near the root.
    fn slot_side(&self, a: usize, target: &[u32], fill: &[u32]) -> u64 {
        let g = self.groups;
        let levels = self.c.level_count[a];
        // People of singleton levels never add a same pair: they can fill room for free.
        let singles: u64 = self.single_rem[a] as u64;
        let mut same = 0u64;
        let mut scratch = self.scratch.borrow_mut();
        let (cnt, avail) = &mut *scratch;
        for k in 0..g {
            let room = (target[k] - fill[k]) as u64;
            if room <= singles {
                continue;
            }
            let mut r = room - singles;
            for l in 0..levels {
                cnt[l] = self.counts[a][k * levels + l];
                avail[l] = self.rem[a][l];
            }
            while r > 0 {
                let mut at = usize::MAX;
                for l in 0..levels {
                    if avail[l] > 0 && (at == usize::MAX || cnt[l] < cnt[at]) {
                        at = l;
                    }
                }
                if at == usize::MAX {
                    break;
                }
                same += cnt[at] as u64;
                cnt[at] += 1;
                avail[at] -= 1;
                r -= 1;
            }
        }
        same
    }
}

impl CatExact {
    /// Fewest new same-level pairs of attribute `a`, exactly, given the room of every slot:
    /// a transportation problem from levels (supply: unplaced members) to slots (capacity: room)
    /// where the k-th member of level l added to slot g costs `count + k` new pairs. Costs are
    /// convex, so successive shortest paths (Bellman–Ford on the tiny residual graph, one unit
    /// at a time) solve it exactly. People of singleton levels are one more "level" whose
    /// members cost nothing wherever they go (they still take room).
    fn flow_side(&self, a: usize, target: &[u32], fill: &[u32]) -> u64 {
        let levels = self.c.level_count[a];
        let lv: Vec<usize> = (0..levels).filter(|&l| self.rem[a][l] > 0).collect();
        let sl: Vec<usize> = (0..self.groups).filter(|&k| target[k] > fill[k]).collect();
        let ns = sl.len();
        if lv.is_empty() || ns == 0 {
            return 0;
        }
        // Node nl - 1 is the pseudo-level of singletons when there are any: zero cost.
        let singles = self.single_rem[a];
        let real = lv.len();
        let nl = if singles > 0 { real + 1 } else { real };
        let marginal = |i: usize, j: usize, added: i64| -> i64 {
            if i == real {
                0
            } else {
                self.counts[a][sl[j] * levels + lv[i]] as i64 + added
            }
        };
        let mut supply: Vec<u32> = lv.iter().map(|&l| self.rem[a][l]).collect();
        if singles > 0 {
            supply.push(singles);
        }
        let mut room: Vec<u32> = sl.iter().map(|&k| target[k] - fill[k]).collect();
        let mut x = vec![0i64; nl * ns];
        let mut cost = 0i64;
        let total: u32 = supply.iter().sum();
        const INF: i64 = i64::MAX / 4;
        let v = nl + ns;
        let mut dist = vec![INF; v];
        let mut pred = vec![usize::MAX; v];
        for _ in 0..total {
            dist.fill(INF);
            pred.fill(usize::MAX);
            for i in 0..nl {
                if supply[i] > 0 {
                    dist[i] = 0;
                }
            }
            // Bellman–Ford: levels are nodes 0..nl, slots nl..nl+ns.
            for _ in 0..v {
                let mut changed = false;
                for i in 0..nl {
                    if dist[i] == INF {
                        continue;
                    }
                    for j in 0..ns {
                        let c = dist[i] + marginal(i, j, x[i * ns + j]);
                        if c < dist[nl + j] {
                            dist[nl + j] = c;
                            pred[nl + j] = i;
                            changed = true;
                        }
                    }
                }
                for j in 0..ns {
                    if dist[nl + j] == INF {
                        continue;
                    }
                    for i in 0..nl {
                        if x[i * ns + j] > 0 {
                            let c = dist[nl + j] - marginal(i, j, x[i * ns + j] - 1);
                            if c < dist[i] {
                                dist[i] = c;
                                pred[i] = nl + j;
                                changed = true;
                            }
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
            let Some(end) = (0..ns)
                .filter(|&j| room[j] > 0 && dist[nl + j] < INF)
                .min_by_key(|&j| dist[nl + j])
            else {
                break;
            };
            cost += dist[nl + end];
            room[end] -= 1;
            // Walk back: slot <- level (forward arc, x += 1), level <- slot (backward, x -= 1).
            let mut node = nl + end;
            loop {
                let i = pred[node];
                let j = node - nl;
                x[i * ns + j] += 1;
                let back = pred[i];
                if back == usize::MAX {
                    supply[i] -= 1;
                    break;
                }
                let j2 = back - nl;
                x[i * ns + j2] -= 1;
                node = back;
            }
        }
        cost.max(0) as u64
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
            } else {
                self.single_rem[a] -= 1;
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
            } else {
                self.single_rem[a] += 1;
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
        for a in 0..self.c.attrs {
            let same = self
                .level_side(a, target, fill)
                .max(self.slot_side(a, target, fill));
            bound -= self.c.weights[a] * same as i64;
        }
        bound
    }

    fn tight_rest_bound(&self, target: &[u32], fill: &[u32]) -> i64 {
        let g = self.groups;
        let new_pairs: u64 = (0..g)
            .map(|k| pairs(target[k] as u64) - pairs(fill[k] as u64))
            .sum();
        let mut bound = self.wsum * new_pairs as i64;
        for a in 0..self.c.attrs {
            bound -= self.c.weights[a] * self.flow_side(a, target, fill) as i64;
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
        order.sort_by_key(|&p| {
            (
                std::cmp::Reverse(apart_degree[p]),
                std::cmp::Reverse(commonness(p)),
                p,
            )
        });
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
