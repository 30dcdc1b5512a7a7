/**
 * Threads in a scenario are a call or a few statements of C, e.g.
 * `device_lock(dev); iommu_release_device(dev); device_unlock(dev);`.
 * This reads that small subset (calls, names, numbers, strings, `&`, `->`,
 * `.`, unary `-`/`!`) into the same SNode shape tree-sitter gives, so the
 * interpreter runs it like the code under review.
 */
import type { SNode } from '../syntax';
import type { Source } from './machine';

interface Tok {
  kind: 'id' | 'num' | 'str' | 'op';
  text: string;
  start: number;
  end: number;
}

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|([A-Za-z_]\w*)|(0[xX][0-9a-fA-F]+|\d+)|("(?:[^"\\\n]|\\.)*")|(->|[(),;&.!-])/y;

export class SnippetError extends Error {}

const KEYWORDS = new Set(['if', 'else', 'while', 'for', 'do', 'switch', 'case', 'return', 'goto', 'break', 'continue', 'int', 'struct', 'sizeof']);

export function parseSnippet(name: string, text: string): { src: Source; body: SNode } {
  const toks = tokenize(text);
  const p = new SnippetParser(text, toks);
  const body = p.statements();
  // Line 0: a thread's own code is not a line of the file under review.
  return { src: { path: `<${name}>`, text, lines: { line: () => 0 }, loops: new Map(), scopedGuards: new Map() }, body };
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new SnippetError(`cannot read the thread code at '${text.slice(at, at + 12)}': use calls, names, numbers and strings`);
    const kind = m[1] ? 'id' : m[2] ? 'num' : m[3] ? 'str' : m[4] ? 'op' : undefined;
    if (kind) out.push({ kind, text: m[0], start: at, end: TOKEN.lastIndex });
  }
  return out;
}

function node(type: string, start: number, end: number, children: SNode[] = [], fieldName: string | null = null, isNamed = true): SNode {
  const n: SNode = { type, named: isNamed, field: fieldName, start, end, missing: false, children, parent: null };
  for (const c of children) c.parent = n;
  return n;
}

function withField(n: SNode, name: string): SNode {
  n.field = name;
  return n;
}

class SnippetParser {
  private k = 0;
  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
  ) {}

  statements(): SNode {
    const stmts: SNode[] = [];
    while (this.k < this.toks.length) {
      if (this.peek(';')) {
        this.k++;
        continue;
      }
      const e = this.expr();
      if (this.k < this.toks.length) this.take(';');
      const end = this.toks[this.k - 1].end;
      stmts.push(node('expression_statement', e.start, end, [e]));
    }
    if (!stmts.length) throw new SnippetError('a thread needs at least one call');
    return node('compound_statement', 0, this.text.length, stmts);
  }

  private peek(op: string): boolean {
    const t = this.toks[this.k];
    return t !== undefined && t.kind === 'op' && t.text === op;
  }

  private take(op: string): Tok {
    const t = this.toks[this.k];
    if (!t || t.text !== op) throw new SnippetError(`expected '${op}' in the thread code${t ? ` at '${t.text}'` : ' at its end'}`);
    this.k++;
    return t;
  }

  private expr(): SNode {
    const t = this.toks[this.k];
    if (t && t.kind === 'op' && (t.text === '&' || t.text === '-' || t.text === '!')) {
      this.k++;
      const arg = withField(this.expr(), 'argument');
      const op = node(t.text, t.start, t.end, [], 'operator', false);
      return node(t.text === '&' ? 'pointer_expression' : 'unary_expression', t.start, arg.end, [op, arg]);
    }
    let e = this.primary();
    for (;;) {
      if (this.peek('(')) {
        const open = this.take('(');
        const args: SNode[] = [];
        while (!this.peek(')')) {
          args.push(this.expr());
          if (!this.peek(')')) this.take(',');
        }
        const close = this.take(')');
        const list = node('argument_list', open.start, close.end, args, 'arguments');
        e = node('call_expression', e.start, close.end, [withField(e, 'function'), list]);
      } else if (this.peek('->') || this.peek('.')) {
        const op = this.toks[this.k++];
        const name = this.toks[this.k++];
        if (!name || name.kind !== 'id') throw new SnippetError(`expected a field name after '${op.text}'`);
        e = node('field_expression', e.start, name.end, [withField(e, 'argument'), node(op.text, op.start, op.end, [], 'operator', false), node('field_identifier', name.start, name.end, [], 'field')]);
      } else {
        return e;
      }
    }
  }

  private primary(): SNode {
    const t = this.toks[this.k++];
    if (!t) throw new SnippetError('the thread code ends in the middle of an expression');
    if (t.kind === 'id' && KEYWORDS.has(t.text)) throw new SnippetError(`'${t.text}' is not supported in thread code: use calls (put the logic in a function of the code under review)`);
    if (t.kind === 'id') return node(t.text === 'NULL' ? 'null' : 'identifier', t.start, t.end);
    if (t.kind === 'num') return node('number_literal', t.start, t.end);
    if (t.kind === 'str') return node('string_literal', t.start, t.end);
    if (t.text === '(') {
      const inner = this.expr();
      const close = this.take(')');
      return node('parenthesized_expression', t.start, close.end, [inner]);
    }
    throw new SnippetError(`unexpected '${t.text}' in the thread code`);
  }
}
