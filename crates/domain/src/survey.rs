//! Evaluation surveys: questions tagged with the evidence level they speak to, locked validated
//! instruments, the waves a survey is sent at, and how an answer is checked and scored.
//!
//! Pure: the rules that make answers comparable live here, tested without a database. A survey is
//! a programme's list of [`Item`]s: its own questions, which the coordinator may edit until the
//! first answer arrives, and instruments from the [`library`], which nobody edits, because a
//! changed item or scoring would make a before/after comparison meaningless. Each response is
//! scored at submission into per-scale scores ([`score`]), so analytics read one number per
//! respondent and scale instead of re-scoring answers for every page.
//!
//! Every question carries a **Kirkpatrick** level (1 reaction, 2 learning, 3 behaviour, 4
//! results) and a **Barr** level (the interprofessional-education refinement: 1, 2a, 2b, 3, 4a,
//! 4b), so a report can state the highest level of evidence a programme reached.

use crate::framework::FrameworkDimension;
use crate::ids::ProgrammeId;
use crate::validate::ValidationErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Identifier of a survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SurveyId(pub Uuid);

/// Identifier of one request to one person to answer a survey at one wave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SurveyRequestId(pub Uuid);

/// Identifier of an answered survey. Random (UUIDv4), never time-ordered: a v7 id carries its
/// creation time, which could link a response to the request answered at that moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ResponseId(pub Uuid);

macro_rules! id_impls {
    ($($name:ident => $new:expr),* $(,)?) => {$(
        impl $name {
            pub fn new() -> Self {
                Self($new)
            }
        }
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_impls!(
    SurveyId => Uuid::now_v7(),
    SurveyRequestId => Uuid::now_v7(),
    ResponseId => Uuid::new_v4(),
);

/// Kirkpatrick's four levels of training evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kirkpatrick {
    Reaction,
    Learning,
    Behaviour,
    Results,
}

impl Kirkpatrick {
    pub const ALL: [Self; 4] = [
        Self::Reaction,
        Self::Learning,
        Self::Behaviour,
        Self::Results,
    ];

    /// The level's number, 1–4.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Reaction => "reaction",
            Self::Learning => "learning",
            Self::Behaviour => "behaviour",
            Self::Results => "results",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Barr et al.'s levels for interprofessional education, ordered from the weakest evidence
/// (reaction) to the strongest (benefits to patients or clients).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Barr {
    #[serde(rename = "1")]
    L1,
    #[serde(rename = "2a")]
    L2a,
    #[serde(rename = "2b")]
    L2b,
    #[serde(rename = "3")]
    L3,
    #[serde(rename = "4a")]
    L4a,
    #[serde(rename = "4b")]
    L4b,
}

impl Barr {
    pub const ALL: [Self; 6] = [
        Self::L1,
        Self::L2a,
        Self::L2b,
        Self::L3,
        Self::L4a,
        Self::L4b,
    ];

    /// As written in the literature and in reports: "1", "2a", "2b", "3", "4a", "4b".
    pub fn code(self) -> &'static str {
        match self {
            Self::L1 => "1",
            Self::L2a => "2a",
            Self::L2b => "2b",
            Self::L3 => "3",
            Self::L4a => "4a",
            Self::L4b => "4b",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }

    /// The Kirkpatrick level a Barr level refines.
    pub fn kirkpatrick(self) -> Kirkpatrick {
        match self {
            Self::L1 => Kirkpatrick::Reaction,
            Self::L2a | Self::L2b => Kirkpatrick::Learning,
            Self::L3 => Kirkpatrick::Behaviour,
            Self::L4a | Self::L4b => Kirkpatrick::Results,
        }
    }
}

/// When a survey is sent. Baseline and end pair up per respondent for before/after figures;
/// follow-up asks whether a change lasted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaveKind {
    /// When a relationship starts running.
    Baseline,
    /// When a relationship closes.
    End,
    /// [`FOLLOW_UP_MONTHS`] after a relationship closed.
    FollowUp,
    /// After each session held (one-to-one sessions, set meetings attended).
    Session,
}

/// How long after the end the follow-up wave opens.
pub const FOLLOW_UP_MONTHS: u32 = 6;
/// How long a request stays open, in days, before the wave closes for that person.
pub const WAVE_OPEN_DAYS: i64 = 28;
/// When an unanswered request is reminded, in days after it opened (once).
pub const WAVE_REMINDER_DAYS: i64 = 7;

impl WaveKind {
    pub const ALL: [Self; 4] = [Self::Baseline, Self::End, Self::FollowUp, Self::Session];

    pub fn code(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::End => "end",
            Self::FollowUp => "follow_up",
            Self::Session => "session",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.code() == code)
    }
}

