//! The coordinators' exports of scheme records (#17): flat rows for spreadsheets, read with one
//! query per export (plus one for the members of the relationships listed), narrowed in SQL to a
//! programme or intake and, for an organisation's coordinator, to the rows about people taking
//! part through their organisations. Every query stops at `limit` rows, so an export never loads
//! more than its cap; the use case asks for one row more than it allows to tell "too many".
//!
//! Nothing here reads content: no session topics, notes, reflections, issues, ending reasons or
//! project aims. The use case (`tandem_app::exports`) decides what each coordinator sees of a
//! member from another organisation.

use crate::Store;
use crate::codec::{int, opt_text, parse_date, parse_ts, parsed, text};
use crate::error::{Result, db};
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use tandem_domain::{IntakeId, OrganisationId, PersonId, ProgrammeId, RelationshipId, SchemeId};

/// Which rows an export holds.
#[derive(Clone, Debug)]
pub struct ExportFilter {
    pub scheme: SchemeId,
    pub programme: Option<ProgrammeId>,
    pub intake: Option<IntakeId>,
    /// `Some`: only rows about people taking part through these organisations (an application
    /// using their places); `None`: every row of the scheme.
    pub organisations: Option<Vec<OrganisationId>>,
    /// At most this many rows are read.
    pub limit: usize,
}

/// One application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationExportRow {
    pub programme: String,
    pub intake: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation: String,
    pub role: String,
    pub status: String,
    pub submitted_on: NaiveDate,
    pub updated_on: NaiveDate,
}

/// One relationship with its activity counts (no content).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationshipExportRow {
    pub id: RelationshipId,
    pub programme: String,
    /// The programme's rules document (the use case reads the session cap from it).
    pub rules: String,
    pub intake: String,
    pub kind: String,
    pub status: String,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub sessions_held: i64,
    pub sessions_confirmed: i64,
    pub last_session: Option<NaiveDate>,
    /// Set meetings with attendance recorded and someone present.
    pub set_meetings_held: i64,
    pub last_set_meeting: Option<NaiveDate>,
    /// Shadowing days done.
    pub shadowing_days_done: i64,
    pub last_shadowing_day: Option<NaiveDate>,
}

/// One member of a listed relationship.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberExportRow {
    pub relationship: RelationshipId,
    pub person: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: OrganisationId,
    pub organisation: String,
    pub role: String,
    /// Declined the offer.
    pub declined: bool,
}

/// One member's attendance at one set meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAttendanceExportRow {
    pub programme: String,
    pub intake: String,
    pub set: RelationshipId,
    pub meeting_on: NaiveDate,
    pub given_name: String,
    pub family_name: String,
    pub organisation: String,
    pub attendance_recorded: bool,
    /// `Some(true)` present, `Some(false)` recorded absent, `None` no record.
    pub present: Option<bool>,
    pub apologies: bool,
}

/// One person's attendance at one workshop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkshopExportRow {
    pub programme: String,
    pub title: String,
    pub day: NaiveDate,
    pub place: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation: String,
}

/// One measure of a paired-learning project (a project without measures: one row, measure
/// columns empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectExportRow {
    pub relationship: RelationshipId,
    pub programme: String,
    pub intake: String,
    pub title: String,
    pub presentation_on: Option<NaiveDate>,
    pub presented: bool,
    pub measure: Option<String>,
    pub baseline: String,
    pub target: String,
    pub latest: String,
}

/// The WHERE clause of a filter over `programmes p` and (when `intake_col` is given) an intake
/// column, plus the values to bind from `$2` on (`$1` is the scheme). `org_clause` turns the
/// placeholder list of the organisations into the scoping condition.
struct Clause {
    sql: String,
    binds: Vec<String>,
}

fn clause(f: &ExportFilter, intake_col: &str, org_clause: impl Fn(&str) -> String) -> Clause {
    let mut sql = String::from("p.scheme_id = $1");
    let mut binds = Vec::new();
    let next = |binds: &mut Vec<String>, v: String| {
        binds.push(v);
        format!("${}", binds.len() + 1)
    };
    if let Some(p) = f.programme {
        let ph = next(&mut binds, p.to_string());
        sql.push_str(&format!(" AND p.id = {ph}"));
    }
    if let Some(i) = f.intake {
        let ph = next(&mut binds, i.to_string());
        sql.push_str(&format!(" AND {intake_col} = {ph}"));
    }
    if let Some(orgs) = &f.organisations {
        if orgs.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            let list: Vec<String> = orgs
                .iter()
                .map(|o| next(&mut binds, o.to_string()))
                .collect();
            sql.push_str(&format!(" AND {}", org_clause(&list.join(", "))));
        }
    }
    Clause { sql, binds }
}

