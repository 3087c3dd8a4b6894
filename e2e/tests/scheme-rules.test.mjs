// Issue #15's scheme rules in a browser, every page checked by axe-core at the default width and
// again on a 390 px phone (where it must also fit without sideways scrolling):
// - appraisal: the demo's mentee whose relationship ended withdraws the summary the demo shared,
//   shares a new one with their line manager; the manager's link (from the demo's e-mail outbox)
//   opens a page with only the goals that cite an appraisal and the summary; a second use shows
//   the "already used" page;
// - sets: a member of the demo's action learning set sees the set's layout on their relationship
//   page (not the one-to-one "Your match") and is offered apologies for the next meeting;
// - assessments: the scheme coordinator opens the Dutch programme's assessment page, is refused an
//   instrument with an upside-down range and no dimensions (error summary, the form kept), adds
//   one, and deletes it again (it holds no scores).
// The three stories use different demo people, so each is its own test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, assertNoScriptErrors, follow, signIn } from '../lib/app.mjs';
import { en } from '../lib/i18n.mjs';
import { linkIn, outboxNames, waitForMessage } from '../lib/outbox.mjs';

const d = demo();
let browser;
const contexts = [];

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

async function fresh() {
  const { context, page } = await newPage(browser);
  contexts.push(context);
  return page;
}

/** The demo account printed with `label`. */
function account(label) {
  const found = d.participants.find((a) => a.label === label);
  assert.ok(found, `the demo prints no "${label}" sign-in`);
  return found;
}

