/**
 * What the lock walk reads off C syntax: uses of a pointer, branch subjects,
 * iterator variables, paths a local can stand for. Pure functions of the tree.
 */
import { CONSTANT_NAME, field, operator, unparen, type SNode } from '../syntax';
import { callArgs } from '../syntax/kernelIdioms';
import { assignmentsIn, callsInOrder, constantValue, joinedBy } from './expr';
import type { Knowledge } from '../knowledge';
import type { Implication } from './state';

/** Operands C never evaluates: `sizeof(*p)` or `typeof(*p)` reads no object. */
const UNEVALUATED = new Set(['sizeof_expression', 'alignof_expression', 'offsetof_expression', 'macro_type_specifier']);
/** `typeof(*obj)` in a macro's arguments parses as a call; its operand names a type, it is not evaluated. */
const TYPE_OF = new Set(['typeof', '__typeof__', '__typeof', 'typeof_unqual']);

/**
 * Variables whose pointed-to object is used in `n`: dereferenced (`p->x`,
 * `*p`, `p[i]`) or handed to a call. Testing a pointer for NULL is not a use.
 */
export function dereferencedIn(n: SNode, text: string, notUses?: (callee: string, arg: number, call: SNode) => boolean): string[] {
  const out: string[] = [];
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (UNEVALUATED.has(x.type)) continue;
    if (x.type === 'call_expression') {
      const f = x.children.find((c) => c.field === 'function');
      if (f?.type === 'identifier' && TYPE_OF.has(text.slice(f.start, f.end))) continue;
    }
    // `(*bucket)->n`, `put(*bucket)`: the object a pointer points at (`*bucket`) is used too.
    const inner = x.type === 'pointer_expression' && operator(x) === '*' ? x.children.find((c) => c.field === 'argument') : undefined;
    if (inner?.type === 'identifier') {
      let at: SNode = x;
      while (at.parent?.type === 'parenthesized_expression') at = at.parent;
      const q = at.parent;
      if ((q?.type === 'field_expression' && at.field === 'argument' && operator(q) === '->') || q?.type === 'argument_list') out.push(`*${text.slice(inner.start, inner.end)}`);
    }
    if (x.type === 'identifier') {
      const p = x.parent;
      const fn = p?.type === 'argument_list' ? p.parent?.children.find((c) => c.field === 'function') : undefined;
      const used =
        (p?.type === 'argument_list' && !(notUses && fn?.type === 'identifier' && notUses(text.slice(fn.start, fn.end), callArgs(p.parent!).indexOf(x), p.parent!))) ||
        (p?.type === 'field_expression' && x.field === 'argument' && operator(p) === '->' && !comparedAddress(p) && !returnedAddress(p)) ||
        (p?.type === 'pointer_expression' && operator(p) === '*') ||
        (p?.type === 'subscript_expression' && x.field === 'argument');
      if (used) out.push(text.slice(x.start, x.end));
      continue;
    }
    for (let i = x.children.length - 1; i >= 0; i--) stack.push(x.children[i]);
  }
  return out;
}

/**
 * `&pos->node == head` (or `!=`): the address of a member, compared, reads nothing of the
 * object (the test a list walk that ran to its end makes).
 */
function comparedAddress(member: SNode): boolean {
  const up = addressUser(member);
  return !!up && up.type === 'binary_expression' && (operator(up) === '==' || operator(up) === '!=');
}

/**
 * `return &b->vb;`: the address of a member, returned, reads nothing of the object; it hands
 * the object to the caller as `return b;` would (what the caller does with it is the caller's).
 */
function returnedAddress(member: SNode): boolean {
  return addressUser(member)?.type === 'return_statement';
}

/** What takes `&x->member` (through `.` members, parentheses and casts), when the member's address is taken. */
function addressUser(member: SNode): SNode | undefined {
  let x = member;
  while (x.parent?.type === 'field_expression' && x.field === 'argument' && operator(x.parent) === '.') x = x.parent;
  const addr = x.parent?.type === 'pointer_expression' && operator(x.parent) === '&' ? x.parent : undefined;
  let up = addr?.parent;
  while (up?.type === 'parenthesized_expression' || up?.type === 'cast_expression') up = up.parent;
  return up ?? undefined;
}

/**
 * Two locks of one class on objects one reaches from the other (`d->parent->mutex`
 * and `d->mutex`): a parent-child order the structure itself fixes.
 */