fn limit(f: &ExportFilter) -> i64 {
    i64::try_from(f.limit).unwrap_or(i64::MAX)
}

/// Runs `sql`: built only from this module's fixed text and numbered placeholders, every value
/// bound.
async fn fetch(store: &Store, sql: String, scheme: SchemeId, c: &Clause) -> Result<Vec<AnyRow>> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scheme.to_string());
    for b in &c.binds {
        q = q.bind(b.clone());
    }
    q.fetch_all(&store.pool).await.map_err(db)
}

fn opt_date(row: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    opt_text(row, col)?.map(|s| parse_date(&s)).transpose()
}

fn opt_ts_date(row: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    opt_text(row, col)?
        .map(|s| parse_ts(&s).map(|t| t.date_naive()))
        .transpose()
}

/// The condition "a member of relationship `r` takes part through one of `orgs`".
fn member_of(orgs: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM relationship_members xm JOIN applications xa \
         ON xa.id = xm.application_id WHERE xm.relationship_id = r.id \
         AND xa.organisation_id IN ({orgs}))"
    )
}

impl Store {
    /// The applications of the scheme's intakes, by programme, intake and applicant's name.
    pub async fn export_applications(&self, f: &ExportFilter) -> Result<Vec<ApplicationExportRow>> {
        let c = clause(f, "a.intake_id", |orgs| {
            format!("a.organisation_id IN ({orgs})")
        });
        let sql = format!(
            "SELECT p.name AS programme, i.name AS intake, pe.given_name, pe.family_name, \
             o.name AS organisation, a.role, a.status, a.submitted_at, a.updated_at \
             FROM applications a JOIN intakes i ON i.id = a.intake_id \
             JOIN programmes p ON p.id = i.programme_id \
             JOIN people pe ON pe.id = a.person_id \
             JOIN organisations o ON o.id = a.organisation_id \
             WHERE {} ORDER BY p.name, p.id, i.opens_on, i.name, i.id, pe.family_key, \
             pe.given_key, a.id LIMIT {}",
            c.sql,
            limit(f)
        );
        fetch(self, sql, f.scheme, &c)
            .await?
            .iter()
            .map(|r| {
                Ok(ApplicationExportRow {
                    programme: text(r, "programme")?,
                    intake: text(r, "intake")?,
                    given_name: text(r, "given_name")?,
                    family_name: text(r, "family_name")?,
                    organisation: text(r, "organisation")?,
                    role: text(r, "role")?,
                    status: text(r, "status")?,
                    submitted_on: parse_ts(&text(r, "submitted_at")?)?.date_naive(),
                    updated_on: parse_ts(&text(r, "updated_at")?)?.date_naive(),
                })
            })
            .collect()
    }

