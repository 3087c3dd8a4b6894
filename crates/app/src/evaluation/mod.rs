//! Evaluation figures for coordinators and evaluators: participation, response rates, outcomes
//! before and after with the statistics of `tandem-stats`, small-number suppression, charts,
//! exports and the printable programme report. Evaluators see aggregates only.
//!
//! Signatures (all `async`, `ctx: &Context`, `actor: &Actor`, returning `AppResult<_>`):
//! - `programmes(ctx, actor) -> Vec<Evaluable>`: the programmes the actor may evaluate, each
//!   whole or as their organisations' slice.
//! - `programme_report(ctx, actor, programme, ReportFilter) -> Report`.
//! - `pooled(ctx, actor) -> Report`: every programme the actor may evaluate whole, pooled.
//! - `table_export(ctx, actor, programme, ReportFilter, name, Format, Lang) -> Export`.
//! - `research_export(ctx, actor, programme) -> Export`: the anonymised zip with its codebook.
//!
//! Every count goes through [`tandem_stats::suppress`] with the scheme's rule before it leaves
//! this module: a `Report` holds no exact figure that the rule hides. Exact counts appear only at
//! scheme level (the pooled view of every programme); a programme, intake or organisation is below
//! it, so its counts are rounded. An organisation's slice is cut from the programme's whole
//! breakdown (after secondary suppression), never suppressed on its own, so comparing the slice
//! with the programme's table cannot reveal a cell one of them hides. Statistics need
//! `min_for_statistics` respondents in the slice and, when the slice is part of a larger whole,
//! also either none or at least that many outside it (else whole − slice would describe a few).

mod export;
mod localise;
mod research;

pub use export::table_export;
pub use localise::{LocalReport, LocalRow, LocalTable};
pub use research::research_export;
pub use tandem_stats::suppress::Cell;

use crate::{AppError, AppResult, Context, authorise_or_hide};
use serde::Serialize;
use std::collections::BTreeMap;
use tandem_domain::survey::{Barr, InstrumentCode, LocalText, WaveKind, instrument};
use tandem_domain::{Action, Actor, IntakeId, OrganisationId, Programme, ProgrammeId, can};
use tandem_stats::suppress::{self, Level, Rule};
use tandem_storage::{
    AttendanceCount, GoalCount, ParticipationCount, ProjectOutcomes, RequestCount, SessionCount,
    Slice, StoreError,
};

/// What a report is narrowed to. `compare_intake` adds cohort against cohort (`intake` against
/// it); an organisation coordinator's report is always narrowed to one of their organisations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportFilter {
    pub intake: Option<IntakeId>,
    pub organisation: Option<OrganisationId>,
    pub compare_intake: Option<IntakeId>,
}

/// A programme the actor may evaluate: whole (`organisations` empty) or only the slices of the
/// listed organisations (an organisation coordinator).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluable {
    pub id: ProgrammeId,
    pub name: String,
    pub organisations: Vec<OrganisationId>,
}

/// A text shown to a reader: a translation key, data as typed (an organisation's name), an
/// instrument's bilingual name, or two of these side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Key(String),
    Text(String),
    Local(LocalText),
    Pair(Box<Label>, Box<Label>),
}

impl Label {
    fn key(k: &str) -> Self {
        Label::Key(k.to_owned())
    }
}

/// One figure of a table, already suppressed. JSON: `{"kind":"count","value":{"shown":...}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Shown {
    /// A count of people or answers, suppressed and (below scheme level) rounded.
    Count(Cell),
    /// 0–100, computed from shown counts only; `None` when either is hidden.
    Percent(Option<f64>),
    /// A mean, difference, test statistic or effect size; `None` when withheld or undefined.
    Statistic(Option<f64>),
    /// A p value; `None` when withheld or undefined.
    P(Option<f64>),
    /// A 95 % confidence interval; `None` when withheld or undefined.
    Interval(Option<(f64, f64)>),
}

/// One row: what it is about and its figures, in the order of the table's columns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub label: Label,
    pub cells: Vec<Shown>,
}

/// One bar or point of a chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub label: Label,
    /// The bar's length or the point's estimate; `None` when hidden.
    pub value: Option<f64>,
    /// The interval around it (interval charts only).
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A chart drawn from a table's figures (never from anything the table hides).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Chart {
    /// Horizontal bars from 0 to `max`; `percent` says whether values are percentages.
    Bars {
        max: f64,
        percent: bool,
        points: Vec<Point>,
    },
    /// Estimates with 95 % intervals on an axis from `low` to `high`, with a reference line at 0.
    Intervals {
        low: f64,
        high: f64,
        points: Vec<Point>,
    },
}

/// One table of a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    /// Stable name for downloads (`participation`, `response_rates`, `outcomes`, …).
    pub name: String,
    /// The section it belongs to: `participation`, `responses`, `outcomes`, `cohorts`.
    pub section: &'static str,
    pub caption: Label,
    /// Translation keys of the column headers (after the row label's column).
    pub columns: Vec<&'static str>,
    pub rows: Vec<Row>,
    pub chart: Option<Chart>,
    /// Translation keys of footnotes (why figures are hidden).
    pub notes: Vec<&'static str>,
}

/// The suppression rule in force, for the page and the report to state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleView {
    pub threshold: u32,
    pub rounding: u32,
    pub min_for_statistics: u32,
    /// Why the scheme weakened the defaults, if it did.
    pub reason: String,
}

/// A programme's (or the pooled) evaluation, every figure suppressed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// `None` for the pooled view.
    pub programme: Option<Evaluable>,
    pub filter: ReportFilter,
    /// `scheme` (exact counts) or `below` (rounded).
    pub level: &'static str,
    pub rule: RuleView,
    /// The intakes and organisations the filters offer (those the actor may choose).
    pub intakes: Vec<(IntakeId, String)>,
    pub organisations: Vec<(OrganisationId, String)>,
    pub tables: Vec<Table>,
    /// The highest Barr level a question or instrument with enough answers reached (`"2b"`).
    pub evidence: Option<Barr>,
}

/// The outcome scales compared before and after (instruments with a numeric score).
const OUTCOME_SCALES: [InstrumentCode; 2] = [InstrumentCode::Gses, InstrumentCode::GoalAttainment];
/// The before → after comparisons reported.
const COMPARISONS: [(WaveKind, WaveKind); 2] = [
    (WaveKind::Baseline, WaveKind::End),
    (WaveKind::Baseline, WaveKind::FollowUp),
];

/// The scheme's suppression rule. A stored rule that fails [`Rule::validate`] (a database from
/// before the rule needed a reason) is raised to the defaults rather than applied.
async fn rule_of(ctx: &Context, actor: &Actor) -> AppResult<(Rule, String)> {
    let (threshold, rounding, min, reason) = ctx.store.suppression_rule(actor.scheme_id).await?;
    let rule = Rule {
        threshold,
        rounding,
        min_for_statistics: min,
    };
    match rule.validate(Some(&reason)) {
        Ok(()) => Ok((rule, reason)),
        Err(_) => Ok((Rule::default(), String::new())),
    }
}

