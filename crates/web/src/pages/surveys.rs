//! Survey pages: the builder for coordinators and the answering pages for participants.
//!
//! Everything works without JavaScript: the builder is one form whose buttons name what to do
//! (`op`: save, add an instrument or a question, remove or move an item), each a POST that
//! changes the survey through `surveys::builder::update` and redirects back. The answer form
//! shows each scale as a fieldset of radio buttons; a refused submission shows the form again
//! with every answer as it was typed and the errors inline.

use crate::forms::{FormData, form_with_errors, parse_id, see_other};
use crate::render::{PageCtx, render, ser};
use crate::{AppError, AppState, PageResult};
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use minijinja::Value;
use minijinja::context;
use std::collections::BTreeMap;
use tandem_app::surveys::answer::{self, SubmitInput};
use tandem_app::surveys::builder::{self, SurveyInput};
use tandem_domain::survey::{
    AnswerValue, Barr, InstrumentCode, Item, Kirkpatrick, LocalText, Question, QuestionKind,
    Survey, SurveyId, SurveyRequestId, WaveKind,
};
use tandem_domain::{FrameworkDimension, Language, ProgrammeId};

/// This area's templates (name, source); names start with `surveys/`.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "surveys/mine.html",
        include_str!("../../templates/surveys/mine.html"),
    ),
    (
        "surveys/form.html",
        include_str!("../../templates/surveys/form.html"),
    ),
    (
        "surveys/done.html",
        include_str!("../../templates/surveys/done.html"),
    ),
    (
        "surveys/builder.html",
        include_str!("../../templates/surveys/builder.html"),
    ),
    (
        "surveys/edit.html",
        include_str!("../../templates/surveys/edit.html"),
    ),
];

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/surveys", get(mine))
        .route("/surveys/consent", axum::routing::post(consent))
        .route("/surveys/{request}", get(show).post(submit))
        .route("/surveys/{request}/decline", axum::routing::post(decline))
        .route("/surveys/{request}/done", get(done))
        .route("/programmes/{id}/surveys", get(list).post(create))
        .route("/programmes/{id}/surveys/{survey}", get(edit).post(change))
}

// ----- answering -------------------------------------------------------------------------------

async fn mine(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    let list = answer::mine(&state.app, actor, ctx.lang).await?;
    let consent = answer::research_consent(&state.app, actor).await?;
    let page = context! { requests => ser(&list), consent => consent };
    Ok(render(&state, &ctx, "surveys/mine.html", page))
}

async fn consent(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let choice = match form.get("consent") {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest("consent").into()),
    };
    answer::set_research_consent(&state.app, actor, choice).await?;
    Ok(see_other("/surveys", "notice.saved"))
}

fn request_id(raw: &str) -> Result<SurveyRequestId, AppError> {
    parse_id(raw)
}

/// One question as the form shows it: its text in the viewer's language, how it is answered,
/// and what was typed.
fn shown_questions(
    questions: &[Question],
    lang: Language,
    typed: &BTreeMap<String, Vec<String>>,
) -> Value {
    let i18n = crate::i18n::I18n::shared();
    let mut out = Vec::new();
    for q in questions {
        let option = |value: String, label: String| context! { value => value, label => label };
        let numbered = |lo: u8, hi: u8| -> Vec<Value> {
            (lo..=hi)
                .map(|n| option(n.to_string(), n.to_string()))
                .collect()
        };
        let (control, options, inline): (&str, Vec<Value>, bool) = match &q.kind {
            QuestionKind::Points { min, labels, .. } => (
                "radios",
                labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let n = u32::from(*min) + i as u32;
                        option(n.to_string(), format!("{n} – {}", l.get(lang.tag())))
                    })
                    .collect(),
                false,
            ),
            QuestionKind::Likert5 => (
                "radios",
                (1..=5)
                    .map(|n| {
                        let label = i18n.t(lang, &format!("surveys.form.agree_{n}"));
                        option(n.to_string(), format!("{n} – {label}"))
                    })
                    .collect(),
                false,
            ),
            QuestionKind::Likert7 => ("radios", numbered(1, 7), true),
            QuestionKind::Scale0To10 => ("radios", numbered(0, 10), true),
            QuestionKind::SingleChoice { options } => (
                "radios",
                options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| option(i.to_string(), o.get(lang.tag()).to_owned()))
                    .collect(),
                false,
            ),
            QuestionKind::MultipleChoice { options } => (
                "checkboxes",
                options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| option(i.to_string(), o.get(lang.tag()).to_owned()))
                    .collect(),
                false,
            ),
            QuestionKind::Number { .. } => ("number", vec![], false),
            QuestionKind::FreeText => ("text", vec![], false),
        };
        let values = typed.get(&q.key).cloned().unwrap_or_default();
        out.push(context! {
            key => q.key.clone(),
            id => q.key.replace('.', "-"),
            text => q.text.get(lang.tag()).to_owned(),
            required => q.required,
            control => control,
            options => options,
            inline => inline,
            scale_hint => matches!(q.kind, QuestionKind::Scale0To10),
            value => values.first().cloned().unwrap_or_default(),
            values => values,
        });
    }
    Value::from(out)
}

