/**
 * One run's state: the heap, the threads, the trace, and the kernel
 * primitives every model function shares (access checks that catch
 * use-after-free, mutexes with owners and waiters, refcounts, allocation
 * that can fail, injected faults). Threads are generators that yield at
 * lock operations and shared-object accesses, where the scheduler may switch.
 */
import type { SNode } from '../syntax';
import type { LoopMacro, ScopedGuardMacro } from '../syntax/preprocess';
import { Heap, atLine, freedText, lineText, valueKey, type HeapObject } from './heap';
import { isErrPtr, isPtr, ptr } from './values';
import type { Rule, Scenario, TraceEvent, Value, Violation } from './types';

/** Just what the interpreter needs of a source: its text, lines and rewritten macros. */
export interface Source {
  path: string;
  text: string;
  lines: { line(offset: number): number };
  loops: Map<number, LoopMacro>;
  scopedGuards: Map<number, ScopedGuardMacro>;
}

export interface SchedPoint {
  kind: 'access' | 'lock' | 'block';
}
export type G<T> = Generator<SchedPoint, T, void>;

export interface Frame {
  name: string;
  src: Source;
  locals: Map<string, Value>;
  at: number;
}

export interface HeldLock {
  id: number;
  label: string;
  line: number;
  text: string;
}

export interface Thread {
  index: number;
  name: string;
  gen?: G<Value>;
  done: boolean;
  result?: Value;
  blockedOn?: number;
  wants?: HeldLock;
  held: HeldLock[];
  frames: Frame[];
  /** Spinlocks held: sleeping is a bug while > 0. */
  atomic: number;
  yields: number;
}

/** Ends a run: a use-after-free, a deadlock, the step bound, or an error in the simulated code. */
export class SimStop extends Error {
  constructor(
    readonly result: string,
    readonly violation?: Violation,
  ) {
    super(result);
  }
}

/** Where a model operation happens, for the trace. */
export interface Site {
  t: Thread;
  line: number;
  text: string;
}

/** Picks one of `n` options at a choice point; 'prune' ends the run (state seen before). */
export interface Chooser {
  choose(n: number, fingerprint: () => string): number | 'prune';
}

/** Answers a run may assume before it takes the first option everywhere: explorations stay bounded. */
export const MAX_CHOICES = 12;

const ACCESS: SchedPoint = { kind: 'access' };
const LOCK: SchedPoint = { kind: 'lock' };
const BLOCK: SchedPoint = { kind: 'block' };

export class Machine {
  readonly heap = new Heap();
  readonly threads: Thread[] = [];
  readonly trace: TraceEvent[] = [];
  readonly violations: Violation[] = [];
  /** Scenario objects and model globals by name: `group`, `dev`, `iommu_def_domain_type`. */
  readonly names = new Map<string, Value>();
  readonly calls = new Map<string, number>();
  readonly schedule: string[] = [];
  steps = 0;
  /** Answers assumed in this run (`CONFIG_X=`, `dev_is_pci(@3) = `), so a question gets one answer. */
  readonly answers = new Map<string, string>();
  choices = 0;
  private readonly derivedObjects = new Map<string, Value>();
  private readonly assumedFailures: Array<{ value: Value; text: string }> = [];
  /** More than MAX_CHOICES choice points: the rest took their first option. */
  choicesCut = false;
  /** More than one thread: accesses and lock operations are switch points. */
  preemptive = false;

  constructor(
    readonly scenario: Scenario,
    readonly maxSteps: number,
    readonly chooser: Chooser,
  ) {}

  tick(): void {
    if (++this.steps > this.maxSteps) throw new SimStop('step limit', undefined);
  }

  event(s: Site, kind: string, text: string, obj?: HeapObject): void {
    this.trace.push({ thread: s.t.name, line: s.line, kind, text, ...(obj ? { obj: this.heap.root(obj).label } : {}) });
  }

  violate(s: Site, rule: Rule, message: string, extra: Partial<Violation> & { obj?: HeapObject } = {}): Violation {
    const { obj, ...rest } = extra as Partial<Violation> & { obj?: HeapObject };
    const v: Violation = { rule, message, line: s.line, ...rest };
    this.violations.push(v);
    this.event(s, 'violation', message, obj);
    return v;
  }

