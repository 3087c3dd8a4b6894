//! Assessment pages: a programme's coordinators switch assessment and equality-based matching on
//! or off with their lawful basis, see the programme's instruments and import scores (upload →
//! preview listing every bad row, or counts → confirm, like the people import); and each person
//! gives, changes or clears their own equality data on `/profile/equality`.
//!
//! Access is decided by the use cases (`ManageAssessments`, `EditEqualityData`); these handlers
//! only read forms and render.

use crate::forms::{Choice, FormData, form_with_errors, parse_id, see_other};
use crate::render::{PageCtx, render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::extract::{Multipart, Path, State};
use axum::routing::{get, post};
use axum::{Form, Router};
use minijinja::{Value, context};
use std::collections::BTreeMap;
use tandem_app::assessments as service;
use tandem_domain::ProgrammeId;
use tandem_domain::assessment::{
    Article6, Article9, BACKGROUNDS, Background, EqualityInput, InstrumentInput, LANGUAGES,
    MatchingUseInput, UseKind,
};
use tandem_people_io::Format;

/// This area's templates (name, source); names start with `assessments/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "assessments/setup.html",
        include_str!("../../templates/assessments/setup.html"),
    ),
    (
        "assessments/use.html",
        include_str!("../../templates/assessments/use.html"),
    ),
    (
        "assessments/preview.html",
        include_str!("../../templates/assessments/preview.html"),
    ),
    (
        "assessments/criteria_section.html",
        include_str!("../../templates/assessments/criteria_section.html"),
    ),
    (
        "assessments/weights.html",
        include_str!("../../templates/assessments/weights.html"),
    ),
    (
        "assessments/equality.html",
        include_str!("../../templates/assessments/equality.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/programmes/{id}/assessments", get(setup_page))
        .route(
            "/programmes/{id}/assessments/use/{kind}",
            get(use_form).post(use_save),
        )
        .route("/programmes/{id}/assessments/import", post(import_preview))
        .route(
            "/programmes/{id}/assessments/instruments",
            post(instrument_create),
        )
        .route(
            "/programmes/{id}/assessments/instruments/{instrument}/delete",
            post(instrument_delete),
        )
        .route(
            "/programmes/{id}/assessments/import/{pending}",
            post(import_confirm),
        )
        .route(
            "/programmes/{id}/matching-criteria/assessment",
            post(weights_save),
        )
        .route("/profile/equality", get(equality_form).post(equality_save))
        .route("/profile/equality/clear", post(equality_clear))
}

fn kind(raw: &str) -> Result<UseKind, AppError> {
    UseKind::from_code(raw).ok_or(AppError::NotFound)
}

/// The coordinator's page: both uses, the instruments and the upload form.
async fn setup_vars(state: &AppState, ctx: &PageCtx, id: ProgrammeId) -> Result<Value, PageError> {
    let actor = ctx.actor()?;
    let setup = service::setup(&state.app, actor, id).await?;
    let form: BTreeMap<&str, String> = BTreeMap::new();
    Ok(context! {
        setup => ser(&setup),
        kinds => UseKind::ALL.map(|k| k.code()),
        form => ser(&form),
    })
}

/// A score bound as typed: a whole number, or one outside every range (so the use case names
/// the range field) when it is not one.
fn bound(raw: &str) -> i64 {
    raw.trim()
        .parse()
        .unwrap_or(tandem_domain::assessment::SCORE_LIMIT + 1)
}

/// Adds an instrument from the set-up page's form; refused with the form kept, as typed.
async fn instrument_create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ProgrammeId = parse_id(&id)?;
    let input = InstrumentInput {
        name: form.get("name").into(),
        score_min: bound(form.get("score_min")),
        score_max: bound(form.get("score_max")),
        dimensions: form.get("dimensions").into(),
    };
    match service::create_instrument(&state.app, actor, id, input).await {
        Ok(_) => Ok(see_other(
            &format!("/programmes/{id}/assessments"),
            "instruments.notice.created",
        )),
        Err(e) => {
            let page = setup_vars(&state, &ctx, id).await?;
            let page = context! { form => ser(&form.strings()), ..page };
            Ok(form_with_errors(
                &state,
                &ctx,
                "assessments/setup.html",
                e,
                page,
            ))
        }
    }
}

/// Deletes an instrument without scores; one with scores is refused on the set-up page.
async fn instrument_delete(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, instrument)): Path<(String, String)>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ProgrammeId = parse_id(&id)?;
    match service::delete_instrument(&state.app, actor, id, &instrument).await {
        Ok(()) => Ok(see_other(
            &format!("/programmes/{id}/assessments"),
            "instruments.notice.deleted",
        )),
        Err(e) => upload_refused(&state, &ctx, id, e).await,
    }
}

