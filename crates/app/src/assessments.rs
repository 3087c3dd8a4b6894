//! Assessment profiles and equality-based matching, with their lawful basis.
//!
//! - A programme's coordinators define **instruments** (name, dimensions, score range) and
//!   **import** scores per person, instrument and dimension from CSV or XLSX (columns e-mail,
//!   instrument, dimension, score): every problem is listed by row and nothing is written unless
//!   every row is valid; a valid file waits as a preview until its uploader confirms it (in the
//!   store, so any instance can confirm it), like the people import.
//! - Matching on scores, or on a shared language or cultural background, is **off by default**;
//!   a programme switches either on only with a recorded Article 6 basis, Article 9 condition
//!   and justification ([`set_use`]), which [`notice`] shows participants before they apply.
//! - Each person's scores and equality data count in a run only while their own consent
//!   ([`crate::rights::ConsentKind`]) stands; equality data is entered by the person alone
//!   ([`set_equality`]).
//! - Only that programme's coordinators see scores ([`Action::ManageAssessments`]), and the
//!   person themselves through subject access. Audit details hold ids and counts only; scores
//!   never reach logs, exports or other programmes.

use crate::accounts::{random_token, token_hash};
use crate::{AppError, AppResult, Context, audited, authorise, programmes};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use tandem_domain::assessment::{
    DimensionMode, DimensionWeight, EqualityData, EqualityInput, Instrument, InstrumentInput,
    MatchingUse, MatchingUseInput, UseKind, WEIGHT_MAX,
};
use tandem_domain::{Action, Actor, PersonId, Programme, ProgrammeId, ValidationErrors};
use tandem_people_io::Format;
use tandem_storage::ScoreRow;

/// Minutes a valid preview waits for its confirmation.
const PENDING_MINUTES: i64 = 30;

/// The programme, after checking the actor coordinates it. Another scheme's programme is hidden;
/// the scheme's own people know its programmes exist, so they are told no.
async fn coordinated(ctx: &Context, actor: &Actor, programme: ProgrammeId) -> AppResult<Programme> {
    let p = programmes::get(ctx, actor, programme).await?;
    authorise(actor, Action::ManageAssessments { programme })?;
    Ok(p)
}

/// A programme's assessment set-up as its coordinators see it.
#[derive(Clone, Debug, Serialize)]
pub struct AssessmentSetup {
    pub programme: Programme,
    pub instruments: Vec<Instrument>,
    pub weights: Vec<DimensionWeight>,
    pub assessment: Option<MatchingUse>,
    pub equality: Option<MatchingUse>,
    /// How many people have at least one score on the programme's instruments.
    pub people_with_scores: usize,
    /// The instruments holding at least one score (these cannot be deleted).
    pub scored_instruments: BTreeSet<String>,
}

