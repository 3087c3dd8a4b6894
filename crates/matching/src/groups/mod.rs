//! Partition people into diverse sets within size bounds (action learning sets).
//!
//! Two objective forms share one search:
//!
//! * **Categorical** ([`CategoricalProblem`]): each person has a level for each attribute
//!   (organisation, profession, grade …). The diversity of a set is, for each attribute, the number
//!   of pairs in the set whose levels differ, times the attribute's weight; the objective is the
//!   sum over sets. Per set and attribute that is `C(size, 2) − Σ_level C(count, 2)`, so the
//!   engine keeps per-(set, attribute, level) counts and evaluates a swap or a move in
//!   O(#attributes), whatever the size of the pool. This is what scales to 100,000 people.
//! * **Distances** ([`DistanceProblem`]): the maximally diverse grouping problem (MDGP) with an
//!   explicit symmetric `d_ij`, as in the MDGPLIB benchmark files; the objective is the sum of the
//!   within-set distances. A gain matrix (person × set) makes a delta O(1) and a move O(n).
//!
//! `apart` pairs (line manager and report …) never share a set: the search minimises violations
//! first and diversity second, and a result with a violation is never returned.
//!
//! The search ([`search`]) starts from a stratified deal (people sorted by their levels and dealt
//! round the sets like cards, which already spreads the heaviest attribute evenly), then runs
//! iterated simulated annealing over swap and move neighbourhoods, each round restarting from
//! the best solution so far. It is seeded and deterministic: it stops on a work budget derived
//! from the time limit, on reaching the upper bound (then the result is proven optimal), or —
//! only if the machine is slower than the budget assumes — on the wall-clock limit, which is
//! reported because it is the one stop that is not reproducible.
//!
//! Every result carries a **proven upper bound** (for the categorical form: spread every level as
//! evenly as possible over the sets, independently per attribute, and take the most pairs the size
//! bounds allow; for distances: each person's best possible partners, and the best possible set of
//! pairs overall). Up to [`SearchOptions::exact_up_to`] people (24 by default, the pilot size; at
//! most [`DISTANCE_EXACT_LIMIT`] for the distance form) a branch and bound over set sizes and
//! members (module `exact`) proves the optimum, so a pilot gets an optimal answer that says so.

mod exact;
mod model;
mod search;

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thiserror::Error;

use model::{CatModel, DistModel, Model};

/// Invalid grouping input, or a constraint that cannot be met.
#[derive(Debug, Error, PartialEq)]
pub enum GroupError {
    /// The size bounds (and number of sets, if fixed) admit no partition of the people.
    #[error("{0}")]
    Sizes(String),
    /// The input is malformed (lengths, indices, weights, distances).
    #[error("{0}")]
    Invalid(String),
    /// Exhaustive search proved that no partition keeps every `apart` pair apart.
    #[error(
        "no partition within the size bounds keeps every apart pair apart (proven by exhaustive search)"
    )]
    ApartInfeasible,
    /// The heuristic search could not separate every `apart` pair (not proven impossible).
    #[error(
        "the search found no partition that keeps every apart pair apart ({violations} pair(s) still share a set); relax the apart list or the size bounds, or allow more time"
    )]
    ApartUnresolved {
        /// Apart pairs still sharing a set in the best solution found.
        violations: u64,
    },
}

/// Size bounds per set: set `g` must have between `lo[g]` and `hi[g]` members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeBounds {
    lo: Vec<u32>,
    hi: Vec<u32>,
}

impl SizeBounds {
    /// Per-set bounds, as in an MDGPLIB "ds" line (equal bounds for "ss").
    pub fn per_group(lo: Vec<u32>, hi: Vec<u32>) -> Result<Self, GroupError> {
        if lo.len() != hi.len() {
            return Err(GroupError::Invalid(format!(
                "{} lower bounds for {} upper bounds",
                lo.len(),
                hi.len()
            )));
        }
        if lo.is_empty() {
            return Err(GroupError::Sizes("at least one set is needed".into()));
        }
        if let Some(g) = (0..lo.len()).find(|&g| lo[g] > hi[g] || hi[g] == 0) {
            return Err(GroupError::Sizes(format!(
                "set {g} has size bounds [{}, {}]",
                lo[g], hi[g]
            )));
        }
        Ok(Self { lo, hi })
    }