async fn setup_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let page = setup_vars(&state, &ctx, parse_id(&id)?).await?;
    Ok(render(&state, &ctx, "assessments/setup.html", page))
}

fn basis_options() -> Value {
    let art6: Vec<Choice> = Article6::ALL
        .iter()
        .map(|a| Choice {
            value: a.code().into(),
            label: format!("assessment.art6.{}", a.code()),
        })
        .collect();
    let art9: Vec<Choice> = Article9::ALL
        .iter()
        .map(|a| Choice {
            value: a.code().into(),
            label: format!("assessment.art9.{}", a.code()),
        })
        .collect();
    let enabled = vec![
        Choice {
            value: "on".into(),
            label: "assessment.use.on".into(),
        },
        Choice {
            value: "off".into(),
            label: "assessment.use.off".into(),
        },
    ];
    context! { art6 => ser(&art6), art9 => ser(&art9), enabled => ser(&enabled) }
}

async fn use_vars(
    state: &AppState,
    ctx: &PageCtx,
    id: ProgrammeId,
    kind: UseKind,
    form: Value,
) -> Result<Value, PageError> {
    let actor = ctx.actor()?;
    let setup = service::setup(&state.app, actor, id).await?;
    Ok(context! {
        programme => ser(&setup.programme),
        kind => kind.code(),
        options => basis_options(),
        form => form,
    })
}

async fn use_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, raw_kind)): Path<(String, String)>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (id, kind) = (parse_id(&id)?, kind(&raw_kind)?);
    let setup = service::setup(&state.app, actor, id).await?;
    let current = match kind {
        UseKind::Assessment => setup.assessment,
        UseKind::Equality => setup.equality,
    };
    let mut form: BTreeMap<&str, String> = BTreeMap::new();
    match current {
        Some(u) => {
            form.insert("enabled", if u.enabled { "on" } else { "off" }.into());
            form.insert("art6", u.art6.code().into());
            form.insert(
                "art9",
                u.art9.map(|c| c.code().to_owned()).unwrap_or_default(),
            );
            form.insert("justification", u.justification);
            form.insert("weight", u.weight.to_string());
        }
        None => {
            form.insert("enabled", "off".into());
            form.insert("weight", "0".into());
        }
    }
    let page = use_vars(&state, &ctx, id, kind, ser(&form)).await?;
    Ok(render(&state, &ctx, "assessments/use.html", page))
}

async fn use_save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, raw_kind)): Path<(String, String)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (id, kind) = (parse_id::<ProgrammeId>(&id)?, kind(&raw_kind)?);
    let weight = form.get("weight").trim();
    let input = MatchingUseInput {
        enabled: form.get("enabled") == "on",
        art6: form.get("art6").into(),
        art9: form.get("art9").into(),
        justification: form.get("justification").into(),
        // Not a number: out of range, so the use case names the field.
        weight: if weight.is_empty() {
            0
        } else {
            weight.parse().unwrap_or(-1)
        },
    };
    Ok(
        match service::set_use(&state.app, actor, id, kind, input).await {
            Ok(_) => see_other(&format!("/programmes/{id}/assessments"), "notice.saved"),
            Err(e) => {
                let page = use_vars(&state, &ctx, id, kind, ser(&form.strings())).await?;
                form_with_errors(&state, &ctx, "assessments/use.html", e, page)
            }
        },
    )
}

/// Reads the uploaded file from the form: (file name, bytes).
async fn read_upload(mut mp: Multipart) -> Result<Option<(String, Vec<u8>)>, AppError> {
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("malformed upload"))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
            return Ok(Some((name, bytes.to_vec())));
        }
    }
    Ok(None)
}

/// The set-up page again with the upload's error against its file field.
async fn upload_refused(
    state: &AppState,
    ctx: &PageCtx,
    id: ProgrammeId,
    e: AppError,
) -> PageResult {
    let page = setup_vars(state, ctx, id).await?;
    Ok(form_with_errors(
        state,
        ctx,
        "assessments/setup.html",
        e,
        page,
    ))
}

