//! Iterated simulated annealing over swap and move neighbourhoods, for any [`Model`].
//!
//! Each iteration picks a person (preferring people in a violated apart pair, then people the
//! model flags as part of an avoidable conflict), evaluates a few random neighbours (swap with a
//! random person elsewhere, or a move to a random set when the size bounds allow), and accepts
//! the best of them by the Metropolis rule. Apart violations count as a large penalty, so the
//! search first separates apart pairs and then never re-joins them once the best solution is
//! feasible. The work budget is split into rounds; each round restarts from the best solution
//! found so far with a fresh (lower) temperature, which is the "iterated" part.

use std::time::Instant;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::model::{Model, Value};
use super::{SizeBounds, Stopped, apart_csr};

/// Fixed data of one search.
pub(crate) struct Ctx<V> {
    n: usize,
    groups: usize,
    lo: Vec<u32>,
    hi: Vec<u32>,
    off: Vec<usize>,
    adj: Vec<u32>,
    pairs: Vec<(u32, u32)>,
    upper_bound: Option<V>,
    movable: bool,
}

impl<V: Value> Ctx<V> {
    pub(crate) fn new(
        n: usize,
        apart: &[(u32, u32)],
        sizes: &SizeBounds,
        upper_bound: Option<V>,
    ) -> Self {
        let (off, adj) = apart_csr(n, apart);
        Self {
            n,
            groups: sizes.groups(),
            lo: sizes.lo.clone(),
            hi: sizes.hi.clone(),
            off,
            adj,
            pairs: apart.to_vec(),
            upper_bound,
            movable: !sizes.sizes_fixed(),
        }
    }

    /// Apart partners of `p` in set `g`, not counting `except`.
    #[inline]
    fn partners_in(&self, group_of: &[u32], p: usize, g: u32, except: usize) -> i64 {
        self.adj[self.off[p]..self.off[p + 1]]
            .iter()
            .filter(|&&x| x as usize != except && group_of[x as usize] == g)
            .count() as i64
    }

    fn violations(&self, group_of: &[u32]) -> u64 {
        self.pairs
            .iter()
            .filter(|&&(a, b)| group_of[a as usize] == group_of[b as usize])
            .count() as u64
    }

    fn reached_bound(&self, value: V) -> bool {
        self.upper_bound.is_some_and(|ub| !ub.improves(value))
    }
}

/// Result of the heuristic search: the best solution found.
pub(crate) struct Outcome<V> {
    pub group_of: Vec<u32>,
    pub value: V,
    pub violations: u64,
    pub evaluations: u64,
    pub rounds: u32,
    pub stopped: Stopped,
}

/// Number of rounds the budget is split into.
const ROUNDS: u64 = 4;
/// Random draws spent looking for a person worth moving.
const PICK_TRIES: usize = 8;

#[derive(Clone, Copy)]
enum Step {
    Swap(usize),
    Move(usize),
}

