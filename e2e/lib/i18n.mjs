// The application's own translation tables (crates/i18n/locales), so the tests look for the texts
// the pages are built from and follow a change of wording without being edited. What the tests
// assert about those texts (the numbers, names and values filled in) comes from the tests' data.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../crates/i18n/locales/', import.meta.url));

/**
 * One language's table: `<lang>.json` plus every area's `<area>.<lang>.json`, merged as the
 * server merges them (a key defined twice is an error there too).
 */
function load(lang) {
  const table = {};
  const files = readdirSync(dir).filter((f) => f === `${lang}.json` || f.endsWith(`.${lang}.json`)).sort();
  for (const file of files) {
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')))) {
      if (k in table) throw new Error(`locale key ${k} is defined twice (again in ${file})`);
      table[k] = v;
    }
  }
  return table;
}

const tables = { 'en-GB': load('en-GB'), 'nl-NL': load('nl-NL') };

/** The text of `key` in `lang` with `{name}` placeholders filled; an unknown key is an error. */
export function t(lang, key, params = {}) {
  const raw = tables[lang]?.[key];
  if (raw === undefined) throw new Error(`no translation ${lang} ${key}`);
  return raw.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
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
