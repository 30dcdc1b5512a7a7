import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewFiles } from '../src/core/review';
import { MAX_NESTING } from '../src/core/syntax/nesting';
import { andChain, elseIfChain, LEAKS, measured, nestedIfs, nestedParens, newFilePatch } from './hostileFixtures';
import { runCli } from './helpers';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lockflow-hostile-'));
}

const DEEP: Array<[string, string, string]> = [
  ['1,500 nested ifs', 'deep', nestedIfs(1500)],
  ['a 4,000-link else-if chain', 'chain', elseIfChain(4000)],
  ['a 10,000-term && chain', 'all_different', andChain(10_000)],
  ['10,000 nested parentheses', 'parens', nestedParens(10_000)],
];

for (const [what, name, text] of DEEP) {
  test(`${what}: the function is not analysed, said as a limit, without overflowing the stack`, async () => {
    const { value: r, ms, rssMb } = await measured(() => reviewFiles([{ path: 'deep.c', text }]));
    assert.equal(r.result.functions.length, 0);
    assert.ok(r.result.limits.some((l) => l.includes(`${name}() not analysed: nesting deeper than ${MAX_NESTING}`)), r.result.limits.join('\n'));
    assert.ok(ms < 10_000, `${ms} ms`);
    assert.ok(rssMb < 500, `${rssMb} MB`);
  });
}

test('just under the nesting limit every shape is still analysed', async () => {
  for (const text of [nestedIfs(590), elseIfChain(590), andChain(1150), nestedParens(1150)]) {
    const r = await reviewFiles([{ path: 'near.c', text }]);
    assert.equal(r.result.functions.length, 1, r.result.limits.join('\n'));
  }
});

test('a directory with one pathological file still reviews the others (exit 1, not 3)', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a_deep.c'), nestedIfs(1500));
  writeFileSync(join(dir, 'b_leaks.c'), LEAKS);
  const r = await runCli(['review', dir]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /lock\/held-at-return/);
  assert.match(r.stdout, /limit: .*deep\(\) not analysed/);
});

test('a line over 16 KB is a limit in every format, and --fail-on info fails on it', async () => {
  const dir = tempDir();
  const text = LEAKS.replace('\tmutex_lock(&g->mutex);', `\tmutex_lock(&g->mutex);${' '.repeat(17_000)}`);
  const c = join(dir, 'long.c');
  writeFileSync(c, text);
  const patch = join(dir, 'long.patch');
  writeFileSync(patch, newFilePatch('drivers/long.c', text));
  const formats: Array<[string, RegExp]> = [
    ['text', /limit: .*line 4 is 17 KB long/],
    ['markdown', /## Limits[\s\S]*line 4 is 17 KB long/],
    ['html', /<h2>Limits<\/h2>[\s\S]*line 4 is 17 KB long/],
    ['sarif', /"toolExecutionNotifications"[\s\S]*line 4 is 17 KB long/],
    ['json', /"limits": \[\s*"[^"]*line 4 is 17 KB long/],
  ];
  for (const [format, shown] of formats) {
    const r = await runCli(['review', c, '--format', format, '--fail-on', 'info']);
    assert.equal(r.code, 1, `${format}: ${r.stderr}`);
    assert.match(r.stdout, shown, format);
  }
  const mail = await runCli(['review', patch, '--format', 'mail', '--fail-on', 'info']);
  assert.equal(mail.code, 1);
  assert.match(mail.stdout, /Not fully reviewed:\n- .*line 4 is 17 KB long/);
  assert.doesNotMatch(mail.stdout, /I found nothing to remark on in the locking of this patch\./);
  assert.equal((await runCli(['review', c, '--fail-on', 'none'])).code, 0);
});
