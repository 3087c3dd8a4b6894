//! The pair kernel: the score and cheap hard constraints of one (left, right) pair in a handful of
//! loads, two `popcount`s and adds.
//!
//! End to end at 100,000 × 50,000 every scan touches up to 5 G pairs, so the cost of one pair
//! decides the whole run. The kernel splits a pair's score into parts that each depend on one
//! *class* of the right person, plus the availability overlap:
//!
//! * goals ↔ expertise (class: the right person's goals and expertise),
//! * grade gap and profession (class: grade and profession),
//! * language and mode (class: languages and modes),
//! * availability (the shared-slot count, one table for everyone),
//! * assessment (per pair, only when its weight is not 0).
//!
//! A left person's [`Row`] holds one small table per class (a few hundred entries, filled once per
//! row from the same formulas as [`super::score`]), so the inner loop over right people reads
//! three table entries instead of evaluating the criteria. A part that breaks a hard constraint is
//! [`FORBID`], so one sign test replaces the chain of checks. Organisation is compared per pair;
//! the rare same-person pair is left to the relational check.

use super::{
    ASSESSMENT_SCALES, AssessmentUse, Criteria, FULL_POINTS, ProfessionPreference, Profile,
};
use std::collections::HashMap;

/// Value of a part that breaks a hard constraint. Any sum containing it is negative: at most
/// eight parts are added (two directions), each real part is below 2^36, and 8 × 2^56 < 2^63.
pub(super) const FORBID: i64 = -(1 << 56);

const GRADE_LUT: usize = 1024;

/// The attributes the cheap checks and the score read, packed in one record per person.
#[derive(Clone, Copy)]
pub(super) struct Rec {
    goals: u64,
    expertise: u64,
    langs: u64,
    avail: u128,
    org: u32,
    grade: i32,
    prof: u32,
    goal_count: u32,
    modes: u8,
    assess: Option<[u8; ASSESSMENT_SCALES]>,
}

impl Rec {
    fn of(p: &Profile) -> Self {
        Self {
            goals: p.goals,
            expertise: p.expertise,
            langs: p.languages,
            avail: p.availability,
            org: p.organisation,
            grade: p.grade,
            prof: p.profession,
            goal_count: p.goals.count_ones(),
            modes: p.modes,
            assess: p.assessment,
        }
    }
}

/// Look-up tables for every division of the criteria, and the parts of a directed pair score
/// (`e` on the goals side, `r` on the expertise side). Each part is the same formula as
/// [`super::points`] times its weight, or [`FORBID`].
struct Parts<'a> {
    c: &'a Criteria,
    goals: Vec<i64>,
    grade: Vec<i64>,
    /// By shared-slot count (0..=128), [`FORBID`] below the least overlap required.
    avail: Vec<i64>,
    assess: Vec<i64>,
    prof_same: i64,
    prof_diff: i64,
    lang: i64,
    mode: i64,
}

impl<'a> Parts<'a> {
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
            .map(|o| {
                if o < i64::from(c.hard.min_availability_overlap) {
                    FORBID
                } else {
                    w.availability * (FULL_POINTS * o.min(target) / target)
                }
            })
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

    fn goals(&self, e: &Rec, r: &Rec) -> i64 {
        let shared = e.goals & r.expertise;
        if self.c.hard.require_goal_overlap && shared == 0 {
            return FORBID;
        }
        self.goals[(e.goal_count as usize * 65 + shared.count_ones() as usize).min(65 * 65 - 1)]
    }

    fn grade_profession(&self, e: &Rec, r: &Rec) -> i64 {
        let h = &self.c.hard;
        let gap = i64::from(r.grade) - i64::from(e.grade);
        if h.grade_gap_min.is_some_and(|m| gap < i64::from(m))
            || h.grade_gap_max.is_some_and(|m| gap > i64::from(m))
        {
            return FORBID;
        }
        let same = e.prof == r.prof;
        if h.require_profession_preference
            && same != (self.c.profession == ProfessionPreference::Same)
        {
            return FORBID;
        }
        let dev = (gap - i64::from(self.c.ideal_grade_gap)).unsigned_abs();
        let grade = if dev < GRADE_LUT as u64 {
            self.grade[dev as usize]
        } else {
            self.c.weights.grade_gap * (FULL_POINTS / (1 + dev as i64))
        };
        grade + if same { self.prof_same } else { self.prof_diff }
    }

    fn language_mode(&self, e: &Rec, r: &Rec) -> i64 {
        let h = &self.c.hard;
        let lang = e.langs & r.langs != 0;
        let mode = e.modes & r.modes != 0;
        if (h.require_common_language && !lang) || (h.require_common_mode && !mode) {
            return FORBID;
        }
        (if lang { self.lang } else { 0 }) + if mode { self.mode } else { 0 }
    }

