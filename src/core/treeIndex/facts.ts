/**
 * What a review takes from the tree's symbols: the files under review are
 * analysed anew, so their own records (older texts) are left out.
 */
import type { IndexedCallSite, IndexedOrder, TreeCallers, TreeSummary, TreeSymbols } from './types';

export interface TreeFacts {
  root: string;
  /** Summaries of functions other files define, by name. */
  summaries: ReadonlyMap<string, TreeSummary>;
  /** Calls of a function from other files, all under locks (a name some other file calls bare is absent). */
  callers: ReadonlyMap<string, Array<IndexedCallSite & { file: string }>>;
  /** Functions some file uses as a value: their callers cannot all be seen. */
  valueUsed: ReadonlySet<string>;
  orders: readonly IndexedOrder[];
  /** What the index covers, for the review's notes. */
  files: number;
  cut: number;
}

/** The tree's facts for a review of `reviewed` (paths relative to the root, with `/`). */
export function treeFacts(symbols: TreeSymbols, reviewed: ReadonlySet<string>): TreeFacts {
  const summaries = new Map<string, TreeSummary>();
  for (const [name, s] of Object.entries(symbols.summaries)) if (!reviewed.has(s.file)) summaries.set(name, s);
  const callers = new Map<string, Array<IndexedCallSite & { file: string }>>();
  for (const [name, c] of Object.entries(symbols.callers) as Array<[string, TreeCallers]>) {
    if (c.bareIn && !reviewed.has(c.bareIn)) continue;
    const held = c.held.filter((s) => !reviewed.has(s.file));
    if (held.length) callers.set(name, held);
  }
  return {
    root: symbols.root,
    summaries,
    callers,
    valueUsed: new Set(symbols.valueUsed),
    orders: symbols.orders.filter((o) => !reviewed.has(o.file)),
    files: symbols.files,
    cut: symbols.cut.length,
  };
}