/// What kind of answer a question takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// 1–5 agreement.
    Likert5,
    /// 1–7 agreement.
    Likert7,
    /// 0–10 (e.g. how likely to recommend, goal attainment).
    Scale0To10,
    /// One of the options (stored as its index, 0-based, and its text).
    SingleChoice { options: Vec<LocalText> },
    /// Any of the options (stored as the indexes chosen).
    MultipleChoice { options: Vec<LocalText> },
    /// A number within bounds.
    Number { min: f64, max: f64 },
    /// Free text, at most [`FREE_TEXT_MAX`] characters.
    FreeText,
    /// An instrument's own scale, `min..=max` whole numbers, with a label per point.
    Points {
        min: u8,
        max: u8,
        labels: Vec<LocalText>,
    },
}

/// Longest free-text answer kept.
pub const FREE_TEXT_MAX: usize = 4000;
/// Most questions a survey may hold (instrument items included): a bound on work per answer.
pub const ITEMS_MAX: usize = 80;
/// Most options of a choice question.
pub const OPTIONS_MAX: usize = 20;

impl QuestionKind {
    /// The numeric range an answer must fall in, for kinds answered with a number.
    pub fn range(&self) -> Option<(f64, f64)> {
        match self {
            Self::Likert5 => Some((1.0, 5.0)),
            Self::Likert7 => Some((1.0, 7.0)),
            Self::Scale0To10 => Some((0.0, 10.0)),
            Self::Number { min, max } => Some((*min, *max)),
            Self::Points { min, max, .. } => Some((f64::from(*min), f64::from(*max))),
            Self::SingleChoice { .. } | Self::MultipleChoice { .. } | Self::FreeText => None,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Likert5 => "likert5",
            Self::Likert7 => "likert7",
            Self::Scale0To10 => "scale0to10",
            Self::SingleChoice { .. } => "single_choice",
            Self::MultipleChoice { .. } => "multiple_choice",
            Self::Number { .. } => "number",
            Self::FreeText => "free_text",
            Self::Points { .. } => "points",
        }
    }
}

/// A text in each of Tandem's languages. A coordinator's own questions may leave Dutch empty,
/// in which case English is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalText {
    pub en: String,
    #[serde(default)]
    pub nl: String,
}

impl LocalText {
    pub fn new(en: &str, nl: &str) -> Self {
        Self {
            en: en.to_owned(),
            nl: nl.to_owned(),
        }
    }

    /// The text in `lang` ("en-GB", "nl-NL", …), English when there is none.
    pub fn get(&self, lang: &str) -> &str {
        if lang.starts_with("nl") && !self.nl.trim().is_empty() {
            &self.nl
        } else {
            &self.en
        }
    }
}

/// One question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within its survey ("q1", "gses.3"): answers are stored under it.
    pub key: String,
    pub text: LocalText,
    pub kind: QuestionKind,
    pub required: bool,
    pub kirkpatrick: Kirkpatrick,
    pub barr: Barr,
    pub dimension: Option<FrameworkDimension>,
}

/// A part of a survey: a question of the programme's own, or a locked instrument.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    Question(Question),
    Instrument { code: InstrumentCode },
}

