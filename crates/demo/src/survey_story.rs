//! The demo's evaluation story: every programme gets surveys fitting it, made through the
//! builder; the waves are opened by the scheduler's own `surveys::waves::open_due` at the story's
//! moments (a relationship's start, its close, six months on), and members answer through
//! `surveys::answer::submit`, so what the evaluator sees is what real use would have left.
//!
//! Answers are drawn from their own deterministic stream: self-efficacy (GSES, 10–40) starts
//! around 27 ± 5 and rises by about 3 ± 3 by the end; goal attainment rises too; about one
//! person in eight never answers and some skip a wave (response rates of 60–90 %); about four in
//! five agree to research use; a few write a comment and let it be quoted.

use crate::playback::{Actors, PlayError};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashMap};
use tandem_app::Context as AppContext;
use tandem_app::surveys::answer::{self, SubmitInput};
use tandem_app::surveys::builder::{self, SurveyInput};
use tandem_domain::survey::{
    AnswerValue, Barr, InstrumentCode, Item, Kirkpatrick, LocalText, Question, QuestionKind,
    WaveKind,
};
use tandem_domain::{Actor, PersonId, Programme, ProgrammeKind, Relationship, RelationshipId};
use tandem_storage::Store;

/// The comments a few respondents write (English and Dutch speakers alike write English here:
/// the demo's Dutch participants are bilingual professionals).
const COMMENTS: [&str; 6] = [
    "Having someone outside my own organisation to think out loud with made me braver at work.",
    "I now prepare for difficult conversations instead of avoiding them.",
    "It helped me see how the council side of the system works.",
    "Finding time for the sessions was hard, but every one was worth it.",
    "I have started mentoring someone in my own team as a result.",
    "It gave me the confidence to apply for a band 8a post.",
];

/// The surveys of the story and how each person answers.
pub(crate) struct SurveyStory {
    rng: ChaCha8Rng,
    /// Each person's self-efficacy and goal attainment so far in each relationship (their latest
    /// answer about it).
    gses: HashMap<(PersonId, RelationshipId), f64>,
    goals: HashMap<(PersonId, RelationshipId), f64>,
    /// Whether a person answers surveys at all (about seven in eight do).
    engaged: HashMap<PersonId, bool>,
}

fn comment_question() -> Item {
    Item::Question(Question {
        key: "difference".into(),
        text: LocalText::new(
            "What difference has the programme made to your work?",
            "Welk verschil heeft het programma voor uw werk gemaakt?",
        ),
        kind: QuestionKind::FreeText,
        required: false,
        kirkpatrick: Kirkpatrick::Behaviour,
        barr: Barr::L3,
        dimension: None,
    })
}

