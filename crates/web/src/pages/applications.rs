//! Pages of recruitment: the intake's form builder, applying, "My applications", the
//! organisation coordinator's list of applications with places, and the line manager's
//! approval link (which needs no account).
//!
//! Everything works without JavaScript: the form builder is one plain form with a spare blank
//! question, and each decision is its own small form carrying the status the coordinator saw.

use crate::forms::{Choice, FormData, form_with_errors, parse_id, see_other};
use crate::render::PageCtx;
use crate::render::{error_page_for, render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use minijinja::{Value, context};
use serde::Serialize;
use std::collections::BTreeMap;
use tandem_app::applications::{
    self as apps, ApplicationInput, Decision, LinkOutcome, LinkProblem,
};
use tandem_domain::{
    Answer, Answers, ApplicationId, ApplicationRole, ApplicationStatus, FrameworkDimension,
    IntakeId, MatchingProfile, Mode, Programme, Question, QuestionKind, Slot,
};

/// This area's templates (name, source); names start with `applications/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "applications/status.html",
        include_str!("../../templates/applications/status.html"),
    ),
    (
        "applications/open.html",
        include_str!("../../templates/applications/open.html"),
    ),
    (
        "applications/apply.html",
        include_str!("../../templates/applications/apply.html"),
    ),
    (
        "applications/mine.html",
        include_str!("../../templates/applications/mine.html"),
    ),
    (
        "applications/view.html",
        include_str!("../../templates/applications/view.html"),
    ),
    (
        "applications/form.html",
        include_str!("../../templates/applications/form.html"),
    ),
    (
        "applications/intake.html",
        include_str!("../../templates/applications/intake.html"),
    ),
    (
        "applications/manager.html",
        include_str!("../../templates/applications/manager.html"),
    ),
    (
        "applications/manager_done.html",
        include_str!("../../templates/applications/manager_done.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/apply", get(open_intakes))
        .route("/intakes/{id}/apply", get(apply_form).post(apply))
        .route("/intakes/{id}/form", get(form_builder).post(save_form))
        .route("/intakes/{id}/applications", get(intake_applications))
        .route("/applications", get(mine))
        .route("/applications/{id}", get(view))
        .route("/applications/{id}/withdraw", post(withdraw))
        .route("/applications/{id}/decision", post(decide))
        .route(
            "/manager-approval/{token}",
            get(manager_request).post(manager_answer),
        )
}

fn role_choices(roles: &[ApplicationRole]) -> Vec<Choice> {
    roles
        .iter()
        .map(|r| Choice {
            value: r.code().into(),
            label: apps::role_key(*r),
        })
        .collect()
}

/// The options of the fixed part of the application form.
fn fixed_choices(programme: &Programme) -> Value {
    let dims: Vec<Choice> = FrameworkDimension::ALL
        .iter()
        .map(|d| Choice {
            value: d.code().into(),
            label: format!("applications.framework.{}", d.code()),
        })
        .collect();
    let slots: Vec<Choice> = Slot::all()
        .map(|s| Choice {
            value: s.code(),
            label: format!("applications.slot.{}", s.code()),
        })
        .collect();
    let modes: Vec<Choice> = programme
        .rules
        .modes
        .iter()
        .map(|m| Choice {
            value: m.code().into(),
            label: format!("mode.{}", m.code()),
        })
        .collect();
    context! { dimensions => ser(&dims), slots => ser(&slots), modes => ser(&modes) }
}

// ----- applying ------------------------------------------------------------------------------

async fn open_intakes(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let list = apps::open_intakes(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "applications/open.html",
        context! { intakes => ser(&list) },
    ))
}

