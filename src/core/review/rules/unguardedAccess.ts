/**
 * lock/unguarded-access: a field read or written without the lock that
 * guards it. The guard is inferred only from strong evidence: a lock of the
 * field's struct held at three or more accesses (counting locks held on
 * entry), at least one of them a write, and at most other accesses.
 * Not accesses: `&p->field` handed on, lockless accessors (`READ_ONCE()`,
 * atomics, RCU), and objects not shared yet or any more (allocated here, or
 * freed here, or set up before it is published, or before the guard in it is
 * initialised: nobody holds a lock that does not exist yet; or, for a lock that interrupt or
 * softirq handlers take, before its function starts them on the object or after it stopped
 * them: contextLifetimes.ts). Reported only where an entry
 * point reaches the access with none of our locks held: a callback (its address
 * is taken, or an attribute macro registers it: sysfs show/store), a static
 * function nothing in view calls, or a helper one of those calls without the
 * lock (the message names the chain); not an access a memory barrier next to it orders
 * (locks/barriers.ts), nor a write under a lock every other function takes around its accesses
 * too. A helper's accesses count with the locks
 * all its callers hold. One finding per function and field. Reads only tested or
 * reported, where the function does not write the field (or checks it again under
 * the lock before it does), are snapshots, not findings. Nor is a flag that records whether its
 * object's lock is held (a helper tests it, flips it and takes or gives back the lock): the
 * holder's own record, not data the lock guards.
 */
import type { Knowledge } from '../../knowledge';
import { field, operator, unparen, walk, type SNode } from '../../syntax';
import type { CallGraph } from '../../callgraph';
import { callArgs, calleeName } from '../../syntax/kernelIdioms';
import { formattedArguments } from '../../syntax/printFormat';
import type { FunctionAnalysis, LineState } from '../../locks/explore';
import type { Held } from '../../locks/state';
import type { TypeEnv } from '../../locks/typeEnv';
import { valueNode } from '../../locks/expr';
import { memberPathClass } from '../../locks/identity';
import { attributeCallbacks, handlerContexts, memberCallbacks, ownedArgumentCallbacks, synchronousCallbacks, type Handover } from '../../locks/entry';
import { allocatingReturners, freeingFunctions, pureByKnowledge } from '../../locks/facts';
import type { EngineResult } from '../../locks/engine';
import { keepingFunctions, lockInitsWithHelpers, sameAllocationOf, unsharedObjects } from '../../locks/ownership';
import { comparedWithCurrent } from '../../locks/ownerRecords';
import { ContextLifetimes } from '../../locks/contextLifetimes';
import { apartContexts } from '../../locks/apartMembers';
import { deferredContexts, type DeferredContexts } from '../../locks/deferredContexts';
import { orderedByBarrier } from '../../locks/barriers';
import { graphSerialisedCallbacks, type SerialisedContext } from '../../locks/serialisedContexts';
import { lockRecords } from '../../locks/summaryCases';
import type { FunctionSummary } from '../../locks/summaryTypes';
import { finding, linesPhrase, type Rule } from '../context';
import type { Finding } from '../types';

/** Share of all accesses that must hold the lock for it to count as the field's guard. */
const GUARD_SHARE = 0.75;
const MIN_GUARDED = 3;
/** Functions in a chain from an entry point down to an unguarded access. */
const MAX_CHAIN = 5;

interface Access {
  a: FunctionAnalysis;
  line: number;
  /** The variable whose object is accessed (`p` of `p->x`). */
  object: string;
  expr: string;
  write: boolean;
  /** Where the access starts. */
  at: number;
  /** A read whose value outlives the expression: stored, dereferenced, returned, handed to a call or switched on. */
  carried: boolean;
  /** Read in a wait_event*() condition: tested again after every wake-up, whose wake_up() orders the write before it. */
  waited: boolean;
  /** Read only to be printed (`dev_dbg(dev, "%d", info->allowed)`): it decides nothing. */
  printed: boolean;
  /** Next to a memory barrier that orders it (locks/barriers.ts): a lockless protocol's access, on purpose. */
  ordered: boolean;
  guards: Set<string>;
  /** Made before, here: only the handlers started on it so far may have it (unsharedObjects' startsApart). */
  handedOnly: boolean;
}

