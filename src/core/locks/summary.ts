/** Turns one function's explored paths into its summary, in terms of its parameters. */
import type { FunctionAnalysis, PathEnd } from './explore';
import { declaresAcquire, handedOffTo, isOwnHold } from './handOff';
import { exchangedForReturned } from './exchange';
import { canon, elementOf, instVars, isMemberPath, refKey, RETURNED, toRef, type LockRef } from './identity';
import { addressedParams, annotatedLock, declaresRelease, throughLocals, writtenParams } from './stablePaths';
import { commonValues, offFlags, type Held, type LockMeta, type ParamValues } from './state';
import type { ArgCondition, ArgOneOf, ContainerLock, FunctionSummary, SummaryEffect, SummaryTake } from './summaryTypes';
import type { ArgumentFlag } from '../knowledge';
import { byCodePoint } from '../text/compare';
import { constantsOf } from './argValues';
import { summaryCases, withRecords, type Template } from './summaryCases';
import { sharedNames } from './macroNames';
import { bitsApart } from './resultBits';

export function summarize(a: FunctionAnalysis, globals: ReadonlySet<string>): FunctionSummary {
  const params = a.fn.params.map((p) => p.name);
  // A macro's names it does not declare are its caller's, pasted in with its body.
  const shared = sharedNames(a.file, a.fn, globals);
  const nameable = (inst: string, cls: string): LockRef | undefined => {
    const ref = toRef(inst, params, cls);
    if (ref.param !== null) return ref;
    // A global lock (or one named by a plain name, like DEFINE_MUTEX's) means the same to every caller.
    return /^[\w-]+$/.test(inst) || instVars(inst).every((v) => shared.has(v)) ? ref : undefined;
  };
  // Where interrupts' state was saved, in the caller's terms (a parameter, or what it points at).
  const savedIn = (place: string | undefined): { savedIn?: LockRef } => {
    const ref = place ? toRef(place, params, place) : undefined;
    return ref && ref.param !== null ? { savedIn: ref } : {};
  };
  const effects: SummaryEffect[] = [];
  const requires: FunctionSummary['requires'] = [];
  const ends = a.ends;
  // Each lock's effect as done on every path, keyed `op|inst`: a case's effects (summaryCases.ts).
  const templates = new Map<string, Template>();
  let caseless = false;

  const written = writtenParams(a.file, a.fn);
  // Locks this function takes and leaves held: always, or only for some return values.
  const returnedLocked: Array<{ effect: SummaryEffect; inst: string }> = [];
  const leftHeld = new Map<string, Held>();
  for (const end of ends) for (const h of end.held) if (isOwnHold(h)) leftHeld.set(h.inst, h);
  for (const [inst, h] of leftHeld) {
    const holds = (e: PathEnd) => keeps(e, inst);
    const holding = ends.filter(holds);
    // `return ci;` with ci->lock held: the caller gets the object locked (when it gets one at all),
    // and names it by what it stores the result in.
    const returned = returnedRef(a, holding, inst, h.cls);
    if (returned) {
      const effect: SummaryEffect = { op: 'acquire', ref: returned, meta: metaOf(h, a.reentrant), when: ends.every(holds) ? 'always' : 'nonzero', line: h.line, chain: [] };
      effects.push(effect);
      returnedLocked.push({ effect, inst });
      caseless = true;
      continue;
    }
    // `*head2_ret = head2;` with head2->lock held: the caller's variable names the locked object.
    const out = outPointerRef(a, holding, inst, h.cls);
    if (out) {
      const when = decide(ends, holds, holding.some((e) => e.held.some((x) => x.inst === inst && x.tried)), returnsPointer(a));
      const free = ends.filter((e) => !holds(e));
      const nulled = free.length > 0 && out.param !== null && free.every((e) => e.outValues.get(out.param!) === 0) ? { outNullOtherwise: true } : {};
      if (when) effects.push({ op: 'acquire', ref: out, meta: metaOf(h, a.reentrant), when, line: h.line, chain: [], ...nulled });
      caseless = true;
      continue;
    }
    // Callers hold it with the doubt this function's own finding states, unless the function
    // says it returns with the lock held.
    const handedTo = declaresAcquire(a, inst) ? undefined : handedOffTo(a, holding, inst);
    const handed = handedTo ? { handedTo } : {};
    const ref = nameable(inst, h.cls);
    const decided = ref && decide(ends, holds, ends.some((e) => e.held.some((x) => x.inst === inst && x.tried)), returnsPointer(a));
    // Held on most returns: exactly on all but those of one error code, or of the negative ones, if so;
    // held on few, but exactly on those not negative: handed over on success too.
    const untilError = ref && (decided === 'always' || !decided) && !ends.every(holds) ? errorApart(a, ends, holds, decided === 'always') : {};
    const when = decided ?? (untilError.unlessNegative || untilError.unlessBits ? 'always' : undefined);
    if (ref && when) effects.push({ op: 'acquire', ref, meta: metaOf(h, a.reentrant), when, line: h.line, chain: [], ...nullGuard(a, ends, holds), ...handed, ...savedIn(h.savedIn), ...untilError });
    if (ref) templates.set(`acquire|${inst}`, { inst, effect: { op: 'acquire', ref, meta: metaOf(h, a.reentrant), when: 'always', line: h.line, chain: [], ...handed, ...savedIn(h.savedIn) } });
  }

  returnedOnlyWhen(a, ends, returnedLocked, written);

  // Locks held on entry (annotated, or the caller's) that this function releases. A lock it
  // declares `__releases` and hands to code not in view is released there, as it says.
  // (Only when it never gives the lock back itself: one that does says on which returns.)
  const releasesItself = new Set(ends.flatMap((e) => [...e.releasedCaller.keys()]));
  const gone = (e: PathEnd, inst: string) => e.releasedCaller.has(inst) || (!releasesItself.has(inst) && e.held.some((h) => h.inst === inst && h.origin === 'releases' && !!h.handedTo));
  const released = new Map<string, { line: number; cls: string; meta: LockMeta; savedIn?: string }>();
  for (const end of ends) {
    for (const [inst, r] of end.releasedCaller) {
      if (!released.has(inst)) released.set(inst, { line: r.line, cls: a.classes.get(inst) ?? inst, meta: r.meta, ...(r.savedIn ? { savedIn: r.savedIn } : {}) });
    }
    for (const h of end.held) {
      if (gone(end, h.inst) && !released.has(h.inst)) released.set(h.inst, { line: end.endLine, cls: h.cls, meta: metaOf(h, a.reentrant) });
    }
  }
  const addressed = addressedParams(a.file, a.fn);
  const fixed = (v: string) => (params.includes(v) && !written.has(v)) || globals.has(v);
  const byClass: NonNullable<FunctionSummary['releasesByClass']> = [];
  for (const [inst, r] of released) {
    // An element picked by an index of this function's own: the array it belongs to, every element of it.
    const element = elementOf(inst);
    const byOwnIndex = element !== inst && !instVars(inst).every(fixed) && instVars(element).every(fixed);
    const ref = byOwnIndex ? toRef(element, params, r.cls) : nameable(inst, r.cls);
    if (!ref) {
      // Named only through its own locals, given back on every return: its caller's lock of that class
      // if it says so, or the lock a helper took just before calling it (`kref_put_mutex()`'s release).
      if (ends.every((e) => gone(e, inst))) byClass.push({ cls: r.cls, meta: r.meta, line: r.line, ...(declaresRelease(a, inst) ? {} : { undeclared: true }), ...ofContainer(a, inst) });
      continue;
    }
    if (byOwnIndex) {
      effects.push({ op: 'release', ref, meta: r.meta, when: 'always', line: r.line, chain: chainOf(a, inst, r.line), elements: true });
      caseless = true;
      continue;
    }
    // Exchanged for the returned object's lock of the same member: given back, then that one taken,
    // on every return (the same lock again when the object returned is the one handed in).
    const swappedFor = exchangedForReturned(a, inst);
    if (swappedFor) {
      const held = effects.findIndex((e) => e.op === 'acquire' && e.ref.param === RETURNED && e.ref.path === swappedFor);
      const taken = held >= 0 ? effects.splice(held, 1)[0] : undefined;
      effects.push({ op: 'release', ref, meta: r.meta, when: 'always', line: r.line, chain: chainOf(a, inst, r.line) });
      effects.push({ op: 'acquire', ref: { param: RETURNED, path: swappedFor, cls: r.cls }, meta: taken?.meta ?? r.meta, when: 'always', line: taken?.line ?? r.line, chain: [], exchanges: ref });
      caseless = true;
      requires.push({ ref, line: r.line, why: 'releases-caller-lock' });
      continue;
    }
    templates.set(`release|${inst}`, { inst, effect: { op: 'release', ref, meta: r.meta, when: 'always', line: r.line, chain: chainOf(a, inst, r.line), ...savedIn(r.savedIn) } });
    // Done on some ends only: told by the return value, by a parameter being NULL, or else
    // (`ifHeld`) given back if the caller holds it.
    const goes = (e: PathEnd) => gone(e, inst);
    const guard: { ifArg?: ArgCondition; ifFlag?: ArgumentFlag } = { ...nullGuard(a, ends, goes) };
    if (!guard.ifArg) Object.assign(guard, clearFlagGuard(a, ends.filter(goes), written));
    const decided = decide(ends, goes);
    const asked = guard.ifArg || guard.ifFlag ? undefined : askedAndTold(a, ends, goes);
    if (asked) guard.ifArg = asked.ifArg;
    // A parameter's test that asks for it may be one the caller cannot answer (`spufs_wait(wq, cond)`'s
    // condition): the result telling the same ends apart is said with it.
    // Given back only if held, on every end that gives it back (a lockdep hand-off): asks nothing of callers.
    const quiet = releasesItself.has(inst) && ends.every((e) => !e.releasedCaller.get(inst) || !!e.releasedCaller.get(inst)!.quiet);
    // Given back only on the returns of one error code, and taken back on every other (a failed
    // interruptible retake's `return -EINTR;`), where zero or nonzero does not tell: the caller's test of that code says.
    // Or said by a flag stored through a pointer parameter, set where it was given back and cleared (or
    // left) elsewhere: a caller that passed the flag clear finds by testing it.
    const byResult = decided === 'zero' || decided === 'nonzero';
    const only = byResult ? undefined : onlyOnCode(ends, goes);
    const told = byResult || only ? undefined : toldThroughFlag(ends, goes);
    if (only || told !== undefined) {
      effects.push({ op: 'release', ref, meta: r.meta, when: 'always', line: r.line, chain: chainOf(a, inst, r.line), ...guard, ...savedIn(r.savedIn), ...(only ? { onlyOn: only } : { toldThrough: told }) });
      if (!quiet) requires.push({ ref, line: r.line, why: 'releases-caller-lock' });
      continue;
    }
    const exact = asked ? asked.when : guard.ifArg ? (heldExactlyOn(ends.filter(goes), ends.filter((e) => !goes(e))) ?? 'always') : !decided || (decided === 'always' && !ends.every(goes)) ? (quiet ? undefined : releasedOnNonzero(ends, goes)) : decided;
    // Given back on every return but those of one error code (`return -EAGAIN;` keeps it), or the negative ones.
    const untilError = exact ? {} : errorApart(a, ends, goes);
    const when = untilError.unless || untilError.unlessNegative || untilError.unlessBits ? 'always' : exact;
    // Not when the ends that give it back hold another of its class: dropped and taken back under another name.
    const swapped = ends.some((e) => goes(e) && e.held.some((h) => h.cls === r.cls && h.inst !== inst));
    // (One given back unless an error code is still `ifHeld` for a caller that does not test that code.)
    const ifHeld = (!exact && !guard.ifArg && !swapped) || quiet ? { ifHeld: true } : undefined;
    // Given back on some ends only, each of which had one parameter at one value (`if (!locked)
    // rtnl_unlock();` past a path that did not take it): a caller passing the other value is spared it.
    const needs = guard.ifArg || guard.ifFlag || ends.every(goes) ? {} : necessaryArg(a, ends.filter(goes));
    if (when || ifHeld) effects.push({ op: 'release', ref, meta: r.meta, when: when ?? 'always', line: r.line, chain: chainOf(a, inst, r.line), ...guard, ...needs, ...ifHeld, ...savedIn(r.savedIn), ...untilError });
    if (!quiet) requires.push({ ref, line: r.line, why: 'releases-caller-lock' });
  }
  for (const d of a.drops) {
    const ref = nameable(d.lock, a.classes.get(d.lock) ?? d.lock);
    if (ref && !requires.some((r) => r.ref.path === ref.path && r.ref.param === ref.param)) requires.push({ ref, line: d.releaseLine, why: 'releases-caller-lock' });
  }
  for (const ann of a.fn.annotations) {
    if (ann.kind !== '__must_hold' && ann.kind !== 'lockdep_assert_held' && ann.kind !== '__releases') continue;
    if (!ann.args[0]) continue;
    const inst = annotatedLock(a, ann);
    const ref = nameable(inst, a.classes.get(inst) ?? inst);
    if (ref && !requires.some((r) => r.ref.path === ref.path && r.ref.param === ref.param)) requires.push({ ref, line: ann.line, why: 'annotation' });
  }

  const takes: SummaryTake[] = [];
  const seenTakes = new Set<string>();
  // The take with the shortest chain stands for each lock, whatever order a recursion met them in,
  // so the summaries of a call-graph cycle settle.
  const byChain = [...a.takes].sort((x, y) => x.chain.length - y.chain.length || byCodePoint(x.chain.join('>'), y.chain.join('>')) || x.line - y.line);
  for (const t of byChain) {
    const named = t.local ? undefined : nameable(t.ref.path, t.ref.cls);
    const ref = named ?? { param: null, path: t.ref.path, cls: t.ref.cls };
    const key = `${ref.param}|${ref.path}|${ref.cls}`;
    if (seenTakes.has(key)) continue;
    seenTakes.add(key);
    const always = ends.length > 0 && ends.every((e) => e.took.has(t.ref.path));
    const droppedBefore = t.droppedBefore?.map((d) => nameable(d.path, d.cls)).filter((r): r is LockRef => !!r);
    // Taken only when a parameter is (not) zero (`if (lock) write_lock(&dev_base_lock)`, or in a callee only then): a call passing the other constant does not take it.
    // (What a take knew of a parameter is what the caller passed: a path that wrote it first knows nothing of it.)
    const guard = always ? {} : onlyWhen(a, ends, (e) => e.mayTook.get(t.ref.path), addressed);
    const meta = a.reentrant.has(t.ref.path) ? { meta: { ...t.meta, reentrant: true } } : {};
    takes.push({ ...t, ref, always, ...meta, ...(named ? {} : { local: true }), ...(droppedBefore?.length ? { droppedBefore } : {}), ...guard });
  }
  takes.sort((x, y) => byCodePoint(`${x.ref.param}|${x.ref.path}|${x.ref.cls}`, `${y.ref.param}|${y.ref.path}|${y.ref.cls}`));
  // One reached through a local is still the caller's (a function drops only what it was called holding):
  // kept by its own words, for the caller's one hold of its kind.
  const droppedRefs = (dropped: string[]) =>
    dropped.map((inst) => {
      const cls = a.classes.get(inst) ?? inst;
      return nameable(inst, cls) ?? { param: null, path: inst, cls };
    });
  // Asleep only when a parameter is (not) zero (`if (!on) return remove(); return add();`), or has a flag: a call passing the other constant does not sleep.
  const anyway = onlyWhen(a, ends, (e) => e.slept ?? undefined, written);
  // Asleep with every entry lock held, and also with some dropped: the first way's own test (`flag & lbmSYNC`),
  // not one every sleep passed (`flag & lbmWRITE`), tells the two apart.
  const twoWays = !!a.sleepsAt && !a.sleepsAt.dropped.length && !!a.sleepsDropping;
  const sleptAll = ends.flatMap((e) => (e.slept ? [e.slept] : []));
  const everywhere = sleptAll.length ? sleptAll.reduce(commonValues) : new Map<string, string>();
  const holding = twoWays ? { ...anyway, ...onlyWhen(a, ends, (e) => e.sleptHolding ?? undefined, written, everywhere) } : anyway;
  const sleeps = a.sleepsAt && { ...a.sleepsAt, dropped: droppedRefs(a.sleepsAt.dropped), ...holding };
  const otherwise = twoWays && (holding.ifArg !== anyway.ifArg || holding.ifFlag !== anyway.ifFlag || holding.ifOneOf !== anyway.ifOneOf) ? a.sleepsDropping : null;
  const sleepsOtherwise = otherwise && { ...otherwise, dropped: droppedRefs(otherwise.dropped), ...anyway };

  // Ways a return value tells apart are the effects' own `when`; the others may be cases.
  const did = (e: PathEnd) =>
    [...templates].filter(([, { inst, effect }]) => (effect.op === 'acquire' ? keeps(e, inst) : gone(e, inst))).map(([k]) => k);
  const cases = caseless || a.truncated || effects.some((e) => e.when !== 'always') || exactOnEveryEnd(effects, ends, params, did, templates) ? undefined : summaryCases(ends, params, fixed, did, templates, a.pairedTests);
  const ways = cases && withRecords(cases);

  return {
    name: a.fn.name,
    effects: uniqueEffects(effects),
    requires,
    takes,
    sleeps,
    ...(sleepsOtherwise ? { sleepsOtherwise } : {}),
    paths: ends.length,
    truncated: a.truncated,
    ...(ways ? { cases: ways } : {}),
    ...(byClass.length ? { releasesByClass: byClass } : {}),
    ...outsOf(ends),
    ...(a.comparedParams.size ? { compares: [...a.comparedParams].sort().map((k) => k.split('|').map(Number) as [number, number]) } : {}),
  };
}

