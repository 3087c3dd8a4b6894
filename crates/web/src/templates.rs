//! Page templates (MiniJinja), embedded in the binary.
//!
//! Templates are Tandem's own markup using the `nhsuk-frontend` CSS classes. Output is
//! HTML-escaped automatically (every template ends in `.html`), which is what keeps markup typed
//! into a name field inert. `t("key", name=value)` translates in the page's language, read from
//! the `lang` variable every page context carries. Dates and times are written by the filters
//! `date`, `datetime` and `time` (see [`date_filter`]); the ISO text stays in `datetime`
//! attributes and form values, where machines read it.

use crate::assets;
use crate::i18n::{I18n, Lang};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};
use tandem_i18n::dates::{self, When};

/// The core templates: (name, source). Each page area lists its own; `pages::templates` has them all.
pub(crate) const CORE: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("sign_in.html", include_str!("../templates/sign_in.html")),
    (
        "forgot_password.html",
        include_str!("../templates/forgot_password.html"),
    ),
    (
        "set_password.html",
        include_str!("../templates/set_password.html"),
    ),
    ("message.html", include_str!("../templates/message.html")),
    (
        "dashboard.html",
        include_str!("../templates/dashboard.html"),
    ),
    (
        "organisations.html",
        include_str!("../templates/organisations.html"),
    ),
    (
        "organisation_form.html",
        include_str!("../templates/organisation_form.html"),
    ),
    (
        "programmes.html",
        include_str!("../templates/programmes.html"),
    ),
    (
        "programme.html",
        include_str!("../templates/programme.html"),
    ),
    (
        "assessments/notice.html",
        include_str!("../templates/assessments/notice.html"),
    ),
    (
        "programme_form.html",
        include_str!("../templates/programme_form.html"),
    ),
    (
        "intake_form.html",
        include_str!("../templates/intake_form.html"),
    ),
    ("people.html", include_str!("../templates/people.html")),
    ("person.html", include_str!("../templates/person.html")),
    (
        "person_form.html",
        include_str!("../templates/person_form.html"),
    ),
    ("import.html", include_str!("../templates/import.html")),
    (
        "import_preview.html",
        include_str!("../templates/import_preview.html"),
    ),
    ("account.html", include_str!("../templates/account.html")),
];

/// The compiled template environment.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Compiles `sources` (name, text), every page area's (see `pages::templates`).
    pub fn new<'a>(sources: impl IntoIterator<Item = &'a (&'static str, &'static str)>) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("valid syntax config"),
        );
        for (name, source) in sources {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("template {name} does not compile: {e}"));
        }
        env.add_function("t", translate);
        env.add_function("number", number);
        env.add_function("profession", crate::words::profession_fn);
        env.add_function("grade", crate::words::grade_fn);
        env.add_function("professions", crate::words::professions_fn);
        // Asset URLs are built here, not typed by anyone: marked safe so they are not entity-encoded.
        env.add_function("asset", |name: &str| {
            Value::from_safe_string(assets::url(name))
        });
        // Dates and times in words, the reader's way (`tandem_i18n::dates`, CLDR data).
        env.add_filter("date", date_filter);
        env.add_filter("datetime", datetime_filter);
        env.add_filter("time", time_filter);
        Self { env }
    }

    /// Renders a template with the given context.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String, Error> {
        self.env.get_template(name)?.render(ctx)
    }
}

/// `n` with its thousands grouped the reader's way ("1,000" in English, "1.000" in Dutch).
pub(crate) fn grouped(n: u64, lang: Lang) -> String {
    let sep = match lang {
        Lang::EnGb => ',',
        Lang::NlNl => '.',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `number(n, more=false)`: a count with its thousands grouped the reader's way ("10,000",
/// "10.000"), and "+" after it when it is a lower bound (`more`: the store counted no further, see
/// `tandem_storage::COUNT_CAP`), so every capped figure on every page reads alike. Pass it as a
/// message's `count` (see `translate`): the plural follows it.
fn number(state: &State, n: u64, kwargs: Kwargs) -> Result<String, Error> {
    let more: Option<bool> = kwargs.get("more")?;
    kwargs.assert_all_used()?;
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::from_tag))
        .unwrap_or_default();
    let mut out = grouped(n, lang);
    if more == Some(true) {
        out.push('+');
    }
    Ok(out)
}

/// `t("key", param=value, …)`: the text of `key` in the page's language (a Fluent message, see
/// `tandem-i18n`). Values are passed as text; a whole number (`count=3`, `count=number(n)` for
/// n < 1000) also selects the message's plural variant by the language's CLDR rules, and a
/// grouped or capped figure from `number()` ("1,000", "1,000+") reads as written and takes the
/// `other` variant. So a count is one key: `t("lists.people", count=number(n))`.
fn translate(state: &State, key: &str, kwargs: Kwargs) -> Result<String, Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::from_tag))
        .unwrap_or_default();
    let mut params: Vec<(String, String)> = Vec::new();
    for name in kwargs.args() {
        let v: Value = kwargs.get(name)?;
        params.push((name.to_string(), v.to_string()));
    }
    kwargs.assert_all_used()?;
    let params: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let i18n = I18n::shared();
    if !i18n.has(Lang::EnGb, key) {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("unknown translation key {key}"),
        ));
    }
    Ok(i18n.t_with(lang, key, &params))
}