/// Run the search from `init` (which must meet the size bounds).
pub(crate) fn search<M: Model>(
    model: &mut M,
    ctx: &Ctx<M::V>,
    init: Vec<u32>,
    rng: &mut ChaCha8Rng,
    budget: u64,
    deadline: Instant,
) -> Outcome<M::V> {
    let n = ctx.n;
    let groups = ctx.groups;
    let mut g = init;
    let mut sizes = vec![0u32; groups];
    for &k in &g {
        sizes[k as usize] += 1;
    }
    model.load(&g);
    let mut value = model.value(&g);
    let mut viol = ctx.violations(&g);
    let mut best = g.clone();
    let mut best_value = value;
    let mut best_viol = viol;
    let mut snapshot_valid = true;
    let mut at_best = true;
    let mut evaluations = 0u64;
    let mut rounds = 0u32;

    let finish = |best: Vec<u32>, value, viol, evaluations, rounds, stopped| Outcome {
        group_of: best,
        value,
        violations: viol,
        evaluations,
        rounds,
        stopped,
    };
    if viol == 0 && ctx.reached_bound(value) {
        return finish(best, value, 0, 0, 0, Stopped::UpperBound);
    }
    if groups < 2 || n < 2 {
        // One set (or one person): the partition is forced.
        return finish(best, value, viol, 0, 0, Stopped::Exhaustive);
    }

    let (t0, penalty) = calibrate(model, ctx, &g, &sizes, rng);
    let round_len = (budget / ROUNDS).max(1);
    let mut stopped = Stopped::WorkBudget;

    'rounds: while evaluations < budget {
        if rounds > 0 && !at_best {
            g.copy_from_slice(&best);
            sizes.fill(0);
            for &k in &g {
                sizes[k as usize] += 1;
            }
            model.load(&g);
            value = model.value(&g);
            viol = ctx.violations(&g);
            at_best = true;
            snapshot_valid = true;
        } else if rounds > 0 {
            // Refresh the running value (floats drift over millions of deltas).
            value = model.value(&g);
        }
        let t_start = if rounds == 0 { t0 } else { t0 * 0.3 };
        let t_end = t0 * 1e-4;
        let round_budget = round_len.min(budget - evaluations);
        let round_start = evaluations;
        rounds += 1;
        let mut temperature = t_start;
        let mut iter = 0u64;
        loop {
            let done = evaluations - round_start;
            if done >= round_budget {
                break;
            }
            iter += 1;
            if iter.is_multiple_of(256) {
                let frac = done as f64 / round_budget as f64;
                temperature = t_start * (t_end / t_start).powf(frac);
                if iter.is_multiple_of(4096) && Instant::now() >= deadline {
                    stopped = Stopped::TimeLimit;
                    break 'rounds;
                }
            }
            let p = pick(model, ctx, &g, viol, iter, rng);
            let gp = g[p] as usize;
            let mut best_score = f64::NEG_INFINITY;
            let mut chosen = None;
            for _ in 0..M::CANDIDATES {
                evaluations += 1;
                let bits: u32 = rng.random();
                let (step, dv, dviol) = if ctx.movable && bits & 1 == 1 {
                    let h = rng.random_range(0..groups);
                    if h == gp || sizes[gp] <= ctx.lo[gp] || sizes[h] >= ctx.hi[h] {
                        continue;
                    }
                    let dviol = if ctx.adj.is_empty() {
                        0
                    } else {
                        ctx.partners_in(&g, p, h as u32, usize::MAX)
                            - ctx.partners_in(&g, p, gp as u32, usize::MAX)
                    };
                    (Step::Move(h), model.move_delta(p, gp, h, &sizes), dviol)
                } else {
                    let q = rng.random_range(0..n);
                    let gq = g[q] as usize;
                    if gq == gp {
                        continue;
                    }
                    let dviol = if ctx.adj.is_empty() {
                        0
                    } else {
                        ctx.partners_in(&g, p, gq as u32, q)
                            - ctx.partners_in(&g, p, gp as u32, usize::MAX)
                            + ctx.partners_in(&g, q, gp as u32, p)
                            - ctx.partners_in(&g, q, gq as u32, usize::MAX)
                    };
                    (Step::Swap(q), model.swap_delta(p, gp, q, gq), dviol)
                };
                if dviol > 0 && best_viol == 0 {
                    continue; // never re-join an apart pair once a feasible solution is known
                }
                let score = dv.to_f64() - penalty * dviol as f64;
                if score > best_score {
                    best_score = score;
                    chosen = Some((step, dv, dviol));
                }
            }
            let Some((step, dv, dviol)) = chosen else {
                continue;
            };
            let accept = best_score >= 0.0
                || (temperature > 0.0 && rng.random::<f64>() < (best_score / temperature).exp());
            if !accept {
                continue;
            }
            if best_score < 0.0 && at_best && !snapshot_valid {
                best.copy_from_slice(&g);
                snapshot_valid = true;
            }
            match step {
                Step::Swap(q) => {
                    let gq = g[q] as usize;
                    model.apply_move(p, gp, gq);
                    model.apply_move(q, gq, gp);
                    g[p] = gq as u32;
                    g[q] = gp as u32;
                }
                Step::Move(h) => {
                    model.apply_move(p, gp, h);
                    sizes[gp] -= 1;
                    sizes[h] += 1;
                    g[p] = h as u32;
                }
            }
            value = value + dv;
            viol = (viol as i64 + dviol) as u64;
            if viol < best_viol || (viol == best_viol && value.improves(best_value)) {
                best_value = value;
                best_viol = viol;
                snapshot_valid = false;
                at_best = true;
                if viol == 0 && ctx.reached_bound(value) {
                    stopped = Stopped::UpperBound;
                    break 'rounds;
                }
            } else {
                at_best = viol == best_viol && !best_value.improves(value);
            }
        }
    }
    if at_best && !snapshot_valid {
        best.copy_from_slice(&g);
    }
    finish(best, best_value, best_viol, evaluations, rounds, stopped)
}

/// Choose the person to move: half the time, while apart pairs are violated, one of a violated
/// pair; otherwise a random person the model flags as worth moving (or the last draw).
#[inline]
fn pick<M: Model>(
    model: &M,
    ctx: &Ctx<M::V>,
    g: &[u32],
    viol: u64,
    iter: u64,
    rng: &mut ChaCha8Rng,
) -> usize {
    if viol > 0 && iter.is_multiple_of(2) {
        for _ in 0..16 {
            let (a, b) = ctx.pairs[rng.random_range(0..ctx.pairs.len())];
            if g[a as usize] == g[b as usize] {
                return if rng.random::<bool>() { a } else { b } as usize;
            }
        }
    }
    let mut p = rng.random_range(0..ctx.n);
    for _ in 0..PICK_TRIES {
        if model.worth_moving(p, g[p] as usize) {
            break;
        }
        p = rng.random_range(0..ctx.n);
    }
    p
}

/// Starting temperature (a third of the mean non-zero swap delta, so a typical worsening step is
/// accepted about 5 % of the time at the start) and the apart penalty (larger than any delta seen).
fn calibrate<M: Model>(
    model: &M,
    ctx: &Ctx<M::V>,
    g: &[u32],
    sizes: &[u32],
    rng: &mut ChaCha8Rng,
) -> (f64, f64) {
    let mut sum = 0.0;
    let mut count = 0u32;
    let mut max = 0.0f64;
    for _ in 0..512 {
        let p = rng.random_range(0..ctx.n);
        let q = rng.random_range(0..ctx.n);
        let (gp, gq) = (g[p] as usize, g[q] as usize);
        if gp == gq {
            continue;
        }
        let d = model.swap_delta(p, gp, q, gq).to_f64().abs();
        let m = model.move_delta(p, gp, gq, sizes).to_f64().abs();
        max = max.max(d).max(m);
        if d > 0.0 {
            sum += d;
            count += 1;
        }
    }
    let mean = if count > 0 { sum / count as f64 } else { 1.0 };
    (mean / 3.0, 4.0 * max.max(mean) + 1.0)
}