/** The constants every end wrote through one pointer parameter alike (`*dropped = 1` on every return). */
function outsOf(ends: readonly PathEnd[]): { outs?: Array<{ param: number; value: number }> } {
  const first = ends[0]?.outValues;
  const outs = [...(first ?? [])].filter(([param, value]) => ends.every((e) => e.outValues.get(param) === value)).map(([param, value]) => ({ param, value }));
  return outs.length ? { outs } : {};
}

/**
 * Whether the merged effects say exactly what each end did: done always, or only when a
 * parameter is (not) NULL as it is there. Then cases would add nothing but paths.
 */
function exactOnEveryEnd(effects: readonly SummaryEffect[], ends: readonly PathEnd[], params: readonly string[], did: (e: PathEnd) => string[], templates: ReadonlyMap<string, Template>): boolean {
  const key = (e: SummaryEffect) => `${e.op}|${refKey(e.ref)}`;
  return ends.every((end) => {
    const done = new Set(did(end).map((k) => key(templates.get(k)!.effect)));
    const said = new Set(
      effects
        .filter((e) => !e.ifHeld && (!e.ifArg || end.paramValues.get(params[e.ifArg.param]) === (e.ifArg.nonNull ? 'nonzero' : 'zero')))
        .map(key),
    );
    return done.size === said.size && [...done].every((k) => said.has(k));
  });
}

