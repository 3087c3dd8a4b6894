//! Dashboard, organisations, programmes and intakes.

use crate::forms::{
    Choice, FormData, form_with_errors, parse_date, parse_id, parse_u32, see_other,
};
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageResult};
use axum::Form;
use axum::extract::{Path, State};
use minijinja::{Value, context};
use serde::Serialize;
use std::collections::BTreeMap;
use tandem_app::intakes::IntakeInput;
use tandem_app::organisations::OrganisationInput;
use tandem_app::programmes::ProgrammeInput;
use tandem_app::{dashboard, intakes, organisations, programmes};
use tandem_domain::{
    Action, Country, GradeSystem, IntakeId, IntakePlace, Mode, OrganisationId, OrganisationKind,
    Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, ValidationErrors, can,
};

pub(super) async fn dashboard(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let summary = dashboard::summary(&state.app, actor).await?;
    let home = tandem_app::home::relationships(&state.app, actor).await?;
    let recent = tandem_app::notify::preferences::recent(&state.app, actor).await?;
    // A participant's home says what to do next: intakes open to them, applications under way.
    let participant = actor
        .roles
        .iter()
        .any(|r| r.role == tandem_domain::Role::Participant);
    let steps = if participant {
        Some(tandem_app::home::next_steps(&state.app, actor).await?)
    } else {
        None
    };
    // What waits for the reader, by role (issue #17): a participant's to-dos, an organisation
    // coordinator's "Waiting for you", the scheme's to-dos and figures.
    let todos = if participant {
        tandem_app::homes::participant_todos(&state.app, actor).await?
    } else {
        Vec::new()
    };
    // A scheme coordinator's home already holds every organisation's to-dos.
    let org_home = if actor.coordinated_organisations().is_empty() || actor.is_scheme_coordinator()
    {
        None
    } else {
        Some(tandem_app::homes::organisation(&state.app, actor).await?)
    };
    let scheme_home =
        if actor.is_scheme_coordinator() || can(actor, Action::ManageUndeliveredNotices) {
            Some(tandem_app::homes::scheme(&state.app, actor).await?)
        } else {
            None
        };
    let page = context! {
        todos => ser(&todos),
        org_home => ser(&org_home),
        scheme_home => ser(&scheme_home),
        steps => ser(&steps),
        can_manage_roles => can(actor, Action::ManageAccounts),
        // A participant's page is their home, not the scheme's dashboard.
        title_key => if actor.roles.iter().all(|r| r.role == tandem_domain::Role::Participant) {
            "home.title"
        } else {
            "dashboard.title"
        },
        home => ser(&home),
        recent => ser(&recent),
        summary => ser(&summary),
        can_manage => can(actor, Action::ManageScheme),
        can_list_people => can(actor, Action::ListPeople),
        can_import => can(actor, Action::ImportPeople { organisations: &[] }),
        can_evaluate => can(actor, Action::ViewAggregates)
            || !actor.coordinated_organisations().is_empty(),
    };
    Ok(render(&state, &ctx, "dashboard.html", page))
}

// ----- organisations -------------------------------------------------------------------------

/// Radio or checkbox options for a list of codes; each label is the translation key `prefix.code`.
fn choices(codes: impl Iterator<Item = &'static str>, prefix: &str) -> Vec<Choice> {
    codes
        .map(|code| Choice {
            value: code.into(),
            label: format!("{prefix}.{code}"),
        })
        .collect()
}

fn org_choices() -> Value {
    let kinds = choices(
        OrganisationKind::ALL.iter().map(|k| k.code()),
        "organisation_kind",
    );
    let countries = choices(Country::ALL.iter().map(|c| c.code()), "country");
    context! { kinds => ser(&kinds), countries => ser(&countries) }
}

pub(super) async fn organisations(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let orgs = organisations::list(&state.app, actor).await?;
    let page =
        context! { organisations => ser(&orgs), can_manage => can(actor, Action::ManageScheme) };
    Ok(render(&state, &ctx, "organisations.html", page))
}

pub(super) async fn new_organisation(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    tandem_app::authorise(actor, Action::ManageScheme)?;
    Ok(render(
        &state,
        &ctx,
        "organisation_form.html",
        context! { choices => org_choices(), form => context! {} },
    ))
}

fn org_input(form: &FormData) -> OrganisationInput {
    OrganisationInput {
        name: form.get("name").to_string(),
        kind: OrganisationKind::from_code(form.get("kind")),
        country: Country::from_code(form.get("country")),
    }
}

