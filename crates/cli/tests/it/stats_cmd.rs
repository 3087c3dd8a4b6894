//! `tandem stats` through the real binary: a result equal to scipy's (from the stats crate's
//! fixture file), undefined figures as null, and bad input (exit status 2, file and line named).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn tandem(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .arg("stats")
        .args(args)
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

/// The single JSON object printed on stdout of a successful run.
fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "stdout: {}", run.stdout);
    serde_json::from_str(lines[0]).expect("JSON on stdout")
}

/// Exit status 2 and `FILE:LINE:` at the start of the problem.
fn refused(kind: &str, path: &Path, line: u64) -> String {
    let run = tandem(&[kind, path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    let want = format!("{}:{line}: ", path.display());
    assert!(
        run.stderr.contains(&want),
        "wanted {want:?} in {:?}",
        run.stderr
    );
    run.stderr
}

fn fixture_case(name: &str) -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../stats/tests/fixtures/paired.json"
    );
    let f: Value = serde_json::from_str(&fs::read_to_string(path).expect("fixture")).unwrap();
    f["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no fixture case {name:?}"))
        .clone()
}

#[test]
fn stats_paired_equals_scipy_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "n=20 GSES totals (asymptotic)",
        "n=10 ties and zeros (permutation)",
    ] {
        let case = fixture_case(name);
        // Columns in the other order than the brief's example, to show the order is free.
        let mut csv = String::from("after,before\n");
        let nums = |k: &str| -> Vec<f64> {
            case[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        for (b, a) in nums("before").iter().zip(nums("after")) {
            csv.push_str(&format!("{a},{b}\n"));
        }
        let path = write(dir.path(), "scores.csv", &csv);
        let out = json(&tandem(&["paired", path.to_str().unwrap()]));
        assert_eq!(out["test"], "paired");
        let expected = case["expected"].as_object().unwrap();
        for (key, want) in expected {
            let got = &out[key];
            let ok = match (got, want) {
                (Value::Number(g), Value::Number(w)) => {
                    let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
                    (g - w).abs() <= 1e-9 * w.abs().max(1.0)
                }
                _ => got == want,
            };
            assert!(ok, "{name}: {key}: ours {got}, scipy {want}");
        }
    }
}

#[test]
fn stats_paired_all_equal_differences_are_nulls() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "same.csv",
        "before,after\n10,12\n14,16\n20,22\n",
    );
    let out = json(&tandem(&["paired", path.to_str().unwrap()]));
    assert_eq!(out["mean_diff"], 2.0);
    assert_eq!(out["sd_diff"], 0.0);
    for key in ["t", "p_t", "ci95_low", "ci95_high", "d_z"] {
        assert!(out[key].is_null(), "{key}: {}", out[key]);
    }
    assert_eq!(out["rank_biserial"], 1.0);
}

#[test]
fn stats_paired_bad_input_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = refused(
        "paired",
        &write(d, "text.csv", "before,after\n1,2\n3,four\n"),
        3,
    );
    assert!(
        text.contains("`four`") && text.contains("`after`"),
        "{text}"
    );
    let missing = refused(
        "paired",
        &write(d, "gap.csv", "before,after\n1,2\n3,4\n,6\n"),
        4,
    );
    assert!(missing.contains("missing value"), "{missing}");
    let nan = refused(
        "paired",
        &write(d, "nan.csv", "before,after\n1,2\nNaN,4\n"),
        3,
    );
    assert!(nan.contains("not a number"), "{nan}");
    let one = refused("paired", &write(d, "one.csv", "before,after\n1,2\n"), 2);
    assert!(one.contains("at least 2"), "{one}");
    refused("paired", &write(d, "none.csv", "before,after\n"), 1);
    let extra = refused(
        "paired",
        &write(d, "extra.csv", "before,after,name\n1,2,x\n2,3,y\n"),
        1,
    );
    assert!(extra.contains("exactly"), "{extra}");
    refused("paired", &write(d, "wrong.csv", "pre,post\n1,2\n2,3\n"), 1);
    let short = refused(
        "paired",
        &write(d, "short.csv", "before,after\n1,2\n3\n4,5\n"),
        3,
    );
    assert!(short.contains("1 cell(s)"), "{short}");
}

#[test]
fn stats_independent_names_its_groups() {
    let dir = tempfile::tempdir().unwrap();
    // scipy's documented example: U = 17, exact p = 1/9 (males second, so U is theirs).
    let csv = "group,value\nfemale,20\nmale,19\nfemale,11\nmale,22\nfemale,17\nmale,16\n\
               female,12\nmale,29\nmale,24\n";
    let path = write(dir.path(), "ages.csv", csv);
    let out = json(&tandem(&["independent", path.to_str().unwrap()]));
    assert_eq!(
        (out["group_a"].as_str(), out["group_b"].as_str()),
        (Some("female"), Some("male"))
    );
    assert_eq!(out["mann_whitney_u"], 17.0);
    assert!((out["p_mann_whitney"].as_f64().unwrap() - 1.0 / 9.0).abs() < 1e-12);
    assert_eq!(out["mann_whitney_method"], "exact");
    assert_eq!(
        (out["n_a"].as_u64(), out["n_b"].as_u64()),
        (Some(4), Some(5))
    );
}

#[test]
fn stats_independent_bad_input_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let third = refused(
        "independent",
        &write(d, "three.csv", "group,value\na,1\nb,2\na,3\nc,4\nb,5\n"),
        5,
    );
    assert!(third.contains("third group `c`"), "{third}");
    let lone = refused(
        "independent",
        &write(d, "lone.csv", "group,value\na,1\na,2\na,3\n"),
        4,
    );
    assert!(lone.contains("1 group(s)"), "{lone}");
    let few = refused(
        "independent",
        &write(d, "few.csv", "group,value\na,1\nb,2\na,3\n"),
        4,
    );
    assert!(few.contains("group `b` has 1 row"), "{few}");
    let unlabelled = refused(
        "independent",
        &write(d, "nolabel.csv", "group,value\na,1\n,2\n"),
        3,
    );
    assert!(unlabelled.contains("`group`"), "{unlabelled}");
    refused(
        "independent",
        &write(d, "hdr.csv", "before,after\n1,2\n3,4\n"),
        1,
    );
}
