//! Assessment profiles and equality-based matching, with the lawful basis each needs.
//!
//! Assessment results (psychometric tests, 360-degree reviews) and equality data (language,
//! cultural background) are personal data a programme may only use for matching when it has
//! *decided* to, on a recorded lawful basis, and told participants before they apply. So both
//! are off by default ([`MatchingUse`] absent), switching one on is refused without an
//! Article 6 basis and a justification ([`MatchingUseInput::validate`]), and equality data and
//! psychological test results additionally need an Article 9 condition (they are, or reveal,
//! special-category data: ethnic origin, health). Within a programme that uses them, each
//! person's data counts only while their own consent stands (the caller checks it).

use crate::ids::{PersonId, ProgrammeId};
use crate::text::{self, Shape};
use crate::validate::ValidationErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest instrument name, dimension label or code.
pub const NAME_MAX: usize = 120;
/// Longest justification of a matching use.
pub const JUSTIFICATION_MAX: usize = 2000;
/// Most dimensions one instrument may have (keeps the per-pair work bounded).
pub const DIMENSIONS_MAX: usize = 24;
/// Widest score range an instrument may declare (scores are exact integers).
pub const SCORE_LIMIT: i64 = 1_000_000;
/// Largest weight of one dimension or of the shared-background criterion.
pub const WEIGHT_MAX: i64 = 10;
/// Most preferred languages a person may list.
pub const LANGUAGES_MAX: usize = 6;

/// What a programme may match on beyond the ordinary criteria.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum UseKind {
    /// Imported assessment results, per instrument dimension.
    Assessment,
    /// Shared preferred language or cultural background, from equality data people gave.
    Equality,
}

impl UseKind {
    pub const ALL: [Self; 2] = [Self::Assessment, Self::Equality];

