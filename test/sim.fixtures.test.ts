import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchSimulation, simulate, defaultRaces, renderText, type SimulationReport } from '../src/core/sim';
import { parseFixture } from './helpers';

const cache = new Map<string, SimulationReport>();
async function report(name: string): Promise<SimulationReport> {
  if (!cache.has(name)) cache.set(name, simulate([await parseFixture('sim', name)], {}));
  return cache.get(name)!;
}

test('(a) the unlocked window: every return reached, the mapping failure leaves dev on a freed domain', async () => {
  const r = await report('store_type_unlocked_window.c');
  assert.equal(r.function, 'grp_type_store');
  assert.equal(r.coverage.returnsCovered, r.coverage.returnsTotal);
  assert.equal(r.coverage.returnsTotal, 6);
  const freed = r.findings.find((f) => f.rule === 'sim/invariant' && /dev is left attached to a freed domain/.test(f.message));
  assert.ok(freed, 'device attached to a freed domain is found');
  assert.match(freed.scenario, /iommu_create_device_direct_mappings fails/);
  assert.ok(freed.trace.some((e) => e.kind === 'fault' && /iommu_create_device_direct_mappings/.test(e.text)));
});

test('(a) an unplug between mutex_unlock and device_lock(dev) is a use-after-free of dev, with its interleaving', async () => {
  const r = await report('store_type_unlocked_window.c');
  const uaf = r.findings.find((f) => f.rule === 'sim/use-after-free' && /device_lock\(dev\)/.test(f.message));
  assert.ok(uaf, 'use-after-free at device_lock(dev)');
  assert.match(uaf.message, /^use-after-free of dev \(device freed by unplug \(put_device\(dev\)\)\): device_lock\(dev\) at line \d+ in store$/);
  const threads = uaf.trace.map((e) => e.thread);
  const unlockAt = uaf.trace.findIndex((e) => e.thread === 'store' && e.kind === 'unlock');
  const freeAt = uaf.trace.findIndex((e) => e.thread === 'unplug' && e.kind === 'free' && /frees dev$/.test(e.text));
  assert.ok(unlockAt >= 0 && freeAt > unlockAt, 'unplug frees dev after the store dropped the mutex');
  assert.equal(threads.at(-1), 'store');
  assert.ok(uaf.schedule?.includes('unplug') && uaf.schedule.includes('store'), 'the interleaving is given');
  assert.match(uaf.diagram, /^sequenceDiagram\n {2}participant T0 as store\n {2}participant T1 as unplug/);
  // What mermaid would read as markup, an entity or the end of a message is escaped; C's parentheses stay.
  const texts = uaf.diagram.split('\n').flatMap((l) => /^ {2}(?:participant \w+ as |[TO]\d+\S*?[TO]\d+: |Note over [\w,]+: )(.*)$/.exec(l)?.[1] ?? []);
  assert.ok(texts.some((t) => t.includes('device_lock(dev)')), 'the C reads as written');
  for (const t of texts) assert.doesNotMatch(t.replace(/#\w+;|<br>/g, ''), /[#;<>&%]/, t);
  const ex = r.exploration[0];
  assert.ok(ex.complete && ex.interleavings > 10 && ex.states > 10);
});

test('(b) the nested variant deadlocks against unplug, with both lock chains', async () => {
  const r = await report('store_type_nested_locks.c');
  const dl = r.findings.filter((f) => f.rule === 'sim/deadlock');
  assert.equal(dl.length, 1);
  const chains = dl[0].chains!;
  const store = chains.find((c) => c.thread === 'store')!;
  const unplug = chains.find((c) => c.thread === 'unplug')!;
  assert.match(store.holds.join(), /^group->mutex \(line \d+: mutex_lock\(&group->mutex\)\)$/);
  assert.match(store.wants, /^dev->mutex \(line \d+: device_lock\(dev\)\)$/);
  assert.deepEqual(unplug.holds, ['dev->mutex (device_lock(dev))']);
  assert.equal(unplug.wants, 'group->mutex (iommu_release_device(dev) -> iommu_group_remove_device(): mutex_lock(&group->mutex))');
  assert.match(dl[0].diagram, /Note over T0: holds group-#gt;mutex/);
  assert.equal(r.findings.filter((f) => f.rule === 'sim/use-after-free').length, 0, 'the reference it takes prevents the use-after-free');
});

test('(c) the corrected store runs clean under the same scenarios', async () => {
  const r = await report('store_type_fixed.c');
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.limits, []);
  assert.equal(r.coverage.returnsCovered, r.coverage.returnsTotal);
  assert.ok(r.runs.length > 1000);
  assert.ok(r.runs.some((run) => run.result === 'store returned 9; unplug returned 0'), 'a race where the switch succeeds');
  assert.ok(r.runs.some((run) => run.result === 'store returned -12; unplug returned 0' && run.schedule?.includes('iommu_domain_alloc fails')), 'the explorer also fails the allocation');
  assert.ok(r.runs.some((run) => run.result === 'store returned 8'), 'identity succeeds in the matrix');
  assert.equal(r.exploration.length, defaultRaces().length);
  assert.ok(r.exploration.every((e) => e.complete));
});

test('the bench hook times the matrix and the two-thread exploration', async () => {
  const b = benchSimulation([await parseFixture('sim', 'store_type_unlocked_window.c')]);
  assert.equal(b.matrixRuns, 1442);
  assert.ok(b.interleavings > 10);
  assert.ok(b.matrixMs > 0 && b.explorationMs > 0);
});

test('every violation diagram parses as a mermaid sequence diagram', async () => {
  const { default: mermaid } = (await import('mermaid')) as { default: { parse(text: string): Promise<unknown> } };
  for (const name of ['store_type_unlocked_window.c', 'store_type_nested_locks.c']) {
    const r = await report(name);
    assert.ok(r.findings.length > 0);
    for (const f of r.findings) await mermaid.parse(f.diagram);
  }
});

test('one race, one finding: every interleaving that uses dev after unplug freed it is a witness, the shortest shown', async () => {
  const r = await report('store_type_unlocked_window.c');
  const uafs = r.findings.filter((f) => f.rule === 'sim/use-after-free');
  assert.equal(uafs.length, 1);
  const [uaf] = uafs;
  assert.ok(uaf.witnesses > uaf.others.length && uaf.others.length > 1, `${uaf.witnesses} witnesses, ${uaf.others.length} kept`);
  assert.ok(uaf.others.every((w, k) => w.steps >= uaf.trace.length && (k === 0 || w.steps >= uaf.others[k - 1].steps)), 'shortest first');
  assert.ok(uaf.others.some((w) => w.line !== uaf.others[0].line), 'other uses of dev are witnesses too');
  const runsWithIt = r.runs.filter((run) => run.violations.some((v) => v.rule === 'sim/use-after-free')).length;
  assert.ok(runsWithIt > 1, 'the runs table still has a row per outcome');
});

test('a race prints lockdep-style: a column per thread, the interleaving in order, the breaking step last', async () => {
  const r = await report('store_type_unlocked_window.c');
  const uaf = r.findings.find((f) => f.rule === 'sim/use-after-free')!;
  const table = uaf.table!;
  assert.equal(table[0], 'Possible unsafe interleaving:');
  assert.match(table[2], /^store {35}unplug$/);
  const steps = table.slice(4, table.indexOf('', 4));
  assert.match(steps[0], /^\d+: mutex_lock\(&group->mutex\);$/);
  assert.ok(steps.some((l) => /^ {40}free\(dev\)$/.test(l)), 'unplug frees dev in its column');
  assert.match(steps.at(-1)!, /^\d+: <use-after-free>$/);
  assert.ok(steps.indexOf(' '.repeat(40) + 'free(dev)') < steps.length - 1);
  assert.equal(table.at(-3), ' *** USE-AFTER-FREE ***');
  const text = renderText(r);
  assert.ok(text.includes(table.map((l) => (l ? `    ${l}` : '')).join('\n')), 'simulate --format text prints it');
  assert.match(text, /shown by \d+ runs: the shortest here, and \d+ more interleavings \(also at lines [\d, ]+\)/);
  const single = r.findings.filter((f) => !f.schedule);
  assert.ok(single.length && single.every((f) => !f.table), 'a single-thread finding has no race table');
});

test('the sequence diagram has a lifeline per thread and per shared object, locks as messages to it, the violating step marked', async () => {
  const r = await report('store_type_unlocked_window.c');
  const d = r.findings.find((f) => f.rule === 'sim/use-after-free')!.diagram;
  assert.match(d, /^sequenceDiagram\n {2}participant T0 as store\n {2}participant T1 as unplug\n {2}participant O0 as group\n {2}participant O1 as dev\n/);
  // Short labels (the stepper has each step in full): the lock is the message's target.
  assert.match(d, /\n {2}T0->>O0: \d+: mutex_lock\(\)\n/);
  assert.match(d, /\n {2}T0-->>O0: \d+: mutex_unlock\(\)\n/);
  assert.match(d, /\n {2}T1->>O0: mutex_lock\(\)\n/, 'a model\'s inner step keeps its own operation');
  assert.match(d, /\n {2}T1-xO1: frees dev\n {2}rect rgb\(255, 205, 205\)\n {2}T0-xO1: \d+: use-after-free /);
});

test('a long trace folds the steps that touch no shared object, one note per stretch', async () => {
  const { sequenceDiagram } = await import('../src/core/sim/diagram');
  const trace = [];
  for (let k = 0; k < 30; k++) {
    trace.push({ thread: 'a', line: 10 + k, kind: 'call', text: `helper_${k % 3}(x)` });
    trace.push({ thread: 'a', line: 10 + k, kind: 'return', text: `helper_${k % 3}() returns 0` });
  }
  trace.push({ thread: 'a', line: 80, kind: 'lock', text: 'mutex_lock(&group->mutex)', obj: 'group' });
  trace.push({ thread: 'b', line: 90, kind: 'block', text: 'waits for group->mutex (held by a): mutex_lock(&group->mutex)', obj: 'group' });
  trace.push({ thread: 'a', line: 81, kind: 'violation', text: 'boom' });
  const d = sequenceDiagram(['a', 'b'], trace, { rule: 'sim/invariant', message: 'boom', line: 81 });
  const lines = d.split('\n');
  assert.deepEqual(lines.slice(0, 4), ['sequenceDiagram', '  participant T0 as a', '  participant T1 as b', '  participant O0 as group']);
  assert.equal(lines[4], '  Note over T0: 60 steps: helper_0(),<br>helper_1(), helper_2()');
  assert.equal(lines[5], '  T0->>O0: 80: mutex_lock()');
  assert.match(lines[6], /^ {2}T1-\)O0: 90: waits for group-#gt;/);
  assert.deepEqual(lines.slice(7, 10), ['  rect rgb(255, 205, 205)', '  T0-xT0: 81: boom', '  end']);
  const { default: mermaid } = (await import('mermaid')) as { default: { parse(text: string): Promise<unknown> } };
  await mermaid.parse(d);
});

test('(e) a domain made from the bus driver\'s ops (bus->iommu_ops): identity is reached, a failed domain_alloc is -ENOMEM, nothing stops', async () => {
  const file = await parseFixture('sim', 'store_type_bus_ops.c');
  const world = { group: { devices: ['dev'], defaultDomain: 'DMA' as const }, devices: [{ name: 'dev' }] };
  const threads = [{ name: 'store', code: 'bus_type_store(group, "identity", 8)' }];
  const r = simulate([file], {
    function: 'bus_type_store',
    scenarios: [
      { name: 'identity', world, threads, expectType: 'IDENTITY' },
      { name: 'no memory', world, threads, faults: [{ function: 'iommu_domain_alloc' }] },
    ],
  });
  assert.deepEqual(r.stopped, []);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.runs.map((run) => `${run.scenario}: ${run.result}`), ['identity: store returned 8', 'no memory: store returned -12']);
  // The old domain went back through the driver's free; the walk of the stack list ran.
  const identity = r.runs[0].trace;
  assert.ok(identity.some((e) => e.kind === 'free' && /default domain\(DMA\)/.test(e.text)));
  assert.ok(identity.some((e) => e.kind === 'return' && /bus_map_regions\(\) returns 0/.test(e.text)));
});
