/**
 * The abstract state of lock exploration at one point of a function: held
 * lock instances, plus the few facts that decide later branches (conditions
 * already tested, constants, trylock results, aliases). States that agree on
 * their shape (what decides the lock rules) are merged at join points,
 * keeping the facts of each way in (factSet.ts) and the constants they agree on.
 */
import type { LockEvent } from './api';
import type { LockKind } from '../knowledge';
import type { PathMemory } from './watch';
import { baseVar, isMemberPath } from './identity';
import { FactSet } from './factSet';
import { CowMap, CowSet } from './cow';
import { joinedEqualities } from './argValues';

/**
 * What a path knows of its parameters at a point: a parameter known zero (NULL) or not,
 * and a pure test of parameters and constants alone known true (`nonzero`) or false
 * (`mode==HWLOCK_RAW`, keyed as the branch facts key it).
 */
export type ParamValues = ReadonlyMap<string, 'zero' | 'nonzero'>;

/**
 * Why a lock is held: taken here; stated by an annotation; held by every caller
 * in view (`caller`) or assumed by the user; or re-taken after this function
 * dropped a lock it was called with (`restored`, lock-neutral for the caller).
 */
export type Origin = 'acquired' | 'must-hold' | 'releases' | 'assumed' | 'caller' | 'restored';

export interface Held {
  inst: string;
  cls: string;
  kind: LockKind;
  sleeps: boolean;
  atomic: boolean;
  shared: boolean;
  /** Line where it was taken; the function's line for locks held on entry. */
  line: number;
  origin: Origin;
  /**
   * Held because the path asserted it (`lockdep_assert_held()`, a try asserted to fail), not by
   * the entry's word: the caller's on this path only, so no return of the function keeps it for its callers.
   */
  asserted?: true;
  /** Nesting depth, for locks that nest (rcu, preempt, irq). */
  count: number;
  /** Taken to be given back by another task (LockMeta.nonOwner). */
  nonOwner?: boolean;
  /** Recursive for its owner (LockMeta.reentrant): a take of it again by this task only counts. */
  reentrant?: boolean;
  /** Taken with a `_nested` primitive: lockdep's subclass, another instance of the class on purpose. */
  nested?: boolean;
  /** Taken with interrupts (bottom halves) turned off by the same primitive (LockMeta). */
  irqsOff?: boolean;
  bhOff?: boolean;
  /**
   * The variable it hangs from was pointed elsewhere since it was taken (a loop
   * iteration, a reassignment): an earlier instance, no longer named by `inst`'s text.
   */
  detached?: boolean;
  /** A function not in view was given this lock's object after it was taken: it may have released it. */
  handedTo?: string;
  /** The lock itself, not only its object, was handed (`xlog_wait(&q->lock)`): likely released there. */
  lockHanded?: boolean;
  /** Reached through a copy of this place (`dentry = path->dentry`), which the path has written since: the place names another object now. */
  movedFrom?: string;
  /** The callee in view that took it and handed it to `handedTo`: a hold this function only inherits the doubt of. */
  handOffIn?: string;
  /** Taken again while held (a reported deadlock): its count after that says nothing more. */
  doubled?: boolean;
  /** Taken by a trylock (or an interruptible lock) that succeeded: the function's result says whether. */
  tried?: boolean;
  /**
   * Taken by a call unless its result, in this variable, carries one of these bits, and taken as
   * held once the caller found some of them clear: a test finding bits all among them set says the
   * call never took it (resultBits.ts). Void once the variable is written.
   */
  untilBits?: { variable: string; bits: readonly string[] };
  /** Just taken by a call that returns its object, named by the variable the result goes to. */
  fresh?: boolean;
  /** Taken by a callee in exchange for this lock of ours, which it gave back first (exchange.ts). */
  exchangedFor?: string;
  /** Held on entry because every caller holds it, the first of them in another file (the tree index): where it calls. */
  heldBy?: string;
  /** Assumed held on entry because this caller in view holds it where it calls a function that gives it back. */
  releasedFor?: string;
  /** The flag a try's outcome went to (`*locked = mutex_trylock(...)`), tested true since: it tells whoever reads it that the lock is held. */
  recordedIn?: string;
  /** Why it is held on entry, when something other than a caller in view says so (`the kernel calls ethtool_ops.get_ringparam with it held`). */
  because?: string;
  /** A context entered by a lock's primitive (`spin_lock_bh()`: bh-off): the lock it came with. */
  ridesWith?: string;
  /** Interrupts turned off with their state saved in this variable (`local_irq_save(*flags)`): an _irqrestore of it gives them back. */
  savedIn?: string;
  /** A lock taken with interrupts off and their state saved in this variable (`spin_lock_irqsave(l, flags)`). */
  irqsSavedIn?: string;
}

