/**
 * The analysis' own syntax tree: a plain-object copy of tree-sitter's, made
 * once per parse with a cursor walk, so no later layer crosses into wasm.
 * Offsets are UTF-16 indices into the user's original text.
 */
export interface SNode {
  /** tree-sitter node type; for anonymous tokens, the token itself (`&&`, `(`). */
  type: string;
  named: boolean;
  /** Field name in the parent (`condition`, `body`, ...), or null. */
  field: string | null;
  start: number;
  end: number;
  missing: boolean;
  children: SNode[];
  parent: SNode | null;
}

export function field(node: SNode, name: string): SNode | undefined {
  for (const c of node.children) if (c.field === name) return c;
  return undefined;
}

export function fields(node: SNode, name: string): SNode[] {
  return node.children.filter((c) => c.field === name);
}

export function named(node: SNode): SNode[] {
  return node.children.filter((c) => c.named);
}

/** The operator token of a binary, unary, update or assignment expression. */
export function operator(node: SNode): string | undefined {
  return field(node, 'operator')?.type ?? node.children.find((c) => !c.named && c.type !== '(' && c.type !== ')')?.type;
}

/** Depth-first pre-order visit; return false from `visit` to skip a subtree. */
export function walk(node: SNode, visit: (n: SNode) => boolean | void): void {
  const stack: SNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
  }
}

/** Strips redundant parentheses: `((x))` is `x`. */
export function unparen(node: SNode): SNode {
  let n = node;
  while (n.type === 'parenthesized_expression') {
    const inner = named(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}