fn rule_view(rule: &Rule, reason: String) -> RuleView {
    RuleView {
        threshold: rule.threshold,
        rounding: rule.rounding,
        min_for_statistics: rule.min_for_statistics,
        reason,
    }
}

/// The programmes the actor may evaluate: whole for the scheme coordinator and evaluators (of the
/// scheme or that programme), as their organisations' slices for organisation coordinators.
/// Refused (`Forbidden`) for those who evaluate nothing: participants, administrators.
pub async fn programmes(ctx: &Context, actor: &Actor) -> AppResult<Vec<Evaluable>> {
    let orgs = actor.coordinated_organisations();
    if orgs.is_empty() {
        crate::authorise(actor, Action::ViewAggregates)?;
    }
    let mut out = Vec::new();
    for p in ctx.store.list_programmes(actor.scheme_id).await? {
        let whole = can(
            actor,
            Action::ViewEvaluation {
                programme: p.id,
                organisation: None,
            },
        );
        let slices: Vec<OrganisationId> = if whole {
            Vec::new()
        } else {
            orgs.iter()
                .copied()
                .filter(|o| {
                    can(
                        actor,
                        Action::ViewEvaluation {
                            programme: p.id,
                            organisation: Some(*o),
                        },
                    )
                })
                .collect()
        };
        if whole || !slices.is_empty() {
            out.push(Evaluable {
                id: p.id,
                name: p.name,
                organisations: slices,
            });
        }
    }
    Ok(out)
}