/** A context that came with a lock still held: what is said of the lock covers it. */
export function ridesWithHeld(h: Held, held: readonly Held[]): boolean {
  return !!h.ridesWith && held.some((x) => x.inst === h.ridesWith);
}

export interface LockMeta {
  kind: LockKind;
  sleeps: boolean;
  atomic: boolean;
  shared: boolean;
  nested?: boolean;
  /** Lockdep keeps no class for it (a bit lock, the page lock). */
  untracked?: boolean;
  /** Meant to be given back by another task (a `_non_owner` primitive's). */
  nonOwner?: boolean;
  /**
   * Recursive for its owner: taken by a helper that first tests the lock's owner record
   * against the running task (ownerRecords.ts), so a task that holds it re-enters, counted.
   */
  reentrant?: boolean;
  /** Taken with interrupts (bottom halves) turned off by the same primitive: never held here with them on. */
  irqsOff?: boolean;
  bhOff?: boolean;
}

/** What a take turned off with its lock (LockMeta.irqsOff, bhOff), only where it did. */
export function offFlags(from: { irqsOff?: boolean; bhOff?: boolean }): { irqsOff?: true; bhOff?: true } {
  return { ...(from.irqsOff ? { irqsOff: true as const } : {}), ...(from.bhOff ? { bhOff: true as const } : {}) };
}

/** A lock taken only when a value turns out zero or nonzero (trylock, interruptible lock). */
export interface ConditionalEffect {
  /** A try that turns interrupts off saves their state in this variable (`spin_trylock_irqsave(l, flags)`). */
  irqsSavedIn?: string;
  op: 'acquire' | 'release';
  inst: string;
  cls: string;
  meta: LockMeta;
  when: 'zero' | 'nonzero';
  text: string;
  line: number;
  /** Taken as done when the variable is used untested (a callee that returns an object locked). */
  onUse?: boolean;
  /** The atomic locks held at the call that took it: a sleeping take slept there, not where it is found done. */
  atomicAt?: readonly string[];
  /** Taken in `in`, which handed it to `to`, not in view, which may have released it. */
  handOff?: { to: string; in: string };
  /** A trylock primitive's: what the path knew of the parameters where it tried (taken only for those). */
  triedWith?: ParamValues;
  /** The callee whose summary it comes from (none for a trylock primitive). */
  callee?: string;
  /** A primitive's every failing result (the knowledge's failsWith): a result that is none of them is success. */
  failsWith?: readonly string[];
  /** A try made on a lock the path held, which fails rather than waits (a trylock; ww_mutex_lock with a context): its success is no path. */
  failsIfHeld?: boolean;
  /**
   * Done on every result but this error code (a summary's `unless`, with when `zero`): not done
   * where the result is found to be it; done where it is found not to be, and wherever the
   * result is tested otherwise first or dropped untested.
   */
  unless?: string;
  /**
   * Done on every result but the negative ones (a summary's `unlessNegative`, with when `zero`):
   * done where the result is found zero or positive, not where it is found negative or nonzero
   * without a sign (an error, by the kernel's convention); done where it is dropped untested.
   */
  unlessNegative?: boolean;
  /**
   * Done only where the result is this error code (a summary's `onlyOn`, with when `nonzero`): done
   * where it is found to be it (and at once where the call's result is not kept: the caller never
   * asks); not done where it is found another code, zero, or positive.
   */
  onlyOn?: string;
  /** Done where the callee stored nonzero in the variable it is pending on, handed by its address (a summary's `toldThrough`). */
  setsFlag?: boolean;
  /**
   * The same take pending on another variable too (the result, and the out pointer the callee set
   * exactly when it returned holding it: `req = find(..., &bucket)`): decided by either, it is no
   * longer pending on the other. The effects of one take share this token.
   */
  twin?: object;
  /**
   * Done on every result but those carrying one of these bits (a summary's `unlessBits`, with when
   * `zero`, or `nonzero` when a zero result lacks it too): not done where bits all among these are
   * found set; done where some are found clear (held `untilBits` a later test finds the others set), and
   * where the result is dropped untested.
   */
  unlessBits?: readonly string[];
}