/// A programme's survey.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub id: SurveyId,
    pub programme_id: ProgrammeId,
    pub title: LocalText,
    /// The waves it is sent at (at least one).
    pub waves: Vec<WaveKind>,
    pub items: Vec<Item>,
    /// Raised by every change; a response names the version its form showed, and one from an
    /// older version is refused (the questions it answered are no longer the survey's).
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Survey {
    /// Every question a respondent sees, instruments expanded, in order.
    pub fn questions(&self) -> Vec<Question> {
        let mut out = Vec::new();
        for item in &self.items {
            match item {
                Item::Question(q) => out.push(q.clone()),
                Item::Instrument { code } => out.extend(instrument(*code).questions()),
            }
        }
        out
    }

    /// The instruments it contains, in order.
    pub fn instruments(&self) -> Vec<InstrumentCode> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Instrument { code } => Some(*code),
                Item::Question(_) => None,
            })
            .collect()
    }
}

/// A validated or standard instrument shipped with Tandem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentCode {
    /// General Self-Efficacy Scale (Schwarzer & Jerusalem), 10 items, 1–4, total 10–40.
    Gses,
    /// Goal attainment: how far the respondent has reached their goals, 0–10.
    GoalAttainment,
    /// Kirkpatrick level 1 reaction to the programme.
    Reaction,
    /// Feedback on one session.
    SessionFeedback,
}

impl InstrumentCode {
    pub const ALL: [Self; 4] = [
        Self::Gses,
        Self::GoalAttainment,
        Self::Reaction,
        Self::SessionFeedback,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Gses => "gses",
            Self::GoalAttainment => "goal_attainment",
            Self::Reaction => "reaction",
            Self::SessionFeedback => "session_feedback",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// How an instrument's items become a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scoring {
    /// Sum of the items (all required): GSES 10–40.
    Sum,
    /// Mean of the answered numeric items.
    Mean,
}

/// An instrument: locked items, scoring and the attribution it must be shown with.
#[derive(Clone, Debug, PartialEq)]
pub struct Instrument {
    pub code: InstrumentCode,
    pub name: LocalText,
    /// Shown with the instrument wherever it is used (the GSES authors ask for attribution).
    pub attribution: LocalText,
    pub items: Vec<Question>,
    pub scoring: Scoring,
    /// The scale's bounds after scoring (GSES: 10–40).
    pub score_range: (f64, f64),
}

impl Instrument {
    pub fn questions(&self) -> Vec<Question> {
        self.items.clone()
    }

    /// The scale name its score is stored under (= its code).
    pub fn scale(&self) -> &'static str {
        self.code.code()
    }
}

/// The instrument with this code.
pub fn instrument(code: InstrumentCode) -> Instrument {
    library::get(code)
}

/// One answer as the respondent gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AnswerValue {
    Number(f64),
    Choices(Vec<usize>),
    Text(String),
}

/// An answer checked against its question, ready to store: the number (scales, numbers, a single
/// choice's index) and/or the text (free text, a choice's option text, the chosen indexes of a multiple choice, comma-separated).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredAnswer {
    pub item: String,
    pub number: Option<f64>,
    pub text: Option<String>,
}