pub(super) async fn create_organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    Ok(
        match organisations::create(&state.app, actor, org_input(&form)).await {
            Ok(_) => see_other("/organisations", "notice.created"),
            Err(e) => form_with_errors(
                &state,
                &ctx,
                "organisation_form.html",
                e,
                context! { choices => org_choices(), form => form.values() },
            ),
        },
    )
}

pub(super) async fn edit_organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    tandem_app::authorise(actor, Action::ManageScheme)?;
    let org = organisations::get(&state.app, actor, parse_id(&id)?).await?;
    let values =
        context! { name => org.name, kind => org.kind.code(), country => org.country.code() };
    Ok(render(
        &state,
        &ctx,
        "organisation_form.html",
        context! { choices => org_choices(), form => values, editing => org.id.to_string() },
    ))
}

pub(super) async fn update_organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id: OrganisationId = parse_id(&id)?;
    Ok(
        match organisations::update(&state.app, actor, id, org_input(&form)).await {
            Ok(_) => see_other("/organisations", "notice.saved"),
            Err(e) => form_with_errors(
                &state,
                &ctx,
                "organisation_form.html",
                e,
                context! { choices => org_choices(), form => form.values(), editing => id.to_string() },
            ),
        },
    )
}

// ----- programmes ----------------------------------------------------------------------------

#[derive(Serialize)]
struct GradeSystemChoice {
    code: &'static str,
    label: String,
    grades: Vec<&'static str>,
}

fn programme_choices() -> Value {
    let kinds = choices(
        ProgrammeKind::ALL.iter().map(|k| k.code()),
        "programme_kind",
    );
    let modes = choices(Mode::ALL.iter().map(|m| m.code()), "mode");
    let org_kinds = choices(
        OrganisationKind::ALL.iter().map(|k| k.code()),
        "organisation_kind",
    );
    context! { kinds => ser(&kinds), modes => ser(&modes), org_kinds => ser(&org_kinds), grade_systems => ser(&grade_system_choices()) }
}

fn grade_system_choices() -> Vec<GradeSystemChoice> {
    GradeSystem::ALL
        .iter()
        .map(|s| GradeSystemChoice {
            code: s.code(),
            label: crate::render::grade_system_key(*s),
            grades: s.grades().iter().map(|g| g.code).collect(),
        })
        .collect()
}

