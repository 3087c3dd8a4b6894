//! Both languages have every key, and every key the code and templates use exists.

use std::collections::BTreeSet;
use tandem_web::i18n::{I18n, Lang};

fn keys(lang: Lang) -> BTreeSet<String> {
    I18n::shared()
        .keys(lang)
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn both_locales_have_the_same_keys_and_no_empty_text() {
    let en = keys(Lang::EnGb);
    let nl = keys(Lang::NlNl);
    let only_en: Vec<_> = en.difference(&nl).collect();
    let only_nl: Vec<_> = nl.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_nl.is_empty(),
        "only in en-GB: {only_en:?}; only in nl-NL: {only_nl:?}"
    );
    for k in &en {
        assert!(
            !I18n::shared().t(Lang::EnGb, k).trim().is_empty(),
            "{k} is empty in en-GB"
        );
        assert!(
            !I18n::shared().t(Lang::NlNl, k).trim().is_empty(),
            "{k} is empty in nl-NL"
        );
    }
}

#[test]
fn placeholders_match_between_languages() {
    let names = |text: &str| -> BTreeSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
            .collect()
    };
    for k in keys(Lang::EnGb) {
        let en = names(&I18n::shared().t(Lang::EnGb, &k));
        let nl = names(&I18n::shared().t(Lang::NlNl, &k));
        assert_eq!(en, nl, "placeholders of {k} differ");
    }
}

#[test]
fn every_key_written_in_a_template_exists() {
    let en = keys(Lang::EnGb);
    let missing: Vec<String> = tandem_web::templates::literal_keys(tandem_web::pages::templates())
        .into_iter()
        .filter(|k| !en.contains(k))
        .collect();
    assert!(
        missing.is_empty(),
        "template keys missing from the locales: {missing:?}"
    );
    assert!(
        tandem_web::templates::literal_keys(tandem_web::pages::templates()).len() > 150,
        "the scan found the keys"
    );
}

/// String literals that look like translation keys in Rust sources of this crate and the
/// crates whose keys it shows (the use cases, domain validation, people import).
fn source_keys() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        root.join("src"),
        root.join("../app/src"),
        root.join("../domain/src"),
        root.join("../people-io/src"),
    ];
    let prefixes = ["error.", "import.", "notice.", "nav.", "field."];
    let mut found = BTreeSet::new();
    let mut stack: Vec<std::path::PathBuf> = dirs.to_vec();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split('"').skip(1).step_by(2) {
                let is_key = prefixes.iter().any(|p| piece.starts_with(p))
                    && piece.len() > 6
                    && piece.chars().all(|c| {
                        c.is_ascii_lowercase() || c == '.' || c == '_' || c.is_ascii_digit()
                    })
                    && !piece.ends_with('.')
                    && !piece.ends_with(".html");
                if is_key {
                    found.insert(piece.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn every_key_used_in_code_exists() {
    let en = keys(Lang::EnGb);
    let found = source_keys();
    assert!(
        found.contains("error.email_invalid") && found.contains("import.unknown_organisation"),
        "the scan works: {found:?}"
    );
    let missing: Vec<&String> = found.iter().filter(|k| !en.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used in code but missing from the locales: {missing:?}"
    );
}

#[test]
fn every_label_built_from_an_enum_exists() {
    use tandem_domain::{
        Country, GradeSystem, Language, Mode, OrganisationKind, ProgrammeKind, Role,
    };
    let en = keys(Lang::EnGb);
    let serde_name = |v: serde_json::Value| v.as_str().unwrap().to_string();
    let mut wanted: Vec<String> = Vec::new();
    wanted.extend(
        OrganisationKind::ALL
            .iter()
            .map(|k| format!("organisation_kind.{}", k.code())),
    );
    wanted.extend(Country::ALL.iter().map(|c| format!("country.{}", c.code())));
    wanted.extend(
        ProgrammeKind::ALL
            .iter()
            .map(|k| format!("programme_kind.{}", k.code())),
    );
    wanted.extend(Mode::ALL.iter().map(|m| format!("mode.{}", m.code())));
    wanted.extend(GradeSystem::ALL.iter().map(|g| {
        format!(
            "grade_system.{}",
            serde_name(serde_json::to_value(g).unwrap())
        )
    }));
    wanted.extend(
        Language::ALL
            .iter()
            .map(|l| format!("language.{}", l.tag())),
    );
    wanted.extend(Role::ALL.iter().map(|r| format!("role.{}", r.code())));
    wanted.extend(
        ["create", "update", "unchanged"]
            .iter()
            .map(|a| format!("import.action.{a}")),
    );
    // The account notices build their keys from a prefix (tandem_app::notify::accounts).
    for prefix in ["notices.account.invitation", "notices.account.reset"] {
        for part in ["subject", "intro", "expiry", "ignore", "action"] {
            wanted.push(format!("{prefix}.{part}"));
        }
    }
    // Serialised enum names are what templates see; they must agree with the codes used above.
    for k in OrganisationKind::ALL {
        assert_eq!(serde_name(serde_json::to_value(k).unwrap()), k.code());
    }
    for k in ProgrammeKind::ALL {
        assert_eq!(serde_name(serde_json::to_value(k).unwrap()), k.code());
    }
    let missing: Vec<&String> = wanted.iter().filter(|k| !en.contains(*k)).collect();
    assert!(missing.is_empty(), "{missing:?}");
}