/// Loads the programme and settles which slice the actor sees: `NotFound` for a programme of
/// another scheme or one the actor may not evaluate at all, and for an organisation slice they
/// may not see; an organisation coordinator without a chosen organisation gets their first.
async fn resolve(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    mut filter: ReportFilter,
) -> AppResult<(Programme, ReportFilter, Vec<OrganisationId>)> {
    let p = match ctx.store.get_programme(programme).await {
        Ok(p) if p.scheme_id == actor.scheme_id => p,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let whole = can(
        actor,
        Action::ViewEvaluation {
            programme,
            organisation: None,
        },
    );
    let slices: Vec<OrganisationId> = if whole {
        Vec::new()
    } else {
        actor.coordinated_organisations()
    };
    if !whole && filter.organisation.is_none() {
        filter.organisation = slices.first().copied();
    }
    authorise_or_hide(
        actor,
        Action::ViewEvaluation {
            programme,
            organisation: filter.organisation,
        },
    )?;
    let intakes = ctx.store.list_intakes(programme).await?;
    for i in [filter.intake, filter.compare_intake].into_iter().flatten() {
        if !intakes.iter().any(|x| x.id == i) {
            return Err(AppError::NotFound);
        }
    }
    if filter.intake.is_none() {
        filter.compare_intake = None;
    }
    Ok((p, filter, slices))
}

/// A programme's evaluation report (see the module's documentation for what is hidden).
pub async fn programme_report(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    filter: ReportFilter,
) -> AppResult<Report> {
    let (p, filter, slices) = resolve(ctx, actor, programme, filter).await?;
    let (rule, reason) = rule_of(ctx, actor).await?;
    let org_names = organisation_names(ctx, actor).await?;
    let data = gather(ctx, &rule, &[p.id], filter).await?;
    let mut tables = Vec::new();
    tables.push(participation_table(
        &rule,
        Level::Below,
        &data.participation,
        filter.organisation,
        &org_names,
    ));
    tables.extend(response_tables(
        &rule,
        Level::Below,
        &data.requests,
        filter.organisation,
        &org_names,
    ));
    tables.push(outcomes_table(&rule, Level::Below, &data.outcomes));
    if let Some(ps) = data.sessions.first() {
        tables.push(sessions_by_organisation(
            &rule,
            Level::Below,
            ps,
            filter.organisation,
            &org_names,
        ));
        if ps.meetings > 0 {
            tables.push(attendance_by_organisation(
                &rule,
                Level::Below,
                ps,
                filter.organisation,
                &org_names,
            ));
        }
        tables.push(goals_by_organisation(
            &rule,
            Level::Below,
            ps,
            filter.organisation,
            &org_names,
        ));
        if !ps.projects.is_empty() {
            tables.push(projects_by_organisation(
                &rule,
                Level::Below,
                ps,
                filter.organisation,
                &org_names,
            ));
        }
    }
    if let (Some(a), Some(b)) = (filter.intake, filter.compare_intake) {
        tables.push(cohorts_table(ctx, &rule, &[p.id], filter.organisation, a, b).await?);
    }
    let intakes = ctx
        .store
        .list_intakes(p.id)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let organisations = org_names
        .into_iter()
        .filter(|(o, _)| slices.is_empty() || slices.contains(o))
        .collect();
    Ok(Report {
        programme: Some(Evaluable {
            id: p.id,
            name: p.name,
            organisations: slices,
        }),
        filter,
        level: "below",
        rule: rule_view(&rule, reason),
        intakes,
        organisations,
        tables,
        evidence: data.evidence,
    })
}

/// Every programme the actor may evaluate whole, pooled into one report. Counts are exact (scheme
/// level) only when that is every programme of the scheme; otherwise they are rounded like a
/// programme's. Organisation coordinators, who evaluate slices only, are refused.
pub async fn pooled(ctx: &Context, actor: &Actor) -> AppResult<Report> {
    let all = ctx.store.list_programmes(actor.scheme_id).await?;
    let mine: Vec<ProgrammeId> = programmes(ctx, actor)
        .await?
        .into_iter()
        .filter(|e| e.organisations.is_empty())
        .map(|e| e.id)
        .collect();
    if mine.is_empty() {
        crate::authorise(actor, Action::ViewAggregates)?;
    }
    let level = if mine.len() == all.len() {
        Level::Scheme
    } else {
        Level::Below
    };
    let (rule, reason) = rule_of(ctx, actor).await?;
    let org_names = organisation_names(ctx, actor).await?;
    let data = gather(ctx, &rule, &mine, ReportFilter::default()).await?;
    let mut tables = vec![participation_table(
        &rule,
        level,
        &data.participation,
        None,
        &org_names,
    )];
    tables.extend(response_tables(
        &rule,
        level,
        &data.requests,
        None,
        &org_names,
    ));
    tables.push(outcomes_table(&rule, level, &data.outcomes));
    tables.push(sessions_by_programme(&rule, level, &data.sessions));
    if data.sessions.iter().any(|p| p.meetings > 0) {
        tables.push(attendance_by_programme(&rule, level, &data.sessions));
    }
    tables.push(goals_by_programme(&rule, level, &data.sessions));
    if data.sessions.iter().any(|p| !p.projects.is_empty()) {
        tables.push(projects_by_programme(&rule, level, &data.sessions));
    }
    Ok(Report {
        programme: None,
        filter: ReportFilter::default(),
        level: if level == Level::Scheme {
            "scheme"
        } else {
            "below"
        },
        rule: rule_view(&rule, reason),
        intakes: Vec::new(),
        organisations: Vec::new(),
        tables,
        evidence: data.evidence,
    })
}

async fn organisation_names(
    ctx: &Context,
    actor: &Actor,
) -> AppResult<Vec<(OrganisationId, String)>> {
    Ok(ctx
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// One before → after comparison of one scale: the pairs, and how many pairs the whole (the
/// programme without the organisation/intake narrowing) has, for the complement check.
struct Outcome {
    scale: InstrumentCode,
    before: WaveKind,
    after: WaveKind,
    pairs: Vec<(f64, f64)>,
    whole_n: usize,
}

/// The raw figures of one or more programmes, read once. Counts are per organisation over the
/// whole programme (intake filter applied), so an organisation's slice is cut from the same
/// breakdown the programme view publishes.
struct Data {
    participation: Vec<ParticipationCount>,
    requests: Vec<RequestCount>,
    outcomes: Vec<Outcome>,
    evidence: Option<Barr>,
    sessions: Vec<ProgrammeSessions>,
}

/// One programme's sessions against its caps, per mentee organisation (intake filter applied).
struct ProgrammeSessions {
    name: String,
    session_cap: Option<u32>,
    minutes_cap: Option<u32>,
    counts: Vec<SessionCount>,
    /// Set attendance per organisation and the set meetings held (action learning sets).
    attendance: Vec<AttendanceCount>,
    meetings: u64,
    /// Goals per organisation of the member who set them, by status.
    goals: Vec<GoalCount>,
    /// Pairs' improvement projects with their outcome measures (paired learning).
    projects: Vec<ProjectOutcomes>,
}

async fn gather(
    ctx: &Context,
    rule: &Rule,
    programmes: &[ProgrammeId],
    filter: ReportFilter,
) -> AppResult<Data> {
    let slice = Slice {
        intake: filter.intake,
        organisation: filter.organisation,
    };
    let mut participation: BTreeMap<Option<OrganisationId>, ParticipationCount> = BTreeMap::new();
    let mut requests: BTreeMap<(WaveKind, Option<OrganisationId>), (u64, u64)> = BTreeMap::new();
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut evidence: Option<Barr> = None;
    let mut sessions = Vec::new();
    let by_intake = Slice {
        intake: filter.intake,
        organisation: None,
    };
    for &p in programmes {
        let prog = ctx.store.get_programme(p).await?;
        let (session_cap, minutes_cap) = (prog.rules.session_cap, prog.rules.minutes_cap());
        sessions.push(ProgrammeSessions {
            name: prog.name,
            session_cap,
            minutes_cap,
            counts: ctx
                .store
                .evaluation_sessions(p, by_intake, session_cap, minutes_cap)
                .await?,
            attendance: ctx.store.evaluation_set_attendance(p, by_intake).await?,
            meetings: ctx.store.evaluation_set_meetings(p, by_intake).await?,
            goals: ctx.store.evaluation_goals(p, by_intake).await?,
            projects: ctx.store.evaluation_projects(p, by_intake).await?,
        });
        for c in ctx.store.evaluation_participation(p, by_intake).await? {
            let e = participation
                .entry(c.organisation_id)
                .or_insert_with(|| ParticipationCount {
                    organisation_id: c.organisation_id,
                    ..ParticipationCount::default()
                });
            e.applications += c.applications;
            e.approved += c.approved;
            e.started += c.started;
            e.completed += c.completed;
            e.closed_early += c.closed_early;
        }
        for r in ctx.store.evaluation_request_counts(p, by_intake).await? {
            let e = requests.entry((r.wave, r.organisation_id)).or_default();
            e.0 += r.asked;
            e.1 += r.answered;
        }
        let surveys = ctx.store.surveys_of_programme(p).await?;
        let used: Vec<InstrumentCode> = surveys.iter().flat_map(|s| s.instruments()).collect();
        for scale in OUTCOME_SCALES.into_iter().filter(|s| used.contains(s)) {
            for (before, after) in COMPARISONS {
                // One read of the whole programme; the slice is cut from it, and the whole's
                // size is what the complement check needs.
                let all = ctx
                    .store
                    .evaluation_paired_scores(p, scale.code(), before, after)
                    .await?;
                let whole_n = all.len();
                let pairs: Vec<(f64, f64)> = all
                    .iter()
                    .filter(|x| slice.holds(x))
                    .map(|x| (x.before, x.after))
                    .collect();
                match outcomes
                    .iter_mut()
                    .find(|o| o.scale == scale && o.before == before && o.after == after)
                {
                    Some(o) => {
                        o.pairs.extend(pairs);
                        o.whole_n += whole_n;
                    }
                    None => outcomes.push(Outcome {
                        scale,
                        before,
                        after,
                        pairs,
                        whole_n,
                    }),
                }
            }
        }
        // Evidence: the highest Barr level of a question answered often enough to report on,
        // asked from the highest level down so that the first question found settles it.
        let enough = u64::from(rule.min_for_statistics);
        // Improvement projects with a measured outcome are evidence of changed organisational
        // practice (Barr 4a) once there are enough of them. Nothing in a measure says whether it
        // is about patients, so 4b is never inferred (a survey question tagged 4b can show it).
        let measured = sessions.last().map_or(0, |ps: &ProgrammeSessions| {
            ps.projects
                .iter()
                .filter(|pr| {
                    slice
                        .organisation
                        .is_none_or(|o| pr.organisation_id == Some(o))
                })
                .filter(|pr| pr.measures.iter().any(|m| !m.2.trim().is_empty()))
                .count() as u64
        });
        if measured >= enough && evidence.is_none_or(|e| e < Barr::L4a) {
            evidence = Some(Barr::L4a);
        }
        let mut questions: Vec<(Barr, String, String)> = surveys
            .iter()
            .flat_map(|s| {
                let sid = s.id.to_string();
                s.questions()
                    .into_iter()
                    .map(move |q| (q.barr, sid.clone(), q.key))
            })
            .filter(|(b, _, _)| evidence.is_none_or(|e| *b > e))
            .collect();
        questions.sort_by_key(|q| std::cmp::Reverse(q.0));
        for (barr, sid, key) in questions {
            if evidence.is_some_and(|e| barr <= e) {
                break;
            }
            if ctx
                .store
                .evaluation_item_answered(p, slice, &sid, &key, enough)
                .await?
            {
                evidence = Some(barr);
            }
        }
    }
    Ok(Data {
        participation: participation.into_values().collect(),
        requests: requests
            .into_iter()
            .map(
                |((wave, organisation_id), (asked, answered))| RequestCount {
                    wave,
                    organisation_id,
                    asked,
                    answered,
                },
            )
            .collect(),
        outcomes,
        evidence,
        sessions,
    })
}

fn org_label(o: Option<OrganisationId>, names: &[(OrganisationId, String)]) -> Label {
    match o.and_then(|o| names.iter().find(|(id, _)| *id == o)) {
        Some((_, n)) => Label::Text(n.clone()),
        None => Label::key("evaluation.organisation.none"),
    }
}

fn has_hidden(cells: &[Shown]) -> bool {
    cells
        .iter()
        .any(|c| matches!(c, Shown::Count(c) if c.is_hidden()))
}

const COUNT_NOTE: &str = "evaluation.note.suppressed";
const STATS_NOTE: &str = "evaluation.note.statistics_withheld";

/// Participation per organisation: each column is a breakdown over organisations with its total,
/// suppressed together; an organisation's slice is its row of that breakdown.
fn participation_table(
    rule: &Rule,
    level: Level,
    counts: &[ParticipationCount],
    only: Option<OrganisationId>,
    names: &[(OrganisationId, String)],
) -> Table {
    let columns: [fn(&ParticipationCount) -> u64; 5] = [
        |p| p.applications,
        |p| p.approved,
        |p| p.started,
        |p| p.completed,
        |p| p.closed_early,
    ];
    let broken: Vec<suppress::Breakdown> = columns
        .iter()
        .map(|f| {
            let col: Vec<u64> = counts.iter().map(f).collect();
            suppress::breakdown(rule, &col, level)
        })
        .collect();
    let mut rows = Vec::new();
    for (i, p) in counts.iter().enumerate() {
        if only.is_some() && p.organisation_id != only {
            continue;
        }
        rows.push(Row {
            label: org_label(p.organisation_id, names),
            cells: broken.iter().map(|b| Shown::Count(b.cells[i])).collect(),
        });
    }
    let totals: Vec<Cell> = if only.is_some() {
        rows.first()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| match c {
                        Shown::Count(c) => *c,
                        _ => Cell::Zero,
                    })
                    .collect()
            })
            .unwrap_or_else(|| vec![Cell::Zero; 5])
    } else {
        broken.iter().map(|b| b.total).collect()
    };
    if only.is_none() {
        rows.push(Row {
            label: Label::key("evaluation.total"),
            cells: totals.iter().map(|c| Shown::Count(*c)).collect(),
        });
    } else if rows.is_empty() {
        rows.push(Row {
            label: org_label(only, names),
            cells: vec![Shown::Count(Cell::Zero); 5],
        });
    }
    let keys = [
        "evaluation.column.applications",
        "evaluation.column.approved",
        "evaluation.column.started",
        "evaluation.column.completed",
        "evaluation.column.closed_early",
    ];
    let max = totals.iter().filter_map(Cell::shown).max().unwrap_or(0) as f64;
    let chart = Chart::Bars {
        max: max.max(1.0),
        percent: false,
        points: keys
            .iter()
            .zip(&totals)
            .map(|(k, c)| Point {
                label: Label::key(k),
                value: c.shown().map(|v| v as f64),
                low: None,
                high: None,
            })
            .collect(),
    };
    let notes = if rows.iter().any(|r| has_hidden(&r.cells)) {
        vec![COUNT_NOTE]
    } else {
        Vec::new()
    };
    Table {
        name: "participation".into(),
        section: "participation",
        caption: Label::key("evaluation.table.participation"),
        columns: keys.to_vec(),
        rows,
        chart: Some(chart),
        notes,
    }
}

