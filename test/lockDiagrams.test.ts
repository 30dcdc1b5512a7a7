import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewFiles } from '../src/core/review';
import { lockFlowModel, lockFlowToMermaid, lockOrderToMermaid } from '../src/core/render/lockDiagrams';
import { fixturePath, readFixture } from './helpers';

test('lock flow: each path as its lock steps, shared steps drawn once, nodes mapped to lines', async () => {
  const text = readFixture('locks', 'goto-unwinding.c');
  const outcome = await reviewFiles([{ path: fixturePath('locks', 'goto-unwinding.c'), text }]);
  const flow = outcome.flows.get('ctl_reopen')!;
  assert.ok(flow.paths.length >= 2);
  const d = lockFlowToMermaid(flow);
  assert.match(d.text, /^flowchart TD/);
  const acquires = d.text.split('\n').filter((l) => /\["L\d+: mutex_lock#40;#amp;c-#gt;lock#41;"\]/.test(l));
  assert.equal(acquires.length, 1, 'the lock taken before the paths split is one node');
  assert.doesNotMatch(d.text, /->lock|&c/, 'code in labels is escaped');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('static int ctl_reopen('));
  const lockLine = lines.findIndex((l, i) => i > start && l.includes('mutex_lock(&c->lock)')) + 1;
  assert.ok(Object.values(d.lines).includes(lockLine), 'the acquire node reveals its line');
});

test('lock order: classes as nodes, inversions drawn in both directions', () => {
  const d = lockOrderToMermaid([
    { from: 'device.mutex', to: 'iommu_group.mutex', function: 'release_path', file: 'a.c', line: 10 },
    { from: 'iommu_group.mutex', to: 'device.mutex', function: 'store_type', file: 'a.c', line: 42 },
  ]);
  assert.match(d.text, /n0\["device.mutex"\]/);
  assert.match(d.text, /n0 -->\|"cycle · release_path\(\) L10"\| n1/);
  assert.equal(d.text.split('\n').filter((l) => l.includes('linkStyle')).length, 2);
  assert.match(lockOrderToMermaid([]).text, /no lock is taken while another is held/);
});

test('lock flow: edges carry the branch condition taken, goto exits are dotted, a leaking return is red', async () => {
  const text = readFixture('locks', 'goto-unwinding.c');
  const outcome = await reviewFiles([{ path: fixturePath('locks', 'goto-unwinding.c'), text }]);
  const model = lockFlowModel(outcome.flows.get('ctl_open')!);
  const labels = model.edges.map((e) => e.label ?? '');
  // Paths with the same lock steps are one path of the flow: its conditions and its goto label the edge into the unlock.
  assert.ok(labels.includes('c->users is false · c->buf is false · goto out_unlock'), `got ${JSON.stringify(labels)}`);
  const gotos = model.edges.filter((e) => e.label?.includes('goto '));
  assert.ok(gotos.length >= 1 && gotos.every((e) => e.kind === 'dotted'), 'goto exits are dotted');
  assert.ok(model.nodes.filter((n) => n.shape === 'stop').every((n) => n.emphasis !== 'error'), 'every return of ctl_open gives the lock back');
  const reopen = lockFlowModel(outcome.flows.get('ctl_reopen')!);
  const leak = reopen.nodes.find((n) => n.shape === 'stop' && n.label.includes('-ENODEV'));
  assert.equal(leak?.emphasis, 'error', 'the -ENODEV return keeps c->lock: red');
  assert.match(leak.label, /held: c->lock/);
  const sides = reopen.edges.map((e) => e.label).filter(Boolean);
  assert.ok(sides.some((l) => /is true$/.test(l!)) && sides.some((l) => /is false$/.test(l!)), `both sides of the branch are labelled: ${JSON.stringify(sides)}`);
  assert.match(lockFlowToMermaid(outcome.flows.get('ctl_open')!).text, /-\.->\|"[^"]*goto out_unlock[^"]*"\|/);
});

test('lock flow: a return keeping the locks the function is meant to hand back is not drawn as an error', async () => {
  const text = readFixture('locks', 'v2-double-lock-helper.c');
  const outcome = await reviewFiles([{ path: fixturePath('locks', 'v2-double-lock-helper.c'), text }]);
  const flow = outcome.flows.get('lock_two')!;
  assert.ok(flow.summary.acquires.length >= 2, `lock_two hands both locks back: ${flow.summary.acquires.join(', ')}`);
  const returns = lockFlowModel(flow).nodes.filter((n) => n.shape === 'stop');
  assert.ok(returns.length >= 1);
  for (const r of returns) {
    assert.equal(r.emphasis, 'lock', r.label);
    assert.match(r.label, /hands back: /);
    assert.doesNotMatch(r.label, /held: /);
  }
});
