//! Importing and exporting people through the API: only into and out of the caller's own
//! organisations, every bad row listed and nothing written, unreadable files refused, exports
//! that import back unchanged.

use super::{Api, CSV_HEADER};
use crate::harness;
use axum::http::{Method, StatusCode, header};
use serde_json::json;

#[tokio::test]
async fn an_organisation_coordinator_cannot_import_into_or_export_another_organisation() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let csv = format!(
            "{CSV_HEADER}\nOwn,Person,own.person@example.org,Alpha Trust,Nurse,Nursing,afc,5,,en-GB\n\
             Foreign,Person,foreign.person@example.org,Beta Council,Nurse,Nursing,afc,5,,en-GB\n"
        );
        let dry = w.csv("/api/v1/people/import?dry_run=true", &w.a, &csv).await;
        assert_eq!(dry.status, StatusCode::OK);
        let rows = dry.json()["rows"].as_array().unwrap().clone();
        assert!(rows[0]["errors"].as_array().unwrap().is_empty());
        assert_eq!(rows[1]["line"], 3);
        assert_eq!(rows[1]["errors"][0]["column"], "organisation");
        assert_eq!(rows[1]["errors"][0]["code"], "import.organisation_not_allowed");

        let real = w.csv("/api/v1/people/import?dry_run=false", &w.a, &csv).await;
        assert_eq!(real.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(real.has_field("rows.3.organisation", "import.organisation_not_allowed"), "{:?}", real.fields());
        assert_eq!(real.json()["error"]["rows"][0]["line"], 3);
        assert_eq!(w.people_total().await, before, "nothing may be written");

        // The export holds Alpha's people and nobody of Beta's.
        let export = w.get("/api/v1/people/export?format=csv", &w.a).await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(export.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
        assert!(export.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
        let text = String::from_utf8(export.bytes.clone()).unwrap();
        assert!(text.contains("Archer"));
        assert!(!text.contains("Brook") && !text.contains("Bashir"), "{text}");
        assert!(!text.contains("Beta Council"));
    })
    .await;
}

/// 50 rows for Alpha Trust; lines 12, 22 and 32 are bad unless `fixed`.
pub(super) fn fifty_rows(fixed: bool) -> String {
    let mut csv = String::from(CSV_HEADER);
    csv.push('\n');
    for i in 0..50 {
        let line = i + 2;
        let email = if line == 12 && !fixed {
            "not-an-email".to_string()
        } else {
            format!("import{i}@alpha.example")
        };
        let org = if line == 22 && !fixed {
            "Nowhere Trust"
        } else {
            "Alpha Trust"
        };
        let grade = if line == 32 && !fixed { "12" } else { "6" };
        // Everyone after the first reports to the first row's person (a chain inside the file).
        let manager = if i == 0 {
            String::new()
        } else {
            "import0@alpha.example".to_string()
        };
        csv.push_str(&format!(
            "Given{i},Family{i},{email},{org},Staff nurse,Nursing,afc,{grade},{manager},en-GB\n"
        ));
    }
    csv
}

#[tokio::test]
async fn an_import_with_three_bad_rows_of_fifty_lists_them_and_writes_nothing() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let dry = w
            .csv(
                "/api/v1/people/import?dry_run=true",
                &w.sc,
                &fifty_rows(false),
            )
            .await;
        assert_eq!(dry.status, StatusCode::OK);
        let preview = dry.json();
        assert_eq!(preview["valid"], false);
        assert_eq!(preview["rows_with_errors"], 3);
        assert_eq!(preview["rows"].as_array().unwrap().len(), 50);
        let bad: Vec<(u64, String, String)> = preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| {
                r["errors"].as_array().unwrap().iter().map(|e| {
                    (
                        r["line"].as_u64().unwrap(),
                        e["column"].as_str().unwrap().to_string(),
                        e["code"].as_str().unwrap().to_string(),
                    )
                })
            })
            .collect();
        assert_eq!(
            bad,
            vec![
                (12, "email".to_string(), "import.bad_email".to_string()),
                (
                    22,
                    "organisation".to_string(),
                    "import.unknown_organisation".to_string()
                ),
                (32, "grade".to_string(), "import.unknown_grade".to_string()),
            ]
        );
        assert_eq!(w.people_total().await, before, "a dry run writes nothing");

        let real = w
            .csv(
                "/api/v1/people/import?dry_run=false",
                &w.sc,
                &fifty_rows(false),
            )
            .await;
        assert_eq!(real.status, StatusCode::UNPROCESSABLE_ENTITY);
        let lines: Vec<u64> = real.json()["error"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, [12, 22, 32]);
        assert!(real.has_field("rows.22.organisation", "import.unknown_organisation"));
        assert_eq!(
            w.people_total().await,
            before,
            "a refused import writes nothing"
        );

        // Fixed, the file imports in one go, and importing it again changes nothing.
        let ok = w
            .csv(
                "/api/v1/people/import?dry_run=false",
                &w.sc,
                &fifty_rows(true),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.json());
        assert_eq!(ok.json()["created"], 50);
        assert_eq!(w.people_total().await, before + 50);
        let again = w
            .csv(
                "/api/v1/people/import?dry_run=false",
                &w.sc,
                &fifty_rows(true),
            )
            .await
            .json();
        assert_eq!(
            (
                again["created"].as_u64(),
                again["updated"].as_u64(),
                again["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(50))
        );
        assert_eq!(w.people_total().await, before + 50);
        let someone = w
            .get("/api/v1/people?q=import7%40alpha", &w.sc)
            .await
            .json();
        assert_eq!(someone["items"][0]["grade"], "6");
    })
    .await;
}