pub async fn setup(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<AssessmentSetup> {
    let p = coordinated(ctx, actor, programme).await?;
    let scores = ctx.store.programme_scores(programme).await?;
    let people: BTreeSet<PersonId> = scores.iter().map(|s| s.person_id).collect();
    Ok(AssessmentSetup {
        instruments: ctx.store.instruments(programme).await?,
        weights: ctx.store.assessment_weights(programme).await?,
        assessment: ctx
            .store
            .matching_use(programme, UseKind::Assessment)
            .await?,
        equality: ctx.store.matching_use(programme, UseKind::Equality).await?,
        people_with_scores: people.len(),
        scored_instruments: scores.iter().map(|s| s.instrument_id.clone()).collect(),
        programme: p,
    })
}

/// Adds an instrument to the programme.
pub async fn create_instrument(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    input: InstrumentInput,
) -> AppResult<Instrument> {
    coordinated(ctx, actor, programme).await?;
    let (name, score_min, score_max, dimensions) = input.validate()?;
    let instrument = Instrument {
        id: uuid::Uuid::new_v4().to_string(),
        programme_id: programme,
        name,
        score_min,
        score_max,
        dimensions,
    };
    let change = audited(
        ctx,
        Some(actor),
        "assessment.instrument",
        instrument.id.clone(),
        format!(
            "programme={programme} dimensions={}",
            instrument.dimensions.len()
        ),
    );
    change
        .store
        .create_instrument(&instrument, ctx.now())
        .await
        .map_err(|e| match e {
            tandem_storage::StoreError::Conflict { .. } => {
                AppError::field("name", "assessment.error.instrument_taken")
            }
            e => e.into(),
        })?;
    change.done()?;
    Ok(instrument)
}

/// Deletes an instrument that holds no score (a mistyped name or range, an instrument no longer
/// used), with its dimensions and weights. One with scores is refused with nothing written: its
/// scores are personal data with their own retention rule, and a coordinator deleting them by
/// accident could not undo it. Audited with ids only.
pub async fn delete_instrument(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    instrument: &str,
) -> AppResult<()> {
    coordinated(ctx, actor, programme).await?;
    let known = ctx
        .store
        .instruments(programme)
        .await?
        .into_iter()
        .any(|i| i.id == instrument);
    if !known {
        return Err(AppError::NotFound);
    }
    let change = audited(
        ctx,
        Some(actor),
        "assessment.instrument_delete",
        instrument.to_owned(),
        format!("programme={programme}"),
    );
    if !change
        .store
        .delete_unscored_instrument(programme, instrument)
        .await?
    {
        return Err(AppError::field(
            "instruments",
            "instruments.error.has_scores",
        ));
    }
    change.done()?;
    Ok(())
}

/// Switches assessment or equality-based matching on (with its basis) or off. Refused, with
/// nothing written, when switching on without an Article 6 basis, an Article 9 condition and a
/// justification.
pub async fn set_use(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    kind: UseKind,
    input: MatchingUseInput,
) -> AppResult<MatchingUse> {
    coordinated(ctx, actor, programme).await?;
    let v = input.validate(kind)?;
    let u = MatchingUse {
        programme_id: programme,
        kind,
        enabled: v.enabled,
        art6: v.art6,
        art9: v.art9,
        justification: v.justification,
        weight: v.weight,
        recorded_by: actor.person_id,
        recorded_at: ctx.now(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "assessment.matching_use",
        programme.to_string(),
        format!(
            "kind={} enabled={} art6={} art9={}",
            kind.code(),
            u.enabled,
            u.art6.code(),
            u.art9.map_or("none", |c| c.code())
        ),
    );
    change.store.save_matching_use(&u).await?;
    change.done()?;
    Ok(u)
}

/// One dimension's weight and mode as a form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightInput {
    pub instrument_id: String,
    pub dimension_code: String,
    pub weight: i64,
    /// `similarity` or `complementarity`.
    pub mode: String,
}

/// Sets the criteria page's weight and similarity or complementarity per dimension (dimensions
/// left out weigh 0).
pub async fn set_weights(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    weights: Vec<WeightInput>,
) -> AppResult<Vec<DimensionWeight>> {
    coordinated(ctx, actor, programme).await?;
    let instruments = ctx.store.instruments(programme).await?;
    let mut e = ValidationErrors::new();
    let mut out: Vec<DimensionWeight> = Vec::new();
    for (k, w) in weights.iter().enumerate() {
        let field = format!("weight_{k}");
        let known = instruments
            .iter()
            .find(|i| i.id == w.instrument_id)
            .and_then(|i| i.dimension(&w.dimension_code));
        let mode = DimensionMode::from_code(w.mode.trim());
        match (known, mode) {
            (Some(d), Some(mode)) if (0..=WEIGHT_MAX).contains(&w.weight) => {
                if !out
                    .iter()
                    .any(|o| o.instrument_id == w.instrument_id && o.dimension_code == d.code)
                {
                    out.push(DimensionWeight {
                        instrument_id: w.instrument_id.clone(),
                        dimension_code: d.code.clone(),
                        weight: w.weight,
                        mode,
                    });
                }
            }
            (Some(_), Some(_)) => e.add_with(
                &field,
                "assessment.error.weight_range",
                &[("max", &WEIGHT_MAX.to_string())],
            ),
            _ => e.add(&field, "assessment.error.dimension_unknown"),
        }
    }
    e.into_result()?;
    let change = audited(
        ctx,
        Some(actor),
        "assessment.weights",
        programme.to_string(),
        format!("weighted={}", out.iter().filter(|w| w.weight > 0).count()),
    );
    change
        .store
        .save_assessment_weights(programme, &out)
        .await?;
    change.done()?;
    Ok(out)
}

/// What participants are told before they apply: each use the programme switched on, with its
/// basis and justification. Anyone in the scheme may read it.
#[derive(Clone, Debug, Serialize)]
pub struct UseNotice {
    pub kind: UseKind,
    pub art6: String,
    pub art9: Option<String>,
    pub justification: String,
}

pub async fn notice(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<Vec<UseNotice>> {
    programmes::get(ctx, actor, programme).await?;
    let mut out = Vec::new();
    for kind in UseKind::ALL {
        if let Some(u) = ctx.store.matching_use(programme, kind).await?
            && u.enabled
        {
            out.push(UseNotice {
                kind,
                art6: u.art6.code().to_owned(),
                art9: u.art9.map(|c| c.code().to_owned()),
                justification: u.justification,
            });
        }
    }
    Ok(out)
}

// ----- scores --------------------------------------------------------------------------------

/// One person's scores on the programme's instruments (coordinators' view).
#[derive(Clone, Debug, Serialize)]
pub struct PersonScores {
    pub person_id: PersonId,
    pub name: String,
    /// (instrument id, dimension code, score).
    pub scores: Vec<(String, String, i64)>,
}

/// The scores held on the programme's instruments, per person (by name).
pub async fn scores(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<Vec<PersonScores>> {
    coordinated(ctx, actor, programme).await?;
    let rows = ctx.store.programme_scores(programme).await?;
    let names: HashMap<PersonId, String> = ctx
        .store
        .all_people(actor.scheme_id)
        .await?
        .into_iter()
        .map(|r| {
            let name = format!("{} {}", r.person.given_name, r.person.family_name);
            (r.person.id, name.trim().to_owned())
        })
        .collect();
    let mut out: Vec<PersonScores> = Vec::new();
    for s in rows {
        if out.last().is_none_or(|p| p.person_id != s.person_id) {
            out.push(PersonScores {
                person_id: s.person_id,
                name: names.get(&s.person_id).cloned().unwrap_or_default(),
                scores: Vec::new(),
            });
        }
        if let Some(p) = out.last_mut() {
            p.scores.push((s.instrument_id, s.dimension_code, s.score));
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.person_id.cmp(&b.person_id)));
    Ok(out)
}

/// One problem with one row of a scores file: the spreadsheet row, the column, and a
/// translation key (the value itself is never repeated: it may be personal data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub line: usize,
    pub column: &'static str,
    pub message: &'static str,
}

/// A scores file as read: its valid rows' count and every problem. When `problems` is empty
/// the file waits under `pending` for its confirmation.
#[derive(Clone, Debug, Serialize)]
pub struct ScoresPreview {
    pub programme_id: ProgrammeId,
    pub rows: usize,
    pub people: usize,
    pub problems: Vec<RowProblem>,
    pub pending: Option<String>,
}

impl ScoresPreview {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty() && self.rows > 0
    }
}

/// What a confirmed import wrote.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ScoresImported {
    pub scores: usize,
    pub people: usize,
}