    /// The scheme's relationships with their activity counts, by programme, intake and age;
    /// `kind` narrows to one kind (`pair` for the projects' pairs).
    pub async fn export_relationships(
        &self,
        f: &ExportFilter,
        kind: Option<&str>,
    ) -> Result<Vec<RelationshipExportRow>> {
        let c = clause(f, "r.intake_id", member_of);
        let kind = match kind {
            // A code from the domain, never user text.
            Some(k) if k.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                format!(" AND r.kind = '{k}'")
            }
            _ => String::new(),
        };
        let met = "FROM set_meetings m WHERE m.relationship_id = r.id AND \
                   m.attendance_recorded = 1 AND EXISTS (SELECT 1 FROM set_attendance x \
                   WHERE x.meeting_id = m.id AND x.present = 1)";
        let sql = format!(
            "SELECT r.id, r.kind, r.status, r.activated_at, r.closed_at, p.name AS programme, \
             p.rules, i.name AS intake, \
             (SELECT COUNT(*) FROM relationship_sessions s WHERE s.relationship_id = r.id \
               AND s.status = 'held') AS held, \
             (SELECT COUNT(*) FROM relationship_sessions s WHERE s.relationship_id = r.id \
               AND s.status = 'confirmed') AS confirmed, \
             (SELECT MAX(s.held_on) FROM relationship_sessions s WHERE s.relationship_id = r.id \
               AND s.status = 'held') AS last_session, \
             (SELECT COUNT(*) {met}) AS meetings, \
             (SELECT MAX(m.starts_on) {met}) AS last_meeting, \
             (SELECT COUNT(*) FROM shadowing_days d WHERE d.relationship_id = r.id \
               AND d.done = 1) AS days, \
             (SELECT MAX(d.day) FROM shadowing_days d WHERE d.relationship_id = r.id \
               AND d.done = 1) AS last_day \
             FROM relationships r JOIN intakes i ON i.id = r.intake_id \
             JOIN programmes p ON p.id = i.programme_id \
             WHERE {}{kind} ORDER BY p.name, p.id, i.opens_on, i.name, i.id, r.created_at, r.id \
             LIMIT {}",
            c.sql,
            limit(f)
        );
        fetch(self, sql, f.scheme, &c)
            .await?
            .iter()
            .map(|r| {
                Ok(RelationshipExportRow {
                    id: parsed(r, "id")?,
                    programme: text(r, "programme")?,
                    rules: text(r, "rules")?,
                    intake: text(r, "intake")?,
                    kind: text(r, "kind")?,
                    status: text(r, "status")?,
                    started_on: opt_ts_date(r, "activated_at")?,
                    ended_on: opt_ts_date(r, "closed_at")?,
                    sessions_held: int(r, "held")?,
                    sessions_confirmed: int(r, "confirmed")?,
                    last_session: opt_date(r, "last_session")?,
                    set_meetings_held: int(r, "meetings")?,
                    last_set_meeting: opt_date(r, "last_meeting")?,
                    shadowing_days_done: int(r, "days")?,
                    last_shadowing_day: opt_date(r, "last_day")?,
                })
            })
            .collect()
    }

    /// The members of `relationships`, by family and given name (read 500 at a time).
    pub async fn export_members(
        &self,
        relationships: &[RelationshipId],
    ) -> Result<Vec<MemberExportRow>> {
        let mut out = Vec::new();
        for chunk in relationships.chunks(500) {
            let list: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
            let sql = format!(
                "SELECT rm.relationship_id, rm.person_id, rm.role, rm.response, pe.given_name, \
                 pe.family_name, a.organisation_id, o.name AS organisation \
                 FROM relationship_members rm JOIN applications a ON a.id = rm.application_id \
                 JOIN people pe ON pe.id = rm.person_id \
                 JOIN organisations o ON o.id = a.organisation_id \
                 WHERE rm.relationship_id IN ({}) \
                 ORDER BY pe.family_key, pe.given_key, pe.id",
                list.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                q = q.bind(r.to_string());
            }
            for r in q.fetch_all(&self.pool).await.map_err(db)? {
                out.push(MemberExportRow {
                    relationship: parsed(&r, "relationship_id")?,
                    person: parsed(&r, "person_id")?,
                    given_name: text(&r, "given_name")?,
                    family_name: text(&r, "family_name")?,
                    organisation_id: parsed(&r, "organisation_id")?,
                    organisation: text(&r, "organisation")?,
                    role: text(&r, "role")?,
                    declined: text(&r, "response")? == "declined",
                });
            }
        }
        Ok(out)
    }

    /// Every member's attendance at every meeting of the scheme's sets (members who declined the
    /// offer left out), by set, meeting date and name. For an organisation's coordinator only
    /// their own staff's rows.
    pub async fn export_set_attendance(
        &self,
        f: &ExportFilter,
    ) -> Result<Vec<SetAttendanceExportRow>> {
        let c = clause(f, "r.intake_id", |orgs| {
            format!("a.organisation_id IN ({orgs})")
        });
        let sql = format!(
            "SELECT p.name AS programme, i.name AS intake, r.id AS set_id, m.starts_on, \
             m.attendance_recorded, pe.given_name, pe.family_name, o.name AS organisation, \
             (SELECT COUNT(*) FROM set_attendance x WHERE x.meeting_id = m.id \
               AND x.person_id = rm.person_id) AS marked, \
             (SELECT COUNT(*) FROM set_attendance x WHERE x.meeting_id = m.id \
               AND x.person_id = rm.person_id AND x.present = 1) AS came, \
             (SELECT COUNT(*) FROM set_apologies y WHERE y.meeting_id = m.id \
               AND y.person_id = rm.person_id) AS apologies \
             FROM set_meetings m JOIN relationships r ON r.id = m.relationship_id \
             JOIN intakes i ON i.id = r.intake_id JOIN programmes p ON p.id = i.programme_id \
             JOIN relationship_members rm ON rm.relationship_id = r.id \
               AND rm.response <> 'declined' \
             JOIN applications a ON a.id = rm.application_id \
             JOIN people pe ON pe.id = rm.person_id \
             JOIN organisations o ON o.id = a.organisation_id \
             WHERE {} AND r.kind = 'set' \
             ORDER BY p.name, p.id, i.name, i.id, r.created_at, r.id, m.starts_on, m.id, \
             pe.family_key, pe.given_key, pe.id LIMIT {}",
            c.sql,
            limit(f)
        );
        fetch(self, sql, f.scheme, &c)
            .await?
            .iter()
            .map(|r| {
                let marked = int(r, "marked")? > 0;
                Ok(SetAttendanceExportRow {
                    programme: text(r, "programme")?,
                    intake: text(r, "intake")?,
                    set: parsed(r, "set_id")?,
                    meeting_on: parse_date(&text(r, "starts_on")?)?,
                    given_name: text(r, "given_name")?,
                    family_name: text(r, "family_name")?,
                    organisation: text(r, "organisation")?,
                    attendance_recorded: int(r, "attendance_recorded")? != 0,
                    present: if marked {
                        Some(int(r, "came")? > 0)
                    } else {
                        None
                    },
                    apologies: int(r, "apologies")? > 0,
                })
            })
            .collect()
    }

    /// Who attended the workshops of the scheme's programmes, by date, title and name. The
    /// organisation is the one the person takes part through in that programme. Workshops belong
    /// to a programme, not an intake: the use case turns an intake filter into its programme
    /// (`f.intake` is not read here).
    pub async fn export_workshops(&self, f: &ExportFilter) -> Result<Vec<WorkshopExportRow>> {
        let f = ExportFilter {
            intake: None,
            ..f.clone()
        };
        let c = clause(&f, "", |orgs| {
            format!(
                "EXISTS (SELECT 1 FROM applications xa JOIN intakes xi ON xi.id = xa.intake_id \
                 WHERE xa.person_id = wa.person_id AND xi.programme_id = w.programme_id \
                 AND xa.organisation_id IN ({orgs}))"
            )
        });
        let where_sql = &c.sql;
        let org_name = if let Some(orgs) = f.organisations.as_ref().filter(|o| !o.is_empty()) {
            // The organisation in scope, when the person takes part through several.
            let first = 2 + usize::from(f.programme.is_some());
            let list: Vec<String> = (0..orgs.len()).map(|n| format!("${}", first + n)).collect();
            format!(" AND xa.organisation_id IN ({})", list.join(", "))
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT p.name AS programme, w.title, w.day, w.place, pe.given_name, pe.family_name, \
             (SELECT MIN(xo.name) FROM applications xa JOIN intakes xi ON xi.id = xa.intake_id \
               JOIN organisations xo ON xo.id = xa.organisation_id \
               WHERE xa.person_id = wa.person_id AND xi.programme_id = w.programme_id{org_name}) \
               AS organisation \
             FROM workshop_attendance wa JOIN workshops w ON w.id = wa.workshop_id \
             JOIN programmes p ON p.id = w.programme_id JOIN people pe ON pe.id = wa.person_id \
             WHERE {where_sql} \
             ORDER BY w.day, w.title, w.id, pe.family_key, pe.given_key, pe.id LIMIT {}",
            limit(&f)
        );
        fetch(self, sql, f.scheme, &c)
            .await?
            .iter()
            .map(|r| {
                Ok(WorkshopExportRow {
                    programme: text(r, "programme")?,
                    title: text(r, "title")?,
                    day: parse_date(&text(r, "day")?)?,
                    place: text(r, "place")?,
                    given_name: text(r, "given_name")?,
                    family_name: text(r, "family_name")?,
                    organisation: opt_text(r, "organisation")?.unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The paired-learning projects and their measures, by programme, intake, pair and the
    /// measures' order. No aim, milestones' text or learning: titles and figures only.
    pub async fn export_projects(&self, f: &ExportFilter) -> Result<Vec<ProjectExportRow>> {
        let c = clause(f, "r.intake_id", member_of);
        let sql = format!(
            "SELECT r.id, p.name AS programme, i.name AS intake, ip.title, ip.presentation_on, \
             ip.presented, pm.name AS measure, pm.baseline, pm.target, pm.latest \
             FROM improvement_projects ip JOIN relationships r ON r.id = ip.relationship_id \
             JOIN intakes i ON i.id = r.intake_id JOIN programmes p ON p.id = i.programme_id \
             LEFT JOIN project_measures pm ON pm.relationship_id = ip.relationship_id \
             WHERE {} ORDER BY p.name, p.id, i.name, i.id, r.created_at, r.id, pm.ordinal, pm.id \
             LIMIT {}",
            c.sql,
            limit(f)
        );
        fetch(self, sql, f.scheme, &c)
            .await?
            .iter()
            .map(|r| {
                Ok(ProjectExportRow {
                    relationship: parsed(r, "id")?,
                    programme: text(r, "programme")?,
                    intake: text(r, "intake")?,
                    title: text(r, "title")?,
                    presentation_on: opt_date(r, "presentation_on")?,
                    presented: int(r, "presented")? != 0,
                    measure: opt_text(r, "measure")?,
                    baseline: opt_text(r, "baseline")?.unwrap_or_default(),
                    target: opt_text(r, "target")?.unwrap_or_default(),
                    latest: opt_text(r, "latest")?.unwrap_or_default(),
                })
            })
            .collect()
    }
}
