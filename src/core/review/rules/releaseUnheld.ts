/**
 * lock/release-unheld: a lock released twice on one path, or released by a
 * function that never takes it while no caller in view holds it either.
 * Without callers in view, the release may be the contract with callers we
 * cannot see: that is only noted; so is one whose callers only hand the lock's
 * object down from code not in view that may hold it (closedAbove()). So is a release whose caller handed the
 * lock's object to a function not in view (or got it from one) before the
 * call: that function may be what took it. And so is a release in a mode of the
 * function's arguments other than the one in which it keeps the lock at its
 * returns: an earlier call may have left it held (carriedLocks.ts). So is a
 * lock dropped for a while only where a parameter says the caller holds it
 * (`if (rtnl_held)`), when no call in view passes that value without holding
 * it (flagContracts.ts). A callback (its address is taken) that nothing in
 * view calls is run by code that holds none of the file's locks: its release is
 * warned of unless another function in view returns holding a lock of the class
 * (the other half of a pair: ->start and ->stop, bus lock and bus unlock); so is
 * a function only callers elsewhere call that gives back a lock the file keeps
 * static (fileStatics.ts). Such a static lock that no function in view keeps for
 * code elsewhere, nor holds while calling on toward the releaser, is held by
 * nobody when the releaser runs: its release before a take is an error.
 */
import { handedBack, holderOf, releasesByLock } from './helperReleasesCallerLock';
import { finding, incidentFindings, linesPhrase, refText, toTrace, type ReviewContext, type Rule } from '../context';
import type { Finding } from '../types';
import { implementsPrimitive, isLockWrapper, pureByKnowledge } from '../../locks/facts';
import { lastMember, loose, rootOf } from '../../locks/sameObject';
import { canon } from '../../locks/identity';
import { callerHandedAway, callerTakingIt } from '../../locks/callers';
import { classedByKnowledge, type Knowledge } from '../../knowledge';
import { heldRecord } from '../../locks/ownerRecords';
import type { FunctionAnalysis } from '../../locks/explore';
import type { LockKind } from '../../knowledge/types';
import { carriedToNextCall } from '../../locks/carriedLocks';
import { fileStaticLock, heldOnTheWayTo } from '../../locks/fileStatics';
import { acquiredAt, handedToACall, isOwnHold, keptByAnother } from '../../locks/handOff';
import { runByKernel } from './kernelRun';
import { ownStructs } from '../../locks/entry';
import { flagContractKept, releaseFlag } from '../../locks/flagContracts';