export interface FoundUnder {
  lock: string;
  line: number;
  /** The arguments of the lookup that found it (`&c->idr, handle` of idr_find()): a removal by the same ones takes it out. */
  lookedUpBy?: string;
  /** The node it was reached by (`q->events.next` of `list_entry(q->events.next, ...)`): unlinking that node takes it out. */
  nodeAt?: string;
  /** Taken out of its list by a callee when this variable has this value (resultKeepers.ts): ours where the test says so. */
  keptIf?: KeptIf;
}

export interface KeptIf {
  variable: string;
  when: 'zero' | 'nonzero';
}

export interface StaleRef {
  lock: string;
  foundLine: number;
  releaseLine: number;
  keptIf?: KeptIf;
}

/** A lock held on entry and released here; `held` is what to restore if it is taken again. */
export interface CallerRelease {
  line: number;
  meta: LockMeta;
  held: Held;
  /** Given back only if it was held (a lockdep hand-off, a callee's release on some paths): never a finding. */
  quiet?: boolean;
  /** Given back only if held, with nothing saying the caller held it (a callee's release on some paths, a flag's unlock): a later take is a new hold. */
  unasked?: boolean;
  /** Interrupts given back by an _irqrestore of the caller's saved state, passed in this variable. */
  savedIn?: string;
}

/** A branch condition already decided on this path: its value, and the variables it reads. */
export interface Fact {
  value: boolean;
  deps: string[];
  /** A flag test (`x & (A | B)`): other tests of the same word's bits answer it too. */
  bits?: BitTest;
}

/** `base & (a | b | ...)`: nonzero when any of the named bits is set in `base`. */
export interface BitTest {
  base: string;
  /** The bit names (or constants) OR'ed together, sorted. */
  mask: readonly string[];
}

export interface EventNode {
  ev: LockEvent;
  prev: EventNode | null;
}

/** The sign of a returned value, where the path knows it: a negative error code, or zero or more. */
export type ReturnSign = 'negative' | 'nonnegative';

export interface ReturnInfo {
  line: number;
  value?: string;
  retClass: 'zero' | 'nonzero' | 'unknown';
  retSign?: ReturnSign;
  /** A returned variable still carrying a conditional lock (`return mutex_lock_interruptible(...)`). */
  pending?: ConditionalEffect[];
  /** The knowledge's lock-keeping codes the returned value carries (lockKeepingCodes): `VM_FAULT_LOCKED`. */
  keepingCodes?: string[];
}

/**
 * A value a test found nonzero without saying its sign (`if (ret)`): not 1, so that a later
 * `ret < 0` or `ret > 0` can go either way.
 */
export const NONZERO = Number.MAX_SAFE_INTEGER;

/**
 * What a variable's value says of others (`ok = !locked && ready`): when it is true, each
 * literal holds (`locked` zero); `whenFalse` when the value is one literal (`x = !y`).
 */
export interface Implication {
  whenTrue: ReadonlyArray<readonly [string, 'zero' | 'nonzero']>;
  whenFalse?: readonly [string, 'zero' | 'nonzero'];
}

