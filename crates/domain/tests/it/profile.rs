//! Profiles: validation of what people say about themselves, and their phone numbers.
use tandem_domain::profile::{
    ContactRoute, PhoneKind, ProfileInput, format_phone, normalise_phone,
};
use tandem_domain::{FrameworkDimension, Mode, Slot};

#[test]
fn phone_numbers_are_normalised_and_formatted() {
    assert_eq!(
        normalise_phone("07700 900123", "44").unwrap(),
        "+447700900123"
    );
    assert_eq!(
        normalise_phone("+44 (0)20 7946 0958", "44").unwrap(),
        "+442079460958"
    );
    assert_eq!(
        normalise_phone("0044 7700 900123", "44").unwrap(),
        "+447700900123"
    );
    assert_eq!(
        normalise_phone("06 12345678", "31").unwrap(),
        "+31612345678"
    );
    assert_eq!(
        normalise_phone("(020) 794 60958", "44").unwrap(),
        "+442079460958"
    );
    assert_eq!(format_phone("+447700900123"), "+44 7700 900123");
    assert_eq!(format_phone("+442079460958"), "+44 20 7946 0958");
    assert_eq!(format_phone("+31612345678"), "+31 6 12345678");
    assert_eq!(format_phone("+35312345678"), "+353 123 456 78");
    for bad in [
        "",
        "7700900123",
        "0770-090-0123",
        "+44 7700 90012+3",
        "12ab",
        "0123",
        "+4477009001231234",
        "07700\u{0}900123",
        "0".repeat(31).as_str(),
    ] {
        assert!(normalise_phone(bad, "44").is_err(), "{bad:?}");
    }
}

fn full() -> ProfileInput {
    ProfileInput {
        expertise: vec![
            FrameworkDimension::LeadingWithCare,
            FrameworkDimension::EngagingTheTeam,
        ],
        expertise_topics: "Rotas, ward leadership".into(),
        interests: vec![FrameworkDimension::SharingTheVision],
        interest_topics: "Quality improvement".into(),
        languages: vec!["EN".into(), "cy".into(), "en".into()],
        availability: vec![
            Slot::from_code("tue_pm").unwrap(),
            Slot::from_code("mon_am").unwrap(),
        ],
        modes: vec![Mode::Video, Mode::Telephone, Mode::Video],
        location: " Cardiff ".into(),
        introduction: "Ward sister.\r\nHappy to talk.".into(),
        work_phone: "029 2074 7747".into(),
        mobile_phone: "07700 900123".into(),
        preferred_phone: Some(PhoneKind::Work),
        contact_route: Some(ContactRoute::Text),
    }
}

#[test]
fn a_valid_profile_is_kept_tidy() {
    let p = full().validate("44").unwrap();
    assert_eq!(p.languages, vec!["cy", "en"]);
    assert_eq!(p.modes, vec![Mode::Telephone, Mode::Video]);
    assert_eq!(p.availability[0].code(), "mon_am");
    assert_eq!(p.location, "Cardiff");
    assert_eq!(p.introduction, "Ward sister.\nHappy to talk.");
    assert_eq!(p.contact.work_phone, "+442920747747");
    assert_eq!(p.contact.preferred_number(), Some("+442920747747"));
    // Round trip through the form's starting values.
    assert_eq!(p.to_input().validate("44").unwrap(), p);
}

#[test]
fn every_problem_is_reported_by_field() {
    let mut i = full();
    i.expertise_topics = "x".repeat(301);
    i.location = "Leeds\u{7}".into();
    i.interest_topics = "abc\u{202E}def".into();
    i.introduction = "line\u{0}".into();
    i.languages = vec!["xx".into()];
    i.work_phone = "call me".into();
    i.mobile_phone = String::new();
    i.contact_route = Some(ContactRoute::Text);
    let e = i.validate("44").unwrap_err();
    for (field, key) in [
        // The one text rule's keys (tandem_domain::text).
        ("expertise_topics", "error.too_long_n"),
        ("location", "error.control_characters"),
        ("interest_topics", "error.text.bidi"),
        ("introduction", "error.control_characters"),
        ("languages", "error.profiles.unknown_language"),
        ("work_phone", "error.profiles.phone_invalid"),
        ("contact_route", "error.profiles.route_needs_mobile"),
    ] {
        assert_eq!(
            e.for_field(field).map(|f| f.message.as_str()),
            Some(key),
            "{field}"
        );
    }
    // Line breaks are refused in one-line fields.
    let mut i = full();
    i.location = "Leeds\nYork".into();
    assert!(
        i.validate("44")
            .unwrap_err()
            .for_field("location")
            .is_some()
    );
}

#[test]
fn one_number_is_the_preferred_one_and_a_phone_route_needs_a_number() {
    let mut i = full();
    i.work_phone = String::new();
    i.preferred_phone = Some(PhoneKind::Work);
    let p = i.validate("44").unwrap();
    assert_eq!(p.contact.preferred_phone, PhoneKind::Mobile);
    assert_eq!(p.contact.preferred_number(), Some("+447700900123"));
    let i = ProfileInput {
        contact_route: Some(ContactRoute::Phone),
        ..Default::default()
    };
    assert_eq!(
        i.validate("44")
            .unwrap_err()
            .for_field("contact_route")
            .map(|f| f.message.as_str()),
        Some("error.profiles.route_needs_phone")
    );
    assert!(ProfileInput::default().validate("44").unwrap().is_empty());
}
