// Issue #12's registration and nomination journeys, in a browser, every page checked by axe-core:
// the administrator switches self-registration on; a person registers, confirms their address by
// the e-mailed link (choosing their password there), signs in; their organisation coordinator
// confirms the employment on the list of people waiting; the person applies. Then an
// organisation coordinator nominates three of their staff into the open mentoring intake; the
// nominees are e-mailed (and invited when they have no account), and two of them complete their
// applications while the nominator sees where each stands.
//
// Each step is its own test so a failure names the step; after one fails, the rest are skipped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, follow, signIn } from '../lib/app.mjs';
import { en } from '../lib/i18n.mjs';
import { linkIn, newMessages, outboxNames, waitForMessage } from '../lib/outbox.mjs';

const d = demo();
const INTAKE = '2027 intake';
const PROGRAMME = 'Interagency Management Mentoring';
const STAMP = Date.now().toString(36);
const REGISTRANT = { given: 'Rosa', family: `Register${STAMP}`, email: `rosa.${STAMP}@example.org` };

let browser;
let failed = null;
const s = {};

before(async () => {
  assert.ok(d.outbox, 'TANDEM_E2E_OUTBOX is not set: run the browser tests through e2e/run.sh');
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

function step(name, fn) {
  test(name, { timeout: 300_000 }, async (t) => {
    if (failed) {
      t.skip(`an earlier step failed: ${failed}`);
      return;
    }
    const { context, page } = await newPage(browser);
    try {
      await fn(page);
    } catch (e) {
      failed = name;
      await screenshotOnFailure(t, page);
      throw e;
    } finally {
      await context.close().catch(() => {});
    }
  });
}

/** Fills the mentoring intake's form for a mentee (the demo's questions) and sends it. */
async function applyAsMentee(page) {
  const group = (key) => page.getByRole('group', { name: en(key), exact: true });
  const mentee = group('applications.field.role').getByRole('radio', { name: en('applications.role.mentee'), exact: true });
  if (!(await mentee.isChecked())) await mentee.check();
  await group('applications.field.goals').getByRole('checkbox').first().check();
  await group('applications.field.availability').getByRole('checkbox').first().check();
  await group('applications.field.modes').getByRole('checkbox', { name: en('mode.video'), exact: true }).check();
  await page.getByLabel('What would you like to get out of being mentored?', { exact: true }).fill('Confidence in leading change with partners.');
  await page.getByRole('group', { name: /How confident do you feel working across organisational boundaries/ }).getByRole('radio', { name: '3', exact: true }).check();
  await checkAccessibility(page, 'apply form filled');
  await follow(page, page.getByRole('button', { name: en('applications.apply.submit'), exact: true }));
  assert.match(new URL(page.url()).pathname, /^\/applications\/[0-9a-f-]+$/);
}

/** The intake's id, from "Apply to a programme". */
async function intakeId(page) {
  await page.goto(d.url('/apply?lang=en-GB'));
  const card = page.locator('.nhsuk-card', { has: page.getByRole('heading', { name: INTAKE, exact: true }) });
  const href = await card.getByRole('link').first().getAttribute('href');
  return href.match(/^\/intakes\/([^/]+)\/apply/)[1];
}

step('the administrator switches self-registration on', async (page) => {
  const admin = d.accounts.find((a) => a.role === 'administrator');
  await signIn(page, d, admin.email, { english: true });
  await page.goto(d.url('/settings'));
  const box = page.getByLabel(en('setup.label.self_registration'), { exact: true });
  if (!(await box.isChecked())) await box.check();
  await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
  await page.goto(d.url('/settings'));
  assert.ok(await page.getByLabel(en('setup.label.self_registration'), { exact: true }).isChecked());
});

step('a person registers and confirms their address by the e-mailed link', async (page) => {
  s.coordinator = d.organisationCoordinators[0];
  await page.goto(d.url('/register?lang=en-GB'));
  await assertHeading(page, en('registration.title'));
  await checkAccessibility(page, 'registration form');
  // A mistake first: shown inline, with what was typed kept.
  await page.getByLabel(en('field.given_name'), { exact: true }).fill(REGISTRANT.given);
  await follow(page, page.getByRole('button', { name: en('registration.submit'), exact: true }));
  await page.getByText(en('error.summary_title')).waitFor();
  assert.equal(await page.getByLabel(en('field.given_name'), { exact: true }).inputValue(), REGISTRANT.given);
  await checkAccessibility(page, 'registration form with errors');

  await page.getByLabel(en('field.family_name'), { exact: true }).fill(REGISTRANT.family);
  await page.getByLabel(en('registration.field.email'), { exact: true }).fill(REGISTRANT.email);
  await page
    .getByRole('group', { name: en('registration.field.email_kind'), exact: true })
    .getByRole('radio', { name: en('registration.email_kind.personal'), exact: true })
    .check();
  await page.getByLabel(en('field.organisation'), { exact: true }).selectOption({ label: s.coordinator.organisation });
  await page.getByLabel(en('field.job_title'), { exact: true }).fill('Ward manager');
  await page.getByLabel(en('field.profession'), { exact: true }).fill('Nursing');
  await page.getByLabel(en('field.grade_system'), { exact: true }).selectOption('afc');
  await page.getByLabel(en('field.grade'), { exact: true }).fill('7');
  const seen = new Set(outboxNames(d.outbox));
  await follow(page, page.getByRole('button', { name: en('registration.submit'), exact: true }));
  await assertHeading(page, en('registration.sent.title'));
  await checkAccessibility(page, 'registration sent');

  const mail = await waitForMessage(d.outbox, seen, (m) => m.to === REGISTRANT.email, 'the confirmation link');
  const link = linkIn(mail, '/confirm-email');
  await page.goto(link);
  await assertHeading(page, en('registration.confirm.title'));
  await checkAccessibility(page, 'confirm e-mail address');
  await page.getByLabel(en('field.new_password'), { exact: true }).fill(d.password);
  await page.getByLabel(en('field.confirm_password'), { exact: true }).fill(d.password);
  await follow(page, page.getByRole('button', { name: en('registration.confirm.submit'), exact: true }));
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  // Used once: the same link now shows a clear page.
  await page.goto(link);
  await page.getByText(en('registration.confirm.invalid')).waitFor();
  await checkAccessibility(page, 'confirmation link used');
  await signIn(page, d, REGISTRANT.email, { english: true });
});

step('their organisation coordinator confirms the employment', async (page) => {
  await signIn(page, d, s.coordinator.email, { english: true });
  await page.goto(d.url('/registrations'));
  await assertHeading(page, en('registration.waiting.title'));
  const name = `${REGISTRANT.given} ${REGISTRANT.family}`;
  const row = page.getByRole('row', { name: new RegExp(name) });
  await row.waitFor();
  await checkAccessibility(page, 'people waiting to be confirmed');
  await follow(page, row.getByRole('button', { name: new RegExp(`^${en('registration.waiting.confirm')}\\b`) }));
  await page.getByText(en('registration.notice.employment_confirmed')).waitFor();
  assert.equal(await page.getByRole('row', { name: new RegExp(name) }).count(), 0);
});

step('the registered person applies', async (page) => {
  await signIn(page, d, REGISTRANT.email, { english: true });
  s.intake = await intakeId(page);
  await page.goto(d.url(`/intakes/${s.intake}/apply?role=mentee`));
  await applyAsMentee(page);
});

step('an organisation coordinator nominates three of their staff', async (page) => {
  await signIn(page, d, s.coordinator.email, { english: true });
  await page.goto(d.url(`/intakes/${s.intake}/applications`));
  await follow(page, page.getByRole('link', { name: en('nominations.title'), exact: true }));
  await assertHeading(page, en('nominations.title'));
  await checkAccessibility(page, 'nominate staff');
  const seen = new Set(outboxNames(d.outbox));
  let nominated = 0;
  const tried = new Set();
  for (let round = 0; round < 6 && nominated < 3; round++) {
    await page
      .getByRole('group', { name: en('nominations.field.role'), exact: true })
      .getByRole('radio', { name: en('applications.role.mentee'), exact: true })
      .check();
    const boxes = page.getByRole('group', { name: en('nominations.field.people'), exact: true }).getByRole('checkbox');
    let ticked = 0;
    for (const box of await boxes.all()) {
      const id = await box.getAttribute('value');
      const label = await page.locator(`label[for="${await box.getAttribute('id')}"]`).innerText();
      if (tried.has(id) || label.includes(en('nominations.already'))) continue;
      tried.add(id);
      await box.check();
      ticked += 1;
      if (ticked === 3 - nominated) break;
    }
    assert.ok(ticked > 0, 'staff left to nominate');
    await follow(page, page.getByRole('button', { name: en('nominations.submit'), exact: true }));
    await assertHeading(page, en('nominations.done.title'));
    nominated += Number((await page.locator('#nominated-count').innerText()).match(/^\d+/)[0]);
    await checkAccessibility(page, 'nominations sent');
    await page.goto(d.url(`/intakes/${s.intake}/nominate`));
  }
  assert.equal(nominated, 3);
  // Each nominee is told (and invited when they cannot sign in yet).
  const deadline = Date.now() + 15_000;
  let nominations = [];
  while (Date.now() < deadline) {
    nominations = newMessages(d.outbox, seen).filter(
      (m) => m.kind === 'application.nominated' || m.subject === en('notices.application.nominated.subject', { programme: PROGRAMME }),
    );
    if (nominations.length >= 3) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(nominations.length, 3, 'one nomination e-mail each');
  s.nominees = nominations.map((m) => m.to);
  s.seenBeforeNomination = seen;
  const table = page.getByRole('table', { name: en('nominations.made'), exact: true });
  assert.equal(await table.getByText(en('applications.status.nominated'), { exact: true }).count(), 3);
});

step('two nominees complete their applications and the nominator sees it', async (page) => {
  for (const email of s.nominees.slice(0, 2)) {
    const invitation = newMessages(d.outbox, s.seenBeforeNomination).find(
      (m) => m.to === email && m.text.includes('/accept-invitation?token='),
    );
    if (invitation) {
      await page.goto(linkIn(invitation, '/accept-invitation'));
      await page.getByLabel(en('field.new_password'), { exact: true }).fill(d.password);
      await page.getByLabel(en('field.confirm_password'), { exact: true }).fill(d.password);
      await follow(page, page.getByRole('button', { name: en('password.save'), exact: true }));
    }
    await signIn(page, d, email, { english: true });
    await page.goto(d.url('/nominations/mine'));
    await assertHeading(page, en('nominations.mine.title'));
    await checkAccessibility(page, 'your nominations');
    await follow(page, page.getByRole('link', { name: new RegExp(`^${en('nominations.mine.complete')}`) }).first());
    await applyAsMentee(page);
    await page.goto(d.url('/nominations/mine'));
    await page.getByText(en('nominations.mine.none')).waitFor();
    await follow(page, page.getByRole('button', { name: en('nav.sign_out'), exact: true }));
  }
  await signIn(page, d, s.coordinator.email, { english: true });
  await page.goto(d.url(`/intakes/${s.intake}/nominate`));
  const table = page.getByRole('table', { name: en('nominations.made'), exact: true });
  assert.equal(await table.getByText(en('applications.status.nominated'), { exact: true }).count(), 1);
  assert.equal(await table.getByText(en('applications.status.awaiting_coordinator'), { exact: true }).count()
    + await table.getByText(en('applications.status.awaiting_manager'), { exact: true }).count(), 2);
  await checkAccessibility(page, 'nominations made, two completed');
});
