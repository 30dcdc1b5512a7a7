/**
 * What a review takes from the tree's symbols: the files under review are
 * analysed anew, so their own records (older texts) are left out.
 */
import type { TreeFacts } from '../locks/treeFacts';
import type { TreeCallSite, TreeCallers, TreeSummary, TreeSymbols } from './types';

export type { TreeFacts };

/** The tree's facts for a review of `reviewed` (paths relative to the root, with `/`); `stamp` tells this index's version and those files apart. */
export function treeFacts(symbols: TreeSymbols, reviewed: ReadonlySet<string>, stamp: string): TreeFacts {
  const summaries = new Map<string, TreeSummary>();
  for (const [name, s] of Object.entries(symbols.summaries)) if (!reviewed.has(s.file)) summaries.set(name, s);
  const callers = new Map<string, Array<TreeCallSite & { file: string }>>();
  for (const [name, c] of Object.entries(symbols.callers) as Array<[string, TreeCallers]>) {
    if (c.bareIn && !reviewed.has(c.bareIn)) continue;
    const held = c.held.filter((s) => !reviewed.has(s.file));
    if (held.length) callers.set(name, held);
  }
  return {
    root: symbols.root,
    stamp,
    summaries,
    callers,
    valueUsed: new Set(symbols.valueUsed),
    orders: symbols.orders.filter((o) => !reviewed.has(o.file)),
    files: symbols.files,
    cut: symbols.cut.length,
  };
}