export class PathState {
  held: Held[];
  pending: CowMap<string, ConditionalEffect[]>;
  consts: CowMap<string, number>;
  defs: CowMap<string, string>;
  /** Variables set from tests of others (`not_lockless = !rtnl_held && ...`): testing one tests those. */
  implies: CowMap<string, Implication>;
  /** `j = list_entry(pos, ...)`: j → pos, two names of one object. */
  containers: CowMap<string, string>;
  /** `op->file[1].vnode = vnode`: vnode → op, an object stored in another, handed on with it. */
  carriers: CowMap<string, string>;
  roots: CowMap<string, Set<string>>;
  under: CowMap<string, FoundUnder>;
  stale: CowMap<string, StaleRef>;
  /** Local pointers that name another object's path (`locked = caller`). */
  aliases: CowMap<string, string>;
  /** Paths known to be one object on this path (`a == b` tested true): the first names the second's locks. */
  same: CowMap<string, string>;
  /** Decided branch conditions, by canonical key, for each way of reaching here (factSet.ts). */
  facts: FactSet;
  /** Iterator loops (by head block) this path is inside of, past their first test. */
  iterating: CowSet<number>;
  /** Variables a function not in view was handed or returned: their locks may have changed hands there. */
  opaque: CowSet<string>;
  /**
   * Parameters this path has written, and what pointer parameters point at once written (`*locked`):
   * what it knows of them from there on is not what the caller passed.
   */
  rebound: CowSet<string>;
  /** Earlier instances being released one by one (an unlock loop over what a lock loop took). */
  drained: CowSet<string>;
  /** Classes of holds lockdep was told this context gave up (`spin_release`), for an annotated take to pick up. */
  handedOver: CowSet<string>;
  /** The path called something that never returns (`do_group_exit()`, `panic()`): it goes no further. */
  dead: boolean;
  /** Locks taken by this function on every path reaching here. */
  took: CowSet<string>;
  /** Locks initialised on every path reaching here (`spin_lock_init()`): just made, no other thread holds them. */
  made: CowSet<string>;
  /** Node pointers this path took out of their list (`list_del(pos)`): the entry they are in is no longer found there. */
  unlinked: CowSet<string>;
  /** The parameters' values known where the path may have slept on the way here (merged paths: either did, the values both knew). */
  slept: ParamValues | null;
  /** The same, where it slept with every lock it was called with still held. */
  sleptHolding: ParamValues | null;
  /** Locks this function may have taken on the way here, held or not, each with the parameters' values known where it did. */
  mayTook: CowMap<string, ParamValues>;
  /** Locks this path took and then released (a second release is a double unlock). */
  releasedHere: CowSet<string>;
  /** Locks this path released without taking them (the caller's). */
  releasedCaller: CowMap<string, CallerRelease>;
  events: EventNode | null;
  ret: ReturnInfo | null;
  /** The rules' watchers' memories of this path, by watcher (undefined for one that keeps none). */
  memories: Array<PathMemory | undefined>;
  /** The last heldNames() made. */
  private lastNames: readonly string[] | null;

