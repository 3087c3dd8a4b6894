// Issue #4's journey, in a browser, every page checked by axe-core: the scheme coordinator sets up
// a mentoring programme, an intake with places and a question; two demo participants of different
// organisations apply (one as mentee, one as mentor); a line manager agrees protected time through
// the e-mailed link, with no account; each organisation's coordinator approves their own applicant
// within the places; the scheme coordinator runs matching, locks the pair, runs again and
// publishes; both accept the offer and sign the agreement, and the match is active.
//
// Everything the scenario needs is made here through the pages, so the demo's own journey data
// (other intakes, applications and matches) can change without breaking it. Each step is its own
// test so a failure names the step; after one fails, the rest are skipped, not failed again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { EN, assertHeading, assertNoScriptErrors, escapeRegExp, follow, openFromMenu, peopleRows, searchPeople, signIn } from '../lib/app.mjs';
import { en, t as tr } from '../lib/i18n.mjs';
import { linkIn, outboxNames, waitForMessage } from '../lib/outbox.mjs';

const d = demo();
const PROGRAMME = 'Interagency Mentoring Exchange (browser journey)';
const INTAKE = 'Exchange intake, winter';
const QUESTION = 'How confident are you in leading change across organisations?';
const MENTEE_GOALS = 'Lead a cross-organisation improvement project and grow confidence in influencing partners.';

let browser;
/** Everyone's browser session, by role in the story: {label, context, page}. */
const sessions = new Map();
/** The step that failed; the steps after it are skipped. */
let failed = null;
/** What the steps learn and pass on. */
const s = {};

before(async () => {
  assert.ok(d.outbox, 'TANDEM_E2E_OUTBOX is not set: run the browser tests through e2e/run.sh');
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  for (const { context } of sessions.values()) await context.close().catch(() => {});
  await browser?.close();
});

/** A signed-in session for `email` (English pages), made once and reused. */
async function sessionFor(key, email) {
  if (!sessions.has(key)) {
    const { context, page } = await newPage(browser);
    sessions.set(key, { context, page });
    await signIn(page, d, email, { english: true });
  }
  return sessions.get(key).page;
}

/** One step of the story; it is skipped when an earlier one failed. */
function step(name, fn) {
  test(name, { timeout: 300_000 }, async (t) => {
    if (failed) {
      t.skip(`an earlier step failed: ${failed}`);
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
      failed = name;
      await screenshotOnFailure(t, pages.at(-1));
      throw e;
    }
  });
}

const isoDate = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function fillDate(page, legend, iso) {
  const [year, month, day] = iso.split('-');
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel(en('date.day'), { exact: true }).fill(String(Number(day)));
  await group.getByLabel(en('date.month'), { exact: true }).fill(String(Number(month)));
  await group.getByLabel(en('date.year'), { exact: true }).fill(year);
}

/** The success banner after a redirect, asserted to say `key`'s text. */
async function assertNotice(page, key) {
  await page.getByRole('alert').filter({ hasText: en(key) }).waitFor();
}

/**
 * The error summary, asserted to link to each of `keys`' messages (some are prefixed with the
 * field's name, "Goals: …", so that each entry makes sense on its own).
 */
async function assertProblems(page, keys) {
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: EN.problem }) });
  for (const key of keys) await summary.getByRole('link', { name: new RegExp(`${escapeRegExp(en(key))}$`) }).waitFor();
}

/** A summary list's rows as a Map of term → definition text. */
async function summaryList(list) {
  const terms = await list.getByRole('term').allInnerTexts();
  const defs = await list.getByRole('definition').allInnerTexts();
  assert.equal(terms.length, defs.length);
  return new Map(terms.map((k, i) => [k.trim(), defs[i].trim()]));
}

/** The programme page, from the menu. */
async function openProgramme(page) {
  await openFromMenu(page, EN.programmes);
  await follow(page, page.getByRole('link', { name: PROGRAMME, exact: true }));
  await assertHeading(page, PROGRAMME);
}

/** A link of the intake's card on the programme page ("Matching", "Applications and places", …). */
function intakeLink(page, key) {
  return page.getByRole('link', { name: `${en(key)} ${INTAKE}`, exact: true });
}

// ---------------------------------------------------------------------------------------------

