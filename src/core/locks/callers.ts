/** Which caller holds a lock that a function releases without taking it (following callers that pass it on). */
import type { Knowledge } from '../knowledge';
import type { LockEvent } from './api';
import type { FunctionAnalysis } from './explore';
import { assignedTo, writtenValue } from './expr';
import { fromRef, instVars, isMemberPath, refKey, type LockRef } from './identity';
import { callArgs } from '../syntax/kernelIdioms';
import { casesInCaller } from './summaryCases';
import { heldRecord } from './ownerRecords';
import { heldThroughOwner, rootOf, sameObjectHeld } from './sameObject';
import { eventsOf, type Held } from './state';
import type { FunctionSummary, SummaryEffect } from './summaryTypes';

export interface CallerHolding {
  /** Outermost caller first, ending with the function itself. */
  chain: string[];
  callLine: number;
  callFile: string;
  takenLine: number;
  /** The holding caller's path up to the call. */
  callerEvents: LockEvent[];
  /** The lock as the holding caller holds it. */
  held: Held;
}

const MAX_DEPTH = 6;

export function callerHolding(
  analyses: Iterable<FunctionAnalysis>,
  summaries: Map<string, FunctionSummary>,
  a: FunctionAnalysis,
  inst: string,
  knowledge: Knowledge,
  depth = 0,
): CallerHolding | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const { caller, site, there, ref } of callsNaming(analyses, summaries, a, inst)) {
    // Passed NULL for the object the lock belongs to: this call reaches no lock through it.
    if (ref.param !== null && site.nullArgs?.includes(ref.param)) continue;
    const others = otherRequires(summaries, a, site.args, there);
    const h =
      site.held.find((x) => x.inst === there) ??
      underOtherName(caller, site.held, there, ref.cls, others, knowledge) ??
      site.mayHold.find((x) => x.inst === there) ??
      underOtherName(caller, site.mayHold, there, ref.cls, others, knowledge);
    const here = h && { chain: [caller.fn.name, a.fn.name], callLine: site.line, callFile: caller.file.path, takenLine: h.line, callerEvents: eventsOf(site.trail), held: h };
    // Held there only because its callers hold it (a macro around an unlock helper): the taker is further up.
    if (here && h.origin !== 'caller' && h.origin !== 'assumed') return here;
    if (here || caller.callerReleases.some((c) => c.lock === there)) {
      const up = callerHolding(analyses, summaries, caller, there, knowledge, depth + 1);
      if (up) return { ...up, chain: [...up.chain, a.fn.name] };
    }
    if (here) return here;
  }
  return undefined;
}

/**
 * The calls of `a` in view whose arguments name the lock `a` needs held (its summary's requirement
 * for `inst`), each with its caller and the lock in the caller's words.
 */
function* callsNaming(analyses: Iterable<FunctionAnalysis>, summaries: Map<string, FunctionSummary>, a: FunctionAnalysis, inst: string) {
  const req = requirement(summaries, a, inst);
  if (!req) return;
  for (const caller of analyses) {
    for (const site of caller.callSites) {
      if (site.callee !== a.fn.name || releaseRuledOut(summaries.get(a.fn.name), site, caller, req.ref)) continue;
      const there = fromRef(req.ref, site.args);
      if (there) yield { caller, site, there, ref: req.ref };
    }
  }
}

/**
 * A caller in view that, before calling, handed the object the lock belongs to (in its own words)
 * to a function not in view: that function may be what took it (`mddev_lock(mddev)`, a header's
 * inline, then `autorun_array(mddev)`, which gives back `mddev->reconfig_mutex`). The path says
 * what was handed to such a function before the call (by variable); the caller's calls say which
 * function was handed the object itself (`f(arr)`, `f(&arr->lock)`; not `f(arr->count)`), or gave it.
 */
export function callerHandedAway(
  analyses: Iterable<FunctionAnalysis>,
  summaries: Map<string, FunctionSummary>,
  a: FunctionAnalysis,
  inst: string,
  notInView: (name: string) => boolean,
): { caller: string; line: number; callees: string[] } | undefined {
  for (const { caller, site, there } of callsNaming(analyses, summaries, a, inst)) {
    if (!instVars(there).some((v) => site.handedAway.has(v))) continue;
    const object = there.replace(/^\*/, '');
    const root = instVars(there)[0];
    const handed = (arg: string) => {
      const p = arg.replace(/^\((?:const\s+)?(?:struct\s+)?\w+\s*\*+\)\s*/, '').replace(/^&/, '');
      return object === p || isMemberPath(object, p);
    };
    // Handed the object, or returning what names it (`ptl = huge_pte_lock(...)`, a header's inline that locks and returns the lock).
    const takers = caller.callSites.filter((c) => c.line <= site.line && c !== site && notInView(c.callee) && (c.args.some(handed) || (!!root && assignedTo(c.node, caller.file.text) === root)));
    // In the order they are called: the nearest last.
    const callees = [...new Set(takers.sort((x, y) => x.line - y.line).map((c) => c.callee))];
    if (callees.length) return { caller: caller.fn.name, line: site.line, callees };
  }
  return undefined;
}