  /** A copy of `from`: its collections are shared until either side writes (cow.ts); holds are copied, as they change in place. */
  constructor(from?: PathState) {
    this.held = from ? from.held.map((h) => ({ ...h })) : [];
    this.pending = from ? from.pending.clone() : new CowMap<string, ConditionalEffect[]>();
    this.consts = from ? from.consts.clone() : new CowMap<string, number>();
    this.defs = from ? from.defs.clone() : new CowMap<string, string>();
    this.implies = from ? from.implies.clone() : new CowMap<string, Implication>();
    this.containers = from ? from.containers.clone() : new CowMap<string, string>();
    this.carriers = from ? from.carriers.clone() : new CowMap<string, string>();
    this.roots = from ? from.roots.clone() : new CowMap<string, Set<string>>();
    this.under = from ? from.under.clone() : new CowMap<string, FoundUnder>();
    this.stale = from ? from.stale.clone() : new CowMap<string, StaleRef>();
    this.aliases = from ? from.aliases.clone() : new CowMap<string, string>();
    this.same = from ? from.same.clone() : new CowMap<string, string>();
    this.facts = from ? from.facts.clone() : FactSet.empty();
    this.iterating = from ? from.iterating.clone() : new CowSet<number>();
    this.opaque = from ? from.opaque.clone() : new CowSet<string>();
    this.rebound = from ? from.rebound.clone() : new CowSet<string>();
    this.drained = from ? from.drained.clone() : new CowSet<string>();
    this.handedOver = from ? from.handedOver.clone() : new CowSet<string>();
    this.dead = from ? from.dead : false;
    this.took = from ? from.took.clone() : new CowSet<string>();
    this.made = from ? from.made.clone() : new CowSet<string>();
    this.unlinked = from ? from.unlinked.clone() : new CowSet<string>();
    this.slept = from ? from.slept : null;
    this.sleptHolding = from ? from.sleptHolding : null;
    this.mayTook = from ? from.mayTook.clone() : new CowMap<string, ParamValues>();
    this.releasedHere = from ? from.releasedHere.clone() : new CowSet<string>();
    this.releasedCaller = from ? from.releasedCaller.clone() : new CowMap<string, CallerRelease>();
    this.events = from ? from.events : null;
    this.ret = from ? from.ret : null;
    this.memories = from ? from.memories.map((m) => m?.clone()) : [];
    this.lastNames = from ? from.lastNames : null;
  }

  /** What `name`'s result has still to decide: these effects, or nothing more to ask of it when none are left. */
  keepPending(name: string, effects: ConditionalEffect[]): void {
    const decided = (this.pending.get(name) ?? []).flatMap((e) => (e.twin && !effects.includes(e) ? [e.twin] : []));
    if (effects.length) this.pending.set(name, effects);
    else this.pending.delete(name);
    if (!decided.length) return;
    for (const [other, list] of [...this.pending]) {
      if (other === name || !list.some((e) => e.twin && decided.includes(e.twin))) continue;
      this.keepPending(other, list.filter((e) => !e.twin || !decided.includes(e.twin)));
    }
  }

  clone(): PathState {
    return new PathState(this);
  }

  /** The other names of the object `name` names (its container or its member). */
  sameObject(name: string): string[] {
    const out: string[] = [];
    const member = this.containers.get(name);
    if (member) out.push(member);
    for (const [c, m] of this.containers) if (m === name) out.push(c);
    return out;
  }

  /** Held locks of the object `name` names (under either of its names): whoever frees it must take one of them first. */
  ownLocks(name: string): Held[] {
    const names = [name, ...this.sameObject(name)];
    return this.held.filter((h) => !h.detached && names.some((n) => baseVar(h.inst) === n && isMemberPath(h.inst, n)));
  }

  /** The names of the holds, in order; one array while they stay the same (never written to: events share it). */
  heldNames(): readonly string[] {
    const last = this.lastNames;
    if (last && last.length === this.held.length && this.held.every((h, i) => h.inst === last[i])) return last;
    return (this.lastNames = this.held.map((h) => h.inst));
  }

  find(inst: string): Held | undefined {
    return this.held.find((h) => h.inst === inst && !h.detached);
  }

  /** `ev` is a fresh literal at every call: it becomes the event itself (no copy). */
  push(ev: Omit<LockEvent, 'held'>): void {
    const event = ev as LockEvent;
    event.held = this.heldNames() as string[];
    this.events = { ev: event, prev: this.events };
  }

  eventList(): LockEvent[] {
    return eventsOf(this.events);
  }

