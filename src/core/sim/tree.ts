/** Small readers of the converted tree that the interpreter needs. */
import { field, named, type SNode } from '../syntax';
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
