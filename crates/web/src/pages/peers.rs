//! Pages of the peer network (see `tandem_app::peers`): the directory with its filters
//! (`/directory`, a GET form, paged by cursor), asking a listed person for a conversation
//! (`/peers/{id}/ask`), one's conversation requests with their answers (`/peers/requests`), and
//! for the scheme coordinator an organisation's region (`/organisations/{id}/region`, linked from
//! the organisations list and the organisation's edit form, where they keep organisations).
//! Plain forms, no JavaScript.

use crate::forms::{Choice, FormData, form_with_errors_on, parse_id, see_other};
use crate::render::{PageCtx, query_value, render, ser};
use crate::{AppError, AppState, PageResult};
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Form, Router};
use minijinja::{Value, context};
use tandem_app::notify::words::long_date;
use tandem_app::peers as service;
use tandem_domain::peers::{MAX_MESSAGE, PeerFilter, PeerRequestId};
use tandem_domain::{FrameworkDimension, Language, OrganisationId, OrganisationKind, PersonId};

/// This area's templates (name, source); names start with `peers/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "peers/directory.html",
        include_str!("../../templates/peers/directory.html"),
    ),
    (
        "peers/ask.html",
        include_str!("../../templates/peers/ask.html"),
    ),
    (
        "peers/requests.html",
        include_str!("../../templates/peers/requests.html"),
    ),
    (
        "peers/region.html",
        include_str!("../../templates/peers/region.html"),
    ),
];

/// People on one page of the directory.
const PER_PAGE: u64 = 25;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/directory", get(directory))
        .route("/peers/{id}/ask", get(ask_page).post(ask_post))
        .route("/peers/requests", get(requests_page))
        .route("/peers/requests/{id}/answer", post(answer))
        .route(
            "/organisations/{id}/region",
            get(region_page).post(region_post),
        )
}

fn raw_choices(values: &[String]) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            value: v.clone(),
            label: v.clone(),
        })
        .collect()
}

