//! People and their employments.
//!
//! A person can hold several employments (e.g. a GP partner who also works sessions for a trust),
//! each with its own organisation, job, grade and line manager. Organisation boundaries are decided
//! by employments: an organisation sees the people employed by it.

use crate::grades::GradeSystem;
use crate::ids::{EmploymentId, OrganisationId, PersonId, SchemeId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::Hash;

/// Interface language of a person (en-GB and nl-NL are supported).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en-GB")]
    EnGb,
    #[serde(rename = "nl-NL")]
    NlNl,
}

impl Language {
    pub const ALL: [Self; 2] = [Self::EnGb, Self::NlNl];

    /// BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Self::EnGb => "en-GB",
            Self::NlNl => "nl-NL",
        }
    }

    /// Parses a BCP 47 tag or a bare language (`nl`, `en`), case-insensitively.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let t = tag.trim().to_ascii_lowercase();
        match t.as_str() {
            "en-gb" | "en" => Some(Self::EnGb),
            "nl-nl" | "nl" => Some(Self::NlNl),
            _ => None,
        }
    }
}

/// What kind of address a person's e-mail is. Staff without a corporate address (many in social
/// care) use a personal one; it is recorded as such so that coordinators know not to read it as
/// proof of employment, and nothing work-confidential is assumed to be safe in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    #[default]
    Work,
    Personal,
}

impl EmailKind {
    pub const ALL: [Self; 2] = [Self::Work, Self::Personal];

    pub fn code(self) -> &'static str {
        match self {
            Self::Work => "work",
            Self::Personal => "personal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A member of staff known to the scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub scheme_id: SchemeId,
    pub given_name: String,
    pub family_name: String,
    /// Work e-mail, stored lower-cased; unique within a scheme.
    pub email: String,
    pub language: Language,
}

impl Person {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// A person's job at one organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employment {
    pub id: EmploymentId,
    pub person_id: PersonId,
    pub organisation_id: OrganisationId,
    pub job_title: String,
    pub profession: String,
    pub grade_system: GradeSystem,
    /// Grade code within `grade_system` (validated against it).
    pub grade: String,
    pub line_manager_id: Option<PersonId>,
    /// The employment shown first and used for matching when a person has several.
    pub primary: bool,
}

/// Finds a cycle in a line-management relation (`report → manager`), if there is one.
///
/// Returns the people on the cycle in order, starting from the smallest key so the answer is
/// deterministic. Used by imports and forms to refuse a change that would make someone their own
/// (indirect) manager.
pub fn find_management_cycle<K: Eq + Hash + Clone + Ord>(
    manager_of: &HashMap<K, K>,
) -> Option<Vec<K>> {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state: HashMap<&K, u8> = HashMap::new();
    let mut keys: Vec<&K> = manager_of.keys().collect();
    keys.sort();
    for start in keys {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<&K> = Vec::new();
        let mut cur = start;
        loop {
            match state.get(cur).copied().unwrap_or(0) {
                1 => {
                    let pos = path.iter().position(|k| *k == cur).expect("on path");
                    let mut cycle: Vec<K> = path[pos..].iter().map(|k| (*k).clone()).collect();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1.cmp(b.1))
                        .map(|(i, _)| i)
                        .unwrap_or(0);
                    cycle.rotate_left(min);
                    return Some(cycle);
                }
                2 => break,
                _ => {}
            }
            state.insert(cur, 1);
            path.push(cur);
            match manager_of.get(cur) {
                Some(next) => cur = next,
                None => break,
            }
        }
        for k in path {
            state.insert(k, 2);
        }
    }
    None
}
