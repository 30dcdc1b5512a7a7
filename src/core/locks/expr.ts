/** Expression helpers for the lock engine: calls in evaluation order, names used, assignments. */
import { field, named, operator, unparen, type SNode } from '../syntax';

/**
 * The walk asks these of the same statements at every state that reaches them: each
 * answer is kept with its node (a tree's nodes never change), and shared, never written to.
 */
const callsCache = new WeakMap<SNode, readonly SNode[]>();
const identifiersCache = new WeakMap<SNode, { text: string; value: readonly string[] }>();
const assignmentsCache = new WeakMap<SNode, { text: string; value: readonly Assignment[] }>();

/** Call expressions inside `n`, arguments before the call that uses them. */
export function callsInOrder(n: SNode): readonly SNode[] {
  let known = callsCache.get(n);
  if (!known) callsCache.set(n, (known = findCalls(n)));
  return known;
}

function findCalls(n: SNode): SNode[] {
  const out: SNode[] = [];
  const visit = (x: SNode) => {
    for (const c of x.children) visit(c);
    if (x.type === 'call_expression') out.push(x);
  };
  visit(n);
  return out;
}

/** Identifier names read in `n` (not field names, not callee names of direct calls). */
export function identifiersIn(n: SNode, text: string): readonly string[] {
  return kept(identifiersCache, n, text, findIdentifiers);
}

/**
 * The operands one operator joins, through parentheses (`A | (B | x)`: A, B, x for `|`;
 * `a && !b && c` for `&&`); a side missing (broken code) leaves the expression itself.
 */
export function joinedBy(n: SNode, op: '|' | '&&'): SNode[] {
  const u = unparen(n);
  if (u.type !== 'binary_expression' || operator(u) !== op) return [u];
  const l = field(u, 'left');
  const r = field(u, 'right');
  return [...(l ? joinedBy(l, op) : [u]), ...(r ? joinedBy(r, op) : [u])];
}

/** The argument ORs this flag in (`FGP_LOCK | FGP_CREAT`); a flag masked off or computed elsewhere is not named. */
export function namesFlag(arg: SNode | undefined, flag: string, text: string): boolean {
  return !!arg && joinedBy(arg, '|').some((u) => u.type === 'identifier' && text.slice(u.start, u.end) === flag);
}

/** The answer kept with node `n` for its text, or made and kept. */
function kept<T>(cache: WeakMap<SNode, { text: string; value: T }>, n: SNode, text: string, make: (n: SNode, text: string) => T): T {
  const known = cache.get(n);
  if (known?.text === text) return known.value;
  const value = make(n, text);
  cache.set(n, { text, value });
  return value;
}

function findIdentifiers(n: SNode, text: string): string[] {
  const out: string[] = [];
  const visit = (x: SNode) => {
    if (x.type === 'identifier') {
      if (!(x.field === 'function' && x.parent?.type === 'call_expression')) out.push(text.slice(x.start, x.end));
      return;
    }
    for (const c of x.children) visit(c);
  };
  visit(n);
  return out;
}

export interface Assignment {
  target: string;
  value: SNode | null;
  node: SNode;
  /** `+=`, `++`: the new value depends on the old one. */
  compound: boolean;
}

/** Assignments to plain variables in `n`: `x = e`, `int x = e`, `x += e`, `x++`. */
export function assignmentsIn(n: SNode, text: string): readonly Assignment[] {
  return kept(assignmentsCache, n, text, findAssignments);
}

function findAssignments(n: SNode, text: string): Assignment[] {
  const out: Assignment[] = [];
  const visit = (x: SNode) => {
    for (const c of x.children) visit(c);
    if (x.type === 'assignment_expression') {
      const left = field(x, 'left');
      const right = field(x, 'right');
      if (left && unparen(left).type === 'identifier') {
        out.push({ target: text.slice(unparen(left).start, unparen(left).end), value: right ?? null, node: x, compound: operator(x) !== '=' });
      }
    } else if (x.type === 'init_declarator') {
      const decl = field(x, 'declarator');
      const value = field(x, 'value');
      const id = decl ? innermostIdentifier(decl) : undefined;
      if (id) out.push({ target: text.slice(id.start, id.end), value: value ?? null, node: x, compound: false });
    } else if (x.type === 'update_expression') {
      const arg = field(x, 'argument');
      if (arg && unparen(arg).type === 'identifier') out.push({ target: text.slice(unparen(arg).start, unparen(arg).end), value: null, node: x, compound: true });
    }
  };
  visit(n);
  return out;
}

function innermostIdentifier(d: SNode): SNode | undefined {
  let cur: SNode | undefined = d;
  for (let k = 0; cur && k < 16; k++) {
    if (cur.type === 'identifier') return cur;
    cur = field(cur, 'declarator') ?? named(cur)[0];
  }
  return undefined;
}