export const releaseUnheld: Rule = {
  id: 'lock/release-unheld',
  title: 'A lock is released when it is not held',
  severity: 'error',
  check(ctx) {
    const out: Finding[] = incidentFindings(ctx, 'lock/release-unheld', 'error', (a) => a.doubleReleases, (inc) => ({
      suggestion: `Remove the second release of ${inc.lock}, or make the paths that reach line ${inc.line} release it once.`,
    }));
    for (const a of ctx.analyses) {
      // An unlock wrapper (or a primitive's own implementation) gives back its caller's lock by design.
      if (isLockWrapper(a.fn, a.file, ctx.engine.knowledge, ctx.engine.summaries)) continue;
      // A primitive's implementation tells nothing of what its callers hold: the table speaks for it.
      const callers = ctx.engine.graph.callsTo(a.fn.name).filter((e) => e.kind === 'direct' && !implementsPrimitive(e.from, ctx.engine.knowledge)).map((e) => e.from);
      for (const [inst, incidents] of releasesByLock(a)) {
        if (holderOf(ctx, a, inst) || calledUnder(ctx, a, inst)) continue;
        // A `_non_owner` release gives back what another task took for it (an I/O completion's): by design.
        if (a.ends.some((e) => e.releasedCaller.get(inst)?.meta.nonOwner)) continue;
        // With no caller in view, dropping and taking back a lock states that callers hold it.
        if (!callers.length && !handedBack(a, inst)) continue;
        const lines = incidents.map((i) => i.line);
        // A lock reached through a local cannot be named in a caller's words: no caller can be checked.
        const nameable = !!ctx.engine.summaries.get(a.fn.name)?.requires.some((r) => refText(r.ref, a.fn.params.map((p) => p.name)) === inst);
        // It takes the lock itself on other paths, blocking: no caller can hold it (that would deadlock).
        // Taken under a record of it: an earlier call may have left it held, as the record says.
        const recorded = a.takes.find((t) => t.ref.path === inst && !t.chain.length && heldRecord(a.fn, a.file, t.line));
        // Kept held at other returns, for a later call in another mode (carriedLocks.ts): that call gives it back.
        const carried = !recorded && carriedToNextCall(a, a.ends.filter((e) => acquiredAt(e, inst)), inst);
        const cls = a.classes.get(inst) ?? inst;
        // Released only where a parameter says so (`if (rtnl_held)`), and no caller in view says so without holding it.
        const flag = !recorded && !carried ? releaseFlag(a, inst, incidents) : undefined;
        const flagged = flag && flagContractKept(ctx.engine.analyses, ctx.engine.graph, a.fn.name, flag.param, flag.value, cls) ? flag : undefined;
        const own = nameable && !recorded && !carried && !incidents[0].chain?.length ? a.takes.find((t) => t.ref.path === inst && !t.trylock && !t.chain.length && !t.restores) : undefined;
        // Run as a callback by code that holds none of our locks, with no function in view that keeps one of its class for it.
        // Only a lock its taker must give back: a semaphore or a page lock is handed to whoever completes the work.
        // Said only of an unlock of its own, in a function that never takes the class and hands the lock's
        // object to no call before (a helper in or out of view may have taken it under another name).
        // (So is one the file keeps static: a caller in another file holds it only if a function in view kept it for it.)
        // (So is one whose every caller in view is such a callback, called by nothing in view, that does not hold the class when calling.)
        const kernelCallers = callers.length > 0 && callers.every((c) => kernelCallerHoldsNone(ctx, c, a.fn.name, cls));
        // (Code in other files cannot take a member lock of a struct only this file defines: handing it the object is no excuse.)
        const ownClass = ownStructs(a.file, ctx.engine.files).has(cls.split('.')[0]);
        // No call handed the lock itself (it may have taken it for this function), and no function in view keeps it for code elsewhere.
        let untouched: boolean | undefined;
        const untouchedElsewhere = () => (untouched ??= !handsTheLock(ctx, a, inst) && !keptByAnother(ctx.analyses, a, cls));
        const unpaired =
          ((!callers.length && (runByKernel(ctx, a) || fileStaticLock(a.file, inst))) || kernelCallers) && !incidents[0].chain?.length && ownerReleased(a, inst) && !takesItsMember(ctx, a, inst, cls) && (ownClass || !handedToACall(a, inst, (callee) => mayTakeForCaller(ctx, callee), ctx.engine.envs.get(a.fn.name))) && untouchedElsewhere();
        // A caller that code not in view may call in turn may be called with the lock held: only one whose
        // every caller is in view, up to one that takes the class itself, shows that nobody holds it.
        // (Up to code not in view that hands the lock's object down: it holds none of the file's own structs'
        // locks, nor one its task must give back itself; a page lock it may well hand over.)
        // A lock the file keeps static is held by code elsewhere only if a function in view kept it for it, or
        // called on toward this one holding it: with neither, nobody above this function holds it, whoever its callers are.
        const staticClosed = fileStaticLock(a.file, inst) && untouchedElsewhere() && !heldOnTheWayTo(ctx.analyses, ctx.engine.graph, a.fn.name, cls);
        const nobodyElse = staticClosed ? `; ${inst} is this file's own (static), and no function in view keeps it for code elsewhere or calls on toward ${a.fn.name}() holding it` : '';
        // (Taken back after dropping it, as if the callers held it: with a static lock nobody else holds, the first drop is the bug.)
        const retaken = staticClosed && !own ? a.takes.find((t) => t.ref.path === inst && !t.chain.length) : undefined;
        const closed = staticClosed || closedAbove(ctx, a, paramOf(a, inst, ctx.engine.knowledge), cls, ownClass || ownerReleased(a, inst), ownMember(inst));
        // It takes another lock of this class itself and gives back one it never took: the wrong one of two.
        // (Both named from parameters or globals: through a local, the two may be one object.)
        const isRoot = rootOf(a.fn, a.file, ctx.engine.knowledge);
        const sibling = !own && cls !== inst && !loose(inst, isRoot) ? a.takes.find((t) => t.ref.cls === cls && t.ref.path !== inst && !t.trylock && !t.chain.length && !loose(t.ref.path, isRoot)) : undefined;
        // A caller may have had it taken by code not in view: said, not an error.
        // A caller that takes it itself is not called holding it: it does not hold it at the call.
        const takenAbove = !own && !sibling && nameable && callers.length ? callerTakingIt(ctx.analyses, ctx.engine.summaries, a, inst) : undefined;
        const away = !own && !sibling && nameable && callers.length ? callerHandedAway(ctx.analyses, ctx.engine.summaries, a, inst, (name) => !ctx.engine.summaries.has(name) && !classedByKnowledge(ctx.engine.knowledge, name, false)) : undefined;
        const who = carried
          ? `on a path where it has not taken it, in a mode other than the one in which it returns with ${inst} held: an earlier call may have left it held`
          : flagged
          ? `only where ${a.fn.params[flagged.param].name} is ${flagged.value === 'zero' ? '0' : 'nonzero'}, the value by which its callers say they hold it: no call in view passes that value without holding ${inst}`
          : recorded
          ? `on a path where it has not taken it; it takes ${inst} at line ${recorded.line} only where a record of it says it is not held, so an earlier call may have left it held`
          : own
          ? `on a path where it has not taken it (it takes ${inst} itself at line ${own.line}, so no caller can be holding it)`
          : sibling
            ? `which it never takes, while it takes ${sibling.ref.path} of the same class ${cls} itself (line ${sibling.line}): the other one may be meant`
          : retaken
            ? `on a path where it has not taken it (it takes ${inst} back at line ${retaken.line})${nobodyElse}`
          : unpaired
            ? `which it never takes; ${kernelCallers ? `its callers (${[...new Set(callers)].map((c) => `${c}()`).join(', ')}) are callbacks the kernel runs, called by nothing in view, that do not hold it when calling` : runByKernel(ctx, a) ? 'the kernel runs it as a callback (its address is taken, or an attribute macro registers it), called by nothing in view' : `${inst} is this file's own (static), so no caller elsewhere takes it but through a function in view`}, and no function in view returns holding a lock of its class for it to give back`
          : !nameable
            ? 'which it never takes, and it is reached through a local, so whether its callers hold it cannot be told'
            : takenAbove && !away
              ? `which it never takes, while its caller ${takenAbove.caller}() does not hold it when calling and takes it itself at line ${takenAbove.line}, so it is never called holding it`
            : away
              ? `which it never takes, and none of its callers in view holds it when calling, unless a function not in view that ${away.caller}() hands it to, or gets it from, before the call at line ${away.line} took it (${away.callees.slice(-3).map((c) => `${c}()`).join(', ')})`
            : callers.length
              ? `which it never takes, and none of its callers in view (${[...new Set(callers)].map((c) => `${c}()`).join(', ')}) holds it when calling${nobodyElse}`
              : `which it never takes, and no caller in view takes it${nobodyElse}`;
        out.push(
          finding({
            rule: 'lock/release-unheld',
            subject: { lock: inst },
            // Callers we cannot see may hold it: said, not warned. A context (RCU, irqs off) is
            // often entered by one function and left by another on purpose.
            severity: ctx.engine.knowledge.contextLocks.has(incidents[0].lock) || flagged ? 'info' : own || sibling || (nameable && (closed || !!takenAbove) && !away && !recorded && !carried) ? 'error' : unpaired ? 'warning' : 'info',
            file: a.file.path,
            line: lines[0],
            function: a.fn.name,
            message: `${a.fn.name}() releases ${inst} at ${linesPhrase(lines)}, ${who}`,
            trace: toTrace(incidents[0].events, a.file.path),
            suggestion: callers.length
              ? `Take ${inst} before releasing it, or drop the release.`
              : `If callers hold ${inst}, say so with __releases(&${inst}) on ${a.fn.name}() so the contract is checked; otherwise drop the release.`,
          }),
        );
      }
    }
    return out;
  },
};