step('the scheme coordinator finds two participants of different organisations, each with a coordinator', async (use) => {
  const page = use(await sessionFor('scheme', d.schemeCoordinator.email));
  const coordinatorOf = new Map(d.organisationCoordinators.map((c) => [c.organisation, c]));
  const found = [];
  for (const account of d.participants) {
    await openFromMenu(page, EN.people);
    await searchPeople(page, account.email);
    const rows = await peopleRows(page);
    assert.equal(rows.length, 1, `searching ${account.email} found ${rows.length} people`);
    const [row] = rows;
    if (!coordinatorOf.has(row.organisation)) continue;
    await page.goto(row.href);
    const name = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    // With a line manager on record, the application waits for them.
    const manager = (await page.getByRole('definition').filter({ hasText: en('person.no_manager') }).count()) === 0;
    found.push({ ...account, name, organisation: row.organisation, href: row.href, hasManager: manager, coordinator: coordinatorOf.get(row.organisation) });
  }
  await checkAccessibility(page, "a participant's profile (scheme coordinator)");
  // A mentee with a line manager shows the manager's link; the mentor any other organisation.
  const pairs = found.flatMap((a) => found.filter((b) => b.organisation !== a.organisation).map((b) => [a, b]));
  assert.ok(pairs.length > 0, `no two demo participants of different organisations with a coordinator sign-in: ${JSON.stringify(found.map((f) => [f.email, f.organisation]))}`);
  [s.mentee, s.mentor] = pairs.find(([a]) => a.hasManager) ?? pairs[0];
  console.log(`mentee ${s.mentee.email} (${s.mentee.organisation}, line manager: ${s.mentee.hasManager}); mentor ${s.mentor.email} (${s.mentor.organisation}, line manager: ${s.mentor.hasManager})`);
});

step('the scheme coordinator adds a mentoring programme open to all, and an intake with places for both organisations', async (use) => {
  const page = use(await sessionFor('scheme', d.schemeCoordinator.email));
  await openFromMenu(page, EN.programmes);
  await follow(page, page.getByRole('link', { name: en('programmes.add'), exact: true }));
  await assertHeading(page, en('programmes.add'));
  await page.getByLabel(en('field.name'), { exact: true }).fill(PROGRAMME);
  await page.getByRole('group', { name: en('field.programme_kind') }).getByRole('radio', { name: en('programme_kind.mentoring'), exact: true }).check();
  await page.getByLabel(en('field.description'), { exact: true }).fill('One-to-one mentoring across employers: a mentee from one organisation, a mentor from another.');
  const modes = page.getByRole('group', { name: en('field.modes') });
  await modes.getByRole('checkbox', { name: en('mode.video'), exact: true }).check();
  await modes.getByRole('checkbox', { name: en('mode.telephone'), exact: true }).check();
  await page.getByLabel(en('field.term_months'), { exact: true }).fill('6');
  // Room for a mentor who already mentors elsewhere in the demo.
  await page.getByLabel(en('field.mentor_load_max'), { exact: true }).fill('3');
  await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
  await assertHeading(page, PROGRAMME);
  const rules = await summaryList(page.getByRole('main').locator('#rules'));
  assert.equal(rules.get(en('programme.eligibility')), en('programme.open_to_all'));
  await checkAccessibility(page, 'the new programme');

  await follow(page, page.getByRole('link', { name: en('intakes.add'), exact: true }));
  await assertHeading(page, en('intakes.add'));
  await checkAccessibility(page, 'add an intake');
  await page.getByLabel(en('field.name'), { exact: true }).fill(INTAKE);
  // Open since yesterday (UTC), so the server's "today" is inside it whatever the hour.
  await fillDate(page, en('field.opens_on'), isoDate(-1));
  await fillDate(page, en('field.closes_on'), isoDate(30));
  await fillDate(page, en('field.starts_on'), isoDate(60));
  await page.getByLabel(s.mentee.organisation, { exact: true }).fill('2');
  await page.getByLabel(s.mentor.organisation, { exact: true }).fill('1');
  await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
  await assertHeading(page, PROGRAMME);
  await assertNotice(page, 'notice.saved');
  const places = page.getByRole('table', { name: en('intakes.places_caption', { name: INTAKE }), exact: true });
  for (const [org, n] of [[s.mentee.organisation, '2'], [s.mentor.organisation, '1']]) {
    const row = places.getByRole('row').filter({ has: page.getByRole('rowheader', { name: org, exact: true }) });
    assert.equal((await row.getByRole('cell').innerText()).trim(), n, `places for ${org}`);
  }
  const href = await intakeLink(page, 'intakes.link.form').getAttribute('href');
  s.intakeId = href.match(/^\/intakes\/([^/]+)\/form$/)[1];
  s.programmeUrl = page.url().split('?')[0];
  await checkAccessibility(page, 'the programme with its new intake');
});