export const unguardedAccess: Rule = {
  id: 'lock/unguarded-access',
  title: 'A field is accessed without the lock that guards it elsewhere',
  severity: 'warning',
  check(ctx) {
    const registered = attributeCallbacks(ctx.engine.files, ctx.engine.knowledge);
    const names = new GuardNames();
    const handed = synchronousCallbacks(ctx.engine.graph, ctx.engine.files, ctx.engine.knowledge);
    // A callback stored only in a member of this file's own struct runs inside the calls through that member.
    for (const [name, sites] of memberCallbacks(ctx.engine.graph, ctx.engine.files, ctx.engine.envs, ctx.engine.knowledge)) handed.set(name, [...(handed.get(name) ?? []), ...sites]);
    // A callback only ever handed to helpers that call it at once runs inside the call that hands it over.
    const entryOf = (a: FunctionAnalysis) => (handed.has(a.fn.name) ? undefined : (registered.get(a.fn.name) ?? entryPoint(a)));
    const inner = (a: FunctionAnalysis) => a.context === 'callers' || handed.has(a.fn.name);
    const callers = callersOf(ctx.analyses, handed);
    const byField = new Map<string, Access[]>();
    const privateCache = new Map<FunctionAnalysis, Map<string, number>>();
    const freeing = freeingFunctions(ctx.engine.graph, ctx.engine.knowledge);
    const others = { freeing, keeping: keepingFunctions(ctx.engine.graph, ctx.engine.knowledge) };
    const makers = { ...others, allocating: allocatingReturners(ctx.engine.graph, ctx.engine.knowledge, others) };
    const owned = ownedArgumentCallbacks(ctx.engine.files, new Set(ctx.engine.graph.functions.keys()), ctx.engine.knowledge);
    const unshared = (a: FunctionAnalysis) => privateCache.get(a) ?? privateCache.set(a, unsharedObjects(a.fn, a.file, ctx.engine.knowledge, makers, ctx.engine.envs.get(a.fn.name), owned.get(a.fn.name))).get(a)!;
    const apartCache = new Map<FunctionAnalysis, Map<string, number>>();
    const unsharedButHanded = (a: FunctionAnalysis) => apartCache.get(a) ?? apartCache.set(a, unsharedObjects(a.fn, a.file, ctx.engine.knowledge, makers, ctx.engine.envs.get(a.fn.name), owned.get(a.fn.name), true)).get(a)!;
    const printer = printerOf(ctx.engine.knowledge, (name) => ctx.engine.graph.functions.has(name));
    for (const a of ctx.analyses) {
      const env = ctx.engine.envs.get(a.fn.name);
      if (!env) continue;
      const privateObjects = unshared(a);
      const handedObjects = unsharedButHanded(a);
      const locals = localReads(a, env);
      // A callback handed over runs with what every handing-over call holds.
      const handedWith = handed.has(a.fn.name) ? commonClasses(callers.get(a.fn.name) ?? [], ctx.engine.envs, names) : [];
      walk(a.fn.body, (n) => {
        if (n.type === 'call_expression') {
          const callee = calleeName(a.file, n) ?? '';
          if (ctx.engine.knowledge.primitives.has(callee) || ctx.engine.knowledge.calls.locklessAccessors.has(callee)) return false;
        }
        if (n.type !== 'field_expression' || operator(n) !== '->' || addressTaken(n) || ownerTest(n, a, ctx.engine.knowledge)) return true;
        const obj = field(n, 'argument');
        const f = field(n, 'field');
        if (!obj || !f || unparen(obj).type !== 'identifier') return true;
        const name = a.file.text.slice(unparen(obj).start, unparen(obj).end);
        if (n.start < (privateObjects.get(name) ?? -1)) return true;
        const type = env.get(name)?.typeName;
        if (!type) return true;
        const line = a.file.lines.line(n.start);
        const write = isWrite(n);
        // `v->pte = map_lock(v);` stores once the call returned, with what it took held.
        const state = (write && n.parent?.parent?.type === 'expression_statement' && a.storesAfter.get(line)) || a.lines.get(line);
        if (!state) return true;
        const key = `${type}.${a.file.text.slice(f.start, f.end)}`;
        const held = names.at(state, env, a);
        const guards = handedWith.length ? new Set([...held, ...handedWith]) : held;
        const list = byField.get(key) ?? [];
        const carried = carriedRead(n, a, ctx.engine, locals, printer);
        list.push({ a, line, object: name, expr: a.file.text.slice(n.start, n.end), write, at: n.start, carried, printed: !write && !carried && printedRead(n, a, ctx.engine, printer), waited: !write && waitCondition(n, a, ctx.engine.knowledge), ordered: orderedByBarrier(n, write, a.file, ctx.engine.knowledge), guards, handedOnly: n.start < (handedObjects.get(name) ?? -1) });
        byField.set(key, list);
        return true;
      });
    }
    const out: Finding[] = [];
    const lifetimes = new ContextLifetimes(ctx.engine.graph, ctx.engine.knowledge);
    const handlers = handlerContexts(ctx.engine.files, ctx.engine.graph, ctx.engine.knowledge, ctx.engine.envs);
    const handlerCode = reachedFrom(new Set(handlers.keys()), ctx.engine.graph);
    // What each handler reaches alone, asked only for a field some handler guards.
    const reach = new Map<string, Set<string>>();
    const reachOf = (h: string) => {
      let r = reach.get(h);
      if (!r) reach.set(h, (r = reachedFrom(new Set([h]), ctx.engine.graph)));
      return r;
    };
    const deferred = deferredContexts(ctx.engine.graph, ctx.engine.knowledge);
    const serialised = graphSerialisedCallbacks(ctx.engine.files, ctx.engine.graph, ctx.engine.envs, ctx.engine.knowledge);
    const apart = apartContexts(ctx.engine.files, ctx.engine.graph, ctx.engine.envs, ctx.engine.knowledge);
    const rules: ChainRules = { entryOf, inner, unshared, unsharedButHanded, knowledge: ctx.engine.knowledge, envs: ctx.engine.envs, names, lifetimes, apart, graph: ctx.engine.graph, roots: new Map(), inits: new Map() };
    const records = lockRecordFields(ctx.engine.summaries, ctx.engine.envs, ctx.engine.graph);
    // Whether the code in view takes a guard with a primitive that sleeps (a mutex, a semaphore).
    const sleepingGuard = (guard: string) => ctx.analyses.some((a) => a.takes.some((t) => (t.ref.cls === guard || names.holds(new Set([t.ref.cls]), guard)) && t.meta.sleeps));
    for (const [key, all] of byField) {
      const owner = key.slice(0, key.indexOf('.'));
      const counts = new Map<string, number>();
      for (const acc of all) for (const g of acc.guards) if (g.startsWith(owner + '.')) counts.set(g, (counts.get(g) ?? 0) + 1);
      // The field's guard is the lock of its struct held at the most accesses.
      const best = [...counts].sort((x, y) => y[1] - x[1])[0];
      if (!best) continue;
      const [guard, n] = best;
      // The flag that records whether the lock is held is read by whoever asks that, not data the lock guards.
      if (records.has(`${key}|${guard}`)) continue;
      // An interrupt or softirq handler cannot take a sleeping lock: where one writes the field, that lock is
      // not what keeps the field's users apart (a completion flag the handler sets, a thread reads under its mutex).
      if (all.some((w) => w.write && !names.holds(w.guards, guard) && handlerCode.has(w.a.fn.name)) && sleepingGuard(guard)) continue;
      // Where every other holder of the guard at an access of the field is an interrupt or softirq handler
      // (or a thread that holds a lock beside it that this access holds too), an access made before its
      // function starts the handlers, works or timers that run on the object, or once it stopped them,
      // has none of them to race.
      const handlerGuarded = all.some((w) => w.guards.has(guard) && handlerCode.has(w.a.fn.name));
      // (Nor races one the kernel never runs while this one's code runs: a device's transmit beside its open.)
      const onlyHandlersRace = (x: Access) =>
        handlerGuarded && all.every((w) => w.a === x.a || !w.guards.has(guard) || handlerCode.has(w.a.fn.name) || [...w.guards].some((g) => g !== guard && x.guards.has(g)) || keptApart(x.a, w.a, callers, rules));
      // The handlers that hold the guard at an access of the field: the contexts an access outside them must precede or follow.
      const racing = handlerGuarded ? startedWith(racingHandlers(all.filter((w) => w.guards.has(guard)), handlers.keys(), reachOf), handlers, deferred, ctx.engine.graph) : undefined;
      const setUpOrTornDown = (x: Access) => handlerGuarded && outsideContexts(x, callers, rules, racing) && onlyHandlersRace(x);
      // An object made here and so far handed only to handlers that never reach the field
      // (`request_irq(..., priv)` early in a probe whose handler reads other fields) is still the function's own for it.
      const fieldRules: ChainRules = { ...rules, handlersApart: handlersApartOf(all, reachOf, ctx.engine.graph, ctx.engine.knowledge) };
      const handedAway = (x: Access) => x.handedOnly && handedOnlyApart(x.a, x.object, x.at, fieldRules);
      // Before the function initialises the guard in the object, nobody holds it to race with.
      const accesses = all.filter((x) => !beforeGuardInit(x, guard, callers, rules) && !setUpOrTornDown(x) && !handedAway(x));
      // Touched only by one context the kernel runs one call at a time for each object (a NAPI poll, a
      // work item), and by code outside its lifetime on the object: no two of these run at once.
      if (soleContext(accesses, owner, serialised, callers, rules)) continue;
      const guardedAt = accesses.filter((x) => x.guards.has(guard));
      // Inferred from the accesses that name it; held too where a lock of the class its path resolves
      // to is (`dd->sendctrl_lock` for `ppd->dd->sendctrl_lock`), which counts neither way.
      const bare = accesses.filter((x) => !names.holds(x.guards, guard) && !x.waited && !x.ordered);
      const named = accesses.filter((x) => x.guards.has(guard) || !names.holds(x.guards, guard)).length;
      if (n < MIN_GUARDED || n / named < GUARD_SHARE || !bare.length || !guardedAt.some((x) => x.write)) continue;
      const byFunction = new Map<FunctionAnalysis, Access[]>();
      for (const x of bare) byFunction.set(x.a, [...(byFunction.get(x.a) ?? []), x]);
      for (const [a, list] of byFunction) {
        // Reads only tested or reported, in a function that never writes the field: a snapshot
        // (a sysfs show, a lockless early-out before the locked work), at worst a READ_ONCE() nit.
        // One that writes it but reads it again under the lock first checks twice, on purpose.
        const here = accesses.filter((x) => x.a === a);
        if (!list.some((x) => x.write || x.carried) && (!here.some((x) => x.write) || here.some((x) => !x.write && names.holds(x.guards, guard)))) continue;
        // Reads only printed (a debug line after the unlock of a value just stored under it) steer nothing the function writes.
        if (list.every((x) => x.printed)) continue;
        // Only where nobody's lock can be assumed: an entry point, or a helper an entry point reaches without the lock.
        const chains = entryOf(a) ? [{ path: [a], held: new Set<string>() }] : inner(a) ? unlockedChains(startOf(list[0], rules), guard, callers, fieldRules, onlyHandlersRace(list[0]) ? racing : undefined) : [];
        // A read under a lock that every write of the field holds too (the field has two guards) is safe on that chain.
        const writesHold = (m: string) => accesses.filter((w) => w.write).every((w) => names.holds(w.guards, m) || (inner(w.a) && unlockedChains(startOf(w, rules), m, callers, rules).next().done));
        // So is a write under a lock it takes itself that every other function takes around its accesses too
        // (an outer lock the code nests the guard in; not one the kernel holds around a kind of callback, like
        // the RTNL lock around ethtool's, which the field's other users need not hold, nor a context like bh-off).
        const allTake = (m: string) => !ctx.engine.knowledge.contextLocks.has(m) && names.takes(a, m) && accesses.every((w) => w.a === a || (names.holds(w.guards, m) && names.takes(w.a, m)));
        const writes = list.some((x) => x.write);
        const chain = [...chains].find((c) => (writes ? ![...list[0].guards].some(allTake) : ![...c.held, ...list[0].guards].some(writesHold)))?.path;
        if (!chain) continue;
        const entry = chain[0];
        // An interrupt or softirq handler reading what is only written while no such context runs on its object.
        if (!writes && handlers.has(entry.fn.name) && accesses.every((w) => !w.write || outsideContexts(w, callers, rules, new Set([entry.fn.name])))) continue;
        const lines = [...new Set(list.map((x) => x.line))];
        const where =
          chain.length === 1
            ? `in ${a.fn.name}(), ${entryOf(a)} that runs with none of these locks held`
            : `in ${a.fn.name}(), reached from ${entryOf(entry)} ${entry.fn.name}() with ${guard} not held (${chain.map((c) => `${c.fn.name}()`).join(' -> ')})`;
        out.push(
          finding({
            rule: 'lock/unguarded-access',
            subject: { lock: guard, variable: key },
            // Callers we cannot see may hold it: said, not warned.
            severity: entry.context === 'unknown' && !entry.fn.isStatic && !registered.has(entry.fn.name) ? 'info' : 'warning',
            file: a.file.path,
            line: lines[0],
            function: a.fn.name,
            message: `${list[0].expr} is ${writes ? 'written' : 'read'} without ${guard} at ${linesPhrase(lines)}, ${where}; ${guard} is held at ${n} of the ${accesses.length} accesses to ${key} in this code, writes included`,
            related: guardedAt.slice(0, 4).map((g) => ({ file: g.a.file.path, line: g.line, message: `${g.a.fn.name}() ${g.write ? 'writes' : 'reads'} ${g.expr} with ${guard} held` })),
            suggestion: `Hold ${guard} around this access, as the other accesses do, or mark it lockless with READ_ONCE()/WRITE_ONCE() and say why it is safe.`,
          }),
        );
      }
    }
    return out;
  },
};