async fn import_preview(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    mp: Multipart,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ProgrammeId = parse_id(&id)?;
    // Refuse a stranger before reading anything they sent.
    service::setup(&state.app, actor, id).await?;
    let upload = match read_upload(mp).await {
        Ok(u) => u,
        Err(AppError::PayloadTooLarge) => {
            let e = AppError::field("file", "import.too_large_upload");
            return upload_refused(&state, &ctx, id, e).await;
        }
        Err(e) => return Err(PageError(e)),
    };
    let Some((name, bytes)) = upload.filter(|(_, b)| !b.is_empty()) else {
        let e = AppError::field("file", "import.choose_file");
        return upload_refused(&state, &ctx, id, e).await;
    };
    if bytes.len() > tandem_people_io::MAX_UPLOAD_BYTES {
        let e = AppError::field("file", "import.too_large_upload");
        return upload_refused(&state, &ctx, id, e).await;
    }
    let format = Format::from_file_name(&name).unwrap_or_else(|| Format::sniff(&bytes));
    match service::preview_import(&state.app, actor, id, &bytes, format).await {
        Ok(preview) => {
            let i18n = crate::i18n::I18n::shared();
            let problems: Vec<Value> = preview
                .problems
                .iter()
                .map(|p| {
                    context! {
                        line => p.line,
                        column => p.column,
                        message => i18n.t_with(ctx.lang, p.message, &[("column", p.column)]),
                    }
                })
                .collect();
            let setup = service::setup(&state.app, actor, id).await?;
            let page = context! {
                programme => ser(&setup.programme),
                preview => ser(&preview),
                valid => preview.is_valid(),
                problems => problems,
            };
            Ok(render(&state, &ctx, "assessments/preview.html", page))
        }
        Err(e) => upload_refused(&state, &ctx, id, e).await,
    }
}

async fn import_confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, pending)): Path<(String, String)>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ProgrammeId = parse_id(&id)?;
    match service::confirm_import(&state.app, actor, id, &pending).await {
        Ok(done) => {
            let setup = service::setup(&state.app, actor, id).await?;
            let page = context! { programme => ser(&setup.programme), done => ser(&done) };
            Ok(render(&state, &ctx, "assessments/preview.html", page))
        }
        Err(e) => upload_refused(&state, &ctx, id, e).await,
    }
}

// ----- the criteria page's assessment weights ------------------------------------------------

/// One row of the weights form per instrument dimension, in the store's order: the form is read
/// back by that order (`weight_{k}`, `mode_{k}`), so a forged form cannot add rows.
fn weight_rows(setup: &service::AssessmentSetup) -> Vec<(String, String, String, String)> {
    setup
        .instruments
        .iter()
        .flat_map(|i| {
            i.dimensions.iter().map(move |d| {
                (
                    i.id.clone(),
                    i.name.clone(),
                    d.code.clone(),
                    d.label.clone(),
                )
            })
        })
        .collect()
}

fn weights_vars(setup: &service::AssessmentSetup, form: BTreeMap<String, String>) -> Value {
    let assessment_on = setup.assessment.as_ref().is_some_and(|u| u.enabled);
    let equality_on = setup.equality.as_ref().is_some_and(|u| u.enabled);
    let rows: Vec<Value> = if assessment_on {
        weight_rows(setup)
            .into_iter()
            .enumerate()
            .map(|(k, (_, instrument, _, dimension))| {
                context! { k => k, instrument => instrument, dimension => dimension }
            })
            .collect()
    } else {
        Vec::new()
    };
    let modes: Vec<Choice> = ["similarity", "complementarity"]
        .iter()
        .map(|m| Choice {
            value: (*m).into(),
            label: format!("assessment.mode.{m}"),
        })
        .collect();
    context! {
        programme => ser(&setup.programme),
        rows => rows,
        equality_on => equality_on,
        modes => ser(&modes),
        form => form,
    }
}

/// The criteria page's assessment section: `None` unless the actor manages the programme's
/// assessments and at least one use is switched on (the section then shows only what is on).
pub(crate) async fn criteria_section(
    state: &AppState,
    actor: &tandem_domain::Actor,
    programme: ProgrammeId,
) -> Result<Option<Value>, PageError> {
    if !tandem_domain::can(
        actor,
        tandem_domain::Action::ManageAssessments { programme },
    ) {
        return Ok(None);
    }
    let setup = service::setup(&state.app, actor, programme).await?;
    let on =
        |u: &Option<tandem_domain::assessment::MatchingUse>| u.as_ref().is_some_and(|u| u.enabled);
    if !on(&setup.assessment) && !on(&setup.equality) {
        return Ok(None);
    }
    let mut form = BTreeMap::new();
    for (k, (instrument, _, code, _)) in weight_rows(&setup).into_iter().enumerate() {
        let w = setup
            .weights
            .iter()
            .find(|w| w.instrument_id == instrument && w.dimension_code == code);
        form.insert(format!("weight_{k}"), w.map_or(0, |w| w.weight).to_string());
        form.insert(
            format!("mode_{k}"),
            w.map_or("similarity", |w| w.mode.code()).to_owned(),
        );
    }
    if let Some(u) = &setup.equality {
        form.insert("weight".into(), u.weight.to_string());
    }
    Ok(Some(weights_vars(&setup, form)))
}