async fn apply_page(
    state: &AppState,
    ctx: &PageCtx,
    intake: IntakeId,
    form: Value,
    err: Option<AppError>,
) -> PageResult {
    let actor = ctx.actor()?;
    let apply = apps::apply_context(&state.app, actor, intake).await?;
    let roles: Vec<ApplicationRole> = apply.roles.iter().map(|r| r.role).collect();
    let page = context! {
        apply => ser(&apply),
        choices => fixed_choices(&apply.programme),
        role_choices => ser(&role_choices(&roles)),
        can_apply => apply.open && apply.roles.iter().any(|r| r.ineligible.is_none() && r.applied.is_none()),
        form => form,
        assessment_notice => ser(&tandem_app::assessments::notice(&state.app, actor, apply.programme.id).await?),
    };
    Ok(match err {
        None => render(state, ctx, "applications/apply.html", page),
        Some(e) => form_with_errors(state, ctx, "applications/apply.html", e, page),
    })
}

async fn apply_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    if let Some(role) = crate::render::query_value(&ctx, "role") {
        values.insert("role".into(), role.into());
    }
    // The applicant's profile answers the matching questions it shares with the form.
    let prefill = tandem_app::profiles::prefill(&state.app, ctx.actor()?).await?;
    let codes = |v: Vec<String>| Value::from(v);
    values.insert(
        "goals".into(),
        codes(prefill.goals.iter().map(|d| d.code().into()).collect()),
    );
    values.insert(
        "expertise".into(),
        codes(prefill.expertise.iter().map(|d| d.code().into()).collect()),
    );
    values.insert(
        "availability".into(),
        codes(prefill.availability.iter().map(|s| s.code()).collect()),
    );
    values.insert(
        "modes".into(),
        codes(prefill.modes.iter().map(|m| m.code().into()).collect()),
    );
    apply_page(&state, &ctx, parse_id(&id)?, Value::from(values), None).await
}

/// Reads the application form: the fixed part and the answers to the questions.
fn application_input(form: &FormData, questions: &[Question]) -> ApplicationInput {
    let profile = MatchingProfile {
        goals: form
            .all("goals")
            .into_iter()
            .filter_map(FrameworkDimension::from_code)
            .collect(),
        expertise: form
            .all("expertise")
            .into_iter()
            .filter_map(FrameworkDimension::from_code)
            .collect(),
        availability: form
            .all("availability")
            .into_iter()
            .filter_map(Slot::from_code)
            .collect(),
        modes: form
            .all("modes")
            .into_iter()
            .filter_map(Mode::from_code)
            .collect(),
        conflicts: vec![],
    };
    let mut answers = Answers::new();
    for q in questions {
        let name = format!("answer_{}", q.key);
        let answer = match q.kind {
            QuestionKind::Text | QuestionKind::SingleChoice => {
                Answer::Text(form.get(&name).to_string())
            }
            QuestionKind::MultipleChoice => {
                Answer::Choices(form.all(&name).into_iter().map(str::to_string).collect())
            }
            QuestionKind::Scale => {
                let raw = form.get(&name).trim();
                match raw.parse::<u8>() {
                    Ok(n) => Answer::Number(n),
                    Err(_) => Answer::Text(raw.to_string()),
                }
            }
        };
        answers.insert(q.key.clone(), answer);
    }
    ApplicationInput {
        role: ApplicationRole::from_code(form.get("role")),
        profile,
        answers,
    }
}

async fn apply(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let intake: IntakeId = parse_id(&id)?;
    let (_, _, questions) = apps::form(&state.app, actor, intake).await?;
    let input = application_input(&form, &questions);
    match apps::apply(&state.app, actor, intake, input).await {
        Ok(a) => Ok(see_other(
            &format!("/applications/{}", a.id),
            "notice.created",
        )),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::Refused(_))) => {
            apply_page(&state, &ctx, intake, Value::from(form.values()), Some(e)).await
        }
        Err(e) => Err(PageError(e)),
    }
}

// ----- the applicant's own applications --------------------------------------------------------

async fn mine(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let list = apps::mine(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "applications/mine.html",
        context! { applications => ser(&list) },
    ))
}