/// The canonical column of a heading (English or Dutch, any case, spaces, dashes and
/// underscores ignored).
fn column(heading: &str) -> Option<&'static str> {
    let h: String = heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match h.as_str() {
        "email" | "emailaddress" | "emailadres" | "mail" => Some("email"),
        "instrument" | "test" | "assessment" => Some("instrument"),
        "dimension" | "dimensie" | "scale" | "schaal" => Some("dimension"),
        "score" | "value" | "waarde" => Some("score"),
        _ => None,
    }
}

/// Reads and checks a file against the programme's instruments and the scheme's people.
async fn read(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    bytes: &[u8],
    format: Format,
) -> AppResult<(Vec<ScoreRow>, Vec<RowProblem>)> {
    let sheet =
        tandem_people_io::read_sheet(bytes, format).map_err(|e| crate::import::file_error(&e))?;
    let cols: Vec<Option<&'static str>> = sheet.headings.iter().map(|h| column(h)).collect();
    let mut missing = ValidationErrors::new();
    for c in ["email", "instrument", "dimension", "score"] {
        if !cols.contains(&Some(c)) {
            missing.add_with("file", "assessment.error.column_missing", &[("column", c)]);
        }
    }
    missing.into_result()?;
    let at = |row: &[String], c: &str| -> String {
        cols.iter()
            .position(|x| *x == Some(c))
            .and_then(|k| row.get(k))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let instruments = ctx.store.instruments(programme).await?;
    let people: HashMap<String, PersonId> = ctx
        .store
        .all_people(actor.scheme_id)
        .await?
        .into_iter()
        .map(|r| (r.person.email.to_lowercase(), r.person.id))
        .collect();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeSet<(PersonId, String, String)> = BTreeSet::new();
    for (line, cells) in &sheet.rows {
        let line = *line;
        let mut bad = |column, message| {
            problems.push(RowProblem {
                line,
                column,
                message,
            })
        };
        let person = people.get(&at(cells, "email").to_lowercase()).copied();
        if person.is_none() {
            bad("email", "assessment.import.unknown_person");
        }
        let name = at(cells, "instrument").to_lowercase();
        let instrument = instruments.iter().find(|i| i.name.to_lowercase() == name);
        let dimension = instrument.and_then(|i| i.dimension(&at(cells, "dimension")));
        match (instrument, dimension) {
            (None, _) => bad("instrument", "assessment.import.unknown_instrument"),
            (Some(_), None) => bad("dimension", "assessment.import.unknown_dimension"),
            _ => {}
        }
        let score = at(cells, "score").replace(',', ".");
        let value = score.parse::<i64>().ok().or_else(|| {
            score
                .parse::<f64>()
                .ok()
                .filter(|f| f.fract() == 0.0)
                .map(|f| f as i64)
        });
        match (value, instrument) {
            (None, _) => bad("score", "assessment.import.score_not_whole"),
            (Some(v), Some(i)) if !i.in_range(v) => bad("score", "assessment.import.score_range"),
            _ => {}
        }
        if let (Some(p), Some(i), Some(d), Some(v)) = (person, instrument, dimension, value)
            && i.in_range(v)
        {
            if !seen.insert((p, i.id.clone(), d.code.clone())) {
                bad("dimension", "assessment.import.duplicate");
                continue;
            }
            rows.push(ScoreRow {
                person_id: p,
                instrument_id: i.id.clone(),
                dimension_code: d.code.clone(),
                score: v,
            });
        }
    }
    if sheet.rows.is_empty() {
        problems.push(RowProblem {
            line: 1,
            column: "file",
            message: "assessment.import.empty",
        });
    }
    Ok((rows, problems))
}

/// A valid file waiting for confirmation.
#[derive(Serialize, Deserialize)]
struct Pending {
    /// Marks what kind of preview this is (previews of all kinds share one table).
    assessment_scores: ProgrammeId,
    rows: Vec<ScoreRow>,
}

/// Reads and checks a scores file. Nothing is written to the scores; a valid file waits (as the
/// uploader's one pending preview) for [`confirm_import`].
pub async fn preview_import(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    bytes: &[u8],
    format: Format,
) -> AppResult<ScoresPreview> {
    coordinated(ctx, actor, programme).await?;
    let (rows, problems) = read(ctx, actor, programme, bytes, format).await?;
    let people: BTreeSet<PersonId> = rows.iter().map(|r| r.person_id).collect();
    let mut preview = ScoresPreview {
        programme_id: programme,
        rows: rows.len(),
        people: people.len(),
        problems,
        pending: None,
    };
    if preview.is_valid() {
        let id = random_token();
        let json = serde_json::to_string(&Pending {
            assessment_scores: programme,
            rows,
        })
        .map_err(AppError::internal)?;
        let now = ctx.now();
        ctx.store
            .keep_import_preview(
                &token_hash(&id),
                actor.person_id,
                now,
                now + chrono::Duration::minutes(PENDING_MINUTES),
                &json,
            )
            .await?;
        preview.pending = Some(id);
    }
    Ok(preview)
}

/// Writes a previewed file's scores, all or none. An expired, unknown or someone else's preview
/// is refused ("upload again").
pub async fn confirm_import(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    id: &str,
) -> AppResult<ScoresImported> {
    coordinated(ctx, actor, programme).await?;
    let json = ctx
        .store
        .take_import_preview(&token_hash(id.trim()), actor.person_id, ctx.now())
        .await?;
    let pending: Pending = json
        .and_then(|j| serde_json::from_str::<Pending>(&j).ok())
        .filter(|p| p.assessment_scores == programme)
        .ok_or_else(|| AppError::field("file", "assessment.import.expired"))?;
    write(ctx, actor, programme, pending.rows).await
}

/// Reads, checks and (when every row is valid) writes a file in one step: the command line's
/// and the API's import. With problems, nothing is written and the preview lists them.
pub async fn import_now(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    bytes: &[u8],
    format: Format,
) -> AppResult<(ScoresPreview, Option<ScoresImported>)> {
    coordinated(ctx, actor, programme).await?;
    let (rows, problems) = read(ctx, actor, programme, bytes, format).await?;
    let people: BTreeSet<PersonId> = rows.iter().map(|r| r.person_id).collect();
    let preview = ScoresPreview {
        programme_id: programme,
        rows: rows.len(),
        people: people.len(),
        problems,
        pending: None,
    };
    if !preview.is_valid() {
        return Ok((preview, None));
    }
    let done = write(ctx, actor, programme, rows).await?;
    Ok((preview, Some(done)))
}

async fn write(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    rows: Vec<ScoreRow>,
) -> AppResult<ScoresImported> {
    // The instruments may have changed since the preview: every row must still fit.
    let instruments = ctx.store.instruments(programme).await?;
    let fits = rows.iter().all(|r| {
        instruments.iter().any(|i| {
            i.id == r.instrument_id
                && i.in_range(r.score)
                && i.dimension(&r.dimension_code).is_some()
        })
    });
    if !fits {
        return Err(AppError::field("file", "assessment.import.expired"));
    }
    let people: BTreeSet<PersonId> = rows.iter().map(|r| r.person_id).collect();
    let done = ScoresImported {
        scores: rows.len(),
        people: people.len(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "assessment.import",
        programme.to_string(),
        format!("scores={} people={}", done.scores, done.people),
    );
    change
        .store
        .save_scores(&rows, actor.person_id, ctx.now())
        .await?;
    change.done()?;
    Ok(done)
}

// ----- equality data -------------------------------------------------------------------------

/// The equality data the actor gave, if any.
pub async fn equality(ctx: &Context, actor: &Actor) -> AppResult<Option<EqualityData>> {
    authorise(
        actor,
        Action::EditEqualityData {
            person: actor.person_id,
        },
    )?;
    Ok(ctx.store.equality_data(actor.person_id).await?)
}

/// Saves the actor's own equality data (every part optional; "prefer not to say" allowed).
pub async fn set_equality(
    ctx: &Context,
    actor: &Actor,
    input: EqualityInput,
) -> AppResult<EqualityData> {
    authorise(
        actor,
        Action::EditEqualityData {
            person: actor.person_id,
        },
    )?;
    let (languages, background) = input.validate()?;
    let data = EqualityData {
        person_id: actor.person_id,
        languages,
        background,
        updated_at: ctx.now(),
    };
    let change = audited(
        ctx,
        Some(actor),
        "assessment.equality_data",
        actor.person_id.to_string(),
        String::new(),
    );
    change.store.save_equality_data(&data).await?;
    change.done()?;
    Ok(data)
}

/// Removes the actor's equality data.
pub async fn clear_equality(ctx: &Context, actor: &Actor) -> AppResult<()> {
    authorise(
        actor,
        Action::EditEqualityData {
            person: actor.person_id,
        },
    )?;
    let change = audited(
        ctx,
        Some(actor),
        "assessment.equality_cleared",
        actor.person_id.to_string(),
        String::new(),
    );
    change.store.delete_equality_data(actor.person_id).await?;
    change.done()
}
