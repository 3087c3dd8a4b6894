//! People: search, profile, create and change.
//!
//! Organisation boundaries come from `tandem_domain::policy`: the search is narrowed in SQL by
//! [`people_scope`], a profile the actor may not see is `NotFound`, and an organisation
//! coordinator sees only the employments at the organisations they coordinate.

use super::{audited, authorise, authorise_or_hide};
use crate::{AppError, AppResult, Context};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::validate::{normalise_email, required_text};
use tandem_domain::{
    Action, Actor, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    Person, PersonId, ValidationErrors, can,
};
use tandem_storage::{MAX_PAGE, Page, PeopleCursor, PeopleQuery, PersonRecord, PersonSummary};

/// Default number of people per page.
pub const PER_PAGE: u64 = 25;

/// A people search as the list page and the API express it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PeopleSearch {
    pub text: Option<String>,
    pub organisation: Option<OrganisationId>,
    pub profession: Option<String>,
    pub grade_system: Option<GradeSystem>,
    /// 1-based page number (old links; ignored when `cursor` is set).
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// A cursor token from a page's `next` or `previous` (keyset paging).
    #[serde(default)]
    pub cursor: Option<String>,
    /// Count every match (a dashboard's figure) instead of up to `tandem_storage::COUNT_CAP`.
    #[serde(default)]
    pub exact_total: bool,
}

/// Translation key of a cursor token that is malformed or names no one the list holds.
pub const CURSOR_UNKNOWN: &str = "error.lists.cursor_unknown";

/// Searches the people the actor may see, a page at a time.
pub async fn search(
    ctx: &Context,
    actor: &Actor,
    s: &PeopleSearch,
) -> AppResult<Page<PersonSummary>> {
    authorise(actor, Action::ListPeople)?;
    let per_page = s.per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PAGE);
    let page = s.page.unwrap_or(1).max(1);
    let mut q = PeopleQuery::new(people_scope(actor), actor.person_id);
    // A term with a character no stored text holds matches no one (see `text::search_term`).
    let terms = (
        tandem_domain::text::search_term(s.text.as_deref(), 200),
        tandem_domain::text::search_term(s.profession.as_deref(), 200),
    );
    let cursor = match s.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(token) => Some(PeopleCursor::parse(token).ok_or_else(cursor_unknown)?),
    };
    let (Ok(text), Ok(profession)) = terms else {
        return Ok(Page::empty((page - 1).saturating_mul(per_page), per_page));
    };
    q.text = text;
    q.organisation = s.organisation;
    q.profession = profession;
    q.grade_system = s.grade_system;
    q.limit = per_page;
    q.offset = (page - 1).saturating_mul(per_page);
    q.cursor = cursor;
    q.exact_total = s.exact_total;
    match ctx.store.search_people(actor.scheme_id, &q).await {
        Err(tandem_storage::StoreError::NotFound) if cursor.is_some() => Err(cursor_unknown()),
        r => Ok(r?),
    }
}

/// The validation error of a cursor token no list gave out (shared by every list).
pub(crate) fn cursor_unknown() -> AppError {
    let mut e = ValidationErrors::new();
    e.add("cursor", CURSOR_UNKNOWN);
    AppError::Validation(e)
}

/// A person's line manager as a profile shows them.
#[derive(Clone, Debug, Serialize)]
pub struct ManagerView {
    pub id: PersonId,
    /// `None` when the actor may not see the manager's name
    /// ([`Action::SeeLineManagerName`]).
    pub name: Option<String>,
    /// The actor may open the manager's record (the name is a link then).
    pub linked: bool,
    /// The manager works at none of this job's organisation: "someone at another
    /// organisation", the only case that text is true.
    pub elsewhere: bool,
}

/// One employment on a profile.
#[derive(Clone, Debug, Serialize)]
pub struct EmploymentView {
    pub employment: Employment,
    pub organisation: Organisation,
    pub line_manager: Option<ManagerView>,
}

/// A person's profile as the actor may see it.
#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    pub person: Person,
    /// Employments at organisations the actor may see.
    pub employments: Vec<EmploymentView>,
    /// Employments elsewhere, counted but not shown.
    pub hidden_employments: usize,
    pub can_edit: bool,
    pub can_invite: bool,
    /// May see and record the person's mentor development.
    pub can_record_mentoring: bool,
    pub has_account: bool,
    pub has_password: bool,
    /// When the latest e-mail to the person could not be delivered (after its retries): their
    /// coordinators see that the person is unreachable, and why their address needs checking.
    pub undeliverable: Option<chrono::DateTime<chrono::Utc>>,
}

