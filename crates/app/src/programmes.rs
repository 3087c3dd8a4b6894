//! Programmes and their rules.

use super::{audited, authorise};
use crate::{AppError, AppResult, Context};
use serde::Deserialize;
use tandem_domain::validate::{optional_text, required_text};
use tandem_domain::{
    Action, Actor, Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, ValidationErrors,
};

/// Longest programme description accepted.
pub const MAX_DESCRIPTION: usize = 2000;

/// What a form or API call supplies to create or change a programme.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProgrammeInput {
    pub name: String,
    pub kind: Option<ProgrammeKind>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub rules: ProgrammeRules,
}

/// Checks name, kind, description and rules together, so a form shows every problem at once.
pub fn validate(input: &ProgrammeInput) -> Result<Programme, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let name = required_text(&input.name)
        .map_err(|k| e.add("name", k))
        .ok();
    let description = tandem_domain::text::check(
        &mut e,
        "description",
        &input.description,
        tandem_domain::text::Shape::Block,
        MAX_DESCRIPTION,
    )
    .unwrap_or_default();
    let mut rules = input.rules.clone();
    let mut professions = Vec::new();
    for p in &rules.eligibility.professions {
        match optional_text(p) {
            Ok(Some(p))
                if !professions
                    .iter()
                    .any(|q: &String| q.eq_ignore_ascii_case(&p)) =>
            {
                professions.push(p)
            }
            Ok(_) => {}
            Err(k) => {
                e.add("professions", k);
                break;
            }
        }
    }
    rules.eligibility.professions = professions;
    rules.modes.sort();
    rules.modes.dedup();
    rules.eligibility.organisation_kinds.dedup();
    match input.kind {
        None => e.add("kind", "error.choose_programme_kind"),
        Some(kind) => {
            if let Err(rule_errors) = rules.validate(kind) {
                e.errors.extend(rule_errors.errors);
            }
        }
    }
    e.into_result()?;
    Ok(Programme {
        id: ProgrammeId::new(),
        scheme_id: tandem_domain::SchemeId(uuid::Uuid::nil()),
        name: name.unwrap_or_default(),
        kind: input.kind.unwrap_or(ProgrammeKind::Mentoring),
        description,
        rules,
    })
}

pub async fn list(ctx: &Context, actor: &Actor) -> AppResult<Vec<Programme>> {
    authorise(actor, Action::ViewScheme)?;
    Ok(ctx.store.list_programmes(actor.scheme_id).await?)
}

/// Whether the actor runs at least one programme (the scheme's coordinators run them all), for
/// questions asked before a programme is named: checking an intake's fields, showing links.
pub fn runs_any(actor: &Actor) -> bool {
    tandem_domain::can(actor, Action::ManageScheme)
        || actor.roles.iter().any(|r| match r.scope {
            tandem_domain::Scope::Programme(programme) => {
                tandem_domain::can(actor, Action::ManageProgramme { programme })
            }
            _ => false,
        })
}

/// Whether the actor runs this programme: its programme coordinators and the scheme's.
pub fn runs(actor: &Actor, programme: ProgrammeId) -> bool {
    tandem_domain::can(actor, Action::ManageProgramme { programme })
}

pub async fn get(ctx: &Context, actor: &Actor, id: ProgrammeId) -> AppResult<Programme> {
    authorise(actor, Action::ViewScheme)?;
    let p = ctx.store.get_programme(id).await?;
    if p.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

pub async fn create(ctx: &Context, actor: &Actor, input: ProgrammeInput) -> AppResult<Programme> {
    authorise(actor, Action::ManageScheme)?;
    let mut p = validate(&input)?;
    p.scheme_id = actor.scheme_id;
    let change = audited(
        ctx,
        Some(actor),
        "programme.create",
        p.id.to_string(),
        format!("kind={}", p.kind.code()),
    );
    change
        .store
        .create_programme(&p)
        .await
        .map_err(AppError::from)?;
    change.done()?;
    Ok(p)
}

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: ProgrammeId,
    input: ProgrammeInput,
) -> AppResult<Programme> {
    let existing = get(ctx, actor, id).await?;
    authorise(actor, Action::ManageProgramme { programme: id })?;
    let mut p = Programme {
        id: existing.id,
        scheme_id: existing.scheme_id,
        ..validate(&input)?
    };
    // Matching criteria have their own form and endpoint; editing the programme keeps them.
    p.rules.matching = existing.rules.matching;
    let change = audited(
        ctx,
        Some(actor),
        "programme.update",
        p.id.to_string(),
        format!("kind={}", p.kind.code()),
    );
    change.store.update_programme(&p).await?;
    change.done()?;
    Ok(p)
}
