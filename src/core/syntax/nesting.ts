/**
 * Nesting depth of a syntax subtree, measured without recursion: the CFG builder and the lock
 * engine walk function bodies recursively, so a function nested deeper than this is not analysed
 * (it becomes a limit) rather than overflowing the stack.
 */
import type { SNode } from './node';

/** Syntax-tree levels under a function body (500 nested ifs are about 1,000). */
export const MAX_NESTING = 1200;

/** The depth of `node`'s subtree, counting stops once it passes `cap`. */
export function nestingDepth(node: SNode, cap = MAX_NESTING): number {
  let deepest = 0;
  const stack: Array<[SNode, number]> = [[node, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    if (deepest > cap) return deepest;
    for (const c of n.children) stack.push([c, d + 1]);
  }
  return deepest;
}

export function tooDeepLimit(name: string, path: string, line: number): string {
  return `${path}:${line}: ${name}() not analysed: nesting deeper than ${MAX_NESTING} syntax levels`;
}
