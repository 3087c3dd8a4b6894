//! The choice of language for a request. The translations themselves are in `tandem-i18n`.

use axum::http::HeaderMap;

pub use tandem_i18n::{I18n, Lang, fill};

/// Name of the cookie remembering an explicit language choice (`?lang=`).
pub const LANG_COOKIE: &str = "tandem_lang";

/// Picks the language of a request: `?lang=` first (the caller then remembers it in a cookie),
/// then the remembered cookie, then the signed-in person's language, then `Accept-Language`.
pub fn choose(
    query_lang: Option<&str>,
    cookie_lang: Option<&str>,
    person: Option<Lang>,
    headers: &HeaderMap,
) -> Lang {
    if let Some(l) = query_lang.and_then(Lang::from_tag) {
        return l;
    }
    if let Some(l) = cookie_lang.and_then(Lang::from_tag) {
        return l;
    }
    if let Some(l) = person {
        return l;
    }
    accept_language(headers).unwrap_or_default()
}

/// The best supported language in an `Accept-Language` header, honouring q-values.
pub fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let raw = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)?
        .to_str()
        .ok()?;
    let mut best: Option<(f32, usize, Lang)> = None;
    for (pos, part) in raw.split(',').enumerate() {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim();
        let q = bits
            .find_map(|b| {
                b.trim()
                    .strip_prefix("q=")
                    .and_then(|v| v.trim().parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::from_tag(tag).or_else(|| Lang::from_tag(primary)) else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        // Higher q wins; on a tie the earlier entry wins.
        if best.is_none_or(|(bq, bpos, _)| q > bq || (q == bq && pos < bpos)) {
            best = Some((q, pos, lang));
        }
    }
    best.map(|(_, _, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn accept_language_honours_quality() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-FR, en;q=0.5, nl;q=0.8"),
        );
        assert_eq!(accept_language(&h), Some(Lang::NlNl));
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("de, fr"),
        );
        assert_eq!(accept_language(&h), None);
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("en-US,en;q=0.9"),
        );
        assert_eq!(accept_language(&h), Some(Lang::EnGb));
    }

    #[test]
    fn explicit_choice_beats_person_and_header() {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("nl"),
        );
        assert_eq!(
            choose(Some("en"), Some("nl"), Some(Lang::NlNl), &h),
            Lang::EnGb
        );
        assert_eq!(choose(None, Some("nl"), Some(Lang::EnGb), &h), Lang::NlNl);
        assert_eq!(choose(None, None, Some(Lang::EnGb), &h), Lang::EnGb);
        assert_eq!(choose(None, None, None, &h), Lang::NlNl);
        assert_eq!(
            choose(Some("xx"), None, None, &HeaderMap::new()),
            Lang::EnGb
        );
    }
}