fn wave_key(w: WaveKind) -> String {
    format!("evaluation.wave.{}", w.code())
}

/// Response rates per wave (asked, answered, rate) and, for the whole programme, per
/// organisation at each wave. Asked and answered are each a breakdown over organisations.
fn response_tables(
    rule: &Rule,
    level: Level,
    counts: &[RequestCount],
    only: Option<OrganisationId>,
    names: &[(OrganisationId, String)],
) -> Vec<Table> {
    let columns = vec![
        "evaluation.column.asked",
        "evaluation.column.answered",
        "evaluation.column.rate",
    ];
    let mut summary = Vec::new();
    let mut per_org_tables = Vec::new();
    let mut hidden = false;
    for wave in WaveKind::ALL {
        let at: Vec<&RequestCount> = counts.iter().filter(|c| c.wave == wave).collect();
        if at.is_empty() {
            continue;
        }
        let asked: Vec<u64> = at.iter().map(|c| c.asked).collect();
        let answered: Vec<u64> = at.iter().map(|c| c.answered).collect();
        let a = suppress::breakdown(rule, &asked, level);
        let b = suppress::breakdown(rule, &answered, level);
        let (asked_c, answered_c) = match only {
            Some(o) => match at.iter().position(|c| c.organisation_id == Some(o)) {
                Some(i) => (a.cells[i], b.cells[i]),
                None => (Cell::Zero, Cell::Zero),
            },
            None => (a.total, b.total),
        };
        let cells = vec![
            Shown::Count(asked_c),
            Shown::Count(answered_c),
            Shown::Percent(suppress::percentage(&answered_c, &asked_c)),
        ];
        hidden |= has_hidden(&cells);
        summary.push(Row {
            label: Label::Key(wave_key(wave)),
            cells,
        });
        if only.is_none() {
            let mut rows = Vec::new();
            for (i, c) in at.iter().enumerate() {
                rows.push(Row {
                    label: org_label(c.organisation_id, names),
                    cells: vec![
                        Shown::Count(a.cells[i]),
                        Shown::Count(b.cells[i]),
                        Shown::Percent(suppress::percentage(&b.cells[i], &a.cells[i])),
                    ],
                });
            }
            let notes = if rows.iter().any(|r| has_hidden(&r.cells)) {
                vec![COUNT_NOTE]
            } else {
                Vec::new()
            };
            per_org_tables.push(Table {
                name: format!("response_rates_{}", wave.code()),
                section: "responses",
                caption: Label::Pair(
                    Box::new(Label::key(
                        "evaluation.table.response_rates_by_organisation",
                    )),
                    Box::new(Label::Key(wave_key(wave))),
                ),
                columns: columns.clone(),
                rows,
                chart: None,
                notes,
            });
        }
    }
    let chart = Chart::Bars {
        max: 100.0,
        percent: true,
        points: summary
            .iter()
            .map(|r| Point {
                label: r.label.clone(),
                value: match r.cells[2] {
                    Shown::Percent(p) => p,
                    _ => None,
                },
                low: None,
                high: None,
            })
            .collect(),
    };
    let mut out = vec![Table {
        name: "response_rates".into(),
        section: "responses",
        caption: Label::key("evaluation.table.response_rates"),
        columns,
        rows: summary,
        chart: Some(chart),
        notes: if hidden { vec![COUNT_NOTE] } else { Vec::new() },
    }];
    out.extend(per_org_tables);
    out
}

/// Whether statistics on `n` respondents may be published when the whole they were cut from has
/// `whole_n`: enough in the slice, and none or enough outside it.
fn stats_allowed(rule: &Rule, n: usize, whole_n: usize) -> bool {
    let rest = whole_n.saturating_sub(n) as u64;
    suppress::statistics_allowed(rule, n as u64)
        && (rest == 0 || suppress::statistics_allowed(rule, rest))
}

fn interval(low: Option<f64>, high: Option<f64>) -> Shown {
    Shown::Interval(low.zip(high))
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| s / n as f64)
}

