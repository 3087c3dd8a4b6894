// Issue #5's relationships in motion, in a browser, every page checked by axe-core:
// - booking up to the cap: in the demo's pair one session from its cap (9 sessions), one member
//   proposes a session (the proposal does not count), the other confirms it (the cap is used,
//   9 of 9), and the next proposal is refused with the cap's message and books nothing;
// - logging sessions: the demo's mentee with an active match logs a session held yesterday and
//   sees it in the sessions table; in the pair at its cap, logging is refused and logs nothing;
// - running a set meeting: a member of the demo's action learning set opens the meeting to run,
//   sees the proposed rota and the previous meeting's actions, accepts the rota, records
//   attendance (one member absent), a presenter's issue and action, marks an earlier action done,
//   and the set's page lists the meeting with its attendance.
// (Downloading a session's .ics file is calendar.test.mjs.)
//
// The three stories use different demo people, so each is its own test; inside a story each step
// is a test, and after one fails the story's later steps are skipped, not failed again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, assertNoScriptErrors, escapeRegExp, follow, signIn } from '../lib/app.mjs';
import { dateInWords, en, pattern } from '../lib/i18n.mjs';

const d = demo();
let browser;
/** Everyone's browser session, by key: {context, page}. */
const sessions = new Map();
/** The step that failed, by story; that story's later steps are skipped. */
const failed = new Map();
/** What the steps learn and pass on. */
const s = {};

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  for (const { context } of sessions.values()) await context.close().catch(() => {});
  await browser?.close();
});

/** The demo account printed with `label`. */
function account(label) {
  const found = d.participants.find((a) => a.label === label);
  assert.ok(found, `the demo prints no "${label}" sign-in`);
  return found;
}

/** A signed-in session (English pages) for the demo account `label`, made once and reused. */
async function sessionFor(label) {
  if (!sessions.has(label)) {
    const { context, page } = await newPage(browser);
    sessions.set(label, { context, page });
    await signIn(page, d, account(label).email, { english: true });
  }
  return sessions.get(label).page;
}

/** One step of a story; skipped when an earlier step of the same story failed. */
function step(story, name, fn) {
  test(`${story}: ${name}`, { timeout: 300_000 }, async (t) => {
    if (failed.has(story)) {
      t.skip(`an earlier step failed: ${failed.get(story)}`);
      return;
    }
    const pages = [];
    const use = (page) => {
      pages.push(page);
      return page;
    };
    try {
      await fn(use);
      for (const p of pages) assertNoScriptErrors(p);
    } catch (e) {
      failed.set(story, name);
      await screenshotOnFailure(t, pages.at(-1));
      throw e;
    }
  });
}

/** The date `days` from today (UTC) as YYYY-MM-DD. */
const isoDate = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Fills the day, month and year of the date group named `legend`. */
async function fillDate(page, legend, iso) {
  const [year, month, day] = iso.split('-');
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel(en('date.day'), { exact: true }).fill(String(Number(day)));
  await group.getByLabel(en('date.month'), { exact: true }).fill(String(Number(month)));
  await group.getByLabel(en('date.year'), { exact: true }).fill(year);
}

/**
 * Submits a form with its button and waits for the page that answers; returns the status of the
 * POST's own response (303 for a change that redirects back, 409 for a refusal).
 */
async function submit(page, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response.status();
}

/** The success banner after a redirect, asserted to say `key`'s text. */
async function assertNotice(page, key) {
  await page.getByRole('alert').filter({ hasText: en(key) }).waitFor();
}

/**
 * Opens the signed-in person's relationship that offers the link named `linkName` (from "My
 * matches", as a participant would) and returns its id; `accept` can narrow the choice further.
 */