/**
 * The function gives back a pointer: its type says so, or (a macro written out as a function,
 * typed `long`) one of its returns is `NULL`, which only a pointer is.
 */
function returnsPointer(a: FunctionAnalysis): boolean {
  return a.fn.returnType.includes('*') || a.ends.some((e) => e.returnValue === 'NULL');
}

/** `always` when every end satisfies `pred`; `zero`/`nonzero` when exactly the ends returning that do; else the majority. */
function decide(ends: PathEnd[], pred: (e: PathEnd) => boolean, tried = false, returnsPointer = false): SummaryEffect['when'] | undefined {
  const yes = ends.filter(pred);
  const no = ends.filter((e) => !pred(e));
  if (!yes.length) return undefined;
  if (!no.length) return 'always';
  const split = heldExactlyOn(yes, no, tried, returnsPointer);
  if (split) return split;
  return yes.length * 2 >= ends.length ? 'always' : undefined;
}

/**
 * The return value class that tells the ends with an effect from those without:
 * all `yes` ends return 0 and every `no` end returns a nonzero constant (`return
 * 0` holding the lock, `return -ENODEV` without), or the other way round. When
 * the lock was only tried (a trylock), a `no` end may return what the code
 * cannot evaluate (`return restart_syscall()`): the try's result decides.
 */