    /// `groups` sets, each with between `min` and `max` members.
    pub fn uniform(groups: usize, min: u32, max: u32) -> Result<Self, GroupError> {
        Self::per_group(vec![min; groups], vec![max; groups])
    }

    /// Bounds for `people` people in sets of `min..=max`, with the number of sets fixed or, if
    /// `groups` is `None`, the fewest sets the bounds allow (`ceil(people / max)`): more pairs
    /// per set means more pairs that can differ, so fewer, fuller sets serve the objective.
    /// A clear error when no partition can meet the bounds.
    pub fn for_people(
        people: usize,
        min: u32,
        max: u32,
        groups: Option<usize>,
    ) -> Result<Self, GroupError> {
        if people == 0 {
            return Err(GroupError::Sizes("there is no one to partition".into()));
        }
        if min == 0 || max < min {
            return Err(GroupError::Sizes(format!(
                "size bounds must satisfy 1 <= size-min <= size-max, got {min} and {max}"
            )));
        }
        let (min_u, max_u) = (min as usize, max as usize);
        let g = match groups {
            Some(0) => {
                return Err(GroupError::Sizes(
                    "the number of sets must be at least 1".into(),
                ));
            }
            Some(g) => {
                if g.saturating_mul(min_u) > people || g.saturating_mul(max_u) < people {
                    return Err(GroupError::Sizes(format!(
                        "{people} people cannot be split into {g} sets of {min} to {max}: that needs between {} and {} people",
                        g.saturating_mul(min_u),
                        g.saturating_mul(max_u)
                    )));
                }
                g
            }
            None => {
                let g = people.div_ceil(max_u);
                if g * min_u > people {
                    return Err(GroupError::Sizes(format!(
                        "no number of sets fits {people} people in sets of {min} to {max}: {g} sets are needed to respect the maximum, and they would need at least {} people",
                        g * min_u
                    )));
                }
                g
            }
        };
        Self::uniform(g, min, max)
    }

    /// Number of sets.
    pub fn groups(&self) -> usize {
        self.lo.len()
    }

    /// Lower bounds per set.
    pub fn lo(&self) -> &[u32] {
        &self.lo
    }

    /// Upper bounds per set.
    pub fn hi(&self) -> &[u32] {
        &self.hi
    }

    /// Error unless some partition of `people` people meets the bounds.
    pub fn check(&self, people: usize) -> Result<(), GroupError> {
        let lo: u64 = self.lo.iter().map(|&x| x as u64).sum();
        let hi: u64 = self.hi.iter().map(|&x| x as u64).sum();
        if (people as u64) < lo || (people as u64) > hi {
            return Err(GroupError::Sizes(format!(
                "{people} people cannot be split into {} sets with these size bounds: they need between {lo} and {hi} people",
                self.groups()
            )));
        }
        Ok(())
    }

    fn is_uniform(&self) -> bool {
        self.lo.iter().all(|&x| x == self.lo[0]) && self.hi.iter().all(|&x| x == self.hi[0])
    }

    fn sizes_fixed(&self) -> bool {
        self.lo == self.hi
    }

    /// The most within-set pairs any partition of `people` meeting the bounds can have
    /// (or an upper bound on it when the per-set bounds are too varied and the instance too
    /// large for the exact small dynamic programme).
    pub fn max_pairs(&self, people: usize) -> u128 {
        if self.is_uniform() {
            return uniform_max_pairs(people, self.groups(), self.lo[0], self.hi[0]);
        }
        let width: u64 = self
            .hi
            .iter()
            .zip(&self.lo)
            .map(|(h, l)| (h - l) as u64 + 1)
            .max()
            .unwrap_or(1);
        if (self.groups() as u64) * (people as u64 + 1) * width <= 50_000_000 {
            // Pairs are convex in size, so the maximum sits at a vertex that greedy filling does
            // not always find; a DP over (sets, people so far) is exact.
            let mut dp = vec![None::<u128>; people + 1];
            dp[0] = Some(0);
            for g in 0..self.groups() {
                let mut next = vec![None::<u128>; people + 1];
                for (t, v) in dp.iter().enumerate() {
                    let Some(v) = *v else { continue };
                    for s in self.lo[g] as usize..=self.hi[g] as usize {
                        if t + s > people {
                            break;
                        }
                        let cand = v + pairs(s as u64) as u128;
                        if next[t + s].is_none_or(|x| x < cand) {
                            next[t + s] = Some(cand);
                        }
                    }
                }
                dp = next;
            }
            dp[people].unwrap_or(0)
        } else {
            let lo = *self.lo.iter().min().unwrap_or(&0);
            let hi = *self.hi.iter().max().unwrap_or(&0);
            uniform_max_pairs(people, self.groups(), lo, hi)
        }
    }

