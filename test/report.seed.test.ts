/** Reports of the seed mail of ../shared/seeds (run by `npm run test:seed`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { RULES } from '../src/core/review';
import type { Finding } from '../src/core/review/types';
import { repoRoot, runCli } from './helpers';

const SEED = join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');

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
  assert.match(mail, /^From: .*\n(?:To: .*\n)?(?:Cc: .*\n)?Subject: Re: \[PATCH V3 1\/3\] iommu: Add support to change default domain of an iommu_group\n/);
  assert.match(mail, /\nOn 5\/29\/20 3:23 AM, Sai Praneeth Prakhya wrote:\n/);
  const unlock = mail.indexOf('> +\tmutex_unlock(&group->mutex);');
  assert.ok(unlock > 0, 'quotes the helper unlock');
  const remark = mail.indexOf('iommu_group_store_type()', unlock);
  assert.ok(remark > unlock, 'the remark under the quote names the caller that took the lock');
  assert.match(mail, /\[\.\.\.\]\n> /, 'cuts are marked');
  assert.match(mail, /-EBUSY\?/);
  assert.doesNotMatch(mail, /<html|<p>|<br/i);
  assert.doesNotMatch(mail, /Lockflow\n*$/, 'no tool signature: the reviewer signs');
  const quoted = mail.split('\n').filter((l) => l.startsWith('> +'));
  assert.ok(quoted.length < 120, `only the lines with remarks are quoted (${quoted.length})`);
});
