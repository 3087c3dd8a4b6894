//! Dual roles: a person with both a mentee and a mentor application in one intake.
//!
//! Two things must never happen: being paired with themselves (the solver refuses a pair whose
//! two profiles carry the same person id, and both of a person's applications are interned to
//! the same id) and a *2-cycle*, where A mentors B while B mentors A in the same intake.
//!
//! The optimisation's side of the 2-cycle rule (branch and bound over the engine) lives with the
//! single pair solver in module `pairs`, so it holds with assessment points and minimum loads
//! too. What stays here is the coordinator's side: a lock may not make a 2-cycle with an earlier
//! lock, and the reverse of every locked pair is banned before the free part is solved.

use tandem_matching::candidates::Profile;

/// Bans the directed pair (mentee `k`, mentor `j`): the mentee's profile lists the mentor's
/// person as a conflict. Only the mentee's profile changes, so the reverse direction stays open.
pub fn ban(left: &mut [Profile], right: &[Profile], k: usize, j: usize) {
    let id = right[j].id;
    if !left[k].conflicts.contains(&id) {
        left[k].conflicts.push(id);
    }
}

/// The reverse of the directed pair (mentee `i`, mentor `j`): (mentee side of `j`'s person,
/// mentor side of `i`'s person), when that person has both applications.
pub fn reverse(
    left: &[Profile],
    right: &[Profile],
    (i, j): (usize, usize),
) -> Option<(usize, usize)> {
    let k = left.iter().position(|p| p.id == right[j].id)?;
    let m = right.iter().position(|p| p.id == left[i].id)?;
    Some((k, m))
}

/// True when the reverse of (i, j) is already locked: a second lock would make a 2-cycle.
pub fn reverse_locked(
    locked: &[(usize, usize)],
    left: &[Profile],
    right: &[Profile],
    pair: (usize, usize),
) -> bool {
    reverse(left, right, pair).is_some_and(|r| locked.contains(&r))
}

/// Bans the reverse of every locked pair, so the optimisation around the locks cannot add it.
pub fn ban_reverse_of_locks(locked: &[(usize, usize)], left: &mut [Profile], right: &[Profile]) {
    for &pair in locked {
        if let Some((k, m)) = reverse(left, right, pair) {
            ban(left, right, k, m);
        }
    }
}