async fn view_page(
    state: &AppState,
    ctx: &PageCtx,
    id: ApplicationId,
    err: Option<AppError>,
    reason: &str,
) -> PageResult {
    let actor = ctx.actor()?;
    let view = apps::view(&state.app, actor, id).await?;
    let decisions = decisions_for(view.application.status);
    // The reason typed with a refused decision is shown again, not lost.
    let page = context! { view => ser(&view), decisions => decisions, form => context! { reason => reason } };
    Ok(match err {
        None => render(state, ctx, "applications/view.html", page),
        Some(e) => form_with_errors(state, ctx, "applications/view.html", e, page),
    })
}

async fn view(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    view_page(&state, &ctx, parse_id(&id)?, None, "").await
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ApplicationId = parse_id(&id)?;
    match apps::withdraw(&state.app, actor, id).await {
        Ok(_) => Ok(see_other(&format!("/applications/{id}"), "notice.saved")),
        Err(e @ (AppError::Validation(_) | AppError::Refused(_))) => {
            view_page(&state, &ctx, id, Some(e), "").await
        }
        Err(e) => Err(PageError(e)),
    }
}

// ----- the organisation coordinator ----------------------------------------------------------

/// The decisions open to a coordinator for an application in `status` (as button codes).
fn decisions_for(status: ApplicationStatus) -> Vec<&'static str> {
    [
        (ApplicationStatus::Approved, "approve"),
        (ApplicationStatus::WaitingList, "waiting_list"),
        (ApplicationStatus::Declined, "decline"),
    ]
    .into_iter()
    .filter(|(to, _)| status.can_move_to(*to))
    .map(|(_, code)| code)
    .collect()
}

/// Query parameters of an intake's applications (bad values are ignored, not errors).
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct IntakeQuery {
    status: Option<String>,
    cursor: Option<String>,
}

/// The translation key and number of a list's total ("1 application", "1,000+ applications").
pub(super) fn total_text(
    list: &str,
    total: u64,
    exact: bool,
    lang: crate::i18n::Lang,
) -> (String, String) {
    // An exact total is one message whose plural follows `count` (CLDR rules, in the locale
    // file); a lower bound has its own "1,000+" message.
    let key = if exact {
        format!("lists.{list}")
    } else {
        format!("lists.{list}.more")
    };
    (key, crate::templates::grouped(total, lang))
}

async fn intake_page(
    state: &AppState,
    ctx: &PageCtx,
    intake: IntakeId,
    query: IntakeQuery,
    err: Option<AppError>,
) -> PageResult {
    let actor = ctx.actor()?;
    let status = query
        .status
        .as_deref()
        .and_then(ApplicationStatus::from_code);
    let mut paging = apps::ApplicationsPaging {
        status,
        cursor: query.cursor.clone(),
        per_page: None,
    };
    // A cursor from an old or edited link: the first page, saying so, rather than an error page.
    let (list, cursor_unknown) =
        match apps::intake_applications_page(&state.app, actor, intake, &paging).await {
            Err(AppError::Validation(_)) if paging.cursor.is_some() => {
                paging.cursor = None;
                (
                    apps::intake_applications_page(&state.app, actor, intake, &paging).await?,
                    true,
                )
            }
            r => (r?, false),
        };
    let base = format!("/intakes/{intake}/applications");
    let link = |cursor: &str| {
        let mut qs = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = status {
            qs.append_pair("status", s.code());
        }
        qs.append_pair("cursor", cursor);
        format!("{base}?{}", qs.finish())
    };
    let past_end = list.applications.is_empty() && paging.cursor.is_some() && !cursor_unknown;
    let (total_key, total_number) =
        total_text("applications", list.total, list.total_exact, ctx.lang);
    let statuses: Vec<&'static str> = ApplicationStatus::ALL.iter().map(|s| s.code()).collect();
    let decisions: BTreeMap<String, Vec<&'static str>> = list
        .applications
        .iter()
        .map(|r| {
            (
                r.application.id.to_string(),
                decisions_for(r.application.status),
            )
        })
        .collect();
    let page = context! {
        list => ser(&list),
        decisions => decisions,
        can_edit_form => tandem_domain::can(actor, tandem_domain::Action::ManageProgramme { programme: list.programme.id }),
        form => context! {},
        total_key => total_key,
        total_number => total_number,
        cursor_unknown => cursor_unknown,
        past_end => past_end,
        first_page => base.clone(),
        previous => list.previous.as_deref().map(link),
        next => list.next.as_deref().map(link),
        statuses => statuses,
        filter => context! { status => status.map(|s| s.code()).unwrap_or_default() },
    };
    Ok(match err {
        None => render(state, ctx, "applications/intake.html", page),
        Some(e) => form_with_errors(state, ctx, "applications/intake.html", e, page),
    })
}