#[tokio::test]
async fn import_refuses_unreadable_files_and_wrong_content_types() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let before = w.people_total().await;
        let no_columns = w
            .csv(
                "/api/v1/people/import?dry_run=true",
                &w.sc,
                "name,mail\nA,a@example.org\n",
            )
            .await;
        assert_eq!(no_columns.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            // The file's headings are named: no column could be mapped to the required fields.
            no_columns.has_field("file", "import.missing_fields"),
            "{:?}",
            no_columns.fields()
        );
        let quote =
            format!("{CSV_HEADER}\n\"Unclosed,Family,x@example.org,Alpha Trust,a,b,afc,5,,en-GB\n");
        let malformed = w
            .csv("/api/v1/people/import?dry_run=false", &w.sc, &quote)
            .await;
        assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(malformed.fields()[0].0, "file");
        let not_xlsx = w
            .send(
                Method::POST,
                "/api/v1/people/import",
                Some(&w.sc),
                Some(tandem_web::api::XLSX_MIME),
                b"PK\x03\x04 not a zip".to_vec(),
            )
            .await;
        assert_eq!(not_xlsx.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(not_xlsx.fields()[0].0, "file");
        let json_body = w
            .send(
                Method::POST,
                "/api/v1/people/import",
                Some(&w.sc),
                Some("application/json"),
                b"[]".to_vec(),
            )
            .await;
        assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let bad_flag = w
            .csv(
                "/api/v1/people/import?dry_run=maybe",
                &w.sc,
                &fifty_rows(true),
            )
            .await;
        assert_eq!(bad_flag.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad_flag.fields()[0].0, "dry_run");
        // Without `dry_run` nothing is written: previewing is the default.
        let default = w
            .csv("/api/v1/people/import", &w.sc, &fifty_rows(true))
            .await;
        assert_eq!(default.status, StatusCode::OK);
        assert_eq!(default.json()["dry_run"], true);
        assert_eq!(w.people_total().await, before);
    })
    .await;
}

#[tokio::test]
async fn an_export_imports_back_unchanged_in_both_formats() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        for (format, mime) in [("csv", "text/csv"), ("xlsx", tandem_web::api::XLSX_MIME)] {
            let export = w
                .get(&format!("/api/v1/people/export?format={format}"), &w.sc)
                .await;
            assert_eq!(export.status, StatusCode::OK, "{format}");
            assert!(
                export.headers[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with(mime)
            );
            assert!(
                export.headers[header::CONTENT_DISPOSITION]
                    .to_str()
                    .unwrap()
                    .contains(&format!(".{format}"))
            );
            let back = w
                .send(
                    Method::POST,
                    "/api/v1/people/import?dry_run=true",
                    Some(&w.sc),
                    Some(mime),
                    export.bytes.clone(),
                )
                .await;
            assert_eq!(back.status, StatusCode::OK, "{format}: {}", back.json());
            let preview = back.json();
            assert_eq!(preview["valid"], true, "{format}: {preview}");
            assert_eq!(preview["unchanged"], 9, "{format}");
            assert_eq!(preview["creates"], 0);
        }
        let unknown = w.get("/api/v1/people/export?format=pdf", &w.sc).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(unknown.fields()[0].0, "format");
    })
    .await;
}