/**
 * The fields that record their object's lock held (`throttle.applied` of `throttle.lock`: summaryCases.ts
 * lockRecords), as `field|lock class`.
 */
function lockRecordFields(summaries: ReadonlyMap<string, FunctionSummary>, envs: ReadonlyMap<string, TypeEnv>, graph: CallGraph): Set<string> {
  const out = new Set<string>();
  for (const [name, s] of summaries) {
    const fn = s.cases && graph.functions.get(name)?.fn;
    if (!fn) continue;
    for (const r of lockRecords(s.cases!)) {
      const m = /^\$(\d+)->([A-Za-z_]\w*)$/.exec(r.key);
      const type = m ? envs.get(name)?.get(fn.params[Number(m[1])]?.name ?? '')?.typeName : undefined;
      if (type) out.add(`${type}.${m![2]}|${r.ref.cls}`);
    }
  }
  return out;
}

/**
 * A held lock's names as a guard: its class, and for a lock reached through members
 * (`hba->host->host_lock`, of class `Scsi_Host.host_lock`) the struct it is reached from too
 * (`ufs_hba.host.host_lock`): a lock its own members lead to may guard it. Where a lock of
 * the class such a guard resolves to is held under another name (`dd->sendctrl_lock` for
 * `ppd->dd->sendctrl_lock`), `holds` says it may be the guard: the access is not bare.
 */
