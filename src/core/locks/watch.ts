/**
 * What the walk sees, for rules to watch. A rule that needs to look at every
 * lock operation on every path gives the engine a watcher kind; the walk tells
 * each function's watcher what happens (a lock taken, for now) and the rule
 * reads the incidents its watcher kept. Adding such a rule adds a watcher,
 * not code in the walk.
 */
import type { FunctionInfo } from '../syntax';
import type { LockEvent } from './api';
import type { Held, LockMeta } from './state';

/** A lock taken on one path, with what was held just before. */
export interface AcquireSeen {
  line: number;
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
  /** What this path held before the take. */
  held: readonly Held[];
  /** The path so far, for evidence. */
  events(): LockEvent[];
}

/** A finding-to-be a watcher keeps, in the shape of the walk's own incidents. */
export interface WatchedIncident {
  line: number;
  lock: string;
  firstLine?: number;
  chain?: string[];
  message: string;
  events: LockEvent[];
}

export interface Watcher {
  acquire?(seen: AcquireSeen): void;
  /** What it kept, once the function's walk is over. */
  incidents(): WatchedIncident[];
}

export interface WatcherKind {
  /** The rule it serves (`lock/same-class-nesting`): where a function's incidents are filed. */
  id: string;
  create(fn: FunctionInfo): Watcher;
}
