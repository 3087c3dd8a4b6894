//! From profiles to candidates: the product path of profile-driven matching.
//!
//! 1. **Hard constraints are filters** ([`allowed`]): a forbidden pair never becomes an arc.
//! 2. **Scores are weighted criteria** ([`score`], explained by [`explain`] as a per-criterion
//!    breakdown that sums exactly to the score). Every criterion is an integer in `0..=1000`
//!    times its programme weight, so scores are exact integers and solvers agree bit for bit.
//! 3. **Sparse candidate graph without a dense matrix** ([`build_candidates`]): every pair is
//!    scored on the fly (in parallel over mentee chunks with `std::thread::scope`), keeping the
//!    top `k` mentors of each mentee *and* the top `k` mentees of each mentor (reverse kNN), so an
//!    under-subscribed mentor stays reachable.
//! 4. **Lee & Orlin pricing** ([`match_people`]): solve the sparse problem, then scan every
//!    allowed pair of the full problem against the certificate's duals; a pair whose dual
//!    constraint is violated is added and the problem re-solved, until none is violated. The
//!    final certificate then holds for every allowed pair, so the assignment is proven optimal for
//!    the *full* problem, not just the candidate graph.
//!
//! Reciprocal pairing of two groups ([`match_reciprocal`]) uses the same machinery with a
//! symmetric score (the sum of both directions), both directions' hard constraints, and
//! capacity 1 on both sides.

mod synthetic;

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
    fn get(&self, c: Criterion) -> i64 {
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

/// A pair scorer on compact per-person records with look-up tables for every division, so a
/// pair costs a few loads, `popcount`s and adds, and the left person's fields stay in registers
/// across a row. It computes exactly [`score`] and the cheap half of [`allowed`] (same formulas;
/// the tables are filled from them); tests compare the graph's scores with [`score`].
struct Scorer<'a> {
    c: &'a Criteria,
    goals: Vec<i64>,
    grade: Vec<i64>,
    avail: Vec<i64>,
    assess: Vec<i64>,
    prof_same: i64,
    prof_diff: i64,
    lang: i64,
    mode: i64,
}

/// The attributes the cheap checks and the score read, packed in one record per person.
#[derive(Clone, Copy)]
struct Rec {
    id: u64,
    goals: u64,
    expertise: u64,
    langs: u64,
    avail: u128,
    org: u32,
    grade: i32,
    prof: u32,
    goal_count: u32,
    modes: u8,
    has_assess: bool,
    assess: [u8; ASSESSMENT_SCALES],
}

fn records(people: &[Profile]) -> Vec<Rec> {
    people
        .iter()
        .map(|p| Rec {
            id: p.id,
            goals: p.goals,
            expertise: p.expertise,
            langs: p.languages,
            avail: p.availability,
            org: p.organisation,
            grade: p.grade,
            prof: p.profession,
            goal_count: p.goals.count_ones(),
            modes: p.modes,
            has_assess: p.assessment.is_some(),
            assess: p.assessment.unwrap_or([0; ASSESSMENT_SCALES]),
        })
        .collect()
}

const GRADE_LUT: usize = 1024;

impl<'a> Scorer<'a> {
    fn new(c: &'a Criteria) -> Self {
        let w = c.weights;
        let mut goals = vec![0i64; 65 * 65];
        for g in 1..=64i64 {
            for m in 0..=g {
                goals[(g * 65 + m) as usize] = w.goals * (FULL_POINTS * m / g);
            }
        }
        let grade = (0..GRADE_LUT as i64)
            .map(|x| w.grade_gap * (FULL_POINTS / (1 + x)))
            .collect();
        let target = i64::from(c.availability_target);
        let avail = (0..=128i64)
            .map(|o| w.availability * (FULL_POINTS * o.min(target) / target))
            .collect();
        let max = 255 * ASSESSMENT_SCALES as i64;
        let assess = (0..=max)
            .map(|l1| {
                w.assessment
                    * match c.assessment {
                        AssessmentUse::Similarity => FULL_POINTS - FULL_POINTS * l1 / max,
                        AssessmentUse::Complementarity => FULL_POINTS * l1 / max,
                    }
            })
            .collect();
        let same = c.profession == ProfessionPreference::Same;
        Self {
            c,
            goals,
            grade,
            avail,
            assess,
            prof_same: if same { w.profession * FULL_POINTS } else { 0 },
            prof_diff: if same { 0 } else { w.profession * FULL_POINTS },
            lang: w.language * FULL_POINTS,
            mode: w.mode * FULL_POINTS,
        }
    }

