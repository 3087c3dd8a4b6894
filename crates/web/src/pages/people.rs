//! People: list with search, filters and paging; profile; add and edit; invitation; import and
//! export.

use crate::forms::{FormData, form_with_errors, see_other};
use crate::i18n::Lang;
use crate::render::PageCtx;
use crate::render::{render, ser};
use crate::{AppError, AppState, PageError, PageResult};
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use tandem_app::import::ImportPreview;
use tandem_app::people::{PeopleSearch, PersonInput};
use tandem_app::{accounts, export as export_service, import, organisations, people};
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::{Action, GradeSystem, Language, Organisation, PersonId, can};
use tandem_people_io::Format;

/// Query parameters of the people list (all optional; bad values are ignored, not errors).
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListQuery {
    q: Option<String>,
    organisation: Option<String>,
    profession: Option<String>,
    grade_system: Option<String>,
    page: Option<String>,
    cursor: Option<String>,
}

/// A page link of the pager.
#[derive(Serialize)]
struct PageLink {
    href: String,
}

/// The translation key and number of a list's total: "1 person", "25 people", or "1,000+
/// people" when the total is a lower bound (the list counts no further, see
/// `tandem_storage::COUNT_CAP`).
fn total_text(total: u64, exact: bool, lang: crate::i18n::Lang) -> (&'static str, String) {
    let key = match (exact, total) {
        (false, _) => "lists.people.more",
        // One message whose plural follows `count` (CLDR rules, in the locale file).
        (true, _) => "lists.people",
    };
    (key, crate::templates::grouped(total, lang))
}

/// Organisations whose people the actor may see (for the filter) or change (for the form).
async fn visible_organisations(
    state: &AppState,
    actor: &tandem_domain::Actor,
) -> Result<Vec<Organisation>, AppError> {
    let all = organisations::list(&state.app, actor).await?;
    Ok(match people_scope(actor) {
        PeopleScope::All => all,
        PeopleScope::Organisations(o) => all.into_iter().filter(|x| o.contains(&x.id)).collect(),
        PeopleScope::OnlySelf => vec![],
    })
}

fn grade_systems() -> Vec<Value> {
    GradeSystem::ALL
        .iter()
        .map(|s| context! { value => s.code(), label => crate::render::grade_system_key(*s) })
        .collect()
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mut search = PeopleSearch {
        text: q.q.clone(),
        organisation: q.organisation.as_deref().and_then(|o| o.parse().ok()),
        profession: q.profession.clone(),
        grade_system: q.grade_system.as_deref().and_then(GradeSystem::from_code),
        page: q.page.as_deref().and_then(|p| p.parse().ok()),
        per_page: None,
        cursor: q.cursor.clone(),
        exact_total: false,
    };
    // A cursor from an old or edited link that names no one the list holds: the first page,
    // saying so, rather than an error page.
    let (result, cursor_unknown) = match people::search(&state.app, actor, &search).await {
        Err(AppError::Validation(_)) if search.cursor.is_some() => {
            search.cursor = None;
            search.page = None;
            (people::search(&state.app, actor, &search).await?, true)
        }
        r => (r?, false),
    };
    let orgs = visible_organisations(&state, actor).await?;
    let link = |cursor: &str| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("q", &q.q),
            ("organisation", &q.organisation),
            ("profession", &q.profession),
            ("grade_system", &q.grade_system),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                pairs.push((k, v.to_string()));
            }
        }
        pairs.push(("cursor", cursor.to_string()));
        let qs: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        PageLink {
            href: format!("/people?{qs}"),
        }
    };
    // An empty page that is not the first (an old `?page=` beyond the end, or a cursor past the
    // last person): say so and link to the first page.
    let past_end = result.items.is_empty()
        && result.total > 0
        && (result.offset > 0 || (search.cursor.is_some() && !cursor_unknown));
    let (total_key, total_number) = total_text(result.total, result.total_exact, ctx.lang);
    let page = context! {
        people => ser(&result.items),
        total => result.total,
        total_key => total_key,
        total_number => total_number,
        cursor_unknown => cursor_unknown,
        past_end => past_end,
        previous => ser(&result.previous.as_deref().map(link)),
        next => ser(&result.next.as_deref().map(link)),
        organisations => ser(&orgs),
        grade_systems => grade_systems(),
        filter => context! {
            q => q.q.unwrap_or_default(),
            organisation => q.organisation.unwrap_or_default(),
            profession => q.profession.unwrap_or_default(),
            grade_system => q.grade_system.unwrap_or_default(),
        },
        can_add => !orgs.is_empty() && can(actor, Action::ListPeople),
        can_import => can(actor, Action::ImportPeople { organisations: &[] }),
        can_export => can(actor, Action::ExportPeople),
    };
    Ok(render(&state, &ctx, "people.html", page))
}