async function openRelationshipWith(page, linkName, accept = async () => true) {
  await page.goto(d.url('/relationships'));
  await assertHeading(page, en('matching.mine.title'));
  await checkAccessibility(page, 'my matches');
  const hrefs = await page
    .getByRole('main')
    .getByRole('heading', { level: 2 })
    .getByRole('link')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const ids = [...new Set(hrefs.map((h) => h.match(/^\/relationships\/([0-9a-f-]{36})$/)?.[1]).filter(Boolean))];
  for (const id of ids) {
    await page.goto(d.url(`/relationships/${id}`));
    if ((await page.getByRole('link', { name: linkName, exact: true }).count()) === 1 && (await accept(page))) {
      await checkAccessibility(page, 'a relationship');
      return id;
    }
  }
  assert.fail(`none of the relationships ${ids.join(', ')} offers "${linkName}"`);
}

/** "8 of 9 sessions used" on a sessions page (the element `selector`) → {used, cap}. */
async function capsOn(page, selector, key) {
  const text = await page.locator(selector).innerText();
  const m = text.match(pattern('en-GB', key));
  assert.ok(m, `"${text}" does not read like "${en(key)}"`);
  return { used: Number(m.groups.used), cap: Number(m.groups.cap), text };
}

/** The booking form: a date `days` ahead at `start`, `minutes` long, by video with a link. */
async function fillBooking(page, days, start, minutes) {
  const date = isoDate(days);
  await fillDate(page, en('sessions.date'), date);
  await page.getByLabel(en('sessions.start'), { exact: true }).fill(start);
  await page.getByLabel(en('sessions.minutes'), { exact: true }).fill(String(minutes));
  await page.getByRole('group', { name: en('sessions.mode'), exact: true }).getByLabel(en('mode.video'), { exact: true }).check();
  await page.getByLabel(en('sessions.link'), { exact: true }).fill('https://meet.example.org/e2e-pair');
  return date;
}

/** The row of the sessions table that starts on `date` (ISO) at `start`, as the page writes it
 *  ("Tuesday, 16 December 2026 at 10:00"). */
const sessionRow = (page, date, start) => page.locator('#sessions tbody tr').filter({ hasText: `${dateInWords(date)} at ${start}` });

// ----- Booking up to the cap ----------------------------------------------------------------

const BOOK = 'booking up to the cap';
const NEAR = 'Participant (pair one session from its cap)';
const PARTNER = 'Participant (partner in that pair)';

step(BOOK, 'a member of the pair one session from its cap opens the sessions page: 8 of 9 used', async (use) => {
  const page = use(await sessionFor(NEAR));
  s.pair = await openRelationshipWith(page, en('matching.links.bookings'));
  await follow(page, page.getByRole('link', { name: en('matching.links.bookings'), exact: true }));
  assert.equal(new URL(page.url()).pathname, `/relationships/${s.pair}/bookings`);
  await assertHeading(page, en('sessions.title'));
  await checkAccessibility(page, 'sessions of the pair one session from its cap');
  const caps = await capsOn(page, '#caps', 'sessions.used_of');
  assert.deepEqual([caps.used, caps.cap], [8, 9], `the demo pair has used 8 of its 9 sessions: ${caps.text}`);
  s.rowsBefore = await page.locator('#sessions tbody tr').count();
});

step(BOOK, 'the member proposes a session nine days ahead; a proposal does not count against the cap', async (use) => {
  const page = use(await sessionFor(NEAR));
  s.date = await fillBooking(page, 9, '10:00', 60);
  assert.equal(await submit(page, page.getByRole('button', { name: en('sessions.propose_button'), exact: true })), 303);
  assert.equal(new URL(page.url()).pathname, `/relationships/${s.pair}/bookings`);
  await assertNotice(page, 'notice.created');
  await checkAccessibility(page, 'sessions after a proposal');
  const row = sessionRow(page, s.date, '10:00');
  await row.waitFor();
  await row.getByText(en('sessions.status.proposed'), { exact: true }).waitFor();
  assert.equal(await row.getByRole('button', { name: en('sessions.confirm') }).count(), 0, 'the proposer cannot confirm their own proposal');
  assert.equal((await capsOn(page, '#caps', 'sessions.used_of')).used, 8, 'a proposal does not count until confirmed');
});

