/**
 * What the lock engine gives the layers after it (review rules, renderers,
 * the editor): per-function lock flows along every path, lock state at each
 * line, and summaries. Lock names are instances as written in the function
 * (`group->mutex`, `dev->mutex`); classes are `struct.field` (`iommu_group.mutex`).
 */
/** What a function acquires, releases and requires, as lock instance names. */
export interface LockSummaryJson {
  acquires: string[];
  releases: string[];
  requires: string[];
}

export type LockEventKind =
  | 'acquire'
  | 'release'
  | 'try-acquire'
  | 'call'
  | 'branch'
  | 'return'
  | 'guard-exit'
  | 'assume';

export interface LockEvent {
  line: number;
  kind: LockEventKind;
  /** The lock instance concerned, if any. */
  lock?: string;
  /** Human text: `mutex_lock(&group->mutex)`, `iommu_change_dev_def_domain() releases group->mutex`. */
  text: string;
  /** Locks held after the event. */
  held: string[];
}

export interface LockPath {
  id: number;
  events: LockEvent[];
  /** Line of the return (or the closing brace) ending the path. */
  endLine: number;
  /** The returned expression as written, if any. */
  returnValue?: string;
  heldAtEnd: string[];
}

export interface FunctionLockFlow {
  function: string;
  file: string;
  line: number;
  paths: LockPath[];
  /** True when path enumeration stopped at its bound. */
  truncated: boolean;
  summary: LockSummaryJson;
}

/** Locks held at a point: on every path reaching it, and on at least one. */
export interface LockState {
  must: string[];
  may: string[];
}
