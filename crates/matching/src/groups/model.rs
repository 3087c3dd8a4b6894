//! Objective models for the grouping search: incremental state and O(1)/O(#attributes) deltas.

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::{Add, Sub};

use super::{CategoricalProblem, pairs};

/// Sentinel level for a value held by one person only: it can never form a same-level pair, so
/// it needs no counts at all.
pub(crate) const NONE: u32 = u32::MAX;

/// An objective value: exact integers for the categorical form, floats for distances.
pub trait Value:
    Copy + PartialOrd + Debug + Default + Add<Output = Self> + Sub<Output = Self> + 'static
{
    /// As a float, for annealing arithmetic and reports.
    fn to_f64(self) -> f64;
    /// `self` is strictly better than `other` (beyond rounding noise for floats).
    fn improves(self, other: Self) -> bool;
}

impl Value for i64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn improves(self, other: Self) -> bool {
        self > other
    }
}

impl Value for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn improves(self, other: Self) -> bool {
        self > other + 1e-9 * other.abs().max(1.0)
    }
}

/// What the search needs from an objective.
pub(crate) trait Model {
    type V: Value;
    /// Neighbours evaluated per iteration (best one is the candidate move).
    const CANDIDATES: usize;
    /// Rebuild all incremental state from an assignment.
    fn load(&mut self, group_of: &[u32]);
    /// Objective of the loaded assignment.
    fn value(&self, group_of: &[u32]) -> Self::V;
    /// Gain of moving `p` from `from` to `to`, given the current set sizes.
    fn move_delta(&self, p: usize, from: usize, to: usize, sizes: &[u32]) -> Self::V;
    /// Gain of swapping `p` (in `gp`) with `q` (in `gq`), `gp != gq`.
    fn swap_delta(&self, p: usize, gp: usize, q: usize, gq: usize) -> Self::V;
    /// Update the state for `p` moving from `from` to `to`.
    fn apply_move(&mut self, p: usize, from: usize, to: usize);
    /// Whether `p` (in `g`) is likely to gain from moving: a cheap filter that focuses the search
    /// on people who are part of an avoidable conflict.
    fn worth_moving(&self, p: usize, g: usize) -> bool;
}

/// Level counts of one attribute per set: a dense table when it fits the memory budget, a hash
/// map otherwise (attributes with very many levels).
enum Counts {
    Dense { levels: usize, c: Vec<u32> },
    Sparse(HashMap<u64, u32, BuildHasherDefault<MixHasher>>),
}

impl Counts {
    #[inline]
    fn get(&self, g: usize, l: u32) -> u32 {
        match self {
            Counts::Dense { levels, c } => c[g * levels + l as usize],
            Counts::Sparse(m) => *m.get(&key(g, l)).unwrap_or(&0),
        }
    }

    #[inline]
    fn inc(&mut self, g: usize, l: u32) {
        match self {
            Counts::Dense { levels, c } => c[g * *levels + l as usize] += 1,
            Counts::Sparse(m) => *m.entry(key(g, l)).or_insert(0) += 1,
        }
    }

    #[inline]
    fn dec(&mut self, g: usize, l: u32) {
        match self {
            Counts::Dense { levels, c } => c[g * *levels + l as usize] -= 1,
            Counts::Sparse(m) => {
                let k = key(g, l);
                let v = m.get_mut(&k).expect("count present");
                *v -= 1;
                if *v == 0 {
                    m.remove(&k);
                }
            }
        }
    }

    fn clear(&mut self) {
        match self {
            Counts::Dense { c, .. } => c.fill(0),
            Counts::Sparse(m) => m.clear(),
        }
    }
}

#[inline]
fn key(g: usize, l: u32) -> u64 {
    ((g as u64) << 32) | l as u64
}

