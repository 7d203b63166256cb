// Browser test of the admin pages in a real headless Chromium (Debian's chromium, driven by playwright-core):
// runs the demo with an admin token, signs in through the login form, opens the index and the experiment page,
// checks what the forest plot drew against the numbers the page prints, and saves screenshots under docs/img/.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const adminPort = process.env.PAGES_ADMIN_PORT || '18481';
const proxyPort = process.env.PAGES_PROXY_PORT || '18480';
const token = 'ci-pages-admin-token-0123456789';
const base = `http://127.0.0.1:${adminPort}`;
const data = mkdtempSync(join(tmpdir(), 'abgw-pages-'));

const demo = spawn('java', ['-jar', 'cli/target/abgw.jar', 'demo', '--port', proxyPort, '--admin-port', adminPort,
  '--data', data, '--requests', '3000'], { env: { ...process.env, ABGW_ADMIN_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
demo.stdout.on('data', d => { log += d; });
const serving = new Promise((resolve, reject) => {
  demo.stderr.on('data', d => { log += d; if (String(d).includes('still serving')) resolve(); });
  demo.on('exit', code => reject(new Error(`abgw demo exited with ${code} before serving:\n${log}`)));
});
const timeout = setTimeout(() => { demo.kill(); }, 180_000);

let browser;
try {
  await serving;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

  // Not signed in: the index sends the browser to the login form.
  await page.goto(`${base}/`);
  assert.match(page.url(), /\/login\?next=%2F$/);
  await page.fill('#token', 'not-a-token-of-this-gateway');
  await page.click('button[type=submit]');
  assert.equal(await page.locator('p.error').textContent(), 'That token is not one this gateway knows.');
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/`);
  const cookie = (await page.context().cookies()).find(c => c.name === 'abgw_session');
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');

  // The index: the demo's experiment with its decision and its regressions.
  const row = page.locator('tr[data-experiment="support-prompt-v2"]');
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[1], 'running');
  assert.equal(cells[2], '100%');
  assert.ok(Number(cells[5]) >= 1, `the index counts the planted regression (was ${cells[5]})`);
  await page.screenshot({ path: 'docs/img/index.png' });

  // The experiment page: decision first, the alert naming the planted edge case, the forest plot.
  await row.locator('a', { hasText: 'support-prompt-v2' }).click();
  await page.waitForURL(`${base}/experiments/support-prompt-v2/report.html`);
  const alert = await page.locator('section.alert ul.hidden-regressions').textContent();
  assert.match(alert, /treatment is worse on (helpfulness|resolved) where task_type = refund/);
  const forest = page.locator('#effects + figure svg.forest');
  const rows = forest.locator('g.row');
  const tableRows = page.locator('#effects ~ .table-wrap').first().locator('tbody tr');
  const n = await rows.count();
  assert.ok(n >= 5, `one row per metric (five, and helpfulness.bad) for the one treatment (was ${n})`);
  assert.equal(n, await tableRows.count(), 'the plot and its table have the same rows');
  for (let i = 0; i < n; i++) {
    const g = rows.nth(i);
    const label = await g.getAttribute('data-label');
    if (await g.getAttribute('data-estimate') === null) continue; // a row without an estimate says why instead
    const est = Number(await g.getAttribute('data-estimate'));
    const low = Number(await g.getAttribute('data-low'));
    const high = Number(await g.getAttribute('data-high'));
    assert.ok(low <= est && est <= high, `${label}: estimate inside its interval`);
    // What was drawn: the dot lies between the two caps, as the numbers say.
    const dot = await g.locator('circle.est').boundingBox();
    const bar = await g.locator('line.ci').boundingBox();
    assert.ok(dot && bar, `${label}: the dot and the bar are rendered`);
    const cx = dot.x + dot.width / 2;
    assert.ok(cx >= bar.x - 0.5 && cx <= bar.x + bar.width + 0.5, `${label}: dot at ${cx} inside the bar [${bar.x}, ${bar.x + bar.width}]`);
    const frac = (est - low) / (high - low || 1);
    const drawn = (cx - bar.x) / (bar.width || 1);
    assert.ok(Math.abs(frac - drawn) < 0.03, `${label}: dot drawn at ${drawn.toFixed(3)} of the bar, numbers say ${frac.toFixed(3)}`);
    // The table beside the plot prints the same estimate, formatted.
    const [metric] = label.split(' \u00b7 ');
    const tableRow = tableRows.nth(i);
    assert.ok((await tableRow.locator('td').first().textContent()).startsWith(metric + ' '), `${label}: table row ${i} is ${metric}`);
    const printed = await tableRow.locator('td').nth(2).textContent();
    const pct = Math.abs(est * 100);
    const digits = pct >= 10 ? 0 : pct >= 1 ? 1 : 2;
    const expected = (est > 0 ? '+' : est < 0 ? '\u2212' : '') + String(Number(pct.toFixed(digits))) + '%';
    assert.equal(printed, pct === 0 ? '0%' : expected, `${label}: the table prints the plotted estimate`);
  }
  const helpful = forest.locator('g.row[data-label="helpfulness \u00b7 treatment"]');
  assert.ok(await helpful.count() === 1, 'the judged metric helpfulness is plotted');
  const chance = await tableRows.first().locator('td').nth(5).textContent();
  assert.match(chance, /^\d+(\.\d+)?%$/, `chance to win is an unsigned share (was ${chance})`);
  const refund = page.locator('details.segment[open] g.row.worse', { hasText: 'refund' });
  assert.ok(await refund.count() >= 1, 'the segment plot of the regression is open and marks refund as worse');
  await page.screenshot({ path: 'docs/img/experiment.png' });
  await page.locator('#segments').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/img/segments.png' });

  // Phone width: nothing wider than the screen but the scrollable tables.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/experiments/support-prompt-v2/report.html`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page fits a phone's width (overflows by ${overflow}px)`);
  await page.screenshot({ path: 'docs/img/experiment-phone.png' });

  // Sign out: the session is gone on the server too.
  await page.click('text=Sign out');
  await page.waitForURL(/\/login$/);
  const after = await page.request.get(`${base}/experiments/support-prompt-v2/report`, { headers: { cookie: `abgw_session=${cookie.value}` } });
  assert.equal(after.status(), 401, 'a signed-out session cookie is refused');
  console.log('ci: pages checked in Chromium; screenshots in docs/img/');
} finally {
  clearTimeout(timeout);
  if (browser) await browser.close();
  demo.kill();
  rmSync(data, { recursive: true, force: true });
}
