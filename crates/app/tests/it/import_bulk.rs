//! The import at national scale (issue #18): a file is checked against only the people it can
//! touch (`Store::people_for_import`), not everyone in the scheme. These tests hold that the
//! plan is the same as when checked against everyone (`Store::all_people`), on random files, and
//! that the command line's whole-file import updates, keeps and adds as it should.

use std::collections::HashMap;
use tandem_app::import::{self, ImportFormat, ImportOutcome};
use tandem_domain::{Actor, Employment, Language, Person, PersonId};
use tandem_people_io::{Preview, Snapshot};
use tandem_storage::PersonRecord;
use tandem_test_support::{World, on_worlds};

const HEADER: &str = "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language";

/// A small deterministic generator (the test must not depend on a random seed to fail).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next(from.len())]
    }
}

/// A random file of up to 12 rows mixing new people, people already in the scheme (their
/// addresses in other case, with a zero-width space), managers new, existing, unknown and
/// cyclic, both organisations and an unknown one, and repeated addresses.
fn random_file(rng: &mut Lcg, existing: &[String]) -> Vec<u8> {
    let n = 1 + rng.next(12);
    let mut emails: Vec<String> = (0..n)
        .map(|i| format!("new{i}@alpha.example.org"))
        .collect();
    emails.extend(existing.iter().cloned());
    let mut csv = format!("{HEADER}\n");
    for _ in 0..n {
        let mut email = emails[rng.next(emails.len())].clone();
        match rng.next(4) {
            0 => email = email.to_uppercase(),
            1 => email = format!("\u{200b}{email}"),
            _ => {}
        }
        let org = rng.pick(&[
            "Alpha Trust",
            "Alpha Trust",
            "Beta Council",
            "Gamma Nowhere",
        ]);
        let grade = if org == "Beta Council" {
            rng.pick(&["Scale 3", "Grade Q"])
        } else {
            rng.pick(&["6", "7", "8e"])
        };
        let manager = match rng.next(4) {
            0 | 1 => String::new(),
            2 => emails[rng.next(emails.len())].clone(),
            _ => "nobody@example.org".into(),
        };
        let given = rng.pick(&["Jan", "Zoë", "Anna"]);
        let family = rng.pick(&["van der Berg", "Müller", "Smith"]);
        let job = rng.pick(&["Staff nurse", "Team leader"]);
        csv.push_str(&format!(
            "{given},{family},{email},{org},{job},Nursing,,{grade},{manager},en-GB\n"
        ));
    }
    csv.into_bytes()
}

/// A person as written, without the ids a plan makes up for new people and employments.
type Canon = (
    String,
    String,
    String,
    Language,
    Vec<(String, String, String, String, Option<String>, bool)>,
);

/// The preview with every made-up id replaced by the e-mail of the person it names.
fn canon(p: &Preview, known: &[PersonRecord]) -> (String, Vec<Canon>, Vec<Canon>, String) {
    let mut email_of: HashMap<PersonId, String> = known
        .iter()
        .map(|r| (r.person.id, r.person.email.clone()))
        .collect();
    for (person, _) in p.creates.iter().chain(&p.updates) {
        email_of.insert(person.id, person.email.clone());
    }
    let one = |(person, emps): &(Person, Vec<Employment>)| -> Canon {
        (
            person.email.clone(),
            person.given_name.clone(),
            person.family_name.clone(),
            person.language,
            emps.iter()
                .map(|e| {
                    (
                        e.organisation_id.to_string(),
                        e.job_title.clone(),
                        e.grade.clone(),
                        e.grade_system.code().to_string(),
                        e.line_manager_id.map(|m| email_of[&m].clone()),
                        e.primary,
                    )
                })
                .collect(),
        )
    };
    let mut creates: Vec<Canon> = p.creates.iter().map(one).collect();
    let mut updates: Vec<Canon> = p.updates.iter().map(one).collect();
    creates.sort_by(|a, b| a.0.cmp(&b.0));
    updates.sort_by(|a, b| a.0.cmp(&b.0));
    (
        format!("{:?}", p.rows),
        creates,
        updates,
        format!("{:?}", p.new_local_grades),
    )
}

/// The plan for `file` as `actor` against `people`.
async fn plan(w: &World, actor: &Actor, file: &[u8], people: Vec<PersonRecord>) -> Preview {
    let rows = tandem_people_io::parse(file, tandem_people_io::Format::Csv).unwrap();
    let organisations = w.ctx.store.list_organisations(w.scheme).await.unwrap();
    let grades = w.ctx.store.local_grades_of_scheme(w.scheme).await.unwrap();
    let people: Vec<(Person, Vec<Employment>)> = people
        .into_iter()
        .map(|r| (r.person, r.employments))
        .collect();
    let allowed = if actor.is_scheme_coordinator() {
        None
    } else {
        Some(vec![w.org_a])
    };
    let snap = Snapshot {
        scheme_id: w.scheme,
        organisations: &organisations,
        people: &people,
        allowed_organisations: allowed.as_deref(),
    };
    tandem_people_io::validate_with(&rows, &snap, &grades)
}