    fn assessment(&self, e: &Rec, r: &Rec) -> i64 {
        match (&e.assess, &r.assess) {
            (Some(a), Some(b)) => {
                let l1: usize = a
                    .iter()
                    .zip(b)
                    .map(|(&x, &y)| usize::from(x.abs_diff(y)))
                    .sum();
                self.assess[l1]
            }
            _ => 0,
        }
    }

    fn availability(&self, e: &Rec, r: &Rec) -> i64 {
        self.avail[(e.avail & r.avail).count_ones() as usize]
    }
}

/// The hot fields of one right person, 32 bytes, read in order by the inner loops.
#[derive(Clone, Copy)]
pub(super) struct Col {
    avail_lo: u64,
    avail_hi: u64,
    /// Class ids of the goals, grade/profession and language/mode parts.
    goals_class: u32,
    org: u32,
    grade_class: u32,
    lang_class: u32,
}

/// Everything the scans need to score pairs of one pair model: the left people's records, the
/// right people's hot columns and one representative record per class.
pub(super) struct Kernel<'a> {
    parts: Parts<'a>,
    direction: Direction,
    left: Vec<Rec>,
    right: Vec<Rec>,
    pub(super) cols: Vec<Col>,
    goals_reps: Vec<Rec>,
    grade_reps: Vec<Rec>,
    lang_reps: Vec<Rec>,
    /// Goals class of each left person (rows of one class share their goals table).
    left_goals_class: Vec<u32>,
    left_goals_classes: usize,
    /// Availability part by shared-slot count, both directions added when symmetric.
    avail: Box<[i64; 129]>,
    avail_max: i64,
    different_organisation: bool,
    with_assessment: bool,
}

/// Which side of a kernel's pairs is on the goals side of the score.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Left people are mentees (the forward scan of directed matching).
    Forward,
    /// Right people are mentees (the mentor-side scan of directed matching).
    Backward,
    /// Both directions added (reciprocal pairing).
    Both,
}

/// Dense class ids of `key` over `right`, with one representative record per class.
fn classes<K: std::hash::Hash + Eq>(
    right: &[Rec],
    key: impl Fn(&Rec) -> K,
) -> (Vec<u32>, Vec<Rec>) {
    let mut ids: HashMap<K, u32> = HashMap::new();
    let mut reps = Vec::new();
    let of = right
        .iter()
        .map(|r| {
            *ids.entry(key(r)).or_insert_with(|| {
                reps.push(*r);
                (reps.len() - 1) as u32
            })
        })
        .collect();
    (of, reps)
}

impl<'a> Kernel<'a> {
    pub(super) fn new(
        c: &'a Criteria,
        left: &[Profile],
        right: &[Profile],
        direction: Direction,
    ) -> Self {
        let left: Vec<Rec> = left.iter().map(Rec::of).collect();
        let right: Vec<Rec> = right.iter().map(Rec::of).collect();
        let (goals_of, goals_reps) = classes(&right, |r| (r.goals, r.expertise));
        let (grade_of, grade_reps) = classes(&right, |r| (r.grade, r.prof));
        let (lang_of, lang_reps) = classes(&right, |r| (r.langs, r.modes));
        let (left_goals_class, left_reps) = classes(&left, |r| (r.goals, r.expertise));
        let left_goals_classes = left_reps.len();
        let cols = right
            .iter()
            .enumerate()
            .map(|(j, r)| Col {
                avail_lo: r.avail as u64,
                avail_hi: (r.avail >> 64) as u64,
                goals_class: goals_of[j],
                org: r.org,
                grade_class: grade_of[j],
                lang_class: lang_of[j],
            })
            .collect();
        let parts = Parts::new(c);
        let twice = if direction == Direction::Both { 2 } else { 1 };
        let mut avail = Box::new([0i64; 129]);
        for (to, &a) in avail.iter_mut().zip(&parts.avail) {
            *to = if a == FORBID { FORBID } else { twice * a };
        }
        Self {
            parts,
            direction,
            avail_max: avail.iter().copied().max().unwrap_or(0),
            avail,
            left,
            right,
            cols,
            goals_reps,
            grade_reps,
            lang_reps,
            left_goals_class,
            left_goals_classes,
            different_organisation: c.hard.different_organisation,
            with_assessment: c.weights.assessment != 0,
        }
    }

