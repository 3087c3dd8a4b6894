//! From profiles to candidates: the product path of profile-driven matching.
//!
//! 1. **Hard constraints are filters** ([`allowed`]): a forbidden pair never becomes an arc.
//! 2. **Scores are weighted criteria** ([`score`], explained by [`explain`] as a per-criterion
//!    breakdown that sums exactly to the score). Every criterion is an integer in `0..=1000`
//!    times its programme weight, so scores are exact integers and solvers agree bit for bit.
//! 3. **Sparse candidate graph without a dense matrix** ([`build_candidates`]): the top `k`
//!    mentors of each mentee by score *and* the top `k` mentees of each mentor by regret (score
//!    minus the mentee's best score), so an under-subscribed mentor stays reachable by the
//!    mentees who lose least by taking it. Pairs are scored by a table-driven kernel
//!    (`kernel.rs`) over right people laid out in blocks of equal goals and grade classes; a
//!    block whose score bound cannot reach a list is skipped unscored, so the lists are exact
//!    while only a few per cent of the pairs are scored. Equal scores are broken by a hash of
//!    the pair (deterministic, and it spreads lists over tied mentors).
//! 4. **Lee & Orlin pricing** ([`match_people`]): solve the sparse problem, then check every
//!    allowed pair of the full problem against the certificate's duals; a pair whose dual
//!    constraint is violated is added and the problem re-solved, until none is violated. The
//!    same block bounds prove most pairs unviolated without scoring them. The final certificate
//!    then holds for every allowed pair, so the assignment is proven optimal for the *full*
//!    problem, not just the candidate graph.
//!
//! Reciprocal pairing of two groups ([`match_reciprocal`]) uses the same machinery with a
//! symmetric score (the sum of both directions), both directions' hard constraints, and
//! capacity 1 on both sides.

mod kernel;
mod synthetic;

use kernel::{Direction, Kernel, Layout};

use crate::assign::{self, Arc, AssignError, Assignment, SparseProblem};
pub use synthetic::synthetic_people;

/// One person's matching profile. Sets are bitsets so a pair is scored with a few `popcount`s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// Caller's stable id (used for line management, previous partners and conflicts).
    pub id: u64,
    pub organisation: u32,
    pub line_manager: Option<u64>,
    /// The line manager's own manager (the caller resolves it from its organisation chart).
    pub managers_manager: Option<u64>,
    /// Grade as a comparable rank (e.g. Agenda for Change band 7 = 7, 8a = 8, ...).
    pub grade: i32,
    pub profession: u32,
    /// Development goals, one bit per framework dimension (mentee side).
    pub goals: u64,
    /// Expertise, one bit per framework dimension (mentor side).
    pub expertise: u64,
    pub languages: u64,
    /// Session modes, one bit each (telephone, video, in person, ...).
    pub modes: u8,
    /// Weekly availability, one bit per slot (e.g. 7 days × 16 half-days-or-hours).
    pub availability: u128,
    pub previous_partners: Vec<u64>,
    /// People this person declared a conflict of interest with.
    pub conflicts: Vec<u64>,
    /// Places offered when mentoring (ignored for mentees).
    pub capacity: u32,
    /// Optional assessment profile (e.g. 8 scales scored 0–100).
    pub assessment: Option<[u8; ASSESSMENT_SCALES]>,
}

pub const ASSESSMENT_SCALES: usize = 8;
/// Points of a fully satisfied criterion, before its weight.
pub const FULL_POINTS: i64 = 1000;
/// Largest weight accepted (keeps every score far inside the solvers' ±10^12).
pub const MAX_WEIGHT: i64 = 1_000_000;

/// The scoring criteria, in explanation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Criterion {
    /// Share of the mentee's goals covered by the mentor's expertise (by framework dimension).
    Goals,
    /// Closeness of the grade gap (mentor − mentee) to the programme's ideal gap.
    GradeGap,
    /// Same or different profession, as the programme prefers.
    Profession,
    /// Overlap of weekly availability, up to the programme's target number of slots.
    Availability,
    Language,
    Mode,
    /// Assessment-profile similarity or complementarity.
    Assessment,
}

impl Criterion {
    pub const ALL: [Self; 7] = [
        Self::Goals,
        Self::GradeGap,
        Self::Profession,
        Self::Availability,
        Self::Language,
        Self::Mode,
        Self::Assessment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Goals => "goals",
            Self::GradeGap => "grade_gap",
            Self::Profession => "profession",
            Self::Availability => "availability",
            Self::Language => "language",
            Self::Mode => "mode",
            Self::Assessment => "assessment",
        }
    }
}

