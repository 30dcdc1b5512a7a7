/**
 * What the engine may know of the rest of the tree (from the tree index,
 * core/treeIndex): the summaries of functions other files define, the calls
 * other files make under locks, the functions used as values, and the lock
 * orders other files take. The files in view are analysed anew; these facts
 * never describe them.
 */
import type { Held } from './state';
import type { FunctionSummary } from './summaryTypes';

/** A call under locks in some file, as that caller names the locks and the arguments. */
export interface TreeCallSite {
  caller: string;
  line: number;
  args: string[];
  /** Locals the call hands on as they are, where `args` spells them by their value (CallSiteRecord.argLocals). */
  argLocals?: Array<string | undefined>;
  held: Held[];
}

export interface TreeOrder {
  from: string;
  to: string;
  /** Relative to the tree's root. */
  file: string;
  function: string;
  line: number;
}

/** A function's summary with where it is defined. */
export interface TreeSummary {
  file: string;
  line: number;
  summary: FunctionSummary;
}

export interface TreeFacts {
  root: string;
  /** What was read, for a session to tell one index from another (the symbols' time and the reviewed files). */
  stamp: string;
  /** Summaries of functions other files define, by name. */
  summaries: ReadonlyMap<string, TreeSummary>;
  /** Calls of a function from other files, all under locks (a name some other file calls bare is absent). */
  callers: ReadonlyMap<string, ReadonlyArray<TreeCallSite & { file: string }>>;
  /** Functions some file uses as a value: their callers cannot all be seen. */
  valueUsed: ReadonlySet<string>;
  orders: readonly TreeOrder[];
  /** What the index covers, for the review's notes. */
  files: number;
  cut: number;
}