    pub fn code(self) -> &'static str {
        match self {
            Self::Assessment => "assessment",
            Self::Equality => "equality",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The UK GDPR / AVG Article 6(1) basis a programme relies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Article6 {
    /// 6(1)(a): the person's consent.
    Consent,
    /// 6(1)(b): a contract with the person (e.g. a development agreement).
    Contract,
    /// 6(1)(c): a legal obligation of the employer.
    LegalObligation,
    /// 6(1)(e): a public task (NHS bodies, councils).
    PublicTask,
    /// 6(1)(f): legitimate interests (private care providers), after a balancing test.
    LegitimateInterests,
}

impl Article6 {
    pub const ALL: [Self; 5] = [
        Self::Consent,
        Self::Contract,
        Self::LegalObligation,
        Self::PublicTask,
        Self::LegitimateInterests,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::Contract => "contract",
            Self::LegalObligation => "legal_obligation",
            Self::PublicTask => "public_task",
            Self::LegitimateInterests => "legitimate_interests",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The Article 9(2) condition for special-category data (UK GDPR; AVG with the UAVG's
/// exceptions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Article9 {
    /// 9(2)(a): the person's explicit consent.
    ExplicitConsent,
    /// 9(2)(b): employment obligations (with an appropriate policy document).
    Employment,
    /// 9(2)(g): substantial public interest (equality of opportunity, DPA 2018 Sch. 1 para 8;
    /// UAVG art. 25).
    EqualityOfOpportunity,
}

impl Article9 {
    pub const ALL: [Self; 3] = [
        Self::ExplicitConsent,
        Self::Employment,
        Self::EqualityOfOpportunity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ExplicitConsent => "explicit_consent",
            Self::Employment => "employment",
            Self::EqualityOfOpportunity => "equality_of_opportunity",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A programme's recorded decision to match on assessment or equality data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingUse {
    pub programme_id: ProgrammeId,
    pub kind: UseKind,
    pub enabled: bool,
    pub art6: Article6,
    pub art9: Option<Article9>,
    pub justification: String,
    /// The shared-background criterion's weight (equality only; assessment weighs per dimension).
    pub weight: i64,
    pub recorded_by: PersonId,
    pub recorded_at: DateTime<Utc>,
}

/// A coordinator's form to switch a use on (or off).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingUseInput {
    pub enabled: bool,
    /// An [`Article6`] code; empty when none was chosen.
    pub art6: String,
    /// An [`Article9`] code; empty when none was chosen.
    pub art9: String,
    pub justification: String,
    #[serde(default)]
    pub weight: i64,
}

/// What a valid [`MatchingUseInput`] holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidUse {
    pub enabled: bool,
    pub art6: Article6,
    pub art9: Option<Article9>,
    pub justification: String,
    pub weight: i64,
}

impl MatchingUseInput {
    /// Switching on needs an Article 6 basis, an Article 9 condition (both kinds are or may be
    /// special-category data: test results can reveal health, background reveals ethnic origin)
    /// and a justification. Switching off keeps the last basis on record and needs none.
    pub fn validate(&self, kind: UseKind) -> Result<ValidUse, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let art6 = Article6::from_code(self.art6.trim());
        let art9 = Article9::from_code(self.art9.trim());
        let justification = text::check(
            &mut e,
            "justification",
            &self.justification,
            Shape::Block,
            JUSTIFICATION_MAX,
        );
        if self.enabled {
            if art6.is_none() {
                e.add("art6", "assessment.error.basis_required");
            }
            if art9.is_none() {
                e.add("art9", "assessment.error.condition_required");
            }
            if justification.as_deref().is_some_and(str::is_empty) {
                e.add("justification", "assessment.error.justification_required");
            }
        } else if !self.art6.trim().is_empty() && art6.is_none() {
            e.add("art6", "assessment.error.basis_required");
        }
        let weight = if kind == UseKind::Equality {
            if !(0..=WEIGHT_MAX).contains(&self.weight) {
                e.add_with(
                    "weight",
                    "assessment.error.weight_range",
                    &[("max", &WEIGHT_MAX.to_string())],
                );
            }
            self.weight
        } else {
            0
        };
        e.into_result()?;
        Ok(ValidUse {
            enabled: self.enabled,
            art6: art6.unwrap_or(Article6::Consent),
            art9,
            justification: justification.unwrap_or_default(),
            weight,
        })
    }
}

/// One dimension of an instrument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    /// What import files name (compared lower-cased).
    pub code: String,
    pub label: String,
}

/// An assessment instrument of a programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    pub id: String,
    pub programme_id: ProgrammeId,
    pub name: String,
    pub score_min: i64,
    pub score_max: i64,
    pub dimensions: Vec<Dimension>,
}

impl Instrument {
    pub fn dimension(&self, code: &str) -> Option<&Dimension> {
        let code = code.trim().to_lowercase();
        self.dimensions.iter().find(|d| d.code == code)
    }

    pub fn in_range(&self, score: i64) -> bool {
        (self.score_min..=self.score_max).contains(&score)
    }
}

/// A coordinator's form for a new instrument: dimensions one per line as `code: label` (or just
/// a label, whose lower-cased form becomes the code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentInput {
    pub name: String,
    pub score_min: i64,
    pub score_max: i64,
    pub dimensions: String,
}

impl InstrumentInput {
    /// The name, range and dimensions, or every problem found.
    pub fn validate(&self) -> Result<(String, i64, i64, Vec<Dimension>), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = text::check(&mut e, "name", &self.name, Shape::Line, NAME_MAX);
        if name.as_deref().is_some_and(str::is_empty) {
            e.add("name", "error.required");
        }
        if self.score_min >= self.score_max
            || self.score_min.abs() > SCORE_LIMIT
            || self.score_max.abs() > SCORE_LIMIT
        {
            e.add("score_max", "assessment.error.range");
        }
        let mut dims: Vec<Dimension> = Vec::new();
        for line in self
            .dimensions
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let (code, label) = match line.split_once(':') {
                Some((c, l)) => (c.trim(), l.trim()),
                None => (line, line),
            };
            match (text::line(code, NAME_MAX), text::line(label, NAME_MAX)) {
                (Ok(c), Ok(l)) if !c.is_empty() && !l.is_empty() => {
                    let code = c.to_lowercase();
                    if dims.iter().any(|d| d.code == code) {
                        e.add("dimensions", "assessment.error.dimension_twice");
                    } else {
                        dims.push(Dimension { code, label: l });
                    }
                }
                _ => e.add("dimensions", "assessment.error.dimension_bad"),
            }
        }
        if dims.is_empty() || dims.len() > DIMENSIONS_MAX {
            e.add_with(
                "dimensions",
                "assessment.error.dimension_count",
                &[("max", &DIMENSIONS_MAX.to_string())],
            );
        }
        e.into_result()?;
        Ok((
            name.unwrap_or_default(),
            self.score_min,
            self.score_max,
            dims,
        ))
    }
}