  /** Dereferences a pointer: NULL and freed objects stop the run. */
  deref(s: Site, v: Value, what: string): HeapObject {
    if (v === 0 || isErrPtr(v)) this.unhandledAnswer(s, v, what);
    if (v === 0 || v === undefined) {
      const why = v === 0 ? 'NULL pointer dereference' : 'use of an uninitialised pointer';
      throw new SimStop(why, this.violate(s, 'sim/invariant', `${why}: ${what}${atLine(s.line)}`));
    }
    if (isErrPtr(v)) {
      const why = `dereference of an error pointer (ERR_PTR(${v}))`;
      throw new SimStop(why, this.violate(s, 'sim/invariant', `${why}: ${what}${atLine(s.line)}`));
    }
    if (!isPtr(v)) throw new SimStop(`error: ${what} is not a pointer (${valueKey(v)})`);
    const obj = this.heap.get(v.ptr);
    if (this.heap.isFreed(obj)) {
      const root = this.heap.root(obj);
      const msg = `use-after-free of ${root.label} (${root.type} ${freedText(root)}): ${what}${atLine(s.line)} in ${s.t.name}`;
      // One finding per object, free and thread, whichever access met it first.
      const key = `use-after-free of ${root.label} (${freedText(root)}) in ${s.t.name}`;
      throw new SimStop('use-after-free', this.violate(s, 'sim/use-after-free', msg, { key, obj: root }));
    }
    return obj;
  }

  /** A shared-object access: a switch point, then the checked dereference. */
  *touch(s: Site, v: Value, what: string): G<HeapObject> {
    if (this.preemptive) {
      s.t.yields++;
      yield ACCESS;
    }
    return this.deref(s, v, what);
  }

  label(v: Value): string {
    if (isPtr(v)) return this.heap.get(v.ptr).label;
    return valueKey(v);
  }

  // ---- locks

  /** Takes a lock, sleeping while another thread holds it; a trylock returns false instead. */
  *lock(s: Site, v: Value, sleeping: boolean, tryOnly = false): G<boolean> {
    const t = s.t;
    if (this.preemptive) {
      t.yields++;
      yield LOCK;
    }
    let m = this.deref(s, v, s.text);
    if (sleeping && !tryOnly && t.atomic > 0) this.violate(s, 'sim/invariant', `${s.text} may sleep while a spinlock is held${atLine(s.line)}`);
    const me: HeldLock = { id: m.id, label: m.label, line: s.line, text: s.text };
    if (tryOnly && m.owner) return false;
    if (m.owner === t.index + 1) {
      const msg = `${t.name} takes ${m.label} again${atLine(s.line)} while holding it (${taken(t.held.find((h) => h.id === m.id)!)})`;
      throw new SimStop('deadlock', this.violate(s, 'sim/deadlock', msg, { chains: [{ thread: t.name, holds: t.held.map(heldText), wants: heldText(me) }] }));
    }
    while (m.owner) {
      t.blockedOn = m.id;
      t.wants = me;
      (m.waiters ??= []).push(t.index + 1);
      this.event(s, 'block', `waits for ${m.label} (held by ${this.threads[m.owner - 1].name}): ${s.text}`, m);
      t.yields++;
      yield BLOCK;
      m = this.deref(s, v, s.text);
      m.waiters!.splice(m.waiters!.indexOf(t.index + 1), 1);
    }
    t.blockedOn = undefined;
    t.wants = undefined;
    m.owner = t.index + 1;
    if (!sleeping) t.atomic++;
    t.held.push(me);
    this.event(s, 'lock', s.text, m);
    return true;
  }

  *unlock(s: Site, v: Value, sleeping: boolean): G<void> {
    const t = s.t;
    if (this.preemptive) {
      t.yields++;
      yield LOCK;
    }
    const m = this.deref(s, v, s.text);
    if (m.owner !== t.index + 1) {
      const who = m.owner ? `held by ${this.threads[m.owner - 1].name}` : 'not held';
      this.violate(s, 'sim/invariant', `${t.name} releases ${m.label}, which is ${who}${atLine(s.line)}`);
      return;
    }
    m.owner = 0;
    if (!sleeping) t.atomic--;
    t.held.splice(t.held.findIndex((h) => h.id === m.id), 1);
    this.event(s, 'unlock', s.text, m);
  }

  isHeld(t: Thread, v: Value): boolean {
    return isPtr(v) && this.heap.get(v.ptr).owner === t.index + 1;
  }

  // ---- refcounts and freeing

  free(s: Site, obj: HeapObject): void {
    this.heap.free(obj, s.t.name, s.line, s.text);
    this.event(s, 'free', `frees ${obj.label}`, obj);
  }