  /**
   * What decides the future of this state for the lock rules; states with one
   * shape at one block are merged. Facts, constants and definitions are not in
   * it: they are intersected when states merge, and so are the copies `apart`
   * leaves out.
   */
  shape(apart: (alias: string) => boolean): string {
    // (Taken with interrupts off or not: the unlock variant that pairs with it differs, so the two are kept apart.)
    const held = this.held.map((h) => `${h.inst}${h.detached ? "'" : ''}${h.count > 1 ? '#' + Math.min(h.count, 3) : ''}${h.origin === 'acquired' ? '' : '^'}${h.irqsOff ? '!' : ''}`).sort();
    return [
      held.join(','),
      sortedKeys(this.pending),
      sortedKeys(this.under),
      sortedKeys(this.stale),
      sortedKeys(this.releasedCaller),
      sortedKeys(this.releasedHere),
      sortedKeys(this.drained),
      this.aliases.rendered((m) => (m.size ? [...m].filter(([k]) => apart(k)).map(([k, v]) => `${k}=${v}`).sort().join(',') : '')),
      this.same.rendered((m) => (m.size ? [...m].map(([k, v]) => `${k}~${v}`).sort().join(',') : '')),
      sortedKeys(this.iterating),
      sortedKeys(this.handedOver),
      this.ret ? `${this.ret.line}:${this.ret.value ?? ''}` : '',
      this.memories.map((m) => m?.key() ?? '').join(';'),
    ].join('|');
  }

  /**
   * Merges a state of the same shape into this one: keeps the facts of either
   * (factSet.ts; `decidesLock` names the tests worth keeping apart), the constants
   * and definitions both agree on, and every root either knows. True when this
   * state lost information (so what follows must be explored again).
   */
  mergeFrom(o: PathState, decidesLock: (key: string) => number): boolean {
    let changed = this.facts.mergeFrom(o.facts, decidesLock);
    changed = keepCommon(this.took, o.took) || changed;
    changed = keepCommon(this.made, o.made) || changed;
    changed = keepCommon(this.unlinked, o.unlinked) || changed;
    changed = addAll(this.opaque, o.opaque) || changed;
    changed = addAll(this.rebound, o.rebound) || changed;
    for (const h of this.held) {
      const other = o.held.find((x) => x.inst === h.inst && !!x.detached === !!h.detached);
      if (h.savedIn && other?.savedIn !== h.savedIn) {
        delete h.savedIn;
        changed = true;
      }
      if (other?.handedTo && !h.handedTo) {
        h.handedTo = other.handedTo;
        if (other.handOffIn) h.handOffIn = other.handOffIn;
        changed = true;
      }
      if (other?.lockHanded && !h.lockHanded) {
        h.lockHanded = true;
        changed = true;
      }
    }
    if (o.slept) {
      const both = this.slept ? commonValues(this.slept, o.slept) : o.slept;
      changed = changed || both !== this.slept;
      this.slept = both;
    }
    if (o.sleptHolding) {
      const both = this.sleptHolding ? commonValues(this.sleptHolding, o.sleptHolding) : o.sleptHolding;
      changed = changed || both !== this.sleptHolding;
      this.sleptHolding = both;
    }
    if (!this.mayTook.sameAs(o.mayTook)) {
      for (const [t, v] of o.mayTook) {
        const mine = this.mayTook.get(t);
        const both = mine ? commonValues(mine, v) : v;
        if (both !== mine) {
          this.mayTook.set(t, both);
          changed = true;
        }
      }
    }
    // The same return reached with other results (`return ret;` after `ret = f()` or `ret = 0`): either.
    if (this.ret && o.ret && this.ret !== o.ret && (this.ret.retClass !== o.ret.retClass || this.ret.retSign !== o.ret.retSign)) {
      const { retSign: _sign, ...rest } = this.ret;
      this.ret = { ...rest, retClass: this.ret.retClass === o.ret.retClass ? this.ret.retClass : 'unknown', ...(this.ret.retSign === o.ret.retSign ? { retSign: this.ret.retSign } : {}) };
      changed = true;
    }
    changed = intersect(this.consts, o.consts, joinConstant) || changed;
    // Copies the shape leaves out (plain numbers) are kept where both agree, as constants are.
    changed = intersect(this.aliases, o.aliases) || changed;
    changed = intersect(this.defs, o.defs) || changed;
    changed = intersect(this.implies, o.implies) || changed;
    changed = intersect(this.containers, o.containers) || changed;
    changed = intersect(this.carriers, o.carriers) || changed;
    if (this.roots.sameAs(o.roots)) return changed;
    for (const [v, rs] of o.roots) {
      const mine = this.roots.get(v);
      if (!mine) {
        this.roots.set(v, rs);
        changed = true;
      } else if (mine !== rs && someMissing(rs, mine)) {
        this.roots.set(v, new Set([...mine, ...rs]));
        changed = true;
      }
    }
    return changed;
  }
}

