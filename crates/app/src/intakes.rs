//! Intakes of a programme, with places per organisation.

use super::{audited, authorise, programmes};
use crate::{AppError, AppResult, Context};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;
use tandem_domain::validate::required_text;
use tandem_domain::{
    Action, Actor, Intake, IntakeId, IntakePlace, Programme, ProgrammeId, ValidationErrors,
};

/// Most places one organisation can have in one intake (a typo guard, not a business rule).
pub const MAX_PLACES: u32 = 10_000;

/// What a form or API call supplies. Missing dates are field errors.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct IntakeInput {
    pub name: String,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub places: Vec<IntakePlace>,
}

/// Checks the input against the scheme's organisations; zero places are dropped. Writes nothing.
pub async fn validate(ctx: &Context, actor: &Actor, input: &IntakeInput) -> AppResult<Checked> {
    if !programmes::runs_any(actor) {
        return Err(AppError::Forbidden);
    }
    checked(ctx, actor, input).await
}

/// [`validate`] without its question: the callers have decided for one programme already.
async fn checked(ctx: &Context, actor: &Actor, input: &IntakeInput) -> AppResult<Checked> {
    let mut e = ValidationErrors::new();
    let name = required_text(&input.name)
        .map_err(|k| e.add("name", k))
        .ok();
    for (field, value) in [
        ("opens_on", input.opens_on),
        ("closes_on", input.closes_on),
        ("starts_on", input.starts_on),
    ] {
        if value.is_none() {
            e.add(field, "error.date_required");
        }
    }
    if let (Some(o), Some(c), Some(s)) = (input.opens_on, input.closes_on, input.starts_on)
        && let Err(date_errors) = Intake::validate_dates(o, c, s)
    {
        e.errors.extend(date_errors.errors);
    }
    let known: HashSet<_> = ctx
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    let mut seen = HashSet::new();
    let mut places = Vec::new();
    for p in &input.places {
        let field = format!("places_{}", p.organisation_id);
        if !known.contains(&p.organisation_id) {
            e.add(&field, "error.unknown_organisation");
        } else if !seen.insert(p.organisation_id) {
            e.add(&field, "error.duplicate_organisation");
        } else if p.places > MAX_PLACES {
            e.add_with(
                &field,
                "error.too_many_places",
                &[("max", &MAX_PLACES.to_string())],
            );
        } else if p.places > 0 {
            places.push(p.clone());
        }
    }
    e.into_result()?;
    let (o, c, s) = (
        input.opens_on.unwrap_or_default(),
        input.closes_on.unwrap_or_default(),
        input.starts_on.unwrap_or_default(),
    );
    Ok((name.unwrap_or_default(), o, c, s, places))
}

/// A checked intake: name, opening, closing and start dates, places.
pub type Checked = (String, NaiveDate, NaiveDate, NaiveDate, Vec<IntakePlace>);

/// The programme's intakes, earliest first.
pub async fn list(ctx: &Context, actor: &Actor, programme: ProgrammeId) -> AppResult<Vec<Intake>> {
    programmes::get(ctx, actor, programme).await?;
    let mut intakes = ctx.store.list_intakes(programme).await?;
    intakes.sort_by(|a, b| {
        a.opens_on
            .cmp(&b.opens_on)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(intakes)
}

/// One intake and its programme (which must be in the actor's scheme).
pub async fn get(ctx: &Context, actor: &Actor, id: IntakeId) -> AppResult<(Intake, Programme)> {
    let intake = ctx.store.get_intake(id).await?;
    let programme = programmes::get(ctx, actor, intake.programme_id).await?;
    Ok((intake, programme))
}

pub async fn create(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    input: IntakeInput,
) -> AppResult<Intake> {
    programmes::get(ctx, actor, programme).await?;
    authorise(actor, Action::ManageProgramme { programme })?;
    let (name, opens_on, closes_on, starts_on, places) = checked(ctx, actor, &input).await?;
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme,
        name,
        opens_on,
        closes_on,
        starts_on,
        places,
    };
    let change = audited(
        ctx,
        Some(actor),
        "intake.create",
        intake.id.to_string(),
        format!("programme={programme}"),
    );
    change
        .store
        .create_intake(&intake)
        .await
        .map_err(AppError::from)?;
    change.done()?;
    Ok(intake)
}

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: IntakeId,
    input: IntakeInput,
) -> AppResult<Intake> {
    let (existing, programme) = get(ctx, actor, id).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let (name, opens_on, closes_on, starts_on, places) = checked(ctx, actor, &input).await?;
    // Places already held by approved or matched applications cannot be taken away.
    places_below_taken(ctx, id, &places).await?.into_result()?;
    let intake = Intake {
        name,
        opens_on,
        closes_on,
        starts_on,
        places,
        ..existing
    };
    let change = audited(
        ctx,
        Some(actor),
        "intake.update",
        intake.id.to_string(),
        format!("programme={}", intake.programme_id),
    );
    change.store.update_intake(&intake).await?;
    change.done()?;
    Ok(intake)
}

/// The places check for an intake edit: an organisation's places may not go below the places
/// its approved and matched applications already hold (errors name `places_<organisation>`).
async fn places_below_taken(
    ctx: &Context,
    intake: IntakeId,
    places: &[tandem_domain::IntakePlace],
) -> AppResult<ValidationErrors> {
    let mut e = ValidationErrors::new();
    for used in ctx.store.place_use(intake).await? {
        let new = places
            .iter()
            .find(|p| p.organisation_id == used.organisation_id)
            .map(|p| p.places)
            .unwrap_or(0);
        if new < used.taken {
            e.add_with(
                &format!("places_{}", used.organisation_id),
                "error.applications.places_below_taken",
                &[("taken", &used.taken.to_string())],
            );
        }
    }
    Ok(e)
}
