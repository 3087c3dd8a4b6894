//! A report in one language: every label, header and figure as the text a reader sees. Pages,
//! the printable report and the CSV/XLSX exports all show this, so a figure reads the same in
//! each (statistics to 2 decimals, p as "< 0.001" below a thousandth, Dutch decimal commas).

use super::{Chart, Label, Report, Shown, Table};
use serde::Serialize;
use tandem_i18n::{I18n, Lang};
use tandem_stats::suppress::Cell;

/// One row in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalRow {
    pub label: String,
    pub cells: Vec<String>,
}

/// One bar or point of a chart in words and numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalPoint {
    pub label: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The value as the table shows it.
    pub text: String,
}

/// A chart ready to draw.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalChart {
    /// `bars` or `intervals`.
    pub kind: &'static str,
    pub low: f64,
    pub high: f64,
    pub percent: bool,
    pub points: Vec<LocalPoint>,
}

/// One table in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalTable {
    pub name: String,
    pub section: &'static str,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<LocalRow>,
    pub chart: Option<LocalChart>,
    pub notes: Vec<String>,
}

/// A report in one language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocalReport {
    pub tables: Vec<LocalTable>,
    /// "Evidence up to Barr level 2b", or that no level was reached.
    pub evidence: String,
    /// The suppression rule in words.
    pub rule: String,
}

fn label(i: &I18n, lang: Lang, l: &Label) -> String {
    match l {
        Label::Key(k) => i.t(lang, k),
        Label::Text(t) => t.clone(),
        Label::Local(t) => t.get(lang.tag()).to_owned(),
        Label::Pair(a, b) => format!("{}: {}", label(i, lang, a), label(i, lang, b)),
    }
}

fn decimals(lang: Lang, v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    // "-0.00" reads as a negative nothing.
    let s = if s
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_owned()
    } else {
        s
    };
    if lang == Lang::NlNl {
        s.replace('.', ",")
    } else {
        s
    }
}

/// A number for a data file: as short as it is exact (`3`, `2.5`), a decimal point always.
pub(super) fn figure_free(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A figure as the reader sees it.
pub(super) fn figure(i: &I18n, lang: Lang, s: &Shown) -> String {
    let none = || "–".to_owned();
    match s {
        Shown::Count(Cell::Exact(v) | Cell::Rounded(v)) => v.to_string(),
        Shown::Count(Cell::Zero) => "0".into(),
        Shown::Count(Cell::FewerThan(n)) => {
            i.t_with(lang, "evaluation.fewer_than", &[("n", &n.to_string())])
        }
        Shown::Count(Cell::Secondary) => none(),
        Shown::Percent(p) => p.map_or_else(none, |p| format!("{} %", decimals(lang, p, 0))),
        Shown::Statistic(v) => v.map_or_else(none, |v| decimals(lang, v, 2)),
        Shown::P(p) => p.map_or_else(none, |p| {
            if p < 0.001 {
                format!("< {}", decimals(lang, 0.001, 3))
            } else {
                decimals(lang, p, 3)
            }
        }),
        Shown::Interval(iv) => iv.map_or_else(none, |(l, h)| {
            let sep = if lang == Lang::NlNl { "; " } else { ", " };
            format!("[{}{sep}{}]", decimals(lang, l, 2), decimals(lang, h, 2))
        }),
    }
}

fn table(i: &I18n, lang: Lang, t: &Table) -> LocalTable {
    let chart = t.chart.as_ref().map(|c| match c {
        Chart::Bars {
            max,
            percent,
            points,
        } => LocalChart {
            kind: "bars",
            low: 0.0,
            high: *max,
            percent: *percent,
            points: points
                .iter()
                .map(|p| LocalPoint {
                    label: label(i, lang, &p.label),
                    value: p.value,
                    low: None,
                    high: None,
                    text: match p.value {
                        Some(v) if *percent => format!("{} %", decimals(lang, v, 0)),
                        Some(v) => decimals(lang, v, 0),
                        None => i.t(lang, "evaluation.chart.hidden"),
                    },
                })
                .collect(),
        },
        Chart::Intervals { low, high, points } => LocalChart {
            kind: "intervals",
            low: *low,
            high: *high,
            percent: false,
            points: points
                .iter()
                .map(|p| LocalPoint {
                    label: label(i, lang, &p.label),
                    value: p.value,
                    low: p.low,
                    high: p.high,
                    text: match (p.value, p.low, p.high) {
                        (Some(v), Some(l), Some(h)) => format!(
                            "{} {}",
                            decimals(lang, v, 2),
                            figure(i, lang, &Shown::Interval(Some((l, h))))
                        ),
                        (Some(v), _, _) => decimals(lang, v, 2),
                        _ => i.t(lang, "evaluation.chart.hidden"),
                    },
                })
                .collect(),
        },
    });
    LocalTable {
        name: t.name.clone(),
        section: t.section,
        caption: label(i, lang, &t.caption),
        columns: t.columns.iter().map(|k| i.t(lang, k)).collect(),
        rows: t
            .rows
            .iter()
            .map(|r| super::LocalRow {
                label: label(i, lang, &r.label),
                cells: r.cells.iter().map(|c| figure(i, lang, c)).collect(),
            })
            .collect(),
        chart,
        // Filled by `Report::localise`, which knows the rule the notes name.
        notes: Vec::new(),
    }
}

impl Report {
    /// The report in `lang`, every figure formatted as the reader sees it.
    pub fn localise(&self, lang: Lang) -> LocalReport {
        let i = I18n::shared();
        let threshold = self.rule.threshold.to_string();
        let rounding = self.rule.rounding.to_string();
        let min = self.rule.min_for_statistics.to_string();
        let params = [
            ("threshold", threshold.as_str()),
            ("rounding", rounding.as_str()),
            ("min", min.as_str()),
        ];
        let mut tables: Vec<LocalTable> = self.tables.iter().map(|t| table(i, lang, t)).collect();
        for (lt, t) in tables.iter_mut().zip(&self.tables) {
            lt.notes = t.notes.iter().map(|k| i.t_with(lang, k, &params)).collect();
        }
        let evidence = match self.evidence {
            Some(b) => i.t_with(lang, "evaluation.evidence.reached", &[("level", b.code())]),
            None => i.t(lang, "evaluation.evidence.none"),
        };
        let mut rule = i.t_with(
            lang,
            if self.level == "scheme" {
                "evaluation.rule.scheme"
            } else {
                "evaluation.rule.below"
            },
            &params,
        );
        if !self.rule.reason.trim().is_empty() {
            rule.push(' ');
            rule.push_str(&i.t_with(
                lang,
                "evaluation.rule.reason",
                &[("reason", self.rule.reason.trim())],
            ));
        }
        LocalReport {
            tables,
            evidence,
            rule,
        }
    }
}