step('the scheme coordinator adds a required scale question to the application form', async (use) => {
  const page = use(await sessionFor('scheme', d.schemeCoordinator.email));
  await follow(page, intakeLink(page, 'intakes.link.form'));
  await assertHeading(page, en('applications.form.title'));
  await checkAccessibility(page, 'application form builder');
  const blank = page.getByRole('group', { name: en('applications.form.new_question'), exact: true });
  await blank.getByLabel(en('applications.form.prompt'), { exact: true }).fill(QUESTION);
  await blank.getByLabel(en('applications.form.kind'), { exact: true }).selectOption({ label: en('applications.question_kind.scale') });
  await blank.getByLabel(en('applications.form.scale_max'), { exact: true }).fill('5');
  await blank.getByLabel(en('applications.form.required'), { exact: true }).check();
  await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
  await assertNotice(page, 'notice.saved');
  const saved = page.getByRole('group', { name: en('applications.form.question_n', { n: 1 }), exact: true });
  assert.equal(await saved.getByLabel(en('applications.form.prompt'), { exact: true }).inputValue(), QUESTION);
  assert.equal(await saved.getByLabel(en('applications.form.kind'), { exact: true }).inputValue(), 'scale');
  assert.ok(await saved.getByLabel(en('applications.form.required'), { exact: true }).isChecked());
  // A fresh blank question is offered for the next one.
  await page.getByRole('group', { name: en('applications.form.new_question'), exact: true }).waitFor();
  await checkAccessibility(page, 'application form builder with a question');
});

/**
 * The applicant applies through "Apply to a programme": first with nothing chosen (every problem
 * is listed, nothing is sent), then properly. Returns the application's id and shown status.
 */
async function apply(page, who, role, choices) {
  await openFromMenu(page, en('nav.applications'));
  await assertHeading(page, en('applications.mine.title'));
  await follow(page, page.getByRole('link', { name: en('applications.mine.apply_link'), exact: true }));
  await assertHeading(page, en('applications.open.title'));
  const roleName = en(`applications.role.${role}`);
  const link = page
    .getByRole('link', { name: en('applications.open.apply_as', { role: roleName }), exact: true })
    .and(page.locator(`[href="/intakes/${s.intakeId}/apply?role=${role}"]`));
  await checkAccessibility(page, `open intakes (${role})`);
  await follow(page, link);
  await assertHeading(page, en('applications.apply.title', { intake: INTAKE }));
  assert.match(await page.locator(`#eligibility-${role}`).innerText(), new RegExp(escapeRegExp(en('applications.apply.eligible'))));
  // The notice says whether a line manager will be asked (one is on record for the applicant).
  const asks = await page.getByText(en('applications.apply.manager_notice'), { exact: true }).count();
  const skips = await page.getByText(en('applications.apply.no_manager_notice'), { exact: true }).count();
  assert.equal(asks + skips, 1, 'the apply page should say whether the line manager is asked');
  who.hasManager = asks === 1;
  assert.ok(await page.getByRole('group', { name: en('applications.field.role'), exact: true }).getByRole('radio', { name: roleName, exact: true }).isChecked());
  await checkAccessibility(page, `apply as ${role}`);

  // Nothing chosen: every problem is listed and nothing is sent. The form starts from the
  // applicant's profile, so what it filled in is cleared first.
  const filled = page.locator('main form input[type=checkbox]:checked');
  while ((await filled.count()) > 0) await filled.first().uncheck();
  await follow(page, page.getByRole('button', { name: en('applications.apply.submit'), exact: true }));
  await assertProblems(page, [
    role === 'mentor' ? 'error.choose_expertise' : 'error.choose_a_goal',
    'error.choose_availability',
    'error.choose_a_mode',
    'error.answer_required',
  ]);
  await checkAccessibility(page, `apply as ${role}, with errors`);

  const group = (key) => page.getByRole('group', { name: en(key), exact: true });
  for (const g of choices.goals ?? []) await group('applications.field.goals').getByRole('checkbox', { name: en(`applications.framework.${g}`), exact: true }).check();
  for (const g of choices.expertise ?? []) await group('applications.field.expertise').getByRole('checkbox', { name: en(`applications.framework.${g}`), exact: true }).check();
  for (const slot of choices.availability) await group('applications.field.availability').getByRole('checkbox', { name: en(`applications.slot.${slot}`), exact: true }).check();
  await group('applications.field.modes').getByRole('checkbox', { name: en('mode.video'), exact: true }).check();
  await page.getByRole('group', { name: QUESTION, exact: true }).getByRole('radio', { name: String(choices.confidence), exact: true }).check();
  const before = new Set(outboxNames(d.outbox));
  await follow(page, page.getByRole('button', { name: en('applications.apply.submit'), exact: true }));
  await assertHeading(page, en('applications.view.title', { programme: PROGRAMME }));
  await assertNotice(page, 'notice.created');
  const id = new URL(page.url()).pathname.match(/^\/applications\/([^/]+)$/)[1];
  const status = (await page.locator('#status').innerText()).trim();
  const details = await summaryList(page.getByRole('main').locator('dl'));
  assert.equal(details.get(en('applications.field.role')), roleName);
  assert.equal(details.get(QUESTION), String(choices.confidence));
  await checkAccessibility(page, `application sent (${role})`);
  return { id, status, outboxBefore: before };
}