#[tokio::test]
async fn an_xlsx_workbook_made_elsewhere_imports() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let rows = [
            [
                "Given Name",
                "Family Name",
                "Email",
                "Organisation",
                "Job title",
                "Profession",
                "Grade system",
                "Grade",
                "Line manager email",
                "Language",
            ],
            [
                "Jan",
                "de Vries",
                "jan@zorg.example",
                "Beta Council",
                "Social worker",
                "Social work",
                "la",
                "PO1",
                "",
                "nl-NL",
            ],
            [
                "Els",
                "Bakker",
                "els@zorg.example",
                "beta council",
                "Team manager",
                "Social work",
                "local_authority",
                "SM1",
                "",
                "nl",
            ],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet
                    .write_string(r as u32, c as u16, *cell)
                    .expect("write cell");
            }
        }
        let bytes = book.save_to_buffer().expect("xlsx");
        let r = w
            .send(
                Method::POST,
                "/api/v1/people/import?dry_run=false",
                Some(&w.b),
                Some(tandem_web::api::XLSX_MIME),
                bytes,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json());
        assert_eq!(r.json()["created"], 2);
        let jan = w.get("/api/v1/people?q=jan%40zorg", &w.b).await.json();
        assert_eq!(jan["items"][0]["language"], "nl-NL");
        assert_eq!(jan["items"][0]["organisation_id"], json!(w.org_b));
    })
    .await;
}

#[tokio::test]
async fn the_mapping_is_taken_from_the_request_and_the_preview_says_how_columns_were_read() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let file = "Wie;Mailbox;Werkgever;Post title;Grade\n\
                    Jan van der Berg;jan@beta.example.org;Beta Council;\"Social\nWorker\";Grade G\n";
        // Unmapped, the names are missing: the headings are named.
        let res = w.csv("/api/v1/people/import", &w.sc, file).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.has_field("file", "import.missing_fields"), "{:?}", res.fields());
        let res = w
            .csv(
                "/api/v1/people/import?map=Wie%3Dfull_name&map=mailbox%3Demail",
                &w.sc,
                file,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK);
        let body = res.json();
        assert_eq!(body["valid"], json!(true), "{body}");
        assert_eq!(body["columns"][0], json!({"heading": "Wie", "field": "full_name", "suggested": "ignore"}));
        assert_eq!(body["rows"][0]["line"], json!(2));
        assert_eq!(body["rows_with_warnings"], json!(1));
        assert_eq!(body["rows"][0]["warnings"][0]["code"], json!("import.new_local_grade"));
        let res = w
            .csv("/api/v1/people/import?map=Wie%3Dnickname", &w.sc, file)
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.has_field("map", "import.bad_map"), "{:?}", res.fields());

        // Committed: the council's list has the grade, readable and replaceable over the API.
        let before = w.people_total().await;
        let res = w
            .csv(
                "/api/v1/people/import?dry_run=false&map=Wie%3Dfull_name&map=mailbox%3Demail",
                &w.sc,
                file,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.json());
        assert_eq!(w.people_total().await, before + 1);
        let path = format!("/api/v1/organisations/{}/grades", w.org_b);
        let res = w.get(&path, &w.b).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.json()["grades"], json!(["Grade G"]));
        let res = w
            .json(Method::PUT, &path, &w.b, &json!({"grades": ["Grade G", "Grade H"]}))
            .await;
        assert_eq!(res.json()["grades"], json!(["Grade G", "Grade H"]));
        let res = w
            .json(Method::PUT, &path, &w.a, &json!({"grades": []}))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let trust = format!("/api/v1/organisations/{}/grades", w.org_a);
        assert_eq!(w.get(&trust, &w.sc).await.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn organisations_are_imported_by_the_scheme_coordinator_once() {
    harness::on_backends(|w| async move {
        let w = Api::new(w).await;
        let file = "name,kind,country\nAlpha Trust,nhs_trust,GB\nGamma Care,charity,GB\n";
        let res = w.csv("/api/v1/organisations/import", &w.sc, file).await;
        assert_eq!(res.status, StatusCode::OK);
        let body = res.json();
        assert_eq!(
            (body["creates"].clone(), body["unchanged"].clone()),
            (json!(1), json!(1))
        );
        assert_eq!(body["rows"][0]["action"], json!("unchanged"));
        let res = w
            .csv("/api/v1/organisations/import?dry_run=false", &w.sc, file)
            .await;
        assert_eq!(res.json()["created"], json!(1));
        let bad = "name,kind,country\nDelta,hospital,GB\n";
        let res = w
            .csv("/api/v1/organisations/import?dry_run=false", &w.sc, bad)
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.has_field("rows.2.kind", "import.organisations.unknown_kind"),
            "{:?}",
            res.fields()
        );
        let res = w.csv("/api/v1/organisations/import", &w.a, file).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
    })
    .await;
}
