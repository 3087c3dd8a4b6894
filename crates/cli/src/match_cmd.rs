//! `tandem match assign|stable|groups`: the matching engine on files (`docs/matching.md`).
//!
//! Every input is read and validated before anything is solved or written, so bad input exits
//! with status 2, a message naming the file, the line and the problem, and no output file. The
//! result file is written to a temporary file in the target directory and renamed into place, so
//! a reader never sees half a file and an interrupted run leaves the old file intact. Stdout gets
//! exactly one JSON object; progress goes to stderr.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{ArgGroup, Args, Subcommand};
use serde_json::{Value, json};
use tandem_matching::assign::{self, DenseProblem, SparseProblem};
use tandem_matching::files::{self, FileError};
use tandem_matching::groups::{
    self, CategoricalProblem, DistanceProblem, GroupError, SearchOptions, SizeBounds,
};
use tandem_matching::stable;

/// The three matching problems.
#[derive(Subcommand)]
pub enum MatchCommand {
    /// Exact many-to-one assignment with capacities: most mentees assigned, then least shortfall
    /// below the mentors' minimums, then highest score.
    Assign(AssignArgs),
    /// Mentee-optimal stable matching from ranked preferences (mentees propose).
    Stable(StableArgs),
    /// Partition people into diverse sets within size bounds.
    Groups(GroupsArgs),
}

/// Options every subcommand accepts.
#[derive(Args)]
pub struct Common {
    /// Seed for every tie-break and randomised step.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Wall-clock limit for heuristic searches (groups); ignored by exact solvers.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    time_limit: Option<f64>,
}

/// `tandem match assign`.
#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["mentees", "matrix"])))]
pub struct AssignArgs {
    /// Mentees (`id`).
    #[arg(long, value_name = "CSV", requires_all = ["mentors", "arcs"])]
    mentees: Option<PathBuf>,
    /// Mentors (`id,capacity`, optionally `min_capacity`).
    #[arg(long, value_name = "CSV", requires = "mentees")]
    mentors: Option<PathBuf>,
    /// Allowed pairs (`mentee,mentor,score`); absent pairs are forbidden.
    #[arg(long, value_name = "CSV", requires = "mentees")]
    arcs: Option<PathBuf>,
    /// Dense one-to-one scores: `n m`, then n lines of m integers or `x`.
    #[arg(long, value_name = "TXT", conflicts_with_all = ["mentees", "mentors", "arcs"])]
    matrix: Option<PathBuf>,
    /// Result: `mentee,mentor` for every mentee.
    #[arg(long, value_name = "CSV")]
    out: PathBuf,
    #[command(flatten)]
    common: Common,
}

/// `tandem match stable`.
#[derive(Args)]
pub struct StableArgs {
    /// Mentors (`id,capacity`).
    #[arg(long, value_name = "CSV")]
    mentors: PathBuf,
    /// Mentees' rankings (`mentee,mentor,rank`), rank 1 first.
    #[arg(long, value_name = "CSV")]
    mentee_prefs: PathBuf,
    /// Mentors' rankings (`mentor,mentee,rank`), rank 1 first.
    #[arg(long, value_name = "CSV")]
    mentor_prefs: PathBuf,
    /// Result: `mentee,mentor` for every mentee.
    #[arg(long, value_name = "CSV")]
    out: PathBuf,
    #[command(flatten)]
    common: Common,
}

/// `tandem match groups`.
#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["people", "distances"])))]
pub struct GroupsArgs {
    /// People (`id` plus categorical attribute columns).
    #[arg(long, value_name = "CSV", requires_all = ["size_min", "size_max"])]
    people: Option<PathBuf>,
    /// Smallest set size.
    #[arg(long, value_name = "N", requires = "people")]
    size_min: Option<u32>,
    /// Largest set size.
    #[arg(long, value_name = "N", requires = "people")]
    size_max: Option<u32>,
    /// Number of sets (default: the fewest the size bounds allow).
    #[arg(long, value_name = "G", requires = "people")]
    groups: Option<usize>,
    /// Pairs who must not share a set (`a,b`).
    #[arg(long, value_name = "CSV", requires = "people")]
    apart: Option<PathBuf>,
    /// Attribute weights, e.g. `organisation=3,profession=2` (default 1 each).
    #[arg(long, value_name = "NAME=W,...", requires = "people")]
    weights: Option<String>,
    /// An MDGPLIB distance instance instead of people.
    #[arg(long, value_name = "TXT", conflicts_with = "people")]
    distances: Option<PathBuf>,
    /// Result: `id,group` (0-based) for every person.
    #[arg(long, value_name = "CSV")]
    out: PathBuf,
    #[command(flatten)]
    common: Common,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 1e7 => Ok(v),
        _ => Err(format!("'{s}' is not a positive number of seconds")),
    }
}