/**
 * The call passes a constant that rules out every way the callee gives the lock back: its
 * release's `ifArg` (`x_rebuild(pf, true)` of one that unlocks only when that is false), or, when
 * its ways are told apart, every way that gives it back.
 */
function releaseRuledOut(summary: FunctionSummary | undefined, site: FunctionAnalysis['callSites'][number], caller: FunctionAnalysis, ref: LockRef): boolean {
  if (!summary) return false;
  const argNodes = callArgs(site.node);
  const constant = (param: number) => (argNodes[param] ? writtenValue(argNodes[param], caller.file.text) : undefined);
  const gives = (e: SummaryEffect) => e.op === 'release' && refKey(e.ref) === refKey(ref);
  const releases = summary.effects.filter(gives);
  const against = (e: SummaryEffect) => {
    const v = e.ifArg ? constant(e.ifArg.param) : undefined;
    return v !== undefined && (v !== 0) !== e.ifArg!.nonNull;
  };
  if (releases.length && releases.every(against)) return true;
  // (A lock dropped for a while and taken back is in no way's effects: nothing to rule out.)
  if (!summary.cases?.some((c) => c.effects.some(gives))) return false;
  const ways = casesInCaller(summary.cases, site.args, constant);
  return !!ways && !ways.some((c) => c.effects.some(gives));
}

/** The function's need of `inst` held (its summary's words for it), if it has one. */
function requirement(summaries: Map<string, FunctionSummary>, a: FunctionAnalysis, inst: string) {
  return summaries.get(a.fn.name)?.requires.find((r) => (r.ref.param === null ? r.ref.path : r.ref.path.replace('$', a.fn.params[r.ref.param]?.name ?? '')) === inst);
}

/** What else the callee needs held, named at this call. */
function otherRequires(summaries: Map<string, FunctionSummary>, a: FunctionAnalysis, args: string[], there: string): Set<string> {
  const named = (summaries.get(a.fn.name)?.requires ?? []).map((r) => fromRef(r.ref, args));
  return new Set(named.filter((x): x is string => !!x && x !== there));
}

/** The caller's one lock of the class, held under another name, once the callee's other requirements have theirs. */
function underOtherName(caller: FunctionAnalysis, held: Held[], there: string, cls: string, others: Set<string>, knowledge: Knowledge): Held | undefined {
  const ofClass = caller.classes.get(there) ?? cls;
  const candidates = held.filter((h) => !others.has(h.inst));
  const paramType = (name: string) => caller.fn.params.find((p) => p.name === name)?.typeName;
  return sameObjectHeld(there, ofClass, candidates, rootOf(caller.fn, caller.file, knowledge)) ?? heldThroughOwner(there, ofClass, candidates, paramType);
}

/**
 * A caller in view that does not hold the lock at its call and takes it itself elsewhere (in its own body), blocking,
 * on a way no argument decides (not `if (!locked) mutex_lock(...)`) nor a record of the lock, and not
 * to take back one it was called with: it is never called holding that lock (it would wait on
 * itself), so the function it calls is given back a lock nobody holds. The caller and its take's line.
 */
export function callerTakingIt(analyses: Iterable<FunctionAnalysis>, summaries: Map<string, FunctionSummary>, a: FunctionAnalysis, inst: string): { caller: string; line: number } | undefined {
  for (const { caller, site, there } of callsNaming(analyses, summaries, a, inst)) {
    if (site.held.some((h) => h.inst === there)) continue;
    const guarded = (line: number) => !!summaries.get(caller.fn.name)?.takes.some((t) => t.line === line && (t.ifArg || t.ifFlag || t.ifOneOf));
    // A take that is no taking back of a lock it was called with and dropped: on its way, it held none on entry.
    const t = caller.takes.find((x) => x.ref.path === there && !x.chain.length && !x.trylock && !x.restores && !guarded(x.line) && !heldRecord(caller.fn, caller.file, x.line));
    if (t) return { caller: caller.fn.name, line: t.line };
  }
  return undefined;
}
