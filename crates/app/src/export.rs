//! Exporting people as CSV or XLSX, in the import's columns.
//!
//! A scheme coordinator exports everyone; an organisation coordinator exports the people employed
//! by their organisations, and only those employments (a person's job elsewhere is another
//! organisation's data).

use super::{audit_event, authorise};
use crate::{AppError, AppResult, Context};
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::{Action, Actor, Employment, Person};
use tandem_people_io::Format;

/// A file to download.
#[derive(Clone, Debug)]
pub struct Export {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub file_name: String,
}

pub async fn export(ctx: &Context, actor: &Actor, format: Format) -> AppResult<Export> {
    authorise(actor, Action::ExportPeople)?;
    let scope = people_scope(actor);
    let orgs = ctx.store.list_organisations(actor.scheme_id).await?;
    let mut people: Vec<(Person, Vec<Employment>)> = Vec::new();
    for r in ctx.store.all_people(actor.scheme_id).await? {
        let employments: Vec<Employment> = match &scope {
            PeopleScope::All => r.employments,
            PeopleScope::Organisations(allowed) => r
                .employments
                .into_iter()
                .filter(|e| allowed.contains(&e.organisation_id))
                .collect(),
            PeopleScope::OnlySelf => return Err(AppError::Forbidden),
        };
        if !employments.is_empty() || matches!(scope, PeopleScope::All) {
            people.push((r.person, employments));
        }
    }
    let count = people.len();
    let bytes = tokio::task::spawn_blocking(move || match format {
        Format::Csv => Ok(tandem_people_io::export_csv(&people, &orgs)),
        Format::Xlsx => tandem_people_io::try_export_xlsx(&people, &orgs),
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    audit_event(
        ctx,
        Some(actor),
        "people.export",
        format!("format={}", format.extension()),
        format!("people={count}"),
    )
    .await?;
    let date = ctx.now().format("%Y-%m-%d");
    Ok(Export {
        bytes,
        content_type: format.content_type(),
        file_name: format!("tandem-people-{date}.{}", format.extension()),
    })
}