/// Before and after per scale: the paired statistics of `tandem_stats::paired`, shown only when
/// enough respondents answered both waves.
fn outcomes_table(rule: &Rule, level: Level, outcomes: &[Outcome]) -> Table {
    let columns = vec![
        "evaluation.column.respondents",
        "evaluation.column.mean_before",
        "evaluation.column.mean_after",
        "evaluation.column.mean_diff",
        "evaluation.column.ci95",
        "evaluation.column.t",
        "evaluation.column.p_t",
        "evaluation.column.wilcoxon",
        "evaluation.column.p_wilcoxon",
        "evaluation.column.d_z",
        "evaluation.column.d_z_ci95",
        "evaluation.column.g_av",
        "evaluation.column.rank_biserial",
        "evaluation.column.rank_biserial_ci95",
    ];
    let mut rows = Vec::new();
    let mut points = Vec::new();
    let mut withheld = false;
    let mut hidden = false;
    for o in outcomes {
        let n = o.pairs.len();
        let label = Label::Pair(
            Box::new(Label::Local(instrument(o.scale).name)),
            Box::new(Label::Key(format!(
                "evaluation.comparison.{}_{}",
                o.before.code(),
                o.after.code()
            ))),
        );
        let count = suppress::count(rule, n as u64, level);
        hidden |= count.is_hidden();
        let before: Vec<f64> = o.pairs.iter().map(|p| p.0).collect();
        let after: Vec<f64> = o.pairs.iter().map(|p| p.1).collect();
        let stats = if stats_allowed(rule, n, o.whole_n) {
            tandem_stats::paired(&before, &after).ok()
        } else {
            if n > 0 {
                withheld = true;
            }
            None
        };
        let cells = match &stats {
            Some(s) => vec![
                Shown::Count(count),
                Shown::Statistic(mean(before.iter().copied())),
                Shown::Statistic(mean(after.iter().copied())),
                Shown::Statistic(Some(s.mean_diff)),
                interval(s.ci95_low, s.ci95_high),
                Shown::Statistic(s.t),
                Shown::P(s.p_t),
                Shown::Statistic(s.wilcoxon_statistic),
                Shown::P(s.p_wilcoxon),
                Shown::Statistic(s.d_z),
                interval(s.d_z_ci95_low, s.d_z_ci95_high),
                Shown::Statistic(s.hedges_g_av),
                Shown::Statistic(s.rank_biserial),
                interval(s.rank_biserial_ci95_low, s.rank_biserial_ci95_high),
            ],
            None => {
                let mut c = vec![Shown::Count(count)];
                c.extend((1..columns.len()).map(|_| Shown::Statistic(None)));
                c
            }
        };
        points.push(Point {
            label: label.clone(),
            value: stats.as_ref().map(|s| s.mean_diff),
            low: stats.as_ref().and_then(|s| s.ci95_low),
            high: stats.as_ref().and_then(|s| s.ci95_high),
        });
        rows.push(Row { label, cells });
    }
    let reach = points
        .iter()
        .flat_map(|p| [p.value, p.low, p.high])
        .flatten()
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let reach = if reach > 0.0 { reach * 1.1 } else { 1.0 };
    let mut notes = Vec::new();
    if hidden {
        notes.push(COUNT_NOTE);
    }
    if withheld {
        notes.push(STATS_NOTE);
    }
    Table {
        name: "outcomes".into(),
        section: "outcomes",
        caption: Label::key("evaluation.table.outcomes"),
        columns,
        rows,
        chart: (!points.is_empty()).then_some(Chart::Intervals {
            low: -reach,
            high: reach,
            points,
        }),
        notes,
    }
}

/// Cohort against cohort: each outcome scale at the end wave, intake `a` against intake `b`
/// (`tandem_stats::independent`), shown only when both cohorts are large enough.
async fn cohorts_table(
    ctx: &Context,
    rule: &Rule,
    programmes: &[ProgrammeId],
    organisation: Option<OrganisationId>,
    a: IntakeId,
    b: IntakeId,
) -> AppResult<Table> {
    let columns = vec![
        "evaluation.column.respondents_a",
        "evaluation.column.mean_a",
        "evaluation.column.respondents_b",
        "evaluation.column.mean_b",
        "evaluation.column.mean_diff",
        "evaluation.column.ci95",
        "evaluation.column.p_welch",
        "evaluation.column.p_mann_whitney",
        "evaluation.column.hedges_g",
        "evaluation.column.hedges_g_ci95",
    ];
    let mut rows = Vec::new();
    let mut withheld = false;
    let mut hidden = false;
    for &p in programmes {
        let used: Vec<InstrumentCode> = ctx
            .store
            .surveys_of_programme(p)
            .await?
            .iter()
            .flat_map(|s| s.instruments())
            .collect();
        for scale in OUTCOME_SCALES.into_iter().filter(|s| used.contains(s)) {
            let read = |intake| Slice {
                intake: Some(intake),
                organisation,
            };
            let xa = ctx
                .store
                .evaluation_scores(p, read(a), scale.code(), WaveKind::End)
                .await?;
            let xb = ctx
                .store
                .evaluation_scores(p, read(b), scale.code(), WaveKind::End)
                .await?;
            let (ca, cb) = (
                suppress::count(rule, xa.len() as u64, Level::Below),
                suppress::count(rule, xb.len() as u64, Level::Below),
            );
            hidden |= ca.is_hidden() || cb.is_hidden();
            let ok = suppress::statistics_allowed(rule, xa.len() as u64)
                && suppress::statistics_allowed(rule, xb.len() as u64);
            let s = if ok {
                tandem_stats::independent(&xa, &xb).ok()
            } else {
                withheld |= !xa.is_empty() || !xb.is_empty();
                None
            };
            let cells = match &s {
                Some(s) => vec![
                    Shown::Count(ca),
                    Shown::Statistic(Some(s.mean_a)),
                    Shown::Count(cb),
                    Shown::Statistic(Some(s.mean_b)),
                    Shown::Statistic(Some(s.mean_diff)),
                    interval(s.ci95_low, s.ci95_high),
                    Shown::P(s.p_welch),
                    Shown::P(s.p_mann_whitney),
                    Shown::Statistic(s.hedges_g),
                    interval(s.hedges_g_ci95_low, s.hedges_g_ci95_high),
                ],
                None => {
                    let mut c = vec![Shown::Count(ca), Shown::Statistic(None), Shown::Count(cb)];
                    c.extend((3..columns.len()).map(|_| Shown::Statistic(None)));
                    c
                }
            };
            rows.push(Row {
                label: Label::Local(instrument(scale).name),
                cells,
            });
        }
    }
    let mut notes = Vec::new();
    if hidden {
        notes.push(COUNT_NOTE);
    }
    if withheld {
        notes.push(STATS_NOTE);
    }
    Ok(Table {
        name: "cohorts".into(),
        section: "cohorts",
        caption: Label::key("evaluation.table.cohorts"),
        columns,
        rows,
        chart: None,
        notes,
    })
}

const SESSIONS_NOTE: &str = "evaluation.note.sessions_mean_withheld";