export function hierarchical(a: string, b: string): boolean {
  const object = (inst: string) => inst.replace(/(?:->|\.)[A-Za-z_]\w*$/, '');
  const [x, y] = [object(a), object(b)];
  return x !== y && (x.startsWith(`${y}->`) || y.startsWith(`${x}->`) || x.startsWith(`${y}.`) || y.startsWith(`${x}.`));
}

/**
 * The iterator variable of a loop macro's argument list, the argument at `entry` (`pos` of
 * `list_for_each_entry(pos, head, member)`, 0; `entry` of `idr_for_each_entry(idr, entry, id)`, 1).
 */
export function iteratorName(args: SNode, text: string, entry = 0): string | undefined {
  const list = unparen(args);
  const at = list.type === 'comma_expression' ? flattenComma(list)[entry] : entry === 0 ? list : undefined;
  const u = at ? unparen(at) : undefined;
  return u?.type === 'identifier' ? text.slice(u.start, u.end) : undefined;
}

export function flattenComma(n: SNode): SNode[] {
  if (n.type !== 'comma_expression') return [n];
  const left = field(n, 'left');
  const right = field(n, 'right');
  return [...(left ? flattenComma(left) : []), ...(right ? flattenComma(right) : [])];
}

export function stripCasts(n: SNode): SNode {
  let e = n;
  while (e.type === 'cast_expression') {
    const v = field(e, 'value');
    if (!v) break;
    e = unparen(v);
  }
  return e;
}

/** An identifier or a chain of fields (and indexes) from one: something a local can stand for. */
export function isPath(n: SNode): boolean {
  if (n.type === 'identifier') return true;
  if (n.type === 'field_expression' || n.type === 'subscript_expression') {
    const arg = field(n, 'argument');
    if (n.type === 'subscript_expression') {
      const index = field(n, 'index');
      if (!index || callsInOrder(index).length || assignmentsIn(index, '').length) return false;
    }
    return !!arg && isPath(unparen(arg));
  }
  return false;
}

export function identifierTokens(text: string): string[] {
  return text.match(/(?<![\w.>])[A-Za-z_]\w*/g) ?? [];
}

/** True when a call's value decides a branch (it sits in a condition) or the caller's (it is returned). */
export function isTested(call: SNode): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.field === 'condition' || p.type === 'return_statement') return true;
    if (p.type === 'expression_statement' || p.type === 'declaration' || p.type === 'compound_statement') return false;
  }
  return false;
}

/**
 * What a branch condition tests, and whether true means that value is zero or
 * nonzero. `(ret = f())` tests what `f()` returned.
 */
/**
 * What a branch tests: a subject and whether the true edge means it is zero or
 * nonzero. `sign` marks a test of the sign: `x < 0` / `x >= 0` (`negative`), read as an
 * error code's two classes (negative: failed, nonzero; else: succeeded, zero), and `x > 0` /
 * `x <= 0` (`positive`: nonzero when positive); a known value is compared as it is.
 */
export interface SplitCondition {
  subject: SNode;
  trueIs: 'zero' | 'nonzero';
  sign?: 'negative' | 'positive';
}

export function splitCondition(cond: SNode, text: string, knowledge: Knowledge): SplitCondition {
  const { e, flip } = unwrapCondition(cond, text, knowledge);
  const r = splitPlain(e, text, knowledge);
  return flip ? { ...r, trueIs: r.trueIs === 'zero' ? 'nonzero' : 'zero' } : r;
}

/** The test inside `likely(...)`, `!(...)` and parentheses, and whether the `!`s turn it round. */
function unwrapCondition(cond: SNode, text: string, knowledge: Knowledge): { e: SNode; flip: boolean } {
  // `likely(!p)` tests `p`, the other way round.
  let e = unparen(cond);
  let flip = false;
  for (;;) {
    const fn = e.type === 'call_expression' ? field(e, 'function') : undefined;
    const args = e.type === 'call_expression' ? callArgs(e) : [];
    if (fn?.type === 'identifier' && knowledge.calls.transparent.has(text.slice(fn.start, fn.end)) && args.length === 1) e = unparen(args[0]);
    else if (e.type === 'unary_expression' && operator(e) === '!' && field(e, 'argument')) {
      e = unparen(field(e, 'argument')!);
      flip = !flip;
    } else break;
  }
  return { e, flip };
}

/** A result compared with one result code: `ret == -EINTR`, `f() != -EAGAIN`, `ret != SCAN_SUCCEED` (either side). */
export interface ResultCodeTest {
  /** The compared value (`(ret = f())` stands for `f()`). */
  operand: SNode;
  /** The code as written, spaces out (`-EINTR`). */
  code: string;
  /** The true edge means the value is the code. */
  equalWhenTrue: boolean;
}

