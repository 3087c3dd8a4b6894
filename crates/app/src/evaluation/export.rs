//! One report table as CSV or XLSX, in the reader's language and exactly as the page shows it
//! (suppressed cells as "fewer than 8" or "–"), so a download never holds more than the page.

use super::{ReportFilter, programme_report};
use crate::export::Export;
use crate::{AppError, AppResult, Context, audit_event};
use tandem_domain::{Actor, ProgrammeId};
use tandem_i18n::Lang;
use tandem_people_io::Format;

/// Makes a value a spreadsheet would run as a formula inert (a leading `'`).
fn inert(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@']) && v.parse::<f64>().is_err() {
        format!("'{v}")
    } else {
        v.to_owned()
    }
}

fn csv_line(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells
        .iter()
        .map(|c| format!("\"{}\"", inert(c).replace('"', "\"\"")))
        .collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The table `name` of a programme's report (with the same filters as the page) as a file. The
/// export is audited (who, which programme and table, the format; no figures).
#[allow(clippy::too_many_arguments)]
pub async fn table_export(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    filter: ReportFilter,
    name: &str,
    format: Format,
    lang: Lang,
) -> AppResult<Export> {
    let report = programme_report(ctx, actor, programme, filter).await?;
    let local = report.localise(lang);
    let table = local
        .tables
        .into_iter()
        .find(|t| t.name == name)
        .ok_or(AppError::NotFound)?;
    let mut header = vec![String::new()];
    header.extend(table.columns.iter().cloned());
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            let mut v = vec![r.label.clone()];
            v.extend(r.cells.iter().cloned());
            v
        })
        .collect();
    let bytes = match format {
        Format::Csv => {
            let mut out = String::from("\u{feff}");
            csv_line(&mut out, std::slice::from_ref(&table.caption));
            csv_line(&mut out, &header);
            for r in &rows {
                csv_line(&mut out, r);
            }
            for n in &table.notes {
                csv_line(&mut out, std::slice::from_ref(n));
            }
            csv_line(&mut out, std::slice::from_ref(&local.rule));
            out.into_bytes()
        }
        Format::Xlsx => {
            let caption = table.caption.clone();
            let mut tail = table.notes.clone();
            tail.push(local.rule.clone());
            tokio::task::spawn_blocking(move || xlsx(&caption, &header, &rows, &tail))
                .await
                .map_err(AppError::internal)?
                .map_err(AppError::internal)?
        }
    };
    audit_event(
        ctx,
        Some(actor),
        "evaluation.export_table",
        format!("programme:{programme}"),
        format!("table={name} format={}", format.extension()),
    )
    .await?;
    let date = ctx.now().format("%Y-%m-%d");
    Ok(Export {
        bytes,
        content_type: format.content_type(),
        file_name: format!("tandem-evaluation-{name}-{date}.{}", format.extension()),
    })
}

fn xlsx(
    caption: &str,
    header: &[String],
    rows: &[Vec<String>],
    tail: &[String],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, caption, &bold)?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, h, &bold)?;
    }
    sheet.set_column_width(0, 36)?;
    let mut r = 2u32;
    for row in rows {
        for (c, v) in row.iter().enumerate() {
            // Text cells, never formulas: what the page shows, character for character.
            sheet.write_string(r, c as u16, v)?;
        }
        r += 1;
    }
    for t in tail {
        sheet.write_string(r, 0, t)?;
        r += 1;
    }
    book.save_to_buffer()
}