/// How a dimension scores a pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionMode {
    /// Points for scores close together.
    #[default]
    Similarity,
    /// Points for scores far apart.
    Complementarity,
}

impl DimensionMode {
    pub fn code(self) -> &'static str {
        match self {
            Self::Similarity => "similarity",
            Self::Complementarity => "complementarity",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Similarity, Self::Complementarity]
            .into_iter()
            .find(|m| m.code() == code)
    }
}

/// The criteria page's choice for one dimension.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionWeight {
    pub instrument_id: String,
    pub dimension_code: String,
    /// 0 (not used) ..= [`WEIGHT_MAX`].
    pub weight: i64,
    pub mode: DimensionMode,
}

/// A cultural background from the short list, the person's own words, or none given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "text")]
pub enum Background {
    /// A code of [`BACKGROUNDS`].
    Listed(String),
    /// The person's own description.
    SelfDescribed(String),
    PreferNotToSay,
}

/// The short list of cultural backgrounds (broad, as in the NHS and CBS equality questions; a
/// person may always describe their own instead).
pub const BACKGROUNDS: [&str; 9] = [
    "british",
    "dutch",
    "other_european",
    "african",
    "caribbean",
    "south_asian",
    "east_asian",
    "middle_eastern",
    "latin_american",
];

/// Language codes a person may list as preferred (ISO 639-1), besides the scheme's own.
pub const LANGUAGES: [&str; 12] = [
    "en", "nl", "cy", "pl", "tr", "ar", "pa", "ur", "pap", "es", "pt", "ro",
];

/// Equality data a person chose to give about themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityData {
    pub person_id: PersonId,
    pub languages: Vec<String>,
    pub background: Background,
    pub updated_at: DateTime<Utc>,
}

/// The person's form: `background` is a list code, `self` (with `background_text`),
/// `prefer_not_to_say`, or empty for prefer not to say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityInput {
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub background: String,
    #[serde(default)]
    pub background_text: String,
}

impl EqualityInput {
    pub fn validate(&self) -> Result<(Vec<String>, Background), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let mut langs: Vec<String> = Vec::new();
        for l in &self.languages {
            let l = l.trim().to_lowercase();
            if l.is_empty() {
                continue;
            }
            if !LANGUAGES.contains(&l.as_str()) {
                e.add("languages", "assessment.error.language_unknown");
            } else if !langs.contains(&l) {
                langs.push(l);
            }
        }
        if langs.len() > LANGUAGES_MAX {
            e.add_with(
                "languages",
                "assessment.error.languages_many",
                &[("max", &LANGUAGES_MAX.to_string())],
            );
        }
        let background = match self.background.trim() {
            "" | "prefer_not_to_say" => Background::PreferNotToSay,
            "self" => {
                match text::check(
                    &mut e,
                    "background_text",
                    &self.background_text,
                    Shape::Line,
                    NAME_MAX,
                ) {
                    Some(t) if !t.is_empty() => Background::SelfDescribed(t),
                    Some(_) => {
                        e.add("background_text", "error.required");
                        Background::PreferNotToSay
                    }
                    None => Background::PreferNotToSay,
                }
            }
            code if BACKGROUNDS.contains(&code) => Background::Listed(code.to_owned()),
            _ => {
                e.add("background", "assessment.error.background_unknown");
                Background::PreferNotToSay
            }
        };
        e.into_result()?;
        Ok((langs, background))
    }
}

