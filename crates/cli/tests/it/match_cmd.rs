//! `tandem match` through the real binary: results, JSON on stdout, and every kind of bad input
//! (exit status 2, file and line named, nothing written).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn tandem(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .arg("match")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tandem");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).expect("write input");
    p
}

/// The single JSON object printed on stdout.
fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "stdout must be one JSON object: {}",
        run.stdout
    );
    serde_json::from_str(lines[0]).expect("valid JSON")
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .expect("result file")
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// Bad input: status 2, the message names the file (and the line when given), no output file.
fn rejected(run: &Run, dir: &Path, out: &str, file: &str, line: Option<u64>, words: &str) {
    assert_eq!(run.code, 2, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(file),
        "'{}' does not name {file}",
        run.stderr
    );
    if let Some(line) = line {
        assert!(
            run.stderr.contains(&format!("line {line}")),
            "'{}' lacks line {line}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains(words),
        "'{}' does not mention '{words}'",
        run.stderr
    );
    assert!(
        run.stdout.trim().is_empty(),
        "nothing on stdout on failure: {}",
        run.stdout
    );
    assert!(!dir.join(out).exists(), "{out} must not be written");
    let leftovers: Vec<_> = fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tandem-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

const MENTEES: &str = "id\ne1\ne2\ne3\n";
const MENTORS: &str = "id,capacity\nm1,1\nm2,1\n";
// Two places for three mentees: at most two are assigned. Assigning two: e1-m2 + e2-m1 scores
// 4 + 3 = 7, e1-m2 + e3-m1 scores 5 and e1-m1 leaves m2 only for e1, so the optimum is 7 with e3
// unassigned.
const ARCS: &str = "mentee,mentor,score\ne1,m1,5\ne1,m2,4\ne2,m1,3\ne3,m1,1\n";

fn assign_args(out: &str) -> Vec<&str> {
    vec![
        "assign",
        "--mentees",
        "mentees.csv",
        "--mentors",
        "mentors.csv",
        "--arcs",
        "arcs.csv",
        "--out",
        out,
    ]
}

#[test]
fn assign_sparse_lists_every_mentee_and_leaves_the_unassigned_empty() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "mentees.csv", MENTEES);
    write(d, "mentors.csv", MENTORS);
    write(d, "arcs.csv", ARCS);
    let run = tandem(d, &assign_args("matches.csv"));
    let v = json(&run);
    assert_eq!(v["assigned"], 2);
    assert_eq!(v["unassigned"], 1);
    assert_eq!(v["total_score"], 7);
    assert_eq!(v["optimal"], true);
    assert!(v["solve_seconds"].is_number());
    assert_eq!(
        rows(&d.join("matches.csv")),
        vec![
            vec!["mentee", "mentor"],
            vec!["e1", "m2"],
            vec!["e2", "m1"],
            vec!["e3", ""]
        ]
    );
}

/// Minimum loads: two mentors who each need two mentees get two each although one scores higher
/// with everyone; a third mentor who cannot reach their minimum is named with load and minimum.
#[test]
fn assign_with_min_capacity_spreads_mentees_and_names_those_below() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "mentees.csv", "id\ne1\ne2\ne3\ne4\ne5\n");
    write(
        d,
        "mentors.csv",
        "id,capacity,min_capacity\nm1,4,2\nm2,4,2\nm3,3,2\n",
    );
    let mut arcs = String::from("mentee,mentor,score\n");
    for e in ["e1", "e2", "e3", "e4"] {
        arcs.push_str(&format!("{e},m1,100\n{e},m2,1\n"));
    }
    arcs.push_str("e5,m3,7\n");
    write(d, "arcs.csv", &arcs);
    let run = tandem(d, &assign_args("matches.csv"));
    let v = json(&run);
    assert_eq!(v["assigned"], 5);
    assert_eq!(v["shortfall"], 1);
    assert_eq!(v["total_score"], 209);
    assert_eq!(v["optimal"], true);
    assert_eq!(
        v["mentors_below_min"],
        serde_json::json!([{"id": "m3", "load": 1, "min": 2}])
    );
    let per_mentor = |m: &str| {
        rows(&d.join("matches.csv"))
            .iter()
            .filter(|r| r[1] == m)
            .count()
    };
    assert_eq!((per_mentor("m1"), per_mentor("m2")), (2, 2));
    // Without the column: the plain optimum, nothing below a minimum.
    write(d, "mentors.csv", "id,capacity\nm1,4\nm2,4\nm3,3\n");
    let v = json(&tandem(d, &assign_args("plain.csv")));
    assert_eq!(v["total_score"], 407);
    assert_eq!(v["shortfall"], 0);
    assert_eq!(v["mentors_below_min"], serde_json::json!([]));
}