fn form_page(
    f: &answer::SurveyForm,
    lang: Language,
    typed: &BTreeMap<String, Vec<String>>,
    extra: &FormData,
) -> Value {
    context! {
        form => ser(f),
        questions => shown_questions(&f.questions, lang, typed),
        open => f.state == answer::RequestState::Due,
        consent_value => extra.get("research_consent").to_owned(),
        share => extra.get("share_free_text") == "yes",
    }
}

async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(request): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let f = answer::form(&state.app, actor, request_id(&request)?, ctx.lang).await?;
    let page = form_page(&f, ctx.lang, &BTreeMap::new(), &FormData(vec![]));
    Ok(render(&state, &ctx, "surveys/form.html", page))
}

/// The answers a form sent, by question: numbers for scales, indexes for choices, text for
/// free text. What cannot be read as its kind is passed on as text, so the domain's check
/// reports it against its question.
fn read_answers(
    questions: &[Question],
    form: &FormData,
) -> (BTreeMap<String, AnswerValue>, BTreeMap<String, Vec<String>>) {
    let mut answers = BTreeMap::new();
    let mut typed = BTreeMap::new();
    for q in questions {
        let all: Vec<String> = form
            .all(&q.key)
            .into_iter()
            .map(str::to_owned)
            .filter(|v| !v.trim().is_empty())
            .collect();
        typed.insert(q.key.clone(), all.clone());
        if all.is_empty() {
            continue;
        }
        let first = all[0].trim();
        let value = match &q.kind {
            QuestionKind::FreeText => AnswerValue::Text(first.to_owned()),
            QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } => {
                match all.iter().map(|v| v.trim().parse::<usize>()).collect() {
                    Ok(c) => AnswerValue::Choices(c),
                    Err(_) => AnswerValue::Text(first.to_owned()),
                }
            }
            _ => match first.replace(',', ".").parse::<f64>() {
                Ok(n) => AnswerValue::Number(n),
                Err(_) => AnswerValue::Text(first.to_owned()),
            },
        };
        answers.insert(q.key.clone(), value);
    }
    (answers, typed)
}

async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(request): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = request_id(&request)?;
    let f = answer::form(&state.app, actor, id, ctx.lang).await?;
    let (answers, typed) = read_answers(&f.questions, &form);
    let version = form.get("version").parse::<i64>().unwrap_or(-1);
    let research_consent = match form.get("research_consent") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let input = SubmitInput {
        version,
        answers,
        research_consent,
        share_free_text: form.get("share_free_text") == "yes",
    };
    match answer::submit(&state.app, actor, id, input).await {
        Ok(()) => Ok(Redirect::to(&format!("/surveys/{id}/done")).into_response()),
        Err(e) => Ok(form_with_errors(
            &state,
            &ctx,
            "surveys/form.html",
            e,
            form_page(&f, ctx.lang, &typed, &form),
        )),
    }
}

async fn decline(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(request): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = request_id(&request)?;
    answer::decline(&state.app, actor, id).await?;
    Ok(Redirect::to(&format!("/surveys/{id}/done")).into_response())
}

async fn done(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(request): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let f = answer::form(&state.app, actor, request_id(&request)?, ctx.lang).await?;
    let page = context! { form => ser(&f), declined => f.state == answer::RequestState::Declined };
    Ok(render(&state, &ctx, "surveys/done.html", page))
}

// ----- the builder -----------------------------------------------------------------------------

fn waves() -> Value {
    Value::from(
        WaveKind::ALL
            .iter()
            .map(|w| context! { value => w.code(), label => format!("surveys.wave.{}", w.code()) })
            .collect::<Vec<_>>(),
    )
}