/// Whether two people share a preferred language or a cultural background: the only thing
/// equality-based matching reads. Self-described backgrounds count when they read the same
/// (ignoring case); "prefer not to say" never matches anything.
pub fn shares_background(a: &EqualityData, b: &EqualityData) -> bool {
    let language = a.languages.iter().any(|l| b.languages.contains(l));
    let background = match (&a.background, &b.background) {
        (Background::Listed(x), Background::Listed(y)) => x == y,
        (Background::SelfDescribed(x), Background::SelfDescribed(y)) => {
            x.to_lowercase() == y.to_lowercase()
        }
        _ => false,
    };
    language || background
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(art6: &str, art9: &str, why: &str) -> MatchingUseInput {
        MatchingUseInput {
            enabled: true,
            art6: art6.into(),
            art9: art9.into(),
            justification: why.into(),
            weight: 2,
        }
    }

    #[test]
    fn switching_on_needs_basis_condition_and_justification() {
        let ok = on(
            "public_task",
            "employment",
            "Matching on test results helps development.",
        );
        let v = ok.validate(UseKind::Assessment).unwrap();
        assert_eq!(v.art6, Article6::PublicTask);
        assert_eq!(v.art9, Some(Article9::Employment));
        assert_eq!(v.weight, 0, "assessment weighs per dimension");
        for (bad, field) in [
            (on("", "employment", "why"), "art6"),
            (on("vital_interests", "employment", "why"), "art6"),
            (on("consent", "", "why"), "art9"),
            (on("consent", "explicit_consent", "   "), "justification"),
        ] {
            let e = bad.validate(UseKind::Equality).unwrap_err();
            assert!(e.for_field(field).is_some(), "{field}: {e:?}");
        }
        let off = MatchingUseInput::default();
        assert!(!off.validate(UseKind::Assessment).unwrap().enabled);
        let mut heavy = on("consent", "explicit_consent", "why");
        heavy.weight = WEIGHT_MAX + 1;
        assert!(heavy.validate(UseKind::Equality).is_err());
    }

    #[test]
    fn instruments_need_a_range_and_distinct_dimensions() {
        let good = InstrumentInput {
            name: "Insights".into(),
            score_min: 0,
            score_max: 100,
            dimensions: "d: Drive\nInfluence\n".into(),
        };
        let (_, _, _, dims) = good.validate().unwrap();
        assert_eq!(dims[1].code, "influence");
        assert_eq!(dims[0].label, "Drive");
        let mut bad = good.clone();
        bad.score_min = 100;
        assert!(bad.validate().unwrap_err().for_field("score_max").is_some());
        let mut twice = good.clone();
        twice.dimensions = "a: One\nA: Two".into();
        assert!(
            twice
                .validate()
                .unwrap_err()
                .for_field("dimensions")
                .is_some()
        );
        let mut none = good;
        none.dimensions = " \n".into();
        assert!(none.validate().is_err());
    }

    #[test]
    fn equality_data_is_optional_and_shared_only_when_given() {
        let given = |langs: &[&str], bg: &str, t: &str| {
            let (languages, background) = EqualityInput {
                languages: langs.iter().map(|s| s.to_string()).collect(),
                background: bg.into(),
                background_text: t.into(),
            }
            .validate()
            .unwrap();
            EqualityData {
                person_id: PersonId::new(),
                languages,
                background,
                updated_at: Utc::now(),
            }
        };
        let a = given(&["tr", "nl"], "prefer_not_to_say", "");
        let b = given(&["TR"], "", "");
        assert!(shares_background(&a, &b), "a shared language");
        let c = given(&[], "self", "Surinaams-Hindoestaans");
        let d = given(&[], "self", "surinaams-hindoestaans");
        assert!(shares_background(&c, &d));
        let e = given(&[], "prefer_not_to_say", "");
        assert!(
            !shares_background(&e, &e.clone()),
            "prefer not to say never matches"
        );
        assert!(
            EqualityInput {
                languages: vec!["xx".into()],
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            EqualityInput {
                background: "self".into(),
                ..Default::default()
            }
            .validate()
            .is_err()
        );
    }
}
