import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewFiles } from '../src/core/review';
import { parseFile } from '../src/core/syntax';
import { lockEffectWords } from '../src/core/render/lockWords';
import { anchorColumns } from '../src/core/review/anchorColumns';
import { relatedOnce, syntaxInProblems } from '../src/extension/problemFilter';
import { fixturePath, readFixture } from './helpers';

async function poolReview() {
  const text = readFixture('graphs', 'pool.c');
  return { text, outcome: await reviewFiles([{ path: fixturePath('graphs', 'pool.c'), text }]) };
}

test('the lens says what a function does with locks: takes and releases, releases the caller\'s, needs held', async () => {
  const { outcome } = await poolReview();
  const words = (name: string) => lockEffectWords(outcome.result.functions.find((f) => f.name === name)!, outcome.flows.get(name));
  assert.equal(words('pool_count_hit'), 'takes and releases p->stats_lock · 1 path');
  assert.equal(words('pool_finish'), "releases caller's p->lock · 1 path");
  assert.equal(words('pool_check'), 'needs p->lock held · 1 path');
  assert.equal(words('pool_log'), 'no lock effects · 1 path');
  // Takes p->lock and gives it back (itself on one path, through pool_finish() on the other).
  assert.equal(words('pool_get'), 'takes and releases p->lock · 2 paths');
  // Held on one return only: said once, with its condition, not also as "takes and releases".
  assert.equal(words('pool_lock_busy'), 'acquires p->lock (when it returns 0) · 2 paths');
});

test("a finding's range is the lock call or the access on its line, not the line", async () => {
  const { text, outcome } = await poolReview();
  const lines = text.split('\n');
  const at = (rule: string) => {
    const f = outcome.result.findings.find((x) => x.rule === rule)!;
    assert.ok(f.column && f.endColumn, `${rule} has columns`);
    return lines[f.line - 1].slice(f.column - 1, f.endColumn - 1);
  };
  assert.equal(at('lock/release-unheld'), 'mutex_unlock(&p->lock)');
  assert.equal(at('lock/unguarded-access'), 'p->count');
  assert.deepEqual(anchorColumns({ line: 1, subject: { variable: 'dev' } }, '\tif (dev->group && x) put(dev);'), { column: 6, endColumn: 16 });
  assert.deepEqual(anchorColumns({ line: 1, subject: { callee: 'helper' } }, '\tret = helper(a, f(b));'), { column: 8, endColumn: 23 });
  assert.deepEqual(anchorColumns({ line: 1, subject: {} }, '\treturn ret;  '), { column: 2, endColumn: 13 });
});

test('syntax notes stay out of Problems unless asked; errors that stop the analysis stay in', async () => {
  const file = await parseFile('notes.c', 'int pool_debug =\n#ifdef CONFIG_POOL_DEBUG\n\t1;\n#else\n\t0;\n#endif\n\nstatic int f(void)\n{\n\treturn 0;\n}\n');
  const notes = file.diagnostics.filter((d) => d.severity !== 'error');
  assert.ok(notes.some((d) => /could not parse/.test(d.message)), 'the fixture has a syntax note');
  assert.deepEqual(notes.map((d) => syntaxInProblems(d, false)), notes.map(() => false));
  assert.deepEqual(notes.map((d) => syntaxInProblems(d, true)), notes.map(() => true));
  assert.equal(syntaxInProblems({ severity: 'error' }, false), true);
});

test('related locations are listed once per place', () => {
  const related = relatedOnce([
    { file: 'a.c', line: 3, message: 'lock taken' },
    { file: 'a.c', line: 3, message: 'lock taken' },
    { file: 'a.c', line: 3, message: 'pointer found' },
    { file: 'b.c', line: 3, message: 'lock taken' },
  ]);
  assert.deepEqual(related, [
    { file: 'a.c', line: 3, message: 'lock taken; pointer found' },
    { file: 'b.c', line: 3, message: 'lock taken' },
  ]);
});