/// Weight of each criterion (0 switches it off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    pub goals: i64,
    pub grade_gap: i64,
    pub profession: i64,
    pub availability: i64,
    pub language: i64,
    pub mode: i64,
    pub assessment: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            goals: 5,
            grade_gap: 2,
            profession: 2,
            availability: 3,
            language: 1,
            mode: 1,
            assessment: 0,
        }
    }
}

impl Weights {
    /// The weight of one criterion (explanations show each criterion's share of weight × 1000).
    pub fn get(&self, c: Criterion) -> i64 {
        match c {
            Criterion::Goals => self.goals,
            Criterion::GradeGap => self.grade_gap,
            Criterion::Profession => self.profession,
            Criterion::Availability => self.availability,
            Criterion::Language => self.language,
            Criterion::Mode => self.mode,
            Criterion::Assessment => self.assessment,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProfessionPreference {
    Same,
    /// Cross-professional learning (the interagency schemes' point).
    #[default]
    Different,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AssessmentUse {
    #[default]
    Similarity,
    Complementarity,
}

/// Hard constraints: a pair failing any of them is never proposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HardConstraints {
    pub different_organisation: bool,
    /// Bounds on mentor grade − mentee grade, inclusive.
    pub grade_gap_min: Option<i32>,
    pub grade_gap_max: Option<i32>,
    /// Not own manager, not manager's manager (either way), not the same line manager.
    pub exclude_line_chain: bool,
    pub exclude_previous_pairs: bool,
    pub exclude_conflicts: bool,
    pub require_common_mode: bool,
    pub require_common_language: bool,
    /// Least number of shared weekly slots (0 = no requirement).
    pub min_availability_overlap: u32,
    /// The mentor's expertise covers at least one of the mentee's goals (a coordinator's
    /// "goals: must").
    pub require_goal_overlap: bool,
    /// The pair's professions follow [`Criteria::profession`] (same or different), rather than
    /// that only earning points (a coordinator's "profession: must").
    pub require_profession_preference: bool,
}

impl Default for HardConstraints {
    fn default() -> Self {
        Self {
            different_organisation: true,
            grade_gap_min: None,
            grade_gap_max: None,
            exclude_line_chain: true,
            exclude_previous_pairs: true,
            exclude_conflicts: true,
            require_common_mode: true,
            require_common_language: true,
            min_availability_overlap: 0,
            require_goal_overlap: false,
            require_profession_preference: false,
        }
    }
}

/// A programme's matching rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Criteria {
    pub weights: Weights,
    pub ideal_grade_gap: i32,
    pub profession: ProfessionPreference,
    /// Shared slots that earn full availability points.
    pub availability_target: u32,
    pub assessment: AssessmentUse,
    pub hard: HardConstraints,
    /// Candidates kept per mentee and per mentor.
    pub k_per_mentee: usize,
    pub k_per_mentor: usize,
    /// Worker threads for scoring and pricing (0 = all available cores).
    pub threads: usize,
}

impl Default for Criteria {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            ideal_grade_gap: 1,
            profession: ProfessionPreference::default(),
            availability_target: 8,
            assessment: AssessmentUse::default(),
            hard: HardConstraints::default(),
            k_per_mentee: 20,
            k_per_mentor: 10,
            threads: 0,
        }
    }
}

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum CandidateError {
    #[error("weight of {criterion} is {weight}, expected 0..={MAX_WEIGHT}")]
    Weight {
        criterion: &'static str,
        weight: i64,
    },
    #[error("availability target must be at least 1")]
    AvailabilityTarget,
    #[error("grade gap bounds are inverted ({min} > {max})")]
    GradeBounds { min: i32, max: i32 },
    #[error(transparent)]
    Assign(#[from] AssignError),
    #[error("pricing did not converge in {0} rounds")]
    Pricing(usize),
}

impl Criteria {
    pub fn validate(&self) -> Result<(), CandidateError> {
        for c in Criterion::ALL {
            let w = self.weights.get(c);
            if !(0..=MAX_WEIGHT).contains(&w) {
                return Err(CandidateError::Weight {
                    criterion: c.code(),
                    weight: w,
                });
            }
        }
        if self.availability_target == 0 {
            return Err(CandidateError::AvailabilityTarget);
        }
        if let (Some(min), Some(max)) = (self.hard.grade_gap_min, self.hard.grade_gap_max)
            && min > max
        {
            return Err(CandidateError::GradeBounds { min, max });
        }
        Ok(())
    }

    /// Highest score any pair can reach (every criterion at full points).
    pub fn max_score(&self) -> i64 {
        Criterion::ALL
            .iter()
            .map(|&c| self.weights.get(c) * FULL_POINTS)
            .sum()
    }

    fn threads(&self) -> usize {
        if self.threads > 0 {
            self.threads
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }
}

/// Points (before weight) of each criterion for `mentee` → `mentor`, each in `0..=1000`.
fn points(c: &Criteria, e: &Profile, r: &Profile) -> [i64; 7] {
    let goals = if e.goals == 0 {
        0
    } else {
        FULL_POINTS * i64::from((e.goals & r.expertise).count_ones())
            / i64::from(e.goals.count_ones())
    };
    let gap = i64::from(r.grade) - i64::from(e.grade);
    let grade = FULL_POINTS / (1 + (gap - i64::from(c.ideal_grade_gap)).abs());
    let same_prof = e.profession == r.profession;
    let prof = if same_prof == (c.profession == ProfessionPreference::Same) {
        FULL_POINTS
    } else {
        0
    };
    let overlap = (e.availability & r.availability)
        .count_ones()
        .min(c.availability_target);
    let avail = FULL_POINTS * i64::from(overlap) / i64::from(c.availability_target);
    let lang = if e.languages & r.languages != 0 {
        FULL_POINTS
    } else {
        0
    };
    let mode = if e.modes & r.modes != 0 {
        FULL_POINTS
    } else {
        0
    };
    let assess = match (&e.assessment, &r.assessment) {
        (Some(a), Some(b)) => {
            let l1: i64 = a
                .iter()
                .zip(b)
                .map(|(&x, &y)| i64::from(x.abs_diff(y)))
                .sum();
            let max = 255 * ASSESSMENT_SCALES as i64;
            match c.assessment {
                AssessmentUse::Similarity => FULL_POINTS - FULL_POINTS * l1 / max,
                AssessmentUse::Complementarity => FULL_POINTS * l1 / max,
            }
        }
        _ => 0,
    };
    [goals, grade, prof, avail, lang, mode, assess]
}

/// The score of `mentee` → `mentor` under `c` (higher is better). Not a feasibility check.
pub fn score(c: &Criteria, mentee: &Profile, mentor: &Profile) -> i64 {
    let p = points(c, mentee, mentor);
    Criterion::ALL
        .iter()
        .zip(p)
        .map(|(&k, v)| c.weights.get(k) * v)
        .sum()
}

/// The score as a breakdown per criterion; the points sum exactly to [`score`].
pub fn explain(c: &Criteria, mentee: &Profile, mentor: &Profile) -> Vec<(Criterion, i64)> {
    let p = points(c, mentee, mentor);
    Criterion::ALL
        .iter()
        .zip(p)
        .map(|(&k, v)| (k, c.weights.get(k) * v))
        .collect()
}

/// Checks the cheap hard constraints (pure attribute comparisons).
fn cheap_allowed(c: &Criteria, e: &Profile, r: &Profile) -> bool {
    let h = &c.hard;
    if e.id == r.id || (h.different_organisation && e.organisation == r.organisation) {
        return false;
    }
    if h.require_goal_overlap && e.goals & r.expertise == 0 {
        return false;
    }
    if h.require_profession_preference
        && (e.profession == r.profession) != (c.profession == ProfessionPreference::Same)
    {
        return false;
    }
    let gap = r.grade - e.grade;
    if h.grade_gap_min.is_some_and(|m| gap < m) || h.grade_gap_max.is_some_and(|m| gap > m) {
        return false;
    }
    if h.require_common_mode && e.modes & r.modes == 0 {
        return false;
    }
    if h.require_common_language && e.languages & r.languages == 0 {
        return false;
    }
    if h.min_availability_overlap > 0
        && (e.availability & r.availability).count_ones() < h.min_availability_overlap
    {
        return false;
    }
    true
}

/// Checks the relational hard constraints (line management, history, conflicts).
fn relational_allowed(h: &HardConstraints, e: &Profile, r: &Profile) -> bool {
    if h.exclude_line_chain {
        let manages = |boss: &Profile, p: &Profile| {
            p.line_manager == Some(boss.id) || p.managers_manager == Some(boss.id)
        };
        if manages(r, e)
            || manages(e, r)
            || (e.line_manager.is_some() && e.line_manager == r.line_manager)
        {
            return false;
        }
    }
    if h.exclude_previous_pairs
        && (e.previous_partners.contains(&r.id) || r.previous_partners.contains(&e.id))
    {
        return false;
    }
    if h.exclude_conflicts && (e.conflicts.contains(&r.id) || r.conflicts.contains(&e.id)) {
        return false;
    }
    true
}

/// True when the pair passes every hard constraint of `c`.
pub fn allowed(c: &Criteria, mentee: &Profile, mentor: &Profile) -> bool {
    cheap_allowed(c, mentee, mentor) && relational_allowed(&c.hard, mentee, mentor)
}

/// A pair model: which (left, right) pairs are allowed and what they score. The directed
/// mentee → mentor model and the reciprocal model (both directions' constraints, the sum of both
/// directions' scores) differ only in their [`Kernel`] and relational check, so the candidate and
/// pricing scans serve both.
struct PairModel<'a> {
    c: &'a Criteria,
    left: &'a [Profile],
    right: &'a [Profile],
    /// Rows are left people, columns right people.
    kernel: Kernel<'a>,
    /// Rows are right people (the mentor-side lists), same scores.
    back: Kernel<'a>,
    symmetric: bool,
}

impl<'a> PairModel<'a> {
    fn directed(c: &'a Criteria, mentees: &'a [Profile], mentors: &'a [Profile]) -> Self {
        Self {
            c,
            left: mentees,
            right: mentors,
            kernel: Kernel::new(c, mentees, mentors, Direction::Forward),
            back: Kernel::new(c, mentors, mentees, Direction::Backward),
            symmetric: false,
        }
    }

    fn reciprocal(c: &'a Criteria, a: &'a [Profile], b: &'a [Profile]) -> Self {
        Self {
            c,
            left: a,
            right: b,
            kernel: Kernel::new(c, a, b, Direction::Both),
            back: Kernel::new(c, b, a, Direction::Both),
            symmetric: true,
        }
    }

    fn left(&self) -> usize {
        self.left.len()
    }

    fn right(&self) -> usize {
        self.right.len()
    }

    /// The checks the kernel leaves out: not the same person, line management, history and
    /// conflicts (in both directions when symmetric). Run only for pairs a scan would keep.
    fn relational(&self, i: usize, j: usize) -> bool {
        let (x, y) = (&self.left[i], &self.right[j]);
        x.id != y.id
            && relational_allowed(&self.c.hard, x, y)
            && (!self.symmetric || relational_allowed(&self.c.hard, y, x))
    }

    fn max_score(&self) -> i64 {
        if self.symmetric {
            2 * self.c.max_score()
        } else {
            self.c.max_score()
        }
    }
}

/// Symmetric score of a reciprocal pair: the sum of both directions.
pub fn reciprocal_score(c: &Criteria, a: &Profile, b: &Profile) -> i64 {
    score(c, a, b) + score(c, b, a)
}

/// Bounded best-`k` list kept in a flat buffer.
///
/// Equal scores are ordered by a hash of the pair, not by index. Profile scores tie massively
/// (hundreds of mentors can give a mentee full points), and with index order every similar
/// mentee listed the *same* lowest-numbered mentors: at 100,000 × 50,000 the first graph could
/// place only 20 % of the mentees and pricing needed ten full scans. A hash spreads the lists
/// over all the tied mentors while staying deterministic (independent of scan order and thread
/// count).
#[derive(Clone)]
struct TopK {
    k: usize,
    /// Global id of list 0 (lists of one worker's chunk start at its first mentee).
    first: u32,
    /// Entries as [`rank_key`]s: a larger key is a better entry.
    items: Vec<u128>,
    count: Vec<u32>,
    worst: Vec<u128>,
    /// Least score a list could still take: `i64::MIN` until it is full, then its worst
    /// score (an equal score may still win the tie). Read by the scans' one-compare filter.
    floor: Vec<i64>,
}

/// The order of `(score, idx)` in the list of `owner` as one integer: higher score first, then
/// a fixed hash of the two ids, then the lower index.
#[inline]
fn rank_key(owner: u32, (score, idx): (i64, u32)) -> u128 {
    let mut x = (u64::from(owner) << 32 | u64::from(idx)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    let tie = (x ^ (x >> 31)) >> 32;
    u128::from((score as u64) ^ (1 << 63)) << 64 | u128::from(tie) << 32 | u128::from(!idx)
}

/// The `(score, idx)` of a [`rank_key`].
#[inline]
fn entry(key: u128) -> (i64, u32) {
    (((key >> 64) as u64 ^ (1 << 63)) as i64, !(key as u32))
}

impl TopK {
    fn new(first: usize, lists: usize, k: usize) -> Self {
        Self {
            k,
            first: first as u32,
            items: vec![0; lists * k],
            count: vec![0; lists],
            worst: vec![0; lists],
            floor: vec![if k == 0 { i64::MAX } else { i64::MIN }; lists],
        }
    }

    #[inline]
    fn would_take(&self, list: usize, e: (i64, u32)) -> bool {
        self.k > 0
            && ((self.count[list] as usize) < self.k
                || e.0 > self.floor[list]
                || (e.0 == self.floor[list]
                    && rank_key(self.first + list as u32, e) > self.worst[list]))
    }

    fn push(&mut self, list: usize, e: (i64, u32)) {
        let key = rank_key(self.first + list as u32, e);
        let base = list * self.k;
        let n = self.count[list] as usize;
        if n < self.k {
            self.items[base + n] = key;
            self.count[list] += 1;
        } else {
            let slot = (base..base + n)
                .find(|&s| self.items[s] == self.worst[list])
                .unwrap_or(base);
            self.items[slot] = key;
        }
        if (self.count[list] as usize) == self.k {
            let w = self.items[base..base + self.k]
                .iter()
                .copied()
                .min()
                .unwrap_or(0);
            self.worst[list] = w;
            self.floor[list] = entry(w).0;
        }
    }

    fn list(&self, list: usize) -> impl Iterator<Item = (i64, u32)> + '_ {
        self.items[list * self.k..list * self.k + self.count[list] as usize]
            .iter()
            .map(|&key| entry(key))
    }
}

/// Right people scored per call of [`Kernel::scores`] (a 2 KiB buffer on the stack).
const BLOCK: usize = 256;

/// Runs `work(lo, hi)` on `threads` contiguous chunks of `0..n` and returns the results in order.
fn in_chunks<T: Send>(n: usize, threads: usize, work: impl Fn(usize, usize) -> T + Sync) -> Vec<T> {
    let threads = threads.clamp(1, n.max(1));
    let chunk = n.div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let work = &work;
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || work((t * chunk).min(n), ((t + 1) * chunk).min(n))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("matching worker panicked"))
            .collect()
    })
}