async fn intake_applications(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Query(query): Query<IntakeQuery>,
) -> PageResult {
    intake_page(&state, &ctx, parse_id(&id)?, query, None).await
}

async fn decide(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ApplicationId = parse_id(&id)?;
    let Some(decision) = Decision::from_code(form.get("decision")) else {
        return Err(PageError(AppError::BadRequest("decision")));
    };
    let expected = ApplicationStatus::from_code(form.get("expected_status"));
    // Where the decision was taken: the intake's list (default) or the application's page.
    let from_view = form.get("return") == "view";
    match apps::decide(
        &state.app,
        actor,
        id,
        decision,
        expected,
        form.get("reason"),
    )
    .await
    {
        Ok(a) => Ok(if from_view {
            see_other(&format!("/applications/{id}"), "notice.saved")
        } else {
            see_other(
                &format!("/intakes/{}/applications", a.intake_id),
                "notice.saved",
            )
        }),
        Err(e @ (AppError::Validation(_) | AppError::Refused(_))) => {
            if from_view {
                view_page(&state, &ctx, id, Some(e), form.get("reason")).await
            } else {
                let a = apps::view(&state.app, actor, id).await?;
                intake_page(&state, &ctx, a.intake.id, IntakeQuery::default(), Some(e)).await
            }
        }
        Err(e) => Err(PageError(e)),
    }
}

// ----- form builder --------------------------------------------------------------------------

/// How many blank questions the builder offers for adding (one at a time keeps the page short;
/// saving offers another).
const BLANK_QUESTIONS: usize = 1;

/// A question as the builder's form shows it.
#[derive(Serialize)]
struct QuestionRow {
    index: usize,
    key: String,
    kind: &'static str,
    prompt: String,
    hint: String,
    options: String,
    scale_max: String,
    required: bool,
    roles: Vec<&'static str>,
    new: bool,
}

fn question_rows(questions: &[Question]) -> Vec<QuestionRow> {
    let mut rows: Vec<QuestionRow> = questions
        .iter()
        .enumerate()
        .map(|(index, q)| QuestionRow {
            index,
            key: q.key.clone(),
            kind: q.kind.code(),
            prompt: q.prompt.clone(),
            hint: q.hint.clone(),
            options: q.options.join("\n"),
            scale_max: q.scale_max.map(|m| m.to_string()).unwrap_or_default(),
            required: q.required,
            roles: q.roles.iter().map(|r| r.code()).collect(),
            new: false,
        })
        .collect();
    for i in 0..BLANK_QUESTIONS {
        rows.push(QuestionRow {
            index: questions.len() + i,
            key: String::new(),
            kind: QuestionKind::Text.code(),
            prompt: String::new(),
            hint: String::new(),
            options: String::new(),
            scale_max: String::new(),
            required: false,
            roles: vec![],
            new: true,
        });
    }
    rows
}

