/** The per-path state of lock exploration, cloned at each branch. */
import type { LockEvent } from './api';
import type { LockKind } from './primitives';

export type Origin = 'acquired' | 'must-hold' | 'releases' | 'assumed';

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
  /** Nesting depth, for locks that nest (rcu, preempt, irq). */
  count: number;
}

export interface LockMeta {
  kind: LockKind;
  sleeps: boolean;
  atomic: boolean;
  shared: boolean;
}

/** A lock taken only when a value turns out zero or nonzero (trylock, interruptible lock). */
export interface ConditionalEffect {
  op: 'acquire' | 'release';
  inst: string;
  cls: string;
  meta: LockMeta;
  when: 'zero' | 'nonzero';
  text: string;
  line: number;
}

export interface FoundUnder {
  lock: string;
  line: number;
}

export interface StaleRef {
  lock: string;
  foundLine: number;
  releaseLine: number;
}

export interface EventNode {
  ev: LockEvent;
  prev: EventNode | null;
}

export interface ReturnInfo {
  line: number;
  value?: string;
  retClass: 'zero' | 'nonzero' | 'unknown';
  /** A returned variable still carrying a conditional lock (`return mutex_lock_interruptible(...)`). */
  pending?: ConditionalEffect[];
}

export class PathState {
  held: Held[] = [];
  pending = new Map<string, ConditionalEffect[]>();
  consts = new Map<string, number>();
  defs = new Map<string, string>();
  roots = new Map<string, Set<string>>();
  under = new Map<string, FoundUnder>();
  stale = new Map<string, StaleRef>();
  /** Locks this path took and then released (a second release is a double unlock). */
  releasedHere = new Set<string>();
  /** Locks this path released without holding them (the caller's): where, and what kind of lock. */
  releasedCaller = new Map<string, { line: number; meta: LockMeta }>();
  events: EventNode | null = null;
  ret: ReturnInfo | null = null;

  clone(): PathState {
    const s = new PathState();
    s.held = this.held.map((h) => ({ ...h }));
    s.pending = new Map(this.pending);
    s.consts = new Map(this.consts);
    s.defs = new Map(this.defs);
    s.roots = new Map(this.roots);
    s.under = new Map(this.under);
    s.stale = new Map(this.stale);
    s.releasedHere = new Set(this.releasedHere);
    s.releasedCaller = new Map(this.releasedCaller);
    s.events = this.events;
    s.ret = this.ret;
    return s;
  }

  heldNames(): string[] {
    return this.held.map((h) => h.inst);
  }

  find(inst: string): Held | undefined {
    return this.held.find((h) => h.inst === inst);
  }

  push(ev: Omit<LockEvent, 'held'>): void {
    this.events = { ev: { ...ev, held: this.heldNames() }, prev: this.events };
  }

  eventList(): LockEvent[] {
    return eventsOf(this.events);
  }

  /** What decides the future of this path, for merging paths that reach a block alike. */
  key(block: number): string {
    const held = this.held.map((h) => `${h.inst}${h.count > 1 ? '#' + h.count : ''}${h.origin === 'acquired' ? '' : '^'}`).sort();
    return [
      block,
      held.join(','),
      [...this.pending.keys()].sort().join(','),
      [...this.under.keys()].sort().join(','),
      [...this.stale.keys()].sort().join(','),
      [...this.releasedCaller.keys()].sort().join(','),
      [...this.releasedHere].sort().join(','),
    ].join('|');
  }
}

/** The events of a recorded trail, oldest first. */
export function eventsOf(trail: EventNode | null): LockEvent[] {
  const out: LockEvent[] = [];
  for (let n = trail; n; n = n.prev) out.push(n.ev);
  return out.reverse();
}
