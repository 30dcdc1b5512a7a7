/**
 * Branch conditions as values: a pure test gets a canonical key, so that the
 * same test later on a path (`if (needs_global(d))` twice, a flag inside
 * `unlikely()`, `IS_ENABLED(CONFIG_X)`) is decided the way it was the first time.
 */
import { CONSTANT_NAME, field, operator, unparen, type SNode } from '../syntax';
import { canon } from './identity';
import { joinedBy } from './expr';
import type { NameClass } from '../knowledge';
import type { BitTest } from './state';

export type ConditionValue =
  /** The subject is truthy exactly when the keyed expression is (xor `negated`). */
  | { kind: 'key'; key: string; deps: string[]; negated: boolean; sides?: [string, string]; operands?: [string, string]; bits?: BitTest }
  /** Known without running: `x == x`, `x != x` after aliases. */
  | { kind: 'constant'; value: boolean };

const IDENT = /(?<![\w.>$])[A-Za-z_]\w*(?!\w)(?!\s*\()/g;

/**
 * The key of a condition, or undefined when it is not pure (assigns, or calls
 * something that may change state or answer differently the next time).
 * `resolve` maps a local to the path it aliases.
 */
export function conditionValue(n: SNode, text: string, isPure: (callee: string) => boolean, resolve: (name: string) => string | undefined, transparent: NameClass, constants?: ReadonlyMap<string, number>, stepsDone = false): ConditionValue | undefined {
  let e = unparen(n);
  let negated = false;
  for (;;) {
    if (e.type === 'unary_expression' && operator(e) === '!') {
      const arg = field(e, 'argument');
      if (!arg) return undefined;
      negated = !negated;
      e = unparen(arg);
      continue;
    }
    if (e.type === 'call_expression') {
      const fn = field(e, 'function');
      const args = field(e, 'arguments')?.children.filter((c) => c.named) ?? [];
      if (fn && fn.type === 'identifier' && transparent.has(text.slice(fn.start, fn.end)) && args.length === 1) {
        e = unparen(args[0]);
        continue;
      }
    }
    break;
  }
  const ordered = orderedComparison(e, text, isPure, resolve, stepsDone);
  if (ordered) return ordered.lo === ordered.hi ? { kind: 'constant', value: ordered.negated !== negated } : keyed(`${ordered.lo}<${ordered.hi}`, ordered.negated !== negated);
  if (!pure(e, text, isPure)) return undefined;
  if (e.type === 'binary_expression' && (operator(e) === '==' || operator(e) === '!=')) {
    const l = field(e, 'left');
    const r = field(e, 'right');
    if (!l || !r) return undefined;
    const [a, b] = [render(l, text, resolve), render(r, text, resolve)].sort();
    const eq = operator(e) === '==';
    if (a === b) return { kind: 'constant', value: eq !== negated };
    // Two named constants (`mode == M_PARTIAL` where the path set `mode = M_FREE`): their values answer.
    const [va, vb] = [constants?.get(a), constants?.get(b)];
    if (va !== undefined && vb !== undefined) return { kind: 'constant', value: (va === vb ? eq : !eq) !== negated };
    const key = `${a}==${b}`;
    // Two variables compared: on the path where they are equal, they name one object.
    const [ul, ur] = [unparen(l), unparen(r)];
    const sides = ul.type === 'identifier' && ur.type === 'identifier' ? { sides: [text.slice(ul.start, ul.end), text.slice(ur.start, ur.end)] as [string, string] } : {};
    return { kind: 'key', key, deps: keyVariables(key), negated: negated !== !eq, ...sides, operands: [a, b] };
  }
  const key = render(e, text, resolve);
  const bits = bitTest(e, text, resolve);
  return { kind: 'key', key, deps: keyVariables(key), negated, ...(bits ? { bits } : {}) };
}

const keyed = (key: string, negated: boolean): ConditionValue => ({ kind: 'key', key, deps: keyVariables(key), negated });

/** Each order test as `lo < hi`, or its negation: `a >= b` is `!(a < b)`, `a > b` is `b < a`. */
const ORDERS: Readonly<Record<string, { swap: boolean; negated: boolean }>> = {
  '<': { swap: false, negated: false },
  '>=': { swap: false, negated: true },
  '>': { swap: true, negated: false },
  '<=': { swap: true, negated: true },
};

/**
 * An order test of two values as one key whichever way it is written, so that a loop's
 * `++cnt < max_retries` that failed answers the `cnt >= max_retries` after the loop.
 * `stepsDone`: the walk has already stepped an operand written `++x` or `--x` (the value
 * compared is the variable's new one), as a branch does before it reads its test.
 * A test against 0 is a sign test (splitCondition(), keyed by signTest()), not one of these.
 */
function orderedComparison(e: SNode, text: string, isPure: (callee: string) => boolean, resolve: (name: string) => string | undefined, stepsDone: boolean): { lo: string; hi: string; negated: boolean } | undefined {
  const o = orderedOperands(e, text, stepsDone);
  if (!o || !pure(o.lo, text, isPure) || !pure(o.hi, text, isPure)) return undefined;
  return { lo: render(o.lo, text, resolve), hi: render(o.hi, text, resolve), negated: o.negated };
}

/** An order test's operands as `lo < hi` (negated or not); undefined for a sign test or any other expression. */
export function orderedOperands(e: SNode, text: string, stepsDone: boolean): { lo: SNode; hi: SNode; negated: boolean } | undefined {
  const order = e.type === 'binary_expression' ? ORDERS[operator(e) ?? ''] : undefined;
  const [l, r] = [field(e, 'left'), field(e, 'right')].map((x) => x && (stepsDone ? (steppedVariable(unparen(x)) ?? unparen(x)) : unparen(x)));
  if (!order || !l || !r || [l, r].some((x) => text.slice(x.start, x.end) === '0')) return undefined;
  const [lo, hi] = order.swap ? [r, l] : [l, r];
  return { lo, hi, negated: order.negated };
}

/** `++x` or `--x` of a variable: the variable, whose new value is tested (undefined for anything else, `x--` included). */
export function steppedVariable(n: SNode): SNode | undefined {
  const arg = n.type === 'update_expression' && n.children[0]?.type === operator(n) ? field(n, 'argument') : undefined;
  return arg && unparen(arg).type === 'identifier' ? unparen(arg) : undefined;
}

/**
 * The keys a `switch` decides, one per case label: `switch (mode)` entering `case A:`
 * is the test `mode == A` true (and, the labels being distinct values, every other
 * label's test false). Undefined when the switched expression is not pure.
 */
export function caseKeys(subject: SNode, labels: readonly string[], text: string, isPure: (callee: string) => boolean, resolve: (name: string) => string | undefined): Map<string, { key: string; deps: string[] }> | undefined {
  const e = unparen(subject);
  if (!pure(e, text, isPure)) return undefined;
  const a = render(e, text, resolve);
  const out = new Map<string, { key: string; deps: string[] }>();
  for (const label of labels) {
    const key = [a, canon(label)].sort().join('==');
    out.set(label, { key, deps: keyVariables(key) });
  }
  return out;
}

/** `flags & (A | B)` (either side): the word tested and the names of the bits. */
function bitTest(e: SNode, text: string, resolve: (name: string) => string | undefined): BitTest | undefined {
  if (e.type !== 'binary_expression' || operator(e) !== '&') return undefined;
  const l = field(e, 'left');
  const r = field(e, 'right');
  if (!l || !r) return undefined;
  for (const [word, mask] of [[l, r], [r, l]]) {
    const names = maskNames(mask, text);
    if (names && !maskNames(word, text)) return { base: render(word, text, resolve), mask: [...new Set(names)].sort() };
  }
  return undefined;
}

/** The constants a mask ORs together: upper-case names or numbers (`A | (B | 4)`). */
function maskNames(n: SNode, text: string): string[] | undefined {
  const names = joinedBy(n, '|').map((u) => ((u.type === 'identifier' && CONSTANT_NAME.test(text.slice(u.start, u.end))) || u.type === 'number_literal' ? text.slice(u.start, u.end) : undefined));
  return names.every((t): t is string => t !== undefined) ? names : undefined;
}

/** No assignment, no increment, and only pure calls. */
function pure(n: SNode, text: string, isPure: (callee: string) => boolean): boolean {
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'assignment_expression' || x.type === 'update_expression' || x.type === 'comma_expression') return false;
    if (x.type === 'call_expression') {
      const fn = field(x, 'function');
      if (!fn || fn.type !== 'identifier' || !isPure(text.slice(fn.start, fn.end))) return false;
    }
    for (const c of x.children) stack.push(c);
  }
  return true;
}