/// Translation keys written literally as `t("…")` in the templates (for the consistency test).
pub fn literal_keys<'a>(
    sources: impl IntoIterator<Item = &'a (&'static str, &'static str)>,
) -> Vec<String> {
    let mut keys = Vec::new();
    for (_, source) in sources {
        for quote in ['"', '\''] {
            let pat = format!("t({quote}");
            let mut from = 0;
            while let Some(i) = source[from..].find(&pat).map(|i| i + from) {
                let standalone = source[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
                let after = &source[i + pat.len()..];
                // A key ending in "." is a prefix completed at run time (`t("mode." ~ m)`).
                if standalone
                    && let Some(end) = after.find(quote)
                    && !after[..end].ends_with('.')
                {
                    keys.push(after[..end].to_string());
                }
                from = i + pat.len();
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The page's language, from the `lang` variable every page context carries.
fn page_lang(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::from_tag))
        .unwrap_or_default()
}

/// The zone instants are shown in: the page's `zone` variable, which every signed-in page
/// carries (the reader's zone, from their primary employer's country: see `render::base`), else
/// the scheme's default zone. Times the use cases have already
/// placed on the reader's wall clock (sessions and set meetings, in the zone of the reader's
/// organisation) arrive as local text and are not converted again.
fn page_zone(state: &State) -> String {
    state
        .lookup("zone")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| tandem_domain::TimeZone::default().name().to_string())
}

/// The zone a filter shows instants in: its `zone=` argument where the page says which (a text
/// that names its zone, such as "(UTC)"), else [`page_zone`].
fn zone_of(state: &State, kwargs: &Kwargs) -> Result<String, Error> {
    let zone: Option<String> = kwargs.get("zone")?;
    Ok(zone.unwrap_or_else(|| page_zone(state)))
}

/// The value as a date or time, or `None` for none (an empty cell) and `Err` with the text for
/// anything that is not one (shown unchanged, so an unexpected value is visible, not lost).
fn when_of(value: &Value) -> Option<Result<When, String>> {
    if value.is_undefined() || value.is_none() {
        return None;
    }
    let text = value.to_string();
    if text.is_empty() {
        return None;
    }
    Some(When::parse(&text).ok_or(text))
}

/// `value | date(weekday=false, zone=…)`: "5 December 2026" / "5 december 2026" ("Saturday, 5 December
/// 2026" with `weekday=true`). Takes a date, a local date and time, or an instant (its date in
/// the reader's zone).
fn date_filter(state: &State, value: Value, kwargs: Kwargs) -> Result<String, Error> {
    let weekday: Option<bool> = kwargs.get("weekday")?;
    let zone = zone_of(state, &kwargs)?;
    kwargs.assert_all_used()?;
    Ok(match when_of(&value) {
        None => String::new(),
        Some(Err(text)) => text,
        Some(Ok(w)) => {
            let d = w.local(&zone).date();
            if weekday == Some(true) {
                dates::weekday_date(page_lang(state), d)
            } else {
                dates::date(page_lang(state), d)
            }
        }
    })
}

/// `value | datetime(weekday=false, zone=…)`: "5 December 2026 at 09:30" / "5 december 2026 om 09:30",
/// on the reader's wall clock; a bare date is written as a date.
fn datetime_filter(state: &State, value: Value, kwargs: Kwargs) -> Result<String, Error> {
    let weekday: Option<bool> = kwargs.get("weekday")?;
    let zone = zone_of(state, &kwargs)?;
    kwargs.assert_all_used()?;
    let weekday = weekday == Some(true);
    let lang = page_lang(state);
    Ok(match when_of(&value) {
        None => String::new(),
        Some(Err(text)) => text,
        Some(Ok(When::Date(d))) if weekday => dates::weekday_date(lang, d),
        Some(Ok(When::Date(d))) => dates::date(lang, d),
        Some(Ok(w)) => dates::local_date_time(lang, w.local(&zone), weekday),
    })
}

/// `value | time(zone=…)`: "09:30", on the reader's wall clock. Takes a time of day ("09:30") too.
fn time_filter(state: &State, value: Value, kwargs: Kwargs) -> Result<String, Error> {
    let zone = zone_of(state, &kwargs)?;
    kwargs.assert_all_used()?;
    let lang = page_lang(state);
    Ok(match when_of(&value) {
        None => String::new(),
        Some(Ok(w)) => dates::time(lang, w.local(&zone).time()),
        Some(Err(text)) => match chrono::NaiveTime::parse_from_str(&text, "%H:%M")
            .or_else(|_| chrono::NaiveTime::parse_from_str(&text, "%H:%M:%S"))
        {
            Ok(t) => dates::time(lang, t),
            Err(_) => text,
        },
    })
}
