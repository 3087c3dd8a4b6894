// Issue #17, item 4: every page usable from 320 px wide without sideways scrolling.
// - The header follows NHS.UK frontend's small-screen pattern: with scripts the menu entries that
//   do not fit fold into a "More" menu whose every link can be reached; without scripts every menu
//   link wraps onto the blue band, inside the screen.
// - Each role of the demo (scheme coordinator, an organisation coordinator, the evaluator and three
//   participants) crawls its menu, its dashboard's links and one more level of links (one page per
//   kind of address, at most PAGES_PER_ROLE), and each page is measured at 320 and 390 px:
//   `document.documentElement.scrollWidth` must not exceed the screen. The pages that overflow are
//   listed with the elements that stick out, so one run names every fault.
// - axe-core runs at 390 px on each role's dashboard and on the sign-in page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { EN, assertNoScriptErrors, signIn } from '../lib/app.mjs';

const d = demo();
const WIDTHS = [320, 390];
const PAGES_PER_ROLE = 36;
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

async function fresh(width, options = {}) {
  const { context, page } = await newPage(browser, { viewport: { width, height: 800 }, ...options });
  contexts.push(context);
  return page;
}

/** The demo account printed with `label` (or, for a function, the first one it accepts). */
function account(match) {
  const found = d.accounts.find(typeof match === 'function' ? match : (a) => a.label === match);
  assert.ok(found, `the demo prints no sign-in for ${match}`);
  return found;
}

/** Lets the header's script react to a new width (it re-measures on the next animation frame). */
async function settle(page) {
  if (page.javaScriptDisabled) return;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * How wide the document is at the current width, and when it is wider than the screen, the
 * outermost elements that reach past the screen's right edge (tag, classes, text), for the report.
 */
async function measure(page) {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const width = document.documentElement.scrollWidth;
    const culprits = [];
    if (width > vw) {
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.right <= vw + 0.5) continue;
        // Only the outermost offender of each branch: its parent still fits.
        const pr = el.parentElement?.getBoundingClientRect();
        if (pr && pr.right > vw + 0.5) continue;
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        const text = (el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 50);
        culprits.push(`${el.tagName.toLowerCase()}${cls} (right ${Math.round(r.right)} px) "${text}"`);
        if (culprits.length >= 4) break;
      }
    }
    // A date or time box narrower than the same box at its natural width clips its value.
    const clipped = [];
    for (const input of document.querySelectorAll('input[type="time"], input[type="date"]')) {
      if (!input.offsetWidth) continue;
      const natural = input.cloneNode();
      natural.removeAttribute('id');
      natural.removeAttribute('name');
      natural.style.width = 'auto';
      natural.style.maxWidth = 'none';
      natural.value = input.type === 'time' ? '09:30' : '2026-12-25';
      input.after(natural);
      const need = natural.offsetWidth;
      natural.remove();
      const room = input.parentElement.clientWidth;
      if (input.offsetWidth < Math.min(need, room)) clipped.push(`${input.type} box "${input.name}" is ${input.offsetWidth} px, its value needs ${need} px`);
    }
    return { width, culprits, clipped };
  });
}

/** Checks the page at each width; returns the faults found ("" when it fits everywhere). */
async function checkWidths(page) {
  const faults = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await settle(page);
    const m = await measure(page);
    if (m.width > width) faults.push(`  ${width} px: the page is ${m.width} px wide: ${m.culprits.join('; ')}`);
    for (const c of m.clipped) faults.push(`  ${width} px: the ${c}`);
  }
  return faults.join('\n');
}

/** An address with its ids replaced, so the crawl visits one page of each kind. */
function kind(url) {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((s) => (/\d/.test(s) && (/^\d+$/.test(s) || s.length >= 8) ? ':id' : s))
    .join('/');
  return path;
}

/** The main pages of issue #17's list, by kind of address: followed past the crawl's depth. */
const MAIN_PAGES =
  /^\/(people\/:id|programmes\/:id|intakes\/:id\/(matching|relationships|applications)|match-runs\/:id|relationships\/:id(\/sessions)?|sets\/:id|set-meetings\/:id)$/;

/** Addresses that are not pages to look at: files, downloads, signing out, switching language. */
function crawlable(url) {
  const u = new URL(url);
  if (u.origin !== new URL(d.baseUrl).origin) return false;
  if (u.searchParams.has('lang')) return false;
  if (/\.(csv|json|zip|ics|xlsx|css|svg|png|pdf)$/.test(u.pathname)) return false;
  if (/^\/(assets|sign-out|calendar\/|exports\/|people\/export|unsubscribe)/.test(u.pathname)) return false;
  if (/\/(tables|research)/.test(u.pathname)) return false;
  return true;
}

/** The same-origin links a reader can follow from `scope` on the current page. */
async function linksIn(page, scope) {
  const hrefs = await page
    .locator(`${scope} a[href]:not([download])`)
    .evaluateAll((as) => as.map((a) => a.href));
  return hrefs.filter(crawlable).map((h) => h.split('#')[0]);
}

/**
 * Signs in as `who`, crawls (menu, dashboard's links, then one more level from those pages) and
 * checks each page at both widths. Asserts once at the end with every page that overflowed.
 */