fn instrument_list(lang: Language) -> Value {
    Value::from(
        builder::instruments()
            .iter()
            .map(|i| {
                context! {
                    code => i.code.code(),
                    name => i.name.get(lang.tag()).to_owned(),
                    attribution => i.attribution.get(lang.tag()).to_owned(),
                    count => i.items.len(),
                    items => i.items.iter().map(|q| q.text.get(lang.tag()).to_owned()).collect::<Vec<_>>(),
                }
            })
            .collect::<Vec<_>>(),
    )
}

const OWN_KINDS: [&str; 6] = [
    "likert5",
    "likert7",
    "scale0to10",
    "single_choice",
    "multiple_choice",
    "free_text",
];

fn builder_choices(lang: Language) -> Value {
    let plain = |v: &str, l: String| context! { value => v.to_owned(), label => l };
    context! {
        waves => waves(),
        instruments => instrument_list(lang),
        kinds => OWN_KINDS.iter().map(|k| plain(k, format!("surveys.kind.{k}"))).collect::<Vec<_>>(),
        kirkpatrick => Kirkpatrick::ALL.iter().map(|k| plain(k.code(), format!("surveys.kirkpatrick.{}", k.code()))).collect::<Vec<_>>(),
        barr => Barr::ALL.iter().map(|b| plain(b.code(), b.code().to_owned())).collect::<Vec<_>>(),
        dimensions => FrameworkDimension::ALL.iter().map(|d| plain(d.code(), format!("applications.framework.{}", d.code()))).collect::<Vec<_>>(),
    }
}

/// A survey's items as the builder lists them.
fn shown_items(s: &Survey, lang: Language) -> Value {
    Value::from(
        s.items
            .iter()
            .map(|item| match item {
                Item::Instrument { code } => {
                    let i = tandem_domain::survey::instrument(*code);
                    context! {
                        instrument => true,
                        name => i.name.get(lang.tag()).to_owned(),
                        attribution => i.attribution.get(lang.tag()).to_owned(),
                        count => i.items.len(),
                    }
                }
                Item::Question(q) => context! {
                    instrument => false,
                    key => q.key.clone(),
                    name => q.text.get(lang.tag()).to_owned(),
                    kind => q.kind.code(),
                    required => q.required,
                    kirkpatrick => q.kirkpatrick.code(),
                    barr => q.barr.code(),
                },
            })
            .collect::<Vec<_>>(),
    )
}

async fn list(State(state): State<AppState>, ctx: PageCtx, Path(id): Path<String>) -> PageResult {
    let actor = ctx.actor()?;
    let programme: ProgrammeId = parse_id(&id)?;
    let surveys = builder::list(&state.app, actor, programme).await?;
    let p = tandem_app::programmes::get(&state.app, actor, programme).await?;
    Ok(render(
        &state,
        &ctx,
        "surveys/builder.html",
        list_page(&surveys, &p, ctx.lang),
    ))
}

fn list_page(surveys: &[Survey], p: &tandem_domain::Programme, lang: Language) -> Value {
    let shown: Vec<Value> = surveys
        .iter()
        .map(|s| {
            context! {
                id => s.id.to_string(),
                title => s.title.get(lang.tag()).to_owned(),
                version => s.version,
                waves => s.waves.iter().map(|w| w.code()).collect::<Vec<_>>(),
                questions => s.questions().len(),
            }
        })
        .collect();
    context! {
        programme => ser(p),
        surveys => shown,
        choices => builder_choices(lang),
    }
}

fn checked_waves(form: &FormData) -> Vec<WaveKind> {
    form.all("waves")
        .into_iter()
        .filter_map(WaveKind::from_code)
        .collect()
}

async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let programme: ProgrammeId = parse_id(&id)?;
    let items = form
        .all("instruments")
        .into_iter()
        .filter_map(InstrumentCode::from_code)
        .map(|code| Item::Instrument { code })
        .collect();
    let input = SurveyInput {
        title: LocalText::new(form.get("title_en"), form.get("title_nl")),
        waves: checked_waves(&form),
        items,
    };
    match builder::create(&state.app, actor, programme, input).await {
        Ok(s) => Ok(see_other(
            &format!("/programmes/{programme}/surveys/{}", s.id),
            "notice.created",
        )),
        Err(e) => {
            let surveys = builder::list(&state.app, actor, programme).await?;
            let p = tandem_app::programmes::get(&state.app, actor, programme).await?;
            let page = list_page(&surveys, &p, ctx.lang);
            let page = context! { form => form.values(), ..page };
            Ok(form_with_errors(
                &state,
                &ctx,
                "surveys/builder.html",
                e,
                page,
            ))
        }
    }
}

