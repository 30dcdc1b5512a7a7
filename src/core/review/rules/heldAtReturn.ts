/**
 * lock/held-at-return: a lock held at some returns and not at others (a
 * `continue`, `break` or early return that skips the unlock), or never
 * released by anything in view. Not reported: returns that differ only as a
 * trylock's success and failure (held exactly when returning 0, say), lock
 * wrappers (functions that only take locks, primitives for their callers, or
 * whose every holding path took the lock as its last act: lastAct.ts),
 * a lock held at every return when something in view gives it back (the
 * function hands it to its caller, whose own returns are checked), and the
 * lock of an object the function returns or stores through a pointer parameter (the
 * caller gets it locked), a lock held on exactly the ways that record it in a flag of its
 * object (the callers' walks follow the flag), a lock kept for a later call of the function in
 * another mode that gives it back (carriedLocks.ts), and a return where the lock's object is NULL
 * (there was no lock to take), nor a lock held exactly on the returns of a code that says the
 * function keeps it (`VM_FAULT_LOCKED`, knowledge lockKeepingCodes). When a
 * function not in view was handed the lock's object afterwards, it may have
 * released it: said at info level. A lock kept on every path is handed over only when something
 * in view gives it back (a caller up to three calls away, or a function that releases the class
 * without taking it); a callback with neither is told, also when it keeps it only on success, and
 * so is a function only other files call that keeps a lock the file keeps static (fileStatics.ts).
 * None of these hand-overs holds for a lock whose interrupt state was saved in a local nothing else
 * reads (`spin_lock_irqsave(l, flags)`): no caller can restore it (irqStateLost.ts).
 */
import type { NameClass } from '../../knowledge';
import { field, operator, unparen, walk } from '../../syntax';
import type { FunctionAnalysis, PathEnd } from '../../locks/explore';
import { carriedToNextCall } from '../../locks/carriedLocks';
import { keptForPartner } from '../../locks/partnerModes';
import { runByKernel } from './kernelRun';
import { keptWithReturnedState } from '../../locks/returnedState';
import { isLockWrapper } from '../../locks/facts';
import { acquiredAt, declaresAcquire, handedOffTo, handedToACall, isOwnHold } from '../../locks/handOff';
import { lastMember } from '../../locks/sameObject';
import { takenForCaller } from '../../locks/lastAct';
import { heldExactlyOn, negativeApart } from '../../locks/summary';
import { bitsApart } from '../../locks/resultBits';
import { lockRecords } from '../../locks/summaryCases';
import { EXIT_TAG } from '../../locks/factSet';
import { canon, instVars, isMemberPath } from '../../locks/identity';
import { memberAddressLocals, throughLocals, unchangedNames } from '../../locks/stablePaths';
import type { Held, ParamValues } from '../../locks/state';
import { finding, linesPhrase, toTrace, type ReviewContext, type Rule } from '../context';
import { fileStaticLock } from '../../locks/fileStatics';
import { lostIrqState } from '../../locks/irqStateLost';
import type { Finding } from '../types';

/** An error code, or a call that may make an error pointer of one (`-EINVAL`, `ERR_PTR(-EINVAL)`). */
const ERROR_CODE = /^-\s*(?:E[A-Z0-9]+|\d+)$/;
const CALL = /^([A-Za-z_]\w*)\s*\(.*\)$/s;
/** The knowledge's calls that make an error pointer or read its code. */
type ErrorCalls = { errorPointerMakers: NameClass; errorPointerValues: NameClass };
/** A lock a parameter points at, maybe through a pointer it points at (`*$`, `*(*$)`): the caller's own lock. */
const LOCK_POINTED_AT = /^[*(]+\$\)*$/;

/**
 * Held exactly on the returns of one value class: a conditional lock
 * helper. Returning an error code with the lock held is never that.
 */
function splitsByReturnValue(held: PathEnd[], free: PathEnd[], returnsPointer: boolean, errors: ErrorCalls): boolean {
  if (returnsError(held, errors)) return false;
  const tried = held.some((e) => e.held.some((h) => h.tried));
  return heldExactlyOn(held, free, tried, returnsPointer) !== undefined;
}

