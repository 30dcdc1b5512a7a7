/**
 * A file's named integer constants: object-like `#define NAME <integer
 * expression>` and enumerators (numbered on from the one before), so that
 * `return OBJ_SCAN_DONE;` or `if (ret == AOP_WRITEPAGE_ACTIVATE)` can be read
 * with its value. A name given two values (a `#define` under two `#ifdef`
 * branches) has none; so has anything the evaluator does not understand.
 */
import { field, named, type SNode } from './node';

/** A constant's name, as the kernel writes macros and enumerators. */
export const CONSTANT_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Enumerators and definitions read per file, at most: a generated table of thousands says nothing about locks. */
export const MAX_NAMED_CONSTANTS = 20_000;

export class ConstantTable {
  readonly values = new Map<string, number>();
  private readonly ambiguous = new Set<string>();

  /**
   * `value` undefined: the name is defined, to something not read as an integer. An enumerator
   * is kept only when written as a constant (a lower-case one may be a local variable's name too);
   * a macro, whatever its case (`lbmWRITE`): the preprocessor replaces every use of it.
   */
  define(name: string, value: number | undefined, macro = false): void {
    if (this.ambiguous.has(name) || !(macro || CONSTANT_NAME.test(name))) return;
    const had = this.values.get(name);
    if (value === undefined || (this.values.has(name) && had !== value)) {
      this.values.delete(name);
      this.ambiguous.add(name);
      return;
    }
    if (this.values.size < MAX_NAMED_CONSTANTS) this.values.set(name, value);
  }

  /** Every name either table gives one value: the first's, unless the second gives another (then none). */
  static join(tables: Iterable<ReadonlyMap<string, number>>): Map<string, number> {
    const t = new ConstantTable();
    // (Each table kept only the names its own file may define: taken as they are.)
    for (const m of tables) for (const [k, v] of m) t.define(k, v, true);
    return t.values;
  }
}

/** A function body's own declarations, where a local enum's enumerators are (`enum modes { M_NONE, M_FULL };`). */
const LOCAL_DECLARATIONS = new Set(['declaration', 'type_definition', 'enum_specifier']);

/**
 * The constants a file's tree defines at its top, and the enumerators of enums declared at the
 * top of a function body (the rest of the body is not read).
 */
export function namedConstants(root: SNode, text: string): Map<string, number> {
  const table = new ConstantTable();
  const src = (n: SNode) => text.slice(n.start, n.end);
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition') {
      for (const c of field(n, 'body')?.children ?? []) if (LOCAL_DECLARATIONS.has(c.type)) stack.push(c);
      continue;
    }
    if (n.type === 'preproc_def') {
      const name = field(n, 'name');
      const value = field(n, 'value');
      if (name && value) table.define(src(name), integerExpression(src(value), table.values), true);
      continue;
    }
    if (n.type === 'enumerator_list') {
      let next: number | undefined = 0;
      for (const e of named(n).filter((c) => c.type === 'enumerator')) {
        const name = field(e, 'name');
        const value = field(e, 'value');
        const v: number | undefined = value ? integerExpression(src(value), table.values) : next;
        if (name) table.define(src(name), v);
        next = v === undefined ? undefined : v + 1;
      }
      continue;
    }
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
  }
  return table.values;
}

const TOKEN = /\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|\s*([A-Za-z_]\w*)|\s*(<<|>>|[-+*~!|&^()])/y;
/** Longer than this is not a constant worth reading. */
const MAX_EXPRESSION = 200;

/**
 * The value of an integer constant expression of literals, known names,
 * parentheses, unary `-`, `~`, `!` and binary `* + - << >> & ^ |` (C's
 * precedence); undefined for anything else (a cast, a call, an unknown name).
 */
export function integerExpression(text: string, known: ReadonlyMap<string, number>): number | undefined {
  // (A comment left open runs on past the definition's line: `#define lbmSYNC 0x0008 /* do not ...`.)
  const body = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/\/\*[\s\S]*$/, '').trim();
  if (!body || body.length > MAX_EXPRESSION) return undefined;
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < body.length) {
    const m = TOKEN.exec(body);
    if (!m) return undefined;
    tokens.push(m[1] ?? m[2] ?? m[3]);
  }
  let at = 0;
  const LEVELS = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*']];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '<<': return b >= 0 && b < 31 ? a * 2 ** b : NaN;
      case '>>': return a >> b;
      case '+': return a + b;
      case '-': return a - b;
      default: return a * b;
    }
  };
  const binary = (level: number): number => {
    if (level === LEVELS.length) return unary();
    let v = binary(level + 1);
    while (at < tokens.length && LEVELS[level].includes(tokens[at])) {
      const op = tokens[at++];
      v = apply(op, v, binary(level + 1));
    }
    return v;
  };
  const unary = (): number => {
    const t = tokens[at++];
    if (t === '-') return -unary();
    if (t === '~') return ~unary();
    if (t === '!') return unary() === 0 ? 1 : 0;
    if (t === '(') {
      const v = binary(0);
      return tokens[at++] === ')' ? v : NaN;
    }
    if (t !== undefined && /^\d|^0[xX]/.test(t)) return Number(t.startsWith('0') && t.length > 1 && !/^0[xX]/.test(t) ? parseInt(t, 8) : t);
    return t !== undefined && known.has(t) ? known.get(t)! : NaN;
  };
  const v = binary(0);
  return at === tokens.length && Number.isSafeInteger(v) ? v : undefined;
}
