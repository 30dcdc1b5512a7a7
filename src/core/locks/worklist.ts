/** The lock walk's work order: blocks by reverse postorder, in a priority queue. */
import type { Cfg } from '../cfg';

/** Blocks in reverse postorder, so a join is visited after the blocks that reach it (loops aside). */
export function reversePostorder(cfg: Cfg): number[] {
  const rank = new Array<number>(cfg.blocks.length).fill(cfg.blocks.length);
  const seen = new Set<number>();
  const post: number[] = [];
  const stack: Array<{ id: number; i: number }> = [{ id: cfg.entry, i: 0 }];
  seen.add(cfg.entry);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const succ = cfg.blocks[top.id].succ;
    if (top.i < succ.length) {
      const to = succ[top.i++].to;
      if (!seen.has(to)) {
        seen.add(to);
        stack.push({ id: to, i: 0 });
      }
      continue;
    }
    stack.pop();
    post.push(top.id);
  }
  post.reverse().forEach((id, k) => (rank[id] = k));
  return rank;
}

/** A min-priority queue of work items by rank; equal ranks in insertion order. */
export class RankQueue<T> {
  private readonly heap: Array<{ rank: number; seq: number; item: T }> = [];
  private seq = 0;

  push(rank: number, item: T): void {
    const h = this.heap;
    h.push({ rank, seq: this.seq++, item });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  pop(): T | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top.item;
  }
}

function less(a: { rank: number; seq: number }, b: { rank: number; seq: number }): boolean {
  return a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq);
}
