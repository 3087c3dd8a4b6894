//! Export → import round trips: an unedited export re-imports as "unchanged", whatever the names.

use proptest::prelude::*;
use tandem_domain::{
    Country, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, SchemeId,
};
use tandem_people_io::{
    COLUMNS, Format, RowAction, Snapshot, export_csv, export_rows, export_xlsx, parse, validate,
};

/// Free text as people type it: commas, quotes, semicolons, apostrophes, markup, formula-like
/// starts (`=`, `+`, `-`, `@`), accents, CJK and emoji. Trimmed, non-empty, no control characters.
fn text() -> impl Strategy<Value = String> {
    ("[A-Za-zÀ-ÿĳ中<=@+'\"-]", "[ -~À-ÿĳ中😀]{0,24}")
        .prop_map(|(a, b)| format!("{a}{b}").trim_end().to_string())
}

fn optional_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), text()]
}

#[derive(Clone, Debug)]
struct GenJob {
    org: usize,
    system: usize,
    grade: usize,
    job_title: String,
    profession: String,
    manager: Option<usize>,
}

#[derive(Clone, Debug)]
struct GenPerson {
    given: String,
    family: String,
    local: String,
    dutch: bool,
    jobs: Vec<GenJob>,
}

fn job() -> impl Strategy<Value = GenJob> {
    (
        0usize..4,
        0usize..4,
        0usize..32,
        optional_text(),
        optional_text(),
        proptest::option::of(0usize..64),
    )
        .prop_map(
            |(org, system, grade, job_title, profession, manager)| GenJob {
                org,
                system,
                grade,
                job_title,
                profession,
                manager,
            },
        )
}

fn person() -> impl Strategy<Value = GenPerson> {
    (
        text(),
        text(),
        "[a-z0-9'+_-]{1,8}",
        any::<bool>(),
        proptest::collection::vec(job(), 1..=2),
    )
        .prop_map(|(given, family, local, dutch, jobs)| GenPerson {
            given,
            family,
            local,
            dutch,
            jobs,
        })
}

/// Organisations whose names themselves need quoting.
fn organisations(scheme_id: SchemeId) -> Vec<Organisation> {
    let org = |name: &str, kind, country| Organisation {
        id: OrganisationId::new(),
        scheme_id,
        name: name.into(),
        kind,
        country,
    };
    vec![
        org(
            "Northvale \"University\" Hospitals, NHS",
            OrganisationKind::NhsTrust,
            Country::UnitedKingdom,
        ),
        org(
            "Vale; County Council",
            OrganisationKind::LocalAuthority,
            Country::UnitedKingdom,
        ),
        org(
            "Zorggroep 't Amstelweide",
            OrganisationKind::DutchCareOrganisation,
            Country::Netherlands,
        ),
        org(
            "<b>St Clement's</b> Hospice",
            OrganisationKind::Charity,
            Country::UnitedKingdom,
        ),
    ]
}

fn build(
    scheme_id: SchemeId,
    orgs: &[Organisation],
    generated: &[GenPerson],
) -> Vec<(Person, Vec<Employment>)> {
    let ids: Vec<PersonId> = generated.iter().map(|_| PersonId::new()).collect();
    generated
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let person = Person {
                id: ids[i],
                scheme_id,
                given_name: g.given.clone(),
                family_name: g.family.clone(),
                email: format!("{}.{i}@example.org", g.local),
                language: if g.dutch {
                    Language::NlNl
                } else {
                    Language::EnGb
                },
            };
            let mut used = Vec::new();
            let mut jobs = Vec::new();
            for j in &g.jobs {
                if used.contains(&j.org) {
                    continue; // one employment per organisation
                }
                used.push(j.org);
                let system = GradeSystem::ALL[j.system];
                let grades = system.grades();
                jobs.push(Employment {
                    id: EmploymentId::new(),
                    person_id: ids[i],
                    organisation_id: orgs[j.org].id,
                    job_title: j.job_title.clone(),
                    profession: j.profession.clone(),
                    grade_system: system,
                    grade: grades[j.grade % grades.len()].code.to_string(),
                    // Managers only among earlier people: no cycles.
                    line_manager_id: j.manager.filter(|_| i > 0).map(|m| ids[m % i]),
                    primary: jobs.is_empty(),
                });
            }
            (person, jobs)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn export_then_import_is_unchanged(generated in proptest::collection::vec(person(), 1..12), coordinator in any::<bool>()) {
        let scheme_id = SchemeId::new();
        let orgs = organisations(scheme_id);
        let people = build(scheme_id, &orgs, &generated);
        let all: Vec<OrganisationId> = orgs.iter().map(|o| o.id).collect();
        let snap = Snapshot {
            scheme_id,
            organisations: &orgs,
            people: &people,
            allowed_organisations: if coordinator { Some(&all) } else { None },
        };
        let employments: usize = people.iter().map(|(_, e)| e.len()).sum();
        for (bytes, format) in [(export_csv(&people, &orgs), Format::Csv), (export_xlsx(&people, &orgs), Format::Xlsx)] {
            let rows = parse(&bytes, format).map_err(|e| TestCaseError::fail(format!("{format:?}: {e}")))?;
            prop_assert_eq!(rows.len(), employments);
            let preview = validate(&rows, &snap);
            let bad: Vec<_> = preview.rows.iter().filter(|r| !r.errors.is_empty() || r.action != RowAction::Unchanged).collect();
            prop_assert!(bad.is_empty(), "{:?}: {:?}", format, bad);
            prop_assert!(preview.is_valid());
            prop_assert!(preview.creates.is_empty() && preview.updates.is_empty());
        }
    }
}

