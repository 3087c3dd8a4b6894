//! One layout for every notice, so that each kind's renderer writes only its words: a greeting,
//! paragraphs, a short list of facts (when, where, who), one call to action with its exact link,
//! and a footer saying why the person got it and where to change that.
//!
//! The HTML part follows the NHS.UK frontend's e-mail conventions (Arial, NHS blue header, a
//! green action link, 16 px text, a single column that reads on a phone); it is built from the
//! same [`Body`] as the plain-text part, so the two never say different things. Every value is
//! escaped; nothing from a payload is trusted as markup.

use super::Rendered;
use tandem_domain::Language;
use tandem_i18n::I18n;

/// The words of one notice.
#[derive(Clone, Debug, Default)]
pub struct Body {
    pub subject: String,
    /// "Dear Priya," (already translated); empty for none.
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// Label and value pairs, e.g. ("When", "Tuesday 4 March 2025, 09:30").
    pub facts: Vec<(String, String)>,
    /// The one thing to do: label and absolute link.
    pub action: Option<(String, String)>,
    /// Links for the footer: the preferences page and one-click unsubscribe (absolute).
    pub preferences_url: Option<String>,
    pub unsubscribe_url: Option<String>,
}

/// "Dear Priya," in the recipient's language ("Hello," for a bare address): one greeting for
/// every notice.
pub fn greeting(to: &super::Recipient) -> String {
    let i18n = I18n::shared();
    if to.name.is_empty() {
        i18n.t(to.language, "notices.greeting_plain")
    } else {
        i18n.t_with(to.language, "notices.greeting", &[("name", &to.name)])
    }
}

/// Builds both parts from `body`, with the footer in `lang`.
pub fn render(lang: Language, body: &Body) -> Rendered {
    Rendered {
        subject: body.subject.clone(),
        text: text(lang, body),
        html: html(lang, body),
        attachments: Vec::new(),
    }
}

fn footer_lines(lang: Language, body: &Body) -> Vec<(String, Option<String>)> {
    let i18n = I18n::shared();
    let mut lines = vec![(i18n.t(lang, "notices.footer.why"), None)];
    if let Some(url) = &body.preferences_url {
        lines.push((
            i18n.t(lang, "notices.footer.preferences"),
            Some(url.clone()),
        ));
    }
    if let Some(url) = &body.unsubscribe_url {
        lines.push((
            i18n.t(lang, "notices.footer.unsubscribe"),
            Some(url.clone()),
        ));
    }
    lines
}

/// The plain-text part: what screen readers in plain mode and text-only mail readers get.
pub fn text(lang: Language, body: &Body) -> String {
    let mut out = String::new();
    if !body.greeting.is_empty() {
        out.push_str(&body.greeting);
        out.push_str("\n\n");
    }
    for p in &body.paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    for (label, value) in &body.facts {
        out.push_str(&format!("{label}: {value}\n"));
    }
    if !body.facts.is_empty() {
        out.push('\n');
    }
    if let Some((label, url)) = &body.action {
        out.push_str(&format!("{label}:\n{url}\n\n"));
    }
    out.push_str("--\n");
    for (line, url) in footer_lines(lang, body) {
        match url {
            Some(url) => out.push_str(&format!("{line}: {url}\n")),
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

/// The HTML part.
pub fn html(lang: Language, body: &Body) -> String {
    let e = escape;
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head>\
         <body style=\"margin:0;padding:0;background:#f0f4f5;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#212b32\">",
        lang.tag(),
        e(&body.subject)
    ));
    out.push_str(
        "<div style=\"background:#005eb8;color:#ffffff;padding:16px 24px;font-weight:bold;font-size:19px\">Tandem</div>\
         <div style=\"max-width:600px;margin:0 auto;padding:24px;background:#ffffff\">",
    );
    out.push_str(&format!(
        "<h1 style=\"font-size:24px;margin:0 0 16px\">{}</h1>",
        e(&body.subject)
    ));
    if !body.greeting.is_empty() {
        out.push_str(&format!("<p>{}</p>", e(&body.greeting)));
    }
    for p in &body.paragraphs {
        out.push_str(&format!("<p>{}</p>", e(p)));
    }
    if !body.facts.is_empty() {
        out.push_str("<dl style=\"margin:0 0 16px\">");
        for (label, value) in &body.facts {
            out.push_str(&format!(
                "<dt style=\"font-weight:bold\">{}</dt><dd style=\"margin:0 0 8px\">{}</dd>",
                e(label),
                e(value)
            ));
        }
        out.push_str("</dl>");
    }
    if let Some((label, url)) = &body.action {
        out.push_str(&format!(
            "<p><a href=\"{}\" style=\"display:inline-block;background:#007f3b;color:#ffffff;\
             padding:12px 16px;font-weight:bold;text-decoration:none;border-radius:4px\">{}</a></p>\
             <p style=\"font-size:14px\">{}</p>",
            e(url),
            e(label),
            e(url)
        ));
    }
    out.push_str("<hr style=\"border:0;border-top:1px solid #d8dde0;margin:24px 0\"><p style=\"font-size:14px;color:#4c6272\">");
    let lines = footer_lines(lang, body);
    let parts: Vec<String> = lines
        .iter()
        .map(|(line, url)| match url {
            Some(url) => format!(
                "<a href=\"{}\" style=\"color:#005eb8\">{}</a>",
                e(url),
                e(line)
            ),
            None => e(line),
        })
        .collect();
    out.push_str(&parts.join("<br>"));
    out.push_str("</p></div></body></html>\n");
    out
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_say_the_same_and_html_is_escaped() {
        let body = Body {
            subject: "Session <confirmed>".into(),
            greeting: "Dear Ann,".into(),
            paragraphs: vec!["A & B".into()],
            facts: vec![("When".into(), "Tuesday".into())],
            action: Some(("Open".into(), "https://x.example/s/1?a=1&b=2".into())),
            preferences_url: Some("https://x.example/notices".into()),
            unsubscribe_url: None,
        };
        let r = render(Language::EnGb, &body);
        assert!(r.text.contains("A & B") && r.text.contains("When: Tuesday"));
        assert!(r.text.contains("https://x.example/s/1?a=1&b=2"));
        assert!(r.html.contains("A &amp; B") && !r.html.contains("<confirmed>"));
        assert!(
            r.html
                .contains("href=\"https://x.example/s/1?a=1&amp;b=2\"")
        );
        assert!(r.html.contains("lang=\"en-GB\""));
    }
}
