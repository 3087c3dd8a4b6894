// Tandem's pages as a reader meets them: every element is found by its role and accessible name
// or by its label, as a screen-reader user would find it. If a step here cannot be written that
// way, the page lacks a label and that is a bug to fix in the page, not here.
import assert from 'node:assert/strict';

/** The English texts the tests look for (crates/web/locales/en-GB.json). */
export const EN = {
  signInTitle: 'Sign in',
  email: 'Email address',
  password: 'Password',
  signInButton: 'Sign in',
  signOut: 'Sign out',
  signedOut: 'You have signed out',
  dashboardTitle: 'Scheme dashboard',
  peopleByOrganisation: 'People by organisation',
  menu: 'Menu',
  people: 'People',
  organisations: 'Organisations',
  programmes: 'Programmes',
  peopleTable: 'People matching the search',
  search: 'Name or email address',
  searchButton: 'Search',
  next: 'Next',
  previous: 'Previous',
  pages: 'Pages of results',
  noPeople: 'No people match the search',
};

/** Clicks something that loads a new document (a link or a form's button) and waits for it. */
export async function follow(page, locator) {
  const loaded = page.waitForEvent('load');
  await locator.click();
  await loaded;
}

/** The page's main heading, asserted to read `text` (a string or a RegExp). */
export async function assertHeading(page, text) {
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.waitFor();
  const actual = (await h1.innerText()).trim();
  if (text instanceof RegExp) assert.match(actual, text);
  else assert.equal(actual, text);
}

export async function signIn(page, demo, email, texts = EN) {
  await page.goto(demo.url('/sign-in'));
  await assertHeading(page, texts.signInTitle);
  await page.getByLabel(texts.email, { exact: true }).fill(email);
  await page.getByLabel(texts.password, { exact: true }).fill(demo.password);
  await follow(page, page.getByRole('button', { name: texts.signInButton, exact: true }));
  assert.equal(new URL(page.url()).pathname, '/dashboard', `signing in as ${email} should open the dashboard`);
}

export async function signOut(page) {
  await follow(page, page.getByRole('button', { name: EN.signOut, exact: true }));
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await page.getByText(EN.signedOut).waitFor();
}

/** Follows a link of the main menu (the header navigation). */
export async function openFromMenu(page, name) {
  const menu = page.getByRole('navigation', { name: EN.menu, exact: true });
  await follow(page, menu.getByRole('link', { name, exact: true }));
}

/** "Showing 1 to 50 of 412 people" → {first, last, total}. */
export async function peopleCounts(page) {
  const status = page.getByRole('status').filter({ hasText: /Showing \d+ to \d+ of \d+ people/ });
  const text = await status.innerText();
  const m = text.match(/Showing (\d+) to (\d+) of (\d+) people/);
  assert.ok(m, `people count not understood: ${text}`);
  return { first: Number(m[1]), last: Number(m[2]), total: Number(m[3]) };
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
  const table = page.getByRole('table', { name: EN.organisations, exact: true });
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
  const form = page.getByRole('search', { name: 'Search people', exact: true });
  await form.getByLabel(EN.search, { exact: true }).fill(text);
  await follow(page, form.getByRole('button', { name: EN.searchButton, exact: true }));
}

/** Asserts no uncaught script errors happened on the page so far. */
export function assertNoScriptErrors(page) {
  assert.deepEqual(page.scriptErrors, [], 'uncaught script errors on the page');
}