/// The best `k` allowed partners of every row of `kernel`, as `(row, column, score)`, ranked by
/// score minus the column's `offset` (none: by score).
///
/// Exact (the same lists as scoring every pair, ties included) but pruned: a row visits the
/// layout's groups by decreasing goals part and stops at the first group whose bound is below
/// its list's worst entry, and skips every block whose bound is; blocks are sorted by offset,
/// so a block's scan stops as soon as the bound minus the offset falls below that entry.
/// `allowed(row, column)` is the relational check, asked only of pairs the list would take.
/// Only the rows and columns `rows` and `columns` accept take part.
fn best_lists(
    kernel: &Kernel,
    rows: impl Fn(usize) -> bool + Sync,
    columns: impl Fn(usize) -> bool,
    k: usize,
    offset: Option<&[i64]>,
    threads: usize,
    allowed: impl Fn(usize, usize) -> bool + Sync,
) -> (Vec<(u32, u32, i64)>, u64) {
    if k == 0 {
        return (Vec::new(), 0);
    }
    let layout = Layout::new(kernel, |j| !columns(j), offset.unwrap_or(&[]));
    // Offsets are sorted within blocks, so a block's first member holds its least.
    let group_least: Vec<i64> = layout
        .groups
        .iter()
        .map(|&(_, first, end)| {
            layout.blocks[first as usize..end as usize]
                .iter()
                .map(|b| layout.potential[b.start as usize])
                .min()
                .unwrap_or(0)
        })
        .collect();
    let least = group_least.iter().copied().min().unwrap_or(0);
    let parts = in_chunks(kernel.rows(), threads, |lo, hi| {
        let mut list = TopK::new(lo, hi - lo, k);
        let mut row = kernel.row();
        let mut buf = [0i64; BLOCK];
        let mut scored = 0u64;
        let extra = kernel.assessment_max();
        for r in lo..hi {
            if !rows(r) {
                continue;
            }
            kernel.fill(r, &mut row);
            let mut floor = list.floor[r - lo];
            for &g in row.order() {
                let (_, first, end) = layout.groups[g as usize];
                let bound = row.group_bound(g);
                if bound < 0 || bound - least < floor {
                    break;
                }
                if bound - group_least[g as usize] < floor {
                    continue;
                }
                for block in &layout.blocks[first as usize..end as usize] {
                    let bound = row.bound(block);
                    let (start, end) = (block.start as usize, block.mid as usize);
                    if start == end || bound < 0 || bound - layout.potential[start] < floor {
                        continue;
                    }
                    'block: for at in (start..end).step_by(BLOCK) {
                        let cols = &layout.cols[at..end.min(at + BLOCK)];
                        let buf = &mut buf[..cols.len()];
                        kernel.scores(&row, cols, buf);
                        scored += cols.len() as u64;
                        for (p, &sc) in buf.iter().enumerate() {
                            let off = layout.potential[at + p];
                            if bound - off < floor {
                                break 'block;
                            }
                            if sc < 0 || sc + extra - off < floor {
                                continue;
                            }
                            let c = layout.index[at + p];
                            let e = (sc + kernel.assessment(&row, c as usize) - off, c);
                            if list.would_take(r - lo, e) && allowed(r, c as usize) {
                                list.push(r - lo, e);
                                floor = list.floor[r - lo];
                            }
                        }
                    }
                }
            }
        }
        (list, scored)
    });
    let mut out = Vec::new();
    let mut scored = 0;
    for (list, n) in &parts {
        scored += n;
        for l in 0..list.count.len() {
            for (value, c) in list.list(l) {
                let off = offset.map_or(0, |o| o[c as usize]);
                out.push((list.first + l as u32, c, value + off));
            }
        }
    }
    (out, scored)
}