step(BOOK, 'the partner confirms it, and the cap is used: 9 of 9', async (use) => {
  const page = use(await sessionFor(PARTNER));
  await page.goto(d.url(`/relationships/${s.pair}/bookings`));
  await assertHeading(page, en('sessions.title'));
  await checkAccessibility(page, "the partner's sessions page");
  const row = sessionRow(page, s.date, '10:00');
  assert.equal(await submit(page, row.getByRole('button', { name: en('sessions.confirm'), exact: true })), 303);
  await assertNotice(page, 'notice.saved');
  await checkAccessibility(page, 'sessions after confirming');
  await sessionRow(page, s.date, '10:00').getByText(en('sessions.status.confirmed'), { exact: true }).waitFor();
  const caps = await capsOn(page, '#caps', 'sessions.used_of');
  assert.deepEqual([caps.used, caps.cap], [9, 9], `confirming uses the last session: ${caps.text}`);
  assert.equal(await page.locator('#sessions tbody tr').count(), s.rowsBefore + 1);
});

step(BOOK, 'at the cap, proposing is no longer offered and the page says why; nothing is booked', async (use) => {
  const page = use(await sessionFor(NEAR));
  await page.goto(d.url(`/relationships/${s.pair}/bookings`));
  await checkAccessibility(page, 'sessions with the cap used');
  assert.equal((await capsOn(page, '#caps', 'sessions.used_of')).used, 9);
  // The rule that refuses a proposal decides the page: no form, the reason instead.
  assert.equal(await page.getByRole('button', { name: en('sessions.propose_button'), exact: true }).count(), 0, 'proposing is not offered at the cap');
  assert.equal((await page.locator('#propose-closed').innerText()).trim(), en('refusals.sessions.all_used', { cap: 9 }));
  assert.equal(await page.locator('#sessions tbody tr').count(), s.rowsBefore + 1, 'no session was added');
  const caps = await capsOn(page, '#caps', 'sessions.used_of');
  assert.deepEqual([caps.used, caps.cap], [9, 9]);
});

// ----- Logging sessions -----------------------------------------------------------------------

const LOG = 'logging sessions';

/** Fills the "Log a session you held" form of a relationship page. */
async function fillLog(page, date, minutes, mode, topics) {
  const form = page.locator('form').filter({ has: page.getByRole('heading', { name: en('matching.sessions.log'), exact: true }) });
  await fillDate(form, en('matching.sessions.date'), date);
  await form.getByLabel(en('matching.sessions.minutes'), { exact: true }).fill(String(minutes));
  await form.getByRole('group', { name: en('matching.sessions.mode'), exact: true }).getByLabel(en(mode), { exact: true }).check();
  await form.getByLabel(en('sessions.topics'), { exact: true }).fill(topics);
  return form.getByRole('button', { name: en('matching.sessions.log_button'), exact: true });
}

/** The count of sessions on a relationship page, with or without a cap. */
async function sessionsHeld(page) {
  const text = await page.locator('#sessions-used').innerText();
  const m = text.match(pattern('en-GB', 'matching.sessions.used_of')) ?? text.match(pattern('en-GB', 'matching.sessions.used'));
  assert.ok(m, `"${text}" does not read like a count of sessions`);
  return Number(m.groups.used);
}

