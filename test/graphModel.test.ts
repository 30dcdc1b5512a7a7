import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowchartText } from '../src/core/mermaid/flowchart';
import { sequenceText } from '../src/core/mermaid/sequence';
import { nodePositions, type GraphModel } from '../src/core/mermaid/model';
import { edgeLabel, mermaidLabel } from '../src/core/mermaid/text';
import { lockOrderModel, lockOrderPairs, lockOrderToMermaid } from '../src/core/render/lockDiagrams';

test('the serializer writes generated ids, shapes, emphasis and each label escaped once', () => {
  const model: GraphModel = {
    direction: 'LR',
    nodes: [
      { key: 'a"]-->x', label: 'helper(&g->mutex) #4 "q" <b>', file: 'a.c', line: 3, shape: 'round' },
      { key: 'b', label: 'end', emphasis: 'lock' },
    ],
    edges: [{ from: 'a"]-->x', to: 'b', label: 'f() L#4 a|b "q" <i> #amp; %%{init}%%', kind: 'thick', emphasis: 'error' }],
    banner: '3 more (limit)',
  };
  const lines = flowchartText(model).split('\n');
  assert.deepEqual(lines, [
    'flowchart LR',
    '  n0("helper#40;#amp;g-#gt;mutex#41; #35;4 #quot;q#quot; #lt;b#gt;")',
    '  n1["end"]',
    '  style n1 stroke:#b26a00,stroke-width:2px',
    '  n0 ==>|"f() L#4 a|b \u201dq\u201d #lt;i#gt; \uff03amp; \uff05%{init}\uff05%"| n1',
    '  linkStyle 0 stroke:#d9534f,stroke-width:2px',
    '  lfBanner["3 more #40;limit#41;"]',
    '  style lfBanner stroke-dasharray: 4 4',
  ]);
  assert.deepEqual(nodePositions(model), { n0: { file: 'a.c', line: 3 } });
});

test('edge labels keep C punctuation as written (mermaid shows numeric entities raw there); node labels use entities', () => {
  assert.equal(edgeLabel('iommu_group_store_type() L#35'), 'iommu_group_store_type() L#35');
  assert.equal(edgeLabel('a && b->c'), 'a #amp;#amp; b-#gt;c');
  assert.doesNotMatch(edgeLabel('x(#40;) [y] {z};'), /#40;|&#/);
  assert.equal(mermaidLabel('f(a)'), 'f#40;a#41;');
  // Escaping the escaped text again would change it: the serializer escapes the raw label only.
  assert.notEqual(mermaidLabel(mermaidLabel('&')), mermaidLabel('&'));
});

const SITE = (fn: string, line: number, from = 'device.mutex', to = 'iommu_group.mutex') => ({ from, to, function: fn, file: 'core.c', line });

test('lock order: one edge per class pair with its sites counted once each, cycles marked', () => {
  const edges = [
    SITE('probe', 40),
    SITE('attach', 12),
    SITE('probe', 40),
    SITE('remove', 90),
    SITE('store_type', 70, 'iommu_group.mutex', 'device.mutex'),
    SITE('walk', 5, 'iommu_group.mutex', 'iommu_domain.lock'),
    SITE('map', 8, 'dma.lock', 'iommu_domain.lock'),
  ];
  const pairs = lockOrderPairs(edges);
  assert.equal(pairs.length, 4);
  const forward = pairs.find((p) => p.from === 'device.mutex')!;
  assert.deepEqual(
    forward.sites.map((s) => `${s.function}:${s.line}`),
    ['attach:12', 'probe:40', 'remove:90'],
  );
  assert.equal(forward.inCycle, true);
  assert.equal(pairs.find((p) => p.from === 'iommu_group.mutex' && p.to === 'device.mutex')!.inCycle, true);
  assert.equal(pairs.find((p) => p.to === 'iommu_domain.lock' && p.from === 'iommu_group.mutex')!.inCycle, false);
  const model = lockOrderModel(edges);
  assert.equal(model.edges.length, 4, 'one edge per pair');
  assert.equal(model.nodes.length, 4, 'one node per class');
  assert.equal(model.edges.find((e) => e.from === 'device.mutex')!.label, 'cycle · 3 sites');
  assert.equal(model.edges.find((e) => e.from === 'dma.lock')!.label, 'map() L8');
  const text = lockOrderToMermaid(edges).text;
  assert.doesNotMatch(text, /&#|#40;|#35;/, 'edge labels are not escaped twice');
  assert.equal(text.split('\n').filter((l) => l.includes('linkStyle')).length, 2, 'the two edges of the cycle are red');
});

test('lock order: a cycle through three classes marks all three edges, a chain none', () => {
  const cycle = lockOrderPairs([SITE('a', 1, 'A.l', 'B.l'), SITE('b', 2, 'B.l', 'C.l'), SITE('c', 3, 'C.l', 'A.l')]);
  assert.deepEqual(cycle.map((p) => p.inCycle), [true, true, true]);
  const chain = lockOrderPairs([SITE('a', 1, 'A.l', 'B.l'), SITE('b', 2, 'B.l', 'C.l')]);
  assert.deepEqual(chain.map((p) => p.inCycle), [false, false]);
});

test('the sequence serializer: lifelines, messages and notes escaped once, a highlighted message in its block', () => {
  const text = sequenceText({
    participants: [
      { id: 'T0', name: 'store "a"', max: 14 },
      { id: 'O0', name: 'group', max: 14 },
    ],
    items: [
      { kind: 'message', from: 'T0', to: 'O0', arrow: 'sync', text: '28: mutex_lock(&group->mutex)', max: 40 },
      { kind: 'message', from: 'T0', to: 'O0', arrow: 'lost', text: 'use after free', max: 40, highlight: true },
      { kind: 'note', over: ['T0', 'O0'], lines: ['sim/deadlock: T0 -> T1;', '#4'], max: 30 },
    ],
  });
  assert.equal(
    text,
    [
      'sequenceDiagram',
      '  participant T0 as store "a"',
      '  participant O0 as group',
      '  T0->>O0: 28: mutex_lock(#amp;group-#gt;mutex)',
      '  rect rgb(255, 205, 205)',
      '  T0-xO0: use after free',
      '  end',
      '  Note over T0,O0: sim/deadlock: T0 -#gt; T1#59;<br>#35;4',
    ].join('\n'),
  );
});