/** Some end returns an error: a code as written, an error pointer made, or the code of one the path tested (`PTR_ERR(*wdev)` once IS_ERR()). */
function returnsError(ends: PathEnd[], errors: ErrorCalls): boolean {
  return ends.some((e) => {
    const value = e.returnValue?.trim() ?? '';
    const call = CALL.exec(value);
    return ERROR_CODE.test(value) || (!!call && (errors.errorPointerMakers.has(call[1]) || (errors.errorPointerValues.has(call[1]) && e.retSign === 'negative')));
  });
}

/** Nothing known of the parameters where a lock was taken contradicts what an end knows, on some way of reaching it. */
function agrees(took: ParamValues | undefined, e: PathEnd): boolean {
  if (!took) return true;
  for (const [k, v] of took) if (e.paramValues.has(k) && e.paramValues.get(k) !== v) return false;
  return e.facts.allows(took);
}

/**
 * The lock's object is NULL at this end (`if (bridge && !trylock(&bridge->lock)) return 0;` and
 * later `return 1` with no bridge): there was no lock to take, so no contrast with the holding returns.
 */
function objectAbsent(a: FunctionAnalysis, e: PathEnd, inst: string): boolean {
  return e.nulls.some((n) => isMemberPath(inst, throughLocals(canon(n), a.locals)));
}

/**
 * Two ends a callee's case told apart (its tests answered otherwise), or a test of the function's own
 * of what it was handed and never changes (`c->no_sleep`, a static key): the helper's other mode, not a
 * missed unlock (a trylock wrapper that tries the spinlock or the mutex by the client's flag).
 */
function modesApart(a: FunctionAnalysis, x: PathEnd, y: PathEnd, unchanged: (name: string) => boolean): boolean {
  for (const key of a.caseKeys) {
    const [p, q] = [x.facts.get(key), y.facts.get(key)];
    if (p && q && p.value !== q.value) return true;
  }
  return x.facts.apartFrom(y.facts, (_, f) => f.deps.length > 0 && f.deps.every(unchanged));
}

/**
 * The classes each function in view gives back without taking them on that path (a seq_file ->stop,
 * an unlock helper), also after handing the object to code not in view first.
 */
function untakenReleases(ctx: ReviewContext): Map<string, Set<FunctionAnalysis>> {
  const out = new Map<string, Set<FunctionAnalysis>>();
  for (const o of ctx.analyses) for (const e of o.ends) for (const [inst, r] of e.releasedCaller) {
    if (r.quiet) continue;
    const cls = o.classes.get(inst) ?? inst;
    out.set(cls, (out.get(cls) ?? new Set()).add(o));
  }
  return out;
}

/**
 * Something in view gives the lock back for a function that keeps it on every path: another function
 * that releases its class without taking it (the partner of a pair: ->start and ->stop, lock and unlock
 * helpers), or a caller it returns to that releases it. That other functions take and release the class
 * themselves says nothing: a callback that returns with its object's lock held is left holding it.
 */
function releasedForIt(ctx: ReviewContext, partners: Map<string, Set<FunctionAnalysis>>, a: FunctionAnalysis, cls: string): boolean {
  if ([...(partners.get(cls) ?? [])].some((o) => o !== a)) return true;
  // Callers up to a few calls away: a helper's caller may keep the lock for its own caller in turn.
  const seen = new Set([a.fn.name]);
  let callers = [a.fn.name];
  for (let depth = 0; depth < MAX_CALLER_DEPTH && callers.length; depth++) {
    callers = [...new Set(callers.flatMap((c) => ctx.engine.graph.callsTo(c).filter((e) => e.kind === 'direct' && !seen.has(e.from)).map((e) => e.from)))];
    for (const c of callers) seen.add(c);
    if (callers.some((c) => ctx.engine.analyses.get(c)?.releasedClasses.has(cls))) return true;
  }
  return false;
}

/** Some path gives back, without taking it, a lock of the same member as `inst` (`pdd->process->mutex` of `p->mutex`). */
function releasesUnderOtherName(a: FunctionAnalysis, inst: string): boolean {
  const member = lastMember(inst);
  return !!member && a.ends.some((e) => [...e.releasedCaller.keys()].some((r) => r !== inst && lastMember(r) === member));
}