step(LOG, 'the mentee with an active match logs a session held yesterday, and sees it', async (use) => {
  const page = use(await sessionFor('Participant (mentee, active match)'));
  const id = await openRelationshipWith(page, en('matching.links.bookings'), async (p) =>
    (await p.getByRole('heading', { name: en('matching.sessions.log'), exact: true }).count()) === 1,
  );
  const before = await sessionsHeld(page);
  const yesterday = isoDate(-1);
  const button = await fillLog(page, yesterday, 45, 'mode.telephone', 'Preparing for a difficult conversation with a partner agency.');
  assert.equal(await submit(page, button), 303);
  assert.equal(new URL(page.url()).pathname, `/relationships/${id}`);
  await assertNotice(page, 'notice.session_logged');
  await checkAccessibility(page, 'a relationship after logging a session');
  assert.equal(await sessionsHeld(page), before + 1, 'the count of sessions goes up by one');
  const table = page.getByRole('table', { name: en('matching.sessions.caption'), exact: true });
  const row = table.getByRole('row').filter({ hasText: dateInWords(yesterday) }).filter({ hasText: en('mode.telephone') });
  assert.equal(await row.count(), 1, `one telephone session on ${yesterday} in the table`);
  assert.deepEqual(
    (await row.getByRole('cell').allInnerTexts()).map((c) => c.trim()),
    [dateInWords(yesterday), '45', en('mode.telephone')],
  );
});

step(LOG, 'in the pair at its session cap, logging another session is not offered and the page says why', async (use) => {
  const page = use(await sessionFor('Participant (pair at its session cap)'));
  await openRelationshipWith(page, en('matching.links.bookings'), async (p) =>
    (await p.locator('#sessions-used').count()) === 1 && /\bof 9\b/.test(await p.locator('#sessions-used').innerText()),
  );
  const caps = await capsOn(page, '#sessions-used', 'matching.sessions.used_of');
  assert.deepEqual([caps.used, caps.cap], [9, 9], `the demo pair is at its cap: ${caps.text}`);
  const form = page.locator('form').filter({ has: page.getByRole('heading', { name: en('matching.sessions.log'), exact: true }) });
  assert.equal(await form.count(), 0, 'the log form is not offered at the cap');
  assert.equal((await page.locator('#log-not-offered').innerText()).trim(), en('refusals.log_not_offered'));
  await checkAccessibility(page, 'the pair at its cap');
});

// ----- Running a set meeting ----------------------------------------------------------------

const SET = 'running a set meeting';
const MEMBER = 'Participant (action learning set)';
const ISSUE = 'Keeping two teams informed while their services merge.';
const ACTION = 'Book a joint huddle with both team leads before the next meeting.';

/** The rota table as [role, who] pairs. */
async function rota(page) {
  const table = page.getByRole('table', { name: en('sets.rota.title'), exact: true });
  const out = [];
  for (const row of await table.getByRole('row').all()) {
    const header = row.getByRole('rowheader');
    if ((await header.count()) !== 1) continue;
    out.push([(await header.innerText()).trim(), (await row.getByRole('cell').innerText()).trim()]);
  }
  return out;
}