  *put(s: Site, v: Value, what: string): G<void> {
    const obj = yield* this.touch(s, v, what);
    obj.refcount = (obj.refcount ?? 1) - 1;
    this.event(s, 'ref', `${what}: ${obj.label} refcount ${obj.refcount}`, obj);
    if (obj.refcount <= 0) this.free(s, this.heap.root(obj));
  }

  *get(s: Site, v: Value, what: string): G<Value> {
    const obj = yield* this.touch(s, v, what);
    obj.refcount = (obj.refcount ?? 1) + 1;
    this.event(s, 'ref', `${what}: ${obj.label} refcount ${obj.refcount}`, obj);
    return v;
  }

  // ---- faults and allocation

  /** True when the scenario injects a failure into this call of `name`. */
  faultFires(name: string): boolean {
    const n = (this.calls.get(name) ?? 0) + 1;
    this.calls.set(name, n);
    return (this.scenario.faults ?? []).some((f) => f.function === name && (f.nth ?? 1) === n);
  }

  /** Whether an allocation succeeds: injected faults, or both outcomes when the scenario explores them. */
  allocates(s: Site, name: string): boolean {
    if (this.faultFires(name)) {
      this.event(s, 'fault', `${name} fails (injected)`);
      return false;
    }
    if (!this.scenario.exploreAllocations) return true;
    const pick = this.choose(s, `${name} `, ['ok', 'fails']);
    if (pick === 1) this.event(s, 'fault', `${name} fails (explored)`);
    return pick === 0;
  }

  /** A choice point: the explorer tries every option (a plain run, the first); the schedule says which. */
  choose(_s: Site, what: string, options: string[]): number {
    if (++this.choices > MAX_CHOICES) {
      this.choicesCut = true;
      return 0;
    }
    const pick = this.chooser.choose(options.length, () => this.fingerprint());
    if (pick === 'prune') throw new SimStop('pruned');
    this.schedule.push(`${what}${options[pick]}`);
    return pick;
  }

  /**
   * NULL or an error pointer an unknown call was assumed to return, dereferenced: the code
   * does not expect that answer, which is no finding. (A NULL is a NULL: one this run
   * assumed is taken to be the one dereferenced.)
   */
  private unhandledAnswer(s: Site, v: Value, what: string): void {
    const answer = this.assumedFailures.find((a) => a.value === v);
    if (answer) throw new SimStop(`unhandled answer: ${answer.text}, then ${what}${atLine(s.line)}`);
  }

  /** An unknown call's NULL or error pointer answer, for unhandledAnswer(). */
  assumeFailure(value: Value, text: string): void {
    this.assumedFailures.push({ value, text });
  }

  /** An object an unknown call derives from its arguments: the same one each time within a run. */
  derived(key: string, make: () => Value): Value {
    let v = this.derivedObjects.get(key);
    if (v === undefined) this.derivedObjects.set(key, (v = make()));
    return v;
  }

  /** One answer per question and run: the first time, a choice point. */
  answer(s: Site, question: string, options: string[]): string {
    let v = this.answers.get(question);
    if (v === undefined) this.answers.set(question, (v = options[this.choose(s, question, options)]));
    return v;
  }

  newObject(type: string, label: string, fields: Record<string, Value>): Value {
    return ptr(this.heap.alloc(type, `${label}#${this.heap.objects.length}`, fields, { allocated: true }).id);
  }

  /** Everything that decides the rest of the run, for visited-state hashing. */
  fingerprint(): string {
    let out = this.heap.fingerprint();
    for (const t of this.threads) {
      out += `#${t.index}${t.done ? 'd' : ''}${t.blockedOn ?? ''}:${t.yields}:`;
      for (const f of t.frames) {
        out += `${f.name}@${f.at}(`;
        for (const [k, v] of f.locals) out += `${k}=${valueKey(v)},`;
        out += ')';
      }
    }
    for (const [k, n] of this.calls) out += `${k}${n};`;
    for (const [k, v] of this.answers) out += `${k}${v};`;
    return out;
  }
}

export function heldText(h: HeldLock): string {
  return `${h.label} (${taken(h)})`;
}

function taken(h: HeldLock): string {
  return `${lineText(h.line)}${h.text}`;
}

/** Line and one-line text of a node, computed once per node (runs repeat the same nodes). */
const placeOf = new WeakMap<SNode, { line: number; text: string }>();

export function site(t: Thread, src: Source, node: SNode, text?: string): Site {
  let place = placeOf.get(node);
  if (!place) placeOf.set(node, (place = { line: src.lines.line(node.start), text: src.text.slice(node.start, node.end).replace(/\s+/g, ' ') }));
  return { t, line: place.line, text: text ?? place.text };
}