fn parse_person_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// Hidden or forbidden reads count as nothing to show (the page shows what remains).
fn hidden_as_none<T>(r: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(AppError::NotFound | AppError::Forbidden) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A person's page: their record where the viewer may see it (coordinators), and the parts of
/// their profile the policy lets the viewer see (their relationship partners, and anyone while
/// they are in the directory, see it here too). The back link goes where the viewer may go.
pub(super) async fn profile(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_person_id(&id)?;
    let view = hidden_as_none(people::get(&state.app, actor, id).await)?;
    let sight = hidden_as_none(tandem_app::profiles::view(&state.app, actor, id).await)?;
    if view.is_none() && sight.is_none() {
        return Err(PageError(AppError::NotFound));
    }
    let back = tandem_app::profiles::back_from_person(actor, id);
    Ok(render(
        &state,
        &ctx,
        "person.html",
        context! {
            view => ser(&view),
            sight => ser(&sight),
            back => back,
            // An administrator answering a request; a person's own data is on their account page.
            rights_export => id != actor.person_id
                && tandem_domain::can(actor, tandem_domain::Action::ExportPersonalData { person: id }),
            rights_erase => tandem_domain::can(actor, tandem_domain::Action::ErasePerson { person: id }),
        },
    ))
}

fn person_input(form: &FormData) -> PersonInput {
    let manager = form.get("line_manager_email").trim();
    PersonInput {
        given_name: form.get("given_name").to_string(),
        family_name: form.get("family_name").to_string(),
        email: form.get("email").to_string(),
        language: Language::from_tag(form.get("language")),
        organisation_id: form.get("organisation_id").parse().ok(),
        job_title: form.get("job_title").to_string(),
        profession: form.get("profession").to_string(),
        grade_system: GradeSystem::from_code(form.get("grade_system")),
        grade: form.get("grade").to_string(),
        line_manager_email: (!manager.is_empty()).then(|| manager.to_string()),
    }
}

/// The form's values; a stored profession code (an edit's starting point) reads as its label in
/// `lang`, while text someone typed is given back as typed.
fn input_values(i: &PersonInput, lang: Lang) -> Value {
    context! {
        given_name => i.given_name.clone(),
        family_name => i.family_name.clone(),
        email => i.email.clone(),
        language => i.language.map(|l| l.tag()).unwrap_or("en-GB"),
        organisation_id => i.organisation_id.map(|o| o.to_string()).unwrap_or_default(),
        job_title => i.job_title.clone(),
        profession => match tandem_domain::words::Profession::by_code(&i.profession) {
            Some(p) => crate::words::profession_label(p.code, lang),
            None => i.profession.clone(),
        },
        grade_system => i.grade_system.map(|g| g.code()).unwrap_or(""),
        grade => i.grade.clone(),
        line_manager_email => i.line_manager_email.clone().unwrap_or_default(),
    }
}

async fn person_form_page(
    state: &AppState,
    ctx: &PageCtx,
    editing: Option<PersonId>,
    values: Value,
) -> Result<Value, AppError> {
    let actor = ctx.actor()?;
    let orgs = visible_organisations(state, actor).await?;
    Ok(context! {
        org_options => orgs.iter().map(|o| context! { value => o.id.to_string(), label => o.name.clone() }).collect::<Vec<_>>(),
        grade_systems => grade_systems(),
        languages => Language::ALL.iter().map(|l| context! { value => l.tag(), label => format!("language.{}", l.tag()) }).collect::<Vec<_>>(),
        editing => editing.map(|e| e.to_string()),
        form => values,
    })
}

pub(super) async fn new_person(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    tandem_app::authorise(actor, Action::ListPeople)?;
    if visible_organisations(&state, actor).await?.is_empty() {
        return Err(PageError(AppError::Forbidden));
    }
    let page = person_form_page(
        &state,
        &ctx,
        None,
        input_values(&PersonInput::default(), ctx.lang),
    )
    .await?;
    Ok(render(&state, &ctx, "person_form.html", page))
}

pub(super) async fn create_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let input = person_input(&form);
    Ok(
        match people::create(&state.app, actor, input.clone()).await {
            Ok(id) => see_other(&format!("/people/{id}"), "notice.created"),
            Err(e) => {
                let page =
                    person_form_page(&state, &ctx, None, input_values(&input, ctx.lang)).await?;
                form_with_errors(&state, &ctx, "person_form.html", e, page)
            }
        },
    )
}

