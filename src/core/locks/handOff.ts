/**
 * Locks a function leaves held after handing their object to code not in view:
 * that code may have released them. The function's own finding says so at info
 * level, and its summary passes the doubt on to its callers.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import type { Held } from './state';
import { annotatedLock } from './stablePaths';
import type { SummaryEffect } from './summaryTypes';
import { walk } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import { identifiersIn } from './expr';
import { instVars, isMemberPath } from './identity';
import { onlyANumber } from './numberArgs';
import type { TypeEnv } from './typeEnv';

/** A hold this function took itself (not the callers', not a reported double take). */
export function isOwnHold(h: Held): boolean {
  return h.origin === 'acquired' && !h.doubled;
}

/** The own hold of `inst` still there at path end `e`. */
export function acquiredAt(e: PathEnd, inst: string): Held | undefined {
  return e.held.find((h) => h.inst === inst && isOwnHold(h));
}

/**
 * The key of `keptThrough`: a path kept the lock named `inst` through `to` and released it after.
 * By name, not class: another lock of the class (a child dentry's, beside its parent's) kept
 * through the same call says nothing of this one.
 */
export function keptKey(inst: string, to: string): string {
  return `${inst}|${to}`;
}

/** Whether `to`, not in view, may have released the lock named `inst` it was handed. */
export function mayHaveReleased(keptThrough: ReadonlySet<string>, inst: string, to: string | undefined): to is string {
  return !!to && !keptThrough.has(keptKey(inst, to));
}

/**
 * The function not in view that was handed `inst`'s object on every path that
 * ends holding it, unless a path of `a` went through that code and released the
 * lock itself afterwards (the usual early return that forgets the unlock).
 */
export function handedOffTo(a: FunctionAnalysis, holding: PathEnd[], inst: string): string | undefined {
  const holds = holding.map((e) => acquiredAt(e, inst));
  const to = holds[0]?.handedTo;
  if (!holds.every((h) => h?.handedTo)) return undefined;
  return mayHaveReleased(a.keptThrough, inst, to) ? to : undefined;
}

/** For a call's effect: the doubt an acquire of the callee carries, named by the callee. */
export function handOffOf(e: SummaryEffect, callee: string): { handOff?: { to: string; in: string } } {
  return e.op === 'acquire' && e.handedTo ? { handOff: { to: e.handedTo, in: callee } } : {};
}

/** `__acquires(inst)` or `__cond_acquires(inst)`: the function says it returns with the lock held. */
export function declaresAcquire(a: FunctionAnalysis, inst: string): boolean {
  return a.fn.annotations.some((x) => (x.kind === '__acquires' || x.kind === '__cond_acquires') && !!x.args[0] && annotatedLock(a, x) === inst);
}

/** Whether a function in view other than `a` returns holding a lock of class `cls` it took: the half of a pair that takes it. */
export function keptByAnother(analyses: readonly FunctionAnalysis[], a: FunctionAnalysis, cls: string): boolean {
  return analyses.some((o) => o !== a && o.ends.some((e) => e.held.some((h) => isOwnHold(h) && h.cls === cls)));
}

/**
 * The first call `counts` (from line `fromLine` on) that is handed the lock's object (or the lock), by its own name or by a local that
 * stands for it (`ffs_mutex_lock(&ffs->mutex, ...)` of `file->private_data->mutex`). A number read from the
 * object (`data->pwm1[nr]`) hands it nothing (numberArgs.ts).
 */
export function handedToACall(a: FunctionAnalysis, inst: string, counts: (callee: string) => boolean, env?: TypeEnv, fromLine = 0): string | undefined {
  const names = new Set(instVars(inst));
  for (const [local, path] of a.locals) if (instVars(path).some((v) => names.has(v)) || inst === path || isMemberPath(inst, path)) names.add(local);
  let handed: string | undefined;
  walk(a.fn.body, (n) => {
    if (handed) return false;
    if (n.type !== 'call_expression' || a.file.lines.line(n.start) < fromLine) return true;
    const callee = calleeName(a.file, n);
    if (!callee || !counts(callee)) return true;
    if (callArgs(n).some((arg) => !onlyANumber(arg, a.file, env) && identifiersIn(arg, a.file.text).some((v) => names.has(v)))) handed = callee;
    return !handed;
  });
  return handed;
}
