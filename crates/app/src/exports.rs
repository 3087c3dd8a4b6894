//! The coordinators' exports of scheme records (#17 item 5): applications with their statuses,
//! relationships with status and activity counts, sessions held against caps, set attendance,
//! workshop attendance, and paired-learning projects with their measures, as CSV or XLSX through
//! the one table writer the people export uses (`tandem_people_io::table_csv` /
//! `try_table_xlsx`, formula-guarded).
//!
//! Who sees which rows is the policy's ([`Action::ExportSchemeRecords`], [`records_scope`]): a
//! scheme coordinator every row of the scheme; an organisation coordinator the rows about people
//! taking part through their organisations. A relationship across organisations is in both
//! coordinators' exports, but each sees the other side only as "a member at" its organisation:
//! no name (their coordinators do not see that person's profile under the policy either). No
//! export holds content: no notes, topics, reflections, issues, ending reasons or project aims.
//!
//! Bounded: every query stops at [`MAX_ROWS`] + 1 rows, and an export that would pass
//! [`MAX_ROWS`] is refused with a message naming the cap and asking for a programme or intake
//! filter. One audit entry per export: kind, format, filter ids and row count, no personal data.

use crate::export::Export;
use crate::{AppError, AppResult, Context, audit_event, authorise};
use std::collections::HashMap;
use tandem_domain::policy::{PeopleScope, records_scope};
use tandem_domain::{
    Action, Actor, IntakeId, OrganisationId, ProgrammeId, ProgrammeRules, RelationshipId,
    ValidationErrors,
};
use tandem_i18n::{I18n, Lang};
use tandem_people_io::{Cell, Format};
use tandem_storage::{ExportFilter, MemberExportRow, RelationshipExportRow};

/// The most rows one export holds; a larger one is refused and asks for a filter.
pub const MAX_ROWS: usize = 20_000;

/// The exports there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportKind {
    Applications,
    Relationships,
    Sessions,
    SetAttendance,
    Workshops,
    Projects,
}

impl ExportKind {
    pub const ALL: [ExportKind; 6] = [
        Self::Applications,
        Self::Relationships,
        Self::Sessions,
        Self::SetAttendance,
        Self::Workshops,
        Self::Projects,
    ];

    /// The code in addresses and file names.
    pub fn code(self) -> &'static str {
        match self {
            Self::Applications => "applications",
            Self::Relationships => "relationships",
            Self::Sessions => "sessions",
            Self::SetAttendance => "set-attendance",
            Self::Workshops => "workshops",
            Self::Projects => "projects",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The translation key of its title (also the worksheet's name).
    pub fn title_key(self) -> &'static str {
        match self {
            Self::Applications => "exports.kind.applications",
            Self::Relationships => "exports.kind.relationships",
            Self::Sessions => "exports.kind.sessions",
            Self::SetAttendance => "exports.kind.set_attendance",
            Self::Workshops => "exports.kind.workshops",
            Self::Projects => "exports.kind.projects",
        }
    }

    /// The translation keys of its column headings, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Applications => &[
                "exports.col.programme",
                "exports.col.intake",
                "exports.col.given_name",
                "exports.col.family_name",
                "exports.col.organisation",
                "exports.col.role",
                "exports.col.status",
                "exports.col.submitted",
                "exports.col.last_changed",
            ],
            Self::Relationships => &[
                "exports.col.programme",
                "exports.col.intake",
                "exports.col.kind",
                "exports.col.members",
                "exports.col.status",
                "exports.col.started",
                "exports.col.ended",
                "exports.col.sessions_held",
                "exports.col.set_meetings_held",
                "exports.col.shadowing_days",
                "exports.col.last_activity",
            ],
            Self::Sessions => &[
                "exports.col.programme",
                "exports.col.intake",
                "exports.col.kind",
                "exports.col.members",
                "exports.col.status",
                "exports.col.cap",
                "exports.col.held",
                "exports.col.confirmed",
                "exports.col.remaining",
            ],
            Self::SetAttendance => &[
                "exports.col.programme",
                "exports.col.intake",
                "exports.col.set",
                "exports.col.meeting_date",
                "exports.col.given_name",
                "exports.col.family_name",
                "exports.col.organisation",
                "exports.col.attendance",
            ],
            Self::Workshops => &[
                "exports.col.programme",
                "exports.col.workshop",
                "exports.col.date",
                "exports.col.place",
                "exports.col.given_name",
                "exports.col.family_name",
                "exports.col.organisation",
            ],
            Self::Projects => &[
                "exports.col.programme",
                "exports.col.intake",
                "exports.col.members",
                "exports.col.project",
                "exports.col.presentation_date",
                "exports.col.presented",
                "exports.col.measure",
                "exports.col.baseline",
                "exports.col.target",
                "exports.col.latest",
            ],
        }
    }
}

