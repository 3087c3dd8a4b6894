// Issue #17, item 7, in a browser (every page checked by axe-core): the demo's story holds
// together, and the bugs the issue listed stay fixed.
// - the action learning set meets in the slot its page names ("Wednesday morning"): every meeting
//   on that weekday at that slot's time, and its members are practice assessors, as the
//   programme says;
// - a participant's own profile names their line manager at the same organisation (not
//   "Someone at another organisation"), as a name they cannot open;
// - a decline: the mentee with a pending offer declines it; the partner's e-mail names the intake
//   and who declined, and its link opens a page that says what happens next (as does the
//   decliner's own page);
// - an organisation coordinator follows their staff list to a relationship's status (no content,
//   no forms); another organisation's relationship stays closed to them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, follow, signIn } from '../lib/app.mjs';
import { linkIn, outboxNames, waitForMessage } from '../lib/outbox.mjs';
import { en, pattern } from '../lib/i18n.mjs';

const d = demo();
let browser;

before(async () => {
  assert.ok(d.outbox, 'TANDEM_E2E_OUTBOX is not set: run the browser tests through e2e/run.sh');
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

/** The demo account printed with `label`. */
function account(label) {
  const found = d.accounts.find((a) => a.label === label);
  assert.ok(found, `the demo prints no "${label}" sign-in`);
  return found;
}

/** A test with its own signed-in browser context for `email` (English pages). */
function story(name, fn) {
  test(name, { timeout: 300_000 }, async (t) => {
    const opened = [];
    const as = async (email) => {
      const { context, page } = await newPage(browser);
      opened.push({ context, page });
      await signIn(page, d, email, { english: true });
      return page;
    };
    try {
      await fn(as);
    } catch (e) {
      for (const { page } of opened) await screenshotOnFailure(t, page);
      throw e;
    } finally {
      for (const { context } of opened) await context.close().catch(() => {});
    }
  });
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PARTS = ['am', 'pm', 'eve'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The date a meeting's link text starts with, ISO ("2026-12-09") or long ("9 December 2026"). */
function dateIn(text) {
  const iso = text.match(/(\d{4})-(\d{2})-(\d{2})/);
  if (iso) return new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
  const long = text.match(/(\d{1,2}) ([A-Za-z]+) (\d{4})/);
  assert.ok(long, `no date in "${text}"`);
  const month = MONTHS.indexOf(long[2].toLowerCase());
  assert.ok(month >= 0, `no month in "${text}"`);
  return new Date(Date.UTC(Number(long[3]), month, Number(long[1])));
}

/** Monday = 0 … Sunday = 6, as the application's slots count. */
const weekday = (date) => (date.getUTCDay() + 6) % 7;

story('the action learning set meets in the slot it names, and its members are practice assessors', async (as) => {
  const page = await as(account('Participant (action learning set)').email);
  // The set among the member's matches.
  await page.goto(d.url('/relationships'));
  let found = false;
  for (const href of await page.locator('main a[href^="/relationships/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    await page.goto(d.url(href));
    if ((await page.getByRole('heading', { level: 1 }).innerText()).includes(en('kinds.relationship.title.action_learning_sets'))) {
      found = true;
      break;
    }
  }
  assert.ok(found, 'the member has an action learning set');
  await checkAccessibility(page, "the set's relationship page");
  // Members: social workers who assess others' practice, as their job titles say.
  const members = (await page.locator('#members li').allInnerTexts()).map((t) => t.trim());
  assert.ok(members.length >= 4, `a set of ${members.length}: ${members.join(' | ')}`);
  for (const m of members) {
    assert.match(m, /Practice Assessor|ASYE Assessor|Practice Educator/, `a member who is no practice assessor: ${m}`);
    assert.doesNotMatch(m, /Director/, m);
  }
  // The slot the set meets in, as the set's page says it.
  await follow(page, page.getByRole('link', { name: en('matching.links.set_meetings'), exact: true }));
  await assertHeading(page, en('sets.set.title'));
  const main = await page.locator('main').innerText();
  let slot = null;
  for (const [day, code] of DAYS.entries()) {
    for (const [part, p] of PARTS.entries()) {
      if (main.includes(en('sets.set.slot', { slot: en(`applications.slot.${code}_${p}`) }))) slot = { day, part, code: `${code}_${p}` };
    }
  }
  assert.ok(slot, `the set's page names no slot: ${main}`);
  // Every meeting on that weekday, at that part of the day's time (09:30, 14:00 or 18:30).
  const time = ['09:30', '14:00', '18:30'][slot.part];
  const table = page.getByRole('table', { name: en('sets.set.meetings'), exact: true });
  const links = (await table.getByRole('link').allInnerTexts()).map((t) => t.trim());
  assert.ok(links.length >= 4, `the set's meetings: ${links.join(' | ')}`);
  for (const text of links) {
    assert.equal(weekday(dateIn(text)), slot.day, `a meeting not on ${slot.code}: ${text}`);
    assert.ok(text.includes(time), `a meeting not at ${time}: ${text}`);
  }
});

story("a participant's profile names their line manager at the same organisation", async (as) => {
  const page = await as(account('Participant (mentee, pending offer)').email);
  await page.goto(d.url('/account'));
  await follow(page, page.getByRole('link', { name: en('account.my_profile'), exact: true }));
  assert.match(new URL(page.url()).pathname, /^\/people\/[0-9a-f-]{36}$/);
  await checkAccessibility(page, 'their own profile');
  const row = page.locator('.nhsuk-summary-list__row').filter({ has: page.getByText(en('field.line_manager'), { exact: true }) }).first();
  const manager = (await row.locator('dd').innerText()).trim();
  assert.notEqual(manager, en('person.manager_elsewhere'), 'the manager works at the same organisation');
  assert.notEqual(manager, en('person.no_manager'));
  assert.notEqual(manager, en('story.manager_not_shown'));
  assert.match(manager, /^\S+( \S+)+$/, `a name: "${manager}"`);
  // A name, not a link: a participant may not open other people's records.
  assert.equal(await row.locator('dd a').count(), 0);
});

const s = {};

story("a decline is told to the partner, naming the intake and who declined, with a page that says what happens next", async (as) => {
  const mentee = account('Participant (mentee, pending offer)');
  const page = await as(mentee.email);
  // The header names who is signed in, linking to their account.
  const name = (await page.locator('header a[href="/account"]').first().innerText()).trim();
  await page.goto(d.url('/relationships'));
  // The offer waiting for an answer.
  const cards = page.locator('.nhsuk-card').filter({ hasText: en('matching.status.proposed') });
  await follow(page, cards.first().getByRole('link').first());
  const [programme, intake] = (await page.locator('.nhsuk-caption-l').innerText()).split(' – ').map((t) => t.trim());
  s.relationship = new URL(page.url()).pathname;
  const seen = new Set(outboxNames(d.outbox));
  await follow(page, page.getByRole('button', { name: en('matching.offer.decline'), exact: true }));
  assert.equal(new URL(page.url()).pathname, s.relationship);
  // The decliner's own page says what happens now.
  await page.locator('#declined-explained').waitFor();
  await page.getByRole('heading', { name: en('story.declined.title'), exact: true }).waitFor();
  assert.match(await page.locator('#declined-explained').innerText(), pattern('en-GB', 'story.declined.by_you', { text: ['date'] }));
  assert.ok((await page.locator('#declined-explained').innerText()).includes(en('story.declined.next_pool')));
  await checkAccessibility(page, 'a match the reader declined');

  // The partner's e-mail: the intake, who declined, and the relationship's page.
  const mail = await waitForMessage(
    d.outbox,
    seen,
    (m) => m.to !== mentee.email && m.subject === en('story.declined_notice.subject', { programme, intake }),
    'the partner told of the decline',
  );
  assert.ok(mail.subject.includes(intake), mail.subject);
  assert.ok(mail.text.includes(`${en('notices.journey.fact.intake')}: ${intake}`), mail.text);
  assert.ok(name.length > 0 && mail.text.includes(`${en('notices.journey.fact.declined_by')}: ${name}`), `the e-mail names who declined (${name}):\n${mail.text}`);
  const link = linkIn(mail, '/relationships/');
  assert.equal(new URL(link).pathname, s.relationship);

  // The link opens the match's page, which says what the decline means (the demo's partner has
  // no password to sign in with, so the page is read as the other member; the partner's own
  // view, "<name> declined this match", is tested in crates/web/tests/it/story.rs).
  await page.goto(link);
  await assertHeading(page, new RegExp(en('matching.status.declined')));
  const explained = await page.locator('#declined-explained').innerText();
  assert.ok(explained.includes(en('story.declined.title')), explained);
  assert.ok(explained.includes(en('story.declined.next_pool')), explained);
  await checkAccessibility(page, "the e-mail's link to the declined match");
});

story("an organisation coordinator opens their staff's relationship status, and not another organisation's", async (as) => {
  // A coordinator of neither organisation of the declined offer above, with staff in a match.
  let page = null;
  for (const coordinator of d.organisationCoordinators.filter((a) => !/Northvale|Meadowbank/.test(a.organisation))) {
    const candidate = await as(coordinator.email);
    await candidate.goto(d.url('/staff-relationships'));
    if ((await candidate.locator('#staff-relationships a[href^="/relationships/"]').count()) > 0) {
      page = candidate;
      break;
    }
  }
  assert.ok(page, 'no printed organisation coordinator (other than the offer\'s organisations) has staff in a match');
  await checkAccessibility(page, "the staff's relationships");
  await follow(page, page.locator('#staff-relationships a[href^="/relationships/"]').first());
  assert.match(new URL(page.url()).pathname, /^\/relationships\/[0-9a-f-]{36}$/);
  await assertHeading(page, new RegExp(`^${en('story.status.title')}`));
  await checkAccessibility(page, "a staff member's relationship status");
  const main = await page.locator('main').innerText();
  for (const key of ['story.status.members', 'story.status.sessions', 'story.status.last_activity', 'story.status.no_content']) {
    assert.ok(main.includes(en(key)), `${key} missing: ${main}`);
  }
  assert.equal(await page.locator('main form').count(), 0, 'status only: nothing to change');
  assert.ok(!main.includes(en('matching.links.goals')), 'no goals');
  // Another organisation's relationship (the declined offer of an English trust and care group).
  if (s.relationship) {
    const response = await page.goto(d.url(s.relationship));
    assert.notEqual(response.status(), 200, 'another organisation\'s relationship');
    assert.ok(!(await page.locator('main').innerText()).includes(en('story.status.title')));
  }
});
