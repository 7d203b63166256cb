// Browser test of the admin pages in a real headless Chromium (Debian's chromium, driven by playwright-core):
// runs the demo with an admin token, signs in through the login form, opens the index and the experiment page,
// checks what the forest plot drew against the numbers the page prints and what the time series plots drew against the
// report's JSON, and saves screenshots under docs/img/.
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

  // Over time: the cumulative effect with its band per metric and treatment, and the SRM p-value, drawn where the
  // report's JSON says. The demo spreads its traffic over 12 hours of event time, so there are hours of buckets.
  const json = await (await page.request.get(`${base}/experiments/support-prompt-v2/report`)).json();
  const ts = json.metrics.find(m => m.metric === 'helpfulness').timeseries[0];
  assert.equal(ts.variant, 'treatment');
  const fig = page.locator('#over-time ~ figure.series[data-metric="helpfulness"][data-variant="treatment"]');
  assert.equal(await fig.count(), 1, 'one time series plot for helpfulness · treatment');
  const svg = fig.locator('svg.timeplot.effect');
  assert.match(await svg.locator('title').first().textContent(), /^helpfulness · treatment: cumulative effect over time$/);
  assert.ok((await svg.locator('desc').textContent()).includes('always-valid') === (json.analysis.mode === 'sequential'),
    'the text alternative says which interval the band is');
  const withEffect = ts.points.filter(p => p.effect !== null);
  assert.ok(withEffect.length >= 20, `hours of buckets with an estimate (was ${withEffect.length})`);
  const dots = svg.locator('circle.pt');
  assert.equal(await dots.count(), withEffect.length, 'a dot per bucket with an estimate');
  const drawn = [];
  for (let i = 0; i < withEffect.length; i++) {
    const d = dots.nth(i);
    const box = await d.boundingBox();
    drawn.push({ end: Date.parse(await d.getAttribute('data-end')), value: Number(await d.getAttribute('data-value')),
      low: Number(await d.getAttribute('data-low')), high: Number(await d.getAttribute('data-high')),
      x: box.x + box.width / 2, y: box.y + box.height / 2 });
    assert.equal(Date.parse(await d.getAttribute('data-end')), Date.parse(withEffect[i].end), `dot ${i}: the JSON's bucket end`);
    assert.ok(Math.abs(drawn[i].value - withEffect[i].effect) <= 1e-12 * Math.max(1, Math.abs(withEffect[i].effect)),
      `dot ${i}: the JSON's effect`);
    assert.deepEqual([drawn[i].low, drawn[i].high], withEffect[i].interval, `dot ${i}: the JSON's interval`);
  }
  // Position is linear in time and in value: fit on the first and last dots, every other dot on the lines.
  const fit = (a, b, key, px) => { const k = (b[px] - a[px]) / (b[key] - a[key] || 1); return v => a[px] + (v - a[key]) * k; };
  const xOf = fit(drawn[0], drawn[drawn.length - 1], 'end', 'x');
  const byValue = [...drawn].sort((p, q) => p.value - q.value);
  const yOf = fit(byValue[0], byValue[byValue.length - 1], 'value', 'y');
  assert.ok(byValue[0].y > byValue[byValue.length - 1].y || byValue[0].value === byValue[byValue.length - 1].value,
    'larger effects are drawn higher');
  for (const p of drawn) {
    assert.ok(Math.abs(p.x - xOf(p.end)) < 1.5, `dot at ${new Date(p.end).toISOString()}: x ${p.x} on the time axis`);
    assert.ok(Math.abs(p.y - yOf(p.value)) < 1.5, `dot at ${new Date(p.end).toISOString()}: y ${p.y} where its value says`);
  }
  // The band spans the intervals: its box reaches the highest high and the lowest low.
  const bands = svg.locator('polygon.band');
  assert.ok(await bands.count() >= 1, 'the interval is drawn as a band');
  let top = Infinity, bottom = -Infinity;
  for (let i = 0; i < await bands.count(); i++) {
    const b = await bands.nth(i).boundingBox();
    top = Math.min(top, b.y); bottom = Math.max(bottom, b.y + b.height);
  }
  const highest = Math.max(...drawn.map(p => p.high)), lowest = Math.min(...drawn.map(p => p.low));
  assert.ok(Math.abs(top - yOf(highest)) < 1.5 && Math.abs(bottom - yOf(lowest)) < 1.5,
    `the band spans [${lowest}, ${highest}] (drawn ${top}..${bottom}, expected ${yOf(highest)}..${yOf(lowest)})`);
  // SRM over time: one dot per bucket, the p-values of the JSON, the dashed threshold line where 0.001 maps.
  const srm = page.locator('#over-time ~ figure.series.srm svg.timeplot.srm');
  const srmDots = srm.locator('circle.pt');
  assert.equal(await srmDots.count(), json.timeseries.exposure.length, 'a dot per bucket in the SRM plot');
  const lastSrm = json.timeseries.exposure[json.timeseries.exposure.length - 1];
  assert.equal(Number(await srmDots.last().getAttribute('data-value')), lastSrm.srmPValue, 'the last SRM p-value');
  assert.ok(Math.abs(lastSrm.srmPValue - json.srm.pValue) < 1e-9, 'the last bucket is the whole experiment');
  assert.ok(lastSrm.units.control + lastSrm.units.treatment === json.variants.reduce((s, v) => s + v.units, 0),
    'the last bucket counts every unit');
  await fig.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/img/over-time.png' });
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