/// Checks every answer against the survey's questions: required questions answered, numbers
/// inside their scale (whole numbers for scales), choices among the options, free text within
/// bounds and free of control characters, and no answer to a question the survey does not have.
/// Returns the answers to store, or a field error per problem keyed by the question's key.
pub fn check_answers(
    survey: &Survey,
    answers: &BTreeMap<String, AnswerValue>,
) -> Result<Vec<StoredAnswer>, ValidationErrors> {
    let questions = survey.questions();
    let mut errors = ValidationErrors::new();
    let mut out = Vec::new();
    for key in answers.keys() {
        if !questions.iter().any(|q| &q.key == key) {
            errors.add(key, "survey.error.unknown_question");
        }
    }
    for q in &questions {
        match (answers.get(&q.key), &q.kind) {
            (None, _) => {
                if q.required {
                    errors.add(&q.key, "survey.error.required");
                }
            }
            (Some(AnswerValue::Text(t)), QuestionKind::FreeText) => {
                match crate::text::block(t, FREE_TEXT_MAX) {
                    Err(crate::text::TextError::TooLong { .. }) => {
                        errors.add(&q.key, "survey.error.too_long")
                    }
                    Err(e) => e.record(&mut errors, &q.key),
                    Ok(t) if t.is_empty() => {
                        if q.required {
                            errors.add(&q.key, "survey.error.required");
                        }
                    }
                    Ok(t) => out.push(StoredAnswer {
                        item: q.key.clone(),
                        number: None,
                        text: Some(t),
                    }),
                }
            }
            (Some(AnswerValue::Number(n)), kind) if kind.range().is_some() => {
                let (lo, hi) = kind.range().unwrap_or((0.0, 0.0));
                let whole = !matches!(kind, QuestionKind::Number { .. });
                if !n.is_finite() || *n < lo || *n > hi || (whole && n.fract() != 0.0) {
                    errors.add(&q.key, "survey.error.out_of_scale");
                } else {
                    out.push(StoredAnswer {
                        item: q.key.clone(),
                        number: Some(*n),
                        text: None,
                    });
                }
            }
            (Some(AnswerValue::Choices(c)), QuestionKind::SingleChoice { options }) => {
                match c.as_slice() {
                    [i] if *i < options.len() => out.push(StoredAnswer {
                        item: q.key.clone(),
                        number: Some(*i as f64),
                        text: Some(options[*i].en.clone()),
                    }),
                    [] if !q.required => {}
                    _ => errors.add(&q.key, "survey.error.choice"),
                }
            }
            (Some(AnswerValue::Choices(c)), QuestionKind::MultipleChoice { options }) => {
                let mut c = c.clone();
                c.sort_unstable();
                c.dedup();
                if c.iter().any(|i| *i >= options.len()) {
                    errors.add(&q.key, "survey.error.choice");
                } else if c.is_empty() {
                    if q.required {
                        errors.add(&q.key, "survey.error.required");
                    }
                } else {
                    out.push(StoredAnswer {
                        item: q.key.clone(),
                        number: None,
                        text: Some(c.iter().map(usize::to_string).collect::<Vec<_>>().join(",")),
                    });
                }
            }
            (Some(_), _) => errors.add(&q.key, "survey.error.kind"),
        }
    }
    errors.into_result().map(|()| out)
}

/// The per-scale scores of a checked response: one per instrument in the survey whose items were
/// answered as its scoring requires (a GSES needs all ten items; a mean needs at least one).
pub fn score(survey: &Survey, answers: &[StoredAnswer]) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for code in survey.instruments() {
        let inst = instrument(code);
        let values: Vec<f64> = inst
            .items
            .iter()
            .filter(|q| q.kind.range().is_some())
            .filter_map(|q| answers.iter().find(|a| a.item == q.key)?.number)
            .collect();
        let numeric = inst
            .items
            .iter()
            .filter(|q| q.kind.range().is_some())
            .count();
        let score = match inst.scoring {
            Scoring::Sum if values.len() == numeric && numeric > 0 => Some(values.iter().sum()),
            Scoring::Mean if !values.is_empty() => {
                Some(values.iter().sum::<f64>() / values.len() as f64)
            }
            _ => None,
        };
        if let Some(s) = score {
            out.push((inst.scale().to_owned(), s));
        }
    }
    out
}

/// Refuses control and direction-override characters in a survey's one-line texts (the one text
/// rule, [`crate::text`]); their lengths have the survey's own messages.
fn rule_chars<'a>(
    errors: &mut ValidationErrors,
    field: &str,
    texts: impl IntoIterator<Item = &'a String>,
) {
    let bad = texts
        .into_iter()
        .find_map(|t| match crate::text::line(t, usize::MAX / 8) {
            Err(e @ (crate::text::TextError::Control | crate::text::TextError::Bidi)) => Some(e),
            _ => None,
        });
    if let Some(e) = bad {
        e.record(errors, field);
    }
}