#[test]
fn assign_dense_matrix_uses_indices() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    // Row 0 may only take column 1. Giving row 1 its best column (9) would leave row 0
    // unassigned, and the count comes first: rows 0-1 and 1-0, total 2 + 4 = 6.
    write(d, "scores.txt", "2 2\nx 2\n4 9\n");
    let run = tandem(d, &["assign", "--matrix", "scores.txt", "--out", "m.csv"]);
    let v = json(&run);
    assert_eq!(v["assigned"], 2);
    assert_eq!(v["total_score"], 6);
    assert_eq!(
        rows(&d.join("m.csv")),
        vec![vec!["mentee", "mentor"], vec!["0", "1"], vec!["1", "0"]]
    );
}

#[test]
fn assign_bad_inputs() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "mentees.csv", MENTEES);
    write(d, "mentors.csv", MENTORS);
    let cases: &[(&str, &str, &str, Option<u64>, &str)] = &[
        (
            "arcs.csv",
            "mentee,mentor\ne1,m1\n",
            "arcs.csv",
            Some(1),
            "missing column 'score'",
        ),
        (
            "arcs.csv",
            "mentee,mentor,score\ne1,m1,5\nzz,m1,1\n",
            "arcs.csv",
            Some(3),
            "unknown mentee id 'zz'",
        ),
        (
            "arcs.csv",
            "mentee,mentor,score\ne1,m9,5\n",
            "arcs.csv",
            Some(2),
            "unknown mentor id 'm9'",
        ),
        (
            "arcs.csv",
            "mentee,mentor,score\ne1,m1,5\ne1,m1,6\n",
            "arcs.csv",
            Some(3),
            "duplicate row",
        ),
        (
            "arcs.csv",
            "mentee,mentor,score\ne1,m1,five\n",
            "arcs.csv",
            Some(2),
            "not an integer",
        ),
        (
            "arcs.csv",
            "mentee,mentor,score\ne1,m1,1000000000001\n",
            "arcs.csv",
            Some(2),
            "outside",
        ),
        (
            "mentors.csv",
            "id,capacity\nm1,1\nm2,-1\n",
            "mentors.csv",
            Some(3),
            "negative capacity",
        ),
        (
            "mentors.csv",
            "id,capacity\nm1,1\nm1,2\n",
            "mentors.csv",
            Some(3),
            "duplicate row",
        ),
        (
            "mentees.csv",
            "name\ne1\n",
            "mentees.csv",
            Some(1),
            "missing column 'id'",
        ),
        (
            "mentors.csv",
            "id,capacity,min_capacity\nm1,1,0\nm2,1,2\n",
            "mentors.csv",
            Some(3),
            "above their capacity 1",
        ),
        (
            "mentors.csv",
            "id,capacity,min_capacity\nm1,1,-1\nm2,1,0\n",
            "mentors.csv",
            Some(2),
            "negative min_capacity",
        ),
        (
            "mentors.csv",
            "id,capacity,min_capacity\nm1,2,1.5\nm2,1,0\n",
            "mentors.csv",
            Some(2),
            "min_capacity '1.5' is not an integer",
        ),
        (
            "mentors.csv",
            "id;capacity;min_capacity\nm1;2;1\nm2;1;two\n",
            "mentors.csv",
            Some(3),
            "min_capacity 'two' is not an integer",
        ),
    ];
    for &(file, text, named, line, words) in cases {
        write(d, "mentees.csv", MENTEES);
        write(d, "mentors.csv", MENTORS);
        write(d, "arcs.csv", ARCS);
        write(d, file, text);
        let run = tandem(d, &assign_args("matches.csv"));
        rejected(&run, d, "matches.csv", named, line, words);
    }
    for (text, line, words) in [
        ("2 2\n1 2\n3 y\n", Some(3), "not an integer"),
        ("2 2\n1 2\n3\n", Some(3), "expected 2 scores"),
        ("2\n1 2\n", Some(1), "first line"),
    ] {
        write(d, "scores.txt", text);
        let run = tandem(d, &["assign", "--matrix", "scores.txt", "--out", "m.csv"]);
        rejected(&run, d, "m.csv", "scores.txt", line, words);
    }
    let run = tandem(d, &["assign", "--matrix", "missing.txt", "--out", "m.csv"]);
    rejected(&run, d, "m.csv", "missing.txt", None, "cannot open");
}

