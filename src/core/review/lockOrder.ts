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
}

export function lockOrderOccurrences(ctx: ReviewContext): OrderOccurrence[] {
  const out: OrderOccurrence[] = [];
  const seen = new Set<string>();
  for (const a of ctx.analyses) {
    for (const e of a.orderEdges) {
      const key = `${e.from.cls}|${e.to.cls}|${a.fn.name}|${e.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ from: e.from.cls, to: e.to.cls, function: a.fn.name, file: a.file.path, line: e.line, fromInst: e.from.inst, toInst: e.to.inst, heldSince: e.from.line, chain: e.chain });
    }
  }
  return out;
}

export function knownOccurrences(ctx: ReviewContext): OrderOccurrence[] {
  return ctx.engine.knowledge.knownOrders.map((k) => ({ from: k.from, to: k.to, function: '(kernel)', file: '', line: 0, fromInst: k.from, toInst: k.to, heldSince: 0, chain: [], known: k.where }));
}

export function lockOrderEdges(ctx: ReviewContext): LockOrderEdge[] {
  return lockOrderOccurrences(ctx).map(({ from, to, function: fn, file, line }) => ({ from, to, function: fn, file, line }));
}