/// Checks a survey a coordinator wrote: a title, at least one wave, at least one item, unique
/// question keys, question texts present, choice options present and bounded, number bounds in
/// order, each instrument at most once, at most [`ITEMS_MAX`] questions in all.
pub fn check_survey(title: &LocalText, waves: &[WaveKind], items: &[Item]) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    if title.en.trim().is_empty() || title.en.chars().count() > 200 {
        errors.add("title", "survey.error.title");
    }
    rule_chars(&mut errors, "title", [&title.en, &title.nl]);
    if waves.is_empty() {
        errors.add("waves", "survey.error.waves");
    }
    if items.is_empty() {
        errors.add("items", "survey.error.items");
    }
    let mut keys = std::collections::BTreeSet::new();
    let mut instruments = std::collections::BTreeSet::new();
    let mut count = 0;
    for item in items {
        match item {
            Item::Instrument { code } => {
                if !instruments.insert(*code) {
                    errors.add("items", "survey.error.instrument_twice");
                }
                count += instrument(*code).items.len();
            }
            Item::Question(q) => {
                count += 1;
                let key_ok = !q.key.is_empty()
                    && q.key.len() <= 40
                    && !q.key.contains('.')
                    && q.key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if !key_ok || !keys.insert(q.key.clone()) {
                    errors.add(&q.key, "survey.error.key");
                }
                if q.text.en.trim().is_empty() || q.text.en.chars().count() > 500 {
                    errors.add(&q.key, "survey.error.question_text");
                }
                let mut texts = vec![&q.text.en, &q.text.nl];
                if let QuestionKind::SingleChoice { options }
                | QuestionKind::MultipleChoice { options } = &q.kind
                {
                    texts.extend(options.iter().flat_map(|o| [&o.en, &o.nl]));
                }
                rule_chars(&mut errors, &q.key, texts);
                let bad = match &q.kind {
                    QuestionKind::SingleChoice { options }
                    | QuestionKind::MultipleChoice { options } => (options.len() < 2
                        || options.len() > OPTIONS_MAX
                        || options.iter().any(|o| o.en.trim().is_empty()))
                    .then_some("survey.error.options"),
                    QuestionKind::Number { min, max } => {
                        (!(min.is_finite() && max.is_finite() && min < max))
                            .then_some("survey.error.bounds")
                    }
                    // Points scales belong to instruments only.
                    QuestionKind::Points { .. } => Some("survey.error.kind"),
                    _ => None,
                };
                if let Some(key) = bad {
                    errors.add(&q.key, key);
                }
            }
        }
    }
    if count > ITEMS_MAX {
        errors.add("items", "survey.error.too_many");
    }
    errors
}

/// The instrument library. Only instruments free to use are shipped: the General Self-Efficacy
/// Scale's authors allow use without permission, with attribution; the other three are Tandem's
/// own plain questions. Instruments whose licence is unclear (e.g. the Mentoring Functions
/// Questionnaire, MCA ratings) are not shipped; a coordinator may add their own questions.
pub mod library {
    use super::*;

    fn q(
        key: &str,
        en: &str,
        nl: &str,
        kind: QuestionKind,
        kirkpatrick: Kirkpatrick,
        barr: Barr,
    ) -> Question {
        Question {
            key: key.to_owned(),
            text: LocalText::new(en, nl),
            kind,
            required: true,
            kirkpatrick,
            barr,
            dimension: None,
        }
    }

    fn gses_points() -> QuestionKind {
        QuestionKind::Points {
            min: 1,
            max: 4,
            labels: vec![
                LocalText::new("Not at all true", "Helemaal niet juist"),
                LocalText::new("Hardly true", "Nauwelijks juist"),
                LocalText::new("Moderately true", "Enigszins juist"),
                LocalText::new("Exactly true", "Helemaal juist"),
            ],
        }
    }

