/**
 * lock/helper-releases-caller-lock: a function releases a lock it did not
 * take, which its caller holds when calling it (the seed's first remark).
 */
import { callerHolding } from '../../locks/callers';
import { isLockWrapper } from '../../locks/facts';
import { declaresRelease } from '../../locks/stablePaths';
import { exchangedForReturned, exchangedInCallee } from '../../locks/exchange';
import type { FunctionAnalysis, Incident } from '../../locks/explore';
import type { FunctionSummary, SummaryCase } from '../../locks/summaryTypes';
import { finding, linesPhrase, toTrace, type ReviewContext, type Rule } from '../context';
import type { Finding } from '../types';

/** The caller holding `inst` when it calls `a`'s function, if any. */
export function holderOf(ctx: ReviewContext, a: FunctionAnalysis, inst: string) {
  return callerHolding(ctx.analyses, ctx.engine.summaries, a, inst, ctx.engine.knowledge);
}

/** Caller-lock releases of a function, one per lock, with all the lines it releases it on. */
export function releasesByLock(a: FunctionAnalysis): Map<string, Incident[]> {
  const m = new Map<string, Incident[]>();
  for (const inc of a.callerReleases) m.set(inc.lock, [...(m.get(inc.lock) ?? []), inc]);
  return m;
}

/** Whether some return leaves the lock released: not only dropped for a while and taken back. */
export function handedBack(a: FunctionAnalysis, inst: string): boolean {
  return a.ends.some((e) => e.releasedCaller.has(inst));
}

const recursive = new WeakMap<ReviewContext, Set<string>>();

/** The classes of locks some function in view takes as recursive for their owner (ownerRecords.ts). */
function recursiveClasses(ctx: ReviewContext): Set<string> {
  let out = recursive.get(ctx);
  if (!out) {
    out = new Set([...ctx.engine.summaries.values()].flatMap((s) => s.effects.filter((e) => e.op === 'acquire' && e.meta.reentrant).map((e) => e.ref.cls)));
    recursive.set(ctx, out);
  }
  return out;
}

/**
 * Its summary's ways, told apart by tests of its arguments, say when it gives back the lock's
 * class, and a lock helper in view takes that class on ways told apart by the same tests: the
 * twin a caller calls first has already answered them (`grp_lock_live(kn)` then `grp_unlock(kn)`).
 */
function releasedByWays(ctx: ReviewContext, a: FunctionAnalysis, inst: string): boolean {
  const cls = a.classes.get(inst) ?? inst;
  const does = (s: FunctionSummary, op: 'acquire' | 'release') => (s.cases ?? []).filter((c) => c.effects.some((e) => e.op === op && e.ref.cls === cls));
  const mine = ctx.engine.summaries.get(a.fn.name);
  if (!mine?.cases || !does(mine, 'release').length) return false;
  // The tests every way answers: those that choose it (a test only some ways reach came after).
  const [first, ...rest] = mine.cases.map((c) => new Set(c.facts.map((f) => f.key)));
  const tests = [...first].filter((k) => rest.every((t) => t.has(k)));
  if (!tests.length) return false;
  for (const other of ctx.engine.summaries.values()) {
    if (other === mine) continue;
    const asked = new Set(does(other, 'acquire').flatMap((c) => c.facts.map((f) => f.key)));
    if (tests.every((k) => asked.has(k))) return true;
  }
  return false;
}

/**
 * It drops the lock to wait and takes it back, and its summary gives the lock back only where the retake
 * failed, as it tells its caller: by one error code (`return -EINTR;` of `mutex_lock_interruptible()`),
 * or by a flag it sets through a pointer (`*_dropped_lock = true;`, cleared once taken back). The drop is
 * helper-drops-caller-lock's remark, and every caller's walk tests what it was told.
 */
