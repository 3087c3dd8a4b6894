//! Pages of matching and relationships: the programme's criteria, an intake's matching (pool,
//! pins, runs), a run's result with lock, forbid, swap, re-run and publish, and the
//! participant's relationships with offers, agreement, lifecycle and the private ending.
//!
//! Every action is a small POST form that redirects back (POST/redirect/GET); no JavaScript.

use crate::forms::{Choice, FormData, form_with_errors, form_with_errors_on, parse_id, see_other};
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use minijinja::context;
use std::collections::{BTreeMap, HashMap};
use tandem_app::matching::{self as svc, Label};
use tandem_domain::{
    AgreementTerms, ApplicationId, FitCheck, IntakeId, Level, MatchCriterion, MatchRunId,
    MatchingCriteria, Mode, Pin, PinKind, ProgrammeId, RelationshipId, RelationshipStatus,
    ValidationErrors,
};

/// This area's templates (name, source); names start with `matching/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "matching/criteria.html",
        include_str!("../../templates/matching/criteria.html"),
    ),
    (
        "matching/intake.html",
        include_str!("../../templates/matching/intake.html"),
    ),
    (
        "matching/run.html",
        include_str!("../../templates/matching/run.html"),
    ),
    (
        "matching/below_min.html",
        include_str!("../../templates/matching/below_min.html"),
    ),
    (
        "matching/assessment_fit.html",
        include_str!("../../templates/matching/assessment_fit.html"),
    ),
    (
        "matching/mine.html",
        include_str!("../../templates/matching/mine.html"),
    ),
    (
        "matching/relationship.html",
        include_str!("../../templates/matching/relationship.html"),
    ),
    (
        "matching/shortlist.html",
        include_str!("../../templates/matching/shortlist.html"),
    ),
    (
        "matching/intake_relationships.html",
        include_str!("../../templates/matching/intake_relationships.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/programmes/{id}/matching-criteria",
            get(criteria_form).post(save_criteria),
        )
        .route("/intakes/{id}/matching", get(intake_matching))
        .route("/intakes/{id}/matching/run", post(run))
        .route("/intakes/{id}/matching/pins", post(add_pin))
        .route("/intakes/{id}/matching/pins/remove", post(remove_pin))
        .route("/intakes/{id}/relationships", get(intake_relationships))
        .route("/match-runs/{id}", get(run_page))
        .route("/match-runs/{id}/publish", post(publish))
        .route("/match-runs/{id}/swap", post(swap))
        .route("/relationships", get(mine))
        .route("/relationships/{id}", get(relationship))
        .route("/relationships/{id}/respond", post(respond))
        .route("/relationships/{id}/agreement", post(save_agreement))
        .route("/relationships/{id}/sign", post(sign))
        .route("/relationships/{id}/fit-check", post(fit_check))
        .route("/relationships/{id}/status", post(move_to))
        .route("/relationships/{id}/end", post(end))
        .route("/relationships/{id}/sessions", post(log_session))
        .route("/relationships/{id}/lapse", post(lapse))
        .route(
            "/intakes/{id}/shortlist",
            get(shortlist).post(save_shortlist),
        )
}

// ----- criteria ------------------------------------------------------------------------------

fn criteria_values(c: &MatchingCriteria) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for k in MatchCriterion::ALL {
        m.insert(k.code().to_string(), c.level(k).code().to_string());
    }
    m.insert("ideal_grade_gap".into(), c.ideal_grade_gap.to_string());
    m.insert(
        "cross_profession".into(),
        if c.cross_profession { "yes" } else { "no" }.into(),
    );
    m.insert("offer_days".into(), c.offer_days.to_string());
    m.insert(
        "shortlist".into(),
        c.shortlist.map(|n| n.to_string()).unwrap_or_default(),
    );
    m
}