class GuardNames {
  private readonly resolved = new Map<string, string>();
  private readonly atLine = new WeakMap<LineState, Set<string>>();

  of(inst: string, cls: string, env: TypeEnv): string[] {
    const path = memberPathClass(inst, env);
    if (!path || path === cls) return [cls];
    if (!this.resolved.has(path)) this.resolved.set(path, cls);
    return [cls, path];
  }

  /** The names of the locks a call site holds (not those held earlier under a name since reused). */
  ofHeld(held: readonly Held[], env: TypeEnv | undefined): Set<string> {
    return new Set(held.filter((h) => !h.detached).flatMap((h) => (env ? this.of(h.inst, h.cls, env) : [h.cls])));
  }

  /** The function takes (and gives back) a lock of this name itself: its own nesting, not a context it runs in. */
  takes(a: FunctionAnalysis, name: string): boolean {
    return a.releasedClasses.has(name) || a.releasedClasses.has(this.resolved.get(name) ?? '');
  }

  holds(guards: ReadonlySet<string>, guard: string): boolean {
    const cls = this.resolved.get(guard);
    return guards.has(guard) || (!!cls && guards.has(cls));
  }

  /** The locks held on every path at a line, by these names. */
  at(state: LineState, env: TypeEnv, a: FunctionAnalysis): Set<string> {
    let out = this.atLine.get(state);
    if (!out) {
      out = new Set(state.mustClasses);
      for (const inst of state.must ?? []) for (const n of this.of(inst, a.classes.get(inst) ?? inst, env)) out.add(n);
      this.atLine.set(state, out);
    }
    return out;
  }
}

/**
 * Where nothing in view holds a lock for the function: a callback (its address
 * is taken), or a static function nothing in view calls (registered by a macro,
 * like a sysfs show). Undefined for the others.
 */
function entryPoint(a: FunctionAnalysis): string | undefined {
  if (a.context === 'callback') return 'a callback (its address is taken)';
  if (a.context === 'unknown') return a.fn.isStatic ? 'a static function nothing in view calls (a callback registered elsewhere)' : 'a function callers outside this file may call';
  return undefined;
}

interface CallerSite {
  from: FunctionAnalysis;
  held: readonly Held[];
  /** The call's arguments as written, and where the call starts. */
  args: string[];
  at: number;
}

/** Who calls each function, with what held: its call sites, and for a callback handed over, the calls that hand it. */
function callersOf(analyses: FunctionAnalysis[], handed: Map<string, Handover[]>): Map<string, CallerSite[]> {
  const out = new Map<string, CallerSite[]>();
  const add = (callee: string, site: CallerSite) => out.set(callee, [...(out.get(callee) ?? []), site]);
  const byName = new Map(analyses.map((a) => [a.fn.name, a]));
  for (const a of analyses) for (const s of a.callSites) add(s.callee, { from: a, held: s.held, args: s.args, at: s.node.start });
  for (const [callback, list] of handed) {
    for (const h of list) {
      const from = byName.get(h.passer);
      const site = from?.callSites.find((s) => s.callee === h.helper && s.line === h.line);
      // The callback gets what the helper hands it, not the helper's arguments; called through a member, the call's own.
      if (from && site) add(callback, { from, held: site.held, args: h.direct ? site.args : [], at: site.node.start });
    }
  }
  return out;
}

interface ChainRules {
  entryOf: (x: FunctionAnalysis) => string | undefined;
  /** Run only from callers in view (their locks are known). */
  inner: (x: FunctionAnalysis) => boolean;
  /** Objects private to a function, up to an offset (see unsharedObjects). */
  unshared: (x: FunctionAnalysis) => Map<string, number>;
  /** The same, where handing an object to a handler a call starts is not counted (startsApart). */
  unsharedButHanded: (x: FunctionAnalysis) => Map<string, number>;
  /** For one field: a start whose handlers never reach its accesses (it hands them nothing that matters). */
  handlersApart?: (runs: readonly string[] | undefined) => boolean;
  knowledge: Knowledge;
  envs: ReadonlyMap<string, TypeEnv>;
  names: GuardNames;
  lifetimes: ContextLifetimes;
  /** The entry points in view the kernel never runs while a given one runs (apartMembers.ts). */
  apart: (fn: string) => ReadonlySet<string>;
  graph: CallGraph;
  /** Each function's entry points (rootsOf), asked once per check whatever field asks (an incremental review reuses analyses, not this). */
  roots: Map<FunctionAnalysis, Set<string> | undefined>;
  /** Each function's lock initialisations, its helpers' included, read once per check (they depend on other bodies). */
  inits: Map<FunctionAnalysis, ReturnType<typeof lockInitsWithHelpers>>;
}