/// The professions listed people hold, each offered by its stored value (the vocabulary's code)
/// and shown as the reader reads it ("Verpleegkunde"), sorted by what is shown.
fn profession_choices(values: &[String], lang: crate::i18n::Lang) -> Vec<Choice> {
    let mut choices: Vec<Choice> = values
        .iter()
        .map(|v| Choice {
            value: v.clone(),
            label: crate::words::profession_label(v, lang),
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    choices
}

/// The filter as the query string holds it (unknown codes are ignored, not errors).
fn filter_from(ctx: &PageCtx) -> (PeerFilter, Vec<(&'static str, String)>) {
    let get = |k: &str| query_value(ctx, k).filter(|v| !v.trim().is_empty());
    let filter = PeerFilter {
        text: get("q"),
        profession: get("profession"),
        organisation_kind: get("organisation_kind").and_then(|k| OrganisationKind::from_code(&k)),
        dimension: get("dimension").and_then(|d| FrameworkDimension::from_code(&d)),
        language: get("language").and_then(|l| Language::from_tag(&l)),
        region: get("region"),
    };
    let mut pairs = Vec::new();
    for (k, v) in [
        ("q", filter.text.clone()),
        ("profession", filter.profession.clone()),
        (
            "organisation_kind",
            filter.organisation_kind.map(|k| k.code().to_string()),
        ),
        ("dimension", filter.dimension.map(|d| d.code().to_string())),
        ("language", filter.language.map(|l| l.tag().to_string())),
        ("region", filter.region.clone()),
    ] {
        if let Some(v) = v {
            pairs.push((k, v));
        }
    }
    (filter, pairs)
}

async fn directory(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let (filter, pairs) = filter_from(&ctx);
    let cursor = query_value(&ctx, "cursor");
    // A cursor from an old or edited link: the first page, saying so, rather than an error page.
    let (page, cursor_unknown) = match service::search(
        &state.app,
        actor,
        filter.clone(),
        cursor.as_deref(),
        PER_PAGE,
    )
    .await
    {
        Err(AppError::Validation(v))
            if cursor.is_some() && v.errors.iter().any(|e| e.field == "cursor") =>
        {
            (
                service::search(&state.app, actor, filter.clone(), None, PER_PAGE).await?,
                true,
            )
        }
        r => (r?, false),
    };
    let values = service::filter_values(&state.app, actor).await?;
    let listed = tandem_app::growth::my_listing(&state.app, actor)
        .await?
        .is_some();
    let link = |cursor: &str| {
        let mut qs = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            qs.append_pair(k, v);
        }
        qs.append_pair("cursor", cursor);
        format!("/directory?{}", qs.finish())
    };
    let rows: Vec<Value> = page
        .items
        .iter()
        .map(|e| {
            context! {
                id => e.person_id.to_string(),
                name => format!("{} {}", e.given_name, e.family_name),
                job_title => e.job_title.clone(),
                profession => crate::words::profession_label(&e.profession, ctx.lang),
                organisation => e.organisation.clone(),
                kind => e.organisation_kind.map(|k| format!("peers.kind.{}", k.code())),
                region => e.region.clone(),
                language => format!("peers.language.{}", e.language.tag()),
                interests => e.interests.clone(),
                dimensions => e.dimensions.iter().map(|d| d.code()).collect::<Vec<_>>(),
                mine => e.person_id == actor.person_id,
            }
        })
        .collect();
    let count_key = match (page.total_exact, page.total) {
        (false, _) => "peers.directory.count.more",
        // One message: "1" selects its singular by the CLDR plural rules.
        (true, _) => "peers.directory.count",
    };
    let form: std::collections::BTreeMap<&str, String> = pairs.iter().cloned().collect();
    Ok(render(
        &state,
        &ctx,
        "peers/directory.html",
        context! {
            entries => rows,
            form => form,
            listed => listed,
            count_key => count_key,
            count => crate::templates::grouped(page.total, ctx.lang),
            cursor_unknown => cursor_unknown,
            previous => page.previous.as_deref().map(link),
            next => page.next.as_deref().map(link),
            profession_options => ser(&profession_choices(&values.professions, ctx.lang)),
            region_options => ser(&raw_choices(&values.regions)),
            kind_options => ser(&OrganisationKind::ALL.iter().map(|k| Choice {
                value: k.code().to_string(),
                label: format!("peers.kind.{}", k.code()),
            }).collect::<Vec<_>>()),
            dimension_options => ser(&FrameworkDimension::ALL.iter().map(|d| Choice {
                value: d.code().to_string(),
                label: format!("applications.framework.{}", d.code()),
            }).collect::<Vec<_>>()),
            language_options => ser(&Language::ALL.iter().map(|l| Choice {
                value: l.tag().to_string(),
                label: format!("peers.language.{}", l.tag()),
            }).collect::<Vec<_>>()),
        },
    ))
}

async fn ask_vars(
    state: &AppState,
    ctx: &PageCtx,
    person: PersonId,
    message: &str,
) -> Result<Value, AppError> {
    let actor = ctx.actor()?;
    let entry = service::listed_person(&state.app, actor, person).await?;
    let left = service::requests(&state.app, actor).await?.left_today;
    Ok(context! {
        id => person.to_string(),
        name => format!("{} {}", entry.given_name, entry.family_name),
        job_title => entry.job_title.clone(),
        organisation => entry.organisation.clone(),
        left => left,
        max => MAX_MESSAGE,
        form => context! { message => message },
    })
}

async fn ask_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let person: PersonId = parse_id(&id)?;
    let vars = ask_vars(&state, &ctx, person, "").await?;
    Ok(render(&state, &ctx, "peers/ask.html", vars))
}

async fn ask_post(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let person: PersonId = parse_id(&id)?;
    let actor = ctx.actor()?;
    match service::ask(&state.app, actor, person, form.get("message")).await {
        Ok(_) => Ok(see_other("/peers/requests", "peers.notice.sent")),
        Err(e @ (AppError::Validation(_) | AppError::Refused(_))) => {
            let vars = ask_vars(&state, &ctx, person, form.get("message")).await?;
            Ok(form_with_errors_on(
                &state,
                &ctx,
                "peers/ask.html",
                e,
                vars,
                "message",
            ))
        }
        Err(e) => Err(e.into()),
    }
}

async fn requests_page(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let r = service::requests(&state.app, actor).await?;
    let lang = ctx.lang;
    let rows = |list: &[service::RequestView]| -> Vec<Value> {
        list.iter()
            .map(|v| {
                context! {
                    id => v.id.to_string(),
                    with => v.with.clone(),
                    organisation => v.organisation.clone(),
                    message => v.message.clone(),
                    status => v.status.code(),
                    open => v.status == tandem_domain::peers::PeerRequestStatus::Open,
                    sent_on => long_date(lang, v.created_at.date_naive()),
                    email => v.email.clone(),
                    my_email => v.my_email.clone(),
                }
            })
            .collect()
    };
    Ok(render(
        &state,
        &ctx,
        "peers/requests.html",
        context! {
            received => rows(&r.received),
            sent => rows(&r.sent),
        },
    ))
}

async fn answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id: PeerRequestId = parse_id(&id)?;
    let accept = match form.get("answer") {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::field("answer", "error.required").into()),
    };
    service::answer(&state.app, ctx.actor()?, id, accept).await?;
    Ok(see_other(
        "/peers/requests",
        if accept {
            "peers.notice.accepted"
        } else {
            "peers.notice.declined"
        },
    ))
}

/// The region form's variables: the organisation (the coordinator's use case refuses anyone
/// else, and hides another scheme's organisation) and the value shown in the box.
async fn region_vars(
    state: &AppState,
    ctx: &PageCtx,
    org: OrganisationId,
    typed: Option<&str>,
) -> Result<Value, AppError> {
    let (o, region) = service::region_of(&state.app, ctx.actor()?, org).await?;
    Ok(context! {
        id => o.id.to_string(),
        name => o.name,
        max => service::MAX_REGION,
        form => context! { region => typed.map_or(region, str::to_string) },
    })
}

async fn region_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let org: OrganisationId = parse_id(&id)?;
    let vars = region_vars(&state, &ctx, org, None).await?;
    Ok(render(&state, &ctx, "peers/region.html", vars))
}

async fn region_post(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let org: OrganisationId = parse_id(&id)?;
    let actor = ctx.actor()?;
    match service::set_region(&state.app, actor, org, form.get("region")).await {
        Ok(()) => Ok(see_other("/organisations", "peers.notice.region_saved")),
        Err(e @ AppError::Validation(_)) => {
            let vars = region_vars(&state, &ctx, org, Some(form.get("region"))).await?;
            Ok(form_with_errors_on(
                &state,
                &ctx,
                "peers/region.html",
                e,
                vars,
                "region",
            ))
        }
        Err(e) => Err(e.into()),
    }
}
