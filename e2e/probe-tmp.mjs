import { launchBrowser, newPage, checkAccessibility } from './lib/harness.mjs';
const b = await launchBrowser();
const { page } = await newPage(b, { javaScriptEnabled: false });
await page.goto('file:///tmp/t.html');
console.log('eval', await page.evaluate(() => 1 + 1).catch(e => 'ERR ' + e.message));
try { await checkAccessibility(page, 'probe'); } catch (e) { console.log(e.message.slice(0, 300)); }
await b.close();