#[test]
fn bad_input_leaves_an_existing_result_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "mentees.csv", MENTEES);
    write(d, "mentors.csv", "id,capacity\nm1,x\n");
    write(d, "arcs.csv", ARCS);
    write(d, "matches.csv", "previous result\n");
    let run = tandem(d, &assign_args("matches.csv"));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("mentors.csv") && run.stderr.contains("line 2"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(d.join("matches.csv")).expect("kept"),
        "previous result\n"
    );
}

#[test]
fn usage_errors_exit_with_status_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    // Neither input form given.
    assert_eq!(tandem(d, &["assign", "--out", "m.csv"]).code, 2);
    // Both input forms given.
    assert_eq!(
        tandem(
            d,
            &[
                "assign",
                "--matrix",
                "s.txt",
                "--mentees",
                "a",
                "--mentors",
                "b",
                "--arcs",
                "c",
                "--out",
                "m"
            ]
        )
        .code,
        2
    );
    assert_eq!(
        tandem(d, &["groups", "--people", "p.csv", "--out", "g.csv"]).code,
        2
    );
    assert_eq!(
        tandem(
            d,
            &[
                "groups",
                "--distances",
                "i.txt",
                "--out",
                "g.csv",
                "--time-limit",
                "-1"
            ]
        )
        .code,
        2
    );
    assert!(!d.join("m.csv").exists() && !d.join("g.csv").exists());
}

const STABLE_MENTORS: &str = "id,capacity\nA,1\nB,2\n";
// Mentees x, y, z all want A first; A prefers z, then x. B takes the rest in its order.
const MENTEE_PREFS: &str = "mentee,mentor,rank\nx,A,1\nx,B,2\ny,A,1\ny,B,2\nz,A,1\n";
const MENTOR_PREFS: &str = "mentor,mentee,rank\nA,z,1\nA,x,2\nA,y,3\nB,y,1\nB,x,2\n";

fn stable_args(out: &str) -> Vec<&str> {
    vec![
        "stable",
        "--mentors",
        "mentors.csv",
        "--mentee-prefs",
        "mentee_prefs.csv",
        "--mentor-prefs",
        "mentor_prefs.csv",
        "--out",
        out,
    ]
}

#[test]
fn stable_matching_result_and_report() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "mentors.csv", STABLE_MENTORS);
    write(d, "mentee_prefs.csv", MENTEE_PREFS);
    write(d, "mentor_prefs.csv", MENTOR_PREFS);
    let v = json(&tandem(d, &stable_args("matches.csv")));
    assert_eq!(v["blocking_pairs"], 0);
    assert_eq!(v["assigned"], 3);
    assert_eq!(v["unassigned"], 0);
    assert_eq!(
        rows(&d.join("matches.csv")),
        vec![
            vec!["mentee", "mentor"],
            vec!["x", "B"],
            vec!["y", "B"],
            vec!["z", "A"]
        ]
    );
}

