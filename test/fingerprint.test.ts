import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewFiles, type Finding } from '../src/core/review';
import { finding } from '../src/core/review/context';
import { withFingerprints } from '../src/core/review/fingerprint';
import { FINGERPRINT_KEY } from '../src/core/render/sarif';
import { parseFile } from '../src/core/syntax';
import { validateReviewResult } from '../bench/fuzz/schema';
import { fixturePath, lineOf, readFixture, runCli } from './helpers';

const PATH = 'drivers/misc/foo.c';
const BASE = readFixture('fingerprint', 'base.c');

const review = async (text: string) => (await reviewFiles([{ path: PATH, text }])).result.findings;
const byFunction = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [`${f.rule} ${f.function}`, f.fingerprint]));
const patchRun = (name: string, format: string) => runCli(['review', fixturePath('fingerprint', name), '--base', fixturePath('fingerprint', 'base.c'), '--format', format]);

test('every finding has a 16-hex-digit fingerprint of its own, a lock subject from the engine, and the schema accepts both', async () => {
  const findings = await review(BASE);
  assert.deepEqual(findings.map((f) => `${f.rule} ${f.function}`).sort(), ['lock/double-acquire foo_count_reset', 'lock/held-at-return foo_reset']);
  for (const f of findings) assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
  assert.equal(new Set(findings.map((f) => f.fingerprint)).size, findings.length);
  assert.deepEqual(findings.find((f) => f.rule === 'lock/double-acquire')?.subject, { lock: 'foo->stats_lock' });
  const result = (await reviewFiles([{ path: PATH, text: BASE }])).result;
  assert.deepEqual(validateReviewResult(JSON.parse(JSON.stringify(result))), []);
  const bad = JSON.parse(JSON.stringify(result));
  bad.findings[0].fingerprint = 'line 24';
  delete bad.findings[1].fingerprint;
  bad.findings[1].subject = { lock: 7 };
  const problems = validateReviewResult(bad).join('\n');
  assert.match(problems, /findings\[0\]\.fingerprint/);
  assert.match(problems, /findings\[1\]\.fingerprint/);
  assert.match(problems, /findings\[1\]\.subject/);
});

test('fingerprints survive code moving and re-indenting, and change with the anchor statement', async () => {
  const base = byFunction(await review(BASE));
  assert.deepEqual(byFunction(await review(`\n\n\n${BASE.replace('static void foo_hw_reset', '\n\nstatic void foo_hw_reset')}`)), base);
  assert.deepEqual(byFunction(await review(BASE.replace('\t\treturn -ENODEV;', '  return   -ENODEV;'))), base);
  const edited = byFunction(await review(BASE.replace('return -ENODEV;', 'return -EIO;')));
  assert.notEqual(edited['lock/held-at-return foo_reset'], base['lock/held-at-return foo_reset']);
  assert.equal(edited['lock/double-acquire foo_count_reset'], base['lock/double-acquire foo_count_reset']);
});

test('the same statement twice in a function gives two fingerprints; the same finding twice gives one', async () => {
  const parsed = await parseFile(PATH, BASE);
  const first = lineOf(BASE, 'spin_lock(&foo->stats_lock);');
  const second = lineOf(BASE, 'spin_lock(&foo->stats_lock);', BASE.indexOf('foo->resets++'));
  const at = (line: number) => finding({ rule: 'lock/double-acquire', severity: 'error', file: PATH, line, function: 'foo_count_reset', message: 'm', subject: { lock: 'foo->stats_lock' } });
  const [a, b, c] = withFingerprints([at(first), at(second), at(second)], [parsed]).map((f) => f.fingerprint);
  assert.notEqual(a, b);
  assert.equal(b, c);
});

test('patch review: a patch that only inserts blank lines above a function keeps its finding unchanged', async () => {
  const r = await patchRun('blank-lines.patch', 'json');
  const out = JSON.parse(r.stdout);
  assert.equal(out.patch.files[0].base, true);
  assert.deepEqual(out.findings.map((f: Finding) => `${f.function} ${f.patchStatus}`).sort(), ['foo_count_reset pre-existing', 'foo_reset pre-existing']);
  assert.deepEqual(out.patch.fixed, []);
  assert.equal(out.findings.find((f: Finding) => f.function === 'foo_reset').line, lineOf(BASE, 'return -ENODEV;') + 2, 'the finding did move');
  assert.deepEqual(byFunction(out.findings), byFunction(await review(BASE)));
});

test('patch review and SARIF: introduced, fixed and unchanged by fingerprint, with partialFingerprints and baselineState', async () => {
  const json = JSON.parse((await patchRun('fix-and-add.patch', 'json')).stdout);
  const status = (f: Finding) => `${f.rule} ${f.function} ${f.patchStatus}`;
  assert.deepEqual(json.findings.map(status).sort(), ['lock/double-acquire foo_count_reset pre-existing', 'lock/held-at-return foo_set_mode introduced']);
  assert.deepEqual(json.patch.fixed.map(status), ['lock/held-at-return foo_reset fixed']);

  const sarif = JSON.parse((await patchRun('fix-and-add.patch', 'sarif')).stdout);
  const results: Array<{ ruleId: string; message: { text: string }; baselineState: string; partialFingerprints: Record<string, string> }> = sarif.runs[0].results;
  assert.deepEqual(
    results.map((r) => `${r.ruleId} ${r.message.text.split('(')[0]} ${r.baselineState}`).sort(),
    ['lock/double-acquire foo_count_reset unchanged', 'lock/held-at-return foo_reset absent', 'lock/held-at-return foo_set_mode new'],
  );
  const fingerprints = [...json.findings, ...json.patch.fixed].map((f: Finding) => f.fingerprint);
  assert.deepEqual(results.map((r) => r.partialFingerprints), fingerprints.map((fp) => ({ [FINGERPRINT_KEY]: fp })));
  assert.equal(FINGERPRINT_KEY, 'lockflow/v1');

  const plain = JSON.parse((await runCli(['review', fixturePath('fingerprint', 'base.c'), '--format', 'sarif'])).stdout);
  for (const r of plain.runs[0].results) {
    assert.equal(r.baselineState, undefined, 'no base, no baseline');
    assert.match(r.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{16}$/);
  }
});

test('text output does not show fingerprints', async () => {
  const text = (await patchRun('fix-and-add.patch', 'text')).stdout;
  const json = JSON.parse((await patchRun('fix-and-add.patch', 'json')).stdout);
  for (const f of json.findings as Finding[]) assert.ok(!text.includes(f.fingerprint));
});

test('a second unlock added to a helper that already releases its caller\'s lock is the same finding, not fixed and introduced', async () => {
  const r = await runCli(['review', fixturePath('fingerprint', 'helper-unlock.patch'), '--base', fixturePath('fingerprint', 'helper-unlock.c'), '--format', 'json', '--fail-on', 'none']);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.findings.map((f: Finding) => `${f.rule} ${f.function} ${f.patchStatus}`), ['lock/helper-releases-caller-lock pool_drain pre-existing']);
  assert.match(out.findings[0].message, /releases p->lock \(lines 14 and 18\)/, 'the finding names both unlocks now');
  assert.deepEqual(out.patch.fixed, []);
  // Findings about one statement still tell two identical statements apart (see above); this rule's are about the function.
  const base = (await reviewFiles([{ path: 'pool.c', text: readFixture('fingerprint', 'helper-unlock.c') }])).result.findings;
  assert.equal(base.length, 1);
  assert.equal(base[0].fingerprint, out.findings[0].fingerprint);
});
