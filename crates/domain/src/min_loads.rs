//! Mentors a matching run left below the programme's minimum load, and why.
//!
//! Kept apart from `relationship` so the run result only gains one field: the coordinator needs
//! to see, per mentor, the load reached, the minimum and an exact reason, because "each mentor
//! takes at least two mentees" is a promise some schemes make to their mentors.

use serde::{Deserialize, Serialize};

use crate::ids::ApplicationId;

/// Why a mentor ended below the minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BelowMinReason {
    /// Fewer mentees in the pool pass the rules with this mentor than the places still needed.
    TooFewEligible,
    /// The mentor offered fewer free places than the places still needed.
    FewerPlaces,
    /// Enough eligible mentees exist, but placing them here would leave a mentee unplaced or
    /// another mentor further below their minimum.
    TakenElsewhere,
}

impl BelowMinReason {
    pub const ALL: [Self; 3] = [
        Self::TooFewEligible,
        Self::FewerPlaces,
        Self::TakenElsewhere,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::TooFewEligible => "too_few_eligible",
            Self::FewerPlaces => "fewer_places",
            Self::TakenElsewhere => "taken_elsewhere",
        }
    }
}

/// A mentor below the minimum after a run: load counts their current mentees, locked pairs and
/// the run's new ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorBelowMin {
    pub application_id: ApplicationId,
    pub load: u32,
    pub min: u32,
    pub reason: BelowMinReason,
}