/// The first candidate graph of a pair model.
struct Candidates {
    arcs: Vec<Arc>,
    /// Each left node's best allowed score ([`NO_ALLOWED_PAIR`] if none), when left lists were
    /// built.
    best: Option<Vec<i64>>,
    /// Pairs the scans scored.
    scored: u64,
}

/// Builds the candidate arcs of a pair model: the top `k_left` mentors of every mentee by score,
/// and the top `k_right` mentees of every mentor by *regret*: score minus the mentee's best
/// score. A mentor's list by plain score holds the mentees everyone ranks high (few goals, all
/// covered), who are placed elsewhere anyway; by regret it holds the mentees who lose least by
/// taking it, which is who an optimal assignment gives an unpopular mentor. Measured at
/// 100,000 × 50,000 (tight capacity): by score the first graph placed 85 % of the mentees.
fn candidates_of(m: &PairModel, k_left: usize, k_right: usize, threads: usize) -> Candidates {
    let arc = |mentee, mentor, score| Arc {
        mentee,
        mentor,
        score,
    };
    let all = |_| true;
    let (lists, by_mentees) = best_lists(&m.kernel, all, all, k_left, None, threads, |i, j| {
        m.relational(i, j)
    });
    let mut arcs: Vec<Arc> = lists.into_iter().map(|(i, j, sc)| arc(i, j, sc)).collect();
    // Each mentee's list holds its best allowed pairs, so its best arc is the highest score any
    // allowed pair of that mentee can have. Without mentee-side lists it is not known.
    let best = (k_left > 0).then(|| {
        let mut best = vec![NO_ALLOWED_PAIR; m.left()];
        for a in &arcs {
            best[a.mentee as usize] = best[a.mentee as usize].max(a.score);
        }
        best
    });
    // A mentee with no allowed pair gets an offset no score can overcome (it has no allowed
    // pair to rank anyway).
    let regret: Option<Vec<i64>> = best.as_ref().map(|b| {
        b.iter()
            .map(|&s| if s == NO_ALLOWED_PAIR { 1 << 50 } else { s })
            .collect()
    });
    let (lists, by_mentors) = best_lists(
        &m.back,
        all,
        all,
        k_right,
        regret.as_deref(),
        threads,
        |j, i| m.relational(i, j),
    );
    arcs.extend(lists.into_iter().map(|(j, i, sc)| arc(i, j, sc)));
    arcs.sort_unstable_by_key(|a| (a.mentee, a.mentor));
    arcs.dedup_by_key(|a| (a.mentee, a.mentor));
    Candidates {
        arcs,
        best,
        scored: by_mentees + by_mentors,
    }
}