step(SET, "a member opens today's meeting from the set's page and sees the proposed rota and the actions to follow up", async (use) => {
  const page = use(await sessionFor(MEMBER));
  s.set = await openRelationshipWith(page, en('matching.links.set_meetings'));
  await follow(page, page.getByRole('link', { name: en('matching.links.set_meetings'), exact: true }));
  assert.equal(new URL(page.url()).pathname, `/sets/${s.set}`);
  await assertHeading(page, en('sets.set.title'));
  await checkAccessibility(page, "the set's page");
  s.members = (await page.locator('#members li').allInnerTexts()).map((t) => t.trim());
  assert.ok(s.members.length >= 3, `the demo set has members: ${s.members.join(', ')}`);
  const meetings = page.getByRole('table', { name: en('sets.set.meetings'), exact: true });
  const held = await meetings.getByRole('row').filter({ hasText: en('sets.attendance.present') }).count();
  assert.ok(held >= 2, 'the two meetings held are listed with their attendance');
  // The meeting to run is the first not yet recorded: on the set's own weekday, today or in the
  // days just past (the demo keeps the set's meetings in the slot its page names).
  const toRun = meetings.getByRole('row').filter({ hasText: en('sets.attendance.not_recorded') }).first().getByRole('link');
  s.today = (await toRun.innerText()).trim();
  await follow(page, toRun);
  assert.match(new URL(page.url()).pathname, /^\/set-meetings\/[0-9a-f-]{36}$/);
  s.meeting = new URL(page.url()).pathname;
  await assertHeading(page, en('sets.meeting.title'));
  await checkAccessibility(page, "today's set meeting");
  await page.getByRole('heading', { name: `${en('sets.rota.title')} ${en('sets.rota.proposed')}`, exact: true }).waitFor();
  const roles = await rota(page);
  const who = new Map(roles);
  assert.ok(s.members.includes(who.get(en('sets.rota.facilitator'))), `the facilitator is a member: ${JSON.stringify(roles)}`);
  assert.ok(s.members.includes(who.get(en('sets.rota.timekeeper'))), `the timekeeper is a member: ${JSON.stringify(roles)}`);
  assert.notEqual(who.get(en('sets.rota.facilitator')), who.get(en('sets.rota.timekeeper')));
  s.presenters = roles.filter(([role]) => role.startsWith(en('sets.rota.presenter', { n: '' }).trim())).map(([, name]) => name);
  assert.ok(s.presenters.length >= 1, `the rota names presenters: ${JSON.stringify(roles)}`);
  for (const p of s.presenters) assert.ok(s.members.includes(p), `presenter ${p} is a member`);
  // The previous meeting's actions, still to follow up.
  const follow_up = page.getByRole('table', { name: en('sets.follow_up.title'), exact: true });
  const open = follow_up.getByRole('row').filter({ hasText: en('sets.action.status.open') });
  assert.ok((await open.count()) >= 1, 'the previous meeting left actions to follow up');
  await page.getByText(en('sets.issues.after_rota'), { exact: true }).waitFor();
  await page.getByText(en('sets.attendance.not_recorded'), { exact: true }).waitFor();
});

step(SET, 'the member accepts the rota', async (use) => {
  const page = use(await sessionFor(MEMBER));
  const before = await rota(page);
  assert.equal(await submit(page, page.getByRole('button', { name: en('sets.rota.accept'), exact: true })), 303);
  assert.equal(new URL(page.url()).pathname, s.meeting);
  await assertNotice(page, 'notice.saved');
  await checkAccessibility(page, 'the meeting with its rota agreed');
  await page.getByRole('heading', { name: en('sets.rota.title'), exact: true, level: 2 }).waitFor();
  assert.equal(await page.getByRole('button', { name: en('sets.rota.accept'), exact: true }).count(), 0, 'the rota is agreed');
  assert.deepEqual(await rota(page), before, 'accepting keeps the proposed rota');
  // Each presenter now has a place for their issue and actions.
  for (const [i, name] of s.presenters.entries()) {
    await page.locator(`#presenter-${i + 1}`).getByRole('heading', { name, exact: true }).waitFor();
  }
});

step(SET, 'the member records attendance: everyone present but one', async (use) => {
  const page = use(await sessionFor(MEMBER));
  const group = page.getByRole('group', { name: en('sets.attendance.who'), exact: true });
  // The absent member: one who neither presents nor holds a role, when there is one.
  const roles = new Map(await rota(page));
  const busy = new Set([...s.presenters, roles.get(en('sets.rota.facilitator')), roles.get(en('sets.rota.timekeeper'))]);
  s.absent = s.members.find((m) => !busy.has(m)) ?? s.members.at(-1);
  for (const m of s.members) {
    const box = group.getByLabel(m, { exact: true });
    if (m === s.absent) await box.uncheck();
    else await box.check();
  }
  assert.equal(await submit(page, page.getByRole('button', { name: en('sets.attendance.save'), exact: true })), 303);
  await assertNotice(page, 'notice.saved');
  await checkAccessibility(page, 'the meeting with attendance');
  const table = page.getByRole('table', { name: en('sets.attendance.title'), exact: true });
  for (const m of s.members) {
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: m, exact: true }) });
    const expected = m === s.absent ? en('sets.attendance.absent') : en('sets.attendance.present');
    assert.equal((await row.getByRole('cell').innerText()).trim(), expected, `${m} is ${expected}`);
  }
});