    /// The fewest within-set pairs any partition meeting the bounds can have (or a lower bound).
    fn min_pairs(&self, people: usize) -> u128 {
        // Convex minimisation over a box with a fixed sum: water-filling is exact.
        let g = self.groups();
        let mut sizes: Vec<u64> = self.lo.iter().map(|&x| x as u64).collect();
        let mut left = people as u64 - sizes.iter().sum::<u64>().min(people as u64);
        // Raise the smallest sets first, level by level.
        let mut order: Vec<usize> = (0..g).collect();
        while left > 0 {
            order.sort_by_key(|&k| sizes[k]);
            let mut progressed = false;
            for &k in &order {
                if left == 0 {
                    break;
                }
                if sizes[k] < self.hi[k] as u64 {
                    sizes[k] += 1;
                    left -= 1;
                    progressed = true;
                    break;
                }
            }
            if !progressed {
                break;
            }
        }
        sizes.iter().map(|&s| pairs(s) as u128).sum()
    }
}

/// C(s, 2).
fn pairs(s: u64) -> u64 {
    s * s.saturating_sub(1) / 2
}

fn uniform_max_pairs(people: usize, groups: usize, lo: u32, hi: u32) -> u128 {
    let (lo, hi) = (lo as u64, hi as u64);
    let extra = (people as u64).saturating_sub(groups as u64 * lo);
    let width = hi - lo;
    if width == 0 {
        return groups as u128 * pairs(lo) as u128;
    }
    // All but at most one set at a bound: as unequal as possible maximises convex pairs.
    let full = (extra / width).min(groups as u64);
    let rest = extra - full * width;
    let mut total = full as u128 * pairs(hi) as u128;
    if full < groups as u64 {
        total += pairs(lo + rest) as u128;
        total += (groups as u64 - full - 1) as u128 * pairs(lo) as u128;
    }
    total
}

/// One categorical attribute: a weight and each person's level (any `u32` labels).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Column name, for reports.
    pub name: String,
    /// Weight of a differing pair (≥ 0).
    pub weight: i64,
    /// Level of each person; equal numbers mean equal values.
    pub level_of: Vec<u32>,
}

/// People with categorical attributes and `apart` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoricalProblem {
    people: usize,
    attributes: Vec<Attribute>,
    apart: Vec<(u32, u32)>,
}

/// Largest attribute weight accepted: keeps every objective and bound comfortably inside `i64`.
pub const MAX_WEIGHT: i64 = 1_000_000;

impl CategoricalProblem {
    /// Validate lengths, weights (0..=[`MAX_WEIGHT`]) and apart pairs (in range, distinct people;
    /// repeated pairs are merged).
    pub fn new(
        people: usize,
        attributes: Vec<Attribute>,
        apart: Vec<(u32, u32)>,
    ) -> Result<Self, GroupError> {
        for a in &attributes {
            if a.level_of.len() != people {
                return Err(GroupError::Invalid(format!(
                    "attribute {} has {} levels for {people} people",
                    a.name,
                    a.level_of.len()
                )));
            }
            if !(0..=MAX_WEIGHT).contains(&a.weight) {
                return Err(GroupError::Invalid(format!(
                    "attribute {} has weight {}; weights must be between 0 and {MAX_WEIGHT}",
                    a.name, a.weight
                )));
            }
        }
        let apart = normalise_apart(people, apart)?;
        Ok(Self {
            people,
            attributes,
            apart,
        })
    }

    /// Number of people.
    pub fn people(&self) -> usize {
        self.people
    }

    /// The attributes.
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The apart pairs, each once with the smaller index first.
    pub fn apart(&self) -> &[(u32, u32)] {
        &self.apart
    }
}