function toldToCaller(ctx: ReviewContext, a: FunctionAnalysis, inst: string): boolean {
  const cls = a.classes.get(inst) ?? inst;
  const releases = ctx.engine.summaries.get(a.fn.name)?.effects.filter((e) => e.op === 'release' && e.ref.cls === cls) ?? [];
  return releases.length > 0 && releases.every((e) => !!e.onlyOn || e.toldThrough !== undefined) && a.takes.some((t) => t.ref.path === inst && t.restores);
}

/** A case's test that parameter k is negative (`$1<0`), as the walk keys a sign test. */
const SIGN_TEST = /^\$(\d+)<0$/;

/**
 * Its summary gives the lock back on exactly the ways one parameter is zero or more (`if (page_save >= 0)`),
 * and a helper in view takes that class unless its result is negative (`page_save = snd_ac97_page_save(...)`):
 * a save/restore pair whose caller hands the one's result to the other, its sign saying whether the lock is held.
 */
function releasedBySignOfResult(ctx: ReviewContext, a: FunctionAnalysis, inst: string): boolean {
  const cls = a.classes.get(inst) ?? inst;
  const mine = ctx.engine.summaries.get(a.fn.name);
  const param = (c: { facts: ReadonlyArray<{ key: string; value: boolean }> }, negative: boolean) => c.facts.find((f) => SIGN_TEST.test(f.key) && f.value === negative)?.key;
  const gives = (c: SummaryCase) => c.effects.some((e) => e.op === 'release' && e.ref.cls === cls);
  const [first, ...rest] = (mine?.cases ?? []).filter(gives);
  const key = first && param(first, false);
  if (!key || !rest.every((c) => param(c, false) === key) || !mine!.cases!.every((c) => gives(c) || param(c, true) === key)) return false;
  return [...ctx.engine.summaries.values()].some((s) => s !== mine && s.effects.some((e) => e.op === 'acquire' && e.ref.cls === cls && e.unlessNegative));
}

/**
 * Its summary gives the lock back only when an argument asks for it (`if (unlock) up_read(...)`),
 * and, if on some of those calls only, tells which by its result (`return false;` once dropped):
 * the caller chose it, each caller's walk knows whether it still holds the lock, and is told if it
 * gets that wrong. (A release the caller did not ask for, told by an error result alone, stays a warning.)
 */
function releaseAskedByCaller(ctx: ReviewContext, a: FunctionAnalysis, inst: string): boolean {
  const cls = a.classes.get(inst) ?? inst;
  return !!ctx.engine.summaries.get(a.fn.name)?.effects.some((e) => e.op === 'release' && e.ref.cls === cls && !e.ifHeld && (!!e.ifArg || !!e.ifFlag));
}

/** Its summary gives the lock's class back on the returns its result tells (`when` it returns nonzero, unless an error code). */
function toldByResult(ctx: ReviewContext, fn: string, cls: string): boolean {
  const effects = ctx.engine.summaries.get(fn)?.effects.filter((e) => e.op === 'release' && e.ref.cls === cls) ?? [];
  return effects.length > 0 && effects.every((e) => e.when !== 'always' || !!e.unless || !!e.unlessNegative || !!e.unlessBits);
}

/** Given back only in exchange for another lock of its kind that the caller is handed (exchange.ts). */
function exchanged(a: FunctionAnalysis, inst: string): boolean {
  return !!exchangedForReturned(a, inst) || exchangedInCallee(a, inst);
}

