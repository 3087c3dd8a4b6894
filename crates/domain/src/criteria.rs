//! A programme's matching criteria as a coordinator states them: each criterion is "must",
//! "high", "medium", "low" or "off".
//!
//! "Must" is a hard constraint (a pair failing it is never proposed) *and* a high weight, so that
//! among the pairs that pass, better ones still win. The translation into the matching engine's
//! weights and filters lives with the code that calls the engine; this module only says what
//! the coordinator chose.

use serde::{Deserialize, Serialize};

/// How much one criterion matters.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Off,
    Low,
    #[default]
    Medium,
    High,
    Must,
}

impl Level {
    pub const ALL: [Self; 5] = [Self::Must, Self::High, Self::Medium, Self::Low, Self::Off];

    pub fn code(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Must => "must",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The weight of the criterion in the score.
    pub fn weight(self) -> i64 {
        match self {
            Self::Off => 0,
            Self::Low => 1,
            Self::Medium => 3,
            Self::High | Self::Must => 6,
        }
    }
}

/// The criteria a coordinator can weigh, in the order the form shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchCriterion {
    /// The partner's expertise covers the mentee's goals (framework dimensions).
    Goals,
    /// The grade gap is close to the ideal gap.
    GradeGap,
    /// Cross-professional (or same-profession) pairing, as the programme prefers.
    Profession,
    /// Shared weekly availability.
    Availability,
    /// A session mode both can use.
    Mode,
    /// Different employers (cross-organisational learning).
    DifferentOrganisation,
}

impl MatchCriterion {
    pub const ALL: [Self; 6] = [
        Self::Goals,
        Self::GradeGap,
        Self::Profession,
        Self::Availability,
        Self::Mode,
        Self::DifferentOrganisation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Goals => "goals",
            Self::GradeGap => "grade_gap",
            Self::Profession => "profession",
            Self::Availability => "availability",
            Self::Mode => "mode",
            Self::DifferentOrganisation => "different_organisation",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The levels a coordinator may choose for this criterion: the one source of truth for both
    /// the criteria form (which offers only these) and the validation (which accepts only
    /// these). "Different organisation" is a rule, not a score (the engine has no points for
    /// it), so it is either required or off.
    pub fn levels(self) -> &'static [Level] {
        match self {
            Self::DifferentOrganisation => &[Level::Must, Level::Off],
            _ => &Level::ALL,
        }
    }

    /// True when `level` is one [`MatchCriterion::levels`] offers.
    pub fn accepts(self, level: Level) -> bool {
        self.levels().contains(&level)
    }
}

/// The coordinator's choices for one programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingCriteria {
    pub goals: Level,
    pub grade_gap: Level,
    pub profession: Level,
    pub availability: Level,
    pub mode: Level,
    pub different_organisation: Level,
    /// Ideal seniority gap (partner's level − mentee's level, on the shared 1–8 scale).
    pub ideal_grade_gap: i32,
    /// Prefer partners from a different profession (interagency learning) rather than the same.
    pub cross_profession: bool,
    /// Days both parties have to answer an offer.
    pub offer_days: u32,
    /// Shortlist mode: mentees rank up to this many suggested mentors and stable matching
    /// decides. `None` = the coordinator's optimal run decides.
    #[serde(default)]
    pub shortlist: Option<u32>,
}

impl Default for MatchingCriteria {
    fn default() -> Self {
        Self {
            goals: Level::High,
            grade_gap: Level::Medium,
            profession: Level::Medium,
            availability: Level::High,
            mode: Level::Must,
            different_organisation: Level::Must,
            ideal_grade_gap: 1,
            cross_profession: true,
            offer_days: 14,
            shortlist: None,
        }
    }
}

impl MatchingCriteria {
    pub fn level(&self, c: MatchCriterion) -> Level {
        match c {
            MatchCriterion::Goals => self.goals,
            MatchCriterion::GradeGap => self.grade_gap,
            MatchCriterion::Profession => self.profession,
            MatchCriterion::Availability => self.availability,
            MatchCriterion::Mode => self.mode,
            MatchCriterion::DifferentOrganisation => self.different_organisation,
        }
    }

    pub fn set_level(&mut self, c: MatchCriterion, l: Level) {
        match c {
            MatchCriterion::Goals => self.goals = l,
            MatchCriterion::GradeGap => self.grade_gap = l,
            MatchCriterion::Profession => self.profession = l,
            MatchCriterion::Availability => self.availability = l,
            MatchCriterion::Mode => self.mode = l,
            MatchCriterion::DifferentOrganisation => self.different_organisation = l,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_organisation_is_a_rule_or_off() {
        let c = MatchCriterion::DifferentOrganisation;
        assert_eq!(c.levels(), &[Level::Must, Level::Off]);
        assert!(!c.accepts(Level::High));
        assert!(!c.accepts(Level::Medium));
        assert!(!c.accepts(Level::Low));
        assert!(c.accepts(Level::Must) && c.accepts(Level::Off));
    }

    #[test]
    fn scored_criteria_take_every_level() {
        for c in MatchCriterion::ALL {
            if c != MatchCriterion::DifferentOrganisation {
                assert!(Level::ALL.iter().all(|l| c.accepts(*l)), "{}", c.code());
            }
        }
    }
}
