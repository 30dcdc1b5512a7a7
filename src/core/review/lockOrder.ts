/** The lock-class order graph of a review: who takes which class while holding which. */
import type { ReviewContext } from './context';
import type { LockOrderEdge } from './types';

export interface OrderOccurrence extends LockOrderEdge {
  fromInst: string;
  toInst: string;
  /** Line where the held lock was taken. */
  heldSince: number;
  chain: string[];
  /** Set for an order the kernel establishes elsewhere (knowledge data), not seen in the code. */
  known?: string;
  /** Where a callee in another file takes the second lock (`drivers/iommu/intel/pasid.c:747`), as the tree index saw it. */
  takenIn?: string;
  /** The global locks held all the while (gateOf()), on every path that takes this order here (none known for orders from elsewhere). */
  under: string[];
  /** The first lock is held as a reader. */
  fromShared?: true;
  /** The second is taken as a reader that waits for no queued writer (explore.ts OrderEdge.recursiveRead). */
  recursiveRead?: true;
}

export function lockOrderOccurrences(ctx: ReviewContext): OrderOccurrence[] {
  const out: OrderOccurrence[] = [];
  const seen = new Map<string, OrderOccurrence>();
  for (const a of ctx.analyses) {
    for (const e of a.orderEdges) {
      const key = `${e.from.cls}|${e.to.cls}|${a.fn.name}|${e.line}`;
      const first = seen.get(key);
      // Taken here on several paths: held all the while only what every one of them holds.
      if (first) {
        first.under = first.under.filter((g) => e.under.includes(g));
        // A reader's pass on every path only.
        if (!e.recursiveRead) delete first.recursiveRead;
        if (!e.from.shared) delete first.fromShared;
        continue;
      }
      const takenIn = e.calleeFile && e.calleeFile !== a.file.path ? { takenIn: `${e.calleeFile}:${e.calleeLine}` } : {};
      const o: OrderOccurrence = { from: e.from.cls, to: e.to.cls, function: a.fn.name, file: a.file.path, line: e.line, fromInst: e.from.inst, toInst: e.to.inst, heldSince: e.from.line, chain: e.chain, under: [...new Set(e.under)], ...takenIn, ...(e.from.shared ? { fromShared: true as const } : {}), ...(e.recursiveRead ? { recursiveRead: true as const } : {}) };
      seen.set(key, o);
      out.push(o);
    }
  }
  return out;
}

/** Orders taken outside the code under review: the knowledge's, and those the tree index saw in other files. */
export function knownOccurrences(ctx: ReviewContext): OrderOccurrence[] {
  const kernel = ctx.engine.knowledge.knownOrders.map((k) => ({ from: k.from, to: k.to, function: '(kernel)', file: '', line: 0, fromInst: k.from, toInst: k.to, heldSince: 0, chain: [], known: k.where, under: [] }));
  const tree = ctx.engine.tree;
  // A class lockdep does not validate (the driver core's device mutex) orders nothing it would report across files.
  const novalidate = ctx.engine.knowledge.novalidateClasses;
  const elsewhere = (tree?.orders ?? []).filter((o) => !novalidate.has(o.from) && !novalidate.has(o.to)).map((o) => ({ from: o.from, to: o.to, function: o.function, file: `${tree!.root}/${o.file}`, line: o.line, fromInst: o.from, toInst: o.to, heldSince: o.line, chain: [], known: `${o.file}:${o.line}`, under: [] }));
  return [...kernel, ...elsewhere];
}

export function lockOrderEdges(ctx: ReviewContext): LockOrderEdge[] {
  return lockOrderOccurrences(ctx).map(({ from, to, function: fn, file, line }) => ({ from, to, function: fn, file, line }));
}