/// Which part of the scheme an export covers (both optional; an intake must be of the programme
/// when both are given).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportScope {
    pub programme: Option<ProgrammeId>,
    pub intake: Option<IntakeId>,
}

/// An export as headings and rows of cells, before it is written as a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Whether `actor` may export scheme records at all (the page's link in the menu).
pub fn may_export(actor: &Actor) -> bool {
    tandem_domain::can(actor, Action::ExportSchemeRecords)
}

/// The export `kind` as a table in `lang`, for `actor`'s scope. Reads only; the audit entry is
/// written by [`export`], which writes the file.
pub async fn table(
    ctx: &Context,
    actor: &Actor,
    kind: ExportKind,
    scope: ExportScope,
    lang: Lang,
) -> AppResult<Table> {
    authorise(actor, Action::ExportSchemeRecords)?;
    let organisations = match records_scope(actor) {
        PeopleScope::All => None,
        PeopleScope::Organisations(orgs) => Some(orgs),
        PeopleScope::OnlySelf => return Err(AppError::Forbidden),
    };
    let mut filter = ExportFilter {
        scheme: actor.scheme_id,
        programme: scope.programme,
        intake: scope.intake,
        organisations,
        limit: MAX_ROWS + 1,
    };
    // A filter beyond the actor's scheme is refused as "not found".
    if let Some(p) = scope.programme {
        let programme = ctx.store.get_programme(p).await?;
        if programme.scheme_id != actor.scheme_id {
            return Err(AppError::NotFound);
        }
    }
    if let Some(i) = scope.intake {
        let intake = ctx.store.get_intake(i).await?;
        let programme = ctx.store.get_programme(intake.programme_id).await?;
        if programme.scheme_id != actor.scheme_id
            || scope.programme.is_some_and(|p| p != intake.programme_id)
        {
            return Err(AppError::NotFound);
        }
        if kind == ExportKind::Workshops {
            // Workshops belong to the programme.
            filter.programme = Some(intake.programme_id);
        }
    }
    let i18n = I18n::shared();
    let t = |key: &str| i18n.t(lang, key);
    let rows = match kind {
        ExportKind::Applications => ctx
            .store
            .export_applications(&filter)
            .await?
            .into_iter()
            .map(|r| {
                vec![
                    Cell::text(r.programme),
                    Cell::text(r.intake),
                    Cell::text(r.given_name),
                    Cell::text(r.family_name),
                    Cell::text(r.organisation),
                    Cell::text(code_label(&t, "applications.role", &r.role)),
                    Cell::text(code_label(&t, "applications.status", &r.status)),
                    Cell::Date(r.submitted_on),
                    Cell::Date(r.updated_on),
                ]
            })
            .collect(),
        ExportKind::Relationships | ExportKind::Sessions => {
            let rels = ctx.store.export_relationships(&filter, None).await?;
            check_size(rels.len())?;
            let members = members_of(ctx, &rels, filter.organisations.as_deref(), lang).await?;
            rels.into_iter()
                .map(|r| {
                    let who = Cell::text(members.get(&r.id).cloned().unwrap_or_default());
                    let head = [
                        Cell::text(r.programme.clone()),
                        Cell::text(r.intake.clone()),
                        Cell::text(t(&format!("growth.kind.{}", r.kind))),
                        who,
                        Cell::text(code_label(&t, "matching.status", &r.status)),
                    ];
                    let mut row = head.to_vec();
                    if kind == ExportKind::Relationships {
                        row.extend(relationship_cells(&r));
                    } else {
                        row.extend(session_cells(&r));
                    }
                    row
                })
                .collect()
        }
        ExportKind::SetAttendance => ctx
            .store
            .export_set_attendance(&filter)
            .await?
            .into_iter()
            .map(|r| {
                let attendance = match (r.present, r.apologies, r.attendance_recorded) {
                    (Some(true), _, _) => "exports.attendance.present",
                    (_, true, _) => "exports.attendance.apologies",
                    (Some(false), false, _) | (None, false, true) => "exports.attendance.absent",
                    (None, false, false) => "exports.attendance.not_recorded",
                };
                vec![
                    Cell::text(r.programme),
                    Cell::text(r.intake),
                    Cell::text(short_id(r.set)),
                    Cell::Date(r.meeting_on),
                    Cell::text(r.given_name),
                    Cell::text(r.family_name),
                    Cell::text(r.organisation),
                    Cell::text(t(attendance)),
                ]
            })
            .collect(),
        ExportKind::Workshops => ctx
            .store
            .export_workshops(&filter)
            .await?
            .into_iter()
            .map(|r| {
                vec![
                    Cell::text(r.programme),
                    Cell::text(r.title),
                    Cell::Date(r.day),
                    Cell::text(r.place),
                    Cell::text(r.given_name),
                    Cell::text(r.family_name),
                    Cell::text(r.organisation),
                ]
            })
            .collect(),
        ExportKind::Projects => {
            let projects = ctx.store.export_projects(&filter).await?;
            check_size(projects.len())?;
            let ids: Vec<RelationshipId> = projects.iter().map(|p| p.relationship).collect();
            let members = member_names(ctx, &ids, filter.organisations.as_deref(), lang).await?;
            projects
                .into_iter()
                .map(|p| {
                    vec![
                        Cell::text(p.programme),
                        Cell::text(p.intake),
                        Cell::text(members.get(&p.relationship).cloned().unwrap_or_default()),
                        Cell::text(p.title),
                        Cell::date(p.presentation_on),
                        Cell::text(t(if p.presented {
                            "exports.yes"
                        } else {
                            "exports.no"
                        })),
                        Cell::text(p.measure.unwrap_or_default()),
                        Cell::text(p.baseline),
                        Cell::text(p.target),
                        Cell::text(p.latest),
                    ]
                })
                .collect()
        }
    };
    let rows: Vec<Vec<Cell>> = rows;
    check_size(rows.len())?;
    Ok(Table {
        title: t(kind.title_key()),
        headings: kind.columns().iter().map(|k| t(k)).collect(),
        rows,
    })
}

