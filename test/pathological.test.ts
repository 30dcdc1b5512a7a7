import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../src/core/syntax';
import { reviewFiles } from '../src/core/review';
import { reviewPatch } from '../src/core/review/patchReview';
import { readPatchInput } from '../src/core/patch';
import { buildCallGraph, callGraphToMermaid, selectCallGraph, MAX_DIAGRAM_NODES } from '../src/core/callgraph';
import { defaultRaces, simulate } from '../src/core/sim';
import { buildCfg, cfgToMermaid } from '../src/core/cfg';
import { readFixture } from './helpers';

const HEADER = 'struct group { struct mutex mutex; spinlock_t lock; int count; };\n';

test('a 20,000-line function is reviewed within the path bound, which it reports when hit', async () => {
  const body: string[] = [];
  for (let k = 0; k < 5000; k++) body.push(`\tif (group->count == ${k}) {`, `\t\tmutex_lock(&group->mutex);`, `\t\tgroup->count++;`, `\t\tmutex_unlock(&group->mutex);`, '\t}');
  const text = `${HEADER}static int big(struct group *group)\n{\n${body.slice(0, 20_000).join('\n')}\n\treturn 0;\n}\n`;
  assert.ok(text.split('\n').length > 20_000);
  // The path bound is under test, not the time budget: a loaded machine (a CI runner beside other
  // jobs) must not turn this into a time limit, so the budget is well above the ~8 s it takes alone.
  const r = await reviewFiles([{ path: 'big.c', text }], { maxSteps: 50_000, timeBudgetMs: 120_000 });
  const big = r.result.functions.find((f) => f.name === 'big');
  assert.ok(big, 'the function is found and reviewed');
  assert.deepEqual(r.result.findings.filter((f) => f.rule === 'lock/held-at-return'), []);
  const limit = r.result.limits.find((l) => /big\(\)/.test(l));
  // Paths that reach a block holding the same locks merge, so this function fits in the bound.
  assert.equal(limit, undefined);
  const tight = await reviewFiles([{ path: 'big.c', text }], { maxSteps: 1000 });
  assert.ok(tight.result.limits.some((l) => /lock walk in big\(\) stopped after 1000 steps/.test(l)), tight.result.limits.join('\n'));
});

test('500 nested ifs parse, build a CFG and are reviewed without overflowing the stack', async () => {
  const open = Array.from({ length: 500 }, (_, k) => `${'\t'.repeat(1)}if (group->count > ${k}) {`).join('\n');
  const text = `${HEADER}static void deep(struct group *group)\n{\n\tmutex_lock(&group->mutex);\n${open}\n\tgroup->count = 0;\n${'\t}\n'.repeat(500)}\tmutex_unlock(&group->mutex);\n}\n`;
  const file = await parseFile('deep.c', text);
  const fn = file.functions.find((f) => f.name === 'deep')!;
  assert.ok(fn, file.diagnostics.map((d) => d.message).join('\n'));
  const cfg = buildCfg(file, fn);
  assert.ok(cfg.blocks.length > 500);
  assert.match(cfgToMermaid(cfg), /flowchart TD/);
  const r = await reviewFiles([{ path: 'deep.c', text }]);
  assert.deepEqual(r.result.findings.filter((f) => f.function === 'deep' && f.rule.startsWith('lock/')), []);
});

/** 60 diamonds in a row, each a goto around a statement: 2^60 paths. */
function gotoLadder(step: (k: number) => string): string {
  const rungs = Array.from({ length: 60 }, (_, k) => `\tif (flags & ${k}) goto skip${k};\n${step(k)}\nskip${k}:\n\tgroup->count++;`).join('\n');
  return `${HEADER}struct ladder { struct mutex m[60]; };\nstatic int ladder(struct group *group, struct ladder *l, int flags)\n{\n${rungs}\n\treturn 0;\n}\n`;
}

test('a goto ladder with 2^60 paths finishes without a bound: paths with the same lock state merge', async () => {
  const r = await reviewFiles([{ path: 'ladder.c', text: gotoLadder((k) => `\tgroup->count += ${k};`) }]);
  assert.deepEqual(r.result.limits, []);
  assert.ok((r.result.functions.find((f) => f.name === 'ladder')?.paths ?? 0) >= 1);
});

test('a goto ladder whose lock states really explode stops at the path bound and says so', async () => {
  const r = await reviewFiles([{ path: 'ladder.c', text: gotoLadder((k) => `\tmutex_lock(&l->m[${k}]);`) }], { maxPaths: 500, maxSteps: 20_000 });
  assert.ok(r.result.limits.some((l) => /ladder\(\): more than \d+ distinct (lock|return) states|lock walk in ladder\(\) stopped after 20000 steps/.test(l)), r.result.limits.join('\n'));
});

