import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countEdges, pruneDiagram } from '../../src/webview/prune';
import { contentHash } from '../../src/webview/hash';

function chain(n: number): string {
  const out = ['flowchart TD'];
  for (let i = 0; i < n; i++) out.push(`  n${i}["f${i}#40;#41;"]`, `  style n${i} stroke-dasharray: 4 4`);
  for (let i = 1; i < n; i++) out.push(`  n${i - 1} --> n${i}`, `  n0 -.->|"indirect"| n${i}`);
  return out.join('\n');
}

test('a diagram within the limits is left as it is', () => {
  const text = chain(10);
  assert.deepEqual(pruneDiagram(text, { maxTextSize: 100_000, maxEdges: 100 }), { text, pruned: 0 });
});

test('a flowchart above maxEdges keeps its first nodes, their edges, and says how many more', () => {
  const { text, pruned } = pruneDiagram(chain(100), { maxTextSize: 100_000, maxEdges: 50 });
  assert.ok(countEdges(text) <= 50);
  assert.equal(pruned, 100 - 26); // 25 edges in the chain + 25 from n0 for nodes n1..n25
  assert.match(text, /lfMore\["74 more not shown/);
  assert.match(text, /^flowchart TD\n {2}n0\["f0#40;#41;"\]\n {2}style n0/);
  // No edge points at a node that was cut.
  assert.ok(!/n(2[6-9]|[3-9]\d)\b/.test(text));
});

test('a flowchart above maxTextSize is cut to fit', () => {
  const { text, pruned } = pruneDiagram(chain(400), { maxTextSize: 5_000, maxEdges: 10_000 });
  assert.ok(text.length <= 5_000);
  assert.ok(pruned > 0);
});

test('other diagrams are cut by lines', () => {
  const seq = ['sequenceDiagram', ...Array.from({ length: 500 }, (_, i) => `  A->>B: step ${i}`)].join('\n');
  const { text, pruned } = pruneDiagram(seq, { maxTextSize: 2_000, maxEdges: 10 });
  assert.ok(text.length <= 2_000 && text.startsWith('sequenceDiagram'));
  assert.equal(pruned, 501 - text.split('\n').length);
});

test('content hashes are stable and tell texts apart', () => {
  assert.equal(contentHash('flowchart TD'), contentHash('flowchart TD'));
  assert.notEqual(contentHash('a'), contentHash('b'));
  assert.match(contentHash(''), /^[0-9a-f]{8}$/);
});

test('the dark theme draws edge labels on a dark box (its own light grey one leaves light text unreadable); other themes keep theirs', async () => {
  const { mermaidConfig } = await import('../../src/webview/mermaidConfig');
  assert.deepEqual(mermaidConfig('dark').themeVariables, { edgeLabelBackground: '#2b2b2b' });
  assert.equal(mermaidConfig('default').themeVariables, undefined);
  assert.equal(mermaidConfig('dark').flowchart?.htmlLabels, false, 'labels are SVG text, as exported');
});