const NONE: ReadonlyMap<string, number> = new Map();
const NO_OPTIONS: ReadonlySet<string> = new Set();

/** An argument's value as it is written (`true`, `0`, `NULL`): no path facts, no configuration. */
export function writtenValue(n: SNode, text: string): number | undefined {
  return constantValue(n, text, NONE, NO_OPTIONS);
}

/** A C integer literal's value as written (`16`, `0x10`, `16UL`), or undefined. */
export function integerLiteral(src: string): number | undefined {
  const v = Number(src.replace(/[uUlL]+$/, ''));
  return Number.isFinite(v) ? v : undefined;
}

/** A C integer literal's value, or undefined. Handles `-EINVAL`-style negated error codes as nonzero. */
/** `configOff`: the options `IS_ENABLED()` answers 0 for (the knowledge's `configOff`); `named`, the constants known by name. */
export function constantValue(n: SNode, text: string, consts: ReadonlyMap<string, number>, configOff: ReadonlySet<string>, named: ReadonlyMap<string, number> = NONE): number | undefined {
  const e = unparen(n);
  const src = text.slice(e.start, e.end).trim();
  if (e.type === 'number_literal') return integerLiteral(src);
  if (e.type === 'true') return 1;
  if (e.type === 'false' || e.type === 'null' || src === 'NULL') return 0;
  if (e.type === 'identifier') {
    if (consts.has(src)) return consts.get(src);
    if (named.has(src)) return named.get(src);
    if (/^E[A-Z0-9]+$/.test(src)) return 1;
    return undefined;
  }
  if (e.type === 'call_expression') {
    const m = /^(IS_ENABLED|IS_BUILTIN|IS_REACHABLE|IS_MODULE)\s*\(\s*(CONFIG_\w+)\s*\)$/.exec(src);
    if (m) return m[1] === 'IS_MODULE' || configOff.has(m[2]) ? 0 : 1;
  }
  if (e.type === 'unary_expression' && operator(e) === '!') {
    const arg = field(e, 'argument');
    const v = arg ? constantValue(arg, text, consts, configOff, named) : undefined;
    return v === undefined ? undefined : v === 0 ? 1 : 0;
  }
  if (e.type === 'unary_expression' && operator(e) === '-') {
    const arg = field(e, 'argument');
    const v = arg ? constantValue(arg, text, consts, configOff, named) : undefined;
    return v === undefined ? undefined : -v;
  }
  if (e.type === 'binary_expression' && (operator(e) === '+' || operator(e) === '-')) {
    // `i - 1` of a zero counter (`for (j = i - 1; j >= 0; j--)`): other known numbers may stand
    // for a sign only, so only zero and literals are summed.
    const [l, r] = [field(e, 'left'), field(e, 'right')].map((x) => (x ? constantValue(x, text, consts, configOff, named) : undefined));
    const literal = (x: SNode | null | undefined) => !!x && unparen(x).type === 'number_literal';
    const exact = (v: number | undefined, x: SNode | null | undefined) => v === 0 || (v !== undefined && literal(x));
    if (!exact(l, field(e, 'left')) || !exact(r, field(e, 'right'))) return undefined;
    return operator(e) === '+' ? l! + r! : l! - r!;
  }
  return undefined;
}

/** The variable a call's result is stored in: `ret = f()`, `int ret = f()`. */
/**
 * The variable a trylock's outcome is stored in, and its value when the lock is held,
 * through `!` and as the right operand of `||` or `&&` where that still decides it:
 * `ret = busy || !trylock(l)` holds the lock exactly when ret is 0 (`busy` true tries
 * nothing); `ok = ready && trylock(l)` exactly when ok is not; `locked = trylock(l) != 0`
 * exactly when locked is not.
 */
export function storedOutcome(call: SNode, text: string, heldWhen: 'zero' | 'nonzero'): { target: string; when: 'zero' | 'nonzero' } | undefined {
  let x = call;
  let when = heldWhen;
  for (;;) {
    ({ node: x, when } = throughNegations(x, when));
    const p = x.parent;
    // `trylock(l) != 0` says it as it is; `trylock(l) == 0` says the other answer.
    if (p?.type === 'binary_expression' && (operator(p) === '!=' || operator(p) === '==')) {
      const other = field(p, 'left') === x ? field(p, 'right') : field(p, 'left');
      if (!other || constantValue(other, text, NONE, NO_OPTIONS) !== 0) return undefined;
      if (operator(p) === '==') when = when === 'zero' ? 'nonzero' : 'zero';
      x = p;
      continue;
    }
    if (p?.type === 'binary_expression' && field(p, 'right') === x) {
      const op = operator(p);
      // `a || x`: true may be a's alone; `a && x`: false may be. Only the other answer is x's.
      if ((op === '||' && when === 'zero') || (op === '&&' && when === 'nonzero')) {
        x = p;
        continue;
      }
      return undefined;
    }
    break;
  }
  const target = assignedTo(x, text) ?? storedThrough(x, text);
  return target ? { target, when } : undefined;
}

