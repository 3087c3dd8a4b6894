use std::time::Instant;
fn main() {
    let d = tandem_demo::generate(1);
    let existing = tandem_demo::generate_people(&d.scheme, &d.organisations, 10_000, 2);
    let file_people = tandem_demo::generate_people(&d.scheme, &d.organisations, 20_000, 3);
    let t = Instant::now();
    let csv = tandem_people_io::export_csv(&file_people, &d.organisations);
    println!("export csv 20k: {:?} ({} bytes)", t.elapsed(), csv.len());
    let t = Instant::now();
    let xlsx = tandem_people_io::export_xlsx(&file_people, &d.organisations);
    println!("export xlsx 20k: {:?} ({} bytes)", t.elapsed(), xlsx.len());
    let t = Instant::now();
    let rows = tandem_people_io::parse(&csv, tandem_people_io::Format::Csv).unwrap();
    println!("parse csv: {:?} {} rows", t.elapsed(), rows.len());
    let t = Instant::now();
    let xrows = tandem_people_io::parse(&xlsx, tandem_people_io::Format::Xlsx).unwrap();
    println!("parse xlsx: {:?} {} rows", t.elapsed(), xrows.len());
    let snap = tandem_people_io::Snapshot { scheme_id: d.scheme.id, organisations: &d.organisations, people: &existing, allowed_organisations: None };
    let t = Instant::now();
    let p = tandem_people_io::validate(&rows, &snap);
    println!("validate 20k rows vs 10k people: {:?} valid={} creates={} updates={} errors={}", t.elapsed(), p.is_valid(), p.creates.len(), p.updates.len(), p.rows_with_errors());
    let t = Instant::now();
    let _ = tandem_demo::generate_people(&d.scheme, &d.organisations, 10_000, 9);
    println!("generate_people 10k: {:?}", t.elapsed());
}