    /// A part of left `l` with right `r` in the kernel's direction.
    fn both(&self, l: &Rec, r: &Rec, part: impl Fn(&Parts<'a>, &Rec, &Rec) -> i64) -> i64 {
        match self.direction {
            Direction::Forward => part(&self.parts, l, r),
            Direction::Backward => part(&self.parts, r, l),
            Direction::Both => part(&self.parts, l, r) + part(&self.parts, r, l),
        }
    }

    /// Score of one pair when the cheap constraints pass, negative otherwise: the scorer of
    /// single arcs (pricing's additions), from the same parts as the rows' tables.
    pub(super) fn pair(&self, i: usize, j: usize) -> i64 {
        let (e, r) = (&self.left[i], &self.right[j]);
        if self.different_organisation && e.org == r.org {
            return FORBID;
        }
        self.both(e, r, Parts::goals)
            + self.both(e, r, Parts::grade_profession)
            + self.both(e, r, Parts::language_mode)
            + self.both(e, r, Parts::availability)
            + self.both(e, r, Parts::assessment)
    }

    /// Number of left people (rows).
    pub(super) fn rows(&self) -> usize {
        self.left.len()
    }

    /// An empty row for [`Self::fill`], with a cache of goals tables when they fit in 16 MiB.
    pub(super) fn row(&self) -> Row {
        let entries = self
            .left_goals_classes
            .saturating_mul(self.goals_reps.len());
        Row {
            cache: if entries <= (1 << 20) {
                vec![None; self.left_goals_classes]
            } else {
                Vec::new()
            },
            ..Row::default()
        }
    }

    /// Fills `row` with left person `i`'s tables.
    pub(super) fn fill(&self, i: usize, row: &mut Row) {
        let e = &self.left[i];
        let table = |reps: &[Rec], out: &mut Vec<i64>, part: fn(&Parts<'a>, &Rec, &Rec) -> i64| {
            out.clear();
            out.extend(reps.iter().map(|r| self.both(e, r, part)));
        };
        // The goals table and the group order depend only on the row's goals class, which
        // thousands of rows share: computed once per class and copied after.
        let class = self.left_goals_class[i] as usize;
        if let Some((goals, order)) = row.cache.get(class).and_then(Option::as_ref) {
            row.goals.clone_from(goals);
            row.order.clone_from(order);
        } else {
            table(&self.goals_reps, &mut row.goals, Parts::goals);
            row.order.clear();
            row.order.extend(0..self.goals_reps.len() as u32);
            let goals = &row.goals;
            row.order
                .sort_unstable_by_key(|&g| (std::cmp::Reverse(goals[g as usize]), g));
            if let Some(slot) = row.cache.get_mut(class) {
                *slot = Some((row.goals.clone(), row.order.clone()));
            }
        }
        table(&self.grade_reps, &mut row.grade, Parts::grade_profession);
        table(&self.lang_reps, &mut row.lang, Parts::language_mode);
        row.grade_max = row.grade.iter().copied().max().unwrap_or(FORBID);
        row.lang_max = row.lang.iter().copied().max().unwrap_or(FORBID);
        row.rest = row.lang_max + self.avail_max + self.assessment_max();
        row.avail_lo = e.avail as u64;
        row.avail_hi = (e.avail >> 64) as u64;
        row.org = e.org;
        row.left = i;
    }

    /// Scores of the row's person with the right people of `cols` into `out` (same length),
    /// negative where a cheap constraint fails, *without* the assessment part: a tight loop of
    /// loads, two `popcount`s and adds that keeps the row in registers. Add
    /// [`Self::assessment`] to a score that can still matter (it is at most
    /// [`Self::assessment_max`]).
    #[inline]
    pub(super) fn scores(&self, row: &Row, cols: &[Col], out: &mut [i64]) {
        let (goals, grade, lang) = (&row.goals[..], &row.grade[..], &row.lang[..]);
        let avail: &[i64; 129] = &self.avail;
        let (lo, hi, org) = (row.avail_lo, row.avail_hi, row.org);
        let check_org = self.different_organisation;
        for (o, c) in out.iter_mut().zip(cols) {
            let shared = (lo & c.avail_lo).count_ones() + (hi & c.avail_hi).count_ones();
            let s = goals[c.goals_class as usize]
                + grade[c.grade_class as usize]
                + lang[c.lang_class as usize]
                + avail[shared as usize];
            *o = if check_org && c.org == org { FORBID } else { s };
        }
    }

    /// [`Self::scores`] of a single right person.
    #[inline]
    pub(super) fn score(&self, row: &Row, col: &Col) -> i64 {
        let mut out = [0];
        self.scores(row, std::slice::from_ref(col), &mut out);
        out[0]
    }

    /// The assessment part of the row's person with right person `j` (0 when its weight is 0).
    #[inline]
    pub(super) fn assessment(&self, row: &Row, j: usize) -> i64 {
        if self.with_assessment {
            self.both(&self.left[row.left], &self.right[j], Parts::assessment)
        } else {
            0
        }
    }

    /// Largest [`Self::assessment`] of any pair, so scans can filter before computing it.
    pub(super) fn assessment_max(&self) -> i64 {
        let one = self.parts.assess.iter().copied().max().unwrap_or(0);
        if !self.with_assessment {
            0
        } else if self.direction == Direction::Both {
            2 * one
        } else {
            one
        }
    }
}

/// One left person's class tables (buffers reused from row to row).
#[derive(Default)]
pub(super) struct Row {
    goals: Vec<i64>,
    grade: Vec<i64>,
    lang: Vec<i64>,
    grade_max: i64,
    lang_max: i64,
    /// Upper bound of everything but the goals and grade parts.
    rest: i64,
    /// Goals classes by decreasing goals part (see [`Row::order`]).
    order: Vec<u32>,
    /// Goals table and order per left goals class (empty when there are too many classes).
    cache: Vec<Option<(Vec<i64>, Vec<u32>)>>,
    avail_lo: u64,
    avail_hi: u64,
    org: u32,
    left: usize,
}

impl Row {
    /// Upper bound of the row's score with anyone in `block`.
    #[inline]
    pub(super) fn bound(&self, block: &Block) -> i64 {
        self.goals[block.goals_class as usize] + self.grade[block.grade_class as usize] + self.rest
    }

