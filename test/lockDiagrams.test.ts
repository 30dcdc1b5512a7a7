import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewFiles } from '../src/core/review';
import { lockFlowToMermaid, lockOrderToMermaid } from '../src/core/render/lockDiagrams';
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