/// Reads the builder's form: removed questions and untouched blank ones are left out. A scale
/// maximum that is not a number becomes `None`, which the checks report.
fn questions_from(form: &FormData) -> Vec<Question> {
    let count: usize = form.get("count").parse().unwrap_or(0).min(200);
    let mut out = Vec::new();
    for i in 0..count {
        let f = |name: &str| form.get(&format!("q{i}_{name}")).to_string();
        let key = f("key");
        let prompt = f("prompt");
        if form.get(&format!("q{i}_remove")) == "yes"
            || (key.is_empty() && prompt.trim().is_empty())
        {
            continue;
        }
        out.push(Question {
            key,
            kind: QuestionKind::from_code(&f("kind")).unwrap_or(QuestionKind::Text),
            prompt,
            hint: f("hint"),
            options: f("options").lines().map(str::to_string).collect(),
            scale_max: f("scale_max").trim().parse().ok(),
            required: f("required") == "yes",
            roles: form
                .all(&format!("q{i}_roles"))
                .into_iter()
                .filter_map(ApplicationRole::from_code)
                .collect(),
        });
    }
    out
}

fn builder_page(
    programme: &Programme,
    intake: &tandem_domain::Intake,
    rows: Vec<QuestionRow>,
) -> Value {
    let kinds: Vec<Choice> = QuestionKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.code().into(),
            label: format!("applications.question_kind.{}", k.code()),
        })
        .collect();
    context! {
        programme => ser(programme),
        intake => ser(intake),
        rows => ser(&rows),
        count => rows.len(),
        kinds => ser(&kinds),
        roles => ser(&role_choices(ApplicationRole::for_kind(programme.kind))),
        form => context! {},
    }
}

async fn form_builder(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (intake, programme, questions) = apps::form(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(
        actor,
        tandem_domain::Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    Ok(render(
        &state,
        &ctx,
        "applications/form.html",
        builder_page(&programme, &intake, question_rows(&questions)),
    ))
}

async fn save_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (intake, programme, _) = apps::form(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(
        actor,
        tandem_domain::Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let questions = apps::normalise_questions(questions_from(&form));
    match apps::set_form(&state.app, actor, intake.id, questions.clone()).await {
        Ok(_) => Ok(see_other(
            &format!("/intakes/{}/form", intake.id),
            "notice.saved",
        )),
        Err(e @ AppError::Validation(_)) => Ok(form_with_errors(
            &state,
            &ctx,
            "applications/form.html",
            e,
            builder_page(&programme, &intake, question_rows(&questions)),
        )),
        Err(e) => Err(PageError(e)),
    }
}

// ----- the line manager's link ---------------------------------------------------------------

fn link_refused(state: &AppState, ctx: &PageCtx, problem: LinkProblem) -> Response {
    let status = match problem {
        LinkProblem::Unknown => StatusCode::NOT_FOUND,
        LinkProblem::Expired | LinkProblem::Used | LinkProblem::Settled => StatusCode::GONE,
    };
    error_page_for(
        state,
        Some(ctx),
        ctx.lang,
        status,
        problem.message_key(),
        &ctx.path,
    )
}

async fn manager_request(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> PageResult {
    Ok(match apps::manager_request(&state.app, &token).await? {
        LinkOutcome::Refused(p) => link_refused(&state, &ctx, p),
        LinkOutcome::Ok(req) => render(
            &state,
            &ctx,
            "applications/manager.html",
            context! { request => ser(&req), token => token },
        ),
    })
}

async fn manager_answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let approve = match form.get("decision") {
        "approve" => true,
        "decline" => false,
        _ => return Err(PageError(AppError::BadRequest("decision"))),
    };
    Ok(
        match apps::answer_manager_link(&state.app, &token, approve).await? {
            LinkOutcome::Refused(p) => link_refused(&state, &ctx, p),
            LinkOutcome::Ok(_) => render(
                &state,
                &ctx,
                "applications/manager_done.html",
                context! { approved => approve },
            ),
        },
    )
}
