import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, callGraphModel, selectCallGraph, MAX_DIAGRAM_NODES } from '../src/core/callgraph';
import { parseFile } from '../src/core/syntax';
import { reviewFiles } from '../src/core/review';
import { lockRelevance } from '../src/core/render/lockWords';
import { fixturePath, parseFixture, readFixture, runCli } from './helpers';

const names = (view: { nodes: Array<{ name: string }> }) => view.nodes.map((n) => n.name).sort();

test('a rooted call graph follows callees, callers or both, to its depth', async () => {
  const graph = buildCallGraph([await parseFixture('graphs', 'pool.c')]);
  assert.deepEqual(names(selectCallGraph(graph, 'pool_get', 1, 'callees')), ['mutex_lock', 'mutex_unlock', 'pool_check', 'pool_count_hit', 'pool_finish', 'pool_get', 'pool_log']);
  assert.deepEqual(names(selectCallGraph(graph, 'pool_get', 2, 'callers')), ['pool_get', 'pool_reset', 'pool_store']);
  const both = selectCallGraph(graph, 'pool_get', 1, 'both');
  assert.deepEqual(names(both), ['mutex_lock', 'mutex_unlock', 'pool_check', 'pool_count_hit', 'pool_finish', 'pool_get', 'pool_log', 'pool_store']);
  assert.ok(both.edges.some((e) => e.from === 'pool_store' && e.to === 'pool_get'));
  assert.ok(!both.edges.some((e) => e.from === 'pool_reset'), 'pool_reset is two calls away');
  const deep = selectCallGraph(graph, 'pool_store', 2, 'callees');
  assert.ok(names(deep).includes('pool_count_hit'));
  assert.ok(!names(deep).includes('spin_lock'), 'spin_lock is three calls from pool_store');
  assert.ok(deep.omitted > 0);
});

test('calls to functions that take, drop or need locks are emphasised, and the filter keeps only the paths to them', async () => {
  const path = fixturePath('graphs', 'pool.c');
  const outcome = await reviewFiles([{ path, text: readFixture('graphs', 'pool.c') }]);
  const relevant = lockRelevance(outcome.result.functions, outcome.flows);
  assert.deepEqual(
    ['pool_get', 'pool_count_hit', 'pool_finish', 'pool_check', 'mutex_lock', 'pool_log', 'pool_store'].map(relevant),
    [true, true, true, true, true, false, false],
  );
  const view = selectCallGraph(outcome.engine.graph, 'pool_store', 2, 'callees');
  const model = callGraphModel(view, { lockRelevant: relevant });
  const edge = (from: string, to: string) => model.edges.find((e) => e.from === from && e.to === to);
  assert.equal(edge('pool_get', 'pool_finish')?.emphasis, 'lock');
  assert.equal(edge('pool_get', 'pool_log')?.emphasis, 'normal');
  assert.equal(model.nodes.find((n) => n.key === 'pool_store')?.shape, 'round', 'the root stands out');
  const filtered = callGraphModel(view, { lockRelevant: relevant, lockOnly: true });
  const kept = filtered.nodes.map((n) => n.key).sort();
  assert.deepEqual(kept, ['mutex_lock', 'mutex_unlock', 'pool_check', 'pool_count_hit', 'pool_finish', 'pool_get', 'pool_store']);
  assert.equal(filtered.banner, '3 more past depth 2; 2 functions without lock effects hidden (pool_log, pr_debug)');
});

test(`a rooted graph above ${MAX_DIAGRAM_NODES} functions keeps the nearest and says what it cut`, async () => {
  // f0 calls f1..f9; each fk calls ten functions of its own: 101 functions within two calls.
  const fns = [`void f0(void) { ${Array.from({ length: 10 }, (_, k) => `f${k + 1}();`).join(' ')} }`];
  for (let k = 1; k <= 10; k++) fns.push(`void f${k}(void) { ${Array.from({ length: 10 }, (_, j) => `g${k}_${j}();`).join(' ')} }`);
  const graph = buildCallGraph([await parseFile('wide.c', fns.join('\n'))]);
  const view = selectCallGraph(graph, 'f0', 2, 'callees');
  assert.equal(view.nodes.length, 111);
  const model = callGraphModel(view);
  assert.equal(model.nodes.length, MAX_DIAGRAM_NODES);
  assert.ok(model.nodes.slice(0, 11).every((n, k) => n.key === `f${k}`), 'the root and its callees are kept first');
  assert.match(model.banner ?? '', /^51 more functions and 51 more calls not drawn \(limit 60 functions; the farthest from the root cut first, e\.g\. g10_7, g10_8, g10_9\)$/);
  assert.equal(model.edges.length, 59);
});

test('lockflow callgraph --direction callers --root --depth', async () => {
  const file = fixturePath('graphs', 'pool.c');
  const r = await runCli(['callgraph', file, '--root', 'pool_get', '--depth', '2', '--direction', 'callers', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { root: string; direction: string; depth: number; nodes: Array<{ name: string }> };
  assert.deepEqual([json.root, json.direction, json.depth], ['pool_get', 'callers', 2]);
  assert.deepEqual(json.nodes.map((n) => n.name).sort(), ['pool_get', 'pool_reset', 'pool_store']);
  const bad = await runCli(['callgraph', file, '--direction', 'up']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--direction must be one of callees, callers, both/);
});