/// Pairs whose dual constraint the certificate violates: an allowed pair `(i, j, s)` is violated
/// when `u_i + v_j < (1, s)`. Keeps the `per_side` most violated pairs of every left node *and*
/// of every right node (among the pairs the left nodes' scans meet, so an unused mentor gets
/// candidates too, as in the first graph). Pairs with both cover bits clear (they could raise
/// the number placed) rank first, by score; then the others by how much they violate.
///
/// The scan of a left node uses the layout's bounds: a pair can only violate the certificate if
/// its block's bound (capped by the node's best score `best`) exceeds `p_i + q_j`, and each
/// block is sorted by potential, so the scan of a block stops at the first mentor whose
/// potential is too high; groups are visited by decreasing bound and the scan stops when no
/// later group can hold a violation.
fn violations(
    m: &PairModel,
    best: Option<&[i64]>,
    a: &Assignment,
    per_side: usize,
    threads: usize,
) -> (Vec<Arc>, u64) {
    let (nl, nr) = (m.left(), m.right());
    let cert = &a.certificate;
    let max_score = m.max_score();
    // Uncovered mentors first in every block, each part by increasing potential.
    let layout = Layout::new(&m.kernel, |j| cert.mentor_cover[j], &cert.mentor_potential);
    let least = |cover: bool| {
        (0..nr)
            .filter(|&j| cert.mentor_cover[j] == cover)
            .map(|j| cert.mentor_potential[j])
            .min()
            .unwrap_or(i64::MAX)
    };
    let (least_open, least_covered) = (least(false), least(true));
    const CARDINALITY: i64 = 1 << 60;
    let k = per_side.max(1);
    let threads = threads.clamp(1, nl.max(1));
    let parts = in_chunks(nl, threads, |lo, hi| {
        let mut left = TopK::new(lo, hi - lo, k);
        let mut right = TopK::new(0, nr, k);
        let mut scanned = 0u64;
        let mut row = m.kernel.row();
        let mut buf = [0i64; BLOCK];
        let extra = m.kernel.assessment_max();
        let mut consider = |i: usize, j: u32, prio: i64, left: &mut TopK| {
            if prio < left.floor[i - lo] && prio < right.floor[j as usize] {
                return;
            }
            let wl = left.would_take(i - lo, (prio, j));
            let wr = right.would_take(j as usize, (prio, i as u32));
            if (wl || wr) && m.relational(i, j as usize) {
                if wl {
                    left.push(i - lo, (prio, j));
                }
                if wr {
                    right.push(j as usize, (prio, i as u32));
                }
            }
        };
        for i in lo..hi {
            let top = best.map_or(max_score, |b| b[i]);
            if top == NO_ALLOWED_PAIR {
                continue;
            }
            m.kernel.fill(i, &mut row);
            let pi = cert.mentee_potential[i];
            let open = !cert.mentee_cover[i];
            // A covered mentee can only violate with open mentors, an open one with covered
            // mentors (by score) and with open ones (by cardinality, any allowed pair).
            let least_q = if open { least_covered } else { least_open };
            for &g in row.order() {
                let (class, first, end) = layout.groups[g as usize];
                let group = row.group_bound(class);
                if group < 0 {
                    break;
                }
                let by_score = group.min(top) > pi.saturating_add(least_q);
                let by_count = open && CARDINALITY + group >= left.floor[i - lo];
                if !by_score && !by_count {
                    break;
                }
                for block in &layout.blocks[first as usize..end as usize] {
                    let bound = row.bound(block);
                    if bound < 0 {
                        continue;
                    }
                    let capped = bound.min(top);
                    let (start, mid, end) =
                        (block.start as usize, block.mid as usize, block.end as usize);
                    let scored = if open { mid..end } else { start..mid };
                    for p in scored {
                        let q = pi.saturating_add(layout.potential[p]);
                        if q >= capped {
                            break;
                        }
                        scanned += 1;
                        let sc = m.kernel.score(&row, &layout.cols[p]);
                        if sc < 0 || sc + extra <= q {
                            continue;
                        }
                        let j = layout.index[p];
                        let sc = sc + m.kernel.assessment(&row, j as usize);
                        if sc > q {
                            consider(i, j, (sc - q).min(CARDINALITY - 1), &mut left);
                        }
                    }
                    if !open || CARDINALITY + bound < left.floor[i - lo] {
                        continue;
                    }
                    for at in (start..mid).step_by(BLOCK) {
                        let cols = &layout.cols[at..mid.min(at + BLOCK)];
                        let buf = &mut buf[..cols.len()];
                        m.kernel.scores(&row, cols, buf);
                        scanned += cols.len() as u64;
                        for (p, &sc) in buf.iter().enumerate() {
                            if sc >= 0 {
                                let j = layout.index[at + p];
                                let sc = sc + m.kernel.assessment(&row, j as usize);
                                consider(i, j, CARDINALITY + sc, &mut left);
                            }
                        }
                    }
                }
            }
        }
        (left, right, scanned)
    });
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut scanned = 0;
    let mut merged = TopK::new(0, nr, k);
    for (left, right, sc) in &parts {
        scanned += sc;
        for l in 0..left.count.len() {
            for (_, j) in left.list(l) {
                pairs.push((left.first + l as u32, j));
            }
        }
        for j in 0..nr {
            for e in right.list(j) {
                if merged.would_take(j, e) {
                    merged.push(j, e);
                }
            }
        }
    }
    for j in 0..nr {
        for (_, i) in merged.list(j) {
            pairs.push((i, j as u32));
        }
    }
    // The mentee scans stop at each open mentee's best few open mentors, so the mentors no one
    // ranks high (often the ones with places to spare) would get no arc; the cardinality pairs
    // seen from the open mentors' side give each of them its best open mentees.
    if cert.mentee_cover.iter().any(|&c| !c) {
        let (lists, n) = best_lists(
            &m.back,
            |j| !cert.mentor_cover[j],
            |i| !cert.mentee_cover[i],
            k,
            None,
            threads,
            |j, i| m.relational(i, j),
        );
        scanned += n;
        pairs.extend(lists.into_iter().map(|(j, i, _)| (i, j)));
    }
    pairs.sort_unstable();
    pairs.dedup();
    let arcs = pairs
        .into_iter()
        .map(|(i, j)| Arc {
            mentee: i,
            mentor: j,
            score: m.kernel.pair(i as usize, j as usize),
        })
        .collect();
    (arcs, scanned)
}

