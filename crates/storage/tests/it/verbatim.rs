//! Markup and SQL typed into any field are data: stored as typed and read back identically.

use crate::fixtures::{at, job, org_value, person_value};
use tandem_domain::policy::PeopleScope;
use tandem_domain::{
    Intake, IntakeId, Organisation, Person, Programme, ProgrammeId, ProgrammeKind, ProgrammeRules,
    Scheme, SchemeId,
};
use tandem_storage::{AuditEntry, PeopleQuery, Store};

const NASTY: [&str; 4] = [
    "<script>alert(1)</script>",
    "'; DROP TABLE people; --",
    "Robert'); DELETE FROM accounts WHERE ('1'='1",
    "\"quoted\" \\backslash\\ %percent% _under_ $1 ? :name @p ünïcødé 👩‍⚕️",
];

pub async fn markup_and_sql_are_stored_verbatim(store: Store) {
    for (i, text) in NASTY.iter().enumerate() {
        let text = text.to_string();
        let s = Scheme {
            id: SchemeId::new(),
            name: text.clone(),
            description: text.clone(),
        };
        store.create_scheme(&s).await.unwrap();
        assert_eq!(store.get_scheme(s.id).await.unwrap(), s);
        let o = Organisation {
            name: text.clone(),
            ..org_value(s.id, "x")
        };
        store.create_organisation(&o).await.unwrap();
        assert_eq!(store.get_organisation(o.id).await.unwrap(), o);

        let p = Person {
            given_name: text.clone(),
            family_name: text.clone(),
            email: format!("user{i}@example.org"),
            ..person_value(s.id, "a", "b")
        };
        let mut e = job(p.id, o.id, &text, true);
        e.profession = text.clone();
        e.grade = text.clone();
        store
            .create_person(&p, std::slice::from_ref(&e))
            .await
            .unwrap();
        let got = store.get_person(p.id).await.unwrap();
        assert_eq!((got.person, got.employments), (p.clone(), vec![e.clone()]));

        // Searching for the text itself finds exactly that person, with the text intact.
        let q = PeopleQuery {
            text: Some(text.clone()),
            profession: Some(text.clone()),
            ..PeopleQuery::new(PeopleScope::All, p.id)
        };
        let page = store.search_people(s.id, &q).await.unwrap();
        assert_eq!(page.total, 1, "{text}");
        assert_eq!(page.items[0].person, p);
        assert_eq!(
            page.items[0].organisation_name.as_deref(),
            Some(text.as_str())
        );
        assert_eq!(page.items[0].job_title.as_deref(), Some(text.as_str()));

        let prog = Programme {
            id: ProgrammeId::new(),
            scheme_id: s.id,
            name: text.clone(),
            kind: ProgrammeKind::Mentoring,
            description: text.clone(),
            rules: ProgrammeRules {
                eligibility: tandem_domain::Eligibility {
                    professions: vec![text.clone()],
                    ..Default::default()
                },
                ..Default::default()
            },
        };
        store.create_programme(&prog).await.unwrap();
        assert_eq!(store.get_programme(prog.id).await.unwrap(), prog);
        let intake = Intake {
            id: IntakeId::new(),
            programme_id: prog.id,
            name: text.clone(),
            opens_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            closes_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            starts_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 3).unwrap(),
            places: vec![],
        };
        store.create_intake(&intake).await.unwrap();
        assert_eq!(store.get_intake(intake.id).await.unwrap(), intake);

        let entry = AuditEntry {
            at: at(2025, 1, 1, 0, i as u32),
            actor: Some(p.id),
            action: text.clone(),
            subject: text.clone(),
            detail: text.clone(),
        };
        store.append_audit(&entry).await.unwrap();
        assert_eq!(store.list_audit(1).await.unwrap(), vec![entry]);
    }
    // And the tables the SQL talks about are all still there.
    assert_eq!(store.list_schemes().await.unwrap().len(), NASTY.len());
}