/// An explicit symmetric distance instance (MDGP), row-major `people × people`.
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceProblem {
    people: usize,
    dist: Vec<f64>,
    apart: Vec<(u32, u32)>,
}

impl DistanceProblem {
    /// From a full symmetric matrix (the diagonal is ignored). Distances must be finite.
    pub fn new(people: usize, dist: Vec<f64>, apart: Vec<(u32, u32)>) -> Result<Self, GroupError> {
        if dist.len() != people * people {
            return Err(GroupError::Invalid(format!(
                "{} distances for {people} people (need {})",
                dist.len(),
                people * people
            )));
        }
        let mut dist = dist;
        for i in 0..people {
            dist[i * people + i] = 0.0;
            for j in 0..i {
                let (a, b) = (dist[i * people + j], dist[j * people + i]);
                if !a.is_finite() || !b.is_finite() {
                    return Err(GroupError::Invalid(format!(
                        "distance between {j} and {i} is not a finite number"
                    )));
                }
                if a != b {
                    return Err(GroupError::Invalid(format!(
                        "distances are not symmetric: d({j},{i}) = {b} but d({i},{j}) = {a}"
                    )));
                }
            }
        }
        let apart = normalise_apart(people, apart)?;
        Ok(Self {
            people,
            dist,
            apart,
        })
    }

    /// From `(i, j, d)` triples; absent pairs have distance 0.
    pub fn from_pairs(people: usize, pairs: &[(u32, u32, f64)]) -> Result<Self, GroupError> {
        let mut dist = vec![0.0; people * people];
        for &(i, j, d) in pairs {
            let (i, j) = (i as usize, j as usize);
            if i >= people || j >= people || i == j {
                return Err(GroupError::Invalid(format!(
                    "pair ({i}, {j}) is not a pair of distinct people among {people}"
                )));
            }
            dist[i * people + j] = d;
            dist[j * people + i] = d;
        }
        Self::new(people, dist, Vec::new())
    }

    /// Number of people.
    pub fn people(&self) -> usize {
        self.people
    }

    /// Distance between `i` and `j`.
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        self.dist[i * self.people + j]
    }

    /// The same instance with `apart` pairs added.
    pub fn with_apart(mut self, apart: Vec<(u32, u32)>) -> Result<Self, GroupError> {
        self.apart = normalise_apart(self.people, apart)?;
        Ok(self)
    }
}

fn normalise_apart(people: usize, apart: Vec<(u32, u32)>) -> Result<Vec<(u32, u32)>, GroupError> {
    let mut out = Vec::with_capacity(apart.len());
    for (a, b) in apart {
        if a as usize >= people || b as usize >= people {
            return Err(GroupError::Invalid(format!(
                "apart pair ({a}, {b}) names someone outside 0..{people}"
            )));
        }
        if a == b {
            return Err(GroupError::Invalid(format!(
                "apart pair ({a}, {b}) names the same person twice"
            )));
        }
        out.push((a.min(b), a.max(b)));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// How hard to search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Seed for every randomised step and tie-break.
    pub seed: u64,
    /// Wall-clock limit for the heuristic search (not for the exact search).
    pub time_limit: Duration,
    /// Work budget in evaluated neighbours; `None` derives it from `time_limit` with a
    /// conservative rate, so that the budget, not the clock, normally ends the search and the
    /// result is reproducible.
    pub work_limit: Option<u64>,
    /// Prove optimality by branch and bound up to this many people.
    pub exact_up_to: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            time_limit: Duration::from_secs(10),
            work_limit: None,
            exact_up_to: 24,
        }
    }
}

/// Largest distance instance solved exactly (see [`solve_distances`]).
pub const DISTANCE_EXACT_LIMIT: usize = 16;

/// Neighbour evaluations per second assumed when turning a time limit into a work budget. Set at
/// about half the rate measured on the 2-core development machine, so the clock rarely decides.
const CATEGORICAL_RATE: f64 = 2.0e6;
const DISTANCE_RATE: f64 = 6.0e6;

/// Why the search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// The objective reached the proven upper bound: optimal.
    UpperBound,
    /// Exhaustive search finished: optimal.
    Exhaustive,
    /// The work budget ran out (reproducible under the same seed and options).
    WorkBudget,
    /// The wall clock ran out before the work budget (not reproducible).
    TimeLimit,
}

