import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, callGraphToJson, callGraphToMermaid, selectCallGraph } from '../src/core/callgraph';
import { parseFixture } from './helpers';

test('direct, indirect and callback edges', async () => {
  const file = await parseFixture('syntax', 'iommu_core.c');
  const graph = buildCallGraph([file]);
  const edges = graph.edges.map((e) => `${e.from} ${e.kind} ${e.to}`);
  assert.ok(edges.includes('iommu_attach_group direct __iommu_group_for_each_dev'));
  assert.ok(edges.includes('iommu_attach_group direct mutex_lock'));
  assert.ok(edges.includes('__iommu_group_for_each_dev indirect (*fn)'));
  assert.ok(edges.includes('__iommu_group_for_each_dev callback iommu_group_do_attach_device'));
  const cb = graph.edges.find((e) => e.kind === 'callback')!;
  assert.equal(cb.viaParam, 'fn');
  assert.equal(cb.line, file.lines.line(file.text.indexOf('ret = __iommu_group_for_each_dev(group, domain,')));
});

test('calls through ops tables are indirect', async () => {
  const { parseFile } = await import('../src/core/syntax');
  const file = await parseFile('ops.c', 'static void f(struct device *dev, const struct iommu_ops *ops)\n{\n\tops->probe_finalize(dev);\n\tdev->bus->iommu_ops->release_device(dev);\n}\n');
  const graph = buildCallGraph([file]);
  assert.deepEqual(
    graph.edges.map((e) => [e.to, e.kind, e.line]),
    [
      ['ops->probe_finalize', 'indirect', 3],
      ['dev->bus->iommu_ops->release_device', 'indirect', 4],
    ],
  );
});

test('JSON has nodes and typed edges, and --root/--depth select a subgraph', async () => {
  const file = await parseFixture('syntax', 'iommu_core.c');
  const graph = buildCallGraph([file]);
  const view = selectCallGraph(graph, 'iommu_attach_group', 1);
  const json = callGraphToJson(view) as { nodes: Array<{ name: string }>; edges: Array<{ from: string; kind: string }> };
  assert.deepEqual(json.nodes.map((n) => n.name).sort(), ['__iommu_group_for_each_dev', 'iommu_attach_group', 'mutex_lock', 'mutex_unlock']);
  assert.ok(json.edges.every((e) => e.from === 'iommu_attach_group'));
  assert.ok(view.omitted > 0);
  const mermaid = callGraphToMermaid(selectCallGraph(graph));
  assert.match(mermaid, /^flowchart LR/);
  assert.match(mermaid, /==>\|"callback as fn"\|/);
});
