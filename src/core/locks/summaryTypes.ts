/** Per-function lock summaries, in terms of the function's parameters, applied at every call site. */
import type { LockRef } from './identity';
import type { LockMeta } from './state';

export interface SummaryEffect {
  op: 'acquire' | 'release';
  ref: LockRef;
  meta: LockMeta;
  /** `always`, or only when the function returns zero / nonzero. */
  when: 'always' | 'zero' | 'nonzero';
  /** Line in the callee where it happens. */
  line: number;
  /** Callee chain below the function, innermost last (`[helper]` when a helper of it did it). */
  chain: string[];
}

/** A lock class taken somewhere inside (and maybe released again): feeds the lock-order graph. */
export interface SummaryTake {
  ref: LockRef;
  meta: LockMeta;
  line: number;
  chain: string[];
  file: string;
}

export interface SummarySleep {
  line: number;
  what: string;
  chain: string[];
}

export interface FunctionSummary {
  name: string;
  effects: SummaryEffect[];
  /** Locks the caller must hold: annotated, or released here without being taken. */
  requires: Array<{ ref: LockRef; line: number; why: 'annotation' | 'releases-caller-lock' }>;
  takes: SummaryTake[];
  sleeps: SummarySleep | null;
  paths: number;
  truncated: boolean;
}