    /// Score of `e` (goals side) → `r` (expertise side) when the cheap constraints pass.
    #[inline(always)]
    fn eval(&self, e: &Rec, r: &Rec) -> Option<i64> {
        let h = &self.c.hard;
        let shared_avail = (e.avail & r.avail).count_ones();
        let gap = r.grade - e.grade;
        if e.id == r.id
            || (h.different_organisation && e.org == r.org)
            || h.grade_gap_min.is_some_and(|m| gap < m)
            || h.grade_gap_max.is_some_and(|m| gap > m)
            || (h.require_common_mode && e.modes & r.modes == 0)
            || (h.require_common_language && e.langs & r.langs == 0)
            || shared_avail < h.min_availability_overlap
            || (h.require_goal_overlap && e.goals & r.expertise == 0)
            || (h.require_profession_preference
                && (e.prof == r.prof) != (self.c.profession == ProfessionPreference::Same))
        {
            return None;
        }
        let m = (e.goals & r.expertise).count_ones() as usize;
        let mut s = self.goals[(e.goal_count as usize * 65 + m).min(65 * 65 - 1)];
        let dev = (i64::from(gap) - i64::from(self.c.ideal_grade_gap)).unsigned_abs() as usize;
        s += if dev < GRADE_LUT {
            self.grade[dev]
        } else {
            self.c.weights.grade_gap * (FULL_POINTS / (1 + dev as i64))
        };
        s += if e.prof == r.prof {
            self.prof_same
        } else {
            self.prof_diff
        };
        s += self.avail[(shared_avail as usize).min(128)];
        s += if e.langs & r.langs != 0 { self.lang } else { 0 };
        s += if e.modes & r.modes != 0 { self.mode } else { 0 };
        if e.has_assess && r.has_assess {
            let l1: usize = e
                .assess
                .iter()
                .zip(&r.assess)
                .map(|(&x, &y)| usize::from(x.abs_diff(y)))
                .sum();
            s += self.assess[l1];
        }
        Some(s)
    }
}

/// A pair model: which (left, right) pairs are allowed and what they score. The directed
/// mentee → mentor model and the reciprocal model share the candidate and pricing code.
trait PairModel: Sync {
    /// Score when the cheap constraints pass, `None` otherwise. Called once per pair in the
    /// scans, so implementations keep it inlinable.
    fn left(&self) -> usize;
    fn right(&self) -> usize;
    fn cheap(&self, i: usize, j: usize) -> Option<i64>;
    fn relational(&self, i: usize, j: usize) -> bool;
    fn max_score(&self) -> i64;
}

struct Directed<'a> {
    c: &'a Criteria,
    e: &'a [Profile],
    r: &'a [Profile],
    fast: Scorer<'a>,
    er: Vec<Rec>,
    rr: Vec<Rec>,
}

impl<'a> Directed<'a> {
    fn new(c: &'a Criteria, e: &'a [Profile], r: &'a [Profile]) -> Self {
        Self {
            c,
            e,
            r,
            fast: Scorer::new(c),
            er: records(e),
            rr: records(r),
        }
    }
}

impl PairModel for Directed<'_> {
    fn left(&self) -> usize {
        self.e.len()
    }
    fn right(&self) -> usize {
        self.r.len()
    }
    #[inline(always)]
    fn cheap(&self, i: usize, j: usize) -> Option<i64> {
        self.fast.eval(&self.er[i], &self.rr[j])
    }
    fn relational(&self, i: usize, j: usize) -> bool {
        relational_allowed(&self.c.hard, &self.e[i], &self.r[j])
    }
    fn max_score(&self) -> i64 {
        self.c.max_score()
    }
}

struct Reciprocal<'a> {
    c: &'a Criteria,
    a: &'a [Profile],
    b: &'a [Profile],
    fast: Scorer<'a>,
    ar: Vec<Rec>,
    br: Vec<Rec>,
}

impl<'a> Reciprocal<'a> {
    fn new(c: &'a Criteria, a: &'a [Profile], b: &'a [Profile]) -> Self {
        Self {
            c,
            a,
            b,
            fast: Scorer::new(c),
            ar: records(a),
            br: records(b),
        }
    }
}

impl PairModel for Reciprocal<'_> {
    fn left(&self) -> usize {
        self.a.len()
    }
    fn right(&self) -> usize {
        self.b.len()
    }
    #[inline(always)]
    fn cheap(&self, i: usize, j: usize) -> Option<i64> {
        let (x, y) = (&self.ar[i], &self.br[j]);
        Some(self.fast.eval(x, y)? + self.fast.eval(y, x)?)
    }
    fn relational(&self, i: usize, j: usize) -> bool {
        relational_allowed(&self.c.hard, &self.a[i], &self.b[j])
            && relational_allowed(&self.c.hard, &self.b[j], &self.a[i])
    }
    fn max_score(&self) -> i64 {
        2 * self.c.max_score()
    }
}