/// Reads the programme form; problems that are the form's own (not a number, …) go in `errors`.
fn programme_input(form: &FormData, errors: &mut ValidationErrors) -> ProgrammeInput {
    let mut rules = ProgrammeRules {
        session_cap: parse_u32(form, "session_cap", errors),
        session_minutes: parse_u32(form, "session_minutes", errors),
        modes: form
            .all("modes")
            .into_iter()
            .filter_map(Mode::from_code)
            .collect(),
        term_months: parse_u32(form, "term_months", errors),
        mentor_load_min: parse_u32(form, "mentor_load_min", errors),
        mentor_load_max: parse_u32(form, "mentor_load_max", errors),
        set_size_min: parse_u32(form, "set_size_min", errors),
        set_size_max: parse_u32(form, "set_size_max", errors),
        cadence_weeks: parse_u32(form, "cadence_weeks", errors),
        pilot: form.get("pilot") == "yes",
        ..Default::default()
    };
    for system in GradeSystem::ALL {
        let from = form.get(&format!("grade_from_{}", system.code())).trim();
        let to = form.get(&format!("grade_to_{}", system.code())).trim();
        if from.is_empty() && to.is_empty() {
            continue;
        }
        let grades = system.grades();
        let lo = if from.is_empty() {
            grades[0].code
        } else {
            from
        };
        let hi = if to.is_empty() {
            grades[grades.len() - 1].code
        } else {
            to
        };
        rules
            .eligibility
            .grade_ranges
            .push((system, lo.to_string(), hi.to_string()));
    }
    rules.eligibility.professions = form
        .get("professions")
        .split(['\n', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    rules.eligibility.organisation_kinds = form
        .all("organisation_kinds")
        .into_iter()
        .filter_map(OrganisationKind::from_code)
        .collect();
    rules.eligibility.mentor_training_required = form.get("mentor_training_required") == "yes";
    ProgrammeInput {
        name: form.get("name").to_string(),
        kind: ProgrammeKind::from_code(form.get("kind")),
        description: form.get("description").to_string(),
        rules,
    }
}

/// The form values that show a programme as it is.
fn programme_values(p: &Programme) -> BTreeMap<String, Value> {
    let mut m: BTreeMap<String, Value> = BTreeMap::new();
    let r = &p.rules;
    m.insert("name".into(), p.name.clone().into());
    m.insert("kind".into(), p.kind.code().into());
    m.insert("description".into(), p.description.clone().into());
    for (k, v) in [
        ("session_cap", r.session_cap),
        ("session_minutes", r.session_minutes),
        ("term_months", r.term_months),
        ("mentor_load_min", r.mentor_load_min),
        ("mentor_load_max", r.mentor_load_max),
        ("set_size_min", r.set_size_min),
        ("set_size_max", r.set_size_max),
        ("cadence_weeks", r.cadence_weeks),
    ] {
        m.insert(
            k.into(),
            v.map(|v| v.to_string()).unwrap_or_default().into(),
        );
    }
    m.insert(
        "modes".into(),
        Value::from(r.modes.iter().map(|m| m.code()).collect::<Vec<_>>()),
    );
    m.insert(
        "organisation_kinds".into(),
        Value::from(
            r.eligibility
                .organisation_kinds
                .iter()
                .map(|k| k.code())
                .collect::<Vec<_>>(),
        ),
    );
    for (system, lo, hi) in &r.eligibility.grade_ranges {
        m.insert(format!("grade_from_{}", system.code()), lo.clone().into());
        m.insert(format!("grade_to_{}", system.code()), hi.clone().into());
    }
    m.insert(
        "professions".into(),
        r.eligibility.professions.join("\n").into(),
    );
    if r.eligibility.mentor_training_required {
        m.insert("mentor_training_required".into(), "yes".into());
    }
    if r.pilot {
        m.insert("pilot".into(), "yes".into());
    }
    m
}

pub(super) async fn programmes(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let list = programmes::list(&state.app, actor).await?;
    let page =
        context! { programmes => ser(&list), can_manage => can(actor, Action::ManageScheme) };
    Ok(render(&state, &ctx, "programmes.html", page))
}

pub(super) async fn programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let p = programmes::get(&state.app, actor, parse_id(&id)?).await?;
    let list = intakes::list(&state.app, actor, p.id).await?;
    // Sessions against caps and quiet relationships, per intake, for the scheme coordinator.
    let figures: BTreeMap<String, Value> = if can(actor, Action::ManageScheme) {
        tandem_app::matching::programme_figures(&state.app, actor, p.id)
            .await?
            .into_iter()
            .map(|f| (f.intake_id.to_string(), ser(&f)))
            .collect()
    } else {
        BTreeMap::new()
    };
    let orgs = organisations::list(&state.app, actor).await?;
    let names: BTreeMap<String, String> = orgs
        .into_iter()
        .map(|o| (o.id.to_string(), o.name))
        .collect();
    let page = context! {
        programme => ser(&p),
        minutes_cap => p.rules.minutes_cap(),
        intakes => ser(&list),
        org_names => names,
        can_manage => can(actor, Action::ManageProgramme { programme: p.id }),
        can_approve => can(actor, Action::ReviewApplications)
            || can(actor, Action::ManageProgramme { programme: p.id }),
        figures => figures,
        assessment_notice => ser(&tandem_app::assessments::notice(&state.app, actor, p.id).await?),
        can_assess => can(actor, Action::ManageAssessments { programme: p.id }),
    };
    Ok(render(&state, &ctx, "programme.html", page))
}

pub(super) async fn new_programme(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    tandem_app::authorise(actor, Action::ManageScheme)?;
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    values.insert("modes".into(), Value::from(Vec::<String>::new()));
    Ok(render(
        &state,
        &ctx,
        "programme_form.html",
        context! { choices => programme_choices(), form => values },
    ))
}

async fn save_programme(
    state: &AppState,
    ctx: &PageCtx,
    id: Option<ProgrammeId>,
    form: FormData,
) -> PageResult {
    let actor = ctx.actor()?;
    match id {
        None => tandem_app::authorise(actor, Action::ManageScheme)?,
        Some(programme) => tandem_app::authorise(actor, Action::ManageProgramme { programme })?,
    }
    let mut errors = ValidationErrors::new();
    let input = programme_input(&form, &mut errors);
    let result = if errors.is_empty() {
        match id {
            None => programmes::create(&state.app, actor, input).await,
            Some(id) => programmes::update(&state.app, actor, id, input).await,
        }
    } else {
        if let Err(more) = programmes::validate(&input) {
            let extra: Vec<_> = more
                .errors
                .into_iter()
                .filter(|e| errors.for_field(&e.field).is_none())
                .collect();
            errors.errors.extend(extra);
        }
        Err(AppError::Validation(errors))
    };
    Ok(match result {
        Ok(p) => see_other(
            &format!("/programmes/{}", p.id),
            if id.is_some() {
                "notice.saved"
            } else {
                "notice.created"
            },
        ),
        Err(e) => {
            let page = context! { choices => programme_choices(), form => form.values(), editing => id.map(|i| i.to_string()) };
            form_with_errors(state, ctx, "programme_form.html", e, page)
        }
    })
}

pub(super) async fn create_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    save_programme(&state, &ctx, None, form).await
}

