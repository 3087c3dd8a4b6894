use chrono::NaiveDate;
use tandem_domain::*;

fn cohort_rules() -> ProgrammeRules {
    ProgrammeRules {
        session_cap: Some(3),
        session_minutes: Some(90),
        modes: vec![Mode::Telephone, Mode::Video],
        mentor_load_min: Some(2),
        ..Default::default()
    }
}

#[test]
fn a_three_by_ninety_cohort_is_valid_and_caps_270_minutes() {
    let r = cohort_rules();
    assert!(r.validate(ProgrammeKind::VirtualCohort).is_ok());
    assert_eq!(r.minutes_cap(), Some(270));
}

#[test]
fn incoherent_rules_are_refused_field_by_field() {
    let r = ProgrammeRules {
        session_cap: Some(0),
        session_minutes: Some(2000),
        modes: vec![],
        mentor_load_min: Some(3),
        mentor_load_max: Some(2),
        eligibility: Eligibility {
            grade_ranges: vec![
                (GradeSystem::AgendaForChange, "8a".into(), "7".into()),
                (GradeSystem::Medical, "ST9".into(), "ST4".into()),
            ],
            ..Default::default()
        },
        ..Default::default()
    };
    let e = r.validate(ProgrammeKind::ActionLearningSets).unwrap_err();
    for (field, key) in [
        ("session_cap", "error.must_be_positive"),
        ("session_minutes", "error.session_too_long"),
        ("modes", "error.choose_a_mode"),
        ("mentor_load_max", "error.max_below_min"),
        ("set_size_min", "error.set_sizes_required"),
    ] {
        assert!(
            e.errors
                .iter()
                .any(|x| x.field == field && x.message == key),
            "missing {field}/{key} in {e:?}"
        );
    }
    let eligibility: Vec<&str> = e
        .errors
        .iter()
        .filter(|x| x.field == "eligibility")
        .map(|x| x.message.as_str())
        .collect();
    assert_eq!(
        eligibility,
        ["error.grade_range_reversed", "error.unknown_grade"]
    );
}

#[test]
fn rules_round_trip_through_json() {
    let r = cohort_rules();
    let json = serde_json::to_string(&r).unwrap();
    let back: ProgrammeRules = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn intake_dates_must_run_in_order() {
    let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
    assert!(Intake::validate_dates(d(1, 1), d(2, 1), d(3, 1)).is_ok());
    let e = Intake::validate_dates(d(2, 1), d(1, 1), d(1, 15)).unwrap_err();
    assert_eq!(
        e.errors
            .iter()
            .map(|x| x.field.as_str())
            .collect::<Vec<_>>(),
        ["closes_on"]
    );
    let e = Intake::validate_dates(d(1, 1), d(2, 1), d(1, 15)).unwrap_err();
    assert_eq!(
        e.errors
            .iter()
            .map(|x| x.field.as_str())
            .collect::<Vec<_>>(),
        ["starts_on"]
    );
}
