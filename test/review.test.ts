import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, runCli } from './helpers';
import type { Finding, LockOrderEdge } from '../src/core/review/types';
import { reviewFiles } from '../src/core/review';
import { tempDir } from './tempDir';

test('before and after: the patch introduces a finding and a lock-order edge', async () => {
  const r = await runCli(['review', fixturePath('review', 'mode-change.patch'), '--base', fixturePath('review', 'base.c'), '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  const introduced = out.findings.filter((f: Finding) => f.introducedByPatch);
  assert.ok(introduced.some((f: Finding) => f.rule === 'lock/held-at-return' && f.function === 'ctl_group_set_mode'));
  assert.ok(introduced.some((f: Finding) => f.rule === 'lock/order-inversion'));
  assert.deepEqual(
    out.patch.orderAdded.map((e: LockOrderEdge) => `${e.from} -> ${e.to} in ${e.function}`),
    ['ctl_group.mutex -> device.mutex in ctl_group_set_mode'],
  );
  assert.deepEqual(out.patch.orderRemoved, []);
  assert.equal(out.patch.files[0].base, true);
  const text = await runCli(['review', fixturePath('review', 'mode-change.patch'), '--base', fixturePath('review', 'base.c')]);
  assert.match(text.stdout, /this patch takes device\.mutex while holding ctl_group\.mutex/);
});

test('text format: checkpatch-style lines with the evidence under each', async () => {
  const r = await runCli(['review', fixturePath('locks', 'goto-unwinding.c')]);
  assert.equal(r.code, 1);
  const first = r.stdout.split('\n')[0];
  assert.match(first, /^.*goto-unwinding\.c:\d+: (WARNING|ERROR): \[lock\/[\w-]+\] \w+\(\): /);
  assert.match(r.stdout, /\n    path:\n\s+\d+  mutex_lock\(&c->lock\)/);
  assert.match(r.stdout, /\n    suggestion: /);
  assert.match(r.stdout, /total: \d+ errors, \d+ warnings/);
});

test('exit codes follow --fail-on', async () => {
  const clean = fixturePath('syntax', 'iommu_core.c');
  const quiet = await runCli(['review', clean, '--fail-on', 'error']);
  assert.equal(quiet.code, 0, quiet.stdout);
  assert.equal((await runCli(['review', fixturePath('locks', 'goto-unwinding.c'), '--fail-on', 'none'])).code, 0);
  assert.equal((await runCli(['review', fixturePath('locks', 'goto-unwinding.c'), '--fail-on', 'error'])).code, 1);
  assert.equal((await runCli(['review', clean, '--fail-on', 'sometimes'])).code, 2);
});

test('a lock config adds primitives, and a bad one is a clear error', async () => {
  const dir = tempDir('cfg');
  const c = join(dir, 'ring.c');
  writeFileSync(c, 'struct ring { struct mutex m; int busy; };\nstatic int ring_poke(struct ring *r)\n{\n\tring_lock(r);\n\tif (r->busy)\n\t\treturn -EBUSY;\n\tring_unlock(r);\n\treturn 0;\n}\n');
  const cfg = join(dir, 'locks.json');
  writeFileSync(cfg, JSON.stringify({ primitives: [{ name: 'ring_lock', op: 'acquire', kind: 'mutex', path: '$->m' }, { name: 'ring_unlock', op: 'release', kind: 'mutex', path: '$->m' }] }));
  assert.equal((await runCli(['review', c])).code, 0, 'unknown helpers are lock-neutral');
  const r = await runCli(['review', c, '--lock-config', cfg, '--format', 'json']);
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout).findings.map((f: Finding) => [f.rule, f.line]), [['lock/held-at-return', 6]]);
  writeFileSync(cfg, '{"primitives": [{"name": "x", "op": "grab", "kind": "mutex"}]}');
  const bad = await runCli(['review', c, '--lock-config', cfg]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /primitives\[0\]\.op must be one of acquire, release, try/);
});

test('the lock walk merges states that agree on locks, and is bounded when they do not', async () => {
  const dir = tempDir('ladder');
  // 2^60 paths through the branches, all with the same lock state: merged, no bound needed.
  const steps = Array.from({ length: 60 }, (_, i) => `\tif (v & ${i + 1}) x += ${i};\n\telse x -= ${i};\n\tif (x > ${i}) goto out_${i % 3};`).join('\n');
  const ladder = join(dir, 'ladder.c');
  writeFileSync(ladder, `static int ladder(int v)\n{\n\tint x = 0;\n\tmutex_lock(&big_lock);\n${steps}\n\tmutex_unlock(&big_lock);\n\treturn x;\nout_0:\nout_1:\nout_2:\n\tmutex_unlock(&big_lock);\n\treturn -1;\n}\n`);
  const merged = JSON.parse((await runCli(['review', ladder, '--format', 'json'])).stdout);
  assert.deepEqual(merged.limits, []);
  assert.deepEqual(merged.findings, []);
  assert.ok(merged.functions[0].paths <= 4, `paths: ${merged.functions[0].paths}`);
  // Forty locks each taken on some paths: 2^40 lock states, so the bound must stop it and say so.
  const takes = Array.from({ length: 40 }, (_, i) => `\tif (v & ${i + 1})\n\t\tspin_lock(&locks[${i}].lock);`).join('\n');
  const wide = join(dir, 'wide.c');
  writeFileSync(wide, `static void wide(int v)\n{\n${takes}\n}\n`);
  const r = await runCli(['review', wide, '--format', 'json', '--max-paths', '50']);
  const out = JSON.parse(r.stdout);
  assert.ok(out.limits.some((l: string) => /wide\(\): more than 50 distinct return states/.test(l)), JSON.stringify(out.limits));
});