fn employers(record: &PersonRecord) -> Vec<OrganisationId> {
    let mut v: Vec<OrganisationId> = record
        .employments
        .iter()
        .map(|e| e.organisation_id)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Loads a person of the actor's scheme whom the actor may see (else `NotFound`).
pub async fn load_visible(ctx: &Context, actor: &Actor, id: PersonId) -> AppResult<PersonRecord> {
    let record = ctx.store.get_person(id).await?;
    if record.person.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    let emp = employers(&record);
    authorise_or_hide(
        actor,
        Action::ViewPerson {
            person: id,
            employers: &emp,
        },
    )?;
    Ok(record)
}

/// Whether the actor sees employments at this organisation.
fn sees_organisation(actor: &Actor, person: PersonId, org: OrganisationId) -> bool {
    match people_scope(actor) {
        PeopleScope::All => true,
        PeopleScope::Organisations(orgs) => orgs.contains(&org) || person == actor.person_id,
        PeopleScope::OnlySelf => person == actor.person_id,
    }
}

/// A person's profile.
pub async fn get(ctx: &Context, actor: &Actor, id: PersonId) -> AppResult<PersonView> {
    let record = load_visible(ctx, actor, id).await?;
    let emp = employers(&record);
    let orgs = ctx.store.list_organisations(actor.scheme_id).await?;
    let mut employments = Vec::new();
    let mut hidden = 0;
    for e in &record.employments {
        if !sees_organisation(actor, id, e.organisation_id) {
            hidden += 1;
            continue;
        }
        let Some(org) = orgs.iter().find(|o| o.id == e.organisation_id).cloned() else {
            hidden += 1;
            continue;
        };
        let line_manager = match e.line_manager_id {
            None => None,
            Some(m) => {
                let manager = match ctx.store.get_person(m).await {
                    Ok(r) if r.person.scheme_id == actor.scheme_id => Some(r),
                    Ok(_) | Err(tandem_storage::StoreError::NotFound) => None,
                    Err(other) => return Err(other.into()),
                };
                let manager_employers = manager.as_ref().map(employers).unwrap_or_default();
                let linked = can(
                    actor,
                    Action::ViewPerson {
                        person: m,
                        employers: &manager_employers,
                    },
                );
                let named = can(
                    actor,
                    Action::SeeLineManagerName {
                        person: id,
                        employment_organisation: e.organisation_id,
                        manager: m,
                        manager_employers: &manager_employers,
                    },
                );
                Some(ManagerView {
                    id: m,
                    name: manager
                        .as_ref()
                        .filter(|_| named)
                        .map(|r| r.person.display_name()),
                    linked: linked && manager.is_some(),
                    elsewhere: !manager_employers.contains(&e.organisation_id),
                })
            }
        };
        employments.push(EmploymentView {
            employment: e.clone(),
            organisation: org,
            line_manager,
        });
    }
    let account = ctx.store.account_by_person(id).await?;
    let undeliverable = undeliverable(ctx, actor, id, &emp).await?;
    Ok(PersonView {
        undeliverable,
        can_record_mentoring: can(
            actor,
            Action::RecordMentorDevelopment {
                person: id,
                employers: &emp,
            },
        ),
        can_edit: can(
            actor,
            Action::EditPerson {
                person: id,
                employers: &emp,
            },
        ),
        can_invite: can(actor, Action::InvitePerson { employers: &emp })
            && can(
                actor,
                Action::EditPerson {
                    person: id,
                    employers: &emp,
                },
            ),
        has_account: account.is_some(),
        has_password: account.as_ref().is_some_and(|a| a.password_hash.is_some()),
        person: record.person,
        employments,
        hidden_employments: hidden,
    })
}

/// What a form or API call supplies for a person and their primary employment.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct PersonInput {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub language: Option<Language>,
    pub organisation_id: Option<OrganisationId>,
    pub job_title: String,
    pub profession: String,
    pub grade_system: Option<GradeSystem>,
    pub grade: String,
    /// E-mail of the line manager, who must already be known to the scheme.
    pub line_manager_email: Option<String>,
}

