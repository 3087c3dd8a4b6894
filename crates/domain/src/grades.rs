//! Grade systems and their grades (reference data).
//!
//! Health and care staff sit on different pay structures: NHS Agenda for Change bands, medical
//! grades, local-authority grades and Dutch FWG groups. A grade is only meaningful inside its
//! system, so every grade carries its system; `level` maps each grade onto one approximate
//! seniority scale (1–8) so that a programme can bound the grade gap between partners whose
//! employers use different systems.

use serde::{Deserialize, Serialize};

/// A pay/grade structure.
///
/// Serialised as its [`GradeSystem::code`], so JSON, imports and URLs spell it the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GradeSystem {
    /// NHS Agenda for Change bands 1–9, with 8a–8d.
    #[serde(rename = "afc")]
    AgendaForChange,
    /// Doctors in training and senior medical grades, FY1 to consultant.
    #[serde(rename = "medical")]
    Medical,
    /// English local-authority grades (scale points, SO, PO and senior-manager grades).
    #[serde(rename = "local_authority")]
    LocalAuthority,
    /// Dutch FWG function groups (FWG 3.0), 5 to 80.
    #[serde(rename = "fwg")]
    DutchFwg,
}

/// One grade of a grade system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Grade {
    pub system: GradeSystem,
    /// Stable code, as written in imports (e.g. `8a`, `ST4`, `PO2`, `FWG 45`).
    pub code: &'static str,
    /// Order within the system, 0 = most junior.
    pub rank: u8,
    /// Approximate seniority on a scale shared by all systems, 1–8.
    pub level: u8,
}

const fn g(system: GradeSystem, code: &'static str, rank: u8, level: u8) -> Grade {
    Grade {
        system,
        code,
        rank,
        level,
    }
}

use GradeSystem::{AgendaForChange as Afc, DutchFwg as Fwg, LocalAuthority as La, Medical as Med};

static AFC: [Grade; 12] = [
    g(Afc, "1", 0, 1),
    g(Afc, "2", 1, 1),
    g(Afc, "3", 2, 2),
    g(Afc, "4", 3, 2),
    g(Afc, "5", 4, 3),
    g(Afc, "6", 5, 4),
    g(Afc, "7", 6, 5),
    g(Afc, "8a", 7, 6),
    g(Afc, "8b", 8, 6),
    g(Afc, "8c", 9, 7),
    g(Afc, "8d", 10, 7),
    g(Afc, "9", 11, 8),
];

static MEDICAL: [Grade; 16] = [
    g(Med, "FY1", 0, 3),
    g(Med, "FY2", 1, 3),
    g(Med, "CT1", 2, 4),
    g(Med, "CT2", 3, 4),
    g(Med, "CT3", 4, 4),
    g(Med, "ST1", 5, 4),
    g(Med, "ST2", 6, 4),
    g(Med, "ST3", 7, 5),
    g(Med, "ST4", 8, 5),
    g(Med, "ST5", 9, 5),
    g(Med, "ST6", 10, 6),
    g(Med, "ST7", 11, 6),
    g(Med, "ST8", 12, 6),
    g(Med, "Specialty doctor", 13, 6),
    g(Med, "Specialist", 14, 7),
    g(Med, "Consultant", 15, 8),
];

static LOCAL_AUTHORITY: [Grade; 17] = [
    g(La, "Scale 1", 0, 1),
    g(La, "Scale 2", 1, 1),
    g(La, "Scale 3", 2, 2),
    g(La, "Scale 4", 3, 2),
    g(La, "Scale 5", 4, 3),
    g(La, "Scale 6", 5, 3),
    g(La, "SO1", 6, 4),
    g(La, "SO2", 7, 4),
    g(La, "PO1", 8, 5),
    g(La, "PO2", 9, 5),
    g(La, "PO3", 10, 6),
    g(La, "PO4", 11, 6),
    g(La, "PO5", 12, 7),
    g(La, "PO6", 13, 7),
    g(La, "SM1", 14, 8),
    g(La, "SM2", 15, 8),
    g(La, "SM3", 16, 8),
];

static FWG: [Grade; 16] = [
    g(Fwg, "FWG 5", 0, 1),
    g(Fwg, "FWG 10", 1, 1),
    g(Fwg, "FWG 15", 2, 1),
    g(Fwg, "FWG 20", 3, 2),
    g(Fwg, "FWG 25", 4, 2),
    g(Fwg, "FWG 30", 5, 3),
    g(Fwg, "FWG 35", 6, 3),
    g(Fwg, "FWG 40", 7, 4),
    g(Fwg, "FWG 45", 8, 4),
    g(Fwg, "FWG 50", 9, 5),
    g(Fwg, "FWG 55", 10, 5),
    g(Fwg, "FWG 60", 11, 6),
    g(Fwg, "FWG 65", 12, 7),
    g(Fwg, "FWG 70", 13, 7),
    g(Fwg, "FWG 75", 14, 8),
    g(Fwg, "FWG 80", 15, 8),
];

impl GradeSystem {
    pub const ALL: [Self; 4] = [
        Self::AgendaForChange,
        Self::Medical,
        Self::LocalAuthority,
        Self::DutchFwg,
    ];

    /// Stable code used in storage, imports and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Self::AgendaForChange => "afc",
            Self::Medical => "medical",
            Self::LocalAuthority => "local_authority",
            Self::DutchFwg => "fwg",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// All grades of the system, most junior first.
    pub fn grades(self) -> &'static [Grade] {
        match self {
            Self::AgendaForChange => &AFC,
            Self::Medical => &MEDICAL,
            Self::LocalAuthority => &LOCAL_AUTHORITY,
            Self::DutchFwg => &FWG,
        }
    }

    /// Looks a grade up by code, forgivingly: case, surrounding space and the common prefixes
    /// "Band " (AfC) and "FWG" without a space are accepted, because HR extracts write them so.
    pub fn grade(self, code: &str) -> Option<Grade> {
        let wanted = normalise(self, code);
        self.grades()
            .iter()
            .copied()
            .find(|g| normalise(self, g.code) == wanted)
    }
}

fn normalise(system: GradeSystem, code: &str) -> String {
    let mut s: String = code
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    match system {
        GradeSystem::AgendaForChange => {
            if let Some(rest) = s.strip_prefix("band") {
                s = rest.trim().to_string();
            }
        }
        GradeSystem::DutchFwg => {
            if let Some(rest) = s.strip_prefix("fwg") {
                s = format!("fwg {}", rest.trim());
            } else if s.chars().all(|c| c.is_ascii_digit()) {
                s = format!("fwg {s}");
            }
        }
        GradeSystem::Medical | GradeSystem::LocalAuthority => {}
    }
    s
}

/// A grade as compared within a council's own list (see `local_grades` in the store): spaces
/// collapsed and case ignored, so "Grade G" and "grade  g" are one grade, spelled as first written.
pub fn local_grade_key(grade: &str) -> String {
    grade
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Grade {
    /// Finds a grade from its system code and grade code.
    pub fn find(system: GradeSystem, code: &str) -> Option<Grade> {
        system.grade(code)
    }
}