/// Counters of a profile-driven match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchStats {
    /// Arcs of the first candidate graph.
    pub candidate_arcs: usize,
    /// Pricing scans run (the last one found no violation).
    pub pricing_rounds: usize,
    /// Arcs added by pricing.
    pub arcs_added: usize,
    /// Pairs whose score the pricing scans evaluated (the rest were excluded by dual bounds).
    pub pairs_scanned: u64,
    /// Pairs whose score the candidate scans evaluated (the rest were excluded by list bounds).
    pub candidate_pairs_scored: u64,
}

/// The result of a profile-driven match.
#[derive(Clone, Debug)]
pub struct MatchResult {
    /// The final candidate graph (first candidates plus the arcs pricing added).
    pub problem: SparseProblem,
    pub assignment: Assignment,
    /// True when the certificate was verified on the graph and no allowed pair of the full
    /// problem violates it: the assignment is optimal among *all* allowed pairs.
    pub optimal_for_full_problem: bool,
    pub stats: MatchStats,
}

/// A mentee's best score when it has no allowed pair at all (nothing to price).
const NO_ALLOWED_PAIR: i64 = i64::MIN;

/// Upper bound on pricing rounds; each round adds at least one arc, and in practice one or two
/// rounds suffice, so hitting it means something is wrong.
const MAX_PRICING_ROUNDS: usize = 64;