/// The columns of the sessions table, after the row's label.
const SESSION_COLUMNS: [&str; 7] = [
    "evaluation.column.relationships",
    "evaluation.column.sessions_held",
    "evaluation.column.session_cap",
    "evaluation.column.minutes_cap",
    "evaluation.column.reached_cap",
    "evaluation.column.reached_cap_rate",
    "evaluation.column.mean_sessions",
];

/// A cap as a figure: a programme setting, not a count of people, so shown exactly; "–" for none.
fn cap_shown(cap: Option<u32>) -> Shown {
    match cap {
        Some(c) => Shown::Count(Cell::Exact(u64::from(c))),
        None => Shown::Statistic(None),
    }
}

/// Raw figures of one row of the sessions table: relationships, sessions held, reached the cap.
type SessionRaw = (u64, u64, u64);

/// The sessions table from rows of raw figures, each suppressed as a breakdown over the rows
/// (relationships and those that reached the cap are counts of relationships, so of people).
/// Sessions held are hidden wherever the row's relationships are, so a sum over a few
/// relationships is never shown; the union of two patterns that each hide none or at least two
/// cells still hides none or at least two. A mean needs `min_for_statistics` relationships in
/// the row and none or as many outside it (`whole` is the relationships of the whole).
/// `keep` picks the rows published (an organisation's slice keeps its own row only).
#[allow(clippy::too_many_arguments)]
fn sessions_table(
    rule: &Rule,
    level: Level,
    labels: Vec<Label>,
    raw: &[SessionRaw],
    caps: &[(Option<u32>, Option<u32>)],
    keep: &dyn Fn(usize) -> bool,
    total: Option<(Option<u32>, Option<u32>)>,
    name: &str,
) -> Table {
    let rel = suppress::breakdown(rule, &raw.iter().map(|r| r.0).collect::<Vec<_>>(), level);
    let held = suppress::breakdown(rule, &raw.iter().map(|r| r.1).collect::<Vec<_>>(), level);
    let reached = suppress::breakdown(rule, &raw.iter().map(|r| r.2).collect::<Vec<_>>(), level);
    let whole: u64 = raw.iter().map(|r| r.0).sum();
    let mut withheld = false;
    let mut row = |label: Label,
                   (n, h, _): SessionRaw,
                   (rc, hc, cc): (Cell, Cell, Cell),
                   (sc, mc): (Option<u32>, Option<u32>),
                   whole_n: u64| {
        let hc = if rc.is_hidden() { Cell::Secondary } else { hc };
        let mean_ok = !rc.is_hidden() && stats_allowed(rule, n as usize, whole_n as usize);
        withheld |= n > 0 && !mean_ok;
        Row {
            label,
            cells: vec![
                Shown::Count(rc),
                Shown::Count(hc),
                cap_shown(sc),
                cap_shown(mc),
                Shown::Count(cc),
                Shown::Percent(suppress::percentage(&cc, &rc)),
                Shown::Statistic(mean_ok.then(|| h as f64 / n as f64)),
            ],
        }
    };
    let mut rows = Vec::new();
    for (i, label) in labels.into_iter().enumerate() {
        if keep(i) {
            rows.push(row(
                label,
                raw[i],
                (rel.cells[i], held.cells[i], reached.cells[i]),
                caps[i],
                whole,
            ));
        }
    }
    if let Some(caps) = total {
        let sum = raw
            .iter()
            .fold((0, 0, 0), |a, r| (a.0 + r.0, a.1 + r.1, a.2 + r.2));
        rows.push(row(
            Label::key("evaluation.total"),
            sum,
            (rel.total, held.total, reached.total),
            caps,
            whole,
        ));
    }
    let points = rows
        .iter()
        .map(|r| Point {
            label: r.label.clone(),
            value: match r.cells[5] {
                Shown::Percent(p) => p,
                _ => None,
            },
            low: None,
            high: None,
        })
        .collect::<Vec<_>>();
    let mut notes = Vec::new();
    if rows.iter().any(|r| has_hidden(&r.cells)) {
        notes.push(COUNT_NOTE);
    }
    if withheld {
        notes.push(SESSIONS_NOTE);
    }
    Table {
        name: name.into(),
        section: "sessions",
        caption: Label::key("evaluation.table.sessions"),
        columns: SESSION_COLUMNS.to_vec(),
        chart: (!points.is_empty()).then_some(Chart::Bars {
            max: 100.0,
            percent: true,
            points,
        }),
        rows,
        notes,
    }
}

/// Sessions held against the programme's caps per mentee organisation, with the programme's
/// total; an organisation's slice is its row of the same breakdown (or zeros when it has none).
fn sessions_by_organisation(
    rule: &Rule,
    level: Level,
    ps: &ProgrammeSessions,
    only: Option<OrganisationId>,
    names: &[(OrganisationId, String)],
) -> Table {
    let mut counts = ps.counts.clone();
    if let Some(o) = only
        && !counts.iter().any(|c| c.organisation_id == Some(o))
    {
        counts.push(SessionCount {
            organisation_id: Some(o),
            ..SessionCount::default()
        });
    }
    let labels = counts
        .iter()
        .map(|c| org_label(c.organisation_id, names))
        .collect();
    let raw: Vec<SessionRaw> = counts
        .iter()
        .map(|c| (c.relationships, c.held, c.reached_cap))
        .collect();
    let caps = vec![(ps.session_cap, ps.minutes_cap); counts.len()];
    let keep = |i: usize| only.is_none_or(|o| counts[i].organisation_id == Some(o));
    let total = only.is_none().then_some((ps.session_cap, ps.minutes_cap));
    sessions_table(rule, level, labels, &raw, &caps, &keep, total, "sessions")
}

/// Sessions held against each programme's own caps, one row per programme and a total (whose
/// caps are blank: programmes may differ).
fn sessions_by_programme(rule: &Rule, level: Level, all: &[ProgrammeSessions]) -> Table {
    let labels = all.iter().map(|p| Label::Text(p.name.clone())).collect();
    let raw: Vec<SessionRaw> = all
        .iter()
        .map(|p| {
            p.counts.iter().fold((0, 0, 0), |a, c| {
                (a.0 + c.relationships, a.1 + c.held, a.2 + c.reached_cap)
            })
        })
        .collect();
    let caps: Vec<_> = all.iter().map(|p| (p.session_cap, p.minutes_cap)).collect();
    sessions_table(
        rule,
        level,
        labels,
        &raw,
        &caps,
        &|_| true,
        Some((None, None)),
        "sessions",
    )
}

/// The columns of the set attendance table, after the row's label.
const ATTENDANCE_COLUMNS: [&str; 5] = [
    "evaluation.column.meetings_held",
    "evaluation.column.expected",
    "evaluation.column.present",
    "evaluation.column.absent",
    "evaluation.column.attendance_rate",
];

/// Raw figures of one row of the attendance table: meetings, expected, present.
type AttendanceRaw = (u64, u64, u64);