pub(super) async fn edit_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_person_id(&id)?;
    let input = people::edit_input(&state.app, actor, id).await?;
    let page = person_form_page(&state, &ctx, Some(id), input_values(&input, ctx.lang)).await?;
    Ok(render(&state, &ctx, "person_form.html", page))
}

pub(super) async fn update_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_person_id(&id)?;
    let input = person_input(&form);
    Ok(
        match people::update(&state.app, actor, id, input.clone()).await {
            Ok(()) => see_other(&format!("/people/{id}"), "notice.saved"),
            Err(e) => {
                let page = person_form_page(&state, &ctx, Some(id), input_values(&input, ctx.lang))
                    .await?;
                form_with_errors(&state, &ctx, "person_form.html", e, page)
            }
        },
    )
}

pub(super) async fn invite(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    let id = parse_person_id(&id)?;
    accounts::invite(&state.app, actor, id).await?;
    Ok(see_other(
        &format!("/people/{id}"),
        "notice.invitation_sent",
    ))
}

// ----- import and export ---------------------------------------------------------------------

/// The import page's variables with links to the grade lists of the councils the actor may
/// import for (councils' grades are their own, and the import adds to them).
async fn import_page(state: &AppState, actor: &tandem_domain::Actor) -> Result<Value, AppError> {
    let councils: Vec<Value> = visible_organisations(state, actor)
        .await?
        .into_iter()
        .filter(|o| o.kind == tandem_domain::OrganisationKind::LocalAuthority)
        .map(|o| context! { href => format!("/organisations/{}/grades", o.id), name => o.name })
        .collect();
    let max_mb = tandem_people_io::MAX_UPLOAD_BYTES / (1024 * 1024);
    Ok(context! {
        columns => tandem_people_io::COLUMNS.to_vec(),
        max_mb => max_mb,
        max_rows => tandem_people_io::MAX_ROWS,
        councils => councils,
    })
}

pub(super) async fn import_form(State(state): State<AppState>, ctx: PageCtx) -> PageResult {
    let actor = ctx.actor()?;
    tandem_app::authorise(actor, Action::ImportPeople { organisations: &[] })?;
    let page = import_page(&state, actor).await?;
    Ok(render(&state, &ctx, "import.html", page))
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

/// Rows shown in the preview table of a valid file: enough to check, not a whole HR extract.
const PREVIEW_ROWS_SHOWN: usize = 200;

fn preview_vars(preview: &ImportPreview, ctx: &PageCtx) -> Value {
    let i18n = crate::i18n::I18n::shared();
    let translate = |message: &str, params: &[(String, String)]| {
        let params: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        i18n.t_with(ctx.lang, message, &params)
    };
    let warnings: Vec<Value> = preview
        .rows
        .iter()
        .flat_map(|r| {
            r.warnings.iter().map(move |w| (r.line, w))
        })
        .map(|(line, w)| context! { line => line, column => w.column.clone(), message => translate(&w.message, &w.params) })
        .collect();
    let fields: Vec<Value> = tandem_people_io::Field::ALL
        .iter()
        .map(|f| context! { value => f.code(), label => format!("import.field.{}", f.code()) })
        .collect();
    let mapping_problem = preview
        .mapping_problem
        .as_ref()
        .map(|m| translate(&m.message, &m.params));
    let problems: Vec<Value> = preview
        .rows
        .iter()
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                let params: Vec<(&str, &str)> = e.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                context! { line => r.line, column => e.column.clone(), message => i18n.t_with(ctx.lang, &e.message, &params) }
            })
        })
        .collect();
    let bad_lines: Vec<usize> = preview
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty())
        .map(|r| r.line)
        .collect();
    let shown: Vec<_> = preview.rows.iter().take(PREVIEW_ROWS_SHOWN).collect();
    context! {
        preview => ser(preview),
        problems => problems,
        bad_lines => bad_lines,
        shown_rows => ser(&shown),
        more_rows => preview.rows.len().saturating_sub(PREVIEW_ROWS_SHOWN),
        warnings => warnings,
        fields => fields,
        mapping_problem => mapping_problem,
    }
}