export function heldExactlyOn(yes: PathEnd[], no: PathEnd[], tried = false, returnsPointer = false): 'zero' | 'nonzero' | undefined {
  // A value known negative (`ret` once `ret < 0`) is not zero, whatever else is unknown of it.
  const classOf = (e: PathEnd) => (e.retClass === 'unknown' && e.retSign === 'negative' ? 'nonzero' : e.retClass);
  const otherwise = (cls: 'zero' | 'nonzero') => no.every((e) => classOf(e) === cls || (tried && e.retClass === 'unknown'));
  if (yes.every((e) => e.retClass === 'zero') && otherwise('nonzero')) return 'zero';
  if (yes.every((e) => e.retClass === 'nonzero') && otherwise('zero')) return 'nonzero';
  // A pointer returned with the lock held, NULL on every other return: the object, locked, or nothing.
  if (returnsPointer && no.length && no.every((e) => e.retClass === 'zero') && yes.every((e) => e.retClass !== 'zero' && !!e.returnValue)) return 'nonzero';
  return undefined;
}

/**
 * A caller's lock given back on the returns of a computed result (`return pid;`) and kept on
 * every `return 0;`: the kernel's "if we return zero, we still hold the lock; if we return
 * nonzero, we have released it" (wait_task_zombie()). Said only of a release: its caller's
 * test of the result follows which returns still hold the lock.
 */