impl SurveyStory {
    pub(crate) fn new(seed: u64) -> Self {
        SurveyStory {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5_u64.wrapping_mul(0x0005_EED5_0F5E_ED00)),
            gses: HashMap::new(),
            goals: HashMap::new(),
            engaged: HashMap::new(),
        }
    }

    /// Makes each programme's surveys as its coordinator would, before any of the story's
    /// relationships start: before and after (GSES and goal attainment at the start, the end
    /// and the follow-up), the view of the programme (reaction and a comment, at the end), and
    /// session feedback for programmes that hold one-to-one sessions.
    pub(crate) async fn make_surveys(
        &mut self,
        state: &AppContext,
        coordinator: &Actor,
        programmes: &[Programme],
    ) -> Result<(), PlayError> {
        for p in programmes {
            builder::create(
                state,
                coordinator,
                p.id,
                SurveyInput {
                    title: LocalText::new("Before and after", "Voor en na"),
                    waves: vec![WaveKind::Baseline, WaveKind::End, WaveKind::FollowUp],
                    items: vec![
                        Item::Instrument {
                            code: InstrumentCode::Gses,
                        },
                        Item::Instrument {
                            code: InstrumentCode::GoalAttainment,
                        },
                    ],
                },
            )
            .await?;
            builder::create(
                state,
                coordinator,
                p.id,
                SurveyInput {
                    title: LocalText::new(
                        "Your view of the programme",
                        "Uw oordeel over het programma",
                    ),
                    waves: vec![WaveKind::End],
                    items: vec![
                        Item::Instrument {
                            code: InstrumentCode::Reaction,
                        },
                        comment_question(),
                    ],
                },
            )
            .await?;
            if matches!(
                p.kind,
                ProgrammeKind::Mentoring | ProgrammeKind::PairedLearning
            ) {
                builder::create(
                    state,
                    coordinator,
                    p.id,
                    SurveyInput {
                        title: LocalText::new("After your session", "Na uw bijeenkomst"),
                        waves: vec![WaveKind::Session],
                        items: vec![Item::Instrument {
                            code: InstrumentCode::SessionFeedback,
                        }],
                    },
                )
                .await?;
            }
        }
        Ok(())
    }

    fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        // Box–Muller: two uniform draws make one normal one.
        let u1: f64 = self.rng.random_range(f64::EPSILON..1.0);
        let u2: f64 = self.rng.random_range(0.0..1.0);
        mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Ten GSES answers (1–4) adding up to `total` (10–40).
    fn gses_items(total: f64) -> Vec<f64> {
        let t = total.round().clamp(10.0, 40.0) as i64;
        let base = t / 10;
        let extra = t % 10;
        (0..10)
            .map(|i| (base + i64::from(i < extra)).clamp(1, 4) as f64)
            .collect()
    }

    fn answers_for(
        &mut self,
        person: PersonId,
        relationship: RelationshipId,
        wave: WaveKind,
        questions: &[Question],
    ) -> BTreeMap<String, AnswerValue> {
        let wants = |prefix: &str| questions.iter().any(|q| q.key.starts_with(prefix));
        let mut gses = 27.0;
        if wants("gses.") {
            gses = match (wave, self.gses.get(&(person, relationship)).copied()) {
                (WaveKind::Baseline, _) | (_, None) => self.normal(27.0, 5.0),
                (WaveKind::End, Some(before)) => before + self.normal(3.0, 3.0),
                (_, Some(before)) => before + self.normal(-0.5, 2.0),
            }
            .clamp(10.0, 40.0);
            self.gses.insert((person, relationship), gses);
        }
        let mut goals = 5.0;
        if wants("goal_attainment.") {
            goals = match (wave, self.goals.get(&(person, relationship)).copied()) {
                (WaveKind::Baseline, _) | (_, None) => self.normal(4.0, 1.8),
                (WaveKind::End, Some(before)) => before + self.normal(2.5, 1.5),
                (_, Some(before)) => before + self.normal(0.0, 1.0),
            }
            .clamp(0.0, 10.0);
            self.goals.insert((person, relationship), goals);
        }
        let gses_items = Self::gses_items(gses);
        let mut out = BTreeMap::new();
        for q in questions {
            let value = if let Some(i) = q.key.strip_prefix("gses.") {
                let i: usize = i.parse().unwrap_or(1);
                AnswerValue::Number(gses_items[(i + person.0.as_bytes()[0] as usize) % 10])
            } else if q.key == "goal_attainment.1" {
                AnswerValue::Number(goals.round())
            } else if q.key.starts_with("reaction.") || q.key.starts_with("session_feedback.") {
                AnswerValue::Number(self.normal(4.1, 0.7).round().clamp(1.0, 5.0))
            } else if q.kind == QuestionKind::FreeText {
                if self.rng.random_bool(0.3) {
                    let c = COMMENTS[self.rng.random_range(0..COMMENTS.len())];
                    AnswerValue::Text(c.to_owned())
                } else {
                    continue;
                }
            } else {
                continue;
            };
            out.insert(q.key.clone(), value);
        }
        out
    }

    /// The members of `relationships` answer their open requests of `wave` as of `state`'s
    /// clock, or leave them: people who never answer, and some who skip this wave.
    pub(crate) async fn answer(
        &mut self,
        state: &AppContext,
        store: &Store,
        actors: &mut Actors<'_>,
        relationships: &[Relationship],
        wave: WaveKind,
    ) -> Result<u32, PlayError> {
        let now = state.now();
        let skip = match wave {
            WaveKind::Baseline => 0.05,
            WaveKind::End => 0.1,
            WaveKind::FollowUp => 0.3,
            WaveKind::Session => 0.5,
        };
        let mut answered = 0;
        for r in relationships {
            for m in &r.members {
                let engaged = match self.engaged.get(&m.person_id) {
                    Some(e) => *e,
                    None => {
                        let e = self.rng.random_bool(0.88);
                        self.engaged.insert(m.person_id, e);
                        e
                    }
                };
                let skips = self.rng.random_bool(skip);
                if !engaged || skips {
                    continue;
                }
                let due: Vec<_> = store
                    .survey_requests_of_person(m.person_id, 50)
                    .await?
                    .into_iter()
                    .filter(|q| q.wave == wave && q.relationship_id == Some(r.id))
                    .filter(|q| q.answered_at.is_none() && q.declined_at.is_none())
                    .filter(|q| q.opens_at <= now && now < q.closes_at)
                    .collect();
                let actor = actors.get(m.person_id).await?;
                for q in due {
                    let form =
                        answer::form(state, &actor, q.id, tandem_domain::Language::EnGb).await?;
                    let consent = form.ask_consent.then(|| self.rng.random_bool(0.8));
                    let answers = self.answers_for(m.person_id, r.id, wave, &form.questions);
                    let share = answers.contains_key("difference") && self.rng.random_bool(0.7);
                    let input = SubmitInput {
                        version: form.version,
                        answers,
                        research_consent: consent,
                        share_free_text: share,
                    };
                    answer::submit(state, &actor, q.id, input).await?;
                    answered += 1;
                }
            }
        }
        Ok(answered)
    }
}