async fn load(
    state: &AppState,
    ctx: &PageCtx,
    id: &str,
    survey: &str,
) -> Result<(ProgrammeId, Survey), AppError> {
    let actor = ctx.actor()?;
    let programme: ProgrammeId = parse_id(id)?;
    let survey: SurveyId = parse_id(survey)?;
    let s = builder::get(&state.app, actor, survey).await?;
    if s.programme_id != programme {
        return Err(AppError::NotFound);
    }
    Ok((programme, s))
}

fn edit_page(s: &Survey, lang: Language) -> Value {
    context! {
        survey => ser(s),
        programme_id => s.programme_id.to_string(),
        title => s.title.get(lang.tag()).to_owned(),
        items => shown_items(s, lang),
        chosen_waves => s.waves.iter().map(|w| w.code()).collect::<Vec<_>>(),
        choices => builder_choices(lang),
    }
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, survey)): Path<(String, String)>,
) -> PageResult {
    let (_, s) = load(&state, &ctx, &id, &survey).await?;
    let page = edit_page(&s, ctx.lang);
    let page = context! {
        form => context! { title_en => s.title.en.clone(), title_nl => s.title.nl.clone(), required => "yes" },
        ..page
    };
    Ok(render(&state, &ctx, "surveys/edit.html", page))
}

/// The question the builder's "add a question" fields describe (checked by the domain when the
/// survey is saved).
fn new_question(form: &FormData) -> Result<Question, AppError> {
    let options: Vec<LocalText> = form
        .get("options")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| LocalText::new(l, ""))
        .collect();
    let kind = match form.get("kind") {
        "likert5" => QuestionKind::Likert5,
        "likert7" => QuestionKind::Likert7,
        "scale0to10" => QuestionKind::Scale0To10,
        "single_choice" => QuestionKind::SingleChoice { options },
        "multiple_choice" => QuestionKind::MultipleChoice { options },
        "free_text" => QuestionKind::FreeText,
        _ => return Err(AppError::BadRequest("kind")),
    };
    Ok(Question {
        key: form.get("key").trim().to_owned(),
        text: LocalText::new(form.get("text_en").trim(), form.get("text_nl").trim()),
        kind,
        required: form.get("required") == "yes",
        kirkpatrick: Kirkpatrick::from_code(form.get("kirkpatrick"))
            .ok_or(AppError::BadRequest("kirkpatrick"))?,
        barr: Barr::from_code(form.get("barr")).ok_or(AppError::BadRequest("barr"))?,
        dimension: FrameworkDimension::ALL
            .into_iter()
            .find(|d| d.code() == form.get("dimension")),
    })
}

async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((id, survey)): Path<(String, String)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let (programme, s) = load(&state, &ctx, &id, &survey).await?;
    let version = form.get("version").parse::<i64>().unwrap_or(-1);
    let mut input = SurveyInput {
        title: LocalText::new(form.get("title_en"), form.get("title_nl")),
        waves: checked_waves(&form),
        items: s.items.clone(),
    };
    let op = form.get("op");
    let index = |prefix: &str| -> Option<usize> {
        op.strip_prefix(prefix)
            .and_then(|i| i.parse().ok())
            .filter(|i: &usize| *i < s.items.len())
    };
    if op == "save" {
    } else if op == "add_instrument" {
        let code = InstrumentCode::from_code(form.get("instrument"))
            .ok_or(AppError::BadRequest("instrument"))?;
        input.items.push(Item::Instrument { code });
    } else if op == "add_question" {
        input.items.push(Item::Question(new_question(&form)?));
    } else if let Some(i) = index("remove:") {
        input.items.remove(i);
    } else if let Some(i) = index("up:") {
        if i > 0 {
            input.items.swap(i, i - 1);
        }
    } else if let Some(i) = index("down:") {
        if i + 1 < input.items.len() {
            input.items.swap(i, i + 1);
        }
    } else {
        return Err(AppError::BadRequest("op").into());
    }
    match builder::update(&state.app, actor, s.id, version, input).await {
        Ok(_) => Ok(see_other(
            &format!("/programmes/{programme}/surveys/{}", s.id),
            "notice.saved",
        )),
        Err(e) => {
            let page = edit_page(&s, ctx.lang);
            let page = context! { form => form.values(), ..page };
            Ok(form_with_errors(&state, &ctx, "surveys/edit.html", e, page))
        }
    }
}