pub(super) async fn edit_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let p = programmes::get(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(actor, Action::ManageProgramme { programme: p.id })?;
    let page = context! { choices => programme_choices(), form => programme_values(&p), editing => p.id.to_string() };
    Ok(render(&state, &ctx, "programme_form.html", page))
}

pub(super) async fn update_programme(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let id: ProgrammeId = parse_id(&id)?;
    save_programme(&state, &ctx, Some(id), form).await
}

// ----- intakes -------------------------------------------------------------------------------

fn intake_input(
    form: &FormData,
    orgs: &[tandem_domain::Organisation],
    errors: &mut ValidationErrors,
) -> IntakeInput {
    let mut places = Vec::new();
    for o in orgs {
        let field = format!("places_{}", o.id);
        if let Some(n) = parse_u32(form, &field, errors) {
            places.push(IntakePlace {
                organisation_id: o.id,
                places: n,
            });
        }
    }
    IntakeInput {
        name: form.get("name").to_string(),
        opens_on: parse_date(form, "opens_on", errors),
        closes_on: parse_date(form, "closes_on", errors),
        starts_on: parse_date(form, "starts_on", errors),
        places,
    }
}

fn intake_values(i: &tandem_domain::Intake) -> BTreeMap<String, Value> {
    let mut m: BTreeMap<String, Value> = BTreeMap::new();
    m.insert("name".into(), i.name.clone().into());
    for (f, d) in [
        ("opens_on", i.opens_on),
        ("closes_on", i.closes_on),
        ("starts_on", i.starts_on),
    ] {
        use chrono::Datelike;
        m.insert(format!("{f}-day"), d.day().to_string().into());
        m.insert(format!("{f}-month"), d.month().to_string().into());
        m.insert(format!("{f}-year"), d.year().to_string().into());
    }
    for p in &i.places {
        m.insert(
            format!("places_{}", p.organisation_id),
            p.places.to_string().into(),
        );
    }
    m
}

pub(super) async fn new_intake(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let p = programmes::get(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(actor, Action::ManageProgramme { programme: p.id })?;
    let orgs = organisations::list(&state.app, actor).await?;
    Ok(render(
        &state,
        &ctx,
        "intake_form.html",
        context! { programme => ser(&p), organisations => ser(&orgs), form => context! {} },
    ))
}

async fn save_intake(
    state: &AppState,
    ctx: &PageCtx,
    programme: Programme,
    intake: Option<IntakeId>,
    form: FormData,
) -> PageResult {
    let actor = ctx.actor()?;
    let orgs = organisations::list(&state.app, actor).await?;
    let mut errors = ValidationErrors::new();
    let input = intake_input(&form, &orgs, &mut errors);
    let result = if !errors.is_empty() {
        // Show the form's own problems together with the service's (dates, names).
        if let Err(AppError::Validation(more)) = intakes::validate(&state.app, actor, &input).await
        {
            let extra: Vec<_> = more
                .errors
                .into_iter()
                .filter(|e| errors.for_field(&e.field).is_none())
                .collect();
            errors.errors.extend(extra);
        }
        Err(AppError::Validation(errors))
    } else {
        match intake {
            None => intakes::create(&state.app, actor, programme.id, input).await,
            Some(id) => intakes::update(&state.app, actor, id, input).await,
        }
    };
    Ok(match result {
        Ok(_) => see_other(&format!("/programmes/{}", programme.id), "notice.saved"),
        Err(e) => {
            let page = context! { programme => ser(&programme), organisations => ser(&orgs), form => form.values(), editing => intake.map(|i| i.to_string()) };
            form_with_errors(state, ctx, "intake_form.html", e, page)
        }
    })
}

pub(super) async fn create_intake(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let p = programmes::get(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(actor, Action::ManageProgramme { programme: p.id })?;
    save_intake(&state, &ctx, p, None, form).await
}

pub(super) async fn edit_intake(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (intake, p) = intakes::get(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(actor, Action::ManageProgramme { programme: p.id })?;
    let orgs = organisations::list(&state.app, actor).await?;
    let page = context! { programme => ser(&p), organisations => ser(&orgs), form => intake_values(&intake), editing => intake.id.to_string() };
    Ok(render(&state, &ctx, "intake_form.html", page))
}

pub(super) async fn update_intake(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (intake, p) = intakes::get(&state.app, actor, parse_id(&id)?).await?;
    tandem_app::authorise(actor, Action::ManageProgramme { programme: p.id })?;
    save_intake(&state, &ctx, p, Some(intake.id), form).await
}
