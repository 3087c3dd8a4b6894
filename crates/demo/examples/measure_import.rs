//! Measures import and export at the largest accepted size (20,000 rows against a scheme of
//! 10,000 people). A measurement, not a test: run with
//! `cargo run --release -p tandem-demo --example measure_import`.

use std::time::Instant;
use tandem_people_io::{Format, Snapshot, export_csv, export_xlsx, parse, validate};

fn main() {
    let d = tandem_demo::generate(1);
    let existing = tandem_demo::generate_people(&d.scheme, &d.organisations, 10_000, 2);
    let file_people = tandem_demo::generate_people(&d.scheme, &d.organisations, 20_000, 3);

    let t = Instant::now();
    let csv = export_csv(&file_people, &d.organisations);
    println!(
        "export CSV, 20,000 people: {:?} ({} bytes)",
        t.elapsed(),
        csv.len()
    );
    let t = Instant::now();
    let xlsx = export_xlsx(&file_people, &d.organisations);
    println!(
        "export XLSX, 20,000 people: {:?} ({} bytes)",
        t.elapsed(),
        xlsx.len()
    );

    let t = Instant::now();
    let rows = parse(&csv, Format::Csv).expect("own export parses");
    println!("parse CSV: {:?} ({} rows)", t.elapsed(), rows.len());
    let t = Instant::now();
    let xlsx_rows = parse(&xlsx, Format::Xlsx).expect("own export parses");
    println!("parse XLSX: {:?} ({} rows)", t.elapsed(), xlsx_rows.len());

    let snap = Snapshot {
        scheme_id: d.scheme.id,
        organisations: &d.organisations,
        people: &existing,
        allowed_organisations: None,
    };
    let t = Instant::now();
    let p = validate(&rows, &snap);
    println!(
        "validate 20,000 rows against 10,000 people: {:?} (valid: {}, creates: {}, updates: {})",
        t.elapsed(),
        p.is_valid(),
        p.creates.len(),
        p.updates.len()
    );

    let t = Instant::now();
    let people = tandem_demo::generate_people(&d.scheme, &d.organisations, 10_000, 9);
    println!(
        "generate_people, 10,000: {:?} ({} people)",
        t.elapsed(),
        people.len()
    );
}