/** Lock classes held at every one of these calls. */
function commonClasses(sites: CallerSite[], envs: ReadonlyMap<string, TypeEnv>, names: GuardNames): string[] {
  const [first, ...rest] = sites.map((s) => {
    return names.ofHeld(s.held, envs.get(s.from.fn.name));
  });
  return first ? [...first].filter((c) => rest.every((r) => r.has(c))) : [];
}

/** Where a chain up from an access starts: its function, and the parameter the accessed object came in by (-1: none). */
function startOf(x: Access, rules: ChainRules): { fn: FunctionAnalysis; param: number } {
  return { fn: x.a, param: paramOf(x.a, x.object, rules) };
}

/**
 * The parameter an object came in by: the variable itself, or a local set to memory inside
 * a parameter's object (`bp = netdev_priv(dev)`), which is private exactly when that one is.
 */
function paramOf(a: FunctionAnalysis, name: string, rules: ChainRules): number {
  const direct = a.fn.params.findIndex((p) => p.name === name);
  if (direct >= 0) return direct;
  const from = insideOf(a, rules).get(name);
  return from ? a.fn.params.findIndex((p) => p.name === from) : -1;
}

/** Chains ask of the same functions again and again: each body is read once for `insideOf`. */
const insideCache = new WeakMap<FunctionAnalysis, Map<string, string>>();

/** Locals set to memory inside another variable's object (`bp = netdev_priv(dev)`: bp -> dev), the first such setting of each. */
function insideOf(a: FunctionAnalysis, rules: ChainRules): Map<string, string> {
  const known = insideCache.get(a);
  if (known) return known;
  const out = new Map<string, string>();
  const env = rules.envs.get(a.fn.name);
  walk(a.fn.body, (n) => {
    if (n.type !== 'call_expression' && n.type !== 'field_expression') return true;
    const inner = sameAllocationOf(n, a.file, rules.knowledge, env);
    if (inner && !out.has(inner.target)) out.set(inner.target, inner.of);
    return true;
  });
  insideCache.set(a, out);
  return out;
}

/**
 * Chains of callers in view from an entry point down to `start.fn` (entry
 * first), no call of which holds a lock of class `guard`, with the classes
 * held along the way. `param` follows the accessed object up the chain: a call
 * that hands over an object the caller has not published yet (just allocated)
 * runs on nobody else's object, and is no such path; nor, where only handlers race for the
 * guard (`onlyHandlers`), is one that hands it over before the caller starts them on it or after
 * it stopped them.
 */
function* unlockedChains(start: { fn: FunctionAnalysis; param: number }, guard: string, callers: Map<string, CallerSite[]>, rules: ChainRules, onlyHandlers?: ReadonlySet<string>): Generator<{ path: FunctionAnalysis[]; held: Set<string> }> {
  const queue: Array<{ path: FunctionAnalysis[]; param: number; held: Set<string> }> = [{ path: [start.fn], param: start.param, held: new Set() }];
  const seen = new Set([start.fn]);
  while (queue.length) {
    const { path, param, held } = queue.shift()!;
    for (const site of callers.get(path[0].fn.name) ?? []) {
      const siteHeld = rules.names.ofHeld(site.held, rules.envs.get(site.from.fn.name));
      if (seen.has(site.from) || rules.names.holds(siteHeld, guard)) continue;
      const root = param >= 0 ? rootName(site.args[param]) : undefined;
      if (root && site.at <= privateUntil(site.from, root, rules, site.args[param])) continue;
      if (root && site.at <= privateUntil(site.from, root, rules, site.args[param], rules.unsharedButHanded) && handedOnlyApart(site.from, root, site.at, rules)) continue;
      // Handed over before the caller initialises the guard in it: no holder to race with yet; or, for
      // a guard against handlers, before it starts the contexts that run on it, or after it stopped them.
      if (handedBeforeGuardInit(site, param, guard, rules) || (onlyHandlers && handedOutsideContexts(site, param, rules, onlyHandlers))) continue;
      seen.add(site.from);
      const longer = { path: [site.from, ...path], held: new Set([...held, ...siteHeld]) };
      if (rules.entryOf(site.from)) yield longer;
      else if (rules.inner(site.from) && longer.path.length < MAX_CHAIN) queue.push({ ...longer, param: root ? paramOf(site.from, root, rules) : -1 });
    }
  }
}

/**
 * An access made before the guard exists in its object: in a function that initialises the guard
 * in it later, or in a helper every caller in view hands the object to before doing so.
 */
function beforeGuardInit(x: Access, guard: string, callers: Map<string, CallerSite[]>, rules: ChainRules): boolean {
  if (guardInitAfter(x.a, x.object, guard, x.at, rules)) return true;
  const param = paramOf(x.a, x.object, rules);
  const sites = rules.inner(x.a) && param >= 0 ? (callers.get(x.a.fn.name) ?? []) : [];
  return sites.length > 0 && sites.every((site) => handedBeforeGuardInit(site, param, guard, rules));
}

/** The call hands its object (as a plain name) over before the caller initialises the guard in it. */
function handedBeforeGuardInit(site: CallerSite, param: number, guard: string, rules: ChainRules): boolean {
  const root = rootName(site.args[param]);
  return !!root && site.args[param].trim() === root && guardInitAfter(site.from, root, guard, site.at, rules);
}

