//! The scheme dashboard: counts the actor may see.

use super::{authorise, organisations, programmes};
use crate::{AppResult, Context};
use serde::Serialize;
use tandem_domain::{Action, Actor, Organisation, Programme, can};

/// An organisation with its number of people, when the actor may see that number.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationCount {
    pub organisation: Organisation,
    pub people: Option<u64>,
}

/// A programme with its number of intakes.
#[derive(Clone, Debug, Serialize)]
pub struct ProgrammeCount {
    pub programme: Programme,
    pub intakes: usize,
}

/// What the dashboard shows.
#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub organisations: Vec<OrganisationCount>,
    pub programmes: Vec<ProgrammeCount>,
    /// People the actor may see in total (`None` when they may not list people).
    pub people_total: Option<u64>,
    pub intakes_total: usize,
}

pub async fn summary(ctx: &Context, actor: &Actor) -> AppResult<Dashboard> {
    authorise(actor, Action::ViewScheme)?;
    let orgs = organisations::list(ctx, actor).await?;
    let counts = if can(actor, Action::ListPeople) {
        Some(organisations::people_counts(ctx, actor).await?)
    } else {
        None
    };
    let organisations: Vec<OrganisationCount> = orgs
        .into_iter()
        .map(|o| {
            let people = counts.as_ref().and_then(|c| {
                let visible = c.iter().find(|(id, _)| *id == o.id).map(|(_, n)| *n);
                // An organisation in scope with nobody in it has no row: that is zero, not hidden.
                visible.or_else(|| scoped_in(actor, &o).then_some(0))
            });
            OrganisationCount {
                organisation: o,
                people,
            }
        })
        .collect();
    let people_total = if can(actor, Action::ListPeople) {
        let s = super::people::PeopleSearch {
            per_page: Some(1),
            exact_total: true,
            ..Default::default()
        };
        Some(super::people::search(ctx, actor, &s).await?.total)
    } else {
        None
    };
    let mut programmes = Vec::new();
    let mut intakes_total = 0;
    for p in programmes::list(ctx, actor).await? {
        let n = ctx.store.list_intakes(p.id).await?.len();
        intakes_total += n;
        programmes.push(ProgrammeCount {
            programme: p,
            intakes: n,
        });
    }
    Ok(Dashboard {
        organisations,
        programmes,
        people_total,
        intakes_total,
    })
}

fn scoped_in(actor: &Actor, org: &Organisation) -> bool {
    match tandem_domain::policy::people_scope(actor) {
        tandem_domain::policy::PeopleScope::All => true,
        tandem_domain::policy::PeopleScope::Organisations(o) => o.contains(&org.id),
        tandem_domain::policy::PeopleScope::OnlySelf => false,
    }
}