/// A number from a form; anything else reads as -1, out of every range, so the use case names
/// the field.
fn number(raw: &str) -> i64 {
    raw.trim().parse().unwrap_or(-1)
}

/// Saves the per-dimension weights (when assessment use is on) and the shared-background weight
/// (when equality use is on, keeping its recorded basis). A refusal shows the section alone,
/// as typed, with the error summary; nothing is written.
async fn weights_save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: ProgrammeId = parse_id(&id)?;
    let setup = service::setup(&state.app, actor, id).await?;
    let refused = |e: AppError| -> PageResult {
        let page = weights_vars(&setup, form.strings());
        Ok(form_with_errors(
            &state,
            &ctx,
            "assessments/weights.html",
            e,
            page,
        ))
    };
    let assessment_on = setup.assessment.as_ref().is_some_and(|u| u.enabled);
    let equality = setup.equality.clone().filter(|u| u.enabled);
    let weights: Vec<service::WeightInput> = if assessment_on {
        weight_rows(&setup)
            .into_iter()
            .enumerate()
            .map(
                |(k, (instrument_id, _, dimension_code, _))| service::WeightInput {
                    instrument_id,
                    dimension_code,
                    weight: number(form.get(&format!("weight_{k}"))),
                    mode: form.get(&format!("mode_{k}")).to_owned(),
                },
            )
            .collect()
    } else {
        Vec::new()
    };
    // Checked before anything is written: both parts are saved or neither.
    let shared = match &equality {
        Some(u) => {
            let input = MatchingUseInput {
                enabled: true,
                art6: u.art6.code().into(),
                art9: u.art9.map(|c| c.code().to_owned()).unwrap_or_default(),
                justification: u.justification.clone(),
                weight: number(form.get("weight")),
            };
            if let Err(e) = input.validate(UseKind::Equality) {
                return refused(e.into());
            }
            Some(input)
        }
        None => None,
    };
    if assessment_on && let Err(e) = service::set_weights(&state.app, actor, id, weights).await {
        return refused(e);
    }
    if let Some(input) = shared
        && let Err(e) = service::set_use(&state.app, actor, id, UseKind::Equality, input).await
    {
        return refused(e);
    }
    Ok(see_other(
        &format!("/programmes/{id}/matching-criteria"),
        "notice.saved",
    ))
}

// ----- the person's own equality data -------------------------------------------------------

fn equality_options() -> Value {
    let languages: Vec<Choice> = LANGUAGES
        .iter()
        .map(|l| Choice {
            value: (*l).into(),
            label: format!("assessment.language.{l}"),
        })
        .collect();
    let backgrounds: Vec<Choice> = BACKGROUNDS
        .iter()
        .chain(&["self", "prefer_not_to_say"])
        .map(|b| Choice {
            value: (*b).into(),
            label: format!("assessment.background.{b}"),
        })
        .collect();
    context! { languages => ser(&languages), backgrounds => ser(&backgrounds) }
}

async fn equality_form(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let current = service::equality(&state.app, actor).await?;
    let form = match &current {
        Some(d) => {
            let (background, text) = match &d.background {
                Background::Listed(code) => (code.clone(), String::new()),
                Background::SelfDescribed(t) => ("self".to_owned(), t.clone()),
                Background::PreferNotToSay => ("prefer_not_to_say".to_owned(), String::new()),
            };
            context! { languages => d.languages.clone(), background => background, background_text => text }
        }
        None => context! {},
    };
    let page = context! { options => equality_options(), form => form, given => current.is_some() };
    Ok(render(&state, &ctx, "assessments/equality.html", page))
}

async fn equality_save(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let input = EqualityInput {
        languages: form
            .all("languages")
            .into_iter()
            .map(String::from)
            .collect(),
        background: form.get("background").into(),
        background_text: form.get("background_text").into(),
    };
    Ok(
        match service::set_equality(&state.app, actor, input).await {
            Ok(_) => see_other("/profile/equality", "notice.saved"),
            Err(e) => {
                let given = service::equality(&state.app, actor).await?.is_some();
                let values = context! {
                    languages => form.all("languages").into_iter().map(String::from).collect::<Vec<_>>(),
                    background => form.get("background"),
                    background_text => form.get("background_text"),
                };
                let page =
                    context! { options => equality_options(), form => values, given => given };
                form_with_errors(&state, &ctx, "assessments/equality.html", e, page)
            }
        },
    )
}

async fn equality_clear(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    service::clear_equality(&state.app, actor).await?;
    Ok(see_other("/profile/equality", "notice.saved"))
}
