//! Assessment fit per dimension: points a pair earns beyond the profile criteria of
//! [`crate::candidates`].
//!
//! The profile engine's own assessment criterion compares one fixed array of eight 0–255 scales
//! with one mode for all of them. Programmes import instruments with their own dimensions and
//! score ranges and choose, per dimension, a weight and whether the pair should be alike
//! (*similarity*) or differ (*complementarity*), so that shape does not fit. Rather than
//! rewrite the engine's table-driven kernel, this module scores those dimensions itself
//! ([`dimension_points`]); the caller adds the points to every allowed pair's arc and solves the
//! assignment over all of them with [`crate::assign`] (the application's run planner does so in
//! one problem with mentors' minimum loads and dual roles), at the cost of scoring each pair
//! once, which an intake's pool (tens to a few hundred people) makes cheap.
//!
//! Every figure is an integer: a dimension earns `0..=FULL_POINTS` points times its weight, so
//! explanations sum exactly to the score.

use crate::candidates::{FULL_POINTS, MAX_WEIGHT};

/// How one assessment dimension scores a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DimensionRule {
    /// 0 switches the dimension off.
    pub weight: i64,
    /// Points for scores far apart rather than close together.
    pub complement: bool,
    /// The instrument's score range (`min < max`).
    pub min: i64,
    pub max: i64,
}

/// Points (weight included) of one dimension for two scores; 0 when either is missing. Scores
/// are clamped into the range, so a bad input can never give more than the dimension's maximum.
pub fn dimension_points(rule: &DimensionRule, a: Option<i64>, b: Option<i64>) -> i64 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    let span = (rule.max - rule.min).max(1);
    let clamp = |x: i64| x.clamp(rule.min, rule.max);
    let gap = (clamp(a) - clamp(b)).abs();
    let close = FULL_POINTS - FULL_POINTS * gap / span;
    let points = if rule.complement {
        FULL_POINTS - close
    } else {
        close
    };
    rule.weight * points
}

/// Highest points the dimensions can give one pair.
pub fn dimensions_max(rules: &[DimensionRule]) -> i64 {
    rules.iter().map(|r| r.weight * FULL_POINTS).sum()
}

/// Why a problem with extra points cannot be solved.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum FitError {
    #[error("dimension {index}: weight {weight} outside 0..={MAX_WEIGHT}")]
    Weight { index: usize, weight: i64 },
    #[error("dimension {index}: score range {min}..{max} is empty")]
    Range { index: usize, min: i64, max: i64 },
}

/// Checks dimension rules before use.
pub fn validate(rules: &[DimensionRule]) -> Result<(), FitError> {
    for (index, r) in rules.iter().enumerate() {
        if !(0..=MAX_WEIGHT).contains(&r.weight) {
            return Err(FitError::Weight {
                index,
                weight: r.weight,
            });
        }
        if r.min >= r.max {
            return Err(FitError::Range {
                index,
                min: r.min,
                max: r.max,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIM: DimensionRule = DimensionRule {
        weight: 2,
        complement: false,
        min: 1,
        max: 5,
    };

    #[test]
    fn similarity_and_complementarity_mirror_each_other() {
        assert_eq!(dimension_points(&SIM, Some(3), Some(3)), 2000);
        assert_eq!(dimension_points(&SIM, Some(1), Some(5)), 0);
        assert_eq!(dimension_points(&SIM, Some(2), Some(3)), 2 * 750);
        let comp = DimensionRule {
            complement: true,
            ..SIM
        };
        assert_eq!(dimension_points(&comp, Some(1), Some(5)), 2000);
        assert_eq!(dimension_points(&comp, Some(2), Some(3)), 2 * 250);
        // Missing scores earn nothing; out-of-range scores are clamped.
        assert_eq!(dimension_points(&SIM, None, Some(3)), 0);
        assert_eq!(dimension_points(&comp, Some(-100), Some(500)), 2000);
        assert_eq!(dimensions_max(&[SIM, comp]), 4000);
        assert!(validate(&[SIM]).is_ok());
        assert!(validate(&[DimensionRule { min: 5, ..SIM }]).is_err());
        assert!(validate(&[DimensionRule { weight: -1, ..SIM }]).is_err());
    }
}