function releasedOnNonzero(ends: PathEnd[], goes: (e: PathEnd) => boolean): 'nonzero' | undefined {
  const yes = ends.filter(goes);
  const no = ends.filter((e) => !goes(e));
  const computed = (e: PathEnd) => e.retClass === 'nonzero' || (e.retClass === 'unknown' && !!e.returnValue && e.retSign !== 'negative' && !e.returnCode);
  return no.length && yes.length && no.every((e) => e.retClass === 'zero' && e.returnValue?.trim() === '0') && yes.every(computed) ? 'nonzero' : undefined;
}

/** A test of one flag of a parameter, as explore.ts flagKey() writes it. */
const FLAG_KEY = /^([A-Za-z_]\w*)&([A-Za-z_]\w*)$/;

/**
 * `ifArg` when wherever the function may have done something (taken a lock, slept),
 * on every path, one parameter it never writes was known (not) zero: a call passing
 * the other constant does not do it; `ifFlag` when one flag of such a parameter was
 * set there. `did` gives the parameters' values known there.
 */
function onlyWhen(
  a: FunctionAnalysis,
  ends: PathEnd[],
  did: (e: PathEnd) => ParamValues | undefined,
  written: ReadonlySet<string>,
  besides: ReadonlyMap<string, string> = new Map(),
): { ifArg?: ArgCondition; ifFlag?: ArgumentFlag; ifOneOf?: ArgOneOf } {
  const where = ends.map(did).filter((v): v is ParamValues => !!v);
  // A walk cut short has not seen every end.
  if (a.truncated || !where.length) return {};
  // A flag of a parameter tested set wherever it was done (`if (issue_flags & IO_URING_F_UNLOCKED)`),
  // or tested clear (`if (!(flags & QMFLAGS_NO_MUTEX_LOCK))`).
  for (const [key, value] of where[0]) {
    if (besides.get(key) === value) continue;
    const tested = flagOfParameter(a, key, written);
    if (tested && where.every((v) => v.get(key) === value)) return { ifFlag: { ...tested, ...(value === 'zero' ? { clear: true } : {}) } };
  }
  // A flag first: a pointer is often known non-NULL only because it was used.
  const candidates = [...a.fn.params.entries()].sort(([, x], [, y]) => Number(x.type.includes('*')) - Number(y.type.includes('*')));
  for (const [param, p] of candidates) {
    if (written.has(p.name)) continue;
    const value = where[0].get(p.name);
    if (value && besides.get(p.name) === value) continue;
    if (value && where.every((v) => v.get(p.name) === value)) return { ifArg: { param, nonNull: value === 'nonzero' } };
  }
  // Done only where a parameter was one of some constants (`if (action == A || action == B)`, `case A:`).
  for (const [param, p] of a.fn.params.entries()) {
    if (written.has(p.name)) continue;
    const sets = where.map((v) => constantsOf(v, p.name));
    if (!sets.every((c): c is string[] => !!c)) continue;
    const values = [...new Set(sets.flat())].sort();
    if (constantsOf(besides, p.name)?.join('|') === values.join('|')) continue;
    return { ifOneOf: { param, values } };
  }
  return {};
}

