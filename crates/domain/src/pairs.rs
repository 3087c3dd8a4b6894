//! Paired learning: shadowing days in both directions, workshops as programme events with
//! attendance, and the pair's joint improvement project (milestones, outcome measures, final
//! presentation).

use crate::ids::{PersonId, ProgrammeId, RelationshipId};
use crate::validate::ValidationErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest free text of one field.
pub const MAX_TEXT: usize = 2000;
/// Longest title or short field.
pub const MAX_SHORT: usize = 200;

/// Checks one field with the one text rule ([`crate::text`]): titles, places and measures are
/// lines, the learning and the aim blocks.
fn text(e: &mut ValidationErrors, field: &str, value: &str, required: bool, max: usize) {
    let shape = if max > MAX_SHORT {
        crate::text::Shape::Block
    } else {
        crate::text::Shape::Line
    };
    match crate::text::clean(value, shape, max) {
        Ok(t) if required && t.is_empty() => e.add(field, "error.pairs.required"),
        Ok(_) => {}
        Err(err) => err.record(e, field),
    }
}

/// A day one member spends at the other's workplace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShadowingDay {
    pub id: Uuid,
    pub relationship_id: RelationshipId,
    /// The member who hosts (is shadowed); the other visits.
    pub host_id: PersonId,
    pub day: NaiveDate,
    pub place: String,
    pub done: bool,
    /// What the visitor learnt (shared within the pair).
    pub learning: String,
}

impl ShadowingDay {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        text(&mut e, "place", &self.place, true, MAX_SHORT);
        text(&mut e, "learning", &self.learning, false, MAX_TEXT);
        e.into_result()
    }
}

/// A programme event for the pairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    pub id: Uuid,
    pub programme_id: ProgrammeId,
    pub title: String,
    pub day: NaiveDate,
    pub place: String,
}

impl Workshop {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        text(&mut e, "title", &self.title, true, MAX_SHORT);
        text(&mut e, "place", &self.place, true, MAX_SHORT);
        e.into_result()
    }
}

/// A milestone of the improvement project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: Uuid,
    pub title: String,
    pub due_on: NaiveDate,
    pub done: bool,
}

/// An outcome measure: its baseline, target and latest value, as the pair writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub id: Uuid,
    pub name: String,
    pub baseline: String,
    pub target: String,
    pub latest: String,
}

impl Measure {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        text(&mut e, "name", &self.name, true, MAX_SHORT);
        text(&mut e, "baseline", &self.baseline, true, MAX_SHORT);
        text(&mut e, "target", &self.target, true, MAX_SHORT);
        text(&mut e, "latest", &self.latest, false, MAX_SHORT);
        e.into_result()
    }
}

/// The pair's joint improvement project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub relationship_id: RelationshipId,
    pub title: String,
    pub aim: String,
    pub presentation_on: Option<NaiveDate>,
    pub presented: bool,
    pub milestones: Vec<Milestone>,
    pub measures: Vec<Measure>,
}

impl Project {
    /// Checks the project's own fields (milestones and measures are checked as they are added).
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        text(&mut e, "title", &self.title, true, MAX_SHORT);
        text(&mut e, "aim", &self.aim, true, MAX_TEXT);
        if self.presented && self.presentation_on.is_none() {
            e.add("presentation_on", "error.pairs.presentation_date");
        }
        e.into_result()
    }

    /// Share of milestones done, in percent (0 with none).
    pub fn progress_percent(&self) -> u32 {
        let n = self.milestones.len() as u32;
        if n == 0 {
            return 0;
        }
        self.milestones.iter().filter(|m| m.done).count() as u32 * 100 / n
    }
}

/// How an outcome measure moved, when its values can be compared: pairs write values with their
/// units ("12 days", "85 %"), so only the leading number of each is read, and a measure whose
/// baseline, target and latest value do not all start with a number is not compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasureProgress {
    /// The latest value is at or beyond the target, on the target's side of the baseline.
    Reached,
    /// Closer to the target than the baseline was, not there yet.
    Closer,
    /// No closer to the target than the baseline (or further away).
    NotCloser,
}

/// The leading number of a value as a pair wrote it ("12 days" → 12, "85%" → 85, "1,200" → 1200).
fn leading_number(value: &str) -> Option<f64> {
    let t = value.trim();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '-'))
        .map_or(t.len(), |(i, _)| i);
    let n: String = t[..end].chars().filter(|c| *c != ',').collect();
    n.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// How the measure moved from `baseline` towards `target` by `latest`; `None` when any of the
/// three has no leading number or the target equals the baseline.
pub fn measure_progress(baseline: &str, target: &str, latest: &str) -> Option<MeasureProgress> {
    let (b, t, l) = (
        leading_number(baseline)?,
        leading_number(target)?,
        leading_number(latest)?,
    );
    if t == b {
        return None;
    }
    let up = t > b;
    Some(if (up && l >= t) || (!up && l <= t) {
        MeasureProgress::Reached
    } else if (t - l).abs() < (t - b).abs() {
        MeasureProgress::Closer
    } else {
        MeasureProgress::NotCloser
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_compare_by_their_leading_numbers_in_the_targets_direction() {
        use MeasureProgress::*;
        assert_eq!(
            measure_progress("12 days", "7 days", "6 days"),
            Some(Reached)
        );
        assert_eq!(
            measure_progress("12 days", "7 days", "9 days"),
            Some(Closer)
        );
        assert_eq!(
            measure_progress("12 days", "7 days", "14 days"),
            Some(NotCloser)
        );
        assert_eq!(measure_progress("60%", "85%", "85 %"), Some(Reached));
        assert_eq!(measure_progress("1,200", "1,500", "1,300"), Some(Closer));
        assert_eq!(measure_progress("low", "7", "6"), None);
        assert_eq!(measure_progress("12", "7", ""), None);
        assert_eq!(measure_progress("7", "7", "6"), None);
    }

    #[test]
    fn progress_counts_done_milestones() {
        let m = |done| Milestone {
            id: Uuid::nil(),
            title: "x".into(),
            due_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            done,
        };
        let mut p = Project {
            relationship_id: RelationshipId::new(),
            title: "Discharge before noon".into(),
            aim: "Half the late discharges".into(),
            presentation_on: None,
            presented: false,
            milestones: vec![],
            measures: vec![],
        };
        assert_eq!(p.progress_percent(), 0);
        p.milestones = vec![m(true), m(false), m(false), m(true)];
        assert_eq!(p.progress_percent(), 50);
        assert!(p.validate().is_ok());
        p.presented = true;
        assert!(p.validate().is_err(), "presented needs a date");
        p.title = " ".into();
        p.presentation_on = NaiveDate::from_ymd_opt(2026, 6, 1);
        let e = p.validate().unwrap_err();
        assert_eq!(e.errors[0].field, "title");
    }
}