export function resultCodeTest(cond: SNode, text: string, knowledge: Knowledge, constants: ReadonlyMap<string, number>): ResultCodeTest | undefined {
  const { e, flip } = unwrapCondition(cond, text, knowledge);
  const op = e.type === 'binary_expression' ? operator(e) : undefined;
  if (op !== '==' && op !== '!=') return undefined;
  const sides = [field(e, 'left'), field(e, 'right')].map((n) => n && unparen(n));
  const codes = sides.map((n) => (n ? resultCodeOf(text.slice(n.start, n.end), constants) : undefined));
  const at = codes.findIndex((c) => c !== undefined);
  const other = sides[1 - at];
  if (at < 0 || !other) return undefined;
  return { operand: assignedValue(other), code: codes[at]!, equalWhenTrue: (op === '==') !== flip };
}

/**
 * A result code as written, spaces out: an error code (`-EAGAIN`, `- EINTR`), or a named constant
 * known not to be 0 (`SCAN_SUCCEED`, `AOP_WRITEPAGE_ACTIVATE`); undefined for anything else. Codes
 * are told apart by name: two names are two values, and none is 0.
 */
export function resultCodeOf(written: string | undefined, constants: ReadonlyMap<string, number>): string | undefined {
  const code = written?.replace(/\s+/g, '');
  if (!code) return undefined;
  if (/^-E[A-Z0-9]+$/.test(code)) return code;
  const named = constants.get(code);
  return CONSTANT_NAME.test(code) && named !== undefined && named !== 0 ? code : undefined;
}

export function splitPlain(e: SNode, text: string, knowledge: Knowledge): SplitCondition {
  if (e.type === 'binary_expression') {
    const op = operator(e);
    const left = field(e, 'left');
    const right = field(e, 'right');
    const isZero = (n: SNode | undefined) => !!n && constantValue(n, text, new Map(), knowledge.configOff) === 0;
    if (left && right && (op === '==' || op === '!=')) {
      if (isZero(right)) return { subject: assignedValue(unparen(left)), trueIs: op === '==' ? 'zero' : 'nonzero' };
      if (isZero(left)) return { subject: assignedValue(unparen(right)), trueIs: op === '==' ? 'zero' : 'nonzero' };
    }
    if (left && right && isZero(right) && (op === '<' || op === '>=')) return { subject: assignedValue(unparen(left)), trueIs: op === '<' ? 'nonzero' : 'zero', sign: 'negative' };
    if (left && right && isZero(right) && (op === '>' || op === '<=')) return { subject: assignedValue(unparen(left)), trueIs: op === '>' ? 'nonzero' : 'zero', sign: 'positive' };
  }
  if (e.type === 'call_expression') {
    const fn = field(e, 'function');
    const args = callArgs(e);
    if (fn && fn.type === 'identifier' && knowledge.calls.errorPointerTests.has(text.slice(fn.start, fn.end)) && args.length === 1 && unparen(args[0]).type === 'identifier') {
      return { subject: unparen(args[0]), trueIs: 'zero' };
    }
  }
  return { subject: assignedValue(e), trueIs: 'nonzero' };
}

export function assignedValue(e: SNode): SNode {
  if (e.type === 'assignment_expression' && operator(e) === '=') {
    const right = field(e, 'right');
    if (right) return unparen(right);
  }
  return e;
}

/**
 * What a value assigned to a flag says of other variables (`!rtnl_held && !(flags & X)`: when
 * true, rtnl_held is zero): the identifiers among its `&&` operands, each with the value it
 * needs; a lone (negated) identifier says its variable both ways.
 */
export function impliedBy(value: SNode, text: string): Implication | undefined {
  const literal = (n: SNode): readonly [string, 'zero' | 'nonzero'] | undefined => {
    let e = unparen(n);
    let negated = false;
    while (e.type === 'unary_expression' && operator(e) === '!' && field(e, 'argument')) {
      e = unparen(field(e, 'argument')!);
      negated = !negated;
    }
    return e.type === 'identifier' ? [text.slice(e.start, e.end), negated ? 'zero' : 'nonzero'] : undefined;
  };
  const e = unparen(value);
  if (e.type === 'binary_expression' && operator(e) === '&&') {
    const whenTrue = joinedBy(e, '&&').map(literal).filter((x): x is readonly [string, 'zero' | 'nonzero'] => !!x);
    return whenTrue.length ? { whenTrue } : undefined;
  }
  const one = literal(e);
  return one ? { whenTrue: [one], whenFalse: [one[0], one[1] === 'zero' ? 'nonzero' : 'zero'] } : undefined;
}