/** Ten rungs, each copying one of two values into its own local: 2^10 combinations of copies. */
function copyLadder(type: string, value: (side: string) => string, tail: string): string {
  const decls = Array.from({ length: 10 }, (_, k) => `\t${type}c${k};`).join('\n');
  const rungs = Array.from({ length: 10 }, (_, k) => `\tif (flags & ${1 << k})\n\t\tc${k} = ${value('a')};\n\telse\n\t\tc${k} = ${value('b')};\n\tgroup->count += flags;`).join('\n');
  return `${HEADER}static int copies(struct group *group, struct group *a, struct group *b, unsigned long flags)\n{\n${decls}\n\n${rungs}\n${tail}\treturn 0;\n}\n`;
}

test('copies of plain numbers do not split lock states: a ladder of them is walked whole, and a bug after it is found', async () => {
  const quiet = await reviewFiles([{ path: 'copies.c', text: copyLadder('unsigned long ', (side) => `${side}->count`, '\tmutex_lock(&group->mutex);\n\tmutex_unlock(&group->mutex);\n') }]);
  assert.deepEqual(quiet.result.limits, []);
  assert.deepEqual(quiet.result.findings.filter((f) => f.severity !== 'info'), []);
  const buggy = await reviewFiles([{ path: 'copies.c', text: copyLadder('unsigned long ', (side) => `${side}->count`, '\tmutex_lock(&group->mutex);\n\tmutex_unlock(&group->mutex);\n\tmutex_unlock(&group->mutex);\n') }]);
  assert.deepEqual(buggy.result.limits, []);
  assert.deepEqual(buggy.result.findings.filter((f) => f.severity !== 'info').map((f) => f.rule), ['lock/release-unheld']);
});

test('copies of pointers still keep lock states apart, up to the bound, which is reported', async () => {
  const r = await reviewFiles([{ path: 'copies.c', text: copyLadder('struct mutex *', (side) => `&${side}->mutex`, '') }]);
  assert.ok(r.result.limits.some((l) => /copies\(\): more than \d+ distinct lock states/.test(l)), r.result.limits.join('\n'));
});

test('an infinite loop in simulated C stops at the step limit, reported as a limit', async () => {
  const text = readFixture('sim', 'store_type_fixed.c').replace(/(grp_type_store\([^)]*\)\s*\{)/, '$1\n\tfor (;;)\n\t\tcount++;');
  assert.match(text, /for \(;;\)/);
  const report = simulate([await parseFile('loop.c', text)], { scenarios: defaultRaces(), maxSteps: 2000, maxInterleavings: 50 });
  assert.ok(report.limits.some((l) => /step limit \(2000 steps\)/.test(l)), report.limits.join('\n'));
  assert.ok(report.runs.every((run) => /step limit/.test(run.result)), report.runs.map((r) => r.result).join('\n'));
});

test('a 5,000-node call graph is pruned in its diagram, with a visible "more" node', async () => {
  const fns = Array.from({ length: 2500 }, (_, k) => `void f${k}(void) { g${k}(); f${(k * 7 + 1) % 2500}(); }`).join('\n');
  const graph = buildCallGraph([await parseFile('many.c', fns)]);
  const view = selectCallGraph(graph);
  assert.ok(view.nodes.length >= 5000, `${view.nodes.length} nodes`);
  const mermaid = callGraphToMermaid(view);
  const drawn = mermaid.split('\n').filter((l) => /^ {2}n\d+\["/.test(l));
  assert.equal(drawn.length, MAX_DIAGRAM_NODES);
  assert.match(mermaid, /lfBanner\["\d+ more functions and \d+ more calls not drawn/);
  assert.ok(mermaid.split('\n').filter((l) => l.includes('-->')).length <= 400);
  // Below the limits nothing is pruned.
  assert.doesNotMatch(callGraphToMermaid(selectCallGraph(graph, 'f0', 1)), /not drawn/);
});

test('a mail with 500 patches is read in series order and reviewed', async () => {
  const parts = Array.from({ length: 500 }, (_, k) =>
    [
      `From dev@example.org Mon Mar  2 09:00:00 2026`,
      `From: Dev Example <dev@example.org>`,
      `Subject: [PATCH ${k + 1}/500] widget: part ${k + 1}`,
      `Message-ID: <p${k}.dev@example.org>`,
      '',
      `Part ${k + 1}.`,
      '',
      'Signed-off-by: Dev Example <dev@example.org>',
      '---',
      `diff --git a/drivers/w/w${k}.c b/drivers/w/w${k}.c`,
      `--- a/drivers/w/w${k}.c`,
      `+++ b/drivers/w/w${k}.c`,
      '@@ -1,3 +1,4 @@',
      ` static void w${k}(struct group *group)`,
      ' {',
      '+\tmutex_lock(&group->mutex);',
      ' }',
      '',
    ].join('\n'),
  );
  const set = await readPatchInput(parts.join('\n'), 'series.mbox');
  assert.equal(set.patches.length, 500);
  assert.equal(set.patches[499].part, 500);
  const review = await reviewPatch(set);
  assert.equal(review.files.length, 500);
  assert.equal(review.after.result.findings.filter((f) => f.rule === 'lock/held-at-return').length, 500);
});