/**
 * An access made while no interrupt handler, work or timer runs on its object: before its
 * function starts the first of them on it or after it stopped them (contextLifetimes.ts), or in
 * a helper every caller in view hands the object to at such a point.
 */
function outsideContexts(x: Access, callers: Map<string, CallerSite[]>, rules: ChainRules, racing?: ReadonlySet<string>, depth = 0): boolean {
  if (rules.lifetimes.outside(x.a.fn.name, sameObject(x.a, x.object, rules), x.at, racing)) return true;
  const param = paramOf(x.a, x.object, rules);
  const sites = rules.inner(x.a) && param >= 0 && depth < MAX_CHAIN ? (callers.get(x.a.fn.name) ?? []) : [];
  return (
    sites.length > 0 &&
    sites.every((site) => {
      const root = rootName(site.args[param]);
      return !!root && outsideContexts({ ...x, a: site.from, object: root, at: site.at }, callers, rules, racing, depth + 1);
    })
  );
}

/** The call hands its object over while no context the caller starts on it runs. */
function handedOutsideContexts(site: CallerSite, param: number, rules: ChainRules, racing: ReadonlySet<string>): boolean {
  const root = rootName(site.args[param]);
  return !!root && rules.lifetimes.outside(site.from.fn.name, sameObject(site.from, root, rules), site.at, racing);
}

/**
 * A deferred handler that only other handlers schedule (a tasklet its interrupt handler queues)
 * stands for them: it cannot run before they start (deferredContexts.ts).
 */
function startedWith(racing: ReadonlySet<string>, handlers: ReadonlyMap<string, unknown>, deferred: DeferredContexts, graph: CallGraph): Set<string> {
  const out = new Set<string>();
  for (const h of racing) {
    const from = deferred.scheduledFrom(h);
    const by = from && [...from].map((f) => handlerEntries(f, handlers, graph, h));
    if (by && by.every((e) => e.size)) for (const e of by) for (const g of e) out.add(g);
    else out.add(h);
  }
  return out;
}

/** The handlers (other than `not`) that alone reach `fn` through direct calls, or none when anything else may call it. */
function handlerEntries(fn: string, handlers: ReadonlyMap<string, unknown>, graph: CallGraph, not: string, depth = 0): Set<string> {
  if (fn !== not && handlers.has(fn)) return new Set([fn]);
  const callers = graph.callsTo(fn);
  if (fn === not || depth >= MAX_CHAIN || !callers.length || callers.some((e) => e.kind !== 'direct')) return new Set();
  const out = new Set<string>();
  for (const e of callers) {
    const up = handlerEntries(e.from, handlers, graph, not, depth + 1);
    if (!up.size) return new Set();
    for (const g of up) out.add(g);
  }
  return out;
}

/**
 * Every access runs in one serialised context on objects of the field's struct (every chain of
 * callers up from it starts there: serialisedContexts.ts), or outside that context's lifetime on
 * the object (before its function starts it, or after it stopped it).
 */
function soleContext(accesses: readonly Access[], owner: string, serialised: ReadonlyMap<string, SerialisedContext>, callers: Map<string, CallerSite[]>, rules: ChainRules): boolean {
  if (!serialised.size) return false;
  let context: string | undefined;
  const rest: Access[] = [];
  for (const x of accesses) {
    const roots = cachedRoots(x.a, callers, rules);
    const only = roots?.size === 1 ? [...roots][0] : undefined;
    if (only && serialised.get(only)?.struct === owner && (!context || context === only)) context = only;
    else rest.push(x);
  }
  return !!context && rest.every((w) => outsideContexts(w, callers, rules, new Set([context!])));
}

/**
 * The kernel never runs `b`'s code while `a`'s runs: every chain up from `b` starts at an operations
 * member the kernel keeps apart from every one `a`'s chains start at (apartMembers.ts).
 */
function keptApart(a: FunctionAnalysis, b: FunctionAnalysis, callers: Map<string, CallerSite[]>, rules: ChainRules): boolean {
  const [mine, theirs] = [cachedRoots(a, callers, rules), cachedRoots(b, callers, rules)];
  return !!mine?.size && !!theirs?.size && [...theirs].every((r) => [...mine].every((m) => rules.apart(m).has(r)));
}

function cachedRoots(a: FunctionAnalysis, callers: Map<string, CallerSite[]>, rules: ChainRules): Set<string> | undefined {
  if (!rules.roots.has(a)) rules.roots.set(a, rootsOf(a, callers, rules));
  return rules.roots.get(a);
}

/** The entry points every chain of callers in view up from `a` starts at (`a` itself if it is one); undefined past MAX_CHAIN or where a chain is lost. */
function rootsOf(a: FunctionAnalysis, callers: Map<string, CallerSite[]>, rules: ChainRules, depth = 0, seen = new Set<FunctionAnalysis>()): Set<string> | undefined {
  const out = new Set<string>();
  if (seen.has(a)) return out;
  seen.add(a);
  if (rules.entryOf(a)) out.add(a.fn.name);
  const sites = callers.get(a.fn.name) ?? [];
  if (!out.size && !sites.length) return undefined;
  for (const site of sites) {
    const up = depth < MAX_CHAIN ? rootsOf(site.from, callers, rules, depth + 1, seen) : undefined;
    if (!up) return undefined;
    for (const r of up) out.add(r);
  }
  return out;
}

/** The handlers (by entry) whose code makes one of these accesses. */
function racingHandlers(accesses: readonly Access[], handlers: Iterable<string>, reachOf: (handler: string) => ReadonlySet<string>): Set<string> {
  const fns = new Set(accesses.map((w) => w.a.fn.name));
  return new Set([...handlers].filter((h) => [...fns].some((f) => reachOf(h).has(f))));
}

/** The variable itself, or one set to memory inside its object or containing it (`bp = netdev_priv(dev)`). */
function sameObject(a: FunctionAnalysis, name: string, rules: ChainRules): (variable: string) => boolean {
  const inside = insideOf(a, rules);
  return (v) => v === name || inside.get(name) === v || inside.get(v) === name;
}