fn criteria_page(
    programme: &tandem_domain::Programme,
    values: Vec<(String, String)>,
    assessment_section: Option<minijinja::Value>,
) -> minijinja::Value {
    // Each criterion offers only the levels the validation accepts (one source: the domain).
    let levels: BTreeMap<String, Vec<Choice>> = MatchCriterion::ALL
        .iter()
        .map(|c| {
            let choices = c
                .levels()
                .iter()
                .map(|l| Choice {
                    value: l.code().into(),
                    label: format!("matching.level.{}", l.code()),
                })
                .collect();
            (c.code().to_string(), choices)
        })
        .collect();
    let criteria: Vec<String> = MatchCriterion::ALL
        .iter()
        .map(|c| c.code().to_string())
        .collect();
    let form: BTreeMap<String, String> = values.into_iter().collect();
    context! {
        programme => ser(programme),
        levels => ser(&levels),
        criteria => criteria,
        form => form,
        assessment_section => assessment_section,
    }
}

async fn criteria_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let p = tandem_app::programmes::get(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(
        actor,
        tandem_domain::Action::ManageProgramme { programme: p.id },
    )?;
    let values = criteria_values(&p.rules.matching).into_iter().collect();
    let section = super::assessments::criteria_section(&state, actor, p.id).await?;
    Ok(render(
        &state,
        &ctx,
        "matching/criteria.html",
        criteria_page(&p, values, section),
    ))
}

/// Reads the criteria form; the form's own problems (not a number) go in `errors`.
fn read_criteria(form: &FormData, errors: &mut ValidationErrors) -> MatchingCriteria {
    let mut c = MatchingCriteria::default();
    for k in MatchCriterion::ALL {
        match Level::from_code(form.get(k.code())) {
            Some(l) => c.set_level(k, l),
            None => errors.add(k.code(), "error.matching.choose_level"),
        }
    }
    match form.get("ideal_grade_gap").trim().parse::<i32>() {
        Ok(v) => c.ideal_grade_gap = v,
        Err(_) => errors.add("ideal_grade_gap", "error.whole_number"),
    }
    c.cross_profession = form.get("cross_profession") != "no";
    match form.get("offer_days").trim().parse::<u32>() {
        Ok(v) => c.offer_days = v,
        Err(_) => errors.add("offer_days", "error.whole_number"),
    }
    let shortlist = form.get("shortlist").trim();
    c.shortlist = if shortlist.is_empty() {
        None
    } else {
        match shortlist.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add("shortlist", "error.whole_number");
                None
            }
        }
    };
    c
}

async fn save_criteria(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let pid: ProgrammeId = parse_id(&id)?;
    let p = tandem_app::programmes::get(&state.app, actor, pid).await?;
    let mut errors = ValidationErrors::new();
    let criteria = read_criteria(&form, &mut errors);
    let result = if errors.errors.is_empty() {
        svc::update_criteria(&state.app, actor, pid, criteria).await
    } else {
        Err(errors.into())
    };
    let values: Vec<(String, String)> = form.strings().into_iter().collect();
    match result {
        Ok(_) => Ok(see_other(&format!("/programmes/{pid}"), "notice.saved")),
        Err(e) => Ok(form_with_errors(
            &state,
            &ctx,
            "matching/criteria.html",
            e,
            criteria_page(
                &p,
                values,
                super::assessments::criteria_section(&state, actor, pid).await?,
            ),
        )),
    }
}

// ----- an intake's matching ------------------------------------------------------------------