/**
 * The one result code every end without the effect returns as written (`return -EAGAIN;`,
 * `return SCAN_SUCCEED;`), when no end with it returns that code: the effect is done unless
 * the function returns it.
 */
function unlessCode(ends: PathEnd[], has: (e: PathEnd) => boolean): string | undefined {
  const code = (e: PathEnd) => e.returnCode;
  const yes = ends.filter(has);
  const no = ends.filter((e) => !has(e));
  const k = no.length && yes.length ? code(no[0]) : undefined;
  return k && no.every((e) => code(e) === k) && yes.every((e) => code(e) !== k) ? k : undefined;
}

/** The pointer parameter every end in `has` stored nonzero through, and every other end zero or nothing. */
function toldThroughFlag(ends: PathEnd[], has: (e: PathEnd) => boolean): number | undefined {
  const yes = ends.filter(has);
  if (!yes.length || yes.length === ends.length) return undefined;
  return [...yes[0].outValues.keys()].find((k) => yes.every((e) => !!e.outValues.get(k)) && ends.every((e) => has(e) || !e.outValues.get(k)));
}

/** The error code every end in `has` returns (written out), and no other end does. */
function onlyOnCode(ends: PathEnd[], has: (e: PathEnd) => boolean): string | undefined {
  const yes = ends.filter(has);
  const k = yes.length && yes.length < ends.length ? yes[0].returnCode : undefined;
  return k && yes.every((e) => e.returnCode === k) && ends.every((e) => has(e) || e.returnCode !== k) ? k : undefined;
}

/** An effect done on every return but those of one error code (`unless`, when `byCode`), or else but the negative ones, or those carrying some result bits. */
function errorApart(a: FunctionAnalysis, ends: PathEnd[], has: (e: PathEnd) => boolean, byCode = true): Pick<SummaryEffect, 'unless' | 'unlessNegative' | 'unlessBits' | 'bitsNotOnZero'> {
  const unless = byCode ? unlessCode(ends, has) : undefined;
  if (unless) return { unless };
  if (negativeApart(ends.filter(has), ends.filter((e) => !has(e)))) return { unlessNegative: true };
  const apart = bitsApart(a, ends, has);
  return apart ? { unlessBits: apart.bits, ...(apart.notOnZero ? { bitsNotOnZero: true } : {}) } : {};
}

/** Every end of `yes` returns zero or more and every end of `no` a negative value: the kernel's error convention. */
export function negativeApart(yes: PathEnd[], no: PathEnd[]): boolean {
  return yes.length > 0 && no.length > 0 && yes.every((e) => e.retSign === 'nonnegative') && no.every((e) => e.retSign === 'negative');
}

/**
 * `ifFlag` (clear) when every end that does it tested a flag of a parameter it never writes clear
 * (`if (!(flags & QMFLAGS_NO_MUTEX_UNLOCK)) mutex_unlock(...)`): a call naming the flag has no way
 * that does it. (One done only with a flag set is left as it is: a caller passing its own flags
 * may have it done or not.)
 */