/** The functions in view these run, themselves included, down to MAX_CHAIN calls. */
function reachedFrom(roots: ReadonlySet<string>, graph: CallGraph): Set<string> {
  const out = new Set(roots);
  let level = [...roots];
  for (let depth = 1; depth < MAX_CHAIN && level.length; depth++) {
    level = level.flatMap((f) => graph.callsFrom(f).map((e) => e.to)).filter((f) => graph.functions.has(f) && !out.has(f));
    for (const f of level) out.add(f);
  }
  return out;
}

/**
 * The function initialises the guard's lock (`owner.member`) in `object` (or in memory inside it, or
 * around it: `priv = netdev_priv(dev)`) after offset `at`, itself or through a helper in view.
 */
function guardInitAfter(a: FunctionAnalysis, object: string, guard: string, at: number, rules: ChainRules): boolean {
  let inits = rules.inits.get(a);
  if (!inits) rules.inits.set(a, (inits = lockInitsWithHelpers(a.fn, a.file, rules.knowledge, rules.graph)));
  const member = guard.slice(guard.indexOf('.') + 1);
  const same = sameObject(a, object, rules);
  return [...inits].some(([v, list]) => same(v) && list.some((i) => i.member === member && i.at > at));
}

/**
 * Up to where the object `root` names is private to the function (-1: never): the variable's own
 * offset, or a copy's (`iommu = data; ...; kfree(iommu)`: call sites name it by what it copies,
 * the variable or the whole path it was read from: `udev = file->private_data`).
 */
function privateUntil(a: FunctionAnalysis, root: string, rules: ChainRules, arg?: string, objects = rules.unshared): number {
  let until = -1;
  const whole = arg?.trim();
  for (const [v, at] of objects(a)) {
    const copied = a.locals.get(v);
    if (v === root || copied === root || (whole !== undefined && copied === whole)) until = Math.max(until, at);
  }
  return until;
}

/** Every handler started on the object before `at` in the function is one that never reaches the field (handlersApartOf). */
function handedOnlyApart(a: FunctionAnalysis, object: string, at: number, rules: ChainRules): boolean {
  const apart = rules.handlersApart;
  return !!apart && rules.lifetimes.startedBefore(a.fn.name, sameObject(a, object, rules), at).every(apart);
}

/**
 * Handlers that reach none of these functions (the field's accesses): through the calls in view,
 * and calling nothing that schedules deferred work or starts another context (which may).
 */
function handlersApartOf(accesses: readonly Access[], reachOf: (handler: string) => ReadonlySet<string>, graph: CallGraph, knowledge: Knowledge): (runs: readonly string[] | undefined) => boolean {
  const fns = new Set(accesses.map((w) => w.a.fn.name));
  const defers = (f: string) => graph.callsFrom(f).some((e) => knowledge.contextSchedules.has(e.to) || knowledge.contextStarts.has(e.to));
  const apart = (h: string) => graph.functions.has(h) && [...reachOf(h)].every((f) => !fns.has(f) && !defers(f));
  return (runs) => !!runs && runs.every(apart);
}

