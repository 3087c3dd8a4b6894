//! Every figure of `paired` and `independent` against scipy 1.17.1, from the fixture files that
//! `bench/stats/regenerate.sh` writes (nothing expected is typed in here).
//!
//! Tolerance 1e-9: absolute for expected values of magnitude ≤ 1 (p values, correlations, most
//! effect sizes — where a relative tolerance would demand meaningless digits of a p of 1e-20),
//! relative above 1 (t statistics, means, rank sums, interval ends in the data's units). Every key
//! on either side must be present on the other, so a figure cannot go untested by omission; nulls
//! must match nulls; strings (the branch taken) must be equal.

use serde_json::Value;
use tandem_stats::{independent, paired};

const TOL: f64 = 1e-9;

fn fixture(name: &str) -> Value {
    // The directory at run time when the runner says it (a test binary built in another
    // checkout of the same target directory must read this checkout's files).
    let dir = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    let path = format!("{dir}/tests/fixtures/{name}.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn numbers(v: &Value, key: &str) -> Vec<f64> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array"))
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

/// Compare two JSON objects figure by figure; return every mismatch.
pub fn mismatches(ours: &Value, expected: &Value) -> Vec<String> {
    let (ours, expected) = (ours.as_object().unwrap(), expected.as_object().unwrap());
    let mut bad = Vec::new();
    for key in ours.keys().filter(|k| !expected.contains_key(*k)) {
        bad.push(format!("{key}: ours only"));
    }
    for (key, want) in expected {
        let Some(got) = ours.get(key) else {
            bad.push(format!("{key}: missing from ours"));
            continue;
        };
        let ok = match (got, want) {
            (Value::Null, Value::Null) => true,
            (Value::String(g), Value::String(w)) => g == w,
            (Value::Number(g), Value::Number(w)) => {
                let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
                let err = (g - w).abs();
                if w.abs() <= 1.0 {
                    err <= TOL
                } else {
                    err <= TOL * w.abs()
                }
            }
            _ => false,
        };
        if !ok {
            bad.push(format!("{key}: ours {got}, scipy {want}"));
        }
    }
    bad
}

#[test]
fn paired_equals_scipy() {
    let f = fixture("paired");
    let cases = f["cases"].as_array().unwrap();
    assert!(cases.len() >= 35, "{} cases", cases.len());
    let mut failures = Vec::new();
    let mut branches = std::collections::BTreeMap::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let r = paired(&numbers(case, "before"), &numbers(case, "after"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        *branches.entry(r.wilcoxon_method.clone()).or_insert(0) += 1;
        let ours = serde_json::to_value(&r).unwrap();
        for m in mismatches(&ours, &case["expected"]) {
            failures.push(format!("{name}: {m}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The fixtures exercise every branch (and the all-zero case with no test at all).
    for b in [None, Some("exact"), Some("permutation"), Some("asymptotic")] {
        assert!(
            branches.contains_key(&b.map(str::to_owned)),
            "no case takes {b:?}: {branches:?}"
        );
    }
}

#[test]
fn independent_equals_scipy() {
    let f = fixture("independent");
    let cases = f["cases"].as_array().unwrap();
    assert!(cases.len() >= 12, "{} cases", cases.len());
    let mut failures = Vec::new();
    let mut exact = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let r = independent(&numbers(case, "a"), &numbers(case, "b"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        exact += usize::from(r.mann_whitney_method == "exact");
        let ours = serde_json::to_value(&r).unwrap();
        for m in mismatches(&ours, &case["expected"]) {
            failures.push(format!("{name}: {m}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(exact >= 3 && exact < cases.len(), "{exact} exact cases");
}

#[test]
fn the_comparison_itself_can_fail() {
    let want: Value = serde_json::json!({"p": 0.5, "t": 1000.0, "m": "exact", "x": null});
    assert!(mismatches(&want, &want).is_empty());
    let off = serde_json::json!({"p": 0.5 + 2e-9, "t": 1000.0 * (1.0 + 2e-9), "m": "asymptotic", "x": 0.0});
    assert_eq!(mismatches(&off, &want).len(), 4);
    let fewer = serde_json::json!({"p": 0.5, "t": 1000.0, "m": "exact"});
    assert_eq!(
        mismatches(&fewer, &want),
        vec!["x: missing from ours".to_owned()]
    );
}