/** A hold this path took (or took back after giving it up), not one a caller is assumed to hold. */
export function takenOnPath(h: { origin: string }): boolean {
  return h.origin === 'acquired' || h.origin === 'restored';
}

/**
 * The values both know alike: the first itself when it has nothing more. A variable each knew
 * equal to a constant is still known one of them (argValues.ts).
 */
export function commonValues(a: ParamValues, b: ParamValues): ParamValues {
  if (a === b) return a;
  let same = true;
  for (const [k, v] of a) if (b.get(k) !== v) same = false;
  if (same) return a;
  const out = new Map([...a].filter(([k, v]) => b.get(k) === v));
  for (const [k, v] of joinedEqualities(a, b)) out.set(k, v);
  // (Nothing new, as when a way joins again: the first itself, so that merging settles.)
  return out.size === a.size && [...out].every(([k, v]) => a.get(k) === v) ? a : out;
}

/** A constant both ways know: alike, or both nonzero (`1` on one way, known only nonzero on the other). */
function joinConstant(mine: number, theirs: number | undefined): number | undefined {
  if (theirs === mine) return mine;
  return theirs !== undefined && theirs !== 0 && mine !== 0 ? NONZERO : undefined;
}

/** Adds to `mine` what `theirs` has besides (a union, as merging ways keeps what either did). */
function addAll(mine: CowSet<string>, theirs: CowSet<string>): boolean {
  if (mine.sameAs(theirs)) return false;
  let changed = false;
  for (const v of theirs) {
    if (mine.has(v)) continue;
    mine.add(v);
    changed = true;
  }
  return changed;
}

/** Keeps of `mine` what `join` makes of each value with `theirs` (by default: the values both agree on). */
function intersect<V>(mine: CowMap<string, V>, theirs: CowMap<string, V>, join: (mine: V, theirs: V | undefined) => V | undefined = (m, t) => (t === m ? m : undefined)): boolean {
  if (mine.sameAs(theirs)) return false;
  let changed = false;
  for (const [k, v] of mine) {
    const joined = join(v, theirs.get(k));
    if (joined === v) continue;
    if (joined === undefined) mine.delete(k);
    else mine.set(k, joined);
    changed = true;
  }
  return changed;
}

function someMissing<T>(some: ReadonlySet<T>, all: ReadonlySet<T>): boolean {
  for (const x of some) if (!all.has(x)) return true;
  return false;
}

/** A collection's keys, sorted, in one string, made again only after a write. */
function sortedKeys(c: CowMap<string, unknown> | CowSet<string | number>): string {
  return c.rendered(keysText);
}

function keysText(c: { size: number; keys(): Iterable<unknown> }): string {
  return c.size ? [...c.keys()].sort().join(',') : '';
}

/** The events of a recorded trail, oldest first. */
export function eventsOf(trail: EventNode | null): LockEvent[] {
  const out: LockEvent[] = [];
  for (let n = trail; n; n = n.prev) out.push(n.ev);
  return out.reverse();
}

/** Keeps in `mine` only what `theirs` has too (done on every path); true when it lost any. */
function keepCommon(mine: CowSet<string>, theirs: CowSet<string>): boolean {
  // Collections still shared with the other state's (cow.ts) are equal: nothing to merge.
  if (mine.sameAs(theirs)) return false;
  let changed = false;
  for (const t of mine) {
    if (!theirs.has(t)) {
      mine.delete(t);
      changed = true;
    }
  }
  return changed;
}