/** The variable an argument starts from (`&cs->fmeter`: `cs`; `(void *)tu`: `tu`). */
function rootName(arg: string | undefined): string | undefined {
  return arg ? /^[\s&*(]*(?:\(\s*(?:const\s+)?(?:struct\s+)?\w+\s*\*+\s*\)\s*)?([A-Za-z_]\w*)/.exec(arg)?.[1] : undefined;
}

/** Inside the condition a wait_event*() macro is handed (its second argument). */
function waitCondition(n: SNode, a: FunctionAnalysis, knowledge: Knowledge): boolean {
  for (let x: SNode = n; x.parent && !x.type.endsWith('_statement'); x = x.parent) {
    const p = x.parent;
    if (p.type !== 'argument_list') continue;
    const callee = p.parent ? (calleeName(a.file, p.parent) ?? '') : '';
    return knowledge.calls.conditionWaiters.has(callee) && p.children.filter((c) => c.named)[1] === x;
  }
  return false;
}

/**
 * A read whose value is kept or followed, not only looked at: stored (`unit = tu->tread ? ...`),
 * dereferenced or indexed (`p->obj->x`), returned as it is (the caller acts on it), or handed
 * as it is to a call that is not a formatter (`kfree(p->buf)`), or switched on. A value
 * tested in an `if`, or computed on and reported, is only looked at.
 */
function carriedRead(n: SNode, a: FunctionAnalysis, engine: Pick<EngineResult, 'knowledge' | 'pure' | 'graph'>, locals: LocalReads, printer: Printer, through = 1): boolean {
  const knowledge = engine.knowledge;
  let x = valueNode(n);
  // `unlikely(d->xoff)`, `WARN_ON(d->busy)`: the call is the value it is handed, looked at as that is;
  // `CLKDIV_FROM_REG(d->cmd)`, a macro of the file computing on its arguments: a value computed from it.
  while (x.parent?.type === 'argument_list' && x.parent.parent && (computedBy(a, x.parent.parent, engine) || (knowledge.calls.transparent.has(calleeName(a.file, x.parent.parent) ?? '') && x.parent.children.filter((c) => c.named).length === 1))) x = x.parent.parent;
  const p = x.parent;
  if (!p) return false;
  if ((p.type === 'field_expression' || p.type === 'subscript_expression') && field(p, 'argument') === x) return true;
  if (p.type === 'pointer_expression' && operator(p) === '*') return true;
  if (p.type === 'argument_list') {
    const callee = p.parent ? (calleeName(a.file, p.parent) ?? '') : '';
    // `wait_event_timeout(wq, d->done, HZ)`: the condition, tested again at every wake-up.
    if (knowledge.calls.conditionWaiters.has(callee) && p.children.filter((c) => c.named)[1] === x) return false;
    return !printer(a, p.parent!, x);
  }
  if (p.type === 'return_statement') return true;
  // Computed on, then stored: the statement keeps what was read. Tested, and the answer stored for the
  // caller (`*enable = !!(p->mask & BIT(id))`): a truth value, only a look; kept in a local, its uses say.
  let truth = false;
  for (let y: SNode | null = x; y && !y.type.endsWith('_statement'); y = y.parent) {
    const up = y.parent;
    if (!up) break;
    if ((up.type === 'unary_expression' && operator(up) === '!') || (up.type === 'binary_expression' && TRUTH_OPERATORS.has(operator(up) ?? ''))) truth = true;
    // Kept in a local: what the local's uses do with it (`int on = lo->flags & X; return sysfs_emit(buf, "%d", on);` only reports it).
    const local = up.type === 'init_declarator' && field(up, 'value') === y ? field(up, 'declarator') : up.type === 'assignment_expression' && field(up, 'right') === y && operator(up) === '=' ? field(up, 'left') : undefined;
    if (local?.type === 'identifier') {
      const uses = locals(srcOf(a, local));
      return !through || !uses || uses.some((u) => u.start > local.end && carriedRead(u, a, engine, locals, printer, through - 1));
    }
    if (up.type === 'init_declarator' || up.type === 'assignment_expression') return !truth;
    // A switch picks one of several computations by the value: what it computes carries it.
    if ((up.type === 'switch_statement' && field(up, 'condition') === y) || (up.parent?.type === 'switch_statement' && field(up.parent, 'condition') === up)) return true;
    if (up.type === 'argument_list' || up.type === 'condition_clause' || (up.type === 'parenthesized_expression' && up.parent?.type.endsWith('_statement'))) return false;
  }
  return false;
}

/** A read that is, or is computed into, an argument of a logging or formatting call, and nothing else. */
function printedRead(n: SNode, a: FunctionAnalysis, engine: Pick<EngineResult, 'knowledge' | 'pure' | 'graph'>, printer: Printer): boolean {
  for (let x: SNode = valueNode(n); x.parent && !x.parent.type.endsWith('_statement'); x = x.parent) {
    const p = x.parent;
    if (p.type === 'condition_clause' || p.type === 'init_declarator' || p.type === 'assignment_expression') return false;
    if (p.type !== 'argument_list' || !p.parent) continue;
    if (printer(a, p.parent, x)) return true;
    if (!engine.knowledge.calls.transparent.has(calleeName(a.file, p.parent) ?? '') && !computedBy(a, p.parent, engine)) return false;
  }
  return false;
}

/**
 * A call that only computes a value of its arguments: one of the file's value macros (syntax
 * computesOnly()), a function in view that writes nothing but its locals (`static inline int
 * TEMP_FROM_REG(s8 val)`), or one the knowledge calls pure.
 */
function computedBy(a: FunctionAnalysis, call: SNode, engine: Pick<EngineResult, 'knowledge' | 'pure' | 'graph'>): boolean {
  const callee = calleeName(a.file, call) ?? '';
  // (In view: a query not in view, `skb_padto(skb, len)` tested in an `if`, may well act on what it is handed.)
  return !!a.file.valueMacros?.has(callee) || (engine.pure.has(callee) && engine.graph.functions.has(callee)) || pureByKnowledge(engine.knowledge, callee);
}

/** Whether a call prints this argument of it: a logging or formatting call, or one not in view whose literal format prints it. */
type Printer = (a: FunctionAnalysis, call: SNode, arg: SNode) => boolean;

function printerOf(knowledge: Knowledge, inView: (name: string) => boolean): Printer {
  return (a, call, arg) => {
    const callee = calleeName(a.file, call) ?? '';
    if (knowledge.calls.logging.has(callee) || knowledge.calls.formatters.has(callee)) return true;
    // A driver's or subsystem's own printing macro (`v4l2_info(sd, "power: %d", state->power)`).
    return !inView(callee) && formattedArguments(call, a.file.text).has(callArgs(call).indexOf(arg));
  };
}

/** Operators whose value is a truth value, whatever the operands are. */
const TRUTH_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||']);

/** The reads of one of the function's own locals (not a parameter, not a global: a value kept in one stays in this call), or undefined for any other name. */
type LocalReads = (name: string) => readonly SNode[] | undefined;

/** A function's locals' reads, found in one walk of its body when first asked for. */
function localReads(a: FunctionAnalysis, env: TypeEnv): LocalReads {
  const params = new Set(a.fn.params.map((p) => p.name));
  let reads: Map<string, SNode[]> | undefined;
  return (name) => {
    if (!reads) {
      const found = new Map<string, SNode[]>([...env].filter(([v, t]) => t.line > 0 && !params.has(v)).map(([v]) => [v, []]));
      walk(a.fn.body, (n) => {
        if (n.type === 'identifier' && !isWrite(n)) found.get(srcOf(a, n))?.push(n);
        return true;
      });
      reads = found;
    }
    return reads.get(name);
  };
}

function srcOf(a: FunctionAnalysis, n: SNode): string {
  return a.file.text.slice(n.start, n.end);
}

function isWrite(n: SNode): boolean {
  const p = n.parent;
  return !!p && ((p.type === 'assignment_expression' && field(p, 'left') === n) || p.type === 'update_expression');
}

/** `&p->field` (or `&p->a.b`): the field's address handed on, not an access. */
/**
 * `rdev->mutex_owner == current`: a task asks whether it is the owner itself, and only the
 * owner writes itself there (ownerRecords.ts): whatever else the read sees, the answer holds.
 */
function ownerTest(n: SNode, a: FunctionAnalysis, knowledge: Knowledge): boolean {
  const p = n.parent;
  return !!p && p.type === 'binary_expression' && comparedWithCurrent(p, a.file, knowledge.calls.currentTask)?.side === n;
}

function addressTaken(n: SNode): boolean {
  let top = n;
  while (top.parent?.type === 'field_expression' && operator(top.parent) === '.') top = top.parent;
  const p = top.parent;
  return !!p && p.type === 'pointer_expression' && operator(p) === '&';
}
