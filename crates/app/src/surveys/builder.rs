//! The survey builder: a programme's surveys, made and changed by the scheme's coordinators.
//!
//! A survey mixes the programme's own questions with locked instruments from the library
//! ([`tandem_domain::survey::library`]). An instrument is stored by its code only, so its items,
//! wording and scoring cannot be edited: a before/after comparison is meaningful only when
//! both waves asked the same questions. For the same reason a survey that someone answered is
//! not changed at all (`Refusal::SurveyAnswered`); the coordinator makes a new one instead.

use crate::{AppError, AppResult, Context, Refusal, audited, authorise};
use serde::{Deserialize, Serialize};
use tandem_domain::survey::{
    Instrument, InstrumentCode, Item, LocalText, Survey, SurveyId, WaveKind, check_survey,
    instrument,
};
use tandem_domain::{Action, Actor, Programme, ProgrammeId};
use tandem_storage::{Clash, StoreError};

/// What the builder's form or the API supplies.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct SurveyInput {
    pub title: LocalText,
    pub waves: Vec<WaveKind>,
    pub items: Vec<Item>,
}

/// The programme, when the actor may manage surveys of it: coordinators of its scheme. A
/// programme of another scheme is `NotFound`.
async fn managed_programme(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<Programme> {
    authorise(actor, Action::ViewScheme)?;
    let p = ctx.store.get_programme(programme).await?;
    if p.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    authorise(actor, Action::ManageProgramme { programme })?;
    Ok(p)
}

/// The programme's surveys, oldest first.
pub async fn list(ctx: &Context, actor: &Actor, programme: ProgrammeId) -> AppResult<Vec<Survey>> {
    managed_programme(ctx, actor, programme).await?;
    Ok(ctx.store.surveys_of_programme(programme).await?)
}

/// One survey (of a programme in the actor's scheme).
pub async fn get(ctx: &Context, actor: &Actor, id: SurveyId) -> AppResult<Survey> {
    authorise(actor, Action::ViewScheme)?;
    let s = ctx.store.get_survey(id).await?;
    managed_programme(ctx, actor, s.programme_id).await?;
    Ok(s)
}

fn checked(input: &SurveyInput) -> AppResult<(LocalText, Vec<WaveKind>, Vec<Item>)> {
    let title = LocalText::new(input.title.en.trim(), input.title.nl.trim());
    let mut waves = input.waves.clone();
    waves.sort();
    waves.dedup();
    check_survey(&title, &waves, &input.items).into_result()?;
    Ok((title, waves, input.items.clone()))
}

pub async fn create(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    input: SurveyInput,
) -> AppResult<Survey> {
    managed_programme(ctx, actor, programme).await?;
    let (title, waves, items) = checked(&input)?;
    let now = ctx.now();
    let survey = Survey {
        id: SurveyId::new(),
        programme_id: programme,
        title,
        waves,
        items,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let change = audited(
        ctx,
        Some(actor),
        "survey.create",
        survey.id.to_string(),
        format!("programme={programme}"),
    );
    change.store.create_survey(&survey).await?;
    change.done()?;
    Ok(survey)
}

/// Replaces the survey's title, waves and items if it is still at `expected_version` (else
/// `Refusal::SurveyChanged`) and nobody has answered it (else `Refusal::SurveyAnswered`).
pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: SurveyId,
    expected_version: i64,
    input: SurveyInput,
) -> AppResult<Survey> {
    let mut survey = get(ctx, actor, id).await?;
    let (title, waves, items) = checked(&input)?;
    survey.title = title;
    survey.waves = waves;
    survey.items = items;
    survey.updated_at = ctx.now();
    let change = audited(
        ctx,
        Some(actor),
        "survey.update",
        id.to_string(),
        format!("version={}", expected_version + 1),
    );
    match change.store.update_survey(&survey, expected_version).await {
        Ok(()) => {}
        Err(StoreError::Refused(Clash::SurveyAnswered)) => {
            return Err(AppError::Refused(Refusal::SurveyAnswered));
        }
        Err(StoreError::Refused(Clash::VersionChanged)) => {
            return Err(AppError::Refused(Refusal::SurveyChanged));
        }
        Err(e) => return Err(e.into()),
    }
    change.done()?;
    survey.version = expected_version + 1;
    Ok(survey)
}

/// The instrument library, for the builder: each instrument with its locked items and the
/// attribution it is shown with.
pub fn instruments() -> Vec<Instrument> {
    InstrumentCode::ALL.into_iter().map(instrument).collect()
}