/// The checked input.
struct Checked {
    given_name: String,
    family_name: String,
    email: String,
    language: Language,
    organisation_id: OrganisationId,
    job_title: String,
    profession: String,
    grade_system: GradeSystem,
    grade: String,
    manager: Option<PersonId>,
}

/// A local-authority grade from the council's own list (as the list spells it), for a grade the
/// national list lacks: councils grade on their own scales, and imports add to the list.
async fn council_grade(
    ctx: &Context,
    input: &PersonInput,
    system: GradeSystem,
) -> AppResult<Option<String>> {
    let (GradeSystem::LocalAuthority, Some(org)) = (system, input.organisation_id) else {
        return Ok(None);
    };
    let wanted = tandem_domain::grades::local_grade_key(&input.grade);
    Ok(ctx
        .store
        .local_grades(org)
        .await?
        .into_iter()
        .find(|g| tandem_domain::grades::local_grade_key(g) == wanted))
}

/// Checks a person's input. `me` is the person being changed (`None` when creating).
async fn check(
    ctx: &Context,
    actor: &Actor,
    input: &PersonInput,
    me: Option<PersonId>,
) -> AppResult<Checked> {
    let mut e = ValidationErrors::new();
    let given_name = required_text(&input.given_name)
        .map_err(|k| e.add("given_name", k))
        .ok();
    let family_name = required_text(&input.family_name)
        .map_err(|k| e.add("family_name", k))
        .ok();
    let email = normalise_email(&input.email)
        .map_err(|k| e.add("email", k))
        .ok();
    let job_title = required_text(&input.job_title)
        .map_err(|k| e.add("job_title", k))
        .ok();
    let profession = required_text(&input.profession)
        .map_err(|k| e.add("profession", k))
        .ok();
    match input.organisation_id {
        None => e.add("organisation_id", "error.choose_organisation"),
        Some(org) => match ctx.store.get_organisation(org).await {
            Ok(o) if o.scheme_id == actor.scheme_id => {
                if !can(
                    actor,
                    Action::EditPerson {
                        person: me.unwrap_or(actor.person_id),
                        employers: &[org],
                    },
                ) {
                    e.add("organisation_id", "error.organisation_not_allowed");
                }
            }
            Ok(_) | Err(tandem_storage::StoreError::NotFound) => {
                e.add("organisation_id", "error.unknown_organisation")
            }
            Err(other) => return Err(other.into()),
        },
    }
    let mut grade = None;
    match input.grade_system {
        None => e.add("grade_system", "error.choose_grade_system"),
        Some(system) => match system.grade(&input.grade) {
            Some(g) => grade = Some(g.code.to_string()),
            None if input.grade.trim().is_empty() => e.add("grade", "error.required"),
            None => match council_grade(ctx, input, system).await? {
                Some(g) => grade = Some(g),
                None => e.add_with(
                    "grade",
                    "error.grade_not_in_system",
                    &[("system", system.code())],
                ),
            },
        },
    }
    if let Some(email) = &email {
        match ctx
            .store
            .find_person_by_email(actor.scheme_id, email)
            .await?
        {
            // "Already used" only when the actor may see who uses it; anyone else hears that the
            // address cannot be used, so a coordinator cannot learn whether an address belongs
            // to another organisation's person.
            Some(other) if Some(other.person.id) != me => {
                if load_visible(ctx, actor, other.person.id).await.is_ok() {
                    e.add("email", "error.email_taken")
                } else {
                    e.add("email", "error.email_unavailable")
                }
            }
            _ => {}
        }
    }
    let mut manager = None;
    let manager_email = input
        .line_manager_email
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if let Some(raw) = manager_email {
        match normalise_email(raw) {
            Err(k) => e.add("line_manager_email", k),
            Ok(m) => match ctx.store.find_person_by_email(actor.scheme_id, &m).await? {
                // A manager the actor may not see is reported as unknown, so that e-mail
                // addresses of other organisations cannot be probed through this form.
                Some(rec) if load_visible(ctx, actor, rec.person.id).await.is_ok() => {
                    let mid = rec.person.id;
                    if Some(mid) == me
                        || email.as_deref() == Some(rec.person.email.as_str()) && me.is_none()
                    {
                        e.add("line_manager_email", "error.manager_is_self");
                    } else if let Some(me) = me
                        && manages_indirectly(ctx, me, mid).await?
                    {
                        e.add("line_manager_email", "error.manager_cycle");
                    } else {
                        manager = Some(mid);
                    }
                }
                _ => e.add("line_manager_email", "error.manager_not_found"),
            },
        }
    }
    e.into_result()?;
    Ok(Checked {
        given_name: given_name.unwrap_or_default(),
        family_name: family_name.unwrap_or_default(),
        email: email.unwrap_or_default(),
        language: input.language.unwrap_or_default(),
        organisation_id: input.organisation_id.unwrap_or_default(),
        job_title: job_title.unwrap_or_default(),
        profession: tandem_domain::words::canonical_profession(&profession.unwrap_or_default()),
        grade_system: input.grade_system.unwrap_or(GradeSystem::AgendaForChange),
        grade: grade.unwrap_or_default(),
        manager,
    })
}

