//! Answering a survey: a person's own requests, the form, submitting, declining, and research
//! consent.
//!
//! # Who answered stays unknown to readers of answers
//!
//! A response is stored without a person: it carries a *respondent key*, an HMAC-SHA256 of the
//! person's id under the installation's evaluation key (`evaluation_key`, made once by the first
//! instance that needs it), so one person's baseline and end answers pair up while nobody who
//! reads responses can tell whose they are. Only the month of submission is kept and the
//! response id is random. The key is computed from a person in exactly two places, both acting
//! for that person themselves: [`submit`] (to store the response) and [`set_research_consent`]
//! (a withdrawal clears the consent of that person's earlier responses). Nothing else maps a
//! person to a key, and no page or export shows keys next to people.
//!
//! Audit entries name the request and the survey, never an answer.

use super::keys::{pair_key, respondent_key};
use crate::{AppError, AppResult, Context, Refusal, audited, authorise, authorise_or_hide};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use tandem_domain::survey::ResponseId;
use tandem_domain::survey::{
    AnswerValue, InstrumentCode, Question, Survey, SurveyId, SurveyRequestId, WaveKind,
    check_answers, instrument, score,
};
use tandem_domain::{Action, Actor, Language, PersonId};
use tandem_storage::{Clash, NewResponse, StoreError, SurveyRequest};

/// Most requests listed on a person's page (the newest; a bound on the work per page).
pub const MINE_MAX: u64 = 100;

/// Where a request stands for its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Open and waiting for an answer.
    Due,
    Answered,
    Declined,
    /// The wave closed (or has not opened) without an answer.
    Closed,
}

impl RequestState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Due => "due",
            Self::Answered => "answered",
            Self::Declined => "declined",
            Self::Closed => "closed",
        }
    }

    fn of(r: &SurveyRequest, now: DateTime<Utc>) -> Self {
        if r.answered_at.is_some() {
            Self::Answered
        } else if r.declined_at.is_some() {
            Self::Declined
        } else if now >= r.opens_at && now < r.closes_at {
            Self::Due
        } else {
            Self::Closed
        }
    }
}

/// One of the person's requests, as their list shows it.
#[derive(Clone, Debug, Serialize)]
pub struct MyRequest {
    pub id: SurveyRequestId,
    /// The survey's title in the viewer's language.
    pub title: String,
    pub wave: WaveKind,
    pub state: RequestState,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// A locked instrument shown on the form with its attribution.
#[derive(Clone, Debug, Serialize)]
pub struct Attribution {
    pub code: InstrumentCode,
    pub name: String,
    pub text: String,
}

/// The form of one request, in the viewer's language.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyForm {
    pub request: SurveyRequestId,
    pub survey: SurveyId,
    pub title: String,
    pub wave: WaveKind,
    pub state: RequestState,
    pub closes_at: DateTime<Utc>,
    /// The version the form shows; a submission names it.
    pub version: i64,
    pub questions: Vec<Question>,
    pub attributions: Vec<Attribution>,
    /// True until the person has answered the research-consent question once.
    pub ask_consent: bool,
}

/// What a respondent submits.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct SubmitInput {
    /// The survey version the form showed.
    pub version: i64,
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerValue>,
    /// Asked with the first survey only; `None` later (the recorded choice stands).
    #[serde(default)]
    pub research_consent: Option<bool>,
    /// Whether free-text answers may be quoted (anonymously) in reports.
    #[serde(default)]
    pub share_free_text: bool,
}

/// The request, if it is the actor's own: anyone else's is `NotFound`.
async fn own_request(
    ctx: &Context,
    actor: &Actor,
    request: SurveyRequestId,
) -> AppResult<SurveyRequest> {
    let r = ctx.store.get_survey_request(request).await?;
    authorise_or_hide(
        actor,
        Action::AnswerSurvey {
            respondent: r.person_id,
        },
    )?;
    Ok(r)
}