fn solve_priced(
    m: &PairModel,
    capacities: Vec<u32>,
    c: &Criteria,
) -> Result<MatchResult, CandidateError> {
    let threads = c.threads();
    let Candidates { arcs, best, scored } =
        candidates_of(m, c.k_per_mentee, c.k_per_mentor, threads);
    // A mentee's best allowed score is a much tighter stop for the pricing scan than the model's
    // global maximum.
    let mut stats = MatchStats {
        candidate_arcs: arcs.len(),
        candidate_pairs_scored: scored,
        ..MatchStats::default()
    };
    let mut problem = SparseProblem {
        mentees: m.left(),
        capacities,
        arcs,
    };
    for _ in 0..MAX_PRICING_ROUNDS {
        let assignment = assign::solve_sparse(&problem)?;
        let (add, scanned) = violations(
            m,
            best.as_deref(),
            &assignment,
            c.k_per_mentee.max(c.k_per_mentor).max(1),
            threads,
        );
        stats.pricing_rounds += 1;
        stats.pairs_scanned += scanned;

        if add.is_empty() {
            let optimal = assignment.optimal;
            return Ok(MatchResult {
                problem,
                assignment,
                optimal_for_full_problem: optimal,
                stats,
            });
        }
        stats.arcs_added += add.len();
        problem.arcs.extend(add);
        problem.arcs.sort_unstable_by_key(|a| (a.mentee, a.mentor));
    }
    Err(CandidateError::Pricing(MAX_PRICING_ROUNDS))
}

