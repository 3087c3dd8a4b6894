//! Organisations of the actor's scheme.

use super::{audited, authorise};
use crate::{AppError, AppResult, Context};
use serde::Deserialize;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::validate::required_text;
use tandem_domain::{
    Action, Actor, Country, Organisation, OrganisationId, OrganisationKind, ValidationErrors,
};

/// What a form or API call supplies to create or change an organisation. `None` for kind or
/// country means "not chosen" and is a field error.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: Option<OrganisationKind>,
    pub country: Option<Country>,
}

/// Checks the input; returns the cleaned name.
pub fn validate(
    input: &OrganisationInput,
) -> Result<(String, OrganisationKind, Country), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let name = required_text(&input.name)
        .map_err(|k| e.add("name", k))
        .ok();
    if input.kind.is_none() {
        e.add("kind", "error.choose_organisation_kind");
    }
    if input.country.is_none() {
        e.add("country", "error.choose_country");
    }
    e.into_result()?;
    Ok((
        name.unwrap_or_default(),
        input.kind.unwrap_or(OrganisationKind::NhsTrust),
        input.country.unwrap_or(Country::UnitedKingdom),
    ))
}

/// All organisations of the scheme, by name (no personal data, so every member may see them).
pub async fn list(ctx: &Context, actor: &Actor) -> AppResult<Vec<Organisation>> {
    authorise(actor, Action::ViewScheme)?;
    Ok(ctx.store.list_organisations(actor.scheme_id).await?)
}

/// One organisation of the actor's scheme.
pub async fn get(ctx: &Context, actor: &Actor, id: OrganisationId) -> AppResult<Organisation> {
    authorise(actor, Action::ViewScheme)?;
    let org = ctx.store.get_organisation(id).await?;
    if org.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    Ok(org)
}

pub async fn create(
    ctx: &Context,
    actor: &Actor,
    input: OrganisationInput,
) -> AppResult<Organisation> {
    authorise(actor, Action::ManageScheme)?;
    let (name, kind, country) = validate(&input)?;
    let org = Organisation {
        id: OrganisationId::new(),
        scheme_id: actor.scheme_id,
        name,
        kind,
        country,
    };
    let change = audited(
        ctx,
        Some(actor),
        "organisation.create",
        org.id.to_string(),
        format!("kind={} country={}", kind.code(), country.code()),
    );
    change.store.create_organisation(&org).await?;
    change.done()?;
    Ok(org)
}

pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: OrganisationId,
    input: OrganisationInput,
) -> AppResult<Organisation> {
    authorise(actor, Action::ManageScheme)?;
    let existing = get(ctx, actor, id).await?;
    let (name, kind, country) = validate(&input)?;
    let org = Organisation {
        name,
        kind,
        country,
        ..existing
    };
    let change = audited(
        ctx,
        Some(actor),
        "organisation.update",
        org.id.to_string(),
        format!("kind={} country={}", kind.code(), country.code()),
    );
    change.store.update_organisation(&org).await?;
    change.done()?;
    Ok(org)
}

/// Number of people employed by each organisation the actor may see people of.
pub async fn people_counts(ctx: &Context, actor: &Actor) -> AppResult<Vec<(OrganisationId, u64)>> {
    authorise(actor, Action::ListPeople)?;
    let counts = ctx
        .store
        .count_people_by_organisation(actor.scheme_id)
        .await?;
    Ok(match people_scope(actor) {
        PeopleScope::All => counts,
        PeopleScope::Organisations(orgs) => counts
            .into_iter()
            .filter(|(o, _)| orgs.contains(o))
            .collect(),
        PeopleScope::OnlySelf => vec![],
    })
}

/// The names of the scheme's organisations by id, for labelling people in views the actor has
/// already been allowed to see (a building block: it decides nothing).
pub(crate) async fn names(
    ctx: &Context,
    scheme: tandem_domain::SchemeId,
) -> AppResult<std::collections::HashMap<OrganisationId, String>> {
    Ok(ctx
        .store
        .list_organisations(scheme)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}
