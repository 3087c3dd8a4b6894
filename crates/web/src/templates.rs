//! Page templates (MiniJinja), embedded in the binary.
//!
//! Templates are Tandem's own markup using the `nhsuk-frontend` CSS classes. Output is
//! HTML-escaped automatically (every template ends in `.html`), which is what keeps markup typed
//! into a name field inert. `t("key", name=value)` translates in the page's language, read from
//! the `lang` variable every page context carries.

use crate::assets;
use crate::i18n::{I18n, Lang};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};

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
/// `tandem_storage::COUNT_CAP`), so every capped figure on every page reads alike.
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

/// `t("key", param=value, …)`: the text of `key` in the page's language.
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