/**
 * The line manager opens the e-mailed link in a browser with no session, in the language of the
 * link, and agrees protected time; the link then refuses a second use.
 */
async function managerAgrees(use, who, outboxBefore) {
  const mail = await waitForMessage(
    d.outbox,
    outboxBefore,
    (m) => m.text.includes('/manager-approval/') && m.subject.includes(PROGRAMME) && m.text.includes(who.name),
    `the line manager of ${who.email}`,
  );
  const link = linkIn(mail, '/manager-approval/');
  const lang = new URL(link).searchParams.get('lang') ?? 'en-GB';
  const { context, page } = await newPage(browser);
  use(page);
  try {
    await page.goto(link);
    await assertHeading(page, tr(lang, 'applications.manager.title'));
    const request = await page.locator('#request').innerText();
    assert.ok(request.includes(who.name) && request.includes(PROGRAMME), `the manager's page does not name ${who.name} and the programme:\n${request}`);
    // The manager is not signed in: no menu, no account.
    assert.equal(await page.getByRole('button', { name: tr(lang, 'nav.sign_out') }).count(), 0);
    await checkAccessibility(page, "line manager's approval page");
    await follow(page, page.getByRole('button', { name: tr(lang, 'applications.manager.approve'), exact: true }));
    await assertHeading(page, tr(lang, 'applications.manager.done_title'));
    assert.equal((await page.locator('#answer').innerText()).trim(), tr(lang, 'applications.manager.done_approved'));
    await checkAccessibility(page, "line manager's answer recorded");
    // The link works once.
    const again = await page.goto(link);
    assert.equal(again.status(), 410, `a used manager link answered HTTP ${again.status()}`);
    await page.getByText(tr(lang, 'error.applications.link_used'), { exact: true }).waitFor();
    await checkAccessibility(page, 'a used manager link');
    assertNoScriptErrors(page);
  } finally {
    await context.close();
  }
}

/** The applicant's application page: status and the steps of its history, oldest first. */
async function applicationState(page, id) {
  await page.goto(d.url(`/applications/${id}`));
  await assertHeading(page, en('applications.view.title', { programme: PROGRAMME }));
  const status = (await page.locator('#status').innerText()).trim();
  const history = page.getByRole('table', { name: en('applications.view.history'), exact: true });
  const steps = [];
  for (const row of await history.getByRole('row').all()) {
    const cells = await row.getByRole('cell').allInnerTexts();
    if (cells.length === 3) steps.push({ note: cells[1].trim(), status: cells[2].trim() });
  }
  return { status, steps };
}

const MENTEE_CHOICES = { goals: ['leading_with_care', 'influencing_for_results'], availability: ['tue_pm', 'thu_am'], confidence: 2 };
const MENTOR_CHOICES = { expertise: ['leading_with_care', 'influencing_for_results', 'engaging_the_team'], availability: ['tue_pm', 'wed_am'], confidence: 4 };

for (const role of ['mentee', 'mentor']) {
  step(`the ${role} applies; with a line manager on record, the manager agrees through the e-mailed link`, async (use) => {
    const who = s[role];
    const page = use(await sessionFor(role, who.email));
    const sent = await apply(page, who, role, role === 'mentee' ? MENTEE_CHOICES : MENTOR_CHOICES);
    s[`${role}Application`] = sent.id;
    if (who.hasManager) {
      assert.equal(sent.status, en('applications.status.awaiting_manager'));
      await managerAgrees(use, who, sent.outboxBefore);
    } else {
      assert.equal(sent.status, en('applications.status.awaiting_coordinator'));
    }
    // The applicant sees where it stands and how it got there.
    const { status, steps } = await applicationState(page, sent.id);
    assert.equal(status, en('applications.status.awaiting_coordinator'));
    const expected = who.hasManager
      ? [
          { note: en('applications.history.submitted'), status: en('applications.status.awaiting_manager') },
          { note: en('applications.history.manager_approved'), status: en('applications.status.awaiting_coordinator') },
        ]
      : [{ note: en('applications.history.submitted_no_manager'), status: en('applications.status.awaiting_coordinator') }];
    assert.deepEqual(steps, expected);
    await checkAccessibility(page, `${role}'s application with its history`);
    // A second application to the same role is refused: the role is marked as applied for.
    await page.goto(d.url(`/intakes/${s.intakeId}/apply`));
    await page.locator(`#eligibility-${role}`).getByRole('link', { name: en('applications.apply.already_applied'), exact: true }).waitFor();
    await checkAccessibility(page, `apply page once applied (${role})`);
  });
}