#[test]
fn stable_bad_inputs() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let cases: &[(&str, &str, Option<u64>, &str)] = &[
        (
            "mentee_prefs.csv",
            "mentee,mentor,rank\nx,A,1\nx,B,1\n",
            Some(3),
            "ranks are not distinct",
        ),
        (
            "mentee_prefs.csv",
            "mentee,mentor,rank\nx,Q,1\n",
            Some(2),
            "unknown mentor id 'Q'",
        ),
        (
            "mentee_prefs.csv",
            "mentee,mentor,rank\nx,A,1\nx,A,2\n",
            Some(3),
            "duplicate row",
        ),
        (
            "mentee_prefs.csv",
            "mentee,mentor,rank\nx,A,one\n",
            Some(2),
            "not an integer",
        ),
        (
            "mentor_prefs.csv",
            "mentor,mentee\nA,x\n",
            Some(1),
            "missing column 'rank'",
        ),
        (
            "mentor_prefs.csv",
            "mentor,mentee,rank\nA,x,1\nA,y,1\n",
            Some(3),
            "ranks are not distinct",
        ),
        (
            "mentors.csv",
            "id,capacity\nA,-3\n",
            Some(2),
            "negative capacity",
        ),
    ];
    for &(file, text, line, words) in cases {
        write(d, "mentors.csv", STABLE_MENTORS);
        write(d, "mentee_prefs.csv", MENTEE_PREFS);
        write(d, "mentor_prefs.csv", MENTOR_PREFS);
        write(d, file, text);
        rejected(
            &tandem(d, &stable_args("matches.csv")),
            d,
            "matches.csv",
            file,
            line,
            words,
        );
    }
}

/// Twelve people from three organisations and four professions.
fn people_csv() -> String {
    let mut s = String::from("\u{feff}id;organisation;profession\n");
    for i in 0..12 {
        s.push_str(&format!("p{i};org{};prof{}\n", i % 3, i % 4));
    }
    s
}

fn groups_of(path: &Path) -> Vec<(String, usize)> {
    rows(path)[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].parse().expect("group index")))
        .collect()
}

#[test]
fn groups_people_are_optimal_at_pilot_size_with_apart_respected() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "people.csv", &people_csv());
    write(d, "apart.csv", "a,b\np0,p3\np1,p2\n");
    let run = tandem(
        d,
        &[
            "groups",
            "--people",
            "people.csv",
            "--size-min",
            "4",
            "--size-max",
            "4",
            "--apart",
            "apart.csv",
            "--weights",
            "organisation=3",
            "--out",
            "groups.csv",
        ],
    );
    let v = json(&run);
    assert_eq!(v["groups"], 3);
    assert_eq!(v["optimal"], true);
    let objective = v["objective"].as_i64().expect("integer objective");
    let bound = v["upper_bound"].as_i64().expect("integer bound");
    assert!(objective <= bound);
    assert_eq!(v["weights"]["organisation"], 3);
    assert_eq!(v["weights"]["profession"], 1);
    let g = groups_of(&d.join("groups.csv"));
    assert_eq!(g.len(), 12);
    let mut sizes = [0; 3];
    for (_, k) in &g {
        sizes[*k] += 1;
    }
    assert_eq!(sizes, [4, 4, 4]);
    let group = |id: &str| g.iter().find(|(p, _)| p == id).expect("listed").1;
    assert_ne!(group("p0"), group("p3"));
    assert_ne!(group("p1"), group("p2"));
    // Recompute the objective from the file: 3 per pair of different organisations, 1 per pair
    // of different professions.
    let mut recomputed = 0;
    for i in 0..12 {
        for j in i + 1..12 {
            if group(&format!("p{i}")) == group(&format!("p{j}")) {
                recomputed += 3 * i64::from(i % 3 != j % 3) + i64::from(i % 4 != j % 4);
            }
        }
    }
    assert_eq!(objective, recomputed);
}

#[test]
fn groups_are_reproducible_under_a_seed() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let mut s = String::from("id,org,band\n");
    for i in 0..300 {
        s.push_str(&format!("p{i},o{},b{}\n", (i * 7) % 23, (i * 5) % 6));
    }
    write(d, "people.csv", &s);
    let args = |out: &'static str| {
        vec![
            "groups",
            "--people",
            "people.csv",
            "--size-min",
            "5",
            "--size-max",
            "6",
            "--seed",
            "7",
            "--out",
            out,
        ]
    };
    let a = json(&tandem(d, &args("a.csv")));
    let b = json(&tandem(d, &args("b.csv")));
    assert_eq!(a["objective"], b["objective"]);
    assert_eq!(a["seed"], 7);
    assert_eq!(
        fs::read_to_string(d.join("a.csv")).expect("a"),
        fs::read_to_string(d.join("b.csv")).expect("b")
    );
}