test('a review past its time budget returns what it has and says which function was cut', async () => {
  const body = Array.from({ length: 200 }, (_, k) => `\tif (d->n == ${k}) {\n\t\tmutex_lock(&d->m);\n\t\td->n++;\n\t\tmutex_unlock(&d->m);\n\t}`).join('\n');
  const text = `struct dev { struct mutex m; int n; };\nstatic void slow(struct dev *d)\n{\n${body}\n}\n`;
  const cut = await reviewFiles([{ path: 'slow.c', text }], { timeBudgetMs: 0 });
  assert.ok(cut.result.limits.some((l) => /time budget spent: slow\(\) was only partly analysed/.test(l)), cut.result.limits.join('\n'));
  const whole = await reviewFiles([{ path: 'slow.c', text }]);
  assert.deepEqual(whole.result.limits, []);
});

test('locks left held at one return are one finding that names each of them', async () => {
  const text = [
    'struct pair {',
    '\tstruct mutex a;',
    '\tstruct mutex b;',
    '\tint n;',
    '};',
    '',
    'int pair_bump(struct pair *p)',
    '{',
    '\tmutex_lock(&p->a);',
    '\tmutex_lock(&p->b);',
    '\tif (p->n < 0)',
    '\t\treturn -EINVAL;',
    '\tp->n++;',
    '\tmutex_unlock(&p->b);',
    '\tmutex_unlock(&p->a);',
    '\treturn 0;',
    '}',
    '',
  ].join('\n');
  const { result } = await reviewFiles([{ path: 'drivers/misc/pair.c', text }]);
  const leaks = result.findings.filter((f) => f.rule === 'lock/held-at-return');
  assert.equal(leaks.length, 1, leaks.map((f) => f.message).join('\n'));
  assert.equal(leaks[0].line, 12);
  assert.match(leaks[0].message, /^p->a \(taken at line 9\) is still held at the return on line 12, but released at the return on line 16; also still held there: p->b \(taken at line 10\)$/);
  assert.deepEqual(leaks[0].subject, { lock: 'p->a, p->b' });
});

test('held-at-return: a return reached both with the lock and without says so once, not as held and released at one line', async () => {
  const text = [
    'struct box {',
    '\tstruct mutex lock;',
    '\tint n;',
    '};',
    '',
    'int box_bump(struct box *b, int skip)',
    '{',
    '\tint ret = 0;',
    '',
    '\tif (!b)',
    '\t\treturn -EINVAL;',
    '\tmutex_lock(&b->lock);',
    '\tif (skip)',
    '\t\tgoto out;',
    '\tb->n++;',
    '\tmutex_unlock(&b->lock);',
    'out:',
    '\treturn ret;',
    '}',
    '',
  ].join('\n');
  const { result } = await reviewFiles([{ path: 'drivers/misc/box.c', text }]);
  const leaks = result.findings.filter((f) => f.rule === 'lock/held-at-return');
  assert.equal(leaks.length, 1, leaks.map((f) => f.message).join('\n'));
  assert.match(leaks[0].message, /^b->lock \(taken at line 12\) is still held at the return on line 18 on some paths, but released there on others; the 'goto out' at line 14 skips the unlock$/);
});

test('double-acquire: a helper that points its parameter at an object it finds itself may take the caller\'s lock, a warning; the same parameter\'s lock is an error', async () => {
  const text = readFileSync(fixturePath('locks/v2-rebound-parameter.c'), 'utf8');
  const { result } = await reviewFiles([{ path: 'drivers/misc/ab.c', text }]);
  const doubles = result.findings.filter((f) => f.rule === 'lock/double-acquire');
  const maybe = doubles.find((f) => f.function === 'ab_abort_ring');
  const sure = doubles.find((f) => f.function === 'ab_abort_ring_bad');
  assert.equal(maybe?.severity, 'warning', doubles.map((f) => f.message).join('\n'));
  assert.match(maybe!.message, /a parameter it first points at an object it finds itself, .*: if that object is this one, this deadlocks; if not, lockdep reports recursive locking$/);
  assert.equal(sure?.severity, 'error');
  assert.match(sure!.message, /this deadlocks$/);
});
