//! Importing people: preview lists every problem and writes nothing; confirm commits; re-import
//! updates; bad files are refused.

use crate::harness::{CA, SC, on_backends};
use axum::http::StatusCode;
use std::collections::BTreeSet;

const HEADER: &str = "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language";

/// 50 people of Alpha Trust; `bad` rows (spreadsheet line numbers) get one problem each.
fn hr_extract(job: &str, bad: &[usize]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for i in 0..50 {
        let line = i + 2;
        let manager = if i == 0 {
            String::new()
        } else {
            "import0@alpha.example.org".to_string()
        };
        let mut row = [
            format!("Given{i}"),
            format!("Family{i}"),
            format!("import{i}@alpha.example.org"),
            "Alpha Trust".to_string(),
            job.to_string(),
            "Nursing".to_string(),
            "afc".to_string(),
            "6".to_string(),
            manager,
            "en-GB".to_string(),
        ];
        if bad.contains(&line) {
            match bad.iter().position(|b| *b == line).unwrap() % 3 {
                0 => row[3] = "Gamma Hospital".into(),
                1 => row[2] = "not-an-email".into(),
                _ => row[7] = "ST4".into(),
            }
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// Line numbers listed in the preview's problem table.
fn problem_lines(text: &str) -> BTreeSet<usize> {
    text.split("data-line=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn preview_lists_exactly_the_bad_rows_then_a_fixed_file_commits_and_reimport_updates() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let before = w.people_count().await;
        let res = b
            .upload(
                "/people/import",
                "hr.csv",
                hr_extract("Staff nurse", &[10, 25, 40]).as_bytes(),
            )
            .await;
        res.assert_status(StatusCode::OK);
        let text = res.text();
        assert_eq!(problem_lines(&text), BTreeSet::from([10, 25, 40]), "{text}");
        assert!(text.contains("Rows with problems: 3."));
        assert!(text.contains("<title>Error: Check the import"));
        assert!(
            text.contains("No organisation in the scheme is called \"Gamma Hospital\"")
                || text.contains("Gamma Hospital&quot;")
        );
        assert!(text.contains("is not a valid email address"));
        assert!(text.contains("is not a grade of"));
        assert!(
            !text.contains("/people/import/"),
            "no confirm button for an invalid file"
        );
        assert_eq!(w.people_count().await, before, "the preview wrote nothing");

        // The fixed file: a preview, then nothing written until confirmed.
        let res = b
            .upload(
                "/people/import",
                "hr.csv",
                hr_extract("Staff nurse", &[]).as_bytes(),
            )
            .await;
        res.assert_status(StatusCode::OK);
        let text = res.text();
        assert!(
            text.contains("Rows in the file: 50. New: 50, to update: 0, unchanged: 0."),
            "{text}"
        );
        assert_eq!(w.people_count().await, before);
        let action = text
            .split("action=\"/people/import/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let done = b.post(&format!("/people/import/{action}"), &[]).await;
        done.assert_status(StatusCode::OK);
        assert!(
            done.contains("50 people added, 0 updated"),
            "{}",
            done.text()
        );
        assert_eq!(w.people_count().await, before + 50);
        let first = w
            .ctx
            .store
            .find_person_by_email(w.scheme, "import0@alpha.example.org")
            .await
            .unwrap()
            .unwrap();
        let tenth = w
            .ctx
            .store
            .find_person_by_email(w.scheme, "import9@alpha.example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(tenth.employments[0].line_manager_id, Some(first.person.id));
        // The confirmation cannot be replayed.
        let again = b.post(&format!("/people/import/{action}"), &[]).await;
        again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.contains("expired"));

        // Re-importing with new job titles updates the same people.
        let res = b
            .upload(
                "/people/import",
                "hr.csv",
                hr_extract("Senior staff nurse", &[]).as_bytes(),
            )
            .await;
        assert!(
            res.contains("Rows in the file: 50. New: 0, to update: 50, unchanged: 0."),
            "{}",
            res.text()
        );
        let action = res
            .text()
            .split("action=\"/people/import/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        b.post(&format!("/people/import/{action}"), &[])
            .await
            .assert_status(StatusCode::OK);
        assert_eq!(w.people_count().await, before + 50);
        let again = w
            .ctx
            .store
            .find_person_by_email(w.scheme, "import0@alpha.example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.person.id, first.person.id);
        assert_eq!(again.employments[0].job_title, "Senior staff nurse");
        // The same file once more changes nothing.
        let res = b
            .upload(
                "/people/import",
                "hr.csv",
                hr_extract("Senior staff nurse", &[]).as_bytes(),
            )
            .await;
        assert!(res.contains("Rows in the file: 50. New: 0, to update: 0, unchanged: 50."));
    })
    .await;
}

#[tokio::test]
async fn exported_xlsx_imports_back_unchanged() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let xlsx = b.get("/people/export?format=xlsx").await;
        xlsx.assert_status(StatusCode::OK);
        assert!(
            xlsx.headers
                .get("content-disposition")
                .unwrap()
                .to_str()
                .unwrap()
                .contains(".xlsx")
        );
        assert!(xlsx.body.starts_with(b"PK"));
        let res = b.upload("/people/import", "people.xlsx", &xlsx.body).await;
        res.assert_status(StatusCode::OK);
        let n = w.people_count().await;
        assert!(
            res.contains(&format!(
                "Rows in the file: {n}. New: 0, to update: 0, unchanged: {n}."
            )),
            "{}",
            res.text()
        );
    })
    .await;
}

#[tokio::test]
async fn malformed_and_oversized_files_are_refused_and_write_nothing() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let before = w.people_count().await;
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "broken.csv",
                format!("{HEADER}\n\"Ann,Lee,ann@alpha.example.org,Alpha Trust\n").into_bytes(),
                "a quoted value is not closed",
            ),
            (
                "broken.xlsx",
                b"PK\x03\x04 this is not a workbook".to_vec(),
                "not a valid XLSX workbook",
            ),
            (
                "empty.csv",
                format!("{HEADER}\n").into_bytes(),
                "no rows of people",
            ),
            ("nothing.csv", Vec::new(), "Select a CSV or XLSX file"),
        ];
        for (name, bytes, message) in cases {
            let res = b.upload("/people/import", name, &bytes).await;
            res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(res.contains(message), "{name}: {}", res.text());
            assert!(
                res.contains("href=\"#file\""),
                "{name}: error summary links to the file input"
            );
        }
        // Headings Tandem cannot map to every required field: the mapping step, with the problem
        // naming the file's headings and a select per column labelled with its heading.
        let res = b
            .upload("/people/import", "columns.csv", b"name,mail\nAnn,ann@x.org\n")
            .await;
        res.assert_status(StatusCode::OK);
        assert!(
            res.contains("No column is chosen for: email, organisation. The file&#x27;s columns are: name, mail.")
                || res.contains("No column is chosen for: email, organisation. The file's columns are: name, mail."),
            "{}",
            res.text()
        );
        assert!(res.contains("<label class=\"nhsuk-label\" for=\"column_1\">mail</label>"));
        assert!(!res.contains("action=\"/people/import/"), "nothing to confirm");
        // Mapped by hand, the file is checked row by row (the organisation is still missing).
        let draft = res
            .text()
            .split("action=\"/people/import-mapping/")
            .nth(1)
            .expect("mapping form")
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let res = b
            .post(
                &format!("/people/import-mapping/{draft}"),
                &[("column_0", "full_name"), ("column_1", "email")],
            )
            .await;
        res.assert_status(StatusCode::OK);
        assert!(res.contains("No column is chosen for: organisation."), "{}", res.text());
        // Just over the file limit but under the request limit: a field error on the form.
        let mut big = format!("{HEADER}\n").into_bytes();
        big.resize(5 * 1024 * 1024 + 10, b' ');
        let res = b.upload("/people/import", "big.csv", &big).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("larger than 5 MB"));
        assert_eq!(w.people_count().await, before);
    })
    .await;
}