impl Stopped {
    /// Short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Stopped::UpperBound => "upper_bound_reached",
            Stopped::Exhaustive => "exhaustive_search",
            Stopped::WorkBudget => "work_budget",
            Stopped::TimeLimit => "time_limit",
        }
    }
}

/// A partition and what is known about its quality.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping<V> {
    /// Set of each person, `0..groups`.
    pub group_of: Vec<u32>,
    /// Number of sets.
    pub groups: usize,
    /// Objective value of `group_of` (recomputed from scratch).
    pub objective: V,
    /// A proven upper bound on the optimum, if one could be computed: the optimum itself once
    /// `optimal` is proven (the a-priori bound is usually looser).
    pub upper_bound: Option<V>,
    /// True when `objective` is proven optimal.
    pub optimal: bool,
    /// Why the search stopped.
    pub stopped: Stopped,
    /// Neighbours evaluated by the heuristic.
    pub evaluations: u64,
    /// Restarts (rounds) of the iterated search.
    pub rounds: u32,
    /// Nodes of the exact search (0 if it did not run).
    pub exact_nodes: u64,
}

/// Categorical diversity of `group_of`, computed from scratch (for verification and reports).
pub fn categorical_objective(p: &CategoricalProblem, group_of: &[u32]) -> i64 {
    let groups = group_of.iter().map(|&g| g as usize + 1).max().unwrap_or(0);
    let mut sizes = vec![0u64; groups];
    for &g in group_of {
        sizes[g as usize] += 1;
    }
    let all_pairs: i64 = sizes.iter().map(|&s| pairs(s) as i64).sum();
    let mut total = 0i64;
    for a in &p.attributes {
        let mut keys: Vec<(u32, u32)> = group_of
            .iter()
            .zip(&a.level_of)
            .map(|(&g, &l)| (g, l))
            .collect();
        keys.sort_unstable();
        let mut same = 0i64;
        let mut run = 0u64;
        for k in 0..keys.len() {
            run = if k > 0 && keys[k] == keys[k - 1] {
                run + 1
            } else {
                1
            };
            same += run as i64 - 1;
        }
        total += a.weight * (all_pairs - same);
    }
    total
}

/// Distance objective of `group_of`, computed from scratch.
pub fn distance_objective(p: &DistanceProblem, group_of: &[u32]) -> f64 {
    let n = p.people;
    let mut total = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            if group_of[i] == group_of[j] {
                total += p.dist[i * n + j];
            }
        }
    }
    total
}

/// The level-spread upper bound of the categorical objective (see the module docs): valid for
/// every partition that meets `sizes`.
pub fn categorical_upper_bound(p: &CategoricalProblem, sizes: &SizeBounds) -> i64 {
    let g = sizes.groups() as u64;
    let max_pairs = sizes.max_pairs(p.people) as i128;
    let mut total: i128 = 0;
    for a in &p.attributes {
        let mut counts = level_sizes(&a.level_of);
        counts.retain(|&c| c > 1);
        let min_same: i128 = counts
            .iter()
            .map(|&c| {
                let (q, r) = (c / g, c % g);
                (r * pairs(q + 1) + (g - r) * pairs(q)) as i128
            })
            .sum();
        total += a.weight as i128 * (max_pairs - min_same);
    }
    total as i64
}

/// Number of members of each level (in no particular order).
fn level_sizes(levels: &[u32]) -> Vec<u64> {
    let mut sorted = levels.to_vec();
    sorted.sort_unstable();
    let mut out = Vec::new();
    let mut k = 0;
    while k < sorted.len() {
        let mut e = k;
        while e < sorted.len() && sorted[e] == sorted[k] {
            e += 1;
        }
        out.push((e - k) as u64);
        k = e;
    }
    out
}