for (const role of ['mentee', 'mentor']) {
  step(`the ${role}'s organisation coordinator sees only their own applicant and approves within the places`, async (use) => {
    const who = s[role];
    const other = s[role === 'mentee' ? 'mentor' : 'mentee'];
    const page = use(await sessionFor(`coordinator of ${who.organisation}`, who.coordinator.email));
    await openProgramme(page);
    await follow(page, intakeLink(page, 'intakes.link.applications'));
    await assertHeading(page, en('applications.intake.title', { intake: INTAKE }));
    const table = page.getByRole('table', { name: en('applications.intake.applications'), exact: true });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: who.name, exact: true }) });
    assert.equal(await row.count(), 1, `${who.name} is not listed once for their coordinator`);
    assert.equal(await table.getByRole('link', { name: other.name, exact: true }).count(), 0, `the coordinator of ${who.organisation} sees ${other.name} of ${other.organisation}`);
    assert.ok((await row.innerText()).includes(en('applications.status.awaiting_coordinator')));
    const places = page.getByRole('table', { name: en('applications.intake.places_caption'), exact: true });
    const orgRow = places.getByRole('row').filter({ has: page.getByRole('rowheader', { name: who.organisation, exact: true }) });
    const taken = async () => Number((await orgRow.getByRole('cell').nth(1).innerText()).trim());
    assert.equal(await taken(), 0);
    await checkAccessibility(page, `applications to the intake (coordinator of ${who.organisation})`);
    // "Approve" with the applicant's name for screen readers (a visually hidden ": name", which
    // Chromium's accessible name separates with a space).
    const approve = new RegExp(`^${escapeRegExp(en('applications.decision.approve'))}\\s*:\\s*${escapeRegExp(who.name)}$`);
    await follow(page, row.getByRole('button', { name: approve }));
    await assertNotice(page, 'notice.saved');
    assert.ok((await row.innerText()).includes(en('applications.status.approved')), await row.innerText());
    assert.equal(await taken(), 1, 'approving should take one place');
    await checkAccessibility(page, `applications after approving (coordinator of ${who.organisation})`);
  });
}

step('the applicants see their approval in "My applications"', async (use) => {
  assert.ok(s.mentee.hasManager || s.mentor.hasManager, 'neither applicant has a line manager on record: the manager link was not exercised');
  for (const role of ['mentee', 'mentor']) {
    const page = use(await sessionFor(role, s[role].email));
    await openFromMenu(page, en('nav.applications'));
    const table = page.getByRole('table', { name: en('applications.mine.caption'), exact: true });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: `${PROGRAMME}, ${INTAKE}`, exact: true }) });
    assert.equal(await row.count(), 1);
    const cells = await row.getByRole('cell').allInnerTexts();
    assert.deepEqual([cells[1].trim(), cells[3].trim()], [en(`applications.role.${role}`), en('applications.status.approved')]);
    if (role === 'mentee') await checkAccessibility(page, 'My applications');
    const { steps } = await applicationState(page, s[`${role}Application`]);
    assert.deepEqual(steps.at(-1), { note: en('applications.history.approved'), status: en('applications.status.approved') });
  }
});

/** The proposed pairs of the run page: [{row, mentee, mentor, text}]. */
async function pairRows(page) {
  const table = page.getByRole('table', { name: en('matching.pairs.caption'), exact: true });
  await table.waitFor();
  const out = [];
  for (const row of await table.getByRole('row').all()) {
    const cells = await row.getByRole('cell').allInnerTexts();
    if (cells.length < 4) continue;
    out.push({ row, mentee: cells[0], mentor: cells[1], score: cells[2], rules: cells[3] });
  }
  return out;
}

const publishButton = (page) => page.getByRole('button', { name: en('matching.run.publish'), exact: true });