#[test]
fn groups_distance_instance() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    // Two groups of two: {0,1} and {2,3} give 10 + 10 = 20, the best possible.
    write(
        d,
        "inst.txt",
        "4 2 ss 2 2 2 2\n0 1 10\n0 2 1\n0 3 1\n1 2 1\n1 3 1\n2 3 10\n",
    );
    let v = json(&tandem(
        d,
        &["groups", "--distances", "inst.txt", "--out", "g.csv"],
    ));
    assert_eq!(v["objective"], 20.0);
    assert_eq!(v["optimal"], true);
    let g = groups_of(&d.join("g.csv"));
    assert_eq!(g[0].1, g[1].1);
    assert_eq!(g[2].1, g[3].1);
    assert_ne!(g[0].1, g[2].1);
}

#[test]
fn groups_bad_inputs() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let people = people_csv();
    let base = |extra: &[&'static str]| {
        let mut v = vec![
            "groups",
            "--people",
            "people.csv",
            "--size-min",
            "4",
            "--size-max",
            "4",
            "--out",
            "g.csv",
        ];
        v.extend_from_slice(extra);
        v
    };
    write(d, "people.csv", "name,org\na,x\n");
    rejected(
        &tandem(d, &base(&[])),
        d,
        "g.csv",
        "people.csv",
        Some(1),
        "missing column 'id'",
    );
    write(d, "people.csv", "id,org\na,x\nb,y\na,z\n");
    rejected(
        &tandem(d, &base(&[])),
        d,
        "g.csv",
        "people.csv",
        Some(4),
        "duplicate row",
    );

    write(d, "people.csv", &people);
    write(d, "apart.csv", "a,b\np0,nobody\n");
    rejected(
        &tandem(d, &base(&["--apart", "apart.csv"])),
        d,
        "g.csv",
        "apart.csv",
        Some(2),
        "unknown id 'nobody'",
    );
    write(d, "apart.csv", "a,b\np0,p1\np1,p0\n");
    rejected(
        &tandem(d, &base(&["--apart", "apart.csv"])),
        d,
        "g.csv",
        "apart.csv",
        Some(3),
        "duplicate row",
    );
    // p0, p1, p2, p3 pairwise apart cannot fit in... 3 sets: four people need four sets.
    write(
        d,
        "apart.csv",
        "a,b\np0,p1\np0,p2\np0,p3\np1,p2\np1,p3\np2,p3\n",
    );
    rejected(
        &tandem(d, &base(&["--apart", "apart.csv"])),
        d,
        "g.csv",
        "apart.csv",
        None,
        "apart",
    );

    // Size bounds that no partition can meet: 12 people in sets of exactly 5.
    let run = tandem(
        d,
        &[
            "groups",
            "--people",
            "people.csv",
            "--size-min",
            "5",
            "--size-max",
            "5",
            "--out",
            "g.csv",
        ],
    );
    rejected(&run, d, "g.csv", "people.csv", None, "12 people");
    let run = tandem(d, &base(&["--groups", "2"]));
    rejected(&run, d, "g.csv", "people.csv", None, "cannot be split");
    rejected(
        &tandem(d, &base(&["--weights", "colour=2"])),
        d,
        "g.csv",
        "people.csv",
        None,
        "no column 'colour'",
    );
    rejected(
        &tandem(d, &base(&["--weights", "organisation=-2"])),
        d,
        "g.csv",
        "--weights",
        None,
        "not an integer",
    );

    write(d, "inst.txt", "4 2 ss 2 2 2 2\n0 1 3\n0 1 4\n");
    let run = tandem(d, &["groups", "--distances", "inst.txt", "--out", "g.csv"]);
    rejected(&run, d, "g.csv", "inst.txt", Some(3), "duplicate row");
    write(d, "inst.txt", "4 2 ss 2 2 2 2\n0 7 3\n");
    let run = tandem(d, &["groups", "--distances", "inst.txt", "--out", "g.csv"]);
    rejected(
        &run,
        d,
        "g.csv",
        "inst.txt",
        Some(2),
        "not an element index",
    );
}

#[test]
fn missing_output_directory_is_refused_before_solving() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    write(d, "mentees.csv", MENTEES);
    write(d, "mentors.csv", MENTORS);
    write(d, "arcs.csv", ARCS);
    let run = tandem(d, &assign_args("no/such/dir/m.csv"));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}
