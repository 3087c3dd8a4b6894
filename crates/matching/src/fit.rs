//! Assessment fit per dimension and shared background: points a pair earns beyond the profile
//! criteria of [`crate::candidates`], and the exact assignment with them added.
//!
//! The profile engine's own assessment criterion compares one fixed array of eight 0–255 scales
//! with one mode for all of them. Programmes import instruments with their own dimensions and
//! score ranges and choose, per dimension, a weight and whether the pair should be alike
//! (*similarity*) or differ (*complementarity*), so that shape does not fit. Rather than
//! rewrite the engine's table-driven kernel, this module scores those dimensions itself
//! ([`dimension_points`]) and solves the assignment over **every** allowed pair with
//! the extra points added ([`match_with_bonus`]): exact (the sparse solver's verified
//! certificate covers all allowed pairs, as no pair is left out), at the cost of scoring each
//! pair once, which an intake's pool (tens to a few hundred people) makes cheap.
//!
//! Every figure is an integer: a dimension earns `0..=FULL_POINTS` points times its weight, so
//! explanations sum exactly to the score.

use crate::assign::{self, Arc, SparseProblem};
use crate::candidates::{self, CandidateError, Criteria, FULL_POINTS, MAX_WEIGHT, Profile};

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
    #[error(transparent)]
    Candidates(#[from] CandidateError),
    #[error(transparent)]
    Assign(#[from] assign::AssignError),
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

/// The exact assignment of `mentees` to `mentors` (capacities as in the profiles) maximising,
/// first, how many are placed and then the total of the profile score plus `bonus(i, j)` over
/// allowed pairs. With `reciprocal`, both directions' constraints apply and the profile score is
/// [`candidates::reciprocal_score`] (the caller's bonus should count both directions too).
/// Returns the mentor of each mentee and whether the certificate was verified (always true on
/// success: every allowed pair is an arc).
pub fn match_with_bonus(
    mentees: &[Profile],
    mentors: &[Profile],
    c: &Criteria,
    reciprocal: bool,
    bonus: &dyn Fn(usize, usize) -> i64,
) -> Result<assign::Assignment, FitError> {
    c.validate()?;
    let mut arcs = Vec::new();
    for (i, e) in mentees.iter().enumerate() {
        for (j, r) in mentors.iter().enumerate() {
            let ok = candidates::allowed(c, e, r) && (!reciprocal || candidates::allowed(c, r, e));
            if !ok {
                continue;
            }
            let base = if reciprocal {
                candidates::reciprocal_score(c, e, r)
            } else {
                candidates::score(c, e, r)
            };
            arcs.push(Arc {
                mentee: i as u32,
                mentor: j as u32,
                score: base + bonus(i, j),
            });
        }
    }
    let problem = SparseProblem {
        mentees: mentees.len(),
        capacities: mentors
            .iter()
            .map(|m| {
                if reciprocal {
                    m.capacity.min(1)
                } else {
                    m.capacity
                }
            })
            .collect(),
        arcs,
    };
    Ok(assign::solve_sparse(&problem)?)
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

    fn person(id: u64, org: u32, cap: u32) -> Profile {
        Profile {
            id,
            organisation: org,
            languages: 1,
            modes: 1,
            capacity: cap,
            ..Default::default()
        }
    }

    /// The bonus decides between otherwise equal mentors, and the answer equals brute force.
    #[test]
    fn the_bonus_steers_the_exact_assignment() {
        let c = Criteria {
            threads: 1,
            ..Default::default()
        };
        let mentees = [person(1, 0, 1), person(2, 0, 1), person(3, 0, 1)];
        let mentors = [person(10, 1, 1), person(11, 1, 1), person(12, 1, 2)];
        // Scores a mentee i wants with mentor j.
        let fit = [[9, 1, 0], [8, 0, 3], [0, 7, 2]];
        let bonus = |i: usize, j: usize| fit[i][j] * 1000;
        let a = match_with_bonus(&mentees, &mentors, &c, false, &bonus).unwrap();
        assert!(a.optimal);
        assert_eq!(a.assigned, 3);
        let total = |m: &[Option<u32>]| -> i64 {
            m.iter()
                .enumerate()
                .map(|(i, j)| j.map_or(0, |j| bonus(i, j as usize)))
                .sum()
        };
        // Brute force over every assignment respecting capacities.
        let mut best = 0;
        for x in 0..3 {
            for y in 0..3 {
                for z in 0..3 {
                    let mut load = [0u32; 3];
                    for j in [x, y, z] {
                        load[j] += 1;
                    }
                    if (0..3).all(|j| load[j] <= mentors[j].capacity) {
                        best = best.max(total(&[Some(x as u32), Some(y as u32), Some(z as u32)]));
                    }
                }
            }
        }
        assert_eq!(total(&a.mentor_of), best);
        assert_eq!(a.mentor_of, vec![Some(0), Some(2), Some(1)]);
        // Hard constraints still hold: the same organisation is never paired.
        let same_org = [person(20, 1, 1)];
        let none = match_with_bonus(&same_org, &mentors, &c, false, &bonus).unwrap();
        assert_eq!(none.assigned, 0);
    }
}