/// The sparse candidate graph of `mentees` × `mentors` (capacities from the mentors' profiles).
pub fn build_candidates(
    mentees: &[Profile],
    mentors: &[Profile],
    c: &Criteria,
) -> Result<SparseProblem, CandidateError> {
    c.validate()?;
    let m = PairModel::directed(c, mentees, mentors);
    let arcs = candidates_of(&m, c.k_per_mentee, c.k_per_mentor, c.threads()).arcs;
    Ok(SparseProblem {
        mentees: mentees.len(),
        capacities: mentors.iter().map(|r| r.capacity).collect(),
        arcs,
    })
}

/// Candidates, exact solve and pricing: the assignment is optimal for the full problem (every
/// allowed pair), most mentees placed first, then the highest total score.
pub fn match_people(
    mentees: &[Profile],
    mentors: &[Profile],
    c: &Criteria,
) -> Result<MatchResult, CandidateError> {
    c.validate()?;
    let m = PairModel::directed(c, mentees, mentors);
    solve_priced(&m, mentors.iter().map(|r| r.capacity).collect(), c)
}

/// Reciprocal pairing of two groups (e.g. clinicians ↔ managers): one partner each, symmetric
/// score, hard constraints checked in both directions; `a[i]` plays the mentee side.
pub fn match_reciprocal(
    a: &[Profile],
    b: &[Profile],
    c: &Criteria,
) -> Result<MatchResult, CandidateError> {
    c.validate()?;
    let m = PairModel::reciprocal(c, a, b);
    solve_priced(&m, vec![1; b.len()], c)
}
