/**
 * A lock one function of a pair keeps and its partner gives back, both asking the same question of
 * what they are handed. The kernel runs the partner after the first with the same arguments (a
 * generic netlink family's ->pre_doit then ->post_doit with the same ops, a USB driver's
 * ->pre_reset then ->post_reset with the same interface), so a test of those arguments
 * (`ops->internal_flags & NEED_RTNL`, the interface's number) answers alike in both. Kept on exactly
 * the ways one answer leads to, and given back by the partner on exactly the ways the same answer
 * leads to, the lock is handed over, not forgotten. A failed (negative) return is not followed by
 * the partner, so it has nothing to agree on.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import { keyVariables, renameKeyVariables } from './conditions';
import { ENTRY_TAG, EXIT_TAG } from './factSet';
import { writtenParams } from './stablePaths';
import { isGlobalName, type Knowledge } from '../knowledge';
import { CONSTANT_NAME } from '../syntax';

/** Whether a partner in view gives back `cls` exactly where this function's `held` ends keep it and its other successful ends do not. */
export function keptForPartner(a: FunctionAnalysis, held: readonly PathEnd[], free: readonly PathEnd[], partners: Iterable<FunctionAnalysis>, cls: string, knowledge: Knowledge): boolean {
  const followed = free.filter((e) => e.retSign !== 'negative');
  const mine = modeAnswers(a, held, followed, knowledge);
  if (!mine.size) return false;
  for (const o of partners) {
    if (o === a) continue;
    const gives = o.ends.filter((e) => [...e.releasedCaller].some(([inst, r]) => !r.quiet && (o.classes.get(inst) ?? inst) === cls));
    const theirs = modeAnswers(o, gives, o.ends.filter((e) => !gives.includes(e)), knowledge);
    if ([...mine].some(([key, value]) => theirs.get(key) === value)) return true;
  }
  return false;
}

/**
 * The tests of the arguments' values every way to a `yes` end answers one way and every way to a
 * `no` end the other, keyed with the parameters by position (`$0->cur_altsetting->desc.bInterfaceNumber`),
 * with the answer `yes` has.
 */
function modeAnswers(a: FunctionAnalysis, yes: readonly PathEnd[], no: readonly PathEnd[], knowledge: Knowledge): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const first = yes[0]?.facts.alternatives()[0];
  if (!first) return out;
  const written = writtenParams(a.file, a.fn);
  const position = new Map(a.fn.params.map((p, i) => [p.name, i]));
  const answers = (ends: readonly PathEnd[], key: string, value: boolean) => ends.every((e) => e.facts.alternatives().every((w) => w.get(key)?.value === value));
  for (const [key, f] of first) {
    // What the walk found before or after a write is state, not a question of the arguments; so is a call's answer.
    if (key.startsWith(ENTRY_TAG) || key.startsWith(EXIT_TAG) || key.includes('(')) continue;
    const vars = keyVariables(key).filter((v) => !CONSTANT_NAME.test(v));
    const ofArguments = vars.some((v) => position.has(v)) && vars.every((v) => (position.has(v) && !written.has(v)) || isGlobalName(knowledge, a.file.globals, v));
    if (!ofArguments || !answers(yes, key, f.value) || !answers(no, key, !f.value)) continue;
    out.set(renameKeyVariables(key, (v) => (position.has(v) ? `$${position.get(v)}` : undefined)), f.value);
  }
  return out;
}
