// Sessions and calendars in a browser, checked by an independent RFC 5545 parser (Mozilla's
// ical.js): the demo's mentee with an active match proposes a session, downloads its .ics file,
// moves the session and downloads it again (same UID, SEQUENCE raised, DTSTAMP, the local time
// entered), then makes a secret calendar feed and reads it without signing in; a forged feed
// token gets 404. Every page is checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { follow, signIn } from '../lib/app.mjs';
import { dateInWords } from '../lib/i18n.mjs';

const d = demo();
let browser;
let context;
let page;

before(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser));
});
after(async () => {
  printAxeLog();
  await context?.close().catch(() => {});
  await browser?.close();
});

/** The one event of a calendar text, parsed by ical.js, with its raw text checks. */
function parseCalendar(text) {
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\n'), 'a calendar starts with BEGIN:VCALENDAR and CRLF');
  for (const line of text.split('\r\n')) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line longer than 75 octets: ${line}`);
  }
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  const cal = new ICAL.Component(ICAL.parse(text));
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  assert.ok(['PUBLISH', 'REQUEST'].includes(cal.getFirstPropertyValue('method')));
  return cal;
}

function eventWith(cal, uid) {
  const found = cal.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === uid);
  assert.ok(found, `no event with UID ${uid}`);
  return found;
}

/** The wall-clock time "HH:MM" of an ical.js time in an IANA zone. */
function localTime(icalTime, zone) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    icalTime.toJSDate(),
  );
}

/** Downloads the .ics file of the session in `row` through the browser. */
async function downloadIcs(row) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^session-[0-9a-f-]{36}\.ics$/);
  return readFile(await download.path(), 'utf8');
}

/** Fills the booking form: a date `days` ahead, a start time, 30 minutes, the first mode. */
async function fillBooking(days, start) {
  const when = new Date(Date.now() + days * 86_400_000);
  await page.getByLabel('Day', { exact: true }).fill(String(when.getUTCDate()));
  await page.getByLabel('Month', { exact: true }).fill(String(when.getUTCMonth() + 1));
  await page.getByLabel('Year', { exact: true }).fill(String(when.getUTCFullYear()));
  await page.getByLabel('Start time', { exact: true }).fill(start);
  await page.getByLabel('Length in minutes', { exact: true }).fill('30');
  await page.locator('input[name="mode"]').first().check();
  await page.getByLabel('Video link', { exact: true }).fill('https://meet.example.org/e2e-calendar');
  await page.getByLabel('Place', { exact: true }).fill('Meeting room 2');
  const date = `${when.getUTCFullYear()}-${String(when.getUTCMonth() + 1).padStart(2, '0')}-${String(when.getUTCDate()).padStart(2, '0')}`;
  return date;
}

test('a session is proposed, downloaded, moved and seen in the secret feed', { timeout: 300_000 }, async (t) => {
  try {
    const mentee = d.participants.find((a) => a.label === 'Participant (mentee, active match)');
    assert.ok(mentee, 'the demo names a mentee with an active match');
    await signIn(page, d, mentee.email, { english: true });

    // The mentee's live relationship: the first whose sessions page offers booking.
    await page.goto(d.url('/relationships'));
    const hrefs = await page.locator('a[href^="/relationships/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const ids = [...new Set(hrefs.map((h) => h.match(/^\/relationships\/([0-9a-f-]{36})$/)?.[1]).filter(Boolean))];
    let bookings = null;
    for (const id of ids) {
      await page.goto(d.url(`/relationships/${id}/bookings`));
      if ((await page.getByRole('heading', { name: 'Propose a session' }).count()) > 0) {
        bookings = `/relationships/${id}/bookings`;
        break;
      }
    }
    assert.ok(bookings, `none of the mentee's relationships (${ids.join(', ')}) offers booking`);
    await checkAccessibility(page, 'sessions of a relationship');
    const zone = (await page.locator('#zone').innerText()).match(/Times are in (\S+) time/)?.[1];
    assert.ok(['Europe/London', 'Europe/Amsterdam'].includes(zone), `zone shown: ${zone}`);

    // Booking in the past is refused and shows the error summary.
    await fillBooking(-1, '10:00');
    await follow(page, page.getByRole('button', { name: 'Propose session' }));
    await page.getByText('The session must start in the future').first().waitFor();
    await checkAccessibility(page, 'booking form with an error');

    // A session ten days ahead at 10:00 local time.
    await page.goto(d.url(bookings));
    const date = await fillBooking(10, '10:00');
    await follow(page, page.getByRole('button', { name: 'Propose session' }));
    assert.equal(new URL(page.url()).pathname, bookings);
    const row = page.locator('#sessions tbody tr').filter({ hasText: `${dateInWords(date)} at 10:00` });
    await row.waitFor();
    const first = parseCalendar(await downloadIcs(row));
    const ev1 = eventWith(first, first.getFirstSubcomponent('vevent').getFirstPropertyValue('uid'));
    const uid = ev1.getFirstPropertyValue('uid');
    assert.match(uid, /^session-[0-9a-f-]{36}@tandem$/);
    assert.equal(ev1.getFirstPropertyValue('sequence'), 0);
    assert.ok(ev1.getFirstPropertyValue('dtstamp'), 'DTSTAMP is present');
    const start1 = ev1.getFirstPropertyValue('dtstart');
    assert.equal(localTime(start1, zone), '10:00');
    const end1 = ev1.getFirstPropertyValue('dtend');
    assert.equal(end1.toJSDate() - start1.toJSDate(), 30 * 60_000);

    // Move it to 11:15: same UID, SEQUENCE 1, a later or equal DTSTAMP, the new local time.
    await follow(page, row.getByRole('link', { name: 'Move this session' }));
    await checkAccessibility(page, 'moving a session');
    await fillBooking(10, '11:15');
    await follow(page, page.getByRole('button', { name: 'Propose the new time' }));
    const moved = page.locator('#sessions tbody tr').filter({ hasText: `${dateInWords(date)} at 11:15` });
    await moved.waitFor();
    const second = parseCalendar(await downloadIcs(moved));
    const ev2 = eventWith(second, uid);
    assert.equal(ev2.getFirstPropertyValue('sequence'), 1);
    assert.ok(
      ev2.getFirstPropertyValue('dtstamp').toJSDate() >= ev1.getFirstPropertyValue('dtstamp').toJSDate(),
      'DTSTAMP does not go back',
    );
    assert.equal(localTime(ev2.getFirstPropertyValue('dtstart'), zone), '11:15');

    // The secret feed, read without signing in.
    await page.goto(d.url('/calendar'));
    await checkAccessibility(page, 'calendar feed');
    await follow(page, page.getByRole('button', { name: /feed address/ }));
    const feedUrl = (await page.locator('#feed-url').innerText()).trim();
    assert.match(feedUrl, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(feedUrl).pathname;
    const res = await fetch(d.url(path));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/calendar/);
    const feed = parseCalendar(await res.text());
    const inFeed = eventWith(feed, uid);
    assert.equal(inFeed.getFirstPropertyValue('sequence'), 1);
    assert.equal(localTime(inFeed.getFirstPropertyValue('dtstart'), zone), '11:15');

    // A forged token gets 404 and no calendar.
    const forged = await fetch(d.url(`/calendar/${'A'.repeat(43)}.ics`));
    assert.equal(forged.status, 404);
    assert.ok(!(await forged.text()).includes('VCALENDAR'));
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