/** How far up the callers of a function that keeps a lock one looks for the one that gives it back. */
const MAX_CALLER_DEPTH = 3;

/** `return ci;` (or `return dget(s->s_root);`) with its lock held: the caller gets the object locked. */
/**
 * A pointer that may be an object with a lock in it: not a string or a number's address (a `char *`
 * result is a name built, `dynamic_dname()`'s, whatever it was built from).
 */
function returnsAnObject(returnType: string): boolean {
  return returnType.includes('*') && !/^(?:const\s+)?(?:unsigned\s+|signed\s+)?(?:char|u8|s8|int|long|u16|u32|u64|s16|s32|s64|size_t)\s*\*$/.test(returnType.trim());
}

function returnsObjectOf(a: FunctionAnalysis, e: PathEnd, inst: string): boolean {
  if (!e.returnValue) return false;
  const returned = throughLocals(canon(e.returnValue), a.locals);
  const vars = instVars(inst);
  if (vars.length === 1 && instVars(returned).includes(vars[0])) return true;
  // `return parent;` where parent stands for dentry->d_parent and the lock is dentry->d_parent->d_lock.
  return returned !== vars[0] && (inst.startsWith(`${returned}->`) || inst.startsWith(`${returned}.`) || inst === `*${returned}`);
}

/** A lock named through what a pointer parameter points at (`*(*pagep)`, `(*bucket)->lock`): an object the caller's variable holds. */
function throughOutParam(a: FunctionAnalysis, inst: string): boolean {
  const p = /^\*?\(\*([A-Za-z_]\w*)\)/.exec(inst)?.[1];
  return !!p && a.fn.params.some((x) => x.name === p);
}

/**
 * The locked object is stored where the caller finds it, through a parameter (`*pagep = page`,
 * `ctl->pages[i] = page`): it is handed over locked, as a returned one is.
 */
