// The application's own translation tables (crates/i18n/locales), so the tests look for the texts
// the pages are built from and follow a change of wording without being edited. What the tests
// assert about those texts (the numbers, names and values filled in) comes from the tests' data.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentNumber, FluentResource } from '@fluent/bundle';

const dir = fileURLToPath(new URL('../../crates/i18n/locales/', import.meta.url));

/** A Tandem key as its Fluent message id: the same reversible mapping as
 *  `tandem_i18n::fluent_id` (`-` -> `--`, `/` -> `__`, `.` -> `-`). */
const fluentId = (key) => key.replace(/-/g, '--').replace(/\//g, '__').replace(/\./g, '-');

/** One language's messages: every `<lang>/<area>.ftl`, as the server loads them (a message
 *  defined twice, or a syntax error, is an error here too). */
function load(lang) {
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const folder = `${dir}${lang}/`;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ftl')).sort()) {
    const errors = bundle.addResource(new FluentResource(readFileSync(`${folder}${file}`, 'utf8')));
    if (errors.length) throw new Error(`locale ${lang}/${file}: ${errors.map(String).join('; ')}`);
  }
  return bundle;
}

const bundles = { 'en-GB': load('en-GB'), 'nl-NL': load('nl-NL') };

/** The variables a message selects on (its plural selectors). */
function selectors(pattern, out = new Set()) {
  if (!Array.isArray(pattern)) return out;
  for (const el of pattern) {
    if (el?.type === 'select') {
      if (el.selector?.type === 'var') out.add(el.selector.name);
      for (const v of el.variants) selectors(v.value, out);
    }
  }
  return out;
}

/**
 * The text of `key` in `lang` with its arguments filled; an unknown key is an error. Whole
 * numbers go in as numbers (so a plural picks its variant, printed without grouping as the
 * server prints them); a placeholder left unfilled stays as `{name}`. The old pair keys
 * `X.one` / `X.other` still name message `X` with the singular or the plural forced.
 */
export function t(lang, key, params = {}) {
  const bundle = bundles[lang];
  let msg = bundle.getMessage(fluentId(key));
  let forced;
  if (!msg) {
    const m = key.match(/^(.*)\.(one|other)$/);
    if (m) {
      msg = bundle.getMessage(fluentId(m[1]));
      forced = m[2];
    }
  }
  if (!msg?.value) throw new Error(`no translation ${lang} ${key}`);
  const args = {};
  for (const [k, v] of Object.entries(params)) {
    args[k] = typeof v === 'number' || /^\d+$/.test(String(v))
      ? new FluentNumber(Number(v), { useGrouping: false })
      : String(v);
  }
  if (forced === 'one') {
    for (const name of selectors(msg.value)) if (!(name in args)) args[name] = new FluentNumber(1);
  }
  const errors = [];
  const out = bundle.formatPattern(msg.value, args, errors);
  return out.replace(/\{\$(\w+)\}/g, '{$1}');
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A RegExp matching the text of `key` with each `{name}` placeholder captured as a named group of
 * digits (or of any text when listed in `text`): for reading counts back out of a page.
 */
export function pattern(lang, key, { text = [] } = {}) {
  const raw = t(lang, key);
  let out = '';
  let last = 0;
  for (const m of raw.matchAll(/\{(\w+)\}/g)) {
    out += escape(raw.slice(last, m.index));
    out += text.includes(m[1]) ? `(?<${m[1]}>.+?)` : `(?<${m[1]}>\\d+)`;
    last = m.index + m[0].length;
  }
  return new RegExp(out + escape(raw.slice(last)));
}

/** `t` bound to English, the language of most tests. */
export const en = (key, params) => t('en-GB', key, params);
/** `t` bound to Dutch. */
export const nl = (key, params) => t('nl-NL', key, params);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** An ISO date (YYYY-MM-DD) as the pages write it in en-GB: "5 December 2026" (CLDR's long
 *  date, tandem_i18n::dates; a weekday, where shown, comes before it). */
export function dateInWords(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}