async function crawlRole(t, who) {
  // A browser writing 12-hour times ("09:30 AM"), the widest of the time formats.
  const page = await fresh(390, { locale: 'en-US' });
  try {
    await signIn(page, d, who.email);
    await checkAccessibility(page, `dashboard of ${who.label} (390 px)`);

    const seen = new Set();
    const queue = [];
    // The pages each role works in most are visited first and followed further, so that the cap
    // is not spent on forms before a programme's matching or a set's meeting is reached.
    const add = (urls, depth) => {
      for (const url of urls) {
        const k = kind(url);
        if (seen.has(k)) continue;
        seen.add(k);
        if (MAIN_PAGES.test(k)) queue.unshift({ url, depth });
        else queue.push({ url, depth });
      }
    };
    add([page.url()], 0);
    add(await linksIn(page, 'nav.nhsuk-header__navigation'), 1); // the menu, in either language
    add(await linksIn(page, 'main'), 1);
    add(['/account', '/profile', '/surveys', '/exports', '/evaluation'].map((p) => d.url(p)), 1);

    const faults = [];
    let visited = 0;
    const visitedKinds = [];
    while (queue.length && visited < PAGES_PER_ROLE) {
      const { url, depth } = queue.shift();
      let response;
      try {
        response = await page.goto(url);
      } catch (e) {
        if (/Download is starting|ERR_ABORTED/.test(e.message)) continue;
        throw e;
      }
      visited += 1;
      visitedKinds.push(kind(url));
      if (!response || response.status() >= 500) {
        faults.push(`${url}: HTTP ${response?.status()}`);
        continue;
      }
      const fault = await checkWidths(page);
      if (fault) faults.push(`${new URL(page.url()).pathname}${new URL(page.url()).search}\n${fault}`);
      const followed = depth < 2 || (depth < 5 && MAIN_PAGES.test(kind(page.url())));
      if (followed && response.status() < 400) add(await linksIn(page, 'main'), depth + 1);
    }
    console.log(`${who.label}: ${visited} pages at ${WIDTHS.join(' and ')} px: ${visitedKinds.join(' ')}`);
    assert.ok(visited >= 5, `${who.label}: the crawl reached only ${visited} pages`);
    assert.equal(faults.length, 0, `${who.label}: ${faults.length} page(s) that do not fit a phone:\n${faults.join('\n')}`);
    assertNoScriptErrors(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
}

const ROLES = [
  () => d.schemeCoordinator,
  () => account((a) => a.email === 'thijs.degraaf@amstelweide.nl.example'),
  () => account((a) => a.role === 'evaluator'),
  () => account('Participant (mentee, active match)'),
  () => account('Participant (action learning set)'),
  () => account((a) => a.role === 'participant' && a.label.endsWith(', nl-NL)')),
];

for (const role of ROLES) {
  test(`every page of a role fits 320 and 390 px wide (${role().label})`, async (t) => {
    await crawlRole(t, role());
  });
}

test('signed out: the sign-in page fits 320 px and passes axe at 390 px', async (t) => {
  const page = await fresh(390);
  try {
    await page.goto(d.url('/sign-in'));
    await checkAccessibility(page, 'sign-in page (390 px)');
    assert.equal(await checkWidths(page), '');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});

/** The header's menu links that can be seen and lie within the screen's width. */
async function menuLinksOnScreen(page) {
  const menu = page.getByRole('navigation', { name: EN.menu, exact: true });
  const out = [];
  for (const link of await menu.getByRole('link').all()) {
    const box = await link.boundingBox();
    if (box && box.width > 0 && box.x >= 0 && box.x + box.width <= page.viewportSize().width + 0.5) {
      out.push((await link.innerText()).trim());
    }
  }
  return out;
}

test('320 px with scripts: the menu folds into "More", which reaches every menu link', async (t) => {
  const page = await fresh(320);
  try {
    await signIn(page, d, d.schemeCoordinator.email);
    await settle(page);
    const menu = page.getByRole('navigation', { name: EN.menu, exact: true });
    // Every link of the menu, folded away or not (a folded one is hidden until "More" opens).
    const all = (await menu.locator('a').allTextContents()).map((s) => s.trim());
    assert.ok(all.length >= 4, `the coordinator's menu has only ${all.length} links`);
    const shown = await menuLinksOnScreen(page);
    assert.ok(shown.length < all.length, `at 320 px every menu link is on one line: ${shown.join(', ')}`);
    const more = menu.getByRole('button', { name: EN.menuMore, exact: true });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.deepEqual((await menuLinksOnScreen(page)).sort(), [...all].sort(), 'the open menu shows every link on screen');
    assert.equal(await checkWidths(page), '');
    await page.setViewportSize({ width: 390, height: 800 });
    await settle(page);
    await checkAccessibility(page, 'dashboard with the "More" menu open (390 px)');
    assertNoScriptErrors(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});

test('320 px without scripts: every menu link wraps onto the header, inside the screen', async (t) => {
  const page = await fresh(320, { javaScriptEnabled: false });
  try {
    await signIn(page, d, d.schemeCoordinator.email);
    const menu = page.getByRole('navigation', { name: EN.menu, exact: true });
    const all = (await menu.getByRole('link').allInnerTexts()).map((s) => s.trim());
    assert.ok(all.length >= 4, `the coordinator's menu has only ${all.length} links`);
    assert.deepEqual(await menuLinksOnScreen(page), all);
    assert.equal(await menu.getByRole('button').count(), 0, 'without scripts the "More" button stays hidden');
    // Each link lies on the header's blue band.
    const header = await page.getByRole('banner').boundingBox();
    for (const link of await menu.getByRole('link').all()) {
      const box = await link.boundingBox();
      assert.ok(box.y >= header.y && box.y + box.height <= header.y + header.height + 0.5, `${await link.innerText()} is off the header`);
    }
    assert.equal(await checkWidths(page), '');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