#[tokio::test]
async fn checking_against_the_files_people_plans_what_checking_against_everyone_plans() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let ca = w.actor(w.coordinator_a).await;
        // A person stored before addresses were normalised (a zero-width space in the stored
        // address): a file's clean address must still find them.
        let mut legacy = w.ctx.store.all_people(w.scheme).await.unwrap()[0].clone();
        legacy.person.id = PersonId::new();
        legacy.person.email = "legacy\u{200b}@alpha.example.org".into();
        for e in &mut legacy.employments {
            e.id = tandem_domain::EmploymentId::new();
            e.person_id = legacy.person.id;
            e.line_manager_id = Some(w.coordinator_a);
        }
        w.ctx
            .store
            .apply_people_import(&[legacy], &[])
            .await
            .unwrap();
        let everyone = w.ctx.store.all_people(w.scheme).await.unwrap();
        let mut existing: Vec<String> = everyone.iter().map(|r| r.person.email.clone()).collect();
        existing.push("legacy@alpha.example.org".into());
        let mut rng = Lcg(18);
        let mut compared = 0;
        for case in 0..40 {
            let file = random_file(&mut rng, &existing);
            let actor = if case % 3 == 2 { &ca } else { &sc };
            let old = plan(&w, actor, &file, everyone.clone()).await;
            let rows = tandem_people_io::parse(&file, tandem_people_io::Format::Csv).unwrap();
            let keys: Vec<String> = rows
                .iter()
                .flat_map(|r| [r.get("email"), r.get("line_manager_email")])
                .filter_map(|e| tandem_domain::validate::normalise_email(e).ok())
                .collect();
            let some = w
                .ctx
                .store
                .people_for_import(w.scheme, &keys)
                .await
                .unwrap();
            assert!(some.len() <= everyone.len());
            let new = plan(&w, actor, &file, some).await;
            assert_eq!(
                canon(&old, &everyone),
                canon(&new, &everyone),
                "case {case}: {}",
                String::from_utf8_lossy(&file)
            );
            compared += usize::from(old.is_valid());
        }
        // Some of the random files must be valid, or the plans compared would all be empty.
        assert!(compared > 0, "no valid file among the random ones");

        // The legacy address is matched (an update, not a second person).
        let file = format!(
            "{HEADER}\nLee,Legacy,legacy@alpha.example.org,Alpha Trust,Team leader,Nursing,,7,,en-GB\n"
        );
        let p = plan(
            &w,
            &sc,
            file.as_bytes(),
            w.ctx
                .store
                .people_for_import(w.scheme, &["legacy@alpha.example.org".into()])
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((p.creates.len(), p.updates.len()), (0, 1), "{:?}", p.rows);
    })
    .await;
}

#[tokio::test]
async fn a_second_overlapping_file_updates_keeps_and_adds() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let row = |i: usize, job: &str, manager: &str| {
            format!(
                "Given{i},Family{i},bulk{i}@alpha.example.org,Alpha Trust,{job},Nursing,afc,6,{manager},en-GB\n"
            )
        };
        let mut first = format!("{HEADER}\n");
        first.push_str(&row(0, "Staff nurse", ""));
        for i in 1..10 {
            first.push_str(&row(i, "Staff nurse", "bulk0@alpha.example.org"));
        }
        let done = import::import_file(
            &w.ctx,
            &sc,
            first.into_bytes(),
            ImportFormat::Csv,
            &[],
            false,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            done,
            ImportOutcome {
                created: 10,
                updated: 0,
                unchanged: 0
            }
        );
        let before = w.people_count().await;
        // Rows 5-7 change job, 8-9 are as they were, 10-14 are new.
        let mut second = format!("{HEADER}\n");
        for i in 5..15 {
            let job = if (5..8).contains(&i) {
                "Ward manager"
            } else {
                "Staff nurse"
            };
            second.push_str(&row(i, job, "bulk0@alpha.example.org"));
        }
        let done = import::import_file(
            &w.ctx,
            &sc,
            second.into_bytes(),
            ImportFormat::Csv,
            &[],
            false,
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            done,
            ImportOutcome {
                created: 5,
                updated: 3,
                unchanged: 2
            }
        );
        assert_eq!(w.people_count().await, before + 5);
        let all = w.ctx.store.all_people(w.scheme).await.unwrap();
        let by_email = |e: &str| all.iter().find(|r| r.person.email == e).unwrap().clone();
        let boss = by_email("bulk0@alpha.example.org").person.id;
        for i in 0..15 {
            let r = by_email(&format!("bulk{i}@alpha.example.org"));
            assert_eq!(r.employments.len(), 1, "bulk{i}");
            let e = &r.employments[0];
            let want = if (5..8).contains(&i) {
                "Ward manager"
            } else {
                "Staff nurse"
            };
            assert_eq!(e.job_title, want, "bulk{i}");
            let manager = (i > 0).then_some(boss);
            assert_eq!(e.line_manager_id, manager, "bulk{i}");
        }

        // A file with one bad row writes nothing, and names the row.
        let mut bad = format!("{HEADER}\n");
        bad.push_str(&row(20, "Staff nurse", ""));
        bad.push_str(
            "Given21,Family21,bulk21@alpha.example.org,Alpha Trust,Staff nurse,Nursing,afc,8e,,en-GB\n",
        );
        let count = w.people_count().await;
        let refused = import::import_file(&w.ctx, &sc, bad.into_bytes(), ImportFormat::Csv, &[], false)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(refused.rows_with_errors, 1);
        assert_eq!(refused.rows[1].line, 3);
        assert_eq!(refused.rows[1].errors[0].message, "import.unknown_grade");
        assert_eq!(w.people_count().await, count);

        // More rows than an upload may have are fine on the command line.
        let mut big = format!("{HEADER}\n");
        for i in 0..tandem_people_io::MAX_ROWS + 1 {
            big.push_str(&format!(
                "G,F,big{i}@alpha.example.org,Alpha Trust,Staff nurse,Nursing,afc,6,,en-GB\n"
            ));
        }
        let dry = import::import_file(&w.ctx, &sc, big.into_bytes(), ImportFormat::Csv, &[], true)
            .await
            .unwrap()
            .unwrap_err();
        assert!(dry.is_valid());
        assert_eq!(dry.creates, tandem_people_io::MAX_ROWS + 1);
        assert_eq!(w.people_count().await, count, "a dry run writes nothing");
    })
    .await;
}