/// Default heuristic time limit when `--time-limit` is not given.
const DEFAULT_TIME_LIMIT: f64 = 10.0;

/// Why a run failed: bad input (status 2) or anything else (status 1).
enum Failure {
    Input(String),
    Other(anyhow::Error),
}

impl From<FileError> for Failure {
    fn from(e: FileError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// Run one `tandem match` subcommand and map the outcome to the exit status.
pub fn run(cmd: MatchCommand) -> ExitCode {
    let (name, result) = match cmd {
        MatchCommand::Assign(a) => ("assign", run_assign(&a)),
        MatchCommand::Stable(a) => ("stable", run_stable(&a)),
        MatchCommand::Groups(a) => ("groups", run_groups(&a)),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(Failure::Input(msg)) => {
            eprintln!("tandem match {name}: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Other(e)) => {
            eprintln!("tandem match {name}: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Open an input file; a missing or unreadable file is bad input.
fn open(path: &Path) -> Result<File, Failure> {
    File::open(path).map_err(|e| Failure::Input(format!("{}: cannot open: {e}", path.display())))
}

fn name(path: &Path) -> String {
    path.display().to_string()
}

/// Refuse early (before any solving) an output whose directory does not exist.
fn check_out(out: &Path) -> Result<(), Failure> {
    let dir = out_dir(out);
    if !dir.is_dir() {
        return Err(Failure::Input(format!(
            "--out {}: the directory {} does not exist",
            out.display(),
            dir.display()
        )));
    }
    if out.is_dir() {
        return Err(Failure::Input(format!(
            "--out {}: is a directory",
            out.display()
        )));
    }
    Ok(())
}

fn out_dir(out: &Path) -> &Path {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Write through a temporary file in the same directory, then rename over `out`.
fn write_atomically(
    out: &Path,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".tandem-")
        .suffix(".tmp")
        .tempfile_in(out_dir(out))
        .with_context(|| format!("cannot create a temporary file next to {}", out.display()))?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w).with_context(|| format!("cannot write {}", out.display()))?;
        w.flush()
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", out.display()))?;
    tmp.persist(out)
        .with_context(|| format!("cannot move the result into {}", out.display()))?;
    Ok(())
}

/// Exact score as a JSON number (an `i64` when it fits, which it does for any realistic input).
fn score_json(x: i128) -> Value {
    i64::try_from(x).map_or_else(|_| json!(x as f64), |v| json!(v))
}

fn run_assign(a: &AssignArgs) -> Result<Value, Failure> {
    check_out(&a.out)?;
    if let Some(matrix) = &a.matrix {
        let scores = files::read_dense_scores(open(matrix)?, &name(matrix))?;
        eprintln!(
            "tandem match assign: {} x {} dense scores, solving exactly",
            scores.rows, scores.cols
        );
        let problem = DenseProblem {
            rows: scores.rows,
            cols: scores.cols,
            scores: scores.scores,
        };
        let t = Instant::now();
        let result = assign::solve_dense(&problem).map_err(|e| assign_failure(matrix, e))?;
        let secs = t.elapsed().as_secs_f64();
        let rows: Vec<String> = (0..problem.rows).map(|i| i.to_string()).collect();
        let cols: Vec<String> = (0..problem.cols).map(|j| j.to_string()).collect();
        write_atomically(&a.out, |w| {
            files::write_matches(w, &rows, &cols, &result.mentor_of)
        })?;
        return Ok(json!({
            "assigned": result.assigned,
            "unassigned": problem.rows - result.assigned,
            "total_score": score_json(result.total_score),
            "shortfall": 0,
            "mentors_below_min": [],
            "optimal": result.optimal,
            "mentees": problem.rows,
            "mentors": problem.cols,
            "solve_seconds": secs,
            "out": a.out.display().to_string(),
        }));
    }
    let (Some(mentees), Some(mentors), Some(arcs)) = (&a.mentees, &a.mentors, &a.arcs) else {
        return Err(Failure::Input(
            "give either --matrix, or all of --mentees, --mentors and --arcs".into(),
        ));
    };
    let mentee_ids = files::read_ids(open(mentees)?, &name(mentees))?;
    let mentor_list = files::read_mentors(open(mentors)?, &name(mentors))?;
    let arc_rows = files::read_arcs(open(arcs)?, &name(arcs), &mentee_ids, &mentor_list.ids)?;
    eprintln!(
        "tandem match assign: {} mentees, {} mentors, {} allowed pairs, solving exactly",
        mentee_ids.len(),
        mentor_list.ids.len(),
        arc_rows.len()
    );
    let problem = SparseProblem {
        mentees: mentee_ids.len(),
        capacities: mentor_list.capacities,
        arcs: arc_rows,
    };
    let t = Instant::now();
    // Without a `min_capacity` column (or with all zeros) this is exactly `solve_sparse`.
    let solved = assign::solve_sparse_min_loads(&problem, &mentor_list.min_capacities)
        .map_err(|e| assign_failure(arcs, e))?;
    let secs = t.elapsed().as_secs_f64();
    let below: Vec<Value> = solved
        .below_min
        .iter()
        .map(|b| json!({"id": mentor_list.ids.id(b.mentor as usize), "load": b.load, "min": b.min}))
        .collect();
    let result = solved.assignment;
    write_atomically(&a.out, |w| {
        files::write_matches(
            w,
            mentee_ids.as_slice(),
            mentor_list.ids.as_slice(),
            &result.mentor_of,
        )
    })?;
    Ok(json!({
        "assigned": result.assigned,
        "unassigned": problem.mentees - result.assigned,
        "total_score": score_json(result.total_score),
        "shortfall": solved.shortfall,
        "mentors_below_min": below,
        "optimal": result.optimal,
        "mentees": problem.mentees,
        "mentors": problem.capacities.len(),
        "arcs": problem.arcs.len(),
        "solve_seconds": secs,
        "out": a.out.display().to_string(),
    }))
}

/// Input the readers accept but the engine rejects is still bad input; a rejected certificate
/// is an engine fault.
fn assign_failure(file: &Path, e: assign::AssignError) -> Failure {
    match e {
        assign::AssignError::Internal(_) => Failure::Other(anyhow::Error::new(e)),
        other => Failure::Input(format!("{}: {other}", file.display())),
    }
}

fn run_stable(a: &StableArgs) -> Result<Value, Failure> {
    check_out(&a.out)?;
    let mentors = files::read_mentors(open(&a.mentors)?, &name(&a.mentors))?;
    let input = files::read_stable(
        &mentors,
        open(&a.mentee_prefs)?,
        &name(&a.mentee_prefs),
        open(&a.mentor_prefs)?,
        &name(&a.mentor_prefs),
    )?;
    eprintln!(
        "tandem match stable: {} mentees, {} mentors, {} ranked choices",
        input.mentees.len(),
        input.mentors.len(),
        input.problem.mentee_prefs().total_len()
    );
    let t = Instant::now();
    let result = stable::mentee_optimal(&input.problem);
    let secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let blocking =
        stable::count_blocking_pairs(&input.problem, &result.mentor_of).map_err(|e| {
            Failure::Other(anyhow::anyhow!(
                "the engine produced an invalid matching: {e}"
            ))
        })?;
    let verify_secs = t.elapsed().as_secs_f64();
    write_atomically(&a.out, |w| {
        files::write_matches(
            w,
            input.mentees.as_slice(),
            input.mentors.as_slice(),
            &result.mentor_of,
        )
    })?;
    Ok(json!({
        "assigned": result.assigned,
        "unassigned": input.mentees.len() - result.assigned,
        "blocking_pairs": blocking,
        "mentees": input.mentees.len(),
        "mentors": input.mentors.len(),
        "proposals": result.proposals,
        "solve_seconds": secs,
        "verify_seconds": verify_secs,
        "out": a.out.display().to_string(),
    }))
}

fn options(common: &Common) -> SearchOptions {
    SearchOptions {
        seed: common.seed,
        time_limit: Duration::from_secs_f64(common.time_limit.unwrap_or(DEFAULT_TIME_LIMIT)),
        ..SearchOptions::default()
    }
}

/// Apply `--weights name=w,...` to the attribute columns (names matched case-insensitively).
fn apply_weights(
    spec: &str,
    people_file: &Path,
    attrs: &mut [groups::Attribute],
) -> Result<(), Failure> {
    let mut seen = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            return Err(Failure::Input(format!(
                "--weights: '{part}' is not of the form name=weight"
            )));
        };
        let key = key.trim();
        let weight: i64 = value
            .trim()
            .parse()
            .ok()
            .filter(|w| (0..=groups::MAX_WEIGHT).contains(w))
            .ok_or_else(|| {
                Failure::Input(format!(
                    "--weights: weight '{}' for '{key}' is not an integer between 0 and {}",
                    value.trim(),
                    groups::MAX_WEIGHT
                ))
            })?;
        let Some(attr) = attrs.iter_mut().find(|a| a.name.eq_ignore_ascii_case(key)) else {
            let columns: Vec<&str> = attrs.iter().map(|a| a.name.as_str()).collect();
            return Err(Failure::Input(format!(
                "--weights: {} has no column '{key}' (attribute columns: {})",
                people_file.display(),
                columns.join(", ")
            )));
        };
        if seen.iter().any(|s: &String| s.eq_ignore_ascii_case(key)) {
            return Err(Failure::Input(format!("--weights: '{key}' is given twice")));
        }
        seen.push(key.to_string());
        attr.weight = weight;
    }
    Ok(())
}

fn run_groups(a: &GroupsArgs) -> Result<Value, Failure> {
    check_out(&a.out)?;
    let opts = options(&a.common);
    if let Some(path) = &a.distances {
        let inst = files::read_mdgp(open(path)?, &name(path))?;
        let problem = DistanceProblem::from_pairs(inst.people, &inst.pairs)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        eprintln!(
            "tandem match groups: {} elements, {} groups ({}), searching for up to {:.1} s",
            inst.people,
            inst.sizes.groups(),
            if inst.equal_sizes { "ss" } else { "ds" },
            opts.time_limit.as_secs_f64()
        );
        let t = Instant::now();
        let r = groups::solve_distances(&problem, &inst.sizes, &opts)
            .map_err(|e| group_failure(path, None, e))?;
        let secs = t.elapsed().as_secs_f64();
        let ids: Vec<String> = (0..inst.people).map(|i| i.to_string()).collect();
        write_atomically(&a.out, |w| files::write_groups(w, &ids, &r.group_of))?;
        let gap = r.upper_bound.map(|ub| gap(ub, r.objective));
        return Ok(json!({
            "groups": r.groups,
            "objective": r.objective,
            "upper_bound": r.upper_bound,
            "gap": gap,
            "optimal": r.optimal,
            "people": inst.people,
            "stopped": r.stopped.as_str(),
            "evaluations": r.evaluations,
            "rounds": r.rounds,
            "exact_nodes": r.exact_nodes,
            "seed": opts.seed,
            "solve_seconds": secs,
            "out": a.out.display().to_string(),
        }));
    }
    let (Some(path), Some(min), Some(max)) = (&a.people, a.size_min, a.size_max) else {
        return Err(Failure::Input(
            "give either --distances, or --people with --size-min and --size-max".into(),
        ));
    };
    let mut people = files::read_people(open(path)?, &name(path))?;
    if let Some(spec) = &a.weights {
        apply_weights(spec, path, &mut people.attributes)?;
    }
    let apart = match &a.apart {
        Some(ap) => files::read_apart(open(ap)?, &name(ap), &people.ids)?,
        None => Vec::new(),
    };
    let n = people.ids.len();
    let sizes = SizeBounds::for_people(n, min, max, a.groups).map_err(|e| {
        Failure::Input(format!(
            "{}: {e} (--size-min {min} --size-max {max}{})",
            path.display(),
            a.groups
                .map(|g| format!(" --groups {g}"))
                .unwrap_or_default()
        ))
    })?;
    let problem = CategoricalProblem::new(n, people.attributes, apart)
        .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    eprintln!(
        "tandem match groups: {n} people, {} sets of {min} to {max}, {} attributes, {} apart pairs, searching for up to {:.1} s",
        sizes.groups(),
        problem.attributes().len(),
        problem.apart().len(),
        opts.time_limit.as_secs_f64()
    );
    let t = Instant::now();
    let r = groups::solve_categorical(&problem, &sizes, &opts)
        .map_err(|e| group_failure(path, a.apart.as_deref(), e))?;
    let secs = t.elapsed().as_secs_f64();
    write_atomically(&a.out, |w| {
        files::write_groups(w, people.ids.as_slice(), &r.group_of)
    })?;
    let weights: serde_json::Map<String, Value> = problem
        .attributes()
        .iter()
        .map(|at| (at.name.clone(), json!(at.weight)))
        .collect();
    Ok(json!({
        "groups": r.groups,
        "objective": r.objective,
        "upper_bound": r.upper_bound,
        "gap": r.upper_bound.map(|ub| gap(ub as f64, r.objective as f64)),
        "optimal": r.optimal,
        "people": n,
        "size_min": min,
        "size_max": max,
        "weights": weights,
        "apart_pairs": problem.apart().len(),
        "stopped": r.stopped.as_str(),
        "evaluations": r.evaluations,
        "rounds": r.rounds,
        "exact_nodes": r.exact_nodes,
        "seed": opts.seed,
        "solve_seconds": secs,
        "out": a.out.display().to_string(),
    }))
}

/// Relative gap to the bound, `(bound − objective) / |bound|` (0 when the bound is 0).
fn gap(ub: f64, objective: f64) -> f64 {
    if ub == 0.0 {
        0.0
    } else {
        ((ub - objective) / ub.abs()).max(0.0)
    }
}

/// Constraint conflicts are bad input, named after the file that causes them.
fn group_failure(people: &Path, apart: Option<&Path>, e: GroupError) -> Failure {
    match e {
        GroupError::ApartInfeasible | GroupError::ApartUnresolved { .. } => {
            Failure::Input(format!("{}: {e}", apart.unwrap_or(people).display()))
        }
        other => Failure::Input(format!("{}: {other}", people.display())),
    }
}