step(SET, "the member records the first presenter's issue and the action they commit to", async (use) => {
  const page = use(await sessionFor(MEMBER));
  const section = () => page.locator('#presenter-1');
  await section().getByLabel(en('sets.issues.issue'), { exact: true }).fill(ISSUE);
  assert.equal(await submit(page, section().getByRole('button', { name: en('sets.issues.save'), exact: true })), 303);
  await assertNotice(page, 'notice.saved');
  await checkAccessibility(page, 'the meeting with an issue');
  await section().getByText(ISSUE, { exact: true }).first().waitFor();
  await section().getByLabel(en('sets.action.new'), { exact: true }).fill(ACTION);
  assert.equal(await submit(page, section().getByRole('button', { name: en('sets.action.add'), exact: true })), 303);
  await assertNotice(page, 'notice.saved');
  await checkAccessibility(page, 'the meeting with an action');
  await section().getByRole('listitem').filter({ hasText: `${ACTION} (${en('sets.action.status.open')})` }).waitFor();
  await section().getByRole('heading', { name: s.presenters[0], exact: true }).waitFor();
  // With an issue recorded the rota is settled: it can no longer be adjusted.
  assert.equal(await page.getByText(en('sets.rota.adjust'), { exact: true }).count(), 0);
});

step(SET, "the member marks one of the previous meeting's actions done", async (use) => {
  const page = use(await sessionFor(MEMBER));
  const table = page.getByRole('table', { name: en('sets.follow_up.title'), exact: true });
  const open = table.getByRole('row').filter({ hasText: en('sets.action.status.open') });
  const openBefore = await open.count();
  const row = open.first();
  // The select's id names the action (status-<action id>): several actions can read alike.
  const select = row.getByLabel(en('sets.action.follow_up'), { exact: true });
  const selectId = await select.getAttribute('id');
  assert.match(selectId, /^status-[0-9a-f-]{36}$/);
  await select.selectOption({ label: en('sets.action.status.done') });
  assert.equal(await submit(page, row.getByRole('button', { name: en('sets.action.save'), exact: true })), 303);
  assert.equal(new URL(page.url()).pathname, s.meeting);
  await assertNotice(page, 'notice.saved');
  await checkAccessibility(page, 'the meeting after a follow-up');
  const marked = table.getByRole('row').filter({ has: page.locator(`[id="${selectId}"]`) });
  assert.equal(await marked.count(), 1);
  assert.equal(await marked.getByRole('combobox', { name: en('sets.action.follow_up'), exact: true }).inputValue(), 'done');
  assert.match((await marked.getByRole('cell').nth(2).innerText()).trim(), new RegExp(`^${escapeRegExp(en('sets.action.status.done'))}\\b`));
  assert.equal(await table.getByRole('row').filter({ hasText: en('sets.action.status.open') }).count(), openBefore - 1);
  // Everything recorded is on the page together.
  await page.getByText(ISSUE, { exact: true }).first().waitFor();
  await page.getByText(`${ACTION} (${en('sets.action.status.open')})`, { exact: true }).waitFor();
});

step(SET, "the set's page lists today's meeting with its attendance", async (use) => {
  const page = use(await sessionFor(MEMBER));
  await follow(page, page.getByRole('link', { name: en('page.back'), exact: true }));
  assert.equal(new URL(page.url()).pathname, `/sets/${s.set}`);
  await checkAccessibility(page, "the set's page after the meeting");
  const meetings = page.getByRole('table', { name: en('sets.set.meetings'), exact: true });
  const row = meetings.getByRole('row').filter({ has: page.getByRole('link', { name: s.today, exact: true }) });
  assert.equal(await row.count(), 1);
  const attendance = (await row.getByRole('cell').nth(1).innerText()).trim().split('; ').sort();
  const expected = s.members
    .map((m) => `${m}: ${m === s.absent ? en('sets.attendance.absent') : en('sets.attendance.present')}`)
    .sort();
  assert.deepEqual(attendance, expected);
});