/// A multiplicative hasher for the sparse counts' `u64` keys (std's SipHash is needlessly slow
/// for keys that are not attacker-controlled).
#[derive(Default)]
pub(crate) struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, x: u64) {
        let h = (self.0 ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

/// Most dense count cells across attributes (64 MiB of `u32`).
const DENSE_BUDGET: usize = 1 << 24;

/// Levels of the weighted attributes, compacted: levels held by one person become [`NONE`].
pub(crate) struct CompactLevels {
    /// Number of attributes kept (weight > 0).
    pub attrs: usize,
    /// Their weights.
    pub weights: Vec<i64>,
    /// `levels[p * attrs + a]`.
    pub levels: Vec<u32>,
    /// Number of (non-singleton) levels per attribute.
    pub level_count: Vec<usize>,
    /// Members per level per attribute.
    pub level_size: Vec<Vec<u32>>,
}

impl CompactLevels {
    pub(crate) fn new(p: &CategoricalProblem) -> Self {
        let n = p.people;
        let kept: Vec<_> = p.attributes.iter().filter(|a| a.weight > 0).collect();
        let attrs = kept.len();
        let mut levels = vec![NONE; n * attrs];
        let mut level_count = Vec::with_capacity(attrs);
        let mut level_size = Vec::with_capacity(attrs);
        for (a, attr) in kept.iter().enumerate() {
            let mut freq: HashMap<u32, u32> = HashMap::new();
            for &l in &attr.level_of {
                *freq.entry(l).or_insert(0) += 1;
            }
            // Largest levels first: deterministic numbering independent of hash order.
            let mut multi: Vec<(u32, u32)> = freq.into_iter().filter(|&(_, c)| c > 1).collect();
            multi.sort_unstable_by_key(|&(l, c)| (std::cmp::Reverse(c), l));
            let index: HashMap<u32, u32> = multi
                .iter()
                .enumerate()
                .map(|(k, &(l, _))| (l, k as u32))
                .collect();
            for (i, l) in attr.level_of.iter().enumerate() {
                levels[i * attrs + a] = *index.get(l).unwrap_or(&NONE);
            }
            level_count.push(multi.len());
            level_size.push(multi.iter().map(|&(_, c)| c).collect());
        }
        Self {
            attrs,
            weights: kept.iter().map(|a| a.weight).collect(),
            levels,
            level_count,
            level_size,
        }
    }
}

/// The categorical objective with per-(set, attribute, level) counts.
pub(crate) struct CatModel {
    c: CompactLevels,
    wsum: i64,
    counts: Vec<Counts>,
    /// A person whose level count in their set reaches this is part of a conflict that a more
    /// even spread would avoid: `max(2, floor(level size / sets) + 1)`.
    threshold: Vec<Vec<u32>>,
    groups: usize,
}

impl CatModel {
    pub(crate) fn new(p: &CategoricalProblem, groups: usize) -> Self {
        let c = CompactLevels::new(p);
        let mut order: Vec<usize> = (0..c.attrs).collect();
        order.sort_by_key(|&a| c.level_count[a]);
        let mut dense_left = DENSE_BUDGET;
        let mut counts: Vec<Option<Counts>> = (0..c.attrs).map(|_| None).collect();
        for a in order {
            let cells = groups.saturating_mul(c.level_count[a]);
            counts[a] = Some(if cells <= dense_left {
                dense_left -= cells;
                Counts::Dense {
                    levels: c.level_count[a],
                    c: vec![0; cells],
                }
            } else {
                Counts::Sparse(HashMap::default())
            });
        }
        let threshold = c
            .level_size
            .iter()
            .map(|sizes| {
                sizes
                    .iter()
                    .map(|&s| (s / groups as u32 + 1).max(2))
                    .collect()
            })
            .collect();
        Self {
            wsum: c.weights.iter().sum(),
            counts: counts
                .into_iter()
                .map(|x| x.expect("every attribute"))
                .collect(),
            threshold,
            groups,
            c,
        }
    }
}

impl Model for CatModel {
    type V = i64;
    const CANDIDATES: usize = 4;

    fn load(&mut self, group_of: &[u32]) {
        for c in &mut self.counts {
            c.clear();
        }
        let attrs = self.c.attrs;
        for (p, &g) in group_of.iter().enumerate() {
            for a in 0..attrs {
                let l = self.c.levels[p * attrs + a];
                if l != NONE {
                    self.counts[a].inc(g as usize, l);
                }
            }
        }
    }

    fn value(&self, group_of: &[u32]) -> i64 {
        let mut sizes = vec![0u64; self.groups];
        for &g in group_of {
            sizes[g as usize] += 1;
        }
        let all: i64 = sizes.iter().map(|&s| pairs(s) as i64).sum();
        let attrs = self.c.attrs;
        let mut total = 0i64;
        for a in 0..attrs {
            // Σ_sets Σ_levels C(count, 2) = ½ Σ_people (count of own level in own set − 1).
            let mut twice_same = 0i64;
            for (p, &g) in group_of.iter().enumerate() {
                let l = self.c.levels[p * attrs + a];
                if l != NONE {
                    twice_same += self.counts[a].get(g as usize, l) as i64 - 1;
                }
            }
            total += self.c.weights[a] * (all - twice_same / 2);
        }
        total
    }

    #[inline]
    fn move_delta(&self, p: usize, from: usize, to: usize, sizes: &[u32]) -> i64 {
        let attrs = self.c.attrs;
        let mut same = 0i64;
        for a in 0..attrs {
            let l = self.c.levels[p * attrs + a];
            if l != NONE {
                let cnt = &self.counts[a];
                same += self.c.weights[a] * (cnt.get(to, l) as i64 - cnt.get(from, l) as i64 + 1);
            }
        }
        self.wsum * (sizes[to] as i64 - sizes[from] as i64 + 1) - same
    }

    #[inline]
    fn swap_delta(&self, p: usize, gp: usize, q: usize, gq: usize) -> i64 {
        let attrs = self.c.attrs;
        let mut delta = 0i64;
        for a in 0..attrs {
            let lp = self.c.levels[p * attrs + a];
            let lq = self.c.levels[q * attrs + a];
            if lp == lq {
                continue;
            }
            let cnt = &self.counts[a];
            let mut same = 0i64;
            if lp != NONE {
                same += cnt.get(gq, lp) as i64 - cnt.get(gp, lp) as i64 + 1;
            }
            if lq != NONE {
                same += cnt.get(gp, lq) as i64 - cnt.get(gq, lq) as i64 + 1;
            }
            delta -= self.c.weights[a] * same;
        }
        delta
    }

    #[inline]
    fn apply_move(&mut self, p: usize, from: usize, to: usize) {
        let attrs = self.c.attrs;
        for a in 0..attrs {
            let l = self.c.levels[p * attrs + a];
            if l != NONE {
                self.counts[a].dec(from, l);
                self.counts[a].inc(to, l);
            }
        }
    }

    #[inline]
    fn worth_moving(&self, p: usize, g: usize) -> bool {
        let attrs = self.c.attrs;
        (0..attrs).any(|a| {
            let l = self.c.levels[p * attrs + a];
            l != NONE && self.counts[a].get(g, l) >= self.threshold[a][l as usize]
        })
    }
}

/// The distance objective with a gain matrix `gain[i * groups + g] = Σ_{j in g} d_ij`.
pub(crate) struct DistModel<'a> {
    d: &'a [f64],
    n: usize,
    groups: usize,
    gain: Vec<f64>,
}

impl<'a> DistModel<'a> {
    pub(crate) fn new(d: &'a [f64], n: usize, groups: usize) -> Self {
        Self {
            d,
            n,
            groups,
            gain: vec![0.0; n * groups],
        }
    }
}

impl Model for DistModel<'_> {
    type V = f64;
    const CANDIDATES: usize = 4;

    fn load(&mut self, group_of: &[u32]) {
        self.gain.fill(0.0);
        let (n, g) = (self.n, self.groups);
        for i in 0..n {
            let row = &self.d[i * n..(i + 1) * n];
            let gains = &mut self.gain[i * g..(i + 1) * g];
            for (j, &dij) in row.iter().enumerate() {
                gains[group_of[j] as usize] += dij;
            }
        }
    }

    fn value(&self, group_of: &[u32]) -> f64 {
        let g = self.groups;
        group_of
            .iter()
            .enumerate()
            .map(|(i, &k)| self.gain[i * g + k as usize])
            .sum::<f64>()
            / 2.0
    }

    #[inline]
    fn move_delta(&self, p: usize, from: usize, to: usize, _sizes: &[u32]) -> f64 {
        let g = self.groups;
        self.gain[p * g + to] - self.gain[p * g + from]
    }

    #[inline]
    fn swap_delta(&self, p: usize, gp: usize, q: usize, gq: usize) -> f64 {
        let g = self.groups;
        self.gain[p * g + gq] - self.gain[p * g + gp] + self.gain[q * g + gp]
            - self.gain[q * g + gq]
            - 2.0 * self.d[p * self.n + q]
    }

    fn apply_move(&mut self, p: usize, from: usize, to: usize) {
        let (n, g) = (self.n, self.groups);
        let row = &self.d[p * n..(p + 1) * n];
        for (i, &dip) in row.iter().enumerate() {
            self.gain[i * g + from] -= dip;
            self.gain[i * g + to] += dip;
        }
    }

    fn worth_moving(&self, _p: usize, _g: usize) -> bool {
        true
    }
}
