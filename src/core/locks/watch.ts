/**
 * What the walk sees, for rules to watch. A rule that needs to look at every
 * lock operation on every path gives the engine a watcher kind; the walk tells
 * each function's watcher what happens (a lock taken or released, a value
 * assigned, a statement or test evaluated, a callee that drops a lock for a
 * while) and the rule reads the incidents its watcher kept. A watcher that
 * must remember something along a path keeps a path memory: the walk clones it
 * where paths fork and counts it in the state it merges. Adding such a rule
 * adds a watcher, not code in the walk.
 */
import type { Knowledge } from '../knowledge';
import type { FunctionInfo, ParsedFile, SNode } from '../syntax';
import type { LockEvent } from './api';
import type { Held, LockMeta } from './state';

/** A point of one path: the line, what is held there, and the path so far. */
export interface WalkPoint {
  line: number;
  /** What this path holds at that point. */
  held: readonly Held[];
  /** The path so far, for evidence. */
  events(): LockEvent[];
  /** Held locks of the object a variable names, under that name or its other one (`j = list_entry(pos, ...)`). */
  ownLocks(name: string): string[];
}

/** A lock taken on one path, with what was held just before. */
export interface AcquireSeen extends WalkPoint {
  inst: string;
  cls: string;
  meta: LockMeta;
  /** The call as written (`spin_lock(&b->lock)`). */
  text: string;
  /** Callees through which it was taken, innermost last (empty when taken here). */
  chain: string[];
  /** Taken by a callee, as its summary says (not a primitive called here). */
  viaSummary: boolean;
  /** Only tried: a trylock waits for nobody. */
  trylock: boolean;
}

/** A lock no longer held on this path (its last hold given back). */
export interface ReleaseSeen extends WalkPoint {
  inst: string;
  text: string;
  /** The hold given back, as it was taken (`irqsOff` when its primitive turned interrupts off). */
  released: Held;
  /** Callees through which it was given back, innermost last (empty when a primitive called here did). */
  chain: string[];
  /** The context the unlock primitive gives back with the lock (`spin_unlock_bh()`: bh-off; an _irqrestore: irqs-off). */
  alsoEnds?: string;
}

/** `target = value;` on this path. */
export interface AssignSeen extends WalkPoint {
  target: string;
  /** The lock under which the value was found in a shared place (a list, a lookup, an object that lock guards), if so. */
  foundUnder?: string;
}

/** A statement, or a branch's test, about to be evaluated. */
export interface StatementSeen extends WalkPoint {
  node: SNode;
  /** A branch condition (what the path does next depends on it). */
  test: boolean;
}

/** A call to a function that drops a lock this path holds and takes it back before returning. */
export interface CalleeDropSeen extends WalkPoint {
  inst: string;
  callee: string;
  /** Where in the callee it is taken back, and through which of its callees. */
  calleeLine: number;
  chain: string[];
}

/** A watcher's memory along one path. */
export interface PathMemory {
  clone(): PathMemory;
  /** What of it decides the future of the path: states whose keys differ are not merged. */
  key(): string;
  /** Nothing remembered yet: the walk tells this watcher only of assignments (the statements are the walk's hottest loop). */
  idle?(): boolean;
}

/** A finding-to-be a watcher keeps, in the shape of the walk's own incidents. */
export interface WatchedIncident {
  line: number;
  lock: string;
  firstLine?: number;
  chain?: string[];
  message: string;
  events: LockEvent[];
  severity?: 'info';
  /** What it is about beyond the lock (`dev`, a callee). */
  variable?: string;
  /** The second lock, where the incident is about one taken while `lock` is held. */
  taken?: string;
  related?: Array<{ line: number; message: string }>;
}

/** Hooks get the path's memory when the watcher keeps one (`memory()`), else undefined. */
export interface Watcher<M extends PathMemory = PathMemory> {
  /** A fresh memory for the function's entry. */
  memory?(): M;
  acquire?(seen: AcquireSeen, memory: M | undefined): void;
  release?(seen: ReleaseSeen, memory: M | undefined): void;
  assign?(seen: AssignSeen, memory: M | undefined): void;
  statement?(seen: StatementSeen, memory: M | undefined): void;
  calleeDrop?(seen: CalleeDropSeen, memory: M | undefined): void;
  /** Interrupts turned back on, or restored from saved flags (an _irqrestore or _irq unlock, `local_irq_restore()`). */
  irqsRestored?(seen: WalkPoint, memory: M | undefined): void;
  /** The path returns (or falls off the end of the function) here. */
  pathEnd?(seen: WalkPoint, memory: M | undefined): void;
  /** What it kept, once the function's walk is over. */
  incidents(): WatchedIncident[];
}

export interface WatcherKind {
  /** The rule it serves (`lock/same-class-nesting`): where a function's incidents are filed. */
  id: string;
  create(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge, facts: WatcherFacts): Watcher;
}

/** What the engine knows of the other functions in view, for a watcher. */
export interface WatcherFacts {
  /** A function in view that gives back a reference on these arguments (by position). */
  putArguments(callee: string): ReadonlySet<number> | undefined;
  /** A function in view that always takes a reference on these arguments, or takes them out of where others find them (by position). */
  keptArguments(callee: string): ReadonlySet<number> | undefined;
}
