//! `tools/json_to_ftl.py`, the converter the lead runs on areas still written as JSON: its output
//! loads through the same loader and formats exactly as the JSON text filled the old way, for
//! the awkward cases (braces that are not placeholders, leading `[ * .`, outer spaces, several
//! lines, quotes, a `one`/`other` pair).

use std::process::Command;

use tandem_i18n::{Lang, Messages, fill};

#[test]
fn converted_json_formats_as_the_json_did() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: &[(&str, &str)] = &[
        ("t.plain", "Sign in"),
        ("t.args", "Row {row}: {what} {row}"),
        (
            "t.brace",
            "Use {curly} braces { like } this}, and {not a name}",
        ),
        ("t.lead_bracket", "[draft] note"),
        ("t.lead_star", "* starred"),
        ("t.lead_dot", ".hidden"),
        ("t.spaces", "  two spaces around  "),
        (
            "t.lines",
            "First line\n[second] line\n  indented third\n\nafter a blank",
        ),
        ("t.quotes", "He said \"hi\" \\ back"),
        ("t.slash/and-dash", "Europe/London"),
        ("t.empty", ""),
        ("t.count.one", "{count} thing"),
        ("t.count.other", "{count} things"),
    ];
    let json: serde_json::Map<String, serde_json::Value> = cases
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
        .collect();
    let path = dir.path().join("demo.en-GB.json");
    std::fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/json_to_ftl.py");
    let out = Command::new("python3")
        .args([script, "--out"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("python3 runs the converter");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ftl = std::fs::read_to_string(dir.path().join("en-GB/demo.ftl")).expect("FTL written");
    let messages = Messages::load(Lang::EnGb, &[("en-GB/demo.ftl".to_owned(), &ftl)])
        .unwrap_or_else(|e| panic!("{e}\n{ftl}"));
    let params = [("row", "3"), ("what", "x"), ("curly", "C")];
    for (key, text) in cases {
        let count = if key.ends_with(".one") { "1" } else { "7" };
        let mut params = params.to_vec();
        params.push(("count", count));
        let (got, errors) = messages.format(key, &params).expect("message");
        assert!(errors.is_empty(), "{key}: {errors:?}\n{ftl}");
        assert_eq!(got, fill(text, &params), "{key}\n{ftl}");
    }
    assert!(ftl.contains("t-count =\n    { $count ->"), "{ftl}");
    assert!(
        !ftl.contains("t-count-one"),
        "the pair is one message:\n{ftl}"
    );

    // Appending a second time refuses the ids that are already there.
    let again = Command::new("python3")
        .args([script, "--out"])
        .arg(dir.path())
        .arg(&path)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already in"));
}