export const helperReleasesCallerLock: Rule = {
  id: 'lock/helper-releases-caller-lock',
  title: "A function releases a lock that its caller took",
  severity: 'warning',
  // One finding per helper, lock and caller: another unlock added to the helper is the same finding.
  identity: 'subject',
  check(ctx) {
    const out: Array<{ finding: Finding; cls: string; through: string[] }> = [];
    for (const a of ctx.analyses) {
      // An unlock wrapper is a primitive of its own: releasing its caller's lock is what it is for.
      if (isLockWrapper(a.fn, a.file, ctx.engine.knowledge, ctx.engine.summaries)) continue;
      for (const [inst, incidents] of releasesByLock(a)) {
        // Contexts (irqs, RCU) are entered in one function and left in another by design.
        if (!handedBack(a, inst) || declaresRelease(a, inst) || ctx.engine.knowledge.contextLocks.has(inst)) continue;
        const holder = holderOf(ctx, a, inst);
        if (!holder) continue;
        const lines = incidents.map((i) => i.line);
        const caller = holder.chain[0];
        const via = holder.chain.length > 2 ? ` (through ${holder.chain.slice(1, -1).map((c) => `${c}()`).join(' -> ')})` : '';
        const cls = a.classes.get(inst) ?? inst;
        out.push({
          cls,
          // Given back only inside callees whose result says so, and saying so by its own result in turn
          // (`return wait_task_zombie(wo, p);`): the callees it passes the release on from.
          through: incidents.every((i) => i.chain?.length && toldByResult(ctx, i.chain[0], cls)) && toldByResult(ctx, a.fn.name, cls) ? incidents.map((i) => i.chain![0]) : [],
          finding: finding({
            rule: 'lock/helper-releases-caller-lock',
            subject: { lock: inst, callee: holder.chain[0] },
            // Given back on every return it is a hand-off the caller can rely on (a design remark);
            // on some returns only, the caller cannot know whether it still holds the lock, unless
            // the lock is recursive for its owner: given back at the outermost level, as counted.
            // So is one given back on the ways its tests of its arguments choose (summary cases): the caller's
            // calls ask the same (`grp_lock_live(kn)` then `grp_unlock(kn)`).
            // So is one exchanged for the lock of the object it returns, or handed on as a callee exchanged it:
            // the caller holds a lock of its kind on every return (exchange.ts). So is one given back
            // only when an argument asks for it, or by the sign of what its twin returned, or only where
            // its interruptible retake failed, as its error code tells, or as a flag it sets for the caller tells.
            severity: a.ends.every((e) => e.releasedCaller.has(inst)) || recursiveClasses(ctx).has(a.classes.get(inst) ?? inst) || releasedByWays(ctx, a, inst) || exchanged(a, inst) || releaseAskedByCaller(ctx, a, inst) || releasedBySignOfResult(ctx, a, inst) || toldToCaller(ctx, a, inst) ? 'info' : 'warning',
            file: a.file.path,
            line: lines[0],
            function: a.fn.name,
            message: `${a.fn.name}() releases ${inst} (${linesPhrase(lines)}), but it did not take it: its caller ${caller}()${via} took it at line ${holder.takenLine} and still holds it when calling at line ${holder.callLine}. Unlocking inside a helper hides the lock's scope from the caller.`,
            related: [
              { file: holder.callFile, line: holder.takenLine, message: `${caller}() takes ${inst}` },
              { file: holder.callFile, line: holder.callLine, message: `${caller}() calls ${a.fn.name}() with ${inst} held` },
              ...lines.slice(1).map((l) => ({ file: a.file.path, line: l, message: `${a.fn.name}() also releases ${inst} here` })),
            ],
            trace: [...toTrace(holder.callerEvents, holder.callFile), ...toTrace(incidents[0].events, a.file.path)],
            suggestion: `Let ${a.fn.name}() run with ${inst} held and leave the unlock to ${caller}(): state the contract with lockdep_assert_held(&${inst}) (or __must_hold(&${inst})) at the top of ${a.fn.name}(), drop its release of it, and release it in ${caller}() after the call returns.`,
          }),
        });
      }
    }
    // A function that gives the lock back only by calling helpers told here is told through them: one
    // finding per hand-off, at the helper that unlocks, not one more per function passing its result on.
    const told = new Set(out.map((x) => `${x.finding.function}|${x.cls}`));
    return out.filter((x) => !x.through.length || !x.through.every((f) => told.has(`${f}|${x.cls}`))).map((x) => x.finding);
  },
};