/**
 * A try asserted by a call that stops the kernel when its first argument is true
 * (`BUG_ON(mmap_read_trylock(mm))`): whether the path that goes on holds the lock (the
 * argument was false there). Undefined when the call is not so asserted.
 */
export function assertedOutcome(call: SNode, text: string, heldWhen: 'zero' | 'nonzero', fatal: { has(name: string): boolean }): boolean | undefined {
  const { node, when } = throughNegations(call, heldWhen);
  const p = node.parent;
  if (p?.type !== 'argument_list' || p.children.find((c) => c.named) !== node) return undefined;
  const callee = p.parent?.type === 'call_expression' ? field(p.parent, 'function') : undefined;
  if (callee?.type !== 'identifier' || !fatal.has(text.slice(callee.start, callee.end))) return undefined;
  return when === 'zero';
}

/** Parentheses, casts and `!`: what keeps an outcome's answer, or turns it round. */
function negating(p: SNode): boolean {
  return p.type === 'parenthesized_expression' || p.type === 'cast_expression' || (p.type === 'unary_expression' && operator(p) === '!');
}

/** The outermost node `x`'s value reaches through parentheses, casts and `!`, and what it is when the outcome is `when`. */
function throughNegations(x: SNode, when: 'zero' | 'nonzero'): { node: SNode; when: 'zero' | 'nonzero' } {
  let node = x;
  let w = when;
  for (let p = node.parent; p && negating(p); node = p, p = p.parent) if (p.type === 'unary_expression') w = w === 'zero' ? 'nonzero' : 'zero';
  return { node, when: w };
}

/**
 * `*locked = mutex_trylock(...)`: the place a pointer variable points at, written as `*locked`,
 * when the value is stored there (a lock's state kept in the caller's flag).
 */
function storedThrough(value: SNode, text: string): string | undefined {
  const child = valueNode(value);
  const p = child.parent;
  if (p?.type !== 'assignment_expression' || field(p, 'right') !== child || operator(p) !== '=') return undefined;
  return derefName(field(p, 'left'), text);
}

/** `*locked` of a plain pointer variable, as a name; undefined for anything else. */
export function derefName(n: SNode | null | undefined, text: string): string | undefined {
  const u = n && unparen(n);
  const arg = u?.type === 'pointer_expression' && operator(u) === '*' ? field(u, 'argument') : undefined;
  const v = arg && unparen(arg);
  return v?.type === 'identifier' ? `*${text.slice(v.start, v.end)}` : undefined;
}

/** The node that stands for `n`'s value in its statement: `n` with the parentheses and casts around it. */
export function valueNode(n: SNode): SNode {
  let x = n;
  while (x.parent && (x.parent.type === 'parenthesized_expression' || x.parent.type === 'cast_expression')) x = x.parent;
  return x;
}

export function assignedTo(call: SNode, text: string): string | undefined {
  const child = valueNode(call);
  const p = child.parent;
  if (!p) return undefined;
  if (p.type === 'assignment_expression' && field(p, 'right') === child) {
    const left = field(p, 'left');
    return left && left.type === 'identifier' ? text.slice(left.start, left.end) : undefined;
  }
  if (p.type === 'init_declarator' && field(p, 'value') === child) {
    let d = field(p, 'declarator');
    while (d && d.type !== 'identifier') d = field(d, 'declarator');
    return d ? text.slice(d.start, d.end) : undefined;
  }
  return undefined;
}

/**
 * The name a lock is held by when a call's result is returned as it is
 * (`return locked_lookup(x);`): the function returns the object locked, as
 * its callee did, and its summary says so in its callers' terms.
 */
export const RETURN_SLOT = '__returned';

/** True when the call's result is the function's return value (through parentheses and casts). */
export function isReturned(call: SNode): boolean {
  let p = call.parent;
  while (p && (p.type === 'parenthesized_expression' || p.type === 'cast_expression')) p = p.parent;
  return p?.type === 'return_statement';
}

/** `v->pte = map_lock(v);`: a statement storing a call's result in a member (or through a pointer), stored once the call returned. */
export function storesCallResult(stmt: SNode): boolean {
  const x = stmt.type === 'expression_statement' ? named(stmt)[0] : undefined;
  if (x?.type !== 'assignment_expression') return false;
  const left = field(x, 'left');
  const right = field(x, 'right');
  return !!left && !!right && unparen(left).type !== 'identifier' && callsInOrder(right).length > 0;
}