fn sample() -> (Vec<Organisation>, Vec<(Person, Vec<Employment>)>) {
    let scheme_id = SchemeId::new();
    let orgs = organisations(scheme_id);
    let generated = vec![
        GenPerson {
            given: "=cmd|' /C calc'!A0".into(),
            family: "Zoë, \"Jr\"; <i>x</i>".into(),
            local: "a".into(),
            dutch: false,
            jobs: vec![GenJob {
                org: 0,
                system: 0,
                grade: 6,
                job_title: "@SUM(1)".into(),
                profession: "Nursing".into(),
                manager: None,
            }],
        },
        GenPerson {
            given: "Jan".into(),
            family: "'t Hart".into(),
            local: "b".into(),
            dutch: true,
            jobs: vec![
                GenJob {
                    org: 2,
                    system: 3,
                    grade: 8,
                    job_title: "Teamleider".into(),
                    profession: String::new(),
                    manager: Some(0),
                },
                GenJob {
                    org: 3,
                    system: 0,
                    grade: 4,
                    job_title: String::new(),
                    profession: String::new(),
                    manager: None,
                },
            ],
        },
    ];
    let people = build(scheme_id, &orgs, &generated);
    (orgs, people)
}

#[test]
fn export_has_the_import_columns_and_one_row_per_employment() {
    let (orgs, people) = sample();
    let rows = export_rows(&people, &orgs);
    assert_eq!(rows.len(), 3);
    // Ordered by family name: "'t Hart" sorts before "Zoë".
    assert_eq!(rows[0][1], "'t Hart");
    assert_eq!(rows[0][3], orgs[2].name, "primary employment first");
    assert_eq!(rows[0][6], "fwg");
    assert_eq!(rows[0][7], "FWG 45");
    assert_eq!(rows[0][8], "a.0@example.org", "manager by e-mail");
    assert_eq!(rows[0][9], "nl-NL");
    assert_eq!(rows[1][3], orgs[3].name);

    let csv = export_csv(&people, &orgs);
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte-order mark for Excel"
    );
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with(&COLUMNS.join(",")));
    // Formula-like cells are made inert for spreadsheets; other cells are left alone.
    assert!(text.contains("'=cmd|"), "{text}");
    assert!(text.contains("'@SUM(1)"), "{text}");
    assert!(
        text.contains("'t Hart") && !text.contains("''t Hart"),
        "{text}"
    );
}

#[test]
fn xlsx_export_reads_back_cell_for_cell() {
    let (orgs, people) = sample();
    let bytes = export_xlsx(&people, &orgs);
    let rows = parse(&bytes, Format::Xlsx).unwrap();
    let expected = export_rows(&people, &orgs);
    assert_eq!(rows.len(), expected.len());
    for (row, cells) in rows.iter().zip(&expected) {
        for (column, cell) in COLUMNS.iter().zip(cells) {
            assert_eq!(row.get(column), cell, "{column}");
        }
    }
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4]);
}

#[test]
fn edited_export_plans_exactly_the_edit() {
    let (orgs, people) = sample();
    let scheme_id = orgs[0].scheme_id;
    let text = String::from_utf8(export_csv(&people, &orgs))
        .unwrap()
        .replace("Teamleider", "Teamleider zorg");
    let rows = parse(text.as_bytes(), Format::Csv).unwrap();
    let snap = Snapshot {
        scheme_id,
        organisations: &orgs,
        people: &people,
        allowed_organisations: None,
    };
    let preview = validate(&rows, &snap);
    assert!(preview.is_valid(), "{:?}", preview.rows);
    assert_eq!(preview.updates.len(), 1);
    assert!(preview.creates.is_empty());
    let (person, jobs) = &preview.updates[0];
    let (before_person, before_jobs) = people.iter().find(|(p, _)| p.id == person.id).unwrap();
    assert_eq!(person, before_person);
    assert_eq!(jobs.len(), before_jobs.len());
    assert_eq!(jobs[0].job_title, "Teamleider zorg");
    assert_eq!(jobs[0].id, before_jobs[0].id);
    assert_eq!(jobs[1], before_jobs[1]);
    // Both rows of that person say Update; the other person's row is unchanged.
    let actions: Vec<RowAction> = preview.rows.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [RowAction::Update, RowAction::Update, RowAction::Unchanged]
    );
}
