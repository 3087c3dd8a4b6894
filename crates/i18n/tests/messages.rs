//! The compiled-in Fluent messages: both languages alike, every message formats, plurals select
//! by the CLDR rules of each language.

use std::collections::{BTreeMap, BTreeSet};

use tandem_i18n::{I18n, Lang};

mod ftl;

const LANGS: [Lang; 2] = [Lang::EnGb, Lang::NlNl];

#[test]
fn both_languages_have_the_same_messages_and_plural_variants() {
    let en = ftl::messages(Lang::EnGb);
    let nl = ftl::messages(Lang::NlNl);
    let en_keys: BTreeSet<&String> = en.keys().collect();
    let nl_keys: BTreeSet<&String> = nl.keys().collect();
    assert_eq!(
        en_keys.symmetric_difference(&nl_keys).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "messages in one language only"
    );
    assert!(en_keys.len() > 2500, "{}", en_keys.len());
    let mut differ = Vec::new();
    for (key, variants) in &en {
        let en_v: BTreeSet<&String> = variants.keys().collect();
        let nl_v: BTreeSet<&String> = nl[key].keys().collect();
        if en_v != nl_v {
            differ.push(format!("{key}: en {en_v:?}, nl {nl_v:?}"));
        }
    }
    assert!(
        differ.is_empty(),
        "plural variants differ:\n{}",
        differ.join("\n")
    );
    // The loader sees the same keys as the files.
    let i18n = I18n::shared();
    for lang in LANGS {
        let loaded: BTreeSet<&str> = i18n.keys(lang).into_iter().collect();
        let files: BTreeSet<&str> = en.keys().map(String::as_str).collect();
        assert_eq!(loaded, files, "{lang:?}");
    }
}

/// Arguments for every variable of a message, all `value`.
fn args<'a>(vars: &'a BTreeSet<String>, value: &'a str) -> Vec<(&'a str, &'a str)> {
    vars.iter().map(|v| (v.as_str(), value)).collect()
}

#[test]
fn every_message_formats_without_fluent_errors() {
    let i18n = I18n::shared();
    let mut problems = Vec::new();
    let mut formatted = 0;
    for lang in LANGS {
        for (key, vars) in ftl::variables_by_key(lang) {
            for value in ["0", "1", "2", "1000", "1,000+", "⟨text⟩"] {
                let (text, errors) = i18n
                    .messages(lang)
                    .format(&key, &args(&vars, value))
                    .expect("a loaded message");
                formatted += 1;
                if !errors.is_empty() || text.trim().is_empty() {
                    problems.push(format!("{lang:?} {key} ({value}): {errors:?} {text:?}"));
                }
            }
        }
    }
    assert!(formatted > 30_000, "{formatted}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn filled(text: &str, vars: &BTreeSet<String>, value: &str) -> String {
    vars.iter().fold(text.to_owned(), |t, v| {
        t.replace(&format!("{{{v}}}"), value)
    })
}

#[test]
fn plurals_select_by_cldr_rules_for_0_1_2_and_1000() {
    let i18n = I18n::shared();
    let mut plural_messages = 0;
    let mut wrong = Vec::new();
    for lang in LANGS {
        let variants: BTreeMap<String, BTreeMap<String, String>> = ftl::messages(lang);
        let vars = ftl::variables_by_key(lang);
        for (key, texts) in &variants {
            let Some(first) = texts.keys().next() else {
                continue;
            };
            let selects = first.matches('[').count();
            if selects == 0 || !texts.keys().any(|s| s.contains("[one]")) {
                continue;
            }
            plural_messages += 1;
            // In English and Dutch (CLDR) a whole number is `one` exactly when it is 1.
            for (n, category) in [
                ("0", "other"),
                ("1", "one"),
                ("2", "other"),
                ("1000", "other"),
            ] {
                let suffix = format!("[{category}]").repeat(selects);
                let Some(expected) = texts.get(&suffix) else {
                    wrong.push(format!("{lang:?} {key}: no variant {suffix}"));
                    continue;
                };
                let got = i18n.t_with(lang, key, &args(&vars[key], n));
                let expected = filled(expected, &vars[key], n);
                if got != expected {
                    wrong.push(format!(
                        "{lang:?} {key} {n}: {got:?}, expected {expected:?}"
                    ));
                }
            }
        }
    }
    assert!(plural_messages >= 2 * 60, "{plural_messages}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn plural_examples_read_right_in_both_languages() {
    let i18n = I18n::shared();
    let t = |lang, key, count| i18n.t_with(lang, key, &[("count", count)]);
    assert_eq!(
        t(Lang::EnGb, "homes.todo.surveys", "1"),
        "You have 1 survey to answer."
    );
    assert_eq!(
        t(Lang::EnGb, "homes.todo.surveys", "0"),
        "You have 0 surveys to answer."
    );
    assert_eq!(
        t(Lang::NlNl, "homes.todo.surveys", "1"),
        "U hebt 1 vragenlijst in te vullen."
    );
    assert_eq!(
        t(Lang::NlNl, "homes.todo.surveys", "2"),
        "U hebt 2 vragenlijsten in te vullen."
    );
    // A grouped or capped figure is text: it reads as written and takes the `other` form.
    assert_eq!(t(Lang::EnGb, "lists.people", "1,000"), "1,000 people");
    assert_eq!(t(Lang::NlNl, "lists.people", "1.000"), "1.000 mensen");
    assert_eq!(t(Lang::EnGb, "lists.people", "1"), "1 person");
    // The old pair keys still answer, with the merged message.
    assert_eq!(t(Lang::EnGb, "lists.people.one", "1"), "1 person");
    assert_eq!(t(Lang::EnGb, "lists.people.other", "3"), "3 people");
    assert!(i18n.has(Lang::EnGb, "lists.people.one") && i18n.has(Lang::EnGb, "lists.people"));
    assert!(!i18n.has(Lang::EnGb, "lists.people.few.more"));
}

#[test]
fn a_missing_key_falls_back_to_the_key_and_reason_keys_are_translated() {
    let i18n = I18n::shared();
    assert_eq!(i18n.t(Lang::NlNl, "no.such.key"), "no.such.key");
    // Arguments a caller leaves out show as `{name}`, as they always have.
    let key = i18n
        .keys(Lang::EnGb)
        .into_iter()
        .find(|k| i18n.t(Lang::EnGb, k).contains("{reason}"))
        .expect("a message with a reason");
    let reason_key = "sign_in.title";
    let with = i18n.t_with(Lang::NlNl, key, &[("reason", reason_key)]);
    assert!(with.contains(&i18n.t(Lang::NlNl, reason_key)), "{with}");
    assert!(!with.contains(reason_key), "{with}");
}
