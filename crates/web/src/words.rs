//! Professions and grades in the reader's language (template functions `profession(text)` and
//! `grade(system, code)`).
//!
//! A profession is stored as a vocabulary code (`tandem_domain::words`) or as free text; a grade
//! as a code within its system. Pages show both the reader's way: "Verpleegkunde" for `nursing`
//! on a Dutch page, "Band 8a" / "AfC-band 8a" for Agenda for Change, "FWG 50" for an FWG group.
//! Text the vocabulary does not know, and grades outside the reference lists (a council's own
//! grades), are shown as written.

use crate::i18n::{I18n, Lang};
use minijinja::State;
use minijinja::value::Value;
use tandem_domain::GradeSystem;
use tandem_domain::words::Profession;

/// The translation key of a profession's label.
pub fn profession_key(code: &str) -> String {
    format!("profession.{code}")
}

/// A stored (or typed) profession as the reader reads it: the label of the vocabulary
/// profession it names, in `lang`, or the text as written.
pub fn profession_label(text: &str, lang: Lang) -> String {
    match Profession::find(text) {
        Some(p) => I18n::shared().t(lang, &profession_key(p.code)),
        None => text.to_string(),
    }
}

/// A grade as the reader reads it (see the module documentation); `system` is the grade
/// system's code, as templates and the API spell it.
pub fn grade_label(system: Option<GradeSystem>, code: &str, lang: Lang) -> String {
    let i18n = I18n::shared();
    let Some(grade) = system.and_then(|s| s.grade(code)) else {
        return code.to_string();
    };
    match grade.system {
        GradeSystem::AgendaForChange => i18n.t_with(lang, "grade.afc", &[("grade", grade.code)]),
        GradeSystem::DutchFwg => grade.code.to_string(),
        GradeSystem::LocalAuthority => match grade.code.strip_prefix("Scale ") {
            Some(n) => i18n.t_with(lang, "grade.local_authority_scale", &[("number", n)]),
            None => grade.code.to_string(),
        },
        GradeSystem::Medical => {
            let key = format!(
                "grade.medical.{}",
                grade.code.to_lowercase().replace(' ', "_")
            );
            if i18n.has(Lang::EnGb, &key) {
                i18n.t(lang, &key)
            } else {
                grade.code.to_string()
            }
        }
    }
}

fn page_lang(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::from_tag))
        .unwrap_or_default()
}

/// `profession(text)`: see [`profession_label`]; empty for none.
pub(crate) fn profession_fn(state: &State, text: Option<Value>) -> String {
    match text.as_ref().and_then(Value::as_str) {
        Some(t) => profession_label(t, page_lang(state)),
        None => String::new(),
    }
}

/// `professions()`: the vocabulary's labels in the page's language, alphabetically, offered as
/// suggestions by the profession fields (a `datalist`: any other text is still accepted).
pub(crate) fn professions_fn(state: &State) -> Vec<String> {
    let lang = page_lang(state);
    let mut labels: Vec<String> = tandem_domain::words::PROFESSIONS
        .iter()
        .map(|p| profession_label(p.code, lang))
        .collect();
    labels.sort();
    labels
}

/// `grade(system, code)`: see [`grade_label`]; empty for no grade.
pub(crate) fn grade_fn(state: &State, system: Option<Value>, code: Option<Value>) -> String {
    let system = system
        .as_ref()
        .and_then(Value::as_str)
        .and_then(GradeSystem::from_code);
    match code.as_ref().and_then(Value::as_str) {
        Some(c) => grade_label(system, c, page_lang(state)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_domain::words::PROFESSIONS;

    #[test]
    fn every_profession_has_labels_that_read_back_as_itself() {
        for p in PROFESSIONS {
            for lang in [Lang::EnGb, Lang::NlNl] {
                let key = profession_key(p.code);
                assert!(I18n::shared().has(lang, &key), "{key} in {lang:?}");
                let label = profession_label(p.code, lang);
                assert_eq!(
                    Profession::find(&label).map(|f| f.code),
                    Some(p.code),
                    "the {lang:?} label {label:?} is accepted as input"
                );
            }
        }
    }

    #[test]
    fn professions_and_grades_read_in_the_readers_language() {
        assert_eq!(profession_label("nursing", Lang::NlNl), "Verpleegkunde");
        assert_eq!(profession_label("Nursing", Lang::NlNl), "Verpleegkunde");
        assert_eq!(profession_label("verpleegkunde", Lang::EnGb), "Nursing");
        assert_eq!(profession_label("Art therapy", Lang::NlNl), "Art therapy");
        let afc = Some(GradeSystem::AgendaForChange);
        assert_eq!(grade_label(afc, "8a", Lang::EnGb), "Band 8a");
        assert_eq!(grade_label(afc, "band 8A", Lang::NlNl), "AfC-band 8a");
        let fwg = Some(GradeSystem::DutchFwg);
        assert_eq!(grade_label(fwg, "FWG 50", Lang::NlNl), "FWG 50");
        assert_eq!(grade_label(fwg, "50", Lang::EnGb), "FWG 50");
        let la = Some(GradeSystem::LocalAuthority);
        assert_eq!(grade_label(la, "Scale 5", Lang::NlNl), "Schaal 5");
        assert_eq!(grade_label(la, "PO2", Lang::NlNl), "PO2");
        assert_eq!(grade_label(la, "Grade G", Lang::EnGb), "Grade G");
        let med = Some(GradeSystem::Medical);
        assert_eq!(grade_label(med, "ST4", Lang::NlNl), "ST4");
        assert_eq!(
            grade_label(med, "Consultant", Lang::NlNl),
            "Consultant (medisch specialist)"
        );
        assert_eq!(grade_label(None, "7", Lang::EnGb), "7");
    }
}