step('the scheme coordinator runs matching: the pair is proposed with its score breakdown and the rules it meets', async (use) => {
  const page = use(await sessionFor('scheme', d.schemeCoordinator.email));
  await openProgramme(page);
  await follow(page, intakeLink(page, 'intakes.link.matching'));
  await assertHeading(page, en('matching.intake.title', { name: INTAKE }));
  const pool = await summaryList(page.locator('#pool'));
  assert.equal(pool.get(en('matching.role.mentee')), '1');
  assert.equal(pool.get(en('matching.role.mentor')), '1');
  await page.getByText(en('matching.runs.none'), { exact: true }).waitFor();
  await checkAccessibility(page, 'matching of the intake, before any run');
  await follow(page, page.getByRole('button', { name: en('matching.run.button'), exact: true }));
  await assertHeading(page, new RegExp(`^${escapeRegExp(en('matching.run.name', { number: 1 }))}\\s+${escapeRegExp(en('matching.run_status.draft'))}$`));
  await assertNotice(page, 'notice.matching_run');
  s.run1 = page.url().split('?')[0];
  const pairs = await pairRows(page);
  assert.equal(pairs.length, 1, `one pair expected, got ${JSON.stringify(pairs.map((p) => [p.mentee, p.mentor]))}; unmatched: ${await page.getByRole('main').innerText()}`);
  const [pair] = pairs;
  assert.ok(pair.mentee.includes(s.mentee.name) && pair.mentee.includes(s.mentee.organisation), pair.mentee);
  assert.ok(pair.mentor.includes(s.mentor.name) && pair.mentor.includes(s.mentor.organisation), pair.mentor);
  for (const c of ['goals', 'availability', 'mode']) assert.ok(pair.score.includes(en(`matching.criterion.${c}`)), `no ${c} in the score breakdown: ${pair.score}`);
  for (const c of ['goals', 'availability', 'mode']) assert.match(pair.score, new RegExp(`${escapeRegExp(en(`matching.criterion.${c}`))}\\s+\\d+ of \\d+ points \\(\\d+%\\)`), `no share for ${c}: ${pair.score}`);
  for (const c of ['different_organisation', 'mode', 'direct_report', 'managers_manager', 'same_line_manager']) assert.ok(pair.rules.includes(`${en(`explain.rule.${c}`)}: ${en('explain.passed')}`), `rule ${c} not shown as passed: ${pair.rules}`);
  for (const who of [pair.mentee, pair.mentor]) assert.ok(who.includes(en('explain.profession')) && who.includes(en('explain.grade')), `no profession or grade: ${who}`);
  assert.ok(!pair.mentor.includes(en('matching.pin.lock')), 'a pair is locked before anyone locked it');
  await page.getByText(en('matching.unmatched.none'), { exact: true }).waitFor();
  const quality = await summaryList(page.locator('#quality'));
  assert.equal(quality.get(en('matching.runs.matches')), '1');
  assert.equal(quality.get(en('matching.quality.reproduced')), en('matching.yes'));
  await publishButton(page).waitFor();
  await checkAccessibility(page, 'run 1');
});

step('nothing is visible to the participants before the coordinator publishes', async (use) => {
  for (const role of ['mentee', 'mentor']) {
    const page = use(await sessionFor(role, s[role].email));
    await openFromMenu(page, en('nav.relationships'));
    await assertHeading(page, en('matching.mine.title'));
    assert.equal(await page.getByRole('link', { name: `${PROGRAMME} – ${INTAKE}`, exact: true }).count(), 0, `${role} sees the draft match`);
    if (role === 'mentee') await checkAccessibility(page, 'My matches, before publishing');
  }
});

step('the coordinator locks the pair from the run page', async (use) => {
  const page = use(await sessionFor('scheme', d.schemeCoordinator.email));
  const [pair] = await pairRows(page);
  await follow(page, pair.row.getByRole('button', { name: `${en('matching.pairs.lock')} ${s.mentee.name} – ${s.mentor.name}`, exact: true }));
  assert.equal(page.url().split('?')[0], s.run1, 'locking from the run page should come back to it');
  await assertNotice(page, 'notice.pin_saved');
  await checkAccessibility(page, 'run 1 after locking the pair');
});