/// Symmetric score of a reciprocal pair: the sum of both directions.
pub fn reciprocal_score(c: &Criteria, a: &Profile, b: &Profile) -> i64 {
    score(c, a, b) + score(c, b, a)
}

/// Bounded best-`k` list kept in a flat buffer; ties broken towards the lower index so results
/// do not depend on scan order or thread count.
#[derive(Clone)]
struct TopK {
    k: usize,
    items: Vec<(i64, u32)>,
    count: Vec<u32>,
    worst: Vec<(i64, u32)>,
}

/// `(score, index)` ordering: higher score first, then lower index.
#[inline]
fn better(a: (i64, u32), b: (i64, u32)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

impl TopK {
    fn new(lists: usize, k: usize) -> Self {
        Self {
            k,
            items: vec![(0, 0); lists * k],
            count: vec![0; lists],
            worst: vec![(i64::MIN, u32::MAX); lists],
        }
    }

    #[inline]
    fn would_take(&self, list: usize, e: (i64, u32)) -> bool {
        self.k > 0 && ((self.count[list] as usize) < self.k || better(e, self.worst[list]))
    }

    fn push(&mut self, list: usize, e: (i64, u32)) {
        let base = list * self.k;
        let n = self.count[list] as usize;
        if n < self.k {
            self.items[base + n] = e;
            self.count[list] += 1;
        } else {
            let slot = (base..base + n)
                .find(|&s| self.items[s] == self.worst[list])
                .unwrap_or(base);
            self.items[slot] = e;
        }
        if (self.count[list] as usize) == self.k {
            let mut w = self.items[base];
            for &x in &self.items[base + 1..base + self.k] {
                if better(w, x) {
                    w = x;
                }
            }
            self.worst[list] = w;
        }
    }

    fn list(&self, list: usize) -> &[(i64, u32)] {
        &self.items[list * self.k..list * self.k + self.count[list] as usize]
    }
}

/// Builds the candidate arcs of a pair model: top-k per left and per right, union, sorted.
fn candidates_of<M: PairModel>(m: &M, k_left: usize, k_right: usize, threads: usize) -> Vec<Arc> {
    let (nl, nr) = (m.left(), m.right());
    let threads = threads.clamp(1, nl.max(1));
    let chunk = nl.div_ceil(threads).max(1);
    let parts: Vec<(TopK, TopK)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let lo = (t * chunk).min(nl);
                    let hi = ((t + 1) * chunk).min(nl);
                    let mut left = TopK::new(hi - lo, k_left);
                    let mut right = TopK::new(nr, k_right);
                    for i in lo..hi {
                        for j in 0..nr {
                            let Some(sc) = m.cheap(i, j) else { continue };
                            let want_l = left.would_take(i - lo, (sc, j as u32));
                            let want_r = right.would_take(j, (sc, i as u32));
                            if (want_l || want_r) && m.relational(i, j) {
                                if want_l {
                                    left.push(i - lo, (sc, j as u32));
                                }
                                if want_r {
                                    right.push(j, (sc, i as u32));
                                }
                            }
                        }
                    }
                    (left, right)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("candidate worker panicked"))
            .collect()
    });
    let mut arcs: Vec<Arc> = Vec::new();
    for (t, (left, _)) in parts.iter().enumerate() {
        let lo = t * chunk;
        for l in 0..left.count.len() {
            for &(sc, j) in left.list(l) {
                arcs.push(Arc {
                    mentee: (lo + l) as u32,
                    mentor: j,
                    score: sc,
                });
            }
        }
    }
    // Merge the per-thread mentor-side lists into one best-k per right node.
    let mut merged = TopK::new(nr, k_right);
    for (_, right) in &parts {
        for j in 0..nr {
            for &e in right.list(j) {
                if merged.would_take(j, e) {
                    merged.push(j, e);
                }
            }
        }
    }
    for j in 0..nr {
        for &(sc, i) in merged.list(j) {
            arcs.push(Arc {
                mentee: i,
                mentor: j as u32,
                score: sc,
            });
        }
    }
    arcs.sort_unstable_by_key(|a| (a.mentee, a.mentor));
    arcs.dedup_by_key(|a| (a.mentee, a.mentor));
    arcs
}

