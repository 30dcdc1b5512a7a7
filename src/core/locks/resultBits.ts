/**
 * Effects a function's result bits tell apart: the kernel's bitmask results (`vm_fault_t`), where a
 * helper returns with the page locked unless its result carries a failure bit (`if (ret &
 * (VM_FAULT_ERROR | VM_FAULT_RETRY)) return ret;`, `return VM_FAULT_OOM;`), and its caller asks those
 * bits before it goes on with the lock.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import type { BitTest } from './state';
import { field, operator, walk, type SNode } from '../syntax';
import { CONSTANT_NAME } from '../syntax/constants';
import { joinedBy } from './expr';

/** The bits an effect is done unless the result carries (sorted), and whether a zero result lacks it too. */
export interface BitsApart {
  bits: string[];
  notOnZero: boolean;
}

/**
 * The bits an effect is done unless the result carries, when the returns without it are exactly
 * told apart so: each returns a variable found to carry some bits (`ret & (A | B)` tested set on
 * every way there), a code written out, a variable only ever set to codes, or zero (then every
 * return with it returns nonzero); and each return with it returns a variable whose every such
 * test was found clear there, or one carrying a lock-keeping code (knowledge lockKeepingCodes).
 */
export function bitsApart(a: FunctionAnalysis, ends: readonly PathEnd[], has: (e: PathEnd) => boolean): BitsApart | undefined {
  const yes = ends.filter(has);
  const no = ends.filter((e) => !has(e));
  if (!yes.length || !no.length) return undefined;
  const tests: BitTest[] = [];
  const codes = new Set<string>();
  let notOnZero = false;
  for (const e of no) {
    const v = e.returnValue;
    if (e.retClass === 'zero') {
      notOnZero = true;
      continue;
    }
    if (!v || !/^[A-Za-z_]\w*$/.test(v)) return undefined;
    if (CONSTANT_NAME.test(v)) {
      codes.add(v);
      continue;
    }
    const set = bitsFoundSet(e, v);
    if (set) {
      tests.push(set);
      continue;
    }
    const only = assignedCodes(a, v);
    if (!only) return undefined;
    for (const c of only) codes.add(c);
  }
  if (!tests.length) return undefined;
  for (const e of yes) {
    const v = e.returnValue;
    // (A result carrying a lock-keeping code, `VM_FAULT_LOCKED` added after the test, says so itself.)
    if (!v || codes.has(v) || (!e.keepingCodes?.length && tests.some((t) => t.base !== v || e.facts.bits(t) !== false))) return undefined;
    // A zero result lacks it: one with it is known nonzero (a code it carries, or a bit found set).
    if (notOnZero && e.retClass !== 'nonzero' && !e.keepingCodes?.length && !bitsFoundSet(e, v)) return undefined;
  }
  return { bits: [...new Set([...tests.flatMap((t) => t.mask), ...codes])].sort(), notOnZero };
}

/** A test of the returned variable's bits every way to this end found set. */
function bitsFoundSet(e: PathEnd, v: string): BitTest | undefined {
  for (const f of e.facts.alternatives()[0].values()) if (f.value && f.bits?.base === v && e.facts.bits(f.bits) === true) return f.bits;
  return undefined;
}

/** The codes a local is ever set to (`poisonret = VM_FAULT_HWPOISON`, `|=` of codes), or undefined when it is set to anything else. */
function assignedCodes(a: FunctionAnalysis, v: string): string[] | undefined {
  const text = a.file.text;
  const src = (n: SNode) => text.slice(n.start, n.end);
  const out: string[] = [];
  let other = false;
  walk(a.fn.body, (n) => {
    if (other) return false;
    const init = n.type === 'init_declarator';
    const target = init ? field(n, 'declarator') : n.type === 'assignment_expression' ? field(n, 'left') : n.type === 'update_expression' ? field(n, 'argument') : undefined;
    if (!target || src(target) !== v) return true;
    const value = init ? field(n, 'value') : n.type === 'assignment_expression' && (operator(n) === '=' || operator(n) === '|=') ? field(n, 'right') : undefined;
    const names = value ? joinedBy(value, '|').map(src) : [];
    if (!names.length || !names.every((c) => CONSTANT_NAME.test(c))) other = true;
    else out.push(...names);
    return true;
  });
  return other || !out.length ? undefined : out;
}

/**
 * What an edge of a bit test of a call's stored result (`ret & (A | B)`) decides of an effect done
 * unless the result carries some bits: `drop` where bits all among those are set (not done), `asked`
 * where some of them are clear (the caller asked for the failures: taken as done once the result or
 * the lock is used), `done` where all of them are clear; undefined when the test says nothing of it.
 */
export function bitsEdge(unlessBits: readonly string[], t: BitTest, set: boolean): 'drop' | 'asked' | 'done' | undefined {
  if (set) return t.mask.every((m) => unlessBits.includes(m)) ? 'drop' : undefined;
  if (unlessBits.every((m) => t.mask.includes(m))) return 'done';
  return t.mask.some((m) => unlessBits.includes(m)) ? 'asked' : undefined;
}