fn label_map(labels: &HashMap<ApplicationId, Label>) -> BTreeMap<String, Label> {
    labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

async fn intake_matching(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let iid: IntakeId = parse_id(&id)?;
    let o = svc::overview(&state.app, actor, iid).await?;
    let labels = svc::labels(&state.app, actor, iid).await?;
    let page = context! {
        o => ser(&o),
        labels => ser(&label_map(&labels)),
    };
    Ok(render(&state, &ctx, "matching/intake.html", page))
}

async fn run(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let r = svc::run(&state.app, actor, parse_id(&id)?).await?;
    Ok(see_other(
        &format!("/match-runs/{}", r.id),
        "notice.matching_run",
    ))
}

fn read_pin(form: &FormData) -> Result<Pin, AppError> {
    Ok(Pin {
        kind: PinKind::from_code(form.get("kind")).ok_or(AppError::BadRequest("pin kind"))?,
        first: form
            .get("first")
            .parse()
            .map_err(|_| AppError::BadRequest("pin"))?,
        second: form
            .get("second")
            .parse()
            .map_err(|_| AppError::BadRequest("pin"))?,
    })
}

/// Where to go after a pin change: back to the run it was made on, else the intake page.
fn back_to(form: &FormData, intake: IntakeId) -> String {
    match form.get("run").parse::<MatchRunId>() {
        Ok(run) => format!("/match-runs/{run}"),
        Err(_) => format!("/intakes/{intake}/matching"),
    }
}

async fn add_pin(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let iid: IntakeId = parse_id(&id)?;
    let pin = read_pin(&form)?;
    svc::add_pin(&state.app, actor, iid, pin).await?;
    Ok(see_other(&back_to(&form, iid), "notice.pin_saved"))
}

async fn remove_pin(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let iid: IntakeId = parse_id(&id)?;
    let pin = read_pin(&form)?;
    svc::remove_pin(&state.app, actor, iid, pin).await?;
    Ok(see_other(&back_to(&form, iid), "notice.saved"))
}

async fn run_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (run, intake, programme) = svc::get_run(&state.app, actor, parse_id(&id)?).await?;
    let o = svc::overview(&state.app, actor, intake.id).await?;
    let labels = svc::labels(&state.app, actor, intake.id).await?;
    let reproduced = svc::reproduces(&run);
    let current = o.latest_current && o.runs.first().is_some_and(|r| r.id == run.id);
    let locked: Vec<(String, String)> = o
        .pins
        .iter()
        .filter(|p| p.kind == PinKind::Lock)
        .map(|p| (p.first.to_string(), p.second.to_string()))
        .collect();
    let org_names: BTreeMap<String, String> = tandem_app::organisations::list(&state.app, actor)
        .await?
        .into_iter()
        .map(|o| (o.id.to_string(), o.name))
        .collect();
    // Each pair explained (criteria, shares, members' facts, rules), keyed by its first
    // application; worked out from the run's stored inputs. A run whose inputs no longer parse
    // still shows its stored result (as the reproduction check does).
    let explanations: BTreeMap<String, svc::explain::PairExplanation> =
        svc::explain::explain_run(&run)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|x| Some((x.applications.first()?.to_string(), x)))
            .collect();
    // Each pair's assessment fit per dimension, by "first-second" application ids (none for
    // runs that used neither assessment nor equality data).
    let assessment_fit: BTreeMap<String, minijinja::Value> =
        tandem_app::matching::assessment::run_fits(&run)?
            .into_iter()
            .map(|f| {
                let key: Vec<String> = f.applications.iter().map(|a| a.to_string()).collect();
                (key.join("-"), ser(&f))
            })
            .collect();
    let page = context! {
        assessment_fit => assessment_fit,
        org_names => org_names,
        explanations => ser(&explanations),
        run => ser(&run),
        intake => ser(&intake),
        programme => ser(&programme),
        labels => ser(&label_map(&labels)),
        pins => ser(&o.pins),
        locked => locked,
        reproduced => reproduced,
        current => current,
        sets => programme.kind == tandem_domain::ProgrammeKind::ActionLearningSets,
        // After publishing: how many were sent their offer, and how many of them were invited
        // to sign in first (counts only, from the redirect).
        published_told => crate::render::query_value(&ctx, "told").and_then(|n| n.parse::<u32>().ok()),
        published_invited => crate::render::query_value(&ctx, "invited").and_then(|n| n.parse::<u32>().ok()),
    };
    Ok(render(&state, &ctx, "matching/run.html", page))
}

async fn publish(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: MatchRunId = parse_id(&id)?;
    let done = svc::publish(&state.app, actor, rid).await?;
    Ok(see_other(
        &format!(
            "/match-runs/{rid}?told={}&invited={}",
            done.told, done.invited
        ),
        "notice.published",
    ))
}

async fn swap(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: MatchRunId = parse_id(&id)?;
    let parse = |f: &str| form.get(f).parse::<ApplicationId>();
    let (Ok(a), Ok(b)) = (parse("first"), parse("second")) else {
        return Err(PageError(AppError::field(
            "first",
            "error.matching.swap_unknown",
        )));
    };
    svc::swap(&state.app, actor, rid, a, b).await?;
    Ok(see_other(&format!("/match-runs/{rid}"), "notice.swapped"))
}