pub(super) async fn import_preview(
    State(state): State<AppState>,
    ctx: PageCtx,
    mp: Multipart,
) -> PageResult {
    let actor = ctx.actor()?;
    tandem_app::authorise(actor, Action::ImportPeople { organisations: &[] })?;
    let upload = match read_upload(mp).await {
        Ok(u) => u,
        Err(AppError::PayloadTooLarge) => {
            let e = AppError::field("file", "import.too_large_upload");
            let page = import_page(&state, actor).await?;
            return Ok(form_with_errors(&state, &ctx, "import.html", e, page));
        }
        Err(e) => return Err(PageError(e)),
    };
    let Some((name, bytes)) = upload.filter(|(_, b)| !b.is_empty()) else {
        let page = import_page(&state, actor).await?;
        return Ok(form_with_errors(
            &state,
            &ctx,
            "import.html",
            AppError::field("file", "import.choose_file"),
            page,
        ));
    };
    let format = Format::from_file_name(&name).unwrap_or_else(|| Format::sniff(&bytes));
    let result = if bytes.len() > tandem_people_io::MAX_UPLOAD_BYTES {
        Err(AppError::field("file", "import.too_large_upload"))
    } else {
        import::preview(&state.app, actor, &bytes, format).await
    };
    Ok(match result {
        Ok(preview) => render(
            &state,
            &ctx,
            "import_preview.html",
            preview_vars(&preview, &ctx),
        ),
        Err(e) => {
            let page = import_page(&state, actor).await?;
            form_with_errors(&state, &ctx, "import.html", e, page)
        }
    })
}

/// Most columns the mapping form reads back (an HR extract has tens; this bounds a forged form).
const MAX_MAPPED_COLUMNS: usize = 500;

/// The mapping step: the waiting file checked again with the fields chosen per column
/// (`column_0`, `column_1`, …; anything unknown is "ignore").
pub(super) async fn import_remap(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<FormData>,
) -> PageResult {
    let actor = ctx.actor()?;
    let mut mapping = Vec::new();
    for i in 0..MAX_MAPPED_COLUMNS {
        let name = format!("column_{i}");
        if !form.0.iter().any(|(k, _)| *k == name) {
            break;
        }
        mapping.push(
            tandem_people_io::Field::from_code(form.get(&name))
                .unwrap_or(tandem_people_io::Field::Ignore),
        );
    }
    Ok(
        match import::remap(&state.app, actor, &id, &mapping).await {
            Ok(preview) => render(
                &state,
                &ctx,
                "import_preview.html",
                preview_vars(&preview, &ctx),
            ),
            Err(e) => {
                let page = import_page(&state, actor).await?;
                form_with_errors(&state, &ctx, "import.html", e, page)
            }
        },
    )
}

pub(super) async fn import_commit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.actor()?;
    Ok(match import::commit(&state.app, actor, &id).await {
        Ok(outcome) => {
            let page = context! { outcome => ser(&outcome) };
            render(&state, &ctx, "import_preview.html", page)
        }
        Err(e) => {
            let page = import_page(&state, actor).await?;
            form_with_errors(&state, &ctx, "import.html", e, page)
        }
    })
}

#[derive(Debug, Deserialize)]
pub(super) struct ExportQuery {
    format: Option<String>,
}

pub(super) async fn export(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<ExportQuery>,
) -> PageResult {
    let actor = ctx.actor()?;
    let format = match q.format.as_deref() {
        Some("xlsx") => Format::Xlsx,
        Some("csv") | None => Format::Csv,
        Some(_) => return Err(PageError(AppError::BadRequest("unknown export format"))),
    };
    let file = export_service::export(&state.app, actor, format).await?;
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file.bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_form_reads_every_field() {
        let form = FormData(vec![
            ("given_name".into(), "Ann".into()),
            ("family_name".into(), "Lee".into()),
            ("email".into(), "ann@example.org".into()),
            ("language".into(), "nl-NL".into()),
            ("grade_system".into(), "afc".into()),
            ("grade".into(), "8a".into()),
            ("line_manager_email".into(), "  ".into()),
        ]);
        let i = person_input(&form);
        assert_eq!(i.given_name, "Ann");
        assert_eq!(i.language, Some(Language::NlNl));
        assert_eq!(i.grade_system, Some(GradeSystem::AgendaForChange));
        assert_eq!(i.line_manager_email, None);
        assert_eq!(i.organisation_id, None);
    }
}