    /// Upper bound of the row's score with anyone in a group of goals class `goals_class`.
    #[inline]
    pub(super) fn group_bound(&self, goals_class: u32) -> i64 {
        self.goals[goals_class as usize] + self.grade_max + self.rest
    }

    /// The goals classes (the layouts' groups) by decreasing goals part for this row, so a scan
    /// meets its best partners first and can stop at the first group whose bound is too low.
    pub(super) fn order(&self) -> &[u32] {
        &self.order
    }
}

/// A run of right people sharing one goals class and one grade/profession class. Positions
/// `start..mid` and `mid..end` are the two parts a layout was split into (for pricing: mentors
/// the cardinality cover leaves open, then covered ones), each by increasing potential.
#[derive(Clone, Copy, Debug)]
pub(super) struct Block {
    pub(super) goals_class: u32,
    pub(super) grade_class: u32,
    pub(super) start: u32,
    pub(super) mid: u32,
    pub(super) end: u32,
}

/// Right people reordered into [`Block`]s, grouped by goals class. A row's tables bound every
/// score in a block by two look-ups, so scans skip whole groups and blocks that cannot reach
/// what they look for (a list's worst entry, or a dual bound) and score only the rest; with
/// hundreds of goals classes and dozens of grade classes that is a few per cent of the pairs.
pub(super) struct Layout {
    /// Original right index of each position.
    pub(super) index: Vec<u32>,
    pub(super) cols: Vec<Col>,
    /// Potential of each position (0 when built without potentials).
    pub(super) potential: Vec<i64>,
    pub(super) blocks: Vec<Block>,
    /// `(goals class, first block, end block)` of each group.
    pub(super) groups: Vec<(u32, u32, u32)>,
}

impl Layout {
    /// Lays out the kernel's right people; `part(j)` splits each block in two and `potential`
    /// (indexed by right person, or empty) orders each part.
    pub(super) fn new(kernel: &Kernel, part: impl Fn(usize) -> bool, potential: &[i64]) -> Self {
        let pot = |j: usize| potential.get(j).copied().unwrap_or(0);
        let mut index: Vec<u32> = (0..kernel.cols.len() as u32).collect();
        index.sort_unstable_by_key(|&j| {
            let c = &kernel.cols[j as usize];
            (
                c.goals_class,
                c.grade_class,
                part(j as usize),
                pot(j as usize),
                j,
            )
        });
        let cols: Vec<Col> = index.iter().map(|&j| kernel.cols[j as usize]).collect();
        let mut blocks: Vec<Block> = Vec::new();
        let mut groups: Vec<(u32, u32, u32)> = Vec::new();
        for (p, c) in cols.iter().enumerate() {
            let p = p as u32;
            let upper = part(index[p as usize] as usize);
            match blocks.last_mut() {
                Some(b) if b.goals_class == c.goals_class && b.grade_class == c.grade_class => {
                    b.end = p + 1;
                    if !upper {
                        b.mid = p + 1;
                    }
                }
                _ => {
                    if groups.last().is_none_or(|g| g.0 != c.goals_class) {
                        groups.push((c.goals_class, blocks.len() as u32, blocks.len() as u32));
                    }
                    blocks.push(Block {
                        goals_class: c.goals_class,
                        grade_class: c.grade_class,
                        start: p,
                        mid: if upper { p } else { p + 1 },
                        end: p + 1,
                    });
                    if let Some(g) = groups.last_mut() {
                        g.2 = blocks.len() as u32;
                    }
                }
            }
        }
        // Every goals class has a member, so group `g` is goals class `g` (rows order groups by
        // class id).
        debug_assert!(groups.iter().enumerate().all(|(g, x)| x.0 as usize == g));
        Self {
            potential: index.iter().map(|&j| pot(j as usize)).collect(),
            index,
            cols,
            blocks,
            groups,
        }
    }
}