function clearFlagGuard(a: FunctionAnalysis, doing: PathEnd[], written: ReadonlySet<string>): { ifFlag?: ArgumentFlag } {
  if (!doing.length) return {};
  const keys = new Set(doing[0].facts.alternatives().flatMap((w) => [...w.keys()]));
  for (const key of keys) {
    const tested = flagOfParameter(a, key, written);
    if (tested && doing.every((e) => e.facts.get(key)?.value === false)) return { ifFlag: { ...tested, clear: true } };
  }
  return {};
}

/** The parameter and flag a test key names (`flags&QMFLAGS_NO_MUTEX_LOCK`), for a parameter the function never writes. */
function flagOfParameter(a: FunctionAnalysis, key: string, written: ReadonlySet<string>): ArgumentFlag | undefined {
  const m = FLAG_KEY.exec(key);
  // (`flags & mask` of two parameters is no flag test.)
  if (!m || written.has(m[1]) || a.fn.params.some((p) => p.name === m[2])) return undefined;
  const arg = a.fn.params.findIndex((p) => p.name === m[1]);
  return arg >= 0 ? { arg, flag: m[2] } : undefined;
}

/** `ifArg` when exactly the ends with the effect are those where one parameter is (or is not) NULL. */
function nullGuard(a: FunctionAnalysis, ends: PathEnd[], has: (e: PathEnd) => boolean): { ifArg?: ArgCondition } {
  const yes = ends.filter(has);
  const no = ends.filter((e) => !has(e));
  if (!no.length) return {};
  for (const { param, name, nonNull, want, other } of parameterSides(a)) {
    if (yes.every((e) => e.paramValues.get(name) === want) && no.every((e) => e.paramValues.get(name) === other)) return { ifArg: { param, nonNull } };
  }
  return {};
}

/**
 * `ifArg` as a condition every end with the effect meets (a value parameter, a flag, found zero or
 * not), whatever the others did. (A pointer is not NULL wherever its object's lock is given back: no news.)
 */
function necessaryArg(a: FunctionAnalysis, yes: PathEnd[]): { ifArg?: ArgCondition } {
  if (!yes.length) return {};
  for (const { param, name, nonNull, want } of parameterSides(a)) {
    if (a.fn.params[param].type.includes('*')) continue;
    if (yes.every((e) => e.paramValues.get(name) === want)) return { ifArg: { param, nonNull } };
  }
  return {};
}

/** Each parameter's two sides, in order: found not zero (`nonNull`, its value `want`), or found zero. */
function* parameterSides(a: FunctionAnalysis): Generator<{ param: number; name: string; nonNull: boolean; want: 'zero' | 'nonzero'; other: 'zero' | 'nonzero' }> {
  // A parameter the function assigns (`psf = psf->sf_next`) ends as its own value, not the caller's argument.
  const written = writtenParams(a.file, a.fn);
  for (const [param, p] of a.fn.params.entries()) {
    if (written.has(p.name)) continue;
    for (const nonNull of [true, false]) yield { param, name: p.name, nonNull, want: nonNull ? 'nonzero' : 'zero', other: nonNull ? 'zero' : 'nonzero' };
  }
}

/**
 * `ifArg` and a return value together: every end with the effect has one parameter (not) zero,
 * and of the ends where it may be so, exactly those returning zero (or nonzero) have it
 * (`if (drop) up_read(&l); return false;` beside `return true;`): done only when asked, and
 * then told by the result.
 */
function askedAndTold(a: FunctionAnalysis, ends: PathEnd[], has: (e: PathEnd) => boolean): { ifArg: ArgCondition; when: 'zero' | 'nonzero' } | undefined {
  const yes = ends.filter(has);
  if (!yes.length) return undefined;
  for (const { param, name, nonNull, want, other } of parameterSides(a)) {
    if (!yes.every((e) => e.paramValues.get(name) === want)) continue;
    const maybe = ends.filter((e) => !has(e) && e.paramValues.get(name) !== other);
    // The parameter must rule some ends out: else the result alone told (decide()).
    if (maybe.length + yes.length === ends.length) continue;
    const when = heldExactlyOn(yes, maybe);
    if (when) return { ifArg: { param, nonNull }, when };
  }
  return undefined;
}

/**
 * The lock as a path from the returned pointer, when every end holding it returns the variable it
 * hangs from, or the address of the object it is a member of (`return &hash[idx];` with
 * `hash[idx].lock` held: the caller's pointer's `->lock`).
 */