#[tokio::test]
async fn an_organisation_coordinator_imports_only_into_their_own_organisation() {
    on_backends(|w| async move {
        let mut ca = w.signed_in(CA).await;
        let before = w.people_count().await;
        let file = format!("{HEADER}\nNia,New,nia@alpha.example.org,Alpha Trust,Nurse,Nursing,afc,5,,\nBob,Other,bob@beta.example.org,Beta Council,Officer,Social work,local_authority,PO1,,\n");
        let res = ca.upload("/people/import", "mixed.csv", file.as_bytes()).await;
        res.assert_status(StatusCode::OK);
        assert_eq!(problem_lines(&res.text()), BTreeSet::from([3]));
        assert!(res.contains("only import people of your own organisation"));
        assert_eq!(w.people_count().await, before);
        let own = format!("{HEADER}\nNia,New,nia@alpha.example.org,Alpha Trust,Nurse,Nursing,afc,5,,\n");
        let res = ca.upload("/people/import", "own.csv", own.as_bytes()).await;
        let action = res.text().split("action=\"/people/import/").nth(1).expect("confirm form").split('"').next().unwrap().to_string();
        // Another user cannot confirm it.
        let mut sc = w.signed_in(SC).await;
        sc.post(&format!("/people/import/{action}"), &[]).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(w.people_count().await, before);
        ca.post(&format!("/people/import/{action}"), &[]).await.assert_status(StatusCode::OK);
        assert_eq!(w.people_count().await, before + 1);
    })
    .await;
}