step('the coordinator runs again: the new run keeps the locked pair; the older run can no longer be published', async (use) => {
  const page = use(await sessionFor('scheme', d.schemeCoordinator.email));
  await follow(page, page.getByRole('button', { name: en('matching.run.rerun'), exact: true }));
  await assertHeading(page, new RegExp(`^${escapeRegExp(en('matching.run.name', { number: 2 }))}\\s+${escapeRegExp(en('matching.run_status.draft'))}$`));
  await assertNotice(page, 'notice.matching_run');
  s.run2 = page.url().split('?')[0];
  const pairs = await pairRows(page);
  assert.equal(pairs.length, 1);
  assert.ok(pairs[0].mentee.includes(s.mentee.name) && pairs[0].mentor.includes(s.mentor.name));
  await pairs[0].row.getByText(en('matching.pin.lock'), { exact: true }).waitFor();
  await publishButton(page).waitFor();
  await checkAccessibility(page, 'run 2 with the locked pair');
  // Run 1 is superseded: it offers neither publishing nor pins any more.
  await page.goto(s.run1);
  await assertHeading(page, new RegExp(`^${escapeRegExp(en('matching.run.name', { number: 1 }))}\\s+${escapeRegExp(en('matching.run_status.superseded'))}$`));
  assert.equal(await publishButton(page).count(), 0, 'a superseded run still offers publishing');
  assert.equal(await page.getByRole('button', { name: new RegExp(`^${escapeRegExp(en('matching.pairs.lock'))}`) }).count(), 0);
  await checkAccessibility(page, 'run 1, superseded by run 2');
});

step('the coordinator publishes run 2: both are sent their offer', async (use) => {
  const page = use(await sessionFor('scheme', d.schemeCoordinator.email));
  await page.goto(s.run2);
  const before = new Set(outboxNames(d.outbox));
  await follow(page, publishButton(page));
  await assertNotice(page, 'notice.published');
  await assertHeading(page, new RegExp(`^${escapeRegExp(en('matching.run.name', { number: 2 }))}\\s+${escapeRegExp(en('matching.run_status.published'))}$`));
  assert.equal(await publishButton(page).count(), 0, 'a published run offers publishing again');
  await checkAccessibility(page, 'run 2, published');
  // Both are sent their offer.
  for (const role of ['mentee', 'mentor']) {
    const mail = await waitForMessage(d.outbox, before, (m) => m.to === s[role].email && m.text.includes(PROGRAMME), `the offer to the ${role}`);
    linkIn(mail, '/relationships');
  }

  // The intake's matching page keeps both runs and the lock.
  await follow(page, page.getByRole('link', { name: en('page.back'), exact: true }));
  await assertHeading(page, en('matching.intake.title', { name: INTAKE }));
  const runs = page.getByRole('table', { name: en('matching.runs.caption'), exact: true });
  const statusOf = async (n) => {
    const row = runs.getByRole('row').filter({ has: page.getByRole('link', { name: en('matching.run.name', { number: n }), exact: true }) });
    return (await row.getByRole('cell').nth(1).innerText()).trim();
  };
  assert.equal(await statusOf(2), en('matching.run_status.published'));
  assert.notEqual(await statusOf(1), en('matching.run_status.published'));
  const pins = page.getByRole('table', { name: en('matching.pins.caption'), exact: true });
  const pinRows = (await pins.getByRole('row').allInnerTexts()).filter((r) => r.includes(s.mentee.name));
  assert.equal(pinRows.length, 1);
  assert.ok(pinRows[0].includes(en('matching.pin.lock')) && pinRows[0].includes(s.mentor.name), pinRows[0]);
  await checkAccessibility(page, 'matching of the intake, after publishing');
});

/** The participant's match, from "My matches". */
async function openMatch(page) {
  await openFromMenu(page, en('nav.relationships'));
  await assertHeading(page, en('matching.mine.title'));
  await follow(page, page.getByRole('link', { name: `${PROGRAMME} – ${INTAKE}`, exact: true }));
  await assertHeading(page, new RegExp(`^${escapeRegExp(en('kinds.relationship.title.mentoring'))}\\b`));
}

const matchStatus = async (page) => (await page.locator('#status').innerText()).trim();

step('the mentee and then the mentor accept the offer', async (use) => {
  const mentee = use(await sessionFor('mentee', s.mentee.email));
  await openMatch(mentee);
  s.relationshipUrl = mentee.url().split('?')[0];
  assert.equal(await matchStatus(mentee), en('matching.status.proposed'));
  const members = await mentee.locator('#members').innerText();
  assert.ok(members.includes(s.mentor.name) && members.includes(s.mentor.organisation), members);
  await checkAccessibility(mentee, 'an offer (mentee)');
  await follow(mentee, mentee.getByRole('button', { name: en('matching.offer.accept'), exact: true }));
  await assertNotice(mentee, 'notice.offer_accepted');
  await mentee.getByText(en('matching.offer.waiting'), { exact: true }).waitFor();
  assert.equal(await matchStatus(mentee), en('matching.status.proposed'), 'one acceptance should not accept the match');
  await checkAccessibility(mentee, 'an offer accepted, waiting for the other (mentee)');

  const mentor = use(await sessionFor('mentor', s.mentor.email));
  await openMatch(mentor);
  assert.equal(mentor.url().split('?')[0], s.relationshipUrl, 'mentee and mentor should see the same match');
  await follow(mentor, mentor.getByRole('button', { name: en('matching.offer.accept'), exact: true }));
  await assertNotice(mentor, 'notice.offer_accepted');
  assert.equal(await matchStatus(mentor), en('matching.status.accepted'));
  await mentor.getByRole('heading', { name: en('matching.agreement.title.mentoring'), exact: true }).waitFor();
  await mentor.getByText(en('matching.agreement.version', { version: 1 }), { exact: true }).waitFor();
  await checkAccessibility(mentor, 'an accepted match with its agreement (mentor)');
});