/// Writes the export `kind` as a file in `format` and audits it (kind, format, filter ids and
/// row count; nothing about anyone in it).
pub async fn export(
    ctx: &Context,
    actor: &Actor,
    kind: ExportKind,
    scope: ExportScope,
    format: Format,
    lang: Lang,
) -> AppResult<Export> {
    let table = table(ctx, actor, kind, scope, lang).await?;
    let count = table.rows.len();
    let bytes = tokio::task::spawn_blocking(move || match format {
        Format::Csv => Ok(tandem_people_io::table_csv(&table.headings, &table.rows)),
        Format::Xlsx => {
            // A worksheet's name is at most 31 characters.
            let sheet: String = table.title.chars().take(31).collect();
            tandem_people_io::try_table_xlsx(&sheet, &table.headings, &table.rows)
        }
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    let filter = [
        scope.programme.map(|p| format!(" programme={p}")),
        scope.intake.map(|i| format!(" intake={i}")),
    ]
    .into_iter()
    .flatten()
    .collect::<String>();
    audit_event(
        ctx,
        Some(actor),
        "exports.export",
        format!("kind={} format={}{filter}", kind.code(), format.extension()),
        format!("rows={count}"),
    )
    .await?;
    let date = ctx.now().format("%Y-%m-%d");
    Ok(Export {
        bytes,
        content_type: format.content_type(),
        file_name: format!("tandem-{}-{date}.{}", kind.code(), format.extension()),
    })
}

/// Refuses an export of more than [`MAX_ROWS`] rows, asking for a narrower filter.
fn check_size(rows: usize) -> AppResult<()> {
    if rows > MAX_ROWS {
        let mut e = ValidationErrors::new();
        e.add_with(
            "programme",
            "exports.error.too_many_rows",
            &[("limit", &MAX_ROWS.to_string())],
        );
        return Err(e.into());
    }
    Ok(())
}

/// A code's label under `prefix` (the code itself when it has none).
fn code_label(t: &impl Fn(&str) -> String, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    if I18n::shared().has(Lang::EnGb, &key) {
        t(&key)
    } else {
        code.to_string()
    }
}

/// The first part of an id, enough to tell a scheme's sets apart in a spreadsheet.
fn short_id(id: RelationshipId) -> String {
    id.to_string().chars().take(8).collect()
}

fn relationship_cells(r: &RelationshipExportRow) -> Vec<Cell> {
    let last = [r.last_session, r.last_set_meeting, r.last_shadowing_day]
        .into_iter()
        .flatten()
        .max();
    vec![
        Cell::date(r.started_on),
        Cell::date(r.ended_on),
        Cell::Number(r.sessions_held),
        Cell::Number(r.set_meetings_held),
        Cell::Number(r.shadowing_days_done),
        Cell::date(last),
    ]
}

fn session_cells(r: &RelationshipExportRow) -> Vec<Cell> {
    let cap = serde_json::from_str::<ProgrammeRules>(&r.rules)
        .ok()
        .and_then(|rules| rules.session_cap);
    let used = r.sessions_held + r.sessions_confirmed;
    vec![
        cap.map_or(Cell::Empty, |c| Cell::Number(i64::from(c))),
        Cell::Number(r.sessions_held),
        Cell::Number(r.sessions_confirmed),
        cap.map_or(Cell::Empty, |c| Cell::Number((i64::from(c) - used).max(0))),
    ]
}

async fn members_of(
    ctx: &Context,
    rels: &[RelationshipExportRow],
    organisations: Option<&[OrganisationId]>,
    lang: Lang,
) -> AppResult<HashMap<RelationshipId, String>> {
    let ids: Vec<RelationshipId> = rels.iter().map(|r| r.id).collect();
    member_names(ctx, &ids, organisations, lang).await
}

/// Each relationship's members as one cell: "Given Family (Organisation)" joined by "; ",
/// members who declined left out. For an organisation's coordinator (`organisations` given), a
/// member taking part through another organisation is "a member at Organisation": no name.
async fn member_names(
    ctx: &Context,
    ids: &[RelationshipId],
    organisations: Option<&[OrganisationId]>,
    lang: Lang,
) -> AppResult<HashMap<RelationshipId, String>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let i18n = I18n::shared();
    let mut out: HashMap<RelationshipId, Vec<String>> = HashMap::new();
    for m in ctx.store.export_members(&ids).await? {
        if m.declined {
            continue;
        }
        out.entry(m.relationship)
            .or_default()
            .push(member_label(i18n, lang, &m, organisations));
    }
    Ok(out.into_iter().map(|(k, v)| (k, v.join("; "))).collect())
}

fn member_label(
    i18n: &I18n,
    lang: Lang,
    m: &MemberExportRow,
    organisations: Option<&[OrganisationId]>,
) -> String {
    let visible = organisations.is_none_or(|o| o.contains(&m.organisation_id));
    if visible {
        format!("{} {} ({})", m.given_name, m.family_name, m.organisation)
    } else {
        i18n.t_with(
            lang,
            "exports.other_member",
            &[("organisation", &m.organisation)],
        )
    }
}

/// A programme and its intakes, for the exports page's filter.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ProgrammeChoice {
    pub id: ProgrammeId,
    pub name: String,
    pub intakes: Vec<(IntakeId, String)>,
}

/// The programmes and intakes an export can be narrowed to: the scheme's (an organisation's
/// coordinator filters the same way; their rows are narrowed anyway).
pub async fn choices(ctx: &Context, actor: &Actor) -> AppResult<Vec<ProgrammeChoice>> {
    authorise(actor, Action::ExportSchemeRecords)?;
    let mut out = Vec::new();
    for p in ctx.store.list_programmes(actor.scheme_id).await? {
        let intakes = ctx
            .store
            .list_intakes(p.id)
            .await?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect();
        out.push(ProgrammeChoice {
            id: p.id,
            name: p.name,
            intakes,
        });
    }
    Ok(out)
}
