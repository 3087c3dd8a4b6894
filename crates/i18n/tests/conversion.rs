//! One-off proof of the JSON → Fluent conversion (removed with the JSON files; kept in history):
//! every key of both languages, formatted through the new loader with sample arguments, must
//! equal the old `fill` of the JSON text with the same arguments.

use std::collections::BTreeMap;
use tandem_i18n::{I18n, Lang, fill};

#[test]
fn every_json_key_formats_the_same_through_fluent() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut compared = 0;
    let mut differences = Vec::new();
    let placeholder = regex::Regex::new(r"\{([^}]*)\}").unwrap();
    for (lang, tag) in [(Lang::EnGb, "en-GB"), (Lang::NlNl, "nl-NL")] {
        let mut table: BTreeMap<String, String> = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if name == format!("{tag}.json") || name.ends_with(&format!(".{tag}.json")) {
                let map: BTreeMap<String, String> =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                table.extend(map);
            }
        }
        for (key, text) in &table {
            let values: Vec<(String, String)> = placeholder
                .captures_iter(text)
                .map(|c| {
                    let name = c[1].to_owned();
                    let value = if name == "count" {
                        if key.ends_with(".one") { "1" } else { "7" }.to_owned()
                    } else {
                        format!("⟨{name}⟩")
                    };
                    (name, value)
                })
                .collect();
            let params: Vec<(&str, &str)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let old = fill(text, &params);
            let new = I18n::shared().t_with(lang, key, &params);
            let (_, errors) = I18n::shared()
                .messages(lang)
                .format(key, &params)
                .expect("every key has a message");
            compared += 1;
            // Without arguments an old text showed its placeholders as written; so does Fluent's.
            let plural = key.ends_with(".one") || key.ends_with(".other");
            if !plural && I18n::shared().t(lang, key) != *text {
                differences.push(format!(
                    "{tag} {key} without arguments: {:?}",
                    I18n::shared().t(lang, key)
                ));
            }
            if old != new || !errors.is_empty() {
                differences.push(format!("{tag} {key}: {old:?} vs {new:?} {errors:?}"));
            }
        }
    }
    eprintln!(
        "compared {compared} key(s) in both languages, {} difference(s)",
        differences.len()
    );
    assert!(compared > 5000, "{compared}");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
