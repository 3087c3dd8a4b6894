use proptest::prelude::*;
use std::collections::HashMap;
use tandem_domain::person::find_management_cycle;
use tandem_domain::validate::{normalise_email, required_text};
use tandem_domain::{Country, Language, SchemeSettings, SchemeSettingsInput, TimeZone};

#[test]
fn emails_are_normalised_or_refused() {
    assert_eq!(
        normalise_email("  Jo.Bloggs@NHS.net ").as_deref(),
        Ok("jo.bloggs@nhs.net")
    );
    for bad in [
        "",
        "jo",
        "jo@",
        "@nhs.net",
        "jo@nhs",
        "jo@@nhs.net",
        "jo bloggs@nhs.net",
        "jo@nhs..net",
        "<jo>@nhs.net",
    ] {
        assert!(normalise_email(bad).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn markup_and_sql_are_ordinary_text() {
    for s in ["<script>alert(1)</script>", "'; DROP TABLE people; --"] {
        assert_eq!(required_text(s).as_deref(), Ok(s));
    }
    assert_eq!(required_text("   "), Err("error.required"));
    assert_eq!(required_text(&"x".repeat(201)), Err("error.too_long"));
}

#[test]
fn a_cycle_is_found_and_reported_from_its_smallest_member() {
    let m: HashMap<u32, u32> = [(1, 2), (2, 3), (3, 1), (4, 1)].into_iter().collect();
    assert_eq!(find_management_cycle(&m), Some(vec![1, 2, 3]));
    let self_managed: HashMap<u32, u32> = [(7, 7)].into_iter().collect();
    assert_eq!(find_management_cycle(&self_managed), Some(vec![7]));
}

proptest! {
    /// Edges that always point to a larger key can never form a cycle; closing any chain back
    /// onto its start always does.
    #[test]
    fn cycles_are_found_exactly_when_they_exist(edges in prop::collection::vec((0u32..40, 1u32..10), 0..40), close in any::<bool>()) {
        let mut m: HashMap<u32, u32> = HashMap::new();
        for (from, step) in edges {
            m.insert(from, from + step);
        }
        prop_assert_eq!(find_management_cycle(&m), None);
        if close && let Some((&start, _)) = m.iter().min_by_key(|(k, _)| **k) {
            // Follow the chain to its end and point the end back at the start.
            let mut end = start;
            while let Some(&next) = m.get(&end) { end = next; }
            m.insert(end, start);
            let cycle = find_management_cycle(&m).expect("cycle");
            prop_assert!(cycle.contains(&start));
            prop_assert!(cycle.contains(&end));
        }
    }
}

#[test]
fn scheme_settings_name_every_wrong_field_at_once() {
    let bad = SchemeSettingsInput {
        countries: vec!["GB".into(), "FR".into()],
        languages: vec![],
        time_zone: "Europe/Paris".into(),
        self_registration: false,
        small_number_threshold: Some(2),
        suppression_rounding: Some(0),
        suppression_min_statistics: Some(101),
        suppression_reason: String::new(),
    };
    let e = bad.parse().unwrap_err();
    let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "countries",
            "languages",
            "time_zone",
            "small_number_threshold",
            "suppression_rounding",
            "suppression_min_statistics"
        ]
    );
    assert_eq!(e.errors[0].params, [("value".into(), "FR".into())]);
    let repeated = SchemeSettingsInput {
        countries: vec!["NL".into(), "nl".into()],
        ..SchemeSettingsInput::from(&SchemeSettings::default())
    };
    assert_eq!(
        repeated.parse().unwrap_err().errors[0].message,
        "error.settings.repeated"
    );
    for n in [None, Some(101), Some(-5)] {
        let input = SchemeSettingsInput {
            small_number_threshold: n,
            ..SchemeSettingsInput::from(&SchemeSettings::default())
        };
        assert!(input.parse().is_err(), "{n:?} accepted");
    }
}

#[test]
fn a_weaker_suppression_rule_needs_a_reason() {
    let default = SchemeSettings::default();
    assert_eq!(
        (
            default.small_number_threshold,
            default.suppression_rounding,
            default.suppression_min_statistics
        ),
        (8, 5, 10)
    );
    for (t, r, m) in [(5, 5, 10), (8, 1, 10), (8, 5, 9)] {
        let weaker = SchemeSettingsInput {
            small_number_threshold: Some(t),
            suppression_rounding: Some(r),
            suppression_min_statistics: Some(m),
            suppression_reason: "  ".into(),
            ..SchemeSettingsInput::from(&default)
        };
        let e = weaker.parse().unwrap_err();
        assert_eq!(e.errors[0].field, "suppression_reason", "{t} {r} {m}");
        assert_eq!(e.errors[0].message, "error.settings.reason_needed");
        let with_reason = SchemeSettingsInput {
            suppression_reason: "The DPO agreed, 3 March".into(),
            ..weaker
        };
        assert!(with_reason.parse().is_ok());
    }
    // Stricter than the defaults needs no reason; absent values take the defaults.
    let stricter = SchemeSettingsInput {
        small_number_threshold: Some(10),
        suppression_rounding: None,
        suppression_min_statistics: Some(20),
        ..SchemeSettingsInput::from(&default)
    };
    let s = stricter.parse().unwrap();
    assert_eq!(
        (s.suppression_rounding, s.suppression_min_statistics),
        (5, 20)
    );
}

#[test]
fn scheme_settings_read_back_what_they_were_given() {
    let s = SchemeSettings {
        countries: vec![Country::Netherlands, Country::UnitedKingdom],
        languages: vec![Language::NlNl, Language::EnGb],
        time_zone: TimeZone::EuropeAmsterdam,
        self_registration: true,
        small_number_threshold: 3,
        suppression_rounding: 1,
        suppression_min_statistics: 5,
        suppression_reason: "Agreed with the DPO for a pilot of 20 people".into(),
    };
    assert_eq!(SchemeSettingsInput::from(&s).parse().unwrap(), s);
    // Every zone offered is one the session calendar converts.
    for z in TimeZone::ALL {
        assert_eq!(TimeZone::from_name(z.name()), Some(z));
        let summer = chrono::DateTime::parse_from_rfc3339("2026-07-01T12:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert!(tandem_domain::sessions::offset_minutes(z.name(), summer) > 0);
    }
}