step('the mentee writes the goals into the agreement and signs; the mentor signs that version; the match is active', async (use) => {
  const mentee = use(await sessionFor('mentee', s.mentee.email));
  await mentee.goto(s.relationshipUrl);
  assert.equal(await matchStatus(mentee), en('matching.status.accepted'));
  await mentee.getByLabel(en('matching.agreement.goals'), { exact: true }).fill(MENTEE_GOALS);
  await mentee.getByRole('group', { name: en('matching.agreement.channel'), exact: true }).getByRole('radio', { name: en('mode.video'), exact: true }).check();
  await mentee.getByLabel(en('matching.agreement.notice'), { exact: true }).fill('24');
  await follow(mentee, mentee.getByRole('button', { name: en('matching.agreement.save'), exact: true }));
  await assertNotice(mentee, 'notice.saved');
  await mentee.getByText(en('matching.agreement.version', { version: 2 }), { exact: true }).waitFor();
  await checkAccessibility(mentee, 'the agreement, changed (mentee)');
  await follow(mentee, mentee.getByRole('button', { name: en('matching.agreement.sign'), exact: true }));
  await assertNotice(mentee, 'notice.signed');
  assert.equal(await matchStatus(mentee), en('matching.status.accepted'), 'one signature should not make the match active');
  const signatures = (await mentee.locator('#signatures').innerText()).split('\n').map((l) => l.trim()).filter(Boolean);
  assert.deepEqual(
    signatures.sort(),
    [`${s.mentee.name}: ${en('matching.agreement.signed')}`, `${s.mentor.name}: ${en('matching.agreement.not_signed')}`].sort(),
  );
  assert.equal(await mentee.getByRole('button', { name: en('matching.agreement.sign'), exact: true }).count(), 0, 'signed, yet offered to sign again');
  await checkAccessibility(mentee, 'the agreement signed by the mentee');

  const mentor = use(await sessionFor('mentor', s.mentor.email));
  await mentor.goto(s.relationshipUrl);
  // The mentor reads the version the mentee wrote, and signs that one.
  await mentor.getByText(en('matching.agreement.version', { version: 2 }), { exact: true }).waitFor();
  assert.equal(await mentor.getByLabel(en('matching.agreement.goals'), { exact: true }).inputValue(), MENTEE_GOALS);
  await follow(mentor, mentor.getByRole('button', { name: en('matching.agreement.sign'), exact: true }));
  await assertNotice(mentor, 'notice.signed');
  assert.equal(await matchStatus(mentor), en('matching.status.active'));
  const agreement = await summaryList(mentor.locator('#agreement'));
  assert.equal(agreement.get(en('matching.agreement.goals')), MENTEE_GOALS);
  assert.equal(agreement.get(en('matching.agreement.channel')), en('mode.video'));
  assert.equal(agreement.get(en('matching.agreement.notice')), '24');
  await checkAccessibility(mentor, 'an active match (mentor)');
});

step('both see the match as active, and the applications as matched', async (use) => {
  for (const role of ['mentee', 'mentor']) {
    const page = use(await sessionFor(role, s[role].email));
    await openFromMenu(page, en('nav.relationships'));
    const link = page.getByRole('link', { name: `${PROGRAMME} – ${INTAKE}`, exact: true });
    const card = page.getByRole('main').locator('.nhsuk-card').filter({ has: link });
    assert.ok((await card.innerText()).includes(en('matching.status.active')), await card.innerText());
    if (role === 'mentee') await checkAccessibility(page, 'My matches, active');
    const { status } = await applicationState(page, s[`${role}Application`]);
    assert.equal(status, en('applications.status.matched'));
  }
  if (!failed) console.log(`journey complete: ${s.relationshipUrl}`);
});