/** axe-core at the desktop width, then on a 390 px phone (fitting it), then back. */
async function checkBothWidths(page, label) {
  await checkAccessibility(page, label);
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await checkAccessibility(page, `${label} (390 px)`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${label}: the page is ${width} px wide on a 390 px phone`);
  } finally {
    await page.setViewportSize(before ?? { width: 1280, height: 720 });
  }
}

/** The ids of the signed-in person's relationships, from "Your matches". */
async function myRelationships(page) {
  await page.goto(d.url('/relationships?lang=en-GB'));
  await assertHeading(page, en('matching.mine.title'));
  await checkBothWidths(page, 'my matches');
  const hrefs = await page
    .getByRole('main')
    .getByRole('link')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.map((h) => h?.match(/^\/relationships\/([0-9a-f-]{36})$/)?.[1]).filter(Boolean))];
}

function story(name, fn) {
  test(name, { timeout: 300_000 }, async (t) => {
    const page = await fresh();
    try {
      await fn(page);
      assertNoScriptErrors(page);
    } catch (e) {
      await screenshotOnFailure(t, page);
      throw e;
    }
  });
}

story('a mentee shares an appraisal summary; the manager reads it once and sees nothing else', async (page) => {
  assert.ok(d.outbox, 'run.sh names the demo outbox');
  const mentee = account('Participant (appraisal summary shared)');
  await signIn(page, d, mentee.email, { english: true });
  let rel = null;
  for (const id of await myRelationships(page)) {
    await page.goto(d.url(`/relationships/${id}`));
    if ((await page.locator('#appraisal-summary-link').count()) === 1) {
      rel = id;
      break;
    }
  }
  assert.ok(rel, 'the mentee has an ended relationship offering the appraisal summary');
  await checkBothWidths(page, 'the ended relationship');
  await follow(page, page.locator('#appraisal-summary-link a'));
  assert.equal(new URL(page.url()).pathname, `/relationships/${rel}/appraisal-summary`);
  await assertHeading(page, en('appraisal.page.title'));
  await checkBothWidths(page, 'the appraisal summary, shared by the demo');
  const cited = (await page.locator('#appraisal-goals dt').allInnerTexts()).map((s) => s.trim());
  assert.ok(cited.length >= 1, 'the page lists the goals citing an appraisal');

  // The demo shared one, unopened: withdraw it, then share a new one.
  await page.locator('#appraisal-status').waitFor();
  await follow(page, page.getByRole('button', { name: en('appraisal.withdraw'), exact: true }));
  await checkBothWidths(page, 'the appraisal summary, withdrawn');
  const text = 'Handovers now follow a fixed order and I raise problems with the team myself.';
  await page.getByLabel(en('appraisal.summary.label'), { exact: true }).fill(text);
  const seen = new Set(outboxNames(d.outbox));
  await follow(page, page.getByRole('button', { name: en('appraisal.share'), exact: true }));
  assert.equal(new URL(page.url()).pathname, `/relationships/${rel}/appraisal-summary`);
  await page.locator('#appraisal-summary').getByText(text).waitFor();
  assert.equal((await page.locator('#appraisal-status').innerText()).trim(), en('appraisal.status.sent'));
  await checkBothWidths(page, 'the appraisal summary, shared again');

  // The manager's e-mail: a single-use link. The manager has no account: a new browser.
  const mail = await waitForMessage(d.outbox, seen, (m) => m.text.includes('/appraisal-summary/'), "the line manager's link");
  const link = new URL(linkIn(mail, '/appraisal-summary/'));
  link.searchParams.set('lang', 'en-GB');
  const manager = await fresh();
  await manager.goto(link.href);
  await assertHeading(manager, en('appraisal.manager.title'));
  await checkBothWidths(manager, "the manager's link, before opening");
  await follow(manager, manager.getByRole('button', { name: en('appraisal.manager.open'), exact: true }));
  await manager.locator('#manager-summary').waitFor();
  await checkBothWidths(manager, "the manager's summary");
  assert.equal((await manager.locator('#manager-summary').innerText()).trim(), text);
  const shown = (await manager.locator('#manager-goals dt').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(shown, cited, 'only the goals citing an appraisal, as the mentee saw them');
  // Nothing else of the relationship: no sessions, agreement or navigation into the scheme.
  const body = await manager.locator('main').innerText();
  assert.ok(!body.includes('opleiding'), "the mentee's private reason for ending is not shown");
  assert.equal(await manager.locator(`a[href^="/relationships/"]`).count(), 0);

  // A second use: the "already used" page, and nothing shown.
  await manager.goto(link.href);
  await manager.getByText(en('error.appraisal.link_used')).waitFor();
  assert.equal(await manager.locator('#manager-summary').count(), 0);
  await checkBothWidths(manager, 'the used link');
  assertNoScriptErrors(manager);

  // The mentee now sees it opened, with nothing left to withdraw.
  await page.reload();
  assert.equal((await page.locator('#appraisal-status').innerText()).trim(), en('appraisal.status.opened'));
  assert.equal(await page.getByRole('button', { name: en('appraisal.withdraw'), exact: true }).count(), 0);
});

story("a set member's relationship page shows the set, and the next meeting offers apologies", async (page) => {
  const member = account('Participant (action learning set)');
  await signIn(page, d, member.email, { english: true });
  let rel = null;
  for (const id of await myRelationships(page)) {
    await page.goto(d.url(`/relationships/${id}`));
    if ((await page.locator('#set-meetings').count()) === 1) {
      rel = id;
      break;
    }
  }
  assert.ok(rel, 'the member has a set whose page shows its meetings');
  await assertHeading(page, new RegExp(`^${en('kinds.relationship.title.action_learning_sets')}`));
  const h1 = await page.getByRole('heading', { level: 1 }).innerText();
  assert.ok(!h1.includes(en('matching.relationship.title')), `not the one-to-one layout: ${h1}`);
  await page.getByRole('link', { name: en('kinds.set.meetings_link'), exact: true }).waitFor();
  await checkBothWidths(page, "a set member's relationship page");

  // The next meeting (today's, or the one after once today's attendance is recorded).
  await follow(page, page.locator('#next-meeting a'));
  assert.match(new URL(page.url()).pathname, /^\/set-meetings\/[0-9a-f-]{36}$/);
  await assertHeading(page, en('sets.meeting.title'));
  await page.getByRole('heading', { name: en('sets.apologies.title'), exact: true }).waitFor();
  const offered =
    (await page.getByRole('button', { name: en('sets.apologies.send'), exact: true }).count()) +
    (await page.getByRole('button', { name: en('kinds.apologies.withdraw'), exact: true }).count());
  assert.equal(offered, 1, 'apologies can be sent (or, once sent, withdrawn)');
  await checkBothWidths(page, 'the next set meeting with apologies');
});

story('a coordinator adds an instrument on the assessments page, and deletes it', async (page) => {
  await signIn(page, d, d.schemeCoordinator.email, { english: true });
  await page.goto(d.url('/programmes?lang=en-GB'));
  await follow(page, page.getByRole('link', { name: 'Mentoring in de zorg', exact: true }));
  await follow(page, page.locator('#assessments-link'));
  await assertHeading(page, en('assessment.setup.title'));
  await checkBothWidths(page, 'assessments set-up');
  const path = new URL(page.url()).pathname;
  const cards = page.locator('[data-instrument]');
  const before = await cards.count();

  // Upside down and without dimensions: refused, the form kept.
  const name = `Team roles ${Date.now()}`;
  await page.getByLabel(en('instruments.field.name'), { exact: true }).fill(name);
  await page.getByLabel(en('instruments.field.score_min'), { exact: true }).fill('9');
  await page.getByLabel(en('instruments.field.score_max'), { exact: true }).fill('1');
  await follow(page, page.getByRole('button', { name: en('instruments.new.save'), exact: true }));
  const summary = page.locator('.nhsuk-error-summary');
  await summary.waitFor();
  await summary.getByRole('link', { name: en('assessment.error.range') }).waitFor();
  await summary.getByRole('link', { name: en('assessment.error.dimension_count', { max: 24 }) }).waitFor();
  assert.equal(await page.getByLabel(en('instruments.field.name'), { exact: true }).inputValue(), name);
  assert.equal(await page.getByLabel(en('instruments.field.score_min'), { exact: true }).inputValue(), '9');
  assert.equal(await cards.count(), before, 'nothing was added');
  await checkBothWidths(page, 'instrument refused');

  // Corrected: added, one dimension per line.
  await page.getByLabel(en('instruments.field.score_min'), { exact: true }).fill('1');
  await page.getByLabel(en('instruments.field.score_max'), { exact: true }).fill('9');
  await page.getByLabel(en('instruments.field.dimensions'), { exact: true }).fill('plant: Plant\nshaper: Shaper');
  await follow(page, page.getByRole('button', { name: en('instruments.new.save'), exact: true }));
  assert.equal(new URL(page.url()).pathname, path);
  await page.getByText(en('instruments.notice.created')).waitFor();
  const card = cards.filter({ has: page.getByRole('heading', { name, exact: true }) });
  await card.getByText('Shaper').waitFor();
  assert.equal(await cards.count(), before + 1);
  await checkBothWidths(page, 'instrument added');

  // It holds no scores, so it can be deleted.
  await follow(page, card.getByRole('button', { name: `${en('instruments.delete')} ${name}`, exact: true }));
  await page.getByText(en('instruments.notice.deleted')).waitFor();
  assert.equal(await cards.count(), before);
  await checkBothWidths(page, 'instrument deleted');
});
