/**
 * What a function's opening asserts is held: `lockdep_assert_held*()` on every
 * path before anything is decided. That is among the body's first statements,
 * before any loop, jump, label or branch that does more than assert. A branch
 * whose arms only assert (`if (shared) lockdep_assert_held_read(l); else
 * lockdep_assert_held_write(l);`) asserts what both arms assert; one inside
 * `if (replace_ongoing)` alone holds on that branch alone. A call to a function
 * of the same file whose own opening asserts a lock of a parameter asserts it
 * in the caller's terms (`kvm_lockdep_assert_mmu_lock_held(kvm, shared)`).
 */
import type { LineMap } from './lines';
import { field, named, walk, type SNode } from './node';
import type { Annotation, FunctionInfo } from './model';

const ASSERTION = /^lockdep_assert_held(?:_once|_read|_write)?$/;
/** Helpers followed through helpers: deeper chains are left unread. */
const MAX_HELPER_DEPTH = 4;

/** Each function's opening assertions, added to its annotations. */
export function addLeadingAssertions(functions: FunctionInfo[], text: string, lines: LineMap): void {
  const byName = new Map(functions.map((fn) => [fn.name, fn]));
  const done = new Map<FunctionInfo, Annotation[]>();
  const src = (n: SNode) => text.slice(n.start, n.end);

  const assertionsOf = (fn: FunctionInfo, depth: number): Annotation[] => {
    const known = done.get(fn);
    if (known) return known;
    done.set(fn, []); // a recursion asserts nothing more
    const found: Annotation[] = [];
    // A helper asserts the caller's entry only while nothing before it could have taken the lock.
    let untouched = true;
    for (const stmt of named(fn.body)) {
      if (stmt.type === 'if_statement') {
        const arms = armsOf(stmt);
        if (!arms) break;
        const [first, ...rest] = arms.map((arm) => statementAssertions(arm, depth, untouched));
        if (first === undefined || rest.some((r) => r === undefined)) break;
        // (A call in the test may have taken a lock: helpers after it assert nothing of the entry.)
        if (callsIn(field(stmt, 'condition')).length) untouched = false;
        // Without an else, the path past the `if` asserts nothing: on to the next statement.
        if (!field(stmt, 'alternative')) continue;
        found.push(...first.filter((a) => rest.every((r) => r!.some((b) => b.args[0] === a.args[0]))));
        continue;
      }
      if (/^(?:for|while|do|switch|return|goto|labeled|case|compound)_statement$|^preproc_/.test(stmt.type)) break;
      // In the order the calls run: one that asserts nothing may take the lock a later helper asserts
      // (`wait_event(wq, ({ spin_lock(l); found = find_locked(); spin_unlock(l); found; }))`).
      for (const call of callsInOrderRun(stmt)) {
        const asserted = callAssertions(call, depth, untouched);
        found.push(...asserted);
        if (!asserted.length) untouched = false;
      }
    }
    done.set(fn, found);
    return found;
  };

  /** What one call asserts: an assertion's lock, or a helper's opening assertions in the caller's terms. */
  const callAssertions = (call: SNode, depth: number, throughHelpers: boolean): Annotation[] => {
    const callee = field(call, 'function');
    if (!callee || callee.type !== 'identifier') return [];
    const args = named(field(call, 'arguments') ?? call).filter((c) => c !== callee && c.type !== 'comment');
    const line = lines.line(call.start);
    if (ASSERTION.test(src(callee))) return args[0] ? [{ kind: 'lockdep_assert_held', args: [src(args[0])], line }] : [];
    const helper = byName.get(src(callee));
    if (!helper || !throughHelpers || depth >= MAX_HELPER_DEPTH) return [];
    return assertionsOf(helper, depth + 1).flatMap((a) => {
      const lock = inCallersTerms(a.args[0], helper, args, src);
      return lock ? [{ kind: 'lockdep_assert_held' as const, args: [lock], line }] : [];
    });
  };

  /** The assertions of a statement made of assertions only; undefined when it does anything else. */
  const statementAssertions = (stmt: SNode, depth: number, throughHelpers: boolean): Annotation[] | undefined => {
    const parts = (stmt.type === 'compound_statement' ? named(stmt) : [stmt]).filter((s) => s.type !== 'comment');
    const out: Annotation[] = [];
    for (const s of parts) {
      const call = s.type === 'expression_statement' ? named(s)[0] : undefined;
      if (!call || call.type !== 'call_expression') return undefined;
      const asserted = callAssertions(call, depth, throughHelpers);
      if (!asserted.length) return undefined;
      out.push(...asserted);
    }
    return out;
  };

  for (const fn of functions) for (const a of assertionsOf(fn, 0)) if (!fn.annotations.some((b) => b.kind === a.kind && b.args[0] === a.args[0])) fn.annotations.push(a);
}

/** The calls of a statement, each after the calls in its arguments (the order they run). */
function callsInOrderRun(stmt: SNode): SNode[] {
  const calls: SNode[] = [];
  // Without recursion: a deep expression must not exhaust the stack.
  const stack: Array<[SNode, boolean]> = [[stmt, false]];
  while (stack.length) {
    const [n, childrenDone] = stack.pop()!;
    if (childrenDone) {
      if (n.type === 'call_expression') calls.push(n);
      continue;
    }
    stack.push([n, true]);
    for (let k = n.children.length - 1; k >= 0; k--) stack.push([n.children[k], false]);
  }
  return calls;
}

function callsIn(n: SNode | undefined): SNode[] {
  const calls: SNode[] = [];
  if (n)
    walk(n, (x) => {
      if (x.type === 'call_expression') calls.push(x);
      return true;
    });
  return calls;
}

/** The arms of an `if` (its consequence and, when there is one, the else's statement). */
function armsOf(stmt: SNode): SNode[] | undefined {
  const then = field(stmt, 'consequence');
  if (!then) return undefined;
  const alt = field(stmt, 'alternative');
  if (!alt) return [then];
  const other = alt.type === 'else_clause' ? named(alt)[0] : alt;
  return other ? [then, other] : undefined;
}

/** A helper's asserted lock named from its parameter, in the call's arguments (`&tbl->lock` of `tbl` called with `kvm`). */
function inCallersTerms(lock: string | undefined, helper: FunctionInfo, args: SNode[], src: (n: SNode) => string): string | undefined {
  if (!lock) return undefined;
  const m = /^(\s*&?\s*)([A-Za-z_]\w*)\b/.exec(lock);
  const k = m ? helper.params.findIndex((p) => p.name === m[2]) : -1;
  if (!m || k < 0) return lock; // a lock not reached from a parameter: the same one whoever asserts it
  const arg = args[k];
  // Only a plain name or member chain stands in for the parameter as it is.
  if (!arg || !['identifier', 'field_expression'].includes(arg.type)) return undefined;
  return m[1] + src(arg) + lock.slice(m[0].length);
}