    /// The GSES items, English (Schwarzer & Jerusalem, 1995) and the authors' Dutch version
    /// (Teeuw, Schwarzer & Jerusalem, 1994).
    const GSES: [(&str, &str); 10] = [
        (
            "I can always manage to solve difficult problems if I try hard enough.",
            "Het lukt me altijd moeilijke problemen op te lossen, als ik er genoeg moeite voor doe.",
        ),
        (
            "If someone opposes me, I can find the means and ways to get what I want.",
            "Als iemand mij tegenwerkt, vind ik toch manieren om te krijgen wat ik wil.",
        ),
        (
            "It is easy for me to stick to my aims and accomplish my goals.",
            "Het is makkelijk voor mij om vast te houden aan mijn plannen en mijn doelen te bereiken.",
        ),
        (
            "I am confident that I could deal efficiently with unexpected events.",
            "Ik vertrouw erop dat ik onverwachte gebeurtenissen doeltreffend aanpak.",
        ),
        (
            "Thanks to my resourcefulness, I know how to handle unforeseen situations.",
            "Dankzij mijn vindingrijkheid weet ik hoe ik in onvoorziene situaties moet handelen.",
        ),
        (
            "I can solve most problems if I invest the necessary effort.",
            "Ik kan de meeste problemen oplossen als ik er de nodige moeite voor doe.",
        ),
        (
            "I can remain calm when facing difficulties because I can rely on my coping abilities.",
            "Ik blijf kalm als ik voor moeilijkheden sta omdat ik vertrouw op mijn vermogen om problemen op te lossen.",
        ),
        (
            "When I am confronted with a problem, I can usually find several solutions.",
            "Als ik met een probleem geconfronteerd word, heb ik meestal verschillende ideeën hoe het op te lossen.",
        ),
        (
            "If I am in trouble, I can usually think of a solution.",
            "Als ik in een moeilijke situatie zit, weet ik meestal wat ik moet doen.",
        ),
        (
            "I can usually handle whatever comes my way.",
            "Wat er ook gebeurt, ik kan er meestal wel mee omgaan.",
        ),
    ];

