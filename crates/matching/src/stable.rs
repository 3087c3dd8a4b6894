//! Stable matching from ranked preferences: hospitals/residents with mentees proposing.
//!
//! Mentees rank mentors, mentors rank mentees, each mentor has a capacity. A pair is acceptable
//! only if each lists the other. [`mentee_optimal`] runs mentee-proposing deferred acceptance
//! (Gale–Shapley, Roth–Peranson without couples), which returns the mentee-optimal stable
//! matching: unique for strict preferences, and therefore independent of the proposal order, so
//! no seed is needed for reproducibility.
//!
//! Everything lives in flat arrays because the national case is a million mentees with twenty
//! choices each: preference lists are CSR ([`PrefLists`]), the mentor's opinion of each proposal
//! is looked up in a rank table aligned with the mentee lists (built once in O(L)), and each
//! mentor keeps the ranks of its accepted mentees in a bounded max-heap slice of one shared
//! vector, so a proposal costs O(log capacity) and the whole run O(L log c) with no allocation.
//!
//! [`count_blocking_pairs`] verifies a matching with its own, independent code path (it never
//! sees the solver's rank table or state), so the engine can report the blocking pairs it found
//! rather than assume there are none.

use thiserror::Error;

/// Sentinel for "no entry" in the flat `u32` arrays.
const NONE: u32 = u32::MAX;

/// Invalid stable-matching input, or an invalid matching handed to the verifier.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum StableError {
    /// A preference list names a person who does not exist.
    #[error("{side} {person}'s list names {other}, but there are only {count} {other_side}s")]
    OutOfRange {
        side: &'static str,
        person: usize,
        other: u32,
        count: usize,
        other_side: &'static str,
    },
    /// A preference list names the same person twice (ranks must be strict).
    #[error("{side} {person}'s list names {other} twice")]
    Duplicate {
        side: &'static str,
        person: usize,
        other: u32,
    },
    /// The two sides disagree on the number of people.
    #[error("{what}: expected {expected}, found {found}")]
    Shape {
        what: &'static str,
        expected: usize,
        found: usize,
    },
    /// The instance is too large for the 32-bit indices used by the flat arrays.
    #[error("instance too large: {0}")]
    TooLarge(&'static str),
    /// A matching handed to the verifier is not a matching of this instance.
    #[error("invalid matching: {0}")]
    InvalidMatching(String),
}

/// Preference lists in compressed sparse row form: list `i` is `items[offsets[i]..offsets[i+1]]`,
/// best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefLists {
    offsets: Vec<usize>,
    items: Vec<u32>,
}

impl Default for PrefLists {
    fn default() -> Self {
        Self::new()
    }
}

impl PrefLists {
    /// No lists yet.
    pub fn new() -> Self {
        Self {
            offsets: vec![0],
            items: Vec::new(),
        }
    }

    /// Reserve room for `lists` lists with `items` entries in total.
    pub fn with_capacity(lists: usize, items: usize) -> Self {
        let mut offsets = Vec::with_capacity(lists + 1);
        offsets.push(0);
        Self {
            offsets,
            items: Vec::with_capacity(items),
        }
    }

    /// Build from nested lists (convenient for tests and small instances).
    pub fn from_lists<L: AsRef<[u32]>>(lists: &[L]) -> Self {
        let total = lists.iter().map(|l| l.as_ref().len()).sum();
        let mut out = Self::with_capacity(lists.len(), total);
        for l in lists {
            out.push_list(l.as_ref());
        }
        out
    }

    /// Append the next person's list, best first.
    pub fn push_list(&mut self, list: &[u32]) {
        self.items.extend_from_slice(list);
        self.offsets.push(self.items.len());
    }

    /// Append one entry to the list currently being built; close it with [`Self::end_list`].
    pub fn push_item(&mut self, item: u32) {
        self.items.push(item);
    }

    /// Close the list built with [`Self::push_item`].
    pub fn end_list(&mut self) {
        self.offsets.push(self.items.len());
    }

    /// Number of lists.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// True when there are no lists.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Total number of entries over all lists.
    pub fn total_len(&self) -> usize {
        self.items.len()
    }

