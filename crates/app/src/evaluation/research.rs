//! The anonymised research export: a zip of the programme's answers and scores from respondents
//! who agreed to research use, with a codebook.
//!
//! What makes it anonymous, and unlinkable between two exports:
//! - only responses whose respondent ticked research consent when answering;
//! - the pseudonymous respondent key is replaced by an export-local number (`P0001`, …) given in
//!   a random order drawn afresh for every export, so the same person has unrelated numbers in
//!   two exports and a number says nothing about the key;
//! - months only (no dates), intakes by name, roles as codes;
//! - an organisation with fewer respondents in the export than the scheme's threshold is
//!   collapsed into "other";
//! - free text only where the respondent chose to share it.

use super::localise::figure_free;
use crate::export::Export;
use crate::{AppError, AppResult, Context, audit_event, authorise_or_hide};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use tandem_domain::survey::{QuestionKind, Survey};
use tandem_domain::{Action, Actor, ProgrammeId};
use tandem_storage::StoreError;

/// What the codebook says the consent was.
const CONSENT_BASIS: &str = "Respondents ticked, when answering, that their answers may be used \
     for research (survey_responses.research_consent); responses without it are not exported.";

fn csv_line(out: &mut String, cells: &[&str]) {
    let line: Vec<String> = cells
        .iter()
        .map(|c| {
            let c = if c.starts_with(['=', '+', '-', '@']) && c.parse::<f64>().is_err() {
                format!("'{c}")
            } else {
                (*c).to_owned()
            };
            format!("\"{}\"", c.replace('"', "\"\""))
        })
        .collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// A random permutation of 0..n (Fisher–Yates on the operating system's randomness).
fn shuffled(n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).expect("the operating system's random number generator failed");
        let j = (u64::from_le_bytes(b) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

/// The research export of one programme (its evaluators and the scheme coordinator; not an
/// organisation's slice). Audited: who, which programme, how many rows; no contents.
pub async fn research_export(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
) -> AppResult<Export> {
    let p = match ctx.store.get_programme(programme).await {
        Ok(p) if p.scheme_id == actor.scheme_id => p,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    authorise_or_hide(
        actor,
        Action::ViewEvaluation {
            programme,
            organisation: None,
        },
    )?;
    let (rule, reason) = super::rule_of(ctx, actor).await?;
    let rows = ctx.store.research_responses(programme).await?;
    let surveys: Vec<Survey> = ctx.store.surveys_of_programme(programme).await?;
    let intakes: HashMap<_, _> = ctx
        .store
        .list_intakes(programme)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let orgs: HashMap<_, _> = ctx
        .store
        .list_organisations(actor.scheme_id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();

    // Export-local participant numbers, in a fresh random order.
    let mut keys: Vec<&str> = rows.iter().map(|r| r.respondent.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let order = shuffled(keys.len());
    let number: HashMap<&str, String> = keys
        .iter()
        .zip(order)
        .map(|(k, i)| (*k, format!("P{:04}", i + 1)))
        .collect();
    // Organisations with fewer respondents than the threshold become "other".
    let mut per_org: BTreeMap<Option<tandem_domain::OrganisationId>, Vec<&str>> = BTreeMap::new();
    for r in &rows {
        per_org
            .entry(r.organisation_id)
            .or_default()
            .push(&r.respondent);
    }
    let shown_org = |o: Option<tandem_domain::OrganisationId>| -> String {
        let mut people = per_org.get(&o).cloned().unwrap_or_default();
        people.sort_unstable();
        people.dedup();
        match o.and_then(|o| orgs.get(&o)) {
            Some(name) if people.len() as u64 >= u64::from(rule.threshold) => name.clone(),
            _ => "other".into(),
        }
    };
    let free_text: Vec<(String, String)> = surveys
        .iter()
        .flat_map(|s| {
            s.questions()
                .into_iter()
                .filter(|q| matches!(q.kind, QuestionKind::FreeText))
                .map(|q| (s.id.to_string(), q.key))
                .collect::<Vec<_>>()
        })
        .collect();

    let mut answers = String::from("\u{feff}");
    csv_line(
        &mut answers,
        &[
            "participant",
            "intake",
            "organisation",
            "wave",
            "role",
            "month",
            "survey",
            "item",
            "number",
            "text",
        ],
    );
    let mut scores = String::from("\u{feff}");
    csv_line(
        &mut scores,
        &[
            "participant",
            "intake",
            "organisation",
            "wave",
            "role",
            "month",
            "scale",
            "score",
        ],
    );
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut score_lines: Vec<(String, String)> = Vec::new();
    for r in &rows {
        let who = number[r.respondent.as_str()].clone();
        let intake = intakes.get(&r.intake_id).cloned().unwrap_or_default();
        let org = shown_org(r.organisation_id);
        let survey_no = surveys
            .iter()
            .position(|s| s.id.to_string() == r.survey_id)
            .map_or(String::new(), |i| format!("S{}", i + 1));
        for (item, num, text) in &r.answers {
            let is_free = free_text
                .iter()
                .any(|(s, k)| *s == r.survey_id && k == item);
            let text = match text {
                Some(_) if is_free && !r.share_free_text => "",
                Some(t) => t.as_str(),
                None => "",
            };
            let num = num.map(figure_free).unwrap_or_default();
            let mut line = String::new();
            csv_line(
                &mut line,
                &[
                    &who,
                    &intake,
                    &org,
                    r.wave.code(),
                    &r.role,
                    &r.submitted_month,
                    &survey_no,
                    item,
                    &num,
                    text,
                ],
            );
            lines.push((who.clone(), line));
        }
        for (scale, score) in &r.scores {
            let mut line = String::new();
            csv_line(
                &mut line,
                &[
                    &who,
                    &intake,
                    &org,
                    r.wave.code(),
                    &r.role,
                    &r.submitted_month,
                    scale,
                    &figure_free(*score),
                ],
            );
            score_lines.push((who.clone(), line));
        }
    }
    // Sorted by the new numbers, so the file's order reveals nothing of the keys either.
    lines.sort();
    score_lines.sort();
    for (_, l) in &lines {
        answers.push_str(l);
    }
    for (_, l) in &score_lines {
        scores.push_str(l);
    }
    let (codebook_csv, codebook_md) = codebook(&p.name, &surveys, &rule, &reason);

    let files = [
        ("answers.csv", answers.into_bytes()),
        ("scores.csv", scores.into_bytes()),
        ("codebook.csv", codebook_csv.into_bytes()),
        ("codebook.md", codebook_md.into_bytes()),
    ];
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, zip::result::ZipError> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in files {
            w.start_file(name, opts)?;
            w.write_all(&data)?;
        }
        Ok(w.finish()?.into_inner())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    audit_event(
        ctx,
        Some(actor),
        "evaluation.research_export",
        format!("programme:{programme}"),
        format!("responses={} participants={}", rows.len(), keys.len()),
    )
    .await?;
    let date = ctx.now().format("%Y-%m-%d");
    Ok(Export {
        bytes,
        content_type: "application/zip",
        file_name: format!("tandem-research-{date}.zip"),
    })
}

/// The codebook: every variable of the two data files, and every question and scale with its
/// labels, range and Kirkpatrick and Barr levels, the consent basis and the suppression rule.
fn codebook(
    programme: &str,
    surveys: &[Survey],
    rule: &tandem_stats::suppress::Rule,
    reason: &str,
) -> (String, String) {
    let mut csv = String::from("\u{feff}");
    csv_line(
        &mut csv,
        &[
            "variable",
            "label_en",
            "label_nl",
            "survey",
            "instrument",
            "range",
            "kirkpatrick",
            "barr",
        ],
    );
    let fixed = [
        (
            "participant",
            "Export-local participant number (differs in every export)",
            "Deelnemernummer van deze export (verschilt per export)",
        ),
        ("intake", "Intake (cohort)", "Instroom (cohort)"),
        (
            "organisation",
            "Organisation; 'other' when it has fewer respondents than the threshold",
            "Organisatie; 'other' bij minder respondenten dan de drempel",
        ),
        (
            "wave",
            "Survey wave: baseline, end, follow_up, session",
            "Meetmoment: baseline, end, follow_up, session",
        ),
        (
            "role",
            "Part in the programme: mentor, mentee, partner, member",
            "Rol in het programma: mentor, mentee, partner, member",
        ),
        (
            "month",
            "Month answered (YYYY-MM)",
            "Maand van antwoorden (JJJJ-MM)",
        ),
    ];
    for (v, en, nl) in fixed {
        csv_line(&mut csv, &[v, en, nl, "", "", "", "", ""]);
    }
    let mut md = format!(
        "# Codebook: research export of {programme}\n\n\
         Files: `answers.csv` (one row per answer), `scores.csv` (one row per scale score), \
         `codebook.csv` (this codebook as a table).\n\n\
         **Consent.** {CONSENT_BASIS}\n\n\
         **Anonymisation.** Participants are numbered afresh, in a random order, in every export: \
         two exports cannot be linked. Months only. Organisations with fewer than {} respondents \
         are shown as `other`. Free text only where the respondent chose to share it.\n\n\
         **Suppression rule of the scheme.** Threshold {}, rounding {}, statistics from {} \
         respondents{}.\n\n\
         | variable | label (en) | label (nl) | survey | instrument | range | Kirkpatrick | Barr |\n\
         |---|---|---|---|---|---|---|---|\n",
        rule.threshold,
        rule.threshold,
        rule.rounding,
        rule.min_for_statistics,
        if reason.trim().is_empty() {
            String::new()
        } else {
            format!(" (weakened: {})", reason.trim())
        }
    );
    for (v, en, nl) in fixed {
        md.push_str(&format!("| {v} | {en} | {nl} | | | | | |\n"));
    }
    for (i, s) in surveys.iter().enumerate() {
        let survey = format!("S{}", i + 1);
        let instrument_of = |key: &str| {
            s.instruments()
                .into_iter()
                .find(|c| {
                    tandem_domain::survey::instrument(*c)
                        .items
                        .iter()
                        .any(|q| q.key == key)
                })
                .map(|c| c.code().to_owned())
                .unwrap_or_default()
        };
        for q in s.questions() {
            let range = q
                .kind
                .range()
                .map(|(a, b)| format!("{}–{}", figure_free(a), figure_free(b)))
                .unwrap_or_else(|| q.kind.code().to_owned());
            let inst = instrument_of(&q.key);
            let k = q.kirkpatrick.number().to_string();
            csv_line(
                &mut csv,
                &[
                    &q.key,
                    &q.text.en,
                    &q.text.nl,
                    &survey,
                    &inst,
                    &range,
                    &k,
                    q.barr.code(),
                ],
            );
            md.push_str(&format!(
                "| {} | {} | {} | {survey} | {inst} | {range} | {k} | {} |\n",
                q.key,
                q.text.en.replace('|', "/"),
                q.text.nl.replace('|', "/"),
                q.barr.code()
            ));
        }
        for code in s.instruments() {
            let inst = tandem_domain::survey::instrument(code);
            let range = format!(
                "{}–{}",
                figure_free(inst.score_range.0),
                figure_free(inst.score_range.1)
            );
            let label = format!("Scale score: {}", inst.name.en);
            let label_nl = format!("Schaalscore: {}", inst.name.nl);
            csv_line(
                &mut csv,
                &[
                    inst.scale(),
                    &label,
                    &label_nl,
                    &survey,
                    inst.scale(),
                    &range,
                    "",
                    "",
                ],
            );
            md.push_str(&format!(
                "| {} | {label} | {label_nl} | {survey} | {} | {range} | | |\n",
                inst.scale(),
                inst.scale()
            ));
        }
    }
    (csv, md)
}
