// Tandem's pages as a reader meets them: every element is found by its role and accessible name
// or by its label, as a screen-reader user would find it. If a step here cannot be written that
// way, the page lacks a label and that is a bug to fix in the page, not here.
import assert from 'node:assert/strict';
import { en, pattern } from './i18n.mjs';

/** The English texts the tests look for, from the application's own en-GB table. */
export const EN = {
  signInTitle: en('sign_in.title'),
  email: en('field.email'),
  password: en('field.password'),
  signInButton: en('sign_in.button'),
  signInFailed: en('error.sign_in_failed'),
  signOut: en('nav.sign_out'),
  signedOut: en('notice.signed_out'),
  problem: en('error.summary_title'),
  dashboardTitle: en('dashboard.title'),
  dashboard: en('nav.dashboard'),
  peopleByOrganisation: en('dashboard.people_by_organisation'),
  menu: en('nav.menu_label'),
  menuMore: `${en('phone.menu_more_hidden')} ${en('phone.menu_more')}`,
  account: en('nav.account_label'),
  people: en('nav.people'),
  peopleTitle: en('people.title'),
  organisations: en('nav.organisations'),
  organisationsTitle: en('organisations.title'),
  programmes: en('nav.programmes'),
  peopleTable: en('people.table_caption'),
  searchForm: en('people.search_label'),
  search: en('people.search'),
  searchButton: en('people.apply'),
  organisation: en('field.organisation'),
  next: en('people.next'),
  previous: en('people.previous'),
  pages: en('people.pagination'),
  noPeople: en('people.none'),
};

/** `s` as a literal inside a RegExp. */
export const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Clicks something that loads a new document (a link or a form's button) and waits for it. */
export async function follow(page, locator) {
  await Promise.all([page.waitForEvent('load'), locator.click()]);
}

/** The page's main heading, asserted to read `text` (a string or a RegExp). */
export async function assertHeading(page, text) {
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  const actual = (await h1.innerText()).trim();
  if (text instanceof RegExp) assert.match(actual, text);
  else assert.equal(actual, text);
}

/**
 * Signs in with the English form. With `english: true` the language is chosen explicitly first,
 * so that people whose own language is Dutch get English pages too.
 */
export async function signIn(page, demo, email, { english = false } = {}) {
  await page.goto(demo.url(english ? '/sign-in?lang=en-GB' : '/sign-in'));
  await assertHeading(page, EN.signInTitle);
  await page.getByLabel(EN.email, { exact: true }).fill(email);
  await page.getByLabel(EN.password, { exact: true }).fill(demo.password);
  await follow(page, page.getByRole('button', { name: EN.signInButton, exact: true }));
  assert.equal(new URL(page.url()).pathname, '/dashboard', `signing in as ${email} should open the dashboard`);
}

export async function signOut(page) {
  await follow(page, page.getByRole('button', { name: EN.signOut, exact: true }));
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await page.getByText(EN.signedOut).waitFor();
}

/**
 * Follows a link of the main menu (the header navigation). When the page's script has folded the
 * entries that do not fit into the menu's "More" list (NHS.UK header pattern), it opens that first,
 * as a reader would.
 */
export async function openFromMenu(page, name) {
  const menu = page.getByRole('navigation', { name: EN.menu, exact: true });
  const link = menu.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) {
    const more = menu.getByRole('button', { name: EN.menuMore, exact: true });
    if (await more.isVisible()) await more.click();
  }
  await follow(page, link);
}

/**
 * The people list's total ("412 people", "1 person", or "1,000+ people" when the list stops
 * counting) → {total, more}. The list pages by cursor, so a page says how many match, not where
 * it starts; `more` is true when `total` is the cap rather than the exact number.
 */
export async function peopleCounts(page, lang = 'en-GB') {
  const forms = [
    ['lists.people.more', true],
    ['lists.people.one', false],
    ['lists.people.other', false],
  ].map(([key, more]) => [new RegExp(`^${pattern(lang, key, { text: ['count'] }).source}$`), more]);
  const any = new RegExp(forms.map(([re]) => `(?:${re.source.replace(/\(\?<count>/g, '(')})`).join('|'));
  const text = (await page.getByRole('status').filter({ hasText: any }).innerText()).trim();
  for (const [re, more] of forms) {
    const m = text.match(re);
    if (m) return { total: Number(m.groups.count.replace(/\D/g, '')), more };
  }
  assert.fail(`people count not understood: ${text}`);
}

/**
 * The rows of the people table: name, link to the profile, organisation, job title, profession,
 * grade. The "No people match" row yields nothing.
 */
export async function peopleRows(page) {
  const table = page.getByRole('table', { name: EN.peopleTable, exact: true });
  await table.waitFor();
  const out = [];
  for (const row of await table.getByRole('row').all()) {
    const cells = await row.getByRole('cell').all();
    if (cells.length < 5) continue; // the header row, or the "no people" row
    const link = cells[0].getByRole('link');
    const texts = await Promise.all(cells.map((c) => c.innerText()));
    out.push({
      name: (await link.innerText()).trim(),
      href: new URL(await link.getAttribute('href'), page.url()).href,
      organisation: texts[1].trim(),
      jobTitle: texts[2].trim(),
      profession: texts[3].trim(),
      grade: texts[4].trim(),
    });
  }
  return out;
}

/** The organisations table: name, kind and country of each row. */
export async function organisationRows(page) {
  const table = page.getByRole('table', { name: EN.organisationsTitle, exact: true });
  await table.waitFor();
  const out = [];
  for (const row of await table.getByRole('row').all()) {
    const header = row.getByRole('rowheader');
    if ((await header.count()) !== 1) continue;
    const cells = await row.getByRole('cell').all();
    out.push({
      name: (await header.innerText()).trim(),
      kind: (await cells[0].innerText()).trim(),
      country: (await cells[1].innerText()).trim(),
    });
  }
  return out;
}

/** The "People by organisation" table of the dashboard, as a Map of name → count. */
export async function peopleByOrganisation(page) {
  const table = page.getByRole('table', { name: EN.peopleByOrganisation, exact: true });
  await table.waitFor();
  const out = new Map();
  for (const row of await table.getByRole('row').all()) {
    const header = row.getByRole('rowheader');
    if ((await header.count()) !== 1) continue;
    const cells = await row.getByRole('cell').all();
    out.set((await header.innerText()).trim(), Number((await cells[cells.length - 1].innerText()).trim()));
  }
  return out;
}

/** Searches the people list for `text` with the search form. */
export async function searchPeople(page, text) {
  const form = page.getByRole('search', { name: EN.searchForm, exact: true });
  await form.getByLabel(EN.search, { exact: true }).fill(text);
  await follow(page, form.getByRole('button', { name: EN.searchButton, exact: true }));
}

/** Asserts no script errors, console errors or failed sub-resources on the page so far. */
export function assertNoScriptErrors(page) {
  assert.deepEqual(page.scriptErrors, [], 'script errors, console errors or failed assets');
}