/// The actor's requests: due ones first (closing soonest first), then the rest, newest first.
pub async fn mine(ctx: &Context, actor: &Actor, lang: Language) -> AppResult<Vec<MyRequest>> {
    authorise(
        actor,
        Action::AnswerSurvey {
            respondent: actor.person_id,
        },
    )?;
    let now = ctx.now();
    let requests = ctx
        .store
        .survey_requests_of_person(actor.person_id, MINE_MAX)
        .await?;
    let mut titles: HashMap<SurveyId, String> = HashMap::new();
    let mut out = Vec::new();
    for r in requests {
        if let std::collections::hash_map::Entry::Vacant(e) = titles.entry(r.survey_id) {
            let s = ctx.store.get_survey(r.survey_id).await?;
            e.insert(s.title.get(lang.tag()).to_owned());
        }
        out.push(MyRequest {
            id: r.id,
            title: titles[&r.survey_id].clone(),
            wave: r.wave,
            state: RequestState::of(&r, now),
            opens_at: r.opens_at,
            closes_at: r.closes_at,
        });
    }
    out.sort_by(|a, b| {
        let due = |m: &MyRequest| m.state != RequestState::Due;
        due(a).cmp(&due(b)).then_with(|| {
            if a.state == RequestState::Due {
                a.closes_at.cmp(&b.closes_at)
            } else {
                b.opens_at.cmp(&a.opens_at)
            }
        })
    });
    Ok(out)
}

/// How many of the actor's requests wait for an answer (the home page's "due").
pub async fn due_count(ctx: &Context, actor: &Actor) -> AppResult<usize> {
    Ok(mine(ctx, actor, Language::EnGb)
        .await?
        .iter()
        .filter(|m| m.state == RequestState::Due)
        .count())
}

/// The form of one of the actor's requests.
pub async fn form(
    ctx: &Context,
    actor: &Actor,
    request: SurveyRequestId,
    lang: Language,
) -> AppResult<SurveyForm> {
    let r = own_request(ctx, actor, request).await?;
    let s = ctx.store.get_survey(r.survey_id).await?;
    let ask_consent = ctx.store.research_consent(r.person_id).await?.is_none();
    Ok(SurveyForm {
        request: r.id,
        survey: s.id,
        title: s.title.get(lang.tag()).to_owned(),
        wave: r.wave,
        state: RequestState::of(&r, ctx.now()),
        closes_at: r.closes_at,
        version: s.version,
        questions: s.questions(),
        attributions: attributions(&s, lang),
        ask_consent,
    })
}

fn attributions(s: &Survey, lang: Language) -> Vec<Attribution> {
    s.instruments()
        .into_iter()
        .map(instrument)
        .filter(|i| !i.attribution.en.is_empty())
        .map(|i| Attribution {
            code: i.code,
            name: i.name.get(lang.tag()).to_owned(),
            text: i.attribution.get(lang.tag()).to_owned(),
        })
        .collect()
}

fn refusal(e: StoreError) -> AppError {
    match e {
        StoreError::Refused(Clash::AlreadyAnswered) => AppError::Refused(Refusal::SurveyDone),
        StoreError::Refused(Clash::WaveClosed) => AppError::Refused(Refusal::WaveClosed),
        StoreError::Refused(Clash::VersionChanged) => AppError::Refused(Refusal::SurveyChanged),
        other => other.into(),
    }
}