/// Whether `person` is already above `manager` in line management (so making `manager` their
/// line manager would close a cycle). Walks up from `manager` through every employment.
async fn manages_indirectly(ctx: &Context, person: PersonId, manager: PersonId) -> AppResult<bool> {
    let mut stack = vec![manager];
    let mut seen = HashSet::new();
    while let Some(p) = stack.pop() {
        if p == person {
            return Ok(true);
        }
        if !seen.insert(p) {
            continue;
        }
        let rec = match ctx.store.get_person(p).await {
            Ok(r) => r,
            Err(tandem_storage::StoreError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        stack.extend(rec.employments.iter().filter_map(|e| e.line_manager_id));
    }
    Ok(false)
}

/// The edit form changes the primary employment, so it must be at an organisation the actor
/// sees: an organisation coordinator cannot rewrite another organisation's employment of someone
/// who also works for them.
fn primary_is_editable(actor: &Actor, record: &PersonRecord) -> AppResult<()> {
    let primary = record
        .employments
        .iter()
        .find(|e| e.primary)
        .or(record.employments.first());
    match primary {
        Some(e) if !sees_organisation(actor, record.person.id, e.organisation_id) => {
            Err(AppError::Forbidden)
        }
        _ => Ok(()),
    }
}

/// Checks a person's input without writing (for forms that found parse errors of their own),
/// for those who may add a person (`me` is `None`) or change this one.
pub async fn validate(
    ctx: &Context,
    actor: &Actor,
    input: &PersonInput,
    me: Option<PersonId>,
) -> AppResult<()> {
    match me {
        None => authorise(actor, Action::ListPeople)?,
        Some(id) => {
            let record = load_visible(ctx, actor, id).await?;
            let emp = employers(&record);
            authorise(
                actor,
                Action::EditPerson {
                    person: id,
                    employers: &emp,
                },
            )?;
        }
    }
    check(ctx, actor, input, me).await.map(|_| ())
}

/// Adds a person with one (primary) employment.
pub async fn create(ctx: &Context, actor: &Actor, input: PersonInput) -> AppResult<PersonId> {
    authorise(actor, Action::ListPeople)?;
    let c = check(ctx, actor, &input, None).await?;
    let id = PersonId::new();
    authorise(
        actor,
        Action::EditPerson {
            person: id,
            employers: &[c.organisation_id],
        },
    )?;
    let person = Person {
        id,
        scheme_id: actor.scheme_id,
        given_name: c.given_name,
        family_name: c.family_name,
        email: c.email,
        language: c.language,
    };
    let employment = Employment {
        id: EmploymentId::new(),
        person_id: id,
        organisation_id: c.organisation_id,
        job_title: c.job_title,
        profession: c.profession,
        grade_system: c.grade_system,
        grade: c.grade,
        line_manager_id: c.manager,
        primary: true,
    };
    let change = audited(
        ctx,
        Some(actor),
        "person.create",
        id.to_string(),
        format!("organisation={}", c.organisation_id),
    );
    change
        .store
        .create_person(&person, &[employment])
        .await
        .map_err(|e| AppError::from(e).into_validation())?;
    change.done()?;
    Ok(id)
}

/// Changes a person and their primary employment; other employments are kept as they are.
pub async fn update(
    ctx: &Context,
    actor: &Actor,
    id: PersonId,
    input: PersonInput,
) -> AppResult<()> {
    let existing = load_visible(ctx, actor, id).await?;
    let emp = employers(&existing);
    authorise(
        actor,
        Action::EditPerson {
            person: id,
            employers: &emp,
        },
    )?;
    primary_is_editable(actor, &existing)?;
    let c = check(ctx, actor, &input, Some(id)).await?;
    let person = Person {
        given_name: c.given_name,
        family_name: c.family_name,
        email: c.email,
        language: c.language,
        ..existing.person.clone()
    };
    let primary_index = existing.employments.iter().position(|e| e.primary).or(
        if existing.employments.is_empty() {
            None
        } else {
            Some(0)
        },
    );
    let mut employments = existing.employments.clone();
    // The edit form cannot show a manager the actor may not see; leaving the field empty keeps
    // that manager rather than silently removing them.
    let mut manager = c.manager;
    let manager_given = input
        .line_manager_email
        .as_deref()
        .is_some_and(|m| !m.trim().is_empty());
    if manager.is_none()
        && !manager_given
        && let Some(old) = primary_index.and_then(|i| employments[i].line_manager_id)
        && matches!(load_visible(ctx, actor, old).await, Err(AppError::NotFound))
    {
        manager = Some(old);
    }
    let new_primary = Employment {
        id: primary_index.map(|i| employments[i].id).unwrap_or_default(),
        person_id: id,
        organisation_id: c.organisation_id,
        job_title: c.job_title,
        profession: c.profession,
        grade_system: c.grade_system,
        grade: c.grade,
        line_manager_id: manager,
        primary: true,
    };
    match primary_index {
        Some(i) => employments[i] = new_primary,
        None => employments.push(new_primary),
    }
    let change = audited(
        ctx,
        Some(actor),
        "person.update",
        id.to_string(),
        format!("organisation={}", c.organisation_id),
    );
    change
        .store
        .update_person(&person, &employments)
        .await
        .map_err(|e| AppError::from(e).into_validation())?;
    change.done()?;
    Ok(())
}

/// The input that reproduces a person's current record (to fill the edit form).
pub fn input_of(record: &PersonRecord, manager_email: Option<String>) -> PersonInput {
    let primary = record
        .employments
        .iter()
        .find(|e| e.primary)
        .or(record.employments.first());
    PersonInput {
        given_name: record.person.given_name.clone(),
        family_name: record.person.family_name.clone(),
        email: record.person.email.clone(),
        language: Some(record.person.language),
        organisation_id: primary.map(|e| e.organisation_id),
        job_title: primary.map(|e| e.job_title.clone()).unwrap_or_default(),
        profession: primary.map(|e| e.profession.clone()).unwrap_or_default(),
        grade_system: primary.map(|e| e.grade_system),
        grade: primary.map(|e| e.grade.clone()).unwrap_or_default(),
        line_manager_email: manager_email,
    }
}

/// The edit form's starting values: the person's record with their manager's e-mail.
pub async fn edit_input(ctx: &Context, actor: &Actor, id: PersonId) -> AppResult<PersonInput> {
    let record = load_visible(ctx, actor, id).await?;
    let emp = employers(&record);
    authorise(
        actor,
        Action::EditPerson {
            person: id,
            employers: &emp,
        },
    )?;
    primary_is_editable(actor, &record)?;
    let primary = record
        .employments
        .iter()
        .find(|e| e.primary)
        .or(record.employments.first());
    let manager_email = match primary.and_then(|e| e.line_manager_id) {
        Some(m) => match load_visible(ctx, actor, m).await {
            Ok(r) => Some(r.person.email),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    Ok(input_of(&record, manager_email))
}

/// When the person's latest delivery failed for good: the time it failed. `None` when their
/// latest notice went out (or none has been sent). The caller has checked the actor may see
/// the person; whether to show it at all is the policy's [`Action::ViewPerson`].
async fn undeliverable(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    employers: &[tandem_domain::OrganisationId],
) -> AppResult<Option<chrono::DateTime<chrono::Utc>>> {
    if !can(actor, Action::ViewPerson { person, employers }) {
        return Ok(None);
    }
    Ok(ctx
        .store
        .latest_delivery(person)
        .await?
        .filter(|r| r.state == "dead")
        .and_then(|r| r.finished_at))
}