/// An upper bound for the distance form: the smaller of (a) half the sum over people of their
/// best possible partner sums and (b) the sum of the best possible set of within-set pairs.
pub fn distance_upper_bound(p: &DistanceProblem, sizes: &SizeBounds) -> f64 {
    let n = p.people;
    let min_size = *sizes.lo.iter().min().unwrap_or(&1) as usize;
    let max_size = *sizes.hi.iter().max().unwrap_or(&1) as usize;
    let (min_k, max_k) = (
        min_size.saturating_sub(1),
        max_size.saturating_sub(1).min(n - 1),
    );
    let mut row = Vec::with_capacity(n);
    let mut per_person = 0.0;
    for i in 0..n {
        row.clear();
        row.extend((0..n).filter(|&j| j != i).map(|j| p.dist[i * n + j]));
        row.sort_unstable_by(|a, b| b.total_cmp(a));
        per_person += best_prefix(&row, min_k, max_k);
    }
    let bound_a = per_person / 2.0;
    let mut all: Vec<f64> = Vec::with_capacity(n * (n - 1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            all.push(p.dist[i * n + j]);
        }
    }
    all.sort_unstable_by(|a, b| b.total_cmp(a));
    let lo_pairs = sizes.min_pairs(n).min(all.len() as u128) as usize;
    let hi_pairs = sizes.max_pairs(n).min(all.len() as u128) as usize;
    let bound_b = best_prefix(&all, lo_pairs, hi_pairs);
    bound_a.min(bound_b)
}

/// Largest sum of the first k of `sorted_desc` for k in `lo..=hi`.
fn best_prefix(sorted_desc: &[f64], lo: usize, hi: usize) -> f64 {
    let mut sum: f64 = sorted_desc[..lo.min(sorted_desc.len())].iter().sum();
    for &x in sorted_desc.iter().take(hi).skip(lo) {
        if x <= 0.0 {
            break;
        }
        sum += x;
    }
    sum
}

/// Solve the categorical form: heuristic search, then exact search at pilot sizes.
pub fn solve_categorical(
    p: &CategoricalProblem,
    sizes: &SizeBounds,
    opts: &SearchOptions,
) -> Result<Grouping<i64>, GroupError> {
    sizes.check(p.people)?;
    let total_weight: i128 = p.attributes.iter().map(|a| a.weight as i128).sum();
    if total_weight * sizes.max_pairs(p.people) as i128 > (i64::MAX / 4) as i128 {
        return Err(GroupError::Invalid(
            "the objective would overflow 64-bit integers: lower the weights or the set sizes"
                .into(),
        ));
    }
    let ub = categorical_upper_bound(p, sizes);
    let mut model = CatModel::new(p, sizes.groups());
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let init = stratified_deal(p, sizes, &mut rng);
    let budget = opts
        .work_limit
        .unwrap_or((opts.time_limit.as_secs_f64() * CATEGORICAL_RATE) as u64);
    let result = run(
        &mut model,
        p.people,
        &p.apart,
        sizes,
        init,
        Some(ub),
        budget,
        opts,
        &mut rng,
        || exact::CatExact::new(p, sizes.groups()),
    )?;
    let objective = categorical_objective(p, &result.group_of);
    debug_assert_eq!(objective, result.objective);
    Ok(Grouping {
        objective,
        ..result
    })
}

/// Solve the distance (MDGP) form.
pub fn solve_distances(
    p: &DistanceProblem,
    sizes: &SizeBounds,
    opts: &SearchOptions,
) -> Result<Grouping<f64>, GroupError> {
    sizes.check(p.people)?;
    let ub = distance_upper_bound(p, sizes);
    let mut model = DistModel::new(&p.dist, p.people, sizes.groups());
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let init = random_deal(p.people, sizes, &p.apart, &mut rng);
    let budget = opts
        .work_limit
        .unwrap_or((opts.time_limit.as_secs_f64() * DISTANCE_RATE) as u64);
    // The distance bound is much weaker than the categorical one: branch and bound proves
    // 16 elements in well under a second but 20 take seconds and 24 minutes.
    let opts = &SearchOptions {
        exact_up_to: opts.exact_up_to.min(DISTANCE_EXACT_LIMIT),
        ..opts.clone()
    };
    let result = run(
        &mut model,
        p.people,
        &p.apart,
        sizes,
        init,
        Some(ub),
        budget,
        opts,
        &mut rng,
        || exact::DistExact::new(&p.dist, p.people, sizes.groups()),
    )?;
    let objective = distance_objective(p, &result.group_of);
    Ok(Grouping {
        objective,
        ..result
    })
}

