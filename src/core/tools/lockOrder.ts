/** lockflow_lock_order: the lock-class order graph of a file or directory, each edge with its sites, and the inversions found. */
import { lockOrderOccurrences } from '../review/lockOrder';
import { analyse, MAX_SITES, site } from './analysis';
import type { ReviewOptions } from '../review';
import type { ToolTree } from './tree';

const MAX_EDGES = 300;

export type LockOrderAnswer = Awaited<ReturnType<typeof lockOrder>>;

export async function lockOrder(tree: ToolTree, path: string, options: ReviewOptions = {}) {
  const files = tree.isDirectory(path) ? tree.readDirectory(path) : [tree.read(path)];
  const outcome = await analyse(files, options);
  const edges = new Map<string, { from: string; to: string; sites: Array<{ function: string; at: string; held: string; heldSince: string; taken: string; via?: string[] }> }>();
  for (const o of lockOrderOccurrences({ engine: outcome.engine, analyses: [...outcome.engine.analyses.values()] })) {
    const key = `${o.from}\u0000${o.to}`;
    const edge = edges.get(key) ?? edges.set(key, { from: o.from, to: o.to, sites: [] }).get(key)!;
    if (edge.sites.length < MAX_SITES) edge.sites.push({ function: o.function, at: site(o.file, o.line), held: o.fromInst, heldSince: site(o.file, o.heldSince), taken: o.toInst, ...(o.chain.length ? { via: o.chain } : {}) });
  }
  const inversions = outcome.result.findings.filter((f) => f.rule === 'lock/order-inversion');
  return {
    read: files.map((f) => f.path),
    edgeCount: edges.size,
    edges: [...edges.values()].slice(0, MAX_EDGES),
    inversions: inversions.map((f) => ({ at: site(f.file, f.line), function: f.function, message: f.message })),
    limits: outcome.result.limits,
  };
}
