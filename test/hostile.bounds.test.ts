import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewFiles } from '../src/core/review';
import { MAX_NESTING } from '../src/core/syntax/nesting';
import { boundEvidence, MAX_FINDINGS, MAX_RELATED, MAX_TRACE } from '../src/core/review/evidence';
import type { Finding } from '../src/core/review/types';
import { andChain, elseIfChain, HEADER, LEAKS, measured, nestedIfs, nestedParens, newFilePatch } from './hostileFixtures';
import { runCli } from './helpers';
import { tempDir } from './tempDir';

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
  const dir = tempDir('hostile');
  writeFileSync(join(dir, 'a_deep.c'), nestedIfs(1500));
  writeFileSync(join(dir, 'b_leaks.c'), LEAKS);
  const r = await runCli(['review', dir]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /lock\/held-at-return/);
  assert.match(r.stdout, /limit: .*deep\(\) not analysed/);
});

test('a line over 16 KB is a limit in every format, and --fail-on info fails on it', async () => {
  const dir = tempDir('hostile');
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

/** 20 rungs, each a goto around a mutex_lock: the path bound is hit and every path ends holding a lock. */
function lockLadder(): string {
  const rungs = Array.from({ length: 20 }, (_, k) => `\tif (flags & ${k})\n\t\tgoto skip${k};\n\tmutex_lock(&l->m[${k}]);\nskip${k}:\n\tg->count++;`).join('\n');
  return `${HEADER}struct ladder { struct mutex m[20]; };\nstatic int ladder(struct group *g, struct ladder *l, int flags)\n{\n${rungs}\n\treturn 0;\n}\n`;
}

test('evidence repeated once per path is kept once with a count, and SARIF stays small', async () => {
  const text = lockLadder();
  const r = await reviewFiles([{ path: 'ladder.c', text }]);
  assert.ok(r.result.findings.length > 0);
  for (const f of r.result.findings) {
    assert.ok(f.related.length <= MAX_RELATED, `${f.related.length} related`);
    assert.equal(new Set(f.related.map((x) => `${x.line}|${x.message}`)).size, f.related.length, 'each related location once');
  }
  assert.ok(r.result.findings.some((f) => f.related.some((x) => /\(on \d+ paths\)/.test(x.message))));
  const sarif = await runCli(['review', '--format', 'sarif', writeTemp('ladder.c', text)]);
  assert.ok(sarif.stdout.length < 1_000_000, `${sarif.stdout.length} bytes of SARIF from ${text.length} bytes of C`);
});

test('traces, related locations and the number of findings are capped, the cut said', () => {
  const step = (line: number) => ({ line, event: `step ${line}`, held: [] });
  const finding: Finding = {
    rule: 'lock/held-at-return', severity: 'warning', file: 'x.c', line: 1, endLine: 1, function: 'f', message: 'm', suggestion: '', fingerprint: '',
    related: Array.from({ length: 500 }, (_, k) => ({ file: 'x.c', line: k, message: `r${k}` })),
    trace: Array.from({ length: 5000 }, (_, k) => step(k)),
  };
  const limits: string[] = [];
  const out = boundEvidence(Array.from({ length: MAX_FINDINGS + 5 }, () => finding), limits);
  assert.equal(out.length, MAX_FINDINGS);
  assert.deepEqual(limits, [`5 findings beyond the first ${MAX_FINDINGS} are not listed`]);
  assert.equal(out[0].related.length, MAX_RELATED);
  assert.match(out[0].related.at(-1)!.message, /^481 more related locations not listed$/);
  assert.equal(out[0].trace.length, MAX_TRACE);
  assert.ok(out[0].trace.some((t) => /\.\.\. 4901 steps not shown/.test(t.event)));
  assert.equal(out[0].trace.at(-1)!.line, 4999);
});

function writeTemp(name: string, text: string): string {
  const p = join(tempDir('hostile'), name);
  writeFileSync(p, text);
  return p;
}

test('two files with a static function of one name: same result in either order, no false double-acquire', async () => {
  const x = { path: 'x.c', text: `${HEADER}static void helper(struct group *g)\n{\n\tmutex_lock(&g->mutex);\n}\n\nvoid x_op(struct group *g)\n{\n\thelper(g);\n\tg->count++;\n\tmutex_unlock(&g->mutex);\n}\n` };
  const y = { path: 'y.c', text: `${HEADER}static void helper(struct group *g)\n{\n\tg->count++;\n}\n\nvoid y_op(struct group *g)\n{\n\tmutex_lock(&g->mutex);\n\thelper(g);\n\tmutex_unlock(&g->mutex);\n}\n` };
  const xy = await reviewFiles([x, y]);
  const yx = await reviewFiles([y, x]);
  assert.deepEqual(JSON.parse(JSON.stringify(yx.result)), JSON.parse(JSON.stringify(xy.result)));
  assert.deepEqual(xy.result.findings.filter((f) => f.rule === 'lock/double-acquire'), []);
  // Each file's static helper is a function of its own, called by that file's code only.
  assert.deepEqual(xy.result.functions.map((f) => f.name).sort(), ['helper@x.c', 'helper@y.c', 'x_op', 'y_op']);
  assert.deepEqual(xy.result.functions.find((f) => f.name === 'helper@x.c')?.summary.acquires, ['g->mutex']);
  assert.deepEqual(xy.result.functions.find((f) => f.name === 'helper@y.c')?.summary.acquires, []);
  assert.deepEqual(xy.result.findings.filter((f) => f.severity !== 'info'), [], xy.result.findings.map((f) => f.message).join('\n'));
  assert.deepEqual(xy.result.limits, []);
});

test('two files that both export a function of one name: neither is analysed, and the limit says so', async () => {
  const a = { path: 'a.c', text: `${HEADER}void helper(struct group *g)\n{\n\tg->count++;\n}\n` };
  const b = { path: 'b.c', text: `${HEADER}void helper(struct group *g)\n{\n\tg->count--;\n}\n` };
  const r = await reviewFiles([a, b]);
  assert.ok(r.result.limits.some((l) => /helper\(\) not analysed: a\.c and b\.c each define a function of this name/.test(l)), r.result.limits.join('\n'));
});
