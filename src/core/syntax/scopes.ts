/**
 * Which declaration a name means where. C lets a block declare a name the function already
 * has (`struct peer *peer` in an `if` block, beside the function's own `peer`); the two are
 * two variables, and what was found through the inner one says nothing of the outer one after
 * the block. Only names declared inside a block are kept: the function's own and its
 * parameters are the default meaning.
 */
import { field } from './node';
import type { SNode } from './node';

/** Where a block's declaration of a name starts, and where its block ends. */
interface Binding {
  at: number;
  end: number;
}

export class Scopes {
  private constructor(private readonly inner: ReadonlyMap<string, readonly Binding[]>) {}

  /** The names a block inside `body` declares, with their blocks; read once per function. */
  static of(body: SNode, text: string): Scopes {
    const inner = new Map<string, Binding[]>();
    const add = (decl: SNode, block: SNode) => {
      for (const d of decl.children) {
        if (d.field !== 'declarator') continue;
        let id: SNode | undefined = d;
        while (id && id.type !== 'identifier') id = field(id, 'declarator');
        if (!id) continue;
        const name = text.slice(id.start, id.end);
        inner.set(name, [...(inner.get(name) ?? []), { at: id.start, end: block.end }]);
      }
    };
    const stack = [...body.children];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'compound_statement') {
        for (const c of n.children) if (c.type === 'declaration') add(c, n);
      } else if (n.type === 'for_statement') {
        const init = field(n, 'initializer');
        if (init?.type === 'declaration') add(init, n);
      }
      for (const c of n.children) stack.push(c);
    }
    return new Scopes(inner);
  }

  /** The same variable is meant by `name` at both offsets: no block declaration of it takes one and not the other. */
  same(name: string, a: number, b: number): boolean {
    const list = this.inner.get(name);
    return !list || this.binding(list, a) === this.binding(list, b);
  }

  /** The innermost block declaration in scope at `at` (the latest declared of those open there), or undefined for the function's own. */
  private binding(list: readonly Binding[], at: number): Binding | undefined {
    let best: Binding | undefined;
    for (const x of list) if (x.at <= at && at < x.end && (!best || x.at > best.at)) best = x;
    return best;
  }
}