    /// Person `i`'s list, best first.
    pub fn list(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// A validated hospitals/residents instance with the rank table precomputed.
#[derive(Debug, Clone)]
pub struct StableProblem {
    mentee_prefs: PrefLists,
    mentor_prefs: PrefLists,
    capacities: Vec<u32>,
    /// Aligned with `mentee_prefs.items`: the position of the mentee in the listed mentor's list,
    /// or `NONE` if that mentor does not list the mentee (the pair is then unacceptable).
    mentor_rank: Vec<u32>,
}

impl StableProblem {
    /// Validate the lists (indices in range, no one listed twice) and build the rank table.
    ///
    /// `mentor_prefs.len()` must equal `capacities.len()`.
    pub fn new(
        capacities: Vec<u32>,
        mentee_prefs: PrefLists,
        mentor_prefs: PrefLists,
    ) -> Result<Self, StableError> {
        let n = mentee_prefs.len();
        let m = capacities.len();
        if mentor_prefs.len() != m {
            return Err(StableError::Shape {
                what: "mentor preference lists vs capacities",
                expected: m,
                found: mentor_prefs.len(),
            });
        }
        if n >= NONE as usize || m >= NONE as usize {
            return Err(StableError::TooLarge(
                "more than 2^32 - 1 people on one side",
            ));
        }
        if mentor_prefs.total_len() >= NONE as usize || mentee_prefs.total_len() >= NONE as usize {
            return Err(StableError::TooLarge(
                "more than 2^32 - 1 preference entries",
            ));
        }
        check_lists(&mentee_prefs, m, "mentee", "mentor")?;
        // The mentor side is checked inside the rank-table pass, which visits every entry anyway.
        let mentor_rank = rank_table(&mentee_prefs, &mentor_prefs, m)?;
        Ok(Self {
            mentee_prefs,
            mentor_prefs,
            capacities,
            mentor_rank,
        })
    }

    /// Number of mentees.
    pub fn mentees(&self) -> usize {
        self.mentee_prefs.len()
    }

    /// Number of mentors.
    pub fn mentors(&self) -> usize {
        self.capacities.len()
    }

    /// Mentor capacities.
    pub fn capacities(&self) -> &[u32] {
        &self.capacities
    }

    /// Mentee preference lists.
    pub fn mentee_prefs(&self) -> &PrefLists {
        &self.mentee_prefs
    }

    /// Mentor preference lists.
    pub fn mentor_prefs(&self) -> &PrefLists {
        &self.mentor_prefs
    }
}

/// Every index in range and no one listed twice in the same list (ranks are strict).
fn check_lists(
    lists: &PrefLists,
    other_count: usize,
    side: &'static str,
    other_side: &'static str,
) -> Result<(), StableError> {
    // `seen[j] == i` means j already appeared in list i; lists are visited in order so one
    // marker array serves all lists without clearing.
    let mut seen = vec![NONE; other_count];
    for i in 0..lists.len() {
        for &j in lists.list(i) {
            let Some(slot) = seen.get_mut(j as usize) else {
                return Err(StableError::OutOfRange {
                    side,
                    person: i,
                    other: j,
                    count: other_count,
                    other_side,
                });
            };
            if *slot == i as u32 {
                return Err(StableError::Duplicate {
                    side,
                    person: i,
                    other: j,
                });
            }
            *slot = i as u32;
        }
    }
    Ok(())
}

/// Transpose lists: for each person on the other side, the (lister, position) pairs naming them.
/// Counting sort, O(L).
fn transpose(lists: &PrefLists, other_count: usize) -> (Vec<usize>, Vec<(u32, u32)>) {
    let mut offsets = vec![0usize; other_count + 1];
    for &j in &lists.items {
        offsets[j as usize + 1] += 1;
    }
    for k in 0..other_count {
        offsets[k + 1] += offsets[k];
    }
    let mut fill = offsets.clone();
    let mut entries = vec![(0u32, 0u32); lists.items.len()];
    for i in 0..lists.len() {
        for (pos, &j) in lists.list(i).iter().enumerate() {
            let slot = &mut fill[j as usize];
            entries[*slot] = (i as u32, pos as u32);
            *slot += 1;
        }
    }
    (offsets, entries)
}

/// For every entry (mentee i, position p, mentor j) of the mentee lists, the position of i in j's
/// list, or `NONE`. Transposing the mentor lists groups them by mentee, then one scratch array
/// indexed by mentor answers each lookup in O(1): O(L) overall. The same pass validates the
/// mentor lists (indices in range, no mentee listed twice by one mentor).
fn rank_table(
    mentee_prefs: &PrefLists,
    mentor_prefs: &PrefLists,
    mentors: usize,
) -> Result<Vec<u32>, StableError> {
    let n = mentee_prefs.len();
    for j in 0..mentor_prefs.len() {
        if let Some(&i) = mentor_prefs.list(j).iter().find(|&&i| i as usize >= n) {
            return Err(StableError::OutOfRange {
                side: "mentor",
                person: j,
                other: i,
                count: n,
                other_side: "mentee",
            });
        }
    }
    let (t_off, t_entries) = transpose(mentor_prefs, n);
    let mut scratch = vec![NONE; mentors];
    let mut ranks = vec![NONE; mentee_prefs.items.len()];
    for i in 0..n {
        let by_mentors = &t_entries[t_off[i]..t_off[i + 1]];
        for &(j, r) in by_mentors {
            let slot = &mut scratch[j as usize];
            if *slot != NONE {
                return Err(StableError::Duplicate {
                    side: "mentor",
                    person: j as usize,
                    other: i as u32,
                });
            }
            *slot = r;
        }
        let base = mentee_prefs.offsets[i];
        for (k, &j) in mentee_prefs.list(i).iter().enumerate() {
            ranks[base + k] = scratch[j as usize];
        }
        for &(j, _) in by_mentors {
            scratch[j as usize] = NONE;
        }
    }
    Ok(ranks)
}

/// A matching: the mentor of each mentee, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StableMatching {
    /// `mentor_of[i]` is mentee i's mentor, `None` if unmatched.
    pub mentor_of: Vec<Option<u32>>,
    /// Number of matched mentees.
    pub assigned: usize,
    /// Number of proposals made (the work done, for the record).
    pub proposals: u64,
}

/// The mentee-optimal stable matching, by mentee-proposing deferred acceptance.
///
/// Each mentor's accepted mentees sit in a max-heap (by the mentor's rank of them) inside one
/// shared vector, sized `min(capacity, list length)` because only listed mentees can be accepted.
/// A proposal to a full mentor either bounces or replaces the heap's top, whose mentee goes back
/// on the stack of free mentees and resumes at their next choice.
pub fn mentee_optimal(p: &StableProblem) -> StableMatching {
    let n = p.mentees();
    let m = p.mentors();
    // One record per mentor so a proposal touches one cache line for the mentor's state.
    let mut slots = Vec::with_capacity(m);
    let mut total = 0u32;
    for j in 0..m {
        let room = p.capacities[j].min(p.mentor_prefs.list(j).len() as u32);
        slots.push(MentorSlot {
            start: total,
            len: 0,
            room,
        });
        total += room;
    }
    // Heap entries carry (rank << 32 | mentee), so the displaced mentee needs no lookup.
    let mut heap = vec![0u64; total as usize];
    let mut next = vec![0u32; n];
    let mut mentor_of = vec![NONE; n];
    let mut free: Vec<u32> = (0..n as u32).rev().collect();
    let mut proposals = 0u64;
    let mentee_off = &p.mentee_prefs.offsets;
    let mentee_items = &p.mentee_prefs.items;

    while let Some(i) = free.pop() {
        let iu = i as usize;
        let start = mentee_off[iu];
        let end = mentee_off[iu + 1];
        let mut k = start + next[iu] as usize;
        while k < end {
            let r = p.mentor_rank[k];
            let j = mentee_items[k] as usize;
            k += 1;
            if r == NONE {
                continue;
            }
            proposals += 1;
            let slot = &mut slots[j];
            let h = &mut heap[slot.start as usize..(slot.start + slot.room) as usize];
            let entry = ((r as u64) << 32) | i as u64;
            if slot.len < slot.room {
                heap_push(h, slot.len as usize, entry);
                slot.len += 1;
                mentor_of[iu] = j as u32;
                break;
            }
            if slot.room > 0 && entry < h[0] {
                let displaced = h[0] as u32;
                heap_replace_top(h, entry);
                mentor_of[displaced as usize] = NONE;
                free.push(displaced);
                mentor_of[iu] = j as u32;
                break;
            }
        }
        next[iu] = (k - start) as u32;
    }

    let mentor_of: Vec<Option<u32>> = mentor_of
        .into_iter()
        .map(|j| (j != NONE).then_some(j))
        .collect();
    let assigned = mentor_of.iter().filter(|j| j.is_some()).count();
    StableMatching {
        mentor_of,
        assigned,
        proposals,
    }
}

/// A mentor's slice of the shared heap vector and how full it is.
struct MentorSlot {
    start: u32,
    len: u32,
    room: u32,
}

/// Insert into a max-heap occupying `h[..len]`.
#[inline]
fn heap_push(h: &mut [u64], len: usize, value: u64) {
    let mut at = len;
    while at > 0 {
        let parent = (at - 1) / 2;
        if h[parent] >= value {
            break;
        }
        h[at] = h[parent];
        at = parent;
    }
    h[at] = value;
}

/// Replace the top of a full max-heap `h` and restore the heap order.
#[inline]
fn heap_replace_top(h: &mut [u64], value: u64) {
    let len = h.len();
    let mut at = 0;
    loop {
        let left = 2 * at + 1;
        if left >= len {
            break;
        }
        let right = left + 1;
        let child = if right < len && h[right] > h[left] {
            right
        } else {
            left
        };
        if h[child] <= value {
            break;
        }
        h[at] = h[child];
        at = child;
    }
    h[at] = value;
}

/// Check that `mentor_of` is a matching of `p` (acceptable pairs, capacities respected) and count
/// its blocking pairs: mutually acceptable pairs (i, j), not matched together, where i prefers j
/// to its mentor (or is unmatched) and j has a free place or prefers i to its worst mentee.
///
/// Independent of [`mentee_optimal`]: it builds its own lookups from the raw lists.
pub fn count_blocking_pairs(
    p: &StableProblem,
    mentor_of: &[Option<u32>],
) -> Result<u64, StableError> {
    let n = p.mentees();
    let m = p.mentors();
    if mentor_of.len() != n {
        return Err(StableError::InvalidMatching(format!(
            "{} entries for {n} mentees",
            mentor_of.len()
        )));
    }
    // Each mentee's position of its own mentor, `NONE` when unmatched (the worst outcome).
    let mut own_pos = vec![NONE; n];
    for (i, mentor) in mentor_of.iter().enumerate() {
        if let Some(j) = *mentor {
            if j as usize >= m {
                return Err(StableError::InvalidMatching(format!(
                    "mentee {i} matched to mentor {j}, but there are {m} mentors"
                )));
            }
            match p.mentee_prefs.list(i).iter().position(|&x| x == j) {
                Some(pos) => own_pos[i] = pos as u32,
                None => {
                    return Err(StableError::InvalidMatching(format!(
                        "mentee {i} matched to mentor {j}, whom it does not list"
                    )));
                }
            }
        }
    }
    // Each mentor's load and the position of its worst matched mentee.
    let mut load = vec![0u32; m];
    for &j in mentor_of.iter().flatten() {
        load[j as usize] += 1;
    }
    let mut worst = vec![0u32; m];
    for j in 0..m {
        if load[j] > p.capacities[j] {
            return Err(StableError::InvalidMatching(format!(
                "mentor {j} has {} mentees for capacity {}",
                load[j], p.capacities[j]
            )));
        }
        let mut found = 0u32;
        for (pos, &i) in p.mentor_prefs.list(j).iter().enumerate() {
            if mentor_of[i as usize] == Some(j as u32) {
                found += 1;
                worst[j] = pos as u32;
            }
        }
        if found != load[j] {
            return Err(StableError::InvalidMatching(format!(
                "mentor {j} is matched to a mentee it does not list"
            )));
        }
    }
    // Walk each mentor's list; find the mentee's position of that mentor through a per-mentee
    // map of positions, filled from the mentee's own list and cleared afterwards.
    let (t_off, t_entries) = transpose(&p.mentor_prefs, n);
    let mut pos_of = vec![NONE; m];
    let mut blocking = 0u64;
    for i in 0..n {
        let list = p.mentee_prefs.list(i);
        for (pos, &j) in list.iter().enumerate() {
            pos_of[j as usize] = pos as u32;
        }
        for &(j, r) in &t_entries[t_off[i]..t_off[i + 1]] {
            let ju = j as usize;
            let i_pos = pos_of[ju];
            if i_pos == NONE || mentor_of[i] == Some(j) {
                continue; // not mutually acceptable, or already together
            }
            let mentee_wants = i_pos < own_pos[i];
            let mentor_wants = load[ju] < p.capacities[ju] || r < worst[ju];
            if mentee_wants && mentor_wants {
                blocking += 1;
            }
        }
        for &j in list {
            pos_of[j as usize] = NONE;
        }
    }
    Ok(blocking)
}