    /// The instrument with this code.
    pub fn get(code: InstrumentCode) -> Instrument {
        match code {
            InstrumentCode::Gses => Instrument {
                code,
                name: LocalText::new(
                    "General Self-Efficacy Scale",
                    "Algemene Self-Efficacy Schaal",
                ),
                attribution: LocalText::new(
                    "Schwarzer, R., & Jerusalem, M. (1995). Generalized Self-Efficacy scale. In J. Weinman, S. Wright, & M. Johnston, Measures in health psychology: A user's portfolio. Causal and control beliefs (pp. 35-37). Windsor, UK: NFER-NELSON. Dutch version: Teeuw, B., Schwarzer, R., & Jerusalem, M. (1994).",
                    "Schwarzer, R., & Jerusalem, M. (1995). Generalized Self-Efficacy scale. In J. Weinman, S. Wright, & M. Johnston, Measures in health psychology: A user's portfolio. Causal and control beliefs (pp. 35-37). Windsor, VK: NFER-NELSON. Nederlandse versie: Teeuw, B., Schwarzer, R., & Jerusalem, M. (1994).",
                ),
                items: GSES
                    .iter()
                    .enumerate()
                    .map(|(i, (en, nl))| {
                        q(
                            &format!("gses.{}", i + 1),
                            en,
                            nl,
                            gses_points(),
                            Kirkpatrick::Learning,
                            Barr::L2b,
                        )
                    })
                    .collect(),
                scoring: Scoring::Sum,
                score_range: (10.0, 40.0),
            },
            InstrumentCode::GoalAttainment => Instrument {
                code,
                name: LocalText::new("Goal attainment", "Doelbereiking"),
                attribution: LocalText::default(),
                items: vec![q(
                    "goal_attainment.1",
                    "How far have you reached the goals you set for this mentoring or learning (0 = not at all, 10 = completely)?",
                    "In hoeverre hebt u de doelen bereikt die u zich voor dit mentoraat of leertraject hebt gesteld (0 = helemaal niet, 10 = volledig)?",
                    QuestionKind::Scale0To10,
                    Kirkpatrick::Behaviour,
                    Barr::L3,
                )],
                scoring: Scoring::Mean,
                score_range: (0.0, 10.0),
            },
            InstrumentCode::Reaction => Instrument {
                code,
                name: LocalText::new("Reaction to the programme", "Waardering van het programma"),
                attribution: LocalText::default(),
                items: vec![
                    q(
                        "reaction.1",
                        "Overall, the programme was worth my time.",
                        "Al met al was het programma mijn tijd waard.",
                        QuestionKind::Likert5,
                        Kirkpatrick::Reaction,
                        Barr::L1,
                    ),
                    q(
                        "reaction.2",
                        "What I learned is relevant to my work.",
                        "Wat ik heb geleerd, is van belang voor mijn werk.",
                        QuestionKind::Likert5,
                        Kirkpatrick::Reaction,
                        Barr::L1,
                    ),
                    q(
                        "reaction.3",
                        "I would recommend the programme to a colleague.",
                        "Ik zou het programma aan een collega aanraden.",
                        QuestionKind::Likert5,
                        Kirkpatrick::Reaction,
                        Barr::L1,
                    ),
                ],
                scoring: Scoring::Mean,
                score_range: (1.0, 5.0),
            },
            InstrumentCode::SessionFeedback => Instrument {
                code,
                name: LocalText::new("Session feedback", "Terugblik op de bijeenkomst"),
                attribution: LocalText::default(),
                items: vec![
                    q(
                        "session_feedback.1",
                        "The session was useful to me.",
                        "De bijeenkomst was nuttig voor mij.",
                        QuestionKind::Likert5,
                        Kirkpatrick::Reaction,
                        Barr::L1,
                    ),
                    q(
                        "session_feedback.2",
                        "I know what I will do next as a result of the session.",
                        "Ik weet wat ik na deze bijeenkomst ga doen.",
                        QuestionKind::Likert5,
                        Kirkpatrick::Learning,
                        Barr::L2b,
                    ),
                ],
                scoring: Scoring::Mean,
                score_range: (1.0, 5.0),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey(items: Vec<Item>) -> Survey {
        Survey {
            id: SurveyId::new(),
            programme_id: ProgrammeId::new(),
            title: LocalText::new("Before and after", ""),
            waves: vec![WaveKind::Baseline, WaveKind::End],
            items,
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn gses_scores_ten_to_forty_and_needs_every_item() {
        let s = survey(vec![Item::Instrument {
            code: InstrumentCode::Gses,
        }]);
        assert_eq!(s.questions().len(), 10);
        let all: BTreeMap<String, AnswerValue> = (1..=10)
            .map(|i| {
                (
                    format!("gses.{i}"),
                    AnswerValue::Number(if i % 2 == 0 { 4.0 } else { 1.0 }),
                )
            })
            .collect();
        let stored = check_answers(&s, &all).expect("valid");
        assert_eq!(score(&s, &stored), vec![("gses".to_owned(), 25.0)]);
        let mut missing = all.clone();
        missing.remove("gses.7");
        let errs = check_answers(&s, &missing).unwrap_err();
        assert_eq!(errs.errors.len(), 1);
        assert_eq!(errs.errors[0].field, "gses.7");
        let mut outside = all;
        outside.insert("gses.2".into(), AnswerValue::Number(5.0));
        assert!(check_answers(&s, &outside).is_err());
    }

    #[test]
    fn unknown_questions_and_half_points_are_refused() {
        let s = survey(vec![Item::Instrument {
            code: InstrumentCode::GoalAttainment,
        }]);
        let mut a = BTreeMap::new();
        a.insert("goal_attainment.1".to_owned(), AnswerValue::Number(6.5));
        assert!(check_answers(&s, &a).is_err());
        a.insert("goal_attainment.1".to_owned(), AnswerValue::Number(6.0));
        a.insert("extra".to_owned(), AnswerValue::Number(1.0));
        assert!(check_answers(&s, &a).is_err());
    }

    #[test]
    fn every_instrument_item_is_translated_and_keyed_by_its_instrument() {
        for code in InstrumentCode::ALL {
            let i = instrument(code);
            for q in &i.items {
                assert!(q.key.starts_with(&format!("{}.", code.code())), "{}", q.key);
                assert!(!q.text.en.is_empty() && !q.text.nl.is_empty(), "{}", q.key);
            }
        }
    }

    #[test]
    fn barr_levels_order_from_reaction_to_patient_benefit() {
        assert!(Barr::L1 < Barr::L2a && Barr::L2b < Barr::L3 && Barr::L4a < Barr::L4b);
        assert_eq!(Barr::L4b.kirkpatrick(), Kirkpatrick::Results);
        for b in Barr::ALL {
            assert_eq!(Barr::from_code(b.code()), Some(b));
        }
    }
}