/// The shared pipeline: heuristic search, exact search at pilot sizes, checks.
#[allow(clippy::too_many_arguments)]
fn run<M: Model, E: exact::ExactModel<V = M::V>>(
    model: &mut M,
    people: usize,
    apart: &[(u32, u32)],
    sizes: &SizeBounds,
    init: Vec<u32>,
    upper_bound: Option<M::V>,
    budget: u64,
    opts: &SearchOptions,
    rng: &mut ChaCha8Rng,
    make_exact: impl FnOnce() -> E,
) -> Result<Grouping<M::V>, GroupError> {
    let start = Instant::now();
    let exact_run = people <= opts.exact_up_to;
    // At pilot sizes the exact search decides; the heuristic only supplies a good incumbent.
    let budget = if exact_run {
        budget.min(200_000)
    } else {
        budget
    };
    let ctx = search::Ctx::new(people, apart, sizes, upper_bound);
    let outcome = search::search(model, &ctx, init, rng, budget, start + opts.time_limit);
    let mut result = Grouping {
        groups: sizes.groups(),
        objective: outcome.value,
        upper_bound,
        // Reaching the bound proves optimality; so does a forced partition (one set).
        optimal: outcome.violations == 0
            && matches!(outcome.stopped, Stopped::UpperBound | Stopped::Exhaustive),
        stopped: outcome.stopped,
        evaluations: outcome.evaluations,
        rounds: outcome.rounds,
        exact_nodes: 0,
        group_of: outcome.group_of,
    };
    if outcome.stopped == Stopped::Exhaustive && outcome.violations > 0 {
        // The partition was forced (one set) and still joins an apart pair.
        return Err(GroupError::ApartInfeasible);
    }
    if exact_run && !result.optimal {
        let incumbent = (outcome.violations == 0).then_some(outcome.value);
        let mut ex = make_exact();
        let found = exact::branch_and_bound(&mut ex, people, apart, sizes, incumbent);
        result.exact_nodes = found.nodes;
        match found.best {
            Some((group_of, value)) => {
                result.group_of = group_of;
                result.objective = value;
            }
            None if incumbent.is_none() => return Err(GroupError::ApartInfeasible),
            None => {}
        }
        result.optimal = true;
        result.stopped = Stopped::Exhaustive;
    } else if outcome.violations > 0 {
        return Err(GroupError::ApartUnresolved {
            violations: outcome.violations,
        });
    }
    if result.optimal {
        // A proven optimum is the tightest bound there is; reporting the a-priori bound next to
        // it would suggest a gap that does not exist.
        result.upper_bound = Some(result.objective);
    }
    Ok(result)
}

/// Target sizes: every set at its lower bound, the rest spread round-robin in a random set
/// order (so sets end up as equal as the bounds allow).
fn target_sizes(people: usize, sizes: &SizeBounds, rng: &mut ChaCha8Rng) -> Vec<u32> {
    let g = sizes.groups();
    let mut target = sizes.lo.clone();
    let mut left = people - target.iter().map(|&x| x as usize).sum::<usize>();
    let mut order: Vec<usize> = (0..g).collect();
    shuffle(&mut order, rng);
    while left > 0 {
        for &k in &order {
            if left == 0 {
                break;
            }
            if target[k] < sizes.hi[k] {
                target[k] += 1;
                left -= 1;
            }
        }
    }
    target
}

fn shuffle<T>(v: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
}

/// Deal people, in the given order, round the sets like cards (skipping full sets and, where
/// possible, sets holding an apart partner). Dealing a sorted order spreads each level of the
/// leading sort key as evenly as possible.
fn deal(order: &[usize], target: &[u32], apart: &[(u32, u32)], rng: &mut ChaCha8Rng) -> Vec<u32> {
    let n = order.len();
    let g = target.len();
    let (off, adj) = apart_csr(n, apart);
    let mut group_of = vec![u32::MAX; n];
    let mut fill = vec![0u32; g];
    let mut seats: Vec<usize> = (0..g).collect();
    shuffle(&mut seats, rng);
    let mut cursor = 0usize;
    for &p in order {
        let mut chosen = None;
        let mut fallback = None;
        for step in 0..g {
            let k = seats[(cursor + step) % g];
            if fill[k] >= target[k] {
                continue;
            }
            if fallback.is_none() {
                fallback = Some((k, step));
            }
            let clash = adj[off[p]..off[p + 1]]
                .iter()
                .any(|&q| group_of[q as usize] == k as u32);
            if !clash {
                chosen = Some((k, step));
                break;
            }
        }
        let (k, step) = chosen
            .or(fallback)
            .expect("target sizes sum to the number of people");
        group_of[p] = k as u32;
        fill[k] += 1;
        cursor = (cursor + step + 1) % g;
    }
    group_of
}