/** Bound on the callers followed up from a caller (closedAbove()). */
const MAX_CALLER_DEPTH = 8;

/**
 * The parameter of `a` a lock or an argument is reached through (`*first`, `dev->lock`), if it is one;
 * through a call the knowledge calls pure too (`container_of(work, struct x, work)`, `netdev_priv(dev)`:
 * the object of the parameter). A call of anything else found the object itself.
 */
function paramOf(a: FunctionAnalysis, path: string | undefined, knowledge: Knowledge): number | undefined {
  const lead = path ? /^[\s&*(]*([A-Za-z_]\w*)\s*(\()?/.exec(path) : undefined;
  if (!lead) return undefined;
  const roots = !lead[2] ? [lead[1]] : pureByKnowledge(knowledge, lead[1]) ? (path!.slice(lead[0].length).match(/[A-Za-z_]\w*/g) ?? []) : [];
  for (const root of roots) {
    const i = a.fn.params.findIndex((p) => p.name === root);
    if (i >= 0) return i;
  }
  return undefined;
}

/**
 * Whether some caller of `callee` shows that nobody holds the lock when calling. For a lock not reached
 * through a parameter, one whose every caller is in view does. For one handed down through a
 * parameter: one that hands it an object of its own (found, not handed to it: nobody above knows
 * it), or one whose every caller is in view that takes a lock of the class itself (so it knows
 * whether it holds one), or whose caller, not holding it, shows so in turn for the parameter it
 * hands on. A helper's helper under a callback the kernel runs (`->read_folio` is called with its
 * page locked) is called holding what the kernel handed over, unless the code out of view holds no
 * such lock (`notHeldAbove`: a lock of a struct only this file defines, or one whose taker gives it back).
 */
function closedAbove(ctx: ReviewContext, callee: FunctionAnalysis, param: number | undefined, cls: string, notHeldAbove: boolean, own: boolean, depth = 0, seen = new Set<string>()): boolean {
  seen.add(callee.fn.name);
  const callers = ctx.engine.graph.callsTo(callee.fn.name).filter((e) => e.kind === 'direct').map((e) => e.from);
  return callers.some((name) => {
    const c = ctx.engine.analyses.get(name);
    if (!c) return false;
    const inView = c.context === 'callers';
    if (param === undefined) return inView;
    if (inView && (depth >= MAX_CALLER_DEPTH || c.takes.some((t) => t.ref.cls === cls && !t.chain.length))) return true;
    return c.callSites.some((s) => {
      if (s.callee !== callee.fn.name) return false;
      // (What a parameter was set to before the call, `ep = ex_lookup_ep(udc, i)`, is what is handed on.)
      const handedOn = paramOf(c, s.argDefs[param] ?? s.args[param], ctx.engine.knowledge);
      // (A direct caller called from code not in view may have had a helper of its own take the lock on the
      // object it found, `hci_dev_get_srcu()`'s read section: it shows nothing, as before.)
      // (Only a lock of the object itself: one reached on through it, `cmd->ioa_cfg->host->host_lock`, is
      // another object's, which code above may hold under another name.)
      if (handedOn === undefined) return (inView || depth > 0) && own;
      // Handed down, it may be the one a lock of the class this caller holds is.
      if (s.held.some((h) => h.cls === cls)) return false;
      // (The callee's own callers are the rule's to judge: a callback calling it says nothing more here.)
      if (!inView) return depth > 0 && notHeldAbove;
      return !seen.has(name) && closedAbove(ctx, c, handedOn, cls, notHeldAbove, own, depth + 1, seen);
    });
  });
}

/** A lock of the object a variable names (`p->lock`, `p->q.lock`, a page's own `*page`), not one reached on through it. */
function ownMember(inst: string): boolean {
  return /^[&*(]*[A-Za-z_]\w*(?:->[\w.]+)?\)?$/.test(inst);
}

/** A call other than a primitive is handed the lock itself (`find_table_lock(net, name, &ret, &ebt_mutex)`): whatever its summary says, it is about that lock. */
function handsTheLock(ctx: ReviewContext, a: FunctionAnalysis, inst: string): boolean {
  return a.callSites.some((s) => !ctx.engine.knowledge.primitives.has(s.callee) && s.args.some((x) => canon(x) === `&${inst}` || canon(x) === inst));
}

/** A call that may have left a lock held for its caller: not a primitive, a lock-neutral or pure call, nor a function in view that keeps none on any path. */
function mayTakeForCaller(ctx: ReviewContext, callee: string): boolean {
  const k = ctx.engine.knowledge;
  if (k.primitives.has(callee) || k.lockNeutral.has(callee) || pureByKnowledge(k, callee)) return false;
  const s = ctx.engine.summaries.get(callee);
  // (A path of its own that ends holding a lock it took says so too, where the summary lost it on the way up.)
  return !s || s.effects.some((e) => e.op === 'acquire') || !!ctx.engine.analyses.get(callee)?.ends.some((e) => e.held.some(isOwnHold));
}

/**
 * `caller` is run by the kernel with none of the file's locks (runByKernel), nothing in view calls
 * it, and it holds no lock of class `cls` at any of its calls of `callee`.
 */
function kernelCallerHoldsNone(ctx: ReviewContext, caller: string, callee: string, cls: string): boolean {
  const c = ctx.engine.analyses.get(caller);
  if (!c || !runByKernel(ctx, c) || ctx.engine.graph.callsTo(caller).some((e) => e.kind === 'direct')) return false;
  const sites = c.callSites.filter((s) => s.callee === callee);
  return sites.length > 0 && sites.every((s) => !s.held.some((h) => h.cls === cls));
}

/**
 * It takes a lock of the class, or one reached by the same member under another name: a trylock's
 * lock released through a copy of its path, held still at the end by its first name; itself, or
 * through a call that may leave it held.
 */
function takesItsMember(ctx: ReviewContext, a: FunctionAnalysis, inst: string, cls: string): boolean {
  const member = lastMember(inst);
  // (Not a take inside a callee that gives it back before returning: that call leaves nothing held here.)
  const leftHeld = (t: FunctionAnalysis['takes'][number]) => !t.chain.length || mayTakeForCaller(ctx, t.chain[0]);
  if (a.takes.some((t) => (t.ref.cls === cls || (!!member && lastMember(t.ref.path) === member)) && leftHeld(t))) return true;
  return !!member && a.ends.some((e) => e.releasedCaller.has(inst) && e.held.some((h) => isOwnHold(h) && lastMember(h.inst) === member));
}

/** Kinds of lock the task (or context) that took it gives back, and lockdep follows. */
const OWNER_RELEASED: ReadonlySet<LockKind> = new Set(['mutex', 'spinlock', 'rwlock', 'rwsem']);

/** The lock `a` gives back without taking it is one of those, as its release says. */
function ownerReleased(a: FunctionAnalysis, inst: string): boolean {
  const meta = a.ends.map((e) => e.releasedCaller.get(inst)?.meta).find((m) => m);
  return !!meta && OWNER_RELEASED.has(meta.kind) && !meta.untracked && !meta.nonOwner;
}

/**
 * A callback a try primitive in view calls holding the lock it just took, of this one's class
 * (`kref_put_mutex(&t->kref, release, &t->lock)`): releasing it is the callback's part.
 */
function calledUnder(ctx: ReviewContext, a: FunctionAnalysis, inst: string): boolean {
  const cls = a.classes.get(inst) ?? inst;
  return ctx.analyses.some((c) => c.callbacksUnder.some((u) => u.callback === a.fn.name && (u.inst === inst || u.cls === cls)));
}