#[tokio::test]
async fn a_new_preview_replaces_the_same_persons_previous_one() {
    on_backends(|w| async move {
        let mut ca = w.signed_in(CA).await;
        let mut sc = w.signed_in(SC).await;
        let confirm_action = |page: &crate::harness::Page| {
            page.text()
                .split("action=\"/people/import/")
                .nth(1)
                .expect("confirm form")
                .split('"')
                .next()
                .unwrap()
                .to_string()
        };
        let before = w.people_count().await;
        let first =
            format!("{HEADER}\nNia,New,nia@alpha.example.org,Alpha Trust,Nurse,Nursing,afc,5,,\n");
        let second = format!(
            "{HEADER}\nOli,Other,oli@alpha.example.org,Alpha Trust,Nurse,Nursing,afc,5,,\n"
        );
        let res = ca
            .upload("/people/import", "first.csv", first.as_bytes())
            .await;
        res.assert_status(StatusCode::OK);
        let first_id = confirm_action(&res);
        // Someone else's preview is not theirs to replace.
        let res = sc
            .upload("/people/import", "sc.csv", second.as_bytes())
            .await;
        let sc_id = confirm_action(&res);
        let res = ca
            .upload("/people/import", "second.csv", second.as_bytes())
            .await;
        res.assert_status(StatusCode::OK);
        let second_id = confirm_action(&res);
        assert_ne!(first_id, second_id);
        // The first preview is gone: confirming it writes nothing.
        ca.post(&format!("/people/import/{first_id}"), &[])
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(w.people_count().await, before);
        ca.post(&format!("/people/import/{second_id}"), &[])
            .await
            .assert_status(StatusCode::OK);
        assert_eq!(w.people_count().await, before + 1);
        let people = w.ctx.store.all_people(w.scheme).await.unwrap();
        assert!(
            !people
                .iter()
                .any(|p| p.person.email == "nia@alpha.example.org")
        );
        // The scheme coordinator's preview survived (now unchanged: Oli exists).
        sc.post(&format!("/people/import/{sc_id}"), &[])
            .await
            .assert_status(StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_councils_grade_list_is_kept_on_its_page_by_its_coordinator() {
    on_backends(|w| async move {
        let path = format!("/organisations/{}/grades", w.org_b);
        let mut cb = w.signed_in(crate::harness::CB).await;
        let res = cb.get(&path).await;
        res.assert_status(StatusCode::OK);
        assert!(res.contains("Grades of Beta Council"));
        assert!(res.contains("<label class=\"nhsuk-label\" for=\"grades\">"));
        let res = cb
            .post(&path, &[("grades", "Grade G\r\n\r\nGrade  H\r\ngrade g")])
            .await;
        assert_eq!(res.location(), format!("{path}?notice=notice.saved"));
        assert_eq!(
            w.ctx.store.local_grades(w.org_b).await.unwrap(),
            ["Grade G", "Grade H"]
        );
        // The import page links to the councils the importer may import for.
        let res = cb.get("/people/import").await;
        assert!(res.contains("Grades of Beta Council"), "{}", res.text());
        // Alpha Trust's coordinator may not; a trust has no list.
        let mut ca = w.signed_in(CA).await;
        ca.get(&path).await.assert_status(StatusCode::FORBIDDEN);
        let mut sc = w.signed_in(SC).await;
        sc.get(&format!("/organisations/{}/grades", w.org_a))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        sc.get(&path).await.assert_status(StatusCode::OK);
    })
    .await;
}
