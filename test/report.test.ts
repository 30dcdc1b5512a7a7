import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { RULES } from '../src/core/review';
import type { Finding } from '../src/core/review/types';
import { repoRoot, runCli } from './helpers';

const SEED = join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');
const SAMPLE = join(repoRoot(), 'samples', 'store-type', '0001-iommu-allow-changing-the-default-domain.patch');
const SAMPLE_BASE = join(repoRoot(), 'samples', 'store-type', 'base');

test('SARIF 2.1.0 on the seed: one result per finding, each with a location, rules described', async () => {
  const json = JSON.parse((await runCli(['review', SEED, '--format', 'json'])).stdout);
  const sarif = JSON.parse((await runCli(['review', SEED, '--format', 'sarif'])).stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'Lockflow');
  assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), RULES.map((r) => r.id));
  assert.equal(run.results.length, json.findings.length);
  for (const [i, r] of run.results.entries()) {
    const f: Finding = json.findings[i];
    assert.equal(r.ruleId, f.rule);
    assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    assert.equal(r.locations.length, 1);
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'drivers/iommu/iommu.c');
    assert.equal(r.locations[0].physicalLocation.region.startLine, f.line);
    assert.equal(r.relatedLocations.length, f.related.length);
    if (f.trace.length) assert.equal(r.codeFlows[0].threadFlows[0].locations.length, f.trace.length);
  }
});

test('the mail reply to the seed quotes the unlock lines and says who took the lock', async () => {
  const r = await runCli(['review', SEED, '--format', 'mail']);
  const mail = r.stdout;
  assert.match(mail, /^From: .*\nSubject: Re: \[PATCH V3 1\/3\] iommu: Add support to change default domain of an iommu_group\n/);
  assert.match(mail, /\nOn 5\/29\/20 3:23 AM, Sai Praneeth Prakhya wrote:\n/);
  const unlock = mail.indexOf('> +\tmutex_unlock(&group->mutex);');
  assert.ok(unlock > 0, 'quotes the helper unlock');
  const remark = mail.indexOf('iommu_group_store_type()', unlock);
  assert.ok(remark > unlock, 'the remark under the quote names the caller that took the lock');
  assert.match(mail, /\[\.\.\.\]\n> /, 'cuts are marked');
  assert.match(mail, /-EBUSY\?/);
  assert.doesNotMatch(mail, /<html|<p>|<br/i);
  assert.match(mail, /Best regards,\nLockflow\n+$/, 'bottom-posted, signed at the end');
  const quoted = mail.split('\n').filter((l) => l.startsWith('> +'));
  assert.ok(quoted.length < 120, `only the lines with remarks are quoted (${quoted.length})`);
});

test('the demo sample triggers every rule and the simulator finds its races', async () => {
  const r = await runCli(['review', SAMPLE, '--base', SAMPLE_BASE, '--simulate', '--format', 'json']);
  const out = JSON.parse(r.stdout);
  assert.deepEqual([...new Set(out.findings.map((f: Finding) => f.rule))].sort(), RULES.map((x) => x.id).sort());
  assert.ok(out.findings.every((f: Finding) => f.introducedByPatch === true), 'the base is clean: the patch introduced all of it');
  const text = (await runCli(['review', SAMPLE, '--base', SAMPLE_BASE, '--simulate'])).stdout;
  assert.match(text, /\[sim\/invariant\].*left attached to a freed domain/);
});

test('deadlocks come with a lockdep-style scenario in text, markdown and HTML', async () => {
  const args = ['review', SAMPLE, '--base', SAMPLE_BASE, '--fail-on', 'none'];
  const json = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
  const inversion = json.findings.find((f: Finding) => f.rule === 'lock/order-inversion');
  assert.deepEqual(inversion.scenario, {
    cpus: 2,
    steps: [
      { cpu: 0, lock: '&group->mutex' },
      { cpu: 1, lock: '&dev->mutex' },
      { cpu: 0, lock: '&dev->mutex' },
      { cpu: 1, lock: '&group->mutex' },
    ],
  });
  const double = json.findings.find((f: Finding) => f.rule === 'lock/double-acquire');
  assert.deepEqual(double.scenario.steps, [{ cpu: 0, lock: '&group->mutex' }, { cpu: 0, lock: '&group->mutex' }]);
  // CPU1's takes sit in the second column, under its heading.
  const text = (await runCli(args)).stdout;
  const lines = text.split('\n');
  const head = lines.findIndex((l) => /^\s+CPU0\s+CPU1$/.test(l));
  assert.ok(head > 0, 'two columns');
  const column = lines[head].indexOf('CPU1');
  assert.equal(lines[head + 3].indexOf('lock(&dev->mutex);'), column);
  assert.match(text, /\*\*\* DEADLOCK \*\*\*/);
  const md = (await runCli([...args, '--format', 'markdown'])).stdout;
  assert.match(md, /```\nPossible unsafe locking scenario:\n\n\s*CPU0\s+CPU1/);
  const html = (await runCli([...args, '--format', 'html'])).stdout;
  assert.match(html, /<pre class="scenario">Possible unsafe locking scenario:/);
});

test('markdown carries the same diagrams as the HTML report, in mermaid fences', async () => {
  const md = (await runCli(['review', SAMPLE, '--base', SAMPLE_BASE, '--simulate', '--format', 'markdown'])).stdout;
  const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 5, `${blocks.length} diagrams`);
  // The HTML report's diagrams are drawn by mermaid in Chromium in the next test; the markdown has the same ones.
  const html = (await runCli(['review', SAMPLE, '--base', SAMPLE_BASE, '--simulate', '--format', 'html'])).stdout;
  const data = /<script type="application\/json" id="lockflow-data">(.*?)<\/script>/s.exec(html)![1];
  const diagrams = (JSON.parse(data) as { diagrams: Array<{ mermaid: string }> }).diagrams.map((d) => d.mermaid);
  assert.deepEqual(blocks, diagrams);
  assert.match(md, /^## Introduced by this patch \(\d+\)$/m);
  assert.doesNotMatch(md, /<img/, 'hostile text is escaped');
});

test('the HTML report renders every diagram offline, with no error, and hostile text stays text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockflow-html-'));
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