/// Stores the actor's answers to one of their requests. Refused, storing nothing: a request
/// answered or declined already, outside its wave, a survey changed since the form was shown,
/// answers outside their scale or missing (field errors keyed by question), and on the first
/// survey a missing research-consent choice.
pub async fn submit(
    ctx: &Context,
    actor: &Actor,
    request: SurveyRequestId,
    input: SubmitInput,
) -> AppResult<()> {
    let r = own_request(ctx, actor, request).await?;
    let now = ctx.now();
    match RequestState::of(&r, now) {
        RequestState::Due => {}
        RequestState::Answered | RequestState::Declined => {
            return Err(AppError::Refused(Refusal::SurveyDone));
        }
        RequestState::Closed => return Err(AppError::Refused(Refusal::WaveClosed)),
    }
    let s = ctx.store.get_survey(r.survey_id).await?;
    if s.version != input.version {
        return Err(AppError::Refused(Refusal::SurveyChanged));
    }
    let recorded = ctx.store.research_consent(r.person_id).await?;
    let mut problems = match check_answers(&s, &input.answers) {
        Ok(_) => tandem_domain::ValidationErrors::new(),
        Err(e) => e,
    };
    if recorded.is_none() && input.research_consent.is_none() {
        problems.add("research_consent", "surveys.error.consent");
    }
    problems.into_result()?;
    let stored = check_answers(&s, &input.answers)?;
    let consent = input
        .research_consent
        .or(recorded.as_ref().map(|c| c.consent))
        .unwrap_or(false);
    let respondent = respondent_key(ctx, r.person_id).await?;
    let response = NewResponse {
        id: ResponseId::new(),
        survey_id: s.id,
        survey_version: s.version,
        programme_id: r.programme_id,
        intake_id: r.intake_id,
        organisation_id: r.organisation_id,
        wave: r.wave,
        role: r.role.clone(),
        respondent: respondent.clone(),
        pair_key: pair_key(ctx, r.person_id, r.relationship_id).await?,
        submitted_month: now.format("%Y-%m").to_string(),
        research_consent: consent,
        share_free_text: input.share_free_text,
        scores: score(&s, &stored),
        answers: stored,
    };
    let change = audited(
        ctx,
        Some(actor),
        "survey.answer",
        r.id.to_string(),
        format!("survey={} wave={}", s.id, r.wave.code()),
    );
    change
        .store
        .submit_survey_response(r.id, &response, now)
        .await
        .map_err(refusal)?;
    if let Some(choice) = input.research_consent
        && recorded.as_ref().map(|c| c.consent) != Some(choice)
    {
        record_consent(ctx, &ctx.store, r.person_id, choice).await?;
    }
    change.done()?;

    Ok(())
}

/// Records that the actor does not want to answer one of their requests; it is not asked
/// again or reminded.
pub async fn decline(ctx: &Context, actor: &Actor, request: SurveyRequestId) -> AppResult<()> {
    let r = own_request(ctx, actor, request).await?;
    let change = audited(
        ctx,
        Some(actor),
        "survey.decline",
        r.id.to_string(),
        format!("survey={} wave={}", r.survey_id, r.wave.code()),
    );
    change
        .store
        .decline_survey_request(r.id, ctx.now())
        .await
        .map_err(refusal)?;
    change.done()?;
    Ok(())
}

/// The actor's research-consent choice, if they made one.
pub async fn research_consent(ctx: &Context, actor: &Actor) -> AppResult<Option<bool>> {
    authorise(
        actor,
        Action::AnswerSurvey {
            respondent: actor.person_id,
        },
    )?;
    Ok(ctx
        .store
        .research_consent(actor.person_id)
        .await?
        .map(|c| c.consent))
}

/// Records the actor's research-consent choice. Withdrawing also clears the research consent of
/// every response they gave before (found by their respondent key, computed here from the
/// actor: the one place besides [`submit`] that does), so research exports leave them out.
pub async fn set_research_consent(ctx: &Context, actor: &Actor, consent: bool) -> AppResult<()> {
    authorise(
        actor,
        Action::AnswerSurvey {
            respondent: actor.person_id,
        },
    )?;
    let change = audited(
        ctx,
        Some(actor),
        "survey.research_consent",
        actor.person_id.to_string(),
        format!("consent={consent}"),
    );
    record_consent(ctx, &change.store, actor.person_id, consent).await?;
    change.done()
}

async fn record_consent(
    ctx: &Context,
    store: &tandem_storage::Store,
    person: PersonId,
    consent: bool,
) -> AppResult<()> {
    // One path for research-use consent wherever it is given: the history of decisions
    // (`consents`), the current choice (`research_consents`) and, on withdrawal, earlier
    // answers left out of research, in one transaction (see `crate::rights`).
    let lang = ctx.store.get_person(person).await?.person.language;
    crate::rights::record_consent(
        ctx,
        store,
        person,
        crate::rights::ConsentKind::Research,
        consent,
        lang,
    )
    .await
}

/// The respondent key of the actor themselves (their own, for tests and for a person asking
/// which responses are theirs under a subject access request).
pub async fn my_respondent_key(ctx: &Context, actor: &Actor) -> AppResult<String> {
    authorise(
        actor,
        Action::AnswerSurvey {
            respondent: actor.person_id,
        },
    )?;
    respondent_key(ctx, actor.person_id).await
}