function storedForCaller(a: FunctionAnalysis, inst: string): boolean {
  const vars = instVars(inst);
  if (vars.length !== 1 || inst !== `*${vars[0]}`) return false;
  const params = new Set(a.fn.params.map((p) => p.name));
  let intoParams: ReadonlySet<string> | undefined;
  let stored = false;
  walk(a.fn.body, (n) => {
    if (stored) return false;
    if (n.type !== 'assignment_expression' || operator(n) !== '=') return true;
    const right = field(n, 'right');
    const left = field(n, 'left');
    if (!right || !left || unparen(right).type !== 'identifier' || a.file.text.slice(unparen(right).start, unparen(right).end) !== vars[0]) return true;
    const target = canon(a.file.text.slice(left.start, left.end));
    const root = /^\*?\(?\s*([A-Za-z_]\w*)/.exec(target)?.[1];
    // Also through a local that points into a parameter's object (`ap = &ia->ap; ap->pages[n] = page;`).
    stored = !!root && (params.has(root) || (intoParams ??= memberAddressLocals(a.file, a.fn)).has(root)) && target !== root;
    return true;
  });
  return stored;
}

/**
 * Every holding return left set the flag of the lock's object that records it held (`t->applied =
 * true` after taking `t->lock`: summaryCases.ts lockRecords), which the function's callers then test.
 */
function recordedInFlag(ctx: ReviewContext, a: FunctionAnalysis, held: PathEnd[], cls: string): boolean {
  const cases = ctx.engine.summaries.get(a.fn.name)?.cases;
  if (!cases) return false;
  const own = (key: string) => key.replace(/^(\*?)\$(\d+)/, (_, star: string, n: string) => star + (a.fn.params[Number(n)]?.name ?? ''));
  return lockRecords(cases).some((r) => r.ref.cls === cls && held.every((e) => e.facts.alternatives().every((w) => w.get(EXIT_TAG + own(r.key))?.value === r.value)));
}

/** The end returns a code that says the lock of this class is still held (knowledge lockKeepingCodes). */
function codeKeeps(e: PathEnd, cls: string, codes: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  return !!e.keepingCodes?.some((c) => codes.get(c)?.has(cls));
}

/** Every holding end returns a code that says the lock of this class is still held, and no other end does. */
function keptWithResultCode(held: PathEnd[], free: PathEnd[], cls: string, codes: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  return held.every((e) => codeKeeps(e, cls, codes)) && !free.some((e) => codeKeeps(e, cls, codes));
}

/** Some parameter's pointee is set nonzero on every end in `held` and zero on every end in `free`. */
function toldThroughOutFlag(held: readonly PathEnd[], free: readonly PathEnd[]): boolean {
  return [...held[0].outValues.keys()].some((k) => held.every((e) => !!e.outValues.get(k)) && free.every((e) => e.outValues.get(k) === 0));
}

/** The end stored the object whose lock this is (`ls` of `ls->ls_mutex`) through a pointer parameter: the caller's now. */
function handedOutWith(e: PathEnd, inst: string): boolean {
  const vars = instVars(inst);
  return vars.length === 1 && isMemberPath(inst, vars[0]) && [...e.outPointers.values()].includes(vars[0]);
}

/** A flag behind a pointer parameter (`*locked`): what it says outlives the call. */
function recordedForCaller(a: FunctionAnalysis, flag: string | undefined): boolean {
  return !!flag && a.fn.params.some((p) => flag === `*${p.name}`);
}

export const heldAtReturn: Rule = {
  id: 'lock/held-at-return',
  title: 'A lock is held at some returns and not at others',
  severity: 'warning',
  check(ctx: ReviewContext) {
    const out: Finding[] = [];
    // Gathered once per review, when a lock held at every return first asks.
    let partners: Map<string, Set<FunctionAnalysis>> | undefined;
    const errors = ctx.engine.knowledge.calls;
    for (const a of ctx.analyses) {
      const mine: Finding[] = [];
      const insts = new Set<string>();
      // A context that came with a lock held at the same return is said with that lock; one its lock
      // left behind, given back by a variant that does not leave it, is lock/context-left-off's.
      // (A hold meant for another task to give back, `down_read_non_owner()`'s, is handed on, not kept.)
      for (const e of a.ends) for (const h of e.held) if (isOwnHold(h) && !h.ridesWith && !h.nonOwner) insts.add(h.inst);
      if (!insts.size) continue;
      const wrapper = isLockWrapper(a.fn, a.file, ctx.engine.knowledge, ctx.engine.summaries);
      let unchanged: ((name: string) => boolean) | undefined;

      for (const inst of insts) {
        const held = a.ends.filter((e) => acquiredAt(e, inst));
        // A return that re-entered the lock its caller holds (an owner test said so) keeps it held, too.
        const unheld = a.ends.filter((e) => !acquiredAt(e, inst) && !e.held.some((h) => h.inst === inst && h.reentrant));
        if (declaresAcquire(a, inst)) continue;
        // Taken only for some arguments (`switch (mode)`): a return that never took it, for
        // arguments no holding path had when it took it, is another contract, not a contrast.
        // A return in another mode of a callee (its case took other locks, still held here) is another contract too.
        const otherMode = (e: PathEnd) => e.held.some(isOwnHold) && held.every((h) => modesApart(a, h, e, (unchanged ??= unchangedNames(a.file, a.fn))));
        const free = unheld.filter((e) => (e.mayTook.has(inst) || held.some((h) => agrees(h.mayTook.get(inst), e))) && !otherMode(e) && !objectAbsent(a, e, inst));
        if (unheld.length && !free.length) continue;
        const taken = acquiredAt(held[0], inst)!;
        // Whether the function keeps the lock on purpose: for its caller, a partner, a later call.
        const keptOnPurpose = (): boolean => {
          // A wrapper that takes a lock only sometimes (lock-if-flag) still never fails holding it.
          // So does a path that does nothing under it after taking it: it took it for its caller.
          const forCaller = () => takenForCaller(ctx.engine.cfgs.get(a.fn.name)!, a.file, held, inst);
          // A callback nothing in view calls (its address taken, or registered by an attribute macro: a sysfs
          // store), whose lock nothing in view gives back for it, hands the lock to no one: the code that runs
          // it knows no contract of holding it on some results. (Unless the function also gives back a lock
          // of the member it never took: two names for one lock, not a lock kept.)
          let noOne: boolean | undefined;
          const toNoOne = () => (noOne ??= runByKernel(ctx, a) && !releasedForIt(ctx, (partners ??= untakenReleases(ctx)), a, acquiredAt(held[0], inst)!.cls) && !releasesUnderOtherName(a, inst));
          if (free.length && (((wrapper || forCaller()) && !returnsError(held, errors)) || splitsByReturnValue(held, free, a.fn.returnType.includes('*'), errors)) && !toNoOne()) return true;
          // Held on every return of zero or more, and on none of the negative ones: handed over on success.
          if (negativeApart(held, free) && !toNoOne()) return true;
          // Held on every return but those whose result carries a failure bit (`ret & VM_FAULT_ERROR` found set), or is zero: handed over unless it says so.
          if (free.length && bitsApart(a, [...held, ...free], (e) => held.includes(e))) return true;
          // Kept for a later call in another mode, which gives it back (carriedLocks.ts).
          if (free.length && carriedToNextCall(a, held, inst)) return true;
          // Kept for a partner the kernel runs next with the same arguments, which gives it back on the same answer (partnerModes.ts).
          if (free.length && keptForPartner(a, held, free, (partners ??= untakenReleases(ctx)).get(taken.cls) ?? [], taken.cls, ctx.engine.knowledge)) return true;
          // Held exactly on the returns whose result code says so (`VM_FAULT_LOCKED`): the caller gives it back.
          if (keptWithResultCode(held, free, taken.cls, ctx.engine.knowledge.lockKeepingCodes)) return true;
          // Kept with the returned object in the state its partner in view asks before giving it back (returnedState.ts).
          if (free.length && keptWithReturnedState(a, held, free, taken.cls, ctx.engine.summaries)) return true;
          // Held exactly on the ways that record it in a flag of its object: the caller's walk follows the flag.
          if (free.length && recordedInFlag(ctx, a, held, taken.cls)) return true;
          // Held exactly on the returns that set a flag through a pointer parameter (`*locked_ret = true`), which
          // every other return leaves clear: the caller's variable says whether it holds the lock.
          if (free.length && toldThroughOutFlag(held, free)) return true;
          // Every other return holds another lock of this kind taken here, or returns the other
          // class of values: the function hands its caller one lock whose name depends on the path
          // (`&rq->__lock`, or `lock` once checked), when it says so by its result if at all.
          const renamed = (e: PathEnd) => e.held.some((h) => h.inst !== inst && isOwnHold(h) && h.kind === taken.kind);
          if (free.length && free.every(renamed)) return true;
          // Taken by a callee in exchange for a lock of the caller's, on exactly the returns that gave that one
          // back: every return leaves the caller one lock of the kind (exchange.ts).
          const swappedFor = taken.exchangedFor;
          if (free.length && swappedFor && held.every((e) => acquiredAt(e, inst)?.exchangedFor === swappedFor && e.releasedCaller.has(swappedFor)) && free.every((e) => !e.releasedCaller.has(swappedFor))) return true;
          if (free.length && splitsByReturnValue(held, free.filter((e) => !renamed(e)), a.fn.returnType.includes('*'), errors) && !toNoOne()) return true;
          // A function that only takes locks, held at every return, hands them to its callers in view (its
          // summary says which, in their names): their returns are checked for them.
          if (!free.length && wrapper && ctx.engine.graph.callsTo(a.fn.name).length) return true;
          // So does one that keeps, on every path, a lock its caller names for it (`spin_lock(lock)` of a
          // `spinlock_t *lock` parameter): the lock is the caller's, handed back taken. (A lock in a member of
          // a parameter's object is the object's: kept, its callers in view give it back, below.)
          if (!free.length && ctx.engine.graph.callsTo(a.fn.name).length && ctx.engine.summaries.get(a.fn.name)?.effects.some((e) => e.op === 'acquire' && e.ref.param !== null && e.ref.param >= 0 && LOCK_POINTED_AT.test(e.ref.path) && e.ref.cls === taken.cls)) return true;
          if (!free.length && releasedForIt(ctx, (partners ??= untakenReleases(ctx)), a, taken.cls)) return true;
          // Kept on every path by a function only other files call: handing it over is its contract
          // (`Returns with ubi->fm_eba_sem held`); its callers release it, out of view. Not a lock the file
          // keeps static: code elsewhere can give that back only through a function in view (releasedForIt()).
          if (!free.length && !a.fn.isStatic && !ctx.engine.graph.callsTo(a.fn.name).length && !fileStaticLock(a.file, inst)) return true;
          if (returnsAnObject(a.fn.returnType) && held.every((e) => returnsObjectOf(a, e, inst))) return true;
          // `*pagep = page;` (a ->write_begin): the object goes to the caller locked through a parameter;
          // so does one a callee stored there locked (`*(*pagep)`): the caller's variable names it.
          if (storedForCaller(a, inst) || throughOutParam(a, inst)) return true;
          // `*lsp = ls;` on every holding return: the object goes to the caller with its own lock held.
          if (held.every((e) => handedOutWith(e, inst))) return true;
          // Held exactly when a flag the caller reads says so (`*locked = mutex_trylock(...)`): the caller's to give back.
          if (held.every((e) => e.held.some((h) => h.inst === inst && recordedForCaller(a, h.recordedIn)))) return true;
          // A loop that keeps every entry it locks (and never unlocks one in the loop): a lock-all.
          if (held.every((e) => e.held.some((h) => h.inst === inst && h.detached)) && !a.releasedInLoop.has(inst)) return true;
          return false;
        };
        // With its interrupt state saved in a local nothing else reads, it is handed to no one (irqStateLost.ts).
        const lostState = lostIrqState(a, held, inst, ctx.engine.knowledge);
        if (!lostState && keptOnPurpose()) continue;
        // Code not in view may have released it: a function it handed the object to, under any name, when it keeps it on every path.
        const unless = handedOffTo(a, held, inst) ?? (free.length ? undefined : handedToACall(a, inst, (callee) => !ctx.engine.summaries.has(callee) && !ctx.engine.knowledge.primitives.has(callee) && !ctx.engine.knowledge.lockNeutral.has(callee), ctx.engine.envs.get(a.fn.name), taken.line));
        // The return that looks like the unlocked ones (same class of result) is the odd one: said first.
        const freeClass = free.length && free.every((e) => e.retClass === free[0].retClass) ? free[0].retClass : undefined;
        const odd = (e: PathEnd) => (freeClass !== undefined && freeClass !== 'unknown' && e.retClass === freeClass ? 0 : 1);
        // (A return that handed the object out with its lock is not the odd one, nor one whose code says it keeps it.)
        const rank = (e: PathEnd) => odd(e) + (handedOutWith(e, inst) ? 2 : 0) + (codeKeeps(e, taken.cls, ctx.engine.knowledge.lockKeepingCodes) ? 4 : 0);
        const ranked = [...held].sort((x, y) => rank(x) - rank(y));
        const heldLines = ranked.map((e) => e.endLine);
        const freeLines = free.map((e) => e.endLine);
        // Said of the return told first: where its path took the lock, and what skipped the unlock.
        const takenLine = acquiredAt(ranked[0], inst)?.line ?? taken.line;
        const skip = ranked[0].events.find((e) => e.kind === 'branch' && /^(?:continue|break|goto )/.test(e.text));
        const via = taken.handOffIn ? `${taken.handOffIn}() handed it` : 'is handed it';
        // A semaphore is no task's: a callback in view that gives it back without taking it may be where it goes.
        const receiver = unless ? undefined : semaphoreReceiver(ctx, a, taken);
        const why = unless
          ? `, unless ${unless}() (not in view), which ${via}, releases it`
          : receiver
            ? `, unless it is handed to ${receiver}(), which gives ${taken.cls} back without taking it: a semaphore belongs to no task, so another context may release it`
            : '';
        const lost = lostState ? `; the interrupt state its take saved in the local '${lostState}' is gone once the function returns, so no caller can give it back` : '';
        const message = free.length
          ? `${inst} (taken at line ${takenLine}) is still held at the return on ${linesPhrase(heldLines)}${releasedPhrase(heldLines, freeLines)}${skip ? `; the '${skip.text}' at line ${skip.line} skips the unlock` : ''}${lost}${why}`
          : `${inst} (taken at line ${takenLine}) is never released: it is still held at every return (${linesPhrase(heldLines)})${lost || ` and nothing in view releases ${taken.cls}`}${why}`;
        mine.push(
          finding({
            rule: 'lock/held-at-return',
            subject: { lock: inst },
            severity: unless || receiver ? 'info' : 'warning',
            file: a.file.path,
            line: heldLines[0],
            function: a.fn.name,
            message,
            related: [
              { file: a.file.path, line: takenLine, message: `${inst} taken here` },
              ...heldLines.slice(1).map((l) => ({ file: a.file.path, line: l, message: `returns with ${inst} held` })),
              ...freeLines.map((l) => ({ file: a.file.path, line: l, message: `returns with ${inst} released` })),
            ],
            trace: toTrace(held[0].events, a.file.path),
            suggestion: skip
              ? `Release ${inst} before the '${skip.text}' at line ${skip.line}, or jump to the unlock instead.`
              : `Release ${inst} on the path that returns at line ${heldLines[0]}, for example with a goto to the common unlock label${free.length ? ` used by the return at line ${freeLines[0]}` : ''}.`,
          }),
        );
      }
      out.push(...oneFindingPerReturn(mine));
    }
    return out;
  },
};

/**
 * A function in view run as a callback (a thread, a work item) that gives back a semaphore of
 * the held one's class and never takes one: the semaphore is handed to it. Only a semaphore:
 * a mutex or a spinlock must be released by the task that took it.
 */
function semaphoreReceiver(ctx: ReviewContext, a: FunctionAnalysis, taken: Held): string | undefined {
  if (taken.kind !== 'semaphore') return undefined;
  for (const o of ctx.analyses) {
    // (One that takes it too counts when it first gives back one it did not take: a thread that starts by releasing its starter's.)
    const givesBackUntaken = o.takes.every((t) => t.ref.cls !== taken.cls) || o.callerReleases.some((i) => (o.classes.get(i.lock) ?? i.lock) === taken.cls);
    if (o === a || !o.releasedClasses.has(taken.cls) || !givesBackUntaken) continue;
    if (ctx.engine.graph.callsTo(o.fn.name).some((e) => e.kind === 'callback')) return o.fn.name;
  }
  return undefined;
}

/**
 * Where the lock is released, told apart from where it is held: a return reached both ways (a
 * label some paths enter with the lock and some without) is said once, as the other paths to it.
 */
function releasedPhrase(heldLines: number[], freeLines: number[]): string {
  const shared = [...new Set(freeLines.filter((l) => heldLines.includes(l)))];
  const elsewhere = freeLines.filter((l) => !heldLines.includes(l));
  if (!shared.length) return `, but released at the return on ${linesPhrase(freeLines)}`;
  const others = shared.length === new Set(heldLines).size ? 'there' : `at ${linesPhrase(shared)}`;
  return elsewhere.length ? `, but released at the return on ${linesPhrase(elsewhere)}, and on other paths ${others}` : ` on some paths, but released ${others} on others`;
}

/**
 * Locks left held at the same return are one finding, the first lock's (in
 * order taken), naming the others: one unlock path missing, not one per lock.
 */
function oneFindingPerReturn(findings: Finding[]): Finding[] {
  const byReturn = new Map<string, Finding[]>();
  for (const f of findings) byReturn.set(`${f.line}|${f.severity}`, [...(byReturn.get(`${f.line}|${f.severity}`) ?? []), f]);
  return [...byReturn.values()].map(([first, ...rest]) => {
    if (!rest.length) return first;
    const locks = [first, ...rest].map((f) => f.subject!.lock!);
    // Repeats are kept: the evidence bound (evidence.ts) says each place once, with how often.
    const related = [first, ...rest].flatMap((f) => f.related);
    const also = rest.map((f) => /^(.*? \(taken at line \d+\))/.exec(f.message)?.[1] ?? f.subject!.lock!);
    return { ...first, subject: { lock: locks.join(', ') }, message: `${first.message}; also still held there: ${also.join(', ')}`, related };
  });
}