/// Pairs whose dual constraint the certificate violates: an allowed pair `(i, j, s)` is violated
/// when `u_i + v_j < (1, s)`. Keeps the `per_side` most violated pairs of every left node *and*
/// of every right node (so an unused mentor gets candidates too, as in the first graph). Pairs
/// with both cover bits clear (they could raise the number placed) rank first, by score; then
/// the others by how much they violate.
fn violations<M: PairModel>(
    m: &M,
    best: Option<&[i64]>,
    a: &Assignment,
    per_side: usize,
    threads: usize,
) -> (Vec<Arc>, u64) {
    let (nl, nr) = (m.left(), m.right());
    let cert = &a.certificate;
    let max_score = m.max_score();
    // Right nodes split by cover bit and sorted by potential, so the scan of a left node stops
    // as soon as `p_i + q_j` reaches the highest score it can have (`best`, else the model's).
    let sorted = |cover: bool| {
        let mut v: Vec<u32> = (0..nr as u32)
            .filter(|&j| cert.mentor_cover[j as usize] == cover)
            .collect();
        v.sort_unstable_by_key(|&j| (cert.mentor_potential[j as usize], j));
        v
    };
    let (uncovered, covered) = (sorted(false), sorted(true));
    const CARDINALITY: i64 = 1 << 60;
    let k = per_side.max(1);
    let threads = threads.clamp(1, nl.max(1));
    let chunk = nl.div_ceil(threads).max(1);
    let parts: Vec<(TopK, TopK, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (uncovered, covered) = (&uncovered, &covered);
                s.spawn(move || {
                    let lo = (t * chunk).min(nl);
                    let hi = ((t + 1) * chunk).min(nl);
                    let mut left = TopK::new(hi - lo, k);
                    let mut right = TopK::new(nr, k);
                    let mut scanned = 0u64;
                    let consider =
                        |i: usize, j: u32, prio: i64, left: &mut TopK, right: &mut TopK| {
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
                        let pi = i128::from(cert.mentee_potential[i]);
                        let (zero, one): (&[u32], &[u32]) = if cert.mentee_cover[i] {
                            (&[], uncovered)
                        } else {
                            (uncovered, covered)
                        };
                        for &j in zero {
                            scanned += 1;
                            if let Some(sc) = m.cheap(i, j as usize) {
                                consider(i, j, CARDINALITY + sc, &mut left, &mut right);
                            }
                        }
                        for &j in one {
                            let bound = pi + i128::from(cert.mentor_potential[j as usize]);
                            if bound >= i128::from(top) {
                                break;
                            }
                            scanned += 1;
                            if let Some(sc) = m.cheap(i, j as usize)
                                && i128::from(sc) > bound
                            {
                                let amount = (i128::from(sc) - bound)
                                    .min(i128::from(CARDINALITY - 1))
                                    as i64;
                                consider(i, j, amount, &mut left, &mut right);
                            }
                        }
                    }
                    (left, right, scanned)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("pricing worker panicked"))
            .collect()
    });
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut scanned = 0;
    let mut merged = TopK::new(nr, k);
    for (t, (left, right, sc)) in parts.iter().enumerate() {
        scanned += sc;
        for l in 0..left.count.len() {
            for &(_, j) in left.list(l) {
                pairs.push(((t * chunk + l) as u32, j));
            }
        }
        for j in 0..nr {
            for &e in right.list(j) {
                if merged.would_take(j, e) {
                    merged.push(j, e);
                }
            }
        }
    }
    for j in 0..nr {
        for &(_, i) in merged.list(j) {
            pairs.push((i, j as u32));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let arcs = pairs
        .into_iter()
        .map(|(i, j)| Arc {
            mentee: i,
            mentor: j,
            score: m.cheap(i as usize, j as usize).unwrap_or(0),
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

fn solve_priced<M: PairModel>(
    m: &M,
    capacities: Vec<u32>,
    c: &Criteria,
) -> Result<MatchResult, CandidateError> {
    let threads = c.threads();
    let arcs = candidates_of(m, c.k_per_mentee, c.k_per_mentor, threads);
    // Each mentee's list holds its best allowed pairs, so its best arc is the highest score any
    // allowed pair of that mentee can have: a much tighter stop for the pricing scan than the
    // model's global maximum. Without mentee-side lists only the global bound is known.
    let best = (c.k_per_mentee > 0).then(|| {
        let mut best = vec![NO_ALLOWED_PAIR; m.left()];
        for a in &arcs {
            best[a.mentee as usize] = best[a.mentee as usize].max(a.score);
        }
        best
    });
    let mut stats = MatchStats {
        candidate_arcs: arcs.len(),
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
    let m = Directed::new(c, mentees, mentors);
    let arcs = candidates_of(&m, c.k_per_mentee, c.k_per_mentor, c.threads());
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
    let m = Directed::new(c, mentees, mentors);
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
    let m = Reciprocal::new(c, a, b);
    solve_priced(&m, vec![1; b.len()], c)
}