function returnedRef(a: FunctionAnalysis, holding: PathEnd[], inst: string, cls: string): LockRef | undefined {
  if (!holding.length) return undefined;
  const returned = new Set(holding.map((e) => (e.returnValue === undefined ? '' : throughLocals(canon(e.returnValue), a.locals))));
  const [value] = [...returned];
  const r = value?.startsWith('&') ? value.slice(1) : value;
  if (returned.size !== 1 || !r || !/^[\w>.[\]-]+$/.test(r.replace(/->/g, '>'))) return undefined;
  if (r !== value) return inst.startsWith(`${r}.`) ? { param: RETURNED, path: `$->${inst.slice(r.length + 1)}`, cls } : undefined;
  if (isMemberPath(inst, r)) return { param: RETURNED, path: `$${inst.startsWith(`${r}->`) ? '' : '->'}${inst.slice(r.length + (inst.startsWith(`${r}.`) ? 1 : 0))}`, cls };
  if (inst === `*${r}`) return { param: RETURNED, path: '*$', cls };
  return undefined;
}

/** The lock as a path from what a pointer parameter was given, when every end holding it stored there the variable it hangs from. */
function outPointerRef(a: FunctionAnalysis, holding: PathEnd[], inst: string, cls: string): LockRef | undefined {
  if (!holding.length || nameableByParam(a, inst)) return undefined;
  for (const [param, stored] of holding[0].outPointers) {
    if (!holding.every((e) => e.outPointers.get(param) === stored)) continue;
    if (isMemberPath(inst, stored)) return { param, path: `(*$)${inst.slice(stored.length)}`, cls };
    if (inst === `*${stored}`) return { param, path: '*(*$)', cls };
  }
  return undefined;
}

/** A lock named through a local that is the object a parameter is a member of, in the terms of that object. */
function ofContainer(a: FunctionAnalysis, inst: string): { ofContainer?: ContainerLock } {
  const root = /^[A-Za-z_]\w*/.exec(inst)?.[0];
  const c = root ? a.containers.get(root) : undefined;
  return c && root && inst !== root ? { ofContainer: { ...c, path: `$${inst.slice(root.length)}` } } : {};
}

/**
 * An object returned locked only for some arguments (`get_page(node, GET_LOCK)`, not `GET_NOLOCK`): a
 * call passing another constant gets it unlocked. Decided for the returned object as a whole, over
 * every return that holds it under any name (`return s` with the lock alloc_super() took, `return
 * old` with the one grab_super() took): the object's lock, said once.
 */
function returnedOnlyWhen(a: FunctionAnalysis, ends: PathEnd[], returned: ReadonlyArray<{ effect: SummaryEffect; inst: string }>, written: ReadonlySet<string>): void {
  const groups = new Map<string, Array<{ effect: SummaryEffect; inst: string }>>();
  for (const r of returned) groups.set(refKey(r.effect.ref), [...(groups.get(refKey(r.effect.ref)) ?? []), r]);
  for (const group of groups.values()) {
    const heldAt = (e: PathEnd) => group.find((r) => e.held.some((x) => x.inst === r.inst && !x.detached));
    if (ends.every(heldAt)) continue;
    const guard = onlyWhen(a, ends, (e) => {
      const r = heldAt(e);
      return r ? e.mayTook.get(r.inst) : undefined;
    }, written);
    for (const r of group) Object.assign(r.effect, guard);
  }
}

/** A lock already named from a parameter as it is (`dev->mutex`). */
function nameableByParam(a: FunctionAnalysis, inst: string): boolean {
  return instVars(inst).some((v) => a.fn.params.some((p) => p.name === v));
}

/** One effect per operation, lock and condition (two returns of one object give it once). */
function uniqueEffects(effects: SummaryEffect[]): SummaryEffect[] {
  const seen = new Set<string>();
  return effects.filter((e) => {
    const key = `${e.op}|${e.ref.param}|${e.ref.path}|${e.when}|${e.unless ?? ''}|${e.unlessNegative ?? ''}|${e.unlessBits?.join('|') ?? ''}|${e.bitsNotOnZero ?? ''}|${JSON.stringify(e.ifArg ?? null)}|${JSON.stringify(e.ifOneOf ?? null)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function metaOf(h: Held, reentrant: ReadonlySet<string>): LockMeta {
  return { kind: h.kind, sleeps: h.sleeps, atomic: h.atomic, shared: h.shared, ...(h.reentrant || reentrant.has(h.inst) ? { reentrant: true } : {}), ...offFlags(h) };
}

/** The callee chain through which the function released `inst` at `line`, from the path events. */
function chainOf(a: FunctionAnalysis, inst: string, line: number): string[] {
  for (const end of a.ends) {
    for (const ev of end.events) {
      if (ev.kind === 'release' && ev.lock === inst && ev.line === line) {
        const m = /^(\w+)\(\) releases/.exec(ev.text);
        return m ? [m[1]] : [];
      }
    }
  }
  return [];
}

/** The end still holds `inst` for its callers: not a detached earlier instance, nor a hold the path only asserted (`lockdep_assert_held()` where the caller holds it). */
function keeps(e: PathEnd, inst: string): boolean {
  return e.held.some((x) => x.inst === inst && !x.detached && !x.asserted);
}