/// The set attendance table. Expected, present and absent member-meetings are each a breakdown
/// over the rows; a row's meetings are hidden wherever its expected attendances are (they would
/// tell how often a few people met), else shown like any count. The total's meetings are the
/// meetings held (`total_meetings`), not the sum of rows: a meeting counts for each
/// organisation whose members were expected at it.
fn attendance_table(
    rule: &Rule,
    level: Level,
    labels: Vec<Label>,
    raw: &[AttendanceRaw],
    keep: &dyn Fn(usize) -> bool,
    total_meetings: Option<u64>,
    name: &str,
) -> Table {
    let col = |f: fn(&AttendanceRaw) -> u64| {
        suppress::breakdown(rule, &raw.iter().map(f).collect::<Vec<_>>(), level)
    };
    let expected = col(|r| r.1);
    let present = col(|r| r.2);
    let absent = col(|r| r.1.saturating_sub(r.2));
    let row = |label: Label, meetings: u64, (e, p, a): (Cell, Cell, Cell)| {
        let m = if e.is_hidden() {
            Cell::Secondary
        } else {
            suppress::count(rule, meetings, level)
        };
        Row {
            label,
            cells: vec![
                Shown::Count(m),
                Shown::Count(e),
                Shown::Count(p),
                Shown::Count(a),
                Shown::Percent(suppress::percentage(&p, &e)),
            ],
        }
    };
    let mut rows = Vec::new();
    for (i, label) in labels.into_iter().enumerate() {
        if keep(i) {
            rows.push(row(
                label,
                raw[i].0,
                (expected.cells[i], present.cells[i], absent.cells[i]),
            ));
        }
    }
    if let Some(m) = total_meetings {
        rows.push(row(
            Label::key("evaluation.total"),
            m,
            (expected.total, present.total, absent.total),
        ));
    }
    let points = rows
        .iter()
        .map(|r| Point {
            label: r.label.clone(),
            value: match r.cells[4] {
                Shown::Percent(p) => p,
                _ => None,
            },
            low: None,
            high: None,
        })
        .collect::<Vec<_>>();
    let notes = if rows.iter().any(|r| has_hidden(&r.cells)) {
        vec![COUNT_NOTE]
    } else {
        Vec::new()
    };
    Table {
        name: name.into(),
        section: "sets",
        caption: Label::key("evaluation.table.set_attendance"),
        columns: ATTENDANCE_COLUMNS.to_vec(),
        chart: (!points.is_empty()).then_some(Chart::Bars {
            max: 100.0,
            percent: true,
            points,
        }),
        rows,
        notes,
    }
}

/// Set attendance per organisation of the members, with the programme's total; an
/// organisation's slice is its row of the same breakdowns (zeros when it has none).
fn attendance_by_organisation(
    rule: &Rule,
    level: Level,
    ps: &ProgrammeSessions,
    only: Option<OrganisationId>,
    names: &[(OrganisationId, String)],
) -> Table {
    let mut counts = ps.attendance.clone();
    if let Some(o) = only
        && !counts.iter().any(|c| c.organisation_id == Some(o))
    {
        counts.push(AttendanceCount {
            organisation_id: Some(o),
            ..AttendanceCount::default()
        });
    }
    let labels = counts
        .iter()
        .map(|c| org_label(c.organisation_id, names))
        .collect();
    let raw: Vec<AttendanceRaw> = counts
        .iter()
        .map(|c| (c.meetings, c.expected, c.present))
        .collect();
    let keep = |i: usize| only.is_none_or(|o| counts[i].organisation_id == Some(o));
    let total = only.is_none().then_some(ps.meetings);
    attendance_table(rule, level, labels, &raw, &keep, total, "set_attendance")
}

/// Set attendance per programme (those with set meetings), with a total.
fn attendance_by_programme(rule: &Rule, level: Level, all: &[ProgrammeSessions]) -> Table {
    let with: Vec<&ProgrammeSessions> = all.iter().filter(|p| p.meetings > 0).collect();
    let labels = with.iter().map(|p| Label::Text(p.name.clone())).collect();
    let raw: Vec<AttendanceRaw> = with
        .iter()
        .map(|p| {
            p.attendance.iter().fold((p.meetings, 0, 0), |a, c| {
                (a.0, a.1 + c.expected, a.2 + c.present)
            })
        })
        .collect();
    let total = with.iter().map(|p| p.meetings).sum();
    attendance_table(
        rule,
        level,
        labels,
        &raw,
        &|_| true,
        Some(total),
        "set_attendance",
    )
}

const GOAL_COLUMNS: [&str; 5] = [
    "evaluation.column.goals_not_started",
    "evaluation.column.goals_under_way",
    "evaluation.column.goals_achieved",
    "evaluation.column.goals",
    "evaluation.column.goals_achieved_rate",
];

/// Goals by status: each status is a breakdown over the rows, and so is the rows' total; the
/// share achieved is computed from shown counts only.
fn goals_table(
    rule: &Rule,
    level: Level,
    labels: Vec<Label>,
    raw: &[[u64; 3]],
    keep: &dyn Fn(usize) -> bool,
    with_total: bool,
) -> Table {
    let col =
        |k: usize| suppress::breakdown(rule, &raw.iter().map(|r| r[k]).collect::<Vec<_>>(), level);
    let broken = [col(0), col(1), col(2)];
    let all = suppress::breakdown(
        rule,
        &raw.iter().map(|r| r.iter().sum()).collect::<Vec<u64>>(),
        level,
    );
    let row = |label: Label, cells: [Cell; 3], total: Cell| Row {
        label,
        cells: vec![
            Shown::Count(cells[0]),
            Shown::Count(cells[1]),
            Shown::Count(cells[2]),
            Shown::Count(total),
            Shown::Percent(suppress::percentage(&cells[2], &total)),
        ],
    };
    let mut rows = Vec::new();
    for (i, label) in labels.into_iter().enumerate() {
        if keep(i) {
            rows.push(row(
                label,
                [broken[0].cells[i], broken[1].cells[i], broken[2].cells[i]],
                all.cells[i],
            ));
        }
    }
    if with_total {
        rows.push(row(
            Label::key("evaluation.total"),
            [broken[0].total, broken[1].total, broken[2].total],
            all.total,
        ));
    }
    let last = rows.last().map(|r| r.cells.clone()).unwrap_or_default();
    let points = GOAL_COLUMNS[..3]
        .iter()
        .zip(&last)
        .map(|(k, c)| Point {
            label: Label::key(k),
            value: match c {
                Shown::Count(c) => c.shown().map(|v| v as f64),
                _ => None,
            },
            low: None,
            high: None,
        })
        .collect::<Vec<_>>();
    let max = points
        .iter()
        .filter_map(|p| p.value)
        .fold(1.0_f64, f64::max);
    let notes = if rows.iter().any(|r| has_hidden(&r.cells)) {
        vec![COUNT_NOTE]
    } else {
        Vec::new()
    };
    Table {
        name: "goals".into(),
        section: "goals",
        caption: Label::key("evaluation.table.goals"),
        columns: GOAL_COLUMNS.to_vec(),
        chart: (!points.is_empty()).then_some(Chart::Bars {
            max,
            percent: false,
            points,
        }),
        rows,
        notes,
    }
}

