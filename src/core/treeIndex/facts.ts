/**
 * What a review takes from the tree's symbols: the files under review are
 * analysed anew, so their own records (older texts) are left out.
 */
import type { TreeFacts } from '../locks/treeFacts';
import { orderGroups } from './symbols';
import type { SymbolsHead, SymbolsShard, TreeCallSite, TreeCallers, TreeSummary } from './types';

export type { TreeFacts };

/**
 * The tree's facts for a review of `reviewed` (paths relative to the root, with `/`), from the symbols'
 * shards as read (not joined into one object first: a whole tree's are 35 MB); `stamp` tells this
 * index's version and those files apart.
 */
export function treeFacts(head: SymbolsHead, shards: SymbolsShard[], reviewed: ReadonlySet<string>, stamp: string): TreeFacts {
  const summaries = new Map<string, TreeSummary>();
  const callers = new Map<string, Array<TreeCallSite & { file: string }>>();
  const valueUsed = new Set<string>();
  for (const shard of shards) {
    for (const [name, s] of Object.entries(shard.summaries)) if (!reviewed.has(s.file)) summaries.set(name, s);
    for (const [name, c] of Object.entries(shard.callers) as Array<[string, TreeCallers]>) {
      if (c.bareIn && !reviewed.has(c.bareIn)) continue;
      const held = c.held.filter((s) => !reviewed.has(s.file));
      if (held.length) callers.set(name, held);
    }
    for (const v of shard.valueUsed) valueUsed.add(v);
  }
  return {
    root: head.root,
    stamp,
    summaries,
    callers,
    valueUsed,
    orders: orderGroups(shards).filter((o) => !reviewed.has(o.file)),
    files: head.files,
    cut: head.cut.length,
  };
}
