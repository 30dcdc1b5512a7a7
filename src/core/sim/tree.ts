/** Small readers of the converted tree that the interpreter needs. */
import { field, named, type SNode } from '../syntax';
import { callArgs } from '../syntax/kernelIdioms';
import type { Source } from './machine';

export function hasLabel(src: Source, s: SNode, label: string): boolean {
  if (s.type !== 'labeled_statement') return false;
  const l = field(s, 'label');
  if (l && src.text.slice(l.start, l.end) === label) return true;
  const inner = named(s).find((c) => c.type === 'labeled_statement');
  return inner ? hasLabel(src, inner, label) : false;
}

export function declName(src: Source, d: SNode): string {
  let n = d;
  while (n.type !== 'identifier') {
    const inner = field(n, 'declarator') ?? named(n)[0];
    if (!inner) break;
    n = inner;
  }
  return src.text.slice(n.start, n.end);
}

export function commaList(n: SNode): SNode[] {
  if (n.type !== 'comma_expression') return [n];
  return [field(n, 'left')!, ...commaList(field(n, 'right')!)];
}

export function findNodeAt(root: SNode, range: { start: number; end: number }): SNode | undefined {
  if (root.start === range.start && root.end === range.end) return root;
  for (const c of root.children) {
    if (c.start <= range.start && c.end >= range.end) return findNodeAt(c, range);
  }
  return undefined;
}

const namedOf = new WeakMap<SNode, SNode[]>();
const argsOf = new WeakMap<SNode, SNode[]>();

/** Named children without comments, computed once per node: runs execute the same nodes many times. */
export function kids(n: SNode): SNode[] {
  let k = namedOf.get(n);
  if (!k) namedOf.set(n, (k = named(n).filter((c) => c.type !== 'comment')));
  return k;
}

/** A call's argument expressions, computed once per node. */
export function argsOfCall(call: SNode): SNode[] {
  let a = argsOf.get(call);
  if (!a) argsOf.set(call, (a = [...callArgs(call)]));
  return a;
}
