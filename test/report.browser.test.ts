/** The HTML report drawn in headless Chromium (Debian's package; run by `npm run test:browser`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, runCli } from './helpers';
import { tempDir } from './tempDir';

const SAMPLE = join(repoRoot(), 'samples', 'store-type', '0001-iommu-allow-changing-the-default-domain.patch');
const SAMPLE_BASE = join(repoRoot(), 'samples', 'store-type', 'base');

test('the HTML report renders every diagram offline, with no error, and hostile text stays text', async () => {
  const dir = tempDir('html');
  const file = join(dir, 'report.html');
  const r = await runCli(['review', SAMPLE, '--base', SAMPLE_BASE, '--simulate', '--format', 'html', '--output', file]);
  assert.equal(r.code, 1);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  assert.doesNotMatch(html, /<script src=|<link /);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    let dialogs = 0;
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (q) => q.url() !== `file://${file}` && !q.url().startsWith('data:') && requests.push(q.url()));
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-rendered]', { timeout: 60_000 });
    const diagrams = await page.locator('.diagram').count();
    assert.equal(await page.locator('body').getAttribute('data-rendered'), String(diagrams));
    assert.equal(await page.locator('body').getAttribute('data-failed'), '0');
    assert.equal(await page.locator('.diagram svg').count(), diagrams);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
    assert.equal(dialogs, 0);
    assert.equal(await page.locator('img').count(), 0);
    assert.match(await page.locator('body').innerText(), /<img src=x onerror=alert\(1\)>/);
  } finally {
    await browser.close();
  }
});