/// Goals by status per organisation of the member who set them, with the programme's total; an
/// organisation's slice is its row of the same breakdowns.
fn goals_by_organisation(
    rule: &Rule,
    level: Level,
    ps: &ProgrammeSessions,
    only: Option<OrganisationId>,
    names: &[(OrganisationId, String)],
) -> Table {
    let mut counts = ps.goals.clone();
    if let Some(o) = only
        && !counts.iter().any(|c| c.organisation_id == Some(o))
    {
        counts.push(GoalCount {
            organisation_id: Some(o),
            by_status: [0; 3],
        });
    }
    let labels = counts
        .iter()
        .map(|c| org_label(c.organisation_id, names))
        .collect();
    let raw: Vec<[u64; 3]> = counts.iter().map(|c| c.by_status).collect();
    let keep = |i: usize| only.is_none_or(|o| counts[i].organisation_id == Some(o));
    goals_table(rule, level, labels, &raw, &keep, only.is_none())
}

/// Goals by status per programme, with a total.
fn goals_by_programme(rule: &Rule, level: Level, all: &[ProgrammeSessions]) -> Table {
    let labels = all.iter().map(|p| Label::Text(p.name.clone())).collect();
    let raw: Vec<[u64; 3]> = all
        .iter()
        .map(|p| {
            p.goals.iter().fold([0; 3], |a, g| {
                [
                    a[0] + g.by_status[0],
                    a[1] + g.by_status[1],
                    a[2] + g.by_status[2],
                ]
            })
        })
        .collect();
    goals_table(rule, level, labels, &raw, &|_| true, true)
}

const PROJECT_COLUMNS: [&str; 7] = [
    "evaluation.column.projects",
    "evaluation.column.projects_measured",
    "evaluation.column.measures",
    "evaluation.column.measures_latest",
    "evaluation.column.measures_closer",
    "evaluation.column.measures_reached",
    "evaluation.column.measures_closer_rate",
];

/// Counts of one set of projects: projects, projects with an outcome measure, measures, measures
/// with a latest value, measures closer to (or at) their target, measures at their target.
fn project_counts(projects: &[&ProjectOutcomes]) -> [u64; 6] {
    use tandem_domain::pairs::{MeasureProgress, measure_progress};
    let mut c = [0u64; 6];
    for p in projects {
        c[0] += 1;
        c[1] += u64::from(!p.measures.is_empty());
        for (baseline, target, latest) in &p.measures {
            c[2] += 1;
            c[3] += u64::from(!latest.trim().is_empty());
            match measure_progress(baseline, target, latest) {
                Some(MeasureProgress::Reached) => {
                    c[4] += 1;
                    c[5] += 1;
                }
                Some(MeasureProgress::Closer) => c[4] += 1,
                Some(MeasureProgress::NotCloser) | None => {}
            }
        }
    }
    c
}

/// Improvement projects and their outcome measures (Barr 4a: organisational practice): each
/// count is a breakdown over the rows; the share closer to target is computed from shown counts
/// of measures with a latest value.
fn projects_table(
    rule: &Rule,
    level: Level,
    labels: Vec<Label>,
    raw: &[[u64; 6]],
    keep: &dyn Fn(usize) -> bool,
    with_total: bool,
) -> Table {
    let broken: Vec<suppress::Breakdown> = (0..6)
        .map(|k| suppress::breakdown(rule, &raw.iter().map(|r| r[k]).collect::<Vec<_>>(), level))
        .collect();
    let row = |label: Label, cells: Vec<Cell>| {
        let rate = suppress::percentage(&cells[4], &cells[3]);
        let mut shown: Vec<Shown> = cells.into_iter().map(Shown::Count).collect();
        shown.push(Shown::Percent(rate));
        Row {
            label,
            cells: shown,
        }
    };
    let mut rows = Vec::new();
    for (i, label) in labels.into_iter().enumerate() {
        if keep(i) {
            rows.push(row(label, broken.iter().map(|b| b.cells[i]).collect()));
        }
    }
    if with_total {
        rows.push(row(
            Label::key("evaluation.total"),
            broken.iter().map(|b| b.total).collect(),
        ));
    }
    let last = rows.last().map(|r| r.cells.clone()).unwrap_or_default();
    let points = [3usize, 4, 5]
        .iter()
        .map(|&k| Point {
            label: Label::key(PROJECT_COLUMNS[k]),
            value: match last.get(k) {
                Some(Shown::Count(c)) => c.shown().map(|v| v as f64),
                _ => None,
            },
            low: None,
            high: None,
        })
        .collect::<Vec<_>>();
    let max = points
        .iter()
        .filter_map(|p| p.value)
        .fold(1.0_f64, f64::max);
    let mut notes = vec![PROJECT_NOTE];
    if rows.iter().any(|r| has_hidden(&r.cells)) {
        notes.push(COUNT_NOTE);
    }
    Table {
        name: "projects".into(),
        section: "projects",
        caption: Label::key("evaluation.table.projects"),
        columns: PROJECT_COLUMNS.to_vec(),
        chart: Some(Chart::Bars {
            max,
            percent: false,
            points,
        }),
        rows,
        notes,
    }
}

/// How measures are compared, shown under the projects table.
const PROJECT_NOTE: &str = "evaluation.note.projects";

/// Projects per organisation of the pair's clinician, with the programme's total; an
/// organisation's slice is its row of the same breakdowns.
fn projects_by_organisation(
    rule: &Rule,
    level: Level,
    ps: &ProgrammeSessions,
    only: Option<OrganisationId>,
    names: &[(OrganisationId, String)],
) -> Table {
    let mut orgs: Vec<Option<OrganisationId>> = Vec::new();
    for p in &ps.projects {
        if !orgs.contains(&p.organisation_id) {
            orgs.push(p.organisation_id);
        }
    }
    if let Some(o) = only
        && !orgs.contains(&Some(o))
    {
        orgs.push(Some(o));
    }
    let raw: Vec<[u64; 6]> = orgs
        .iter()
        .map(|o| {
            let mine: Vec<&ProjectOutcomes> = ps
                .projects
                .iter()
                .filter(|p| p.organisation_id == *o)
                .collect();
            project_counts(&mine)
        })
        .collect();
    let labels = orgs.iter().map(|o| org_label(*o, names)).collect();
    let keep = |i: usize| only.is_none_or(|o| orgs[i] == Some(o));
    projects_table(rule, level, labels, &raw, &keep, only.is_none())
}

/// Projects per programme, with a total.
fn projects_by_programme(rule: &Rule, level: Level, all: &[ProgrammeSessions]) -> Table {
    let labels = all.iter().map(|p| Label::Text(p.name.clone())).collect();
    let raw: Vec<[u64; 6]> = all
        .iter()
        .map(|p| project_counts(&p.projects.iter().collect::<Vec<_>>()))
        .collect();
    projects_table(rule, level, labels, &raw, &|_| true, true)
}
