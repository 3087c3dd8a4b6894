//! Reading the FTL files as translators see them (shared by the glossary and message tests).
//!
//! Each message is flattened into its variants: a plain message is one text under its key; a
//! message with a selector gives one text per variant, under `key[variant]` (`homes.todo.surveys[one]`).
//! Arguments read `{name}` in the flattened text, and string literals (escapes such as `{ "{" }`)
//! read as what they print.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use tandem_i18n::{Lang, key_of, sources};

/// Every message of one language: (key, flattened variants: suffix → text).
pub fn messages(lang: Lang) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (file, source) in sources(lang) {
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("{file}: {errors:?}"));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let value = message
                    .value
                    .unwrap_or_else(|| panic!("{file}: {} has no value", message.id.name));
                out.insert(
                    key_of(message.id.name),
                    flatten(&value).into_iter().collect(),
                );
            }
        }
    }
    out
}

/// The flattened texts of FTL source (`key` or `key[variant]` → text), for self-tests.
pub fn values_of_source(source: &str) -> BTreeMap<String, String> {
    let resource = fluent_syntax::parser::parse(source).expect("valid FTL");
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let key = key_of(message.id.name);
            for (suffix, text) in flatten(&message.value.expect("a value")) {
                out.insert(format!("{key}{suffix}"), text);
            }
        }
    }
    out
}

/// Every variant of every message as one map: `key` or `key[variant]` → text.
pub fn values(lang: Lang) -> BTreeMap<String, String> {
    messages(lang)
        .into_iter()
        .flat_map(|(key, variants)| {
            variants
                .into_iter()
                .map(move |(suffix, text)| (format!("{key}{suffix}"), text))
        })
        .collect()
}

/// The variables a message uses (in text or as a selector).
pub fn variables(pattern: &Pattern<&str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    walk(pattern, &mut found);
    found
}

fn walk(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            match expression {
                Expression::Select { selector, variants } => {
                    inline_vars(selector, found);
                    for variant in variants {
                        walk(&variant.value, found);
                    }
                }
                Expression::Inline(inline) => inline_vars(inline, found),
            }
        }
    }
}

fn inline_vars(inline: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => {
            if let Expression::Inline(inner) = expression.as_ref() {
                inline_vars(inner, found);
            }
        }
        _ => {}
    }
}

/// (suffix, text) for each combination of variants.
pub fn flatten(pattern: &Pattern<&str>) -> Vec<(String, String)> {
    let mut acc = vec![(String::new(), String::new())];
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                for (_, text) in &mut acc {
                    text.push_str(value);
                }
            }
            PatternElement::Placeable { expression } => match expression {
                Expression::Inline(inline) => {
                    let piece = inline_text(inline);
                    for (_, text) in &mut acc {
                        text.push_str(&piece);
                    }
                }
                Expression::Select { variants, .. } => {
                    let mut next = Vec::new();
                    for (suffix, text) in &acc {
                        for variant in variants {
                            let name = match &variant.key {
                                VariantKey::Identifier { name } => *name,
                                VariantKey::NumberLiteral { value } => *value,
                            };
                            for (inner_suffix, inner_text) in flatten(&variant.value) {
                                next.push((
                                    format!("{suffix}[{name}]{inner_suffix}"),
                                    format!("{text}{inner_text}"),
                                ));
                            }
                        }
                    }
                    acc = next;
                }
            },
        }
    }
    acc
}

fn inline_text(inline: &InlineExpression<&str>) -> String {
    match inline {
        InlineExpression::VariableReference { id } => format!("{{{}}}", id.name),
        InlineExpression::StringLiteral { value } => unescape(value),
        InlineExpression::NumberLiteral { value } => (*value).to_owned(),
        InlineExpression::MessageReference { id, .. } => format!("{{{}}}", key_of(id.name)),
        InlineExpression::Placeable { expression } => match expression.as_ref() {
            Expression::Inline(inner) => inline_text(inner),
            Expression::Select { .. } => "{…}".to_owned(),
        },
        _ => "{…}".to_owned(),
    }
}

/// What a Fluent string literal prints (`\"`, `\\`, `\uXXXX`, `\UXXXXXX`).
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(digits @ ('u' | 'U')) => {
                let n = if digits == 'u' { 4 } else { 6 };
                let hex: String = chars.by_ref().take(n).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The variables of every message of one language.
pub fn variables_by_key(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (file, source) in sources(lang) {
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("{file}: {errors:?}"));
        for entry in resource.body {
            if let Entry::Message(message) = entry
                && let Some(value) = &message.value
            {
                out.insert(key_of(message.id.name), variables(value));
            }
        }
    }
    out
}