/// Apart pairs as adjacency lists.
fn apart_csr(n: usize, apart: &[(u32, u32)]) -> (Vec<usize>, Vec<u32>) {
    let mut off = vec![0usize; n + 1];
    for &(a, b) in apart {
        off[a as usize + 1] += 1;
        off[b as usize + 1] += 1;
    }
    for k in 0..n {
        off[k + 1] += off[k];
    }
    let mut fill = off.clone();
    let mut adj = vec![0u32; off[n]];
    for &(a, b) in apart {
        adj[fill[a as usize]] = b;
        fill[a as usize] += 1;
        adj[fill[b as usize]] = a;
        fill[b as usize] += 1;
    }
    (off, adj)
}

/// Initial solution for the categorical form: sort by levels (heaviest attribute first, random
/// tie-break and random level order) and deal.
fn stratified_deal(p: &CategoricalProblem, sizes: &SizeBounds, rng: &mut ChaCha8Rng) -> Vec<u32> {
    let n = p.people;
    let target = target_sizes(n, sizes, rng);
    let mut attrs: Vec<&Attribute> = p.attributes.iter().filter(|a| a.weight > 0).collect();
    attrs.sort_by_key(|a| std::cmp::Reverse(a.weight));
    // Relabel levels randomly so the deal does not favour low labels.
    let relabel: Vec<std::collections::HashMap<u32, u64>> = attrs
        .iter()
        .map(|a| {
            let mut labels: Vec<u32> = a.level_of.clone();
            labels.sort_unstable();
            labels.dedup();
            shuffle(&mut labels, rng);
            labels
                .into_iter()
                .enumerate()
                .map(|(k, l)| (l, k as u64))
                .collect()
        })
        .collect();
    let tie: Vec<u64> = (0..n).map(|_| rng.random()).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_cached_key(|&i| {
        let key: Vec<u64> = attrs
            .iter()
            .zip(&relabel)
            .map(|(a, r)| r[&a.level_of[i]])
            .collect();
        (key, tie[i])
    });
    deal(&order, &target, &p.apart, rng)
}

/// Initial solution for the distance form: a random deal.
fn random_deal(
    people: usize,
    sizes: &SizeBounds,
    apart: &[(u32, u32)],
    rng: &mut ChaCha8Rng,
) -> Vec<u32> {
    let target = target_sizes(people, sizes, rng);
    let mut order: Vec<usize> = (0..people).collect();
    shuffle(&mut order, rng);
    deal(&order, &target, apart, rng)
}

/// Value type re-exported for the objective of each form.
pub use model::Value as ObjectiveValue;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_max_pairs_prefers_unequal_sets() {
        // 12 people in 2 sets of 4..8: 8 + 4 gives 28 + 6 = 34 pairs, 6 + 6 only 30.
        assert_eq!(uniform_max_pairs(12, 2, 4, 8), 34);
        let b = SizeBounds::per_group(vec![4, 4], vec![8, 8]).unwrap();
        assert_eq!(b.max_pairs(12), 34);
        assert_eq!(b.min_pairs(12), 30);
    }

    #[test]
    fn dp_max_pairs_matches_enumeration_for_mixed_bounds() {
        let b = SizeBounds::per_group(vec![1, 4, 2], vec![3, 9, 5]).unwrap();
        let mut best = 0;
        for s0 in 1..=3u64 {
            for s1 in 4..=9u64 {
                for s2 in 2..=5u64 {
                    if s0 + s1 + s2 == 12 {
                        best = best.max(pairs(s0) + pairs(s1) + pairs(s2));
                    }
                }
            }
        }
        assert_eq!(b.max_pairs(12), best as u128);
    }
}