async fn intake_relationships(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let weeks = crate::render::query_value(&ctx, "weeks")
        .and_then(|w| w.parse::<u32>().ok())
        .filter(|w| (1..=52).contains(w))
        .unwrap_or(svc::STALE_WEEKS);
    let only_stale = crate::render::query_value(&ctx, "stale").as_deref() == Some("1");
    let cursor = crate::render::query_value(&ctx, "cursor");
    let intake_id = parse_id(&id)?;
    // A cursor from an old or edited link: the first page, saying so (as on the people list).
    let ((intake, programme, list), cursor_unknown) = match svc::of_intake_page(
        &state.app,
        actor,
        intake_id,
        weeks,
        only_stale,
        cursor.as_deref(),
        None,
    )
    .await
    {
        Err(AppError::Validation(_)) if cursor.is_some() => (
            svc::of_intake_page(&state.app, actor, intake_id, weeks, only_stale, None, None)
                .await?,
            true,
        ),
        r => (r?, false),
    };
    let link = |token: &str| {
        let mut pairs: Vec<(&str, String)> = vec![("weeks", weeks.to_string())];
        if only_stale {
            pairs.push(("stale", "1".into()));
        }
        pairs.push(("cursor", token.to_string()));
        let qs: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("/intakes/{}/relationships?{qs}", intake.id)
    };
    let total_key = match (list.total_exact, list.total) {
        (false, _) => "lists-b.relationships.more",
        // One message whose plural follows `count` (CLDR rules, in the locale file).
        (true, _) => "lists-b.relationships",
    };
    let page = context! {
        intake => ser(&intake),
        programme => ser(&programme),
        relationships => ser(&list.relationships),
        weeks => weeks,
        only_stale => only_stale,
        stale_count => list.stale_on_page,
        stale_paged => list.paged,
        total_key => total_key,
        total_number => crate::templates::grouped(list.total, ctx.lang),
        cursor_unknown => cursor_unknown,
        past_end => list.relationships.is_empty() && list.next.is_none() && list.previous.is_some(),
        next => list.next.as_deref().map(link),
        previous => list.previous.as_deref().map(link),
    };
    Ok(render(
        &state,
        &ctx,
        "matching/intake_relationships.html",
        page,
    ))
}

// ----- relationships -------------------------------------------------------------------------

async fn mine(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let list = svc::mine(&state.app, actor).await?;
    let shortlists = svc::open_shortlists(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "matching/mine.html",
        context! { relationships => ser(&list), shortlists => ser(&shortlists) },
    ))
}

fn shortlist_page(v: &svc::ShortlistView, ranks: BTreeMap<String, String>) -> minijinja::Value {
    context! { v => ser(v), ranks => ranks, places => (1..=v.suggestions.len()).collect::<Vec<_>>() }
}

async fn shortlist(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let v = svc::shortlist(&state.app, actor, parse_id(&id)?).await?;
    let ranks: BTreeMap<String, String> = v
        .ranking
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("rank_{a}"), (i + 1).to_string()))
        .collect();
    Ok(render(
        &state,
        &ctx,
        "matching/shortlist.html",
        shortlist_page(&v, ranks),
    ))
}

async fn save_shortlist(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let iid: IntakeId = parse_id(&id)?;
    let v = svc::shortlist(&state.app, actor, iid).await?;
    // Each suggestion has a select `rank_<application>`: a place, or empty for "not for me".
    let mut ranked: Vec<(u32, ApplicationId)> = Vec::new();
    let mut errors = ValidationErrors::new();
    let mut ranks = BTreeMap::new();
    for s in &v.suggestions {
        let field = format!("rank_{}", s.application_id);
        let raw = form.get(&field).trim();
        ranks.insert(field.clone(), raw.to_string());
        if raw.is_empty() {
            continue;
        }
        match raw.parse::<u32>() {
            Ok(n) if ranked.iter().any(|(m, _)| *m == n) => {
                errors.add(&field, "error.matching.rank_taken");
            }
            Ok(n) => ranked.push((n, s.application_id)),
            Err(_) => errors.add(&field, "error.whole_number"),
        }
    }
    ranked.sort();
    let result = if errors.errors.is_empty() {
        svc::rank(
            &state.app,
            actor,
            iid,
            ranked.into_iter().map(|(_, a)| a).collect(),
        )
        .await
    } else {
        Err(errors.into())
    };
    match result {
        Ok(()) => Ok(see_other(
            &format!("/intakes/{iid}/shortlist"),
            "notice.saved",
        )),
        Err(e) => Ok(form_with_errors(
            &state,
            &ctx,
            "matching/shortlist.html",
            e,
            shortlist_page(&v, ranks),
        )),
    }
}

