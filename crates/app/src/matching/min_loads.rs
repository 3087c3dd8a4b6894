//! Mentor minimum loads in one-to-one mentoring runs (issue #15): the programme's
//! `mentor_load_min` becomes a per-mentor minimum for the exact engine, and every mentor who
//! still ends below it is reported with an exact reason.
//!
//! Kept out of `plan.rs` so the run planner only decides *whether* minimums apply; what each
//! mentor still needs and the reasons live here, and the single pair solver (module `pairs`)
//! takes the needs alongside assessment points and the 2-cycle ban. The engine's
//! objective puts the number of mentees placed first, so a minimum never costs a mentee a match.

use tandem_domain::{ApplicationId, BelowMinReason, MentorBelowMin};

/// Places still needed for mentor `j` to reach `min`, given the mentees they already have
/// (current relationships and locked pairs); never more than the places they offer in the run.
pub(super) fn still_needed(min: u32, already: u32, places: u32) -> u32 {
    min.saturating_sub(already).min(places)
}

/// One mentor's position after the run, as [`below_minimum`] reads it.
pub(super) struct MentorOutcome {
    pub application_id: ApplicationId,
    /// Mentees before this run (current relationships).
    pub before: u32,
    /// Mentees after this run (before + locked + new).
    pub load: u32,
    /// Free places offered in this run (0: paused, withdrawn or at the maximum).
    pub places: u32,
    /// Mentees in the pool who pass the rules with this mentor, or are locked to them.
    pub eligible: u32,
}

/// Every mentor below `min` after the run, with the reason decided from the eligible pairs:
/// too few eligible mentees for the places still needed, fewer free places than needed, or
/// (otherwise) eligible mentees who went elsewhere because the engine's objective preferred it.
/// Mentors who offer no place in this run are not counted: they are reported as unavailable.
pub(super) fn below_minimum(min: u32, mentors: &[MentorOutcome]) -> Vec<MentorBelowMin> {
    mentors
        .iter()
        .filter(|m| m.places > 0 && m.load < min)
        .map(|m| {
            let need = min - m.before;
            let reason = if m.eligible < need {
                BelowMinReason::TooFewEligible
            } else if m.places < need {
                BelowMinReason::FewerPlaces
            } else {
                BelowMinReason::TakenElsewhere
            };
            MentorBelowMin {
                application_id: m.application_id,
                load: m.load,
                min,
                reason,
            }
        })
        .collect()
}

/// The mentees a mentor had before the run, from the snapshot.
pub(super) fn load_before(inputs: &super::inputs::RunInputs, c: &super::inputs::Candidate) -> u32 {
    inputs
        .mentor_loads
        .iter()
        .find(|(a, _)| *a == c.application_id)
        .map_or(0, |&(_, n)| n)
}