/** Canonical text with aliased locals replaced by what they name. */
function render(n: SNode, text: string, resolve: (name: string) => string | undefined): string {
  return renderText(text.slice(n.start, n.end), resolve);
}

/** Rounds of resolution: a copy of a member of a local that is itself a copy (`buf = of->buf` with `of = to_of(file)`). */
const MAX_RESOLVE_ROUNDS = 3;

function renderText(source: string, resolve: (name: string) => string | undefined): string {
  let out = canon(source);
  for (let k = 0; k < MAX_RESOLVE_ROUNDS; k++) {
    const next = out.replace(IDENT, (id) => resolve(id) ?? id);
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * The key of `left == right` for two expressions given as source text, as conditionValue()
 * makes it for that test written in the code: a fact the walk knows without a test to read.
 */
export function equalityKey(left: string, right: string, resolve: (name: string) => string | undefined): { key: string; deps: string[] } {
  const key = [renderText(left, resolve), renderText(right, resolve)].sort().join('==');
  return { key, deps: keyVariables(key) };
}

/** The variables a key depends on. */
export function keyVariables(key: string): string[] {
  return [...new Set(key.match(IDENT) ?? [])];
}

/** A key with each variable `rename` names written as that (member names and callees stay). */
export function renameKeyVariables(key: string, rename: (name: string) => string | undefined): string {
  return key.replace(IDENT, (v) => rename(v) ?? v);
}