fn relationship_page(
    v: &svc::RelationshipView,
    form: Option<BTreeMap<String, String>>,
) -> minijinja::Value {
    let modes: Vec<Choice> = v
        .programme
        .rules
        .modes
        .iter()
        .map(|m| Choice {
            value: m.code().into(),
            label: format!("mode.{}", m.code()),
        })
        .collect();
    let fits: Vec<Choice> = FitCheck::ALL
        .iter()
        .map(|f| Choice {
            value: f.code().into(),
            label: format!("matching.fit.{}", f.code()),
        })
        .collect();
    let form = form.unwrap_or_else(|| {
        let mut m = BTreeMap::new();
        if let Some(a) = &v.agreement {
            m.insert("goals".into(), a.terms.goals.clone());
            m.insert("frequency".into(), a.terms.frequency.clone());
            m.insert(
                "channel".into(),
                a.terms
                    .channel
                    .map(|c| c.code().to_string())
                    .unwrap_or_default(),
            );
            m.insert(
                "cancellation_notice_hours".into(),
                a.terms.cancellation_notice_hours.to_string(),
            );
            m.insert(
                "confidentiality_notes".into(),
                a.terms.confidentiality_notes.clone(),
            );
            m.insert("ground_rules".into(), a.terms.ground_rules.clone());
        }
        m
    });
    let signed_current = v.me.as_ref().is_some_and(|me| {
        v.agreement
            .as_ref()
            .is_some_and(|a| me.signed_version == Some(a.version))
    });
    context! {
        v => ser(v),
        modes => ser(&modes),
        fits => ser(&fits),
        form => form,
        signed_current => signed_current,
    }
}

/// The relationship page again with a form's errors (and what was typed, when given).
async fn relationship_form_error(
    state: &AppState,
    ctx: &PageCtx,
    actor: &tandem_domain::Actor,
    rid: RelationshipId,
    e: AppError,
    values: Option<BTreeMap<String, String>>,
    anchor: &str,
) -> PageResult {
    let v = svc::get(&state.app, actor, rid).await?;
    let extras = super::kinds::extras(state, actor, &v).await;
    Ok(form_with_errors_on(
        state,
        ctx,
        "matching/relationship.html",
        e,
        context! { ..relationship_page(&v, values), ..extras },
        anchor,
    ))
}

/// After a change on the relationship page: `ok` (back to it with a notice), or the page again with
/// the form's errors or its refusal (linking to `anchor`) and what was typed.
async fn after_change<T>(
    state: &AppState,
    ctx: &PageCtx,
    rid: RelationshipId,
    result: Result<T, AppError>,
    form: &FormData,
    anchor: &str,
    ok: Response,
) -> PageResult {
    match result {
        Ok(_) => Ok(ok),
        Err(e) if crate::error::shown_on_form(&e) => {
            let actor = ctx.actor()?;
            relationship_form_error(state, ctx, actor, rid, e, Some(form.strings()), anchor).await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn relationship(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let v = match svc::get(&state.app, actor, rid).await {
        Ok(v) => v,
        // Not theirs to read: an organisation's coordinator may still see its status.
        Err(refused) => return super::story::status_or(&state, &ctx, rid, refused).await,
    };
    let extras = super::kinds::extras(&state, actor, &v).await;
    Ok(render(
        &state,
        &ctx,
        "matching/relationship.html",
        context! { ..relationship_page(&v, None), ..extras },
    ))
}

async fn respond(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let accept = match form.get("answer") {
        "accept" => true,
        "decline" => false,
        _ => return Err(PageError(AppError::BadRequest("answer"))),
    };
    let result = svc::respond(&state.app, actor, rid, accept).await;
    let notice = if accept {
        "notice.offer_accepted"
    } else {
        "notice.offer_declined"
    };
    let back = format!("/relationships/{rid}");
    after_change(
        &state,
        &ctx,
        rid,
        result,
        &form,
        "status",
        see_other(&back, notice),
    )
    .await
}

fn read_terms(form: &FormData, errors: &mut ValidationErrors) -> AgreementTerms {
    let hours = form.get("cancellation_notice_hours").trim();
    let cancellation_notice_hours = if hours.is_empty() {
        0
    } else {
        hours.parse().unwrap_or_else(|_| {
            errors.add("cancellation_notice_hours", "error.whole_number");
            0
        })
    };
    AgreementTerms {
        goals: form.get("goals").trim().to_string(),
        frequency: form.get("frequency").trim().to_string(),
        channel: Mode::from_code(form.get("channel")),
        cancellation_notice_hours,
        confidentiality_notes: form.get("confidentiality_notes").trim().to_string(),
        ground_rules: form.get("ground_rules").trim().to_string(),
    }
}

async fn save_agreement(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let version: u32 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("version"))?;
    let mut errors = ValidationErrors::new();
    let terms = read_terms(&form, &mut errors);
    let result = if errors.errors.is_empty() {
        svc::save_agreement(&state.app, actor, rid, terms, version).await
    } else {
        Err(errors.into())
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/relationships/{rid}"), "notice.saved")),
        Err(e) if crate::error::shown_on_form(&e) => {
            relationship_form_error(&state, &ctx, actor, rid, e, Some(form.strings()), "goals")
                .await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn sign(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let version: u32 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("version"))?;
    let result = svc::sign(&state.app, actor, rid, version).await;
    let back = format!("/relationships/{rid}");
    after_change(
        &state,
        &ctx,
        rid,
        result,
        &form,
        "signatures",
        see_other(&back, "notice.signed"),
    )
    .await
}

async fn fit_check(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let Some(fit) = FitCheck::from_code(form.get("fit")) else {
        let e = AppError::field("fit", "error.matching.choose_fit");
        return relationship_form_error(&state, &ctx, actor, rid, e, None, "fit").await;
    };
    let result = svc::fit_check(&state.app, actor, rid, fit).await;
    let back = format!("/relationships/{rid}");
    after_change(
        &state,
        &ctx,
        rid,
        result,
        &form,
        "fit",
        see_other(&back, "notice.saved"),
    )
    .await
}

async fn move_to(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let to = RelationshipStatus::from_code(form.get("to")).ok_or(AppError::BadRequest("status"))?;
    let result = svc::move_to(&state.app, actor, rid, to).await;
    let back = format!("/relationships/{rid}");
    after_change(
        &state,
        &ctx,
        rid,
        result,
        &form,
        "status",
        see_other(&back, "notice.saved"),
    )
    .await
}

async fn end(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    if form.get("confirm") != "yes" {
        let e = AppError::field("confirm", "error.matching.confirm_end");
        return relationship_form_error(&state, &ctx, actor, rid, e, None, "confirm").await;
    }
    let result = svc::end(&state.app, actor, rid, form.get("reason")).await;
    after_change(
        &state,
        &ctx,
        rid,
        result,
        &form,
        "status",
        see_other("/relationships", "notice.relationship_ended"),
    )
    .await
}

async fn log_session(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let mut errors = ValidationErrors::new();
    let held_on = crate::forms::parse_date(&form, "held_on", &mut errors);
    let minutes = crate::forms::parse_u32(&form, "minutes", &mut errors);
    let input = svc::SessionInput {
        held_on,
        minutes,
        mode: Mode::from_code(form.get("mode")),
        topics: Some(form.get("topics").to_string()),
        action_points: Some(form.get("action_points").to_string()),
    };
    let result = if errors.errors.is_empty() {
        svc::log_session(&state.app, actor, rid, input).await
    } else {
        Err(errors.into())
    };
    match result {
        Ok(()) => Ok(see_other(
            &format!("/relationships/{rid}"),
            "notice.session_logged",
        )),
        Err(e) if crate::error::shown_on_form(&e) => {
            relationship_form_error(&state, &ctx, actor, rid, e, Some(form.strings()), "held_on")
                .await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn lapse(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let rid: RelationshipId = parse_id(&id)?;
    let v = svc::get(&state.app, actor, rid).await?;
    svc::lapse(&state.app, actor, rid).await?;
    Ok(see_other(
        &format!("/intakes/{}/relationships", v.intake.id),
        "notice.saved",
    ))
}
